//! Prompt packs (SPEC §3): TOML files of reflection questions, parsed and validated here.
//! Every validation error names the file, line and column it points at.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::entry::scale_problem;
use super::source::SourceError;
use super::text::is_valid_id;
use super::theme::Themes;

/// How a prompt is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Text,
    Editor,
    Rating,
    Choice,
    Multi,
    List,
    Confirm,
    Commitment,
}

impl Kind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Kind; 8] = [
        Kind::Text,
        Kind::Editor,
        Kind::Rating,
        Kind::Choice,
        Kind::Multi,
        Kind::List,
        Kind::Confirm,
        Kind::Commitment,
    ];

    /// The kind named `name`, if any.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Editor => "editor",
            Kind::Rating => "rating",
            Kind::Choice => "choice",
            Kind::Multi => "multi",
            Kind::List => "list",
            Kind::Confirm => "confirm",
            Kind::Commitment => "commitment",
        }
    }
}

/// One question of a pack.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Prompt {
    pub id: String,
    pub theme: Option<String>,
    pub kind: Kind,
    pub question: String,
    pub help: Option<String>,
    pub optional: bool,
    pub always: bool,
    pub min: i64,
    pub max: i64,
    pub low: Option<String>,
    pub high: Option<String>,
    pub options: Vec<String>,
    /// Options of a choice that say the thing did not happen ("Not today"): an answer picking
    /// one does not count toward the prompt's theme.
    pub off: Vec<String>,
    /// For a commitment: how many days later it is followed up (1, the next day, by default;
    /// 7 for "next week").
    pub due_in_days: u16,
    /// Asked only when an earlier choice was answered with one option (`when = { moment =
    /// "Before it" }`): one pack can hold two halves, and a session asks the half that applies.
    pub when: Option<When>,
    /// For a `list` of names: once answered, the session shows what the journal holds about
    /// them (open commitments that name them, their last entry of this pack) before going on.
    pub recall: bool,
    /// For a commitment: the answer may begin with the day it comes back, before a colon
    /// (`2027-01-15: …`, `in 3 weeks: …`, `friday: …`); without one, `due_in_days` applies.
    pub dated: bool,
}

/// The condition of a prompt that belongs to one half of a pack: the choice prompt `prompt`
/// was answered `option`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct When {
    pub prompt: String,
    pub option: String,
}

/// A validated pack.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PromptPack {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub pick: Option<usize>,
    pub prompts: Vec<Prompt>,
}

impl PromptPack {
    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.prompts.iter().find(|p| p.id == id)
    }

    /// Whether some prompt's `when` names the prompt `id` (a choice that picks a half).
    pub fn is_gate(&self, id: &str) -> bool {
        self.prompts.iter().any(|p| p.when.as_ref().is_some_and(|w| w.prompt == id))
    }
}

// Unknown keys are found by `unknown_keys` (all of them, with their places), so the typed
// read below ignores them rather than stopping at the first.
#[derive(Deserialize)]
struct RawPack {
    pack: RawHeader,
    #[serde(default)]
    prompt: Vec<Spanned<RawPrompt>>,
}

