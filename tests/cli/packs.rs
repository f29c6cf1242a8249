//! The built-in packs (issue 16): every one listed, valid, completed and answerable from a
//! file; the one-on-one's two halves and what a name brings back from the journal; decisions
//! that come back as commitments on their review day; the new theme "becoming less needed";
//! and old entries whose yes/no questions were reworded, which read, show and count as before.

use coachlog::core::builtin::{PACKS, label};
use coachlog::core::pack::{Kind, PromptPack, parse_pack};

use crate::util::{Env, ok, stderr, stdout};

/// Every built-in pack, as the binary carries it.
fn built_in() -> Vec<PromptPack> {
    let themes = coachlog::library::builtin_themes();
    PACKS.iter().map(|(name, text)| parse_pack(&label(name), text, &themes).unwrap()).collect()
}

const EVERY_PACK: [&str; 16] = [
    "daily",
    "weekly",
    "quarterly",
    "delegation",
    "trust",
    "roving-leaders",
    "vision",
    "contribution",
    "courage",
    "management",
    "one-on-one",
    "hard-conversation",
    "decision",
    "after-action",
    "feedback-on-me",
    "went-well",
];

fn at(env: &Env, now: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("COACHLOG_NOW", now);
    cmd
}

/// `reflect PACK --answers` with `answers`, at `now`: what it printed, once it succeeded.
fn reflect(env: &Env, now: &str, pack: &str, answers: &str) -> String {
    let file = env.write("answers.toml", answers);
    ok(at(env, now).args(["reflect", pack, "--answers"]).arg(file).output().unwrap())
}

#[test]
fn every_built_in_pack_is_listed_valid_completed_and_counted() {
    let env = Env::new();
    let packs: Vec<String> = built_in().into_iter().map(|p| p.id).collect();
    assert_eq!(packs, EVERY_PACK, "the built-in packs, in the order `prompts list` shows them");

    let list = ok(env.cmd().args(["prompts", "list"]).env("COLUMNS", "120").output().unwrap());
    let validate = ok(env.cmd().args(["prompts", "validate"]).output().unwrap());
    let bash = ok(env.cmd().args(["completions", "bash"]).output().unwrap());
    let zsh = ok(env.cmd().args(["completions", "zsh"]).output().unwrap());
    for id in EVERY_PACK {
        assert!(list.lines().any(|l| l.starts_with(&format!(" {id} "))), "{id} not listed: {list}");
        assert!(validate.contains(&format!("pack `{id}`")), "{id} not validated: {validate}");
        assert!(bash.contains(&format!(" {id} ")) || bash.contains(&format!(" {id}\"")), "{id} not in bash");
        assert!(zsh.contains(id), "{id} not in zsh");
    }
    // The one-on-one asks one half of its ten prompts, and says so.
    assert!(list.lines().any(|l| l.starts_with(" one-on-one ") && l.contains("10 (asks 6)")), "{list}");
    // `prompts show` says how the new keys behave.
    let show = ok(env.cmd().args(["prompts", "show", "one-on-one"]).output().unwrap());
    assert!(
        show.contains("Each session asks every prompt but those of the half its choice did not pick."),
        "{show}"
    );
    assert!(show.contains("with  [list, management, always, recalls]"), "{show}");
    assert!(show.contains("asked only when moment is “After it”"), "{show}");
    let show = ok(env.cmd().args(["prompts", "show", "decision"]).output().unwrap());
    assert!(
        show.contains(
            "comes back on the day the answer begins with (`friday: …`, `in 3 weeks: …`), else 28 days later"
        ),
        "{show}"
    );
    // The new theme completes too, for `reflect` and `--theme`.
    assert!(bash.contains("less-needed"), "the theme is offered");

    env.cmd().args(["add", "fine"]).assert().success();
    let doctor = ok(env.cmd().arg("doctor").output().unwrap());
    assert!(doctor.contains("the config and 16 prompt packs are valid"), "{doctor}");
}

