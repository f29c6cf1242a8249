//! `coachlog commitments`: what the person said they would do, and what became of it.

use crate::core::commitment::{Commitment, commitments_of};
use crate::core::entry::Record;
use crate::error::Result;

use super::{Context, read_error, warn_loaded};

/// Every commitment (`all`) or only the open ones, oldest first.
pub fn run(ctx: &Context, all: bool) -> Result<Vec<Commitment>> {
    // Only lines that mention a commitment can make or settle one.
    let keep = |line: &[u8]| memchr::memmem::find(line, b"commitment").is_some();
    // Only commitments and follow-ups are kept in memory, not every answer of every entry.
    let shrink = |mut r: Record| {
        r.answers.retain(|a| a.kind == "commitment" || a.kind == "follow-up");
        r
    };
    let loaded = ctx.journal.load_where(&keep, &shrink).map_err(|e| read_error(ctx, &e))?;
    warn_loaded(ctx, &loaded);
    let mut list = commitments_of(loaded.records.iter());
    if !all {
        list.retain(|c| c.status.is_open());
    }
    Ok(list)
}
