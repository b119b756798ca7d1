//! The places in an OpenAPI document where a schema is written: component
//! schemas, parameter and header schemas, and the schemas of every media
//! type of a request body, a response or a `content` parameter, in paths,
//! callbacks and components. Passes over the JSON value that rewrite
//! schemas start from here and recurse into schemas themselves.

use serde_json::{Map, Value};

use crate::pointer::escape;

/// The operations of a path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Runs `visit` on every schema written directly in a document part (not
/// the schemas nested inside them), with the pointer of each (`#/…`).
/// References to path items, parameters, responses and bodies are not
/// followed: their targets are visited where they are written.
pub fn schemas(doc: &mut Value, visit: &mut dyn FnMut(&mut Pointer, &mut Value)) {
    let mut walk = Walk { path: Pointer(String::from("#")), visit };
    walk.document(doc);
}

/// The pointer of the node being visited, which a visitor extends with
/// [`Pointer::at`] while it recurses.
#[derive(Debug)]
pub struct Pointer(String);

impl Pointer {
    /// Runs `f` with the pointer at the child `key`.
    pub fn at<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.0.len();
        self.0.push('/');
        self.0.push_str(&escape(key));
        let out = f(self);
        self.0.truncate(len);
        out
    }

    /// The pointer, `#/…`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer of the child `key`, as text.
    pub fn join(&self, key: &str) -> String {
        format!("{}/{}", self.0, escape(key))
    }
}

struct Walk<'v> {
    path: Pointer,
    visit: &'v mut dyn FnMut(&mut Pointer, &mut Value),
}

impl Walk<'_> {
    fn at(&mut self, key: &str, f: impl FnOnce(&mut Self)) {
        let len = self.path.0.len();
        self.path.0.push('/');
        self.path.0.push_str(&escape(key));
        f(self);
        self.path.0.truncate(len);
    }

    /// Runs `visit` on each value of the object `value[key]`.
    fn each_in(&mut self, value: &mut Map<String, Value>, key: &str, visit: fn(&mut Self, &mut Value)) {
        if let Some(Value::Object(children)) = value.get_mut(key) {
            self.at(key, |walk| walk.each(children, visit, false));
        }
    }

    /// Runs `visit` on each value of `children`; with `patterned`, the keys
    /// are patterns (paths, statuses, callback expressions) and extensions
    /// (`x-…`) beside them are skipped.
    fn each(&mut self, children: &mut Map<String, Value>, visit: fn(&mut Self, &mut Value), patterned: bool) {
        for (name, child) in children.iter_mut() {
            if !(patterned && name.starts_with("x-")) {
                self.at(name, |walk| visit(walk, child));
            }
        }
    }

    /// Runs `visit` on each item of the array `value[key]`.
    fn each_of(&mut self, value: &mut Map<String, Value>, key: &str, visit: fn(&mut Self, &mut Value)) {
        let Some(Value::Array(items)) = value.get_mut(key) else { return };
        self.at(key, |walk| {
            for (i, item) in items.iter_mut().enumerate() {
                walk.at(&i.to_string(), |walk| visit(walk, item));
            }
        });
    }

    /// Runs `visit` on `value[key]`, if there is one.
    fn one(&mut self, value: &mut Map<String, Value>, key: &str, visit: fn(&mut Self, &mut Value)) {
        if let Some(child) = value.get_mut(key) {
            self.at(key, |walk| visit(walk, child));
        }
    }

    fn schema(&mut self, schema: &mut Value) {
        (self.visit)(&mut self.path, schema);
    }

    fn document(&mut self, doc: &mut Value) {
        let Some(doc) = doc.as_object_mut() else { return };
        if let Some(Value::Object(paths)) = doc.get_mut("paths") {
            self.at("paths", |walk| walk.each(paths, Walk::path_item, true));
        }
        let Some(Value::Object(components)) = doc.get_mut("components") else { return };
        self.at("components", |walk| {
            walk.each_in(components, "schemas", Walk::schema);
            walk.each_in(components, "parameters", Walk::parameter);
            walk.each_in(components, "headers", Walk::parameter);
            walk.each_in(components, "requestBodies", Walk::request_body);
            walk.each_in(components, "responses", Walk::response);
            walk.each_in(components, "callbacks", Walk::callback);
        });
    }

    fn path_item(&mut self, item: &mut Value) {
        let Some(item) = object_not_ref(item) else { return };
        self.each_of(item, "parameters", Walk::parameter);
        for method in METHODS {
            self.one(item, method, Walk::operation);
        }
    }

    fn operation(&mut self, operation: &mut Value) {
        let Some(operation) = operation.as_object_mut() else { return };
        self.each_of(operation, "parameters", Walk::parameter);
        self.one(operation, "requestBody", Walk::request_body);
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            self.at("responses", |walk| walk.each(responses, Walk::response, true));
        }
        self.each_in(operation, "callbacks", Walk::callback);
    }

    fn callback(&mut self, callback: &mut Value) {
        if let Some(callback) = object_not_ref(callback) {
            self.each(callback, Walk::path_item, true);
        }
    }

    /// A parameter, or a header (which has the same shape).
    fn parameter(&mut self, parameter: &mut Value) {
        let Some(parameter) = object_not_ref(parameter) else { return };
        self.one(parameter, "schema", Walk::schema);
        self.each_in(parameter, "content", Walk::media_type);
    }

    fn request_body(&mut self, body: &mut Value) {
        let Some(body) = object_not_ref(body) else { return };
        self.each_in(body, "content", Walk::media_type);
    }

    fn response(&mut self, response: &mut Value) {
        let Some(response) = object_not_ref(response) else { return };
        self.each_in(response, "headers", Walk::parameter);
        self.each_in(response, "content", Walk::media_type);
    }

    fn media_type(&mut self, media: &mut Value) {
        let Some(media) = media.as_object_mut() else { return };
        self.one(media, "schema", Walk::schema);
        self.each_in(media, "encoding", |walk, encoding| {
            if let Some(encoding) = encoding.as_object_mut() {
                walk.each_in(encoding, "headers", Walk::parameter);
            }
        });
    }
}

/// The object `value`, unless it is a reference (whose siblings are not
/// schemas) or not an object at all.
fn object_not_ref(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value.as_object_mut().filter(|map| !map.contains_key("$ref"))
}

/// Runs `f` on each item of the array `schema[key]`, with the pointer at it.
pub fn each_item(
    path: &mut Pointer,
    schema: &mut Map<String, Value>,
    key: &str,
    mut f: impl FnMut(&mut Pointer, &mut Value),
) {
    let Some(Value::Array(items)) = schema.get_mut(key) else { return };
    path.at(key, |path| {
        for (i, item) in items.iter_mut().enumerate() {
            path.at(&i.to_string(), |path| f(path, item));
        }
    });
}

/// Runs `f` on each value of the object `schema[key]`, with the pointer at it.
pub fn each_value(
    path: &mut Pointer,
    schema: &mut Map<String, Value>,
    key: &str,
    mut f: impl FnMut(&mut Pointer, &mut Value),
) {
    let Some(Value::Object(children)) = schema.get_mut(key) else { return };
    path.at(key, |path| {
        for (name, child) in children.iter_mut() {
            path.at(name, |path| f(path, child));
        }
    });
}

/// Runs `f` on `schema[key]`, if there is one, with the pointer at it.
pub fn one(path: &mut Pointer, schema: &mut Map<String, Value>, key: &str, f: impl FnOnce(&mut Pointer, &mut Value)) {
    if let Some(child) = schema.get_mut(key) {
        path.at(key, |path| f(path, child));
    }
}
