//! Sessions driven through the `Prompter` seam with a scripted prompter, in a temporary
//! journal, asserting what lands on disk: the look-back (resurfacing) and the quarterly
//! questions a weekly session offers as a quarter ends.

use std::fs;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use coachlog::commands::today::{self, Outcome, SessionOptions};
use coachlog::context::Context;
use coachlog::core::commitment::{Commitment, Status};
use coachlog::core::entry::Reply;
use coachlog::core::lookback::LookBack;
use coachlog::core::pack::{Kind, Prompt};
use coachlog::core::quarter::Quarter;
use coachlog::core::session::{Prompter, SessionError, Step};

use crate::util::Env;

/// Answers every prompt with something of its kind, and says what it was asked.
#[derive(Default)]
struct Script {
    look_back: Option<String>,
    quarterly: bool,
    /// Stop (as Ctrl-C does) when asked this prompt.
    interrupt_at: Option<&'static str>,
    asked: Vec<String>,
}

impl Prompter for Script {
    fn follow_up(&mut self, c: &Commitment, _: Step) -> Result<Option<Status>, SessionError> {
        self.asked.push(format!("follow-up {}", c.id));
        Ok(None)
    }

    fn look_back(&mut self, look: &LookBack) -> Result<Option<String>, SessionError> {
        self.asked.push(look.question.clone());
        Ok(self.look_back.clone())
    }

    fn offer_quarterly(&mut self, quarter: Quarter) -> Result<bool, SessionError> {
        self.asked.push(format!("quarterly {quarter}"));
        Ok(self.quarterly)
    }

    fn ask(&mut self, prompt: &Prompt, _: Step) -> Result<Reply, SessionError> {
        if self.interrupt_at == Some(prompt.id.as_str()) {
            return Err(SessionError::Interrupted);
        }
        self.asked.push(prompt.id.clone());
        Ok(match prompt.kind {
            Kind::Text | Kind::Commitment => Reply::Text(format!("About {}.", prompt.id)),
            Kind::Rating => Reply::Rating(prompt.max),
            Kind::Choice => Reply::Choice(prompt.options[0].clone()),
            Kind::Multi => Reply::Items(vec![prompt.options[0].clone()]),
            Kind::List => Reply::Items(vec!["Ana".into()]),
            Kind::Confirm => Reply::Yes(true),
            Kind::Editor => Reply::Skip,
        })
    }
}

fn at(now: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(now).unwrap()
}

/// A context on `env`'s temporary folder (journal in `journal/`, packs in `config/prompts/`),
/// its clock at `now`, a look-back shown every day.
fn context(env: &Env, now: &str) -> Context {
    let mut ctx = Context::in_dir(env.dir.path(), at(now));
    ctx.resurface.value = 1;
    ctx
}

/// A pack leaning toward delegation (two of its three prompts).
const FOCUS: &str = r#"
[pack]
id = "focus"
title = "Focus"

[[prompt]]
id = "held"
theme = "delegation"
kind = "text"
question = "What did you hold on to?"

[[prompt]]
id = "owner"
theme = "delegation"
kind = "text"
question = "Who owns it now?"

[[prompt]]
id = "trusted"
theme = "trust"
kind = "text"
question = "Whom did you trust?"
"#;

const OLD_ID: &str = "01JB0000000000000000000000";

/// `env` with the focus pack and an entry of 30 October 2026 (four weeks before the 27
/// November sessions) saying something about delegation.
fn with_old_entry(env: &Env) -> Context {
    env.write("config/prompts/focus.toml", FOCUS);
    let line = serde_json::json!({
        "v": 1, "id": OLD_ID, "rev": 1, "at": "2026-10-30T20:00:00+01:00", "date": "2026-10-30",
        "pack": "focus",
        "answers": [
            {"prompt": "trusted", "theme": "trust", "kind": "text", "question": "Whom did you trust?", "text": "Nobody, really."},
            {"prompt": "held", "theme": "delegation", "kind": "text", "question": "What did you hold on to?",
             "text": "I can't let go of the deploys.\nSam waits for me every time."}
        ]
    });
    let file = env.write("journal/2026/2026-10.jsonl", &format!("{line}\n"));
    // Private, as coachlog makes its own (doctor checks).
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    for dir in [env.dir.path().join("journal"), env.dir.path().join("journal/2026")] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
    }
    context(env, "2026-11-27T21:00:00+01:00")
}

