//! Load stage: file → text → JSON value (duplicate keys refused) → the
//! `openapiv3` model.

mod direct;
mod hoist;
mod locate;
mod openapi31;
mod origin;
mod position;
mod ref_siblings;
pub mod swagger;
mod value;
mod walk;
mod yaml;

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostics, Location, Problem};
pub use origin::PointerMap;
pub use value::Format;

/// The format a spec was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x, converted to OpenAPI 3.0 while loading.
    OpenApi31,
    /// Swagger 2.0, converted to OpenAPI 3.0 while loading.
    Swagger20,
}

/// A loaded spec: the OpenAPI 3.0 model plus what diagnostics need.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file name as given by the user; diagnostics name it.
    pub name: String,
    /// The parsed document.
    pub document: openapiv3::OpenAPI,
    /// The source text, for line and column lookups.
    pub source: String,
    /// The text format the source was written in.
    pub format: Format,
    /// The format the spec was written in.
    pub version: Version,
    /// Warnings about what was tolerated while loading.
    pub warnings: Diagnostics,
    /// For a converted Swagger 2.0 spec: where each converted node came
    /// from, so that diagnostics point into the file the user has.
    pub origin: PointerMap,
}

impl Spec {
    /// Reads and parses the file at `path`.
    pub fn from_file(path: &Path) -> Result<Spec, Diagnostics> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let mut diags = Diagnostics::new();
            diags.error(Location::root(&name), Problem::Io(e.to_string()));
            diags
        })?;
        Spec::from_text(&name, text)
    }

    /// Parses `text` (JSON or YAML) named `name` in diagnostics.
    pub fn from_text(name: &str, text: String) -> Result<Spec, Diagnostics> {
        crate::stack::run(|| Spec::from_text_here(name, text))
    }

    fn from_text_here(name: &str, text: String) -> Result<Spec, Diagnostics> {
        let root = Location::root(name);
        let format = Format::sniff(&text);
        if format == Format::Json
            && let Some(document) = direct::read(&text)
        {
            let (version, warnings, origin) = (Version::OpenApi30, Diagnostics::new(), PointerMap::default());
            return Ok(Spec { name: name.to_owned(), document, source: text, format, version, warnings, origin });
        }
        let (value, text, reindented) = read(Cow::Owned(text), format, &root)?;
        let text = text.into_owned();
        let located = |mut diags: Diagnostics| {
            position::fill(&mut diags, name, &text, format);
            diags
        };
        let (value, version, mut warnings, origin) = normalize(value, &root).map_err(located)?;
        let document = to_model(value, &root).map_err(|mut diags| {
            diags.map_pointers(&root.file, |p| origin.original(p));
            located(diags)
        })?;
        warnings.extend(reindented);
        let warnings = located(warnings);
        Ok(Spec { name: name.to_owned(), document, source: text, format, version, warnings, origin })
    }

    /// The 1-based line and column (in characters) where the node at the
    /// JSON `pointer` is written in the source; `None` when there is no such
    /// node. A converted Swagger 2.0 spec is looked up with 2.0 pointers.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        position::locate(&self.source, self.format, pointer)
    }

    /// Fills in line and column for the diagnostics about this spec that
    /// have none (their pointers already point into this file), reading
    /// the source once for all of them.
    pub fn locate(&self, diags: &mut Diagnostics) {
        position::fill(diags, &self.name, &self.source, self.format);
    }
}

/// Parses `text` and returns it as an OpenAPI 3.0 JSON document (converted
/// when it is Swagger 2.0 or OpenAPI 3.1), with the conversion's warnings.
pub fn to_openapi3(name: &str, text: &str) -> Result<(Value, Diagnostics), Diagnostics> {
    crate::stack::run(|| to_openapi3_here(name, text))
}

fn to_openapi3_here(name: &str, text: &str) -> Result<(Value, Diagnostics), Diagnostics> {
    let root = Location::root(name);
    let format = Format::sniff(text);
    let (value, text, reindented) = read(Cow::Borrowed(text), format, &root)?;
    let located = |mut diags: Diagnostics| {
        position::fill(&mut diags, name, &text, format);
        diags
    };
    let (value, _, mut warnings, _) = normalize(value, &root).map_err(located)?;
    warnings.extend(reindented);
    Ok((value, located(warnings)))
}

