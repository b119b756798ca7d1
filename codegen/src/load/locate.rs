//! Narrowing a model error to the node it is about.
//!
//! `openapiv3` flattens extensions into almost every object, so serde buffers
//! those objects and the path of an error stops at the first of them
//! (`#/paths` for a bad `responses` three levels down). This walks the JSON
//! value instead: each node is deserialized on its own as the model type it
//! stands for, the deepest node that fails is the one reported, and within
//! it the first key whose removal changes the error names the field.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// The kinds of node an error can be narrowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Schema,
    Components,
    Callback,
    /// A path item inside a callback, which cannot be a `$ref`.
    CallbackPathItem,
}

impl Node {
    /// Whether the model reads this node as `ReferenceOr<…>`, so that a
    /// `$ref` in it makes it a reference (elsewhere `$ref` is just an
    /// unknown key, and the node is read whole).
    fn referable(self) -> bool {
        matches!(
            self,
            Node::PathItem
                | Node::Parameter
                | Node::RequestBody
                | Node::Response
                | Node::Header
                | Node::Schema
                | Node::Callback
        )
    }
}

/// A failure: a JSON pointer (without the leading `#`) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub pointer: String,
    pub message: String,
}

/// The deepest node of the document `value` that does not fit the model, or
/// `None` when the whole document does.
pub fn narrow(value: &Value) -> Option<Failure> {
    narrow_at(value, String::new(), Node::Document)
}

/// The first node, in document order, that does not fit its model type on
/// its own (its children replaced by placeholders that always fit). Each
/// node is deserialised once, so this stays linear in the document: letting
/// `openapiv3` fail on a whole deep document instead is exponential in its
/// depth (its `ReferenceOr` deserialises a failing node again at every
/// level).
fn narrow_at(value: &Value, pointer: String, node: Node) -> Option<Failure> {
    let Err((path, message)) = check(node, value) else {
        for (segments, child, child_node) in children(node, value) {
            let child_pointer = segments.iter().fold(pointer.clone(), |p, s| join(&p, s));
            if let Some(found) = narrow_at(child, child_pointer, child_node) {
                return Some(found);
            }
        }
        return None;
    };
    if path.is_empty()
        && let Value::Object(map) = value
        && let Some(key) = culprit(node, map, &message)
    {
        return Some(Failure { pointer: join(&pointer, key), message });
    }
    Some(Failure { pointer: format!("{pointer}{path}"), message })
}

/// The key of `map` that the error is about: the first whose removal makes
/// the node fit, else the first whose scalar value the message quotes, else
/// the first whose removal changes the error.
fn culprit<'m>(node: Node, map: &'m Map<String, Value>, message: &str) -> Option<&'m str> {
    let without = |key: &str| {
        let mut rest = map.clone();
        rest.remove(key);
        check(node, &Value::Object(rest)).err().map(|(_, other)| other)
    };
    let keys = || map.keys().map(String::as_str);
    keys()
        .find(|key| without(key).is_none())
        .or_else(|| keys().find(|key| map.get(*key).and_then(quoted).is_some_and(|q| message.contains(&q))))
        .or_else(|| keys().find(|key| without(key).is_none_or(|other| other != message)))
}

/// How serde's messages quote a scalar value (`string "x"`, `integer `5``).
fn quoted(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(format!("string {s:?}")),
        Value::Number(n) if n.is_f64() => Some(format!("floating point `{n}`")),
        Value::Number(n) => Some(format!("integer `{n}`")),
        Value::Bool(b) => Some(format!("boolean `{b}`")),
        _ => None,
    }
}

/// Deserializes `value` as the model type of `node`, its children replaced
/// by placeholders: `Ok`, or the path (as pointer segments) serde could tell
/// and the message.
fn check(node: Node, value: &Value) -> Result<(), (String, String)> {
    if node.referable()
        && let Some(reference) = value.get("$ref")
    {
        return match reference {
            Value::String(_) => Ok(()),
            _ => Err(("/$ref".to_owned(), "`$ref` must be a string".to_owned())),
        };
    }
    let value = &shallow(node, value);
    match node {
        Node::Document => try_as::<openapiv3::OpenAPI>(value),
        Node::Paths => try_as::<openapiv3::Paths>(value),
        Node::PathItem | Node::CallbackPathItem => try_as::<openapiv3::PathItem>(value),
        Node::Operation => try_as::<openapiv3::Operation>(value),
        Node::Parameter => try_as::<openapiv3::Parameter>(value),
        Node::RequestBody => try_as::<openapiv3::RequestBody>(value),
        Node::Responses => try_as::<openapiv3::Responses>(value),
        Node::Response => try_as::<openapiv3::Response>(value),
        Node::MediaType => try_as::<openapiv3::MediaType>(value),
        Node::Encoding => try_as::<openapiv3::Encoding>(value),
        Node::Header => try_as::<openapiv3::Header>(value),
        Node::Schema => try_as::<openapiv3::Schema>(value),
        Node::Components => try_as::<openapiv3::Components>(value),
        Node::Callback => try_as::<openapiv3::Callback>(value),
    }
}

