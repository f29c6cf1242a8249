//! Merging revisions (SPEC §5): of the records of one id, the highest `rev` wins, then the
//! later revision time, then the later line. Owned and borrowed reads share the rule.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::core::entry::Record;
use crate::core::record_ref::RecordRef;

use super::lines::{Keep, Line, line_date, line_id, parse_lines_in};
use super::listing::{in_month, month_key};

/// A line (or a whole file) that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Warning {
    pub file: PathBuf,
    /// 1-based; `None` when the whole file could not be read.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    /// `FILE:LINE: message`, or `FILE: message` for a whole file.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// What a read found: the latest revision of every entry (tombstones included), oldest
/// first, and what was skipped.
#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<Record>,
    pub warnings: Vec<Warning>,
    /// Records written by a newer coachlog: left untouched on disk, not shown.
    pub newer: usize,
    /// Ids of records this read left out (first revisions a prefilter left unparsed, records
    /// the reader did not want): when months are read apart, none of them may be the id of
    /// a record another month kept, or the two were never merged (see `scan::combine`).
    pub(super) left_out: Vec<[u8; 26]>,
}

/// The latest revision of each id among `records` (in the order they were read: the later
/// wins a tie), oldest first. Merges what was read a month at a time, on several cores.
pub fn latest_of(records: Vec<Record>) -> Vec<Record> {
    let mut winner: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        winner
            .entry(r.id.as_str())
            .and_modify(|w| {
                if r.rank() >= records[*w].rank() {
                    *w = i;
                }
            })
            .or_insert(i);
    }
    let mut wins = vec![false; records.len()];
    for i in winner.into_values() {
        wins[i] = true;
    }
    let mut out: Vec<Record> =
        records.into_iter().zip(wins).filter_map(|(r, won)| won.then_some(r)).collect();
    // Stable: among entries written at the same time, the earlier read stays first.
    out.sort_by_key(|r| (r.date, r.at));
    out
}

/// What merging needs of a record, owned or borrowed; `'k` is how long its id can be
/// borrowed for a key.
pub(super) trait Revision<'k> {
    fn key(&self) -> std::borrow::Cow<'k, str>;
    /// Which revision wins: the higher `rev`, then the later revision time.
    fn rank(&self) -> (u32, chrono::DateTime<chrono::FixedOffset>);
    /// When the entry was written (every revision keeps it): the order entries are listed in.
    fn written(&self) -> chrono::DateTime<chrono::FixedOffset>;
    fn date(&self) -> NaiveDate;
}

impl Revision<'static> for Record {
    fn key(&self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Owned(self.id.clone())
    }
    fn rank(&self) -> (u32, chrono::DateTime<chrono::FixedOffset>) {
        (self.rev, self.edited.unwrap_or(self.at))
    }
    fn written(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.at
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
}

impl<'a> Revision<'a> for RecordRef<'a> {
    fn key(&self) -> std::borrow::Cow<'a, str> {
        self.id.0.clone()
    }
    fn rank(&self) -> (u32, chrono::DateTime<chrono::FixedOffset>) {
        (self.rev, self.edited.unwrap_or(self.at))
    }
    fn written(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.at
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
}

impl<'k, R: Revision<'k>> Default for Latest<'k, R> {
    fn default() -> Self {
        Latest { by_id: HashMap::new(), seq: 0 }
    }
}

impl<'k, R: Revision<'k>> Latest<'k, R> {
    pub(super) fn offer(&mut self, r: R) {
        self.seq += 1;
        match self.by_id.entry(r.key()) {
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                if r.rank() >= slot.get().0.rank() {
                    slot.insert((r, self.seq));
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((r, self.seq));
            }
        }
    }

    /// Oldest first: by date, then time written, then line.
    pub(super) fn into_sorted(self) -> Vec<R> {
        let mut records: Vec<(R, usize)> = self.by_id.into_values().collect();
        records.sort_by_cached_key(|(r, seq)| (r.date(), r.written(), *seq));
        records.into_iter().map(|(r, _)| r).collect()
    }
}

/// The latest revision of every id among records offered in file and line order (SPEC §5):
/// the highest `rev` wins, then the later `at`, then the later line. Owned and borrowed reads
/// share it, so they always agree (`export` relies on their order being the same).
pub(super) struct Latest<'k, R> {
    by_id: HashMap<std::borrow::Cow<'k, str>, (R, usize)>,
    seq: usize,
}

