//! The real dialoguer session in a pseudo-terminal: typing, arrow keys, Ctrl-C, Esc, drafts.

use std::fs;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{ControlCode, Eof, Expect, Session};

use crate::util::Env;

type Pty = Session<expectrl::process::unix::UnixProcess, expectrl::process::unix::PtyStream>;

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

/// `cmd` run through `sh`, which sets the terminal to 100 columns before the program starts:
/// setting the size from the test only after spawning races with the program's first lines
/// (on a busy machine they were wrapped at the default width).
fn sized(cmd: std::process::Command) -> std::process::Command {
    let mut sh = std::process::Command::new("sh");
    // Only what `cmd` was given: it was made with a cleared environment.
    sh.env_clear();
    sh.arg("-c").arg("stty cols 100 rows 40 2>/dev/null; exec \"$0\" \"$@\"").arg(cmd.get_program());
    sh.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        sh.current_dir(dir);
    }
    sh
}

/// [`spawn`] without colour (`NO_COLOR=1`), where only the characters mark the cursor.
fn spawn_plain(env: &Env, args: &[&str]) -> Pty {
    let mut cmd = env.std_cmd(args);
    cmd.env("NO_COLOR", "1");
    let mut p = Session::spawn(sized(cmd)).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(15)));
    p
}

fn spawn(env: &Env, args: &[&str]) -> Pty {
    let mut p = Session::spawn(sized(env.std_cmd(args))).expect("spawn in a pty");
    p.get_process_mut().set_window_size(100, 40).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(15)));
    p
}

fn exit_code(mut p: Pty) -> i32 {
    p.expect(Eof).expect("the program ends");
    match p.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

fn drafts(env: &Env) -> Vec<serde_json::Value> {
    let Ok(dir) = fs::read_dir(env.journal().join("drafts")) else { return vec![] };
    dir.map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| serde_json::from_slice(&fs::read(p).unwrap()).unwrap())
        .collect()
}

const EVERY_KIND: &str = r#"
[pack]
id = "kinds"
title = "Every kind"

[[prompt]]
id = "note"
theme = "delegation"
kind = "text"
question = "What did you hand off?"
help = "Say who owns it now."

[[prompt]]
id = "trust"
theme = "trust"
kind = "rating"
low = "checked everything"
high = "stepped away"
question = "How much did you trust them?"

[[prompt]]
id = "story"
theme = "vision"
kind = "choice"
options = ["Told it", "Not yet"]
question = "Did you tell the story?"

[[prompt]]
id = "people"
theme = "roving-leaders"
kind = "list"
question = "Who do people follow?"

[[prompt]]
id = "brave"
theme = "courage"
kind = "confirm"
question = "Did you do the scary thing?"

[[prompt]]
id = "chores"
theme = "management"
kind = "multi"
options = ["Reviews", "Hiring", "Approvals"]
question = "Which chores ate the week?"

[[prompt]]
id = "next"
kind = "commitment"
question = "What will you do tomorrow?"
"#;

#[test]
fn a_session_in_a_terminal_saves_every_kind_of_answer() {
    let env = Env::new();
    env.write("home/.config/coachlog/prompts/kinds.toml", EVERY_KIND);
    let mut p = spawn(&env, &["today", "--pack", "kinds"]);
    p.expect("Every kind").unwrap();
    p.expect("1/7").unwrap();
    p.expect("What did you hand off?").unwrap();
    p.expect("Say who owns it now.").unwrap();
    p.send("Sam owns the release review\r").unwrap();
    p.expect("2/7").unwrap();
    p.expect("1  checked everything").unwrap();
    p.expect("5  stepped away").unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("3/7").unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("4/7").unwrap();
    p.send("Maria,  Tom ,\r").unwrap();
    p.expect("5/7").unwrap();
    p.send("y").unwrap();
    p.expect("6/7").unwrap();
    p.send(" ").unwrap();
    p.send(DOWN).unwrap();
    p.send(DOWN).unwrap();
    p.send(" ").unwrap();
    p.send(ENTER).unwrap();
    p.expect("7/7").unwrap();
    p.send("Ask Ana about hiring\r").unwrap();
    p.expect("Saved Every kind").unwrap();
    assert_eq!(exit_code(p), 0);

    let records = env.records();
    assert_eq!(records.len(), 1);
    let a = records[0]["answers"].as_array().unwrap();
    assert_eq!(a.len(), 7);
    assert_eq!(a[0]["text"], "Sam owns the release review");
    assert_eq!(a[1]["rating"], 4, "the cursor starts in the middle of the scale; one down is 4");
    assert_eq!(a[2]["choice"], "Not yet");
    assert_eq!(a[3]["items"], serde_json::json!(["Maria", "Tom"]));
    assert_eq!(a[4]["yes"], true);
    assert_eq!(a[5]["items"], serde_json::json!(["Reviews", "Approvals"]));
    assert_eq!(a[6]["text"], "Ask Ana about hiring");
    assert!(drafts(&env).is_empty(), "the draft is gone once the entry is saved");
}

