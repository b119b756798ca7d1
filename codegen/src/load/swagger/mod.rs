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

mod body;
mod paths;
mod schema;

use serde_json::{Map, Value, json};

use super::PointerMap;
use crate::diag::{Diagnostics, Location, Problem};

pub use schema::{original_ref, rewrite_ref};

/// Records where the node at `place` came from.
fn record(map: &mut PointerMap, place: &Place) {
    map.add(place.new.pointer.clone(), place.old.pointer.clone());
}

/// Where a node is in the 2.0 file (`old`, which diagnostics name) and where
/// its conversion goes in the 3.0 document (`new`).
#[derive(Debug, Clone)]
struct Place {
    old: Location,
    new: Location,
}

impl Place {
    fn new(old: Location, new: Location) -> Place {
        Place { old, new }
    }

    /// The child `key` on both sides.
    fn join(&self, key: &str) -> Place {
        Place { old: self.old.join(key), new: self.new.join(key) }
    }
}

/// The media types of `consumes` or `produces` in force, and where they
/// were declared, if anywhere (for diagnostics about them).
#[derive(Debug, Clone, Default)]
struct Media {
    types: Vec<String>,
    at: Option<Location>,
}

/// The state of one conversion.
struct Cx<'a> {
    root: &'a Location,
    new_root: Location,
    diags: Diagnostics,
    map: PointerMap,
    consumes: Media,
    produces: Media,
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
    let new_root = Location::root(&root.file);
    let mut cx = Cx {
        root,
        new_root,
        diags: Diagnostics::new(),
        map: PointerMap::default(),
        consumes: Media::default(),
        produces: Media::default(),
        global_params: Map::new(),
    };
    cx.consumes = cx.media(doc, "consumes", root).unwrap_or_default();
    cx.produces = cx.media(doc, "produces", root).unwrap_or_default();
    cx.global_params = cx.object(doc, "parameters", root).cloned().unwrap_or_default();
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
    let paths = match cx.object(doc, "paths", root) {
        Some(paths) => cx.paths(paths),
        None => Map::new(),
    };
    out.insert("paths".into(), Value::Object(paths));
    let components = cx.components(doc);
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok((Value::Object(out), cx.diags, cx.map)) }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// A flag vendors sometimes write as a string (`required: "true"`).
fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

