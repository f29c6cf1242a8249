//! `coachlog export`: markdown to read or share, one note per day for Obsidian and friends,
//! or JSON to move a journal. Files are written whole (temporary file, then rename).

use std::collections::HashMap;
use std::io::{Read, Seek, Write};
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::core::commitment::commitment_states;
use crate::core::digest::Digest;
use crate::core::entry::Entry;
use crate::core::filter::{Filter, FilterInput};
use crate::core::markdown::{self, Grouping};
use crate::error::{Error, Result};
use crate::journal::{MonthDigest, MonthRead, Query, Scratch, Warning, files, write_atomic};

use super::{Context, read_error, warn_skipped};
use crate::library;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Md,
    Json,
}

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub format: Format,
    pub grouping: Grouping,
    pub filters: FilterInput,
    pub output: Option<PathBuf>,
    pub dir: Option<PathBuf>,
    pub force: bool,
}

/// What an export did.
#[derive(Debug)]
pub enum Exported {
    /// Written to stdout.
    Stdout,
    File {
        path: PathBuf,
        entries: usize,
    },
    Dir {
        dir: PathBuf,
        /// Notes written (new, or replacing ones nobody had edited).
        files: usize,
        /// Notes already as they would be written.
        unchanged: usize,
        /// Notes the person edited since coachlog wrote them: kept as they are.
        edited: Vec<PathBuf>,
        entries: usize,
    },
}

/// Exports as asked; the document goes to `stdout` unless `-o` or `--dir` is given.
pub fn run(ctx: &Context, opts: &ExportOptions, stdout: &mut dyn Write) -> Result<Exported> {
    // `-o -` and `-o /dev/stdout` mean standard output, whatever it is redirected to (a
    // regular file behind /dev/stdout is not a file to refuse or replace).
    let output = opts.output.as_deref().filter(|p| *p != Path::new("-") && *p != Path::new("/dev/stdout"));
    if opts.dir.is_some() && opts.format == Format::Json {
        return Err(Error::usage("--dir writes markdown notes; use -o FILE for JSON"));
    }
    if opts.grouping == Grouping::Theme && (opts.dir.is_some() || opts.format == Format::Json) {
        let what =
            if opts.dir.is_some() { "--dir writes a note a day" } else { "JSON lists the entries by date" };
        return Err(Error::usage(format!("--by theme groups a markdown document; {what}"))
            .with_hint("leave out --by theme, or export markdown with -o FILE"));
    }
    if let Some(path) = output {
        check_output(ctx, path, false)?;
        if is_block_device(path) {
            return Err(Error::usage(format!(
                "{} is a disk (a block device); an export there would overwrite what it holds, so nothing was written",
                path.display()
            ))
            .with_hint("export to a file, a pipe or /dev/stdout"));
        }
        if !opts.force && !is_device(path) && std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::failure(format!("{} already exists; nothing was written", path.display()))
                .with_hint("add --force to replace it, or choose another file"));
        }
    }
    if let Some(dir) = &opts.dir {
        check_output(ctx, dir, true)?;
    }
    let lib = library::load(ctx)?;
    let f = library::resolve_filter(ctx, &lib.themes, &opts.filters)?;
    // Everything streams month by month, whatever the size of the journal.
    match (&opts.dir, opts.format) {
        (Some(dir), _) => stream_notes(ctx, &lib, &f, dir, opts.force),
        (None, Format::Md) => stream_markdown(ctx, &lib, &f, opts.grouping, output, stdout),
        (None, Format::Json) => stream_json(ctx, &lib, &f, output, stdout),
    }
}

/// What the first pass of a markdown export gathers: the digest of every month (kept ones
/// where nothing changed), for commitments (a later entry may settle one), the entries'
/// themes and counts; and for a search the ids whose words hold it.
struct FirstPass {
    digests: HashMap<Option<String>, MonthDigest>,
    worded: Option<std::collections::HashSet<String>>,
    promised: Vec<crate::core::commitment::Commitment>,
    titles: HashMap<String, String>,
}

