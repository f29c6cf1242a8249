//! The configuration file (SPEC §3): `config.toml` in the config folder. Missing means
//! defaults; unknown keys are errors naming the key.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::source::SourceError;

/// Which day a week starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The keys of `config.toml`, all optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub journal: Option<String>,
    pub default_pack: Option<String>,
    pub week_start: Option<WeekStart>,
    pub editor: Option<String>,
    pub color: Option<ColorChoice>,
    pub pick: Option<Spanned<i64>>,
}

impl Config {
    pub fn parse(file: &str, text: &str) -> Result<Config, SourceError> {
        let config: Config = toml::from_str(text).map_err(|e| SourceError::from_toml(file, text, &e))?;
        if let Some(pick) = &config.pick
            && *pick.get_ref() < 1
        {
            return Err(SourceError::at(file, text, pick.span().start, "`pick` must be 1 or more"));
        }
        Ok(config)
    }

    pub fn pick(&self) -> Option<usize> {
        self.pick.as_ref().and_then(|p| usize::try_from(*p.get_ref()).ok())
    }
}

/// The commented default written by `coachlog config init`.
pub const DEFAULT_CONFIG: &str = r#"# coachlog configuration. Every key is optional; remove the `#` to change a value.

# Where the journal lives. `~` is your home folder; a relative path is taken from this file's
# folder. COACHLOG_JOURNAL and --journal take precedence.
# journal = "~/.local/share/coachlog/journal"

# The pack `coachlog today` runs when no --pack is given.
# default_pack = "daily"

# The first day of a week in weekly reviews: "monday" or "sunday".
# week_start = "monday"

# The editor for `editor` prompts. When unset, $VISUAL, then $EDITOR, then vi.
# editor = "nano"

# Colour: "auto" (only in a terminal, and never when NO_COLOR is set), "always" or "never".
# color = "auto"

# How many rotating prompts a session asks, for every pack (a pack's own `pick` otherwise).
# pick = 4
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let err = Config::parse("config.toml", "week_start = \"sunday\"\nthemes = 3\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unknown field `themes`"), "{err}");
    }

    #[test]
    fn bad_values_are_errors() {
        let err = Config::parse("config.toml", "week_start = \"friday\"\n").unwrap_err();
        assert!(err.message.contains("friday"), "{err}");
        assert!(Config::parse("config.toml", "pick = 0\n").is_err());
    }

    #[test]
    fn the_default_config_parses_and_sets_nothing() {
        let c = Config::parse("config.toml", DEFAULT_CONFIG).unwrap();
        assert!(c.journal.is_none() && c.pick.is_none() && c.week_start.is_none());
    }
}
