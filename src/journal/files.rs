//! The only ways coachlog touches files: private folders (0700), appends and reads that never
//! follow a link or block on a FIFO, and whole-file replacements that a crash or `kill -9` at
//! any instant leaves as the old file or the new one, never half of one, and never a
//! leftover that a later run could be fooled by (SPEC §10).

use std::ffi::CString;
use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// The largest month file read whole (a real month is well under a megabyte; this is a
/// thousand times more). A bigger file is skipped with a warning rather than filling memory.
pub const MAX_MONTH_BYTES: u64 = 256 << 20;

/// Creates `dir` and any missing parents, owner-only.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

/// What a path that is not a regular file is, in words (`a FIFO`, `a folder`, …).
pub fn describe(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a regular file"
    }
}

fn not_regular(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file; coachlog reads and writes only regular files here"),
    )
}

/// `O_NOFOLLOW` reports a link as `ELOOP`; say what it means.
fn link_error(e: io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(libc::ELOOP) => not_regular("a symbolic link"),
        Some(libc::EISDIR) => not_regular("a folder"),
        _ => e,
    }
}

/// `file` if it is a regular file; anything else (a FIFO, a device, a folder) is refused.
fn only_regular(file: File) -> io::Result<File> {
    let meta = file.metadata()?;
    if meta.is_file() { Ok(file) } else { Err(not_regular(describe(&meta))) }
}

/// Opens `path` for reading without following a link, without blocking on a FIFO and without
/// taking a terminal, and only if it is a regular file.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(link_error)?;
    only_regular(file)
}

/// The bytes of the regular file `path`, at most `limit` of them (a bigger file is an error
/// that says so). Links, FIFOs, devices and folders are errors, never read.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    read_regular_into(path, limit, &mut buf)?;
    Ok(buf)
}

/// The largest config file, prompt pack, themes file, draft or answers file read.
pub const MAX_TEXT_BYTES: u64 = 4 << 20;

/// A settings file's text (config, pack, themes, draft): links are followed (people keep
/// their dotfiles in a repository and link them), but what they reach must be a regular file
/// of at most [`MAX_TEXT_BYTES`], so a FIFO or `/dev/zero` is an error, never a hang.
///
/// A link that leads nowhere is an error of its own (not `NotFound`): callers that take a
/// missing file as "none of the person's own" must not take a broken link for one.
pub fn read_text(path: &Path) -> io::Result<String> {
    let file = match OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
    {
        Err(e) if e.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() => {
            return Err(io::Error::other("it is a link to a file that does not exist"));
        }
        opened => only_regular(opened?)?,
    };
    let mut text = String::new();
    file.take(MAX_TEXT_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_TEXT_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than the {} MB coachlog reads in a settings file", MAX_TEXT_BYTES >> 20),
        ));
    }
    Ok(text)
}

/// [`read_regular`] into `buf` (cleared first), for readers that reuse their buffers.
pub fn read_regular_into(path: &Path, limit: u64, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    let file = open_regular(path)?;
    let too_big = || {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than the {} MB coachlog reads in one file", limit >> 20),
        )
    };
    let len = file.metadata()?.len();
    if len > limit {
        return Err(too_big());
    }
    buf.reserve(usize::try_from(len).unwrap_or(0));
    // A file growing while it is read is held to the same bound.
    file.take(limit + 1).read_to_end(buf)?;
    if buf.len() as u64 > limit {
        buf.clear();
        return Err(too_big());
    }
    Ok(())
}

/// Opens `path` for reading and appending, creating it owner-only. A link (even a dangling
/// one) is refused, not followed; so is anything that is not a regular file.
pub fn open_append(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(link_error)?;
    only_regular(file)
}

/// [`open_append`], locked. A repair replaces a month file by renaming a new one over it;
/// whoever waited for the old file's lock then holds a file no longer in the folder, so the
/// lock is taken again on the one that is.
pub fn lock_append(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::MetadataExt;
    loop {
        let file = open_append(path)?;
        file.lock()?;
        let held = file.metadata()?;
        match fs::symlink_metadata(path) {
            Ok(now) if now.ino() == held.ino() && now.dev() == held.dev() => return Ok(file),
            _ => file.unlock()?,
        }
    }
}

