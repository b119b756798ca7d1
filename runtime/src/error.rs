//! The one error type of every generated client.

use std::borrow::Cow;
use std::fmt;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// Everything that can go wrong when calling the API.
///
/// `E` is the type of the error bodies the API documents for an operation:
/// methods of operations that document them return `Error<TheirType>`, and a
/// documented error response arrives as [`Error::Response`], decoded, for
/// the caller to `match` on. Operations without documented error bodies
/// return plain `Error` (`E` = [`Untyped`], whose `Response` cannot occur).
///
/// No variant carries request data, secrets or unredacted response bodies,
/// so an `Error` can be logged as it is: its `Display` form only shows
/// statuses, codes, the server's message (masked: without the sensitive
/// values the request sent, values of sensitive keys, or digit runs that
/// look like phone numbers, dates of birth or resident registration
/// numbers), the kind of a documented error and redacted excerpts, and its
/// `Debug` form adds the decoded error body, whose generated `Debug`
/// redacts sensitive fields and whose digit runs are masked as messages are.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: ErrorKind = Untyped> {
    /// The request did not complete within the configured timeout.
    #[error("request timed out")]
    Timeout {
        /// The underlying error, with the URL removed.
        #[source]
        source: reqwest::Error,
    },
    /// The request could not be sent or the response could not be read
    /// (connection refused, TLS failure, connection reset, …).
    #[error("transport error: {source}")]
    Transport {
        /// The underlying error, with the URL removed.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered with a non-success HTTP status.
    #[error("HTTP {status}{}", describe(*code, message.as_deref()))]
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The envelope's code, when the body carried one.
        code: Option<i64>,
        /// The envelope's (or body's) message, when the body carried one.
        message: Option<String>,
        /// The response body, for callers that expect a typed error body.
        body: ErrorBody,
    },
    /// The server answered with an error response that the API documents
    /// for this operation, and its body decoded as the documented type.
    #[error("HTTP {status}: {}", error.kind())]
    Response {
        /// The HTTP status.
        status: StatusCode,
        /// The decoded body.
        error: E,
    },
    /// The server answered with a success status but its envelope reports an
    /// error (`code` is not the success code).
    #[error("API error (HTTP {status}){}", describe(Some(*code), message.as_deref()))]
    Api {
        /// The HTTP status (usually 200).
        status: StatusCode,
        /// The envelope's error code.
        code: i64,
        /// The envelope's message.
        message: Option<String>,
    },
    /// The response body could not be decoded into the expected type.
    #[error("could not decode the HTTP {status} response: {detail}; body excerpt: {excerpt}")]
    Decode {
        /// The HTTP status of the response.
        status: StatusCode,
        /// What was wrong, with the path of the offending field; values are
        /// redacted.
        detail: String,
        /// A short excerpt of the body with sensitive fields redacted.
        excerpt: String,
    },
    /// A value given by the caller was rejected before anything was sent.
    #[error("invalid input for `{field}`: {reason}")]
    InvalidInput {
        /// The field (wire name) that was rejected.
        field: Cow<'static, str>,
        /// Why it was rejected; never contains the value itself.
        reason: Cow<'static, str>,
    },
    /// Obtaining an access token failed in another request that this one
    /// was waiting for; `cause` describes that failure. (The request that
    /// made the attempt gets the original error.)
    #[error("could not obtain an access token: {cause}")]
    Token {
        /// What went wrong, as the original error displays it.
        cause: String,
        /// The HTTP status of the failed token response, if there was one.
        status: Option<StatusCode>,
        /// Whether the original error was retryable.
        retryable: bool,
    },
    /// The client was configured wrongly (bad base URL, missing credentials…).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A middleware of a `reqwest-middleware` stack failed (see
    /// `CoreBuilder::middleware_client`); the request may or may not have
    /// been sent.
    #[error("middleware error")]
    Middleware {
        /// What the middleware reported.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl<E: ErrorKind> fmt::Debug for Error<E> {
    /// As derived, except that a documented error body's `Debug` text has
    /// its personal-looking digit runs masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Timeout { source } => f.debug_struct("Timeout").field("source", source).finish(),
            Error::Transport { source } => f.debug_struct("Transport").field("source", source).finish(),
            Error::Status { status, code, message, body } => f
                .debug_struct("Status")
                .field("status", status)
                .field("code", code)
                .field("message", message)
                .field("body", body)
                .finish(),
            Error::Response { status, error } => f
                .debug_struct("Response")
                .field("status", status)
                .field("error", &Masked(crate::redact::masked_digits(&format!("{error:?}"))))
                .finish(),
            Error::Api { status, code, message } => {
                f.debug_struct("Api").field("status", status).field("code", code).field("message", message).finish()
            }
            Error::Decode { status, detail, excerpt } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("detail", detail)
                .field("excerpt", excerpt)
                .finish(),
            Error::InvalidInput { field, reason } => {
                f.debug_struct("InvalidInput").field("field", field).field("reason", reason).finish()
            }
            Error::Token { cause, status, retryable } => f
                .debug_struct("Token")
                .field("cause", cause)
                .field("status", status)
                .field("retryable", retryable)
                .finish(),
            Error::Config(message) => f.debug_tuple("Config").field(message).finish(),
            Error::Middleware { source } => f.debug_struct("Middleware").field("source", source).finish(),
        }
    }
}

