use crate::util::{Env, stderr, stdout};

fn session(env: &Env, now: &str, answers: &str) -> std::process::Output {
    let path = env.write("answers.toml", answers);
    env.cmd().env("COACHLOG_NOW", now).args(["today", "--answers"]).arg(path).output().unwrap()
}

fn list(env: &Env, args: &[&str]) -> serde_json::Value {
    let out = env.cmd().arg("commitments").args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn commitments_are_followed_up_until_settled() {
    let env = Env::new();
    let out = session(
        &env,
        "2026-11-23T20:00:00+01:00",
        "[answers]\nheadline = \"Mon\"\ntomorrow = \"Ask Sam to own deploys\"\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let open = list(&env, &[]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    let c = &open[0];
    let entry = c["entry"].as_str().unwrap().to_string();
    assert_eq!(c["id"], format!("{entry}:tomorrow"));
    assert_eq!(c["date"], "2026-11-23");
    assert_eq!(c["text"], "Ask Sam to own deploys");
    assert_eq!(c["status"], "open");
    assert_eq!(c["followed_up"], serde_json::Value::Null);
    assert_eq!(c["carried"], 0);

    // Tuesday: still open (carried over), and a new one.
    let out = session(
        &env,
        "2026-11-24T20:00:00+01:00",
        "[answers]\nheadline = \"Tue\"\ntomorrow = \"Skip the status meeting\"\n[follow-up]\n\"*\" = \"open\"\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let open = list(&env, &["--open"]);
    assert_eq!(open.as_array().unwrap().len(), 2);
    assert_eq!(open[0]["carried"], 1);
    assert_eq!(open[0]["followed_up"], "2026-11-24");

    // Wednesday: the first one done by its id prefix, the rest dropped.
    let first = &entry[..10];
    let out = session(
        &env,
        "2026-11-25T20:00:00+01:00",
        &format!("[answers]\nheadline = \"Wed\"\n[follow-up]\n\"{first}\" = \"done\"\n\"*\" = \"dropped\"\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(list(&env, &[]).as_array().unwrap().len(), 0, "nothing open");
    let all = list(&env, &["--all"]);
    assert_eq!(all[0]["status"], "done");
    assert_eq!(all[0]["carried"], 1);
    assert_eq!(all[1]["status"], "dropped");
    assert_eq!(all[1]["followed_up"], "2026-11-25");

    // The follow-up is stored in Wednesday's entry as SPEC §5 says.
    let records = env.records();
    let wed = records.iter().find(|r| r["date"] == "2026-11-25").unwrap();
    let fu = &wed["answers"][0];
    assert_eq!(fu["kind"], "follow-up");
    assert_eq!(fu["commitment"], format!("{entry}:tomorrow"));
    assert_eq!(fu["status"], "done");

    let out = env.cmd().args(["commitments", "--all"]).env("COLUMNS", "100").output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("done") && text.contains("dropped") && text.contains("1×"), "{text}");
    let out = env.cmd().args(["commitments"]).output().unwrap();
    assert!(stdout(&out).starts_with("No open commitments."));
}

#[test]
fn a_follow_up_of_an_unknown_commitment_writes_nothing() {
    let env = Env::new();
    session(&env, "2026-11-23T20:00:00+01:00", "[answers]\nheadline = \"Mon\"\ntomorrow = \"Ask Sam\"\n");
    let out = session(
        &env,
        "2026-11-24T20:00:00+01:00",
        "[answers]\nheadline = \"Tue\"\n[follow-up]\n\"01ZZZ\" = \"done\"\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("answers.toml:4:1: [follow-up] `01ZZZ` is not an open commitment"), "{err}");
    assert_eq!(env.records().len(), 1);
}

#[test]
fn commitments_made_today_are_not_followed_up_today() {
    let env = Env::new();
    session(&env, "2026-11-23T09:00:00+01:00", "[answers]\nheadline = \"am\"\ntomorrow = \"Ask Sam\"\n");
    let out = session(
        &env,
        "2026-11-23T20:00:00+01:00",
        "[answers]\nheadline = \"pm\"\n[follow-up]\n\"*\" = \"done\"\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(list(&env, &[]).as_array().unwrap().len(), 1, "still open");
}

#[test]
fn a_commitment_taken_back_by_a_later_revision_is_not_in_the_week() {
    // Regression: `week` skips parsing older first revisions without commitments; a later
    // revision that dropped the commitment must still replace the one that made it.
    let env = Env::new();
    let rev = |rev: u32, at: &str, answer: &str| {
        format!(
            r#"{{"v":1,"id":"01JTAKENBACK00000000000000","rev":{rev},"at":"{at}","date":"2026-11-05","pack":"daily","answers":[{answer}]}}"#
        )
    };
    let made = rev(
        1,
        "2026-11-05T20:00:00+01:00",
        r#"{"prompt":"tomorrow","kind":"commitment","question":"What will you do?","text":"Call Ana about the roadmap"}"#,
    );
    let edited = rev(
        2,
        "2026-11-06T09:00:00+01:00",
        r#"{"prompt":"note","kind":"text","question":"Q","text":"Changed my mind"}"#,
    );
    env.write("home/.local/share/coachlog/journal/2026/2026-11.jsonl", &format!("{made}\n{edited}\n"));
    let out = env.cmd().args(["week"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Call Ana"), "{}", stdout(&out));
    let all = env.cmd().args(["commitments", "--all", "--json"]).output().unwrap();
    assert_eq!(stdout(&all).trim(), "[]", "the latest revision has no commitment");

    // Without the second revision the commitment is open, and the week lists it.
    env.write("home/.local/share/coachlog/journal/2026/2026-11.jsonl", &format!("{made}\n"));
    let out = env.cmd().args(["week"]).output().unwrap();
    assert!(stdout(&out).contains("Call Ana"), "{}", stdout(&out));
}
