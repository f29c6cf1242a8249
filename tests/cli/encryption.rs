//! Encryption at rest (`coachlog encrypt`, `decrypt`, `key`): a week of use, a second
//! machine, a diverged copy, tampering, passphrases without a terminal, and not one word of
//! the journal left in clear under the journal or cache folders.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{DAILY_ANSWERS, Env, jsonl_files, mode, ok, stderr, stdout};

/// Every regular file under `dir`, with its bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        let meta = fs::symlink_metadata(&p).unwrap();
        if meta.is_dir() {
            out.extend(files_under(&p));
        } else if meta.is_file() {
            out.push((p.clone(), fs::read(&p).unwrap()));
        }
    }
    out
}

/// Fails naming the file when one of `words` is in the bytes (or the name) of a file under
/// the journal or the cache folder.
fn assert_no_words(env: &Env, words: &[&str]) {
    let roots = [env.journal(), env.home().join(".cache")];
    let mut seen = 0;
    for root in &roots {
        for (path, bytes) in files_under(root) {
            seen += 1;
            for word in words {
                let w = word.as_bytes();
                let lower = bytes.to_ascii_lowercase();
                assert!(
                    !lower.windows(w.len()).any(|x| x == w.to_ascii_lowercase().as_slice()),
                    "`{word}` is in clear in {}",
                    path.display()
                );
                assert!(
                    !path.to_string_lossy().to_lowercase().contains(&word.to_lowercase()),
                    "`{word}` is in the name {}",
                    path.display()
                );
            }
        }
    }
    assert!(seen > 3, "the journal and cache hold files to look at");
}

/// `list --json` as (id, first answer text) pairs, sorted.
fn entries(env: &Env) -> Vec<(String, String)> {
    let out = ok(env.cmd().args(["list", "-n", "1000", "--json"]).output().unwrap());
    let list: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|e| {
            let text = e["answers"].as_array().unwrap().iter().find_map(|a| a["text"].as_str()).unwrap_or("");
            (e["id"].as_str().unwrap().to_string(), text.to_string())
        })
        .collect();
    v.sort();
    v
}

fn lines_of(path: &Path) -> Vec<String> {
    fs::read_to_string(path).unwrap().lines().map(str::to_string).collect()
}

fn month(env: &Env, key: &str) -> PathBuf {
    env.journal().join(&key[..4]).join(format!("{key}.jsonl"))
}

fn add(env: &Env, text: &str, date: &str) {
    ok(env.cmd().args(["add", text, "--date", date]).output().unwrap());
}