#[test]
fn ctrl_c_keeps_a_draft_that_the_next_session_resumes() {
    let env = Env::new();
    let mut p = spawn(&env, &["today"]);
    p.expect("Daily check-in").unwrap();
    p.expect("1/6").unwrap();
    p.send("A hard day of letting go\r").unwrap();
    p.expect("2/6").unwrap();
    p.send("Half an ans").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    // The cursor is shown again, then the goodbye says what was kept.
    p.expect("\x1b[?25h").unwrap();
    p.expect("stopped:").unwrap();
    p.expect("your answer is kept in the draft").unwrap();
    assert_eq!(exit_code(p), 130);

    let d = drafts(&env);
    assert_eq!(d.len(), 1);
    let answers = d[0]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 1, "exactly the answers given: {answers:?}");
    assert_eq!(answers[0]["prompt"], "headline");
    assert_eq!(answers[0]["text"], "A hard day of letting go");
    assert!(env.records().is_empty(), "nothing is saved as an entry yet");

    // Resume: the first question is not asked again.
    let mut p = spawn(&env, &["today"]);
    p.expect("unfinished Daily check-in from Friday 27 November (1 answer saved, 5 to go)").unwrap();
    p.send(ENTER).unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    assert_eq!(drafts(&env)[0]["answers"].as_array().unwrap().len(), 1);

    // Discard: a new session starts from the first question, and the old draft is gone.
    // Discard asks first; "no" goes back to the choice.
    let mut p = spawn(&env, &["today"]);
    p.expect("unfinished Daily check-in").unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("Discard the 1 saved answer? They cannot be brought back").unwrap();
    p.send("n").unwrap();
    p.expect("Resume where I left off").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    assert_eq!(drafts(&env).len(), 1, "still there after saying no");

    let mut p = spawn(&env, &["today"]);
    p.expect("unfinished Daily check-in").unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("Discard the 1 saved answer?").unwrap();
    p.send("y").unwrap();
    p.expect("1/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("nothing to keep").unwrap();
    assert_eq!(exit_code(p), 130);
    assert!(drafts(&env).is_empty());
}

#[test]
fn esc_on_a_choice_stops_and_keeps_the_draft() {
    let env = Env::new();
    env.write("home/.config/coachlog/prompts/kinds.toml", EVERY_KIND);
    let mut p = spawn(&env, &["reflect", "kinds"]);
    p.expect("1/7").unwrap();
    p.send("Handed off the board\r").unwrap();
    p.expect("2/7").unwrap();
    p.expect("stepped away").unwrap();
    p.send("\x1b").unwrap();
    p.expect("stopped:").unwrap();
    assert_eq!(exit_code(p), 130);
    let d = drafts(&env);
    assert_eq!(d[0]["answers"][0]["text"], "Handed off the board");
    assert_eq!(d[0]["pack"], "kinds");
}

#[test]
fn a_required_answer_is_asked_again_when_left_empty() {
    let env = Env::new();
    let mut p = spawn(&env, &["today"]);
    p.expect("1/6").unwrap();
    p.send(ENTER).unwrap();
    p.expect("This one needs an answer.").unwrap();
    p.send("Now I answer\r").unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    assert_eq!(drafts(&env)[0]["answers"][0]["text"], "Now I answer");
}

#[test]
fn an_editor_prompt_opens_the_editor_and_keeps_what_was_written() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/long.toml",
        "[pack]\nid = \"long\"\ntitle = \"Long form\"\n[[prompt]]\nid = \"letter\"\nkind = \"editor\"\nquestion = \"Write to yourself\"\n",
    );
    let editor = env.write("editor.sh", "#!/bin/sh\nprintf 'Dear me,\\nkeep going.\\n' > \"$1\"\n");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut cmd = env.std_cmd(&["today", "--pack", "long"]);
    cmd.env("EDITOR", &editor);
    let mut p = Session::spawn(sized(cmd)).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(15)));
    p.expect("Write to yourself").unwrap();
    p.expect("2 lines written").unwrap();
    p.expect("Saved Long form").unwrap();
    assert_eq!(exit_code(p), 0);
    assert_eq!(env.records()[0]["answers"][0]["text"], "Dear me,\nkeep going.");
}

#[test]
fn a_damaged_draft_is_set_aside_not_overwritten() {
    let env = Env::new();
    let draft = env.write(
        "home/.local/share/coachlog/journal/drafts/2026-11-27-daily.json",
        "{\"pack\": \"daily\", \"answ",
    );
    let mut p = spawn(&env, &["today"]);
    p.expect("cannot read this draft").unwrap();
    p.expect("moved the unreadable draft to").unwrap();
    p.expect("1/6").unwrap();
    p.send("New words\r").unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    let aside = draft.with_extension("json.unreadable-20261127T210000");
    assert_eq!(fs::read_to_string(aside).unwrap(), "{\"pack\": \"daily\", \"answ");
    assert_eq!(drafts(&env).len(), 1);
}

#[test]
fn a_session_opens_with_the_follow_up_of_yesterdays_commitment() {
    let env = Env::new();
    let answers = env.write(
        "a.toml",
        "[answers]\nheadline = \"Thu\"\ntomorrow = \"Ask Sam what he needs to own deploys\"\n",
    );
    env.cmd()
        .env("COACHLOG_NOW", "2026-11-26T20:00:00+01:00")
        .args(["today", "--answers"])
        .arg(&answers)
        .assert()
        .success();

    let mut p = spawn(&env, &["today"]);
    p.expect("First, one commitment to follow up:").unwrap();
    p.expect("On Thursday 26 November you said:").unwrap();
    p.expect("Ask Sam what he needs to own deploys").unwrap();
    p.expect("Dropped: it no longer matters").unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("Partly, and that is enough: close it").unwrap();
    p.expect("1/6").unwrap();
    p.send("Friday's headline\r").unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("your 2 answers are kept").unwrap();
    assert_eq!(exit_code(p), 130);
    let d = drafts(&env);
    assert_eq!(d[0]["answers"][0]["kind"], "follow-up");
    assert_eq!(d[0]["answers"][0]["status"], "partly");

    // Resumed, the follow-up is not asked again.
    let mut p = spawn(&env, &["today"]);
    p.expect("unfinished Daily check-in").unwrap();
    p.send(ENTER).unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
}

