//! The phrase matcher behind themes and stances: every phrase of every theme, found in one
//! pass over a text, with where it stands (in words) so negation and gaps can be judged.
//!
//! A phrase is words, matched whole and in any case; a last word ending in `*` matches any
//! word it begins; `...` (or `…`) stands for up to four words of anything. Apostrophes are
//! dropped before matching, so `didn't` and `didnt` are the same word.
//!
//! Classification, `--explain` and `show` all go through [`Lexicon::scan`], so what a report
//! counts and what it says it counted cannot disagree.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::naive_bayes::fnv1a;
pub use super::naive_bayes::{SENTENCE_END, normalize, tokens};

/// A map keyed by a word's FNV hash.
type ByHash<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// A hasher for keys that are already hashes.
#[derive(Debug, Default, Clone, Copy)]
pub struct PassThrough(u64);
impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(bytes.iter().copied());
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// How many words `...` may stand for ("sorted the annual leave clash myself").
pub const GAP_WORDS: usize = 4;
/// How many words before a phrase a negation (or an intention) reaches.
const CUE_REACH: usize = 3;

/// What a phrase says when it is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The text is about the theme, and (unless negated) the lead did it.
    Keyword,
    /// The text is about the theme, and the lead did the opposite ("took it back").
    Missed,
    /// The text is about the theme, and says nothing of which way it went ("scared").
    Mention,
    /// A keyword inside this phrase means something else ("product owner").
    Not,
    /// Turns the stance of the phrase after it ("didn't", "instead of").
    Negation,
    /// Says the phrase after it has not happened yet ("need to", "next time").
    Intention,
}

/// Which way a text says it went, for themes with a stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Did,
    Missed,
}

/// Words that turn a stance: what follows them did not happen, or happened the other way.
/// Grammar rather than a theme's vocabulary, so they live here and not in `themes.toml`.
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "didnt",
    "dont",
    "doesnt",
    "wasnt",
    "werent",
    "havent",
    "hasnt",
    "hadnt",
    "isnt",
    "arent",
    "couldnt",
    "wouldnt",
    "cant",
    "cannot",
    "wont",
    "no longer",
    "no more",
    "stopped",
    "quit",
    "without",
    "instead of",
    "rather than",
    "forgot to",
    "failed to",
    "should have",
    "shouldve",
    "could have",
    "couldve",
    "would have",
    "wouldve",
    "meant to",
    "wish i had",
    "wish id",
    "too scared to",
    "too afraid to",
    "afraid to",
    "scared to",
    "stopped myself from",
    "resisted",
    "avoided",
    "hardly",
    "barely",
    "nobody",
    "no one",
];

/// Words that say what follows is a plan, not something that happened.
const INTENTIONS: &[&str] = &[
    "need to",
    "needs to",
    "have to",
    "has to",
    "should",
    "going to",
    "gonna",
    "will",
    "want to",
    "wanna",
    "plan to",
    "planning to",
    "try to",
    "trying to",
    "next time",
    "must",
    "hope to",
    "ill",
    "lets",
    "tomorrow",
    "how do i",
    "how to",
    "how can i",
    "maybe",
    "wanted to",
    "planned to",
    "hoping to",
];

/// One phrase, compiled.
#[derive(Debug, Clone)]
struct Phrase {
    /// The theme's position (`usize::MAX` for negations and intentions).
    theme: usize,
    role: Role,
    /// The phrase as written, for reasons.
    written: String,
    /// The runs after it, each after up to [`GAP_WORDS`] words: checked against the words that
    /// follow a match of the first run, not searched for (a run like "to" would match
    /// everywhere).
    rest: Vec<Run>,
}

/// A run of words after a gap: whole words, the last one possibly a prefix.
#[derive(Debug, Clone)]
struct Run {
    words: Vec<String>,
    prefix: bool,
}

