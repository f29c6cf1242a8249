//! Themes and classification (SPEC §4): which themes a text touches, why, and which way it
//! went (the stance). Computed when reading, so a better lexicon or model re-classifies the
//! whole journal.
//!
//! A text gets a theme from, strongest first: a `#tag` naming it (or one of its aliases); a
//! phrase of the theme in `themes.toml` (not inside one of its `not_keywords`); and, for free
//! text that answers no themed prompt, the learned model (`core::model`) when it is sure. A
//! guided answer carries its prompt's theme. The stance comes from the phrases: a keyword
//! says the lead did it, a `missed_keywords` phrase says they did the opposite, and a
//! negation just before either turns it ("didn't hand it over").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use std::sync::OnceLock;

use super::lexicon::{Lexicon, PhraseList, Role, Stance, normalize};
use super::model::{self, Model};
use super::source::SourceError;
use super::text::{is_valid_id, tags_in, words};

/// One theme of the lexicon.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// Phrases that put a text in the theme and say the lead did it.
    pub keywords: Vec<String>,
    /// Phrases that put a text in the theme and say the lead did the opposite.
    pub missed_keywords: Vec<String>,
    /// Phrases that put a text in the theme and say nothing of which way it went.
    pub mentions: Vec<String>,
    /// Phrases in which a keyword means something else ("product owner").
    pub not_keywords: Vec<String>,
    /// Other `#tags` that name the theme (`#roving`, `#delegate`).
    pub tags: Vec<String>,
    /// How a review says the stance: what doing it is called, and what missing it is.
    pub did: Option<String>,
    pub missed: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemes {
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    id: Spanned<String>,
    title: String,
    description: Option<String>,
    #[serde(default)]
    keywords: Vec<Spanned<String>>,
    #[serde(default)]
    missed_keywords: Vec<Spanned<String>>,
    #[serde(default)]
    mentions: Vec<Spanned<String>>,
    #[serde(default)]
    not_keywords: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    did: Option<String>,
    missed: Option<String>,
}

/// The themes in force: built-in ones, extended or overridden by the user's `themes.toml`.
#[derive(Debug, Clone, Default)]
pub struct Themes {
    themes: Vec<Theme>,
    /// The phrases compiled, once the first text is scanned: a command that reads only kept
    /// digests (`week`, `status`, a warm `summary`) never pays for it.
    lexicon: OnceLock<Lexicon>,
    /// Whether the built-in model knows any of the themes (it knows none a person added).
    in_model: bool,
    /// For each theme, the start of its name (its id's first five letters).
    stems: Vec<String>,
    /// For each theme, the phrases the person added to it (in their `themes.toml`, over the
    /// built-in ones it replaces): the model never takes back a theme one of them gave.
    own: Vec<Vec<String>>,
    /// [`Themes::fingerprint`], worked out once per lexicon (every month's digest asks).
    fingerprint: OnceLock<String>,
}

