//! The keys of an encrypted journal (see `journal::seal`): the journal key, wrapped with
//! `age` once per way of opening it in `JOURNAL/keys/NAME.age`, and the identities that
//! unwrap it: an age X25519 identity kept in the config folder (made for the person), an
//! SSH private key they already have, or a passphrase (age's scrypt recipient).
//!
//! The identity never lives in the journal folder: that folder is the copy that gets synced.
//! A wrapped key holds nothing but the journal key, so adding a way in (`coachlog key add`) is
//! one new file, never a change to any other, and two machines adding keys merge cleanly.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use age::secrecy::{ExposeSecret, SecretString};
use base64::Engine as _;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::journal::files;
use crate::journal::seal::{self, JournalKey, KEYS_DIR};

/// The first line of a wrapped key's plain text.
const PAYLOAD_HEADER: &str = "coachlog journal key 1";

/// How hard a passphrase is made to guess: scrypt with 2^16 rounds (64 MiB, a fraction of a
/// second). The wrapped key sits in the synced folder, where anyone who gets the copy can try
/// passphrases at leisure; a passphrase is asked once per command, so this is paid each time.
const SCRYPT_WORK_FACTOR: u8 = 16;

/// The environment variable naming a command that prints the passphrase.
pub const PASSPHRASE_COMMAND: &str = "COACHLOG_PASSPHRASE_COMMAND";

/// The largest wrapped key or identity file read.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// One wrapped copy of the journal key.
#[derive(Debug, Clone)]
pub struct Wrapped {
    pub name: String,
    pub path: PathBuf,
    /// `passphrase`, `age identity`, `ssh key`, or what age calls it.
    pub kind: String,
}

/// The wrapped keys of the journal at `root`, by name.
pub fn wrapped(root: &Path) -> Vec<Wrapped> {
    wrapped_in(&root.join(KEYS_DIR))
}

/// The wrapped keys in the folder `dir`, by name.
pub fn wrapped_in(dir: &Path) -> Vec<Wrapped> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let path = e.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".age"))
        else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let kind = files::read_regular(&path, MAX_KEY_FILE)
            .map_or_else(|e| format!("unreadable: {e}"), |b| kind_of(&b));
        out.push(Wrapped { name: name.to_string(), path, kind });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// What opens a wrapped key, read from its age header's first stanza.
fn kind_of(bytes: &[u8]) -> String {
    let tag = bytes
        .split(|b| *b == b'\n')
        .find_map(|l| l.strip_prefix(b"-> "))
        .and_then(|l| l.split(|b| *b == b' ').next())
        .map(|t| String::from_utf8_lossy(t).into_owned());
    match tag.as_deref() {
        Some("scrypt") => "passphrase".into(),
        Some("X25519") => "age identity".into(),
        Some("ssh-ed25519" | "ssh-rsa") => "ssh key".into(),
        Some(other) => other.to_string(),
        None => "not an age file".into(),
    }
}

/// A way to open the journal key, as `coachlog encrypt` and `coachlog key add` are given it.
pub enum Opener {
    /// A public key: `age1…`, or an SSH public key line.
    Recipient(Box<dyn age::Recipient + Send>, String),
    Passphrase(SecretString),
}

/// The recipient of `text`: an `age1…` public key, an SSH public key (`ssh-ed25519 AAAA…`),
/// or the path of a file holding one (`~/.ssh/id_ed25519.pub`).
pub fn parse_recipient(text: &str) -> Result<Opener> {
    let text = text.trim();
    if let Ok(r) = age::x25519::Recipient::from_str(text) {
        return Ok(Opener::Recipient(Box::new(r), text.to_string()));
    }
    if let Ok(r) = age::ssh::Recipient::from_str(text) {
        return Ok(Opener::Recipient(
            Box::new(r),
            text.split_whitespace().take(2).collect::<Vec<_>>().join(" "),
        ));
    }
    let path = Path::new(text);
    if path.is_file() {
        let bytes = files::read_regular(path, MAX_KEY_FILE).map_err(|e| Error::io("read", path, &e))?;
        let line = String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or_default()
            .to_string();
        if line.starts_with("AGE-SECRET-KEY-") || line.starts_with("-----BEGIN") {
            return Err(Error::usage(format!("{} is a private key; give its public key", path.display()))
                .with_hint("for an SSH key, name the .pub file beside it; for an age identity, `coachlog key show` on that machine prints its public key"));
        }
        return parse_recipient(&line).map_err(|_| {
            Error::usage(format!("{} holds no public key coachlog can use", path.display()))
                .with_hint("give an age public key (age1…) or an SSH ed25519 or RSA public key")
        });
    }
    Err(Error::usage(format!("`{}` is not a public key, nor a file holding one", crate::core::text::safe_line(text)))
        .with_hint("give an age public key (age1…, printed by `coachlog key show` on the other machine), an SSH public key, or the path of a .pub file"))
}

