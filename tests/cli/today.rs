use std::fs;

use crate::util::{DAILY_ANSWERS, Env, jsonl_files, mode, stderr, stdout};

#[test]
fn today_with_an_answers_file_saves_one_entry_in_its_month_file() {
    let env = Env::new();
    let answers = env.write("answers.toml", DAILY_ANSWERS);
    let out = env.cmd().args(["today", "--answers"]).arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = stdout(&out);
    assert!(line.starts_with("✓ Saved Daily check-in for Fri 27 Nov 2026 (8 answers) as "), "{line}");
    // Two short lines rather than one that wraps at 80 columns: the short id, then where.
    assert_eq!(line.lines().count(), 2, "{line}");
    assert_eq!(line.lines().next().unwrap().chars().count(), 70, "{line}");

    let month = env.journal().join("2026/2026-11.jsonl");
    assert!(
        line.trim_end().ends_with("\n  in ~/.local/share/coachlog/journal/2026/2026-11.jsonl"),
        "says where: {line}"
    );
    let records = env.records();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r["v"], 1);
    assert_eq!(r["rev"], 1);
    assert_eq!(r["date"], "2026-11-27");
    assert_eq!(r["at"], "2026-11-27T21:00:00+01:00");
    assert_eq!(r["pack"], "daily");
    assert_eq!(r["id"].as_str().unwrap().len(), 26, "a ULID");
    let answers = r["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 8, "every answered prompt, rotation does not apply");
    let by_id = |id: &str| answers.iter().find(|a| a["prompt"] == id).unwrap().clone();
    assert_eq!(by_id("let-them-decide")["rating"], 4);
    assert_eq!(by_id("let-them-decide")["min"], 1);
    assert_eq!(by_id("let-them-decide")["max"], 5);
    assert_eq!(by_id("let-them-decide")["theme"], "trust");
    assert_eq!(by_id("people-followed")["items"], serde_json::json!(["Maria", "Tom"]));
    assert_eq!(by_id("told-the-story")["choice"], "Not today");
    assert_eq!(by_id("tomorrow")["kind"], "commitment");
    assert!(
        by_id("handed-off")["question"].as_str().unwrap().contains("hand"),
        "entries carry their questions"
    );

    assert_eq!(mode(&month), 0o600);
    assert_eq!(mode(month.parent().unwrap()), 0o700);
    assert_eq!(mode(&env.journal()), 0o700);
    let attrs = fs::read_to_string(env.journal().join(".gitattributes")).unwrap();
    assert!(attrs.contains("*.jsonl merge=union"));
}

#[test]
fn answers_can_come_from_stdin() {
    let env = Env::new();
    env.cmd().args(["today", "--answers", "-"]).write_stdin(DAILY_ANSWERS).assert().success();
    assert_eq!(env.records().len(), 1);
}

#[test]
fn date_sets_the_entry_date_and_its_month_file() {
    let env = Env::new();
    let answers = env.write("a.toml", "[answers]\nheadline = \"Back-filling October.\"\n");
    env.cmd().args(["today", "--date", "2026-10-31", "--answers"]).arg(&answers).assert().success();
    env.cmd().args(["today", "--date", "yesterday", "--answers"]).arg(&answers).assert().success();
    env.cmd().args(["today", "--date", "last friday", "--answers"]).arg(&answers).assert().success();
    assert!(env.journal().join("2026/2026-10.jsonl").exists());
    let dates: Vec<String> = env.records().iter().map(|r| r["date"].as_str().unwrap().to_string()).collect();
    assert_eq!(dates, vec!["2026-10-31", "2026-11-26", "2026-11-20"]);
    let at = env.records()[0]["at"].clone();
    assert_eq!(at, "2026-11-27T21:00:00+01:00", "--date sets only the entry's date");
}

#[test]
fn a_date_that_does_not_parse_is_a_usage_error_naming_it() {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    let out =
        env.cmd().args(["today", "--date", "the other day", "--answers"]).arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("error: cannot read the date `the other day`"), "{err}");
    assert!(env.records().is_empty());

    let out = env.cmd().args(["today", "--date", "2027-01-01", "--answers"]).arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("in the future"));
}

