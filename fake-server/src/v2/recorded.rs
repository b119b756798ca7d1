//! What the V2 server saw of each request.

use super::auth::AuthScheme;

/// One request as the V2 server received it. Bodies and credentials are
/// not kept; the query string is, since tests check what a client put there
/// (it stays in memory and is never printed by the server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// Path without the query string, e.g. `/identity-verifications/iv-1/send`.
    pub path: String,
    /// The raw (still percent-encoded) query string, if any.
    pub query: Option<String>,
    /// How the request carried its credentials.
    pub auth: AuthScheme,
    /// The Content-Type header as sent, if any.
    pub content_type: Option<String>,
}
