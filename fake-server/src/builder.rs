//! Server settings and the builder that starts a configured server.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::FakeServer;

/// Called with `(imp_uid, otp)` whenever an OTP is issued.
pub(crate) type OtpHook = Arc<dyn Fn(&str, &str) + Send + Sync>;

/// Everything a running server needs to know about itself.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) imp_key: String,
    pub(crate) imp_secret: String,
    pub(crate) token_ttl: Duration,
    pub(crate) foreigner_option: bool,
    pub(crate) origin: Option<String>,
    pub(crate) port: u16,
    pub(crate) on_otp: Option<OtpHook>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            imp_key: FakeServer::DEFAULT_IMP_KEY.to_owned(),
            imp_secret: FakeServer::DEFAULT_IMP_SECRET.to_owned(),
            token_ttl: FakeServer::DEFAULT_TOKEN_TTL,
            foreigner_option: false,
            origin: None,
            port: 0,
            on_otp: None,
        }
    }
}

/// Settings for a [`FakeServer`]; created by [`FakeServer::builder`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use std::time::Duration;
/// use iamport_fake_server::FakeServer;
///
/// let server = FakeServer::builder()
///     .credentials("key", "secret")
///     .token_ttl(Duration::from_secs(120))
///     .foreigner_v2(true)
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
    /// The only `imp_key` / `imp_secret` pair getToken accepts
    /// (default `test_imp_key` / `test_imp_secret`).
    pub fn credentials(mut self, imp_key: impl Into<String>, imp_secret: impl Into<String>) -> Self {
        self.config.imp_key = imp_key.into();
        self.config.imp_secret = imp_secret.into();
        self
    }

    /// Lifetime of a newly issued token (default 30 minutes, as on the real
    /// API). Sub-second parts are dropped since the API counts whole seconds.
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.config.token_ttl = ttl;
        self
    }

    /// Whether the merchant contracted Danal's foreigner option. When true,
    /// records carry `foreigner_v2` as a boolean; otherwise it is null
    /// (the default, as for most merchants).
    pub fn foreigner_v2(mut self, contracted: bool) -> Self {
        self.config.foreigner_option = contracted;
        self
    }

    /// The `origin` URL put on certified records (default null).
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.config.origin = Some(origin.into());
        self
    }

    /// Listen on this port of 127.0.0.1 instead of an ephemeral one.
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
        self
    }

    /// Called with `(imp_uid, otp)` each time an OTP is issued, e.g. to show
    /// it during manual testing. It receives no other personal data.
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
        f.debug_struct("FakeServerBuilder")
            .field("imp_key", &self.config.imp_key)
            .field("token_ttl", &self.config.token_ttl)
            .field("foreigner_v2", &self.config.foreigner_option)
            .field("origin", &self.config.origin)
            .field("port", &self.config.port)
            .field("on_otp", &self.config.on_otp.is_some())
            .finish_non_exhaustive()
    }
}
