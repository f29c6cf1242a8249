//! `coachlog doctor`'s eyes and hands on the journal folder: finding damaged lines, torn
//! tails, conflicting revisions, sync-conflict copies and loose permissions, and repairing
//! what can be repaired without losing a byte (damaged lines move to a `.quarantine` file,
//! conflict copies are folded in and kept as `.merged`).

use std::collections::{HashMap, HashSet};
use std::fs::{self, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::read::{Line, months, parse_lines};
use super::{GITATTRIBUTES, Journal, files};

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

fn mode(path: &Path) -> Option<u32> {
    fs::symlink_metadata(path).ok().map(|m| m.permissions().mode() & 0o777)
}

/// `ROOT/YYYY/YYYY-MM.jsonl`: the one file a month's records belong in.
fn canonical(root: &Path, key: &str) -> PathBuf {
    root.join(&key[..4]).join(format!("{key}.jsonl"))
}

/// Every folder and file coachlog keeps under `root` (not following links).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            out.push(path.clone());
            walk(&path, out);
        } else if kind.is_file() {
            out.push(path);
        }
    }
}

impl Journal {
    /// Looks at every file of the journal. Reading problems are reported, never fatal.
    pub fn check(&self) -> io::Result<Health> {
        let mut health = Health::default();
        let root = self.root();
        if !root.exists() {
            return Ok(health);
        }
        let mut seen: HashMap<(String, u32), (PathBuf, usize, Vec<u8>)> = HashMap::new();
        let mut ids: HashSet<String> = HashSet::new();
        let mut latest_rev: HashMap<String, u32> = HashMap::new();
        let mut conflicts: Vec<(String, u32, Problem)> = Vec::new();
        for month in months(root)? {
            for path in &month.files {
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
                let bytes = match fs::read(path) {
                    Ok(b) => b,
                    Err(e) => {
                        health.problems.push(Problem {
                            kind: Kind::Unreadable,
                            file: path.clone(),
                            line: None,
                            message: format!("cannot be read ({e})"),
                            fix: "check the file's owner and permissions".into(),
                            repairable: false,
                        });
                        continue;
                    }
                };
                for (number, raw, line) in parse_lines(&bytes) {
                    match line {
                        Line::Blank | Line::Outside => {}
                        Line::Newer => health.newer += 1,
                        Line::Record(r) => {
                            ids.insert(r.id.clone());
                            let max = latest_rev.entry(r.id.clone()).or_insert(0);
                            *max = (*max).max(r.rev);
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
                        Line::Damaged(message) => {
                            let torn = message.contains("incomplete");
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
                                    home.file_name()
                                        .map(|n| n.to_string_lossy().into_owned())
                                        .unwrap_or_default()
                                ),
                                repairable: true,
                            });
                        }
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

        let mut everything = vec![root.to_path_buf()];
        walk(root, &mut everything);
        for path in everything {
            let Some(m) = mode(&path) else { continue };
            let want = if path.is_dir() { 0o700 } else { 0o600 };
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
        if health.files > 0 && !root.join(".gitattributes").exists() {
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

    /// Repairs what `check` can repair, and says what it did.
    pub fn repair(&self) -> io::Result<Vec<String>> {
        let mut done = Vec::new();
        let root = self.root().to_path_buf();
        if !root.exists() {
            return Ok(done);
        }
        // 1. Fold sync-conflict copies into their month files.
        for month in months(&root)? {
            let Some(key) = &month.key else { continue };
            let target = canonical(&root, key);
            for copy in month.files.iter().filter(|p| **p != target) {
                let (added, quarantined) = fold(copy, &target)?;
                let merged = PathBuf::from(format!("{}.merged", copy.display()));
                fs::rename(copy, &merged)?;
                done.push(format!(
                    "folded {} into {} ({added} new line{}{}); the copy is kept as {}",
                    copy.display(),
                    target.display(),
                    if added == 1 { "" } else { "s" },
                    if quarantined > 0 {
                        format!(", {quarantined} damaged lines quarantined")
                    } else {
                        String::new()
                    },
                    merged.display()
                ));
            }
        }
        // 2. Move damaged lines out of month files.
        for month in months(&root)? {
            for path in &month.files {
                let moved = quarantine(path)?;
                if moved > 0 {
                    done.push(format!(
                        "moved {moved} damaged line{} from {} to {}.quarantine",
                        if moved == 1 { "" } else { "s" },
                        path.display(),
                        path.display()
                    ));
                }
            }
        }
        // 3. Make everything private.
        let mut everything = vec![root.clone()];
        walk(&root, &mut everything);
        for path in everything {
            let Some(m) = mode(&path) else { continue };
            let want = if path.is_dir() { 0o700 } else { 0o600 };
            if m & !want != 0 {
                fs::set_permissions(&path, fs::Permissions::from_mode(want))?;
                done.push(format!("made {} private ({m:o} → {want:o})", path.display()));
            }
        }
        if !root.join(".gitattributes").exists() {
            files::write_atomic(&root.join(".gitattributes"), GITATTRIBUTES.as_bytes())?;
            done.push(format!("wrote {}", root.join(".gitattributes").display()));
        }
        Ok(done)
    }
}

fn conflicting(id: &str, rev: u32, path: &Path, first: usize, second: usize) -> Problem {
    Problem {
        kind: Kind::ConflictingRevision,
        file: path.to_path_buf(),
        line: Some(second),
        message: format!(
            "entry {id} has two different revisions {rev} (line {first} and this one); the later one is shown"
        ),
        fix: format!("`coachlog edit {}` to make one version the latest", &id[..10.min(id.len())]),
        repairable: false,
    }
}

/// Appends `lines` to `<path>.quarantine`, synced.
fn to_quarantine(path: &Path, lines: &[&[u8]]) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let q = PathBuf::from(format!("{}.quarantine", path.display()));
    let mut f = OpenOptions::new().append(true).create(true).mode(0o600).open(&q)?;
    let mut buf = Vec::new();
    for l in lines {
        buf.extend_from_slice(l);
        buf.push(b'\n');
    }
    f.write_all(&buf)?;
    f.sync_data()
}

/// Rewrites `path` without its damaged lines, under its lock, after saving them to the
/// quarantine file (and a whole copy of the file until the rewrite is synced).
fn quarantine(path: &Path) -> io::Result<usize> {
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    file.lock()?;
    let bytes = fs::read(path)?;
    let lines = parse_lines(&bytes);
    let damaged: Vec<&[u8]> =
        lines.iter().filter(|(_, _, l)| matches!(l, Line::Damaged(_))).map(|(_, raw, _)| *raw).collect();
    if damaged.is_empty() {
        return Ok(0);
    }
    to_quarantine(path, &damaged)?;
    let backup = PathBuf::from(format!("{}.before-repair", path.display()));
    files::write_atomic(&backup, &bytes)?;
    let mut kept = Vec::with_capacity(bytes.len());
    for (_, raw, l) in &lines {
        if !matches!(l, Line::Damaged(_)) && !matches!(l, Line::Blank) {
            kept.extend_from_slice(raw);
            kept.push(b'\n');
        }
    }
    // In place, under the lock, so that a concurrent `add` waiting for it appends after us.
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&kept)?;
    file.sync_all()?;
    file.unlock()?;
    fs::remove_file(&backup)?;
    Ok(damaged.len())
}

/// Appends to `target` every record line of `copy` it does not already hold; damaged lines
/// of the copy go to the target's quarantine. Returns (lines added, lines quarantined).
fn fold(copy: &Path, target: &Path) -> io::Result<(usize, usize)> {
    if let Some(dir) = target.parent() {
        files::create_private_dir(dir)?;
    }
    let copy_bytes = fs::read(copy)?;
    let mut file = files::open_append(target)?;
    file.lock()?;
    let have = fs::read(target)?;
    let present: HashSet<&[u8]> = parse_lines(&have).into_iter().map(|(_, raw, _)| raw).collect();
    let mut add = Vec::new();
    let mut damaged = Vec::new();
    let mut added = 0;
    for (_, raw, line) in parse_lines(&copy_bytes) {
        match line {
            Line::Blank => {}
            Line::Damaged(_) => damaged.push(raw),
            Line::Record(_) | Line::Newer if !present.contains(raw) => {
                add.extend_from_slice(raw);
                add.push(b'\n');
                added += 1;
            }
            _ => {}
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
    to_quarantine(target, &damaged)?;
    Ok((added, damaged.len()))
}
