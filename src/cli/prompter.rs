//! The terminal side of a session: dialoguer prompts with one consistent look. The question
//! is printed in bold with its help dimmed underneath, then the answer is asked for. Pack
//! text, commitments, option labels and the editor's name are untrusted: each goes through
//! [`safe_line`] before dialoguer or the terminal sees it (the answers keep the exact text).

use std::io;

use console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Editor, MultiSelect, Select};

use crate::core::commitment::{Commitment, Status};
use crate::core::entry::Reply;
use crate::core::lookback::LookBack;
use crate::core::pack::{Kind, Prompt, PromptPack};
use crate::core::quarter::Quarter;
use crate::core::session::split_list;
use crate::core::session::{DraftChoice, DraftOffer, Existing, ExistingChoice, Prompter, SessionError, Step};
use crate::core::text::safe_line;

/// Asks in the terminal (on stderr, so stdout stays clean for the one saved line).
pub struct TermPrompter {
    term: Term,
    theme: ColorfulTheme,
    editor: String,
}

const SKIP: &str = "(skip)";

/// The terminal's settings from before a line was typed, while they are changed (see
/// [`KeysToUs`]), so the Ctrl-C handler can put them back before the process ends.
static SAVED_TERMINAL: std::sync::Mutex<Option<(i32, libc::termios)>> = std::sync::Mutex::new(None);

/// While a line is typed, the terminal neither edits nor echoes keys itself (ICANON, ECHO and
/// IEXTEN off; ISIG stays on, so Ctrl-C still interrupts). console switches to raw mode only
/// while it waits for a key; keys arriving between two waits (a fast typist, a paste, a
/// script) would otherwise meet the terminal's own line editing: a Backspace or Ctrl-W would
/// erase keys coachlog had not read yet, and letters would be echoed twice.
struct KeysToUs {
    fd: i32,
    original: libc::termios,
}

impl KeysToUs {
    fn start() -> Option<KeysToUs> {
        use std::os::unix::io::AsRawFd;
        let fd = std::io::stdin().as_raw_fd();
        // SAFETY: isatty only looks at the descriptor.
        if unsafe { libc::isatty(fd) } != 1 {
            return None;
        }
        let mut original = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills the termios it is given for a descriptor that is a terminal.
        if unsafe { libc::tcgetattr(fd, original.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: tcgetattr succeeded, so the termios is initialised.
        let original = unsafe { original.assume_init() };
        let mut quiet = original;
        quiet.c_lflag &= !(libc::ICANON | libc::ECHO | libc::IEXTEN);
        quiet.c_cc[libc::VMIN] = 1;
        quiet.c_cc[libc::VTIME] = 0;
        if let Ok(mut saved) = SAVED_TERMINAL.lock() {
            *saved = Some((fd, original));
        }
        // SAFETY: a valid descriptor and a termios derived from its own settings.
        unsafe { libc::tcsetattr(fd, libc::TCSADRAIN, &quiet) };
        Some(KeysToUs { fd, original })
    }
}

impl Drop for KeysToUs {
    fn drop(&mut self) {
        // SAFETY: the settings read from this descriptor in `start`.
        unsafe { libc::tcsetattr(self.fd, libc::TCSADRAIN, &self.original) };
        if let Ok(mut saved) = SAVED_TERMINAL.lock() {
            *saved = None;
        }
    }
}

/// Remembers the terminal's settings as they are, for the Ctrl-C handler to put back (a
/// passphrase is asked with echo off by dialoguer itself).
pub fn remember_terminal() {
    let fd = libc::STDIN_FILENO;
    // SAFETY: termios is plain data, filled by tcgetattr before it is read.
    let mut original: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: a valid descriptor and a pointer to a termios.
    if unsafe { libc::tcgetattr(fd, &mut original) } == 0
        && let Ok(mut saved) = SAVED_TERMINAL.lock()
    {
        *saved = Some((fd, original));
    }
}

/// Forgets what [`remember_terminal`] kept.
pub fn forget_terminal() {
    if let Ok(mut saved) = SAVED_TERMINAL.lock() {
        *saved = None;
    }
}

/// Puts back the terminal settings a line being typed changed, if any (for the Ctrl-C handler).
pub fn restore_terminal() {
    if let Ok(mut saved) = SAVED_TERMINAL.lock()
        && let Some((fd, original)) = saved.take()
    {
        // SAFETY: the settings read from this descriptor before they were changed.
        unsafe { libc::tcsetattr(fd, libc::TCSANOW, &original) };
    }
}

/// Columns the text prompt takes before what is typed: `› `.
const PROMPT_WIDTH: usize = 2;

/// The colourful theme, with the multi-select's current line marked by the same `❯` as a
/// choice's: the colourful theme marks it by colour alone, so without colour (`NO_COLOR`, a
/// plain terminal) nothing showed where Space would act.
struct Cursor<'a>(&'a ColorfulTheme);

impl dialoguer::theme::Theme for Cursor<'_> {
    fn format_multi_select_prompt(&self, f: &mut dyn std::fmt::Write, prompt: &str) -> std::fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> std::fmt::Result {
        self.0.format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn std::fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> std::fmt::Result {
        let marker = if active { &self.0.active_item_prefix } else { &self.0.inactive_item_prefix };
        write!(f, "{marker} ")?;
        self.0.format_multi_select_prompt_item(f, text, checked, active)
    }
}

impl TermPrompter {
    pub fn new(editor: String) -> Self {
        let theme = ColorfulTheme {
            prompt_prefix: style(String::new()).for_stderr(),
            prompt_suffix: style("›".to_string()).for_stderr().cyan(),
            success_prefix: style(String::new()).for_stderr(),
            success_suffix: style("✓".to_string()).for_stderr().green(),
            ..ColorfulTheme::default()
        };
        TermPrompter { term: Term::stderr(), theme, editor }
    }

