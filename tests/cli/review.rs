//! `coachlog review`: then and now, over two months written through `today --answers`.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::util::{Env, ok, stderr, stdout};

/// One daily session on `date` (2026-MM-DD), written at 20:30 that day.
fn session(
    env: &Env,
    date: &str,
    handed_off: &str,
    trust: i64,
    people: &[&str],
    tomorrow: &str,
    follow: &str,
) {
    // TOML strings, escapes and all.
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let people: Vec<String> = people.iter().map(|p| quoted(p)).collect();
    let mut answers = format!(
        "[answers]\nheadline = \"A day\"\nhanded-off = {}\nlet-them-decide = {trust}\npeople-followed = [{}]\n",
        quoted(handed_off),
        people.join(", ")
    );
    if !tomorrow.is_empty() {
        answers.push_str(&format!("tomorrow = {}\n", quoted(tomorrow)));
    }
    if !follow.is_empty() {
        answers.push_str(&format!("[follow-up]\n\"*\" = {}\n", quoted(follow)));
    }
    let path = env.write("answers.toml", &answers);
    let out = env
        .cmd()
        .env("COACHLOG_NOW", format!("{date}T20:30:00+01:00"))
        .args(["today", "--answers"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{date}: {}", stderr(&out));
}

/// October and November 2026: trust ratings fall (4.5 → 2.5), delegation turns from held on
/// to (3 of 4) to handed over (3 of 4), Priya and Sam come into view and Tom fades, and
/// November's commitments are kept where October's were dropped. The clock stays at Friday
/// 27 November, so the quarter so far is October beside November.
fn quarter() -> Env {
    let env = Env::new();
    let oct = [
        (
            "2026-10-05",
            "Rewrote the deploy script myself; Sam could have owned it.",
            4,
            &["Tom", "Maria"][..],
            "Let Sam run standup",
            "",
        ),
        (
            "2026-10-08",
            "Kept the release review to myself again.",
            5,
            &["Tom"][..],
            "Skip the design review",
            "open",
        ),
        (
            "2026-10-12",
            "Took the planning back from Ana and did it myself.",
            4,
            &["maria"][..],
            "Ask Maria about the roadmap",
            "dropped",
        ),
        ("2026-10-20", "Let Tom run the sprint demo end to end.", 5, &["Tom", "Maria"][..], "", "open"),
    ];
    let nov = [
        (
            "2026-11-03",
            "Handed the release review to Sam and stayed out of it.",
            2,
            &["Maria", "Priya"][..],
            "Hand the budget review to Priya",
            "done",
        ),
        (
            "2026-11-10",
            "Asked Priya to own the migration plan; she chose the approach.",
            3,
            &["priya"][..],
            "Stay out of the release channel",
            "done",
        ),
        (
            "2026-11-17",
            "Kept the budget review to myself again.",
            2,
            &["Priya", "Sam"][..],
            "Thank Tom for the demo",
            "partly",
        ),
        ("2026-11-24", "Let Priya run the planning end to end.", 3, &["MARIA"][..], "", "open"),
    ];
    for (date, text, trust, people, tomorrow, follow) in oct.into_iter().chain(nov) {
        session(&env, date, text, trust, people, tomorrow, follow);
    }
    env
}

fn run(env: &Env, args: &[&str]) -> String {
    ok(env.cmd().args(args).env("COLUMNS", "100").output().unwrap())
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&run(env, args)).unwrap()
}

#[test]
fn the_quarter_so_far_sets_october_beside_november() {
    let env = quarter();
    let text = run(&env, &["review"]);
    assert!(text.starts_with("Then and now · 2026-Q4\n"), "{text}");
    assert!(text.contains("October 2026 (4 entries) beside 1–27 November 2026 (4 entries)"), "{text}");
    let row =
        |name: &str| text.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_default().to_string();
    assert!(
        row("theme")
            .split_whitespace()
            .eq(["theme", "entries", "Oct", "→", "Nov", "rating", "Oct", "→", "Nov", "change"]),
        "{text}"
    );
    assert!(
        row("Trust").split_whitespace().eq(["Trust", "4", "→", "4", "4.5", "→", "2.5", "−2.0"]),
        "{text}"
    );
    assert!(row("Management").split_whitespace().eq(["Management", "0", "→", "2"]), "{text}");
    assert!(text.contains("How it went, October → November"), "{text}");
    let went = text.lines().find(|l| l.contains("handed over")).unwrap();
    assert!(went.contains("handed over 1 · held on to 3  →  handed over 3 · held on to 1"), "{went}");
    let commitments: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("Commitments")).take(4).collect();
    assert!(commitments[1].split_whitespace().eq(["made", "kept", "dropped", "still", "open"]), "{text}");
    assert!(commitments[2].split_whitespace().eq(["October", "3", "0", "2", "1"]), "{text}");
    assert!(commitments[3].split_whitespace().eq(["November", "3", "2", "0", "1"]), "{text}");
    assert!(text.contains("Came into view  Priya, Sam"), "{text}");
    assert!(text.contains("Faded           Tom"), "{text}");
    assert!(text.contains("Named in both   Maria"), "{text}");
    let words: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("In your own words")).collect();
    let deleg = words.iter().position(|l| l.trim() == "Delegation").unwrap();
    assert!(
        words[deleg + 1].contains("5 Oct  “Rewrote the deploy script myself; Sam could have owned it.”"),
        "{text}"
    );
    assert!(words[deleg + 2].contains("24 Nov  “Let Priya run the planning end to end.”"), "{text}");
    assert!(!text.contains('\u{1b}'), "plain without a terminal");
    assert!(text.lines().all(|l| console::measure_text_width(l) <= 100), "{text}");
}