/// Parses a `themes.toml` file. `file` names it in errors.
pub fn parse_themes(file: &str, text: &str) -> Result<Vec<Theme>, SourceError> {
    let raw: RawThemes = toml::from_str(text).map_err(|e| SourceError::from_toml(file, text, &e))?;
    let mut out: Vec<Theme> = Vec::new();
    for t in raw.theme {
        let id = t.id.get_ref();
        if !is_valid_id(id) {
            return Err(SourceError::at(
                file,
                text,
                t.id.span().start,
                format!("theme id `{id}` may only use a-z, 0-9 and `-`"),
            ));
        }
        if out.iter().any(|o| &o.id == id) {
            return Err(SourceError::at(file, text, t.id.span().start, format!("duplicate theme id `{id}`")));
        }
        let phrases = |list: Vec<Spanned<String>>, what: &str| -> Result<Vec<String>, SourceError> {
            let mut kept = Vec::new();
            for k in list {
                let problem = if words(k.get_ref()).next().is_none() {
                    Some("has no letters or digits".to_string())
                } else if what != "tag" {
                    phrase_problem(k.get_ref())
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Err(SourceError::at(
                        file,
                        text,
                        k.span().start,
                        format!("{what} `{}` of theme `{id}` {problem}", k.get_ref()),
                    ));
                }
                kept.push(k.into_inner());
            }
            Ok(kept)
        };
        let at_id = |message: String| SourceError::at(file, text, t.id.span().start, message);
        if t.title.trim().is_empty() {
            return Err(at_id(format!("theme `{id}` has an empty title")));
        }
        match (&t.did, &t.missed) {
            (Some(_), None) | (None, Some(_)) => {
                return Err(at_id(format!(
                    "theme `{id}` sets only one of `did` and `missed`; set both (the words a review uses for each way it went) or neither"
                )));
            }
            (Some(d), Some(m)) if d.trim().is_empty() || m.trim().is_empty() || d.trim() == m.trim() => {
                return Err(at_id(format!(
                    "theme `{id}` needs two different, non-empty words for `did` and `missed`"
                )));
            }
            _ => {}
        }
        if let Some(bad) = [&t.title, t.did.as_deref().unwrap_or(""), t.missed.as_deref().unwrap_or("")]
            .into_iter()
            .find(|w| w.chars().any(char::is_control))
        {
            return Err(at_id(format!(
                "theme `{id}` has a control character in `{}`; write it without one",
                super::text::safe_line(bad)
            )));
        }
        let tags = phrases(t.tags, "tag")?;
        for (tag, span) in tags.iter().zip(0..) {
            let _ = span;
            if !tag.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
                return Err(SourceError::at(
                    file,
                    text,
                    t.id.span().start,
                    format!(
                        "tag `{tag}` of theme `{id}` may only use letters, digits, `-` and `_` (write it without `#`)"
                    ),
                ));
            }
        }
        out.push(Theme {
            id: id.clone(),
            title: t.title,
            description: t.description,
            keywords: phrases(t.keywords, "keyword")?,
            missed_keywords: phrases(t.missed_keywords, "keyword")?,
            mentions: phrases(t.mentions, "keyword")?,
            not_keywords: phrases(t.not_keywords, "keyword")?,
            tags: tags.iter().map(|t| t.to_lowercase()).collect(),
            did: t.did,
            missed: t.missed,
        });
    }
    Ok(out)
}

/// What is wrong with a phrase as written, if anything: `*` only at the end of a run of words,
/// `...` only between words, no control characters.
fn phrase_problem(phrase: &str) -> Option<String> {
    if phrase.chars().any(char::is_control) {
        return Some("has a control character; write the words without it".into());
    }
    let runs = super::lexicon::gap_runs(phrase);
    if runs.iter().any(|r| r.is_empty()) {
        return Some("has `...` at its start or end, or two in a row: `...` stands between words".into());
    }
    for run in &runs {
        let stars = run.bytes().filter(|&b| b == b'*').count();
        if stars > 1 || (stars == 1 && !run.ends_with('*')) || run.ends_with(" *") {
            return Some("has `*` inside it: `*` ends the last word of a run (`delegat*`)".into());
        }
    }
    None
}

/// `text` with each `#tag` (as [`tags_in`] reads them) blanked out.
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let prev = out.chars().next_back();
        let after = &rest[i + 1..];
        let len = after.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).unwrap_or(after.len());
        if prev.is_none_or(|p| p.is_whitespace() || "([{\"'".contains(p)) && len > 0 {
            out.push(' ');
            rest = &after[len..];
        } else {
            out.push('#');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
impl Theme {
    /// A theme for tests: id, title and keywords.
    pub fn test(id: &str, title: &str, keywords: &[&str]) -> Theme {
        Theme {
            id: id.into(),
            title: title.into(),
            keywords: keywords.iter().map(|k| (*k).to_string()).collect(),
            ..Theme::default()
        }
    }
}

/// Why a text belongs to a theme.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "by", content = "what", rename_all = "lowercase")]
pub enum Reason {
    /// It answers a prompt of the theme (the prompt's id).
    Prompt(String),
    /// It carries the theme as a `#tag` (the tag as written, without `#`).
    Tag(String),
    /// It contains a phrase of the theme (the words as they stand in the text).
    Keyword(String),
    /// The model heard it; the words that weighed most, with their weights.
    Model(String),
}

impl Reason {
    /// The reason in a few words, for `show` and `add`.
    pub fn describe(&self) -> String {
        match self {
            Reason::Prompt(p) => format!("prompt {p}"),
            Reason::Tag(t) => format!("#{t}"),
            Reason::Keyword(k) => format!("\"{k}\""),
            Reason::Model(m) => format!("model: {m}"),
        }
    }
}

/// How a stance is weighed (see [`Judgement::stance`]); chosen on the `dev` notes, which
/// neither the lexicon nor the model was made from (`themes-eval --split dev --tune`; THEMES.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StanceWeights {
    /// Per unit of the model's log-odds that the lead did the opposite.
    pub polarity: f32,
    /// For the theme's own phrases saying missed (+1) or did (−1).
    pub own: f32,
    /// For the other themes' phrases saying so.
    pub other: f32,
    /// With no phrase saying either way, how sure the model must be to say.
    pub margin: f32,
}

