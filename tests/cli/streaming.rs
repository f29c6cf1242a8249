//! Whole-journal output that streams (`list` of many entries, from the month digests, a month
//! at a time) says exactly what the few-entries way says.

use std::collections::BTreeMap;
use std::fs;

use crate::util::{Env, stdout};

/// A journal of `n` generated entries (2,600 is past `list`'s streaming threshold), with a
/// damaged line and a sync-conflict copy, written straight to month files.
fn generated(n: u64) -> Env {
    let env = Env::new();
    let mut months: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in coachlog::devtools::journal(n, 5) {
        let key = r.date.format("%Y/%Y-%m").to_string();
        months.entry(key).or_default().push(serde_json::to_string(&r).unwrap());
    }
    let last = months.keys().last().cloned().unwrap();
    for (key, lines) in &months {
        let path = env.journal().join(format!("{key}.jsonl"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut text = lines.join("\n") + "\n";
        if *key == last {
            text.push_str("{\"v\":1,\"id\": damaged\n");
            // Another machine's copy of the month, with one entry more.
            let copy = path.with_file_name(format!("{} (conflicted copy).jsonl", &key[5..]));
            let at = lines[0].find("\"id\":\"").unwrap() + 6;
            let extra = lines[0].replace(&lines[0][at..at + 26], "01ZZZZZZZZZZZZZZZZZZZZZZZZ");
            fs::write(copy, format!("{}\n{extra}\n", lines.join("\n"))).unwrap();
        }
        fs::write(&path, text).unwrap();
    }
    env
}

fn json(env: &Env, args: &[&str]) -> Vec<serde_json::Value> {
    let out = env.cmd().args(["list", "--json"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn many_entries_list_as_a_few_do() {
    let env = generated(2600);
    for filters in [
        &[][..],
        &["--theme", "trust"],
        &["--from", "2026-01-01"],
        &["--pack", "daily"],
        &["--search", "kofi"],
    ] {
        let few = json(&env, &[&["-n", "2000"][..], filters].concat());
        // Once as the first run on a new machine (no digests kept), once with them.
        for _ in 0..2 {
            let many = json(&env, &[&["-n", "100000"][..], filters].concat());
            assert!(many.len() > 2000 || few.len() < 2000, "{filters:?}: {} entries", many.len());
            assert_eq!(&many[..few.len()], &few[..], "{filters:?}");
        }
    }
    // The damaged line is named, the copy's extra entry counted once.
    let out = env.cmd().args(["list", "-n", "100000"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a journal record"));
    assert_eq!(stdout(&out).lines().filter(|l| l.starts_with("01ZZZZZZZZZZ")).count(), 1);
    assert_eq!(stdout(&out).lines().count(), 2601);
}

#[test]
fn a_json_export_streams_the_entries_list_shows() {
    let env = generated(2600);
    for filters in [&[][..], &["--theme", "trust"], &["--search", "coffee"], &["--from", "2026-06-01"]] {
        let out = env.cmd().args(["export", "--format", "json"]).args(filters).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = stdout(&out);
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"entries\": ["), "{}", &text[..40]);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ids = |v: &[serde_json::Value]| {
            v.iter().map(|e| e["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        };
        let mut listed = ids(&json(&env, &[&["-n", "100000"][..], filters].concat()));
        listed.reverse();
        let mut exported = ids(doc["entries"].as_array().unwrap());
        // Oldest first in the export, newest first in the list; ties may come either way.
        listed.sort();
        exported.sort();
        assert_eq!(exported, listed, "{filters:?}");
        // Records as stored, without the themes `list` adds.
        assert!(doc["entries"][0].get("themes").is_none());
    }
}
