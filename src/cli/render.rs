//! Turning computed data into text for people. Everything goes through a `Write` so a closed
//! pipe surfaces as an error (and a quiet exit) instead of a panic.
//!
//! Every string that comes from an entry, a pack, an import, a file name, the environment or
//! an argument goes through [`safe`] or [`safe_line`] before it is measured, styled or
//! written (SPEC §10), so its control characters are shown, never obeyed; ids are cut by
//! characters, never by bytes.

use std::io::{self, Write};

use chrono::NaiveDate;
use comfy_table::{ContentArrangement, Table, presets};
use console::{measure_text_width, style, truncate_str};

use crate::commands::Saved;
use crate::commands::add::Heard;
use crate::commands::config::Report;
use crate::commands::list::Head;
use crate::commands::status::StatusReport;
use crate::core::commitment::{Commitment, Status};
use crate::core::entry::{Answer, Entry};
use crate::core::lexicon::Stance;
use crate::core::pack::Kind;
use crate::core::text::{one_line, prefix, safe, safe_line};
use crate::core::theme::Themes;
use crate::library::{Library, Origin, PackEntry};

/// The width to fit: the terminal's, or 100 columns in a pipe (`COLUMNS` wins when set).
pub fn width() -> usize {
    if let Some(cols) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok()) {
        return cols.max(40);
    }
    console::Term::stdout().size_checked().map_or(100, |(_, w)| usize::from(w).max(40))
}

/// `Friday 27 November 2026`.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

pub fn saved(out: &mut impl Write, s: &Saved) -> io::Result<()> {
    // Untrusted: names and answers from the journal and the answers file.
    for note in &s.notes {
        writeln!(out, "{} {}", style("•").yellow(), safe_line(note))?;
    }
    let answers = if s.answers == 1 { "1 answer".to_string() } else { format!("{} answers", s.answers) };
    writeln!(
        out,
        "{} Saved {} for {} ({answers}) as {}\n  in {}",
        style("✓").green(),
        safe_line(&s.pack_title),
        s.date.format("%a %-d %b %Y"),
        // The short id `list` shows, which `show` and `edit` take.
        style(safe_line(prefix(&s.id, SHORT_ID))).yellow(),
        style(safe_line(&tilde(&s.path))).dim()
    )
}

/// What `add` heard in a note: `→ delegation (handed over) · trust (stayed out of it)` and,
/// dimmed, the words behind it; or that it heard nothing, and how to file the note.
pub fn heard(out: &mut impl Write, heard: &[Heard], themes: &Themes, width: usize) -> io::Result<()> {
    if heard.is_empty() {
        let tags: Vec<String> = themes.all().iter().map(|t| format!("#{}", safe_line(&t.id))).collect();
        let line = format!("→ no theme heard in this note; a #tag files it under one: {}", tags.join(" "));
        let wrap = textwrap::Options::new(width.max(20)).subsequent_indent("  ");
        for l in textwrap::wrap(&line, wrap) {
            writeln!(out, "{}", style(l).dim())?;
        }
        return Ok(());
    }
    let names: Vec<String> = heard
        .iter()
        .map(|h| match &h.stance {
            Some(s) => format!("{} ({})", style(safe_line(&h.theme)).cyan(), safe_line(s)),
            None => style(safe_line(&h.theme)).cyan().to_string(),
        })
        .collect();
    writeln!(out, "→ {}", names.join(" · "))?;
    // One theme: "heard in" its reasons; several: a line each, so every reason says whose it is.
    for h in heard {
        let mut why: Vec<String> = Vec::new();
        for r in &h.reasons {
            let d = safe_line(&r.describe()).into_owned();
            if !why.contains(&d) {
                why.push(d);
            }
        }
        if why.is_empty() {
            continue;
        }
        let line = if heard.len() == 1 {
            format!("  heard in {}", why.join(" · "))
        } else {
            format!("  {}: {}", safe_line(&h.theme), why.join(" · "))
        };
        writeln!(out, "{}", style(truncate_str(&line, width.max(20), "…")).dim())?;
    }
    Ok(())
}

/// The line that says an edit was saved as a new revision.
pub fn revision_saved(out: &mut impl Write, s: &Saved) -> io::Result<()> {
    writeln!(
        out,
        "{} Saved a new revision of {} ({}) in {}",
        style("✓").green(),
        style(safe_line(&s.id)).yellow(),
        s.date.format("%a %-d %b %Y"),
        safe_line(&tilde(&s.path))
    )
}

