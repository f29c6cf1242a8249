//! `coachlog today` and `coachlog reflect`: a guided session, asked in the terminal or
//! answered from a file, saved as one entry. Drafts keep every answer until it is saved.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::core::answers::parse_answers;
use crate::core::commitment::{self, Commitment};
use crate::core::entry::{Answer, Entry, Record};
use crate::core::lookback::{self, LookBack};
use crate::core::pack::PromptPack;
use crate::core::quarter;
use crate::core::recall::Memory;
use crate::core::session::{
    self, Agenda, DraftChoice, DraftOffer, Existing, ExistingChoice, Prompter, SessionError,
};
use crate::error::{Error, Result};
use crate::interrupt::InterruptState;
use crate::journal::Journal;
use crate::journal::draft::Draft;

use super::{Saved, new_record, parse_date_arg, read_error, warn_loaded};
use crate::context::Context;
use crate::library::{self, Library};

fn note_draft(draft: &Draft, path: &Path) {
    InterruptState::get().draft_saved(draft.answered(), path, &draft.pack);
}

/// Where the answers of a non-interactive session come from.
#[derive(Debug, Clone)]
pub enum AnswersSource {
    File(PathBuf),
    Stdin,
}

/// What `today` and `reflect` were asked to do.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    pub pack: Option<String>,
    pub date: Option<String>,
    pub answers: Option<AnswersSource>,
}

/// How a session ended.
#[derive(Debug)]
pub enum Outcome {
    Saved(Saved),
    /// Every prompt was skipped: there was nothing to save.
    Empty,
    /// The day already had a check-in, and the person opened it in the editor instead.
    Edited(super::edit::Edited),
    /// The day already had a check-in, and the person chose to write nothing.
    Stopped,
    /// The weekly look back was saved, and then the quarterly questions were answered too
    /// (see [`quarter`]): how that second session ended.
    Also(Saved, Box<Outcome>),
}

