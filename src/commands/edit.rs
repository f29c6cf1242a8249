//! `coachlog edit ID`: the entry as a markdown page in the person's editor; what they save
//! becomes a new revision. A page that cannot be read is shown again with the problem, and
//! while the editor is open the page lives in the private `drafts/` folder, not in /tmp.

use std::path::Path;
use std::process::Command;

use crate::core::edit::{page, read_page, with_error};
use crate::core::text::tags_in;
use crate::error::{Error, Result};
use crate::journal::{Journal, write_atomic};

use super::{Context, Saved, append, find_entry, library, next_revision};

#[derive(Debug)]
pub enum Edited {
    Saved(Saved),
    Unchanged,
}

pub fn run(ctx: &Context, key: &str) -> Result<Edited> {
    let record = find_entry(ctx, key)?;
    if record.deleted {
        return Err(Error::failure(format!("the entry {} is deleted", record.id))
            .with_hint("bring it back with `coachlog undelete` first"));
    }
    let lib = library::load(ctx).ok();
    let pack = record.pack.as_deref().unwrap_or("entry");
    let title = lib.as_ref().and_then(|l| l.pack(pack)).map_or_else(
        || if pack == "quick" { "Quick note".to_string() } else { pack.to_string() },
        |p| p.pack.title.clone(),
    );
    let original = page(&record, &title);
    let path = ctx.journal.drafts_dir().join(format!("edit-{}.md", record.id));
    // A page left from an edit that did not finish holds the person's changes: show it again.
    let mut shown = match std::fs::read_to_string(&path) {
        Ok(left) if left != original => left,
        _ => original.clone(),
    };
    let answers = loop {
        let edited = open_in_editor(&ctx.editor.value, &path, &shown)?;
        if edited == original {
            Journal::remove_draft(&path).map_err(|e| Error::io("remove", &path, &e))?;
            return Ok(Edited::Unchanged);
        }
        if edited == shown && shown != original {
            // The page came back untouched after a problem was pointed out: stop, keep it.
            return Err(Error::failure(format!(
                "the edit could not be read, so the entry was not changed; your page is kept in {}",
                path.display()
            ))
            .with_hint(format!(
                "fix the page and run `coachlog edit {}` again, copying your changes in",
                &record.id[..10.min(record.id.len())]
            )));
        }
        match read_page(&record, &edited) {
            Ok(answers) => break answers,
            Err(problem) => shown = with_error(&edited, &problem),
        }
    };
    if answers == record.answers {
        Journal::remove_draft(&path).map_err(|e| Error::io("remove", &path, &e))?;
        return Ok(Edited::Unchanged);
    }
    if answers.is_empty() {
        return Err(Error::failure(format!(
            "every answer was emptied; the entry was not changed and your page is kept in {}",
            path.display()
        ))
        .with_hint("to remove the entry, use `coachlog delete`"));
    }
    let mut next = next_revision(ctx, &record);
    // Tags written in the old words go with them; tags given another way stay.
    let old_text_tags = tags_in(&record.text());
    next.answers = answers;
    next.tags.retain(|t| !old_text_tags.contains(t));
    for t in tags_in(&next.text()) {
        if !next.tags.contains(&t) {
            next.tags.push(t);
        }
    }
    let saved = append(ctx, &next, &title)?;
    Journal::remove_draft(&path).map_err(|e| Error::io("remove", &path, &e))?;
    Ok(Edited::Saved(saved))
}

/// Writes `text` to `path`, runs the editor on it, and reads it back.
fn open_in_editor(editor: &str, path: &Path, text: &str) -> Result<String> {
    write_atomic(path, text.as_bytes()).map_err(|e| Error::io("write", path, &e))?;
    // Through the shell, so an editor given with arguments ("code --wait") works.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("coachlog-edit")
        .arg(path)
        .status()
        .map_err(|e| Error::failure(format!("could not start the editor `{editor}`: {e}")))?;
    if !status.success() {
        return Err(Error::failure(format!(
            "the editor `{editor}` exited with {status}; the entry was not changed (the page is kept in {})",
            path.display()
        ))
        .with_hint("set $VISUAL or $EDITOR, or `editor` in the config file, to an editor that waits until you close the file"));
    }
    std::fs::read_to_string(path).map_err(|e| Error::io("read back", path, &e))
}
