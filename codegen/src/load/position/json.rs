//! A small JSON scanner that reports node events with positions.
//!
//! serde_json keeps no positions for values, so this reads the text once
//! more: strings (with escapes, for keys), nesting, and scalar tokens. It is
//! lenient where the loader is strict (a spec that does not parse already
//! has a located syntax error) and stops at the first thing it cannot read.

use std::borrow::Cow;

use super::walk::{Event, Pos, Walk};

/// Feeds the events of the JSON document `text` to `walk` until the walk
/// has found everything, the document ends, or the text stops being JSON.
pub fn scan(text: &str, walk: &mut Walk<'_>) {
    let mut scanner = Scanner { bytes: text.as_bytes(), at: 0, cursor: Cursor { at: 0, line: 1, column: 1 } };
    let _ = scanner.document(walk);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Value,
    ValueOrEnd,
    Key,
    KeyOrEnd,
    CommaOrEnd,
}

/// Line and column of a byte offset, advanced incrementally: positions are
/// asked for in increasing order, so the whole text is counted once.
struct Cursor {
    at: usize,
    line: usize,
    column: usize,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    cursor: Cursor,
}

impl Scanner<'_> {
    /// `None` when the text stops being JSON (or the walk is done).
    fn document(&mut self, walk: &mut Walk<'_>) -> Option<()> {
        // `true` for an object.
        let mut open: Vec<bool> = Vec::new();
        let mut expect = Expect::Value;
        loop {
            self.skip_whitespace();
            let byte = *self.bytes.get(self.at)?;
            let closes = |open: &[bool]| match open.last() {
                Some(true) => byte == b'}',
                Some(false) => byte == b']',
                None => false,
            };
            match expect {
                Expect::KeyOrEnd | Expect::ValueOrEnd | Expect::CommaOrEnd if closes(&open) => {
                    self.at += 1;
                    open.pop();
                    walk.event(Event::End);
                }
                Expect::CommaOrEnd if byte == b',' => {
                    self.at += 1;
                    expect = if open.last() == Some(&true) { Expect::Key } else { Expect::Value };
                    continue;
                }
                Expect::CommaOrEnd => return None,
                Expect::Key | Expect::KeyOrEnd => {
                    let pos = self.pos();
                    let key = self.string(true)?;
                    walk.event(Event::Scalar { text: Cow::Owned(key), plain: false, pos });
                    self.skip_whitespace();
                    if self.bytes.get(self.at) != Some(&b':') {
                        return None;
                    }
                    self.at += 1;
                    expect = Expect::Value;
                    continue;
                }
                Expect::Value | Expect::ValueOrEnd => {
                    let pos = self.pos();
                    match byte {
                        b'{' | b'[' => {
                            self.at += 1;
                            let map = byte == b'{';
                            walk.event(Event::Start { map, pos });
                            if !walk.skipping() {
                                open.push(map);
                                expect = if map { Expect::KeyOrEnd } else { Expect::ValueOrEnd };
                                continue;
                            }
                            // Most of a large document: no need to know what is in it.
                            self.skip_to_end()?;
                            walk.event(Event::End);
                        }
                        _ => {
                            if byte == b'"' {
                                self.string(false)?;
                            } else {
                                self.token()?;
                            }
                            walk.event(Event::Scalar { text: Cow::Borrowed(""), plain: false, pos });
                        }
                    }
                }
            }
            if open.is_empty() || walk.done() {
                return Some(());
            }
            expect = Expect::CommaOrEnd;
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Past the end of the object or array whose opening bracket was just
    /// read, without looking inside beyond strings and brackets.
    fn skip_to_end(&mut self) -> Option<()> {
        let mut depth = 1_usize;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.string(false)?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += 1;
                        return Some(());
                    }
                }
                _ => {}
            }
            self.at += 1;
        }
    }

    /// A number, `true`, `false` or `null` (not checked further).
    fn token(&mut self) -> Option<()> {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
            self.at += 1;
        }
        (self.at > start).then_some(())
    }

    /// A string starting at the current `"`; its decoded text when `decode`.
    fn string(&mut self, decode: bool) -> Option<String> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let start = self.at;
            while !matches!(self.bytes.get(self.at), Some(b'"' | b'\\') | None) {
                self.at += 1;
            }
            if decode {
                out.extend_from_slice(&self.bytes[start..self.at]);
            }
            match self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(String::from_utf8_lossy(&out).into_owned());
                }
                _ => {
                    let escaped = self.escape()?;
                    if decode {
                        out.extend_from_slice(escaped.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                }
            }
        }
    }

    /// The character of the escape at the current `\`.
    fn escape(&mut self) -> Option<char> {
        let kind = *self.bytes.get(self.at + 1)?;
        self.at += 2;
        Some(match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u") {
                    let saved = self.at;
                    self.at += 2;
                    match self.hex4()? {
                        low @ 0xDC00..0xE000 => {
                            return char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
                        }
                        _ => self.at = saved,
                    }
                }
                char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        self.at += 4;
        Some(value)
    }

    /// The position of the current byte.
    fn pos(&mut self) -> Pos {
        let cursor = &mut self.cursor;
        for &byte in self.bytes.get(cursor.at..self.at).unwrap_or_default() {
            if byte == b'\n' {
                cursor.line += 1;
                cursor.column = 1;
            } else if byte & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                cursor.column += 1;
            }
        }
        cursor.at = self.at;
        (cursor.line, cursor.column)
    }
}
