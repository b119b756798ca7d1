//! Doc comments from spec text. Titles, summaries and descriptions are Markdown with stray HTML written for web
//! pages; rustdoc would run an indented or unlabelled code block as a doctest and warn about unclosed tags,
//! broken links and bare URLs. [`doc_lines`] rewrites the text so that none of that can happen:
//!
//! - Line endings become `\n`, tabs four spaces; other control characters and the bidirectional overrides that
//!   rustc denies in comments are dropped. `<br>` outside code starts a new line.
//! - Fenced code blocks (three or more backticks or tildes) keep their content. An info string that is empty,
//!   looks like Rust or would make rustdoc warn becomes `text`; an unclosed fence is closed. Content lines are
//!   indented at least as far as the opening fence and the closing fence is put exactly there, so the block
//!   cannot end early in a list item. A fence after an ordered-list marker other than `1.` is escaped, since
//!   such a line may be paragraph text to rustdoc.
//! - Prose indented four or more spaces loses that indentation (it would be an indented code block), and so
//!   does a list item's content after five or more spaces. A `>` or `<` that starts a block is escaped, so no
//!   block quote or HTML block hides any of this.
//! - In prose outside inline code spans, `<`, `>`, `[` and `]` are escaped and bare `http(s)://` URLs become
//!   `<…>` autolinks; existing autolinks, `[text](https://…)` links and backslash escapes stay. Backticks that
//!   close no code span within their paragraph (or table cell) are escaped, so rustdoc cannot pair them
//!   differently across a block boundary that this module does not see.
//! - Trailing whitespace, leading and trailing blank lines and repeated blank lines outside fences go.

use std::collections::VecDeque;

/// Turns free text from a spec (titles, summaries, descriptions: Markdown with stray HTML) into lines for
/// `#[doc = "..."]` attributes (one attribute per line; each returned line starts with a space unless empty)
/// such that rustdoc never runs any of it as a doctest, never warns, and the comment never breaks.
///
/// Every line of an item's docs should start with a space (as these do): rustdoc strips the indentation common
/// to all lines, and the layout here relies on that being exactly one space.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut queue: VecDeque<String> = normalise(text).split('\n').map(str::to_owned).collect();
    let mut out: Vec<String> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut fence: Option<Fence> = None;
    let mut table = false;
    // Where the content of the current list item starts: lines that continue it are indented to there, since
    // rustdoc (and clippy's `doc_lazy_continuation`) would otherwise read them as the list ending.
    let mut item: Option<usize> = None;
    while let Some(line) = queue.pop_front() {
        let line = line.trim_end();
        if let Some(open) = &fence {
            if open.is_closed_by(line) {
                out.push(open.closer());
                fence = None;
            } else if line.is_empty() || indent(line) >= open.indent {
                out.push(line.to_owned());
            } else {
                out.push(format!("{}{line}", " ".repeat(open.indent - indent(line))));
            }
            continue;
        }
        let mut pieces = split_br(line);
        if pieces.len() > 1 {
            // `a<br>` at the end of a line breaks the line once, not twice.
            if pieces.last().is_some_and(|last| last.trim().is_empty()) {
                pieces.pop();
            }
            pieces.into_iter().rev().for_each(|piece| queue.push_front(piece));
            continue;
        }
        let (mut line, start, interrupts) = prose_line(line);
        if let Some(open) = Fence::at(&line, start) {
            if interrupts {
                flush(&mut paragraph, &mut out, table);
                out.push(open.opener(&line));
                fence = Some(open);
                continue;
            }
            line.insert(start, '\\');
        }
        if line.is_empty() {
            flush(&mut paragraph, &mut out, table);
            table = false;
            item = None;
            if out.last().is_some_and(|last| !last.is_empty()) {
                out.push(line);
            }
            continue;
        }
        if is_delimiter_row(&line) {
            // The line before is a table header; GFM splits rows into cells before it looks for code spans.
            let header = paragraph.pop();
            flush(&mut paragraph, &mut out, table);
            paragraph.extend(header);
            table = true;
        }
        // Splitting a paragraph where rustdoc does not is harmless, since unmatched backticks are escaped;
        // missing a split where a block starts would pair backticks that rustdoc keeps apart.
        let first = line.trim_start().chars().next();
        if table || first.is_some_and(|c| "-*+#=_|<>[".contains(c) || c.is_ascii_digit()) {
            flush(&mut paragraph, &mut out, table);
        }
        let lead = indent(&line);
        if start > lead {
            item = Some(start);
        } else if first == Some('#') || table {
            item = None;
        } else if let Some(content) = item.filter(|content| lead < *content) {
            line.insert_str(0, &" ".repeat(content - lead));
        }
        paragraph.push(line);
        if table || first == Some('#') {
            flush(&mut paragraph, &mut out, table);
        }
    }
    flush(&mut paragraph, &mut out, table);
    if let Some(open) = fence {
        out.push(open.closer());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }).collect()
}

fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\r' => out.push('\n'),
            '\t' => out.push_str("    "),
            // rustc denies these in comments (`text_direction_codepoint_in_comment`).
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Escapes the inline content of one paragraph (lines joined by `\n`, since code spans may cross them), or of
/// each cell of a table row.
fn flush(paragraph: &mut Vec<String>, out: &mut Vec<String>, cells: bool) {
    if paragraph.is_empty() {
        return;
    }
    let text = paragraph.join("\n");
    if cells {
        let text = text.split('|').map(|cell| escape_inline(cell, true)).collect::<Vec<_>>().join("|");
        out.extend(text.split('\n').map(str::to_owned));
    } else {
        let text = escape_inline(&text, true);
        if text.split('\n').all(|line| line.chars().count() <= WIDTH) {
            out.extend(text.split('\n').map(str::to_owned));
        } else {
            // Markdown reads a paragraph's line breaks as spaces: it is filled again as a whole.
            let mut lines = text.split('\n');
            let mut joined = lines.next().unwrap_or_default().to_owned();
            for line in lines {
                joined.push(' ');
                joined.push_str(line.trim_start());
            }
            wrap(&joined, out);
        }
    }
    paragraph.clear();
}

/// The width that prose lines are wrapped to, indentation included: with
/// the `///` and an item's own indentation, doc comments end near column
/// 100. Words longer than that stay whole.
pub(crate) const WIDTH: usize = 80;

/// Whether a line starting with `text` could begin a Markdown block (or
/// end one) rather than continue a paragraph.
fn starts_block(text: &str) -> bool {
    text.starts_with("```")
        || text.starts_with("~~~")
        || text.chars().next().is_none_or(|c| "-*+#=_|<>[\\".contains(c) || c.is_ascii_digit())
}

/// Pushes `line` (a paragraph filled into one line), broken at spaces into lines of at most [`WIDTH`]
/// characters where it can be. Continuation lines are indented like the
/// line's text (after a list marker, to the item's content) and never start
/// with a character that could begin a Markdown block; headings stay whole.
fn wrap(line: &str, out: &mut Vec<String>) {
    let lead = indent(line);
    let content = &line[lead..];
    if line.chars().count() <= WIDTH || content.starts_with('#') {
        out.push(line.to_owned());
        return;
    }
    let marker = list_marker(content).filter(|&marker| content[marker..].starts_with(' '));
    let hang = lead + marker.map_or(0, |marker| marker + indent(&content[marker..]));
    let mut rest = line;
    let mut first = true;
    loop {
        let prefix = if first { 0 } else { hang };
        let width = |at: usize| prefix + rest[..at].chars().count();
        if width(rest.len()) <= WIDTH {
            out.push(format!("{}{rest}", " ".repeat(prefix)));
            return;
        }
        // Not inside the indentation or right after a list marker, and never before a block start.
        let start = if first { hang } else { 0 };
        let breaks = rest
            .char_indices()
            .filter(|&(at, c)| c == ' ' && at > start && !starts_block(rest[at..].trim_start()))
            .map(|(at, _)| at);
        // The last break that fits, or the first one when none does.
        let mut chosen = None;
        for at in breaks {
            if chosen.is_some() && width(at) > WIDTH {
                break;
            }
            chosen = Some(at);
        }
        let Some(at) = chosen else {
            out.push(format!("{}{rest}", " ".repeat(prefix)));
            return;
        };
        out.push(format!("{}{}", " ".repeat(prefix), rest[..at].trim_end()));
        rest = rest[at..].trim_start();
        first = false;
    }
}

/// A GFM table's delimiter row, such as `|---|:--:|`.
fn is_delimiter_row(line: &str) -> bool {
    line.contains('|') && line.contains('-') && line.chars().all(|c| "|:- ".contains(c))
}

