//! `coachlog doctor`'s eyes and hands on the journal folder: finding damaged lines, torn
//! tails, conflicting revisions, records filed in the wrong month, sync-conflict copies,
//! links and special files, unrelated files and loose permissions, and repairing what can be
//! repaired without losing a byte.
//!
//! Every repair is safe to kill at any instant: lines are copied to where they go (a month
//! file, a `.quarantine` file) and synced before the file they leave is replaced, and a month
//! file is replaced whole (a new file, synced, renamed over it, the folder synced) while its
//! lock is held, so an `add` waiting for it writes to the new file. Only coachlog's own files
//! are touched: links, FIFOs, devices and files it does not know are reported, never
//! followed, rewritten or chmod-ed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::files::{self, Replacement};
use super::lines::{Line, parse_lines, read_file, read_month};
use super::listing::{month_key, months};
use super::seal;
use super::{GITATTRIBUTES, Journal};
use crate::core::period::month_label;

/// What kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    DamagedLine,
    TornTail,
    ConflictingRevision,
    SyncConflictCopy,
    Permissions,
    MissingGitattributes,
    Unreadable,
    /// A link, FIFO, device or folder where coachlog expects a regular file or folder.
    NotRegular,
    /// A record in a month file other than the one its entry belongs in.
    Misfiled,
    /// A file left by an interrupted repair of an older coachlog (`.before-repair`).
    Leftover,
    /// A file coachlog did not make; left alone.
    Unrelated,
    /// `--repair` tried and could not.
    RepairFailed,
    /// A private key (an age identity, an SSH key) inside the journal folder, which is the
    /// copy that gets synced.
    PrivateKey,
    /// A line of an encrypted journal that is not shown and is not damaged: sealed with a
    /// key not open here, moved from its month, or in clear.
    NotShown,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub kind: Kind,
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// Whether `--repair` fixes it.
    pub repairable: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Health {
    pub files: usize,
    pub entries: usize,
    /// Records written by a newer coachlog: kept, not a problem.
    pub newer: usize,
    pub problems: Vec<Problem>,
}

/// What `--repair` did, and what it could not do.
#[derive(Debug, Clone, Default)]
pub struct Repairs {
    pub done: Vec<String>,
    pub failed: Vec<Problem>,
}

