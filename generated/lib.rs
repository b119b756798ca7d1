#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The client is generated at build time from `spec/iamport-certification.yaml`
// and `spec/codegen.toml` by `build.rs`; see the `@generated` file in OUT_DIR.
include!(concat!(env!("OUT_DIR"), "/client.rs"));

pub use codegen_runtime::{Error, ErrorBody, Result, Validate};

/// The fake I'mport server, for testing code that uses this client (feature
/// `fake-server`).
#[cfg(feature = "fake-server")]
pub use iamport_fake_server as fake_server;
