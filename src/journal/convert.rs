//! `coachlog encrypt` and `decrypt` on the files: every month file (and each copy a sync tool
//! made) rewritten with its records sealed or opened, one file at a time, under its lock.
//!
//! Crash-safe and idempotent: a file's new version is written beside it, synced, read back
//! from the disk and checked line by line against the old one (every record the same once
//! opened, every other line untouched), and only then renamed over it; a kill at any instant
//! leaves each file whole, old or new, and running the command again finishes the rest. Lines
//! that are not records (damaged, torn, a newer format) are never changed.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::files::{self, Replacement};
use super::lines::{bare, read_file};
use super::seal::{self, JournalKey, Opened};
use super::{Journal, draft};
use crate::core::entry::{RECORD_VERSION, Record};

/// Which way a conversion goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Seal,
    Open,
}

/// What a conversion did.
#[derive(Debug, Default)]
pub struct Conversion {
    /// Month files looked at, and how many were rewritten.
    pub files: usize,
    pub rewritten: usize,
    /// Records sealed (or opened) now, and records already so.
    pub converted: usize,
    pub already: usize,
    /// Lines left as they were: damaged or torn lines (in clear), records of a newer format,
    /// and (opening) sealed lines that do not open. `doctor` lists them.
    pub left: Vec<(PathBuf, usize, String)>,
    /// Drafts sealed or opened.
    pub drafts: usize,
    /// Edit pages moved out of the journal folder (sealing), to where.
    pub pages: Vec<PathBuf>,
}

impl Journal {
    /// Seals (or opens) every record of the journal with `key`.
    pub fn convert(&self, direction: Direction, key: &JournalKey) -> io::Result<Conversion> {
        let mut out = Conversion::default();
        for month in self.months()? {
            for path in &month.files {
                // A link, FIFO or folder in a month file's place is never read or written
                // through: it is named and left (reads skip it too).
                match std::fs::symlink_metadata(path) {
                    Ok(meta) if meta.is_file() => {}
                    Ok(meta) => {
                        let what = files::describe(&meta);
                        out.left.push((path.clone(), 0, format!("{what}, not a file: skipped")));
                        continue;
                    }
                    Err(_) => continue,
                }
                out.files += 1;
                convert_file(path, direction, key, &mut out)?;
            }
        }
        // What repairs kept beside the month files (quarantined lines, folded copies) holds
        // words too.
        // (Counted apart: the lines of a folded copy are not more entries.)
        let mut extras = Conversion::default();
        for path in super::check::own_extras(self.root()) {
            convert_file(&path, direction, key, &mut extras)?;
        }
        out.left.extend(extras.left);
        self.convert_drafts(direction, key, &mut out)?;
        Ok(out)
    }

    fn convert_drafts(&self, direction: Direction, key: &JournalKey, out: &mut Conversion) -> io::Result<()> {
        let dir = self.drafts_dir();
        // A drafts folder that is a link is never read or written through (sessions refuse it too).
        if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            return Ok(());
        }
        let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            if !meta.is_file() {
                continue;
            }
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if name.starts_with("edit-") && name.ends_with(".md") {
                // A page of an edit that did not finish: plain text for the editor, so it
                // leaves the synced folder for this machine's own (see `pages_dir`).
                if direction == Direction::Seal {
                    let to_dir = self.pages_folder()?;
                    if to_dir != dir {
                        let to = files::free_name(&to_dir.join(&name));
                        let bytes = files::read_regular(&path, files::MAX_TEXT_BYTES)?;
                        files::write_atomic(&to, &bytes)?;
                        std::fs::remove_file(&path)?;
                        out.pages.push(to);
                    }
                }
                continue;
            }
            if !name.ends_with(".json") {
                continue;
            }
            let bytes = files::read_regular(&path, files::MAX_TEXT_BYTES)?;
            let sealed = seal::is_blob(&bytes);
            let draft: draft::Draft = match (direction, sealed) {
                (Direction::Seal, false) | (Direction::Open, true) => {
                    let plain = if sealed {
                        match key.open_blob(&name, &bytes) {
                            Ok(p) => p,
                            Err(_) => continue,
                        }
                    } else {
                        bytes
                    };
                    match serde_json::from_slice(&plain) {
                        Ok(d) => d,
                        // A damaged draft stays as it is; `today` names it.
                        Err(_) => continue,
                    }
                }
                _ => continue,
            };
            // Written under its new name (the pack named, or not) before the old one goes.
            let mut plain = serde_json::to_vec_pretty(&draft)?;
            plain.push(b'\n');
            let sealing = (direction == Direction::Seal).then_some(key);
            let new_name = draft::draft_name(draft.date, &draft.pack, sealing);
            let new = dir.join(&new_name);
            let bytes = match direction {
                Direction::Seal => key.seal_blob(&new_name, &plain),
                Direction::Open => plain,
            };
            files::write_atomic(&new, &bytes)?;
            if new != path {
                std::fs::remove_file(&path)?;
            }
            out.drafts += 1;
        }
        Ok(())
    }
}

