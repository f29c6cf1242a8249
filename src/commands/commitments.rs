//! `coachlog commitments`: what the person said they would do, and what became of it.

use crate::core::commitment::{self, Commitment};
use crate::core::entry::Entry;
use crate::error::Result;

use super::{Context, library, read_error, warn_loaded};

/// Every commitment (`all`) or only the open ones, oldest first.
pub fn run(ctx: &Context, all: bool) -> Result<Vec<Commitment>> {
    let themes = library::load_themes(ctx)?;
    let loaded = ctx.journal.load_all().map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let entries: Vec<Entry> =
        loaded.records.into_iter().filter(|r| !r.deleted).map(|r| Entry::classify(r, &themes)).collect();
    let mut list = commitment::commitments(&entries);
    if !all {
        list.retain(|c| c.status.is_open());
    }
    Ok(list)
}
