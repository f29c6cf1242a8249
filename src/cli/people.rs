//! Rendering `people` and `person`: the same structures `--json` prints. Names and sentences
//! come from entries, so each goes through [`safe_line`] before it is measured or printed.

use std::io::{self, Write};

use chrono::NaiveDate;
use console::style;

use super::reports::{right, sparkline, table};
use crate::core::people::{Moment, People, PersonPage};
use crate::core::text::safe_line;

/// What `people` says when nobody is named yet.
/// What `people` says when its filters leave no one.
pub const NO_ONE_IN_RANGE: &str =
    "No one is named in the entries these filters keep; `coachlog people` with no filters lists everyone.";
pub const NO_PEOPLE: &str = "No one is named yet. People come from answers to \"who …?\" questions (`coachlog today` asks one most days) and from people.toml; once known, their names are found in everything you write.";

fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// "followed 4 · handed 2".
fn roles_short(p: &crate::core::people::RoleCounts) -> String {
    p.described().iter().map(|(r, n)| format!("{} {n}", r.short())).collect::<Vec<_>>().join(" · ")
}

pub fn people(out: &mut impl Write, p: &People, width: usize) -> io::Result<()> {
    let n = p.people.len();
    let from = p.trend_weeks.first().map_or_else(String::new, |d| d.format("%-d %b").to_string());
    writeln!(
        out,
        "{}",
        style(format!("People · {n} named · trend: the 12 weeks from {from}")).bold().cyan()
    )?;
    writeln!(out)?;
    let max = p.people.iter().flat_map(|r| r.trend.iter().copied()).max().unwrap_or(0);
    let mut t = table(width);
    t.set_header(vec!["name", "entries", "first", "last", "named for", "12 weeks"]);
    for row in &p.people {
        t.add_row(vec![
            safe_line(&row.name).into_owned(),
            row.entries.to_string(),
            day(row.first),
            day(row.last),
            roles_short(&row.roles),
            sparkline(&row.trend, max),
        ]);
    }
    right(&mut t, &[1]);
    writeln!(out, "{t}")?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style("`coachlog person NAME` shows one person's page. Merge names in people.toml: [aliases] Samuel = \"Sam\" (shown as Sam).")
            .dim()
    )
}

/// One line of moments' roles and stance: "handed · handed over".
fn what(m: &Moment) -> String {
    let mut s = m.role.short().to_string();
    if let Some(stance) = &m.stance {
        s.push_str(" · ");
        s.push_str(&safe_line(stance));
    }
    s
}

pub fn person(out: &mut impl Write, p: &PersonPage, width: usize) -> io::Result<()> {
    let name = safe_line(&p.name);
    let span = match (p.first, p.last) {
        (Some(f), Some(l)) if f == l => format!(", {}", day(f)),
        (Some(f), Some(l)) => format!(", {} – {}", day(f), day(l)),
        _ => String::new(),
    };
    let entries = if p.entries == 1 { "1 entry".to_string() } else { format!("{} entries", p.entries) };
    writeln!(out, "{}", style(format!("{name} · named in {entries}{span}")).bold().cyan())?;
    if !p.spelled.is_empty() {
        let list: Vec<String> = p.spelled.iter().map(|s| safe_line(s).into_owned()).collect();
        writeln!(out, "{}", style(format!("also written: {}", list.join(", "))).dim())?;
    }
    if p.total == 0 {
        writeln!(out)?;
        writeln!(out, "Nothing in this range names {name}.")?;
        return Ok(());
    }
    let roles: Vec<String> =
        p.roles.described().iter().map(|(r, n)| format!("{} {n}", r.describe())).collect();
    writeln!(out, "Named for: {}", roles.join(" · "))?;
    if p.handed_over + p.held_on_to > 0 {
        writeln!(out, "Work with them: handed over {} · held on to {}", p.handed_over, p.held_on_to)?;
    }
    let wrap_width = width.saturating_sub(14).max(30);
    if !p.open_commitments.is_empty() {
        writeln!(out)?;
        let of = if p.open_total > p.open_commitments.len() {
            format!(" · the newest {} of {}", p.open_commitments.len(), p.open_total)
        } else {
            String::new()
        };
        writeln!(out, "{}", style(format!("Open commitments that name {name}{of}")).bold())?;
        for c in &p.open_commitments {
            let carried = match c.carried {
                0 => String::new(),
                1 => ", carried once".into(),
                n => format!(", carried {n}×"),
            };
            let text = safe_line(&c.text);
            let lines = textwrap::wrap(&text, wrap_width);
            for (i, line) in lines.iter().enumerate() {
                let lead = if i == 0 { c.date.format("%a %-d %b").to_string() } else { String::new() };
                writeln!(out, "  {lead:<11} {line}")?;
            }
            writeln!(
                out,
                "  {:<11} {}",
                "",
                style(format!("since {}{carried} · id {}", day(c.date), safe_line(&c.id))).dim()
            )?;
        }
    }
    if !p.ideas.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style("Their ideas, and what became of them").bold())?;
        for m in p.ideas.iter().take(5) {
            let text = m.answer.as_deref().unwrap_or(&m.text);
            let text = safe_line(text);
            let lines = textwrap::wrap(&text, wrap_width);
            for (i, line) in lines.iter().enumerate() {
                let lead = if i == 0 { m.date.format("%a %-d %b").to_string() } else { String::new() };
                writeln!(out, "  {lead:<11} {line}")?;
            }
        }
    }
    writeln!(out)?;
    let shown = if p.timeline.len() < p.total {
        format!("the newest {} of {} mentions", p.timeline.len(), p.total)
    } else if p.total == 1 {
        "1 mention".to_string()
    } else {
        format!("{} mentions", p.total)
    };
    writeln!(out, "{}", style(format!("Newest first · {shown}")).bold())?;
    let what_w = p.timeline.iter().map(|m| what(m).chars().count()).max().unwrap_or(0);
    let text_w = width.saturating_sub(18 + what_w + 2).max(30);
    let mut last_day = None;
    for m in &p.timeline {
        let lead =
            if last_day == Some(m.date) { String::new() } else { m.date.format("%a %-d %b %Y").to_string() };
        last_day = Some(m.date);
        let text = if m.kind == "list" {
            style(safe_line(&m.text).into_owned()).dim().to_string()
        } else {
            safe_line(&m.text).into_owned()
        };
        let lines = textwrap::wrap(&text, text_w);
        for (i, line) in lines.iter().enumerate() {
            let (lead, w) = if i == 0 { (lead.as_str(), what(m)) } else { ("", String::new()) };
            writeln!(out, "  {lead:<15} {w:<what_w$}  {line}")?;
        }
    }
    if p.timeline.len() < p.total {
        writeln!(
            out,
            "{}",
            style("  … `-n N` shows more, `--all` every one; `--md` writes the page as markdown.").dim()
        )?;
    }
    Ok(())
}
