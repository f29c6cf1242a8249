//! `coachlog import`: entries from jrnl, Day One (its `Journal.json` or the export `.zip`)
//! or another coachlog. Everything is read and checked before anything is written; entries
//! already in the journal are skipped, so importing twice adds nothing.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::core::import::{Source, detect, parse};
use crate::error::{Error, Result};

use super::{Context, read_error, warn_loaded};

#[derive(Debug)]
pub struct Imported {
    pub added: usize,
    pub skipped: usize,
}

/// Imports `path`, written by `source` (recognised from the file when `None`).
pub fn run(ctx: &Context, source: Option<Source>, path: &Path) -> Result<Imported> {
    // Each JSON text is parsed as soon as it is read and then dropped: only records are kept.
    let mut records = Vec::new();
    read(path, &mut |name, text| {
        let source = match source.or_else(|| detect(&text)) {
            Some(s) => s,
            None => {
                return Err(Error::usage(format!("{name}: cannot tell which tool wrote this file"))
                    .with_hint("say it with --from jrnl, --from dayone or --from coachlog"));
            }
        };
        let parsed = parse(source, &text, *ctx.now.offset()).map_err(|e| {
            Error::failure(format!("{name}: cannot import this as a {} export: {e}", source.name()))
                .with_hint("nothing was written")
        })?;
        records.extend(parsed.records);
        Ok(())
    })?;
    // All or nothing: an entry too big to write is found before anything is written.
    let limit = crate::journal::MAX_RECORD_BYTES;
    let big: Vec<String> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| serde_json::to_vec(r).map_or(true, |b| b.len() >= limit))
        .take(10)
        .map(|(i, r)| format!("entry {} (id {:?})", i + 1, r.id))
        .collect();
    if !big.is_empty() {
        return Err(Error::failure(format!(
            "{} holds entries larger than the {} KB coachlog keeps in one entry: {}",
            path.display(),
            limit >> 10,
            big.join("; ")
        ))
        .with_hint("nothing was written"));
    }
    let loaded = ctx.journal.scan(&crate::journal::Query::all()).map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let mut have: HashMap<String, u32> = loaded.records.into_iter().map(|r| (r.id, r.rev)).collect();
    let (mut added, mut skipped) = (0, 0);
    for r in records {
        if have.get(&r.id).is_some_and(|rev| *rev >= r.rev) {
            skipped += 1;
            continue;
        }
        ctx.journal.append(&r).map_err(|e| {
            let err = Error::io("save an imported entry to", &ctx.journal.month_path(r.date), &e);
            if added == 0 {
                err.with_hint("nothing was imported")
            } else {
                err.with_hint(format!(
                    "{added} entries were imported before this; running the import again adds only the rest"
                ))
            }
        })?;
        have.insert(r.id.clone(), r.rev);
        added += 1;
    }
    Ok(Imported { added, skipped })
}

/// The most one file of an import may hold, or inflate to inside a zip (SPEC §10): far more
/// than decades of journaling, far less than a zip bomb asks for.
pub const MAX_IMPORT_BYTES: u64 = 256 << 20;

fn too_big(name: &str) -> Error {
    Error::failure(format!(
        "{name}: holds more than {} MB, more than coachlog imports from one file",
        MAX_IMPORT_BYTES >> 20
    ))
    .with_hint("nothing was written; export a smaller range of entries and import each file")
}

/// Reads at most `limit` bytes of text from `reader`; more is an error naming `name`.
fn read_bounded(reader: impl Read, name: &str, limit: u64) -> Result<String> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| {
        Error::failure(format!("{name}: cannot read it: {e}")).with_hint("nothing was written")
    })?;
    if bytes.len() as u64 > limit {
        return Err(too_big(name));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::failure(format!("{name}: this is not a text (JSON) file")).with_hint("nothing was written")
    })
}

/// Hands each JSON text in `path` to `each`, with its name: the file itself, or every `.json`
/// file in a `.zip` (Day One's export holds `Journal.json`, named after the journal, beside
/// its photos). No text may be bigger than [`MAX_IMPORT_BYTES`].
fn read(path: &Path, each: &mut dyn FnMut(String, String) -> Result<()>) -> Result<()> {
    let name = path.display().to_string();
    let mut file = File::open(path).map_err(|e| Error::io("read", path, &e))?;
    let mut magic = Vec::new();
    (&mut file).take(4).read_to_end(&mut magic).map_err(|e| Error::io("read", path, &e))?;
    file.seek(SeekFrom::Start(0)).map_err(|e| Error::io("read", path, &e))?;
    if magic != b"PK\x03\x04" {
        let text = read_bounded(file, &name, MAX_IMPORT_BYTES)?;
        return each(name, text);
    }
    let bad = |e: &dyn std::fmt::Display| {
        Error::failure(format!("{name}: cannot read this zip file: {e}")).with_hint("nothing was written")
    };
    let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(&e))?;
    let mut found = false;
    let mut budget = MAX_IMPORT_BYTES;
    for i in 0..zip.len() {
        let file = zip.by_index(i).map_err(|e| bad(&e))?;
        let inner = file.name().to_string();
        if !file.is_file() || !inner.to_lowercase().ends_with(".json") || inner.starts_with("__MACOSX") {
            continue;
        }
        let label = format!("{name}:{inner}");
        // The size the zip declares is checked first (no inflating at all); `take` holds a
        // file that lies about it to the same bound. The bound is for the whole zip: entries
        // that share one compressed stream cannot each inflate it again.
        if file.size() > budget {
            return Err(too_big(&label));
        }
        let text = read_bounded(file, &label, budget)?;
        budget -= text.len() as u64;
        each(label, text)?;
        found = true;
    }
    if !found {
        return Err(Error::failure(format!("{name}: the zip file holds no .json journal"))
            .with_hint("export from Day One as JSON, then import the .zip or the Journal.json inside it"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_past_the_bound_is_an_error_naming_it() {
        let err = read_bounded(std::io::repeat(b'x'), "bomb.zip:Journal.json", 1000).unwrap_err();
        assert!(err.to_string().contains("bomb.zip:Journal.json: holds more than"), "{err}");
        assert_eq!(read_bounded(&b"{}"[..], "a.json", 2).unwrap(), "{}");
    }
}
