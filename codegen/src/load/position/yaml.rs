//! YAML node events with positions, from the loader's own YAML reader.
//!
//! Aliases: the loader expands `*name` into a copy of the anchored node, so
//! pointers go through aliases. An alias node itself is placed where the
//! alias is written; the nodes inside it are placed where the anchored node
//! writes them. An alias inside the node it names (refused by the loader)
//! is one node. Only the first document of a stream is read (the loader
//! refuses streams of several).

use saphyr_parser::ScalarStyle;

use super::walk::{Event, Walk};
use crate::load::yaml::{self, Events, TagKind};

/// Feeds the events of the first YAML document in `text` to `walk` until the
/// walk has found everything, the document ends, or the text stops being
/// YAML.
pub fn scan(text: &str, walk: &mut Walk<'_>) {
    let mut events = Events::new(text);
    // Where the alias that makes the next node is written.
    let mut alias = None;
    while let Some(Ok(event)) = events.next() {
        let event = match event {
            yaml::Event::Alias { pos } => {
                alias.get_or_insert(pos);
                continue;
            }
            yaml::Event::Scalar { text, style, tag, pos } => {
                let pos = alias.take().unwrap_or(pos);
                match tag {
                    TagKind::None => Event::Scalar { text, plain: style == ScalarStyle::Plain, pos },
                    // Tagged keys are rare: resolved here rather than by the walk.
                    _ => match yaml::key(&text, style, tag) {
                        Ok(Some(key)) => Event::Scalar { text: key.into(), plain: false, pos },
                        _ => Event::Scalar { text, plain: false, pos },
                    },
                }
            }
            yaml::Event::Cycle { pos, .. } => {
                Event::Scalar { text: "".into(), plain: false, pos: alias.take().unwrap_or(pos) }
            }
            yaml::Event::Start { map, pos, .. } => Event::Start { map, pos: alias.take().unwrap_or(pos) },
            yaml::Event::End => Event::End,
        };
        walk.event(event);
        if walk.done() {
            return;
        }
    }
}
