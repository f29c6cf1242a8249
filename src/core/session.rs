//! A guided session, apart from any terminal: which prompts to ask (rotation), asking them
//! through a [`Prompter`], checking each reply against its prompt, and reporting progress so
//! the caller can keep a draft. No I/O happens here.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::commitment::{self, Commitment, Status};
use super::entry::{Answer, Reply};
use super::lookback::{self, LookBack};
use super::pack::{Kind, Prompt, PromptPack};
use super::quarter::Quarter;
use super::recall::{self, Memory};

/// Where a prompt stands in the session, for "2/5" counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub number: usize,
    pub total: usize,
}

/// Why a session stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// Ctrl-C, Esc, or end of input.
    Interrupted,
    /// A reply did not fit its prompt (answers file): names the prompt id.
    Invalid { prompt: String, message: String },
    /// The terminal failed, or the draft could not be saved.
    Failed(String),
}

/// An unfinished session found on disk, as offered to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOffer {
    pub pack_title: String,
    pub date: NaiveDate,
    pub answered: usize,
    pub remaining: usize,
}

/// A check-in of the same pack already saved for the session's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub pack_title: String,
    pub date: NaiveDate,
    /// When it was written, `18:40`.
    pub time: String,
    /// How many there are for that day.
    pub count: usize,
}

/// What to do when the day already has a check-in of the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingChoice {
    /// Another check-in, a new entry.
    New,
    /// Open the existing one in the editor to add to it or change it.
    Edit,
    /// Write nothing.
    Stop,
}

/// What to do with an unfinished session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftChoice {
    Resume,
    Discard,
}

/// Talks to the person. The dialoguer implementation asks in a terminal; the scripted one
/// answers from an answers file or a test.
pub trait Prompter {
    /// Called once before the first question.
    fn begin(&mut self, _pack: &PromptPack, _total: usize) -> Result<(), SessionError> {
        Ok(())
    }

    /// Offers to resume an unfinished session. Scripted prompters never see drafts.
    fn offer_draft(&mut self, _offer: &DraftOffer) -> Result<DraftChoice, SessionError> {
        Ok(DraftChoice::Resume)
    }

    /// Says the day already has a check-in of this pack and asks what to do. Scripted
    /// prompters (answers files) always start a new one.
    fn offer_existing(&mut self, _existing: &Existing) -> Result<ExistingChoice, SessionError> {
        Ok(ExistingChoice::New)
    }

    /// Asks how an open commitment went. `None` leaves it as it is, with no follow-up.
    fn follow_up(&mut self, commitment: &Commitment, step: Step) -> Result<Option<Status>, SessionError>;

    /// Says one line between questions: before them (a theme left alone for a while), or
    /// after an answer (what the journal holds about the person just named, the day a
    /// commitment comes back). The line is untrusted text: a terminal prompter makes it safe.
    fn note(&mut self, _line: &str) -> Result<(), SessionError> {
        Ok(())
    }

    /// Asks back what the person wrote weeks ago ([`LookBack::question`]); free text, or
    /// `None` to skip. Scripted prompters (answers files) are never asked: they skip.
    fn look_back(&mut self, _look: &LookBack) -> Result<Option<String>, SessionError> {
        Ok(None)
    }

    /// The weekly session ran as `quarter` ends: answer the quarterly questions too, as a
    /// second entry? No by default, and for scripted prompters.
    fn offer_quarterly(&mut self, _quarter: Quarter) -> Result<bool, SessionError> {
        Ok(false)
    }

    /// Asks one prompt. An interactive prompter must not return `Skip` for a prompt that is
    /// not optional; a scripted one returns `Skip` when the file has no answer.
    fn ask(&mut self, prompt: &Prompt, step: Step) -> Result<Reply, SessionError>;
}

