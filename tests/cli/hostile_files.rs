//! SPEC §10 against the files themselves: links, FIFOs, folders and unrelated files in the
//! journal, records in the wrong month, interrupted repairs and exports, planted temp-file
//! links, output paths that point into the journal. Each test reproduces a break found by a
//! hostile review (issue 11) and checks that nothing is lost, followed or left behind.

use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Env, jsonl_files, mode, ok, stderr, stdout};

/// A valid record line of a quick note.
fn line(id: &str, date: &str, text: &str) -> String {
    format!(
        r#"{{"v":1,"id":"{id}","rev":1,"at":"{date}T20:00:00+01:00","date":"{date}","pack":"quick","answers":[{{"prompt":"note","kind":"text","question":"Note","text":"{text}"}}]}}"#
    )
}

fn ulid(n: u64) -> String {
    ulid::Ulid::from_parts(1_780_000_000_000 + n, u128::from(n)).to_string()
}

/// Writes a month file of `n` entries (ids `ulid(0..n)`) with a damaged line after the first.
fn big_month(env: &Env, n: u64) -> (PathBuf, Vec<String>) {
    let month = env.journal().join("2026/2026-11.jsonl");
    fs::create_dir_all(month.parent().unwrap()).unwrap();
    let mut text = String::new();
    let mut ids = Vec::new();
    for i in 0..n {
        let id = ulid(i);
        text.push_str(&line(&id, "2026-11-20", &format!("entry {i} {}", "words ".repeat(40))));
        text.push('\n');
        if i == 0 {
            text.push_str("{this line is damaged\n");
        }
        ids.push(id);
    }
    fs::write(&month, text).unwrap();
    (month, ids)
}

/// Every id found in the journal's month files and quarantines.
fn ids_on_disk(env: &Env) -> HashSet<String> {
    let mut out = HashSet::new();
    for f in jsonl_files(&env.journal()) {
        for l in fs::read_to_string(&f).unwrap_or_default().lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(l)
                && let Some(id) = v["id"].as_str()
            {
                out.insert(id.to_string());
            }
        }
    }
    out
}

fn kill_after(mut cmd: Command, after: Duration) {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_repair_killed_at_any_moment_loses_no_entry() {
    let env = Env::new();
    let (month, ids) = big_month(&env, 20_000);
    for delay_ms in [0, 2, 5, 10, 20, 40, 80, 160] {
        kill_after(env.std_cmd(&["doctor", "--repair"]), Duration::from_millis(delay_ms));
        let on_disk = ids_on_disk(&env);
        assert!(ids.iter().all(|id| on_disk.contains(id)), "entries lost after a kill at {delay_ms} ms");
        assert!(fs::metadata(&month).unwrap().len() > 1_000_000, "month file cut after {delay_ms} ms");
    }
    let out = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let out = env.cmd().arg("doctor").output().unwrap();
    assert!(stdout(&out).starts_with("✓ All well: 20000 entries in 1 file"), "{}", stdout(&out));
    let quarantine = fs::read_to_string(month.with_file_name("2026-11.jsonl.quarantine")).unwrap();
    assert_eq!(quarantine, "{this line is damaged\n", "quarantined once, however often the repair ran");
    let names: Vec<String> = fs::read_dir(month.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary or backup files are left: {names:?}");
}

#[test]
fn a_backup_left_by_an_older_repair_is_added_back_not_overwritten() {
    let env = Env::new();
    let (month, ids) = big_month(&env, 50);
    let backup = month.with_file_name("2026-11.jsonl.before-repair");
    fs::rename(&month, &backup).unwrap();
    // What the old repair left: the month file cut short.
    let first = fs::read_to_string(&backup).unwrap().lines().next().unwrap().to_string();
    assert!(first.contains(&ids[0]));
    fs::write(&month, format!("{first}\n")).unwrap();
    let out = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("left by an interrupted repair"), "{}", stdout(&out));

    let out = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("repaired: added back 49 lines"), "{}", stdout(&out));
    let list = env.cmd().args(["list", "-n", "100", "--json"]).output().unwrap();
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(listed.len(), 50);
    assert!(month.with_file_name("2026-11.jsonl.before-repair.recovered").exists());
    assert!(!backup.exists());
}

