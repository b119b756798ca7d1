//! Parsing JSON or YAML text into a [`serde_json::Value`], refusing
//! duplicate keys (which `openapiv3` would panic on) with the pointer of the
//! object that has them. JSON is read here with serde_json, YAML by
//! [`super::yaml`].

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::yaml::Parsed;
use crate::diag::{Diagnostics, Location, Problem};

/// The text format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (1.2).
    Yaml,
}

impl Format {
    /// JSON when the text starts like a JSON object or array, else YAML.
    pub fn sniff(text: &str) -> Format {
        match text.trim_start_matches('\u{feff}').trim_start().as_bytes().first() {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Parses `text`; syntax errors and duplicate keys are reported at `root`.
/// YAML lines written left of where YAML 1.2 allows inside quoted scalars
/// and flow collections are read as libyaml reads them:
/// [`Parsed::reindented`] has the text as read and those lines.
pub fn parse(text: &str, format: Format, root: &Location) -> Result<Parsed, Diagnostics> {
    let text = text.trim_start_matches('\u{feff}');
    let value = match format {
        Format::Json => match parse_json(text, root, false) {
            // The path of each node is only tracked if a duplicate key turns up, in a second parse that finds
            // where (cloning every key costs the common case).
            Err(diags) if diags.iter().any(|d| d.problem == Problem::DuplicateKey(String::new())) => {
                parse_json(text, root, true)
            }
            other => other,
        },
        Format::Yaml => return super::yaml::parse(text, root),
    };
    value.map(|value| Parsed { value, reindented: None })
}

fn parse_json(text: &str, root: &Location, track: bool) -> Result<Value, Diagnostics> {
    let state = RefCell::new(State { track, ..State::default() });
    let seed = Node { state: &state };
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v)).map_err(|e| {
        let position = (e.line() > 0).then(|| (e.line(), char_column(text, e.line(), e.column())));
        (strip_position(&e.to_string()), position)
    });
    let state = state.into_inner();
    let mut diags = Diagnostics::new();
    for (pointer, key) in state.duplicates {
        diags.error(root.at(pointer), Problem::DuplicateKey(key));
    }
    match parsed {
        Ok(value) if !diags.has_errors() => Ok(value),
        Ok(_) => Err(diags),
        Err((message, position)) => {
            let mut location = root.clone();
            location.position = position;
            diags.error(location, Problem::Syntax(message));
            Err(diags)
        }
    }
}

/// serde_json appends " at line X column Y"; the position is reported
/// separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// serde_json counts columns in bytes; diagnostics count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else { return byte_column };
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count() + 1 + byte_column.saturating_sub(1 + line_text.len())
}

/// Depth-first path of the node being built (when tracked), and what was
/// found so far. Untracked, a duplicate is recorded with empty pointer and
/// key, as a sign to parse again with tracking.
#[derive(Default)]
struct State {
    track: bool,
    path: Vec<String>,
    duplicates: Vec<(String, String)>,
}

impl State {
    fn pointer(&self) -> String {
        let mut out = String::from("#");
        for key in &self.path {
            out.push('/');
            out.push_str(&crate::pointer::escape(key));
        }
        out
    }
}

#[derive(Clone, Copy)]
struct Node<'a> {
    state: &'a RefCell<State>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let track = self.state.borrow().track;
        loop {
            if track {
                self.state.borrow_mut().path.push(items.len().to_string());
            }
            let item = seq.next_element_seed(self);
            if track {
                self.state.borrow_mut().path.pop();
            }
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        let track = self.state.borrow().track;
        while let Some(key) = map.next_key::<String>()? {
            if track {
                self.state.borrow_mut().path.push(key.clone());
            }
            let value = map.next_value_seed(self);
            let mut state = self.state.borrow_mut();
            if track {
                state.path.pop();
            }
            let value = value?;
            if object.contains_key(&key) {
                let found = if track { (state.pointer(), key) } else { (String::new(), String::new()) };
                state.duplicates.push(found);
            } else {
                object.insert(key, value);
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> Location {
        Location::root("t")
    }

    #[test]
    fn json_and_yaml_give_the_same_value() {
        let json = parse(r#"{"a": [1, {"b": true}], "200": null}"#, Format::Json, &root()).unwrap().value;
        let yaml = parse("a:\n  - 1\n  - b: true\n200: ~\n", Format::Yaml, &root()).unwrap().value;
        assert_eq!(json, yaml);
    }

    #[test]
    fn duplicate_keys_are_located() {
        let err = parse(r#"{"paths": {"/a": {"summary": 1, "summary": 2}}}"#, Format::Json, &root()).unwrap_err();
        let first = err.iter().next().unwrap();
        assert_eq!(first.problem, Problem::DuplicateKey("summary".into()));
        assert_eq!(first.location.pointer, "#/paths/~1a");
        let err = parse("a:\n  x: 1\n  x: 2\n", Format::Yaml, &root()).unwrap_err();
        assert!(err.to_string().contains("duplicate"), "{err}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("{\n  \"a\": ,\n}", Format::Json, &root()).unwrap_err();
        let first = err.iter().next().unwrap();
        assert_eq!(first.location.position, Some((2, 8)));
        assert!(matches!(first.problem, Problem::Syntax(_)));
        let err = parse("a: [1,\n", Format::Yaml, &root()).unwrap_err();
        assert!(err.iter().next().unwrap().location.position.is_some());
    }

    #[test]
    fn sniffs_format() {
        assert_eq!(Format::sniff("  {\"a\":1}"), Format::Json);
        assert_eq!(Format::sniff("\u{feff}openapi: 3.0.0"), Format::Yaml);
    }
}
