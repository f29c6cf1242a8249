//! A realistic journal, deterministic for a seed, for the benchmarks and the `generate`
//! example (`cargo run --release --example generate`). Not used by the command line.

use chrono::{Days, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::core::entry::{Answer, RECORD_VERSION, Record};

/// xorshift64*: small, fast and the same everywhere.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "the",
    "team",
    "I",
    "we",
    "asked",
    "about",
    "review",
    "release",
    "plan",
    "today",
    "meeting",
    "standup",
    "and",
    "then",
    "because",
    "they",
    "said",
    "felt",
    "better",
    "than",
    "my",
    "own",
    "idea",
    "work",
    "deploy",
    "customer",
    "roadmap",
    "question",
    "answer",
    "time",
    "week",
    "sprint",
    "demo",
    "incident",
    "call",
    "after",
    "before",
    "with",
    "without",
    "let",
    "them",
    "decide",
    "how",
    "why",
    "what",
    "owner",
    "ownership",
    "handed",
    "off",
    "trusted",
    "checked",
    "twice",
    "again",
    "quietly",
    "learned",
    "mistake",
    "afraid",
    "nervous",
    "brave",
    "story",
    "future",
    "direction",
    "contributed",
    "suggested",
    "proposal",
    "hiring",
    "budget",
    "deadline",
    "status",
    "update",
    "people",
    "follow",
    "others",
    "listened",
    "waited",
    "stepped",
    "back",
    "support",
    "coffee",
    "break",
    "lunch",
    "it",
    "was",
    "is",
    "a",
    "to",
    "of",
    "in",
    "on",
    "for",
    "not",
    "only",
    "but",
    "also",
    "more",
    "less",
];
const NAMES: &[&str] =
    &["Maria", "Tom", "Ana", "Sam", "Priya", "Li", "Jonas", "Fatima", "Kofi", "Elena", "Raj", "Mia"];
const TAGS: &[&str] =
    &["#delegation", "#trust", "#roving-leaders", "#vision", "#courage", "#lunch", "#oncall"];
const STORIES: &[&str] = &["Yes, and people picked it up", "Yes, but it fell flat", "Not today"];
const STATUSES: &[&str] = &["done", "done", "partly", "open", "dropped"];

fn words(rng: &mut Rng, min: u64, max: u64) -> String {
    let n = min + rng.below(max - min + 1);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        let r = rng.below(40);
        out.push_str(match r {
            0 => rng.pick(NAMES),
            1 => rng.pick(TAGS),
            _ => rng.pick(WORDS),
        });
        if rng.below(14) == 0 {
            out.push('.');
        }
    }
    out.push('.');
    out
}

fn text(prompt: &str, theme: Option<&str>, kind: &str, question: &str, t: String) -> Answer {
    Answer {
        prompt: prompt.into(),
        theme: theme.map(Into::into),
        kind: kind.into(),
        question: question.into(),
        text: Some(t),
        ..Answer::default()
    }
}

/// `entries` daily check-ins ending on 2026-11-27, oldest first: 4–6 answers of 20–150
/// words, ratings, people, commitments and follow-ups, several entries a day; a bigger
/// journal packs more into each day so it spans at most about thirty years.
pub fn journal(entries: u64, seed: u64) -> Vec<Record> {
    journal_with(entries, seed, false)
}

/// [`journal`]; `heavy` makes every entry commit to three things (and the next one follow
/// all of them up), for timing the commands that read commitments.
pub fn journal_with(entries: u64, seed: u64, heavy: bool) -> Vec<Record> {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let offset = FixedOffset::east_opt(3600).expect("offset");
    let per_day = (entries / 10_950).max(3);
    let mut counts = Vec::new();
    let mut left = entries;
    while left > 0 {
        let n = (1 + rng.below(per_day * 2 - 1)).min(left);
        counts.push(n);
        left -= n;
    }
    let end = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
    let mut day = end - Days::new(counts.len() as u64 - 1);
    let mut open_commitments: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(usize::try_from(entries).unwrap_or(0));
    for today in counts {
        for n in 0..today {
            let hour = 7 + u32::try_from(n * 3 % 16).unwrap_or(0);
            let minute = u32::try_from(rng.below(60)).unwrap_or(0);
            let at = offset
                .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("time")))
                .single()
                .expect("time");
            let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
            let id =
                ulid::Ulid::from_parts(ms, (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64()))
                    .to_string();
            let mut answers = Vec::new();
            for c in open_commitments.drain(..) {
                answers.push(Answer {
                    kind: "follow-up".into(),
                    question: "A commitment".into(),
                    commitment: Some(c),
                    status: Some(rng.pick(STATUSES).into()),
                    ..Answer::default()
                });
            }
            answers.push(text(
                "headline",
                None,
                "text",
                "In one sentence, what did today ask of you as a lead?",
                words(&mut rng, 20, 60),
            ));
            answers.push(text(
                "handed-off",
                Some("delegation"),
                "text",
                "What did you hand to someone today, and did the thinking go with it or only the doing?",
                words(&mut rng, 20, 150),
            ));
            answers.push(Answer {
                prompt: "let-them-decide".into(),
                theme: Some("trust".into()),
                kind: "rating".into(),
                question: "How much of the how did you leave to them?".into(),
                rating: Some(1 + i64::try_from(rng.below(5)).unwrap_or(0)),
                min: Some(1),
                max: Some(5),
                low: Some("I steered every step".into()),
                high: Some("they chose the way".into()),
                ..Answer::default()
            });
            if rng.below(2) == 0 {
                let people = (0..1 + rng.below(3)).map(|_| rng.pick(NAMES).to_string()).collect();
                answers.push(Answer {
                    prompt: "people-followed".into(),
                    theme: Some("roving-leaders".into()),
                    kind: "list".into(),
                    question: "Who did people turn to today, whatever their title?".into(),
                    items: Some(people),
                    ..Answer::default()
                });
            }
            if rng.below(2) == 0 {
                answers.push(Answer {
                    prompt: "told-the-story".into(),
                    theme: Some("vision".into()),
                    kind: "choice".into(),
                    question: "Did you talk with anyone today about where the team is heading?".into(),
                    choice: Some(rng.pick(STORIES).into()),
                    ..Answer::default()
                });
            }
            answers.push(text(
                "idea-heard",
                Some("contribution"),
                "text",
                "Whose idea or better way did you hear today, and what will happen to it?",
                words(&mut rng, 20, 150),
            ));
            let promises: &[&str] = if heavy {
                &["tomorrow", "this-week", "ask-someone"]
            } else if rng.below(3) == 0 {
                &["tomorrow"]
            } else {
                &[]
            };
            for prompt in promises {
                answers.push(text(
                    prompt,
                    None,
                    "commitment",
                    "What is one thing you will do differently tomorrow?",
                    words(&mut rng, 20, 40),
                ));
                open_commitments.push(format!("{id}:{prompt}"));
            }
            out.push(Record {
                v: RECORD_VERSION,
                id,
                rev: 1,
                at,
                edited: None,
                date: day,
                pack: Some("daily".into()),
                answers,
                tags: Vec::new(),
                deleted: false,
                extra: serde_json::Map::new(),
            });
        }
        day = day + Days::new(1);
    }
    out
}
