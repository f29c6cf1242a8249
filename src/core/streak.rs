//! Streaks: consecutive journaling days, counted over the days the person means to journal.
//! A day outside those (by default Saturday and Sunday) neither breaks a streak nor is needed
//! for one, and an entry written on it still counts.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

/// The days of the week a person means to journal, unless the config says otherwise.
pub const WORKING_DAYS: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];

/// `monday` for Monday: how `journal_days` spells a day.
pub fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// The streak as of `today`: days with an entry, going back from today (or from the last
/// journal day before it, while today has none yet, since the day is not over), through days
/// off, until a journal day without an entry or `since`. Returns the count and whether the
/// walk reached `since` (so the streak may be longer than was looked at).
pub fn streak(
    days: &BTreeSet<NaiveDate>,
    today: NaiveDate,
    journal_days: &[Weekday],
    since: NaiveDate,
) -> (usize, bool) {
    let mut n = 0;
    let mut day = today;
    loop {
        if day < since {
            return (n, true);
        }
        if days.contains(&day) {
            n += 1;
        } else if day != today && journal_days.contains(&day.weekday()) {
            return (n, false);
        }
        match day.pred_opt() {
            Some(p) => day = p,
            None => return (n, false),
        }
    }
}

/// The longest run of days with entries among `days` (sorted), under the same rule: days off
/// without an entry are stepped over.
pub fn longest(days: &BTreeSet<NaiveDate>, journal_days: &[Weekday]) -> usize {
    let (mut best, mut run) = (0, 0);
    let mut last: Option<NaiveDate> = None;
    for &d in days {
        let joined = last.is_some_and(|prev| {
            // Every day strictly between the two is a day off.
            let mut between = prev.succ_opt();
            while let Some(x) = between {
                if x >= d {
                    return true;
                }
                if journal_days.contains(&x.weekday()) {
                    return false;
                }
                between = x.succ_opt();
            }
            false
        });
        run = if joined { run + 1 } else { 1 };
        best = best.max(run);
        last = Some(d);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn set(days: &[&str]) -> BTreeSet<NaiveDate> {
        days.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn a_weekend_neither_breaks_nor_is_needed() {
        // Monday 16 to Friday 20 November 2026, nothing on the weekend.
        let week = set(&["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]);
        let far = d("2026-01-01");
        assert_eq!(streak(&week, d("2026-11-22"), &WORKING_DAYS, far), (5, false), "Sunday");
        assert_eq!(streak(&week, d("2026-11-23"), &WORKING_DAYS, far), (5, false), "Monday, before writing");
        assert_eq!(streak(&week, d("2026-11-24"), &WORKING_DAYS, far), (0, false), "Monday was missed");
        // Every day a journal day: the weekend breaks it.
        let every = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        assert_eq!(streak(&week, d("2026-11-22"), &every, far), (0, false));
        // A Saturday entry counts.
        let mut more = week.clone();
        more.insert(d("2026-11-21"));
        assert_eq!(streak(&more, d("2026-11-22"), &WORKING_DAYS, far), (6, false));
        assert_eq!(longest(&more, &WORKING_DAYS), 6);
        assert_eq!(longest(&week, &every), 5);
        assert_eq!(
            streak(&week, d("2026-11-20"), &WORKING_DAYS, d("2026-11-18")),
            (3, true),
            "reached the window"
        );
    }
}
