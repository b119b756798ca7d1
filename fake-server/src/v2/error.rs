//! V2 error answers: `{type, message}` with the status each `type` has in
//! the vendor's documents, and every message text the server uses.

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::envelope::json_response;

/// Message texts and the fake provider's codes, kept in one place. The
/// messages name fields, never the values sent in them.
pub(crate) mod msg {
    pub(crate) const MISSING_CREDENTIALS: &str =
        "send `Authorization: PortOne <API secret>` or `Bearer <access token>`";
    pub(crate) const UNKNOWN_SCHEME: &str = "the Authorization scheme must be `PortOne` or `Bearer`";
    pub(crate) const WRONG_SECRET: &str = "the API secret is not valid";
    pub(crate) const UNKNOWN_TOKEN: &str = "the access token is not valid";
    pub(crate) const EXPIRED_TOKEN: &str = "the access token has expired";
    pub(crate) const UNKNOWN_REFRESH_TOKEN: &str = "the refresh token is not valid or was already used";
    pub(crate) const EXPIRED_REFRESH_TOKEN: &str = "the refresh token has expired";
    pub(crate) const INJECTED_UNAUTHORIZED: &str = "the credentials are no longer valid";
    pub(crate) const OTHER_STORE: &str = "these credentials may not act for that store";
    pub(crate) const CHANNEL_NOT_FOUND: &str = "no channel of the store has this channel key";
    pub(crate) const NOT_FOUND: &str = "no identity verification has this id";
    pub(crate) const NOT_SENT: &str = "this identity verification was not sent through the API or is over";
    pub(crate) const ALREADY_SENT: &str = "this identity verification was already sent";
    pub(crate) const ALREADY_VERIFIED: &str = "this identity verification is already verified";
    pub(crate) const TOO_MANY_SENDS: &str = "too many identity verifications were sent for this IP address; try later";
    pub(crate) const MISSING_OTP: &str = "`otp` is required for the SMS method";
    pub(crate) const BLANK_ID: &str = "the identity verification id must not be blank";
    pub(crate) const NOT_JSON: &str = "the body must be a JSON object sent as application/json";
    pub(crate) const QUERY_NOT_JSON: &str = "the `requestBody` query parameter must hold a JSON object";
    pub(crate) const QUERY_AND_BODY_DIFFER: &str = "the `requestBody` query parameter and the body disagree";
    pub(crate) const MALFORMED_QUERY: &str = "the query string cannot be read";
    pub(crate) const ROUTE_NOT_FOUND: &str = "no such route";
    pub(crate) const METHOD_NOT_ALLOWED: &str = "method not allowed on this route";

    /// What the fake provider answers, as `(pgCode, pgMessage)`.
    pub(crate) const PG_DOWN: (&str, &str) = ("FAKE-9999", "the provider is not available");
    pub(crate) const PG_WRONG_OTP: (&str, &str) = ("FAKE-0101", "the one-time password does not match");
    pub(crate) const PG_OTP_EXPIRED: (&str, &str) = ("FAKE-0102", "the one-time password has expired");
    pub(crate) const PG_MESSAGE: &str = "the identity-verification provider answered with an error";
    pub(crate) const FAILED_REASON: &str = "the one-time password was entered wrongly too many times";
}

/// The documented error `type`s, plus the two the fake uses off the API's
/// routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    InvalidRequest,
    MaxTransactionCountReached,
    Unauthorized,
    Forbidden,
    ChannelNotFound,
    NotFound,
    NotSent,
    AlreadySent,
    AlreadyVerified,
    PgProvider,
    /// Not an API route; not part of the documents.
    RouteNotFound,
    /// A route without this method; not part of the documents.
    MethodNotAllowed,
}

