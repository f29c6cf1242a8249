//! Reading other journals (SPEC §7): jrnl's JSON export, Day One's `Journal.json`, and
//! coachlog's own JSON export, turned into records with stable ids so that importing the same
//! file twice adds nothing.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::entry::{Answer, RECORD_VERSION, Record};

/// Where the file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Jrnl,
    Dayone,
    Coachlog,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Jrnl => "jrnl",
            Source::Dayone => "Day One",
            Source::Coachlog => "coachlog",
        }
    }
}

/// Which tool wrote `text`, told from the keys near its start: coachlog's export has a
/// `version` and records with a `rev`; Day One's has `metadata` or entries with a
/// `creationDate`; jrnl's has entries with a `body` and a `date`. `None` when it is none of them.
pub fn detect(text: &str) -> Option<Source> {
    let head = &text[..text.len().min(64 * 1024)];
    let head = &head[..(0..=head.len()).rev().find(|&i| head.is_char_boundary(i)).unwrap_or(0)];
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    if !head.trim_start().starts_with('{') || !has("entries") {
        return None;
    }
    if has("version") && has("rev") && has("id") {
        Some(Source::Coachlog)
    } else if has("creationDate") || has("metadata") {
        Some(Source::Dayone)
    } else if has("body") && has("date") {
        Some(Source::Jrnl)
    } else {
        None
    }
}

/// The records found in an export (entries without any text are left out).
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
}

/// Parses `text` from `source`. `offset` is used for jrnl, whose export has local times
/// without a zone. The error names the first problem (with the entry number).
///
/// Every record is held to [`Record::check`], the rule the journal reader applies: one bad
/// record rejects the whole file (a partial import of a crafted file is worse than none), and
/// the error names up to [`MAX_LISTED`] of them, as `entry 3 (id "…"): the problem`.
pub fn parse(source: Source, text: &str, offset: FixedOffset) -> Result<Parsed, String> {
    let parsed = match source {
        Source::Jrnl => jrnl(text, offset),
        Source::Dayone => dayone(text),
        Source::Coachlog => coachlog(text),
    }?;
    let mut problems = Vec::new();
    for (n, r) in &parsed.records {
        if let Err(e) = r.check() {
            problems.push(format!("entry {n} (id {:?}): {e}", short(&r.id)));
        }
    }
    if let Some(first) = problems.first() {
        if problems.len() == 1 {
            return Err(first.clone());
        }
        let mut listed = problems.iter().take(MAX_LISTED).cloned().collect::<Vec<_>>().join("; ");
        if problems.len() > MAX_LISTED {
            listed.push_str(&format!("; and {} more", problems.len() - MAX_LISTED));
        }
        return Err(format!("{} entries are not valid: {listed}", problems.len()));
    }
    Ok(Parsed { records: parsed.records.into_iter().map(|(_, r)| r).collect() })
}

/// At most this many bad records are named in one error.
pub const MAX_LISTED: usize = 10;

/// An id as a message shows it: at most 40 characters.
fn short(id: &str) -> String {
    let cut: String = id.chars().take(40).collect();
    if cut.len() < id.len() { format!("{cut}…") } else { cut }
}

/// Records by their entry number in the file (from 1).
struct Numbered {
    records: Vec<(usize, Record)>,
}

fn json_error(e: &serde_json::Error) -> String {
    format!("not the expected JSON at line {}, column {}: {e}", e.line(), e.column())
}

#[derive(Deserialize)]
struct JrnlExport {
    entries: Vec<JrnlEntry>,
}

#[derive(Deserialize)]
struct JrnlEntry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