/// The journal key wrapped for `opener`: an age file.
pub fn wrap(key: &JournalKey, opener: &Opener) -> Result<Vec<u8>> {
    let scrypt;
    let recipient: &dyn age::Recipient = match opener {
        Opener::Recipient(r, _) => r.as_ref(),
        Opener::Passphrase(p) => {
            let mut r = age::scrypt::Recipient::new(p.clone());
            r.set_work_factor(SCRYPT_WORK_FACTOR);
            scrypt = r;
            &scrypt
        }
    };
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient))
        .map_err(|e| Error::failure(format!("could not wrap the journal key: {e}")))?;
    let mut out = Vec::new();
    let payload =
        format!("{PAYLOAD_HEADER}\n{}\n", base64::engine::general_purpose::STANDARD.encode(key.bytes()));
    let mut w = encryptor.wrap_output(&mut out)?;
    w.write_all(payload.as_bytes())?;
    w.finish()?;
    Ok(out)
}

/// The journal key a wrapped key's plain text holds.
fn key_of_payload(plain: &[u8]) -> Option<JournalKey> {
    let text = std::str::from_utf8(plain).ok()?;
    let mut lines = text.lines();
    (lines.next()? == PAYLOAD_HEADER).then_some(())?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(lines.next()?.trim()).ok()?;
    Some(JournalKey::from_bytes(bytes.try_into().ok()?))
}

