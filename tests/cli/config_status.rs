use std::fs;

use crate::util::{Env, mode, ok, stderr, stdout};

#[test]
fn status_without_entries_suggests_a_session() {
    let env = Env::new();
    let out = env.cmd().arg("status").output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("Friday 27 November 2026\nNothing written today yet."), "{text}");
    assert!(text.contains("Streak: 0 days"));
    assert!(!env.journal().exists(), "status creates nothing");
}

#[test]
fn status_quiet_exits_1_silently_until_something_is_written_today() {
    let env = Env::new();
    let out = env.cmd().args(["status", "--quiet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    env.cmd().args(["add", "--date", "yesterday", "note"]).assert().success();
    env.cmd().args(["status", "-q"]).assert().code(1);
    env.cmd().args(["add", "-q", "today's note"]).assert().success().stdout("");
    let out = env.cmd().args(["status", "--quiet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn status_counts_the_streak_and_todays_entries() {
    let env = Env::new();
    for d in ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-20"] {
        env.cmd().args(["add", "--date", d, "--", "a note about trust"]).assert().success();
    }
    let text = ok(env.cmd().arg("status").output().unwrap());
    assert!(text.contains("Today: 1 entry"), "{text}");
    assert!(text.contains("Streak: 3 days   Last 7 days: ○○○○●●●"), "{text}");
}

#[test]
fn no_subcommand_without_a_terminal_prints_status() {
    let env = Env::new();
    let out = env.cmd().output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("Nothing written today yet."));
}

#[test]
fn config_shows_values_sources_and_paths() {
    let env = Env::new();
    let out = env.cmd().arg("config").output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains(&env.journal().display().to_string()), "{text}");
    assert!(text.contains("(default)"));
    assert!(text.contains("not created; defaults in use"));
    assert!(text.contains(&env.config_dir().join("prompts").display().to_string()));
    let digests = env.home().join(".cache/coachlog/index").display().to_string();
    assert!(text.lines().any(|l| l.contains("digests") && l.contains(&digests)), "{text}");

    let elsewhere = env.dir.path().join("elsewhere");
    let out = env.cmd().arg("config").env("COACHLOG_JOURNAL", &elsewhere).output().unwrap();
    assert!(stdout(&out).contains(&format!("{}", elsewhere.display())));
    assert!(stdout(&out).contains("($COACHLOG_JOURNAL)"));

    let out = env.cmd().args(["config", "--path"]).output().unwrap();
    assert_eq!(stdout(&out).trim(), env.config_dir().join("config.toml").display().to_string());
}

#[test]
fn config_file_values_take_effect_and_flags_win() {
    let env = Env::new();
    let journal = env.dir.path().join("from-config");
    env.write(
        "home/.config/coachlog/config.toml",
        &format!("journal = \"{}\"\ndefault_pack = \"trust\"\nweek_start = \"sunday\"\n", journal.display()),
    );
    let out = env.cmd().args(["config", "--json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let setting =
        |k: &str| report["settings"].as_array().unwrap().iter().find(|r| r["key"] == k).unwrap().clone();
    assert_eq!(setting("journal")["value"], journal.display().to_string());
    assert_eq!(setting("journal")["source"], "config file");
    assert_eq!(setting("week_start")["value"], "sunday");

    let answers = env.write("a.toml", "[answers]\nchecked-on = \"Ana's PR.\"\n");
    let out = env.cmd().args(["today", "--answers"]).arg(&answers).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Saved Trust"), "default_pack is used");
    assert!(journal.join("2026/2026-11.jsonl").exists(), "the config's journal is used");

    let flag = env.dir.path().join("flag");
    env.cmd().arg("--journal").arg(&flag).args(["add", "x"]).assert().success();
    assert!(flag.join("2026/2026-11.jsonl").exists());
}

#[test]
fn an_unknown_config_key_is_a_warning_naming_it_and_the_rest_still_applies() {
    let env = Env::new();
    env.cmd().args(["add", "a note"]).assert().success();
    let path =
        env.write("home/.config/coachlog/config.toml", "week_start = \"sunday\"\ncolour = \"never\"\n");
    let out = env.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "one typo does not stop every command");
    assert!(stdout(&out).contains("a note"));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "warning: {}:2:1: unknown key `colour` (did you mean `color`?); it is ignored.",
            path.display()
        )),
        "{err}"
    );
    let week = ok(env.cmd().arg("week").output().unwrap());
    assert!(week.contains("Sunday 22"), "week_start still applies: {week}");
    let out = env.cmd().args(["-q", "list"]).output().unwrap();
    assert!(stderr(&out).is_empty(), "quiet: {}", stderr(&out));
    // Unreadable TOML, or a journal that is not a path, still stop: where entries go is never guessed.
    env.write("home/.config/coachlog/config.toml", "journal = 3\n");
    let out = env.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`journal` must be a path"), "{}", stderr(&out));
    assert!(stderr(&out).contains("its keys are journal, default_pack"), "{}", stderr(&out));
    env.write("home/.config/coachlog/config.toml", "pick = [\n");
    assert_eq!(env.cmd().arg("list").output().unwrap().status.code(), Some(1));
}

#[test]
fn a_missing_config_named_explicitly_is_an_error() {
    let env = Env::new();
    let out = env.cmd().args(["--config", "nope.toml", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope.toml"));
}

#[test]
fn config_init_writes_a_commented_default_once() {
    let env = Env::new();
    env.cmd().args(["config", "init"]).assert().success();
    let path = env.config_dir().join("config.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("# week_start = \"monday\""));
    assert_eq!(mode(&path), 0o600);
    env.cmd().arg("config").assert().success();
    let out = env.cmd().args(["config", "init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"));
}

#[test]
fn a_bad_clock_override_is_a_usage_error() {
    let env = Env::new();
    let out = env.cmd().arg("status").env("COACHLOG_NOW", "tomorrow-ish").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("COACHLOG_NOW"));
}

#[test]
fn version_and_help_work() {
    let env = Env::new();
    let out = env.cmd().arg("-V").output().unwrap();
    assert_eq!(stdout(&out).trim(), format!("coachlog {}", env!("CARGO_PKG_VERSION")));
    let out = env.cmd().arg("--help").output().unwrap();
    assert!(stdout(&out).contains("today"));
    let out = env.cmd().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn days_are_counted_in_journal_files_written_by_other_tools() {
    // The same records as another tool writes JSON: a space after every colon and comma.
    let env = Env::new();
    for day in ["2026-11-25", "2026-11-26", "2026-11-27"] {
        env.cmd().args(["add", "--date", day, "a note"]).assert().success();
    }
    let month = env.journal().join("2026/2026-11.jsonl");
    let spaced: String = fs::read_to_string(&month)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let mut s = String::new();
            for (i, part) in serde_json::to_string(&v).unwrap().split("\":").enumerate() {
                if i > 0 {
                    s.push_str("\": ");
                }
                s.push_str(part);
            }
            s + "\n"
        })
        .collect();
    fs::write(&month, spaced).unwrap();
    let status = ok(env.cmd().arg("status").output().unwrap());
    assert!(status.contains("3 days"), "{status}");
    let week = ok(env.cmd().arg("week").output().unwrap());
    assert!(week.contains("streak 3 days"), "{week}");
}
