//! The journal's one way in for readers: a [`Query`] says which entries and what of them the
//! caller needs, and the journal picks the cheapest way to read them (only the months that can
//! hold them, byte prefilters before parsing, every core). Commands never see files or bytes.
//!
//! Every fast way here has a plain twin: [`Journal::scan_plain`] parses every line of every
//! file and filters afterwards, and the tests in `journal/tests.rs` hold the two equal on
//! random journals.

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::core::entry::Record;
use crate::core::record_ref::RecordRef;
use crate::core::theme::Themes;

use super::lines::{Keep, line_date, lines_of, read_file, read_month_in, read_month_into};
use super::listing::Month;
use super::merge::{Loaded, Merge};
use super::{Journal, MonthDigest, borrowed, par};

/// What a reader needs of each entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Need<'a> {
    /// Whole records.
    #[default]
    Records,
    /// Only the entries that make or settle a commitment, holding only those answers.
    Commitments,
    /// Whole records from this day on; before it, as [`Need::Commitments`] (a review's
    /// days, and the commitments still open from before them).
    CommitmentsBefore(NaiveDate),
    /// The records whose words may hold this text (folded, see [`crate::core::text::fold`]):
    /// the others may be left out.
    Words(&'a str),
    /// The records whose id starts with this (upper case, as ids are stored); others may be
    /// left out.
    IdPrefix(&'a str),
    /// The records with one of these ids; others may be left out.
    Ids(&'a [String]),
}

/// Which entries to read: those dated `from..=to` (either end open) and what of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Query<'a> {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub need: Need<'a>,
}

impl<'a> Query<'a> {
    /// Every entry, whole.
    pub fn all() -> Query<'static> {
        Query::default()
    }

    /// The entries dated `from..=to`.
    pub fn dated(from: NaiveDate, to: NaiveDate) -> Query<'static> {
        Query { from: Some(from), to: Some(to), need: Need::Records }
    }

    /// The entries dated between `from` and `to`, either open.
    pub fn between(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Query<'static> {
        Query { from, to, need: Need::Records }
    }

    pub fn need(self, need: Need<'a>) -> Query<'a> {
        Query { need, ..self }
    }

    pub(super) fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        (self.from.is_some() || self.to.is_some())
            .then(|| (self.from.unwrap_or(NaiveDate::MIN), self.to.unwrap_or(NaiveDate::MAX)))
    }

    /// Whether `r` is one of the records the query asks for (the plain filter the fast
    /// ways must agree with).
    pub(super) fn wants(&self, r: &Record) -> bool {
        let dated = self.from.is_none_or(|f| r.date >= f) && self.to.is_none_or(|t| r.date <= t);
        dated
            && match self.need {
                Need::Records => true,
                Need::Commitments => r.answers.iter().any(|a| is_promise(&a.kind)),
                Need::CommitmentsBefore(day) => {
                    r.date >= day || r.answers.iter().any(|a| is_promise(&a.kind))
                }
                Need::Words(text) => crate::core::text::fold(&r.text()).contains(text),
                Need::IdPrefix(prefix) => r.id.starts_with(prefix),
                Need::Ids(ids) => ids.contains(&r.id),
            }
    }

    /// The records the query wants, with what it keeps of them.
    pub(super) fn select(&self, records: Vec<Record>) -> Vec<Record> {
        records.into_iter().filter(|r| self.wants(r)).map(|r| self.shrink(r)).collect()
    }

    /// What is kept of a record the query wants.
    fn shrink(&self, mut r: Record) -> Record {
        let trim = match self.need {
            Need::Commitments => true,
            Need::CommitmentsBefore(day) => r.date < day,
            _ => false,
        };
        if trim {
            r.answers.retain(|a| is_promise(&a.kind));
            // What is kept of a journal of commitments is small; its answers' room is not.
            r.answers.shrink_to_fit();
        }
        r
    }
}

fn is_promise(kind: &str) -> bool {
    kind == "commitment" || kind == "follow-up"
}

/// A line test owned by a read (see [`Keep`]).
type Prefilter<'q> = Box<dyn Fn(&[u8]) -> bool + Sync + 'q>;

