//! Finding the journal's month files: `2026/2026-11.jsonl`, and the copies sync tools make of
//! them, grouped by month. Nothing else in the folder is read.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// The files holding one calendar month: `2026-11.jsonl` and any conflict copies of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// `2026-11`, or `None` for a `.jsonl` file whose name does not start with a month.
    pub key: Option<String>,
    pub files: Vec<PathBuf>,
}

/// Lists month files under `root`, oldest month first; files with other names come last.
pub fn months(root: &Path) -> io::Result<Vec<Month>> {
    months_in(root, None)
}

/// [`months`], skipping the year folders (`2019/`) outside `years` (both ends included), so
/// that reading recent days does not list thirty years of folders.
pub fn months_in(root: &Path, years: Option<(i32, i32)>) -> io::Result<Vec<Month>> {
    let mut by_key: HashMap<Option<String>, Vec<PathBuf>> = HashMap::new();
    collect(root, 0, years, &mut by_key)?;
    let mut out: Vec<Month> = by_key
        .into_iter()
        .map(|(key, mut files)| {
            files.sort();
            Month { key, files }
        })
        .collect();
    // `None` sorts first; put it last so "newest month" is the last keyed one.
    out.sort_by(|a, b| match (&a.key, &b.key) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Greater,
        (_, None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => x.cmp(y),
    });
    Ok(out)
}

fn collect(
    dir: &Path,
    depth: usize,
    years: Option<(i32, i32)>,
    out: &mut HashMap<Option<String>, Vec<PathBuf>>,
) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound && depth == 0 => return Ok(()),
        Err(e) if depth == 0 => return Err(e),
        // A year folder that cannot be listed must not hide the rest: doctor names it.
        Err(_) => return Ok(()),
    };
    for entry in entries {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        // Only what coachlog writes is read: month files (and sync tools' copies of them) at
        // the top or in a year folder. Anything else (`--journal ~`, a project folder) is
        // someone else's, and doctor says so.
        if name.ends_with(".jsonl") {
            if let Some(key) = month_key(&name) {
                // A link, FIFO, device or folder in a month file's place is listed too, so that
                // every read warns that it was skipped (reading refuses it).
                out.entry(Some(key)).or_default().push(path);
            }
            continue;
        }
        let year = (depth == 0 && name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
            .then(|| name.parse::<i32>().ok())
            .flatten();
        if let Some(year) = year
            && kind.is_dir()
            && years.is_none_or(|(first, last)| year >= first && year <= last)
        {
            collect(&path, depth + 1, years, out)?;
        }
    }
    Ok(())
}

/// `2026-11` from `2026-11.jsonl`, `2026-11.sync-conflict-….jsonl` or
/// `2026-11 (conflicted copy).jsonl`.
pub fn month_key(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let ok = b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b.get(7).is_none_or(|c| !c.is_ascii_digit());
    ok.then(|| name[..7].to_string())
}

/// Whether `date` falls in the month `key` (`2026-11`).
pub fn in_month(date: NaiveDate, key: &str) -> bool {
    use chrono::Datelike;
    let b = key.as_bytes();
    let num = |r: std::ops::Range<usize>| key.get(r).and_then(|t| t.parse::<u32>().ok());
    b.len() == 7 && num(0..4) == u32::try_from(date.year()).ok() && num(5..7) == Some(date.month())
}
