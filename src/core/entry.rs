//! Journal records (SPEC §5) and the entries computed from them. A record is one line of a
//! month file; unknown fields are kept so a newer coachlog's data survives a round trip.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lexicon::Stance;
use super::pack::{Kind, Prompt};
use super::record_ref::{AnswerRef, RecordRef};
use super::text::is_valid_id;
pub use super::theme::Reason;
use super::theme::{Judgement, Themes};

/// The pack of records that only settle or put off commitments (`coachlog commitments done`
/// …): kept like any entry, but not writing in the journal, so they make no journaling day.
pub const BOOKKEEPING_PACK: &str = "commitments";

/// Whether an entry of `pack` makes a day of journaling (streaks, status, the calendar, the
/// week's days): everything but commitment bookkeeping.
pub fn makes_journal_day(pack: Option<&str>) -> bool {
    pack != Some(BOOKKEEPING_PACK)
}

/// The record format version this build writes and fully understands.
pub const RECORD_VERSION: u32 = 1;

/// One stored revision (or tombstone) of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub v: u32,
    pub id: String,
    pub rev: u32,
    /// When the entry was written; every revision keeps it.
    pub at: DateTime<FixedOffset>,
    /// When this revision was made (an edit, a deletion), if it is not the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<DateTime<FixedOffset>>,
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

/// One answer inside a record. Which value field is set depends on `kind`. Read by a
/// deserializer of its own (`answer_serde.rs`): serde's `flatten`, which keeps the unknown
/// fields, made reading answers a quarter of the cost of listing every commitment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// When a commitment is due to be followed up, when not the next day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// A choice's options that say the thing did not happen: picked, the answer does not count
    /// toward its theme. Kept with the answer, so an edit of the choice is classified rightly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub off: Vec<String>,
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
            Reply::Choice(c) => {
                a.off.clone_from(&prompt.off);
                a.choice = Some(c);
            }
            Reply::Items(i) => a.items = Some(i),
            Reply::Yes(y) => a.yes = Some(y),
        }
        a
    }

    /// True when the answer holds something (a follow-up counts).
    pub fn is_answered(&self) -> bool {
        AnswerRef::from(self).is_answered()
    }

    /// See [`AnswerRef::is_off`].
    pub fn is_off(&self) -> bool {
        self.choice.as_deref().is_some_and(|c| self.off.iter().any(|o| o == c))
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
    /// A first revision written at `now`, with a fresh ULID; `#tags` in the text are kept with
    /// the explicit `tags`.
    pub fn first(
        now: DateTime<FixedOffset>,
        date: NaiveDate,
        pack: &str,
        answers: Vec<Answer>,
        tags: Vec<String>,
    ) -> Record {
        let mut record = Record {
            v: RECORD_VERSION,
            id: ulid::Ulid::from_datetime(now.into()).to_string(),
            rev: 1,
            at: now,
            edited: None,
            date,
            pack: Some(pack.to_string()),
            answers,
            tags,
            deleted: false,
            extra: Map::new(),
        };
        for tag in super::text::tags_in(&record.text()) {
            if !record.tags.contains(&tag) {
                record.tags.push(tag);
            }
        }
        record
    }

    /// The revision after this one, made at `now`: the entry keeps the time it was written,
    /// the revision says when it was made. `None` past the highest revision allowed (never a
    /// wrapped-around number).
    pub fn next_revision(&self, now: DateTime<FixedOffset>) -> Option<Record> {
        let rev = self.rev.checked_add(1).filter(|r| *r <= MAX_REV)?;
        let mut next = self.clone();
        next.rev = rev;
        next.edited = Some(now);
        Some(next)
    }

    /// All answer text of the record, for classification, search and `#tags`.
    pub fn text(&self) -> String {
        RecordRef::from(self).text()
    }
}

