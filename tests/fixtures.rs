//! Snapshot tests of the generator: the formatted output of every fixture in
//! `tests/fixtures`, the located errors of every negative fixture, and
//! determinism. Swagger 2.0 and OpenAPI 3.1 fixtures (`tests/fixtures/swagger2`,
//! `tests/fixtures/openapi31`) are also snapshotted as the OpenAPI 3.0
//! document they convert to, and some are checked against an OpenAPI 3.0
//! equivalent. (`tests/compile-fixtures`
//! compiles the same outputs.)

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
    render_with(spec, &generator_for(spec))
}

fn render_with(spec: &Path, generator: &Generator) -> Result<codegen::Rendered, codegen::Diagnostics> {
    let text = std::fs::read_to_string(spec).expect("fixture is readable");
    let spec_value = codegen::Spec::from_text(&relative(spec), text)?;
    generator.render(&spec_value)
}

/// Diagnostics as `//` comment lines, then a blank line; nothing when there
/// are none.
fn as_comments(diags: &codegen::Diagnostics) -> String {
    let lines: String = diags.to_string().lines().filter(|l| !l.is_empty()).map(|l| format!("// {l}\n")).collect();
    if lines.is_empty() { lines } else { lines + "\n" }
}

/// The generated code of a fixture, its warnings first as comments (so that
/// a changed warning is drift too).
fn rendered_with_warnings(spec: &Path) -> String {
    let rendered = render(spec).unwrap_or_else(|diags| panic!("{} failed:\n{diags}", spec.display()));
    format!("{}{}", as_comments(&rendered.warnings), rendered.code)
}

/// The OpenAPI 3.0 document a Swagger 2.0 or OpenAPI 3.1 fixture converts to, pretty JSON,
/// every conversion warning first as comments.
fn converted(spec: &Path) -> String {
    let text = std::fs::read_to_string(spec).expect("fixture is readable");
    let (document, warnings) = codegen::to_openapi3(&relative(spec), &text)
        .unwrap_or_else(|diags| panic!("{} does not convert:\n{diags}", spec.display()));
    let json = serde_json::to_string_pretty(&document).expect("a JSON value serialises");
    format!("{}{json}\n", as_comments(&warnings))
}

#[test]
fn fixtures_generate_the_snapshotted_code() {
    insta::glob!("fixtures/*.{yaml,yml,json}", |spec| {
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(rendered_with_warnings(spec));
        });
    });
}

/// Each Swagger 2.0 fixture twice: the converted document, so that a change
/// of the conversion shows on its own, and the generated code.
#[test]
fn swagger2_fixtures_convert_and_generate_the_snapshotted_code() {
    insta::glob!("fixtures/swagger2/*.{yaml,yml,json}", |spec| {
        let version = codegen::Spec::from_file(spec).map(|s| s.version).ok();
        assert_eq!(version, Some(codegen::Version::Swagger20), "{} is not a Swagger 2.0 document", spec.display());
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!("swagger2_converted", converted(spec));
            insta::assert_snapshot!("swagger2_generated", rendered_with_warnings(spec));
        });
    });
}

/// Each OpenAPI 3.1 fixture twice, like the Swagger 2.0 ones: the OpenAPI
/// 3.0 document it converts to, and the generated code.
#[test]
fn openapi31_fixtures_convert_and_generate_the_snapshotted_code() {
    insta::glob!("fixtures/openapi31/*.{yaml,yml,json}", |spec| {
        let version = codegen::Spec::from_file(spec).map(|s| s.version).ok();
        assert_eq!(version, Some(codegen::Version::OpenApi31), "{} is not an OpenAPI 3.1 document", spec.display());
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!("openapi31_converted", converted(spec));
            insta::assert_snapshot!("openapi31_generated", rendered_with_warnings(spec));
        });
    });
}

/// `tests/fixtures/<folder>/equivalents/<stem>.yaml` says in OpenAPI 3.0
/// what `tests/fixtures/<folder>/<stem>.*` says in Swagger 2.0 or OpenAPI
/// 3.1. With the original fixture's config, both generate the same code but
/// for the header line, which names the file. Returns how many were checked.
fn equivalents_generate_the_same_code(folder: &str) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(folder);
    let mut checked = 0;
    for equivalent in specs_in(&dir.join("equivalents")) {
        let stem = equivalent.file_stem().expect("a file name");
        let original = ["yaml", "yml", "json"]
            .iter()
            .map(|ext| dir.join(stem).with_extension(ext))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{} has no fixture beside it", equivalent.display()));
        let generator = generator_for(&original);
        let code = |spec: &Path| {
            let rendered =
                render_with(spec, &generator).unwrap_or_else(|diags| panic!("{} failed:\n{diags}", spec.display()));
            assert_eq!(rendered.code.lines().next(), Some(header(spec).as_str()));
            rendered.code.lines().skip(1).map(str::to_owned).collect::<Vec<_>>()
        };
        let (ours, theirs) = (code(&original), code(&equivalent));
        assert!(ours == theirs, "{} and its equivalent differ:\n{}", original.display(), diff(&theirs, &ours));
        checked += 1;
    }
    checked
}

