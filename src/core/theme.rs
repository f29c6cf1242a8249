//! Themes and classification (SPEC §4): which themes an entry touches, computed when reading
//! so that editing `themes.toml` re-classifies the whole journal.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::source::SourceError;
use super::text::{is_valid_id, tags_in, words};

/// One theme of the lexicon.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemes {
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    id: Spanned<String>,
    title: String,
    description: Option<String>,
    #[serde(default)]
    keywords: Vec<Spanned<String>>,
}

/// A keyword compiled for matching: lower-case words, the last one possibly a prefix.
#[derive(Debug, Clone)]
struct Keyword {
    theme: usize,
    words: Vec<String>,
    prefix: bool,
}

/// The themes in force: built-in ones, extended or overridden by the user's `themes.toml`.
#[derive(Debug, Clone, Default)]
pub struct Themes {
    themes: Vec<Theme>,
    keywords: Vec<Keyword>,
    /// Every keyword at once (one pass over the text instead of one per keyword), with the
    /// theme of each pattern.
    matcher: Option<(AhoCorasick, Vec<usize>)>,
}

/// Parses a `themes.toml` file. `file` names it in errors.
pub fn parse_themes(file: &str, text: &str) -> Result<Vec<Theme>, SourceError> {
    let raw: RawThemes = toml::from_str(text).map_err(|e| SourceError::from_toml(file, text, &e))?;
    let mut out: Vec<Theme> = Vec::new();
    for t in raw.theme {
        let id = t.id.get_ref();
        if !is_valid_id(id) {
            return Err(SourceError::at(
                file,
                text,
                t.id.span().start,
                format!("theme id `{id}` may only use a-z, 0-9 and `-`"),
            ));
        }
        if out.iter().any(|o| &o.id == id) {
            return Err(SourceError::at(file, text, t.id.span().start, format!("duplicate theme id `{id}`")));
        }
        let mut keywords = Vec::new();
        for k in t.keywords {
            if words(k.get_ref()).next().is_none() {
                return Err(SourceError::at(
                    file,
                    text,
                    k.span().start,
                    format!("keyword `{}` of theme `{id}` has no letters or digits", k.get_ref()),
                ));
            }
            keywords.push(k.into_inner());
        }
        out.push(Theme { id: id.clone(), title: t.title, description: t.description, keywords });
    }
    Ok(out)
}

#[cfg(test)]
impl Theme {
    /// A theme for tests: id, title and keywords.
    pub fn test(id: &str, title: &str, keywords: &[&str]) -> Theme {
        Theme {
            id: id.into(),
            title: title.into(),
            description: None,
            keywords: keywords.iter().map(|k| (*k).to_string()).collect(),
        }
    }
}

impl Themes {
    pub fn new(list: Vec<Theme>) -> Self {
        let mut themes = Themes { themes: Vec::new(), keywords: Vec::new(), matcher: None };
        themes.extend(list);
        themes
    }

    /// Adds themes, replacing any with the same id.
    pub fn extend(&mut self, list: Vec<Theme>) {
        for t in list {
            match self.themes.iter_mut().find(|o| o.id == t.id) {
                Some(slot) => *slot = t,
                None => self.themes.push(t),
            }
        }
        self.compile();
    }

    fn compile(&mut self) {
        self.keywords.clear();
        for (i, theme) in self.themes.iter().enumerate() {
            for k in &theme.keywords {
                let trimmed = k.trim();
                let prefix = trimmed.ends_with('*');
                let ws: Vec<String> = words(trimmed).map(str::to_lowercase).collect();
                if !ws.is_empty() {
                    self.keywords.push(Keyword { theme: i, words: ws, prefix });
                }
            }
        }
        // In text normalised to " word word ", a keyword is " w1 w2 " (whole words) or
        // " w1 w2" (a prefix of the last word).
        let patterns: Vec<String> = self
            .keywords
            .iter()
            .map(|k| format!(" {}{}", k.words.join(" "), if k.prefix { "" } else { " " }))
            .collect();
        let themes_of = self.keywords.iter().map(|k| k.theme).collect();
        self.matcher = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            // Every pattern starts with a space, so a prefilter would stop at every word.
            .prefilter(false)
            .build(&patterns)
            .ok()
            .map(|m| (m, themes_of));
    }

