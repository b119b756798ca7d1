//! `codegen diff` as a library: every pair of specs in `tests/diff/` (one
//! per kind of change: `<case>.old.*`, `<case>.new.*`, with `<case>.toml` as
//! the config of both and `<case>.old.toml`, when present, as the old one's)
//! gives exactly the changes listed here, each classified as listed. Also:
//! no spec differs from itself, the Swagger rendition of our spec gives the
//! same client, and the reports are snapshotted for the worked example in docs/generator.md.
//! (`tests/reference.rs` diffs the vendor's own files.)

use std::path::{Path, PathBuf};

use codegen::diff::{Kind, Report};
use codegen::{Generator, Settings, Spec};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(relative: &str) -> Spec {
    let text = std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    Spec::from_text(relative, text).unwrap_or_else(|diags| panic!("{relative} does not load:\n{diags}"))
}

fn generator(config: Option<PathBuf>) -> Generator {
    Generator::new(match config {
        Some(path) => Settings::new().with_config_file(path),
        None => Settings::new(),
    })
}

/// `tests/diff/<case>.<which>.yaml` or `.json`, relative to the repository.
fn spec_file(case: &str, which: &str) -> String {
    ["yaml", "json"]
        .iter()
        .map(|ext| format!("tests/diff/{case}.{which}.{ext}"))
        .find(|path| root().join(path).exists())
        .unwrap_or_else(|| panic!("tests/diff/{case}.{which}.yaml (or .json) is missing"))
}

fn report(case: &str) -> Report {
    let config = |name: String| Some(root().join(name)).filter(|path| path.exists());
    let new_generator = generator(config(format!("tests/diff/{case}.toml")));
    let old_generator = config(format!("tests/diff/{case}.old.toml")).map(|path| generator(Some(path)));
    let (old, new) = (load(&spec_file(case, "old")), load(&spec_file(case, "new")));
    new_generator
        .diff_from(old_generator.as_ref().unwrap_or(&new_generator), &old, &new)
        .unwrap_or_else(|diags| panic!("{case}: {diags}"))
}

