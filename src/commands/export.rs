//! `coachlog export`: markdown to read or share, one note per day for Obsidian and friends,
//! or JSON to move a journal. Files are written whole (temporary file, then rename).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::core::commitment::commitments;
use crate::core::entry::Entry;
use crate::core::filter::FilterInput;
use crate::core::markdown::{self, Grouping};
use crate::error::{Error, Result};
use crate::journal::write_atomic;

use super::{Context, filter, library, read_error, warn_loaded};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Md,
    Json,
}

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub format: Format,
    pub grouping: Grouping,
    pub filters: FilterInput,
    pub output: Option<PathBuf>,
    pub dir: Option<PathBuf>,
    pub force: bool,
}

/// What an export did.
#[derive(Debug)]
pub enum Exported {
    /// The document, for stdout.
    Text(String),
    File {
        path: PathBuf,
        entries: usize,
    },
    Dir {
        dir: PathBuf,
        files: usize,
        entries: usize,
    },
}

pub fn run(ctx: &Context, opts: &ExportOptions) -> Result<Exported> {
    if opts.dir.is_some() && opts.format == Format::Json {
        return Err(Error::usage("--dir writes markdown notes; use -o FILE for JSON"));
    }
    let lib = library::load(ctx)?;
    let f = filter::resolve(ctx, &lib.themes, &opts.filters)?;
    // Commitments are settled by later entries, so everything is read once.
    let loaded = ctx.journal.load_all().map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let all: Vec<Entry> =
        loaded.records.into_iter().filter(|r| !r.deleted).map(|r| Entry::classify(r, &lib.themes)).collect();
    let promised = commitments(&all);
    let entries: Vec<Entry> = all.into_iter().filter(|e| f.matches(e)).collect();
    let titles: HashMap<String, String> =
        lib.packs.iter().map(|p| (p.pack.id.clone(), p.pack.title.clone())).collect();
    let mctx = markdown::Context { themes: &lib.themes, pack_titles: &titles, commitments: &promised };

    if let Some(dir) = &opts.dir {
        let mut days: BTreeMap<NaiveDate, Vec<&Entry>> = BTreeMap::new();
        for e in &entries {
            days.entry(e.record.date).or_default().push(e);
        }
        let notes: Vec<(PathBuf, String)> = days
            .iter()
            .map(|(date, list)| {
                let path =
                    dir.join(format!("{:04}", date.year())).join(format!("{}.md", date.format("%Y-%m-%d")));
                (path, markdown::daily_note(*date, list, &mctx))
            })
            .collect();
        if !opts.force {
            let existing: Vec<&PathBuf> = notes.iter().map(|(p, _)| p).filter(|p| p.exists()).collect();
            if let Some(first) = existing.first() {
                return Err(Error::failure(format!(
                    "{} already exists ({} of the {} notes are there); nothing was written",
                    first.display(),
                    existing.len(),
                    notes.len()
                ))
                .with_hint("add --force to replace them, or export to an empty folder"));
            }
        }
        for (path, text) in &notes {
            write_atomic(path, text.as_bytes()).map_err(|e| Error::io("write", path, &e))?;
        }
        return Ok(Exported::Dir { dir: dir.clone(), files: notes.len(), entries: entries.len() });
    }

    let text = match opts.format {
        Format::Md => markdown::document(&entries, opts.grouping, &mctx),
        Format::Json => {
            let records: Vec<&crate::core::entry::Record> = entries.iter().map(|e| &e.record).collect();
            let mut s =
                serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "entries": records }))
                    .map_err(|e| Error::failure(format!("could not write JSON: {e}")))?;
            s.push('\n');
            s
        }
    };
    match &opts.output {
        Some(path) => {
            write_atomic(path, text.as_bytes()).map_err(|e| Error::io("write", path, &e))?;
            Ok(Exported::File { path: path.clone(), entries: entries.len() })
        }
        None => Ok(Exported::Text(text)),
    }
}
