//! A fake PortOne **V2** identity-verification server for tests.
//!
//! Like the V1 [`crate::FakeServer`] it serves real HTTP on `127.0.0.1`
//! and shares its fault injection ([`Fault`]), but it speaks V2:
//! `POST /login/api-secret`, `POST /token/refresh`, and under
//! `/identity-verifications`: `POST /{id}/send`, `/{id}/confirm`,
//! `/{id}/resend`, `GET /{id}` and the list `GET /` (conditions as JSON text
//! in the `requestBody` query parameter, or as a JSON body). There is no
//! envelope: errors are `{type, message}` with the status the vendor's
//! documents give each `type`.
//!
//! Both credentials work: `Authorization: PortOne <API secret>`, and
//! `Authorization: Bearer <access token>` where the access token is a JWT
//! from the login (its `exp` claim is the expiry, checked against the
//! server's clock). Login and refresh take no credentials.
//!
//! A record goes READY (sent) → VERIFIED (right password) or FAILED (the
//! last allowed wrong password). Decisions where the documents are silent:
//!
//! - A wrong or expired password answers `PG_PROVIDER` (502): the provider
//!   checks it. The record stays READY until
//!   [`max_otp_attempts`](FakeServerBuilder::max_otp_attempts) wrong ones.
//! - Sending an id that was sent before (READY or FAILED) answers
//!   `IDENTITY_VERIFICATION_ALREADY_SENT`; a verified one,
//!   `IDENTITY_VERIFICATION_ALREADY_VERIFIED`. Confirming or resending a
//!   FAILED record, or one the browser opened
//!   ([`insert_unsent`](FakeServer::insert_unsent)), answers
//!   `IDENTITY_VERIFICATION_NOT_SENT`.
//! - A `storeId` other than the configured store answers `FORBIDDEN`.
//! - Sends are limited per customer IP address
//!   ([`send_limit`](FakeServerBuilder::send_limit)):
//!   `MAX_TRANSACTION_COUNT_REACHED`.
//! - [`provider_down`](FakeServer::provider_down) makes send, confirm and
//!   resend answer `PG_PROVIDER` after every other check passed.
//! - Refresh tokens work once; refreshing returns a new pair. Revoking
//!   tokens leaves the API secret working.
//! - Send creates the record, so it never answers
//!   `IDENTITY_VERIFICATION_NOT_FOUND` by itself; inject one with
//!   [`Fault::typed_error`] to test a client's handling of it.
//! - Checks run in this order: credentials (401), the request's shape
//!   (400), the store (403), the records (404, 409), the send limit (400),
//!   the provider (502).
//! - `totalCount` of a list page counts every matching record.
//!
//! ```
//! use std::time::Duration;
//! use iamport_fake_server::v2::FakeServer;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let server = FakeServer::start().await?;
//! let base_url = server.base_url(); // give it to the client under test
//! let secret = FakeServer::DEFAULT_API_SECRET; // `Authorization: PortOne <secret>`
//! # let _ = (base_url, secret);
//!
//! // After the client sent `iv-1` with the SMS method:
//! // let otp = server.otp_for("iv-1").unwrap();
//!
//! // Every access token expires, without sleeping.
//! server.advance_clock(FakeServer::DEFAULT_ACCESS_TOKEN_TTL);
//! // Errors now carry `type: "SOMETHING_NEW"`, which no document lists.
//! server.undocumented_error_types(true);
//! # Ok(()) }
//! ```

mod auth;
mod builder;
mod error;
mod input;
mod list;
mod record;
mod recorded;
mod requests;
mod routes;
mod state;
mod time;
mod verification;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use auth::AuthScheme;
pub use builder::FakeServerBuilder;
pub use recorded::RecordedRequest;

pub use crate::faults::Fault;
use crate::serve::Serving;
use builder::Config;
use state::State;

/// Handle to a running fake V2 server. Clones share the same server, which
/// stops when the last clone is dropped or on [`shutdown`](Self::shutdown).
#[derive(Clone)]
pub struct FakeServer {
    inner: Arc<Inner>,
}

struct Inner {
    state: Arc<State>,
    serving: Serving,
}

