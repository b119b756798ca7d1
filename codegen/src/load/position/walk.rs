//! Following a document's node events down to the pointers asked for.
//!
//! The JSON scanner and the YAML parser both report a document as a stream
//! of [`Event`]s; [`Walk`] keeps the pointer of the current node and records
//! the position of every node whose pointer was asked for (or lies on the
//! way to one). Subtrees that no wanted pointer goes into are skipped
//! without building their pointers, so indexing costs little beyond the
//! parse itself.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A 1-based line and column (the column counted in characters).
pub type Pos = (usize, usize);

/// One node boundary of a document.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// A scalar. `plain` marks an unquoted, untagged YAML scalar, whose text
    /// as a key goes through YAML's type resolution (`200`, `0x1F`, `~`).
    Scalar { text: Cow<'a, str>, plain: bool, pos: Pos },
    /// The start of an object (`map`) or an array.
    Start { map: bool, pos: Pos },
    /// The end of the innermost open object or array.
    End,
}

/// What an open object expects next.
enum Pending {
    Key,
    /// A value, for the entry with this escaped key and key position; `None`
    /// when the key cannot be named in a pointer (an object used as a key).
    Value(Option<(String, Pos)>),
}

enum Frame {
    /// An object on a wanted path; `base` is the length of the parent's pointer.
    Map { pending: Pending, base: usize },
    /// An array on a wanted path.
    Seq { next: usize, base: usize },
    /// Nested collections that no wanted pointer goes into.
    Skip { depth: usize },
}

/// The walk over one document.
pub struct Walk<'w> {
    wanted: &'w HashSet<String>,
    resolve: fn(&str) -> String,
    found: HashMap<String, Pos>,
    path: String,
    frames: Vec<Frame>,
}

impl<'w> Walk<'w> {
    /// A walk looking for `wanted` (canonical pointers without `#`, the root
    /// being the empty string). `resolve` turns a plain YAML key into the
    /// key the loader makes of it.
    pub fn new(wanted: &'w HashSet<String>, resolve: fn(&str) -> String) -> Self {
        let mut found = HashMap::new();
        if wanted.contains("") {
            found.insert(String::new(), (1, 1));
        }
        Walk { wanted, resolve, found, path: String::new(), frames: Vec::new() }
    }

    /// Whether every wanted pointer has been found.
    pub fn done(&self) -> bool {
        self.found.len() >= self.wanted.len()
    }

    /// Whether the collection that just started holds nothing wanted: a
    /// scanner may then jump to its end and report only the [`Event::End`].
    pub fn skipping(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Skip { .. }))
    }

    /// What was found.
    pub fn into_found(self) -> HashMap<String, Pos> {
        self.found
    }

    /// Takes in the next event.
    pub fn event(&mut self, event: Event<'_>) {
        match event {
            Event::End => self.end(),
            Event::Scalar { text, plain, pos } => self.node(None, Some((text, plain)), pos),
            Event::Start { map, pos } => self.node(Some(map), None, pos),
        }
    }

    /// A node starts: a scalar (`key_text`) or a collection (`collection`,
    /// `true` for an object).
    fn node(&mut self, collection: Option<bool>, key_text: Option<(Cow<'_, str>, bool)>, pos: Pos) {
        let entry = match self.frames.last_mut() {
            None => {
                if let Some(map) = collection {
                    self.frames.push(container(map, 0));
                }
                return;
            }
            Some(Frame::Skip { depth }) => {
                *depth += usize::from(collection.is_some());
                return;
            }
            Some(Frame::Map { pending: pending @ Pending::Key, .. }) => {
                match key_text {
                    Some((text, plain)) => {
                        let key = if plain { (self.resolve)(&text) } else { text.into_owned() };
                        *pending = Pending::Value(Some((crate::pointer::escape(&key).into_owned(), pos)));
                    }
                    None => {
                        *pending = Pending::Value(None);
                        self.frames.push(Frame::Skip { depth: 1 });
                    }
                }
                return;
            }
            Some(Frame::Map { pending, .. }) => match std::mem::replace(pending, Pending::Key) {
                Pending::Value(entry) => entry,
                Pending::Key => None,
            },
            Some(Frame::Seq { next, .. }) => {
                *next += 1;
                Some(((*next - 1).to_string(), pos))
            }
        };
        let Some((segment, at)) = entry else {
            if collection.is_some() {
                self.frames.push(Frame::Skip { depth: 1 });
            }
            return;
        };
        let base = self.path.len();
        self.path.push('/');
        self.path.push_str(&segment);
        let wanted = self.wanted.contains(&self.path);
        if wanted && !self.found.contains_key(&self.path) {
            self.found.insert(self.path.clone(), at);
        }
        match collection {
            Some(map) if wanted => self.frames.push(container(map, base)),
            Some(_) => {
                self.path.truncate(base);
                self.frames.push(Frame::Skip { depth: 1 });
            }
            None => self.path.truncate(base),
        }
    }

    fn end(&mut self) {
        match self.frames.pop() {
            Some(Frame::Skip { depth }) if depth > 1 => self.frames.push(Frame::Skip { depth: depth - 1 }),
            Some(Frame::Map { base, .. } | Frame::Seq { base, .. }) => self.path.truncate(base),
            Some(Frame::Skip { .. }) | None => {}
        }
    }
}

fn container(map: bool, base: usize) -> Frame {
    if map { Frame::Map { pending: Pending::Key, base } } else { Frame::Seq { next: 0, base } }
}
