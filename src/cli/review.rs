//! `coachlog review` in the terminal: the structure `--json` prints, as tables and lines that
//! fit the width. Text from the journal and the themes goes through [`safe_line`] before it
//! is measured.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use console::{measure_text_width, style, truncate_str};

use crate::core::review::{Kept, Review, ThemeSide, change_text};
use crate::core::summary::StanceTally;
use crate::core::text::safe_line;

fn table(width: usize) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    t
}

/// Numbers to the right (once the columns exist).
fn right(t: &mut Table, columns: std::ops::RangeInclusive<usize>) {
    for c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Prints `r` in at most `width` columns.
pub fn review(out: &mut impl Write, r: &Review, width: usize) -> io::Result<()> {
    let width = width.max(40);
    writeln!(out, "{}", style(format!("Then and now · {}", r.title())).bold().cyan())?;
    if let Some(why) = r.why_not() {
        writeln!(out)?;
        for line in textwrap::wrap(&why, width) {
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    for line in textwrap::wrap(&r.sides(), width) {
        writeln!(out, "{}", style(line).dim())?;
    }
    writeln!(out)?;
    let (then, now) = (r.then.short(), r.now.short());

    let mut t = table(width);
    let span = format!("{} → {}", abbrev(&then), abbrev(&now));
    t.set_header(vec![
        "theme".to_string(),
        format!("entries {span}"),
        format!("rating {span}"),
        "change".to_string(),
    ]);
    let rating = |r: Option<f64>| r.map_or_else(|| "–".to_string(), |r| format!("{r:.1}"));
    for row in &r.themes {
        let rated = row.then.rating_avg.is_some() || row.now.rating_avg.is_some();
        t.add_row(vec![
            safe_line(&row.title).into_owned(),
            format!("{} → {}", row.then.entries, row.now.entries),
            if rated {
                format!("{} → {}", rating(row.then.rating_avg), rating(row.now.rating_avg))
            } else {
                String::new()
            },
            row.rating_change.map(change_text).unwrap_or_default(),
        ]);
    }
    right(&mut t, 1..=3);
    writeln!(out, "{t}")?;
    writeln!(out)?;

    // Which way it went, then → now, in each theme's own words: on one line when it fits,
    // else a line for each month.
    let went: Vec<(String, String, String)> = r
        .themes
        .iter()
        .filter_map(|row| {
            let (a, b) = (row.then.stance.as_ref()?, row.now.stance.as_ref()?);
            (a.did + a.missed + b.did + b.missed > 0)
                .then(|| (safe_line(&row.title).into_owned(), stance(a), stance(b)))
        })
        .collect();
    if !went.is_empty() {
        writeln!(out, "{}", style(format!("How it went, {then} → {now}")).bold())?;
        let title_w = went.iter().map(|(t, _, _)| measure_text_width(t)).max().unwrap_or(0);
        let one_line = went
            .iter()
            .all(|(_, a, b)| 2 + title_w + 2 + measure_text_width(a) + 5 + measure_text_width(b) <= width);
        for (title, a, b) in went {
            if one_line {
                writeln!(out, "  {title:title_w$}  {a}  →  {b}")?;
            } else {
                let lines = [(abbrev(&then), a), (abbrev(&now), b)];
                for (i, (month, said)) in lines.into_iter().enumerate() {
                    let head = if i == 0 { title.as_str() } else { "" };
                    let line = format!("  {head:title_w$}  {month}  {said}");
                    writeln!(out, "{}", truncate_str(&line, width, "…"))?;
                }
            }
        }
        writeln!(out)?;
    }

    if let Some(c) = &r.commitments
        && c.then.made + c.now.made > 0
    {
        writeln!(out, "{}", style("Commitments").bold())?;
        let mut t = table(width);
        t.set_header(vec!["", "made", "kept", "dropped", "still open"]);
        for (label, k) in [(&then, &c.then), (&now, &c.now)] {
            t.add_row(kept_row(label, k));
        }
        right(&mut t, 1..=4);
        writeln!(out, "{t}")?;
        let note = "  kept: done or partly done; as each month ended";
        writeln!(out, "{}", style(truncate_str(note, width, "…")).dim())?;
        writeln!(out)?;
    }

    if let Some(p) = &r.people {
        let rows = [("Came into view", &p.emerged), ("Faded", &p.faded), ("Named in both", &p.stayed)];
        if rows.iter().any(|(_, list)| !list.is_empty()) {
            writeln!(out, "{}", style("People you named").bold())?;
            for (label, list) in rows.iter().filter(|(_, list)| !list.is_empty()) {
                let names: Vec<String> = list.iter().map(|p| safe_line(&p.name).into_owned()).collect();
                let head = format!("  {label:<15} ");
                let room = width.saturating_sub(head.len()).max(20);
                for (i, line) in textwrap::wrap(&names.join(", "), room).iter().enumerate() {
                    let lead = if i == 0 { head.clone() } else { " ".repeat(head.len()) };
                    writeln!(out, "{lead}{line}")?;
                }
            }
            writeln!(out)?;
        }
    }

    let quoted: Vec<_> =
        r.themes.iter().filter(|t| t.then.words.is_some() || t.now.words.is_some()).collect();
    if !quoted.is_empty() {
        writeln!(out, "{}", style("In your own words").bold())?;
        for row in quoted {
            writeln!(out, "  {}", style(safe_line(&row.title)).green())?;
            words(out, &row.then, width)?;
            words(out, &row.now, width)?;
        }
    }
    Ok(())
}

/// `October` as a column head: its first three letters.
fn abbrev(month: &str) -> String {
    month.chars().take(3).collect()
}

fn stance(t: &StanceTally) -> String {
    format!("{} {} · {} {}", safe_line(&t.words.0), t.did, safe_line(&t.words.1), t.missed)
}

fn kept_row(label: &str, k: &Kept) -> Vec<String> {
    vec![label.to_string(), k.made.to_string(), k.kept.to_string(), k.dropped.to_string(), k.open.to_string()]
}

/// `    5 Oct  “I did it myself again.”`, wrapped under its quote mark when long.
fn words(out: &mut impl Write, side: &ThemeSide, width: usize) -> io::Result<()> {
    let Some(q) = &side.words else {
        return writeln!(out, "    {}", style("(nothing written)").dim());
    };
    let head = format!("    {:>6}  ", q.date.format("%-d %b"));
    let room = width.saturating_sub(head.len()).max(20);
    let text = format!("“{}”", safe_line(&q.text));
    for (i, line) in textwrap::wrap(&text, room).iter().enumerate() {
        if i == 0 {
            writeln!(out, "{}{line}", style(&head).dim())?;
        } else {
            writeln!(out, "{} {line}", " ".repeat(head.len()))?;
        }
    }
    Ok(())
}