/// `ROOT/YYYY/YYYY-MM.jsonl`: the one file a month's records belong in.
fn canonical(root: &Path, key: &str) -> PathBuf {
    root.join(&key[..4]).join(format!("{key}.jsonl"))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The first `n` characters of `s` (ids from a damaged file may hold anything).
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// What the journal folder holds, sorted by whose it is. Nothing here follows a link.
#[derive(Debug, Default)]
struct Inventory {
    /// Folders coachlog made: the journal, year folders, `drafts/`.
    dirs: Vec<PathBuf>,
    /// Regular files coachlog made: month files and their copies, quarantines, drafts…
    files: Vec<PathBuf>,
    /// Links and special files where coachlog keeps its own, with what they are.
    special: Vec<(PathBuf, &'static str)>,
    /// Files an interrupted repair of an older coachlog left (`.before-repair`).
    leftovers: Vec<PathBuf>,
    /// Files and folders coachlog knows nothing about.
    unrelated: Vec<PathBuf>,
    /// Year folders that cannot be listed, and why.
    unreadable: Vec<(PathBuf, String)>,
}

impl Inventory {
    /// The folders and files whose permissions coachlog keeps private. The journal folder
    /// itself only when it holds nothing else: pointed at a shared folder (`--journal ~`),
    /// coachlog leaves that folder's permissions to its owner.
    fn private(&self) -> impl Iterator<Item = &PathBuf> {
        let shared = !self.unrelated.is_empty();
        self.dirs
            .iter()
            .enumerate()
            .filter(move |(i, _)| !(shared && *i == 0))
            .map(|(_, p)| p)
            .chain(&self.files)
    }
}

/// Names coachlog gives files in a year folder besides month files.
fn is_own_extra(name: &str) -> bool {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    month_key(name).is_some()
        && (base.ends_with(".jsonl.quarantine")
            || base.ends_with(".merged")
            || base.ends_with(".recovered")
            || name.ends_with(".jsonl.quarantine"))
}

/// The files repairs keep beside month files (`.quarantine`, `.merged`, `.recovered`,
/// `.before-repair`), regular files only.
pub fn own_extras(root: &Path) -> Vec<PathBuf> {
    let inv = inventory(root);
    inv.files
        .into_iter()
        .filter(|p| {
            let name = file_name(p);
            is_own_extra(&name) || name.ends_with(".jsonl.before-repair")
        })
        .collect()
}

fn inventory(root: &Path) -> Inventory {
    let mut inv = Inventory::default();
    let Ok(meta) = fs::metadata(root) else { return inv };
    if meta.is_dir() {
        inv.dirs.push(root.to_path_buf());
    }
    let Ok(entries) = fs::read_dir(root) else { return inv };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        let kind = meta.file_type();
        if name == ".gitattributes" {
            if kind.is_file() {
                inv.files.push(path);
            }
        } else if name.starts_with('.') {
            // `.git`, `.stfolder`, `.dropbox`…: other tools' business.
        } else if name == "drafts" || name == seal::KEYS_DIR || name == seal::RETIRED_KEYS_DIR {
            // Drafts are `.json`; wrapped journal keys (see `crate::keyring`) are `.age`.
            let ext = if name == "drafts" { "json" } else { "age" };
            if kind.is_dir() {
                inv.dirs.push(path.clone());
                for d in fs::read_dir(&path).into_iter().flatten().flatten() {
                    let p = d.path();
                    match fs::symlink_metadata(&p) {
                        Ok(m) if m.is_file() && p.extension().is_some_and(|x| x == ext) => inv.files.push(p),
                        Ok(m) if p.extension().is_some_and(|x| x == ext) => {
                            inv.special.push((p, files::describe(&m)));
                        }
                        _ if d.file_name().to_string_lossy().starts_with('.') => {}
                        _ => inv.unrelated.push(p),
                    }
                }
            } else {
                inv.special.push((path, files::describe(&meta)));
            }
        } else if name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()) {
            if !kind.is_dir() {
                inv.special.push((path, files::describe(&meta)));
                continue;
            }
            inv.dirs.push(path.clone());
            let inner = match fs::read_dir(&path) {
                Ok(inner) => inner,
                Err(e) => {
                    inv.unreadable.push((path, e.to_string()));
                    continue;
                }
            };
            let mut inner: Vec<_> = inner.flatten().collect();
            inner.sort_by_key(fs::DirEntry::file_name);
            for f in inner {
                let fname = f.file_name().to_string_lossy().into_owned();
                let p = f.path();
                let Ok(m) = fs::symlink_metadata(&p) else { continue };
                if fname.ends_with(".jsonl.before-repair") && m.is_file() {
                    inv.leftovers.push(p.clone());
                    inv.files.push(p);
                } else if fname.starts_with('.') {
                    // Temporary files of a rewrite: never the only copy of anything.
                } else if fname.ends_with(".jsonl") && month_key(&fname).is_some() {
                    if m.is_file() {
                        inv.files.push(p);
                    } else {
                        inv.special.push((p, files::describe(&m)));
                    }
                } else if is_own_extra(&fname) && m.is_file() {
                    inv.files.push(p);
                } else {
                    inv.unrelated.push(p);
                }
            }
        } else if name.ends_with(".jsonl") && month_key(&name).is_some() {
            if kind.is_file() {
                inv.files.push(path);
            } else {
                inv.special.push((path, files::describe(&meta)));
            }
        } else {
            inv.unrelated.push(path);
        }
    }
    inv
}

