//! Generates the client of every fixture in `tests/fixtures`,
//! `tests/fixtures/swagger2` and `tests/fixtures/openapi31` into OUT_DIR, one module per fixture, so that
//! `cargo build` proves they all compile.

use std::fmt::Write;
use std::path::Path;

/// The fixture folders, each with the prefix that keeps its module names
/// apart from the others'.
const FOLDERS: &[(&str, &str)] = &[("", ""), ("swagger2", "swagger2_"), ("openapi31", "openapi31_")];

fn main() {
    let root = Path::new("../fixtures");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut modules = String::new();
    let mut failed = false;
    for (folder, prefix) in FOLDERS {
        let fixtures = root.join(folder);
        println!("cargo:rerun-if-changed={}", fixtures.display());
        for spec in codegen_fixtures(&fixtures) {
            let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            let config = spec.with_extension("toml");
            println!("cargo:rerun-if-changed={}", spec.display());
            let settings = if config.exists() {
                println!("cargo:rerun-if-changed={}", config.display());
                codegen::Settings::new().with_config_file(&config)
            } else {
                codegen::Settings::new()
            };
            match codegen::Generator::new(settings).render_file(&spec) {
                Ok(rendered) => {
                    let module = module_name(&format!("{prefix}{stem}"));
                    let file = format!("{module}.rs");
                    codegen::write_if_changed(&Path::new(&out_dir).join(&file), &rendered.code)
                        .expect("OUT_DIR is writable");
                    let name = spec.strip_prefix(root).unwrap_or(&spec).to_string_lossy().replace('\\', "/");
                    writeln!(
                        modules,
                        "/// Generated from `tests/fixtures/{name}`.\npub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file}\")); }}",
                    )
                    .expect("writing to a String");
                }
                Err(diags) => {
                    eprintln!("{diags}");
                    failed = true;
                }
            }
        }
    }
    codegen::write_if_changed(&Path::new(&out_dir).join("fixtures.rs"), &modules).expect("OUT_DIR is writable");
    if failed {
        std::process::exit(1);
    }
}

/// The module for a fixture: its stem as an identifier, except that a
/// fixture named `types` would put `types::types` next to each other
/// (clippy's `module_inception`).
fn module_name(stem: &str) -> String {
    match stem.replace(['-', '.'], "_") {
        name if name == "types" => "types_fixture".to_owned(),
        name => name,
    }
}

/// The positive fixtures: specs directly in the folder, sorted.
fn codegen_fixtures(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut specs: Vec<_> = std::fs::read_dir(dir)
        .expect("the fixture folder exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    specs.sort();
    specs
}
