//! `coachlog delete` and `coachlog undelete`: a tombstone appended, and taken back. Nothing is
//! removed from disk; every revision stays.

use crate::core::entry::{Record, short_id};
use crate::error::{Error, Result};

use super::{Context, Saved, append, find_entry, next_revision};

/// Appends a tombstone for the entry `key` once `confirm` agrees. The tombstone keeps the
/// entry's content, so `list --deleted` and `show` can still show it.
pub fn delete(
    ctx: &Context,
    key: &str,
    confirm: &mut dyn FnMut(&Record) -> Result<bool>,
) -> Result<Option<Saved>> {
    let record = find_entry(ctx, key)?;
    if record.deleted {
        return Err(Error::failure(format!("the entry {} is already deleted", record.id))
            .with_hint(format!("`coachlog undelete {}` brings it back", short_id(&record.id))));
    }
    if !confirm(&record)? {
        return Ok(None);
    }
    let mut tombstone = next_revision(ctx, &record)?;
    tombstone.deleted = true;
    append(ctx, &tombstone, "deletion").map(Some)
}

/// Appends a revision that brings a deleted entry back as it was.
pub fn undelete(ctx: &Context, key: &str) -> Result<Saved> {
    let record = find_entry(ctx, key)?;
    if !record.deleted {
        return Err(Error::failure(format!("the entry {} is not deleted", record.id)));
    }
    let mut back = next_revision(ctx, &record)?;
    back.deleted = false;
    append(ctx, &back, "entry")
}