fn fails_and_writes_nothing(env: &Env, answers: &str, needles: &[&str]) {
    let path = env.write("bad.toml", answers);
    let out = env.cmd().args(["today", "--answers"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "stdout: {}", stdout(&out));
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    for n in needles {
        assert!(err.contains(n), "`{n}` not in: {err}");
    }
    assert!(err.lines().count() <= 2, "one or two lines: {err}");
    assert!(jsonl_files(&env.journal()).is_empty(), "nothing is written");
}

#[test]
fn an_unknown_prompt_id_is_an_error_naming_it_and_its_line() {
    let env = Env::new();
    fails_and_writes_nothing(
        &env,
        "[answers]\nheadline = \"x\"\nmood = \"fine\"\n",
        &["bad.toml:3:1", "no prompt `mood`"],
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_an_error_naming_the_prompt() {
    let env = Env::new();
    fails_and_writes_nothing(
        &env,
        "[answers]\nheadline = \"x\"\nlet-them-decide = \"high\"\n",
        &["bad.toml:3:", "`let-them-decide`", "expected a whole number from 1 to 5"],
    );
    fails_and_writes_nothing(
        &env,
        "[answers]\nheadline = \"x\"\nlet-them-decide = 9\n",
        &["`let-them-decide`", "9 is outside the scale"],
    );
    fails_and_writes_nothing(
        &env,
        "[answers]\nheadline = \"x\"\ntold-the-story = \"Maybe\"\n",
        &["`told-the-story`", "\"Maybe\" is not an option"],
    );
}

#[test]
fn a_required_always_prompt_without_answer_is_an_error() {
    let env = Env::new();
    fails_and_writes_nothing(&env, "[answers]\nidea-heard = \"x\"\n", &["`headline`", "needs an answer"]);
}

#[test]
fn a_malformed_answers_file_names_line_and_column() {
    let env = Env::new();
    fails_and_writes_nothing(&env, "[answers]\nheadline = \"unclosed\n", &["bad.toml:2:"]);
}

#[test]
fn without_a_terminal_today_points_to_answers_and_add() {
    let env = Env::new();
    let out = env.cmd().arg("today").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("--answers") && err.contains("coachlog add"), "{err}");
    assert!(!env.journal().exists(), "nothing is created");
}

#[test]
fn reflect_runs_a_theme_pack() {
    let env = Env::new();
    let answers = env.write(
        "a.toml",
        "[answers]\nstill-holding = \"The weekly report.\"\nneck-up = \"I gave the outcome and asked how\"\npeople = \"Ana, Li\"\n",
    );
    let out = env.cmd().args(["reflect", "delegation", "--answers"]).arg(&answers).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Saved Delegation"));
    let r = &env.records()[0];
    assert_eq!(r["pack"], "delegation");
    let people = r["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == "people").unwrap().clone();
    assert_eq!(people["items"], serde_json::json!(["Ana", "Li"]), "list answers split on commas");
}

#[test]
fn reflect_on_an_unknown_theme_lists_the_known_ones() {
    let env = Env::new();
    let out = env.cmd().args(["reflect", "cooking"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a mistyped name is a usage error");
    let err = stderr(&out);
    assert!(err.contains("`cooking` is neither a theme nor a prompt pack"), "{err}");
    assert!(err.contains("roving-leaders"), "{err}");
}

#[test]
fn an_unknown_pack_is_an_error_listing_packs() {
    let env = Env::new();
    let answers = env.write("a.toml", "[answers]\n");
    let out = env.cmd().args(["today", "--pack", "nope", "--answers"]).arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a mistyped name is a usage error");
    assert!(stderr(&out).contains("no prompt pack `nope`"));
    assert!(stderr(&out).contains("daily, weekly"));
}

#[test]
fn a_user_pack_replaces_the_built_in_one() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/daily.toml",
        "[pack]\nid = \"daily\"\ntitle = \"My own check-in\"\n\n[[prompt]]\nid = \"win\"\ntheme = \"courage\"\nkind = \"confirm\"\nquestion = \"Did you do the scary thing?\"\n",
    );
    let answers = env.write("a.toml", "[answers]\nwin = true\n");
    let out = env.cmd().args(["today", "--answers"]).arg(&answers).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("My own check-in"));
    assert_eq!(env.records()[0]["answers"][0]["yes"], true);
}

#[test]
fn a_broken_user_pack_is_an_error_naming_its_file_and_line() {
    let env = Env::new();
    let pack = env
        .write("home/.config/coachlog/prompts/mine.toml", "[pack]\nid = \"mine\"\ntitle = \"x\"\nwat = 1\n");
    let answers = env.write("a.toml", DAILY_ANSWERS);
    let out = env.cmd().args(["today", "--answers"]).arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:4:1", pack.display())), "{err}");
    assert!(err.contains("prompts validate"), "{err}");
}