impl FakeServer {
    /// The API secret accepted unless [`FakeServerBuilder::api_secret`] says otherwise.
    pub const DEFAULT_API_SECRET: &'static str = "test_portone_api_secret";
    /// The store the secret belongs to unless [`FakeServerBuilder::store_id`] says otherwise.
    pub const DEFAULT_STORE_ID: &'static str = "store-00000000-0000-4000-8000-000000000000";
    /// The channel key every server accepts.
    pub const DEFAULT_CHANNEL_KEY: &'static str = "channel-key-00000000-0000-4000-8000-000000000000";
    /// Access-token lifetime (the facts do not say; 30 minutes as in V1).
    pub const DEFAULT_ACCESS_TOKEN_TTL: Duration = Duration::from_secs(30 * 60);
    /// Refresh-token lifetime.
    pub const DEFAULT_REFRESH_TOKEN_TTL: Duration = Duration::from_secs(24 * 60 * 60);
    /// How long an SMS password stays usable.
    pub const DEFAULT_OTP_TTL: Duration = Duration::from_secs(3 * 60);
    /// Wrong passwords before a record turns FAILED.
    pub const DEFAULT_MAX_OTP_ATTEMPTS: u32 = 3;
    /// Sends per customer IP address within [`DEFAULT_SEND_WINDOW`](Self::DEFAULT_SEND_WINDOW).
    pub const DEFAULT_SEND_LIMIT: u32 = 20;
    /// The window of [`DEFAULT_SEND_LIMIT`](Self::DEFAULT_SEND_LIMIT).
    pub const DEFAULT_SEND_WINDOW: Duration = Duration::from_secs(60 * 60);
    /// The error `type` sent while [`undocumented_error_types`](Self::undocumented_error_types) is on.
    pub const UNDOCUMENTED_ERROR_TYPE: &'static str = "SOMETHING_NEW";
    /// The record `status` after [`cancel`](Self::cancel); no document lists it.
    pub const UNDOCUMENTED_STATUS: &'static str = "CANCELLED";

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
        let state = Arc::new(State::new(config));
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

    fn state(&self) -> &State {
        &self.inner.state
    }

    /// The password the SMS would have carried for the READY record `id`
    /// (the latest one after a resend); `None` for the APP method or once
    /// the record is no longer READY.
    pub fn otp_for(&self, id: &str) -> Option<String> {
        self.state().otp_for(id)
    }

    /// The record `id` as `GET /identity-verifications/{id}` returns it.
    pub fn identity_verification(&self, id: &str) -> Option<serde_json::Value> {
        self.state().identity_verification(id)
    }

    /// The server's "now" in UNIX seconds: real time plus every
    /// [`advance_clock`](Self::advance_clock) so far.
    pub fn now(&self) -> i64 {
        self.state().now()
    }

    /// Moves the server's clock forward: tokens and passwords expire,
    /// timestamps move. No real delay.
    pub fn advance_clock(&self, by: Duration) {
        self.state().advance_clock(by);
    }

    /// Invalidates every access and refresh token; the API secret keeps working.
    pub fn revoke_tokens(&self) {
        self.state().revoke_tokens();
    }

    /// While on, send, confirm and resend answer `PG_PROVIDER` (502) once
    /// the request passed every other check; records stay as they were.
    pub fn provider_down(&self, down: bool) {
        self.state().set_provider_down(down);
    }

    /// While on, every error answer carries
    /// [`UNDOCUMENTED_ERROR_TYPE`](Self::UNDOCUMENTED_ERROR_TYPE) as its
    /// `type` (status and message unchanged), as a newer API might.
    pub fn undocumented_error_types(&self, on: bool) {
        self.state().set_undocumented_errors(on);
    }

    /// Moves the record `id` to [`UNDOCUMENTED_STATUS`](Self::UNDOCUMENTED_STATUS)
    /// (with a `cancelledAt`), so get and list return a `status` no document
    /// lists. Returns whether the record exists.
    pub fn cancel(&self, id: &str) -> bool {
        self.state().cancel(id)
    }

    /// Stores a READY record under `id` that the browser SDK opened and the
    /// API never sent: confirm and resend answer
    /// `IDENTITY_VERIFICATION_NOT_SENT`; a send through the API takes it over.
    pub fn insert_unsent(&self, id: &str) {
        self.state().insert_unsent(id);
    }

    /// Plans a fault for the next matching request(s); see [`Fault`]
    /// ([`Fault::typed_error`] builds V2 error bodies).
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

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests()
    }

    /// Number of requests received so far.
    pub fn request_count(&self) -> usize {
        self.state().count_requests(|_| true)
    }

    /// Number of `POST /login/api-secret` requests, faulted ones included.
    pub fn login_requests(&self) -> usize {
        self.state().count_requests(|r| r.method == "POST" && r.path == "/login/api-secret")
    }

    /// Number of `POST /token/refresh` requests, faulted ones included.
    pub fn refresh_requests(&self) -> usize {
        self.state().count_requests(|r| r.method == "POST" && r.path == "/token/refresh")
    }

    /// Forgets the recorded requests (and so resets the counters).
    pub fn clear_requests(&self) {
        self.state().clear_requests();
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
