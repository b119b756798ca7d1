//! Sending a request again after a failure that may pass: the policy
//! ([`RetryPolicy`]) and the bookkeeping of one call ([`Attempts`]).

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When a call is sent again after a failure that may pass.
///
/// Only calls that are safe to repeat are retried: `GET`, `HEAD`,
/// `OPTIONS`, `TRACE`, `PUT` and `DELETE` requests, the token operation,
/// and operations the generator's config marks idempotent (`[retry]`). An operation that
/// has an effect each time it runs (sending an SMS, say) is sent once,
/// whatever the policy, unless the config marks it idempotent.
///
/// A retry follows a timeout, a failed connection or exchange, or a `408`,
/// `429`, `500`, `502`, `503` or `504` response. It waits with exponential
/// backoff and jitter (half the backoff plus a random part of the other
/// half), or as long as the server's `Retry-After` says. It stops at
/// [`max_attempts`](RetryPolicy::max_attempts) sends in all, and does not
/// start a wait that would end past the [`budget`](RetryPolicy::budget),
/// counted from the first send: the last failure is returned then.
///
/// The default: 3 attempts, backoff from 200 ms doubling up to 2 s, a 30 s
/// budget. [`RetryPolicy::never`] sends every call once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Every call is sent once (retries off).
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// At most `attempts` sends of one call, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; each later one doubles it.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two sends (a `Retry-After` may ask for more,
    /// within the budget).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No wait is started that would end later than `budget` after the
    /// first send of the call.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The backoff before retry number `retry` (1 for the first), before jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

/// Whether a response with `status` says "try again": 408, 429, 500, 502, 503, 504.
pub(crate) fn transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The sends of one call so far.
pub(crate) struct Attempts<'a> {
    policy: &'a RetryPolicy,
    /// Whether the call may be sent more than once.
    safe: bool,
    started: Instant,
    /// Sends made, the first included.
    pub(crate) made: u32,
}

impl<'a> Attempts<'a> {
    pub(crate) fn new(policy: &'a RetryPolicy, safe: bool) -> Self {
        Attempts { policy, safe, started: Instant::now(), made: 0 }
    }

    /// How long to wait before sending again after a failure worth
    /// retrying (the server's `Retry-After` when it sent one), or `None` to stop: the call is not
    /// safe to repeat, the attempts are used up, or the wait would end past
    /// the budget.
    pub(crate) fn next_wait(&self, retry_after: Option<Duration>) -> Option<Duration> {
        if !self.safe || self.made >= self.policy.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(wait) => wait,
            None => jitter(self.policy.backoff(self.made)),
        };
        (self.started.elapsed() + wait <= self.policy.budget).then_some(wait)
    }
}

/// Half of `backoff` plus a random part of the other half.
fn jitter(backoff: Duration) -> Duration {
    let half = backoff / 2;
    // A random number from the standard library: each `RandomState` is seeded afresh.
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    let nanos = half.as_nanos().min(u128::from(u64::MAX)) as u64;
    half + Duration::from_nanos(if nanos == 0 { 0 } else { random % (nanos + 1) })
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date
/// (a date in the past is no wait).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_up_to_the_maximum_and_jitter_keeps_at_least_half() {
        let policy = RetryPolicy::default();
        let waits: Vec<_> = (1..=6).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [200, 400, 800, 1600, 2000, 2000]);
        assert_eq!(policy.backoff(200), Duration::from_secs(2));
        for _ in 0..100 {
            let wait = jitter(Duration::from_millis(400));
            assert!(wait >= Duration::from_millis(200) && wait <= Duration::from_millis(400), "{wait:?}");
        }
        assert_eq!(jitter(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn attempts_stop_at_the_maximum_the_budget_or_an_unsafe_call() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(10));
        let mut attempts = Attempts::new(&policy, true);
        attempts.made = 1;
        assert!(attempts.next_wait(None).is_some());
        attempts.made = 3;
        assert_eq!(attempts.next_wait(None), None, "three sends in all");
        attempts.made = 1;
        assert_eq!(attempts.next_wait(Some(Duration::from_secs(2))), Some(Duration::from_secs(2)));
        assert_eq!(attempts.next_wait(Some(Duration::from_secs(31))), None, "past the budget");
        let unsafe_call = Attempts { made: 1, ..Attempts::new(&policy, false) };
        assert_eq!(unsafe_call.next_wait(None), None);
        let never = RetryPolicy::never();
        assert_eq!(Attempts { made: 1, ..Attempts::new(&never, true) }.next_wait(None), None);
        assert_eq!(RetryPolicy::default().max_attempts(0), RetryPolicy::never());
    }

    #[test]
    fn retryable_statuses_and_retry_after_forms() {
        let statuses: Vec<u16> = (400..600).filter(|&s| transient(StatusCode::from_u16(s).unwrap())).collect();
        assert_eq!(statuses, [408, 429, 500, 502, 503, 504]);
        let header = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
            retry_after(&headers)
        };
        assert_eq!(header("3"), Some(Duration::from_secs(3)));
        assert_eq!(header("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(100));
        assert!(header(&soon).is_some_and(|wait| wait > Duration::from_secs(90)));
        assert_eq!(header("soon"), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }
}
