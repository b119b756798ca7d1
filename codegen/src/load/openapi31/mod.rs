//! OpenAPI 3.1 → OpenAPI 3.0, on the JSON value, in place, before the model
//! is built, so that everything downstream sees one format.
//!
//! Document: `webhooks` are dropped (with a warning: the client only calls
//! the API); `paths` may be absent; path items that are `$ref`s to
//! `components/pathItems` are copied in; operations may omit `responses`;
//! `mutualTLS` security schemes are dropped (a client certificate is set on
//! the `reqwest::Client`); `jsonSchemaDialect` must be OpenAPI 3.1's own.
//! Schemas: see [`schema`].
//!
//! Nodes keep their pointers where they can; where a node moves, the
//! [`PointerMap`] records where it was written, and every diagnostic is
//! located with the pointer as the 3.1 file writes it.

mod schema;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::PointerMap;
use super::walk;
use crate::diag::{Diagnostics, Location, Problem};
use crate::pointer::escape;

/// Whether a 3.1 document may declare `dialect`: OpenAPI 3.1's own (any
/// revision of it), or the JSON Schema 2020-12 dialect it extends (read
/// the same way here).
fn known_dialect(dialect: &str) -> bool {
    let dialect = dialect.trim_end_matches('#');
    dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
        || dialect == "https://json-schema.org/draft/2020-12/schema"
}

/// The operations of a path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Converts the OpenAPI 3.1 document `doc` to OpenAPI 3.0 in place. Returns
/// the warnings and where moved nodes came from, or the errors.
pub fn convert(doc: &mut Value, root: &Location) -> Result<(Diagnostics, PointerMap), Diagnostics> {
    let mut cx =
        Cx { file: root.file.clone(), diags: Diagnostics::new(), origin: PointerMap::default(), moves: HashMap::new() };
    let Some(object) = doc.as_object_mut() else {
        cx.diags.error(root.clone(), Problem::NotOpenApi("the document is not an object".into()));
        return Err(cx.diags);
    };
    object.insert("openapi".into(), "3.0.3".into());
    cx.dialect(object);
    if let Some(webhooks) = object.remove("webhooks")
        && webhooks.as_object().is_none_or(|w| !w.is_empty())
    {
        let reason = "the client makes the calls the API answers; requests the API sends (webhooks) are not generated";
        cx.warn("#/webhooks", Problem::Dropped("webhooks".into(), reason));
    }
    object.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    cx.path_item_refs(object);
    cx.security_schemes(object);
    operations(object, &mut |operation| {
        operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
    });
    walk::schemas(doc, &mut |path, node| cx.schema(path, node, false));
    if !cx.moves.is_empty() {
        follow_moves(doc, &cx.moves);
    }
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok((cx.diags, cx.origin)) }
}

/// The state of one conversion.
struct Cx {
    file: String,
    diags: Diagnostics,
    origin: PointerMap,
    /// Where nodes that moved went: pointer as the user wrote it → pointer
    /// now, so that `$ref`s into them still lead to them.
    moves: HashMap<String, String>,
}

impl Cx {
    /// The location of the node now at `pointer`, as the user wrote it.
    fn at(&self, pointer: &str) -> Location {
        Location::root(&self.file).at(self.origin.original(pointer))
    }

    /// Records that the node now at `to` was written where the node at
    /// `from` is now.
    fn came_from(&mut self, to: String, from: &str) {
        let original = self.origin.original(from);
        self.origin.add(to, original);
    }

    /// Records that the node now at `from` moves to `to`: diagnostics about
    /// it point where it was written, and `$ref`s to it follow it. When a
    /// node is copied to several places, `$ref`s follow the first.
    fn moved(&mut self, from: &str, to: String) {
        let original = self.origin.original(from);
        self.moves.entry(original.clone()).or_insert_with(|| to.clone());
        self.origin.add(to, original);
    }

    fn warn(&mut self, pointer: &str, problem: Problem) {
        let at = self.at(pointer);
        self.diags.warn(at, problem);
    }

    fn error(&mut self, pointer: &str, problem: Problem) {
        let at = self.at(pointer);
        self.diags.error(at, problem);
    }

