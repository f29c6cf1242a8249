//! The outer layer: clap types, the terminal prompter, rendering, and `run`, which resolves
//! the context, calls one command and prints what it returns.

pub mod args;
pub mod generate;
pub mod people;
pub mod prompter;
pub mod render;
pub mod reports;
pub mod review;
mod values;

use std::io::{IsTerminal, Write};

use console::style;

use crate::commands::people as people_cmd;
use crate::commands::today::{AnswersSource, Outcome, SessionOptions};
use crate::commands::{
    Context, add, calendar, commitments, config, crypt, delete, doctor, edit, export, import, list, prompts,
    show, status, summary, today, week,
};
use crate::core::config::ColorChoice;
use crate::core::filter::FilterInput;
use crate::core::text::{prefix, safe, safe_line};
use crate::error::{Error, Result};
use crate::interrupt::InterruptState;
use crate::journal::seal;
use crate::{context, keyring, library};
use args::{Cli, Command, ConfigAction, KeyAction, PromptsAction, SessionArgs};
use prompter::TermPrompter;

/// Runs one invocation.
pub fn run(cli: Cli) -> Result<()> {
    let globals =
        context::Globals { journal: cli.journal, config: cli.config, color: cli.color, quiet: cli.quiet };
    // Colour first, so even an error about the config file follows --color.
    apply_color(
        globals.color.unwrap_or(ColorChoice::Auto),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    );
    // `doctor` must run even when the config file is broken: it is one of the things it checks.
    let (ctx, config_error) = if matches!(cli.command, Some(Command::Doctor(_))) {
        Context::new_lenient(&globals)?
    } else {
        (Context::new(&globals)?, None)
    };
    apply_color(ctx.color.value, false);
    // A config problem leaves its key at the default: said on every run (doctor lists them).
    if !matches!(cli.command, Some(Command::Doctor(_))) {
        for problem in &ctx.config_problems {
            crate::commands::warn(&ctx, problem);
        }
    }

    // An encrypted journal is opened once, before the command reads or writes it (a
    // passphrase is asked here, once). Commands that manage the keys open it themselves;
    // doctor reports what stops it; completions never ask.
    let doctor_unlock = match &cli.command {
        Some(Command::Completions(_)) => {
            keyring::unlock_quietly(&ctx);
            None
        }
        // `status --quiet` runs in shell prompts and reminders: it never asks. Without an
        // identity that opens the journal, it answers from the dates sealed lines show.
        Some(Command::Status) if ctx.quiet && seal::is_encrypted(ctx.journal.root()) => {
            keyring::unlock_quietly(&ctx);
            if seal::active_key_for(ctx.journal.root()).is_none() {
                let dated = ctx
                    .journal
                    .dated_lines(ctx.today())
                    .map_err(|e| Error::io("read the journal in", ctx.journal.root(), &e))?;
                return if dated > 0 { Ok(()) } else { Err(Error::silent()) };
            }
            None
        }
        Some(
            Command::Config(_)
            | Command::Man(_)
            | Command::Prompts(_)
            | Command::Encrypt(_)
            | Command::Decrypt(_)
            | Command::Key(_),
        ) => None,
        Some(Command::Doctor(_)) => unlock(&ctx).err(),
        _ => {
            unlock(&ctx)?;
            None
        }
    };

    // Reports are written whole at the end (one write, not one per line); sessions and
    // commands that ask something print as they go.
    let asks = matches!(
        cli.command,
        None | Some(Command::Today(_) | Command::Reflect(_) | Command::Edit(_) | Command::Delete(_))
    );
    let mut stdout = Stdout::new(if asks {
        Sink::Direct(std::io::stdout().lock())
    } else {
        Sink::Buffered(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()))
    });
    let out = &mut stdout;
    let result = run_command(cli.command, ctx, config_error, doctor_unlock, out);
    let flushed = stdout.flush();
    result?;
    Ok(flushed?)
}

