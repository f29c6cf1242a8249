//! Trying hard to lose a word: concurrent writers, full and read-only disks, diverged copies
//! merged by a sync tool or by git, and `doctor` on what is left.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{DAILY_ANSWERS, Env, jsonl_files, ok, stderr, stdout};

fn all_lines_valid(env: &Env) -> usize {
    let mut n = 0;
    for f in jsonl_files(&env.journal()) {
        for line in fs::read_to_string(&f).unwrap().lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}: {line}", f.display()));
            assert!(v["id"].is_string());
            n += 1;
        }
    }
    n
}

#[test]
fn fifty_writers_at_once_make_fifty_whole_entries() {
    let env = Env::new();
    let children: Vec<_> = (0..50)
        .map(|i| {
            let mut cmd = env.command(env!("CARGO_BIN_EXE_coachlog"));
            let text =
                format!("writer {i} {}", "with a long enough line to make torn writes likely ".repeat(40));
            cmd.args(["add", &text]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(all_lines_valid(&env), 50);
    let list: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["list", "-n", "100", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 50);
}

#[test]
fn a_session_saves_while_notes_are_being_added() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    let spawn = |args: Vec<String>| {
        let mut cmd = env.command(env!("CARGO_BIN_EXE_coachlog"));
        cmd.args(args).stdout(Stdio::null()).spawn().unwrap()
    };
    let mut children = Vec::new();
    for i in 0..20 {
        children.push(spawn(vec!["add".into(), format!("note {i}")]));
        if i % 5 == 0 {
            children.push(spawn(vec!["today".into(), "--answers".into(), answers.display().to_string()]));
        }
    }
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert_eq!(all_lines_valid(&env), 24);
}

/// A small tmpfs at `dir`, or `None` (with the reason printed) where mounting is not allowed.
fn tmpfs(dir: &Path, size: &str, options: &str) -> Option<Mount> {
    fs::create_dir_all(dir).unwrap();
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700{options}"), "tmpfs"])
        .arg(dir)
        .output();
    match out {
        Ok(o) if o.status.success() => Some(Mount(dir.to_path_buf())),
        Ok(o) => {
            eprintln!("skipped: cannot mount a tmpfs here: {}", String::from_utf8_lossy(&o.stderr).trim());
            None
        }
        Err(e) => {
            eprintln!("skipped: cannot run mount: {e}");
            None
        }
    }
}

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_one_clear_error_and_loses_nothing() {
    let env = Env::new();
    let disk = env.dir.path().join("disk");
    let Some(_mount) = tmpfs(&disk, "64k", "") else { return };
    let journal = disk.join("journal");
    let add = |text: &str| env.cmd().arg("--journal").arg(&journal).args(["add", text]).output().unwrap();
    assert!(add("written while there was room").status.success());
    let before = fs::read(journal.join("2026/2026-11.jsonl")).unwrap();
    // Fill the disk.
    let _ = fs::write(disk.join("filler"), vec![b'x'; 80 * 1024]);
    let out = add(&"a longer note that does not fit anymore ".repeat(100));
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.starts_with("error: could not save the entry to "), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("hint: free some disk space"), "{err}");
    assert_eq!(fs::read(journal.join("2026/2026-11.jsonl")).unwrap(), before, "earlier records intact");
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_file_size_limit_is_one_clear_error_and_loses_nothing() {
    let env = Env::new();
    env.cmd().args(["add", "first"]).assert().success();
    let month = env.journal().join("2026/2026-11.jsonl");
    let before = fs::read(&month).unwrap();
    let mut cmd = env.command("bash");
    // SIGXFSZ ignored, so the write fails with EFBIG instead of killing the process.
    cmd.args([
        "-c",
        &format!("trap '' XFSZ; ulimit -f 1; exec {} add \"$0\"", env!("CARGO_BIN_EXE_coachlog")),
        &"x".repeat(3000),
    ]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: could not save the entry to "), "{}", stderr(&out));
    assert_eq!(fs::read(&month).unwrap(), before, "no torn line is left behind");
    let list = ok(env.cmd().arg("list").output().unwrap());
    assert!(list.contains("first"));
}

#[test]
fn a_read_only_journal_is_one_clear_error() {
    let env = Env::new();
    let disk = env.dir.path().join("ro");
    let Some(_mount) = tmpfs(&disk, "64k", "") else { return };
    let journal = disk.join("journal");
    env.cmd().arg("--journal").arg(&journal).args(["add", "before"]).assert().success();
    let remount = Command::new("mount").args(["-o", "remount,ro"]).arg(&disk).status().unwrap();
    if !remount.success() {
        eprintln!("skipped: cannot remount read-only");
        return;
    }
    let out = env.cmd().arg("--journal").arg(&journal).args(["add", "after"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: could not save the entry to "), "{err}");
    assert!(err.contains("Read-only file system"), "{err}");
    let list = ok(env.cmd().arg("--journal").arg(&journal).arg("list").output().unwrap());
    assert!(list.contains("before"), "reading still works: {list}");
}

#[test]
fn permission_denied_is_one_clear_error() {
    // Root may write anywhere: as root (CI is), coachlog runs as `nobody` (setpriv drops the
    // privileges), in a home that user owns. Without setpriv the test fails rather than skip.
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false);
    let env = Env::new();
    // A copy of the binary inside the test's folder: the build folder may be one that
    // `nobody` cannot enter (a checkout under /root).
    let bin = env.dir.path().join("coachlog");
    fs::copy(env!("CARGO_BIN_EXE_coachlog"), &bin).unwrap();
    fs::set_permissions(&bin, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = if root {
            let mut c = env.command("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            env.command(env!("CARGO_BIN_EXE_coachlog"))
        };
        cmd.args(args).output().expect("setpriv (util-linux) runs coachlog as another user")
    };
    if root {
        let nobody = |p: &std::path::Path| std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
        nobody(env.dir.path());
        nobody(&env.home());
    }
    let first = run(&["add", "before"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let dir = env.journal().join("2026");
    fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o500)).unwrap();
    fs::set_permissions(dir.join("2026-11.jsonl"), std::os::unix::fs::PermissionsExt::from_mode(0o400))
        .unwrap();
    let out = run(&["add", "after"]);
    fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("Permission denied"), "{}", stderr(&out));
    assert!(fs::read_to_string(dir.join("2026-11.jsonl")).unwrap().contains("before"), "nothing was lost");
}

#[test]
fn an_unreadable_config_or_journal_folder_is_an_error_naming_it() {
    let env = Env::new();
    fs::create_dir_all(env.config_dir().join("config.toml")).unwrap();
    let out = env.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "could not read the config file {}",
            env.config_dir().join("config.toml").display()
        )),
        "{}",
        stderr(&out)
    );

    let env = Env::new();
    let file = env.write("not-a-folder", "x");
    let out = env.cmd().arg("--journal").arg(&file).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&file.display().to_string()), "{}", stderr(&out));
}

