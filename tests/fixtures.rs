//! Snapshot tests of the generator: the formatted output of every fixture in
//! `tests/fixtures`, the located errors of every negative fixture, and
//! determinism. (`tests/compile-fixtures` compiles the same outputs.)

use std::path::Path;

use codegen::{Generator, Settings};

/// The generator for a fixture: with `<stem>.toml` beside it as its config,
/// named relative to the repository like the spec.
fn generator_for(spec: &Path) -> Generator {
    let config = spec.with_extension("toml");
    let settings = if config.exists() { Settings::new().with_config_file(relative(&config)) } else { Settings::new() };
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
        // Warnings go into the snapshot itself (as comments), so that a changed warning is drift too.
        let warnings: String =
            rendered.warnings.to_string().lines().filter(|l| !l.is_empty()).map(|l| format!("// {l}\n")).collect();
        let separator = if warnings.is_empty() { "" } else { "\n" };
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(format!("{warnings}{separator}{}", rendered.code));
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

/// Each negative fixture and the errors it must produce: the JSON pointer
/// each names and a fragment of its message. Fixtures with several problems
/// list them all, so that reporting them together is tested too.
const NEGATIVE: &[(&str, &[(&str, &str)])] = &[
    ("bad-path-template.yaml", &[("#/paths/~1items~1{id", "is never closed")]),
    ("dangling-ref.yaml", &[(DANGLING_REF, "points at nothing")]),
    ("duplicate-key.json", &[("#/components/schemas", "duplicate key `A`")]),
    ("duplicate-key.yaml", &[("#/paths/~1a/get", "duplicate key `operationId`")]),
    ("duplicate-operation-id.yaml", &[("#", "operation `fetch` is ambiguous")]),
    ("external-ref.json", &[(EXTERNAL_REF, "`common.yaml#/components/schemas/Thing` is not supported")]),
    (
        "field-rename-collision.yaml",
        &[("#/components/schemas/Person/properties/full_name", "field name `name` (from Person.full_name)")],
    ),
    ("invalid-model.yaml", &[("#/paths/~1a/get/parameters/0/required", "expected a boolean")]),
    (
        "many-errors.yaml",
        &[
            ("#/paths/~1a/get/responses/200/content/application~1json/schema/$ref", "`#/components/schemas/Nope`"),
            ("#/paths/~1b~1{x", "bad path template"),
            ("#/components/schemas/Loop", "refers to itself"),
        ],
    ),
    ("non-object-root.yaml", &[("#", "not an OpenAPI document")]),
    ("openapi-3-1.yaml", &[("#/openapi", "unsupported OpenAPI version `3.1.0`")]),
    ("ref-cycle.yaml", &[("#/components/schemas/First", "refers to itself")]),
    (
        "rename-collision.yaml",
        &[("#/components/schemas/Beta", "type name `Shared` (from Beta) is already used by Alpha")],
    ),
    ("swagger-1-2.json", &[("#/swagger", "unsupported OpenAPI version `swagger 1.2`")]),
    ("unknown-config-key.yaml", &[("#", "unknown field `body_format`")]),
    ("wrong-kind-ref.yaml", &[("#/paths/~1a/get/parameters/0/$ref", "`#/components/schemas/Limit` is not supported")]),
];

const DANGLING_REF: &str = "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/b/$ref";
const EXTERNAL_REF: &str = "#/paths/~1a/post/requestBody/content/application~1json/schema/$ref";

#[test]
fn negative_fixtures_fail_with_located_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/negative");
    let mut listed: Vec<&str> = NEGATIVE.iter().map(|(file, _)| *file).collect();
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
    for (file, expected) in NEGATIVE {
        let spec = dir.join(file);
        let diags = match render(&spec) {
            Ok(_) => panic!("{file} should fail"),
            Err(diags) => diags,
        };
        let errors: Vec<String> = diags.errors().map(ToString::to_string).collect();
        for (pointer, fragment) in *expected {
            let hit =
                diags.errors().any(|d| d.location.pointer == *pointer && d.problem.to_string().contains(fragment));
            assert!(
                hit,
                "{file}: expected an error at `{pointer}` containing `{fragment}`, got:\n{}",
                errors.join("\n")
            );
        }
        // The spec, or for config errors its `<stem>.toml`, is named in every message.
        let names = [relative(&spec), relative(&spec.with_extension("toml"))];
        for error in &errors {
            assert!(names.iter().any(|name| error.contains(name.as_str())), "{file}: error names no file: {error}");
        }
    }
}
