//! The one error type that reaches `main`: a message for the person, an optional hint, and a
//! class that decides the exit code (SPEC §2: 1 data/runtime, 2 usage, 130 interrupted).

use std::fmt;
use std::io;

/// What kind of failure this is; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line asked for something impossible (exit 2).
    Usage,
    /// A runtime or data problem: a bad file, a missing entry, a failed write (exit 1).
    Failure,
    /// The person pressed Ctrl-C or Esc (exit 130).
    Interrupted,
    /// A failure that has already been shown (or must stay silent, like `status --quiet`):
    /// exit 1, print nothing.
    Silent,
    /// stdout was closed under us (`coachlog list | head`): exit 0, print nothing.
    BrokenPipe,
}

/// An error with a message that names the file, line or field at fault, and a hint that says
/// what to do next.
#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn failure(message: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Failure, message: message.into(), hint: None }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Usage, message: message.into(), hint: None }
    }

    pub fn interrupted(message: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Interrupted, message: message.into(), hint: None }
    }

    pub fn silent() -> Self {
        Error { kind: ErrorKind::Silent, message: String::new(), hint: None }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// An I/O error while working on `path`, phrased for a person.
    pub fn io(action: &str, path: &std::path::Path, err: &io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            return Error::from(io::Error::from(io::ErrorKind::BrokenPipe));
        }
        // A journal file: the hint can say more (every earlier line is whole, and another
        // journal folder can be named); an export or a config file gets the plain advice.
        let journal = path.extension().is_some_and(|e| e == "jsonl");
        let hint = match err.kind() {
            io::ErrorKind::PermissionDenied if journal => {
                Some("check the permissions of that path, or choose another journal folder with --journal")
            }
            io::ErrorKind::PermissionDenied => {
                Some("check the permissions of that path, or choose another place")
            }
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded if journal => {
                Some("free some disk space and try again; nothing earlier was changed")
            }
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                Some("free some disk space and try again")
            }
            io::ErrorKind::ReadOnlyFilesystem => Some("that file system is read-only"),
            _ => None,
        };
        let mut e = Error::failure(format!("could not {action} {}: {}", path.display(), plain(err)));
        e.hint = hint.map(str::to_string);
        e
    }

    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Usage => 2,
            ErrorKind::Failure | ErrorKind::Silent => 1,
            ErrorKind::Interrupted => 130,
            ErrorKind::BrokenPipe => 0,
        }
    }
}

/// `io::Error`'s Display adds "(os error 28)"; people do not need the number.
fn plain(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Error { kind: ErrorKind::BrokenPipe, message: String::new(), hint: None }
        } else {
            Error::failure(plain(&err))
        }
    }
}
