//! Small text helpers shared by classification, listing and packs.

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

/// The text collapsed to one line (for one-line listings).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64 bits: a hash that is the same on every build and platform (std's is not), for
/// names and fingerprints of cached data.
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes
        .into_iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_after_spaces_only() {
        assert_eq!(tags_in("#trust and #Roving-Leaders, not C# or a#b"), vec!["trust", "roving-leaders"]);
        assert_eq!(tags_in("(#delegation) #- # #x-"), vec!["delegation", "x"]);
        assert!(tags_in("## heading").is_empty());
    }

    #[test]
    fn ids_are_lowercase_words_and_dashes() {
        assert!(is_valid_id("roving-leaders"));
        assert!(!is_valid_id("Roving"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(""));
    }
}