/// Which lines a need must parse, decided from their bytes (see [`Keep`]): a line that fails
/// cannot hold what is needed. `None`: every line.
pub(super) fn prefilter<'q>(need: Need<'q>) -> Option<Prefilter<'q>> {
    match need {
        Need::Records => None,
        Need::Commitments => {
            let finder = memchr::memmem::Finder::new(b"commitment");
            Some(Box::new(move |line: &[u8]| finder.find(line).is_some()))
        }
        Need::CommitmentsBefore(day) => {
            let finder = memchr::memmem::Finder::new(b"commitment");
            Some(Box::new(move |line: &[u8]| {
                line_date(line).is_none_or(|d| d >= day) || finder.find(line).is_some()
            }))
        }
        Need::IdPrefix(prefix) => {
            let finder = memchr::memmem::Finder::new(prefix.as_bytes()).into_owned();
            Some(Box::new(move |line: &[u8]| finder.find(line).is_some()))
        }
        Need::Ids(ids) => {
            // An id is 26 plain letters and digits, never escaped in a line.
            let finder = aho_corasick::AhoCorasick::new(ids).ok()?;
            Some(Box::new(move |line: &[u8]| finder.is_match(line)))
        }
        Need::Words(text) => {
            // A line can hold the text only if its bytes do, in any ASCII case, when the
            // text is plain ASCII with nothing JSON escapes. A line with other bytes, or with
            // an escape (`\u0041` is `A`; `\/` is `/`), may spell it otherwise, so it is parsed.
            let plain =
                text.bytes().all(|b| b.is_ascii() && !b.is_ascii_control() && b != b'"' && b != b'\\');
            let slash = text.contains('/');
            let finder =
                aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build([text]).ok()?;
            plain.then(|| -> Prefilter<'q> {
                Box::new(move |line: &[u8]| {
                    !line.is_ascii()
                        || finder.is_match(line)
                        || memchr::memmem::find(line, b"\\u").is_some()
                        || (slash && memchr::memmem::find(line, b"\\/").is_some())
                })
            })
        }
    }
}

/// Reads one month's files, parsing only the lines the query may want, and keeps what it
/// asks for of the records it wants.
pub(super) fn read_month(files: &[PathBuf], q: &Query<'_>, keep: Option<Keep<'_>>) -> Loaded {
    let Some(mut loaded) = merge_files(files, q.range(), keep).finish_unless_unsure() else {
        return read_month(files, q, None);
    };
    let mut wanted = Vec::with_capacity(loaded.records.len());
    for r in std::mem::take(&mut loaded.records) {
        if q.wants(&r) {
            wanted.push(q.shrink(r));
        } else if let Ok(id) = <[u8; 26]>::try_from(r.id.as_bytes()) {
            loaded.left_out.push(id);
        }
    }
    loaded.records = wanted;
    loaded
}

/// `files` read (a missing one is no error: a sync may have just removed it) and merged.
fn merge_files(files: &[PathBuf], range: Option<(NaiveDate, NaiveDate)>, keep: Option<Keep<'_>>) -> Merge {
    let mut merge = Merge::default();
    for path in files {
        match read_month_in(path, range) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            read => merge.file(path, read.as_deref(), range, keep),
        }
    }
    merge
}

/// Months read apart (on several cores, or newest first), put together: a record filed in
/// two months' files is merged as if they had been read as one, and the result is in date
/// order. `None` when a record one month kept has the id of one another month left out
/// (one entry filed in two months: only a read of every line says which revision wins).
fn combine(parts: impl IntoIterator<Item = Loaded>) -> Option<Loaded> {
    let mut out = Loaded::default();
    for part in parts {
        out.records.extend(part.records);
        out.warnings.extend(part.warnings);
        out.newer += part.newer;
        out.left_out.extend(part.left_out);
    }
    if !out.left_out.is_empty() {
        out.left_out.sort_unstable();
        let unsure = out.records.iter().any(|r| {
            <[u8; 26]>::try_from(r.id.as_bytes()).is_ok_and(|id| out.left_out.binary_search(&id).is_ok())
        });
        if unsure {
            return None;
        }
    }
    out.records = super::merge::latest_of(std::mem::take(&mut out.records));
    out.warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Some(out)
}

