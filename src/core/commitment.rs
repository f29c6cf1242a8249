//! Commitments (SPEC §3, §6): a `commitment` answer opens one, identified as
//! `<entry id>:<prompt id>`; `follow-up` answers in later entries settle it or carry it over.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::digest::{Digest, Promise};

use super::entry::{Answer, Entry, Record};
use super::record_ref::RecordRef;

/// How a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Done,
    Partly,
    Dropped,
}

impl Status {
    pub fn parse(text: &str) -> Option<Status> {
        match text.trim().to_lowercase().as_str() {
            "open" => Some(Status::Open),
            "done" => Some(Status::Done),
            "partly" => Some(Status::Partly),
            "dropped" => Some(Status::Dropped),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
            Status::Partly => "partly",
            Status::Dropped => "dropped",
        }
    }

    /// Done, partly done and dropped commitments are settled: nobody asks about them again.
    pub fn is_open(self) -> bool {
        self == Status::Open
    }
}

/// One commitment and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    /// `<entry id>:<prompt id>`.
    pub id: String,
    pub entry: String,
    pub date: NaiveDate,
    pub text: String,
    pub status: Status,
    /// From when it is followed up in a session: the next day, unless the prompt said later.
    pub due: NaiveDate,
    /// The date of the latest follow-up, if any.
    pub followed_up: Option<NaiveDate>,
    /// How many times a follow-up said "still open".
    pub carried: u32,
}

/// The id of the commitment made by `answer` in `record`.
pub fn commitment_id(record: &Record, answer: &Answer) -> String {
    format!("{}:{}", record.id, answer.prompt)
}

/// Every commitment in `entries` (oldest first), with follow-ups applied in date order.
pub fn commitments(entries: &[Entry]) -> Vec<Commitment> {
    commitments_of(entries.iter().map(|e| &e.record))
}

/// [`commitments`] from records, which need no classifying.
pub fn commitments_of<'a>(records: impl Iterator<Item = &'a Record>) -> Vec<Commitment> {
    let mut ledger = Ledger::default();
    ledger.add(records);
    ledger.settle()
}

/// Commitments made and follow-ups given, gathered a part of the journal (a month) at a time
/// and settled once all are in, so a journal of any size need not be held whole.
#[derive(Debug, Default)]
pub struct Ledger {
    /// With when the entry was written, the order commitments are listed and settled in.
    made: Vec<(DateTime<FixedOffset>, Commitment)>,
    follow_ups: Vec<FollowUp>,
}

#[derive(Debug)]
struct FollowUp {
    date: NaiveDate,
    at: DateTime<FixedOffset>,
    commitment: Option<String>,
    status: Option<String>,
    due: Option<NaiveDate>,
}

impl Ledger {
    /// Adds what `records` (latest revisions; deleted ones count for nothing) commit to
    /// and follow up.
    pub fn add<'a>(&mut self, records: impl Iterator<Item = &'a Record>) {
        for r in records {
            self.add_ref(&RecordRef::from(r));
        }
    }

    /// [`Ledger::add`] for one record borrowed from a month's bytes: only what it commits to
    /// and follows up is copied.
    pub fn add_ref(&mut self, r: &RecordRef<'_>) {
        if r.deleted {
            return;
        }
        for a in &r.answers {
            if a.kind == "commitment"
                && let Some(text) = a.text.as_deref().filter(|t| !t.trim().is_empty())
            {
                self.made.push((
                    r.at,
                    Commitment {
                        id: format!("{}:{}", &*r.id, &*a.prompt),
                        entry: r.id.to_string(),
                        date: r.date,
                        text: text.trim().to_string(),
                        status: Status::Open,
                        due: due_of(a.due, r.date),
                        followed_up: None,
                        carried: 0,
                    },
                ));
            } else if a.kind == "follow-up" {
                self.follow_ups.push(FollowUp {
                    date: r.date,
                    at: r.at,
                    commitment: a.commitment.as_deref().map(str::to_string),
                    status: a.status.as_deref().map(str::to_string),
                    due: a.due,
                });
            }
        }
    }

    /// Adds what another part of the journal holds.
    pub fn append(&mut self, other: Ledger) {
        self.made.extend(other.made);
        self.follow_ups.extend(other.follow_ups);
    }

    /// Every commitment, oldest first, with the follow-ups applied in date order.
    pub fn settle(mut self) -> Vec<Commitment> {
        // Stable: what was written at the same time keeps the order it was read in.
        self.made.sort_by_key(|(at, c)| (c.date, *at));
        self.follow_ups.sort_by_key(|f| (f.date, f.at));
        let made = self.made.into_iter().map(|(_, c)| c).collect();
        let follow_ups =
            self.follow_ups.iter().map(|f| (f.commitment.as_deref(), f.status.as_deref(), f.date, f.due));
        collapse_repeats(settle(made, follow_ups))
    }
}

