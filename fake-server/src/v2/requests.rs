//! The middleware that records each request to the V2 server, applies
//! injected faults (the mechanism V1 uses) and re-types errors while the
//! undocumented-values switch is on.

use std::sync::Arc;

use axum::extract::{Request, State as AxumState};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::FakeServer;
use super::auth;
use super::error::{V2Error, msg};
use super::recorded::RecordedRequest;
use super::state::State;
use crate::faults;

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
