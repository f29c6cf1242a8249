//! People in the journal: who is named, for what, and when.
//!
//! A person is a name given in a `list` answer ("who did people turn to today?"), or a name
//! from the alias table (`people.toml`); once known, the same name found in written answers
//! (whole words, any case) is a mention too. What a person was named for comes from where the
//! name stood, by rules that can be read here ([`role_of`]):
//! - a `list` or written answer of a prompt about roving leaders: others follow them;
//! - … about delegation: you handed them work (or thought them ready for more);
//! - … about contribution: their idea;
//! - a commitment that names them: a commitment about them;
//! - free text (a quick note, an unthemed question): the themes its sentence is heard under,
//!   by the same classifier as everything else; else simply named.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::source::SourceError;
use super::text::fold;
use super::theme::Themes;

/// The file in the config folder that merges names.
pub const PEOPLE_FILE: &str = "people.toml";

/// Longer than any name: a list item this long is a phrase, not a person.
const MAX_NAME_CHARS: usize = 60;

/// What a person was named for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Others follow them (roving leaders).
    Follows,
    /// You handed them work, or thought them ready for more.
    Handed,
    /// Their idea, or a view you wanted.
    Idea,
    /// A commitment about them.
    Commitment,
    /// Named, for nothing the rules know.
    Named,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Follows, Role::Handed, Role::Idea, Role::Commitment, Role::Named];

    /// How a report says it.
    pub fn describe(self) -> &'static str {
        match self {
            Role::Follows => "others follow them",
            Role::Handed => "you handed them work",
            Role::Idea => "their idea",
            Role::Commitment => "a commitment about them",
            Role::Named => "named",
        }
    }

    /// A column heading.
    pub fn short(self) -> &'static str {
        match self {
            Role::Follows => "followed",
            Role::Handed => "handed",
            Role::Idea => "ideas",
            Role::Commitment => "commitments",
            Role::Named => "named",
        }
    }
}

/// The role a theme gives a name found under it.
pub fn role_of_theme(theme: &str) -> Option<Role> {
    match theme {
        "roving-leaders" => Some(Role::Follows),
        "delegation" => Some(Role::Handed),
        "contribution" => Some(Role::Idea),
        _ => None,
    }
}

/// The role of a name found in an answer of `kind`, asked under `theme`; for free text, the
/// themes its sentence was heard under (`heard`, in the lexicon's order).
pub fn role_of(kind: &str, theme: Option<&str>, heard: &[String]) -> Role {
    if kind == "commitment" {
        return Role::Commitment;
    }
    if let Some(t) = theme {
        return role_of_theme(t).unwrap_or(Role::Named);
    }
    heard.iter().find_map(|t| role_of_theme(t)).unwrap_or(Role::Named)
}

/// A list item as a name: trimmed, spaces collapsed, a leading `@` dropped; `None` when it
/// cannot be a person ("nobody", "-", a sentence).
pub fn normalize(item: &str) -> Option<String> {
    let name = item.trim().trim_start_matches('@').split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\''));
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || !name.chars().any(char::is_alphabetic)
        || name.chars().any(char::is_control)
        || NOT_PEOPLE.contains(&fold(name).as_str())
    {
        return None;
    }
    Some(name.to_string())
}

/// Answers to "who …?" that name nobody.
const NOT_PEOPLE: &[&str] = &[
    "nobody",
    "no one",
    "noone",
    "none",
    "n/a",
    "na",
    "nil",
    "everyone",
    "everybody",
    "all",
    "the team",
    "team",
    "me",
    "myself",
    "i",
    "not sure",
    "dont know",
    "don't know",
    "unknown",
];

/// The alias table: other names a person goes by, from `people.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    /// Folded alias → the name to show.
    to: HashMap<String, String>,
    /// Folded names that are never people.
    ignore: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeople {
    #[serde(default)]
    aliases: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
}

