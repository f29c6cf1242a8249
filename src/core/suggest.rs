//! The one suggestion a weekly review ends with: the first of a few rules, in order, that the
//! week's entries bear out. Each rule is here to read, says why it fired, and names the
//! entries behind it (their ids, and their days in the reason), so nothing is a black box.
//!
//! 1. `commitment-returns`: a commitment still open has come back (been carried over) three
//!    times or more: finish it, shrink it or drop it.
//! 2. `held-on`: for a theme with a stance (delegation, trust, …), the week's entries said
//!    the lead held on (the theme's "missed" way) at least twice, and more often than the
//!    other way: next week, take one of those moments and try the other way.
//! 3. `rating-fell`: a theme's average rating fell by a point or more from the week before.
//! 4. `quiet-theme`: the lead wrote on three days or more and never about delegation, trust
//!    or roving leaders (the three the product is built around, in that order).
//! 5. `keep-going`: a theme with a stance went the right way at least twice and never the
//!    other: next week, a step further.
//!
//! An empty week gets no suggestion.

use chrono::NaiveDate;
use serde::Serialize;

use super::commitment::Commitment;
use super::entry::Entry;
use super::lexicon::Stance;
use super::theme::Themes;
use super::week::WeekReview;

/// Carried over this many times, a commitment is coming back.
pub const RETURNS: u32 = 3;
/// A fall in a theme's average rating (on 1–5) worth a word.
pub const FALL: f64 = 1.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Which rule chose it (see the module).
    pub rule: &'static str,
    /// What to do next week.
    pub text: String,
    /// Why, naming the days (and the words) behind it.
    pub reason: String,
    /// The ids of the entries behind it.
    pub entries: Vec<String>,
}

/// The three themes the product is built around, in the order they are suggested.
const CORE: [&str; 3] = ["delegation", "trust", "roving-leaders"];

/// The step to try when a theme went the other way.
fn next_step(theme: &str) -> &'static str {
    match theme {
        "delegation" => "pick one thing from those and hand over the outcome, not the steps",
        "trust" => "pick one piece of work and let it run to its deadline without checking on it",
        "roving-leaders" => {
            "tell one of the people others follow what you have noticed, and ask what they see"
        }
        "contribution" => "before you say how, ask one person how they would do it, and use what you can",
        "courage" => "say the thing you held back, early in the week, and see what happens",
        "vision" => "tell one person where the team is heading and ask what it means for them",
        "management" => "choose one task you do yourself and find who could own it",
        "less-needed" => "pick one thing that waited for you and say who decides it when you are not there",
        _ => "take one of those moments and try it the other way",
    }
}

/// The step further when a theme went well.
fn further(theme: &str) -> &'static str {
    match theme {
        "delegation" => "hand over a decision, not only a task",
        "trust" => "tell the person you trusted what you saw them do well",
        "roving-leaders" => "bring one of them into what you are planning",
        "contribution" => "give the next idea you hear a date and an owner",
        "courage" => "ask your team what you avoid saying",
        "less-needed" => "stay out of one more meeting and see who steps in",
        _ => "go a step further with it",
    }
}

/// "Tue, Wed, Fri" (each day once, in order).
fn days(dates: &[NaiveDate]) -> String {
    let mut d = dates.to_vec();
    d.sort();
    d.dedup();
    d.iter().map(|d| d.format("%a").to_string()).collect::<Vec<_>>().join(", ")
}

fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// The suggestion for the week `w` reviews, from its entries (at least the week's; others
/// are ignored) and the commitments open at its end (`w.commitments.open_list`).
pub fn suggest(w: &WeekReview, entries: &[Entry], themes: &Themes) -> Option<Suggestion> {
    let this: Vec<&Entry> =
        entries.iter().filter(|e| e.record.date >= w.start && e.record.date <= w.end).collect();
    if w.entries == 0 || this.is_empty() {
        return None;
    }
    commitment_returns(&w.commitments.open_list)
        .or_else(|| held_on(&this, themes))
        .or_else(|| rating_fell(w, &this))
        .or_else(|| quiet_theme(w, &this, themes))
        .or_else(|| keep_going(&this, themes))
}