/// When a commitment made on `date` is first followed up: the day its prompt said
/// (`asked`), if later, else the next day.
pub fn due_of(asked: Option<NaiveDate>, date: NaiveDate) -> NaiveDate {
    asked.filter(|d| *d > date).or_else(|| date.succ_opt()).unwrap_or(date)
}

/// A commitment's words as repeats are compared: in any case and spacing, and without a final
/// full stop.
pub fn wording(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches(['.', '!']).to_lowercase()
}

/// A hash of [`wording`], which month digests keep instead of the words.
pub fn wording_hash(text: &str) -> u64 {
    crate::core::text::fnv1a(wording(text).bytes())
}

/// The same words committed to again, while the first time is still open, are one commitment:
/// the later one stands for both (carried over once more) and the earlier is left out, so it
/// is neither listed nor asked about twice.
fn collapse_repeats(list: Vec<Commitment>) -> Vec<Commitment> {
    // The latest commitment of each wording, found by a hash of the words (a journal of years
    // holds hundreds of thousands; their words are not copied again), and the words compared
    // where two hashes meet.
    let hashes: Vec<u64> = list.iter().map(|c| wording_hash(&c.text)).collect();
    collapse_by_hash(list, &hashes, |a, b| wording(&a.text) == wording(&b.text))
}

/// [`collapse_repeats`] with each commitment's [`wording_hash`] given, and `same` to tell two
/// wordings apart when their hashes meet.
fn collapse_by_hash(
    list: Vec<Commitment>,
    hashes: &[u64],
    same: impl Fn(&Commitment, &Commitment) -> bool,
) -> Vec<Commitment> {
    let mut latest: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for (i, h) in hashes.iter().enumerate() {
        latest.insert(*h, i);
    }
    let last_of = |i: usize| latest.get(&hashes[i]).copied().filter(|&j| j == i || same(&list[i], &list[j]));
    let mut extra = vec![0u32; list.len()];
    let mut keep = vec![true; list.len()];
    for (i, c) in list.iter().enumerate() {
        let Some(last) = last_of(i) else { continue };
        if last != i && c.status.is_open() {
            keep[i] = false;
            extra[last] += c.carried + 1;
        }
    }
    list.into_iter()
        .zip(keep.into_iter().zip(extra))
        .filter_map(|(mut c, (kept, more))| {
            c.carried += more;
            kept.then_some(c)
        })
        .collect()
}

/// Applies follow-ups, in date order, to the commitments they name: the latest status wins,
/// "still open" counts as carried over. Follow-ups of unknown commitments (say, of a deleted
/// entry) are ignored.
fn settle<'a>(
    mut made: Vec<Commitment>,
    follow_ups: impl Iterator<Item = (Option<&'a str>, Option<&'a str>, NaiveDate, Option<NaiveDate>)>,
) -> Vec<Commitment> {
    // What each follow-up does, found first, so the index can borrow the ids.
    let mut updates = Vec::new();
    {
        let index: std::collections::HashMap<&str, usize> =
            made.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        for (id, status, date, due) in follow_ups {
            if let (Some(&i), Some(status)) =
                (id.and_then(|id| index.get(id)), status.and_then(Status::parse))
            {
                updates.push((i, status, date, due));
            }
        }
    }
    for (i, status, date, due) in updates {
        let c = &mut made[i];
        c.status = status;
        c.followed_up = Some(date);
        if status == Status::Open {
            c.carried += 1;
            // Put off ("snoozed") to a later day: not asked about before then.
            if let Some(due) = due.filter(|d| *d > date) {
                c.due = due;
            }
        }
    }
    made
}

