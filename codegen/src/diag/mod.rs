//! Diagnostics: every problem carries the file, the JSON pointer of the node
//! it is about and, when known, a line and column. All message texts live in
//! [`Problem`]. [`Diagnostics::render`] shows them with the offending line
//! of the spec, the way compilers do.

mod render;

use std::collections::HashSet;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something was tolerated; the output is still generated.
    Warning,
    /// Generation cannot go on.
    Error,
}

impl Severity {
    /// `error` or `warning`, as diagnostics begin.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where a problem is: a file, a JSON pointer inside it (`#/paths/…`), and a
/// line and column when the parser could tell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the user named it.
    pub file: String,
    /// A JSON pointer (RFC 6901) in URI fragment form, starting with `#`.
    pub pointer: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
}

impl Location {
    /// The document root of `file`.
    pub fn root(file: impl Into<String>) -> Self {
        Location { file: file.into(), pointer: "#".into(), position: None }
    }

    /// This location's child `key` (escaped per RFC 6901).
    pub fn join(&self, key: impl AsRef<str>) -> Self {
        let key = crate::pointer::escape(key.as_ref());
        Location { file: self.file.clone(), pointer: format!("{}/{}", self.pointer, key), position: None }
    }

    /// The same file at a pointer given as a string (`#/components/…`).
    pub fn at(&self, pointer: impl Into<String>) -> Self {
        Location { file: self.file.clone(), pointer: pointer.into(), position: None }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "{}:{line}:{col} ({})", self.file, self.pointer),
            None => write!(f, "{}{}", self.file, self.pointer),
        }
    }
}

