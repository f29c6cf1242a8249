use std::fs;
use std::os::unix::fs::PermissionsExt;

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::core::entry::{Answer, RECORD_VERSION};

fn record(id: &str, rev: u32, at: &str, date: &str, text: &str) -> Record {
    Record {
        v: RECORD_VERSION,
        id: ulid_like(id),
        rev,
        at: DateTime::parse_from_rfc3339(at).unwrap(),
        edited: None,
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

/// A valid ULID that ends with the readable name `id` (letters outside ULID's alphabet
/// become X), so that records pass the reader's check and tests stay legible.
fn ulid_like(id: &str) -> String {
    format!("{:0>26}", id.replace(['I', 'L', 'O', 'U'], "X"))
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
    let loaded = j.scan(&Query::all()).unwrap();
    assert_eq!(loaded.records, vec![a, b]);
    assert!(loaded.warnings.is_empty());
    let text = fs::read_to_string(&pa).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.ends_with('\n'));
}

/// A search reads every way JSON may spell its words: `\/` is `/` as much as `\u0041` is `A`.
#[test]
fn a_search_finds_words_spelled_with_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_in(dir.path().join("journal"));
    let slash =
        record("01ARZ3NDEKTSV4RRFFQ69G5FAV", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "Fixed CI/CD");
    let letter =
        record("01ARZ3NDEKTSV4RRFFQ69G5FAW", 1, "2026-11-27T22:00:00+01:00", "2026-11-27", "Fixed it");
    let lines = [
        serde_json::to_string(&slash).unwrap().replace("CI/CD", "CI\\/CD"),
        serde_json::to_string(&letter).unwrap().replace("Fixed", "Fi\\u0078ed"),
    ];
    fs::create_dir_all(dir.path().join("journal/2026")).unwrap();
    fs::write(dir.path().join("journal/2026/2026-11.jsonl"), lines.join("\n") + "\n").unwrap();
    let found = |words| j.scan(&Query::all().need(Need::Words(words))).unwrap().records;
    assert_eq!(found("ci/cd"), vec![slash.clone()]);
    assert_eq!(found("fixed"), vec![slash, letter.clone()]);
    assert_eq!(found("fixed it"), vec![letter]);
    assert!(found("ci/cd/x").is_empty());
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

    let loaded = j.scan(&Query::all()).unwrap();
    assert_eq!(texts(&loaded), vec!["kept"]);
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].line, Some(2));
    assert!(loaded.warnings[0].message.contains("incomplete"), "{:?}", loaded.warnings);

    j.append(&record("C", 1, "2026-11-27T22:00:00+01:00", "2026-11-27", "after")).unwrap();
    let loaded = j.scan(&Query::all()).unwrap();
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
    let loaded = j.scan(&Query::all()).unwrap();
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
    let loaded = j.scan(&Query::all()).unwrap();
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
    let loaded = j.scan(&Query::all()).unwrap();
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
    let loaded = j.scan(&Query::all()).unwrap();
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
    assert_eq!(texts(&j.scan(&Query::dated(from, to)).unwrap()), vec!["nov"]);
}

#[test]
fn month_keys_come_from_file_names() {
    assert_eq!(listing::month_key("2026-11.jsonl").as_deref(), Some("2026-11"));
    assert_eq!(listing::month_key("2026-11 (conflicted copy).jsonl").as_deref(), Some("2026-11"));
    assert_eq!(listing::month_key("2026-111.jsonl"), None);
    assert_eq!(listing::month_key("notes.jsonl"), None);
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
    assert!(j.scan(&Query::all()).unwrap().records.is_empty(), "drafts are not journal records");
    Journal::remove_draft(&path).unwrap();
    assert!(j.drafts().unwrap().is_empty());
}

mod torture {
    use super::*;
    use proptest::prelude::*;

