//! Keeping secrets and personal data out of `Debug` output, error messages
//! and logs.
//!
//! Generated `Debug` impls print sensitive fields through [`hidden`] and
//! [`hidden_option`]; response bodies quoted in errors pass through
//! [`excerpt`]; serde's decode messages pass through [`serde_message`];
//! the server's own messages pass through the same masking as excerpts and
//! lose the values the request sent and digit runs that look personal.

use std::fmt;

mod mask;
mod text;

use mask::mask_keys;

/// What a redacted value prints as.
pub const REDACTED: &str = "<redacted>";

/// A string that must not be printed: an API secret or an access token.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for sending it where it belongs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// A placeholder whose `Debug` form is `<redacted>`.
#[derive(Clone, Copy)]
pub struct Hidden;

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// `Debug` stand-in for a sensitive value.
pub fn hidden<T: ?Sized>(_value: &T) -> Hidden {
    Hidden
}

/// `Debug` stand-in for an optional sensitive value: shows whether a value
/// is present (`Some(<redacted>)` or `None`), never the value.
pub fn hidden_option<T>(value: &Option<T>) -> Option<Hidden> {
    value.as_ref().map(|_| Hidden)
}

/// A short, printable excerpt of a response body, with the values of the
/// given keys replaced by `<redacted>`.
///
/// Works on malformed and truncated JSON and on keyed text that is not JSON
/// (it scans for `key:` and `key=` rather than parsing), because a body that
/// failed to decode is exactly the one that gets quoted in an error.
pub fn excerpt(body: &[u8], sensitive_keys: &[&str], max_chars: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let masked = mask_keys(&text, sensitive_keys);
    let mut out: String = masked.chars().take(max_chars).collect();
    if masked.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    if out.is_empty() { "(empty)".to_owned() } else { out }
}

/// A server's free-text message, masked as an [`excerpt`] is and, besides,
/// without the values in `carried` (the sensitive values the request sent)
/// and digit runs that look like phone numbers, dates of birth or resident
/// registration numbers.
pub(crate) fn server_message(message: &str, sensitive_keys: &[&str], carried: &[String]) -> String {
    text::mask_text(&mask_keys(message, sensitive_keys), carried)
}

/// A `Debug` text with digit runs that look personal masked (for bodies
/// decoded into types whose fields are not marked sensitive).
pub(crate) fn masked_digits(text: &str) -> String {
    text::mask_text(text, &[])
}

/// Adds to `out` the string and number values found under `keys`, at any
/// depth, in a JSON body (`json`) or a form body.
pub(crate) fn values_under(body: &[u8], json: bool, keys: &[&str], out: &mut Vec<String>) {
    if json {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
            json_values(&value, keys, false, out);
        }
    } else if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
        out.extend(pairs.into_iter().filter(|(k, _)| keys.contains(&k.as_str())).map(|(_, v)| v));
    }
}

fn json_values(value: &serde_json::Value, keys: &[&str], under: bool, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if under => out.push(s.clone()),
        serde_json::Value::Number(n) if under => out.push(n.to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_values(v, keys, under, out)),
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                json_values(v, keys, under || keys.contains(&key.as_str()), out);
            }
        }
        _ => {}
    }
}

/// A serde decode message with the offending values removed.
///
/// serde quotes the value it rejected (``invalid type: string "홍길동",
/// expected i64``); that value may be personal data. Field names (``missing
/// field `x` ``) and the description of what was expected are kept.
pub fn serde_message(message: &str) -> String {
    let keeps_names = ["missing field", "duplicate field", "unknown field"];
    if keeps_names.iter().any(|p| message.starts_with(p)) {
        return message.to_owned();
    }
    let (head, tail) = match message.find(", expected") {
        Some(at) => message.split_at(at),
        None => (message, ""),
    };
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in head.chars() {
        match open {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None if c == '"' || c == '`' => {
                out.push(c);
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    if open.is_some() {
        out.push('…');
    }
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::new("top-secret");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(s.expose(), "top-secret");
        assert_eq!(format!("{:?}", hidden_option(&Some(1))), "Some(<redacted>)");
        assert_eq!(format!("{:?}", hidden_option::<u8>(&None)), "None");
    }

    #[test]
    fn excerpt_masks_before_truncating() {
        let body = r#"{"code":0,"response":{"name":"홍길동","phone":"01012345678"}}"#;
        assert_eq!(excerpt(body.as_bytes(), &["name", "phone"], 40), r#"{"code":0,"response":{"name":"<redacted>…"#);
    }

    #[test]
    fn excerpt_truncates_on_char_boundaries() {
        let text = "가".repeat(10);
        assert_eq!(excerpt(text.as_bytes(), &[], 3), "가가가…");
        assert_eq!(excerpt(b"", &[], 3), "(empty)");
    }

    #[test]
    fn server_messages_lose_keyed_values_carried_values_and_personal_digits() {
        let mut carried = Vec::new();
        let body = r#"{"name":"홍길동","carrier":"SKT","person":{"phone":"01012345678","birth":900101}}"#.as_bytes();
        values_under(body, true, &["name", "phone", "birth"], &mut carried);
        carried.sort();
        assert_eq!(carried, ["01012345678", "900101", "홍길동"]);
        values_under(b"name=%EA%B9%80&otp=123456", false, &["name", "otp"], &mut carried);
        assert_eq!(&carried[3..], ["김", "123456"]);
        let message = "홍길동(phone: 010-1234-5678) 01012345678 번호가 올바르지 않습니다 (SKT)";
        assert_eq!(
            server_message(message, &["phone"], &carried),
            // The keyed value runs to the next delimiter it knows (`,` `}` `&` or the end of a line): the
            // `)` goes with it, as over-masking may.
            r#"<redacted>(phone: "<redacted>" <redacted> 번호가 올바르지 않습니다 (SKT)"#
        );
    }

    #[test]
    fn serde_messages_lose_values_keep_names() {
        let cases = [
            ("invalid type: string \"홍길동\", expected i64", "invalid type: string \"…\", expected i64"),
            ("invalid value: integer `5`, expected a bool", "invalid value: integer `…`, expected a bool"),
            ("unknown variant `XYZ`, expected `A` or `B`", "unknown variant `…`, expected `A` or `B`"),
            ("missing field `imp_uid`", "missing field `imp_uid`"),
            ("expected value", "expected value"),
        ];
        for (input, expected) in cases {
            assert_eq!(serde_message(input), expected);
        }
    }
}
