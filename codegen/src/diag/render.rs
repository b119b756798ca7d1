//! Diagnostics shown the way compilers show them: the message, the place,
//! and the offending line with a caret under the column.
//!
//! ```text
//! error: `$ref` `#/components/schemas/Nope` points at nothing
//!   --> api.yaml:12:24 (#/paths/~1a/get/responses/200/content/application~1json/schema/$ref)
//!    |
//! 12 |               schema: {$ref: "#/components/schemas/Nope"}
//!    |                        ^
//! ```
//!
//! The caret is placed by display width: tabs are shown as four spaces and
//! wide characters (Hangul, CJK) take two columns, as in a terminal.

use std::collections::HashMap;

use unicode_width::UnicodeWidthChar;

use super::{Diagnostic, Diagnostics};

/// Lines longer than this (minified JSON) are cut around the column.
const MAX_WIDTH: usize = 120;
/// How much of a cut line is shown before the column.
const BEFORE: usize = 50;
const TAB: &str = "    ";

impl Diagnostics {
    /// All diagnostics, each with the offending line of its file when the
    /// position is known and `source_of(file)` gives the file's text (asked
    /// once per file). Diagnostics are separated by blank lines; the text
    /// does not end with a newline.
    pub fn render(&self, source_of: impl Fn(&str) -> Option<String>) -> String {
        let mut sources: HashMap<&str, Option<String>> = HashMap::new();
        let mut out = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let file = item.location.file.as_str();
            let source = match item.location.position {
                Some(_) => sources.entry(file).or_insert_with(|| source_of(file)).as_deref(),
                None => None,
            };
            out.push(item.render(source));
        }
        out.join("\n\n")
    }
}

impl Diagnostic {
    /// This diagnostic with the offending line of `source` (the text of its
    /// file) under it, when its position is known and inside the text.
    /// Without one it is the same as its `Display`.
    pub fn render(&self, source: Option<&str>) -> String {
        let snippet = self.location.position.zip(source).and_then(|((line, column), source)| {
            let text = source.split('\n').nth(line.checked_sub(1)?)?;
            let text = if line == 1 { text.trim_start_matches('\u{feff}') } else { text };
            Some(snippet(line, column, text.strip_suffix('\r').unwrap_or(text)))
        });
        let Some((gutter, snippet)) = snippet else { return self.to_string() };
        format!("{}: {}\n{gutter}--> {}\n{snippet}", self.severity.label(), self.problem, self.location)
    }
}

/// The indentation of the `-->` line and the lines under it:
///
/// ```text
///    |
/// 12 |   text
///    |   ^
/// ```
fn snippet(line: usize, column: usize, text: &str) -> (String, String) {
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let (shown, caret) = cut(text, column.saturating_sub(1));
    let source_line = format!("{number} | {shown}");
    let snippet = format!("{pad} |\n{}\n{pad} | {}^", source_line.trim_end(), " ".repeat(caret));
    (pad, snippet)
}

/// The part of `text` to show and the display width before the character
/// at index `column` (0-based) within it.
fn cut(text: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let column = column.min(chars.len());
    let total: usize = chars.iter().map(|&c| width(c)).sum();
    let (start, end) = if total <= MAX_WIDTH {
        (0, chars.len())
    } else {
        let start = column.saturating_sub(BEFORE);
        (start, (start + MAX_WIDTH).min(chars.len()).max(column))
    };
    let mut shown = String::new();
    let mut caret = 0;
    if start > 0 {
        shown.push_str("...");
        caret += 3;
    }
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        match c {
            '\t' => shown.push_str(TAB),
            c if c.is_control() => shown.push(char::REPLACEMENT_CHARACTER),
            c => shown.push(c),
        }
        if i < column {
            caret += width(c);
        }
    }
    if end < chars.len() {
        shown.push_str("...");
    }
    (shown, caret)
}

/// How many terminal columns `c` takes as shown.
fn width(c: char) -> usize {
    match c {
        '\t' => TAB.len(),
        c if c.is_control() => 1,
        c => c.width().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Location, Problem};

    fn at(file: &str, pointer: &str, position: Option<(usize, usize)>) -> Location {
        Location { file: file.into(), pointer: pointer.into(), position }
    }

    #[test]
    fn renders_the_line_with_a_caret() {
        let source = "openapi: 3.0.3\npaths:\n  /a:\n    get: {$ref: 5}\n";
        let mut diags = Diagnostics::new();
        diags.error(at("api.yaml", "#/paths/~1a/get/$ref", Some((4, 11))), Problem::Invalid("a string".into()));
        diags.warn(at("api.yaml", "#/x", None), Problem::Tolerated("odd".into()));
        let expected = "\
error: invalid OpenAPI document: a string
 --> api.yaml:4:11 (#/paths/~1a/get/$ref)
  |
4 |     get: {$ref: 5}
  |           ^

warning: odd
  --> api.yaml#/x";
        assert_eq!(diags.render(|_| Some(source.to_owned())), expected);
    }

    #[test]
    fn gutter_follows_the_line_number() {
        let source = "x\n".repeat(11) + "\tkey: 값값 here";
        let item = Diagnostic {
            severity: crate::diag::Severity::Error,
            location: at("a.yaml", "#/k", Some((12, 8))),
            problem: Problem::Tolerated("wide".into()),
        };
        let expected = "\
error: wide
  --> a.yaml:12:8 (#/k)
   |
12 |     key: 값값 here
   |            ^";
        assert_eq!(item.render(Some(&source)), expected);
        // Without the source, or with a position past the end, the plain form.
        assert_eq!(item.render(None), "error: wide\n  --> a.yaml:12:8 (#/k)");
        assert_eq!(item.render(Some("short")), item.to_string());
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "0".repeat(200), "1".repeat(200));
        let (shown, caret) = cut(&line, 200);
        assert!(shown.starts_with("...0") && shown.ends_with("1..."), "{shown}");
        assert_eq!(shown.chars().nth(caret), Some('X'));
        assert_eq!(shown.chars().count(), 3 + MAX_WIDTH + 3);
        assert_eq!(cut("ab", 9), ("ab".to_owned(), 2), "a column past the end points after the text");
    }
}
