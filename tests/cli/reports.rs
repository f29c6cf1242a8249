//! The coaching reports over a realistic fortnight written through `today --answers`.

use crate::util::{Env, stderr, stdout};

/// Two weeks of daily sessions (14–27 November 2026, a few days skipped) with ratings,
/// people, commitments and their follow-ups, plus a quick note.
fn fortnight() -> Env {
    let env = Env::new();
    let days: [(u32, &str, i64, &str, &str); 11] = [
        (14, "Wrote the hiring plan myself; Ana could have drafted it.", 2, "Maria, Tom", "done"),
        (15, "Handed the incident review to Sam, only the doing, not the thinking.", 2, "Maria", "open"),
        (
            16,
            "Asked Priya how she would split the migration; her plan was better than mine.",
            3,
            "Maria, Priya",
            "partly",
        ),
        (17, "Let Tom own the sprint demo end to end.", 3, "Tom", "done"),
        (19, "Stepped back from the deploy; Sam ran it.", 4, "Maria, Sam", "dropped"),
        (20, "Checked Ana's pull request twice. Old habits.", 2, "Ana", "done"),
        (22, "Quiet Sunday; thought about the roadmap story.", 3, "", "open"),
        (
            23,
            "Told the team where we are heading next quarter and why it matters to them.",
            4,
            "Maria, Tom",
            "done",
        ),
        (24, "Delegated the budget review to Priya with only the outcome agreed.", 4, "Priya", "partly"),
        (26, "Nobody waited for me at standup; Maria ran it.", 5, "maria, Sam", "done"),
        (27, "Asked Sam what he needs to own deploys for good.", 5, "Sam", "done"),
    ];
    for (day, text, trust, people, follow) in days {
        let people: Vec<String> =
            people.split(',').map(str::trim).filter(|p| !p.is_empty()).map(|p| format!("\"{p}\"")).collect();
        let answers = format!(
            "[answers]\nheadline = \"Day {day}\"\nhanded-off = \"{text}\"\nlet-them-decide = {trust}\npeople-followed = [{}]\ntold-the-story = \"{}\"\ntomorrow = \"Follow through on day {day}\"\n[follow-up]\n\"*\" = \"{follow}\"\n",
            people.join(", "),
            if day % 3 == 0 { "Yes, and people picked it up" } else { "Not today" },
        );
        let path = env.write("answers.toml", &answers);
        let out = env
            .cmd()
            .env("COACHLOG_NOW", format!("2026-11-{day}T20:30:00+01:00"))
            .args(["today", "--answers"])
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "day {day}: {}", stderr(&out));
    }
    env.cmd()
        .env("COACHLOG_NOW", "2026-11-25T12:00:00+01:00")
        .args(["add", "Felt scared to push back on the deadline #courage"])
        .assert()
        .success();
    env
}

fn run(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).env("COLUMNS", "100").output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&run(env, args)).unwrap()
}

#[test]
fn week_json_has_the_keys_of_the_spec() {
    let env = fortnight();
    let w = json(&env, &["week", "--json"]);
    assert_eq!(w["week"], "2026-W48");
    assert_eq!(w["start"], "2026-11-23");
    assert_eq!(w["end"], "2026-11-29");
    assert_eq!(w["days_journaled"], 5, "the quick note of Wednesday counts");
    let c = &w["commitments"];
    let n = |k: &str| c[k].as_u64().unwrap();
    assert_eq!(
        n("carried_in") + n("made"),
        n("done") + n("partly") + n("dropped") + n("open"),
        "the tally adds up: {c}"
    );
    assert_eq!(
        w["streak"], 8,
        "Thursday 19 to Friday 27: Saturday 21 is a day off (journal_days), not a break"
    );
    let trust = w["themes"].as_array().unwrap().iter().find(|t| t["id"] == "trust").unwrap().clone();
    assert_eq!(trust["entries"], 4);
    assert_eq!(trust["rating_avg"], 4.5);
    let c = &w["commitments"];
    // Made on the 23rd, 24th, 26th and 27th; settled this week: the 20th's and 22nd's (done on
    // the 23rd), the 23rd's (partly, 24th), the 24th's (done, 26th), the 26th's (done, 27th).
    assert_eq!((c["made"].as_u64(), c["done"].as_u64(), c["partly"].as_u64()), (Some(4), Some(4), Some(1)));
    assert_eq!((c["dropped"].as_u64(), c["open"].as_u64()), (Some(0), Some(1)));
    let people = w["people"].as_array().unwrap();
    assert_eq!(people[0], serde_json::json!({"name": "Maria", "count": 2}));
    assert_eq!(people[1], serde_json::json!({"name": "Sam", "count": 2}));

    let last = json(&env, &["week", "--last", "--json"]);
    assert_eq!(last["week"], "2026-W47");
    assert_eq!(json(&env, &["week", "--week", "2026-W47", "--json"])["start"], "2026-11-16");
    assert_eq!(json(&env, &["week", "--date", "2026-11-18", "--json"])["week"], "2026-W47");
}

#[test]
fn sunday_weeks_follow_the_config() {
    let env = fortnight();
    env.write("home/.config/coachlog/config.toml", "week_start = \"sunday\"\n");
    let w = json(&env, &["week", "--json"]);
    assert_eq!((w["start"].as_str(), w["end"].as_str()), (Some("2026-11-22"), Some("2026-11-28")));
    assert_eq!(w["days_journaled"], 6);
    let text = run(&env, &["week"]);
    assert!(text.contains("Sun Mon Tue Wed Thu Fri Sat"), "{text}");
}