/// Standard output, buffered or not.
enum Sink {
    Direct(std::io::StdoutLock<'static>),
    Buffered(std::io::BufWriter<std::io::StdoutLock<'static>>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Direct(w) => w.write(buf),
            Sink::Buffered(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Direct(w) => w.flush(),
            Sink::Buffered(w) => w.flush(),
        }
    }
}

/// The one writer of standard output, with a last guard behind the renderers (which already
/// pass every untrusted string through `safe`): no control byte other than `\n` and `\t`
/// leaves the process, and ESC only as the start of a colour (SGR) sequence `ESC [ 0-9; m`
/// while colour is on. Anything else is shown in caret notation (`^[`, `^G`). So a string
/// that some future code prints without `safe` still cannot move the cursor, retitle the
/// window or write the clipboard; at worst it could change a colour, and with colour off, no
/// ESC at all reaches the terminal.
///
/// Only C0 bytes are guarded here. `--json` needs no change (serde_json writes every C0
/// control as `\u00XX`), markdown export has none left (`core::markdown` shows them), and C1
/// and bidi characters must stay exact in `--json`, so those are `safe`'s job alone. Clean
/// output (every byte ≥ 0x20, `\n`, `\t`) costs one scan and is passed through unchanged.
struct Stdout {
    sink: Sink,
    /// An ESC sequence seen but not yet known to be SGR (colour sequences arrive in pieces).
    pending: Vec<u8>,
}

/// Longer ESC sequences are not colours.
const MAX_SGR: usize = 32;

impl Stdout {
    fn new(sink: Sink) -> Self {
        Stdout { sink, pending: Vec::new() }
    }

    /// Writes what is pending, shown and not obeyed.
    fn flush_pending(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.sink.write_all(b"^[")?;
        let rest = std::mem::take(&mut self.pending);
        self.sink.write_all(&rest[1..])
    }

