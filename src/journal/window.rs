//! Recent days, cheaply: the few month files a review needs, read once and kept, and which
//! days have entries, read from each line's date without parsing it.

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::lines::{Keep, line_date, lines_of, read_month};
use super::merge::{Loaded, Merge};
use super::scan::{Query, prefilter};

fn days_of(
    path: &Path,
    bytes: &[u8],
    from: NaiveDate,
    to: NaiveDate,
    out: &mut std::collections::BTreeSet<NaiveDate>,
) {
    // Days are read from the bytes only in files as coachlog writes them (compact lines, each
    // with its date where it is looked for) without deletions; any other file is parsed.
    let compact = |line: &[u8]| {
        line.iter().all(u8::is_ascii_whitespace)
            || (line_date(line).is_some()
                && memchr::memmem::find(&line[..line.len().min(256)], b"\": ").is_none())
    };
    if memchr::memmem::find(bytes, b"\"deleted\"").is_some() || !lines_of(bytes).all(compact) {
        let mut merge = Merge::default();
        merge.file(path, Ok(bytes), Some((from, to)), None);
        let loaded = merge.finish();
        out.extend(
            loaded
                .records
                .iter()
                .filter(|r| !r.deleted && r.date >= from && r.date <= to)
                .filter(|r| crate::core::entry::makes_journal_day(r.pack.as_deref()))
                .map(|r| r.date),
        );
        return;
    }
    // Settling a commitment from the command line is not a day of journaling.
    static BOOKKEEPING: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"pack\":\"commitments\""));
    for line in lines_of(bytes) {
        if let Some(d) = line_date(line)
            && d >= from
            && d <= to
            // `pack` is written right after `date`, near the start: no need to scan the words.
            && BOOKKEEPING.find(&line[..line.len().min(256)]).is_none()
        {
            out.insert(d);
        }
    }
}

/// Files read once and kept, for a report that looks at the same recent months twice
/// (records of some days, and which days have entries over a longer window).
#[derive(Debug)]
pub struct Window {
    files: Vec<(PathBuf, io::Result<Vec<u8>>)>,
}

impl Window {
    pub(super) fn read(files: &[&Path]) -> Window {
        let files = files
            .iter()
            .map(|p| (p.to_path_buf(), read_month(p)))
            .filter(|(_, r)| !matches!(r, Err(e) if e.kind() == io::ErrorKind::NotFound))
            .collect();
        Window { files }
    }

    /// The records `q` asks for among the kept files (see [`super::Journal::scan`]).
    pub fn scan(&self, q: &Query<'_>) -> Loaded {
        let keep = prefilter(q.need);
        self.scan_with(q, keep.as_deref().map(|k| k as Keep<'_>))
    }

    fn scan_with(&self, q: &Query<'_>, keep: Option<Keep<'_>>) -> Loaded {
        let mut merge = Merge::default();
        for (path, bytes) in &self.files {
            merge.file(path, bytes.as_deref(), q.range(), keep);
        }
        let Some(mut loaded) = merge.finish_unless_unsure() else {
            return self.scan_with(q, None);
        };
        loaded.records = q.select(loaded.records);
        loaded
    }

    /// The days with at least one entry in the kept files, `from..=to`, read from each
    /// line's date without parsing it (a file holding deletions is parsed, so deleted entries
    /// do not count).
    pub fn days(&self, from: NaiveDate, to: NaiveDate) -> std::collections::BTreeSet<NaiveDate> {
        let mut out = std::collections::BTreeSet::new();
        for (path, bytes) in &self.files {
            if let Ok(bytes) = bytes {
                days_of(path, bytes, from, to, &mut out);
            }
        }
        out
    }
}