/// Which themes of the lexicon (by position) a record belongs to (SPEC §4), and which way it
/// went: its answered prompts' themes, `#tags` in its text or its tag list, phrases in its
/// text, and the model on an entry that is all free text (no themed prompt asked it).
/// `explain` keeps the reasons.
pub fn judge(record: &RecordRef<'_>, themes: &Themes, explain: bool) -> Judgement {
    let mut j = Judgement::new(themes, explain);
    let mut free = String::new();
    let mut all_free = true;
    for a in &record.answers {
        if let Some(t) = &a.theme
            && a.is_answered()
            && !a.is_off()
            && let Some(i) = themes.position(t)
        {
            j.mark_prompt(usize::from(i), &a.prompt);
        }
        // Only what no themed prompt asked counts as free text, so the model may judge only
        // an entry made of such answers in full.
        let is_free = a.theme.is_none() && matches!(&*a.kind, "text" | "editor" | "commitment");
        all_free &= is_free || a.kind == "follow-up" || !a.is_answered();
        if is_free && let Some(t) = &a.text {
            if !free.is_empty() {
                free.push('\n');
            }
            free.push_str(t);
        }
    }
    let text = record.typed_text();
    themes.judge_tags(&text, record.tags.iter().map(|t| &**t), &mut j);
    themes.judge_phrases(&text, &mut j);
    // The model hears free notes (quick notes, imports, packs without themes). An entry with
    // themed answers already says its themes through them, and reading every word of every
    // guided answer again would make whole-journal reports several times slower.
    if all_free {
        themes.judge_model(&free, true, &mut j);
    }
    j
}

/// `rating` on a `min`–`max` scale moved onto 1–5 (`None` for a scale that is not one).
pub fn on_5(rating: i64, min: i64, max: i64) -> Option<f64> {
    let (r, min, max) = (rating as f64, min as f64, max as f64);
    if max <= min {
        return None;
    }
    Some(1.0 + 4.0 * ((r - min) / (max - min)).clamp(0.0, 1.0))
}

/// The highest `rev` a record may carry: far beyond any real number of edits, far below
/// where `rev + 1` could overflow.
pub const MAX_REV: u32 = 1_000_000;

/// The answer kinds a record may hold: the prompt kinds, and `follow-up`.
pub const ANSWER_KINDS: [&str; 9] =
    ["text", "editor", "rating", "choice", "multi", "list", "confirm", "commitment", "follow-up"];

/// How far a rating scale's bounds may lie from zero, and how many steps it may have. A scale
/// is a handful of numbers a person picks from; these bounds keep any arithmetic on one small.
pub const RATING_BOUND: i64 = 1000;
pub const RATING_MAX_STEPS: i64 = 100;

/// True for an entry id: a ULID, 26 characters of Crockford base32 in upper case
/// (`0-9A-HJKMNP-TV-Z`), the first one `0`–`7` (a ULID is 128 bits).
pub fn is_ulid(id: &str) -> bool {
    id.len() == 26
        && id.as_bytes()[0] <= b'7'
        && id.bytes().all(|b| b.is_ascii_digit() || (b.is_ascii_uppercase() && !b"ILOU".contains(&b)))
}

/// The first ten characters of an id, for the short form shown in hints (cut at a character
/// boundary, so an id that is not a ULID cannot make it panic).
pub fn short_id(id: &str) -> &str {
    id.char_indices().nth(10).map_or(id, |(i, _)| &id[..i])
}

/// True for a year coachlog reads and writes (1–9999), so date arithmetic never runs off
/// chrono's range and every date prints as `YYYY-MM-DD`.
pub fn is_sane_year(year: i32) -> bool {
    (1..=9999).contains(&year)
}