#[derive(Deserialize)]
struct RawHeader {
    id: Spanned<String>,
    title: Spanned<String>,
    description: Option<String>,
    pick: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
struct RawPrompt {
    id: Spanned<String>,
    theme: Option<Spanned<String>>,
    /// Read as text and checked by hand, so a misspelt kind is one problem among the others.
    kind: Spanned<String>,
    question: Spanned<String>,
    help: Option<String>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    always: bool,
    min: Option<Spanned<i64>>,
    max: Option<Spanned<i64>>,
    low: Option<Spanned<String>>,
    high: Option<Spanned<String>>,
    options: Option<Spanned<Vec<String>>>,
    off: Option<Spanned<Vec<String>>>,
    due_in_days: Option<Spanned<i64>>,
    when: Option<Spanned<std::collections::BTreeMap<String, String>>>,
    recall: Option<Spanned<bool>>,
    dated: Option<Spanned<bool>>,
}

/// Parses and validates one pack. `file` names the file in errors; `themes` are the themes a
/// prompt may name. The error is the first problem in the file; [`check_pack`] gives them all.
pub fn parse_pack(file: &str, text: &str, themes: &Themes) -> Result<PromptPack, SourceError> {
    check_pack(file, text, themes).map_err(|mut problems| problems.remove(0))
}

const PACK_KEYS: [&str; 2] = ["pack", "prompt"];
const HEADER_KEYS: [&str; 4] = ["id", "title", "description", "pick"];
const PROMPT_KEYS: [&str; 17] = [
    "id",
    "theme",
    "kind",
    "question",
    "help",
    "optional",
    "always",
    "min",
    "max",
    "low",
    "high",
    "options",
    "off",
    "due_in_days",
    "when",
    "recall",
    "dated",
];

/// Every key of the pack that is not one a pack may have, where it stands.
fn unknown_keys(file: &str, text: &str) -> Vec<SourceError> {
    use toml::de::{DeTable, DeValue};
    let Ok(doc) = DeTable::parse(text) else { return Vec::new() };
    let mut out = Vec::new();
    let mut check = |table: &DeTable<'_>, known: &[&str], place: &str| {
        for key in table.keys() {
            let name: &str = key.get_ref();
            if !known.contains(&name) {
                let guess = crate::core::text::closest(name, known.iter().copied())
                    .map_or_else(String::new, |g| format!(" (did you mean `{g}`?)"));
                out.push(SourceError::at(
                    file,
                    text,
                    key.span().start,
                    format!("unknown key `{name}` in {place}{guess}; keys there: {}", known.join(", ")),
                ));
            }
        }
    };
    let doc = doc.get_ref();
    check(doc, &PACK_KEYS, "the file");
    if let Some(v) = doc.get("pack")
        && let DeValue::Table(t) = v.get_ref()
    {
        check(t, &HEADER_KEYS, "[pack]");
    }
    if let Some(v) = doc.get("prompt")
        && let DeValue::Array(prompts) = v.get_ref()
    {
        for p in prompts {
            if let DeValue::Table(t) = p.get_ref() {
                check(t, &PROMPT_KEYS, "[[prompt]]");
            }
        }
    }
    out
}

