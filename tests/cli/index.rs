//! Kept month digests (`~/.cache/coachlog/index`): `summary` and `export` must say exactly
//! what a fresh read of the journal says, whatever changed since the digests were kept.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{Env, mode, ok, stderr, stdout};

fn add(env: &Env, date: &str, text: &str) -> String {
    let out = env.cmd().args(["add", "--date", date, text]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    env.records().last().unwrap()["id"].as_str().unwrap().to_string()
}

/// A journal over three months.
fn journal() -> Env {
    let env = Env::new();
    add(&env, "2026-09-03", "Delegated the release checklist to Sam #trust");
    add(&env, "2026-10-12", "Maria ran the retro; people followed her lead");
    add(&env, "2026-11-20", "Told the story of where the team is heading");
    add(&env, "2026-11-26", "Handed off the budget to Priya");
    env
}

/// What a command prints with the kept digests, and what it prints from the journal alone.
fn kept_and_fresh(env: &Env, args: &[&str]) -> (String, String) {
    let kept = env.cmd().args(args).output().unwrap();
    assert!(kept.status.success(), "{}", stderr(&kept));
    let empty = tempfile::tempdir().unwrap();
    let fresh = env.cmd().env("XDG_CACHE_HOME", empty.path()).args(args).output().unwrap();
    assert!(fresh.status.success(), "{}", stderr(&fresh));
    (stdout(&kept), stdout(&fresh))
}

fn assert_same_as_fresh(env: &Env) {
    for args in [
        &["summary", "--json"][..],
        &["summary", "--by", "month", "--json"],
        &["summary", "--theme", "trust", "--json"],
        &["export", "--format", "md"],
        &["calendar"],
    ] {
        let (kept, fresh) = kept_and_fresh(env, args);
        assert_eq!(kept, fresh, "coachlog {}", args.join(" "));
    }
}

fn summary_entries(env: &Env) -> u64 {
    let out = env.cmd().args(["summary", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["entries"].as_u64().unwrap()
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(cache_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn kept_digests_follow_every_change_to_the_journal() {
    let env = journal();
    assert_eq!(summary_entries(&env), 4);
    assert!(!cache_files(&env.home().join(".cache/coachlog/index")).is_empty(), "digests are kept");
    assert_same_as_fresh(&env);

    // A new entry in an old month, a deletion, and a revision written by another machine.
    let old = add(&env, "2026-09-15", "Asked the team for ideas on the on-call rota");
    assert_eq!(summary_entries(&env), 5);
    env.cmd().args(["delete", &old, "--yes"]).assert().success();
    assert_eq!(summary_entries(&env), 4);
    let october = env.journal().join("2026/2026-10.jsonl");
    let first = fs::read_to_string(&october).unwrap();
    let mut record: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    record["rev"] = 2.into();
    record["answers"][0]["text"] = "Scared to let go, but I delegated the hiring plan".into();
    fs::write(&october, format!("{first}{record}\n")).unwrap();
    assert_same_as_fresh(&env);
    let export = ok(env.cmd().args(["export"]).output().unwrap());
    assert!(export.contains("Scared to let go"), "{export}");
    assert!(export.contains("Themes: delegation, courage"), "the new revision is classified: {export}");
}

#[test]
fn a_changed_lexicon_classifies_kept_months_again() {
    let env = journal();
    add(&env, "2026-10-02", "Brought pizza to the planning day");
    let before = ok(env.cmd().args(["summary", "--json"]).output().unwrap());
    assert!(!before.contains("\"food\""), "{before}");
    env.write(
        "home/.config/coachlog/themes.toml",
        "[[theme]]\nid = \"food\"\ntitle = \"Food\"\nkeywords = [\"pizza\"]\n",
    );
    let after: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["summary", "--json"]).output().unwrap().stdout).unwrap();
    let food = after["themes"].as_array().unwrap().iter().find(|t| t["id"] == "food");
    assert_eq!(food.map(|t| t["entries"].clone()), Some(1.into()), "{after}");
    assert_same_as_fresh(&env);
}

#[test]
fn damaged_lines_are_reported_on_every_run_not_only_the_first() {
    let env = journal();
    let october = env.journal().join("2026/2026-10.jsonl");
    let mut text = fs::read_to_string(&october).unwrap();
    text.push_str("{\"v\":1,\"id\":\"BROKEN\n");
    fs::write(&october, text).unwrap();
    for args in [&["summary"][..], &["summary"], &["export"], &["export"], &["calendar"], &["commitments"]] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("warning:") && err.contains("2026-10.jsonl:2:"), "{args:?}: {err}");
    }
}

#[test]
fn kept_digests_are_private_and_hold_no_words() {
    let env = journal();
    env.cmd().args(["summary"]).assert().success();
    let root = env.home().join(".cache/coachlog");
    let files = cache_files(&root);
    assert!(!files.is_empty());
    for f in &files {
        assert_eq!(mode(f), 0o600, "{}", f.display());
        let text = fs::read_to_string(f).unwrap();
        for word in ["Delegated", "Maria", "budget", "story"] {
            assert!(!text.contains(word), "{} holds `{word}`", f.display());
        }
        let mut dir = f.parent().unwrap();
        while dir.starts_with(&root) {
            assert_eq!(mode(dir), 0o700, "{}", dir.display());
            dir = dir.parent().unwrap();
        }
    }
}

#[test]
fn a_damaged_or_impossible_cache_changes_nothing() {
    let env = journal();
    let (first, _) = kept_and_fresh(&env, &["summary", "--json"]);
    for f in cache_files(&env.home().join(".cache/coachlog/index")) {
        fs::write(&f, "{\"stamp\": garbage").unwrap();
    }
    let out = env.cmd().args(["summary", "--json"]).output().unwrap();
    assert!(out.status.success() && stderr(&out).is_empty(), "{}", stderr(&out));
    assert_eq!(stdout(&out), first);
    // A cache folder that cannot be made (a file stands in its way).
    let blocked = env.write("not-a-folder", "");
    for args in [&["summary", "--json"][..], &["export"]] {
        let out = env.cmd().env("XDG_CACHE_HOME", &blocked).args(args).output().unwrap();
        assert!(out.status.success() && stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    }
    let out = env.cmd().env("XDG_CACHE_HOME", &blocked).args(["summary", "--json"]).output().unwrap();
    assert_eq!(stdout(&out), first);
}

#[test]
fn a_cache_folder_that_is_a_link_is_not_written_through() {
    let env = journal();
    ok(env.cmd().arg("summary").output().unwrap());
    let index = env.home().join(".cache/coachlog/index");
    let kept = fs::read_dir(&index).unwrap().next().unwrap().unwrap().path();
    fs::remove_dir_all(&kept).unwrap();
    let elsewhere = env.dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &kept).unwrap();
    let fresh = ok(env.cmd().arg("summary").output().unwrap());
    assert!(fresh.contains("entries") || !fresh.is_empty());
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "digests were written through the link");
    assert!(fs::symlink_metadata(&kept).unwrap().file_type().is_symlink(), "the link is left as it was");
}
