//! A JSON Schema 2020-12 schema (OpenAPI 3.1) rewritten to the OpenAPI 3.0
//! schema dialect, in place, before its children are rewritten:
//!
//! - boolean schemas: `true` → `{}`, `false` → `{not: {}}`;
//! - `null` members of `anyOf`/`oneOf` → `nullable` (a single member left
//!   becomes the schema itself, a `$ref` one as `allOf: [$ref]`);
//! - `type: [T, "null"]` → `type: T` + `nullable`; several types → an
//!   `anyOf` with one member per type, each with its own keywords;
//! - `$ref` with keywords beside it → `allOf: [$ref, {keywords}]`,
//!   annotations (description, default, …) on the wrapper;
//! - `const` → a one-value `enum`; `examples` → `example` (the first);
//!   numeric `exclusiveMinimum`/`exclusiveMaximum` → the boolean 3.0 form;
//!   `contentEncoding: base64` → `format: byte`, `contentMediaType` →
//!   `format: binary`;
//! - tuples (`prefixItems`, or an `items` array) → an array whose items
//!   are any of the members (a warning);
//! - `patternProperties` with one pattern → `additionalProperties`;
//! - keywords that only validate (`if`, `unevaluatedProperties`, …) are
//!   dropped with a warning; identifiers and comments (`$id`, `$anchor`,
//!   `$comment`, …) silently; `$dynamicRef` is refused.
//!
//! `$defs` stay where they are; the hoisting pass copies the ones a `$ref`
//! points at into components.

use serde_json::{Map, Value, json};

use super::Cx;
use crate::diag::Problem;
use crate::load::walk::{self, Pointer};

/// Keywords that only constrain values: the generated code does not check
/// them, so they are dropped with a warning.
const VALIDATION_ONLY: [&str; 12] = [
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// Keywords that name or comment a schema and mean nothing to the code.
const SILENT: [&str; 7] = ["$id", "$anchor", "$dynamicAnchor", "$schema", "$comment", "$vocabulary", "contentSchema"];

/// Keywords that annotate a schema without saying what its values are.
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "nullable",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "example",
    "externalDocs",
    "xml",
];

