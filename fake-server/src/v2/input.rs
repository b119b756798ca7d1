//! Reading V2 requests: JSON bodies, the query string, and typed fields
//! with INVALID_REQUEST answers that name the field but never echo a value.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::{Map, Value};

use super::error::{V2Error, msg};

/// A request's JSON body: absent (no bytes) or an object.
#[derive(Debug, Default)]
pub(crate) struct JsonBody(pub(crate) Option<Map<String, Value>>);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = V2Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json =
            req.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| {
                value.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json")
            });
        let bytes = Bytes::from_request(req, state).await.map_err(|_| V2Error::invalid(msg::NOT_JSON))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(None));
        }
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) if is_json => Ok(JsonBody(Some(map))),
            _ => Err(V2Error::invalid(msg::NOT_JSON)),
        }
    }
}

/// The decoded pairs of a query string, in order.
pub(crate) fn query_pairs(query: Option<&str>) -> Result<Vec<(String, String)>, V2Error> {
    serde_urlencoded::from_str(query.unwrap_or("")).map_err(|_| V2Error::invalid(msg::MALFORMED_QUERY))
}

/// The last value of `name` in `pairs`.
pub(crate) fn query_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// A JSON object's fields, read with the path of the object for messages.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
    prefix: &'a str,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(map: &'a Map<String, Value>) -> Fields<'a> {
        Fields { map, prefix: "" }
    }

    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    fn wrong(&self, name: &str, what: &str) -> V2Error {
        V2Error::invalid(format!("`{}` must be {what}", self.path(name)))
    }

    /// A present value; JSON `null` counts as absent.
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|value| !value.is_null())
    }

    pub(crate) fn str(&self, name: &str) -> Result<Option<&'a str>, V2Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(self.wrong(name, "a string")),
        }
    }

    /// A string that must be present and not blank.
    pub(crate) fn required_str(&self, name: &str) -> Result<&'a str, V2Error> {
        match self.str(name)? {
            Some(text) if !text.trim().is_empty() => Ok(text),
            _ => Err(V2Error::invalid(format!("`{}` is required", self.path(name)))),
        }
    }

    /// A string that must be one of `allowed`.
    pub(crate) fn one_of(&self, name: &str, allowed: &[&str]) -> Result<Option<&'a str>, V2Error> {
        match self.str(name)? {
            Some(text) if !allowed.contains(&text) => Err(self.wrong(name, &format!("one of {}", allowed.join(", ")))),
            other => Ok(other),
        }
    }

    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, V2Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(_) => Err(self.wrong(name, "true or false")),
        }
    }

    /// A whole number of at least 0 (an `int32` of the documents).
    pub(crate) fn count(&self, name: &str) -> Result<Option<usize>, V2Error> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .filter(|n| i32::try_from(*n).is_ok())
                .and_then(|n| usize::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.wrong(name, "a whole number from 0 to 2147483647")),
        }
    }

    pub(crate) fn object(&self, name: &str, prefix: &'a str) -> Result<Option<Fields<'a>>, V2Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Fields { map, prefix })),
            Some(_) => Err(self.wrong(name, "an object")),
        }
    }

    /// An array of strings, each one of `allowed` unless `allowed` is empty.
    pub(crate) fn strings(&self, name: &str, allowed: &[&str]) -> Result<Option<Vec<String>>, V2Error> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let items = value.as_array().ok_or_else(|| self.wrong(name, "an array of strings"))?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item.as_str() {
                Some(text) if allowed.is_empty() || allowed.contains(&text) => out.push(text.to_owned()),
                Some(_) => return Err(self.wrong(name, &format!("an array of {}", allowed.join(", ")))),
                None => return Err(self.wrong(name, "an array of strings")),
            }
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn message(err: V2Error) -> String {
        let body: Value = serde_json::from_str(&err.body_typed("X")).unwrap();
        body["message"].as_str().unwrap().to_owned()
    }

    #[test]
    fn messages_name_the_field_not_the_value() {
        let value = json!({"customer": {"name": 5, "phoneNumber": " "}, "method": "FAX", "page": {"size": -1}});
        let fields = Fields::new(value.as_object().unwrap());
        let customer = fields.object("customer", "customer.").unwrap().unwrap();
        assert_eq!(message(customer.str("name").unwrap_err()), "`customer.name` must be a string");
        assert_eq!(message(customer.required_str("phoneNumber").unwrap_err()), "`customer.phoneNumber` is required");
        assert_eq!(message(fields.one_of("method", &["SMS", "APP"]).unwrap_err()), "`method` must be one of SMS, APP");
        let page = fields.object("page", "page.").unwrap().unwrap();
        assert!(message(page.count("size").unwrap_err()).starts_with("`page.size` must be a whole number"));
        assert_eq!(fields.str("absent").unwrap(), None);
    }

    #[test]
    fn arrays_and_flags() {
        let value = json!({"statuses": ["READY"], "bad": ["NOPE"], "isTest": true, "n": null});
        let fields = Fields::new(value.as_object().unwrap());
        assert_eq!(fields.strings("statuses", &["READY"]).unwrap(), Some(vec!["READY".to_owned()]));
        assert!(fields.strings("bad", &["READY"]).is_err());
        assert_eq!(fields.strings("bad", &[]).unwrap(), Some(vec!["NOPE".to_owned()]));
        assert_eq!(fields.bool("isTest").unwrap(), Some(true));
        assert_eq!(fields.bool("n").unwrap(), None);
    }

    #[test]
    fn query_pairs_decode_json_text() {
        let pairs = query_pairs(Some("storeId=a&requestBody=%7B%22page%22%3A%7B%7D%7D")).unwrap();
        assert_eq!(query_value(&pairs, "requestBody"), Some(r#"{"page":{}}"#));
        assert_eq!(query_value(&pairs, "storeId"), Some("a"));
        assert_eq!(query_pairs(None).unwrap(), vec![]);
    }
}
