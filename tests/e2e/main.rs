//! End-to-end tests: the generated client against the fake I'mport server,
//! over real HTTP on 127.0.0.1. One fake server per test.
//!
//! One test binary (`tests/e2e/main.rs` and its modules beside it), as the
//! fake server's own end-to-end tests are laid out.

mod bodies;
mod decoding;
mod errors;
mod operations;
mod retries;
mod tokens;
mod validation;

use std::time::Duration;

use iamport_certification::types::{Carrier, OtpRequest};
use iamport_certification::{Client, ClientBuilder, Error, RetryPolicy};
use iamport_fake_server::{FakeServer, Identity};

pub const KEY: &str = FakeServer::DEFAULT_IMP_KEY;
pub const SECRET: &str = FakeServer::DEFAULT_IMP_SECRET;

/// The certification-not-found message of the real API.
pub const NOT_FOUND_MESSAGE: &str = "인증결과가 존재하지 않습니다.";

/// A builder pointed at `server` with its credentials, a timeout that
/// keeps a hung test short, and no retries, so that each test sees every
/// answer as the server gave it (`retries.rs` tests the retry policies).
pub fn builder(server: &FakeServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .credentials(KEY, SECRET)
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::never())
}

/// A fake server with default settings and a client for it.
pub async fn start() -> (FakeServer, Client) {
    let server = FakeServer::start().await.expect("the fake server starts");
    let client = builder(&server).build().expect("the client builds");
    (server, client)
}

/// The OTP request every test uses unless it needs something else.
pub fn person() -> OtpRequest {
    OtpRequest::new("홍길동", "010-1234-5678", "1990-01-01", "1", Carrier::Skt)
}

/// The same person, for records seeded on the server.
pub fn identity() -> Identity {
    Identity::new("홍길동", "010-1234-5678", "900101", "1", "SKT")
}

/// `(method, path)` of every request the server received.
pub fn calls(server: &FakeServer) -> Vec<(String, String)> {
    server.requests().into_iter().map(|r| (r.method, r.path)).collect()
}

/// `(method, path)` pairs from literals, to compare with [`calls`].
pub fn expected(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(m, p)| ((*m).to_owned(), (*p).to_owned())).collect()
}

/// The status, code and message of an [`Error::Status`]; panics otherwise.
pub fn status_parts(err: &Error) -> (u16, Option<i64>, Option<&str>) {
    match err {
        Error::Status { status, code, message, .. } => (status.as_u16(), *code, message.as_deref()),
        other => panic!("expected Error::Status, got {other:?}"),
    }
}
