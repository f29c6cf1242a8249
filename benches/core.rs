//! Benchmarks of the core, on a generated month and year: parsing a month file, classifying
//! entries, summarising, rendering markdown. `cargo bench --bench core`; CI runs them with
//! `-- --quick`.

use std::collections::HashMap;

use coachlog::core::builtin;
use coachlog::core::commitment::commitments;
use coachlog::core::config::WeekStart;
use coachlog::core::entry::Entry;
use coachlog::core::markdown::{self, Grouping};
use coachlog::core::summary::{By, Request, summarize};
use coachlog::core::theme::{Themes, parse_themes};
use coachlog::journal::{Journal, Query};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn themes() -> Themes {
    Themes::new(parse_themes("themes.toml", builtin::THEMES.1).expect("built-in themes"))
}

fn core(c: &mut Criterion) {
    let themes = themes();
    // A month of a 100,000-entry journal holds about 280 entries; a year about 3,300.
    let month = coachlog::devtools::journal(280, 7);
    let mut bytes = Vec::new();
    for r in &month {
        serde_json::to_writer(&mut bytes, r).expect("json");
        bytes.push(b'\n');
    }
    // Parsed as the journal reads it: from a month file, through its one way in.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("2026")).expect("year folder");
    std::fs::write(dir.path().join("2026/2026-11.jsonl"), &bytes).expect("month file");
    let journal = Journal::open_in(dir.path());
    let year: Vec<Entry> =
        coachlog::devtools::journal(3300, 7).into_iter().map(|r| Entry::classify(r, &themes)).collect();

    let mut g = c.benchmark_group("month");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("parse", |b| b.iter(|| journal.scan(&Query::all()).expect("read").records.len()));
    g.bench_function("classify", |b| {
        b.iter(|| month.iter().map(|r| Entry::classify(r.clone(), &themes).themes.len()).sum::<usize>())
    });
    g.finish();

    let mut g = c.benchmark_group("year");
    g.throughput(Throughput::Elements(year.len() as u64));
    let (from, to) = (year[0].record.date, year[year.len() - 1].record.date);
    g.bench_function("summarize", |b| {
        b.iter(|| {
            let req = Request {
                themes: &themes,
                only: &[],
                from: Some(from),
                to,
                by: By::Theme,
                explain: false,
                week_start: WeekStart::Monday,
            };
            summarize(&year, &req).themes.len()
        })
    });
    let promised = commitments(&year);
    let titles: HashMap<String, String> = HashMap::new();
    g.bench_function("markdown", |b| {
        b.iter(|| {
            let ctx = markdown::Context::new(&themes, &titles, &promised);
            markdown::document(&year, Grouping::Date, &ctx).len()
        })
    });
    g.finish();
}

criterion_group!(benches, core);
criterion_main!(benches);
