//! Storage (SPEC §5): one JSON Lines file per month of entry date, appended under a lock,
//! never rewritten. `Journal::open_in(dir)` is the seam tests use.

mod borrowed;
pub mod check;
pub mod convert;
pub mod draft;
pub mod files;
pub mod index;
mod lines;
mod listing;
mod merge;
mod par;
mod scan;
pub mod seal;
mod window;

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::core::entry::Record;
use crate::core::period::month_label;
pub use files::{create_private_dir, write_atomic};
pub use index::{Index, MonthDigest};
pub use listing::Month;
pub use merge::{Loaded, Warning};
pub use scan::{MonthRead, Need, NewestFirst, Query, Scratch};
pub use window::Window;

/// `.gitattributes` written at the journal's top so `git pull` unions month files.
const GITATTRIBUTES: &str = "# coachlog: month files only ever grow, so merging two copies means keeping both sides.\n*.jsonl merge=union\n";

/// The largest record coachlog writes: about 150,000 words, far beyond any entry a person
/// types, and small enough that a month file stays readable (see
/// [`files::MAX_MONTH_BYTES`]) for years of such entries.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// A journal folder.
#[derive(Debug, Clone)]
pub struct Journal {
    root: PathBuf,
    /// Where month digests are kept (see [`index`]); `None`: nowhere.
    cache: Option<PathBuf>,
}

impl Journal {
    pub fn open_in(root: impl Into<PathBuf>) -> Journal {
        Journal { root: root.into(), cache: None }
    }

    /// The journal, keeping month digests under `cache` (see [`index`]).
    pub fn with_cache(self, cache: Option<PathBuf>) -> Journal {
        Journal { cache, ..self }
    }

