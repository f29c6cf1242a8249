//! `coachlog completions SHELL` and `coachlog man`: generated from the clap definition, with
//! the pack ids and theme names in force added as values to complete.

use std::io::{self, Write};
use std::path::Path;

use clap::builder::PossibleValuesParser;
use clap::{Command, CommandFactory};
use clap_complete::Shell;

use super::args::Cli;
use crate::commands::library::Library;

/// The command with pack ids and theme names as possible values, for completion only: when
/// parsing, any id is accepted (packs and themes can be added at any time).
fn with_values(lib: Option<&Library>) -> Command {
    let cmd = Cli::command();
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
        .mut_subcommand("prompts", |c| {
            c.mut_subcommand("show", |s| s.mut_arg("id", |a| a.value_parser(values(&packs))))
        })
}

pub fn completions(shell: Shell, lib: Option<&Library>, out: &mut impl Write) {
    let mut cmd = with_values(lib);
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

/// Writes `coachlog.1` and `coachlog-SUBCOMMAND.1` for every subcommand into `dir`.
pub fn man_pages(dir: &Path) -> io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let names: Vec<String> =
        Cli::command().get_subcommands().map(|c| c.get_name().to_string()).filter(|n| n != "help").collect();
    let mut pages = vec![(dir.join("coachlog.1"), None)];
    pages.extend(names.iter().map(|n| (dir.join(format!("coachlog-{n}.1")), Some(n.as_str()))));
    for (path, sub) in pages {
        let mut buf = Vec::new();
        man(sub, &mut buf)?;
        // Replaced whole, never written through a link, readable by all (0644) whatever the umask.
        let mut page = crate::journal::files::Replacement::new(&path, 0o644)?;
        std::io::Write::write_all(&mut page, &buf)?;
        page.commit(true)?;
        written.push(path);
    }
    Ok(written)
}