/// Checks `reply` against `prompt`: the right kind, inside the scale, one of the options.
/// Returns the normalised reply, or a message saying what was expected.
pub fn check_reply(prompt: &Prompt, reply: Reply) -> Result<Reply, String> {
    let reply = match reply {
        Reply::Text(t) if t.trim().is_empty() => Reply::Skip,
        Reply::Items(items) => {
            let items: Vec<String> =
                items.into_iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect();
            if items.is_empty() { Reply::Skip } else { Reply::Items(items) }
        }
        other => other,
    };
    let kind = prompt.kind;
    let expected = || match kind {
        Kind::Text | Kind::Editor | Kind::Commitment => "text".to_string(),
        Kind::Rating => format!("a whole number from {} to {}", prompt.min, prompt.max),
        Kind::Choice => format!("one of {}", quoted(&prompt.options)),
        Kind::Multi => format!("a list of some of {}", quoted(&prompt.options)),
        Kind::List => "a list of short items".to_string(),
        Kind::Confirm => "true or false".to_string(),
    };
    match (kind, reply) {
        (_, Reply::Skip) => Ok(Reply::Skip),
        (Kind::Text | Kind::Editor | Kind::Commitment, Reply::Text(t)) => {
            Ok(Reply::Text(t.trim_end().to_string()))
        }
        (Kind::Rating, Reply::Rating(r)) if (prompt.min..=prompt.max).contains(&r) => Ok(Reply::Rating(r)),
        (Kind::Rating, Reply::Rating(r)) => Err(format!("{r} is outside the scale; expected {}", expected())),
        (Kind::Choice, Reply::Choice(c) | Reply::Text(c)) => match find_option(prompt, &c) {
            Some(o) => Ok(Reply::Choice(o)),
            None => Err(format!("{c:?} is not an option; expected {}", expected())),
        },
        (Kind::Multi, Reply::Items(items)) => {
            let mut out = Vec::new();
            for i in items {
                match find_option(prompt, &i) {
                    Some(o) if !out.contains(&o) => out.push(o),
                    Some(_) => {}
                    None => return Err(format!("{i:?} is not an option; expected {}", expected())),
                }
            }
            Ok(Reply::Items(out))
        }
        (Kind::Multi, Reply::Text(t) | Reply::Choice(t)) => check_reply(prompt, Reply::Items(split_list(&t))),
        (Kind::List, Reply::Items(items)) => Ok(Reply::Items(items)),
        (Kind::List, Reply::Text(t)) => check_reply(prompt, Reply::Items(split_list(&t))),
        (Kind::Confirm, Reply::Yes(y)) => Ok(Reply::Yes(y)),
        (_, other) => Err(format!("got {}, expected {}", describe(&other), expected())),
    }
}

/// Splits "Maria, Tom ,  Ana" into trimmed, non-empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn find_option(prompt: &Prompt, value: &str) -> Option<String> {
    let v = value.trim();
    prompt.options.iter().find(|o| o.as_str() == v || o.eq_ignore_ascii_case(v)).cloned()
}

fn quoted(options: &[String]) -> String {
    options.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
}

fn describe(reply: &Reply) -> String {
    match reply {
        Reply::Skip => "nothing".into(),
        Reply::Text(t) => format!("the text {t:?}"),
        Reply::Rating(r) => format!("the number {r}"),
        Reply::Choice(c) => format!("the choice {c:?}"),
        Reply::Items(_) => "a list".into(),
        Reply::Yes(y) => format!("{y}"),
    }
}

/// Which prompts of `pack` to ask, as indexes in pack order: every `always` prompt and every
/// prompt of a half (`when`: its choice decides, not the rotation), plus `pick` rotating ones
/// (all of them when `pick` is `None`). Rotating prompts whose theme was
/// reflected on least recently (never counts as oldest) come first; a theme already chosen
/// in this session yields to one that is not; the rest is settled by a hash of the date and
/// the prompt id, so the plan is the same for the same journal and date.
pub fn plan(
    pack: &PromptPack,
    pick: Option<usize>,
    last_seen: &HashMap<String, NaiveDate>,
    date: NaiveDate,
) -> Vec<usize> {
    let fixed = |p: &Prompt| p.always || p.when.is_some();
    let rotating: Vec<usize> = (0..pack.prompts.len()).filter(|&i| !fixed(&pack.prompts[i])).collect();
    let mut chosen: Vec<usize> = (0..pack.prompts.len()).filter(|&i| fixed(&pack.prompts[i])).collect();
    let want = pick.unwrap_or(rotating.len()).min(rotating.len());
    let mut left = rotating;
    let mut used_themes: HashMap<String, usize> = HashMap::new();
    for a in &chosen {
        if let Some(t) = &pack.prompts[*a].theme {
            *used_themes.entry(t.clone()).or_default() += 1;
        }
    }
    for _ in 0..want {
        let best = left
            .iter()
            .enumerate()
            .min_by_key(|&(_, &i)| {
                let p = &pack.prompts[i];
                let theme = p.theme.as_deref().unwrap_or("");
                let uses = used_themes.get(theme).copied().unwrap_or(0);
                let seen = last_seen.get(theme).copied().unwrap_or(NaiveDate::MIN);
                (uses, seen, fnv(&format!("{date}/{}", p.id)))
            })
            .map(|(pos, _)| pos);
        let Some(pos) = best else { break };
        let i = left.remove(pos);
        if let Some(t) = &pack.prompts[i].theme {
            *used_themes.entry(t.clone()).or_default() += 1;
        }
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen
}

/// Themes untouched for this many days are mentioned before a session.
pub const NEGLECTED_DAYS: i64 = 14;

/// One line naming the themes not reflected on for [`NEGLECTED_DAYS`] or more, or `None`.
/// A journal younger than that has nothing to be neglected yet.
/// `last_seen_window` is how many days `last_seen` covers, when it does not cover the
/// whole journal.
pub fn neglected_notice(
    themes: &[&str],
    last_seen: &HashMap<String, NaiveDate>,
    first_entry: Option<NaiveDate>,
    date: NaiveDate,
    last_seen_window: Option<i64>,
) -> Option<String> {
    let first = first_entry?;
    if (date - first).num_days() < NEGLECTED_DAYS {
        return None;
    }
    let mut parts: Vec<(i64, String, &str)> = themes
        .iter()
        .filter_map(|t| {
            let days =
                last_seen.get(*t).map_or_else(|| (date - first).num_days(), |d| (date - *d).num_days());
            let never = !last_seen.contains_key(*t);
            (days >= NEGLECTED_DAYS).then(|| {
                let what = match (never, last_seen_window) {
                    // Only a window of the journal was looked at: "never" means "not lately".
                    (true, Some(w)) if days >= w => format!("{t} ({w}+ days)"),
                    (true, _) => format!("{t} (not yet)"),
                    (false, _) => format!("{t} ({days} days)"),
                };
                (days, what, *t)
            })
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(b.2)));
    let most = parts[0].2;
    let list: Vec<String> = parts.into_iter().map(|(_, w, _)| w).collect();
    Some(format!(
        "Not reflected on for {NEGLECTED_DAYS}+ days: {}. When you have ten minutes, try `coachlog reflect {most}`.",
        list.join(", ")
    ))
}

/// FNV-1a: a hash that never changes between builds, unlike std's `DefaultHasher`.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// What a session asks: a look-back first when there is one, then open commitments to
/// follow up, then `prompts` of `pack` (indexes from [`plan`]).
pub struct Agenda<'a> {
    pub pack: &'a PromptPack,
    pub prompts: &'a [usize],
    pub follow_ups: &'a [Commitment],
    pub look_back: Option<&'a LookBack>,
    /// The entry's day: a dated commitment's "in 3 weeks" counts from it.
    pub date: NaiveDate,
    /// What a `recall` prompt brings back; `None` recalls nothing.
    pub recall: Option<&'a Memory>,
}

