//! The generated source of this crate's client, as a snapshot: a change to
//! `spec/` or to the generator makes this fail until the new output is
//! reviewed (`cargo insta review`).

use codegen::{Generator, Settings, Spec};

#[test]
fn generated_client_matches_the_snapshot() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("spec/iamport-certification.yaml")).expect("spec is readable");
    let spec = Spec::from_text("spec/iamport-certification.yaml", text).expect("spec loads");
    let settings = Settings::new().with_config_file(root.join("spec/codegen.toml"));
    let rendered = Generator::new(settings).render(&spec).expect("spec generates");
    assert!(rendered.warnings.is_empty(), "unexpected warnings:\n{}", rendered.warnings);
    insta::assert_snapshot!("generated_client", rendered.code);
}
