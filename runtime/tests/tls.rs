//! The TLS of the client the runtime builds itself, against a local rustls
//! server whose certificate is self-signed: the handshake runs with the
//! chosen provider and offers what reqwest offers by default, and the
//! certificate is rejected, so verification is on.
//!
//! `tls/cert.pem` and `tls/key.pem` are a throwaway self-signed pair for
//! `localhost` and 127.0.0.1 (P-256, valid until 2126), made with
//! `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
//! -subj "/CN=codegen-runtime TLS test (self-signed)" -addext subjectAltName=DNS:localhost,IP:127.0.0.1
//! -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=serverAuth`.
//! Its subject is unique on purpose: Debian's `ssl-cert` puts a snakeoil
//! `CN=localhost` certificate among the system roots, and a trust anchor
//! with the issuer's name would turn "unknown issuer" into a signature error.

#![cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codegen_runtime::__private::{CoreBuilder, Request};
use codegen_runtime::Error;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{AlertDescription, CertificateError, CipherSuite};

const CERT: &[u8] = include_bytes!("tls/cert.pem");
const KEY: &[u8] = include_bytes!("tls/key.pem");

/// The provider the runtime's client uses in this build (aws-lc-rs wins
/// when both features are on, as in `src/tls.rs`).
fn provider() -> Arc<CryptoProvider> {
    #[cfg(feature = "rustls-aws-lc")]
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    #[cfg(not(feature = "rustls-aws-lc"))]
    let provider = rustls::crypto::ring::default_provider();
    Arc::new(provider)
}

/// What the client offered in its hello.
#[derive(Debug, Default, Clone)]
struct Offer {
    alpn: Vec<Vec<u8>>,
    suites: Vec<CipherSuite>,
}

/// Serves the self-signed certificate and records the client's offer.
#[derive(Debug)]
struct Recorder {
    key: Arc<CertifiedKey>,
    offer: Mutex<Option<Offer>>,
}

impl ResolvesServerCert for Recorder {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let alpn = hello.alpn().map(|protocols| protocols.map(<[u8]>::to_vec).collect()).unwrap_or_default();
        *self.offer.lock().expect("not poisoned") = Some(Offer { alpn, suites: hello.cipher_suites().to_vec() });
        Some(self.key.clone())
    }
}

/// The first `rustls::Error` in `err`'s chain, looking inside the
/// `io::Error`s that wrap it (their `source()` skips what they wrap).
fn tls_error<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut next = Some(err);
    while let Some(err) = next {
        if let Some(found) = err.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        next = match err.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
            Some(wrapped) => Some(wrapped as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

#[tokio::test]
async fn a_self_signed_certificate_is_rejected() {
    let provider = provider();
    let certs = vec![CertificateDer::from_pem_slice(CERT).expect("cert.pem parses")];
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("key.pem parses");
    let key = Arc::new(CertifiedKey::from_der(certs, key, &provider).expect("the key matches the certificate"));
    let recorder = Arc::new(Recorder { key, offer: Mutex::new(None) });
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .expect("TLS versions")
        .with_no_client_auth()
        .with_cert_resolver(recorder.clone());
    let config = Arc::new(config);

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local address").port();
    let server = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().expect("accept");
        let mut conn = rustls::ServerConnection::new(config).expect("server connection");
        while conn.is_handshaking() {
            conn.complete_io(&mut socket)?;
        }
        Ok::<_, std::io::Error>(())
    });

    let core = CoreBuilder::new(format!("https://127.0.0.1:{port}"), "tls-test")
        .timeout(Duration::from_secs(10))
        .build()
        .expect("the client builds");
    let err = core.send_empty(Request::get("/")).await.expect_err("a self-signed certificate must be rejected");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let cause = tls_error(&err).unwrap_or_else(|| panic!("no TLS error in {err:?}"));
    assert_eq!(cause, &rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer));

    // The server learns why: the client aborted with an alert.
    let served = server.join().expect("the server thread does not panic");
    let server_err = served.expect_err("the handshake must not complete");
    let alert = tls_error(&server_err).unwrap_or_else(|| panic!("no TLS error in {server_err:?}"));
    assert_eq!(alert, &rustls::Error::AlertReceived(AlertDescription::UnknownCA));

    // Offered as reqwest offers: HTTP/1.1, and HTTP/2 first when it can speak it (`http2`); TLS 1.3 and 1.2.
    let offer = recorder.offer.lock().expect("not poisoned").clone().expect("a client hello arrived");
    let alpn: &[&[u8]] = if cfg!(feature = "http2") { &[b"h2", b"http/1.1"] } else { &[b"http/1.1"] };
    assert_eq!(offer.alpn, alpn);
    assert!(offer.suites.contains(&CipherSuite::TLS13_AES_128_GCM_SHA256), "{offer:?}");
    assert!(offer.suites.contains(&CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), "{offer:?}");
}
