//! Sealed lines: encryption at rest that keeps month files append-only and mergeable.
//!
//! An encrypted journal has a random 256-bit journal key (wrapped with `age` in `keys/`, see
//! `crate::keyring`). Each record is still one line, but only what merging and ordering
//! need stays readable:
//!
//! `{"v":2,"id":"…","rev":1,"date":"2026-11-27","key":"<key id>","sealed":"<base64>"}`
//!
//! `sealed` is a random 24-byte nonce and the whole record (as a plain line would hold it)
//! sealed with XChaCha20-Poly1305. The clear fields and the month of the file the line is
//! written to are the associated data, so a line cannot be altered, renumbered, redated or
//! moved to another month's file without failing to open. `v` is 2 so that a coachlog older
//! than encryption keeps such lines untouched as "written by a newer coachlog".
//!
//! Readers never see seals: [`open_file`] turns a month file's bytes into the bytes of the
//! plain file it stands for, one line for one line, so every reader, prefilter and line
//! number works unchanged. A line that does not open becomes a line the parser reports as
//! damaged, with why ([`MARK`]).
//!
//! The unlocked keys live in one registry, by journal folder ([`unlock`], [`key_for`]):
//! readers of month files are free functions given paths, and the key follows the path.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, AeadInPlace, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::listing::month_key;

/// The record version of a sealed line.
pub const SEALED_VERSION: u32 = 2;

/// The first byte of a line [`open_file`] could not open because it was altered: the parser
/// reports the rest as the reason, as a damaged line (a journal line never starts with NUL).
pub const MARK: u8 = 0;

/// The first byte of a line [`open_file`] keeps from readers without calling it damaged (so
/// that no repair moves it away): sealed with a key not open here, or in clear in an
/// encrypted journal, where anyone with the synced folder could have written it. The rest
/// is the reason.
pub const KEPT: u8 = 1;

/// The folder, inside the journal, that holds the wrapped journal key (see `crate::keyring`).
pub const KEYS_DIR: &str = "keys";

/// Where `coachlog decrypt` puts `keys/`: kept, so a sealed line that arrives later from
/// another machine can still be opened (`coachlog encrypt` takes the key back from here).
pub const RETIRED_KEYS_DIR: &str = "keys-retired";

/// A journal key: 32 random bytes, never written anywhere unwrapped.
pub struct JournalKey {
    cipher: XChaCha20Poly1305,
    id: String,
    bytes: [u8; 32],
}

impl std::fmt::Debug for JournalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JournalKey({})", self.id)
    }
}

impl Drop for JournalKey {
    fn drop(&mut self) {
        // Not a guarantee (copies may exist), but the key does not outlive its use here.
        self.bytes = [0; 32];
    }
}

/// The clear fields of a sealed line.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    v: u32,
    id: &'a str,
    rev: u32,
    date: &'a str,
    key: &'a str,
    sealed: &'a str,
}

/// A sealed line that is not a record (a damaged line, kept as it was): no clear fields.
#[derive(Serialize, Deserialize)]
struct RawLine<'a> {
    v: u32,
    key: &'a str,
    raw: &'a str,
}

/// A sealed draft (a whole file).
#[derive(Serialize, Deserialize)]
struct Blob<'a> {
    v: u32,
    key: &'a str,
    sealed: &'a str,
}

impl JournalKey {
    /// A new random key.
    pub fn generate() -> JournalKey {
        JournalKey::from_bytes(XChaCha20Poly1305::generate_key(&mut OsRng).into())
    }