/// Runs a session. `terminal` is the interactive prompter, `None` without a terminal.
pub fn run(ctx: &Context, opts: &SessionOptions, terminal: Option<&mut dyn Prompter>) -> Result<Outcome> {
    let lib = library::load(ctx)?;
    let date = match &opts.date {
        Some(text) => parse_date_arg(ctx, text)?,
        None => ctx.today(),
    };
    if date > ctx.today() {
        return Err(Error::usage(format!("--date {date} is in the future"))
            .with_hint("journal entries are about days that have happened; use today or an earlier date"));
    }
    let pack_id = opts.pack.clone().unwrap_or_else(|| ctx.default_pack.value.clone()).trim().to_lowercase();

    if let Some(source) = &opts.answers {
        let pack = lib.require(&pack_id)?;
        let past = history(ctx, &lib, date, false, recalls(pack))?;
        let memory = memory(ctx, pack, &past);
        return answer_from_file(ctx, pack, date, source, &past.open, memory.as_ref());
    }
    // A mistyped pack is named before anything else (even the missing terminal).
    if opts.pack.is_some() {
        lib.require(&pack_id)?;
    }
    let Some(prompter) = terminal else {
        return Err(Error::usage("this session needs a terminal to ask its questions, and stdin is not one")
            .with_hint("answer from a file with `--answers FILE` (or `--answers -` for stdin), or write a quick note with `coachlog add TEXT`"));
    };

    // An unfinished session comes first: resume it or let it go.
    // Drafts are per pack: `reflect trust` does not offer the daily check-in's draft.
    if let Some((path, draft)) = newest_draft(ctx, &pack_id)? {
        let pack = lib.require(&draft.pack).map_err(|e| {
            // A draft's pack is data, not something typed: a runtime problem (exit 1).
            Error::failure(e.message).with_hint(format!(
                "the draft {} was started with that pack; restore the pack to resume it",
                path.display()
            ))
        })?;
        let plan: Vec<usize> =
            draft.plan.iter().filter_map(|id| pack.prompts.iter().position(|p| &p.id == id)).collect();
        let left: Vec<&crate::core::pack::Prompt> = plan
            .iter()
            .map(|&i| &pack.prompts[i])
            .filter(|p| !draft.answers.iter().any(|a| a.prompt == p.id))
            .collect();
        let remaining = session::to_ask(&left, &draft.answers);
        let offer = DraftOffer {
            pack_title: pack.title.clone(),
            date: draft.date,
            answered: draft.answered(),
            remaining,
        };
        match prompter.offer_draft(&offer).map_err(|e| session_error(e, &draft, &path))? {
            DraftChoice::Resume => {
                note_draft(&draft, &path);
                let past = history(ctx, &lib, draft.date, false, recalls(pack))?;
                let memory = memory(ctx, pack, &past);
                let agenda = Agenda {
                    pack,
                    prompts: &plan,
                    follow_ups: &past.open,
                    look_back: None,
                    date: draft.date,
                    recall: memory.as_ref(),
                };
                let date = draft.date;
                let outcome = ask(ctx, &agenda, draft, prompter)?;
                return then_quarterly(ctx, &lib, &past, (&pack.id, date), outcome, prompter);
            }
            DraftChoice::Discard => {
                Journal::remove_draft(&path).map_err(|e| Error::io("remove the draft", &path, &e))?
            }
        }
    }

    let pack = lib.require(&pack_id)?;
    // The day's check-in of this pack may exist already: add to it, or another, or nothing.
    let same_day = ctx
        .journal
        .scan(&crate::journal::Query::dated(date, date))
        .map_err(|e| super::read_error(ctx, &e))?;
    let mut written: Vec<&crate::core::entry::Record> = same_day
        .records
        .iter()
        .filter(|r| !r.deleted && r.date == date && r.pack.as_deref() == Some(pack.id.as_str()))
        .collect();
    written.sort_by_key(|r| r.at);
    if let Some(last) = written.last() {
        let existing = Existing {
            pack_title: pack.title.clone(),
            date,
            time: last.at.format("%H:%M").to_string(),
            count: written.len(),
        };
        let draft_path = ctx.journal.draft_path(&pack.id, date);
        let no_draft =
            Draft { pack: pack.id.clone(), date, started: ctx.now, plan: Vec::new(), answers: Vec::new() };
        match prompter.offer_existing(&existing).map_err(|e| session_error(e, &no_draft, &draft_path))? {
            ExistingChoice::New => {}
            ExistingChoice::Stop => return Ok(Outcome::Stopped),
            ExistingChoice::Edit => {
                let id = last.id.clone();
                return Ok(Outcome::Edited(super::edit::run(ctx, &id, true)?));
            }
        }
    }
    // Other packs' unfinished sessions wait for their own pack; say where they are.
    for (path, other) in other_drafts(ctx, &pack_id)? {
        let title = lib.pack(&other.pack).map_or(other.pack.clone(), |p| p.pack.title.clone());
        let line = format!(
            "Your {title} from {} is unfinished; `coachlog today --pack {}` picks it up.",
            other.date.format("%A %-d %B"),
            other.pack
        );
        prompter.note(&line).map_err(|e| session_error(e, &other, &path))?;
    }
    set_aside_unreadable_draft(ctx, &ctx.journal.draft_path(&pack.id, date))?;
    let resurface = lookback::is_due(ctx.resurface.value, date);
    let past = history(ctx, &lib, date, resurface, recalls(pack))?;
    let memory = memory(ctx, pack, &past);
    let pick = ctx.pick.value.or(pack.pick);
    let plan = session::plan(pack, pick, &past.last_seen, date);
    let draft = Draft {
        pack: pack.id.clone(),
        date,
        started: ctx.now,
        plan: plan.iter().map(|&i| pack.prompts[i].id.clone()).collect(),
        answers: Vec::new(),
    };
    let ids: Vec<&str> = lib.themes.all().iter().map(|t| t.id.as_str()).collect();
    if let Some(line) =
        session::neglected_notice(&ids, &past.last_seen, past.first, date, Some(THEME_DAYS as i64))
    {
        let path = ctx.journal.draft_path(&draft.pack, date);
        prompter.note(&line).map_err(|e| session_error(e, &draft, &path))?;
    }
    // Some days, one thing written weeks ago on the theme this session leans toward.
    let look_back: Option<LookBack> = if resurface {
        let themes = lookback::leaning_themes(pack, &plan, &past.last_seen);
        lookback::choose_among(&past.look_back_pool, &themes, date)
    } else {
        None
    };
    let agenda = Agenda {
        pack,
        prompts: &plan,
        follow_ups: &past.open,
        look_back: look_back.as_ref(),
        date,
        recall: memory.as_ref(),
    };
    let outcome = ask(ctx, &agenda, draft, prompter)?;
    then_quarterly(ctx, &lib, &past, (&pack.id, date), outcome, prompter)
}

