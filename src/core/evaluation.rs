//! How well classification understands a note, measured on the labelled corpus
//! (`tests/fixtures/themes/corpus.jsonl`): per-theme precision, recall and F1, the share of
//! notes with no theme that get one anyway, and how often the stance is right. Used by the
//! `themes-eval` example and by the test that holds the held-out figures to their targets.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::lexicon::Stance;
use super::model::Note;
use super::theme::Themes;

/// Counts for one theme.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// One note classified wrongly: what was expected, what was found and why.
#[derive(Debug, Clone)]
pub struct Mistake {
    pub text: String,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    pub wrong_stance: Vec<String>,
    pub reasons: Vec<String>,
}

/// The figures for a set of notes.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub notes: usize,
    pub themes: BTreeMap<String, Counts>,
    pub micro: Counts,
    /// Notes labelled with no theme, and how many of them got one.
    pub no_theme: usize,
    pub no_theme_hit: usize,
    /// Notes with a theme that got none.
    pub themed: usize,
    pub themed_none: usize,
    /// (theme, note) pairs labelled with a stance, and how many got that stance.
    pub stances: usize,
    pub stances_right: usize,
    /// Stances given on a right theme, and how many of those the note does not say (a plan,
    /// a tag alone): a stance made up.
    pub stances_given: usize,
    pub stances_unsaid: usize,
    pub mistakes: Vec<Mistake>,
}

