//! Journal records (SPEC §5) and the entries computed from them. A record is one line of a
//! month file; unknown fields are kept so a newer coachlog's data survives a round trip.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::pack::{Kind, Prompt};
use super::record_ref::{AnswerRef, RecordRef};
use super::theme::Themes;

/// The record format version this build writes and fully understands.
pub const RECORD_VERSION: u32 = 1;

/// One stored revision (or tombstone) of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub v: u32,
    pub id: String,
    pub rev: u32,
    pub at: DateTime<FixedOffset>,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One answer inside a record. Which value field is set depends on `kind`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A value given for a prompt, before it becomes an [`Answer`].
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Skip,
    Text(String),
    Rating(i64),
    Choice(String),
    Items(Vec<String>),
    Yes(bool),
}

impl Answer {
    /// The answer to `prompt` carrying its question, so later pack edits never change it.
    /// `reply` must already be checked against the prompt (see `session::check_reply`).
    pub fn new(prompt: &Prompt, reply: Reply) -> Answer {
        let mut a = Answer {
            prompt: prompt.id.clone(),
            theme: prompt.theme.clone(),
            kind: prompt.kind.as_str().to_string(),
            question: prompt.question.clone(),
            ..Answer::default()
        };
        match reply {
            Reply::Skip => {}
            Reply::Text(t) => a.text = Some(t),
            Reply::Rating(r) => {
                a.rating = Some(r);
                a.min = Some(prompt.min);
                a.max = Some(prompt.max);
                a.low.clone_from(&prompt.low);
                a.high.clone_from(&prompt.high);
            }
            Reply::Choice(c) => a.choice = Some(c),
            Reply::Items(i) => a.items = Some(i),
            Reply::Yes(y) => a.yes = Some(y),
        }
        a
    }

    /// True when the answer holds something (a follow-up counts).
    pub fn is_answered(&self) -> bool {
        AnswerRef::from(self).is_answered()
    }

    /// The words of the answer that classification and search look at.
    pub fn words(&self) -> String {
        let mut out = String::new();
        for part in self.text.iter().chain(self.choice.iter()).chain(self.items.iter().flatten()) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(part);
        }
        out
    }

    /// The rating moved onto a 1–5 scale, so ratings of different scales can be averaged.
    pub fn rating_on_5(&self) -> Option<f64> {
        on_5(self.rating?, self.min.unwrap_or(1), self.max.unwrap_or(5))
    }

    pub fn is_kind(&self, kind: Kind) -> bool {
        self.kind == kind.as_str()
    }
}

impl Record {
    /// All answer text of the record, for classification, search and `#tags`.
    pub fn text(&self) -> String {
        RecordRef::from(self).text()
    }
}

/// Which themes of the lexicon (by position) a record belongs to (SPEC §4): its answered
/// prompts' themes, `#tags` in its text or its tag list, and keywords in its text.
pub fn theme_marks(record: &RecordRef<'_>, themes: &Themes) -> Vec<bool> {
    let mut found = vec![false; themes.all().len()];
    for a in &record.answers {
        if let Some(t) = &a.theme
            && a.is_answered()
            && let Some(i) = themes.position(t)
        {
            found[usize::from(i)] = true;
        }
    }
    let text = record.text();
    themes.mark_tags(&text, record.tags.iter().map(|t| &**t), &mut found);
    themes.mark_keywords(&text, &mut found);
    found
}

/// `rating` on a `min`–`max` scale moved onto 1–5 (`None` for a scale that is not one).
pub fn on_5(rating: i64, min: i64, max: i64) -> Option<f64> {
    let (r, min, max) = (rating as f64, min as f64, max as f64);
    if max <= min {
        return None;
    }
    Some(1.0 + 4.0 * ((r - min) / (max - min)).clamp(0.0, 1.0))
}

/// A record as read back, with its themes computed from the lexicon in force (SPEC §4).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    #[serde(flatten)]
    pub record: Record,
    pub themes: Vec<String>,
}

/// Why an entry belongs to a theme (`summary --explain`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "by", content = "what", rename_all = "lowercase")]
pub enum Reason {
    /// It answers a prompt of the theme.
    Prompt(String),
    /// Its text carries the theme as a `#tag`.
    Tag(String),
    /// Its text contains a keyword of the theme; the words as they matched.
    Keyword(String),
}

impl Entry {
    /// Every reason behind the entry's themes, as `(theme, reason)`.
    pub fn explain(&self, themes: &Themes) -> Vec<(String, Reason)> {
        let r = &self.record;
        let mut out = Vec::new();
        for a in &r.answers {
            if let Some(t) = &a.theme
                && a.is_answered()
                && themes.contains(t)
            {
                out.push((t.clone(), Reason::Prompt(a.prompt.clone())));
            }
        }
        let text = r.text();
        let mut tags = BTreeSet::new();
        themes.tag_themes(&text, &r.tags, &mut tags);
        out.extend(tags.into_iter().map(|t| (t.clone(), Reason::Tag(t))));
        out.extend(themes.keyword_hits(&text).into_iter().map(|(t, w)| (t, Reason::Keyword(w))));
        out
    }

    pub fn classify(record: Record, themes: &Themes) -> Entry {
        let found = theme_marks(&RecordRef::from(&record), themes);
        // The lexicon's order (delegation, trust, …) rather than alphabetical.
        let ordered =
            themes.all().iter().zip(&found).filter(|(_, hit)| **hit).map(|(t, _)| t.id.clone()).collect();
        Entry { record, themes: ordered }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::theme::Theme;

    fn themes() -> Themes {
        Themes::new(vec![
            Theme::test("delegation", "D", &["delegat*"]),
            Theme::test("trust", "T", &[]),
            Theme::test("courage", "C", &[]),
        ])
    }

    fn record(json: &str) -> Record {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn spec_example_round_trips_with_unknown_fields() {
        let line = r#"{"v":1,"id":"01JD","rev":1,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27","pack":"daily","answers":[{"prompt":"handed-off","theme":"delegation","kind":"text","question":"Q","text":"T","mood":"ok"}],"tags":["trust"],"device":"laptop"}"#;
        let r = record(line);
        assert_eq!(r.extra["device"], "laptop");
        assert_eq!(r.answers[0].extra["mood"], "ok");
        let again = serde_json::to_string(&r).unwrap();
        assert_eq!(record(&again), r);
        assert!(again.starts_with(
            r#"{"v":1,"id":"01JD","rev":1,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27""#
        ));
    }

    #[test]
    fn themes_come_from_prompts_tags_and_keywords() {
        let r = record(
            r#"{"v":1,"id":"A","rev":1,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27","answers":[
            {"prompt":"a","theme":"courage","kind":"text","question":"Q","text":"I delegated it #trust"},
            {"prompt":"b","theme":"trust","kind":"text","question":"Q","text":"  "}]}"#,
        );
        let e = Entry::classify(r, &themes());
        assert_eq!(e.themes, vec!["delegation", "trust", "courage"]);
    }

    #[test]
    fn empty_answers_do_not_count_for_their_prompt_theme() {
        let r = record(
            r#"{"v":1,"id":"A","rev":1,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27","answers":[
            {"prompt":"b","theme":"trust","kind":"list","question":"Q","items":[]}]}"#,
        );
        assert!(Entry::classify(r, &themes()).themes.is_empty());
    }
}
