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

/// Each negative fixture and the errors it must produce: the JSON pointer
/// each names and a fragment of its message. Fixtures with several problems
/// list them all, so that reporting them together is tested too.
const NEGATIVE: &[(&str, &[(&str, &str)])] = &[
    (
        "all-of-cycle.yaml",
        &[
            ("#/components/schemas/Extended/allOf/0", "`allOf` includes `#/components/schemas/Extended`"),
            ("#/components/schemas/Second/allOf/0", "`allOf` includes `#/components/schemas/First`"),
        ],
    ),
    ("bad-path-template.yaml", &[("#/paths/~1items~1{id", "is never closed")]),
    ("dangling-ref.yaml", &[(DANGLING_REF, "points at nothing")]),
    // A `$ref` written with a description beside it is reported where it is written, not where the loader moved it.
    (
        "dangling-described-ref.yaml",
        &[
            ("#/paths/~1a/get/parameters/0/schema/$ref", "`#/components/schemas/NoCode` points at nothing"),
            ("#/components/schemas/Thing/properties/owner/$ref", "`#/components/schemas/NoOwner` points at nothing"),
            ("#/components/schemas/Thing/properties/tags/items/$ref", "`#/components/schemas/NoTag` points at nothing"),
        ],
    ),
    // Deep and invalid: found node by node in linear time (the model alone takes exponential time).
    ("deep-invalid.json", &[(DEEP_INVALID, "expected usize")]),
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
    ("openapi-3-2.yaml", &[("#/openapi", "unsupported OpenAPI version `3.2.0`")]),
    (
        "openapi31-dialect.yaml",
        &[("#/jsonSchemaDialect", "JSON Schema dialect `https://json-schema.org/draft-04/schema`")],
    ),
    (
        "openapi31-dynamic-ref.yaml",
        &[("#/components/schemas/Page/properties/items/items/$dynamicRef", "`$dynamicRef`")],
    ),
    // Each reported where the 3.1 file writes it, although the conversion moved it.
    (
        "openapi31-moved-errors.yaml",
        &[
            (
                "#/components/schemas/Thing/properties/owner/anyOf/1/$ref",
                "`#/components/schemas/NoOwner` points at nothing",
            ),
            (
                "#/components/schemas/Thing/properties/gift/properties/wrapping/$ref",
                "`#/components/schemas/NoWrapping` points at nothing",
            ),
            ("#/components/schemas/Thing/properties/pair/prefixItems/1/$ref", "`#/components/schemas/NoSecond`"),
        ],
    ),
    // Moved into the integer member of an `anyOf`: still reported where the 3.1 file writes it.
    (
        "openapi31-moved-model-error.yaml",
        &[("#/components/schemas/Thing/properties/count/minimum", "expected a JSON number")],
    ),
    ("ref-cycle.yaml", &[("#/components/schemas/First", "refers to itself")]),
    (
        "rename-collision.yaml",
        &[("#/components/schemas/Beta", "type name `Shared` (from Beta) is already used by Alpha")],
    ),
    ("swagger-1-2.json", &[("#/swagger", "unsupported OpenAPI version `swagger 1.2`")]),
    (
        "self-containing.yaml",
        &[
            ("#/components/schemas/Described", "`Described` stands only for itself (`Described` → `Described`)"),
            ("#/components/schemas/Either/oneOf", "`Either` stands only for itself"),
            ("#/components/schemas/Ping", "(`Ping` → `Pong` → `Ping`)"),
        ],
    ),
    (
        "swagger2-bad-security.yaml",
        &[
            ("#/securityDefinitions/key/in", "needs `in`"),
            ("#/securityDefinitions/oauth/flow", "an oauth2 `flow` is one of"),
            ("#/securityDefinitions/token/type", "`type` is one of basic, apiKey, oauth2"),
        ],
    ),
    (
        "swagger2-body-without-schema.yaml",
        &[("#/paths/~1a/post/parameters/0", "needs a `schema`"), ("#/parameters/Shared", "needs a `schema`")],
    ),
    (
        "swagger2-dangling-refs.yaml",
        &[
            ("#/paths/~1a/post/parameters/0/schema/$ref", "`#/definitions/Missing` points at nothing"),
            ("#/paths/~1a/post/responses/200/schema/$ref", "`#/definitions/Gone` points at nothing"),
            ("#/paths/~1b/post/parameters/0/items/$ref", "`#/definitions/Tag` points at nothing"),
            ("#/definitions/Thing/properties/parent/$ref", "`#/definitions/Nowhere` points at nothing"),
            ("#/definitions/Thing/properties/sibling/$ref", "`#/definitions/Absent` points at nothing"),
        ],
    ),
    (
        "swagger2-missing-global-parameter.yaml",
        &[("#/paths/~1a/get/parameters/1/$ref", "`#/parameters/Offset` points at nothing")],
    ),
    ("swagger2-model-error.json", &[("#/paths/~1a/get/responses/200/schema/required", "expected a sequence")]),
    (
        "swagger2-non-string-ref.yaml",
        &[
            ("#/paths/~1a/get/parameters/0/$ref", "`$ref` must be a string"),
            ("#/paths/~1a/get/responses/200/$ref", "`$ref` must be a string"),
            ("#/definitions/Thing/properties/other/$ref", "`$ref` must be a string"),
        ],
    ),
    (
        "swagger2-operation-not-object.json",
        &[("#/paths/~1a/get", "an operation must be an object"), ("#/paths/~1b", "a path item must be an object")],
    ),
    (
        "swagger2-parameter-without-in.json",
        &[
            ("#/parameters/Broken/in", "a parameter needs `in`"),
            ("#/paths/~1a~1{id}/parameters/0/in", "a parameter needs `in`"),
            ("#/paths/~1a~1{id}/get/parameters/0/in", "a parameter needs `in`"),
        ],
    ),
    ("swagger2-paths-not-object.yaml", &[("#/paths", "`paths` must be an object")]),
    (
        "swagger2-wrong-kind-ref.yaml",
        &[("#/paths/~1a/get/parameters/0/$ref", "`#/definitions/Limit` is not supported: a parameter can only refer")],
    ),
    ("unknown-config-key.yaml", &[("#", "unknown field `body_format`")]),
    ("wrong-kind-ref.yaml", &[("#/paths/~1a/get/parameters/0/$ref", "`#/components/schemas/Limit` is not supported")]),
];

const DEEP_INVALID: &str = "#/paths/~1d/get/responses/200/content/application~1json/schema/properties/l38/properties/l37/properties/l36/properties/l35/properties/l34/properties/l33/properties/l32/properties/l31/properties/l30/properties/l29/properties/l28/properties/l27/properties/l26/properties/l25/properties/l24/properties/l23/properties/l22/properties/l21/properties/l20/properties/l19/properties/l18/properties/l17/properties/l16/properties/l15/properties/l14/properties/l13/properties/l12/properties/l11/properties/l10/properties/l9/properties/l8/properties/l7/properties/l6/properties/l5/properties/l4/properties/l3/properties/l2/properties/l1/maxLength";
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
        // A `$ref` is reported where the user's file has it, with its line and column.
        for error in diags.errors().filter(|d| d.location.pointer.ends_with("/$ref")) {
            assert!(error.location.position.is_some(), "{file}: no line and column for {error}");
        }
        // The spec, or for config errors its `<stem>.toml`, is named in every message.
        let names = [relative(&spec), relative(&spec.with_extension("toml"))];
        for error in &errors {
            assert!(names.iter().any(|name| error.contains(name.as_str())), "{file}: error names no file: {error}");
        }
    }
}
