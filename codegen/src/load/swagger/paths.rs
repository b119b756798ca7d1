//! Path items, operations and their parameters.

use serde_json::{Map, Value, json};

use super::{Cx, HTTP_METHODS, Media, Place, flag, record, rewrite_ref};
use crate::diag::{Location, Problem};

/// Where a 2.0 parameter may be.
const PLACES: &[&str] = &["query", "header", "path", "formData", "body"];
/// [`PLACES`] as a message lists them.
const PLACES_PHRASE: &str = "one of query, header, path, formData, body";

/// A parameter as an operation or path item lists it, its `$ref` followed.
#[derive(Debug, Clone)]
pub(super) struct Listed {
    /// The parameter object (the global one for a `$ref`).
    pub(super) param: Map<String, Value>,
    /// Where the parameter object is.
    pub(super) at: Location,
    /// Where it is listed.
    listed_at: Location,
    /// The 2.0 `$ref` that named it, if it is a global parameter.
    reference: Option<String>,
}

impl Listed {
    fn place(&self) -> &str {
        self.param.get("in").and_then(Value::as_str).unwrap_or_default()
    }

    fn name(&self) -> &str {
        self.param.get("name").and_then(Value::as_str).unwrap_or_default()
    }

    /// What identifies a parameter: an operation's overrides the path
    /// item's with the same name and place.
    fn key(&self) -> (&str, &str) {
        (self.name(), self.place())
    }

    fn is_body(&self) -> bool {
        matches!(self.place(), "body" | "formData")
    }
}

