//! How coachlog hears themes and stances in what a person writes (issue 13): what `add` says
//! it heard, the stances in `list --json`, the "How it went" lines of `week` and `summary`,
//! the reasons `show` prints, tag aliases, and a person's own `themes.toml`.

use crate::util::{Env, ok, stderr, stdout};

fn add(env: &Env, text: &str) -> String {
    let out = env.cmd().args(["add", text]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn list(env: &Env) -> Vec<serde_json::Value> {
    let out = env.cmd().args(["list", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn add_says_which_themes_it_heard_which_way_and_why() {
    let env = Env::new();
    let out = add(&env, "Let Priya own the migration plan end to end, only agreed what done looks like");
    let heard = out.lines().nth(2).unwrap_or_default();
    assert_eq!(heard, "→ delegation (handed over)", "{out}");
    assert!(out.lines().nth(3).unwrap_or_default().starts_with("  heard in \"let priya own"), "{out}");

    let out = add(&env, "Took the sprint demo back off Wei an hour before because I panicked");
    assert!(out.contains("→ delegation (held on to)"), "{out}");
    let out = add(&env, "hovered over Femi's deploy again. ugh");
    assert!(out.contains("→ trust (hovered)"), "{out}");

    let first = &list(&env)[2];
    assert_eq!(first["themes"], serde_json::json!(["delegation"]));
    assert_eq!(first["stances"], serde_json::json!({"delegation": "did"}));
    assert_eq!(list(&env)[1]["stances"], serde_json::json!({"delegation": "missed"}));
}

#[test]
fn a_note_about_nothing_gets_no_theme_and_a_hint_to_tag_it() {
    let env = Env::new();
    let out = add(&env, "dentist at 4, left early");
    assert!(
        out.contains("→ no theme heard in this note; a #tag files it under one: #delegation #trust"),
        "{out}"
    );
    for lookalike in
        ["product owner sync moved to thursday", "fire drill at 2", "trust store cert expired again"]
    {
        let out = add(&env, lookalike);
        assert!(out.contains("no theme heard"), "{lookalike}: {out}");
    }
    assert!(
        list(&env)
            .iter()
            .all(|e| e["themes"] == serde_json::json!([]) && e["stances"] == serde_json::json!({}))
    );
}

#[test]
fn tags_name_themes_in_any_case_and_by_their_aliases() {
    let env = Env::new();
    let out = add(&env, "lunch with Sam #Roving");
    assert!(out.contains("→ roving-leaders"), "{out}");
    assert!(out.contains("heard in #roving"), "{out}");
    add(&env, "sorted the printer #DELEGATE #Trust C#");
    let themes = &list(&env)[0]["themes"];
    assert_eq!(themes, &serde_json::json!(["delegation", "trust"]));
    // An alias names its theme in `--theme` too.
    let out = env.cmd().args(["add", "--theme", "Roving", "lunch"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env.cmd().args(["list", "--theme", "roving", "--json"]).output().unwrap();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn quiet_add_says_nothing_about_themes() {
    let env = Env::new();
    let out = env.cmd().args(["-q", "add", "Let Priya own the plan"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out), "");
}

#[test]
fn show_prints_the_stance_and_why_each_theme() {
    let env = Env::new();
    add(&env, "didn't trust Ana with the rota, redid it myself #courage");
    let id = list(&env)[0]["id"].as_str().unwrap().to_string();
    let out = env.cmd().args(["show", &id]).output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("themes: delegation (held on to), trust (hovered)"), "{text}");
    let why = |theme: &str| text.lines().find(|l| l.starts_with(&format!("{theme} ← "))).unwrap_or_default();
    assert!(why("delegation").contains("\"redid\""), "{text}");
    assert_eq!(why("trust"), "trust ← \"trust\"", "{text}");
    assert!(why("courage").starts_with("courage ← #courage"), "{text}");
}

#[test]
fn week_and_summary_say_how_it_went_in_words_and_in_json() {
    let env = Env::new();
    add(&env, "Let Priya own the migration plan end to end");
    add(&env, "gave Kofi the whole changeover, just said what done looks like");
    add(&env, "did the rota myself again");
    let week = ok(env.cmd().arg("week").output().unwrap());
    assert!(week.contains("How it went\n  Delegation  handed over 2 · held on to 1"), "{week}");
    let summary = ok(env.cmd().arg("summary").output().unwrap());
    assert!(summary.contains("  Delegation  handed over 2 · held on to 1"), "{summary}");

    let json: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["week", "--json"]).output().unwrap().stdout).unwrap();
    let delegation = json["themes"].as_array().unwrap().iter().find(|t| t["id"] == "delegation").unwrap();
    assert_eq!((delegation["did"].as_u64(), delegation["missed"].as_u64()), (Some(2), Some(1)));
    let json: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["summary", "--json"]).output().unwrap().stdout).unwrap();
    let delegation = json["themes"].as_array().unwrap().iter().find(|t| t["id"] == "delegation").unwrap();
    assert_eq!((delegation["did"].as_u64(), delegation["missed"].as_u64()), (Some(2), Some(1)));
    // A theme without a stance has neither key.
    add(&env, "budget meeting, we get one more head");
    let json: serde_json::Value =
        serde_json::from_slice(&env.cmd().args(["summary", "--json"]).output().unwrap().stdout).unwrap();
    let management = json["themes"].as_array().unwrap().iter().find(|t| t["id"] == "management").unwrap();
    assert!(management.get("did").is_none() && management.get("missed").is_none(), "{management}");
}

#[test]
fn summary_explain_names_the_model_words_too() {
    let env = Env::new();
    add(&env, "gave Kofi the whole changeover, just said what done looks like");
    let out = env.cmd().args(["summary", "--explain", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let delegation = json["explain"].as_array().unwrap().iter().find(|x| x["theme"] == "delegation").unwrap();
    assert!(delegation["keywords"].as_object().is_some_and(|k| !k.is_empty()), "{delegation}");
    assert!(delegation.get("model").is_some(), "{delegation}");
    // Each word counted on its own, without one entry's weights, so counts add up.
    let model = delegation["model"].as_object().unwrap();
    assert!(!model.is_empty() && model.keys().all(|w| !w.contains('(') && !w.contains(", ")), "{delegation}");
}

#[test]
fn a_persons_themes_toml_adds_phrases_stances_and_look_alikes() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/themes.toml",
        r#"
[[theme]]
id = "delegation"
title = "Delegation"
did = "let go"
missed = "kept it"
tags = ["hand"]
keywords = ["gave ... the keys"]
missed_keywords = ["kept the keys"]
mentions = ["handover"]
not_keywords = ["gave the keys to the landlord"]

[[theme]]
id = "safety"
title = "Safety"
keywords = ["near miss*", "ppe"]
"#,
    );
    let out = add(&env, "gave Ama the keys to the van for the week");
    assert!(out.contains("→ delegation (let go)"), "{out}");
    let out = add(&env, "kept the keys myself, again");
    assert!(out.contains("delegation (kept it)"), "{out}");
    let out = add(&env, "gave the keys to the landlord");
    assert!(!out.contains("delegation (let go)"), "{out}");
    let out = add(&env, "two near misses on the dock, PPE talk tomorrow #hand");
    // Several themes: a line each, so every reason says whose it is.
    assert!(out.contains("\n  delegation: #hand\n  safety: \"near misses\" · \"ppe\"\n"), "{out}");
    assert_eq!(list(&env)[0]["themes"], serde_json::json!(["delegation", "safety"]));
}

/// A lone word the built-in model would overrule counts when the person put it in their own
/// `themes.toml`: their correction stands (the same word shipped built in is only evidence).
#[test]
fn a_phrase_the_person_added_is_never_overruled_by_the_model() {
    let env = Env::new();
    let text = "zorbed the invoice totals into the spreadsheet before lunch";
    assert!(add(&env, text).contains("no theme heard"), "nothing is heard in it yet");
    env.write(
        "home/.config/coachlog/themes.toml",
        "[[theme]]\nid = \"delegation\"\ntitle = \"Delegation\"\nkeywords = [\"zorbed\"]\n",
    );
    let out = add(&env, text);
    assert!(out.contains("→ delegation"), "{out}");
    assert!(out.contains("heard in \"zorbed\""), "{out}");
    assert_eq!(list(&env)[0]["themes"], serde_json::json!(["delegation"]));
    // Read again (as every report does), the earlier note is now heard too.
    assert_eq!(list(&env)[1]["themes"], serde_json::json!(["delegation"]));
}

/// A plan has not gone either way yet, whatever the model thinks of the rest of the note; a
/// "haven't" turns what follows like a "didn't".
#[test]
fn a_plan_has_no_stance_and_havent_turns_it() {
    let env = Env::new();
    let out = add(&env, "Need to delegate more, I'm drowning");
    assert!(out.contains("→ delegation\n"), "{out}");
    let out = add(&env, "Haven't delegated anything this week");
    assert!(out.contains("→ delegation (held on to)"), "{out}");
}

/// A tag says which theme, never which way it went: with nothing said about it, no stance
/// (and the review's "How it went" does not count it).
#[test]
fn a_tag_alone_gives_a_theme_but_no_stance() {
    let env = Env::new();
    let out = add(&env, "nothing much today");
    // The hint wraps under itself, never back to the first column.
    assert!(out.lines().skip(2).all(|l| l.starts_with("→") || l.starts_with("  ")), "{out}");
    let out = add(&env, "Dentist at 3 #delegation");
    assert!(out.contains("→ delegation\n"), "{out}");
    let out = add(&env, "Talked to Kai. #trust");
    assert!(out.contains("→ trust\n"), "{out}");
    for e in list(&env) {
        assert_eq!(e["stances"], serde_json::json!({}), "{e}");
    }
}

/// A tag adds its theme to what the words say; it does not make the model drop a theme the
/// words gave ("#vision" once made it overrule the delegation below).
#[test]
fn a_tag_adds_to_the_themes_the_words_give() {
    let env = Env::new();
    let out = add(&env, "Asked Sam to lead the retro #vision");
    assert!(out.contains("→ delegation (handed over) · vision"), "{out}");
    let out = add(&env, "Left the team to it #roving");
    assert!(out.contains("delegation (handed over) · roving-leaders"), "{out}");
}

/// A broken themes.toml never locks anyone out of their journal: every command names the file,
/// line and problem in a warning and goes on with the built-in themes; `prompts validate`
/// fails on it.
#[test]
fn a_broken_themes_toml_is_named_but_locks_nothing_and_add_still_saves() {
    let env = Env::new();
    let path = env.write(
        "home/.config/coachlog/themes.toml",
        "[[theme]]\nid = \"x\"\ntitle = \"X\"\ntags = [\"#bad tag\"]\n",
    );
    env.cmd().args(["add", "-q", "Asked Sam to run standup"]).assert().success();
    for args in
        [&["list"][..], &["show", "today"], &["summary"], &["week"], &["status"], &["calendar"], &["export"]]
    {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("warning: ") && err.contains(&path.display().to_string()), "{args:?}: {err}");
        assert!(err.contains("tag `#bad tag` of theme `x`"), "{err}");
    }
    let out = env.cmd().args(["prompts", "validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));

    // The note is never the price of a broken file: saved, heard with the built-in themes,
    // and the problem said as a warning.
    let out = env.cmd().args(["add", "Let Sam run standup"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("→ delegation (handed over)"), "{}", stdout(&out));
    let warning = stderr(&out);
    assert!(warning.starts_with("warning: ") && warning.contains("the note is saved"), "{warning}");
    assert_eq!(env.records().len(), 2);

    for (phrase, problem) in [
        ("...", "has no letters or digits"),
        ("fo*o", "has `*` inside it"),
        ("... late", "has `...` at its start or end"),
        ("a ... ... b", "has `...` at its start or end, or two in a row"),
    ] {
        env.write(
            "home/.config/coachlog/themes.toml",
            &format!("[[theme]]\nid = \"x\"\ntitle = \"X\"\nkeywords = [{phrase:?}]\n"),
        );
        let out = env.cmd().args(["prompts", "validate"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{phrase}");
        assert!(
            stderr(&out).contains(&format!("keyword `{phrase}` of theme `x` {problem}")),
            "{}",
            stderr(&out)
        );
    }
    env.write("home/.config/coachlog/themes.toml", "[[theme]]\nid = \"x\"\ntitle = \"X\"\ndid = \"did\"\n");
    let out = env.cmd().args(["prompts", "validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("sets only one of `did` and `missed`"), "{}", stderr(&out));
}

#[test]
fn a_negation_ends_with_its_sentence() {
    let env = Env::new();
    let out = add(&env, "Didn't sleep. Hovered over Jo all day.");
    assert!(out.contains("→ trust (hovered)"), "{out}");
    let out = add(&env, "Never again.\nAsked Sam to lead the retro");
    assert!(out.contains("→ delegation (handed over)"), "{out}");
    let out = add(&env, "I never micromanage. Today I micromanaged Jo.");
    assert!(out.contains("→ trust (hovered)"), "{out}");
}

#[test]
fn terminal_control_bytes_in_a_themes_toml_are_refused_and_never_reach_the_terminal() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/themes.toml",
        "[[theme]]\nid = \"trust\"\ntitle = \"Trust\"\ndid = \"ok\\u001b]0;pwned\\u0007\"\nmissed = \"no\"\nkeywords = [\"trust*\"]\n",
    );
    let out = env.cmd().args(["add", "trusted the team \u{1b}[2J today"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (said, warned) = (stdout(&out), stderr(&out));
    assert!(
        !said.contains('\u{1b}') && !warned.contains('\u{1b}') && !warned.contains('\u{7}'),
        "{said:?} {warned:?}"
    );
    assert!(
        warned.contains("has a control character in `did`") || warned.contains("control character"),
        "{warned}"
    );
    assert!(said.contains("→ trust (stayed out of it)"), "{said}");
    let out = env.cmd().arg("week").output().unwrap();
    assert!(!stdout(&out).contains('\u{1b}') && !stderr(&out).contains('\u{1b}'));
}

/// A themes.toml that is a link to nowhere is named (it used to be skipped in silence, so the
/// person's own phrases were quietly not in force); `add` still saves the note.
#[test]
fn a_themes_toml_linked_to_nowhere_is_named() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::os::unix::fs::symlink(env.home().join("dotfiles/themes.toml"), env.config_dir().join("themes.toml"))
        .unwrap();
    let out = env.cmd().args(["add", "delegated the rota"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("themes.toml: it is a link to a file that does not exist"),
        "{}",
        stderr(&out)
    );
    let month = std::fs::read_to_string(env.journal().join("2026/2026-11.jsonl")).unwrap();
    assert!(month.contains("delegated the rota"), "{month}");
    let out = env.cmd().arg("summary").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("warning: ") && stderr(&out).contains("does not exist"),
        "{}",
        stderr(&out)
    );
    let out = env.cmd().args(["prompts", "validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The same for the config file: a link to nowhere is not "no config".
    std::os::unix::fs::symlink(env.home().join("dotfiles/config.toml"), env.config_dir().join("config.toml"))
        .unwrap();
    let out = env.cmd().arg("status").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("config.toml: it is a link to a file that does not exist"),
        "{}",
        stderr(&out)
    );
}

/// A stance belongs to the theme whose words say it: a tagged or chosen theme does not take
/// the stance the note's words give another theme.
#[test]
fn a_stance_is_not_lent_to_a_tagged_theme() {
    let env = Env::new();
    let out = add(&env, "Dentist #trust. I was scared to tell my boss");
    assert!(out.contains("→ trust · courage (held back)"), "{out}");
    let out = env.cmd().args(["add", "--theme", "trust", "I was scared to tell my boss"]).output().unwrap();
    assert!(stdout(&out).contains("→ trust · courage (held back)"), "{}", stdout(&out));
}

/// An option picked from a pack's list is the pack's words, not the person's: "matters" in
/// "Decide; tell me only if it matters" does not file the entry under vision.
#[test]
fn options_picked_from_a_list_are_not_heard_as_phrases() {
    let env = Env::new();
    let answers =
        env.write("answers.toml", "[answers]\ntell-me-what = \"Decide; tell me only if it matters\"\n");
    let out = env.cmd().args(["reflect", "trust", "--answers"]).arg(&answers).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(list(&env)[0]["themes"], serde_json::json!(["delegation"]));
}
