//! A hermetic environment per test: a temporary HOME with XDG folders inside it, a fixed
//! clock, and none of the caller's editor, colour or coachlog variables.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// Friday 27 November 2026, 21:00 in Paris.
pub const NOW: &str = "2026-11-27T21:00:00+01:00";

pub struct Env {
    pub dir: TempDir,
}

/// Where programs are found: the caller's `PATH`, the one thing kept of its environment.
fn search_path() -> String {
    std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into())
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("home")).unwrap();
        Env { dir }
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn journal(&self) -> PathBuf {
        self.home().join(".local/share/coachlog/journal")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home().join(".config/coachlog")
    }

    /// The environment every run gets.
    pub fn vars(&self) -> Vec<(String, String)> {
        let home = self.home();
        vec![
            ("HOME".into(), home.display().to_string()),
            ("XDG_CONFIG_HOME".into(), home.join(".config").display().to_string()),
            ("XDG_DATA_HOME".into(), home.join(".local/share").display().to_string()),
            ("XDG_CACHE_HOME".into(), home.join(".cache").display().to_string()),
            ("COACHLOG_NOW".into(), NOW.into()),
            ("TERM".into(), "xterm-256color".into()),
        ]
    }

    /// coachlog, run in this environment and no other: nothing of the caller's (a
    /// `COACHLOG_JOURNAL` of the person running the tests, an editor) reaches it.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("coachlog").unwrap();
        cmd.env_clear().env("PATH", search_path());
        for (k, v) in self.vars() {
            cmd.env(k, v);
        }
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Any program (a shell around coachlog, tmux), run in this environment and no other.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear().env("PATH", search_path());
        for (k, v) in self.vars() {
            cmd.env(k, v);
        }
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// coachlog as a std command, for pseudo-terminal tests.
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = self.command(env!("CARGO_BIN_EXE_coachlog"));
        cmd.args(args);
        cmd
    }

    /// Writes `text` at `rel` under the temp dir, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    /// Every journal line, parsed, in file then line order.
    pub fn records(&self) -> Vec<serde_json::Value> {
        let mut files = jsonl_files(&self.journal());
        files.sort();
        files
            .iter()
            .flat_map(|f| {
                fs::read_to_string(f)
                    .unwrap()
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect::<Vec<serde_json::Value>>()
            })
            .collect()
    }
}

pub fn jsonl_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(jsonl_files(&p));
        } else if p.extension().is_some_and(|x| x == "jsonl") {
            out.push(p);
        }
    }
    out
}

pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A complete answers file for the built-in daily pack.
pub const DAILY_ANSWERS: &str = r#"
[answers]
headline = "Shipped the release without being in every meeting."
did-myself = "Rewrote the deploy script; Sam could have owned it."
handed-off = "Asked Sam to run the release review; I only joined the last ten minutes."
let-them-decide = 4
people-followed = ["Maria", "Tom"]
idea-heard = "Maria suggested pairing on call."
told-the-story = "Not today"
tomorrow = "Ask Sam what he needs to own deploys."
"#;

/// What a run printed, once it is known to have succeeded: a test that reads the output of a
/// run that failed would be checking the wrong thing.
pub fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "the command failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
