//! Request bodies (`in: body`, `in: formData`) and responses: where 2.0
//! has one schema and a list of media types, 3.0 has the schema once per
//! media type.

use serde_json::{Map, Value, json};

use super::paths::Listed;
use super::{Cx, Media, Place, is_json, record, rewrite_ref};
use crate::diag::{Location, Problem};

/// What a form body may be sent as.
fn is_form(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("application/x-www-form-urlencoded")
        || media.starts_with("multipart/form-data")
        || is_json(&media)
}

impl Cx<'_> {
    /// The media types of a body come from `consumes`: a diagnostic about the
    /// `content` of the body at `new` names it, where it is declared.
    /// Without a `consumes`, it names `otherwise`.
    fn record_content(&mut self, consumes: &Media, new: &Location, otherwise: &Location) {
        let old = consumes.at.as_ref().unwrap_or(otherwise);
        record(&mut self.map, &Place::new(old.clone(), new.join("content")));
    }

    /// An `in: body` parameter → a request body at `place.new`, offered in
    /// the JSON types of `consumes` (all of them if none is JSON).
    pub(super) fn body(&mut self, param: &Map<String, Value>, place: &Place, consumes: &Media) -> Value {
        record(&mut self.map, place);
        self.record_content(consumes, &place.new, &place.old);
        let mut types: Vec<&str> = consumes.types.iter().map(String::as_str).filter(|m| is_json(m)).collect();
        if types.is_empty() {
            types = consumes.types.iter().map(String::as_str).collect();
        }
        if types.is_empty() {
            types.push("application/json");
        }
        let mut content = Map::new();
        match param.get("schema") {
            Some(schema) => {
                for media in types {
                    let at = Place::new(place.old.join("schema"), place.new.join("content").join(media).join("schema"));
                    record(&mut self.map, &at);
                    content.insert(media.to_owned(), json!({ "schema": self.schema(schema, &at) }));
                }
            }
            None => self.error(
                &place.old,
                Problem::MissingKeyword { owner: "a body parameter", keyword: "schema", expected: "an object" },
            ),
        }
        let mut out = Map::new();
        if let Some(description) = param.get("description") {
            out.insert("description".into(), description.clone());
        }
        let required = self.required(param, &place.old).unwrap_or(false);
        out.insert("required".into(), Value::Bool(required));
        out.insert("content".into(), Value::Object(content));
        Value::Object(out)
    }

    /// `in: formData` parameters → one object body of the operation at `op`,
    /// in every media type that `consumes` offers for it.
    pub(super) fn form_body(&mut self, form: &[Listed], consumes: &Media, op: &Location) -> Value {
        let new = &op.join("requestBody");
        let params: Vec<(&Map<String, Value>, &Location)> = form.iter().map(|l| (&l.param, &l.at)).collect();
        let has_file = params.iter().any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
        let mut types: Vec<&str> = consumes.types.iter().map(String::as_str).filter(|m| is_form(m)).collect();
        if types.is_empty() {
            let fallback = if has_file { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
            if let (Some(at), false) = (&consumes.at, consumes.types.is_empty()) {
                self.warn(at, Problem::NoFormMedia(fallback));
            }
            types.push(fallback);
        }
        if let Some((_, first)) = params.first() {
            record(&mut self.map, &Place::new((*first).clone(), new.clone()));
        }
        self.record_content(consumes, new, op);
        let mut content = Map::new();
        for media in types {
            let at = new.join("content").join(media).join("schema");
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (param, param_at) in &params {
                let name = param.get("name").and_then(Value::as_str).unwrap_or_default();
                let mut schema = self.param_schema(param, param_at, &at.join("properties").join(name));
                if let Value::Object(schema) = &mut schema {
                    for key in ["description", "deprecated"] {
                        if let Some(value) = param.get(key) {
                            schema.entry(key).or_insert_with(|| value.clone());
                        }
                    }
                }
                if self.required(param, param_at) == Some(true) {
                    required.push(Value::String(name.to_owned()));
                }
                properties.insert(name.to_owned(), schema);
            }
            let mut schema = Map::new();
            schema.insert("type".into(), "object".into());
            if !required.is_empty() {
                schema.insert("required".into(), Value::Array(required));
            }
            schema.insert("properties".into(), Value::Object(properties));
            content.insert(media.to_owned(), json!({ "schema": schema }));
        }
        // Always required: with no required field the body is an empty object, not absent, so a vendor making
        // its last field optional changes that field's type and not the method's signature.
        json!({ "required": true, "content": content })
    }

    /// A response at `place`: `schema` → `content` for each type `produces`
    /// lists; header value keywords → header schemas.
    pub(super) fn response(&mut self, response: &Value, place: &Place, produces: &Media) -> Value {
        match response.get("$ref") {
            Some(Value::String(reference)) => return json!({ "$ref": rewrite_ref(reference) }),
            Some(_) => {
                self.wrong_kind(&place.old.join("$ref"), "$ref", "a string");
                return json!({ "description": "" });
            }
            None => {}
        }
        let Some(response) = response.as_object() else {
            self.wrong_node(&place.old, "a response", "an object");
            return json!({ "description": "" });
        };
        let mut out = Map::new();
        let description = match response.get("description") {
            Some(Value::String(text)) => text.clone(),
            _ => {
                self.warn(&place.old, Problem::ResponseWithoutDescription);
                String::new()
            }
        };
        out.insert("description".into(), description.into());
        if let Some(headers) = self.object(response, "headers", &place.old) {
            let mut converted = Map::new();
            for (name, header) in headers {
                let at = place.join("headers").join(name);
                let Some(header) = header.as_object() else {
                    self.wrong_node(&at.old, "a header", "an object");
                    continue;
                };
                let mut out = Map::new();
                if let Some(description) = header.get("description") {
                    out.insert("description".into(), description.clone());
                }
                out.insert("schema".into(), self.param_schema(header, &at.old, &at.new.join("schema")));
                converted.insert(name.clone(), Value::Object(out));
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        if let Some(schema) = response.get("schema") {
            // A file is not JSON, whatever `produces` says; its own type is the one that is not.
            let is_file = schema.get("type").and_then(Value::as_str) == Some("file");
            let mut types: Vec<&str> =
                produces.types.iter().map(String::as_str).filter(|m| !is_file || !is_json(m)).collect();
            if types.is_empty() {
                types.push(if is_file { "application/octet-stream" } else { "application/json" });
            }
            let mut content = Map::new();
            for media in types {
                let at = Place::new(place.old.join("schema"), place.new.join("content").join(media).join("schema"));
                record(&mut self.map, &at);
                content.insert(media.to_owned(), json!({ "schema": self.schema(schema, &at) }));
            }
            out.insert("content".into(), Value::Object(content));
        }
        for (key, value) in response {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }
}
