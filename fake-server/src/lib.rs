//! A fake I'mport (PortOne V1) REST API server for tests.
//!
//! It serves real HTTP on `127.0.0.1` (an ephemeral port by default) and
//! behaves like `https://api.iamport.kr` for the identity-certification
//! endpoints: `POST /users/getToken`, `POST /certifications/otp/request`,
//! `POST /certifications/otp/confirm/{imp_uid}`, and
//! `GET`/`DELETE /certifications/{imp_uid}`.
//!
//! Like the real API it answers every request with the envelope
//! `{"code":0,"message":null,"response":{…}}` (errors: `code: -1`, a message
//! and `response: null`, with status 400, 401, 404 …), takes POST bodies as
//! JSON or form-urlencoded, accepts the token as `Authorization: Bearer …`,
//! raw `Authorization: …` or `X-ImpTokenHeader: …`, reuses and extends
//! tokens the way the real one does, and sends integer timestamps.
//!
//! The [`FakeServer`] handle is the test's remote control: read the OTP
//! that would have been texted ([`otp_for`](FakeServer::otp_for)), move the
//! server's clock ([`advance_clock`](FakeServer::advance_clock)), revoke
//! tokens, inject faults ([`Fault`]), seed records, and inspect the
//! requests it received. Nothing leaves the machine.
//!
//! ```
//! use std::time::Duration;
//! use iamport_fake_server::{AuthHeader, FakeServer, Fault, Identity};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = FakeServer::start().await?; // keys: test_imp_key / test_imp_secret
//! let base_url = server.base_url(); // "http://127.0.0.1:<port>": give it to the client under test
//! # let _ = base_url;
//!
//! // A finished certification for GET/DELETE tests, without the OTP flow.
//! let record = server.insert_certified(&Identity::new("홍길동", "010-1234-5678", "900101", "1", "SKT"))?;
//! assert_eq!(record.birthday.as_deref(), Some("1990-01-01"));
//! assert_eq!(server.certification(&record.imp_uid), Some(record));
//!
//! // In an OTP test, after the client called /certifications/otp/request:
//! // let otp = server.otp_for(&imp_uid).unwrap();
//!
//! // The next request under /certifications answers HTTP 500 with an envelope.
//! server.inject(Fault::error(500, -1, "server error").on_path("/certifications"));
//! // Every token issued so far expires, without sleeping.
//! server.advance_clock(Duration::from_secs(31 * 60));
//!
//! // After the client ran: what did it send?
//! assert_eq!(server.token_requests(), 0);
//! assert!(server.requests().iter().all(|r| r.auth != AuthHeader::ImpTokenHeader));
//! # Ok(()) }
//! ```
//!
//! The server runs on a task of the current tokio runtime and stops when
//! the last clone of the handle is dropped, or on [`FakeServer::shutdown`].
//! The `iamport-fake-server` binary runs one by hand (`PORT` sets the port;
//! `iamport-fake-server v2` runs the V2 server instead).
//!
//! [`v2::FakeServer`] is the same kind of remote control for a fake PortOne
//! V2 identity-verification server (API secret and JWT login, send, confirm,
//! resend, get, list, typed errors), sharing [`Fault`] injection with V1.

#![warn(missing_docs)]

mod body;
mod builder;
mod calendar;
mod certification;
mod envelope;
mod faults;
mod random;
mod recorded;
mod requests;
mod routes;
mod serve;
mod state;
mod tokens;
pub mod v2;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use builder::FakeServerBuilder;
pub use certification::{Certification, Identity, InvalidIdentity};
pub use faults::Fault;
pub use recorded::{AuthHeader, RecordedRequest};

use builder::Config;
use serve::Serving;
use state::ServerState;

/// Handle to a running fake server. Clones share the same server.
#[derive(Clone)]
pub struct FakeServer {
    inner: Arc<Inner>,
}

struct Inner {
    state: Arc<ServerState>,
    serving: Serving,
}

