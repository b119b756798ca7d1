//! The node events of the first document of a YAML stream, with aliases
//! expanded, from `saphyr-parser`.
//!
//! An alias is replayed as the events of its anchored node, as serde_norway
//! (libyaml) did, under the same limit: replays may jump to anchors at most
//! 100 times per event read, which stops a "billion laughs" document early.
//! An anchored node is recorded with the aliases inside it left as aliases,
//! so recording costs no more than the anchored text itself. An alias inside
//! the node it names, which would replay for ever, is an [`Event::Cycle`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use saphyr_parser::{Event as Yaml, Parser, ScalarStyle, StrInput, Tag};

use super::scalar::TagKind;

/// A 1-based line and column (the column counted in characters).
pub type Pos = (usize, usize);

/// How many jumps to an anchor each event read allows (serde_norway's limit).
const JUMPS_PER_EVENT: usize = 100;

/// One node boundary of the document.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// A scalar.
    Scalar { text: Cow<'a, str>, style: ScalarStyle, tag: TagKind, pos: Pos },
    /// The start of a mapping (`map`) or a sequence.
    Start { map: bool, tag: TagKind, pos: Pos },
    /// The end of the innermost open mapping or sequence.
    End,
    /// The next node is a copy of an anchored node, for an alias written at `pos`.
    Alias { pos: Pos },
    /// An alias written at `pos` inside the node it names, which starts at `anchor`.
    Cycle { pos: Pos, anchor: Pos },
}

/// Why the events stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The text is not YAML.
    Syntax { message: String, pos: Pos },
    /// Aliases were expanded past the limit.
    Repetition,
    /// The stream has a second document.
    MoreThanOneDocument,
}

/// A recorded event of an anchored node: aliases inside it stay aliases.
#[derive(Debug, Clone)]
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

