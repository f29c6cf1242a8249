//! What a session recalls about the people a `recall` prompt names (the one-on-one's "who is
//! it with?"), shown before the next question: the open commitments that name them or were
//! made in an earlier entry of the pack with them, and what that entry said. Pure: the
//! command hands over the recent journal; the lines are said through the `Prompter`.

use chrono::NaiveDate;

use super::commitment::Commitment;
use super::entry::{Answer, Record};
use super::lookback;
use super::pack::{Prompt, PromptPack};
use super::people::{Aliases, NameFinder};
use super::text::{fold, one_line};

/// What the journal holds that a session may recall.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    /// Open commitments (whatever their due day), oldest first.
    pub open: Vec<Commitment>,
    /// Earlier entries of the session's pack (latest revisions, deleted ones left out).
    pub earlier: Vec<Record>,
    /// `people.toml`: other names a person goes by.
    pub aliases: Aliases,
}

/// Open commitments listed one by one; more are counted.
const MAX_COMMITMENTS: usize = 5;
/// Answers quoted from the last entry with a person.
const MAX_ANSWERS: usize = 4;
/// The longest answer or commitment quoted.
const ANSWER_CHARS: usize = 160;
/// People looked up from one answer; a longer list is most likely not a list of people.
const MAX_PEOPLE: usize = 5;
/// The longest name shown back when it is not one.
const NAME_CHARS: usize = 60;

/// The lines to show once `prompt` (a `recall` list of `pack`) was answered with `names`.
/// `settled`: commitments this session already followed up as done, partly done or dropped.
pub fn lines(
    memory: &Memory,
    pack: &PromptPack,
    prompt: &Prompt,
    names: &[String],
    settled: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for typed in names.iter().take(MAX_PEOPLE) {
        let Some((shown, key)) = memory.aliases.resolve(typed) else {
            out.push(format!(
                "“{}” does not read as a person's name, so there is nothing to look up for it.",
                cut(&one_line(typed), NAME_CHARS)
            ));
            continue;
        };
        if seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        // "sam" typed, and people.toml knows Sam: shown as the table writes it.
        let shown =
            memory.aliases.pairs().find(|(_, n)| fold(n) == key).map_or(shown, |(_, n)| n.to_string());
        out.extend(about(memory, (pack, prompt), typed, (&shown, &key), settled));
    }
    if names.len() > MAX_PEOPLE {
        out.push(format!(
            "The first {MAX_PEOPLE} names were looked up; `coachlog person NAME` shows anyone's page."
        ));
    }
    out
}

/// The lines about one person, `shown` as the alias table names them, `key` folded.
fn about(
    memory: &Memory,
    (pack, prompt): (&PromptPack, &Prompt),
    typed: &str,
    (shown, key): (&str, &str),
    settled: &[&str],
) -> Vec<String> {
    // Their earlier entries of this pack: the recall prompt's answer lists them.
    let mut with_them: Vec<&Record> = memory
        .earlier
        .iter()
        .filter(|r| !r.deleted && r.pack.as_deref() == Some(pack.id.as_str()))
        .filter(|r| {
            r.answers.iter().any(|a| {
                a.prompt == prompt.id
                    && a.items
                        .iter()
                        .flatten()
                        .any(|i| memory.aliases.resolve(i).is_some_and(|(_, k)| k == key))
            })
        })
        .collect();
    with_them.sort_by_key(|r| (r.date, r.at));
    let entries: Vec<&str> = with_them.iter().map(|r| r.id.as_str()).collect();

    // Every way their name is written: as typed, as the table shows it, and its aliases.
    let mut spellings: Vec<String> = vec![typed.trim().to_string(), shown.to_string()];
    spellings.extend(memory.aliases.pairs().filter(|(_, n)| fold(n) == key).map(|(a, _)| a.to_string()));
    let finder = NameFinder::new(spellings.iter().map(|s| (s.as_str(), 0)));
    let names_them = |text: &str| {
        let mut hit = false;
        finder.find(text, |_, _, _| hit = true);
        hit
    };
    let open: Vec<&Commitment> = memory
        .open
        .iter()
        .filter(|c| !settled.contains(&c.id.as_str()))
        .filter(|c| entries.contains(&c.entry.as_str()) || names_them(&c.text))
        .collect();

    let mut out = Vec::new();
    for c in open.iter().take(MAX_COMMITMENTS) {
        let carried = match c.carried {
            0 => String::new(),
            1 => " (carried over once)".to_string(),
            n => format!(" (carried over {n} times)"),
        };
        out.push(format!(
            "Still open with {shown}, since {}: {}{carried}",
            day(c.date),
            cut(&one_line(&c.text), ANSWER_CHARS)
        ));
    }
    if open.len() > MAX_COMMITMENTS {
        out.push(format!(
            "… and {} more still open with {shown}; `coachlog commitments` lists them all.",
            open.len() - MAX_COMMITMENTS
        ));
    }
    match with_them.last() {
        Some(last) => {
            out.push(format!("Your last {} with {shown}, {}:", mid_sentence(&pack.title), day(last.date)));
            let said = last.answers.iter().filter(|a| worth_quoting(a, pack, prompt)).take(MAX_ANSWERS);
            for a in said {
                out.push(format!("{} {}", one_line(&a.question), quoted(a)));
            }
        }
        None if open.is_empty() => {
            out.push(format!(
                "Nothing is open with {shown}, and no earlier {} names them.",
                mid_sentence(&pack.title)
            ));
        }
        None => {}
    }
    out
}

