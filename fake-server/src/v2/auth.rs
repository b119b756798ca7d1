//! V2 credentials: the two `Authorization` schemes, JWT-shaped access
//! tokens with an `exp` claim, and single-use refresh tokens.

use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

use super::error::msg;
use crate::random;

/// How a request carried its credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// No `Authorization` header.
    None,
    /// `Authorization: PortOne <API secret>`.
    PortOne,
    /// `Authorization: Bearer <access token>`.
    Bearer,
    /// An `Authorization` header with any other form.
    Other,
}

/// The scheme of a request's `Authorization` header and what follows it.
/// Scheme names are case-insensitive, as HTTP says.
pub(crate) fn credential(headers: &HeaderMap) -> (AuthScheme, Option<&str>) {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return (AuthScheme::None, None);
    };
    let value = value.to_str().unwrap_or("").trim();
    let Some((scheme, rest)) = value.split_once(' ') else {
        return (AuthScheme::Other, None);
    };
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("portone") {
        (AuthScheme::PortOne, Some(rest))
    } else if scheme.eq_ignore_ascii_case("bearer") {
        (AuthScheme::Bearer, Some(rest))
    } else {
        (AuthScheme::Other, None)
    }
}

/// A JWT-shaped token: header, claims with `exp` in UNIX seconds, and a
/// random third part. Nobody can check the signature, so nothing is signed:
/// the server recognises its tokens by remembering them.
pub(crate) fn mint_access_token(subject: &str, issued_at: i64, expires_at: i64) -> String {
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let claims = serde_json::json!({
        "iss": "iamport-fake-server",
        "sub": subject,
        "iat": issued_at,
        "exp": expires_at,
        "jti": random::base64url(&random::bytes(12)),
    });
    let signature = random::bytes(32);
    format!(
        "{}.{}.{}",
        random::base64url(header.as_bytes()),
        random::base64url(claims.to_string().as_bytes()),
        random::base64url(&signature)
    )
}

/// Every live token, with its expiry in UNIX seconds.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    access: HashMap<String, i64>,
    refresh: HashMap<String, i64>,
}

/// A new pair of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grant {
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
}

impl Tokens {
    /// Issues a pair at `now`; lifetimes in seconds.
    pub(crate) fn issue(&mut self, subject: &str, now: i64, access_ttl: i64, refresh_ttl: i64) -> Grant {
        let access_token = mint_access_token(subject, now, now.saturating_add(access_ttl));
        let refresh_token = random::base64url(&random::bytes(32));
        self.access.insert(access_token.clone(), now.saturating_add(access_ttl));
        self.refresh.insert(refresh_token.clone(), now.saturating_add(refresh_ttl));
        Grant { access_token, refresh_token }
    }

    /// Whether `token` is a live access token; the error is the message.
    pub(crate) fn check_access(&self, token: &str, now: i64) -> Result<(), &'static str> {
        match self.access.get(token) {
            Some(expires_at) if now < *expires_at => Ok(()),
            Some(_) => Err(msg::EXPIRED_TOKEN),
            None => Err(msg::UNKNOWN_TOKEN),
        }
    }

    /// Uses up `token`: a refresh token works once.
    pub(crate) fn redeem_refresh(&mut self, token: &str, now: i64) -> Result<(), &'static str> {
        match self.refresh.remove(token) {
            Some(expires_at) if now < expires_at => Ok(()),
            Some(_) => Err(msg::EXPIRED_REFRESH_TOKEN),
            None => Err(msg::UNKNOWN_REFRESH_TOKEN),
        }
    }

    pub(crate) fn revoke(&mut self) {
        self.access.clear();
        self.refresh.clear();
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn decode_base64url(text: &str) -> Vec<u8> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let sextets: Vec<u32> =
            text.bytes().map(|b| ALPHABET.iter().position(|&a| a == b).expect("base64url") as u32).collect();
        let mut out = Vec::new();
        for chunk in sextets.chunks(4) {
            let word = chunk.iter().enumerate().fold(0u32, |acc, (i, &s)| acc | s << (18 - 6 * i));
            out.extend(word.to_be_bytes()[1..chunk.len()].iter());
        }
        out
    }

    #[test]
    fn access_tokens_are_jwts_with_exp() {
        let token = mint_access_token("store-test", 1_000, 2_800);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value = serde_json::from_slice(&decode_base64url(parts[0])).unwrap();
        assert_eq!(header["typ"], "JWT");
        let claims: serde_json::Value = serde_json::from_slice(&decode_base64url(parts[1])).unwrap();
        assert_eq!((claims["iat"].as_i64(), claims["exp"].as_i64()), (Some(1_000), Some(2_800)));
        assert_eq!(claims["sub"], "store-test");
        assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')));
    }

    #[test]
    fn expiry_and_single_use_refresh() {
        let mut tokens = Tokens::default();
        let grant = tokens.issue("s", 1_000, 60, 600);
        assert_eq!(tokens.check_access(&grant.access_token, 1_059), Ok(()));
        assert_eq!(tokens.check_access(&grant.access_token, 1_060), Err(msg::EXPIRED_TOKEN));
        assert_eq!(tokens.check_access("forged", 1_000), Err(msg::UNKNOWN_TOKEN));
        assert_eq!(tokens.redeem_refresh(&grant.refresh_token, 1_500), Ok(()));
        assert_eq!(tokens.redeem_refresh(&grant.refresh_token, 1_500), Err(msg::UNKNOWN_REFRESH_TOKEN));
        let late = tokens.issue("s", 2_000, 60, 600);
        assert_eq!(tokens.redeem_refresh(&late.refresh_token, 2_600), Err(msg::EXPIRED_REFRESH_TOKEN));
        tokens.revoke();
        assert_eq!(tokens.check_access(&late.access_token, 2_000), Err(msg::UNKNOWN_TOKEN));
    }

    #[test]
    fn schemes() {
        let cases = [
            (None, AuthScheme::None, None),
            (Some("PortOne secret"), AuthScheme::PortOne, Some("secret")),
            (Some("portone  secret "), AuthScheme::PortOne, Some("secret")),
            (Some("Bearer a.b.c"), AuthScheme::Bearer, Some("a.b.c")),
            (Some("Basic abc"), AuthScheme::Other, None),
            (Some("secret"), AuthScheme::Other, None),
        ];
        for (header, scheme, rest) in cases {
            let mut headers = HeaderMap::new();
            if let Some(header) = header {
                headers.insert(AUTHORIZATION, HeaderValue::from_static(header));
            }
            assert_eq!(credential(&headers), (scheme, rest), "{header:?}");
        }
    }
}
