//! The configuration file (SPEC §3): `config.toml` in the config folder. Missing means
//! defaults; an unknown key or a bad value is a warning naming the key and line, and that key
//! keeps its default.

use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The keys of `config.toml`, all optional.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub journal: Option<String>,
    pub default_pack: Option<String>,
    pub week_start: Option<WeekStart>,
    pub editor: Option<String>,
    pub color: Option<ColorChoice>,
    pick: Option<i64>,
    /// The days of the week the person means to journal (streaks skip the others).
    pub journal_days: Option<Vec<chrono::Weekday>>,
    /// Every how many days a session opens by asking back something written weeks ago
    /// (`core::lookback`); 0 never.
    pub resurface: Option<u32>,
    /// The file that opens an encrypted journal: an age identity or an SSH private key.
    pub identity: Option<String>,
}

/// Every key `config.toml` may hold.
pub const KEYS: [&str; 9] = [
    "journal",
    "default_pack",
    "week_start",
    "editor",
    "color",
    "pick",
    "journal_days",
    "resurface",
    "identity",
];

/// The largest `resurface`: once a year.
pub const MAX_RESURFACE: i64 = 366;

impl Config {
    /// Reads `text`. A key that is unknown or has a value that cannot be used is a problem
    /// (returned, with its line) and that key keeps its default, so one typo does not stop
    /// every command. Only what cannot be read around is an error: TOML that does not parse,
    /// and a `journal` that is not a path (guessing where entries go could split a journal).
    pub fn parse(file: &str, text: &str) -> Result<(Config, Vec<SourceError>), SourceError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| SourceError::from_toml(file, text, &e))?;
        let at = |key: &str, message: String| SourceError::at(file, text, key_offset(text, key), message);
        let mut config = Config::default();
        let mut problems = Vec::new();
        for (key, value) in table {
            let kind = value.type_str();
            let wrong = |want: &str| format!("`{key}` must be {want}, not a {kind}; the default is used");
            match key.as_str() {
                "journal" => match value {
                    toml::Value::String(s) => config.journal = Some(s),
                    _ => return Err(at(&key, format!("`journal` must be a path in quotes, not a {kind}"))),
                },
                "default_pack" => match value {
                    toml::Value::String(s) => config.default_pack = Some(s),
                    _ => problems.push(at(&key, wrong("a pack id in quotes"))),
                },
                "editor" => match value {
                    toml::Value::String(s) => config.editor = Some(s),
                    _ => problems.push(at(&key, wrong("a command in quotes"))),
                },
                "identity" => match value {
                    toml::Value::String(s) if !s.trim().is_empty() => config.identity = Some(s),
                    _ => problems.push(at(&key, wrong("a path in quotes"))),
                },
                "week_start" => match value.try_into::<WeekStart>() {
                    Ok(w) => config.week_start = Some(w),
                    Err(_) => problems.push(at(
                        &key,
                        "`week_start` must be \"monday\" or \"sunday\"; the default is used".into(),
                    )),
                },
                "color" => match value.try_into::<ColorChoice>() {
                    Ok(c) => config.color = Some(c),
                    Err(_) => problems.push(at(
                        &key,
                        "`color` must be \"auto\", \"always\" or \"never\"; the default is used".into(),
                    )),
                },
                "journal_days" => match journal_days(&value) {
                    Some(days) => config.journal_days = Some(days),
                    None => problems.push(at(
                        &key,
                        format!(
                            "`journal_days` must list days of the week, e.g. [\"monday\", \"friday\"], not {value}; the default (monday to friday) is used"
                        ),
                    )),
                },
                "pick" => match value {
                    toml::Value::Integer(n) if n >= 1 => config.pick = Some(n),
                    _ => problems.push(at(
                        &key,
                        "`pick` must be a whole number, 1 or more; the default is used".into(),
                    )),
                },
                "resurface" => match value {
                    toml::Value::Integer(n) if (0..=MAX_RESURFACE).contains(&n) => {
                        config.resurface = u32::try_from(n).ok();
                    }
                    toml::Value::Boolean(on) => {
                        config.resurface = Some(if on { crate::core::lookback::DEFAULT_EVERY } else { 0 });
                    }
                    _ => problems.push(at(
                        &key,
                        format!(
                            "`resurface` must be a whole number of days from 0 to {MAX_RESURFACE} (3: every 3rd day; 0 or false: never), not {value}; the default (3) is used"
                        ),
                    )),
                },
                _ => {
                    let hint = crate::core::text::closest(&key, KEYS)
                        .map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"));
                    problems.push(at(
                        &key,
                        format!("unknown key `{key}`{hint}; it is ignored. Keys: {}", KEYS.join(", ")),
                    ));
                }
            }
        }
        problems.sort_by_key(|p| (p.line, p.column));
        Ok((config, problems))
    }

    pub fn pick(&self) -> Option<usize> {
        self.pick.and_then(|p| usize::try_from(p).ok())
    }
}