#[test]
fn review_json_has_stable_keys_and_the_same_numbers() {
    let env = quarter();
    let r = json(&env, &["review", "--json"]);
    for key in ["from", "to", "quarter", "state", "then", "now", "themes", "commitments", "people"] {
        assert!(r.get(key).is_some(), "{key} in {r}");
    }
    assert_eq!((r["from"].as_str(), r["to"].as_str()), (Some("2026-10-01"), Some("2026-11-27")));
    assert_eq!((r["quarter"].as_str(), r["state"].as_str()), (Some("2026-Q4"), Some("compared")));
    assert_eq!(
        r["then"],
        serde_json::json!({"month": "2026-10", "from": "2026-10-01", "to": "2026-10-31", "entries": 4})
    );
    assert_eq!(r["now"]["month"], "2026-11");
    let theme = |id: &str| r["themes"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
    let trust = theme("trust");
    assert_eq!(
        (trust["then"]["rating_avg"].as_f64(), trust["now"]["rating_avg"].as_f64()),
        (Some(4.5), Some(2.5))
    );
    assert_eq!(trust["rating_change"], -2.0);
    let deleg = theme("delegation");
    assert_eq!((deleg["then"]["did"].as_u64(), deleg["then"]["missed"].as_u64()), (Some(1), Some(3)));
    assert_eq!((deleg["now"]["did"].as_u64(), deleg["now"]["missed"].as_u64()), (Some(3), Some(1)));
    assert_eq!(
        deleg["now"]["words"],
        serde_json::json!({"date": "2026-11-24", "text": "Let Priya run the planning end to end."})
    );
    assert_eq!(
        r["commitments"]["now"],
        serde_json::json!({"made": 3, "kept": 2, "done": 1, "partly": 1, "dropped": 0, "open": 1})
    );
    assert_eq!(r["commitments"]["then"]["dropped"], 2);
    assert_eq!(
        r["people"]["emerged"],
        serde_json::json!([{"name": "Priya", "count": 3}, {"name": "Sam", "count": 1}])
    );
    assert_eq!(r["people"]["faded"], serde_json::json!([{"name": "Tom", "count": 3}]));
    assert_eq!(r["people"]["stayed"][0]["name"], "Maria");

    // The same quarter by name, by this year's number, and as a range of dates.
    assert_eq!(json(&env, &["review", "--quarter", "2026-Q4", "--json"]), r);
    assert_eq!(json(&env, &["review", "--quarter", "q4", "--json"]), r);
    let dates = json(&env, &["review", "--from", "2026-10-01", "--to", "today", "--json"]);
    assert_eq!((dates["quarter"].is_null(), &dates["themes"]), (true, &r["themes"]));
}

#[test]
fn review_markdown_is_commonmark_with_the_same_story() {
    let env = quarter();
    let md = run(&env, &["review", "--md"]);
    let headings = headings(&md);
    assert_eq!(
        headings,
        vec![
            (1, "Then and now: 2026-Q4".to_string()),
            (2, "Themes".into()),
            (2, "How it went".into()),
            (2, "Commitments".into()),
            (2, "People".into()),
            (2, "In your own words".into()),
            (3, "Delegation".into()),
            (3, "Trust".into()),
            (3, "Courage".into()),
            (3, "Management".into()),
        ],
        "{md}"
    );
    assert!(md.contains("- **Trust**: 4 → 4 entries; rating 4.5/5 → 2.5/5 (−2.0)"), "{md}");
    assert!(
        md.contains("- **Delegation**: handed over 1, held on to 3 → handed over 3, held on to 1"),
        "{md}"
    );
    assert!(md.contains("- November: 3 made, 2 kept (1 done, 1 partly), 0 dropped, 1 still open"), "{md}");
    assert!(md.contains("- Came into view: Priya, Sam\n- Faded: Tom\n"), "{md}");
    assert!(md.ends_with(")\n") && !md.ends_with("\n\n"), "{md:?}");
}

/// Headings of a CommonMark document as (level, text).
fn headings(md: &str) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    let mut open: Option<(u8, String)> = None;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                open = Some((n, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => out.extend(open.take()),
            Event::Text(t) => {
                if let Some((_, h)) = open.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock | Tag::Link { .. })
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule => out.push((0, format!("unexpected {event:?}"))),
            _ => {}
        }
    }
    out
}

