//! Swagger 2.0 schemas and parameter types → OpenAPI 3.0 schemas, with the
//! tolerance real vendor files need.

use serde_json::{Map, Value, json};

use super::Cx;
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

/// Keywords of 2.0 parameters and items that describe the value (they move
/// into the 3.0 `schema`).
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
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
    "x-nullable",
];

/// Rewrites a 2.0 `$ref` to its 3.0 location.
pub fn rewrite_ref(reference: &str) -> String {
    for (old, new) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    reference.to_owned()
}

impl Cx<'_> {
    /// A 2.0 schema object as a 3.0 one. `at` is its place in the 2.0 file.
    pub fn schema(&mut self, value: &Value, at: &Location) -> Value {
        let Some(object) = value.as_object() else {
            if let Value::String(name) = value {
                // `"items": "string"`: a type name where a schema belongs.
                self.warn(
                    at,
                    format!("a type name (`{name}`) stands where a schema belongs; read as {{type: {name}}}"),
                );
                return self.schema(&json!({ "type": name }), at);
            }
            if value.is_boolean() {
                return json!({});
            }
            self.warn(at, "a schema must be an object; any value is accepted here".into());
            return json!({});
        };
        let mut out = Map::new();
        for (key, item) in object {
            let item_at = at.join(key);
            let converted = match key.as_str() {
                "$ref" => match item.as_str() {
                    Some(reference) => Value::String(rewrite_ref(reference)),
                    None => {
                        self.error(&item_at, Problem::Invalid("`$ref` must be a string".into()));
                        continue;
                    }
                },
                "x-nullable" => {
                    out.insert("nullable".into(), item.clone());
                    continue;
                }
                "discriminator" => match item {
                    Value::String(property) => json!({ "propertyName": property }),
                    other => other.clone(),
                },
                "properties" | "definitions" => match item.as_object() {
                    Some(props) => Value::Object(
                        props.iter().map(|(name, s)| (name.clone(), self.schema(s, &item_at.join(name)))).collect(),
                    ),
                    None => {
                        self.warn(&item_at, format!("`{key}` must be an object; ignored"));
                        continue;
                    }
                },
                "additionalProperties" | "not" if item.is_object() => self.schema(item, &item_at),
                "items" => self.items(item, &item_at),
                "allOf" | "anyOf" | "oneOf" => match item.as_array() {
                    Some(members) => Value::Array(
                        members.iter().enumerate().map(|(i, m)| self.schema(m, &item_at.join(i.to_string()))).collect(),
                    ),
                    None => {
                        self.warn(&item_at, format!("`{key}` must be an array; ignored"));
                        continue;
                    }
                },
                _ => item.clone(),
            };
            out.insert(key.clone(), converted);
        }
        self.fix_keywords(&mut out, at);
        Value::Object(out)
    }

    /// `items`: one schema (2.0 has no tuples; the first of an array is used).
    fn items(&mut self, item: &Value, at: &Location) -> Value {
        match item {
            Value::Array(list) => {
                self.warn(at, "`items` must be one schema, not a list; the first is used".into());
                list.first().map_or_else(|| json!({}), |first| self.schema(first, &at.join("0")))
            }
            other => self.schema(other, at),
        }
    }

    /// Repairs what vendors get wrong inside one schema object, with a
    /// warning each: numbers and booleans written as strings, unknown type
    /// names, `type: file`, an `enum` on an array meant for its items, and a
    /// missing `type` where the shape says it.
    pub fn fix_keywords(&mut self, schema: &mut Map<String, Value>, at: &Location) {
        for key in NUMERIC {
            if let Some(Value::String(text)) = schema.get(*key) {
                let text = text.trim().to_owned();
                match text.parse::<i64>().map(Value::from).or_else(|_| text.parse::<f64>().map(Value::from)) {
                    Ok(number) => {
                        self.warn(&at.join(key), format!("`{key}` written as a string (\"{text}\"); read as a number"));
                        schema.insert((*key).into(), number);
                    }
                    Err(_) => {
                        self.warn(&at.join(key), format!("`{key}` is not a number (\"{text}\"); ignored"));
                        schema.remove(*key);
                    }
                }
            }
        }
        for key in ["exclusiveMaximum", "exclusiveMinimum", "uniqueItems", "nullable", "readOnly", "deprecated"] {
            if let Some(Value::String(text)) = schema.get(key) {
                let flag = text.trim().eq_ignore_ascii_case("true");
                self.warn(&at.join(key), format!("`{key}` written as a string (\"{text}\"); read as {flag}"));
                schema.insert(key.into(), Value::Bool(flag));
            }
        }
        let typ = schema.get("type").and_then(Value::as_str).map(str::to_owned);
        match typ.as_deref() {
            Some("string" | "integer" | "number" | "boolean" | "array" | "object") | None => {}
            Some("file") => {
                schema.insert("type".into(), "string".into());
                schema.insert("format".into(), "binary".into());
            }
            Some(other @ ("double" | "float")) => {
                self.warn(&at.join("type"), format!("`type: {other}` is not a type; read as a number ({other})"));
                schema.insert("type".into(), "number".into());
                schema.insert("format".into(), other.into());
            }
            Some(other @ ("int" | "long" | "int32" | "int64")) => {
                self.warn(&at.join("type"), format!("`type: {other}` is not a type; read as an integer"));
                schema.insert("type".into(), "integer".into());
            }
            Some(other) => {
                self.warn(&at.join("type"), format!("unknown type `{other}`; read as a string"));
                schema.insert("type".into(), "string".into());
            }
        }
        if let Some(Value::Array(_)) = schema.get("type") {
            self.warn(
                &at.join("type"),
                "a list of types is not supported in OpenAPI 3.0; any value is accepted".into(),
            );
            schema.remove("type");
        }
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            if !schema.contains_key("items") {
                self.warn(at, "an array without `items`; items of any type are accepted".into());
                schema.insert("items".into(), json!({}));
            }
            if let Some(values) = schema.remove("enum") {
                self.warn(&at.join("enum"), "`enum` on an array belongs to its items; moved there".into());
                if let Some(Value::Object(items)) = schema.get_mut("items") {
                    items.entry("enum").or_insert(values);
                }
            }
        }
        if !schema.contains_key("type") && !schema.contains_key("$ref") {
            let all_strings =
                schema.get("enum").and_then(Value::as_array).is_some_and(|v| v.iter().all(Value::is_string));
            if all_strings {
                schema.insert("type".into(), "string".into());
            }
        }
        self.fix_default(schema, at);
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
        match fixed {
            Some(value) => {
                self.warn(&at.join("default"), format!("default \"{text}\" written as a string; read as {value}"));
                schema.insert("default".into(), value);
            }
            None => {
                self.warn(&at.join("default"), format!("default \"{text}\" does not fit `type: {typ}`; ignored"));
                schema.remove("default");
            }
        }
    }

    /// The 3.0 schema of a 2.0 non-body parameter (or header, or items of
    /// one): the value keywords, moved into a schema.
    pub fn param_schema(&mut self, param: &Map<String, Value>, at: &Location) -> Value {
        if let Some(schema) = param.get("schema") {
            if param.get("type").is_some_and(|t| t != "object") {
                self.warn(&at.join("schema"), "both `type` and `schema` are given; `schema` is used".into());
            }
            return self.schema(schema, &at.join("schema"));
        }
        let mut schema = Map::new();
        for key in VALUE_KEYWORDS {
            if let Some(value) = param.get(*key) {
                schema.insert((*key).into(), value.clone());
            }
        }
        if let Some(Value::Object(items)) = param.get("items") {
            let items_at = at.join("items");
            let items = if items.contains_key("$ref") {
                self.schema(&Value::Object(items.clone()), &items_at)
            } else {
                self.param_schema(items, &items_at)
            };
            schema.insert("items".into(), items);
        }
        if !schema.contains_key("type") {
            self.warn(at, "a parameter without `type`; read as a string".into());
            schema.insert("type".into(), "string".into());
        }
        self.schema(&Value::Object(schema), at)
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
}