fn try_as<T: DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    // `openapiv3` has an `expect` on a path it considers impossible.
    let result = catch_unwind(AssertUnwindSafe(|| serde_path_to_error::deserialize::<_, T>(value).map(drop)));
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err((super::pointer_of(err.path()).split_off(1), err.into_inner().to_string())),
        Err(_) => Err((String::new(), "the OpenAPI model rejected this node".to_owned())),
    }
}

/// The nodes inside `value` that have a model type of their own: pointer
/// segments from `value`, the child, and its kind.
fn children(node: Node, value: &Value) -> Vec<(Vec<String>, &Value, Node)> {
    let mut out = Vec::new();
    let Value::Object(map) = value else { return out };
    if node.referable() && map.contains_key("$ref") {
        return out;
    }
    let mut one = |key: &'static str, kind: Node| {
        if let Some(child) = map.get(key) {
            out.push((vec![key.to_owned()], child, kind));
        }
    };
    match node {
        Node::Document => {
            one("paths", Node::Paths);
            one("components", Node::Components);
        }
        Node::Operation => {
            one("requestBody", Node::RequestBody);
            one("responses", Node::Responses);
        }
        Node::MediaType => one("schema", Node::Schema),
        Node::Parameter | Node::Header => one("schema", Node::Schema),
        Node::Schema => {
            one("items", Node::Schema);
            one("not", Node::Schema);
            if map.get("additionalProperties").is_some_and(Value::is_object) {
                one("additionalProperties", Node::Schema);
            }
        }
        _ => {}
    }
    let entries = |key: &'static str, kind: Node, out: &mut Vec<_>| match map.get(key) {
        Some(Value::Object(entries)) => {
            out.extend(entries.iter().map(|(name, child)| (vec![key.to_owned(), name.clone()], child, kind)));
        }
        Some(Value::Array(items)) => {
            out.extend(items.iter().enumerate().map(|(i, child)| (vec![key.to_owned(), i.to_string()], child, kind)));
        }
        _ => {}
    };
    match node {
        Node::Paths => out.extend(own_entries(map, Node::PathItem)),
        Node::Responses => out.extend(own_entries(map, Node::Response)),
        Node::PathItem | Node::CallbackPathItem => {
            for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                if let Some(child) = map.get(method) {
                    out.push((vec![method.to_owned()], child, Node::Operation));
                }
            }
            entries("parameters", Node::Parameter, &mut out);
        }
        Node::Operation => {
            entries("parameters", Node::Parameter, &mut out);
            entries("callbacks", Node::Callback, &mut out);
        }
        Node::RequestBody => entries("content", Node::MediaType, &mut out),
        Node::MediaType => entries("encoding", Node::Encoding, &mut out),
        Node::Encoding => entries("headers", Node::Header, &mut out),
        // Every entry of a callback is a path item, `x-` keys included.
        Node::Callback => {
            out.extend(map.iter().map(|(key, child)| (vec![key.clone()], child, Node::CallbackPathItem)));
        }
        Node::Response => {
            entries("headers", Node::Header, &mut out);
            entries("content", Node::MediaType, &mut out);
        }
        Node::Parameter | Node::Header => entries("content", Node::MediaType, &mut out),
        Node::Schema => {
            entries("properties", Node::Schema, &mut out);
            for key in ["allOf", "oneOf", "anyOf"] {
                entries(key, Node::Schema, &mut out);
            }
        }
        Node::Components => {
            entries("schemas", Node::Schema, &mut out);
            entries("responses", Node::Response, &mut out);
            entries("parameters", Node::Parameter, &mut out);
            entries("requestBodies", Node::RequestBody, &mut out);
            entries("headers", Node::Header, &mut out);
            entries("callbacks", Node::Callback, &mut out);
        }
        Node::Document => {}
    }
    out
}

/// The smallest value that fits the model type of `node`.
fn placeholder(node: Node) -> Value {
    match node {
        Node::Operation => json!({ "responses": {} }),
        Node::Parameter => json!({ "name": "p", "in": "query", "schema": {} }),
        Node::RequestBody => json!({ "content": {} }),
        Node::Response => json!({ "description": "" }),
        Node::Header => json!({ "schema": {} }),
        Node::Document => json!({ "openapi": "3.0.3", "info": { "title": "", "version": "" }, "paths": {} }),
        Node::Paths
        | Node::PathItem
        | Node::CallbackPathItem
        | Node::Responses
        | Node::MediaType
        | Node::Encoding
        | Node::Schema
        | Node::Components
        | Node::Callback => json!({}),
    }
}

