//! Times each stage of the generator on each input and reports the peak
//! heap memory of a whole generation; `bench/run.sh` runs it and keeps the
//! table in BENCHMARKS.md.
//!
//! Usage: `cargo run --release -p codegen-bench --bin stages [-- --runs N]`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use codegen::{Generator, Settings, Spec};
use codegen_bench::{Input, inputs};

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The median of `runs` timings of `f`.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn measure(input: &Input, runs: usize) -> String {
    let generator = Generator::new(match &input.config {
        Some(path) => Settings::new().with_config_file(path),
        None => Settings::new(),
    });
    let load = || Spec::from_text(&input.name, input.text.clone()).expect("input loads");
    let spec = load();
    let (api, _) = generator.lower(&spec).expect("input lowers");
    let tokens = codegen::emit(&api);
    let code = codegen::render_tokens(tokens.clone(), &input.name).expect("input renders");
    let floor = median(runs, || input.deserialize_floor());
    let t_load = median(runs, load);
    let t_lower = median(runs, || generator.lower(&spec));
    let t_emit = median(runs, || codegen::emit(&api));
    let t_render = median(runs, || codegen::render_tokens(tokens.clone(), &input.name));
    let t_total = median(runs, || {
        let spec = Spec::from_text(&input.name, input.text.clone()).expect("input loads");
        generator.render(&spec).expect("input renders").code
    });
    // Peak heap of one whole generation, above what was live before it.
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let spec = Spec::from_text(&input.name, input.text.clone()).expect("input loads");
    drop(std::hint::black_box(generator.render(&spec)));
    drop(spec);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let ops = api.operations.len();
    let lines = code.lines().count();
    format!(
        "| {} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.0} | {} | {:.0} |",
        input.name,
        input.text.len() as f64 / 1e6,
        ops,
        ms(floor),
        ms(t_load),
        ms(t_lower),
        ms(t_emit),
        ms(t_render),
        ms(t_total),
        ms(t_load + t_lower + t_emit + t_render),
        t_total.as_secs_f64() / floor.as_secs_f64(),
        peak as f64 / 1e6,
        lines,
        lines as f64 / ops.max(1) as f64,
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args.iter().position(|a| a == "--runs").and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(5);
    println!(
        "| input | MB | operations | floor ms | load | lower | emit | render | total ms | sum of stages | total / floor | peak MB | lines | lines/op |"
    );
    println!("| --- |{}", " ---: |".repeat(13));
    for input in inputs() {
        println!("{}", measure(&input, runs));
    }
}
