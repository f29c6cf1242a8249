//! `coachlog people` and `coachlog person NAME`: who the journal names, and one person's page.
//!
//! Names are known before any text is read: a quick pass over the raw month files collects
//! every string of every `items` array (`MonthRead::items_hint`, a superset of the names
//! `list` answers give), plus the alias table. Then one pass reads each month (on every core,
//! borrowed from its bytes), counts the names of its `list` answers and finds the known names
//! in its written answers. A name counts as a person only if a `list` answer of the live
//! journal gives it or `people.toml` names it, so the superset never shows.

use std::collections::{BTreeMap, HashSet};
use std::io;

use chrono::Days;

use crate::core::commitment::{Commitment, Ledger};
use crate::core::filter::{Filter, FilterInput};
use crate::core::lexicon::Stance;
use crate::core::people::{
    Aliases, Known, Mention, Moment, NameFinder, PEOPLE_FILE, People, PersonPage, Role, TREND_WEEKS, role_of,
    role_of_theme, sentence_around, tally,
};
use crate::core::period::week_start;
use crate::core::record_ref::RecordRef;
use crate::core::text::{fold, one_line};
use crate::core::theme::Themes;
use crate::error::{Error, Result};
use crate::journal::{Query, Scratch, Warning};

use super::{Context, read_error, warn_skipped};
use crate::library;

/// The longest sentence a page quotes.
const SENTENCE_CHARS: usize = 160;
/// The longest idea a page quotes.
const IDEA_CHARS: usize = 240;