/// `value` with each child that has a model type of its own replaced by
/// that type's placeholder; only the containers holding them are copied.
fn shallow(node: Node, value: &Value) -> Value {
    let Value::Object(map) = value else { return value.clone() };
    let mut copy = Map::with_capacity(map.len());
    let kids = children(node, value);
    for (key, item) in map {
        let here: Vec<_> = kids.iter().filter(|(segments, _, _)| segments.first() == Some(key)).collect();
        let replaced = match here.as_slice() {
            [] => item.clone(),
            [(segments, _, kind), ..] if segments.len() == 1 => placeholder(*kind),
            many => match item {
                Value::Object(entries) => Value::Object(
                    entries
                        .iter()
                        .map(|(name, entry)| {
                            let kind = many.iter().find(|(segments, _, _)| segments.get(1) == Some(name));
                            (name.clone(), kind.map_or_else(|| entry.clone(), |(_, _, kind)| placeholder(*kind)))
                        })
                        .collect(),
                ),
                Value::Array(items) => Value::Array(items.iter().map(|_| placeholder(many[0].2)).collect()),
                other => other.clone(),
            },
        };
        copy.insert(key.clone(), replaced);
    }
    Value::Object(copy)
}

/// The entries of a map-like object, without its `x-` extensions.
fn own_entries(map: &Map<String, Value>, kind: Node) -> impl Iterator<Item = (Vec<String>, &Value, Node)> {
    map.iter().filter(|(key, _)| !key.starts_with("x-")).map(move |(key, child)| (vec![key.clone()], child, kind))
}

fn join(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", crate::pointer::escape(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(yaml: &str) -> Option<String> {
        let value = crate::load::yaml::parse(yaml, &crate::diag::Location::root("t")).unwrap().value;
        narrow(&value).map(|f| f.pointer)
    }

    #[test]
    fn narrows_to_the_node() {
        let head = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";
        let cases: &[(&str, Option<&str>)] = &[
            ("paths: {}\n", None),
            ("paths:\n  /a:\n    get:\n      responses: 5\n", Some("/paths/~1a/get/responses")),
            (
                "paths:\n  /a:\n    get:\n      deprecated: maybe\n      responses: {}\n",
                Some("/paths/~1a/get/deprecated"),
            ),
            (
                "paths:\n  /a:\n    get:\n      parameters: [{name: x, in: nowhere}]\n      responses: {}\n",
                Some("/paths/~1a/get/parameters/0/in"),
            ),
            (
                "paths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {type: string, maxLength: -1}\n",
                Some("/components/schemas/A/properties/b/maxLength"),
            ),
            ("info: 5\npaths: {}\n", Some("/info")),
            (
                "paths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, required: maybe}]\n      responses: {}\n",
                Some("/paths/~1a/get/parameters/0/required"),
            ),
            (
                "paths:\n  /a:\n    get:\n      parameters: [{name: 5, in: query}]\n      responses: {}\n",
                Some("/paths/~1a/get/parameters/0/name"),
            ),
            // `$ref` makes a reference only where the model allows one: an operation with one is read whole.
            (
                "paths:\n  /a:\n    get:\n      $ref: '#/paths'\n      responses: {200: {description: d, content: {a/b: {schema: {type: [x]}}}}}\n",
                Some("/paths/~1a/get/responses/200/content/a~1b/schema/type"),
            ),
            // Schemas inside callbacks and encodings are walked too.
            (
                "paths:\n  /a:\n    get:\n      responses: {}\n      callbacks: {c: {'{$url}': {post: {responses: {}, parameters: [{name: p, in: query, schema: {maxLength: x}}]}}}}\n",
                Some("/paths/~1a/get/callbacks/c/{$url}/post/parameters/0/schema/maxLength"),
            ),
            (
                "paths:\n  /a:\n    post:\n      requestBody: {content: {a/b: {encoding: {f: {headers: {h: {schema: {minimum: x}}}}}}}}\n      responses: {}\n",
                Some("/paths/~1a/post/requestBody/content/a~1b/encoding/f/headers/h/schema/minimum"),
            ),
        ];
        for (body, expected) in cases {
            let text =
                if body.starts_with("info") { format!("openapi: 3.0.3\n{body}") } else { format!("{head}{body}") };
            assert_eq!(at(&text).as_deref(), *expected, "{body}");
        }
    }
}
