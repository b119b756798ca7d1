//! POST bodies. The spec declares every field as `formData` and lists both
//! `application/json` and `application/x-www-form-urlencoded`; clients send
//! either, so both are read into the same field map, chosen by Content-Type.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::envelope::{ApiError, msg};

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// The fields of a request body, whichever encoding the client chose.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Fields(BTreeMap<String, Value>);

impl Fields {
    /// A field as text: JSON numbers and booleans are accepted in their
    /// textual form; `null`, objects, arrays and blank strings count as absent.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        let text = match self.0.get(name)? {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null | Value::Array(_) | Value::Object(_) => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    /// A boolean field: JSON `true`/`false`, or the strings `"true"`/`"false"`
    /// as form bodies (and the spec's `default: "false"`) carry them.
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>, ()> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) => match s.trim() {
                "" => Ok(None),
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                _ => Err(()),
            },
            Some(_) => Err(()),
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req.headers().get(CONTENT_TYPE).map(|value| media_type(value.to_str().unwrap_or("")));
        let bytes = Bytes::from_request(req, state).await.map_err(|_| ApiError::bad_request(msg::MALFORMED_BODY))?;
        parse(content_type.as_deref(), &bytes)
    }
}

/// `application/json; charset=utf-8` → `application/json`.
fn media_type(header: &str) -> String {
    header.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn parse(content_type: Option<&str>, bytes: &[u8]) -> Result<Fields, ApiError> {
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    match content_type {
        // A bodiless POST: every field is simply missing.
        None if blank => Ok(Fields::default()),
        Some(JSON | FORM) if blank => Ok(Fields::default()),
        Some(JSON) => parse_json(bytes),
        Some(FORM) => parse_form(bytes),
        _ => Err(ApiError::bad_request(msg::UNSUPPORTED_CONTENT_TYPE)),
    }
}

fn parse_json(bytes: &[u8]) -> Result<Fields, ApiError> {
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => Ok(Fields(map.into_iter().collect())),
        _ => Err(ApiError::bad_request(msg::MALFORMED_BODY)),
    }
}

fn parse_form(bytes: &[u8]) -> Result<Fields, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(bytes).map_err(|_| ApiError::bad_request(msg::MALFORMED_BODY))?;
    // A repeated key keeps its last value.
    Ok(Fields(pairs.into_iter().map(|(key, value)| (key, Value::String(value))).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_form_give_the_same_fields() {
        let json = parse(Some(JSON), br#"{"name":"kim","is_mvno":true,"gender_digit":1}"#).unwrap();
        let form = parse(Some(FORM), b"name=kim&is_mvno=true&gender_digit=1").unwrap();
        for fields in [&json, &form] {
            assert_eq!(fields.text("name").as_deref(), Some("kim"));
            assert_eq!(fields.text("gender_digit").as_deref(), Some("1"));
            assert_eq!(fields.flag("is_mvno"), Ok(Some(true)));
            assert_eq!(fields.text("phone"), None);
        }
    }

    #[test]
    fn form_values_are_percent_decoded() {
        let fields = parse(Some(FORM), b"phone=010-1234+5678&name=%ED%99%8D").unwrap();
        assert_eq!(fields.text("phone").as_deref(), Some("010-1234 5678"));
        assert_eq!(fields.text("name").as_deref(), Some("홍"));
    }

    #[test]
    fn blank_values_and_nested_json_count_as_absent() {
        let fields = parse(Some(JSON), br#"{"a":"  ","b":null,"c":{"x":1},"d":[1]}"#).unwrap();
        for name in ["a", "b", "c", "d"] {
            assert_eq!(fields.text(name), None, "{name}");
        }
    }

    #[test]
    fn flags_reject_other_text() {
        let fields = parse(Some(FORM), b"is_mvno=yes").unwrap();
        assert_eq!(fields.flag("is_mvno"), Err(()));
        assert_eq!(fields.flag("absent"), Ok(None));
    }

    #[test]
    fn content_type_decides() {
        assert!(parse(Some("text/plain"), b"imp_key=a").is_err());
        assert!(parse(None, b"imp_key=a").is_err());
        assert_eq!(parse(None, b""), Ok(Fields::default()));
        assert!(parse(Some(JSON), b"[1,2]").is_err());
        assert!(parse(Some(JSON), b"{not json").is_err());
        assert_eq!(media_type("Application/JSON; charset=UTF-8"), JSON);
    }
}
