//! Line and column of JSON pointers in a spec's source text.
//!
//! The loaders keep no positions for values, so diagnostics name nodes by
//! JSON pointer; this finds where such a node is written. A mapping entry
//! is placed at its key (the `maxLength:` of `maxLength: "88"`), an array
//! item at the item, the root at 1:1. Columns count characters, not bytes.
//!
//! [`Positions::index`] reads the text once for a whole batch of pointers,
//! so filling in the diagnostics of a stage costs one extra parse, and only
//! when there are diagnostics.

mod json;
mod walk;
mod yaml;

use std::collections::{HashMap, HashSet};

pub use walk::Pos;

use super::value::Format;
// The tests compare with what the loader reads.
#[cfg(test)]
use super::value;
use crate::diag::Diagnostics;

/// The positions of some pointers in one source text.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    found: HashMap<String, Pos>,
}

impl Positions {
    /// Reads `text` (in `format`) once and finds `pointers` (`#/paths/~1a`,
    /// RFC 6901 escaping, with or without the `#`) and every node on the way
    /// to them. Never fails: what cannot be found is left out.
    pub fn index<'p>(text: &str, format: Format, pointers: impl IntoIterator<Item = &'p str>) -> Positions {
        let mut wanted = HashSet::from([String::new()]);
        for segments in pointers.into_iter().filter_map(segments) {
            let mut path = String::new();
            for segment in segments {
                path.push('/');
                path.push_str(&crate::pointer::escape(&segment));
                wanted.insert(path.clone());
            }
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut walk = walk::Walk::new(&wanted, super::yaml::plain_key);
        match format {
            Format::Json => json::scan(text, &mut walk),
            Format::Yaml => yaml::scan(text, &mut walk),
        }
        Positions { found: walk.into_found() }
    }

    /// The position of the node at `pointer`, if it was asked for and found.
    pub fn get(&self, pointer: &str) -> Option<Pos> {
        self.found.get(&canonical(&segments(pointer)?)).copied()
    }

    /// The position of the node at `pointer` or, when that node does not
    /// exist (a required field that is missing), of its deepest ancestor
    /// other than the root. The root itself stands for the whole document;
    /// a caret at 1:1 would blame the first line, so it gets no position.
    pub fn nearest(&self, pointer: &str) -> Option<Pos> {
        let mut segments = segments(pointer)?;
        while !segments.is_empty() {
            if let Some(pos) = self.found.get(&canonical(&segments)) {
                return Some(*pos);
            }
            segments.pop();
        }
        None
    }
}

/// The line and column of the node at `pointer` in `text`, or `None` when
/// there is no such node (or the pointer is malformed).
pub fn locate(text: &str, format: Format, pointer: &str) -> Option<Pos> {
    Positions::index(text, format, [pointer]).get(pointer)
}

/// Fills in the position of every diagnostic about `file` that has none,
/// reading `text` once (and not at all when there is nothing to fill in).
pub fn fill(diags: &mut Diagnostics, file: &str, text: &str, format: Format) {
    let pointers: Vec<String> = diags
        .iter()
        .filter(|d| d.location.file == file && d.location.position.is_none() && d.location.pointer != "#")
        .map(|d| d.location.pointer.clone())
        .collect();
    if pointers.is_empty() {
        return;
    }
    let positions = Positions::index(text, format, pointers.iter().map(String::as_str));
    diags.locate(file, |pointer| positions.nearest(pointer));
}

/// The unescaped segments of `pointer`, or `None` when it is not a JSON
/// pointer (`~` not followed by `0` or `1`, or no leading `/`).
/// Percent-encoding of the URI fragment form is not decoded: diagnostics
/// write pointers unencoded.
fn segments(pointer: &str) -> Option<Vec<String>> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    pointer.strip_prefix('/')?.split('/').map(unescape).collect()
}

fn unescape(segment: &str) -> Option<String> {
    let mut out = String::with_capacity(segment.len());
    let mut chars = segment.chars();
    while let Some(c) = chars.next() {
        out.push(if c != '~' {
            c
        } else {
            match chars.next()? {
                '0' => '~',
                '1' => '/',
                _ => return None,
            }
        });
    }
    Some(out)
}

fn canonical(segments: &[String]) -> String {
    segments.iter().map(|s| format!("/{}", crate::pointer::escape(s))).collect()
}

#[cfg(test)]
mod tests;
