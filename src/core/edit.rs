//! `coachlog edit` on paper: an entry as a markdown page to change in an editor, and that
//! page read back into answers. Each answer sits under a marker line that names it, so the
//! person's words can contain anything, headings included.

use std::fmt::Write as _;

use super::commitment::Status;
use super::entry::{Answer, Record};
use super::session::split_list;

const MARKER: &str = "<!-- answer: ";

fn key(a: &Answer) -> String {
    if a.kind == "follow-up" {
        format!("follow-up {}", a.commitment.as_deref().unwrap_or("?"))
    } else {
        a.prompt.clone()
    }
}

fn hint(a: &Answer) -> String {
    match a.kind.as_str() {
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
    }
}

/// The page the editor opens.
pub fn page(r: &Record, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {title} · {}", r.date.format("%A %-d %B %Y"));
    let _ = writeln!(
        out,
        "<!-- Entry {} (revision {}). Change the answers and save; an emptied answer is removed.\n     Keep each \"{MARKER}…\" line where it is: it says which answer follows.\n     Close without changes to keep the entry as it is. -->\n",
        r.id, r.rev
    );
    for a in &r.answers {
        let question =
            if a.kind == "follow-up" { format!("Follow-up: {}", a.question) } else { a.question.clone() };
        let _ = writeln!(out, "## {}", question.trim());
        let _ = writeln!(out, "{MARKER}{} ({}) -->", key(a), hint(a));
        let _ = writeln!(out, "{}\n", value(a));
    }
    out
}

fn value(a: &Answer) -> String {
    if let Some(r) = a.rating {
        return r.to_string();
    }
    if let Some(items) = &a.items {
        return items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n");
    }
    if let Some(y) = a.yes {
        return if y { "yes" } else { "no" }.into();
    }
    if let Some(s) = &a.status {
        return s.clone();
    }
    a.choice.clone().or_else(|| a.text.clone()).unwrap_or_default()
}

/// Reads an edited page back into the answers of `r`, in their order. An answer whose marker
/// is gone, or whose text is emptied, is removed. The error names the answer and what is
/// wrong, for the page to be shown again.
pub fn read_page(r: &Record, text: &str) -> Result<Vec<Answer>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(rest) = lines[i].trim_start().strip_prefix(MARKER) {
            let k = rest.split(" (").next().unwrap_or(rest).trim_end_matches("-->").trim().to_string();
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() {
                // A question heading directly followed by a marker starts the next answer.
                let next_is_marker = lines.get(i + 1).is_some_and(|l| l.trim_start().starts_with(MARKER));
                if lines[i].trim_start().starts_with(MARKER)
                    || (lines[i].starts_with("## ") && next_is_marker)
                {
                    break;
                }
                body.push(lines[i]);
                i += 1;
            }
            if sections.iter().any(|(s, _)| *s == k) {
                return Err(format!("the answer `{k}` appears twice; keep one of them"));
            }
            sections.push((k, body.join("\n").trim().to_string()));
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
        if body.is_empty() {
            continue;
        }
        out.push(update(a, body).map_err(|e| format!("answer `{}`: {e}", key(a)))?);
    }
    Ok(out)
}

fn update(a: &Answer, body: &str) -> Result<Answer, String> {
    let mut a = a.clone();
    match a.kind.as_str() {
        "rating" => {
            let (min, max) = (a.min.unwrap_or(1), a.max.unwrap_or(5));
            let n: i64 =
                body.trim().parse().map_err(|_| format!("{body:?} is not a number from {min} to {max}"))?;
            if !(min..=max).contains(&n) {
                return Err(format!("{n} is outside the scale {min} to {max}"));
            }
            a.rating = Some(n);
        }
        "list" | "multi" => {
            let bulleted: Vec<String> = body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| l.trim_start_matches(['-', '*']).trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            let items = if body.lines().filter(|l| !l.trim().is_empty()).count() == 1 {
                split_list(&bulleted.join(","))
            } else {
                bulleted
            };
            a.items = Some(items);
        }
        "confirm" => {
            a.yes = Some(match body.trim().to_lowercase().as_str() {
                "yes" | "y" | "true" => true,
                "no" | "n" | "false" => false,
                other => return Err(format!("{other:?} is neither yes nor no")),
            });
        }
        "follow-up" => {
            let s = Status::parse(body)
                .ok_or_else(|| format!("{:?} is not done, partly, open or dropped", body.trim()))?;
            a.status = Some(s.as_str().into());
        }
        "choice" => a.choice = Some(body.trim().to_string()),
        _ => a.text = Some(body.to_string()),
    }
    Ok(a)
}

/// The page shown again after a mistake, with the problem on top.
pub fn with_error(text: &str, error: &str) -> String {
    let cleaned: String = text
        .lines()
        .skip_while(|l| l.starts_with("<!-- coachlog could not read this page"))
        .collect::<Vec<_>>()
        .join("\n");
    format!("<!-- coachlog could not read this page: {error}. Fix it and save again. -->\n{cleaned}\n")
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
}
