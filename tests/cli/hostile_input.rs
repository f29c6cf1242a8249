//! Untrusted records, imports and packs (issue 11, items 4, 7b, 7d, 7e, 8, 10, 12, 17): each
//! break the hostile review found, through the built binary. Nothing panics, the one `error:`
//! line names the record and field, and nothing is written where it should not be.

use std::fs;

use crate::util::{DAILY_ANSWERS, Env, jsonl_files, ok, stderr, stdout};

const ID: &str = "01KB3X0Z6M9QW7T2R4VJ8N5HPC";

/// A coachlog record line with `id`, `rev` and `date`, and one rating answer of `rating`.
fn line(id: &str, rev: u64, date: &str, rating: i64) -> String {
    serde_json::json!({
        "v": 1, "id": id, "rev": rev, "at": "2026-11-20T20:00:00+01:00", "date": date, "pack": "quick",
        "answers": [
            {"prompt": "note", "kind": "text", "question": "Quick note", "text": "hello"},
            {"prompt": "trust", "kind": "rating", "question": "Trust?", "rating": rating, "min": 1, "max": 5}
        ]
    })
    .to_string()
}

fn export(env: &Env, entries: &[String]) -> std::path::PathBuf {
    env.write("export.json", &format!("{{\"version\":1,\"entries\":[{}]}}", entries.join(",")))
}

fn journal_file(env: &Env, lines: &[String]) {
    env.write("home/.local/share/coachlog/journal/2026/2026-11.jsonl", &(lines.join("\n") + "\n"));
}

/// Exactly one `error:` line, and no panic.
fn one_error(out: &std::process::Output) -> String {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    errors[0].to_string()
}