#[test]
fn a_theme_left_alone_for_two_weeks_is_named_before_the_questions() {
    let env = Env::new();
    env.cmd()
        .env("COACHLOG_NOW", "2026-11-01T20:00:00+01:00")
        .args(["add", "Trusted the team with the launch; delegated the comms; told the story of the quarter"])
        .assert()
        .success();
    env.cmd().args(["add", "--date", "yesterday", "I trust Ana more each week"]).assert().success();
    let mut p = spawn(&env, &["today"]);
    p.expect("Not reflected on for 14+ days:").unwrap();
    p.expect("delegation (26 days)").unwrap();
    p.expect("1/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
}

/// Answers question `n` (1-based) of the EVERY_KIND pack the way a person would.
fn answer_kind(p: &mut Pty, n: usize) {
    match n {
        1 => p.send("Sam owns the release review\r").unwrap(),
        2 | 3 => {
            p.send(DOWN).unwrap();
            p.send(ENTER).unwrap();
        }
        4 => p.send("Maria, Tom\r").unwrap(),
        5 => p.send("y").unwrap(),
        6 => {
            p.send(" ").unwrap();
            p.send(ENTER).unwrap();
        }
        _ => p.send("Ask Ana about hiring\r").unwrap(),
    }
}

#[test]
fn ctrl_c_at_each_question_keeps_exactly_the_answers_given() {
    for stop_at in 1..=7 {
        let env = Env::new();
        env.write("home/.config/coachlog/prompts/kinds.toml", EVERY_KIND);
        let mut p = spawn(&env, &["today", "--pack", "kinds"]);
        for n in 1..stop_at {
            p.expect(format!("{n}/7").as_str()).unwrap();
            answer_kind(&mut p, n);
        }
        p.expect(format!("{stop_at}/7").as_str()).unwrap();
        p.send(ControlCode::EndOfText).unwrap();
        p.expect("\x1b[?25h").unwrap();
        p.expect("stopped:").unwrap();
        assert_eq!(exit_code(p), 130, "Ctrl-C at question {stop_at}");
        let d = drafts(&env);
        let given = stop_at - 1;
        if given == 0 {
            assert!(d.is_empty(), "nothing to keep before the first answer");
        } else {
            let answers = d[0]["answers"].as_array().unwrap();
            assert_eq!(answers.len(), given, "at question {stop_at}: {answers:?}");
            assert_eq!(answers[0]["text"], "Sam owns the release review");
        }
        assert!(env.records().is_empty());
    }
}

#[test]
fn a_failed_save_at_the_end_of_a_session_keeps_the_draft() {
    let env = Env::new();
    env.write("home/.config/coachlog/prompts/kinds.toml", EVERY_KIND);
    // Something in the way of the month folder: the entry cannot be written.
    env.write("home/.local/share/coachlog/journal/2026", "in the way");
    let mut p = spawn(&env, &["today", "--pack", "kinds"]);
    for n in 1..=7 {
        p.expect(format!("{n}/7").as_str()).unwrap();
        answer_kind(&mut p, n);
    }
    p.expect("could not save the entry to").unwrap();
    assert_eq!(exit_code(p), 1);
    let d = drafts(&env);
    assert_eq!(d[0]["answers"].as_array().unwrap().len(), 7, "every answer is still in the draft");

    // Once the way is clear, the pack's next session offers the draft and saves it; the
    // daily check-in says where it is.
    fs::remove_file(env.journal().join("2026")).unwrap();
    let mut p = spawn(&env, &["today"]);
    p.expect(
        "Your Every kind from Friday 27 November is unfinished; `coachlog today --pack kinds` picks it up.",
    )
    .unwrap();
    p.expect("1/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    let mut p = spawn(&env, &["today", "--pack", "kinds"]);
    p.expect("unfinished Every kind").unwrap();
    p.send(ENTER).unwrap();
    p.expect("Saved Every kind").unwrap();
    assert_eq!(exit_code(p), 0);
    assert_eq!(env.records()[0]["answers"].as_array().unwrap().len(), 7);
}

#[test]
fn config_pick_sets_how_many_rotating_prompts_a_session_asks() {
    let env = Env::new();
    env.write("home/.config/coachlog/config.toml", "pick = 1\n");
    let mut p = spawn(&env, &["today"]);
    p.expect("Daily check-in").unwrap();
    p.expect("3 questions").unwrap();
    p.expect("1/3").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
}

#[test]
fn hostile_commitments_questions_and_options_are_shown_not_obeyed_in_a_session() {
    let env = Env::new();
    fs::create_dir_all(env.config_dir().join("prompts")).unwrap();
    fs::write(
        env.config_dir().join("prompts/hostile.toml"),
        r#"
[pack]
id = "hostile"
title = "Hostile \u001b]0;title\u0007 pack"

[[prompt]]
id = "note"
kind = "text"
question = "What \u001b]0;question\u0007 happened?"
help = "Help \u001b]52;c;aGFja2Vk\u0007 \u202e here"

[[prompt]]
id = "pick"
kind = "choice"
options = ["yes \u001b]0;option\u0007", "no"]
question = "Pick one"
"#,
    )
    .unwrap();
    let answers =
        env.write("a.toml", "[answers]\nheadline = \"Thu\"\ntomorrow = \"Ask \\u001b]0;pwned\\u0007 Sam\"\n");
    env.cmd()
        .env("COACHLOG_NOW", "2026-11-26T20:00:00+01:00")
        .args(["today", "--answers"])
        .arg(&answers)
        .assert()
        .success();

    let mut seen: Vec<u8> = Vec::new();
    let mut p = spawn(&env, &["today", "--pack", "hostile"]);
    for (wait, send) in [
        ("Ask ^[]0;pwned^G Sam", None),
        ("Dropped: it no longer matters", Some(ENTER)),
        ("What ^[]0;question^G happened?", None),
        ("Help ^[]52;c;aGFja2Vk^G <U+202E> here", Some("fine\r")),
        ("yes ^[]0;option^G", Some(ENTER)),
    ] {
        let found = p.expect(wait).unwrap_or_else(|e| panic!("{wait}: {e}"));
        seen.extend_from_slice(found.before());
        seen.extend_from_slice(found.as_bytes());
        if let Some(keys) = send {
            p.send(keys).unwrap();
        }
    }
    assert_eq!(exit_code(p), 0);
    let text = String::from_utf8_lossy(&seen);
    assert!(!text.contains("\u{1b}]"), "an OSC sequence reached the terminal: {text:?}");
    assert!(!text.contains('\u{7}') && !text.contains('\u{202e}'), "{text:?}");
    let saved = env.records();
    assert_eq!(
        saved.last().unwrap()["answers"][2]["choice"],
        "yes \u{1b}]0;option\u{7}",
        "the answer keeps the exact text"
    );
}

#[test]
fn a_drafts_folder_that_is_a_link_stops_the_session_before_the_first_question() {
    let env = Env::new();
    env.cmd().args(["add", "first"]).assert().success();
    let elsewhere = env.dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, env.journal().join("drafts")).unwrap();
    let mut p = spawn(&env, &["today"]);
    p.expect("symbolic link").unwrap();
    assert_eq!(exit_code(p), 1);
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing was written through the link");
}

#[test]
fn a_draft_of_one_pack_does_not_stand_in_the_way_of_another() {
    let env = Env::new();
    let mut p = spawn(&env, &["today"]);
    p.expect("1/6").unwrap();
    p.send("Daily words\r").unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);

    // `reflect trust` runs the trust pack at once: no offer of the daily draft.
    let mut p = spawn(&env, &["reflect", "trust"]);
    let found = p.expect("1/").unwrap();
    let before = String::from_utf8_lossy(found.before()).into_owned();
    assert!(!before.contains("Resume where I left off"), "{before}");
    assert!(before.contains("--pack daily`") && before.contains("picks it"), "{before}");
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    let d = drafts(&env);
    assert_eq!(d.len(), 1, "the daily draft is untouched: {d:?}");
    assert_eq!(d[0]["answers"][0]["text"], "Daily words");

    // The daily check-in still offers it.
    let mut p = spawn(&env, &["today"]);
    p.expect("unfinished Daily check-in").unwrap();
    p.send(ENTER).unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
}

