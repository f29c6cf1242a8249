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

pub use super::naive_bayes::{normalize, tokens};

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
    "couldnt",
    "wouldnt",
    "cant",
    "cannot",
    "wont",
    "no longer",
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
];

/// One phrase, compiled.
#[derive(Debug, Clone)]
struct Phrase {
    /// The theme's position (`usize::MAX` for negations and intentions).
    theme: usize,
    role: Role,
    /// The phrase as written, for reasons.
    written: String,
    /// Runs of words; between two runs, up to [`GAP_WORDS`] words.
    segments: Vec<usize>,
}

/// One phrase found in a text: words `first..=last` of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub theme: usize,
    pub role: Role,
    /// The phrase as written in the lexicon.
    pub phrase: String,
    /// The words as they stand in the text (lower-cased, apostrophes dropped).
    pub words: String,
    pub first: usize,
    pub last: usize,
    /// A negation stands just before it.
    pub negated: bool,
    /// An intention stands just before it (and no negation).
    pub intended: bool,
}

impl Hit {
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

/// Every phrase of every theme, ready to scan texts with.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    phrases: Vec<Phrase>,
    /// Each distinct run of words, as a pattern (" word word " or " word prefix").
    patterns: Vec<String>,
    /// The patterns as an automaton that is quick to build (for a command that reads a few
    /// entries), and one quick to run, built once many texts have been scanned (for a
    /// command that reads the whole journal). Both find the same matches.
    quick_build: Option<AhoCorasick>,
    quick_run: Arc<OnceLock<Option<AhoCorasick>>>,
    scans: Arc<AtomicUsize>,
    /// For each pattern, the phrases it is a run of, and which run.
    segment_uses: Vec<Vec<(usize, usize)>>,
}

/// Phrases to compile: theme position, role, the phrase as written.
pub type PhraseList<'a> = Vec<(usize, Role, &'a str)>;

impl Lexicon {
    pub fn new(list: PhraseList<'_>) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut all: Vec<(usize, Role, &str)> = list;
        all.extend(NEGATIONS.iter().map(|n| (usize::MAX, Role::Negation, *n)));
        all.extend(INTENTIONS.iter().map(|n| (usize::MAX, Role::Intention, *n)));
        for (theme, role, written) in all {
            let Some(runs) = segments(written) else { continue };
            let index = lex.phrases.len();
            let mut segs = Vec::new();
            for (k, pattern) in runs.into_iter().enumerate() {
                let id = *ids.entry(pattern).or_insert_with_key(|pattern| {
                    patterns.push(pattern.clone());
                    lex.segment_uses.push(Vec::new());
                    patterns.len() - 1
                });
                lex.segment_uses[id].push((index, k));
                segs.push(id);
            }
            lex.phrases.push(Phrase { theme, role, written: written.trim().to_string(), segments: segs });
        }
        lex.quick_build = automaton(&patterns, AhoCorasickKind::NoncontiguousNFA);
        lex.patterns = patterns;
        lex
    }

    /// The automaton to scan with: the quick-to-run one after [`SCANS_BEFORE_DFA`] scans.
    fn matcher(&self) -> Option<&AhoCorasick> {
        if self.scans.fetch_add(1, Ordering::Relaxed) < SCANS_BEFORE_DFA {
            return self.quick_build.as_ref();
        }
        // A DFA that cannot be built (a lexicon too big for one) leaves the other automaton.
        self.quick_run
            .get_or_init(|| automaton(&self.patterns, AhoCorasickKind::DFA))
            .as_ref()
            .or(self.quick_build.as_ref())
    }

    /// Whether any theme phrase occurs in `text` at all (cheap: no positions worked out).
    pub fn themes_in(&self, text: &str, found: &mut [bool]) {
        for h in self.scan(text) {
            if matches!(h.role, Role::Keyword | Role::Missed | Role::Mention)
                && let Some(f) = found.get_mut(h.theme)
            {
                *f = true;
            }
        }
    }

