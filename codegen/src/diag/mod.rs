//! Diagnostics: every problem carries the file, the JSON pointer of the node
//! it is about and, when known, a line and column. All message texts live in
//! [`Problem`]. [`Diagnostics::render`] shows them with the offending line
//! of the spec or the config, the way compilers do.
//!
//! The spec and the TOML config are both trees of objects, lists and
//! values, so one kind of location serves both: a problem with the config
//! is at its key (`codegen.toml:5:19 (#/auth/token_operation)`), one with
//! the spec at its node.

mod problem;
mod render;

use std::collections::HashSet;
use std::fmt;

pub use problem::Problem;

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

/// Where a problem is: a file, a JSON pointer inside it (`#/paths/…` in a
/// spec, `#/auth/token_operation` in a config), and a line and column when
/// the parser could tell.
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

/// The byte offset where each line of `text` starts (the first is 0), for
/// finding lines and columns of byte offsets.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect()
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
        diags.warn(Location::root("a.json"), Problem::ArrayWithoutItems);
        assert!(diags.has_errors());
        diags.error(Location::root("a.json").join("x"), Problem::DanglingRef("#/components/schemas/Nope".into()));
        assert_eq!(diags.len(), 2, "the same error is recorded once");
        assert_eq!(
            diags.to_string(),
            "error: `$ref` `#/components/schemas/Nope` points at nothing\n  --> a.json#/x\nwarning: an array without `items`; items of any type are accepted\n  --> a.json#"
        );
    }

    #[test]
    fn a_repeat_is_found_after_pointers_are_rewritten() {
        let at = |pointer: &str| Location::root("a.json").at(pointer);
        let mut diags = Diagnostics::new();
        diags.warn(at("#/x"), Problem::ArrayWithoutItems);
        diags.map_pointers("a.json", |p| p.replace('x', "y"));
        diags.warn(at("#/y"), Problem::ArrayWithoutItems);
        assert_eq!(diags.len(), 1, "the rewritten diagnostic is the same as the new one");
        diags.warn(at("#/x"), Problem::ArrayWithoutItems);
        assert_eq!(diags.len(), 2, "the old pointer is no longer there");
        let kept = diags.filtered(|d| d.location.pointer == "#/y");
        let mut again = kept.clone();
        again.warn(at("#/y"), Problem::ArrayWithoutItems);
        assert_eq!(again, kept);
    }
}
