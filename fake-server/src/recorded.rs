//! What the server saw of each request, and the three ways a token may arrive.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

/// The legacy token header, still accepted by the real API.
pub(crate) const IMP_TOKEN_HEADER: &str = "x-imptokenheader";

/// One request as the server received it (bodies are not kept, so no
/// personal data is held here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, `DELETE`, …
    pub method: String,
    /// Path without the query string, e.g. `/certifications/imp_123456789012`.
    pub path: String,
    /// How the request carried its access token.
    pub auth: AuthHeader,
    /// The Content-Type header as sent, if any.
    pub content_type: Option<String>,
}

/// How a request carried its access token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthHeader {
    /// Neither `Authorization` nor `X-ImpTokenHeader`.
    None,
    /// `Authorization: Bearer <token>` (the current documentation's form).
    Bearer,
    /// `Authorization: <token>` (what most official clients send).
    Raw,
    /// `X-ImpTokenHeader: <token>`, and no `Authorization` header.
    ImpTokenHeader,
}

/// The token a request presents and the form it used. `Authorization`
/// wins over `X-ImpTokenHeader` when both are sent.
pub(crate) fn presented_token(headers: &HeaderMap) -> (AuthHeader, Option<&str>) {
    if let Some(value) = headers.get(AUTHORIZATION) {
        let value = value.to_str().unwrap_or("").trim();
        return match strip_bearer(value) {
            Some(token) => (AuthHeader::Bearer, Some(token)),
            None => (AuthHeader::Raw, Some(value)),
        };
    }
    match headers.get(IMP_TOKEN_HEADER) {
        Some(value) => (AuthHeader::ImpTokenHeader, Some(value.to_str().unwrap_or("").trim())),
        None => (AuthHeader::None, None),
    }
}

fn strip_bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (axum::http::HeaderName::from_static(name), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn token_forms() {
        type Pairs = &'static [(&'static str, &'static str)];
        let cases: [(Pairs, AuthHeader, Option<&str>); 7] = [
            (&[], AuthHeader::None, None),
            (&[("authorization", "Bearer abc")], AuthHeader::Bearer, Some("abc")),
            (&[("authorization", "bearer  abc ")], AuthHeader::Bearer, Some("abc")),
            (&[("authorization", "abc")], AuthHeader::Raw, Some("abc")),
            (&[("x-imptokenheader", "abc")], AuthHeader::ImpTokenHeader, Some("abc")),
            (&[("authorization", "Bearer one"), ("x-imptokenheader", "two")], AuthHeader::Bearer, Some("one")),
            (&[("authorization", "")], AuthHeader::Raw, Some("")),
        ];
        for (pairs, form, token) in cases {
            assert_eq!(presented_token(&headers(pairs)), (form, token), "{pairs:?}");
        }
    }
}
