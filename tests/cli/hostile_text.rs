//! Text is untrusted when printed (SPEC §10): entries, packs, imports, commitments, file names
//! and arguments full of escape sequences, C1 controls and bidi overrides are shown, never
//! obeyed, by every command that prints; `--json` keeps the exact text.

use std::fs;

use crate::util::{Env, ok, stderr, stdout};

/// Retitles the window, clears the screen, writes the clipboard, a C1 CSI, a bidi override.
const HOSTILE: &str = "A\u{1b}]0;pwned\u{7}B \u{1b}[2J \u{1b}]52;c;aGFja2Vk\u{7} \u{9b}2J \u{202e} gnp";

/// The same, as a TOML or JSON basic-string body.
fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{202e}' { format!("\\u{:04x}", u32::from(c)) } else { c.to_string() }
        })
        .collect()
}

const PACK: &str = r#"
[pack]
id = "hostile"
title = "Hostile HOSTILE pack"
description = "About HOSTILE things."

[[prompt]]
id = "note"
theme = "trust"
kind = "text"
question = "What HOSTILE happened?"
help = "Help HOSTILE."

[[prompt]]
id = "level"
theme = "delegation"
kind = "rating"
low = "low HOSTILE"
high = "high HOSTILE"
question = "How much HOSTILE?"

[[prompt]]
id = "pick"
kind = "choice"
options = ["yes HOSTILE", "no"]
question = "Pick HOSTILE"

[[prompt]]
id = "who"
kind = "list"
question = "Who HOSTILE?"
"#;

