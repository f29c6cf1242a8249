//! The environment of one run, resolved once: the clock, the config file, the journal folder
//! and every setting, each with where its value came from (for `coachlog config`).

use std::env;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate};
use directories::{BaseDirs, ProjectDirs};

use crate::core::config::{ColorChoice, Config, WeekStart};
use crate::core::entry::is_sane_year;
use crate::error::{Error, Result};
use crate::journal::Journal;

/// Global options as typed on the command line.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub journal: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub color: Option<ColorChoice>,
    pub quiet: bool,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    ConfigFile,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "{name}"),
            Source::Env(name) => write!(f, "${name}"),
            Source::ConfigFile => f.write_str("config file"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    fn new(value: T, source: Source) -> Self {
        Setting { value, source }
    }
}

/// Everything a command needs to know about its surroundings.
#[derive(Debug)]
pub struct Context {
    pub now: DateTime<FixedOffset>,
    pub now_source: Source,
    pub config_file: Setting<PathBuf>,
    pub config_found: bool,
    pub config: Config,
    /// The folder holding `prompts/` and `themes.toml`.
    pub config_dir: PathBuf,
    pub journal: Journal,
    pub journal_source: Source,
    /// Where kept digests of month files go (`None`: nowhere, see `journal::index`).
    pub cache_dir: Option<PathBuf>,
    pub default_pack: Setting<String>,
    pub week_start: Setting<WeekStart>,
    /// The days a streak needs (see `core::streak`).
    pub journal_days: Setting<Vec<chrono::Weekday>>,
    pub editor: Setting<String>,
    pub color: Setting<ColorChoice>,
    pub pick: Setting<Option<usize>>,
    /// Every how many days a session asks back something written weeks ago; 0 never.
    pub resurface: Setting<u32>,
    /// The file that opens an encrypted journal (see `crate::keyring`).
    pub identity: Setting<PathBuf>,
    /// `-q`: no confirmations, hints or warnings.
    pub quiet: bool,
    /// Problems in the config file that left a key at its default, `FILE:LINE:COLUMN: …`.
    pub config_problems: Vec<String>,
}

impl Context {
    /// Resolves flags, environment and config file, in that order of precedence.
    pub fn new(globals: &Globals) -> Result<Context> {
        Self::build(globals, false).map(|(ctx, _)| ctx)
    }

    /// Like [`Context::new`], but a config file that cannot be read or parsed gives the
    /// defaults and the error, for `coachlog doctor` to report.
    pub fn new_lenient(globals: &Globals) -> Result<(Context, Option<Error>)> {
        Self::build(globals, true)
    }