    /// Columns to wrap prose at: the terminal's width (80 when unknown), at most 100.
    fn columns(&self) -> usize {
        self.term.size_checked().map_or(80, |(_, w)| usize::from(w)).clamp(20, 100)
    }

    /// `text` (plain, already made safe) wrapped at word boundaries to fit after `indent`
    /// columns.
    fn wrap(&self, text: &str, indent: usize) -> Vec<String> {
        let width = self.columns().saturating_sub(indent).max(10);
        textwrap::wrap(text.trim(), width).into_iter().map(std::borrow::Cow::into_owned).collect()
    }

    /// `• text`, wrapped at word boundaries to the terminal under its first word; `how`
    /// styles the words (dim for notes).
    fn bullet(
        &self,
        text: &str,
        how: fn(String) -> console::StyledObject<String>,
    ) -> Result<(), SessionError> {
        for (i, line) in self.wrap(&safe_line(text), 2).into_iter().enumerate() {
            let lead =
                if i == 0 { format!("{} ", style("•").yellow().for_stderr()) } else { "  ".to_string() };
            self.say(&format!("{lead}{}", how(line).for_stderr()))?;
        }
        Ok(())
    }

    fn say(&self, line: &str) -> Result<(), SessionError> {
        self.term.write_line(line).map_err(failed)
    }
}

/// Turns dialoguer's errors into session errors: Ctrl-C and a closed stdin stop the session.
fn from_dialoguer(err: dialoguer::Error) -> SessionError {
    let dialoguer::Error::IO(e) = err;
    match e.kind() {
        io::ErrorKind::Interrupted | io::ErrorKind::UnexpectedEof => SessionError::Interrupted,
        _ => failed(e),
    }
}

fn failed(e: io::Error) -> SessionError {
    SessionError::Failed(format!("the terminal failed: {e}"))
}

impl Prompter for TermPrompter {
    fn begin(&mut self, pack: &PromptPack, total: usize) -> Result<(), SessionError> {
        let s = if total == 1 { "" } else { "s" };
        let title = safe_line(&pack.title);
        let info = format!("{total} question{s} · optional ones can be skipped · Ctrl-C keeps a draft");
        let styled_title = style(&title).bold().cyan().for_stderr();
        if console::measure_text_width(&title) + 2 + console::measure_text_width(&info) <= self.columns() {
            return self.say(&format!("{styled_title}  {}", style(info).dim().for_stderr()));
        }
        // Too wide for one line: the title, then the rest wrapped at word boundaries.
        self.say(&styled_title.to_string())?;
        for line in self.wrap(&info, 0) {
            self.say(&style(line).dim().for_stderr().to_string())?;
        }
        Ok(())
    }