/// Text that `Debug` prints as it is.
struct Masked(String);

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn describe(code: Option<i64>, message: Option<&str>) -> String {
    match (code, message) {
        (Some(code), Some(message)) => format!(": {message} (code {code})"),
        (None, Some(message)) => format!(": {message}"),
        (Some(code), None) => format!(" (code {code})"),
        (None, None) => String::new(),
    }
}

/// The error bodies an API documents: what kind of error a body reports,
/// for [`Error`]'s `Display` (a discriminator's value, or the type's name).
/// Generated error types implement it.
pub trait ErrorKind: fmt::Debug {
    /// The kind of error, never personal data.
    fn kind(&self) -> &str;
}

/// The error-body type of operations that document none: it has no values,
/// so [`Error::Response`] cannot occur for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untyped {}

impl ErrorKind for Untyped {
    fn kind(&self) -> &str {
        match *self {}
    }
}

impl<E: ErrorKind> Error<E> {
    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. }
            | Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::Response { status, .. } => Some(*status),
            Error::Timeout { source } | Error::Transport { source } => source.status(),
            Error::Token { status, .. } => *status,
            Error::InvalidInput { .. } | Error::Config(_) | Error::Middleware { .. } => None,
        }
    }

    /// The API's error code (from the envelope), if the server sent one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Status { code, .. } => *code,
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The server's error message, if it sent one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Status { message, .. } | Error::Api { message, .. } => message.as_deref(),
            _ => None,
        }
    }

    /// The decoded body of a documented error response.
    pub fn response(&self) -> Option<&E> {
        match self {
            Error::Response { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether sending the same request again later may succeed: timeouts,
    /// transport failures, `408`, `429` and `5xx` statuses. Note that a
    /// non-idempotent request (for example one that sends an SMS) may have
    /// reached the server before a timeout.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Status { status, .. } | Error::Response { status, .. } => {
                status.is_server_error()
                    || *status == StatusCode::REQUEST_TIMEOUT
                    || *status == StatusCode::TOO_MANY_REQUESTS
            }
            Error::Token { retryable, .. } => *retryable,
            Error::Api { .. }
            | Error::Decode { .. }
            | Error::InvalidInput { .. }
            | Error::Config(_)
            | Error::Middleware { .. } => false,
        }
    }

    /// The variant's name, for traces.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn variant(&self) -> &'static str {
        match self {
            Error::Timeout { .. } => "timeout",
            Error::Transport { .. } => "transport",
            Error::Status { .. } => "status",
            Error::Response { .. } => "response",
            Error::Api { .. } => "api",
            Error::Decode { .. } => "decode",
            Error::InvalidInput { .. } => "invalid_input",
            Error::Token { .. } => "token",
            Error::Config(_) => "config",
            Error::Middleware { .. } => "middleware",
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

impl Error {
    /// This error as an error of an operation whose documented error
    /// bodies have type `E`: a non-success response whose status is
    /// `documented` and whose body decodes as `E` becomes
    /// [`Error::Response`]; every other error stays what it is (an
    /// undocumented status, or a body that does not decode, is still an
    /// [`Error::Status`]).
    pub fn documented<E: ErrorKind + DeserializeOwned>(self, documented: impl FnOnce(u16) -> bool) -> Error<E> {
        match self {
            Error::Status { status, code, message, body } => {
                match documented(status.as_u16()).then(|| body.json::<E>().ok()).flatten() {
                    Some(error) => Error::Response { status, error },
                    None => Error::Status { status, code, message, body },
                }
            }
            Error::Timeout { source } => Error::Timeout { source },
            Error::Transport { source } => Error::Transport { source },
            Error::Api { status, code, message } => Error::Api { status, code, message },
            Error::Decode { status, detail, excerpt } => Error::Decode { status, detail, excerpt },
            Error::InvalidInput { field, reason } => Error::InvalidInput { field, reason },
            Error::Token { cause, status, retryable } => Error::Token { cause, status, retryable },
            Error::Config(message) => Error::Config(message),
            Error::Middleware { source } => Error::Middleware { source },
            Error::Response { error, .. } => match error {},
        }
    }

    pub(crate) fn invalid(field: impl Into<Cow<'static, str>>, reason: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidInput { field: field.into(), reason: reason.into() }
    }

    /// What callers waiting for a token fetch learn when it fails.
    pub(crate) fn token_failure(err: &Error) -> Self {
        Error::Token { cause: err.to_string(), status: err.status(), retryable: err.is_retryable() }
    }

    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        // The URL may carry path or query values given by the caller.
        let source = err.without_url();
        if source.is_timeout() { Error::Timeout { source } } else { Error::Transport { source } }
    }

    #[cfg(feature = "middleware")]
    pub(crate) fn from_middleware(err: reqwest_middleware::Error) -> Self {
        match err {
            reqwest_middleware::Error::Reqwest(err) => Error::from_reqwest(err),
            reqwest_middleware::Error::Middleware(err) => Error::Middleware { source: err.into() },
        }
    }
}

