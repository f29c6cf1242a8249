//! The command line as typed: plain clap data. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::export::Format;
use crate::core::config::ColorChoice;
use crate::core::filter::FilterInput;
use crate::core::import::Source as ImportSource;
use crate::core::markdown::Grouping;
use crate::core::summary::By;

/// The heading the options every command takes are listed under, apart from its own.
const GLOBAL: &str = "Global options";

/// A coaching journal for people who have just started to lead a team.
///
/// Each day coachlog asks a few reflection questions (about delegating, trusting your team,
/// the informal leaders others already follow, the story of where you are heading) and keeps
/// your answers in plain files you own. Run `coachlog today` at the end of a working day.
#[derive(Debug, Parser)]
#[command(name = "coachlog", version, max_term_width = 100, after_help = AFTER_HELP)]
pub struct Cli {
    /// The journal folder [env: COACHLOG_JOURNAL] [default: ~/.local/share/coachlog/journal]
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub journal: Option<PathBuf>,

    /// The configuration file [env: COACHLOG_CONFIG] [default: ~/.config/coachlog/config.toml]
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,

    /// When to use colour (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_name = "WHEN", value_enum, help_heading = GLOBAL)]
    pub color: Option<ColorChoice>,

    /// No confirmations, hints or warnings; what you asked for (a list, a report) still prints
    #[arg(short, long, global = true, help_heading = GLOBAL)]
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
    /// Write a quick note without prompts, and see which themes it was heard under and why
    ///
    /// A #tag naming a theme always counts (`#trust`, `#roving`); phrases in themes.toml and a
    /// small built-in model hear the rest, and for delegation, trust, roving leaders,
    /// contribution and courage, which way it went ("handed over" or "held on to").
    Add(AddArgs),
    /// List recent entries, newest first
    List(ListArgs),
    /// Show one entry by id (or its first characters), or every entry of a day
    Show(ShowArgs),
    /// Today's state: entries, streak, unfinished sessions (-q: exit 1 if nothing today)
    Status,
    /// The weekly review: days journaled, themes, commitments, people, highlights
    Week(WeekArgs),
    /// Where your attention went, theme by theme, over a range
    Summary(SummaryArgs),
    /// Then and now: the first month of a quarter (or range) beside its last
    Review(ReviewArgs),
    /// Commitments you made and how they went (open ones unless --all)
    Commitments(CommitmentsArgs),
    /// Everyone your journal names: how often, since when, for what, and lately
    ///
    /// A person is a name given in a `list` answer ("who did people turn to?"), or in
    /// people.toml in the config folder, where `[aliases]` merges names (`Sam = "Samuel"`) and
    /// `ignore = [...]` lists answers that are not people. Once known, a name is found in
    /// written answers too.
    People(PeopleArgs),
    /// One person's page, to read before a one-on-one: what they were named for, what you
    /// handed them, their ideas, open commitments about them, and every mention, newest first
    Person(PersonArgs),
    /// A year of journaling days at a glance
    Calendar(CalendarArgs),
    /// Export to markdown (one document, or one note per day) or JSON
    Export(ExportArgs),
    /// Import a jrnl or Day One JSON export, or a coachlog JSON export
    Import(ImportArgs),
    /// Change an entry in your editor; saving adds a new revision
    Edit(IdArgs),
    /// Delete an entry (it stays on disk; `undelete` brings it back)
    Delete(DeleteArgs),
    /// Bring a deleted entry back
    Undelete(IdArgs),
    /// Check the journal, the config and the prompt packs; --repair fixes what it safely can
    Doctor(DoctorArgs),
    /// Encrypt the journal at rest: every entry sealed, opened with this machine's identity
    /// (or a passphrase); it still syncs, merges, searches and reports as before
    Encrypt(EncryptArgs),
    /// Turn an encrypted journal back into plain files
    Decrypt(DecryptArgs),
    /// The keys that open an encrypted journal: add one for another machine, list them, or
    /// show this machine's public key
    Key(KeyArgs),
    /// Show the effective configuration and every path in use
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the man page (`coachlog man | man -l -`), or write them all with --dir
    Man(ManArgs),
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
    /// A theme (delegation, trust, roving-leaders, vision, contribution, courage, management, less-needed)
    /// or a pack id
    #[arg(value_name = "THEME-OR-PACK")]
    pub what: String,