    fn guarded(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let colour = console::colors_enabled();
        let mut run = 0;
        for (i, &b) in buf.iter().enumerate() {
            if !self.pending.is_empty() {
                let csi = self.pending.len() > 1;
                if !csi && b == b'['
                    || csi && (b.is_ascii_digit() || b == b';') && self.pending.len() < MAX_SGR
                {
                    self.pending.push(b);
                    run = i + 1;
                    continue;
                }
                if csi && b == b'm' {
                    self.pending.push(b);
                    let sgr = std::mem::take(&mut self.pending);
                    self.sink.write_all(&sgr)?;
                    run = i + 1;
                    continue;
                }
                self.flush_pending()?;
                run = i;
            }
            if b < 0x20 && b != b'\n' && b != b'\t' {
                self.sink.write_all(&buf[run..i])?;
                run = i + 1;
                if b == 0x1b && colour {
                    self.pending.push(b);
                } else {
                    self.sink.write_all(&[b'^', b ^ 0x40])?;
                }
            }
        }
        self.sink.write_all(&buf[run..])
    }
}

/// Whether `buf` holds a C0 control other than `\n` and `\t`. Written branch-free over
/// fixed chunks so that it vectorises: a whole export passes through here.
fn has_control(buf: &[u8]) -> bool {
    buf.chunks(64)
        .any(|chunk| chunk.iter().fold(false, |found, &b| found | ((b < 0x20) & (b != b'\n') & (b != b'\t'))))
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() && !has_control(buf) {
            return self.sink.write(buf);
        }
        self.guarded(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_pending()?;
        self.sink.flush()
    }
}

/// Opens the journal's key when it is encrypted (see `crate::keyring`). A passphrase asked
/// on the terminal can be interrupted: the terminal is put back as it was.
fn unlock(ctx: &Context) -> Result<()> {
    let asks = interactive() && seal::is_encrypted(ctx.journal.root());
    if asks {
        install_interrupt_handler();
        prompter::remember_terminal();
        InterruptState::get().set_unlocking(true);
    }
    let result = keyring::unlock(ctx);
    if asks {
        InterruptState::get().set_unlocking(false);
        prompter::forget_terminal();
    }
    if result.as_ref().is_ok_and(Option::is_none) {
        keyring::check_not_stranded(ctx)?;
    }
    result.map(|_| ())
}

fn run_command(
    command: Option<Command>,
    ctx: Context,
    config_error: Option<Error>,
    unlock_error: Option<Error>,
    out: &mut Stdout,
) -> Result<()> {
    match command {
        None if interactive() => session(&ctx, SessionOptions::default(), out),
        None | Some(Command::Status) => status_cmd(&ctx, out),
        Some(Command::Today(a)) => session(&ctx, session_options(a.pack, a.session), out),
        Some(Command::Reflect(a)) => {
            let pack = today::resolve_reflect(&ctx, &a.what)?;
            session(&ctx, session_options(Some(pack), a.session), out)
        }
        Some(Command::Add(a)) => {
            // Bytes that are not UTF-8 (a terminal in another encoding) become U+FFFD rather
            // than cost the note.
            let text = if a.text.is_empty() {
                None
            } else {
                Some(a.text.iter().map(|t| t.to_string_lossy()).collect::<Vec<_>>().join(" "))
            };
            if text.is_none() && std::io::stdin().is_terminal() && !ctx.quiet {
                eprintln!(
                    "{}",
                    style("Type your note; press Ctrl-D on an empty line to save it.").dim().for_stderr()
                );
            }
            let (saved, heard, themes) =
                add::run(&ctx, &add::AddOptions { text, date: a.date, themes: a.themes })?;
            if !ctx.quiet {
                render::saved(out, &saved)?;
                render::heard(out, &heard, &themes, render::width())?;
            }
            Ok(())
        }
        Some(Command::List(a)) => {
            let search = a.filters.search.clone();
            let width = render::width();
            let shown = if a.json {
                let shown = list::run(&ctx, a.number, &a.filters.input(), a.deleted, &ListJson, &mut *out)?;
                out.write_all(if shown == 0 { b"[]\n" } else { b"\n]\n" })?;
                shown
            } else {
                let lines = ListLines { width, search: search.as_deref() };
                list::run(&ctx, a.number, &a.filters.input(), a.deleted, &lines, &mut *out)?
            };
            if shown == 0 && a.number > 0 && !a.json && !ctx.quiet {
                if a.deleted {
                    writeln!(out, "No deleted entries.")?;
                } else if a.filters.input() == FilterInput::default() {
                    writeln!(
                        out,
                        "No entries yet. Start with `coachlog today`, or `coachlog add \"…\"` for a quick note."
                    )?;
                } else {
                    writeln!(out, "No entries match these filters.")?;
                }
            }
            Ok(())
        }
        Some(Command::Show(a)) => {
            let entries = show::run(&ctx, &a.key)?;
            if a.json {
                json(out, &entries)
            } else {
                let lib = library::load(&ctx).ok();
                Ok(render::show(out, &entries, lib.as_ref())?)
            }
        }
        Some(Command::Week(a)) => {
            let which = match (a.choice.week, a.choice.last, a.choice.date) {
                (Some(w), _, _) => week::Which::Named(w),
                (_, true, _) => week::Which::Last,
                (_, _, Some(d)) => week::Which::Containing(d),
                _ => week::Which::This,
            };
            let review = week::run(&ctx, &which)?;
            if a.json {
                return json(out, &review);
            }
            if a.md {
                return Ok(out.write_all(crate::core::report_md::week(&review).as_bytes())?);
            }
            let today = ctx.today();
            let current = review.start <= today && today <= review.end;
            Ok(reports::week(out, &review, render::width(), current)?)
        }
        Some(Command::Summary(a)) => {
            let summary = summary::run(&ctx, &a.filters.input(), a.by, a.explain)?;
            if a.json {
                json(out, &summary)
            } else if a.md {
                Ok(out.write_all(crate::core::report_md::summary(&summary, a.by).as_bytes())?)
            } else {
                Ok(reports::summary(out, &summary, a.by, render::width())?)
            }
        }
        Some(Command::People(a)) => {
            let people = people_cmd::run_people(&ctx, &a.filters.input())?;
            if a.json {
                json(out, &people)
            } else if people.people.is_empty() {
                if !ctx.quiet {
                    let filtered = a.filters.input() != crate::core::filter::FilterInput::default();
                    let line = if filtered { people::NO_ONE_IN_RANGE } else { people::NO_PEOPLE };
                    writeln!(out, "{line}")?;
                }
                Ok(())
            } else {
                Ok(people::people(out, &people, render::width())?)
            }
        }
        Some(Command::Person(a)) => {
            // A page to read shows the newest 20; --json has every one unless -n says.
            let limit = if a.all { None } else { a.number.or((!a.json).then_some(20)) };
            let page = people_cmd::run_person(&ctx, &a.name.join(" "), &a.filters.input(), limit)?;
            if a.json {
                json(out, &page)
            } else if a.md {
                Ok(out.write_all(crate::core::report_md::person(&page).as_bytes())?)
            } else {
                Ok(people::person(out, &page, render::width())?)
            }
        }
        Some(Command::Review(a)) => {
            let which = match (a.quarter, a.from) {
                (Some(q), _) => crate::commands::review::Which::Quarter(q),
                (None, Some(from)) => crate::commands::review::Which::Dates { from, to: a.to },
                (None, None) => crate::commands::review::Which::ThisQuarter,
            };
            let r = crate::commands::review::run(&ctx, &which)?;
            if a.json {
                json(out, &r)
            } else if a.md {
                Ok(out.write_all(crate::core::review::markdown::render(&r).as_bytes())?)
            } else {
                Ok(review::review(out, &r, render::width())?)
            }
        }
        Some(Command::Calendar(a)) => {
            let cal = calendar::run(&ctx, a.year)?;
            if a.json {
                json(out, &cal)
            } else {
                Ok(reports::calendar(out, &cal, ctx.week_start.value, ctx.today(), render::width())?)
            }
        }
        Some(Command::Commitments(a)) => {
            if let Some(action) = a.action {
                use crate::core::commitment::Status;
                let (status, args) = match action {
                    args::CommitmentAction::Done(s) => (Status::Done, s),
                    args::CommitmentAction::Partly(s) => (Status::Partly, s),
                    args::CommitmentAction::Drop(s) => (Status::Dropped, s),
                    args::CommitmentAction::Snooze(s) => {
                        let (c, saved) =
                            commitments::snooze(&ctx, &s.id, s.until.as_deref(), s.note.as_deref())?;
                        if !ctx.quiet {
                            let due = saved_due(&ctx, &c.id).unwrap_or(saved.date);
                            writeln!(
                                out,
                                "{} Put off until {}: {} (saved as {})",
                                style("✓").green(),
                                due.format("%a %-d %b %Y"),
                                safe_line(&c.text),
                                style(safe_line(prefix(&saved.id, render::SHORT_ID))).yellow()
                            )?;
                        }
                        return Ok(());
                    }
                };
                let (c, saved) = commitments::settle(&ctx, &args.id, status, args.note.as_deref())?;
                if !ctx.quiet {
                    writeln!(
                        out,
                        "{} Marked {}: {} (saved in {} as {})",
                        style("✓").green(),
                        status.as_str(),
                        safe_line(&c.text),
                        safe_line(&render::tilde(&saved.path)),
                        style(safe_line(prefix(&saved.id, render::SHORT_ID))).yellow()
                    )?;
                }
                return Ok(());
            }
            let list = commitments::run(&ctx, a.all)?;
            if a.json {
                json(out, &list)
            } else if list.is_empty() {
                if !ctx.quiet {
                    let what = if a.all { "No commitments yet." } else { "No open commitments." };
                    writeln!(
                        out,
                        "{what} The last question of `coachlog today` asks for one; coachlog follows it up next time."
                    )?;
                }
                Ok(())
            } else {
                Ok(render::commitments(out, &list, render::width())?)
            }
        }
        Some(Command::Export(a)) => {
            let opts = export::ExportOptions {
                format: a.format,
                grouping: a.by,
                filters: a.filters.input(),
                output: a.output,
                dir: a.dir,
                force: a.force,
            };
            // The journal stays sealed; what is exported is for reading, so it is not.
            if seal::is_encrypted(ctx.journal.root()) && !ctx.quiet {
                crate::commands::warn(
                    &ctx,
                    "the journal is encrypted, and this export is plain text: keep it somewhere private",
                );
            }
            match export::run(&ctx, &opts, out)? {
                export::Exported::File { path, entries } if !ctx.quiet => {
                    writeln!(
                        out,
                        "{} Exported {entries} entries to {}",
                        style("✓").green(),
                        safe_line(&path.display().to_string())
                    )?;
                }
                export::Exported::Dir { dir, files, unchanged, edited, entries } if !ctx.quiet => {
                    let same = if unchanged > 0 {
                        format!(" ({unchanged} already up to date)")
                    } else {
                        String::new()
                    };
                    writeln!(
                        out,
                        "{} Exported {entries} entr{}: wrote {files} daily note{} in {}{same}",
                        style("✓").green(),
                        if entries == 1 { "y" } else { "ies" },
                        if files == 1 { "" } else { "s" },
                        safe_line(&dir.display().to_string())
                    )?;
                    if let Some(first) = edited.first() {
                        let n = edited.len();
                        writeln!(
                            out,
                            "{} kept {n} note{} you edited since coachlog wrote {}, e.g. {}; `--force` replaces {}",
                            style("•").yellow(),
                            if n == 1 { "" } else { "s" },
                            if n == 1 { "it" } else { "them" },
                            safe_line(&render::tilde(first)),
                            if n == 1 { "it" } else { "them" },
                        )?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
        Some(Command::Import(a)) => {
            let done = import::run(&ctx, a.from, &a.file)?;
            if !ctx.quiet {
                let skipped = match done.skipped {
                    0 => String::new(),
                    n => format!("; {n} already in the journal were skipped"),
                };
                writeln!(
                    out,
                    "{} Imported {} entr{} from {}{skipped}",
                    style("✓").green(),
                    done.added,
                    if done.added == 1 { "y" } else { "ies" },
                    safe_line(&a.file.display().to_string())
                )?;
            }
            Ok(())
        }
        Some(Command::Edit(a)) => {
            match edit::run(&ctx, &a.id, interactive())? {
                edit::Edited::Saved(saved) if !ctx.quiet => render::revision_saved(out, &saved)?,
                edit::Edited::Unchanged if !ctx.quiet => {
                    writeln!(out, "No changes; the entry is as it was.")?
                }
                _ => {}
            }
            Ok(())
        }
        Some(Command::Delete(a)) => {
            let yes = a.yes;
            let mut confirm = |r: &crate::core::entry::Record| -> Result<bool> {
                if yes {
                    return Ok(true);
                }
                if !interactive() {
                    return Err(Error::usage("deleting needs a yes, and there is no terminal to ask")
                        .with_hint("add --yes to delete without asking"));
                }
                let words: String = crate::core::text::one_line(&r.text()).chars().take(60).collect();
                eprintln!(
                    "{} {}  {}",
                    style(r.date.format("%a %-d %b %Y")).cyan(),
                    safe_line(r.pack.as_deref().unwrap_or("")),
                    safe_line(&words)
                );
                dialoguer::Confirm::new()
                    .with_prompt("Delete this entry? It stays on disk and `coachlog undelete` brings it back")
                    .default(false)
                    .interact_opt()
                    .map(|a| a.unwrap_or(false))
                    .map_err(|e| Error::interrupted(format!("nothing was deleted ({e})")))
            };
            match delete::delete(&ctx, &a.id, &mut confirm)? {
                Some(saved) if !ctx.quiet => writeln!(
                    out,
                    "{} Deleted {}; `coachlog undelete {}` brings it back",
                    style("✓").green(),
                    style(safe_line(&saved.id)).yellow(),
                    safe_line(prefix(&saved.id, render::SHORT_ID))
                )?,
                None if !ctx.quiet => writeln!(out, "Nothing was deleted.")?,
                _ => {}
            }
            Ok(())
        }
        Some(Command::Undelete(a)) => {
            let saved = delete::undelete(&ctx, &a.id)?;
            if !ctx.quiet {
                writeln!(
                    out,
                    "{} Brought back {} ({})",
                    style("✓").green(),
                    style(safe_line(&saved.id)).yellow(),
                    saved.date.format("%a %-d %b %Y")
                )?;
            }
            Ok(())
        }
        Some(Command::Doctor(a)) => {
            if a.repair
                && let Some(e) = unlock_error
            {
                // Without the key every sealed line looks unreadable: nothing is repaired blind.
                return Err(e.with_hint("`coachlog doctor --repair` needs the journal's key; `coachlog doctor` alone reports what it can"));
            }
            let report = doctor::run(&ctx, config_error.as_ref(), unlock_error.as_ref(), a.repair)?;
            if a.json {
                json(out, &report)?;
            } else if !ctx.quiet {
                render::doctor(out, &report)?;
            }
            if report.healthy { Ok(()) } else { Err(Error::silent()) }
        }
        Some(Command::Encrypt(a)) => {
            if interactive() && (a.passphrase || seal::is_encrypted(ctx.journal.root())) {
                install_interrupt_handler();
            }
            let done = crypt::encrypt(&ctx, a.passphrase)?;
            if !ctx.quiet {
                render::encrypted(out, &done)?;
            }
            Ok(())
        }
        Some(Command::Decrypt(a)) => {
            let root = ctx.journal.root().to_path_buf();
            if !seal::is_encrypted(&root) && !root.join(seal::RETIRED_KEYS_DIR).is_dir() {
                if !ctx.quiet {
                    writeln!(
                        out,
                        "The journal {} is not encrypted; nothing to do.",
                        safe_line(&root.display().to_string())
                    )?;
                }
                return Ok(());
            }
            if !a.yes {
                if !interactive() {
                    return Err(Error::usage("decrypting needs a yes, and there is no terminal to ask")
                        .with_hint("add --yes to decrypt without asking"));
                }
                let go = dialoguer::Confirm::new()
                    .with_prompt(format!(
                        "Write every entry in {} back as plain text? Anyone with a copy of that folder (a sync service, a git host) can then read it",
                        safe_line(&root.display().to_string())
                    ))
                    .default(false)
                    .interact_opt()
                    .map(|a| a.unwrap_or(false))
                    .map_err(|e| Error::interrupted(format!("nothing was changed ({e})")))?;
                if !go {
                    writeln!(out, "Nothing was changed.")?;
                    return Ok(());
                }
            }
            if interactive() {
                install_interrupt_handler();
            }
            let done = crypt::decrypt(&ctx)?;
            if !ctx.quiet {
                render::decrypted(out, &done)?;
            }
            Ok(())
        }
        Some(Command::Key(k)) => match k.action {
            KeyAction::Add { recipient, passphrase, name } => {
                if interactive() {
                    install_interrupt_handler();
                }
                let added = crypt::key_add(&ctx, recipient.as_deref(), passphrase, name.as_deref())?;
                if !ctx.quiet {
                    writeln!(
                        out,
                        "{} Added {}: {} now opens the journal too (sync the journal folder to share it)",
                        style("✓").green(),
                        safe_line(&render::tilde(&added.path)),
                        added.public.as_deref().map_or_else(
                            || "that passphrase".to_string(),
                            |p| format!("the key {}", safe_line(p))
                        )
                    )?;
                }
                Ok(())
            }
            KeyAction::List => {
                let keys = crypt::key_list(&ctx)?;
                let ids: std::collections::BTreeSet<&String> =
                    keys.iter().filter_map(|(_, id)| id.as_ref()).collect();
                for (w, id) in &keys {
                    let note = match id {
                        Some(id) if ids.len() > 1 => format!("  (this machine's identity; journal key {id})"),
                        Some(_) => "  (this machine's identity)".to_string(),
                        None => String::new(),
                    };
                    writeln!(
                        out,
                        "{:<24} {:<14} {}{note}",
                        safe_line(&w.name),
                        safe_line(&w.kind),
                        safe_line(&render::tilde(&w.path)),
                    )?;
                }
                if ids.len() > 1 {
                    writeln!(
                        out,
                        "{} These hold {} different journal keys: the journal was encrypted on more than one machine (`coachlog doctor` says what to do)",
                        style("!").yellow(),
                        ids.len()
                    )?;
                }
                Ok(())
            }
            KeyAction::Show => {
                let (path, public) = crypt::key_show(&ctx)?;
                writeln!(out, "{}", safe_line(&public))?;
                if !ctx.quiet {
                    // An SSH key has a space in it: quoted, the command can be pasted.
                    let arg = if public.contains(' ') { format!("'{public}'") } else { public.clone() };
                    eprintln!(
                        "This machine's public key (its identity is {}). On a machine that opens the journal, run:\n  coachlog key add {}",
                        safe_line(&render::tilde(&path)),
                        safe_line(&arg)
                    );
                }
                Ok(())
            }
        },
        Some(Command::Completions(a)) => {
            // A broken user pack must not stop completions: they then offer the built-in ids.
            let lib = library::load(&ctx).ok();
            // The names the journal knows now, for `person NAME`; a journal that cannot be
            // read (or a broken people.toml) leaves them out rather than the script.
            let names = people_cmd::names(&ctx).unwrap_or_default();
            generate::completions(a.shell, lib.as_ref(), &names, out);
            Ok(())
        }
        Some(Command::Man(a)) => match a.dir {
            Some(dir) => {
                let written =
                    generate::man_pages(&dir).map_err(|e| Error::io("write the man pages to", &dir, &e))?;
                if !ctx.quiet {
                    writeln!(
                        out,
                        "{} Wrote {} man pages to {}",
                        style("✓").green(),
                        written.len(),
                        safe_line(&dir.display().to_string())
                    )?;
                }
                Ok(())
            }
            None => generate::man(a.subcommand.as_deref(), out).map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Error::usage(format!("there is no subcommand `{e}`"))
                        .with_hint("`coachlog --help` lists them")
                } else {
                    Error::from(e)
                }
            }),
        },
        Some(Command::Config(a)) => match a.action {
            Some(ConfigAction::Init) => {
                let path = config::init(&ctx)?;
                if !ctx.quiet {
                    writeln!(
                        out,
                        "{} Wrote {}; every key in it is commented out until you change it.",
                        style("✓").green(),
                        safe_line(&path.display().to_string())
                    )?;
                }
                Ok(())
            }
            None if a.path => {
                Ok(writeln!(out, "{}", safe_line(&ctx.config_file.value.display().to_string()))?)
            }
            None if a.json => json(out, &config::run(&ctx)),
            None => Ok(render::config(out, &config::run(&ctx), render::width())?),
        },
        Some(Command::Prompts(p)) => prompts_cmd(&ctx, p.action, out),
    }
}

fn apply_color(choice: ColorChoice, no_color: bool) {
    let (out, err) = match choice {
        ColorChoice::Always => (true, true),
        ColorChoice::Never => (false, false),
        ColorChoice::Auto if no_color => (false, false),
        ColorChoice::Auto => (console::colors_enabled(), console::colors_enabled_stderr()),
    };
    console::set_colors_enabled(out);
    console::set_colors_enabled_stderr(err);
}

/// A person is there to answer: stdin and stderr are terminals.
/// When the commitment `id` is due now, as the journal says.
fn saved_due(ctx: &crate::commands::Context, id: &str) -> Option<chrono::NaiveDate> {
    commitments::run(ctx, true).ok()?.into_iter().find(|c| c.id == id).map(|c| c.due)
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn session_options(pack: Option<String>, s: SessionArgs) -> SessionOptions {
    let answers =
        s.answers.map(|p| if p.as_os_str() == "-" { AnswersSource::Stdin } else { AnswersSource::File(p) });
    SessionOptions { pack, date: s.date, answers }
}

fn session(ctx: &Context, opts: SessionOptions, out: &mut impl Write) -> Result<()> {
    let outcome = if opts.answers.is_none() && interactive() {
        install_interrupt_handler();
        let mut prompter = TermPrompter::new(ctx.editor.value.clone());
        today::run(ctx, &opts, Some(&mut prompter))?
    } else {
        today::run(ctx, &opts, None)?
    };
    print_outcome(ctx, outcome, out)
}

fn print_outcome(ctx: &Context, outcome: Outcome, out: &mut impl Write) -> Result<()> {
    match outcome {
        Outcome::Also(saved, then) => {
            if !ctx.quiet {
                render::saved(out, &saved)?;
            }
            print_outcome(ctx, *then, out)?;
        }
        Outcome::Saved(saved) if !ctx.quiet => render::saved(out, &saved)?,
        Outcome::Empty if !ctx.quiet => writeln!(out, "Every question was skipped, so nothing was saved.")?,
        Outcome::Edited(edit::Edited::Saved(saved)) if !ctx.quiet => render::revision_saved(out, &saved)?,
        Outcome::Edited(edit::Edited::Unchanged) if !ctx.quiet => {
            writeln!(out, "No changes; the check-in is as it was.")?;
        }
        Outcome::Stopped if !ctx.quiet => writeln!(out, "Nothing new was written.")?,
        _ => {}
    }
    Ok(())
}

/// Ctrl-C during a prompt: dialoguer restores the terminal mode and raises SIGINT; we bring
/// the cursor back, say what was kept (the draft is already on disk) and exit 130.
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        let kept = InterruptState::get().settle();
        prompter::restore_terminal();
        if kept.unlocking {
            let err = Error::interrupted("nothing was read or written");
            print_error(&err);
            std::process::exit(err.exit_code());
        }
        let mut err = today::interrupted_message(kept.answered, kept.draft.as_deref(), kept.pack.as_deref());
        if kept.typing {
            // Only whole answers go into the draft: "kept" must not seem to cover this line.
            err.message.push_str("; the answer you were typing was not finished, so it is not in the draft");
        }
        print_error(&err);
        std::process::exit(err.exit_code());
    });
}