/// After a weekly look back saved in the last days of a quarter (or the first of the next)
/// with no quarterly entry for it yet: offers the quarterly questions, as a second entry.
/// Asked once per session, "no" by default; never without a terminal (answers files do not
/// come here) and never over an unfinished quarterly session (that draft is resumed with
/// `coachlog today --pack quarterly`).
fn then_quarterly(
    ctx: &Context,
    lib: &Library,
    past: &History,
    (session_pack, date): (&str, NaiveDate),
    outcome: Outcome,
    prompter: &mut dyn Prompter,
) -> Result<Outcome> {
    let Outcome::Saved(saved) = outcome else { return Ok(outcome) };
    let Some(pack) = lib.pack(quarter::PACK).map(|p| &p.pack) else { return Ok(Outcome::Saved(saved)) };
    let Some(q) = quarter::to_offer(date, &past.quarterly) else { return Ok(Outcome::Saved(saved)) };
    if session_pack != quarter::OFFERED_BY || newest_draft(ctx, quarter::PACK)?.is_some() {
        return Ok(Outcome::Saved(saved));
    }
    let plan = session::plan(pack, ctx.pick.value.or(pack.pick), &past.last_seen, date);
    let draft = Draft {
        pack: pack.id.clone(),
        date,
        started: ctx.now,
        plan: plan.iter().map(|&i| pack.prompts[i].id.clone()).collect(),
        answers: Vec::new(),
    };
    let path = ctx.journal.draft_path(&pack.id, date);
    // The weekly entry is on disk: whatever happens next, say so.
    let kept = |mut e: Error| {
        e.message.push_str(&format!("; the {} before it was saved", saved.pack_title));
        e
    };
    let yes = prompter.offer_quarterly(q).map_err(|e| kept(session_error(e, &draft, &path)))?;
    if !yes {
        return Ok(Outcome::Saved(saved));
    }
    let agenda = Agenda { pack, prompts: &plan, follow_ups: &[], look_back: None, date, recall: None };
    let second = ask(ctx, &agenda, draft, prompter).map_err(kept)?;
    Ok(Outcome::Also(saved, Box::new(second)))
}

/// Asks the planned prompts, keeping the draft up to date, then saves the entry.
fn ask(ctx: &Context, agenda: &Agenda<'_>, mut draft: Draft, prompter: &mut dyn Prompter) -> Result<Outcome> {
    let path = ctx.journal.draft_path(&draft.pack, draft.date);
    // Before the first question: an answer typed must have somewhere to go.
    ctx.journal.drafts_folder().map_err(|e| {
        Error::io("keep drafts in", &ctx.journal.drafts_dir(), &e).with_hint("nothing was asked yet")
    })?;
    // A back-dated or resumed session is about another day than today: say which, since the
    // questions speak of "today".
    if draft.date != ctx.today() {
        let line = format!(
            "This check-in is about {}: where a question says today, read that day.",
            draft.date.format("%A %-d %B %Y")
        );
        prompter.note(&line).map_err(|e| session_error(e, &draft, &path))?;
    }
    let done = std::mem::take(&mut draft.answers);
    let result = session::run(agenda, done, prompter, &mut |answers: &[Answer]| {
        draft.answers = answers.to_vec();
        ctx.journal
            .save_draft(&draft)
            .map_err(|e| SessionError::Failed(format!("could not save the draft {}: {e}", path.display())))?;
        note_draft(&draft, &path);
        Ok(())
    });
    let answers = result.map_err(|e| session_error(e, &draft, &path))?;
    // A Ctrl-C waits while the entry is appended and its draft removed.
    let _saving = InterruptState::get().saving();
    save(ctx, agenda.pack, draft.date, answers).and_then(|outcome| {
        Journal::remove_draft(&path).map_err(|e| Error::io("remove the finished draft", &path, &e))?;
        InterruptState::get().draft_done();
        Ok(outcome)
    })
}