/// Whether `prompt` is asked given the answers so far: a prompt of a half only once its
/// choice picked that half.
pub fn applies(prompt: &Prompt, done: &[Answer]) -> bool {
    prompt.when.as_ref().is_none_or(|w| chosen(done, &w.prompt) == Some(w.option.as_str()))
}

fn chosen<'a>(done: &'a [Answer], gate: &str) -> Option<&'a str> {
    done.iter().find(|a| a.prompt == gate).and_then(|a| a.choice.as_deref())
}

/// How many of `todo` a session will still ask, given the answers so far: a prompt of a half
/// counts once its choice picked that half, and before the choice is made the larger half
/// counts (so "2/6" does not jump when it is).
pub fn to_ask(todo: &[&Prompt], done: &[Answer]) -> usize {
    let mut plain = 0;
    let mut halves: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for p in todo {
        match &p.when {
            None => plain += 1,
            Some(w) => match chosen(done, &w.prompt) {
                Some(c) => plain += usize::from(c == w.option),
                None => *halves.entry(&w.prompt).or_default().entry(&w.option).or_default() += 1,
            },
        }
    }
    plain + halves.values().map(|h| h.values().copied().max().unwrap_or(0)).sum::<usize>()
}

/// Runs a session. `done` holds answers from a resumed draft; what it already covers is not
/// asked again. After each answer `progress` is called with every answer so far (skipped
/// ones included, so a resumed draft does not ask them again), which is where the caller
/// saves a draft.
pub fn run<P: Prompter + ?Sized>(
    agenda: &Agenda<'_>,
    mut done: Vec<Answer>,
    prompter: &mut P,
    progress: &mut dyn FnMut(&[Answer]) -> Result<(), SessionError>,
) -> Result<Vec<Answer>, SessionError> {
    let pack = agenda.pack;
    let follow_ups: Vec<&Commitment> = agenda
        .follow_ups
        .iter()
        .filter(|c| !done.iter().any(|a| a.commitment.as_deref() == Some(c.id.as_str())))
        .collect();
    let todo: Vec<&Prompt> = agenda
        .prompts
        .iter()
        .map(|&i| &pack.prompts[i])
        .filter(|p| !done.iter().any(|a| a.prompt == p.id))
        .collect();
    // A look-back is not one of the pack's questions: it is not counted in "2/5".
    let asked_before =
        done.iter().filter(|a| !a.prompt.is_empty() && a.prompt != lookback::PROMPT_ID).count();
    prompter.begin(pack, asked_before + to_ask(&todo, &done))?;
    if let Some(look) = agenda.look_back
        && !done.iter().any(|a| a.prompt == lookback::PROMPT_ID)
        && let Some(text) = prompter.look_back(look)?
        && !text.trim().is_empty()
    {
        done.push(look.answer(&text));
        progress(&done)?;
    }
    for (i, c) in follow_ups.iter().enumerate() {
        let step = Step { number: i + 1, total: follow_ups.len() };
        if let Some(status) = prompter.follow_up(c, step)? {
            done.push(commitment::follow_up(c, status));
            progress(&done)?;
        }
    }
    // A resumed session names again what a person's name brought back before the stop.
    if !todo.is_empty() {
        for a in done.iter().filter(|a| pack.prompt(&a.prompt).is_some_and(|p| p.recall)) {
            recall_about(agenda, a, &done, prompter)?;
        }
    }
    let mut asked = 0;
    for (i, &prompt) in todo.iter().enumerate() {
        if !applies(prompt, &done) {
            continue;
        }
        asked += 1;
        let step = Step {
            number: asked_before + asked,
            total: asked_before + asked - 1 + to_ask(&todo[i..], &done),
        };
        let reply = prompter.ask(prompt, step)?;
        let reply = check_reply(prompt, reply)
            .map_err(|message| SessionError::Invalid { prompt: prompt.id.clone(), message })?;
        if reply == Reply::Skip && prompt.always && !prompt.optional {
            return Err(SessionError::Invalid {
                prompt: prompt.id.clone(),
                message: "needs an answer (it is asked every session and is not optional)".into(),
            });
        }
        let mut answer = Answer::new(prompt, reply);
        if prompt.dated
            && let Some(text) = answer.text.as_deref()
        {
            let (due, words, line) = comes_back(prompt, text, agenda.date);
            answer.due = due;
            if words.is_some() {
                answer.text = words;
            }
            done.push(answer);
            progress(&done)?;
            prompter.note(&line)?;
            continue;
        }
        done.push(answer);
        progress(&done)?;
        if prompt.recall && i + 1 < todo.len() {
            recall_about(agenda, &done[done.len() - 1], &done, prompter)?;
        }
    }
    Ok(done)
}

