//! The model built into coachlog: naive Bayes (`core::naive_bayes`) trained by `build.rs` on
//! the labelled notes that ship with coachlog (`tests/fixtures/themes/corpus.jsonl`, the
//! `train` split; the `test` split is held out for `cargo run --release --example
//! themes-eval`). It hears paraphrases the phrase lexicon has no entry for, and every theme
//! it gives comes with the words that weighed most, so it is never a black box.
//!
//! It is never trained on the journal: the same words always get the same themes, and the
//! month digests kept in the cache stay valid until coachlog itself changes.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::naive_bayes::labels;
pub use super::naive_bayes::{LABELS, Model};

/// The weights `build.rs` wrote.
const WEIGHTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"));

/// The labelled notes: one JSON object a line, `{"text", "themes", "stances", "split"}`.
pub const CORPUS: &str = include_str!("../../tests/fixtures/themes/corpus.jsonl");

/// The themes the built-in notes are labelled with: the model knows these.
pub const KNOWN: [&str; 7] =
    ["delegation", "trust", "roving-leaders", "vision", "contribution", "courage", "management"];

/// How far above even odds (in log-odds) a note must score to get a theme from the model
/// alone. Chosen for precision first on notes neither the lexicon nor the model was made from
/// (`themes-eval --split dev --tune`; see THEMES.md).
pub const THRESHOLD: f32 = 5.0;

/// One labelled note of the corpus.
#[derive(Debug, Clone, Deserialize)]
pub struct Note {
    pub text: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub stances: BTreeMap<String, String>,
    #[serde(default)]
    pub split: String,
}

/// The corpus, parsed (a line that does not parse is a bug in the fixture, caught by tests).
pub fn corpus() -> Vec<Note> {
    CORPUS.lines().filter(|l| !l.trim().is_empty()).filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// The model built into the binary (an empty one, which hears nothing, if its weights were
/// somehow unreadable).
pub fn builtin() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::from_bytes(WEIGHTS).unwrap_or_default())
}

/// Trains a model the way `build.rs` does, on `notes`.
pub fn train<'a>(notes: impl IntoIterator<Item = &'a Note>) -> Model {
    Model::train(
        notes.into_iter().map(|n| {
            let stances: Vec<String> = n.stances.values().cloned().collect();
            (n.text.as_str(), labels(&n.themes, &stances))
        }),
        &LABELS,
    )
}

/// Where the model keeps "missed" (how sure it is the lead did the opposite).
pub const MISSED: usize = LABELS.len() - 1;

/// Changes whenever the built-in model does: its bytes' hash, worked out by `build.rs` (the
/// model is most of a megabyte; hashing it at every start would cost most of a millisecond).
pub fn fingerprint() -> u64 {
    u64::from_le_bytes(*include_bytes!(concat!(env!("OUT_DIR"), "/model.fingerprint")))
        ^ u64::from(THRESHOLD.to_bits()).rotate_left(32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::naive_bayes::fnv1a;

    #[test]
    fn the_built_in_model_is_the_one_the_training_notes_make() {
        let notes = corpus();
        let trained = train(notes.iter().filter(|n| n.split == "train"));
        assert_eq!(&trained, builtin(), "build.rs and the crate train alike");
        assert_eq!(trained.to_bytes(), WEIGHTS);
        let hash = fnv1a(WEIGHTS.iter().copied());
        assert_eq!(
            fingerprint(),
            hash ^ u64::from(THRESHOLD.to_bits()).rotate_left(32),
            "build.rs hashed these weights"
        );
        assert_eq!(builtin().themes, LABELS.to_vec());
        assert_eq!(&LABELS[..KNOWN.len()], &KNOWN[..]);
    }

    #[test]
    fn damaged_weights_are_refused_not_trusted() {
        assert!(Model::from_bytes(&WEIGHTS[..WEIGHTS.len() / 2]).is_none());
        assert!(Model::from_bytes(b"").is_none());
    }
}
