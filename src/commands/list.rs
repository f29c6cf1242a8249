//! `coachlog list`: the newest entries, reading only as many month files as it takes.

use crate::core::entry::Entry;
use crate::error::Result;

use super::{Context, library, read_error, warn_loaded};

/// The newest `n` entries, newest first.
pub fn run(ctx: &Context, n: usize) -> Result<Vec<Entry>> {
    let themes = library::load_themes(ctx)?;
    let months = ctx.journal.months().map_err(|e| read_error(ctx, &e))?;
    // Oddly named files have no month: read them with the newest month.
    let (keyed, odd): (Vec<_>, Vec<_>) = months.into_iter().partition(|m| m.key.is_some());
    let mut records = Vec::new();
    let mut first = true;
    for month in keyed.iter().rev() {
        if records.len() >= n {
            break;
        }
        let mut batch = vec![month.clone()];
        if first {
            batch.extend(odd.iter().cloned());
            first = false;
        }
        let loaded = ctx.journal.load(&batch).map_err(|e| read_error(ctx, &e))?;
        warn_loaded(ctx, &loaded);
        // Reversed, so that among entries of the same date and time the later line comes first.
        records.extend(loaded.records.into_iter().rev().filter(|r| !r.deleted));
    }
    if first && !odd.is_empty() {
        let loaded = ctx.journal.load(&odd).map_err(|e| read_error(ctx, &e))?;
        warn_loaded(ctx, &loaded);
        records.extend(loaded.records.into_iter().rev().filter(|r| !r.deleted));
    }
    records.sort_by_key(|r| std::cmp::Reverse((r.date, r.at)));
    records.truncate(n);
    Ok(records.into_iter().map(|r| Entry::classify(r, &themes)).collect())
}