/// Removes code-block indentation from a prose line. Returns the line, the byte offset where its content starts
/// after list markers, and whether a fence there is certainly a fence: an ordered item numbered other than 1
/// cannot interrupt a paragraph, so after `5.` a fence may just as well be paragraph text.
fn prose_line(line: &str) -> (String, usize, bool) {
    let spaces = indent(line);
    let mut out = if spaces >= 4 { String::new() } else { " ".repeat(spaces) };
    let mut rest = &line[spaces..];
    let mut interrupts = true;
    while let Some(marker) = list_marker(rest) {
        let after = &rest[marker..];
        let gap = indent(after);
        if gap == 0 || gap == after.len() {
            break;
        }
        if out.trim_start().is_empty() && !matches!(&rest[..marker], "-" | "*" | "+" | "1." | "1)") {
            interrupts = false;
        }
        out.push_str(&rest[..marker]);
        out.push_str(if gap > 4 { " " } else { &after[..gap] });
        rest = &after[gap..];
    }
    let start = out.len();
    // At the start of a block these would open a block quote or an HTML block, whatever the inline pass does.
    if rest.starts_with('>') || (rest.starts_with('<') && autolink_len(rest).is_none()) {
        out.push('\\');
    }
    out.push_str(rest);
    (out, start, interrupts)
}

fn list_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    match bytes.first()? {
        b'-' | b'*' | b'+' => Some(1),
        _ if (1..=9).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')')) => Some(digits + 1),
        _ => None,
    }
}

struct Fence {
    mark: char,
    len: usize,
    indent: usize,
}

impl Fence {
    fn at(line: &str, start: usize) -> Option<Fence> {
        let rest = line.get(start..)?;
        let mark = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
        let len = rest.chars().take_while(|c| *c == mark).count();
        let backtick_in_info = mark == '`' && rest[len..].contains('`');
        (len >= 3 && !backtick_in_info).then_some(Fence { mark, len, indent: start })
    }

    /// The opening line, with `text` for an info string that rustdoc would take for Rust or warn about.
    fn opener(&self, line: &str) -> String {
        let end = self.indent + self.len;
        let info = line.get(end..).unwrap_or_default();
        let mut tokens =
            info.split([',', ' ']).filter(|t| !t.is_empty()).map(|t| t.to_ascii_lowercase().replace('-', "_"));
        let other_language = |t: String| {
            let rust = ["rust", "ignore", "should_panic", "no_run", "compile_fail", "test_harness", "standalone_crate"]
                .contains(&t.as_str())
                || ["edition", "ignore_", "e0"].iter().any(|prefix| t.starts_with(prefix));
            let clean = t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                && t.chars().all(|c| c.is_ascii_alphanumeric() || "_+#".contains(c));
            clean && !rust
        };
        if !info.is_empty() && tokens.all(other_language) {
            line.to_owned()
        } else {
            format!("{}text", line.get(..end).unwrap_or_default())
        }
    }

    fn is_closed_by(&self, line: &str) -> bool {
        let fence = line.trim_start();
        fence.chars().count() >= self.len && fence.chars().all(|c| c == self.mark)
    }

    fn closer(&self) -> String {
        format!("{}{}", " ".repeat(self.indent), self.mark.to_string().repeat(self.len))
    }
}

/// Splits a line at `<br>`, `<br/>`, `<br />` and `</br>` (any case) outside inline code.
fn split_br(line: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let (mut from, mut i) = (0, 0);
    while let Some(&byte) = line.as_bytes().get(i) {
        i += match byte {
            b'`' => code_span_len(line, i).unwrap_or_else(|| backtick_run(line, i)),
            b'<' => match br_len(&line.as_bytes()[i..]) {
                Some(len) => {
                    pieces.push(line[from..i].to_owned());
                    from = i + len;
                    len
                }
                None => 1,
            },
            _ => 1,
        };
    }
    pieces.push(line.get(from..).unwrap_or_default().to_owned());
    pieces
}

fn br_len(bytes: &[u8]) -> Option<usize> {
    let spaces = |at: usize| bytes.iter().skip(at).take_while(|b| **b == b' ').count();
    let mut at = 1 + usize::from(bytes.get(1) == Some(&b'/'));
    if !bytes.get(at..at + 2)?.eq_ignore_ascii_case(b"br") {
        return None;
    }
    at += 2;
    at += spaces(at);
    at += usize::from(bytes.get(at) == Some(&b'/'));
    at += spaces(at);
    (bytes.get(at) == Some(&b'>')).then_some(at + 1)
}

fn backtick_run(text: &str, at: usize) -> usize {
    text.as_bytes().iter().skip(at).take_while(|b| **b == b'`').count()
}

