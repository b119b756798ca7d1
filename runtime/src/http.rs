//! The HTTP client calls go through, and a response as received.

use std::time::Duration;

use reqwest::StatusCode;

/// The HTTP client a generated client sends with, given to its builder's
/// `http_client`: a `reqwest::Client`, or with the `middleware` feature a
/// `reqwest_middleware::ClientWithMiddleware`, converted with `.into()`.
pub struct HttpClient(pub(crate) Http);

impl From<reqwest::Client> for HttpClient {
    fn from(client: reqwest::Client) -> Self {
        HttpClient(Http::Reqwest(client))
    }
}

#[cfg(feature = "middleware")]
#[cfg_attr(docsrs, doc(cfg(feature = "middleware")))]
impl From<reqwest_middleware::ClientWithMiddleware> for HttpClient {
    fn from(client: reqwest_middleware::ClientWithMiddleware) -> Self {
        HttpClient(Http::Middleware(client))
    }
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Http::Reqwest(_) => f.write_str("HttpClient(reqwest)"),
            #[cfg(feature = "middleware")]
            Http::Middleware(_) => f.write_str("HttpClient(reqwest-middleware)"),
        }
    }
}

/// The HTTP client a [`Core`] sends with.
pub(crate) enum Http {
    /// Plain `reqwest`.
    Reqwest(reqwest::Client),
    /// A `reqwest-middleware` stack.
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::ClientWithMiddleware),
}

/// A response as received.
pub(crate) struct Raw {
    pub(crate) status: StatusCode,
    pub(crate) body: Vec<u8>,
    /// What its `Retry-After` header asks for, when its status is worth retrying.
    pub(crate) retry_after: Option<Duration>,
}
