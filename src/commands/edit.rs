//! `coachlog edit ID`: the entry as a markdown page in the person's editor; what they save
//! becomes a new revision. A page that cannot be read is shown again with the problem, and
//! while the editor is open the page lives in the private `drafts/` folder, not in /tmp.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::core::edit::{page, page_is_for, page_revision, read_page, with_error};
use crate::core::entry::short_id;
use crate::core::text::tags_in;
use crate::error::{Error, Result};
use crate::journal::{Journal, write_atomic};

use super::{Context, Saved, append, damaged, find_entry, next_revision};
use crate::library;

#[derive(Debug)]
pub enum Edited {
    Saved(Saved),
    Unchanged,
}

/// `terminal`: whether stdin and stderr are a terminal an editor can show itself in.
pub fn run(ctx: &Context, key: &str, terminal: bool) -> Result<Edited> {
    let record = find_entry(ctx, key)?;
    // vi without a terminal draws garbage and waits for keys that never come. An editor the
    // person chose may be a script that needs no terminal: that one runs.
    if !terminal && ctx.editor.source == crate::context::Source::Default {
        return Err(Error::usage("`coachlog edit` opens an editor, and there is no terminal to show it in")
            .with_hint("run it in a terminal, or set $VISUAL or $EDITOR (or `editor` in the config) to a command that edits a file without one"));
    }
    record.check().map_err(|e| damaged(&record, &e))?;
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
    // A page left from an edit that did not finish holds the person's changes: show it again,
    // unless the entry changed since (another machine, another command): saving it would undo
    // that change, so it is kept where it is and named.
    let left = left_page(&ctx.journal.pages_dir(), &record.id);
    let (path, mut shown) = match left {
        Some((path, left)) if page_revision(&left, &record.id) == Some(record.rev) => (path, left),
        Some((path, left)) => {
            super::warn(
                ctx,
                &format!(
                    "an unfinished edit of revision {} is kept in {}; the entry is at revision {} now, so a fresh page opens (copy over what you still want)",
                    page_revision(&left, &record.id).unwrap_or_default(),
                    path.display(),
                    record.rev
                ),
            );
            (new_page(&ctx.journal)?, original.clone())
        }
        None => (new_page(&ctx.journal)?, original.clone()),
    };
    // A scripted editor that changes the page differently each time must not loop forever.
    let mut tries = 0;
    let answers = loop {
        let mut edited = open_in_editor(&ctx.editor.value, &path, &shown)?;
        // An editor that saves Windows line endings changes nothing a person meant.
        if !original.contains('\r') {
            edited = edited.replace("\r\n", "\n");
        }
        tries += 1;
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
                short_id(&record.id)
            )));
        }
        match read_page(&record, &edited) {
            Ok(answers) => break answers,
            Err(problem) if tries >= MAX_TRIES => {
                return Err(Error::failure(format!(
                    "the page still cannot be read after {MAX_TRIES} tries ({problem}); the entry was not changed and your page is kept in {}",
                    path.display()
                ))
                .with_hint(format!("fix the page and run `coachlog edit {}` again", short_id(&record.id))));
            }
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
    let mut next = next_revision(ctx, &record)?;
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

/// How many times an unreadable page is shown again before `edit` stops (keeping it).
const MAX_TRIES: usize = 5;

/// Pages bigger than this in `drafts/` are not edit pages coachlog wrote.
const MAX_PAGE: u64 = 16 << 20;

/// The page, and its text, that an earlier `edit` of the entry `id` left in `dir`: a regular
/// `edit-*.md` file whose header names the entry. Its name is never built from the id.
fn left_page(dir: &Path, id: &str) -> Option<(PathBuf, String)> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(std::result::Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("edit-") && name.ends_with(".md")
        })
        .filter(|e| std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_file() && m.len() <= MAX_PAGE))
        .map(|e| e.path())
        .collect();
    pages.sort();
    pages.into_iter().find_map(|p| {
        let text = std::fs::read_to_string(&p).ok()?;
        page_is_for(&text, id).then_some((p, text))
    })
}

/// A new page file in `dir` (owner-only, created exclusively, with a random name).
fn new_page(journal: &Journal) -> Result<PathBuf> {
    let dir = &journal.pages_folder().map_err(|e| Error::io("keep the page in", &journal.pages_dir(), &e))?;
    let file = tempfile::Builder::new()
        .prefix("edit-")
        .suffix(".md")
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a page in", dir, &e))?;
    let (_, path) = file.keep().map_err(|e| Error::io("create a page in", dir, &e.error))?;
    Ok(path)
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
    // The shell's "command not found".
    if status.code() == Some(127) {
        return Err(Error::failure(format!(
            "the editor `{editor}` was not found; the entry was not changed (the page is kept in {})",
            path.display()
        ))
        .with_hint("set $VISUAL or $EDITOR (e.g. `export EDITOR=nano`), or `editor` in the config file, to an editor you have"));
    }
    if !status.success() {
        return Err(Error::failure(format!(
            "the editor `{editor}` exited with {status}; the entry was not changed (the page is kept in {})",
            path.display()
        ))
        .with_hint("set $VISUAL or $EDITOR, or `editor` in the config file, to an editor that waits until you close the file"));
    }
    std::fs::read_to_string(path).map_err(|e| Error::io("read back", path, &e))
}