/// Parses `text` into a value, with the text as read (where later
/// diagnostics find their positions) and the warning for YAML lines that
/// had to be moved right to read it. Syntax errors are located in `text`.
fn read<'t>(
    text: Cow<'t, str>,
    format: Format,
    root: &Location,
) -> Result<(Value, Cow<'t, str>, Diagnostics), Diagnostics> {
    let parsed = value::parse(&text, format, root).map_err(|mut diags| {
        position::fill(&mut diags, &root.file, &text, format);
        diags
    })?;
    Ok(match parsed.reindented {
        Some((read, lines)) => (parsed.value, Cow::Owned(read), reindented(root, lines)),
        None => (parsed.value, text, Diagnostics::new()),
    })
}

/// The warning for YAML lines moved right to be read, at the first of them.
fn reindented(root: &Location, mut lines: Vec<usize>) -> Diagnostics {
    lines.sort_unstable();
    lines.dedup();
    let mut diags = Diagnostics::new();
    let position = lines.first().map(|&line| (line, 1));
    diags.warn(Location { position, ..root.clone() }, Problem::Reindented(lines));
    diags
}

/// Checks the version, converts Swagger 2.0 and OpenAPI 3.1 to OpenAPI 3.0, hoists deep
/// `$ref` targets into components and turns descriptions beside a `$ref`
/// into the form the model reads.
fn normalize(value: Value, root: &Location) -> Result<(Value, Version, Diagnostics, PointerMap), Diagnostics> {
    let (mut value, version, warnings, mut origin) = match check_version(&value, root)? {
        Version::OpenApi30 => (value, Version::OpenApi30, Diagnostics::new(), PointerMap::default()),
        Version::OpenApi31 => {
            let mut value = value;
            let (warnings, origin) = openapi31::convert(&mut value, root)?;
            (value, Version::OpenApi31, warnings, origin)
        }
        Version::Swagger20 => {
            let (converted, warnings, origin) = swagger::convert(&value, root)?;
            (converted, Version::Swagger20, warnings, origin)
        }
    };
    hoist::hoist(&mut value, &mut origin);
    // After hoisting, so that hoisted copies are rewritten too, and mapped back through their origin.
    ref_siblings::rewrite(&mut value, &mut origin);
    Ok((value, version, warnings, origin))
}

/// Whether an `openapi` field names a version this generator reads.
fn is_openapi30(version: &str) -> bool {
    version.starts_with("3.0")
}

fn check_version(value: &Value, root: &Location) -> Result<Version, Diagnostics> {
    let mut diags = Diagnostics::new();
    let Some(object) = value.as_object() else {
        diags.error(root.clone(), Problem::NotOpenApi("the document is not an object".into()));
        return Err(diags);
    };
    match (object.get("openapi"), object.get("swagger")) {
        (Some(Value::String(v)), _) if is_openapi30(v) => return Ok(Version::OpenApi30),
        (Some(Value::String(v)), _) if v.starts_with("3.1") => return Ok(Version::OpenApi31),
        (None, Some(Value::String(v))) if v == "2.0" => return Ok(Version::Swagger20),
        (Some(Value::String(v)), _) => diags.error(root.join("openapi"), Problem::UnsupportedVersion(v.clone())),
        (Some(other), _) => diags.error(root.join("openapi"), Problem::UnsupportedVersion(other.to_string())),
        (None, Some(v)) => diags
            .error(root.join("swagger"), Problem::UnsupportedVersion(format!("swagger {}", v.as_str().unwrap_or("?")))),
        (None, None) => diags.error(root.clone(), Problem::NotOpenApi("no `openapi` version field".into())),
    }
    Err(diags)
}

