//! Where each key and value of a configuration file is written, so that a
//! diagnostic about the configuration points at its TOML key with a line
//! and column, the way one about the spec points at its JSON pointer.
//!
//! A TOML document is a tree like a JSON one, so its places are named by
//! JSON pointers too: `#/auth/token_operation`, `#/select/operations/0`,
//! `#/fields/createUser.birth/pattern`.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::Location;

/// The name a configuration's diagnostics give it when it was not read from
/// a file the user named.
const UNNAMED: &str = "<config>";

/// Where a configuration came from: the file, as the user named it, and the
/// line and column of every key and value in it. Empty for a configuration
/// built in code.
///
/// Two origins are always equal: where a value was written does not change
/// what the configuration says (as with [`toml::Spanned`]).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    file: Option<String>,
    /// By JSON pointer.
    places: BTreeMap<String, Place>,
}

/// The 1-based line and column of a key and of its value (a list item has
/// no key).
#[derive(Debug, Clone, Copy)]
struct Place {
    key: Option<(usize, usize)>,
    value: (usize, usize),
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Origin {
    /// The places of the TOML `text`; none when it does not parse.
    pub(super) fn read(text: &str) -> Self {
        let lines = Lines::new(text);
        let places = entries(text)
            .into_iter()
            .map(|entry| {
                let place =
                    Place { key: entry.key.map(|k| lines.position(k.start)), value: lines.position(entry.value.start) };
                (entry.pointer, place)
            })
            .collect();
        Origin { file: None, places }
    }

    /// The same places, in the file named `file`.
    pub(super) fn named(self, file: String) -> Self {
        Origin { file: Some(file), ..self }
    }

    /// Where the value at `path` (table keys and list indices, from the
    /// top) is written: what a diagnostic about that value points at. When
    /// it is not written (a default), its nearest written parent.
    pub fn value(&self, path: &[&str]) -> Location {
        self.locate(path, |place| place.value)
    }

    /// Where the key at the end of `path` is written (for a list item, the
    /// item): what a diagnostic about the entry as a whole points at.
    pub fn key(&self, path: &[&str]) -> Location {
        self.locate(path, |place| place.key.unwrap_or(place.value))
    }

    fn locate(&self, path: &[&str], position: impl Fn(&Place) -> (usize, usize)) -> Location {
        let root = Location::root(self.file.as_deref().unwrap_or(UNNAMED));
        let location = path.iter().fold(root.clone(), |at, key| at.join(key));
        let written = (0..=path.len()).rev().find_map(|depth| {
            let parent = path[..depth].iter().fold(root.clone(), |at, key| at.join(key));
            let place = self.places.get(&parent.pointer)?;
            // A parent stands for its entry as a whole: its key.
            Some(if depth == path.len() { position(place) } else { place.key.unwrap_or(place.value) })
        });
        Location { position: written, ..location }
    }
}

/// The JSON pointer of the innermost key or value of the TOML `text` that
/// holds byte `offset` (where the TOML reader found a problem), or `#`.
pub(super) fn pointer_at(text: &str, offset: usize) -> String {
    let holds = |span: &Range<usize>| span.contains(&offset) || span.start == offset;
    entries(text)
        .into_iter()
        .flat_map(|entry| {
            let key = entry.key.filter(holds).map(|span| (span.len(), entry.pointer.clone()));
            let value = Some(&entry.value).filter(|span| holds(span)).map(|span| (span.len(), entry.pointer.clone()));
            key.into_iter().chain(value)
        })
        .min()
        .map_or_else(|| "#".to_owned(), |(_, pointer)| pointer)
}

/// A key (or list item) of a TOML document and where it is.
struct Entry {
    pointer: String,
    key: Option<Range<usize>>,
    /// For a table: its header, or its inline `{…}`.
    value: Range<usize>,
}

/// Every key and list item of the TOML `text`, in no particular order;
/// none when it does not parse.
fn entries(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Ok(document) = DeTable::parse(text) {
        table(&Location::root(""), document.get_ref(), &mut out);
    }
    out
}

fn table(at: &Location, table: &DeTable<'_>, out: &mut Vec<Entry>) {
    for (key, value) in table.iter() {
        let at = at.join(key.get_ref());
        out.push(Entry { pointer: at.pointer.clone(), key: Some(key.span()), value: value.span() });
        children(&at, value, out);
    }
}

fn children(at: &Location, value: &Spanned<DeValue<'_>>, out: &mut Vec<Entry>) {
    match value.get_ref() {
        DeValue::Table(inner) => table(at, inner, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let at = at.join(i.to_string());
                out.push(Entry { pointer: at.pointer.clone(), key: None, value: item.span() });
                children(&at, item, out);
            }
        }
        _ => {}
    }
}