/// An answer of the right kind for `prompt`, as TOML.
fn value(p: &coachlog::core::pack::Prompt) -> String {
    match p.kind {
        Kind::Text | Kind::Editor => format!("\"Answer to {}, with Maria.\"", p.id),
        Kind::Commitment => format!("\"Promise of {}\"", p.id),
        Kind::Rating => p.max.to_string(),
        Kind::Choice => format!("{:?}", p.options[0]),
        Kind::Multi => format!("[{:?}]", p.options[0]),
        Kind::List => "[\"Maria\", \"Tom\"]".into(),
        Kind::Confirm => "true".into(),
    }
}

/// Every built-in pack runs from an answers file answering each prompt it would ask (of a
/// pack in two halves, the first half), and the entry on disk and `show` hold every answer
/// with its question and theme.
#[test]
fn every_built_in_pack_saves_an_entry_from_an_answers_file() {
    for pack in built_in() {
        let env = Env::new();
        let asked: Vec<&coachlog::core::pack::Prompt> = pack
            .prompts
            .iter()
            .filter(|p| {
                p.when
                    .as_ref()
                    .is_none_or(|w| pack.prompt(&w.prompt).is_some_and(|g| g.options[0] == w.option))
            })
            .collect();
        let answers: String = asked.iter().map(|p| format!("{} = {}\n", p.id, value(p))).collect();
        let said = reflect(&env, "2026-11-27T21:00:00+01:00", &pack.id, &format!("[answers]\n{answers}"));
        assert!(
            said.contains(&format!("Saved {} for Fri 27 Nov 2026 ({} answers)", pack.title, asked.len())),
            "{}: {said}",
            pack.id
        );
        let records = env.records();
        assert_eq!(records.len(), 1, "{}", pack.id);
        let r = &records[0];
        assert_eq!(r["pack"], pack.id.as_str());
        let on_disk: Vec<&str> =
            r["answers"].as_array().unwrap().iter().map(|a| a["prompt"].as_str().unwrap()).collect();
        let expected: Vec<&str> = asked.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(on_disk, expected, "{}", pack.id);
        for (a, p) in r["answers"].as_array().unwrap().iter().zip(&asked) {
            assert_eq!(a["question"], p.question.as_str(), "{}/{}", pack.id, p.id);
            assert_eq!(a["kind"], p.kind.as_str(), "{}/{}", pack.id, p.id);
            match &p.theme {
                Some(t) => assert_eq!(a["theme"], t.as_str(), "{}/{}", pack.id, p.id),
                None => assert!(a.get("theme").is_none(), "{}/{}", pack.id, p.id),
            }
        }
        let show = ok(env.cmd().args(["show", "today"]).output().unwrap());
        assert!(show.contains(&format!("· {} ·", pack.title)), "{}: {show}", pack.id);
        for p in &asked {
            assert!(show.contains(&p.question), "{}/{} question not shown: {show}", pack.id, p.id);
        }
        assert!(show.contains("Maria"), "{}: {show}", pack.id);
    }
}

#[test]
fn a_mistyped_pack_is_one_error_with_the_likeliest_one() {
    let env = Env::new();
    for args in [&["reflect", "one-on-on"][..], &["today", "--pack", "one-on-on"][..]] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "an error and a hint: {err}");
        assert!(lines[0].starts_with("error: "), "{err}");
        assert!(lines[1].starts_with("hint: did you mean `one-on-one`?"), "{err}");
        assert!(stdout(&out).is_empty());
    }
    assert!(env.records().is_empty());
}

/// Three weeks of a lead and Maria: an after-one-on-one entry (what she wants, what is owed),
/// a daily promise that names her, and one about Tom.
fn with_history(env: &Env) {
    reflect(
        env,
        "2026-11-17T17:00:00+01:00",
        "one-on-one",
        r#"[answers]
moment = "After it"
with = ["maria"]
want-to-change = "Fewer status meetings; she wants to run the Thursday one herself."
who-decided = "They did"
talk-share = 4
owe-them = "Send her the budget figures"
"#,
    );
    let daily = env.write(
        "daily.toml",
        "[answers]\nheadline = \"Planning.\"\ntomorrow = \"Write the on-call plan with Maria\"\n",
    );
    at(env, "2026-11-20T20:00:00+01:00").args(["today", "--answers"]).arg(&daily).assert().success();
    let tom =
        env.write("tom.toml", "[answers]\nheadline = \"Rota.\"\ntomorrow = \"Ask Tom about the rota\"\n");
    at(env, "2026-11-23T20:00:00+01:00").args(["today", "--answers"]).arg(&tom).assert().success();
}