    /// Changes whenever classification could: a theme or keyword added, removed or changed.
    /// Kept digests (`journal::index`) are only trusted under the same fingerprint.
    pub fn fingerprint(&self) -> String {
        let bytes = self.themes.iter().flat_map(|t| {
            std::iter::once(&t.id)
                .chain(&t.keywords)
                .flat_map(|part| part.bytes().chain([0xff]))
                .chain([0xfe])
        });
        format!("{:016x}", super::text::fnv1a(bytes))
    }

    /// Where `id` stands in [`Themes::all`].
    pub fn position(&self, id: &str) -> Option<u16> {
        self.themes.iter().position(|t| t.id == id).and_then(|i| u16::try_from(i).ok())
    }

    pub fn all(&self) -> &[Theme] {
        &self.themes
    }

    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Comma-separated ids, for error messages.
    pub fn ids(&self) -> String {
        self.themes.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// Themes whose keywords occur in `text`: whole words, case-insensitive, `*` a prefix.
    pub fn keyword_themes(&self, text: &str, out: &mut BTreeSet<String>) {
        let mut found = vec![false; self.themes.len()];
        self.mark_keywords(text, &mut found);
        self.insert_marked(&found, out);
    }

    /// [`Themes::keyword_themes`], marking themes by position in `found`.
    pub fn mark_keywords(&self, text: &str, found: &mut [bool]) {
        let Some((matcher, themes_of)) = &self.matcher else { return };
        let normal = normalize(text);
        for m in matcher.find_overlapping_iter(&normal) {
            found[themes_of[m.pattern().as_usize()]] = true;
        }
    }

    /// [`Themes::tag_themes`], marking themes by position in `found`.
    pub fn mark_tags<'a>(&self, text: &str, tags: impl IntoIterator<Item = &'a str>, found: &mut [bool]) {
        let mut mark = |tag: &str| {
            if let Some(i) = self.themes.iter().position(|t| t.id == tag) {
                found[i] = true;
            }
        };
        tags_in(text).iter().for_each(|t| mark(t));
        tags.into_iter().for_each(&mut mark);
    }

    fn insert_marked(&self, found: &[bool], out: &mut BTreeSet<String>) {
        for (theme, _) in self.themes.iter().zip(found).filter(|(_, hit)| **hit) {
            out.insert(theme.id.clone());
        }
    }

    /// Every keyword hit in `text`: the theme and the words as they matched (lower-cased),
    /// for `summary --explain`.
    pub fn keyword_hits(&self, text: &str) -> Vec<(String, String)> {
        let tokens: Vec<String> = words(text).map(str::to_lowercase).collect();
        let mut out = Vec::new();
        for k in &self.keywords {
            for window in tokens.windows(k.words.len()) {
                if matches_at(window, k) {
                    out.push((self.themes[k.theme].id.clone(), window.join(" ")));
                }
            }
        }
        out
    }

    /// Themes named by `#tags` in `text` or listed in `tags`.
    pub fn tag_themes<'a>(
        &self,
        text: &str,
        tags: impl IntoIterator<Item = &'a String>,
        out: &mut BTreeSet<String>,
    ) {
        let mut found = vec![false; self.themes.len()];
        self.mark_tags(text, tags.into_iter().map(String::as_str), &mut found);
        self.insert_marked(&found, out);
    }
}

/// `text` as " word word word ": lower case, every run of other characters one space.
fn normalize(text: &str) -> Vec<u8> {
    // ASCII letters and digits, lower-cased; 0 for everything else in ASCII.
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
            // Written every time, kept when it is a letter or the first separator of a run:
            // no branch to mispredict on ordinary text.
            let w = WORD[usize::from(b)];
            out[n] = if w == 0 { b' ' } else { w };
            n += usize::from(w != 0 || !space);
            space = w == 0;
            i += 1;
            continue;
        }
        // A character of another script: lower-cased like `str::to_lowercase` does. Its
        // lower case may be longer ('İ' is "i̇"), so room is kept for the rest of the text.
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
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

