//! Checks against the vendor's own documents, which may not be committed:
//! they are looked for in `$CODEGEN_REFERENCE_DIR`, else in
//! `../shared/reference` beside the repository. Since a clone elsewhere has
//! neither, every test here is ignored by `cargo test` (shown as not run,
//! with the reason) and run explicitly by `.ci/run`:
//! `cargo test --test reference -- --ignored`, which fails when the files
//! are missing.
//!
//! - With our config, the 2023 file gives exactly the API of our own spec,
//!   and the 2026 file differs in exactly what the vendor changed.
//! - With and without the config, both files generate code that compiles
//!   with warnings and clippy lints denied.
//! - The vendor's V2 OpenAPI documents (2025 and 2026) generate with our V2
//!   config, compile, and `codegen diff` between them reports the list
//!   operation that 2026 added; the whole 2026 document (no selection)
//!   compiles as a standalone crate, typed errors and all.
//! - `codegen diff` between the V1 files reports what the vendor changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::Kind;
use codegen::{Generator, Settings, Spec};

const V2023: &str = "iamport-v1-swagger-2023-08-07.json";
const V2026: &str = "portone-v1-openapi-processed-2026-07-27.json";
const PORTONE_V2_2025: &str = "portone-v2-openapi-2025-01-09.json";
const PORTONE_V2_2026: &str = "portone-v2-openapi-2026-07-03.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Why every test here is ignored by a plain `cargo test`.
const NEEDS_FILES: &str = "needs the vendor's documents in ../shared/reference or $CODEGEN_REFERENCE_DIR; \
                           .ci/run runs it: cargo test --test reference -- --ignored";

/// The directory with the vendor's files; a test that runs without them fails.
fn reference_dir() -> PathBuf {
    let dir = std::env::var_os("CODEGEN_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/reference"));
    for file in [V2023, V2026, PORTONE_V2_2025, PORTONE_V2_2026] {
        assert!(dir.join(file).exists(), "{} is missing: {NEEDS_FILES}", dir.join(file).display());
    }
    dir
}

/// The workspace's target directory, shared by the crates these tests build (cargo holds no lock on it while
/// tests run), so that dependencies are built once.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

fn generator(config: bool) -> Generator {
    let settings = Settings::new();
    Generator::new(if config { settings.with_config_file(root().join("spec/codegen.toml")) } else { settings })
}

fn v2_generator() -> Generator {
    Generator::new(Settings::new().with_config_file(root().join("spec/portone-v2.toml")))
}

fn spec(path: &Path) -> Spec {
    Spec::from_file(path).unwrap_or_else(|diags| panic!("{} does not load:\n{diags}", path.display()))
}

fn surface(path: &Path) -> String {
    generator(true).surface(&spec(path)).unwrap_or_else(|diags| panic!("{}:\n{diags}", path.display()))
}

/// Lines of `a` missing from `b`, counting repeats.
fn missing(a: &str, b: &str) -> Vec<String> {
    let mut rest: Vec<&str> = b.lines().collect();
    let mut out = Vec::new();
    for line in a.lines() {
        match rest.iter().position(|l| *l == line) {
            Some(at) => {
                rest.remove(at);
            }
            None => out.push(line.trim().to_owned()),
        }
    }
    out
}

#[test]
#[ignore = "needs the vendor's documents (../shared/reference); .ci/run runs it with --ignored"]
fn vendor_files_give_our_api_and_differ_where_the_vendor_changed_it() {
    let dir = reference_dir();
    let ours = surface(&root().join("spec/iamport-certification.yaml"));
    let v2023 = surface(&dir.join(V2023));
    assert_eq!(v2023, ours, "the 2023 vendor file and our spec should give the same API");
    let v2026 = surface(&dir.join(V2026));
    // 2026: `birth` is hidden, the response `carrier` enum moved into prose,
    // `otp` became optional, and `channel_key`, `verification_method` and
    // `bypass` were added to the OTP request. (The closing braces of the
    // enum that went and the enum that came cancel out.)
    assert_eq!(
        missing(&v2023, &v2026),
        [
            "birth: Option<i64>,",
            "carrier: Option<CertifiedCarrier>,",
            "enum CertifiedCarrier {",
            "/// `SKT`",
            "Skt,",
            "/// `KT`",
            "Kt,",
            "/// `LGT`",
            "Lgt,",
            "/// `SKT_MVNO`",
            "SktMvno,",
            "/// `KT_MVNO`",
            "KtMvno,",
            "/// `LGT_MVNO`",
            "LgtMvno,",
            "Unknown(String),",
            "otp: String,",
        ]
    );
    assert_eq!(
        missing(&v2026, &v2023),
        [
            "carrier: Option<String>,",
            "otp: Option<String>,",
            "channel_key: String,",
            "verification_method: Option<OtpRequestVerificationMethod>,",
            "bypass: Option<String>,",
            "enum OtpRequestVerificationMethod {",
            "/// `SMS`",
            "Sms,",
            "/// `APP`",
            "App,",
        ]
    );
}

