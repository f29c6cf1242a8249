//! The year calendar (SPEC §6): entries per day for one year, and streaks.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    pub year: i32,
    /// Entries per day, for every day of the year (zeros included), oldest first.
    pub days: Vec<CalendarDay>,
    pub days_journaled: usize,
    pub entries: usize,
    /// Days in a row up to today (or yesterday while today is open).
    pub current_streak: usize,
    /// The longest run of consecutive days within the year.
    pub longest_streak: usize,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub entries: usize,
}

/// Builds the calendar of `year` from entry counts per day; `current_streak` comes from the
/// caller, who may look beyond the year.
pub fn calendar(
    counts: &BTreeMap<NaiveDate, usize>,
    year: i32,
    current_streak: usize,
    journal_days: &[chrono::Weekday],
) -> Calendar {
    let mut days = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let written: std::collections::BTreeSet<NaiveDate> =
        counts.iter().filter(|(day, n)| **n > 0 && day.year() == year).map(|(day, _)| *day).collect();
    let longest = super::streak::longest(&written, journal_days);
    while d.year() == year {
        let entries = counts.get(&d).copied().unwrap_or(0);
        days.push(CalendarDay { date: d, entries });
        match d.checked_add_days(Days::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    Calendar {
        year,
        days_journaled: days.iter().filter(|d| d.entries > 0).count(),
        entries: days.iter().map(|d| d.entries).sum(),
        days,
        current_streak,
        longest_streak: longest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_year_has_every_day_and_its_longest_run() {
        let mut counts = BTreeMap::new();
        for day in
            ["2025-12-31", "2026-01-01", "2026-01-02", "2026-03-01", "2026-03-02", "2026-03-03", "2026-12-31"]
        {
            counts.insert(d(day), 1);
        }
        counts.insert(d("2026-03-02"), 3);
        use chrono::Weekday::*;
        let c = calendar(&counts, 2026, 1, &[Mon, Tue, Wed, Thu, Fri, Sat, Sun]);
        assert_eq!(c.days.len(), 365);
        assert_eq!(c.days_journaled, 6);
        assert_eq!(c.entries, 8);
        assert_eq!(c.longest_streak, 3, "runs do not reach into the year before");
        assert_eq!(calendar(&counts, 2028, 0, &[Mon]).days.len(), 366);
        // Over working days, Friday 2 January and the Sunday-to-Tuesday run stay apart.
        assert_eq!(calendar(&counts, 2026, 1, &crate::core::streak::WORKING_DAYS).longest_streak, 3);
    }
}
