//! Helpers shared by the usage tests.

use std::future::Future;

use codegen_runtime::Error;

/// Checks that a method call returns a future of `Result<T>`, without
/// running it.
pub fn returns<T>(_future: impl Future<Output = codegen_runtime::Result<T>>) {}

/// Checks that a method call returns a future of `Result<T, Error<E>>`:
/// its documented error bodies come back as `E`.
#[allow(dead_code)] // Not every test binary has such a method.
pub fn returns_or<T, E: codegen_runtime::ErrorKind>(
    _future: impl Future<Output = codegen_runtime::Result<T, Error<E>>>,
) {
}

/// The field named by an `InvalidInput` error; panics on any other result.
pub fn invalid_field(result: codegen_runtime::Result<()>) -> String {
    match result {
        Err(Error::InvalidInput { field, .. }) => field.into_owned(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}