/// Two machines start from the same journal, then each writes and edits on its own.
fn diverge() -> (Env, Env, String) {
    let a = Env::new();
    let answers = a.write("a.toml", DAILY_ANSWERS);
    a.cmd()
        .env("COACHLOG_NOW", "2026-11-26T20:00:00+01:00")
        .args(["today", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let shared = a.records()[0]["id"].as_str().unwrap().to_string();
    let b = Env::new();
    copy_dir(&a.journal(), &b.journal());

    let edit = |env: &Env, from: &str, to: &str, now: &str| {
        let script = env.write("ed.sh", &format!("#!/bin/sh\nsed -i 's/{from}/{to}/' \"$1\"\n"));
        fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        env.cmd().env("COACHLOG_NOW", now).env("EDITOR", &script).args(["edit", &shared]).assert().success();
    };
    a.cmd()
        .env("COACHLOG_NOW", "2026-11-27T08:00:00+01:00")
        .args(["add", "from the laptop"])
        .assert()
        .success();
    edit(&a, "ten minutes", "ten minutes (laptop)", "2026-11-27T08:30:00+01:00");
    b.cmd()
        .env("COACHLOG_NOW", "2026-11-27T09:00:00+01:00")
        .args(["add", "from the phone"])
        .assert()
        .success();
    edit(&b, "ten minutes", "ten minutes (phone, later)", "2026-11-27T09:30:00+01:00");
    (a, b, shared)
}

/// An edit that makes one version the latest.
fn settle(env: &Env, id: &str) {
    let script = env.write("settle.sh", "#!/bin/sh\nsed -i 's/(phone, later)/(both seen)/' \"$1\"\n");
    fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    env.cmd().env("EDITOR", &script).args(["edit", id]).assert().success();
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() { copy_dir(&p, &dest) } else { fs::copy(&p, &dest).map(|_| ()).unwrap() }
    }
}

fn merged_view(env: &Env) -> Vec<(String, String)> {
    let list: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["list", "-n", "50", "--json"]).output().unwrap().stdout)
            .unwrap();
    let mut out: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = e["answers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["prompt"] == "handed-off" || a["prompt"] == "note")
                .unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string();
            (e["id"].as_str().unwrap().to_string(), text)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn diverged_copies_merged_by_a_sync_tool_lose_nothing_and_count_once() {
    let (a, b, shared) = diverge();
    let month = |env: &Env| env.journal().join("2026/2026-11.jsonl");
    fs::copy(month(&b), month(&a).with_file_name("2026-11.sync-conflict-20261127-093000-PHONE.jsonl"))
        .unwrap();
    let view = merged_view(&a);
    assert_eq!(view.len(), 3, "{view:?}");
    let edited = view.iter().find(|(id, _)| *id == shared).unwrap();
    assert!(edited.1.ends_with("ten minutes (phone, later)."), "the latest revision wins: {edited:?}");
    assert!(
        view.iter().any(|(_, t)| t == "from the laptop") && view.iter().any(|(_, t)| t == "from the phone")
    );

    // doctor folds the copy in; the view does not change. Both machines made a revision 2 of
    // the shared entry, which doctor points out until an edit settles it.
    let out = a.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("a copy made by a sync tool"), "{text}");
    assert!(text.contains(&format!("entry {shared} has two different revisions 2")), "{text}");
    let out = a.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert!(stdout(&out).contains("repaired: folded"));
    assert_eq!(merged_view(&a), view);
    settle(&a, &shared);
    assert!(ok(a.cmd().arg("doctor").output().unwrap()).starts_with("✓ All well"));
}

