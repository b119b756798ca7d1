//! Property test: random graphs of schemas that refer to each other through
//! every keyword that can lead back — `properties`, `items`,
//! `additionalProperties`, `allOf` (with and without sibling descriptions
//! and extra properties), `oneOf`, `anyOf`, `not` and plain alias chains —
//! never crash or stall the generator. Each case runs in a child process
//! (see `support`), so an abort or a signal fails the test like a panic.
//!
//! The oracle: a spec is refused only with located errors; and when no
//! cycle runs through `allOf`/`oneOf`/`anyOf` members and aliases alone
//! (the shapes that have no finite type), it must generate, and the types
//! it generates must be ones Rust can size: every cycle goes through a
//! `Box`, a `Vec` or a map, and no alias expands to itself.
//!
//! 64 cases in CI; a longer run:
//! `PROPTEST_CASES=20000 cargo test -p codegen --release --test recursion`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use support::{Outcome, run_isolated};

/// Where a schema leads: to a component, or to an inline schema.
#[derive(Debug, Clone)]
enum Target {
    /// `{$ref}`.
    Ref(u8),
    /// `{allOf: [{$ref}, {description}]}`, how converted specs describe a reference.
    Described(u8),
    /// `{nullable: true, allOf: [{$ref}]}`.
    Nullable(u8),
    /// `{type: string}`.
    Scalar,
    Object(Vec<Target>),
    Array(Box<Target>),
    Map(Box<Target>),
    /// Members, and whether properties sit beside them.
    AllOf(Vec<Target>, bool),
    OneOf(Vec<Target>),
    AnyOf(Vec<Target>),
    Not(Box<Target>),
}

/// A component schema.
#[derive(Debug, Clone)]
enum Component {
    /// `{$ref}` to another component.
    Alias(u8),
    Schema(Target),
}

fn target() -> impl Strategy<Value = Target> {
    let leaf = prop_oneof![
        3 => any::<u8>().prop_map(Target::Ref),
        2 => any::<u8>().prop_map(Target::Described),
        1 => any::<u8>().prop_map(Target::Nullable),
        1 => Just(Target::Scalar),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Target::Object),
            inner.clone().prop_map(|t| Target::Array(Box::new(t))),
            inner.clone().prop_map(|t| Target::Map(Box::new(t))),
            (prop::collection::vec(inner.clone(), 1..4), any::<bool>()).prop_map(|(m, e)| Target::AllOf(m, e)),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Target::OneOf),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Target::AnyOf),
            inner.prop_map(|t| Target::Not(Box::new(t))),
        ]
    })
}

fn component() -> impl Strategy<Value = Component> {
    prop_oneof![1 => any::<u8>().prop_map(Component::Alias), 5 => target().prop_map(Component::Schema)]
}

fn reference(i: u8, n: usize) -> Value {
    json!({"$ref": format!("#/components/schemas/S{}", i as usize % n)})
}

fn schema(t: &Target, n: usize) -> Value {
    let many = |members: &[Target]| Value::Array(members.iter().map(|m| schema(m, n)).collect());
    match t {
        Target::Ref(i) => reference(*i, n),
        Target::Described(i) => json!({"allOf": [reference(*i, n), {"description": "Described here."}]}),
        Target::Nullable(i) => json!({"nullable": true, "allOf": [reference(*i, n)]}),
        Target::Scalar => json!({"type": "string"}),
        Target::Object(props) => {
            let props: Map<String, Value> =
                props.iter().enumerate().map(|(i, p)| (format!("p{i}"), schema(p, n))).collect();
            json!({"type": "object", "properties": props})
        }
        Target::Array(items) => json!({"type": "array", "items": schema(items, n)}),
        Target::Map(values) => json!({"type": "object", "additionalProperties": schema(values, n)}),
        Target::AllOf(members, extra) if *extra => {
            json!({"allOf": many(members), "properties": {"extra": {"type": "integer"}}})
        }
        Target::AllOf(members, _) => json!({"allOf": many(members)}),
        Target::OneOf(members) => json!({"oneOf": many(members)}),
        Target::AnyOf(members) => json!({"anyOf": many(members)}),
        Target::Not(inner) => json!({"not": schema(inner, n)}),
    }
}

