//! Rendering the coaching reports: the weekly review, the summary and the calendar. Each
//! takes the computed structure that `--json` prints too, so the two never disagree. Text
//! from entries, packs and the config goes through [`safe_line`] before it is measured.

use std::io::{self, Write};

use chrono::{Datelike, Days, NaiveDate};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use console::{Style, style, truncate_str};

use crate::core::calendar::Calendar;
use crate::core::config::WeekStart;
use crate::core::period::week_start;
use crate::core::summary::{By, StanceTally, Summary};
use crate::core::text::safe_line;
use crate::core::week::WeekReview;

pub(super) fn table(width: usize) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    t
}

pub(super) fn right(t: &mut Table, columns: &[usize]) {
    for &c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// `Monday 23 – Sunday 29 November 2026`, or across months and years as needed.
pub fn date_range(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        from.format("%A %-d %B %Y").to_string()
    } else if from.year() != to.year() {
        format!("{} – {}", from.format("%A %-d %B %Y"), to.format("%A %-d %B %Y"))
    } else if from.month() != to.month() {
        format!("{} – {}", from.format("%A %-d %B"), to.format("%A %-d %B %Y"))
    } else {
        format!("{} – {}", from.format("%A %-d"), to.format("%A %-d %B %Y"))
    }
}

fn rating(r: Option<f64>) -> String {
    r.map_or_else(String::new, |r| format!("{r:.1}/5"))
}

fn signed(n: f64, decimals: usize) -> String {
    if n.abs() < 0.05 {
        "=".to_string()
    } else if n > 0.0 {
        format!("+{n:.decimals$}")
    } else {
        format!("−{:.decimals$}", n.abs())
    }
}