/// Deserialises the model, reporting where it does not fit. `openapiv3`
/// can panic on inputs it considers impossible; that is contained and
/// reported too, because the generator must never crash on input.
fn to_model(value: Value, root: &Location) -> Result<openapiv3::OpenAPI, Diagnostics> {
    let mut diags = Diagnostics::new();
    // On a failing node, `openapiv3` deserialises it again at every level above it: exponential in the depth.
    // A deep document is therefore checked node by node (linear) before the model sees it whole.
    if depth(&value) > DEEP
        && let Some(found) = locate::narrow(&value)
    {
        diags.error(root.at(format!("#{}", found.pointer)), Problem::Invalid(found.message));
        return Err(diags);
    }
    // Without path tracking: tracking costs every document, and the path serde could report stops at the first
    // flattened object anyway; the walk finds the node itself.
    let result = catch_unwind(AssertUnwindSafe(|| <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value)));
    match result {
        Ok(Ok(document)) => return Ok(document),
        Ok(Err(err)) => {
            let (pointer, message) = match locate::narrow(&value) {
                Some(found) => (format!("#{}", found.pointer), found.message),
                None => ("#".to_owned(), err.to_string()),
            };
            diags.error(root.at(pointer), Problem::Invalid(message));
        }
        Err(_) => diags.error(root.clone(), Problem::Invalid("the OpenAPI model rejected the document".into())),
    }
    Err(diags)
}

/// Documents nested deeper than this are checked node by node first.
const DEEP: usize = 32;

/// How deeply `value` nests objects and arrays.
fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, level)) = stack.pop() {
        deepest = deepest.max(level);
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, level + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, level + 1))),
            _ => {}
        }
    }
    deepest
}

/// A serde_path_to_error path as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for segment in path.iter() {
        let key = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => crate::pointer::escape(key).into_owned(),
            Segment::Enum { .. } | Segment::Unknown => continue,
        };
        out.push('/');
        out.push_str(&key);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Spec, Diagnostics> {
        Spec::from_text("t.yaml", text.to_owned())
    }

    #[test]
    fn reads_minimal_yaml_and_json() {
        let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        assert_eq!(load(yaml).unwrap().document.info.title, "T");
        let json = r#"{"openapi":"3.0.0","info":{"title":"J","version":"1"},"paths":{}}"#;
        assert_eq!(load(json).unwrap().format, Format::Json);
    }

    #[test]
    fn refuses_other_versions_with_pointer() {
        let err = load("openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(err.to_string().contains("#/openapi"), "{err}");
        let err = load("swagger: '1.2'\n").unwrap_err();
        assert!(err.to_string().contains("#/swagger"), "{err}");
        let spec = load("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n").unwrap();
        assert_eq!(spec.version, Version::Swagger20);
        // A model error in a converted document points into the 2.0 file.
        let err = load("swagger: '2.0'\ninfo: {title: T, version: '1'}\ndefinitions:\n  A: {required: 5}\npaths: {}\n")
            .unwrap_err();
        assert!(err.to_string().contains("t.yaml:4:7 (#/definitions/A/required)"), "{err}");
        let err = load("- a\n").unwrap_err();
        assert!(err.to_string().contains("not an OpenAPI document"), "{err}");
    }

    #[test]
    fn model_errors_are_located() {
        let err = load("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n")
            .unwrap_err();
        assert!(err.to_string().contains("t.yaml:6:7 (#/paths/~1a/get/responses)"), "{err}");
    }

    #[test]
    fn load_diagnostics_get_positions() {
        // A duplicate key is reported at its object, a version at its key.
        let err =
            load("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {get: {}, get: {}}\n").unwrap_err();
        assert_eq!(err.iter().next().unwrap().location.position, Some((4, 3)), "{err}");
        let err = load("{\n  \"openapi\": \"3.2.0\"\n}").unwrap_err();
        assert_eq!(err.iter().next().unwrap().location.position, Some((2, 3)), "{err}");
        // JSON syntax errors count characters, not bytes.
        let err = load("{\"한\": ,}").unwrap_err();
        assert_eq!(err.iter().next().unwrap().location.position, Some((1, 7)), "{err}");
        // Conversion warnings point into the 2.0 file.
        let swagger = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /m:\n    get:\n      parameters:\n        \
                       - {name: a, in: query, type: double}\n      responses: {'200': {description: OK}}\n";
        let warnings = load(swagger).unwrap().warnings;
        let warning = warnings.iter().next().unwrap();
        assert_eq!(warning.location.position, Some((7, 32)), "{warning}");
        assert_eq!(to_openapi3("t.yaml", swagger).unwrap().1, warnings);
        let spec = load("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {}\n").unwrap();
        assert_eq!(spec.position("#/paths/~1a"), Some((4, 3)));
    }
}