fn session_error(err: SessionError, draft: &Draft, path: &Path) -> Error {
    match err {
        SessionError::Interrupted => interrupted_message(draft.answered(), Some(path), Some(&draft.pack)),
        SessionError::Invalid { prompt, message } => Error::failure(format!("prompt `{prompt}`: {message}")),
        SessionError::Failed(message) => Error::failure(message)
            .with_hint("the answers given before this one are in the draft; check the disk and run `coachlog today` again to resume"),
    }
}

/// The goodbye for Ctrl-C and Esc; also used by the signal handler.
pub fn interrupted_message(answered: usize, path: Option<&Path>, pack: Option<&str>) -> Error {
    if answered == 0 {
        return Error::interrupted("before the first answer; there was nothing to keep");
    }
    let what =
        if answered == 1 { "your answer is".to_string() } else { format!("your {answered} answers are") };
    let place = path.map_or_else(|| "a draft".to_string(), |p| format!("the draft {}", p.display()));
    // Drafts are per pack (`drafts/2026-11-27-one-on-one.json`): the hint names the
    // command that offers this one.
    let pack =
        pack.or_else(|| path.and_then(|p| p.file_stem()).and_then(|s| s.to_str()).and_then(|s| s.get(11..)));
    let resume = match pack {
        Some(id) if id != "daily" && !id.is_empty() => format!("coachlog reflect {id}"),
        _ => "coachlog today".to_string(),
    };
    Error::interrupted(format!("{what} kept in {place}"))
        .with_hint(format!("run `{resume}` to pick up where you left off"))
}

fn answer_from_file(
    ctx: &Context,
    pack: &PromptPack,
    date: NaiveDate,
    source: &AnswersSource,
    open: &[Commitment],
    memory: Option<&Memory>,
) -> Result<Outcome> {
    let (name, text) = match source {
        AnswersSource::File(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| Error::io("read the answers file", path, &e))?;
            (path.display().to_string(), text)
        }
        AnswersSource::Stdin => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::failure(format!("could not read answers from stdin: {e}")))?;
            ("<stdin>".to_string(), text)
        }
    };
    // Every problem at once, one `error:` line each, in line order.
    let invalid = |problems: Vec<crate::core::source::SourceError>| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Error::failure(lines.join("\nerror: "))
            .with_hint("nothing was written; fix the answers file and run again")
    };
    let file = parse_answers(&name, &text, pack).map_err(invalid)?;
    file.check_follow_ups(open).map_err(invalid)?;
    // Rotation does not apply: the file may answer any prompt of the pack.
    let plan: Vec<usize> = (0..pack.prompts.len()).collect();
    let agenda = Agenda { pack, prompts: &plan, follow_ups: open, look_back: None, date, recall: memory };
    let mut prompter = file.prompter();
    let answers = session::run(&agenda, Vec::new(), &mut prompter, &mut |_| Ok(())).map_err(|e| match e {
        SessionError::Invalid { prompt, message } => {
            Error::failure(file.locate(&prompt, &message).to_string())
                .with_hint("nothing was written; fix the answers file and run again")
        }
        SessionError::Interrupted => Error::interrupted("stopped"),
        SessionError::Failed(m) => Error::failure(m),
    })?;
    // What the session said between questions (what a name brought back, the day a
    // commitment returns) is shown with the result: nobody was there to read it.
    let notes = prompter.notes;
    Ok(match save(ctx, pack, date, answers)? {
        Outcome::Saved(mut saved) => {
            saved.notes = notes;
            Outcome::Saved(saved)
        }
        other => other,
    })
}

