//! `coachlog week`: the weekly review.

use chrono::{Days, NaiveDate};

use crate::core::commitment::commitments_of;
use crate::core::entry::Entry;
use crate::core::period::{parse_week, week_start};
use crate::core::week::{WeekReview, review};
use crate::error::{Error, Result};
use crate::journal::{Need, Query};

use super::status::{streak_window_start, windowed_streak};
use super::{Context, parse_date_arg, read_error, warn_loaded};
use crate::library;

/// How far back commitments are looked for: the weekly review lists those still open from
/// the last month (`coachlog commitments` lists every one).
pub const COMMITMENT_DAYS: u64 = 30;

/// Which week to review.
#[derive(Debug, Clone, Default)]
pub enum Which {
    #[default]
    This,
    Last,
    Named(String),
    Containing(String),
}

pub fn run(ctx: &Context, which: &Which) -> Result<WeekReview> {
    let ws = ctx.week_start.value;
    let today = ctx.today();
    let start = match which {
        Which::This => week_start(today, ws),
        Which::Last => week_start(today, ws) - Days::new(7),
        Which::Named(name) => {
            parse_week(name, ws, ctx.today()).map_err(|e| Error::usage(format!("--week: {e}")))?
        }
        Which::Containing(date) => week_start(parse_date_arg(ctx, date)?, ws),
    };
    let end = start + Days::new(6);
    // Only recent months are read, so the review stays instant at any journal size: the
    // week, the one before, and the commitments of the month before that.
    let from = start - Days::new(COMMITMENT_DAYS);
    let as_of: NaiveDate = today.min(end);
    // The files are read once, for the records and for the streak's days.
    let window_start = streak_window_start(as_of);
    // The themes are loaded and their phrases compiled on another core while the files are
    // read: each takes some milliseconds.
    let (themes, window) =
        library::themes_alongside(ctx, "reading", || ctx.journal.window(from.min(window_start), end));
    let window = window.map_err(|e| read_error(ctx, &e))?;
    // Before the two weeks the review shows, only commitments and follow-ups matter.
    let prev = start - Days::new(7);
    let loaded = window.scan(&Query::dated(from, end).need(Need::CommitmentsBefore(prev)));
    warn_loaded(ctx, &loaded);
    let records: Vec<_> = loaded.records.into_iter().filter(|r| !r.deleted).collect();
    let all = commitments_of(records.iter());
    let days = window.days(window_start, as_of);
    let shown = records.into_iter().filter(|r| r.date >= prev && r.date <= end).collect();
    let entries = Entry::classify_all(shown, &themes);
    let (streak, capped) = windowed_streak(ctx, &days, as_of);
    let aliases = super::people::aliases_or_none(ctx);
    let mut review = review(&entries, &all, &themes, &aliases, start, streak);
    review.streak_capped = capped;
    Ok(review)
}
