//! Small text helpers shared by classification, listing and packs, and the one function that
//! makes untrusted text safe to print on a terminal ([`safe`]).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Words of `text`: runs of letters and digits (so `hand-off` is two words).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// `#tags` in `text`, lower-cased, without the `#`. A tag starts after whitespace, an opening
/// bracket or the start of the text (so `C#` and `page#anchor` are not tags) and is made of
/// letters, digits, `-` and `_`.
pub fn tags_in(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    // `#` is ASCII, so each one found stands at a character boundary.
    for i in memchr::memchr_iter(b'#', text.as_bytes()) {
        let prev = text[..i].chars().next_back();
        if !prev.is_none_or(|p| p.is_whitespace() || "([{\"'".contains(p)) {
            continue;
        }
        let rest = &text[i + 1..];
        let len =
            rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '_')).unwrap_or(rest.len());
        let tag = rest[..len].trim_end_matches(['-', '_']);
        if tag.chars().next().is_some_and(char::is_alphanumeric) {
            let tag = tag.to_lowercase();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// Ids of packs, prompts and themes: `[a-z0-9-]+`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The candidate `input` most likely meant, for "did you mean …?": one it starts (`roving` →
/// `roving-leaders`), else the nearest by edit distance if that is close (a typo or two).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    let input = input.trim().to_lowercase();
    if input.is_empty() {
        return None;
    }
    if let Some(c) =
        candidates.clone().into_iter().find(|c| input.len() >= 3 && c.starts_with(input.as_str()))
    {
        return Some(c);
    }
    let limit = match input.chars().count() {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|c| (edit_distance(&input, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between `a` and `b`, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The text collapsed to one line (for one-line listings).
/// `text` with case set aside, for searching: lower-cased, and the letters that have more
/// than one lower case (final sigma, long s, sharp s) written one way, so `σσ` finds `ΣΣ`
/// (which lower-cases to `σς`), `sun` finds `ſun` and `strasse` finds `Straße`.
pub fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub use super::naive_bayes::fnv1a;

/// What [`safe`] does with a character that a terminal would act on instead of showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsafe {
    /// A C0 control (U+0000–U+001F) or DEL: shown in caret notation, `^[` for ESC, `^G` for
    /// BEL, `^?` for DEL (as `cat -v`, `less` and git show them).
    Caret(u8),
    /// A C1 control (U+0080–U+009F, which some terminals obey like `ESC x`) or a bidi
    /// embedding, override or isolate (U+202A–U+202E, U+2066–U+2069: "Trojan Source" text
    /// that reads differently from what it is): shown as `<U+202E>`.
    Code(char),
}

/// Whether `c` is a bidi embedding, override or isolate. The marks U+200E, U+200F and U+061C
/// are left alone: Hebrew and Arabic text uses them, and a mark reorders nothing beyond itself.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How `c` must be shown, or `None` when it may be printed as it is. `\n` and `\t` are the
/// caller's choice (`keep_layout`).
pub fn classify(c: char, keep_layout: bool) -> Option<Unsafe> {
    match c {
        '\n' | '\t' if keep_layout => None,
        '\0'..='\u{1f}' | '\u{7f}' => Some(Unsafe::Caret(c as u8)),
        '\u{80}'..='\u{9f}' => Some(Unsafe::Code(c)),
        c if is_bidi_control(c) => Some(Unsafe::Code(c)),
        // Line and paragraph separators: some terminals and viewers break lines at them.
        '\u{2028}' | '\u{2029}' => Some(Unsafe::Code(c)),
        _ => None,
    }
}

/// Appends the visible form of `u` to `out`.
pub fn push_visible(out: &mut String, u: Unsafe) {
    match u {
        Unsafe::Caret(b) => {
            out.push('^');
            out.push(char::from(b ^ 0x40));
        }
        Unsafe::Code(c) => {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
    }
}

/// The byte offset of the first character of `text` that [`classify`] flags. A byte scan: only
/// a control byte or the lead byte of a C1 (`C2 80..9F`) or bidi control (`E2 80 AA..AE`,
/// `E2 81 A6..A9`) makes it look closer, so clean text costs one compare per byte.
fn first_unsafe(text: &str, keep_layout: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(0x20..0x7f).contains(&b) {
            let hit = match b {
                b'\n' | b'\t' => !keep_layout,
                0..0x20 | 0x7f => true,
                0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
                0xe2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                    (Some(0x80), Some(n)) => (0xaa..=0xae).contains(n) || (0xa8..=0xa9).contains(n),
                    (Some(0x81), Some(n)) => (0xa6..=0xa9).contains(n),
                    _ => false,
                },
                _ => false,
            };
            if hit {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

fn make_safe(text: &str, keep_layout: bool) -> Cow<'_, str> {
    let Some(first) = first_unsafe(text, keep_layout) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match classify(c, keep_layout) {
            None => out.push(c),
            Some(_) if !keep_layout && (c == '\n' || c == '\t') => out.push(' '),
            Some(u) => push_visible(&mut out, u),
        }
    }
    Cow::Owned(out)
}

/// `text` made safe for a terminal (SPEC §10): C0 controls other than `\n` and `\t`, DEL, C1
/// controls and bidi overrides are shown visibly (`^[`, `^G`, `^?`, `<U+009B>`, `<U+202E>`), so
/// no escape sequence, bell or reordering in an entry, pack, import, file name or argument
/// reaches the terminal. Clean text is borrowed, not copied. Tabs are kept: a terminal only
/// moves the cursor for them; one-line places use [`safe_line`].
pub fn safe(text: &str) -> Cow<'_, str> {
    make_safe(text, true)
}

/// [`safe`] for one-line places (table cells, titles, questions, arguments in messages): `\n`
/// and `\t` become spaces too, so the text cannot break the layout.
pub fn safe_line(text: &str) -> Cow<'_, str> {
    make_safe(text, false)
}

/// The first `n` characters of `s` (all of it when shorter): for id prefixes, which must not
/// slice inside a character whatever an import put in an id.
pub fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_sets_case_aside_in_every_script() {
        assert_eq!(fold("ΣΣ"), fold("σσ"));
        assert_eq!(fold("ſun"), "sun");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("İstanbul"), "i\u{307}stanbul");
        assert_eq!(fold("Plain ASCII"), "plain ascii");
    }
    use proptest::prelude::*;

    /// No control byte, no C1 and no bidi control is left.
    fn clean(s: &str, keep_layout: bool) -> bool {
        s.chars().all(|c| classify(c, keep_layout).is_none())
    }

    #[test]
    fn clean_text_is_borrowed_as_it_is() {
        for text in ["", "plain words", "déjà vu — “quotes” … ● ○ £ © \u{a0}", "tab\tand\nlines", "日本語 🙂"]
        {
            assert!(matches!(safe(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
        assert!(matches!(safe_line("déjà — vu"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_shown_visibly() {
        assert_eq!(
            safe("A\u{1b}]0;pwned\u{7}B \u{1b}[2J \u{1b}]52;c;aGFja2Vk\u{7} \u{202e} gnp"),
            "A^[]0;pwned^GB ^[[2J ^[]52;c;aGFja2Vk^G <U+202E> gnp"
        );
        assert_eq!(safe("a\u{0}b\u{7f}c\rd"), "a^@b^?c^Md");
        assert_eq!(safe("é\u{9b}2Jé\u{85}"), "é<U+009B>2Jé<U+0085>");
        assert_eq!(safe("\u{2066}x\u{2069}\u{202a}"), "<U+2066>x<U+2069><U+202A>");
        assert_eq!(safe("keeps\ttabs\nand lines"), "keeps\ttabs\nand lines");
        assert_eq!(safe_line("one\ntwo\tthree\u{1b}"), "one two three^[");
        // Line and paragraph separators are shown; neighbours of the flagged ranges are not.
        assert_eq!(safe("a\u{2028}b\u{2029}"), "a<U+2028>b<U+2029>");
        assert_eq!(
            safe("\u{a0}\u{2027}\u{202f}\u{2065}\u{206a}\u{200f}"),
            "\u{a0}\u{2027}\u{202f}\u{2065}\u{206a}\u{200f}"
        );
    }

    #[test]
    fn prefixes_count_characters() {
        assert_eq!(prefix("ABCDEFGéHIJ", 8), "ABCDEFGé");
        assert_eq!(prefix("ABC", 8), "ABC");
        assert_eq!(prefix("", 3), "");
    }

    proptest! {
        #[test]
        fn safe_output_holds_no_control(s in any::<String>()) {
            let out = safe(&s);
            prop_assert!(clean(&out, true));
            prop_assert!(!out.bytes().any(|b| b == 0x1b || b == 0x07 || b == 0x7f));
            let line = safe_line(&s);
            prop_assert!(clean(&line, false));
            prop_assert!(!line.contains('\n'));
        }

        #[test]
        fn safe_changes_only_what_it_must(s in "[a-zA-Zé日 .,\\n\\t\u{80}-\u{a0}\u{2020}-\u{2070}\u{1b}\u{7}]{0,40}") {
            let out = safe(&s);
            if clean(&s, true) {
                prop_assert!(matches!(out, Cow::Borrowed(_)));
            } else {
                prop_assert!(matches!(out, Cow::Owned(_)));
            }
            // The scan and the character check agree.
            prop_assert_eq!(first_unsafe(&s, true).is_some(), !clean(&s, true));
            prop_assert_eq!(first_unsafe(&s, false).is_some(), !clean(&s, false));
        }
    }

    #[test]
    fn tags_are_found_after_spaces_only() {
        assert_eq!(tags_in("#trust and #Roving-Leaders, not C# or a#b"), vec!["trust", "roving-leaders"]);
        assert_eq!(tags_in("(#delegation) #- # #x-"), vec!["delegation", "x"]);
        assert!(tags_in("## heading").is_empty());
    }

    #[test]
    fn the_closest_name_is_a_completion_or_a_near_typo() {
        let names = ["delegation", "trust", "roving-leaders", "vision"];
        assert_eq!(closest("roving", names), Some("roving-leaders"));
        assert_eq!(closest("Trust", names), Some("trust"));
        assert_eq!(closest("delgation", names), Some("delegation"));
        assert_eq!(closest("trsut", names), Some("trust"));
        assert_eq!(closest("cooking", names), None);
        assert_eq!(closest("", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn ids_are_lowercase_words_and_dashes() {
        assert!(is_valid_id("roving-leaders"));
        assert!(!is_valid_id("Roving"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(""));
    }
}