/// How far below even odds (in log-odds) the model must score a theme to take back one that
/// only built-in phrases gave, in an entry that is all free text ("let go of the contractor"
/// said "let go", but everything else in the note is about ending a contract). A `#tag`, a
/// prompt, a phrase the person added, or a firm phrase (one that names the theme itself,
/// "delegated", or says it was missed, "micromanaged") is never taken back. Chosen by 5-fold
/// cross-validation on the training notes (`themes-eval --sweep`; THEMES.md): letting the model
/// overrule phrases of several words too raised precision from 0.83 to 0.85 at the same F1.
pub const VETO: f32 = 4.0;

/// How far the model's word on a note's stance counts, in log-odds: naive Bayes is sure of
/// itself beyond reason on a long note, so capped, it settles only what no phrase says.
const POLARITY_CAP: f32 = 3.0;

/// How sure (in log-odds) the model must be that a note tells a miss or a success for a theme
/// that only a tag gave, for it to get a stance: as sure as its word can count, the
/// [`POLARITY_CAP`]. Below it the stance is left unsaid.
pub const TAGGED_MARGIN: f32 = POLARITY_CAP;

/// The weights in use.
pub const STANCE: StanceWeights = StanceWeights { polarity: 0.5, own: 2.0, other: 0.0, margin: 2.0 };

/// What classification found, by theme position: whether the theme is there, which way it
/// went, and (when asked) why.
#[derive(Debug, Clone, Default)]
pub struct Judgement {
    pub found: Vec<bool>,
    did: Vec<u32>,
    missed: Vec<u32>,
    /// Whether the theme at each position has a stance (`did` and `missed` in `themes.toml`).
    has_stance: Vec<bool>,
    /// For free text: the model's log-odds that the lead did the opposite of the good behaviour.
    polarity: Option<f32>,
    /// Given by a prompt or a `#tag`: nothing takes it back.
    sure: Vec<bool>,
    /// A phrase found is firm: it names the theme itself ("delegated") or says the opposite
    /// happened. The model does not take such a theme back.
    named: Vec<bool>,
    /// A phrase the person added in their `themes.toml` gave it: nothing takes it back.
    own: Vec<bool>,
    /// The model heard it; one of its phrases was found (whatever it says of the stance).
    by_model: Vec<bool>,
    by_phrase: Vec<bool>,
    /// A phrase of it came after an intention ("need to delegate more"): a plan.
    planned: Vec<bool>,
    /// `(theme position, reason)`, kept only when asked for.
    pub reasons: Option<Vec<(usize, Reason)>>,
}

impl Judgement {
    /// An empty judgement for `themes`; `explain` keeps the reasons.
    pub fn new(themes: &Themes, explain: bool) -> Judgement {
        let n = themes.themes.len();
        Judgement {
            found: vec![false; n],
            did: vec![0; n],
            missed: vec![0; n],
            has_stance: themes.themes.iter().map(|t| t.did.is_some() && t.missed.is_some()).collect(),
            polarity: None,
            sure: vec![false; n],
            named: vec![false; n],
            own: vec![false; n],
            by_model: vec![false; n],
            by_phrase: vec![false; n],
            planned: vec![false; n],
            reasons: explain.then(Vec::new),
        }
    }

    /// Marks the theme at `t` as given by the prompt `prompt` of a guided answer.
    pub fn mark_prompt(&mut self, t: usize, prompt: &str) {
        self.sure[t] = true;
        self.mark(t, || Reason::Prompt(prompt.to_string()));
    }

    /// Takes back a theme only phrases gave (the model heard the opposite; see [`VETO`]),
    /// unless one of them names the theme itself.
    fn unmark(&mut self, t: usize) {
        if self.own[t] || self.named[t] {
            return;
        }
        self.found[t] = false;
        self.did[t] = 0;
        self.missed[t] = 0;
        if let Some(r) = &mut self.reasons {
            r.retain(|(x, _)| *x != t);
        }
    }

    fn mark(&mut self, t: usize, why: impl FnOnce() -> Reason) {
        self.found[t] = true;

        if let Some(r) = &mut self.reasons {
            r.push((t, why()));
        }
    }

