//! Where each node of a converted document was written in the user's file.

use std::collections::HashMap;

/// Pairs of (pointer in the converted document, pointer in the file the
/// user wrote), for the nodes that a conversion (Swagger 2.0 or OpenAPI 3.1
/// to 3.0, hoisting, rewriting) moved or created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointerMap(HashMap<String, String>);

impl PointerMap {
    /// The original pointer for a pointer into the converted document: that
    /// of the longest recorded prefix, with the rest carried over.
    pub fn original(&self, converted: &str) -> String {
        let mut end = converted.len();
        loop {
            let prefix = &converted[..end];
            if let Some(old) = self.0.get(prefix) {
                return format!("{old}{}", &converted[end..]);
            }
            match prefix.rfind('/') {
                Some(slash) => end = slash,
                None => return converted.to_owned(),
            }
        }
    }

    /// Records that the node at `converted` comes from `original`; a later
    /// record for the same node replaces an earlier one.
    pub(crate) fn add(&mut self, converted: String, original: String) {
        if converted != original {
            self.0.insert(converted, original);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_recorded_prefix_wins() {
        let mut map = PointerMap::default();
        map.add("#/components/schemas/A".into(), "#/definitions/A".into());
        map.add("#/components/schemas/A/allOf/0".into(), "#/definitions/A".into());
        assert_eq!(map.original("#/components/schemas/A/allOf/0/$ref"), "#/definitions/A/$ref");
        assert_eq!(map.original("#/components/schemas/A/type"), "#/definitions/A/type");
        // A prefix counts only at a segment boundary.
        assert_eq!(map.original("#/components/schemas/AB"), "#/components/schemas/AB");
        assert_eq!(map.original("#/paths"), "#/paths");
        map.add("#/components/schemas/A".into(), "#/definitions/B".into());
        assert_eq!(map.original("#/components/schemas/A/x"), "#/definitions/B/x");
    }
}