    /// A journal file of `n` records, and the records.
    fn month_file(dir: &Path, n: usize) -> (PathBuf, Vec<Record>) {
        let j = Journal::open_in(dir);
        let mut records = Vec::new();
        let mut path = PathBuf::new();
        for i in 0..n {
            let r = record(
                &format!("ID{i:03}"),
                1,
                "2026-11-27T21:00:00+01:00",
                "2026-11-27",
                &format!("words é {i} ✓"),
            );
            path = j.append(&r).unwrap();
            records.push(r);
        }
        (path, records)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// A crash mid-write leaves a prefix of the last record: every earlier record is still
        /// read, the torn line is reported, and the next append is readable.
        #[test]
        fn a_cut_anywhere_in_the_last_record_loses_only_that_record(cut in 0usize..1000) {
            let dir = tempfile::tempdir().unwrap();
            let (path, records) = month_file(dir.path(), 4);
            let bytes = fs::read(&path).unwrap();
            let last_start = bytes[..bytes.len() - 1].iter().rposition(|b| *b == b'\n').unwrap() + 1;
            let cut = last_start + cut % (bytes.len() - last_start);
            fs::write(&path, &bytes[..cut]).unwrap();
            let j = Journal::open_in(dir.path());
            let loaded = j.scan(&Query::all()).unwrap();
            prop_assert_eq!(&loaded.records[..3], &records[..3]);
            let extra = record("NEW", 1, "2026-11-27T22:00:00+01:00", "2026-11-27", "after the crash");
            j.append(&extra).unwrap();
            let loaded = j.scan(&Query::all()).unwrap();
            prop_assert!(loaded.records.contains(&extra));
            prop_assert!(loaded.records.iter().take(3).eq(records[..3].iter()));
        }

        /// Flipped bytes damage at most the lines they fall in; nothing panics.
        #[test]
        fn flipped_bytes_damage_only_their_own_lines(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let dir = tempfile::tempdir().unwrap();
            let (path, records) = month_file(dir.path(), 6);
            let mut bytes = fs::read(&path).unwrap();
            let original = bytes.clone();
            let mut touched_lines = std::collections::HashSet::new();
            for (at, value) in flips {
                let i = at.index(bytes.len());
                bytes[i] ^= value.max(1);
                touched_lines.insert(original[..i].iter().filter(|b| **b == b'\n').count());
                if original[i] == b'\n' {
                    // A newline turned into something else joins two lines.
                    touched_lines.insert(original[..i].iter().filter(|b| **b == b'\n').count() + 1);
                }
            }
            fs::write(&path, &bytes).unwrap();
            let loaded = Journal::open_in(dir.path()).scan(&Query::all()).unwrap();
            let now: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
            for (line, r) in records.iter().enumerate() {
                // A flip that turns a touched line's id into this one's makes it a revision of
                // this entry, one that disagrees with it (the later line wins): not a loss.
                let forged = touched_lines.iter().any(|t| {
                    *t != line && now.get(*t).is_some_and(|l| memchr::memmem::find(l, r.id.as_bytes()).is_some())
                });
                if !touched_lines.contains(&line) && !forged {
                    prop_assert!(loaded.records.contains(r), "line {} was not touched but is gone", line + 1);
                }
            }
        }

        /// Any bytes at all: no panic, and the valid record after them is read.
        #[test]
        fn garbage_never_panics(garbage in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let dir = tempfile::tempdir().unwrap();
            let j = Journal::open_in(dir.path());
            let path = j.month_path(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &garbage).unwrap();
            let r = record("GOOD", 1, "2026-11-27T21:00:00+01:00", "2026-11-27", "still here");
            j.append(&r).unwrap();
            let loaded = j.scan(&Query::all()).unwrap();
            prop_assert!(loaded.records.contains(&r));
            let _ = j.check().unwrap();
        }
    }