/// Where each record line of the journal is, and which month each entry belongs in: the
/// month of its latest revision's date.
/// How late a revision is: its `rev`, then its time, then the order it was read in.
type Rank = (u32, DateTime<FixedOffset>, usize);

#[derive(Default)]
struct Placement {
    /// id → (rev, at, line order) of the latest revision seen, and its month.
    latest: HashMap<String, (Rank, String)>,
}

impl Placement {
    fn offer(&mut self, id: &str, rank: Rank, key: String) {
        match self.latest.get_mut(id) {
            Some(slot) if slot.0 <= rank => *slot = (rank, key),
            Some(_) => {}
            None => {
                self.latest.insert(id.to_string(), (rank, key));
            }
        }
    }

    /// The month the entry `id` belongs in.
    fn home(&self, id: &str) -> Option<&str> {
        self.latest.get(id).map(|(_, key)| key.as_str())
    }
}

/// Every readable month file's records, placed (see [`Placement`]).
fn placement(root: &Path) -> io::Result<Placement> {
    let mut place = Placement::default();
    let mut seq = 0;
    for month in months(root)? {
        for path in &month.files {
            let Ok(bytes) = read_month(path) else { continue };
            for (_, _, line) in parse_lines(&bytes) {
                if let Line::Record(r) = line {
                    seq += 1;
                    place.offer(&r.id, (r.rev, r.edited.unwrap_or(r.at), seq), month_label(r.date));
                }
            }
        }
    }
    Ok(place)
}

