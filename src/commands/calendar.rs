//! `coachlog calendar`: a year of journaling at a glance.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::core::calendar::{Calendar, calendar};
use crate::error::{Error, Result};

use super::status::streak;
use super::{Context, read_error, warn_loaded};

pub fn run(ctx: &Context, year: Option<i32>) -> Result<Calendar> {
    let today = ctx.today();
    let year = year.unwrap_or(today.year());
    if !(1..=9999).contains(&year) {
        return Err(Error::usage(format!("--year {year} is not a year coachlog can show")));
    }
    let loaded = ctx.journal.load_all().map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for r in loaded.records.iter().filter(|r| !r.deleted) {
        *counts.entry(r.date).or_default() += 1;
    }
    let days: BTreeSet<NaiveDate> = counts.keys().copied().filter(|d| *d <= today).collect();
    Ok(calendar(&counts, year, streak(&days, today)))
}