impl FirstPass {
    fn gather(ctx: &Context, lib: &library::Library, f: &Filter) -> Result<FirstPass> {
        let digests: HashMap<Option<String>, MonthDigest> = ctx
            .journal
            .each_month(&Query::all(), |m| Ok((m.key().map(str::to_string), m.digest(&lib.themes)?)))
            .map_err(|e| read_error(ctx, &e))?
            .into_iter()
            .collect();
        let mut warnings: Vec<Warning> = digests.values().flat_map(|d| d.warnings.iter().cloned()).collect();
        warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        warn_skipped(ctx, &warnings, digests.values().map(|d| d.newer).sum());
        let worded = match f.search.as_deref() {
            Some(text) => Some(library::ids_holding(ctx, &Query::between(f.from, f.to), text)?),
            None => None,
        };
        let promised = commitment_states(digests.values().flat_map(|d| &d.entries));
        // What is left of the digests is which entries there are and their themes.
        let mut digests = digests;
        for e in digests.values_mut().flat_map(|d| &mut d.entries) {
            e.ratings = Vec::new();
            e.promises = Vec::new();
        }
        let titles = lib.packs.iter().map(|p| (p.pack.id.clone(), p.pack.title.clone())).collect();
        Ok(FirstPass { digests, worded, promised, titles })
    }

    /// Whether the entry of digest `d` is exported.
    fn keeps(&self, f: &Filter, lib: &library::Library, d: &Digest) -> bool {
        f.matches_digest(d, &lib.themes) && self.worded.as_ref().is_none_or(|w| w.contains(&d.id))
    }

    /// The digests of the entries exported.
    fn live<'a>(&'a self, f: &'a Filter, lib: &'a library::Library) -> impl Iterator<Item = &'a Digest> + 'a {
        self.digests.values().flat_map(|d| &d.entries).filter(move |d| self.keeps(f, lib, d))
    }

    /// The exported entries of month `m`, borrowed from its bytes (in `scratch`) with their
    /// themes from the digests; `None` when the month changed since its digest was taken.
    fn views<'s>(
        &self,
        m: &MonthRead<'_>,
        scratch: &'s mut Scratch,
        f: &Filter,
        lib: &'s library::Library,
    ) -> Option<Vec<markdown::View<'s>>> {
        let key = m.key().map(str::to_string);
        let digested = self.digests.get(&key).map_or(&[][..], |d| d.entries.as_slice());
        let lexicon = lib.themes.all();
        // The live records come in the digests' order (both are sorted the same way).
        let mut views = Vec::new();
        let mut digest = digested.iter();
        for record in m.borrowed(scratch) {
            if record.deleted {
                continue;
            }
            let d = digest.next().filter(|d| d.id == *record.id)?;
            if self.keeps(f, lib, d) {
                let themes =
                    d.themes.iter().filter_map(|&i| lexicon.get(usize::from(i))).map(|t| t.id.as_str());
                views.push(markdown::View { record, themes: themes.collect() });
            }
        }
        digest.next().is_none().then_some(views)
    }
}

/// The notes of a month for `--dir`, and the entries of its days filed in two months.
struct Month {
    notes: Vec<(NaiveDate, String)>,
    split: Vec<Entry>,
}

/// Writes daily notes: a note is written when it is new, or when it is still exactly as
/// coachlog wrote it (its fingerprint matches); a note the person edited (in Obsidian, say) is
/// kept and named, unless `force`.
struct NoteWriter {
    force: bool,
    written: usize,
    unchanged: usize,
    edited: Vec<PathBuf>,
    /// The write that failed, which stops the export.
    failed: Option<Error>,
}

impl NoteWriter {
    fn write(&mut self, path: &Path, signed: &str) -> std::io::Result<()> {
        if std::fs::symlink_metadata(path).is_ok() {
            let old =
                files::read_regular(path, files::MAX_TEXT_BYTES).ok().and_then(|b| String::from_utf8(b).ok());
            if old.as_deref() == Some(signed) {
                self.unchanged += 1;
                return Ok(());
            }
            if !self.force && !old.as_deref().is_some_and(markdown::note_is_unedited) {
                self.edited.push(path.to_path_buf());
                return Ok(());
            }
        }
        if let Err(e) = write_atomic(path, signed.as_bytes()) {
            self.failed = Some(Error::io("write", path, &e));
            return Err(std::io::Error::other("a note could not be written"));
        }
        self.written += 1;
        Ok(())
    }
}

