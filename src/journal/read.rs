//! Reading the journal: finding month files (sync-conflict copies included), parsing their
//! lines, warning about damaged ones, and merging revisions by id.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::core::entry::{RECORD_VERSION, Record};
use crate::core::record_ref::RecordRef;

use super::files;

/// The files holding one calendar month: `2026-11.jsonl` and any conflict copies of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// `2026-11`, or `None` for a `.jsonl` file whose name does not start with a month.
    pub key: Option<String>,
    pub files: Vec<PathBuf>,
}

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
}

/// Lists month files under `root`, oldest month first; files with other names come last.
pub fn months(root: &Path) -> io::Result<Vec<Month>> {
    months_in(root, None)
}

/// [`months`], skipping the year folders (`2019/`) outside `years` (both ends included), so
/// that reading recent days does not list thirty years of folders.
pub fn months_in(root: &Path, years: Option<(i32, i32)>) -> io::Result<Vec<Month>> {
    let mut by_key: HashMap<Option<String>, Vec<PathBuf>> = HashMap::new();
    collect(root, 0, years, &mut by_key)?;
    let mut out: Vec<Month> = by_key
        .into_iter()
        .map(|(key, mut files)| {
            files.sort();
            Month { key, files }
        })
        .collect();
    // `None` sorts first; put it last so "newest month" is the last keyed one.
    out.sort_by(|a, b| match (&a.key, &b.key) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Greater,
        (_, None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => x.cmp(y),
    });
    Ok(out)
}

fn collect(
    dir: &Path,
    depth: usize,
    years: Option<(i32, i32)>,
    out: &mut HashMap<Option<String>, Vec<PathBuf>>,
) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound && depth == 0 => return Ok(()),
        Err(e) if depth == 0 => return Err(e),
        // A year folder that cannot be listed must not hide the rest: doctor names it.
        Err(_) => return Ok(()),
    };
    for entry in entries {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        // Only what coachlog writes is read: month files (and sync tools' copies of them) at
        // the top or in a year folder. Anything else (`--journal ~`, a project folder) is
        // someone else's, and doctor says so.
        if name.ends_with(".jsonl") {
            if let Some(key) = month_key(&name) {
                // A link, FIFO, device or folder in a month file's place is listed too, so that
                // every read warns that it was skipped (reading refuses it).
                out.entry(Some(key)).or_default().push(path);
            }
            continue;
        }
        let year = (depth == 0 && name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
            .then(|| name.parse::<i32>().ok())
            .flatten();
        if let Some(year) = year
            && kind.is_dir()
            && years.is_none_or(|(first, last)| year >= first && year <= last)
        {
            collect(&path, depth + 1, years, out)?;
        }
    }
    Ok(())
}

/// `2026-11` from `2026-11.jsonl`, `2026-11.sync-conflict-….jsonl` or
/// `2026-11 (conflicted copy).jsonl`.
pub fn month_key(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let ok = b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b.get(7).is_none_or(|c| !c.is_ascii_digit());
    ok.then(|| name[..7].to_string())
}

/// UTF-8's byte-order mark, which some editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A journal file's bytes: only a regular file, never through a link, never a FIFO or a
/// device, and at most [`files::MAX_MONTH_BYTES`].
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    files::read_regular(path, files::MAX_MONTH_BYTES)
}

/// The highest revision of entry `id` among the lines of `bytes` (a month file), if any.
pub fn latest_rev(bytes: &[u8], id: &str) -> Option<u32> {
    let finder = memchr::memmem::Finder::new(id.as_bytes());
    lines_of(bytes)
        .filter(|line| finder.find(line).is_some())
        .filter_map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            serde_json::from_slice::<Record>(line.strip_prefix(BOM).unwrap_or(line)).ok()
        })
        .filter(|r| r.id == id)
        .map(|r| r.rev)
        .max()
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

/// Which lines to parse, decided from their bytes. It is asked only about first revisions:
/// a later revision is always parsed, since it may replace one that was kept (an edit that
/// took a commitment or a word out).
pub type Keep<'k> = &'k dyn Fn(&[u8]) -> bool;

/// Whether a stored line is surely a first revision (`"rev":1,` as coachlog writes it).
fn first_revision(line: &[u8]) -> bool {
    static FIELD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"rev\":1,"));
    FIELD.find(line).is_some()
}