impl Aliases {
    /// Reads `people.toml`:
    /// ```toml
    /// [aliases]
    /// Sam = "Samuel"       # "Sam" is Samuel
    /// ignore = ["Ops"]     # at the top: list items that are not people
    /// ```
    pub fn parse(file: &str, text: &str) -> Result<Aliases, SourceError> {
        let raw: RawPeople = toml::from_str(text).map_err(|e| SourceError::from_toml(file, text, &e))?;
        let mut to = HashMap::new();
        for (alias, name) in &raw.aliases {
            let at = |message: String| SourceError::at(file, text, name.span().start, message);
            let (Some(a), Some(n)) = (normalize(alias), normalize(name.get_ref())) else {
                return Err(at(format!(
                    "`{alias}` = `{}` is not a name and its alias; write `Samuel = \"Sam\"`",
                    name.get_ref()
                )));
            };
            if fold(&a) == fold(&n) {
                continue;
            }
            if raw.aliases.keys().any(|k| fold(k) == fold(&n)) {
                return Err(at(format!(
                    "`{n}` is itself an alias; point `{alias}` at the name `{n}` stands for"
                )));
            }
            to.insert(fold(&a), n);
        }
        let mut ignore = Vec::new();
        for item in raw.ignore {
            let word = fold(item.get_ref().trim());
            if word.is_empty() {
                return Err(SourceError::at(file, text, item.span().start, "an empty name in `ignore`"));
            }
            ignore.push(word);
        }
        Ok(Aliases { to, ignore })
    }

    /// The name `spelled` stands for, and its key (how names are compared): `None` when it is
    /// not a person.
    pub fn resolve(&self, spelled: &str) -> Option<(String, String)> {
        let name = normalize(spelled)?;
        let key = fold(&name);
        if self.ignore.contains(&key) {
            return None;
        }
        Some(match self.to.get(&key) {
            Some(n) => (n.clone(), fold(n)),
            None => (name, key),
        })
    }

    /// Every alias with the name it stands for, as written in the file (for matching text).
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.to.iter().map(|(a, n)| (a.as_str(), n.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.to.is_empty() && self.ignore.is_empty()
    }
}

/// The people known so far, each with a key, and their names found in text.
#[derive(Debug, Default)]
pub struct Known {
    /// key → index.
    index: HashMap<String, usize>,
    /// index → key.
    keys: Vec<String>,
    /// Each person's spellings as given, with how often.
    spellings: Vec<Vec<(String, usize)>>,
}

impl Known {
    /// The person `spelled` names (added if new): `None` when it is not a name.
    pub fn add(&mut self, aliases: &Aliases, spelled: &str) -> Option<usize> {
        self.add_times(aliases, spelled, 1)
    }

    /// [`Known::add`], for a spelling seen `times` times.
    pub fn add_times(&mut self, aliases: &Aliases, spelled: &str, times: usize) -> Option<usize> {
        let (name, key) = aliases.resolve(spelled)?;
        let i = self.index_of(key);
        let written = normalize(spelled).unwrap_or(name);
        match self.spellings[i].iter_mut().find(|(s, _)| *s == written) {
            Some((_, n)) => *n += times,
            None => self.spellings[i].push((written, times)),
        }
        Some(i)
    }

    fn index_of(&mut self, key: String) -> usize {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.keys.len();
        self.index.insert(key.clone(), i);
        self.keys.push(key);
        self.spellings.push(Vec::new());
        i
    }

    /// The person whose key is `key`.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn key(&self, i: usize) -> &str {
        &self.keys[i]
    }

    /// How person `i` is shown: the alias table's name, else their most used spelling (the
    /// first on a tie).
    pub fn name(&self, i: usize, aliases: &Aliases) -> String {
        if let Some(n) = aliases.to.values().find(|n| fold(n) == self.keys[i]) {
            return n.clone();
        }
        let mut best: Option<&(String, usize)> = None;
        for s in &self.spellings[i] {
            if best.is_none_or(|b| s.1 > b.1) {
                best = Some(s);
            }
        }
        best.map_or_else(|| self.keys[i].clone(), |(s, _)| s.clone())
    }

    /// Person `i`'s spellings as written in the journal.
    pub fn spelled(&self, i: usize) -> impl Iterator<Item = &str> {
        self.spellings[i].iter().map(|(s, _)| s.as_str())
    }

