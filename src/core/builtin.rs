//! The built-in prompt packs and themes, compiled in from the repository's `prompts/` folder
//! so a fresh install works with no files.

/// `(file name, text)` of the built-in `themes.toml`.
pub const THEMES: (&str, &str) = ("themes.toml", include_str!("../../prompts/themes.toml"));

/// `(file name, text)` of every built-in pack.
pub const PACKS: &[(&str, &str)] = &[
    ("daily.toml", include_str!("../../prompts/daily.toml")),
    ("weekly.toml", include_str!("../../prompts/weekly.toml")),
    ("quarterly.toml", include_str!("../../prompts/quarterly.toml")),
    ("delegation.toml", include_str!("../../prompts/delegation.toml")),
    ("trust.toml", include_str!("../../prompts/trust.toml")),
    ("roving-leaders.toml", include_str!("../../prompts/roving-leaders.toml")),
    ("vision.toml", include_str!("../../prompts/vision.toml")),
    ("contribution.toml", include_str!("../../prompts/contribution.toml")),
    ("courage.toml", include_str!("../../prompts/courage.toml")),
    ("management.toml", include_str!("../../prompts/management.toml")),
];

/// How built-in files are named in messages.
pub fn label(name: &str) -> String {
    format!("built-in:prompts/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pack::{Kind, parse_pack};
    use crate::core::theme::{Themes, parse_themes};

    fn themes() -> Themes {
        Themes::new(parse_themes(&label(THEMES.0), THEMES.1).unwrap())
    }

    #[test]
    fn the_seven_themes_are_built_in_with_keywords() {
        let t = themes();
        for id in ["delegation", "trust", "roving-leaders", "vision", "contribution", "courage", "management"]
        {
            let theme = t.get(id).unwrap_or_else(|| panic!("missing theme {id}"));
            assert!(theme.keywords.len() >= 5, "{id} needs keywords");
        }
    }

    #[test]
    fn every_built_in_pack_is_valid_and_rich() {
        let t = themes();
        let mut ids = Vec::new();
        for (name, text) in PACKS {
            let pack = parse_pack(&label(name), text, &t).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(format!("{}.toml", pack.id), *name, "file name matches the pack id");
            assert!((6..=10).contains(&pack.prompts.len()), "{name}: {} prompts", pack.prompts.len());
            let kinds: std::collections::HashSet<Kind> = pack.prompts.iter().map(|p| p.kind).collect();
            assert!(kinds.len() >= 4, "{name} mixes only {kinds:?}");
            for p in &pack.prompts {
                assert!(p.help.is_some(), "{name}/{} has no help line", p.id);
                if p.kind == Kind::Rating {
                    assert!(p.low.is_some() && p.high.is_some(), "{name}/{} needs scale labels", p.id);
                }
            }
            ids.push(pack.id);
        }
        for id in [
            "daily",
            "weekly",
            "quarterly",
            "delegation",
            "trust",
            "roving-leaders",
            "vision",
            "contribution",
            "courage",
            "management",
        ] {
            assert!(ids.iter().any(|i| i == id), "missing pack {id}");
        }
    }
}
