//! Swagger 2.0 schemas and parameter types → OpenAPI 3.0 schemas, with the
//! tolerance real vendor files need.

use serde_json::{Map, Value, json};

use super::{Cx, Place, record};
use crate::diag::{Location, Problem};

/// Keywords whose value must be a number; vendors write some as strings.
const NUMERIC: &[&str] = &[
    "maxLength",
    "minLength",
    "maximum",
    "minimum",
    "maxItems",
    "minItems",
    "multipleOf",
    "maxProperties",
    "minProperties",
];

/// Keywords of 2.0 parameters and items that describe the value and move
/// into the 3.0 `schema` as they are (`items` and `x-nullable` are
/// converted on the way).
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Rewrites a 2.0 `$ref` to its 3.0 location.
pub fn rewrite_ref(reference: &str) -> String {
    for (old, new) in REF_PREFIXES {
        if let Some(rest) = reference.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    reference.to_owned()
}

/// A `$ref` of the converted document as the 2.0 document writes it, for
/// messages that quote it: the reverse of [`rewrite_ref`].
pub fn original_ref(reference: &str) -> String {
    for (old, new) in REF_PREFIXES {
        if let Some(rest) = reference.strip_prefix(new) {
            return format!("{old}{rest}");
        }
    }
    reference.to_owned()
}

/// Where Swagger 2.0 keeps reusable objects, and where OpenAPI 3.0 does.
const REF_PREFIXES: [(&str, &str); 3] = [
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
];

impl Cx<'_> {
    /// A 2.0 schema object as a 3.0 one, at `place`.
    pub(super) fn schema(&mut self, value: &Value, place: &Place) -> Value {
        let Some(object) = value.as_object() else {
            match value {
                // `"items": "string"`: a type name where a schema belongs.
                Value::String(name) => {
                    self.warn(&place.old, Problem::TypeNameAsSchema(name.clone()));
                    return self.schema(&json!({ "type": name }), place);
                }
                _ => {
                    self.warn(&place.old, Problem::SchemaNotObject(value.to_string()));
                    return json!({});
                }
            }
        };
        let mut out = Map::new();
        // Properties marked `required: true` themselves (JSON Schema draft 3), for the object's list.
        let mut required_here = Vec::new();
        for (key, item) in object {
            let child = place.join(key);
            let converted = match key.as_str() {
                "$ref" => match item.as_str() {
                    Some(reference) => Value::String(rewrite_ref(reference)),
                    None => {
                        self.wrong_kind(&child.old, "$ref", "a string");
                        continue;
                    }
                },
                "x-nullable" => {
                    out.insert("nullable".into(), item.clone());
                    continue;
                }
                "discriminator" => match item {
                    Value::String(property) => json!({ "propertyName": property }),
                    Value::Object(d) if d.get("propertyName").is_some_and(Value::is_string) => item.clone(),
                    _ => {
                        self.ignore(&child.old, key, "name a property");
                        continue;
                    }
                },
                "properties" => match item.as_object() {
                    Some(props) => Value::Object(self.properties(props, &child, &mut required_here)),
                    None => {
                        self.ignore(&child.old, key, "be an object");
                        continue;
                    }
                },
                "additionalProperties" | "not" if item.is_object() => self.schema(item, &child),
                "additionalProperties" if item.is_boolean() => item.clone(),
                "additionalProperties" | "not" => {
                    self.ignore(&child.old, key, "be a schema");
                    continue;
                }
                "items" => self.items(item, &child),
                "allOf" | "anyOf" | "oneOf" => match item.as_array() {
                    Some(members) => Value::Array(
                        members.iter().enumerate().map(|(i, m)| self.schema(m, &child.join(&i.to_string()))).collect(),
                    ),
                    None => {
                        self.ignore(&child.old, key, "be a list of schemas");
                        continue;
                    }
                },
                // Draft 3's `required: true` where no property holds it; other mistakes are model errors.
                "required" if item.is_boolean() => {
                    self.ignore(&child.old, key, "be a list of property names");
                    continue;
                }
                "enum" if !item.is_array() => {
                    self.ignore(&child.old, key, "be a list");
                    continue;
                }
                _ => item.clone(),
            };
            out.insert(key.clone(), converted);
        }
        if !required_here.is_empty() {
            let list = out.entry("required").or_insert_with(|| json!([]));
            if let Value::Array(list) = list {
                for name in required_here {
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
        }
        self.fix_keywords(&mut out, place);
        Value::Object(self.nullable_ref(out, place))
    }

    /// A warning: `keyword` (at `at`) is ignored because it does not `must`.
    fn ignore(&mut self, at: &Location, keyword: &str, must: &'static str) {
        self.warn(at, Problem::IgnoredKeyword { keyword: keyword.to_owned(), must });
    }

    /// `properties`, moving a property's own `required: true` (JSON Schema
    /// draft 3, which some 2.0 files use) into the object's list.
    fn properties(
        &mut self,
        props: &Map<String, Value>,
        place: &Place,
        required: &mut Vec<Value>,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, schema) in props {
            let at = place.join(name);
            let converted = match schema.get("required") {
                Some(Value::Bool(flag)) => {
                    let problem = if *flag {
                        required.push(Value::String(name.clone()));
                        Problem::RequiredOnProperty
                    } else {
                        Problem::NotRequiredOnProperty
                    };
                    self.warn(&at.old.join("required"), problem);
                    let mut schema = schema.as_object().cloned().unwrap_or_default();
                    schema.remove("required");
                    self.schema(&Value::Object(schema), &at)
                }
                _ => self.schema(schema, &at),
            };
            out.insert(name.clone(), converted);
        }
        out
    }

    /// OpenAPI 3.0 ignores everything beside a `$ref`, so a nullable
    /// reference is written `allOf: [$ref]` with `nullable` beside it.
    fn nullable_ref(&mut self, mut schema: Map<String, Value>, place: &Place) -> Map<String, Value> {
        if !schema.contains_key("$ref") {
            return schema;
        }
        match schema.get("nullable") {
            Some(Value::Bool(true)) => {}
            Some(_) => {
                schema.remove("nullable");
                return schema;
            }
            None => return schema,
        }
        let mut out = Map::new();
        let reference = schema.remove("$ref").unwrap_or_default();
        out.insert("allOf".into(), json!([{ "$ref": reference }]));
        record(&mut self.map, &Place::new(place.old.clone(), place.new.join("allOf").join("0")));
        out.extend(schema);
        out
    }

    /// `items`: one schema (2.0 has no tuples; the first of a list is used).
    fn items(&mut self, item: &Value, place: &Place) -> Value {
        match item {
            Value::Array(list) => {
                self.warn(&place.old, Problem::ItemsList);
                let first = place.join("0");
                record(&mut self.map, &Place::new(first.old, place.new.clone()));
                list.first().map_or_else(|| json!({}), |first| self.schema(first, &place.join("0")))
            }
            other => self.schema(other, place),
        }
    }

    /// Repairs what vendors get wrong inside one schema object, with a
    /// warning each: numbers and booleans written as strings, unknown type
    /// names, `type: file`, an `enum` on an array meant for its items.
    fn fix_keywords(&mut self, schema: &mut Map<String, Value>, place: &Place) {
        let at = &place.old;
        for key in NUMERIC {
            if let Some(Value::String(text)) = schema.get(*key) {
                let text = text.trim().to_owned();
                let (keyword, value) = ((*key).to_owned(), Value::String(text.clone()).to_string());
                match text.parse::<i64>().map(Value::from).or_else(|_| text.parse::<f64>().map(Value::from)) {
                    Ok(number) => {
                        let read_as = "a number".to_owned();
                        self.warn(&at.join(key), Problem::WrittenAsString { keyword, value, read_as });
                        schema.insert((*key).into(), number);
                    }
                    Err(_) => {
                        self.warn(&at.join(key), Problem::UnreadableValue { keyword, value, expected: "a number" });
                        schema.remove(*key);
                    }
                }
            }
        }
        for key in ["exclusiveMaximum", "exclusiveMinimum", "uniqueItems", "nullable", "readOnly", "deprecated"] {
            if let Some(value @ Value::String(text)) = schema.get(key) {
                let flag = text.trim().eq_ignore_ascii_case("true");
                let problem = Problem::WrittenAsString {
                    keyword: key.into(),
                    value: value.to_string(),
                    read_as: flag.to_string(),
                };
                self.warn(&at.join(key), problem);
                schema.insert(key.into(), Value::Bool(flag));
            }
        }
        self.fix_type(schema, at);
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            if !schema.contains_key("items") {
                self.warn(at, Problem::ArrayWithoutItems);
                schema.insert("items".into(), json!({}));
            }
            if let Some(values) = schema.remove("enum") {
                match schema.get_mut("items") {
                    Some(Value::Object(items)) if !items.contains_key("$ref") && !items.contains_key("allOf") => {
                        self.warn(&at.join("enum"), Problem::EnumOnArray);
                        record(&mut self.map, &Place::new(at.join("enum"), place.new.join("items").join("enum")));
                        items.entry("enum").or_insert(values);
                    }
                    _ => self.warn(&at.join("enum"), Problem::EnumOnArrayOfRefs),
                }
            }
        }
        self.fix_default(schema, at);
    }

    /// A `type` that is not one of OpenAPI's, read as the one it means.
    fn fix_type(&mut self, schema: &mut Map<String, Value>, at: &Location) {
        let typ = match schema.get("type") {
            None => return,
            Some(Value::String(typ)) => typ.clone(),
            Some(Value::Array(_)) => {
                self.warn(&at.join("type"), Problem::TypeList);
                schema.remove("type");
                return;
            }
            Some(other) => {
                self.warn(&at.join("type"), Problem::TypeNotAName(other.to_string()));
                schema.remove("type");
                return;
            }
        };
        let lower = typ.to_ascii_lowercase();
        let (read, format) = match lower.as_str() {
            "string" | "integer" | "number" | "boolean" | "array" | "object" if lower == typ => return,
            // `file` is 2.0's own; no warning.
            "file" if lower == typ => ("string", Some("binary")),
            known @ ("string" | "integer" | "number" | "boolean" | "array" | "object" | "file") => {
                self.warn(
                    &at.join("type"),
                    Problem::TypeMisspelled { written: typ.clone(), spelled: known.to_owned() },
                );
                if known == "file" { ("string", Some("binary")) } else { (known, None) }
            }
            "double" | "float" => {
                let (read_as, format) =
                    if lower == "float" { ("a number (float)", "float") } else { ("a number (double)", "double") };
                self.warn(&at.join("type"), Problem::TypeAlias { written: typ.clone(), read_as });
                ("number", Some(format))
            }
            "int" | "long" | "int32" | "int64" => {
                self.warn(&at.join("type"), Problem::TypeAlias { written: typ.clone(), read_as: "an integer" });
                ("integer", None)
            }
            "bool" => {
                self.warn(&at.join("type"), Problem::TypeAlias { written: typ.clone(), read_as: "a boolean" });
                ("boolean", None)
            }
            _ => {
                self.warn(&at.join("type"), Problem::UnknownTypeAsString(typ.clone()));
                ("string", None)
            }
        };
        let read = read.to_owned();
        schema.insert("type".into(), read.into());
        if let Some(format) = format {
            schema.entry("format").or_insert_with(|| format.into());
        }
    }

    /// A `default` written as a string for a boolean or number schema.
    fn fix_default(&mut self, schema: &mut Map<String, Value>, at: &Location) {
        let typ = schema.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
        let Some(Value::String(text)) = schema.get("default") else { return };
        let text = text.trim().to_owned();
        let fixed = match typ.as_str() {
            "boolean" => match text.to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            "integer" => text.parse::<i64>().ok().map(Value::from),
            "number" => text.parse::<f64>().ok().map(Value::from),
            _ => return,
        };
        let written = Value::String(text).to_string();
        match fixed {
            Some(value) => {
                let problem = Problem::DefaultAsString { value: written, read_as: value.to_string() };
                self.warn(&at.join("default"), problem);
                schema.insert("default".into(), value);
            }
            None => {
                self.warn(&at.join("default"), Problem::DefaultNotOfType { value: written, ty: typ });
                schema.remove("default");
            }
        }
    }

    /// The 3.0 schema (at `new`) of a 2.0 non-body parameter, header, or
    /// items of one (at `old`): its value keywords, moved into a schema.
    pub(super) fn param_schema(&mut self, param: &Map<String, Value>, old: &Location, new: &Location) -> Value {
        if let Some(schema) = param.get("schema") {
            if param.get("type").is_some_and(|t| t != "object") {
                self.warn(&old.join("schema"), Problem::TypeBesideSchema);
            }
            let place = Place::new(old.join("schema"), new.clone());
            record(&mut self.map, &place);
            return self.schema(schema, &place);
        }
        let place = Place::new(old.clone(), new.clone());
        record(&mut self.map, &place);
        let mut schema = Map::new();
        // In the order written, so that the converted document reads like the original.
        for (key, value) in param {
            match key.as_str() {
                k if VALUE_KEYWORDS.contains(&k) => {
                    schema.insert(key.clone(), value.clone());
                }
                "x-nullable" => {
                    schema.insert("nullable".into(), value.clone());
                }
                "items" => {
                    let items = match value {
                        Value::Object(items) if !items.contains_key("$ref") => {
                            self.param_schema(items, &old.join("items"), &new.join("items"))
                        }
                        other => self.items(other, &place.join("items")),
                    };
                    schema.insert("items".into(), items);
                }
                _ => {}
            }
        }
        if !schema.contains_key("type") {
            let typ = inferred_type(&schema);
            self.warn(old, Problem::NoType(typ));
            let rest = std::mem::take(&mut schema);
            schema.insert("type".into(), typ.into());
            schema.extend(rest);
        }
        self.fix_keywords(&mut schema, &place);
        Value::Object(schema)
    }
}

/// The type a parameter without one evidently has.
fn inferred_type(schema: &Map<String, Value>) -> &'static str {
    if schema.contains_key("items") {
        return "array";
    }
    let values = schema.get("enum").and_then(Value::as_array).filter(|v| !v.is_empty());
    match values {
        Some(v) if v.iter().all(|v| v.is_i64() || v.is_u64()) => "integer",
        Some(v) if v.iter().all(Value::is_number) => "number",
        Some(v) if v.iter().all(Value::is_boolean) => "boolean",
        _ => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_move_to_components() {
        assert_eq!(rewrite_ref("#/definitions/A"), "#/components/schemas/A");
        assert_eq!(rewrite_ref("#/parameters/p"), "#/components/parameters/p");
        assert_eq!(rewrite_ref("#/responses/r"), "#/components/responses/r");
        assert_eq!(rewrite_ref("other.json#/definitions/A"), "other.json#/definitions/A");
    }

    #[test]
    fn messages_quote_refs_as_the_2_0_file_writes_them() {
        for reference in ["#/definitions/A", "#/parameters/p", "#/responses/r", "other.json#/definitions/A", "#/x"] {
            assert_eq!(original_ref(&rewrite_ref(reference)), reference);
        }
    }
}
