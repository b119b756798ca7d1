//! YAML node events with positions, from `saphyr-parser`.
//!
//! serde_norway (which loads the spec) has no positions for values, so the
//! text is parsed a second time by an event parser that has them. Block and
//! flow styles, quoted and multi-line keys come out alike as events.
//!
//! Aliases: the loader expands `*name` into a copy of the anchored node, so
//! pointers go through aliases. An alias node itself is placed where the
//! alias is written; the nodes inside it are placed where the anchored node
//! writes them. Only the first document of a stream is read (the loader
//! refuses streams of several).

use std::collections::HashMap;

use saphyr_parser::{Event as Yaml, Parser, ScalarStyle};

use super::walk::{Event, Pos, Walk};

/// How many events expanding aliases may replay in all, so that a "billion
/// laughs" document cannot make indexing run for ever (the loader refuses
/// such documents anyway).
const REPLAY_BUDGET: usize = 1_000_000;
/// How deep aliases inside anchored nodes may be expanded.
const REPLAY_DEPTH: usize = 64;

/// A recorded event of an anchored node: aliases inside it stay aliases.
#[derive(Clone)]
enum Recorded<'a> {
    Event(Event<'a>),
    Alias(usize, Pos),
}

/// An anchored collection being recorded.
struct Recording<'a> {
    anchor: usize,
    depth: usize,
    events: Vec<Recorded<'a>>,
}

struct Anchors<'a> {
    done: HashMap<usize, Vec<Recorded<'a>>>,
    open: Vec<Recording<'a>>,
    budget: usize,
}

/// Feeds the events of the first YAML document in `text` to `walk` until the
/// walk has found everything, the document ends, or the text stops being
/// YAML.
pub fn scan(text: &str, walk: &mut Walk<'_>) {
    let mut anchors = Anchors { done: HashMap::new(), open: Vec::new(), budget: REPLAY_BUDGET };
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { return };
        let pos = (span.start.line(), span.start.col() + 1);
        let (event, anchor) = match event {
            Yaml::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return;
                }
                continue;
            }
            Yaml::StreamEnd | Yaml::DocumentEnd => return,
            Yaml::Alias(id) => {
                anchors.record(&Recorded::Alias(id, pos), 0);
                anchors.replay(id, pos, walk, 0);
                if walk.done() {
                    return;
                }
                continue;
            }
            Yaml::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                (Event::Scalar { text, plain, pos }, anchor)
            }
            Yaml::SequenceStart(anchor, _) => (Event::Start { map: false, pos }, anchor),
            Yaml::MappingStart(anchor, _) => (Event::Start { map: true, pos }, anchor),
            Yaml::SequenceEnd | Yaml::MappingEnd => (Event::End, 0),
            Yaml::StreamStart | Yaml::Nothing => continue,
        };
        anchors.record(&Recorded::Event(event.clone()), anchor);
        walk.event(event);
        if walk.done() {
            return;
        }
    }
}

impl<'a> Anchors<'a> {
    /// Adds `event` to every anchored node being recorded, and starts
    /// recording when it is the start of one (`anchor` is not 0).
    fn record(&mut self, event: &Recorded<'a>, anchor: usize) {
        let change = match event {
            Recorded::Event(Event::Start { .. }) => 1,
            Recorded::Event(Event::End) => -1,
            _ => 0,
        };
        let mut finished = Vec::new();
        for (i, recording) in self.open.iter_mut().enumerate() {
            recording.events.push(event.clone());
            recording.depth = recording.depth.saturating_add_signed(change);
            if recording.depth == 0 {
                finished.push(i);
            }
        }
        // Only the innermost recordings can finish on one event; remove from the end.
        for i in finished.into_iter().rev() {
            let recording = self.open.remove(i);
            self.done.insert(recording.anchor, recording.events);
        }
        if anchor != 0 {
            match event {
                Recorded::Event(Event::Start { .. }) => {
                    self.open.push(Recording { anchor, depth: 1, events: vec![event.clone()] });
                }
                _ => {
                    self.done.insert(anchor, vec![event.clone()]);
                }
            }
        }
    }

    /// Feeds the anchored node `id` to `walk` as if it were written at `pos`.
    fn replay(&mut self, id: usize, pos: Pos, walk: &mut Walk<'_>, depth: usize) {
        let events = match self.done.get(&id) {
            Some(events) if depth < REPLAY_DEPTH && self.budget >= events.len() => events.clone(),
            // An unknown or too deep alias is still one node.
            _ => vec![Recorded::Event(Event::Scalar { text: "".into(), plain: false, pos })],
        };
        self.budget = self.budget.saturating_sub(events.len());
        for (i, event) in events.into_iter().enumerate() {
            match event {
                Recorded::Event(event) => walk.event(if i == 0 { event.moved(pos) } else { event }),
                Recorded::Alias(inner, at) => self.replay(inner, if i == 0 { pos } else { at }, walk, depth + 1),
            }
        }
    }
}
