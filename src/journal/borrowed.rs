//! Reading records borrowed from a month file's bytes, for rendering without copying words.

use crate::core::entry::RECORD_VERSION;
use crate::core::record_ref::RecordRef;

use super::lines::BOM;
use super::merge::Latest;

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
