use std::fs;

use crate::util::{DAILY_ANSWERS, Env, ok, stderr, stdout};

fn add(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().arg("add").args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn add_saves_a_quick_note_with_tags_as_themes() {
    let env = Env::new();
    let line = add(&env, &["Lunch", "with", "Ana.", "#roving-leaders", "#lunch"]);
    assert!(line.starts_with("✓ Saved Quick note for Fri 27 Nov 2026 (1 answer)"), "{line}");
    let r = &env.records()[0];
    assert_eq!(r["pack"], "quick");
    assert_eq!(r["answers"][0]["kind"], "text");
    assert_eq!(r["answers"][0]["text"], "Lunch with Ana. #roving-leaders #lunch");
    assert_eq!(r["tags"], serde_json::json!(["roving-leaders", "lunch"]));

    let out = env.cmd().args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["themes"], serde_json::json!(["roving-leaders"]), "only tags that name a theme");
}

#[test]
fn add_reads_stdin_and_takes_explicit_themes() {
    let env = Env::new();
    env.cmd()
        .args(["add", "--theme", "trust", "--date", "yesterday"])
        .write_stdin("Stayed out of the incident call.\nIt went fine.\n")
        .assert()
        .success();
    let r = &env.records()[0];
    assert_eq!(r["date"], "2026-11-26");
    assert_eq!(r["answers"][0]["text"], "Stayed out of the incident call.\nIt went fine.");
    assert_eq!(r["tags"], serde_json::json!(["trust"]));
}

#[test]
fn add_rejects_an_unknown_theme_and_empty_text() {
    let env = Env::new();
    let out = env.cmd().args(["add", "--theme", "cooking", "hello"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a mistyped name is a usage error");
    assert!(stderr(&out).contains("unknown theme `cooking`"));
    assert!(stderr(&out).contains("delegation, trust, roving-leaders"));
    let out = env.cmd().arg("add").write_stdin("  \n").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("empty"));
    assert!(!env.journal().exists());
}

#[test]
fn keywords_classify_text_whole_words_and_prefixes() {
    let env = Env::new();
    add(&env, &["I delegated the budget review and felt nervous"]);
    add(&env, &["Mistrusting nobody today"]);
    let out = env.cmd().args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[1]["themes"], serde_json::json!(["delegation", "courage", "management"]));
    assert_eq!(list[0]["themes"], serde_json::json!([]), "`trust*` does not match inside a word");
}

#[test]
fn a_user_themes_file_reclassifies_the_whole_journal() {
    let env = Env::new();
    add(&env, &["Coffee with the on-call crew"]);
    env.write(
        "home/.config/coachlog/themes.toml",
        "[[theme]]\nid = \"rituals\"\ntitle = \"Team rituals\"\nkeywords = [\"coffee\"]\n",
    );
    let out = env.cmd().args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["themes"], serde_json::json!(["rituals"]));
}

#[test]
fn list_shows_newest_first_one_line_each() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    env.cmd().args(["today", "--date", "2026-10-02", "--answers"]).arg(&answers).assert().success();
    add(&env, &["--date", "2026-11-03", "Second note about trust"]);
    add(&env, &["Third note, today"]);
    let out = env.cmd().args(["list"]).env("COLUMNS", "80").output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("2026-11-27 Fri") && lines[0].contains("Third note, today"), "{text}");
    assert!(lines[1].contains("2026-11-03 Tue") && lines[1].contains("trust"), "{text}");
    assert!(lines[2].contains("2026-10-02 Fri") && lines[2].contains("daily"), "{text}");
    assert!(lines.iter().all(|l| console::measure_text_width(l) <= 80), "fits the width: {text}");
    assert!(!text.contains('\u{1b}'), "no colour in a pipe");

    let out = env.cmd().args(["list", "-n", "1"]).output().unwrap();
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn list_json_is_the_record_plus_themes() {
    let env = Env::new();
    add(&env, &["Handed off the roadmap #vision"]);
    let out = env.cmd().args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &list[0];
    for key in ["v", "id", "rev", "at", "date", "pack", "answers", "tags", "themes"] {
        assert!(e.get(key).is_some(), "missing {key}: {e}");
    }
    assert_eq!(e["themes"], serde_json::json!(["delegation", "vision"]));
}

#[test]
fn list_on_an_empty_journal_says_how_to_start() {
    let env = Env::new();
    let out = env.cmd().arg("list").output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("coachlog today"));
    let out = env.cmd().args(["list", "--json"]).output().unwrap();
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn a_damaged_line_is_reported_with_file_and_line_and_the_rest_still_loads() {
    let env = Env::new();
    add(&env, &["first"]);
    let file = env.journal().join("2026/2026-11.jsonl");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("{\"v\":1,\"id\":\"broken\n");
    fs::write(&file, &text).unwrap();
    add(&env, &["second"]);
    let out = env.cmd().arg("list").output().unwrap();
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains(&format!("warning: {}:2: ", file.display())), "{err}");
    let listed = stdout(&out);
    assert!(listed.contains("first") && listed.contains("second"), "{listed}");
    assert!(fs::read_to_string(&file).unwrap().starts_with(&text), "nothing earlier is rewritten");
}