impl Journal {
    /// Looks at every file of the journal. Reading problems are reported, never fatal.
    pub fn check(&self) -> io::Result<Health> {
        let mut health = Health::default();
        let root = self.root();
        if !root.exists() {
            return Ok(health);
        }
        let inv = inventory(root);
        let special: HashSet<&Path> = inv.special.iter().map(|(p, _)| p.as_path()).collect();
        let place = placement(root)?;
        let mut seen: HashMap<(String, u32), (PathBuf, usize, Vec<u8>)> = HashMap::new();
        let mut ids: HashSet<String> = HashSet::new();
        let mut latest_rev: HashMap<String, u32> = HashMap::new();
        let mut conflicts: Vec<(String, u32, Problem)> = Vec::new();
        for month in months(root)? {
            for path in &month.files {
                if special.contains(path.as_path()) {
                    continue;
                }
                health.files += 1;
                if let Some(key) = &month.key
                    && *path != canonical(root, key)
                {
                    let target = canonical(root, key);
                    health.problems.push(Problem {
                        kind: Kind::SyncConflictCopy,
                        file: path.clone(),
                        line: None,
                        message: "a copy made by a sync tool; its entries are read, but they belong in the month file"
                            .into(),
                        fix: format!("`coachlog doctor --repair` folds it into {} and keeps it as .merged", target.display()),
                        repairable: true,
                    });
                }
                let bytes = match read_month(path) {
                    Ok(b) => b,
                    Err(e) => {
                        let fix = if e.kind() == io::ErrorKind::FileTooLarge {
                            "move it out of the journal folder and split it into smaller files (one per month)"
                        } else {
                            "check the file's owner and permissions"
                        };
                        health.problems.push(Problem {
                            kind: Kind::Unreadable,
                            file: path.clone(),
                            line: None,
                            message: format!("cannot be read ({e}); its entries are not shown"),
                            fix: fix.into(),
                            repairable: false,
                        });
                        continue;
                    }
                };
                let mut kept_here: HashMap<String, (usize, usize)> = HashMap::new();
                for (number, raw, line) in parse_lines(&bytes) {
                    let torn = matches!(line, Line::Torn(_));
                    match line {
                        Line::Blank | Line::Outside | Line::Unwanted => {}
                        Line::Newer => health.newer += 1,
                        Line::Kept(message) => {
                            // A journal whose key is not open here has every line kept: one
                            // problem per file and reason, with how many lines it covers.
                            if let Some((_, n)) = kept_here.get_mut(&message) {
                                *n += 1;
                                continue;
                            }
                            let moved = message.contains("moved here");
                            let fix = if message.contains("another journal key") {
                                "if the journal was encrypted on two machines, each made its own key: run `coachlog decrypt` on the machine that wrote this line; once that has synced, run `coachlog encrypt` here (it seals its lines with this journal's key); then on that machine move its own file out of keys/ and run `coachlog key show`, and here `coachlog key add` what it prints"
                            } else if moved {
                                "`coachlog doctor --repair` moves it back to the month file it names"
                            } else if message.contains("in clear") {
                                "if you wrote it, `coachlog encrypt` seals it; if not, take it out of the file"
                            } else {
                                "restore the journal's keys/ folder (from another copy of the journal), or open the journal where its identity is; a journal decrypted here: `coachlog decrypt` again opens what another machine sealed since"
                            };
                            kept_here.insert(message.clone(), (health.problems.len(), 0));
                            health.problems.push(Problem {
                                kind: Kind::NotShown,
                                file: path.clone(),
                                line: Some(number),
                                message,
                                fix: fix.into(),
                                repairable: moved,
                            });
                        }
                        Line::Record(r) => {
                            ids.insert(r.id.clone());
                            let max = latest_rev.entry(r.id.clone()).or_insert(0);
                            *max = (*max).max(r.rev);
                            if let Some(home) = place.home(&r.id)
                                && month.key.as_deref() != Some(home)
                            {
                                health.problems.push(Problem {
                                    kind: Kind::Misfiled,
                                    file: path.clone(),
                                    line: Some(number),
                                    message: format!(
                                        "a revision of entry {} dated {} belongs in {}.jsonl, not here; until it is moved, views that read a month at a time (reports, exports) may miss or double-count it",
                                        r.id, r.date, home
                                    ),
                                    fix: format!(
                                        "`coachlog doctor --repair` moves it to {}",
                                        canonical(root, home).display()
                                    ),
                                    repairable: true,
                                });
                            }
                            let key = (r.id.clone(), r.rev);
                            match seen.get(&key) {
                                Some((file, at, other)) if other.as_slice() != raw && file == path => {
                                    conflicts.push((
                                        r.id.clone(),
                                        r.rev,
                                        conflicting(&r.id, r.rev, path, *at, number),
                                    ));
                                }
                                Some((file, at, other)) if other.as_slice() != raw => {
                                    // Copies of one month may hold the same revision written twice.
                                    let same = serde_json::from_slice::<serde_json::Value>(other).ok()
                                        == serde_json::from_slice::<serde_json::Value>(raw).ok();
                                    if !same {
                                        let mut p = conflicting(&r.id, r.rev, path, *at, number);
                                        p.message =
                                            format!("{} (the other is {}:{at})", p.message, file.display());
                                        conflicts.push((r.id.clone(), r.rev, p));
                                    }
                                }
                                Some(_) => {}
                                None => {
                                    seen.insert(key, (path.clone(), number, raw.to_vec()));
                                }
                            }
                        }
                        Line::Damaged(message) | Line::Torn(message) => {
                            // A copy's damaged lines end up beside the month file it is folded into.
                            let home =
                                month.key.as_deref().map_or_else(|| path.clone(), |k| canonical(root, k));
                            health.problems.push(Problem {
                                kind: if torn { Kind::TornTail } else { Kind::DamagedLine },
                                file: path.clone(),
                                line: Some(number),
                                message,
                                fix: format!(
                                    "`coachlog doctor --repair` moves it to {}.quarantine",
                                    file_name(&home)
                                ),
                                repairable: true,
                            });
                        }
                    }
                }
                for (at, more) in kept_here.into_values() {
                    if more > 0 {
                        let p = &mut health.problems[at];
                        p.message.push_str(&format!(
                            " (and {more} more line{} like it in this file)",
                            plural(more)
                        ));
                    }
                }
            }
        }
        health.entries = ids.len();
        // Two versions of one revision only matter while that revision is the latest: a later
        // edit settles it.
        for (id, rev, problem) in conflicts {
            if latest_rev.get(&id).is_none_or(|max| *max <= rev) {
                health.problems.push(problem);
            }
        }

        for (path, what) in &inv.special {
            health.problems.push(Problem {
                kind: Kind::NotRegular,
                file: path.clone(),
                line: None,
                message: format!(
                    "is {what}; coachlog reads and writes only regular files and folders here, so it is skipped"
                ),
                fix: "replace it with the file or folder itself (or move it out of the journal)".into(),
                repairable: false,
            });
        }
        for path in &inv.leftovers {
            health.problems.push(Problem {
                kind: Kind::Leftover,
                file: path.clone(),
                line: None,
                message: "a copy of a month file left by an interrupted repair; its entries are not read"
                    .into(),
                fix: "`coachlog doctor --repair` adds back every entry it holds and keeps it as .recovered"
                    .into(),
                repairable: true,
            });
        }
        for (path, why) in &inv.unreadable {
            health.problems.push(Problem {
                kind: Kind::Unreadable,
                file: path.clone(),
                line: None,
                message: format!("this folder cannot be listed ({why}); its entries are not shown"),
                fix: "check the folder's owner and permissions".into(),
                repairable: false,
            });
        }
        // Decrypted here, but another machine sealed lines since: readable with the retired
        // key, yet sealed on disk until `decrypt` runs again.
        if !seal::is_encrypted(root) && root.join(seal::RETIRED_KEYS_DIR).is_dir() {
            for month in months(root)? {
                for path in month.files.iter().filter(|p| !special.contains(p.as_path())) {
                    let Ok(raw) = read_file(path) else { continue };
                    if !seal::has_any_sealed(&raw) {
                        continue;
                    }
                    let n = super::lines::lines_of(&raw).filter(|l| seal::is_sealed_line(l)).count();
                    if n == 0 {
                        continue;
                    }
                    health.problems.push(Problem {
                        kind: Kind::NotShown,
                        file: path.clone(),
                        line: None,
                        message: format!(
                            "{n} sealed line{} in a journal that was decrypted (written since by a machine that still encrypts)",
                            plural(n)
                        ),
                        fix: "`coachlog decrypt` opens them; on the other machine, `coachlog decrypt` too (or encrypt both again)".into(),
                        repairable: false,
                    });
                }
            }
        }
        for path in &inv.unrelated {
            let Ok(bytes) = files::read_regular(path, 1 << 20) else { continue };
            let secret = memchr::memmem::find(&bytes, b"AGE-SECRET-KEY-1").is_some()
                || memchr::memmem::find(&bytes, b"PRIVATE KEY-----").is_some();
            if secret {
                health.problems.push(Problem {
                    kind: Kind::PrivateKey,
                    file: path.clone(),
                    line: None,
                    message: "holds a private key, inside the journal folder: whoever has a copy of the folder has the key to open it".into(),
                    fix: "move it out of the journal folder (keep it in the config folder, or a password manager)".into(),
                    repairable: false,
                });
            }
        }
        for path in &inv.unrelated {
            health.problems.push(Problem {
                kind: Kind::Unrelated,
                file: path.clone(),
                line: None,
                message: "not a file coachlog made; it is left alone".into(),
                fix: "move it out of the journal folder (or check that --journal names the right folder)"
                    .into(),
                repairable: false,
            });
        }
        for path in inv.private() {
            let Ok(meta) = fs::symlink_metadata(path) else { continue };
            let m = meta.permissions().mode() & 0o777;
            let want = if meta.is_dir() { 0o700 } else { 0o600 };
            if m & !want != 0 {
                health.problems.push(Problem {
                    kind: Kind::Permissions,
                    file: path.clone(),
                    line: None,
                    message: format!("readable by others (mode {m:o}); journal files should be {want:o}"),
                    fix: "`coachlog doctor --repair` makes it private".into(),
                    repairable: true,
                });
            }
        }
        if health.files > 0 && fs::symlink_metadata(root.join(".gitattributes")).is_err() {
            health.problems.push(Problem {
                kind: Kind::MissingGitattributes,
                file: root.join(".gitattributes"),
                line: None,
                message: "missing, so `git pull` may stop at conflicts in month files".into(),
                fix: "`coachlog doctor --repair` writes it".into(),
                repairable: true,
            });
        }
        Ok(health)
    }

