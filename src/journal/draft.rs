//! Drafts: the answers of a session that has not been saved yet, rewritten after every answer
//! so Ctrl-C, Esc or a closed terminal loses nothing. They live in `drafts/` inside the
//! journal folder (never read as journal records) and are removed once the entry is saved.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::core::entry::Answer;

use super::{Journal, write_atomic};

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
    pub fn draft_path(&self, pack: &str, date: NaiveDate) -> PathBuf {
        self.drafts_dir().join(format!("{date}-{pack}.json"))
    }

    /// The drafts folder, created owner-only if missing. Drafts and edit pages hold unsaved
    /// words, so they are never written through a link to somewhere else: a `drafts` that is
    /// not a real folder is an error naming it.
    pub fn drafts_folder(&self) -> io::Result<PathBuf> {
        let dir = self.drafts_dir();
        super::files::create_private_dir(&dir)?;
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

    /// Writes `draft` atomically, owner-only.
    pub fn save_draft(&self, draft: &Draft) -> io::Result<PathBuf> {
        let path = self.draft_path(&draft.pack, draft.date);
        self.drafts_folder()?;
        let mut bytes = serde_json::to_vec_pretty(draft)?;
        bytes.push(b'\n');
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
                .and_then(|b| serde_json::from_slice::<Draft>(&b).map_err(|e| e.to_string()));
            out.push((path, draft));
        }
        out.sort_by(|(pa, a), (pb, b)| match (a, b) {
            (Ok(a), Ok(b)) => b.started.cmp(&a.started),
            _ => pa.cmp(pb),
        });
        Ok(out)
    }

    pub fn remove_draft(path: &Path) -> io::Result<()> {
        match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