    /// Which way the text went for the theme at `t`, weighing with [`STANCE`]: the theme's own
    /// phrases (a missed one, "took it back", or a did one, "handed it over", each turned by a
    /// negation before it), the phrases of the other themes with a stance (a note that "redid
    /// her prep list" held on to the work and did not trust it alike), and, for free text, the
    /// model's sense of whether the lead did the opposite. `None` for a theme without a stance,
    /// or a text that does not say (only plans and questions: "need to delegate more").
    pub fn stance(&self, t: usize) -> Option<Stance> {
        self.stance_with(t, &STANCE)
    }

    /// [`Judgement::stance`] with other weights (for tuning).
    pub fn stance_with(&self, t: usize, w: &StanceWeights) -> Option<Stance> {
        if !self.found.get(t).copied().unwrap_or(false) || !self.has_stance[t] {
            return None;
        }
        // A theme none of whose own phrases was found and the model did not hear (a `#tag`,
        // `--theme` or a prompt gave it) has a stance only if a free note plainly says how
        // things went and says nothing of another theme: "Dentist at 3 #delegation" is not
        // "handed over", and "#trust. I was scared to tell my boss" is about courage. (A guided
        // answer's words are heard for their own themes only: the rating of a trust prompt
        // says nothing of which way it went.)
        let (all_missed, all_did) = (self.missed.iter().sum::<u32>(), self.did.iter().sum::<u32>());
        let others_heard = (0..self.found.len()).any(|i| i != t && (self.by_phrase[i] || self.by_model[i]));
        if self.did[t] + self.missed[t] == 0
            && !self.by_model[t]
            && (others_heard || self.polarity.is_none_or(|p| p.abs() < TAGGED_MARGIN))
        {
            return None;
        }
        let sign = |n: u32| if n > 0 { 1.0 } else { 0.0 };
        // A note that says it went wrong at all is not a success, however much of the rest
        // describes the good behaviour ("everyone follows Sam … and I went around him").
        let own = if self.missed[t] > 0 { 1.0 } else { -sign(self.did[t]) };
        let other = sign(all_missed - self.missed[t]) - sign(all_did - self.did[t]);
        let votes = all_missed + all_did;
        // Nothing said either way, and no model heard the text (a guided answer): no stance.
        if votes == 0 && self.polarity.is_none_or(|p| p.abs() < w.margin) {
            return None;
        }
        let polarity = self.polarity.unwrap_or(0.0).clamp(-POLARITY_CAP, POLARITY_CAP);
        let score = w.polarity * polarity + w.own * own + w.other * other;
        Some(if score > 0.0 || (score == 0.0 && self.missed[t] > 0) { Stance::Missed } else { Stance::Did })
    }

    /// The themes found, as ids in the lexicon's order, with their stances.
    pub fn themes(&self, themes: &Themes) -> (Vec<String>, BTreeMap<String, Stance>) {
        self.themes_with(themes, &STANCE)
    }

    /// [`Judgement::themes`] with other stance weights (for tuning).
    pub fn themes_with(&self, themes: &Themes, w: &StanceWeights) -> (Vec<String>, BTreeMap<String, Stance>) {
        let mut ids = Vec::new();
        let mut stances = BTreeMap::new();
        for (i, t) in themes.themes.iter().enumerate() {
            if self.found[i] {
                ids.push(t.id.clone());
                if let Some(s) = self.stance_with(i, w) {
                    stances.insert(t.id.clone(), s);
                }
            }
        }
        (ids, stances)
    }
}

impl Themes {
    /// The themes of `list` (the built-in ones): their phrases are the ones the model was
    /// made beside.
    pub fn new(list: Vec<Theme>) -> Self {
        let mut themes = Themes::default();
        themes.extend(list);
        themes.own.iter_mut().for_each(Vec::clear);
        themes
    }

    /// Adds themes, replacing any with the same id; the phrases one brings that the theme it
    /// replaces did not have are the person's own.
    pub fn extend(&mut self, list: Vec<Theme>) {
        self.own.resize(self.themes.len(), Vec::new());
        let phrases = |t: &Theme| -> Vec<String> {
            t.keywords.iter().chain(&t.mentions).map(|k| k.trim().to_string()).collect()
        };
        for t in list {
            match self.themes.iter().position(|o| o.id == t.id) {
                Some(i) => {
                    let before = phrases(&self.themes[i]);
                    self.own[i] = phrases(&t).into_iter().filter(|p| !before.contains(p)).collect();
                    self.themes[i] = t;
                }
                None => {
                    self.own.push(phrases(&t));
                    self.themes.push(t);
                }
            }
        }
        self.compile();
    }