    /// Repairs what `check` can repair, and says what it did and what it could not do. Two
    /// repairs never run at once (they take a lock on the journal folder).
    pub fn repair(&self) -> io::Result<Repairs> {
        let mut out = Repairs::default();
        let root = self.root().to_path_buf();
        if !root.is_dir() {
            return Ok(out);
        }
        let folder = fs::File::open(&root)?;
        folder.lock()?;
        let mut fail = |path: &Path, what: &str, e: &io::Error| {
            out.failed.push(Problem {
                kind: Kind::RepairFailed,
                file: path.to_path_buf(),
                line: None,
                message: format!("could not {what} ({e})"),
                fix: "fix what stops it (permissions, space), then run `coachlog doctor --repair` again"
                    .into(),
                repairable: false,
            });
        };
        let mut done = Vec::new();
        let inv = inventory(&root);

        // 1. What an interrupted repair of an older coachlog left: every line back in place.
        for left in &inv.leftovers {
            let name = file_name(left);
            let Some(key) = month_key(&name) else { continue };
            let target = canonical(&root, &key);
            let kept = files::free_name(&with_suffix(left, ".recovered"));
            match fold(left, &target).and_then(|n| files::rename_no_replace(left, &kept).map(|()| n)) {
                Ok((added, quarantined)) => done.push(format!(
                    "added back {added} line{} from {} to {}{}; the copy is kept as {}",
                    plural(added),
                    left.display(),
                    target.display(),
                    quarantined_note(quarantined),
                    kept.display()
                )),
                Err(e) => fail(left, "recover it", &e),
            }
        }

        // 2. Fold sync-conflict copies into their month files.
        for month in months(&root)? {
            let Some(key) = &month.key else { continue };
            let target = canonical(&root, key);
            for copy in month.files.iter().filter(|p| **p != target) {
                if inv.special.iter().any(|(p, _)| p == copy) {
                    continue;
                }
                let merged = files::free_name(&with_suffix(copy, ".merged"));
                match fold(copy, &target).and_then(|n| files::rename_no_replace(copy, &merged).map(|()| n)) {
                    Ok((added, quarantined)) => done.push(format!(
                        "folded {} into {} ({added} new line{}{}); the copy is kept as {}",
                        copy.display(),
                        target.display(),
                        plural(added),
                        quarantined_note(quarantined),
                        merged.display()
                    )),
                    Err(e) => fail(copy, "fold it into its month file", &e),
                }
            }
        }

        // 3. Records to the month their entry belongs in, damaged lines to quarantine.
        let place = placement(&root)?;
        for month in months(&root)? {
            for path in &month.files {
                if inv.special.iter().any(|(p, _)| p == path) {
                    continue;
                }
                match tidy(&root, path, month.key.as_deref(), &place) {
                    Ok((0, 0)) => {}
                    Ok((quarantined, moved)) => {
                        if quarantined > 0 {
                            done.push(format!(
                                "moved {quarantined} damaged line{} from {} to {}.quarantine",
                                plural(quarantined),
                                path.display(),
                                file_name(path)
                            ));
                        }
                        if moved > 0 {
                            done.push(format!(
                                "moved {moved} record{} from {} to the month file{} of {}",
                                plural(moved),
                                path.display(),
                                plural(moved),
                                if moved == 1 { "its entry" } else { "their entries" }
                            ));
                        }
                    }
                    Err(e) => fail(path, "repair it", &e),
                }
            }
        }

        // 4. Make coachlog's own files private (and nothing else: links are never followed).
        let inv = inventory(&root);
        for path in inv.private() {
            let Ok(meta) = fs::symlink_metadata(path) else { continue };
            let m = meta.permissions().mode() & 0o777;
            let want = if meta.is_dir() { 0o700 } else { 0o600 };
            if m & !want != 0 {
                match fs::set_permissions(path, fs::Permissions::from_mode(want)) {
                    Ok(()) => done.push(format!("made {} private ({m:o} → {want:o})", path.display())),
                    Err(e) => fail(path, "make it private", &e),
                }
            }
        }
        let attributes = root.join(".gitattributes");
        let has_months = !months(&root)?.is_empty();
        if has_months && fs::symlink_metadata(&attributes).is_err() {
            match files::write_atomic(&attributes, GITATTRIBUTES.as_bytes()) {
                Ok(()) => done.push(format!("wrote {}", attributes.display())),
                Err(e) => fail(&attributes, "write it", &e),
            }
        }
        folder.unlock()?;
        out.done = done;
        Ok(out)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn quarantined_note(n: usize) -> String {
    if n > 0 { format!(", {n} damaged line{} quarantined", plural(n)) } else { String::new() }
}

fn conflicting(id: &str, rev: u32, path: &Path, first: usize, second: usize) -> Problem {
    Problem {
        kind: Kind::ConflictingRevision,
        file: path.to_path_buf(),
        line: Some(second),
        message: format!(
            "entry {id} has two different revisions {rev} (line {first} and this one); the later one is shown"
        ),
        fix: format!("`coachlog edit {}` to make one version the latest", prefix(id, 10)),
        repairable: false,
    }
}

/// Appends to the file at `path` those of `lines` it does not hold yet (under its lock,
/// synced). Returns how many were added.
fn append_missing(path: &Path, lines: &[&[u8]]) -> io::Result<usize> {
    if lines.is_empty() {
        return Ok(0);
    }
    // Say which file stopped it: the one repaired or the one its lines go to.
    append_missing_to(path, lines).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

fn append_missing_to(path: &Path, lines: &[&[u8]]) -> io::Result<usize> {
    if let Some(dir) = path.parent() {
        files::create_private_dir(dir)?;
    }
    let mut file = files::lock_append(path)?;
    let have = read_file(path)?;
    let present: HashSet<&[u8]> = have.split(|b| *b == b'\n').collect();
    let mut add = Vec::new();
    let mut added = 0;
    let mut adding: HashSet<&[u8]> = HashSet::new();
    for line in lines {
        if !present.contains(line) && adding.insert(line) {
            add.extend_from_slice(line);
            add.push(b'\n');
            added += 1;
        }
    }
    if !add.is_empty() {
        if have.last().is_some_and(|b| *b != b'\n') {
            add.insert(0, b'\n');
        }
        file.write_all(&add)?;
        file.sync_data()?;
    }
    file.unlock()?;
    Ok(added)
}

/// Rewrites the month file `path` without its damaged lines (which go to its quarantine)
/// and without records of entries that belong in another month (which go there), under its
/// lock. Everything that leaves is synced where it goes before the file is replaced, so a
/// kill at any point leaves every line somewhere. Returns (quarantined, moved).
fn tidy(root: &Path, path: &Path, key: Option<&str>, place: &Placement) -> io::Result<(usize, usize)> {
    let file = files::lock_append(path)?;
    let bytes = read_file(path)?;
    // Lines are judged opened (a sealed line that does not open is damaged) and moved as
    // they are on disk; a sealed record moving to another month is sealed again for it.
    let opened = seal::open_slice(path, &bytes);
    let lines = parse_lines(&opened);
    let disk = disk_lines(&bytes);
    let mut damaged: Vec<&[u8]> = Vec::new();
    let mut moving: HashMap<String, Vec<Vec<u8>>> = HashMap::new();
    let mut kept = Vec::with_capacity(bytes.len());
    for (number, raw, line) in &lines {
        let raw = disk.get(number - 1).copied().unwrap_or(raw);
        match line {
            Line::Damaged(_) | Line::Torn(_) => damaged.push(raw),
            Line::Blank => {}
            Line::Record(r) => match place.home(&r.id) {
                Some(home) if key != Some(home) && canonical(root, home) != path => {
                    moving.entry(home.to_string()).or_default().push(seal::reseal(
                        raw,
                        path,
                        &canonical(root, home),
                    ));
                }
                _ => {
                    kept.extend_from_slice(raw);
                    kept.push(b'\n');
                }
            },
            // A sealed line moved here from its month's file goes back there, where it opens.
            Line::Kept(why) if why.contains("moved here") && super::lines::line_date(raw).is_some() => {
                let home = super::lines::line_date(raw).map(month_label).unwrap_or_default();
                moving.entry(home).or_default().push(raw.to_vec());
            }
            Line::Newer | Line::Outside | Line::Unwanted | Line::Kept(_) => {
                kept.extend_from_slice(raw);
                kept.push(b'\n');
            }
        }
    }
    if damaged.is_empty() && moving.is_empty() {
        file.unlock()?;
        return Ok((0, 0));
    }
    append_missing(&with_suffix(path, ".quarantine"), &damaged)?;
    let mut moved = 0;
    for (home, records) in &moving {
        let records: Vec<&[u8]> = records.iter().map(Vec::as_slice).collect();
        append_missing(&canonical(root, home), &records)?;
        moved += records.len();
    }
    let mut new = Replacement::new(path, 0o600)?;
    new.write_all(&kept)?;
    new.commit(true)?;
    file.unlock()?;
    Ok((damaged.len(), moved))
}

/// The lines of a file's bytes as [`parse_lines`] numbers them (line `n` at `n - 1`).
fn disk_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    if bytes.is_empty() {
        return Vec::new();
    }
    body.split(|b| *b == b'\n').collect()
}

/// Adds to `target` every record line of `copy` it does not already hold; damaged lines of
/// the copy go to the target's quarantine. Returns (lines added, lines quarantined).
fn fold(copy: &Path, target: &Path) -> io::Result<(usize, usize)> {
    let copy_bytes = read_file(copy)?;
    let opened = seal::open_slice(copy, &copy_bytes);
    let disk = disk_lines(&copy_bytes);
    let mut records = Vec::new();
    let mut damaged = Vec::new();
    for (number, raw, line) in parse_lines(&opened) {
        let raw = disk.get(number - 1).copied().unwrap_or(raw);
        match line {
            Line::Blank | Line::Outside | Line::Unwanted => {}
            Line::Damaged(_) | Line::Torn(_) => damaged.push(raw),
            Line::Record(_) | Line::Newer | Line::Kept(_) => records.push(raw),
        }
    }
    let added = append_missing(target, &records)?;
    append_missing(&with_suffix(target, ".quarantine"), &damaged)?;
    Ok((added, damaged.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_cut_at_characters() {
        assert_eq!(prefix("ZZZZZZZZZé1", 10), "ZZZZZZZZZé");
        assert_eq!(prefix("AB", 10), "AB");
    }

    #[test]
    fn own_extras_are_recognised() {
        assert!(is_own_extra("2026-11.jsonl.quarantine"));
        assert!(is_own_extra("2026-11 (conflicted copy).jsonl.merged"));
        assert!(is_own_extra("2026-11.sync-conflict-x.jsonl.merged.2"));
        assert!(is_own_extra("2026-11.jsonl.before-repair.recovered"));
        assert!(!is_own_extra("notes.txt"));
        assert!(!is_own_extra("tool"));
    }
}
