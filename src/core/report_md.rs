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
        if p.open_total > p.open_commitments.len() {
            let _ = writeln!(
                out,
                "\n*The newest {} of {} open commitments; `coachlog commitments` lists every one.*",
                p.open_commitments.len(),
                p.open_total
            );
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

fn rating(r: Option<f64>) -> Option<String> {
    r.map(|r| format!("{r:.1}/5"))
}

fn stance(s: Option<&super::summary::StanceTally>) -> Option<String> {
    let s = s?;
    (s.did + s.missed > 0)
        .then(|| format!("{} {}, {} {}", inline(&s.words.0), s.did, inline(&s.words.1), s.missed))
}

/// `week --md`: the weekly review as a document.
pub fn week(w: &super::week::WeekReview) -> String {
    let mut out = String::new();
    let number = w.week.rsplit('W').next().unwrap_or(&w.week).trim_start_matches('0');
    let _ = writeln!(out, "# Week {number}: {} to {}\n", day(w.start), day(w.end));
    let written: Vec<String> =
        w.days.iter().filter(|d| d.entries > 0).map(|d| d.date.format("%a").to_string()).collect();
    let entries = if w.entries == 1 { "1 entry".to_string() } else { format!("{} entries", w.entries) };
    let _ = write!(out, "Journaled on {} of 7 days", w.days_journaled);
    if !written.is_empty() {
        let _ = write!(out, " ({})", written.join(", "));
    }
    let _ = writeln!(
        out,
        "; {entries}; a streak of {}{} days.",
        w.streak,
        if w.streak_capped { "+" } else { "" }
    );
    if w.entries == 0 {
        let _ = writeln!(out, "\nNothing was written that week.");
        return out;
    }
    if !w.themes.is_empty() {
        let _ = writeln!(out, "\n## Themes\n");
        for t in &w.themes {
            let mut parts = vec![format!("{} entries ({} the week before)", t.entries, t.previous_entries)];
            if let Some(r) = rating(t.rating_avg) {
                let before = rating(t.previous_rating_avg)
                    .map(|b| format!(", {b} the week before"))
                    .unwrap_or_default();
                parts.push(format!("rating {r}{before}"));
            }
            parts.extend(stance(t.stance.as_ref()));
            let _ = writeln!(out, "- **{}**: {}", inline(&t.title), parts.join("; "));
        }
    }
    let c = &w.commitments;
    if c.carried_in + c.made + c.done + c.partly + c.dropped + c.open > 0 {
        let _ = writeln!(out, "\n## Commitments\n");
        let _ = writeln!(
            out,
            "{} open from before and {} made this week: {} done, {} partly, {} dropped, {} still open.",
            c.carried_in, c.made, c.done, c.partly, c.dropped, c.open
        );
        if !c.open_list.is_empty() {
            out.push('\n');
            for o in &c.open_list {
                let _ = writeln!(out, "- {} (since {})", inline(&o.text), o.date.format("%a %-d %b"));
            }
        }
    }
    if !w.people.is_empty() {
        let _ = writeln!(out, "\n## People you named\n");
        let list: Vec<String> =
            w.people.iter().map(|p| format!("{} ({})", inline(&p.name), p.count)).collect();
        let _ = writeln!(out, "{}", list.join(", "));
    }
    if !w.highlights.is_empty() {
        let _ = writeln!(out, "\n## Highlights\n");
        for h in &w.highlights {
            let title =
                w.themes.iter().find(|t| t.id == h.theme).map_or(h.theme.as_str(), |t| t.title.as_str());
            let _ = writeln!(out, "- **{}** ({}): {}", inline(title), h.date.format("%a"), inline(&h.text));
        }
    }
    if let Some(s) = &w.suggestion {
        let _ = writeln!(out, "\n## Next week\n");
        let _ = writeln!(out, "{}\n", inline(&s.text));
        let _ = writeln!(out, "Why: {}.", inline(&s.reason));
    }
    out
}

/// `summary --md`: the summary as a document.
pub fn summary(s: &super::summary::Summary, by: super::summary::By) -> String {
    let mut out = String::new();
    let entries = if s.entries == 1 { "1 entry".to_string() } else { format!("{} entries", s.entries) };
    let _ = writeln!(out, "# Summary: {} to {}\n", day(s.from), day(s.to));
    let _ = writeln!(out, "{entries}.");
    if s.entries == 0 {
        return out;
    }
    match by {
        super::summary::By::Theme => {
            let _ = writeln!(out, "\n## Themes\n");
            for t in &s.themes {
                let mut parts = vec![format!("{} entries ({:.0}%)", t.entries, t.share * 100.0)];
                if let (Some(f), Some(l)) = (t.first, t.last) {
                    parts.push(format!("from {} to {}", f.format("%-d %b %Y"), l.format("%-d %b %Y")));
                }
                if let Some(r) = rating(t.rating_avg) {
                    parts.push(format!("rating {r}"));
                }
                parts.extend(stance(t.stance.as_ref()));
                let _ = writeln!(out, "- **{}**: {}", inline(&t.title), parts.join("; "));
            }
        }
        super::summary::By::Week | super::summary::By::Month => {
            let _ =
                writeln!(out, "\n## {}\n", if by == super::summary::By::Week { "Weeks" } else { "Months" });
            for p in &s.periods {
                let themes: Vec<String> =
                    p.themes.iter().map(|(id, n)| format!("{} {n}", inline(id))).collect();
                let _ = writeln!(
                    out,
                    "- **{}**: {} entries; {}",
                    inline(&p.period),
                    p.entries,
                    themes.join(", ")
                );
            }
        }
    }
    if !s.untouched.is_empty() {
        let list: Vec<String> = s
            .untouched
            .iter()
            .map(|u| match u.days {
                Some(d) => format!("{} ({d} days)", inline(&u.id)),
                None => format!("{} (not in this range)", inline(&u.id)),
            })
            .collect();
        let _ = writeln!(out, "\nNot touched for 14 days or more: {}.", list.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::people::{Moment, PersonPage, Role};

    #[test]
    fn text_from_entries_cannot_break_a_page() {
        let m = Moment {
            date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            at: 0,
            entry: "E".into(),
            role: Role::Named,
            stance: None,
            missed: None,
            text: "# not a heading\n- not a list \u{1b}[31m".into(),
            question: "Q".into(),
            kind: "text".into(),
            answer: None,
            commitment: None,
        };
        let mention = crate::core::people::Mention {
            person: 0,
            entry: 0,
            date: m.date,
            role: Role::Named,
            did: false,
            missed: false,
            moments: 1,
        };
        let page = PersonPage::build("Sam [x](y)".into(), vec![], &[mention], vec![m], vec![], None);
        let md = person(&page);
        assert!(md.starts_with("# Sam \\[x\\](y)\n"), "{md}");
        assert!(!md.contains('\u{1b}'), "{md}");
        assert!(md.lines().all(|l| !l.starts_with("# not")), "{md}");
        assert!(md.contains("- *named*: \\# not a heading"), "{md}");
    }
}
