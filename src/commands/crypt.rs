//! `coachlog encrypt`, `decrypt` and `key`: turning encryption at rest on and off, and the
//! keys that open the journal (see `crate::keyring` and `journal::seal`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::journal::convert::{Conversion, Direction};
use crate::journal::files;
use crate::journal::seal::{self, JournalKey, KEYS_DIR, RETIRED_KEYS_DIR};
use crate::keyring::{self, Opener, Wrapped};

/// What `encrypt` did.
#[derive(Debug)]
pub struct Encrypted {
    pub journal: PathBuf,
    /// The wrapped key written now (`None`: the journal was encrypted already).
    pub new_key: Option<PathBuf>,
    /// The identity that opens it, when one (not a passphrase) does.
    pub identity: Option<PathBuf>,
    /// Retired wrapped keys not brought back (not known to hold the journal's key).
    pub left_retired: Vec<String>,
    pub conversion: Conversion,
}

/// What `decrypt` did.
#[derive(Debug)]
pub struct Decrypted {
    pub journal: PathBuf,
    /// Where the wrapped keys went (kept, see `seal::RETIRED_KEYS_DIR`), if they went.
    pub retired: Option<PathBuf>,
    /// Sealed lines that did not open are left sealed, and the keys stay with them.
    pub stuck: bool,
    pub conversion: Conversion,
}

/// The journal folder, locked against another conversion or repair for as long as the
/// returned file is held.
fn lock_journal(root: &Path) -> Result<std::fs::File> {
    files::create_private_dir(root).map_err(|e| Error::io("make the journal folder", root, &e))?;
    let folder = std::fs::File::open(root).map_err(|e| Error::io("open", root, &e))?;
    folder.lock().map_err(|e| Error::io("lock", root, &e))?;
    Ok(folder)
}

fn conversion_error(root: &Path, e: &std::io::Error) -> Error {
    Error::io("convert the journal in", root, e).with_hint(
        "every file is either as it was or fully converted; fix what stopped it and run the command again",
    )
}

pub fn encrypt(ctx: &Context, passphrase: bool) -> Result<Encrypted> {
    let root = ctx.journal.root().to_path_buf();
    let _lock = lock_journal(&root)?;
    let mut new_key = None;
    let mut identity = None;
    let mut left_retired = Vec::new();
    let key: Arc<JournalKey> = if seal::is_encrypted(&root) {
        keyring::unlock(ctx)?.ok_or_else(|| Error::failure("the journal's keys could not be read"))?
    } else if let Some(key) = retired_key(ctx) {
        // Encrypted before, and decrypted: the same key again, so that sealed lines another
        // machine wrote meanwhile still open.
        // Only the wrapped keys known to hold this very key come back: a file another
        // machine wrapped its own key in would lock this journal's lines away from it.
        let keys_dir = root.join(KEYS_DIR);
        crate::journal::draft::private_folder(keys_dir.clone())
            .map_err(|e| Error::io("keep keys in", &keys_dir, &e))?;
        for w in keyring::wrapped_in(&root.join(RETIRED_KEYS_DIR)) {
            if keyring::holds(ctx, &w, &key) {
                let to = files::free_name(&keys_dir.join(format!("{}.age", w.name)));
                files::rename_no_replace(&w.path, &to).map_err(|e| Error::io("restore", &w.path, &e))?;
            } else {
                left_retired.push(w.name.clone());
            }
        }
        files::sync_dir(&keys_dir);
        seal::unlock(&root, Arc::clone(&key));
        key
    } else {
        if let Some((file, id)) = foreign_seal(ctx)? {
            return Err(Error::failure(format!(
                "{} already holds lines sealed with a journal key (id {id}) that is not here: the journal was encrypted on another machine, and its keys/ folder has not reached this one",
                file.display()
            ))
            .with_hint("let the journal folder finish syncing (keys/ with it), then run `coachlog key show` here and `coachlog key add KEY` on that machine; encrypting again here would make a second key"));
        }
        let key = Arc::new(JournalKey::generate());
        let (opener, name) = if passphrase {
            (Opener::Passphrase(keyring::passphrase(keyring::Asking::New)?), "passphrase".to_string())
        } else {
            let (path, opener) = keyring::own_identity(ctx)?;
            identity = Some(path);
            (opener, default_name(None))
        };
        // The key is written (and synced) before any line is sealed with it.
        new_key = Some(write_wrapped(&root, &key, &opener, &name)?);
        seal::unlock(&root, Arc::clone(&key));
        key
    };
    let conversion = ctx.journal.convert(Direction::Seal, &key).map_err(|e| conversion_error(&root, &e))?;
    // Digests kept before are in clear (pack names, hashes of names): gone; the next read
    // keeps sealed ones.
    // Every journal's: a journal moved to another folder left its digests under another name.
    if let Some(cache) = &ctx.cache_dir {
        let _ = std::fs::remove_dir_all(cache.join("index"));
    }
    if identity.is_none() && new_key.is_none() && !passphrase {
        identity = Some(ctx.identity.value.clone()).filter(|p| p.exists());
    }
    Ok(Encrypted { journal: root, new_key, identity, left_retired, conversion })
}