fn commitment_returns(open: &[Commitment]) -> Option<Suggestion> {
    let c = open.iter().filter(|c| c.carried >= RETURNS).max_by_key(|c| (c.carried, c.date))?;
    Some(Suggestion {
        rule: "commitment-returns",
        text: format!(
            "A commitment has come back {} times: finish it, shrink it to something you can do on Monday, or drop it on purpose",
            c.carried
        ),
        reason: format!(
            "\"{}\" was made on {} and carried over {} since",
            super::text::one_line(&c.text),
            c.date.format("%a %-d %b"),
            times(c.carried as usize)
        ),
        entries: vec![c.entry.clone()],
    })
}

/// Entries that went each way on `theme`.
fn stance_days<'a>(this: &[&'a Entry], theme: &str, s: Stance) -> Vec<&'a Entry> {
    this.iter().copied().filter(|e| e.stances.get(theme) == Some(&s)).collect()
}

/// Themes with a stance, the core three first.
fn stance_themes(themes: &Themes) -> Vec<&super::theme::Theme> {
    let mut list: Vec<&super::theme::Theme> =
        themes.all().iter().filter(|t| t.did.is_some() && t.missed.is_some()).collect();
    list.sort_by_key(|t| CORE.iter().position(|c| *c == t.id).unwrap_or(CORE.len()));
    list
}

fn held_on(this: &[&Entry], themes: &Themes) -> Option<Suggestion> {
    // The theme that went the other way most often, the core three first on a tie.
    let mut best: Option<(&super::theme::Theme, Vec<&Entry>, Vec<&Entry>)> = None;
    for t in stance_themes(themes) {
        let missed = stance_days(this, &t.id, Stance::Missed);
        let did = stance_days(this, &t.id, Stance::Did);
        if missed.len() >= 2
            && missed.len() > did.len()
            && best.as_ref().is_none_or(|b| missed.len() > b.1.len())
        {
            best = Some((t, missed, did));
        }
    }
    let (t, missed, did) = best?;
    let (missed_w, did_w) = (t.missed.clone().unwrap_or_default(), t.did.clone().unwrap_or_default());
    let dates: Vec<NaiveDate> = missed.iter().map(|e| e.record.date).collect();
    let other =
        if did.is_empty() { format!(", {did_w} never") } else { format!(", {did_w} {}", times(did.len())) };
    Some(Suggestion {
        rule: "held-on",
        text: format!("{}: next week, {}", t.title, next_step(&t.id)),
        reason: format!("{missed_w} {}{other} ({})", times(missed.len()), days(&dates)),
        entries: missed.iter().map(|e| e.record.id.clone()).collect(),
    })
}

fn rating_fell(w: &WeekReview, this: &[&Entry]) -> Option<Suggestion> {
    let row = w
        .themes
        .iter()
        .filter_map(|t| Some((t, t.previous_rating_avg? - t.rating_avg?)))
        .filter(|(_, fall)| *fall >= FALL)
        .max_by(|a, b| a.1.total_cmp(&b.1))?
        .0;
    let rated: Vec<&&Entry> = this
        .iter()
        .filter(|e| {
            e.record
                .answers
                .iter()
                .any(|a| a.theme.as_deref() == Some(row.id.as_str()) && a.rating_on_5().is_some())
        })
        .collect();
    let dates: Vec<NaiveDate> = rated.iter().map(|e| e.record.date).collect();
    Some(Suggestion {
        rule: "rating-fell",
        text: format!(
            "{} ratings fell: before Monday, write down what changed, and one thing you could do about it",
            row.title
        ),
        reason: format!(
            "{} ratings fell from {:.1} to {:.1} ({})",
            row.title,
            row.previous_rating_avg.unwrap_or_default(),
            row.rating_avg.unwrap_or_default(),
            days(&dates)
        ),
        entries: rated.iter().map(|e| e.record.id.clone()).collect(),
    })
}

