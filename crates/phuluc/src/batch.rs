//! A worker pool over the documents of a batch, its results delivered in input order.
//!
//! Takes a count of jobs and a function reading job `i`; gives each result to the consumer in
//! the order `0, 1, 2 …`, on the calling thread, whatever order the workers finish in. So what
//! a batch writes and prints never depends on the number of workers; only its speed does.
//!
//! Workers take the jobs in input order (a shared queue, rayon's `par_bridge`), so results wait
//! for delivery only while an earlier, slower document is still being read: at most about one
//! result per worker waits in the usual case. Each document is isolated as in
//! [`crate::extract_file_bounded`] (its own time limit, panics contained): one document's
//! failure is its result, never the batch's.

use rayon::iter::{ParallelBridge, ParallelIterator};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// The default number of workers: the cores available to this process.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work(i)` for `i` in `0..count` on `jobs` worker threads and gives each result to
/// `consume(i, result)` in order of `i`, on the calling thread. When `consume` breaks, no new
/// job is started and no further result is delivered (the jobs running finish first).
pub fn for_each_ordered<T, W, C>(
    jobs: usize,
    count: usize,
    work: W,
    mut consume: C,
) -> Result<(), rayon::ThreadPoolBuildError>
where
    T: Send,
    W: Fn(usize) -> T + Sync,
    C: FnMut(usize, T) -> ControlFlow<()>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("phuluc-worker-{i}"))
        .build()?;
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        let (pool, stop, work) = (&pool, &stop, &work);
        scope.spawn(move || {
            pool.install(|| {
                (0..count).par_bridge().for_each_with(tx, |tx, i| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let result = work(i);
                    // The receiver is gone only when the caller stopped listening.
                    let _ = tx.send((i, result));
                });
            });
        });
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        let mut next = 0usize;
        for (i, result) in rx {
            if stop.load(Ordering::Relaxed) {
                continue;
            }
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                let flow = consume(next, result);
                next += 1;
                if flow.is_break() {
                    stop.store(true, Ordering::Relaxed);
                    waiting.clear();
                    break;
                }
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_workers() {
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            for_each_ordered(
                jobs,
                20,
                |i| {
                    // Early jobs take longest, so later ones finish first.
                    std::thread::sleep(std::time::Duration::from_millis((20 - i as u64) / 2));
                    i * 10
                },
                |i, r| {
                    seen.push((i, r));
                    ControlFlow::Continue(())
                },
            )
            .expect("pool");
            let want: Vec<(usize, usize)> = (0..20).map(|i| (i, i * 10)).collect();
            assert_eq!(seen, want, "jobs {jobs}");
        }
    }

    #[test]
    fn a_break_stops_delivery() {
        let mut seen = Vec::new();
        for_each_ordered(
            2,
            100,
            |i| i,
            |i, _| {
                seen.push(i);
                if i == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .expect("pool");
        assert_eq!(seen, [0, 1, 2, 3]);
    }
}
