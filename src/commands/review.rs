//! `coachlog review`: then and now, the first month of a quarter (or range) beside its last.
//! Only those two months are read, through the same kept window `week` uses, so the review is
//! as quick on a journal of thirty years as on one of three months.

use std::collections::HashMap;

use crate::core::entry::Entry;
use crate::core::review::{Range, months, quarter, review};
use crate::error::{Error, Result};
use crate::journal::Query;
use crate::library;

use super::{Context, parse_date_arg, read_error, warn_loaded};

pub use crate::core::review::Review;

/// Which range to review.
#[derive(Debug, Clone, Default)]
pub enum Which {
    /// The quarter holding today, so far.
    #[default]
    ThisQuarter,
    /// `2026-Q4`, `Q4`, `this`, `last`.
    Quarter(String),
    /// `--from DATE` and, if given, `--to DATE` (else today).
    Dates { from: String, to: Option<String> },
}

/// The range `which` names.
pub fn range(ctx: &Context, which: &Which) -> Result<Range> {
    let today = ctx.today();
    match which {
        Which::ThisQuarter => quarter(None, today).map_err(|e| Error::usage(format!("--quarter: {e}"))),
        Which::Quarter(q) => quarter(Some(q), today).map_err(|e| Error::usage(format!("--quarter: {e}"))),
        Which::Dates { from, to } => {
            let from =
                parse_date_arg(ctx, from).map_err(|e| Error::usage(format!("--from: {}", e.message)))?;
            let to = match to {
                Some(t) => {
                    parse_date_arg(ctx, t).map_err(|e| Error::usage(format!("--to: {}", e.message)))?
                }
                None => today,
            };
            if from > to {
                return Err(Error::usage(format!("--from {from} is after --to {to}"))
                    .with_hint("give the earlier day to --from"));
            }
            Ok(Range { from, to, quarter: None })
        }
    }
}

pub fn run(ctx: &Context, which: &Which) -> Result<Review> {
    let range = range(ctx, which)?;
    let (then, now) = months(&range);
    // The two months only (one, when the range lies within it), read while the themes load.
    let (themes, (first, last)) = library::themes_alongside(ctx, "reading", || {
        let first = ctx.journal.window(then.from, then.to);
        let last = (now.month != then.month).then(|| ctx.journal.window(now.from, now.to));
        (first, last)
    });
    let mut records = Vec::new();
    for (window, side) in [(Some(first), &then), (last, &now)] {
        let Some(window) = window else { continue };
        let window = window.map_err(|e| read_error(ctx, &e))?;
        let loaded = window.scan(&Query::dated(side.from, side.to));
        warn_loaded(ctx, &loaded);
        records.extend(loaded.records.into_iter().filter(|r| !r.deleted));
    }
    // Themes and stances come from the months' kept digests when they are current (a month
    // of entries costs milliseconds to classify); an entry they do not know is classified.
    let mut digested = HashMap::new();
    for side in [&then, &now] {
        if let Ok(months) = ctx.journal.digests(&Query::dated(side.from, side.to), &themes) {
            digested.extend(months.into_iter().flat_map(|m| m.entries).map(|d| (d.id.clone(), d)));
        }
    }
    let entries: Vec<Entry> = records
        .into_iter()
        .map(|r| match digested.get(&r.id).filter(|d| d.date == r.date) {
            Some(d) => Entry::digested(r, d, &themes),
            None => Entry::classify(r, &themes),
        })
        .collect();
    Ok(review(&entries, &themes, &super::people::aliases_or_none(ctx), &range))
}
