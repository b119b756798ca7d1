//! Masking the values of sensitive keys in a response body quoted in an
//! error. The body is usually JSON, but it is quoted exactly when it failed
//! to decode, so the scan must also cope with truncated JSON, object
//! literals (`{'name': '…'}`, `{name: …}`), form echoes (`name=…&`) and
//! `key: value` text. It never parses: it looks for a key followed by `:` or
//! `=` and masks the value after it. Masking too much is harmless; masking
//! too little leaks personal data.

use super::REDACTED;

/// `text` with the value after every key in `keys` replaced by
/// `"<redacted>"` (`null` and empty values are kept as they are).
pub(super) fn mask_keys(text: &str, keys: &[&str]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        let Some((key, key_end)) = key_at(text, i) else {
            i += 1;
            continue;
        };
        // A bare key may still be followed by the closing quote of a string
        // whose opening quote read as an apostrophe.
        let closing = is_word(bytes[i]) && matches!(bytes.get(key_end), Some(b'\'' | b'"'));
        let after = skip_ws(bytes, key_end + usize::from(closing));
        if !keys.contains(&key) || !matches!(bytes.get(after), Some(b':' | b'=')) {
            i = key_end;
            continue;
        }
        let value_start = skip_ws(bytes, after + 1);
        let value_end = value_end(bytes, value_start);
        out.push_str(&text[copied..value_start]);
        match &text[value_start..value_end] {
            kept @ ("" | "null") => out.push_str(kept),
            _ => {
                out.push('"');
                out.push_str(REDACTED);
                out.push('"');
            }
        }
        copied = value_end;
        i = value_end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The token starting at `i` that could be a key, and the index after it:
/// a complete double-quoted string, a complete single-quoted string where an
/// object literal could have one, or a bare word. Strings are returned whole
/// so that their contents are never mistaken for keys.
fn key_at(text: &str, i: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    match bytes[i] {
        b'"' => quoted(text, i),
        b'\'' if opens_literal(bytes, i) => quoted(text, i),
        b if is_word(b) && (i == 0 || !is_word(bytes[i - 1])) => {
            let end = i + bytes[i..].iter().take_while(|b| is_word(**b)).count();
            Some((&text[i..end], end))
        }
        _ => None,
    }
}

/// The contents of the terminated string starting at `start`, and the
/// index after its closing quote. An unterminated quote is an ordinary
/// character, so that the text after it is still scanned.
fn quoted(text: &str, start: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    let end = string_end(bytes, start);
    (end >= start + 2 && bytes[end - 1] == bytes[start]).then(|| (&text[start + 1..end - 1], end))
}

/// Whether the `'` at `i` can open a string of an object literal (after
/// `{`, `[`, `,`, `(`, `:`, `=` or at the start) rather than being an
/// apostrophe in prose.
fn opens_literal(bytes: &[u8], i: usize) -> bool {
    let before = bytes[..i].iter().rev().find(|b| !b.is_ascii_whitespace());
    matches!(before, None | Some(b'{' | b'[' | b',' | b'(' | b':' | b'='))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Index just past the closing quote of the string starting at `start`
/// (quoted with `"` or `'`), or the end of input if it is unterminated.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// End of the value starting at `start`, tolerating truncation: a quoted
/// string, a balanced object or array, or a bare value up to the next
/// delimiter.
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        None => start,
        Some(b'"' | b'\'') => string_end(bytes, start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = string_end(bytes, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            bytes.len()
        }
        Some(_) => {
            let delimiter = |b: &u8| b.is_ascii_whitespace() || b",}]&;<>\"'".contains(b);
            start + bytes[start..].iter().take_while(|b| !delimiter(b)).count()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_are_masked() {
        let cases: &[(&str, &str)] = &[
            (r#"{"name":"홍길동","code":0}"#, r#"{"name":"<redacted>","code":0}"#),
            (r#"{"name" : "a\"b", "x":1}"#, r#"{"name" : "<redacted>", "x":1}"#),
            (r#"{"phone":01012345678}"#, r#"{"phone":"<redacted>"}"#),
            (r#"{"name":null}"#, r#"{"name":null}"#),
            (r#"{"name":{"a":[1,2]},"b":2}"#, r#"{"name":"<redacted>","b":2}"#),
            (r#"{"response":{"name":"홍길"#, r#"{"response":{"name":"<redacted>""#),
            (r#"{"response":{"name":{"a":"홍"#, r#"{"response":{"name":"<redacted>""#),
            (r#"{"names":"keep","x":"name"}"#, r#"{"names":"keep","x":"name"}"#),
            // Strings are skipped whole, so `name:` inside one is not a key.
            (r#"{"message":"name: kim","name":"kim"}"#, r#"{"message":"name: kim","name":"<redacted>"}"#),
            ("not json at all", "not json at all"),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_keys(input, &["name", "phone"]), *expected, "{input}");
        }
    }

    #[test]
    fn keyed_text_that_is_not_json_is_masked_too() {
        let cases: &[(&str, &str)] = &[
            ("{'name': '홍길동', 'x': 1}", r#"{'name': "<redacted>", 'x': 1}"#),
            ("{name: 홍길동, phone: 010-1234-5678}", r#"{name: "<redacted>", phone: "<redacted>"}"#),
            ("name=%ED%99%8D&phone=010&x=1", r#"name="<redacted>"&phone="<redacted>"&x=1"#),
            ("error\nname: 홍길동\nphone: 01012345678\n", "error\nname: \"<redacted>\"\nphone: \"<redacted>\"\n"),
            // An apostrophe in prose does not hide what follows it.
            ("Can't verify name: 홍길동", r#"Can't verify name: "<redacted>""#),
            ("<p>it's 'name': 홍길동</p>", r#"<p>it's 'name': "<redacted>"</p>"#),
            // An unterminated quote does not stop the scan.
            (r#"{"message":"oops, name=홍길동"#, r#"{"message":"oops, name="<redacted>""#),
            ("surname: kim; name_x: y; name=", "surname: kim; name_x: y; name="),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_keys(input, &["name", "phone"]), *expected, "{input}");
        }
    }

    #[test]
    fn every_cut_of_a_tricky_body_is_handled() {
        let body = r#"{"name":"홍\"길동", 'phone': '010\'1', x: [{"name": {"a":"김"}}], name=이&b="#;
        for (cut, _) in body.char_indices().chain([(body.len(), ' ')]) {
            let masked = mask_keys(&body[..cut], &["name", "phone"]);
            for personal in ["길동", "010", "김", "이"] {
                assert!(!masked.contains(personal), "{masked}");
            }
        }
    }
}
