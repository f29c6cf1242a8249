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
use coachlog::core::theme::{STANCE, StanceWeights, Themes, parse_themes};

fn main() {
    let mut split = "test".to_string();
    let mut worst = 15;
    let mut sweep = false;
    let mut from_line = 0usize;
    let mut no_model = false;
    let mut phrases = false;
    let mut tune = false;
    let mut compare = false;
    let mut curve = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--split" => split = args.next().expect("--split train|test|all"),
            "--worst" => worst = args.next().and_then(|v| v.parse().ok()).expect("--worst N"),
            "--sweep" => sweep = true,
            "--no-model" => no_model = true,
            "--phrases" => phrases = true,
            "--tune" => tune = true,
            "--compare" => compare = true,
            "--curve" => curve = true,
            "--from-line" => from_line = args.next().and_then(|v| v.parse().ok()).expect("--from-line N"),
            _ => {
                eprintln!(
                    "usage: themes-eval [--split train|test|all] [--from-line N] [--no-model] [--phrases] [--tune] [--worst N] [--sweep]"
                );
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
    let chosen: Vec<&Note> =
        notes.iter().skip(from_line).filter(|n| split == "all" || n.split == split).collect();
    if phrases {
        phrase_precision(&themes, &chosen);
        return;
    }
    if compare {
        compare_models(&themes, &notes, &chosen);
        return;
    }
    if curve {
        learning_curve(&themes, &notes, &chosen);
        return;
    }
    if tune {
        tune_on(&themes, &chosen);
        return;
    }
    let report = if no_model {
        evaluate(chosen.iter().copied(), &themes, |t| themes.classify_text_with(t, None))
    } else {
        evaluate(chosen.iter().copied(), &themes, |t| themes.classify_text(t))
    };
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

/// Five-fold cross-validation of the stance weights on the training notes: the best ten.
fn sweep_stance(themes: &Themes, train: &[&Note], models: &[Model]) {
    let folds = models.len();
    let mut results = Vec::new();
    for polarity in [0.0, 0.25, 0.5, 1.0] {
        for own in [0.0, 0.5, 1.0, 2.0, 3.0, 5.0] {
            for other in [0.0, 0.25, 0.5, 1.0] {
                for margin in [0.0, 0.5, 1.0, 2.0] {
                    let w = StanceWeights { polarity, own, other, margin };
                    let (mut right, mut all) = (0, 0);
                    for (f, m) in models.iter().enumerate() {
                        let held: Vec<&Note> = train
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| i % folds == f)
                            .map(|(_, n)| *n)
                            .collect();
                        let r = evaluate(held.iter().copied(), themes, |t| {
                            themes.classify_tuned(
                                t,
                                Some((m, THRESHOLD, Some(coachlog::core::theme::VETO))),
                                &w,
                            )
                        });
                        right += r.stances_right;
                        all += r.stances;
                    }
                    results.push((right as f64 / all.max(1) as f64, w));
                }
            }
        }
    }
    for (acc, w) in results.iter().filter(|(_, w)| w.own == 0.0 && w.other == 0.0 && w.margin == 0.0) {
        println!("model alone: {:.1}% at polarity {}", acc * 100.0, w.polarity);
    }
    for (acc, w) in results.iter().filter(|(_, w)| w.polarity == 0.25 && w.own == 2.0 && w.other == 0.5) {
        println!("{:.1}% at {w:?}", acc * 100.0);
    }
    results.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nstance right  weights (5-fold on train; shipped {STANCE:?})");
    for (acc, w) in results.iter().take(10) {
        println!("{:>11.1}%  {w:?}", acc * 100.0);
    }
}

/// The model's threshold and veto and the stance weights, tried on the chosen notes (notes
/// neither the lexicon nor the model was made from: the `dev` split while there is one).
fn tune_on(themes: &Themes, notes: &[&Note]) {
    let m = coachlog::core::model::builtin();
    println!("threshold veto    P     R     F1   no-theme-hit  stance");
    for threshold in [2.0, 3.0, 4.0, 5.0, 6.0, 8.0] {
        for veto in [None, Some(2.0), Some(4.0), Some(6.0), Some(8.0), Some(12.0)] {
            let r = evaluate(notes.iter().copied(), themes, |t| {
                themes.classify_tuned(t, Some((m, threshold, veto)), &STANCE)
            });
            println!(
                "{threshold:>9.1} {:>5}  {}",
                veto.map_or("none".to_string(), |v| format!("{v}")),
                figures(&r)
            );
        }
    }
    let mut results = Vec::new();
    for polarity in [0.0, 0.25, 0.5, 1.0] {
        for own in [1.0, 2.0, 4.0] {
            for other in [0.0, 0.25, 0.5, 1.0] {
                for margin in [0.0, 1.0, 2.0] {
                    let w = StanceWeights { polarity, own, other, margin };
                    let r = evaluate(notes.iter().copied(), themes, |t| {
                        themes.classify_tuned(t, Some((m, THRESHOLD, Some(coachlog::core::theme::VETO))), &w)
                    });
                    results.push((r.stance_accuracy(), w));
                }
            }
        }
    }
    results.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nstance right  weights (shipped {STANCE:?})");
    for (acc, w) in results.iter().take(8) {
        println!("{:>11.1}%  {w:?}", acc * 100.0);
    }
}

/// Each phrase of the lexicon that fires on the chosen notes, with how often its theme was
/// right: the phrases that mislead most first.
fn phrase_precision(themes: &Themes, notes: &[&Note]) {
    let mut counts: std::collections::BTreeMap<(String, String), (usize, usize)> = Default::default();
    for n in notes {
        let mut seen = std::collections::BTreeSet::new();
        for (theme, phrase) in themes.phrases_in(&n.text) {
            if seen.insert((theme.clone(), phrase.clone())) {
                let c = counts.entry((theme.clone(), phrase)).or_default();
                if n.themes.contains(&theme) { c.0 += 1 } else { c.1 += 1 }
            }
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by_key(|(_, (right, wrong))| (std::cmp::Reverse(*wrong), *right));
    println!("wrong right  theme / phrase");
    for ((theme, phrase), (right, wrong)) in rows.iter().filter(|(_, (_, w))| *w > 0) {
        println!("{wrong:>5} {right:>5}  {theme} / {phrase}");
    }
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
                themes.judge_model_with(t, m, threshold, None, &mut j);
                j.themes(themes)
            });
            all.themes.entry("alone".into()).or_default().tp += alone.micro.tp;
            all.themes.entry("alone".into()).or_default().fp += alone.micro.fp;
            all.themes.entry("alone".into()).or_default().fn_ += alone.micro.fn_;
        }
        let alone = all.themes["alone"];
        let _ = &alone;
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
    sweep_stance(themes, &train, &models);
}

