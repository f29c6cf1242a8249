//! The weekly review (SPEC §6), computed: days journaled, themes against the week before,
//! commitments, people named, and one highlight per theme.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::commitment::{Commitment, Status};
use super::entry::{Answer, Entry};
use super::lexicon::Stance;
use super::people::Aliases;
use super::period::week_label;
use super::summary::{StanceTally, average};
use super::text::one_line;
use super::theme::Themes;

#[derive(Debug, Clone, Serialize)]
pub struct WeekReview {
    pub week: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub entries: usize,
    /// Each day of the week with its number of entries.
    pub days: Vec<Day>,
    pub days_journaled: usize,
    pub streak: usize,
    /// The streak goes back further than was counted.
    pub streak_capped: bool,
    pub themes: Vec<WeekTheme>,
    pub commitments: Tally,
    pub people: Vec<Person>,
    pub highlights: Vec<Highlight>,
    /// One thing to try next week, with why (none for an empty week); see `core::suggest`.
    pub suggestion: Option<super::suggest::Suggestion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub entries: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekTheme {
    pub id: String,
    pub title: String,
    pub entries: usize,
    pub rating_avg: Option<f64>,
    /// The questions whose ratings make `rating_avg`, so the average says what it averages.
    pub rated_by: Vec<String>,
    pub previous_entries: usize,
    pub previous_rating_avg: Option<f64>,
    /// How it went, for a theme with a stance.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub stance: Option<StanceTally>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Made before the week and still open when it began.
    pub carried_in: usize,
    /// Made during the week.
    pub made: usize,
    /// Followed up during the week as done, partly done, dropped.
    pub done: usize,
    pub partly: usize,
    pub dropped: usize,
    /// Still open at the end of the week.
    pub open: usize,
    pub open_list: Vec<Commitment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub theme: String,
    pub date: NaiveDate,
    pub text: String,
}

/// Builds the review of the week `start..start+6` from `entries` (at least this week and the
/// one before), every commitment of the journal, and the streak worked out by the caller.
pub fn review(
    entries: &[Entry],
    commitments: &[Commitment],
    themes: &Themes,
    aliases: &Aliases,
    start: NaiveDate,
    streak: usize,
) -> WeekReview {
    let end = start + Days::new(6);
    let prev_start = start - Days::new(7);
    let this: Vec<&Entry> =
        entries.iter().filter(|e| e.record.date >= start && e.record.date <= end).collect();
    let prev: Vec<&Entry> =
        entries.iter().filter(|e| e.record.date >= prev_start && e.record.date < start).collect();

    let days: Vec<Day> = (0..7u64)
        .map(|i| {
            let date = start + Days::new(i);
            let written = |e: &&&Entry| super::entry::makes_journal_day(e.record.pack.as_deref());
            Day { date, entries: this.iter().filter(written).filter(|e| e.record.date == date).count() }
        })
        .collect();
    let days_journaled = days.iter().filter(|d| d.entries > 0).count();

    let mut rows = Vec::new();
    let mut highlights = Vec::new();
    for t in themes.all() {
        let (entries, rating_avg) = theme_stats(&this, &t.id);
        let (previous_entries, previous_rating_avg) = theme_stats(&prev, &t.id);
        if entries == 0 && previous_entries == 0 {
            continue;
        }
        let count = |s: Stance| this.iter().filter(|e| e.stances.get(&t.id) == Some(&s)).count();
        rows.push(WeekTheme {
            stance: StanceTally::of(t, count(Stance::Did), count(Stance::Missed)),
            id: t.id.clone(),
            title: t.title.clone(),
            entries,
            rating_avg,
            rated_by: rated_questions(&this, &t.id),
            previous_entries,
            previous_rating_avg,
        });
        if let Some(h) = highlight(&this, &t.id, themes) {
            highlights.push(h);
        }
    }

    // carried_in + made = done + partly + dropped + open: every commitment open at some point
    // of the week is settled in it or still open at its end.
    let mut tally = Tally::default();
    for c in commitments {
        if c.date >= start && c.date <= end {
            tally.made += 1;
        }
        if c.date < start && (c.status.is_open() || c.followed_up.is_some_and(|f| f >= start)) {
            tally.carried_in += 1;
        }
        if c.followed_up.is_some_and(|f| f >= start && f <= end) {
            match c.status {
                Status::Done => tally.done += 1,
                Status::Partly => tally.partly += 1,
                Status::Dropped => tally.dropped += 1,
                Status::Open => {}
            }
        }
        let open_at_end = c.date <= end && (c.status.is_open() || c.followed_up.is_some_and(|f| f > end));
        if open_at_end {
            tally.open_list.push(c.clone());
        }
    }
    tally.open = tally.open_list.len();

    let mut w = WeekReview {
        week: week_label(start),
        start,
        end,
        entries: this.iter().filter(|e| super::entry::makes_journal_day(e.record.pack.as_deref())).count(),
        days,
        days_journaled,
        streak,
        streak_capped: false,
        themes: rows,
        commitments: tally,
        people: people(&this, aliases),
        highlights,
        suggestion: None,
    };
    w.suggestion = super::suggest::suggest(&w, entries, themes);
    w
}

fn theme_stats(entries: &[&Entry], theme: &str) -> (usize, Option<f64>) {
    let with: Vec<&&Entry> = entries.iter().filter(|e| e.themes.iter().any(|t| t == theme)).collect();
    let ratings: Vec<f64> = with
        .iter()
        .flat_map(|e| e.record.answers.iter())
        .filter(|a| a.theme.as_deref() == Some(theme))
        .filter_map(Answer::rating_on_5)
        .collect();
    (with.len(), average(&ratings))
}

/// The distinct questions of the rating answers about `theme` among `entries`, in the order
/// first met.
fn rated_questions(entries: &[&Entry], theme: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in entries
        .iter()
        .filter(|e| e.themes.iter().any(|t| t == theme))
        .flat_map(|e| e.record.answers.iter())
        .filter(|a| a.theme.as_deref() == Some(theme) && a.rating_on_5().is_some())
    {
        if !out.contains(&a.question) {
            out.push(a.question.clone());
        }
    }
    out
}

/// People named in `list` answers: how many entries name each (a name given twice in one
/// entry counts once), most often first. Names are matched without regard to case, and each
/// is shown as it was spelled most often (the first spelling on a tie).
pub fn people(entries: &[&Entry], aliases: &Aliases) -> Vec<Person> {
    struct Named {
        entries: usize,
        spellings: Vec<(String, usize)>,
    }
    let mut counts: BTreeMap<String, Named> = BTreeMap::new();
    for e in entries {
        let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for a in e.record.answers.iter().filter(|a| a.kind == "list") {
            for item in a.items.iter().flatten() {
                // As `people` has them: "nobody" is no one, and people.toml merges aliases.
                let Some((name, key)) = aliases.resolve(item) else { continue };
                let named =
                    counts.entry(key.clone()).or_insert_with(|| Named { entries: 0, spellings: Vec::new() });
                match named.spellings.iter_mut().find(|(s, _)| *s == name) {
                    Some((_, n)) => *n += 1,
                    None => named.spellings.push((name, 1)),
                }
                if seen.insert(key) {
                    named.entries += 1;
                }
            }
        }
    }
    let mut out: Vec<Person> = counts
        .into_values()
        .map(|named| {
            // The most used spelling; `max_by_key` keeps the last of equals, so look from the end.
            let name = named
                .spellings
                .iter()
                .rev()
                .max_by_key(|(_, n)| *n)
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            Person { name, count: named.entries }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    out
}

/// The week's most recent written answer about `theme`: from a prompt of the theme if there
/// is one, else one whose own words carry the theme (a `#tag` or a keyword).
fn highlight(entries: &[&Entry], theme: &str, themes: &Themes) -> Option<Highlight> {
    let written =
        |a: &&Answer| a.kind != "follow-up" && a.text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let mut with: Vec<&&Entry> = entries.iter().filter(|e| e.themes.iter().any(|t| t == theme)).collect();
    with.sort_by_key(|e| std::cmp::Reverse((e.record.date, e.record.at)));
    let pick = with
        .iter()
        .find_map(|e| {
            e.record
                .answers
                .iter()
                .filter(written)
                .find(|a| a.theme.as_deref() == Some(theme))
                .map(|a| (e, a))
        })
        .or_else(|| {
            with.iter().find_map(|e| {
                e.record
                    .answers
                    .iter()
                    .filter(written)
                    .find(|a| {
                        let (found, _) = themes.classify_text(&a.words());
                        found.iter().any(|t| t == theme)
                    })
                    .map(|a| (e, a))
            })
        })?;
    Some(Highlight {
        theme: theme.to_string(),
        date: pick.0.record.date,
        text: one_line(pick.1.text.as_deref().unwrap_or_default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::commitment::commitments;
    use crate::core::entry::Record;
    use crate::core::theme::Theme;

    fn themes() -> Themes {
        Themes::new(vec![
            Theme::test("delegation", "Delegation", &["delegat*"]),
            Theme::test("trust", "Trust", &[]),
            Theme::test("roving-leaders", "Roving leaders", &[]),
        ])
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(id: &str, date: &str, answers: serde_json::Value) -> Entry {
        let r: Record = serde_json::from_value(serde_json::json!({
            "v": 1, "id": id, "rev": 1, "at": format!("{date}T20:00:00Z"), "date": date, "answers": answers
        }))
        .unwrap();
        Entry::classify(r, &themes())
    }

    fn journal() -> Vec<Entry> {
        vec![
            // The week before (16–22 Nov).
            entry(
                "P1",
                "2026-11-17",
                serde_json::json!([
                    {"prompt": "t", "theme": "trust", "kind": "rating", "question": "Q", "rating": 2, "min": 1, "max": 5},
                    {"prompt": "c", "kind": "commitment", "question": "Q", "text": "Ask Sam to own deploys"}
                ]),
            ),
            // This week (23–29 Nov).
            entry(
                "A",
                "2026-11-23",
                serde_json::json!([
                    {"prompt": "t", "theme": "trust", "kind": "rating", "question": "Q", "rating": 4, "min": 1, "max": 5},
                    {"prompt": "h", "theme": "delegation", "kind": "text", "question": "Q", "text": "Handed the review to Sam"},
                    {"prompt": "p", "theme": "roving-leaders", "kind": "list", "question": "Q", "items": ["Maria", "Tom"]},
                    {"kind": "follow-up", "commitment": "P1:c", "status": "open"},
                    {"prompt": "c", "kind": "commitment", "question": "Q", "text": "Skip one status meeting"}
                ]),
            ),
            entry(
                "B",
                "2026-11-25",
                serde_json::json!([
                    {"prompt": "t", "theme": "trust", "kind": "rating", "question": "Q", "rating": 5, "min": 1, "max": 5},
                    {"prompt": "p", "theme": "roving-leaders", "kind": "list", "question": "Q", "items": ["maria"]},
                    {"prompt": "n", "kind": "text", "question": "Q", "text": "Let Ana delegate   the\\nplanning"},
                    {"kind": "follow-up", "commitment": "P1:c", "status": "done"},
                    {"kind": "follow-up", "commitment": "A:c", "status": "dropped"},
                    {"prompt": "c", "kind": "commitment", "question": "Q", "text": "Ask Li about on-call"}
                ]),
            ),
        ]
    }

    #[test]
    fn a_week_compares_themes_with_the_week_before() {
        let e = journal();
        let r = review(&e, &commitments(&e), &themes(), &Aliases::default(), d("2026-11-23"), 2);
        assert_eq!(r.week, "2026-W48");
        assert_eq!((r.start, r.end), (d("2026-11-23"), d("2026-11-29")));
        assert_eq!(r.days.iter().map(|d| d.entries).collect::<Vec<_>>(), vec![1, 0, 1, 0, 0, 0, 0]);
        assert_eq!(r.days_journaled, 2);
        let trust = r.themes.iter().find(|t| t.id == "trust").unwrap();
        assert_eq!((trust.entries, trust.rating_avg), (2, Some(4.5)));
        assert_eq!((trust.previous_entries, trust.previous_rating_avg), (1, Some(2.0)));
        let deleg = r.themes.iter().find(|t| t.id == "delegation").unwrap();
        assert_eq!((deleg.entries, deleg.previous_entries), (2, 0), "a keyword counts too");
    }

    #[test]
    fn commitments_are_tallied_for_the_week() {
        let e = journal();
        let r = review(&e, &commitments(&e), &themes(), &Aliases::default(), d("2026-11-23"), 2);
        let c = &r.commitments;
        assert_eq!((c.made, c.done, c.partly, c.dropped, c.open), (2, 1, 0, 1, 1));
        assert_eq!(c.carried_in + c.made, c.done + c.partly + c.dropped + c.open, "the line adds up");
        assert_eq!(c.open_list[0].text, "Ask Li about on-call");
        // Seen from the week before, Sam's commitment was still open at its end.
        let before = review(&e, &commitments(&e), &themes(), &Aliases::default(), d("2026-11-16"), 1);
        assert_eq!((before.commitments.made, before.commitments.open), (1, 1));
    }

    #[test]
    fn people_are_counted_without_regard_to_case() {
        let e = journal();
        let r = review(&e, &commitments(&e), &themes(), &Aliases::default(), d("2026-11-23"), 2);
        let people: Vec<_> = r.people.iter().map(|p| (p.name.as_str(), p.count)).collect();
        assert_eq!(people, vec![("Maria", 2), ("Tom", 1)]);
    }

    #[test]
    fn people_count_entries_and_show_the_usual_spelling() {
        let list = |id: &str, date: &str, items: &[&str]| {
            let items: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
            Entry::classify(
                serde_json::from_str(&format!(
                    r#"{{"v":1,"id":"{id}","rev":1,"at":"{date}T20:00:00+01:00","date":"{date}","pack":"daily","answers":[{{"prompt":"people","kind":"list","question":"Who?","items":[{}]}}]}}"#,
                    items.join(",")
                ))
                .unwrap(),
                &themes(),
            )
        };
        let e = [
            list("01M8F1FDC06MWDEYZJMNH58YF1", "2026-11-23", &["Maria", "tom", "Maria"]),
            list("01M8F1FDC06MWDEYZJMNH58YF2", "2026-11-24", &["maria", "Tom"]),
            list("01M8F1FDC06MWDEYZJMNH58YF3", "2026-11-25", &["Maria", "Tom"]),
        ];
        let refs: Vec<&Entry> = e.iter().collect();
        let people: Vec<_> =
            people(&refs, &Aliases::default()).into_iter().map(|p| (p.name, p.count)).collect();
        assert_eq!(people, vec![("Maria".to_string(), 3), ("Tom".to_string(), 3)]);
    }

    #[test]
    fn each_theme_gets_one_highlight() {
        let e = journal();
        let r = review(&e, &commitments(&e), &themes(), &Aliases::default(), d("2026-11-23"), 2);
        let deleg = r.highlights.iter().find(|h| h.theme == "delegation").unwrap();
        assert_eq!(deleg.text, "Handed the review to Sam", "a delegation prompt wins over a keyword");
        assert_eq!(r.highlights.len(), 1, "trust has only ratings and roving-leaders only lists");
    }

    #[test]
    fn an_empty_week_is_empty() {
        let r = review(&[], &[], &themes(), &Aliases::default(), d("2026-11-23"), 0);
        assert_eq!((r.entries, r.days_journaled), (0, 0));
        assert!(r.themes.is_empty() && r.people.is_empty());
    }
}
