//! `coachlog edit` on paper: an entry as a markdown page to change in an editor, and that
//! page read back into answers. Each answer sits under a marker line that names it, so the
//! person's words can contain anything, headings included.

use std::fmt::Write as _;

use super::commitment::Status;
use super::entry::{Answer, Record};
use super::session::split_list;
use super::text::one_line;

const MARKER: &str = "<!-- answer: ";

fn key(a: &Answer) -> String {
    if a.kind == "follow-up" {
        format!("follow-up {}", a.commitment.as_deref().unwrap_or("?"))
    } else {
        a.prompt.clone()
    }
}

/// The header line that names the entry a page is for.
fn entry_line(r: &Record) -> String {
    format!("<!-- Entry {} (revision {}).", r.id, r.rev)
}

/// True when `text` is a page written by [`page`] for the entry `id` (any revision).
pub fn page_is_for(text: &str, id: &str) -> bool {
    page_revision(text, id).is_some()
}

/// The revision of entry `id` that `text`, a page written by [`page`], was made from.
pub fn page_revision(text: &str, id: &str) -> Option<u32> {
    let head = format!("<!-- Entry {id} (revision ");
    text.lines().take(4).find_map(|l| l.strip_prefix(&head)?.split(')').next()?.parse().ok())
}

fn hint(a: &Answer) -> String {
    let hint = match a.kind.as_str() {
        "rating" => {
            let (min, max) = (a.min.unwrap_or(1), a.max.unwrap_or(5));
            match (&a.low, &a.high) {
                (Some(l), Some(h)) => format!("a number from {min} to {max}: {l} … {h}"),
                _ => format!("a number from {min} to {max}"),
            }
        }
        "list" | "multi" => "one per line, each starting with \"- \"".into(),
        "confirm" => "yes or no".into(),
        "follow-up" => "done, partly, open or dropped".into(),
        "choice" => "your choice".into(),
        _ => "text".into(),
    };
    // Shown inside the marker's comment: one line, and never the comment's end.
    one_line(&hint).replace("-->", "- ->")
}

/// True for a line that an answer's text must not show as it is, because it could pass for
/// the page's own markup (a marker or other comment). Backslashes and spaces in front do not
/// change that, so escaping stays reversible.
fn looks_like_markup(line: &str) -> bool {
    line.trim_start_matches(|c: char| c == '\\' || c.is_whitespace()).starts_with("<!--")
}

/// A line of an answer as written on the page: one that looks like markup gets a `\` in front.
fn escape(line: &str) -> String {
    if looks_like_markup(line) { format!("\\{line}") } else { line.to_string() }
}

/// The line of the answer that the page line `line` stands for (see [`escape`]).
fn unescape(line: &str) -> &str {
    match line.strip_prefix('\\') {
        Some(rest) if looks_like_markup(rest) => rest,
        _ => line,
    }
}

/// The page the editor opens. Reading it back unchanged gives the same answers, exactly
/// ([`read_page`]): words keep their spaces and line breaks, list items their commas.
pub fn page(r: &Record, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} · {}", one_line(title), r.date.format("%A %-d %B %Y"));
    let _ = writeln!(
        out,
        "{} Change the answers and save; an emptied answer is removed.\n     Keep each \"{MARKER}…\" line where it is: it says which answer follows.\n     A line of your words that starts with \"<!--\" gets a \\ in front, which is taken off again.\n     Close without changes to keep the entry as it is. -->\n",
        entry_line(r)
    );
    for a in &r.answers {
        let question =
            if a.kind == "follow-up" { format!("Follow-up: {}", a.question) } else { a.question.clone() };
        let _ = writeln!(out, "## {}", one_line(&question));
        let _ = writeln!(out, "{MARKER}{} ({}) -->", key(a), hint(a));
        for line in value(a).split('\n') {
            let _ = writeln!(out, "{}", escape(line));
        }
        out.push('\n');
    }
    out
}

