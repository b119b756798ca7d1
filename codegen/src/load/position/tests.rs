use serde_json::Value;

use super::*;
use crate::diag::{Location, Problem};

const YAML: &str = r#"openapi: 3.0.3
paths:
  /a:
    get:
      responses:
        200:
          description: OK
        "404": {description: Missing}
components:
  schemas:
    A:
      type: string
      maxLength: "88"
    'q~k/x': {type: string}
    List:
      type: array
      items: [{a: 1}, [10, 20, [30]]]
    Block:
      - first
      - - nested
        - key: v
? multi
  line
: 1
? "quoted
  multi"
: 2
"#;

#[test]
fn finds_yaml_nodes() {
    let cases: &[(&str, Option<Pos>)] = &[
        ("#", Some((1, 1))),
        ("", Some((1, 1))),
        ("#/openapi", Some((1, 1))),
        ("#/paths", Some((2, 1))),
        ("#/paths/~1a", Some((3, 3))),
        ("#/paths/~1a/get/responses/200", Some((6, 9))),
        ("#/paths/~1a/get/responses/200/description", Some((7, 11))),
        ("#/paths/~1a/get/responses/404/description", Some((8, 17))),
        ("#/components/schemas/A/maxLength", Some((13, 7))),
        ("#/components/schemas/q~0k~1x/type", Some((14, 15))),
        ("#/components/schemas/List/items/0/a", Some((17, 16))),
        ("#/components/schemas/List/items/1/2/0", Some((17, 33))),
        ("#/components/schemas/Block/0", Some((19, 9))),
        ("#/components/schemas/Block/1/0", Some((20, 11))),
        ("#/components/schemas/Block/1/1/key", Some((21, 11))),
        ("#/multi line", Some((22, 3))),
        ("#/quoted multi", Some((25, 3))),
        // Absent, into a scalar, past the end of an array, malformed.
        ("#/nope", None),
        ("#/paths/~1b", None),
        ("#/components/schemas/A/type/x", None),
        ("#/components/schemas/List/items/5", None),
        ("#/components/schemas/q~k~1x", None),
        ("#/paths/~2a", None),
        ("paths", None),
    ];
    let positions = Positions::index(YAML, Format::Yaml, cases.iter().map(|(p, _)| *p));
    for (pointer, expected) in cases {
        assert_eq!(positions.get(pointer), *expected, "{pointer}");
        assert_eq!(locate(YAML, Format::Yaml, pointer), *expected, "{pointer} alone");
    }
}

const JSON: &str = "{\r
  \"openapi\": \"3.0.3\",\r
  \"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"description\": \"OK \\\" }\"}}}}},\r
  \"esc\\\"aped\\/\": [1, {\"k\\u00e9y\": true}, [[], [null, \"x\"]], -2.5e3],\r
  \"한글\": {\"키\": 1, \"\\ud83d\\ude00\": 2}\r
}";

#[test]
fn finds_json_nodes() {
    let cases: &[(&str, Option<Pos>)] = &[
        ("#", Some((1, 1))),
        ("#/openapi", Some((2, 3))),
        ("#/paths/~1a/get/responses/200", Some((3, 42))),
        ("#/paths/~1a/get/responses/200/description", Some((3, 50))),
        ("#/esc\"aped~1/0", Some((4, 19))),
        ("#/esc\"aped~1/1", Some((4, 22))),
        ("#/esc\"aped~1/1/k\u{e9}y", Some((4, 23))),
        ("#/esc\"aped~1/2/1/1", Some((4, 54))),
        ("#/esc\"aped~1/3", Some((4, 61))),
        ("#/한글/키", Some((5, 10))),
        ("#/한글/\u{1f600}", Some((5, 18))),
        ("#/esc\"aped~1/4", None),
        ("#/openapi/x", None),
        ("#/paths/~1a/get/responses/201", None),
    ];
    let positions = Positions::index(JSON, Format::Json, cases.iter().map(|(p, _)| *p));
    for (pointer, expected) in cases {
        assert_eq!(positions.get(pointer), *expected, "{pointer}");
    }
}

#[test]
fn yaml_keys_are_read_as_the_loader_reads_them() {
    let text = "200: a\n0x1F: b\n~: c\ntrue: d\n'007': e\n1.50: f\n!!str 12: g\n";
    let value = value::parse(text, Format::Yaml, &Location::root("t")).unwrap().value;
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    for (line, key) in keys.iter().enumerate() {
        assert_eq!(locate(text, Format::Yaml, &format!("#/{key}")), Some((line + 1, 1)), "{key}");
    }
}

#[test]
fn aliases_resolve_to_the_anchored_node() {
    let text = "base: &b\n  type: object\n  properties:\n    id: {type: string}\ncopy: *b\nlist:\n  - *b\n  - &s one\n  - *s\n";
    let cases: &[(&str, Option<Pos>)] = &[
        ("#/copy", Some((5, 1))),
        ("#/copy/properties/id", Some((4, 5))),
        ("#/list/0", Some((7, 5))),
        ("#/list/0/type", Some((2, 3))),
        ("#/list/2", Some((9, 5))),
        ("#/list/3", None),
    ];
    for (pointer, expected) in cases {
        assert_eq!(locate(text, Format::Yaml, pointer), *expected, "{pointer}");
    }
}

#[test]
fn unicode_bom_and_crlf() {
    assert_eq!(locate("한글: {키: 1}\n", Format::Yaml, "#/한글/키"), Some((1, 6)));
    assert_eq!(locate("\u{feff}a: 1\nb: 2\n", Format::Yaml, "#/a"), Some((1, 1)));
    assert_eq!(locate("a: 1\r\nb:\r\n  - x\r\n", Format::Yaml, "#/b/0"), Some((3, 5)));
    assert_eq!(locate("\u{feff}{\"a\": 1}", Format::Json, "#/a"), Some((1, 2)));
}

