//! Swagger 2.0 → OpenAPI 3.0, on the JSON value, before the model is built,
//! so that everything downstream sees one format.
//!
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` →
//!   `components`, with every `$ref` rewritten;
//! - `in: body` → a JSON request body; `in: formData` → an object body offered
//!   in every media type `consumes` lists (form, multipart, JSON);
//! - `produces`/`consumes` (global and per operation) → response and request
//!   content; `host` + `basePath` + `schemes` → `servers`;
//! - `collectionFormat` → `style`/`explode`; `x-nullable` → `nullable`.
//!
//! Tolerated vendor mistakes (numbers written as strings, unknown type
//! names, …) are repaired with a warning that names the 2.0 pointer. Each
//! converted node remembers where it came from ([`PointerMap`]), so later
//! diagnostics point into the file the user has.

mod schema;

use serde_json::{Map, Value, json};

use crate::diag::{Diagnostics, Location, Problem};

pub use schema::rewrite_ref;

/// Pairs of (pointer in the converted document, pointer in the 2.0 file),
/// most specific last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointerMap(Vec<(String, String)>);

impl PointerMap {
    /// The 2.0 pointer for a pointer into the converted document: the
    /// longest recorded prefix, with the rest carried over.
    pub fn original(&self, converted: &str) -> String {
        let best = self
            .0
            .iter()
            .filter(|(new, _)| {
                converted == new || converted.strip_prefix(new.as_str()).is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(new, _)| new.len());
        match best {
            Some((new, old)) => format!("{old}{}", &converted[new.len()..]),
            None => converted.to_owned(),
        }
    }

    fn record(&mut self, converted: &Location, original: &Location) {
        if converted.pointer != original.pointer {
            self.0.push((converted.pointer.clone(), original.pointer.clone()));
        }
    }
}

/// The state of one conversion.
pub struct Cx<'a> {
    root: &'a Location,
    new_root: Location,
    diags: Diagnostics,
    map: PointerMap,
    consumes: Vec<String>,
    produces: Vec<String>,
    /// Global parameters by name, for inlining `formData` ones.
    global_params: Map<String, Value>,
}

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Converts a Swagger 2.0 document. Returns the OpenAPI 3.0 document, the
/// warnings and the pointer map, or the errors.
pub fn convert(doc: &Value, root: &Location) -> Result<(Value, Diagnostics, PointerMap), Diagnostics> {
    let Some(doc) = doc.as_object() else {
        let mut diags = Diagnostics::new();
        diags.error(root.clone(), Problem::NotOpenApi("the document is not an object".into()));
        return Err(diags);
    };
    let mut cx = Cx {
        root,
        new_root: Location::root(&root.file),
        diags: Diagnostics::new(),
        map: PointerMap::default(),
        consumes: strings(doc.get("consumes")),
        produces: strings(doc.get("produces")),
        global_params: doc.get("parameters").and_then(Value::as_object).cloned().unwrap_or_default(),
    };
    let mut out = Map::new();
    out.insert("openapi".into(), "3.0.3".into());
    for (key, value) in doc {
        match key.as_str() {
            "info" | "tags" | "externalDocs" | "security" => {
                out.insert(key.clone(), value.clone());
            }
            k if k.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    if let Some(servers) = cx.servers(doc) {
        out.insert("servers".into(), servers);
    }
    let paths = match doc.get("paths") {
        Some(Value::Object(paths)) => cx.paths(paths),
        Some(_) => {
            cx.error(&root.join("paths"), Problem::Invalid("`paths` must be an object".into()));
            Map::new()
        }
        None => Map::new(),
    };
    out.insert("paths".into(), Value::Object(paths));
    let components = cx.components(doc);
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok((Value::Object(out), cx.diags, cx.map)) }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

impl Cx<'_> {
    fn warn(&mut self, at: &Location, message: String) {
        self.diags.warn(at.clone(), Problem::Tolerated(message));
    }

    fn error(&mut self, at: &Location, problem: Problem) {
        self.diags.error(at.clone(), problem);
    }

    /// `host` + `basePath` + `schemes` → `servers`.
    fn servers(&mut self, doc: &Map<String, Value>) -> Option<Value> {
        let host = doc.get("host").and_then(Value::as_str);
        let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
        let base = base.trim_end_matches('/');
        let schemes = strings(doc.get("schemes"));
        let urls: Vec<String> = match host {
            Some(host) if schemes.is_empty() => vec![format!("https://{host}{base}")],
            Some(host) => schemes.iter().map(|s| format!("{s}://{host}{base}")).collect(),
            None if base.is_empty() => return None,
            None => vec![base.to_owned()],
        };
        // Prefer https when several schemes are offered.
        let mut urls = urls;
        urls.sort_by_key(|u| !u.starts_with("https://"));
        Some(Value::Array(urls.into_iter().map(|url| json!({ "url": url })).collect()))
    }

    fn components(&mut self, doc: &Map<String, Value>) -> Map<String, Value> {
        let mut components = Map::new();
        let root = self.root.clone();
        if let Some(Value::Object(definitions)) = doc.get("definitions") {
            let mut schemas = Map::new();
            for (name, schema) in definitions {
                let old = root.join("definitions").join(name);
                self.map.record(&self.new_root.join("components").join("schemas").join(name), &old);
                schemas.insert(name.clone(), self.schema(schema, &old));
            }
            components.insert("schemas".into(), Value::Object(schemas));
        }
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, param) in self.global_params.clone() {
            let old = root.join("parameters").join(&name);
            let Some(param) = param.as_object() else { continue };
            match param.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let new = self.new_root.join("components").join("requestBodies").join(&name);
                    self.map.record(&new, &old);
                    let consumes = self.consumes.clone();
                    bodies.insert(name.clone(), self.body(param, &old, &consumes));
                }
                // Inlined into each operation's form body.
                Some("formData") => {}
                _ => {
                    self.map.record(&self.new_root.join("components").join("parameters").join(&name), &old);
                    if let Some(converted) = self.parameter(param, &old) {
                        parameters.insert(name.clone(), converted);
                    }
                }
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
        if let Some(Value::Object(responses)) = doc.get("responses") {
            let produces = self.produces.clone();
            let converted = responses
                .iter()
                .map(|(name, r)| {
                    let old = root.join("responses").join(name);
                    self.map.record(&self.new_root.join("components").join("responses").join(name), &old);
                    (name.clone(), self.response(r, &old, &produces))
                })
                .collect();
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(Value::Object(schemes)) = doc.get("securityDefinitions") {
            let converted = schemes.iter().map(|(name, s)| (name.clone(), security_scheme(s))).collect();
            components.insert("securitySchemes".into(), Value::Object(converted));
        }
        components
    }

    fn paths(&mut self, paths: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (path, item) in paths {
            let item_at = self.root.join("paths").join(path);
            if path.starts_with("x-") {
                out.insert(path.clone(), item.clone());
                continue;
            }
            let Some(item) = item.as_object() else {
                self.error(&item_at, Problem::Invalid("a path item must be an object".into()));
                continue;
            };
            // Path-level parameters stay on the path item, except bodies and form
            // fields, which each operation's request body takes in.
            let mut shared = Vec::new();
            let mut item_params = Vec::new();
            let listed = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for (i, param) in listed.iter().enumerate() {
                let param_at = item_at.join("parameters").join(i.to_string());
                let place =
                    self.resolve_param(param).and_then(|p| p.get("in").and_then(Value::as_str).map(str::to_owned));
                match (place.as_deref(), param.as_object()) {
                    (Some("body" | "formData"), _) => shared.push((param.clone(), param_at)),
                    (_, Some(object)) if !object.contains_key("$ref") => {
                        let new = self
                            .new_root
                            .join("paths")
                            .join(path)
                            .join("parameters")
                            .join(item_params.len().to_string());
                        self.map.record(&new, &param_at);
                        if let Some(converted) = self.parameter(object, &param_at) {
                            item_params.push(converted);
                        }
                    }
                    (_, Some(object)) => match object.get("$ref").and_then(Value::as_str) {
                        Some(reference) if place.is_some() => {
                            item_params.push(json!({ "$ref": rewrite_ref(reference) }))
                        }
                        Some(reference) => {
                            self.error(&param_at.join("$ref"), Problem::DanglingRef(reference.to_owned()))
                        }
                        None => {}
                    },
                    (_, None) => self.error(&param_at, Problem::Invalid("a parameter must be an object".into())),
                }
            }
            let mut converted = Map::new();
            for (key, value) in item {
                match key.as_str() {
                    "parameters" => {}
                    m if HTTP_METHODS.contains(&m) => {
                        let op_at = item_at.join(m);
                        let new_at = self.new_root.join("paths").join(path).join(m);
                        self.map.record(&new_at, &op_at);
                        match value.as_object() {
                            Some(op) => {
                                converted
                                    .insert(key.clone(), Value::Object(self.operation(op, &shared, &op_at, &new_at)));
                            }
                            None => self.error(&op_at, Problem::Invalid("an operation must be an object".into())),
                        }
                    }
                    "$ref" => {
                        self.error(
                            &item_at.join("$ref"),
                            Problem::UnsupportedRef(value.to_string(), "path items cannot be references"),
                        );
                    }
                    _ => {
                        converted.insert(key.clone(), value.clone());
                    }
                }
            }
            if !item_params.is_empty() {
                converted.insert("parameters".into(), Value::Array(item_params));
            }
            out.insert(path.clone(), Value::Object(converted));
        }
        out
    }

    fn operation(
        &mut self,
        op: &Map<String, Value>,
        shared: &[(Value, Location)],
        at: &Location,
        new_at: &Location,
    ) -> Map<String, Value> {
        let consumes = op.get("consumes").map(|v| strings(Some(v))).unwrap_or_else(|| self.consumes.clone());
        let produces = op.get("produces").map(|v| strings(Some(v))).unwrap_or_else(|| self.produces.clone());
        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "tags" | "summary" | "description" | "externalDocs" | "operationId" | "deprecated" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                k if k.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        let own: Vec<(Value, Location)> = op
            .get("parameters")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter().enumerate().map(|(i, p)| (p.clone(), at.join("parameters").join(i.to_string()))).collect()
            })
            .unwrap_or_default();
        let mut params = Vec::new();
        let mut body = None;
        let mut form: Vec<(String, Map<String, Value>, Location)> = Vec::new();
        // Operation parameters override path parameters of the same name and place.
        let key_of = |p: &Value, cx: &Cx<'_>| {
            let p = cx.resolve_param(p).unwrap_or_default();
            (p.get("name").cloned(), p.get("in").cloned())
        };
        let own_keys: Vec<_> = own.iter().map(|(p, _)| key_of(p, self)).collect();
        let shared: Vec<_> = shared.iter().filter(|(p, _)| !own_keys.contains(&key_of(p, self))).cloned().collect();
        for (param, param_at) in shared.iter().chain(own.iter()) {
            if let Some(reference) = param.get("$ref").and_then(Value::as_str) {
                match self.resolve_param(param) {
                    Some(target) if target.get("in").and_then(Value::as_str) == Some("body") => {
                        let name = reference.rsplit('/').next().unwrap_or_default();
                        body = Some(json!({ "$ref": format!("#/components/requestBodies/{name}") }));
                    }
                    Some(target) if target.get("in").and_then(Value::as_str) == Some("formData") => {
                        let name = target.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                        form.push((name, target, param_at.clone()));
                    }
                    Some(_) => params.push(json!({ "$ref": rewrite_ref(reference) })),
                    None => self.error(&param_at.join("$ref"), Problem::DanglingRef(reference.to_owned())),
                }
                continue;
            }
            let Some(param) = param.as_object() else {
                self.error(param_at, Problem::Invalid("a parameter must be an object".into()));
                continue;
            };
            match param.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let new = new_at.join("requestBody");
                    self.map.record(&new, param_at);
                    body = Some(self.body(param, param_at, &consumes));
                }
                Some("formData") => {
                    let name = param.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                    form.push((name, param.clone(), param_at.clone()));
                }
                Some(_) => {
                    let index = params.len();
                    self.map.record(&new_at.join("parameters").join(index.to_string()), param_at);
                    if let Some(converted) = self.parameter(param, param_at) {
                        params.push(converted);
                    }
                }
                None => self.error(&param_at.join("in"), Problem::Invalid("a parameter needs `in`".into())),
            }
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        }
        if !form.is_empty() {
            if body.is_some() {
                self.warn(at, "both a body and form parameters are given; the form parameters are ignored".into());
            } else {
                body = Some(self.form_body(&form, &consumes, new_at));
            }
        }
        if let Some(body) = body {
            out.insert("requestBody".into(), body);
        }
        let responses = match op.get("responses") {
            Some(Value::Object(responses)) => responses
                .iter()
                .map(|(code, r)| {
                    let old = at.join("responses").join(code);
                    self.map.record(&new_at.join("responses").join(code), &old);
                    (code.clone(), self.response(r, &old, &produces))
                })
                .collect(),
            _ => {
                self.warn(at, "an operation without `responses`; an empty default response is assumed".into());
                let mut map = Map::new();
                map.insert("default".into(), json!({ "description": "" }));
                map
            }
        };
        out.insert("responses".into(), Value::Object(responses));
        out
    }

    /// The global parameter a `$ref` names, or the parameter itself.
    fn resolve_param(&self, param: &Value) -> Option<Map<String, Value>> {
        match param.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.strip_prefix("#/parameters/")?;
                let name = name.replace("~1", "/").replace("~0", "~");
                self.global_params.get(&name).and_then(Value::as_object).cloned()
            }
            None => param.as_object().cloned(),
        }
    }

    /// A non-body parameter.
    fn parameter(&mut self, param: &Map<String, Value>, at: &Location) -> Option<Value> {
        let location = param.get("in").and_then(Value::as_str).unwrap_or("query");
        let mut out = Map::new();
        for key in ["name", "in", "description", "required", "deprecated", "allowEmptyValue"] {
            if let Some(value) = param.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        for (key, value) in param {
            if key.starts_with("x-") && key != "x-nullable" {
                out.insert(key.clone(), value.clone());
            }
        }
        if location == "path" {
            out.insert("required".into(), Value::Bool(true));
        }
        out.insert("schema".into(), self.param_schema(param, at));
        let is_array = param.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = param.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (location, format) {
                (_, "multi") => ("form", true),
                ("query", "ssv") => ("spaceDelimited", false),
                ("query", "pipes") => ("pipeDelimited", false),
                ("query", "csv") => ("form", false),
                (_, "csv") => ("simple", false),
                (_, other) => {
                    self.warn(
                        &at.join("collectionFormat"),
                        format!("collectionFormat `{other}` is sent comma-separated"),
                    );
                    (if location == "query" { "form" } else { "simple" }, false)
                }
            };
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
        }
        Some(Value::Object(out))
    }

    /// An `in: body` parameter → a request body offered as JSON.
    fn body(&mut self, param: &Map<String, Value>, at: &Location, consumes: &[String]) -> Value {
        let schema = match param.get("schema") {
            Some(schema) => self.schema(schema, &at.join("schema")),
            None => {
                self.error(at, Problem::Invalid("a body parameter needs a `schema`".into()));
                json!({})
            }
        };
        let mut media: Vec<&str> = consumes.iter().map(String::as_str).filter(|m| is_json(m)).collect();
        if media.is_empty() {
            media = consumes.iter().map(String::as_str).collect();
        }
        if media.is_empty() {
            media.push("application/json");
        }
        let content: Map<String, Value> =
            media.into_iter().map(|m| (m.to_owned(), json!({ "schema": schema }))).collect();
        let mut out = Map::new();
        if let Some(description) = param.get("description") {
            out.insert("description".into(), description.clone());
        }
        out.insert("required".into(), param.get("required").cloned().unwrap_or(Value::Bool(false)));
        out.insert("content".into(), Value::Object(content));
        Value::Object(out)
    }

    /// `in: formData` parameters → one object body, in every media type that
    /// `consumes` offers for it.
    fn form_body(
        &mut self,
        form: &[(String, Map<String, Value>, Location)],
        consumes: &[String],
        new_at: &Location,
    ) -> Value {
        let has_file = form.iter().any(|(_, p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
        let mut media: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|m| {
                let m = m.to_ascii_lowercase();
                m.starts_with("application/x-www-form-urlencoded")
                    || m.starts_with("multipart/form-data")
                    || is_json(&m)
            })
            .collect();
        if media.is_empty() {
            media.push(if has_file { "multipart/form-data" } else { "application/x-www-form-urlencoded" });
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (name, param, at) in form {
            let mut schema = self.param_schema(param, at);
            if let Value::Object(schema) = &mut schema {
                for key in ["description", "deprecated"] {
                    if let Some(value) = param.get(key) {
                        schema.entry(key).or_insert_with(|| value.clone());
                    }
                }
            }
            if param.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            for m in &media {
                let prop_at =
                    new_at.join("requestBody").join("content").join(m).join("schema").join("properties").join(name);
                self.map.record(&prop_at, at);
            }
            properties.insert(name.clone(), schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        schema.insert("properties".into(), Value::Object(properties));
        let schema = Value::Object(schema);
        let content: Map<String, Value> =
            media.into_iter().map(|m| (m.to_owned(), json!({ "schema": schema }))).collect();
        // Always required: with no required field the body is an empty object, not absent, so a vendor making
        // its last field optional changes that field's type and not the method's signature.
        json!({ "required": true, "content": content })
    }

    /// A response: `schema` → `content` for each type `produces` lists.
    fn response(&mut self, response: &Value, at: &Location, produces: &[String]) -> Value {
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": rewrite_ref(reference) });
        }
        let Some(response) = response.as_object() else {
            self.error(at, Problem::Invalid("a response must be an object".into()));
            return json!({ "description": "" });
        };
        let mut out = Map::new();
        out.insert("description".into(), response.get("description").cloned().unwrap_or_else(|| "".into()));
        if let Some(Value::Object(headers)) = response.get("headers") {
            let converted: Map<String, Value> = headers
                .iter()
                .filter_map(|(name, h)| {
                    let h = h.as_object()?;
                    let mut header = Map::new();
                    if let Some(description) = h.get("description") {
                        header.insert("description".into(), description.clone());
                    }
                    header.insert("schema".into(), self.param_schema(h, &at.join("headers").join(name)));
                    Some((name.clone(), Value::Object(header)))
                })
                .collect();
            out.insert("headers".into(), Value::Object(converted));
        }
        if let Some(schema) = response.get("schema") {
            let schema = self.schema(schema, &at.join("schema"));
            let media: Vec<&str> = if produces.is_empty() {
                vec!["application/json"]
            } else {
                produces.iter().map(String::as_str).collect()
            };
            let content: Map<String, Value> =
                media.into_iter().map(|m| (m.to_owned(), json!({ "schema": schema }))).collect();
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

/// A 2.0 security definition as a 3.0 security scheme.
fn security_scheme(scheme: &Value) -> Value {
    let get = |key: &str| scheme.get(key).cloned().unwrap_or(Value::Null);
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => json!({ "type": "http", "scheme": "basic" }),
        Some("apiKey") => json!({ "type": "apiKey", "name": get("name"), "in": get("in") }),
        Some("oauth2") => {
            let flow = match scheme.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = scheme.get(key) {
                    details.insert(key.into(), url.clone());
                }
            }
            details.insert("scopes".into(), scheme.get("scopes").cloned().unwrap_or_else(|| json!({})));
            json!({ "type": "oauth2", "flows": { flow: details } })
        }
        _ => scheme.clone(),
    }
}

#[cfg(test)]
mod tests;
