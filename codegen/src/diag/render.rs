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
/// Every how many characters a long line keeps a checkpoint (see [`Source`]).
const STRIDE: usize = 256;

impl Diagnostics {
    /// All diagnostics, each with the offending line of its file when the
    /// position is known and `source_of(file)` gives the file's text (asked
    /// once per file). Diagnostics are separated by blank lines; the text
    /// does not end with a newline.
    pub fn render(&self, source_of: impl Fn(&str) -> Option<String>) -> String {
        let mut texts: HashMap<&str, Option<String>> = HashMap::new();
        for item in self.items.iter().filter(|d| d.location.position.is_some()) {
            let file = item.location.file.as_str();
            texts.entry(file).or_insert_with(|| source_of(file));
        }
        let mut sources: HashMap<&str, Source<'_>> =
            texts.iter().filter_map(|(&file, text)| Some((file, Source::new(text.as_deref()?)))).collect();
        let out: Vec<String> = self
            .items
            .iter()
            .map(|item| {
                let source = item.location.position.and(sources.get_mut(item.location.file.as_str()));
                item.render_in(source)
            })
            .collect();
        out.join("\n\n")
    }
}

impl Diagnostic {
    /// This diagnostic with the offending line of `source` (the text of its
    /// file) under it, when its position is known and inside the text.
    /// Without one it is the same as its `Display`.
    pub fn render(&self, source: Option<&str>) -> String {
        self.render_in(source.map(Source::new).as_mut())
    }

    fn render_in(&self, source: Option<&mut Source<'_>>) -> String {
        let snippet = self
            .location
            .position
            .zip(source)
            .and_then(|((line, column), source)| Some(snippet(line, column, &source.line(line)?)));
        let Some((gutter, snippet)) = snippet else { return self.to_string() };
        format!("{}: {}\n{gutter}--> {}\n{snippet}", self.severity.label(), self.problem, self.location)
    }
}

/// A file's text, indexed once so that showing a diagnostic costs the part
/// of the line that is shown, not the line: minified JSON is one line of
/// many megabytes with a warning every few hundred kilobytes of it.
struct Source<'a> {
    text: &'a str,
    /// The byte offset where each line starts.
    starts: Vec<usize>,
    /// For each long line shown so far: the byte offset of every
    /// `STRIDE`-th character of it.
    checkpoints: HashMap<usize, Vec<usize>>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Self {
        Source { text, starts: super::line_starts(text), checkpoints: HashMap::new() }
    }

    /// Line `number` (1-based) without its line break, or `None` past the end.
    fn line(&mut self, number: usize) -> Option<Line<'_>> {
        let index = number.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self.starts.get(index + 1).map_or(self.text.len(), |next| next - 1);
        let text = &self.text[start..end];
        let text = if number == 1 { text.trim_start_matches('\u{feff}') } else { text };
        let text = text.strip_suffix('\r').unwrap_or(text);
        let checkpoints = if text.len() > STRIDE {
            self.checkpoints
                .entry(number)
                .or_insert_with(|| text.char_indices().step_by(STRIDE).map(|(at, _)| at).collect())
                .as_slice()
        } else {
            &[]
        };
        Some(Line { text, checkpoints })
    }
}

/// One line of a [`Source`].
struct Line<'a> {
    text: &'a str,
    /// The byte offset of every `STRIDE`-th character; empty for a short line.
    checkpoints: &'a [usize],
}

impl Line<'_> {
    /// The byte offset of the character at `index` (0-based) and `index`,
    /// or the end of the line and its length in characters when `index` is
    /// past it. Costs at most `STRIDE` characters on a long line.
    fn char_at(&self, index: usize) -> (usize, usize) {
        let checkpoint = (index / STRIDE).min(self.checkpoints.len().saturating_sub(1));
        let (from, counted) = self.checkpoints.get(checkpoint).map_or((0, 0), |&at| (at, checkpoint * STRIDE));
        let mut rest = self.text[from..].char_indices();
        match rest.nth(index - counted) {
            Some((at, _)) => (from + at, index),
            None => (self.text.len(), counted + self.text[from..].chars().count()),
        }
    }
}

