//! Prints a synthetic spec with the given number of operations (default
//! 10): the bench's family, or with `flat` as second argument the family of
//! one one-way schema per operation (`codegen_bench::synthetic_flat`).
//!
//! `cargo run -p codegen-bench --example synthetic -- 1000 > synthetic-1000.json`
//! `cargo run -p codegen-bench --example synthetic -- 1000 flat > flat-1000.json`

fn main() {
    let mut args = std::env::args().skip(1);
    let operations = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    match args.next().as_deref() {
        Some("flat") => print!("{}", codegen_bench::synthetic_flat(operations)),
        _ => print!("{}", codegen_bench::synthetic(operations)),
    }
}
