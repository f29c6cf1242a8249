//! `coachlog prompts list | show | validate | init`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::core::builtin;
use crate::core::pack::check_pack;
use crate::core::theme::{Themes, parse_themes};
use crate::error::{Error, Result};
use crate::journal::{create_private_dir, files, write_atomic};

use super::Context;
use crate::library::{self, Library, PackEntry};

pub fn list(ctx: &Context) -> Result<Library> {
    library::load(ctx)
}

pub fn show(ctx: &Context, id: &str) -> Result<(PackEntry, Themes)> {
    let lib = library::load(ctx)?;
    lib.require(id)?;
    let entry = lib.pack(id).cloned().ok_or_else(|| Error::failure(format!("no pack `{id}`")))?;
    Ok((entry, lib.themes))
}

/// The verdict on one file.
#[derive(Debug, Clone)]
pub struct Checked {
    pub file: String,
    /// What the file holds when it is valid, or every problem in it, in line order.
    pub result: std::result::Result<Holds, Vec<String>>,
}

/// What a valid file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    Pack { id: String, prompts: usize },
    Themes(usize),
}

impl std::fmt::Display for Holds {
    /// `pack `daily`: 9 prompts`, `7 themes`, `1 theme`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Holds::Pack { id, prompts } => write!(f, "pack `{id}`: {prompts} prompts"),
            Holds::Themes(n) => write!(f, "{n} {}", if *n == 1 { "theme" } else { "themes" }),
        }
    }
}

/// Checks `files`, or with none every pack and theme file in force. Each file is checked on
/// its own, so one bad file does not hide another.
pub fn validate(ctx: &Context, files: &[PathBuf]) -> Result<Vec<Checked>> {
    let mut out = Vec::new();
    let (bname, btext) = builtin::THEMES;
    let builtin_themes =
        parse_themes(&builtin::label(bname), btext).map_err(|e| Error::failure(e.to_string()))?;
    let mut themes = Themes::new(builtin_themes.clone());

    // Each file to check, with its text or why it could not be read (a FIFO, a dangling link,
    // a file too large): one line each, the others still checked.
    let mut targets: Vec<(String, std::result::Result<String, String>)> = Vec::new();
    if files.is_empty() {
        out.push(Checked { file: builtin::label(bname), result: Ok(Holds::Themes(builtin_themes.len())) });
        let user_themes = ctx.themes_file();
        // A link that leads nowhere is still the person's themes file, and still named.
        if fs::symlink_metadata(&user_themes).is_ok() {
            targets.push((user_themes.display().to_string(), read(&user_themes)));
        }
        for (name, text) in builtin::PACKS {
            targets.push((builtin::label(name), Ok((*text).to_string())));
        }
        for path in library::user_pack_files(&ctx.prompts_dir())? {
            targets.push((path.display().to_string(), read(&path)));
        }
    } else {
        // Packs are checked against the themes in force plus any themes file given.
        if let Ok(user) = library::load_themes(ctx) {
            themes = user;
        }
        for path in files {
            targets.push((path.display().to_string(), read(path)));
        }
    }

    // Themes files first, so packs given alongside them may use their themes.
    targets.sort_by_key(|(file, text)| !text.as_ref().is_ok_and(|t| is_themes_file(file, t)));
    for (file, text) in targets {
        let result = match text {
            Err(why) => Err(vec![why]),
            Ok(text) if is_themes_file(&file, &text) => parse_themes(&file, &text)
                .map(|list| {
                    let n = list.len();
                    themes.extend(list);
                    Holds::Themes(n)
                })
                .map_err(|e| vec![e.to_string()]),
            Ok(text) => check_pack(&file, &text, &themes)
                .map(|p| Holds::Pack { prompts: p.prompts.len(), id: p.id })
                .map_err(|problems| problems.iter().map(ToString::to_string).collect()),
        };
        out.push(Checked { file, result });
    }
    Ok(out)
}

/// Whether `text` is a themes file rather than a prompt pack: it has `theme` tables (however
/// the header is spaced) and no `pack`; or, holding neither (empty, only comments) or not
/// parsing at all, it is called `themes.toml`.
fn is_themes_file(file: &str, text: &str) -> bool {
    let named = Path::new(file).file_name().is_some_and(|n| n == "themes.toml");
    match text.trim_start_matches('\u{feff}').parse::<toml::Table>() {
        Ok(table) => table.contains_key("theme") || (!table.contains_key("pack") && named),
        Err(_) => {
            let has = |needle: &str| text.lines().any(|l| l.trim_start().starts_with(needle));
            named || (has("[[theme]]") && !has("[pack]"))
        }
    }
}

/// A file's text, or the one line that says why it cannot be read.
fn read(path: &Path) -> std::result::Result<String, String> {
    files::read_text(path).map_err(|e| {
        format!("{}: cannot read it: {e}", crate::core::text::safe_line(&path.display().to_string()))
    })
}

/// One file `init` looked at.
#[derive(Debug, Clone)]
pub struct Copied {
    pub path: PathBuf,
    pub written: bool,
}

/// Copies the built-in packs (and `themes.toml`) to the config folder, never over a file that
/// is already there.
pub fn init(ctx: &Context) -> Result<Vec<Copied>> {
    let dir = ctx.prompts_dir();
    create_private_dir(&dir).map_err(|e| Error::io("create", &dir, &e))?;
    let mut out = Vec::new();
    let mut files: Vec<(PathBuf, &str)> = vec![(ctx.themes_file(), builtin::THEMES.1)];
    files.extend(builtin::PACKS.iter().map(|(name, text)| (dir.join(name), *text)));
    for (path, text) in files {
        if path.exists() {
            out.push(Copied { path, written: false });
        } else {
            write_atomic(&path, text.as_bytes()).map_err(|e| Error::io("write", &path, &e))?;
            out.push(Copied { path, written: true });
        }
    }
    Ok(out)
}
