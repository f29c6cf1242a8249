//! Dates as people type them (SPEC §2): `2026-11-27`, `today`, `yesterday`, `monday`,
//! `last friday`, `3 days ago`. Pure: "today" is passed in.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::entry::is_sane_year;

/// Parses `input` relative to `today`. The error says what was expected. Dates outside
/// years 1–9999 are refused, as they are in records (see `Record::check`).
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = parse_any_date(input, today)?;
    if !is_sane_year(date.year()) {
        return Err(format!("the date `{input}` is {date}, outside years 1–9999"));
    }
    Ok(date)
}

/// A day to come, for `--until` and a dated commitment: `tomorrow`, a weekday (`friday`,
/// `next friday`: the next one after today), `in 3 days` / `2 weeks` / `3 months` (`a`/`one`
/// for 1), or anything [`parse_date`] reads.
pub fn parse_future_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = input.trim().to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    let ahead = |days: u64| today.checked_add_days(Days::new(days));
    let next = |day: Weekday| {
        let gap = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        ahead(u64::from(if gap == 0 { 7 } else { gap }))
    };
    let found = match words.as_slice() {
        ["tomorrow"] => ahead(1),
        ["next", "week"] => ahead(7),
        ["next", "month"] => today.checked_add_months(chrono::Months::new(1)),
        [day] | ["next", day] if weekday(day).is_some() => weekday(day).and_then(next),
        [n, unit] | ["in", n, unit] => {
            let n = match *n {
                "a" | "an" | "one" => Some(1),
                n => n.parse::<u64>().ok(),
            };
            n.and_then(|n| match *unit {
                "day" | "days" => ahead(n),
                "week" | "weeks" => n.checked_mul(7).and_then(ahead),
                "month" | "months" => {
                    u32::try_from(n).ok().and_then(|m| today.checked_add_months(chrono::Months::new(m)))
                }
                "year" | "years" => u32::try_from(n)
                    .ok()
                    .and_then(|y| y.checked_mul(12))
                    .and_then(|m| today.checked_add_months(chrono::Months::new(m))),
                _ => None,
            })
        }
        _ => None,
    };
    match found {
        Some(d) if is_sane_year(d.year()) => Ok(d),
        _ => parse_date(input, today),
    }
}

