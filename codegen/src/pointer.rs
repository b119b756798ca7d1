//! JSON pointer segments (RFC 6901), and the percent-escapes (RFC 3986) that
//! a `$ref` fragment may add on top of them.

use std::borrow::Cow;

/// `key` as a pointer segment: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) { key.replace('~', "~0").replace('/', "~1").into() } else { key.into() }
}

/// A pointer segment back to its key; an unknown `~` escape is kept as it is.
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') { segment.replace("~1", "/").replace("~0", "~").into() } else { segment.into() }
}

/// A segment of a `$ref` fragment back to its key: `%XX` escapes first,
/// then pointer escapes.
pub fn decode_ref_segment(segment: &str) -> Cow<'_, str> {
    match percent_decode(segment) {
        Cow::Borrowed(text) => unescape(text),
        Cow::Owned(text) => unescape(&text).into_owned().into(),
    }
}

/// `%XX` escapes decoded; a `%` not followed by two hex digits is kept, and
/// bytes that do not form UTF-8 become U+FFFD.
pub fn percent_decode(text: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip() {
        for key in ["plain", "a/b", "~", "~1", "a~/b", "", "한글/🙂"] {
            assert_eq!(unescape(&escape(key)), key);
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }

    #[test]
    fn ref_segments_decode_percent_escapes_before_pointer_escapes() {
        assert_eq!(decode_ref_segment("Pet%20Store"), "Pet Store");
        assert_eq!(decode_ref_segment("a~1b"), "a/b");
        assert_eq!(decode_ref_segment("a%7E1b"), "a/b");
        assert_eq!(decode_ref_segment("100%"), "100%");
        assert_eq!(decode_ref_segment("%zz%4"), "%zz%4");
        assert_eq!(decode_ref_segment("%ED%95%9C"), "한");
        assert_eq!(decode_ref_segment("%FF"), "\u{FFFD}");
    }
}
