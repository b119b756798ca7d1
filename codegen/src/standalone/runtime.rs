//! The `codegen-runtime` crate as a standalone crate ships it: its sources
//! and manifest, which the runtime itself provides (its `sources` feature),
//! so the generator ships exactly the runtime it was built with.

use toml::{Table, Value};

/// The runtime's source files, relative to its `src/`, with their text.
pub(super) const SOURCES: &[(&str, &str)] = codegen_runtime::sources::FILES;

/// The runtime's package name, as generated code and manifests refer to it.
pub(super) const PACKAGE: &str = "codegen-runtime";

/// The runtime's manifest, parsed.
pub(super) struct Manifests {
    /// `runtime/Cargo.toml`.
    pub runtime: Table,
}

impl Manifests {
    /// Parses the runtime's manifest. It is this repository's own file, so
    /// a failure here is a bug in the generator, reported as an error.
    pub fn load() -> Result<Self, String> {
        let runtime = toml::from_str::<Table>(codegen_runtime::sources::MANIFEST)
            .map_err(|e| format!("the runtime's Cargo.toml does not parse: {e}"))?;
        Ok(Manifests { runtime })
    }

    /// `[package] key` of the runtime.
    pub fn package_field(&self, key: &str) -> Option<Value> {
        self.runtime.get("package")?.get(key).cloned()
    }

    /// The runtime's `[dependencies]` (or another dependency table), in name
    /// order. A dependency that names a path or inherits from a workspace
    /// could not be resolved where the crate is written: an error.
    pub fn dependencies(&self, table: &str) -> Result<Vec<(String, Value)>, String> {
        let Some(deps) = self.runtime.get(table).and_then(Value::as_table) else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for (name, spec) in deps {
            if spec.get("workspace").is_some() {
                return Err(format!("runtime dependency `{name}` inherits from the workspace and cannot be shipped"));
            }
            if spec.get("path").is_some() {
                return Err(format!("runtime dependency `{name}` is a path dependency and cannot be shipped"));
            }
            out.push((name.clone(), spec.clone()));
        }
        Ok(out)
    }

    /// The runtime's `[features]`.
    pub fn features(&self) -> Table {
        self.runtime.get("features").and_then(Value::as_table).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `runtime/src` is shipped, and nothing else.
    #[test]
    fn sources_list_every_runtime_file() {
        fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("runtime/src is readable").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let relative = path.strip_prefix(base).unwrap_or(&path);
                    out.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut found = Vec::new();
        walk(&src, &src, &mut found);
        found.sort();
        let mut listed: Vec<String> = SOURCES.iter().map(|(path, _)| (*path).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, found, "update FILES in runtime/src/sources.rs");
        for (path, text) in SOURCES {
            assert_eq!(Some(*text), std::fs::read_to_string(src.join(path)).ok().as_deref(), "{path}");
        }
    }

    /// The runtime's manifest stands on its own, and says what the
    /// workspace says: the same package fields and dependency requirements.
    #[test]
    fn the_runtime_manifest_matches_the_workspace() {
        let manifests = Manifests::load().expect("the manifest parses");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
        let workspace: Table = toml::from_str(&std::fs::read_to_string(root).expect("readable")).expect("parses");
        let shared = &workspace["workspace"];
        for key in ["edition", "rust-version", "license", "publish"] {
            assert_eq!(manifests.package_field(key).as_ref(), shared["package"].get(key), "package.{key}");
        }
        let deps = manifests.dependencies("dependencies").expect("nothing inherited");
        for (name, spec) in &deps {
            if let Some(common) = shared["dependencies"].get(name) {
                let version = |v: &Value| v.as_str().or_else(|| v.get("version")?.as_str()).map(str::to_owned);
                assert_eq!(version(spec), version(common), "{name}: the workspace asks for another version");
            }
        }
        assert_eq!(
            manifests.package_field("name").and_then(|v| v.as_str().map(str::to_owned)).as_deref(),
            Some(PACKAGE)
        );
    }
}