#[test]
fn before_a_one_on_one_the_journal_says_what_is_open_with_the_person() {
    let env = Env::new();
    with_history(&env);
    let said = reflect(
        &env,
        "2026-11-27T09:00:00+01:00",
        "one-on-one",
        r#"[answers]
moment = "Before it"
with = ["Maria"]
their-agenda = "Her Thursday meeting."
ask-not-tell = "How she would run the Thursday meeting."
promised = "The budget figures: not sent yet."
expect-share = "They will do most of it"
"#,
    );
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "• Still open with Maria, since Tue 17 Nov: Send her the budget figures",
            "• Still open with Maria, since Fri 20 Nov: Write the on-call plan with Maria",
            "• Your last one-on-one with Maria, Tue 17 Nov:",
            "• What do they want to change? Put it in their words. “Fewer status meetings; she wants to run the Thursday one herself.”",
            "• Who decided the next step? They did",
        ],
        "{said}"
    );
    assert!(lines[5].starts_with("• How much of the talking did they do? 4/5"), "{said}");
    assert!(!said.contains("Tom"), "only what is Maria's: {said}");
    assert!(said.contains("Saved One-on-one for Fri 27 Nov 2026 (6 answers)"), "{said}");
    let r = &env.records().last().unwrap().clone();
    assert_eq!(r["answers"][1]["items"], serde_json::json!(["Maria"]));
    assert!(
        r["answers"].as_array().unwrap().iter().all(|a| a["prompt"] != "want-to-change"),
        "only the half asked for"
    );
    // Someone the journal has nothing about is said so, in one line.
    let said = reflect(
        &env,
        "2026-11-27T10:00:00+01:00",
        "one-on-one",
        "[answers]\nmoment = \"Before it\"\nwith = [\"Priya\"]\ntheir-agenda = \"Her career.\"\n",
    );
    assert!(
        said.starts_with("• Nothing is open with Priya, and no earlier one-on-one names them.\n"),
        "{said}"
    );
    // `-q` keeps stdout empty, as for every saved entry.
    let file =
        env.write("q.toml", "[answers]\nmoment = \"Before it\"\nwith = [\"Maria\"]\ntheir-agenda = \"x\"\n");
    let quiet = ok(at(&env, "2026-11-27T11:00:00+01:00")
        .args(["-q", "reflect", "one-on-one", "--answers"])
        .arg(file)
        .output()
        .unwrap());
    assert!(quiet.is_empty(), "{quiet}");
    // What the file's follow-ups settle is no longer said to be open; the last one-on-one
    // with her is now this morning's.
    let said = reflect(
        &env,
        "2026-11-27T12:00:00+01:00",
        "one-on-one",
        "[answers]\nmoment = \"After it\"\nwith = [\"Maria\"]\nwant-to-change = \"Her own Thursday.\"\n[follow-up]\n\"*\" = \"done\"\n",
    );
    assert!(!said.contains("Still open"), "{said}");
    assert!(said.starts_with("• Your last one-on-one with Maria, Fri 27 Nov:\n"), "{said}");
}