/// The indentation of the `-->` line and the lines under it:
///
/// ```text
///    |
/// 12 |   text
///    |   ^
/// ```
fn snippet(line: usize, column: usize, text: &Line<'_>) -> (String, String) {
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let (shown, caret) = window(text, column.saturating_sub(1));
    let source_line = format!("{number} | {shown}");
    let snippet = format!("{pad} |\n{}\n{pad} | {}^", source_line.trim_end(), " ".repeat(caret));
    (pad, snippet)
}

/// The part of `line` to show and the display width before the character
/// at index `column` (0-based) within it. A line wider than `MAX_WIDTH` is
/// read only around the column.
fn window(line: &Line<'_>, column: usize) -> (String, usize) {
    let (start, from, take) = if fits(line.text) {
        (0, 0, usize::MAX)
    } else {
        let start = line.char_at(column).1.saturating_sub(BEFORE);
        (start, line.char_at(start).0, MAX_WIDTH)
    };
    let mut shown = String::new();
    let mut caret = 0;
    if start > 0 {
        shown.push_str("...");
        caret += 3;
    }
    let mut chars = line.text[from..].chars();
    for (i, c) in chars.by_ref().take(take).enumerate() {
        match c {
            '\t' => shown.push_str(TAB),
            c if c.is_control() => shown.push(char::REPLACEMENT_CHARACTER),
            c => shown.push(c),
        }
        if start + i < column {
            caret += width(c);
        }
    }
    if chars.next().is_some() {
        shown.push_str("...");
    }
    (shown, caret)
}

