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

/// Parses an answers file and checks every id against `pack`, so that nothing is asked (and
/// nothing written) when the file names a prompt the pack does not have.
pub fn parse_answers(file: &str, text: &str, pack: &PromptPack) -> Result<AnswersFile, SourceError> {
    let raw: RawAnswers = toml::from_str(text).map_err(|e| SourceError::from_toml(file, text, &e))?;
    let mut replies = HashMap::new();
    for (key, value) in raw.answers {
        let id = key.get_ref();
        if pack.prompt(id).is_none() {
            let known: Vec<&str> = pack.prompts.iter().map(|p| p.id.as_str()).collect();
            return Err(SourceError::at(
                file,
                text,
                key.span().start,
                format!("pack `{}` has no prompt `{id}`; its prompts are: {}", pack.id, known.join(", ")),
            ));
        }
        let offset = value.span().start;
        let reply = to_reply(value.get_ref())
            .map_err(|m| SourceError::at(file, text, offset, format!("answer to `{id}`: {m}")))?;
        replies.insert(id.clone(), (reply, offset));
    }
    let mut follow_ups = Vec::new();
    for (key, value) in raw.follow_up {
        let Some(status) = Status::parse(value.get_ref()) else {
            return Err(SourceError::at(
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
        };
        follow_ups.push((key.get_ref().trim().to_string(), status, key.span().start));
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

    /// Checks that every `[follow-up]` key names exactly one of the `open` commitments.
    pub fn check_follow_ups(&self, open: &[Commitment]) -> Result<(), SourceError> {
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
            return Err(SourceError::at(&self.file, &self.text, *offset, format!("[follow-up] {problem}")));
        }
        Ok(())
    }

    pub fn prompter(&self) -> ScriptedPrompter<'_> {
        ScriptedPrompter { answers: self }
    }
}

/// Answers prompts from an [`AnswersFile`]; prompts without an answer are skipped.
pub struct ScriptedPrompter<'a> {
    answers: &'a AnswersFile,
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
        let err = parse_answers("a.toml", "[answers]\nnote = \"x\"\nmood = 3\n", &pack()).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("no prompt `mood`"), "{err}");
    }

    #[test]
    fn bad_follow_up_status_is_an_error() {
        let err = parse_answers("a.toml", "[follow-up]\n\"*\" = \"finished\"\n", &pack()).unwrap_err();
        assert!(err.message.contains("done, partly, open, dropped"), "{err}");
    }

    fn open(id: &str) -> Commitment {
        Commitment {
            id: id.into(),
            entry: id.split(':').next().unwrap().into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            text: "t".into(),
            status: Status::Open,
            followed_up: None,
            carried: 0,
        }
    }

    #[test]
    fn follow_ups_are_answered_by_id_prefix_or_star() {
        let p = pack();
        let file =
            parse_answers("a.toml", "[follow-up]\n\"01ab\" = \"done\"\n\"*\" = \"open\"\n", &p).unwrap();
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
        let err = file.check_follow_ups(&[open("01ABC:tomorrow")]).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("`01Q` is not an open commitment; open ones: 01ABC:tomorrow"), "{err}");
    }

    #[test]
    fn unknown_sections_are_errors() {
        let err = parse_answers("a.toml", "[answer]\nnote = \"x\"\n", &pack()).unwrap_err();
        assert!(err.message.contains("unknown field `answer`"), "{err}");
    }

    #[test]
    fn wrong_kind_is_located_at_its_value() {
        let p = pack();
        let file = parse_answers("a.toml", "[answers]\nnote = \"x\"\ntrust = \"high\"\n", &p).unwrap();
        let err = run(
            &Agenda { pack: &p, prompts: &[0, 1], follow_ups: &[] },
            vec![],
            &mut file.prompter(),
            &mut |_| Ok(()),
        )
        .unwrap_err();
        let SessionError::Invalid { prompt, message } = err else { panic!() };
        let located = file.locate(&prompt, &message);
        assert_eq!(located.line, 3);
        assert!(located.message.contains("answer to `trust`"), "{located}");
    }
}