/// One phrase found in a text: words `first..=last` of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a> {
    pub theme: usize,
    pub role: Role,
    /// The phrase as written in the lexicon.
    pub phrase: &'a str,
    /// Where the words stand in the scanned text, as bytes of [`Scan::normal`].
    pub span: (usize, usize),
    pub first: usize,
    pub last: usize,
    /// A negation stands just before it.
    pub negated: bool,
    /// An intention stands just before it (and no negation).
    pub intended: bool,
}

impl Hit<'_> {
    /// What the hit says about its theme's stance.
    pub fn stance(&self) -> Option<Stance> {
        match (self.role, self.negated, self.intended) {
            (Role::Keyword, false, false) => Some(Stance::Did),
            (Role::Keyword, true, _) | (Role::Missed, false, _) => Some(Stance::Missed),
            (Role::Missed, true, _) => Some(Stance::Did),
            _ => None,
        }
    }
}

/// What a scan found, and the text as it was matched.
#[derive(Debug, Clone, Default)]
pub struct Scan<'a> {
    /// The text normalized (see [`normalize`]).
    pub normal: Vec<u8>,
    pub hits: Vec<Hit<'a>>,
}

impl Scan<'_> {
    /// The words of a hit as they stand in the text (lower-cased, apostrophes dropped).
    pub fn words(&self, h: &Hit<'_>) -> &str {
        std::str::from_utf8(self.normal.get(h.span.0..h.span.1).unwrap_or_default()).unwrap_or("").trim()
    }
}

/// Every phrase of every theme, ready to scan texts with.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    phrases: Vec<Phrase>,
    /// Each distinct run of words, as a pattern (" word word " or " word prefix").
    patterns: Vec<String>,
    /// Each pattern's words, and whether its last word is whole (not a prefix).
    pattern_words: Vec<(Vec<Vec<u8>>, bool)>,
    /// The patterns by their first word, for a word-by-word look that costs nothing to set up
    /// (a command that reads a few entries); and an automaton, quick to run but some
    /// milliseconds to build, built once many texts have been scanned (a command that reads
    /// the whole journal). Both find the same matches (a test holds them to it).
    by_first_word: ByHash<Vec<usize>>,
    /// Patterns of one word that is a prefix ("delegat*"), as (prefix, pattern), by the hash
    /// of their first three bytes (shorter ones under the hash of all they have).
    prefixes: ByHash<Vec<(Vec<u8>, usize)>>,
    /// The lengths of the shortest prefixes, when shorter than three bytes.
    short_prefixes: Vec<usize>,
    automaton: Arc<OnceLock<Option<AhoCorasick>>>,
    scans: Arc<AtomicUsize>,
    /// For each pattern, the phrases it is a run of, and which run.
    segment_uses: Vec<Vec<usize>>,
    /// Negations and intentions by their last word: looked for just before a phrase found,
    /// not searched for everywhere ("not" and "will" are in every other sentence).
    cues: ByHash<Vec<(Role, Vec<Vec<u8>>)>>,
}

/// Phrases to compile: theme position, role, the phrase as written.
pub type PhraseList<'a> = Vec<(usize, Role, &'a str)>;

