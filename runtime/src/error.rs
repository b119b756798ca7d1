//! The one error type of every generated client.

use std::borrow::Cow;
use std::fmt;

use reqwest::StatusCode;

/// Everything that can go wrong when calling the API.
///
/// No variant carries request data, secrets or unredacted response bodies,
/// so an `Error` can be logged as it is: its `Display` and `Debug` forms only
/// show statuses, codes, the server's message and redacted excerpts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
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
}

fn describe(code: Option<i64>, message: Option<&str>) -> String {
    match (code, message) {
        (Some(code), Some(message)) => format!(": {message} (code {code})"),
        (None, Some(message)) => format!(": {message}"),
        (Some(code), None) => format!(" (code {code})"),
        (None, None) => String::new(),
    }
}

impl Error {
    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. } | Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Timeout { source } | Error::Transport { source } => source.status(),
            Error::Token { status, .. } => *status,
            Error::InvalidInput { .. } | Error::Config(_) => None,
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

    /// Whether sending the same request again later may succeed: timeouts,
    /// transport failures, `408`, `429` and `5xx` statuses. Note that a
    /// non-idempotent request (for example one that sends an SMS) may have
    /// reached the server before a timeout.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Status { status, .. } => {
                status.is_server_error()
                    || *status == StatusCode::REQUEST_TIMEOUT
                    || *status == StatusCode::TOO_MANY_REQUESTS
            }
            Error::Token { retryable, .. } => *retryable,
            Error::Api { .. } | Error::Decode { .. } | Error::InvalidInput { .. } | Error::Config(_) => false,
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
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
        let err = Error::Status {
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

    #[test]
    fn retryable_statuses() {
        let status = |s: u16| Error::Status {
            status: StatusCode::from_u16(s).unwrap(),
            code: None,
            message: None,
            body: ErrorBody::default(),
        };
        assert!(status(500).is_retryable());
        assert!(status(503).is_retryable());
        assert!(status(429).is_retryable());
        assert!(!status(400).is_retryable());
        assert!(!status(401).is_retryable());
        let api = Error::Api { status: StatusCode::OK, code: 1, message: None };
        assert!(!api.is_retryable());
        assert_eq!(api.to_string(), "API error (HTTP 200 OK) (code 1)");
    }
}