/// One line, converted: `None` when it stays as it is.
fn convert_line(
    line: &[u8],
    path: &Path,
    direction: Direction,
    key: &JournalKey,
) -> Result<Option<Vec<u8>>, Option<String>> {
    let bare = bare(line);
    if bare.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match (direction, seal::open_line(bare, path, Some(key))) {
        (Direction::Seal, Opened::Plain(plain)) => match serde_json::from_slice::<Record>(plain) {
            Ok(r) if r.v <= RECORD_VERSION && r.check().is_ok() => {
                key.seal_line(plain, path).map(Some).map_err(|e| Some(e.to_string()))
            }
            Err(_) if seal::is_sealed_line(plain) => Err(None),
            // Damaged, torn, or of a newer format: sealed as it is, words and all.
            _ => Ok(Some(key.seal_raw_line(line, path))),
        },
        (Direction::Seal, Opened::Record(_)) => Err(None),
        (Direction::Open, Opened::Record(plain)) => Ok(Some(plain)),
        (Direction::Open, Opened::Plain(plain)) if serde_json::from_slice::<Record>(plain).is_ok() => {
            Err(None)
        }
        (Direction::Open, Opened::Plain(_)) => Ok(None),
        (_, Opened::Closed(why) | Opened::Kept(why)) => Err(Some(why)),
    }
}

fn convert_file(path: &Path, direction: Direction, key: &JournalKey, out: &mut Conversion) -> io::Result<()> {
    let file = files::lock_append(path)?;
    let bytes = read_file(path)?;
    let mut new = Vec::with_capacity(bytes.len() * 4 / 3 + 64);
    let mut changed = false;
    let body = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    if !bytes.is_empty() {
        for (i, line) in body.split(|b| *b == b'\n').enumerate() {
            match convert_line(line, path, direction, key) {
                Ok(Some(converted)) => {
                    new.extend_from_slice(&converted);
                    out.converted += 1;
                    changed = true;
                }
                Ok(None) => new.extend_from_slice(line),
                Err(None) => {
                    new.extend_from_slice(line);
                    out.already += 1;
                }
                Err(Some(why)) => {
                    new.extend_from_slice(line);
                    out.left.push((path.to_path_buf(), i + 1, why));
                }
            }
            new.push(b'\n');
        }
        if !bytes.ends_with(b"\n") {
            // A torn last line stays torn: it is not a record.
            new.pop();
        }
    }
    if !changed {
        file.unlock()?;
        return Ok(());
    }
    let mut replacement = Replacement::new(path, 0o600)?;
    replacement.write_all(&new)?;
    let back = replacement.read_back()?;
    if back != new || !same_records(path, &bytes, &back, key) {
        file.unlock()?;
        return Err(io::Error::other(format!(
            "{}: the converted file did not read back the same, so the old one was kept as it is",
            path.display()
        )));
    }
    replacement.commit(true)?;
    file.unlock()?;
    out.rewritten += 1;
    Ok(())
}

/// Whether `old` and `new` (two versions of the file at `path`) hold the same lines once
/// opened: every record the same, every other line the same bytes.
fn same_records(path: &Path, old: &[u8], new: &[u8], key: &JournalKey) -> bool {
    let open = |bytes: &[u8]| -> Vec<Vec<u8>> {
        bytes
            .split(|b| *b == b'\n')
            .map(|line| match seal::open_line(bare(line), path, Some(key)) {
                Opened::Record(plain) => plain,
                Opened::Plain(p) if serde_json::from_slice::<Record>(p).is_ok() => p.to_vec(),
                _ => line.to_vec(),
            })
            .collect()
    };
    open(old) == open(new)
}
