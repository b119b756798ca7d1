//! The `codegen-runtime` crate, embedded in the generator at compile time so
//! that a standalone crate can ship it: its sources as they are, and a
//! manifest resolved from `runtime/Cargo.toml` and the workspace it inherits
//! from (same dependency version requirements, features and package fields).

use toml::{Table, Value};

/// The runtime's source files, relative to its `src/`. A test checks that
/// this list is exactly what `runtime/src` holds.
pub(super) const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("client.rs", include_str!("../../../runtime/src/client.rs")),
    ("de.rs", include_str!("../../../runtime/src/de.rs")),
    ("envelope.rs", include_str!("../../../runtime/src/envelope.rs")),
    ("error.rs", include_str!("../../../runtime/src/error.rs")),
    ("http.rs", include_str!("../../../runtime/src/http.rs")),
    ("params.rs", include_str!("../../../runtime/src/params.rs")),
    ("redact.rs", include_str!("../../../runtime/src/redact.rs")),
    ("redact/mask.rs", include_str!("../../../runtime/src/redact/mask.rs")),
    ("redact/text.rs", include_str!("../../../runtime/src/redact/text.rs")),
    ("retry.rs", include_str!("../../../runtime/src/retry.rs")),
    ("security.rs", include_str!("../../../runtime/src/security.rs")),
    ("send.rs", include_str!("../../../runtime/src/send.rs")),
    ("tls.rs", include_str!("../../../runtime/src/tls.rs")),
    ("token.rs", include_str!("../../../runtime/src/token.rs")),
    ("trace.rs", include_str!("../../../runtime/src/trace.rs")),
    ("validate.rs", include_str!("../../../runtime/src/validate.rs")),
];

const MANIFEST: &str = include_str!("../../../runtime/Cargo.toml");
const WORKSPACE: &str = include_str!("../../../Cargo.toml");

/// The runtime's package name, as generated code and manifests refer to it.
pub(super) const PACKAGE: &str = "codegen-runtime";

/// The runtime's manifest and workspace, parsed.
pub(super) struct Manifests {
    /// `runtime/Cargo.toml`.
    pub runtime: Table,
    /// The workspace's `Cargo.toml`.
    pub workspace: Table,
}

impl Manifests {
    /// Parses the embedded manifests. They are this repository's own files,
    /// so a failure here is a bug in the generator, reported as an error.
    pub fn load() -> Result<Self, String> {
        let parse = |name: &str, text: &str| {
            toml::from_str::<Table>(text).map_err(|e| format!("the embedded {name} does not parse: {e}"))
        };
        Ok(Manifests { runtime: parse("runtime/Cargo.toml", MANIFEST)?, workspace: parse("Cargo.toml", WORKSPACE)? })
    }

    /// `[package] key` of the runtime, following `key.workspace = true`.
    pub fn package_field(&self, key: &str) -> Option<Value> {
        let value = self.runtime.get("package")?.get(key)?;
        if is_inherited(value) {
            return self.workspace.get("workspace")?.get("package")?.get(key).cloned();
        }
        Some(value.clone())
    }

    /// The runtime's `[dependencies]` (or another dependency table) with
    /// workspace inheritance resolved, in name order.
    pub fn dependencies(&self, table: &str) -> Result<Vec<(String, Value)>, String> {
        let Some(deps) = self.runtime.get(table).and_then(Value::as_table) else { return Ok(Vec::new()) };
        let shared = self.workspace.get("workspace").and_then(|w| w.get("dependencies"));
        let mut out = Vec::new();
        for (name, spec) in deps {
            let resolved = if is_inherited(spec) {
                let Some(base) = shared.and_then(|s| s.get(name)) else {
                    return Err(format!("runtime dependency `{name}` inherits from a workspace that lacks it"));
                };
                inherit(base, spec)
            } else {
                spec.clone()
            };
            if resolved.get("path").is_some() {
                return Err(format!("runtime dependency `{name}` is a path dependency and cannot be shipped"));
            }
            out.push((name.clone(), resolved));
        }
        Ok(out)
    }

    /// The runtime's `[features]`.
    pub fn features(&self) -> Table {
        self.runtime.get("features").and_then(Value::as_table).cloned().unwrap_or_default()
    }
}

/// `{ workspace = true, .. }`.
fn is_inherited(value: &Value) -> bool {
    value.get("workspace").and_then(Value::as_bool) == Some(true)
}

/// A workspace dependency with what the member adds: more features, `optional`.
fn inherit(base: &Value, member: &Value) -> Value {
    let mut table = match base {
        Value::Table(table) => table.clone(),
        other => Table::from_iter([("version".to_owned(), other.clone())]),
    };
    if let Some(Value::Array(extra)) = member.get("features") {
        let mut features = table.get("features").and_then(Value::as_array).cloned().unwrap_or_default();
        for feature in extra {
            if !features.contains(feature) {
                features.push(feature.clone());
            }
        }
        table.insert("features".into(), Value::Array(features));
    }
    if let Some(optional) = member.get("optional") {
        table.insert("optional".into(), optional.clone());
    }
    Value::Table(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `runtime/src` is embedded, and nothing else.
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
        assert_eq!(listed, found, "update SOURCES in codegen/src/standalone/runtime.rs");
    }

    #[test]
    fn dependencies_resolve_workspace_inheritance() {
        let manifests = Manifests::load().expect("manifests parse");
        let deps = manifests.dependencies("dependencies").expect("dependencies resolve");
        assert!(!deps.is_empty());
        for (name, spec) in &deps {
            assert!(spec.get("workspace").is_none(), "{name} still inherits");
            assert!(spec.as_str().is_some() || spec.get("version").is_some(), "{name} has no version");
        }
        assert_eq!(
            manifests.package_field("name").and_then(|v| v.as_str().map(str::to_owned)).as_deref(),
            Some(PACKAGE)
        );
        assert!(manifests.package_field("edition").is_some());
    }

    #[test]
    fn inheriting_adds_features_and_optional() {
        let base: Value = toml::from_str::<Table>("d = { version = \"1\", features = [\"a\"] }").unwrap()["d"].clone();
        let member: Value = toml::from_str::<Table>(
            "d = { workspace = true, features = [\"a\", \"b\"], optional = true }",
        )
        .unwrap()["d"]
            .clone();
        let merged = inherit(&base, &member);
        assert_eq!(merged.get("features").and_then(Value::as_array).map(Vec::len), Some(2));
        assert_eq!(merged.get("optional").and_then(Value::as_bool), Some(true));
        let plain = inherit(&Value::String("1".into()), &member);
        assert_eq!(plain.get("version").and_then(Value::as_str), Some("1"));
    }
}
