//! Diagnostics as users see them: `file:line:column`, the offending line
//! and a caret, from the `codegen` binary and from a real build script.
//! Each test works in its own directory under `target/tmp`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A model error in YAML: `maxLength` must be a number.
const BROKEN_YAML: &str = r##"openapi: 3.0.3
info: {title: Broken, version: "1"}
paths:
  /users:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
components:
  schemas:
    User:
      type: object
      properties:
        name: {type: string, maxLength: "88"}
"##;

/// A dangling `$ref` in JSON, after non-ASCII text on its line.
const BROKEN_JSON: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Broken", "version": "1"},
  "paths": {"/users": {"get": {"responses": {
    "200": {"description": "사용자", "content": {"*/*": {"schema": {"$ref": "#/components/schemas/No"}}}}
  }}}}
}
"##;

/// A fresh directory `target/tmp/positions/<name>` holding `files`.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("positions").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("target/tmp is writable");
        std::fs::write(&path, text).expect("target/tmp is writable");
    }
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn codegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).current_dir(dir).output().expect("the codegen binary runs")
}

#[test]
fn cli_shows_the_offending_yaml_line() {
    let dir = scratch("cli-yaml", &[("broken.yaml", BROKEN_YAML)]);
    let out = codegen(&dir, &["check", "broken.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = "\
error: invalid OpenAPI document: invalid type: string \"88\", expected usize
  --> broken.yaml:17:30 (#/components/schemas/User/properties/name/maxLength)
   |
17 |         name: {type: string, maxLength: \"88\"}
   |                              ^
";
    assert_eq!(stderr(&out), expected);
}

#[test]
fn cli_shows_the_offending_json_line() {
    let dir = scratch("cli-json", &[("broken.json", BROKEN_JSON)]);
    let out = codegen(&dir, &["generate", "broken.json"]);
    assert_eq!(out.status.code(), Some(1));
    // The column counts characters; the caret counts display columns (Hangul is two wide).
    let expected = "\
error: `$ref` `#/components/schemas/No` points at nothing
 --> broken.json:5:66 (#/paths/~1users/get/responses/200/content/*~1*/schema/$ref)
  |
5 |     \"200\": {\"description\": \"사용자\", \"content\": {\"*/*\": {\"schema\": {\"$ref\": \"#/components/schemas/No\"}}}}
  |                                                                     ^
";
    assert_eq!(stderr(&out), expected);
}

#[test]
fn cli_shows_syntax_errors_at_their_line() {
    let dir = scratch("cli-syntax", &[("broken.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {,}\n}\n")]);
    let out = codegen(&dir, &["check", "broken.json"]);
    let text = stderr(&out);
    assert!(text.contains(" --> broken.json:3:12 (#)\n  |\n3 |   \"info\": {,}\n  |            ^"), "{text}");
}

/// A crate whose `build.rs` generates from a broken spec: `cargo build`
/// fails and shows where. Builds codegen once into its own target directory
/// under `target/tmp` (slow the first time, then incremental).
#[test]
fn build_script_failure_shows_file_line_column_and_the_line() {
    let codegen_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = codegen_dir.parent().expect("codegen is in the workspace");
    let manifest = format!(
        "[package]\nname = \"broken-spec\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [build-dependencies]\ncodegen = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        codegen_dir.display().to_string()
    );
    let build_rs = "fn main() {\n    codegen::Generator::new(codegen::Settings::new()).build_script(\"broken.yaml\", \"out.rs\");\n}\n";
    // The workspace's lock file, so that the build uses the versions already downloaded.
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap_or_default();
    let dir = scratch(
        "build-script/crate",
        &[
            ("Cargo.toml", &manifest),
            ("Cargo.lock", &lock),
            ("build.rs", build_rs),
            ("src/lib.rs", ""),
            ("broken.yaml", BROKEN_YAML),
        ],
    );
    // The workspace's target directory, where `codegen` and its dependencies are already built.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from);
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--offline", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = stderr(&out);
    assert!(!out.status.success(), "the build should fail:\n{text}");
    assert!(text.contains("failed to run custom build command"), "{text}");
    for expected in [
        "error: invalid OpenAPI document: invalid type: string \"88\", expected usize",
        "--> broken.yaml:17:30 (#/components/schemas/User/properties/name/maxLength)",
        "17 |         name: {type: string, maxLength: \"88\"}",
        "   |                              ^",
        "error: could not generate the client from broken.yaml",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}
