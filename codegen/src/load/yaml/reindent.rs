//! Lines of a quoted scalar or a flow collection written left of where
//! YAML 1.2 allows them, read as libyaml reads them.
//!
//! ```yaml
//!     description: "A list of values for
//!     systems such as SELinux."
//! ```
//!
//! YAML 1.2 wants the second line indented more than `description`;
//! libyaml (and so most tools) accepts it, and real documents are written
//! this way (Docker Engine API 1.41, OpenAPI's `api-with-examples.yaml`).
//! saphyr-parser refuses them with "invalid indentation…". Inside a quoted
//! scalar or a flow collection, the white space at the start of a line is
//! not part of the value (quoted scalars fold it away; flow collections
//! ignore it), and saphyr-parser only raises these errors there, so giving
//! such a line more spaces changes nothing but the indentation: the value
//! read is the one libyaml reads, and each line moved is reported.

/// How many times a document may be read again after moving lines before
/// the original error is reported instead: each read costs a parse, so a
/// large document gets fewer (64 MiB read in all), any document at least 8
/// and at most 1,000.
pub fn max_reads(len: usize) -> usize {
    ((64 << 20) / len.max(1)).clamp(8, 1_000)
}

/// Where a line was written too far left, as saphyr-parser reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misindented {
    /// Inside a quoted scalar; reported at its opening quote.
    Quoted,
    /// Inside a flow collection; reported at the token.
    Flow,
}

impl Misindented {
    /// The indentation error saphyr-parser's `message` names, if it is one
    /// that [`reindent`] can repair.
    pub fn of(message: &str) -> Option<Self> {
        match message {
            "invalid indentation in quoted scalar" => Some(Misindented::Quoted),
            "invalid indentation" | "invalid indentation in flow construct" => Some(Misindented::Flow),
            _ => None,
        }
    }
}

/// Gives the lines that the error `kind` at `pos` (1-based line, column in
/// characters) complains about more indentation; returns their 1-based
/// numbers, or `None` when nothing can be moved.
pub fn reindent(text: &mut String, kind: Misindented, pos: (usize, usize)) -> Option<Vec<usize>> {
    let (line, col) = pos;
    let starts = crate::diag::line_starts(text);
    let start = *starts.get(line.checked_sub(1)?)?;
    let moved: Vec<(usize, usize)> = if kind == Misindented::Quoted {
        // Reported at the opening quote: every later line of the scalar goes right of the quote.
        let quote_at = start + text[start..].char_indices().nth(col.checked_sub(1)?)?.0;
        let end = scalar_end(text, quote_at)?;
        let last = starts.partition_point(|&s| s <= end);
        (line + 1..=last).filter_map(|l| short_by(text, &starts, l, col)).collect()
    } else {
        // Reported at the token: that line goes one column right of the line above it (the error
        // comes back, and this runs again, until it is far enough right).
        let above = (1..line).rev().find_map(|l| indent_of(text, &starts, l))?;
        let here = indent_of(text, &starts, line)?;
        vec![(line, above.max(here) + 1 - here)]
    };
    if moved.is_empty() {
        return None;
    }
    for &(l, spaces) in moved.iter().rev() {
        text.insert_str(starts[l - 1], &" ".repeat(spaces));
    }
    Some(moved.into_iter().map(|(l, _)| l).collect())
}

/// The leading spaces of line `l` (1-based), or `None` for a blank line.
fn indent_of(text: &str, starts: &[usize], l: usize) -> Option<usize> {
    let start = starts[l - 1];
    let end = starts.get(l).copied().unwrap_or(text.len());
    let line = text[start..end].trim_end_matches(['\n', '\r']);
    let spaces = line.len() - line.trim_start_matches(' ').len();
    (!line[spaces..].trim().is_empty()).then_some(spaces)
}

/// `(l, spaces)` when line `l` is not blank and starts fewer than `want` spaces in.
fn short_by(text: &str, starts: &[usize], l: usize, want: usize) -> Option<(usize, usize)> {
    let indent = indent_of(text, starts, l)?;
    (indent < want).then(|| (l, want - indent))
}

/// The byte offset of the quote that closes the quoted scalar opening at `at`.
fn scalar_end(text: &str, at: usize) -> Option<usize> {
    let quote = text[at..].chars().next()?;
    let mut chars = text[at + 1..].char_indices().map(|(i, c)| (at + 1 + i, c)).peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek().is_some_and(|&(_, next)| next == '\'') => {
                chars.next();
            }
            (q, c) if c == q => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misindented_lines_move_right_and_nothing_else_changes() {
        let cases = [
            // Continuation lines of a quoted scalar go right of the quote; blank lines stay.
            (
                "a:\n  b: \"one\n  two \\\" x\n\n  three\"\n  c: 1\n",
                (Misindented::Quoted, (2, 6)),
                &[3, 5][..],
                "a:\n  b: \"one\n      two \\\" x\n\n      three\"\n  c: 1\n",
            ),
            // A single-quoted scalar ends at a lone quote, not at `''`.
            ("b: 'it''s\nfine'\nc: 1\n", (Misindented::Quoted, (1, 4)), &[2], "b: 'it''s\n    fine'\nc: 1\n"),
            // A flow token goes one column right of the line above.
            (
                "x:\n  v: {\n     \"a\": 1\n }\n",
                (Misindented::Flow, (4, 2)),
                &[4],
                "x:\n  v: {\n     \"a\": 1\n      }\n",
            ),
        ];
        for (text, (kind, pos), moved, expected) in cases {
            let mut fixed = text.to_owned();
            assert_eq!(reindent(&mut fixed, kind, pos).as_deref(), Some(moved), "{text:?}");
            assert_eq!(fixed, expected);
        }
        assert_eq!(Misindented::of("invalid indentation in flow construct"), Some(Misindented::Flow));
        assert_eq!(Misindented::of("invalid indentation for anchor"), None);
    }

    #[test]
    fn nothing_to_move_is_none() {
        let mut text = "b: \"one\"\n".to_owned();
        assert_eq!(reindent(&mut text, Misindented::Quoted, (1, 4)), None);
        assert_eq!(reindent(&mut text, Misindented::Flow, (1, 1)), None);
        assert_eq!(reindent(&mut text, Misindented::Flow, (9, 1)), None);
    }
}