/// Why `min`–`max` is not a rating scale, if it is not one: bounds within ±[`RATING_BOUND`],
/// `min < max`, at most [`RATING_MAX_STEPS`] steps.
pub fn scale_problem(min: i64, max: i64) -> Option<String> {
    let bound = -RATING_BOUND..=RATING_BOUND;
    if !bound.contains(&min) || !bound.contains(&max) {
        return Some(format!(
            "the scale {min}–{max} reaches past ±{RATING_BOUND}; keep min and max between -{RATING_BOUND} and {RATING_BOUND}"
        ));
    }
    if min >= max {
        return Some(format!("the scale {min}–{max} needs min < max"));
    }
    // Both bounds are small, so this cannot overflow.
    if max - min > RATING_MAX_STEPS {
        return Some(format!(
            "the scale {min}–{max} has {} steps; at most {} are allowed",
            max - min + 1,
            RATING_MAX_STEPS + 1
        ));
    }
    None
}

/// `text` quoted for a message, cut short and with control characters escaped.
fn quoted(text: &str) -> String {
    const MAX: usize = 40;
    let short: String = text.chars().take(MAX).collect();
    let more = if text.chars().nth(MAX).is_some() { "…" } else { "" };
    format!("{:?}{more}", short)
}

/// Checks a follow-up's `commitment`: `<entry ULID>:<prompt id>`.
fn is_commitment_id(text: &str) -> bool {
    text.split_once(':').is_some_and(|(entry, prompt)| is_ulid(entry) && is_valid_id(prompt))
}

impl RecordRef<'_> {
    /// The one rule for what a record may hold, applied to the journal on reading and to every
    /// import (SPEC §10), so nothing read from a file can make later arithmetic, paths or
    /// slicing go wrong. A record of a newer version (`v` above [`RECORD_VERSION`]) is not
    /// checked: it is kept untouched and never interpreted. The error names the field.
    ///
    /// Rules: `v` ≥ 1; `id` a ULID ([`is_ulid`]); `rev` in 1–[`MAX_REV`]; `date` and the local
    /// date of `at` in years 1–9999; each answer of a known kind ([`ANSWER_KINDS`]), its
    /// `prompt` empty or `[a-z0-9-]+`; a `min`/`max` given (or the 1–5 default when only
    /// `rating` is) a sane scale ([`scale_problem`]) holding `rating`; a follow-up's
    /// `commitment` `<ULID>:<prompt id>` and its `status` one of open, done, partly, dropped.
    pub fn check(&self) -> Result<(), String> {
        if self.v == 0 {
            return Err("v 0 is not a record version".into());
        }
        if self.v > RECORD_VERSION {
            return Ok(());
        }
        if !is_ulid(&self.id) {
            return Err(format!("the id {} is not a ULID", quoted(&self.id)));
        }
        if !(1..=MAX_REV).contains(&self.rev) {
            return Err(format!("rev {} is out of range (1–{MAX_REV})", self.rev));
        }
        if !is_sane_year(self.date.year()) {
            return Err(format!("the date {} is outside years 1–9999", self.date));
        }
        if !is_sane_year(self.at.year()) {
            return Err(format!("the time `at` {} is outside years 1–9999", self.at.to_rfc3339()));
        }
        if let Some(edited) = self.edited
            && !is_sane_year(edited.year())
        {
            return Err(format!("the time `edited` {} is outside years 1–9999", edited.to_rfc3339()));
        }
        for (i, a) in self.answers.iter().enumerate() {
            a.check().map_err(|e| {
                if a.prompt.is_empty() {
                    format!("answer {}: {e}", i + 1)
                } else {
                    format!("answer {} (prompt {}): {e}", i + 1, quoted(&a.prompt))
                }
            })?;
        }
        // One answer per prompt, one follow-up per commitment: an edit page (and every reader
        // that looks an answer up by its prompt) could otherwise mix two of them up.
        // Borrowed keys, no allocation for the usual handful of answers (this runs on every
        // record read).
        fn key<'k>(a: &'k AnswerRef<'_>) -> (bool, &'k str) {
            if *a.kind == *"follow-up" {
                (true, a.commitment.as_deref().unwrap_or_default())
            } else {
                (false, &a.prompt)
            }
        }
        let repeated = |i: usize| {
            let (follow_up, k) = key(&self.answers[i]);
            let what = if follow_up { "the follow-up of" } else { "the prompt" };
            Err(format!("answer {} repeats {what} {}", i + 1, quoted(k)))
        };
        if self.answers.len() <= 32 {
            for i in 1..self.answers.len() {
                if self.answers[..i].iter().any(|b| key(b) == key(&self.answers[i])) {
                    return repeated(i);
                }
            }
        } else {
            let mut seen = std::collections::HashSet::new();
            for (i, a) in self.answers.iter().enumerate() {
                if !seen.insert(key(a)) {
                    return repeated(i);
                }
            }
        }
        Ok(())
    }
}

