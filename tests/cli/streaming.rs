//! Whole-journal output that streams (`list` of many entries, from the month digests, a month
//! at a time) says exactly what the few-entries way says.

use std::collections::BTreeMap;
use std::fs;

use crate::util::{Env, stdout};

/// A journal of `n` generated entries (2,600 is past `list`'s streaming threshold), with a
/// damaged line and a sync-conflict copy, written straight to month files.
fn generated(n: u64) -> Env {
    generated_with(n, false)
}

/// [`generated`]; `heavy`: every entry commits to three things, the next follows them up.
fn generated_with(n: u64, heavy: bool) -> Env {
    let env = Env::new();
    let mut months: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in coachlog::devtools::journal_with(n, 5, heavy) {
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

/// The streamed markdown export (by theme, filtered: the journal is never held) prints the
/// document the plain way builds from every entry in memory.
#[test]
fn a_markdown_export_by_theme_is_the_document_built_whole() {
    for (n, heavy) in [(2600, false), (700, true)] {
        export_is_the_document_built_whole(&generated_with(n, heavy));
    }
}

fn export_is_the_document_built_whole(env: &Env) {
    use coachlog::core::entry::Entry;
    use coachlog::core::markdown::{self, Grouping};
    use coachlog::core::theme::{Themes, parse_themes};
    use coachlog::journal::{Journal, Query};

    let themes = Themes::new(parse_themes("themes.toml", coachlog::core::builtin::THEMES.1).unwrap());
    let titles: std::collections::HashMap<String, String> = coachlog::core::builtin::PACKS
        .iter()
        .map(|(name, text)| coachlog::core::pack::parse_pack(name, text, &themes).unwrap())
        .map(|p| (p.id, p.title))
        .collect();
    let loaded = Journal::open_in(env.journal()).scan(&Query::all()).unwrap();
    let all: Vec<Entry> =
        loaded.records.into_iter().filter(|r| !r.deleted).map(|r| Entry::classify(r, &themes)).collect();
    let promised = coachlog::core::commitment::commitments(&all);
    let ctx = markdown::Context::new(&themes, &titles, &promised);
    let june = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    type Keep = fn(&Entry, chrono::NaiveDate) -> bool;
    let cases: [(&[&str], Grouping, Keep); 5] = [
        (&["--by", "theme"], Grouping::Theme, |_, _| true),
        (&["--by", "theme", "--theme", "trust"], Grouping::Theme, |e, _| {
            e.themes.iter().any(|t| t == "trust")
        }),
        (&["--by", "theme", "--search", "Kofi"], Grouping::Theme, |e, _| {
            coachlog::core::text::fold(&e.record.text()).contains("kofi")
        }),
        (&["--by", "theme", "--from", "2026-06-01", "--pack", "daily"], Grouping::Theme, |e, june| {
            e.record.date >= june && e.record.pack.as_deref() == Some("daily")
        }),
        (&["--theme", "courage"], Grouping::Date, |e, _| e.themes.iter().any(|t| t == "courage")),
    ];
    for (args, grouping, keep) in cases {
        let chosen: Vec<Entry> = all.iter().filter(|e| keep(e, june)).cloned().collect();
        assert!(!chosen.is_empty(), "{args:?}");
        let whole = markdown::document(&chosen, grouping, &ctx);
        // Cold (no digests kept) and warm.
        for _ in 0..2 {
            let out = env.cmd().arg("export").args(args).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            assert!(
                stdout(&out) == whole,
                "{args:?}: the streamed export differs from the document built whole"
            );
        }
    }
}
