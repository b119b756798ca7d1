//! Each stage of the generator, on the certification spec and the synthetic
//! family (100, 1,000, 10,000 operations), beside the floor: deserialising
//! the same text into the `openapiv3` model.
//!
//! `cargo bench -p codegen-bench --bench generate`

use codegen::{Generator, Settings, Spec};
use codegen_bench::{Input, inputs};
use divan::Bencher;

fn main() {
    divan::main();
}

struct Prepared {
    input: Input,
    generator: Generator,
    spec: Spec,
    api: codegen::ir::Api,
}

const INPUTS: &[&str] = &["certification.yaml", "synthetic-100.json", "synthetic-1000.json", "synthetic-10000.json"];

/// Everything a stage needs, made before timing starts.
fn prepared(name: &str) -> Prepared {
    let input = inputs().into_iter().find(|i| i.name == name).expect("known input");
    let generator = Generator::new(match &input.config {
        Some(path) => Settings::new().with_config_file(path),
        None => Settings::new(),
    });
    let spec = Spec::from_text(&input.name, input.text.clone()).expect("input loads");
    let (api, _) = generator.lower(&spec).expect("input lowers");
    Prepared { input, generator, spec, api }
}

#[divan::bench(args = INPUTS, sample_count = 10)]
fn floor(bencher: Bencher, name: &str) {
    let p = prepared(name);
    bencher.bench(|| p.input.deserialize_floor());
}

#[divan::bench(args = INPUTS, sample_count = 10)]
fn load(bencher: Bencher, name: &str) {
    let p = prepared(name);
    bencher.bench(|| Spec::from_text(&p.input.name, p.input.text.clone()));
}

#[divan::bench(args = INPUTS, sample_count = 10)]
fn lower(bencher: Bencher, name: &str) {
    let p = prepared(name);
    bencher.bench(|| p.generator.lower(&p.spec));
}

#[divan::bench(args = INPUTS, sample_count = 10)]
fn emit(bencher: Bencher, name: &str) {
    let p = prepared(name);
    bencher.bench(|| codegen::emit(&p.api));
}

/// Emit and render together: tokens are not `Send`, so render alone is
/// timed by the `stages` binary instead.
#[divan::bench(args = INPUTS, sample_count = 10)]
fn emit_and_render(bencher: Bencher, name: &str) {
    let p = prepared(name);
    bencher.bench(|| codegen::render_tokens(codegen::emit(&p.api), &p.input.name));
}

#[divan::bench(args = INPUTS, sample_count = 10)]
fn total(bencher: Bencher, name: &str) {
    let p = prepared(name);
    bencher.bench(|| {
        let spec = Spec::from_text(&p.input.name, p.input.text.clone()).expect("input loads");
        p.generator.render(&spec).map(|r| r.code)
    });
}
