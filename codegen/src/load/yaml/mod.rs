//! YAML text into a [`serde_json::Value`], straight from the events of
//! `saphyr-parser` (which also finds positions, so one parser reads YAML).
//!
//! It reads what serde_norway read, with the same messages where the
//! problem is not one of syntax: one document, scalars resolved by the core
//! schema ([`scalar`]), aliases expanded ([`events`]), `<<` an ordinary key,
//! local tags (`!thing`) refused, nesting at most 128 deep, duplicate keys
//! reported with the pointer of their object.

mod events;
mod reindent;
mod scalar;

use std::borrow::Cow;
use std::fmt::Write;

use serde_json::{Map, Value};

use crate::diag::{Diagnostics, Location, Problem};
pub use events::{Event, Events, Pos};
pub use scalar::{TagKind, key, plain_key};

/// How deeply mappings and sequences may nest (serde_norway's and serde_json's limit).
const MAX_DEPTH: usize = 128;

/// YAML read into a value.
#[derive(Debug)]
pub struct Parsed {
    /// The document.
    pub value: Value,
    /// The text as read, when lines had to be moved right to read it
    /// ([`reindent`]), and the 1-based numbers of those lines.
    pub reindented: Option<(String, Vec<usize>)>,
}

/// Parses `text`; problems are reported at `root`.
pub fn parse(text: &str, root: &Location) -> Result<Parsed, Diagnostics> {
    let mut read = read(text);
    let mut reindented = None;
    if let Err((message, Some(pos))) = &read.result
        && let Some(kind) = reindent::Misindented::of(message)
        && let Some((text, lines, again)) = read_reindented(text, kind, *pos)
    {
        read = again;
        reindented = Some((text, lines));
    }
    let mut diags = Diagnostics::new();
    for (pointer, key) in read.duplicates {
        diags.error(root.at(pointer), Problem::DuplicateKey(key));
    }
    match read.result {
        Ok(value) if !diags.has_errors() => Ok(Parsed { value, reindented }),
        Ok(_) => Err(diags),
        Err((message, position)) => {
            diags.error(Location { position, ..root.clone() }, Problem::Syntax(message));
            Err(diags)
        }
    }
}

/// Moves lines right until the text reads, or something else stops it;
/// `None` (the first error stands) when no line can be moved or too many would be.
fn read_reindented(text: &str, kind: reindent::Misindented, pos: Pos) -> Option<(String, Vec<usize>, Read)> {
    let mut text = text.to_owned();
    let mut lines = Vec::new();
    let (mut kind, mut pos) = (kind, pos);
    for _ in 0..reindent::max_reads(text.len()) {
        lines.extend(reindent::reindent(&mut text, kind, pos)?);
        let again = read(&text);
        let next = match &again.result {
            Err((message, Some(at))) => reindent::Misindented::of(message).map(|next| (next, *at)),
            _ => None,
        };
        match next {
            Some(next) => (kind, pos) = next,
            None => return Some((text, lines, again)),
        }
    }
    None
}

/// What one pass over the text found.
struct Read {
    result: Result<Value, Failure>,
    /// Pointers of objects with a duplicate key, and the key.
    duplicates: Vec<(String, String)>,
}

fn read(text: &str) -> Read {
    let mut builder = Builder { frames: Vec::new(), root: None, duplicates: Vec::new(), aliased: false };
    let mut events = Events::new(text);
    let result = loop {
        match events.next() {
            None => break Ok(builder.root.take().unwrap_or(Value::Null)),
            Some(Err(stop)) => break Err(stopped(stop)),
            Some(Ok(event)) => {
                if let Err(failure) = builder.event(event) {
                    break Err(failure);
                }
            }
        }
    };
    Read { result, duplicates: builder.duplicates }
}

/// A message and where it applies.
type Failure = (String, Option<Pos>);

fn stopped(stop: events::Stop) -> Failure {
    match stop {
        events::Stop::Syntax { message, pos } => (message, Some(pos)),
        events::Stop::Repetition => ("repetition limit exceeded".into(), None),
        events::Stop::MoreThanOneDocument => {
            ("deserializing from YAML containing more than one document is not supported".into(), None)
        }
    }
}

/// An open mapping or sequence.
enum Frame<'a> {
    Map { map: Map<String, Value>, key: Option<Key<'a>> },
    Seq(Vec<Value>),
}

/// The key of the entry whose value is being read.
struct Key<'a> {
    text: String,
    /// How serde_norway named the entry in messages, when that is not
    /// `text`: the scalar as written (`0x1F`), or `?` for an alias.
    written: Option<Cow<'a, str>>,
}

