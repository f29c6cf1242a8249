//! How well coachlog understands a note: classifies the labelled corpus
//! (`tests/fixtures/themes/corpus.jsonl`) and prints per-theme precision, recall and F1,
//! micro-F1, the false-positive rate on notes with no theme, stance accuracy, the worst
//! mistakes with their reasons, and the time to classify one note.
//!
//! ```sh
//! cargo run --release --example themes-eval                 # the held-out 30%
//! cargo run --release --example themes-eval -- --split train --worst 40
//! cargo run --release --example themes-eval -- --sweep      # tune the model's threshold on train
//! ```

use std::time::Instant;

use coachlog::core::builtin::{THEMES, label};
use coachlog::core::evaluation::evaluate;
use coachlog::core::model::{Model, Note, THRESHOLD, corpus};
use coachlog::core::theme::{Themes, parse_themes};

fn main() {
    let mut split = "test".to_string();
    let mut worst = 15;
    let mut sweep = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--split" => split = args.next().expect("--split train|test|all"),
            "--worst" => worst = args.next().and_then(|v| v.parse().ok()).expect("--worst N"),
            "--sweep" => sweep = true,
            _ => {
                eprintln!("usage: themes-eval [--split train|test|all] [--worst N] [--sweep]");
                std::process::exit(2);
            }
        }
    }
    let themes = Themes::new(parse_themes(&label(THEMES.0), THEMES.1).expect("built-in themes parse"));
    let notes = corpus();
    if sweep {
        sweep_threshold(&themes, &notes);
        return;
    }
    let chosen: Vec<&Note> = notes.iter().filter(|n| split == "all" || n.split == split).collect();
    let report = evaluate(chosen.iter().copied(), &themes, |t| themes.classify_text(t));
    print!("{}", report.render(&format!("split {split}"), worst));
    let lexicon_only = evaluate(chosen.iter().copied(), &themes, |t| themes.classify_text_with(t, None));
    println!(
        "\nphrases and tags alone: micro P {:.2} R {:.2} F1 {:.2}; no-theme hit {:.0}%",
        lexicon_only.micro.precision(),
        lexicon_only.micro.recall(),
        lexicon_only.micro.f1(),
        100.0 * lexicon_only.false_positive_rate()
    );
    // Speed: every note of the corpus, many times over, after one warm-up.
    let _ = themes.classify_text("warm up the model");
    let rounds = 50;
    let start = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for note in &notes {
            n += themes.classify_text(&note.text).0.len();
        }
    }
    let each = start.elapsed().as_secs_f64() * 1e6 / (rounds * notes.len()) as f64;
    println!("classifying one note: {each:.1} µs (mean over {} notes; {n} themes)", rounds * notes.len());
}

/// Five-fold cross-validation on the training notes only: for each threshold, the micro
/// figures of phrases + a model trained on the other four folds.
fn sweep_threshold(themes: &Themes, notes: &[Note]) {
    let train: Vec<&Note> = notes.iter().filter(|n| n.split == "train").collect();
    let folds = 5;
    let models: Vec<Model> = (0..folds)
        .map(|f| {
            coachlog::core::model::train(
                train.iter().enumerate().filter(|(i, _)| i % folds != f).map(|(_, n)| *n),
            )
        })
        .collect();
    println!(
        "threshold   P     R     F1   no-theme-hit | model alone P R  (5-fold on train; shipped {THRESHOLD})"
    );
    let nothing = Themes::new(Vec::new());
    let _ = &nothing;
    for step in 0..=16 {
        let threshold = step as f32 * 0.5;
        let mut all = coachlog::core::evaluation::Report::default();
        for (f, m) in models.iter().enumerate() {
            let held: Vec<&Note> =
                train.iter().enumerate().filter(|(i, _)| i % folds == f).map(|(_, n)| *n).collect();
            let r = evaluate(held.iter().copied(), themes, |t| {
                themes.classify_text_with(t, Some((m, threshold)))
            });
            all.micro.tp += r.micro.tp;
            all.micro.fp += r.micro.fp;
            all.micro.fn_ += r.micro.fn_;
            all.no_theme += r.no_theme;
            all.no_theme_hit += r.no_theme_hit;
            let alone = evaluate(held.iter().copied(), themes, |t| {
                let mut j = coachlog::core::theme::Judgement::new(themes, false);
                themes.judge_model_with(t, m, threshold, &mut j);
                j.themes(themes)
            });
            all.themes.entry("alone".into()).or_default().tp += alone.micro.tp;
            all.themes.entry("alone".into()).or_default().fp += alone.micro.fp;
            all.themes.entry("alone".into()).or_default().fn_ += alone.micro.fn_;
        }
        let alone = all.themes["alone"];
        println!(
            "{threshold:>9.1}  {:.2}  {:.2}  {:.2}  {:.0}%          | {:.2} {:.2}",
            all.micro.precision(),
            all.micro.recall(),
            all.micro.f1(),
            100.0 * all.false_positive_rate(),
            alone.precision(),
            alone.recall()
        );
    }
}
