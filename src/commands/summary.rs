//! `coachlog summary`: where attention went, theme by theme, over a range. The journal is
//! read a month at a time on every core and counted as it goes, so memory stays at the size
//! of a few months whatever the size of the journal; months that did not change since the
//! last run are counted from their kept digests (`journal::index`) without being read.

use std::path::{Path, PathBuf};

use chrono::Days;

use crate::core::entry::Entry;
use crate::core::filter::{Filter, FilterInput};
use crate::core::period::week_start;
use crate::core::summary::{Accumulator, By, Request, SPARK_WEEKS, Summary};
use crate::error::Result;
use crate::journal::{Month, Warning, read};

use super::{Context, filter, library, read_error, warn_skipped};

pub fn run(ctx: &Context, input: &FilterInput, by: By, explain: bool) -> Result<Summary> {
    let themes = library::load_themes(ctx)?;
    let filter = filter::resolve(ctx, &themes, input)?;
    let to = filter.to.unwrap_or_else(|| ctx.today());
    let spark_from = week_start(to, ctx.week_start.value) - Days::new(7 * (SPARK_WEEKS as u64 - 1));
    let months: Vec<Month> = ctx
        .journal
        .months_between(filter.from.map(|f| f.min(spark_from)), Some(to))
        .map_err(|e| read_error(ctx, &e))?;
    // Dates are counted by the accumulator, so the sparkline can look back before --from.
    let undated = Filter { from: None, to: Some(to), ..filter.clone() };
    let req = Request {
        themes: &themes,
        only: &filter.themes,
        from: filter.from,
        to,
        by,
        explain,
        week_start: ctx.week_start.value,
    };

    // Kept digests answer everything but a search for words and the keywords of --explain.
    let use_index = !undated.needs_words() && !explain;
    let index = ctx.index();

    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(8);
    // Interleaved, so old sparse years and recent full ones are shared evenly.
    let parts: Vec<Vec<&Month>> =
        (0..threads).map(|t| months.iter().skip(t).step_by(threads).collect()).collect();
    let results: Vec<std::io::Result<(Accumulator<'_>, Vec<Warning>, usize)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                let (req, undated, themes, index) = (&req, &undated, &themes, &index);
                scope.spawn(move || {
                    let mut acc = Accumulator::new(req);
                    let (mut warnings, mut newer) = (Vec::new(), 0);
                    for month in part {
                        if use_index {
                            let digested = index.month(month, themes)?;
                            warnings.extend(digested.warnings);
                            newer += digested.newer;
                            for d in digested.entries.iter().filter(|d| undated.matches_digest(d, themes)) {
                                acc.add_digest(d);
                            }
                            continue;
                        }
                        let files: Vec<&Path> = month.files.iter().map(PathBuf::as_path).collect();
                        let loaded = read::load(&files)?;
                        warnings.extend(loaded.warnings);
                        newer += loaded.newer;
                        for r in loaded.records.into_iter().filter(|r| !r.deleted) {
                            let e = Entry::classify(r, themes);
                            if undated.matches(&e) {
                                acc.add(&e);
                            }
                        }
                    }
                    Ok((acc, warnings, newer))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("a reading thread stopped"))))
            .collect()
    });
    let mut total = Accumulator::new(&req);
    let (mut warnings, mut newer) = (Vec::new(), 0);
    for result in results {
        let (acc, w, n) = result.map_err(|e| read_error(ctx, &e))?;
        warnings.extend(w);
        newer += n;
        total.merge(acc);
    }
    warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    warn_skipped(ctx, &warnings, newer);
    Ok(total.finish())
}
