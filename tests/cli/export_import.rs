//! Export, import, edit, delete: the journal moves and changes without losing a word.

use std::fs;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::util::{DAILY_ANSWERS, Env, mode, ok, stderr, stdout};

const HOSTILE: &str = "# I am not a heading\n```\nnot code\n```\n---\ntitle: not front matter\n---\n<div onclick=\"x\">not html</div>\n> not a quote\n1. not a list\n    not code either\n[not a link]: http://example.com\n***\nSam_s *big* day & <b>more</b>";

fn write_hostile_entry(env: &Env) {
    let answers = format!(
        "[answers]\nheadline = '''{HOSTILE}'''\nlet-them-decide = 4\npeople-followed = [\"Maria\", \"# Tom\"]\ntomorrow = \"Ask Sam\"\n"
    );
    let path = env.write("hostile.toml", &answers);
    env.cmd().args(["today", "--answers"]).arg(path).assert().success();
}

/// Headings (level, text) and every text run of a CommonMark document, and whether any
/// structure other than headings, paragraphs, emphasis and lists appeared.
fn structure(md: &str) -> (Vec<(u8, String)>, String, Vec<String>) {
    let mut headings = Vec::new();
    let mut text = String::new();
    let mut surprises = Vec::new();
    let mut in_heading: Option<(u8, String)> = None;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                in_heading = Some((n, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                headings.extend(in_heading.take());
                text.push('\n');
            }
            Event::Text(t) => {
                if let Some((_, h)) = in_heading.as_mut() {
                    h.push_str(&t);
                }
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                text.push('\n')
            }
            Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock | Tag::Link { .. }) => {
                surprises.push(format!("{event:?}"));
            }
            Event::Html(_) | Event::InlineHtml(_) | Event::Code(_) | Event::Rule => {
                surprises.push(format!("{event:?}"))
            }
            _ => {}
        }
    }
    (headings, text, surprises)
}