#[test]
fn export_refuses_to_write_into_the_journal_even_through_a_link() {
    let env = Env::new();
    env.cmd().args(["add", "keep me"]).assert().success();
    let month = env.journal().join("2026/2026-11.jsonl");
    let before = fs::read(&month).unwrap();
    let out = env.cmd().arg("export").arg("-o").arg(&month).arg("--force").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(stderr(&out).contains("inside coachlog's journal folder"), "{}", stderr(&out));

    let link = env.dir.path().join("out.md");
    symlink(&month, &link).unwrap();
    let out = env.cmd().arg("export").arg("-o").arg(&link).arg("--force").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = env.cmd().arg("export").arg("--dir").arg(env.journal().join("notes")).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = env.cmd().arg("export").arg("-o").arg(env.config_dir().join("x.md")).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(fs::read(&month).unwrap(), before);
    assert!(ok(env.cmd().arg("list").output().unwrap()).contains("keep me"));
}

#[test]
fn export_replaces_an_existing_file_only_with_force() {
    let env = Env::new();
    env.cmd().args(["add", "a note"]).assert().success();
    let out_md = env.write("out.md", "my own notes\n");
    let out = env.cmd().args(["export", "-o", "out.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists; nothing was written"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&out_md).unwrap(), "my own notes\n");
    env.cmd().args(["export", "-o", "out.md", "--force"]).assert().success();
    assert!(fs::read_to_string(&out_md).unwrap().contains("a note"));
    assert_eq!(mode(&out_md), 0o600);
}

#[test]
fn planted_temporary_links_are_never_written_through() {
    let env = Env::new();
    env.cmd().args(["add", "private words"]).assert().success();
    let shared = env.dir.path().join("shared");
    fs::create_dir_all(&shared).unwrap();
    let victim = env.write("victim.txt", "precious\n");
    // Links where the old temporary names would be, for the next thousand process ids.
    let first = std::process::id();
    for pid in first..first + 1000 {
        symlink(&victim, shared.join(format!(".out.md.tmp-{pid}"))).unwrap();
    }
    for args in
        [&["export", "-o", "shared/out.md"][..], &["export", "--format", "json", "-o", "shared/o.json"]]
    {
        env.cmd().args(args).assert().success();
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(fs::read_to_string(shared.join("out.md")).unwrap().contains("private words"));
    let leftovers = fs::read_dir(&shared).unwrap().count() - 1000 - 2;
    assert_eq!(leftovers, 0, "no temporary file is left beside the export");
}

#[test]
fn an_export_killed_at_any_moment_leaves_no_temporary_file() {
    let env = Env::new();
    big_month(&env, 20_000);
    let out_dir = env.dir.path().join("exports");
    fs::create_dir_all(&out_dir).unwrap();
    for delay_ms in [5, 20, 60, 120] {
        kill_after(
            env.std_cmd(&["export", "--force", "-o", out_dir.join("all.md").to_str().unwrap()]),
            Duration::from_millis(delay_ms),
        );
        let names: Vec<String> = fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "all.md")
            .collect();
        assert!(names.is_empty(), "left after a kill at {delay_ms} ms: {names:?}");
    }
}

#[test]
fn a_month_file_that_links_elsewhere_is_never_written_through() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-10-05", "october"]).assert().success();
    let notes = env.write("notes.txt", "my notes\n");
    let year = env.journal().join("2026");
    symlink(&notes, year.join("2026-11.jsonl")).unwrap();
    let out = env.cmd().args(["add", "november"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&notes).unwrap(), "my notes\n");

    let out = env.cmd().arg("list").output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("october"));
    assert!(
        stderr(&out).contains("2026-11.jsonl: cannot read this file (it is a symbolic link"),
        "{}",
        stderr(&out)
    );

    let out = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("is a symbolic link"), "{}", stdout(&out));
    assert_eq!(fs::read_to_string(&notes).unwrap(), "my notes\n");
    assert_eq!(mode(&notes), 0o644, "a link's target is never chmod-ed");

    // A dangling link: nothing is created where it points.
    fs::remove_file(year.join("2026-11.jsonl")).unwrap();
    let elsewhere = env.dir.path().join("elsewhere.jsonl");
    symlink(&elsewhere, year.join("2026-11.jsonl")).unwrap();
    assert_eq!(env.cmd().args(["add", "november"]).output().unwrap().status.code(), Some(1));
    assert!(!elsewhere.exists());

    // A year folder that is a link.
    let other = env.dir.path().join("other-year");
    fs::create_dir_all(&other).unwrap();
    symlink(&other, env.journal().join("2025")).unwrap();
    let out = env.cmd().args(["add", "--date", "2025-01-02", "last year"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read_dir(&other).unwrap().count(), 0);
}

