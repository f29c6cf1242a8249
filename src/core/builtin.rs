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
    ("one-on-one.toml", include_str!("../../prompts/one-on-one.toml")),
    ("hard-conversation.toml", include_str!("../../prompts/hard-conversation.toml")),
    ("decision.toml", include_str!("../../prompts/decision.toml")),
    ("after-action.toml", include_str!("../../prompts/after-action.toml")),
    ("feedback-on-me.toml", include_str!("../../prompts/feedback-on-me.toml")),
    ("went-well.toml", include_str!("../../prompts/went-well.toml")),
];

/// The packs for the moments a new lead meets (issue 16): every prompt of these has a theme,
/// so each entry counts where it belongs.
pub const MOMENT_PACKS: [&str; 7] = [
    "one-on-one",
    "hard-conversation",
    "decision",
    "after-action",
    "feedback-on-me",
    "went-well",
    "quarterly",
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
    fn the_eight_themes_are_built_in_with_keywords() {
        let t = themes();
        for id in [
            "delegation",
            "trust",
            "roving-leaders",
            "vision",
            "contribution",
            "courage",
            "management",
            "less-needed",
        ] {
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
        ]
        .into_iter()
        .chain(MOMENT_PACKS)
        {
            assert!(ids.iter().any(|i| i == id), "missing pack {id}");
        }
    }

    #[test]
    fn the_moment_packs_give_every_prompt_a_theme() {
        let t = themes();
        for (name, text) in PACKS {
            let pack = parse_pack(&label(name), text, &t).unwrap();
            if !MOMENT_PACKS.contains(&pack.id.as_str()) {
                continue;
            }
            for p in &pack.prompts {
                // The quarterly pack's closing promise is about anything, like daily's.
                if (pack.id.as_str(), p.id.as_str()) == ("quarterly", "next-quarter") {
                    continue;
                }
                assert!(p.theme.is_some(), "{name}/{} has no theme", p.id);
            }
        }
    }

    /// Every question asks what happened; none asks for a yes or a no, which invites the
    /// answer the person wishes were true.
    #[test]
    fn no_built_in_question_is_a_yes_or_no() {
        let t = themes();
        for (name, text) in PACKS {
            let pack = parse_pack(&label(name), text, &t).unwrap();
            for p in &pack.prompts {
                assert_ne!(p.kind, Kind::Confirm, "{name}/{} asks yes or no", p.id);
            }
        }
    }

    /// "Becoming less needed" has one home: its theme, which the prompts about it carry.
    #[test]
    fn being_needed_less_is_one_theme() {
        let t = themes();
        let mut found = Vec::new();
        for (name, text) in PACKS {
            let pack = parse_pack(&label(name), text, &t).unwrap();
            for p in pack.prompts.iter().filter(|p| p.theme.as_deref() == Some("less-needed")) {
                found.push(format!("{}/{}", pack.id, p.id));
            }
        }
        for id in [
            "weekly/needed-less",
            "management/not-needed",
            "vision/less-needed",
            "daily/went-well",
            "went-well/not-needed",
            "quarterly/needed-less-now",
        ] {
            assert!(found.iter().any(|f| f == id), "{id} not under less-needed: {found:?}");
        }
    }
}