/// One markdown note a day (`--dir`), written a month at a time: a note is written when it is
/// new, or when it is still exactly as coachlog wrote it (its fingerprint matches); a note the
/// person edited (in Obsidian, say) is kept and named, unless `force`.
fn stream_notes(
    ctx: &Context,
    lib: &library::Library,
    f: &Filter,
    dir: &Path,
    force: bool,
) -> Result<Exported> {
    let first = FirstPass::gather(ctx, lib, f)?;
    let note_path = |date: NaiveDate| {
        dir.join(format!("{:04}", date.year())).join(format!("{}.md", date.format("%Y-%m-%d")))
    };
    let days: std::collections::BTreeSet<NaiveDate> = first.live(f, lib).map(|d| d.date).collect();
    let entries = first.live(f, lib).count();
    // A year folder inside DIR may be a link into the journal: each is checked too.
    let years: std::collections::BTreeSet<PathBuf> =
        days.iter().filter_map(|d| note_path(*d).parent().map(Path::to_path_buf)).collect();
    for year in &years {
        check_output(ctx, year, true)?;
    }
    // Known before anything is written: a folder where a note goes stops the export.
    if let Some(path) =
        days.iter().map(|d| note_path(*d)).find(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()))
    {
        return Err(Error::failure(format!(
            "{} is a folder, not a note; nothing was written",
            path.display()
        ))
        .with_hint("move it away, or export to another folder"));
    }
    // A day whose entries are filed in two months' files (a record filed in the wrong month)
    // is written once all its entries are in; every other day as soon as its month is.
    let mut months_of_day: HashMap<NaiveDate, std::collections::HashSet<&Option<String>>> = HashMap::new();
    for (key, d) in &first.digests {
        for e in d.entries.iter().filter(|e| first.keeps(f, lib, e)) {
            months_of_day.entry(e.date).or_default().insert(key);
        }
    }
    let split: std::collections::HashSet<NaiveDate> =
        months_of_day.into_iter().filter(|(_, months)| months.len() > 1).map(|(day, _)| day).collect();
    let mctx = markdown::Context::new(&lib.themes, &first.titles, &first.promised);
    let query = Query::between(f.from, f.to);
    let note = |views: &[markdown::View<'_>]| {
        let date = views[0].record.date;
        (date, markdown::sign_note(&markdown::daily_note(date, views, &mctx)))
    };
    let render = |m: MonthRead<'_>, scratch: &mut Scratch| -> std::io::Result<Month> {
        let whole = |views: &[markdown::View<'_>]| views.iter().all(|v| !split.contains(&v.record.date));
        if let Some(views) = first.views(&m, scratch, f, lib).filter(|v| whole(v)) {
            return Ok(Month {
                notes: views.chunk_by(|a, b| a.record.date == b.record.date).map(note).collect(),
                split: Vec::new(),
            });
        }
        // The month changed since the first pass (classified afresh), or holds a day filed
        // in two months (its entries kept for the end).
        let (split_days, days): (Vec<Entry>, Vec<Entry>) =
            owned_entries(&m, &query, f, &mctx).into_iter().partition(|e| split.contains(&e.record.date));
        let views: Vec<markdown::View<'_>> = days.iter().map(markdown::View::of).collect();
        Ok(Month {
            notes: views.chunk_by(|a, b| a.record.date == b.record.date).map(note).collect(),
            split: split_days,
        })
    };
    let mut writer = NoteWriter { force, written: 0, unchanged: 0, edited: Vec::new(), failed: None };
    let mut held: std::collections::BTreeMap<NaiveDate, Vec<Entry>> = std::collections::BTreeMap::new();
    let streamed = ctx.journal.stream_months(&query, render, |month: Month| {
        for e in month.split {
            held.entry(e.record.date).or_default().push(e);
        }
        for (date, signed) in month.notes {
            writer.write(&note_path(date), &signed)?;
        }
        Ok(())
    });
    if streamed.is_ok() {
        for list in held.values() {
            let (date, signed) = note(&list.iter().map(markdown::View::of).collect::<Vec<_>>());
            if writer.write(&note_path(date), &signed).is_err() {
                break;
            }
        }
    }
    if let Some(e) = writer.failed {
        return Err(e);
    }
    streamed.map_err(|e| read_error(ctx, &e))?;
    let NoteWriter { written, unchanged, edited, .. } = writer;
    Ok(Exported::Dir { dir: dir.to_path_buf(), files: written, unchanged, edited, entries })
}