impl AnswerRef<'_> {
    /// See [`RecordRef::check`]; the error does not name the answer.
    fn check(&self) -> Result<(), String> {
        if !ANSWER_KINDS.contains(&&*self.kind) {
            return Err(format!("unknown kind {}", quoted(&self.kind)));
        }
        if !self.prompt.is_empty() && !is_valid_id(&self.prompt) {
            return Err(format!("the prompt id {} may only use a-z, 0-9 and `-`", quoted(&self.prompt)));
        }
        if self.rating.is_some() || self.min.is_some() || self.max.is_some() {
            let (min, max) = (self.min.unwrap_or(1), self.max.unwrap_or(5));
            if let Some(problem) = scale_problem(min, max) {
                return Err(problem);
            }
            if let Some(r) = self.rating
                && !(min..=max).contains(&r)
            {
                return Err(format!("rating {r} is outside {min}–{max}"));
            }
        }
        if *self.kind == *"follow-up" {
            match &self.commitment {
                Some(c) if is_commitment_id(c) => {}
                Some(c) => {
                    return Err(format!("the commitment {} is not `<entry id>:<prompt id>`", quoted(c)));
                }
                None => return Err("a follow-up without `commitment`".into()),
            }
            match self.status.as_deref() {
                Some("open" | "done" | "partly" | "dropped") => {}
                Some(s) => {
                    return Err(format!("the status {} is not open, done, partly or dropped", quoted(s)));
                }
                None => return Err("a follow-up without `status`".into()),
            }
        }
        Ok(())
    }
}

impl Record {
    /// [`RecordRef::check`], the same rule on an owned record.
    pub fn check(&self) -> Result<(), String> {
        RecordRef::from(self).check()
    }
}

/// A record as read back, with its themes computed from the lexicon in force (SPEC §4).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    #[serde(flatten)]
    pub record: Record,
    pub themes: Vec<String>,
    /// Which way it went, for the themes that have a stance and where the text says.
    pub stances: BTreeMap<String, Stance>,
}

impl Entry {
    /// Every reason behind the entry's themes, as `(theme, reason)`.
    pub fn explain(&self, themes: &Themes) -> Vec<(String, Reason)> {
        let j = judge(&RecordRef::from(&self.record), themes, true);
        themes.named(j.reasons.unwrap_or_default())
    }

    /// `record` with the themes and stances its digest `d` (made under `themes`) keeps:
    /// what [`Entry::classify`] would find, without classifying again.
    pub fn digested(record: Record, d: &super::digest::Digest, themes: &Themes) -> Entry {
        let lexicon = themes.all();
        let theme = |i: u16| lexicon.get(usize::from(i)).map(|t| t.id.clone());
        let names = d.themes.iter().filter_map(|&i| theme(i)).collect();
        let stances = d.themes.iter().filter_map(|&i| Some((theme(i)?, d.stance_of(i)?))).collect();
        Entry { record, themes: names, stances }
    }

    pub fn classify(record: Record, themes: &Themes) -> Entry {
        let j = judge(&RecordRef::from(&record), themes, false);
        // The lexicon's order (delegation, trust, …) rather than alphabetical.
        let (themes, stances) = j.themes(themes);
        Entry { record, themes, stances }
    }

