//! Whether a checked-in file still holds what the generator would write now
//! (`codegen generate --check <FILE>`), and where it first differs.

use std::fmt;
use std::path::{Path, PathBuf};

/// A file that is not what would be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The file checked.
    pub path: PathBuf,
    /// Why it is stale.
    pub reason: Reason,
}

/// Why a file is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// It cannot be read (most often: it does not exist).
    Unreadable(String),
    /// Its content differs, first at `line` (counting from 1); a side is
    /// `None` when that text ends before the line.
    Differs {
        /// The first line that differs.
        line: usize,
        /// That line in the file.
        found: Option<String>,
        /// That line as generated now.
        expected: Option<String>,
    },
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.reason {
            Reason::Unreadable(e) => write!(f, "{path} is not what the spec generates now: cannot read it: {e}"),
            Reason::Differs { line, found, expected } => {
                let show = |text: &Option<String>| match text {
                    Some(text) => format!("`{text}`"),
                    None => "(end of file)".to_owned(),
                };
                write!(
                    f,
                    "{path} is not what the spec generates now; first difference at line {line}:\n  \
                     file:      {}\n  generated: {}",
                    show(found),
                    show(expected)
                )
            }
        }
    }
}

impl std::error::Error for Stale {}

/// Checks that the file at `path` holds exactly `expected`.
pub fn check_file(path: &Path, expected: &str) -> Result<(), Stale> {
    let stale = |reason| Stale { path: path.to_owned(), reason };
    let found = std::fs::read(path).map_err(|e| stale(Reason::Unreadable(e.to_string())))?;
    let found = String::from_utf8_lossy(&found);
    match first_difference(&found, expected) {
        None => Ok(()),
        Some((line, found, expected)) => Err(stale(Reason::Differs { line, found, expected })),
    }
}

/// The first line where `a` and `b` differ, with both lines; `None` when
/// they are equal. Texts differing only in a final newline differ at the
/// line after the last.
fn first_difference(a: &str, b: &str) -> Option<(usize, Option<String>, Option<String>)> {
    if a == b {
        return None;
    }
    let (mut left, mut right) = (a.split('\n'), b.split('\n'));
    let mut line = 0;
    loop {
        line += 1;
        match (left.next(), right.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return Some((line, None, None)),
            (x, y) => return Some((line, x.map(str::to_owned), y.map(str::to_owned))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_differing_line() {
        let same = |a: &str, b: &str| first_difference(a, b);
        assert_eq!(same("a\nb\n", "a\nb\n"), None);
        assert_eq!(same("a\nb\n", "a\nc\n"), Some((2, Some("b".into()), Some("c".into()))));
        assert_eq!(same("a\n", "a\nb\n"), Some((2, Some(String::new()), Some("b".into()))));
        assert_eq!(same("a\nb", "a\nb\n"), Some((3, None, Some(String::new()))));
        assert_eq!(same("", "x"), Some((1, Some(String::new()), Some("x".into()))));
    }

    #[test]
    fn a_missing_file_is_stale() {
        let err = check_file(Path::new("/nonexistent/codegen/file.rs"), "x").unwrap_err();
        assert!(matches!(err.reason, Reason::Unreadable(_)));
        assert!(err.to_string().contains("/nonexistent/codegen/file.rs"));
    }
}
