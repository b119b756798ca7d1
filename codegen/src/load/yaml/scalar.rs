//! What a YAML scalar means: the core schema of YAML 1.2 as serde_norway
//! (0.9) resolved it, kept rule for rule so that documents load as they did.
//!
//! A plain scalar is null (`~`, `null`, empty), a boolean (`true`,
//! `False`…), an integer (decimal, `0x`, `0o`, `0b`; leading zeros make a
//! string), a float (`1.5`, `1e3`, `.inf`, `.nan`) or else a string. A quoted
//! or block scalar is a string. `!!bool`, `!!int`, `!!float` and `!!null`
//! make any scalar that type (or an error); other global tags (`!!str`,
//! `!!binary`) leave a string.

use std::borrow::Cow;
use std::num::ParseIntError;

use saphyr_parser::ScalarStyle;
use serde_json::{Number, Value};

/// What a node's tag asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// No tag.
    None,
    /// `!!bool`.
    Bool,
    /// `!!int`.
    Int,
    /// `!!float`.
    Float,
    /// `!!null`.
    Null,
    /// A local tag (`!thing`): a type this loader does not know.
    Local,
    /// Any other global tag (`!!str`, `!!map`, `!!binary`): no effect.
    Other,
}

impl TagKind {
    /// The kind of the tag `handle` + `suffix` as `saphyr-parser` splits it
    /// (`!!int` is `tag:yaml.org,2002:` + `int`, `!x` is `!` + `x`, a
    /// verbatim `!<…>` has an empty handle).
    pub fn of(handle: &str, suffix: &str) -> TagKind {
        let full: Cow<'_, str> = if handle.is_empty() { suffix.into() } else { format!("{handle}{suffix}").into() };
        match full.strip_prefix("tag:yaml.org,2002:") {
            _ if full.starts_with('!') => TagKind::Local,
            Some("bool") => TagKind::Bool,
            Some("int") => TagKind::Int,
            Some("float") => TagKind::Float,
            Some("null") => TagKind::Null,
            _ => TagKind::Other,
        }
    }
}

/// A resolved scalar; a string keeps the text it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scalar {
    Null,
    Bool(bool),
    Unsigned(u64),
    Negative(i64),
    /// Integers past 64 bits.
    Wide(i128),
    WideUnsigned(u128),
    Float(f64),
    Str,
}

/// The JSON value of a scalar, or the message of why its tag refuses it.
pub fn value(text: Cow<'_, str>, style: ScalarStyle, tag: TagKind) -> Result<Value, String> {
    Ok(match resolve(&text, style, tag)? {
        Scalar::Null => Value::Null,
        Scalar::Bool(v) => Value::Bool(v),
        Scalar::Unsigned(v) => Value::from(v),
        Scalar::Negative(v) => Value::from(v),
        // Integers past 64 bits (`minimum: -9223372036854776000`) become floats, as JSON parsing makes them.
        #[allow(clippy::cast_precision_loss)]
        Scalar::Wide(v) => float(v as f64),
        #[allow(clippy::cast_precision_loss)]
        Scalar::WideUnsigned(v) => float(v as f64),
        Scalar::Float(v) => float(v),
        Scalar::Str => Value::String(text.into_owned()),
    })
}

/// NaN and infinities (`.nan`, `.inf`) have no JSON form: null.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// The object key a scalar makes when it is not the scalar's text: `200`
/// stays `200` (`None`), but `0x1F` is the number 31 and `~` is null.
pub fn key(text: &str, style: ScalarStyle, tag: TagKind) -> Result<Option<String>, String> {
    Ok(match resolve(text, style, tag)? {
        Scalar::Null => Some("null".into()),
        Scalar::Bool(v) => Some(v.to_string()),
        Scalar::Unsigned(v) => Some(v.to_string()),
        Scalar::Negative(v) => Some(v.to_string()),
        Scalar::Wide(v) => Some(v.to_string()),
        Scalar::WideUnsigned(v) => Some(v.to_string()),
        Scalar::Float(v) => Some(v.to_string()),
        Scalar::Str => None,
    })
    .map(|key| key.filter(|key| key != text))
}

/// The key a plain, untagged scalar makes.
pub fn plain_key(text: &str) -> String {
    match key(text, ScalarStyle::Plain, TagKind::None) {
        Ok(Some(key)) => key,
        _ => text.to_owned(),
    }
}

fn resolve(text: &str, style: ScalarStyle, tag: TagKind) -> Result<Scalar, String> {
    let refused = |expected: &str| format!("invalid value: string {text:?}, expected {expected}");
    match tag {
        TagKind::Bool => parse_bool(text).map(Scalar::Bool).ok_or_else(|| refused("a boolean")),
        TagKind::Int => parse_int(text).ok_or_else(|| refused("an integer")),
        TagKind::Float => parse_f64(text).map(Scalar::Float).ok_or_else(|| refused("a float")),
        TagKind::Null => is_null(text).then_some(Scalar::Null).ok_or_else(|| refused("null")),
        TagKind::None if style == ScalarStyle::Plain => Ok(plain(text)),
        TagKind::None | TagKind::Other | TagKind::Local => Ok(Scalar::Str),
    }
}