/// The alias table in the config folder (none when there is no file).
pub fn aliases(ctx: &Context) -> Result<Aliases> {
    let path = ctx.config_dir.join(PEOPLE_FILE);
    match crate::journal::files::read_text(&path) {
        Ok(text) => Aliases::parse(&path.display().to_string(), &text).map_err(|e| {
            Error::failure(e.to_string())
                .with_hint("fix that line of people.toml: `Sam = \"Samuel\"` under `[aliases]`")
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Aliases::default()),
        Err(e) => Err(Error::io("read", &path, &e)),
    }
}

/// Everyone the journal may name: the items of every `list` answer (a superset, see the
/// module) and the alias table's names.
fn known_names(ctx: &Context, aliases: &Aliases) -> Result<Known> {
    let hints = ctx
        .journal
        .each_month(&Query::all(), |m| Ok(m.items_hint(&mut Scratch::default())))
        .map_err(|e| read_error(ctx, &e))?;
    let mut known = Known::default();
    for (_, name) in aliases.pairs() {
        known.add(aliases, name);
    }
    for item in hints.iter().flatten() {
        known.add(aliases, item);
    }
    Ok(known)
}

/// The names of everyone the journal names, most named first (for completions): quick,
/// from the `list` answers only.
pub fn names(ctx: &Context) -> Result<Vec<String>> {
    let people = run_people(ctx, &FilterInput::default())?;
    Ok(people.people.into_iter().map(|p| p.name).collect())
}

/// `coachlog people [FILTERS]`.
pub fn run_people(ctx: &Context, input: &FilterInput) -> Result<People> {
    let aliases = aliases(ctx)?;
    let (themes, known) = library::themes_alongside(ctx, "reading", || known_names(ctx, &aliases));
    let known = known?;
    let filter = library::resolve_filter(ctx, &themes, input)?;
    let finder = NameFinder::new(spellings(&known, &aliases, None));
    let read = Read {
        themes: &themes,
        aliases: &aliases,
        known: &known,
        finder: &finder,
        filter: &filter,
        only: None,
    };
    let parts = read.months(ctx)?;
    let listed = listed_or_aliased(&parts, &known, &aliases);
    let mut mentions: Vec<Mention> = Vec::new();
    for part in parts {
        mentions.extend(part.mentions.into_iter().filter(|m| listed.contains(&(m.person as usize))));
    }
    let to = filter.to.unwrap_or_else(|| ctx.today());
    let trend_from = week_start(to, ctx.week_start.value) - Days::new(7 * (TREND_WEEKS as u64 - 1));
    Ok(tally(&mentions, &known, &aliases, trend_from))
}

/// `coachlog person NAME [FILTERS]`: `limit` moments at most (the newest).
pub fn run_person(
    ctx: &Context,
    name: &str,
    input: &FilterInput,
    limit: Option<usize>,
) -> Result<PersonPage> {
    let aliases = aliases(ctx)?;
    let (themes, known) = library::themes_alongside(ctx, "reading", || known_names(ctx, &aliases));
    let known = known?;
    let filter = library::resolve_filter(ctx, &themes, input)?;
    let person = find_person(&known, &aliases, name)?;
    let finder = NameFinder::new(spellings(&known, &aliases, Some(person)));
    let read = Read {
        themes: &themes,
        aliases: &aliases,
        known: &known,
        finder: &finder,
        filter: &filter,
        only: Some(person),
    };
    let parts = read.months(ctx)?;
    // The quick pass knows names the live journal may not give (an edited answer, a choice's
    // option): only a live `list` answer or the alias table makes a person.
    let listed = listed_or_aliased(&parts, &known, &aliases);
    if !listed.contains(&person) {
        return Err(unknown_person(name, &known, &aliases, &listed));
    }
    let mut moments = Vec::new();
    let mut ledger = Ledger::default();
    for part in parts {
        moments.extend(part.moments);
        ledger.append(part.ledger);
    }
    let ids: HashSet<&str> = moments.iter().filter_map(|m| m.commitment.as_deref()).collect();
    let commitments: Vec<Commitment> =
        ledger.settle().into_iter().filter(|c| ids.contains(c.id.as_str())).collect();
    let shown = known.name(person, &aliases);
    let mut spelled: Vec<String> = known.spellings(person);
    // Other spellings, not other cases: "maria" is Maria as typed.
    let mut shown_keys = vec![fold(&shown)];
    spelled.retain(|s| {
        let k = fold(s);
        !shown_keys.contains(&k) && {
            shown_keys.push(k);
            true
        }
    });
    Ok(PersonPage::build(shown, spelled, moments, commitments, limit))
}

/// The person `name` means: by name or alias in any case, else the one person whose name it
/// begins.
fn find_person(known: &Known, aliases: &Aliases, name: &str) -> Result<usize> {
    let Some((_, key)) = aliases.resolve(name) else {
        return Err(Error::usage(format!("`{name}` is not a name"))
            .with_hint("give a name as the journal has it; `coachlog people` lists everyone"));
    };
    if let Some(i) = known.find(&key) {
        return Ok(i);
    }
    let starting: Vec<usize> = (0..known.len()).filter(|&i| known.key(i).starts_with(&key)).collect();
    match starting.as_slice() {
        [one] => Ok(*one),
        _ => Err(unknown_person(name, known, aliases, &(0..known.len()).collect())),
    }
}

fn unknown_person(name: &str, known: &Known, aliases: &Aliases, listed: &HashSet<usize>) -> Error {
    let mut names: Vec<String> = listed.iter().map(|&i| known.name(i, aliases)).collect();
    names.sort_by_key(|n| fold(n));
    let key = fold(name.trim());
    let starting: Vec<&String> = names.iter().filter(|n| fold(n).starts_with(&key)).collect();
    let hint = if starting.len() > 1 {
        let list: Vec<&str> = starting.iter().take(8).map(|s| s.as_str()).collect();
        format!("`{name}` begins several names: {}; type more of it", list.join(", "))
    } else {
        match crate::core::text::closest(name, names.iter().map(String::as_str)) {
            Some(c) => format!("did you mean `{c}`? `coachlog people` lists everyone named"),
            None => "`coachlog people` lists everyone the journal names; a person is known once a `list` answer (\"who …?\") names them, or people.toml does".into(),
        }
    };
    Error::failure(format!("no one called `{name}` is named in the journal")).with_hint(hint)
}

/// Every spelling to look for in text: each person's spellings and aliases (only `person`'s,
/// when given).
fn spellings<'a>(known: &'a Known, aliases: &'a Aliases, person: Option<usize>) -> Vec<(&'a str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for (alias, name) in aliases.pairs() {
        if let Some(i) = known.find(&fold(name))
            && person.is_none_or(|p| p == i)
        {
            out.push((alias, i));
        }
    }
    for i in 0..known.len() {
        if person.is_none_or(|p| p == i) {
            out.push((known.key(i), i));
        }
    }
    out
}

