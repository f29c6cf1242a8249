//! Reading other journals (SPEC §7): jrnl's JSON export, Day One's `Journal.json`, and
//! coachlog's own JSON export, turned into records with stable ids so that importing the same
//! file twice adds nothing.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::entry::{Answer, RECORD_VERSION, Record};

/// Where the file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

/// The records found in an export (entries without any text are left out).
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
}

/// Parses `text` from `source`. `offset` is used for jrnl, whose export has local times
/// without a zone. The error names the first problem (with the entry number).
pub fn parse(source: Source, text: &str, offset: FixedOffset) -> Result<Parsed, String> {
    match source {
        Source::Jrnl => jrnl(text, offset),
        Source::Dayone => dayone(text),
        Source::Coachlog => coachlog(text),
    }
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

fn jrnl(text: &str, offset: FixedOffset) -> Result<Parsed, String> {
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
        records.push(record(&key, at, date, "imported-jrnl", "Imported from jrnl", text, tags, e.starred));
    }
    Ok(Parsed { records })
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

fn dayone(text: &str) -> Result<Parsed, String> {
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
        records.push(record(
            &key,
            at,
            at.date_naive(),
            "imported-dayone",
            "Imported from Day One",
            text.trim_end().to_string(),
            tags,
            e.starred,
        ));
    }
    Ok(Parsed { records })
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

fn coachlog(text: &str) -> Result<Parsed, String> {
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
        records.push(r);
    }
    Ok(Parsed { records })
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
}