/// `path` with the home folder written as `~`, for lines people read.
pub fn tilde(path: &std::path::Path) -> String {
    match directories::BaseDirs::new() {
        Some(b) if path.starts_with(b.home_dir()) && b.home_dir() != std::path::Path::new("/") => {
            format!("~/{}", path.strip_prefix(b.home_dir()).unwrap_or(path).display())
        }
        _ => path.display().to_string(),
    }
}

/// Id prefixes shown are at least this many characters. ULIDs made in the same millisecond
/// share their first 10, so 12 (10 bits of the random part more) tell apart entries that
/// `list` did not read too, with a chance of 1 in 1024 for two notes of the same millisecond;
/// `list` cannot compare with ids it never read without losing its speed (SPEC §8).
pub const SHORT_ID: usize = 12;

/// The shortest prefix length, in characters (at least [`SHORT_ID`]), that tells every id
/// shown apart, so the column lines up and each prefix works with `coachlog show`. Sorted,
/// an id shares its longest prefix with a neighbour, so this is O(n log n), not O(n²).
fn short_id_len(ids: &[&str]) -> usize {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    // One entry may stand for several rows (its commitments): the same id is no clash.
    sorted.dedup();
    let common = |a: &str, b: &str| a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let longest = sorted.windows(2).map(|w| common(w[0], w[1]) + 1).max().unwrap_or(0);
    let widest = ids.iter().map(|id| id.chars().count()).max().unwrap_or(0);
    longest.min(widest).max(SHORT_ID)
}

/// One line per entry: id, date, pack, themes, first words, cut to the width.
/// What `list` shows of an entry: its answers' words, each answer apart (` · `); with a
/// search, the first answer that holds it, from a few words before the match.
fn excerpt(r: &crate::core::entry::Record, search: Option<&str>, columns: usize) -> String {
    let parts = r.answers.iter().map(|a| {
        if a.kind == "follow-up" {
            format!("{} — {}", one_line(&a.question), a.status.as_deref().unwrap_or("?"))
        } else {
            a.words()
        }
    });
    if search.is_none() {
        // The answers' words on one line, gathered only as far as a line can show (a
        // character is at least a column): `one_line` of each, joined by ` · `.
        let mut out = String::new();
        for part in parts {
            let mut words = part.split_whitespace().peekable();
            if words.peek().is_none() {
                continue;
            }
            if !out.is_empty() {
                out.push_str(" · ");
            }
            for (i, w) in words.enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(w);
                if out.chars().count() > columns {
                    return out;
                }
            }
        }
        return out;
    }
    let parts: Vec<String> = parts.map(|p| one_line(&p)).filter(|w| !w.is_empty()).collect();
    if let Some(needle) = search.map(crate::core::text::fold).filter(|n| !n.is_empty()) {
        for part in &parts {
            let lower = crate::core::text::fold(part);
            // Lower-casing may change byte lengths; only cut where both agree.
            if let Some(at) = lower.find(&needle)
                && lower.len() == part.len()
                && part.is_char_boundary(at)
            {
                let before: Vec<&str> = part[..at].split_whitespace().collect();
                let keep = before.len().saturating_sub(4);
                let lead = if keep > 0 { "…" } else { "" };
                let start = before[keep..].join(" ");
                let sep = if start.is_empty() || part[..at].ends_with(' ') { " " } else { "" };
                return format!("{lead}{start}{}{}", if start.is_empty() { "" } else { sep }, &part[at..]);
            }
        }
    }
    parts.join(" · ")
}

/// The columns of `list`, measured over every row to be shown before the first is written.
pub struct ListLayout<'s> {
    id: usize,
    pack: usize,
    themes: usize,
    width: usize,
    search: Option<&'s str>,
}

