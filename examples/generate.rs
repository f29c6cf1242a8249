//! Writes a realistic journal for benchmarks and tests: daily check-ins with 4–6 answers of
//! 20–150 words, ratings, people, commitments and their follow-ups, several entries a day,
//! going back in time from 2026-11-27. The same seed always writes the same journal.
//!
//! ```sh
//! cargo run --release --example generate -- --entries 100000 --seed 1 /tmp/journal-100k
//! ```

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{BufWriter, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use coachlog::core::entry::{Answer, RECORD_VERSION, Record};

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
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

fn main() {
    let mut entries: u64 = 1000;
    let mut seed: u64 = 1;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--entries" => entries = args.next().and_then(|v| v.parse().ok()).expect("--entries N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            "-h" | "--help" => {
                println!("usage: generate [--entries N] [--seed N] DIR");
                return;
            }
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.expect("usage: generate [--entries N] [--seed N] DIR");
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let offset = FixedOffset::east_opt(3600).expect("offset");
    // Several entries a day; a bigger journal packs more into each day so it spans at most
    // about thirty years.
    let per_day = (entries / 10_950).max(3);
    // How many entries each day gets, decided first, so the last one falls on `end`.
    let mut counts = Vec::new();
    let mut left = entries;
    while left > 0 {
        let n = (1 + rng.below(per_day * 2 - 1)).min(left);
        counts.push(n);
        left -= n;
    }
    let end = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
    let start = end - Days::new(counts.len() as u64 - 1);

    let mut files: BTreeMap<String, BufWriter<fs::File>> = BTreeMap::new();
    let mut open_commitments: Vec<String> = Vec::new();
    let mut written = 0;
    let mut day = start;
    for today in counts {
        for n in 0..today {
            let at = offset
                .from_local_datetime(
                    &day.and_time(
                        NaiveTime::from_hms_opt(7 + (n as u32 * 3) % 16, (rng.below(60)) as u32, 0)
                            .expect("time"),
                    ),
                )
                .single()
                .expect("time");
            let id = ulid::Ulid::from_parts(
                at.timestamp_millis() as u64,
                u128::from(rng.next()) << 64 | u128::from(rng.next()),
            )
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
                rating: Some(1 + rng.below(5) as i64),
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
            if rng.below(3) == 0 {
                answers.push(text(
                    "tomorrow",
                    None,
                    "commitment",
                    "What is one thing you will do differently tomorrow?",
                    words(&mut rng, 20, 40),
                ));
                open_commitments.push(format!("{id}:tomorrow"));
            }
            let record = Record {
                v: RECORD_VERSION,
                id,
                rev: 1,
                at,
                date: day,
                pack: Some("daily".into()),
                answers,
                tags: Vec::new(),
                deleted: false,
                extra: serde_json::Map::new(),
            };
            let key = format!("{:04}-{:02}", day.year(), day.month());
            let out = files.entry(key.clone()).or_insert_with(|| open(&dir, &key));
            serde_json::to_writer(&mut *out, &record).expect("write");
            out.write_all(b"\n").expect("write");
            written += 1;
        }
        day = day + Days::new(1);
        // Keep few files open at once: a month that is over is flushed and closed.
        let current = format!("{:04}-{:02}", day.year(), day.month());
        let done: Vec<String> = files.keys().filter(|k| **k < current).cloned().collect();
        for k in done {
            files.remove(&k).expect("open").flush().expect("flush");
        }
    }
    for (_, mut f) in files {
        f.flush().expect("flush");
    }
    fs::write(dir.join(".gitattributes"), "*.jsonl merge=union\n").expect("gitattributes");
    println!("wrote {written} entries from {start} to {end} into {}", dir.display());
}

fn open(dir: &Path, key: &str) -> BufWriter<fs::File> {
    let year = dir.join(&key[..4]);
    fs::DirBuilder::new().recursive(true).mode(0o700).create(&year).expect("folder");
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(year.join(format!("{key}.jsonl")))
        .expect("file");
    BufWriter::with_capacity(1 << 16, file)
}
