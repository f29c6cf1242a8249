//! The learned half of classification: a naive Bayes model (log-count ratios over words and
//! pairs of neighbouring words, one yes/no model per theme), and the word handling the phrase
//! lexicon shares with it.
//!
//! This file uses nothing but `std`: `build.rs` includes it to train the model on the labelled
//! notes (`tests/fixtures/themes/corpus.jsonl`, the `train` split) when coachlog is built, and
//! the binary carries the weights (`Model::from_bytes`), so no run pays for training and the
//! same words always get the same themes.

use std::borrow::Cow;
use std::collections::HashMap;

/// Laplace smoothing of the counts.
const ALPHA: f32 = 0.5;
/// A feature seen in fewer training notes than this is ignored (names, one note's typos).
const MIN_NOTES: u32 = 2;

/// Words too common to say anything on their own (they still count inside word pairs).
const STOPWORDS: &[&str] = &[
    "a", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "did", "do", "for", "from", "get",
    "got", "had", "has", "have", "he", "her", "his", "i", "im", "in", "is", "it", "its", "just", "me", "my",
    "of", "on", "or", "our", "s", "she", "so", "t", "that", "the", "their", "them", "then", "they", "this",
    "to", "today", "up", "us", "was", "we", "were", "with",
];

/// FNV-1a, 64 bits: a hash that is the same on every build and platform (std's is not).
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    fnv1a_more(0xcbf2_9ce4_8422_2325, bytes)
}

/// FNV-1a of what `hash` hashed followed by `bytes`.
fn fnv1a_more(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(hash, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Whether `w` (hashed `h`) says nothing on its own: a stop word, one letter, or a number.
fn is_stop(w: &str) -> bool {
    w.len() < 2
        || w.bytes().all(|b| b.is_ascii_digit())
        || (w.len() <= LONGEST_STOPWORD && STOPWORDS.binary_search(&w).is_ok())
}

/// The length of the longest of [`STOPWORDS`]: a longer word is never looked up.
const LONGEST_STOPWORD: usize = 5;

/// The word that marks the end of a sentence in normalized text.
pub const SENTENCE_END: u8 = b'|';

/// `text` as " word word word ": lower case, apostrophes dropped (`didn't` is `didnt`), the end
/// of each sentence (`.`, `!`, `?`, `;`, a new line) as the word `|`, every run of other
/// characters one space.
pub fn normalize(text: &str) -> Vec<u8> {
    // ASCII letters and digits, lower-cased; 1 for an apostrophe (dropped); 0 for the rest.
    const WORD: [u8; 128] = {
        let mut table = [0u8; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            if c.is_ascii_alphanumeric() {
                table[b] = c.to_ascii_lowercase();
            }
            b += 1;
        }
        table[b'\'' as usize] = 1;
        table[b'.' as usize] = 2;
        table[b'!' as usize] = 2;
        table[b'?' as usize] = 2;
        table[b';' as usize] = 2;
        table[b'\n' as usize] = 2;
        table
    };
    let bytes = text.as_bytes();
    let mut out = vec![b' '; bytes.len() + 2];
    let mut n = 1;
    let mut space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            let w = WORD[usize::from(b)];
            i += 1;
            if w == 1 {
                continue;
            }
            if w == 2 {
                // The end of a sentence, as the word `|` (once, however many marks): phrases
                // and negations do not reach across it.
                if !(space && n >= 2 && out[n - 2] == SENTENCE_END) {
                    let room = n + 3 + (bytes.len() - i) + 2;
                    if room > out.len() {
                        out.resize(room, b' ');
                    }
                    if !space {
                        out[n] = b' ';
                        n += 1;
                    }
                    out[n] = SENTENCE_END;
                    out[n + 1] = b' ';
                    n += 2;
                    space = true;
                }
                continue;
            }
            // Written every time, kept when it is a letter or the first separator of a run:
            // no branch to mispredict on ordinary text.
            out[n] = if w == 0 { b' ' } else { w };
            n += usize::from(w != 0 || !space);
            space = w == 0;
            continue;
        }
        // A character of another script: lower-cased like `str::to_lowercase` does. Its
        // lower case may be longer ('İ' is "i̇"), so room is kept for the rest of the text.
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c == '’' {
            continue;
        }
        if c.is_alphanumeric() {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                let l = l.encode_utf8(&mut buf).as_bytes();
                let room = n + l.len() + (bytes.len() - i) + 2;
                if room > out.len() {
                    out.resize(room, b' ');
                }
                out[n..n + l.len()].copy_from_slice(l);
                n += l.len();
            }
            space = false;
        } else if !space {
            out[n] = b' ';
            n += 1;
            space = true;
        }
    }
    if !space {
        out[n] = b' ';
        n += 1;
    }
    out.truncate(n);
    out
}

