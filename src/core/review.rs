//! `coachlog review` ("then and now"), computed: the first month of a range set beside its
//! last month, theme by theme (ratings, which way it went), commitments kept, people who came
//! into view or faded, and the person's own words on each theme at both ends.
//!
//! Pure: the caller reads the two months and hands their entries over; nothing here reads a
//! file or the clock. Rendering lives in `cli::review` (terminal) and [`markdown`].

pub mod markdown;

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use super::commitment::{Status, commitments_of};
use super::entry::{Answer, Entry};
use super::lexicon::Stance;
use super::people::Aliases;
use super::period::month_label;
use super::summary::{StanceTally, average};
use super::text::one_line;
use super::theme::{Theme, Themes};
pub use super::week::Person;

/// The pack whose entries are written for looking back over a quarter: its answers are the
/// first choice for the person's own words.
pub const QUARTERLY_PACK: &str = "quarterly";

/// The longest quote, in characters; a longer sentence is cut at a word and ends in `…`.
pub const QUOTE_CHARS: usize = 140;

/// The range a review covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `2026-Q4` when the range is a quarter (or the part of it up to today).
    pub quarter: Option<String>,
}

/// The quarter `text` names, relative to `today`: `2026-Q4` (or `2026q4`), `Q4` (this year's),
/// `this` or `last`. `None` for the quarter holding `today`. The range ends with the quarter,
/// or today when the quarter is still going on.
pub fn quarter(text: Option<&str>, today: NaiveDate) -> Result<Range, String> {
    let given = text.unwrap_or_default();
    let this_start = quarter_start(today.year(), (today.month0() / 3) + 1).unwrap_or(today);
    let start = match given.trim().to_lowercase().as_str() {
        _ if text.is_none() => this_start,
        "this" => this_start,
        "last" => this_start.checked_sub_months(Months::new(3)).ok_or_else(|| bad(given))?,
        t => {
            let (year, q) = t.rsplit_once('q').ok_or_else(|| bad(given))?;
            let year = match year.strip_suffix('-').unwrap_or(year) {
                "" => today.year(),
                y if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                    y.parse().map_err(|_| bad(given))?
                }
                _ => return Err(bad(given)),
            };
            let q = match q {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => return Err(bad(given)),
            };
            quarter_start(year, q).ok_or_else(|| bad(given))?
        }
    };
    let end = start
        .checked_add_months(Months::new(3))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .ok_or_else(|| bad(given))?;
    let q = start.month0() / 3 + 1;
    // A quarter under way is reviewed so far; one to come keeps its end (and has no entries).
    let to = if start <= today { end.min(today) } else { end };
    Ok(Range { from: start, to, quarter: Some(format!("{}-Q{q}", start.year())) })
}

fn quarter_start(year: i32, q: u32) -> Option<NaiveDate> {
    if !super::entry::is_sane_year(year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)
}

fn bad(text: &str) -> String {
    format!("cannot read the quarter `{text}`; use 2026-Q4, Q4 (this year's), `this` or `last`")
}

/// The days of the first and of the last month of `range` that lie inside it.
pub fn months(range: &Range) -> (Side, Side) {
    let first_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let last_of =
        |d: NaiveDate| first_of(d).checked_add_months(Months::new(1)).and_then(|n| n.pred_opt()).unwrap_or(d);
    let then = Side {
        month: month_label(range.from),
        from: range.from,
        to: last_of(range.from).min(range.to),
        entries: 0,
    };
    let now = Side {
        month: month_label(range.to),
        from: first_of(range.to).max(range.from),
        to: range.to,
        entries: 0,
    };
    (then, now)
}

/// Whether the review compares two months, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The first and the last month both have entries: compared.
    Compared,
    /// The range lies within one month, so then and now are the same.
    OneMonth,
    /// Neither month has an entry.
    NoEntries,
    /// The first month has no entry: nothing to compare against.
    ThenEmpty,
    /// The last month has no entry (yet).
    NowEmpty,
}

/// A month of the review: `month` is `2026-10`; `from..=to` the days of it inside the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub month: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub entries: usize,
}