impl Cx<'_> {
    pub(super) fn paths(&mut self, paths: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (path, item) in paths {
            let at = self.root.join("paths").join(path);
            if path.starts_with("x-") {
                out.insert(path.clone(), item.clone());
                continue;
            }
            match item.as_object() {
                Some(item) => {
                    out.insert(path.clone(), Value::Object(self.path_item(item, &at)));
                }
                None => self.wrong_node(&at, "a path item", "an object"),
            }
        }
        out
    }

    /// A path item. Its parameters stay on it (they have the same place in
    /// both documents), except bodies and form fields, which each
    /// operation's request body takes in.
    fn path_item(&mut self, item: &Map<String, Value>, at: &Location) -> Map<String, Value> {
        let (shared, listed): (Vec<Listed>, Vec<Listed>) =
            self.parameter_list(item, at).into_iter().partition(Listed::is_body);
        let mut params = Vec::new();
        for listed in listed {
            let place = Place::new(listed.at.clone(), at.join("parameters").join(params.len().to_string()));
            params.push(self.listed_parameter(&listed, place));
        }
        let mut out = Map::new();
        for (key, value) in item {
            match key.as_str() {
                "parameters" => {}
                m if HTTP_METHODS.contains(&m) => match value.as_object() {
                    Some(op) => {
                        out.insert(key.clone(), Value::Object(self.operation(op, &shared, &at.join(m))));
                    }
                    None => self.wrong_node(&at.join(m), "an operation", "an object"),
                },
                "$ref" => {
                    self.error(
                        &at.join("$ref"),
                        Problem::UnsupportedRef(value.to_string(), "path items cannot be references"),
                    );
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        }
        out
    }

    /// An operation; `shared` are the path item's body and form parameters.
    /// An operation has the same pointer in both documents.
    fn operation(&mut self, op: &Map<String, Value>, shared: &[Listed], at: &Location) -> Map<String, Value> {
        let consumes = self.media(op, "consumes", at).unwrap_or_else(|| self.consumes.clone());
        let produces = self.media(op, "produces", at).unwrap_or_else(|| self.produces.clone());
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
        let own = self.parameter_list(op, at);
        let overridden = |p: &&Listed| own.iter().any(|o| o.key() == p.key());
        let mut params = Vec::new();
        let mut body = None;
        let mut form = Vec::new();
        for listed in shared.iter().filter(|p| !overridden(p)).chain(own.iter()) {
            match listed.place() {
                "body" => {
                    if body.is_some() {
                        self.warn(&listed.listed_at, Problem::SecondBody);
                    }
                    let place = Place::new(listed.at.clone(), at.join("requestBody"));
                    body = Some(match &listed.reference {
                        Some(reference) => {
                            record(&mut self.map, &Place::new(listed.listed_at.clone(), place.new));
                            let name = reference.trim_start_matches("#/parameters/");
                            json!({ "$ref": format!("#/components/requestBodies/{name}") })
                        }
                        None => self.body(&listed.param, &place, &consumes),
                    });
                }
                "formData" => form.push(listed.clone()),
                _ => {
                    let place = Place::new(listed.at.clone(), at.join("parameters").join(params.len().to_string()));
                    params.push(self.listed_parameter(listed, place));
                }
            }
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        }
        if !form.is_empty() {
            if body.is_some() {
                self.warn(at, Problem::BodyAndForm);
            } else {
                body = Some(self.form_body(&form, &consumes, at));
            }
        }
        if let Some(body) = body {
            out.insert("requestBody".into(), body);
        }
        out.insert("responses".into(), Value::Object(self.responses(op, at, &produces)));
        out
    }

    fn responses(&mut self, op: &Map<String, Value>, at: &Location, produces: &Media) -> Map<String, Value> {
        let mut out = Map::new();
        match op.get("responses") {
            Some(Value::Object(responses)) => {
                for (code, response) in responses {
                    if code.starts_with("x-") {
                        out.insert(code.clone(), response.clone());
                        continue;
                    }
                    let at = at.join("responses").join(code);
                    let converted = self.response(response, &Place::new(at.clone(), at), produces);
                    out.insert(code.clone(), converted);
                }
            }
            Some(_) => self.wrong_kind(&at.join("responses"), "responses", "an object"),
            None => {
                self.warn(at, Problem::NoResponses);
                out.insert("default".into(), json!({ "description": "" }));
            }
        }
        out
    }

    /// The `parameters` of an operation or path item, checked, with `$ref`s
    /// followed. What cannot be read is reported and left out.
    fn parameter_list(&mut self, owner: &Map<String, Value>, at: &Location) -> Vec<Listed> {
        let at = at.join("parameters");
        let list = match owner.get("parameters") {
            None => return Vec::new(),
            Some(Value::Array(list)) => list,
            Some(_) => {
                self.wrong_kind(&at, "parameters", "a list");
                return Vec::new();
            }
        };
        list.iter().enumerate().filter_map(|(i, param)| self.listed(param, &at.join(i.to_string()))).collect()
    }

    fn listed(&mut self, param: &Value, listed_at: &Location) -> Option<Listed> {
        let listed = |param: &Map<String, Value>, at: Location, reference: Option<String>| Listed {
            param: param.clone(),
            at,
            listed_at: listed_at.clone(),
            reference,
        };
        let reference = match param.get("$ref") {
            None => return self.param_object(param, listed_at).map(|p| listed(p, listed_at.clone(), None)),
            Some(Value::String(reference)) => reference,
            Some(_) => {
                self.wrong_kind(&listed_at.join("$ref"), "$ref", "a string");
                return None;
            }
        };
        let Some(name) = reference.strip_prefix("#/parameters/") else {
            let why = "a parameter can only refer to a global parameter (`#/parameters/…`)";
            self.error(&listed_at.join("$ref"), Problem::UnsupportedRef(reference.clone(), why));
            return None;
        };
        let name = crate::pointer::unescape(name).into_owned();
        let Some(target) = self.global_params.get(&name).cloned() else {
            self.error(&listed_at.join("$ref"), Problem::DanglingRef(reference.clone()));
            return None;
        };
        let at = self.root.join("parameters").join(&name);
        self.param_object(&target, &at).map(|p| listed(p, at, Some(reference.clone())))
    }

    /// `param` when it is an object with a known `in` and, unless a body, a
    /// `name`; else an error.
    pub(super) fn param_object<'v>(&mut self, param: &'v Value, at: &Location) -> Option<&'v Map<String, Value>> {
        let Some(object) = param.as_object() else {
            self.wrong_node(at, "a parameter", "an object");
            return None;
        };
        let place = match object.get("in") {
            Some(Value::String(place)) if PLACES.contains(&place.as_str()) => place,
            Some(_) => {
                self.error(&at.join("in"), Problem::NotOneOf { keyword: "in", owner: "a parameter", choices: PLACES });
                return None;
            }
            None => {
                let problem = Problem::MissingKeyword { owner: "a parameter", keyword: "in", expected: PLACES_PHRASE };
                self.error(&at.join("in"), problem);
                return None;
            }
        };
        if place != "body" && !object.get("name").is_some_and(Value::is_string) {
            let problem = Problem::MissingKeyword { owner: "a parameter", keyword: "name", expected: "a string" };
            self.error(&at.join("name"), problem);
            return None;
        }
        Some(object)
    }

    /// A listed non-body parameter at `place.new`: a reference, or converted.
    fn listed_parameter(&mut self, listed: &Listed, place: Place) -> Value {
        match &listed.reference {
            Some(reference) => {
                record(&mut self.map, &Place::new(listed.listed_at.clone(), place.new));
                json!({ "$ref": rewrite_ref(reference) })
            }
            None => self.parameter(&listed.param, &place),
        }
    }

    /// A non-body parameter: its value keywords move into a `schema`,
    /// `collectionFormat` becomes `style` and `explode`.
    pub(super) fn parameter(&mut self, param: &Map<String, Value>, place: &Place) -> Value {
        record(&mut self.map, place);
        let location = param.get("in").and_then(Value::as_str).unwrap_or("query");
        let mut out = Map::new();
        for key in ["name", "in", "description", "deprecated"] {
            if let Some(value) = param.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        if location == "query"
            && let Some(value) = param.get("allowEmptyValue")
        {
            out.insert("allowEmptyValue".into(), value.clone());
        }
        if let Some(required) = self.required(param, &place.old) {
            out.insert("required".into(), Value::Bool(required));
        }
        if location == "path" {
            out.insert("required".into(), Value::Bool(true));
        }
        for (key, value) in param {
            if key.starts_with("x-") && key != "x-nullable" {
                out.insert(key.clone(), value.clone());
            }
        }
        out.insert("schema".into(), self.param_schema(param, &place.old, &place.new.join("schema")));
        let is_array = out["schema"].get("type").and_then(Value::as_str) == Some("array");
        if is_array && !param.contains_key("schema") {
            let format = param.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = self.style(location, format, &place.old.join("collectionFormat"));
            record(&mut self.map, &Place::new(place.old.join("collectionFormat"), place.new.join("style")));
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
        }
        Value::Object(out)
    }

    /// `required`, tolerating it written as a string.
    pub(super) fn required(&mut self, param: &Map<String, Value>, at: &Location) -> Option<bool> {
        let value = param.get("required")?;
        let required = flag(Some(value));
        let (keyword, value_text) = ("required".to_owned(), value.to_string());
        match (value, required) {
            (Value::Bool(_), _) => {}
            (_, Some(read)) => self.warn(
                &at.join("required"),
                Problem::WrittenAsString { keyword, value: value_text, read_as: read.to_string() },
            ),
            (_, None) => self.warn(
                &at.join("required"),
                Problem::UnreadableValue { keyword, value: value_text, expected: "a boolean" },
            ),
        }
        required
    }

    /// The 3.0 `style` and `explode` for a 2.0 `collectionFormat`.
    fn style(&mut self, location: &str, format: &str, at: &Location) -> (&'static str, bool) {
        let plain = if location == "query" { "form" } else { "simple" };
        match (location, format) {
            ("query", "multi") => ("form", true),
            ("query", "ssv") => ("spaceDelimited", false),
            ("query", "pipes") => ("pipeDelimited", false),
            (_, "csv") => (plain, false),
            (_, other) => {
                self.warn(at, Problem::CollectionFormat { format: other.to_owned(), in_query: location == "query" });
                (plain, false)
            }
        }
    }
}