#[test]
fn sync_conflict_copies_are_read_and_merged() {
    let env = Env::new();
    add(&env, &["shared entry"]);
    let file = env.journal().join("2026/2026-11.jsonl");
    let copy = file.with_file_name("2026-11.sync-conflict-20261127-ABC.jsonl");
    fs::copy(&file, &copy).unwrap();
    let mut text = fs::read_to_string(&copy).unwrap();
    let mut other: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    other["id"] = "01JZZZZZZZZZZZZZZZZZZZZZZZ".into();
    other["answers"][0]["text"] = "written on the laptop".into();
    text.push_str(&format!("{other}\n"));
    fs::write(&copy, text).unwrap();
    let out = env.cmd().args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "the shared entry once, the laptop's entry too");
}

#[test]
fn records_of_a_newer_version_are_kept_and_not_shown() {
    let env = Env::new();
    add(&env, &["today's note"]);
    let file = env.journal().join("2026/2026-11.jsonl");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("{\"v\":7,\"id\":\"FUTURE\",\"hologram\":true}\n");
    fs::write(&file, &text).unwrap();
    let out = env.cmd().arg("list").output().unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("newer coachlog"), "{}", stderr(&out));
    add(&env, &["another"]);
    assert!(fs::read_to_string(&file).unwrap().starts_with(&text));
}

