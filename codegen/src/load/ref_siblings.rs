//! Descriptions written beside a `$ref`. OpenAPI 3.0 ignores everything
//! beside a `$ref`, and so does the model, but vendors describe a property
//! where they use a shared schema (`owner: {$ref: Person, description: Who
//! owns it.}`), and that text belongs on the field. Where a schema is
//! expected, such a node is rewritten to the form 3.0 has for it,
//! `{allOf: [{$ref}], description}`, before the model is built:
//! `description` and `title` move to the new node, and so does `nullable`
//! (`allOf: [$ref]` with `nullable` is how 3.0 makes a reference nullable).
//! Every other sibling stays beside the `$ref`, where the model still
//! ignores it. Lowering reads that form as the reference itself, with the
//! description as docs.
//!
//! The node keeps its pointer; the moved `$ref` is mapped back to where the
//! user wrote it (`…/allOf/0/$ref` → `…/$ref`), so diagnostics about it
//! point into the user's file. Members of a `oneOf`/`anyOf` with a
//! `discriminator` stay plain `$ref`s, since each member's tag is read from
//! its reference (and a union member's description has no place in the
//! generated code anyway).

use serde_json::{Map, Value};

use super::PointerMap;
use super::walk::{self, Pointer};

/// Whether `key: value` beside a `$ref` moves to the node that wraps it:
/// a textual `title` or `description`, or a boolean `nullable`. One of
/// another type stays beside the `$ref`, ignored as before, rather than
/// becoming a model error.
fn moves(key: &str, value: &Value) -> bool {
    match key {
        "title" | "description" => value.is_string(),
        "nullable" => value.is_boolean(),
        _ => false,
    }
}

/// Rewrites every `$ref` with a `description` or `title` beside it, where a
/// schema is expected in the OpenAPI 3.0 document `doc`, to `allOf: [$ref]`
/// with them; records in `origin` where each moved `$ref` was written.
pub fn rewrite(doc: &mut Value, origin: &mut PointerMap) {
    let mut rewritten = Vec::new();
    walk::schemas(doc, &mut |path, node| schema(path, node, false, &mut rewritten));
    // Looked up before any is added: a rewritten node is never inside another one.
    let originals: Vec<(String, String)> =
        rewritten.into_iter().map(|pointer| (origin.original(&pointer), pointer)).collect();
    for (original, pointer) in originals {
        origin.add(format!("{pointer}/allOf"), original.clone());
        origin.add(format!("{pointer}/allOf/0"), original);
    }
}

/// Whether the schema object `map` is a `$ref` with a description or a
/// title beside it.
fn is_described_ref(map: &Map<String, Value>) -> bool {
    map.get("$ref").is_some_and(Value::is_string)
        && ["title", "description"].iter().any(|key| map.get(*key).is_some_and(Value::is_string))
}

/// A schema at `path`; with `keep_ref`, a `$ref` here stays as it is written.
fn schema(path: &mut Pointer, schema: &mut Value, keep_ref: bool, rewritten: &mut Vec<String>) {
    let Some(schema) = schema.as_object_mut() else { return };
    if schema.contains_key("$ref") {
        if !keep_ref && is_described_ref(schema) {
            wrap(schema);
            rewritten.push(path.as_str().to_owned());
        }
        return;
    }
    let discriminated = schema.contains_key("discriminator");
    walk::each_value(path, schema, "properties", |path, property| self::schema(path, property, false, rewritten));
    for key in ["items", "additionalProperties", "not"] {
        walk::one(path, schema, key, |path, inner| self::schema(path, inner, false, rewritten));
    }
    walk::each_item(path, schema, "allOf", |path, member| self::schema(path, member, false, rewritten));
    for key in ["oneOf", "anyOf"] {
        walk::each_item(path, schema, key, |path, member| self::schema(path, member, discriminated, rewritten));
    }
}