/// Commitments (without their text) from the digests of every entry, in date order.
pub fn commitment_states<'a>(digests: impl Iterator<Item = &'a Digest>) -> Vec<Commitment> {
    let mut ordered: Vec<&Digest> = digests.collect();
    ordered.sort_by_key(|d| (d.date, d.at));
    let (mut made, mut hashes) = (Vec::new(), Vec::new());
    for d in &ordered {
        for p in &d.promises {
            if let Promise::Made(prompt, words) = p {
                hashes.push(*words);
                made.push(Commitment {
                    id: format!("{}:{prompt}", d.id),
                    entry: d.id.clone(),
                    date: d.date,
                    text: String::new(),
                    status: Status::Open,
                    // Digests keep no due dates; only statuses are read from these.
                    due: d.date,
                    followed_up: None,
                    carried: 0,
                });
            }
        }
    }
    let follow_ups = ordered.iter().flat_map(|d| {
        d.promises.iter().filter_map(move |p| match p {
            Promise::FollowUp { commitment, status } => {
                Some((commitment.as_deref(), status.as_deref(), d.date, None))
            }
            Promise::Made(..) => None,
        })
    });
    // Digests keep no words: where two hashes of wordings meet, the wordings are taken as one.
    collapse_by_hash(settle(made, follow_ups), &hashes, |_, _| true)
}

/// A follow-up as a cache keeps it: the day, when written (nanoseconds since 1970), the
/// commitment's id, the status given, the day it was put off to.
pub type KeptFollowUp = (NaiveDate, i64, String, String, Option<NaiveDate>);

/// [`Ledger::settle`] for some commitments only, from what a cache keeps instead of the
/// words: each commitment made with when it was written and the hash of its wording (see
/// [`wording_hash`]), and the follow-ups that may name them (day, when written, the
/// commitment's id, the status given, the day it was put off to).
pub fn settle_kept(
    mut made: Vec<(i64, Commitment, u64)>,
    mut follow_ups: Vec<KeptFollowUp>,
) -> Vec<Commitment> {
    made.sort_by_key(|(at, c, _)| (c.date, *at));
    follow_ups.sort_by_key(|f| (f.0, f.1));
    let hashes: Vec<u64> = made.iter().map(|m| m.2).collect();
    let list = made.into_iter().map(|m| m.1).collect();
    let settled = settle(
        list,
        follow_ups
            .iter()
            .map(|(day, _, id, status, due)| (Some(id.as_str()), Some(status.as_str()), *day, *due)),
    );
    // Where two hashes of wordings meet, the wordings are taken as one (as from digests).
    collapse_by_hash(settled, &hashes, |_, _| true)
}

/// How far ahead a dated commitment may name its day (a pack's `due_in_days` has the same
/// bound).
pub const MAX_DUE_DAYS: u64 = 366;

