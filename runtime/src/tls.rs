//! TLS for the HTTP client that [`CoreBuilder`](crate::CoreBuilder) builds
//! when the caller brings none, chosen by this crate's features:
//!
//! - `rustls-aws-lc`: reqwest's own rustls setup with the aws-lc-rs provider.
//! - `rustls-ring`: the same setup (platform certificate verifier, TLS 1.2
//!   and 1.3, ALPN `http/1.1`, and `h2` first with the `http2` feature)
//!   with the ring provider, handed to
//!   reqwest as a finished rustls configuration. The provider is named,
//!   never installed process-wide: rustls does not have to guess one (it
//!   panics when a binary links both ring and aws-lc-rs) and other TLS
//!   clients in the process keep theirs.
//! - neither: reqwest without TLS, for plain http or a caller's own client.

use crate::Error;

/// Applies the TLS choice of this build to `builder`.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_preconfigured(ring_config()?))
}

/// What reqwest builds for rustls by default, with the ring provider.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
fn ring_config() -> Result<rustls::ClientConfig, Error> {
    use std::sync::Arc;

    use rustls::crypto::CryptoProvider;

    // As reqwest does: a provider the application installed wins.
    let provider =
        CryptoProvider::get_default().cloned().unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|e| Error::Config(format!("cannot load the system's root certificates: {e}")))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(|e| Error::Config(format!("cannot configure TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = alpn();
    Ok(config)
}

/// The protocols offered in the TLS handshake: what reqwest can speak.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
fn alpn() -> Vec<Vec<u8>> {
    if cfg!(feature = "http2") { vec![b"h2".to_vec(), b"http/1.1".to_vec()] } else { vec![b"http/1.1".to_vec()] }
}

/// Applies the TLS choice of this build to `builder`: reqwest's defaults.
#[cfg(not(all(feature = "rustls-ring", not(feature = "rustls-aws-lc"))))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use crate::client::CoreBuilder;

    /// With every TLS choice (and none), the runtime builds its own
    /// `reqwest::Client` without panicking: `rustls-no-provider` alone
    /// would panic here for want of a crypto provider.
    #[test]
    fn the_default_client_builds() {
        for base in ["https://api.example.com", "http://127.0.0.1:9"] {
            let built = CoreBuilder::new(base, "test").build();
            assert!(built.is_ok(), "{base}: {:?}", built.err());
        }
    }

    /// The ring configuration uses ring (whose key exchanges differ from
    /// aws-lc-rs's) and offers HTTP/2 only when reqwest can speak it; the
    /// handshake itself is tested in `tests/tls.rs`.
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    #[test]
    fn ring_config_uses_ring_and_offers_what_reqwest_speaks() {
        let config = super::ring_config().expect("the ring configuration builds");
        let groups = |p: &rustls::crypto::CryptoProvider| p.kx_groups.iter().map(|g| g.name()).collect::<Vec<_>>();
        assert_eq!(groups(config.crypto_provider()), groups(&rustls::crypto::ring::default_provider()));
        let expected: &[&[u8]] = if cfg!(feature = "http2") { &[b"h2", b"http/1.1"] } else { &[b"http/1.1"] };
        assert_eq!(config.alpn_protocols, expected);
    }
}