/// Markdown of the entries that pass `f`, by date or by theme, without holding the journal
/// in memory. A first pass gathers month digests (kept ones where nothing changed) for
/// commitments (a later entry may settle one), the entries' themes and the title's count,
/// and for a search the ids whose words hold it; a second renders the months on every core
/// and writes them in order: by date straight to the output, by theme into one temporary
/// file per theme, copied out under their headings at the end.
fn stream_markdown(
    ctx: &Context,
    lib: &library::Library,
    f: &Filter,
    grouping: Grouping,
    output: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<Exported> {
    let first = FirstPass::gather(ctx, lib, f)?;
    let query = Query::between(f.from, f.to);
    let live: Vec<&Digest> = first.live(f, lib).collect();
    let count = live.len();
    let span = live.iter().map(|d| d.date).min().zip(live.iter().map(|d| d.date).max());
    // An entry of no theme goes under "Other entries": one place all the same.
    let placed: usize = live.iter().map(|d| d.themes.len().max(1)).sum();
    let mctx = markdown::Context::new(&lib.themes, &first.titles, &first.promised);
    let sections = markdown::section_titles(&mctx);
    let render = |m: MonthRead<'_>, scratch: &mut Scratch| -> std::io::Result<Vec<String>> {
        Ok(match first.views(&m, scratch, f, lib) {
            Some(views) => grouped(&views, grouping, &mctx),
            // The month changed since the first pass: classify it afresh.
            None => {
                let entries = owned_entries(&m, &query, f, &mctx);
                grouped(&entries.iter().map(markdown::View::of).collect::<Vec<_>>(), grouping, &mctx)
            }
        })
    };

    let mut sink = Sink::open(output, stdout)?;
    let spill_dir = match output {
        Some(path) if !is_device(path) => {
            path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf()
        }
        _ => std::env::temp_dir(),
    };
    // By theme, each month's part of each section goes into one temporary file, and where
    // it went is noted: a few thousand offsets, whatever the number of themes.
    let mut spill: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut spilled: u64 = 0;
    let mut chunks: Vec<Vec<(u64, u64)>> = vec![Vec::new(); sections.len()];
    let mut stream = || -> std::io::Result<()> {
        sink.write_all(markdown::header(span, count).as_bytes())?;
        if grouping == Grouping::Theme && count > 0 {
            sink.write_all(markdown::placed_note(count, placed).as_bytes())?;
        }
        ctx.journal.stream_months(&query, render, |parts: Vec<String>| {
            if grouping == Grouping::Date {
                return sink.write_all(parts.concat().as_bytes());
            }
            for (at, part) in chunks.iter_mut().zip(&parts).filter(|(_, p)| !p.is_empty()) {
                let file = match &mut spill {
                    Some(w) => w,
                    None => spill.insert(std::io::BufWriter::new(spill_file(&spill_dir)?)),
                };
                file.write_all(part.as_bytes())?;
                at.push((spilled, part.len() as u64));
                spilled += part.len() as u64;
            }
            Ok(())
        })?;
        if let Some(file) = spill.take() {
            let mut file = file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
            for (title, at) in sections.iter().zip(&chunks).filter(|(_, at)| !at.is_empty()) {
                sink.write_all(markdown::section_heading(title).as_bytes())?;
                for &(offset, len) in at {
                    file.seek(std::io::SeekFrom::Start(offset))?;
                    std::io::copy(&mut (&mut file).take(len), &mut sink)?;
                }
            }
        }
        sink.flush()
    };
    let streamed = stream();
    sink.finish(streamed, output, count)
}

/// A file with no name in `dir` for the sections of an export by theme: gone when closed,
/// even if the export is killed.
fn spill_file(dir: &Path) -> std::io::Result<std::fs::File> {
    tempfile::tempfile_in(dir).map_err(|e| {
        std::io::Error::new(e.kind(), format!("could not make a temporary file in {}: {e}", dir.display()))
    })
}