/// `["monday", "friday"]` (any case, `mon` will do) as weekdays; `None` if any is not a day
/// or none is given.
fn journal_days(value: &toml::Value) -> Option<Vec<chrono::Weekday>> {
    let list = value.as_array()?;
    let days: Option<Vec<chrono::Weekday>> =
        list.iter().map(|v| v.as_str().and_then(|s| s.trim().parse::<chrono::Weekday>().ok())).collect();
    days.filter(|d| !d.is_empty())
}

/// Where `key = …` starts in `text` (the first line that sets it), for a problem's line.
fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let bare =
            trimmed.strip_prefix('"').and_then(|t| t.strip_prefix(key)).and_then(|t| t.strip_prefix('"'));
        let rest = bare.or_else(|| trimmed.strip_prefix(key));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
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

# The days you mean to journal. A streak only needs these: other days neither break it nor
# are needed, and an entry on one still counts.
# journal_days = ["monday", "tuesday", "wednesday", "thursday", "friday"]

# Every how many days a session opens with one line you wrote 4, 12 or 52 weeks ago on the
# theme the session leans toward, asked back as "Still true?" (Enter skips it). 1 is every
# day, 0 or false never.
# resurface = 3

# The file that opens an encrypted journal (`coachlog encrypt`): an age identity or an SSH
# private key. When unset, $COACHLOG_IDENTITY, then identity.txt beside this file. Keep it
# out of the journal folder: that folder is the copy that gets synced.
# identity = "~/.ssh/id_ed25519"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_key_and_line_and_the_rest_still_counts() {
        let (config, problems) =
            Config::parse("config.toml", "week_start = \"sunday\"\ncolour = 3\n").unwrap();
        assert_eq!(config.week_start, Some(WeekStart::Sunday));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        assert!(
            problems[0].message.contains("unknown key `colour` (did you mean `color`?)"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn bad_values_keep_the_default_and_say_so_in_line_order() {
        let (config, problems) =
            Config::parse("config.toml", "pick = 0\nweek_start = \"friday\"\neditor = \"nano\"\n").unwrap();
        assert_eq!(config.editor.as_deref(), Some("nano"));
        assert!(config.week_start.is_none() && config.pick().is_none());
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![1, 2]);
        assert!(problems[1].message.contains("\"monday\" or \"sunday\""), "{}", problems[1]);
        assert!(Config::parse("config.toml", "journal = 3\n").is_err(), "where entries go is never guessed");
        assert!(Config::parse("config.toml", "pick = [\n").is_err());
    }

    #[test]
    fn resurface_takes_days_or_a_switch_and_names_itself_when_wrong() {
        let read = |text: &str| Config::parse("config.toml", text).unwrap();
        assert_eq!(read("resurface = 1\n").0.resurface, Some(1));
        assert_eq!(read("resurface = 0\n").0.resurface, Some(0));
        assert_eq!(read("resurface = false\n").0.resurface, Some(0));
        assert_eq!(read("resurface = true\n").0.resurface, Some(3));
        for bad in ["resurface = \"often\"\n", "resurface = -1\n", "resurface = 400\n", "resurface = 2.5\n"] {
            let (c, problems) = read(bad);
            assert_eq!(c.resurface, None, "{bad}");
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].line, 1);
            assert!(
                problems[0].message.starts_with("`resurface` must be a whole number of days"),
                "{}",
                problems[0]
            );
        }
    }

    #[test]
    fn the_default_config_parses_and_sets_nothing() {
        let (c, problems) = Config::parse("config.toml", DEFAULT_CONFIG).unwrap();
        assert!(c.journal.is_none() && c.pick.is_none() && c.week_start.is_none());
        assert!(problems.is_empty());
    }
}
