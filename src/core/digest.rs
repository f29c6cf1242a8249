//! What the whole-journal reports need of an entry, without its words: date, pack, themes,
//! ratings and the commitments it makes or follows up. Digests are small enough to keep
//! (see `journal::index`), so `summary` and `export` need not read and classify every month
//! again when nothing in it changed. They are made against one lexicon: themes are kept as
//! positions in it, and a kept digest is only trusted under the same lexicon.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::entry::{Entry, judge, on_5};
use super::lexicon::Stance;
use super::record_ref::RecordRef;
use super::theme::Themes;

/// One entry (its latest revision, not deleted), digested. Short field names: a digest of
/// every entry is read by each whole-journal report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    #[serde(rename = "i")]
    pub id: String,
    /// When it was written, as nanoseconds since 1970: all that ordering needs.
    #[serde(rename = "a")]
    pub at: i64,
    #[serde(rename = "d", with = "day_number")]
    pub date: NaiveDate,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// Positions in the lexicon's theme list, as [`Entry::classify`] found them.
    #[serde(rename = "t", default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<u16>,
    /// Themes (by position) the entry says the lead did, and did the opposite of: numbers
    /// only, so a digest stays quick to read.
    #[serde(rename = "sd", default, skip_serializing_if = "Vec::is_empty")]
    pub did: Vec<u16>,
    #[serde(rename = "sm", default, skip_serializing_if = "Vec::is_empty")]
    pub missed: Vec<u16>,
    /// Ratings given to prompts of a lexicon theme.
    #[serde(rename = "r", default, skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<Rated>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub promises: Vec<Promise>,
}

/// A rating answer of a prompt whose theme is in the lexicon (by position).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rated {
    #[serde(rename = "t")]
    pub theme: u16,
    #[serde(rename = "r")]
    pub rating: i64,
    #[serde(rename = "lo")]
    pub min: i64,
    #[serde(rename = "hi")]
    pub max: i64,
}

/// A commitment made (by its prompt id, with the hash of its wording, so repeats of the same
/// words collapse as they do when the records are read: see `commitment::wording`) or
/// followed up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Promise {
    #[serde(rename = "c")]
    Made(String, u64),
    #[serde(rename = "f")]
    FollowUp {
        #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
        commitment: Option<String>,
        #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
    },
}

/// Nanoseconds since 1970 (saturating far outside 1678–2262).
pub fn instant(at: &DateTime<FixedOffset>) -> i64 {
    at.timestamp_nanos_opt().unwrap_or_else(|| at.timestamp().saturating_mul(1_000_000_000))
}

impl Digest {
    /// `e` digested; `themes` is the lexicon it was classified with.
    pub fn of(e: &Entry, themes: &Themes) -> Digest {
        let positions = e.themes.iter().filter_map(|t| themes.position(t)).collect();
        // In the lexicon's order, as `classify` finds them (stances are kept by theme name).
        let mut stances: Vec<(u16, Stance)> =
            e.stances.iter().filter_map(|(t, s)| Some((themes.position(t)?, *s))).collect();
        stances.sort_unstable();
        Digest::of_record(&RecordRef::from(&e.record), positions, stances, themes)
    }

    /// A record read borrowed, classified and digested.
    pub fn classify(r: &RecordRef<'_>, themes: &Themes) -> Digest {
        let j = judge(r, themes, false);
        let mut positions = Vec::new();
        let mut stances = Vec::new();
        for (i, _) in j.found.iter().enumerate().filter(|(_, hit)| **hit) {
            let Ok(p) = u16::try_from(i) else { continue };
            positions.push(p);
            if let Some(s) = j.stance(i) {
                stances.push((p, s));
            }
        }
        Digest::of_record(r, positions, stances, themes)
    }

    fn of_record(
        r: &RecordRef<'_>,
        themes: Vec<u16>,
        stances: Vec<(u16, Stance)>,
        lexicon: &Themes,
    ) -> Digest {
        let ratings = r
            .answers
            .iter()
            .filter_map(|a| {
                Some(Rated {
                    theme: lexicon.position(a.theme.as_deref()?)?,
                    rating: a.rating?,
                    min: a.min.unwrap_or(1),
                    max: a.max.unwrap_or(5),
                })
            })
            .collect();
        let promises = r
            .answers
            .iter()
            .filter_map(|a| match &*a.kind {
                // An empty commitment commits to nothing (as the ledger of records has it).
                "commitment" => a
                    .text
                    .as_deref()
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| Promise::Made(a.prompt.to_string(), super::commitment::wording_hash(t))),
                "follow-up" => Some(Promise::FollowUp {
                    commitment: a.commitment.as_deref().map(str::to_string),
                    status: a.status.as_deref().map(str::to_string),
                }),
                _ => None,
            })
            .collect();
        Digest {
            id: r.id.to_string(),
            at: instant(&r.at),
            date: r.date,
            pack: r.pack.as_deref().map(str::to_string),
            themes,
            did: stances.iter().filter(|(_, s)| *s == Stance::Did).map(|(p, _)| *p).collect(),
            missed: stances.iter().filter(|(_, s)| *s == Stance::Missed).map(|(p, _)| *p).collect(),
            ratings,
            promises,
        }
    }

    pub fn has_theme(&self, position: u16) -> bool {
        self.themes.contains(&position)
    }

    /// Which way it went for the theme at `position`, if the entry says.
    pub fn stance_of(&self, position: u16) -> Option<Stance> {
        if self.did.contains(&position) {
            Some(Stance::Did)
        } else if self.missed.contains(&position) {
            Some(Stance::Missed)
        } else {
            None
        }
    }

    /// The ratings (on 1–5) of answers to prompts of the theme at `position`.
    pub fn ratings_of(&self, position: u16) -> impl Iterator<Item = f64> + '_ {
        self.ratings.iter().filter(move |r| r.theme == position).filter_map(|r| on_5(r.rating, r.min, r.max))
    }
}

/// A date as its day number (days since 1 January of year 1), which reads faster than text.
mod day_number {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(date.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| serde::de::Error::custom("day out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin::{THEMES, label};
    use crate::core::entry::Record;
    use crate::core::theme::parse_themes;

    /// A digest made from a record borrowed from the file (what the kept digests hold) is the
    /// one made from the entry classified in full (what a filtered summary adds), so the two
    /// ways a summary is summed cannot drift.
    #[test]
    fn digests_from_borrowed_records_equal_digests_of_classified_entries() {
        let themes = Themes::new(parse_themes(&label(THEMES.0), THEMES.1).unwrap());
        for heavy in [false, true] {
            for r in crate::devtools::journal_with(400, 11, heavy) {
                let borrowed = Digest::classify(&RecordRef::from(&r), &themes);
                let whole = Digest::of(&Entry::classify(r, &themes), &themes);
                assert_eq!(borrowed, whole);
            }
        }
    }

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
        let d = Digest::of(&e, &themes);
        let ids: Vec<&str> = d.themes.iter().map(|&i| themes.all()[usize::from(i)].id.as_str()).collect();
        assert_eq!(ids, e.themes);
        let trust = themes.position("trust").unwrap();
        assert_eq!(d.ratings_of(trust).collect::<Vec<_>>(), vec![e.record.answers[0].rating_on_5().unwrap()]);
        assert_eq!(d.promises.len(), 2);
        let json = serde_json::to_string(&d).unwrap();
        assert!(!json.contains("secret") && !json.contains("Talk to Sam"), "{json}");
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), d);
    }
}