impl Cx<'_> {
    fn warn(&mut self, at: &Location, problem: Problem) {
        self.diags.warn(at.clone(), problem);
    }

    fn error(&mut self, at: &Location, problem: Problem) {
        self.diags.error(at.clone(), problem);
    }

    /// An error: `keyword` (at `at`) is not `expected`.
    fn wrong_kind(&mut self, at: &Location, keyword: &str, expected: &'static str) {
        self.error(at, Problem::KeywordOfWrongKind { keyword: keyword.to_owned(), expected });
    }

    /// An error: the `node` at `at` is not `expected`.
    fn wrong_node(&mut self, at: &Location, node: &'static str, expected: &'static str) {
        self.error(at, Problem::NodeOfWrongKind { node, expected });
    }

    /// `owner[key]` when it is an object; an error when it is something else.
    fn object<'v>(
        &mut self,
        owner: &'v Map<String, Value>,
        key: &str,
        at: &Location,
    ) -> Option<&'v Map<String, Value>> {
        match owner.get(key)? {
            Value::Object(object) => Some(object),
            _ => {
                self.wrong_kind(&at.join(key), key, "an object");
                None
            }
        }
    }

    /// `owner[key]` read as a list of media types, when it is there. A single
    /// string is tolerated; anything else is an error.
    fn media(&mut self, owner: &Map<String, Value>, key: &str, at: &Location) -> Option<Media> {
        let at = at.join(key);
        let types = match owner.get(key)? {
            Value::Array(list) => {
                let mut types = Vec::new();
                for (i, item) in list.iter().enumerate() {
                    match item.as_str() {
                        Some(media) => types.push(media.trim().to_owned()),
                        None => self.wrong_node(&at.join(i.to_string()), "a media type", "a string"),
                    }
                }
                types
            }
            Value::String(media) => {
                self.warn(&at, Problem::MediaNotList { keyword: key.to_owned(), media: media.clone() });
                vec![media.trim().to_owned()]
            }
            _ => {
                self.wrong_kind(&at, key, "a list of media types");
                return None;
            }
        };
        Some(Media { types, at: Some(at) })
    }

    /// `host` + `basePath` + `schemes` → `servers`.
    fn servers(&mut self, doc: &Map<String, Value>) -> Option<Value> {
        let host = doc.get("host").and_then(Value::as_str).map(|host| match host.split_once("://") {
            Some((_, rest)) => {
                self.warn(&self.root.join("host"), Problem::HostWithScheme(rest.to_owned()));
                rest.trim_end_matches('/')
            }
            None => host.trim_end_matches('/'),
        });
        let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("").trim_end_matches('/');
        let base = if base.is_empty() || base.starts_with('/') {
            base.to_owned()
        } else {
            self.warn(&self.root.join("basePath"), Problem::BasePathWithoutSlash(base.to_owned()));
            format!("/{base}")
        };
        let schemes: Vec<&str> = doc
            .get("schemes")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).filter(|s| matches!(*s, "http" | "https")).collect())
            .unwrap_or_default();
        let mut urls: Vec<String> = match host {
            Some(host) if schemes.is_empty() => vec![format!("https://{host}{base}")],
            Some(host) => schemes.iter().map(|s| format!("{s}://{host}{base}")).collect(),
            None if base.is_empty() => return None,
            None => vec![base],
        };
        // Prefer https when several schemes are offered: the first server is the default.
        urls.sort_by_key(|u| !u.starts_with("https://"));
        urls.dedup();
        Some(Value::Array(urls.into_iter().map(|url| json!({ "url": url })).collect()))
    }

    fn components(&mut self, doc: &Map<String, Value>) -> Map<String, Value> {
        let mut components = Map::new();
        let root = self.root.clone();
        let new = self.new_root.join("components");
        if let Some(definitions) = self.object(doc, "definitions", &root) {
            let mut schemas = Map::new();
            for (name, schema) in definitions {
                let place = Place::new(root.join("definitions").join(name), new.join("schemas").join(name));
                record(&mut self.map, &place);
                schemas.insert(name.clone(), self.schema(schema, &place));
            }
            components.insert("schemas".into(), Value::Object(schemas));
        }
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, param) in self.global_params.clone() {
            let at = root.join("parameters").join(&name);
            let Some(param) = self.param_object(&param, &at) else { continue };
            match param.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let place = Place::new(at, new.join("requestBodies").join(&name));
                    let consumes = self.consumes.clone();
                    bodies.insert(name.clone(), self.body(param, &place, &consumes));
                }
                // Inlined into each operation's form body.
                Some("formData") => {}
                _ => {
                    let place = Place::new(at, new.join("parameters").join(&name));
                    parameters.insert(name.clone(), self.parameter(param, &place));
                }
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
        if let Some(responses) = self.object(doc, "responses", &root) {
            let produces = self.produces.clone();
            let converted = responses
                .iter()
                .map(|(name, r)| {
                    let place = Place::new(root.join("responses").join(name), new.join("responses").join(name));
                    record(&mut self.map, &place);
                    (name.clone(), self.response(r, &place, &produces))
                })
                .collect();
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(schemes) = self.object(doc, "securityDefinitions", &root) {
            let converted = schemes
                .iter()
                .map(|(name, s)| {
                    let place =
                        Place::new(root.join("securityDefinitions").join(name), new.join("securitySchemes").join(name));
                    record(&mut self.map, &place);
                    (name.clone(), self.security_scheme(s, &place.old))
                })
                .collect();
            components.insert("securitySchemes".into(), Value::Object(converted));
        }
        components
    }

    /// A 2.0 security definition as a 3.0 security scheme.
    fn security_scheme(&mut self, scheme: &Value, at: &Location) -> Value {
        let Some(scheme) = scheme.as_object() else {
            self.wrong_node(at, "a security definition", "an object");
            return json!({});
        };
        let text = |key: &'static str, cx: &mut Self| match scheme.get(key).and_then(Value::as_str) {
            Some(value) => Value::String(value.to_owned()),
            None => {
                let problem =
                    Problem::MissingKeyword { owner: "a security definition", keyword: key, expected: "a string" };
                cx.error(&at.join(key), problem);
                Value::Null
            }
        };
        let mut out = match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => json!({ "type": "http", "scheme": "basic" }),
            Some("apiKey") => {
                let name = text("name", self);
                let place = text("in", self);
                if !place.is_null() && !matches!(place.as_str(), Some("query" | "header")) {
                    let problem =
                        Problem::NotOneOf { keyword: "in", owner: "an API key", choices: &["query", "header"] };
                    self.error(&at.join("in"), problem);
                }
                json!({ "type": "apiKey", "name": name, "in": place })
            }
            Some("oauth2") => {
                let (flow, urls): (&str, &[&str]) = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => ("implicit", &["authorizationUrl"]),
                    Some("password") => ("password", &["tokenUrl"]),
                    Some("application") => ("clientCredentials", &["tokenUrl"]),
                    Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                    _ => {
                        let problem = Problem::NotOneOf {
                            keyword: "flow",
                            owner: "an oauth2 security definition",
                            choices: &["implicit", "password", "application", "accessCode"],
                        };
                        self.error(&at.join("flow"), problem);
                        return json!({});
                    }
                };
                let mut details = Map::new();
                for key in urls {
                    details.insert((*key).into(), text(key, self));
                }
                let scopes = scheme.get("scopes").filter(|s| s.is_object()).cloned().unwrap_or_else(|| json!({}));
                details.insert("scopes".into(), scopes);
                json!({ "type": "oauth2", "flows": { flow: details } })
            }
            _ => {
                let problem = Problem::NotOneOf {
                    keyword: "type",
                    owner: "a security definition",
                    choices: &["basic", "apiKey", "oauth2"],
                };
                self.error(&at.join("type"), problem);
                return json!({});
            }
        };
        for (key, value) in scheme {
            if key == "description" || key.starts_with("x-") {
                out[key] = value.clone();
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