impl<'s> ListLayout<'s> {
    pub fn new<'h>(heads: &mut dyn Iterator<Item = Head<'h>>, width: usize, search: Option<&'s str>) -> Self {
        let (mut ids, mut pack, mut themes) = (Vec::new(), 0, 0);
        for h in heads {
            ids.push(h.id);
            pack = pack.max(measure_text_width(&safe_line(h.pack.unwrap_or(""))));
            themes = themes.max(measure_text_width(&safe_line(&h.themes.join(", "))));
        }
        ListLayout {
            id: short_id_len(&ids),
            pack: pack.min(16),
            themes: themes.min(width / 4),
            width,
            search,
        }
    }

    /// One line: id, date, pack, themes, first words, cut to the width.
    pub fn line(&self, out: &mut impl Write, e: &Entry) -> io::Result<()> {
        let r = &e.record;
        let id = safe_line(prefix(&r.id, self.id));
        let date = r.date.format("%Y-%m-%d %a").to_string();
        let pack = safe_line(r.pack.as_deref().unwrap_or(""));
        let themes = truncate_str(&safe_line(&e.themes.join(", ")), self.themes, "…").into_owned();
        let head_w = self.id + 2 + date.len() + 2 + self.pack + 2 + self.themes + 2;
        let rest = self.width.saturating_sub(head_w).max(10);
        // No more words are made safe and measured than the line can show (a character takes
        // a column or two; twice as many, and some, leaves room for ones that take none).
        let words = excerpt(r, self.search, rest + 1);
        let words: String = words.chars().take(2 * rest + 8).collect();
        let words = safe_line(&words);
        let words = truncate_str(&words, rest, "…");
        let line = format!(
            "{}  {}  {}  {}  {}",
            style(id).yellow(),
            style(date).cyan(),
            pad(&pack, self.pack),
            style(pad(&themes, self.themes)).green(),
            words
        );
        writeln!(out, "{}", line.trim_end())
    }
}

fn pad(text: &str, width: usize) -> String {
    let text = truncate_str(text, width, "…");
    let fill = width.saturating_sub(measure_text_width(&text));
    format!("{text}{}", " ".repeat(fill))
}

/// Entries in full: a heading, themes and tags, then each question and its answer.
pub fn show(out: &mut impl Write, entries: &[Entry], packs: Option<&Library>) -> io::Result<()> {
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let r = &e.record;
        let pack_id = r.pack.as_deref().unwrap_or("entry");
        let title = packs.and_then(|l| l.pack(pack_id)).map_or_else(
            || match pack_id {
                "quick" => "Quick note".to_string(),
                "commitments" => "Commitment follow-up".to_string(),
                other => other.to_string(),
            },
            |p| p.pack.title.clone(),
        );
        let title = safe_line(&title);
        writeln!(
            out,
            "{} · {} · {}   {}",
            style(long_date(r.date)).bold().cyan(),
            style(title).bold(),
            r.at.format("%H:%M"),
            style(safe_line(&r.id)).yellow()
        )?;
        if let Some(edited) = r.edited
            && !r.deleted
        {
            writeln!(out, "{}", style(format!("edited {}", edited.format("%a %-d %b %Y, %H:%M"))).dim())?;
        }
        if r.deleted {
            writeln!(
                out,
                "{}",
                style(format!(
                    "deleted on {}; `coachlog undelete {}` brings it back",
                    r.edited.unwrap_or(r.at).format("%a %-d %b %Y"),
                    safe_line(prefix(&r.id, SHORT_ID))
                ))
                .red()
            )?;
        }
        let themes = packs.map(|l| &l.themes);
        let mut meta = Vec::new();
        if !e.themes.is_empty() {
            let named: Vec<String> = e
                .themes
                .iter()
                .map(|t| match stance_word(e, t, themes) {
                    Some(w) => format!("{t} ({w})"),
                    None => t.clone(),
                })
                .collect();
            meta.push(format!("themes: {}", named.join(", ")));
        }
        if !r.tags.is_empty() {
            meta.push(format!(
                "tags: {}",
                r.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ")
            ));
        }
        if !meta.is_empty() {
            writeln!(out, "{}", style(safe_line(&meta.join(" · "))).green())?;
        }
        for a in &r.answers {
            writeln!(out)?;
            answer(out, a)?;
        }
        if let Some(themes) = themes
            && !e.themes.is_empty()
        {
            // Why each theme: the prompt, the #tag, the words, or what weighed in the model.
            writeln!(out)?;
            let reasons = e.explain(themes);
            for t in &e.themes {
                let why: Vec<String> =
                    reasons.iter().filter(|(id, _)| id == t).map(|(_, r)| r.describe()).collect();
                if !why.is_empty() {
                    let line = format!("{t} ← {}", why.join(" · "));
                    writeln!(out, "{}", style(safe_line(&line)).dim())?;
                }
            }
        }
    }
    Ok(())
}

/// The entry's stance on theme `t` in the theme's words ("handed over"), if it has one.
fn stance_word(e: &Entry, t: &str, themes: Option<&Themes>) -> Option<String> {
    let theme = themes?.get(t)?;
    match e.stances.get(t)? {
        Stance::Did => theme.did.clone(),
        Stance::Missed => theme.missed.clone(),
    }
}