/// Views rendered as the parts of a document: one part by date; by theme, one part for each
/// of the sections (most of them empty for a month).
fn grouped(views: &[markdown::View<'_>], grouping: Grouping, mctx: &markdown::Context<'_>) -> Vec<String> {
    match grouping {
        Grouping::Date => {
            let mut out = String::with_capacity(views.len() * 2048);
            markdown::by_day_into(&mut out, views, mctx);
            vec![out]
        }
        Grouping::Theme => {
            let mut parts = vec![String::new(); markdown::section_titles(mctx).len()];
            for v in views {
                for i in markdown::sections_of(v, mctx) {
                    markdown::by_theme_into(&mut parts[i], std::slice::from_ref(v), mctx);
                }
            }
            parts
        }
    }
}

/// The JSON document of the entries that pass `f` (`{"version":1,"entries":[…]}`, the bytes
/// `serde_json` prints for it whole) written a month at a time, read on every core: memory
/// holds a few months whatever the size of the journal. Themes, for a `--theme` filter,
/// come from the month digests.
fn stream_json(
    ctx: &Context,
    lib: &library::Library,
    f: &Filter,
    output: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<Exported> {
    let mut sink = Sink::open(output, stdout)?;
    let query = Query::between(f.from, f.to);
    let count = std::cell::Cell::new(0usize);
    let month = |m: MonthRead<'_>,
                 _: &mut Scratch|
     -> std::io::Result<(Vec<u8>, Vec<Warning>, usize, usize)> {
        let loaded = m.load(&query);
        let digest = if f.themes.is_empty() { None } else { Some(m.digest(&lib.themes)?) };
        let themes_of: HashMap<&str, &crate::core::digest::Digest> =
            digest.iter().flat_map(|d| d.entries.iter()).map(|d| (d.id.as_str(), d)).collect();
        let mut out = Vec::new();
        let mut n = 0;
        for r in loaded.records.iter().filter(|r| !r.deleted) {
            let themed = f.themes.is_empty()
                || themes_of.get(r.id.as_str()).is_some_and(|d| f.matches_digest(d, &lib.themes));
            let worded = f.matches_words(&r.text());
            if themed && worded && f.pack.as_ref().is_none_or(|p| r.pack.as_ref() == Some(p)) {
                // An element of the pretty array is the record printed alone, two levels in.
                out.extend_from_slice(b"\n    ");
                out.extend_from_slice(serde_json::to_string_pretty(r)?.replace('\n', "\n    ").as_bytes());
                out.push(b',');
                n += 1;
            }
        }
        Ok((out, loaded.warnings, loaded.newer, n))
    };
    let (mut warnings, mut newer, mut first) = (Vec::new(), 0, true);
    let mut stream = || -> std::io::Result<()> {
        sink.write_all(b"{\n  \"version\": 1,\n  \"entries\": [")?;
        ctx.journal.stream_months(
            &query,
            month,
            |(part, w, old, n): (Vec<u8>, Vec<Warning>, usize, usize)| {
                warnings.extend(w);
                newer += old;
                if n > 0 {
                    // Each part ends in a comma; the one before it is written now that one follows.
                    if !first {
                        sink.write_all(b",")?;
                    }
                    sink.write_all(&part[..part.len() - 1])?;
                    first = false;
                    count.set(count.get() + n);
                }
                Ok(())
            },
        )?;
        sink.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
        sink.flush()
    };
    let streamed = stream();
    warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    warn_skipped(ctx, &warnings, newer);
    sink.finish(streamed, output, count.get())
}

/// Whether `path` is a block device (through links): a disk, never an export's place.
fn is_block_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_block_device())
}

/// Whether `path` is a device, FIFO or socket (through links): `-o /dev/stdout`, `-o
/// /dev/null`, a pipe. Those are written to, never replaced.
fn is_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| {
        let t = m.file_type();
        t.is_char_device() || t.is_block_device() || t.is_fifo() || t.is_socket()
    })
}

/// Where a streamed export goes: a file that replaces the old one once complete, or stdout.
enum Sink<'a> {
    File(std::io::BufWriter<files::Replacement>),
    Device(std::io::BufWriter<std::fs::File>),
    Out(&'a mut dyn Write),
}

