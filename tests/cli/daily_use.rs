//! Issue 12: the things that tripped a new lead in their first weeks, each through the binary.

use std::fs;

use crate::util::{Env, ok, stderr, stdout};

/// `coachlog commitments --json`: the open commitments.
fn open_commitments(env: &Env) -> Vec<serde_json::Value> {
    serde_json::from_slice(&env.cmd().args(["commitments", "--json"]).output().unwrap().stdout).unwrap()
}

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

#[test]
fn an_edit_or_a_deletion_keeps_the_time_the_entry_was_written() {
    let env = Env::new();
    at(&env, "2026-11-26T18:10:00").args(["add", "written in the evening"]).assert().success();
    at(&env, "2026-11-26T19:00:00").args(["add", "a later note"]).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    let out = at(&env, "2026-11-27T08:21:00")
        .env("EDITOR", "sed -i s/evening/early_evening/")
        .args(["edit", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let records = env.records();
    let edit = records.last().unwrap();
    assert_eq!(edit["rev"], 2);
    assert_eq!(edit["at"], "2026-11-26T18:10:00+01:00", "{edit}");
    assert_eq!(edit["edited"], "2026-11-27T08:21:00+01:00", "{edit}");
    let show = ok(env.cmd().args(["show", &id]).output().unwrap());
    assert!(show.contains("18:10"), "{show}");
    assert!(show.contains("edited Fri 27 Nov 2026, 08:21"), "{show}");
    // Newest first, by when they were written: the edit does not move it above the later note.
    let list = ok(env.cmd().arg("list").output().unwrap());
    let first = list.lines().next().unwrap();
    assert!(first.contains("a later note"), "{list}");
    at(&env, "2026-11-27T09:00:00").args(["delete", "--yes", &id]).assert().success();
    let tomb = env.records().last().unwrap().clone();
    assert_eq!(tomb["at"], "2026-11-26T18:10:00+01:00", "{tomb}");
    assert_eq!(tomb["rev"], 3);
    let out = at(&env, "2026-11-27T09:05:00").args(["undelete", &id]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let show = ok(env.cmd().args(["show", &id]).output().unwrap());
    assert!(show.contains("early_evening") && show.contains("18:10"), "{show}");
}

#[test]
fn show_names_the_commitment_a_follow_up_is_about() {
    let env = Env::new();
    let first = env.write("first.toml", crate::util::DAILY_ANSWERS);
    at(&env, "2026-11-26T20:00:00").arg("today").arg("--answers").arg(&first).assert().success();
    let next = env.write(
        "next.toml",
        &format!(
            "{}\n[follow-up]\n\"*\" = \"partly\"\n",
            crate::util::DAILY_ANSWERS.replace("tomorrow =", "#")
        ),
    );
    at(&env, "2026-11-27T20:00:00").arg("today").arg("--answers").arg(&next).assert().success();
    let out = env.cmd().args(["show", "2026-11-27"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("Follow-up: Ask Sam what he needs to own deploys. — partly"), "{text}");
}

#[test]
fn edit_without_a_terminal_or_an_editor_says_what_to_do() {
    let env = Env::new();
    env.cmd().args(["add", "a note"]).assert().success();
    let id = env.records()[0]["id"].as_str().unwrap().to_string();
    let out = env.cmd().args(["edit", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: `coachlog edit` opens an editor, and there is no terminal"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("$EDITOR"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "nothing drawn: {}", stdout(&out));
    let out = env.cmd().env("EDITOR", "no-such-editor-here").args(["edit", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("the editor `no-such-editor-here` was not found"), "{}", stderr(&out));
    assert!(stderr(&out).contains("export EDITOR=nano"), "{}", stderr(&out));
    assert_eq!(env.records().len(), 1, "nothing was written");
}

#[test]
fn theme_and_pack_names_ignore_case_and_unknown_ones_are_usage_errors_with_a_guess() {
    let env = Env::new();
    env.cmd().args(["add", "--theme", "Trust", "Let Ana decide"]).assert().success();
    let out = env.cmd().args(["list", "--theme", "TRUST"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Let Ana decide"));
    let out = env.cmd().args(["summary", "--theme", "Trust", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for (args, guess) in [
        (&["list", "--theme", "trsut"][..], "did you mean `trust`?"),
        (&["add", "--theme", "bogus", "x"], "themes: "),
        (&["reflect", "roving"], "did you mean `roving-leaders`?"),
        (&["today", "--pack", "dayly", "--answers", "-"], "did you mean `daily`?"),
        (&["prompts", "show", "weakly"], "did you mean `weekly`?"),
    ] {
        let out = env.cmd().args(args).write_stdin("").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error: "), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(guess), "{args:?}: {}", stderr(&out));
    }
    let out = env.cmd().args(["prompts", "show", "Daily"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.records().len(), 1);
}

#[test]
fn commitments_show_ids_that_work_with_show_even_when_they_clash() {
    let env = Env::new();
    // Two sessions in the same millisecond (the clock is fixed): ids share ten characters.
    for n in 0..2 {
        let answers = env.write(
            &format!("a{n}.toml"),
            &format!("[answers]\nheadline = \"Day {n}\"\ntomorrow = \"Promise {n}\"\n"),
        );
        env.cmd().arg("today").arg("--answers").arg(&answers).assert().success();
    }
    let out = env.cmd().arg("commitments").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let ids: Vec<String> =
        text.lines().skip(1).filter_map(|l| l.split_whitespace().next().map(str::to_string)).collect();
    assert_eq!(ids.len(), 2, "{text}");
    assert_ne!(ids[0], ids[1], "{text}");
    for id in &ids {
        let show = env.cmd().args(["show", id]).output().unwrap();
        assert!(show.status.success(), "{id}: {}", stderr(&show));
    }
}

#[test]
fn every_man_page_another_one_names_is_written() {
    let env = Env::new();
    let dir = env.dir.path().join("man");
    env.cmd().arg("man").arg("--dir").arg(&dir).assert().success();
    let mut named = std::collections::BTreeSet::new();
    for page in fs::read_dir(&dir).unwrap() {
        let text = fs::read_to_string(page.unwrap().path()).unwrap().replace("\\-", "-");
        for (i, _) in text.match_indices("(1)") {
            let start =
                text[..i].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).map_or(0, |s| s + 1);
            named.insert(text[start..i].to_string());
        }
    }
    assert!(named.contains("coachlog-prompts-list"), "{named:?}");
    for name in &named {
        assert!(dir.join(format!("{name}.1")).exists(), "{name}(1) is named but not written");
    }
}

#[test]
fn options_after_a_note_are_options_and_dashes_go_after_a_double_dash() {
    let env = Env::new();
    let out = env.cmd().args(["add", "a", "quiet", "note", "-q"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "-q was taken as quiet: {}", stdout(&out));
    let out = env.cmd().args(["add", "tagged", "--theme", "trust"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    env.cmd().args(["add", "--", "-2 on the estimate"]).assert().success();
    let texts: Vec<String> =
        env.records().iter().map(|r| r["answers"][0]["text"].as_str().unwrap().to_string()).collect();
    assert_eq!(texts, vec!["a quiet note", "tagged", "-2 on the estimate"]);
    assert_eq!(env.records()[1]["tags"][0], "trust");
    let out = env.cmd().args(["add", "-2", "on", "it"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--"), "{}", stderr(&out));
}

/// `text` without ANSI escape sequences.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn tables_line_up_in_colour_as_they_do_without() {
    let env = Env::new();
    let long =
        "Ask Sam what he needs to own the deploys, the release review and the on-call rota next quarter";
    let answers = env.write("a.toml", &format!("[answers]\nheadline = \"x\"\ntomorrow = \"{long}\"\n"));
    at(&env, "2026-11-26T20:00:00").arg("today").arg("--answers").arg(&answers).assert().success();
    let coloured = ok(env.cmd().args(["commitments", "--all", "--color", "always"]).output().unwrap());
    assert!(coloured.contains('\u{1b}'), "{coloured}");
    let without = ok(env.cmd().args(["commitments", "--all", "--color", "never"]).output().unwrap());
    assert_eq!(plain(&coloured), without, "colour changes nothing but colour");
    let header = without.lines().next().unwrap();
    let column = header.find("commitment").unwrap();
    for line in without.lines().skip(1) {
        let words = line.trim_end();
        assert!(words.len() > column, "{without}");
        assert_ne!(
            &line[column..=column],
            " ",
            "every line of the commitment starts in its column:\n{without}"
        );
    }
}

#[test]
fn summary_by_week_follows_week_start() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-11-22", "sunday #trust"]).assert().success();
    env.cmd().args(["add", "--date", "2026-11-23", "monday #trust"]).assert().success();
    let rows = |env: &Env| {
        let out = env.cmd().args(["summary", "--by", "week", "--last", "2w", "--json"]).output().unwrap();
        stdout(&out)
    };
    let monday = rows(&env);
    env.write("home/.config/coachlog/config.toml", "week_start = \"sunday\"\n");
    let sunday = rows(&env);
    assert_ne!(monday, sunday);
    let text = ok(env.cmd().args(["summary", "--by", "week", "--last", "2w"]).output().unwrap());
    assert_eq!(text.matches("2026-W").count(), 1, "Sunday 22 and Monday 23 are one week:\n{text}");
}

#[test]
fn prompts_validate_reports_every_problem_of_a_file_in_line_order() {
    let env = Env::new();
    let pack = env.write(
        "team.toml",
        "[pack]\nid = \"team\"\ntitle = \"Team\"\ncolour = 1\n\n[[prompt]]\nid = \"a\"\ntheme = \"cooking\"\nkind = \"rating\"\nmin = 5\nmax = 1\nquestion = \"\"\n\n[[prompt]]\nid = \"a\"\nkind = \"choice\"\nquestion = \"Q\"\n\n[[prompt]]\nid = \"b\"\nkind = \"txt\"\nquestion = \"Q\"\n",
    );
    let out = env.cmd().args(["prompts", "validate"]).arg(&pack).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<usize> = err
        .lines()
        .filter(|l| l.starts_with("error: ") && l.contains("team.toml:"))
        .map(|l| l.split(':').nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(lines.len() >= 6, "{err}");
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "in line order: {err}");
    for needle in [
        "unknown key `colour`",
        "unknown theme `cooking`",
        "min < max",
        "empty question",
        "duplicate prompt id",
        "needs `options",
        "unknown kind `txt` in prompt `b` (did you mean `text`?)",
    ] {
        assert!(err.contains(needle), "`{needle}` missing:\n{err}");
    }
}

#[test]
fn an_answers_file_gets_every_problem_at_once_in_line_order() {
    let env = Env::new();
    let answers = env.write(
        "a.toml",
        "[answers]\nmood = 3\nlet-them-decide = 9\nheadline = \"Fine\"\npeople-followed = true\n[follow-up]\n\"*\" = \"finished\"\n",
    );
    let out = env.cmd().arg("today").arg("--answers").arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<usize> = err
        .lines()
        .filter(|l| l.starts_with("error: "))
        .map(|l| l.split(':').nth(2).unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines, vec![2, 3, 5, 7], "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(env.records().is_empty());
}

#[test]
fn help_lists_global_options_apart_and_week_takes_a_bare_number() {
    let env = Env::new();
    let help = ok(env.cmd().args(["list", "--help"]).output().unwrap());
    let (own, global) = help.split_once("Global options:").expect("a Global options heading");
    assert!(global.contains("--journal") && global.contains("--quiet"), "{help}");
    assert!(!own.contains("--journal"), "{help}");
    env.cmd().args(["add", "--date", "2026-11-18", "a note"]).assert().success();
    let out = env.cmd().args(["week", "--week", "47", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let week: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(week["week"], "2026-W47");
    assert_eq!(week["days_journaled"], 1);
}

#[test]
fn import_recognises_the_tool_that_wrote_the_file() {
    let env = Env::new();
    let jrnl = env.write(
        "jrnl.json",
        r#"{"tags": {"@trust": 1}, "entries": [{"title": "Let Ana decide.", "body": "She chose well.", "date": "2026-11-20", "time": "09:00", "tags": ["@trust"], "starred": false}]}"#,
    );
    let out = env.cmd().arg("import").arg(&jrnl).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.records().len(), 1);
    let export = env.dir.path().join("all.json");
    env.cmd().args(["export", "--format", "json", "-o"]).arg(&export).assert().success();
    let other = Env::new();
    let out = other.cmd().arg("import").arg(&export).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(other.records(), env.records(), "a coachlog export comes back as it was");
    let odd = env.write("odd.json", r#"{"items": [1, 2, 3]}"#);
    let out = env.cmd().arg("import").arg(&odd).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot tell which tool wrote this file"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--from jrnl"), "{}", stderr(&out));
}

#[test]
fn an_empty_new_week_points_to_last_weeks_review() {
    let env = Env::new();
    at(&env, "2026-11-20T20:00:00").args(["add", "friday's note"]).assert().success();
    let out = at(&env, "2026-11-23T08:30:00").arg("week").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("`coachlog week --last` shows last week's review"), "{}", stdout(&out));
    assert_eq!(stdout(&out).matches("Nothing written").count(), 1, "said once: {}", stdout(&out));
    let last = stdout(&at(&env, "2026-11-23T08:30:00").args(["week", "--last"]).output().unwrap());
    assert!(!last.contains("--last` shows"), "{last}");
    assert!(last.contains("1 of 7 days"), "{last}");
}

#[test]
fn export_by_theme_says_entries_appear_under_each_of_their_themes() {
    let env = Env::new();
    env.cmd().args(["add", "Let Ana own it #delegation #trust"]).assert().success();
    env.cmd().args(["add", "Quiet day"]).assert().success();
    let md = ok(env.cmd().args(["export", "--by", "theme"]).output().unwrap());
    assert!(md.contains("*Each entry appears under every theme it is about: 2 entries, 3 places.*"), "{md}");
}

#[test]
fn the_daily_rotation_asks_about_what_went_well_too() {
    let env = Env::new();
    let show = ok(env.cmd().args(["prompts", "show", "daily"]).output().unwrap());
    assert!(show.contains("went-well"), "{show}");
    assert!(show.contains("What went well today without you in the middle of it?"), "{show}");
    let answers =
        env.write("a.toml", "[answers]\nheadline = \"x\"\nwent-well = \"Sam ran the release review\"\n");
    env.cmd().arg("today").arg("--answers").arg(&answers).assert().success();
    let list = ok(env.cmd().args(["list", "--theme", "delegation"]).output().unwrap());
    assert_eq!(list.lines().count(), 1, "{list}");
}

#[test]
fn a_weekend_off_does_not_break_the_streak() {
    let env = Env::new();
    for day in ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"] {
        at(&env, &format!("{day}T18:00:00")).args(["add", "a working day"]).assert().success();
    }
    let sunday = stdout(&at(&env, "2026-11-22T18:00:00").args(["status"]).output().unwrap());
    assert!(sunday.contains("Streak: 5 days"), "{sunday}");
    let week = stdout(&at(&env, "2026-11-22T18:00:00").args(["week", "--json"]).output().unwrap());
    assert!(week.contains("\"streak\":5") || week.contains("\"streak\": 5"), "{week}");
    // Someone who journals every day says so, and then the weekend counts.
    env.write(
        "home/.config/coachlog/config.toml",
        "journal_days = [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", \"friday\", \"saturday\", \"sunday\"]\n",
    );
    let every = stdout(&at(&env, "2026-11-22T18:00:00").args(["status"]).output().unwrap());
    assert!(every.contains("Streak: 0 days"), "{every}");
    let config = ok(env.cmd().arg("config").output().unwrap());
    assert!(config.contains("journal_days") && config.contains("saturday"), "{config}");
}

#[test]
fn a_commitment_can_be_settled_without_a_session() {
    let env = Env::new();
    let answers = env.write("a.toml", "[answers]\nheadline = \"x\"\ntomorrow = \"Ask Sam what he needs\"\n");
    at(&env, "2026-11-26T20:00:00").arg("today").arg("--answers").arg(&answers).assert().success();
    let list = open_commitments(&env);
    let id = list[0]["id"].as_str().unwrap().to_string();
    let out = env
        .cmd()
        .args(["commitments", "done", &id[..10], "--note", "He wants the runbook"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Marked done: Ask Sam what he needs"), "{}", stdout(&out));
    let all: Vec<serde_json::Value> =
        serde_json::from_slice(&env.cmd().args(["commitments", "--all", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(all[0]["status"], "done");
    assert_eq!(all[0]["followed_up"], "2026-11-27");
    let show = ok(env.cmd().args(["show", "today"]).output().unwrap());
    assert!(
        show.contains("Follow-up: Ask Sam what he needs — done") && show.contains("He wants the runbook"),
        "{show}"
    );
    let again = env.cmd().args(["commitments", "drop", &id[..10]]).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("was already settled (done on Fri 27 Nov 2026)"), "{}", stderr(&again));
    let none = env.cmd().args(["commitments", "partly", "ZZZZ"]).output().unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("no commitment has an id starting with `ZZZZ`"), "{}", stderr(&none));
}

#[test]
fn list_keeps_answers_apart_and_shows_search_hits_in_context() {
    let env = Env::new();
    let answers = env.write(
        "a.toml",
        "[answers]\nheadline = \"Release day\"\nhanded-off = \"Asked Sam to own the deploy checklist and the zebra crossing signs from now on\"\n",
    );
    env.cmd().arg("today").arg("--answers").arg(&answers).assert().success();
    let plain = ok(env.cmd().arg("list").output().unwrap());
    assert!(plain.contains("Release day · Asked Sam"), "{plain}");
    let found = ok(env.cmd().args(["list", "--search", "zebra"]).output().unwrap());
    assert!(found.contains("…deploy checklist and the zebra crossing signs"), "{found}");
}

#[test]
fn a_choice_saying_it_did_not_happen_does_not_count_toward_the_theme() {
    let env = Env::new();
    let not_today = env.write("a.toml", "[answers]\nheadline = \"x\"\ntold-the-story = \"Not today\"\n");
    env.cmd().arg("today").arg("--answers").arg(&not_today).assert().success();
    let yes =
        env.write("b.toml", "[answers]\nheadline = \"y\"\ntold-the-story = \"Yes, but it fell flat\"\n");
    env.cmd().arg("today").arg("--answers").arg(&yes).assert().success();
    let vision: Vec<serde_json::Value> = serde_json::from_slice(
        &env.cmd().args(["list", "--theme", "vision", "--json"]).output().unwrap().stdout,
    )
    .unwrap();
    assert_eq!(vision.len(), 1, "only the story that was told counts");
    assert_eq!(vision[0]["answers"][1]["choice"], "Yes, but it fell flat");
    // A pack may mark such options, and they must be options of the prompt.
    let bad = env.write(
        "p.toml",
        "[pack]\nid = \"p\"\ntitle = \"P\"\n\n[[prompt]]\nid = \"c\"\ntheme = \"vision\"\nkind = \"choice\"\noptions = [\"Yes\", \"No\"]\noff = [\"Nope\"]\nquestion = \"Q\"\n",
    );
    let out = env.cmd().args(["prompts", "validate"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`off` of `c` names \"Nope\", which is not one of its options"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn summary_wraps_its_list_of_themes_left_alone() {
    let env = Env::new();
    env.cmd().args(["add", "--date", "2026-11-22", "sunday #trust"]).assert().success();
    let text = ok(env.cmd().args(["summary", "--last", "2w"]).output().unwrap());
    assert!(text.contains("Not touched for 14+ days:"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "wider than the 100 columns used without a terminal: {line}");
    }
    let wrapped: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("Not touched")).collect();
    assert!(wrapped.len() >= 2 && wrapped[1].starts_with("                          "), "{text}");
}

#[test]
fn a_commitment_for_next_week_is_followed_up_next_week() {
    let env = Env::new();
    let weekly = env.write(
        "w.toml",
        "[answers]\nweek-headline = \"x\"\nnext-week = \"Hand the on-call rota to Maria\"\n",
    );
    at(&env, "2026-11-27T20:00:00")
        .args(["today", "--pack", "weekly", "--answers"])
        .arg(&weekly)
        .assert()
        .success();
    let list = open_commitments(&env);
    assert_eq!(list[0]["due"], "2026-12-04", "{list:?}");
    // The next day's check-in does not ask about it yet…
    let daily = env.write("d.toml", "[answers]\nheadline = \"y\"\n[follow-up]\n\"*\" = \"done\"\n");
    at(&env, "2026-11-28T20:00:00").arg("today").arg("--answers").arg(&daily).assert().success();
    let list = open_commitments(&env);
    assert_eq!(list.len(), 1, "still open: {list:?}");
    // …a week later it does.
    at(&env, "2026-12-04T20:00:00").arg("today").arg("--answers").arg(&daily).assert().success();
    let all: Vec<serde_json::Value> = serde_json::from_slice(
        &at(&env, "2026-12-04T21:00:00").args(["commitments", "--all", "--json"]).output().unwrap().stdout,
    )
    .unwrap();
    assert_eq!(all[0]["status"], "done", "{all:?}");
}

#[test]
fn a_commitment_can_be_put_off_until_a_later_day() {
    let env = Env::new();
    let answers = env.write("a.toml", "[answers]\nheadline = \"x\"\ntomorrow = \"Ask Sam what he needs\"\n");
    at(&env, "2026-11-26T20:00:00").arg("today").arg("--answers").arg(&answers).assert().success();
    let list = open_commitments(&env);
    let id = list[0]["id"].as_str().unwrap().to_string();
    let out = env.cmd().args(["commitments", "snooze", &id[..10], "--until", "2026-12-02"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Put off until Wed 2 Dec 2026: Ask Sam what he needs"), "{}", stdout(&out));
    let list = open_commitments(&env);
    assert_eq!(list[0]["due"], "2026-12-02");
    assert_eq!(list[0]["status"], "open");
    // Not asked about before then…
    let daily = env.write("d.toml", "[answers]\nheadline = \"y\"\n[follow-up]\n\"*\" = \"done\"\n");
    at(&env, "2026-11-30T20:00:00").arg("today").arg("--answers").arg(&daily).assert().success();
    let list = open_commitments(&env);
    assert_eq!(list.len(), 1, "{list:?}");
    // …and asked then.
    at(&env, "2026-12-02T20:00:00").arg("today").arg("--answers").arg(&daily).assert().success();
    let list: Vec<serde_json::Value> = serde_json::from_slice(
        &at(&env, "2026-12-02T21:00:00").args(["commitments", "--json"]).output().unwrap().stdout,
    )
    .unwrap();
    assert!(list.is_empty(), "{list:?}");
    let bad = env.cmd().args(["commitments", "snooze", &id[..10], "--until", "yesterday"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn snooze_until_a_weekday_means_the_next_one() {
    let env = Env::new();
    let answers = env.write("a.toml", "[answers]\nheadline = \"x\"\ntomorrow = \"Ask Sam\"\n");
    at(&env, "2026-11-30T20:00:00").arg("today").arg("--answers").arg(&answers).assert().success();
    let list = open_commitments(&env);
    let id = list[0]["id"].as_str().unwrap().to_string();
    let out = at(&env, "2026-12-01T09:00:00")
        .args(["commitments", "snooze", &id[..12], "--until", "friday"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Put off until Fri 4 Dec 2026"), "{}", stdout(&out));
}

#[test]
fn settling_a_commitment_from_the_command_line_is_not_a_day_of_journaling() {
    let env = Env::new();
    let answers = env.write("a.toml", "[answers]\nheadline = \"x\"\ntomorrow = \"Ask Sam\"\n");
    at(&env, "2026-11-30T20:00:00").arg("today").arg("--answers").arg(&answers).assert().success();
    let list = open_commitments(&env);
    let id = list[0]["id"].as_str().unwrap().to_string();
    at(&env, "2026-12-01T09:00:00")
        .args(["commitments", "snooze", &id[..12], "--until", "friday"])
        .assert()
        .success();
    // Tuesday morning: nothing written yet, so the nudge still nudges.
    let quiet = at(&env, "2026-12-01T09:05:00").args(["status", "--quiet"]).output().unwrap();
    assert_eq!(quiet.status.code(), Some(1));
    let status = stdout(&at(&env, "2026-12-01T09:05:00").arg("status").output().unwrap());
    assert!(status.contains("Streak: 1 day") || status.contains("Streak: 1 days"), "{status}");
    let cal = stdout(&at(&env, "2026-12-01T09:05:00").args(["calendar", "--json"]).output().unwrap());
    assert!(cal.contains("\"days_journaled\":1") || cal.contains("\"days_journaled\": 1"), "{cal}");
    // The record is still there, and says what it did.
    let list = stdout(&at(&env, "2026-12-01T09:05:00").arg("list").output().unwrap());
    assert!(list.contains("Ask Sam — open"), "{list}");
    let show = stdout(&at(&env, "2026-12-01T09:05:00").args(["show", "today"]).output().unwrap());
    assert!(
        show.contains("Commitment follow-up") && show.contains("asked again from Fri 4 Dec 2026"),
        "{show}"
    );
}

#[test]
fn a_mistyped_pack_is_named_before_the_missing_terminal() {
    let env = Env::new();
    let out = env.cmd().args(["today", "--pack", "nosuch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("there is no prompt pack `nosuch`"), "{}", stderr(&out));
    env.write("home/.config/coachlog/config.toml", "journal_days = [\"fry\"]\n");
    let out = env.cmd().arg("status").output().unwrap();
    assert!(stderr(&out).contains("not [\"fry\"]"), "{}", stderr(&out));
}

#[test]
fn a_commitment_followed_up_today_is_not_asked_again_today() {
    let env = Env::new();
    let answers = env.write("a.toml", "[answers]\nheadline = \"x\"\ntomorrow = \"Ask Sam\"\n");
    at(&env, "2026-11-26T20:00:00").arg("today").arg("--answers").arg(&answers).assert().success();
    let not_yet = env.write("b.toml", "[answers]\nheadline = \"y\"\n[follow-up]\n\"*\" = \"open\"\n");
    at(&env, "2026-11-27T18:00:00").arg("today").arg("--answers").arg(&not_yet).assert().success();
    // Half an hour later, the weekly look back: the commitment was just talked about.
    let weekly = env.write("w.toml", "[answers]\nweek-headline = \"z\"\n[follow-up]\n\"*\" = \"done\"\n");
    at(&env, "2026-11-27T18:30:00")
        .args(["today", "--pack", "weekly", "--answers"])
        .arg(&weekly)
        .assert()
        .success();
    let list = open_commitments(&env);
    assert_eq!(list.len(), 1, "still open, not settled by a second same-day follow-up: {list:?}");
    assert_eq!(list[0]["carried"], 1);
}
