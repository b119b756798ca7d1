//! Bearer tokens obtained from a token operation: fetched on first use,
//! cached until shortly before they expire, refreshed by one request however
//! many tasks need a token at once.
//!
//! The cache does not know what sends its requests: it is generic over the
//! core `C` that it hands to its [`TokenSource`] (the client's `Core`, for
//! generated clients), so this module needs nothing from the client.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderName, HeaderValue};
use tokio::sync::Mutex;

use crate::{Error, Secret, trace};

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
    /// A token that obtains the next access token without the credentials
    /// (see [`TokenSource::refresh`]).
    pub refresh: Option<Secret>,
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

/// Fetches a new token, sending its request with the core `C` it is handed.
/// Generated clients implement this (for the client's `Core`) by calling
/// their token operation (without authentication) with the configured
/// credentials.
pub trait TokenSource<C>: Send + Sync + 'static {
    /// Requests a new token from the server.
    fn fetch<'a>(&'a self, core: &'a C) -> BoxFuture<'a, Result<Grant, Error>>;

    /// Requests a new token with the refresh token of the last grant, when
    /// the API has a refresh operation (`None` otherwise). If it fails, a
    /// new token is fetched with the credentials instead.
    fn refresh<'a>(&'a self, core: &'a C, refresh: &'a Secret) -> Option<BoxFuture<'a, Result<Grant, Error>>> {
        let _ = (core, refresh);
        None
    }
}

/// When a JWT expires: its `exp` claim (UNIX seconds), read without
/// checking the signature (the server does that). `None` for a token that is
/// not a JWT or has no `exp`.
pub fn jwt_expiry(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64url_decode(payload)?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("exp")?.as_i64()
}

/// Decodes unpadded (or padded) base64url.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Token authentication for requests sent with a core `C`: where the token
/// goes and how it is cached. Its [`TokenSource`] is handed the core to
/// fetch a token with.
pub struct TokenAuth<C> {
    source: Box<dyn TokenSource<C>>,
    header: HeaderName,
    prefix: String,
    suffix: String,
    margin: Duration,
    /// How many fetches have finished; a caller compares the count at its
    /// arrival with the failure below to know whether it waited for that fetch.
    fetches: AtomicU64,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// The last fetch that failed (its number), as told to those who waited for it.
    failure: Option<(u64, Error)>,
}

struct Cached {
    token: Secret,
    header: HeaderValue,
    fresh_until: Option<Instant>,
    generation: u64,
    refresh: Option<Secret>,
}

/// A token in use by one request. The generation tells a later `401` which
/// token it rejected, so concurrent rejections trigger one refresh, not many.
pub(crate) struct Lease {
    pub header: HeaderName,
    pub value: HeaderValue,
    pub generation: u64,
}

