//! `coachlog doctor`: the health of the journal, the config file and the prompt packs, and
//! with `--repair` the fixes that lose nothing.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::journal::check::{Health, Problem, Repairs};

use super::{Context, prompts};

#[derive(Debug, Serialize)]
pub struct Report {
    pub healthy: bool,
    pub journal: String,
    /// Whether the journal is encrypted (see `journal::seal`).
    pub encrypted: bool,
    pub files: usize,
    pub entries: usize,
    pub newer: usize,
    pub problems: Vec<Problem>,
    /// Problems outside the journal: the config file, prompt packs.
    pub setup: Vec<String>,
    pub packs: usize,
    /// What `--repair` did.
    pub repaired: Vec<String>,
}

pub fn run(
    ctx: &Context,
    config_error: Option<&Error>,
    unlock_error: Option<&Error>,
    repair: bool,
) -> Result<Report> {
    let journal_err = |e: &std::io::Error| Error::io("check the journal in", ctx.journal.root(), e);
    let repairs =
        if repair { ctx.journal.repair().map_err(|e| journal_err(&e))? } else { Repairs::default() };
    let Health { files, entries, newer, mut problems } = ctx.journal.check().map_err(|e| journal_err(&e))?;
    let repaired = repairs.done;
    problems.extend(repairs.failed);

    let mut setup = Vec::new();
    if let Some(e) = config_error {
        setup.push(match &e.hint {
            Some(h) => format!("{}; {h}", e.message),
            None => e.message.clone(),
        });
    }
    setup.extend(ctx.config_problems.iter().cloned());
    if let Some(e) = unlock_error {
        setup.push(format!(
            "{}; its sealed entries were not checked (they are counted as written by a newer coachlog)",
            e.message
        ));
    }
    if crate::journal::seal::is_encrypted(ctx.journal.root())
        && crate::keyring::is_inside(&ctx.identity.value, ctx.journal.root())
    {
        setup.push(format!(
            "the identity {} is inside the journal folder, which is the copy that gets synced; move it out and set `identity` in the config file to where it is",
            ctx.identity.value.display()
        ));
    }
    let mut packs: usize = 0;
    match prompts::validate(ctx, &[]) {
        Ok(checked) => {
            for c in checked {
                match c.result {
                    Ok(prompts::Holds::Pack { .. }) => packs += 1,
                    Ok(_) => {}
                    Err(problems) => setup.extend(
                        problems
                            .iter()
                            .map(|e| format!("{e}; fix it, then check with `coachlog prompts validate`")),
                    ),
                }
            }
        }
        Err(e) => setup.push(e.message),
    }
    // Packs in force, once each (a copy from `prompts init` replaces its built-in pack).
    if setup.is_empty()
        && let Ok(lib) = crate::library::load(ctx)
    {
        packs = lib.packs.len();
    }
    Ok(Report {
        healthy: problems.is_empty() && setup.is_empty(),
        journal: ctx.journal.root().display().to_string(),
        encrypted: crate::journal::seal::is_encrypted(ctx.journal.root()),
        files,
        entries,
        newer,
        problems,
        setup,
        packs,
        repaired,
    })
}