    fn offer_existing(&mut self, existing: &Existing) -> Result<ExistingChoice, SessionError> {
        let when = if existing.count == 1 {
            format!("at {}", existing.time)
        } else {
            format!("{} times, last at {}", existing.count, existing.time)
        };
        self.bullet(
            &format!(
                "You already wrote the {} for {} ({when}).",
                existing.pack_title,
                existing.date.format("%A %-d %B"),
            ),
            style,
        )?;
        let items = [
            "Add to it or change it in your editor",
            "Start another check-in for the same day",
            "Stop here, nothing new",
        ];
        match self.offer(&items)? {
            Some(0) => Ok(ExistingChoice::Edit),
            Some(1) => Ok(ExistingChoice::New),
            Some(_) => Ok(ExistingChoice::Stop),
            None => Err(SessionError::Interrupted),
        }
    }

    fn offer_draft(&mut self, offer: &DraftOffer) -> Result<DraftChoice, SessionError> {
        let s = if offer.answered == 1 { "" } else { "s" };
        self.bullet(
            &format!(
                "You have an unfinished {} from {} ({} answer{s} saved, {} to go).",
                offer.pack_title,
                offer.date.format("%A %-d %B"),
                offer.answered,
                offer.remaining
            ),
            style,
        )?;
        let items = ["Resume where I left off", "Discard it and start a new session"];
        loop {
            match self.offer(&items)? {
                Some(0) => return Ok(DraftChoice::Resume),
                None => return Err(SessionError::Interrupted),
                Some(_) if offer.answered == 0 => return Ok(DraftChoice::Discard),
                // Words cannot be brought back: ask once more, "no" by default.
                Some(_) => {
                    let sure = dialoguer::Confirm::with_theme(&self.theme)
                        .with_prompt(format!(
                            "Discard the {} saved answer{s}? They cannot be brought back",
                            offer.answered
                        ))
                        .default(false)
                        .interact_on_opt(&self.term)
                        .map_err(from_dialoguer)?;
                    match sure {
                        Some(true) => return Ok(DraftChoice::Discard),
                        Some(false) => {}
                        None => return Err(SessionError::Interrupted),
                    }
                }
            }
        }
    }

    fn note(&mut self, line: &str) -> Result<(), SessionError> {
        self.bullet(line, |l| style(l).dim())
    }

    fn look_back(&mut self, look: &LookBack) -> Result<Option<String>, SessionError> {
        // The quote is the person's own old words: untrusted, made safe by `bullet`.
        self.say("")?;
        self.bullet(&look.question, |l| style(l).bold())?;
        self.say(&format!("  {}", style("A word or two on it now, or Enter to skip.").dim().for_stderr()))?;
        let text = self.text(true, false)?;
        Ok((!text.trim().is_empty()).then_some(text))
    }

    fn offer_quarterly(&mut self, quarter: Quarter) -> Result<bool, SessionError> {
        self.say("")?;
        let answer = Confirm::with_theme(&self.theme)
            .with_prompt(format!("The quarter ends ({quarter}) — answer the quarterly questions too?"))
            .default(false)
            .interact_on_opt(&self.term)
            .map_err(from_dialoguer)?;
        answer.ok_or(SessionError::Interrupted)
    }

    fn follow_up(&mut self, c: &Commitment, step: Step) -> Result<Option<Status>, SessionError> {
        if step.number == 1 {
            self.say("")?;
            let what = if step.total == 1 {
                "one commitment".to_string()
            } else {
                format!("{} commitments", step.total)
            };
            self.say(&format!("{}", style(format!("First, {what} to follow up:")).bold().for_stderr()))?;
        }
        self.say("")?;
        let counter = style(format!("{}/{}", step.number, step.total)).dim().for_stderr();
        let carried = match c.carried {
            0 => String::new(),
            1 => " (carried over once)".into(),
            n => format!(" (carried over {n} times)"),
        };
        let pad = " ".repeat(console::measure_text_width(&format!("{}/{}", step.number, step.total)) + 2);
        let said = format!("On {} you said:", c.date.format("%A %-d %B"));
        let text = safe_line(&c.text);
        if pad.len() + said.len() + 1 + console::measure_text_width(&text) <= self.columns() {
            self.say(&format!(
                "{counter}  {} {}",
                style(said).dim().for_stderr(),
                style(text).bold().for_stderr()
            ))?;
        } else {
            // Too long for one line: the words on their own lines, wrapped under the first.
            self.say(&format!("{counter}  {}", style(said).dim().for_stderr()))?;
            for line in self.wrap(&text, pad.len()) {
                self.say(&format!("{pad}{}", style(line).bold().for_stderr()))?;
            }
        }
        self.say(&format!("{pad}{}", style(format!("How did it go?{carried}")).dim().for_stderr()))?;
        // "Partly" used to close a commitment for good; whether the rest still matters is the
        // person's call, so both are offered.
        let items = [
            "Done".to_string(),
            "Partly, and that is enough: close it".to_string(),
            "Partly, keep going: ask me again next time".to_string(),
            "Not yet: ask me again next time".to_string(),
            "Dropped: it no longer matters".to_string(),
        ];
        let picked = self.select(&items, 0)?;
        Ok(Some([Status::Done, Status::Partly, Status::Open, Status::Open, Status::Dropped][picked]))
    }

