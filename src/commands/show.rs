//! `coachlog show ID-OR-DATE`: one entry by id prefix, or every entry of a day.

use crate::core::date::parse_date;
use crate::core::entry::Entry;
use crate::core::text::one_line;
use crate::error::{Error, Result};

use super::{Context, library, read_error, warn_loaded};

pub fn run(ctx: &Context, key: &str) -> Result<Vec<Entry>> {
    let themes = library::load_themes(ctx)?;
    if let Ok(date) = parse_date(key, ctx.today()) {
        let loaded = ctx.journal.load_range(date, date).map_err(|e| read_error(ctx, &e))?;
        warn_loaded(ctx, &loaded);
        let entries: Vec<Entry> = loaded
            .records
            .into_iter()
            .filter(|r| r.date == date && !r.deleted)
            .map(|r| Entry::classify(r, &themes))
            .collect();
        if entries.is_empty() {
            return Err(Error::failure(format!("no entries on {}", date.format("%A %-d %B %Y")))
                .with_hint("`coachlog list` shows the days you have written"));
        }
        return Ok(entries);
    }

    let prefix = key.trim().to_uppercase();
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::usage(format!("`{key}` is neither a date nor an entry id"))
            .with_hint("give an id (or its first characters) from `coachlog list`, or a date such as 2026-11-27 or yesterday"));
    }
    let loaded = ctx.journal.load_all().map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let matches: Vec<_> =
        loaded.records.into_iter().filter(|r| r.id.starts_with(&prefix) && !r.deleted).collect();
    match matches.len() {
        0 => Err(Error::failure(format!("no entry has an id starting with `{key}`"))
            .with_hint("`coachlog list` shows recent entries with their ids")),
        1 => Ok(matches.into_iter().map(|r| Entry::classify(r, &themes)).collect()),
        n => {
            let list: Vec<String> = matches
                .iter()
                .take(8)
                .map(|r| {
                    let words: String = one_line(&r.text()).chars().take(40).collect();
                    format!("{} ({}, {words})", r.id, r.date)
                })
                .collect();
            Err(Error::failure(format!("`{key}` matches {n} entries: {}", list.join("; ")))
                .with_hint("type more characters of the id"))
        }
    }
}