#[test]
fn the_multi_select_shows_where_the_cursor_is_without_colour() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/chores.toml",
        "[pack]\nid = \"chores\"\ntitle = \"Chores\"\n\n[[prompt]]\nid = \"chores\"\ntheme = \"management\"\nkind = \"multi\"\noptions = [\"Reviews\", \"Hiring\", \"Approvals\"]\nquestion = \"Which chores ate the week?\"\n",
    );
    let mut p = spawn_plain(&env, &["today", "--pack", "chores"]);
    p.expect("❯ ⬚ Reviews").unwrap();
    p.send(DOWN).unwrap();
    p.expect("❯ ⬚ Hiring").unwrap();
    p.send(" ").unwrap();
    p.expect("❯ ✔ Hiring").unwrap();
    p.send(ENTER).unwrap();
    p.expect("Saved Chores").unwrap();
    assert_eq!(exit_code(p), 0);
    assert_eq!(env.records()[0]["answers"][0]["items"], serde_json::json!(["Hiring"]));
}

/// Runs `coachlog ARGS` in a detached tmux session of `width` columns and returns a function
/// that captures the screen, or `None` (saying so) where tmux is missing.
fn tmux(env: &Env, name: &str, width: u16, args: &str) -> Option<impl Fn() -> String> {
    if std::process::Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: screen test skipped");
        return None;
    }
    let vars: Vec<String> = env.vars().into_iter().map(|(k, v)| format!("{k}='{v}'")).collect();
    let bin = env!("CARGO_BIN_EXE_coachlog");
    let socket = env.dir.path().join("tmux.sock");
    // `env -i`: the tmux server may have been started with anyone's environment.
    let path = std::env::var("PATH").unwrap_or_default();
    let line = format!("env -i PATH='{path}' {} {bin} {args}; sleep 60", vars.join(" "));
    let status = std::process::Command::new("tmux")
        .arg("-S")
        .arg(&socket)
        .args(["new-session", "-d", "-s", name, "-x", &width.to_string(), "-y", "40", &line])
        .status()
        .unwrap();
    assert!(status.success());
    let (socket, name) = (socket.clone(), name.to_string());
    Some(move || {
        let out = std::process::Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["capture-pane", "-p", "-t", &name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    })
}