    #[command(flatten)]
    pub session: SessionArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The note; read from stdin when absent. Options may come before or after it; to write a
    /// note that starts with a dash, put it after `--` (`coachlog add -- "-2 on the estimate"`)
    #[arg(value_name = "TEXT")]
    pub text: Vec<std::ffi::OsString>,

    /// The day the note is about
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// A theme this note is about, by id or tag alias (repeatable)
    #[arg(long = "theme", value_name = "THEME")]
    pub themes: Vec<String>,
}

/// FILTERS, shared by `list` and `summary`.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Entries on or after DATE (2026-11-01, monday, 3 days ago, …)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Entries on or before DATE
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Entries of one day
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// Entries of the last SPAN, today included: 30d, 4w, 3m, 1y
    #[arg(long, value_name = "SPAN")]
    pub last: Option<String>,

    /// Entries about THEME (repeatable: any of them)
    #[arg(long = "theme", value_name = "THEME")]
    pub themes: Vec<String>,

    /// Entries of one prompt pack (`quick` for notes from `add`)
    #[arg(long, value_name = "ID")]
    pub pack: Option<String>,

    /// Entries whose answers contain TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

impl FilterArgs {
    pub fn input(&self) -> FilterInput {
        FilterInput {
            from: self.from.clone(),
            to: self.to.clone(),
            on: self.on.clone(),
            last: self.last.clone(),
            themes: self.themes.clone(),
            pack: self.pack.clone(),
            search: self.search.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// How many entries to list
    #[arg(short = 'n', long = "number", value_name = "N", default_value_t = 10)]
    pub number: usize,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// List deleted entries instead
    #[arg(long)]
    pub deleted: bool,

    /// Print JSON: an array of entries (the stored record plus computed `themes` and `stances`)
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
#[group(multiple = false)]
pub struct WeekChoice {
    /// The ISO week to review, e.g. 2026-W48, or 48 for this year's week 48
    #[arg(long, value_name = "WEEK")]
    pub week: Option<String>,

    /// Review last week
    #[arg(long)]
    pub last: bool,

    /// Review the week holding DATE
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct WeekArgs {
    #[command(flatten)]
    pub choice: WeekChoice,

    /// Print JSON
    #[arg(long, conflicts_with = "md")]
    pub json: bool,

    /// Print the review as markdown, to keep or share with a mentor
    #[arg(long)]
    pub md: bool,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Rows per theme (the default), or per week or month
    #[arg(long, value_enum, default_value_t = By::Theme)]
    pub by: By,

    /// Show which prompts, #tags and keywords put entries into each theme
    #[arg(long)]
    pub explain: bool,

    /// Print JSON
    #[arg(long, conflicts_with = "md")]
    pub json: bool,

    /// Print the summary as markdown, to keep or share with a mentor
    #[arg(long)]
    pub md: bool,
}

#[derive(Debug, Args)]
pub struct PeopleArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Print JSON: {trend_weeks, people: [{name, entries, first, last, roles, trend}]}
    #[arg(long)]
    pub json: bool,
}

/// `coachlog review`: the range (a quarter, or two dates) and the format.
#[derive(Debug, Args)]
#[command(after_help = REVIEW_AFTER_HELP)]
pub struct ReviewArgs {
    /// The quarter: 2026-Q4, Q4 (this year's), this or last [default: this quarter so far]
    #[arg(long, value_name = "QUARTER", conflicts_with_all = ["from", "to"])]
    pub quarter: Option<String>,

    /// Review from DATE (2026-09-01, monday, 3 days ago, …) instead of a quarter
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Up to DATE [default: today]
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,

    /// Print markdown (CommonMark), e.g. to keep or to share with a coach
    #[arg(long, conflicts_with = "json")]
    pub md: bool,

    /// Print JSON: {from, to, quarter, state, then, now, themes, commitments, people}
    #[arg(long)]
    pub json: bool,
}

const REVIEW_AFTER_HELP: &str = "\
Sets the first month of the range beside the last: ratings and which way each theme went,
commitments made and kept, people who came into view or faded, and your own words on each
theme then and now. Only those two months are read.

JSON keys: from, to, quarter, state (compared, one_month, no_entries, then_empty, now_empty),
then and now {month, from, to, entries}, themes [{id, title, then, now, rating_change}] where
then and now are {entries, rating_avg, did, missed, words {date, text}}, commitments {then, now}
each {made, kept, done, partly, dropped, open}, people {emerged, faded, stayed} each
[{name, count}].";

#[derive(Debug, Args)]
pub struct PersonArgs {
    /// A name as the journal has it, an alias, or the start of a name (any case); a name of
    /// two words may be given quoted or not: `person Ana Lopez`
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub name: Vec<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// How many of the newest mentions (and ideas, and open commitments) to show [default: 20;
    /// with --json, every one]
    #[arg(short = 'n', long = "number", value_name = "N", conflicts_with = "all")]
    pub number: Option<usize>,

    /// Every mention
    #[arg(long)]
    pub all: bool,

    /// Print JSON
    #[arg(long, conflicts_with = "md")]
    pub json: bool,

    /// Print the page as markdown, to keep or share
    #[arg(long)]
    pub md: bool,
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// The year to show [default: this year]
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Markdown or JSON
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,

    /// Group the markdown by day or by theme
    #[arg(long, value_enum, default_value_t = Grouping::Date)]
    pub by: Grouping,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Write to FILE instead of stdout
    #[arg(short, long, value_name = "FILE", conflicts_with = "dir")]
    pub output: Option<PathBuf>,

    /// Write one markdown note per day, DIR/YYYY/YYYY-MM-DD.md, with YAML front matter
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Replace the file given with -o, or the notes in --dir, if they already exist
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What wrote the file; when not given, it is recognised from the file
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub from: Option<ImportSource>,

    /// The export: jrnl's `--export json` output, Day One's Journal.json or its .zip, or
    /// `coachlog export --format json`
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Quarantine damaged lines, fold in sync-conflict copies, make files private
    #[arg(long)]
    pub repair: bool,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EncryptArgs {
    /// Open the journal with a passphrase (asked twice, or read from
    /// $COACHLOG_PASSPHRASE_COMMAND) instead of this machine's identity file
    #[arg(long)]
    pub passphrase: bool,
}

#[derive(Debug, Args)]
pub struct DecryptArgs {
    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct KeyArgs {
    #[command(subcommand)]
    pub action: KeyAction,
}

#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Let another key open the journal: an age public key (`coachlog key show` on the
    /// other machine prints it), an SSH public key or .pub file, or --passphrase
    Add {
        /// The public key, or a file holding one
        #[arg(
            value_name = "PUBLIC-KEY",
            required_unless_present = "passphrase",
            conflicts_with = "passphrase"
        )]
        recipient: Option<String>,

        /// Add a passphrase that opens the journal
        #[arg(long)]
        passphrase: bool,

        /// What to call it in `coachlog key list` (letters, digits and -)
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// The keys that open the journal
    List,
    /// This machine's public key (made, with its identity file, if there is none yet), to
    /// give to `coachlog key add` on a machine that opens the journal
    Show,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page of one subcommand
    #[arg(value_name = "SUBCOMMAND", conflicts_with = "dir")]
    pub subcommand: Option<String>,

    /// Write coachlog.1 and a page per subcommand into DIR
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    /// The entry id (or its first characters)
    #[arg(value_name = "ID")]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The entry id (or its first characters)
    #[arg(value_name = "ID")]
    pub id: String,

    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CommitmentsArgs {
    /// Settle a commitment without a session
    #[command(subcommand)]
    pub action: Option<CommitmentAction>,

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

#[derive(Debug, Subcommand)]
pub enum CommitmentAction {
    /// Mark a commitment done
    Done(SettleArgs),
    /// Mark a commitment partly done (it is settled, like done)
    Partly(SettleArgs),
    /// Let a commitment go
    Drop(SettleArgs),
    /// Put a commitment off: sessions ask about it again from a later day
    Snooze(SnoozeArgs),
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The commitment's id from `coachlog commitments` (its first characters will do)
    pub id: String,

    /// The day to ask about it again: a date, `friday` (the next one), `in 2 weeks` (default: a week from today)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// A note to keep with it, e.g. why it waits
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct SettleArgs {
    /// The commitment's id from `coachlog commitments` (its first characters will do)
    pub id: String,

    /// A note to keep with the follow-up, e.g. what happened
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
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