/// What one line of a month file holds.
#[derive(Debug)]
pub enum Line {
    /// Empty or white space only.
    Blank,
    Record(Box<Record>),
    /// A record of a newer format version: kept on disk, not shown.
    Newer,
    /// Not a record; the message says why.
    Damaged(String),
    /// Dated outside the range asked for, so not parsed.
    Outside,
}

/// Every line of a month file: its 1-based number, its bytes (without the `\n`), and what it
/// holds. Never panics, whatever the bytes.
pub fn parse_lines(bytes: &[u8]) -> Vec<(usize, &[u8], Line)> {
    parse_lines_in(bytes, None, None)
}

/// The lines of `bytes`, split with memchr.
fn lines_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())).map(move |end| {
        let line = &bytes[start.min(end)..end];
        start = end + 1;
        line
    })
}

/// The entry date of a stored line, found without parsing it (`"date":"2026-11-27"`), or
/// `None` when the line does not have one there.
pub fn line_date(line: &[u8]) -> Option<NaiveDate> {
    static FIELD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"date\":\""));
    let at = FIELD.find(line)? + 8;
    let d = line.get(at..at + 10)?;
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        d[r].iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    if d[4] != b'-' || d[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// The days with at least one entry in `files`, between `from` and `to`, read from each line's
/// date without parsing it. A file holding deletions is parsed, so deleted entries do not count.
pub fn days(
    files: &[&Path],
    from: NaiveDate,
    to: NaiveDate,
) -> io::Result<std::collections::BTreeSet<NaiveDate>> {
    let mut out = std::collections::BTreeSet::new();
    for path in files {
        if let Ok(bytes) = read_file(path) {
            days_of(path, &bytes, from, to, &mut out);
        }
    }
    Ok(out)
}

fn days_of(
    path: &Path,
    bytes: &[u8],
    from: NaiveDate,
    to: NaiveDate,
    out: &mut std::collections::BTreeSet<NaiveDate>,
) {
    if memchr::memmem::find(bytes, b"\"deleted\":true").is_some() {
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

/// Files read once and kept, for a command that looks at the same recent months twice
/// (records of some days, and which days have entries over a longer window).
#[derive(Debug)]
pub struct Contents {
    files: Vec<(PathBuf, io::Result<Vec<u8>>)>,
}

impl Contents {
    pub fn read(files: &[&Path]) -> Contents {
        let files = files
            .iter()
            .map(|p| (p.to_path_buf(), read_file(p)))
            .filter(|(_, r)| !matches!(r, Err(e) if e.kind() == io::ErrorKind::NotFound))
            .collect();
        Contents { files }
    }

    /// [`load_dated`] over the kept files.
    pub fn load_dated(&self, from: NaiveDate, to: NaiveDate) -> Loaded {
        self.load_dated_where(from, to, &|_| true)
    }

    /// [`Contents::load_dated`], parsing only the lines `keep` keeps (it sees a line before
    /// it is parsed; see [`line_date`]).
    pub fn load_dated_where(&self, from: NaiveDate, to: NaiveDate, keep: Keep<'_>) -> Loaded {
        let mut merge = Merge::default();
        for (path, bytes) in &self.files {
            merge.file(path, bytes.as_deref(), Some((from, to)), Some(keep));
        }
        merge.finish()
    }

    /// [`days`] over the kept files.
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

/// The entry dates of every line of `files`, found without parsing (lines without a date
/// there are left out).
pub fn line_dates(files: &[&Path]) -> io::Result<Vec<NaiveDate>> {
    let mut out = Vec::new();
    for path in files {
        if let Ok(bytes) = read_file(path) {
            out.extend(lines_of(&bytes).filter_map(line_date));
        }
    }
    Ok(out)
}

/// [`parse_lines`], parsing only the lines dated within `range` that `keep` keeps (when
/// given; see [`Keep`]): the others are `Line::Outside`. This keeps "the last few days" cheap in a big
/// month, and finding an entry by id cheap in a big journal.
pub fn parse_lines_in<'a>(
    bytes: &'a [u8],
    range: Option<(NaiveDate, NaiveDate)>,
    keep: Option<Keep<'_>>,
) -> Vec<(usize, &'a [u8], Line)> {
    let ends_cleanly = bytes.last().is_none_or(|b| *b == b'\n');
    let body = if ends_cleanly && !bytes.is_empty() { &bytes[..bytes.len() - 1] } else { bytes };
    if body.is_empty() && ends_cleanly {
        return if bytes.is_empty() { Vec::new() } else { vec![(1, body, Line::Blank)] };
    }
    let mut out = Vec::with_capacity(body.len() / 1024 + 1);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', body).chain(std::iter::once(body.len()));
    for (i, end) in ends.enumerate() {
        let raw = &body[start..end];
        start = end + 1;
        let torn = end == body.len() && !ends_cleanly;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = line.strip_prefix(BOM).unwrap_or(line);
        let parsed = if line.iter().all(u8::is_ascii_whitespace) {
            Line::Blank
        } else if line.len() > super::MAX_RECORD_BYTES {
            // No entry coachlog writes is this big; parsing one would cost memory out of all
            // proportion (a record of millions of answers).
            Line::Damaged(format!(
                "a line of {} KB, longer than any entry coachlog writes ({} KB at most)",
                line.len() >> 10,
                super::MAX_RECORD_BYTES >> 10
            ))
        } else if let Some((from, to)) = range
            && line_date(line).is_some_and(|d| d < from || d > to)
        {
            Line::Outside
        } else if keep.is_some_and(|keep| !keep(line)) && first_revision(line) {
            Line::Outside
        } else {
            let parsed = serde_json::from_slice::<Record>(line);
            match parsed {
                Ok(r) if r.v > RECORD_VERSION => Line::Newer,
                // The same rule as imports: nothing read can make a path, a slice or a sum go wrong.
                Ok(r) => match r.check() {
                    Ok(()) => Line::Record(Box::new(r)),
                    Err(why) => Line::Damaged(format!("not a valid journal record: {why}")),
                },
                Err(_) if serde_json::from_slice::<VersionOnly>(line).is_ok_and(|v| v.v > RECORD_VERSION) => {
                    Line::Newer
                }
                Err(_) if torn => {
                    Line::Damaged("the last line is incomplete (a write was interrupted)".to_string())
                }
                Err(err) => Line::Damaged(format!("not a journal record ({err})")),
            }
        };
        out.push((i + 1, raw, parsed));
    }
    out
}

/// The latest revision of every entry in `contents` (the month files, read by the caller
/// and kept alive), borrowed from them and in date order, for rendering without copying
/// words. Lines that do not parse and newer records are skipped silently: [`load`] is the
/// read that reports them.
pub fn latest_borrowed<'a>(contents: &'a [Vec<u8>]) -> Vec<RecordRef<'a>> {
    borrowed(contents).records
}

/// [`latest_borrowed`], or `None` when a line does not parse (the caller then reads the
/// month with [`load`], which says what is wrong with it), with the number of records
/// written by a newer coachlog.
pub fn latest_borrowed_whole<'a>(contents: &'a [Vec<u8>]) -> Option<(Vec<RecordRef<'a>>, usize)> {
    let read = borrowed(contents);
    (read.damaged == 0).then_some((read.records, read.newer))
}