#[test]
fn swagger2_fixtures_generate_what_their_openapi3_equivalents_generate() {
    let checked = equivalents_generate_the_same_code("swagger2");
    assert!(checked >= 5, "only {checked} equivalents found");
}

#[test]
fn openapi31_fixtures_generate_what_their_openapi30_equivalents_generate() {
    let checked = equivalents_generate_the_same_code("openapi31");
    assert!(checked >= 3, "only {checked} equivalents found");
}

fn header(spec: &Path) -> String {
    format!("// @generated by codegen {} from `{}`.", env!("CARGO_PKG_VERSION"), relative(spec))
}

/// The lines that differ, for a failure message.
fn diff(expected: &[String], actual: &[String]) -> String {
    let mut out = String::new();
    for line in expected.iter().filter(|l| !actual.contains(l)) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in actual.iter().filter(|l| !expected.contains(l)) {
        out.push_str(&format!("+ {line}\n"));
    }
    if out.is_empty() { "(the same lines in another order)".into() } else { out }
}

/// The specs directly in `dir`, sorted.
fn specs_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut specs: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    specs.retain(|p: &std::path::PathBuf| {
        matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"))
    });
    specs.sort();
    specs
}

#[test]
fn generation_is_deterministic() {
    insta::glob!("fixtures/*.{yaml,yml,json}", |spec| {
        let first = render(spec).map(|r| r.code).map_err(|d| d.to_string());
        let second = render(spec).map(|r| r.code).map_err(|d| d.to_string());
        assert_eq!(first, second, "{}", spec.display());
        // Rendering formats items in parallel chunks; the text is that of formatting the whole file at once.
        let text = std::fs::read_to_string(spec).expect("fixture is readable");
        let spec_value = codegen::Spec::from_text(&relative(spec), text).expect("fixture loads");
        let generated = generator_for(spec).generate(&spec_value).expect("fixture generates");
        let whole = codegen::render_tokens(generated.tokens, &spec_value.name);
        assert_eq!(first, whole, "{}", spec.display());
    });
}

#[test]
fn conversion_and_generation_are_deterministic() {
    insta::glob!("fixtures/{swagger2,openapi31}/*.{yaml,yml,json}", |spec| {
        assert_eq!(converted(spec), converted(spec), "{}", spec.display());
        let first = render(spec).map(|r| (r.code, r.warnings.to_string())).map_err(|d| d.to_string());
        let second = render(spec).map(|r| (r.code, r.warnings.to_string())).map_err(|d| d.to_string());
        assert_eq!(first, second, "{}", spec.display());
    });
}

/// Each negative fixture has its expected diagnostics beside it, as the
/// command line prints them (`<fixture>.stderr`: message, file, line,
/// column, pointer and the offending line): they must match exactly.
/// `BLESS=1 cargo test --test fixtures` writes them after a reviewed change.
#[test]
fn negative_fixtures_fail_with_the_diagnostics_beside_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/negative");
    let bless = std::env::var_os("BLESS").is_some();
    let mut entries: Vec<String> = std::fs::read_dir(&dir)
        .expect("the negative fixtures are readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    let fixtures: Vec<&String> = entries.iter().filter(|n| !n.ends_with(".toml") && !n.ends_with(".stderr")).collect();
    assert!(fixtures.len() >= 30, "negative fixtures are missing: {fixtures:?}");
    for stale in entries.iter().filter_map(|n| n.strip_suffix(".stderr")) {
        assert!(entries.iter().any(|n| n == stale), "{stale}.stderr has no fixture");
    }
    let mut mismatched = Vec::new();
    for file in fixtures {
        let spec = dir.join(file);
        let diags = match render(&spec) {
            Ok(_) => panic!("{file} should fail"),
            Err(diags) => diags,
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shown = diags.render(|name| std::fs::read_to_string(root.join(name)).ok());
        let expected_at = dir.join(format!("{file}.stderr"));
        if bless {
            std::fs::write(&expected_at, &shown).expect("the expectation is writable");
        } else {
            match std::fs::read_to_string(&expected_at) {
                Ok(expected) if expected == shown => {}
                Ok(expected) => mismatched.push(format!("{file}: expected\n{expected}\ngot\n{shown}")),
                Err(_) => mismatched.push(format!("{file}: no {file}.stderr; got\n{shown}")),
            }
        }
        // A `$ref` is reported where the user's file has it, with its line and column.
        for error in diags.errors().filter(|d| d.location.pointer.ends_with("/$ref")) {
            assert!(error.location.position.is_some(), "{file}: no line and column for {error}");
        }
        // The spec, or for config errors its `<stem>.toml`, is named in every message.
        let names = [relative(&spec), relative(&spec.with_extension("toml"))];
        for error in diags.errors().map(ToString::to_string) {
            assert!(names.iter().any(|name| error.contains(name.as_str())), "{file}: error names no file: {error}");
        }
        assert!(diags.has_errors(), "{file}: warnings only");
    }
    assert!(mismatched.is_empty(), "(BLESS=1 rewrites them after review)\n{}", mismatched.join("\n\n"));
}