    /// Other spellings of person `i` seen in the journal.
    pub fn spellings(&self, i: usize) -> Vec<String> {
        self.spellings[i].iter().map(|(s, _)| s.clone()).collect()
    }
}

/// Finds known names in text: whole words, in the usual cases, the longest name where two overlap
/// ("Ana Lopez" before "Ana").
#[derive(Debug)]
pub struct NameFinder {
    matcher: Option<AhoCorasick>,
    /// Pattern → person.
    person: Vec<usize>,
}

impl NameFinder {
    /// A finder for `names` (spelling, person). Each is looked for as written, in lower case,
    /// capitalised and in capitals: the ways a name is typed. Matching those exactly (rather
    /// than in any case) lets the matcher skip through text with SIMD, which makes a
    /// whole-journal read several times faster; a name typed `sAM` is not found.
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, usize)>) -> NameFinder {
        let mut patterns: Vec<String> = Vec::new();
        let mut person = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (name, p) in names {
            let lower = name.to_lowercase();
            let capitalised: String = {
                let mut c = lower.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            };
            // "Ana lopez" and "Ana Lopez": each word capitalised too.
            let titled: String = lower
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ");
            // In lower case only when it was written so: "will" and "mark" are words, and
            // Will and Mark are people.
            let lowered = if lower == name { vec![lower.clone(), fold(name)] } else { Vec::new() };
            let forms =
                [name.to_string(), capitalised, titled, name.to_uppercase()].into_iter().chain(lowered);
            for form in forms {
                if !form.is_empty() && seen.insert(form.clone()) {
                    patterns.push(form);
                    person.push(p);
                }
            }
        }
        let matcher = (!patterns.is_empty())
            .then(|| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok())
            .flatten();
        NameFinder { matcher, person }
    }

    /// Each known name in `text` that stands as whole words, as (person, start, end) bytes.
    pub fn find(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        let Some(m) = &self.matcher else { return };
        for hit in m.find_iter(text) {
            let (s, e) = (hit.start(), hit.end());
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            found(self.person[hit.pattern().as_usize()], s, e);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }
}

/// The sentence of `text` around bytes `start..end`, on one line, at most about `max`
/// characters (cut around the name with `…`).
pub fn sentence_around(text: &str, start: usize, end: usize, max: usize) -> String {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '…');
    let from =
        text[..start].rfind(is_end).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let to = text[end..].find(is_end).map_or(text.len(), |i| {
        let c = text[end + i..].chars().next().map_or(1, char::len_utf8);
        // Keep the full stop, not a line break.
        if text[end + i..].starts_with('\n') { end + i } else { end + i + c }
    });
    let sentence = super::text::one_line(&text[from..to]);
    if sentence.chars().count() <= max {
        return sentence;
    }
    // Too long: a window around the name.
    let name_at = super::text::one_line(&text[from..start]).chars().count();
    let half = max / 2;
    let skip = name_at.saturating_sub(half);
    let mut cut: String = sentence.chars().skip(skip).take(max).collect();
    if skip > 0 {
        cut.insert(0, '…');
    }
    if skip + max < sentence.chars().count() {
        cut.push('…');
    }
    cut
}

/// One place a person is named: `entry` numbers the entries read, in the order read (so the
/// mentions of one entry are together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub person: u32,
    pub entry: u32,
    pub date: NaiveDate,
    pub role: Role,
    /// The sentences said the role's theme went well (handed over), or the other way (held
    /// on to); both when the entry says both.
    pub did: bool,
    pub missed: bool,
    /// How many moments (sentences, list answers) of the entry name them for this role.
    pub moments: u32,
}

/// The hash a person's key is kept under in the cache, which holds no names.
pub fn person_hash(key: &str) -> u64 {
    super::text::fnv1a(key.bytes())
}

