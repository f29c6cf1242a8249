//! Markdown rendering (SPEC §7): entries as CommonMark that reads well in any viewer. The
//! person's words are escaped so that no answer can break the document's structure: a line
//! that starts with `#`, `---`, `>` or a fence stays text inside its answer, and no control
//! character survives (a file people `cat`, SPEC §10): C0 controls and DEL become their
//! control pictures (`␛`, `␇`, `␍`), C1 controls and bidi overrides `<U+202E>`.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Timelike};

use super::commitment::Commitment;
use super::entry::Entry;
use super::record_ref::{AnswerRef, RecordRef};
use super::theme::Themes;

/// What the renderer needs besides the entries.
pub struct Context<'a> {
    pub themes: &'a Themes,
    /// Pack titles by id.
    pub pack_titles: &'a HashMap<String, String>,
    /// Every commitment by id, for the status of the ones in these entries.
    commitments: HashMap<&'a str, &'a Commitment>,
}

impl<'a> Context<'a> {
    pub fn new(
        themes: &'a Themes,
        pack_titles: &'a HashMap<String, String>,
        commitments: &'a [Commitment],
    ) -> Self {
        let commitments = commitments.iter().map(|c| (c.id.as_str(), c)).collect();
        Context { themes, pack_titles, commitments }
    }
}

/// How the document is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Date,
    Theme,
}

/// Escapes `text` for use inside a paragraph: inline markup characters anywhere, block
/// markers at line starts, leading spaces kept as no-break spaces (so they never make a code
/// block), and line breaks kept as hard breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    let mut pushed = false;
    let mut blank_run = false;
    for line in text.trim_end().lines() {
        let rest = line.trim_start_matches([' ', '\t']);
        let body = rest.trim_end();
        if body.is_empty() {
            blank_run = true;
            continue;
        }
        if pushed {
            out.push_str(if blank_run { "\n\n" } else { "\\\n" });
        }
        (pushed, blank_run) = (true, false);
        for b in line[..line.len() - rest.len()].bytes() {
            out.push_str(if b == b'\t' { "\u{a0}\u{a0}\u{a0}\u{a0}" } else { "\u{a0}" });
        }
        escape_line(out, body);
    }
}

/// What [`escape_line`] does with a byte: copy it, escape it (markup wherever it stands),
/// replace it (a C0 control but the tab, or DEL), or look at the character it starts (the lead
/// byte of C1 controls and of the bidi controls U+202A–U+202E, U+2066–U+2069).
const PLAIN: u8 = 0;
const INLINE: u8 = 1;
const CONTROL: u8 = 2;
const MAYBE_CONTROL: u8 = 3;

const CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let marks = b"\\`*_[]<>&|~";
    let mut i = 0;
    while i < marks.len() {
        table[marks[i] as usize] = INLINE;
        i += 1;
    }
    let mut b = 0;
    while b < 0x20 {
        table[b] = CONTROL;
        b += 1;
    }
    table[b'\t' as usize] = PLAIN;
    table[0x7f] = CONTROL;
    table[0xc2] = MAYBE_CONTROL;
    table[0xe2] = MAYBE_CONTROL;
    table
};

/// Whether [`CLASS`] says anything but plain for `b`, as comparisons only (no table), so that
/// a run of bytes can be tested at once. A unit test holds the two together.
fn may_need_escape(b: u8) -> bool {
    (b < 0x20) & (b != b'\t')
        | (b == 0x7f)
        | (b == 0xc2)
        | (b == 0xe2)
        | (b == b'\\')
        | (b == b'`')
        | (b == b'*')
        | (b == b'_')
        | (b == b'[')
        | (b == b']')
        | (b == b'<')
        | (b == b'>')
        | (b == b'&')
        | (b == b'|')
        | (b == b'~')
}

/// The control picture of a C0 control or DEL: `␛` for ESC, `␡` for DEL.
fn control_picture(b: u8) -> char {
    let code = if b == 0x7f { 0x2421 } else { 0x2400 + u32::from(b) };
    char::from_u32(code).unwrap_or('\u{fffd}')
}

