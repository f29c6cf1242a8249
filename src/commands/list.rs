//! `coachlog list`: the newest entries. A few are found by reading only as many month files
//! as it takes; many (`-n 100000`, the whole journal) are chosen from the month digests and
//! then read and handed out a month at a time, so memory does not grow with the journal.

use std::collections::HashMap;

use crate::core::digest::Digest;
use crate::core::entry::{Entry, Record};
use crate::core::filter::{Filter, FilterInput};
use crate::core::theme::Themes;
use crate::error::{Error, Result};
use crate::journal::{MonthDigest, Need, Query, Scratch};

use super::{Context, read_error, warn_loaded, warn_skipped};
use crate::library;

/// Above this many entries, `list` chooses from the digests and streams. Below it, reading the
/// newest months and classifying what they hold is cheaper than digesting months (the first
/// time, after a sync) and keeps `list -n 10` within a few milliseconds.
pub const STREAM_FROM: usize = 2000;

/// What a row shown will hold, known for every row before the first is written (for the
/// columns).
#[derive(Debug, Clone)]
pub struct Head<'a> {
    pub id: &'a str,
    pub pack: Option<&'a str>,
    pub themes: Vec<&'a str>,
}

/// How listed entries are shown: a layout made from the heads of every row before the first
/// is written, then each row rendered (on any core, so rows are rendered as months are read)
/// from the layout, its place in the list and the entry.
pub trait Show: Sync {
    type Layout: Sync;
    fn layout(&self, heads: &mut dyn Iterator<Item = Head<'_>>) -> Self::Layout;
    fn row(&self, layout: &Self::Layout, place: usize, entry: &Entry, out: &mut Vec<u8>);
}

/// The newest `n` entries that pass the filters, newest first, shown by `show` into `out`;
/// with `deleted`, the deleted ones instead. Returns how many.
pub fn run<S: Show>(
    ctx: &Context,
    n: usize,
    input: &FilterInput,
    deleted: bool,
    show: &S,
    out: &mut dyn std::io::Write,
) -> Result<usize> {
    let themes = library::themes_or_builtin(ctx, "reading");
    let filter = library::resolve_filter(ctx, &themes, input)?;
    // Digests hold no deleted entries.
    if n > STREAM_FROM && !deleted {
        return stream(ctx, n, &filter, &themes, show, out);
    }
    // The phrases compile on another core while the newest months are found and read.
    let found = std::thread::scope(|s| {
        s.spawn(|| themes.prepare());
        newest(ctx, n, &filter, &themes, deleted)
    })?;
    let layout = show.layout(&mut found.iter().map(head));
    let mut row = Vec::new();
    for (place, e) in found.iter().enumerate() {
        row.clear();
        show.row(&layout, place, e, &mut row);
        out.write_all(&row)?;
    }
    Ok(found.len())
}

fn head(e: &Entry) -> Head<'_> {
    Head {
        id: &e.record.id,
        pack: e.record.pack.as_deref(),
        themes: e.themes.iter().map(String::as_str).collect(),
    }
}

/// The newest `n` entries, read from the newest months until there are enough.
fn newest(ctx: &Context, n: usize, filter: &Filter, themes: &Themes, deleted: bool) -> Result<Vec<Entry>> {
    let need = filter.search.as_deref().map_or(Need::Records, Need::Words);
    let query = Query::between(filter.from, filter.to).need(need);
    // With no filter, only the newest lines of the newest months need parsing.
    let plain = *filter == Filter::default() && !deleted;
    let mut months = ctx.journal.newest_first(query, plain.then_some(n)).map_err(|e| read_error(ctx, &e))?;
    let mut found: Vec<Entry> = Vec::new();
    while found.len() < n {
        let Some(loaded) = months.next() else { break };
        warn_loaded(ctx, &loaded);
        let before = found.len();
        // Reversed, so that among entries of the same date and time the later line comes first.
        found.extend(
            loaded
                .records
                .into_iter()
                .rev()
                .filter(|r| r.deleted == deleted)
                .map(|r| Entry::classify(r, themes))
                .filter(|e| filter.matches(e)),
        );
        months.took(found.len() - before);
    }
    found.sort_by_key(|e| std::cmp::Reverse((e.record.date, e.record.at)));
    found.truncate(n);
    Ok(found)
}

