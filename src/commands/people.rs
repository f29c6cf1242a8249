//! `coachlog people` and `coachlog person NAME`: who the journal names, and one person's page.
//!
//! Names are known before any text is read: a quick pass over the raw month files collects
//! every string of every `items` array (`MonthRead::items_hint`, a superset of the names
//! `list` answers give), plus the alias table. Then each month (on every core, borrowed from
//! its bytes) gives its *hits*: the names of its `list` answers, and the known names found in
//! its written answers, each with the role it was named for. What the hits add up to, with
//! no words (see [`MonthPeople`]), is kept in the cache beside the month's digest, so a
//! month's text is read again only when the month, the lexicon or the set of known names
//! changed. `people` counts from those alone; `person` reads the text of just the months its
//! page quotes. A name counts as a person only if a `list` answer of the live journal gives
//! it or `people.toml` names it, so the superset never shows.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::core::commitment::{Commitment, KeptFollowUp, Status, due_of, settle_kept, wording_hash};
use crate::core::digest::instant;
use crate::core::filter::{Filter, FilterInput};
use crate::core::lexicon::Stance;
use crate::core::people::{
    Aliases, Known, Made, Mention, Moment, MonthPeople, NameFinder, PEOPLE_FILE, People, PersonPage, Role,
    Row, TREND_WEEKS, person_hash, role_of, role_of_theme, sentence_around, tally,
};
use crate::core::period::week_start;
use crate::core::record_ref::RecordRef;
use crate::core::text::{fnv1a, fold, one_line};
use crate::core::theme::Themes;
use crate::error::{Error, Result};
use crate::journal::{MonthRead, Need, Query, Scratch, Warning};

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
                .with_hint("fix that line of people.toml: `Samuel = \"Sam\"` under `[aliases]` (the name on the right is the one shown)")
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Aliases::default()),
        Err(e) => Err(Error::io("read", &path, &e)),
    }
}

/// The alias table for a report that names people in passing (`week`, `review`): a broken
/// people.toml is a warning there, not a failed review.
pub fn aliases_or_none(ctx: &Context) -> Aliases {
    aliases(ctx).unwrap_or_else(|e| {
        super::warn(ctx, &format!("{e}; names are shown as written"));
        Aliases::default()
    })
}

