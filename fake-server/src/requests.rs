//! The middleware that records each request and applies injected faults.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::envelope::ApiError;
use crate::faults;
use crate::recorded::{RecordedRequest, presented_token};
use crate::state::ServerState;

/// Records the request, then applies the first matching injected fault or
/// runs the handler. Every response leaves with the JSON content type
/// unless a fault chose another.
pub(crate) async fn intercept(State(state): State<Arc<ServerState>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let headers = request.headers();
    state.record(RecordedRequest {
        method: request.method().as_str().to_owned(),
        path: path.clone(),
        auth: presented_token(headers).0,
        content_type: headers.get(CONTENT_TYPE).map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
    });
    faults::apply(state.take_fault(&path), request, next, || ApiError::unauthorized().into_response()).await
}