#[test]
fn hostile_words_cannot_break_the_markdown_or_the_terminal() {
    let env = Env::new();
    session(&env, "2026-10-06", "Handed the demo to Sam.", 4, &["Maria"], "", "");
    session(
        &env,
        "2026-11-06",
        "# Handed over \u{1b}[2J\u{1b}]0;pwned\u{7} the *plan* <b>to</b> Ana\n---\n> quote",
        3,
        &["## Tom", "<script>", "Ann\u{1b}[31m"],
        "",
        "",
    );
    let md = run(&env, &["review", "--md"]);
    assert!(!md.bytes().any(|b| b < 0x20 && b != b'\n'), "no control byte: {md:?}");
    assert!(
        md.contains(
            "“\\# Handed over ␛\\[2J␛\\]0;pwned␇ the \\*plan\\* \\<b\\>to\\</b\\> Ana --- \\> quote”"
        ),
        "{md}"
    );
    // A list item with control characters is no one's name (as `people` has it): left out.
    assert!(md.contains("- Came into view: \\## Tom, \\<script\\>\n"), "{md}");
    let h = headings(&md);
    assert!(h.iter().all(|(level, _)| *level > 0), "{h:?}\n{md}");
    assert_eq!(h.iter().filter(|(level, _)| *level == 1).count(), 1, "{h:?}");
    assert!(h.iter().all(|(_, t)| !t.contains("Tom") && !t.contains("Handed")), "{h:?}");

    let text = run(&env, &["review"]);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    assert!(
        text.contains("“# Handed over ^[[2J^[]0;pwned^G the *plan* <b>to</b> Ana --- > quote”"),
        "{text}"
    );
    assert!(text.contains("## Tom, <script>"), "{text}");
    assert!(!text.contains("Ann"), "{text}");
    let j = json(&env, &["review", "--json"]);
    assert_eq!(j["people"]["emerged"][0]["name"], "## Tom", "--json keeps the exact text");
    assert_eq!(j["people"]["emerged"].as_array().unwrap().len(), 2, "{j}");
}