/// Writes the code generated from both files, with and without the config,
/// into a scratch crate and runs clippy on it with warnings denied.
#[test]
#[ignore = "needs the vendor's documents (../shared/reference); .ci/run runs it with --ignored"]
fn vendor_files_generate_code_that_compiles() {
    let dir = reference_dir();
    let krate = root().join("target/reference-check");
    std::fs::create_dir_all(krate.join("src")).expect("target is writable");
    let mut lib = String::from("//! Code generated from the vendor's Swagger files.\n#![deny(warnings)]\n");
    for (file, module) in [(V2023, "v2023"), (V2026, "v2026")] {
        let spec = spec(&dir.join(file));
        for (config, suffix) in [(true, "selected"), (false, "all")] {
            let rendered = generator(config).render(&spec).unwrap_or_else(|d| panic!("{file}:\n{d}"));
            std::fs::write(krate.join(format!("src/{module}_{suffix}.rs")), rendered.code).expect("writable");
            lib.push_str(&format!("/// `{file}`, {suffix} operations.\npub mod {module}_{suffix};\n"));
        }
    }
    // The V2 documents with our V2 selection.
    for (file, module) in [(PORTONE_V2_2025, "portone_v2_2025"), (PORTONE_V2_2026, "portone_v2_2026")] {
        let rendered = v2_generator().render(&spec(&dir.join(file))).unwrap_or_else(|d| panic!("{file}:\n{d}"));
        std::fs::write(krate.join(format!("src/{module}.rs")), rendered.code).expect("writable");
        lib.push_str(&format!("/// `{file}`, our V2 selection.\npub mod {module};\n"));
    }
    std::fs::write(krate.join("src/lib.rs"), lib).expect("writable");
    let manifest = format!(
        "[package]\nname = \"reference-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
         [dependencies]\ncodegen-runtime = {{ path = {runtime:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n",
        runtime = root().join("runtime").display().to_string(),
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("writable");
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
#[ignore = "needs the vendor's documents (../shared/reference); .ci/run runs it with --ignored"]
fn v2_documents_generate_with_our_config_and_the_diff_shows_the_new_list() {
    let dir = reference_dir();
    let (old, new) = (spec(&dir.join(PORTONE_V2_2025)), spec(&dir.join(PORTONE_V2_2026)));
    for document in [&old, &new] {
        let rendered = v2_generator().render(document).unwrap_or_else(|d| panic!("{}:\n{d}", document.name));
        assert!(rendered.code.contains("pub async fn confirm_identity_verification("));
    }
    let report = v2_generator().diff(&old, &new).expect("both versions lower");
    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == codegen::diff::Kind::OperationAdded)
        .filter_map(|c| c.operation.as_deref())
        .collect();
    assert_eq!(added, ["getIdentityVerifications"]);
}

/// The whole 2026 V2 document, every operation, as the standalone crate
/// `codegen generate --crate` writes, type-checked.
#[test]
#[ignore = "needs the vendor's documents (../shared/reference); .ci/run runs it with --ignored"]
fn the_whole_v2_document_compiles_as_a_crate() {
    let dir = reference_dir();
    let out = root().join("target/reference-v2-crate");
    let document = spec(&dir.join(PORTONE_V2_2026));
    let (krate, _warnings) = Generator::new(Settings::new())
        .standalone(&document, Some("portone-v2-whole"))
        .expect("the document generates");
    krate.write(&out).expect("target is writable");
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// `codegen diff` between the V1 files: the vendor added a required field and made one optional.
#[test]
#[ignore = "needs the vendor's documents (../shared/reference); .ci/run runs it with --ignored"]
fn the_vendor_files_differ_where_the_vendor_changed_the_api() {
    let dir = reference_dir();
    let generator = generator(true);
    let report = generator.diff_files(dir.join(V2023), dir.join(V2026)).expect("both generate");
    assert!(report.breaking);
    let has = |operation: &str, location: &str, kind: Kind| {
        report.changes.iter().any(|c| {
            c.operation.as_deref() == Some(operation) && c.location == location && c.kind == kind && c.breaking
        })
    };
    assert!(has("requestOTP", "request body .channel_key", Kind::FieldAdded), "{}", report.to_text());
    assert!(has("confirmOTP", "request body .otp", Kind::OptionalityChanged), "{}", report.to_text());
    let same = generator.diff_files(dir.join(V2023), dir.join(V2023)).expect("generates");
    assert!(same.changes.is_empty() && !same.breaking, "{}", same.to_text());
}
