//! The lines of a month file: splitting them, what a line holds (a record, a blank, damage, a
//! newer format), and what can be told from a line's bytes without parsing it (its date,
//! whether it is a first revision).

use std::io;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::core::entry::{RECORD_VERSION, Record};

use super::files;

/// UTF-8's byte-order mark, which some editors put at the start of a file.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A line without what editors and other systems may add around a record: a `\r` before the
/// `\n`, a byte-order mark before the first one.
pub fn bare(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.strip_prefix(BOM).unwrap_or(line)
}

/// A journal file's bytes: only a regular file, never through a link, never a FIFO or a
/// device, and at most [`files::MAX_MONTH_BYTES`].
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    files::read_regular(path, files::MAX_MONTH_BYTES)
}

/// A month file's bytes as readers see them: [`read_file`], with sealed lines opened (see
/// [`super::seal`]). Whatever rewrites a file reads it with [`read_file`] instead.
pub fn read_month(path: &Path) -> io::Result<Vec<u8>> {
    read_file(path).map(|bytes| super::seal::open_file(path, bytes))
}

/// [`read_month`], opening only the sealed lines dated within `range` (the others are left
/// for the parser to pass over, see [`parse_lines_in`]).
pub fn read_month_in(path: &Path, range: Option<(NaiveDate, NaiveDate)>) -> io::Result<Vec<u8>> {
    read_file(path).map(|bytes| super::seal::open_file_in(path, bytes, range))
}

/// [`read_month`] into `buf`, for readers that reuse their buffers.
pub fn read_month_into(path: &Path, buf: &mut Vec<u8>) -> io::Result<()> {
    files::read_regular_into(path, files::MAX_MONTH_BYTES, buf)?;
    if super::seal::has_sealed(buf) {
        *buf = super::seal::open_file(path, std::mem::take(buf));
    }
    Ok(())
}

/// The highest revision of entry `id` among the lines of `bytes` (a month file), if any.
pub fn latest_rev(bytes: &[u8], id: &str) -> Option<u32> {
    let finder = memchr::memmem::Finder::new(id.as_bytes());
    lines_of(bytes)
        .filter(|line| finder.find(line).is_some())
        .filter_map(|line| serde_json::from_slice::<Record>(bare(line)).ok())
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
pub type Keep<'k> = &'k (dyn Fn(&[u8]) -> bool + Sync);

/// Whether a stored line is surely a first revision: its first `"rev":` is a field (not a
/// quote inside an answer, which JSON escapes as `\"rev\":`) holding 1.
fn first_revision(line: &[u8]) -> bool {
    static FIELD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"rev\":"));
    FIELD.find(line).is_some_and(|at| {
        at > 0
            && matches!(line[at - 1], b',' | b'{')
            && matches!(line.get(at + 6..at + 8), Some(b"1," | b"1}"))
    })
}

/// The id of a stored line (`"id":"…"`, the first such field), found without parsing it, if it
/// is there as coachlog writes it: 26 characters.
pub fn line_id(line: &[u8]) -> Option<[u8; 26]> {
    static FIELD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"id\":\""));
    let at = FIELD.find(line)?;
    if at == 0 || !matches!(line[at - 1], b',' | b'{') {
        return None;
    }
    let id = line.get(at + 6..at + 32)?;
    (line.get(at + 32) == Some(&b'"')).then(|| id.try_into().ok()).flatten()
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
    /// The last line, cut short by a write that was interrupted; the message says so.
    Torn(String),
    /// Dated outside the range asked for, so not parsed.
    Outside,
    /// A first revision the reader's prefilter says it does not need, so not parsed.
    Unwanted,
    /// A line of an encrypted journal kept from readers, not damaged (see
    /// [`super::seal::KEPT`]): the message says why. Repairs leave it where it is.
    Kept(String),
}

/// Every line of a month file: its 1-based number, its bytes (without the `\n`), and what it
/// holds. Never panics, whatever the bytes.
pub fn parse_lines(bytes: &[u8]) -> Vec<(usize, &[u8], Line)> {
    parse_lines_in(bytes, None, None)
}

/// The lines of `bytes`, split with memchr.
pub(super) fn lines_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
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
    // A file checked as UTF-8 once is parsed as text, which spares checking every string.
    let text = std::str::from_utf8(bytes).ok();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', body).chain(std::iter::once(body.len()));
    for (i, end) in ends.enumerate() {
        let raw = &body[start..end];
        start = end + 1;
        let torn = end == body.len() && !ends_cleanly;
        let line = bare(raw);
        let parsed = if line.first() == Some(&super::seal::MARK) {
            // A sealed line that did not open (see `seal::open_file`): the rest says why.
            Line::Damaged(String::from_utf8_lossy(&line[1..]).into_owned())
        } else if line.first() == Some(&super::seal::KEPT) {
            Line::Kept(String::from_utf8_lossy(&line[1..]).into_owned())
        } else if line.iter().all(u8::is_ascii_whitespace) {
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
            Line::Unwanted
        } else {
            // `\n`, `\r` and the mark are whole characters, so the cuts fall on boundaries.
            let at = line.as_ptr() as usize - bytes.as_ptr() as usize;
            let parsed = match text.and_then(|t| t.get(at..at + line.len())) {
                Some(line) => serde_json::from_str::<Record>(line),
                None => serde_json::from_slice::<Record>(line),
            };
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
                    Line::Torn("the last line is incomplete (a write was interrupted)".to_string())
                }
                Err(err) => Line::Damaged(format!("not a journal record ({err})")),
            }
        };
        out.push((i + 1, raw, parsed));
    }
    out
}