/// The answer as the lines under its marker (before escaping), by kind.
fn value(a: &Answer) -> String {
    match a.kind.as_str() {
        "rating" => a.rating.map(|r| r.to_string()).unwrap_or_default(),
        "list" | "multi" => a
            .items
            .iter()
            .flatten()
            // An item's further lines are indented, so they cannot pass for items.
            .map(|i| format!("- {}", i.replace('\n', "\n  ")))
            .collect::<Vec<_>>()
            .join("\n"),
        "confirm" => a.yes.map(|y| if y { "yes" } else { "no" }.to_string()).unwrap_or_default(),
        "follow-up" => a.status.clone().unwrap_or_default(),
        "choice" => a.choice.clone().unwrap_or_default(),
        _ => a.text.clone().unwrap_or_default(),
    }
}

/// Reads an edited page back into the answers of `r`, in their order. An answer whose marker
/// is gone, or whose text is emptied, is removed (one that was empty already stays as it
/// was). The error names the answer and what is wrong, for the page to be shown again.
pub fn read_page(r: &Record, text: &str) -> Result<Vec<Answer>, String> {
    // Lines end at `\n` only, so a `\r` in someone's words survives the round trip.
    let lines: Vec<&str> = text.strip_suffix('\n').unwrap_or(text).split('\n').collect();
    let is_marker = |l: &str| l.trim_start().starts_with(MARKER);
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(rest) = lines[i].trim_start().strip_prefix(MARKER) {
            let k = rest.split(" (").next().unwrap_or(rest).trim_end_matches("-->").trim().to_string();
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() {
                // A question heading directly followed by a marker starts the next answer.
                let next_is_marker = lines.get(i + 1).is_some_and(|l| is_marker(l));
                if is_marker(lines[i]) || (lines[i].starts_with("##") && next_is_marker) {
                    break;
                }
                body.push(unescape(lines[i]));
                i += 1;
            }
            if sections.iter().any(|(s, _)| *s == k) {
                return Err(format!("the answer `{k}` appears twice; keep one of them"));
            }
            // The blank line the page puts after each answer.
            if body.last() == Some(&"") {
                body.pop();
            }
            sections.push((k, body));
        } else {
            i += 1;
        }
    }
    for (k, _) in &sections {
        if !r.answers.iter().any(|a| key(a) == *k) {
            return Err(format!(
                "there is no answer `{k}` in this entry; leave the marker lines as they were"
            ));
        }
    }
    let mut out = Vec::new();
    for a in &r.answers {
        let Some((_, body)) = sections.iter().find(|(k, _)| *k == key(a)) else { continue };
        if body.iter().all(|l| l.trim().is_empty()) {
            if value(a).trim().is_empty() {
                // Nothing was there and nothing was added: the answer stays as it was.
                out.push(a.clone());
            }
            continue;
        }
        out.push(update(a, body).map_err(|e| format!("answer `{}`: {e}", key(a)))?);
    }
    Ok(out)
}

fn update(a: &Answer, lines: &[&str]) -> Result<Answer, String> {
    let mut a = a.clone();
    let body = lines.join("\n");
    match a.kind.as_str() {
        "rating" => {
            let (min, max) = (a.min.unwrap_or(1), a.max.unwrap_or(5));
            let n: i64 = body
                .trim()
                .parse()
                .map_err(|_| format!("{:?} is not a number from {min} to {max}", body.trim()))?;
            if !(min..=max).contains(&n) {
                return Err(format!("{n} is outside the scale {min} to {max}"));
            }
            a.rating = Some(n);
        }
        "list" | "multi" => a.items = Some(read_items(lines)),
        "confirm" => {
            a.yes = Some(match body.trim().to_lowercase().as_str() {
                "yes" | "y" | "true" => true,
                "no" | "n" | "false" => false,
                other => return Err(format!("{other:?} is neither yes nor no")),
            });
        }
        "follow-up" => {
            let s = Status::parse(&body)
                .ok_or_else(|| format!("{:?} is not done, partly, open or dropped", body.trim()))?;
            a.status = Some(s.as_str().into());
        }
        "choice" => a.choice = Some(body),
        _ => a.text = Some(body),
    }
    Ok(a)
}

