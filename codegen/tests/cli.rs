//! The `codegen` binary as users run it: exit codes and messages of `diff`,
//! `generate --check`, `--surface` and `--crate`, and a build of the
//! standalone crate for this repository's spec. Paths are relative to the
//! workspace root, where every command runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh scratch directory under `target/tmp`.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("target/tmp is writable");
    dir
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("the codegen binary runs")
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const SPEC: &str = "spec/iamport-certification.yaml";
const CONFIG: &str = "spec/codegen.toml";

#[test]
fn diff_exits_1_when_something_breaks() {
    let out =
        codegen(&["diff", "tests/diff/otp.old.yaml", "tests/diff/otp.new.yaml", "--config", "tests/diff/otp.toml"]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("## Breaking"), "{text}");
    assert!(text.contains("`requestOTP` request body .channel_key: required field added"), "{text}");
    assert!(text.contains("`confirmOTP` request body .otp: made optional: `String` → `Option<String>`"), "{text}");
}

#[test]
fn diff_exits_0_when_nothing_breaks() {
    let out = codegen(&["diff", SPEC, SPEC, "--config", CONFIG]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("No changes to the generated client."), "{}", stdout(&out));
    // Changes that break nothing, across Swagger 2.0 and OpenAPI 3.0.
    let out = codegen(&["diff", "tests/diff/swagger-mix.old.json", "tests/diff/swagger-mix.new.yaml"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("## Non-breaking"), "{}", stdout(&out));
}

#[test]
fn diff_exits_2_on_errors_with_located_diagnostics() {
    let out = codegen(&["diff", "tests/diff/otp.old.yaml", "tests/diff/nope.yaml"]);
    assert_eq!(code(&out), Some(2));
    assert!(stderr(&out).contains("tests/diff/nope.yaml"), "{}", stderr(&out));
    let out =
        codegen(&["diff", "tests/diff/otp.old.yaml", "tests/diff/otp.new.yaml", "--config", "tests/diff/otp.old.yaml"]);
    assert_eq!(code(&out), Some(2));
    assert!(stderr(&out).contains("config"), "{}", stderr(&out));
    let out = codegen(&["diff", "tests/diff/otp.old.yaml", "tests/diff/otp.new.yaml", "--format", "xml"]);
    assert_eq!(code(&out), Some(2), "usage errors exit 2 too");
}

#[test]
fn diff_writes_the_documented_json() {
    let out = codegen(&[
        "diff",
        "tests/diff/config-changes.old.yaml",
        "tests/diff/config-changes.new.yaml",
        "--config",
        "tests/diff/config-changes.toml",
        "--old-config",
        "tests/diff/config-changes.old.toml",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["old"], "tests/diff/config-changes.old.yaml");
    let first = &json["changes"][0];
    assert_eq!(first["kind"], "client_renamed");
    assert_eq!(first["operation"], serde_json::Value::Null);
    assert_eq!((first["old"].as_str(), first["new"].as_str()), (Some("Client"), Some("PetClient")));
}

#[test]
fn check_passes_for_a_fresh_file_and_fails_for_a_stale_one() {
    let dir = scratch("check");
    let file = dir.join("client.rs");
    let file_arg = file.to_str().expect("UTF-8 path");
    let out = codegen(&["generate", SPEC, "--config", CONFIG, "-o", file_arg]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let out = codegen(&["generate", SPEC, "--config", CONFIG, "--check", file_arg]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("up to date"), "{}", stderr(&out));

    // The same file checked against another config: stale.
    let out = codegen(&["generate", SPEC, "--check", file_arg]);
    assert_eq!(code(&out), Some(1));
    let message = stderr(&out);
    assert!(message.contains(file_arg) && message.contains("first difference at line"), "{message}");

    // One edited line: named by its number.
    let text = std::fs::read_to_string(&file).expect("written");
    let edited: Vec<String> =
        text.lines().enumerate().map(|(i, l)| if i == 4 { format!("{l} // edited") } else { l.to_owned() }).collect();
    std::fs::write(&file, edited.join("\n") + "\n").expect("writable");
    let out = codegen(&["generate", SPEC, "--config", CONFIG, "--check", file_arg]);
    assert_eq!(code(&out), Some(1));
    assert!(stderr(&out).contains("line 5"), "{}", stderr(&out));
    assert!(stderr(&out).contains("// edited"), "{}", stderr(&out));

    let missing = dir.join("missing.rs");
    let out = codegen(&["generate", SPEC, "--config", CONFIG, "--check", missing.to_str().expect("UTF-8")]);
    assert_eq!(code(&out), Some(1));
    assert!(stderr(&out).contains("missing.rs"), "{}", stderr(&out));
}

#[test]
fn surface_prints_the_api_surface() {
    let out = codegen(&["generate", SPEC, "--config", CONFIG, "--surface"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let surface = stdout(&out);
    assert!(surface.starts_with("trait Client {"), "{surface}");
    assert!(surface.contains("async fn request_otp(&self, body: &types::OtpRequest)"), "{surface}");
    assert!(!surface.contains("@generated"), "{surface}");
    // The surface snapshot of tests/client.rs is what --surface prints.
    let snapshot = std::fs::read_to_string(workspace().join("tests/snapshots/client__api_surface.snap"))
        .expect("the surface snapshot exists");
    let body = snapshot.splitn(3, "---\n").nth(2).expect("a snapshot body");
    assert_eq!(body.trim_end(), surface.trim_end());
}

#[test]
fn crate_files_are_written_only_when_changed() {
    let dir = scratch("crate");
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let out = codegen(&["generate", "tests/diff/otp.new.yaml", "--crate", dir_arg]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml written");
    assert!(manifest.contains("name = \"otp-certification\""), "{manifest}");
    assert!(manifest.contains("version = \"1.1.0\""), "{manifest}");
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
    for file in
        ["src/lib.rs", "src/client.rs", "runtime/Cargo.toml", "runtime/src/lib.rs", "runtime/src/redact/mask.rs"]
    {
        assert!(dir.join(file).is_file(), "{file} is missing");
    }
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).expect("lib.rs written");
    assert!(lib.contains("include!(\"client.rs\");") && lib.contains("pub use codegen_runtime::"), "{lib}");

    let out = codegen(&["generate", "tests/diff/otp.new.yaml", "--crate", dir_arg]);
    assert_eq!(code(&out), Some(0));
    assert!(stderr(&out).contains(": 0 of "), "nothing should be rewritten: {}", stderr(&out));

    let out = codegen(&["generate", "tests/diff/otp.new.yaml", "--crate", dir_arg, "--name", "my-otp"]);
    assert_eq!(code(&out), Some(0));
    assert!(stderr(&out).contains(": 1 of "), "only Cargo.toml changes: {}", stderr(&out));
    let out = codegen(&["generate", "tests/diff/otp.new.yaml", "--crate", dir_arg, "--name", "not a name"]);
    assert_eq!(code(&out), Some(1));
    assert!(stderr(&out).contains("cannot name the crate"), "{}", stderr(&out));
    let out = codegen(&["generate", "tests/diff/otp.new.yaml", "--name", "x"]);
    assert_eq!(code(&out), Some(2), "--name needs --crate");
}

/// An OpenAPI 3.1 document goes through every command like a 3.0 one: a
/// 3.1 rendition of our spec generates the same client (`diff` across the
/// versions finds nothing), `--check` accepts what it wrote, and `--crate`
/// writes the same client file as the 3.0 original's crate.
#[test]
fn openapi31_input_works_with_every_command() {
    const SPEC31: &str = "tests/spec/iamport-certification.31.yaml";
    let out = codegen(&["diff", SPEC, SPEC31, "--config", CONFIG]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("No changes to the generated client."), "{}", stdout(&out));
    let out = codegen(&["check", SPEC31, "--config", CONFIG]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));

    let dir = scratch("openapi31");
    let file = dir.join("client.rs");
    let file_arg = file.to_str().expect("UTF-8 path");
    let out = codegen(&["generate", SPEC31, "--config", CONFIG, "-o", file_arg]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let out = codegen(&["generate", SPEC31, "--config", CONFIG, "--check", file_arg]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));

    let client = |spec: &str, name: &str| {
        let crate_dir = dir.join(name);
        let out = codegen(&["generate", spec, "--config", CONFIG, "--crate", crate_dir.to_str().expect("UTF-8")]);
        assert_eq!(code(&out), Some(0), "{}", stderr(&out));
        let text = std::fs::read_to_string(crate_dir.join("src/client.rs")).expect("client.rs written");
        text.lines().skip(1).map(str::to_owned).collect::<Vec<_>>()
    };
    assert!(client(SPEC, "from30") == client(SPEC31, "from31"), "the crates' clients differ");
}

/// The standalone crate of this repository's spec builds on its own, in a
/// directory inside this workspace (its `[workspace]` table keeps it apart),
/// with the versions of this workspace's lock file.
#[test]
fn the_standalone_crate_of_our_spec_builds() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("standalone-iamport");
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let out = codegen(&["generate", SPEC, "--config", CONFIG, "--crate", dir_arg, "--name", "iamport-standalone"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("the lock file copies");
    // The workspace's target directory: the dependencies it already built are reused (cargo holds no lock on
    // it while tests run), and the standalone crate's own runtime copy is built beside them.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from);
    let out = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "the standalone crate does not build:\n{}", stderr(&out));
}