/// The keywords that apply to values of each JSON type.
const TYPED_KEYWORDS: [(&str, &[&str]); 5] = [
    ("string", &["minLength", "maxLength", "pattern"]),
    ("integer", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("number", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    ("object", &["properties", "additionalProperties", "required", "minProperties", "maxProperties", "discriminator"]),
];

impl Cx {
    /// Rewrites the schema `node` at `path` and, after it, its children.
    /// With `keep_ref`, a `$ref` stays a plain reference (a member of a
    /// discriminated union, whose tag is read from its reference).
    pub(super) fn schema(&mut self, path: &mut Pointer, node: &mut Value, keep_ref: bool) {
        match node {
            Value::Bool(true) => *node = Value::Object(Map::new()),
            Value::Bool(false) => *node = json!({"not": {}}),
            _ => {}
        }
        let Some(schema) = node.as_object_mut() else { return };
        self.null_members(path, schema);
        self.keywords(path, schema);
        self.tuple(path, schema);
        self.types(path, schema);
        if !keep_ref {
            self.ref_siblings(path, schema);
        }
        self.children(path, schema);
    }

    fn children(&mut self, path: &mut Pointer, schema: &mut Map<String, Value>) {
        let discriminated = schema.contains_key("discriminator");
        for key in ["properties", "$defs", "definitions"] {
            walk::each_value(path, schema, key, |path, child| self.schema(path, child, false));
        }
        for key in ["items", "not"] {
            walk::one(path, schema, key, |path, child| self.schema(path, child, false));
        }
        // `additionalProperties: true/false` is 3.0 too.
        walk::one(path, schema, "additionalProperties", |path, child| {
            if child.is_object() {
                self.schema(path, child, false);
            }
        });
        walk::each_item(path, schema, "allOf", |path, member| self.schema(path, member, false));
        for key in ["oneOf", "anyOf"] {
            walk::each_item(path, schema, key, |path, member| self.schema(path, member, discriminated));
        }
    }

    /// `anyOf`/`oneOf` members that only admit `null`: removed, and the
    /// schema made `nullable`. One member left stands for the schema.
    fn null_members(&mut self, path: &Pointer, schema: &mut Map<String, Value>) {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = schema.get_mut(key) else { continue };
            if !members.iter().any(is_null) {
                continue;
            }
            let kept: Vec<(usize, Value)> =
                std::mem::take(members).into_iter().enumerate().filter(|(_, m)| !is_null(m)).collect();
            schema.insert("nullable".into(), true.into());
            let member_at = |i: usize| format!("{}/{}", path.join(key), i);
            match kept.len() {
                0 => {
                    schema.remove(key);
                }
                1 if !has_union_or_merge(schema, key) => {
                    schema.remove(key);
                    let (i, member) = kept.into_iter().next().unwrap_or_default();
                    self.single_member(path, schema, member, &member_at(i));
                }
                _ => {
                    for (j, (i, _)) in kept.iter().enumerate() {
                        self.moved(&member_at(*i), member_at(j));
                    }
                    schema.insert(key.into(), Value::Array(kept.into_iter().map(|(_, m)| m).collect()));
                }
            }
        }
    }

    /// The one member left of a union with `null` becomes the schema: a
    /// reference as `allOf: [$ref]` (how 3.0 makes a reference nullable),
    /// an inline schema by moving its keywords up (the schema's own win).
    fn single_member(&mut self, path: &Pointer, schema: &mut Map<String, Value>, member: Value, was: &str) {
        let describes = schema.keys().any(|k| !is_annotation(k));
        match member {
            Value::Object(member) if !member.contains_key("$ref") && !describes => {
                for (key, value) in member {
                    if !schema.contains_key(&key) {
                        self.moved(&format!("{was}/{}", crate::pointer::escape(&key)), path.join(&key));
                        schema.insert(key, value);
                    }
                }
            }
            member => {
                let all_of = schema.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(all_of) = all_of {
                    self.moved(was, format!("{}/{}", path.join("allOf"), all_of.len()));
                    all_of.push(member);
                }
            }
        }
    }

    /// Keywords with a 3.0 form are rewritten to it; the rest are dropped.
    fn keywords(&mut self, path: &Pointer, schema: &mut Map<String, Value>) {
        if schema.contains_key("$dynamicRef") {
            let problem = Problem::Unsupported("`$dynamicRef`: dynamic references are not read".into());
            self.error(&path.join("$dynamicRef"), problem);
        }
        for key in SILENT {
            schema.remove(key);
        }
        for key in VALIDATION_ONLY {
            if schema.remove(key).is_some() {
                let reason = "it only constrains values, and the generated code does not check it";
                self.warn(&path.join(key), Problem::Dropped(key.into(), reason));
            }
        }
        if let Some(examples) = schema.remove("examples")
            && let Some(first) = examples.as_array().and_then(|e| e.first())
            && !schema.contains_key("example")
        {
            self.came_from(path.join("example"), &format!("{}/0", path.join("examples")));
            schema.insert("example".into(), first.clone());
        }
        if let Some(value) = schema.remove("const")
            && !schema.contains_key("enum")
        {
            self.came_from(path.join("enum"), &path.join("const"));
            schema.insert("enum".into(), Value::Array(vec![value]));
        }
        if schema.get("type").and_then(Value::as_str) == Some("null") {
            schema.remove("type");
            schema.insert("nullable".into(), true.into());
        }
        self.exclusive(path, schema, "exclusiveMinimum", "minimum", |bound, limit| bound >= limit);
        self.exclusive(path, schema, "exclusiveMaximum", "maximum", |bound, limit| bound <= limit);
        content(schema);
        self.pattern_properties(path, schema);
    }

    /// A numeric `exclusiveMinimum` (or maximum) → `minimum` with the
    /// boolean flag, unless `minimum` is already the stricter bound.
    fn exclusive(
        &mut self,
        path: &Pointer,
        schema: &mut Map<String, Value>,
        exclusive: &str,
        inclusive: &str,
        stricter: fn(f64, f64) -> bool,
    ) {
        let Some(bound) = schema.get(exclusive).filter(|v| v.is_number()).cloned() else { return };
        let limit = schema.get(inclusive).and_then(Value::as_f64);
        match (bound.as_f64(), limit) {
            (Some(b), Some(l)) if !stricter(b, l) => {
                schema.remove(exclusive);
            }
            _ => {
                self.came_from(path.join(inclusive), &path.join(exclusive));
                schema.insert(inclusive.into(), bound);
                schema.insert(exclusive.into(), true.into());
            }
        }
    }

    /// `patternProperties` with one pattern and no `additionalProperties`
    /// → `additionalProperties` (the pattern itself is not checked);
    /// several patterns are dropped with a warning.
    fn pattern_properties(&mut self, path: &Pointer, schema: &mut Map<String, Value>) {
        let Some(patterns) = schema.remove("patternProperties") else { return };
        let at = path.join("patternProperties");
        match patterns {
            Value::Object(patterns) if patterns.len() == 1 && !schema.contains_key("additionalProperties") => {
                if let Some((pattern, value)) = patterns.into_iter().next() {
                    self.moved(
                        &format!("{at}/{}", crate::pointer::escape(&pattern)),
                        path.join("additionalProperties"),
                    );
                    schema.insert("additionalProperties".into(), value);
                }
            }
            Value::Object(patterns) if patterns.is_empty() => {}
            _ => {
                let reason = "property names matched by several patterns (or beside `additionalProperties`) are read as any other property";
                self.warn(&at, Problem::Dropped("patternProperties".into(), reason));
            }
        }
    }

    /// A tuple (`prefixItems`, or `items` written as an array) → an array
    /// whose items are any of its members.
    fn tuple(&mut self, path: &Pointer, schema: &mut Map<String, Value>) {
        let prefix = schema.remove("prefixItems");
        let (members_key, members, rest) = match (prefix, schema.remove("items")) {
            (Some(Value::Array(members)), rest) => ("prefixItems", members, rest),
            (None, Some(Value::Array(members))) => ("items", members, None),
            (prefix, items) => {
                // Not a tuple (or not one that can be read): put back what was there.
                if let Some(items) = items {
                    schema.insert("items".into(), items);
                }
                if let Some(prefix) = prefix {
                    schema.insert("prefixItems".into(), prefix);
                }
                return;
            }
        };
        let at = path.join(members_key);
        let mut distinct: Vec<(String, Value)> = Vec::new();
        let candidates = members.into_iter().enumerate().map(|(i, m)| (format!("{at}/{i}"), m));
        let rest = match rest {
            Some(Value::Bool(false)) | None => None,
            Some(Value::Bool(true)) => Some((path.join("items"), Value::Object(Map::new()))),
            Some(schema) => Some((path.join("items"), schema)),
        };
        for (was, member) in candidates.chain(rest) {
            if !distinct.iter().any(|(_, seen)| *seen == member) {
                distinct.push((was, member));
            }
        }
        self.warn(
            &at,
            Problem::Approximated(
                members_key.into(),
                "as an array whose items are any of the tuple's members; positions are not checked",
            ),
        );
        let items_at = path.join("items");
        let items = if distinct.len() == 1 {
            let (was, member) = distinct.remove(0);
            self.moved(&was, items_at);
            member
        } else {
            for (i, (was, _)) in distinct.iter().enumerate() {
                self.moved(was, format!("{items_at}/anyOf/{i}"));
            }
            json!({"anyOf": distinct.into_iter().map(|(_, m)| m).collect::<Vec<_>>()})
        };
        schema.insert("items".into(), items);
        schema.entry("type").or_insert_with(|| "array".into());
    }

    /// `type` written as an array: `"null"` makes the schema nullable; one
    /// other type is the type; several become an `anyOf`, each member with
    /// the keywords that apply to its type.
    fn types(&mut self, path: &Pointer, schema: &mut Map<String, Value>) {
        let Some(Value::Array(types)) = schema.get("type") else { return };
        let mut names: Vec<String> = Vec::new();
        let mut nullable = false;
        for name in types.iter().filter_map(Value::as_str) {
            if name == "null" {
                nullable = true;
            } else if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        schema.remove("type");
        if nullable {
            schema.insert("nullable".into(), true.into());
        }
        match names.len() {
            0 => {}
            1 => {
                schema.insert("type".into(), names.remove(0).into());
            }
            _ if schema.contains_key("anyOf") || schema.contains_key("oneOf") => {
                let reason = "several types beside `anyOf`/`oneOf`: the members say what the values are";
                self.warn(&path.join("type"), Problem::Dropped("type".into(), reason));
            }
            _ => {
                let members: Vec<Value> = names.iter().map(|name| member_of_type(schema, name)).collect();
                let any_of = path.join("anyOf");
                for (i, member) in members.iter().enumerate() {
                    self.came_from(format!("{any_of}/{i}"), path.as_str());
                    for key in member.as_object().into_iter().flat_map(|m| m.keys()).filter(|k| *k != "type") {
                        self.moved(&path.join(key), format!("{any_of}/{i}/{}", crate::pointer::escape(key)));
                    }
                }
                schema.retain(|key, _| !is_typed_keyword(key) && key != "format");
                schema.insert("anyOf".into(), Value::Array(members));
            }
        }
    }

    /// A `$ref` with keywords beside it (3.1 reads them all) → `allOf` with
    /// the reference and, when they describe values, a member with those
    /// keywords; annotations (and `$defs`, which `$ref`s point into) stay
    /// on the wrapper. A `type` beside a
    /// reference adds nothing the reference does not say and is dropped.
    fn ref_siblings(&mut self, path: &Pointer, schema: &mut Map<String, Value>) {
        if !schema.get("$ref").is_some_and(Value::is_string) || schema.len() == 1 {
            return;
        }
        if let Some(summary) = schema.remove("summary")
            && !schema.contains_key("description")
        {
            self.came_from(path.join("description"), &path.join("summary"));
            schema.insert("description".into(), summary);
        }
        schema.remove("type");
        // Extensions and examples say nothing about values or docs: beside a `$ref` they stay ignored, as in 3.0.
        let ignored = |k: &str| k == "$ref" || k == "example" || k.starts_with("x-");
        if schema.keys().all(|k| ignored(k)) {
            return;
        }
        let only_text = schema.keys().all(|k| ignored(k) || matches!(k.as_str(), "description" | "title" | "nullable"));
        if only_text && (schema.contains_key("description") || schema.contains_key("title")) {
            // The form 3.0 documents write too; the pass for them rewrites it the same way for both.
            return;
        }
        let mut reference = Map::new();
        let mut described = Map::new();
        for (key, value) in std::mem::take(schema) {
            if key == "$ref" {
                reference.insert(key, value);
            } else if is_annotation(&key) || key.starts_with("x-") || key == "$defs" || key == "definitions" {
                schema.insert(key, value);
            } else {
                described.insert(key, value);
            }
        }
        let all_of = path.join("allOf");
        self.came_from(format!("{all_of}/0"), path.as_str());
        for key in described.keys() {
            self.moved(&path.join(key), format!("{all_of}/1/{}", crate::pointer::escape(key)));
        }
        let mut members = vec![Value::Object(reference)];
        if !described.is_empty() {
            self.came_from(format!("{all_of}/1"), path.as_str());
            members.push(Value::Object(described));
        }
        self.came_from(all_of, path.as_str());
        schema.insert("allOf".into(), Value::Array(members));
    }
}

/// Whether a union member admits only `null`: `type: "null"`, `const: null`
/// or `enum: [null]` (or 3.0's `nullable: true` with no type), with nothing
/// beside it but annotations.
fn is_null(member: &Value) -> bool {
    let Some(member) = member.as_object() else { return false };
    let null_type = match member.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        _ => false,
    };
    let null_value = member.get("const") == Some(&Value::Null) || member.get("enum") == Some(&json!([null]));
    let bare_nullable = member.get("nullable") == Some(&Value::Bool(true)) && !member.contains_key("type");
    (null_type || null_value || bare_nullable)
        && member.keys().all(|k| {
            matches!(k.as_str(), "type" | "const" | "enum" | "examples" | "$comment")
                || is_annotation(k)
                || k.starts_with("x-")
        })
}

/// Whether a key only annotates a schema.
fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key)
}