/// The length of the code span opening at `at`: up to the next run of exactly as many backticks.
fn code_span_len(text: &str, at: usize) -> Option<usize> {
    let run = backtick_run(text, at);
    let mut i = at + run;
    while let Some(found) = text.get(i..)?.find('`') {
        let close = backtick_run(text, i + found);
        if close == run {
            return Some(i + found + close - at);
        }
        i += found + close;
    }
    None
}

fn escape_inline(text: &str, links: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
        let rest = &text[i..];
        let verbatim = match c {
            '\\' => Some(1 + rest[1..].chars().next().filter(char::is_ascii_punctuation).map_or(0, char::len_utf8)),
            '`' => code_span_len(text, i),
            '<' => autolink_len(rest),
            _ => None,
        };
        let link = if c == '[' && links { markdown_link(rest, &mut out) } else { None };
        let url = if c == 'h' { bare_url_len(rest) } else { None };
        i += if let Some(len) = verbatim {
            out.push_str(&rest[..len]);
            len
        } else if let Some(len) = link {
            len
        } else if let Some(len) = url {
            // A lone backslash before would escape the `<`.
            if (out.len() - out.trim_end_matches('\\').len()) % 2 == 1 {
                out.push('\\');
            }
            out.push_str(&format!("<{}>", &rest[..len]));
            len
        } else if c == '`' {
            // Unmatched here, so it must not pair with a backtick beyond this paragraph in rustdoc's view.
            let run = backtick_run(text, i);
            out.push_str(&"\\`".repeat(run));
            run
        } else {
            if matches!(c, '<' | '>' | '[' | ']') {
                out.push('\\');
            }
            out.push(c);
            c.len_utf8()
        };
    }
    out
}

/// `<http://…>` or `<https://…>`, kept as written.
fn autolink_len(rest: &str) -> Option<usize> {
    if !rest.starts_with("<http://") && !rest.starts_with("<https://") {
        return None;
    }
    let end = 1 + rest[1..].find(|c: char| c == '>' || c == '<' || c.is_whitespace() || c.is_control())?;
    rest[end..].starts_with('>').then_some(end + 1)
}

/// `[text](https://…)`: writes the link with its text escaped and returns the length read.
fn markdown_link(rest: &str, out: &mut String) -> Option<usize> {
    let label_end = rest.find(']')?;
    let label = &rest[1..label_end];
    if label.trim().is_empty() || label.contains(['[', '`', '\\', '\n']) || label.contains("http") {
        return None;
    }
    let target = rest[label_end..].strip_prefix("](")?;
    if !target.starts_with("http://") && !target.starts_with("https://") {
        return None;
    }
    let mut depth = 0isize;
    let url = target.find(|c: char| {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        depth < 0 || c.is_whitespace() || c.is_control() || "<>\"`".contains(c)
    })?;
    target[url..].starts_with(')').then_some(())?;
    out.push_str(&format!("[{}]({})", escape_inline(label, false), &target[..url]));
    Some(label_end + 2 + url + 1)
}