/// The events of the first document of a YAML text.
pub struct Events<'a> {
    parser: Parser<'a, StrInput<'a>>,
    /// Events read from the text (not replayed), as serde_norway counted them.
    read: usize,
    jumps: usize,
    started: bool,
    /// The first document has ended, or the events have stopped.
    ended: bool,
    stopped: bool,
    anchors: HashMap<usize, Rc<[Recorded<'a>]>>,
    open: Vec<Recording<'a>>,
    /// Anchored nodes being replayed, innermost last, with the index of the next event.
    replaying: Vec<(Rc<[Recorded<'a>]>, usize)>,
}

impl<'a> Events<'a> {
    /// The events of `text` (without a byte order mark).
    pub fn new(text: &'a str) -> Self {
        Events {
            parser: Parser::new_from_str(text),
            read: 0,
            jumps: 0,
            started: false,
            ended: false,
            stopped: false,
            anchors: HashMap::new(),
            open: Vec::new(),
            replaying: Vec::new(),
        }
    }

    /// The next event; `None` at the end of a stream of one document. After
    /// a [`Stop`], `None`.
    pub fn next(&mut self) -> Option<Result<Event<'a>, Stop>> {
        if self.stopped {
            return None;
        }
        let next = self.next_event();
        if matches!(next, Some(Err(_))) {
            self.stopped = true;
        }
        next
    }

    fn next_event(&mut self) -> Option<Result<Event<'a>, Stop>> {
        loop {
            if let Some((events, at)) = self.replaying.last_mut() {
                let Some(recorded) = events.get(*at).cloned() else {
                    self.replaying.pop();
                    continue;
                };
                *at += 1;
                return Some(match recorded {
                    Recorded::Event(event) => Ok(event),
                    Recorded::Alias(id, pos) => self.jump(id, pos),
                });
            }
            let (event, span) = match self.parser.next()? {
                Ok(next) => next,
                // Whatever follows the first document but the end of the stream is another document.
                Err(_) if self.ended => return Some(Err(Stop::MoreThanOneDocument)),
                Err(e) => {
                    let pos = (e.marker().line(), e.marker().col() + 1);
                    return Some(Err(Stop::Syntax { message: e.info().to_owned(), pos }));
                }
            };
            let pos = (span.start.line(), span.start.col() + 1);
            if self.ended {
                return match event {
                    Yaml::StreamEnd => None,
                    _ => Some(Err(Stop::MoreThanOneDocument)),
                };
            }
            let (event, anchor) = match event {
                Yaml::StreamStart | Yaml::Nothing => continue,
                Yaml::StreamEnd => return None,
                Yaml::DocumentStart(_) if !self.started => {
                    self.started = true;
                    continue;
                }
                Yaml::DocumentStart(_) => return Some(Err(Stop::MoreThanOneDocument)),
                Yaml::DocumentEnd => {
                    self.ended = true;
                    continue;
                }
                Yaml::Alias(id) => {
                    self.read += 1;
                    if let Some(open) = self.open.iter().find(|r| r.anchor == id) {
                        let anchor = match open.events.first() {
                            Some(Recorded::Event(Event::Start { pos, .. })) => *pos,
                            _ => pos,
                        };
                        let cycle = Event::Cycle { pos, anchor };
                        self.record(Recorded::Event(cycle.clone()), 0);
                        return Some(Ok(cycle));
                    }
                    self.record(Recorded::Alias(id, pos), 0);
                    return Some(self.jump(id, pos));
                }
                Yaml::Scalar(text, style, anchor, tag) => {
                    (Event::Scalar { text, style, tag: kind(tag.as_deref()), pos }, anchor)
                }
                Yaml::SequenceStart(anchor, tag) => {
                    (Event::Start { map: false, tag: kind(tag.as_deref()), pos }, anchor)
                }
                Yaml::MappingStart(anchor, tag) => (Event::Start { map: true, tag: kind(tag.as_deref()), pos }, anchor),
                Yaml::SequenceEnd | Yaml::MappingEnd => (Event::End, 0),
            };
            self.read += 1;
            if !self.open.is_empty() || anchor != 0 {
                self.record(Recorded::Event(event.clone()), anchor);
            }
            return Some(Ok(event));
        }
    }

    /// Starts replaying the anchored node `id` for an alias at `pos`.
    fn jump(&mut self, id: usize, pos: Pos) -> Result<Event<'a>, Stop> {
        self.jumps += 1;
        if self.jumps > self.read.saturating_mul(JUMPS_PER_EVENT) {
            return Err(Stop::Repetition);
        }
        // The parser refuses unknown anchors, and open ones are cycles: every alias here names a recorded node.
        if let Some(events) = self.anchors.get(&id) {
            self.replaying.push((Rc::clone(events), 0));
        }
        Ok(Event::Alias { pos })
    }

    /// Adds `event` to every anchored node being recorded, and starts
    /// recording when it is the start of one (`anchor` is not 0).
    fn record(&mut self, event: Recorded<'a>, anchor: usize) {
        let change = match &event {
            Recorded::Event(Event::Start { .. }) => 1,
            Recorded::Event(Event::End) => -1,
            _ => 0,
        };
        for recording in &mut self.open {
            recording.events.push(event.clone());
            recording.depth = recording.depth.saturating_add_signed(change);
        }
        // Recordings nest: only the innermost one can be finished.
        if self.open.last().is_some_and(|r| r.depth == 0)
            && let Some(done) = self.open.pop()
        {
            self.anchors.insert(done.anchor, done.events.into());
        }
        if anchor != 0 {
            if change == 1 {
                self.open.push(Recording { anchor, depth: 1, events: vec![event] });
            } else {
                self.anchors.insert(anchor, Rc::from([event]));
            }
        }
    }
}

fn kind(tag: Option<&Tag>) -> TagKind {
    tag.map_or(TagKind::None, |tag| TagKind::of(&tag.handle, &tag.suffix))
}
