//! `coachlog show ID-OR-DATE`: one entry by id prefix, or every entry of a day.

use crate::core::date::parse_date;
use crate::core::entry::Entry;
use crate::error::{Error, Result};

use super::{Context, find_entry, read_error, warn_loaded};
use crate::library;

pub fn run(ctx: &Context, key: &str) -> Result<Vec<Entry>> {
    let themes = library::themes_or_builtin(ctx, "reading");
    if let Ok(date) = parse_date(key, ctx.today()) {
        let loaded =
            ctx.journal.scan(&crate::journal::Query::dated(date, date)).map_err(|e| read_error(ctx, &e))?;
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

    if !key.trim().bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::usage(format!("`{key}` is neither a date nor an entry id")).with_hint(
            "give an id (or its first characters) from `coachlog list`, or a date such as 2026-11-27 or yesterday",
        ));
    }
    let record = find_entry(ctx, key)?;
    Ok(vec![Entry::classify(record, &themes)])
}