/// The document: one operation per component (a response), and the first
/// component also as a request body.
fn document(components: &[Component]) -> Value {
    let n = components.len();
    let schemas: Map<String, Value> = components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let value = match c {
                Component::Alias(to) => reference(*to, n),
                Component::Schema(t) => schema(t, n),
            };
            (format!("S{i}"), value)
        })
        .collect();
    let mut paths = Map::new();
    for i in 0..n {
        let response =
            json!({"description": "OK.", "content": {"application/json": {"schema": reference(i as u8, n)}}});
        paths.insert(
            format!("/s{i}"),
            json!({"get": {"operationId": format!("get{i}"), "responses": {"200": response}}}),
        );
    }
    let body = json!({"required": true, "content": {"application/json": {"schema": reference(0, n)}}});
    paths.insert(
        "/send".into(),
        json!({"post": {"operationId": "send", "requestBody": body, "responses": {"204": {"description": "Done."}}}}),
    );
    json!({"openapi": "3.0.3", "info": {"title": "Recursion", "version": "1"}, "paths": paths, "components": {"schemas": schemas}})
}

/// The components that a component's value is made of directly: through
/// aliases and `allOf`/`oneOf`/`anyOf` members, at any nesting of those,
/// but not through properties, items, map values or `not`. A cycle of
/// these edges may be refused; anything else must generate.
fn direct_edges(c: &Component, n: usize) -> BTreeSet<usize> {
    fn walk(t: &Target, n: usize, out: &mut BTreeSet<usize>) {
        match t {
            Target::Ref(i) | Target::Described(i) | Target::Nullable(i) => {
                out.insert(*i as usize % n);
            }
            Target::AllOf(members, _) | Target::OneOf(members) | Target::AnyOf(members) => {
                members.iter().for_each(|m| walk(m, n, out));
            }
            Target::Scalar | Target::Object(_) | Target::Array(_) | Target::Map(_) | Target::Not(_) => {}
        }
    }
    let mut out = BTreeSet::new();
    match c {
        Component::Alias(to) => {
            out.insert(*to as usize % n);
        }
        Component::Schema(t) => walk(t, n, &mut out),
    }
    out
}

/// Whether the graph of [`direct_edges`] has a cycle.
fn has_direct_cycle(components: &[Component]) -> bool {
    let n = components.len();
    let edges: Vec<BTreeSet<usize>> = components.iter().map(|c| direct_edges(c, n)).collect();
    (0..n).any(|start| {
        let mut stack: Vec<usize> = edges[start].iter().copied().collect();
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == start {
                return true;
            }
            if seen.insert(node) {
                stack.extend(edges[node].iter().copied());
            }
        }
        false
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        // Each shrinking step runs another child process; a few rounds make a failure readable.
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn recursive_schema_graphs_generate_or_are_refused(components in prop::collection::vec(component(), 1..7)) {
        let text = serde_json::to_string_pretty(&document(&components)).unwrap_or_default();
        let file = "recursion.json";
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("recursion");
        match run_isolated(&dir, file, &text, Duration::from_secs(60)) {
            Outcome::Generated { broken } => prop_assert!(broken.is_empty(), "{:?} in the code for:\n{}", broken, text),
            Outcome::Refused(errors) => {
                prop_assert!(has_direct_cycle(&components), "refused without a cycle of members:\n{:?}\n{}", errors, text);
                for (error_file, pointer, message) in &errors {
                    prop_assert_eq!(error_file, file);
                    prop_assert!(pointer.starts_with("#/components/schemas/"), "{}: {}", pointer, message);
                }
            }
            other => prop_assert!(false, "{:?} on:\n{}", other, text),
        }
    }
}

#[test]
fn a_crash_in_the_child_is_seen() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("recursion-probe");
    for probe in [support::ABORT_PROBE, support::OVERFLOW_PROBE] {
        let outcome = run_isolated(&dir, "probe.json", probe, Duration::from_secs(60));
        assert!(matches!(&outcome, Outcome::Crashed(_)), "{probe}: {outcome:?}");
    }
}

/// The child process of [`run_isolated`]: see `support`.
#[test]
#[ignore = "run by the property test in a child process, one case each"]
fn isolated_case() {
    support::child();
}
