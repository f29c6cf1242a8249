//! `coachlog summary` (SPEC §6), computed: per theme over a range, where attention went.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::config::WeekStart;
use super::digest::Digest;
use super::entry::{Entry, Reason};
use super::lexicon::Stance;
use super::period::{month_label, week_label, week_start};
use super::theme::{Theme, Themes};

/// How many weeks the sparkline covers.
pub const SPARK_WEEKS: usize = 12;
/// A theme untouched for this many days is listed.
pub const UNTOUCHED_DAYS: i64 = 14;

/// How rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    #[default]
    Theme,
    Week,
    Month,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub entries: usize,
    pub themes: Vec<ThemeSummary>,
    /// Themes not touched for 14+ days before `to` (`last` is `None` when never in range).
    pub untouched: Vec<Untouched>,
    /// With `--by week|month`: one row per period that has entries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<Period>,
    /// With `--explain`: what put entries into each theme.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explain: Vec<Explanation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeSummary {
    pub id: String,
    pub title: String,
    pub entries: usize,
    /// Entries with the theme over all entries in range, 0 to 1.
    pub share: f64,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The average of the theme's ratings on a 1–5 scale.
    pub rating_avg: Option<f64>,
    /// Entries per week over the 12 weeks ending with `to`'s week, oldest first.
    pub sparkline: Vec<usize>,
    /// How it went, for a theme with a stance.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub stance: Option<StanceTally>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Untouched {
    pub id: String,
    pub last: Option<NaiveDate>,
    pub days: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub period: String,
    pub entries: usize,
    /// Entries per theme id.
    pub themes: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub theme: String,
    pub entries: usize,
    /// Entries per prompt id, `#tag` and matched keyword.
    pub prompts: BTreeMap<String, usize>,
    pub tags: BTreeMap<String, usize>,
    pub keywords: BTreeMap<String, usize>,
    /// Entries the model gave the theme, by the words that weighed most.
    pub model: BTreeMap<String, usize>,
}

/// What to summarise.
#[derive(Debug)]
pub struct Request<'a> {
    pub themes: &'a Themes,
    /// Only these themes (all when empty).
    pub only: &'a [String],
    /// The first day counted (`None`: from the first entry).
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub by: By,
    pub explain: bool,
    pub week_start: WeekStart,
}

/// Summarises `entries` (already filtered on everything but dates; they may reach back
/// before `from` for the sparkline).
pub fn summarize(entries: &[Entry], req: &Request<'_>) -> Summary {
    let mut acc = Accumulator::new(req);
    for e in entries {
        acc.add(e);
    }
    acc.finish()
}

#[derive(Debug, Clone, Default)]
struct ThemeAcc {
    entries: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    rating_sum: f64,
    ratings: usize,
    sparkline: Vec<usize>,
    did: usize,
    missed: usize,
}

/// A summary built one entry at a time, so a journal of any size is summarised without
/// holding it in memory, and in parts (one per thread) that [`Accumulator::merge`] joins.
#[derive(Debug, Clone)]
pub struct Accumulator<'a> {
    req: &'a Request<'a>,
    scope: Vec<usize>,
    spark_start: NaiveDate,
    total: usize,
    first_seen: Option<NaiveDate>,
    themes: Vec<ThemeAcc>,
    periods: BTreeMap<String, Period>,
    explain: Vec<Explanation>,
}

impl<'a> Accumulator<'a> {
    pub fn new(req: &'a Request<'a>) -> Self {
        let all = req.themes.all();
        let scope: Vec<usize> =
            (0..all.len()).filter(|&i| req.only.is_empty() || req.only.contains(&all[i].id)).collect();
        let spark_start = week_start(req.to, req.week_start) - Days::new(7 * (SPARK_WEEKS as u64 - 1));
        let explain = scope
            .iter()
            .map(|&i| Explanation {
                theme: all[i].id.clone(),
                entries: 0,
                prompts: BTreeMap::new(),
                tags: BTreeMap::new(),
                keywords: BTreeMap::new(),
                model: BTreeMap::new(),
            })
            .collect();
        Accumulator {
            req,
            spark_start,
            themes: vec![ThemeAcc { sparkline: vec![0; SPARK_WEEKS], ..ThemeAcc::default() }; scope.len()],
            scope,
            total: 0,
            first_seen: None,
            periods: BTreeMap::new(),
            explain,
        }
    }