/// Whether the last `at_most` bytes of `file` (which is `len` long) pass `test`.
pub fn tail_has(file: &File, len: u64, at_most: u64, test: impl Fn(&[u8]) -> bool) -> io::Result<bool> {
    use std::os::unix::fs::FileExt;
    let take = len.min(at_most);
    let mut buf = vec![0; usize::try_from(take).unwrap_or(0)];
    file.read_exact_at(&mut buf, len - take)?;
    Ok(test(&buf))
}

/// Replaces `path` with `bytes` all at once, owner-only (see [`Replacement`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, bytes, true)
}

/// [`write_atomic`]; unless `durable`, nothing is synced, for files that are only a cache
/// (after a crash one may be missing or damaged, never half of the old and half of the new).
pub fn replace(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    let mut new = Replacement::new(path, 0o600)?;
    new.write_all(bytes)?;
    new.commit(durable)
}

/// A new version of a file, written beside it and put in its place only when complete.
///
/// Where the file system allows it (Linux, most local file systems) the new version is an
/// anonymous file (`O_TMPFILE`) until [`Replacement::commit`]: a process killed while writing
/// leaves nothing behind. Elsewhere it is a temporary file created exclusively with a random
/// name (so a planted link is never followed), removed if the write fails. Either way the
/// rename replaces the directory entry itself: a link at `path` is replaced, never written
/// through.
pub struct Replacement {
    path: PathBuf,
    dir: PathBuf,
    file: Staged,
}

enum Staged {
    Anonymous(File),
    Named(tempfile::NamedTempFile),
}

impl Replacement {
    /// Starts a replacement of `path` with permissions `mode` (whatever the umask).
    pub fn new(path: &Path, mode: u32) -> io::Result<Replacement> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let anonymous = OpenOptions::new()
            .read(true)
            .write(true)
            .mode(mode)
            .custom_flags(libc::O_TMPFILE)
            .open(dir)
            .ok()
            .filter(|_| Path::new("/proc/self/fd").is_dir());
        let file = match anonymous {
            Some(f) => Staged::Anonymous(f),
            None => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                Staged::Named(
                    tempfile::Builder::new()
                        .prefix(&format!(".{name}."))
                        .suffix(".tmp")
                        .permissions(Permissions::from_mode(mode))
                        .tempfile_in(dir)?,
                )
            }
        };
        let new = Replacement { path: path.to_path_buf(), dir: dir.to_path_buf(), file };
        // The umask may have taken bits away (or a 000 umask left none off): set them exactly.
        new.as_file().set_permissions(Permissions::from_mode(mode))?;
        Ok(new)
    }

    fn as_file(&self) -> &File {
        match &self.file {
            Staged::Anonymous(f) => f,
            Staged::Named(t) => t.as_file(),
        }
    }

    /// Puts the new version in place: synced first when `durable`, then renamed over the
    /// old one, then the folder synced.
    pub fn commit(self, durable: bool) -> io::Result<()> {
        if durable {
            self.as_file().sync_all()?;
        }
        match self.file {
            Staged::Named(t) => {
                t.persist(&self.path).map_err(|e| e.error)?;
            }
            Staged::Anonymous(f) => {
                // Give the anonymous file a random name beside its target (linkat fails
                // rather than replace anything), then rename it over the target.
                let name =
                    self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let tmp = self.dir.join(format!(".{name}.{}.tmp", ulid::Ulid::new()));
                link_anonymous(&f, &tmp)?;
                if let Err(e) = fs::rename(&tmp, &self.path) {
                    let _ = fs::remove_file(&tmp);
                    return Err(e);
                }
            }
        }
        if durable {
            sync_dir(&self.dir);
        }
        Ok(())
    }
}

impl Replacement {
    /// What has been written so far, read back from the disk (synced first): a conversion
    /// checks the new file before it replaces the old one.
    pub fn read_back(&mut self) -> io::Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        let file = self.as_file();
        file.sync_all()?;
        let mut file = file;
        file.seek(SeekFrom::Start(0))?;
        let mut out = Vec::new();
        file.read_to_end(&mut out)?;
        Ok(out)
    }
}

