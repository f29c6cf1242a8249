//! Resurfacing: at the start of some sessions, one sentence the person wrote 4, 12 or 52
//! weeks ago on the theme the session leans toward, asked back as "Still true?". Everything
//! here is pure: which days it is shown, which theme, which days of the past to look at, and
//! which sentence; the command reads those few days and the prompter asks.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use serde_json::Value;

use super::entry::{Answer, Record};
use super::pack::PromptPack;

/// The prompt id of a look-back answer in an entry (never a prompt of a pack, so an answers
/// file naming it is still an error).
pub const PROMPT_ID: &str = "look-back";

/// The field of a look-back answer naming the entry it quotes.
pub const ABOUT: &str = "about";

/// How long ago, newest first.
pub const WEEKS_AGO: [u64; 3] = [4, 12, 52];

/// Days either side of each of [`WEEKS_AGO`] an entry may be from.
pub const SLACK_DAYS: u64 = 3;

/// The longest quote, in characters (a longer sentence is cut at a word and ends in `…`).
pub const QUOTE_CHARS: usize = 120;

/// The config default: shown on every 3rd day.
pub const DEFAULT_EVERY: u32 = 3;

/// What is asked back, and what it quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookBack {
    /// The quoted entry's id.
    pub entry: String,
    pub date: NaiveDate,
    pub theme: String,
    /// One line, at most [`QUOTE_CHARS`] characters, exactly as written (not yet made safe
    /// for a terminal).
    pub quote: String,
    /// `On Mon 2 Nov you wrote: "…" Still true?`
    pub question: String,
}

impl LookBack {
    /// The answer kept in the entry being written.
    pub fn answer(&self, text: &str) -> Answer {
        let mut a = Answer {
            prompt: PROMPT_ID.to_string(),
            theme: Some(self.theme.clone()),
            kind: "text".to_string(),
            question: self.question.clone(),
            text: Some(text.trim_end().to_string()),
            ..Answer::default()
        };
        a.extra.insert(ABOUT.to_string(), Value::String(self.entry.clone()));
        a
    }
}

/// Whether a session dated `date` shows a look-back when it is set to every `every` days
/// (0 is never). By the day's number, so the same day always gives the same answer.
pub fn is_due(every: u32, date: NaiveDate) -> bool {
    every > 0 && u32::try_from(date.num_days_from_ce()).is_ok_and(|n| n % every == 0)
}

/// The days looked at for a session dated `date`, as `(target, from, to)`, newest first.
/// Days before year 1 are left out.
pub fn spans(date: NaiveDate) -> Vec<(NaiveDate, NaiveDate, NaiveDate)> {
    WEEKS_AGO
        .iter()
        .filter_map(|w| {
            let target = date.checked_sub_days(Days::new(w * 7))?;
            let from = target.checked_sub_days(Days::new(SLACK_DAYS))?;
            let to = target.checked_add_days(Days::new(SLACK_DAYS))?;
            Some((target, from, to))
        })
        .collect()
}

/// The first day any span reaches back to (what the session must read from).
pub fn oldest_day(date: NaiveDate) -> Option<NaiveDate> {
    spans(date).iter().map(|s| s.1).min()
}

/// Whether `day` falls in one of the spans of a session dated `date`.
pub fn in_spans(date: NaiveDate, day: NaiveDate) -> bool {
    spans(date).iter().any(|&(_, from, to)| from <= day && day <= to)
}

/// The themes of the planned prompts, the one the session leans toward first: the theme
/// most of them ask about; on a tie, the one reflected on least recently (what the rotation
/// favours), then the first in the pack. Empty when no planned prompt has a theme.
pub fn leaning_themes(
    pack: &PromptPack,
    plan: &[usize],
    last_seen: &HashMap<String, NaiveDate>,
) -> Vec<String> {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (position, &i) in plan.iter().enumerate() {
        let Some(theme) = pack.prompts.get(i).and_then(|p| p.theme.as_deref()) else { continue };
        match counts.iter_mut().find(|(t, _, _)| *t == theme) {
            Some(slot) => slot.1 += 1,
            None => counts.push((theme, 1, position)),
        }
    }
    counts.sort_by_key(|&(theme, n, position)| {
        let seen = last_seen.get(theme).copied().unwrap_or(NaiveDate::MIN);
        (std::cmp::Reverse(n), seen, position)
    });
    counts.into_iter().map(|(theme, _, _)| theme.to_string()).collect()
}