    fn ask(&mut self, prompt: &Prompt, step: Step) -> Result<Reply, SessionError> {
        self.say("")?;
        let number = format!("{}/{}", step.number, step.total);
        let indent = console::measure_text_width(&number) + 2;
        let pad = " ".repeat(indent);
        let counter = style(number).dim().for_stderr();
        // Wrapped at word boundaries, each line under the question's first word.
        for (i, line) in self.wrap(&safe_line(&prompt.question), indent).iter().enumerate() {
            let lead = if i == 0 { format!("{counter}  ") } else { pad.clone() };
            self.say(&format!("{lead}{}", style(line).bold().for_stderr()))?;
        }
        let mut help = prompt.help.as_deref().map(|h| safe_line(h).into_owned()).unwrap_or_default();
        // A text answer that may be left empty says so (a choice shows "(skip)" instead).
        if prompt.optional {
            // How to leave it out depends on the kind: an empty answer, or the (skip) line.
            let how = match prompt.kind {
                Kind::Text | Kind::List | Kind::Commitment => "Optional: Enter skips it.",
                Kind::Editor => "Optional: close the editor with the file empty to skip it.",
                Kind::Choice | Kind::Rating => "Optional: pick (skip) to leave it out.",
                Kind::Multi => "Optional: Enter with nothing picked skips it.",
                Kind::Confirm => "",
            };
            if !how.is_empty() {
                let stop = if help.is_empty() || help.ends_with(['.', '!', '?', ')']) { "" } else { "." };
                help = format!("{help}{stop} {how}").trim_start().to_string();
            }
        }
        if !help.is_empty() {
            for line in self.wrap(&help, indent) {
                self.say(&format!("{pad}{}", style(line).dim().for_stderr()))?;
            }
        }
        let optional = prompt.optional;
        match prompt.kind {
            Kind::Text | Kind::Commitment => self.text(optional, false).map(Reply::Text),
            Kind::List => self.text(optional, true).map(|t| Reply::Items(split_list(&t))),
            Kind::Editor => self.editor(optional),
            Kind::Rating => {
                let mut items: Vec<String> = (prompt.min..=prompt.max)
                    .map(|n| {
                        let label = if n == prompt.min {
                            prompt.low.as_deref()
                        } else if n == prompt.max {
                            prompt.high.as_deref()
                        } else {
                            None
                        };
                        match label {
                            Some(l) => format!("{n}  {}", safe_line(l)),
                            None => n.to_string(),
                        }
                    })
                    .collect();
                let middle = usize::try_from((prompt.max - prompt.min) / 2).unwrap_or(0);
                if optional {
                    items.push(SKIP.into());
                }
                let picked = self.pick_rating(&items, middle, prompt.min)?;
                let Ok(offset) = i64::try_from(picked) else { return Ok(Reply::Skip) };
                if optional && picked == items.len() - 1 {
                    Ok(Reply::Skip)
                } else {
                    Ok(Reply::Rating(prompt.min + offset))
                }
            }
            Kind::Choice => {
                let mut items: Vec<String> =
                    prompt.options.iter().map(|o| safe_line(o).into_owned()).collect();
                if optional {
                    items.push(SKIP.into());
                }
                let picked = self.select(&items, 0)?;
                if picked >= prompt.options.len() {
                    Ok(Reply::Skip)
                } else {
                    Ok(Reply::Choice(prompt.options[picked].clone()))
                }
            }
            Kind::Multi => loop {
                self.say(&format!(
                    "{}",
                    style("Space picks or unpicks, Enter confirms.").dim().for_stderr()
                ))?;
                let shown: Vec<String> = prompt.options.iter().map(|o| safe_line(o).into_owned()).collect();
                let picked = MultiSelect::with_theme(&Cursor(&self.theme))
                    .items(&shown)
                    .interact_on_opt(&self.term)
                    .map_err(from_dialoguer)?
                    .ok_or(SessionError::Interrupted)?;
                if picked.is_empty() && !optional {
                    self.say(&format!(
                        "{}",
                        style("Pick at least one with Space, then press Enter.").red().for_stderr()
                    ))?;
                    continue;
                }
                let echo: Vec<&str> = picked.iter().map(|&i| shown[i].as_str()).collect();
                self.report(&if echo.is_empty() { SKIP.to_string() } else { echo.join(", ") })?;
                let items: Vec<String> = picked.into_iter().map(|i| prompt.options[i].clone()).collect();
                break Ok(Reply::Items(items));
            },
            Kind::Confirm => {
                let answer = Confirm::with_theme(&self.theme)
                    .with_prompt("yes or no")
                    .report(false)
                    .interact_on_opt(&self.term)
                    .map_err(from_dialoguer)?
                    .ok_or(SessionError::Interrupted)?;
                // Echoed like every other answer (dialoguer's own read "yes or no ✓ no").
                self.report(if answer { "yes" } else { "no" })?;
                Ok(Reply::Yes(answer))
            }
        }
    }
}

impl TermPrompter {
    fn text(&self, optional: bool, list: bool) -> Result<String, SessionError> {
        let need = if list { "Name at least one, separated by commas." } else { "This one needs an answer." };
        let blank = |t: &str| if list { split_list(t).is_empty() } else { t.trim().is_empty() };
        let mut errors = 0;
        let text = loop {
            let text = self.line()?;
            if optional || !blank(&text) {
                break text;
            }
            self.say(&format!("{} {}", style("✘").red().for_stderr(), style(need).red().for_stderr()))?;
            errors += 1;
        };
        // The answer is in: the reminders above it have done their job.
        if errors > 0 {
            self.term.clear_last_lines(errors).map_err(|e| SessionError::Failed(e.to_string()))?;
        }
        if blank(&text) {
            self.report(&style("(skipped)").dim().for_stderr().to_string())?;
        } else {
            // A long answer is echoed wrapped at word boundaries, under its first word.
            for (i, line) in self.wrap(&safe_line(&text), 2).iter().enumerate() {
                if i == 0 {
                    self.report(line)?;
                } else {
                    self.say(&format!("  {}", self.theme.values_style.apply_to(line)))?;
                }
            }
        }
        Ok(text)
    }