/// The length of a bare `http(s)://` URL at the start of `rest`: up to whitespace or a character that cannot be
/// in an autolink, without trailing punctuation and without a closing bracket that the URL did not open.
fn bare_url_len(rest: &str) -> Option<usize> {
    let scheme = ["http://", "https://"].into_iter().find(|scheme| rest.starts_with(scheme))?.len();
    let end = rest.find(|c: char| c.is_whitespace() || c.is_control() || "<>\"`".contains(c)).unwrap_or(rest.len());
    let mut url = &rest[..end];
    loop {
        let unbalanced =
            |open: char, close: char| url.ends_with(close) && url.matches(close).count() > url.matches(open).count();
        if url.ends_with(['.', ',', ';', ':', '!', '?', '\'', '*']) || unbalanced('(', ')') || unbalanced('[', ']') {
            url = &url[..url.len() - 1];
        } else {
            return (url.len() > scheme).then_some(url.len());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_items_continued_after_a_break_stay_in_the_item() {
        assert_eq!(
            super::doc_lines("* first item<br> continues here\n- second\nlazy line\n\nafter"),
            [" * first item", "   continues here", " - second", "   lazy line", "", " after"]
        );
        assert_eq!(super::doc_lines("1. one\ntwo"), [" 1. one", "    two"]);
    }

    use super::*;

    fn check(cases: &[(&str, &[&str])]) {
        for (input, expected) in cases {
            let expected: Vec<String> =
                expected.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect();
            assert_eq!(doc_lines(input), expected, "input: {input:?}");
        }
    }

    #[test]
    fn whitespace_and_control_characters() {
        check(&[
            ("", &[]),
            ("\n \n\t\n", &[]),
            ("a\r\nb\rc", &["a", "b", "c"]),
            ("\n\na  \n\n\n\nb\t\n\n", &["a", "", "b"]),
            ("a\tb", &["a    b"]),
            ("a\u{0}b\u{7}c\u{1b}[0m\u{202e}d", &["abc\\[0md"]),
            ("*/ /* \" \\ #[doc = \"x\"] #![allow]", &["*/ /* \" \\ #\\[doc = \"x\"\\] #!\\[allow\\]"]),
            ("a \\[x] \\\\<b> \\é", &["a \\[x\\] \\\\\\<b\\> \\é"]),
        ]);
        let long = "word ".repeat(2000);
        let lines = doc_lines(&long);
        assert_eq!(lines.len(), 10_000usize.div_ceil(80));
        assert!(lines.iter().all(|line| line.len() <= 81 && line.starts_with(" word")), "{lines:?}");
        assert_eq!(lines.join(" ").split_whitespace().count(), 2000);
    }

    #[test]
    fn html_links_and_urls() {
        check(&[
            ("a<br>b<BR/>c<br />d</br>e", &["a", "b", "c", "d", "e"]),
            ("a<br><br>b", &["a", "", "b"]),
            ("a<br>\nb<br><br>\nc<br>", &["a", "b", "", "c"]),
            ("> quote\n>     x", &["\\> quote", "\\>     x"]),
            ("<div>\n\n    x\n</div>", &["\\<div\\>", "", "x", "\\</div\\>"]),
            ("| a `b | c` <T> |\n|---|:-:|\n| `x|y` |", &["| a \\`b | c\\` \\<T\\> |", "|---|:-:|", "| \\`x|y\\` |"]),
            ("a `b\n- c` <T>", &["a \\`b", "- c\\` \\<T\\>"]),
            ("use `<br>` here", &["use `<br>` here"]),
            ("<b>bold</b> <unclosed", &["\\<b\\>bold\\</b\\> \\<unclosed"]),
            ("a -> b, Vec<T>", &["a -\\> b, Vec\\<T\\>"]),
            ("see [docs] or [1]", &["see \\[docs\\] or \\[1\\]"]),
            ("`[x] <T>` and ``a ` b``", &["`[x] <T>` and ``a ` b``"]),
            ("`open\nclose <T>` <T>", &["`open", "close <T>` \\<T\\>"]),
            ("see https://a.example/x.", &["see <https://a.example/x>."]),
            ("(https://a.example/f(x)), then", &["(<https://a.example/f(x)>), then"]),
            ("http://a.b/c?d=1&e=[2];", &["<http://a.b/c?d=1&e=[2]>;"]),
            ("<https://a.example> stays", &["<https://a.example> stays"]),
            ("[the docs](https://a.example/p_(1)) [x](y)", &["[the docs](https://a.example/p_(1)) \\[x\\](y)"]),
            ("[<b>](https://a.example)", &["[\\<b\\>](https://a.example)"]),
            ("https:// alone", &["https:// alone"]),
            ("<a href=\"https://a.example\">x</a>", &["\\<a href=\"<https://a.example>\"\\>x\\</a\\>"]),
        ]);
    }

    #[test]
    fn code_blocks() {
        check(&[
            ("```\nlet x = 1;\n```", &["```text", "let x = 1;", "```"]),
            ("~~~~ rust,no_run\nx\n~~~~", &["~~~~text", "x", "~~~~"]),
            ("```should-panic\nx\n```", &["```text", "x", "```"]),
            ("```edition2021\n```", &["```text", "```"]),
            (
                "```c++\n```\n~~~json title=x\n~~~\n```{.rust}\n```\n~~~<b>\n~~~",
                &["```c++", "```", "~~~text", "~~~", "```text", "```", "~~~text", "~~~"],
            ),
            ("```json\n{\"a\": [1]}\n\n\n  <b>\n```", &["```json", "{\"a\": [1]}", "", "", "  <b>", "```"]),
            ("```sh\ncurl https://a.b\n````", &["```sh", "curl https://a.b", "```"]),
            ("```\nunclosed", &["```text", "unclosed", "```"]),
            ("```\n~~~\n```", &["```text", "~~~", "```"]),
            ("text ``` not a fence ```", &["text ``` not a fence ```"]),
            ("    let x = 1;\n\n        y();", &["let x = 1;", "", "y();"]),
            ("para\n\n      indented", &["para", "", "indented"]),
            ("a<br>~~~<br>code<br>~~~", &["a", "~~~text", "code", "~~~"]),
            ("a<br>```<br>b<br>```", &["a", "```<br>b<br>```"]),
            ("- item:\n  ```\n  code\n  ```", &["- item:", "  ```text", "  code", "  ```"]),
            ("- ```\nx\n```", &["- ```text", "  x", "  ```"]),
            ("1. ```yaml\n   a: 1\n      ```", &["1. ```yaml", "   a: 1", "   ```"]),
            ("-      code", &["- code"]),
            ("1.     code <T>", &["1. code \\<T\\>"]),
            ("text\n5. ```\n\n    x <T>", &["text", "5. \\`\\`\\`", "", "x \\<T\\>"]),
            ("    ```\n    code\n    ```", &["```text", "    code", "```"]),
        ]);
    }

    #[test]
    fn prose_is_wrapped_near_eighty_columns() {
        let words = "a fairly long sentence that goes on and on, well past the width a reader can take in at once";
        check(&[
            (
                words,
                &["a fairly long sentence that goes on and on, well past the width a reader can", "take in at once"],
            ),
            (
                &format!("- {words}"),
                &[
                    "- a fairly long sentence that goes on and on, well past the width a reader can",
                    "  take in at once",
                ],
            ),
            (
                &format!("10. {words}"),
                &[
                    "10. a fairly long sentence that goes on and on, well past the width a reader can",
                    "    take in at once",
                ],
            ),
            (&format!("# {words}"), &[&format!("# {words}")]),
            (&format!("| h |\n|---|\n| {words} |"), &["| h |", "|---|", &format!("| {words} |")]),
            (&format!("```\n{words}\n```"), &["```text", words, "```"]),
            (
                "**Bold** then a sentence long enough to need breaking somewhere near the end of it",
                &["**Bold** then a sentence long enough to need breaking somewhere near the end of", "it"],
            ),
            // A paragraph with a line too long is filled again; one without is left as written.
            (
                &format!("{words}\nand more\n\nshort\nlines"),
                &[
                    "a fairly long sentence that goes on and on, well past the width a reader can",
                    "take in at once and more",
                    "",
                    "short",
                    "lines",
                ],
            ),
        ]);
        // No continuation line starts what Markdown would read as a block.
        let risky = format!("{} - 1. # = > | ``` ~~~ 2 rest", "x".repeat(76));
        check(&[(&risky, &[&format!("{} - 1. # = \\> | \\`\\`\\` ~~~ 2", "x".repeat(76)), "rest"])]);
        // A list marker is never left alone on its line.
        let word = "x".repeat(90);
        check(&[(&format!("- {word} y"), &[&format!("- {word}"), "  y"])]);
        let url = format!("see https://a.example/{}", "p".repeat(100));
        check(&[(&url, &[&format!("see <https://a.example/{}>", "p".repeat(100))])]);
    }

    #[test]
    fn nasty_description() {
        let input = "Returns the <b>payment</b>.<br/>See [docs] at https://api.example.com/v1/docs.\r\n\r\n\r\n\
            \tExample:\r\n\r\n    let x = Foo::new();\r\n\r\n```\r\nfn main() { panic!() }\r\n```\r\n\
            ```json\r\n{\"imp_uid\": \"x\"}\r\n```\r\n*/ \"quoted\" \\n `<T>` #[doc = \"\"] <script>\r\n\r\n";
        let expected = " Returns the \\<b\\>payment\\</b\\>.\n See \\[docs\\] at <https://api.example.com/v1/docs>.\n\n \
            Example:\n\n let x = Foo::new();\n\n ```text\n fn main() { panic!() }\n ```\n ```json\n {\"imp_uid\": \"x\"}\n \
            ```\n */ \"quoted\" \\n `<T>` #\\[doc = \"\"\\] \\<script\\>";
        assert_eq!(doc_lines(input).join("\n"), expected);
    }

    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "`~<>[]()\\/ \n\r\t-*+1.#=h:ps\u{e9}\u{1f600}\u{0}\u{202e}br".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3000 {
            let text: String = (0..(seed % 40))
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            for line in doc_lines(&text) {
                assert!(line.is_empty() || line.starts_with(' '), "{text:?}");
                assert!(!line.contains(['\n', '\r', '\0', '\u{202e}']) && line.trim_end() == line, "{text:?}");
            }
        }
    }
}
