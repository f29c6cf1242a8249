use std::fs;
use std::os::unix::fs::PermissionsExt;

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::core::entry::{Answer, RECORD_VERSION};

fn record(id: &str, rev: u32, at: &str, date: &str, text: &str) -> Record {
    Record {
        v: RECORD_VERSION,
        id: id.into(),
        rev,
        at: DateTime::parse_from_rfc3339(at).unwrap(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        pack: Some("quick".into()),
        answers: vec![Answer {
            prompt: "text".into(),
            kind: "text".into(),
            question: "Q".into(),
            text: Some(text.into()),
            ..Answer::default()
        }],
        tags: vec![],
        deleted: false,
        extra: Default::default(),
    }
}

fn texts(loaded: &Loaded) -> Vec<String> {
    loaded.records.iter().map(|r| r.answers[0].text.clone().unwrap()).collect()
}

#[test]
fn append_then_read_round_trips_into_month_files() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path().join("journal"));
    let a = record("A", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "first");
    let b = record("B", 1, "2026-11-28T21:00:00+01:00", "2026-12-01", "second");
    let pa = j.append(&a).unwrap();
    let pb = j.append(&b).unwrap();
    assert!(pa.ends_with("2026/2026-11.jsonl"), "{}", pa.display());
    assert!(pb.ends_with("2026/2026-12.jsonl"));
    let loaded = j.load_all().unwrap();
    assert_eq!(loaded.records, vec![a, b]);
    assert!(loaded.warnings.is_empty());
    let text = fs::read_to_string(&pa).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.ends_with('\n'));
}

#[test]
fn files_are_private_and_gitattributes_unions_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("journal");
    let j = Journal::open_in(&root);
    let path = j.append(&record("A", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "x")).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&root), 0o700);
    let attrs = fs::read_to_string(root.join(".gitattributes")).unwrap();
    assert!(attrs.contains("*.jsonl merge=union"));
}

#[test]
fn a_torn_tail_is_reported_and_the_next_append_starts_a_new_line() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path());
    let path = j.append(&record("A", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "kept")).unwrap();
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(br#"{"v":1,"id":"B","rev":1,"at":"2026-11-2"#);
    fs::write(&path, bytes).unwrap();

    let loaded = j.load_all().unwrap();
    assert_eq!(texts(&loaded), vec!["kept"]);
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].line, Some(2));
    assert!(loaded.warnings[0].message.contains("incomplete"), "{:?}", loaded.warnings);

    j.append(&record("C", 1, "2026-11-27T22:00:00+01:00", "2026-11-27", "after")).unwrap();
    let loaded = j.load_all().unwrap();
    assert_eq!(texts(&loaded), vec!["kept", "after"]);
    assert_eq!(loaded.warnings.len(), 1, "only the torn line is damaged");
    assert_eq!(loaded.warnings[0].line, Some(2));
}

#[test]
fn a_bad_line_is_skipped_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path());
    let path = j.append(&record("A", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "one")).unwrap();
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("not json at all\n[1,2]\n{\"v\":1}\n");
    fs::write(&path, text).unwrap();
    j.append(&record("B", 1, "2026-11-27T22:00:00+01:00", "2026-11-27", "two")).unwrap();
    let loaded = j.load_all().unwrap();
    assert_eq!(texts(&loaded), vec!["one", "two"]);
    assert_eq!(loaded.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), vec![Some(2), Some(3), Some(4)]);
    assert!(loaded.warnings[0].message.contains("not a journal record"));
}

#[test]
fn the_highest_revision_wins_then_the_later_time_then_the_later_line() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path());
    j.append(&record("A", 2, "2026-11-27T21:00:00+01:00", "2026-11-27", "rev two")).unwrap();
    j.append(&record("A", 1, "2026-11-28T21:00:00+01:00", "2026-11-27", "rev one, later")).unwrap();
    j.append(&record("B", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "b early")).unwrap();
    j.append(&record("B", 1, "2026-11-27T20:00:00+01:00", "2026-11-27", "b earlier")).unwrap();
    j.append(&record("C", 1, "2026-11-27T23:00:00+01:00", "2026-11-27", "c first line")).unwrap();
    j.append(&record("C", 1, "2026-11-27T23:00:00+01:00", "2026-11-27", "c second line")).unwrap();
    let loaded = j.load_all().unwrap();
    assert_eq!(texts(&loaded), vec!["rev two", "b early", "c second line"]);
}