impl Side {
    /// `October 2026`, or the days of it when the range holds only part: `15–31 October 2026`,
    /// `6 December 2026`.
    pub fn name(&self) -> String {
        let whole = self.from.day() == 1 && self.to.succ_opt().is_none_or(|n| n.day() == 1);
        if whole {
            self.from.format("%B %Y").to_string()
        } else if self.from == self.to {
            self.from.format("%-d %B %Y").to_string()
        } else {
            format!("{}–{}", self.from.day(), self.to.format("%-d %B %Y"))
        }
    }

    /// `October`: the month alone, for column heads.
    pub fn short(&self) -> String {
        self.from.format("%B").to_string()
    }
}

/// Then and now. `--json` prints this as it is, and the table and markdown render it, so the
/// three cannot disagree. `themes`, `commitments` and `people` are filled only when `state`
/// is `compared` (empty, `null` and `null` otherwise).
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub quarter: Option<String>,
    pub state: State,
    pub then: Side,
    pub now: Side,
    pub themes: Vec<ThemeChange>,
    pub commitments: Option<Commitments>,
    pub people: Option<People>,
}

/// One theme, then and now.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeChange {
    pub id: String,
    pub title: String,
    pub then: ThemeSide,
    pub now: ThemeSide,
    /// The rating now minus the rating then, when both months have one.
    pub rating_change: Option<f64>,
}

/// A theme in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeSide {
    pub entries: usize,
    /// The average of the theme's ratings on a 1–5 scale.
    pub rating_avg: Option<f64>,
    /// `did` and `missed`: entries that went each way, for a theme with a stance.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub stance: Option<StanceTally>,
    /// One sentence of the person's own words on the theme.
    pub words: Option<Quote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub date: NaiveDate,
    pub text: String,
}

/// Commitments made in each month and how they stood at its end (follow-ups written in the
/// same month; the months between are not read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commitments {
    pub then: Kept,
    pub now: Kept,
}

/// `made = done + partly + dropped + open`; `kept = done + partly`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Kept {
    pub made: usize,
    pub kept: usize,
    pub done: usize,
    pub partly: usize,
    pub dropped: usize,
    pub open: usize,
}

/// People named in `list` answers: in the last month but not the first (`emerged`), in the
/// first but not the last (`faded`), in both (`stayed`). Counts are entries naming them in
/// the month they are listed for (the last month for `stayed`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct People {
    pub emerged: Vec<Person>,
    pub faded: Vec<Person>,
    pub stayed: Vec<Person>,
}

/// Reviews `range` from `entries` (live entries of its first and last months; others are
/// left out).
pub fn review(entries: &[Entry], themes: &Themes, aliases: &Aliases, range: &Range) -> Review {
    let (mut then, mut now) = months(range);
    let inside = |side: &Side| -> Vec<&Entry> {
        entries
            .iter()
            .filter(|e| e.record.date >= side.from && e.record.date <= side.to)
            .filter(|e| super::entry::makes_journal_day(e.record.pack.as_deref()))
            .collect()
    };
    let (a, b) = (inside(&then), inside(&now));
    then.entries = a.len();
    now.entries = b.len();
    let state = if then.month == now.month {
        State::OneMonth
    } else {
        match (a.is_empty(), b.is_empty()) {
            (true, true) => State::NoEntries,
            (true, false) => State::ThenEmpty,
            (false, true) => State::NowEmpty,
            (false, false) => State::Compared,
        }
    };
    let mut out = Review {
        from: range.from,
        to: range.to,
        quarter: range.quarter.clone(),
        state,
        then,
        now,
        themes: Vec::new(),
        commitments: None,
        people: None,
    };
    if state != State::Compared {
        return out;
    }
    for t in themes.all() {
        let (then, now) = (theme_side(&a, t, themes, false), theme_side(&b, t, themes, true));
        if then.entries == 0 && now.entries == 0 {
            continue;
        }
        let rating_change = match (then.rating_avg, now.rating_avg) {
            (Some(x), Some(y)) => Some(((y - x) * 100.0).round() / 100.0),
            _ => None,
        };
        out.themes.push(ThemeChange { id: t.id.clone(), title: t.title.clone(), then, now, rating_change });
    }
    // Commitments bookkeeping (`coachlog commitments done`) settles them too, so every entry
    // of the months counts here.
    let of =
        |side: &Side| kept(entries.iter().filter(|e| e.record.date >= side.from && e.record.date <= side.to));
    out.commitments = Some(Commitments { then: of(&out.then), now: of(&out.now) });
    out.people = Some(emerged(&super::week::people(&a, aliases), &super::week::people(&b, aliases)));
    out
}

