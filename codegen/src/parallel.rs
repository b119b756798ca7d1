//! Mapping a function over items on every core, with the results in order.

use std::ops::Range;
use std::thread;

/// A worker thread with the generator's stack size, whatever
/// `RUST_MIN_STACK` says (see [`crate::stack`]).
fn worker() -> thread::Builder {
    thread::Builder::new().stack_size(crate::stack::STACK_SIZE)
}

/// How many threads [`map`] uses: the available cores, at most 8.
pub fn threads() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// `f` applied to every item, results in the order of `items`. The items
/// are cut into a few chunks per thread, handed out in turn so that the
/// threads stay equally busy; the calling thread takes a share too. Where
/// a thread cannot be started, its share runs on the calling thread. A
/// panic in `f` reaches the caller as it would from a plain loop.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads();
    let chunk = items.len().div_ceil(threads * 4).max(1);
    let chunks: Vec<Range<usize>> =
        (0..items.len()).step_by(chunk).map(|start| start..(start + chunk).min(items.len())).collect();
    if threads == 1 || chunks.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let share = |t: usize| -> Vec<(usize, R)> {
        chunks.iter().skip(t).step_by(threads).flat_map(Clone::clone).map(|i| (i, f(&items[i]))).collect()
    };
    let mut done: Vec<(usize, R)> = thread::scope(|scope| {
        let started: Vec<_> = (1..threads).map(|t| (t, worker().spawn_scoped(scope, move || share(t)))).collect();
        let mut done = share(0);
        for (t, handle) in started {
            match handle {
                Ok(handle) => done.extend(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
                Err(_) => done.extend(share(t)),
            }
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        for n in [0, 1, 2, 7, 100, 1001] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(map(&items, |i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        let caught = std::panic::catch_unwind(|| map(&items, |&i| if i == 77 { panic!("boom") } else { i }));
        assert!(caught.is_err());
    }
}
