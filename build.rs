//! Generates the client from the checked-in spec into `$OUT_DIR/client.rs`.

fn main() {
    let settings = codegen::Settings::new().with_config_file("spec/codegen.toml");
    codegen::Generator::new(settings).build_script("spec/iamport-certification.yaml", "client.rs");
}