#[test]
fn garbage_and_other_documents_are_not_found() {
    let cases: &[(&str, Format, &str, Option<Pos>)] = &[
        ("a: 1\n---\nb: 2\n", Format::Yaml, "#/a", Some((1, 1))),
        ("a: 1\n---\nb: 2\n", Format::Yaml, "#/b", None),
        ("a: [1, 2\n b: {", Format::Yaml, "#/b", None),
        ("{{{", Format::Json, "#/a", None),
        ("{\"a\": [1, 2", Format::Json, "#/a/1", Some((1, 11))),
        ("{\"a\": [1, 2", Format::Json, "#/b", None),
        ("{\"a\" 1, \"b\": 2}", Format::Json, "#/b", None),
        ("\u{0}\u{1}\u{2}", Format::Yaml, "#/a", None),
        ("", Format::Yaml, "#/a", None),
        ("", Format::Json, "#", Some((1, 1))),
        // An alias inside its own anchor (refused by the loader) is one node.
        ("x: &a [*a]\n", Format::Yaml, "#/x/0", Some((1, 8))),
        ("x: &a [*a]\n", Format::Yaml, "#/x/0/0", None),
    ];
    for (text, format, pointer, expected) in cases {
        assert_eq!(locate(text, *format, pointer), *expected, "{pointer} in {text:?}");
    }
}

#[test]
fn never_panics_on_cut_or_deep_input() {
    let deep = "[".repeat(100_000);
    assert_eq!(locate(&deep, Format::Json, "#/0/0/0/x"), None);
    let _ = locate(&"- ".repeat(10_000), Format::Yaml, "#/0/0");
    let _ = locate(&"[".repeat(10_000), Format::Yaml, "#/0/0");
    let laughs = "a: &a [x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: &d [*c, *c, *c, *c]\ne: [*d, *d]\n";
    assert_eq!(locate(laughs, Format::Yaml, "#/e/1/3/3/3/1"), Some((1, 11)));
    for text in [YAML, JSON] {
        for (cut, _) in text.char_indices() {
            for format in [Format::Json, Format::Yaml] {
                let _ =
                    Positions::index(&text[..cut], format, ["#/components/schemas/A/maxLength", "#/esc\"aped~1/2/1"]);
            }
        }
    }
}

/// Every node the loader reads is found, in the checked-in specs.
#[test]
fn every_loaded_node_is_found_in_the_repository_specs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let specs = ["spec/iamport-certification.yaml", "tests/fixtures/refs.json", "tests/fixtures/types.yaml"];
    for spec in specs {
        let Ok(text) = std::fs::read_to_string(root.join(spec)) else { continue };
        let format = Format::sniff(&text);
        let value = value::parse(&text, format, &Location::root(spec)).unwrap().value;
        let mut pointers = Vec::new();
        collect(&value, String::from("#"), &mut pointers);
        let positions = Positions::index(&text, format, pointers.iter().map(String::as_str));
        let missing: Vec<&String> = pointers.iter().filter(|p| positions.get(p).is_none()).collect();
        assert!(missing.is_empty(), "{spec}: not found: {missing:?}");
        assert!(pointers.len() > 20, "{spec}");
    }
}

/// Looking for one node skips most of the document unread; the positions
/// are those found when every node is looked for.
#[test]
fn skipping_what_is_not_wanted_keeps_positions() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let refs = std::fs::read_to_string(root.join("tests/fixtures/refs.json")).unwrap_or_default();
    for text in [JSON, refs.as_str()] {
        let value = value::parse(text, Format::Json, &Location::root("t")).unwrap().value;
        let mut pointers = Vec::new();
        collect(&value, String::from("#"), &mut pointers);
        let all = Positions::index(text, Format::Json, pointers.iter().map(String::as_str));
        for pointer in &pointers {
            assert_eq!(locate(text, Format::Json, pointer), all.get(pointer), "{pointer}");
        }
    }
    // Brackets and escaped quotes inside skipped strings are not structure.
    let text = r#"{"a": {"s": "}]\"{", "t": [["]"]]}, "b": [{"c": "\\"}], "d": 1}"#;
    assert_eq!(locate(text, Format::Json, "#/d"), Some((1, 57)));
    assert_eq!(locate(text, Format::Json, "#/b/0/c"), Some((1, 44)));
}

fn collect(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            map.iter().for_each(|(k, v)| collect(v, format!("{pointer}/{}", crate::pointer::escape(k)), out))
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| collect(v, format!("{pointer}/{i}"), out)),
        _ => {}
    }
    out.push(pointer);
}

#[test]
fn fills_diagnostics_with_the_nearest_node() {
    let mut diags = Diagnostics::new();
    let root = Location::root("a.yaml");
    diags.error(root.join("paths").join("/a").join("get").join("responses"), Problem::Invalid("x".into()));
    diags.error(root.join("paths").join("/a").join("get").join("missing"), Problem::Invalid("y".into()));
    diags.error(root.join("nothing"), Problem::Invalid("z".into()));
    diags.error(root.clone(), Problem::Invalid("whole".into()));
    diags.error(Location::root("other.yaml").join("paths"), Problem::Invalid("w".into()));
    fill(&mut diags, "a.yaml", YAML, Format::Yaml);
    let positions: Vec<_> = diags.iter().map(|d| d.location.position).collect();
    assert_eq!(positions, [Some((5, 7)), Some((4, 5)), None, None, None]);
}
