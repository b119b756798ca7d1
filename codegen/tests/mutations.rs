//! Property test: specs mutated at random (keys dropped, values swapped for
//! other types, `$ref`s broken, hostile names injected) never make the
//! generator crash; each either generates code that parses as Rust or is
//! refused with errors that name the file and a JSON pointer. Each case
//! runs in a child process, so an abort or a signal counts as a crash like
//! a panic does, and a hang as a failure.
//!
//! Bounded for CI (64 cases by default). A longer run:
//! `PROPTEST_CASES=20000 cargo test -p codegen --release --test mutations`.

mod support;

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use support::{Outcome, run_isolated};

/// The valid specs mutations start from: every positive fixture, OpenAPI
/// 3.0, 3.1 and Swagger 2.0.
fn seeds() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("swagger2"), root.join("openapi31")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let Ok((value, _)) = codegen::to_openapi3(&name, &text) else { continue };
            // Mutate the 2.0 or 3.1 original where there is one, so the converters are exercised too.
            let converted = text.contains("swagger") || text.contains("openapi: 3.1");
            let original = if converted { serde_norway::from_str(&text).ok() } else { None };
            out.push((name, original.unwrap_or(value)));
        }
    }
    assert!(out.len() > 20, "fixtures found: {}", out.len());
    out
}

/// One change to a document.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove the key at this position of the walk.
    Drop(usize),
    /// Replace the node at this position with another kind of value.
    Swap(usize, u8),
    /// Point the `$ref` at this position somewhere else.
    BreakRef(usize, u8),
    /// Rename the key at this position.
    Rename(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Drop),
        (any::<usize>(), any::<u8>()).prop_map(|(at, kind)| Mutation::Swap(at, kind)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, kind)| Mutation::BreakRef(at, kind)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, kind)| Mutation::Rename(at, kind)),
    ]
}

const ODD_NAMES: &[&str] = &["type", "self", "Self", "1st", "이름", "🎉", "$%", "", "a/b~c", "Client", "Result"];
const ODD_VALUES: &[fn() -> Value] = &[
    || Value::Null,
    || json!(true),
    || json!(-1),
    || json!("88"),
    || json!([]),
    || json!({}),
    || json!({"$ref": 5}),
    || json!({"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nope"}}}),
    // OpenAPI 3.1 shapes, odd in 3.0 documents and in 3.1 ones put where they do not belong.
    || json!(["string", "null", 5]),
    || json!({"anyOf": [{"type": "null"}, {"type": ["integer", "object"], "prefixItems": [true, false]}]}),
    || json!({"$ref": "#/components/schemas/S/$defs/X", "properties": {"a": false}, "const": null}),
];

/// Counts the nodes of `value` (objects' entries and arrays' items).
fn count(value: &Value) -> usize {
    match value {
        Value::Object(map) => map.values().map(|v| 1 + count(v)).sum(),
        Value::Array(items) => items.iter().map(|v| 1 + count(v)).sum(),
        _ => 0,
    }
}

/// Applies `m` to the `target`-th node (counting as `count` does).
fn apply(value: &mut Value, m: &Mutation, target: &mut usize) -> bool {
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                if *target == 0 {
                    mutate_entry(map, &key, m);
                    return true;
                }
                *target -= 1;
                if let Some(child) = map.get_mut(&key)
                    && apply(child, m, target)
                {
                    return true;
                }
            }
            false
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                if *target == 0 {
                    if let Mutation::Swap(_, kind) = m {
                        *item = ODD_VALUES[*kind as usize % ODD_VALUES.len()]();
                    }
                    return true;
                }
                *target -= 1;
                if apply(item, m, target) {
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

fn mutate_entry(map: &mut Map<String, Value>, key: &str, m: &Mutation) {
    match m {
        Mutation::Drop(_) => {
            map.remove(key);
        }
        Mutation::Swap(_, kind) => {
            map.insert(key.to_owned(), ODD_VALUES[*kind as usize % ODD_VALUES.len()]());
        }
        Mutation::BreakRef(_, kind) => {
            let target = ["#/components/schemas/Nope", "#/definitions/X", "other.yaml#/a", "#", "#/paths"];
            map.insert("$ref".into(), json!(target[*kind as usize % target.len()]));
        }
        Mutation::Rename(_, kind) => {
            if let Some(v) = map.remove(key) {
                map.insert(ODD_NAMES[*kind as usize % ODD_NAMES.len()].to_owned(), v);
            }
        }
    }
}

fn position(m: &Mutation) -> usize {
    match m {
        Mutation::Drop(at) | Mutation::Swap(at, _) | Mutation::BreakRef(at, _) | Mutation::Rename(at, _) => *at,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 64 in CI; `PROPTEST_CASES` sets more (an explicit `cases` would override the variable).
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        // Each shrinking step runs another child process; a few rounds make a failure readable.
        max_shrink_iters: 32,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_specs_generate_or_are_refused_with_locations(
        seed in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        yaml in any::<bool>(),
    ) {
        let seeds = seeds();
        let (name, mut doc) = seeds[seed % seeds.len()].clone();
        for m in &mutations {
            let nodes = count(&doc).max(1);
            let mut target = position(m) % nodes;
            apply(&mut doc, m, &mut target);
        }
        let (file, text) = if yaml {
            (format!("mutated-{name}.yaml"), serde_norway::to_string(&doc).unwrap_or_default())
        } else {
            (format!("mutated-{name}.json"), serde_json::to_string_pretty(&doc).unwrap_or_default())
        };
        // In a child process, so that an abort or a signal fails the test (with the input) like a panic does,
        // and a hang is cut off after 60 s.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mutations");
        let outcome = run_isolated(&dir, &file, &text, std::time::Duration::from_secs(60));
        match outcome {
            // Rendering already parsed the code as a Rust file.
            Outcome::Generated { .. } => {}
            Outcome::Refused(errors) => {
                prop_assert!(!errors.is_empty());
                for (error_file, pointer, message) in &errors {
                    prop_assert_eq!(error_file, &file);
                    prop_assert!(pointer.starts_with('#'), "{}: {}", pointer, message);
                }
            }
            other => prop_assert!(false, "{:?} on:\n{}", other, text),
        }
    }
}

/// The child process of [`run_isolated`]: see `support`.
#[test]
#[ignore = "run by the property test in a child process, one case each"]
fn isolated_case() {
    support::child();
}