/// Everyone the journal may name: the items of every `list` answer (a superset, see the
/// module) and the alias table's names.
fn known_names(ctx: &Context, aliases: &Aliases) -> Result<Known> {
    // Each month's items counted where they are read (a name comes back every day), in the
    // order first seen, so the names are known in the order the journal gives them.
    let hints = ctx
        .journal
        .each_month(&Query::all(), |m| {
            let mut counted: Vec<(String, usize)> = Vec::new();
            let mut at: HashMap<String, usize> = HashMap::new();
            for item in m.items_hint(&mut Scratch::default()) {
                match at.get(&item) {
                    Some(&i) => counted[i].1 += 1,
                    None => {
                        at.insert(item.clone(), counted.len());
                        counted.push((item, 1));
                    }
                }
            }
            Ok(counted)
        })
        .map_err(|e| read_error(ctx, &e))?;
    let mut known = Known::default();
    for (_, name) in aliases.pairs() {
        known.add(aliases, name);
    }
    for (item, times) in hints.iter().flatten() {
        known.add_times(aliases, item, *times);
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
    let finder = NameFinder::new(spellings(&known, &aliases));
    let reader = Reader { themes: &themes, aliases: &aliases, known: &known, finder: &finder };
    let parts = reader.months(ctx, &filter)?;
    let listed = listed_or_aliased(&parts, &known, &aliases);
    let mut mentions: Vec<Mention> = Vec::new();
    for part in &parts {
        mentions.extend(part.mentions.iter().filter(|m| listed.contains(&(m.person as usize))).copied());
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
    let finder = NameFinder::new(spellings(&known, &aliases));
    let reader = Reader { themes: &themes, aliases: &aliases, known: &known, finder: &finder };
    // A page classifies the sentences it quotes: the model loads while the months are read.
    let parts = std::thread::scope(|s| {
        s.spawn(|| themes.prepare_model());
        reader.months(ctx, &filter)
    })?;
    // The quick pass knows names the live journal may not give (an edited answer, a choice's
    // option): only a live `list` answer or the alias table makes a person.
    let listed = listed_or_aliased(&parts, &known, &aliases);
    if !listed.contains(&person) {
        return Err(unknown_person(name, &known, &aliases, &listed));
    }
    let p = u32::try_from(person).unwrap_or(u32::MAX);
    let theirs: Vec<Vec<Mention>> =
        parts.iter().map(|part| part.mentions.iter().filter(|m| m.person == p).copied().collect()).collect();
    // The commitments that name them, as they stand: settled by every month's follow-ups
    // (one can come years later), which are kept beside the months too.
    let made: Vec<(i64, Commitment, u64)> =
        parts.iter().flat_map(|part| part.commitments_of(p)).cloned().collect();
    let mut commitments: Vec<Commitment> = if made.is_empty() {
        Vec::new()
    } else {
        let named: HashSet<&str> = made.iter().map(|(_, c, _)| c.id.as_str()).collect();
        let since = made.iter().map(|(_, c, _)| c.date).min();
        let follow_ups = follow_ups(ctx, since, &named)?;
        settle_kept(made.clone(), follow_ups)
    };
    // The months to quote: the newest ones holding `limit` moments, those holding the newest
    // `limit` ideas, and those where an open commitment naming them was made.
    let cut = limit.unwrap_or(usize::MAX);
    let shown_open: HashSet<&str> = PersonPage::shown_open(&commitments, limit).into_iter().collect();
    let open_entries: HashSet<&str> =
        commitments.iter().filter(|c| shown_open.contains(c.id.as_str())).map(|c| c.entry.as_str()).collect();
    let (mut moments_before, mut ideas_before) = (0usize, 0usize);
    // By month (its key), not by place in a listing: a file can appear between two reads.
    let mut wanted: HashMap<Option<String>, (bool, Vec<String>)> = HashMap::new();
    for (i, part) in parts.iter().enumerate().rev() {
        let moments: usize = theirs[i].iter().map(|m| m.moments as usize).sum();
        let ideas: usize =
            theirs[i].iter().filter(|m| m.role == Role::Idea).map(|m| m.moments as usize).sum();
        let whole = (moments > 0 && (moments_before < cut || part.key.is_none()))
            || (ideas > 0 && ideas_before < cut);
        let open: Vec<String> =
            part.entries.iter().filter(|e| open_entries.contains(e.as_str())).cloned().collect();
        if whole || !open.is_empty() {
            wanted.insert(part.key.clone(), (whole, open));
        }
        moments_before += moments;
        ideas_before += ideas;
    }
    // Only entries the filter keeps are quoted.
    let in_scope: HashSet<&str> = parts
        .iter()
        .zip(&theirs)
        .flat_map(|(part, ms)| ms.iter().filter_map(|m| part.entry_id(m.entry)))
        .collect();
    let quoted = reader.quote(ctx, person, &wanted, &in_scope, &open_entries)?;
    let mut moments = Vec::new();
    for q in quoted {
        moments.extend(q.moments);
        for (id, text) in q.made {
            if let Some(c) = commitments.iter_mut().find(|c| c.id == id) {
                c.text = text;
            }
        }
    }
    let mentions: Vec<Mention> = theirs.into_iter().flatten().collect();
    commitments.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
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
    Ok(PersonPage::build(shown, spelled, &mentions, moments, commitments, limit))
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

/// Every spelling to look for in text: each person's spellings and aliases. (A page looks for
/// everyone too, so that "Ana Lopez" is not Ana's, as `people` counts it.)
fn spellings<'a>(known: &'a Known, aliases: &'a Aliases) -> Vec<(&'a str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for (alias, name) in aliases.pairs() {
        if let Some(i) = known.find(&fold(name)) {
            out.push((alias, i));
        }
    }
    for i in 0..known.len() {
        // As written (the key is folded, and "McDonald" is not one of its usual cases), each
        // also in its usual cases (see `NameFinder`).
        for s in known.spelled(i) {
            out.push((s, i));
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

/// The cache file of a month's people: `2026-11.people.json` beside its digest.
const KEPT_AS: &str = ".people";
/// Bumped whenever what [`MonthPeople`] holds, or how hits are found, changes.
const KEPT_FORMAT: &str = "people-1";

/// A month's people as kept, with what reading it warned about (shown again on every read).
#[derive(Serialize, Deserialize)]
struct Kept {
    people: MonthPeople,
    warnings: Vec<Warning>,
    newer: usize,
}

/// What one month gives, the filter applied, its entries numbered across the journal.
struct MonthPart {
    mentions: Vec<Mention>,
    /// People its live `list` answers name (whatever the filter).
    listed: Vec<usize>,
    /// Its entries that name someone (ids), the first numbered `base`.
    entries: Vec<String>,
    base: u32,
    /// Commitments that name someone, the filter applied: person and commitment id.
    commitments: Vec<(u32, (i64, Commitment, u64))>,
    /// The month (`None` for files whose name has no month: not kept, always read).
    key: Option<String>,
}

impl MonthPart {
    /// The id of entry `n` (numbered across the journal).
    fn entry_id(&self, n: u32) -> Option<&str> {
        self.entries.get(n.checked_sub(self.base)? as usize).map(String::as_str)
    }

    fn commitments_of(&self, person: u32) -> impl Iterator<Item = &(i64, Commitment, u64)> {
        self.commitments.iter().filter(move |(p, _)| *p == person).map(|(_, c)| c)
    }
}

/// One name found in one entry: who, for what, which way it went (for the role's theme:
/// `Some(true)` when held on to), and the moment's text (the sentence, or for a list answer
/// its question).
struct Hit {
    person: usize,
    role: Role,
    missed: Option<bool>,
    text: String,
    /// Which answer of the entry.
    answer: usize,
}

/// What a page quotes from one month: its moments and the words of the open commitments
/// made in it (id, text).
#[derive(Default)]
struct Quoted {
    moments: Vec<Moment>,
    made: Vec<(String, String)>,
}

#[derive(Clone, Copy)]
struct Reader<'a> {
    themes: &'a Themes,
    aliases: &'a Aliases,
    known: &'a Known,
    finder: &'a NameFinder,
}

impl Reader<'_> {
    /// What a kept month depends on besides its files: the lexicon (roles and stances of free
    /// text), the names looked for, and the aliases that merge them.
    fn fingerprint(&self) -> String {
        // Every spelling looked for (see `spellings`), so a new way of writing a name counts.
        let mut keys: Vec<&str> = (0..self.known.len())
            .flat_map(|i| std::iter::once(self.known.key(i)).chain(self.known.spelled(i)))
            .collect();
        keys.sort_unstable();
        let mut pairs: Vec<(&str, &str)> = self.aliases.pairs().collect();
        pairs.sort_unstable();
        let names = keys.iter().flat_map(|k| k.bytes().chain([1]));
        let merged = pairs.iter().flat_map(|(a, n)| a.bytes().chain([2]).chain(n.bytes()).chain([1]));
        let hash = fnv1a(names.chain([3]).chain(merged));
        format!("{KEPT_FORMAT} {} {} {hash:016x}", self.themes.fingerprint(), keys.len())
    }

    /// Every month's people, kept where nothing changed (read again with `--search`, which
    /// needs the words), the filter applied.
    fn months(&self, ctx: &Context, filter: &Filter) -> Result<Vec<MonthPart>> {
        let fingerprint = self.fingerprint();
        let by_digest = !filter.themes.is_empty() || filter.pack.is_some();
        let read = ctx
            .journal
            .each_month(&Query::all(), |month| {
                let kept = if filter.needs_words() {
                    self.read(&month, |r| filter.matches_words(&r.text()))?
                } else {
                    // A month with damaged lines is not kept: its warnings quote them. What a
                    // cache file says is checked; a file that cannot be right is read again.
                    let kept = month.kept(
                        KEPT_AS,
                        &fingerprint,
                        |m| self.read(m, |_| true),
                        |k| k.warnings.is_empty(),
                    )?;
                    if kept.people.is_sane(month.key()) { kept } else { self.read(&month, |_| true)? }
                };
                // With --theme or --pack, the month's digest says which entries are kept.
                let about: Option<HashSet<String>> = if by_digest {
                    let digested = month.digest(self.themes)?;
                    let ids = digested
                        .entries
                        .into_iter()
                        .filter(|d| filter.matches_digest(d, self.themes))
                        .map(|d| d.id)
                        .collect();
                    Some(ids)
                } else {
                    None
                };
                Ok((kept, about, month.key().map(str::to_string)))
            })
            .map_err(|e| read_error(ctx, &e))?;
        let who: HashMap<u64, usize> =
            (0..self.known.len()).map(|i| (person_hash(self.known.key(i)), i)).collect();
        let (mut parts, mut warnings, mut newer) = (Vec::with_capacity(read.len()), Vec::new(), 0);
        let mut base = 0u32;
        for (kept, about, key) in read {
            let Kept { people, warnings: w, newer: n } = kept;
            warnings.extend(w);
            newer += n;
            let person = |i: u32| people.people.get(i as usize).and_then(|h| who.get(h)).copied();
            let kept_entry: Vec<bool> = people
                .entries
                .iter()
                .map(|(id, _)| about.as_ref().is_none_or(|ids| ids.contains(id)))
                .zip(0..)
                .map(|(about, e)| {
                    about
                        && people.day(e).is_some_and(|d| {
                            filter.from.is_none_or(|f| d >= f) && filter.to.is_none_or(|t| d <= t)
                        })
                })
                .collect();
            let mentions = people
                .rows
                .iter()
                .filter(|row| kept_entry.get(row.1 as usize).copied().unwrap_or(false))
                .filter_map(|row| {
                    Some(Mention {
                        person: u32::try_from(person(row.0)?).ok()?,
                        entry: base.checked_add(row.1)?,
                        date: people.day(row.1)?,
                        role: row.role()?,
                        did: row.did(),
                        missed: row.missed(),
                        moments: row.3,
                    })
                })
                .collect();
            let commitments = people
                .commitments
                .iter()
                .filter(|m| kept_entry.get(m.1 as usize).copied().unwrap_or(false))
                .filter_map(|Made(p, e, prompt, hash, due, at)| {
                    let (id, _) = people.entries.get(*e as usize)?;
                    let date = people.day(*e)?;
                    let c = Commitment {
                        id: format!("{id}:{prompt}"),
                        entry: id.clone(),
                        date,
                        text: String::new(),
                        status: Status::Open,
                        due: NaiveDate::from_num_days_from_ce_opt(*due).unwrap_or(date),
                        followed_up: None,
                        carried: 0,
                    };
                    Some((u32::try_from(person(*p)?).ok()?, (*at, c, *hash)))
                })
                .collect();
            let listed = people.listed.iter().filter_map(|&i| person(i)).collect();
            let entries: Vec<String> = people.entries.into_iter().map(|(id, _)| id).collect();
            let count = u32::try_from(entries.len()).unwrap_or(u32::MAX);
            parts.push(MonthPart { mentions, listed, entries, base, commitments, key });
            base = base.saturating_add(count);
        }
        warnings.sort_by(|a: &Warning, b: &Warning| (&a.file, a.line).cmp(&(&b.file, b.line)));
        warn_skipped(ctx, &warnings, newer);
        Ok(parts)
    }

    /// Reads `month` for what it says of people (entries `in_scope` says no to only give
    /// the names of their `list` answers).
    fn read(&self, month: &MonthRead<'_>, in_scope: impl Fn(&RecordRef<'_>) -> bool) -> io::Result<Kept> {
        let mut people = MonthPeople::default();
        let (warnings, newer) = each_record(month, |r| {
            if r.deleted {
                return;
            }
            let mut listed = Vec::new();
            let hits = self.hits(r, &mut listed, None);
            for p in listed {
                let i = people.person(self.known.key(p));
                if !people.listed.contains(&i) {
                    people.listed.push(i);
                }
            }
            if hits.is_empty() || !in_scope(r) {
                return;
            }
            let e = u32::try_from(people.entries.len()).unwrap_or(u32::MAX);
            people.entries.push((r.id.to_string(), r.date.num_days_from_ce()));
            let mut rows: Vec<Row> = Vec::new();
            for h in &hits {
                let i = people.person(self.known.key(h.person));
                let (did, missed) = (h.missed == Some(false), h.missed == Some(true));
                match rows.iter_mut().find(|row| row.0 == i && row.role() == Some(h.role)) {
                    Some(row) => {
                        *row = Row::new(i, e, h.role, row.did() || did, row.missed() || missed, row.3 + 1)
                    }
                    None => rows.push(Row::new(i, e, h.role, did, missed, 1)),
                }
                let a = &r.answers[h.answer];
                if h.role == Role::Commitment
                    && let Some(text) = a.text.as_deref().filter(|t| !t.trim().is_empty())
                    && !people.commitments.iter().any(|m| m.0 == i && m.1 == e && *m.2 == *a.prompt)
                {
                    let due = due_of(a.due, r.date).num_days_from_ce();
                    let at = instant(&r.at);
                    people.commitments.push(Made(i, e, a.prompt.to_string(), wording_hash(text), due, at));
                }
            }
            people.rows.extend(rows);
        });
        Ok(Kept { people, warnings, newer })
    }

    /// Who `r` names (`only` this person, when given), for what: one hit per person, role and
    /// sentence. The people its `list` answers name go to `listed`.
    fn hits(&self, r: &RecordRef<'_>, listed: &mut Vec<usize>, only: Option<usize>) -> Vec<Hit> {
        let mut out: Vec<Hit> = Vec::new();
        let push = |out: &mut Vec<Hit>, h: Hit| {
            // One moment per sentence and role: a name twice in a sentence is one.
            if !out.iter().any(|o| o.person == h.person && o.role == h.role && o.text == h.text) {
                out.push(h);
            }
        };
        for (n, a) in r.answers.iter().enumerate() {
            if a.kind == "list" {
                for item in a.items.iter().flatten() {
                    let Some(p) = self.aliases.resolve(item).and_then(|(_, key)| self.known.find(&key))
                    else {
                        continue;
                    };
                    if !listed.contains(&p) {
                        listed.push(p);
                    }
                    if only.is_some_and(|o| o != p) {
                        continue;
                    }
                    let role = role_of("list", a.theme.as_deref(), &[]);
                    let text = format!("listed: {}", one_line(&a.question));
                    push(&mut out, Hit { person: p, role, missed: None, text, answer: n });
                }
                continue;
            }
            if !matches!(&*a.kind, "text" | "editor" | "commitment") || self.finder.is_empty() {
                continue;
            }
            let Some(text) = a.text.as_deref() else { continue };
            let mut found: Vec<(usize, usize, usize)> = Vec::new();
            self.finder.find(text, |p, s, e| found.push((p, s, e)));
            // Free text is judged a sentence at a time (for the role), and so is every
            // sentence whose role has a theme (for its stance); a sentence naming two people
            // is judged once.
            let free = a.theme.is_none() && a.kind != "commitment";
            let mut judged: Vec<(String, Heard)> = Vec::new();
            // Everyone is looked for, so that "Ana Lopez" is never Ana's, then only theirs kept.
            found.retain(|(p, ..)| only.is_none_or(|o| o == *p));
            for (p, s, e) in found {
                let mut role = role_of(&a.kind, a.theme.as_deref(), &[]);
                let mut missed = None;
                if free || role_theme(role).is_some() {
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
                    if free {
                        role = role_of(&a.kind, None, themes);
                    }
                    missed = role_theme(role).and_then(|t| {
                        let went = stances.get(t)?;
                        let theme = self.themes.get(t)?;
                        let missed = *went == Stance::Missed;
                        // A stance is told only in the theme's words.
                        (if missed { theme.missed.as_ref() } else { theme.did.as_ref() }).map(|_| missed)
                    });
                }
                let text = sentence_around(text, s, e, SENTENCE_CHARS);
                push(&mut out, Hit { person: p, role, missed, text, answer: n });
            }
        }
        out
    }

    /// The `months` (by key: whether to read them whole, and else the entries to read), read
    /// for what a page of `person` quotes: their moments in entries `in_scope` (from the
    /// months read whole), and the words of commitments made in `open_entries`.
    fn quote(
        &self,
        ctx: &Context,
        person: usize,
        months: &HashMap<Option<String>, (bool, Vec<String>)>,
        in_scope: &HashSet<&str>,
        open_entries: &HashSet<&str>,
    ) -> Result<Vec<Quoted>> {
        ctx.journal
            .each_month(&Query::all(), |month| {
                let mut q = Quoted::default();
                let Some((whole, ids)) = months.get(&month.key().map(str::to_string)) else {
                    return Ok(q);
                };
                let mut each = |r: &RecordRef<'_>| {
                    if r.deleted {
                        return;
                    }
                    if in_scope.contains(&*r.id) {
                        for h in self.hits(r, &mut Vec::new(), Some(person)) {
                            q.moments.push(self.moment(r, &h));
                        }
                    }
                    if open_entries.contains(&*r.id) {
                        for a in r.answers.iter().filter(|a| a.kind == "commitment") {
                            if let Some(text) = a.text.as_deref().filter(|t| !t.trim().is_empty()) {
                                let id = format!("{}:{}", &*r.id, &*a.prompt);
                                q.made.push((id, text.trim().to_string()));
                            }
                        }
                    }
                };
                // A month holding no moment of theirs is read only for the lines of its
                // open commitments.
                if *whole {
                    each_record(&month, &mut each);
                } else {
                    let loaded = month.load(&Query::all().need(Need::Ids(ids)));
                    loaded.records.iter().for_each(|r| each(&RecordRef::from(r)));
                }
                Ok(q)
            })
            .map_err(|e| read_error(ctx, &e))
    }

    fn moment(&self, r: &RecordRef<'_>, h: &Hit) -> Moment {
        let a = &r.answers[h.answer];
        let stance = h.missed.and_then(|missed| {
            let theme = self.themes.get(role_theme(h.role)?)?;
            if missed { theme.missed.clone() } else { theme.did.clone() }
        });
        let answer = match (h.role, a.text.as_deref()) {
            (Role::Idea, Some(text)) if a.kind != "list" => Some(sentence_cut(&one_line(text), IDEA_CHARS)),
            _ => None,
        };
        Moment {
            date: r.date,
            at: r.at.timestamp_nanos_opt().unwrap_or(0),
            entry: r.id.to_string(),
            role: h.role,
            missed: h.missed,
            stance,
            text: h.text.clone(),
            question: one_line(&a.question),
            kind: a.kind.to_string(),
            answer,
            commitment: (a.kind == "commitment").then(|| format!("{}:{}", &*r.id, &*a.prompt)),
        }
    }
}

/// The kept follow-ups of one month (no words): the day, when written, the commitment's id,
/// the status given and the day it was put off to (days since 1 January of year 1).
#[derive(Default, Serialize, Deserialize)]
struct FollowUps(Vec<(i32, i64, String, String, Option<i32>)>);

/// The cache file of a month's follow-ups: `2026-11.follow-ups.json`.
const FOLLOW_UPS_AS: &str = ".follow-ups";
const FOLLOW_UPS_FORMAT: &str = "follow-ups-1";

/// Every follow-up of a commitment in `named`, from the months from `since` on (a
/// commitment is followed up after it is made), kept a month at a time.
fn follow_ups(ctx: &Context, since: Option<NaiveDate>, named: &HashSet<&str>) -> Result<Vec<KeptFollowUp>> {
    let months = ctx
        .journal
        .each_month(&Query::between(since, None), |month| {
            month.kept(
                FOLLOW_UPS_AS,
                FOLLOW_UPS_FORMAT,
                |m| {
                    let mut out = FollowUps::default();
                    let loaded = m.load(&Query::all().need(Need::Commitments));
                    for r in loaded.records.iter().filter(|r| !r.deleted) {
                        for a in r.answers.iter().filter(|a| a.kind == "follow-up") {
                            if let (Some(id), Some(status)) = (&a.commitment, &a.status) {
                                let due = a.due.map(|d| d.num_days_from_ce());
                                out.0.push((
                                    r.date.num_days_from_ce(),
                                    instant(&r.at),
                                    id.clone(),
                                    status.clone(),
                                    due,
                                ));
                            }
                        }
                    }
                    Ok(out)
                },
                |_| true,
            )
        })
        .map_err(|e| read_error(ctx, &e))?;
    let day = NaiveDate::from_num_days_from_ce_opt;
    Ok(months
        .into_iter()
        .flat_map(|m| m.0)
        .filter(|f| named.contains(f.2.as_str()))
        .filter_map(|(d, at, id, status, due)| Some((day(d)?, at, id, status, due.and_then(day))))
        .collect())
}

/// `f` on each record of `month` (latest revisions), borrowed from its bytes when every line
/// is whole, else read in full, which names what is damaged; with those warnings.
fn each_record(month: &MonthRead<'_>, mut f: impl FnMut(&RecordRef<'_>)) -> (Vec<Warning>, usize) {
    let mut scratch = Scratch::default();
    if let Some((records, newer)) = month.borrowed_whole(&mut scratch) {
        records.iter().for_each(&mut f);
        return (Vec::new(), newer);
    }
    let loaded = month.load(&Query::all());
    for r in &loaded.records {
        f(&RecordRef::from(r));
    }
    (loaded.warnings, loaded.newer)
}

/// The themes a sentence is heard under, and which way each went.
type Heard = (Vec<String>, BTreeMap<String, Stance>);

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