fn jrnl(text: &str, offset: FixedOffset) -> Result<Numbered, String> {
    let export: JrnlExport = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let mut records = Vec::new();
    for (i, e) in export.entries.into_iter().enumerate() {
        let n = i + 1;
        let date = NaiveDate::parse_from_str(e.date.trim(), "%Y-%m-%d")
            .map_err(|_| format!("entry {n}: the date {:?} is not YYYY-MM-DD", e.date))?;
        let time = if e.time.trim().is_empty() {
            NaiveTime::MIN
        } else {
            NaiveTime::parse_from_str(e.time.trim(), "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(e.time.trim(), "%H:%M:%S"))
                .map_err(|_| format!("entry {n}: the time {:?} is not HH:MM", e.time))?
        };
        let at = offset
            .from_local_datetime(&NaiveDateTime::new(date, time))
            .single()
            .ok_or_else(|| format!("entry {n}: {date} {time} does not exist"))?;
        let body = e.body.trim_end();
        let text = match (e.title.trim(), body) {
            (t, "") => t.to_string(),
            ("", b) => b.trim_start().to_string(),
            (t, b) if b.starts_with('\n') => format!("{t}{b}"),
            (t, b) => format!("{t} {}", b.trim_start()),
        };
        if text.trim().is_empty() {
            continue;
        }
        let tags = clean_tags(e.tags.iter().map(|t| t.trim_start_matches(['@', '#'])));
        let key = format!("jrnl\u{0}{}\u{0}{}\u{0}{}", e.date.trim(), e.time.trim(), text);
        records
            .push((n, record(&key, at, date, "imported-jrnl", "Imported from jrnl", text, tags, e.starred)));
    }
    Ok(Numbered { records })
}

#[derive(Deserialize)]
struct DayOneExport {
    entries: Vec<DayOneEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayOneEntry {
    uuid: String,
    creation_date: String,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

fn dayone(text: &str) -> Result<Numbered, String> {
    let export: DayOneExport = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let mut records = Vec::new();
    for (i, e) in export.entries.into_iter().enumerate() {
        let n = i + 1;
        let utc: DateTime<Utc> = DateTime::parse_from_rfc3339(e.creation_date.trim())
            .map_err(|_| format!("entry {n}: creationDate {:?} is not an ISO 8601 time", e.creation_date))?
            .with_timezone(&Utc);
        // Day One stores UTC and the zone the entry was written in; keep the local time.
        let at: DateTime<FixedOffset> =
            match e.time_zone.as_deref().and_then(|z| z.parse::<chrono_tz::Tz>().ok()) {
                Some(tz) => utc.with_timezone(&tz).fixed_offset(),
                None => utc.fixed_offset(),
            };
        let text = unescape_dayone(&e.text);
        if text.trim().is_empty() {
            continue;
        }
        let tags = clean_tags(e.tags.iter().map(String::as_str));
        let key = format!("dayone\u{0}{}", e.uuid.trim());
        records.push((
            n,
            record(
                &key,
                at,
                at.date_naive(),
                "imported-dayone",
                "Imported from Day One",
                text.trim_end().to_string(),
                tags,
                e.starred,
            ),
        ));
    }
    Ok(Numbered { records })
}

/// Day One's export escapes markdown punctuation (`\.`, `\-`, `\!`, `\(`); its text is the
/// person's words, so the escapes go.
pub fn unescape_dayone(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CoachlogExport {
    Document { version: u32, entries: Vec<Map<String, Value>> },
    List(Vec<Map<String, Value>>),
}

fn coachlog(text: &str) -> Result<Numbered, String> {
    let export: CoachlogExport =
        serde_json::from_str(text).map_err(|_| match serde_json::from_str::<Value>(text) {
            Err(e) => json_error(&e),
            Ok(_) => {
                "expected {\"version\": 1, \"entries\": [...]} as written by `coachlog export --format json`"
                    .into()
            }
        })?;
    let entries = match export {
        CoachlogExport::Document { version, entries } if version <= 1 => entries,
        CoachlogExport::Document { version, .. } => {
            return Err(format!("this export is version {version}; this coachlog reads version 1"));
        }
        CoachlogExport::List(entries) => entries,
    };
    let mut records = Vec::new();
    for (i, mut map) in entries.into_iter().enumerate() {
        // `list --json` adds computed themes; they are worked out again on reading.
        map.remove("themes");
        let r: Record =
            serde_json::from_value(Value::Object(map)).map_err(|e| format!("entry {}: {e}", i + 1))?;
        if r.v > RECORD_VERSION {
            return Err(format!("entry {}: written by a newer coachlog (record version {})", i + 1, r.v));
        }
        records.push((i + 1, r));
    }
    Ok(Numbered { records })
}

fn clean_tags<'a>(tags: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t: String = t
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
            .collect();
        let t = t.trim_matches('-').to_string();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// A first revision with an id derived from `key`: a ULID whose time is the entry's and whose
/// random part is a hash of the source's id or content, so the same entry always gets the
/// same id.
#[allow(clippy::too_many_arguments)]
fn record(
    key: &str,
    at: DateTime<FixedOffset>,
    date: NaiveDate,
    pack: &str,
    question: &str,
    text: String,
    tags: Vec<String>,
    starred: bool,
) -> Record {
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let random =
        (u128::from(fnv(key, 0xcbf2_9ce4_8422_2325)) << 64) | u128::from(fnv(key, 0x6c62_272e_07bb_0142));
    let id = ulid::Ulid::from_parts(ms, random).to_string();
    let mut extra = Map::new();
    if starred {
        extra.insert("starred".into(), Value::Bool(true));
    }
    Record {
        v: RECORD_VERSION,
        id,
        rev: 1,
        at,
        edited: None,
        date,
        pack: Some(pack.into()),
        answers: vec![Answer {
            prompt: "note".into(),
            kind: "text".into(),
            question: question.into(),
            text: Some(text),
            ..Answer::default()
        }],
        tags,
        deleted: false,
        extra,
    }
}

fn fnv(text: &str, seed: u64) -> u64 {
    text.bytes().fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tool_is_told_from_the_file() {
        let jrnl = r#"{"tags": {}, "entries": [{"title": "t", "body": "b", "date": "2026-11-20", "time": "09:00"}]}"#;
        let dayone = r#"{"metadata": {"version": "1.0"}, "entries": [{"creationDate": "2026-11-20T09:00:00Z", "text": "x"}]}"#;
        let coachlog =
            r#"{"version": 1, "entries": [{"v": 1, "id": "01M8F1FDC06MWDEYZJMNH58YF3", "rev": 1}]}"#;
        assert_eq!(detect(jrnl), Some(Source::Jrnl));
        assert_eq!(detect(dayone), Some(Source::Dayone));
        assert_eq!(detect(coachlog), Some(Source::Coachlog));
        assert_eq!(detect("[1, 2]"), None);
        assert_eq!(detect(r#"{"entries": []}"#), None);
    }

    fn paris() -> FixedOffset {
        FixedOffset::east_opt(3600).unwrap()
    }

    #[test]
    fn jrnl_entries_keep_date_time_text_and_tags() {
        let text = r##"{"tags": {"@work": 1}, "entries": [
            {"title": "Standup went well.", "body": "Let @Ana run it. #trust", "date": "2024-03-05", "time": "09:15", "tags": ["@ana", "#trust"], "starred": true}
        ]}"##;
        let p = parse(Source::Jrnl, text, paris()).unwrap();
        let r = &p.records[0];
        assert_eq!(r.date.to_string(), "2024-03-05");
        assert_eq!(r.at.to_rfc3339(), "2024-03-05T09:15:00+01:00");
        assert_eq!(r.answers[0].text.as_deref(), Some("Standup went well. Let @Ana run it. #trust"));
        assert_eq!(r.tags, vec!["ana", "trust"]);
        assert_eq!(r.extra["starred"], true);
        assert_eq!(r.pack.as_deref(), Some("imported-jrnl"));
        let again = parse(Source::Jrnl, text, paris()).unwrap();
        assert_eq!(again.records[0].id, r.id, "ids are stable");
    }

    #[test]
    fn dayone_times_are_local_to_the_entry_zone_and_escapes_go() {
        let text = r#"{"metadata": {"version": "1.0"}, "entries": [
            {"uuid": "A1B2", "creationDate": "2024-07-01T22:30:00Z", "timeZone": "Europe/Berlin",
             "text": "Late call\\. Felt \\-good\\- \\(really\\)\\!", "tags": ["Roving Leaders"], "starred": false}
        ]}"#;
        let p = parse(Source::Dayone, text, paris()).unwrap();
        let r = &p.records[0];
        assert_eq!(r.at.to_rfc3339(), "2024-07-02T00:30:00+02:00");
        assert_eq!(r.date.to_string(), "2024-07-02", "the local date, not the UTC one");
        assert_eq!(r.answers[0].text.as_deref(), Some("Late call. Felt -good- (really)!"));
        assert_eq!(r.tags, vec!["roving-leaders"]);
    }

    #[test]
    fn problems_name_the_entry() {
        let err = parse(Source::Jrnl, r#"{"entries": [{"title": "x", "date": "05/03/2024"}]}"#, paris())
            .unwrap_err();
        assert!(err.starts_with("entry 1: the date \"05/03/2024\""), "{err}");
        let err = parse(Source::Dayone, "[1, 2", paris()).unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        let err = parse(Source::Coachlog, r#"{"version": 2, "entries": []}"#, paris()).unwrap_err();
        assert!(err.contains("version 2"), "{err}");
    }

    #[test]
    fn every_record_is_checked_and_the_bad_ones_named() {
        let good = r#"{"v":1,"id":"01KB3X0Z6M9QW7T2R4VJ8N5HPC","rev":1,"at":"2026-11-27T21:04:11+01:00","date":"2026-11-27","answers":[{"prompt":"trust","kind":"rating","rating":3}]}"#;
        let doc = |entries: &[String]| format!(r#"{{"version":1,"entries":[{}]}}"#, entries.join(","));
        assert_eq!(parse(Source::Coachlog, &doc(&[good.into()]), paris()).unwrap().records.len(), 1);
        let bad = |from: &str, to: &str| good.replace(from, to);
        let cases = [
            (
                bad(r#""id":"01KB3X0Z6M9QW7T2R4VJ8N5HPC""#, r#""id":"""#),
                r#"(id ""): the id "" is not a ULID"#,
            ),
            (
                bad("01KB3X0Z6M9QW7T2R4VJ8N5HPC", "EVIL/../../elsewhere/NEWFILE"),
                r#"the id "EVIL/../../elsewhere/NEWFILE" is not a ULID"#,
            ),
            (bad("01KB3X0Z6M9QW7T2R4VJ8N5HPC", "01KB3X0Z6M9QW7T2R4VJ8N5HP\\n"), "is not a ULID"),
            (
                bad(r#""rating":3"#, r#""rating":99"#),
                r#"answer 1 (prompt "trust"): rating 99 is outside 1–5"#,
            ),
            (bad(r#""kind":"rating""#, r#""kind":"bogus""#), r#"unknown kind "bogus""#),
            (bad(r#""v":1"#, r#""v":0"#), "v 0 is not a record version"),
            (bad(r#""rev":1"#, r#""rev":4294967295"#), "rev 4294967295 is out of range (1–1000000)"),
            (
                bad("\"date\":\"2026-11-27\"", "\"date\":\"-262143-01-01\""),
                "the date -262143-01-01 is outside years 1–9999",
            ),
        ];
        for (entry, needle) in cases {
            let err = parse(Source::Coachlog, &doc(&[good.into(), entry]), paris()).unwrap_err();
            assert!(err.starts_with("entry 2 (id "), "{err}");
            assert!(err.contains(needle), "`{needle}` not in: {err}");
        }
        let many: Vec<String> = (0..12).map(|_| bad(r#""rating":3"#, r#""rating":0"#)).collect();
        let err = parse(Source::Coachlog, &doc(&many), paris()).unwrap_err();
        assert!(err.starts_with("12 entries are not valid: entry 1 (id "), "{err}");
        assert!(
            err.contains("entry 10 (id") && !err.contains("entry 11 (id") && err.ends_with("; and 2 more"),
            "{err}"
        );
    }

    #[test]
    fn jrnl_and_dayone_dates_stay_in_years_1_to_9999_and_get_ulids() {
        let err = parse(Source::Jrnl, r#"{"entries": [{"title": "x", "date": "0000-03-05"}]}"#, paris())
            .unwrap_err();
        assert!(err.contains("entry 1 (id ") && err.contains("outside years 1–9999"), "{err}");
        let p = parse(
            Source::Dayone,
            r#"{"entries": [{"uuid": "../../x", "creationDate": "1960-07-01T22:30:00Z", "text": "old"}]}"#,
            paris(),
        )
        .unwrap();
        assert!(crate::core::entry::is_ulid(&p.records[0].id), "{}", p.records[0].id);
    }
}