/// What one month of the journal says of people, with no words in it: kept in the cache
/// beside the month's digest, so `people` and `person` read a month's text only when the
/// month, the lexicon or the set of known names changed.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthPeople {
    /// The people its rows name, as [`person_hash`]es of their keys.
    #[serde(rename = "p")]
    pub people: Vec<u64>,
    /// Its entries that name someone: id and day (days since 1 January of year 1).
    #[serde(rename = "e")]
    pub entries: Vec<(String, i32)>,
    #[serde(rename = "r")]
    pub rows: Vec<Row>,
    /// People (positions in `people`) its live `list` answers name, whatever the filter.
    #[serde(rename = "l")]
    pub listed: Vec<u32>,
    /// Commitments that name someone.
    #[serde(rename = "c")]
    pub commitments: Vec<Made>,
}

/// A commitment that names someone, without its words: person and entry (positions), the
/// prompt's id, the hash of its wording, the day it is first due (days since 1 January of
/// year 1) and when the entry was written (nanoseconds since 1970).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made(pub u32, pub u32, pub String, pub u64, pub i32, pub i64);

/// One entry naming one person for one role: person and entry (positions in the month),
/// the role and the stance (bits), and how many moments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row(pub u32, pub u32, pub u8, pub u32);

const DID: u8 = 1 << 4;
const MISSED: u8 = 1 << 5;

impl Row {
    pub fn new(person: u32, entry: u32, role: Role, did: bool, missed: bool, moments: u32) -> Row {
        let flags = role as u8 | if did { DID } else { 0 } | if missed { MISSED } else { 0 };
        Row(person, entry, flags, moments)
    }

    /// The role, `None` for a row this build cannot read.
    pub fn role(&self) -> Option<Role> {
        Role::ALL.get(usize::from(self.2 & 0x0f)).copied()
    }

    pub fn did(&self) -> bool {
        self.2 & DID != 0
    }

    pub fn missed(&self) -> bool {
        self.2 & MISSED != 0
    }
}

impl MonthPeople {
    /// The position of the person `key` (added if new).
    pub fn person(&mut self, key: &str) -> u32 {
        let h = person_hash(key);
        match self.people.iter().position(|&p| p == h) {
            Some(i) => u32::try_from(i).unwrap_or(u32::MAX),
            None => {
                self.people.push(h);
                u32::try_from(self.people.len() - 1).unwrap_or(u32::MAX)
            }
        }
    }

    /// Whether what a cache file holds can be what [`MonthPeople`] was made of for month
    /// `key` (`2026-11`): every position in range, every day in the month, ids and prompt ids
    /// as the journal's, counts no larger than a month's text could give. A cache is untrusted
    /// input: one that fails is read again from the journal.
    pub fn is_sane(&self, key: Option<&str>) -> bool {
        let (people, entries) = (self.people.len(), self.entries.len());
        let month = key.map(|k| {
            let (y, m) = k.split_once('-').unwrap_or((k, ""));
            (y.parse::<i32>().ok(), m.parse::<u32>().ok())
        });
        let within = |d: NaiveDate| month.is_none_or(|(y, m)| y == Some(d.year()) && m == Some(d.month()));
        let id = |s: &str| s.len() == 26 && s.bytes().all(|b| b.is_ascii_alphanumeric());
        let prompt = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        self.entries
            .iter()
            .all(|(i, day)| id(i) && NaiveDate::from_num_days_from_ce_opt(*day).is_some_and(within))
            && self.rows.iter().all(|r| {
                (r.0 as usize) < people
                    && (r.1 as usize) < entries
                    && r.role().is_some()
                    && (1..=10_000).contains(&r.3)
            })
            && self.listed.iter().all(|&i| (i as usize) < people)
            && self
                .commitments
                .iter()
                .all(|m| (m.0 as usize) < people && (m.1 as usize) < entries && prompt(&m.2))
    }

    /// The day of entry `e` (a position).
    pub fn day(&self, e: u32) -> Option<NaiveDate> {
        let (_, day) = self.entries.get(e as usize)?;
        NaiveDate::from_num_days_from_ce_opt(*day)
    }
}

/// How many entries named a person for each role, and in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoleCounts {
    pub follows: usize,
    pub handed: usize,
    pub idea: usize,
    pub commitment: usize,
    pub named: usize,
}