fn answer(out: &mut impl Write, a: &Answer) -> io::Result<()> {
    if a.kind == "follow-up" {
        // The question holds the commitment's words; older follow-ups only its id.
        let what =
            if a.question.is_empty() { a.commitment.as_deref().unwrap_or_default() } else { &a.question };
        let until =
            a.due.map_or_else(String::new, |d| format!(", asked again from {}", d.format("%a %-d %b %Y")));
        return writeln!(
            out,
            "{} {} — {}{until}",
            style("Follow-up:").bold(),
            safe_line(what),
            safe_line(a.status.as_deref().unwrap_or("?"))
        );
    }
    if !a.question.is_empty() {
        writeln!(out, "{}", style(safe_line(&a.question)).bold())?;
    }
    if let Some(r) = a.rating {
        let (min, max) = (a.min.unwrap_or(1), a.max.unwrap_or(5));
        let mut line = format!("  {r}/{max}");
        if min != 1 {
            line = format!("  {r} on {min}–{max}");
        }
        if a.low.is_some() || a.high.is_some() {
            line.push_str(&format!(
                "  {}",
                style(format!(
                    "({} … {})",
                    safe_line(a.low.as_deref().unwrap_or("")),
                    safe_line(a.high.as_deref().unwrap_or(""))
                ))
                .dim()
            ));
        }
        writeln!(out, "{line}")?;
    }
    if let Some(c) = &a.choice {
        writeln!(out, "  {}", safe_line(c))?;
    }
    if let Some(items) = &a.items {
        for i in items {
            writeln!(out, "  • {}", safe_line(i))?;
        }
    }
    if let Some(y) = a.yes {
        writeln!(out, "  {}", if y { "yes" } else { "no" })?;
    }
    if let Some(t) = &a.text {
        let arrow = if a.is_kind(Kind::Commitment) { "→ " } else { "" };
        for (i, line) in t.lines().enumerate() {
            writeln!(out, "  {}{}", if i == 0 { arrow } else { "" }, safe(line))?;
        }
    }
    Ok(())
}

pub fn status(out: &mut impl Write, s: &StatusReport, journal: &std::path::Path) -> io::Result<()> {
    writeln!(out, "{}", style(long_date(s.today)).bold().cyan())?;
    if s.entries_today.is_empty() {
        writeln!(out, "Nothing written today yet.")?;
        writeln!(
            out,
            "{}",
            style(
                "Run `coachlog today` for a five-minute check-in, or `coachlog add \"…\"` for a quick note."
            )
            .dim()
        )?;
    } else {
        let n = s.entries_today.len();
        writeln!(out, "Today: {n} {}", if n == 1 { "entry" } else { "entries" })?;
        for e in &s.entries_today {
            let themes = if e.themes.is_empty() {
                String::new()
            } else {
                format!("  {}", style(safe_line(&e.themes.join(", "))).green())
            };
            writeln!(
                out,
                "  {} {}{themes}",
                e.record.at.format("%H:%M"),
                safe_line(e.record.pack.as_deref().unwrap_or("entry"))
            )?;
        }
    }
    let dots: String = s.last_week.iter().map(|(_, on)| if *on { '●' } else { '○' }).collect();
    let days = if s.streak == 1 { "day" } else { "days" };
    let plus = if s.streak_capped { "+" } else { "" };
    writeln!(out, "Streak: {}{plus} {days}   Last 7 days: {dots}", s.streak)?;
    if let Some(last) = s.last_entry.filter(|d| *d != s.today) {
        writeln!(out, "Last entry: {}", long_date(last))?;
    }
    if s.drafts > 0 {
        writeln!(
            out,
            "{}",
            style(format!("{} unfinished session(s): `coachlog today` offers to resume.", s.drafts)).yellow()
        )?;
    }
    writeln!(out, "{}", style(format!("Journal: {}", safe_line(&tilde(journal)))).dim())
}

fn table(width: usize) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    t
}

pub fn commitments(out: &mut impl Write, list: &[Commitment], width: usize) -> io::Result<()> {
    let ids: Vec<&str> = list.iter().map(|c| c.entry.as_str()).collect();
    let len = short_id_len(&ids);
    let row = |i: usize| {
        let c = &list[i];
        {
            let status = match c.status {
                Status::Open => style("open").yellow(),
                Status::Done => style("done").green(),
                Status::Partly => style("partly").cyan(),
                Status::Dropped => style("dropped").dim(),
            };
            [
                safe_line(prefix(&c.entry, len)).into_owned(),
                c.date.format("%a %-d %b").to_string(),
                status.to_string(),
                c.followed_up.map_or_else(|| "-".to_string(), |d| d.format("%a %-d %b").to_string()),
                if c.carried == 0 { "-".to_string() } else { format!("{}×", c.carried) },
                safe_line(&c.text).into_owned(),
            ]
        }
    };
    columns(out, &["id", "made", "status", "followed up", "carried", "commitment"], list.len(), row, width)
}