    /// Reads one line after `› `, with the keys of a shell's line editor: arrows, Home/End and
    /// Ctrl-A/E to move, Backspace/Delete, Ctrl-U and Ctrl-K to cut to the start or end,
    /// Ctrl-W to cut a word. dialoguer's `Input` has none of these but the arrows, and leaves
    /// the first rows of a wrapped answer behind; this redraws every row it uses and clears
    /// them when Enter is pressed. Esc and Ctrl-C stop the session.
    fn line(&self) -> Result<String, SessionError> {
        use console::Key;
        let failed = |e: io::Error| SessionError::Failed(e.to_string());
        let prefix = format!("{} ", self.theme.prompt_suffix);
        let columns = usize::from(self.term.size().1).max(10);
        // Columns as shown: a character that is not safe to print shows as several.
        let width = |chars: &[char]| {
            chars.iter().map(|c| console::measure_text_width(&safe_line(&c.to_string()))).sum::<usize>()
        };
        let _keys = KeysToUs::start();
        let mut chars: Vec<char> = Vec::new();
        let mut at = 0;
        // The screen row (from the first) the cursor is on.
        let mut row = 0;
        let draw = |chars: &[char], at: usize, row: &mut usize| -> io::Result<()> {
            if *row > 0 {
                self.term.move_cursor_up(*row)?;
            }
            self.term.write_str("\r")?;
            self.term.clear_to_end_of_screen()?;
            let shown: String = chars.iter().collect();
            self.term.write_str(&format!("{prefix}{}", safe_line(&shown)))?;
            // Where each character lands as the terminal wraps: a character wider than the
            // room left on a row starts the next one (a wide CJK character at the edge).
            let place = |upto: usize| -> (usize, usize) {
                let (mut r, mut c) = (0, PROMPT_WIDTH);
                for ch in &chars[..upto] {
                    let w = width(std::slice::from_ref(ch));
                    if c + w > columns {
                        r += 1;
                        c = 0;
                    }
                    c += w;
                }
                (r, c)
            };
            // After the last character the cursor stays on its row (pending wrap).
            let end_row = place(chars.len()).0;
            let (mut target_row, mut target_col) = place(at);
            let next_w = chars.get(at).map_or(1, |ch| width(std::slice::from_ref(ch)).max(1));
            if target_col + next_w > columns {
                // The cursor sits where the next character will go: the start of the next row.
                target_row += 1;
                target_col = 0;
            }
            if target_row > end_row {
                self.term.write_str("\r\n")?;
            } else if end_row > target_row {
                self.term.move_cursor_up(end_row - target_row)?;
            }
            self.term.write_str("\r")?;
            if target_col > 0 {
                self.term.move_cursor_right(target_col)?;
            }
            *row = target_row;
            self.term.flush()
        };
        draw(&chars, at, &mut row).map_err(failed)?;
        loop {
            // console turns a Ctrl-C read in raw mode into SIGINT and an "interrupted" error;
            // both lead here, so the half-typed answer is mentioned whichever comes first.
            let key = match self.term.read_key() {
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => Key::CtrlC,
                Err(e) => return Err(from_dialoguer(dialoguer::Error::IO(e))),
            };
            match key {
                Key::Enter => break,
                Key::Escape | Key::CtrlC => {
                    if chars.iter().any(|c| !c.is_whitespace()) {
                        // Only whole answers go into the draft: say so, rather than let "kept"
                        // seem to cover the words on this line.
                        self.term.write_str("\r\n").map_err(failed)?;
                        self.bullet(
                            "The answer you were typing was not finished, so it is not in the draft.",
                            |l| style(l).dim(),
                        )?;
                    }
                    crate::interrupt::InterruptState::get().set_typing(false);
                    return Err(SessionError::Interrupted);
                }
                Key::ArrowLeft if at > 0 => at -= 1,
                Key::ArrowRight if at < chars.len() => at += 1,
                Key::Home | Key::Char('\u{1}') => at = 0,
                Key::End | Key::Char('\u{5}') => at = chars.len(),
                Key::Backspace if at > 0 => {
                    at -= 1;
                    chars.remove(at);
                }
                Key::Del if at < chars.len() => {
                    chars.remove(at);
                }
                Key::Char('\u{15}') => {
                    chars.drain(..at);
                    at = 0;
                }
                Key::Char('\u{b}') => chars.truncate(at),
                Key::Char('\u{17}') => {
                    let mut start = at;
                    while start > 0 && chars[start - 1].is_whitespace() {
                        start -= 1;
                    }
                    while start > 0 && !chars[start - 1].is_whitespace() {
                        start -= 1;
                    }
                    chars.drain(start..at);
                    at = start;
                }
                Key::Char(c) if !c.is_control() => {
                    chars.insert(at, c);
                    at += 1;
                }
                _ => continue,
            }
            crate::interrupt::InterruptState::get().set_typing(chars.iter().any(|c| !c.is_whitespace()));
            draw(&chars, at, &mut row).map_err(failed)?;
        }
        crate::interrupt::InterruptState::get().set_typing(false);
        // Clear every row the answer took; the echo replaces them.
        if row > 0 {
            self.term.move_cursor_up(row).map_err(failed)?;
        }
        self.term.write_str("\r").map_err(failed)?;
        self.term.clear_to_end_of_screen().map_err(failed)?;
        Ok(chars.into_iter().collect())
    }