/// [`parse_pack`], reporting every problem of the file in line order, not just the first.
pub fn check_pack(file: &str, text: &str, themes: &Themes) -> Result<PromptPack, Vec<SourceError>> {
    let mut problems = unknown_keys(file, text);
    let raw: RawPack = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(SourceError::from_toml(file, text, &e));
            problems.sort_by_key(|p| (p.line, p.column));
            problems.dedup_by(|a, b| a.line == b.line && a.column == b.column);
            return Err(problems);
        }
    };
    let err = |offset: usize, msg: String| SourceError::at(file, text, offset, msg);
    let id = raw.pack.id.get_ref();
    if !is_valid_id(id) {
        problems.push(err(raw.pack.id.span().start, format!("pack id `{id}` may only use a-z, 0-9 and `-`")));
    }
    if raw.pack.title.get_ref().trim().is_empty() {
        problems.push(err(raw.pack.title.span().start, format!("pack `{id}` has an empty title")));
    }
    if raw.prompt.is_empty() {
        problems.push(err(
            raw.pack.id.span().start,
            format!("pack `{id}` has no prompts; add at least one [[prompt]] table"),
        ));
    }
    let pick = match raw.pack.pick {
        None => None,
        Some(p) if *p.get_ref() >= 1 => Some(usize::try_from(*p.get_ref()).unwrap_or(usize::MAX)),
        Some(p) => {
            problems.push(err(p.span().start, format!("`pick` must be 1 or more, not {}", p.get_ref())));
            None
        }
    };

    let mut prompts: Vec<Prompt> = Vec::with_capacity(raw.prompt.len());
    // Where each prompt's id stands, for problems found once all are read.
    let mut id_at: Vec<usize> = Vec::with_capacity(raw.prompt.len());
    for spanned in raw.prompt {
        let r = spanned.into_inner();
        let pid = r.id.get_ref().clone();
        let at = |s: &std::ops::Range<usize>| s.start;
        id_at.push(r.id.span().start);
        if !is_valid_id(&pid) {
            problems.push(err(at(&r.id.span()), format!("prompt id `{pid}` may only use a-z, 0-9 and `-`")));
        }
        if prompts.iter().any(|p| p.id == pid) {
            problems.push(err(at(&r.id.span()), format!("duplicate prompt id `{pid}` in pack `{id}`")));
        }
        if let Some(theme) = &r.theme
            && !themes.contains(theme.get_ref())
        {
            problems.push(err(
                at(&theme.span()),
                format!(
                    "unknown theme `{}` in prompt `{pid}`; known themes: {}",
                    theme.get_ref(),
                    themes.ids()
                ),
            ));
        }
        if r.question.get_ref().trim().is_empty() {
            problems.push(err(at(&r.question.span()), format!("prompt `{pid}` has an empty question")));
        }
        let kind = match Kind::named(r.kind.get_ref()) {
            Some(k) => k,
            None => {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                let guess = crate::core::text::closest(r.kind.get_ref(), names.iter().copied())
                    .map_or_else(String::new, |g| format!(" (did you mean `{g}`?)"));
                problems.push(err(
                    at(&r.kind.span()),
                    format!(
                        "unknown kind `{}` in prompt `{pid}`{guess}; kinds: {}",
                        r.kind.get_ref(),
                        names.join(", ")
                    ),
                ));
                // Checked as text for the rest, so other problems are still found.
                Kind::Text
            }
        };
        let (min, max) = match kind {
            Kind::Rating => {
                let min = r.min.as_ref().map_or(1, |m| *m.get_ref());
                let max = r.max.as_ref().map_or(5, |m| *m.get_ref());
                // The rule every stored rating obeys (bounds near zero, so no arithmetic on
                // them can overflow), then the pack's own, tighter step count.
                if let Some(problem) = scale_problem(min, max) {
                    let place =
                        r.min.as_ref().or(r.max.as_ref()).map_or(at(&r.kind.span()), |s| at(&s.span()));
                    problems.push(err(place, format!("rating `{pid}`: {problem}")));
                } else if max - min > 20 {
                    let place = r.max.as_ref().map_or(at(&r.kind.span()), |s| at(&s.span()));
                    problems.push(err(
                        place,
                        format!(
                            "rating `{pid}` has {} steps; keep a scale to 21 steps or fewer",
                            max - min + 1
                        ),
                    ));
                }
                (min, max)
            }
            _ => {
                let rating_only = [
                    ("min", r.min.as_ref().map(Spanned::span)),
                    ("max", r.max.as_ref().map(Spanned::span)),
                    ("low", r.low.as_ref().map(Spanned::span)),
                    ("high", r.high.as_ref().map(Spanned::span)),
                ];
                if let Some((name, Some(span))) = rating_only.into_iter().find(|(_, s)| s.is_some()) {
                    problems.push(err(
                        span.start,
                        format!("`{name}` only applies to rating prompts, and `{pid}` is {}", kind.as_str()),
                    ));
                }
                (1, 5)
            }
        };
        let options = match (kind, r.options) {
            (Kind::Choice | Kind::Multi, None) => {
                problems.push(err(
                    at(&r.kind.span()),
                    format!("{} prompt `{pid}` needs `options = [\"…\", \"…\"]`", kind.as_str()),
                ));
                Vec::new()
            }
            (Kind::Choice | Kind::Multi, Some(o)) => {
                let list = o.get_ref();
                if list.len() < 2 {
                    problems.push(err(
                        at(&o.span()),
                        format!("{} prompt `{pid}` needs at least two options", kind.as_str()),
                    ));
                }
                if let Some(bad) = list.iter().find(|s| s.trim().is_empty()) {
                    problems.push(err(at(&o.span()), format!("prompt `{pid}` has an empty option {bad:?}")));
                }
                for (i, a) in list.iter().enumerate() {
                    if list[..i].contains(a) {
                        problems.push(err(at(&o.span()), format!("prompt `{pid}` lists option {a:?} twice")));
                    }
                }
                o.into_inner()
            }
            (_, Some(o)) => {
                problems.push(err(
                    at(&o.span()),
                    format!(
                        "`options` only applies to choice and multi prompts, and `{pid}` is {}",
                        kind.as_str()
                    ),
                ));
                Vec::new()
            }
            (_, None) => Vec::new(),
        };
        let off = match r.off {
            None => Vec::new(),
            Some(o) if !matches!(kind, Kind::Choice) => {
                problems.push(err(
                    at(&o.span()),
                    format!("`off` only applies to choice prompts, and `{pid}` is {}", kind.as_str()),
                ));
                Vec::new()
            }
            Some(o) => {
                if let Some(bad) = o.get_ref().iter().find(|x| !options.contains(x)) {
                    problems.push(err(
                        at(&o.span()),
                        format!("`off` of `{pid}` names {bad:?}, which is not one of its options"),
                    ));
                }
                o.into_inner()
            }
        };
        let due_in_days = match r.due_in_days {
            None => 1,
            Some(d) if !matches!(kind, Kind::Commitment) => {
                problems.push(err(
                    at(&d.span()),
                    format!(
                        "`due_in_days` only applies to commitment prompts, and `{pid}` is {}",
                        kind.as_str()
                    ),
                ));
                1
            }
            Some(d) => match u16::try_from(*d.get_ref()) {
                Ok(n) if (1..=366).contains(&n) => n,
                _ => {
                    problems
                        .push(err(at(&d.span()), format!("`due_in_days` of `{pid}` must be 1 to 366 days")));
                    1
                }
            },
        };
        let when = match r.when {
            None => None,
            Some(w) => {
                let place = at(&w.span());
                match check_when(&pid, w.get_ref(), &prompts) {
                    Ok(when) => Some(when),
                    Err(message) => {
                        problems.push(err(place, message));
                        None
                    }
                }
            }
        };
        let recall = match r.recall {
            Some(v) if *v.get_ref() && kind != Kind::List => {
                problems.push(err(
                    at(&v.span()),
                    format!(
                        "`recall` only applies to list prompts (of names), and `{pid}` is {}",
                        kind.as_str()
                    ),
                ));
                false
            }
            Some(v) => *v.get_ref(),
            None => false,
        };
        let dated = match r.dated {
            Some(v) if *v.get_ref() && kind != Kind::Commitment => {
                problems.push(err(
                    at(&v.span()),
                    format!("`dated` only applies to commitment prompts, and `{pid}` is {}", kind.as_str()),
                ));
                false
            }
            Some(v) => *v.get_ref(),
            None => false,
        };
        prompts.push(Prompt {
            id: pid,
            theme: r.theme.map(Spanned::into_inner),
            kind,
            question: r.question.into_inner().trim().to_string(),
            help: r.help.map(|h| h.trim().to_string()).filter(|h| !h.is_empty()),
            optional: r.optional,
            always: r.always,
            min,
            max,
            low: r.low.map(Spanned::into_inner),
            high: r.high.map(Spanned::into_inner),
            options,
            off,
            due_in_days,
            when,
            recall,
            dated,
        });
    }
    // A prompt that picks a half must be asked every session, and answered.
    let mut gates_told: Vec<&str> = Vec::new();
    for p in &prompts {
        if let Some(w) = &p.when
            && let Some(i) = prompts.iter().position(|g| g.id == w.prompt)
            && (!prompts[i].always || prompts[i].optional)
            && !gates_told.contains(&w.prompt.as_str())
        {
            gates_told.push(&w.prompt);
            problems.push(err(
                id_at[i],
                format!(
                    "`{}` picks which prompts are asked (`{}` has a `when` naming it), so it needs `always = true` and no `optional`",
                    w.prompt, p.id
                ),
            ));
        }
    }

    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.line, p.column));
        return Err(problems);
    }
    Ok(PromptPack {
        id: id.clone(),
        title: raw.pack.title.into_inner(),
        description: raw.pack.description,
        pick,
        prompts,
    })
}