/// Whether the schema, besides the union `key`, is a union or a merge too
/// (so that the member left cannot simply stand for it).
fn has_union_or_merge(schema: &Map<String, Value>, key: &str) -> bool {
    ["anyOf", "oneOf", "$ref"].iter().any(|k| *k != key && schema.contains_key(*k))
}

/// Whether `key` applies to values of one JSON type only.
fn is_typed_keyword(key: &str) -> bool {
    TYPED_KEYWORDS.iter().any(|(_, keys)| keys.contains(&key)) || key == "enum"
}

/// The member of a split `type` array for values of type `name`: the
/// keywords of `schema` that apply to it, and the `enum` values of its type.
fn member_of_type(schema: &Map<String, Value>, name: &str) -> Value {
    let mut member = Map::new();
    member.insert("type".into(), name.into());
    let keys = TYPED_KEYWORDS.iter().find(|(t, _)| *t == name).map_or(&[][..], |(_, keys)| keys);
    for key in keys {
        if let Some(value) = schema.get(*key) {
            member.insert((*key).into(), value.clone());
        }
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str)
        && format_type(format) == name
    {
        member.insert("format".into(), format.into());
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let fits = |v: &&Value| json_type(v) == Some(name) || (name == "number" && json_type(v) == Some("integer"));
        let of_type: Vec<Value> = values.iter().filter(fits).cloned().collect();
        if !of_type.is_empty() {
            member.insert("enum".into(), Value::Array(of_type));
        }
    }
    Value::Object(member)
}

/// The JSON type a `format` applies to.
fn format_type(format: &str) -> &'static str {
    match format {
        "int32" | "int64" | "int8" | "int16" | "uint8" | "uint16" | "uint32" | "uint64" => "integer",
        "float" | "double" | "decimal" => "number",
        _ => "string",
    }
}

/// The JSON type of a value, as `type` names it.
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("boolean"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
        Value::Null => None,
    }
}

/// `contentEncoding: base64` → `format: byte`; `contentMediaType` alone →
/// `format: binary` (raw bytes of that media type).
fn content(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media = schema.remove("contentMediaType");
    let string = match schema.get("type") {
        None => true,
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        Some(t) => t == "string",
    };
    if schema.contains_key("format") || !string {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(_)) => "binary",
        _ => return,
    };
    schema.insert("format".into(), format.into());
    schema.entry("type").or_insert_with(|| "string".into());
}