    pub fn from_bytes(bytes: [u8; 32]) -> JournalKey {
        let digest = Sha256::new().chain_update(b"coachlog journal key id\0").chain_update(bytes).finalize();
        let id = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        JournalKey { cipher: XChaCha20Poly1305::new(&bytes.into()), id, bytes }
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// A short public name of the key (16 hex digits), written beside every seal so a line
    /// sealed with another journal's key is told apart from an altered one.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A keyed hash of `text` (hex), for names of files that must not say what they hold.
    pub fn tag(&self, text: &str) -> String {
        let digest = Sha256::new()
            .chain_update(b"coachlog name\0")
            .chain_update(self.bytes)
            .chain_update(text.as_bytes())
            .finalize();
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    fn seal(&self, aad: &[u8], plain: &[u8]) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, Payload { msg: plain, aad })
            // Only a message of more than 256 GB can fail to seal.
            .unwrap_or_default();
        let mut out = Vec::with_capacity(nonce.len() + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        B64.encode(out)
    }

    fn open(&self, aad: &[u8], sealed: &str) -> Option<Vec<u8>> {
        let mut buf = Vec::new();
        self.open_in(aad, sealed, &mut buf).map(<[u8]>::to_vec)
    }

    /// Opens `sealed` in `buf` (reused from line to line: a whole journal is opened this
    /// way, so no line costs an allocation), returning the plain bytes.
    fn open_in<'b>(&self, aad: &[u8], sealed: &str, buf: &'b mut Vec<u8>) -> Option<&'b [u8]> {
        buf.clear();
        B64.decode_vec(sealed, buf).ok()?;
        if buf.len() < 24 + 16 {
            return None;
        }
        let (nonce, body) = buf.split_at_mut(24);
        let (text, tag) = body.split_at_mut(body.len() - 16);
        self.cipher
            .decrypt_in_place_detached(
                XNonce::from_slice(nonce),
                aad,
                text,
                chacha20poly1305::Tag::from_slice(tag),
            )
            .ok()?;
        let end = buf.len() - 16;
        Some(&buf[24..end])
    }

    /// The sealed line (without `\n`) of a record whose plain line is `plain`, to be written
    /// to the month file `file`.
    pub fn seal_line(&self, plain: &[u8], file: &Path) -> std::io::Result<Vec<u8>> {
        #[derive(Deserialize)]
        struct Clear<'a> {
            id: &'a str,
            rev: u32,
            date: &'a str,
        }
        let clear: Clear<'_> = serde_json::from_slice(plain)?;
        let month = file_month(file);
        let aad = line_aad(&month, SEALED_VERSION, clear.id, clear.rev, clear.date, &self.id);
        let sealed = self.seal(&aad, plain);
        let header = Header {
            v: SEALED_VERSION,
            id: clear.id,
            rev: clear.rev,
            date: clear.date,
            key: &self.id,
            sealed: &sealed,
        };
        Ok(serde_json::to_vec(&header)?)
    }

    /// A line that is not a record (damaged, torn, of a newer format) sealed as it is, for
    /// the file `file`: its words are hidden too, and it opens back to the same bytes.
    pub fn seal_raw_line(&self, line: &[u8], file: &Path) -> Vec<u8> {
        let sealed = self.seal(&raw_aad(&file_month(file), &self.id), line);
        serde_json::to_vec(&RawLine { v: SEALED_VERSION, key: &self.id, raw: &sealed }).unwrap_or_default()
    }

    /// A whole file's bytes sealed for the file named `name` (drafts).
    pub fn seal_blob(&self, name: &str, plain: &[u8]) -> Vec<u8> {
        let sealed = self.seal(&blob_aad(name, &self.id), plain);
        let mut out = serde_json::to_vec(&Blob { v: SEALED_VERSION, key: &self.id, sealed: &sealed })
            .unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// The bytes [`JournalKey::seal_blob`] sealed, or why they do not open.
    pub fn open_blob(&self, name: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
        let blob: Blob<'_> =
            serde_json::from_slice(bytes).map_err(|_| "not a sealed file coachlog wrote".to_string())?;
        if blob.key != self.id {
            return Err(format!("sealed with another journal key ({})", blob.key));
        }
        self.open(&blob_aad(name, blob.key), blob.sealed)
            .ok_or_else(|| "it does not open: it was altered or damaged after it was written".to_string())
    }
}

/// Whether `bytes` look like a sealed whole file ([`JournalKey::seal_blob`]).
pub fn is_blob(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Blob<'_>>(bytes).is_ok()
}

fn line_aad(month: &str, v: u32, id: &str, rev: u32, date: &str, key: &str) -> Vec<u8> {
    format!("coachlog sealed line\0{month}\0{v}\0{id}\0{rev}\0{date}\0{key}").into_bytes()
}

fn raw_aad(month: &str, key: &str) -> Vec<u8> {
    format!("coachlog sealed raw line\0{month}\0{key}").into_bytes()
}

fn blob_aad(name: &str, key: &str) -> Vec<u8> {
    format!("coachlog sealed file\0{name}\0{key}").into_bytes()
}

/// The month a file's name says it holds (`2026-11`), or `""`.
fn file_month(file: &Path) -> String {
    file.file_name().and_then(|n| n.to_str()).and_then(month_key).unwrap_or_default()
}

