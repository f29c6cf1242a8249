//! Drafts: the answers of a session that has not been saved yet, rewritten after every answer
//! so Ctrl-C, Esc or a closed terminal loses nothing. They live in `drafts/` inside the
//! journal folder (never read as journal records) and are removed once the entry is saved.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::core::entry::Answer;

use super::{Journal, seal, write_atomic};

/// An unfinished session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub pack: String,
    pub date: NaiveDate,
    pub started: DateTime<FixedOffset>,
    /// The prompt ids the session planned to ask, in order.
    pub plan: Vec<String>,
    /// Answers so far; skipped prompts are kept (empty) so they are not asked again.
    pub answers: Vec<Answer>,
}

impl Draft {
    /// How many prompts hold an answer.
    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_answered()).count()
    }
}

impl Journal {
    /// `drafts/2026-11-27-daily.json`; in an encrypted journal the pack is not named
    /// (`2026-11-27-<keyed hash>.json`), since file names are synced in the clear.
    pub fn draft_path(&self, pack: &str, date: NaiveDate) -> PathBuf {
        self.drafts_dir().join(draft_name(date, pack, seal::active_key_for(&self.drafts_dir()).as_deref()))
    }

    /// The drafts folder, created owner-only if missing. Drafts and edit pages hold unsaved
    /// words, so they are never written through a link to somewhere else: a `drafts` that is
    /// not a real folder is an error naming it.
    pub fn drafts_folder(&self) -> io::Result<PathBuf> {
        private_folder(self.drafts_dir())
    }

    /// Where `coachlog edit` keeps the page it opens in the editor: `drafts/`, or, when the
    /// journal is encrypted, a folder of this machine's cache (the page is plain text for the
    /// editor, and the journal folder is what gets synced).
    pub fn pages_dir(&self) -> PathBuf {
        if seal::is_encrypted(&self.root) {
            self.cache.clone().unwrap_or_else(std::env::temp_dir).join("unsaved-edits")
        } else {
            self.drafts_dir()
        }
    }

    /// [`Journal::pages_dir`], created owner-only if missing.
    pub fn pages_folder(&self) -> io::Result<PathBuf> {
        private_folder(self.pages_dir())
    }
}

/// `dir`, created owner-only if missing, and only if it is a real folder (never a link to
/// one elsewhere): where unsaved words and keys are written.
pub fn private_folder(dir: PathBuf) -> io::Result<PathBuf> {
    super::files::create_private_dir(&dir)?;
    {
        let meta = fs::symlink_metadata(&dir)?;
        if !meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "it is {}, not a folder, and coachlog keeps unsaved answers only in a real folder; replace it with a folder (`coachlog doctor` lists it)",
                    super::files::describe(&meta)
                ),
            ));
        }
        Ok(dir)
    }
}

impl Journal {
    /// Writes `draft` atomically, owner-only; sealed in an encrypted journal.
    pub fn save_draft(&self, draft: &Draft) -> io::Result<PathBuf> {
        let path = self.draft_path(&draft.pack, draft.date);
        self.drafts_folder()?;
        let mut bytes = serde_json::to_vec_pretty(draft)?;
        bytes.push(b'\n');
        match seal::active_key_for(&path) {
            Some(key) => bytes = key.seal_blob(&file_name(&path), &bytes),
            None if seal::is_encrypted(&self.root) => {
                return Err(io::Error::other("the journal was encrypted while this command ran"));
            }
            None => {}
        }
        write_atomic(&path, &bytes)?;
        Ok(path)
    }

    /// Drafts on disk, newest start first, each with its path. Unreadable files are returned
    /// as errors so the caller can say which file is damaged; they are never removed here.
    pub fn drafts(&self) -> io::Result<Vec<(PathBuf, Result<Draft, String>)>> {
        let dir = self.drafts_dir();
        if fs::symlink_metadata(&dir).is_ok() {
            self.drafts_folder()?;
        }
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let draft = super::files::read_regular(&path, super::files::MAX_TEXT_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|b| open_draft(&path, b))
                .and_then(|b| serde_json::from_slice::<Draft>(&b).map_err(|e| e.to_string()));
            out.push((path, draft));
        }
        out.sort_by(|(pa, a), (pb, b)| match (a, b) {
            (Ok(a), Ok(b)) => b.started.cmp(&a.started),
            _ => pa.cmp(pb),
        });
        Ok(out)
    }

    /// Removes a draft file.
    pub fn remove_draft(path: &Path) -> io::Result<()> {
        match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// A draft's file name, sealed (`key`) or not.
pub(super) fn draft_name(date: NaiveDate, pack: &str, key: Option<&seal::JournalKey>) -> String {
    match key {
        Some(key) => format!("{date}-{}.json", key.tag(pack)),
        None => format!("{date}-{pack}.json"),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A draft file's JSON: opened when it is sealed.
fn open_draft(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    if !seal::is_blob(&bytes) {
        if seal::active_key_for(path).is_some() {
            return Err("a draft in clear in an encrypted journal: coachlog did not write it so, and anyone with the synced folder could have, so it is not offered".into());
        }
        return Ok(bytes);
    }
    match seal::key_for(path) {
        Some(key) => key.open_blob(&file_name(path), &bytes),
        None => Err("a sealed draft, and no key of this journal is unlocked to open it".into()),
    }
}
