//! This crate's own sources and manifest, as constants (feature `sources`):
//! `codegen` writes them into the standalone crates it generates, so that
//! such a crate ships the runtime its code was generated for. Each file is
//! included from beside this one; a test in `codegen` checks that the list
//! is exactly what `src/` holds.

/// The source files, relative to `src/`, with their text.
pub const FILES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("lib.rs")),
    ("client.rs", include_str!("client.rs")),
    ("de.rs", include_str!("de.rs")),
    ("envelope.rs", include_str!("envelope.rs")),
    ("error.rs", include_str!("error.rs")),
    ("http.rs", include_str!("http.rs")),
    ("params.rs", include_str!("params.rs")),
    ("record.rs", include_str!("record.rs")),
    ("redact.rs", include_str!("redact.rs")),
    ("redact/mask.rs", include_str!("redact/mask.rs")),
    ("redact/text.rs", include_str!("redact/text.rs")),
    ("retry.rs", include_str!("retry.rs")),
    ("security.rs", include_str!("security.rs")),
    ("send.rs", include_str!("send.rs")),
    ("sources.rs", include_str!("sources.rs")),
    ("tls.rs", include_str!("tls.rs")),
    ("token.rs", include_str!("token.rs")),
    ("trace.rs", include_str!("trace.rs")),
    ("validate.rs", include_str!("validate.rs")),
];

/// `Cargo.toml`, which inherits nothing from a workspace.
pub const MANIFEST: &str = include_str!("../Cargo.toml");