/// Opens a wrapped key with `identities`: `Ok(None)` when none of them is one it was
/// wrapped for.
fn unwrap_with(
    bytes: &[u8],
    identities: &[&dyn age::Identity],
) -> std::result::Result<Option<JournalKey>, String> {
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(|e| format!("not an age file ({e})"))?;
    match decryptor.decrypt(identities.iter().copied()) {
        Ok(reader) => {
            let mut plain = Vec::new();
            reader.take(4096).read_to_end(&mut plain).map_err(|e| e.to_string())?;
            key_of_payload(&plain).map(Some).ok_or_else(|| "it opens, but holds no journal key".to_string())
        }
        Err(age::DecryptError::NoMatchingKeys) => Ok(None),
        Err(age::DecryptError::DecryptionFailed) if decryptor_is_scrypt(bytes) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// The id of the journal key in the wrapped key at `path`, if `identities` open it.
pub fn opened_id(path: &Path, identities: &[Box<dyn age::Identity>]) -> Option<String> {
    let refs: Vec<&dyn age::Identity> = identities.iter().map(AsRef::as_ref).collect();
    let bytes = files::read_regular(path, MAX_KEY_FILE).ok()?;
    unwrap_with(&bytes, &refs).ok().flatten().map(|k| k.id().to_string())
}

/// Whether the wrapped key `w` is known (opened by this machine's identity) to hold `key`.
pub fn holds(ctx: &Context, w: &Wrapped, key: &JournalKey) -> bool {
    ctx.identity.value.is_file()
        && identities_in(&ctx.identity.value)
            .is_ok_and(|ids| opened_id(&w.path, &ids).as_deref() == Some(key.id()))
}

fn decryptor_is_scrypt(bytes: &[u8]) -> bool {
    age::Decryptor::new_buffered(bytes).is_ok_and(|d| d.is_scrypt())
}

/// The identities in the file at `path`: an age identity file, or an SSH private key (one
/// protected by a passphrase asks for it, as a journal passphrase is asked).
pub fn identities_in(path: &Path) -> Result<Vec<Box<dyn age::Identity>>> {
    let bytes = read_identity(path)?;
    let text = String::from_utf8_lossy(&bytes);
    if text.contains("-----BEGIN") {
        let identity = age::ssh::Identity::from_buffer(
            std::io::BufReader::new(&bytes[..]),
            Some(path.display().to_string()),
        )
        .map_err(|e| Error::failure(format!("{} is not an SSH key coachlog can use: {e}", path.display())))?;
        if let age::ssh::Identity::Unsupported(k) = &identity {
            return Err(Error::failure(format!(
                "{}: this kind of SSH key ({k:?}) cannot open files; use an ed25519 or RSA key",
                path.display()
            )));
        }
        return Ok(vec![Box::new(identity.with_callbacks(AskPassphrase))]);
    }
    let file = age::IdentityFile::from_buffer(std::io::BufReader::new(&bytes[..])).map_err(|e| {
        Error::failure(format!("{} is not an identity file coachlog can use: {e}", path.display()))
    })?;
    let ids = file.into_identities().map_err(|e| Error::failure(format!("{}: {e}", path.display())))?;
    if ids.is_empty() {
        return Err(Error::failure(format!("{} holds no identity", path.display())).with_hint(
            "it should hold a line AGE-SECRET-KEY-…; move it away and `coachlog key show` makes a new one",
        ));
    }
    Ok(ids)
}

fn read_identity(path: &Path) -> Result<Vec<u8>> {
    files::read_regular(path, MAX_KEY_FILE).map_err(|e| {
        Error::io("read the identity", path, &e).with_hint(
            "set `identity` in the config file (or $COACHLOG_IDENTITY) to your age identity or SSH private key; unset, coachlog uses identity.txt in its config folder",
        )
    })
}

/// The public key of the identity at `path`: an age identity's own, an SSH key's from the
/// `.pub` file beside it.
pub fn recipient_of(path: &Path) -> Result<Opener> {
    let bytes = read_identity(path)?;
    if String::from_utf8_lossy(&bytes).contains("-----BEGIN") {
        let public = PathBuf::from(format!("{}.pub", path.display()));
        if !public.is_file() {
            return Err(Error::failure(format!(
                "{} has no public key beside it ({} is missing)",
                path.display(),
                public.display()
            ))
            .with_hint("make it with `ssh-keygen -y -f KEY > KEY.pub`"));
        }
        return parse_recipient(&public.display().to_string());
    }
    let text = String::from_utf8_lossy(&bytes);
    let identity = text
        .lines()
        .map(str::trim)
        .find_map(|l| age::x25519::Identity::from_str(l).ok())
        .ok_or_else(|| Error::failure(format!("{} holds no age identity", path.display())))?;
    let public = identity.to_public();
    Ok(Opener::Recipient(Box::new(public.clone()), public.to_string()))
}

/// This machine's identity: the one configured, made (owner-only) when it is the default
/// and does not exist yet. Returns its path and public key.
pub fn own_identity(ctx: &Context) -> Result<(PathBuf, Opener)> {
    let path = ctx.identity.value.clone();
    inside_journal_check(ctx, &path)?;
    match std::fs::symlink_metadata(&path) {
        Ok(_) => {}
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && ctx.identity.source == crate::context::Source::Default =>
        {
            let identity = age::x25519::Identity::generate();
            let public = identity.to_public();
            let text = format!(
                "# coachlog identity: it opens your encrypted journal. Keep it private and back it up\n# (a password manager is a good place); without it, or a passphrase you added, the\n# journal cannot be read.\n# public key: {public}\n{}\n",
                identity.to_string().expose_secret()
            );
            if let Some(dir) = path.parent() {
                files::create_private_dir(dir).map_err(|e| Error::io("make", dir, &e))?;
            }
            create_new_private(&path, text.as_bytes())
                .map_err(|e| Error::io("write the identity", &path, &e))?;
        }
        Err(e) => return Err(Error::io("read the identity", &path, &e)),
    }
    let opener = recipient_of(&path)?;
    Ok((path, opener))
}

/// Writes a new file owner-only, never over an existing one (two commands making an identity
/// at once: one of them wins, the other reads it).
fn create_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        other => other?,
    };
    file.write_all(bytes)?;
    file.sync_all()?;
    if let Some(dir) = path.parent() {
        files::sync_dir(dir);
    }
    Ok(())
}