impl Kind {
    /// The wire value of `type`.
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            Kind::InvalidRequest => "INVALID_REQUEST",
            Kind::MaxTransactionCountReached => "MAX_TRANSACTION_COUNT_REACHED",
            Kind::Unauthorized => "UNAUTHORIZED",
            Kind::Forbidden => "FORBIDDEN",
            Kind::ChannelNotFound => "CHANNEL_NOT_FOUND",
            Kind::NotFound => "IDENTITY_VERIFICATION_NOT_FOUND",
            Kind::NotSent => "IDENTITY_VERIFICATION_NOT_SENT",
            Kind::AlreadySent => "IDENTITY_VERIFICATION_ALREADY_SENT",
            Kind::AlreadyVerified => "IDENTITY_VERIFICATION_ALREADY_VERIFIED",
            Kind::PgProvider => "PG_PROVIDER",
            Kind::RouteNotFound => "NOT_FOUND",
            Kind::MethodNotAllowed => "METHOD_NOT_ALLOWED",
        }
    }

    pub(crate) fn status(self) -> StatusCode {
        match self {
            Kind::InvalidRequest | Kind::MaxTransactionCountReached => StatusCode::BAD_REQUEST,
            Kind::Unauthorized => StatusCode::UNAUTHORIZED,
            Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::ChannelNotFound | Kind::NotFound | Kind::NotSent | Kind::RouteNotFound => StatusCode::NOT_FOUND,
            Kind::AlreadySent | Kind::AlreadyVerified => StatusCode::CONFLICT,
            Kind::PgProvider => StatusCode::BAD_GATEWAY,
            Kind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }
}

/// An error answer. It travels on the response as an extension too, so the
/// middleware can re-type it when the undocumented-values switch is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct V2Error {
    pub(crate) kind: Kind,
    message: Cow<'static, str>,
    /// `(pgCode, pgMessage)` of a `PG_PROVIDER` error.
    pg: Option<(&'static str, &'static str)>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    #[serde(rename = "type")]
    error_type: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pg_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pg_message: Option<&'a str>,
}

impl V2Error {
    pub(crate) fn new(kind: Kind, message: impl Into<Cow<'static, str>>) -> V2Error {
        V2Error { kind, message: message.into(), pg: None }
    }

    pub(crate) fn invalid(message: impl Into<Cow<'static, str>>) -> V2Error {
        V2Error::new(Kind::InvalidRequest, message)
    }

    pub(crate) fn unauthorized(message: &'static str) -> V2Error {
        V2Error::new(Kind::Unauthorized, message)
    }

    /// A `PG_PROVIDER` error carrying the provider's `(code, message)`.
    pub(crate) fn pg((code, message): (&'static str, &'static str)) -> V2Error {
        V2Error { kind: Kind::PgProvider, message: msg::PG_MESSAGE.into(), pg: Some((code, message)) }
    }

    /// The body with `type` replaced by `error_type`.
    pub(crate) fn body_typed(&self, error_type: &str) -> String {
        let body = Body {
            error_type,
            message: &self.message,
            pg_code: self.pg.map(|(code, _)| code),
            pg_message: self.pg.map(|(_, message)| message),
        };
        // Plain strings cannot fail to serialize; the fallback keeps the shape.
        serde_json::to_string(&body).unwrap_or_else(|_| format!(r#"{{"type":"{error_type}"}}"#))
    }

    /// The answer with `type` replaced by `error_type`, status unchanged.
    pub(crate) fn response_typed(&self, error_type: &str) -> Response {
        json_response(self.kind.status(), self.body_typed(error_type))
    }
}

impl IntoResponse for V2Error {
    fn into_response(self) -> Response {
        let mut response = self.response_typed(self.kind.type_name());
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_carry_type_message_and_provider_details() {
        let not_found = V2Error::new(Kind::NotFound, msg::NOT_FOUND);
        assert_eq!(
            not_found.body_typed(not_found.kind.type_name()),
            r#"{"type":"IDENTITY_VERIFICATION_NOT_FOUND","message":"no identity verification has this id"}"#
        );
        let pg = V2Error::pg(msg::PG_DOWN);
        let body: serde_json::Value = serde_json::from_str(&pg.body_typed("PG_PROVIDER")).unwrap();
        assert_eq!(body["pgCode"], "FAKE-9999");
        assert_eq!(body["pgMessage"], "the provider is not available");
        assert_eq!(pg.kind.status(), StatusCode::BAD_GATEWAY);
    }

    #[test]
    fn documented_statuses() {
        let cases = [
            (Kind::InvalidRequest, 400),
            (Kind::MaxTransactionCountReached, 400),
            (Kind::Unauthorized, 401),
            (Kind::Forbidden, 403),
            (Kind::ChannelNotFound, 404),
            (Kind::NotFound, 404),
            (Kind::NotSent, 404),
            (Kind::AlreadySent, 409),
            (Kind::AlreadyVerified, 409),
            (Kind::PgProvider, 502),
        ];
        for (kind, status) in cases {
            assert_eq!(kind.status().as_u16(), status, "{}", kind.type_name());
        }
    }
}