#[test]
fn show_finds_an_entry_by_id_prefix_and_a_day_by_date() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    env.cmd().args(["today", "--answers"]).arg(&answers).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();

    let out = env.cmd().args(["show", &id[..12].to_lowercase()]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Friday 27 November 2026 · Daily check-in · 21:00"), "{text}");
    assert!(text.contains("Asked Sam to run the release review"));
    assert!(text.contains("4/5"));
    assert!(text.contains("• Maria"));

    let out = env.cmd().args(["show", "today"]).output().unwrap();
    assert_eq!(stdout(&out), text, "the day holds just that entry");
    let out = env.cmd().args(["show", "2026-11-27", "--json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown[0]["id"], id.as_str());
}

#[test]
fn show_reports_missing_and_ambiguous_ids() {
    let env = Env::new();
    add(&env, &["one"]);
    add(&env, &["two"]);
    let out = env.cmd().args(["show", "01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("`01` matches 2 entries"), "{err}");
    for r in env.records() {
        assert!(err.contains(r["id"].as_str().unwrap()), "lists the candidates: {err}");
    }
    let out = env.cmd().args(["show", "ZZZZ"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no entry has an id starting with `ZZZZ`"));
    let out = env.cmd().args(["show", "2026-01-01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no entries on Thursday 1 January 2026"));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let env = Env::new();
    // Enough entries to overflow a pipe buffer.
    let dir = env.journal().join("2026");
    fs::create_dir_all(&dir).unwrap();
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "{{\"v\":1,\"id\":\"01K{i:023}\",\"rev\":1,\"at\":\"2026-11-20T10:00:00Z\",\"date\":\"2026-11-20\",\"pack\":\"quick\",\"answers\":[{{\"prompt\":\"note\",\"kind\":\"text\",\"question\":\"Quick note\",\"text\":\"entry number {i} with enough words to fill a line of the listing\"}}]}}\n"
        ));
    }
    fs::write(dir.join("2026-11.jsonl"), text).unwrap();
    let mut cmd = env.command("bash");
    cmd.args([
        "-c",
        &format!("set -o pipefail; {} list -n 3000 | head -n 1", env!("CARGO_BIN_EXE_coachlog")),
    ]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn a_failed_write_is_one_clear_error_and_earlier_entries_stay() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2025-12-31", "last year's note"]).assert().success();
    let before = fs::read(env.journal().join("2025/2025-12.jsonl")).unwrap();
    // A file where the 2026 folder should be: the write cannot happen (even as root).
    fs::write(env.journal().join("2026"), "in the way").unwrap();
    let out = env.cmd().args(["add", "this one cannot be saved"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: could not save the entry to "), "{err}");
    assert!(err.contains("2026/2026-11.jsonl"), "{err}");
    assert!(err.lines().count() <= 2, "{err}");
    assert_eq!(fs::read(env.journal().join("2025/2025-12.jsonl")).unwrap(), before);
    assert!(stdout(&out).is_empty(), "nothing claims it was saved");
}

#[test]
fn an_unreadable_month_file_is_reported_and_the_rest_still_loads() {
    let env = Env::new();
    add(&env, &["still here"]);
    let odd = env.journal().join("2026/2026-10.jsonl");
    std::os::unix::fs::symlink(env.dir.path(), &odd).unwrap();
    let out = env.cmd().args(["list", "-n", "50"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("still here"));
    assert!(
        stderr(&out).contains(&format!("warning: {}: cannot read this file", odd.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_stay_private_under_a_permissive_umask() {
    let env = Env::new();
    let mut cmd = env.command("bash");
    cmd.args(["-c", &format!("umask 000; {} add 'private words'", env!("CARGO_BIN_EXE_coachlog"))]);
    assert!(cmd.output().unwrap().status.success());
    let file = env.journal().join("2026/2026-11.jsonl");
    assert_eq!(crate::util::mode(&file), 0o600);
    assert_eq!(crate::util::mode(file.parent().unwrap()), 0o700);
    assert_eq!(crate::util::mode(&env.journal()), 0o700);
    assert_eq!(crate::util::mode(&env.journal().join(".gitattributes")), 0o600);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = Env::new();
    add(&env, &["a note about #trust"]);
    let coloured = ok(env.cmd().args(["list", "--color", "always"]).output().unwrap());
    assert!(coloured.contains('\u{1b}'), "{coloured:?}");
    let plain = ok(env.cmd().args(["list", "--color", "always"]).env("NO_COLOR", "1").output().unwrap());
    assert!(plain.contains('\u{1b}'), "an explicit flag wins over NO_COLOR");
    let plain = ok(env.cmd().arg("list").env("NO_COLOR", "1").output().unwrap());
    assert!(!plain.contains('\u{1b}'));
    let plain = ok(env.cmd().args(["list", "--color", "never"]).output().unwrap());
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn search_finds_words_in_any_case_and_only_in_the_latest_revision() {
    let env = Env::new();
    let note = |id: &str, rev: u32, text: &str| {
        serde_json::json!({
            "v": 1, "id": id, "rev": rev, "at": format!("2026-11-2{rev}T20:00:00+01:00"), "date": "2026-11-20",
            "pack": "quick", "answers": [{"prompt": "note", "kind": "text", "question": "Quick note", "text": text}]
        })
        .to_string()
    };
    let lines = [
        note("01JSEARCHA0000000000000000", 1, "Lunch with the ÉQUIPE"),
        note("01JSEARCHB0000000000000000", 1, "Sam said \"ship it\" at the Retro"),
        note("01JSEARCHC0000000000000000", 1, "Talked about the roadmap"),
        // A later revision took the word out: the entry no longer matches.
        note("01JSEARCHC0000000000000000", 2, "Talked about hiring"),
    ];
    env.write("home/.local/share/coachlog/journal/2026/2026-11.jsonl", &(lines.join("\n") + "\n"));
    let ids = |q: &str| -> Vec<String> {
        let out = env.cmd().args(["list", "--json", "--search", q]).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()[..10].to_string()).collect()
    };
    assert_eq!(ids("équipe"), ["01JSEARCHA"]);
    assert_eq!(ids("RETRO"), ["01JSEARCHB"]);
    assert_eq!(ids("\"ship it\""), ["01JSEARCHB"]);
    assert!(ids("roadmap").is_empty(), "only the latest revision counts");
    assert_eq!(ids("HIRING"), ["01JSEARCHC"]);
}

/// Bytes that are not UTF-8 (a terminal set to another encoding) never cost a note: from the
/// arguments or from stdin, it is saved with U+FFFD in their place.
#[test]
fn a_note_with_bytes_that_are_not_utf8_is_saved_not_refused() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let out = env
        .cmd()
        .arg("add")
        .arg(std::ffi::OsStr::from_bytes(b"caf\xe9 with Ana, delegated the rota"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env.cmd().args(["add", "-q"]).write_stdin(&b"na\xefve stdin note"[..]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    let texts: Vec<&str> =
        list.as_array().unwrap().iter().map(|e| e["answers"][0]["text"].as_str().unwrap()).collect();
    assert!(texts.contains(&"caf\u{fffd} with Ana, delegated the rota"), "{texts:?}");
    assert!(texts.contains(&"na\u{fffd}ve stdin note"), "{texts:?}");
}

#[test]
fn a_search_sets_case_aside_in_every_script() {
    let env = Env::new();
    for note in ["ΟΔΟΣ ΣΣ at the standup", "the ſun came out", "walked down the Straße", "nothing here"]
    {
        env.cmd().args(["add", note]).assert().success();
    }
    for (search, found) in
        [("σσ", "ΣΣ"), ("οδος", "ΟΔΟΣ"), ("sun", "ſun"), ("strasse", "Straße"), ("STRASSE", "Straße")]
    {
        let out = ok(env.cmd().args(["list", "--search", search]).output().unwrap());
        assert_eq!(out.lines().count(), 1, "{search}: {out}");
        assert!(out.contains(found), "{search}: {out}");
    }
}