impl Review {
    /// `2026-Q4`, or the range: `15 October – 6 December 2026`, `1–20 November 2026`.
    pub fn title(&self) -> String {
        match &self.quarter {
            Some(q) => q.clone(),
            None if (self.from.year(), self.from.month()) == (self.to.year(), self.to.month()) => {
                format!("{}–{}", self.from.day(), self.to.format("%-d %B %Y"))
            }
            None if self.from.year() == self.to.year() => {
                format!("{} – {}", self.from.format("%-d %B"), self.to.format("%-d %B %Y"))
            }
            None => format!("{} – {}", self.from.format("%-d %B %Y"), self.to.format("%-d %B %Y")),
        }
    }

    /// What the review sets beside what: `October 2026 (12 entries) beside 1–6 December 2026
    /// (5 entries)`.
    pub fn sides(&self) -> String {
        let n = |k: usize| if k == 1 { "1 entry".to_string() } else { format!("{k} entries") };
        format!(
            "{} ({}) beside {} ({})",
            self.then.name(),
            n(self.then.entries),
            self.now.name(),
            n(self.now.entries)
        )
    }

    /// Why nothing is compared, in a sentence or two, or `None` when the months are compared.
    /// The words come from coachlog alone (dates and commands), never from the journal.
    pub fn why_not(&self) -> Option<String> {
        let (then, now) = (self.then.name(), self.now.name());
        Some(match self.state {
            State::Compared => return None,
            State::OneMonth => format!(
                "This range lies within one month ({then}), so then and now would be the same. \
                 Pick a range over two months or more (`--quarter last`, or `--from` an earlier month), \
                 or see this month with `coachlog summary --from {} --to {}`.",
                self.from, self.to
            ),
            State::NoEntries => format!(
                "Nothing was written in {then} or in {now}, the first and last months of this range, \
                 so there is nothing to compare."
            ),
            State::ThenEmpty => format!(
                "Nothing was written in {then}, the first month of this range, so there is nothing to \
                 set {now} beside. A range that starts later (`--from`) compares what there is."
            ),
            State::NowEmpty => {
                // The month before the last one, when it is not the first: a range ending there
                // has something to compare.
                let before = self.now.from.pred_opt().filter(|d| *d > self.then.to);
                let next = match before {
                    Some(end) => {
                        format!("`--from {} --to {end}` ends the range with {}.", self.from, end.format("%B"))
                    }
                    None => "`--quarter last` reviews the quarter before.".to_string(),
                };
                format!(
                    "Nothing was written in {now}, the last month of this range, so there is nothing to \
                     set beside {then} yet. {next}"
                )
            }
        })
    }
}

/// `+0.5`, `−1.0` (a true minus sign), or `=` for no change to one decimal.
pub fn change_text(change: f64) -> String {
    if change.abs() < 0.05 {
        "=".to_string()
    } else if change > 0.0 {
        format!("+{change:.1}")
    } else {
        format!("−{:.1}", change.abs())
    }
}

/// `4.5/5`, or `–` for none.
pub fn rating_text(rating: Option<f64>) -> String {
    rating.map_or_else(|| "–".to_string(), |r| format!("{r:.1}/5"))
}

fn theme_side(entries: &[&Entry], theme: &Theme, themes: &Themes, newest: bool) -> ThemeSide {
    let with: Vec<&Entry> = entries.iter().copied().filter(|e| e.themes.contains(&theme.id)).collect();
    let ratings: Vec<f64> = entries
        .iter()
        .flat_map(|e| e.record.answers.iter())
        .filter(|a| a.theme.as_deref() == Some(theme.id.as_str()))
        .filter_map(Answer::rating_on_5)
        .collect();
    let count = |s: Stance| with.iter().filter(|e| e.stances.get(&theme.id) == Some(&s)).count();
    ThemeSide {
        entries: with.len(),
        rating_avg: average(&ratings),
        stance: StanceTally::of(theme, count(Stance::Did), count(Stance::Missed)),
        words: quote(&with, &theme.id, themes, newest),
    }
}