    fn build(globals: &Globals, lenient: bool) -> Result<(Context, Option<Error>)> {
        let (now, now_source) = match env::var("COACHLOG_NOW") {
            Ok(text) if !text.trim().is_empty() => {
                let now = DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
                    Error::usage(format!("COACHLOG_NOW is `{text}`, which is not a date and time"))
                        .with_hint("use the form 2026-11-27T21:00:00+01:00, or unset it to use the clock")
                })?;
                if !is_sane_year(now.year()) {
                    return Err(Error::usage(format!("COACHLOG_NOW is `{text}`, outside years 1–9999")));
                }
                (now, Source::Env("COACHLOG_NOW"))
            }
            _ => (Local::now().fixed_offset(), Source::Default),
        };

        let project = ProjectDirs::from("", "", "coachlog");
        let config_dir = match &project {
            Some(p) => p.config_dir().to_path_buf(),
            None => home_error()?,
        };
        let config_file = if let Some(path) = &globals.config {
            Setting::new(absolute(path)?, Source::Flag("--config"))
        } else if let Some(path) = env_path("COACHLOG_CONFIG")? {
            Setting::new(path, Source::Env("COACHLOG_CONFIG"))
        } else {
            Setting::new(config_dir.join("config.toml"), Source::Default)
        };
        let (config, config_found, config_problems, config_error) = match read_config(&config_file) {
            Ok((c, found, problems)) => (c, found, problems, None),
            Err(e) if lenient => (Config::default(), config_file.value.exists(), Vec::new(), Some(e)),
            Err(e) => return Err(e),
        };

        let (journal_dir, journal_source) = if let Some(path) = &globals.journal {
            (absolute(path)?, Source::Flag("--journal"))
        } else if let Some(path) = env_path("COACHLOG_JOURNAL")? {
            (path, Source::Env("COACHLOG_JOURNAL"))
        } else if let Some(text) = &config.journal {
            (config_relative(text, &config_file.value)?, Source::ConfigFile)
        } else {
            match &project {
                Some(p) => (p.data_dir().join("journal"), Source::Default),
                None => home_error()?,
            }
        };

        let default_pack = match &config.default_pack {
            Some(p) => Setting::new(p.clone(), Source::ConfigFile),
            None => Setting::new("daily".to_string(), Source::Default),
        };
        let journal_days = match &config.journal_days {
            Some(days) => Setting::new(days.clone(), Source::ConfigFile),
            None => Setting::new(crate::core::streak::WORKING_DAYS.to_vec(), Source::Default),
        };
        let week_start = match config.week_start {
            Some(w) => Setting::new(w, Source::ConfigFile),
            None => Setting::new(WeekStart::Monday, Source::Default),
        };
        // Like git: the tool's own setting first, then $VISUAL, then $EDITOR.
        let editor = if let Some(e) = &config.editor {
            Setting::new(e.clone(), Source::ConfigFile)
        } else if let Some(e) = non_empty_env("VISUAL") {
            Setting::new(e, Source::Env("VISUAL"))
        } else if let Some(e) = non_empty_env("EDITOR") {
            Setting::new(e, Source::Env("EDITOR"))
        } else {
            Setting::new("vi".to_string(), Source::Default)
        };
        let color = if let Some(c) = globals.color {
            Setting::new(c, Source::Flag("--color"))
        } else if env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Setting::new(ColorChoice::Never, Source::Env("NO_COLOR"))
        } else if let Some(c) = config.color {
            Setting::new(c, Source::ConfigFile)
        } else {
            Setting::new(ColorChoice::Auto, Source::Default)
        };
        let pick = match config.pick() {
            Some(p) => Setting::new(Some(p), Source::ConfigFile),
            None => Setting::new(None, Source::Default),
        };

        let resurface = match config.resurface {
            Some(n) => Setting::new(n, Source::ConfigFile),
            None => Setting::new(crate::core::lookback::DEFAULT_EVERY, Source::Default),
        };

        let identity = if let Some(path) = env_path("COACHLOG_IDENTITY")? {
            Setting::new(path, Source::Env("COACHLOG_IDENTITY"))
        } else if let Some(text) = &config.identity {
            Setting::new(config_relative(text, &config_file.value)?, Source::ConfigFile)
        } else {
            Setting::new(config_dir.join("identity.txt"), Source::Default)
        };

        let ctx = Context {
            now,
            now_source,
            config_file,
            config_found,
            config,
            config_dir,
            journal: Journal::open_in(journal_dir)
                .with_cache(project.as_ref().map(|p| p.cache_dir().to_path_buf())),
            journal_source,
            cache_dir: project.as_ref().map(|p| p.cache_dir().to_path_buf()),
            default_pack,
            week_start,
            journal_days,
            editor,
            color,
            pick,
            resurface,
            identity,
            quiet: globals.quiet,
            config_problems,
        };
        Ok((ctx, config_error))
    }

    /// Every default, the journal in `root/journal`, packs and themes in `root/config`, no
    /// cache, and the clock at `now`: for tests that drive a command with their own prompter,
    /// without touching the process's environment.
    #[doc(hidden)]
    pub fn in_dir(root: &Path, now: DateTime<FixedOffset>) -> Context {
        let config_dir = root.join("config");
        Context {
            now,
            now_source: Source::Default,
            config_file: Setting::new(config_dir.join("config.toml"), Source::Default),
            config_found: false,
            config: Config::default(),
            config_dir,
            journal: Journal::open_in(root.join("journal")),
            journal_source: Source::Default,
            cache_dir: None,
            default_pack: Setting::new("daily".to_string(), Source::Default),
            week_start: Setting::new(WeekStart::Monday, Source::Default),
            journal_days: Setting::new(crate::core::streak::WORKING_DAYS.to_vec(), Source::Default),
            editor: Setting::new("vi".to_string(), Source::Default),
            color: Setting::new(ColorChoice::Never, Source::Default),
            pick: Setting::new(None, Source::Default),
            resurface: Setting::new(crate::core::lookback::DEFAULT_EVERY, Source::Default),
            identity: Setting::new(root.join("config").join("identity.txt"), Source::Default),
            quiet: true,
            config_problems: Vec::new(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    pub fn prompts_dir(&self) -> PathBuf {
        self.config_dir.join("prompts")
    }

    pub fn themes_file(&self) -> PathBuf {
        self.config_dir.join("themes.toml")
    }
}

fn home_error<T>() -> Result<T> {
    Err(Error::failure("cannot find your home folder to keep the journal in")
        .with_hint("set HOME, or name a folder with --journal DIR"))
}

fn non_empty_env(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_path(name: &'static str) -> Result<Option<PathBuf>> {
    match env::var_os(name) {
        Some(v) if !v.is_empty() => Ok(Some(absolute(Path::new(&v))?)),
        _ => Ok(None),
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::io("resolve", path, &e))
}

/// A `journal` value of the config file: `~/` is home, relative paths are taken from the
/// config file's folder.
fn config_relative(text: &str, config_file: &Path) -> Result<PathBuf> {
    let expanded = if let Some(rest) = text.strip_prefix("~/").or(if text == "~" { Some("") } else { None }) {
        match BaseDirs::new() {
            Some(b) => b.home_dir().join(rest),
            None => home_error()?,
        }
    } else {
        PathBuf::from(text)
    };
    if expanded.is_absolute() {
        Ok(expanded)
    } else {
        absolute(&config_file.parent().unwrap_or(Path::new(".")).join(expanded))
    }
}

/// The config file: its settings, whether it exists, and the problems that left a key at its
/// default (each `FILE:LINE:COLUMN: …`).
fn read_config(file: &Setting<PathBuf>) -> Result<(Config, bool, Vec<String>)> {
    let path = &file.value;
    match crate::journal::files::read_text(path) {
        Ok(text) => {
            let (config, problems) = Config::parse(&path.display().to_string(), &text).map_err(|e| {
                Error::failure(e.to_string()).with_hint(format!(
                    "fix the config file; its keys are {}",
                    crate::core::config::KEYS.join(", ")
                ))
            })?;
            Ok((config, true, problems.iter().map(ToString::to_string).collect()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && file.source == Source::Default => {
            Ok((Config::default(), false, Vec::new()))
        }
        Err(e) => Err(Error::io("read the config file", path, &e)),
    }
}