/// Says what the journal holds about the people `answer` (to a `recall` prompt) names; what
/// the session's follow-ups (in `done`) settled is no longer open.
fn recall_about<P: Prompter + ?Sized>(
    agenda: &Agenda<'_>,
    answer: &Answer,
    done: &[Answer],
    prompter: &mut P,
) -> Result<(), SessionError> {
    let settled: Vec<&str> = done
        .iter()
        .filter(|a| a.kind == "follow-up" && a.status.as_deref() != Some(Status::Open.as_str()))
        .filter_map(|a| a.commitment.as_deref())
        .collect();
    let settled = settled.as_slice();
    let (Some(memory), Some(prompt), Some(names)) =
        (agenda.recall, agenda.pack.prompt(&answer.prompt), answer.items.as_ref())
    else {
        return Ok(());
    };
    for line in recall::lines(memory, agenda.pack, prompt, names, settled) {
        prompter.note(&line)?;
    }
    Ok(())
}

/// When the answer `text` to the dated commitment `prompt` comes back, on an entry of `date`
/// (`None`: the next day), the words to keep (without the day, when it named one: the day
/// is kept as the commitment's due day), and the line that says so.
pub fn comes_back(
    prompt: &Prompt,
    text: &str,
    date: NaiveDate,
) -> (Option<NaiveDate>, Option<String>, String) {
    let named = commitment::named_due(text, date);
    if let Some((Ok(day), rest)) = &named {
        let line = format!("This comes back as a commitment on {}.", day.format("%A %-d %B %Y"));
        return (Some(*day), Some(rest.to_string()), line);
    }
    let days = prompt.due_in_days.max(1);
    let due = date.checked_add_days(chrono::Days::new(u64::from(days)));
    let when = due.map_or_else(|| "later".to_string(), |d| format!("on {}", d.format("%A %-d %B %Y")));
    let line = match named {
        Some((Err(why), _)) => format!(
            "{why}, so this comes back as a commitment {when}; `coachlog commitments snooze ID --until DATE` moves it."
        ),
        _ => format!(
            "This comes back as a commitment {when}; to choose the day, begin the answer with it and a colon (`friday: …`, `in 3 weeks: …`, `YYYY-MM-DD: …`)."
        ),
    };
    (due.filter(|_| days > 1), None, line)
}