#[test]
fn a_range_in_one_month_or_without_entries_says_so() {
    let env = quarter();
    let text = run(&env, &["review", "--from", "2026-11-01", "--to", "2026-11-20"]);
    assert!(text.starts_with("Then and now · 1–20 November 2026\n"), "{text}");
    assert!(
        text.contains("lies within one month (1–20 November 2026), so then and now would be the same"),
        "{text}"
    );
    let j = json(&env, &["review", "--from", "2026-11-01", "--json"]);
    assert_eq!((j["state"].as_str(), j["themes"].as_array().map(Vec::len)), (Some("one_month"), Some(0)));
    assert!(j["commitments"].is_null() && j["people"].is_null());

    let text = run(&env, &["review", "--quarter", "2027-Q1"]);
    assert!(text.contains("Nothing was written in January 2027 or in March 2027"), "{text}");
    let text = run(&env, &["review", "--quarter", "last"]);
    assert!(text.starts_with("Then and now · 2026-Q3\n"), "{text}");
    assert!(text.contains("Nothing was written in July 2026 or in September 2026"), "{text}");
    let text = run(&env, &["review", "--from", "2026-09-15"]);
    assert!(text.contains("Nothing was written in 15–30 September 2026, the first month"), "{text}");
    let md = run(&env, &["review", "--from", "2026-09-15", "--md"]);
    assert!(md.starts_with("# Then and now: 15 September – 27 November 2026\n\nNothing was written"), "{md}");
    let env = Env::new();
    let text = run(&env, &["review"]);
    assert!(text.contains("Nothing was written in October 2026 or in 1–27 November 2026"), "{text}");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let env = quarter();
    for (args, says) in [
        (
            &["review", "--quarter", "Q5"][..],
            "--quarter: cannot read the quarter `Q5`; use 2026-Q4, Q4 (this year's), `this` or `last`",
        ),
        (&["review", "--quarter", "2026-13"][..], "cannot read the quarter `2026-13`"),
        (&["review", "--from", "someday"][..], "--from: cannot read the date `someday`"),
        (
            &["review", "--from", "2026-11-20", "--to", "2026-11-01"][..],
            "--from 2026-11-20 is after --to 2026-11-01",
        ),
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("error: ") && err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
        assert!(stdout(&out).is_empty());
    }
    for args in [
        &["review", "--md", "--json"][..],
        &["review", "--quarter", "last", "--from", "2026-10-01"][..],
        &["review", "--to", "2026-11-01"][..],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error:"), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn the_quarterly_pack_speaks_first_for_then_and_now() {
    let env = quarter();
    // A pack with the id of the quarterly pack (the user's own, or the built-in one when it
    // ships): its answers are written for looking back, so they are quoted before the days'.
    env.write(
        "home/.config/coachlog/prompts/quarterly.toml",
        "[pack]\nid = \"quarterly\"\ntitle = \"Quarterly look back\"\ndescription = \"A quarter.\"\n\n\
         [[prompt]]\nid = \"letting-go\"\ntheme = \"delegation\"\nkind = \"text\"\nalways = true\n\
         question = \"What do you hand over now that you held on to before?\"\n",
    );
    for (date, text) in [
        ("2026-10-21", "Early on. I still review every pull request before it merges."),
        ("2026-11-02", "The team plans its own sprints and I join for the last ten minutes."),
    ] {
        let path = env.write("quarterly.toml", &format!("[answers]\nletting-go = {:?}\n", text));
        let out = env
            .cmd()
            .env("COACHLOG_NOW", format!("{date}T18:00:00+01:00"))
            .args(["today", "--pack", "quarterly", "--answers"])
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{date}: {}", stderr(&out));
    }
    let r = json(&env, &["review", "--json"]);
    let deleg = r["themes"].as_array().unwrap().iter().find(|t| t["id"] == "delegation").unwrap().clone();
    assert_eq!(
        deleg["then"]["words"],
        serde_json::json!({"date": "2026-10-21", "text": "I still review every pull request before it merges."}),
        "the quarterly answer, its first sentence that says something"
    );
    assert_eq!(deleg["now"]["words"]["date"], "2026-11-02", "though daily entries came later");
}
