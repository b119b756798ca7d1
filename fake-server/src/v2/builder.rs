//! V2 server settings and the builder that starts a configured server.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::FakeServer;

/// Called with `(identityVerificationId, otp)` whenever an OTP is issued.
pub(crate) type OtpHook = Arc<dyn Fn(&str, &str) + Send + Sync>;

/// Everything a running V2 server needs to know about itself.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) api_secret: String,
    pub(crate) store_id: String,
    pub(crate) channel_keys: Vec<String>,
    pub(crate) access_token_ttl: Duration,
    pub(crate) refresh_token_ttl: Duration,
    pub(crate) otp_ttl: Duration,
    pub(crate) max_otp_attempts: u32,
    pub(crate) send_limit: u32,
    pub(crate) send_window: Duration,
    pub(crate) port: u16,
    pub(crate) on_otp: Option<OtpHook>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_secret: FakeServer::DEFAULT_API_SECRET.to_owned(),
            store_id: FakeServer::DEFAULT_STORE_ID.to_owned(),
            channel_keys: vec![FakeServer::DEFAULT_CHANNEL_KEY.to_owned()],
            access_token_ttl: FakeServer::DEFAULT_ACCESS_TOKEN_TTL,
            refresh_token_ttl: FakeServer::DEFAULT_REFRESH_TOKEN_TTL,
            otp_ttl: FakeServer::DEFAULT_OTP_TTL,
            max_otp_attempts: FakeServer::DEFAULT_MAX_OTP_ATTEMPTS,
            send_limit: FakeServer::DEFAULT_SEND_LIMIT,
            send_window: FakeServer::DEFAULT_SEND_WINDOW,
            port: 0,
            on_otp: None,
        }
    }
}

impl Config {
    pub(crate) fn secs(duration: Duration) -> i64 {
        i64::try_from(duration.as_secs()).unwrap_or(i64::MAX / 2)
    }
}

/// Settings for a V2 [`FakeServer`]; created by [`FakeServer::builder`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use std::time::Duration;
/// use iamport_fake_server::v2::FakeServer;
///
/// let server = FakeServer::builder()
///     .api_secret("my-test-secret")
///     .store_id("store-1")
///     .channel_key("channel-key-2")
///     .access_token_ttl(Duration::from_secs(60))
///     .start()
///     .await?;
/// assert!(server.base_url().starts_with("http://127.0.0.1:"));
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
#[must_use = "a builder does nothing until `.start().await`"]
pub struct FakeServerBuilder {
    config: Config,
}

impl FakeServerBuilder {
    /// The only API secret accepted, in `Authorization: PortOne …` and by
    /// `POST /login/api-secret` (default [`FakeServer::DEFAULT_API_SECRET`]).
    pub fn api_secret(mut self, secret: impl Into<String>) -> Self {
        self.config.api_secret = secret.into();
        self
    }

    /// The store the secret belongs to; any other `storeId` is answered
    /// with `FORBIDDEN` (default [`FakeServer::DEFAULT_STORE_ID`]).
    pub fn store_id(mut self, store_id: impl Into<String>) -> Self {
        self.config.store_id = store_id.into();
        self
    }

    /// Accepts one more channel key besides
    /// [`FakeServer::DEFAULT_CHANNEL_KEY`]; unknown keys are answered with
    /// `CHANNEL_NOT_FOUND`.
    pub fn channel_key(mut self, key: impl Into<String>) -> Self {
        self.config.channel_keys.push(key.into());
        self
    }

    /// Lifetime of an access token, the JWT's `exp` minus its `iat`
    /// (default 30 minutes). Whole seconds count.
    pub fn access_token_ttl(mut self, ttl: Duration) -> Self {
        self.config.access_token_ttl = ttl;
        self
    }

    /// Lifetime of a refresh token (default one day).
    pub fn refresh_token_ttl(mut self, ttl: Duration) -> Self {
        self.config.refresh_token_ttl = ttl;
        self
    }

    /// How long an SMS one-time password stays usable (default 3 minutes).
    pub fn otp_ttl(mut self, ttl: Duration) -> Self {
        self.config.otp_ttl = ttl;
        self
    }

    /// Wrong one-time passwords a verification survives; the last one
    /// turns it `FAILED` (default 3, at least 1).
    pub fn max_otp_attempts(mut self, attempts: u32) -> Self {
        self.config.max_otp_attempts = attempts.max(1);
        self
    }

    /// At most `count` sends per customer IP address within `window`; the
    /// next is answered with `MAX_TRANSACTION_COUNT_REACHED` (default 20 per
    /// hour).
    pub fn send_limit(mut self, count: u32, window: Duration) -> Self {
        self.config.send_limit = count;
        self.config.send_window = window;
        self
    }

    /// Listen on this port of 127.0.0.1 instead of an ephemeral one.
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
        self
    }

    /// Called with `(identityVerificationId, otp)` each time an OTP is
    /// issued, e.g. to show it during manual testing. It receives no other
    /// personal data.
    pub fn on_otp(mut self, hook: impl Fn(&str, &str) + Send + Sync + 'static) -> Self {
        self.config.on_otp = Some(Arc::new(hook));
        self
    }

    /// Binds 127.0.0.1 and starts serving on a tokio task; needs a running
    /// tokio runtime.
    pub async fn start(self) -> std::io::Result<FakeServer> {
        FakeServer::start_with(self.config).await
    }
}

impl fmt::Debug for FakeServerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret stays out of debug output.
        let config = &self.config;
        f.debug_struct("FakeServerBuilder")
            .field("store_id", &config.store_id)
            .field("channel_keys", &config.channel_keys)
            .field("access_token_ttl", &config.access_token_ttl)
            .field("refresh_token_ttl", &config.refresh_token_ttl)
            .field("otp_ttl", &config.otp_ttl)
            .field("max_otp_attempts", &config.max_otp_attempts)
            .field("send_limit", &(config.send_limit, config.send_window))
            .field("port", &config.port)
            .field("on_otp", &config.on_otp.is_some())
            .finish_non_exhaustive()
    }
}
