//! `coachlog completions SHELL` and `coachlog man`: generated from the clap definition, with
//! the pack ids and theme names in force added as values to complete.

use std::io::{self, Write};
use std::path::Path;

use clap::builder::PossibleValuesParser;
use clap::{Command, CommandFactory};
use clap_complete::Shell;

use super::args::Cli;
use crate::library::Library;

/// The command with pack ids and theme names as possible values, for completion only: when
/// parsing, any id is accepted (packs and themes can be added at any time).
fn with_values(lib: Option<&Library>, people: &[String]) -> Command {
    let mut cmd = Cli::command();
    // Each word of each name is offered (`person` takes a name's words as they come, so
    // `person Ana Lopez` needs no quotes), and only words that are safe to put in a shell
    // script: a name comes from the journal, and `$(…)` must never reach a shell as code.
    let mut words: Vec<String> = Vec::new();
    for word in people.iter().flat_map(|n| n.split_whitespace()) {
        let safe = word.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'));
        if safe && !word.starts_with('-') && !words.iter().any(|w| w == word) {
            words.push(word.to_string());
        }
    }
    if !words.is_empty() {
        let names = PossibleValuesParser::new(words);
        cmd = cmd.mut_subcommand("person", |c| c.mut_arg("name", |a| a.value_parser(names)));
    }
    let Some(lib) = lib else { return cmd };
    let packs: Vec<String> = lib.packs.iter().map(|p| p.pack.id.clone()).collect();
    let themes: Vec<String> = lib.themes.all().iter().map(|t| t.id.clone()).collect();
    let mut both = themes.clone();
    both.extend(packs.iter().filter(|p| !themes.contains(p)).cloned());
    let values = |v: &[String]| PossibleValuesParser::new(v.to_vec());
    let filters = |c: Command| {
        c.mut_arg("themes", |a| a.value_parser(values(&themes)))
            .mut_arg("pack", |a| a.value_parser(values(&packs)))
    };
    cmd.mut_subcommand("today", |c| c.mut_arg("pack", |a| a.value_parser(values(&packs))))
        .mut_subcommand("reflect", |c| c.mut_arg("what", |a| a.value_parser(values(&both))))
        .mut_subcommand("add", |c| c.mut_arg("themes", |a| a.value_parser(values(&themes))))
        .mut_subcommand("list", filters)
        .mut_subcommand("summary", filters)
        .mut_subcommand("export", filters)
        .mut_subcommand("people", filters)
        .mut_subcommand("person", filters)
        .mut_subcommand("prompts", |c| {
            c.mut_subcommand("show", |s| s.mut_arg("id", |a| a.value_parser(values(&packs))))
        })
}

/// The completion script for `shell`, offering the packs, themes and people (`people`: the
/// names the journal knows now) as values.
pub fn completions(shell: Shell, lib: Option<&Library>, people: &[String], out: &mut impl Write) {
    let mut cmd = with_values(lib, people);
    clap_complete::generate(shell, &mut cmd, "coachlog", out);
}

/// The man page of `coachlog`, or of one subcommand.
pub fn man(sub: Option<&str>, out: &mut impl Write) -> io::Result<()> {
    let cmd = Cli::command();
    let page = match sub {
        None => cmd,
        Some(name) => {
            let found = cmd.get_subcommands().find(|c| c.get_name() == name).cloned();
            match found {
                Some(c) => c.name(format!("coachlog-{name}")),
                None => return Err(io::Error::new(io::ErrorKind::NotFound, name.to_string())),
            }
        }
    };
    clap_mangen::Man::new(page).render(out)
}

/// Writes `coachlog.1` and a page for every subcommand at every depth (`coachlog-prompts.1`,
/// `coachlog-prompts-list.1`, …) into `dir`: every page another one refers to exists.
pub fn man_pages(dir: &Path) -> io::Result<Vec<std::path::PathBuf>> {
    fn pages(cmd: &Command, out: &mut Vec<Command>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            pages(sub, out);
        }
        out.push(cmd.clone());
    }
    std::fs::create_dir_all(dir)?;
    // Built, a subcommand's display name is its full path (`coachlog-prompts-list`), which is
    // what each page's SEE ALSO names.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut all = Vec::new();
    pages(&cmd, &mut all);
    let mut written = Vec::new();
    for page in all {
        let man = clap_mangen::Man::new(page);
        let path = dir.join(man.get_filename());
        let mut buf = Vec::new();
        man.render(&mut buf)?;
        // Replaced whole, never written through a link, readable by all (0644) whatever the umask.
        let mut file = crate::journal::files::Replacement::new(&path, 0o644)?;
        std::io::Write::write_all(&mut file, &buf)?;
        file.commit(true)?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}
