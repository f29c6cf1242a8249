//! Answers files (SPEC §3): a whole session answered from TOML, without a terminal. Parsed
//! into a [`ScriptedPrompter`] that the session asks like a person.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::{Spanned, Value};

use super::commitment::{Commitment, Status};
use super::entry::Reply;
use super::pack::{Prompt, PromptPack};
use super::session::{Prompter, SessionError, Step};
use super::source::SourceError;

/// How a commitment went, as answered in a follow-up.
pub const FOLLOW_UP_STATUSES: [&str; 4] = ["done", "partly", "open", "dropped"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<Value>>,
    #[serde(default, rename = "follow-up")]
    follow_up: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A parsed answers file.
#[derive(Debug, Clone)]
pub struct AnswersFile {
    file: String,
    text: String,
    replies: HashMap<String, (Reply, usize)>,
    /// Follow-up statuses by commitment id (a unique prefix will do) or `*`, with offsets.
    follow_ups: Vec<(String, Status, usize)>,
}

/// Parses an answers file and checks it against `pack`, so that nothing is asked (and nothing
/// written) when the file names a prompt the pack does not have or gives a value of the wrong
/// kind. Every problem is returned, in line order (TOML that does not parse is one).
pub fn parse_answers(file: &str, text: &str, pack: &PromptPack) -> Result<AnswersFile, Vec<SourceError>> {
    let raw: RawAnswers = toml::from_str(text).map_err(|e| vec![SourceError::from_toml(file, text, &e)])?;
    let mut problems = Vec::new();
    let mut replies = HashMap::new();
    for (key, value) in raw.answers {
        let id = key.get_ref();
        let Some(prompt) = pack.prompt(id) else {
            let known: Vec<&str> = pack.prompts.iter().map(|p| p.id.as_str()).collect();
            problems.push(SourceError::at(
                file,
                text,
                key.span().start,
                format!("pack `{}` has no prompt `{id}`; its prompts are: {}", pack.id, known.join(", ")),
            ));
            continue;
        };
        let offset = value.span().start;
        let checked =
            to_reply(value.get_ref()).and_then(|reply| crate::core::session::check_reply(prompt, reply));
        match checked {
            Ok(reply) => {
                replies.insert(id.clone(), (reply, offset));
            }
            Err(m) => problems.push(SourceError::at(file, text, offset, format!("answer to `{id}`: {m}"))),
        }
    }
    // The half a choice picked: its prompts may be answered (and its `always` ones must be),
    // the other half's may not, since the session would never ask them.
    let picked = |gate: &str| match replies.get(gate) {
        Some((Reply::Choice(c), _)) => Some(c.clone()),
        _ => None,
    };
    for prompt in &pack.prompts {
        let (Some(w), Some((reply, offset))) = (&prompt.when, replies.get(&prompt.id)) else { continue };
        let Some(chosen) = picked(&w.prompt) else { continue };
        if chosen != w.option && *reply != Reply::Skip {
            problems.push(SourceError::at(
                file,
                text,
                *offset,
                format!(
                    "answer to `{}`: it is asked only when `{}` is {:?}, and this file answers {:?}; leave it out or change `{}`",
                    prompt.id, w.prompt, w.option, chosen, w.prompt
                ),
            ));
        }
    }
    for prompt in pack.prompts.iter().filter(|p| p.always && !p.optional) {
        if let Some(w) = &prompt.when
            && picked(&w.prompt).as_deref() != Some(w.option.as_str())
        {
            continue;
        }
        let answered = replies.get(&prompt.id).is_some_and(|(r, _)| *r != Reply::Skip);
        let named = problems.iter().any(|p: &SourceError| p.message.contains(&format!("`{}`", prompt.id)));
        if !answered && !named {
            problems.push(SourceError::at(
                file,
                text,
                text.len(),
                format!(
                    "no answer to `{}`, which needs an answer (it is asked every session and is not optional)",
                    prompt.id
                ),
            ));
        }
    }
    let mut follow_ups = Vec::new();
    for (key, value) in raw.follow_up {
        let Some(status) = Status::parse(value.get_ref()) else {
            problems.push(SourceError::at(
                file,
                text,
                value.span().start,
                format!(
                    "follow-up of `{}` is {:?}; use one of: {}",
                    key.get_ref(),
                    value.get_ref(),
                    FOLLOW_UP_STATUSES.join(", ")
                ),
            ));
            continue;
        };
        follow_ups.push((key.get_ref().trim().to_string(), status, key.span().start));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.line, p.column));
        return Err(problems);
    }
    Ok(AnswersFile { file: file.to_string(), text: text.to_string(), replies, follow_ups })
}