    /// Counts one entry (one that passed the filters other than dates).
    pub fn add(&mut self, e: &Entry) {
        if !self.add_digest(&Digest::of(e, self.req.themes)) {
            return;
        }
        let req = self.req;
        if req.explain {
            let mut reasons = e.explain(req.themes);
            reasons.sort();
            reasons.dedup();
            for x in &mut self.explain {
                let mine: Vec<&Reason> =
                    reasons.iter().filter(|(t, _)| *t == x.theme).map(|(_, r)| r).collect();
                if mine.is_empty() {
                    continue;
                }
                x.entries += 1;
                for r in mine {
                    let (map, key) = match r {
                        Reason::Prompt(p) => (&mut x.prompts, p.clone()),
                        Reason::Tag(t) => (&mut x.tags, format!("#{t}")),
                        Reason::Keyword(k) => (&mut x.keywords, k.clone()),
                        // "was scared (3.8), scared to (2.1)": each word counted on its own,
                        // without the one entry's weights, so the row adds up across entries.
                        Reason::Model(m) => {
                            for word in m.split(", ").map(|w| w.rsplit_once(" (").map_or(w, |(w, _)| w)) {
                                *x.model.entry(word.to_string()).or_default() += 1;
                            }
                            continue;
                        }
                    };
                    *map.entry(key).or_default() += 1;
                }
            }
        }
    }

    /// Counts one digested entry (one that passed the filters other than dates); true when
    /// it is inside the range.
    pub fn add_digest(&mut self, e: &Digest) -> bool {
        let req = self.req;
        let d = e.date;
        if d > req.to {
            return false;
        }
        let in_range = req.from.is_none_or(|f| d >= f);
        let spark = if d >= self.spark_start {
            usize::try_from((week_start(d, req.week_start) - self.spark_start).num_days() / 7).ok()
        } else {
            None
        };
        if in_range {
            self.total += 1;
            self.first_seen = Some(self.first_seen.map_or(d, |f| f.min(d)));
        }
        let all = req.themes.all();
        for (slot, &i) in self.scope.iter().enumerate() {
            let position = u16::try_from(i).unwrap_or(u16::MAX);
            if !e.has_theme(position) {
                continue;
            }
            let t = &mut self.themes[slot];
            if let Some(w) = spark
                && let Some(c) = t.sparkline.get_mut(w)
            {
                *c += 1;
            }
            if !in_range {
                continue;
            }
            t.entries += 1;
            t.first = Some(t.first.map_or(d, |f| f.min(d)));
            t.last = Some(t.last.map_or(d, |l| l.max(d)));
            for r in e.ratings_of(position) {
                t.rating_sum += r;
                t.ratings += 1;
            }
            match e.stance_of(position) {
                Some(Stance::Did) => t.did += 1,
                Some(Stance::Missed) => t.missed += 1,
                None => {}
            }
        }
        if !in_range {
            return false;
        }
        if req.by != By::Theme {
            let label =
                if req.by == By::Week { week_label(week_start(d, req.week_start)) } else { month_label(d) };
            let p = self.periods.entry(label.clone()).or_insert(Period {
                period: label,
                entries: 0,
                themes: BTreeMap::new(),
            });
            p.entries += 1;
            for &i in &self.scope {
                if e.has_theme(u16::try_from(i).unwrap_or(u16::MAX)) {
                    *p.themes.entry(all[i].id.clone()).or_default() += 1;
                }
            }
        }
        true
    }