impl Write for Replacement {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Staged::Anonymous(f) => f.write(buf),
            Staged::Named(t) => t.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Staged::Anonymous(f) => f.flush(),
            Staged::Named(t) => t.flush(),
        }
    }
}

/// Gives the anonymous file `file` the name `to` (which must not exist).
fn link_anonymous(file: &File, to: &Path) -> io::Result<()> {
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).map_err(io::Error::other)?;
    let to = CString::new(to.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both are valid NUL-terminated strings that outlive the call; linkat only reads them.
    let rc = unsafe {
        libc::linkat(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_SYMLINK_FOLLOW)
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// Renames `from` to `to` only if `to` does not exist (a hard link, then the old name goes),
/// so that nothing already kept under `to` is ever replaced.
pub fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    fs::hard_link(from, to)?;
    fs::remove_file(from)
}

/// `base`, or `base.2`, `base.3`, … : the first name not taken.
pub fn free_name(base: &Path) -> PathBuf {
    let mut candidate = base.to_path_buf();
    let mut n = 1;
    while fs::symlink_metadata(&candidate).is_ok() {
        n += 1;
        candidate = PathBuf::from(format!("{}.{n}", base.display()));
    }
    candidate
}

/// Makes a new directory entry durable. Best effort: some file systems refuse it.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn replace_leaves_no_temporary_file_and_sets_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old").unwrap();
        replace(&path, b"new", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.md")]);
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let mut man = Replacement::new(&dir.path().join("x.1"), 0o644).unwrap();
        man.write_all(b"page").unwrap();
        man.commit(true).unwrap();
        assert_eq!(fs::metadata(dir.path().join("x.1")).unwrap().permissions().mode() & 0o777, 0o644);
    }

    #[test]
    fn replace_replaces_a_link_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "precious").unwrap();
        let path = dir.path().join("out.md");
        symlink(&victim, &path).unwrap();
        replace(&path, b"export", true).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert!(fs::symlink_metadata(&path).unwrap().is_file());
    }

    #[test]
    fn an_abandoned_replacement_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        let mut new = Replacement::new(&path, 0o600).unwrap();
        new.write_all(b"half").unwrap();
        drop(new);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn links_fifos_and_folders_are_neither_read_nor_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("notes.txt");
        fs::write(&target, "mine\n").unwrap();
        let link = dir.path().join("2026-11.jsonl");
        symlink(&target, &link).unwrap();
        let e = read_regular(&link, MAX_MONTH_BYTES).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(open_append(&link).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "mine\n");

        let dangling = dir.path().join("2026-12.jsonl");
        symlink(dir.path().join("elsewhere.jsonl"), &dangling).unwrap();
        assert!(open_append(&dangling).is_err());
        assert!(!dir.path().join("elsewhere.jsonl").exists());

        let fifo = dir.path().join("2027-01.jsonl");
        let c = CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(read_regular(&fifo, MAX_MONTH_BYTES).unwrap_err().to_string().contains("FIFO"));
        assert!(open_append(&fifo).is_err());

        let folder = dir.path().join("2027-02.jsonl");
        fs::create_dir(&folder).unwrap();
        assert!(read_regular(&folder, MAX_MONTH_BYTES).unwrap_err().to_string().contains("folder"));
    }

    #[test]
    fn reads_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        fs::write(&path, vec![b'x'; 5000]).unwrap();
        assert!(read_regular(&path, 4096).is_err());
        assert_eq!(read_regular(&path, 5000).unwrap().len(), 5000);
    }

    #[test]
    fn renaming_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::write(&a, "a").unwrap();
        fs::write(&b, "b").unwrap();
        assert!(rename_no_replace(&a, &b).is_err());
        assert_eq!(fs::read_to_string(&b).unwrap(), "b");
        let free = free_name(&b);
        assert_eq!(free, dir.path().join("b.2"));
        rename_no_replace(&a, &free).unwrap();
        assert_eq!(fs::read_to_string(&free).unwrap(), "a");
    }
}