/// One month, as a reader working on it sees it.
pub struct MonthRead<'j> {
    journal: &'j Journal,
    month: &'j Month,
}

impl MonthRead<'_> {
    /// `2026-11`, or `None` for files whose name has no month.
    pub fn key(&self) -> Option<&str> {
        self.month.key.as_deref()
    }

    /// The month's records the query wants (its dates limit what is parsed, not which month
    /// this is).
    pub fn load(&self, q: &Query<'_>) -> Loaded {
        let keep = prefilter(q.need);
        read_month(&self.month.files, q, keep.as_deref().map(|k| k as Keep<'_>))
    }

    /// The month's digest (kept in the cache when the month has not changed).
    pub fn digest(&self, themes: &Themes) -> io::Result<MonthDigest> {
        self.journal.index().month(self.month, themes)
    }

    /// What `work` makes of this month, kept in the cache beside its digest (see
    /// [`super::index::Index::kept`]): `work` runs only when the month or `fingerprint` changed.
    pub fn kept<T: serde::Serialize + serde::de::DeserializeOwned>(
        &self,
        suffix: &str,
        fingerprint: &str,
        work: impl FnOnce(&Self) -> io::Result<T>,
        keep: impl FnOnce(&T) -> bool,
    ) -> io::Result<T> {
        self.journal.index().kept(self.month, suffix, fingerprint, || work(self), keep)
    }

    /// The latest revision of each record of the month, borrowed from its bytes (read into
    /// `scratch`, which a worker reuses month after month), in date order. Damaged lines
    /// are skipped here: [`MonthRead::load`] and the digests report them.
    pub fn borrowed<'s>(&self, scratch: &'s mut Scratch) -> Vec<RecordRef<'s>> {
        let bufs = &mut scratch.0;
        bufs.resize_with(self.month.files.len(), Vec::new);
        for (path, buf) in self.month.files.iter().zip(bufs.iter_mut()) {
            buf.clear();
            let _ = read_month_into(path, buf);
        }
        borrowed::latest_borrowed(&scratch.0[..self.month.files.len()])
    }
}

impl MonthRead<'_> {
    /// [`MonthRead::borrowed`] when every line of the month is a whole record filed in it,
    /// with how many records were too new to read; `None` when a line is damaged or a record
    /// belongs to another month, for [`MonthRead::load`] to read and report.
    pub fn borrowed_whole<'s>(&self, scratch: &'s mut Scratch) -> Option<(Vec<RecordRef<'s>>, usize)> {
        let bufs = &mut scratch.0;
        bufs.resize_with(self.month.files.len(), Vec::new);
        for (path, buf) in self.month.files.iter().zip(bufs.iter_mut()) {
            buf.clear();
            match read_month_into(path, buf) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(_) => return None,
            }
        }
        let (records, newer) = borrowed::latest_borrowed_whole(&scratch.0[..self.month.files.len()])?;
        let misfiled = |r: &RecordRef<'_>| {
            self.month.key.as_deref().is_some_and(|k| !super::listing::in_month(r.date, k))
        };
        (!records.iter().any(misfiled)).then_some((records, newer))
    }
}