fn save(ctx: &Context, pack: &PromptPack, date: NaiveDate, answers: Vec<Answer>) -> Result<Outcome> {
    let mut answers = session::kept(answers);
    // A commitment for next week is followed up next week, not tomorrow (unless the session
    // already set its day: a dated commitment that named one).
    for a in answers.iter_mut().filter(|a| a.kind == "commitment" && a.due.is_none()) {
        let days = pack.prompt(&a.prompt).map_or(1, |p| p.due_in_days);
        if days > 1 {
            a.due = date.checked_add_days(chrono::Days::new(u64::from(days)));
        }
    }
    if answers.is_empty() {
        return Ok(Outcome::Empty);
    }
    let record = new_record(ctx, date, &pack.id, answers, Vec::new());
    Ok(Outcome::Saved(super::append(ctx, &record, &pack.title)?))
}

/// The newest readable draft; unreadable ones are reported and left alone.
fn newest_draft(ctx: &Context, pack: &str) -> Result<Option<(PathBuf, Draft)>> {
    let drafts =
        ctx.journal.drafts().map_err(|e| Error::io("read the drafts in", &ctx.journal.drafts_dir(), &e))?;
    let mut found = None;
    for (path, draft) in drafts {
        match draft {
            Ok(d) if found.is_none() && d.pack == pack => found = Some((path, d)),
            Ok(_) => {}
            Err(e) => super::warn(
                ctx,
                &format!("{}: cannot read this draft ({e}); it was left as it is", path.display()),
            ),
        }
    }
    Ok(found)
}

/// Readable drafts of packs other than `pack`, newest first.
fn other_drafts(ctx: &Context, pack: &str) -> Result<Vec<(PathBuf, Draft)>> {
    let drafts =
        ctx.journal.drafts().map_err(|e| Error::io("read the drafts in", &ctx.journal.drafts_dir(), &e))?;
    Ok(drafts
        .into_iter()
        .filter_map(|(path, d)| d.ok().filter(|d| d.pack != pack).map(|d| (path, d)))
        .collect())
}

/// A draft file that could not be read would be overwritten by the new session's draft:
/// move it aside first, so not even a damaged draft is lost.
fn set_aside_unreadable_draft(ctx: &Context, path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let aside = path.with_extension(format!("json.unreadable-{}", ctx.now.format("%Y%m%dT%H%M%S")));
    std::fs::rename(path, &aside).map_err(|e| Error::io("move aside the unreadable draft", path, &e))?;
    super::warn(ctx, &format!("moved the unreadable draft to {}", aside.display()));
    Ok(())
}

/// What a session needs to know about the past.
struct History {
    /// The last date each theme was reflected on.
    last_seen: HashMap<String, NaiveDate>,
    /// The first entry's date, to tell a new journal from a neglected theme.
    first: Option<NaiveDate>,
    /// Commitments made before the session's date and still open, oldest first.
    open: Vec<Commitment>,
    /// The entries a look-back may quote (those in [`lookback::spans`]), when one is due.
    look_back_pool: Vec<Record>,
    /// The dates of the quarterly entries of the last year.
    quarterly: Vec<NaiveDate>,
    /// Every commitment still open, whatever its due day, oldest first (for what a name
    /// recalls; empty unless asked for).
    open_any_day: Vec<Commitment>,
    /// The earlier entries of the pack whose `recall` prompt may bring them back.
    earlier: Vec<Record>,
}

/// The session's pack id, when one of its prompts recalls what the journal holds about a
/// person.
fn recalls(pack: &PromptPack) -> Option<&str> {
    pack.prompts.iter().any(|p| p.recall).then_some(pack.id.as_str())
}

/// What a `recall` prompt of `pack` may bring back, from the history read for the session.
/// `people.toml` merges names; a broken one is said by `people` and `person`, and here only
/// means no aliases.
fn memory(ctx: &Context, pack: &PromptPack, past: &History) -> Option<Memory> {
    recalls(pack)?;
    Some(Memory {
        open: past.open_any_day.clone(),
        earlier: past.earlier.clone(),
        aliases: super::people::aliases(ctx).unwrap_or_default(),
    })
}

/// How far back a session looks: commitments of the last year are followed up (older open
/// ones are listed by `coachlog commitments`), and themes are weighed by the last four months.
const COMMITMENT_DAYS: u64 = 366;
const THEME_DAYS: u64 = 120;

