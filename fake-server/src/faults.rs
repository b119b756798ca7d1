//! Fault injection: make the next matching request(s) fail or stall, then
//! resume normal behaviour. Shared by the V1 and V2 servers: each keeps its
//! own queue and only says what its "unauthorized" answer looks like.

use std::collections::VecDeque;
use std::time::Duration;

use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::envelope::{self, JSON_CONTENT_TYPE};

/// A planned misbehaviour for the next matching request(s).
///
/// A fault applies once unless [`times`](Fault::times) says otherwise, and
/// to every path unless [`on_path`](Fault::on_path) narrows it. Faults are
/// consumed in the order they were injected; a request meets at most one.
/// Requests that meet a fault are still recorded and counted.
///
/// ```
/// use std::time::Duration;
/// use iamport_fake_server::Fault;
///
/// // The next two certification calls answer HTTP 500 with an envelope.
/// let outage = Fault::error(500, -1, "server error").times(2).on_path("/certifications");
/// // HTTP 200 with a business error, as some real endpoints do.
/// let business = Fault::error(200, 1, "처리할 수 없습니다.");
/// // A truncated body behind a proxy's content type.
/// let garbage = Fault::respond(502, "<html>Bad Gateway").content_type("text/html");
/// // Overloaded: HTTP 503, and come back in a second.
/// let busy = Fault::error(503, -1, "busy").retry_after("1");
/// // A slow server: the request is answered normally after 3 seconds.
/// let slow = Fault::delay(Duration::from_secs(3));
/// // One 401 even though the token is fine.
/// let expired = Fault::unauthorized();
/// // A V2 error body, here one the V2 documents do not list.
/// let novel = Fault::typed_error(409, "SOMETHING_NEW", "a kind of error from a newer API");
/// # let _ = (outage, business, busy, garbage, slow, expired, novel);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub(crate) action: Action,
    remaining: usize,
    path_prefix: Option<String>,
}

/// What a fault does to the request it meets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    Respond { status: u16, body: String, content_type: String, retry_after: Option<String> },
    Delay(Duration),
    Unauthorized,
}

impl Fault {
    /// Answer with `status` and exactly `body` (JSON content type unless
    /// [`content_type`](Fault::content_type) changes it). A status outside
    /// 100–999 is sent as 500.
    pub fn respond(status: u16, body: impl Into<String>) -> Fault {
        Fault::new(Action::Respond {
            status,
            body: body.into(),
            content_type: JSON_CONTENT_TYPE.to_owned(),
            retry_after: None,
        })
    }

    /// Answer with `status` and the envelope
    /// `{"code":code,"message":message,"response":null}`.
    pub fn error(status: u16, code: i64, message: &str) -> Fault {
        Fault::respond(status, envelope::error_body(code, message))
    }

