//! `coachlog review --md`: then and now as a CommonMark document, for a coach, a notes folder
//! or a pull request. Every string from the journal or the themes (titles, the words of a
//! stance, names, quotes) goes through [`escape`], so no answer can add a heading, a list or
//! a control byte to the document.

use std::fmt::Write as _;

use super::{Kept, Review, ThemeSide, change_text, rating_text};
use crate::core::markdown::escape;
use crate::core::summary::StanceTally;

/// The review as markdown.
pub fn render(r: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Then and now: {}\n", r.title());
    if let Some(why) = r.why_not() {
        let _ = writeln!(out, "{why}");
        return out;
    }
    let _ = writeln!(out, "{}.\n", r.sides());
    let (then, now) = (r.then.short(), r.now.short());

    let _ = writeln!(out, "## Themes\n");
    for t in &r.themes {
        let mut line = format!("- **{}**: {} → {} entries", escape(&t.title), t.then.entries, t.now.entries);
        if t.then.rating_avg.is_some() || t.now.rating_avg.is_some() {
            let _ = write!(
                line,
                "; rating {} → {}",
                rating_text(t.then.rating_avg),
                rating_text(t.now.rating_avg)
            );
            if let Some(c) = t.rating_change {
                let _ = write!(line, " ({})", change_text(c));
            }
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    let went: Vec<String> = r
        .themes
        .iter()
        .filter_map(|t| {
            let (a, b) = (t.then.stance.as_ref()?, t.now.stance.as_ref()?);
            (a.did + a.missed + b.did + b.missed > 0)
                .then(|| format!("- **{}**: {} → {}", escape(&t.title), stance(a), stance(b)))
        })
        .collect();
    if !went.is_empty() {
        let _ = writeln!(out, "## How it went\n\n{}\n", went.join("\n"));
    }

    if let Some(c) = &r.commitments
        && c.then.made + c.now.made > 0
    {
        let _ = writeln!(out, "## Commitments\n");
        let _ = writeln!(out, "- {then}: {}", kept(&c.then));
        let _ = writeln!(out, "- {now}: {}", kept(&c.now));
        let _ = writeln!(out, "\nCounted as each month ended: kept is done or partly done.\n");
    }

    if let Some(p) = &r.people
        && !(p.emerged.is_empty() && p.faded.is_empty() && p.stayed.is_empty())
    {
        let _ = writeln!(out, "## People\n");
        for (label, list) in
            [("Came into view", &p.emerged), ("Faded", &p.faded), ("Named in both months", &p.stayed)]
        {
            if !list.is_empty() {
                let names: Vec<String> = list.iter().map(|p| escape(&p.name)).collect();
                let _ = writeln!(out, "- {label}: {}", names.join(", "));
            }
        }
        out.push('\n');
    }

    let quoted: Vec<_> =
        r.themes.iter().filter(|t| t.then.words.is_some() || t.now.words.is_some()).collect();
    if !quoted.is_empty() {
        let _ = writeln!(out, "## In your own words\n");
        for t in quoted {
            let _ = writeln!(out, "### {}\n", escape(&t.title));
            for (label, side) in [(&then, &t.then), (&now, &t.now)] {
                let _ = writeln!(out, "- {label}: {}", words(side));
            }
            out.push('\n');
        }
    }
    // One newline at the end, not a blank line.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn stance(t: &StanceTally) -> String {
    format!("{} {}, {} {}", escape(&t.words.0), t.did, escape(&t.words.1), t.missed)
}

fn kept(k: &Kept) -> String {
    format!(
        "{} made, {} kept ({} done, {} partly), {} dropped, {} still open",
        k.made, k.kept, k.done, k.partly, k.dropped, k.open
    )
}

fn words(side: &ThemeSide) -> String {
    match &side.words {
        Some(q) => format!("“{}” ({})", escape(&q.text), q.date.format("%-d %b")),
        None => "nothing written".to_string(),
    }
}