/// What to ask back about the first of `themes` (see [`leaning_themes`]) that has something
/// to quote (see [`choose`]): the session's own theme when it can, another of its themes
/// rather than nothing.
pub fn choose_among(records: &[Record], themes: &[String], date: NaiveDate) -> Option<LookBack> {
    themes.iter().find_map(|theme| choose(records, theme, date))
}

/// What to ask back in a session dated `date` about `theme`, from `records` (any records;
/// those outside the spans, deleted or of other themes are passed over). The newest span with
/// something to quote wins; in a span, the entry nearest its day (the later on a tie); in an
/// entry, the first written answer of the theme (or any written answer when the entry is
/// tagged with it) with a sentence to quote. Earlier look-backs are not quoted again.
pub fn choose(records: &[Record], theme: &str, date: NaiveDate) -> Option<LookBack> {
    for (target, from, to) in spans(date) {
        let mut in_span: Vec<&Record> =
            records.iter().filter(|r| !r.deleted && r.date >= from && r.date <= to).collect();
        in_span.sort_by_key(|r| {
            (
                r.date.signed_duration_since(target).num_days().abs(),
                std::cmp::Reverse(r.date),
                std::cmp::Reverse(r.at),
            )
        });
        for r in in_span {
            let tagged = r.tags.iter().any(|t| t.eq_ignore_ascii_case(theme));
            let quote = r
                .answers
                .iter()
                .filter(|a| {
                    a.prompt != PROMPT_ID && matches!(a.kind.as_str(), "text" | "editor" | "commitment")
                })
                .filter(|a| tagged || a.theme.as_deref() == Some(theme))
                .find_map(|a| sentence(a.text.as_deref().unwrap_or_default()));
            if let Some(quote) = quote {
                let question = question(&quote, r.date, date);
                return Some(LookBack {
                    entry: r.id.clone(),
                    date: r.date,
                    theme: theme.to_string(),
                    quote,
                    question,
                });
            }
        }
    }
    None
}

/// `On Mon 2 Nov you wrote: "…" Still true?` (the year is named when it is not the
/// session's).
pub fn question(quote: &str, written: NaiveDate, today: NaiveDate) -> String {
    let day = if written.year() == today.year() {
        written.format("%a %-d %b").to_string()
    } else {
        written.format("%a %-d %b %Y").to_string()
    };
    format!("On {day} you wrote: \"{quote}\" Still true?")
}