/// The answers worth saving: skipped prompts are dropped.
pub fn kept(answers: Vec<Answer>) -> Vec<Answer> {
    answers.into_iter().filter(Answer::is_answered).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pack::parse_pack;
    use crate::core::theme::{Theme, Themes};

    fn themes() -> Themes {
        Themes::new(
            ["delegation", "trust", "vision", "courage"].iter().map(|id| Theme::test(id, id, &[])).collect(),
        )
    }

    fn pack() -> PromptPack {
        parse_pack(
            "t.toml",
            r#"
[pack]
id = "t"
title = "Test"
pick = 2

[[prompt]]
id = "headline"
kind = "text"
question = "Headline?"
always = true

[[prompt]]
id = "handed-off"
theme = "delegation"
kind = "text"
question = "What did you hand off?"

[[prompt]]
id = "owner"
theme = "delegation"
kind = "text"
question = "Who owns it?"

[[prompt]]
id = "trust"
theme = "trust"
kind = "rating"
question = "Trust?"
low = "none"
high = "full"

[[prompt]]
id = "story"
theme = "vision"
kind = "choice"
question = "Story?"
options = ["told it", "not yet"]

[[prompt]]
id = "people"
theme = "courage"
kind = "list"
question = "Who?"
optional = true
always = true
"#,
            &themes(),
        )
        .unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Answers from a map; records what it was asked.
    struct Scripted {
        replies: HashMap<&'static str, Reply>,
        asked: Vec<String>,
        interrupt_at: Option<&'static str>,
        follow_up: Option<Status>,
        look_back: Option<String>,
    }

    impl Prompter for Scripted {
        fn follow_up(&mut self, c: &Commitment, _step: Step) -> Result<Option<Status>, SessionError> {
            self.asked.push(c.id.clone());
            Ok(self.follow_up)
        }

        fn look_back(&mut self, look: &LookBack) -> Result<Option<String>, SessionError> {
            self.asked.push(look.question.clone());
            Ok(self.look_back.clone())
        }

        fn ask(&mut self, prompt: &Prompt, _step: Step) -> Result<Reply, SessionError> {
            if self.interrupt_at == Some(prompt.id.as_str()) {
                return Err(SessionError::Interrupted);
            }
            self.asked.push(prompt.id.clone());
            Ok(self.replies.get(prompt.id.as_str()).cloned().unwrap_or(Reply::Skip))
        }
    }

    fn scripted(replies: &[(&'static str, Reply)]) -> Scripted {
        Scripted {
            replies: replies.iter().cloned().collect(),
            asked: vec![],
            interrupt_at: None,
            follow_up: None,
            look_back: None,
        }
    }

    fn ids(pack: &PromptPack, plan: &[usize]) -> Vec<String> {
        plan.iter().map(|&i| pack.prompts[i].id.clone()).collect()
    }

    #[test]
    fn rotation_is_deterministic_for_a_journal_and_date() {
        let p = pack();
        let seen = HashMap::new();
        let a = plan(&p, p.pick, &seen, d("2026-11-27"));
        assert_eq!(a, plan(&p, p.pick, &seen, d("2026-11-27")));
        assert_eq!(a.len(), 4, "two always prompts and pick = 2");
        assert!(ids(&p, &a).contains(&"headline".to_string()));
        assert!(ids(&p, &a).contains(&"people".to_string()));
    }

    #[test]
    fn rotation_prefers_least_recent_themes_and_one_prompt_per_theme() {
        let p = pack();
        let mut seen = HashMap::new();
        seen.insert("trust".to_string(), d("2026-11-26"));
        seen.insert("vision".to_string(), d("2026-11-25"));
        // delegation was never reflected on: it comes first, but only one of its two prompts.
        for day in ["2026-11-27", "2026-11-28", "2026-12-01"] {
            let chosen = ids(&p, &plan(&p, Some(2), &seen, d(day)));
            let rotating: Vec<_> = chosen.iter().filter(|i| *i != "headline" && *i != "people").collect();
            assert_eq!(rotating.len(), 2);
            assert!(rotating.iter().any(|i| *i == "handed-off" || *i == "owner"), "{chosen:?}");
            assert!(rotating.contains(&&"story".to_string()), "vision is older than trust: {chosen:?}");
        }
    }

    #[test]
    fn themes_untouched_for_two_weeks_are_named_once_the_journal_is_old_enough() {
        let mut seen = HashMap::new();
        seen.insert("trust".to_string(), d("2026-11-26"));
        seen.insert("vision".to_string(), d("2026-11-01"));
        let themes = ["trust", "vision", "courage"];
        let line = neglected_notice(&themes, &seen, Some(d("2026-10-01")), d("2026-11-27"), None).unwrap();
        assert_eq!(
            line,
            "Not reflected on for 14+ days: courage (not yet), vision (26 days). When you have ten minutes, try `coachlog reflect courage`."
        );
        assert_eq!(
            neglected_notice(&themes, &seen, Some(d("2026-11-20")), d("2026-11-27"), None),
            None,
            "a new journal"
        );
        assert_eq!(neglected_notice(&themes, &seen, None, d("2026-11-27"), None), None);
        seen.insert("vision".to_string(), d("2026-11-14"));
        seen.insert("courage".to_string(), d("2026-11-14"));
        assert_eq!(
            neglected_notice(&themes, &seen, Some(d("2026-10-01")), d("2026-11-27"), None),
            None,
            "13 days is fine"
        );
    }

    #[test]
    fn follow_ups_come_first_and_are_not_asked_again_on_resume() {
        let p = pack();
        let c = Commitment {
            id: "E1:tomorrow".into(),
            entry: "E1".into(),
            date: d("2026-11-26"),
            text: "Ask Sam".into(),
            status: Status::Open,
            due: d("2026-11-27"),
            followed_up: None,
            carried: 0,
        };
        let mut s = scripted(&[("headline", Reply::Text("x".into()))]);
        s.follow_up = Some(Status::Done);
        let follow_ups = [c];
        let agenda = Agenda {
            pack: &p,
            prompts: &[0],
            follow_ups: &follow_ups,
            look_back: None,
            date: d("2026-11-27"),
            recall: None,
        };
        let answers = run(&agenda, vec![], &mut s, &mut |_| Ok(())).unwrap();
        assert_eq!(s.asked, vec!["E1:tomorrow", "headline"]);
        assert_eq!(answers[0].kind, "follow-up");
        assert_eq!(answers[0].commitment.as_deref(), Some("E1:tomorrow"));
        assert_eq!(answers[0].status.as_deref(), Some("done"));

        let mut s = scripted(&[("headline", Reply::Text("x".into()))]);
        run(&agenda, answers[..1].to_vec(), &mut s, &mut |_| Ok(())).unwrap();
        assert_eq!(s.asked, vec!["headline"], "a resumed draft keeps its follow-up");
    }

    #[test]
    fn no_pick_asks_everything() {
        let p = pack();
        assert_eq!(plan(&p, None, &HashMap::new(), d("2026-11-27")), (0..6).collect::<Vec<_>>());
    }

    #[test]
    fn a_session_checks_replies_and_reports_progress() {
        let p = pack();
        let mut s = scripted(&[
            ("headline", Reply::Text("Shipped".into())),
            ("trust", Reply::Rating(4)),
            ("story", Reply::Text("Told It".into())),
            ("people", Reply::Text("Maria, Tom ,".into())),
        ]);
        let mut saves = Vec::new();
        let all = (0..p.prompts.len()).collect::<Vec<_>>();
        let answers = run(
            &Agenda {
                pack: &p,
                prompts: &all,
                follow_ups: &[],
                look_back: None,
                date: d("2026-11-27"),
                recall: None,
            },
            vec![],
            &mut s,
            &mut |a| {
                saves.push(a.len());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(saves, vec![1, 2, 3, 4, 5, 6]);
        let kept = kept(answers);
        assert_eq!(kept.len(), 4);
        assert_eq!(kept[1].rating, Some(4));
        assert_eq!((kept[1].min, kept[1].max, kept[1].low.as_deref()), (Some(1), Some(5), Some("none")));
        assert_eq!(kept[2].choice.as_deref(), Some("told it"));
        assert_eq!(kept[3].items, Some(vec!["Maria".to_string(), "Tom".to_string()]));
    }

    #[test]
    fn a_required_prompt_without_answer_is_an_error_naming_it() {
        let p = pack();
        let mut s = scripted(&[]);
        let err = run(
            &Agenda {
                pack: &p,
                prompts: &[0],
                follow_ups: &[],
                look_back: None,
                date: d("2026-11-27"),
                recall: None,
            },
            vec![],
            &mut s,
            &mut |_| Ok(()),
        )
        .unwrap_err();
        assert!(matches!(err, SessionError::Invalid { ref prompt, .. } if prompt == "headline"), "{err:?}");
    }

    #[test]
    fn optional_and_rotating_prompts_may_be_skipped() {
        let p = pack();
        let mut s = scripted(&[("headline", Reply::Text("x".into()))]);
        let answers = run(
            &Agenda {
                pack: &p,
                prompts: &[0, 1, 5],
                follow_ups: &[],
                look_back: None,
                date: d("2026-11-27"),
                recall: None,
            },
            vec![],
            &mut s,
            &mut |_| Ok(()),
        )
        .unwrap();
        assert_eq!(kept(answers).len(), 1);
    }

    #[test]
    fn wrong_kinds_are_errors_naming_the_prompt() {
        let p = pack();
        for (reply, needle) in [
            (Reply::Text("four".into()), "expected a whole number from 1 to 5"),
            (Reply::Rating(9), "9 is outside the scale"),
        ] {
            let mut s = scripted(&[("headline", Reply::Text("x".into())), ("trust", reply)]);
            let err = run(
                &Agenda {
                    pack: &p,
                    prompts: &[0, 3],
                    follow_ups: &[],
                    look_back: None,
                    date: d("2026-11-27"),
                    recall: None,
                },
                vec![],
                &mut s,
                &mut |_| Ok(()),
            )
            .unwrap_err();
            match err {
                SessionError::Invalid { prompt, message } => {
                    assert_eq!(prompt, "trust");
                    assert!(message.contains(needle), "{message}");
                }
                other => panic!("{other:?}"),
            }
        }
        let mut s =
            scripted(&[("headline", Reply::Text("x".into())), ("story", Reply::Text("maybe".into()))]);
        let err = run(
            &Agenda {
                pack: &p,
                prompts: &[0, 4],
                follow_ups: &[],
                look_back: None,
                date: d("2026-11-27"),
                recall: None,
            },
            vec![],
            &mut s,
            &mut |_| Ok(()),
        )
        .unwrap_err();
        let SessionError::Invalid { message, .. } = err else { panic!("{err:?}") };
        assert!(message.contains("\"maybe\" is not an option"), "{message}");
    }

    #[test]
    fn an_interrupt_keeps_what_was_answered_in_the_draft() {
        let p = pack();
        let mut s = scripted(&[("headline", Reply::Text("Shipped".into())), ("trust", Reply::Rating(2))]);
        s.interrupt_at = Some("story");
        let mut draft: Vec<Answer> = Vec::new();
        let err = run(
            &Agenda {
                pack: &p,
                prompts: &[0, 3, 4, 5],
                follow_ups: &[],
                look_back: None,
                date: d("2026-11-27"),
                recall: None,
            },
            vec![],
            &mut s,
            &mut |a| {
                draft = a.to_vec();
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err, SessionError::Interrupted);
        assert_eq!(draft.iter().map(|a| a.prompt.as_str()).collect::<Vec<_>>(), vec!["headline", "trust"]);

        // Resuming asks only what is left.
        let mut s = scripted(&[("story", Reply::Choice("not yet".into()))]);
        let answers = run(
            &Agenda {
                pack: &p,
                prompts: &[0, 3, 4, 5],
                follow_ups: &[],
                look_back: None,
                date: d("2026-11-27"),
                recall: None,
            },
            draft,
            &mut s,
            &mut |_| Ok(()),
        )
        .unwrap();
        assert_eq!(s.asked, vec!["story", "people"]);
        assert_eq!(kept(answers).len(), 3);
    }

    #[test]
    fn a_look_back_comes_first_is_kept_in_the_draft_and_not_counted() {
        let p = pack();
        let look = LookBack {
            entry: "01JD0000000000000000000000".into(),
            date: d("2026-10-30"),
            theme: "delegation".into(),
            quote: "I hold on.".into(),
            question: "On Fri 30 Oct you wrote: \"I hold on.\" Still true?".into(),
        };
        let agenda = Agenda {
            pack: &p,
            prompts: &[0],
            follow_ups: &[],
            look_back: Some(&look),
            date: d("2026-11-27"),
            recall: None,
        };
        let mut s = scripted(&[("headline", Reply::Text("x".into()))]);
        s.look_back = Some("Less than before.".into());
        let mut saves = Vec::new();
        let answers = run(&agenda, vec![], &mut s, &mut |a| {
            saves.push(a.iter().map(|a| a.prompt.clone()).collect::<Vec<_>>());
            Ok(())
        })
        .unwrap();
        assert_eq!(s.asked, vec![look.question.clone(), "headline".to_string()]);
        assert_eq!(saves[0], vec!["look-back"], "in the draft before the first question");
        assert_eq!(answers[0].text.as_deref(), Some("Less than before."));
        assert_eq!(answers[0].extra["about"], "01JD0000000000000000000000");

        // Resumed, it is not asked again, and the counter does not count it.
        struct Counter(Vec<Step>);
        impl Prompter for Counter {
            fn follow_up(&mut self, _: &Commitment, _: Step) -> Result<Option<Status>, SessionError> {
                Ok(None)
            }
            fn look_back(&mut self, _: &LookBack) -> Result<Option<String>, SessionError> {
                panic!("asked twice")
            }
            fn ask(&mut self, _: &Prompt, step: Step) -> Result<Reply, SessionError> {
                self.0.push(step);
                Ok(Reply::Text("y".into()))
            }
        }
        let mut c = Counter(vec![]);
        run(&agenda, answers[..1].to_vec(), &mut c, &mut |_| Ok(())).unwrap();
        assert_eq!(c.0, vec![Step { number: 1, total: 1 }]);

        // Skipped (Enter on empty): nothing is kept.
        let mut s = scripted(&[("headline", Reply::Text("x".into()))]);
        s.look_back = Some("  ".into());
        let answers = run(&agenda, vec![], &mut s, &mut |_| Ok(())).unwrap();
        assert!(answers.iter().all(|a| a.prompt != "look-back"));
    }

    const HALVES: &str = r#"
[pack]
id = "halves"
title = "Halves"

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
question = "Who?"

[[prompt]]
id = "plan"
kind = "text"
question = "Plan?"
when = { moment = "Before it" }

[[prompt]]
id = "ask"
kind = "text"
question = "Ask?"
when = { moment = "Before it" }

[[prompt]]
id = "heard"
kind = "text"
question = "Heard?"
when = { moment = "After it" }

[[prompt]]
id = "owe"
kind = "commitment"
dated = true
due_in_days = 7
question = "Owe?"
when = { moment = "After it" }

[[prompt]]
id = "extra"
kind = "text"
question = "Extra?"
when = { moment = "After it" }
"#;

    /// Records every step and note, answering from a map.
    struct Watch {
        replies: HashMap<&'static str, Reply>,
        steps: Vec<(String, Step)>,
        notes: Vec<String>,
    }

    impl Prompter for Watch {
        fn begin(&mut self, _: &PromptPack, total: usize) -> Result<(), SessionError> {
            self.notes.push(format!("begin {total}"));
            Ok(())
        }
        fn follow_up(&mut self, _: &Commitment, _: Step) -> Result<Option<Status>, SessionError> {
            Ok(None)
        }
        fn note(&mut self, line: &str) -> Result<(), SessionError> {
            self.notes.push(line.to_string());
            Ok(())
        }
        fn ask(&mut self, prompt: &Prompt, step: Step) -> Result<Reply, SessionError> {
            self.steps.push((prompt.id.clone(), step));
            Ok(self.replies.get(prompt.id.as_str()).cloned().unwrap_or(Reply::Skip))
        }
    }

    fn halves() -> PromptPack {
        parse_pack("h.toml", HALVES, &themes()).unwrap()
    }

    #[test]
    fn a_choice_picks_the_half_that_is_asked_and_the_counter_counts_the_larger_half() {
        let p = halves();
        let all = plan(&p, Some(1), &HashMap::new(), d("2026-11-27"));
        assert_eq!(all.len(), 7, "the halves are not left to the rotation: {all:?}");
        let mut w = Watch {
            replies: [
                ("moment", Reply::Choice("After it".into())),
                ("with", Reply::Items(vec!["Ana".into()])),
                ("heard", Reply::Text("More ownership".into())),
                ("owe", Reply::Text("in 2 weeks: the budget figures".into())),
            ]
            .into_iter()
            .collect(),
            steps: vec![],
            notes: vec![],
        };
        let memory = Memory::default();
        let agenda = Agenda {
            pack: &p,
            prompts: &all,
            follow_ups: &[],
            look_back: None,
            date: d("2026-11-27"),
            recall: Some(&memory),
        };
        let answers = run(&agenda, vec![], &mut w, &mut |_| Ok(())).unwrap();
        let steps: Vec<(&str, usize, usize)> =
            w.steps.iter().map(|(id, s)| (id.as_str(), s.number, s.total)).collect();
        assert_eq!(
            steps,
            vec![("moment", 1, 5), ("with", 2, 5), ("heard", 3, 5), ("owe", 4, 5), ("extra", 5, 5)],
            "two before, three after: five from the start"
        );
        assert_eq!(w.notes[0], "begin 5");
        assert_eq!(
            w.notes[1], "Nothing is open with Ana, and no earlier halves names them.",
            "said after the name"
        );
        assert_eq!(w.notes[2], "This comes back as a commitment on Friday 11 December 2026.");
        let owe = answers.iter().find(|a| a.prompt == "owe").unwrap();
        assert_eq!(owe.due, Some(d("2026-12-11")));
        assert!(
            answers.iter().all(|a| a.prompt != "plan" && a.prompt != "ask"),
            "the other half is not asked"
        );

        // The other half: the counter says 5 at first (the larger half), then 4 once it is known.
        let mut w = Watch {
            replies: [
                ("moment", Reply::Choice("Before it".into())),
                ("with", Reply::Items(vec!["Ana".into()])),
            ]
            .into_iter()
            .collect(),
            steps: vec![],
            notes: vec![],
        };
        run(&agenda, vec![], &mut w, &mut |_| Ok(())).unwrap();
        let steps: Vec<(&str, usize, usize)> =
            w.steps.iter().map(|(id, s)| (id.as_str(), s.number, s.total)).collect();
        assert_eq!(steps, vec![("moment", 1, 5), ("with", 2, 4), ("plan", 3, 4), ("ask", 4, 4)]);
    }

    #[test]
    fn a_dated_commitment_without_a_day_comes_back_after_its_days_and_says_how_to_choose() {
        let p = halves();
        let owe = p.prompt("owe").unwrap();
        let (due, words, line) = comes_back(owe, "Send the figures", d("2026-11-27"));
        assert_eq!(words, None);
        assert_eq!(due, Some(d("2026-12-04")));
        assert!(
            line.starts_with("This comes back as a commitment on Friday 4 December 2026; to choose the day"),
            "{line}"
        );
    }

    #[test]
    fn a_resumed_session_names_again_what_the_name_brought_back() {
        let p = halves();
        let all: Vec<usize> = (0..p.prompts.len()).collect();
        let memory = Memory::default();
        let agenda = Agenda {
            pack: &p,
            prompts: &all,
            follow_ups: &[],
            look_back: None,
            date: d("2026-11-27"),
            recall: Some(&memory),
        };
        let done = vec![
            Answer::new(p.prompt("moment").unwrap(), Reply::Choice("Before it".into())),
            Answer::new(p.prompt("with").unwrap(), Reply::Items(vec!["Tom".into()])),
        ];
        let mut w = Watch { replies: HashMap::new(), steps: vec![], notes: vec![] };
        run(&agenda, done, &mut w, &mut |_| Ok(())).unwrap();
        assert_eq!(w.notes, vec!["begin 4", "Nothing is open with Tom, and no earlier halves names them."]);
        assert_eq!(w.steps.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), vec!["plan", "ask"]);
        assert_eq!((w.steps[0].1.number, w.steps[0].1.total), (3, 4));
    }
}