impl Lexicon {
    pub fn new(list: PhraseList<'_>) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let all: Vec<(usize, Role, &str)> = list;
        for (role, list) in [(Role::Negation, NEGATIONS), (Role::Intention, INTENTIONS)] {
            for cue in list {
                let words: Vec<Vec<u8>> =
                    cue.split(' ').filter(|w| !w.is_empty()).map(|w| w.as_bytes().to_vec()).collect();
                if let Some(last) = words.last() {
                    lex.cues.entry(fnv1a(last.iter().copied())).or_default().push((role, words));
                }
            }
        }
        for (theme, role, written) in all {
            let Some(runs) = segments(written) else { continue };
            let index = lex.phrases.len();
            let mut runs = runs.into_iter();
            let Some(first) = runs.next() else { continue };
            let id = *ids.entry(first).or_insert_with_key(|pattern| {
                patterns.push(pattern.clone());
                lex.segment_uses.push(Vec::new());
                patterns.len() - 1
            });
            lex.segment_uses[id].push(index);
            let rest = runs
                .map(|pattern| {
                    let prefix = !pattern.ends_with(' ');
                    let words: Vec<String> =
                        pattern.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
                    Run { words, prefix }
                })
                .collect();
            lex.phrases.push(Phrase { theme, role, written: written.trim().to_string(), rest });
        }
        for pattern in &patterns {
            let words = pattern.split(' ').filter(|w| !w.is_empty()).map(|w| w.as_bytes().to_vec()).collect();
            lex.pattern_words.push((words, pattern.ends_with(' ')));
        }
        for (id, pattern) in patterns.iter().enumerate() {
            let words: Vec<&str> = pattern.split(' ').filter(|w| !w.is_empty()).collect();
            if words.len() == 1 && !pattern.ends_with(' ') {
                let p = words[0].as_bytes();
                let key = &p[..p.len().min(PREFIX_KEY)];
                if key.len() < PREFIX_KEY && !lex.short_prefixes.contains(&key.len()) {
                    lex.short_prefixes.push(key.len());
                }
                lex.prefixes.entry(fnv1a(key.iter().copied())).or_default().push((p.to_vec(), id));
            } else if let Some(first) = words.first() {
                lex.by_first_word.entry(fnv1a(first.bytes())).or_default().push(id);
            }
        }
        lex.patterns = patterns;
        lex
    }

    /// The automaton, once [`SCANS_BEFORE_DFA`] texts have been scanned; `None` before (and
    /// if one cannot be built, for a lexicon too big for it).
    fn automaton(&self) -> Option<&AhoCorasick> {
        if self.scans.fetch_add(1, Ordering::Relaxed) < SCANS_BEFORE_DFA {
            return None;
        }
        self.automaton.get_or_init(|| automaton(&self.patterns, AhoCorasickKind::DFA)).as_ref()
    }

    /// Every pattern match in the text as (pattern, first word, last word), by word position
    /// in `words`.
    fn matches(&self, words: &Words<'_>) -> Vec<(usize, usize, usize)> {
        match self.automaton() {
            Some(ac) => matches_by_automaton(ac, words),
            None => self.matches_by_word(words),
        }
    }