#[test]
fn markdown_export_keeps_its_structure_whatever_the_answers_say() {
    let env = Env::new();
    write_hostile_entry(&env);
    env.cmd().args(["add", "--date", "yesterday", "A quiet note"]).assert().success();
    let out = env.cmd().args(["export"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    let (headings, text, surprises) = structure(&md);
    assert_eq!(
        headings,
        vec![
            (1, "coachlog journal".to_string()),
            (2, "2026-11-26 (Thursday)".to_string()),
            (3, "Quick note · 21:00".to_string()),
            (2, "2026-11-27 (Friday)".to_string()),
            (3, "Daily check-in · 21:00".to_string()),
        ]
    );
    assert!(surprises.is_empty(), "answer text made structure: {surprises:?}\n{md}");
    for line in HOSTILE.lines() {
        assert!(text.contains(line.trim()), "`{line}` missing from the rendered text:\n{text}");
    }
    assert!(text.contains("# Tom"));
    assert!(md.contains("4/5 (I steered every step … they chose the way)"), "{md}");
    assert!(md.contains("- Maria\n"), "lists are bullets");
    assert!(md.contains("*Commitment: open*"), "{md}");
    assert!(md.contains("*Themes: "), "{md}");
}

#[test]
fn markdown_by_theme_groups_entries_under_theme_headings() {
    let env = Env::new();
    env.cmd().args(["add", "I delegated the demo"]).assert().success();
    env.cmd().args(["add", "Nothing in particular"]).assert().success();
    let md = ok(env.cmd().args(["export", "--by", "theme"]).output().unwrap());
    let (headings, _, _) = structure(&md);
    let levels: Vec<(u8, &str)> = headings.iter().map(|(l, t)| (*l, t.as_str())).collect();
    assert_eq!(levels[1], (2, "Delegation"));
    assert_eq!(levels[2].0, 3);
    assert!(levels[2].1.starts_with("2026-11-27 (Friday) · Quick note"));
    assert_eq!(levels[3], (2, "Other entries"));
}

#[test]
fn dir_export_writes_daily_notes_with_front_matter_privately() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-11-02", "Trusting Ana #trust"]).assert().success();
    env.cmd().args(["add", "--date", "2026-11-02", "Second note"]).assert().success();
    env.cmd().args(["add", "--date", "2025-12-31", "Last year"]).assert().success();
    let dir = env.dir.path().join("notes");
    let out = env.cmd().args(["export", "--dir"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Exported 3 entries: wrote 2 daily notes"), "{}", stdout(&out));
    let note = fs::read_to_string(dir.join("2026/2026-11-02.md")).unwrap();
    assert!(
        note.starts_with("---\ndate: 2026-11-02\nthemes: [\"trust\"]\ntags: [\"trust\"]\nentries: [\""),
        "{note}"
    );
    assert!(note.contains("\n---\n\n# Monday 2 November 2026\n"), "{note}");
    assert!(note.contains("Second note"));
    assert!(dir.join("2025/2025-12-31.md").exists());
    assert_eq!(mode(&dir.join("2026/2026-11-02.md")), 0o600);

    // A note edited since (in Obsidian, say) is kept; new days are added; untouched notes are
    // brought up to date.
    fs::write(dir.join("2025/2025-12-31.md"), "my own edits").unwrap();
    env.cmd().args(["add", "--date", "2026-11-03", "A new day"]).assert().success();
    let out = env.cmd().args(["export", "--dir"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("wrote 1 daily note ") && text.contains("(1 already up to date)"), "{text}");
    assert!(text.contains("kept 1 note you edited since coachlog wrote it"), "{text}");
    assert!(text.contains("`--force` replaces it"), "{text}");
    assert_eq!(
        fs::read_to_string(dir.join("2025/2025-12-31.md")).unwrap(),
        "my own edits",
        "nothing the person wrote is replaced"
    );
    assert!(fs::read_to_string(dir.join("2026/2026-11-03.md")).unwrap().contains("A new day"));
    env.cmd().args(["export", "--force", "--dir"]).arg(&dir).assert().success();
    assert!(fs::read_to_string(dir.join("2025/2025-12-31.md")).unwrap().contains("Last year"));
}

#[test]
fn json_export_round_trips_through_import() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    env.cmd().args(["today", "--answers"]).arg(&answers).assert().success();
    env.cmd().args(["add", "--date", "2026-10-01", "October #courage"]).assert().success();
    let file = env.dir.path().join("all.json");
    env.cmd().args(["export", "--format", "json", "-o"]).arg(&file).assert().success();
    let first = fs::read_to_string(&file).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2);

    let other = Env::new();
    let out = other.cmd().args(["import", "--from", "coachlog"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Imported 2 entries"));
    let out = other.cmd().args(["import", "--from", "coachlog"]).arg(&file).output().unwrap();
    assert!(stdout(&out).contains("Imported 0 entries") && stdout(&out).contains("2 already in the journal"));
    let again = ok(other.cmd().args(["export", "--format", "json"]).output().unwrap());
    assert_eq!(again, first, "the same entries, byte for byte");
}

#[test]
fn a_jrnl_export_imports_with_its_dates_times_and_tags() {
    let env = Env::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jrnl.json");
    let out = env.cmd().args(["import", "--from", "jrnl"]).arg(&fixture).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Imported 3 entries"));
    let out = env.cmd().args(["import", "--from", "jrnl"]).arg(&fixture).output().unwrap();
    assert!(stdout(&out).contains("Imported 0 entries from"), "{}", stdout(&out));
    assert!(stdout(&out).contains("; 3 already in the journal were skipped"));

    let list: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    let second = list.as_array().unwrap().iter().find(|e| e["date"] == "2025-01-08").unwrap().clone();
    assert_eq!(second["at"], "2025-01-08T21:05:00+01:00");
    assert_eq!(second["pack"], "imported-jrnl");
    assert_eq!(second["tags"], serde_json::json!(["sam", "trust", "work"]));
    assert_eq!(
        second["themes"],
        serde_json::json!(["delegation", "trust", "contribution"]),
        "a tag that names a theme counts, and so do the words"
    );
    assert_eq!(second["starred"], true);
    let text = second["answers"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Asked @Sam how he would fix the flaky deploy.\nHis plan was better than mine."),
        "{text}"
    );
    assert!(env.journal().join("2025/2025-01.jsonl").exists(), "filed by entry date");
}

#[test]
fn a_day_one_export_imports_from_its_json_or_its_zip() {
    let env = Env::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = env
        .cmd()
        .args(["import", "--from", "dayone"])
        .arg(fixtures.join("dayone-export.zip"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Imported 3 entries"));
    let out =
        env.cmd().args(["import", "--from", "dayone"]).arg(fixtures.join("Journal.json")).output().unwrap();
    assert!(stdout(&out).contains("; 3 already in the journal"), "the zip and the JSON are the same entries");

    let list: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    let week5 = list.as_array().unwrap().iter().find(|e| e["date"] == "2025-02-03").unwrap().clone();
    assert_eq!(week5["at"], "2025-02-03T18:05:12-05:00", "New York time");
    let text = week5["answers"][0]["text"].as_str().unwrap();
    assert!(
        text.contains(
            "Delegated the on-call rota to Priya. She asked *why* we do it this way (fair question!)."
        ),
        "{text}"
    );
    assert_eq!(week5["tags"], serde_json::json!(["work", "roving-leaders"]));
    // "Delegated" names delegation and the tag names roving leaders; "rota" alone is only a
    // hint, and the model (sure the note is about handing over and a roving leader, not about
    // rotas) overrules it.
    assert_eq!(week5["themes"], serde_json::json!(["delegation", "roving-leaders"]));
}

#[test]
fn a_file_that_cannot_be_imported_names_itself_and_writes_nothing() {
    let env = Env::new();
    let bad = env.write("broken.json", "{\"entries\": [{\"title\": \"ok\", \"date\": \"2025-01-01\"}, {\"title\": \"x\", \"date\": \"yesterday\"}]}");
    let out = env.cmd().args(["import", "--from", "jrnl"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("error: {}: cannot import this as a jrnl export: entry 2:", bad.display())),
        "{err}"
    );
    assert!(err.contains("nothing was written"));
    assert!(!env.journal().exists());
    let out =
        env.cmd().args(["import", "--from", "dayone"]).arg(env.write("x.json", "not json")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("x.json: cannot import this as a Day One export: not the expected JSON at line 1"),
        "{}",
        stderr(&out)
    );
}

fn script(env: &Env, name: &str, body: &str) -> std::path::PathBuf {
    let path = env.write(name, &format!("#!/bin/sh\n{body}\n"));
    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    path
}

fn lines_of(env: &Env) -> usize {
    crate::util::jsonl_files(&env.journal())
        .iter()
        .map(|f| fs::read_to_string(f).unwrap().lines().count())
        .sum()
}

#[test]
fn edit_saves_a_new_revision_and_no_change_saves_nothing() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    env.cmd().args(["today", "--answers"]).arg(&answers).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();

    let out = env.cmd().args(["edit", &id[..8]]).env("EDITOR", "true").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("No changes"));
    assert_eq!(lines_of(&env), 1);

    let editor = script(
        &env,
        "ed.sh",
        "sed -i -e 's/ten minutes/last five minutes/' -e 's/^4$/5/' -e 's/^- Tom$/- Tom\\n- Ana/' \"$1\"",
    );
    let out = env.cmd().args(["edit", &id[..8]]).env("VISUAL", &editor).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Saved a new revision"));
    let records = env.records();
    assert_eq!(records.len(), 2, "the old revision stays on disk");
    let latest = &records[1];
    assert_eq!(latest["rev"], 2);
    assert_eq!(latest["id"], id.as_str());
    let by =
        |p: &str| latest["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == p).unwrap().clone();
    assert!(by("handed-off")["text"].as_str().unwrap().ends_with("last five minutes."));
    assert_eq!(by("let-them-decide")["rating"], 5);
    assert_eq!(by("people-followed")["items"], serde_json::json!(["Maria", "Tom", "Ana"]));
    let shown = ok(env.cmd().args(["show", &id]).output().unwrap());
    assert!(shown.contains("5/5"));
}

#[test]
fn a_malformed_edit_is_shown_again_with_the_problem() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    env.cmd().args(["today", "--answers"]).arg(&answers).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    // First pass: a rating out of scale. Second pass (the page now names the problem): fix it.
    let editor = script(
        &env,
        "ed.sh",
        "if grep -q 'could not read this page' \"$1\"; then sed -i 's/^9$/3/' \"$1\"; else sed -i 's/^4$/9/' \"$1\"; fi",
    );
    let out = env.cmd().args(["edit", &id[..8]]).env("EDITOR", &editor).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let records = env.records();
    let latest = &records[1];
    let rating = latest["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["prompt"] == "let-them-decide")
        .unwrap()["rating"]
        .clone();
    assert_eq!(rating, 3);

    // An editor that never fixes it: the entry is unchanged and the page is kept.
    let stubborn = script(&env, "stubborn.sh", "sed -i 's/^3$/9/' \"$1\"");
    let out = env.cmd().args(["edit", &id[..8]]).env("EDITOR", &stubborn).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the edit could not be read"), "{err}");
    // The page has a random name (never one built from the entry's id) and names the entry inside.
    let pages: Vec<_> = fs::read_dir(env.journal().join("drafts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("edit-"))
        .collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert_ne!(pages[0].file_name().unwrap().to_string_lossy(), format!("edit-{id}.md"));
    let page = fs::read_to_string(&pages[0]).unwrap();
    assert!(page.contains("9 is outside the scale 1 to 5"));
    assert!(page.contains(&format!("<!-- Entry {id} (revision 2)")));
    assert_eq!(env.records().len(), 2);
}

#[test]
fn delete_and_undelete_append_revisions_and_lose_nothing() {
    let env = Env::new();
    env.cmd().args(["add", "Keep me #trust"]).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    let out = env.cmd().args(["delete", &id[..9]]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "no terminal to confirm: --yes is needed");
    assert!(stderr(&out).contains("--yes"));

    let out = env.cmd().args(["delete", "--yes", &id[..9]]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ok(env.cmd().arg("list").output().unwrap()).starts_with("No entries yet"));
    let deleted = ok(env.cmd().args(["list", "--deleted"]).output().unwrap());
    assert!(deleted.contains("Keep me"), "{deleted}");
    let shown = ok(env.cmd().args(["show", &id]).output().unwrap());
    assert!(shown.contains("deleted on") && shown.contains("Keep me"), "{shown}");
    let records = env.records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["deleted"], true);
    assert_eq!(records[1]["rev"], 2);

    let out = env.cmd().args(["undelete", &id[..9]]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ok(env.cmd().arg("list").output().unwrap()).contains("Keep me"));
    assert_eq!(env.records().len(), 3);
    assert_eq!(env.records()[2]["rev"], 3);
    let out = env.cmd().args(["undelete", &id[..9]]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn ambiguous_prefixes_list_the_candidates_for_every_command() {
    let env = Env::new();
    env.cmd().args(["add", "one"]).assert().success();
    env.cmd().args(["add", "two"]).assert().success();
    for cmd in [vec!["edit", "01"], vec!["delete", "--yes", "01"], vec!["undelete", "01"], vec!["show", "01"]]
    {
        let out = env.cmd().args(&cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd:?}");
        assert!(stderr(&out).contains("`01` matches 2 entries"), "{cmd:?}: {}", stderr(&out));
    }
    assert_eq!(env.records().len(), 2);
}

#[test]
fn an_export_of_one_day_shows_how_its_commitment_was_settled_a_month_later() {
    let env = Env::new();
    let first = env.write("a.toml", "[answers]\nheadline = \"Mon\"\ntomorrow = \"Ask Sam\"\n");
    env.cmd()
        .env("COACHLOG_NOW", "2026-10-31T20:00:00+01:00")
        .args(["today", "--answers"])
        .arg(&first)
        .assert()
        .success();
    let second = env.write("b.toml", "[answers]\nheadline = \"Tue\"\n[follow-up]\n\"*\" = \"done\"\n");
    env.cmd()
        .env("COACHLOG_NOW", "2026-11-02T20:00:00+01:00")
        .args(["today", "--answers"])
        .arg(&second)
        .assert()
        .success();
    // The follow-up is in the next month's file.
    let md = ok(env.cmd().args(["export", "--on", "2026-10-31"]).output().unwrap());
    assert!(md.contains("*Commitment: done, followed up 2026-11-02*"), "{md}");
    assert!(!md.contains("Tue"), "only the day asked for: {md}");
}

/// Moves the second line of month `from`'s file to the end of month `to`'s file (as a hand or
/// another tool might file it), returning its entry's id.
fn misfile_second_line(env: &Env, from: &str, to: &str) -> String {
    let path = |month: &str| env.journal().join(&month[..4]).join(format!("{month}.jsonl"));
    let text = fs::read_to_string(path(from)).unwrap();
    let (first, second) = text.trim_end().split_once('\n').unwrap();
    fs::write(path(from), format!("{first}\n")).unwrap();
    let kept = fs::read_to_string(path(to)).unwrap_or_default();
    fs::write(path(to), format!("{kept}{second}\n")).unwrap();
    let record: serde_json::Value = serde_json::from_str(second).unwrap();
    record["id"].as_str().unwrap().to_string()
}

/// A day whose entries sit in two months' files (one filed in the wrong month, as another
/// tool might) still gets one note holding both.
#[test]
fn dir_export_gathers_a_day_filed_in_two_months() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-10-05", "First note of the day"]).assert().success();
    env.cmd().args(["add", "--date", "2026-10-05", "Second note of the day"]).assert().success();
    env.cmd().args(["add", "--date", "2026-11-03", "A November note"]).assert().success();
    misfile_second_line(&env, "2026-10", "2026-11");
    let dir = env.dir.path().join("notes");
    for _ in 0..2 {
        let out = env.cmd().args(["export", "--dir"]).arg(&dir).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let note = fs::read_to_string(dir.join("2026/2026-10-05.md")).unwrap();
        assert!(note.contains("First note of the day") && note.contains("Second note of the day"), "{note}");
        assert!(fs::read_to_string(dir.join("2026/2026-11-03.md")).unwrap().contains("A November note"));
    }
}

/// `-o /dev/stdout` and `-o -` mean standard output, even when it is redirected to a file:
/// nothing is refused or replaced, and no confirmation is mixed into the document.
#[test]
fn output_to_stdout_by_name_writes_the_document_alone() {
    let env = Env::new();
    env.cmd().args(["add", "Trusted Ana with the release #trust"]).assert().success();
    for name in ["/dev/stdout", "-"] {
        let path = env.dir.path().join("redirected.json");
        let file = fs::File::create(&path).unwrap();
        let out = env.std_cmd(&["export", "--format", "json", "-o", name]).stdout(file).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(doc["entries"].as_array().unwrap().len(), 1, "{name}");
        assert!(!env.dir.path().join("-").exists());
    }
}

/// A disk is never an export's place, even through a link; `--by theme` says where it does not
/// apply instead of being ignored.
#[test]
fn exports_refuse_a_disk_and_say_when_by_theme_cannot_apply() {
    let env = Env::new();
    env.cmd().args(["add", "A note"]).assert().success();
    let disk = fs::read_dir("/dev")
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            use std::os::unix::fs::FileTypeExt;
            fs::metadata(p).is_ok_and(|m| m.file_type().is_block_device())
        })
        .expect("a block device in /dev");
    let link = env.dir.path().join("notes.md");
    std::os::unix::fs::symlink(&disk, &link).unwrap();
    for force in [false, true] {
        let mut cmd = env.cmd();
        cmd.args(["export", "-o"]).arg(&link);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("is a disk"), "{}", stderr(&out));
    }
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    for args in [&["--by", "theme", "--format", "json"][..], &["--by", "theme", "--dir", "notes"]] {
        let out = env.cmd().arg("export").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("--by theme groups a markdown document"), "{}", stderr(&out));
    }
    assert!(!env.dir.path().join("notes").exists());
}

/// An entry filed in another month's file (by hand, or by another tool) that is then deleted
/// or edited keeps every revision in that file, so views that read a month at a time see the
/// latest: a deleted one is gone from them all, an edited one shows once.
#[test]
fn changing_an_entry_filed_in_another_month_keeps_its_revisions_together() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-11-02", "first of the day"]).assert().success();
    env.cmd().args(["add", "--date", "2026-11-02", "second of the day"]).assert().success();
    env.cmd().args(["add", "--date", "2026-10-15", "an October note"]).assert().success();
    let november = env.journal().join("2026/2026-11.jsonl");
    let october = env.journal().join("2026/2026-10.jsonl");
    let id = misfile_second_line(&env, "2026-11", "2026-10");
    env.cmd().args(["delete", &id, "--yes"]).assert().success();
    assert!(fs::read_to_string(&october).unwrap().lines().last().unwrap().contains("\"deleted\":true"));
    assert_eq!(fs::read_to_string(&november).unwrap().lines().count(), 1);
    let listed = ok(env.cmd().args(["list", "-n", "100000", "--json"]).output().unwrap());
    assert!(!listed.contains("second of the day"), "{listed}");
    let md = ok(env.cmd().args(["export"]).output().unwrap());
    assert!(!md.contains("second of the day") && md.contains("· 2 entries"), "{md}");
    let json = ok(env.cmd().args(["summary", "--json"]).output().unwrap());
    let summary: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(summary["entries"], 2);
    env.cmd().args(["undelete", &id]).assert().success();
    let md = ok(env.cmd().args(["export"]).output().unwrap());
    assert_eq!(md.matches("second of the day").count(), 1, "{md}");
}
