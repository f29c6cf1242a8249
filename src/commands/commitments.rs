//! `coachlog commitments`: what the person said they would do, and what became of it.

use crate::core::commitment::{Commitment, Ledger, Status, follow_up};
use crate::core::entry::Answer;
use crate::error::{Error, Result};
use crate::journal::{Need, Query, Scratch};

use super::add::{QUICK_PROMPT, QUICK_QUESTION};
use super::{Context, Saved, append, new_record, read_error, warn_skipped};

/// Every commitment (`all`) or only the open ones, oldest first.
pub fn run(ctx: &Context, all: bool) -> Result<Vec<Commitment>> {
    // A month at a time, on every core: only what each month commits to and follows up is
    // kept, then settled in date order.
    let query = Query::all().need(Need::Commitments);
    let parts = ctx
        .journal
        .each_month(&query, |month| {
            let mut ledger = Ledger::default();
            // Borrowed from the month's bytes when every line is whole (only commitments are
            // copied); read in full otherwise, which names what is damaged.
            let mut scratch = Scratch::default();
            if let Some((records, newer)) = month.borrowed_whole(&mut scratch) {
                records.iter().for_each(|r| ledger.add_ref(r));
                return Ok((ledger, Vec::new(), newer));
            }
            let loaded = month.load(&query);
            ledger.add(loaded.records.iter());
            Ok((ledger, loaded.warnings, loaded.newer))
        })
        .map_err(|e| read_error(ctx, &e))?;
    let (mut ledger, mut warnings, mut newer) = (Ledger::default(), Vec::new(), 0);
    for (part, w, n) in parts {
        ledger.append(part);
        warnings.extend(w);
        newer += n;
    }
    warn_skipped(ctx, &warnings, newer);
    let mut list = ledger.settle();
    if !all {
        list.retain(|c| c.status.is_open());
    }
    Ok(list)
}

/// Settles the open commitment whose id starts with `key` (any case; the entry's id alone will
/// do when the entry made one commitment) as `status`, without a session: a quick note holding
/// the follow-up (and `note`, if given) is saved today.
pub fn settle(ctx: &Context, key: &str, status: Status, note: Option<&str>) -> Result<(Commitment, Saved)> {
    follow_up_now(ctx, key, status, None, note)
}

/// Puts off the open commitment whose id starts with `key` until `until` (a week from today
/// when `None`): a "still open" follow-up that names the day it is due again.
pub fn snooze(
    ctx: &Context,
    key: &str,
    until: Option<&str>,
    note: Option<&str>,
) -> Result<(Commitment, Saved)> {
    let today = ctx.today();
    let due = match until {
        Some(text) => crate::core::date::parse_future_date(text, today).map_err(Error::usage)?,
        None => today.checked_add_days(chrono::Days::new(7)).unwrap_or(today),
    };
    if due <= today {
        return Err(Error::usage(format!("--until {due} is not after today")).with_hint(
            "give a later day, e.g. `--until friday`, `--until \"in 2 weeks\"` or `--until 2026-12-15`",
        ));
    }
    follow_up_now(ctx, key, Status::Open, Some(due), note)
}

fn follow_up_now(
    ctx: &Context,
    key: &str,
    status: Status,
    due: Option<chrono::NaiveDate>,
    note: Option<&str>,
) -> Result<(Commitment, Saved)> {
    let key = key.trim();
    if key.is_empty() {
        return Err(Error::usage("give the commitment's id from `coachlog commitments`"));
    }
    let all = run(ctx, true)?;
    let matching: Vec<&Commitment> = all
        .iter()
        .filter(|c| {
            c.id.len() >= key.len()
                && c.id.is_char_boundary(key.len())
                && c.id[..key.len()].eq_ignore_ascii_case(key)
        })
        .collect();
    let open: Vec<&Commitment> = matching.iter().copied().filter(|c| c.status.is_open()).collect();
    let chosen = match (open.len(), matching.first()) {
        (1, _) => open[0].clone(),
        (0, None) => {
            return Err(Error::failure(format!("no commitment has an id starting with `{key}`"))
                .with_hint("`coachlog commitments` lists the open ones with their ids"));
        }
        (0, Some(c)) => {
            let when =
                c.followed_up.map_or_else(String::new, |d| format!(" on {}", d.format("%a %-d %b %Y")));
            return Err(Error::failure(format!(
                "“{}” was already settled ({}{when})",
                c.text,
                c.status.as_str()
            ))
            .with_hint("`coachlog commitments --all` shows every commitment and its status"));
        }
        (n, _) => {
            let list: Vec<String> = open.iter().take(8).map(|c| format!("{} ({})", c.id, c.text)).collect();
            return Err(Error::failure(format!("`{key}` matches {n} open commitments: {}", list.join("; ")))
                .with_hint("type more of the id"));
        }
    };
    let mut first = follow_up(&chosen, status);
    first.due = due;
    let mut answers = vec![first];
    if let Some(text) = note.map(str::trim).filter(|t| !t.is_empty()) {
        answers.push(Answer {
            prompt: QUICK_PROMPT.into(),
            kind: "text".into(),
            question: QUICK_QUESTION.into(),
            text: Some(text.to_string()),
            ..Answer::default()
        });
    }
    let record = new_record(ctx, ctx.today(), crate::core::entry::BOOKKEEPING_PACK, answers, Vec::new());
    let saved = append(ctx, &record, "Commitment follow-up")?;
    Ok((chosen, saved))
}