impl RoleCounts {
    pub fn add(&mut self, role: Role) {
        *self.slot(role) += 1;
    }

    fn slot(&mut self, role: Role) -> &mut usize {
        match role {
            Role::Follows => &mut self.follows,
            Role::Handed => &mut self.handed,
            Role::Idea => &mut self.idea,
            Role::Commitment => &mut self.commitment,
            Role::Named => &mut self.named,
        }
    }

    pub fn get(&self, role: Role) -> usize {
        match role {
            Role::Follows => self.follows,
            Role::Handed => self.handed,
            Role::Idea => self.idea,
            Role::Commitment => self.commitment,
            Role::Named => self.named,
        }
    }

    /// The roles with a count, most first, as a report says them ("others follow them 4×").
    pub fn described(&self) -> Vec<(Role, usize)> {
        let mut out: Vec<(Role, usize)> =
            Role::ALL.iter().map(|&r| (r, self.get(r))).filter(|(_, n)| *n > 0).collect();
        out.sort_by_key(|(r, n)| (std::cmp::Reverse(*n), *r));
        out
    }
}

/// How many weeks a trend shows.
pub const TREND_WEEKS: usize = 12;

/// One row of `coachlog people`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRow {
    pub name: String,
    /// Entries naming them.
    pub entries: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Entries naming them for each reason (an entry may count under several).
    pub roles: RoleCounts,
    /// Entries naming them in each of the last twelve weeks, oldest first.
    pub trend: Vec<usize>,
}

/// `coachlog people`: everyone named, most named first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct People {
    /// The Monday (or Sunday) of each trend week, oldest first.
    pub trend_weeks: Vec<NaiveDate>,
    pub people: Vec<PersonRow>,
}

/// Adds up `mentions` into rows, one per person named, most entries first; the trend counts
/// the twelve weeks starting `trend_from`. The mentions of one entry must be together (as
/// they are read); an entry naming a person twice counts once.
pub fn tally(mentions: &[Mention], known: &Known, aliases: &Aliases, trend_from: NaiveDate) -> People {
    /// A count of distinct entries, given each entry's mentions together.
    #[derive(Default, Clone, Copy)]
    struct Distinct {
        n: usize,
        last: Option<u32>,
    }
    impl Distinct {
        fn add(&mut self, entry: u32) {
            if self.last != Some(entry) {
                self.last = Some(entry);
                self.n += 1;
            }
        }
    }
    struct Acc {
        entries: Distinct,
        roles: [Distinct; 5],
        first: NaiveDate,
        last: NaiveDate,
        trend: [Distinct; TREND_WEEKS],
    }
    let mut by: BTreeMap<u32, Acc> = BTreeMap::new();
    for m in mentions {
        let acc = by.entry(m.person).or_insert_with(|| Acc {
            entries: Distinct::default(),
            roles: [Distinct::default(); 5],
            first: m.date,
            last: m.date,
            trend: [Distinct::default(); TREND_WEEKS],
        });
        acc.entries.add(m.entry);
        acc.roles[m.role as usize].add(m.entry);
        acc.first = acc.first.min(m.date);
        acc.last = acc.last.max(m.date);
        if m.date >= trend_from {
            let week = usize::try_from((m.date - trend_from).num_days() / 7).unwrap_or(usize::MAX);
            if let Some(w) = acc.trend.get_mut(week) {
                w.add(m.entry);
            }
        }
    }
    let mut people: Vec<PersonRow> = by
        .into_iter()
        .map(|(p, acc)| {
            let mut roles = RoleCounts::default();
            for role in Role::ALL {
                *roles.slot(role) = acc.roles[role as usize].n;
            }
            PersonRow {
                name: known.name(p as usize, aliases),
                entries: acc.entries.n,
                first: acc.first,
                last: acc.last,
                roles,
                trend: acc.trend.iter().map(|d| d.n).collect(),
            }
        })
        .collect();
    people.sort_by(|a, b| {
        b.entries.cmp(&a.entries).then(b.last.cmp(&a.last)).then_with(|| fold(&a.name).cmp(&fold(&b.name)))
    });
    let trend_weeks = (0..TREND_WEEKS as u64).map(|w| trend_from + chrono::Days::new(7 * w)).collect();
    People { trend_weeks, people }
}

