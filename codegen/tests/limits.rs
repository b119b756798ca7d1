//! The generator at the limits of what it accepts, called from a thread
//! with a tiny stack: it runs on a stack of its own (see `src/stack.rs`),
//! so documents nested as deeply as the parsers allow, chains of thousands
//! of components and long `allOf` chains are generated, diffed or refused
//! with a located error — never a stack overflow, whatever the caller's
//! stack.

use std::fmt::Write;

use codegen::{Generator, Settings, Spec};
use serde_json::{Value, json};

/// The caller's stack: far less than any of these inputs would need.
const CALLER_STACK: usize = 64 * 1024;

fn on_small_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(CALLER_STACK)
        .spawn(f)
        .expect("a thread can be started")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn spec_with(schemas: Value, root: &str) -> String {
    let response = json!({"description": "OK.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{root}")}}}});
    let body = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{root}")}}}});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Limits", "version": "1"},
        "paths": {
            "/get": {"get": {"operationId": "fetch", "responses": {"200": response}}},
            "/put": {"put": {"operationId": "store", "requestBody": body, "responses": {"204": {"description": "Done."}}}}
        },
        "components": {"schemas": schemas}
    })
    .to_string()
}

fn render(name: &'static str, text: String) -> Result<String, String> {
    on_small_stack(move || {
        let spec = Spec::from_text(name, text).map_err(|d| d.to_string())?;
        Generator::new(Settings::new()).render(&spec).map(|r| r.code).map_err(|d| d.to_string())
    })
}

/// A schema nested `levels` deep through `wrap`.
fn nested(levels: usize, wrap: impl Fn(Value) -> Value) -> Value {
    (0..levels).fold(json!({"type": "string", "minLength": 1}), |inner, _| wrap(inner))
}

#[test]
fn arrays_nested_as_deeply_as_json_allows_generate() {
    // The document itself takes 6 levels; the parsers stop at 128.
    let deep = nested(120, |inner| json!({"type": "array", "items": inner}));
    let code = render("arrays.json", spec_with(json!({"Deep": deep}), "Deep")).expect("generates");
    assert!(code.contains("pub type Deep = Vec<") && code.matches("Vec<").count() >= 120);
    let deeper = nested(130, |inner| json!({"type": "array", "items": inner}));
    let err = render("arrays.json", spec_with(json!({"Deep": deeper}), "Deep")).expect_err("too deep to parse");
    assert!(err.contains("recursion limit exceeded") && err.contains("arrays.json:1:"), "{err}");
}

#[test]
fn objects_nested_as_deeply_as_yaml_allows_generate() {
    let deep = nested(60, |inner| json!({"type": "object", "required": ["a"], "properties": {"a": inner}}));
    let yaml =
        serde_norway::to_string(&serde_json::from_str::<Value>(&spec_with(json!({"Deep": deep}), "Deep")).unwrap())
            .expect("YAML");
    let code = render("objects.yaml", yaml).expect("generates");
    assert!(code.contains("pub struct Deep "), "{}", &code[..2000.min(code.len())]);
}

/// `A{i}` has `next: {$ref: A{i+1}}`: lowered through the work list.
fn chain(length: usize, last: Value) -> Value {
    let mut schemas = serde_json::Map::new();
    for i in 0..length {
        let next = json!({"$ref": format!("#/components/schemas/A{}", i + 1)});
        schemas.insert(format!("A{i}"), json!({"type": "object", "properties": {"next": next}}));
    }
    schemas.insert(format!("A{length}"), last);
    Value::Object(schemas)
}

#[test]
fn a_chain_of_thousands_of_components_generates_and_diffs() {
    const LENGTH: usize = 5000;
    let last = json!({"type": "object", "required": ["v"], "properties": {"v": {"type": "string", "maxLength": 3}}});
    let old = spec_with(chain(LENGTH, last), "A0");
    let code = render("chain.json", old.clone()).expect("generates");
    assert!(code.contains(&format!("pub struct A{LENGTH} ")));
    // The check at the end of the chain is run from the top.
    assert!(code.contains("impl ::codegen_runtime::Validate for A0 "));
    let changed = json!({"type": "object", "properties": {"v": {"type": "integer"}}});
    let new = spec_with(chain(LENGTH, changed), "A0");
    let report = on_small_stack(move || {
        let old = Spec::from_text("old.json", old).expect("loads");
        let new = Spec::from_text("new.json", new).expect("loads");
        Generator::new(Settings::new()).diff(&old, &new).expect("diffs")
    });
    let deepest = format!("response {}.v", ".next".repeat(LENGTH));
    let mut found = String::new();
    for change in &report.changes {
        let _ = writeln!(found, "{} {}", change.location, change.message);
    }
    assert!(report.changes.iter().any(|c| c.location.starts_with(&deepest)), "{}", &found[..found.len().min(2000)]);
}

/// `A{i}.p` is an `allOf` of `A{i+1}` and a property of its own, so each
/// level copies the next one's properties into a new inline type.
fn all_of_chain(length: usize) -> Value {
    let mut schemas = serde_json::Map::new();
    for i in 0..length {
        let merged = json!({"allOf": [
            {"$ref": format!("#/components/schemas/A{}", i + 1)},
            {"type": "object", "properties": {format!("q{i}"): {"type": "string"}}}
        ]});
        schemas.insert(format!("A{i}"), json!({"type": "object", "properties": {"p": merged}}));
    }
    schemas.insert(format!("A{length}"), json!({"type": "object", "properties": {"end": {"type": "boolean"}}}));
    Value::Object(schemas)
}

#[test]
fn long_all_of_chains_generate_up_to_the_limit_and_are_refused_beyond() {
    render("all-of.json", spec_with(all_of_chain(200), "A0")).expect("generates");
    let err = render("all-of.json", spec_with(all_of_chain(400), "A0")).expect_err("too deep");
    assert!(err.contains("schemas nest more than 256 levels deep"), "{}", &err[..err.len().min(2000)]);
    assert!(err.contains("all-of.json:1:"), "{}", &err[..err.len().min(2000)]);
}
