//! Calendar quarters, for the weekly session's offer to answer the quarterly pack too when a
//! quarter ends. Pure: the command gives the dates of the quarterly entries it read.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The quarterly pack's id.
pub const PACK: &str = "quarterly";

/// The pack whose sessions offer it.
pub const OFFERED_BY: &str = "weekly";

/// Days at the end of a quarter, and at the start of the next, when the offer is made.
pub const WINDOW_DAYS: u64 = 7;

/// A calendar quarter: 2026 Q4 is October to December 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Q{}", self.year, self.number)
    }
}

impl Quarter {
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter { year: date.year(), number: date.month0() / 3 + 1 }
    }

    /// Its first day (`None` only at the edge of the calendar).
    pub fn start(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1)
    }

    /// Its last day.
    pub fn end(self) -> Option<NaiveDate> {
        let next = if self.number == 4 {
            NaiveDate::from_ymd_opt(self.year.checked_add(1)?, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.number * 3 + 1, 1)
        };
        next?.pred_opt()
    }

    fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter { year: self.year - 1, number: 4 }
        } else {
            Quarter { year: self.year, number: self.number - 1 }
        }
    }

    /// Whether a quarterly entry dated `date` looks back on this quarter: one written in
    /// its first [`WINDOW_DAYS`] days is about the quarter before.
    pub fn covers(self, date: NaiveDate) -> bool {
        about(date) == Some(self)
    }
}

/// The quarter a quarterly entry dated `date` looks back on.
fn about(date: NaiveDate) -> Option<Quarter> {
    let this = Quarter::of(date);
    let into = date.signed_duration_since(this.start()?).num_days();
    Some(if into < i64::try_from(WINDOW_DAYS).ok()? { this.previous() } else { this })
}

/// The quarter ending around `date`: this one in its last [`WINDOW_DAYS`] days, the one just
/// ended in the first [`WINDOW_DAYS`] days of the next; `None` otherwise.
pub fn ending(date: NaiveDate) -> Option<Quarter> {
    let this = Quarter::of(date);
    let end = this.end()?;
    if end.signed_duration_since(date).num_days() < i64::try_from(WINDOW_DAYS).ok()? {
        return Some(this);
    }
    let start = this.start()?;
    if date.signed_duration_since(start).num_days() < i64::try_from(WINDOW_DAYS).ok()? {
        return Some(this.previous());
    }
    None
}

/// The quarter a weekly session dated `date` offers to look back on: one ending around
/// `date` (see [`ending`]) that none of `quarterly_entries` (the dates of the journal's
/// quarterly entries) is about yet.
pub fn to_offer(date: NaiveDate, quarterly_entries: &[NaiveDate]) -> Option<Quarter> {
    let q = ending(date)?;
    (!quarterly_entries.iter().any(|&d| q.covers(d))).then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_last_and_first_seven_days_of_a_quarter_offer_it() {
        let q4 = Quarter { year: 2026, number: 4 };
        assert_eq!(ending(d("2026-12-25")), Some(q4));
        assert_eq!(ending(d("2026-12-31")), Some(q4));
        assert_eq!(ending(d("2027-01-01")), Some(q4));
        assert_eq!(ending(d("2027-01-07")), Some(q4));
        assert_eq!(ending(d("2027-01-08")), None);
        assert_eq!(ending(d("2026-12-24")), None);
        assert_eq!(ending(d("2026-11-27")), None);
        assert_eq!(ending(d("2026-06-30")), Some(Quarter { year: 2026, number: 2 }));
        assert_eq!(ending(d("2026-04-03")).map(|q| q.to_string()).as_deref(), Some("2026 Q1"));
        assert_eq!(ending(NaiveDate::MAX), ending(NaiveDate::MAX), "no panic at the edge");
        assert_eq!(ending(NaiveDate::MIN), ending(NaiveDate::MIN));
    }

    #[test]
    fn a_quarter_already_looked_back_on_is_not_offered_again() {
        assert_eq!(to_offer(d("2026-12-28"), &[]), Some(Quarter { year: 2026, number: 4 }));
        assert_eq!(to_offer(d("2026-12-28"), &[d("2026-12-26")]), None);
        assert_eq!(to_offer(d("2027-01-03"), &[d("2026-12-30")]), None);
        assert_eq!(to_offer(d("2027-01-05"), &[d("2027-01-02")]), None, "answered early in January");
        assert!(
            to_offer(d("2026-12-28"), &[d("2026-09-30"), d("2026-10-07")]).is_some(),
            "7 Oct looks back on Q3"
        );
        assert!(to_offer(d("2026-12-28"), &[d("2026-10-08")]).is_none(), "8 Oct is Q4's");
        assert!(to_offer(d("2026-12-28"), &[d("2026-09-30")]).is_some(), "last quarter's does not count");
    }
}