    /// One of `items`, first one highlighted, not echoed (for questions about the session
    /// itself); `None` for Esc.
    fn offer(&self, items: &[&str]) -> Result<Option<usize>, SessionError> {
        Select::with_theme(&self.theme)
            .items(items)
            .default(0)
            .interact_on_opt(&self.term)
            .map_err(from_dialoguer)
    }

    fn select(&self, items: &[String], default: usize) -> Result<usize, SessionError> {
        let picked = Select::with_theme(&self.theme)
            .items(items)
            .default(default)
            .interact_on_opt(&self.term)
            .map_err(from_dialoguer)?
            .ok_or(SessionError::Interrupted)?;
        self.report(&items[picked])?;
        Ok(picked)
    }

    /// Picks a rating: like a choice (arrows, Enter), and typing a number picks that step at
    /// once. dialoguer's `Select` has no number keys, hence this small list of its own, drawn
    /// with the theme's `❯` marker. Esc and Ctrl-C stop the session, as elsewhere.
    fn pick_rating(&self, items: &[String], default: usize, min: i64) -> Result<usize, SessionError> {
        use console::Key;
        let failed = |e: io::Error| SessionError::Failed(e.to_string());
        let draw = |at: usize| -> io::Result<()> {
            for (i, item) in items.iter().enumerate() {
                let line = if i == at {
                    format!(
                        "{} {}",
                        self.theme.active_item_prefix,
                        self.theme.active_item_style.apply_to(item)
                    )
                } else {
                    format!(
                        "{} {}",
                        self.theme.inactive_item_prefix,
                        self.theme.inactive_item_style.apply_to(item)
                    )
                };
                self.term.write_line(&line)?;
            }
            self.term.flush()
        };
        let value_at = |text: &str| -> Option<usize> {
            let n: i64 = text.parse().ok()?;
            let i = usize::try_from(n.checked_sub(min)?).ok()?;
            (i < items.len() && items[i] != SKIP).then_some(i)
        };
        let mut at = default.min(items.len().saturating_sub(1));
        let mut typed = String::new();
        self.term.hide_cursor().map_err(failed)?;
        draw(at).map_err(failed)?;
        let picked = loop {
            let key = self.term.read_key();
            let key = match key {
                Ok(k) => k,
                Err(e) => {
                    let _ = self.term.show_cursor();
                    return Err(from_dialoguer(dialoguer::Error::IO(e)));
                }
            };
            match key {
                Key::ArrowUp | Key::Char('k') => at = at.checked_sub(1).unwrap_or(items.len() - 1),
                Key::ArrowDown | Key::Char('j') | Key::Tab => at = (at + 1) % items.len(),
                Key::Home => at = 0,
                Key::End => at = items.len() - 1,
                Key::Enter => break Some(at),
                Key::Escape | Key::CtrlC => break None,
                Key::Char(c) if c.is_ascii_digit() || (c == '-' && typed.is_empty()) => {
                    typed.push(c);
                    // A number that no longer number can extend (9 on 1–10, 10 on 1–21) picks at
                    // once; otherwise the cursor goes to it and Enter confirms.
                    match value_at(&typed) {
                        Some(i) if value_at(&format!("{typed}0")).is_none() => break Some(i),
                        Some(i) => at = i,
                        None if typed != "-" => typed.clear(),
                        None => {}
                    }
                    self.term.clear_last_lines(items.len()).map_err(failed)?;
                    draw(at).map_err(failed)?;
                    continue;
                }
                _ => {}
            }
            typed.clear();
            self.term.clear_last_lines(items.len()).map_err(failed)?;
            draw(at).map_err(failed)?;
        };
        self.term.clear_last_lines(items.len()).map_err(failed)?;
        self.term.show_cursor().map_err(failed)?;
        let picked = picked.ok_or(SessionError::Interrupted)?;
        self.report(&items[picked])?;
        Ok(picked)
    }

