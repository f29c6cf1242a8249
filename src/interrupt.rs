//! What a Ctrl-C needs to know to say goodbye well: how many answers the draft on disk holds
//! and where it is, whether an answer is half typed, and whether the entry is being saved (a
//! Ctrl-C then waits, so an entry is never saved with its draft left behind to be saved
//! twice). The handler runs on its own thread while a prompt waits; this is the one owner of
//! that shared state.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct InterruptState {
    answered: AtomicUsize,
    draft: Mutex<Option<PathBuf>>,
    /// The pack of the draft (its file name does not say it in an encrypted journal).
    pack: Mutex<Option<String>>,
    saving: AtomicBool,
    typing: AtomicBool,
    /// A passphrase is being asked, before any session.
    unlocking: AtomicBool,
}

static STATE: InterruptState = InterruptState {
    answered: AtomicUsize::new(0),
    draft: Mutex::new(None),
    pack: Mutex::new(None),
    saving: AtomicBool::new(false),
    typing: AtomicBool::new(false),
    unlocking: AtomicBool::new(false),
};

/// What the handler says goodbye with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub answered: usize,
    pub draft: Option<PathBuf>,
    pub pack: Option<String>,
    /// An answer was being typed (not yet entered): it is not in the draft.
    pub typing: bool,
    /// A passphrase was being asked: nothing had started.
    pub unlocking: bool,
}

/// Saving in progress until dropped.
pub struct Saving(&'static InterruptState);

impl Drop for Saving {
    fn drop(&mut self) {
        self.0.saving.store(false, Ordering::SeqCst);
    }
}

impl InterruptState {
    /// The process's one state.
    pub fn get() -> &'static InterruptState {
        &STATE
    }

    /// The draft at `path` now holds `answered` answers.
    pub fn draft_saved(&self, answered: usize, path: &Path, pack: &str) {
        self.answered.store(answered, Ordering::SeqCst);
        if let Ok(mut slot) = self.draft.lock() {
            *slot = Some(path.to_path_buf());
        }
        if let Ok(mut slot) = self.pack.lock() {
            *slot = Some(pack.to_string());
        }
    }

    /// The draft became an entry: nothing is left to keep.
    pub fn draft_done(&self) {
        self.answered.store(0, Ordering::SeqCst);
    }

    /// Marks the entry as being saved until the guard is dropped.
    pub fn saving(&'static self) -> Saving {
        self.saving.store(true, Ordering::SeqCst);
        Saving(self)
    }

    pub fn set_unlocking(&self, unlocking: bool) {
        self.unlocking.store(unlocking, Ordering::SeqCst);
    }

    pub fn set_typing(&self, typing: bool) {
        self.typing.store(typing, Ordering::SeqCst);
    }

    /// Waits for a save under way to finish, then tells what was kept.
    pub fn settle(&self) -> Snapshot {
        while self.saving.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        Snapshot {
            answered: self.answered.load(Ordering::SeqCst),
            draft: self.draft.lock().ok().and_then(|p| p.clone()),
            pack: self.pack.lock().ok().and_then(|p| p.clone()),
            typing: self.typing.load(Ordering::SeqCst),
            unlocking: self.unlocking.load(Ordering::SeqCst),
        }
    }
}
