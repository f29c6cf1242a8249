//! The one way the journal uses every core: items (months) are handed out in turn to a worker
//! per core, and their results come back in item order as soon as each is ready, with at
//! most a few waiting. Whole-journal reads collect them; exports write them out as they come,
//! so memory holds a few months, not the journal.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// How many workers: one per core, at most eight (more only fight over the disk).
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(8)
}

/// Runs `work` on each of `items` on every core (each worker with its own `S`, to reuse
/// buffers across items), and gives the results to `sink` in the order of `items`. A `sink`
/// error stops the work and is returned; so is the first `work` error, in item order.
pub fn in_order<I, S, T, E>(
    items: &[I],
    work: impl Fn(&I, &mut S) -> Result<T, E> + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    I: Sync,
    S: Default,
    T: Send,
    E: Send + From<std::io::Error>,
{
    let threads = workers().min(items.len()).max(1);
    // No item is started more than this far ahead of the last one handed to `sink`, so a slow
    // early item cannot make later results pile up.
    let window = threads * 2;
    let next = AtomicUsize::new(0);
    let done = (Mutex::new(0usize), Condvar::new());
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<T, E>)>(window);
        let mut handles = Vec::with_capacity(threads);
        for _ in 0..threads {
            let (tx, next, work, done) = (tx.clone(), &next, &work, &done);
            handles.push(scope.spawn(move || {
                let mut scratch = S::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let Ok(guard) = done.0.lock() else { break };
                    let Ok(guard) = done.1.wait_while(guard, |d| i >= d.saturating_add(window)) else {
                        break;
                    };
                    let stopped = *guard == usize::MAX;
                    drop(guard);
                    if stopped || tx.send((i, work(item, &mut scratch))).is_err() {
                        break;
                    }
                }
            }));
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut handed = 0;
        let mut outcome = Ok(());
        for (i, result) in rx.iter() {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&handed) {
                handed += 1;
                if let Ok(mut d) = done.0.lock() {
                    *d = handed;
                }
                done.1.notify_all();
                if let Err(e) = result.and_then(&mut sink) {
                    // Dropping the receiver stops the workers at their next send.
                    outcome = Err(e);
                    break;
                }
            }
            if outcome.is_err() {
                break;
            }
        }
        // Stop handing out items and let the workers run down: a worker blocked on a full
        // channel sees it closed. Joined here, a worker that panicked is an error, not a panic.
        next.store(items.len(), Ordering::Relaxed);
        if let Ok(mut d) = done.0.lock() {
            *d = usize::MAX;
        }
        done.1.notify_all();
        drop(rx);
        for h in handles {
            let _ = h.join();
        }
        if outcome.is_ok() && handed != items.len() {
            outcome = Err(E::from(std::io::Error::other("a reading thread stopped")));
        }
        outcome
    })
}

/// `work` of each of `items`, on every core, in the order of `items`.
pub fn map<I: Sync, T: Send>(
    items: &[I],
    work: impl Fn(&I) -> std::io::Result<T> + Sync,
) -> std::io::Result<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    in_order(
        items,
        |item, (): &mut ()| work(item),
        |value| {
            out.push(value);
            Ok::<(), std::io::Error>(())
        },
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_finishes_first() {
        let items: Vec<u64> = (0..200).collect();
        let out = map(&items, |&i| {
            // Early items take longest.
            std::thread::sleep(std::time::Duration::from_micros(200u64.saturating_sub(i)));
            Ok(i * 2)
        })
        .unwrap();
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_in_item_order_is_returned() {
        let items: Vec<u32> = (0..50).collect();
        let err =
            map(&items, |&i| if i >= 7 { Err(std::io::Error::other(format!("item {i}"))) } else { Ok(i) })
                .unwrap_err();
        assert_eq!(err.to_string(), "item 7");
    }

    #[test]
    fn a_sink_error_stops_the_work() {
        let items: Vec<u32> = (0..10_000).collect();
        let seen = AtomicUsize::new(0);
        let mut taken = 0;
        let result = in_order(
            &items,
            |&i, (): &mut ()| {
                seen.fetch_add(1, Ordering::Relaxed);
                Ok::<u32, std::io::Error>(i)
            },
            |_| {
                taken += 1;
                if taken == 3 { Err(std::io::Error::other("full disk")) } else { Ok(()) }
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "full disk");
        assert!(seen.load(Ordering::Relaxed) < items.len(), "the workers went on after the sink failed");
    }

    #[test]
    fn no_items_is_nothing() {
        assert!(map(&Vec::<u8>::new(), |_| Ok(1)).unwrap().is_empty());
    }
}