fn tmux_keys(env: &Env, name: &str, keys: &[&str]) {
    let socket = env.dir.path().join("tmux.sock");
    let status = std::process::Command::new("tmux")
        .arg("-S")
        .arg(&socket)
        .args(["send-keys", "-t", name])
        .args(keys)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits until the screen shows `what`, or panics with the screen.
fn wait_for(screen: &impl Fn() -> String, what: &str) -> String {
    for _ in 0..100 {
        let now = screen();
        if now.contains(what) {
            return now;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the screen never showed {what:?}:\n{}", screen());
}

#[test]
fn a_long_answer_that_wraps_leaves_no_stale_line_at_80_columns() {
    let env = Env::new();
    let Some(screen) = tmux(&env, "wrap", 80, "today") else { return };
    wait_for(&screen, "1/6");
    let long = "Spent the morning untangling the release plan with Priya and the afternoon letting Sam run";
    tmux_keys(&env, "wrap", &[long, "Enter"]);
    let shown = wait_for(&screen, "2/6");
    let _ = std::process::Command::new("tmux")
        .arg("-S")
        .arg(env.dir.path().join("tmux.sock"))
        .arg("kill-server")
        .status();
    assert_eq!(shown.matches("Spent the morning").count(), 1, "one copy of the answer:\n{shown}");
    assert!(shown.contains("✓ Spent the morning"), "{shown}");
    // The echo itself wraps at a word boundary, under the answer's first word.
    assert!(shown.lines().any(|l| l.starts_with("  ") && l.trim_end().ends_with("Sam run")), "{shown}");
}

#[test]
fn questions_and_help_wrap_at_word_boundaries_at_80_columns() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/long.toml",
        "[pack]\nid = \"long\"\ntitle = \"A pack with a rather long title for a narrow terminal\"\n\n[[prompt]]\nid = \"q\"\ntheme = \"delegation\"\nkind = \"text\"\noptional = true\nquestion = \"Think about the piece of work you handed over this week that mattered most to the team, and say who owns it\"\nhelp = \"Owning means deciding how it gets done, not only doing the steps someone else chose for them\"\n",
    );
    let Some(screen) = tmux(&env, "narrow", 80, "today --pack long") else { return };
    let shown = wait_for(&screen, "Enter skips it.");
    let _ = std::process::Command::new("tmux")
        .arg("-S")
        .arg(env.dir.path().join("tmux.sock"))
        .arg("kill-server")
        .status();
    assert!(shown.contains("Ctrl-C keeps a draft"), "the header is not cut mid-word:\n{shown}");
    let lines: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
    let start = lines.iter().position(|l| l.starts_with("1/1  Think about")).expect(&shown);
    // The question and help continue under the question's first word, and no word is cut:
    // joined with single spaces, the lines give back the text.
    for line in &lines[start + 1..start + 4] {
        assert!(line.starts_with("     ") && !line.starts_with("      "), "indent:\n{shown}");
    }
    let joined =
        |from: usize, to: usize| lines[from..to].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert_eq!(
        joined(start, start + 2),
        "1/1  Think about the piece of work you handed over this week that mattered most to the team, and say who owns it",
        "{shown}"
    );
    assert_eq!(
        joined(start + 2, start + 4),
        "Owning means deciding how it gets done, not only doing the steps someone else chose for them. Optional: Enter skips it.",
        "{shown}"
    );
    assert!(shown.contains("Optional: Enter skips it."), "{shown}");
    for line in shown.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
}

#[test]
fn a_back_dated_session_says_which_day_it_is_about() {
    let env = Env::new();
    let mut p = spawn(&env, &["today", "--date", "yesterday"]);
    p.expect("This check-in is about Thursday 26 November 2026: where a question says today, read that day.")
        .unwrap();
    p.expect("1/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    let mut p = spawn(&env, &["today"]);
    let found = p.expect("1/6").unwrap();
    assert!(!String::from_utf8_lossy(found.before()).contains("This check-in is about"));
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
}

#[test]
fn a_second_check_in_the_same_day_asks_what_to_do() {
    let env = Env::new();
    let answers = env.write("a.toml", crate::util::DAILY_ANSWERS);
    env.cmd().arg("today").arg("--answers").arg(&answers).assert().success();
    // Stop: nothing new.
    let mut p = spawn(&env, &["today"]);
    p.expect("You already wrote the Daily check-in for Friday 27 November (at 21:00).").unwrap();
    p.send(DOWN).unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("Nothing new was written.").unwrap();
    assert_eq!(exit_code(p), 0);
    assert_eq!(env.records().len(), 1);
    // Edit: the entry opens in the editor and becomes a new revision.
    let script = env
        .write("ed.sh", "#!/bin/sh\nsed -i 's/pairing on call./pairing on call, starting Monday./' \"$1\"\n");
    fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut cmd = env.std_cmd(&["today"]);
    cmd.env("EDITOR", &script);
    let mut p = Session::spawn(sized(cmd)).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(15)));
    p.expect("Add to it or change it in your editor").unwrap();
    p.send(ENTER).unwrap();
    p.expect("Saved a new revision").unwrap();
    assert_eq!(exit_code(p), 0);
    let records = env.records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["rev"], 2);
    // New: another check-in starts.
    let mut p = spawn(&env, &["today"]);
    p.expect("You already wrote").unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("1/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
}

#[test]
fn a_yes_or_no_answer_is_echoed_like_the_others() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/brave.toml",
        "[pack]\nid = \"brave\"\ntitle = \"Brave\"\n\n[[prompt]]\nid = \"brave\"\ntheme = \"courage\"\nkind = \"confirm\"\nquestion = \"Did you do the scary thing?\"\n",
    );
    let mut p = spawn_plain(&env, &["today", "--pack", "brave"]);
    p.expect("yes or no").unwrap();
    p.send("n").unwrap();
    let found = p.expect("Saved Brave").unwrap();
    let shown = String::from_utf8_lossy(found.before()).into_owned();
    assert!(shown.contains("✓ no"), "{shown:?}");
    assert!(!shown.contains("yes or no ✓"), "{shown:?}");
    assert_eq!(exit_code(p), 0);
}