struct Borrowed<'a> {
    records: Vec<RecordRef<'a>>,
    damaged: usize,
    newer: usize,
}

fn borrowed<'a>(contents: &'a [Vec<u8>]) -> Borrowed<'a> {
    let mut latest = Latest::default();
    let (mut damaged, mut newer) = (0, 0);
    let mut offer = |parsed: Result<RecordRef<'a>, serde_json::Error>| match parsed {
        Err(_) => damaged += 1,
        Ok(r) if r.v > RECORD_VERSION => newer += 1,
        Ok(r) if r.check().is_err() => damaged += 1,
        Ok(r) => latest.offer(r),
    };
    for bytes in contents {
        // A file checked as UTF-8 once is parsed as text, which spares checking every string.
        let text = std::str::from_utf8(bytes).ok();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
            let (from, to) = (start.min(end), end);
            start = end + 1;
            let to = if bytes[from..to].ends_with(b"\r") { to - 1 } else { to };
            // A byte-order mark (an editor's, or `cat` of files that have one) is not data.
            let from = if bytes[from..to].starts_with(BOM) { from + BOM.len() } else { from };
            if bytes[from..to].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if to - from > super::MAX_RECORD_BYTES {
                // Too big to be an entry: counted as damage (the full read names it).
                offer(Err(serde::de::Error::custom("a line longer than any entry")));
                continue;
            }
            // `\n` and `\r` are ASCII, so the cuts fall on character boundaries.
            offer(match text {
                Some(text) => serde_json::from_str(&text[from..to]),
                None => serde_json::from_slice(&bytes[from..to]),
            });
        }
    }
    Borrowed { records: latest.into_sorted(), damaged, newer }
}