#[test]
fn a_week_encrypted_keeps_every_entry_and_decrypting_gives_them_back() {
    let env = Env::new();
    add(&env, "Maria is struggling with the on-call rota #offsite", "2026-11-23");
    let answers = env.write("daily.toml", DAILY_ANSWERS);
    ok(env.cmd().args(["today", "--date", "2026-11-23", "--answers"]).arg(&answers).output().unwrap());
    let before = entries(&env);

    let out = ok(env.cmd().arg("encrypt").output().unwrap());
    assert!(out.contains("Encrypted") && out.contains("sealed 2 entries"), "{out}");
    assert!(out.contains("Back that file up"), "{out}");
    let identity = env.config_dir().join("identity.txt");
    assert_eq!(mode(&identity), 0o600);
    let keys: Vec<PathBuf> =
        fs::read_dir(env.journal().join("keys")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(keys.len(), 1, "{keys:?}");
    for line in lines_of(&month(&env, "2026-11")) {
        assert!(line.starts_with(r#"{"v":2,"id":""#) && line.contains(r#""sealed":""#), "{line}");
    }
    assert_eq!(entries(&env), before, "every entry reads the same once sealed");

    // A week of use: sessions, quick notes, an edit, a deletion, an import.
    add(&env, "Priya ran the retro; I said nothing for twenty minutes #offsite", "2026-11-24");
    ok(env.cmd().args(["today", "--date", "2026-11-25", "--answers"]).arg(&answers).output().unwrap());
    let priya = entries(&env).into_iter().find(|(_, t)| t.contains("Priya")).unwrap().0;
    ok(env.cmd().env("EDITOR", "sed -i s/twenty/thirty/").args(["edit", &priya]).output().unwrap());
    let maria = entries(&env).into_iter().find(|(_, t)| t.contains("Maria")).unwrap().0;
    ok(env.cmd().args(["delete", "--yes", &maria]).output().unwrap());
    let jrnl = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jrnl.json");
    ok(env.cmd().args(["import", "--from", "jrnl"]).arg(&jrnl).output().unwrap());
    ok(env.cmd().args(["import", "--from", "jrnl"]).arg(&jrnl).output().unwrap());

    let show = ok(env.cmd().args(["show", &priya]).output().unwrap());
    assert!(show.contains("thirty minutes"), "{show}");
    let found = ok(env.cmd().args(["list", "--search", "thirty minutes"]).output().unwrap());
    assert_eq!(found.lines().count(), 1, "{found}");
    let deleted = ok(env.cmd().args(["list", "--deleted"]).output().unwrap());
    assert!(deleted.contains("Maria"), "{deleted}");
    let week: serde_json::Value = serde_json::from_str(&ok(env
        .cmd()
        .args(["week", "--date", "2026-11-25", "--json"])
        .output()
        .unwrap()))
    .unwrap();
    assert_eq!(week["days_journaled"], 3, "{week}");
    ok(env.cmd().arg("summary").output().unwrap());
    ok(env.cmd().arg("people").output().unwrap());
    ok(env.cmd().args(["person", "Maria"]).output().unwrap());
    let doctor = ok(env.cmd().arg("doctor").output().unwrap());
    assert!(doctor.contains("All well") && doctor.contains("every one sealed"), "{doctor}");
    let export = env.cmd().args(["export", "--format", "md"]).output().unwrap();
    assert!(stdout(&export).contains("thirty minutes"));
    assert!(stderr(&export).contains("this export is plain text"), "{}", stderr(&export));

    // Not a word of it in clear, not even a pack's name or a tag, under the journal or cache.
    assert_no_words(
        &env,
        &["Maria", "Priya", "thirty", "on-call", "Shipped", "deploy", "offsite", "daily", "quick", "flaky"],
    );

    let sealed = entries(&env);
    let out = ok(env.cmd().args(["decrypt", "--yes"]).output().unwrap());
    assert!(out.contains("Decrypted"), "{out}");
    assert_eq!(entries(&env), sealed, "every entry intact after decrypting");
    let text = fs::read_to_string(month(&env, "2026-11")).unwrap();
    assert!(text.contains("thirty minutes") && !text.contains("\"sealed\""), "{text}");
    // New entries are plain again.
    add(&env, "a plain note after decrypting", "2026-11-27");
    assert!(fs::read_to_string(month(&env, "2026-11")).unwrap().contains("a plain note after decrypting"));

    // Both conversions are idempotent.
    let again = ok(env.cmd().args(["decrypt", "--yes"]).output().unwrap());
    assert!(again.contains("plain text already"), "{again}");
    let key_id = |env: &Env| -> Option<String> {
        lines_of(&month(env, "2026-11"))
            .iter()
            .find_map(|l| l.split(r#""key":""#).nth(1).map(|r| r[..16].to_string()))
    };
    ok(env.cmd().arg("encrypt").output().unwrap());
    let first = key_id(&env).unwrap();
    let again = ok(env.cmd().arg("encrypt").output().unwrap());
    assert!(again.contains("sealed already"), "{again}");
    assert_eq!(key_id(&env).unwrap(), first);
    assert_eq!(entries(&env).len(), sealed.len() + 1);
}

#[test]
fn a_second_machine_with_its_own_key_reads_and_merges_a_diverged_copy() {
    let a = Env::new();
    add(&a, "Sam offered to own the release train", "2026-11-20");
    ok(a.cmd().arg("encrypt").output().unwrap());

    // The journal folder reaches the laptop; its own identity does not open it yet.
    let b = Env::new();
    copy_dir(&a.journal(), &b.journal());
    let out = b.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error:") && stderr(&out).contains("coachlog key show"),
        "{}",
        stderr(&out)
    );
    let public = ok(b.cmd().args(["key", "show"]).output().unwrap()).trim().to_string();
    assert!(public.starts_with("age1"), "{public}");
    ok(a.cmd().args(["key", "add", &public, "--name", "laptop"]).output().unwrap());
    let listed = ok(a.cmd().args(["key", "list"]).output().unwrap());
    assert!(listed.contains("laptop") && listed.contains("this machine's identity"), "{listed}");
    fs::copy(a.journal().join("keys/laptop.age"), b.journal().join("keys/laptop.age")).unwrap();
    let seen = ok(b.cmd().arg("list").output().unwrap());
    assert!(seen.contains("Sam offered"), "{seen}");

    // Both write while apart; the sync tool leaves the laptop's month as a conflict copy.
    add(&a, "Desk: told Maria the plan for Q1", "2026-11-21");
    add(&b, "Laptop: Tom asked to lead the incident review", "2026-11-21");
    fs::copy(month(&b, "2026-11"), a.journal().join("2026/2026-11.sync-conflict-20261121-LAPTOP.jsonl"))
        .unwrap();
    let merged = entries(&a);
    assert_eq!(merged.len(), 3, "{merged:?}");
    assert!(
        merged.iter().any(|(_, t)| t.contains("Tom asked")) && merged.iter().any(|(_, t)| t.contains("Q1"))
    );
    let out = a.cmd().arg("list").output().unwrap();
    assert!(stderr(&out).is_empty(), "no warnings: {}", stderr(&out));
    // Folding the copy keeps it sealed, and nothing is lost or doubled.
    ok(a.cmd().args(["doctor", "--repair"]).output().unwrap());
    assert_eq!(entries(&a), merged);
    for f in jsonl_files(&a.journal()) {
        for line in lines_of(&f) {
            assert!(line.contains(r#""sealed":""#), "{}: {line}", f.display());
        }
    }
    // A git union merge (both sides' lines) reads the same.
    let mut union = fs::read_to_string(month(&b, "2026-11")).unwrap();
    union.push_str(&fs::read_to_string(month(&a, "2026-11")).unwrap());
    fs::write(month(&b, "2026-11"), union).unwrap();
    assert_eq!(entries(&b), merged);
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_flipped_byte_a_moved_line_or_another_keys_line_is_one_warning_never_a_wrong_entry() {
    let env = Env::new();
    add(&env, "October: first one-on-one with Ana", "2026-10-12");
    add(&env, "November: Ana took over the planning", "2026-11-10");
    add(&env, "November: trusted Ben with the budget", "2026-11-11");
    ok(env.cmd().arg("encrypt").output().unwrap());
    let other = Env::new();
    add(&other, "A line from someone else's journal", "2026-11-12");
    ok(other.cmd().arg("encrypt").output().unwrap());

    let nov = month(&env, "2026-11");
    let oct = month(&env, "2026-10");
    let mut lines = lines_of(&nov);
    // 1: a byte flipped inside the seal of line 1.
    let at = lines[0].len() - 20;
    let flipped = if lines[0].as_bytes()[at] == b'A' { "B" } else { "A" };
    lines[0].replace_range(at..=at, flipped);
    // 3: October's line moved into November's file; 4: a line of another journal's key.
    lines.push(lines_of(&oct)[0].clone());
    lines.push(lines_of(&month(&other, "2026-11"))[0].clone());
    fs::write(&nov, lines.join("\n") + "\n").unwrap();
    fs::write(&oct, "").unwrap();

    let out = env.cmd().args(["list", "-n", "100"]).output().unwrap();
    assert!(out.status.success());
    let shown = stdout(&out);
    assert_eq!(shown.lines().count(), 1, "only the untouched entry is shown: {shown}");
    assert!(shown.contains("trusted Ben"), "{shown}");
    let warnings = stderr(&out);
    let file = nov.display().to_string();
    assert!(warnings.contains(&format!("{file}:1: a sealed line that does not open")), "{warnings}");
    assert!(
        warnings.contains(&format!("{file}:3: a sealed line of the 2026-10 file, moved here")),
        "{warnings}"
    );
    assert!(warnings.contains(&format!("{file}:4: sealed with another journal key")), "{warnings}");
    assert_eq!(warnings.lines().filter(|l| l.starts_with("warning:")).count(), 3, "{warnings}");

    // A redated line does not open either.
    let mut lines = lines_of(&nov);
    lines[1] = lines[1].replace("2026-11-11", "2026-11-12");
    fs::write(&nov, lines.join("\n") + "\n").unwrap();
    let out = env.cmd().args(["list", "-n", "100"]).output().unwrap();
    assert!(!stdout(&out).contains("Ben"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!("{file}:2: a sealed line that does not open")),
        "{}",
        stderr(&out)
    );

    // doctor names each; repair quarantines only the altered lines, keeps the others.
    let doctor = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(doctor.status.code(), Some(1));
    let report = stdout(&doctor);
    assert!(report.contains("another journal key") && report.contains("moved here"), "{report}");
    let repair = env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert_eq!(repair.status.code(), Some(1), "the other key's line still needs a person");
    let left = lines_of(&nov);
    assert_eq!(left.len(), 1, "only the other key's line stays: {left:?}");
    let quarantine = lines_of(&PathBuf::from(format!("{file}.quarantine")));
    assert_eq!(quarantine.len(), 2, "{quarantine:?}");
    // The moved line is back in October's file, where it opens.
    let list = ok(env.cmd().args(["list", "-n", "100"]).output().unwrap());
    assert!(list.contains("first one-on-one with Ana"), "{list}");
}

#[test]
fn a_plain_line_slipped_into_an_encrypted_journal_is_not_shown_until_sealed() {
    let env = Env::new();
    add(&env, "The real entry about Kofi", "2026-11-20");
    ok(env.cmd().arg("encrypt").output().unwrap());
    let id = entries(&env)[0].0.clone();
    let forged = format!(
        r#"{{"v":1,"id":"{id}","rev":2,"at":"2026-11-20T10:00:00+01:00","date":"2026-11-20","pack":"quick","answers":[{{"prompt":"note","theme":"","kind":"text","question":"Note","text":"FORGED"}}]}}"#
    );
    let nov = month(&env, "2026-11");
    let mut text = fs::read_to_string(&nov).unwrap();
    text.push_str(&forged);
    text.push('\n');
    fs::write(&nov, text).unwrap();
    let out = env.cmd().arg("list").output().unwrap();
    assert!(stdout(&out).contains("The real entry") && !stdout(&out).contains("FORGED"), "{}", stdout(&out));
    assert!(stderr(&out).contains(&format!("{}:2: a line in clear in an encrypted journal", nov.display())));
    let doctor = stdout(&env.cmd().arg("doctor").output().unwrap());
    assert!(doctor.contains("in clear"), "{doctor}");
}

#[test]
fn a_passphrase_is_read_from_the_command_and_without_one_there_is_no_guessing() {
    let env = Env::new();
    add(&env, "Before the passphrase", "2026-11-26");
    let good = "printf 'correct horse battery'";
    let out = env
        .cmd()
        .env("COACHLOG_PASSPHRASE_COMMAND", good)
        .args(["encrypt", "--passphrase"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("passphrase"), "{}", stdout(&out));
    assert!(env.journal().join("keys/passphrase.age").is_file());
    assert!(!env.config_dir().join("identity.txt").exists(), "no identity is made for a passphrase");

    // No terminal, no command: exit 2 and a way out.
    let out = env.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("error:") && err.contains("COACHLOG_PASSPHRASE_COMMAND"), "{err}");

    // A wrong passphrase: one error, nothing written.
    let nov = month(&env, "2026-11");
    let bytes = fs::read(&nov).unwrap();
    let out = env.cmd().env("COACHLOG_PASSPHRASE_COMMAND", "echo wrong").args(["add", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not open this journal"), "{}", stderr(&out));
    assert_eq!(fs::read(&nov).unwrap(), bytes, "nothing was written");
    // A command that fails says so.
    let out = env.cmd().env("COACHLOG_PASSPHRASE_COMMAND", "exit 3").args(["add", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("COACHLOG_PASSPHRASE_COMMAND"), "{}", stderr(&out));
    assert_eq!(fs::read(&nov).unwrap(), bytes);

    let out = env
        .cmd()
        .env("COACHLOG_PASSPHRASE_COMMAND", good)
        .args(["add", "After the passphrase"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = ok(env.cmd().env("COACHLOG_PASSPHRASE_COMMAND", good).arg("list").output().unwrap());
    assert!(listed.contains("Before the passphrase") && listed.contains("After the passphrase"), "{listed}");
    assert!(!fs::read_to_string(&nov).unwrap().contains("After the passphrase"));
}

#[test]
fn a_missing_keys_folder_hides_nothing_silently_and_writes_nothing_in_clear() {
    let env = Env::new();
    add(&env, "Sealed before keys went missing", "2026-11-20");
    add(&env, "A second sealed note", "2026-11-21");
    ok(env.cmd().arg("encrypt").output().unwrap());
    fs::rename(env.journal().join("keys"), env.dir.path().join("keys-elsewhere")).unwrap();
    // Not "no entries yet": an error that says what is missing.
    let out = env.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("no keys/ folder here"), "{}", stderr(&out));
    let nov = month(&env, "2026-11");
    let bytes = fs::read(&nov).unwrap();
    for args in [&["add", "Would be in clear"][..], &["add", "--date", "2026-10-02", "Nor in October"][..]] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("keys/"), "{}", stderr(&out));
    }
    assert_eq!(fs::read(&nov).unwrap(), bytes);
    assert!(!month(&env, "2026-10").exists());
    // Encrypting here would make a second key: refused, with what to do.
    let out = env.cmd().arg("encrypt").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("encrypted on another machine"), "{}", stderr(&out));
    // doctor says it once for the file, not once a line.
    let doctor = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(doctor.status.code(), Some(1));
    let report = stdout(&doctor);
    assert_eq!(report.matches("no key of this journal is open here").count(), 1, "{report}");
    assert!(report.contains("and 1 more line like it"), "{report}");
    // The repair leaves sealed lines alone.
    env.cmd().args(["doctor", "--repair"]).output().unwrap();
    assert_eq!(fs::read(&nov).unwrap(), bytes);
}

#[test]
fn the_identity_is_refused_inside_the_journal_and_doctor_finds_private_keys_there() {
    let env = Env::new();
    add(&env, "A note", "2026-11-20");
    let inside = env.journal().join("my-identity.txt");
    let out = env.cmd().env("COACHLOG_IDENTITY", &inside).arg("encrypt").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("inside the journal folder"), "{}", stderr(&out));
    assert!(!env.journal().join("keys").exists(), "nothing was encrypted");

    ok(env.cmd().arg("encrypt").output().unwrap());
    fs::copy(env.config_dir().join("identity.txt"), env.journal().join("backup-identity.txt")).unwrap();
    let doctor = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(doctor.status.code(), Some(1));
    assert!(stdout(&doctor).contains("holds a private key"), "{}", stdout(&doctor));
}

#[test]
fn a_line_sealed_after_decrypting_is_read_named_and_opened_by_decrypting_again() {
    let a = Env::new();
    add(&a, "Written before encrypting", "2026-11-20");
    ok(a.cmd().arg("encrypt").output().unwrap());
    // The same identity on a machine that has not heard of the decryption.
    let b = Env::new();
    copy_dir(&a.journal(), &b.journal());
    copy_dir(&a.config_dir(), &b.config_dir());
    ok(a.cmd().args(["decrypt", "--yes"]).output().unwrap());
    add(&b, "Sealed on the other machine", "2026-11-21");
    let line = lines_of(&month(&b, "2026-11")).pop().unwrap();
    let nov = month(&a, "2026-11");
    fs::write(&nov, fs::read_to_string(&nov).unwrap() + &line + "\n").unwrap();

    let list = ok(a.cmd().arg("list").output().unwrap());
    assert!(list.contains("Sealed on the other machine") && list.contains("Written before"), "{list}");
    add(&a, "Still written in clear", "2026-11-22");
    assert!(fs::read_to_string(&nov).unwrap().contains("Still written in clear"));
    let doctor = a.cmd().arg("doctor").output().unwrap();
    assert!(stdout(&doctor).contains("1 sealed line in a journal that was decrypted"), "{}", stdout(&doctor));
    let out = ok(a.cmd().args(["decrypt", "--yes"]).output().unwrap());
    assert!(out.contains("1 entry written back"), "{out}");
    assert!(fs::read_to_string(&nov).unwrap().contains("Sealed on the other machine"));
}

#[test]
fn encrypting_passes_over_links_and_fifos_and_never_writes_keys_through_a_link() {
    use std::os::unix::fs::symlink;
    let env = Env::new();
    add(&env, "A real note about Lotte", "2026-11-20");
    let elsewhere = env.dir.path().join("elsewhere.jsonl");
    fs::write(&elsewhere, "not the journal's\n").unwrap();
    symlink(&elsewhere, env.journal().join("2026/2026-10.jsonl")).unwrap();
    let fifo = env.journal().join("2026/2026-09.jsonl");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());

    // keys/ that is a link to a folder elsewhere: refused, nothing written there.
    let outside = env.dir.path().join("outside-keys");
    fs::create_dir_all(&outside).unwrap();
    symlink(&outside, env.journal().join("keys")).unwrap();
    let out = env.cmd().arg("encrypt").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("keys"), "{}", stderr(&out));
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
    fs::remove_file(env.journal().join("keys")).unwrap();

    let out = env.cmd().arg("encrypt").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("not a file: skipped"), "{}", stdout(&out));
    assert_eq!(
        fs::read_to_string(&elsewhere).unwrap(),
        "not the journal's\n",
        "a link is not written through"
    );
    assert!(!fs::read_to_string(month(&env, "2026-11")).unwrap().contains("Lotte"));
    assert!(ok(env.cmd().arg("list").output().unwrap()).contains("Lotte"));
}