/// One non-blank line without its indent.
fn escape_line(out: &mut String, line: &str) {
    let bytes = line.as_bytes();
    let mut from = 0;
    // Block markers count only at the start of a line.
    if matches!(bytes[0], b'#' | b'-' | b'+' | b'=' | b'!') {
        out.push('\\');
    }
    // An ordered-list marker: digits then `.` or `)`.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) {
        out.push_str(&line[..digits]);
        out.push('\\');
        from = digits;
    }
    // Only whole characters are ever escaped or replaced, so copying the runs between them
    // keeps UTF-8 whole. Chunks without a byte to look at (nearly all) are skipped whole, by
    // a test that compiles to a few vector comparisons.
    let mut chunk_start = from;
    while chunk_start < bytes.len() {
        let chunk_end = (chunk_start + 32).min(bytes.len());
        if !bytes[chunk_start..chunk_end].iter().fold(false, |any, &b| any | may_need_escape(b)) {
            chunk_start = chunk_end;
            continue;
        }
        for i in chunk_start.max(from)..chunk_end {
            let b = bytes[i];
            match CLASS[usize::from(b)] {
                PLAIN => {}
                INLINE => {
                    out.push_str(&line[from..i]);
                    out.push('\\');
                    from = i;
                }
                CONTROL => {
                    out.push_str(&line[from..i]);
                    out.push(control_picture(b));
                    from = i + 1;
                }
                _ => {
                    let Some(c) = line[i..].chars().next() else { continue };
                    if crate::core::text::classify(c, true).is_some() {
                        out.push_str(&line[from..i]);
                        let _ = write!(out, "\\<U+{:04X}\\>", u32::from(c));
                        from = i + c.len_utf8();
                    }
                }
            }
        }
        chunk_start = chunk_end;
    }
    out.push_str(&line[from..]);
}

fn title_of(pack: Option<&str>, ctx: &Context<'_>) -> String {
    let id = pack.unwrap_or("entry");
    match ctx.pack_titles.get(id) {
        Some(t) => t.clone(),
        None => match id {
            "quick" => "Quick note".into(),
            "commitments" => "Commitment follow-up".into(),
            "imported-jrnl" => "Imported from jrnl".into(),
            "imported-dayone" => "Imported from Day One".into(),
            other => other.to_string(),
        },
    }
}

/// What the renderer reads of an entry: its record (borrowed) and its themes.
#[derive(Debug, Clone)]
pub struct View<'a> {
    pub record: RecordRef<'a>,
    pub themes: Vec<&'a str>,
}

impl<'a> View<'a> {
    pub fn of(e: &'a Entry) -> View<'a> {
        View { record: RecordRef::from(&e.record), themes: e.themes.iter().map(String::as_str).collect() }
    }

    fn title(&self, ctx: &Context<'_>) -> String {
        title_of(self.record.pack.as_deref(), ctx)
    }
}

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// `2026-11-27 (Friday)`; written by hand, as chrono's formatter is slow for a whole journal.
fn day_heading(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return format!("{} ({})", d.format("%Y-%m-%d"), d.format("%A"));
    }
    let weekday = WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    format!("{:04}-{:02}-{:02} ({weekday})", d.year(), d.month(), d.day())
}

/// `Daily check-in · 21:04`: an entry's title and local time.
fn entry_heading(e: &View<'_>, ctx: &Context<'_>) -> String {
    let at = e.record.at;
    format!("{} · {:02}:{:02}", e.title(ctx), at.hour(), at.minute())
}

/// The title and the range line of a document of `count` entries from `first` to `last`.
pub fn header(range: Option<(NaiveDate, NaiveDate)>, count: usize) -> String {
    let mut out = String::from("# coachlog journal\n\n");
    let Some((first, last)) = range else {
        out.push_str("*No entries.*\n");
        return out;
    };
    let n = if count == 1 { "1 entry".to_string() } else { format!("{count} entries") };
    if first == last {
        let _ = writeln!(out, "*{} · {n}*\n", first.format("%A %-d %B %Y"));
    } else {
        let _ =
            writeln!(out, "*{} to {} · {n}*\n", first.format("%A %-d %B %Y"), last.format("%A %-d %B %Y"));
    }
    out
}

