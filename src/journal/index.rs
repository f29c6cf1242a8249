//! Kept digests of month files (see `core::digest`), so whole-journal reports do not read and
//! classify thirty years of entries each time: most months never change. A month's digest is
//! kept in the user's cache folder (`~/.cache/coachlog/index/<journal>/2026-11.json`, owner
//! only, no words in it) and trusted only while every file of the month has the same size,
//! inode, modification and change time, and the lexicon has the same fingerprint; otherwise
//! the month is read again and its digest replaced. A missing, damaged or unwritable cache
//! only costs time: the journal itself is always the truth.
//!
//! Other readers keep their own month files beside the digests the same way
//! ([`Index::kept`]: `2026-11.people.json`, `2026-11.follow-ups.json`), each trusted under
//! its own fingerprint, and each holding no words either.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::core::digest::Digest;
use crate::core::entry::Entry;
use crate::core::text::fnv1a;
use crate::core::theme::Themes;

use super::files;
use super::listing::{Month, in_month};
use super::merge::Warning;
use super::scan::{Query, read_month};
use super::{borrowed, lines};

/// Bumped whenever what a digest holds, or how it is computed, changes.
const FORMAT: &str = "coachlog-index-4";

/// A kept digest is a small regular file; anything else (a FIFO, a link to `/dev/zero`, a
/// huge file) is ignored and the month read again.
const MAX_DIGEST_BYTES: u64 = 64 << 20;

/// The kept digests of one journal.
#[derive(Debug, Clone)]
pub struct Index {
    /// `None`: nothing is kept (no cache folder), every month is read.
    dir: Option<PathBuf>,
    /// An encrypted journal's key: what is kept is sealed with it too, so that not even
    /// pack names and hashes of names lie in the cache in clear (see [`super::seal`]).
    key: Option<std::sync::Arc<super::seal::JournalKey>>,
}

/// One month, digested: its entries (latest revisions, not deleted, in date order) and what
/// reading it warned about, so the warnings are shown again on every read.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct MonthDigest {
    pub entries: Vec<Digest>,
    pub warnings: Vec<Warning>,
    pub newer: usize,
}

#[derive(Serialize, Deserialize)]
struct Kept<T> {
    stamp: String,
    month: T,
}

impl Index {
    /// The digests of the journal at `journal_root`, kept under `cache_dir` (if any).
    pub fn open(cache_dir: Option<&Path>, journal_root: &Path) -> Index {
        // Without the key, an encrypted month reads as lines kept from view, which are
        // warnings, and a month with warnings is never kept: nothing needs checking here.
        let key = super::seal::active_key_for(journal_root);
        let dir = cache_dir.map(|cache| {
            let root = journal_root.canonicalize().unwrap_or_else(|_| journal_root.to_path_buf());
            cache.join("index").join(format!("{:016x}", fnv1a(root.as_os_str().as_bytes().iter().copied())))
        });
        Index { dir, key }
    }

    /// Where the digests are kept, if anywhere.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// `month`, digested with `themes`: from the cache when it is current, else read (and
    /// kept for next time). Errors only when the journal cannot be read.
    pub fn month(&self, month: &Month, themes: &Themes) -> io::Result<MonthDigest> {
        // A month with damaged lines is not kept: its warnings quote the lines.
        self.kept(month, "", &themes.fingerprint(), || digest(month, themes), |d| d.warnings.is_empty())
    }

    /// What `work` makes of `month`, kept beside the digests as `<month><suffix>.json` and
    /// trusted while the month's files and `fingerprint` (what else `work` depends on) stay
    /// the same; what `wanted` says no to (it may hold words: a warning quoting a damaged line)
    /// is not kept. The cache folder is not the journal: nothing kept holds a word of it.
    pub fn kept<T: Serialize + DeserializeOwned>(
        &self,
        month: &Month,
        suffix: &str,
        fingerprint: &str,
        work: impl FnOnce() -> io::Result<T>,
        wanted: impl FnOnce(&T) -> bool,
    ) -> io::Result<T> {
        let kept_at =
            self.dir.as_ref().zip(month.key.as_ref()).map(|(d, k)| d.join(format!("{k}{suffix}.json")));
        // Stamped before reading: a file that grows meanwhile gets a stale stamp, never the reverse.
        let stamp = kept_at.as_ref().and_then(|_| stamp(&month.files, suffix, fingerprint));
        if let (Some(path), Some(stamp)) = (&kept_at, &stamp)
            && let Ok(bytes) = files::read_regular(path, MAX_DIGEST_BYTES)
            && let Some(bytes) = self.open_kept(path, bytes)
            && let Ok(kept) = serde_json::from_slice::<Kept<T>>(&bytes)
            && kept.stamp == *stamp
        {
            return Ok(kept.month);
        }
        let value = work()?;
        if let (Some(path), Some(stamp)) = (kept_at, stamp)
            && wanted(&value)
        {
            let kept = Kept { stamp, month: value };
            // Best effort: a cache that cannot be written is only slower next time.
            let _ = keep(&path, &kept, self.key.as_deref());
            return Ok(kept.month);
        }
        Ok(value)
    }
}

