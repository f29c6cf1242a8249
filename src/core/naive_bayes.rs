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
    "a", "an", "the", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "from", "by", "is",
    "was", "were", "be", "been", "am", "are", "it", "its", "this", "that", "i", "im", "me", "my", "we", "us",
    "our", "he", "she", "they", "them", "his", "her", "their", "so", "as", "up", "just", "then", "today",
    "got", "get", "had", "has", "have", "do", "did", "s", "t",
];

/// FNV-1a, 64 bits: a hash that is the same on every build and platform (std's is not).
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes
        .into_iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// `text` as " word word word ": lower case, apostrophes dropped (`didn't` is `didnt`), every
/// run of other characters one space.
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
        if !STOPWORDS.contains(&w) && w.len() > 1 && !w.bytes().all(|b| b.is_ascii_digit()) {
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

/// A trained model: per theme a bias, and per feature (sorted by hash) one weight per theme.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// The theme ids it knows, in its own order.
    pub themes: Vec<Cow<'static, str>>,
    bias: Vec<f32>,
    hashes: Vec<u64>,
    /// `hashes.len() × themes.len()` weights, feature by feature.
    weights: Vec<f32>,
    /// Each feature as text, for reasons.
    names: Vec<Cow<'static, str>>,
}

impl Model {
    /// Trains on `(text, labels)` notes: for each of `themes`, yes, no, or not asked (a note
    /// not asked about a label does not count toward it).
    pub fn train<'a>(
        notes: impl IntoIterator<Item = (&'a str, Vec<Option<bool>>)>,
        themes: &[&str],
    ) -> Model {
        let n = themes.len();
        let mut docs: Vec<(Vec<Option<bool>>, Vec<u64>)> = Vec::new();
        let mut names: HashMap<u64, String> = HashMap::new();
        let mut seen_in: HashMap<u64, u32> = HashMap::new();
        for (text, labels) in notes {
            let mut feats = Vec::new();
            each_feature(&normalize(text), |h, name| {
                feats.push(h);
                names.entry(h).or_insert_with(|| name.to_string());
            });
            feats.sort_unstable();
            feats.dedup();
            for &h in &feats {
                *seen_in.entry(h).or_default() += 1;
            }
            docs.push((labels, feats));
        }
        let mut kept: Vec<u64> = seen_in.iter().filter(|(_, c)| **c >= MIN_NOTES).map(|(h, _)| *h).collect();
        kept.sort_unstable();
        let index: HashMap<u64, usize> = kept.iter().enumerate().map(|(i, h)| (*h, i)).collect();
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
            for h in feats {
                let Some(&i) = index.get(h) else { continue };
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
        let bias =
            positives.iter().zip(&asked).map(|(&pos, &all)| ((pos + 1.0) / (all - pos + 1.0)).ln()).collect();
        let weights =
            (0..kept.len() * n).map(|k| (p[k] / p_sum[k % n]).ln() - (q[k] / q_sum[k % n]).ln()).collect();
        Model {
            themes: themes.iter().map(|t| Cow::Owned((*t).to_string())).collect(),
            bias,
            names: kept.iter().map(|h| Cow::Owned(names.get(h).cloned().unwrap_or_default())).collect(),
            hashes: kept,
            weights,
        }
    }

    /// Each theme's score for a normalized text: log-odds, summed over its distinct features.
    pub fn scores(&self, normal: &[u8]) -> Vec<f32> {
        let n = self.themes.len();
        let mut s = self.bias.clone();
        let mut seen: Vec<u64> = Vec::new();
        each_feature(normal, |h, _| {
            if seen.contains(&h) {
                return;
            }
            seen.push(h);
            if let Ok(i) = self.hashes.binary_search(&h) {
                for (a, b) in s.iter_mut().zip(&self.weights[i * n..(i + 1) * n]) {
                    *a += b;
                }
            }
        });
        s
    }

    /// The features of `normal` that weigh most for theme `t` (its place in the model),
    /// heaviest first.
    pub fn reasons(&self, normal: &[u8], t: usize, top: usize) -> Vec<(String, f32)> {
        let n = self.themes.len();
        let mut out: Vec<(String, f32)> = Vec::new();
        each_feature(normal, |h, _| {
            if let Ok(i) = self.hashes.binary_search(&h) {
                let w = self.weights[i * n + t];
                if w > 0.0 && !out.iter().any(|(name, _)| *name == self.names[i]) {
                    out.push((self.names[i].to_string(), w));
                }
            }
        });
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out.truncate(top);
        out
    }

    /// The model as bytes: counts, theme ids, biases, then per feature its hash, weights and
    /// name (little-endian; names as length and UTF-8).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let put = |out: &mut Vec<u8>, s: &str| {
            out.extend((s.len() as u32).to_le_bytes());
            out.extend(s.as_bytes());
        };
        out.extend((self.themes.len() as u32).to_le_bytes());
        out.extend((self.hashes.len() as u32).to_le_bytes());
        for t in &self.themes {
            put(&mut out, t);
        }
        for b in &self.bias {
            out.extend(b.to_le_bytes());
        }
        for (i, h) in self.hashes.iter().enumerate() {
            out.extend(h.to_le_bytes());
            let n = self.themes.len();
            for w in &self.weights[i * n..(i + 1) * n] {
                out.extend(w.to_le_bytes());
            }
            put(&mut out, &self.names[i]);
        }
        out
    }

    /// A model from [`Model::to_bytes`]; names are borrowed. `None` for bytes that are not one.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Model> {
        let mut at = 0usize;
        let mut take = |len: usize| -> Option<&'static [u8]> {
            let s = bytes.get(at..at.checked_add(len)?)?;
            at += len;
            Some(s)
        };
        let u32_ = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let themes_n = u32_(take(4)?) as usize;
        let features = u32_(take(4)?) as usize;
        let mut m = Model::default();
        for _ in 0..themes_n {
            let len = u32_(take(4)?) as usize;
            m.themes.push(Cow::Borrowed(std::str::from_utf8(take(len)?).ok()?));
        }
        for _ in 0..themes_n {
            m.bias.push(f32::from_le_bytes(take(4)?.try_into().ok()?));
        }
        m.hashes.reserve(features);
        m.weights.reserve(features * themes_n);
        for _ in 0..features {
            m.hashes.push(u64::from_le_bytes(take(8)?.try_into().ok()?));
            for _ in 0..themes_n {
                m.weights.push(f32::from_le_bytes(take(4)?.try_into().ok()?));
            }
            let len = u32_(take(4)?) as usize;
            m.names.push(Cow::Borrowed(std::str::from_utf8(take(len)?).ok()?));
        }
        Some(m)
    }
}