/// An identity inside the journal folder would be synced with the journal it opens.
fn inside_journal_check(ctx: &Context, identity: &Path) -> Result<()> {
    if is_inside(identity, ctx.journal.root()) {
        return Err(Error::usage(format!(
            "the identity {} is inside the journal folder {}, which is the copy that gets synced",
            identity.display(),
            ctx.journal.root().display()
        ))
        .with_hint("keep it elsewhere: set `identity` in the config file (or $COACHLOG_IDENTITY) to a path outside the journal"));
    }
    Ok(())
}

/// Whether `path` is inside the folder `dir` (links resolved where they exist).
pub fn is_inside(path: &Path, dir: &Path) -> bool {
    let canon = |p: &Path| -> PathBuf {
        std::fs::canonicalize(p).unwrap_or_else(|_| match (p.parent(), p.file_name()) {
            (Some(parent), Some(name)) => {
                std::fs::canonicalize(parent).map_or_else(|_| p.to_path_buf(), |d| d.join(name))
            }
            _ => p.to_path_buf(),
        })
    };
    canon(path).starts_with(canon(dir))
}

/// What a passphrase is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// The journal's, to open it.
    Journal,
    /// A new one for the journal, asked twice.
    New,
    /// The one of an SSH key.
    SshKey,
}

impl Asking {
    fn prompt(self) -> &'static str {
        match self {
            Asking::Journal => "Passphrase of the journal",
            Asking::New => "New passphrase for the journal",
            Asking::SshKey => "Passphrase of your SSH key",
        }
    }

    fn need(self) -> &'static str {
        match self {
            Asking::Journal => "the journal is encrypted with a passphrase",
            Asking::New => "a new passphrase is needed",
            Asking::SshKey => "your SSH key has a passphrase",
        }
    }
}

/// Whether the passphrase comes from `$COACHLOG_PASSPHRASE_COMMAND`.
pub fn passphrase_from_command() -> bool {
    std::env::var_os(PASSPHRASE_COMMAND).is_some_and(|c| !c.is_empty())
}

/// The passphrase: from `$COACHLOG_PASSPHRASE_COMMAND`, else asked on the terminal (twice,
/// for a new one), else a usage error (exit 2).
pub fn passphrase(asking: Asking) -> Result<SecretString> {
    let confirm = asking == Asking::New;
    if let Some(command) = std::env::var_os(PASSPHRASE_COMMAND).filter(|c| !c.is_empty()) {
        let shown = command.to_string_lossy().into_owned();
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(&command)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| Error::failure(format!("could not run ${PASSPHRASE_COMMAND} (`{shown}`): {e}")))?;
        if !output.status.success() {
            return Err(Error::failure(format!(
                "${PASSPHRASE_COMMAND} (`{shown}`) failed ({}); nothing was read or written",
                output.status
            )));
        }
        let mut text = String::from_utf8(output.stdout).map_err(|_| {
            Error::failure(format!("${PASSPHRASE_COMMAND} printed something that is not text"))
        })?;
        // One line: what `pass show` or `echo` print, with its newline.
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        if text.is_empty() {
            return Err(Error::failure(format!(
                "${PASSPHRASE_COMMAND} (`{shown}`) printed an empty passphrase"
            )));
        }
        return Ok(SecretString::from(text));
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Error::usage(format!("{}, and there is no terminal to ask it on", asking.need()))
            .with_hint(format!("set ${PASSPHRASE_COMMAND} to a command that prints it (e.g. `pass show coachlog`), or run in a terminal")));
    }
    let mut prompt = dialoguer::Password::new().with_prompt(asking.prompt());
    if confirm {
        prompt =
            prompt.with_confirmation("The same passphrase again", "The two were not the same; try again.");
    }
    let text = prompt.interact().map_err(|e| match e {
        dialoguer::Error::IO(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            Error::interrupted("stopped; nothing was read or written")
        }
        e => Error::failure(format!("could not read the passphrase: {e}")),
    })?;
    if text.is_empty() {
        return Err(Error::usage("an empty passphrase; nothing was read or written"));
    }
    Ok(SecretString::from(text))
}

thread_local! {
    /// Why the passphrase of an SSH key could not be had, for the error that follows.
    static SSH_ASK_ERROR: std::cell::RefCell<Option<Error>> = const { std::cell::RefCell::new(None) };
}

