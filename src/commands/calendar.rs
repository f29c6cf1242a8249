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
    let digests = ctx.journal.digests(&Query::all(), &themes).map_err(|e| read_error(ctx, &e))?;
    let warnings: Vec<_> = digests.iter().flat_map(|d| d.warnings.iter().cloned()).collect();
    warn_skipped(ctx, &warnings, digests.iter().map(|d| d.newer).sum());
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for d in digests
        .iter()
        .flat_map(|d| &d.entries)
        .filter(|d| crate::core::entry::makes_journal_day(d.pack.as_deref()))
    {
        *counts.entry(d.date).or_default() += 1;
    }
    let days: BTreeSet<NaiveDate> = counts.keys().copied().filter(|d| *d <= today).collect();
    let current = crate::core::streak::streak(&days, today, &ctx.journal_days.value, NaiveDate::MIN).0;
    Ok(calendar(&counts, year, current, &ctx.journal_days.value))
}
