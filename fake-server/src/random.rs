//! Identifiers. Tokens, imp_uids and OTPs only need to be unpredictable
//! enough for tests, so std's randomly keyed hasher is the entropy source.
//! CI/DI must be stable for the same person, so they come from a fixed
//! FNV-1a seed stretched with SplitMix64.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// 64 unpredictable-enough bits.
pub(crate) fn random_u64() -> u64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_nanos());
    hasher.write_u128(nanos);
    hasher.finish()
}

/// `count` random decimal digits (leading zeros allowed).
pub(crate) fn digits(count: usize) -> String {
    (0..count).map(|_| char::from(b'0' + (random_u64() % 10) as u8)).collect()
}

/// 40 lowercase hex characters, the shape of real access tokens.
pub(crate) fn access_token() -> String {
    let mut token = String::with_capacity(48);
    for _ in 0..3 {
        token.push_str(&format!("{:016x}", random_u64()));
    }
    token.truncate(40);
    token
}

/// Standard base64 (with padding) of `len` bytes derived only from `seed`.
pub(crate) fn derived_base64(seed: &str, len: usize) -> String {
    let mut state = fnv1a(seed.as_bytes());
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        bytes.extend_from_slice(&splitmix64(&mut state).to_be_bytes());
    }
    bytes.truncate(len);
    base64(&bytes)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `count` unpredictable-enough bytes.
pub(crate) fn bytes(count: usize) -> Vec<u8> {
    let mut out: Vec<u8> = (0..count.div_ceil(8)).flat_map(|_| random_u64().to_be_bytes()).collect();
    out.truncate(count);
    out
}

/// Base64url without padding (RFC 4648 §5), as JWTs use it.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    encode(bytes, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false)
}

fn base64(bytes: &[u8]) -> String {
    encode(bytes, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true)
}

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[(word >> (18 - 6 * i) & 0x3f) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn base64url_drops_padding_and_swaps_two_letters() {
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
        assert_eq!(bytes(13).len(), 13);
    }

    #[test]
    fn derived_keys_are_stable_and_sized() {
        let ci = derived_base64("홍길동|1990-01-01|01012345678", 64);
        assert_eq!(ci.len(), 88);
        assert!(ci.ends_with("=="));
        assert_eq!(ci, derived_base64("홍길동|1990-01-01|01012345678", 64));
        assert_ne!(ci, derived_base64("홍길동|1990-01-02|01012345678", 64));
        assert_eq!(derived_base64("x", 48).len(), 64);
    }

    #[test]
    fn random_shapes() {
        let token = access_token();
        assert_eq!(token.len(), 40);
        assert!(token.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
        assert_ne!(token, access_token());
        let otp = digits(6);
        assert_eq!(otp.len(), 6);
        assert!(otp.bytes().all(|b| b.is_ascii_digit()));
    }
}
