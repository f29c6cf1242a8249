//! `coachlog import`: entries from jrnl, Day One (its `Journal.json` or the export `.zip`)
//! or another coachlog. Everything is read and checked before anything is written; entries
//! already in the journal are skipped, so importing twice adds nothing.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::core::import::{Source, parse};
use crate::error::{Error, Result};

use super::{Context, read_error, warn_loaded};

#[derive(Debug)]
pub struct Imported {
    pub added: usize,
    pub skipped: usize,
}

pub fn run(ctx: &Context, source: Source, path: &Path) -> Result<Imported> {
    let texts = read(path)?;
    let mut records = Vec::new();
    for (name, text) in &texts {
        let parsed = parse(source, text, *ctx.now.offset()).map_err(|e| {
            Error::failure(format!("{name}: cannot import this as a {} export: {e}", source.name()))
                .with_hint("nothing was written")
        })?;
        records.extend(parsed.records);
    }
    let loaded = ctx.journal.load_all().map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let mut have: HashMap<String, u32> = loaded.records.into_iter().map(|r| (r.id, r.rev)).collect();
    let (mut added, mut skipped) = (0, 0);
    for r in records {
        if have.get(&r.id).is_some_and(|rev| *rev >= r.rev) {
            skipped += 1;
            continue;
        }
        ctx.journal.append(&r).map_err(|e| {
            Error::io("save an imported entry to", &ctx.journal.month_path(r.date), &e).with_hint(format!(
                "{added} entries were imported before this; running the import again adds only the rest"
            ))
        })?;
        have.insert(r.id.clone(), r.rev);
        added += 1;
    }
    Ok(Imported { added, skipped })
}

/// The JSON texts in `path`: the file itself, or every `.json` file in a `.zip` (Day One's
/// export holds `Journal.json`, named after the journal, beside its photos).
fn read(path: &Path) -> Result<Vec<(String, String)>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, &e))?;
    let name = path.display().to_string();
    if !bytes.starts_with(b"PK\x03\x04") {
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::failure(format!("{name}: this is not a text (JSON) file")).with_hint("nothing was written")
        })?;
        return Ok(vec![(name, text)]);
    }
    let bad = |e: &dyn std::fmt::Display| {
        Error::failure(format!("{name}: cannot read this zip file: {e}")).with_hint("nothing was written")
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| bad(&e))?;
        let inner = file.name().to_string();
        if !file.is_file() || !inner.to_lowercase().ends_with(".json") || inner.starts_with("__MACOSX") {
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(|e| bad(&e))?;
        out.push((format!("{name}:{inner}"), text));
    }
    if out.is_empty() {
        return Err(Error::failure(format!("{name}: the zip file holds no .json journal"))
            .with_hint("export from Day One as JSON, then import the .zip or the Journal.json inside it"));
    }
    Ok(out)
}