/// An answer of an earlier entry that says something about the person: not the list of
/// names, not the choice of half, not a follow-up or a look-back.
fn worth_quoting(a: &Answer, pack: &PromptPack, prompt: &Prompt) -> bool {
    a.prompt != prompt.id
        && !pack.is_gate(&a.prompt)
        && a.kind != "follow-up"
        && a.prompt != lookback::PROMPT_ID
        && a.is_answered()
}

/// An answer as a short quote: `“words”`, `4/5`, `a choice`, `a, b`.
fn quoted(a: &Answer) -> String {
    if let Some(t) = a.text.as_deref() {
        return format!("“{}”", cut(&one_line(t), ANSWER_CHARS));
    }
    if let Some(r) = a.rating {
        return format!("{r}/{}", a.max.unwrap_or(5));
    }
    if let Some(c) = a.choice.as_deref() {
        return cut(&one_line(c), ANSWER_CHARS);
    }
    if let Some(items) = &a.items {
        return cut(&one_line(&items.join(", ")), ANSWER_CHARS);
    }
    match a.yes {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push('…');
    s
}

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// A title as it reads inside a sentence: "One-on-one" → "one-on-one" ("ABC review" stays).
fn mid_sentence(title: &str) -> String {
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(title[first.len_utf8()..].chars()).collect()
        }
        _ => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::commitment::Status;
    use crate::core::pack::parse_pack;
    use crate::core::theme::Themes;

    const PACK: &str = r#"
[pack]
id = "one-on-one"
title = "One-on-one"

[[prompt]]
id = "moment"
kind = "choice"
options = ["Before it", "After it"]
always = true
question = "Before or after?"

[[prompt]]
id = "with"
kind = "list"
recall = true
always = true
question = "Who is it with?"

[[prompt]]
id = "want"
kind = "text"
question = "What do they want to change?"
when = { moment = "After it" }

[[prompt]]
id = "owe"
kind = "commitment"
question = "What do you owe them?"
when = { moment = "After it" }
"#;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn record(id: &str, date: &str, with: &str) -> Record {
        serde_json::from_value(serde_json::json!({
            "v": 1, "id": id, "rev": 1, "at": format!("{date}T18:00:00+01:00"), "date": date,
            "pack": "one-on-one",
            "answers": [
                {"prompt": "moment", "kind": "choice", "question": "Before or after?", "choice": "After it"},
                {"prompt": "with", "kind": "list", "question": "Who is it with?", "items": [with]},
                {"prompt": "want", "kind": "text", "question": "What do they want to change?", "text": format!("Fewer meetings, says {with}.")},
                {"prompt": "owe", "kind": "commitment", "question": "What do you owe them?", "text": "Send the budget numbers"}
            ]
        }))
        .unwrap()
    }

    fn open(entry: &str, date: &str, text: &str, carried: u32) -> Commitment {
        Commitment {
            id: format!("{entry}:owe"),
            entry: entry.into(),
            date: d(date),
            text: text.into(),
            status: Status::Open,
            due: d(date),
            followed_up: None,
            carried,
        }
    }

    #[test]
    fn a_person_brings_back_what_is_open_with_them_and_their_last_entry() {
        let pack = parse_pack("p.toml", PACK, &Themes::default()).unwrap();
        let with = pack.prompt("with").unwrap();
        let memory = Memory {
            open: vec![
                open("A", "2026-11-09", "Write the on-call plan with Maria", 2),
                open("B", "2026-11-17", "Send the budget numbers", 0),
                open("C", "2026-11-20", "Ask Tom about the rota", 0),
            ],
            earlier: vec![record("B", "2026-11-17", "maria"), record("C", "2026-11-20", "Tom")],
            aliases: Aliases::default(),
        };
        let got = lines(&memory, &pack, with, &["Maria".into()], &[]);
        assert_eq!(
            got,
            vec![
                "Still open with Maria, since Mon 9 Nov: Write the on-call plan with Maria (carried over 2 times)",
                "Still open with Maria, since Tue 17 Nov: Send the budget numbers",
                "Your last one-on-one with Maria, Tue 17 Nov:",
                "What do they want to change? “Fewer meetings, says maria.”",
                "What do you owe them? “Send the budget numbers”",
            ]
        );
        let settled = lines(&memory, &pack, with, &["Maria".into()], &["A:owe", "B:owe"]);
        assert_eq!(settled[0], "Your last one-on-one with Maria, Tue 17 Nov:", "followed up this session");
        let long = "x".repeat(5000);
        let many: Vec<String> = (0..40).map(|i| format!("Person{i}")).collect();
        let got = lines(&memory, &pack, with, &many, &[]);
        assert_eq!(got.len(), 6, "five looked up, and a line saying so: {got:?}");
        let got = lines(&memory, &pack, with, &[long], &[]);
        assert!(got[0].chars().count() < 200, "{}", got[0]);
        let nobody = lines(&memory, &pack, with, &["Ana".into(), "ana".into(), "me".into()], &[]);
        assert_eq!(
            nobody,
            vec![
                "Nothing is open with Ana, and no earlier one-on-one names them.",
                "“me” does not read as a person's name, so there is nothing to look up for it.",
            ]
        );
    }

    #[test]
    fn aliases_find_a_person_under_their_other_names() {
        let pack = parse_pack("p.toml", PACK, &Themes::default()).unwrap();
        let memory = Memory {
            open: vec![open("A", "2026-11-09", "Pair with Sammy on deploys", 0)],
            earlier: vec![],
            aliases: Aliases::parse("people.toml", "[aliases]\nSammy = \"Sam\"\n").unwrap(),
        };
        let got = lines(&memory, &pack, pack.prompt("with").unwrap(), &["sam".into()], &[]);
        assert_eq!(got, vec!["Still open with Sam, since Mon 9 Nov: Pair with Sammy on deploys"]);
    }
}