/// `current`: the week holds today (an empty one then points to last week's review).
pub fn week(out: &mut impl Write, w: &WeekReview, width: usize, current: bool) -> io::Result<()> {
    let number = w.week.rsplit('W').next().unwrap_or(&w.week).trim_start_matches('0');
    writeln!(out, "{}", style(format!("Week {number} · {}", date_range(w.start, w.end))).bold().cyan())?;
    writeln!(out)?;
    let names: Vec<String> = w.days.iter().map(|d| d.date.format("%a").to_string()).collect();
    writeln!(out, "  {}", style(names.join(" ")).dim())?;
    let marks: Vec<String> = w
        .days
        .iter()
        .map(|d| if d.entries > 0 { format!(" {} ", style("●").green()) } else { " ○ ".into() })
        .collect();
    let days = if w.streak == 1 { "day" } else { "days" };
    writeln!(
        out,
        "  {}   {} of 7 days · streak {}{} {days}",
        marks.join(" ").trim_end(),
        w.days_journaled,
        w.streak,
        if w.streak_capped { "+" } else { "" }
    )?;
    writeln!(out)?;

    if w.entries == 0 && current {
        // Monday morning: the new week is empty, and last week's review is the one wanted.
        for line in textwrap::wrap(
            "Nothing written this week yet: `coachlog week --last` shows last week's review, and five quiet minutes with `coachlog today` start this one.",
            width.max(20),
        ) {
            writeln!(out, "{line}")?;
        }
    } else if w.entries == 0 {
        writeln!(out, "Nothing was written that week.")?;
    } else {
        let mut t = table(width);
        t.set_header(vec!["theme", "entries", "rating", "vs the week before"]);
        for row in &w.themes {
            let mut change = vec![signed(row.entries as f64 - row.previous_entries as f64, 0)];
            if let (Some(now), Some(before)) = (row.rating_avg, row.previous_rating_avg) {
                change.push(format!("rating {}", signed(now - before, 1)));
            }
            t.add_row(vec![
                safe_line(&row.title).into_owned(),
                row.entries.to_string(),
                rating(row.rating_avg),
                change.join(" · "),
            ]);
        }
        right(&mut t, &[1, 2]);
        writeln!(out, "{t}")?;
        // What each rating averages (on a 1–5 scale), so different questions are not mixed up.
        for theme in w.themes.iter().filter(|t| t.rating_avg.is_some() && !t.rated_by.is_empty()) {
            let questions: Vec<String> =
                theme.rated_by.iter().map(|q| format!("“{}”", safe_line(q))).collect();
            let line = format!("  rating of {}: {}", safe_line(&theme.title), questions.join(" / "));
            writeln!(out, "{}", style(truncate_str(&line, width.max(20), "…")).dim())?;
        }
        writeln!(out)?;
        stances(out, w.themes.iter().map(|t| (t.title.as_str(), t.stance.as_ref())), width)?;
    }

    let c = &w.commitments;
    if c.carried_in + c.made + c.done + c.partly + c.dropped + c.open > 0 {
        // An equation a reader can check: what was open during the week, and where it went.
        // Wrapped at its "=" or between terms, never inside one.
        let left = format!("{} open from before + {} made this week", c.carried_in, c.made);
        let right = format!(
            "= {} done + {} partly + {} dropped + {} still open",
            c.done, c.partly, c.dropped, c.open
        );
        let head = "Commitments  ";
        if head.len() + left.len() + 1 + right.len() <= width {
            writeln!(out, "{}  {left} {right}", style("Commitments").bold())?;
        } else {
            writeln!(out, "{}  {left}", style("Commitments").bold())?;
            for line in textwrap::wrap(&right, width.saturating_sub(head.len()).max(20)) {
                writeln!(out, "{}{line}", " ".repeat(head.len()))?;
            }
        }
        for open in &c.open_list {
            let since = open.date.format("%a %-d %b");
            let line = format!("  ○ {}  ", safe_line(&open.text));
            writeln!(
                out,
                "{}{}",
                truncate_str(&line, width.saturating_sub(18), "…  "),
                style(format!("(since {since})")).dim()
            )?;
        }
        writeln!(out)?;
    }
    if !w.people.is_empty() {
        let people: Vec<String> =
            w.people.iter().map(|p| format!("{} ×{}", safe_line(&p.name), p.count)).collect();
        writeln!(out, "{}  {}", style("People you named").bold(), people.join(" · "))?;
        writeln!(out)?;
    }
    if !w.highlights.is_empty() {
        writeln!(out, "{}", style("Highlights").bold())?;
        let title_w = w.themes.iter().map(|t| safe_line(&t.title).chars().count()).max().unwrap_or(0);
        for h in &w.highlights {
            let title =
                w.themes.iter().find(|t| t.id == h.theme).map_or(h.theme.as_str(), |t| t.title.as_str());
            let head = format!("  {:title_w$}  {}  ", safe_line(title), h.date.format("%a"));
            let room = width.saturating_sub(console::measure_text_width(&head)).max(20);
            writeln!(out, "{}{}", style(head).green(), truncate_str(&safe_line(&h.text), room, "…"))?;
        }
    }
    if let Some(s) = &w.suggestion {
        writeln!(out)?;
        writeln!(out, "{}", style("Next week").bold())?;
        for line in textwrap::wrap(&safe_line(&s.text), width.saturating_sub(2).max(20)) {
            writeln!(out, "  {line}")?;
        }
        let because = format!("why: {}", safe_line(&s.reason));
        for line in textwrap::wrap(&because, width.saturating_sub(2).max(20)) {
            writeln!(out, "  {}", style(line).dim())?;
        }
    }
    Ok(())
}