/// Reads `files` and merges their records: the highest `rev` of an id wins, then the later
/// `at`, then the later line (files in the order given).
pub fn load(files: &[&Path]) -> io::Result<Loaded> {
    load_with(files, None, None)
}

/// [`load`], parsing only the lines that contain `needle` (an id prefix, say): finding one
/// entry in a large journal then costs a byte search, not a parse of every line.
pub fn load_containing(files: &[&Path], needle: &[u8]) -> io::Result<Loaded> {
    load_with(files, None, Some(needle))
}

/// [`load`], parsing only the lines `keep` keeps.
pub fn load_where(files: &[&Path], keep: Keep<'_>) -> io::Result<Loaded> {
    let mut merge = Merge::default();
    for path in files {
        match read_file(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            read => merge.file(path, read.as_deref(), None, Some(keep)),
        }
    }
    Ok(merge.finish())
}

/// [`load`], reading only the records dated `from..=to`.
pub fn load_dated(files: &[&Path], from: NaiveDate, to: NaiveDate) -> io::Result<Loaded> {
    load_with(files, Some((from, to)), None)
}

fn load_with(
    files: &[&Path],
    range: Option<(NaiveDate, NaiveDate)>,
    needle: Option<&[u8]>,
) -> io::Result<Loaded> {
    let finder = needle.map(memchr::memmem::Finder::new);
    let keep = |line: &[u8]| finder.as_ref().is_none_or(|f| f.find(line).is_some());
    let mut merge = Merge::default();
    for path in files {
        match read_file(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // A file without the needle anywhere has no line to parse.
            Ok(bytes) if finder.as_ref().is_some_and(|f| f.find(&bytes).is_none()) => {}
            read => merge.file(path, read.as_deref(), range, Some(&keep)),
        }
    }
    Ok(merge.finish())
}

/// What merging needs of a record, owned or borrowed; `'k` is how long its id can be
/// borrowed for a key.
trait Revision<'k> {
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

/// The latest revision of every id among records offered in file and line order (SPEC §5):
/// the highest `rev` wins, then the later `at`, then the later line. Owned and borrowed reads
/// share it, so they always agree (`export` relies on their order being the same).
struct Latest<'k, R> {
    by_id: HashMap<std::borrow::Cow<'k, str>, (R, usize)>,
    seq: usize,
}

impl<'k, R: Revision<'k>> Default for Latest<'k, R> {
    fn default() -> Self {
        Latest { by_id: HashMap::new(), seq: 0 }
    }
}

impl<'k, R: Revision<'k>> Latest<'k, R> {
    fn offer(&mut self, r: R) {
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
    fn into_sorted(self) -> Vec<R> {
        let mut records: Vec<(R, usize)> = self.by_id.into_values().collect();
        records.sort_by_cached_key(|(r, seq)| (r.date(), r.written(), *seq));
        records.into_iter().map(|(r, _)| r).collect()
    }
}

/// Whether `date` falls in the month `key` (`2026-11`).
pub fn in_month(date: NaiveDate, key: &str) -> bool {
    use chrono::Datelike;
    let b = key.as_bytes();
    let num = |r: std::ops::Range<usize>| key.get(r).and_then(|t| t.parse::<u32>().ok());
    b.len() == 7 && num(0..4) == u32::try_from(date.year()).ok() && num(5..7) == Some(date.month())
}

/// The warning for a record found in a month file other than its date's.
fn misfiled(path: &Path, line: usize, r: &Record) -> Warning {
    Warning {
        file: path.to_path_buf(),
        line: Some(line),
        message: format!(
            "entry {} is dated {} but filed in another month's file, so reports may miss or double-count it; `coachlog doctor --repair` moves it where it belongs",
            r.id, r.date
        ),
    }
}

/// Records merged across files as they are read, with what could not be read.
#[derive(Default)]
struct Merge {
    loaded: Loaded,
    latest: Latest<'static, Record>,
}

impl Merge {
    /// Adds the records of one file (or a warning that it cannot be read).
    fn file(
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
        for (number, _, line) in parse_lines_in(bytes, range, keep) {
            match line {
                Line::Blank | Line::Outside => {}
                Line::Newer => self.loaded.newer += 1,
                Line::Record(r) => {
                    if let Some(key) = &key
                        && !in_month(r.date, key)
                    {
                        self.loaded.warnings.push(misfiled(path, number, &r));
                    }
                    self.latest.offer(*r);
                }
                Line::Damaged(message) => {
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

    fn finish(mut self) -> Loaded {
        self.loaded.records = self.latest.into_sorted();
        self.loaded
    }
}