/// Whether `text` is at most `MAX_WIDTH` columns wide (read no further
/// than needed to tell).
fn fits(text: &str) -> bool {
    let mut total = 0;
    text.chars().all(|c| {
        total += width(c);
        total <= MAX_WIDTH
    })
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

    /// The window around `column` of `text`, a single line, read the way
    /// [`Diagnostics::render`] reads it (with checkpoints on a long line).
    fn cut(text: &str, column: usize) -> (String, usize) {
        let mut source = Source::new(text);
        let line = source.line(1).expect("one line");
        window(&line, column)
    }

    /// What `cut` gave when it read the whole line for every diagnostic:
    /// the reference the windowed reading must agree with.
    fn whole_line_cut(text: &str, column: usize) -> (String, usize) {
        let chars: Vec<char> = text.chars().collect();
        let column = column.min(chars.len());
        let total: usize = chars.iter().map(|&c| width(c)).sum();
        let (start, end) = if total <= MAX_WIDTH {
            (0, chars.len())
        } else {
            let start = column.saturating_sub(BEFORE);
            (start, (start + MAX_WIDTH).min(chars.len()).max(column))
        };
        let mut shown = if start > 0 { "...".to_owned() } else { String::new() };
        let mut caret = if start > 0 { 3 } else { 0 };
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

    /// The display width of `text` as shown.
    fn shown_width(text: &str) -> usize {
        text.chars().map(width).sum()
    }

    #[test]
    fn renders_the_line_with_a_caret() {
        let source = "openapi: 3.0.3\npaths:\n  /a:\n    get: {$ref: 5}\n";
        let mut diags = Diagnostics::new();
        diags.error(at("api.yaml", "#/paths/~1a/get/$ref", Some((4, 11))), Problem::Invalid("a string".into()));
        diags.warn(at("api.yaml", "#/x", None), Problem::ArrayWithoutItems);
        let expected = "\
error: invalid OpenAPI document: a string
 --> api.yaml:4:11 (#/paths/~1a/get/$ref)
  |
4 |     get: {$ref: 5}
  |           ^

warning: an array without `items`; items of any type are accepted
  --> api.yaml#/x";
        assert_eq!(diags.render(|_| Some(source.to_owned())), expected);
    }

    #[test]
    fn gutter_follows_the_line_number() {
        let source = "x\n".repeat(11) + "\tkey: 값값 here";
        let item = Diagnostic {
            severity: crate::diag::Severity::Error,
            location: at("a.yaml", "#/k", Some((12, 8))),
            problem: Problem::UnknownType("wide".into()),
        };
        let expected = "\
error: unknown type `wide`; any JSON value is accepted
  --> a.yaml:12:8 (#/k)
   |
12 |     key: 값값 here
   |            ^";
        assert_eq!(item.render(Some(&source)), expected);
        // Without the source, or with a position past the end, the plain form.
        assert_eq!(
            item.render(None),
            "error: unknown type `wide`; any JSON value is accepted\n  --> a.yaml:12:8 (#/k)"
        );
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

    #[test]
    fn a_long_line_is_read_only_around_the_column() {
        // Wide characters, tabs and control characters, several checkpoints long.
        let line: String = (0..3000).map(|i| ["a", "값", "\t", "\u{1}", "é", "漢"][i % 7 % 6]).collect();
        let length = line.chars().count();
        let columns = (0..BEFORE + 3).chain((STRIDE - 3..STRIDE + 3).chain(2 * STRIDE - 60..2 * STRIDE + 60));
        for column in columns.chain([length - 1, length, length + 1, length + 500, 10 * length]) {
            assert_eq!(cut(&line, column), whole_line_cut(&line, column), "column {column}");
        }
    }

    #[test]
    fn the_caret_on_a_long_line_stands_under_the_column() {
        let line = format!("{}\t값X{}", "값".repeat(1000), "b".repeat(1000));
        let column = 1002;
        let (shown, caret) = cut(&line, column);
        assert!(shown.starts_with("...값") && shown.ends_with("b..."), "{shown}");
        // The caret's column is the display width of everything before the X.
        let before = &shown[..shown.find('X').expect("the column is shown")];
        assert_eq!(caret, shown_width(before));
        assert!(before.ends_with("값    값"), "the tab is shown as four spaces: {before}");
        assert_eq!(shown.chars().count(), 3 + MAX_WIDTH + 3 + TAB.len() - 1);
    }

    #[test]
    fn a_column_past_the_end_of_a_long_line_points_after_it() {
        let line = format!("{}값", "a".repeat(5000));
        let (shown, caret) = cut(&line, 7000);
        assert_eq!(shown, format!("...{}값", "a".repeat(BEFORE - 1)));
        assert_eq!(caret, shown_width(&shown), "just after the last character");
        assert_eq!(cut(&line, 5001), (shown, caret), "just after the last character is the same");
        let (shown, caret) = cut(&line, 5000);
        assert_eq!(caret, shown_width(&shown) - 2, "at the last, wide, character");
    }

    #[test]
    fn many_diagnostics_on_one_long_line() {
        // Minified JSON: one line, a BOM, a diagnostic every few kilobytes.
        let source =
            format!("\u{feff}{{{}}}\r\n", (0..2000).map(|i| format!("\"k{i}\":\"값\"")).collect::<Vec<_>>().join(","));
        let line = source.trim_start_matches('\u{feff}').trim_end();
        let mut diags = Diagnostics::new();
        let columns = [1, 2, 1000, 12_345, line.chars().count(), line.chars().count() + 1];
        for column in columns {
            diags.warn(at("a.json", &format!("#/{column}"), Some((1, column))), Problem::ArrayWithoutItems);
        }
        let rendered = diags.render(|_| Some(source.clone()));
        let expected: Vec<String> = columns
            .iter()
            .map(|&column| {
                let (shown, caret) = whole_line_cut(line, column - 1);
                format!(
                    "warning: an array without `items`; items of any type are accepted\n --> a.json:1:{column} (#/{column})\n  |\n1 | {shown}\n  | {}^",
                    " ".repeat(caret)
                )
            })
            .collect();
        assert_eq!(rendered, expected.join("\n\n"));
    }
}