    fn compile(&mut self) {
        self.lexicon = OnceLock::new();
        self.in_model = self.themes.iter().any(|t| model::KNOWN.contains(&t.id.as_str()));
        self.stems = self.themes.iter().map(|t| t.id.chars().take(5).collect()).collect();
        self.fingerprint = OnceLock::new();
    }

    /// Compiles the phrases now (some milliseconds), so that another thread can do it while
    /// this one reads the journal.
    pub fn prepare(&self) {
        self.lexicon();
    }

    /// Loads the built-in model now (some milliseconds), for a reader that will classify
    /// free text later and can do it on another core meanwhile.
    pub fn prepare_model(&self) {
        if self.in_model {
            model::builtin();
        }
    }

    /// Every phrase of every theme, compiled on first use.
    fn lexicon(&self) -> &Lexicon {
        self.lexicon.get_or_init(|| {
            let mut list: PhraseList<'_> = Vec::new();
            for (i, theme) in self.themes.iter().enumerate() {
                list.extend(theme.keywords.iter().map(|k| (i, Role::Keyword, k.as_str())));
                list.extend(theme.missed_keywords.iter().map(|k| (i, Role::Missed, k.as_str())));
                list.extend(theme.mentions.iter().map(|k| (i, Role::Mention, k.as_str())));
                list.extend(theme.not_keywords.iter().map(|k| (i, Role::Not, k.as_str())));
            }
            Lexicon::new(list)
        })
    }