/// The keys unlocked in this process, by journal folder, and whether each is the journal's
/// key now (or only the key it had before `coachlog decrypt`, kept to read what another
/// machine sealed meanwhile).
static KEYS: RwLock<Vec<(PathBuf, Arc<JournalKey>, bool)>> = RwLock::new(Vec::new());

/// Makes `key` the key of the journal at `root` for the rest of the process.
pub fn unlock(root: &Path, key: Arc<JournalKey>) {
    register(root, key, true);
}

/// Makes `key` a key that opens sealed lines of the journal at `root`, which is not
/// encrypted any more: nothing new is sealed with it.
pub fn unlock_retired(root: &Path, key: Arc<JournalKey>) {
    register(root, key, false);
}

fn register(root: &Path, key: Arc<JournalKey>, active: bool) {
    let mut keys = KEYS.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    keys.retain(|(r, _, _)| r != root);
    keys.push((root.to_path_buf(), key, active));
}

/// Forgets the key of the journal at `root` (after `coachlog decrypt`).
pub fn forget(root: &Path) {
    KEYS.write().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|(r, _, _)| r != root);
}

fn entry_for(path: &Path) -> Option<(Arc<JournalKey>, bool)> {
    let keys = KEYS.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    keys.iter()
        .filter(|(root, _, _)| path.starts_with(root))
        .max_by_key(|(root, _, _)| root.as_os_str().len())
        .map(|(_, key, active)| (Arc::clone(key), *active))
}

/// The key that opens sealed lines of the journal that holds `path`, if one is open.
pub fn key_for(path: &Path) -> Option<Arc<JournalKey>> {
    entry_for(path).map(|(key, _)| key)
}

/// The key the journal that holds `path` seals with now: `None` when it is not encrypted
/// (or not open here).
pub fn active_key_for(path: &Path) -> Option<Arc<JournalKey>> {
    entry_for(path).filter(|(_, active)| *active).map(|(key, _)| key)
}

/// Whether the journal at `root` is encrypted: it has wrapped keys.
pub fn is_encrypted(root: &Path) -> bool {
    std::fs::read_dir(root.join(KEYS_DIR)).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(".age") && !n.starts_with('.')))
    })
}

/// The field that only sealed lines have, as it is written (a quote inside an answer is
/// escaped, so this never matches text).
const SEALED_FIELD: &[u8] = b"\"sealed\":\"";

/// Whether any line of `bytes` is sealed.
pub fn has_sealed(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, SEALED_FIELD).is_some()
}

/// The key id the first sealed line of `bytes` names.
pub fn first_key_id(bytes: &[u8]) -> Option<String> {
    let at = memchr::memmem::find(bytes, b"\"key\":\"")? + 7;
    let id = bytes.get(at..at + 16)?;
    id.iter().all(u8::is_ascii_hexdigit).then(|| String::from_utf8_lossy(id).into_owned())
}

/// The field of a sealed raw line ([`JournalKey::seal_raw_line`]).
const RAW_FIELD: &[u8] = b"\"raw\":\"";

/// Whether any line of `bytes` is sealed.
pub fn has_any_sealed(bytes: &[u8]) -> bool {
    has_sealed(bytes) || memchr::memmem::find(bytes, RAW_FIELD).is_some()
}

/// Whether a line of `bytes` is a sealed line (a quick search first, then the line itself,
/// so a plain record that merely has a field of the same name does not count).
pub fn has_sealed_line(bytes: &[u8]) -> bool {
    has_any_sealed(bytes) && bytes.split(|b| *b == b'\n').any(is_sealed_line)
}

/// Whether this one line is sealed (a record or a raw line).
pub fn is_sealed_line(line: &[u8]) -> bool {
    (has_sealed(line) && parse_header(line).is_some()) || parse_raw(line).is_some()
}

fn parse_raw(line: &[u8]) -> Option<RawLine<'_>> {
    memchr::memmem::find(line, RAW_FIELD)?;
    serde_json::from_slice::<RawLine<'_>>(super::lines::bare(line)).ok().filter(|h| h.v == SEALED_VERSION)
}

fn parse_header(line: &[u8]) -> Option<Header<'_>> {
    serde_json::from_slice::<Header<'_>>(super::lines::bare(line)).ok().filter(|h| h.v == SEALED_VERSION)
}