#[test]
fn fifos_devices_and_folders_in_the_journal_are_skipped_and_named() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-10-05", "october"]).assert().success();
    let year = env.journal().join("2026");
    let fifo = year.join("2026-11.jsonl");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    symlink("/dev/zero", year.join("2026-09.jsonl")).unwrap();
    fs::create_dir_all(year.join("2026-08.jsonl")).unwrap();
    for args in
        [&["list"][..], &["summary"], &["week"], &["calendar"], &["status"], &["export"], &["commitments"]]
    {
        let started = Instant::now();
        let out = env.cmd().args(args).timeout(Duration::from_secs(20)).output().unwrap();
        assert!(started.elapsed() < Duration::from_secs(15), "{args:?} hung");
        assert!(out.status.code().is_some_and(|c| c == 0), "{args:?}: {}", stderr(&out));
    }
    let out = env.cmd().arg("list").output().unwrap();
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    assert!(stdout(&out).contains("october"));

    let out = env.cmd().args(["add", "--date", "2026-08-03", "august"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(stderr(&out).contains("2026-08.jsonl"), "{}", stderr(&out));

    let out = env.cmd().arg("doctor").timeout(Duration::from_secs(20)).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("2026-11.jsonl: is a FIFO"), "{text}");
    assert!(text.contains("2026-09.jsonl: is a symbolic link"), "{text}");
    assert!(text.contains("2026-08.jsonl: is a folder"), "{text}");
    let out = env.cmd().args(["doctor", "--repair"]).timeout(Duration::from_secs(20)).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_strange_digest_cache_is_ignored() {
    let env = Env::new();
    env.cmd().args(["add", "a note #trust"]).assert().success();
    env.cmd().arg("summary").assert().success();
    let index = env.home().join(".cache/coachlog/index");
    let kept: Vec<PathBuf> =
        walk(&index).into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    assert_eq!(kept.len(), 1);
    fs::remove_file(&kept[0]).unwrap();
    assert!(Command::new("mkfifo").arg(&kept[0]).status().unwrap().success());
    let out = env.cmd().arg("summary").timeout(Duration::from_secs(20)).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Trust"));
    fs::remove_file(&kept[0]).unwrap();
    symlink("/dev/zero", &kept[0]).unwrap();
    let out = env.cmd().arg("summary").timeout(Duration::from_secs(20)).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Trust"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if fs::symlink_metadata(&p).unwrap().is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn repair_touches_only_coachlogs_own_files() {
    let env = Env::new();
    env.cmd().args(["add", "a note"]).assert().success();
    let hook = env.journal().join(".git/hooks/pre-commit");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::write(&hook, "#!/bin/sh\n").unwrap();
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    let readme = env.journal().join("README.md");
    fs::write(&readme, "my journal\n").unwrap();
    fs::set_permissions(&readme, fs::Permissions::from_mode(0o644)).unwrap();
    let month = env.journal().join("2026/2026-11.jsonl");
    fs::set_permissions(&month, fs::Permissions::from_mode(0o644)).unwrap();

    let out = env.cmd().arg("doctor").output().unwrap();
    assert!(stdout(&out).contains("README.md: not a file coachlog made"), "{}", stdout(&out));
    assert!(!stdout(&out).contains(".git"), "a git folder is expected: {}", stdout(&out));
    env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert_eq!(mode(&hook), 0o755);
    assert_eq!(mode(&readme), 0o644);
    assert_eq!(mode(&month), 0o600);

    // The home folder given as the journal: nothing in it is made private.
    let tool = env.home().join("bin/tool");
    fs::create_dir_all(tool.parent().unwrap()).unwrap();
    fs::write(&tool, "#!/bin/sh\n").unwrap();
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    let out = env.cmd().arg("--journal").arg(env.home()).args(["doctor", "--repair"]).output().unwrap();
    assert_eq!(mode(&tool), 0o755);
    assert_eq!(mode(&env.home().join("bin")), 0o755);
    assert!(stdout(&out).contains("bin: not a file coachlog made"), "{}", stdout(&out));
}

#[test]
fn a_byte_order_mark_is_not_damage() {
    let env = Env::new();
    let month = env.journal().join("2026/2026-11.jsonl");
    fs::create_dir_all(month.parent().unwrap()).unwrap();
    fs::write(&month, format!("\u{feff}{}\r\n", line(&ulid(1), "2026-11-26", "written on Windows"))).unwrap();
    let out = env.cmd().arg("list").output().unwrap();
    assert!(stdout(&out).contains("written on Windows"), "{}", stdout(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let out = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert!(!stdout(&out).contains("damaged"), "{}", stdout(&out));
    assert!(!month.with_file_name("2026-11.jsonl.quarantine").exists());
    env.cmd().args(["add", "another"]).assert().success();
    let listed: Vec<serde_json::Value> =
        serde_json::from_slice(&env.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(listed.len(), 2, "the entry after the mark and the one added after it");
}

#[test]
fn records_in_the_wrong_month_are_found_moved_and_counted_once() {
    let env = Env::new();
    let (id, other) = (ulid(7), ulid(8));
    let march = env.journal().join("2026/2026-03.jsonl");
    fs::create_dir_all(march.parent().unwrap()).unwrap();
    fs::write(&march, format!("{}\n", line(&id, "2026-11-22", "filed in march"))).unwrap();
    // One entry whose deletion was written into another month.
    let nov = env.journal().join("2026/2026-11.jsonl");
    fs::write(&nov, format!("{}\n", line(&other, "2026-11-23", "deleted later"))).unwrap();
    let tomb = format!(
        r#"{{"v":1,"id":"{other}","rev":2,"at":"2026-11-24T20:00:00+01:00","date":"2026-11-23","deleted":true}}"#
    );
    fs::write(env.journal().join("2026/2026-12.jsonl"), format!("{tomb}\n")).unwrap();

    // Every read that meets them says so, and says what to do.
    for args in [&["list", "-n", "50"][..], &["summary"], &["calendar"], &["export"]] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        let said =
            format!("2026-03.jsonl:1: entry {id} is dated 2026-11-22 but filed in another month's file");
        assert!(err.contains(&said), "{args:?}: {err}");
        assert!(err.contains("doctor --repair"), "{args:?}: {err}");
    }
    let out = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(&format!(
            "{}:1: a revision of entry {id} dated 2026-11-22 belongs in 2026-11.jsonl",
            march.display()
        )),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("2026-12.jsonl:1: a revision of entry"), "{}", stdout(&out));
    let out = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(env.cmd().arg("doctor").output().unwrap().status.success());
    let show = env.cmd().args(["show", "2026-11-22"]).output().unwrap();
    assert!(stdout(&show).contains("filed in march"), "{}", stdout(&show));
    let week = env.cmd().args(["week", "--date", "2026-11-22", "--json"]).output().unwrap();
    let week: serde_json::Value = serde_json::from_slice(&week.stdout).unwrap();
    assert_eq!(week["days_journaled"], 1, "{week}");
    let list = ok(env.cmd().args(["list", "-n", "50"]).output().unwrap());
    assert!(!list.contains("deleted later"), "{list}");
}

#[test]
fn an_edit_racing_a_deletion_does_not_undo_it() {
    let env = Env::new();
    env.cmd().args(["add", "the original words"]).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    let bin = env!("CARGO_BIN_EXE_coachlog");
    // The "editor" deletes the entry from another process, then saves its change.
    let script = env.write(
        "race.sh",
        &format!("#!/bin/sh\n\"{bin}\" delete --yes {id} >/dev/null\nsed -i 's/original/edited/' \"$1\"\n"),
    );
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let out = env.cmd().env("EDITOR", &script).args(["edit", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("was changed by another coachlog"), "{}", stderr(&out));
    let show = ok(env.cmd().args(["show", &id]).output().unwrap());
    assert!(show.contains("deleted") || show.contains("Deleted"), "{show}");
    let revs: Vec<u64> = env.records().iter().map(|r| r["rev"].as_u64().unwrap()).collect();
    assert_eq!(revs, vec![1, 2], "only the deletion was written");
}

#[test]
fn man_pages_replace_links_and_are_readable_whatever_the_umask() {
    let env = Env::new();
    let dir = env.dir.path().join("man");
    fs::create_dir_all(&dir).unwrap();
    let victim = env.write("victim.txt", "precious\n");
    symlink(&victim, dir.join("coachlog.1")).unwrap();
    let bin = env!("CARGO_BIN_EXE_coachlog");
    let status = env
        .command("sh")
        .arg("-c")
        .arg(format!("umask 000; \"{bin}\" man --dir \"{}\"", dir.display()))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(fs::symlink_metadata(dir.join("coachlog.1")).unwrap().is_file());
    assert_eq!(mode(&dir.join("coachlog.1")), 0o644);
    assert_eq!(mode(&dir.join("coachlog-today.1")), 0o644);
}

#[test]
fn a_repair_that_cannot_fold_a_copy_names_it_and_goes_on() {
    let env = Env::new();
    let year = env.journal().join("2026");
    fs::create_dir_all(&year).unwrap();
    // The month file is a folder, so the copy cannot be folded into it.
    fs::create_dir_all(year.join("2026-11.jsonl")).unwrap();
    let copy = year.join("2026-11 (conflicted copy).jsonl");
    fs::write(&copy, format!("{}\n", line(&ulid(3), "2026-11-20", "in the copy"))).unwrap();
    let bad = year.join("2026-10.jsonl");
    fs::write(&bad, format!("{}\nnot json\n", line(&ulid(4), "2026-10-20", "october"))).unwrap();
    let out = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(&format!("{}: could not fold it into its month file", copy.display())), "{text}");
    assert!(text.contains("moved 1 damaged line from"), "the repair went on: {text}");
    assert!(fs::read_to_string(&copy).unwrap().contains("in the copy"));
}

#[test]
fn a_fifo_among_the_packs_or_as_the_config_is_an_error_not_a_hang() {
    let env = Env::new();
    let prompts = env.config_dir().join("prompts");
    fs::create_dir_all(&prompts).unwrap();
    assert!(Command::new("mkfifo").arg(prompts.join("team.toml")).status().unwrap().success());
    let out = env.cmd().args(["prompts", "list"]).timeout(Duration::from_secs(20)).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("team.toml") && stderr(&out).contains("FIFO"), "{}", stderr(&out));
    fs::remove_file(prompts.join("team.toml")).unwrap();
    symlink("/dev/zero", env.config_dir().join("config.toml")).unwrap();
    let out = env.cmd().arg("list").timeout(Duration::from_secs(20)).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("config.toml"), "{}", stderr(&out));
}