/// Reads the recent journal once for a session dated `date`, so a session starts at once
/// whatever the size of the journal: the last year, which holds the days a look-back
/// (`look_back`: one is due) may quote but one or two.
/// `recall_pack`: the pack whose earlier entries and open commitments a name may recall.
fn history(
    ctx: &Context,
    lib: &Library,
    date: NaiveDate,
    look_back: bool,
    recall_pack: Option<&str>,
) -> Result<History> {
    let from = date.checked_sub_days(chrono::Days::new(COMMITMENT_DAYS)).unwrap_or(NaiveDate::MIN);
    let themes_from = date.checked_sub_days(chrono::Days::new(THEME_DAYS)).unwrap_or(NaiveDate::MIN);
    let read_from = if look_back { lookback::oldest_day(date).map_or(from, |d| d.min(from)) } else { from };
    let loaded =
        ctx.journal.scan(&crate::journal::Query::dated(read_from, date)).map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let (records, older): (Vec<_>, Vec<_>) =
        loaded.records.into_iter().filter(|r| !r.deleted && r.date <= date).partition(|r| r.date >= from);
    let look_back_pool = if look_back {
        records.iter().chain(&older).filter(|r| lookback::in_spans(date, r.date)).cloned().collect()
    } else {
        Vec::new()
    };
    let quarterly =
        records.iter().filter(|r| r.pack.as_deref() == Some(quarter::PACK)).map(|r| r.date).collect();
    let all_open: Vec<Commitment> =
        commitment::commitments_of(records.iter()).into_iter().filter(|c| c.status.is_open()).collect();
    let open = all_open
        .iter()
        .filter(|c| c.date < date && c.due <= date && c.followed_up != Some(date))
        .cloned()
        .collect();
    let (open_any_day, earlier) = match recall_pack {
        Some(id) => (all_open, records.iter().filter(|r| r.pack.as_deref() == Some(id)).cloned().collect()),
        None => (Vec::new(), Vec::new()),
    };
    let first = records.iter().map(|r| r.date).min();
    let mut last_seen: HashMap<String, NaiveDate> = HashMap::new();
    for r in records.into_iter().filter(|r| r.date >= themes_from) {
        let e = Entry::classify(r, &lib.themes);
        for t in &e.themes {
            let slot = last_seen.entry(t.clone()).or_insert(e.record.date);
            *slot = (*slot).max(e.record.date);
        }
    }
    Ok(History { last_seen, first, open, look_back_pool, quarterly, open_any_day, earlier })
}

/// `coachlog reflect THEME-OR-PACK`: the pack with that id, else the pack most about that
/// theme (other than `daily`, `weekly` and `quarterly`, which cover every theme).
pub fn resolve_reflect(ctx: &Context, what: &str) -> Result<String> {
    let lib = library::load(ctx)?;
    if let Some(pack) = lib.pack(what) {
        return Ok(pack.pack.id.clone());
    }
    let what = &what.trim().to_lowercase();
    if lib.themes.contains(what) {
        let best = lib
            .packs
            .iter()
            .filter(|p| !["daily", "weekly", quarter::PACK].contains(&p.pack.id.as_str()))
            .map(|p| (p.pack.prompts.iter().filter(|q| q.theme.as_deref() == Some(what)).count(), &p.pack.id))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n);
        if let Some((_, id)) = best {
            return Ok(id.clone());
        }
        return Err(Error::failure(format!("no prompt pack asks about the theme `{what}` yet")).with_hint(
            format!("add prompts with theme = \"{what}\" to a pack in {}", ctx.prompts_dir().display()),
        ));
    }
    let names =
        lib.themes.all().iter().map(|t| t.id.as_str()).chain(lib.packs.iter().map(|p| p.pack.id.as_str()));
    let guess = crate::core::text::closest(what, names.collect::<Vec<_>>());
    let known = format!("themes: {}; packs: {}", lib.themes.ids(), lib.pack_ids());
    Err(Error::usage(format!("`{what}` is neither a theme nor a prompt pack")).with_hint(match guess {
        Some(g) => format!("did you mean `{g}`? {known}"),
        None => known,
    }))
}