/// A training note with the phrases found in it: text, phrase features, labels.
type Stacked<'a> = (&'a str, Vec<String>, Vec<Option<bool>>);

/// Naive Bayes against logistic regressions, each trained on the `train` split and judged on
/// the chosen notes (ones neither the lexicon nor the models were made from) over a grid of
/// thresholds and vetoes.
fn compare_models(themes: &Themes, notes: &[Note], chosen: &[&Note]) {
    use coachlog::core::naive_bayes::{Fit, LABELS, labels};
    let train: Vec<(&str, Vec<Option<bool>>)> = notes
        .iter()
        .filter(|n| n.split == "train")
        .map(|n| {
            let stances: Vec<String> = n.stances.values().cloned().collect();
            (n.text.as_str(), labels(&n.themes, &stances))
        })
        .collect();
    let mut models: Vec<(String, Model, Vec<f32>)> =
        vec![("nb".into(), Model::train(train.iter().cloned(), &LABELS), vec![3.0, 4.0, 5.0, 6.0])];
    for (epochs, rate, l2) in [(20, 0.2, 1e-4), (30, 0.2, 1e-3), (40, 0.1, 1e-4), (30, 0.3, 3e-3)] {
        let fit = Fit { epochs, rate, decay: 0.1, l2 };
        models.push((
            format!("lr e{epochs} r{rate} l{l2}"),
            Model::train_logistic(train.iter().cloned(), &LABELS, fit),
            vec![-1.0, 0.0, 1.0, 2.0, 3.0],
        ));
    }
    // Stacked: phrase hits as features of a logistic regression that decides alone.
    let extras = |text: &str| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for (theme, phrase) in themes.phrases_in(text) {
            v.push(format!("hit:{theme}"));
            v.push(format!("phrase:{theme}:{phrase}"));
        }
        v.sort();
        v.dedup();
        v
    };
    let train_x: Vec<Stacked<'_>> = train.iter().map(|(t, l)| (*t, extras(t), l.clone())).collect();
    for (epochs, rate, l2) in [(30, 0.2, 1e-3), (30, 0.2, 1e-4), (50, 0.1, 3e-4)] {
        let fit = Fit { epochs, rate, decay: 0.1, l2 };
        let m = Model::train_logistic_with(train_x.iter().cloned(), &LABELS, fit);
        for threshold in [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0] {
            let r = evaluate(chosen.iter().copied(), themes, |t| {
                let tags: String =
                    t.split_whitespace().filter(|w| w.starts_with('#')).collect::<Vec<_>>().join(" ");
                let (tagged, _) = themes.classify_tuned(&tags, None, &STANCE);
                let (_, stances) = themes.classify_tuned(t, None, &STANCE);
                let scores = m.scores_with(&coachlog::core::naive_bayes::normalize(t), &extras(t));
                let mut out: Vec<String> = Vec::new();
                for (k, id) in LABELS.iter().take(7).enumerate() {
                    if scores[k] >= threshold || tagged.iter().any(|x| x == id) {
                        out.push(id.to_string());
                    }
                }
                let stances = stances.into_iter().filter(|(k, _)| out.contains(k)).collect();
                (out, stances)
            });
            println!("stacked e{epochs} l{l2} {threshold:>5.1}  {}", figures(&r));
        }
    }
    println!("model                 thr  veto    P     R     F1   no-theme  stance");
    for (name, m, thresholds) in &models {
        for &threshold in thresholds {
            for veto in [None, Some(threshold.abs() + 1.0), Some(threshold.abs() + 3.0)] {
                let r = evaluate(chosen.iter().copied(), themes, |t| {
                    themes.classify_tuned(t, Some((m, threshold, veto)), &STANCE)
                });
                println!(
                    "{name:<20} {threshold:>5.1} {:>5}  {}",
                    veto.map_or("none".to_string(), |v| format!("{v}")),
                    figures(&r)
                );
            }
        }
    }
}