/// age asks through this for the passphrase of an SSH key that has one.
#[derive(Clone, Copy)]
struct AskPassphrase;

impl age::Callbacks for AskPassphrase {
    fn display_message(&self, message: &str) {
        eprintln!("{}", crate::core::text::safe_line(message));
    }

    fn confirm(&self, _message: &str, _yes: &str, _no: Option<&str>) -> Option<bool> {
        None
    }

    fn request_public_string(&self, _description: &str) -> Option<String> {
        None
    }

    fn request_passphrase(&self, _description: &str) -> Option<SecretString> {
        match passphrase(Asking::SshKey) {
            Ok(p) => Some(p),
            Err(e) => {
                // age only hears "no passphrase": the reason is kept for the error shown.
                SSH_ASK_ERROR.with(|slot| *slot.borrow_mut() = Some(e));
                None
            }
        }
    }
}

/// Opens the journal's key, if the journal is encrypted, and makes it the key of its folder
/// for the rest of the process (see `seal::unlock`). An identity file needs nothing typed;
/// otherwise a passphrase is asked once.
pub fn unlock(ctx: &Context) -> Result<Option<Arc<JournalKey>>> {
    let root = ctx.journal.root();
    if let Some(key) = seal::active_key_for(&root.join(KEYS_DIR)) {
        return Ok(Some(key));
    }
    if !seal::is_encrypted(root) {
        // Decrypted here, but a machine that has not heard may still add sealed lines: with
        // the retired key they are read (`coachlog decrypt` opens them for good), and
        // without it they are kept and not shown.
        let retired = wrapped_in(&root.join(seal::RETIRED_KEYS_DIR));
        if !retired.is_empty()
            && ctx.identity.value.is_file()
            && let Ok(key) = open_key_quietly(ctx, &retired)
        {
            seal::unlock_retired(root, Arc::new(key));
        }
        return Ok(None);
    }
    let key = Arc::new(open_key(ctx, &wrapped(root))?);
    seal::unlock(root, Arc::clone(&key));
    Ok(Some(key))
}

/// The journal key, opened from one of `keys`.
pub fn open_key(ctx: &Context, keys: &[Wrapped]) -> Result<JournalKey> {
    let mut problems = Vec::new();
    let mut contents = Vec::new();
    for w in keys {
        match files::read_regular(&w.path, MAX_KEY_FILE) {
            Ok(bytes) => contents.push((w, bytes)),
            Err(e) => problems.push(format!("{}: {e}", w.path.display())),
        }
    }
    let (with_pass, with_ids): (Vec<_>, Vec<_>) = contents.iter().partition(|(_, b)| decryptor_is_scrypt(b));
    let identity = &ctx.identity.value;
    let have_identity = !with_ids.is_empty() && identity.exists();
    if have_identity {
        match identities_in(identity) {
            Ok(identities) => {
                let refs: Vec<&dyn age::Identity> = identities.iter().map(AsRef::as_ref).collect();
                for (w, bytes) in &with_ids {
                    match unwrap_with(bytes, &refs) {
                        Ok(Some(key)) => return Ok(key),
                        Ok(None) => {}
                        Err(why) => {
                            if let Some(e) = SSH_ASK_ERROR.with(|slot| slot.borrow_mut().take()) {
                                return Err(e);
                            }
                            problems.push(format!("{}: {why}", w.path.display()));
                        }
                    }
                }
            }
            // A damaged identity must not stand in the way of a passphrase that opens it.
            Err(e) if !with_pass.is_empty() => problems.push(e.message),
            Err(e) => return Err(e),
        }
        // age hears a passphrase that could not be asked as "no matching key": the reason.
        if let Some(e) = SSH_ASK_ERROR.with(|slot| slot.borrow_mut().take()) {
            return Err(e);
        }
        if problems.iter().any(|p| p.contains("Failed to decrypt an encrypted key")) {
            return Err(Error::failure(format!(
                "that passphrase does not open your SSH key {}; nothing was read or written",
                identity.display()
            )));
        }
    }
    if !with_pass.is_empty() {
        let pass = passphrase(Asking::Journal)?;
        let mut id = age::scrypt::Identity::new(pass);
        // A crafted wrapped key asking for more would take gigabytes of memory to try.
        id.set_max_work_factor(SCRYPT_WORK_FACTOR + 2);
        for (w, bytes) in &with_pass {
            match unwrap_with(bytes, &[&id as &dyn age::Identity]) {
                Ok(Some(key)) => return Ok(key),
                Ok(None) => {}
                Err(why) => problems.push(format!("{}: {why}", w.path.display())),
            }
        }
        let hint = if passphrase_from_command() {
            format!(
                "check what ${PASSPHRASE_COMMAND} prints (its whole output, less one final newline, is the passphrase)"
            )
        } else {
            "try again; if it is forgotten, open the journal on a machine whose identity was added with `coachlog key add`".to_string()
        };
        return Err(Error::failure(
            "that passphrase does not open this journal; nothing was read or written",
        )
        .with_hint(hint));
    }
    let mut e = Error::failure(format!(
        "the journal {} is encrypted, and {} opens it",
        ctx.journal.root().display(),
        if have_identity {
            format!("this machine's identity ({}) is not one that", identity.display())
        } else {
            format!("this machine has no identity ({} does not exist) that", identity.display())
        }
    ));
    if !problems.is_empty() {
        e.message.push_str(&format!(" ({})", problems.join("; ")));
    }
    Err(e.with_hint(
        "run `coachlog key show` here to get this machine's public key, then `coachlog key add KEY` on a machine that opens the journal",
    ))
}