fn to_reply(value: &Value) -> Result<Reply, String> {
    match value {
        Value::String(s) => Ok(Reply::Text(s.clone())),
        Value::Integer(i) => Ok(Reply::Rating(*i)),
        Value::Boolean(b) => Ok(Reply::Yes(*b)),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!("list items must be strings, not {}", other.type_str())),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Reply::Items),
        other => Err(format!(
            "a {} is not an answer; use text, a whole number, true/false or a list",
            other.type_str()
        )),
    }
}

impl AnswersFile {
    /// Where the answer to `prompt` stands in the file, for errors found later by the session.
    pub fn locate(&self, prompt: &str, message: &str) -> SourceError {
        let offset = self.replies.get(prompt).map_or(0, |(_, o)| *o);
        let message = if self.replies.contains_key(prompt) {
            format!("answer to `{prompt}`: {message}")
        } else {
            format!("no answer to `{prompt}`, which {message}")
        };
        SourceError::at(&self.file, &self.text, offset, message)
    }

    /// Checks that every `[follow-up]` key names exactly one of the `open` commitments; every
    /// key that does not is a problem, in line order.
    pub fn check_follow_ups(&self, open: &[Commitment]) -> Result<(), Vec<SourceError>> {
        let mut problems = Vec::new();
        for (key, _, offset) in &self.follow_ups {
            if key == "*" {
                continue;
            }
            let found: Vec<&Commitment> = open.iter().filter(|c| matches_key(key, &c.id)).collect();
            let problem = match found.len() {
                1 => continue,
                0 if open.is_empty() => {
                    format!("there is no open commitment to follow up, so `{key}` matches nothing")
                }
                0 => format!(
                    "`{key}` is not an open commitment; open ones: {}",
                    open.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
                n => format!("`{key}` matches {n} open commitments; give more of the id"),
            };
            problems.push(SourceError::at(&self.file, &self.text, *offset, format!("[follow-up] {problem}")));
        }
        problems.sort_by_key(|p| (p.line, p.column));
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    pub fn prompter(&self) -> ScriptedPrompter<'_> {
        ScriptedPrompter { answers: self, notes: Vec::new() }
    }
}

/// Answers prompts from an [`AnswersFile`]; prompts without an answer are skipped. What the
/// session says between questions is kept in `notes`, for the caller to show with the result.
pub struct ScriptedPrompter<'a> {
    answers: &'a AnswersFile,
    pub notes: Vec<String>,
}

/// A follow-up key names a commitment by its whole id or a prefix of it, in any case.
fn matches_key(key: &str, id: &str) -> bool {
    id.len() >= key.len() && id[..key.len()].eq_ignore_ascii_case(key) && id.is_char_boundary(key.len())
}