/// Every file under `dir`, recursively.
fn all_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(all_files(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn an_imported_id_that_is_a_path_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let evil = "EVIL/../../../../elsewhere/NEWFILE";
    let file = export(&env, &[line(ID, 1, "2026-11-20", 3), line(evil, 1, "2026-11-20", 3)]);
    let out = env.cmd().args(["import", "--from", "coachlog"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error(&out);
    assert!(err.contains(&format!("entry 2 (id \"{evil}\"): the id \"{evil}\" is not a ULID")), "{err}");
    assert!(stderr(&out).contains("nothing was written"));
    assert!(jsonl_files(&env.journal()).is_empty(), "not even the good entry");
}

#[test]
fn editing_a_record_whose_id_is_a_path_creates_no_file() {
    let env = Env::new();
    journal_file(&env, &[line("EVIL/../../../../../elsewhere/NEWFILE", 1, "2026-11-20", 3)]);
    let before = all_files(env.dir.path());
    let out = env.cmd().args(["edit", "EVIL"]).env("EDITOR", "true").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The reader holds such a line for damaged: it names it and finds no entry to edit.
    let err = one_error(&out);
    assert!(err.contains("no entry has an id starting with `EVIL`"), "{err}");
    assert!(stderr(&out).contains("2026-11.jsonl:1: not a valid journal record: the id"), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not a ULID"), "{}", stderr(&out));
    assert_eq!(all_files(env.dir.path()), before, "no page, no file anywhere");
    assert!(!env.dir.path().join("elsewhere").exists());
}

#[test]
fn deleting_a_deleted_entry_with_a_non_ascii_id_does_not_panic() {
    let env = Env::new();
    let mut tomb: serde_json::Value = serde_json::from_str(&line("ABCDEFGHIéé", 2, "2026-11-20", 3)).unwrap();
    tomb["deleted"] = true.into();
    journal_file(&env, &[tomb.to_string()]);
    let out = env.cmd().args(["delete", "--yes", "ABCDEFGHI"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The reader holds such a line for damaged: it names it and finds no entry to delete.
    let err = one_error(&out);
    assert!(err.contains("no entry has an id starting with `ABCDEFGHI`"), "{err}");
    assert!(stderr(&out).contains("is not a ULID"), "{}", stderr(&out));
    let out = env.cmd().args(["doctor"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("not a valid journal record"), "{}", stdout(&out));
}

#[test]
fn far_dates_are_refused_not_panicked_on() {
    let env = Env::new();
    let file = export(&env, &[line(ID, 1, "-262143-01-01", 3)]);
    let out = env.cmd().args(["import", "--from", "coachlog"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error(&out);
    assert!(
        err.contains(&format!("entry 1 (id \"{ID}\"): the date -262143-01-01 is outside years 1–9999")),
        "{err}"
    );
    assert!(jsonl_files(&env.journal()).is_empty());

    // Such a record already in the journal does not make `summary --by week` panic.
    journal_file(&env, &[line(ID, 1, "-262143-01-01", 3)]);
    let out = env.cmd().args(["summary", "--by", "week"]).output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_ne!(out.status.code(), Some(101));

    for args in [
        &["list", "--from", "99999-01-01"][..],
        &["week", "--date", "1000000 days ago"],
        &["add", "--date", "+10000-01-01", "far"],
        &["summary", "--to", "0000-12-31"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = one_error(&out);
        assert!(
            err.contains("outside years 1–9999") || err.contains("cannot read the date"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_rating_scale_of_the_whole_i64_range_is_refused() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/wide.toml",
        "[pack]\nid = \"wide\"\ntitle = \"Wide\"\n\n[[prompt]]\nid = \"r\"\nkind = \"rating\"\nquestion = \"How?\"\nmin = -9223372036854775808\nmax = 9223372036854775807\n",
    );
    let out = env.cmd().args(["prompts", "validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(all.contains("wide.toml:9") && all.contains("reaches past ±1000"), "{all}");
    let answers = env.write("a.toml", "[answers]\nr = 3\n");
    let out = env.cmd().args(["today", "--pack", "wide", "--answers"]).arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error(&out).contains("reaches past ±1000"));
    assert!(jsonl_files(&env.journal()).is_empty());
}

#[test]
fn absurd_revs_are_refused_and_the_last_rev_is_not_wrapped() {
    let env = Env::new();
    let file = export(&env, &[line(ID, 4_294_967_295, "2026-11-20", 3)]);
    let out = env.cmd().args(["import", "--from", "coachlog"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error(&out).contains("rev 4294967295 is out of range (1–1000000)"));
    assert!(jsonl_files(&env.journal()).is_empty());

    // At the highest rev allowed, delete and edit say so and write nothing.
    journal_file(&env, &[line(ID, 1_000_000, "2026-11-20", 3)]);
    let path = jsonl_files(&env.journal())[0].clone();
    let before = fs::read(&path).unwrap();
    let out = env.cmd().args(["delete", "--yes", &ID[..10]]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error(&out).contains("at revision 1000000"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Deleted"));
    let out = env.cmd().args(["edit", &ID[..10]]).env("EDITOR", "sed -i s/^3$/4/").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error(&out).contains("at revision 1000000"), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), before);
    // And one written past it by hand is refused too.
    journal_file(&env, &[line(ID, 4_294_967_295, "2026-11-20", 3)]);
    let out = env.cmd().args(["delete", "--yes", &ID[..10]]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error(&out).contains("no entry has an id starting with"), "{}", stderr(&out));
    assert!(stderr(&out).contains("rev 4294967295 is out of range"), "{}", stderr(&out));
    assert_eq!(env.records().len(), 1);
}

#[test]
fn an_edit_leaves_the_answers_it_did_not_touch_exactly_as_they_were() {
    let env = Env::new();
    let answers = DAILY_ANSWERS
        .replace("headline = \"Shipped", "headline = \"   Shipped")
        .replace("[\"Maria\", \"Tom\"]", "[\"Smith, John\", \"Tom\"]");
    let file = env.write("a.toml", &answers);
    env.cmd().args(["today", "--answers"]).arg(&file).assert().success();
    let first = env.records()[0].clone();
    let out = env
        .cmd()
        .args(["edit", &first["id"].as_str().unwrap()[..10]])
        .env("EDITOR", "sed -i s/^4$/5/")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let records = env.records();
    assert_eq!(records.len(), 2);
    let by = |r: &serde_json::Value, p: &str| {
        r["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == p).unwrap().clone()
    };
    assert_eq!(by(&records[1], "let-them-decide")["rating"], 5);
    assert_eq!(by(&records[1], "people-followed")["items"], serde_json::json!(["Smith, John", "Tom"]));
    assert!(by(&records[1], "headline")["text"].as_str().unwrap().starts_with("   Shipped"));
    let mut untouched = records[1]["answers"].clone();
    for a in untouched.as_array_mut().unwrap() {
        if a["prompt"] == "let-them-decide" {
            a["rating"] = 4.into();
        }
    }
    assert_eq!(untouched, first["answers"], "every other answer is as it was");
}

/// A zip whose `.json` entries each declare `size` bytes once inflated (the data is an empty
/// deflate stream: the declared size is what a bomb shows first).
fn bomb(names: &[&str], size: u32) -> Vec<u8> {
    let data = [0x03u8, 0x00];
    let mut zip = Vec::new();
    let mut central = Vec::new();
    for name in names {
        let offset = zip.len() as u32;
        let common = |out: &mut Vec<u8>| {
            out.extend_from_slice(&20u16.to_le_bytes()); // version needed
            out.extend_from_slice(&0u16.to_le_bytes()); // flags
            out.extend_from_slice(&8u16.to_le_bytes()); // deflate
            out.extend_from_slice(&[0; 4]); // time, date
            out.extend_from_slice(&0u32.to_le_bytes()); // crc
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut zip);
        zip.extend_from_slice(name.as_bytes());
        zip.extend_from_slice(&data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let at = zip.len() as u32;
    zip.extend_from_slice(&central);
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0; 4]);
    zip.extend_from_slice(&(names.len() as u16).to_le_bytes());
    zip.extend_from_slice(&(names.len() as u16).to_le_bytes());
    zip.extend_from_slice(&(central.len() as u32).to_le_bytes());
    zip.extend_from_slice(&at.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

#[test]
fn a_zip_bomb_is_refused_before_it_inflates() {
    let env = Env::new();
    let path = env.dir.path().join("bomb.zip");
    fs::write(&path, bomb(&["a/Journal.json", "b/Journal.json", "c/Journal.json"], 500_000_000)).unwrap();
    let out = env.cmd().args(["import", "--from", "dayone"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error(&out);
    assert!(err.contains("bomb.zip:a/Journal.json: holds more than 256 MB"), "{err}");
    assert!(jsonl_files(&env.journal()).is_empty());
}

#[test]
fn a_lax_coachlog_import_is_refused_whole_naming_each_bad_record() {
    let env = Env::new();
    let mut bogus: serde_json::Value =
        serde_json::from_str(&line("01KB3X0Z6M9QW7T2R4VJ8N5HPE", 1, "2026-11-20", 3)).unwrap();
    bogus["answers"][1]["kind"] = "bogus".into();
    let mut v0: serde_json::Value =
        serde_json::from_str(&line("01KB3X0Z6M9QW7T2R4VJ8N5HPF", 1, "2026-11-20", 3)).unwrap();
    v0["v"] = 0.into();
    let file = export(
        &env,
        &[
            line(ID, 1, "2026-11-20", 3),
            line("", 1, "2026-11-20", 3),
            line("01KB3X0Z6M9QW7T2R4VJ8N5HP\n", 1, "2026-11-20", 3),
            line("01KB3X0Z6M9QW7T2R4VJ8N5HPD", 1, "2026-11-20", 99),
            bogus.to_string(),
            v0.to_string(),
        ],
    );
    let out = env.cmd().args(["import", "--from", "coachlog"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error(&out);
    for needle in [
        "5 entries are not valid",
        r#"entry 2 (id ""): the id "" is not a ULID"#,
        r#"entry 3 (id "01KB3X0Z6M9QW7T2R4VJ8N5HP\n"): the id"#,
        r#"entry 4 (id "01KB3X0Z6M9QW7T2R4VJ8N5HPD"): answer 2 (prompt "trust"): rating 99 is outside 1–5"#,
        r#"entry 5 (id "01KB3X0Z6M9QW7T2R4VJ8N5HPE"): answer 2 (prompt "trust"): unknown kind "bogus""#,
        r#"entry 6 (id "01KB3X0Z6M9QW7T2R4VJ8N5HPF"): v 0 is not a record version"#,
    ] {
        assert!(err.contains(needle), "`{needle}` not in: {err}");
    }
    assert!(!err.contains("entry 1 "), "{err}");
    assert!(jsonl_files(&env.journal()).is_empty(), "nothing was written");
    let out = env.cmd().arg("doctor").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// An editor script that runs `body` on the page (`$1`).
fn editor(env: &Env, name: &str, body: &str) -> std::path::PathBuf {
    let path = env.write(name, &format!("#!/bin/sh\n{body}\n"));
    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    path
}

#[test]
fn an_editor_that_saves_windows_line_endings_changes_nothing() {
    let env = Env::new();
    env.cmd().args(["add", "original words"]).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    let crlf = editor(&env, "crlf.sh", "sed -i 's/$/\\r/' \"$1\"");
    let out = env.cmd().env("EDITOR", &crlf).args(["edit", &id]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("No changes"), "{}", stdout(&out));
    assert_eq!(env.records().len(), 1);
    // A real change through the same editor keeps clean text.
    let both = editor(&env, "both.sh", "sed -i 's/original/changed/; s/$/\\r/' \"$1\"");
    env.cmd().env("EDITOR", &both).args(["edit", &id]).assert().success();
    assert_eq!(env.records()[1]["answers"][0]["text"], "changed words");
}

#[test]
fn a_record_answering_one_prompt_twice_is_damaged_not_editable() {
    let env = Env::new();
    let twice = serde_json::json!({"v":1,"id":ID,"rev":1,"at":"2026-11-20T20:00:00+01:00","date":"2026-11-20","pack":"daily",
        "answers":[{"prompt":"a","kind":"text","question":"Q1","text":"first"},{"prompt":"a","kind":"text","question":"Q2","text":"second"}]});
    journal_file(&env, &[twice.to_string()]);
    let out = env.cmd().arg("list").output().unwrap();
    assert!(stderr(&out).contains("answer 2 repeats the prompt \"a\""), "{}", stderr(&out));
    let file = export(&env, &[twice.to_string()]);
    let other = Env::new();
    let out = other.cmd().args(["import", "--from", "coachlog"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(jsonl_files(&other.journal()).is_empty());
}

#[test]
fn a_page_left_from_an_older_revision_is_kept_not_applied() {
    let env = Env::new();
    env.cmd().args(["add", "version one"]).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    // An edit that never finished left its page (of revision 1) in drafts/.
    let stop = editor(&env, "stop.sh", "cp \"$1\" \"$1.keep\"; exit 1");
    env.cmd().env("EDITOR", &stop).args(["edit", &id]).output().unwrap();
    let drafts = env.journal().join("drafts");
    let page = fs::read_dir(&drafts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .unwrap();
    let left = fs::read_to_string(&page).unwrap();
    fs::remove_file(&page).unwrap();
    // Meanwhile, another machine made revision 2.
    let two = editor(&env, "two.sh", "sed -i 's/version one/version TWO/' \"$1\"");
    env.cmd().env("EDITOR", &two).args(["edit", &id]).assert().success();
    fs::write(&page, left).unwrap();
    let append = editor(&env, "append.sh", "echo 'added later' >> \"$1\"");
    let out = env.cmd().env("EDITOR", &append).args(["edit", &id]).output().unwrap();
    assert!(stderr(&out).contains("an unfinished edit of revision 1 is kept in"), "{}", stderr(&out));
    let show = ok(env.cmd().args(["show", &id]).output().unwrap());
    assert!(show.contains("version TWO"), "the newer revision is not undone: {show}");
    assert!(page.exists(), "the old page is kept");
}

#[test]
fn an_import_with_an_entry_too_big_to_keep_writes_nothing_at_all() {
    let env = Env::new();
    let good = line(ID, 1, "2026-10-20", 3);
    let mut big: serde_json::Value =
        serde_json::from_str(&line("01KB3X0Z6M9QW7T2R4VJ8N5HPD", 1, "2026-11-20", 3)).unwrap();
    big["answers"][0]["text"] = "word ".repeat(300_000).into();
    let file = export(&env, &[good, big.to_string()]);
    let out = env.cmd().arg("import").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("larger than the 1024 KB coachlog keeps in one entry: entry 2"),
        "{}",
        stderr(&out)
    );
    assert!(!env.journal().exists(), "not even a folder");
}

#[test]
fn an_import_brings_a_later_revision_of_an_entry_already_here() {
    let env = Env::new();
    env.cmd().args(["add", "first note"]).assert().success();
    let v1 = env.dir.path().join("v1.json");
    env.cmd().args(["export", "--format", "json", "-o"]).arg(&v1).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    for word in ["EDITED", "AGAIN"] {
        let ed = editor(
            &env,
            &format!("{word}.sh"),
            &format!("sed -i 's/first note.*/first note {word}/' \"$1\""),
        );
        env.cmd().env("EDITOR", &ed).args(["edit", &id]).assert().success();
    }
    let v3 = env.dir.path().join("v3.json");
    env.cmd().args(["export", "--format", "json", "-o"]).arg(&v3).assert().success();
    let other = Env::new();
    other.cmd().arg("import").arg(&v1).assert().success();
    let out = other.cmd().arg("import").arg(&v3).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let show = ok(other.cmd().args(["show", &id]).output().unwrap());
    assert!(show.contains("first note AGAIN"), "{show}");
}

#[test]
fn a_line_too_long_to_be_an_entry_is_skipped_without_parsing_it() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-11-02", "small"]).assert().success();
    let month = env.journal().join("2026/2026-11.jsonl");
    let mut huge: serde_json::Value =
        serde_json::from_str(&line("01KB3X0Z6M9QW7T2R4VJ8N5HPD", 1, "2026-11-21", 3)).unwrap();
    let answer = huge["answers"][0].clone();
    huge["answers"] = serde_json::Value::Array(vec![answer; 40_000]);
    let mut text = fs::read_to_string(&month).unwrap();
    text.push_str(&huge.to_string());
    text.push('\n');
    fs::write(&month, text).unwrap();
    for args in [&["list"][..], &["commitments", "--all"], &["export", "--format", "json"], &["summary"]] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("longer than any entry coachlog writes"), "{args:?}: {}", stderr(&out));
    }
    assert!(ok(env.cmd().arg("list").output().unwrap()).contains("small"));
}

#[test]
fn a_page_that_stays_unreadable_stops_after_a_few_tries() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    env.cmd().args(["today", "--answers"]).arg(&answers).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    // Each time a rating out of its scale, written differently.
    let bad = editor(&env, "bad.sh", "sed -i 's/^4$/9/; s/^9$/99/' \"$1\"; echo x >> \"$1\"");
    let out = env
        .cmd()
        .env("EDITOR", &bad)
        .args(["edit", &id])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("still cannot be read after 5 tries"), "{}", stderr(&out));
    assert_eq!(env.records().len(), 1);
}
