//! The prompt packs and themes in force: the built-in ones, extended or replaced by id by the
//! user's `themes.toml` and `prompts/*.toml` in the config folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::core::builtin;
use crate::core::pack::{PromptPack, check_pack, parse_pack};
use crate::core::source::SourceError;
use crate::core::theme::{Themes, parse_themes};
use crate::error::{Error, Result};
use crate::journal::{Need, Query, files};

use crate::context::Context;
use crate::core::filter::{Filter, FilterError, FilterInput};

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A user pack with a new id.
    User(PathBuf),
    /// A user pack that replaces the built-in pack with the same id.
    Replaces(PathBuf),
}

#[derive(Debug, Clone)]
pub struct PackEntry {
    pub pack: PromptPack,
    pub origin: Origin,
}

/// Packs and themes, ready to use.
#[derive(Debug, Clone)]
pub struct Library {
    pub themes: Themes,
    pub packs: Vec<PackEntry>,
}

fn invalid(e: &SourceError) -> Error {
    Error::failure(e.to_string()).with_hint("fix that file, then check it with `coachlog prompts validate`")
}

/// The built-in themes plus the user's `themes.toml`.
/// The built-in themes alone.
pub fn builtin_themes() -> Themes {
    let (name, text) = builtin::THEMES;
    Themes::new(parse_themes(&builtin::label(name), text).unwrap_or_default())
}

pub fn load_themes(ctx: &Context) -> Result<Themes> {
    let (name, text) = builtin::THEMES;
    let mut themes = Themes::new(parse_themes(&builtin::label(name), text).map_err(|e| invalid(&e))?);
    let path = ctx.themes_file();
    if let Some(text) = read_optional(&path)? {
        themes.extend(parse_themes(&path.display().to_string(), &text).map_err(|e| invalid(&e))?);
    }
    Ok(themes)
}

/// The themes in force for every command but `prompts validate`: a broken `themes.toml`
/// must not lock anyone out of their own journal, so its problem is said as a warning and the
/// built-in themes are used until it is fixed (`add` saves the note all the same).
pub fn themes_or_builtin(ctx: &Context, meanwhile: &str) -> Themes {
    match load_themes(ctx) {
        Ok(themes) => themes,
        Err(e) => {
            crate::commands::warn(
                ctx,
                &format!("{e}; {meanwhile} with the built-in themes until that file is fixed"),
            );
            builtin_themes()
        }
    }
}

/// [`themes_or_builtin`], loaded and compiled on another core while `work` runs (reading
/// the journal, say): each takes a few milliseconds, and a command that shows one week
/// should not wait for one after the other.
pub fn themes_alongside<T: Send>(
    ctx: &Context,
    meanwhile: &str,
    work: impl FnOnce() -> T + Send,
) -> (Themes, T) {
    std::thread::scope(|s| {
        let themes = s.spawn(|| {
            let themes = themes_or_builtin(ctx, meanwhile);
            themes.prepare();
            themes
        });
        let done = work();
        (themes.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), done)
    })
}

/// The ids of the live entries in `query`'s range whose words hold `text` (folded as
/// `--search` folds it): what a search adds to a filter answered from digests, which hold no
/// words.
pub fn ids_holding(
    ctx: &Context,
    query: &Query<'_>,
    text: &str,
) -> Result<std::collections::HashSet<String>> {
    let q = query.need(Need::Words(text));
    let found = ctx
        .journal
        .each_month(&q, |m| {
            Ok(m.load(&q).records.into_iter().filter(|r| !r.deleted).map(|r| r.id).collect::<Vec<_>>())
        })
        .map_err(|e| crate::commands::read_error(ctx, &e))?;
    Ok(found.into_iter().flatten().collect())
}

/// Everything: themes, built-in packs, user packs.
pub fn load(ctx: &Context) -> Result<Library> {
    let themes = themes_or_builtin(ctx, "going on");
    let mut packs: Vec<PackEntry> = Vec::new();
    for (name, text) in builtin::PACKS {
        let pack = parse_pack(&builtin::label(name), text, &themes).map_err(|e| invalid(&e))?;
        packs.push(PackEntry { pack, origin: Origin::BuiltIn });
    }
    for path in user_pack_files(&ctx.prompts_dir())? {
        let text = files::read_text(&path).map_err(|e| Error::io("read the prompt pack", &path, &e))?;
        let pack = check_pack(&path.display().to_string(), &text, &themes).map_err(|problems| {
            // Every problem of the pack, one `error:` line each, so one run shows them all.
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            Error::failure(lines.join("\nerror: "))
                .with_hint("fix that file, then check it with `coachlog prompts validate`")
        })?;
        match packs.iter_mut().find(|p| p.pack.id == pack.id) {
            Some(slot) => {
                if let Origin::User(other) | Origin::Replaces(other) = &slot.origin {
                    return Err(Error::failure(format!(
                        "{} and {} both define the pack `{}`",
                        other.display(),
                        path.display(),
                        pack.id
                    ))
                    .with_hint("rename the id in one of them"));
                }
                *slot = PackEntry { pack, origin: Origin::Replaces(path) };
            }
            None => packs.push(PackEntry { pack, origin: Origin::User(path) }),
        }
    }
    Ok(Library { themes, packs })
}

/// `*.toml` files in the user's prompt folder, sorted.
pub fn user_pack_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read the prompt folder", dir, &e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.is_dir())
        .collect();
    files.sort();
    Ok(files)
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match files::read_text(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", path, &e)),
    }
}

impl Library {
    /// The pack `id` (ids are lower case; `Daily` finds `daily`).
    pub fn pack(&self, id: &str) -> Option<&PackEntry> {
        let id = id.trim();
        self.packs.iter().find(|p| p.pack.id == id || p.pack.id.eq_ignore_ascii_case(id))
    }

    /// The pack `id`, or a usage error naming the likeliest one meant and the packs there are.
    pub fn require(&self, id: &str) -> Result<&PromptPack> {
        self.pack(id).map(|p| &p.pack).ok_or_else(|| {
            let guess = crate::core::text::closest(id, self.packs.iter().map(|p| p.pack.id.as_str()));
            let hint = match guess {
                Some(g) => {
                    format!("did you mean `{g}`? packs: {}; see `coachlog prompts list`", self.pack_ids())
                }
                None => format!("packs: {}; see `coachlog prompts list`", self.pack_ids()),
            };
            Error::usage(format!("there is no prompt pack `{id}`")).with_hint(hint)
        })
    }

    pub fn pack_ids(&self) -> String {
        self.packs.iter().map(|p| p.pack.id.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// The FILTERS typed, resolved against today and the themes in force.
pub fn resolve_filter(ctx: &Context, themes: &Themes, input: &FilterInput) -> Result<Filter> {
    Filter::resolve(input, ctx.today(), themes).map_err(|e| match e {
        FilterError::Usage(m) => Error::usage(m),
        FilterError::UnknownTheme { theme, known } => unknown_theme(&theme, themes, &known),
    })
}

/// The usage error for a theme that does not exist, with the likeliest one it meant.
pub fn unknown_theme(given: &str, themes: &Themes, known: &str) -> Error {
    let ids: Vec<&str> = themes.all().iter().map(|t| t.id.as_str()).collect();
    let hint = match crate::core::text::closest(given, ids.iter().copied()) {
        Some(c) => format!("did you mean `{c}`? themes: {known}"),
        None => format!("themes: {known}"),
    };
    Error::usage(format!("unknown theme `{given}`")).with_hint(hint)
}
