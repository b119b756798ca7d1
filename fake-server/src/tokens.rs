//! Access-token rules of the real API: a token lives 30 minutes; asking
//! again before expiry returns the same token, and asking within its last
//! minute extends it by 5 minutes; after expiry a new token is issued.

/// Asking this close to expiry (or closer) extends the token.
pub(crate) const EXTENSION_WINDOW_SECS: i64 = 60;
/// How much an extension adds to `expired_at`.
pub(crate) const EXTENSION_SECS: i64 = 5 * 60;

/// The token currently issued for the configured key pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) value: String,
    pub(crate) expired_at: i64,
}

impl Token {
    /// Valid strictly before `expired_at`.
    pub(crate) fn is_live(&self, now: i64) -> bool {
        now < self.expired_at
    }
}

/// What `POST /users/getToken` hands out at `now`; `fresh` makes a new
/// token value when one is needed.
pub(crate) fn grant(current: Option<&Token>, now: i64, ttl_secs: i64, fresh: impl FnOnce() -> String) -> Token {
    match current {
        Some(token) if token.is_live(now) => {
            let mut token = token.clone();
            if token.expired_at - now <= EXTENSION_WINDOW_SECS {
                token.expired_at = token.expired_at.saturating_add(EXTENSION_SECS);
            }
            token
        }
        _ => Token { value: fresh(), expired_at: now.saturating_add(ttl_secs) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: i64 = 1_800;

    fn first() -> Token {
        grant(None, 1_000, TTL, || "a".into())
    }

    #[test]
    fn issues_a_token_for_the_ttl() {
        assert_eq!(first(), Token { value: "a".into(), expired_at: 2_800 });
    }

    #[test]
    fn reuse_extension_and_expiry() {
        let token = first();
        // (asked at, expected value, expected expiry)
        let cases = [
            (1_001, "a", 2_800),
            (2_739, "a", 2_800),
            (2_740, "a", 3_100), // exactly one minute left
            (2_799, "a", 3_100),
            (2_800, "b", 4_600), // expired: a new token
        ];
        for (now, value, expired_at) in cases {
            let got = grant(Some(&token), now, TTL, || "b".into());
            assert_eq!((got.value.as_str(), got.expired_at), (value, expired_at), "at {now}");
        }
    }

    #[test]
    fn extension_happens_once_per_window() {
        let extended = grant(Some(&first()), 2_790, TTL, || "b".into());
        let again = grant(Some(&extended), 2_791, TTL, || "b".into());
        assert_eq!(again, extended);
    }

    #[test]
    fn liveness_ends_at_expired_at() {
        let token = first();
        assert!(token.is_live(2_799));
        assert!(!token.is_live(2_800));
    }
}
