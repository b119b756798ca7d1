#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The client is generated at build time from `spec/iamport-certification.yaml`
// and `spec/codegen.toml` by `build.rs`; see the `@generated` file in OUT_DIR.
include!(concat!(env!("OUT_DIR"), "/client.rs"));

pub use codegen_runtime::{
    Date, DateTime, Error, ErrorBody, ErrorKind, HttpClient, Result, RetryPolicy, Secret, Unrecognized, Validate,
};

/// The PortOne V2 identity-verification client (`https://api.portone.io`):
/// send, confirm and resend an identity verification, read one or a page of
/// them, and log in with the API secret. Generated at build time from
/// `spec/portone-v2-identity.yaml` and `spec/portone-v2.toml`.
///
/// Documented errors come back typed: each method returns
/// `Result<T, Error<TheOperationsErrorUnion>>`, and a documented error
/// response is `Error::Response { status, error }` with `error` an open
/// union of the vendor's error `type`s.
pub mod v2 {
    include!(concat!(env!("OUT_DIR"), "/v2.rs"));
}

/// The fake I'mport server, for testing code that uses this client (feature
/// `fake-server`).
#[cfg(feature = "fake-server")]
pub use iamport_fake_server as fake_server;