#[test]
fn sync_conflict_copies_are_merged_without_double_counting() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path());
    let path = j.append(&record("A", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "shared")).unwrap();
    let copy = path.with_file_name("2026-11.sync-conflict-20261128-101010-ABCDEFG.jsonl");
    let dropbox = path.with_file_name("2026-11 (laptop's conflicted copy 2026-11-28).jsonl");
    fs::copy(&path, &copy).unwrap();
    fs::copy(&path, &dropbox).unwrap();
    // Each machine then wrote on its own.
    let line = |r: &Record| format!("{}\n", serde_json::to_string(r).unwrap());
    let mut text = fs::read_to_string(&copy).unwrap();
    text.push_str(&line(&record("B", 1, "2026-11-28T09:00:00+01:00", "2026-11-28", "from phone")));
    text.push_str(&line(&record("A", 2, "2026-11-28T09:30:00+01:00", "2026-11-27", "shared, edited")));
    fs::write(&copy, text).unwrap();
    j.append(&record("C", 1, "2026-11-28T10:00:00+01:00", "2026-11-28", "from laptop")).unwrap();

    let months = j.months().unwrap();
    assert_eq!(months.len(), 1);
    assert_eq!(months[0].files.len(), 3);
    let loaded = j.load_all().unwrap();
    assert_eq!(texts(&loaded), vec!["shared, edited", "from phone", "from laptop"]);
}

#[test]
fn records_of_a_newer_version_are_counted_not_shown_and_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path());
    let path = j.append(&record("A", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "old")).unwrap();
    let future = "{\"v\":2,\"id\":\"Z\",\"shape\":\"new\"}\n";
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(future);
    fs::write(&path, &text).unwrap();
    let loaded = j.load_all().unwrap();
    assert_eq!(loaded.newer, 1);
    assert!(loaded.warnings.is_empty());
    j.append(&record("B", 1, "2026-11-27T22:00:00+01:00", "2026-11-27", "new")).unwrap();
    assert!(fs::read_to_string(&path).unwrap().starts_with(&text));
}

#[test]
fn load_range_reads_only_the_months_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path());
    j.append(&record("A", 1, "2026-09-01T21:00:00+01:00", "2026-09-01", "sept")).unwrap();
    j.append(&record("B", 1, "2026-11-01T21:00:00+01:00", "2026-11-01", "nov")).unwrap();
    let from = NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    assert_eq!(texts(&j.load_range(from, to).unwrap()), vec!["nov"]);
}

#[test]
fn month_keys_come_from_file_names() {
    assert_eq!(read::month_key("2026-11.jsonl").as_deref(), Some("2026-11"));
    assert_eq!(read::month_key("2026-11 (conflicted copy).jsonl").as_deref(), Some("2026-11"));
    assert_eq!(read::month_key("2026-111.jsonl"), None);
    assert_eq!(read::month_key("notes.jsonl"), None);
}

#[test]
fn drafts_round_trip_and_are_private() {
    use draft::Draft;
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path());
    let d = Draft {
        pack: "daily".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        started: DateTime::parse_from_rfc3339("2026-11-27T21:00:00+01:00").unwrap(),
        plan: vec!["a".into(), "b".into()],
        answers: vec![],
    };
    let path = j.save_draft(&d).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let drafts = j.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].1.as_ref().unwrap(), &d);
    assert!(j.load_all().unwrap().records.is_empty(), "drafts are not journal records");
    Journal::remove_draft(&path).unwrap();
    assert!(j.drafts().unwrap().is_empty());
}