fn plain(text: &str) -> Scalar {
    // Only these can be anything but a string; most scalars are words.
    let maybe_not_string = text.is_empty()
        || text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '~'))
        || matches!(text, "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
    if !maybe_not_string {
        return Scalar::Str;
    }
    if text.is_empty() || is_null(text) {
        return Scalar::Null;
    }
    if let Some(v) = parse_bool(text) {
        return Scalar::Bool(v);
    }
    if let Some(v) = parse_int(text) {
        return v;
    }
    match parse_f64(text) {
        Some(v) if !digits_but_not_number(text) => Scalar::Float(v),
        _ => Scalar::Str,
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_int(text: &str) -> Option<Scalar> {
    parse_unsigned(text, u64::from_str_radix)
        .map(Scalar::Unsigned)
        .or_else(|| parse_negative(text, i64::from_str_radix).map(Scalar::Negative))
        .or_else(|| parse_unsigned(text, u128::from_str_radix).map(Scalar::WideUnsigned))
        .or_else(|| parse_negative(text, i128::from_str_radix).map(Scalar::Wide))
}

/// `0x`, `0o` and `0b` prefixes after an optional `+`, else decimal.
fn parse_unsigned<T>(text: &str, from_str_radix: fn(&str, u32) -> Result<T, ParseIntError>) -> Option<T> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(v) = from_str_radix(rest, radix) {
                return Some(v);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from_str_radix(unsigned, 10).ok()
}

/// `-0x`, `-0o` and `-0b` prefixes, else decimal (signed).
fn parse_negative<T>(text: &str, from_str_radix: fn(&str, u32) -> Result<T, ParseIntError>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix)
            && let Ok(v) = from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(v);
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from_str_radix(text, 10).ok()
}

fn parse_f64(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Leading zeros followed by digits make a string in YAML 1.2 (`007`).
fn digits_but_not_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    text.len() > 1 && text.starts_with('0') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn plain_value(text: &str) -> Value {
        value(text.into(), ScalarStyle::Plain, TagKind::None).unwrap()
    }

    #[test]
    fn plain_scalars_resolve_by_the_core_schema() {
        let cases = [
            ("", json!(null)),
            ("~", json!(null)),
            ("Null", json!(null)),
            ("nil", json!("nil")),
            ("TRUE", json!(true)),
            ("yes", json!("yes")),
            ("0x1F", json!(31)),
            ("-0x1F", json!(-31)),
            ("0o17", json!(15)),
            ("0b101", json!(5)),
            ("+12", json!(12)),
            ("-12", json!(-12)),
            ("007", json!("007")),
            ("-007", json!("-007")),
            ("0", json!(0)),
            ("1_000", json!("1_000")),
            ("18446744073709551615", json!(18_446_744_073_709_551_615_u64)),
            ("18446744073709551616", json!(18_446_744_073_709_551_616.0)),
            ("-9223372036854775809", json!(-9_223_372_036_854_775_809.0)),
            ("1e400", json!("1e400")),
            ("1.50", json!(1.5)),
            ("1e3", json!(1000.0)),
            ("1.", json!(1.0)),
            (".5", json!(0.5)),
            (".inf", json!(null)),
            ("-.INF", json!(null)),
            (".NaN", json!(null)),
            ("nan", json!("nan")),
            ("inf", json!("inf")),
            ("+-1", json!("+-1")),
            ("0x", json!("0x")),
            ("2001-01-01", json!("2001-01-01")),
        ];
        for (text, expected) in cases {
            assert_eq!(plain_value(text), expected, "{text:?}");
        }
    }

    #[test]
    fn quoted_and_tagged_scalars() {
        let quoted = value("true".into(), ScalarStyle::DoubleQuoted, TagKind::None);
        assert_eq!(quoted, Ok(json!("true")));
        assert_eq!(value("12".into(), ScalarStyle::SingleQuoted, TagKind::Int), Ok(json!(12)));
        assert_eq!(value("12".into(), ScalarStyle::Plain, TagKind::Other), Ok(json!("12")));
        assert_eq!(value("1".into(), ScalarStyle::Plain, TagKind::Float), Ok(json!(1.0)));
        let refused = value("yes".into(), ScalarStyle::Plain, TagKind::Bool).unwrap_err();
        assert_eq!(refused, "invalid value: string \"yes\", expected a boolean");
        assert!(value("".into(), ScalarStyle::Plain, TagKind::Null).is_err());
    }

    #[test]
    fn keys_are_written_as_their_value() {
        for (text, expected) in [("200", "200"), ("0x1F", "31"), ("~", "null"), ("", "null"), ("1.50", "1.5")] {
            assert_eq!(plain_key(text), expected, "{text:?}");
        }
        assert_eq!(plain_key(".nan"), "NaN");
        assert_eq!(TagKind::of("tag:yaml.org,2002:", "int"), TagKind::Int);
        assert_eq!(TagKind::of("", "tag:yaml.org,2002:bool"), TagKind::Bool);
        assert_eq!(TagKind::of("!", "thing"), TagKind::Local);
        assert_eq!(TagKind::of("", "!"), TagKind::Local);
        assert_eq!(TagKind::of("tag:yaml.org,2002:", "str"), TagKind::Other);
    }
}