    /// Every theme phrase found in `text` (keywords and missed phrases, not those inside a
    /// `not` phrase of their theme), in text order, with negation and intention judged.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let Some(matcher) = self.matcher() else { return Vec::new() };
        let normal = normalize(text);
        // (segment pattern, start byte, end byte)
        let mut raw: Vec<(usize, usize, usize)> = Vec::new();
        for m in matcher.find_overlapping_iter(&normal) {
            raw.push((m.pattern().as_usize(), m.start(), m.end()));
        }
        if raw.is_empty() {
            return Vec::new();
        }
        // Where each word starts, to turn bytes into word positions.
        let starts: Vec<usize> =
            memchr::memchr_iter(b' ', &normal).map(|i| i + 1).filter(|&i| i < normal.len()).collect();
        let word_at = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
        // Each segment hit as word positions: (first, last).
        let mut seg_hits: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.segment_uses.len()];
        for &(seg, start, end) in &raw {
            let first = word_at(start + 1);
            let last = word_at(end - 1).max(first);
            seg_hits[seg].push((first, last));
        }
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (phrase, first, last)
        let mut seen = vec![false; self.phrases.len()];
        for &(seg, _, _) in &raw {
            for &(p, k) in &self.segment_uses[seg] {
                if k != 0 || seen[p] {
                    continue;
                }
                seen[p] = true;
                let phrase = &self.phrases[p];
                for &(first, last) in &seg_hits[phrase.segments[0]] {
                    if let Some(end) = self.chain(phrase, 1, last, &seg_hits) {
                        found.push((p, first, end));
                    }
                }
            }
        }
        found.sort_by_key(|&(p, first, last)| (first, last, p));
        found.dedup();
        let nots: Vec<(usize, usize, usize)> = found
            .iter()
            .filter(|(p, ..)| self.phrases[*p].role == Role::Not)
            .map(|&(p, f, l)| (self.phrases[p].theme, f, l))
            .collect();
        let cues = |role: Role| -> Vec<(usize, usize)> {
            found.iter().filter(|(p, ..)| self.phrases[*p].role == role).map(|&(_, f, l)| (f, l)).collect()
        };
        let (negations, intentions) = (cues(Role::Negation), cues(Role::Intention));
        // A cue reaches a phrase when it ends at most CUE_REACH words before it starts, and
        // is not part of it ("didn't ask" as a phrase is not negated by its own "didn't").
        let reaches = |cues: &[(usize, usize)], first: usize| {
            cues.iter().any(|&(_, l)| l < first && first - l <= CUE_REACH)
        };
        let words: Vec<&str> = std::str::from_utf8(&normal).unwrap_or("").split(' ').collect();
        let mut out = Vec::new();
        for &(p, first, last) in &found {
            let phrase = &self.phrases[p];
            if !matches!(phrase.role, Role::Keyword | Role::Missed | Role::Mention) {
                continue;
            }
            if nots.iter().any(|&(t, f, l)| t == phrase.theme && f <= first && last <= l) {
                continue;
            }
            let negated = reaches(&negations, first);
            out.push(Hit {
                theme: phrase.theme,
                role: phrase.role,
                phrase: phrase.written.clone(),
                words: words.get(first + 1..=last + 1).map(|w| w.join(" ")).unwrap_or_default(),
                first,
                last,
                negated,
                intended: !negated && reaches(&intentions, first),
            });
        }
        // A phrase inside a longer one of the same theme and role says nothing more ("end to
        // end" inside "own the plan end to end").
        let covered = |i: usize, h: &Hit| {
            out.iter().enumerate().any(|(k, o)| {
                k != i
                    && o.theme == h.theme
                    && o.role == h.role
                    && o.first <= h.first
                    && h.last <= o.last
                    && (o.last - o.first > h.last - h.first || k < i)
            })
        };
        let keep: Vec<bool> = out.iter().enumerate().map(|(i, h)| !covered(i, h)).collect();
        let mut keep = keep.into_iter();
        out.retain(|_| keep.next().unwrap_or(true));
        out
    }

    /// The last word of the phrase's segments `k..` chained after a segment ending at `prev`.
    fn chain(&self, phrase: &Phrase, k: usize, prev: usize, hits: &[Vec<(usize, usize)>]) -> Option<usize> {
        let Some(&seg) = phrase.segments.get(k) else { return Some(prev) };
        hits[seg]
            .iter()
            .filter(|&&(first, _)| first > prev && first - prev - 1 <= GAP_WORDS)
            .find_map(|&(_, last)| self.chain(phrase, k + 1, last, hits))
    }
}

/// Scans after which a DFA (some milliseconds to build, several times quicker to run) pays.
const SCANS_BEFORE_DFA: usize = 2000;

fn automaton(patterns: &[String], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .kind(Some(kind))
        // Every pattern starts with a space, so a prefilter would stop at every word.
        .prefilter(false)
        .build(patterns)
        .ok()
}

/// A phrase as patterns over normalized text, one per run of words between `...` gaps; `None`
/// when it has no words.
fn segments(written: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for run in written.replace('…', "...").split("...") {
        let run = run.trim();
        let prefix = run.ends_with('*');
        let normal = normalize(run);
        let text = std::str::from_utf8(&normal).ok()?.trim();
        if text.is_empty() {
            continue;
        }
        out.push(format!(" {text}{}", if prefix { "" } else { " " }));
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

        /// The automaton quick to build and the one quick to run find the same phrases.
        #[test]
        fn both_automata_find_the_same(
            text in "((did|took|the|demo|back|handed|it|over|product|owner|owners|trust|hovered|myself|didnt|need|to|x|#)[ ,.'!]{1,2}){0,40}"
        ) {
            let quick_build = lexicon();
            let quick_run = lexicon();
            quick_run.scans.store(SCANS_BEFORE_DFA, Ordering::Relaxed);
            prop_assert_eq!(quick_build.scan(&text), quick_run.scan(&text));
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
        lexicon().scan(text).into_iter().map(|h| (h.theme, h.stance(), h.words)).collect()
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
    fn negation_turns_the_stance_and_intention_clears_it() {
        assert_eq!(found("I didn't trust her with it")[0].1, Some(Stance::Missed));
        assert_eq!(found("I didnt trust her")[0].1, Some(Stance::Missed));
        assert_eq!(found("need to delegate more")[0].1, None);
        assert_eq!(found("should have delegated it")[0].1, Some(Stance::Missed));
        assert_eq!(found("trusted Sam")[0].1, Some(Stance::Did));
        assert_eq!(found("hovered over the migration")[0].1, Some(Stance::Missed));
    }

    #[test]
    fn prefixes_and_whole_words() {
        assert_eq!(found("mistrust").len(), 0);
        assert_eq!(found("Delegation!")[0].2, "delegation");
        assert_eq!(found("did the release notes myself again")[0].1, Some(Stance::Missed));
    }
}