/// A text's line starts, for the line and column of many offsets.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text, starts: crate::diag::line_starts(text) }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column =
            self.text[start..].char_indices().take_while(|&(at, c)| start + at + c.len_utf8() <= offset).count() + 1;
        (line, column)
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).position(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
sensitive = [\"secret\", \"User.phone\"]

[auth]
token_operation = \"getToken\"
credentials = [\"key\", \"secret\"]

[security.apiKey]
builder = \"api_key\"

[fields.\"createUser.birth\"]
pattern = '^\\d{6}$'
";

    fn at(origin: &Origin, path: &[&str]) -> (String, Option<(usize, usize)>) {
        let location = origin.value(path);
        (location.pointer, location.position)
    }

    #[test]
    fn values_keys_and_list_items_have_their_line_and_column() {
        let origin = Origin::read(TEXT).named("c.toml".into());
        assert_eq!(at(&origin, &["auth", "token_operation"]), ("#/auth/token_operation".into(), Some((4, 19))));
        assert_eq!(origin.key(&["auth", "token_operation"]).position, Some((4, 1)));
        assert_eq!(at(&origin, &["auth", "credentials", "1"]), ("#/auth/credentials/1".into(), Some((5, 23))));
        assert_eq!(at(&origin, &["sensitive", "1"]).1, Some((1, 24)));
        assert_eq!(origin.key(&["security", "apiKey"]).position, Some((7, 11)), "the key in the table's header");
        let pattern = origin.value(&["fields", "createUser.birth", "pattern"]);
        assert_eq!((pattern.pointer.as_str(), pattern.position), ("#/fields/createUser.birth/pattern", Some((11, 11))));
        assert_eq!(pattern.file, "c.toml");
    }

    #[test]
    fn an_unwritten_value_is_placed_at_its_nearest_written_parent() {
        let origin = Origin::read(TEXT);
        assert_eq!(at(&origin, &["auth", "format"]), ("#/auth/format".into(), Some((3, 2))));
        assert_eq!(at(&origin, &["retry", "idempotent", "0"]), ("#/retry/idempotent/0".into(), None));
        assert_eq!(origin.value(&["auth"]).file, UNNAMED);
        let built = Origin::default();
        assert_eq!(at(&built, &["auth", "token"]), ("#/auth/token".into(), None));
    }

    #[test]
    fn a_reader_error_is_placed_at_the_innermost_entry() {
        let offset = |needle: &str| TEXT.find(needle).expect("in the text");
        assert_eq!(pointer_at(TEXT, offset("\"secret\"]\n\n[security")), "#/auth/credentials/1");
        assert_eq!(pointer_at(TEXT, offset("builder")), "#/security/apiKey/builder");
        assert_eq!(pointer_at(TEXT, offset("[auth]")), "#/auth");
        assert_eq!(pointer_at(TEXT, 0), "#/sensitive");
        assert_eq!(pointer_at(TEXT, offset("\n\n[auth]")), "#");
        assert_eq!(pointer_at("[auth\n", 3), "#", "a text that does not parse has no entries");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_column("a = \"값\"\nb = 1", 10), (2, 1));
        assert_eq!(line_column("a = \"값\" # x", 10), (1, 9));
        assert_eq!(line_column("a = \"값\"", 6), (1, 6), "inside a character: that character");
        assert_eq!(line_column("", 0), (1, 1));
        assert_eq!(line_column("ab", 99), (1, 3), "past the end: just after it");
    }
}