impl MonthRead<'_> {
    /// Every string of every `"items"` array in the month's lines, found without parsing the
    /// lines: a quick superset of the names its `list` answers give (with a `multi` answer's
    /// options, older revisions and deleted entries too), for a reader that must know every
    /// name before it reads any text. Unreadable files and arrays are passed over: the
    /// reader that parses the month reports them.
    pub fn items_hint(&self, scratch: &mut Scratch) -> Vec<String> {
        let finder = memchr::memmem::Finder::new(b"\"items\"");
        let mut out = Vec::new();
        for path in &self.month.files {
            let buf = scratch.0.first_mut().map(std::mem::take).unwrap_or_default();
            let mut buf = buf;
            buf.clear();
            if read_month_into(path, &mut buf).is_ok() {
                for at in finder.find_iter(&buf) {
                    let rest = &buf[at + b"\"items\"".len()..];
                    let Some(colon) = rest.iter().position(|b| !b.is_ascii_whitespace()) else { continue };
                    if rest[colon] != b':' {
                        continue;
                    }
                    let value = &rest[colon + 1..];
                    let mut stream = serde_json::Deserializer::from_slice(value).into_iter::<Vec<String>>();
                    if let Some(Ok(items)) = stream.next() {
                        out.extend(items);
                    }
                }
            }
            match scratch.0.first_mut() {
                Some(slot) => *slot = buf,
                None => scratch.0.push(buf),
            }
        }
        out
    }
}

/// Buffers a worker keeps from one month to the next.
#[derive(Default)]
pub struct Scratch(Vec<Vec<u8>>);

impl Journal {
    fn months_of(&self, q: &Query<'_>) -> io::Result<Vec<Month>> {
        if q.from.is_none() && q.to.is_none() { self.months() } else { self.months_between(q.from, q.to) }
    }

    /// The records the query asks for, latest revisions (tombstones included), oldest
    /// first, with what could not be read.
    pub fn scan(&self, q: &Query<'_>) -> io::Result<Loaded> {
        let months = self.months_of(q)?;
        let keep = prefilter(q.need);
        let keep = keep.as_deref().map(|k| k as Keep<'_>);
        let parts = if months.len() <= 2 {
            months.iter().map(|m| read_month(&m.files, q, keep)).collect()
        } else {
            par::map(&months, |m| Ok(read_month(&m.files, q, keep)))?
        };
        match combine(parts) {
            Some(loaded) => Ok(loaded),
            // One entry filed in two months (doctor names it): read every line as one.
            None => self.scan_plain(q),
        }
    }

    /// [`Journal::scan`] the slow, plain way: every line of every file parsed, then
    /// filtered. What the fast ways are tested against.
    pub fn scan_plain(&self, q: &Query<'_>) -> io::Result<Loaded> {
        let files: Vec<PathBuf> = self.months()?.into_iter().flat_map(|m| m.files).collect();
        let mut loaded = merge_files(&files, None, None).finish();
        loaded.records = q.select(loaded.records);
        loaded.warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Ok(loaded)
    }

    /// `work` of each month that can hold entries dated as `q` asks, on every core, in month
    /// order (oddly named files last).
    pub fn each_month<T: Send>(
        &self,
        q: &Query<'_>,
        work: impl Fn(MonthRead<'_>) -> io::Result<T> + Sync,
    ) -> io::Result<Vec<T>> {
        let months = self.months_of(q)?;
        par::map(&months, |m| work(MonthRead { journal: self, month: m }))
    }

    /// [`Journal::each_month`], handing each month's result to `sink` as soon as it and the
    /// months before it are done, so a whole-journal export holds a few months in memory.
    /// `work` gets a [`Scratch`] to reuse across months.
    pub fn stream_months<T: Send, E: Send + From<io::Error>>(
        &self,
        q: &Query<'_>,
        work: impl Fn(MonthRead<'_>, &mut Scratch) -> Result<T, E> + Sync,
        sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let months = self.months_of(q)?;
        par::in_order(&months, |m, scratch| work(MonthRead { journal: self, month: m }, scratch), sink)
    }

    /// [`Journal::stream_months`] over some of the months [`Journal::each_month`] would visit
    /// for `q`: those at `order` (positions in that visit), in that order, a position as often
    /// as it comes. `work` is told which of `order` it is doing.
    pub fn stream_months_at<T: Send, E: Send + From<io::Error>>(
        &self,
        q: &Query<'_>,
        order: &[usize],
        work: impl Fn(usize, MonthRead<'_>, &mut Scratch) -> Result<T, E> + Sync,
        sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let months = self.months_of(q)?;
        let chosen: Vec<(usize, &Month)> =
            order.iter().enumerate().filter_map(|(k, &i)| Some((k, months.get(i)?))).collect();
        par::in_order(
            &chosen,
            |(k, m), scratch| work(*k, MonthRead { journal: self, month: m }, scratch),
            sink,
        )
    }

    /// The digests of the months that can hold entries dated as `q` asks (kept ones where
    /// nothing changed), in month order.
    pub fn digests(&self, q: &Query<'_>, themes: &Themes) -> io::Result<Vec<MonthDigest>> {
        self.each_month(q, |m| m.digest(themes))
    }

    /// The records `q` asks for, a month at a time, newest month first (files whose name has
    /// no month come with the newest). With `latest`, a caller wanting only that many of the
    /// newest entries of an unfiltered journal: only the newest lines of a month are parsed.
    pub fn newest_first<'q>(&self, q: Query<'q>, latest: Option<usize>) -> io::Result<NewestFirst<'q>> {
        let months = self.months_of(&q)?;
        let (keyed, odd): (Vec<_>, Vec<_>) = months.into_iter().partition(|m| m.key.is_some());
        let mut batches: Vec<Vec<PathBuf>> = keyed.into_iter().rev().map(|m| m.files).collect();
        match batches.first_mut() {
            Some(first) => first.extend(odd.into_iter().flat_map(|m| m.files)),
            None if !odd.is_empty() => batches.push(odd.into_iter().flat_map(|m| m.files).collect()),
            None => {}
        }
        let keep = prefilter(q.need);
        Ok(NewestFirst { batches: batches.into_iter(), q, keep, wanted: latest })
    }

    /// The files of the months that can hold entries dated `from..=to`, read once and kept,
    /// for a report that looks at recent days twice.
    pub fn window(&self, from: NaiveDate, to: NaiveDate) -> io::Result<super::window::Window> {
        let files: Vec<PathBuf> =
            self.months_between(Some(from), Some(to))?.into_iter().flat_map(|m| m.files).collect();
        Ok(super::window::Window::read(&files.iter().map(PathBuf::as_path).collect::<Vec<_>>()))
    }
}

/// Batches of records, a month at a time, newest month first (see [`Journal::newest_first`]).
pub struct NewestFirst<'q> {
    batches: std::vec::IntoIter<Vec<PathBuf>>,
    q: Query<'q>,
    keep: Option<Prefilter<'q>>,
    wanted: Option<usize>,
}

impl NewestFirst<'_> {
    /// Says that `n` entries were taken from the last batch, so fewer are wanted from the next.
    pub fn took(&mut self, n: usize) {
        self.wanted = self.wanted.map(|w| w.saturating_sub(n));
    }
}