    /// Joins the counts of another part.
    pub fn merge(&mut self, other: Accumulator<'a>) {
        self.total += other.total;
        self.first_seen = match (self.first_seen, other.first_seen) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (t, o) in self.themes.iter_mut().zip(other.themes) {
            t.entries += o.entries;
            t.first = match (t.first, o.first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            t.last = t.last.max(o.last);
            t.rating_sum += o.rating_sum;
            t.ratings += o.ratings;
            t.did += o.did;
            t.missed += o.missed;
            for (a, b) in t.sparkline.iter_mut().zip(o.sparkline) {
                *a += b;
            }
        }
        for (k, p) in other.periods {
            let mine = self.periods.entry(k).or_insert(Period {
                period: p.period.clone(),
                entries: 0,
                themes: BTreeMap::new(),
            });
            mine.entries += p.entries;
            for (t, n) in p.themes {
                *mine.themes.entry(t).or_default() += n;
            }
        }
        for (x, o) in self.explain.iter_mut().zip(other.explain) {
            x.entries += o.entries;
            for (map, other) in [
                (&mut x.prompts, o.prompts),
                (&mut x.tags, o.tags),
                (&mut x.keywords, o.keywords),
                (&mut x.model, o.model),
            ] {
                for (k, n) in other {
                    *map.entry(k).or_default() += n;
                }
            }
        }
    }

    pub fn finish(self) -> Summary {
        let req = self.req;
        let all = req.themes.all();
        let mut themes = Vec::new();
        let mut untouched = Vec::new();
        let from = req.from.or(self.first_seen).unwrap_or(req.to);
        // A range shorter than that cannot leave a theme untouched for that long.
        let long_enough = (req.to - from).num_days() + 1 >= UNTOUCHED_DAYS;
        for (slot, &i) in self.scope.iter().enumerate() {
            let t = &self.themes[slot];
            let id = all[i].id.clone();
            let days = t.last.map(|l| (req.to - l).num_days());
            if long_enough && days.is_none_or(|d| d >= UNTOUCHED_DAYS) {
                untouched.push(Untouched { id: id.clone(), last: t.last, days });
            }
            if t.entries == 0 {
                continue;
            }
            let mean = t.rating_sum / t.ratings.max(1) as f64;
            themes.push(ThemeSummary {
                id,
                title: all[i].title.clone(),
                entries: t.entries,
                share: t.entries as f64 / self.total.max(1) as f64,
                first: t.first,
                last: t.last,
                rating_avg: (t.ratings > 0).then(|| (mean * 100.0).round() / 100.0),
                sparkline: t.sparkline.clone(),
                stance: StanceTally::of(&all[i], t.did, t.missed),
            });
        }
        let mut explain = self.explain;
        explain.retain(|x| x.entries > 0);
        Summary {
            from: req.from.or(self.first_seen).unwrap_or(req.to),
            to: req.to,
            entries: self.total,
            themes,
            untouched,
            periods: self.periods.into_values().collect(),
            explain,
        }
    }
}

/// Entries in which the lead did what a theme is about, and in which they did the opposite
/// (entries that do not say count in neither), with how reviews say the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StanceTally {
    pub did: usize,
    pub missed: usize,
    /// "handed over", "held on to".
    #[serde(skip)]
    pub words: (String, String),
}

impl StanceTally {
    /// The tally for `theme`, if it has a stance.
    pub fn of(theme: &Theme, did: usize, missed: usize) -> Option<StanceTally> {
        Some(StanceTally { did, missed, words: (theme.did.clone()?, theme.missed.clone()?) })
    }
}