    /// Answer with `status` and a V2 error body
    /// `{"type":error_type,"message":message}`, for the V2 server.
    pub fn typed_error(status: u16, error_type: &str, message: &str) -> Fault {
        let text = |value: &str| serde_json::Value::from(value).to_string();
        Fault::respond(status, format!(r#"{{"type":{},"message":{}}}"#, text(error_type), text(message)))
    }

    /// Wait `delay`, then handle the request normally.
    pub fn delay(delay: Duration) -> Fault {
        Fault::new(Action::Delay(delay))
    }

    /// Answer 401 with the server's usual unauthorized answer (V1: an
    /// envelope; V2: `{"type":"UNAUTHORIZED",…}`), whatever credentials were
    /// sent (a token the server considers expired).
    pub fn unauthorized() -> Fault {
        Fault::new(Action::Unauthorized)
    }

    /// Apply to the next `count` matching requests instead of one.
    pub fn times(mut self, count: usize) -> Fault {
        self.remaining = count;
        self
    }

    /// Only apply to requests whose path starts with `prefix`, e.g.
    /// `"/users/getToken"` or `"/certifications"`.
    pub fn on_path(mut self, prefix: impl Into<String>) -> Fault {
        self.path_prefix = Some(prefix.into());
        self
    }

    /// Content type of a [`respond`](Fault::respond) or
    /// [`error`](Fault::error) body; no effect on other faults.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Fault {
        if let Action::Respond { content_type: ref mut current, .. } = self.action {
            *current = content_type.into();
        }
        self
    }

    /// A `Retry-After` header with exactly `value` (seconds, or an HTTP
    /// date) on a [`respond`](Fault::respond) or [`error`](Fault::error)
    /// answer; no effect on other faults.
    pub fn retry_after(mut self, value: impl Into<String>) -> Fault {
        if let Action::Respond { retry_after: ref mut current, .. } = self.action {
            *current = Some(value.into());
        }
        self
    }

    fn new(action: Action) -> Fault {
        Fault { action, remaining: 1, path_prefix: None }
    }

    fn matches(&self, path: &str) -> bool {
        self.path_prefix.as_deref().is_none_or(|prefix| path.starts_with(prefix))
    }
}

/// Injected faults not yet used up.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue(VecDeque<Fault>);

impl FaultQueue {
    pub(crate) fn push(&mut self, fault: Fault) {
        if fault.remaining > 0 {
            self.0.push_back(fault);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The action for a request to `path`, using up one application of the
    /// oldest matching fault.
    pub(crate) fn take(&mut self, path: &str) -> Option<Action> {
        let index = self.0.iter().position(|fault| fault.matches(path))?;
        let fault = &mut self.0[index];
        fault.remaining -= 1;
        let action = fault.action.clone();
        if fault.remaining == 0 {
            self.0.remove(index);
        }
        Some(action)
    }
}

/// Runs the request through `action`, or straight to the handler when no
/// fault applies. `unauthorized` is the server's own 401 answer. Every
/// answer leaves with the JSON content type unless a fault chose another.
pub(crate) async fn apply(
    action: Option<Action>,
    request: Request,
    next: Next,
    unauthorized: impl FnOnce() -> Response,
) -> Response {
    let mut response = match action {
        Some(Action::Respond { status, body, content_type, retry_after }) => {
            return respond(status, body, &content_type, retry_after.as_deref());
        }
        Some(Action::Unauthorized) => unauthorized(),
        Some(Action::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        None => next.run(request).await,
    };
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    response
}

fn respond(status: u16, body: String, content_type: &str, retry_after: Option<&str>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body).into_response();
    let content_type =
        HeaderValue::from_str(content_type).unwrap_or_else(|_| HeaderValue::from_static(JSON_CONTENT_TYPE));
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(v).ok()) {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_used_up_in_order_and_by_path() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::unauthorized().on_path("/certifications").times(2));
        queue.push(Fault::delay(Duration::from_millis(5)));
        queue.push(Fault::unauthorized().times(0));
        assert_eq!(queue.len(), 2);

        assert_eq!(queue.take("/users/getToken"), Some(Action::Delay(Duration::from_millis(5))));
        assert_eq!(queue.take("/users/getToken"), None);
        assert_eq!(queue.take("/certifications/imp_1"), Some(Action::Unauthorized));
        assert_eq!(queue.take("/certifications/otp/request"), Some(Action::Unauthorized));
        assert_eq!(queue.take("/certifications/imp_1"), None);
        assert_eq!(queue.len(), 0);
    }

    #[test]
    fn typed_error_builds_a_v2_body() {
        let Action::Respond { status, body, .. } = Fault::typed_error(404, "X_Y", "why").action else {
            panic!("a typed error responds");
        };
        assert_eq!((status, body.as_str()), (404, r#"{"type":"X_Y","message":"why"}"#));
    }

    #[test]
    fn error_builds_an_envelope() {
        let fault = Fault::error(200, 1, "no").content_type("text/plain").retry_after("2");
        assert_eq!(
            fault.action,
            Action::Respond {
                status: 200,
                body: r#"{"code":1,"message":"no","response":null}"#.to_owned(),
                content_type: "text/plain".to_owned(),
                retry_after: Some("2".to_owned()),
            }
        );
    }
}