#[test]
fn drafts_are_never_written_through_a_linked_folder() {
    let env = Env::new();
    env.cmd().args(["add", "first"]).assert().success();
    let elsewhere = env.dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, env.journal().join("drafts")).unwrap();
    let answers = env.write("a.toml", crate::util::DAILY_ANSWERS);
    let out = env.cmd().arg("today").arg("--answers").arg(&answers).output().unwrap();
    // A session from an answers file keeps no draft; the entry is saved and nothing lands elsewhere.
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    let out = env.cmd().arg("doctor").output().unwrap();
    assert!(stdout(&out).contains("drafts: is a symbolic link"), "{}", stdout(&out));
}

#[test]
fn daily_notes_are_never_written_into_the_journal_through_a_linked_year() {
    let env = Env::new();
    env.cmd().args(["add", "a note"]).assert().success();
    let vault = env.dir.path().join("vault");
    fs::create_dir_all(&vault).unwrap();
    symlink(env.journal().join("2026"), vault.join("2026")).unwrap();
    let out = env.cmd().arg("export").arg("--dir").arg(&vault).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("inside coachlog's journal folder"), "{}", stderr(&out));
    let names: Vec<_> =
        fs::read_dir(env.journal().join("2026")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_note_too_large_to_keep_is_refused_and_the_month_stays_readable() {
    let env = Env::new();
    env.cmd().args(["add", "before"]).assert().success();
    let out = env.cmd().arg("add").write_stdin("a".repeat(2 << 20)).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("longer than 1 MB, so nothing was saved"), "{}", stderr(&out));
    let list = env.cmd().arg("list").output().unwrap();
    assert!(stdout(&list).contains("before"));
    assert_eq!(env.records().len(), 1);
}