/// The mean, or `None` for no values; rounded to two decimals so JSON stays readable.
pub fn average(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    Some((mean * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::entry::Record;
    use crate::core::theme::Theme;

    fn themes() -> Themes {
        Themes::new(vec![
            Theme::test("delegation", "Delegation", &["delegat*"]),
            Theme::test("trust", "Trust", &[]),
            Theme::test("vision", "Vision", &[]),
        ])
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(date: &str, answers: serde_json::Value) -> Entry {
        let r: Record = serde_json::from_value(serde_json::json!({
            "v": 1, "id": format!("E{date}"), "rev": 1, "at": format!("{date}T20:00:00Z"), "date": date, "answers": answers
        }))
        .unwrap();
        Entry::classify(r, &themes())
    }

    fn rating(theme: &str, r: i64, max: i64) -> serde_json::Value {
        serde_json::json!({"prompt": "r", "theme": theme, "kind": "rating", "question": "Q", "rating": r, "min": 1, "max": max})
    }

    fn text(t: &str) -> serde_json::Value {
        serde_json::json!({"prompt": "t", "kind": "text", "question": "Q", "text": t})
    }

    fn req<'a>(t: &'a Themes, from: &str, to: &str) -> Request<'a> {
        Request {
            themes: t,
            only: &[],
            from: Some(d(from)),
            to: d(to),
            by: By::Theme,
            explain: false,
            week_start: WeekStart::Monday,
        }
    }

    #[test]
    fn themes_get_counts_shares_dates_and_rating_averages() {
        let t = themes();
        let entries = vec![
            entry("2026-11-02", serde_json::json!([rating("trust", 4, 5), text("I delegated the review")])),
            entry("2026-11-10", serde_json::json!([rating("trust", 10, 10)])),
            entry("2026-11-20", serde_json::json!([text("delegation again")])),
            entry("2026-11-25", serde_json::json!([text("nothing in particular")])),
        ];
        let s = summarize(&entries, &req(&t, "2026-11-01", "2026-11-27"));
        assert_eq!(s.entries, 4);
        let deleg = &s.themes[0];
        assert_eq!((deleg.id.as_str(), deleg.entries, deleg.share), ("delegation", 2, 0.5));
        assert_eq!((deleg.first, deleg.last), (Some(d("2026-11-02")), Some(d("2026-11-20"))));
        let trust = &s.themes[1];
        assert_eq!(trust.rating_avg, Some(4.5), "4/5 and 10/10 on a 1–5 scale are 4 and 5");
        assert_eq!(trust.sparkline[8..], [1, 1, 0, 0], "weeks of Nov 2, 9, 16, 23");
        let untouched: Vec<_> = s.untouched.iter().map(|u| (u.id.as_str(), u.days)).collect();
        assert_eq!(untouched, vec![("trust", Some(17)), ("vision", None)]);
    }

    #[test]
    fn a_range_shorter_than_two_weeks_names_no_untouched_theme() {
        let t = themes();
        let entries = vec![entry("2026-11-27", serde_json::json!([text("delegated")]))];
        let s = summarize(&entries, &req(&t, "2026-11-20", "2026-11-27"));
        assert!(s.untouched.is_empty(), "{:?}", s.untouched);
        let s = summarize(&entries, &req(&t, "2026-11-14", "2026-11-27"));
        assert_eq!(s.untouched.len(), 2, "fourteen days is long enough");
    }

    #[test]
    fn periods_group_by_week_or_month() {
        let t = themes();
        let entries = vec![
            entry("2026-10-30", serde_json::json!([rating("trust", 3, 5)])),
            entry("2026-11-02", serde_json::json!([rating("trust", 3, 5)])),
            entry("2026-11-03", serde_json::json!([text("delegated")])),
        ];
        let mut r = req(&t, "2026-10-01", "2026-11-27");
        r.by = By::Month;
        let s = summarize(&entries, &r);
        let months: Vec<_> = s.periods.iter().map(|p| (p.period.as_str(), p.entries)).collect();
        assert_eq!(months, vec![("2026-10", 1), ("2026-11", 2)]);
        r.by = By::Week;
        let s = summarize(&entries, &r);
        let weeks: Vec<_> = s.periods.iter().map(|p| (p.period.as_str(), p.entries)).collect();
        assert_eq!(weeks, vec![("2026-W44", 1), ("2026-W45", 2)]);
        assert_eq!(s.periods[1].themes["delegation"], 1);
    }

    #[test]
    fn explain_counts_prompts_tags_and_keywords() {
        let t = themes();
        let entries = vec![
            entry("2026-11-02", serde_json::json!([rating("trust", 4, 5), text("Delegated it #trust")])),
            entry("2026-11-03", serde_json::json!([text("delegating, delegating")])),
        ];
        let mut r = req(&t, "2026-11-01", "2026-11-27");
        r.explain = true;
        let s = summarize(&entries, &r);
        let deleg = s.explain.iter().find(|x| x.theme == "delegation").unwrap();
        assert_eq!(deleg.entries, 2);
        assert_eq!(deleg.keywords["delegated"], 1);
        assert_eq!(deleg.keywords["delegating"], 1, "counted once per entry");
        let trust = s.explain.iter().find(|x| x.theme == "trust").unwrap();
        assert_eq!(trust.prompts["r"], 1);
        assert_eq!(trust.tags["#trust"], 1);
    }
}