/// [`open_key`] with only the identity file: never asks.
pub fn open_key_quietly(ctx: &Context, keys: &[Wrapped]) -> Result<JournalKey> {
    let ids = identities_in(&ctx.identity.value)?;
    let refs: Vec<&dyn age::Identity> = ids.iter().map(AsRef::as_ref).collect();
    for w in keys {
        if let Ok(bytes) = files::read_regular(&w.path, MAX_KEY_FILE)
            && let Ok(Some(key)) = unwrap_with(&bytes, &refs)
        {
            return Ok(key);
        }
    }
    Err(Error::failure("no key"))
}

/// [`unlock`] for commands that must never ask (completions): only an identity file is
/// tried, and failing is no error.
pub fn unlock_quietly(ctx: &Context) {
    let root = ctx.journal.root();
    if seal::is_encrypted(root)
        && seal::active_key_for(&root.join(KEYS_DIR)).is_none()
        && let Ok(key) = open_key_quietly(ctx, &wrapped(root))
    {
        seal::unlock(root, Arc::new(key));
    }
}

/// A journal that is not encrypted here (no `keys/`), yet whose newest month holds sealed
/// lines that no key here opens: its keys/ folder has not arrived (or was removed). Nothing
/// may be written then, or it would be in clear beside sealed lines, and nothing read would
/// be the whole journal: an error says what to do.
pub fn check_not_stranded(ctx: &Context) -> Result<()> {
    let root = ctx.journal.root();
    if seal::key_for(root).is_some() {
        return Ok(());
    }
    let since = ctx.today() - chrono::Days::new(400);
    let months = ctx.journal.months_between(Some(since), None).unwrap_or_default();
    let Some(newest) = months.iter().rev().find(|m| m.key.is_some()) else { return Ok(()) };
    let sealed = newest.files.iter().any(|p| {
        // Never a FIFO or a link: only a regular file is looked at.
        files::open_regular(p)
            .and_then(|f| {
                let len = f.metadata()?.len();
                files::tail_has(&f, len, 64 * 1024, seal::has_sealed_line)
            })
            .unwrap_or(false)
    });
    if !sealed {
        return Ok(());
    }
    let retired = root.join(seal::RETIRED_KEYS_DIR).is_dir();
    Err(if retired {
        Error::failure(format!(
            "{} holds sealed lines, written after the journal was decrypted, and no identity here opens them",
            newest.files[0].display()
        ))
        .with_hint("run `coachlog decrypt` on a machine that opens them (or here, with the passphrase), then run this again")
    } else {
        Error::failure(format!(
            "{} holds sealed lines, but the journal has no keys/ folder here (not synced yet, or removed?); nothing was read or written",
            newest.files[0].display()
        ))
        .with_hint("let the journal folder finish syncing, or restore its keys/ folder from another copy of the journal; `coachlog doctor` lists what is sealed")
    })
}
