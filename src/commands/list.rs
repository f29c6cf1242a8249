//! `coachlog list`: the newest entries, reading only as many month files as it takes.

use chrono::Datelike;

use crate::core::entry::Entry;
use crate::core::filter::FilterInput;
use crate::error::Result;

use super::{Context, filter, library, read_error, warn_loaded};

/// The newest `n` entries that pass the filters, newest first; with `deleted`, the deleted
/// ones instead.
pub fn run(ctx: &Context, n: usize, input: &FilterInput, deleted: bool) -> Result<Vec<Entry>> {
    let themes = library::load_themes(ctx)?;
    let filter = filter::resolve(ctx, &themes, input)?;
    let month_of = |d: chrono::NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    let (lo, hi) = (filter.from.map(month_of), filter.to.map(month_of));
    let months = ctx.journal.months().map_err(|e| read_error(ctx, &e))?;
    // Oddly named files have no month: read them with the first batch.
    let (keyed, odd): (Vec<_>, Vec<_>) = months.into_iter().partition(|m| m.key.is_some());
    let keyed: Vec<_> = keyed
        .into_iter()
        .filter(|m| {
            let k = m.key.as_deref().unwrap_or_default();
            lo.as_deref().is_none_or(|lo| k >= lo) && hi.as_deref().is_none_or(|hi| k <= hi)
        })
        .collect();
    let mut batches: Vec<Vec<_>> = keyed.into_iter().rev().map(|m| vec![m]).collect();
    match batches.first_mut() {
        Some(first) => first.extend(odd),
        None if !odd.is_empty() => batches.push(odd),
        None => {}
    }
    let mut found: Vec<Entry> = Vec::new();
    for batch in batches {
        if found.len() >= n {
            break;
        }
        let loaded = ctx.journal.load(&batch).map_err(|e| read_error(ctx, &e))?;
        warn_loaded(ctx, &loaded);
        // Reversed, so that among entries of the same date and time the later line comes first.
        found.extend(
            loaded
                .records
                .into_iter()
                .rev()
                .filter(|r| r.deleted == deleted)
                .map(|r| Entry::classify(r, &themes))
                .filter(|e| filter.matches(e)),
        );
    }
    found.sort_by_key(|e| std::cmp::Reverse((e.record.date, e.record.at)));
    found.truncate(n);
    Ok(found)
}