fn parse_any_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = input.trim().to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    let bad = || {
        format!(
            "cannot read the date `{input}`; use YYYY-MM-DD, `today`, `yesterday`, a weekday such as `monday`, `last friday` or `3 days ago`"
        )
    };
    match words.as_slice() {
        [] => Err(bad()),
        ["today"] => Ok(today),
        ["yesterday"] => today.checked_sub_days(Days::new(1)).ok_or_else(bad),
        [day] if weekday(day).is_some() => {
            most_recent(today, weekday(day).unwrap_or(Weekday::Mon), 0).ok_or_else(bad)
        }
        ["last", day] if weekday(day).is_some() => {
            most_recent(today, weekday(day).unwrap_or(Weekday::Mon), 1).ok_or_else(bad)
        }
        [n, unit, "ago"] => {
            let n: u64 = n.parse().map_err(|_| bad())?;
            let days = match *unit {
                "day" | "days" => n,
                "week" | "weeks" => n.checked_mul(7).ok_or_else(bad)?,
                _ => return Err(bad()),
            };
            today.checked_sub_days(Days::new(days)).ok_or_else(bad)
        }
        [iso] => NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// `monday` or `mon` (chrono's parser, case already folded).
fn weekday(word: &str) -> Option<Weekday> {
    word.parse::<Weekday>().ok()
}

/// The latest `day` on or before `today`, at least `min_back` days back.
fn most_recent(today: NaiveDate, day: Weekday, min_back: u64) -> Option<NaiveDate> {
    let mut d = today.checked_sub_days(Days::new(min_back))?;
    while d.weekday() != day {
        d = d.checked_sub_days(Days::new(1))?;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_to_come_look_forward() {
        let tue = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let d = |s: &str| parse_future_date(s, tue).unwrap().to_string();
        assert_eq!(d("friday"), "2026-12-04");
        assert_eq!(d("monday"), "2026-12-07");
        assert_eq!(d("tuesday"), "2026-12-08", "a week on, not today");
        assert_eq!(d("next friday"), "2026-12-04");
        assert_eq!(d("tomorrow"), "2026-12-02");
        assert_eq!(d("in 3 days"), "2026-12-04");
        assert_eq!(d("2 weeks"), "2026-12-15");
        assert_eq!(d("2026-12-24"), "2026-12-24");
        assert_eq!(d("in a week"), "2026-12-08");
        assert_eq!(d("in 3 months"), "2027-03-01");
        assert_eq!(d("one month"), "2027-01-01");
        let jan31 = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        assert_eq!(parse_future_date("in 1 month", jan31).unwrap().to_string(), "2027-02-28", "clamped");
        assert!(parse_future_date("in 99999999999 months", tue).is_err(), "no panic far out");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    // 2026-11-27 is a Friday.
    const TODAY: &str = "2026-11-27";

    #[test]
    fn words_and_iso_dates_parse() {
        let t = d(TODAY);
        assert_eq!(parse_date("2026-01-02", t), Ok(d("2026-01-02")));
        assert_eq!(parse_date("Today", t), Ok(t));
        assert_eq!(parse_date("yesterday", t), Ok(d("2026-11-26")));
        assert_eq!(parse_date("monday", t), Ok(d("2026-11-23")));
        assert_eq!(parse_date("friday", t), Ok(t));
        assert_eq!(parse_date("last friday", t), Ok(d("2026-11-20")));
        assert_eq!(parse_date("last monday", t), Ok(d("2026-11-23")));
        assert_eq!(parse_date("3 days ago", t), Ok(d("2026-11-24")));
        assert_eq!(parse_date("2 weeks ago", t), Ok(d("2026-11-13")));
    }

    #[test]
    fn dates_outside_years_1_to_9999_are_refused() {
        let t = d(TODAY);
        for far in [
            "99999-01-01",
            "+99999-01-01",
            "0000-01-01",
            "-262143-01-01",
            "1000000 days ago",
            "800000 weeks ago",
            "18446744073709551615 days ago",
        ] {
            let err = parse_date(far, t).unwrap_err();
            assert!(err.contains(&format!("`{far}`")), "{err}");
        }
        assert_eq!(parse_date("9999-12-31", t), Ok(d("9999-12-31")));
        assert_eq!(parse_date("0001-01-01", t), Ok(d("0001-01-01")));
        let first = NaiveDate::MIN;
        assert!(parse_date("last monday", first).is_err(), "no panic at the edge of the calendar");
        assert!(parse_date("today", NaiveDate::from_ymd_opt(10000, 1, 1).unwrap()).is_err());
    }

    #[test]
    fn nonsense_is_an_error_naming_the_input() {
        let t = d(TODAY);
        for bad in ["", "2026-13-01", "someday", "last", "x days ago", "3 years ago", "next monday"] {
            let err = parse_date(bad, t).unwrap_err();
            assert!(err.contains(&format!("`{bad}`")), "{err}");
        }
    }
}

/// The first day of `--last SPAN` ending `today`: `30d`, `4w`, `3m` or `1y` (today counts as
/// one of the days).
pub fn span_start(span: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = span.trim().to_lowercase();
    let bad = || format!("cannot read the span `{span}`; use a number and a unit: 30d, 4w, 3m or 1y");
    let unit_at = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = text.split_at(unit_at);
    let n: u32 = n.parse().map_err(|_| bad())?;
    if n == 0 {
        return Err(bad());
    }
    let start = match unit {
        "d" | "day" | "days" => today.checked_sub_days(Days::new(u64::from(n) - 1)),
        "w" | "week" | "weeks" => today.checked_sub_days(Days::new(u64::from(n) * 7 - 1)),
        "m" | "month" | "months" => {
            today.checked_sub_months(chrono::Months::new(n)).and_then(|d| d.checked_add_days(Days::new(1)))
        }
        "y" | "year" | "years" => today
            .checked_sub_months(chrono::Months::new(n * 12))
            .and_then(|d| d.checked_add_days(Days::new(1))),
        _ => None,
    };
    start.filter(|d| is_sane_year(d.year())).ok_or_else(bad)
}

#[cfg(test)]
mod span_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn spans_count_today_as_one_day() {
        let t = d("2026-11-27");
        assert_eq!(span_start("1d", t), Ok(t));
        assert_eq!(span_start("30d", t), Ok(d("2026-10-29")));
        assert_eq!(span_start("4w", t), Ok(d("2026-10-31")));
        assert_eq!(span_start("3m", t), Ok(d("2026-08-28")));
        assert_eq!(span_start("1y", t), Ok(d("2025-11-28")));
        for bad in ["", "d", "0d", "3x", "-3d", "3.5w"] {
            assert!(span_start(bad, t).unwrap_err().contains(&format!("`{bad}`")));
        }
    }
}