#[test]
fn diverged_journals_merged_by_git_lose_nothing_and_count_once() {
    let (a, b, shared) = diverge();
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .env("HOME", dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    // One repository: the common past, then a branch per machine.
    let repo = a.dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    // The shared state is each journal minus its own last two lines (the note and the edit).
    let month_a = fs::read_to_string(a.journal().join("2026/2026-11.jsonl")).unwrap();
    let month_b = fs::read_to_string(b.journal().join("2026/2026-11.jsonl")).unwrap();
    let common: String = month_a.lines().take(1).map(|l| format!("{l}\n")).collect();
    fs::create_dir_all(repo.join("2026")).unwrap();
    fs::copy(a.journal().join(".gitattributes"), repo.join(".gitattributes")).unwrap();
    fs::write(repo.join("2026/2026-11.jsonl"), &common).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "common"]);
    git(&repo, &["checkout", "-qb", "phone"]);
    fs::write(repo.join("2026/2026-11.jsonl"), &month_b).unwrap();
    git(&repo, &["commit", "-qam", "phone"]);
    git(&repo, &["checkout", "-q", "main"]);
    fs::write(repo.join("2026/2026-11.jsonl"), &month_a).unwrap();
    git(&repo, &["commit", "-qam", "laptop"]);
    git(&repo, &["merge", "-q", "--no-edit", "phone"]);

    let merged = a.cmd().arg("--journal").arg(&repo).args(["list", "-n", "50", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3, "every entry once");
    let edited = list.as_array().unwrap().iter().find(|e| e["id"] == shared.as_str()).unwrap().clone();
    let text =
        edited["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == "handed-off").unwrap()["text"]
            .clone();
    assert!(text.as_str().unwrap().ends_with("ten minutes (phone, later)."), "{text}");
    let journal = |args: &[&str]| a.cmd().arg("--journal").arg(&repo).args(args).output().unwrap();
    let out = journal(&["doctor"]);
    assert!(stdout(&out).contains("two different revisions 2"), "{}", stdout(&out));
    let script = a.write("settle.sh", "#!/bin/sh\nsed -i 's/(phone, later)/(both seen)/' \"$1\"\n");
    fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out =
        a.cmd().arg("--journal").arg(&repo).env("EDITOR", &script).args(["edit", &shared]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    journal(&["doctor", "--repair"]);
    let out = journal(&["doctor"]);
    assert!(stdout(&out).starts_with("✓ All well"), "{}", stdout(&out));
}

#[test]
fn doctor_says_a_healthy_journal_is_healthy_in_one_line() {
    let env = Env::new();
    env.cmd().args(["add", "fine"]).assert().success();
    let out = env.cmd().arg("doctor").output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("✓ All well: 1 entry in 1 file, private; the config and 16 prompt packs are valid."),
        "{text}"
    );
}

#[test]
fn doctor_names_every_problem_and_repair_keeps_every_byte() {
    let env = Env::new();
    env.cmd().args(["add", "one"]).assert().success();
    env.cmd().args(["add", "two"]).assert().success();
    let month = env.journal().join("2026/2026-11.jsonl");
    let mut bytes = fs::read(&month).unwrap();
    bytes.splice(0..0, b"{broken\n".iter().copied());
    bytes.extend_from_slice(b"{\"v\":1,\"id\":\"TORN");
    fs::write(&month, &bytes).unwrap();
    fs::set_permissions(&month, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let year = month.parent().unwrap();
    fs::set_permissions(year, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    env.write("home/.config/coachlog/prompts/bad.toml", "[pack]\nid = \"bad\"\n");

    let out = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(&format!("{}:1: not a journal record", month.display())), "{text}");
    assert!(text.contains(&format!("{}:4: the last line is incomplete", month.display())), "{text}");
    assert!(text.contains("readable by others (mode 644)"), "{text}");
    assert!(text.contains("readable by others (mode 755)"), "{text}");
    assert!(text.contains("bad.toml:1:1"), "{text}");
    assert!(text.contains("5 problems need attention; `coachlog doctor --repair` fixes 4 of them"), "{text}");

    let report: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["doctor", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(report["healthy"], false);
    assert_eq!(report["problems"].as_array().unwrap().len(), 4);
    assert_eq!(report["problems"][0]["line"], 1);

    let out = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("repaired: moved 2 damaged lines"), "{text}");
    assert!(text.contains(&format!("repaired: made {} private (755 → 700)", year.display())), "{text}");
    assert_eq!(out.status.code(), Some(1), "the bad pack still needs the person");
    let quarantine = fs::read_to_string(month.with_file_name("2026-11.jsonl.quarantine")).unwrap();
    assert_eq!(quarantine, "{broken\n{\"v\":1,\"id\":\"TORN\n");
    assert_eq!(crate::util::mode(&month), 0o600, "the month file is replaced by a private one");
    assert_eq!(crate::util::mode(year), 0o700);
    let list = ok(env.cmd().arg("list").output().unwrap());
    assert!(list.contains("one") && list.contains("two"));
    fs::remove_file(env.config_dir().join("prompts/bad.toml")).unwrap();
    env.cmd().arg("doctor").assert().success();
}

#[test]
fn doctor_runs_even_with_a_broken_config() {
    let env = Env::new();
    env.write("home/.config/coachlog/config.toml", "colour = \"never\"\n");
    let out = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("config.toml:1:1: unknown key `colour`"), "{}", stdout(&out));
}

#[test]
fn an_export_that_cannot_be_written_leaves_the_old_file_and_no_scraps() {
    let env = Env::new();
    for i in 0..20 {
        env.cmd().args(["add", &format!("Note {i}: {}", "words ".repeat(40))]).assert().success();
    }
    let target = env.write("out/journal.md", "the export from last week\n");
    let mut cmd = env.command("bash");
    // SIGXFSZ ignored, so the write fails with EFBIG instead of killing the process.
    cmd.args([
        "-c",
        &format!("trap '' XFSZ; ulimit -f 1; exec {} export -o \"$0\"", env!("CARGO_BIN_EXE_coachlog")),
        &target.display().to_string(),
    ]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("error: ") && err.contains("journal.md"), "{err}");
    assert_eq!(fs::read_to_string(&target).unwrap(), "the export from last week\n");
    let left: Vec<_> =
        fs::read_dir(target.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
}