/// List items as [`value`] writes them (`- item`, further lines indented by two spaces, `-`
/// alone for an empty item), and as people type them: `* item`, a plain line, or a single
/// line of comma-separated items.
fn read_items(lines: &[&str]) -> Vec<String> {
    let typed: Vec<&str> = lines.iter().copied().filter(|l| !l.trim().is_empty()).collect();
    if let [one] = typed.as_slice()
        && !one.starts_with('-')
        && !one.starts_with("* ")
    {
        return split_list(one);
    }
    let mut items: Vec<String> = Vec::new();
    for line in lines {
        if *line == "-" {
            items.push(String::new());
        } else if let Some(item) = line.strip_prefix("- ") {
            items.push(item.to_string());
        } else if let (Some(more), Some(last)) = (line.strip_prefix("  "), items.last_mut()) {
            last.push('\n');
            last.push_str(more);
        } else if line.is_empty() {
            // A blank line between items.
        } else if let Some(item) = line.strip_prefix("* ") {
            items.push(item.trim().to_string());
        } else {
            items.push(line.trim().to_string());
        }
    }
    items
}

/// The page shown again after a mistake, with the problem on top.
pub fn with_error(text: &str, error: &str) -> String {
    // Lines are cut at `\n` only and the rest kept byte for byte (a `\r` is someone's words).
    let mut rest = text;
    while rest.starts_with("<!-- coachlog could not read this page") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    let end = if rest.ends_with('\n') { "" } else { "\n" };
    format!(
        "<!-- coachlog could not read this page: {}. Fix it and save again. -->\n{rest}{end}",
        one_line(error)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        serde_json::from_value(serde_json::json!({
            "v": 1, "id": "E1", "rev": 1, "at": "2026-11-27T20:00:00+01:00", "date": "2026-11-27", "pack": "daily",
            "answers": [
                {"prompt": "headline", "kind": "text", "question": "What mattered?", "text": "Shipped it"},
                {"prompt": "trust", "theme": "trust", "kind": "rating", "question": "How much?", "rating": 3, "min": 1, "max": 5, "low": "little", "high": "lots"},
                {"prompt": "people", "kind": "list", "question": "Who?", "items": ["Maria", "Tom"]},
                {"prompt": "brave", "kind": "confirm", "question": "Brave?", "yes": false},
                {"kind": "follow-up", "commitment": "E0:tomorrow", "status": "open", "question": "Ask Sam"}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn an_unchanged_page_reads_back_the_same_answers() {
        let r = record();
        assert_eq!(read_page(&r, &page(&r, "Daily check-in")).unwrap(), r.answers);
    }

    #[test]
    fn changes_are_read_by_kind() {
        let r = record();
        let text = page(&r, "Daily")
            .replace("Shipped it", "Shipped it.\n## Not a question, just my words\n# neither")
            .replace("\n3\n", "\n5\n")
            .replace("- Tom", "- Tom\n- Ana")
            .replace("\nno\n", "\nyes\n")
            .replace("\nopen\n", "\ndone\n");
        let answers = read_page(&r, &text).unwrap();
        assert_eq!(
            answers[0].text.as_deref(),
            Some("Shipped it.\n## Not a question, just my words\n# neither")
        );
        assert_eq!(answers[1].rating, Some(5));
        assert_eq!(answers[2].items, Some(vec!["Maria".into(), "Tom".into(), "Ana".into()]));
        assert_eq!(answers[3].yes, Some(true));
        assert_eq!(answers[4].status.as_deref(), Some("done"));
    }

    #[test]
    fn an_emptied_answer_is_removed() {
        let r = record();
        let text = page(&r, "Daily").replace("Shipped it", "");
        let answers = read_page(&r, &text).unwrap();
        assert_eq!(answers.len(), 4);
        assert_eq!(answers[0].prompt, "trust");
    }

    #[test]
    fn mistakes_name_the_answer() {
        let r = record();
        let err = read_page(&r, &page(&r, "Daily").replace("\n3\n", "\n9\n")).unwrap_err();
        assert_eq!(err, "answer `trust`: 9 is outside the scale 1 to 5");
        let err = read_page(&r, &page(&r, "Daily").replace("answer: brave", "answer: bold")).unwrap_err();
        assert!(err.contains("no answer `bold`"), "{err}");
        let shown = with_error(&page(&r, "Daily"), &err);
        assert!(shown.starts_with("<!-- coachlog could not read this page: there is no answer"));
        assert_eq!(with_error(&shown, "again").matches("could not read").count(), 1);
    }

    #[test]
    fn untouched_answers_stay_exactly_as_they_were() {
        // Regression (issue 11, item 10): a list item with a comma was split in two, and the
        // leading spaces of a headline were trimmed, by an edit that did not touch them.
        let mut r = record();
        r.answers[0].text = Some("  Shipped it  \n\n<!-- answer: trust (x) -->\n## Who?\n".into());
        r.answers[2].items = Some(vec!["Smith, John".into(), String::new(), " a\nb ".into(), "- c".into()]);
        r.answers.push(Answer {
            prompt: "skipped".into(),
            kind: "text".into(),
            question: "Q".into(),
            ..Answer::default()
        });
        let text = page(&r, "Daily\n<!-- answer: headline (text) -->");
        assert_eq!(read_page(&r, &text).unwrap(), r.answers);
        let one = Record { answers: vec![r.answers[2].clone()], ..r.clone() };
        let mut edited = one.clone();
        edited.answers[0].items.as_mut().unwrap().push("Ana".into());
        let text = page(&one, "Daily").replace("- - c\n", "- - c\n- Ana\n");
        assert_eq!(read_page(&one, &text).unwrap(), edited.answers);
    }

    fn arb_text() -> impl proptest::strategy::Strategy<Value = String> + Clone {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("\n".to_string()),
            Just(" ".to_string()),
            Just("\r".to_string()),
            Just(",".to_string()),
            Just("- ".to_string()),
            Just("  ".to_string()),
            Just("\\".to_string()),
            Just("<!-- ".to_string()),
            Just(MARKER.to_string()),
            Just("## ".to_string()),
            Just("-->".to_string()),
            Just(" (".to_string()),
            "[a-zA-Z0-9 ]{0,6}",
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
    }

    fn arb_answer() -> impl proptest::strategy::Strategy<Value = Answer> {
        use proptest::prelude::*;
        let text = proptest::option::of(arb_text());
        prop_oneof![
            (prop_oneof![Just("text"), Just("editor"), Just("commitment")], text.clone())
                .prop_map(|(k, t)| Answer { kind: k.into(), text: t, ..Answer::default() }),
            (proptest::option::of(1i64..=5)).prop_map(|r| Answer {
                kind: "rating".into(),
                rating: r,
                min: r.map(|_| 1),
                max: r.map(|_| 5),
                ..Answer::default()
            }),
            text.clone().prop_map(|c| Answer { kind: "choice".into(), choice: c, ..Answer::default() }),
            (
                prop_oneof![Just("list"), Just("multi")],
                proptest::option::of(proptest::collection::vec(arb_text(), 0..4))
            )
                .prop_map(|(k, i)| Answer { kind: k.into(), items: i, ..Answer::default() }),
            proptest::option::of(any::<bool>()).prop_map(|y| Answer {
                kind: "confirm".into(),
                yes: y,
                ..Answer::default()
            }),
            proptest::sample::select(vec!["open", "done", "partly", "dropped"]).prop_map(|s| Answer {
                kind: "follow-up".into(),
                status: Some(s.into()),
                ..Answer::default()
            }),
        ]
    }

    proptest::proptest! {
        /// Saving the page unchanged changes nothing, whatever the answers hold.
        #[test]
        fn the_page_round_trips_every_answer_exactly(
            answers in proptest::collection::vec((arb_answer(), arb_text()), 0..6),
            title in arb_text(),
        ) {
            let mut r = record();
            r.answers = answers
                .into_iter()
                .enumerate()
                .map(|(i, (mut a, question))| {
                    a.question = question;
                    if a.kind == "follow-up" {
                        a.commitment = Some(format!("01KB3X0Z6M9QW7T2R4VJ8N5HPC:p{i}"));
                    } else {
                        a.prompt = format!("p{i}");
                    }
                    a
                })
                .collect();
            let text = page(&r, &title);
            proptest::prop_assert_eq!(read_page(&r, &text).unwrap(), r.answers.clone());
            // The same after a mistake was pointed out on top of the page.
            proptest::prop_assert_eq!(read_page(&r, &with_error(&text, "x")).unwrap(), r.answers);
        }
    }
}
