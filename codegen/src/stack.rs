//! The generator's own stack. Inputs are bounded — documents nest at most
//! 128 levels (the JSON and YAML parsers' limit), schemas at most
//! [`MAX_DEPTH`](crate::lower) levels inside each other, and chains of
//! components are lowered from a work list — so the stack the pipeline
//! needs is bounded too. It runs on a thread of its own with that much
//! stack, so that a build script (on cargo's default main-thread stack) or
//! a caller's small worker thread cannot make a legitimate input overflow.

use std::cell::Cell;
use std::thread;

/// Stack of the generator's thread (and of the threads that render in
/// parallel): 16 times what the deepest inputs of `tests/limits.rs` need
/// in an unoptimised build (between 2 and 4 MiB, found by running them
/// with smaller values). It is reserved, not committed: untouched pages
/// cost no memory.
pub const STACK_SIZE: usize = 64 << 20;

thread_local! {
    static ON_OWN_STACK: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` on a thread with [`STACK_SIZE`] of stack, or directly when
/// already on one (or when no thread can be started), and returns its
/// result. A panic in `f` reaches the caller as it would from a plain call.
pub fn run<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if ON_OWN_STACK.with(Cell::get) {
        return f();
    }
    let mut slot = Some(f);
    let spawned = thread::scope(|scope| {
        let slot = &mut slot;
        let started =
            thread::Builder::new().name("codegen".into()).stack_size(STACK_SIZE).spawn_scoped(scope, move || {
                ON_OWN_STACK.with(|on| on.set(true));
                slot.take().map(|f| f())
            });
        started.ok().map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    match (spawned.flatten(), slot) {
        (Some(result), _) => result,
        (None, Some(f)) => f(),
        // Unreachable: the closure either ran (and gave a result) or was never started (and left `f`).
        (None, None) => unreachable!("the generator's thread neither ran nor returned its work"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_on_a_large_stack_once() {
        let outer =
            run(|| (thread::current().name().map(str::to_owned), run(|| thread::current().name().map(str::to_owned))));
        assert_eq!(outer, (Some("codegen".to_owned()), Some("codegen".to_owned())));
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| run(|| panic!("boom")));
        assert!(caught.is_err());
    }
}
