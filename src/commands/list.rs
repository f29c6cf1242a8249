//! `coachlog list`: the newest entries, reading only as many month files as it takes.

use std::path::PathBuf;

use crate::core::entry::{Entry, Record};
use crate::core::filter::FilterInput;
use crate::error::Result;

use super::{Context, filter, library, read_error, warn_loaded};

/// The newest `n` entries that pass the filters, newest first; with `deleted`, the deleted
/// ones instead.
pub fn run(ctx: &Context, n: usize, input: &FilterInput, deleted: bool) -> Result<Vec<Entry>> {
    let themes = library::themes_or_builtin(ctx, "reading");
    let filter = filter::resolve(ctx, &themes, input)?;
    let months = ctx.journal.months_between(filter.from, filter.to).map_err(|e| read_error(ctx, &e))?;
    // Oddly named files have no month: read them with the first batch.
    let (keyed, odd): (Vec<_>, Vec<_>) = months.into_iter().partition(|m| m.key.is_some());
    let mut batches: Vec<Vec<_>> = keyed.into_iter().rev().map(|m| vec![m]).collect();
    match batches.first_mut() {
        Some(first) => first.extend(odd),
        None if !odd.is_empty() => batches.push(odd),
        None => {}
    }
    let search_lines = filter.search.as_deref().and_then(search_prefilter);
    let mut found: Vec<Entry> = Vec::new();
    for batch in batches {
        if found.len() >= n {
            break;
        }
        // Only the newest lines of a month need parsing when few entries are wanted and no
        // filter can skip any: find the date of the n-th newest line, parse from there.
        let files: Vec<&std::path::Path> =
            batch.iter().flat_map(|m| m.files.iter().map(PathBuf::as_path)).collect();
        let wanted = n - found.len();
        let plain = filter == crate::core::filter::Filter::default() && !deleted;
        let cut = plain
            .then(|| nth_newest(&files, wanted))
            .flatten()
            .map(|from| crate::journal::read::load_dated(&files, from, chrono::NaiveDate::MAX));
        let loaded = if let Some(cut) = cut
            // Lines are not entries: a sync-conflict copy repeats them, revisions and deletions
            // add some. When the cut holds fewer entries than wanted, read the whole month.
            && cut.as_ref().is_ok_and(|l| l.records.iter().filter(|r| !r.deleted).count() >= wanted)
        {
            cut
        } else if plain {
            crate::journal::read::load(&files)
        } else if let Some(keep) = &search_lines {
            crate::journal::read::load_where(&files, keep)
        } else {
            crate::journal::read::load(&files)
        }
        .map_err(|e| read_error(ctx, &e))?;
        warn_loaded(ctx, &loaded);
        // Reversed, so that among entries of the same date and time the later line comes first.
        // The words first: classifying is the dearer test.
        let has_words =
            |r: &Record| filter.search.as_ref().is_none_or(|s| r.text().to_lowercase().contains(s.as_str()));
        found.extend(
            loaded
                .records
                .into_iter()
                .rev()
                .filter(|r| r.deleted == deleted && has_words(r))
                .map(|r| Entry::classify(r, &themes))
                .filter(|e| filter.matches(e)),
        );
    }
    found.sort_by_key(|e| std::cmp::Reverse((e.record.date, e.record.at)));
    found.truncate(n);
    Ok(found)
}

/// Which lines a search needs parsed, decided from their bytes: a line can hold the
/// (lower-cased) search text only if its bytes do, in any ASCII case, when both are plain
/// ASCII and the text has nothing JSON escapes. Other lines (and, as always, later
/// revisions) are parsed and checked in full.
fn search_prefilter(search: &str) -> Option<impl Fn(&[u8]) -> bool> {
    let plain = search.bytes().all(|b| b.is_ascii() && !b.is_ascii_control() && b != b'"' && b != b'\\');
    if !plain {
        return None;
    }
    let finder = aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build([search]).ok()?;
    Some(move |line: &[u8]| !line.is_ascii() || finder.is_match(line))
}

/// The date of the `n`-th newest line of `files`, read without parsing.
fn nth_newest(files: &[&std::path::Path], n: usize) -> Option<chrono::NaiveDate> {
    let mut dates = crate::journal::read::line_dates(files).ok()?;
    if dates.len() <= n || n == 0 {
        return None;
    }
    let (_, nth, _) = dates.select_nth_unstable_by(n - 1, |a, b| b.cmp(a));
    Some(*nth)
}
