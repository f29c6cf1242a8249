//! Writes a realistic journal for benchmarks and tests (see `coachlog::devtools`): the same
//! seed always writes the same journal.
//!
//! ```sh
//! cargo run --release --example generate -- --entries 100000 --seed 1 /tmp/journal-100k
//! ```

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{BufWriter, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::Datelike;

fn main() {
    let mut entries: u64 = 1000;
    let mut seed: u64 = 1;
    let mut heavy = false;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--entries" => entries = args.next().and_then(|v| v.parse().ok()).expect("--entries N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            // Every entry commits to three things, and the next follows them all up.
            "--commitment-heavy" => heavy = true,
            "-h" | "--help" => {
                println!("usage: generate [--entries N] [--seed N] [--commitment-heavy] DIR");
                return;
            }
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.expect("usage: generate [--entries N] [--seed N] [--commitment-heavy] DIR");
    let records = coachlog::devtools::journal_with(entries, seed, heavy);
    let mut files: BTreeMap<String, BufWriter<fs::File>> = BTreeMap::new();
    for r in &records {
        let key = format!("{:04}-{:02}", r.date.year(), r.date.month());
        let out = files.entry(key.clone()).or_insert_with(|| open(&dir, &key));
        serde_json::to_writer(&mut *out, r).expect("write");
        out.write_all(b"\n").expect("write");
    }
    for (_, mut f) in files {
        f.flush().expect("flush");
    }
    // Private, as coachlog makes it (doctor would otherwise name it).
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(dir.join(".gitattributes"))
        .and_then(|mut f| f.write_all(b"*.jsonl merge=union\n"))
        .expect("gitattributes");
    let (first, last) = (records.first().map(|r| r.date), records.last().map(|r| r.date));
    println!("wrote {} entries from {first:?} to {last:?} into {}", records.len(), dir.display());
}

fn open(dir: &Path, key: &str) -> BufWriter<fs::File> {
    let year = dir.join(&key[..4]);
    fs::DirBuilder::new().recursive(true).mode(0o700).create(&year).expect("folder");
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(year.join(format!("{key}.jsonl")))
        .expect("file");
    BufWriter::with_capacity(1 << 16, file)
}
