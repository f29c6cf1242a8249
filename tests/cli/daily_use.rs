//! Issue 12: the things that tripped a new lead in their first weeks, each through the binary.

use std::fs;

use crate::util::{Env, stderr, stdout};

/// `coachlog` with the clock set to `now` (a local time in Paris).
fn at(env: &Env, now: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("COACHLOG_NOW", format!("{now}+01:00"));
    cmd
}

#[test]
fn list_counts_entries_not_lines_when_a_sync_copy_repeats_them() {
    let env = Env::new();
    for day in ["2026-10-31", "2026-11-01", "2026-11-05", "2026-11-20", "2026-11-27"] {
        at(&env, &format!("{day}T20:00:00")).args(["add", &format!("note on {day}")]).assert().success();
    }
    let month = env.journal().join("2026/2026-11.jsonl");
    fs::copy(&month, month.with_file_name("2026-11 (conflicted copy).jsonl")).unwrap();
    let out = env.cmd().args(["list", "-n", "3"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("note on 2026-11-27") && text.contains("note on 2026-11-20"), "{text}");
    assert!(text.contains("note on 2026-11-05"), "{text}");
    assert!(!text.contains("2026-10-31"), "{text}");
    let out = env.cmd().args(["list", "-n", "8"]).output().unwrap();
    assert_eq!(stdout(&out).lines().count(), 5, "{}", stdout(&out));
}