/// Every record in the context's journal, in file order.
fn records(root: &Path) -> Vec<serde_json::Value> {
    let mut files = crate::util::jsonl_files(&root.join("journal"));
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            fs::read_to_string(f)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn run(ctx: &Context, pack: &str, script: &mut Script) -> coachlog::error::Result<Outcome> {
    let opts = SessionOptions { pack: Some(pack.into()), ..SessionOptions::default() };
    today::run(ctx, &opts, Some(script))
}

const QUESTION: &str = "On Fri 30 Oct you wrote: \"I can't let go of the deploys.\" Still true?";

#[test]
fn an_answered_look_back_is_saved_with_the_entry_and_names_the_old_one() {
    let env = Env::new();
    let ctx = with_old_entry(&env);
    let mut script =
        Script { look_back: Some("Less: Sam ran two deploys alone.".into()), ..Script::default() };
    let outcome = run(&ctx, "focus", &mut script).unwrap();
    assert!(matches!(outcome, Outcome::Saved(_)), "{outcome:?}");
    assert_eq!(script.asked, vec![QUESTION, "held", "owner", "trusted"], "asked first");

    let all = records(env.dir.path());
    assert_eq!(all.len(), 2);
    let new = &all[1];
    assert_eq!(new["date"], "2026-11-27");
    let look = &new["answers"][0];
    assert_eq!(
        look,
        &serde_json::json!({
            "prompt": "look-back", "theme": "delegation", "kind": "text", "question": QUESTION,
            "text": "Less: Sam ran two deploys alone.", "about": OLD_ID
        })
    );
    assert_eq!(new["answers"].as_array().unwrap().len(), 4);
    assert!(!env.dir.path().join("journal/drafts").read_dir().unwrap().any(|_| true), "no draft is left");

    // The journal's reader and doctor take it as it is.
    let out =
        env.cmd().args(["--journal"]).arg(env.dir.path().join("journal")).arg("doctor").output().unwrap();
    assert!(out.status.success(), "{}{}", crate::util::stdout(&out), crate::util::stderr(&out));
    let out = env
        .cmd()
        .arg("--journal")
        .arg(env.dir.path().join("journal"))
        .args(["list", "--json", "--on", "2026-11-27"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_str(&crate::util::ok(out)).unwrap();
    assert_eq!(listed[0]["answers"][0]["about"], OLD_ID);
}

#[test]
fn a_skipped_look_back_leaves_nothing_of_it() {
    let env = Env::new();
    let ctx = with_old_entry(&env);
    let mut script = Script { look_back: None, ..Script::default() };
    run(&ctx, "focus", &mut script).unwrap();
    assert_eq!(script.asked[0], QUESTION, "it was shown");
    let all = records(env.dir.path());
    let prompts: Vec<&str> =
        all[1]["answers"].as_array().unwrap().iter().map(|a| a["prompt"].as_str().unwrap()).collect();
    assert_eq!(prompts, vec!["held", "owner", "trusted"]);
}

#[test]
fn a_look_back_is_kept_in_the_draft_and_not_asked_again_on_resume() {
    let env = Env::new();
    let ctx = with_old_entry(&env);
    let mut script =
        Script { look_back: Some("Still true.".into()), interrupt_at: Some("owner"), ..Script::default() };
    let err = run(&ctx, "focus", &mut script).unwrap_err();
    assert_eq!(err.exit_code(), 130);
    assert!(err.message.contains("your 2 answers are kept in the draft"), "{}", err.message);
    let draft_file =
        env.dir.path().join("journal/drafts").read_dir().unwrap().next().unwrap().unwrap().path();
    let draft: serde_json::Value = serde_json::from_slice(&fs::read(draft_file).unwrap()).unwrap();
    assert_eq!(draft["answers"][0]["prompt"], "look-back");
    assert_eq!(draft["answers"][0]["about"], OLD_ID);
    assert_eq!(records(env.dir.path()).len(), 1, "nothing saved yet");

    let mut script = Script::default();
    run(&ctx, "focus", &mut script).unwrap();
    assert_eq!(script.asked, vec!["owner", "trusted"], "resumed where it stopped");
    let all = records(env.dir.path());
    assert_eq!(all[1]["answers"][0]["text"], "Still true.");
    assert_eq!(all[1]["answers"][1]["prompt"], "held");
}

#[test]
fn no_look_back_when_it_is_off_not_due_or_nothing_fits() {
    let env = Env::new();
    let mut ctx = with_old_entry(&env);
    ctx.resurface.value = 0;
    let mut script = Script::default();
    run(&ctx, "focus", &mut script).unwrap();
    assert_eq!(script.asked, vec!["held", "owner", "trusted"]);

    // Every 3rd day, by the day's number: the same journal shows it on some days only.
    let mut shown = Vec::new();
    for day in ["2026-11-27", "2026-11-28", "2026-11-29"] {
        let env = Env::new();
        let _ = with_old_entry(&env);
        let mut ctx = context(&env, &format!("{day}T21:00:00+01:00"));
        ctx.resurface.value = 3;
        let mut script = Script::default();
        run(&ctx, "focus", &mut script).unwrap();
        let due = coachlog::core::lookback::is_due(3, day.parse().unwrap());
        assert_eq!(script.asked[0].starts_with("On Fri 30 Oct"), due, "{day}: {:?}", script.asked);
        shown.push(due);
    }
    assert_eq!(shown.iter().filter(|s| **s).count(), 1, "{shown:?}");

    // Further away than three days from 4, 12 and 52 weeks ago: nothing to quote.
    let env = Env::new();
    let _ = with_old_entry(&env);
    let ctx = context(&env, "2026-12-05T21:00:00+01:00");
    let mut script = Script::default();
    run(&ctx, "focus", &mut script).unwrap();
    assert_eq!(script.asked, vec!["held", "owner", "trusted"], "outside every span");
}

#[test]
fn a_weekly_session_as_the_quarter_ends_offers_the_quarterly_questions_once() {
    let env = Env::new();
    let ctx = context(&env, "2026-12-28T19:00:00+01:00");
    let mut script = Script { quarterly: true, ..Script::default() };
    let outcome = run(&ctx, "weekly", &mut script).unwrap();
    let Outcome::Also(weekly, quarterly) = outcome else { panic!("{outcome:?}") };
    assert_eq!(weekly.pack_title, "Weekly look back");
    assert!(
        matches!(*quarterly, Outcome::Saved(ref s) if s.pack_title == "Quarterly look back"),
        "{quarterly:?}"
    );
    let offer = script.asked.iter().position(|a| a == "quarterly 2026 Q4").unwrap();
    assert_eq!(script.asked[offer - 1], "next-week", "after the weekly questions");
    assert_eq!(script.asked[offer + 1], "how-i-lead-now");
    let all = records(env.dir.path());
    let packs: Vec<&str> = all.iter().map(|r| r["pack"].as_str().unwrap()).collect();
    assert_eq!(packs, vec!["weekly", "quarterly"]);
    assert_eq!(all[1]["date"], "2026-12-28");
    let stopped =
        all[1]["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == "stopped-doing").unwrap();
    assert_eq!(stopped["theme"], "delegation");
    let next = all[1]["answers"].as_array().unwrap().iter().find(|a| a["prompt"] == "next-quarter").unwrap();
    assert_eq!(next["due"], "2027-01-27", "followed up a month later");

    // The quarter has its look back now: the next weekly session, even in January, does not ask.
    let ctx = context(&env, "2027-01-04T19:00:00+01:00");
    let mut script = Script { quarterly: true, ..Script::default() };
    let outcome = run(&ctx, "weekly", &mut script).unwrap();
    assert!(matches!(outcome, Outcome::Saved(_)), "{outcome:?}");
    assert!(!script.asked.iter().any(|a| a.starts_with("quarterly")), "{:?}", script.asked);
}

#[test]
fn the_quarterly_offer_declined_or_out_of_season_writes_only_the_weekly() {
    let env = Env::new();
    let ctx = context(&env, "2027-01-05T19:00:00+01:00");
    let mut script = Script { quarterly: false, ..Script::default() };
    let outcome = run(&ctx, "weekly", &mut script).unwrap();
    assert!(matches!(outcome, Outcome::Saved(_)), "{outcome:?}");
    assert!(
        script.asked.contains(&"quarterly 2026 Q4".to_string()),
        "the first days of the next quarter too"
    );
    assert_eq!(records(env.dir.path()).len(), 1);

    for (now, pack) in [("2026-12-18T19:00:00+01:00", "weekly"), ("2026-12-28T19:00:00+01:00", "daily")] {
        let env = Env::new();
        let ctx = context(&env, now);
        let mut script = Script { quarterly: true, ..Script::default() };
        run(&ctx, pack, &mut script).unwrap();
        assert!(!script.asked.iter().any(|a| a.starts_with("quarterly")), "{now} {pack}: {:?}", script.asked);
        assert_eq!(records(env.dir.path()).len(), 1);
    }
}

#[test]
fn answers_files_never_resurface_nor_offer_the_quarter() {
    let env = Env::new();
    let journal = env.journal();
    let line = serde_json::json!({
        "v": 1, "id": OLD_ID, "rev": 1, "at": "2026-11-30T20:00:00+01:00", "date": "2026-11-30",
        "pack": "weekly",
        "answers": [{"prompt": "let-go", "theme": "delegation", "kind": "text", "question": "Q?", "text": "I kept the deploys."}]
    });
    fs::create_dir_all(journal.join("2026")).unwrap();
    fs::write(journal.join("2026/2026-11.jsonl"), format!("{line}\n")).unwrap();
    env.write("home/.config/coachlog/config.toml", "resurface = 1\n");
    let answers =
        env.write("a.toml", "[answers]\nweek-headline = \"Quiet week.\"\nlet-go = \"The deploys.\"\n");
    let out = env
        .cmd()
        .env("COACHLOG_NOW", "2026-12-28T19:00:00+01:00")
        .args(["today", "--pack", "weekly", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    let said = crate::util::ok(out);
    assert_eq!(said.matches("Saved").count(), 1, "{said}");
    let all = env.records();
    assert_eq!(all.len(), 2);
    assert!(all[1]["answers"].as_array().unwrap().iter().all(|a| a["prompt"] != "look-back"));

    // A look-back answer in a file is still an unknown prompt id.
    let bad = env.write("b.toml", "[answers]\nweek-headline = \"x\"\nlook-back = \"Still true.\"\n");
    let out = env.cmd().args(["today", "--pack", "weekly", "--answers"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(crate::util::stderr(&out).contains("no prompt `look-back`"), "{}", crate::util::stderr(&out));
}

#[test]
fn the_quarterly_pack_runs_from_reflect_and_answers_files() {
    let env = Env::new();
    let answers = env.write(
        "q.toml",
        "[answers]\nhow-i-lead-now = \"I ask more than I tell.\"\nstopped-doing = \"Release notes: Li writes them.\"\ntrust-quarter = 4\nbraver = \"Once\"\npeople-followed = [\"Ana\"]\n",
    );
    let out = env.cmd().args(["reflect", "quarterly", "--answers"]).arg(&answers).output().unwrap();
    assert!(crate::util::ok(out).contains("Saved Quarterly look back"));
    let r = &env.records()[0];
    assert_eq!(r["pack"], "quarterly");
    assert_eq!(r["answers"].as_array().unwrap().len(), 5);
    let out = env.cmd().args(["prompts", "list"]).output().unwrap();
    assert!(crate::util::ok(out).contains("quarterly"));
    let out = env.cmd().args(["prompts", "show", "quarterly"]).output().unwrap();
    assert!(crate::util::ok(out).contains("stopped-doing"));
}

#[test]
fn config_reports_and_checks_resurface() {
    let env = Env::new();
    let out = env.cmd().arg("config").output().unwrap();
    let text = crate::util::ok(out);
    assert!(
        text.lines().any(|l| l.contains("resurface") && l.contains("every 3 days") && l.contains("default")),
        "{text}"
    );
    env.write("home/.config/coachlog/config.toml", "resurface = false\n");
    let text = crate::util::ok(env.cmd().arg("config").output().unwrap());
    assert!(text.lines().any(|l| l.contains("resurface") && l.contains("off")), "{text}");
    let file = env.write("home/.config/coachlog/config.toml", "pick = 3\nresurface = \"often\"\n");
    let out = env.cmd().arg("config").output().unwrap();
    let err = crate::util::stderr(&out);
    assert!(err.contains(&format!("{}:2:1", file.display())), "{err}");
    assert!(err.contains("`resurface` must be a whole number of days"), "{err}");
    assert!(crate::util::ok(out).lines().any(|l| l.contains("resurface") && l.contains("every 3 days")));

    // `config init` documents it.
    fs::remove_file(&file).unwrap();
    env.cmd().args(["config", "init"]).assert().success();
    assert!(fs::read_to_string(&file).unwrap().contains("# resurface = 3"));
}

#[test]
fn a_quarterly_session_stopped_keeps_its_draft_and_says_the_weekly_is_saved() {
    let env = Env::new();
    let ctx = context(&env, "2026-12-28T19:00:00+01:00");
    let mut script = Script { quarterly: true, interrupt_at: Some("stopped-doing"), ..Script::default() };
    let err = run(&ctx, "weekly", &mut script).unwrap_err();
    assert_eq!(err.exit_code(), 130);
    assert!(err.message.ends_with("; the Weekly look back before it was saved"), "{}", err.message);
    let all = records(env.dir.path());
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["pack"], "weekly");
    let draft = env.dir.path().join("journal/drafts/2026-12-28-quarterly.json");
    let draft: serde_json::Value = serde_json::from_slice(&fs::read(draft).unwrap()).unwrap();
    assert_eq!(draft["answers"][0]["prompt"], "how-i-lead-now");

    // The next weekly session does not offer the quarter over its unfinished draft; the
    // quarterly session resumes it.
    let ctx = context(&env, "2026-12-29T19:00:00+01:00");
    let mut script = Script { quarterly: true, ..Script::default() };
    run(&ctx, "weekly", &mut script).unwrap();
    assert!(!script.asked.iter().any(|a| a.starts_with("quarterly")), "{:?}", script.asked);
    let mut script = Script::default();
    run(&ctx, "quarterly", &mut script).unwrap();
    assert_eq!(script.asked.first().map(String::as_str), Some("stopped-doing"));
    assert_eq!(records(env.dir.path()).iter().filter(|r| r["pack"] == "quarterly").count(), 1);
}
