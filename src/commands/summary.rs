//! `coachlog summary`: where attention went, theme by theme, over a range. The journal is
//! read a month at a time on every core and counted as it goes, so memory stays at the size
//! of a few months whatever the size of the journal; months that did not change since the
//! last run are counted from their kept digests (`journal::index`) without being read.

use chrono::Days;

use crate::core::entry::Entry;
use crate::core::filter::{Filter, FilterInput};
use crate::core::period::week_start;
use crate::core::summary::{Accumulator, By, Request, SPARK_WEEKS, Summary};
use crate::error::Result;
use crate::journal::Query;

use super::{Context, read_error, warn_skipped};
use crate::library;

pub fn run(ctx: &Context, input: &FilterInput, by: By, explain: bool) -> Result<Summary> {
    let themes = library::themes_or_builtin(ctx, "reading");
    let filter = library::resolve_filter(ctx, &themes, input)?;
    let to = filter.to.unwrap_or_else(|| ctx.today());
    let spark_from = week_start(to, ctx.week_start.value) - Days::new(7 * (SPARK_WEEKS as u64 - 1));
    let months = Query::between(filter.from.map(|f| f.min(spark_from)), Some(to));
    // Dates are counted by the accumulator, so the sparkline can look back before --from.
    let undated = Filter { from: None, to: Some(to), ..filter.clone() };
    let req = Request {
        themes: &themes,
        only: &filter.themes,
        from: filter.from,
        to,
        by,
        explain,
        week_start: ctx.week_start.value,
    };

    // Kept digests answer everything but a search for words and the keywords of --explain.
    let use_index = !undated.needs_words() && !explain;

    // A month per core at a time, each counted on its own and then added up in month order
    // (so the sums are the same whatever the number of cores).
    let parts = ctx
        .journal
        .each_month(&months, |month| {
            let mut acc = Accumulator::new(&req);
            if use_index {
                let digested = month.digest(&themes)?;
                for d in digested.entries.iter().filter(|d| undated.matches_digest(d, &themes)) {
                    acc.add_digest(d);
                }
                return Ok((acc, digested.warnings, digested.newer));
            }
            let loaded = month.load(&Query::all());
            for r in loaded.records.into_iter().filter(|r| !r.deleted) {
                let e = Entry::classify(r, &themes);
                if undated.matches(&e) {
                    acc.add(&e);
                }
            }
            Ok((acc, loaded.warnings, loaded.newer))
        })
        .map_err(|e| read_error(ctx, &e))?;
    let mut total = Accumulator::new(&req);
    let (mut warnings, mut newer) = (Vec::new(), 0);
    for (acc, w, n) in parts {
        warnings.extend(w);
        newer += n;
        total.merge(acc);
    }
    warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    warn_skipped(ctx, &warnings, newer);
    Ok(total.finish())
}