    /// Changes whenever classification could: a theme, phrase, tag or the model changed.
    /// Kept digests (`journal::index`) are only trusted under the same fingerprint.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.get_or_init(|| self.work_out_fingerprint()).clone()
    }

    fn work_out_fingerprint(&self) -> String {
        const BREAK: &str = "\u{1}";
        let bytes = self.themes.iter().flat_map(|t| {
            std::iter::once(t.id.as_str())
                .chain(t.keywords.iter().map(String::as_str))
                .chain([BREAK])
                .chain(t.missed_keywords.iter().map(String::as_str))
                .chain([BREAK])
                .chain(t.mentions.iter().map(String::as_str))
                .chain([BREAK])
                .chain(t.not_keywords.iter().map(String::as_str))
                .chain([BREAK])
                .chain(t.tags.iter().map(String::as_str))
                .chain(t.did.as_deref())
                .chain(t.missed.as_deref())
                .flat_map(|part| part.bytes().chain([0xff]))
                .chain([0xfe])
        });
        let lexicon = super::text::fnv1a(bytes);
        format!("{:016x}", lexicon ^ model::fingerprint().rotate_left(1))
    }

    /// Where `id` stands in [`Themes::all`].
    pub fn position(&self, id: &str) -> Option<u16> {
        self.themes.iter().position(|t| t.id == id).and_then(|i| u16::try_from(i).ok())
    }

    pub fn all(&self) -> &[Theme] {
        &self.themes
    }

    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Comma-separated ids, for error messages.
    pub fn ids(&self) -> String {
        self.themes.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// The theme a tag names, by its id or one of its aliases, in any case.
    pub fn tagged(&self, tag: &str) -> Option<usize> {
        let tag = tag.trim_start_matches('#').to_lowercase();
        self.themes
            .iter()
            .position(|t| t.id == tag)
            .or_else(|| self.themes.iter().position(|t| t.tags.contains(&tag)))
    }

    /// Marks the themes of `#tags` in `text` and of the record's tag list.
    pub fn judge_tags<'a>(&self, text: &str, tags: impl IntoIterator<Item = &'a str>, j: &mut Judgement) {
        let mut mark = |tag: &str| {
            if let Some(t) = self.tagged(tag) {
                j.mark(t, || Reason::Tag(tag.to_lowercase()));
            }
        };
        tags_in(text).iter().for_each(|t| mark(t));
        tags.into_iter().for_each(mark);
        for (sure, found) in j.sure.iter_mut().zip(&j.found) {
            *sure |= *found;
        }
    }

    /// Marks the themes whose phrases occur in `text`, and counts their stances.
    pub fn judge_phrases(&self, text: &str, j: &mut Judgement) {
        // A `#tag` already counts as a tag; its word is not a phrase as well.
        let untagged;
        let text = if text.contains('#') {
            untagged = without_tags(text);
            untagged.as_str()
        } else {
            text
        };
        let scan = self.lexicon().scan(text);
        for h in &scan.hits {
            j.mark(h.theme, || Reason::Keyword(scan.words(h).to_string()));
            j.by_phrase[h.theme] = true;
            // A phrase the model may not overrule: one that names the theme itself (its id's
            // first five letters, "deleg", "trust", "visio") or a missed phrase; others
            // ("raise", "gave ... the") can mean something else.
            j.named[h.theme] |=
                h.role == Role::Missed || scan.words(h).starts_with(self.stems[h.theme].as_str());
            // And a phrase the person added: their correction stands.
            j.own[h.theme] |= self.own[h.theme].iter().any(|p| p == h.phrase);
            if !j.has_stance[h.theme] {
                continue;
            }
            match h.stance() {
                Some(Stance::Did) => j.did[h.theme] += 1,
                Some(Stance::Missed) => j.missed[h.theme] += 1,
                None => j.planned[h.theme] |= h.intended,
            }
        }
    }

    /// Marks the themes the built-in model is sure of in `text` (free text: no prompt gave it
    /// a theme). `all_free`: the whole entry is that text, so the model may also take back a
    /// theme only phrases gave (see [`VETO`]).
    pub fn judge_model(&self, text: &str, all_free: bool, j: &mut Judgement) {
        if text.trim().is_empty() || !self.in_model {
            return;
        }
        let veto = all_free.then_some(VETO);
        self.judge_model_with(text, model::builtin(), model::THRESHOLD, veto, j);
    }

    /// [`Themes::judge_model`] with another model, threshold and veto (for tuning).
    pub fn judge_model_with(
        &self,
        text: &str,
        m: &Model,
        threshold: f32,
        veto: Option<f32>,
        j: &mut Judgement,
    ) {
        // A `#tag` has said its theme already; its word must not also sway the model (a
        // "#vision" would otherwise make it overrule the delegation the note describes).
        let normal = if text.contains('#') { normalize(&without_tags(text)) } else { normalize(text) };
        let scores = m.scores(&normal);
        if m.themes.get(model::MISSED).is_some_and(|l| l == "missed") {
            j.polarity = Some(j.polarity.unwrap_or(0.0) + scores[model::MISSED]);
        }
        for (t, theme) in self.themes.iter().enumerate() {
            let Some(k) = m.themes.iter().take(model::KNOWN.len()).position(|x| *x == theme.id) else {
                continue;
            };
            if scores[k] >= threshold {
                j.by_model[t] = true;
                j.mark(t, || {
                    let words: Vec<String> =
                        m.reasons(&normal, k, 3).into_iter().map(|(w, x)| format!("{w} ({x:.1})")).collect();
                    Reason::Model(words.join(", "))
                });
            } else if veto.is_some_and(|v| scores[k] < -v) && j.found[t] && !j.sure[t] {
                j.unmark(t);
            }
        }
    }

    /// Everything a free text says: tags, phrases, and the model.
    pub fn judge_text(&self, text: &str, j: &mut Judgement) {
        self.judge_tags(text, [], j);
        self.judge_phrases(text, j);
        self.judge_model(text, true, j);
    }

    /// The theme ids of a free text, in the lexicon's order, with their stances.
    pub fn classify_text(&self, text: &str) -> (Vec<String>, BTreeMap<String, Stance>) {
        let mut j = Judgement::new(self, false);
        self.judge_text(text, &mut j);
        j.themes(self)
    }

    /// [`Themes::classify_text`] with another model and threshold, or none (for tuning).
    pub fn classify_text_with(
        &self,
        text: &str,
        model: Option<(&Model, f32)>,
    ) -> (Vec<String>, BTreeMap<String, Stance>) {
        self.classify_tuned(text, model.map(|(m, t)| (m, t, Some(VETO))), &STANCE)
    }

    /// [`Themes::classify_text_with`] with other stance weights (for tuning).
    pub fn classify_tuned(
        &self,
        text: &str,
        model: Option<(&Model, f32, Option<f32>)>,
        weights: &StanceWeights,
    ) -> (Vec<String>, BTreeMap<String, Stance>) {
        let mut j = Judgement::new(self, false);
        self.judge_tags(text, [], &mut j);
        self.judge_phrases(text, &mut j);
        if let Some((m, threshold, veto)) = model {
            self.judge_model_with(text, m, threshold, veto, &mut j);
        }
        j.themes_with(self, weights)
    }

    /// [`Themes::classify_text`] with the reasons, by theme id.
    pub fn explain_text(&self, text: &str) -> Vec<(String, Reason)> {
        let mut j = Judgement::new(self, true);
        self.judge_text(text, &mut j);
        self.named(j.reasons.unwrap_or_default())
    }

    /// Every phrase of the lexicon found in `text`, as `(theme id, phrase as written)`: for
    /// judging phrases on the labelled notes (`themes-eval --phrases`).
    pub fn phrases_in(&self, text: &str) -> Vec<(String, String)> {
        let scan = self.lexicon().scan(text);
        scan.hits.iter().map(|h| (self.themes[h.theme].id.clone(), h.phrase.to_string())).collect()
    }

    /// Reasons by theme position turned into reasons by theme id, sorted and without repeats.
    pub fn named(&self, reasons: Vec<(usize, Reason)>) -> Vec<(String, Reason)> {
        let mut out: Vec<(String, Reason)> =
            reasons.into_iter().map(|(t, r)| (self.themes[t].id.clone(), r)).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The themes a text names by tag or phrase (not the model), as a set of ids.
    #[cfg(test)]
    pub fn keyword_themes(&self, text: &str) -> std::collections::BTreeSet<String> {
        let mut j = Judgement::new(self, false);
        self.judge_tags(text, [], &mut j);
        self.judge_phrases(text, &mut j);
        j.themes(self).0.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin::{THEMES, label};

    fn lexicon() -> Themes {
        Themes::new(
            parse_themes(
                "themes.toml",
                r#"
[[theme]]
id = "delegation"
title = "Delegation"
did = "handed over"
missed = "held on to"
tags = ["delegate"]
keywords = ["delegat*", "hand off", "neck up", "owner*"]
missed_keywords = ["took ... back"]
not_keywords = ["product owner"]

[[theme]]
id = "trust"
title = "Trust"
keywords = ["trust*"]

[[theme]]
id = "roving-leaders"
title = "Roving leaders"
keywords = ["roving"]
"#,
            )
            .unwrap(),
        )
    }

    fn keywords(text: &str) -> Vec<String> {
        lexicon().keyword_themes(text).into_iter().collect()
    }

    #[test]
    fn prefix_keywords_match_word_starts() {
        assert_eq!(keywords("I Delegated the review"), vec!["delegation"]);
        assert_eq!(keywords("Trusting Sam"), vec!["trust"]);
    }

    #[test]
    fn keywords_match_whole_words_only() {
        assert!(keywords("mistrust everywhere").is_empty());
        assert!(keywords("the rovingly eager").is_empty());
        assert_eq!(keywords("a ROVING helper"), vec!["roving-leaders"]);
    }

    #[test]
    fn multi_word_keywords_match_across_punctuation() {
        assert_eq!(keywords("time to hand-off the deploy"), vec!["delegation"]);
        assert_eq!(keywords("from the neck up."), vec!["delegation"]);
        assert!(keywords("hand it off").is_empty());
    }

    #[test]
    fn not_keywords_hide_a_keyword_used_in_another_sense() {
        assert!(keywords("sync with the product owner moved").is_empty());
        assert_eq!(keywords("Ana is the owner of the rota now"), vec!["delegation"]);
    }

    #[test]
    fn reasons_say_which_words_matched() {
        let themes = lexicon();
        let hits = themes.explain_text("We delegated, then I handed it... no: hand-off Friday. Delegation!");
        let words: Vec<&Reason> = hits.iter().filter(|(t, _)| t == "delegation").map(|(_, r)| r).collect();
        for want in ["delegated", "delegation", "hand off"] {
            assert!(words.contains(&&Reason::Keyword(want.into())), "{want} in {hits:?}");
        }
    }

    #[test]
    fn tags_name_themes_by_id_or_alias_in_any_case() {
        let themes = lexicon();
        let mut j = Judgement::new(&themes, true);
        themes.judge_tags("noticed #Roving-Leaders and #lunch, #DELEGATE", [], &mut j);
        assert_eq!(j.themes(&themes).0, vec!["delegation", "roving-leaders"]);
        assert!(j.reasons.unwrap().contains(&(0, Reason::Tag("delegate".into()))));
    }

    #[test]
    fn user_themes_override_by_id() {
        let mut themes = lexicon();
        themes.extend(vec![Theme::test("trust", "Trust", &["faith"])]);
        assert_eq!(
            themes.keyword_themes("I trust them; faith in the team").into_iter().collect::<Vec<_>>(),
            vec!["trust"]
        );
        assert!(themes.keyword_themes("I trust them").is_empty());
    }

    #[test]
    fn stances_come_from_phrases_and_negation() {
        let themes = lexicon();
        let stance = |text: &str| themes.classify_text_with(text, None).1.get("delegation").copied();
        assert_eq!(stance("delegated the rota to Sam"), Some(Stance::Did));
        assert_eq!(stance("didn't delegate the rota, again"), Some(Stance::Missed));
        assert_eq!(stance("took the demo back off Wei"), Some(Stance::Missed));
        assert_eq!(stance("need to delegate more"), None);
        // A theme without `did`/`missed` has no stance.
        assert!(themes.classify_text_with("trusted Ana", None).1.is_empty());
    }

    #[test]
    fn the_fingerprint_changes_with_any_phrase_or_tag() {
        let base = lexicon().fingerprint();
        for change in [
            Theme { tags: vec!["x".into()], ..Theme::test("trust", "Trust", &["trust*"]) },
            Theme { not_keywords: vec!["x".into()], ..Theme::test("trust", "Trust", &["trust*"]) },
            Theme { missed_keywords: vec!["x".into()], ..Theme::test("trust", "Trust", &["trust*"]) },
            Theme { did: Some("x".into()), ..Theme::test("trust", "Trust", &["trust*"]) },
        ] {
            let mut t = lexicon();
            t.extend(vec![change]);
            assert_ne!(t.fingerprint(), base);
        }
    }

    #[test]
    fn the_model_hears_a_paraphrase_and_says_why() {
        let themes = Themes::new(parse_themes(&label(THEMES.0), THEMES.1).unwrap());
        let (found, _) = themes.classify_text_with("zzz", None);
        assert!(found.is_empty());
        // Every reason of every built-in note names the theme it explains.
        for note in crate::core::model::corpus().iter().take(50) {
            let (found, _) = themes.classify_text(&note.text);
            let reasons = themes.explain_text(&note.text);
            for t in &found {
                assert!(reasons.iter().any(|(r, _)| r == t), "{t} without a reason in {}", note.text);
            }
        }
    }

    #[test]
    fn duplicate_theme_ids_are_errors_with_a_line() {
        let err = parse_themes(
            "t.toml",
            "[[theme]]\nid = \"a\"\ntitle = \"A\"\n[[theme]]\nid = \"a\"\ntitle = \"B\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("duplicate theme id `a`"), "{err}");
    }

    #[test]
    fn unknown_theme_keys_are_errors() {
        let err = parse_themes("t.toml", "[[theme]]\nid = \"a\"\ntitle = \"A\"\ncolour = 1\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn a_tag_with_a_hash_or_space_is_an_error() {
        let err =
            parse_themes("t.toml", "[[theme]]\nid = \"a\"\ntitle = \"A\"\ntags = [\"#x y\"]\n").unwrap_err();
        assert!(err.message.contains("tag `#x y`"), "{err}");
    }
}

#[cfg(test)]
mod own_phrases {
    use super::*;
    use crate::core::builtin::{THEMES, label};

    /// The built-in delegation theme with one more lone word.
    fn with_zorbed() -> Vec<Theme> {
        let builtin = parse_themes(&label(THEMES.0), THEMES.1).unwrap();
        let mut delegation = builtin.into_iter().find(|t| t.id == "delegation").unwrap();
        delegation.keywords.push("zorbed".into());
        vec![delegation]
    }

    #[test]
    fn the_model_never_takes_back_a_phrase_the_person_added() {
        let text = "zorbed the invoice totals into the spreadsheet before lunch";
        // Vetoing every theme the model scores below even odds, to be sure it would.
        let tuned = |themes: &Themes| {
            themes.classify_tuned(text, Some((model::builtin(), model::THRESHOLD, Some(0.0))), &STANCE).0
        };
        // Shipped as a built-in phrase, a lone word is only evidence: the model overrules it.
        assert!(tuned(&Themes::new(with_zorbed())).is_empty());
        // Added by the person in their themes.toml, it stands.
        let mut mine = Themes::new(parse_themes(&label(THEMES.0), THEMES.1).unwrap());
        mine.extend(with_zorbed());
        assert_eq!(tuned(&mine), vec!["delegation".to_string()]);
        assert_eq!(mine.classify_text(text).0, vec!["delegation".to_string()]);
        // The built-in phrases of the theme it replaces stay evidence only.
        assert_eq!(
            mine.own[mine.position("delegation").map(usize::from).unwrap()],
            vec!["zorbed".to_string()]
        );
    }
}