#[test]
fn partly_done_can_keep_a_commitment_open() {
    let env = Env::new();
    let answers =
        env.write("a.toml", "[answers]\nheadline = \"Thu\"\ntomorrow = \"Ask Sam what he needs\"\n");
    env.cmd()
        .env("COACHLOG_NOW", "2026-11-26T20:00:00+01:00")
        .args(["today", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let mut p = spawn(&env, &["today"]);
    p.expect("Partly, keep going: ask me again next time").unwrap();
    p.expect("Dropped: it no longer matters").unwrap();
    p.send(DOWN).unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap();
    p.expect("1/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    assert_eq!(drafts(&env)[0]["answers"][0]["status"], "open", "kept open, asked again next time");
}

#[test]
fn typing_a_number_picks_that_rating() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/rate.toml",
        "[pack]\nid = \"rate\"\ntitle = \"Rate\"\n\n[[prompt]]\nid = \"trust\"\ntheme = \"trust\"\nkind = \"rating\"\nlow = \"I checked everything\"\nhigh = \"I stepped away\"\nquestion = \"How much did you trust them?\"\n\n[[prompt]]\nid = \"wide\"\ntheme = \"trust\"\nkind = \"rating\"\nmin = 0\nmax = 10\nquestion = \"And on a wider scale?\"\n",
    );
    let mut p = spawn(&env, &["today", "--pack", "rate"]);
    p.expect("5  I stepped away").unwrap();
    p.send("2").unwrap();
    p.expect("2/2").unwrap();
    // On 0–10, "1" could be the start of 10: it moves there, and Enter (or 0) settles it.
    p.expect("10").unwrap();
    p.send("1").unwrap();
    p.send("0").unwrap();
    p.expect("Saved Rate").unwrap();
    assert_eq!(exit_code(p), 0);
    let answers = env.records()[0]["answers"].clone();
    assert_eq!(answers[0]["rating"], 2);
    assert_eq!(answers[1]["rating"], 10);
}

#[test]
fn a_typed_answer_can_be_edited_with_the_usual_keys() {
    let env = Env::new();
    let mut p = spawn(&env, &["today"]);
    p.expect("1/6").unwrap();
    p.send("world").unwrap();
    p.send("\x1b[H").unwrap(); // Home
    p.send("Hello ").unwrap();
    p.send("\x05").unwrap(); // Ctrl-E
    p.send(" and some extra").unwrap();
    p.send("\x17").unwrap(); // Ctrl-W: "extra"
    p.send("\x17").unwrap(); // Ctrl-W: "some "
    p.send("\x7f\x7f\x7f\x7f\x7f").unwrap(); // Backspace ×5: " and "
    p.send("\r").unwrap();
    p.expect("2/6").unwrap();
    p.send("gone\x15kept\r").unwrap(); // Ctrl-U cuts "gone"
    p.expect("3/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
    let d = drafts(&env);
    let answers = d[0]["answers"].as_array().unwrap();
    assert_eq!(answers[0]["text"], "Hello world");
    assert_eq!(answers[1]["text"], "kept");
}

#[test]
fn ctrl_c_says_a_half_typed_answer_is_not_kept_and_reminders_go_once_answered() {
    let env = Env::new();
    let mut p = spawn(&env, &["today"]);
    p.expect("1/6").unwrap();
    p.send("half an ans").unwrap();
    p.expect("half an ans").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("was not finished, so it is not in the draft").unwrap();
    assert_eq!(exit_code(p), 130);

    let Some(screen) = tmux(&env, "errs", 100, "today") else { return };
    wait_for(&screen, "1/6");
    tmux_keys(&env, "errs", &["Enter"]);
    wait_for(&screen, "This one needs an answer.");
    tmux_keys(&env, "errs", &["Enter"]);
    tmux_keys(&env, "errs", &["Busy day", "Enter"]);
    let shown = wait_for(&screen, "2/6");
    let _ = std::process::Command::new("tmux")
        .arg("-S")
        .arg(env.dir.path().join("tmux.sock"))
        .arg("kill-server")
        .status();
    assert!(!shown.contains("This one needs an answer."), "the reminders are cleared:\n{shown}");
    assert!(shown.contains("✓ Busy day"), "{shown}");
}

#[test]
fn a_session_opens_with_something_written_weeks_ago_and_keeps_the_reply() {
    let env = Env::new();
    env.write("home/.config/coachlog/config.toml", "resurface = 1\n");
    env.write(
        "home/.config/coachlog/prompts/focus.toml",
        "[pack]\nid = \"focus\"\ntitle = \"Focus\"\n\n[[prompt]]\nid = \"held\"\ntheme = \"delegation\"\nkind = \"text\"\nquestion = \"What did you hold on to?\"\n",
    );
    // Four weeks ago, with an escape sequence in it: shown, not obeyed.
    let old = serde_json::json!({
        "v": 1, "id": "01JB0000000000000000000000", "rev": 1, "at": "2026-10-30T20:00:00+01:00",
        "date": "2026-10-30", "pack": "focus",
        "answers": [{"prompt": "held", "theme": "delegation", "kind": "text", "question": "Q?",
                     "text": "I can't let go of the \u{1b}[31mdeploys.\nSam waits for me."}]
    });
    env.write("home/.local/share/coachlog/journal/2026/2026-10.jsonl", &format!("{old}\n"));
    let mut p = spawn_plain(&env, &["today", "--pack", "focus"]);
    p.expect("• On Fri 30 Oct you wrote: \"I can't let go of the ^[[31mdeploys.\" Still true?").unwrap();
    p.expect("A word or two on it now, or Enter to skip.").unwrap();
    p.send("Less: Sam ran two alone\r").unwrap();
    p.expect("1/1").unwrap();
    p.expect("What did you hold on to?").unwrap();
    p.send("The hiring loop\r").unwrap();
    p.expect("Saved Focus").unwrap();
    assert_eq!(exit_code(p), 0);

    let records = env.records();
    let new = records.iter().find(|r| r["date"] == "2026-11-27").unwrap();
    let look = &new["answers"][0];
    assert_eq!(look["prompt"], "look-back");
    assert_eq!(look["text"], "Less: Sam ran two alone");
    assert_eq!(look["about"], "01JB0000000000000000000000");
    assert_eq!(
        look["question"], "On Fri 30 Oct you wrote: \"I can't let go of the \u{1b}[31mdeploys.\" Still true?",
        "the record keeps the exact words"
    );
    assert_eq!(new["answers"][1]["text"], "The hiring loop");
}

/// `coachlog` in a terminal with the clock at `now`, without colour.
fn spawn_at(env: &Env, now: &str, args: &[&str]) -> Pty {
    let mut cmd = env.std_cmd(args);
    cmd.env("NO_COLOR", "1").env("COACHLOG_NOW", now);
    let mut p = Session::spawn(sized(cmd)).expect("spawn in a pty");
    p.get_process_mut().set_window_size(100, 40).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(15)));
    p
}