/// The warning for a record found in a month file other than its date's.
fn misfiled(path: &Path, line: usize, id: &str, date: NaiveDate) -> Warning {
    Warning {
        file: path.to_path_buf(),
        line: Some(line),
        message: format!(
            "entry {} is dated {} but filed in another month's file, so reports may miss or double-count it; `coachlog doctor --repair` moves it where it belongs",
            id, date
        ),
    }
}

/// Records merged across files as they are read, with what could not be read.
#[derive(Default)]
pub(super) struct Merge {
    loaded: Loaded,
    latest: Latest<'static, Record>,
    /// Ids of the first revisions left unparsed.
    unparsed: Vec<[u8; 26]>,
    /// A first revision was left unparsed whose id could not be told from its bytes.
    unparsed_unknown: bool,
}

impl Merge {
    /// Adds the records of one file (or a warning that it cannot be read).
    pub(super) fn file(
        &mut self,
        path: &Path,
        bytes: Result<&[u8], &io::Error>,
        range: Option<(NaiveDate, NaiveDate)>,
        keep: Option<Keep<'_>>,
    ) {
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                // One unreadable file must not hide the rest of the journal.
                let message = format!("cannot read this file ({e}); its entries are not shown");
                self.loaded.warnings.push(Warning { file: path.to_path_buf(), line: None, message });
                return;
            }
        };
        let key = path.file_name().and_then(|n| month_key(&n.to_string_lossy()));
        for (number, raw, line) in parse_lines_in(bytes, range, keep) {
            match line {
                Line::Blank | Line::Outside => {}
                Line::Unwanted => match line_id(raw) {
                    Some(id) => {
                        // Said as if it had been read: a record in the wrong month's file.
                        if let (Some(key), Some(date)) = (&key, line_date(raw))
                            && !in_month(date, key)
                        {
                            let id = String::from_utf8_lossy(&id);
                            self.loaded.warnings.push(misfiled(path, number, &id, date));
                        }
                        self.unparsed.push(id);
                    }
                    None => self.unparsed_unknown = true,
                },
                Line::Newer => self.loaded.newer += 1,
                Line::Record(r) => {
                    if let Some(key) = &key
                        && !in_month(r.date, key)
                    {
                        self.loaded.warnings.push(misfiled(path, number, &r.id, r.date));
                    }
                    self.latest.offer(*r);
                }
                Line::Kept(message) => {
                    self.loaded.warnings.push(Warning {
                        file: path.to_path_buf(),
                        line: Some(number),
                        message,
                    });
                }
                Line::Damaged(message) | Line::Torn(message) => {
                    let message = format!("{message}; it was skipped");
                    self.loaded.warnings.push(Warning {
                        file: path.to_path_buf(),
                        line: Some(number),
                        message,
                    });
                }
            }
        }
    }

    pub(super) fn finish(mut self) -> Loaded {
        self.loaded.records = self.latest.into_sorted();
        self.loaded
    }

    /// [`Merge::finish`], or `None` when a line left unparsed (see [`Line::Unwanted`]) may
    /// be a revision of a record that was read: two first revisions of one id disagree (a
    /// crafted or damaged journal), and only a read of every line says which wins.
    pub(super) fn finish_unless_unsure(mut self) -> Option<Loaded> {
        if self.unparsed_unknown {
            return None;
        }
        let mut unparsed = std::mem::take(&mut self.unparsed);
        if !unparsed.is_empty() {
            unparsed.sort_unstable();
            // A later revision read beats an unparsed first one; a first one read may not.
            let mut unsure = false;
            let mut settled = Vec::new();
            for (r, _) in self.latest.by_id.values() {
                if let Ok(id) = <[u8; 26]>::try_from(r.id.as_bytes())
                    && unparsed.binary_search(&id).is_ok()
                {
                    unsure |= r.rev == 1;
                    settled.push(id);
                }
            }
            if unsure {
                return None;
            }
            settled.sort_unstable();
            unparsed.retain(|id| settled.binary_search(id).is_err());
        }
        let mut loaded = self.finish();
        loaded.left_out = unparsed;
        Some(loaded)
    }
}