#[test]
fn a_one_on_one_file_answers_one_half_or_nothing_is_written() {
    let env = Env::new();
    let file = env.write(
        "both.toml",
        "[answers]\nmoment = \"Before it\"\nwith = [\"Maria\"]\ntheir-agenda = \"x\"\nwant-to-change = \"y\"\n",
    );
    let out = env.cmd().args(["reflect", "one-on-one", "--answers"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("error: {}:5:", file.display())), "{err}");
    assert!(
        err.contains("answer to `want-to-change`: it is asked only when `moment` is \"After it\", and this file answers \"Before it\""),
        "{err}"
    );
    assert!(err.contains("hint: nothing was written"), "{err}");
    // No half chosen: the choice is the one thing asked for.
    let file = env.write("none.toml", "[answers]\nwith = [\"Maria\"]\n");
    let out = env.cmd().args(["reflect", "one-on-one", "--answers"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no answer to `moment`"), "{}", stderr(&out));
    assert!(env.records().is_empty());
}

#[test]
fn a_name_and_a_journal_full_of_escapes_are_shown_safely() {
    let env = Env::new();
    let daily = env.write(
        "d.toml",
        "[answers]\nheadline = \"x\"\ntomorrow = \"Call Maria \\u001b]0;pwned\\u0007 about \\u202Eevil\"\n",
    );
    at(&env, "2026-11-26T20:00:00+01:00").args(["today", "--answers"]).arg(&daily).assert().success();
    let said = reflect(
        &env,
        "2026-11-27T09:00:00+01:00",
        "one-on-one",
        "[answers]\nmoment = \"Before it\"\nwith = [\"Maria\", \"Bad\\u001b[31mName\"]\ntheir-agenda = \"x\"\n",
    );
    assert!(!said.contains('\u{1b}') && !said.contains('\u{7}') && !said.contains('\u{202e}'), "{said:?}");
    assert!(
        said.contains(
            "• Still open with Maria, since Thu 26 Nov: Call Maria ^[]0;pwned^G about <U+202E>evil"
        ),
        "{said}"
    );
    assert!(said.contains("• “Bad^[[31mName” does not read as a person's name"), "{said}");
    // The journal keeps the exact text.
    let r = env.records().last().unwrap().clone();
    assert_eq!(r["answers"][1]["items"][1], "Bad\u{1b}[31mName");
}

#[test]
fn a_decision_comes_back_as_a_commitment_on_its_review_day() {
    let env = Env::new();
    let said = reflect(
        &env,
        "2026-11-27T16:00:00+01:00",
        "decision",
        r#"[answers]
what = "Sam's team owns the on-call rota from December."
decided-by = ["Sam"]
level = "Delegate: they decided; I did not need to know"
why = "They carry the pager; they know who can swap."
trade-off = "I stop approving swaps, and lose sight of who is tired."
sure = "Fairly sure"
review = "2026-12-11: are shift swaps still coming to me?"
"#,
    );
    assert!(said.starts_with("• This comes back as a commitment on Friday 11 December 2026.\n"), "{said}");
    let r = env.records()[0].clone();
    let review = r["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == "review").unwrap().clone();
    assert_eq!(review["kind"], "commitment");
    assert_eq!(review["due"], "2026-12-11");
    // The day is the commitment's due day; its words are kept without it.
    assert_eq!(review["text"], "are shift swaps still coming to me?");
    let id = format!("{}:review", r["id"].as_str().unwrap());
    let listed: serde_json::Value =
        serde_json::from_str(&ok(env.cmd().args(["commitments", "--json"]).output().unwrap())).unwrap();
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["due"], "2026-12-11");

    // The day before, a session does not follow it up yet.
    let daily =
        env.write("daily.toml", &format!("[answers]\nheadline = \"x\"\n[follow-up]\n\"{id}\" = \"done\"\n"));
    let out =
        at(&env, "2026-12-10T20:00:00+01:00").args(["today", "--answers"]).arg(&daily).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("there is no open commitment to follow up"), "{}", stderr(&out));
    // On its day, it is followed up.
    ok(at(&env, "2026-12-11T20:00:00+01:00").args(["today", "--answers"]).arg(&daily).output().unwrap());
    let last = env.records().last().unwrap().clone();
    assert_eq!(last["answers"][0]["commitment"], id.as_str());
    assert_eq!(last["answers"][0]["status"], "done");

    // Without a day before a colon, it comes back in four weeks, and says how to choose.
    let env = Env::new();
    let said = reflect(
        &env,
        "2026-11-27T16:00:00+01:00",
        "decision",
        "[answers]\nwhat = \"Hire a second tester.\"\nreview = \"Is the release queue shorter?\"\n",
    );
    assert!(
        said.starts_with("• This comes back as a commitment on Friday 25 December 2026; to choose the day, begin the answer with it and a colon"),
        "{said}"
    );
    assert_eq!(env.records()[0]["answers"][1]["due"], "2026-12-25");
    let said = reflect(
        &env,
        "2026-11-27T17:00:00+01:00",
        "decision",
        "[answers]\nwhat = \"Move standup to 10.\"\nreview = \"in 3 weeks: do people come on time?\"\n",
    );
    assert!(said.contains("on Friday 18 December 2026."), "{said}");
}

#[test]
fn after_a_hard_conversation_the_next_step_is_followed_up() {
    let env = Env::new();
    let said = reflect(
        &env,
        "2026-11-27T15:00:00+01:00",
        "hard-conversation",
        r#"[answers]
with = ["Tom"]
said = "Your estimates have been off three sprints running, and I want to understand why."
heard = "That I think he is careless. He went quiet."
kind-and-clear = "Clear, but not kind"
unsaid = "That the team has noticed too."
next = "monday: ask Tom how he wants to estimate the next sprint"
"#,
    );
    assert!(said.starts_with("• This comes back as a commitment on Monday 30 November 2026.\n"), "{said}");
    let show = ok(env.cmd().args(["show", "today"]).output().unwrap());
    assert!(show.contains("After a hard conversation"), "{show}");
    assert!(
        show.contains("How did it land: kind, clear, both, or neither?\n  Clear, but not kind"),
        "{show}"
    );
    assert!(show.contains("courage"), "{show}");
    let c: serde_json::Value =
        serde_json::from_str(&ok(env.cmd().args(["commitments", "--json"]).output().unwrap())).unwrap();
    assert_eq!(c[0]["due"], "2026-11-30");
}

#[test]
fn after_action_and_feedback_entries_name_people_and_count_their_themes() {
    let env = Env::new();
    reflect(
        &env,
        "2026-11-26T18:00:00+01:00",
        "after-action",
        r#"[answers]
looking-at = "The November release."
meant-to = "Ship on Tuesday with no rollback."
happened = "Shipped Wednesday; one rollback."
why-different = "The migration was tested on last month's data."
how-close = "Partly as planned"
turned-to = ["Priya"]
keep = "Priya's checklist for the cut-over."
change = "Test migrations on a copy of this week's data; Sam owns it."
"#,
    );
    reflect(
        &env,
        "2026-11-27T18:00:00+01:00",
        "feedback-on-me",
        r#"[answers]
asked = "What should I stop doing?"
from = ["Ana", "Sam"]
heard = "Stop answering questions in the channel before anyone else can."
took-it = "I thanked them and asked for more"
straight = 4
try = "Wait an hour before answering in the channel."
"#,
    );
    let people = ok(env.cmd().args(["people", "--json"]).output().unwrap());
    for name in ["Priya", "Ana", "Sam"] {
        assert!(people.contains(&format!("\"name\": \"{name}\"")), "{name}: {people}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&ok(env.cmd().args(["summary", "--json", "--last", "1w"]).output().unwrap()))
            .unwrap();
    let themes: Vec<&str> = summary["themes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["entries"].as_u64() > Some(0))
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for t in ["roving-leaders", "contribution", "courage", "trust", "delegation", "management", "vision"] {
        assert!(themes.contains(&t), "{t} missing from {themes:?}");
    }
    let list = ok(env.cmd().args(["list", "--pack", "feedback-on-me"]).output().unwrap());
    assert_eq!(list.lines().count(), 1, "{list}");
}

#[test]
fn being_needed_less_is_a_theme_that_reflect_asks_and_reports_count() {
    let env = Env::new();
    // `reflect less-needed` asks the pack most about it: what went well.
    let file = env.write(
        "w.toml",
        r#"[answers]
hand-off-held = "Sam ran the release review; I only read the notes."
grew = ["Sam"]
grew-how = "Sam chaired the incident review and kept it blameless."
not-needed = "Standup ran without me on Tuesday and finished early."
felt = 2
what-helped = "I stayed out of the how"
again = "Skip Thursday's standup too."
"#,
    );
    let said = ok(env.cmd().args(["reflect", "less-needed", "--answers"]).arg(&file).output().unwrap());
    assert!(said.contains("Saved What went well"), "{said}");
    let week: serde_json::Value =
        serde_json::from_str(&ok(env.cmd().args(["week", "--json"]).output().unwrap())).unwrap();
    let row = week["themes"].as_array().unwrap().iter().find(|t| t["id"] == "less-needed").unwrap().clone();
    assert_eq!(row["entries"], 1);
    assert_eq!(row["rating_avg"], 2.0, "the feeling of not being needed is its rating");
    let text = ok(env.cmd().args(["week"]).env("COLUMNS", "100").output().unwrap());
    assert!(text.contains("Becoming less needed"), "{text}");
    // A quick note is heard under it, and which way it went.
    let said =
        ok(env.cmd().args(["add", "Everything waited for me again; I am the bottleneck."]).output().unwrap());
    assert!(said.contains("less-needed (waited for you)"), "{said}");
    let said = ok(env
        .cmd()
        .args(["add", "Nobody needed me at the planning meeting #less-needed"])
        .output()
        .unwrap());
    assert!(said.contains("less-needed (went on without you)"), "{said}");
}

/// Entries written before the yes/no questions were reworded keep their old questions, kinds
/// and answers: they read, show, export and count as they did.
#[test]
fn old_yes_no_answers_still_read_show_and_count() {
    let env = Env::new();
    let old = |id: &str, date: &str, pack: &str, answers: serde_json::Value| {
        serde_json::json!({
            "v": 1, "id": id, "rev": 1, "at": format!("{date}T20:00:00+01:00"), "date": date,
            "pack": pack, "answers": answers
        })
        .to_string()
    };
    let lines = [
        old(
            "01KQ0000000000000000000001",
            "2026-11-24",
            "trust",
            serde_json::json!([
                {"prompt": "trust-level", "theme": "trust", "kind": "rating", "question": "How would the team describe the way you trust them today?", "rating": 2, "min": 1, "max": 5, "low": "I double-check everything", "high": "I agree the goal and step away"},
                {"prompt": "back-them", "theme": "trust", "kind": "confirm", "question": "If a decision someone on your team made went wrong tomorrow, would you stand behind them in public?", "yes": true}
            ]),
        ),
        old(
            "01KQ0000000000000000000002",
            "2026-11-25",
            "weekly",
            serde_json::json!([
                {"prompt": "week-headline", "kind": "text", "question": "In one sentence, what was this week about for you as a lead?", "text": "A quiet week."},
                {"prompt": "story-so-far", "theme": "vision", "kind": "confirm", "question": "Could everyone on the team say where you are heading, and what is in it for them?", "yes": false},
                {"prompt": "needed-less", "theme": "trust", "kind": "rating", "question": "How much did the team need you this week to keep work moving?", "rating": 4, "min": 1, "max": 5}
            ]),
        ),
        old(
            "01KQ0000000000000000000003",
            "2026-11-26",
            "daily",
            serde_json::json!([
                {"prompt": "headline", "kind": "text", "question": "In one sentence, what did today ask of you as a lead?", "text": "A long day."},
                {"prompt": "did-myself", "theme": "management", "kind": "text", "question": "What did you do yourself today that someone on the team could have done?", "text": "Wrote the status report."},
                {"prompt": "acknowledged", "theme": "roving-leaders", "kind": "confirm", "question": "Have you told them that you see the influence they have?", "yes": true}
            ]),
        ),
    ];
    let file = env.write("home/.local/share/coachlog/journal/2026/2026-11.jsonl", &(lines.join("\n") + "\n"));
    // Private, and with the .gitattributes coachlog writes, as a journal coachlog made.
    use std::os::unix::fs::PermissionsExt;
    let attributes = env.write("home/.local/share/coachlog/journal/.gitattributes", "*.jsonl merge=union\n");
    for f in [&file, &attributes] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    for dir in [env.journal(), env.journal().join("2026")] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    }

    let show = ok(env.cmd().args(["show", "01KQ0000000000000000000001"]).output().unwrap());
    assert!(
        show.contains("If a decision someone on your team made went wrong tomorrow, would you stand behind them in public?\n  yes"),
        "{show}"
    );
    assert!(show.contains("How would the team describe the way you trust them today?"), "{show}");
    assert!(show.contains("2/5"), "{show}");
    let show = ok(env.cmd().args(["show", "2026-11-25"]).output().unwrap());
    assert!(
        show.contains(
            "Could everyone on the team say where you are heading, and what is in it for them?\n  no"
        ),
        "{show}"
    );

    let list = ok(env.cmd().args(["list"]).env("COLUMNS", "120").output().unwrap());
    assert_eq!(list.lines().count(), 3, "{list}");

    // Each counts under the theme it was written with, not the one its prompt has now.
    let week: serde_json::Value = serde_json::from_str(&ok(env
        .cmd()
        .args(["week", "--json", "--date", "2026-11-25"])
        .output()
        .unwrap()))
    .unwrap();
    let theme = |id: &str| week["themes"].as_array().unwrap().iter().find(|t| t["id"] == id).cloned();
    let trust = theme("trust").expect("trust counted");
    assert_eq!(trust["entries"], 2);
    assert_eq!(trust["rating_avg"], 3.0, "the old ratings, 2 and 4, as written");
    assert_eq!(theme("vision").unwrap()["entries"], 1, "a `no` is still an answer");
    assert_eq!(theme("management").unwrap()["entries"], 1, "did-myself was management then");
    assert_eq!(theme("roving-leaders").unwrap()["entries"], 1);
    assert!(theme("less-needed").is_none(), "old answers are not re-filed under the new theme");

    let explain = ok(env
        .cmd()
        .args(["summary", "--explain", "--from", "2026-11-01", "--to", "2026-11-30"])
        .env("COLUMNS", "120")
        .output()
        .unwrap());
    for prompt in ["back-them ×1", "trust-level ×1", "story-so-far ×1", "acknowledged ×1"] {
        assert!(explain.contains(prompt), "{prompt}: {explain}");
    }
    let md = ok(env.cmd().args(["export", "--from", "2026-11-01", "--to", "2026-11-30"]).output().unwrap());
    assert!(md.contains("**Have you told them that you see the influence they have?**\n\nYes"), "{md}");
    let doctor = ok(env.cmd().arg("doctor").output().unwrap());
    assert!(doctor.starts_with("✓ All well: 3 entries"), "{doctor}");
}

#[test]
fn a_day_that_cannot_be_is_said_and_the_same_promise_dated_or_not_is_one() {
    let env = Env::new();
    let owe = |now: &str, text: &str| {
        reflect(
            &env,
            now,
            "one-on-one",
            &format!(
                "[answers]\nmoment = \"After it\"\nwith = [\"Ana\"]\nwant-to-change = \"x\"\nowe-them = \"{text}\"\n"
            ),
        )
    };
    let far = owe("2026-11-17T16:00:00+01:00", "in 100000 weeks: Send Ana the budget figures");
    assert!(far.contains("is more than a year away, so this comes back as a commitment on"), "{far}");
    let past = owe("2026-11-18T16:00:00+01:00", "2020-01-01: Send Ana the budget figures");
    assert!(past.contains("1 January 2020 is not after the entry's day"), "{past}");
    owe("2026-11-19T16:00:00+01:00", "friday: Send Ana the budget figures");
    owe("2026-11-19T17:00:00+01:00", "Send Ana the budget figures");
    // A day that could not be is kept in the words; one that could is the due day. The
    // same words again, dated or not, are one commitment.
    let list: serde_json::Value = serde_json::from_str(&ok(at(&env, "2026-11-19T18:00:00+01:00")
        .args(["commitments", "--json"])
        .output()
        .unwrap()))
    .unwrap();
    let texts: Vec<&str> = list.as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        vec![
            "in 100000 weeks: Send Ana the budget figures",
            "2020-01-01: Send Ana the budget figures",
            "Send Ana the budget figures"
        ],
        "{list}"
    );
}