/// The words of a normalized text.
pub fn tokens(normal: &[u8]) -> impl Iterator<Item = &str> {
    std::str::from_utf8(normal).unwrap_or("").split(' ').filter(|w| !w.is_empty())
}

/// Calls `f` with each feature of a normalized text: its words (not stop words, not numbers)
/// and each pair of neighbouring words, as a hash and as text.
pub fn each_feature(normal: &[u8], mut f: impl FnMut(u64, &str)) {
    let mut prev: Option<&str> = None;
    let mut pair = String::new();
    for w in tokens(normal) {
        if !is_stop(w) {
            f(fnv1a(w.bytes()), w);
        }
        if let Some(p) = prev {
            pair.clear();
            pair.push_str(p);
            pair.push(' ');
            pair.push_str(w);
            f(fnv1a(pair.bytes()), &pair);
        }
        prev = Some(w);
    }
}

/// [`each_feature`], hashes only and without allocating: what scoring needs. The two must
/// agree (a test holds them to it).
pub fn each_hash(normal: &[u8], mut f: impl FnMut(u64)) {
    let mut prev: Option<u64> = None;
    for w in tokens(normal) {
        let h = fnv1a(w.bytes());
        if !is_stop(w) {
            f(h);
        }
        if let Some(p) = prev {
            f(fnv1a_more(fnv1a_more(p, [b' ']), w.bytes()));
        }
        prev = Some(h);
    }
}

/// What the built-in model learns: one yes/no per theme, and last whether the lead did the
/// opposite of the good behaviour ("missed"), learned from the notes that have a stance.
pub const LABELS: [&str; 8] =
    ["delegation", "trust", "roving-leaders", "vision", "contribution", "courage", "management", "missed"];

/// A labelled note's answers to [`LABELS`]: its themes, yes or no; and "missed" when it has a
/// stance (yes if any of its stances is "missed"), else not asked.
pub fn labels(themes: &[String], stances: &[String]) -> Vec<Option<bool>> {
    let mut out: Vec<Option<bool>> =
        LABELS[..LABELS.len() - 1].iter().map(|l| Some(themes.iter().any(|t| t == l))).collect();
    out.push((!stances.is_empty()).then(|| stances.iter().any(|s| s == "missed")));
    out
}

/// A trained model: per theme a bias, and per feature (sorted by hash) one weight per theme,
/// read in place from its bytes (the built-in one from the binary itself, so loading it costs
/// next to nothing).
///
/// Layout, little-endian: `CLNB1`, themes `u32`, features `u32`, table slots `u32`; each theme
/// id as `u32` length and UTF-8; biases `f32`; hashes `u64` (sorted); weights `f32`, feature by
/// feature; the lookup table, `u32` indexes (`u32::MAX` for an empty slot, linear probing from
/// `hash & (slots - 1)`); name ends `u32`; names UTF-8.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// The theme ids it knows, in its own order.
    pub themes: Vec<Cow<'static, str>>,
    bias: Vec<f32>,
    features: usize,
    slots: usize,
    data: Cow<'static, [u8]>,
    hashes_at: usize,
    weights_at: usize,
    table_at: usize,
    ends_at: usize,
    names_at: usize,
}

const MAGIC: &[u8] = b"CLNB1";

/// How [`Model::train_logistic`] fits: passes over the notes, the first step size, how fast
/// it shrinks (`rate / (1 + epoch * decay)`), and the L2 penalty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub epochs: usize,
    pub rate: f32,
    pub decay: f32,
    pub l2: f32,
}

/// The hash of a feature given by name rather than found in the words (a phrase found by
/// the lexicon): marked so it cannot be taken for a word.
pub fn extra_hash(name: &str) -> u64 {
    fnv1a(b"\x01".iter().copied().chain(name.bytes()))
}

/// The training notes as feature positions: each note's labels and the positions (in `kept`,
/// sorted hashes of the features seen in at least [`MIN_NOTES`] notes) of its features.
struct Documents {
    docs: Vec<(Vec<Option<bool>>, Vec<usize>)>,
    kept: Vec<u64>,
    names: Vec<String>,
}

