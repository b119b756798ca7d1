//! Turning typed parameter values into path segments, query pairs and
//! header values.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use crate::Error;

/// Everything but RFC 3986 unreserved characters is escaped, so a value can
/// never add a path segment (`/`), a query (`?`) or a fragment (`#`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A path parameter as a percent-encoded path segment.
///
/// Empty values are rejected: they would change which endpoint is called
/// (`/items/` instead of `/items/{id}`). So are `.` and `..`, which URL
/// normalisation would resolve away.
pub fn path_segment<T: Serialize + ?Sized>(name: &'static str, value: &T) -> Result<String, Error> {
    let mut scalars = scalars(name, value)?;
    let text = match (scalars.len(), scalars.pop()) {
        (1, Some(text)) => text,
        _ => return Err(Error::invalid(name, "a path parameter must be a single value")),
    };
    match text.as_str() {
        "" => Err(Error::invalid(name, "must not be empty")),
        "." | ".." => Err(Error::invalid(name, "must not be `.` or `..`")),
        _ => Ok(utf8_percent_encode(&text, SEGMENT).to_string()),
    }
}

/// A parameter value as the strings it is sent as: one for a scalar, one per
/// element for an array, none for `None`.
pub(crate) fn scalars<T: Serialize + ?Sized>(name: &'static str, value: &T) -> Result<Vec<String>, Error> {
    let value = serde_json::to_value(value).map_err(|_| Error::invalid(name, "cannot be encoded"))?;
    match value {
        Value::Array(items) => items.into_iter().map(|item| scalar(name, item)).filter_map(Result::transpose).collect(),
        other => Ok(scalar(name, other)?.into_iter().collect()),
    }
}

fn scalar(name: &'static str, value: Value) -> Result<Option<String>, Error> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Array(_) | Value::Object(_) => {
            Err(Error::invalid(name, "nested arrays and objects cannot be sent as parameters"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_escaped() {
        let cases: &[(&str, &str)] = &[
            ("imp_123", "imp_123"),
            ("a/b", "a%2Fb"),
            ("a b?c#d", "a%20b%3Fc%23d"),
            ("한글", "%ED%95%9C%EA%B8%80"),
            ("x-y.z~", "x-y.z~"),
            ("%", "%25"),
        ];
        for (input, expected) in cases {
            assert_eq!(path_segment("id", *input).unwrap(), *expected);
        }
        assert_eq!(path_segment("id", &42_i64).unwrap(), "42");
    }

    #[test]
    fn bad_path_segments_are_rejected() {
        for bad in ["", ".", ".."] {
            let err = path_segment("id", bad).unwrap_err();
            assert!(matches!(err, Error::InvalidInput { .. }), "{bad:?}");
        }
        assert!(path_segment("id", &Option::<String>::None).is_err());
        assert!(path_segment("id", &vec!["a", "b"]).is_err());
    }

    #[test]
    fn scalars_of_values() {
        assert_eq!(scalars("q", &Some(true)).unwrap(), vec!["true"]);
        assert!(scalars("q", &Option::<i32>::None).unwrap().is_empty());
        assert_eq!(scalars("q", &vec![1.5, 2.0]).unwrap(), vec!["1.5", "2.0"]);
        assert!(scalars("q", &serde_json::json!({"a": 1})).is_err());
    }
}
