//! `coachlog commitments`: what the person said they would do, and what became of it.

use crate::core::commitment::{Commitment, commitments_of};
use crate::error::Result;

use super::{Context, read_error, warn_loaded};

/// Every commitment (`all`) or only the open ones, oldest first.
pub fn run(ctx: &Context, all: bool) -> Result<Vec<Commitment>> {
    let loaded = ctx.journal.load_all().map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let mut list = commitments_of(loaded.records.iter());
    if !all {
        list.retain(|c| c.status.is_open());
    }
    Ok(list)
}
