use std::fs;

use crate::util::{Env, stderr, stdout};

#[test]
fn the_built_in_packs_validate() {
    let env = Env::new();
    let out = env.cmd().args(["prompts", "validate"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for id in [
        "daily",
        "weekly",
        "quarterly",
        "delegation",
        "trust",
        "roving-leaders",
        "vision",
        "contribution",
        "courage",
        "management",
    ] {
        assert!(text.contains(&format!("pack `{id}`")), "{id} missing from: {text}");
    }
}

/// Each bad pack: exit 1 and an error naming the file and the line.
#[test]
fn every_kind_of_bad_pack_fails_with_file_and_line() {
    let env = Env::new();
    let head = "[pack]\nid = \"bad\"\ntitle = \"Bad\"\n\n[[prompt]]\nid = \"a\"\n";
    let cases = [
        ("syntax", format!("{head}kind = \"text\nquestion = \"Q\"\n"), 7, "syntax"),
        (
            "unknown-key",
            format!("{head}kind = \"text\"\nquestion = \"Q\"\ncolour = \"red\"\n"),
            9,
            "unknown key `colour`",
        ),
        ("unknown-kind", format!("{head}kind = \"essay\"\nquestion = \"Q\"\n"), 7, "unknown kind `essay`"),
        (
            "unknown-theme",
            format!("{head}theme = \"cooking\"\nkind = \"text\"\nquestion = \"Q\"\n"),
            7,
            "unknown theme `cooking`",
        ),
        (
            "duplicate",
            format!(
                "{head}kind = \"text\"\nquestion = \"Q\"\n[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"R\"\n"
            ),
            10,
            "duplicate prompt id `a`",
        ),
        (
            "scale",
            format!("{head}kind = \"rating\"\nquestion = \"Q\"\nmin = 5\nmax = 1\n"),
            9,
            "needs min < max",
        ),
        ("no-options", format!("{head}kind = \"choice\"\nquestion = \"Q\"\n"), 7, "needs `options"),
        ("empty-question", format!("{head}kind = \"text\"\nquestion = \"\"\n"), 8, "empty question"),
    ];
    for (name, text, line, needle) in cases {
        let path = env.write(&format!("{name}.toml"), &text);
        let out = env.cmd().args(["prompts", "validate"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name} should fail");
        let err = stderr(&out);
        assert!(err.starts_with(&format!("error: {}:{line}:", path.display())), "{name}: {err}");
        if name != "syntax" {
            assert!(err.contains(needle), "{name}: `{needle}` not in {err}");
        }
    }
}

#[test]
fn validate_checks_several_files_and_reports_each() {
    let env = Env::new();
    let good = env.write("good.toml", "[pack]\nid = \"good\"\ntitle = \"Good\"\n[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\n");
    let bad = env.write("bad.toml", "[pack]\nid = \"bad\"\n");
    let out = env.cmd().args(["prompts", "validate"]).arg(&good).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("ok") && stdout(&out).contains("pack `good`: 1 prompts"));
    assert!(stderr(&out).contains("bad.toml:1:1"), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 file did not pass"));
}

#[test]
fn a_pack_may_use_themes_from_a_themes_file_given_with_it() {
    let env = Env::new();
    let themes = env.write(
        "themes.toml",
        "[[theme]]\nid = \"feedback\"\ntitle = \"Feedback\"\nkeywords = [\"feedback\"]\n",
    );
    let pack = env.write("p.toml", "[pack]\nid = \"fb\"\ntitle = \"FB\"\n[[prompt]]\nid = \"a\"\ntheme = \"feedback\"\nkind = \"text\"\nquestion = \"Q\"\n");
    env.cmd().args(["prompts", "validate"]).arg(&pack).arg(&themes).assert().success();
}

#[test]
fn list_and_show_describe_the_packs() {
    let env = Env::new();
    let out = env.cmd().args(["prompts", "list"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("roving-leaders") && text.contains("built-in"), "{text}");
    let out = env.cmd().args(["prompts", "show", "trust"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.starts_with("Trust (trust)"), "{text}");
    assert!(text.contains("checked-before-due  [rating, trust]"), "{text}");
    assert!(text.contains("1–5: more than once a day … not once before it was due"), "{text}");
    let out = env.cmd().args(["prompts", "show", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a mistyped name is a usage error");
}

#[test]
fn init_copies_the_built_in_packs_without_overwriting() {
    let env = Env::new();
    let mine = env.write("home/.config/coachlog/prompts/daily.toml", "# mine\n[pack]\nid = \"daily\"\ntitle = \"Mine\"\n[[prompt]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\n");
    let out = env.cmd().args(["prompts", "init"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::read_to_string(&mine).unwrap().starts_with("# mine"), "kept");
    assert!(env.config_dir().join("prompts/roving-leaders.toml").exists());
    assert!(env.config_dir().join("themes.toml").exists());
    let out = env.cmd().args(["prompts", "list"]).output().unwrap();
    assert!(stdout(&out).contains("replaces built-in"));
    env.cmd().args(["prompts", "validate"]).assert().success();
}

/// Every themes file `add` accepts, `validate` accepts too: empty, only comments, an empty
/// list, a BOM, a header written with spaces.
#[test]
fn validate_knows_a_themes_file_however_it_is_written() {
    let env = Env::new();
    for text in [
        "",
        "# nothing here yet\n",
        "theme = []\n",
        "\u{feff}[[theme]]\nid = \"x\"\ntitle = \"X\"\nkeywords = [\"gym\"]\n",
        "[[ theme ]]\nid = \"x\"\ntitle = \"X\"\nkeywords = [\"gym\"]\n",
    ] {
        env.write("home/.config/coachlog/themes.toml", text);
        let out = env.cmd().args(["prompts", "validate"]).output().unwrap();
        assert!(out.status.success(), "{text:?}: {}", stderr(&out));
        assert!(stdout(&out).contains("coachlog/themes.toml: "), "{text:?}: {}", stdout(&out));
        assert!(!stderr(&out).contains("pack"), "{text:?} taken for a pack: {}", stderr(&out));
    }
}

/// A FIFO, a device or a dangling link in place of themes.toml: `validate` and `doctor` say
/// so at once (they used to wait on the FIFO forever, or read /dev/zero until memory ran out).
#[test]
fn validate_and_doctor_name_a_themes_file_that_is_not_a_file() {
    let env = Env::new();
    let path = env.config_dir().join("themes.toml");
    fs::create_dir_all(env.config_dir()).unwrap();
    for (make, says) in
        [("fifo", "FIFO"), ("zero", "device"), ("dangling", "a link to a file that does not exist")]
    {
        let _ = fs::remove_file(&path);
        match make {
            "fifo" => assert!(std::process::Command::new("mkfifo").arg(&path).status().unwrap().success()),
            "zero" => std::os::unix::fs::symlink("/dev/zero", &path).unwrap(),
            _ => std::os::unix::fs::symlink(env.home().join("nowhere.toml"), &path).unwrap(),
        }
        for args in [&["prompts", "validate"][..], &["doctor"][..]] {
            // Killed after 10 s: a wait on the FIFO fails here instead of hanging the tests.
            let out = env
                .cmd()
                .args(args)
                .timeout(std::time::Duration::from_secs(10))
                .output()
                .unwrap_or_else(|e| panic!("{args:?} on a {make} themes.toml: {e}"));
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert!(all.contains("themes.toml") && all.contains(says), "{args:?} {make}: {all}");
            if args[0] == "prompts" {
                assert_eq!(out.status.code(), Some(1), "{make}: {all}");
            }
        }
    }
}