fn status_cmd(ctx: &Context, out: &mut impl Write) -> Result<()> {
    let s = status::run(ctx)?;
    if ctx.quiet {
        return if s.entries_today.is_empty() { Err(Error::silent()) } else { Ok(()) };
    }
    Ok(render::status(out, &s, ctx.journal.root())?)
}

fn prompts_cmd(ctx: &Context, action: PromptsAction, out: &mut impl Write) -> Result<()> {
    match action {
        PromptsAction::List => {
            let lib = prompts::list(ctx)?;
            Ok(render::pack_list(out, &lib, render::width())?)
        }
        PromptsAction::Show { id } => {
            let (entry, themes) = prompts::show(ctx, &id)?;
            Ok(render::pack(out, &entry, &themes)?)
        }
        PromptsAction::Validate { files } => {
            let checked = prompts::validate(ctx, &files)?;
            let mut failures = 0;
            for c in &checked {
                match &c.result {
                    Ok(what) if !ctx.quiet => {
                        writeln!(
                            out,
                            "{} {}: {}",
                            style("ok").green(),
                            safe_line(&c.file),
                            safe_line(&what.to_string())
                        )?;
                    }
                    Ok(_) => {}
                    Err(problems) => {
                        failures += 1;
                        for e in problems {
                            eprintln!("{} {}", style("error:").red().bold().for_stderr(), safe(e));
                        }
                    }
                }
            }
            if failures > 0 {
                let s = if failures == 1 { "" } else { "s" };
                return Err(Error::failure(format!("{failures} file{s} did not pass"))
                    .with_hint("each line above names the file, line and column to fix"));
            }
            Ok(())
        }
        PromptsAction::Init => {
            let copied = prompts::init(ctx)?;
            if !ctx.quiet {
                for c in &copied {
                    let what = if c.written { style("wrote").green() } else { style("kept ").yellow() };
                    writeln!(out, "{what} {}", safe_line(&c.path.display().to_string()))?;
                }
                writeln!(
                    out,
                    "Edit these files to make the packs your own; `coachlog prompts validate` checks them."
                )?;
            }
            Ok(())
        }
    }
}

