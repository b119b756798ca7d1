use serde_json::json;

use super::*;

fn read(text: &str) -> Result<Value, Vec<(String, Option<Pos>, String)>> {
    parse(text, &Location::root("t")).map(|parsed| parsed.value).map_err(|diags| {
        diags.iter().map(|d| (d.location.pointer.clone(), d.location.position, d.problem.to_string())).collect()
    })
}

fn refused(text: &str) -> (String, Option<Pos>) {
    let errors = read(text).expect_err(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (_, position, message) = errors.into_iter().next().unwrap_or_default();
    (message, position)
}

#[test]
fn reads_documents_as_json_values() {
    let text = "a: [1, {b: true}]\n200: ~\n0x1F: |\n  text\n'007': \"1\"\nlist:\n  - - nested\n  - {}\n";
    let expected = json!({"a": [1, {"b": true}], "200": null, "31": "text\n", "007": "1", "list": [["nested"], {}]});
    assert_eq!(read(text), Ok(expected));
    assert_eq!(read(""), Ok(json!(null)));
    assert_eq!(read("---\n"), Ok(json!(null)));
    assert_eq!(read("---\na: 1\n...\n"), Ok(json!({"a": 1})));
    // `<<` is an ordinary key, as it was for serde_norway.
    assert_eq!(read("b: &b {x: 1}\nd: {<<: *b}\n"), Ok(json!({"b": {"x": 1}, "d": {"<<": {"x": 1}}})));
}

#[test]
fn aliases_are_expanded() {
    let text = "base: &b {type: object}\ncopy: *b\nlist: [*b, &s one, *s]\n";
    let base = json!({"type": "object"});
    assert_eq!(read(text), Ok(json!({"base": base, "copy": base, "list": [base, "one", "one"]})));
    assert_eq!(read("k: &k name\n*k : 1\n"), Ok(json!({"k": "name", "name": 1})));
    let laughs = "a: &a [x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: &d [*c, *c, *c, *c]\ne: [*d, *d]\n";
    assert_eq!(read(laughs).map(|v| v["e"][1][3][3][3][1].clone()), Ok(json!("x")));
}

#[test]
fn alias_expansion_is_limited() {
    let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, previous) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        laughs.push_str(&format!("{name}: &{name} [{aliases}]\n"));
    }
    assert_eq!(refused(&laughs), ("cannot parse the document: repetition limit exceeded".into(), None));
    let (message, position) = refused("x: &a [*a]\n");
    assert_eq!((message.as_str(), position), ("cannot parse the document: recursion limit exceeded", Some((1, 4))));
}

#[test]
fn duplicate_keys_are_reported_at_their_object() {
    let errors = read("a:\n  - x: 1\n    x: 2\n'b/c': {200: a, '200': b}\n").unwrap_err();
    let found: Vec<(&str, &str)> = errors.iter().map(|(p, _, m)| (p.as_str(), m.as_str())).collect();
    assert_eq!(found, [("#/a/0", "duplicate key `x`"), ("#/b~1c", "duplicate key `200`")]);
    // Through an alias, at each place the anchored object is copied to.
    let errors = read("base: &b {k: 1, k: 2}\ncopy: *b\n").unwrap_err();
    let pointers: Vec<&str> = errors.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(pointers, ["#/base", "#/copy"]);
}

#[test]
fn refusals_name_the_node_as_serde_norway_did() {
    let cases = [
        ("a:\n  b: !!int x\n", "a.b: invalid value: string \"x\", expected an integer", (2, 6)),
        ("l:\n  - 1\n  - !!float x\n", "l[1]: invalid value: string \"x\", expected a float", (3, 5)),
        ("- a: !thing x\n", ".[0].a: invalid type: enum, expected any JSON or YAML value", (1, 6)),
        ("a:\n  !thing k: 1\n", "a: invalid type: enum, expected a string, number or boolean key", (2, 3)),
        ("a:\n  [1, 2]: x\n", "a: an array cannot be used as a key", (2, 3)),
        ("? {b: 1}\n: x\n", "an object cannot be used as a key", (1, 3)),
        ("0x1F: {k: !!bool yes}\n", "0x1F.k: invalid value: string \"yes\", expected a boolean", (1, 11)),
        ("k: &k n\n*k : {v: !!null x}\n", "?.v: invalid value: string \"x\", expected null", (2, 10)),
    ];
    for (text, message, position) in cases {
        assert_eq!(refused(text), (format!("cannot parse the document: {message}"), Some(position)), "{text}");
    }
}

#[test]
fn nesting_is_limited_to_128_levels() {
    let nested = |levels: usize| format!("a: {}{}\n", "[".repeat(levels), "]".repeat(levels));
    assert!(read(&nested(127)).is_ok());
    assert_eq!(refused(&nested(128)), ("cannot parse the document: recursion limit exceeded".into(), Some((1, 131))));
    // Through an alias too: 1 + 27 + 100 levels are read.
    let anchored = format!("a: &a {}{}\n", "[".repeat(100), "]".repeat(100));
    let through = |levels: usize| format!("{anchored}b: {}*a{}\n", "[".repeat(levels), "]".repeat(levels));
    assert!(read(&through(27)).is_ok());
    assert!(refused(&through(28)).0.contains("recursion limit exceeded"));
}

#[test]
fn one_document_of_yaml() {
    let more = "cannot parse the document: deserializing from YAML containing more than one document is not supported";
    for text in ["a: 1\n---\nb: 2\n", "a: 1\n---\n", "a: 1\n...\n]\n"] {
        assert_eq!(refused(text), (more.to_owned(), None), "{text:?}");
    }
    let (message, position) = refused("a: [1,\n");
    assert!(message.starts_with("cannot parse the document: "), "{message}");
    assert_eq!(position, Some((2, 1)));
}

#[test]
fn lines_left_of_their_key_in_quoted_scalars_and_flow_collections_read_as_libyaml_reads_them() {
    // As Docker Engine API 1.41 and OpenAPI's api-with-examples.yaml write them.
    let text = "a:\n  d: \"one\n  two\"\n  s: 'it''s\n  so'\n  v: {\n     \"k\": [1,\n   2]\n }\n";
    let parsed = parse(text, &Location::root("t")).expect("read as libyaml reads it");
    assert_eq!(parsed.value, json!({"a": {"d": "one two", "s": "it's so", "v": {"k": [1, 2]}}}));
    let (read_as, lines) = parsed.reindented.expect("lines were moved");
    assert_eq!(lines, [3, 5, 9]);
    // Only the start of those lines changed.
    assert_eq!(
        read_as.lines().map(str::trim_start).collect::<Vec<_>>(),
        text.lines().map(str::trim_start).collect::<Vec<_>>()
    );
    assert_eq!(
        parse("a:\n  b: {\n   c: 1\n }\n", &Location::root("t")).map(|p| p.value),
        Ok(json!({"a": {"b": {"c": 1}}}))
    );
    // A document that needs no move says so.
    assert_eq!(parse("a: \"one\n   two\"\n", &Location::root("t")).map(|p| p.reindented), Ok(None));
    // Other errors stand as they were.
    assert_eq!(refused("a: {\n b: [\n"), refused("a: {\n b: [\n"));
    assert!(refused("a: \"open\n").0.contains("quoted scalar"), "{:?}", refused("a: \"open\n"));
}
