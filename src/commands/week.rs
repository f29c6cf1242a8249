//! `coachlog week`: the weekly review.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};

use crate::core::commitment::commitments;
use crate::core::entry::Entry;
use crate::core::period::{parse_week, week_start};
use crate::core::week::{WeekReview, review};
use crate::error::{Error, Result};

use super::status::streak;
use super::{Context, library, parse_date_arg, read_error, warn_loaded};

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
        Which::Named(name) => parse_week(name, ws).map_err(|e| Error::usage(format!("--week: {e}")))?,
        Which::Containing(date) => week_start(parse_date_arg(ctx, date)?, ws),
    };
    let themes = library::load_themes(ctx)?;
    // Commitments made long ago may still be open, so the whole journal is read.
    let loaded = ctx.journal.load_all().map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let entries: Vec<Entry> =
        loaded.records.into_iter().filter(|r| !r.deleted).map(|r| Entry::classify(r, &themes)).collect();
    let end = start + Days::new(6);
    let as_of: NaiveDate = today.min(end);
    let days: BTreeSet<NaiveDate> = entries.iter().map(|e| e.record.date).filter(|d| *d <= as_of).collect();
    let all = commitments(&entries);
    Ok(review(&entries, &all, &themes, start, streak(&days, as_of)))
}