/// The key `decrypt` retired, if there is one and this machine's identity opens it without
/// asking anything (else the journal gets a new key).
fn retired_key(ctx: &Context) -> Option<Arc<JournalKey>> {
    let keys = keyring::wrapped_in(&ctx.journal.root().join(RETIRED_KEYS_DIR));
    if keys.is_empty() {
        return None;
    }
    keyring::open_key_quietly(ctx, &keys).ok().map(Arc::new)
}

/// A month file holding a sealed line, and the key id it names, when the journal has no
/// keys of its own here.
fn foreign_seal(ctx: &Context) -> Result<Option<(PathBuf, String)>> {
    let root = ctx.journal.root();
    let months = ctx.journal.months().map_err(|e| Error::io("read the journal in", root, &e))?;
    for path in months.iter().flat_map(|m| &m.files) {
        let Ok(bytes) = files::read_regular(path, files::MAX_MONTH_BYTES) else { continue };
        if seal::has_sealed_line(&bytes) {
            return Ok(Some((path.clone(), seal::first_key_id(&bytes).unwrap_or_default())));
        }
    }
    Ok(None)
}

pub fn decrypt(ctx: &Context) -> Result<Decrypted> {
    let root = ctx.journal.root().to_path_buf();
    let _lock = lock_journal(&root)?;
    let key = match keyring::unlock(ctx)? {
        Some(key) => key,
        None => match retired_key(ctx) {
            Some(key) => key,
            None => {
                return Ok(Decrypted {
                    journal: root,
                    retired: None,
                    stuck: false,
                    conversion: Conversion::default(),
                });
            }
        },
    };
    let conversion = ctx.journal.convert(Direction::Open, &key).map_err(|e| conversion_error(&root, &e))?;
    let stuck = conversion.left.iter().any(|(_, _, why)| why.contains("sealed"));
    let mut retired = None;
    let keys = root.join(KEYS_DIR);
    if !stuck && keys.is_dir() {
        let to = root.join(RETIRED_KEYS_DIR);
        if to.exists() {
            // Decrypted before: keep both sets of keys.
            for w in keyring::wrapped(&root) {
                let dest = files::free_name(&to.join(format!("{}.age", w.name)));
                files::rename_no_replace(&w.path, &dest).map_err(|e| Error::io("retire", &w.path, &e))?;
            }
            let _ = std::fs::remove_dir(&keys);
        } else {
            std::fs::rename(&keys, &to).map_err(|e| Error::io("retire", &keys, &e))?;
        }
        files::sync_dir(&root);
        retired = Some(to);
        seal::forget(&root);
    }
    Ok(Decrypted { journal: root, retired, stuck, conversion })
}