/// Rows in aligned columns, in comfy-table's borderless look (a space each side of a cell),
/// the last column wrapped to what the width leaves it (widths as textwrap measures them,
/// colour sequences left out). For lists that grow with the journal
/// (every commitment of years): comfy-table measures each cell several times, about 40 µs a
/// row (1.4 s for 33,000 commitments); this costs a few, on every core.
///
/// Rows are made by `row` twice (once to measure, once to write) rather than kept: every
/// commitment of a long journal would otherwise be held as text a second time.
fn columns<const N: usize>(
    out: &mut impl Write,
    header: &[&str; N],
    rows: usize,
    row: impl Fn(usize) -> [String; N] + Sync,
    width: usize,
) -> io::Result<()> {
    let mut widths = [0usize; N];
    for (i, h) in header.iter().enumerate() {
        widths[i] = textwrap::core::display_width(h);
    }
    let measured = in_blocks(0..rows, |range| {
        let (mut widths, mut longest) = ([0usize; N], 0);
        for r in range {
            let cells = row(r);
            for (i, cell) in cells.iter().enumerate().take(N - 1) {
                widths[i] = widths[i].max(textwrap::core::display_width(cell));
            }
            longest = longest.max(textwrap::core::display_width(&cells[N - 1]));
        }
        (widths, longest)
    });
    let mut longest = 0;
    for (w, l) in measured {
        for i in 0..N {
            widths[i] = widths[i].max(w[i]);
        }
        longest = longest.max(l);
    }
    let fixed: usize = widths[..N - 1].iter().map(|w| w + 2).sum();
    widths[N - 1] = longest
        .max(textwrap::core::display_width(header[N - 1]))
        .min(width.saturating_sub(fixed + 2).max(10));
    let mut text = String::new();
    column_row(&mut text, header, &widths);
    out.write_all(text.as_bytes())?;
    // A block of rows at a time, made on every core, written in order: memory holds a block.
    let block = 8192;
    for start in (0..rows).step_by(block) {
        let parts = in_blocks(start..rows.min(start + block), |range| {
            let mut text = String::new();
            for r in range {
                let cells = row(r);
                column_row(&mut text, &std::array::from_fn(|i| cells[i].as_str()), &widths);
            }
            text
        });
        for part in parts {
            out.write_all(part.as_bytes())?;
        }
    }
    Ok(())
}

/// One row of [`columns`], its last cell wrapped, as lines appended to `text`.
fn column_row<const N: usize>(text: &mut String, cells: &[&str; N], widths: &[usize; N]) {
    let last = textwrap::wrap(cells[N - 1], widths[N - 1]);
    for (n, part) in last.iter().enumerate().chain(last.is_empty().then_some((0, &"".into()))) {
        for (i, cell) in cells.iter().enumerate().take(N - 1) {
            let shown = if n == 0 { *cell } else { "" };
            text.push(' ');
            text.push_str(shown);
            pad_to(text, widths[i] - textwrap::core::display_width(shown) + 1);
        }
        text.push(' ');
        text.push_str(part);
        pad_to(text, widths[N - 1].saturating_sub(textwrap::core::display_width(part)) + 1);
        text.push('\n');
    }
}