    /// The kept digests of this journal's months.
    pub fn index(&self) -> Index {
        Index::open(self.cache.as_deref(), &self.root)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `ROOT/2026/2026-11.jsonl` for an entry dated in November 2026.
    pub fn month_path(&self, date: NaiveDate) -> PathBuf {
        let year = date.year();
        self.root.join(format!("{year:04}")).join(format!("{year:04}-{:02}.jsonl", date.month()))
    }

    pub fn drafts_dir(&self) -> PathBuf {
        self.root.join("drafts")
    }

    /// Appends `record` to its month file: lock, one write of one whole line (after a `\n`
    /// when a torn tail left the file without one), `sync_data`, unlock. Returns the file.
    ///
    /// The file is never reached through a link, and a revision (`rev` > 1) is written only
    /// if, under the lock, the latest revision of its entry in that month is the one it
    /// replaces: an edit racing a deletion cannot silently undo it.
    pub fn append(&self, record: &Record) -> std::io::Result<PathBuf> {
        self.append_to(self.month_path(record.date), record)
    }

    /// [`Journal::append`] for the next revision of an entry the person changed (edit,
    /// delete, undelete): it goes where the entry's revisions are (see
    /// [`Journal::revision_path`]). An import, which may bring many later revisions of
    /// entries new to this journal, appends by date and never looks.
    pub fn append_revision(&self, record: &Record) -> std::io::Result<PathBuf> {
        self.append_to(self.revision_path(record)?, record)
    }

    fn append_to(&self, path: PathBuf, record: &Record) -> std::io::Result<PathBuf> {
        let dir = path.parent().unwrap_or(&self.root);
        create_private_dir(dir)?;
        // A year folder that is a link would put the entry where no read looks for it.
        let meta = std::fs::symlink_metadata(dir)?;
        if !meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} is {}, not a folder; `coachlog doctor` explains",
                    dir.display(),
                    files::describe(&meta)
                ),
            ));
        }
        self.ensure_gitattributes()?;
        // In an encrypted journal the line is sealed for the file it goes to (see [`seal`]).
        let mut line = seal::seal_for(&self.root, &path, serde_json::to_vec(record)?)?;
        line.push(b'\n');
        if line.len() > MAX_RECORD_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "the entry is {} KB, more than the {} KB coachlog keeps in one entry; nothing was saved",
                    line.len() >> 10,
                    MAX_RECORD_BYTES >> 10
                ),
            ));
        }

        let mut file = files::lock_append(&path)?;
        // `coachlog encrypt` makes the journal's keys before it seals the files, each under
        // its lock: a plain line that would land after that must not be written.
        let len = file.metadata()?.len();
        if seal::active_key_for(&path).is_none() {
            if seal::is_encrypted(&self.root) {
                return Err(std::io::Error::other(
                    "the journal was encrypted while this command ran; nothing was saved, so run the command again",
                ));
            }
            // Sealed lines in this file, and no key: the journal's keys/ folder is missing
            // (not synced yet, or removed). A plain line here would be in clear. (A journal
            // decrypted here opens them with its retired key, and writes in clear.)
            if seal::key_for(&path).is_none()
                && files::tail_has(&file, len, 64 * 1024, seal::has_sealed_line)?
            {
                return Err(std::io::Error::other(
                    "this month's file holds sealed lines, but the journal has no keys/ folder here (not synced yet, or removed?); nothing was saved. Restore keys/ from another copy of the journal, then run the command again",
                ));
            }
        }
        // Never say "saved" for an entry no read would show.
        if len + line.len() as u64 + 1 > files::MAX_MONTH_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "this month's file would grow past the {} MB coachlog reads in one file; nothing was saved (`coachlog doctor` explains)",
                    files::MAX_MONTH_BYTES >> 20
                ),
            ));
        }
        if record.rev > 1 {
            let bytes = lines::read_month(&path)?;
            // Another revision as new as this one was written meanwhile (an edit racing a
            // deletion: both would be revision 2). A later revision brought by an import may
            // skip numbers; that is no conflict.
            let latest = lines::latest_rev(&bytes, &record.id);
            if latest.is_some_and(|rev| rev >= record.rev) {
                return Err(std::io::Error::other(format!(
                    "entry {} was changed by another coachlog while this one worked on it (it is now at revision {}); nothing was saved, so run the command again",
                    record.id,
                    latest.unwrap_or_default()
                )));
            }
        }
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                line.insert(0, b'\n');
            }
        }
        // O_APPEND puts this at the end whatever the read position; one write, one line.
        if let Err(e) = file.write_all(&line).and_then(|()| file.sync_data()) {
            // A full disk may have taken part of the line: cut the file back to what it was
            // (we still hold the lock), so no torn record is left behind.
            let _ = file.set_len(len);
            let _ = file.sync_data();
            return Err(e);
        }
        file.unlock()?;
        if len == 0 {
            files::sync_dir(dir);
        }
        Ok(path)
    }

    /// Where `record` is appended: its month's file, unless it is a later revision of an entry
    /// whose revisions so far sit in another month's file (a record filed in the wrong month,
    /// by hand or by another tool). Then it goes there, so that every revision of an entry
    /// stays in one file and a month read alone still sees the latest (a deletion written
    /// elsewhere would leave the entry alive in its file's month). Looking costs a read of
    /// the journal's month files, and only in that case.
    fn revision_path(&self, record: &Record) -> std::io::Result<PathBuf> {
        let own = self.month_path(record.date);
        if record.rev <= 1 {
            return Ok(own);
        }
        match lines::read_month(&own) {
            Ok(bytes) if lines::latest_rev(&bytes, &record.id).is_some() => return Ok(own),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let finder = memchr::memmem::Finder::new(record.id.as_bytes());
        let mut latest: Option<(u32, PathBuf)> = None;
        for month in self.months()? {
            let Some(key) = &month.key else { continue };
            // Only a month's own file: a sync-conflict copy may be removed by the sync tool.
            let own_name = format!("{key}.jsonl");
            for path in month.files.iter().filter(|p| p.file_name().is_some_and(|n| *n == *own_name)) {
                let Ok(bytes) = lines::read_month(path) else { continue };
                if finder.find(&bytes).is_none() {
                    continue;
                }
                if let Some(rev) = lines::latest_rev(&bytes, &record.id)
                    && latest.as_ref().is_none_or(|(r, _)| rev > *r)
                {
                    latest = Some((rev, path.clone()));
                }
            }
        }
        Ok(latest.map_or(own, |(_, path)| path))
    }

    fn ensure_gitattributes(&self) -> std::io::Result<()> {
        let path = self.root.join(".gitattributes");
        if path.exists() {
            return Ok(());
        }
        write_atomic(&path, GITATTRIBUTES.as_bytes())
    }

    /// How many lines of the journal are dated `day`, read from each line's date alone (which
    /// a sealed line shows): what `status --quiet` can tell without opening anything.
    pub fn dated_lines(&self, day: NaiveDate) -> std::io::Result<usize> {
        let mut n = 0;
        for month in self.months_between(Some(day), Some(day))? {
            for path in &month.files {
                match lines::read_file(path) {
                    Ok(bytes) => {
                        n += lines::lines_of(&bytes).filter(|l| lines::line_date(l) == Some(day)).count()
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(n)
    }

    /// Every month of the journal, oldest first.
    pub fn months(&self) -> std::io::Result<Vec<Month>> {
        listing::months(&self.root)
    }

    /// The months that can hold entries dated between `from` and `to` (either open), oldest
    /// first; oddly named files, whose month is unknown, are always included.
    pub fn months_between(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> std::io::Result<Vec<Month>> {
        let (lo, hi) = (from.map(month_label), to.map(month_label));
        let years = (from.is_some() || to.is_some())
            .then(|| (from.map_or(i32::MIN, |d| d.year()), to.map_or(i32::MAX, |d| d.year())));
        Ok(listing::months_in(&self.root, years)?
            .into_iter()
            .filter(|m| {
                m.key.as_ref().is_none_or(|k| {
                    lo.as_ref().is_none_or(|lo| k >= lo) && hi.as_ref().is_none_or(|hi| k <= hi)
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests;
