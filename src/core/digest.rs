//! What the whole-journal reports need of an entry, without its words: date, pack, themes,
//! ratings and the commitments it makes or follows up. Digests are small enough to keep
//! (see `journal::index`), so `summary` and `export` need not read and classify every month
//! again when nothing in it changed.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::commitment::{Slim, SlimAnswer};
use super::entry::{Entry, on_5};

/// One entry (its latest revision, not deleted), digested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub id: String,
    pub at: DateTime<FixedOffset>,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// As [`Entry::classify`] computed them with the lexicon in force.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<Rated>,
    /// Commitment and follow-up answers only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promises: Vec<SlimAnswer>,
}

/// A rating answer of a prompt with a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rated {
    pub theme: String,
    pub rating: i64,
    pub min: i64,
    pub max: i64,
}

impl Rated {
    /// The rating on a 1–5 scale (see [`on_5`]).
    pub fn on_5(&self) -> Option<f64> {
        on_5(self.rating, self.min, self.max)
    }
}

impl Digest {
    pub fn of(e: &Entry) -> Digest {
        let r = &e.record;
        let ratings = r
            .answers
            .iter()
            .filter_map(|a| {
                Some(Rated {
                    theme: a.theme.clone()?,
                    rating: a.rating?,
                    min: a.min.unwrap_or(1),
                    max: a.max.unwrap_or(5),
                })
            })
            .collect();
        let promises = r
            .answers
            .iter()
            .filter(|a| a.kind == "commitment" || a.kind == "follow-up")
            .map(|a| SlimAnswer {
                prompt: a.prompt.clone(),
                kind: a.kind.clone(),
                commitment: a.commitment.clone(),
                status: a.status.clone(),
            })
            .collect();
        Digest {
            id: r.id.clone(),
            at: r.at,
            date: r.date,
            pack: r.pack.clone(),
            themes: e.themes.clone(),
            ratings,
            promises,
        }
    }

    /// What commitments need of it.
    pub fn slim(&self) -> Slim {
        Slim {
            id: self.id.clone(),
            rev: 0,
            at: self.at,
            date: self.date,
            deleted: false,
            answers: self.promises.clone(),
        }
    }

    /// The average-able ratings of answers to prompts of `theme`.
    pub fn ratings_of<'a>(&'a self, theme: &'a str) -> impl Iterator<Item = f64> + 'a {
        self.ratings.iter().filter(move |r| r.theme == theme).filter_map(Rated::on_5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin::{THEMES, label};
    use crate::core::entry::Record;
    use crate::core::theme::{Themes, parse_themes};

    #[test]
    fn a_digest_keeps_themes_ratings_and_promises_but_no_words() {
        let r: Record = serde_json::from_str(
            r#"{"v":1,"id":"A","rev":2,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27","pack":"daily","answers":[
            {"prompt":"t","theme":"trust","kind":"rating","question":"Q","rating":7,"min":0,"max":10},
            {"prompt":"c","theme":"courage","kind":"commitment","question":"Q","text":"Talk to Sam"},
            {"kind":"follow-up","commitment":"B:c","status":"done"},
            {"prompt":"n","kind":"text","question":"Q","text":"secret words"}]}"#,
        )
        .unwrap();
        let themes = Themes::new(parse_themes(&label(THEMES.0), THEMES.1).unwrap());
        let e = Entry::classify(r, &themes);
        let d = Digest::of(&e);
        assert_eq!(d.themes, e.themes);
        assert_eq!(
            d.ratings_of("trust").collect::<Vec<_>>(),
            vec![e.record.answers[0].rating_on_5().unwrap()]
        );
        assert_eq!(d.promises.len(), 2);
        let json = serde_json::to_string(&d).unwrap();
        assert!(!json.contains("secret") && !json.contains("Talk to Sam"), "{json}");
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), d);
    }
}