#[test]
fn summary_json_has_the_keys_of_the_spec() {
    let env = fortnight();
    let s = json(&env, &["summary", "--json"]);
    assert_eq!(s["from"], "2026-11-14");
    assert_eq!(s["to"], "2026-11-27");
    assert_eq!(s["entries"], 12);
    let trust = s["themes"].as_array().unwrap().iter().find(|t| t["id"] == "trust").unwrap().clone();
    for key in ["id", "entries", "share", "first", "last", "rating_avg"] {
        assert!(trust.get(key).is_some(), "{key} missing");
    }
    assert_eq!(trust["entries"], 11);
    assert_eq!(trust["first"], "2026-11-14");
    let courage = s["themes"].as_array().unwrap().iter().find(|t| t["id"] == "courage").unwrap().clone();
    assert_eq!(courage["entries"], 1, "the #courage note");

    let s = json(&env, &["summary", "--last", "7d", "--theme", "trust", "--json"]);
    assert_eq!(s["from"], "2026-11-21");
    assert_eq!(s["entries"], 5, "trust entries from the 22nd to the 27th");
    assert_eq!(s["themes"].as_array().unwrap().len(), 1);
}

#[test]
fn summary_rejects_an_unknown_theme_listing_the_known_ones() {
    let env = fortnight();
    let out = env.cmd().args(["summary", "--theme", "cooking"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a mistyped name is a usage error");
    let err = stderr(&out);
    assert!(err.starts_with("error: unknown theme `cooking`"), "{err}");
    assert!(err.contains("hint: themes: delegation, trust, roving-leaders"), "{err}");
    let out = env.cmd().args(["summary", "--from", "someday"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--from: cannot read the date `someday`"));
}

#[test]
fn summary_explain_names_prompts_tags_and_keywords() {
    let env = fortnight();
    let s = json(&env, &["summary", "--explain", "--json"]);
    let courage = s["explain"].as_array().unwrap().iter().find(|x| x["theme"] == "courage").unwrap().clone();
    assert_eq!(courage["tags"]["#courage"], 1);
    assert_eq!(courage["keywords"]["scared"], 1);
    let deleg = s["explain"].as_array().unwrap().iter().find(|x| x["theme"] == "delegation").unwrap().clone();
    assert_eq!(deleg["prompts"]["handed-off"], 11);
    assert_eq!(deleg["keywords"]["delegated"], 1);
    let text = run(&env, &["summary", "--explain"]);
    assert!(text.contains("keywords  "), "{text}");
}

#[test]
fn commitments_json_lists_every_commitment_with_its_history() {
    let env = fortnight();
    let all = json(&env, &["commitments", "--all", "--json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 11);
    let first = &all[0];
    for key in ["id", "entry", "date", "text", "status", "followed_up", "carried"] {
        assert!(first.get(key).is_some(), "{key} missing");
    }
    assert_eq!(first["text"], "Follow through on day 14");
    assert_eq!(first["status"], "partly", "carried over on the 15th, partly done on the 16th");
    assert_eq!(first["carried"], 1);
    assert_eq!(first["followed_up"], "2026-11-16");
    let open = json(&env, &["commitments", "--json"]);
    assert_eq!(open.as_array().unwrap().len(), 1, "only the 27th's is open");
}

#[test]
fn list_takes_the_filters() {
    let env = fortnight();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["list", "-n", "50", "--json"];
        a.extend_from_slice(args);
        json(&env, &a).as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&["--on", "2026-11-17"]), vec!["2026-11-17"]);
    assert_eq!(ids(&["--from", "2026-11-24", "--to", "2026-11-25"]), vec!["2026-11-25", "2026-11-24"]);
    assert_eq!(ids(&["--pack", "quick"]), vec!["2026-11-25"]);
    assert_eq!(ids(&["--search", "PRIYA"]), vec!["2026-11-24", "2026-11-16"]);
    assert_eq!(ids(&["--theme", "courage"]).len(), 1);
    assert_eq!(ids(&["--last", "3d"]), vec!["2026-11-27", "2026-11-26", "2026-11-25"]);
    let out = env.cmd().args(["list", "--on", "2026-11-18"]).output().unwrap();
    assert_eq!(stdout(&out).trim(), "No entries match these filters.");
}

#[test]
fn an_empty_week_says_so_kindly() {
    let env = Env::new();
    let text = run(&env, &["week"]);
    assert!(text.contains("Nothing written this week yet"), "{text}");
    assert!(text.contains("coachlog today"));
    assert!(text.contains("`coachlog week --last` shows last week's review"), "{text}");
    assert_eq!(text.matches("Nothing written").count(), 1, "said once: {text}");
}

#[test]
fn rendered_week() {
    let env = fortnight();
    insta::assert_snapshot!("week", run(&env, &["week"]));
}

#[test]
fn rendered_summary() {
    let env = fortnight();
    insta::assert_snapshot!("summary", run(&env, &["summary"]));
}

#[test]
fn rendered_calendar() {
    let env = fortnight();
    insta::assert_snapshot!("calendar", run(&env, &["calendar"]));
}