    /// [`Entry::classify`] for each record, in order, on every core when there are enough of
    /// them to pay for the threads (a week at nine entries a day is over a hundred).
    pub fn classify_all(records: Vec<Record>, themes: &Themes) -> Vec<Entry> {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        if cores < 2 || records.len() < CLASSIFY_ON_ONE_CORE {
            return records.into_iter().map(|r| Entry::classify(r, themes)).collect();
        }
        let per_core = records.len().div_ceil(cores);
        let mut records = records.into_iter();
        let chunks: Vec<Vec<Record>> =
            std::iter::from_fn(|| Some(records.by_ref().take(per_core).collect::<Vec<_>>()))
                .take_while(|chunk| !chunk.is_empty())
                .collect();
        std::thread::scope(|s| {
            let running: Vec<_> = chunks
                .into_iter()
                .map(|chunk| {
                    s.spawn(move || chunk.into_iter().map(|r| Entry::classify(r, themes)).collect::<Vec<_>>())
                })
                .collect();
            // A thread that panicked has already printed; its panic goes on here.
            running
                .into_iter()
                .flat_map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }
}

/// Below this many records, [`Entry::classify_all`] stays on one core.
const CLASSIFY_ON_ONE_CORE: usize = 32;

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
    fn classifying_on_every_core_gives_what_one_core_gives_in_order() {
        let themes = Themes::new(
            crate::core::theme::parse_themes("themes.toml", crate::core::builtin::THEMES.1).unwrap(),
        );
        for n in [1, 5, CLASSIFY_ON_ONE_CORE, 301] {
            let records = crate::devtools::journal(n as u64, 3);
            let one: Vec<Entry> = records.iter().cloned().map(|r| Entry::classify(r, &themes)).collect();
            let all = Entry::classify_all(records, &themes);
            assert_eq!(all.len(), one.len());
            for (a, b) in all.iter().zip(&one) {
                assert_eq!((&a.record.id, &a.themes, &a.stances), (&b.record.id, &b.themes, &b.stances));
            }
        }
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

    const ID: &str = "01KB3X0Z6M9QW7T2R4VJ8N5HPC";

    fn good() -> serde_json::Value {
        serde_json::json!({
            "v": 1, "id": ID, "rev": 1, "at": "2026-11-27T21:04:11+01:00", "date": "2026-11-27", "pack": "daily",
            "answers": [
                {"prompt": "headline", "kind": "text", "question": "Q", "text": "T"},
                {"prompt": "trust", "kind": "rating", "question": "Q", "rating": 4, "min": 1, "max": 5},
                {"prompt": "people", "kind": "list", "question": "Q", "items": ["Smith, John", ""]},
                {"prompt": "mood", "kind": "choice", "question": "Q", "choice": "ok"},
                {"prompt": "areas", "kind": "multi", "question": "Q", "items": ["a"]},
                {"prompt": "brave", "kind": "confirm", "question": "Q", "yes": true},
                {"prompt": "tomorrow", "kind": "commitment", "question": "Q", "text": "Ask Sam"},
                {"prompt": "long", "kind": "editor", "question": "Q"},
                {"kind": "follow-up", "question": "Q", "commitment": format!("{ID}:tomorrow"), "status": "partly"}
            ]
        })
    }

    fn check_with(change: impl FnOnce(&mut serde_json::Value)) -> Result<(), String> {
        let mut v = good();
        change(&mut v);
        let r: Record = serde_json::from_value(v).unwrap();
        r.check()
    }

    #[test]
    fn every_kind_coachlog_writes_passes_the_check() {
        assert_eq!(check_with(|_| {}), Ok(()));
        assert_eq!(check_with(|v| v["deleted"] = true.into()), Ok(()));
        assert_eq!(check_with(|v| v["rev"] = MAX_REV.into()), Ok(()));
        assert_eq!(check_with(|v| v["date"] = "0001-01-01".into()), Ok(()));
        assert_eq!(check_with(|v| v["date"] = "9999-12-31".into()), Ok(()));
        assert_eq!(check_with(|v| v["answers"][1]["rating"] = 1.into()), Ok(()));
        assert_eq!(
            check_with(
                |v| v["answers"][1] = serde_json::json!({"prompt": "r", "kind": "rating", "rating": 3})
            ),
            Ok(()),
            "the 1–5 default"
        );
    }

    #[test]
    fn two_answers_to_one_prompt_are_refused() {
        let r = record(
            r#"{"v":1,"id":"01M8F1FDC06MWDEYZJMNH58YF3","rev":1,"at":"2026-11-27T21:00:00+01:00","date":"2026-11-27","pack":"daily","answers":[{"prompt":"a","kind":"text","question":"Q1","text":"one"},{"prompt":"a","kind":"text","question":"Q2","text":"two"}]}"#,
        );
        assert!(r.check().unwrap_err().contains("answer 2 repeats the prompt \"a\""), "{:?}", r.check());
    }

    #[test]
    fn a_newer_record_is_not_checked() {
        assert_eq!(
            check_with(|v| {
                v["v"] = 2.into();
                v["id"] = "anything".into();
            }),
            Ok(())
        );
    }

    #[test]
    fn ids_must_be_ulids() {
        assert!(is_ulid(ID));
        assert!(is_ulid("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
        for bad in [
            "",
            "01JD",
            "8ZZZZZZZZZZZZZZZZZZZZZZZZZ",
            "01kb3x0z6m9qw7t2r4vj8n5hpc",
            "01KB3X0Z6M9QW7T2R4VJ8N5HPI",
            "01KB3X0Z6M9QW7T2R4VJ8N5HPU",
            "01KB3X0Z6M9QW7T2R4VJ8N5HP\n",
            "EVIL/../../../elsewhere/NEW",
            "01KB3X0Z6M9QW7T2R4VJ8N5HPCC",
            "ABCDEFGHIéé",
        ] {
            assert!(!is_ulid(bad), "{bad:?}");
        }
        let err = check_with(|v| v["id"] = "EVIL/../x\n".into()).unwrap_err();
        assert_eq!(err, r#"the id "EVIL/../x\n" is not a ULID"#);
    }

    #[test]
    fn problems_name_the_field() {
        type Change = Box<dyn FnOnce(&mut serde_json::Value)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|v| v["v"] = 0.into()), "v 0 is not a record version"),
            (Box::new(|v| v["rev"] = 4_294_967_295_u32.into()), "rev 4294967295 is out of range (1–1000000)"),
            (Box::new(|v| v["rev"] = 0.into()), "rev 0 is out of range (1–1000000)"),
            (
                Box::new(|v| v["date"] = "-262143-01-01".into()),
                "the date -262143-01-01 is outside years 1–9999",
            ),
            (Box::new(|v| v["date"] = "0000-12-31".into()), "the date 0000-12-31 is outside years 1–9999"),
            (
                Box::new(|v| v["at"] = "+10000-01-01T00:00:00Z".into()),
                "the time `at` +10000-01-01T00:00:00+00:00 is outside years 1–9999",
            ),
            (
                Box::new(|v| v["answers"][1]["rating"] = 99.into()),
                r#"answer 2 (prompt "trust"): rating 99 is outside 1–5"#,
            ),
            (
                Box::new(|v| v["answers"][2]["kind"] = "bogus".into()),
                r#"answer 3 (prompt "people"): unknown kind "bogus""#,
            ),
            (
                Box::new(|v| v["answers"][0]["prompt"] = "a (b) -->".into()),
                r#"answer 1 (prompt "a (b) -->"): the prompt id "a (b) -->" may only use a-z, 0-9 and `-`"#,
            ),
            (
                Box::new(|v| {
                    v["answers"][1]["min"] = i64::MIN.into();
                    v["answers"][1]["max"] = i64::MAX.into();
                }),
                "reaches past ±1000",
            ),
            (Box::new(|v| v["answers"][1]["max"] = 1.into()), "needs min < max"),
            (Box::new(|v| v["answers"][1]["max"] = 200.into()), "has 200 steps; at most 101"),
            (
                Box::new(|v| v["answers"][8]["status"] = "maybe".into()),
                r#"answer 9: the status "maybe" is not open, done, partly or dropped"#,
            ),
            (
                Box::new(|v| v["answers"][8]["commitment"] = "../x:tomorrow".into()),
                r#"answer 9: the commitment "../x:tomorrow" is not"#,
            ),
            (Box::new(|v| v["answers"][8]["commitment"] = ID.into()), "is not `<entry id>:<prompt id>`"),
            (
                Box::new(|v| {
                    v["answers"][8].as_object_mut().unwrap().remove("status");
                }),
                "answer 9: a follow-up without `status`",
            ),
        ];
        for (change, needle) in cases {
            let err = check_with(change).expect_err(needle);
            assert!(err.contains(needle), "`{needle}` not in: {err}");
        }
    }

    #[test]
    fn short_ids_cut_at_a_character_boundary() {
        assert_eq!(short_id(ID), "01KB3X0Z6M");
        assert_eq!(short_id("ABCDEFGHIéé"), "ABCDEFGHIé");
        assert_eq!(short_id("é"), "é");
    }

    #[test]
    fn scales_are_bounded_without_overflow() {
        assert_eq!(scale_problem(1, 5), None);
        assert_eq!(scale_problem(-1000, -900), None);
        assert_eq!(scale_problem(0, 100), None);
        assert!(scale_problem(0, 101).is_some());
        assert!(scale_problem(i64::MIN, i64::MAX).is_some());
        assert!(scale_problem(5, 5).is_some());
        assert!(scale_problem(-1001, 0).is_some());
    }

    fn arb_record() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let id = prop_oneof![Just(ID.to_string()), "[0-9A-Z]{25,27}", ".{0,30}"];
        let kind = prop_oneof![
            proptest::sample::select(ANSWER_KINDS.to_vec()).prop_map(str::to_string),
            "[a-z-]{0,9}"
        ];
        let answer = (kind, "[a-z-]{0,6}", proptest::option::of(-3i64..120), proptest::option::of(-1200i64..1200), proptest::option::of(-5i64..1200), proptest::option::of(prop_oneof![Just(format!("{ID}:tomorrow")), ".{0,30}"]), proptest::option::of(prop_oneof![Just("done".to_string()), "[a-z]{0,7}"]))
            .prop_map(|(kind, prompt, rating, min, max, commitment, status)| {
                serde_json::json!({"kind": kind, "prompt": prompt, "question": "Q \"q\"", "rating": rating, "min": min, "max": max, "commitment": commitment, "status": status})
            });
        (0u32..3, id, prop_oneof![Just(1u32), 0u32..3, Just(u32::MAX), 999_999u32..1_000_002], -20000i32..20000, proptest::collection::vec(answer, 0..4))
            .prop_map(|(v, id, rev, year, answers)| {
                let year = if year.abs() < 10000 { year.rem_euclid(9999) + 1 } else { year };
                let date = chrono::NaiveDate::from_ymd_opt(year, 3, 1).map_or("2026-03-01".to_string(), |d| d.to_string());
                serde_json::json!({"v": v, "id": id, "rev": rev, "at": "2026-11-27T21:04:11+01:00", "date": date, "answers": answers})
            })
    }

    proptest::proptest! {
        /// The owned and the borrowed reader apply one rule, so a line is accepted by one
        /// exactly when it is accepted by the other, with the same message.
        #[test]
        fn owned_and_borrowed_records_pass_the_same_check(value in arb_record()) {
            let line = serde_json::to_string(&value).unwrap();
            let owned: Record = serde_json::from_str(&line).unwrap();
            let borrowed: RecordRef<'_> = serde_json::from_str(&line).unwrap();
            proptest::prop_assert_eq!(owned.check(), borrowed.check());
        }
    }
}