/// (kind, operation or "" for the client, location, breaking)
type Expected = (&'static str, &'static str, &'static str, bool);

const B: bool = true;
const NB: bool = false;

const CASES: &[(&str, &[Expected])] = &[
    (
        "operations",
        &[
            ("operation_removed", "deletePet", "method", B),
            ("operation_renamed", "fetchPets", "method", B),
            ("operation_added", "createPet", "method", NB),
            ("route_changed", "getPet", "method", NB),
            ("deprecation_changed", "getPet", "method", NB),
        ],
    ),
    (
        "parameters",
        &[
            ("parameters_reordered", "getPair", "path parameters", B),
            ("route_changed", "getPair", "method", NB),
            ("parameter_added", "getPlain", "query parameter verbose", B),
            ("parameter_added", "listPets", "header parameter X-Trace", B),
            ("type_changed", "listPets", "path parameter owner", B),
            ("parameter_added", "listPets", "query parameter limit", B),
            ("parameter_removed", "listPets", "query parameter page", B),
            ("optionality_changed", "listPets", "query parameter sort", B),
            ("rules_changed", "listPets", "query parameter q", NB),
        ],
    ),
    (
        "request-fields",
        &[
            ("type_changed", "createPet", "request body .age", B),
            // `Option<String>` → `Option<Option<String>>`: absent and null became two things to send.
            ("optionality_changed", "createPet", "request body .alias", B),
            ("field_added", "createPet", "request body .color", B),
            ("type_changed", "createPet", "request body .kind", B),
            ("field_removed", "createPet", "request body .legacy", B),
            ("optionality_changed", "createPet", "request body .nickname", B),
            // `Option<Option<String>>` → `Option<String>`: required now, so never absent.
            ("optionality_changed", "createPet", "request body .note", B),
            ("optionality_changed", "createPet", "request body .tag", B),
            ("field_added", "createPet", "request body .weight", B),
            ("rules_changed", "createPet", "request body .name", NB),
        ],
    ),
    (
        "response-fields",
        &[
            ("field_removed", "getPet", "response .legacy", B),
            ("optionality_changed", "getPet", "response .name", B),
            ("type_changed", "getPet", "response .score", B),
            ("optionality_changed", "getPet", "response .tag", B),
            ("field_added", "getPet", "response .born", NB),
            ("field_added", "getPet", "response .color", NB),
            ("required_changed", "getPet", "response .note", NB),
            ("deprecation_changed", "getPet", "response .owner", NB),
        ],
    ),
    (
        "enums",
        &[
            ("enum_value_removed", "getMood", "response .level", B),
            ("enum_value_added", "getMood", "response .mood", NB),
            ("enum_value_removed", "setMood", "request body .mood", B),
            ("enum_value_added", "setMood", "request body .mood", NB),
        ],
    ),
    (
        "closed-enums",
        &[
            ("enum_value_removed", "getMood", "response .level", B),
            ("enum_value_added", "getMood", "response .mood", B),
            ("enum_value_removed", "setMood", "request body .mood", B),
            ("enum_value_added", "setMood", "request body .mood", NB),
        ],
    ),
    (
        "nested",
        &[
            ("type_changed", "getTree", "response .labels{}.text", B),
            ("type_changed", "getTree", "response .meta.*", B),
            ("field_added", "getTree", "response .size", NB),
        ],
    ),
    ("renamed-types", &[("type_renamed", "getPet", "response", B)]),
    (
        "unions",
        &[
            ("union_variant_removed", "addPet", "request body", B),
            ("type_changed", "addPet", "request body ::Cat.lives", B),
            ("union_variant_added", "anyPet", "response", B),
            ("type_changed", "anyPet", "response ::Cat.lives", B),
            ("type_changed", "feedPet", "request body ::Cat.lives", B),
            ("union_variant_added", "feedPet", "request body", NB),
        ],
    ),
    (
        "bodies",
        &[
            ("body_added", "addBody", "request body", B),
            ("type_changed", "addBody", "response", B),
            ("body_removed", "dropBody", "request body", B),
            ("optionality_changed", "optionalBody", "request body", B),
            ("body_encoding_changed", "formBody", "request body", NB),
        ],
    ),
    (
        "errors",
        &[
            ("field_removed", "getPet", "error 400 body .message", B),
            ("field_added", "getPet", "error 400 body .code", NB),
            ("error_added", "getPet", "error 404", NB),
            ("error_removed", "getPet", "error 500", NB),
        ],
    ),
    (
        "config-changes",
        &[
            ("client_renamed", "", "client", B),
            ("base_url_changed", "", "client", NB),
            ("operation_renamed", "getPet", "method", B),
            ("auth_changed", "getPet", "method", NB),
            ("type_renamed", "getPet", "response", B),
            ("field_renamed", "getPet", "response .name", B),
            ("type_renamed", "getPet", "response .status", B),
            ("enum_variant_renamed", "getPet", "response .status", B),
            ("enum_openness_changed", "getPet", "response .status", B),
            ("enum_value_added", "getPet", "response .status", NB),
        ],
    ),
    ("swagger-mix", &[("field_added", "getPet", "response .tag", NB)]),
    ("openapi31-mix", &[("field_added", "getPet", "response .tag", NB)]),
    (
        "otp",
        &[
            ("optionality_changed", "confirmOTP", "request body .otp", B),
            ("field_removed", "confirmOTP", "response .birth", B),
            ("field_removed", "getCertification", "response .birth", B),
            ("field_added", "requestOTP", "request body .channel_key", B),
            ("enum_value_added", "confirmOTP", "response .carrier", NB),
            ("enum_value_added", "getCertification", "response .carrier", NB),
        ],
    ),
];

fn tuples(report: &Report) -> Vec<(String, String, String, bool)> {
    let mut out: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.kind.as_str().to_owned(), c.operation.clone().unwrap_or_default(), c.location.clone(), c.breaking))
        .collect();
    out.sort();
    out
}

#[test]
fn every_pair_gives_exactly_the_expected_changes() {
    for (case, expected) in CASES {
        let report = report(case);
        let mut want: Vec<_> =
            expected.iter().map(|(k, o, l, b)| ((*k).to_owned(), (*o).to_owned(), (*l).to_owned(), *b)).collect();
        want.sort();
        assert_eq!(tuples(&report), want, "{case}:\n{}", report.to_text());
        assert_eq!(report.breaking, expected.iter().any(|e| e.3), "{case}");
    }
}

#[test]
fn every_kind_of_change_has_a_pair() {
    let covered: Vec<&str> = CASES.iter().flat_map(|(_, changes)| changes.iter().map(|c| c.0)).collect();
    for kind in Kind::ALL {
        assert!(covered.contains(&kind.as_str()), "no pair in tests/diff shows `{}`", kind.as_str());
    }
}

#[test]
fn every_pair_is_listed() {
    for entry in std::fs::read_dir(root().join("tests/diff")).expect("tests/diff is readable").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(case) = name.split('.').next() else { continue };
        assert!(CASES.iter().any(|(c, _)| *c == case), "tests/diff/{name} belongs to no case in tests/diff.rs");
    }
}