    /// [`Lexicon::matches`], word by word: each word looked up by its hash, and against the
    /// one-word prefixes.
    fn matches_by_word(&self, words: &Words<'_>) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for i in 0..words.len() {
            let w = words.word(i);
            let keys = std::iter::once(PREFIX_KEY).chain(self.short_prefixes.iter().copied());
            for len in keys.filter(|&len| len <= w.len()) {
                let Some(list) = self.prefixes.get(&fnv1a(w[..len].iter().copied())) else { continue };
                for (prefix, id) in list {
                    if w.starts_with(prefix) && (prefix.len() >= PREFIX_KEY || len == prefix.len()) {
                        out.push((*id, i, i));
                    }
                }
            }
            let Some(ids) = self.by_first_word.get(&fnv1a(w.iter().copied())) else { continue };
            for &id in ids {
                let (want, whole) = &self.pattern_words[id];
                let n = want.len();
                if i + n > words.len() {
                    continue;
                }
                let fits = want.iter().enumerate().all(|(k, p)| {
                    let got = words.word(i + k);
                    if k == n - 1 && !*whole { begins(got, p) } else { same(got, p) }
                });
                if fits {
                    out.push((id, i, i + n - 1));
                }
            }
        }
        out
    }

    /// Every theme phrase found in `text` (keywords, missed phrases and mentions, not those
    /// touching a `not` phrase of their theme: "the story" in "the story points"), in text
    /// order, with negation and intention judged. Costs one pass of the automaton; the rest
    /// grows with the hits, not the text or the lexicon.
    pub fn scan(&self, text: &str) -> Scan<'_> {
        let normal = normalize(text);
        let hits = self.hits(&Words::new(&normal));
        Scan { normal, hits }
    }

    fn hits(&self, words: &Words<'_>) -> Vec<Hit<'_>> {
        let raw = self.matches(words);
        if raw.is_empty() {
            return Vec::new();
        }
        // Each phrase whose first run matched, followed by its other runs.
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (phrase, first word, last word)
        for &(seg, first, last) in &raw {
            // The words a later run may stand in, worked out once for all phrases that go on.
            let mut ahead = None;
            for &p in &self.segment_uses[seg] {
                let phrase = &self.phrases[p];
                if phrase.rest.is_empty() {
                    found.push((p, first, last));
                    continue;
                }
                let ahead = *ahead.get_or_insert_with(|| words.ahead(last + 1));
                if let Some(more) = words.follow(ahead, &phrase.rest) {
                    found.push((p, first, last + more));
                }
            }
        }
        found.sort_unstable_by_key(|&(p, first, last)| (first, last, p));
        found.dedup();
        let role = |p: usize| self.phrases[p].role;
        let nots: Vec<(usize, usize, usize)> = found
            .iter()
            .filter(|&&(p, ..)| role(p) == Role::Not)
            .map(|&(p, f, l, ..)| (self.phrases[p].theme, f, l))
            .collect();
        let mut out: Vec<Hit<'_>> = Vec::new();
        for &(p, first, last) in &found {
            let phrase = &self.phrases[p];
            if !matches!(phrase.role, Role::Keyword | Role::Missed | Role::Mention) {
                continue;
            }
            if nots.iter().any(|&(t, f, l)| t == phrase.theme && f <= last && first <= l) {
                continue;
            }
            let (negated, intended) = self.cues_before(words, first);
            out.push(Hit {
                theme: phrase.theme,
                role: phrase.role,
                phrase: &phrase.written,
                span: words.span(first, last),
                first,
                last,
                negated,
                intended: !negated && intended,
            });
        }
        // A phrase inside a longer one of the same theme and role says nothing more ("end to
        // end" inside "own the plan end to end"); of two over the same words, the first stays.
        // By theme and role, then start, longest first: a hit is inside one before it when
        // the furthest end so far reaches its end.
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&i| {
            let h = &out[i];
            (h.theme, h.role, h.first, std::cmp::Reverse(h.last), i)
        });
        let mut keep = vec![true; out.len()];
        let mut reach: Option<(usize, Role, usize)> = None;
        for &i in &order {
            let h = &out[i];
            match reach {
                Some((t, r, last)) if t == h.theme && r == h.role => {
                    if last >= h.last {
                        keep[i] = false;
                    } else {
                        reach = Some((t, r, h.last));
                    }
                }
                _ => reach = Some((h.theme, h.role, h.last)),
            }
        }
        let mut keep = keep.into_iter();
        out.retain(|_| keep.next().unwrap_or(true));
        out
    }
}

impl Lexicon {
    /// Whether a negation, and whether an intention, ends in the [`CUE_REACH`] words before
    /// word `first` (in its sentence).
    fn cues_before(&self, words: &Words<'_>, first: usize) -> (bool, bool) {
        if self.cues.is_empty() {
            return (false, false);
        }
        // Up to CUE_REACH + 3 words before, nearest first: a cue is at most four words.
        let mut before: [usize; CUE_REACH + 3] = [0; CUE_REACH + 3];
        let mut n = 0;
        for i in (0..first).rev() {
            if n == before.len() || words.word(i) == [SENTENCE_END] {
                break;
            }
            before[n] = i;
            n += 1;
        }
        let (mut negated, mut intended) = (false, false);
        for at in 0..CUE_REACH.min(n) {
            let Some(cues) = self.cues.get(&fnv1a(words.word(before[at]).iter().copied())) else { continue };
            for (role, cue) in cues {
                // The cue's words, last first, against the words before, nearest first.
                let fits = cue.len() <= n - at
                    && cue.iter().rev().zip(&before[at..n]).all(|(want, &got)| same(want, words.word(got)));
                match role {
                    Role::Negation => negated |= fits,
                    _ => intended |= fits,
                }
            }
        }
        (negated, intended)
    }
}

