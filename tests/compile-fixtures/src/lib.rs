//! The generated code of every fixture in `tests/fixtures`, one module each.
//! Building this crate (warnings denied, clippy in CI) is the compile check
//! for the snapshots; `cargo test --doc` proves no description became a
//! doctest that runs.

#![deny(warnings)]
#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