/// One place a person is named, as the person page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moment {
    pub date: NaiveDate,
    /// When the entry was written, for ordering a day's moments.
    #[serde(skip)]
    pub at: i64,
    pub entry: String,
    pub role: Role,
    /// Which way it went, in the theme's words ("handed over", "held on to"), where the
    /// sentence says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance: Option<String>,
    /// The stance: `Some(true)` when it went the other way (held on to).
    #[serde(skip)]
    pub missed: Option<bool>,
    /// The sentence that names them (or, for a list, the question they were listed under).
    pub text: String,
    /// The question it answered.
    pub question: String,
    /// `list`, `text`, `commitment`, …
    pub kind: String,
    /// For an idea: the whole answer, which says what became of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// For a commitment: its id (`<entry>:<prompt>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
}

/// `coachlog person NAME`: the page to read before a one-on-one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonPage {
    pub name: String,
    /// Other ways the journal spells them.
    pub spelled: Vec<String>,
    pub entries: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub roles: RoleCounts,
    /// Handed work: how often it was handed over and held on to, where the sentence says.
    pub handed_over: usize,
    pub held_on_to: usize,
    /// Commitments that name them and are still open, oldest first (the newest ones, cut
    /// as the timeline is).
    pub open_commitments: Vec<super::commitment::Commitment>,
    /// How many commitments that name them are open in all.
    pub open_total: usize,
    /// Commitments that name them, settled.
    pub settled_commitments: usize,
    /// Their ideas, newest first.
    pub ideas: Vec<Moment>,
    /// Every moment, newest first (cut to what was asked for; see `shown`/`total`).
    pub timeline: Vec<Moment>,
    /// How many moments there are in all.
    pub total: usize,
}

impl PersonPage {
    /// The open commitments among `commitments` a page cut to `limit` shows (their words
    /// must be read): the newest.
    pub fn shown_open(commitments: &[super::commitment::Commitment], limit: Option<usize>) -> Vec<&str> {
        let mut open: Vec<&super::commitment::Commitment> =
            commitments.iter().filter(|c| c.status.is_open()).collect();
        open.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        open.into_iter().take(limit.unwrap_or(usize::MAX)).map(|c| c.id.as_str()).collect()
    }

    /// The page of a person from `mentions` (every entry naming them, which the counts come
    /// from), the `moments` to quote (any order: at least the newest `limit` of the timeline
    /// and of the ideas) and the commitments that name them; `limit` cuts the timeline and
    /// the ideas to the newest ones.
    pub fn build(
        name: String,
        spelled: Vec<String>,
        mentions: &[Mention],
        mut moments: Vec<Moment>,
        commitments: Vec<super::commitment::Commitment>,
        limit: Option<usize>,
    ) -> PersonPage {
        use std::collections::HashSet;
        moments.sort_by(|a, b| (b.date, b.at, &b.entry).cmp(&(a.date, a.at, &a.entry)));
        let mut roles = RoleCounts::default();
        let mut seen: HashSet<(u32, Role)> = HashSet::new();
        let mut entries: HashSet<u32> = HashSet::new();
        let (mut handed_over, mut held_on_to) = (HashSet::new(), HashSet::new());
        for m in mentions {
            entries.insert(m.entry);
            if seen.insert((m.entry, m.role)) {
                roles.add(m.role);
            }
            if m.role == Role::Handed {
                if m.did {
                    handed_over.insert(m.entry);
                }
                if m.missed {
                    held_on_to.insert(m.entry);
                }
            }
        }
        let first = mentions.iter().map(|m| m.date).min();
        let last = mentions.iter().map(|m| m.date).max();
        let total = mentions.iter().map(|m| m.moments as usize).sum();
        let cut = limit.unwrap_or(usize::MAX);
        let ideas: Vec<Moment> = moments.iter().filter(|m| m.role == Role::Idea).take(cut).cloned().collect();
        moments.truncate(cut);
        let (mut open, settled): (Vec<_>, Vec<_>) = commitments.into_iter().partition(|c| c.status.is_open());
        open.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        let open_total = open.len();
        open.drain(..open_total.saturating_sub(cut));
        // One whose words could not be read (its month changed meanwhile) is counted, not
        // shown without them.
        open.retain(|c| !c.text.is_empty());
        PersonPage {
            name,
            spelled,
            entries: entries.len(),
            first,
            last,
            roles,
            handed_over: handed_over.len(),
            held_on_to: held_on_to.len(),
            open_commitments: open,
            open_total,
            settled_commitments: settled.len(),
            ideas,
            timeline: moments,
            total,
        }
    }
}

