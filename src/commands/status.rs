//! `coachlog status`: today's state in one screen, for people and for shell prompts.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};

use crate::core::entry::Entry;
use crate::error::Result;

use super::{Context, read_error, warn_loaded};
use crate::library;

#[derive(Debug, Clone)]
pub struct StatusReport {
    pub today: NaiveDate,
    /// Today's entries, oldest first.
    pub entries_today: Vec<Entry>,
    /// Days in a row with an entry, ending today (or yesterday, while today is still open).
    pub streak: usize,
    /// The streak reaches back further than coachlog looked ([`STREAK_WINDOW`] days).
    pub streak_capped: bool,
    /// The last seven days, oldest first: whether each has an entry.
    pub last_week: Vec<(NaiveDate, bool)>,
    pub last_entry: Option<NaiveDate>,
    pub drafts: usize,
}

/// Streaks are counted over at most this many days, so `status` and `week` stay instant for
/// someone who has written every day for years; a longer one shows as "62+" (`calendar`
/// counts the whole year).
pub const STREAK_WINDOW: u64 = 62;

/// The first day of the [`STREAK_WINDOW`] days up to `day`.
pub fn streak_window_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(STREAK_WINDOW - 1)).unwrap_or(NaiveDate::MIN)
}

/// The streak as of `day` in `days` (over the person's journal days), and whether it reaches
/// the window (so may be longer).
pub fn windowed_streak(ctx: &Context, days: &BTreeSet<NaiveDate>, day: NaiveDate) -> (usize, bool) {
    crate::core::streak::streak(days, day, &ctx.journal_days.value, streak_window_start(day))
}

pub fn run(ctx: &Context) -> Result<StatusReport> {
    let today = ctx.today();
    // The streak window's files are read once, for the days and for today's entries.
    let (themes, window) =
        library::themes_alongside(ctx, "reading", || ctx.journal.window(streak_window_start(today), today));
    let window = window.map_err(|e| read_error(ctx, &e))?;
    let days = window.days(streak_window_start(today), today);
    let (streak, streak_capped) = windowed_streak(ctx, &days, today);
    let last_entry = days.iter().next_back().copied();
    let last_week = (0..7u64)
        .rev()
        .filter_map(|back| today.checked_sub_days(Days::new(back)))
        .map(|d| (d, days.contains(&d)))
        .collect();
    let loaded = window.scan(&crate::journal::Query::dated(today, today));
    warn_loaded(ctx, &loaded);
    let entries_today = loaded
        .records
        .into_iter()
        .filter(|r| !r.deleted && r.date == today)
        .filter(|r| crate::core::entry::makes_journal_day(r.pack.as_deref()))
        .map(|r| Entry::classify(r, &themes))
        .collect();
    let drafts = ctx.journal.drafts().map(|d| d.len()).unwrap_or(0);
    Ok(StatusReport { today, entries_today, streak, streak_capped, last_week, last_entry, drafts })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn streak_counts_back_from_today_or_yesterday() {
        use chrono::Weekday::*;
        let every = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
        let streak = |days: &BTreeSet<NaiveDate>, today| {
            crate::core::streak::streak(days, today, &every, d("2026-01-01")).0
        };
        let days: BTreeSet<_> = ["2026-11-24", "2026-11-25", "2026-11-26"].iter().map(|s| d(s)).collect();
        assert_eq!(streak(&days, d("2026-11-26")), 3);
        assert_eq!(streak(&days, d("2026-11-27")), 3, "today is still open");
        assert_eq!(streak(&days, d("2026-11-28")), 0);
        assert_eq!(streak(&BTreeSet::new(), d("2026-11-28")), 0);
    }
}