impl FakeServer {
    /// The `imp_key` accepted unless [`FakeServerBuilder::credentials`] says otherwise.
    pub const DEFAULT_IMP_KEY: &'static str = "test_imp_key";
    /// The `imp_secret` accepted unless [`FakeServerBuilder::credentials`] says otherwise.
    pub const DEFAULT_IMP_SECRET: &'static str = "test_imp_secret";
    /// Token lifetime of the real API.
    pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(30 * 60);

    /// Starts a server with the default settings on an ephemeral port.
    pub async fn start() -> std::io::Result<FakeServer> {
        Self::start_with(Config::default()).await
    }

    /// Settings for a server to start.
    pub fn builder() -> FakeServerBuilder {
        FakeServerBuilder::default()
    }

    async fn start_with(config: Config) -> std::io::Result<FakeServer> {
        let port = config.port;
        let state = Arc::new(ServerState::new(config));
        let serving = Serving::start(port, routes::router(state.clone())).await?;
        Ok(FakeServer { inner: Arc::new(Inner { state, serving }) })
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.inner.serving.addr()
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    fn state(&self) -> &ServerState {
        &self.inner.state
    }

    /// The OTP issued for `imp_uid` (what the SMS would have said), if the
    /// OTP was requested through the API.
    pub fn otp_for(&self, imp_uid: &str) -> Option<String> {
        self.state().otp_for(imp_uid)
    }

    /// Number of `POST /users/getToken` requests received, faulted ones included.
    pub fn token_requests(&self) -> usize {
        self.state().count_requests(|r| r.method == "POST" && r.path == "/users/getToken")
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests()
    }

    /// Number of requests received so far.
    pub fn request_count(&self) -> usize {
        self.state().count_requests(|_| true)
    }

    /// Forgets the recorded requests (and so resets both counters).
    pub fn clear_requests(&self) {
        self.state().clear_requests();
    }

    /// The server's "now" in UNIX seconds: real time plus every
    /// [`advance_clock`](Self::advance_clock) so far.
    pub fn now(&self) -> i64 {
        self.state().now()
    }

    /// Moves the server's clock forward, e.g. past a token's `expired_at`.
    /// Affects token expiry, `now`, and `certified_at`; not real delays.
    pub fn advance_clock(&self, by: Duration) {
        self.state().advance_clock(by);
    }

    /// Invalidates every issued token: the next authenticated call gets 401
    /// and the next getToken issues a new token.
    pub fn revoke_tokens(&self) {
        self.state().revoke_tokens();
    }

    /// Plans a fault for the next matching request(s); see [`Fault`].
    pub fn inject(&self, fault: Fault) {
        self.state().inject(fault);
    }

    /// Drops every fault not yet used up.
    pub fn clear_faults(&self) {
        self.state().clear_faults();
    }

    /// Number of injected faults not yet used up.
    pub fn pending_faults(&self) -> usize {
        self.state().pending_faults()
    }

    /// Stores `record` as is (replacing one with the same `imp_uid`), for
    /// GET/DELETE tests with hand-made shapes such as
    /// [`Certification::unconfirmed`].
    pub fn insert_certification(&self, record: Certification) {
        self.state().insert_certification(record);
    }

    /// Stores a finished record for `identity` under a new imp_uid, exactly
    /// as a confirmed OTP request would have produced it, and returns it.
    pub fn insert_certified(&self, identity: &Identity) -> Result<Certification, InvalidIdentity> {
        self.state().insert_certified(identity)
    }

    /// The stored record for `imp_uid`, as `GET /certifications/{imp_uid}`
    /// would return it.
    pub fn certification(&self, imp_uid: &str) -> Option<Certification> {
        self.state().certification(imp_uid)
    }

    /// Stops accepting connections, lets requests in flight finish, and
    /// waits for the server task. Later calls return at once.
    pub async fn shutdown(&self) {
        self.inner.serving.shutdown().await;
    }
}

impl fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer").field("addr", &self.addr()).finish_non_exhaustive()
    }
}
