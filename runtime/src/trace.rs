//! What the client tells `tracing` (with the `tracing` feature; without
//! it, every item here compiles to nothing).
//!
//! One span per call, named `call`, with target `codegen_runtime`:
//!
//! | field | value |
//! | --- | --- |
//! | `operation` | the operationId |
//! | `http.request.method` | `GET`, `POST`, … |
//! | `http.route` | the path template (`/certifications/{imp_uid}`), never the filled-in path |
//! | `http.response.status_code` | the last response's status |
//! | `attempts` | sends made (retries and the send after a token refresh included) |
//! | `duration_ms` | the whole call, token and retries included |
//! | `error.kind` | the [`Error`](crate::Error) variant, when the call failed |
//! | `error.code` | the API's error code, when it sent one |
//!
//! Events inside it: a token fetched, reused or renewed (with its
//! generation and lifetime), a token fetch that failed, a retry (attempt,
//! reason, wait). No header value, body, query value, credential, path
//! value or server message is ever recorded, at any level.

#[cfg(feature = "tracing")]
use std::future::Future;

/// An event with target `codegen_runtime`, or nothing without the feature.
macro_rules! event {
    ($level:expr, $($rest:tt)+) => {
        #[cfg(feature = "tracing")]
        ::tracing::event!(target: "codegen_runtime", $level, $($rest)+);
    };
}
pub(crate) use event;

/// Records `value` as `field` of the current span (the call's).
#[cfg(feature = "tracing")]
pub(crate) fn record(field: &'static str, value: impl tracing::Value) {
    tracing::Span::current().record(field, value);
}

#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) fn record<T>(_field: &'static str, _value: T) {}

/// What a call's span names: the operation, the HTTP method and the path
/// template (never the filled-in path, which may hold personal data).
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) struct Route<'a> {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'a reqwest::Method,
    /// The path template.
    pub template: &'static str,
}

/// Runs `call`, the whole of one call of `route`, inside its span.
#[cfg(feature = "tracing")]
pub(crate) async fn call<T>(
    route: Route<'_>,
    call: impl Future<Output = Result<T, crate::Error>>,
) -> Result<T, crate::Error> {
    use tracing::Instrument;
    use tracing::field::Empty;

    let span = tracing::info_span!(
        target: "codegen_runtime",
        "call",
        operation = route.operation,
        http.request.method = route.method.as_str(),
        http.route = route.template,
        http.response.status_code = Empty,
        attempts = Empty,
        duration_ms = Empty,
        error.kind = Empty,
        error.code = Empty,
    );
    let started = std::time::Instant::now();
    let result = call.instrument(span.clone()).await;
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    if let Err(err) = &result {
        span.record("error.kind", err.variant());
        if let Some(code) = err.code() {
            span.record("error.code", code);
        }
        if let Some(status) = err.status() {
            span.record("http.response.status_code", status.as_u16());
        }
    }
    result
}

/// Runs `call` (no tracing).
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) async fn call<T>(
    _route: Route<'_>,
    call: impl std::future::Future<Output = Result<T, crate::Error>>,
) -> Result<T, crate::Error> {
    call.await
}