/// "How it went": per theme with a stance, how many entries did it and how many missed it,
/// in the theme's own words ("Delegation  handed over 4 · held on to 2"). Nothing when no
/// entry said either way.
fn stances<'a>(
    out: &mut impl Write,
    rows: impl Iterator<Item = (&'a str, Option<&'a StanceTally>)>,
    width: usize,
) -> io::Result<()> {
    let rows: Vec<(String, String)> = rows
        .filter_map(|(title, tally)| {
            let StanceTally { did, missed, words: (did_w, missed_w) } = tally?;
            let (did, missed) = (*did, *missed);
            (did + missed > 0).then(|| {
                let mut parts = Vec::new();
                if did > 0 {
                    parts.push(format!("{} {did}", safe_line(did_w)));
                }
                if missed > 0 {
                    parts.push(format!("{} {missed}", safe_line(missed_w)));
                }
                (safe_line(title).into_owned(), parts.join(" · "))
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", style("How it went").bold())?;
    let title_w = rows.iter().map(|(t, _)| t.chars().count()).max().unwrap_or(0);
    for (title, said) in rows {
        let line = format!("  {title:title_w$}  {said}");
        writeln!(out, "{}", truncate_str(&line, width.max(20), "…"))?;
    }
    writeln!(out)
}

/// `▁▂▃▄▅▆▇█` scaled to `max`; `·` for none.
pub(super) fn sparkline(counts: &[usize], max: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    counts
        .iter()
        .map(|&n| if n == 0 { '·' } else { BARS[((n * 8).div_ceil(max.max(1))).clamp(1, 8) - 1] })
        .collect()
}

pub fn summary(out: &mut impl Write, s: &Summary, by: By, width: usize) -> io::Result<()> {
    let n = if s.entries == 1 { "1 entry".to_string() } else { format!("{} entries", s.entries) };
    writeln!(out, "{}", style(format!("Summary · {} · {n}", date_range(s.from, s.to))).bold().cyan())?;
    writeln!(out)?;
    if s.entries == 0 {
        writeln!(
            out,
            "No entries in this range. `coachlog today` starts one; `coachlog list` shows what there is."
        )?;
        return Ok(());
    }
    match by {
        By::Theme => {
            let max = s.themes.iter().flat_map(|t| t.sparkline.iter().copied()).max().unwrap_or(0);
            let mut t = table(width);
            t.set_header(vec!["theme", "entries", "share", "first", "last", "rating", "last 12 weeks"]);
            for row in &s.themes {
                let date =
                    |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.format("%-d %b %Y").to_string());
                t.add_row(vec![
                    safe_line(&row.title).into_owned(),
                    row.entries.to_string(),
                    format!("{:.0}%", row.share * 100.0),
                    date(row.first),
                    date(row.last),
                    rating(row.rating_avg),
                    sparkline(&row.sparkline, max),
                ]);
            }
            right(&mut t, &[1, 2, 5]);
            writeln!(out, "{t}")?;
            writeln!(out)?;
            stances(out, s.themes.iter().map(|t| (t.title.as_str(), t.stance.as_ref())), width)?;
        }
        By::Week | By::Month => {
            let ids: Vec<String> = s.themes.iter().map(|t| t.id.clone()).collect();
            let mut t = table(width);
            let mut header =
                vec![if by == By::Week { "week".to_string() } else { "month".to_string() }, "entries".into()];
            header.extend(ids.iter().map(|id| safe_line(id).into_owned()));
            t.set_header(header);
            for p in &s.periods {
                let mut row = vec![safe_line(&p.period).into_owned(), p.entries.to_string()];
                row.extend(
                    ids.iter()
                        .map(|id| p.themes.get(id).map_or_else(|| "·".to_string(), ToString::to_string)),
                );
                t.add_row(row);
            }
            right(&mut t, &(1..ids.len() + 2).collect::<Vec<_>>());
            writeln!(out, "{t}")?;
        }
    }
    if !s.untouched.is_empty() {
        let list: Vec<String> = s
            .untouched
            .iter()
            .map(|u| match u.days {
                Some(d) => format!("{} ({d} days)", safe_line(&u.id)),
                None => format!("{} (not in this range)", safe_line(&u.id)),
            })
            .collect();
        writeln!(out)?;
        // Wrapped at word boundaries to the width, under the first item.
        let head = "Not touched for 14+ days:";
        let joined = list.join(", ");
        let lines = textwrap::wrap(&joined, width.saturating_sub(head.len() + 1).max(20));
        for (i, line) in lines.iter().enumerate() {
            let lead = if i == 0 { style(head).yellow().to_string() } else { " ".repeat(head.len()) };
            writeln!(out, "{lead} {line}")?;
        }
    }
    if !s.explain.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style("Why entries count for each theme").bold())?;
        let counted = |m: &std::collections::BTreeMap<String, usize>| {
            let mut v: Vec<(&String, &usize)> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            v.into_iter().map(|(k, n)| format!("{} ×{n}", safe_line(k))).collect::<Vec<_>>().join(", ")
        };
        for x in &s.explain {
            let e = if x.entries == 1 { "entry" } else { "entries" };
            writeln!(out, "  {} ({} {e})", style(safe_line(&x.theme)).green(), x.entries)?;
            for (label, map) in [
                ("prompts ", &x.prompts),
                ("tags    ", &x.tags),
                ("keywords", &x.keywords),
                ("model   ", &x.model),
            ] {
                if !map.is_empty() {
                    writeln!(out, "    {}  {}", style(label).dim(), counted(map))?;
                }
            }
        }
    }
    Ok(())
}

/// The shade of a day: nothing, then four steps.
fn cell(entries: usize, future: bool) -> String {
    if future {
        return " ".into();
    }
    let (ch, colour) = match entries {
        0 => ('·', 240),
        1 => ('░', 22),
        2 => ('▒', 28),
        3 => ('▓', 34),
        _ => ('█', 40),
    };
    Style::new().color256(colour).apply_to(ch).to_string()
}

pub fn calendar(
    out: &mut impl Write,
    c: &Calendar,
    ws: WeekStart,
    today: NaiveDate,
    width: usize,
) -> io::Result<()> {
    let (Some(first), Some(last)) = (c.days.first(), c.days.last()) else { return Ok(()) };
    let day_s = |n: usize| if n == 1 { "day" } else { "days" };
    writeln!(
        out,
        "{}",
        style(format!(
            "{} · {} {} journaled · {} entr{} · current streak {} {} · longest {} {}",
            c.year,
            c.days_journaled,
            day_s(c.days_journaled),
            c.entries,
            if c.entries == 1 { "y" } else { "ies" },
            c.current_streak,
            day_s(c.current_streak),
            c.longest_streak,
            day_s(c.longest_streak)
        ))
        .bold()
        .cyan()
    )?;
    writeln!(out)?;
    let grid_start = week_start(first.date, ws);
    let weeks = usize::try_from((last.date - grid_start).num_days() / 7 + 1).unwrap_or(53);
    let cw = if width >= 4 + weeks * 2 { 2 } else { 1 };

    // Month labels over the week in which each month begins.
    let mut labels = vec![' '; weeks * cw + 3];
    for m in 1..=12 {
        let Some(day1) = NaiveDate::from_ymd_opt(c.year, m, 1) else { continue };
        let col = usize::try_from((week_start(day1, ws) - grid_start).num_days() / 7).unwrap_or(0) * cw;
        for (i, ch) in day1.format("%b").to_string().chars().enumerate() {
            if let Some(slot) = labels.get_mut(col + i) {
                *slot = ch;
            }
        }
    }
    writeln!(out, "     {}", labels.iter().collect::<String>().trim_end())?;
    for row in 0..7u64 {
        let name = (grid_start + Days::new(row)).format("%a").to_string();
        let mut line = format!("{name}  ");
        for w in 0..weeks {
            let d = grid_start + Days::new(w as u64 * 7 + row);
            let piece = if d.year() == c.year {
                let n = c.days[usize::try_from(d.ordinal0()).unwrap_or(0)].entries;
                cell(n, d > today)
            } else {
                " ".into()
            };
            line.push_str(&piece);
            if cw == 2 {
                line.push(' ');
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "\n     {} {} {} {} {} {} {}",
        style("less").dim(),
        cell(0, false),
        cell(1, false),
        cell(2, false),
        cell(3, false),
        cell(4, false),
        style("more (entries a day)").dim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_to_the_largest_week() {
        assert_eq!(sparkline(&[0, 1, 2, 4, 8], 8), "·▁▂▄█");
        assert_eq!(sparkline(&[0, 0], 0), "··");
    }

    #[test]
    fn ranges_read_naturally() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(date_range(d("2026-11-23"), d("2026-11-29")), "Monday 23 – Sunday 29 November 2026");
        assert_eq!(
            date_range(d("2026-11-30"), d("2026-12-06")),
            "Monday 30 November – Sunday 6 December 2026"
        );
        assert_eq!(
            date_range(d("2026-12-28"), d("2027-01-03")),
            "Monday 28 December 2026 – Sunday 3 January 2027"
        );
    }
}