/// `work` over `range` cut in one piece a core (one piece for a short range), results in
/// order.
fn in_blocks<T: Send>(
    range: std::ops::Range<usize>,
    work: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if cores < 2 || range.len() < 1000 {
        return vec![work(range)];
    }
    let per = range.len().div_ceil(cores);
    let pieces: Vec<std::ops::Range<usize>> =
        range.clone().step_by(per).map(|s| s..(s + per).min(range.end)).collect();
    std::thread::scope(|s| {
        let running: Vec<_> = pieces.into_iter().map(|p| s.spawn(|| work(p))).collect();
        running.into_iter().map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

fn pad_to(line: &mut String, spaces: usize) {
    line.extend(std::iter::repeat_n(' ', spaces));
}

pub fn config(out: &mut impl Write, report: &Report, width: usize) -> io::Result<()> {
    writeln!(out, "{}", style("Settings").bold())?;
    let mut t = table(width);
    for r in &report.settings {
        t.add_row(vec![
            format!("  {}", r.key),
            safe_line(&r.value).into_owned(),
            format!("({})", safe_line(&r.source)),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "{}", style("Paths").bold())?;
    let mut t = table(width);
    for r in &report.paths {
        t.add_row(vec![format!("  {}", r.key), safe_line(&r.value).into_owned()]);
    }
    writeln!(out, "{t}")
}

pub fn pack_list(out: &mut impl Write, lib: &Library, width: usize) -> io::Result<()> {
    let mut t = table(width);
    t.set_header(vec!["id", "title", "prompts", "from"]);
    for PackEntry { pack, origin } in &lib.packs {
        let from = match origin {
            Origin::BuiltIn => "built-in".to_string(),
            Origin::User(p) => p.display().to_string(),
            Origin::Replaces(p) => format!("{} (replaces built-in)", p.display()),
        };
        // How many one session asks: the fixed prompts, `pick` of the others, and of a
        // pack in two halves the larger half.
        let fixed: Vec<&crate::core::pack::Prompt> =
            pack.prompts.iter().filter(|p| p.always || p.when.is_some() || pack.pick.is_none()).collect();
        let rotating = pack.prompts.len() - fixed.len();
        let asks = crate::core::session::to_ask(&fixed, &[]) + pack.pick.map_or(0, |k| k.min(rotating));
        let count = if asks == pack.prompts.len() {
            asks.to_string()
        } else {
            format!("{} (asks {asks})", pack.prompts.len())
        };
        t.add_row(vec![
            safe_line(&pack.id).into_owned(),
            safe_line(&pack.title).into_owned(),
            count,
            safe_line(&from).into_owned(),
        ]);
    }
    writeln!(out, "{t}")
}

pub fn pack(out: &mut impl Write, entry: &PackEntry, themes: &Themes) -> io::Result<()> {
    let p = &entry.pack;
    writeln!(
        out,
        "{} {}",
        style(safe_line(&p.title)).bold().cyan(),
        style(format!("({})", safe_line(&p.id))).dim()
    )?;
    if let Some(d) = &p.description {
        writeln!(out, "{}", safe(d))?;
    }
    match p.pick {
        Some(k) => writeln!(out, "{}", style(format!("Each session asks the `always` prompts and {k} of the others, favouring themes you have not reflected on lately.")).dim())?,
        None if p.prompts.iter().any(|q| q.when.is_some()) => writeln!(
            out,
            "{}",
            style("Each session asks every prompt but those of the half its choice did not pick.").dim()
        )?,
        None => writeln!(out, "{}", style("Each session asks every prompt.").dim())?,
    }
    for q in &p.prompts {
        writeln!(out)?;
        let mut tags = vec![q.kind.as_str().to_string()];
        if let Some(t) = &q.theme {
            tags.push(themes.get(t).map_or_else(|| t.clone(), |t| t.title.to_lowercase()));
        }
        if q.always {
            tags.push("always".into());
        }
        if q.optional {
            tags.push("optional".into());
        }
        if q.recall {
            tags.push("recalls".into());
        }
        writeln!(
            out,
            "{}  {}",
            style(safe_line(&q.id)).yellow(),
            style(format!("[{}]", safe_line(&tags.join(", ")))).dim()
        )?;
        writeln!(out, "  {}", style(safe_line(&q.question)).bold())?;
        if let Some(h) = &q.help {
            writeln!(out, "  {}", style(safe_line(h)).dim())?;
        }
        match q.kind {
            Kind::Rating => writeln!(
                out,
                "  {}–{}: {} … {}",
                q.min,
                q.max,
                safe_line(q.low.as_deref().unwrap_or("")),
                safe_line(q.high.as_deref().unwrap_or(""))
            )?,
            Kind::Choice | Kind::Multi => {
                writeln!(out, "  options: {}", safe_line(&q.options.join(" · ")))?;
            }
            _ => {}
        }
        if let Some(w) = &q.when {
            writeln!(
                out,
                "  {}",
                style(format!("asked only when {} is “{}”", safe_line(&w.prompt), safe_line(&w.option)))
                    .dim()
            )?;
        }
        if q.recall {
            writeln!(
                out,
                "  {}",
                style("then shows what is still open with each name, and their last entry of this pack")
                    .dim()
            )?;
        }
        if q.kind == Kind::Commitment {
            let days = if q.due_in_days == 1 {
                "the next day".to_string()
            } else {
                format!("{} days later", q.due_in_days)
            };
            let line = if q.dated {
                format!(
                    "comes back on the day the answer begins with (`friday: …`, `in 3 weeks: …`), else {days}"
                )
            } else {
                format!("comes back {days}")
            };
            writeln!(out, "  {}", style(line).dim())?;
        }
    }
    Ok(())
}

pub fn doctor(out: &mut impl Write, r: &crate::commands::doctor::Report) -> io::Result<()> {
    for line in &r.repaired {
        writeln!(out, "{} {}", style("repaired:").green(), safe_line(line))?;
    }
    let packs = format!("{} prompt pack{}", r.packs, if r.packs == 1 { "" } else { "s" });
    if r.healthy {
        let newer = if r.newer > 0 {
            format!(" ({} records from a newer coachlog are kept)", r.newer)
        } else {
            String::new()
        };
        let journal = match (r.entries, r.files) {
            (0, 0) => "no entries yet".to_string(),
            (e, f) => format!(
                "{e} entr{} in {f} file{}, private{}",
                if e == 1 { "y" } else { "ies" },
                if f == 1 { "" } else { "s" },
                if r.encrypted { ", every one sealed" } else { "" }
            ),
        };
        return writeln!(
            out,
            "{} All well: {journal}; the config and {packs} are valid{newer}.",
            style("✓").green()
        );
    }
    for p in &r.problems {
        let place = match p.line {
            Some(l) => format!("{}:{l}", p.file.display()),
            None => p.file.display().to_string(),
        };
        writeln!(out, "{} {}: {}", style("✗").red(), safe_line(&place), safe_line(&p.message))?;
        writeln!(out, "  {} {}", style("fix:").cyan(), safe_line(&p.fix))?;
    }
    for s in &r.setup {
        writeln!(out, "{} {}", style("✗").red(), safe_line(s))?;
    }
    let n = r.problems.len() + r.setup.len();
    let fixable = r.problems.iter().filter(|p| p.repairable).count();
    let tail = if fixable > 0 {
        format!("; `coachlog doctor --repair` fixes {fixable} of them without losing a byte")
    } else {
        String::new()
    };
    writeln!(
        out,
        "\n{} {n} problem{} need{} attention{tail}.",
        style("!").yellow(),
        if n == 1 { "" } else { "s" },
        if n == 1 { "s" } else { "" },
    )
}

/// What `coachlog encrypt` did, and what to keep safe now.
pub fn encrypted(out: &mut impl Write, e: &crate::commands::crypt::Encrypted) -> io::Result<()> {
    let c = &e.conversion;
    let journal = tilde(&e.journal);
    let journal = safe_line(&journal);
    if e.new_key.is_none() && c.converted == 0 {
        writeln!(
            out,
            "{} The journal {journal} is encrypted; every entry was sealed already.",
            style("✓").green()
        )?;
    } else {
        writeln!(
            out,
            "{} Encrypted {journal}: sealed {} entr{} in {} file{}{}",
            style("✓").green(),
            c.converted,
            if c.converted == 1 { "y" } else { "ies" },
            c.rewritten,
            if c.rewritten == 1 { "" } else { "s" },
            if c.already > 0 { format!(" ({} were sealed already)", c.already) } else { String::new() }
        )?;
    }
    if c.drafts > 0 {
        writeln!(out, "  sealed {} unsaved draft{}", c.drafts, if c.drafts == 1 { "" } else { "s" })?;
    }
    for page in &c.pages {
        writeln!(
            out,
            "  moved an unfinished edit page out of the journal folder, to {}",
            safe_line(&tilde(page))
        )?;
    }
    left_lines(out, &c.left, "they were")?;
    if !e.left_retired.is_empty() {
        writeln!(
            out,
            "{} Not brought back from keys-retired/ (they may hold another key): {}; add those machines again with `coachlog key add`",
            style("!").yellow(),
            e.left_retired.iter().map(|n| safe_line(n).into_owned()).collect::<Vec<_>>().join(", ")
        )?;
    }
    if let Some(key) = &e.new_key {
        writeln!(out, "  the journal key, wrapped: {}", safe_line(&tilde(key)))?;
        match &e.identity {
            Some(identity) => {
                writeln!(
                    out,
                    "{} This machine opens it with {}.",
                    style("!").yellow(),
                    safe_line(&tilde(identity))
                )?;
                writeln!(
                    out,
                    "  Back that file up now (a password manager, or a USB stick in a drawer): without it, or\n  another key added with `coachlog key add`, the journal cannot be read. Never put it in\n  the journal folder."
                )?;
            }
            None => writeln!(
                out,
                "{} It opens with your passphrase, asked once per command (or read from $COACHLOG_PASSPHRASE_COMMAND).\n  Forget it and the journal cannot be read: keep it in a password manager.",
                style("!").yellow()
            )?,
        }
        writeln!(out, "  Another machine: run `coachlog key show` there, then `coachlog key add KEY` here.")?;
    }
    Ok(())
}

/// What `coachlog decrypt` did.
pub fn decrypted(out: &mut impl Write, d: &crate::commands::crypt::Decrypted) -> io::Result<()> {
    let c = &d.conversion;
    if c.converted == 0 && c.drafts == 0 && !d.stuck && d.retired.is_none() {
        return writeln!(
            out,
            "The journal {} is plain text already; nothing to do.",
            safe_line(&tilde(&d.journal))
        );
    }
    writeln!(
        out,
        "{} Decrypted {}: {} entr{} written back as plain text in {} file{}",
        style("✓").green(),
        safe_line(&tilde(&d.journal)),
        c.converted,
        if c.converted == 1 { "y" } else { "ies" },
        c.rewritten,
        if c.rewritten == 1 { "" } else { "s" }
    )?;
    if c.drafts > 0 {
        writeln!(out, "  opened {} unsaved draft{}", c.drafts, if c.drafts == 1 { "" } else { "s" })?;
    }
    left_lines(out, &c.left, "still sealed")?;
    match &d.retired {
        _ if d.stuck => writeln!(out, "  the keys stay in place: some lines are still sealed (above)"),
        Some(dir) => writeln!(
            out,
            "  the wrapped keys are kept in {}: a sealed line another machine adds later still opens\n  (run `coachlog decrypt` again), and `coachlog encrypt` takes the same key back",
            safe_line(&tilde(dir))
        ),
        None => Ok(()),
    }
}

fn left_lines(
    out: &mut impl Write,
    left: &[(std::path::PathBuf, usize, String)],
    how: &str,
) -> io::Result<()> {
    if left.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{} {} line{} left as {} ({how}); `coachlog doctor` lists {}:",
        style("!").yellow(),
        left.len(),
        if left.len() == 1 { " was" } else { "s were" },
        if left.len() == 1 { "it was" } else { "they were" },
        if left.len() == 1 { "it" } else { "them" }
    )?;
    for (path, line, why) in left.iter().take(5) {
        writeln!(out, "  {}:{line}: {}", safe_line(&tilde(path)), safe_line(why))?;
    }
    if left.len() > 5 {
        writeln!(out, "  … and {} more", left.len() - 5)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_answers_apart_and_show_a_search_in_context() {
        let r: crate::core::entry::Record = serde_json::from_str(
            r#"{"v":1,"id":"01M8F1FDC06MWDEYZJMNH58YF3","rev":1,"at":"2026-11-27T21:00:00+01:00","date":"2026-11-27","pack":"daily","answers":[{"prompt":"a","kind":"text","question":"Q","text":"Shipped the release"},{"prompt":"b","kind":"text","question":"Q","text":"Later that day we talked at length about the zebra crossing outside"}]}"#,
        )
        .unwrap();
        assert!(excerpt(&r, None, 100).starts_with("Shipped the release · Later that day"));
        assert_eq!(excerpt(&r, Some("ZEBRA"), 100), "…at length about the zebra crossing outside");
        assert_eq!(excerpt(&r, Some("shipped"), 100), "Shipped the release");
        // Only as many words as a line can show are gathered.
        assert_eq!(excerpt(&r, None, 10), "Shipped the");
    }

    #[test]
    fn short_ids_are_at_least_twelve_characters_and_tell_the_listed_apart() {
        assert_eq!(short_id_len(&["01M8F9FRG0PW3Q0MJ636YK58P3"]), SHORT_ID);
        assert_eq!(short_id_len(&[]), SHORT_ID);
        let same = "01M8F9FRG0PW3Q0MJ636YK58P3";
        assert_eq!(short_id_len(&[same, same]), SHORT_ID, "rows of one entry");
        assert_eq!(short_id_len(&[same, "01M8F9FRG0PW3Q0MJ636YK58P4"]), 26);
        assert_eq!(short_id_len(&[same, "01M8F9FRG0PW3Z0MJ636YK58P4"]), 14);
        let ids = ["01M8F9FRG0PW3Q0MJ636YK58P3", "01M8F9FRG0PW3Q0XJ636YK58P3", "01M8F9FRG0AB00000000000000"];
        assert_eq!(short_id_len(&ids), 16);
        // Characters, not bytes: no panic inside `é`, and prefixes cut whole characters.
        let odd = ["ABCDEFGéHIJ", "ABCDEFGéHIK"];
        assert_eq!(short_id_len(&odd), SHORT_ID);
        assert_eq!(prefix(odd[1], SHORT_ID), odd[1]);
        assert_eq!(prefix(odd[0], 8), "ABCDEFGé");
        // The same id twice is one entry (two of its commitments), not a clash.
        assert_eq!(short_id_len(&["ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP"]), SHORT_ID);
    }
}