fn quiet_theme(w: &WeekReview, this: &[&Entry], themes: &Themes) -> Option<Suggestion> {
    if w.days_journaled < 3 {
        return None;
    }
    let quiet = CORE
        .iter()
        .find(|id| themes.contains(id) && !this.iter().any(|e| e.themes.iter().any(|t| t == *id)))?;
    let title = themes.get(quiet).map_or((*quiet).to_string(), |t| t.title.clone());
    let text = match *quiet {
        "delegation" => "Delegation: next week, hand one piece of work to someone, with the thinking as well as the doing".into(),
        "trust" => "Trust: next week, notice one moment you want to check on someone's work, and write down what you did instead".into(),
        _ => format!("{title}: next week, notice who others turn to without being told, and name them in your check-in"),
    };
    let dates: Vec<NaiveDate> = this.iter().map(|e| e.record.date).collect();
    Some(Suggestion {
        rule: "quiet-theme",
        text,
        reason: format!(
            "you wrote on {} days ({}) and never about {}",
            w.days_journaled,
            days(&dates),
            title.to_lowercase()
        ),
        entries: this.iter().map(|e| e.record.id.clone()).collect(),
    })
}

fn keep_going(this: &[&Entry], themes: &Themes) -> Option<Suggestion> {
    for t in stance_themes(themes) {
        let did = stance_days(this, &t.id, Stance::Did);
        if did.len() >= 2 && stance_days(this, &t.id, Stance::Missed).is_empty() {
            let dates: Vec<NaiveDate> = did.iter().map(|e| e.record.date).collect();
            return Some(Suggestion {
                rule: "keep-going",
                text: format!("{}: it went your way; next week, {}", t.title, further(&t.id)),
                reason: format!(
                    "{} {}, {} never ({})",
                    t.did.clone().unwrap_or_default(),
                    times(did.len()),
                    t.missed.clone().unwrap_or_default(),
                    days(&dates)
                ),
                entries: did.iter().map(|e| e.record.id.clone()).collect(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::commitment::commitments;
    use crate::core::entry::Record;
    use crate::core::week::review;

    fn themes() -> Themes {
        use crate::core::builtin::{THEMES, label};
        Themes::new(crate::core::theme::parse_themes(&label(THEMES.0), THEMES.1).unwrap())
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(n: u32, date: &str, answers: serde_json::Value) -> Entry {
        let r: Record = serde_json::from_value(serde_json::json!({
            "v": 1, "id": format!("01KB00000000000000000000{n:02}"), "rev": 1,
            "at": format!("{date}T20:00:00Z"), "date": date, "pack": "daily", "answers": answers
        }))
        .unwrap();
        Entry::classify(r, &themes())
    }

    fn note(n: u32, date: &str, text: &str) -> Entry {
        entry(n, date, serde_json::json!([{"prompt": "note", "kind": "text", "question": "Q", "text": text}]))
    }

    fn rating(n: u32, date: &str, theme: &str, r: i64) -> Entry {
        entry(
            n,
            date,
            serde_json::json!([{"prompt": "r", "theme": theme, "kind": "rating", "question": "Q", "rating": r, "min": 1, "max": 5}]),
        )
    }

    fn suggestion(entries: &[Entry]) -> Option<Suggestion> {
        let w = review(
            entries,
            &commitments(entries),
            &themes(),
            &crate::core::people::Aliases::default(),
            d("2026-11-23"),
            1,
        );
        w.suggestion
    }

    #[test]
    fn an_empty_week_gets_nothing() {
        assert_eq!(suggestion(&[]), None);
        // Only the week before: still nothing for this one.
        assert_eq!(suggestion(&[note(1, "2026-11-17", "I took the deploy back from Sam.")]), None);
    }

    #[test]
    fn holding_on_more_than_handing_over_suggests_handing_over_the_outcome() {
        let e = [
            note(1, "2026-11-24", "I took the deploy back from Sam."),
            note(2, "2026-11-25", "I did the release notes myself again instead of asking Mia."),
            note(3, "2026-11-27", "I took the planning back because it was late."),
            note(4, "2026-11-26", "I handed the rota over to Ana and stayed out of it."),
        ];
        let s = suggestion(&e).expect("a suggestion");
        assert_eq!(s.rule, "held-on", "{s:?}");
        assert!(s.text.starts_with("Delegation: next week, pick one thing"), "{}", s.text);
        assert!(s.reason.starts_with("held on to 3 times, handed over once"), "{}", s.reason);
        assert!(s.reason.contains("(Tue, Wed, Fri)"), "{}", s.reason);
        assert_eq!(s.entries.len(), 3);
        assert!(!s.entries.contains(&e[3].record.id), "the handed-over entry is not behind it");
    }

    #[test]
    fn a_commitment_that_keeps_coming_back_comes_first() {
        let mut e = vec![entry(
            1,
            "2026-11-16",
            serde_json::json!([{"prompt": "tomorrow", "kind": "commitment", "question": "Q", "text": "Write the hiring plan"}]),
        )];
        for (n, day) in [(2, "2026-11-17"), (3, "2026-11-18"), (4, "2026-11-23"), (5, "2026-11-24")] {
            e.push(entry(
                n,
                day,
                serde_json::json!([{"kind": "follow-up", "commitment": "01KB0000000000000000000001:tomorrow", "status": "open"}]),
            ));
        }
        e.push(note(6, "2026-11-25", "I took the deploy back. I took the demo back too."));
        e.push(note(7, "2026-11-26", "I took the planning back."));
        let s = suggestion(&e).expect("a suggestion");
        assert_eq!(s.rule, "commitment-returns");
        assert!(s.text.starts_with("A commitment has come back 4 times"), "{}", s.text);
        assert!(s.reason.contains("\"Write the hiring plan\" was made on Mon 16 Nov"), "{}", s.reason);
        assert_eq!(s.entries, vec!["01KB0000000000000000000001".to_string()]);
    }

    #[test]
    fn a_falling_rating_is_said_with_both_numbers() {
        let e = [
            rating(1, "2026-11-17", "trust", 4),
            rating(2, "2026-11-18", "trust", 4),
            rating(3, "2026-11-24", "trust", 3),
            rating(4, "2026-11-26", "trust", 2),
        ];
        let s = suggestion(&e).expect("a suggestion");
        assert_eq!(s.rule, "rating-fell");
        assert!(s.reason.contains("fell from 4.0 to 2.5 (Tue, Thu)"), "{}", s.reason);
        assert_eq!(s.entries, vec![e[2].record.id.clone(), e[3].record.id.clone()]);
    }

    #[test]
    fn three_days_without_a_core_theme_suggest_it() {
        let e = [
            rating(1, "2026-11-23", "trust", 4),
            note(2, "2026-11-24", "Long meeting about the budget."),
            note(3, "2026-11-25", "Wrote the quarterly numbers."),
        ];
        let s = suggestion(&e).expect("a suggestion");
        assert_eq!(s.rule, "quiet-theme");
        assert!(s.text.starts_with("Delegation:"), "{}", s.text);
        assert!(
            s.reason.contains("wrote on 3 days (Mon, Tue, Wed) and never about delegation"),
            "{}",
            s.reason
        );
    }

    #[test]
    fn a_good_week_suggests_a_step_further() {
        let e = [
            note(1, "2026-11-23", "I handed the rota over to Ana and stayed out of it."),
            note(2, "2026-11-24", "I handed the release over to Sam."),
        ];
        let s = suggestion(&e).expect("a suggestion");
        assert_eq!(s.rule, "keep-going", "{s:?}");
        assert!(s.text.contains("hand over a decision"), "{}", s.text);
        assert_eq!(s.reason, "handed over twice, held on to never (Mon, Tue)");
    }

    #[test]
    fn being_waited_for_suggests_who_decides_without_you() {
        let e = [
            note(1, "2026-11-24", "Everything waited for me again on Tuesday."),
            note(2, "2026-11-26", "I am the bottleneck on every release."),
        ];
        let s = suggestion(&e).expect("a suggestion");
        assert_eq!(s.rule, "held-on", "{s:?}");
        assert!(
            s.text.starts_with("Becoming less needed: next week, pick one thing that waited for you"),
            "{}",
            s.text
        );
    }
}
