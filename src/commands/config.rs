//! `coachlog config`: the effective settings, where each came from, and every path in use;
//! `config init` writes a commented default file.

use std::path::PathBuf;

use crate::core::config::{ColorChoice, DEFAULT_CONFIG, WeekStart};
use crate::error::{Error, Result};
use crate::journal::write_atomic;

use super::Context;
use crate::context::Source;

/// One line of the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub key: &'static str,
    pub value: String,
    pub source: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub settings: Vec<Row>,
    pub paths: Vec<Row>,
}

pub fn run(ctx: &Context) -> Report {
    let row = |key, value: String, source: &Source| Row { key, value, source: source.to_string() };
    let settings = vec![
        row("journal", ctx.journal.root().display().to_string(), &ctx.journal_source),
        row("default_pack", ctx.default_pack.value.clone(), &ctx.default_pack.source),
        row(
            "week_start",
            match ctx.week_start.value {
                WeekStart::Monday => "monday",
                WeekStart::Sunday => "sunday",
            }
            .into(),
            &ctx.week_start.source,
        ),
        row(
            "journal_days",
            ctx.journal_days
                .value
                .iter()
                .map(|d| crate::core::streak::day_name(*d))
                .collect::<Vec<_>>()
                .join(", "),
            &ctx.journal_days.source,
        ),
        row("editor", ctx.editor.value.clone(), &ctx.editor.source),
        row(
            "color",
            match ctx.color.value {
                ColorChoice::Auto => "auto",
                ColorChoice::Always => "always",
                ColorChoice::Never => "never",
            }
            .into(),
            &ctx.color.source,
        ),
        row(
            "pick",
            ctx.pick.value.map_or_else(|| "each pack's own".to_string(), |p| p.to_string()),
            &ctx.pick.source,
        ),
        row(
            "resurface",
            match ctx.resurface.value {
                0 => "off".to_string(),
                1 => "every day".to_string(),
                n => format!("every {n} days"),
            },
            &ctx.resurface.source,
        ),
    ];
    let config_state = if ctx.config_found { "" } else { " (not created; defaults in use)" };
    let paths = vec![
        Row {
            key: "config file",
            value: format!("{}{config_state}", ctx.config_file.value.display()),
            source: ctx.config_file.source.to_string(),
        },
        Row {
            key: "prompt packs",
            value: ctx.prompts_dir().display().to_string(),
            source: "config folder".into(),
        },
        Row { key: "themes", value: ctx.themes_file().display().to_string(), source: "config folder".into() },
        Row {
            key: "journal",
            value: ctx.journal.root().display().to_string(),
            source: ctx.journal_source.to_string(),
        },
        Row {
            key: "drafts",
            value: ctx.journal.drafts_dir().display().to_string(),
            source: "journal folder".into(),
        },
        Row {
            key: "encryption",
            value: if crate::journal::seal::is_encrypted(ctx.journal.root()) {
                format!(
                    "on: the journal key is in {}",
                    ctx.journal.root().join(crate::journal::seal::KEYS_DIR).display()
                )
            } else {
                "off (`coachlog encrypt` turns it on)".to_string()
            },
            source: "journal folder".into(),
        },
        Row {
            key: "identity",
            value: format!(
                "{}{}",
                ctx.identity.value.display(),
                if ctx.identity.value.exists() { "" } else { " (none yet; `coachlog encrypt` makes it)" }
            ),
            source: ctx.identity.source.to_string(),
        },
        Row {
            key: "digests",
            value: ctx
                .journal
                .index()
                .dir()
                .map_or_else(|| "(none kept)".to_string(), |d| d.display().to_string()),
            source: "cache folder (safe to delete)".into(),
        },
    ];
    Report { settings, paths }
}

/// Writes the commented default config, never over an existing file.
pub fn init(ctx: &Context) -> Result<PathBuf> {
    let path = ctx.config_file.value.clone();
    if path.exists() {
        return Err(Error::failure(format!("{} already exists; it was left as it is", path.display()))
            .with_hint("edit it, or move it away and run `coachlog config init` again"));
    }
    write_atomic(&path, DEFAULT_CONFIG.as_bytes()).map_err(|e| Error::io("write", &path, &e))?;
    Ok(path)
}
