//! What the V2 server saw of each request, and the middleware that records
//! requests, applies injected faults (the mechanism V1 uses) and re-types
//! errors while the undocumented-values switch is on.

use std::sync::Arc;

use axum::extract::{Request, State as AxumState};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::FakeServer;
use super::auth::{self, AuthScheme};
use super::error::{V2Error, msg};
use super::state::State;
use crate::faults;

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

/// Records the request, then applies the first matching injected fault or
/// runs the handler.
pub(crate) async fn intercept(AxumState(state): AxumState<Arc<State>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let headers = request.headers();
    state.record(RecordedRequest {
        method: request.method().as_str().to_owned(),
        path: path.clone(),
        query: request.uri().query().map(str::to_owned),
        auth: auth::credential(headers).0,
        content_type: headers.get(CONTENT_TYPE).map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
    });
    let unauthorized = || V2Error::unauthorized(msg::INJECTED_UNAUTHORIZED).into_response();
    let response = faults::apply(state.take_fault(&path), request, next, unauthorized).await;
    match response.extensions().get::<V2Error>() {
        Some(error) if state.undocumented_errors() => error.response_typed(FakeServer::UNDOCUMENTED_ERROR_TYPE),
        _ => response,
    }
}