impl Report {
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.no_theme_hit, self.no_theme)
    }
    pub fn stance_accuracy(&self) -> f64 {
        ratio(self.stances_right, self.stances)
    }
    /// The share of stances given that the note does not say.
    pub fn made_up_stances(&self) -> f64 {
        ratio(self.stances_unsaid, self.stances_given)
    }

    /// The report as a few tables of plain text.
    pub fn render(&self, title: &str, worst: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{title}: {} notes", self.notes);
        let _ = writeln!(
            s,
            "{:<16} {:>9} {:>6} {:>6} {:>4} {:>4} {:>4}",
            "theme", "precision", "recall", "F1", "tp", "fp", "fn"
        );
        for (t, c) in &self.themes {
            let _ = writeln!(
                s,
                "{t:<16} {:>9.2} {:>6.2} {:>6.2} {:>4} {:>4} {:>4}",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        let m = &self.micro;
        let _ = writeln!(
            s,
            "{:<16} {:>9.2} {:>6.2} {:>6.2} {:>4} {:>4} {:>4}",
            "all (micro)",
            m.precision(),
            m.recall(),
            m.f1(),
            m.tp,
            m.fp,
            m.fn_
        );
        let _ = writeln!(
            s,
            "no-theme notes given a theme: {}/{} ({:.0}%)",
            self.no_theme_hit,
            self.no_theme,
            100.0 * self.false_positive_rate()
        );
        let _ = writeln!(
            s,
            "themed notes given no theme:  {}/{} ({:.0}%)",
            self.themed_none,
            self.themed,
            100.0 * ratio(self.themed_none, self.themed)
        );
        let _ = writeln!(
            s,
            "stance right: {}/{} ({:.0}%)",
            self.stances_right,
            self.stances,
            100.0 * self.stance_accuracy()
        );
        let _ = writeln!(
            s,
            "stances the note does not say: {}/{} given ({:.0}%)",
            self.stances_unsaid,
            self.stances_given,
            100.0 * self.made_up_stances()
        );
        if worst > 0 && !self.mistakes.is_empty() {
            let _ = writeln!(s, "\nmistakes (first {worst} of {}):", self.mistakes.len());
            for m in self.mistakes.iter().take(worst) {
                let _ = writeln!(s, "- {}", m.text);
                if !m.missing.is_empty() {
                    let _ = writeln!(s, "    missed: {}", m.missing.join(", "));
                }
                if !m.extra.is_empty() {
                    let _ = writeln!(s, "    wrongly: {}", m.extra.join(", "));
                }
                if !m.wrong_stance.is_empty() {
                    let _ = writeln!(s, "    stance: {}", m.wrong_stance.join(", "));
                }
                if !m.reasons.is_empty() {
                    let _ = writeln!(s, "    because: {}", m.reasons.join("; "));
                }
            }
        }
        s
    }
}

/// Classifies each note with `classify` and scores it against its labels.
pub fn evaluate<'a>(
    notes: impl IntoIterator<Item = &'a Note>,
    themes: &Themes,
    classify: impl Fn(&str) -> (Vec<String>, BTreeMap<String, Stance>),
) -> Report {
    let mut r = Report::default();
    let known: Vec<&str> = super::model::KNOWN.to_vec();
    for k in &known {
        r.themes.insert((*k).to_string(), Counts::default());
    }
    for note in notes {
        r.notes += 1;
        let (found, stances) = classify(&note.text);
        let found: Vec<String> = found.into_iter().filter(|t| known.contains(&t.as_str())).collect();
        let gold = &note.themes;
        let mut mistake = Mistake {
            text: note.text.clone(),
            missing: Vec::new(),
            extra: Vec::new(),
            wrong_stance: Vec::new(),
            reasons: Vec::new(),
        };
        for k in &known {
            let (g, f) = (gold.iter().any(|t| t == k), found.iter().any(|t| t == k));
            let c = r.themes.get_mut(*k).expect("every known theme has counts");
            match (g, f) {
                (true, true) => c.tp += 1,
                (false, true) => {
                    c.fp += 1;
                    mistake.extra.push((*k).to_string());
                }
                (true, false) => {
                    c.fn_ += 1;
                    mistake.missing.push((*k).to_string());
                }
                (false, false) => {}
            }
        }
        if gold.is_empty() {
            r.no_theme += 1;
            r.no_theme_hit += usize::from(!found.is_empty());
        } else {
            r.themed += 1;
            r.themed_none += usize::from(found.is_empty());
        }
        for t in stances.keys().filter(|t| note.themes.contains(t)) {
            r.stances_given += 1;
            r.stances_unsaid += usize::from(!note.stances.contains_key(t));
        }
        for (t, want) in &note.stances {
            r.stances += 1;
            let got = stances.get(t).map(|s| if *s == Stance::Did { "did" } else { "missed" });
            if got == Some(want.as_str()) {
                r.stances_right += 1;
            } else {
                mistake.wrong_stance.push(format!("{t} {want}, got {}", got.unwrap_or("none")));
            }
        }
        if !(mistake.missing.is_empty() && mistake.extra.is_empty() && mistake.wrong_stance.is_empty()) {
            mistake.reasons = themes
                .explain_text(&note.text)
                .into_iter()
                .map(|(t, why)| format!("{t} ← {}", why.describe()))
                .collect();
            r.mistakes.push(mistake);
        }
    }
    for c in r.themes.values() {
        r.micro.tp += c.tp;
        r.micro.fp += c.fp;
        r.micro.fn_ += c.fn_;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin::{THEMES, label};
    use crate::core::model::corpus;
    use crate::core::theme::parse_themes;

    #[test]
    fn the_corpus_is_big_enough_labelled_and_split() {
        let notes = corpus();
        assert_eq!(notes.len(), super::super::model::CORPUS.lines().filter(|l| !l.trim().is_empty()).count());
        assert!(notes.len() >= 400, "{} notes", notes.len());
        let test = notes.iter().filter(|n| n.split == "test").count();
        assert!((0.25..=0.35).contains(&(test as f64 / notes.len() as f64)), "{test} held out");
        assert!(notes.iter().all(|n| n.split == "test" || n.split == "train"));
        let none = notes.iter().filter(|n| n.themes.is_empty()).count();
        assert!(none as f64 >= 0.12 * notes.len() as f64, "{none} without a theme");
        for n in &notes {
            for t in n.themes.iter().chain(n.stances.keys()) {
                assert!(super::super::model::KNOWN.contains(&t.as_str()), "{t} in {}", n.text);
            }
            for (t, s) in &n.stances {
                assert!(n.themes.contains(t) && (s == "did" || s == "missed"), "{}", n.text);
            }
        }
    }

    /// The held-out figures (notes the lexicon and model were never tuned on) stay where
    /// THEMES.md reports them. A change that makes understanding worse fails here.
    #[test]
    fn held_out_notes_are_understood() {
        let themes = Themes::new(parse_themes(&label(THEMES.0), THEMES.1).unwrap());
        let notes = corpus();
        let r = evaluate(notes.iter().filter(|n| n.split == "test"), &themes, |t| themes.classify_text(t));
        let report = r.render("held out", 10);
        // Measured on the 1,572 held-out notes at F1 0.81, precision 0.85, 19% and 68%
        // (THEMES.md): a little room for a change of tokens, none for a change that makes
        // understanding worse.
        assert!(r.micro.f1() >= 0.80, "{report}");
        assert!(r.micro.precision() >= 0.84, "{report}");
        assert!(r.false_positive_rate() <= 0.21, "{report}");
        assert!(r.stance_accuracy() >= 0.67, "{report}");
        // Measured at 4%: a stance on a note that does not say how it went is made up.
        assert!(r.made_up_stances() <= 0.05, "{report}");
    }
}
