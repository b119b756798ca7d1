//! A crate outside the workspace (tests/consumer) that depends on this one by
//! path builds and calls the client, as a user's crate would.

use std::process::Command;

#[test]
fn a_crate_outside_the_workspace_builds_and_calls_the_client() {
    let root = env!("CARGO_MANIFEST_DIR");
    // The workspace's target directory (cargo does not hold its lock while tests run): the dependencies
    // the workspace already built are reused, as far as the consumer's features match.
    let target: std::ffi::OsString =
        std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| format!("{root}/target").into());
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--manifest-path", "tests/consumer/Cargo.toml"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(root)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "consumer failed:\n{stdout}\n{stderr}");
    assert!(stdout.starts_with("consumer ok: imp_"), "{stdout}");
}