/// How the commitments made among `entries` stood at the end of them.
fn kept<'a>(entries: impl Iterator<Item = &'a Entry>) -> Kept {
    let mut k = Kept::default();
    for c in commitments_of(entries.map(|e| &e.record)) {
        k.made += 1;
        match c.status {
            Status::Done => k.done += 1,
            Status::Partly => k.partly += 1,
            Status::Dropped => k.dropped += 1,
            Status::Open => k.open += 1,
        }
    }
    k.kept = k.done + k.partly;
    k
}

/// Who came into view between `then` and `now`, and who faded, with names compared in any
/// case (`then` and `now` as [`super::week::people`] makes them: one per person, in their
/// usual spelling, most named first). Kept apart so that an alias table can map names before
/// they are compared.
pub fn emerged(then: &[Person], now: &[Person]) -> People {
    let key = |p: &Person| p.name.to_lowercase();
    let before: BTreeSet<String> = then.iter().map(key).collect();
    let after: BTreeSet<String> = now.iter().map(key).collect();
    People {
        emerged: now.iter().filter(|p| !before.contains(&key(p))).cloned().collect(),
        faded: then.iter().filter(|p| !after.contains(&key(p))).cloned().collect(),
        stayed: now.iter().filter(|p| before.contains(&key(p))).cloned().collect(),
    }
}