#[test]
fn no_spec_differs_from_itself() {
    for (case, _) in CASES {
        for which in ["old", "new"] {
            let spec = load(&spec_file(case, which));
            let config = Some(root().join(format!("tests/diff/{case}.toml"))).filter(|p| p.exists());
            let report = generator(config).diff(&spec, &spec).unwrap_or_else(|d| panic!("{case}: {d}"));
            assert!(report.changes.is_empty(), "{case}.{which}:\n{}", report.to_text());
            assert!(!report.breaking);
        }
    }
}

/// Our spec and its Swagger 2.0 rendition generate the same client API.
#[test]
fn our_spec_and_its_swagger_rendition_give_the_same_client() {
    let generator = generator(Some(root().join("spec/codegen.toml")));
    let ours = load("spec/iamport-certification.yaml");
    let theirs = load("tests/spec/iamport-certification.swagger.json");
    let report = generator.diff(&ours, &theirs).expect("both generate");
    assert!(report.changes.is_empty(), "{}", report.to_text());
}

/// Our specs and their OpenAPI 3.1 renditions (`tests/spec/*.31.yaml`)
/// generate the same code, line for line but the header.
#[test]
fn our_specs_and_their_openapi31_renditions_give_the_same_code() {
    for (spec, config) in
        [("iamport-certification", "spec/codegen.toml"), ("portone-v2-identity", "spec/portone-v2.toml")]
    {
        let generator = generator(Some(root().join(config)));
        let ours = load(&format!("spec/{spec}.yaml"));
        let theirs = load(&format!("tests/spec/{spec}.31.yaml"));
        assert_eq!(theirs.version, codegen::Version::OpenApi31);
        let report = generator.diff(&ours, &theirs).expect("both generate");
        assert!(report.changes.is_empty(), "{}", report.to_text());
        let code = |spec: &Spec| {
            let rendered = generator.render(spec).expect("generates");
            rendered.code.lines().skip(1).map(str::to_owned).collect::<Vec<_>>()
        };
        assert!(code(&ours) == code(&theirs), "{spec}: the 3.1 rendition generates other code");
    }
}

#[test]
fn reports_are_deterministic() {
    for (case, _) in CASES {
        assert_eq!(report(case), report(case), "{case}");
        assert_eq!(report(case).to_json(), report(case).to_json(), "{case}");
    }
}

#[test]
fn the_readme_example_reports_as_snapshotted() {
    let report = report("otp");
    insta::assert_snapshot!("otp_text", report.to_text());
    insta::assert_snapshot!("otp_json", report.to_json());
}

#[test]
fn json_reports_have_the_documented_shape() {
    for (case, _) in CASES {
        let json: serde_json::Value = serde_json::from_str(&report(case).to_json()).expect("valid JSON");
        let keys: Vec<&String> = json.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["breaking", "old", "new", "changes"], "{case}");
        for change in json["changes"].as_array().expect("an array") {
            let keys: Vec<&String> = change.as_object().expect("an object").keys().collect();
            assert_eq!(keys, ["kind", "breaking", "operation", "location", "old", "new", "message"], "{case}");
        }
    }
}

/// A bad spec on either side is an error naming it; both sides' errors are reported.
#[test]
fn bad_specs_are_errors_not_panics() {
    let good = load("tests/diff/otp.old.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n";
    let bad = Spec::from_text("bad.yaml", text.into()).expect("it loads; lowering fails");
    let generator = Generator::default();
    let errors = generator.diff(&good, &bad).expect_err("the $ref points at nothing");
    assert!(errors.to_string().contains("bad.yaml:11:24 (#/paths"), "{errors}");
    let also_bad = Spec::from_text("also-bad.yaml", text.into()).expect("it loads");
    let both = generator.diff(&bad, &also_bad).expect_err("still bad");
    let both = both.to_string();
    assert!(both.contains(" bad.yaml:11:24 (#/paths") && both.contains("also-bad.yaml:11:24 (#/paths"), "{both}");
    let broken = Generator::new(Settings::new().with_config_file(root().join("tests/diff/missing.toml")));
    let errors = broken.diff(&good, &good).expect_err("the config is missing");
    assert!(errors.to_string().contains("missing.toml"), "{errors}");
}

/// Whatever two fixtures are compared, diffing does not panic.
#[test]
fn any_two_fixtures_compare_without_panicking() {
    let mut specs = Vec::new();
    for dir in ["tests/fixtures", "tests/diff"] {
        let mut names: Vec<String> = std::fs::read_dir(root().join(dir))
            .expect("readable")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
            .collect();
        names.sort();
        for name in names {
            let relative = format!("{dir}/{name}");
            let text = std::fs::read_to_string(root().join(&relative)).expect("readable");
            if let Ok(spec) = Spec::from_text(&relative, text) {
                specs.push(spec);
            }
        }
    }
    let generator = Generator::default();
    for old in &specs {
        for new in &specs {
            let _ = generator.diff(old, new);
        }
    }
}