/// The people named by a live `list` answer anywhere, or by the alias table.
fn listed_or_aliased(parts: &[MonthPart], known: &Known, aliases: &Aliases) -> HashSet<usize> {
    let mut listed: HashSet<usize> = parts.iter().flat_map(|p| p.listed.iter().copied()).collect();
    for (_, name) in aliases.pairs() {
        if let Some(i) = known.find(&fold(name)) {
            listed.insert(i);
        }
    }
    listed
}

/// What one month gives.
#[derive(Default)]
struct MonthPart {
    mentions: Vec<Mention>,
    /// People its live `list` answers name (whatever the filter).
    listed: HashSet<usize>,
    /// For a person's page: their moments, and the month's commitments and follow-ups.
    moments: Vec<Moment>,
    ledger: Ledger,
    warnings: Vec<Warning>,
    newer: usize,
}

#[derive(Clone, Copy)]
struct Read<'a> {
    themes: &'a Themes,
    aliases: &'a Aliases,
    known: &'a Known,
    finder: &'a NameFinder,
    filter: &'a Filter,
    /// Only this person, with the moments of their page.
    only: Option<usize>,
}

impl Read<'_> {
    fn months(&self, ctx: &Context) -> Result<Vec<MonthPart>> {
        let parts = ctx
            .journal
            .each_month(&Query::all(), |month| {
                let mut part = MonthPart::default();
                // With --theme, the month's digest says which entries are about it.
                let about: Option<HashSet<String>> = if self.filter.themes.is_empty() {
                    None
                } else {
                    let digested = month.digest(self.themes)?;
                    let ids = digested
                        .entries
                        .iter()
                        .filter(|d| self.filter.matches_digest(d, self.themes))
                        .map(|d| d.id.clone())
                        .collect();
                    Some(ids)
                };
                let mut scratch = Scratch::default();
                if let Some((records, newer)) = month.borrowed_whole(&mut scratch) {
                    part.newer = newer;
                    for (n, r) in records.iter().enumerate() {
                        self.record(ordinal(n), r, about.as_ref(), &mut part);
                    }
                } else {
                    let loaded = month.load(&Query::all());
                    for (n, r) in loaded.records.iter().enumerate() {
                        self.record(ordinal(n), &RecordRef::from(r), about.as_ref(), &mut part);
                    }
                    part.warnings = loaded.warnings;
                    part.newer = loaded.newer;
                }
                Ok(part)
            })
            .map_err(|e| read_error(ctx, &e))?;
        // Entries are numbered a month at a time; numbered across the journal here.
        let mut parts = parts;
        let mut base = 0u32;
        for p in &mut parts {
            let mut next = base;
            for m in &mut p.mentions {
                m.entry = m.entry.saturating_add(base);
                next = next.max(m.entry.saturating_add(1));
            }
            base = next;
        }
        let (mut warnings, mut newer) = (Vec::new(), 0);
        for p in &parts {
            warnings.extend(p.warnings.iter().cloned());
            newer += p.newer;
        }
        warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        warn_skipped(ctx, &warnings, newer);
        Ok(parts)
    }

    /// Adds what `r` (the month's entry number `ordinal`) says of people to `part`.
    fn record(&self, ordinal: u32, r: &RecordRef<'_>, about: Option<&HashSet<String>>, part: &mut MonthPart) {
        if r.deleted {
            return;
        }
        if self.only.is_some() {
            part.ledger.add_ref(r);
        }
        let f = self.filter;
        let in_scope = f.from.is_none_or(|d| r.date >= d)
            && f.to.is_none_or(|d| r.date <= d)
            && f.pack.as_ref().is_none_or(|p| r.pack.as_deref() == Some(p.as_str()))
            && about.is_none_or(|ids| ids.contains(&*r.id))
            && (!f.needs_words() || f.matches_words(&r.text()));
        // Who this entry names, for what: a handful, so a list beats a set.
        let mut seen: Vec<(usize, Role)> = Vec::new();
        let mut mention = |part: &mut MonthPart, p: usize, role: Role| {
            if !seen.contains(&(p, role)) {
                seen.push((p, role));
                let person = u32::try_from(p).unwrap_or(u32::MAX);
                part.mentions.push(Mention { person, entry: ordinal, date: r.date, role });
            }
        };
        for a in &r.answers {
            if a.kind == "list" {
                for item in a.items.iter().flatten() {
                    let Some(p) = self.aliases.resolve(item).and_then(|(_, key)| self.known.find(&key))
                    else {
                        continue;
                    };
                    part.listed.insert(p);
                    if !in_scope || self.only.is_some_and(|o| o != p) {
                        continue;
                    }
                    let role = role_of("list", a.theme.as_deref(), &[]);
                    mention(part, p, role);
                    if self.only.is_some() {
                        part.moments.push(self.moment(
                            r,
                            a,
                            role,
                            None,
                            format!("listed: {}", one_line(&a.question)),
                        ));
                    }
                }
                continue;
            }
            if !in_scope || !matches!(&*a.kind, "text" | "editor" | "commitment") || self.finder.is_empty() {
                continue;
            }
            let Some(text) = a.text.as_deref() else { continue };
            let mut found: Vec<(usize, usize, usize)> = Vec::new();
            self.finder.find(text, |p, s, e| found.push((p, s, e)));
            if found.is_empty() {
                continue;
            }
            // Free text is judged a sentence at a time, and a page judges every sentence (for
            // its stance); a sentence naming two people is judged once.
            let judge = a.theme.is_none() && a.kind != "commitment" || self.only.is_some();
            let mut judged: Vec<(String, Heard)> = Vec::new();
            for (p, s, e) in found {
                let (role, stance) = if judge {
                    let sentence = sentence_around(text, s, e, usize::MAX);
                    let k = match judged.iter().position(|(t, _)| *t == sentence) {
                        Some(k) => k,
                        None => {
                            let heard = self.themes.classify_text(&sentence);
                            judged.push((sentence, heard));
                            judged.len() - 1
                        }
                    };
                    let (themes, stances) = &judged[k].1;
                    let role = role_of(&a.kind, a.theme.as_deref(), themes);
                    let stance = role_theme(role).and_then(|t| {
                        let said = *stances.get(t)?;
                        let theme = self.themes.get(t)?;
                        let missed = said == Stance::Missed;
                        Some((missed, if missed { theme.missed.clone()? } else { theme.did.clone()? }))
                    });
                    (role, stance)
                } else {
                    (role_of(&a.kind, a.theme.as_deref(), &[]), None)
                };
                mention(part, p, role);
                if self.only.is_some() {
                    let quoted = sentence_around(text, s, e, SENTENCE_CHARS);
                    let mut m = self.moment(r, a, role, stance, quoted);
                    if role == Role::Idea {
                        m.answer = Some(sentence_cut(&one_line(text), IDEA_CHARS));
                    }
                    // One moment per sentence and role: a name twice in a sentence is one.
                    if !part
                        .moments
                        .iter()
                        .rev()
                        .take_while(|o| o.entry == m.entry)
                        .any(|o| o.text == m.text && o.role == m.role)
                    {
                        part.moments.push(m);
                    }
                }
            }
        }
    }

    fn moment(
        &self,
        r: &RecordRef<'_>,
        a: &crate::core::record_ref::AnswerRef<'_>,
        role: Role,
        stance: Option<(bool, String)>,
        text: String,
    ) -> Moment {
        Moment {
            date: r.date,
            at: r.at.timestamp_nanos_opt().unwrap_or(0),
            entry: r.id.to_string(),
            role,
            missed: stance.as_ref().map(|s| s.0),
            stance: stance.map(|s| s.1),
            text,
            question: one_line(&a.question),
            kind: a.kind.to_string(),
            answer: None,
            commitment: (a.kind == "commitment").then(|| format!("{}:{}", &*r.id, &*a.prompt)),
        }
    }
}

/// The themes a sentence is heard under, and which way each went.
type Heard = (Vec<String>, BTreeMap<String, Stance>);

fn ordinal(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The theme a role is counted under, for its stance.
fn role_theme(role: Role) -> Option<&'static str> {
    ["roving-leaders", "delegation", "contribution"].into_iter().find(|t| role_of_theme(t) == Some(role))
}

fn sentence_cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}