/// `list` as lines.
struct ListLines<'s> {
    width: usize,
    search: Option<&'s str>,
}

impl<'s> list::Show for ListLines<'s> {
    type Layout = render::ListLayout<'s>;
    fn layout(&self, heads: &mut dyn Iterator<Item = list::Head<'_>>) -> Self::Layout {
        render::ListLayout::new(heads, self.width, self.search)
    }
    fn row(&self, layout: &Self::Layout, _: usize, entry: &crate::core::entry::Entry, out: &mut Vec<u8>) {
        // Writing into memory cannot fail.
        let _ = layout.line(out, entry);
    }
}

/// `list --json`, row by row: the same bytes as the whole array printed at once (an element
/// of a pretty array is the element printed alone, indented one level).
struct ListJson;

impl list::Show for ListJson {
    type Layout = ();
    fn layout(&self, _: &mut dyn Iterator<Item = list::Head<'_>>) {}
    fn row(&self, (): &(), place: usize, entry: &crate::core::entry::Entry, out: &mut Vec<u8>) {
        out.extend_from_slice(if place == 0 { b"[\n  " } else { b",\n  " });
        let text = serde_json::to_string_pretty(entry).unwrap_or_default();
        out.extend_from_slice(text.replace('\n', "\n  ").as_bytes());
    }
}

fn json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// `error: …` and, when there is one, `hint: …` on stderr. Messages name arguments, files and
/// fields, any of which may hold control characters: the whole message and hint go through
/// `safe` here, the one place errors are printed, rather than at each place one is made.
pub fn print_error(err: &Error) {
    if err.message.is_empty() {
        return;
    }
    if err.kind == crate::error::ErrorKind::Interrupted {
        // On Ctrl-C inside a prompt, dialoguer both raises SIGINT (our handler's thread) and
        // returns an error (the main thread): whichever comes first says goodbye, once.
        static GOODBYE: std::sync::Once = std::sync::Once::new();
        GOODBYE.call_once(|| {
            let term = console::Term::stderr();
            let _ = term.show_cursor();
            let _ = term.write_line("");
            eprintln!("{} {}", style("stopped:").yellow().bold().for_stderr(), safe(&err.message));
            if let Some(hint) = &err.hint {
                eprintln!("{} {}", style("hint:").cyan().for_stderr(), safe(hint));
            }
        });
        return;
    }
    eprintln!("{} {}", style("error:").red().bold().for_stderr(), safe(&err.message));
    if let Some(hint) = &err.hint {
        eprintln!("{} {}", style("hint:").cyan().for_stderr(), safe(hint));
    }
}

#[cfg(test)]
mod list_json_tests {
    use super::*;
    use crate::commands::list::Show;

    #[test]
    fn rows_of_list_json_make_the_array_printed_at_once() {
        let entry = |id: &str, text: &str| {
            let record: crate::core::entry::Record = serde_json::from_value(serde_json::json!({
                "v": 1, "id": id, "rev": 1, "at": "2026-11-27T21:00:00+01:00", "date": "2026-11-27",
                "pack": "quick", "answers": [{"prompt": "note", "kind": "text", "question": "Q", "text": text}],
                "x-other": {"kept": [1, 2]}
            }))
            .unwrap();
            crate::core::entry::Entry { record, themes: vec!["trust".into()], stances: Default::default() }
        };
        for entries in [
            vec![],
            vec![entry("01KB0000000000000000000001", "one\nline")],
            vec![
                entry("01KB0000000000000000000001", "a \"quoted\" word"),
                entry("01KB0000000000000000000002", "é\u{1b}[31m"),
            ],
        ] {
            let mut out = Vec::new();
            for (place, e) in entries.iter().enumerate() {
                ListJson.row(&(), place, e, &mut out);
            }
            out.extend_from_slice(if entries.is_empty() { b"[]\n" } else { b"\n]\n" });
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&entries).unwrap() + "\n"
            );
        }
    }
}