impl Iterator for NewestFirst<'_> {
    type Item = Loaded;

    fn next(&mut self) -> Option<Loaded> {
        let files = self.batches.next()?;
        let keep = self.keep.as_deref().map(|k| k as Keep<'_>);
        // Only the newest lines of a month need parsing when few entries are wanted: find the
        // date of the n-th newest line and parse from there. Lines are not entries (a
        // sync-conflict copy repeats them, revisions and deletions add some), so when the cut
        // holds fewer live entries than wanted, the whole month is read.
        if let Some(wanted) = self.wanted.filter(|w| *w > 0)
            && self.q == Query::all()
            && let Some(from) = nth_newest(&files, wanted)
        {
            let cut = read_month(&files, &Query { from: Some(from), ..self.q }, keep);
            if cut.records.iter().filter(|r| !r.deleted).count() >= wanted {
                return Some(cut);
            }
        }
        Some(read_month(&files, &self.q, keep))
    }
}

/// The date of the `n`-th newest line of `files`, read without parsing.
fn nth_newest(files: &[PathBuf], n: usize) -> Option<NaiveDate> {
    let mut dates = Vec::new();
    for path in files {
        if let Ok(bytes) = read_file(Path::new(path)) {
            dates.extend(lines_of(&bytes).filter_map(line_date));
        }
    }
    if dates.len() <= n || n == 0 {
        return None;
    }
    let (_, nth, _) = dates.select_nth_unstable_by(n - 1, |a, b| b.cmp(a));
    Some(*nth)
}
