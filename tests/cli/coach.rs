//! People, a person's page, the weekly suggestion and the markdown reports, over a journal of
//! three months written through `today --answers`: people with aliases, a commitment carried
//! over again and again, and trust ratings that fall.

use crate::util::{Env, stderr, stdout};

fn session(env: &Env, date: &str, answers: &str) {
    let path = env.write("answers.toml", answers);
    let out = env
        .cmd()
        .env("COACHLOG_NOW", format!("{date}T20:30:00+01:00"))
        .args(["today", "--answers"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{date}: {}", stderr(&out));
}

/// September to November 2026. Sam is also "Samuel" (merged by people.toml); a commitment
/// about Sam made on 9 November is carried over four times; trust ratings fall in the last
/// week; Maria's idea is heard; Ana Lopez is followed.
fn quarter() -> Env {
    let env = Env::new();
    env.write("home/.config/coachlog/people.toml", "[aliases]\nSamuel = \"Sam\"\n");
    for (date, people, headline) in [
        ("2026-09-07", "\"Maria\", \"Tom\"", "Tom asked me for help with the budget."),
        ("2026-09-21", "\"Maria\"", "Quiet planning day."),
        ("2026-10-05", "\"Samuel\"", "Samuel ran the incident call."),
        ("2026-10-19", "\"Ana Lopez\", \"maria\"", "Long day of interviews."),
    ] {
        session(
            &env,
            date,
            &format!(
                "[answers]\nheadline = \"{headline}\"\nhanded-off = \"I handed the release checklist to Sam and stayed out of it.\"\nlet-them-decide = 4\npeople-followed = [{people}]\nidea-heard = \"Maria suggested pairing on the flaky tests. We try it next sprint.\"\n"
            ),
        );
    }
    session(
        &env,
        "2026-11-09",
        "[answers]\nheadline = \"Planning.\"\nlet-them-decide = 4\ntomorrow = \"Write the on-call plan with Sam\"\n",
    );
    for date in ["2026-11-10", "2026-11-12", "2026-11-16", "2026-11-18"] {
        session(
            &env,
            date,
            "[answers]\nheadline = \"Busy.\"\nlet-them-decide = 4\n[follow-up]\n\"*\" = \"open\"\n",
        );
    }
    for (date, trust, text) in [
        ("2026-11-23", 2, "I took the deploy back from Samuel because I was nervous."),
        ("2026-11-24", 2, "I did the release notes myself instead of asking Maria."),
        ("2026-11-26", 1, "I took the planning back from Ana Lopez."),
    ] {
        session(
            &env,
            date,
            &format!(
                "[answers]\nheadline = \"{text}\"\nhanded-off = \"{text}\"\nlet-them-decide = {trust}\n[follow-up]\n\"*\" = \"open\"\n"
            ),
        );
    }
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
fn people_are_counted_once_whatever_they_are_called() {
    let env = quarter();
    let p = json(&env, &["people", "--json"]);
    let people = p["people"].as_array().unwrap();
    let names: Vec<&str> = people.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "Sam", "Sam and Samuel are one person, the most named: {names:?}");
    assert!(!names.contains(&"Samuel"), "{names:?}");
    assert!(names.contains(&"Ana Lopez") && names.contains(&"Maria") && names.contains(&"Tom"), "{names:?}");
    let sam = &people[0];
    // Four handed-off answers, the incident call, the commitment, three mornings after.
    assert_eq!(sam["roles"]["handed"], 5, "{sam}");
    assert_eq!(sam["roles"]["follows"], 1, "{sam}");
    assert_eq!(sam["roles"]["commitment"], 1, "{sam}");
    assert_eq!((sam["first"].as_str(), sam["last"].as_str()), (Some("2026-09-07"), Some("2026-11-23")));
    assert_eq!(sam["trend"].as_array().unwrap().len(), 12);
    assert_eq!(p["trend_weeks"][11], "2026-11-23");
    let maria = people.iter().find(|r| r["name"] == "Maria").unwrap();
    assert_eq!(maria["roles"]["idea"], 4, "{maria}");
    assert_eq!(maria["roles"]["follows"], 3, "maria in lower case is Maria: {maria}");

    let text = run(&env, &["people"]);
    assert!(text.contains("People · 4 named"), "{text}");
    assert!(text.contains("Ana Lopez"), "{text}");
    // Filters narrow what is counted, not who is a person.
    let nov = json(&env, &["people", "--from", "2026-11-01", "--json"]);
    let names: Vec<&str> =
        nov["people"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Sam", "Ana Lopez", "Maria"], "Tom was only named in September");
}

#[test]
fn a_person_page_has_what_was_handed_their_ideas_and_open_commitments() {
    let env = quarter();
    let page = run(&env, &["person", "samuel"]);
    assert!(
        page.starts_with("Sam · named in 6 entries, 7 Sep 2026 – 23 Nov 2026\nalso written: Samuel\n"),
        "{page}"
    );
    assert!(page.contains("Work with them: handed over 4 · held on to 1"), "{page}");
    assert!(page.contains("Open commitments that name Sam"), "{page}");
    assert!(page.contains("Write the on-call plan with Sam"), "{page}");
    assert!(page.contains("since 9 Nov 2026, carried 7×"), "{page}");
    assert!(page.contains("I took the deploy back from Samuel because I was nervous."), "{page}");
    let newest = page.find("Mon 23 Nov 2026").unwrap();
    let older = page.find("Mon 5 Oct 2026").unwrap();
    assert!(newest < older, "newest first: {page}");

    let j = json(&env, &["person", "Sam", "--json"]);
    for key in [
        "name",
        "entries",
        "first",
        "last",
        "roles",
        "handed_over",
        "held_on_to",
        "open_commitments",
        "ideas",
        "timeline",
        "total",
    ] {
        assert!(j.get(key).is_some(), "{key}: {j}");
    }
    assert_eq!(j["open_commitments"][0]["text"], "Write the on-call plan with Sam");
    assert_eq!(j["timeline"][0]["stance"], "held on to");

    let maria = run(&env, &["person", "mar", "--md"]);
    assert!(maria.starts_with("# Maria\n"), "a name's beginning finds it: {maria}");
    assert!(maria.contains("## Their ideas\n"), "{maria}");
    assert!(maria.contains("Maria suggested pairing on the flaky tests."), "{maria}");

    let one = run(&env, &["person", "sam", "-n", "1"]);
    assert!(one.contains("the newest 1 of"), "{one}");
}

#[test]
fn unknown_people_and_a_broken_people_file_are_clear_errors() {
    let env = quarter();
    let out = env.cmd().args(["person", "Bob"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: no one called `Bob` is named in the journal\n"), "{err}");
    assert!(stdout(&out).is_empty());
    let out = env.cmd().args(["person", "Mari"]).output().unwrap();
    assert!(out.status.success(), "a unique beginning is enough: {}", stderr(&out));

    env.write("home/.config/coachlog/people.toml", "[aliases]\nSam = \"Samuel\"\nSamuel = \"Sammy\"\n");
    let out = env.cmd().args(["people"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("people.toml:2:"), "names the file and line: {err}");
    assert!(err.contains("itself an alias"), "{err}");
    env.write("home/.config/coachlog/people.toml", "aliases = 3\n");
    let out = env.cmd().args(["person", "Sam"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("people.toml:1:"), "{}", stderr(&out));

    let empty = Env::new();
    let out = empty.cmd().args(["people"]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("No one is named yet."), "{}", stdout(&out));
    assert_eq!(json(&empty, &["people", "--json"])["people"], serde_json::json!([]));
}

#[test]
fn the_week_ends_with_one_suggestion_and_the_entries_behind_it() {
    let env = quarter();
    let w = json(&env, &["week", "--json"]);
    let s = &w["suggestion"];
    assert_eq!(s["rule"], "commitment-returns", "{s}");
    assert!(s["text"].as_str().unwrap().starts_with("A commitment has come back"), "{s}");
    assert!(
        s["reason"].as_str().unwrap().contains("\"Write the on-call plan with Sam\" was made on Mon 9 Nov"),
        "{s}"
    );
    let ids: Vec<String> = env.records().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    let behind = s["entries"].as_array().unwrap();
    assert!(
        !behind.is_empty() && behind.iter().all(|e| ids.contains(&e.as_str().unwrap().to_string())),
        "{s}"
    );

    let text = run(&env, &["week"]);
    let next = text.find("Next week").expect("a Next week section");
    assert!(text[next..].contains("why: \"Write the on-call plan with Sam\""), "{text}");

    // Settle the commitment: what is left is the holding on, and the falling ratings after it.
    let id = json(&env, &["commitments", "--json"])[0]["id"].as_str().unwrap().to_string();
    run(&env, &["commitments", "drop", &id]);
    let s = json(&env, &["week", "--json"])["suggestion"].clone();
    assert_eq!(s["rule"], "held-on", "{s}");
    assert!(s["reason"].as_str().unwrap().contains("(Mon, Tue, Thu)"), "{s}");
    assert_eq!(s["entries"].as_array().unwrap().len(), 3, "{s}");
    // An empty week has none.
    assert!(json(&env, &["week", "--week", "2026-W36", "--json"])["suggestion"].is_null());
}

#[test]
fn falling_ratings_are_named_with_both_numbers() {
    let env = Env::new();
    for (date, r) in [("2026-11-17", 4), ("2026-11-18", 4), ("2026-11-24", 3), ("2026-11-26", 2)] {
        session(&env, date, &format!("[answers]\nheadline = \"A day.\"\nlet-them-decide = {r}\n"));
    }
    let s = json(&env, &["week", "--json"])["suggestion"].clone();
    assert_eq!(s["rule"], "rating-fell", "{s}");
    assert!(s["reason"].as_str().unwrap().contains("fell from 4.0 to 2.5 (Tue, Thu)"), "{s}");
}

#[test]
fn week_and_summary_write_markdown_to_share() {
    let env = quarter();
    let md = run(&env, &["week", "--md"]);
    assert!(md.starts_with("# Week 48: Mon 23 Nov 2026 to Sun 29 Nov 2026\n"), "{md}");
    for heading in ["\n## Themes\n", "\n## Commitments\n", "\n## Next week\n"] {
        assert!(md.contains(heading), "{heading}: {md}");
    }
    let summary = run(&env, &["summary", "--md"]);
    assert!(summary.starts_with("# Summary:"), "{summary}");
    assert!(summary.contains("- **Delegation**:"), "{summary}");
    // Parsed as CommonMark, the headings are the ones written and nothing else.
    let headings: Vec<String> = {
        use pulldown_cmark::{Event, Parser, Tag};
        let mut out = Vec::new();
        for e in Parser::new(&md) {
            if let Event::Start(Tag::Heading { level, .. }) = e {
                out.push(format!("{level:?}"));
            }
        }
        out
    };
    assert_eq!(headings[0], "H1");
    let out = env.cmd().args(["week", "--md", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = env.cmd().args(["person", "Sam", "--md", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hostile_names_are_shown_not_obeyed() {
    let env = Env::new();
    session(
        &env,
        "2026-11-26",
        "[answers]\nheadline = \"Met \\u001b]0;pwned\\u0007Eve today.\"\npeople-followed = [\"\\u001b]0;pwned\\u0007Eve\", \"# Heading\"]\n",
    );
    let out = env.cmd().args(["people"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    let md = run(&env, &["person", "# Heading", "--md"]);
    assert!(md.starts_with("# \\# Heading\n"), "{md}");
}

#[test]
fn completions_offer_the_names_the_journal_knows() {
    let env = quarter();
    // A name from the journal is data: it must never reach a shell as code.
    session(
        &env,
        "2026-11-20",
        "[answers]\nheadline = \"x\"\npeople-followed = [\"$(touch pwned)\", \"Bo`id`b\", \"O'Hara\"]\n",
    );
    assert!(run(&env, &["people"]).contains("$(touch pwned)"), "a person to coachlog");
    let zsh = run(&env, &["completions", "zsh"]);
    let line = zsh.lines().find(|l| l.contains(":name -- ")).expect("person's NAME");
    for word in ["Sam", "Maria", "Ana", "Lopez", "Tom"] {
        assert!(line.contains(word), "person NAME completes {word}: {line}");
    }
    let bash = run(&env, &["completions", "bash"]);
    let opts = bash.lines().find(|l| l.contains("--md") && l.contains(" Sam")).expect("person's options");
    for word in [" Sam", " Maria", " Ana", " Lopez", " Tom"] {
        assert!(opts.contains(word), "{word}: {opts}");
    }
    for script in [&zsh, &bash, &run(&env, &["completions", "fish"])] {
        assert!(
            !script.contains("pwned") && !script.contains("`id`") && !script.contains("O'Hara"),
            "{script}"
        );
    }
    // The words of a name, as completion gives them, find the person.
    let page = run(&env, &["person", "Ana", "Lopez"]);
    assert!(page.starts_with("Ana Lopez · named in"), "{page}");
    // A broken people.toml leaves the names out, not the script.
    env.write("home/.config/coachlog/people.toml", "nonsense\n");
    let out = env.cmd().args(["completions", "zsh"]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("#compdef coachlog"));
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(files_under(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn pages_read_from_the_cache_say_what_the_journal_says_and_the_cache_holds_no_words() {
    let env = quarter();
    // A commitment about Maria, put off to a later day: the page shows the day it waits for.
    session(
        &env,
        "2026-11-26",
        "[answers]\nheadline = \"Short day.\"\nlet-them-decide = 3\ntomorrow = \"Ask Maria what she needs from me\"\n",
    );
    let all = json(&env, &["commitments", "--all", "--json"]);
    let maria_id = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "Ask Maria what she needs from me")
        .map(|c| c["id"].as_str().unwrap().to_string())
        .unwrap();
    let out = env.cmd().args(["commitments", "snooze", &maria_id, "--until", "2026-12-04"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // The first runs fill the cache, the next read it, and a run with no cache reads the
    // journal: all three agree.
    let mut seen = Vec::new();
    for _ in 0..2 {
        seen.push((run(&env, &["people", "--json"]), run(&env, &["person", "maria", "--json"])));
    }
    let no_cache = env.write("not-a-folder", "a file where the cache folder would be");
    let plain = |args: &[&str]| {
        let out = env.cmd().env("XDG_CACHE_HOME", &no_cache).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    seen.push((plain(&["people", "--json"]), plain(&["person", "maria", "--json"])));
    assert_eq!(seen[0], seen[1], "read from the cache");
    assert_eq!(seen[0], seen[2], "read with no cache");

    // A page's open commitments are the commitments list's, field for field.
    let page: serde_json::Value = serde_json::from_str(&seen[0].1).unwrap();
    let all = json(&env, &["commitments", "--all", "--json"]);
    let open = page["open_commitments"].as_array().unwrap();
    assert_eq!(open.len(), 1, "{page}");
    let listed = all.as_array().unwrap().iter().find(|c| c["id"] == open[0]["id"]).unwrap();
    for key in ["id", "entry", "date", "text", "status", "due", "followed_up", "carried"] {
        assert_eq!(open[0][key], listed[key], "{key}");
    }
    assert_eq!(open[0]["due"], "2026-12-04", "put off: {page}");

    // Nothing in the cache is a word of the journal.
    let cache = env.home().join(".cache");
    let files = files_under(&cache);
    assert!(files.iter().any(|f| f.to_string_lossy().ends_with(".people.json")), "{files:?}");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for word in ["maria", "samuel", "lopez", "on-call", "nervous", "release checklist", "needs from me"] {
            assert!(!text.contains(word), "{} holds {word:?}", f.display());
        }
    }
}

#[test]
fn a_new_name_is_found_in_what_was_written_before_it_was_known() {
    let env = quarter();
    // Written in October, before anyone listed Priya: a name nobody knows is not a person.
    session(
        &env,
        "2026-10-20",
        "[answers]\nheadline = \"Priya fixed the build before I noticed.\"\nlet-them-decide = 4\n",
    );
    let before = json(&env, &["people", "--json"]);
    assert!(before["people"].as_array().unwrap().iter().all(|p| p["name"] != "Priya"), "{before}");
    // Now a list names her: the October sentence is hers too, though that month's kept
    // people were made when her name was unknown.
    session(
        &env,
        "2026-11-27",
        "[answers]\nheadline = \"Retro.\"\nlet-them-decide = 4\npeople-followed = [\"Priya\"]\n",
    );
    let after = json(&env, &["people", "--json"]);
    let priya = after["people"].as_array().unwrap().iter().find(|p| p["name"] == "Priya").cloned();
    let priya = priya.unwrap_or_else(|| panic!("{after}"));
    assert_eq!(priya["entries"], 2, "{priya}");
    assert_eq!(priya["first"], "2026-10-20", "{priya}");
    let page = run(&env, &["person", "priya"]);
    assert!(page.contains("Priya fixed the build before I noticed."), "{page}");
    // A search reads the words again, and finds the same.
    let found = json(&env, &["people", "--search", "fixed the build", "--json"]);
    let names: Vec<&str> =
        found["people"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Priya"], "{found}");
}

#[test]
fn a_page_cut_to_n_shows_the_newest_open_commitments_and_says_how_many_there_are() {
    let env = Env::new();
    for (date, promise) in [
        ("2026-11-02", "Ask Maria which review she wants to run"),
        ("2026-11-09", "Give Maria the budget call"),
        ("2026-11-16", "Tell Maria what I decided about the rota"),
    ] {
        session(
            &env,
            date,
            &format!(
                "[answers]\nheadline = \"Day.\"\nlet-them-decide = 4\npeople-followed = [\"Maria\"]\ntomorrow = \"{promise}\"\n[follow-up]\n\"*\" = \"open\"\n"
            ),
        );
    }
    let page = run(&env, &["person", "maria", "-n", "2"]);
    assert!(page.contains("Open commitments that name Maria · the newest 2 of 3"), "{page}");
    assert!(page.contains("Tell Maria what I decided about the rota"), "{page}");
    assert!(page.contains("Give Maria the budget call"), "{page}");
    assert!(!page.contains("which review"), "the oldest is left out: {page}");
    let md = run(&env, &["person", "maria", "-n", "2", "--md"]);
    assert!(md.contains("*The newest 2 of 3 open commitments;"), "{md}");
    let j = json(&env, &["person", "maria", "--json"]);
    assert_eq!(j["open_total"], 3);
    assert_eq!(j["open_commitments"].as_array().unwrap().len(), 3, "--json has every one: {j}");
    assert_eq!(j["open_commitments"][0]["text"], "Ask Maria which review she wants to run");
}

#[test]
fn the_week_and_the_review_merge_aliases_as_people_does() {
    let env = Env::new();
    env.write("home/.config/coachlog/people.toml", "[aliases]\nSamuel = \"Sam\"\n");
    session(&env, "2026-10-14", "[answers]\nheadline = \"a\"\npeople-followed = [\"Samuel\", \"Tom\"]\n");
    session(&env, "2026-11-24", "[answers]\nheadline = \"b\"\npeople-followed = [\"Samuel\", \"nobody\"]\n");
    session(&env, "2026-11-25", "[answers]\nheadline = \"c\"\npeople-followed = [\"sam\", \"Priya\"]\n");
    let week = json(&env, &["week", "--json"]);
    let named: Vec<(String, u64)> = week["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(named, vec![("Sam".to_string(), 2), ("Priya".to_string(), 1)], "\"nobody\" is no one: {week}");
    let review = json(&env, &["review", "--json"]);
    let names = |side: &str| -> Vec<String> {
        review["people"][side]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("emerged"), vec!["Priya"], "{review}");
    assert_eq!(names("faded"), vec!["Tom"], "{review}");
    assert_eq!(names("stayed"), vec!["Sam"], "Samuel then is Sam now: {review}");

    // A broken people.toml does not cost the week: a warning, and names as written.
    env.write("home/.config/coachlog/people.toml", "[aliases\n");
    let out = env.cmd().args(["week"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("warning: ") && err.contains("people.toml:1"), "{err}");
    assert!(stdout(&out).contains("Samuel"), "{}", stdout(&out));
}

#[test]
fn names_are_found_as_written_and_words_are_not_names_and_damage_is_not_cached() {
    let env = Env::new();
    session(&env, "2026-11-20", "[answers]\nheadline = \"x\"\npeople-followed = [\"McDonald\", \"Will\"]\n");
    let add = |date: &str, text: &str| {
        let out = env.cmd().args(["add", "--date", date, text]).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    add("2026-11-23", "I handed the migration to McDonald and will check in on Friday.");
    add("2026-11-24", "I will call the vendor.");
    let p = json(&env, &["people", "--json"]);
    let entries = |name: &str| {
        p["people"].as_array().unwrap().iter().find(|r| r["name"] == name).map(|r| r["entries"].clone())
    };
    assert_eq!(entries("McDonald"), Some(serde_json::json!(2)), "found as written: {p}");
    assert_eq!(entries("Will"), Some(serde_json::json!(1)), "\"will\" is a word: {p}");

    // A damaged line's words are warned about on every read and never kept in the cache.
    let month = env.journal().join("2026/2026-11.jsonl");
    let mut text = std::fs::read_to_string(&month).unwrap();
    text.push_str("{\"v\":1,\"id\":\"01M8F9FRG0Z55RTEQPD9TRF1ZB\",\"rev\":1,\"at\":\"2026-11-26T10:00:00+01:00\",\"date\":\"2026-11-26\",\"pack\":\"quick\",\"answers\":[{\"prompt\":\"note\",\"kind\":\"rating\",\"question\":\"q\",\"rating\":\"Secretword Maria is leaving\"}]}\n");
    std::fs::write(&month, text).unwrap();
    for _ in 0..2 {
        for args in [&["people"][..], &["person", "mcdonald"], &["summary"]] {
            let out = env.cmd().args(args).output().unwrap();
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains("2026-11.jsonl:"), "{args:?} warns every time: {}", stderr(&out));
        }
    }
    for f in files_under(&env.home().join(".cache")) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("Secretword"), "{}", f.display());
    }
}

#[test]
fn a_crafted_people_cache_is_read_again_from_the_journal() {
    let env = quarter();
    let before = run(&env, &["person", "sam", "--json"]);
    let cache = env.home().join(".cache");
    let kept: Vec<_> = files_under(&cache)
        .into_iter()
        .filter(|f| f.to_string_lossy().ends_with("2026-11.people.json"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&kept[0]).unwrap()).unwrap();
    // The stamp is left as it was; what it vouches for is not.
    for row in v["month"]["people"]["r"].as_array_mut().unwrap() {
        row[3] = serde_json::json!(u32::MAX);
        row[1] = serde_json::json!(999);
    }
    v["month"]["people"]["e"][0][1] = serde_json::json!(3_752_059);
    std::fs::write(&kept[0], serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(run(&env, &["person", "sam", "--json"]), before);
}
