//! Feeling native in a terminal: completions, man pages, colour, typos, config keys.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::{DAILY_ANSWERS, Env, ok, stderr, stdout};

fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: {tool} is not installed (.ci/run installs it)");
    }
    found
}

/// Runs `program args` with `input` on stdin; returns (success, stderr).
fn check(program: &str, args: &[&str], input: &str) -> (bool, String) {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn completions_are_valid_scripts_that_know_packs_and_themes() {
    let env = Env::new();
    env.write(
        "home/.config/coachlog/prompts/retro.toml",
        "[pack]\nid = \"retro\"\ntitle = \"Retro\"\n[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\n",
    );
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = env.cmd().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in ["today", "reflect", "summary", "theme"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        // elvish and PowerShell scripts complete subcommands and flags only.
        if ["bash", "zsh", "fish"].contains(&shell) {
            for word in ["roving-leaders", "retro"] {
                assert!(script.contains(word), "{shell} completion lacks {word}");
            }
        }
        let syntax = match shell {
            "bash" => Some(("bash", vec!["-n"])),
            "zsh" => Some(("zsh", vec!["-n"])),
            "fish" => Some(("fish", vec!["--no-execute"])),
            _ => None,
        };
        if let Some((program, args)) = syntax
            && have(program)
        {
            let (ok, err) = check(program, &args, &script);
            assert!(ok, "{shell} rejects its completion script: {err}");
        }
    }
    // Any pack id is still accepted when parsing, not only the ones completions knew.
    let out = env
        .cmd()
        .args(["today", "--pack", "not-yet-written", "--answers", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert!(stderr(&out).contains("no prompt pack `not-yet-written`"), "{}", stderr(&out));
}

#[test]
fn the_man_pages_render_without_warnings() {
    let env = Env::new();
    let page = ok(env.cmd().arg("man").output().unwrap());
    assert!(page.contains(".TH coachlog 1"));
    for sub in ["today", "week", "summary", "export", "import", "doctor"] {
        assert!(page.contains(sub), "the main page lists {sub}");
    }
    let dir = env.dir.path().join("man1");
    let out = env.cmd().args(["man", "--dir"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pages: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(pages.len() >= 20, "a page per subcommand: {pages:?}");
    if !have("groff") {
        return;
    }
    for p in pages.iter().chain(std::iter::once(&dir.join("coachlog.1"))) {
        let text = std::fs::read_to_string(p).unwrap();
        let (ok, err) = check("groff", &["-k", "-man", "-Tutf8", "-ww", "-z"], &text);
        assert!(ok && err.trim().is_empty(), "{}: {err}", p.display());
    }
    if have("man") {
        let out = Command::new("man")
            .args(["-l"])
            .arg(dir.join("coachlog-week.1"))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("weekly review"));
        assert!(
            String::from_utf8_lossy(&out.stderr).trim().is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_mistyped_subcommand_suggests_the_right_one() {
    let env = Env::new();
    let out = env.cmd().arg("todya").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error: unrecognized subcommand 'todya'"), "{err}");
    assert!(err.contains("similar subcommand exists: 'today'"), "{err}");
}

fn with_entry() -> Env {
    let env = Env::new();
    let answers = env.write("a.toml", DAILY_ANSWERS);
    env.cmd().args(["today", "--answers"]).arg(answers).assert().success();
    env.cmd().args(["add", "A quick note about #trust"]).assert().success();
    env
}

#[test]
fn colour_forced_on() {
    let env = with_entry();
    let out = env.cmd().args(["--color", "always", "status"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains('\u{1b}'));
    insta::assert_snapshot!("status_in_colour", text.replace('\u{1b}', "␛"));
}

#[test]
fn colour_forced_off_and_in_pipes() {
    let env = with_entry();
    let never = ok(env.cmd().args(["--color", "never", "status"]).output().unwrap());
    let piped = ok(env.cmd().arg("status").output().unwrap());
    let no_color = ok(env.cmd().arg("status").env("NO_COLOR", "1").output().unwrap());
    assert!(!never.contains('\u{1b}') && !piped.contains('\u{1b}') && !no_color.contains('\u{1b}'));
    assert_eq!(never, piped);
    insta::assert_snapshot!("status_plain", never);
    // Errors follow the same rule.
    let err = stderr(&env.cmd().args(["show", "ZZZZ"]).output().unwrap());
    assert!(err.starts_with("error: ") && !err.contains('\u{1b}'));
    let err = stderr(&env.cmd().args(["--color", "always", "show", "ZZZZ"]).output().unwrap());
    assert!(err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn quiet_silences_everything_but_errors() {
    let env = with_entry();
    for args in [vec!["add", "x"], vec!["config", "init"], vec!["prompts", "validate"]] {
        let out = env.cmd().arg("-q").args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{args:?}: {}", stdout(&out));
    }
    let out = env.cmd().args(["-q", "show", "ZZZZ"]).output().unwrap();
    assert!(stderr(&out).starts_with("error: "));
}

#[test]
fn config_color_and_editor_take_effect() {
    let env = with_entry();
    let script = env.write("ed.sh", "#!/bin/sh\nsed -i 's/quick note/quick, edited note/' \"$1\"\n");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    env.write(
        "home/.config/coachlog/config.toml",
        &format!("color = \"always\"\neditor = \"{}\"\n", script.display()),
    );
    assert!(
        ok(env.cmd().arg("status").output().unwrap()).contains('\u{1b}'),
        "color = always colours a pipe"
    );
    assert!(
        !ok(env.cmd().arg("status").env("NO_COLOR", "1").output().unwrap()).contains('\u{1b}'),
        "NO_COLOR wins over the config file"
    );
    let id = env.records()[1]["id"].as_str().unwrap().to_string();
    let out = env.cmd().args(["edit", &id]).env("EDITOR", "false").output().unwrap();
    assert!(out.status.success(), "the config's editor wins over $EDITOR: {}", stderr(&out));
    assert!(ok(env.cmd().args(["show", &id]).output().unwrap()).contains("quick, edited note"));
    let report = ok(env.cmd().arg("config").output().unwrap());
    assert!(report.contains("(config file)"), "{report}");
}
