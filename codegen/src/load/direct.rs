//! The common case, read directly: an OpenAPI 3.0 JSON document without
//! duplicate keys, deep `$ref`s or deep nesting is deserialised into the
//! model straight from its text. The general path first builds a JSON tree
//! (for the duplicate-key check, Swagger conversion and `$ref` hoisting),
//! which costs about as much again as the model itself and then has to be
//! freed. One scan of the text, which allocates nothing for most keys,
//! shows whether the case applies; anything else (YAML, Swagger 2.0, a
//! duplicate key, a deep `$ref`, a `$ref` with a `description` or `title`
//! beside it, a model error) takes the general path, which converts,
//! rewrites, repairs or reports it.

use std::borrow::Cow;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};

use super::{DEEP, hoist, is_openapi30};

/// The model of `text` when it is a plain OpenAPI 3.0 JSON document (see
/// the module comment), else `None`.
pub(super) fn read(text: &str) -> Option<openapiv3::OpenAPI> {
    // The scan stops at the first thing that does not fit, as a parse error.
    let mut de = serde_json::Deserializer::from_str(text);
    Node { depth: 0, root: true }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    catch_unwind(AssertUnwindSafe(|| serde_json::from_str(text))).ok()?.ok()
}

/// A node being scanned: how deep it is, and whether it is the document.
#[derive(Clone, Copy)]
struct Node {
    depth: usize,
    root: bool,
}

impl<'de> DeserializeSeed<'de> for Node {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.depth > DEEP {
            return Err(D::Error::custom("nested too deeply"));
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let child = Node { depth: self.depth + 1, root: false };
        while seq.next_element_seed(child)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let child = Node { depth: self.depth + 1, root: false };
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        // Whether this object has a `$ref`, and a description or title beside it (which the general path
        // rewrites where a schema is expected; the scan does not know where it is, so any such object counts).
        let (mut reference, mut described) = (false, false);
        while let Some(key) = map.next_key_seed(Text)? {
            match (self.root, key.as_ref()) {
                (true, "openapi") => {
                    if !is_openapi30(&map.next_value_seed(Text)?) {
                        return Err(A::Error::custom("not OpenAPI 3.0"));
                    }
                }
                (true, "swagger") => return Err(A::Error::custom("Swagger")),
                // A `$ref` that is not a string fails here too: the general path reports it.
                (_, "$ref") => {
                    if hoist::is_deep(&map.next_value_seed(Text)?) {
                        return Err(A::Error::custom("a deep `$ref`"));
                    }
                    reference = true;
                }
                (_, "description" | "title") => {
                    described = true;
                    map.next_value_seed(child)?;
                }
                _ => map.next_value_seed(child)?,
            }
            if reference && described {
                return Err(A::Error::custom("a `$ref` with a description beside it"));
            }
            keys.push(key);
        }
        if self.root && !keys.iter().any(|k| k == "openapi") {
            return Err(A::Error::custom("no version"));
        }
        keys.sort_unstable();
        if keys.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err(A::Error::custom("a duplicate key"));
        }
        Ok(())
    }
}

/// A string, borrowed from the text where it has no escapes.
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde::Deserialize;

    use super::*;

    /// The spec files in `dir`, and below it when `deep`.
    fn spec_files(dir: &Path, deep: bool, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && deep {
                spec_files(&path, deep, out);
            } else if path.extension().is_some_and(|e| e == "json" || e == "yaml") {
                out.push(path);
            }
        }
    }

    fn read_file(path: &str) -> Option<openapiv3::OpenAPI> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        read(&std::fs::read_to_string(root.join(path)).unwrap())
    }

    /// Every spec of the repository that loads, as OpenAPI 3.0 JSON text
    /// (YAML and Swagger 2.0 converted), read directly and the general way.
    #[test]
    fn reading_directly_gives_the_model_of_the_general_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        spec_files(&root.join("tests"), true, &mut files);
        spec_files(&root.join("spec"), true, &mut files);
        // Large real documents, where they are: the benchmarks' (fetched by bench/run.sh) and the vendor's.
        spec_files(&root.join("target/bench-data"), false, &mut files);
        spec_files(&root.join("target/bench-data/synthetic"), false, &mut files);
        spec_files(&root.join("../shared/reference"), false, &mut files);
        let mut direct = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let Ok((value, _)) = super::super::to_openapi3("spec", &text) else { continue };
            let json = serde_json::to_string(&value).unwrap();
            let Some(model) = read(&json) else { continue };
            let general = openapiv3::OpenAPI::deserialize(&value).unwrap();
            assert!(model == general, "{} reads differently", file.display());
            direct += 1;
        }
        assert!(direct >= 40, "only {direct} documents were read directly");
    }

    #[test]
    fn everything_else_takes_the_general_path() {
        assert!(read_file("tests/fixtures/refs.json").is_some());
        assert!(read_file("tests/fixtures/ref-descriptions-json.json").is_none());
        assert!(read(r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#).is_some());
        for text in [
            // duplicate keys, at the top and below
            r#"{"openapi": "3.0.3", "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "title": "u", "version": "1"}, "paths": {}}"#,
            // other versions, or none
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
            r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
            r#"{"info": {"title": "t", "version": "1"}, "paths": {}}"#,
            // a `$ref` with a description or title beside it (rewritten by the general path), in either order
            r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/C", "description": "B."}}}, "C": {}}}}"##,
            r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"A": {"properties": {"b": {"title": "B", "$ref": "#/components/schemas/C"}}}, "C": {}}}}"##,
            // a deep `$ref` (hoisted by the general path), and one that is not a string
            r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"A": {"properties": {"b": {"type": "string"}}}, "C": {"$ref": "#/components/schemas/A/properties/b"}}}}"##,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"C": {"$ref": 7}}}}"#,
            // not a model, and not JSON
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}"#,
            r#"{"openapi": "3.0.3", "#,
            "\u{feff}{}",
        ] {
            assert!(read(text).is_none(), "read directly: {text}");
        }
        let deep = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "x-deep": {}1{}}}"#,
            "[".repeat(40),
            "]".repeat(40)
        );
        assert!(read(&deep).is_none());
    }
}
