//! Reports as markdown, to keep or share with a mentor: the weekly review (`week --md`), the
//! summary (`summary --md`) and a person's page (`person --md`). Pure: each takes the same
//! structure the terminal and `--json` show. Every string that came from an entry, a pack or
//! the config goes through [`escape`], so it cannot break the document or carry control bytes.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::markdown::escape;
use super::people::PersonPage;

fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// One line of text, escaped (line breaks become spaces).
fn inline(text: &str) -> String {
    escape(&super::text::one_line(text))
}

/// `person NAME --md`.
pub fn person(p: &PersonPage) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}", inline(&p.name));
    out.push('\n');
    let span = match (p.first, p.last) {
        (Some(f), Some(l)) if f == l => format!(", on {}", day(f)),
        (Some(f), Some(l)) => format!(", from {} to {}", day(f), day(l)),
        _ => String::new(),
    };
    let entries = if p.entries == 1 { "1 entry".to_string() } else { format!("{} entries", p.entries) };
    let _ = writeln!(out, "Named in {entries}{span}.");
    if !p.spelled.is_empty() {
        let list: Vec<String> = p.spelled.iter().map(|s| inline(s)).collect();
        let _ = writeln!(out, "Also written: {}.", list.join(", "));
    }
    if p.total == 0 {
        return out;
    }
    out.push('\n');
    let roles: Vec<String> =
        p.roles.described().iter().map(|(r, n)| format!("{} ({n})", r.describe())).collect();
    let _ = writeln!(out, "Named for: {}.", roles.join("; "));
    if p.handed_over + p.held_on_to > 0 {
        let _ =
            writeln!(out, "\nWork with them: handed over {}, held on to {}.", p.handed_over, p.held_on_to);
    }
    if !p.open_commitments.is_empty() {
        let _ = writeln!(out, "\n## Open commitments\n");
        for c in &p.open_commitments {
            let carried = match c.carried {
                0 => String::new(),
                1 => " (carried once)".into(),
                n => format!(" (carried {n} times)"),
            };
            let _ = writeln!(out, "- {}: {}{carried}", day(c.date), inline(&c.text));
        }
    }
    if !p.ideas.is_empty() {
        let _ = writeln!(out, "\n## Their ideas\n");
        for m in &p.ideas {
            let _ = writeln!(out, "- {}: {}", day(m.date), inline(m.answer.as_deref().unwrap_or(&m.text)));
        }
    }
    let _ = writeln!(out, "\n## Mentions, newest first\n");
    let mut last = None;
    for m in &p.timeline {
        if last != Some(m.date) {
            if last.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "### {}\n", day(m.date));
            last = Some(m.date);
        }
        let stance = m.stance.as_deref().map(|s| format!(", {}", inline(s))).unwrap_or_default();
        let _ = writeln!(out, "- *{}{stance}*: {}", m.role.describe(), inline(&m.text));
    }
    if p.timeline.len() < p.total {
        let _ = writeln!(out, "\n*The newest {} of {} mentions.*", p.timeline.len(), p.total);
    }
    out
}