    /// Echoes a picked value the way dialoguer echoes typed answers.
    fn report(&self, value: &str) -> Result<(), SessionError> {
        self.say(&format!("{} {}", self.theme.success_suffix, self.theme.values_style.apply_to(value)))
    }

    fn editor(&self, optional: bool) -> Result<Reply, SessionError> {
        loop {
            self.say(&format!(
                "{}",
                style(format!("Opening {}… save and close it to continue.", safe_line(&self.editor)))
                    .dim()
                    .for_stderr()
            ))?;
            let text = Editor::new().executable(&self.editor).extension(".md").edit("").map_err(|e| {
                SessionError::Failed(format!("could not run the editor `{}`: {e}", safe_line(&self.editor)))
            })?;
            match text {
                Some(t) if !t.trim().is_empty() => {
                    let lines = t.trim_end().lines().count();
                    let s = if lines == 1 { "" } else { "s" };
                    self.report(&format!("{lines} line{s} written"))?;
                    return Ok(Reply::Text(t));
                }
                _ if optional => {
                    self.report(&style("(skipped)").dim().for_stderr().to_string())?;
                    return Ok(Reply::Skip);
                }
                _ => self.say(&format!(
                    "{}",
                    style("This one needs an answer; the file was empty.").red().for_stderr()
                ))?,
            }
        }
    }
}
