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

/// A spec with a token operation, for configs to get wrong.
const TOKEN_SPEC: &str = r##"openapi: 3.0.3
info: {title: Tokens, version: "1"}
paths:
  /token:
    post:
      operationId: getToken
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [key]
              properties:
                key: {type: string}
      responses:
        "200":
          description: A token.
          content:
            application/json:
              schema:
                type: object
                properties:
                  access_token: {type: string}
"##;

#[test]
fn cli_shows_the_offending_config_line() {
    let config = "[client]\nname = \"Tokens\"\n\n[auth]\ntoken_operation = \"getTokn\"\ncredentials = [\"key\"]\ntoken = \"access_token\"\n";
    let dir = scratch("cli-config", &[("api.yaml", TOKEN_SPEC), ("codegen.toml", config)]);
    let out = codegen(&dir, &["check", "api.yaml", "--config", "codegen.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = "\
error: config: the spec has no operation `getTokn`
 --> codegen.toml:5:19 (#/auth/token_operation)
  |
5 | token_operation = \"getTokn\"
  |                   ^
";
    assert_eq!(stderr(&out), expected);
}

/// The same mistakes in a config built in code, or read from text without a
/// file name: located by key, named `<config>`, shown without a line.
#[test]
fn a_config_without_a_file_is_located_by_key() {
    let spec = codegen::Spec::from_text("api.yaml", TOKEN_SPEC.to_owned()).expect("the spec loads");
    let text = "[auth]\ntoken_operation = \"getToken\"\ncredentials = [\"key\", \"secret\"]\ntoken = \"token\"\n";
    let read = codegen::Config::from_toml(text).expect("the config parses");
    let mut built = read.clone();
    built.origin = codegen::config::Origin::default();
    let errors = |config: codegen::Config| {
        let generator = codegen::Generator::new(codegen::Settings::new().with_config(config));
        generator.check(&spec).expect_err("the config is wrong")
    };
    let expected = "\
error: config: the body of `getToken` has no field `secret`
  --> <config>:3:23 (#/auth/credentials/1)
error: config: the response of `getToken` has no string field `token`
  --> <config>:4:9 (#/auth/token)";
    let diags = errors(read);
    assert_eq!(diags.to_string(), expected);
    assert_eq!(diags.render(|_| None), expected.replace("\nerror", "\n\nerror"), "no source: no line shown");
    let expected = "\
error: config: the body of `getToken` has no field `secret`
  --> <config>#/auth/credentials/1
error: config: the response of `getToken` has no string field `token`
  --> <config>#/auth/token";
    assert_eq!(errors(built).to_string(), expected);
}

#[test]
fn auth_operations_that_are_not_generated_are_told_from_those_not_in_the_spec() {
    let spec = codegen::Spec::from_text("api.yaml", TOKEN_SPEC.to_owned()).expect("the spec loads");
    let check = |config: &str| {
        let config = codegen::Config::from_toml(config).expect("the config parses");
        let generator = codegen::Generator::new(codegen::Settings::new().with_config(config));
        let diags = generator.check(&spec).expect_err("the config is wrong");
        diags.errors().map(|d| (d.location.pointer.clone(), d.problem.to_string())).collect::<Vec<_>>()
    };
    let auth = "[auth]\ntoken_operation = \"getToken\"\ncredentials = [\"key\"]\ntoken = \"access_token\"\n";
    assert_eq!(
        check(&format!("[select]\nexclude = [\"getToken\"]\n\n{auth}")),
        [(
            "#/auth/token_operation".to_owned(),
            "config: operation `getToken` is not generated (it is not selected, is excluded, or was left out)"
                .to_owned()
        )]
    );
    assert_eq!(
        check(&format!("{auth}refresh_operation = \"renew\"\nrefresh_token = \"refresh\"\n")),
        [
            (
                "#/auth/refresh_token".to_owned(),
                "config: the response of `getToken` has no string field `refresh`".to_owned()
            ),
            ("#/auth/refresh_operation".to_owned(), "config: the spec has no operation `renew`".to_owned()),
        ]
    );
}

/// A `[client] defaults` entry that no operation takes is a warning at its
/// place in the list.
#[test]
fn unused_client_defaults_are_located_at_their_entry() {
    let spec = codegen::Spec::from_text("api.yaml", TOKEN_SPEC.to_owned()).expect("the spec loads");
    let config =
        codegen::Config::from_toml("[client]\ndefaults = [\"key\", \"store_id\"]\n").expect("the config parses");
    let generator = codegen::Generator::new(codegen::Settings::new().with_config(config));
    let warnings = generator.check(&spec).expect("a warning only");
    let found: Vec<(String, String)> =
        warnings.warnings().map(|d| (d.location.pointer.clone(), d.problem.to_string())).collect();
    assert!(
        found.contains(&(
            "#/client/defaults/1".to_owned(),
            "config: no operation takes `store_id` as an optional string query parameter or body field".to_owned()
        )),
        "{found:?}"
    );
    assert!(warnings.to_string().contains("<config>:2:20 (#/client/defaults/1)"), "{warnings}");
}