/// The shipped method trained on part of the `train` split (every k-th note), judged on the
/// chosen notes: whether more labelled notes still help.
fn learning_curve(themes: &Themes, notes: &[Note], chosen: &[&Note]) {
    let train: Vec<&Note> = notes.iter().filter(|n| n.split == "train").collect();
    println!("train notes    P     R     F1   no-theme  stance");
    for keep in [4usize, 2, 1] {
        for part in 0..keep.min(2) {
            let some: Vec<&Note> =
                train.iter().enumerate().filter(|(i, _)| i % keep == part).map(|(_, n)| *n).collect();
            let m = coachlog::core::model::train(some.iter().copied());
            let r = evaluate(chosen.iter().copied(), themes, |t| {
                themes.classify_tuned(t, Some((&m, THRESHOLD, Some(coachlog::core::theme::VETO))), &STANCE)
            });
            println!("{:>11} {}", some.len(), figures(&r));
        }
    }
}

/// Precision, recall, F1, the share of no-theme notes given a theme and stance accuracy, as
/// the tables of this example print them.
fn figures(r: &coachlog::core::evaluation::Report) -> String {
    format!(
        "{:.3} {:.3} {:.3} {:>5.1}%  {:.3}",
        r.micro.precision(),
        r.micro.recall(),
        r.micro.f1(),
        100.0 * r.false_positive_rate(),
        r.stance_accuracy()
    )
}
