//! `$ref`s that point inside a path or inside a component
//! (`#/paths/~1a/get/responses/200/content/application~1json/schema`,
//! `#/components/schemas/A/properties/b`) are legal OpenAPI, but the model
//! and lowering resolve whole components only. Each such target is copied
//! to a component of its own (`components/schemas/ABPropertiesB`…) and the
//! `$ref`s to it are rewritten, before the model is built.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use super::PointerMap;
use crate::pointer::{decode_ref_segment, escape};

/// How many rounds of hoisting (a hoisted node may itself hold deep refs).
const ROUNDS: usize = 8;

/// Hoists the targets of deep local `$ref`s in `doc` into components,
/// recording in `origin` where each copy came from.
pub fn hoist(doc: &mut Value, origin: &mut PointerMap) {
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..ROUNDS {
        let mut refs = Vec::new();
        collect(doc, &mut refs);
        let mut deep: Vec<String> = refs.into_iter().filter(|r| is_deep(r) && !hoisted.contains_key(r)).collect();
        // A target used in several places is hoisted once, in the order the document first uses them.
        let mut seen = std::collections::HashSet::new();
        deep.retain(|reference| seen.insert(reference.clone()));
        if deep.is_empty() {
            return;
        }
        for reference in deep {
            // Only nodes that can be components: objects below the document's sections (not `#/paths` itself).
            let target = resolve(doc, &reference).filter(|t| t.is_object() && reference.matches('/').count() >= 3);
            let Some(target) = target.cloned() else {
                // Dangling or not a component: lowering reports it where it is used.
                hoisted.insert(reference.clone(), reference);
                continue;
            };
            let kind = kind_of(&reference);
            let name = unique_name(doc, kind, &reference);
            let new_pointer = format!("#/components/{kind}/{}", escape(&name));
            origin.add(new_pointer.clone(), origin.original(&reference));
            insert(doc, kind, name, target);
            hoisted.insert(reference, new_pointer);
        }
        rewrite(doc, &hoisted);
    }
}

/// Whether `reference` is local but not `#/components/<kind>/<name>`.
pub(super) fn is_deep(reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix("#/") else { return false };
    let segments: Vec<&str> = pointer.split('/').collect();
    !(segments.len() == 3 && segments[0] == "components")
}

/// The component kind a target belongs to, from where it sits.
fn kind_of(reference: &str) -> &'static str {
    let segments: Vec<&str> = reference.split('/').collect();
    match segments.as_slice() {
        [.., "responses", _] if !reference.contains("/schemas/") => "responses",
        [.., "parameters", _] if !reference.contains("/schemas/") => "parameters",
        [.., "requestBody"] => "requestBodies",
        _ => "schemas",
    }
}

/// A component name for `reference`'s target, unused in `kind`.
fn unique_name(doc: &Value, kind: &str, reference: &str) -> String {
    let words: Vec<String> = reference
        .trim_start_matches("#/")
        .split('/')
        .map(|segment| decode_ref_segment(segment).into_owned())
        .filter(|s| {
            !matches!(s.as_str(), "components" | "schemas" | "paths" | "content" | "properties" | "items" | "$defs")
        })
        .collect();
    let base = words.join(" ").to_upper_camel_case();
    let base = if base.is_empty() { "Hoisted".to_owned() } else { base };
    let taken = |name: &str| doc.pointer(&format!("/components/{kind}/{}", escape(name))).is_some();
    if !taken(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}{n}")).find(|name| !taken(name)).unwrap_or(base)
}

fn insert(doc: &mut Value, kind: &str, name: String, target: Value) {
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    if let Some(components) = components.as_object_mut() {
        let section = components.entry(kind).or_insert_with(|| Value::Object(Map::new()));
        if let Some(section) = section.as_object_mut() {
            section.insert(name, target);
        }
    }
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference.clone());
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn rewrite(value: &mut Value, hoisted: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(new) = hoisted.get(reference.as_str())
            {
                *reference = new.clone();
            }
            map.values_mut().for_each(|v| rewrite(v, hoisted));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, hoisted)),
        _ => {}
    }
}

/// The node a local `$ref` names (RFC 6901, with `%XX` escapes decoded).
fn resolve<'v>(doc: &'v Value, reference: &str) -> Option<&'v Value> {
    let pointer = reference.strip_prefix('#')?;
    let decoded: String = pointer.split('/').map(crate::pointer::percent_decode).collect::<Vec<_>>().join("/");
    doc.pointer(&decoded)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn deep_refs_become_components() {
        let mut doc = json!({
            "paths": {"/a/{id}": {"get": {"responses": {
                "200": {"description": "x", "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}},
                "404": {"$ref": "#/paths/~1a~1%7Bid%7D/get/responses/200"}
            }}}},
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"b": {"type": "string"}, "c": {"$ref": "#/components/schemas/A/properties/b"}}},
                "B": {"$ref": "#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema"}
            }}
        });
        let mut origin = PointerMap::default();
        hoist(&mut doc, &mut origin);
        assert_eq!(doc["components"]["schemas"]["A"]["properties"]["c"]["$ref"], "#/components/schemas/AB");
        assert_eq!(doc["components"]["schemas"]["AB"], json!({"type": "string"}));
        let hoisted_response = doc["paths"]["/a/{id}"]["get"]["responses"]["404"]["$ref"].as_str().unwrap();
        assert_eq!(hoisted_response, "#/components/responses/AIdGetResponses200");
        assert_eq!(doc["components"]["responses"]["AIdGetResponses200"]["description"], "x");
        assert_eq!(
            doc["components"]["schemas"]["B"]["$ref"],
            "#/components/schemas/AIdGetResponses200ApplicationJsonSchema"
        );
        assert_eq!(origin.original("#/components/schemas/AB/type"), "#/components/schemas/A/properties/b/type");
    }

    #[test]
    fn dangling_and_external_refs_are_left_alone() {
        let mut doc =
            json!({"components": {"schemas": {"A": {"$ref": "#/nowhere/x"}, "B": {"$ref": "other.yaml#/A"}}}});
        hoist(&mut doc, &mut PointerMap::default());
        assert_eq!(doc["components"]["schemas"]["A"]["$ref"], "#/nowhere/x");
        assert_eq!(doc["components"]["schemas"]["B"]["$ref"], "other.yaml#/A");
    }
}