    #[test]
    fn every_kind_of_garbage_is_a_warning_and_the_rest_loads() {
        let dir = tempfile::tempdir().unwrap();
        let (path, records) = month_file(dir.path(), 2);
        let mut bytes = fs::read(&path).unwrap();
        let huge = format!("{{\"v\":1,\"id\":\"HUGE\",\"x\":\"{}\"", "a".repeat(10 * 1024 * 1024));
        for junk in [
            b"[1,2,3]".to_vec(),
            b"{\"v\":1,\"rev\":1,\"at\":\"2026-11-27T21:00:00+01:00\",\"date\":\"2026-11-27\"}".to_vec(),
            vec![0xff, 0xfe, 0x00, 0x80, b'{'],
            b"{\"v\":1,\"id\":\"\xff\xfe\",\"rev\":1}".to_vec(),
            huge.into_bytes(),
            b"null".to_vec(),
        ] {
            bytes.extend_from_slice(&junk);
            bytes.push(b'\n');
        }
        fs::write(&path, &bytes).unwrap();
        // An empty month file and a 0-byte conflict copy beside it.
        fs::write(path.with_file_name("2026-10.jsonl"), b"").unwrap();
        fs::write(path.with_file_name("2026-11.sync-conflict-X.jsonl"), b"\n\n").unwrap();
        let j = Journal::open_in(dir.path());
        let r = record("LAST", 1, "2026-11-27T23:00:00+01:00", "2026-11-27", "after the junk");
        j.append(&r).unwrap();
        let loaded = j.scan(&Query::all()).unwrap();
        assert_eq!(loaded.records.len(), 3);
        assert!(loaded.records.starts_with(&records));
        assert_eq!(
            loaded.warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
            (3..=8).map(Some).collect::<Vec<_>>()
        );
    }

    #[test]
    fn repair_moves_damaged_bytes_aside_and_loses_none() {
        let dir = tempfile::tempdir().unwrap();
        let (path, records) = month_file(dir.path(), 3);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"garbage in the middle\n");
        let copy = path.with_file_name("2026-11 (conflicted copy).jsonl");
        fs::write(&copy, &bytes).unwrap();
        let j = Journal::open_in(dir.path());
        let later = record("LATER", 1, "2026-11-27T23:00:00+01:00", "2026-11-27", "written after");
        fs::write(&path, &bytes).unwrap();
        j.append(&later).unwrap();
        let mut torn = fs::read(&path).unwrap();
        torn.extend_from_slice(b"{\"v\":1,\"id\":\"TOR");
        fs::write(&path, &torn).unwrap();
        let before: Vec<u8> = torn.clone();

        let health = j.check().unwrap();
        // The copy, a damaged line in each file, the torn tail, and two loose permissions
        // (the temporary folder and the copy written by `fs::write`).
        assert_eq!(health.problems.len(), 6, "{:?}", health.problems);
        let done = j.repair().unwrap();
        assert_eq!(done.done.len(), 4, "fold, quarantine, two permissions: {done:?}");
        assert!(done.failed.is_empty(), "{done:?}");
        assert!(j.check().unwrap().problems.is_empty());

        let loaded = j.scan(&Query::all()).unwrap();
        let mut want = records.clone();
        want.push(later);
        assert_eq!(loaded.records, want);
        let quarantine = fs::read(path.with_file_name("2026-11.jsonl.quarantine")).unwrap();
        let after = fs::read(&path).unwrap();
        // Every line that was in the month file is in the month file or the quarantine.
        for line in before.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let holds = |bytes: &[u8]| bytes.split(|b| *b == b'\n').any(|l| l == line);
            assert!(holds(&after) || holds(&quarantine), "lost: {}", String::from_utf8_lossy(line));
        }
        assert_eq!(fs::read(copy.with_file_name("2026-11 (conflicted copy).jsonl.merged")).unwrap(), bytes);
        assert!(!path.with_file_name("2026-11.jsonl.before-repair").exists());
    }
}

