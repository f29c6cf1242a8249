//! `coachlog calendar`: a year of journaling at a glance.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::core::calendar::{Calendar, calendar};
use crate::error::{Error, Result};
use crate::journal::Query;

use super::{Context, read_error, warn_skipped};
use crate::library;

pub fn run(ctx: &Context, year: Option<i32>) -> Result<Calendar> {
    let today = ctx.today();
    let year = year.unwrap_or(today.year());
    if !(1..=9999).contains(&year) {
        return Err(Error::usage(format!("--year {year} is not a year coachlog can show")));
    }
    // Entries per day come from the month digests (see `journal::index`).
    let themes = library::themes_or_builtin(ctx, "reading");
    // Only each month's journaling days are kept, not its digests.
    let months = ctx
        .journal
        .each_month(&Query::all(), |m| {
            let d = m.digest(&themes)?;
            let days: Vec<NaiveDate> = d
                .entries
                .iter()
                .filter(|e| crate::core::entry::makes_journal_day(e.pack.as_deref()))
                .map(|e| e.date)
                .collect();
            Ok((days, d.warnings, d.newer))
        })
        .map_err(|e| read_error(ctx, &e))?;
    let warnings: Vec<_> = months.iter().flat_map(|(_, w, _)| w.iter().cloned()).collect();
    warn_skipped(ctx, &warnings, months.iter().map(|(_, _, n)| n).sum());
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for day in months.iter().flat_map(|(days, _, _)| days) {
        *counts.entry(*day).or_default() += 1;
    }
    let days: BTreeSet<NaiveDate> = counts.keys().copied().filter(|d| *d <= today).collect();
    let current = crate::core::streak::streak(&days, today, &ctx.journal_days.value, NaiveDate::MIN).0;
    Ok(calendar(&counts, year, current, &ctx.journal_days.value))
}
