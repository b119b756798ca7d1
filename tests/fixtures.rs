//! Snapshot tests of the generator: the formatted output of every fixture in
//! `tests/fixtures`, the located errors of every negative fixture, and
//! determinism. (`tests/compile-fixtures` compiles the same outputs.)

use std::path::Path;

use codegen::{Generator, Settings};

fn generator_for(spec: &Path) -> Generator {
    let config = spec.with_extension("toml");
    let settings = if config.exists() { Settings::new().with_config_file(config) } else { Settings::new() };
    Generator::new(settings)
}

/// The file name relative to the repository, with `/` separators, so that
/// headers and messages do not depend on the machine.
fn relative(spec: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    spec.strip_prefix(root).unwrap_or(spec).to_string_lossy().replace('\\', "/")
}

fn render(spec: &Path) -> Result<codegen::Rendered, codegen::Diagnostics> {
    let text = std::fs::read_to_string(spec).expect("fixture is readable");
    let spec_value = codegen::Spec::from_text(&relative(spec), text)?;
    generator_for(spec).render(&spec_value)
}

#[test]
fn fixtures_generate_the_snapshotted_code() {
    insta::glob!("fixtures/*.{yaml,yml,json}", |spec| {
        let rendered = render(spec).unwrap_or_else(|diags| panic!("{} failed:\n{diags}", spec.display()));
        let warnings: Vec<String> = rendered.warnings.iter().map(ToString::to_string).collect();
        insta::with_settings!({ description => warnings.join("\n"), omit_expression => true }, {
            insta::assert_snapshot!(rendered.code);
        });
    });
}

#[test]
fn generation_is_deterministic() {
    insta::glob!("fixtures/*.{yaml,yml,json}", |spec| {
        let first = render(spec).map(|r| r.code).map_err(|d| d.to_string());
        let second = render(spec).map(|r| r.code).map_err(|d| d.to_string());
        assert_eq!(first, second, "{}", spec.display());
    });
}

/// Each negative fixture, the JSON pointer its first error must name, and a
/// fragment of that error's message.
const NEGATIVE: &[(&str, &str, &str)] = &[];

#[test]
fn negative_fixtures_fail_with_located_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/negative");
    let mut listed: Vec<&str> = NEGATIVE.iter().map(|(file, _, _)| *file).collect();
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    present.sort();
    assert_eq!(listed, present, "every negative fixture needs an expectation, and every expectation a fixture");
    for (file, pointer, fragment) in NEGATIVE {
        let spec = dir.join(file);
        let diags = match render(&spec) {
            Ok(_) => panic!("{file} should fail"),
            Err(diags) => diags,
        };
        let errors: Vec<String> = diags.errors().map(ToString::to_string).collect();
        let hit = diags
            .errors()
            .any(|d| d.location.pointer == *pointer && d.problem.to_string().contains(fragment));
        assert!(hit, "{file}: expected an error at `{pointer}` containing `{fragment}`, got:\n{}", errors.join("\n"));
        assert!(errors.iter().all(|e| e.contains(&relative(&spec))), "{file}: errors must name the file");
    }
}