/// A short sentence of `text` worth quoting, on one line: the first of three words or more
/// that fits in [`QUOTE_CHARS`]; else the first sentence cut at a word, ending in `…`.
/// `None` when the text has no words.
pub fn sentence(text: &str) -> Option<String> {
    let sentences = split_sentences(text);
    if let Some(s) = sentences.iter().find(|s| s.split(' ').count() >= 3 && s.chars().count() <= QUOTE_CHARS)
    {
        return Some(s.clone());
    }
    let first = sentences.into_iter().next()?;
    // "n", "ok", "-": nothing worth asking about again.
    if first.split(' ').count() < 3 {
        return None;
    }
    if first.chars().count() <= QUOTE_CHARS {
        return Some(first);
    }
    let mut out = String::new();
    for word in first.split(' ') {
        let more = if out.is_empty() { 0 } else { 1 } + word.chars().count();
        if out.chars().count() + more + 1 > QUOTE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        // One word longer than a quote: its first characters.
        out = first.chars().take(QUOTE_CHARS - 1).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', ' ']).to_string();
    Some(format!("{out}…"))
}

/// Sentences of `text`, each on one line (whitespace collapsed), empty ones dropped. A
/// sentence ends at `.`, `!` or `?` followed by a space or the end, at a blank line and
/// before a list item (`- `, `* `, `• `); a single line break is a space (wrapped prose).
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let line = super::text::one_line(current);
        let bare = ["- ", "* ", "• "].iter().find_map(|b| line.strip_prefix(b)).unwrap_or(&line);
        out.push(bare.to_string());
        current.clear();
    };
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || ["- ", "* ", "• "].iter().any(|b| trimmed.starts_with(b)) {
            flush(&mut current);
        }
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            current.push(c);
            if matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_none_or(|n| n.is_whitespace()) {
                flush(&mut current);
            }
        }
        current.push(' ');
    }
    flush(&mut current);
    out.retain(|s| s.chars().any(char::is_alphanumeric));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pack::parse_pack;
    use crate::core::theme::{Theme, Themes};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn record(id: &str, date: &str, answers: &[(&str, Option<&str>, &str, &str)]) -> Record {
        let answers: Vec<serde_json::Value> = answers
            .iter()
            .map(|(prompt, theme, kind, text)| {
                serde_json::json!({"prompt": prompt, "theme": theme, "kind": kind, "question": "Q?", "text": text})
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "v": 1, "id": id, "rev": 1, "at": format!("{date}T20:00:00+01:00"), "date": date,
            "pack": "daily", "answers": answers,
        }))
        .unwrap()
    }

    const A: &str = "01JD0000000000000000000000";
    const B: &str = "01JD0000000000000000000001";
    const C: &str = "01JD0000000000000000000002";

    #[test]
    fn it_is_due_on_every_nth_day_and_never_when_off() {
        let days: Vec<NaiveDate> = (0..9).map(|i| d("2026-11-20") + chrono::Days::new(i)).collect();
        let shown: Vec<bool> = days.iter().map(|&day| is_due(3, day)).collect();
        assert_eq!(shown.iter().filter(|s| **s).count(), 3, "{shown:?}");
        assert!(shown.windows(3).all(|w| w.iter().filter(|s| **s).count() == 1), "{shown:?}");
        assert!(days.iter().all(|&day| is_due(1, day)));
        assert!(days.iter().all(|&day| !is_due(0, day)));
        assert_eq!(is_due(3, d("2026-11-27")), is_due(3, d("2026-11-27")));
    }

    #[test]
    fn spans_are_newest_first_with_three_days_either_side() {
        let s = spans(d("2026-11-27"));
        assert_eq!(
            s,
            vec![
                (d("2026-10-30"), d("2026-10-27"), d("2026-11-02")),
                (d("2026-09-04"), d("2026-09-01"), d("2026-09-07")),
                (d("2025-11-28"), d("2025-11-25"), d("2025-12-01")),
            ]
        );
        assert_eq!(oldest_day(d("2026-11-27")), Some(d("2025-11-25")));
        assert!(in_spans(d("2026-11-27"), d("2026-11-02")) && !in_spans(d("2026-11-27"), d("2026-11-03")));
        assert!(spans(NaiveDate::MIN).is_empty());
    }

    #[test]
    fn the_newest_span_wins_and_the_entry_nearest_its_day() {
        let records = vec![
            record(A, "2025-11-28", &[("a", Some("delegation"), "text", "I do every deploy myself.")]),
            record(
                B,
                "2026-10-27",
                &[("a", Some("delegation"), "text", "Sam owns the deploys now, mostly.")],
            ),
            record(
                C,
                "2026-10-31",
                &[("a", Some("delegation"), "text", "I can't let go of the deploys. It hurts.")],
            ),
        ];
        let got = choose(&records, "delegation", d("2026-11-27")).unwrap();
        assert_eq!(got.entry, C, "a day from the target beats three");
        assert_eq!(got.quote, "I can't let go of the deploys.");
        assert_eq!(got.question, "On Sat 31 Oct you wrote: \"I can't let go of the deploys.\" Still true?");
        let a = got.answer("Less so.");
        assert_eq!(a.prompt, "look-back");
        assert_eq!(a.theme.as_deref(), Some("delegation"));
        assert_eq!(a.extra["about"], C);
        // Readers keep `about`, and the journal's rule for records accepts the answer.
        let mut r = record(B, "2026-11-27", &[]);
        r.answers.push(a);
        let line = serde_json::to_string(&r).unwrap();
        assert!(line.contains(&format!("\"about\":\"{C}\"")), "{line}");
        let back: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.check(), Ok(()));

        let old = choose(&records[..1], "delegation", d("2026-11-27")).unwrap();
        assert_eq!(old.question, "On Fri 28 Nov 2025 you wrote: \"I do every deploy myself.\" Still true?");
    }

    #[test]
    fn only_written_answers_of_the_theme_are_quoted() {
        let records = vec![
            record(
                A,
                "2026-10-30",
                &[
                    ("a", Some("trust"), "text", "Trusted Ana with the plan."),
                    ("look-back", Some("delegation"), "text", "Still true, sadly."),
                    ("b", Some("delegation"), "choice", "Told it"),
                ],
            ),
            record(B, "2026-11-05", &[("a", Some("delegation"), "text", "Outside every span.")]),
        ];
        assert_eq!(choose(&records, "delegation", d("2026-11-27")), None);
        assert_eq!(choose(&records, "trust", d("2026-11-27")).unwrap().quote, "Trusted Ana with the plan.");
        let mut tagged = record(C, "2026-10-30", &[("", None, "text", "Let Li run standup. #delegation")]);
        tagged.tags = vec!["delegation".into()];
        assert_eq!(choose(&[tagged], "delegation", d("2026-11-27")).unwrap().entry, C);
        let mut deleted = records[0].clone();
        deleted.deleted = true;
        assert_eq!(choose(&[deleted], "trust", d("2026-11-27")), None);
    }

    #[test]
    fn a_quote_is_one_short_line() {
        assert_eq!(
            sentence("Ok.\nI keep\n  rewriting   Sam's PRs! Why?").as_deref(),
            Some("I keep rewriting Sam's PRs!"),
            "a line break is a space"
        );
        assert_eq!(
            sentence("Ok. I keep rewriting Sam's PRs! Why?").as_deref(),
            Some("I keep rewriting Sam's PRs!")
        );
        // "Fine." or "n" asked about again a month later is noise, not a look back.
        assert_eq!(sentence("Fine."), None);
        assert_eq!(sentence("n"), None);
        assert_eq!(sentence("Short day\n\nI kept the deploys").as_deref(), Some("I kept the deploys"));
        assert_eq!(sentence("- Ana: yes\n- Li ran the retro").as_deref(), Some("Li ran the retro"));
        assert_eq!(
            sentence("v1.2 shipped and I was not there for it.").as_deref(),
            Some("v1.2 shipped and I was not there for it.")
        );
        assert_eq!(sentence("  \n ... "), None);
        let long = "word ".repeat(60);
        let q = sentence(&long).unwrap();
        assert!(q.ends_with('…') && q.chars().count() <= QUOTE_CHARS, "{q}");
        assert!(!q.contains('\n'));
        let one = "x".repeat(500);
        assert_eq!(sentence(&one), None, "one word, however long, is no sentence");
        let few = format!("{} and more", "x".repeat(500));
        assert_eq!(sentence(&few).unwrap().chars().count(), QUOTE_CHARS);
    }

    #[test]
    fn the_session_leans_toward_its_most_asked_then_least_recent_theme() {
        let ids = ["delegation", "trust", "vision"];
        let themes = Themes::new(ids.iter().map(|id| Theme::test(id, id, &[])).collect());
        let pack = parse_pack(
            "p.toml",
            "[pack]\nid = \"p\"\ntitle = \"P\"\n[[prompt]]\nid = \"h\"\nkind = \"text\"\nquestion = \"H\"\n\
             [[prompt]]\nid = \"a\"\ntheme = \"trust\"\nkind = \"text\"\nquestion = \"A\"\n\
             [[prompt]]\nid = \"b\"\ntheme = \"vision\"\nkind = \"text\"\nquestion = \"B\"\n\
             [[prompt]]\nid = \"c\"\ntheme = \"vision\"\nkind = \"text\"\nquestion = \"C\"\n",
            &themes,
        )
        .unwrap();
        let mut seen = HashMap::new();
        let lean = |plan: &[usize], seen: &HashMap<String, NaiveDate>| leaning_themes(&pack, plan, seen);
        assert_eq!(lean(&[0, 1, 2, 3], &seen), vec!["vision", "trust"]);
        assert_eq!(lean(&[0, 1, 2], &seen), vec!["trust", "vision"], "a tie: pack order");
        seen.insert("trust".to_string(), d("2026-11-20"));
        assert_eq!(lean(&[0, 1, 2], &seen), vec!["vision", "trust"], "never seen is oldest");
        assert!(lean(&[0], &seen).is_empty());
    }

    #[test]
    fn another_theme_of_the_session_is_quoted_rather_than_nothing() {
        let records = vec![
            record(A, "2026-09-04", &[("a", Some("trust"), "text", "I checked every pull request.")]),
            record(B, "2026-10-30", &[("a", Some("vision"), "text", "Nobody could say where we are going.")]),
        ];
        let themes = |t: &[&str]| t.iter().map(ToString::to_string).collect::<Vec<_>>();
        let got = choose_among(&records, &themes(&["trust", "vision"]), d("2026-11-27")).unwrap();
        assert_eq!((got.theme.as_str(), got.entry.as_str()), ("trust", A), "the leaning theme, 12 weeks ago");
        let got = choose_among(&records, &themes(&["courage", "vision"]), d("2026-11-27")).unwrap();
        assert_eq!(got.theme, "vision");
        assert_eq!(choose_among(&records, &themes(&["courage"]), d("2026-11-27")), None);
    }
}