#[test]
fn repair_leaves_json_lines_files_of_other_programs_alone() {
    let env = Env::new();
    let log = env.home().join("proj/app/log.jsonl");
    fs::create_dir_all(log.parent().unwrap()).unwrap();
    fs::write(&log, "{\"level\":\"info\"}\n").unwrap();
    fs::set_permissions(&log, fs::Permissions::from_mode(0o644)).unwrap();
    let odd = env.home().join("events.jsonl");
    fs::write(&odd, "{\"event\":1}\n").unwrap();
    fs::set_permissions(env.home(), fs::Permissions::from_mode(0o755)).unwrap();
    let out = env.cmd().arg("--journal").arg(env.home()).args(["doctor", "--repair"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "unrelated files are reported: {}", stdout(&out));
    assert!(stdout(&out).contains("events.jsonl: not a file coachlog made"), "{}", stdout(&out));
    assert_eq!(fs::read_to_string(&log).unwrap(), "{\"level\":\"info\"}\n");
    assert_eq!(fs::read_to_string(&odd).unwrap(), "{\"event\":1}\n");
    assert_eq!(mode(&log), 0o644);
    assert_eq!(mode(&env.home()), 0o755, "a shared folder keeps its permissions");
    assert!(!env.home().join(".gitattributes").exists());
    let names: Vec<_> = fs::read_dir(log.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1, "no quarantine beside it");
    let out = env.cmd().arg("--journal").arg(env.home()).arg("list").output().unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).is_empty(), "files that are not month files are not read: {}", stderr(&out));
}