/// The words of a normalized text (the sentence ends `|` among them): where each stands,
/// found once per scan and shared by matching, later runs and cues.
struct Words<'n> {
    normal: &'n [u8],
    at: Vec<(usize, usize)>,
}

impl<'n> Words<'n> {
    fn new(normal: &'n [u8]) -> Words<'n> {
        let mut at = Vec::with_capacity(normal.len() / 6);
        let mut i = 0;
        while i < normal.len() {
            let len = memchr::memchr(b' ', &normal[i..]).unwrap_or(normal.len() - i);
            if len > 0 {
                at.push((i, i + len));
            }
            i += len + 1;
        }
        Words { normal, at }
    }

    fn len(&self) -> usize {
        self.at.len()
    }

    fn word(&self, i: usize) -> &'n [u8] {
        let (from, to) = self.at[i];
        &self.normal[from..to]
    }

    /// Words `first..=last` as bytes of the text, from the space before to the space after.
    fn span(&self, first: usize, last: usize) -> (usize, usize) {
        (self.at[first].0.saturating_sub(1), (self.at[last].1 + 1).min(self.normal.len()))
    }

    /// The words from `from` on that a phrase's later runs may stand in: to the end of the
    /// sentence, at most [`AHEAD`].
    fn ahead(&self, from: usize) -> (usize, usize) {
        let mut end = from;
        while end < self.len() && end - from < AHEAD && self.word(end) != [SENTENCE_END] {
            end += 1;
        }
        (from, end)
    }

    /// Whether `runs` follow in words `from..end` (see [`Words::ahead`]), each after up to
    /// [`GAP_WORDS`] words: how many words they and their gaps take.
    fn follow(&self, (from, end): (usize, usize), runs: &[Run]) -> Option<usize> {
        let stands_at = |run: &Run, i: usize| {
            if i >= end {
                return false;
            }
            run.words.iter().enumerate().all(|(k, want)| {
                i + k < end && {
                    let got = self.word(i + k);
                    if run.prefix && k == run.words.len() - 1 {
                        begins(got, want.as_bytes())
                    } else {
                        same(got, want.as_bytes())
                    }
                }
            })
        };
        let mut i = from;
        for run in runs {
            let skip = (0..=GAP_WORDS).find(|&g| stands_at(run, i + g))?;
            i += skip + run.words.len();
        }
        Some(i - from)
    }
}

/// Whether two words are the same: most differ in length or first letter, and are told apart
/// without a call to compare bytes.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// Whether `word` begins with `prefix` (see [`same`]).
#[inline]
fn begins(word: &[u8], prefix: &[u8]) -> bool {
    word.len() >= prefix.len() && word.first() == prefix.first() && word.starts_with(prefix)
}

/// How far ahead a phrase's later runs may stand (runs and gaps together).
const AHEAD: usize = 16;

/// How many first bytes of a one-word prefix key it (see [`Lexicon::matches_by_word`]).
const PREFIX_KEY: usize = 3;

/// Scans after which the automaton (some milliseconds to build, quicker on long texts) pays.
const SCANS_BEFORE_DFA: usize = 300;

/// [`Lexicon::matches`] by the automaton.
fn matches_by_automaton(ac: &AhoCorasick, words: &Words<'_>) -> Vec<(usize, usize, usize)> {
    // The word that holds byte `b` (or the first after it).
    let word_at = |b: usize| words.at.partition_point(|&(_, end)| end <= b);
    ac.find_overlapping_iter(words.normal)
        .map(|m| {
            // A match starts at the space before its first word; the last letter matched (a
            // pattern has at least one) is in the last word.
            let first = word_at(m.start() + 1);
            let last = word_at(m.end().saturating_sub(2).max(m.start() + 1)).max(first);
            (m.pattern().as_usize(), first, last)
        })
        .collect()
}

fn automaton(patterns: &[String], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .kind(Some(kind))
        // Every pattern starts with a space, so a prefilter would stop at every word.
        .prefilter(false)
        .build(patterns)
        .ok()
}