/// What one line of a file holds once opened.
pub enum Opened<'a> {
    /// Not a sealed line: as it is.
    Plain(&'a [u8]),
    /// A sealed line, opened: the record's plain line.
    Record(Vec<u8>),
    /// A sealed line that does not open, and why.
    Closed(String),
    /// A line kept from readers but not damaged, and why (see [`KEPT`]).
    Kept(String),
}

/// Opens one line of the month file `file`.
pub fn open_line<'a>(line: &'a [u8], file: &Path, key: Option<&JournalKey>) -> Opened<'a> {
    let mut buf = Vec::new();
    match open_line_in(line, file, key, &mut buf) {
        Opening::Plain(line) => Opened::Plain(line),
        Opening::Record => Opened::Record(buf),
        Opening::Closed(why) => Opened::Closed(why),
        Opening::Kept(why) => Opened::Kept(why),
    }
}

/// [`open_line`], with the plain record left in `buf`.
enum Opening<'a> {
    Plain(&'a [u8]),
    Record,
    Closed(String),
    Kept(String),
}

fn open_line_in<'a>(line: &'a [u8], file: &Path, key: Option<&JournalKey>, buf: &mut Vec<u8>) -> Opening<'a> {
    if let Some(raw) = parse_raw(line) {
        let Some(key) = key else { return Opening::Kept(NO_KEY.into()) };
        if raw.key != key.id {
            return Opening::Kept(other_key(raw.key, key));
        }
        return match key.open_in(&raw_aad(&file_month(file), raw.key), raw.raw, buf) {
            Some(plain) => {
                let len = plain.len();
                buf.copy_within(24..24 + len, 0);
                buf.truncate(len);
                Opening::Record
            }
            None => Opening::Closed(ALTERED.into()),
        };
    }
    if memchr::memmem::find(line, SEALED_FIELD).is_none() {
        return Opening::Plain(line);
    }
    let Some(h) = parse_header(line) else {
        // A newer format, or a line damaged in its clear fields: the parser says which.
        return Opening::Plain(line);
    };
    let Some(key) = key else { return Opening::Kept(NO_KEY.into()) };
    if h.key != key.id {
        return Opening::Kept(other_key(h.key, key));
    }
    let month = file_month(file);
    if let Some(plain) = key.open_in(&line_aad(&month, h.v, h.id, h.rev, h.date, h.key), h.sealed, buf) {
        let len = plain.len();
        buf.copy_within(24..24 + len, 0);
        buf.truncate(len);
        return Opening::Record;
    }
    // Sealed for another month's file? Then it was moved, not altered: kept where it is.
    let own = h.date.get(..7).unwrap_or_default();
    if own != month && key.open(&line_aad(own, h.v, h.id, h.rev, h.date, h.key), h.sealed).is_some() {
        return Opening::Kept(format!(
            "a sealed line of the {own} file, moved here; it is not shown until it is back in {own}.jsonl (`coachlog doctor --repair` moves it)"
        ));
    }
    Opening::Closed(ALTERED.into())
}

const ALTERED: &str = "a sealed line that does not open: it was altered or damaged after it was written";

const NO_KEY: &str = "a sealed line, and no key of this journal is open here (is its keys/ folder missing, or not synced yet?); it is kept, not shown";

fn other_key(theirs: &str, ours: &JournalKey) -> String {
    format!(
        "sealed with another journal key ({theirs}, not {}): was the journal encrypted on two machines, or a line of another journal copied here? It is kept, not shown; `coachlog doctor` explains",
        ours.id
    )
}

/// Why a plain line of an encrypted journal is not shown.
const IN_CLEAR: &str = "a line in clear in an encrypted journal: anyone with the synced folder could have written it, so it is kept, not shown; if it is yours, `coachlog encrypt` seals it";

/// The bytes of the month file `file` as readers see them (see the module's notes): each
/// sealed line opened in place, one line for one line. Plain files cost one search.
pub fn open_file(file: &Path, bytes: Vec<u8>) -> Vec<u8> {
    open_file_in(file, bytes, None)
}

