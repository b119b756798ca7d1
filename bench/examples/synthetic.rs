//! Prints the synthetic spec with the given number of operations (default 10).
//!
//! `cargo run -p codegen-bench --example synthetic -- 1000 > synthetic-1000.json`

fn main() {
    let operations = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10);
    print!("{}", codegen_bench::synthetic(operations));
}
