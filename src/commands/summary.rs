//! `coachlog summary`: where attention went, theme by theme, over a range.

use chrono::Days;

use crate::core::entry::Entry;
use crate::core::filter::FilterInput;
use crate::core::period::week_start;
use crate::core::summary::{By, Request, SPARK_WEEKS, Summary, summarize};
use crate::error::Result;

use super::{Context, filter, library, read_error, warn_loaded};

pub fn run(ctx: &Context, input: &FilterInput, by: By, explain: bool) -> Result<Summary> {
    let themes = library::load_themes(ctx)?;
    let filter = filter::resolve(ctx, &themes, input)?;
    let to = filter.to.unwrap_or_else(|| ctx.today());
    let spark_from = week_start(to, ctx.week_start.value) - Days::new(7 * (SPARK_WEEKS as u64 - 1));
    let loaded = match filter.from {
        Some(from) => ctx.journal.load_range(from.min(spark_from), to),
        None => ctx.journal.load_all(),
    }
    .map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    // Dates are applied by the summary itself, so the sparkline can look back before --from.
    let undated = crate::core::filter::Filter { from: None, to: Some(to), ..filter.clone() };
    let entries: Vec<Entry> = loaded
        .records
        .into_iter()
        .filter(|r| !r.deleted)
        .map(|r| Entry::classify(r, &themes))
        .filter(|e| undated.matches(e))
        .collect();
    let from = filter.from.or_else(|| entries.iter().map(|e| e.record.date).min()).unwrap_or(to);
    let req = Request {
        themes: &themes,
        only: &filter.themes,
        from,
        to,
        by,
        explain,
        week_start: ctx.week_start.value,
    };
    Ok(summarize(&entries, &req))
}
