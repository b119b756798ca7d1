//! Bearer tokens obtained from a token operation: fetched on first use,
//! cached until shortly before they expire, refreshed by one request however
//! many tasks need a token at once.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderName, HeaderValue};
use tokio::sync::Mutex;

use crate::{Core, Error, Secret};

/// A boxed, sendable future, as returned by [`TokenSource::fetch`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a token operation returned.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The access token.
    pub token: Secret,
    /// When the token expires, in UNIX seconds by the server's clock.
    pub expires_at: Option<i64>,
    /// The server's current time in UNIX seconds, used to correct for clock
    /// skew between this machine and the server.
    pub server_now: Option<i64>,
}

impl Grant {
    /// How long the token stays valid from the moment it was issued. Uses
    /// the server's own `now` when it sends one, so a wrong local clock does
    /// not matter; `None` means the token does not say when it expires.
    fn lifetime(&self) -> Option<Duration> {
        let expires_at = self.expires_at?;
        let now = self
            .server_now
            .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64));
        Some(Duration::from_secs(expires_at.saturating_sub(now).max(0) as u64))
    }
}

/// Fetches a new token. Generated clients implement this by calling their
/// token operation (without authentication) with the configured credentials.
pub trait TokenSource: Send + Sync + 'static {
    /// Requests a new token from the server.
    fn fetch<'a>(&'a self, core: &'a Core) -> BoxFuture<'a, Result<Grant, Error>>;
}

/// Token authentication for a [`Core`]: where the token goes and how it is
/// cached.
pub struct TokenAuth {
    source: Box<dyn TokenSource>,
    header: HeaderName,
    prefix: String,
    suffix: String,
    margin: Duration,
    cached: Mutex<Option<Cached>>,
}

struct Cached {
    header: HeaderValue,
    fresh_until: Option<Instant>,
    generation: u64,
}

/// A token in use by one request. The generation tells a later `401` which
/// token it rejected, so concurrent rejections trigger one refresh, not many.
pub(crate) struct Lease {
    pub header: HeaderName,
    pub value: HeaderValue,
    pub generation: u64,
}

impl TokenAuth {
    /// Token authentication that sends `format` (with `{token}` replaced by
    /// the token) in `header`, and refreshes the token `margin` before it
    /// expires.
    pub fn new(source: Box<dyn TokenSource>, header: &str, format: &str, margin: Duration) -> Result<Self, Error> {
        let header = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| Error::Config(format!("`{header}` is not a valid header name")))?;
        let (prefix, suffix) = format
            .split_once("{token}")
            .ok_or_else(|| Error::Config(format!("token header format `{format}` has no `{{token}}`")))?;
        Ok(TokenAuth {
            source,
            header,
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
            margin,
            cached: Mutex::new(None),
        })
    }

    /// Changes the refresh margin.
    pub fn set_margin(&mut self, margin: Duration) {
        self.margin = margin;
    }

    /// A valid token, fetching one if none is cached or the cached one is
    /// about to expire. Callers arriving during a fetch wait for its result.
    pub(crate) async fn lease(&self, core: &Core) -> Result<Lease, Error> {
        let mut cached = self.cached.lock().await;
        if let Some(entry) = cached.as_ref().filter(|c| c.fresh_until.is_none_or(|t| Instant::now() < t)) {
            return Ok(self.lease_of(entry));
        }
        let generation = cached.as_ref().map_or(0, |c| c.generation) + 1;
        let entry = self.fetch(core, generation).await?;
        let lease = self.lease_of(&entry);
        *cached = Some(entry);
        Ok(lease)
    }

    /// A new token after the server rejected `rejected`. If another task has
    /// already replaced that token, its replacement is used as it is.
    pub(crate) async fn renew(&self, core: &Core, rejected: u64) -> Result<Lease, Error> {
        let mut cached = self.cached.lock().await;
        if let Some(entry) = cached.as_ref().filter(|c| c.generation != rejected) {
            return Ok(self.lease_of(entry));
        }
        let entry = self.fetch(core, rejected + 1).await?;
        let lease = self.lease_of(&entry);
        *cached = Some(entry);
        Ok(lease)
    }

    async fn fetch(&self, core: &Core, generation: u64) -> Result<Cached, Error> {
        let started = Instant::now();
        let grant = self.source.fetch(core).await?;
        let text = format!("{}{}{}", self.prefix, grant.token.expose(), self.suffix);
        let mut header = HeaderValue::from_str(&text).map_err(|_| {
            Error::Config("the token operation returned a token that cannot be sent in a header".to_owned())
        })?;
        header.set_sensitive(true);
        // Counted from before the request was sent, so the estimate errs early.
        let fresh_until = grant.lifetime().map(|life| started + life.saturating_sub(self.margin));
        Ok(Cached { header, fresh_until, generation })
    }

    fn lease_of(&self, entry: &Cached) -> Lease {
        Lease { header: self.header.clone(), value: entry.header.clone(), generation: entry.generation }
    }
}

impl std::fmt::Debug for TokenAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenAuth").field("header", &self.header).field("margin", &self.margin).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetime_uses_server_clock() {
        let grant = |expires_at, server_now| Grant { token: Secret::new("t"), expires_at, server_now };
        // The local clock is far from 1000, but the server says 1000.
        assert_eq!(grant(Some(2800), Some(1000)).lifetime(), Some(Duration::from_secs(1800)));
        assert_eq!(grant(Some(900), Some(1000)).lifetime(), Some(Duration::ZERO));
        assert_eq!(grant(None, Some(1000)).lifetime(), None);
    }

    #[test]
    fn format_needs_placeholder() {
        struct Never;
        impl TokenSource for Never {
            fn fetch<'a>(&'a self, _: &'a Core) -> BoxFuture<'a, Result<Grant, Error>> {
                Box::pin(async { Err(Error::Config("unused".into())) })
            }
        }
        let err = TokenAuth::new(Box::new(Never), "Authorization", "Bearer", Duration::ZERO).unwrap_err();
        assert!(err.to_string().contains("{token}"), "{err}");
        assert!(TokenAuth::new(Box::new(Never), "bad header", "{token}", Duration::ZERO).is_err());
        let auth = TokenAuth::new(Box::new(Never), "Authorization", "Bearer {token}", Duration::ZERO).unwrap();
        assert_eq!((auth.prefix.as_str(), auth.suffix.as_str()), ("Bearer ", ""));
    }
}
