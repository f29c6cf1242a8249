//! One module per subcommand. Each computes plain data from the journal and packs; the `cli`
//! layer renders it. Shared pieces (saving an entry, reporting damaged lines) live here.

pub mod add;
pub mod calendar;
pub mod commitments;
pub mod config;
pub mod crypt;
pub mod delete;
pub mod doctor;
pub mod edit;
pub mod export;
pub mod import;
pub mod list;
pub mod people;
pub mod prompts;
pub mod review;
pub mod show;
pub mod status;
pub mod summary;
pub mod today;
pub mod week;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::core::date::parse_date;
use crate::core::entry::{Answer, Record};
use crate::error::{Error, Result};
use crate::journal::{Loaded, Warning};

pub use crate::context::Context;

/// What was written, for the one line that says so.
#[derive(Debug, Clone)]
pub struct Saved {
    pub id: String,
    pub date: NaiveDate,
    pub pack_title: String,
    pub answers: usize,
    pub path: PathBuf,
    /// What the session said between questions when nobody was there to read it (an
    /// answers file): shown before the line that says it was saved.
    pub notes: Vec<String>,
}

/// A first revision with a fresh ULID, stamped with the context's clock (see
/// [`Record::first`]).
pub fn new_record(
    ctx: &Context,
    date: NaiveDate,
    pack: &str,
    answers: Vec<Answer>,
    tags: Vec<String>,
) -> Record {
    Record::first(ctx.now, date, pack, answers, tags)
}

/// Appends `record` to the journal.
pub fn append(ctx: &Context, record: &Record, pack_title: &str) -> Result<Saved> {
    let path = ctx
        .journal
        .append_revision(record)
        .map_err(|e| Error::io("save the entry to", &ctx.journal.month_path(record.date), &e))?;
    Ok(Saved {
        id: record.id.clone(),
        date: record.date,
        pack_title: pack_title.to_string(),
        answers: record.answers.len(),
        path,
        notes: Vec::new(),
    })
}

/// Reads a DATE argument relative to the context's today.
pub fn parse_date_arg(ctx: &Context, text: &str) -> Result<NaiveDate> {
    parse_date(text, ctx.today()).map_err(Error::usage)
}

/// A warning on stderr, unless `--quiet`. Warnings name files and quote lines: the message
/// goes through `safe` here, the one place they are printed (SPEC §10).
pub fn warn(ctx: &Context, message: &str) {
    if !ctx.quiet {
        eprintln!(
            "{} {}",
            console::style("warning:").yellow().bold().for_stderr(),
            crate::core::text::safe(message)
        );
    }
}

/// At most this many damaged lines are listed one by one.
const MAX_LINE_WARNINGS: usize = 10;

/// Reports what a journal read skipped: damaged lines by `FILE:LINE`, newer records in total.
pub fn warn_loaded(ctx: &Context, loaded: &Loaded) {
    warn_skipped(ctx, &loaded.warnings, loaded.newer);
}

/// [`warn_loaded`] for warnings gathered from several reads.
pub fn warn_skipped(ctx: &Context, warnings: &[Warning], newer: usize) {
    for w in warnings.iter().take(MAX_LINE_WARNINGS) {
        warn(ctx, &w.to_string());
    }
    if warnings.len() > MAX_LINE_WARNINGS {
        warn(
            ctx,
            &format!(
                "{} more lines were skipped or need attention; `coachlog doctor` lists them all",
                warnings.len() - MAX_LINE_WARNINGS
            ),
        );
    }
    if newer > 0 {
        warn(
            ctx,
            &format!(
                "{newer} record(s) were written by a newer coachlog; they are kept untouched but not shown (upgrade coachlog to see them)"
            ),
        );
    }
}

/// The latest revision (a tombstone, if deleted) of the entry whose id starts with `key`, in
/// any case. No match, or several, is an error; several are listed.
pub fn find_entry(ctx: &Context, key: &str) -> Result<Record> {
    let prefix = key.trim().to_uppercase();
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::usage(format!("`{key}` is not an entry id"))
            .with_hint("give an id (or its first characters) from `coachlog list`"));
    }
    // Ids are stored upper case; only lines holding the prefix are parsed.
    let loaded = ctx
        .journal
        .scan(&crate::journal::Query::all().need(crate::journal::Need::IdPrefix(&prefix)))
        .map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let mut matches: Vec<Record> = loaded.records.into_iter().filter(|r| r.id.starts_with(&prefix)).collect();
    match matches.len() {
        0 => Err(Error::failure(format!("no entry has an id starting with `{key}`"))
            .with_hint("`coachlog list` shows recent entries with their ids")),
        1 => Ok(matches.remove(0)),
        n => {
            let list: Vec<String> = matches
                .iter()
                .take(8)
                .map(|r| {
                    let words: String = crate::core::text::one_line(&r.text()).chars().take(40).collect();
                    format!("{} ({}, {words})", r.id, r.date)
                })
                .collect();
            Err(Error::failure(format!("`{key}` matches {n} entries: {}", list.join("; ")))
                .with_hint("type more characters of the id"))
        }
    }
}

/// The next revision of `record`, stamped now (see [`Record::next_revision`]).
pub fn next_revision(ctx: &Context, record: &Record) -> Result<Record> {
    record.check().map_err(|e| damaged(record, &e))?;
    record.next_revision(ctx.now).ok_or_else(|| {
        Error::failure(format!(
            "the entry {} is at revision {}, past which coachlog cannot count; it was not changed",
            record.id, record.rev
        ))
    })
}

/// The error for an entry whose stored record breaks [`Record::check`].
pub fn damaged(record: &Record, problem: &str) -> Error {
    Error::failure(format!(
        "the entry {:?} cannot be changed: {problem}",
        crate::core::entry::short_id(&record.id)
    ))
    .with_hint("`coachlog doctor` shows the damaged lines of the journal")
}

/// Reads `months` of the journal, reporting damage.
pub fn read_error(ctx: &Context, err: &std::io::Error) -> Error {
    Error::io("read the journal in", ctx.journal.root(), err)
}