/// The body of an error response, kept for callers that expect a typed error
/// body. Its `Debug` form shows only its length, because bodies can carry
/// personal data.
#[derive(Clone, Default)]
pub struct ErrorBody(Vec<u8>);

impl ErrorBody {
    pub(crate) fn new(bytes: Vec<u8>) -> Self {
        ErrorBody(bytes)
    }

    /// The raw bytes of the body.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Decodes the body as JSON into `T` (for example an error model the spec
    /// documents for this status).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.0)
    }
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ErrorBody({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_code_and_message() {
        let err: Error = Error::Status {
            status: StatusCode::NOT_FOUND,
            code: Some(-1),
            message: Some("not found".into()),
            body: ErrorBody::new(b"{\"secret\":1}".to_vec()),
        };
        assert_eq!(err.to_string(), "HTTP 404 Not Found: not found (code -1)");
        let debug = format!("{err:?}");
        assert!(debug.contains("ErrorBody(12 bytes)"), "{debug}");
        assert!(!debug.contains("secret"));
        assert_eq!(err.code(), Some(-1));
        assert!(!err.is_retryable());
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Problem {
        r#type: String,
    }

    impl ErrorKind for Problem {
        fn kind(&self) -> &str {
            &self.r#type
        }
    }

    #[test]
    fn documented_bodies_become_typed_errors() {
        let status = |s: u16, body: &str| Error::Status {
            status: StatusCode::from_u16(s).unwrap(),
            code: None,
            message: None,
            body: ErrorBody::new(body.as_bytes().to_vec()),
        };
        let decode = |status: u16| status == 409;
        let typed: Error<Problem> = status(409, r#"{"type":"ALREADY_SENT"}"#).documented(decode);
        assert_eq!(typed.response(), Some(&Problem { r#type: "ALREADY_SENT".into() }));
        assert_eq!(typed.to_string(), "HTTP 409 Conflict: ALREADY_SENT");
        assert_eq!(typed.status(), Some(StatusCode::CONFLICT));
        // An undocumented status, or a body that does not decode, stays a status error.
        assert!(matches!(status(500, r#"{"type":"X"}"#).documented::<Problem>(decode), Error::Status { .. }));
        assert!(matches!(status(409, "<html>").documented::<Problem>(decode), Error::Status { .. }));
        let other = Error::invalid("name", "is empty").documented::<Problem>(decode);
        assert!(matches!(other, Error::InvalidInput { .. }));
    }

    #[test]
    fn retryable_statuses() {
        let status = |s: u16| -> Error {
            Error::Status {
                status: StatusCode::from_u16(s).unwrap(),
                code: None,
                message: None,
                body: ErrorBody::default(),
            }
        };
        assert!(status(500).is_retryable());
        assert!(status(503).is_retryable());
        assert!(status(429).is_retryable());
        assert!(!status(400).is_retryable());
        assert!(!status(401).is_retryable());
        let api: Error = Error::Api { status: StatusCode::OK, code: 1, message: None };
        assert!(!api.is_retryable());
        assert_eq!(api.to_string(), "API error (HTTP 200 OK) (code 1)");
    }
}