fn documents<'a>(notes: impl IntoIterator<Item = (&'a str, Vec<Option<bool>>)>) -> Documents {
    documents_with(notes.into_iter().map(|(t, l)| (t, Vec::new(), l)))
}

/// [`documents`] with more features per note, given by name (see [`extra_hash`]).
fn documents_with<'a>(
    notes: impl IntoIterator<Item = (&'a str, Vec<String>, Vec<Option<bool>>)>,
) -> Documents {
    let mut raw: Vec<(Vec<Option<bool>>, Vec<u64>)> = Vec::new();
    let mut names: HashMap<u64, String> = HashMap::new();
    let mut seen_in: HashMap<u64, u32> = HashMap::new();
    for (text, extra, labels) in notes {
        let mut feats = Vec::new();
        each_feature(&normalize(text), |h, name| {
            feats.push(h);
            names.entry(h).or_insert_with(|| name.to_string());
        });
        for name in extra {
            let h = extra_hash(&name);
            feats.push(h);
            names.entry(h).or_insert(name);
        }
        feats.sort_unstable();
        feats.dedup();
        for &h in &feats {
            *seen_in.entry(h).or_default() += 1;
        }
        raw.push((labels, feats));
    }
    let mut kept: Vec<u64> = seen_in.iter().filter(|(_, c)| **c >= MIN_NOTES).map(|(h, _)| *h).collect();
    kept.sort_unstable();
    let index: HashMap<u64, usize> = kept.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let docs = raw
        .into_iter()
        .map(|(labels, feats)| (labels, feats.iter().filter_map(|h| index.get(h).copied()).collect()))
        .collect();
    let names = kept.iter().map(|h| names.get(h).cloned().unwrap_or_default()).collect();
    Documents { docs, kept, names }
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// A model's bytes (see [`Model`]).
fn layout(themes: &[&str], bias: &[f32], hashes: &[u64], weights: &[f32], names: &[String]) -> Vec<u8> {
    let slots = (hashes.len() * 2).next_power_of_two().max(16);
    let mut table = vec![u32::MAX; slots];
    for (i, &h) in hashes.iter().enumerate() {
        let mut slot = (h as usize) & (slots - 1);
        while table[slot] != u32::MAX {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = i as u32;
    }
    let mut out = MAGIC.to_vec();
    for n in [themes.len(), hashes.len(), slots] {
        out.extend((n as u32).to_le_bytes());
    }
    for t in themes {
        out.extend((t.len() as u32).to_le_bytes());
        out.extend(t.as_bytes());
    }
    bias.iter().for_each(|b| out.extend(b.to_le_bytes()));
    hashes.iter().for_each(|h| out.extend(h.to_le_bytes()));
    weights.iter().for_each(|w| out.extend(w.to_le_bytes()));
    table.iter().for_each(|i| out.extend(i.to_le_bytes()));
    let mut end = 0u32;
    for n in names {
        end += n.len() as u32;
        out.extend(end.to_le_bytes());
    }
    names.iter().for_each(|n| out.extend(n.as_bytes()));
    out
}

impl Model {
    /// Trains on `(text, labels)` notes: for each of `themes`, yes, no, or not asked (a note
    /// not asked about a label does not count toward it).
    pub fn train<'a>(
        notes: impl IntoIterator<Item = (&'a str, Vec<Option<bool>>)>,
        themes: &[&str],
    ) -> Model {
        let n = themes.len();
        let Documents { docs, kept, names } = documents(notes);
        // Counts per theme and feature: in notes of the theme (p) and in the others (q).
        let mut p = vec![ALPHA; kept.len() * n];
        let mut q = vec![ALPHA; kept.len() * n];
        let mut positives = vec![0f32; n];
        let mut asked = vec![0f32; n];
        for (labels, feats) in &docs {
            for (t, yes) in labels.iter().enumerate() {
                positives[t] += f32::from(u8::from(*yes == Some(true)));
                asked[t] += f32::from(u8::from(yes.is_some()));
            }
            for &i in feats {
                for (t, yes) in labels.iter().enumerate() {
                    match yes {
                        Some(true) => p[i * n + t] += 1.0,
                        Some(false) => q[i * n + t] += 1.0,
                        None => {}
                    }
                }
            }
        }
        let mut p_sum = vec![0f32; n];
        let mut q_sum = vec![0f32; n];
        for i in 0..kept.len() {
            for t in 0..n {
                p_sum[t] += p[i * n + t];
                q_sum[t] += q[i * n + t];
            }
        }
        let bias: Vec<f32> =
            positives.iter().zip(&asked).map(|(&pos, &all)| ((pos + 1.0) / (all - pos + 1.0)).ln()).collect();
        let weights: Vec<f32> =
            (0..kept.len() * n).map(|k| (p[k] / p_sum[k % n]).ln() - (q[k] / q_sum[k % n]).ln()).collect();
        let bytes = layout(themes, &bias, &kept, &weights, &names);
        Model::read(Cow::Owned(bytes)).unwrap_or_default()
    }

    /// Trains a logistic regression on `(text, labels)` notes (see [`Model::train`]): one per
    /// label, over the presence of each feature, by stochastic gradient descent in a fixed
    /// order (the same notes always give the same weights) with L2 regularization. Its scores
    /// are log-odds like naive Bayes's, but its weights are fitted jointly, so words that only
    /// travel with a telling word do not count twice.
    pub fn train_logistic<'a>(
        notes: impl IntoIterator<Item = (&'a str, Vec<Option<bool>>)>,
        themes: &[&str],
        fit: Fit,
    ) -> Model {
        Model::train_logistic_with(notes.into_iter().map(|(t, l)| (t, Vec::new(), l)), themes, fit)
    }

    /// [`Model::train_logistic`] with more features per note, by name (see [`extra_hash`]).
    pub fn train_logistic_with<'a>(
        notes: impl IntoIterator<Item = (&'a str, Vec<String>, Vec<Option<bool>>)>,
        themes: &[&str],
        fit: Fit,
    ) -> Model {
        let n = themes.len();
        let Documents { docs, kept, names } = documents_with(notes);
        let mut w = vec![0f32; kept.len() * n];
        let mut bias = vec![0f32; n];
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for epoch in 0..fit.epochs {
            // Fisher–Yates with xorshift: a new order each epoch, the same on every build.
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            let rate = fit.rate / (1.0 + epoch as f32 * fit.decay);
            for &d in &order {
                let (labels, feats) = &docs[d];
                for (t, yes) in labels.iter().enumerate() {
                    let Some(yes) = yes else { continue };
                    let z = bias[t] + feats.iter().map(|&i| w[i * n + t]).sum::<f32>();
                    let g = 1.0 / (1.0 + (-z).exp()) - f32::from(u8::from(*yes));
                    bias[t] -= rate * g;
                    for &i in feats {
                        let k = i * n + t;
                        w[k] -= rate * (g + fit.l2 * w[k]);
                    }
                }
            }
        }
        let bytes = layout(themes, &bias, &kept, &w, &names);
        Model::read(Cow::Owned(bytes)).unwrap_or_default()
    }

    /// Reads a model's bytes: `None` for bytes that are not one (too short, or inconsistent).
    fn read(data: Cow<'static, [u8]>) -> Option<Model> {
        let d: &[u8] = &data;
        if !d.starts_with(MAGIC) || d.len() < MAGIC.len() + 12 {
            return None;
        }
        let at = MAGIC.len();
        let (n, features, slots) =
            (u32_at(d, at) as usize, u32_at(d, at + 4) as usize, u32_at(d, at + 8) as usize);
        let mut at = at + 12;
        let mut themes = Vec::new();
        for _ in 0..n {
            let len = u32_at(d.get(at..at + 4)?, 0) as usize;
            let name = std::str::from_utf8(d.get(at + 4..at + 4 + len)?).ok()?.to_string();
            themes.push(Cow::Owned(name));
            at += 4 + len;
        }
        let bias = (0..n)
            .map(|i| Some(f32::from_le_bytes(d.get(at + 4 * i..at + 4 * i + 4)?.try_into().ok()?)))
            .collect::<Option<Vec<f32>>>()?;
        at += 4 * n;
        let hashes_at = at;
        let weights_at = hashes_at + 8 * features;
        let table_at = weights_at + 4 * features * n;
        let ends_at = table_at + 4 * slots;
        let names_at = ends_at + 4 * features;
        if d.len() < names_at || !slots.is_power_of_two() || slots < features {
            return None;
        }
        let names_len = if features == 0 { 0 } else { u32_at(d, names_at - 4) as usize };
        if d.len() != names_at + names_len {
            return None;
        }
        let m = Model {
            themes,
            bias,
            features,
            slots,
            hashes_at,
            weights_at,
            table_at,
            ends_at,
            names_at,
            data: Cow::Borrowed(&[]),
        };
        Some(Model { data, ..m })
    }

    fn hash(&self, i: usize) -> u64 {
        let at = self.hashes_at + 8 * i;
        u64::from_le_bytes(self.data[at..at + 8].try_into().unwrap_or_default())
    }

    fn weight(&self, i: usize, t: usize) -> f32 {
        let at = self.weights_at + 4 * (i * self.themes.len() + t);
        f32::from_le_bytes(self.data[at..at + 4].try_into().unwrap_or_default())
    }

    fn name(&self, i: usize) -> &str {
        let end = u32_at(&self.data, self.ends_at + 4 * i) as usize;
        let start = if i == 0 { 0 } else { u32_at(&self.data, self.ends_at + 4 * (i - 1)) as usize };
        self.data
            .get(self.names_at + start..self.names_at + end)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// Each theme's score for a normalized text: log-odds, summed over its distinct features.
    pub fn scores(&self, normal: &[u8]) -> Vec<f32> {
        self.scores_with(normal, &[])
    }

    /// [`Model::scores`] with more features, by name (see [`extra_hash`]).
    pub fn scores_with(&self, normal: &[u8], extra: &[String]) -> Vec<f32> {
        let mut s = self.bias.clone();
        let mut seen: Vec<u64> = extra.iter().map(|e| extra_hash(e)).collect();
        each_hash(normal, |h| seen.push(h));
        seen.sort_unstable();
        seen.dedup();
        for h in seen {
            if let Some(i) = self.find(h) {
                for (t, a) in s.iter_mut().enumerate() {
                    *a += self.weight(i, t);
                }
            }
        }
        s
    }

    /// Where feature `h` is, if the model knows it: a look in the open-addressed table.
    fn find(&self, h: u64) -> Option<usize> {
        if self.features == 0 {
            return None;
        }
        let mask = self.slots - 1;
        let mut slot = (h as usize) & mask;
        for _ in 0..self.slots {
            let i = u32_at(&self.data, self.table_at + 4 * slot);
            if i == u32::MAX || i as usize >= self.features {
                return None;
            }
            if self.hash(i as usize) == h {
                return Some(i as usize);
            }
            slot = (slot + 1) & mask;
        }
        None
    }

    /// The features of `normal` that weigh most for theme `t` (its place in the model),
    /// heaviest first.
    pub fn reasons(&self, normal: &[u8], t: usize, top: usize) -> Vec<(String, f32)> {
        let mut out: Vec<(String, f32)> = Vec::new();
        each_feature(normal, |h, _| {
            if let Some(i) = self.find(h) {
                let w = self.weight(i, t);
                let name = self.name(i);
                if w > 0.0 && !out.iter().any(|(n, _)| n == name) {
                    out.push((name.to_string(), w));
                }
            }
        });
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out.truncate(top);
        out
    }

    /// The model as bytes (see [`Model`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.data.to_vec()
    }

    /// A model read in place from `bytes` (see [`Model`]); `None` for bytes that are not one.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Model> {
        Model::read(Cow::Borrowed(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Scoring hashes features without building their text; it must hash the same ones.
        #[test]
        fn hashes_alone_are_the_features_hashes(text in "(?s).{0,200}|([a-z']{1,6} ){0,30}") {
            let normal = normalize(&text);
            let mut named = Vec::new();
            each_feature(&normal, |h, _| named.push(h));
            let mut bare = Vec::new();
            each_hash(&normal, |h| bare.push(h));
            prop_assert_eq!(named, bare);
        }
    }

    #[test]
    fn stop_words_are_sorted_for_the_binary_search() {
        assert!(STOPWORDS.is_sorted());
        assert_eq!(STOPWORDS.iter().map(|w| w.len()).max(), Some(LONGEST_STOPWORD));
    }

    #[test]
    fn a_model_survives_its_bytes() {
        let notes = [("let ana own the plan", vec![Some(true)]), ("dentist at four", vec![Some(false)])];
        let m = Model::train(notes.iter().map(|(t, l)| (*t, l.clone())), &["delegation"]);
        let bytes: &'static [u8] = Box::leak(m.to_bytes().into_boxed_slice());
        let back = Model::from_bytes(bytes).unwrap();
        assert_eq!(back.scores(&normalize("let ana own it")), m.scores(&normalize("let ana own it")));
    }
}