#[test]
fn export_writes_into_a_pipe_or_device_instead_of_replacing_it() {
    let env = Env::new();
    env.cmd().args(["add", "through the pipe"]).assert().success();
    let fifo = env.dir.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let out = env.cmd().arg("export").arg("-o").arg(&fifo).timeout(Duration::from_secs(20)).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(reader.join().unwrap().contains("through the pipe"));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    for args in [&["export", "-o", "/dev/null"][..], &["export", "--format", "json", "-o", "/dev/null"]] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[test]
fn an_edit_page_is_never_written_through_a_linked_drafts_folder() {
    let env = Env::new();
    env.cmd().args(["add", "secret words"]).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    let elsewhere = env.dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, env.journal().join("drafts")).unwrap();
    let out = env.cmd().env("EDITOR", "true").args(["edit", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("drafts") && stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn daily_notes_stop_before_writing_when_a_folder_is_in_the_way() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-11-20", "first day"]).assert().success();
    env.cmd().args(["add", "second day"]).assert().success();
    let vault = env.dir.path().join("vault");
    fs::create_dir_all(vault.join("2026/2026-11-27.md")).unwrap();
    let out = env.cmd().arg("export").arg("--dir").arg(&vault).arg("--force").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2026-11-27.md is a folder, not a note; nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(!vault.join("2026/2026-11-20.md").exists());
}

#[test]
fn a_daily_note_that_is_a_link_is_never_written_through() {
    let env = Env::new();
    env.cmd().args(["add", "a note"]).assert().success();
    let vault = env.dir.path().join("vault");
    fs::create_dir_all(vault.join("2026")).unwrap();
    let victim = env.write("victim.md", "precious\n");
    symlink(&victim, vault.join("2026/2026-11-27.md")).unwrap();
    let out = env.cmd().arg("export").arg("--dir").arg(&vault).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("kept 1 note you edited"), "{}", stdout(&out));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    env.cmd().arg("export").arg("--dir").arg(&vault).arg("--force").assert().success();
    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "precious\n",
        "the link is replaced, not written through"
    );
    assert!(fs::symlink_metadata(vault.join("2026/2026-11-27.md")).unwrap().is_file());
}