impl<C: 'static> TokenAuth<C> {
    /// Token authentication that sends `format` (with `{token}` replaced by
    /// the token) in `header`, and refreshes the token `margin` before it
    /// expires.
    pub fn new(source: Box<dyn TokenSource<C>>, header: &str, format: &str, margin: Duration) -> Result<Self, Error> {
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
            fetches: AtomicU64::new(0),
            state: Mutex::new(State::default()),
        })
    }

    /// Changes the refresh margin.
    pub fn set_margin(&mut self, margin: Duration) {
        self.margin = margin;
    }

    /// A valid token, fetching one if none is cached or the cached one is
    /// about to expire. Callers arriving during a fetch wait for its result;
    /// if it fails, they all get that failure instead of each trying again
    /// in turn (which could take as many timeouts as there are callers).
    pub(crate) async fn lease(&self, core: &C) -> Result<Lease, Error> {
        let arrived = self.fetches.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        if let Some(entry) = state.cached.as_ref().filter(|c| c.fresh_until.is_none_or(|t| Instant::now() < t)) {
            trace::event!(tracing::Level::DEBUG, token.generation = entry.generation, "token reused");
            return Ok(self.lease_of(entry));
        }
        shared_failure(&state, arrived)?;
        let generation = state.cached.as_ref().map_or(0, |c| c.generation) + 1;
        self.refill(core, &mut state, generation).await
    }

    /// The token requests are sent with: the cached one, or a new one
    /// fetched (and cached) as a call would.
    pub async fn token(&self, core: &C) -> Result<Secret, Error> {
        self.lease(core).await?;
        let state = self.state.lock().await;
        // Just leased: present, unless another call has failed a fetch since.
        state.cached.as_ref().map(|c| c.token.clone()).ok_or_else(|| Error::Config("no token is cached".into()))
    }

    /// A new token after the server rejected `rejected`. If another task has
    /// already replaced that token, its replacement is used as it is.
    pub(crate) async fn renew(&self, core: &C, rejected: u64) -> Result<Lease, Error> {
        let arrived = self.fetches.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        if let Some(entry) = state.cached.as_ref().filter(|c| c.generation != rejected) {
            trace::event!(
                tracing::Level::DEBUG,
                token.generation = entry.generation,
                "token already renewed by another call"
            );
            return Ok(self.lease_of(entry));
        }
        shared_failure(&state, arrived)?;
        self.refill(core, &mut state, rejected + 1).await
    }

    /// Fetches a token into `state` (whose lock the caller holds): with the
    /// refresh token of the cached one when there is one, else (or when
    /// that fails) with the credentials.
    async fn refill(&self, core: &C, state: &mut State, generation: u64) -> Result<Lease, Error> {
        let refreshed = match state.cached.as_ref().and_then(|c| c.refresh.as_ref()) {
            Some(refresh) => match self.source.refresh(core, refresh) {
                Some(attempt) => self.cache(attempt.await, generation).ok(),
                None => None,
            },
            None => None,
        };
        #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
        let via_refresh = refreshed.is_some();
        let result = match refreshed {
            Some(entry) => Ok(entry),
            None => self.fetch(core, generation).await,
        };
        let number = self.fetches.fetch_add(1, Ordering::AcqRel) + 1;
        match result {
            Ok(entry) => {
                trace::event!(
                    tracing::Level::INFO,
                    token.generation = generation,
                    token.fresh_for_s =
                        entry.fresh_until.map(|t| t.saturating_duration_since(Instant::now()).as_secs()),
                    token.via_refresh_token = via_refresh,
                    "token fetched"
                );
                let lease = self.lease_of(&entry);
                state.cached = Some(entry);
                state.failure = None;
                Ok(lease)
            }
            Err(err) => {
                trace::event!(
                    tracing::Level::WARN,
                    token.generation = generation,
                    error.kind = err.variant(),
                    "token fetch failed"
                );
                state.failure = Some((number, Error::token_failure(&err)));
                Err(err)
            }
        }
    }

    async fn fetch(&self, core: &C, generation: u64) -> Result<Cached, Error> {
        self.cache(self.source.fetch(core).await, generation)
    }

    /// The cache entry for a grant received just now.
    fn cache(&self, grant: Result<Grant, Error>, generation: u64) -> Result<Cached, Error> {
        let started = Instant::now();
        let grant = grant?;
        let text = format!("{}{}{}", self.prefix, grant.token.expose(), self.suffix);
        let mut header = HeaderValue::from_str(&text).map_err(|_| {
            Error::Config("the token operation returned a token that cannot be sent in a header".to_owned())
        })?;
        header.set_sensitive(true);
        // Counted from before the request was sent, so the estimate errs early.
        let fresh_until = grant.lifetime().map(|life| started + life.saturating_sub(self.margin));
        Ok(Cached { token: grant.token, header, fresh_until, generation, refresh: grant.refresh })
    }

    fn lease_of(&self, entry: &Cached) -> Lease {
        Lease { header: self.header.clone(), value: entry.header.clone(), generation: entry.generation }
    }
}

/// The failure of a fetch that finished after the caller arrived, i.e. one
/// it was waiting for.
fn shared_failure(state: &State, arrived: u64) -> Result<(), Error> {
    match &state.failure {
        Some((number, Error::Token { cause, status, retryable })) if *number > arrived => {
            Err(Error::Token { cause: cause.clone(), status: *status, retryable: *retryable })
        }
        _ => Ok(()),
    }
}

