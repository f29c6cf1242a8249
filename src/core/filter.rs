//! FILTERS (SPEC §2): which entries a report or listing looks at.

use chrono::NaiveDate;

use super::date::{parse_date, span_start};
use super::digest::Digest;
use super::entry::Entry;
use super::theme::Themes;

/// Filters as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub from: Option<String>,
    pub to: Option<String>,
    pub on: Option<String>,
    pub last: Option<String>,
    pub themes: Vec<String>,
    pub pack: Option<String>,
    pub search: Option<String>,
}

/// A resolved filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub themes: Vec<String>,
    pub pack: Option<String>,
    /// Lower-cased.
    pub search: Option<String>,
}

/// Why a filter could not be built: a usage problem (bad date, conflicting options) or an
/// unknown theme (a data problem, exit 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    Usage(String),
    UnknownTheme { theme: String, known: String },
}

impl Filter {
    pub fn resolve(input: &FilterInput, today: NaiveDate, themes: &Themes) -> Result<Filter, FilterError> {
        let date = |flag: &str, text: &Option<String>| -> Result<Option<NaiveDate>, FilterError> {
            text.as_deref()
                .map(|t| parse_date(t, today).map_err(|e| FilterError::Usage(format!("{flag}: {e}"))))
                .transpose()
        };
        let mut from = date("--from", &input.from)?;
        let mut to = date("--to", &input.to)?;
        if let Some(on) = date("--on", &input.on)? {
            if from.is_some() || to.is_some() || input.last.is_some() {
                return Err(FilterError::Usage("--on cannot be combined with --from, --to or --last".into()));
            }
            from = Some(on);
            to = Some(on);
        }
        if let Some(span) = &input.last {
            if from.is_some() {
                return Err(FilterError::Usage("--last cannot be combined with --from".into()));
            }
            let end = to.unwrap_or(today);
            from = Some(span_start(span, end).map_err(|e| FilterError::Usage(format!("--last: {e}")))?);
            to = Some(end);
        }
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(FilterError::Usage(format!("--from {f} is after --to {t}")));
        }
        // Theme and pack ids are lower case; `--theme Trust` means `trust`, and a tag alias
        // names its theme (`--theme roving`).
        let mut wanted: Vec<String> = Vec::new();
        for given in &input.themes {
            match themes.tagged(given.trim()) {
                Some(i) => wanted.push(themes.all()[i].id.clone()),
                None => return Err(FilterError::UnknownTheme { theme: given.clone(), known: themes.ids() }),
            }
        }
        Ok(Filter {
            from,
            to,
            themes: wanted,
            pack: input.pack.as_ref().map(|p| p.trim().to_lowercase()),
            search: input.search.as_deref().map(crate::core::text::fold).filter(|s| !s.is_empty()),
        })
    }

    /// True for an entry inside the range that has one of the themes (when any are given),
    /// comes from the pack (when given) and contains the search text, in any case (see
    /// [`crate::core::text::fold`]).
    pub fn matches(&self, e: &Entry) -> bool {
        let r = &e.record;
        self.from.is_none_or(|f| r.date >= f)
            && self.to.is_none_or(|t| r.date <= t)
            && (self.themes.is_empty() || self.themes.iter().any(|t| e.themes.contains(t)))
            && self.pack.as_ref().is_none_or(|p| r.pack.as_ref() == Some(p))
            && self.matches_words(&r.text())
    }

    /// Whether `text` (an entry's words) holds the search, in any case.
    pub fn matches_words(&self, text: &str) -> bool {
        self.search.as_ref().is_none_or(|s| crate::core::text::fold(text).contains(s.as_str()))
    }

    /// True when the filter can be decided from digests, which hold no words to search.
    pub fn needs_words(&self) -> bool {
        self.search.is_some()
    }

    /// [`Filter::matches`] for a digest; the search text (see [`Filter::needs_words`]) is
    /// not looked at.
    /// `themes` is the lexicon the digest was made with.
    pub fn matches_digest(&self, d: &Digest, themes: &Themes) -> bool {
        self.from.is_none_or(|f| d.date >= f)
            && self.to.is_none_or(|t| d.date <= t)
            && (self.themes.is_empty()
                || self.themes.iter().any(|t| themes.position(t).is_some_and(|i| d.has_theme(i))))
            && self.pack.as_ref().is_none_or(|p| d.pack.as_ref() == Some(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::entry::Record;
    use crate::core::theme::Theme;

    fn themes() -> Themes {
        Themes::new(vec![Theme::test("trust", "T", &["trust*"]), Theme::test("vision", "V", &[])])
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(date: &str, pack: &str, text: &str) -> Entry {
        let r: Record = serde_json::from_value(serde_json::json!({
            "v": 1, "id": "X", "rev": 1, "at": format!("{date}T20:00:00Z"), "date": date, "pack": pack,
            "answers": [{"prompt": "note", "kind": "text", "question": "Q", "text": text}]
        }))
        .unwrap();
        Entry::classify(r, &themes())
    }

    fn resolve(input: FilterInput) -> Result<Filter, FilterError> {
        Filter::resolve(&input, d("2026-11-27"), &themes())
    }

    #[test]
    fn ranges_come_from_from_to_on_and_last() {
        let f = resolve(FilterInput { last: Some("7d".into()), ..Default::default() }).unwrap();
        assert_eq!((f.from, f.to), (Some(d("2026-11-21")), Some(d("2026-11-27"))));
        let f = resolve(FilterInput { on: Some("yesterday".into()), ..Default::default() }).unwrap();
        assert_eq!((f.from, f.to), (Some(d("2026-11-26")), Some(d("2026-11-26"))));
        let f = resolve(FilterInput { from: Some("2026-11-01".into()), ..Default::default() }).unwrap();
        assert_eq!((f.from, f.to), (Some(d("2026-11-01")), None));
    }

    #[test]
    fn bad_dates_and_conflicts_are_usage_errors_naming_the_flag() {
        let e = resolve(FilterInput { from: Some("soon".into()), ..Default::default() }).unwrap_err();
        assert!(
            matches!(e, FilterError::Usage(ref m) if m.starts_with("--from: cannot read the date `soon`")),
            "{e:?}"
        );
        let e =
            resolve(FilterInput { on: Some("today".into()), last: Some("3d".into()), ..Default::default() });
        assert!(matches!(e, Err(FilterError::Usage(_))));
        let e = resolve(FilterInput {
            from: Some("today".into()),
            to: Some("yesterday".into()),
            ..Default::default()
        });
        assert!(matches!(e, Err(FilterError::Usage(ref m)) if m.contains("is after")));
    }

    #[test]
    fn unknown_themes_list_the_known_ones() {
        let e = resolve(FilterInput { themes: vec!["cooking".into()], ..Default::default() }).unwrap_err();
        assert_eq!(e, FilterError::UnknownTheme { theme: "cooking".into(), known: "trust, vision".into() });
    }

    #[test]
    fn entries_match_on_every_criterion() {
        let f = resolve(FilterInput {
            from: Some("2026-11-01".into()),
            themes: vec!["trust".into(), "vision".into()],
            pack: Some("quick".into()),
            search: Some("SAM".into()),
            ..Default::default()
        })
        .unwrap();
        assert!(f.matches(&entry("2026-11-02", "quick", "Trusting Sam")));
        assert!(!f.matches(&entry("2026-10-31", "quick", "Trusting Sam")), "before --from");
        assert!(!f.matches(&entry("2026-11-02", "daily", "Trusting Sam")), "other pack");
        assert!(!f.matches(&entry("2026-11-02", "quick", "Trusting Ana")), "no search hit");
        assert!(!f.matches(&entry("2026-11-02", "quick", "Sam again")), "no theme");
    }
}
