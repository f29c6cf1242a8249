//! Records borrowed from the line they were read from, for rendering a whole journal: a
//! string without escapes points into the line instead of being copied, so exporting thirty
//! years of words does not allocate each of them. Read-only; [`Record`] is what is written.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer};

use super::entry::{Answer, Record, on_5};

/// A string of a record: borrowed from the line when it has no escapes, else owned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Visitor)
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

fn text(s: &str) -> Text<'_> {
    Text(Cow::Borrowed(s))
}

/// [`Record`], borrowed. Unknown fields are skipped.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordRef<'a> {
    pub v: u32,
    #[serde(borrow)]
    pub id: Text<'a>,
    pub rev: u32,
    pub at: DateTime<FixedOffset>,
    #[serde(default)]
    pub edited: Option<DateTime<FixedOffset>>,
    pub date: NaiveDate,
    #[serde(default, borrow)]
    pub pack: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub answers: Vec<AnswerRef<'a>>,
    #[serde(default, borrow)]
    pub tags: Vec<Text<'a>>,
    #[serde(default)]
    pub deleted: bool,
}

/// [`Answer`], borrowed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AnswerRef<'a> {
    #[serde(default, borrow)]
    pub prompt: Text<'a>,
    #[serde(default, borrow)]
    pub theme: Option<Text<'a>>,
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(default, borrow)]
    pub question: Text<'a>,
    #[serde(default, borrow)]
    pub text: Option<Text<'a>>,
    #[serde(default)]
    pub rating: Option<i64>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default, borrow)]
    pub low: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub high: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub choice: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub items: Option<Vec<Text<'a>>>,
    #[serde(default)]
    pub yes: Option<bool>,
    #[serde(default, borrow)]
    pub commitment: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub status: Option<Text<'a>>,
    #[serde(default)]
    pub due: Option<chrono::NaiveDate>,
    #[serde(default, borrow)]
    pub off: Vec<Text<'a>>,
}

impl<'a> From<&'a Record> for RecordRef<'a> {
    fn from(r: &'a Record) -> Self {
        RecordRef {
            v: r.v,
            id: text(&r.id),
            rev: r.rev,
            at: r.at,
            edited: r.edited,
            date: r.date,
            pack: r.pack.as_deref().map(text),
            answers: r.answers.iter().map(AnswerRef::from).collect(),
            tags: r.tags.iter().map(|t| text(t)).collect(),
            deleted: r.deleted,
        }
    }
}

impl<'a> From<&'a Answer> for AnswerRef<'a> {
    fn from(a: &'a Answer) -> Self {
        AnswerRef {
            prompt: text(&a.prompt),
            theme: a.theme.as_deref().map(text),
            kind: text(&a.kind),
            question: text(&a.question),
            text: a.text.as_deref().map(text),
            rating: a.rating,
            min: a.min,
            max: a.max,
            low: a.low.as_deref().map(text),
            high: a.high.as_deref().map(text),
            choice: a.choice.as_deref().map(text),
            items: a.items.as_ref().map(|i| i.iter().map(|s| text(s)).collect()),
            yes: a.yes,
            commitment: a.commitment.as_deref().map(text),
            status: a.status.as_deref().map(text),
            due: a.due,
            off: a.off.iter().map(|s| text(s)).collect(),
        }
    }
}

impl RecordRef<'_> {
    /// All answer text of the record, for classification, search and `#tags`: each answer's
    /// text, choice and items joined by line breaks, answers without words left out.
    pub fn text(&self) -> String {
        self.words(true)
    }

    /// [`RecordRef::text`] without the options picked from a list: only what the person
    /// typed. Themes are heard in this; an option's words are the pack's ("Decide; tell me
    /// only if it matters" is not about vision).
    pub fn typed_text(&self) -> String {
        self.words(false)
    }

    fn words(&self, with_choices: bool) -> String {
        let mut out = String::new();
        for a in &self.answers {
            // A multi answer's items are options picked too; a list answer's are typed.
            let choice = a.choice.iter().filter(|_| with_choices);
            let items = a.items.iter().flatten().filter(|_| with_choices || a.kind != "multi");
            let parts = a.text.iter().chain(choice).chain(items);
            if parts.clone().all(|p| p.is_empty()) {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            let start = out.len();
            for part in parts {
                if out.len() > start {
                    out.push('\n');
                }
                out.push_str(part);
            }
        }
        out
    }
}

impl AnswerRef<'_> {
    /// True when the answer holds something (a follow-up counts).
    pub fn is_answered(&self) -> bool {
        self.text.as_deref().is_some_and(|t| !t.trim().is_empty())
            || self.rating.is_some()
            || self.choice.is_some()
            || self.items.as_ref().is_some_and(|i| !i.is_empty())
            || self.yes.is_some()
            || self.status.is_some()
    }

    /// True for a choice that says the thing did not happen (one of its `off` options).
    pub fn is_off(&self) -> bool {
        self.choice.as_deref().is_some_and(|c| self.off.iter().any(|o| **o == *c))
    }

    /// See [`Answer::rating_on_5`].
    pub fn rating_on_5(&self) -> Option<f64> {
        on_5(self.rating?, self.min.unwrap_or(1), self.max.unwrap_or(5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_are_borrowed_and_escaped_ones_decoded() {
        let line = r#"{"v":1,"id":"A","rev":1,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27","x":[1],"answers":[{"prompt":"p","kind":"text","question":"Q","text":"two\nlines \"quoted\""},{"kind":"list","items":["Ana","Tom"]}]}"#;
        let r: RecordRef<'_> = serde_json::from_str(line).unwrap();
        assert!(matches!(r.id.0, Cow::Borrowed("A")));
        assert_eq!(r.answers[0].text.as_deref(), Some("two\nlines \"quoted\""));
        assert!(matches!(r.answers[0].text.as_ref().unwrap().0, Cow::Owned(_)));
        assert!(matches!(r.answers[1].items.as_ref().unwrap()[1].0, Cow::Borrowed("Tom")));
        let owned: Record = serde_json::from_str(line).unwrap();
        let view = RecordRef::from(&owned);
        assert_eq!((&*view.id, view.answers[0].text.as_deref()), (&*r.id, r.answers[0].text.as_deref()));
    }
}
