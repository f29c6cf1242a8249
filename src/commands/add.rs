//! `coachlog add`: a quick note without prompts, from the arguments or stdin.

use std::io::Read;

use crate::core::entry::{Answer, Reason, Record, judge};
use crate::core::lexicon::Stance;
use crate::core::record_ref::RecordRef;
use crate::core::theme::Themes;
use crate::error::{Error, Result};

use super::{Context, Saved, append, new_record, parse_date_arg};
use crate::library;

/// The prompt id and question a quick note is stored under.
pub const QUICK_PROMPT: &str = "note";
pub const QUICK_QUESTION: &str = "Quick note";

#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// The words typed after `add`; `None` reads stdin.
    pub text: Option<String>,
    pub date: Option<String>,
    pub themes: Vec<String>,
}

/// Saves the note; returns where, and the themes heard in it.
pub fn run(ctx: &Context, opts: &AddOptions) -> Result<(Saved, Vec<Heard>, Themes)> {
    // A broken themes.toml must not cost the note: it is saved, heard with the built-in
    // themes, and the problem is said as a warning.
    let themes = library::themes_or_builtin(ctx, "the note is saved and heard");
    // A theme by its id or one of its tag aliases, in any case (`--theme roving`).
    let mut chosen: Vec<String> = Vec::new();
    for given in &opts.themes {
        match themes.tagged(given.trim()) {
            Some(i) => chosen.push(themes.all()[i].id.clone()),
            None => return Err(crate::library::unknown_theme(given, &themes, &themes.ids())),
        }
    }
    let date = match &opts.date {
        Some(d) => parse_date_arg(ctx, d)?,
        None => ctx.today(),
    };
    if date > ctx.today() {
        return Err(
            Error::usage(format!("--date {date} is in the future")).with_hint("use today or an earlier date")
        );
    }
    let text = match &opts.text {
        Some(t) => t.clone(),
        None => {
            let mut bytes = Vec::new();
            let limit = crate::journal::MAX_RECORD_BYTES as u64;
            std::io::stdin()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::failure(format!("could not read the note from stdin: {e}")))?;
            // Bytes that are not UTF-8 become U+FFFD rather than cost the note.
            let t = String::from_utf8_lossy(&bytes).into_owned();
            if bytes.len() as u64 > limit {
                return Err(Error::failure(format!(
                    "the note on stdin is longer than {} MB, so nothing was saved",
                    limit >> 20
                ))
                .with_hint("split it into several notes"));
            }
            t
        }
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(Error::failure("the note is empty, so nothing was saved")
            .with_hint("write it after the command, e.g. `coachlog add \"Let Ana run standup #delegation\"`, or pipe it in"));
    }
    let answer = Answer {
        prompt: QUICK_PROMPT.into(),
        kind: "text".into(),
        question: QUICK_QUESTION.into(),
        text: Some(text),
        ..Answer::default()
    };
    let record = new_record(ctx, date, "quick", vec![answer], chosen);
    let saved = append(ctx, &record, "Quick note")?;
    let heard = heard(&record, &themes);
    Ok((saved, heard, themes))
}

/// A theme `add` heard in the note: its id, the stance in the theme's words, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heard {
    pub theme: String,
    pub stance: Option<String>,
    pub reasons: Vec<Reason>,
}

/// The themes of `record` with their stances and reasons, in the lexicon's order (one
/// classification, with its reasons kept).
pub fn heard(record: &Record, themes: &Themes) -> Vec<Heard> {
    let j = judge(&RecordRef::from(record), themes, true);
    let (ids, stances) = j.themes(themes);
    let reasons = themes.named(j.reasons.unwrap_or_default());
    ids.iter()
        .map(|t| {
            let theme = themes.get(t);
            let stance = stances.get(t).and_then(|s| match s {
                Stance::Did => theme?.did.clone(),
                Stance::Missed => theme?.missed.clone(),
            });
            let reasons = reasons.iter().filter(|(id, _)| id == t).map(|(_, r)| r.clone()).collect();
            Heard { theme: t.clone(), stance, reasons }
        })
        .collect()
}