/// Every fast way of reading (byte prefilters, date cuts, months on several cores, newest
/// months first, a kept window) gives what a plain parse of every line, filtered afterwards,
/// gives: on random journals with revisions, deletions, sync-conflict copies, misfiled
/// records, damaged lines, JSON escapes and Greek and Turkish text.
mod fast_equals_plain {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "zebra crossing",
        "Zebra",
        "ΟΔΟΣ",
        "οδός",
        "İstanbul",
        "ılık",
        "commitment",
        "handed off",
        "trust",
        "ß",
        "CI/CD",
    ];

    /// One line to write: which id (its date follows from it), its revision, time, whether a
    /// tombstone, its words, whether it makes or settles a commitment, which file
    /// (0–2 the month's own, 3 a sync-conflict copy, 4 another month's: misfiled) and
    /// whether its letters are written as JSON escapes.
    #[derive(Debug, Clone)]
    struct Spec {
        id: usize,
        rev: u32,
        minute: u32,
        deleted: bool,
        words: Vec<usize>,
        promise: u8,
        file: u8,
        escaped: bool,
    }

    fn spec() -> impl Strategy<Value = Spec> {
        (
            0usize..14,
            1u32..4,
            0u32..3,
            proptest::bool::weighted(0.15),
            proptest::collection::vec(0..WORDS.len(), 0..4),
            0u8..4,
            0u8..5,
            proptest::bool::weighted(0.15),
        )
            .prop_map(|(id, rev, minute, deleted, words, promise, file, escaped)| Spec {
                id,
                rev,
                minute,
                deleted,
                words,
                promise,
                file,
                escaped,
            })
    }

    fn id_of(i: usize) -> String {
        // Letters of ULID's alphabet, so no two entries share an id.
        ulid_like(&format!("E{}", &"ABCDEFGHJKMNPQRSTVWXYZ"[i..=i]))
    }

    /// Entries' dates spread over four months; every revision of an entry keeps its date.
    fn date_of(i: usize) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 8, 3).unwrap() + chrono::Days::new(9 * i as u64)
    }

    fn build(spec: &Spec) -> Record {
        let date = date_of(spec.id);
        let at = format!("{date}T21:0{}:00+01:00", spec.minute);
        let text: Vec<&str> = spec.words.iter().map(|w| WORDS[*w]).collect();
        let mut r = record("X", spec.rev, &at, &date.to_string(), &text.join(" "));
        r.id = id_of(spec.id);
        r.deleted = spec.deleted;
        match spec.promise {
            1 => r.answers.push(Answer {
                prompt: "tomorrow".into(),
                kind: "commitment".into(),
                question: "Q".into(),
                text: Some("Ask Sam first".into()),
                ..Answer::default()
            }),
            2 => r.answers.push(Answer {
                kind: "follow-up".into(),
                question: "Q".into(),
                commitment: Some(format!("{}:tomorrow", id_of((spec.id + 1) % 14))),
                status: Some("done".into()),
                ..Answer::default()
            }),
            _ => {}
        }
        r
    }

    const DAMAGE: &[&str] = &[
        "{not json",
        "{\"v\":1,\"date\":\"2026-09-01\",\"id\":",
        "\u{feff}",
        "   ",
        "{\"v\":99,\"id\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\",\"date\":\"2026-08-20\"}",
    ];

    fn write_journal(dir: &Path, specs: &[Spec], damage: &[(usize, usize)]) {
        let mut files: std::collections::BTreeMap<PathBuf, Vec<String>> = Default::default();
        let j = Journal::open_in(dir);
        for s in specs {
            let r = build(s);
            let own = j.month_path(r.date);
            let path = match s.file {
                3 => own.with_file_name(format!("{} (conflicted copy).jsonl", &r.date.to_string()[..7])),
                4 => j.month_path(r.date + chrono::Days::new(40)),
                _ => own,
            };
            let mut line = serde_json::to_string(&r).unwrap();
            if s.escaped {
                // The same record, its letters spelled as escapes (as another tool may write).
                line = line
                    .replace("Zebra", "\\u005aebra")
                    .replace("trust", "tr\\u0075st")
                    .replace("CI/CD", "CI\\/CD");
            }
            files.entry(path).or_default().push(line);
        }
        let count = files.len().max(1);
        for (at, which) in damage {
            if let Some((_, lines)) = files.iter_mut().nth(at % count) {
                let i = at % (lines.len() + 1);
                lines.insert(i, DAMAGE[which % DAMAGE.len()].to_string());
            }
        }
        for (path, lines) in files {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, lines.join("\n") + "\n").unwrap();
        }
    }

    fn well_filed(specs: &[Spec]) -> Vec<Spec> {
        specs.iter().map(|s| Spec { file: s.file % 4, ..s.clone() }).collect()
    }

    /// Two entries' ids and one no entry has (for `Need::Ids`).
    fn ids() -> &'static [String] {
        static IDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        IDS.get_or_init(|| vec![id_of(1), id_of(4), ulid_like("NOBODY")])
    }

    fn queries() -> Vec<Query<'static>> {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let needs = [
            Need::Records,
            Need::Commitments,
            Need::CommitmentsBefore(d(9, 15)),
            Need::Words("zebra"),
            Need::Words("οδός"),
            Need::Words("istanbul"),
            Need::Words("i̇stanbul"),
            Need::Words("trust"),
            Need::Words("ci/cd"),
            Need::IdPrefix("0000000000000000000000"),
            Need::IdPrefix("00000000000000000000000EC"),
            Need::Ids(ids()),
        ];
        let ranges =
            [(None, None), (Some(d(8, 20)), Some(d(9, 30))), (Some(d(10, 1)), None), (None, Some(d(8, 3)))];
        let mut out = Vec::new();
        for need in needs {
            for (from, to) in ranges {
                out.push(Query { from, to, need });
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn every_query_reads_the_same_records_as_a_plain_parse(
            specs in proptest::collection::vec(spec(), 0..40),
            damage in proptest::collection::vec((0usize..100, 0usize..10), 0..4),
        ) {
            let dir = tempfile::tempdir().unwrap();
            write_journal(dir.path(), &specs, &damage);
            // A record filed in another month's file (doctor warns, and `--repair` moves it) is
            // found by reads of the month of its file: a read of a range finds it only there.
            let filed = tempfile::tempdir().unwrap();
            write_journal(filed.path(), &well_filed(&specs), &damage);
            for q in queries() {
                let ranged = q.from.is_some() || q.to.is_some();
                let j = Journal::open_in(if ranged { filed.path() } else { dir.path() });
                let plain = j.scan_plain(&q).unwrap();
                let fast = j.scan(&q).unwrap();
                prop_assert_eq!(&fast.records, &plain.records, "scan {:?}", q);
                if q.from.is_none() && q.to.is_none() {
                    prop_assert_eq!(&fast.warnings, &plain.warnings, "warnings of {:?}", q);
                    prop_assert_eq!(fast.newer, plain.newer);
                }
                if let (Some(from), Some(to)) = (q.from, q.to) {
                    let window = j.window(from, to).unwrap().scan(&q);
                    prop_assert_eq!(&window.records, &plain.records, "window {:?}", q);
                }
            }
        }

        #[test]
        fn the_newest_entries_are_the_plain_newest(
            specs in proptest::collection::vec(spec(), 0..40),
            damage in proptest::collection::vec((0usize..100, 0usize..10), 0..3),
            n in 1usize..12,
        ) {
            // Months are read newest first, so a misfiled record is found in its file's month.
            let dir = tempfile::tempdir().unwrap();
            write_journal(dir.path(), &well_filed(&specs), &damage);
            let j = Journal::open_in(dir.path());
            let newest = |records: Vec<Record>| {
                let mut live: Vec<Record> = records.into_iter().filter(|r| !r.deleted).collect();
                live.sort_by_key(|r| std::cmp::Reverse((r.date, r.at)));
                // Entries written at the same minute may come in either order: compare times.
                live.into_iter().map(|r| (r.date, r.at)).take(n).collect::<Vec<_>>()
            };
            let mut batches = j.newest_first(Query::all(), Some(n)).unwrap();
            let mut got = Vec::new();
            while got.iter().filter(|r: &&Record| !r.deleted).count() < n {
                let Some(batch) = batches.next() else { break };
                let live = batch.records.iter().filter(|r| !r.deleted).count();
                got.extend(batch.records);
                batches.took(live);
            }
            let plain = j.scan_plain(&Query::all()).unwrap();
            prop_assert_eq!(newest(got), newest(plain.records));
        }
    }
}