impl Prompter for ScriptedPrompter<'_> {
    fn follow_up(&mut self, commitment: &Commitment, _step: Step) -> Result<Option<Status>, SessionError> {
        let f = &self.answers.follow_ups;
        let named = f.iter().find(|(k, _, _)| k != "*" && matches_key(k, &commitment.id));
        Ok(named.or_else(|| f.iter().find(|(k, _, _)| k == "*")).map(|(_, s, _)| *s))
    }

    fn note(&mut self, line: &str) -> Result<(), SessionError> {
        self.notes.push(line.to_string());
        Ok(())
    }

    fn ask(&mut self, prompt: &Prompt, _step: Step) -> Result<Reply, SessionError> {
        Ok(self.answers.replies.get(&prompt.id).map_or(Reply::Skip, |(r, _)| r.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pack::parse_pack;
    use crate::core::session::{Agenda, SessionError, run};
    use crate::core::theme::Themes;

    fn pack() -> PromptPack {
        parse_pack(
            "p.toml",
            "[pack]\nid = \"p\"\ntitle = \"P\"\n[[prompt]]\nid = \"note\"\nkind = \"text\"\nquestion = \"Q\"\nalways = true\n[[prompt]]\nid = \"trust\"\nkind = \"rating\"\nquestion = \"R\"\n",
            &Themes::default(),
        )
        .unwrap()
    }

    #[test]
    fn unknown_prompt_ids_are_errors_with_their_line() {
        let errs = parse_answers("a.toml", "[answers]\nnote = \"x\"\nmood = 3\n", &pack()).unwrap_err();
        let err = &errs[0];
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("no prompt `mood`"), "{err}");
    }

    #[test]
    fn bad_follow_up_status_is_an_error() {
        let errs =
            parse_answers("a.toml", "[answers]\nnote = \"x\"\n[follow-up]\n\"*\" = \"finished\"\n", &pack())
                .unwrap_err();
        assert!(errs[0].message.contains("done, partly, open, dropped"), "{}", errs[0]);
    }

    fn open(id: &str) -> Commitment {
        Commitment {
            id: id.into(),
            entry: id.split(':').next().unwrap().into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            text: "t".into(),
            status: Status::Open,
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            followed_up: None,
            carried: 0,
        }
    }

    #[test]
    fn follow_ups_are_answered_by_id_prefix_or_star() {
        let p = pack();
        let file = parse_answers(
            "a.toml",
            "[answers]\nnote = \"x\"\n[follow-up]\n\"01ab\" = \"done\"\n\"*\" = \"open\"\n",
            &p,
        )
        .unwrap();
        let open = [open("01ABC:tomorrow"), open("01XYZ:tomorrow")];
        file.check_follow_ups(&open).unwrap();
        let mut s = file.prompter();
        let step = Step { number: 1, total: 2 };
        assert_eq!(s.follow_up(&open[0], step).unwrap(), Some(Status::Done));
        assert_eq!(s.follow_up(&open[1], step).unwrap(), Some(Status::Open));
    }

    #[test]
    fn a_follow_up_of_an_unknown_commitment_is_an_error_with_its_line() {
        let p = pack();
        let file = parse_answers("a.toml", "[answers]\nnote = \"x\"\n[follow-up]\n\"01Q\" = \"done\"\n", &p)
            .unwrap();
        let errs = file.check_follow_ups(&[open("01ABC:tomorrow")]).unwrap_err();
        let err = &errs[0];
        assert_eq!(err.line, 4);
        assert!(err.message.contains("`01Q` is not an open commitment; open ones: 01ABC:tomorrow"), "{err}");
    }

    #[test]
    fn unknown_sections_are_errors() {
        let errs = parse_answers("a.toml", "[answer]\nnote = \"x\"\n", &pack()).unwrap_err();
        assert!(errs[0].message.contains("unknown field `answer`"), "{}", errs[0]);
    }

    #[test]
    fn wrong_kind_is_located_at_its_value() {
        let p = pack();
        let errs = parse_answers("a.toml", "[answers]\nnote = \"x\"\ntrust = \"high\"\n", &p).unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("answer to `trust`"), "{}", errs[0]);
    }

    #[test]
    fn every_problem_is_reported_in_line_order() {
        let p = pack();
        let text = "[answers]\nmood = 3\ntrust = \"high\"\nzebra = 1\n[follow-up]\n\"*\" = \"finished\"\n";
        let errs = parse_answers("a.toml", text, &p).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 6, 7], "{errs:#?}");
        assert!(errs[4].message.contains("no answer to `note`, which needs an answer"), "{}", errs[4]);
        // The session itself finds nothing more to refuse in a file that passed.
        let file = parse_answers("a.toml", "[answers]\nnote = \"x\"\ntrust = 4\n", &p).unwrap();
        let ran = run(
            &Agenda {
                pack: &p,
                prompts: &[0, 1],
                follow_ups: &[],
                look_back: None,
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                recall: None,
            },
            vec![],
            &mut file.prompter(),
            &mut |_| Ok(()),
        );
        assert!(!matches!(ran, Err(SessionError::Invalid { .. })));
    }

    #[test]
    fn a_file_answers_only_the_half_its_choice_picks() {
        let p = parse_pack(
            "p.toml",
            "[pack]\nid = \"p\"\ntitle = \"P\"\n[[prompt]]\nid = \"moment\"\nkind = \"choice\"\noptions = [\"Before\", \"After\"]\nalways = true\nquestion = \"When?\"\n[[prompt]]\nid = \"plan\"\nkind = \"text\"\nalways = true\nquestion = \"Plan?\"\nwhen = { moment = \"Before\" }\n[[prompt]]\nid = \"heard\"\nkind = \"text\"\nalways = true\nquestion = \"Heard?\"\nwhen = { moment = \"After\" }\n",
            &Themes::default(),
        )
        .unwrap();
        // The half's `always` prompt is needed only when its half is picked.
        assert!(parse_answers("a.toml", "[answers]\nmoment = \"Before\"\nplan = \"x\"\n", &p).is_ok());
        let errs = parse_answers("a.toml", "[answers]\nmoment = \"After\"\n", &p).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].message.contains("no answer to `heard`"), "{}", errs[0]);
        // An answer to the other half would never be asked: an error at its line, not lost.
        let errs =
            parse_answers("a.toml", "[answers]\nmoment = \"Before\"\nplan = \"x\"\nheard = \"y\"\n", &p)
                .unwrap_err();
        assert_eq!((errs.len(), errs[0].line), (1, 4), "{errs:#?}");
        assert!(
            errs[0].message.contains(
                "`heard`: it is asked only when `moment` is \"After\", and this file answers \"Before\""
            ),
            "{}",
            errs[0]
        );
        // No choice at all: that is the one problem named.
        let errs = parse_answers("a.toml", "[answers]\nplan = \"x\"\n", &p).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].message.contains("no answer to `moment`"), "{}", errs[0]);
    }
}