/// What is wrong. Each variant is one kind of problem; its text is the one
/// place the message is worded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The text is not JSON or YAML.
    #[error("cannot parse the document: {0}")]
    Syntax(String),
    /// An object has the same key twice.
    #[error("duplicate key `{0}`")]
    DuplicateKey(String),
    /// The document is not an OpenAPI document at all.
    #[error("not an OpenAPI document: {0}")]
    NotOpenApi(String),
    /// An OpenAPI version this generator does not read.
    #[error("unsupported OpenAPI version `{0}` (OpenAPI 3.0.x, 3.1.x and Swagger 2.0 are read)")]
    UnsupportedVersion(String),
    /// The document does not fit the OpenAPI 3.0 model.
    #[error("invalid OpenAPI document: {0}")]
    Invalid(String),
    /// A `$ref` whose target does not exist.
    #[error("`$ref` `{0}` points at nothing")]
    DanglingRef(String),
    /// A `$ref` to another file or of an unexpected kind.
    #[error("`$ref` `{0}` is not supported: {1}")]
    UnsupportedRef(String, &'static str),
    /// `$ref`s that only lead to each other.
    #[error("`$ref` `{0}` refers to itself in a loop")]
    RefCycle(String),
    /// Two operations share an operationId (warning: the later one is named
    /// from its method and path instead).
    #[error("operationId `{0}` is already used at {1}; this operation is named from its method and path instead")]
    DuplicateOperationId(String, String),
    /// A construct this generator cannot turn into Rust.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A path template that cannot be parsed.
    #[error("bad path template: {0}")]
    PathTemplate(String),
    /// A path parameter that is declared but not in the template, or the reverse.
    #[error("path parameter `{0}` {1}")]
    PathParam(String, &'static str),
    /// A `pattern` that is not a valid regular expression.
    #[error("pattern `{0}` is not a valid regular expression: {1}")]
    BadPattern(String, String),
    /// A name picked explicitly (by a rename) that collides with another.
    #[error("{kind} name `{name}` (from {spec_name}) is already used by {other}; rename one of them in the config")]
    NameCollision {
        /// What kind of item (type, method, field…).
        kind: &'static str,
        /// The Rust name both want.
        name: String,
        /// The spec name of the second item.
        spec_name: String,
        /// The spec name of the first item.
        other: String,
    },
    /// A generated name had to be changed to stay unique (warning).
    #[error("{kind} `{spec_name}` is named `{name}` because `{wanted}` is taken")]
    Renamed {
        /// What kind of item.
        kind: &'static str,
        /// The spec name.
        spec_name: String,
        /// The name it would have had.
        wanted: String,
        /// The name it got.
        name: String,
    },
    /// The configuration file is invalid.
    #[error("config: {0}")]
    Config(String),
    /// The configuration names something the spec does not have.
    #[error("config: {0}")]
    ConfigMismatch(String),
    /// YAML lines of a quoted scalar or a flow collection written left of
    /// where YAML 1.2 allows them, read as libyaml reads them (warning):
    /// the 1-based numbers of the lines.
    #[error("{} indented less than YAML 1.2 allows inside a quoted string or a `{{…}}`/`[…]` collection; read as if indented further, as libyaml reads it (the values are unchanged)", lines_phrase(.0))]
    Reindented(Vec<usize>),
    /// A query parameter style other than `form` (warning): the style.
    #[error("query style {0} is sent as comma-separated values")]
    QueryStyle(String),
    /// A cookie parameter (warning): its name.
    #[error("cookie parameter `{0}` is not supported; left out")]
    CookieParameter(String),
    /// An operation whose only request bodies are multipart (warning).
    #[error("only multipart bodies are offered; operation left out")]
    MultipartOnly,
    /// A response without the configured envelope (warning).
    #[error("this response is not wrapped in the configured envelope; returned as it is")]
    NotEnveloped,
    /// A `type` that OpenAPI does not have (warning): the type.
    #[error("unknown type `{0}`; any JSON value is accepted")]
    UnknownType(String),
    /// An enum value listed twice (warning): the value.
    #[error("enum value `{0}` is listed twice")]
    DuplicateEnumValue(String),
    /// A discriminator over members that are not all `$ref`s (warning).
    #[error("a discriminator needs every member to be a `$ref`; matched by shape instead")]
    DiscriminatorWithoutRefs,
    /// An `allOf` member that is not an object (warning).
    #[error("an `allOf` member that is not an object is ignored")]
    AllOfNotObject,
    /// Two `allOf` members define a property differently (warning).
    #[error("`allOf` members disagree on property `{property}` (also at {also_at}); this later one is used")]
    AllOfDisagree {
        /// The property.
        property: String,
        /// The pointer of the earlier definition.
        also_at: String,
    },
    /// A default written as a string for a non-string type (warning).
    #[error("default {value} written as a string; read as {read_as}")]
    DefaultAsString {
        /// The default as written (JSON).
        value: String,
        /// What it is read as ("a boolean", …).
        read_as: &'static str,
    },
    /// A default that does not fit its type (warning): the default (JSON).
    #[error("default {0} does not fit the type; ignored")]
    DefaultMismatch(String),
    /// `exclusiveMinimum`/`exclusiveMaximum` read as inclusive (warning): the keyword.
    #[error("`{0}` on a number is checked as an inclusive bound")]
    ExclusiveBound(String),
    /// Something odd that was accepted (warning).
    #[error("{0}")]
    Tolerated(String),
    /// An `allOf` that includes, through its members, the schema at the
    /// given pointer, which includes it again: it has no finite set of
    /// properties.
    #[error("`allOf` includes `{0}`, which includes this `allOf` again; a schema cannot merge itself")]
    AllOfCycle(String),
    /// Types that consist only of one another: aliases and `oneOf`/`anyOf`
    /// members that lead back to where they started with no object or
    /// array in between (the first type, and the cycle, by their Rust names).
    #[error("`{0}` stands only for itself ({1}): no JSON value has this type")]
    SelfContaining(String, String),
    /// A keyword or a section that the generated code has no use for,
    /// dropped while reading (warning): what, and why.
    #[error("`{0}` is dropped: {1}")]
    Dropped(String, &'static str),
    /// A construct read as the nearest thing Rust types can say (warning):
    /// what, and how it is read.
    #[error("`{0}` is read {1}")]
    Approximated(String, &'static str),
    /// Schemas nested inside each other deeper than the limit.
    #[error("schemas nest more than {0} levels deep here (counting the properties that `allOf`s copy in)")]
    TooDeep(usize),
}

/// "line 4" or "lines 4, 9 and 12" (at most five numbers, then how many more).
fn lines_phrase(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
    match (lines.len(), shown.split_last()) {
        (_, None) => "no line is".to_owned(),
        (1, _) => format!("line {} is", shown[0]),
        (n, Some((last, rest))) if n <= 5 => format!("lines {} and {last} are", rest.join(", ")),
        (n, _) => format!("lines {} and {} more are", shown.join(", "), n - 5),
    }
}

/// A problem, how bad it is, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    pub location: Location,
    /// What.
    pub problem: Problem,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}\n  --> {}", self.severity.label(), self.problem, self.location)
    }
}