struct Builder<'a> {
    frames: Vec<Frame<'a>>,
    root: Option<Value>,
    /// Pointers of objects with a duplicate key, and the key.
    duplicates: Vec<(String, String)>,
    /// The next node is the copy an alias makes.
    aliased: bool,
}

impl<'a> Builder<'a> {
    fn event(&mut self, event: Event<'a>) -> Result<(), Failure> {
        match event {
            Event::Alias { .. } => self.aliased = true,
            Event::Cycle { anchor, .. } => return Err(("recursion limit exceeded".into(), Some(anchor))),
            Event::Scalar { text, style, tag, pos } => {
                let aliased = std::mem::take(&mut self.aliased);
                let is_key = self.wants_key();
                if tag == TagKind::Local {
                    return Err(self.refused(enum_message(is_key), pos, is_key));
                }
                if is_key {
                    let resolved = scalar::key(&text, style, tag).map_err(|m| self.refused(m, pos, true))?;
                    let (text, written) = match resolved {
                        None => (text.into_owned(), None),
                        Some(key) => (key, Some(text)),
                    };
                    let written = if aliased { Some(Cow::Borrowed("?")) } else { written };
                    if let Some(Frame::Map { key, .. }) = self.frames.last_mut() {
                        *key = Some(Key { text, written });
                    }
                } else {
                    let value = scalar::value(text, style, tag).map_err(|m| self.refused(m, pos, false))?;
                    self.complete(value);
                }
            }
            Event::Start { map, tag, pos } => {
                self.aliased = false;
                let is_key = self.wants_key();
                if tag == TagKind::Local {
                    return Err(self.refused(enum_message(is_key), pos, is_key));
                }
                if self.frames.len() >= MAX_DEPTH {
                    return Err(("recursion limit exceeded".into(), Some(pos)));
                }
                if is_key {
                    let what = if map { "an object" } else { "an array" };
                    return Err(self.refused(format!("{what} cannot be used as a key"), pos, true));
                }
                self.frames.push(if map { Frame::Map { map: Map::new(), key: None } } else { Frame::Seq(Vec::new()) });
            }
            Event::End => {
                let value = match self.frames.pop() {
                    Some(Frame::Map { map, .. }) => Value::Object(map),
                    Some(Frame::Seq(items)) => Value::Array(items),
                    None => return Ok(()),
                };
                self.complete(value);
            }
        }
        Ok(())
    }

    /// Whether the next node is the key of a mapping entry.
    fn wants_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Map { key: None, .. }))
    }

    /// A node is read: an item, an entry's value, or the document.
    fn complete(&mut self, value: Value) {
        match self.frames.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq(items)) => items.push(value),
            Some(Frame::Map { map, key }) => {
                let Some(key) = key.take() else { return };
                if map.contains_key(&key.text) {
                    let pointer = self.pointer();
                    self.duplicates.push((pointer, key.text));
                } else {
                    map.insert(key.text, value);
                }
            }
        }
    }

    /// The JSON pointer of the innermost open mapping or sequence.
    fn pointer(&self) -> String {
        let mut out = String::from("#");
        for frame in &self.frames[..self.frames.len().saturating_sub(1)] {
            out.push('/');
            match frame {
                Frame::Map { key, .. } => out.push_str(&crate::pointer::escape(key.as_ref().map_or("", |k| &k.text))),
                Frame::Seq(items) => {
                    let _ = write!(out, "{}", items.len());
                }
            }
        }
        out
    }

    /// `message` about the node at `pos`, prefixed as serde_norway did with
    /// the dotted path (`paths./a.get`) of the node or, for a key, of its
    /// mapping.
    fn refused(&self, message: String, pos: Pos, is_key: bool) -> Failure {
        let frames = if is_key { &self.frames[..self.frames.len() - 1] } else { &self.frames[..] };
        // `None` for the document itself.
        let mut path: Option<String> = None;
        for frame in frames {
            path = Some(match (frame, path) {
                (Frame::Map { key, .. }, path) => {
                    let key = key.as_ref().map_or("", |k| k.written.as_deref().unwrap_or(&k.text));
                    path.map_or_else(|| key.to_owned(), |path| format!("{path}.{key}"))
                }
                (Frame::Seq(items), path) => format!("{}[{}]", path.as_deref().unwrap_or("."), items.len()),
            });
        }
        match path {
            Some(path) if path != "." => (format!("{path}: {message}"), Some(pos)),
            _ => (message, Some(pos)),
        }
    }
}

/// What serde_norway said of a node with a local tag, which it read as an enum.
fn enum_message(is_key: bool) -> String {
    let expected = if is_key { "a string, number or boolean key" } else { "any JSON or YAML value" };
    format!("invalid type: enum, expected {expected}")
}

#[cfg(test)]
mod tests;