/// `{$ref, description, …}` → `{allOf: [{$ref, …}], description}`.
fn wrap(schema: &mut Map<String, Value>) {
    let mut reference = Map::new();
    let mut moved = Map::new();
    for (key, value) in std::mem::take(schema) {
        if moves(&key, &value) {
            moved.insert(key, value);
        } else {
            reference.insert(key, value);
        }
    }
    schema.insert("allOf".to_owned(), Value::Array(vec![Value::Object(reference)]));
    schema.extend(moved);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::pointer::escape;

    const PERSON: &str = "#/components/schemas/Person";

    fn rewritten(mut doc: Value) -> (Value, PointerMap) {
        let mut origin = PointerMap::default();
        rewrite(&mut doc, &mut origin);
        (doc, origin)
    }

    /// A document with `node` at each place a schema is expected.
    fn everywhere(node: &Value) -> Value {
        let media =
            json!({"application/json": {"schema": node, "encoding": {"a": {"headers": {"H": {"schema": node}}}}}});
        let parameter = json!({"name": "p", "in": "query", "schema": node});
        let operation = json!({
            "parameters": [parameter, {"name": "c", "in": "query", "content": media}],
            "requestBody": {"content": media},
            "responses": {"200": {"description": "OK", "headers": {"H": {"schema": node}}, "content": media}},
            "callbacks": {"done": {"{$request.body#/url}": {"post": {"requestBody": {"content": media}}}}},
        });
        json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"parameters": [parameter], "get": operation}},
            "components": {
                "schemas": {
                    "Top": node,
                    "Object": {
                        "properties": {"p": node},
                        "additionalProperties": node,
                        "not": node,
                        "allOf": [node],
                        "oneOf": [node],
                        "anyOf": [node],
                    },
                    "List": {"type": "array", "items": node},
                },
                "parameters": {"P": parameter},
                "headers": {"H": {"schema": node}},
                "requestBodies": {"B": {"content": media}},
                "responses": {"R": {"description": "R", "content": media}},
                "callbacks": {"C": {"{$url}": {"get": operation}}},
            },
        })
    }

    /// The pointers of the nodes that are `node`, with `$ref` replaced.
    fn pointers_of(doc: &Value, node: &Value, path: &str, out: &mut Vec<String>) {
        if doc == node {
            out.push(path.to_owned());
        }
        match doc {
            Value::Object(map) => {
                map.iter().for_each(|(k, v)| pointers_of(v, node, &format!("{path}/{}", escape(k)), out))
            }
            Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| pointers_of(v, node, &format!("{path}/{i}"), out))
            }
            _ => {}
        }
    }

    #[test]
    fn described_refs_are_wrapped_wherever_a_schema_is_expected() {
        let described =
            json!({"$ref": PERSON, "description": "Who.", "title": "Owner", "nullable": true, "readOnly": true});
        let (doc, origin) = rewritten(everywhere(&described));
        let wrapped = json!({
            "allOf": [{"$ref": PERSON, "readOnly": true}], "description": "Who.", "title": "Owner", "nullable": true
        });
        let mut original = Vec::new();
        pointers_of(&everywhere(&described), &described, "#", &mut original);
        let mut now = Vec::new();
        pointers_of(&doc, &wrapped, "#", &mut now);
        assert_eq!(now, original);
        assert_eq!(now.len(), 35, "{now:#?}");
        assert!(!doc.to_string().contains(r##""$ref":"#/components/schemas/Person","description""##));
        // The moved `$ref` is found where the user wrote it; the node itself keeps its pointer.
        let top = "#/components/schemas/Top";
        assert_eq!(origin.original(&format!("{top}/allOf/0/$ref")), format!("{top}/$ref"));
        assert_eq!(origin.original(&format!("{top}/allOf/0/readOnly")), format!("{top}/readOnly"));
        assert_eq!(origin.original(&format!("{top}/allOf")), top);
        assert_eq!(origin.original(&format!("{top}/description")), format!("{top}/description"));
        let deep = "#/paths/~1a/get/responses/200/content/application~1json/schema/allOf/0/$ref";
        assert_eq!(origin.original(deep), "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref");
    }

    #[test]
    fn other_refs_and_other_places_are_left_alone() {
        let cases = [
            // Nothing to move, or only `nullable` (not what this pass is about).
            json!({"$ref": PERSON}),
            json!({"$ref": PERSON, "nullable": true, "readOnly": true}),
            // A description that is not text would be a model error once read: it stays ignored.
            json!({"$ref": PERSON, "description": 5}),
            // A `$ref` that is not text is the model's to report, where it is.
            json!({"$ref": 5, "description": "Who."}),
        ];
        for node in cases {
            let doc = everywhere(&node);
            assert_eq!(rewritten(doc.clone()).0, doc, "{node}");
        }
        // References to parameters, responses, bodies, path items: their siblings are not schemas.
        let reference = json!({"$ref": "#/components/parameters/P", "description": "Shared."});
        let doc = json!({
            "paths": {"/a": {"$ref": "#/x", "description": "d"}, "/b": {"get": {
                "parameters": [reference],
                "requestBody": {"$ref": "#/components/requestBodies/B", "description": "d"},
                "responses": {"200": {"$ref": "#/components/responses/R", "description": "d"}},
            }}},
            // Extensions, examples and defaults are not schemas either.
            "components": {"schemas": {"A": {
                "x-ref": {"$ref": PERSON, "description": "d"},
                "example": {"$ref": PERSON, "description": "d"},
                "default": {"$ref": PERSON, "description": "d"},
            }}},
            "x-top": {"$ref": PERSON, "description": "d"},
        });
        assert_eq!(rewritten(doc.clone()).0, doc);
        // An extension beside paths or responses is not one; a property may be named like one.
        let described = json!({"$ref": PERSON, "description": "d"});
        let media = json!({"application/json": {"schema": described}});
        let doc = json!({
            "paths": {"x-a": {"get": {"responses": {"200": {"content": media}}}}, "/b": {"get": {"responses": {
                "x-r": {"content": media},
            }}}},
            "components": {"schemas": {"A": {"properties": {"x-p": described}}}},
        });
        let (doc, _) = rewritten(doc);
        assert_eq!(doc["paths"]["x-a"]["get"]["responses"]["200"]["content"], media);
        assert_eq!(doc["paths"]["/b"]["get"]["responses"]["x-r"]["content"], media);
        assert_eq!(doc["components"]["schemas"]["A"]["properties"]["x-p"]["allOf"][0], json!({"$ref": PERSON}));
    }

    #[test]
    fn discriminated_members_stay_references() {
        let member = json!({"$ref": PERSON, "description": "A person."});
        let doc = json!({"components": {"schemas": {
            "Tagged": {"oneOf": [member], "anyOf": [member], "discriminator": {"propertyName": "kind"}},
            "Untagged": {"oneOf": [member]},
        }}});
        let (doc, _) = rewritten(doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Tagged"]["oneOf"][0], member);
        assert_eq!(schemas["Tagged"]["anyOf"][0], member);
        assert_eq!(schemas["Untagged"]["oneOf"][0], json!({"allOf": [{"$ref": PERSON}], "description": "A person."}));
    }

    #[test]
    fn converted_pointers_lead_back_to_the_original_file() {
        // As after a Swagger 2.0 conversion: the schema came from `#/definitions/A`.
        let mut origin = PointerMap::default();
        origin.add("#/components/schemas/A".into(), "#/definitions/A".into());
        let mut doc = json!({"components": {"schemas": {"A": {"properties": {"b": {"$ref": PERSON, "title": "B"}}}}}});
        rewrite(&mut doc, &mut origin);
        assert_eq!(
            doc["components"]["schemas"]["A"]["properties"]["b"],
            json!({"allOf": [{"$ref": PERSON}], "title": "B"})
        );
        let moved = "#/components/schemas/A/properties/b/allOf/0/$ref";
        assert_eq!(origin.original(moved), "#/definitions/A/properties/b/$ref");
    }
}