/// Diagnostics collected by a stage, in the order they were found.
#[derive(Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// The same diagnostics as a set: a large spec has thousands of
    /// warnings, and looking each new one up in `items` is quadratic.
    seen: HashSet<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error.
    pub fn error(&mut self, location: Location, problem: Problem) {
        self.push(Diagnostic { severity: Severity::Error, location, problem });
    }

    /// Records a warning.
    pub fn warn(&mut self, location: Location, problem: Problem) {
        self.push(Diagnostic { severity: Severity::Warning, location, problem });
    }

    /// Adds `item` unless the same diagnostic is already there: a node that
    /// is looked at twice (a `$ref` resolved for its type and again for its
    /// checks) is still reported once.
    fn push(&mut self, item: Diagnostic) {
        if !self.seen.contains(&item) {
            self.seen.insert(item.clone());
            self.items.push(item);
        }
    }

    /// Brings `seen` up to date after items were changed in place.
    fn reindex(&mut self) {
        self.seen = self.items.iter().cloned().collect();
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Appends all of `other` (except diagnostics already here).
    pub fn extend(&mut self, other: Diagnostics) {
        other.items.into_iter().for_each(|item| self.push(item));
    }

    /// Only the diagnostics for which `keep` holds.
    pub fn filtered(&self, keep: impl Fn(&Diagnostic) -> bool) -> Diagnostics {
        let items: Vec<Diagnostic> = self.items.iter().filter(|d| keep(d)).cloned().collect();
        Diagnostics { seen: items.iter().cloned().collect(), items }
    }

    /// Rewrites the pointers of diagnostics about `file` with `map`.
    pub fn map_pointers(&mut self, file: &str, map: impl Fn(&str) -> String) {
        for item in self.items.iter_mut().filter(|d| d.location.file == file) {
            item.location.pointer = map(&item.location.pointer);
        }
        self.reindex();
    }

    /// Rewrites the `$ref`s that the problems about `file` quote with `map`.
    pub fn map_refs(&mut self, file: &str, map: impl Fn(&str) -> String) {
        for item in self.items.iter_mut().filter(|d| d.location.file == file) {
            if let Problem::DanglingRef(reference)
            | Problem::UnsupportedRef(reference, _)
            | Problem::RefCycle(reference) = &mut item.problem
            {
                *reference = map(reference);
            }
        }
        self.reindex();
    }

    /// Fills in line and column for every diagnostic whose pointer can be
    /// found in `source` by `locate`.
    pub fn locate(&mut self, file: &str, locate: impl Fn(&str) -> Option<(usize, usize)>) {
        for item in self.items.iter_mut().filter(|d| d.location.file == file && d.location.position.is_none()) {
            item.location.position = locate(&item.location.pointer);
        }
        self.reindex();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Equal when the same diagnostics are in the same order (`seen` follows).
impl PartialEq for Diagnostics {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for Diagnostics {}

impl fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diagnostics").field("items", &self.items).finish()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_keys() {
        let loc = Location::root("api.yaml").join("paths").join("/certifications/{imp_uid}").join("a~b");
        assert_eq!(loc.pointer, "#/paths/~1certifications~1{imp_uid}/a~0b");
        assert_eq!(loc.to_string(), "api.yaml#/paths/~1certifications~1{imp_uid}/a~0b");
    }

    #[test]
    fn display_names_severity_problem_and_place() {
        let mut diags = Diagnostics::new();
        diags.error(Location::root("a.json").join("x"), Problem::DanglingRef("#/components/schemas/Nope".into()));
        diags.warn(Location::root("a.json"), Problem::Tolerated("odd".into()));
        assert!(diags.has_errors());
        diags.error(Location::root("a.json").join("x"), Problem::DanglingRef("#/components/schemas/Nope".into()));
        assert_eq!(diags.len(), 2, "the same error is recorded once");
        assert_eq!(
            diags.to_string(),
            "error: `$ref` `#/components/schemas/Nope` points at nothing\n  --> a.json#/x\nwarning: odd\n  --> a.json#"
        );
    }

    #[test]
    fn a_repeat_is_found_after_pointers_are_rewritten() {
        let at = |pointer: &str| Location::root("a.json").at(pointer);
        let mut diags = Diagnostics::new();
        diags.warn(at("#/x"), Problem::Tolerated("odd".into()));
        diags.map_pointers("a.json", |p| p.replace('x', "y"));
        diags.warn(at("#/y"), Problem::Tolerated("odd".into()));
        assert_eq!(diags.len(), 1, "the rewritten diagnostic is the same as the new one");
        diags.warn(at("#/x"), Problem::Tolerated("odd".into()));
        assert_eq!(diags.len(), 2, "the old pointer is no longer there");
        let kept = diags.filtered(|d| d.location.pointer == "#/y");
        let mut again = kept.clone();
        again.warn(at("#/y"), Problem::Tolerated("odd".into()));
        assert_eq!(again, kept);
    }
}