/// Checks a prompt's `when`: one earlier choice prompt, itself unconditional, and one of its
/// options.
fn check_when(
    pid: &str,
    when: &std::collections::BTreeMap<String, String>,
    earlier: &[Prompt],
) -> Result<When, String> {
    let mut pairs = when.iter();
    let (Some((gate, option)), None) = (pairs.next(), pairs.next()) else {
        return Err(format!(
            "`when` of `{pid}` names one earlier choice and one of its options: `when = {{ moment = \"Before it\" }}`"
        ));
    };
    let Some(g) = earlier.iter().find(|p| &p.id == gate) else {
        return Err(format!("`when` of `{pid}` names `{gate}`, which is not a prompt above it in this pack"));
    };
    if g.kind != Kind::Choice {
        return Err(format!("`when` of `{pid}` names `{gate}`, which is {}, not a choice", g.kind.as_str()));
    }
    if g.when.is_some() {
        return Err(format!(
            "`when` of `{pid}` names `{gate}`, which has a `when` of its own; one level only"
        ));
    }
    if !g.options.contains(option) {
        return Err(format!(
            "`when` of `{pid}` names {option:?}, which is not one of the options of `{gate}`: {}",
            g.options.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(When { prompt: gate.clone(), option: option.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::theme::Theme;

    fn themes() -> Themes {
        Themes::new(vec![Theme::test("trust", "Trust", &[])])
    }

    const HEAD: &str = "[pack]\nid = \"p\"\ntitle = \"P\"\n\n";

    fn check(body: &str) -> Result<PromptPack, SourceError> {
        parse_pack("p.toml", &format!("{HEAD}{body}"), &themes())
    }

    fn fails(body: &str, line: usize, needle: &str) {
        let err = check(body).expect_err("pack should be rejected");
        assert_eq!(err.file, "p.toml");
        assert_eq!(err.line, line, "wrong line for: {err}");
        assert!(err.message.contains(needle), "`{needle}` not in: {err}");
    }

    #[test]
    fn every_problem_of_a_pack_is_reported_in_line_order() {
        let text = format!(
            "{HEAD}\n[[prompt]]\nid = \"a\"\ntheme = \"cooking\"\nkind = \"rating\"\nmin = 5\nmax = 1\nquestion = \"\"\n\n[[prompt]]\nid = \"a\"\nkind = \"choice\"\nquestion = \"Q\"\ncolour = 1\n"
        );
        let problems = check_pack("p.toml", &text, &themes()).unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        let mut sorted = lines.clone();
        sorted.sort_unstable();
        assert_eq!(lines, sorted, "in line order");
        let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
        for needle in [
            "unknown theme `cooking`",
            "needs min < max",
            "empty question",
            "duplicate prompt id `a`",
            "needs `options",
            "unknown key `colour`",
        ] {
            assert!(all.iter().any(|p| p.contains(needle)), "`{needle}` not in {all:#?}");
        }
        // A scale that would overflow is one problem, not a panic.
        let wide = format!(
            "{HEAD}\n[[prompt]]\nid = \"r\"\nkind = \"rating\"\nmin = -9223372036854775808\nmax = 9223372036854775807\nquestion = \"Q\"\n"
        );
        assert_eq!(check_pack("p.toml", &wide, &themes()).unwrap_err().len(), 1);
    }

    #[test]
    fn a_good_pack_parses() {
        let pack = check(
            "[[prompt]]\nid = \"a\"\ntheme = \"trust\"\nkind = \"rating\"\nquestion = \"How much?\"\nlow = \"none\"\nhigh = \"all\"\n\n[[prompt]]\nid = \"b\"\nkind = \"choice\"\nquestion = \"Which?\"\noptions = [\"x\", \"y\"]\noptional = true\n",
        )
        .unwrap();
        assert_eq!(pack.prompts.len(), 2);
        assert_eq!((pack.prompts[0].min, pack.prompts[0].max), (1, 5));
        assert!(pack.prompts[1].optional);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        fails("[[prompt]\nid = \"a\"\n", 5, "");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\ncolour = \"red\"\n",
            9,
            "unknown key `colour`",
        );
    }

    #[test]
    fn unknown_kind_is_rejected() {
        fails("[[prompt]]\nid = \"a\"\nkind = \"essay\"\nquestion = \"Q\"\n", 7, "unknown kind `essay`");
    }

    #[test]
    fn unknown_theme_is_rejected_listing_known_ones() {
        fails(
            "[[prompt]]\nid = \"a\"\ntheme = \"cooking\"\nkind = \"text\"\nquestion = \"Q\"\n",
            7,
            "unknown theme `cooking` in prompt `a`; known themes: trust",
        );
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\n[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"R\"\n",
            10,
            "duplicate prompt id `a`",
        );
    }

    #[test]
    fn empty_question_is_rejected() {
        fails("[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"  \"\n", 8, "empty question");
    }

    #[test]
    fn rating_needs_min_below_max() {
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"rating\"\nquestion = \"Q\"\nmin = 5\nmax = 5\n",
            9,
            "needs min < max",
        );
    }

    #[test]
    fn choice_needs_options() {
        fails("[[prompt]]\nid = \"a\"\nkind = \"choice\"\nquestion = \"Q\"\n", 7, "needs `options");
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"multi\"\nquestion = \"Q\"\noptions = []\n",
            9,
            "at least two options",
        );
    }

    #[test]
    fn kind_specific_keys_on_the_wrong_kind_are_rejected() {
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\noptions = [\"x\", \"y\"]\n",
            9,
            "`options` only applies",
        );
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\nmax = 3\n",
            9,
            "`max` only applies",
        );
    }

    #[test]
    fn bad_ids_and_pick_are_rejected() {
        let err = parse_pack("p.toml", "[pack]\nid = \"My Pack\"\ntitle = \"P\"\n", &themes()).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("a-z, 0-9"));
        fails("[[prompt]]\nid = \"A\"\nkind = \"text\"\nquestion = \"Q\"\n", 6, "prompt id `A`");
        let err = parse_pack(
            "p.toml",
            "[pack]\nid = \"p\"\ntitle = \"P\"\npick = 0\n[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\n",
            &themes(),
        )
        .unwrap_err();
        assert_eq!(err.line, 4);
    }

    const HALVES: &str = "[[prompt]]\nid = \"moment\"\nkind = \"choice\"\noptions = [\"Before\", \"After\"]\nalways = true\nquestion = \"When?\"\n\n";

    #[test]
    fn a_prompt_may_belong_to_one_half_of_a_pack() {
        let pack = check(&format!(
            "{HALVES}[[prompt]]\nid = \"plan\"\nkind = \"text\"\nquestion = \"Q\"\nwhen = {{ moment = \"Before\" }}\n"
        ))
        .unwrap();
        let w = pack.prompts[1].when.as_ref().unwrap();
        assert_eq!((w.prompt.as_str(), w.option.as_str()), ("moment", "Before"));
        assert!(pack.is_gate("moment") && !pack.is_gate("plan"));
    }

    #[test]
    fn a_half_names_an_earlier_choice_that_is_always_asked_and_one_of_its_options() {
        let when =
            |w: &str| format!("[[prompt]]\nid = \"plan\"\nkind = \"text\"\nquestion = \"Q\"\nwhen = {w}\n");
        fails(
            &format!("{HALVES}{}", when("{ moment = \"During\" }")),
            16,
            "not one of the options of `moment`",
        );
        fails(&format!("{HALVES}{}", when("{ nope = \"Before\" }")), 16, "not a prompt above it");
        fails(
            &format!("{HALVES}{}", when("{ moment = \"Before\", other = \"x\" }")),
            16,
            "one earlier choice",
        );
        fails(&format!("{HALVES}{}", when("{}")), 16, "one earlier choice");
        // Below the prompt it names: an answer could not have picked it yet.
        fails(&format!("{}{HALVES}", when("{ moment = \"Before\" }")), 9, "not a prompt above it");
        fails(
            &format!(
                "[[prompt]]\nid = \"moment\"\nkind = \"text\"\nalways = true\nquestion = \"Q\"\n{}",
                when("{ moment = \"x\" }")
            ),
            14,
            "which is text, not a choice",
        );
        fails(
            &format!("{}{}", HALVES.replace("always = true\n", ""), when("{ moment = \"Before\" }")),
            6,
            "`moment` picks which prompts are asked",
        );
        fails(&format!("{HALVES}{}", when("\"moment\"")), 16, "");
    }

    #[test]
    fn recall_is_for_lists_and_dated_for_commitments() {
        let pack = check(
            "[[prompt]]\nid = \"with\"\nkind = \"list\"\nrecall = true\nquestion = \"Who?\"\n\n[[prompt]]\nid = \"owe\"\nkind = \"commitment\"\ndated = true\nquestion = \"What?\"\n",
        )
        .unwrap();
        assert!(pack.prompts[0].recall && pack.prompts[1].dated);
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"text\"\nrecall = true\nquestion = \"Q\"\n",
            8,
            "`recall` only applies to list",
        );
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"text\"\ndated = true\nquestion = \"Q\"\n",
            8,
            "`dated` only applies to commitment",
        );
    }

    #[test]
    fn a_pack_without_prompts_is_rejected() {
        let err = check("").unwrap_err();
        assert!(err.message.contains("no prompts"), "{err}");
    }

    #[test]
    fn huge_rating_bounds_are_rejected_without_overflow() {
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"rating\"\nquestion = \"Q\"\nmin = -9223372036854775808\nmax = 9223372036854775807\n",
            9,
            "reaches past ±1000",
        );
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"rating\"\nquestion = \"Q\"\nmin = 0\nmax = 1001\n",
            9,
            "reaches past ±1000",
        );
        fails(
            "[[prompt]]\nid = \"a\"\nkind = \"rating\"\nquestion = \"Q\"\nmin = 0\nmax = 50\n",
            10,
            "51 steps",
        );
    }
}