fn answers_at(env: &Env, now: &str, args: &[&str], answers: &str) {
    let file = env.write("answers.toml", answers);
    let out = env.cmd().env("COACHLOG_NOW", now).args(args).arg("--answers").arg(file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Before a one-on-one, the name typed brings back what is still open with them (less what
/// the session's follow-ups just settled) and what their last one-on-one said; then only the
/// "before" half is asked, counted from the start.
#[test]
fn a_one_on_one_in_a_terminal_shows_what_is_open_with_the_person_named() {
    let env = Env::new();
    answers_at(
        &env,
        "2026-11-17T17:00:00+01:00",
        &["reflect", "one-on-one"],
        "[answers]\nmoment = \"After it\"\nwith = [\"Maria\"]\nwant-to-change = \"She wants to run the Thursday meeting.\"\nowe-them = \"Send her the budget figures\"\n",
    );
    answers_at(
        &env,
        "2026-11-20T20:00:00+01:00",
        &["today"],
        "[answers]\nheadline = \"Planning.\"\ntomorrow = \"Write the on-call plan with Maria\"\n",
    );

    let mut p = spawn_at(&env, "2026-11-27T09:00:00+01:00", &["reflect", "one-on-one"]);
    p.expect("One-on-one  6 questions").unwrap();
    p.expect("First, 2 commitments to follow up:").unwrap();
    p.expect("Send her the budget figures").unwrap();
    p.send(ENTER).unwrap(); // Done
    p.expect("Write the on-call plan with Maria").unwrap();
    p.expect("Dropped: it no longer matters").unwrap();
    p.send(format!("{DOWN}{DOWN}{DOWN}")).unwrap();
    p.send(ENTER).unwrap(); // Not yet
    p.expect("1/6").unwrap();
    p.expect("Is this before your one-on-one, or after it?").unwrap();
    p.send(ENTER).unwrap(); // Before it
    p.expect("2/6").unwrap();
    p.expect("Who is the one-on-one with?").unwrap();
    p.send("Maria\r").unwrap();
    p.expect("• Still open with Maria, since Fri 20 Nov: Write the on-call plan with Maria").unwrap();
    p.expect("• Your last one-on-one with Maria, Tue 17 Nov:").unwrap();
    let recalled = p.expect("3/6").unwrap();
    // Words only: a narrower terminal than asked for wraps the long line.
    let recalled =
        String::from_utf8_lossy(recalled.before()).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(recalled.contains("She wants to run the Thursday meeting."), "{recalled}");
    assert!(!recalled.contains("since Tue 17 Nov"), "just followed up as done: {recalled}");
    p.expect("What do they want to talk about?").unwrap();
    p.send("Her Thursday meeting\r").unwrap();
    p.expect("4/6").unwrap();
    p.send("How she would run it\r").unwrap();
    p.expect("5/6").unwrap();
    p.expect("What did you promise them last time").unwrap();
    p.send(ENTER).unwrap(); // optional: skipped
    p.expect("6/6").unwrap();
    // A choice, not a rating (it is no score of anything): Enter takes the first.
    p.expect("They will do most of it").unwrap();
    p.send(ENTER).unwrap();
    p.expect("Saved One-on-one for Fri 27 Nov 2026").unwrap();
    assert_eq!(exit_code(p), 0);

    let records = env.records();
    let new = records.last().unwrap();
    let prompts: Vec<&str> =
        new["answers"].as_array().unwrap().iter().map(|a| a["prompt"].as_str().unwrap_or("")).collect();
    assert_eq!(prompts, ["", "", "moment", "with", "their-agenda", "ask-not-tell", "expect-share"]);
    assert_eq!(new["answers"][0]["status"], "done");
    assert_eq!(new["answers"][1]["status"], "open");
    assert_eq!(new["answers"][2]["choice"], "Before it");
    assert_eq!(new["answers"][6]["choice"], "I will do most of the talking");
}

/// Stopped after the name, a one-on-one resumes with what the name brought back, then the
/// half it was in; the "after" half's commitment says the day it comes back.
#[test]
fn a_resumed_one_on_one_recalls_again_and_a_dated_promise_says_its_day() {
    let env = Env::new();
    let mut p = spawn_at(&env, crate::util::NOW, &["reflect", "one-on-one"]);
    p.expect("1/6").unwrap();
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap(); // After it
    p.expect("2/6").unwrap();
    p.send("Tom\r").unwrap();
    p.expect("• Nothing is open with Tom, and no earlier one-on-one names them.").unwrap();
    p.expect("3/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("your 2 answers are kept").unwrap();
    assert_eq!(exit_code(p), 130);

    let mut p = spawn_at(&env, crate::util::NOW, &["reflect", "one-on-one"]);
    p.expect("unfinished One-on-one from Friday 27 November (2 answers saved, 4 to go)").unwrap();
    p.send(ENTER).unwrap();
    p.expect("• Nothing is open with Tom, and no earlier one-on-one names them.").unwrap();
    p.expect("3/6").unwrap();
    p.expect("What do they want to change? Put it in their words.").unwrap();
    p.send("Fewer handovers at night\r").unwrap();
    p.expect("4/6").unwrap();
    p.send(ENTER).unwrap(); // They did
    p.expect("5/6").unwrap();
    p.send("5").unwrap();
    p.expect("6/6").unwrap();
    p.expect("What do you owe them now?").unwrap();
    p.send("tuesday: the night rota draft\r").unwrap();
    p.expect("• This comes back as a commitment on Tuesday 1 December 2026.").unwrap();
    p.expect("Saved One-on-one").unwrap();
    assert_eq!(exit_code(p), 0);
    let r = env.records();
    let owe = r[0]["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == "owe-them").unwrap().clone();
    assert_eq!(owe["due"], "2026-12-01");
    assert!(drafts(&env).is_empty());
}

/// A decision's review comes back, in a terminal, on the day it named and not before.
#[test]
fn a_decision_review_is_followed_up_on_its_day_in_a_terminal() {
    let env = Env::new();
    answers_at(
        &env,
        "2026-11-27T16:00:00+01:00",
        &["reflect", "decision"],
        "[answers]\nwhat = \"Sam's team owns the on-call rota.\"\nreview = \"2026-12-11: are shift swaps still coming to me?\"\n",
    );
    let mut p = spawn_at(&env, "2026-12-10T20:00:00+01:00", &["today"]);
    let before = p.expect("1/6").unwrap();
    assert!(
        !String::from_utf8_lossy(before.before()).contains("shift swaps"),
        "not yet: {}",
        String::from_utf8_lossy(before.before())
    );
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);

    let mut p = spawn_at(&env, "2026-12-11T20:00:00+01:00", &["today"]);
    p.expect("First, one commitment to follow up:").unwrap();
    p.expect("On Friday 27 November you said:").unwrap();
    p.expect("are shift swaps still coming to me?").unwrap();
    p.send(ENTER).unwrap();
    p.expect("1/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("your answer is kept").unwrap();
    assert_eq!(exit_code(p), 130);
    assert_eq!(drafts(&env)[0]["answers"][0]["status"], "done");
}

#[test]
fn an_encrypted_journal_keeps_its_draft_sealed_and_resumes_it() {
    let env = Env::new();
    env.cmd().args(["add", "a first note"]).assert().success();
    env.cmd().arg("encrypt").assert().success();
    let mut p = spawn(&env, &["today"]);
    p.expect("1/6").unwrap();
    p.send("Marmalade was the word of the day\r").unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    // The hint names the pack, which the draft's file name no longer says.
    p.expect("your answer is kept in the draft").unwrap();
    p.expect("coachlog today").unwrap();
    assert_eq!(exit_code(p), 130);

    let files: Vec<_> =
        fs::read_dir(env.journal().join("drafts")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(!name.contains("daily"), "the pack is not named: {name}");
    let bytes = fs::read_to_string(&files[0]).unwrap();
    assert!(!bytes.contains("Marmalade") && bytes.contains("\"sealed\""), "{bytes}");

    let mut p = spawn(&env, &["today"]);
    p.expect("unfinished Daily check-in from Friday 27 November (1 answer saved, 5 to go)").unwrap();
    p.send(ENTER).unwrap();
    p.expect("2/6").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_eq!(exit_code(p), 130);
}

/// Types `keys` at a passphrase prompt until `then` shows. The prompt turns echo off with
/// TCSAFLUSH, which drops keys that arrive before it: a person types after seeing the prompt,
/// but a test can be faster than the program, so it types again if nothing came of it.
fn type_secret(p: &mut Pty, keys: &str, then: &str) {
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(200));
        p.send(keys).unwrap();
        p.set_expect_timeout(Some(Duration::from_secs(6)));
        if p.expect(then).is_ok() {
            return;
        }
    }
    panic!("`{then}` never showed");
}

#[test]
fn a_passphrase_is_asked_once_on_the_terminal_and_a_wrong_one_writes_nothing() {
    let env = Env::new();
    env.cmd().args(["add", "Kept behind a passphrase"]).assert().success();
    env.cmd()
        .env("COACHLOG_PASSPHRASE_COMMAND", "printf 'river stone'")
        .args(["encrypt", "--passphrase"])
        .assert()
        .success();
    let mut p = spawn_plain(&env, &["list"]);
    p.expect("Passphrase of the journal").unwrap();
    type_secret(&mut p, "river stone\r", "Kept behind a passphrase");
    assert_eq!(exit_code(p), 0);

    let month = crate::util::jsonl_files(&env.journal()).remove(0);
    let before = fs::read(&month).unwrap();
    let mut p = spawn_plain(&env, &["add", "never written"]);
    p.expect("Passphrase of the journal").unwrap();
    type_secret(&mut p, "river rock\r", "does not open");
    assert_eq!(exit_code(p), 1);
    assert_eq!(fs::read(&month).unwrap(), before);

    // Ctrl-C at the prompt: exit 130, and the terminal echoes again.
    let mut p = spawn_plain(&env, &["list"]);
    p.expect("Passphrase of the journal").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("nothing was read or written").unwrap();
    assert_eq!(exit_code(p), 130);
}