/// [`open_file`], leaving as they are the lines dated outside `range` (by their clear date):
/// the parser passes over them unread, so a look at the last few days opens only those.
pub fn open_file_in(
    file: &Path,
    bytes: Vec<u8>,
    range: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Vec<u8> {
    let entry = entry_for(file);
    let active = entry.as_ref().is_some_and(|(_, a)| *a);
    if !active && !has_any_sealed(&bytes) {
        return bytes;
    }
    let key = entry.map(|(k, _)| k);
    let mut out = Vec::with_capacity(bytes.len());
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', &bytes).chain(std::iter::once(bytes.len()));
    for end in ends {
        if start > bytes.len() {
            break;
        }
        let line = &bytes[start..end];
        if let Some((from, to)) = range
            && super::lines::line_date(line).is_some_and(|d| d < from || d > to)
        {
            out.extend_from_slice(line);
            if end < bytes.len() {
                out.push(b'\n');
            }
            start = end + 1;
            continue;
        }
        match open_line_in(line, file, key.as_deref(), &mut buf) {
            Opening::Plain(line) if active && is_plain_json(line) => {
                out.push(KEPT);
                out.extend_from_slice(IN_CLEAR.as_bytes());
            }
            Opening::Plain(line) => out.extend_from_slice(line),
            Opening::Record => out.extend_from_slice(&buf),
            Opening::Closed(why) => {
                out.push(MARK);
                out.extend(why.bytes().filter(|b| *b != b'\n'));
            }
            Opening::Kept(why) => {
                out.push(KEPT);
                out.extend(why.bytes().filter(|b| *b != b'\n'));
            }
        }
        if end < bytes.len() {
            out.push(b'\n');
        }
        start = end + 1;
    }
    out
}

/// Whether a plain line is a whole JSON object (a record, or one of a newer format): in an
/// encrypted journal it is kept from readers (see [`IN_CLEAR`]); anything else is damage
/// for the parser to report.
fn is_plain_json(line: &[u8]) -> bool {
    let line = super::lines::bare(line);
    !line.iter().all(u8::is_ascii_whitespace) && serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

/// [`open_file`] on borrowed bytes.
pub fn open_slice<'a>(file: &Path, bytes: &'a [u8]) -> Cow<'a, [u8]> {
    if has_any_sealed(bytes) || active_key_for(file).is_some() {
        Cow::Owned(open_file(file, bytes.to_vec()))
    } else {
        Cow::Borrowed(bytes)
    }
}

/// A sealed line of `plain` for `file` with the key of the journal holding it; the plain
/// line itself when the journal is not encrypted; an error when it is and no key is
/// unlocked (never a plain line in an encrypted journal).
pub fn seal_for(root: &Path, file: &Path, plain: Vec<u8>) -> std::io::Result<Vec<u8>> {
    match active_key_for(file) {
        Some(key) => key.seal_line(&plain, file),
        None if is_encrypted(root) => Err(std::io::Error::other(
            "the journal was encrypted while this command ran (it has keys/ now); nothing was saved, so run the command again",
        )),
        None => Ok(plain),
    }
}

