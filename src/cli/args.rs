//! The command line as typed: plain clap data. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::core::config::ColorChoice;

/// A coaching journal for people who have just started to lead a team.
///
/// Each day coachlog asks a few reflection questions (about delegating, trusting your team,
/// the informal leaders others already follow, the story of where you are heading) and keeps
/// your answers in plain files you own. Run `coachlog today` at the end of a working day.
#[derive(Debug, Parser)]
#[command(name = "coachlog", version, max_term_width = 100, after_help = AFTER_HELP)]
pub struct Cli {
    /// The journal folder [env: COACHLOG_JOURNAL] [default: ~/.local/share/coachlog/journal]
    #[arg(long, global = true, value_name = "DIR")]
    pub journal: Option<PathBuf>,

    /// The configuration file [env: COACHLOG_CONFIG] [default: ~/.config/coachlog/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// When to use colour (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_name = "WHEN", value_enum)]
    pub color: Option<ColorChoice>,

    /// Print nothing but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

const AFTER_HELP: &str =
    "With no command, coachlog runs `today` in a terminal and prints `status` otherwise.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run today's guided reflection and save it as one entry
    Today(TodayArgs),
    /// Reflect on one theme (delegation, trust, roving-leaders, …) or run any pack by id
    Reflect(ReflectArgs),
    /// Write a quick note without prompts; #tags in the text count as themes
    Add(AddArgs),
    /// List recent entries, newest first
    List(ListArgs),
    /// Show one entry by id (or its first characters), or every entry of a day
    Show(ShowArgs),
    /// Today's state: entries, streak, unfinished sessions (-q: exit 1 if nothing today)
    Status,
    /// Commitments you made and how they went (open ones unless --all)
    Commitments(CommitmentsArgs),
    /// Show the effective configuration and every path in use
    Config(ConfigArgs),
    /// Inspect, check and customise prompt packs
    Prompts(PromptsArgs),
}

#[derive(Debug, Args, Default)]
pub struct SessionArgs {
    /// The day the entry is about: 2026-11-27, yesterday, monday, last friday, 3 days ago
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Answer from a TOML file instead of the terminal (`-` reads stdin)
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// The prompt pack to run [default: daily, or `default_pack` in the config]
    #[arg(long, value_name = "ID")]
    pub pack: Option<String>,

    #[command(flatten)]
    pub session: SessionArgs,
}

#[derive(Debug, Args)]
pub struct ReflectArgs {
    /// A theme (delegation, trust, roving-leaders, vision, contribution, courage, management)
    /// or a pack id
    #[arg(value_name = "THEME-OR-PACK")]
    pub what: String,

    #[command(flatten)]
    pub session: SessionArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The note; read from stdin when absent
    #[arg(value_name = "TEXT", trailing_var_arg = true)]
    pub text: Vec<String>,

    /// The day the note is about
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// A theme this note is about (repeatable)
    #[arg(long = "theme", value_name = "THEME")]
    pub themes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// How many entries to list
    #[arg(short = 'n', long = "number", value_name = "N", default_value_t = 10)]
    pub number: usize,

    /// Print JSON: an array of entries (the stored record plus computed `themes`)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An entry id (any unique prefix) or a date
    #[arg(value_name = "ID-OR-DATE")]
    pub key: String,

    /// Print JSON: an array of the entries shown
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CommitmentsArgs {
    /// Only the open ones (the default)
    #[arg(long, conflicts_with = "all")]
    pub open: bool,

    /// Every commitment, settled ones included
    #[arg(long)]
    pub all: bool,

    /// Print JSON: an array of {id, entry, date, text, status, followed_up, carried}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print only the path of the configuration file
    #[arg(long)]
    pub path: bool,

    /// Print JSON
    #[arg(long, conflicts_with = "path")]
    pub json: bool,

    #[command(subcommand)]
    pub action: Option<ConfigAction>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Write a commented default config.toml (never over an existing one)
    Init,
}

#[derive(Debug, Args)]
pub struct PromptsArgs {
    #[command(subcommand)]
    pub action: PromptsAction,
}

#[derive(Debug, Subcommand)]
pub enum PromptsAction {
    /// List the packs in force, built-in and your own
    List,
    /// Show every prompt of a pack
    Show {
        /// The pack id
        id: String,
    },
    /// Check packs and themes files (with no FILE: every pack in force)
    Validate {
        /// Pack or themes.toml files to check
        files: Vec<PathBuf>,
    },
    /// Copy the built-in packs and themes into your config folder to customise them
    Init,
}
