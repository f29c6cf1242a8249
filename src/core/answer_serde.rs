//! Reading an [`Answer`]: what `#[derive(Deserialize)]` with `#[serde(flatten)] extra` would
//! do (known fields typed, defaults for the missing ones, `kind` required, a repeated field
//! an error, every unknown field kept in `extra`), without flatten's buffering of each field
//! through serde's private `Content`, which cost a quarter of a whole-journal read. The test
//! below holds it equal to the derived twin on random answers.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::entry::Answer;

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Answer, D::Error> {
        deserializer.deserialize_map(AnswerVisitor)
    }
}

struct AnswerVisitor;

/// A field name: a known one without copying it, an unknown one kept.
enum Field {
    Known(&'static str),
    Other(String),
}

const FIELDS: &[&str] = &[
    "prompt",
    "theme",
    "kind",
    "question",
    "text",
    "rating",
    "min",
    "max",
    "low",
    "high",
    "choice",
    "items",
    "yes",
    "commitment",
    "status",
    "due",
    "off",
];

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Field, E> {
                Ok(FIELDS
                    .iter()
                    .find(|f| **f == name)
                    .map_or_else(|| Field::Other(name.to_string()), |f| Field::Known(f)))
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// Sets a field once: a second value for it is an error, as with the derived reader.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de> Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Answer")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answer, A::Error> {
        let mut prompt = None;
        let mut theme: Option<Option<String>> = None;
        let mut kind = None;
        let mut question = None;
        let mut text: Option<Option<String>> = None;
        let mut rating: Option<Option<i64>> = None;
        let mut min: Option<Option<i64>> = None;
        let mut max: Option<Option<i64>> = None;
        let mut low: Option<Option<String>> = None;
        let mut high: Option<Option<String>> = None;
        let mut choice: Option<Option<String>> = None;
        let mut items: Option<Option<Vec<String>>> = None;
        let mut yes: Option<Option<bool>> = None;
        let mut commitment: Option<Option<String>> = None;
        let mut status: Option<Option<String>> = None;
        let mut due: Option<Option<chrono::NaiveDate>> = None;
        let mut off = None;
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<Field>()? {
            let name = match key {
                Field::Known(name) => name,
                // An unknown field repeated keeps its last value, as flatten's map does.
                Field::Other(name) => {
                    extra.insert(name, map.next_value::<Value>()?);
                    continue;
                }
            };
            match name {
                "prompt" => once(&mut prompt, &mut map, "prompt")?,
                "theme" => once(&mut theme, &mut map, "theme")?,
                "kind" => once(&mut kind, &mut map, "kind")?,
                "question" => once(&mut question, &mut map, "question")?,
                "text" => once(&mut text, &mut map, "text")?,
                "rating" => once(&mut rating, &mut map, "rating")?,
                "min" => once(&mut min, &mut map, "min")?,
                "max" => once(&mut max, &mut map, "max")?,
                "low" => once(&mut low, &mut map, "low")?,
                "high" => once(&mut high, &mut map, "high")?,
                "choice" => once(&mut choice, &mut map, "choice")?,
                "items" => once(&mut items, &mut map, "items")?,
                "yes" => once(&mut yes, &mut map, "yes")?,
                "commitment" => once(&mut commitment, &mut map, "commitment")?,
                "status" => once(&mut status, &mut map, "status")?,
                "due" => once(&mut due, &mut map, "due")?,
                _ => once(&mut off, &mut map, "off")?,
            }
        }
        Ok(Answer {
            prompt: prompt.unwrap_or_default(),
            theme: theme.flatten(),
            kind: kind.ok_or_else(|| de::Error::missing_field("kind"))?,
            question: question.unwrap_or_default(),
            text: text.flatten(),
            rating: rating.flatten(),
            min: min.flatten(),
            max: max.flatten(),
            low: low.flatten(),
            high: high.flatten(),
            choice: choice.flatten(),
            items: items.flatten(),
            yes: yes.flatten(),
            commitment: commitment.flatten(),
            status: status.flatten(),
            due: due.flatten(),
            off: off.unwrap_or_default(),
            extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reader this file replaces, derived as before.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Derived {
        #[serde(default)]
        prompt: String,
        #[serde(default)]
        theme: Option<String>,
        kind: String,
        #[serde(default)]
        question: String,
        #[serde(default)]
        text: Option<String>,
        #[serde(default)]
        rating: Option<i64>,
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
        #[serde(default)]
        low: Option<String>,
        #[serde(default)]
        high: Option<String>,
        #[serde(default)]
        choice: Option<String>,
        #[serde(default)]
        items: Option<Vec<String>>,
        #[serde(default)]
        yes: Option<bool>,
        #[serde(default)]
        commitment: Option<String>,
        #[serde(default)]
        status: Option<String>,
        #[serde(default)]
        due: Option<chrono::NaiveDate>,
        #[serde(default)]
        off: Vec<String>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }

    impl From<Derived> for Answer {
        fn from(d: Derived) -> Answer {
            Answer {
                prompt: d.prompt,
                theme: d.theme,
                kind: d.kind,
                question: d.question,
                text: d.text,
                rating: d.rating,
                min: d.min,
                max: d.max,
                low: d.low,
                high: d.high,
                choice: d.choice,
                items: d.items,
                yes: d.yes,
                commitment: d.commitment,
                status: d.status,
                due: d.due,
                off: d.off,
                extra: d.extra,
            }
        }
    }

    /// Every known field, and some unknown ones (`Kind` differs in case only).
    fn keys() -> Vec<&'static str> {
        FIELDS.iter().copied().chain(["mood", "x-other", "Kind"]).collect()
    }
    const VALUES: &[&str] = &[
        "\"text\"",
        "\"a \\\"quoted\\\" \\u00e9 word\"",
        "null",
        "4",
        "-3",
        "4.5",
        "true",
        "[\"Maria\",\"Tom\"]",
        "[]",
        "[1]",
        "{\"a\":1}",
        "\"2026-11-27\"",
        "\"2026-13-01\"",
        "\"\"",
    ];

    proptest! {
        #[test]
        fn reads_as_the_derived_reader_does(fields in proptest::collection::vec((0..FIELDS.len() + 3, 0..VALUES.len()), 0..8)) {
            let keys = keys();
            let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{}\":{}", keys[*k], VALUES[*v])).collect();
            let json = format!("{{{}}}", body.join(","));
            let ours = serde_json::from_str::<Answer>(&json).map_err(|e| e.to_string());
            let derived = serde_json::from_str::<Derived>(&json).map(Answer::from).map_err(|e| e.to_string());
            match (&ours, &derived) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", json),
                (Err(_), Err(_)) => {}
                _ => prop_assert!(false, "{json}: ours {ours:?}, derived {derived:?}"),
            }
        }
    }

    #[test]
    fn unknown_fields_are_kept_and_kind_is_required() {
        let a: Answer = serde_json::from_str(r#"{"kind":"text","text":"hi","mood":{"x":1}}"#).unwrap();
        assert_eq!(a.extra["mood"], serde_json::json!({"x": 1}));
        assert!(serde_json::from_str::<Answer>(r#"{"text":"hi"}"#).unwrap_err().to_string().contains("kind"));
        assert!(serde_json::from_str::<Answer>(r#"{"kind":"a","kind":"b"}"#).is_err(), "a repeated field");
    }
}