/// A phrase's runs of words between its `...` (or `…`) gaps, each trimmed, empty ones kept
/// (so a check can tell a phrase that starts or ends with a gap).
pub fn gap_runs(phrase: &str) -> Vec<&str> {
    // Both spellings of a gap are three bytes.
    let bytes = phrase.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i + 3 <= bytes.len() {
        if &bytes[i..i + 3] == b"..." || &bytes[i..i + 3] == "…".as_bytes() {
            out.push(phrase[start..i].trim());
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(phrase[start..].trim());
    out
}

/// A phrase as patterns over normalized text, one per run of words between `...` gaps; `None`
/// when it has no words.
fn segments(written: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for run in gap_runs(written) {
        let prefix = run.ends_with('*');
        let normal = normalize(run);
        let text = std::str::from_utf8(&normal).ok()?.trim();
        if text.is_empty() {
            continue;
        }
        let mut pattern = String::with_capacity(text.len() + 2);
        pattern.push(' ');
        pattern.push_str(text);
        if !prefix {
            pattern.push(' ');
        }
        out.push(pattern);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `normalize` as first written, character by character: the fast one must agree.
    fn normalize_slowly(text: &str) -> Vec<u8> {
        let mut out = String::from(" ");
        let mut space = true;
        for c in text.chars() {
            if c == '\'' || c == '’' {
                continue;
            }
            if ".!?;\n".contains(c) {
                if !out.ends_with(" | ") {
                    if !space {
                        out.push(' ');
                    }
                    out.push_str("| ");
                    space = true;
                }
                continue;
            }
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
        if !space {
            out.push(' ');
        }
        out.into_bytes()
    }

    proptest! {
        #[test]
        fn normalising_fast_agrees_with_the_plain_way(text in "(?s).{0,200}") {
            prop_assert_eq!(normalize(&text), normalize_slowly(&text));
        }

        #[test]
        fn normalising_fast_agrees_on_words_and_odd_letters(
            text in "[a-zA-Z0-9 ,.#'’\n\t-]{0,80}|[ÉéİßΣσǅa\u{1E9E} '-]{0,40}"
        ) {
            prop_assert_eq!(normalize(&text), normalize_slowly(&text));
        }

        #[test]
        fn scanning_never_panics(text in "(?s).{0,300}") {
            let _ = lexicon().scan(&text);
        }

        /// The word-by-word look and the automaton find the same phrases.
        #[test]
        fn both_matchers_find_the_same(
            text in "((did|took|the|demo|back|handed|it|over|product|owner|owners|trust|hovered|myself|didnt|need|to|x|#)[ ,.'!]{1,2}){0,40}"
        ) {
            let by_word = lexicon();
            let by_automaton = lexicon();
            by_automaton.scans.store(SCANS_BEFORE_DFA, Ordering::Relaxed);
            let normal = normalize(&text);
            let words = Words::new(&normal);
            let mut a = by_word.matches_by_word(&words);
            let mut b = matches_by_automaton(by_automaton.automaton().unwrap(), &words);
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(a, b);
            prop_assert_eq!(by_word.scan(&text).hits, by_automaton.scan(&text).hits);
        }
    }

    fn lexicon() -> Lexicon {
        Lexicon::new(vec![
            (0, Role::Keyword, "delegat*"),
            (0, Role::Keyword, "handed ... over"),
            (0, Role::Keyword, "owner*"),
            (0, Role::Not, "product owner*"),
            (0, Role::Missed, "took ... back"),
            (0, Role::Missed, "did ... myself"),
            (1, Role::Keyword, "trust*"),
            (1, Role::Missed, "hovered"),
        ])
    }

    fn found(text: &str) -> Vec<(usize, Option<Stance>, String)> {
        let lex = lexicon();
        let scan = lex.scan(text);
        scan.hits.iter().map(|h| (h.theme, h.stance(), scan.words(h).to_string())).collect()
    }

    #[test]
    fn gaps_take_up_to_four_words() {
        assert_eq!(
            found("Handed the rota over"),
            vec![(0, Some(Stance::Did), "handed the rota over".into())]
        );
        assert_eq!(found("handed it over"), vec![(0, Some(Stance::Did), "handed it over".into())]);
        assert_eq!(found("handed one two three four over").len(), 1);
        assert!(found("handed one two three four five over").is_empty());
        assert_eq!(
            found("Took the sprint demo back off Wei"),
            vec![(0, Some(Stance::Missed), "took the sprint demo back".into())]
        );
    }

    #[test]
    fn not_phrases_hide_keywords_inside_them() {
        assert!(found("sync with the product owner moved").is_empty());
        assert_eq!(found("Ana is owner now").len(), 1);
    }

    #[test]
    fn not_phrases_hide_keywords_they_overlap() {
        let lex = Lexicon::new(vec![(0, Role::Keyword, "the story"), (0, Role::Not, "story points")]);
        assert!(lex.scan("The story points for the epic are way off").hits.is_empty());
        assert_eq!(lex.scan("told the story of next year").hits.len(), 1);
    }

    #[test]
    fn negation_turns_the_stance_and_intention_clears_it() {
        assert_eq!(found("I didn't trust her with it")[0].1, Some(Stance::Missed));
        assert_eq!(found("I didnt trust her")[0].1, Some(Stance::Missed));
        // A negation ends with its sentence.
        assert_eq!(found("Didn't sleep. Trusted Jo all day.")[0].1, Some(Stance::Did));
        assert_eq!(found("didn't sleep\ntrusted Jo")[0].1, Some(Stance::Did));
        assert_eq!(found("need to delegate more")[0].1, None);
        assert_eq!(found("should have delegated it")[0].1, Some(Stance::Missed));
        assert_eq!(found("trusted Sam")[0].1, Some(Stance::Did));
        assert_eq!(found("hovered over the migration")[0].1, Some(Stance::Missed));
    }

    /// On every built-in phrase and every labelled note, the word-by-word look and the
    /// automaton agree.
    #[test]
    fn both_matchers_agree_on_the_built_in_lexicon_and_the_corpus() {
        use crate::core::builtin::{THEMES, label};
        let themes = crate::core::theme::parse_themes(&label(THEMES.0), THEMES.1).unwrap();
        let mut list: PhraseList<'_> = Vec::new();
        for (i, t) in themes.iter().enumerate() {
            list.extend(t.keywords.iter().map(|k| (i, Role::Keyword, k.as_str())));
            list.extend(t.missed_keywords.iter().map(|k| (i, Role::Missed, k.as_str())));
            list.extend(t.mentions.iter().map(|k| (i, Role::Mention, k.as_str())));
            list.extend(t.not_keywords.iter().map(|k| (i, Role::Not, k.as_str())));
        }
        let lex = Lexicon::new(list);
        lex.scans.store(SCANS_BEFORE_DFA, Ordering::Relaxed);
        let ac = lex.automaton().unwrap();
        for note in crate::core::model::corpus() {
            let normal = normalize(&note.text);
            let words = Words::new(&normal);
            let mut a = lex.matches_by_word(&words);
            let mut b = matches_by_automaton(ac, &words);
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "{}", note.text);
        }
    }

    #[test]
    fn gaps_split_runs_in_either_spelling() {
        assert_eq!(gap_runs("handed ... over"), ["handed", "over"]);
        assert_eq!(gap_runs("took…back ... off"), ["took", "back", "off"]);
        assert_eq!(gap_runs("... over"), ["", "over"]);
        assert_eq!(gap_runs("over ..."), ["over", ""]);
        assert_eq!(gap_runs("a....b"), ["a", ".b"]);
        assert_eq!(gap_runs("plain words"), ["plain words"]);
        assert_eq!(gap_runs(""), [""]);
    }

    #[test]
    fn prefixes_and_whole_words() {
        assert_eq!(found("mistrust").len(), 0);
        assert_eq!(found("Delegation!")[0].2, "delegation");
        assert_eq!(found("did the release notes myself again")[0].1, Some(Stance::Missed));
    }
}
