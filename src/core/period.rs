//! Weeks and months: where a week starts (Monday, or Sunday with `week_start = "sunday"`),
//! how it is named (`2026-W48`, the ISO week of its Monday), and month labels.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::config::WeekStart;
use super::entry::is_sane_year;

/// The first day of the week holding `date`.
pub fn week_start(date: NaiveDate, start: WeekStart) -> NaiveDate {
    let back = match start {
        WeekStart::Monday => date.weekday().num_days_from_monday(),
        WeekStart::Sunday => date.weekday().num_days_from_sunday(),
    };
    // Checked, so a date at the very start of chrono's calendar cannot panic; records and
    // arguments are held to years 1–9999, far from it.
    date.checked_sub_days(Days::new(u64::from(back))).unwrap_or(date)
}

/// `2026-W48`: the ISO week of the Monday inside the week that starts on `start_day`.
pub fn week_label(start_day: NaiveDate) -> String {
    let monday = if start_day.weekday() == Weekday::Sun {
        start_day.checked_add_days(Days::new(1)).unwrap_or(start_day)
    } else {
        start_day
    };
    let w = monday.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The first day of the week named `2026-W48` (or `2026-w48`), or `48` / `W48`: that week of
/// the year `today` is in, or of the year before if it has not begun yet.
pub fn parse_week(text: &str, start: WeekStart, today: NaiveDate) -> Result<NaiveDate, String> {
    let bad = || format!("cannot read the week `{text}`; use the form 2026-W48 (or 48 for this year's)");
    let trimmed = text.trim();
    let bare = trimmed.strip_prefix(['W', 'w']).unwrap_or(trimmed);
    if !bare.is_empty() && bare.len() <= 2 && bare.bytes().all(|b| b.is_ascii_digit()) {
        let week: u32 = bare.parse().map_err(|_| bad())?;
        let year = today.iso_week().year();
        let this = parse_week(&format!("{year}-W{week:02}"), start, today);
        return match this {
            Ok(first) if first > today => parse_week(&format!("{}-W{week:02}", year - 1), start, today),
            other => other,
        };
    }
    let (year, week) = trimmed.split_once(['W', 'w']).ok_or_else(bad)?;
    let year: i32 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
    let week: u32 = week.parse().map_err(|_| bad())?;
    if !is_sane_year(year) {
        return Err(format!("the week `{text}` is outside years 1–9999"));
    }
    let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)?;
    match start {
        WeekStart::Monday => Ok(monday),
        WeekStart::Sunday => monday.checked_sub_days(Days::new(1)).ok_or_else(bad),
    }
}

/// `2026-11`.
pub fn month_label(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_start_on_monday_or_sunday() {
        // Friday 27 November 2026.
        assert_eq!(week_start(d("2026-11-27"), WeekStart::Monday), d("2026-11-23"));
        assert_eq!(week_start(d("2026-11-27"), WeekStart::Sunday), d("2026-11-22"));
        assert_eq!(
            week_start(d("2026-11-22"), WeekStart::Monday),
            d("2026-11-16"),
            "a Sunday ends a Monday week"
        );
        assert_eq!(week_start(d("2026-11-22"), WeekStart::Sunday), d("2026-11-22"));
    }

    #[test]
    fn weeks_across_a_year_end_keep_their_iso_name() {
        // Thursday 31 December 2026 is in ISO week 2026-W53; Friday 1 January 2027 too.
        assert_eq!(week_start(d("2027-01-01"), WeekStart::Monday), d("2026-12-28"));
        assert_eq!(week_label(d("2026-12-28")), "2026-W53");
        assert_eq!(week_label(d("2027-01-04")), "2027-W01");
        // 2025-12-29 (Monday) starts ISO week 2026-W01.
        assert_eq!(week_label(d("2025-12-29")), "2026-W01");
        assert_eq!(week_label(d("2025-12-28")), "2026-W01", "a Sunday week is named by its Monday");
    }

    #[test]
    fn the_edges_of_the_calendar_do_not_panic() {
        let _ = week_start(NaiveDate::MIN, WeekStart::Monday);
        let _ = week_start(NaiveDate::MIN, WeekStart::Sunday);
        let _ = week_label(NaiveDate::MAX);
        assert!(
            parse_week("-262143-W01", WeekStart::Sunday, d("2026-11-27"))
                .unwrap_err()
                .contains("years 1–9999")
        );
        assert!(parse_week("10000-W01", WeekStart::Monday, d("2026-11-27")).is_err());
    }

    #[test]
    fn week_names_parse_for_both_starts() {
        assert_eq!(parse_week("2026-W48", WeekStart::Monday, d("2026-11-27")), Ok(d("2026-11-23")));
        assert_eq!(parse_week("2026-w48", WeekStart::Sunday, d("2026-11-27")), Ok(d("2026-11-22")));
        assert_eq!(parse_week("2026-W53", WeekStart::Monday, d("2026-11-27")), Ok(d("2026-12-28")));
        assert!(parse_week("2025-W53", WeekStart::Monday, d("2026-11-27")).is_err(), "2025 has 52 ISO weeks");
        assert!(parse_week("week 48", WeekStart::Monday, d("2026-11-27")).unwrap_err().contains("`week 48`"));
        assert_eq!(parse_week("48", WeekStart::Monday, d("2026-11-27")), Ok(d("2026-11-23")));
        assert_eq!(parse_week("w48", WeekStart::Monday, d("2026-11-27")), Ok(d("2026-11-23")));
        assert_eq!(parse_week("50", WeekStart::Monday, d("2027-01-04")), Ok(d("2026-12-07")), "last year's");
        assert!(parse_week("99", WeekStart::Monday, d("2026-11-27")).is_err());
    }
}
