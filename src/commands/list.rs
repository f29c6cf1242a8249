//! `coachlog list`: the newest entries, reading only as many month files as it takes.

use crate::core::entry::Entry;
use crate::core::filter::FilterInput;
use crate::error::Result;
use crate::journal::{Need, Query};

use super::{Context, filter, library, read_error, warn_loaded};

/// The newest `n` entries that pass the filters, newest first; with `deleted`, the deleted
/// ones instead.
pub fn run(ctx: &Context, n: usize, input: &FilterInput, deleted: bool) -> Result<Vec<Entry>> {
    let themes = library::themes_or_builtin(ctx, "reading");
    let filter = filter::resolve(ctx, &themes, input)?;
    let need = filter.search.as_deref().map_or(Need::Records, Need::Words);
    let query = Query::between(filter.from, filter.to).need(need);
    // With no filter, only the newest lines of the newest months need parsing.
    let plain = filter == crate::core::filter::Filter::default() && !deleted;
    let mut months = ctx.journal.newest_first(query, plain.then_some(n)).map_err(|e| read_error(ctx, &e))?;
    let mut found: Vec<Entry> = Vec::new();
    while found.len() < n {
        let Some(loaded) = months.next() else { break };
        warn_loaded(ctx, &loaded);
        let before = found.len();
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
        months.took(found.len() - before);
    }
    found.sort_by_key(|e| std::cmp::Reverse((e.record.date, e.record.at)));
    found.truncate(n);
    Ok(found)
}