impl<C> std::fmt::Debug for TokenAuth<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenAuth").field("header", &self.header).field("margin", &self.margin).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetime_uses_server_clock() {
        let grant = |expires_at, server_now| Grant { token: Secret::new("t"), expires_at, server_now, refresh: None };
        // The local clock is far from 1000, but the server says 1000.
        assert_eq!(grant(Some(2800), Some(1000)).lifetime(), Some(Duration::from_secs(1800)));
        assert_eq!(grant(Some(900), Some(1000)).lifetime(), Some(Duration::ZERO));
        assert_eq!(grant(None, Some(1000)).lifetime(), None);
    }

    /// The cache needs no client: these tests hand their sources a unit core.
    type Core = ();

    /// Fails after a while, counting its calls.
    struct Failing(std::sync::atomic::AtomicUsize);

    impl TokenSource<Core> for Failing {
        fn fetch<'a>(&'a self, _: &'a Core) -> BoxFuture<'a, Result<Grant, Error>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(Error::Config("token endpoint down".into()))
            })
        }
    }

    #[tokio::test]
    async fn waiting_callers_share_a_failed_fetch() {
        let source = std::sync::Arc::new(Failing(Default::default()));
        struct Shared(std::sync::Arc<Failing>);
        impl TokenSource<Core> for Shared {
            fn fetch<'a>(&'a self, core: &'a Core) -> BoxFuture<'a, Result<Grant, Error>> {
                self.0.fetch(core)
            }
        }
        let auth =
            TokenAuth::new(Box::new(Shared(source.clone())), "Authorization", "{token}", Duration::ZERO).unwrap();
        let core = ();
        let results = futures_join(&auth, &core, 10).await;
        assert_eq!(source.0.load(Ordering::SeqCst), 1, "one fetch for ten waiting callers");
        let originals = results.iter().filter(|r| matches!(r, Err(Error::Config(_)))).count();
        let shared = results.iter().filter(|r| matches!(r, Err(Error::Token { retryable: false, .. }))).count();
        assert_eq!((originals, shared), (1, 9));
        // A later caller tries again by itself.
        assert!(matches!(auth.lease(&core).await, Err(Error::Config(_))));
        assert_eq!(source.0.load(Ordering::SeqCst), 2);
    }

    async fn futures_join(auth: &TokenAuth<Core>, core: &Core, n: usize) -> Vec<Result<(), Error>> {
        let calls = (0..n).map(|_| async { auth.lease(core).await.map(drop) });
        let mut out = Vec::new();
        let mut pending: Vec<_> = calls.map(Box::pin).collect();
        // Poll all together so they queue behind the first fetch.
        let joined = std::future::poll_fn(|cx| {
            pending.retain_mut(|fut| match fut.as_mut().poll(cx) {
                std::task::Poll::Ready(result) => {
                    out.push(result);
                    false
                }
                std::task::Poll::Pending => true,
            });
            if pending.is_empty() { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
        });
        joined.await;
        out
    }

    #[test]
    fn jwt_expiry_reads_the_exp_claim() {
        // {"alg":"none"} . {"sub":"a","exp":1764600000} . signature
        let token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIiwiZXhwIjoxNzY0NjAwMDAwfQ.c2ln";
        assert_eq!(jwt_expiry(token), Some(1_764_600_000));
        assert_eq!(jwt_expiry("not-a-jwt"), None);
        assert_eq!(jwt_expiry("a.!!!.c"), None);
        // A payload without `exp`: {"sub":"a"}
        assert_eq!(jwt_expiry("x.eyJzdWIiOiJhIn0.y"), None);
        assert_eq!(base64url_decode("aGk").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64url_decode("aGk=").as_deref(), Some(&b"hi"[..]));
    }

    #[test]
    fn format_needs_placeholder() {
        struct Never;
        impl TokenSource<Core> for Never {
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