/// A sealed line moved from one month's file to `to` (a repair): opened and sealed again for
/// its new file. Plain lines, and lines that do not open, are returned as they are.
pub fn reseal(line: &[u8], from: &Path, to: &Path) -> Vec<u8> {
    let key = key_for(from);
    match open_line(line, from, key.as_deref()) {
        Opened::Record(plain) => match key.map(|k| k.seal_line(&plain, to)) {
            Some(Ok(sealed)) => sealed,
            _ => line.to_vec(),
        },
        _ => line.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &[u8] = br#"{"v":1,"id":"01JDQ8G2Z3M4N5P6Q7R8S9T0VW","rev":1,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27","pack":"daily","answers":[{"prompt":"p","theme":"trust","kind":"text","question":"q","text":"Maria is struggling"}],"tags":["trust"]}"#;

    fn nov() -> PathBuf {
        PathBuf::from("/j/2026/2026-11.jsonl")
    }

    #[test]
    fn a_sealed_line_opens_to_its_plain_line_and_hides_the_words() {
        let key = JournalKey::generate();
        let sealed = key.seal_line(PLAIN, &nov()).unwrap();
        let text = String::from_utf8(sealed.clone()).unwrap();
        assert!(!text.contains("Maria") && !text.contains("daily") && !text.contains("trust"));
        assert!(
            text.starts_with(
                r#"{"v":2,"id":"01JDQ8G2Z3M4N5P6Q7R8S9T0VW","rev":1,"date":"2026-11-27","key":""#
            )
        );
        match open_line(&sealed, &nov(), Some(&key)) {
            Opened::Record(plain) => assert_eq!(plain, PLAIN),
            _ => panic!("did not open"),
        }
    }

    #[test]
    fn a_flipped_byte_a_moved_line_and_another_key_do_not_open() {
        let key = JournalKey::generate();
        let sealed = key.seal_line(PLAIN, &nov()).unwrap();
        let closed = |line: &[u8], file: &Path, key: &JournalKey| match open_line(line, file, Some(key)) {
            Opened::Closed(why) | Opened::Kept(why) => why,
            _ => panic!("opened"),
        };
        let mut flipped = sealed.clone();
        let at = flipped.len() - 10;
        flipped[at] = if flipped[at] == b'A' { b'B' } else { b'A' };
        assert!(closed(&flipped, &nov(), &key).contains("altered"));
        let redated = String::from_utf8(sealed.clone()).unwrap().replace("2026-11-27", "2026-11-28");
        assert!(closed(redated.as_bytes(), &nov(), &key).contains("altered"));
        assert!(closed(&sealed, Path::new("/j/2026/2026-10.jsonl"), &key).contains("moved here"));
        assert!(closed(&sealed, &nov(), &JournalKey::generate()).contains("another journal key"));
        // A sync tool's copy of the month is the same month.
        assert!(matches!(
            open_line(&sealed, Path::new("/j/2026/2026-11.sync-conflict-x.jsonl"), Some(&key)),
            Opened::Record(_)
        ));
    }

    #[test]
    fn a_file_opens_line_for_line() {
        let key = JournalKey::generate();
        let sealed = key.seal_line(PLAIN, &nov()).unwrap();
        let mut file = Vec::new();
        file.extend_from_slice(&sealed);
        file.extend_from_slice(b"\n\nnot json\n");
        file.extend_from_slice(&sealed[..40]);
        let root = PathBuf::from("/tmp/coachlog-seal-test-a-file-opens");
        unlock(&root, Arc::new(key));
        let opened = open_file(&root.join("2026/2026-11.jsonl"), file);
        forget(&root);
        let lines: Vec<&[u8]> = opened.split(|b| *b == b'\n').collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], PLAIN);
        assert_eq!(lines[1], b"");
        assert_eq!(lines[2], b"not json");
        assert_eq!(lines[3], &sealed[..40], "a torn seal stays for the parser to call torn");
    }

    #[test]
    fn a_damaged_line_sealed_raw_opens_to_its_own_bytes_in_its_month_only() {
        let key = JournalKey::generate();
        let raw = key.seal_raw_line(b"{\"v\":1,\"id\":\"torn Maria", &nov());
        assert!(!String::from_utf8_lossy(&raw).contains("Maria"));
        assert!(is_sealed_line(&raw));
        match open_line(&raw, &nov(), Some(&key)) {
            Opened::Record(plain) => assert_eq!(plain, b"{\"v\":1,\"id\":\"torn Maria"),
            _ => panic!("did not open"),
        }
        assert!(matches!(open_line(&raw, Path::new("/j/2026/2026-10.jsonl"), Some(&key)), Opened::Closed(_)));
    }

    #[test]
    fn in_an_encrypted_journal_a_plain_record_is_kept_from_readers() {
        let root = PathBuf::from("/tmp/coachlog-seal-test-plain-kept");
        unlock(&root, Arc::new(JournalKey::generate()));
        let mut file = PLAIN.to_vec();
        file.extend_from_slice(b"\nnot json\n");
        let opened = open_file(&root.join("2026/2026-11.jsonl"), file);
        forget(&root);
        assert_eq!(opened[0], KEPT);
        assert!(opened.ends_with(b"\nnot json\n"), "damage stays damage for the parser");
    }

    #[test]
    fn a_plain_record_with_fields_named_like_a_seals_is_not_sealed() {
        let plain = br#"{"v":1,"id":"01JDQ8G2Z3M4N5P6Q7R8S9T0VW","rev":1,"date":"2026-11-27","extra":{"raw":"x","sealed":"y","key":"z"}}"#;
        assert!(has_any_sealed(plain), "the quick search may say yes");
        assert!(!has_sealed_line(plain) && !is_sealed_line(plain), "the line itself says no");
    }

    #[test]
    fn blobs_open_only_under_their_name() {
        let key = JournalKey::generate();
        let blob = key.seal_blob("a.json", b"{\"x\":1}");
        assert!(is_blob(&blob));
        assert_eq!(key.open_blob("a.json", &blob).unwrap(), b"{\"x\":1}");
        assert!(key.open_blob("b.json", &blob).is_err());
    }
}