/// The day a dated commitment (see `Prompt::dated`) names before its first colon, with the
/// words after it: `2027-01-15: check the rota`, `in 3 weeks: …`, `friday: …`. `None` when
/// what comes before a colon is words, not a day ("Tom: ask him", "10:30 with Sam"); `Err`
/// (saying why) when it is a day but not one after `date` (the entry's day) and within a year.
pub fn named_due(text: &str, date: NaiveDate) -> Option<(Result<NaiveDate, String>, &str)> {
    let (head, rest) = text.split_once(':')?;
    // A day is a few words; a sentence with a colon in it is not one.
    if head.split_whitespace().count() > 3 || rest.trim().is_empty() {
        return None;
    }
    let day = super::date::parse_future_date(head, date).ok()?;
    let latest = date.checked_add_days(chrono::Days::new(MAX_DUE_DAYS));
    let said = if day <= date {
        Err(format!("{} is not after the entry's day", day.format("%-d %B %Y")))
    } else if latest.is_some_and(|l| day > l) {
        Err(format!("{} is more than a year away", day.format("%-d %B %Y")))
    } else {
        Ok(day)
    };
    Some((said, rest.trim()))
}

/// The follow-up answer for `commitment`.
pub fn follow_up(commitment: &Commitment, status: Status) -> Answer {
    Answer {
        kind: "follow-up".into(),
        question: commitment.text.clone(),
        commitment: Some(commitment.id.clone()),
        status: Some(status.as_str().into()),
        ..Answer::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_commitment_made_again_while_open_is_one() {
        let c = |id: &str, day: u32, text: &str, status: Status| Commitment {
            id: id.into(),
            entry: id.into(),
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            text: text.into(),
            status,
            due: NaiveDate::from_ymd_opt(2026, 11, day + 1).unwrap(),
            followed_up: None,
            carried: 0,
        };
        let list = collapse_repeats(vec![
            c("A", 20, "Ask Sam about deploys.", Status::Open),
            c("B", 21, "ask sam  about deploys", Status::Open),
            c("C", 22, "Thank Maria", Status::Done),
            c("D", 23, "Thank Maria", Status::Open),
        ]);
        let ids: Vec<(&str, u32)> = list.iter().map(|c| (c.id.as_str(), c.carried)).collect();
        assert_eq!(ids, vec![("B", 1), ("C", 0), ("D", 0)], "a settled one is its own story");
    }
    use crate::core::theme::Themes;

    fn entry(id: &str, date: &str, answers: serde_json::Value) -> Entry {
        let r: Record = serde_json::from_value(serde_json::json!({
            "v": 1, "id": id, "rev": 1, "at": format!("{date}T20:00:00+01:00"), "date": date, "answers": answers
        }))
        .unwrap();
        Entry::classify(r, &Themes::default())
    }

    fn made(text: &str) -> serde_json::Value {
        serde_json::json!({"prompt": "tomorrow", "kind": "commitment", "question": "Q", "text": text})
    }

    fn fu(id: &str, status: &str) -> serde_json::Value {
        serde_json::json!({"kind": "follow-up", "commitment": id, "status": status})
    }

    #[test]
    fn commitments_move_through_follow_ups() {
        let entries = vec![
            entry("A", "2026-11-23", serde_json::json!([made("Ask Sam to own deploys")])),
            entry(
                "B",
                "2026-11-24",
                serde_json::json!([fu("A:tomorrow", "open"), made("Skip one status meeting")]),
            ),
            entry(
                "C",
                "2026-11-25",
                serde_json::json!([fu("A:tomorrow", "open"), fu("B:tomorrow", "dropped")]),
            ),
            entry("D", "2026-11-26", serde_json::json!([fu("A:tomorrow", "partly"), fu("Z:gone", "done")])),
        ];
        let cs = commitments(&entries);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].id, "A:tomorrow");
        assert_eq!(cs[0].status, Status::Partly);
        assert_eq!(cs[0].carried, 2);
        assert_eq!(cs[0].followed_up, NaiveDate::from_ymd_opt(2026, 11, 26));
        assert_eq!(cs[1].status, Status::Dropped);
        assert_eq!(cs[1].carried, 0);
    }

    #[test]
    fn a_dated_commitment_names_its_day_before_the_colon() {
        let fri = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let due = |t: &str| named_due(t, fri).and_then(|(d, _)| d.ok()).map(|d| d.to_string());
        assert_eq!(due("2027-01-15: is the rota working without me?").as_deref(), Some("2027-01-15"));
        assert_eq!(due("in 3 weeks: ask Sam how it went").as_deref(), Some("2026-12-18"));
        assert_eq!(due(" Monday : check in").as_deref(), Some("2026-11-30"));
        assert_eq!(due("in 2 months: review").as_deref(), Some("2027-01-27"));
        assert_eq!(
            named_due("friday:  Send the figures ", fri).map(|(_, rest)| rest),
            Some("Send the figures")
        );
        for words in [
            "Tom: ask him how he feels",
            "check the rota",
            "friday:",
            "10:30 meeting with Tom",
            "Ask Sam whether the plan that we agreed on: works",
            "2027-13-45: not a date",
        ] {
            assert_eq!(named_due(words, fri), None, "{words}");
        }
        // A day, but not one that can be: said so.
        for (words, why) in [
            ("2026-11-01: in the past", "1 November 2026 is not after the entry's day"),
            ("today: not after the entry's day", "27 November 2026 is not after the entry's day"),
            ("in 100000 weeks: far", "is more than a year away"),
            ("9999-12-31: far", "31 December 9999 is more than a year away"),
        ] {
            let said = named_due(words, fri).and_then(|(d, _)| d.err()).unwrap_or_default();
            assert!(said.contains(why), "{words}: {said}");
        }
    }

    #[test]
    fn empty_commitments_open_nothing() {
        let entries = vec![entry("A", "2026-11-23", serde_json::json!([made("  ")]))];
        assert!(commitments(&entries).is_empty());
    }

    #[test]
    fn follow_ups_apply_in_date_order_not_file_order() {
        let entries = vec![
            entry("C", "2026-11-25", serde_json::json!([fu("A:tomorrow", "done")])),
            entry("B", "2026-11-24", serde_json::json!([fu("A:tomorrow", "open")])),
            entry("A", "2026-11-23", serde_json::json!([made("x")])),
        ];
        let cs = commitments(&entries);
        assert_eq!(cs[0].status, Status::Done);
        assert_eq!(cs[0].carried, 1);
    }

    #[test]
    fn settling_from_what_is_kept_agrees_with_settling_the_records() {
        let snooze = serde_json::json!({"kind": "follow-up", "commitment": "A:tomorrow", "status": "open", "due": "2026-12-01"});
        let entries = vec![
            entry("A", "2026-11-23", serde_json::json!([made("Ask Sam to own deploys")])),
            entry("B", "2026-11-24", serde_json::json!([snooze, made("ask sam to own deploys.")])),
            entry("C", "2026-11-25", serde_json::json!([fu("B:tomorrow", "open"), made("Thank Maria")])),
            entry("D", "2026-11-26", serde_json::json!([fu("C:tomorrow", "done"), fu("Z:gone", "done")])),
        ];
        let from_records = commitments(&entries);
        let mut made = Vec::new();
        let mut follow_ups = Vec::new();
        for (n, e) in entries.iter().enumerate() {
            let r = &e.record;
            for a in &r.answers {
                if a.kind == "commitment" {
                    let text = a.text.clone().unwrap();
                    let c = Commitment {
                        id: format!("{}:{}", r.id, a.prompt),
                        entry: r.id.clone(),
                        date: r.date,
                        text: text.clone(),
                        status: Status::Open,
                        due: due_of(a.due, r.date),
                        followed_up: None,
                        carried: 0,
                    };
                    made.push((n as i64, c, wording_hash(&text)));
                } else if let (Some(id), Some(status)) = (&a.commitment, &a.status) {
                    follow_ups.push((r.date, n as i64, id.clone(), status.clone(), a.due));
                }
            }
        }
        // Given in another order, as months read on several cores come.
        made.reverse();
        follow_ups.reverse();
        let kept = settle_kept(made, follow_ups);
        assert_eq!(kept, from_records);
        // A put off once, then made again in the same words (once more), then B carried once.
        assert_eq!(kept[0].carried, 3, "{kept:?}");
        assert_eq!(kept[1].status, Status::Done);
    }
}