/// A journal whose every kind of text holds the hostile string, and the id of the quick note.
fn hostile_journal() -> (Env, String) {
    let env = Env::new();
    let h = escaped(HOSTILE);
    fs::create_dir_all(env.config_dir().join("prompts")).unwrap();
    fs::write(env.config_dir().join("prompts/hostile.toml"), PACK.replace("HOSTILE", &h)).unwrap();

    // A quick note and a deleted one.
    let out = env.cmd().args(["add", HOSTILE, "#trust"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out =
        env.cmd().args(["add", "--date", "yesterday", &format!("to delete {HOSTILE}")]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doomed = env.cmd().args(["list", "--json", "--on", "yesterday"]).output().unwrap();
    let doomed: serde_json::Value = serde_json::from_slice(&doomed.stdout).unwrap();
    let doomed = doomed[0]["id"].as_str().unwrap().to_string();
    env.cmd().args(["delete", "--yes", &doomed]).assert().success();

    // A commitment made on Thursday and followed up on Friday, then a session of the hostile pack.
    let answers = env.write(
        "thu.toml",
        &format!(
            "[answers]\nheadline = \"Thu {h}\"\ntomorrow = \"Commit {h}\"\npeople-followed = [\"Sam {h}\"]\n"
        ),
    );
    let out = env
        .cmd()
        .env("COACHLOG_NOW", "2026-11-26T20:00:00+01:00")
        .args(["today", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let answers = env.write(
        "fri.toml",
        &format!(
            "[answers]\nheadline = \"Fri {h}\"\ntomorrow = \"Again {h}\"\n[follow-up]\n\"*\" = \"partly\"\n"
        ),
    );
    let out = env.cmd().args(["today", "--answers"]).arg(&answers).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let answers = env.write(
        "hostile.toml",
        &format!("[answers]\nnote = \"{h}\"\nlevel = 3\npick = \"yes {h}\"\nwho = [\"Maria {h}\"]\n"),
    );
    let out = env.cmd().args(["today", "--pack", "hostile", "--answers"]).arg(&answers).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // Imports from jrnl and Day One with the text in bodies, titles and tags.
    let jrnl = env.write(
        "jrnl.json",
        &format!(
            r#"{{"tags": {{}}, "entries": [{{"title": "Title {h}", "body": "Body {h}\n# line {h}", "date": "2026-11-20", "time": "18:00", "tags": ["@x{h}"], "starred": false}}]}}"#
        ),
    );
    let out = env.cmd().args(["import", "--from", "jrnl"]).arg(&jrnl).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let dayone = env.write(
        "Journal.json",
        &format!(
            r#"{{"metadata": {{"version": "1.0"}}, "entries": [{{"uuid": "8E3F4C2B1A0D49E7B6C5D4E3F2A1B0C9", "creationDate": "2026-11-19T18:00:00Z", "timeZone": "Europe/Paris", "text": "Day One {h}", "tags": ["Work {h}"]}}]}}"#
        ),
    );
    let out = env.cmd().args(["import", "--from", "dayone"]).arg(&dayone).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let listed = env.cmd().args(["list", "--json", "--on", "today", "--pack", "quick"]).output().unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let id = listed[0]["id"].as_str().unwrap().to_string();
    (env, id)
}

/// No control byte but `\n` and `\t`; with colour, ESC only as `ESC [ digits/; m`; no C1
/// control and no bidi override.
fn assert_safe(what: &str, bytes: &[u8], colour: bool) {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x20 && b != b'\n' && b != b'\t' {
            let sgr = colour && b == 0x1b && bytes.get(i + 1) == Some(&b'[') && {
                let n = bytes[i + 2..].iter().take_while(|b| b.is_ascii_digit() || **b == b';').count();
                bytes.get(i + 2 + n) == Some(&b'm')
            };
            assert!(
                sgr,
                "{what}: control byte {b:#04x} at {i} in {:?}",
                String::from_utf8_lossy(&bytes[i.saturating_sub(40)..(i + 40).min(bytes.len())])
            );
        }
        i += 1;
    }
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        assert!(
            !('\u{80}'..='\u{9f}').contains(&c)
                && !('\u{202a}'..='\u{202e}').contains(&c)
                && !('\u{2066}'..='\u{2069}').contains(&c),
            "{what}: {c:?} in {text}"
        );
    }
}

#[test]
fn hostile_text_is_shown_not_obeyed_by_every_command() {
    let (env, id) = hostile_journal();
    let theme_arg = "\u{1b}]0;t\u{7}";
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--deleted"],
        vec!["list", "-n", "100"],
        // Past `list::STREAM_FROM`: rows chosen from digests, rendered a month at a time.
        vec!["list", "-n", "100000"],
        vec!["show", &id],
        vec!["show", "2026-11-27"],
        vec!["show", "2026-11-20"],
        vec!["week"],
        vec!["summary"],
        vec!["summary", "--explain"],
        vec!["summary", "--by", "week"],
        vec!["commitments", "--all"],
        vec!["commitments"],
        vec!["calendar"],
        vec!["status"],
        vec!["prompts", "list"],
        vec!["prompts", "show", "hostile"],
        vec!["doctor"],
        vec!["export"],
        vec!["export", "--by", "theme"],
        vec!["config"],
        vec!["show", "x\u{1b}[2J"],
        vec!["list", "--theme", theme_arg],
        vec!["list", "--search", "\u{1b}]0;t\u{7}\u{202e}"],
        vec!["\u{1b}]0;t\u{7}"],
        vec!["list", "--color", "\u{1b}[2J"],
    ];
    for colour in ["never", "always"] {
        for args in &commands {
            let out = env.cmd().args(["--color", colour]).args(args).output().unwrap();
            let what = format!("{args:?} --color {colour}");
            assert_safe(&format!("{what} stdout"), &out.stdout, colour == "always");
            assert_safe(&format!("{what} stderr"), &out.stderr, colour == "always");
        }
    }
    // The text is shown, visibly: not dropped.
    let shown = ok(env.cmd().args(["show", &id]).output().unwrap());
    assert!(shown.contains("A^[]0;pwned^GB ^[[2J ^[]52;c;aGFja2Vk^G <U+009B>2J <U+202E> gnp"), "{shown}");
    let err = stderr(&env.cmd().args(["show", "x\u{1b}[2J"]).output().unwrap());
    assert!(err.contains("x^[[2J"), "{err}");
}

#[test]
fn hostile_file_names_and_paths_are_shown_not_obeyed() {
    let (env, _) = hostile_journal();
    // A damaged line in a file whose name holds escapes: warnings and doctor name the file.
    let bad = env.journal().join("2026").join("x\u{1b}]0;t\u{7}\u{202e}.jsonl");
    fs::write(&bad, "{not json\u{1b}[2J\n").unwrap();
    let odd_journal = env.dir.path().join("j\u{1b}]0;t\u{7}");
    for colour in ["never", "always"] {
        for args in [&["list"][..], &["doctor"], &["status"], &["summary"]] {
            let out = env.cmd().args(["--color", colour]).args(args).output().unwrap();
            let what = format!("{args:?} --color {colour}");
            assert_safe(&format!("{what} stdout"), &out.stdout, colour == "always");
            assert_safe(&format!("{what} stderr"), &out.stderr, colour == "always");
        }
        for args in [&["config"][..], &["status"], &["add", "note"], &["config", "--path"]] {
            let out = env
                .cmd()
                .env("COACHLOG_JOURNAL", &odd_journal)
                .env("COACHLOG_CONFIG", env.dir.path().join("c\u{1b}[2J.toml"))
                .args(["--color", colour])
                .args(args)
                .output()
                .unwrap();
            let what = format!("{args:?} in an odd journal --color {colour}");
            assert_safe(&format!("{what} stdout"), &out.stdout, colour == "always");
            assert_safe(&format!("{what} stderr"), &out.stderr, colour == "always");
        }
    }
}

#[test]
fn hostile_text_stays_exact_in_json_and_out_of_markdown() {
    let (env, id) = hostile_journal();
    let out = env.cmd().args(["show", &id, "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["answers"][0]["text"], format!("{HOSTILE} #trust"));
    let out = env.cmd().args(["list", "--json", "-n", "100"]).output().unwrap();
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "serde_json escapes C0 itself");
    assert!(text.contains("\\u001b]0;pwned\\u0007B"), "{text}");
    assert!(text.contains("\u{9b}2J \u{202e} gnp"), "C1 and bidi are kept exactly");
    let out = env.cmd().args(["export", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts = json["entries"].to_string();
    assert!(texts.contains(&escaped(HOSTILE).replace("\\u009b", "\u{9b}").replace("\\u202e", "\u{202e}")));
    let commitments = ok(env.cmd().args(["commitments", "--all", "--json"]).output().unwrap());
    let commitments: serde_json::Value = serde_json::from_str(&commitments).unwrap();
    assert_eq!(commitments[0]["text"], format!("Commit {HOSTILE}"));

    // Markdown to a file and as daily notes: no control byte, and still one heading per day.
    let md = env.dir.path().join("out.md");
    env.cmd().args(["export", "-o"]).arg(&md).assert().success();
    let md = fs::read(&md).unwrap();
    assert_safe("export -o", &md, false);
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("A\u{241b}\\]0;pwned\u{2407}B"), "{md}");
    assert!(md.contains("\\<U+202E\\> gnp"), "{md}");
    assert!(!md.lines().any(|l| l.starts_with("# line")), "{md}");
    let dir = env.dir.path().join("notes");
    env.cmd().args(["export", "--dir"]).arg(&dir).assert().success();
    for f in crate::util::jsonl_files(&dir).into_iter().chain(walk_md(&dir)) {
        assert_safe(&f.display().to_string(), &fs::read(&f).unwrap(), false);
    }
    assert!(!walk_md(&dir).is_empty());
}

fn walk_md(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_md(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out
}

#[test]
fn an_id_with_a_multi_byte_character_does_not_panic_list() {
    let env = Env::new();
    let month = env.journal().join("2026");
    fs::create_dir_all(&month).unwrap();
    let line = |id: &str| {
        format!(
            r#"{{"v":1,"id":"{id}","rev":1,"at":"2026-11-27T20:00:00+01:00","date":"2026-11-27","pack":"quick","answers":[{{"prompt":"note","kind":"text","question":"Quick note","text":"hello"}}],"tags":[]}}"#
        )
    };
    fs::write(month.join("2026-11.jsonl"), format!("{}\n{}\n", line("ABCDEFGéHIJ"), line("ABCDEFGéHIK")))
        .unwrap();
    for args in [&["list"][..], &["list", "--color", "always"], &["show", "2026-11-27"], &["export"]] {
        let out = env.cmd().args(args).output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
    }
    // Such ids are not ULIDs: the reader names the lines as damaged and skips them.
    let out = env.cmd().arg("list").output().unwrap();
    assert!(
        stderr(&out)
            .contains("2026-11.jsonl:1: not a valid journal record: the id \"ABCDEFGéHIJ\" is not a ULID"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("2026-11.jsonl:2:"), "{}", stderr(&out));
}

#[test]
fn the_id_prefix_list_shows_works_with_show_even_for_one_entry() {
    let env = Env::new();
    // Five notes in the same millisecond (the clock is fixed): their ids share 10 characters.
    for n in 0..5 {
        env.cmd().args(["add", &format!("note {n}")]).assert().success();
    }
    let out = ok(env.cmd().args(["list", "-n", "1"]).output().unwrap());
    let prefix = out.split_whitespace().next().unwrap();
    assert!(prefix.chars().count() >= 12, "{out}");
    // Two ids of the same millisecond share 12 characters once in 1024 (the documented limit):
    // only then may `show` call the prefix ambiguous.
    let all: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    let sharing =
        all.as_array().unwrap().iter().filter(|e| e["id"].as_str().unwrap().starts_with(prefix)).count();
    let shown = env.cmd().args(["show", prefix]).output().unwrap();
    if sharing == 1 {
        assert!(shown.status.success(), "{}", stderr(&shown));
        assert!(stdout(&shown).contains("note 4"));
    }
}