/// Many entries: chosen from the month digests (kept ones where nothing changed) and, for a
/// search, the ids whose words hold it; then each month holding some is read on a core of
/// its own and its entries handed out in order.
fn stream<S: Show>(
    ctx: &Context,
    n: usize,
    filter: &Filter,
    themes: &Themes,
    show: &S,
    out: &mut dyn std::io::Write,
) -> Result<usize> {
    let query = Query::between(filter.from, filter.to);
    // Only what choosing and showing rows needs is kept of each digest (not its ratings and
    // commitments): a journal of many commitments has digests several times larger.
    let digests: Vec<MonthDigest> = ctx
        .journal
        .each_month(&query, |m| {
            let mut d = m.digest(themes)?;
            for e in &mut d.entries {
                e.ratings = Vec::new();
                e.promises = Vec::new();
            }
            Ok(d)
        })
        .map_err(|e| read_error(ctx, &e))?;
    // Digests hold no words: a search is answered first, keeping only the ids it finds.
    let worded = match filter.search.as_deref() {
        Some(text) => Some(library::ids_holding(ctx, &query, text)?),
        None => None,
    };
    let warnings: Vec<_> = digests.iter().flat_map(|d| d.warnings.iter().cloned()).collect();
    warn_skipped(ctx, &warnings, digests.iter().map(|d| d.newer).sum());
    // Newest first, as the few-entries way orders them: by date and time, the later line
    // first among equals (digests are oldest first, so their order is reversed, then sorted
    // stably).
    let mut chosen: Vec<(usize, &Digest)> = digests
        .iter()
        .enumerate()
        .rev()
        .flat_map(|(m, d)| d.entries.iter().rev().map(move |e| (m, e)))
        .filter(|(_, d)| filter.matches_digest(d, themes))
        .filter(|(_, d)| worded.as_ref().is_none_or(|ids| ids.contains(&d.id)))
        .collect();
    chosen.sort_by_key(|(_, d)| std::cmp::Reverse((d.date, d.at)));
    chosen.truncate(n);
    let lexicon = themes.all();
    let layout = show.layout(&mut chosen.iter().map(|(_, d)| Head {
        id: &d.id,
        pack: d.pack.as_deref(),
        themes: d.themes.iter().filter_map(|&i| lexicon.get(usize::from(i))).map(|t| t.id.as_str()).collect(),
    }));
    // Runs of rows from one month, in the order shown: a month is read once per run (once,
    // unless files without a month in their name hold entries of any date).
    let mut runs: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, (m, _)) in chosen.iter().enumerate() {
        match runs.last_mut() {
            Some((last, rows)) if last == m => rows.end = i + 1,
            _ => runs.push((*m, i..i + 1)),
        }
    }
    let order: Vec<usize> = runs.iter().map(|(m, _)| *m).collect();
    // Each run is read and rendered on a core of its own; this thread writes runs in order.
    ctx.journal.stream_months_at(
        &query,
        &order,
        |k, month, _: &mut Scratch| -> Result<Vec<u8>> {
            let mut by_id: HashMap<String, Record> = month
                .load(&Query::all())
                .records
                .into_iter()
                .filter(|r| !r.deleted)
                .map(|r| (r.id.clone(), r))
                .collect();
            let mut rendered = Vec::new();
            for place in runs[k].1.clone() {
                let d = chosen[place].1;
                // The month changed since it was digested: its digest is read anew next time.
                let record = by_id.remove(&d.id).ok_or_else(|| {
                    Error::failure("the journal changed while it was listed; run the command again")
                })?;
                show.row(&layout, place, &Entry::digested(record, d, themes), &mut rendered);
            }
            Ok(rendered)
        },
        |rendered| Ok(out.write_all(&rendered)?),
    )?;
    Ok(chosen.len())
}