    /// `jsonSchemaDialect`: only the default (or the JSON Schema dialect it
    /// builds on) is read; another one changes what keywords mean.
    fn dialect(&mut self, doc: &mut Map<String, Value>) {
        match doc.remove("jsonSchemaDialect") {
            None => {}
            Some(Value::String(dialect)) if known_dialect(&dialect) => {}
            Some(other) => {
                let shown = other.as_str().map_or_else(|| other.to_string(), str::to_owned);
                self.error(
                    "#/jsonSchemaDialect",
                    Problem::Unsupported(format!(
                        "JSON Schema dialect `{shown}`: only OpenAPI 3.1's default dialect is read"
                    )),
                );
            }
        }
    }

    /// Copies each path item that is a `$ref` to `#/components/pathItems/…`
    /// into `paths`, then drops `components/pathItems`. Other references are
    /// left for lowering to report where they are.
    fn path_item_refs(&mut self, doc: &mut Map<String, Value>) {
        let items = match doc.get_mut("components").and_then(Value::as_object_mut) {
            Some(components) => components.remove("pathItems"),
            None => None,
        };
        let Some(Value::Object(items)) = items else { return };
        let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
        for (path, item) in paths.iter_mut() {
            // A reference to a reference is followed a few steps, never in a loop.
            for _ in 0..8 {
                let Some(name) = item.get("$ref").and_then(Value::as_str).and_then(path_item_name) else { break };
                let Some(target) = items.get(&name) else { break };
                let pointer = format!("#/components/pathItems/{}", escape(&name));
                self.moved(&pointer, format!("#/paths/{}", escape(path)));
                *item = target.clone();
            }
        }
    }

    /// Drops `mutualTLS` security schemes, which have no 3.0 form.
    fn security_schemes(&mut self, doc: &mut Map<String, Value>) {
        let schemes = doc.get_mut("components").and_then(|c| c.get_mut("securitySchemes"));
        let Some(Value::Object(schemes)) = schemes else { return };
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual {
            schemes.remove(&name);
            let reason = "a mutualTLS security scheme has no OpenAPI 3.0 form; a TLS client certificate is set on \
                          the `reqwest::Client` the client is built with";
            self.warn(&format!("#/components/securitySchemes/{}", escape(&name)), Problem::Dropped(name, reason));
        }
    }
}

/// The name in a `$ref` to `#/components/pathItems/<name>`.
fn path_item_name(reference: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/pathItems/")?;
    (!name.contains('/')).then(|| crate::pointer::decode_ref_segment(name).into_owned())
}

/// Runs `f` on every operation object: in paths, and in the callbacks of
/// operations and of components.
fn operations(doc: &mut Map<String, Value>, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        path_items(paths, f);
    }
    let callbacks = doc.get_mut("components").and_then(|c| c.get_mut("callbacks"));
    if let Some(Value::Object(callbacks)) = callbacks {
        for callback in callbacks.values_mut().filter_map(Value::as_object_mut) {
            path_items(callback, f);
        }
    }
}

/// Runs `f` on the operations of each path item in `items` (and of their
/// callbacks, which nest no deeper than the document does).
fn path_items(items: &mut Map<String, Value>, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    for (key, item) in items.iter_mut() {
        let Some(item) = item.as_object_mut().filter(|item| !key.starts_with("x-") && !item.contains_key("$ref"))
        else {
            continue;
        };
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else { continue };
            f(operation);
            if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
                for callback in callbacks.values_mut().filter_map(Value::as_object_mut) {
                    path_items(callback, f);
                }
            }
        }
    }
}

/// Rewrites each local `$ref` into a node that moved to where it is now.
fn follow_moves(value: &mut Value, moves: &HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(moved) = moved_target(reference, moves)
            {
                *reference = moved;
            }
            map.values_mut().for_each(|v| follow_moves(v, moves));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| follow_moves(v, moves)),
        _ => {}
    }
}

/// Where the local `reference` now points, when its target (or a node it
/// is inside) moved.
fn moved_target(reference: &str, moves: &HashMap<String, String>) -> Option<String> {
    let pointer = reference.strip_prefix("#/")?;
    let decoded: Vec<String> = pointer.split('/').map(|s| crate::pointer::percent_decode(s).into_owned()).collect();
    let target = format!("#/{}", decoded.join("/"));
    let mut end = target.len();
    loop {
        if let Some(now) = moves.get(&target[..end]) {
            return Some(format!("{now}{}", &target[end..]));
        }
        end = target[..end].rfind('/')?;
    }
}