/// Entries in date order under a heading per day (the entries of one day must come together).
pub fn by_day(entries: &[View<'_>], ctx: &Context<'_>) -> String {
    let mut out = String::with_capacity(entries.len() * 2048);
    by_day_into(&mut out, entries, ctx);
    out
}

/// [`by_day`], appending to `out`.
pub fn by_day_into(out: &mut String, entries: &[View<'_>], ctx: &Context<'_>) {
    let mut day = None;
    for e in entries {
        if day != Some(e.record.date) {
            day = Some(e.record.date);
            let _ = writeln!(out, "## {}\n", day_heading(e.record.date));
        }
        entry(out, e, &entry_heading(e, ctx), "###", ctx);
    }
}

/// A whole document: a title, the range, then the entries grouped by day or by theme.
pub fn document(entries: &[Entry], grouping: Grouping, ctx: &Context<'_>) -> String {
    let range = entries.iter().map(|e| e.record.date).min().zip(entries.iter().map(|e| e.record.date).max());
    let mut out = header(range, entries.len());
    if range.is_none() {
        return out;
    }
    match grouping {
        Grouping::Date => out.push_str(&by_day(&entries.iter().map(View::of).collect::<Vec<_>>(), ctx)),
        Grouping::Theme => {
            let titles = section_titles(ctx);
            let mut sections: Vec<Vec<View<'_>>> = vec![Vec::new(); titles.len()];
            for e in entries.iter().map(View::of) {
                for i in sections_of(&e, ctx) {
                    sections[i].push(e.clone());
                }
            }
            let placed: usize = sections.iter().map(Vec::len).sum();
            out.push_str(&placed_note(entries.len(), placed));
            for (title, list) in titles.iter().zip(&sections).filter(|(_, l)| !l.is_empty()) {
                out.push_str(&section_heading(title));
                by_theme_into(&mut out, list, ctx);
            }
        }
    }
    out
}

/// The sections of a document by theme: each theme's title, in the lexicon's order, then
/// "Other entries" for the entries of no theme.
pub fn section_titles(ctx: &Context<'_>) -> Vec<String> {
    let mut titles: Vec<String> = ctx.themes.all().iter().map(|t| t.title.clone()).collect();
    titles.push("Other entries".into());
    titles
}

/// Which of the [`section_titles`] an entry goes under.
pub fn sections_of(e: &View<'_>, ctx: &Context<'_>) -> Vec<usize> {
    let all = ctx.themes.all();
    if e.themes.is_empty() {
        return vec![all.len()];
    }
    all.iter().enumerate().filter(|(_, t)| e.themes.contains(&t.id.as_str())).map(|(i, _)| i).collect()
}

/// The line under the title of a document by theme, when an entry appears more than once.
pub fn placed_note(entries: usize, placed: usize) -> String {
    // Each theme's section is whole (a coach reading about trust wants every trust entry
    // there), so an entry about three themes appears three times: say so.
    if placed <= entries {
        return String::new();
    }
    let noun = if entries == 1 { "y" } else { "ies" };
    format!("*Each entry appears under every theme it is about: {entries} entr{noun}, {placed} places.*\n\n")
}

/// The heading of a theme's section.
pub fn section_heading(title: &str) -> String {
    format!("## {}\n\n", escape(title))
}

/// Entries under a theme's heading, each headed with its day, title and time.
pub fn by_theme_into(out: &mut String, entries: &[View<'_>], ctx: &Context<'_>) {
    for e in entries {
        let at = e.record.at;
        let heading = format!(
            "{} · {} · {:02}:{:02}",
            day_heading(e.record.date),
            e.title(ctx),
            at.hour(),
            at.minute()
        );
        entry(out, e, &heading, "###", ctx);
    }
}

/// One day's note for `--dir`: YAML front matter, then the day's entries.
/// The front-matter key that holds a note's fingerprint (see [`sign_note`]).
const NOTE_HASH_KEY: &str = "coachlog_hash: ";

/// `note` with its fingerprint added as the last front-matter line: a hash of the rest, so a
/// later export can tell a note coachlog wrote and nobody changed from one the person edited.
pub fn sign_note(note: &str) -> String {
    let hash = crate::core::text::fnv1a(note.bytes());
    match note.strip_prefix("---\n").and_then(|rest| rest.find("\n---\n").map(|i| i + 4 + 1)) {
        Some(end) => format!("{}{NOTE_HASH_KEY}{hash:016x}\n{}", &note[..end], &note[end..]),
        None => note.to_string(),
    }
}

/// Whether `text`, a note found on disk, is exactly as [`sign_note`] wrote it (not edited).
pub fn note_is_unedited(text: &str) -> bool {
    let Some(start) = text.find(&format!("\n{NOTE_HASH_KEY}")) else { return false };
    let line_end = text[start + 1..].find('\n').map_or(text.len(), |i| start + 1 + i + 1);
    let stored = text[start + 1 + NOTE_HASH_KEY.len()..line_end].trim();
    let rest = format!("{}{}", &text[..start + 1], &text[line_end..]);
    u64::from_str_radix(stored, 16).is_ok_and(|h| h == crate::core::text::fnv1a(rest.bytes()))
}

pub fn daily_note(date: NaiveDate, entries: &[View<'_>], ctx: &Context<'_>) -> String {
    let mut themes: Vec<&str> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    for e in entries {
        for t in &e.themes {
            if !themes.contains(t) {
                themes.push(t);
            }
        }
        for t in &e.record.tags {
            if !tags.iter().any(|x| x == &**t) {
                tags.push(t.to_string());
            }
        }
    }
    let list = |items: &[String]| items.iter().map(|s| yaml_string(s)).collect::<Vec<_>>().join(", ");
    let mut out = String::from("---\n");
    let _ = writeln!(out, "date: {}", date.format("%Y-%m-%d"));
    let _ = writeln!(out, "themes: [{}]", list(&themes.iter().map(|s| (*s).to_string()).collect::<Vec<_>>()));
    let _ = writeln!(out, "tags: [{}]", list(&tags));
    let _ = writeln!(
        out,
        "entries: [{}]",
        list(&entries.iter().map(|e| e.record.id.to_string()).collect::<Vec<_>>())
    );
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", date.format("%A %-d %B %Y"));
    for e in entries {
        entry(&mut out, e, &entry_heading(e, ctx), "##", ctx);
    }
    out
}

/// A double-quoted YAML string.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control()
                || crate::core::text::is_bidi_control(c)
                || matches!(c, '\u{2028}' | '\u{2029}') =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn entry(out: &mut String, e: &View<'_>, heading: &str, level: &str, ctx: &Context<'_>) {
    out.push_str(level);
    out.push(' ');
    escape_into(out, heading);
    out.push_str("\n\n");
    let mut meta = String::new();
    if !e.themes.is_empty() {
        meta.push_str("Themes: ");
        meta.push_str(&e.themes.join(", "));
    }
    if !e.record.tags.is_empty() {
        if !meta.is_empty() {
            meta.push_str(" · ");
        }
        meta.push_str("Tags:");
        for t in &e.record.tags {
            meta.push_str(" #");
            meta.push_str(t);
        }
    }
    if !meta.is_empty() {
        out.push('*');
        escape_into(out, &meta);
        out.push_str("*\n\n");
    }
    // A note from `add` or an import has one answer under a question that only repeats the title.
    let title = e.title(ctx);
    let answers = &e.record.answers;
    for a in answers {
        answer(out, e, a, ctx, answers.len() == 1 && *a.question == *title);
    }
}

fn answer(out: &mut String, e: &View<'_>, a: &AnswerRef<'_>, ctx: &Context<'_>, untitled: bool) {
    if a.kind == "follow-up" {
        let status = a.status.as_deref().unwrap_or("?");
        let what =
            if a.question.is_empty() { a.commitment.as_deref().unwrap_or_default() } else { &a.question };
        let _ = writeln!(out, "**Follow-up:** {} — {}\n", escape(what), escape(status));
        return;
    }
    if !a.question.is_empty() && !untitled {
        out.push_str("**");
        escape_into(out, a.question.trim());
        out.push_str("**\n\n");
    }
    if let Some(r) = a.rating {
        let (min, max) = (a.min.unwrap_or(1), a.max.unwrap_or(5));
        let mut line =
            if min == 1 { format!("{r}/{max}") } else { format!("{r} on a scale of {min} to {max}") };
        if a.low.is_some() || a.high.is_some() {
            let _ =
                write!(line, " ({} … {})", a.low.as_deref().unwrap_or(""), a.high.as_deref().unwrap_or(""));
        }
        let _ = writeln!(out, "{}\n", escape(&line));
    }
    if let Some(c) = &a.choice {
        escape_into(out, c);
        out.push_str("\n\n");
    }
    if let Some(items) = &a.items {
        for i in items {
            out.push_str("- ");
            escape_into(out, i);
            out.push('\n');
        }
        out.push('\n');
    }
    if let Some(y) = a.yes {
        let _ = writeln!(out, "{}\n", if y { "Yes" } else { "No" });
    }
    if let Some(t) = a.text.as_deref().filter(|t| !t.trim().is_empty()) {
        escape_into(out, t);
        out.push_str("\n\n");
    }
    if a.kind == "commitment" {
        let id = format!("{}:{}", &*e.record.id, &*a.prompt);
        if let Some(c) = ctx.commitments.get(id.as_str()) {
            let followed =
                c.followed_up.map(|d| format!(", followed up {}", d.format("%Y-%m-%d"))).unwrap_or_default();
            let _ = writeln!(out, "*Commitment: {}{followed}*\n", c.status.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_markers_at_line_starts_are_escaped() {
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("> not a quote"), "\\> not a quote");
        assert_eq!(escape("```rust"), "\\`\\`\\`rust");
        assert_eq!(escape("1. one"), "1\\. one");
        assert_eq!(escape("+ plus"), "\\+ plus");
        assert_eq!(escape("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
    }

    #[test]
    fn inline_markup_is_escaped_and_plain_words_are_left_alone() {
        assert_eq!(
            escape("Sam's *big* day_one [link](x) & more"),
            "Sam's \\*big\\* day\\_one \\[link\\](x) \\& more"
        );
        assert_eq!(escape("A - B, 3.5 # 2"), "A - B, 3.5 # 2");
    }

    #[test]
    fn lines_and_paragraphs_are_kept() {
        assert_eq!(escape("one\ntwo\n\n\nthree\n"), "one\\\ntwo\n\nthree");
        assert_eq!(escape("    indented"), "\u{a0}\u{a0}\u{a0}\u{a0}indented");
    }

    #[test]
    fn the_quick_test_agrees_with_the_table() {
        for b in 0..=255u8 {
            assert_eq!(may_need_escape(b), CLASS[usize::from(b)] != PLAIN, "byte {b:#x}");
        }
    }

    #[test]
    fn escaping_is_the_same_across_chunk_boundaries() {
        for n in 0..70 {
            let text = format!("{}*{}\u{1b}é\u{202e}x", "a".repeat(n), "b".repeat(n % 7));
            let want = format!("{}\\*{}\u{241b}é\\<U+202E\\>x", "a".repeat(n), "b".repeat(n % 7));
            assert_eq!(escape(&text), want, "{n}");
        }
    }

    #[test]
    fn a_signed_note_knows_whether_it_was_edited() {
        let note = "---\ndate: 2026-11-27\n---\n\n# Friday\n\nwords\n";
        let signed = sign_note(note);
        assert!(signed.starts_with("---\ndate: 2026-11-27\ncoachlog_hash: "), "{signed}");
        assert!(note_is_unedited(&signed));
        assert!(!note_is_unedited(&signed.replace("words", "my own words")));
        assert!(!note_is_unedited(note), "no fingerprint: someone else's note");
    }

    #[test]
    fn controls_become_visible_and_clean_text_is_kept() {
        assert_eq!(
            escape("A\u{1b}]0;pwned\u{7}B \u{1b}[2J\tx\u{7f}"),
            "A\u{241b}\\]0;pwned\u{2407}B \u{241b}\\[2J\tx\u{2421}"
        );
        // A lone CR ends a line in CommonMark: it must not start a heading.
        assert_eq!(escape("one\r# two"), "one\u{240d}# two");
        assert_eq!(escape("é\u{9b}2J \u{202e}gnp\u{2069}"), "é\\<U+009B\\>2J \\<U+202E\\>gnp\\<U+2069\\>");
        assert_eq!(escape("déjà — “vu” … ● £ \u{a0}x"), "déjà — “vu” … ● £ \u{a0}x");
        assert_eq!(escape("\u{1b}# not a heading"), "\u{241b}# not a heading");
    }

    #[test]
    fn front_matter_strings_escape_controls() {
        assert_eq!(
            yaml_string("a\u{1b}b\u{202e}\u{85}\u{2028}\"\\"),
            "\"a\\u001bb\\u202e\\u0085\\u2028\\\"\\\\\""
        );
    }
}
