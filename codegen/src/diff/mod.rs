//! What changes for the generated client between two versions of a spec.
//!
//! [`diff`] compares two lowered [`Api`]s — the IR the code is emitted
//! from, after the config's selection and renames — so that it sees exactly
//! what a user of the client sees, whatever the specs' formats (Swagger 2.0,
//! OpenAPI 3.0, YAML, JSON). [`Generator::diff`](crate::Generator::diff)
//! loads and lowers both specs with the same settings and calls it.
//!
//! Operations are matched by operationId, else by method and path. For each
//! pair, named types are followed recursively from the request side (path,
//! query and header parameters, the body) and from the response side (the
//! success payload, typed error bodies); each pair of types is compared once
//! per side of an operation, which also stops at cycles. Struct fields and
//! enum values are matched by their JSON names, union members by their Rust
//! names. Aliases are looked through: `type Uid = String` and `String` are
//! the same type.
//!
//! # What breaks
//!
//! A change is *breaking* when code written against the old client stops
//! compiling against the new one, or when the old client fails against the
//! new API. Generated structs have public fields and no
//! `#[non_exhaustive]`, so callers may build them with struct literals, and
//! the rules follow Rust's semver conventions for that case:
//!
//! | change | request side (caller builds it) | response side (caller reads it) |
//! | --- | --- | --- |
//! | operation removed, method renamed | breaking | breaking |
//! | operation added, route changed, deprecation, auth, base URL | not breaking | not breaking |
//! | parameter added or removed | breaking | — |
//! | path parameters reordered | breaking (positional arguments) | — |
//! | body added, removed, made optional or required | breaking | — |
//! | field added, required | breaking (`new(..)` takes it) | not breaking |
//! | field added, optional | breaking (struct literals must name it) | not breaking |
//! | field removed, renamed (Rust name) | breaking | breaking |
//! | `T` ↔ `Option<T>` (made optional, nullable, required) | breaking | breaking |
//! | `required` flag only, Rust type unchanged | breaking when now required | not breaking |
//! | type changed (`i32` → `i64`, `String` → enum, …), type renamed | breaking | breaking |
//! | enum value added | not breaking | breaking, unless the old enum was open (`Unknown(String)`) |
//! | enum value removed, variant renamed, openness changed | breaking | breaking |
//! | union member added | not breaking | breaking |
//! | union member removed | breaking | breaking |
//! | checks before sending (pattern, length, range) | not breaking | — |
//! | documented error response added or removed | — | not breaking |
//!
//! A value added to an open response enum is not breaking for a client
//! compiled against the old version (it decodes as `Unknown`), but an
//! exhaustive `match` in code recompiled against the new client needs an
//! arm for the new variant.
//!
//! # JSON format
//!
//! [`Report::to_json`] writes one object; the format is stable (fields are
//! only ever added):
//!
//! ```json
//! {
//!   "breaking": true,
//!   "old": "tests/diff/otp.old.yaml",
//!   "new": "tests/diff/otp.new.yaml",
//!   "changes": [
//!     {
//!       "kind": "field_added",
//!       "breaking": true,
//!       "operation": "requestOTP",
//!       "location": "request body .channel_key",
//!       "old": null,
//!       "new": "String",
//!       "message": "required field added: `String` (`new(..)` takes it)"
//!     }
//!   ]
//! }
//! ```
//!
//! - `breaking`: whether any change is breaking.
//! - `old`, `new`: the spec files as named on the command line.
//! - `changes[].kind`: one of the [`Kind`] names in `snake_case`.
//! - `changes[].operation`: the operationId (or `METHOD /path` when there is
//!   none; the new version's for a matched pair); `null` for the client as
//!   a whole.
//! - `changes[].location`: `client`, `method`, `path parameters`,
//!   `path parameter <name>`, `query parameter <name>`,
//!   `header parameter <name>`, `parameters`, `request body`, `response`,
//!   `error <status>` or `error <status> body`, followed for nested values
//!   by a path of JSON names: `.field`, `[]` for array items, `{}` for map
//!   values, `.*` for additional properties and `::Variant` for union members
//!   (`response .items[].carrier`).
//! - `changes[].old`, `changes[].new`: the Rust type (`Option<String>`), enum
//!   value, route, method or type name before and after; `null` when there
//!   was none (added) or is none (removed).
//! - `changes[].message`: a sentence for humans; its wording may change.
//!
//! Changes are sorted by operation (client-wide changes first), location,
//! kind, old and new value.

mod change;
mod kind;
mod ops;
mod report;
mod types;

use serde::Serialize;

pub use change::Change;
pub use kind::Kind;

use crate::ir::Api;

/// Every change between two versions of the generated client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Whether any change is breaking.
    pub breaking: bool,
    /// The old spec's name.
    pub old: String,
    /// The new spec's name.
    pub new: String,
    /// The changes, sorted (see the [module docs](self)).
    pub changes: Vec<Change>,
}

/// Compares the client generated from `old` with the one from `new`.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    ops::compare(old, new, &mut changes);
    changes.sort_by(|a, b| {
        (a.operation.is_some(), &a.operation, &a.location, a.kind, &a.old, &a.new).cmp(&(
            b.operation.is_some(),
            &b.operation,
            &b.location,
            b.kind,
            &b.old,
            &b.new,
        ))
    });
    changes.dedup();
    Report { breaking: changes.iter().any(|c| c.breaking), old: old.source.clone(), new: new.source.clone(), changes }
}

impl Report {
    /// The breaking changes.
    pub fn breaking_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// The changes that break nothing.
    pub fn compatible_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.breaking)
    }
}