impl<'a> Sink<'a> {
    /// Where an export goes: `path` (a device or FIFO written as it is, else a new file that
    /// replaces the old one once complete), or stdout. Parts are written whole, so a small
    /// buffer (stdout has its own) only gathers the rest.
    fn open(path: Option<&Path>, stdout: &'a mut dyn Write) -> Result<Sink<'a>> {
        Ok(match path {
            Some(path) if is_device(path) => Sink::Device(std::io::BufWriter::new(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io("write", path, &e))?,
            )),
            Some(path) => Sink::File(std::io::BufWriter::new(
                files::Replacement::new(path, 0o600).map_err(|e| Error::io("write", path, &e))?,
            )),
            None => Sink::Out(stdout),
        })
    }

    /// Ends a streamed export of `count` entries that ended as `streamed`: a file is put in
    /// place only when everything was written.
    fn finish(self, streamed: std::io::Result<()>, output: Option<&Path>, count: usize) -> Result<Exported> {
        match (streamed, output) {
            (Ok(()), _) => {}
            // A full disk, say: the half-written file goes (it never had a name), the one it
            // was to replace stays.
            (Err(e), Some(path)) => return Err(Error::io("write", path, &e)),
            (Err(e), None) => return Err(e.into()),
        }
        match (output, self) {
            (Some(path), Sink::File(w)) => {
                w.into_inner()
                    .map_err(std::io::IntoInnerError::into_error)
                    .and_then(|new| new.commit(true))
                    .map_err(|e| Error::io("write", path, &e))?;
                Ok(Exported::File { path: path.to_path_buf(), entries: count })
            }
            (Some(path), Sink::Device(w)) => {
                w.into_inner().map_err(|e| Error::io("write", path, e.error()))?;
                Ok(Exported::File { path: path.to_path_buf(), entries: count })
            }
            _ => Ok(Exported::Stdout),
        }
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(w) => w.write(buf),
            Sink::Device(w) => w.write(buf),
            Sink::Out(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(w) => w.flush(),
            Sink::Device(w) => w.flush(),
            Sink::Out(w) => w.flush(),
        }
    }
}

/// The entries of month `m` that pass `f`, read and classified now.
fn owned_entries(m: &MonthRead<'_>, q: &Query<'_>, f: &Filter, mctx: &markdown::Context<'_>) -> Vec<Entry> {
    let records = m.load(q).records.into_iter().filter(|r| !r.deleted).collect();
    Entry::classify_all(records, mctx.themes).into_iter().filter(|e| f.matches(e)).collect()
}

/// `path` made absolute with every link in it resolved, as far as it exists; the rest is
/// added with `.` and `..` taken lexically.
fn resolved(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(mut out) = existing.canonicalize() {
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// Refuses an output path inside the journal, the config folder or the cache (after
/// resolving links, both to where the path is and to where a link there points): an export
/// must never replace a month file, a pack or the config.
fn check_output(ctx: &Context, path: &Path, is_dir: bool) -> Result<()> {
    let mut protected: Vec<(&str, PathBuf)> =
        vec![("journal", resolved(ctx.journal.root())), ("config", resolved(&ctx.config_dir))];
    protected.push(("config", resolved(&ctx.config_file.value)));
    if let Some(cache) = &ctx.cache_dir {
        protected.push(("cache", resolved(cache)));
    }
    let mut candidates = vec![resolved(path)];
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        candidates.push(resolved(parent).join(name));
    }
    // The same folder reached another way (a bind mount, say) has the same device and inode:
    // every folder the output would go into is compared with the protected ones by identity.
    let identity = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
    };
    for candidate in &candidates {
        for (what, dir) in &protected {
            let inside = candidate.starts_with(dir)
                || identity(dir)
                    .is_some_and(|id| candidate.ancestors().filter_map(identity).any(|a| a == id));
            if inside {
                let kind = if is_dir { "folder" } else { "file" };
                return Err(Error::usage(format!(
                    "{} is inside coachlog's {what} folder ({}); an export there could replace your own files, so nothing was written",
                    path.display(),
                    dir.display()
                ))
                .with_hint(format!("export to a {kind} outside it, for example in your home folder")));
            }
        }
    }
    Ok(())
}
