//! A crate outside the workspace (tests/consumer) that depends on this one by
//! path builds and calls the client, as a user's crate would.

use std::process::Command;

#[test]
fn a_crate_outside_the_workspace_builds_and_calls_the_client() {
    let root = env!("CARGO_MANIFEST_DIR");
    // Its own target directory: the one of this workspace is locked while tests run.
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--manifest-path", "tests/consumer/Cargo.toml"])
        .env("CARGO_TARGET_DIR", format!("{root}/target/consumer"))
        .current_dir(root)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "consumer failed:\n{stdout}\n{stderr}");
    assert!(stdout.starts_with("consumer ok: imp_"), "{stdout}");
}