/// The themes a sentence is heard under, for the role of a name in free text.
pub fn heard_in(sentence: &str, themes: &Themes) -> Vec<String> {
    themes.classify_text(sentence).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_kept_row_gives_back_what_it_was_given() {
        for role in Role::ALL {
            for (did, missed) in [(false, false), (true, false), (false, true), (true, true)] {
                let row = Row::new(7, 9, role, did, missed, 3);
                let back: Row = serde_json::from_str(&serde_json::to_string(&row).unwrap()).unwrap();
                assert_eq!(
                    (back.role(), back.did(), back.missed(), back.0, back.1, back.3),
                    (Some(role), did, missed, 7, 9, 3)
                );
            }
        }
        assert_eq!(Row(0, 0, 0x0f, 1).role(), None, "a role this build does not know is skipped");
        let mut m = MonthPeople::default();
        assert_eq!((m.person("sam"), m.person("maria"), m.person("sam")), (0, 1, 0));
        m.entries.push(("E".into(), d("2026-11-27").num_days_from_ce()));
        assert_eq!(m.day(0), Some(d("2026-11-27")));
        assert_eq!(m.day(1), None);
    }

    #[test]
    fn list_items_that_name_nobody_are_not_people() {
        assert_eq!(normalize("  @Sam  "), Some("Sam".into()));
        assert_eq!(normalize("Ana   Lopez."), Some("Ana Lopez".into()));
        for not in ["", "-", "nobody", "No one", "  n/a ", "everyone", "42", "x".repeat(80).as_str()] {
            assert_eq!(normalize(not), None, "{not:?}");
        }
    }

    #[test]
    fn aliases_merge_names_and_say_what_is_wrong_with_the_file() {
        let a = Aliases::parse(
            "people.toml",
            "ignore = [\"Ops\"]\n[aliases]\nSam = \"Samuel\"\n\"sammy\" = \"Samuel\"\n",
        )
        .unwrap();
        assert_eq!(a.resolve("SAM"), Some(("Samuel".into(), "samuel".into())));
        assert_eq!(a.resolve("Sammy"), Some(("Samuel".into(), "samuel".into())));
        assert_eq!(a.resolve("samuel"), Some(("samuel".into(), "samuel".into())));
        assert_eq!(a.resolve("ops"), None);
        let e =
            Aliases::parse("people.toml", "[aliases]\nSam = \"Samuel\"\nSamuel = \"Sammy\"\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("people.toml", 2), "{e}");
        assert!(e.message.contains("itself an alias"), "{e}");
        let e = Aliases::parse("people.toml", "[alias]\nSam = \"Samuel\"\n").unwrap_err();
        assert!(e.message.contains("unknown field `alias`"), "{e}");
        let e = Aliases::parse("people.toml", "[aliases]\nSam = 3\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn names_are_found_as_whole_words_in_any_case_longest_first() {
        let f = NameFinder::new([
            ("Ana", 0),
            ("Ana Lopez", 1),
            ("Zoë", 2),
            ("Li", 3),
            ("McDonald", 4),
            ("maria", 5),
        ]);
        let mut hits = Vec::new();
        let text = "ANA LOPEZ and Ana met ZOË and Zoë; Lisa is not Li, Li's idea; Ana Lopez, McDonald, maria";
        f.find(text, |p, s, e| hits.push((p, &text[s..e])));
        assert_eq!(
            hits,
            vec![
                (1, "ANA LOPEZ"),
                (0, "Ana"),
                (2, "ZOË"),
                (2, "Zoë"),
                (3, "Li"),
                (3, "Li"),
                (1, "Ana Lopez"),
                (4, "McDonald"),
                (5, "maria")
            ]
        );
        // In lower case only when written so: "will" is a word, Will a person.
        let f = NameFinder::new([("Will", 0), ("Mark", 1)]);
        let text = "I will call the vendor and mark it done. Will and MARK agreed.";
        let mut hits = Vec::new();
        f.find(text, |p, s, e| hits.push((p, &text[s..e])));
        assert_eq!(hits, vec![(0, "Will"), (1, "MARK")]);
    }

    #[test]
    fn a_mention_is_the_sentence_around_the_name() {
        let text = "Long day. I handed the release to Sam, and stayed out of it! Then lunch.";
        let s = text.find("Sam").unwrap();
        assert_eq!(
            sentence_around(text, s, s + 3, 120),
            "I handed the release to Sam, and stayed out of it!"
        );
        let long = format!("{} Sam {}", "word ".repeat(60), "more ".repeat(60));
        let s = long.find("Sam").unwrap();
        let cut = sentence_around(&long, s, s + 3, 40);
        assert!(cut.starts_with('…') && cut.ends_with('…') && cut.contains("Sam"), "{cut}");
        assert!(cut.chars().count() <= 42, "{cut}");
    }

    #[test]
    fn roles_follow_the_question_then_the_words() {
        assert_eq!(role_of("list", Some("roving-leaders"), &[]), Role::Follows);
        assert_eq!(role_of("text", Some("delegation"), &[]), Role::Handed);
        assert_eq!(role_of("text", Some("trust"), &["delegation".into()]), Role::Named);
        assert_eq!(role_of("commitment", None, &[]), Role::Commitment);
        assert_eq!(role_of("text", None, &["trust".into(), "contribution".into()]), Role::Idea);
        assert_eq!(role_of("text", None, &[]), Role::Named);
    }

    #[test]
    fn a_tally_counts_entries_per_person_and_role_with_a_trend() {
        let mut known = Known::default();
        let aliases = Aliases::parse("p", "[aliases]\nSam = \"Samuel\"\n").unwrap();
        let sam = known.add(&aliases, "Sam").unwrap();
        assert_eq!(known.add(&aliases, "samuel"), Some(sam));
        let mia = known.add(&aliases, "Mia").unwrap();
        let m = |p: usize, e: u32, date, role| Mention {
            person: p as u32,
            entry: e,
            date: d(date),
            role,
            did: false,
            missed: false,
            moments: 1,
        };
        let mentions = vec![
            m(sam, 0, "2026-11-02", Role::Handed),
            m(sam, 0, "2026-11-02", Role::Named),
            m(sam, 1, "2026-11-20", Role::Handed),
            m(mia, 1, "2026-11-20", Role::Follows),
            m(sam, 2, "2025-01-01", Role::Idea),
        ];
        let t = tally(&mentions, &known, &aliases, d("2026-09-07"));
        let rows: Vec<_> = t.people.iter().map(|r| (r.name.as_str(), r.entries, r.first, r.last)).collect();
        assert_eq!(
            rows,
            vec![
                ("Samuel", 3, d("2025-01-01"), d("2026-11-20")),
                ("Mia", 1, d("2026-11-20"), d("2026-11-20"))
            ]
        );
        assert_eq!(t.people[0].roles, RoleCounts { follows: 0, handed: 2, idea: 1, commitment: 0, named: 1 });
        assert_eq!(t.people[0].trend.len(), TREND_WEEKS);
        assert_eq!(t.people[0].trend[8], 1, "2 Nov is in the ninth week from 7 Sep");
        assert_eq!(t.people[0].trend.iter().sum::<usize>(), 2, "2025 is before the trend");
        assert_eq!(t.trend_weeks[0], d("2026-09-07"));
    }
}