/// `keys/NAME.age`, never over an existing key (`NAME-2.age`…).
fn write_wrapped(root: &Path, key: &JournalKey, opener: &Opener, name: &str) -> Result<PathBuf> {
    let dir = root.join(KEYS_DIR);
    crate::journal::draft::private_folder(dir.clone()).map_err(|e| Error::io("keep keys in", &dir, &e))?;
    let bytes = keyring::wrap(key, opener)?;
    let mut path = dir.join(format!("{name}.age"));
    let mut n = 1;
    while std::fs::symlink_metadata(&path).is_ok() {
        n += 1;
        path = dir.join(format!("{name}-{n}.age"));
    }
    files::write_atomic(&path, &bytes).map_err(|e| Error::io("write", &path, &e))?;
    Ok(path)
}

/// A key's name: given, or this machine's host name.
fn default_name(given: Option<&str>) -> String {
    let raw = given.map_or_else(host_name, str::to_string);
    let name: String = raw
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let name: String = name.chars().take(40).collect();
    if name.is_empty() { "this-machine".to_string() } else { name }
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// What `key add` did.
#[derive(Debug)]
pub struct KeyAdded {
    pub path: PathBuf,
    pub public: Option<String>,
}

pub fn key_add(
    ctx: &Context,
    recipient: Option<&str>,
    passphrase: bool,
    name: Option<&str>,
) -> Result<KeyAdded> {
    if let Some(n) = name
        && (n.is_empty() || n.len() > 40 || !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        return Err(Error::usage(format!("`{}` cannot name a key", crate::core::text::safe_line(n)))
            .with_hint("use letters, digits and - (at most 40), e.g. --name work-laptop"));
    }
    let root = ctx.journal.root().to_path_buf();
    if !seal::is_encrypted(&root) {
        return Err(Error::failure(format!("the journal {} is not encrypted", root.display()))
            .with_hint("run `coachlog encrypt` first"));
    }
    let opener = match recipient {
        Some(text) => keyring::parse_recipient(text)?,
        None if passphrase => Opener::Passphrase(keyring::passphrase(keyring::Asking::New)?),
        None => return Err(Error::usage("give a public key, or --passphrase")),
    };
    let key = keyring::unlock(ctx)?.ok_or_else(|| Error::failure("the journal's keys could not be read"))?;
    let (name, public) = match &opener {
        Opener::Passphrase(_) => (name.map_or_else(|| "passphrase".to_string(), str::to_string), None),
        Opener::Recipient(_, public) => {
            let guess = public.split_whitespace().nth(2).map(str::to_string).unwrap_or_else(|| {
                let body = public.trim_start_matches("age1").trim_start_matches("ssh-");
                format!("key-{}", body.chars().take(8).collect::<String>())
            });
            (default_name(Some(name.unwrap_or(&guess))), Some(public.clone()))
        }
    };
    let _lock = lock_journal(&root)?;
    let path = write_wrapped(&root, &key, &opener, &name)?;
    Ok(KeyAdded { path, public })
}

/// `key list`: the wrapped keys, and for those this machine's identity opens, the id of the
/// journal key inside (two ids: the journal was encrypted twice).
pub fn key_list(ctx: &Context) -> Result<Vec<(Wrapped, Option<String>)>> {
    let root = ctx.journal.root();
    let keys = keyring::wrapped(root);
    if keys.is_empty() {
        return Err(Error::failure(format!("the journal {} is not encrypted", root.display()))
            .with_hint("`coachlog encrypt` encrypts it"));
    }
    let mine =
        ctx.identity.value.exists().then(|| keyring::identities_in(&ctx.identity.value).ok()).flatten();
    Ok(keys
        .into_iter()
        .map(|w| {
            let id = if w.kind == "passphrase" {
                None
            } else {
                mine.as_ref().and_then(|ids| keyring::opened_id(&w.path, ids))
            };
            (w, id)
        })
        .collect())
}

/// `key show`: this machine's identity and its public key.
pub fn key_show(ctx: &Context) -> Result<(PathBuf, String)> {
    let (path, opener) = keyring::own_identity(ctx)?;
    match opener {
        Opener::Recipient(_, public) => Ok((path, public)),
        Opener::Passphrase(_) => Err(Error::failure("this machine's identity is a passphrase")),
    }
}