/// A month read and digested: records borrowed from the files (no copy of the words) when
/// every line is whole, else read in full (see [`read_month`]), which reports what is damaged.
fn digest(month: &Month, themes: &Themes) -> io::Result<MonthDigest> {
    let files = &month.files;
    let mut contents = Vec::with_capacity(files.len());
    for f in files {
        match lines::read_month(f) {
            Ok(bytes) => contents.push(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // Unreadable: the full read below says so.
            Err(_) => return digest_loaded(files, themes),
        }
    }
    let Some((records, newer)) = borrowed::latest_borrowed_whole(&contents) else {
        return digest_loaded(files, themes);
    };
    // A record filed in another month's file: the full read says so.
    if let Some(key) = &month.key
        && records.iter().any(|r| !in_month(r.date, key))
    {
        return digest_loaded(files, themes);
    }
    let entries = records.iter().filter(|r| !r.deleted).map(|r| Digest::classify(r, themes)).collect();
    Ok(MonthDigest { entries, warnings: Vec::new(), newer })
}

fn digest_loaded(files: &[PathBuf], themes: &Themes) -> io::Result<MonthDigest> {
    let loaded = read_month(files, &Query::all(), None);
    let entries = loaded
        .records
        .into_iter()
        .filter(|r| !r.deleted)
        .map(|r| Digest::of(&Entry::classify(r, themes), themes))
        .collect();
    Ok(MonthDigest { entries, warnings: loaded.warnings, newer: loaded.newer })
}

/// What a month's files look like now; `None` when one cannot be looked at.
fn stamp(files: &[PathBuf], kind: &str, fingerprint: &str) -> Option<String> {
    let mut out = format!("{FORMAT}{kind} {} {fingerprint}", env!("CARGO_PKG_VERSION"));
    // Another build of coachlog may classify differently: each binary keeps its own digests.
    if let Ok(m) = std::env::current_exe().and_then(fs::metadata) {
        let _ = write!(out, " exe {} {}.{}", m.len(), m.mtime(), m.mtime_nsec());
    }
    for f in files {
        match fs::symlink_metadata(f) {
            Ok(m) => {
                // The file's name by a hash: a sync tool's copy can be named after a person.
                let _ = write!(
                    out,
                    "|{:016x} {} {} {}.{} {}.{}",
                    fnv1a(f.as_os_str().as_bytes().iter().copied()),
                    m.len(),
                    m.ino(),
                    m.mtime(),
                    m.mtime_nsec(),
                    m.ctime(),
                    m.ctime_nsec()
                );
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let _ = write!(out, "|{:016x} missing", fnv1a(f.as_os_str().as_bytes().iter().copied()));
            }
            Err(_) => return None,
        }
    }
    Some(out)
}

/// Writes a digest whole, not synced (see [`files::replace`]): after a crash it is complete,
/// absent or unreadable, and the last two only mean reading the month again.
fn keep<T: Serialize>(path: &Path, kept: &Kept<T>, key: Option<&super::seal::JournalKey>) -> io::Result<()> {
    // A cache folder (this journal's, or `index/` above it) that is a link would put the
    // digests wherever it points: then nothing is kept.
    for dir in path.ancestors().skip(1).take(2) {
        if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
            return Err(io::Error::other("the cache folder is not a folder"));
        }
    }
    let bytes = serde_json::to_vec(kept)?;
    let bytes = match key {
        Some(key) => key.seal_blob(&kept_name(path), &bytes),
        None => bytes,
    };
    files::replace(path, &bytes, false)
}

/// The name a kept file is sealed under: its own (a sealed digest moved to another month's
/// name does not open).
fn kept_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

impl Index {
    /// A kept file's JSON: opened with the journal key when the journal is encrypted (a plain
    /// one is then not trusted, nor a sealed one in a plain journal).
    fn open_kept(&self, path: &Path, bytes: Vec<u8>) -> Option<Vec<u8>> {
        match &self.key {
            Some(key) => key.open_blob(&kept_name(path), &bytes).ok(),
            None => Some(bytes),
        }
    }
}