/// One sentence of the person's own words on `theme` among `entries` (all of the theme): the
/// newest answer when `newest`, else the oldest, from the best kind there is. Best is an
/// answer to a prompt of the theme, then one whose own words carry it (a `#tag`, a phrase);
/// within each, the quarterly pack's answers, written for looking back, come first.
fn quote(entries: &[&Entry], theme: &str, themes: &Themes, newest: bool) -> Option<Quote> {
    let written = |a: &&Answer| {
        matches!(a.kind.as_str(), "text" | "editor")
            && a.text.as_deref().is_some_and(|t| !t.trim().is_empty())
    };
    let mut ordered: Vec<&&Entry> = entries.iter().collect();
    ordered.sort_by_key(|e| (e.record.date, e.record.at));
    if newest {
        ordered.reverse();
    }
    let carries = |text: &str| themes.classify_text(text).0.iter().any(|t| t == theme);
    for by_prompt in [true, false] {
        for quarterly in [true, false] {
            let found = ordered
                .iter()
                .filter(|e| (e.record.pack.as_deref() == Some(QUARTERLY_PACK)) == quarterly)
                .find_map(|e| {
                    e.record
                        .answers
                        .iter()
                        .filter(written)
                        .find_map(|a| {
                            let text = a.text.as_deref().unwrap_or_default();
                            let of_prompt = a.theme.as_deref() == Some(theme);
                            if by_prompt {
                                of_prompt.then(|| sentence(text, |_| true))
                            } else if !of_prompt && carries(text) {
                                Some(sentence(text, carries))
                            } else {
                                None
                            }
                        })
                        .map(|text| Quote { date: e.record.date, text })
                });
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// The sentences of `text`, on one line each.
fn sentences(text: &str) -> Vec<String> {
    let line = one_line(text);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        let end = i + c.len_utf8();
        if matches!(c, '.' | '!' | '?' | '…') && line[end..].starts_with(' ') {
            out.push(line[start..end].trim().to_string());
            start = end;
        }
    }
    let rest = line[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The first sentence of `text` that `wanted` accepts and says something (three words or
/// more; a bare "Yes." is passed over when more follows), at most [`QUOTE_CHARS`] long.
fn sentence(text: &str, wanted: impl Fn(&str) -> bool) -> String {
    let all = sentences(text);
    let fits: Vec<&String> = all.iter().filter(|s| wanted(s)).collect();
    let pick = fits
        .iter()
        .find(|s| s.split_whitespace().count() >= 3)
        .or(fits.first())
        .copied()
        .or(all.first())
        .map_or_else(String::new, Clone::clone);
    clip(&pick)
}

/// `text` cut at a word to at most [`QUOTE_CHARS`] characters, `…` marking the cut.
fn clip(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(QUOTE_CHARS - 1).collect();
    let at = cut.rfind(' ').filter(|&i| i > cut.len() / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([' ', ',', ';', ':', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::entry::Record;

    /// The built-in themes: stances are heard as they are in use.
    fn themes() -> Themes {
        Themes::new(crate::core::theme::parse_themes("themes.toml", crate::core::builtin::THEMES.1).unwrap())
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(id: &str, date: &str, pack: &str, answers: serde_json::Value) -> Entry {
        let r: Record = serde_json::from_value(serde_json::json!({
            "v": 1, "id": id, "rev": 1, "at": format!("{date}T20:00:00Z"), "date": date, "pack": pack,
            "answers": answers
        }))
        .unwrap();
        Entry::classify(r, &themes())
    }

    fn rating(r: i64) -> serde_json::Value {
        serde_json::json!({"prompt": "trust", "theme": "trust", "kind": "rating", "question": "Q", "rating": r, "min": 1, "max": 5})
    }

    fn said(theme: &str, text: &str) -> serde_json::Value {
        serde_json::json!({"prompt": format!("p-{theme}"), "theme": theme, "kind": "text", "question": "Q", "text": text})
    }

    fn people(names: &[&str]) -> serde_json::Value {
        serde_json::json!({"prompt": "people", "kind": "list", "question": "Q", "items": names})
    }

    fn q4() -> Range {
        Range { from: d("2026-10-01"), to: d("2026-12-31"), quarter: Some("2026-Q4".into()) }
    }

    /// October and December of 2026 (and a November entry the review must not see).
    fn journal() -> Vec<Entry> {
        vec![
            entry(
                "A",
                "2026-10-05",
                "daily",
                serde_json::json!([rating(5), said("delegation", "I did it myself again."), people(&["Tom", "maria"]),
                    {"prompt": "c", "kind": "commitment", "question": "Q", "text": "Ask Sam to own deploys"}]),
            ),
            entry(
                "B",
                "2026-10-20",
                "daily",
                serde_json::json!([rating(4), said("delegation", "Handed the review to Ana."), people(&["Maria"]),
                    {"kind": "follow-up", "commitment": "A:c", "status": "done"},
                    {"prompt": "c", "kind": "commitment", "question": "Q", "text": "Skip a status meeting"}]),
            ),
            entry("N", "2026-11-10", "daily", serde_json::json!([rating(1), people(&["Zed"])])),
            entry(
                "C",
                "2026-12-02",
                "daily",
                serde_json::json!([rating(2), said("delegation", "Handed the budget to Priya."), people(&["MARIA", "Priya"]),
                    {"prompt": "c", "kind": "commitment", "question": "Q", "text": "Thank Priya"}]),
            ),
            entry(
                "D",
                "2026-12-20",
                "daily",
                serde_json::json!([rating(3), said("delegation", "Delegated the hiring loop to Sam."), people(&["Priya", "Sam"]),
                    {"kind": "follow-up", "commitment": "C:c", "status": "partly"},
                    {"prompt": "c", "kind": "commitment", "question": "Q", "text": "Ask Li about on-call"},
                    {"prompt": "c2", "kind": "commitment", "question": "Q", "text": "Drop the weekly sync"}]),
            ),
            entry(
                "E",
                "2026-12-21",
                "daily",
                serde_json::json!([{"kind": "follow-up", "commitment": "D:c2", "status": "dropped"}]),
            ),
        ]
    }

    #[test]
    fn quarters_are_read_in_every_accepted_form() {
        let today = d("2026-12-06");
        let q = |t: Option<&str>| quarter(t, today).map(|r| (r.from, r.to, r.quarter.unwrap()));
        assert_eq!(q(None), Ok((d("2026-10-01"), d("2026-12-06"), "2026-Q4".into())), "so far");
        assert_eq!(q(Some("this")), q(None));
        assert_eq!(q(Some("2026-Q4")), q(None));
        assert_eq!(q(Some("q4")), q(None), "this year's");
        assert_eq!(q(Some("last")), Ok((d("2026-07-01"), d("2026-09-30"), "2026-Q3".into())));
        assert_eq!(q(Some("2026q1")), Ok((d("2026-01-01"), d("2026-03-31"), "2026-Q1".into())));
        assert_eq!(q(Some("2027-Q1")), Ok((d("2027-01-01"), d("2027-03-31"), "2027-Q1".into())), "to come");
        let jan = quarter(Some("last"), d("2027-01-15")).unwrap();
        assert_eq!((jan.from, jan.quarter.as_deref()), (d("2026-10-01"), Some("2026-Q4")), "across a year");
        for wrong in ["Q5", "Q0", "2026-Q", "26-Q4", "quarter", "", "2026-Q4x", "10000-Q1", "0000-Q1"] {
            let e = quarter(Some(wrong), today).unwrap_err();
            assert!(e.contains("2026-Q4, Q4 (this year's), `this` or `last`"), "{wrong}: {e}");
        }
    }

    #[test]
    fn the_first_and_last_months_are_the_parts_inside_the_range() {
        let r = Range { from: d("2026-10-15"), to: d("2026-12-06"), quarter: None };
        let (then, now) = months(&r);
        assert_eq!((then.month.as_str(), then.from, then.to), ("2026-10", d("2026-10-15"), d("2026-10-31")));
        assert_eq!((now.month.as_str(), now.from, now.to), ("2026-12", d("2026-12-01"), d("2026-12-06")));
        let (then, now) = months(&Range { from: d("2026-11-03"), to: d("2026-11-20"), quarter: None });
        assert_eq!(
            (then.from, then.to, now.from, now.to),
            (d("2026-11-03"), d("2026-11-20"), d("2026-11-03"), d("2026-11-20"))
        );
    }

    #[test]
    fn ratings_are_averaged_then_and_now_with_the_change() {
        let r = review(&journal(), &themes(), &Aliases::default(), &q4());
        assert_eq!(r.state, State::Compared);
        assert_eq!((r.then.entries, r.now.entries), (2, 3), "November is not read; E is an entry");
        let trust = r.themes.iter().find(|t| t.id == "trust").unwrap();
        assert_eq!((trust.then.rating_avg, trust.now.rating_avg), (Some(4.5), Some(2.5)));
        assert_eq!(trust.rating_change, Some(-2.0));
        assert_eq!((trust.then.entries, trust.now.entries), (2, 2));
        let said = trust.then.stance.as_ref().map(|t| (t.did, t.missed));
        assert_eq!(said, Some((0, 0)), "a rating says nothing of which way it went");
    }

    #[test]
    fn stances_are_tallied_each_month() {
        let r = review(&journal(), &themes(), &Aliases::default(), &q4());
        let deleg = r.themes.iter().find(|t| t.id == "delegation").unwrap();
        let tally = |s: &ThemeSide| s.stance.as_ref().map(|t| (t.did, t.missed));
        assert_eq!(tally(&deleg.then), Some((1, 1)), "held on to once, handed over once");
        assert_eq!(tally(&deleg.now), Some((2, 0)));
        assert_eq!(deleg.rating_change, None);
        assert!(r.themes.iter().all(|t| t.id != "vision"), "a theme in neither month is left out");
    }

    #[test]
    fn commitments_are_counted_as_each_month_ended() {
        let r = review(&journal(), &themes(), &Aliases::default(), &q4());
        let c = r.commitments.unwrap();
        assert_eq!(c.then, Kept { made: 2, kept: 1, done: 1, partly: 0, dropped: 0, open: 1 });
        assert_eq!(c.now, Kept { made: 3, kept: 1, done: 0, partly: 1, dropped: 1, open: 1 });
        for k in [c.then, c.now] {
            assert_eq!(k.made, k.done + k.partly + k.dropped + k.open);
        }
    }

    #[test]
    fn people_who_emerged_and_faded_are_found_in_any_case() {
        let r = review(&journal(), &themes(), &Aliases::default(), &q4());
        let p = r.people.unwrap();
        let names = |v: &[Person]| v.iter().map(|p| (p.name.clone(), p.count)).collect::<Vec<_>>();
        assert_eq!(names(&p.emerged), vec![("Priya".into(), 2), ("Sam".into(), 1)]);
        assert_eq!(names(&p.faded), vec![("Tom".into(), 1)]);
        assert_eq!(names(&p.stayed), vec![("MARIA".into(), 1)], "in this month's spelling");
        let person = |n: &str| Person { name: n.into(), count: 1 };
        let same = emerged(&[person("Ana")], &[person("ANA"), person("Li")]);
        assert_eq!((same.emerged.len(), same.faded.len(), same.stayed.len()), (1, 0, 1));
        let none = emerged(&[], &[]);
        assert!(none.emerged.is_empty() && none.faded.is_empty() && none.stayed.is_empty());
    }

    #[test]
    fn own_words_are_the_oldest_then_and_the_newest_now() {
        let r = review(&journal(), &themes(), &Aliases::default(), &q4());
        let deleg = r.themes.iter().find(|t| t.id == "delegation").unwrap();
        let words = |s: &ThemeSide| s.words.as_ref().map(|q| (q.date, q.text.clone()));
        assert_eq!(words(&deleg.then), Some((d("2026-10-05"), "I did it myself again.".into())));
        assert_eq!(words(&deleg.now), Some((d("2026-12-20"), "Delegated the hiring loop to Sam.".into())));
        let trust = r.themes.iter().find(|t| t.id == "trust").unwrap();
        assert_eq!(trust.then.words, None, "ratings are not words");
    }

    #[test]
    fn own_words_prefer_the_theme_s_prompts_then_the_quarterly_pack() {
        let note = serde_json::json!([{"prompt": "note", "kind": "text", "question": "Q",
            "text": "Busy day. I delegated the roadmap draft to Ana and it came back better."}]);
        let entries = [
            entry("A", "2026-10-02", "quick", note.clone()),
            entry(
                "B",
                "2026-10-03",
                "daily",
                serde_json::json!([said("delegation", "Kept the release to myself.")]),
            ),
            entry(
                "C",
                "2026-10-09",
                "quarterly",
                serde_json::json!([said("delegation", "Handed over planning.")]),
            ),
            entry("D", "2026-12-02", "quick", note),
        ];
        let side: Vec<&Entry> = entries.iter().take(3).collect();
        let q = |side: &[&Entry], newest| quote(side, "delegation", &themes(), newest).map(|q| q.text);
        assert_eq!(q(&side, false).as_deref(), Some("Handed over planning."), "the quarterly pack first");
        assert_eq!(q(&side[..2], false).as_deref(), Some("Kept the release to myself."), "a prompt's answer");
        assert_eq!(
            q(&[&entries[3]], true).as_deref(),
            Some("I delegated the roadmap draft to Ana and it came back better."),
            "a note's sentence that carries the theme"
        );
    }

    #[test]
    fn quotes_are_one_short_line() {
        assert_eq!(
            sentence("Yes.\nI handed the\tdemo to Tom. Then lunch.", |_| true),
            "I handed the demo to Tom."
        );
        assert_eq!(sentence("Ok.", |_| true), "Ok.");
        let long = "word ".repeat(60);
        let q = sentence(&long, |_| true);
        assert!(q.chars().count() <= QUOTE_CHARS && q.ends_with("word…"), "{q}");
        let unbroken = "x".repeat(300);
        assert_eq!(clip(&unbroken).chars().count(), QUOTE_CHARS);
        assert_eq!(sentences("Version 2.1 shipped. Done"), vec!["Version 2.1 shipped.", "Done"]);
    }

    #[test]
    fn a_range_in_one_month_or_a_month_without_entries_compares_nothing() {
        let one = Range { from: d("2026-12-01"), to: d("2026-12-06"), quarter: None };
        let r = review(&journal(), &themes(), &Aliases::default(), &one);
        assert_eq!((r.state, r.then.entries, r.now.entries), (State::OneMonth, 1, 1));
        assert!(r.themes.is_empty() && r.commitments.is_none() && r.people.is_none());
        let entries = journal();
        let r = review(&entries[..2], &themes(), &Aliases::default(), &q4());
        assert_eq!(r.state, State::NowEmpty);
        let r = review(&entries[3..], &themes(), &Aliases::default(), &q4());
        assert_eq!(r.state, State::ThenEmpty);
        assert_eq!(review(&[], &themes(), &Aliases::default(), &q4()).state, State::NoEntries);
    }
}