/// Whether `window` (as long as the keyword) is the keyword.
fn matches_at(window: &[String], k: &Keyword) -> bool {
    let last = k.words.len() - 1;
    k.words
        .iter()
        .zip(window)
        .enumerate()
        .all(|(j, (w, token))| if k.prefix && j == last { token.starts_with(w.as_str()) } else { token == w })
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
            text in "[a-zA-Z0-9 ,.#'\n\t-]{0,80}|[ÉéİßΣσǅa\u{1E9E} -]{0,40}"
        ) {
            prop_assert_eq!(normalize(&text), normalize_slowly(&text));
        }
    }

    fn lexicon() -> Themes {
        Themes::new(
            parse_themes(
                "themes.toml",
                r#"
[[theme]]
id = "delegation"
title = "Delegation"
keywords = ["delegat*", "hand off", "neck up"]

[[theme]]
id = "trust"
title = "Trust"
keywords = ["trust*"]

[[theme]]
id = "roving-leaders"
title = "Roving leaders"
keywords = ["roving"]
"#,
            )
            .unwrap(),
        )
    }

    fn classify(text: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        lexicon().keyword_themes(text, &mut out);
        out.into_iter().collect()
    }

    #[test]
    fn prefix_keywords_match_word_starts() {
        assert_eq!(classify("I Delegated the review"), vec!["delegation"]);
        assert_eq!(classify("Trusting Sam"), vec!["trust"]);
    }

    #[test]
    fn keywords_match_whole_words_only() {
        assert!(classify("mistrust everywhere").is_empty());
        assert!(classify("the rovingly eager").is_empty());
        assert_eq!(classify("a ROVING helper"), vec!["roving-leaders"]);
    }

    #[test]
    fn multi_word_keywords_match_across_punctuation() {
        assert_eq!(classify("time to hand-off the deploy"), vec!["delegation"]);
        assert_eq!(classify("from the neck up."), vec!["delegation"]);
        assert!(classify("hand it off").is_empty());
    }

    #[test]
    fn keyword_hits_say_which_words_matched() {
        let hits =
            lexicon().keyword_hits("We delegated, then I handed it... no: hand-off Friday. Delegation!");
        assert_eq!(
            hits,
            vec![
                ("delegation".to_string(), "delegated".to_string()),
                ("delegation".to_string(), "delegation".to_string()),
                ("delegation".to_string(), "hand off".to_string()),
            ]
        );
    }

    #[test]
    fn tags_name_themes() {
        let mut out = BTreeSet::new();
        lexicon().tag_themes("noticed #roving-leaders and #lunch", &[], &mut out);
        assert_eq!(out.into_iter().collect::<Vec<_>>(), vec!["roving-leaders"]);
    }

    #[test]
    fn user_themes_override_by_id() {
        let mut themes = lexicon();
        themes.extend(vec![Theme::test("trust", "Trust", &["faith"])]);
        let mut out = BTreeSet::new();
        themes.keyword_themes("I trust them; faith in the team", &mut out);
        assert_eq!(out.into_iter().collect::<Vec<_>>(), vec!["trust"]);
        let mut out = BTreeSet::new();
        themes.keyword_themes("I trust them", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn duplicate_theme_ids_are_errors_with_a_line() {
        let err = parse_themes(
            "t.toml",
            "[[theme]]\nid = \"a\"\ntitle = \"A\"\n[[theme]]\nid = \"a\"\ntitle = \"B\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("duplicate theme id `a`"), "{err}");
    }

    #[test]
    fn unknown_theme_keys_are_errors() {
        let err = parse_themes("t.toml", "[[theme]]\nid = \"a\"\ntitle = \"A\"\ncolour = 1\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("unknown field `colour`"), "{err}");
    }
}
