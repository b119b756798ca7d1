//! Vendor envelopes such as `{"code": 0, "message": null, "response": {...}}`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// The shape of an API's response envelope: which keys hold the status
/// code, the message and the payload, and which code means success.
///
/// Generated clients pass one `Envelope` (built from their configuration) to
/// [`CoreBuilder::envelope`](crate::client::CoreBuilder::envelope); every enveloped
/// call then returns the payload on success and an error carrying code and
/// message otherwise, whatever the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// Key of the integer status code.
    pub code: &'static str,
    /// Key of the human-readable message.
    pub message: &'static str,
    /// Key of the payload.
    pub data: &'static str,
    /// The code that means success.
    pub success: i64,
}

/// An envelope as received: every part may be missing or null.
#[derive(Debug)]
pub(crate) struct Parts<T> {
    pub code: Option<i64>,
    pub message: Option<String>,
    pub data: Option<T>,
}

impl Envelope {
    /// Decodes `body` as this envelope with a payload of type `T`, reporting
    /// the path of a field that fails to decode.
    pub(crate) fn decode<'de, T: de::Deserialize<'de>>(
        &self,
        body: &'de [u8],
    ) -> Result<Parts<T>, serde_path_to_error::Error<serde_json::Error>> {
        let mut json = serde_json::Deserializer::from_slice(body);
        let mut track = serde_path_to_error::Track::new();
        let parts = Seed::<T> { envelope: self, payload: PhantomData }
            .deserialize(serde_path_to_error::Deserializer::new(&mut json, &mut track))
            .and_then(|parts| json.end().map(|()| parts))
            .map_err(|err| serde_path_to_error::Error::new(track.path(), err))?;
        Ok(parts)
    }
}

struct Seed<'a, T> {
    envelope: &'a Envelope,
    payload: PhantomData<T>,
}

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = Parts<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for Seed<'_, T> {
    type Value = Parts<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with `{}`, `{}` and `{}`", self.envelope.code, self.envelope.message, self.envelope.data)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut parts = Parts { code: None, message: None, data: None };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.envelope.code {
                parts.code = map.next_value()?;
            } else if key == self.envelope.message {
                parts.message = map.next_value()?;
            } else if key == self.envelope.data {
                parts.data = map.next_value()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENV: Envelope = Envelope { code: "code", message: "message", data: "response", success: 0 };

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Payload {
        id: String,
    }

    #[test]
    fn decodes_all_parts_and_ignores_others() {
        let body = br#"{"extra":[1,{"a":2}],"code":0,"message":null,"response":{"id":"x"}}"#;
        let parts = ENV.decode::<Payload>(body).unwrap();
        assert_eq!(parts.code, Some(0));
        assert_eq!(parts.message, None);
        assert_eq!(parts.data, Some(Payload { id: "x".into() }));
    }

    #[test]
    fn null_payload_and_error_code() {
        let body = "{\"code\":-1,\"message\":\"없음\",\"response\":null}".as_bytes();
        let parts = ENV.decode::<Payload>(body).unwrap();
        assert_eq!(parts.code, Some(-1));
        assert_eq!(parts.message.as_deref(), Some("없음"));
        assert!(parts.data.is_none());
    }

    #[test]
    fn reports_path_of_bad_field() {
        let body = br#"{"code":0,"response":{"id":5}}"#;
        let err = ENV.decode::<Payload>(body).unwrap_err();
        assert_eq!(err.path().to_string(), "response.id");
        let err = ENV.decode::<Payload>(br#"{"code":0} trailing"#).unwrap_err();
        assert!(err.inner().is_syntax(), "{err}");
    }
}
