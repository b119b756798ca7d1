//! Generates the clients from the checked-in specs into `$OUT_DIR`: the V1
//! certification client (`client.rs`, the crate root) and the V2 identity
//! verification client (`v2.rs`, the `v2` module).

fn main() {
    let v1 = codegen::Settings::new().with_config_file("spec/codegen.toml");
    codegen::Generator::new(v1).build_script("spec/iamport-certification.yaml", "client.rs");
    let v2 = codegen::Settings::new().with_config_file("spec/portone-v2.toml");
    codegen::Generator::new(v2).build_script("spec/portone-v2-identity.yaml", "v2.rs");
}
