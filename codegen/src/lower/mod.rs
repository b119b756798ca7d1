//! Lower stage: the `openapiv3` model plus the config → the [`ir`](crate::ir).
//! Every naming decision and every `$ref` is settled here.

mod auth;
mod cycles;
mod fields;
mod finish;
mod ops;
mod refs;
mod select;
mod types;
mod view;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::config::Config;
use crate::diag::{Diagnostics, Location, Problem};
use crate::ident::Scope;
use crate::ir::{self, Api, TypeDef};
use crate::load::Spec;

/// Names the `types` module must not define: they would shadow the prelude
/// names that generated code uses unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "ToString",
    "ToOwned",
    "Self",
    // Imported into the `types` module for derives.
    "Serialize",
    "Deserialize",
];

/// Method names the client itself has.
const RESERVED_METHOD_NAMES: &[&str] = &["access_token", "builder", "base_url", "clone", "fmt", "new"];

/// What of the spec the generated code uses, to keep warnings about the
/// rest (from loading) from drowning out those that matter.
#[derive(Debug, Clone, Default)]
pub struct Used {
    /// JSON pointers of the selected operations (`#/paths/~1a/get`).
    pub operations: BTreeSet<String>,
    /// Names of the component schemas that became types.
    pub schemas: BTreeSet<String>,
}

impl Used {
    /// Whether a warning at `pointer` (in the source file) concerns what is
    /// generated: anything outside paths and schemas does.
    pub fn covers(&self, pointer: &str) -> bool {
        let mut parts = pointer.split('/');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            // A path item's own parameters belong to each of its operations.
            (Some("#"), Some("paths"), Some(path), Some("parameters")) => self
                .operations
                .iter()
                .any(|op| op.strip_prefix("#/paths/").and_then(|p| p.rsplit_once('/')).is_some_and(|(p, _)| p == path)),
            (Some("#"), Some("paths"), Some(path), Some(method)) => {
                self.operations.contains(&format!("#/paths/{path}/{method}"))
            }
            (Some("#"), Some("definitions"), Some(name), _) => {
                self.schemas.contains(crate::pointer::unescape(name).as_ref())
            }
            (Some("#"), Some("components"), Some("schemas"), Some(name)) => {
                self.schemas.contains(crate::pointer::unescape(name).as_ref())
            }
            _ => true,
        }
    }
}

/// Lowers `spec` with `config`. On success, also returns the warnings and
/// what of the spec was used.
pub fn lower(spec: &Spec, config: &Config) -> Result<(Api, Diagnostics, Used), Diagnostics> {
    let mut cx = Ctx::new(spec, config);
    cx.claim_component_names();
    let selected = cx.select();
    let mut operations = Vec::new();
    for op in &selected {
        if let Some(lowered) = cx.operation(op) {
            operations.push(lowered);
        }
    }
    if config.client.schemas == crate::config::SchemaSelection::All {
        cx.lower_all_components();
    }
    cx.lower_deferred();
    cx.check_recursion();
    let client = cx.client(&operations);
    cx.check_config_use();
    if cx.diags.has_errors() {
        return Err(cx.diags);
    }
    let (types, error_types) = cx.finish(&mut operations);
    let used = Used {
        operations: selected.iter().map(|op| op.at.pointer.clone()).collect(),
        schemas: cx.components.iter().filter(|(_, c)| c.started).map(|(name, _)| name.clone()).collect(),
    };
    let info = &spec.document.info;
    let api = Api {
        source: spec.name.clone(),
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        client,
        types,
        operations,
        error_types,
    };
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok((api, cx.diags, used)) }
}

/// How far a component schema has got.
#[derive(Debug, Clone)]
struct Component {
    rust: String,
    /// Whether the type has been lowered (or is being lowered).
    started: bool,
    nullable: bool,
}

/// The state of lowering one spec.
pub(crate) struct Ctx<'a> {
    doc: &'a OpenAPI,
    config: &'a Config,
    root: Location,
    diags: Diagnostics,
    type_names: Scope,
    /// Component schema name → its Rust type.
    components: BTreeMap<String, Component>,
    /// Rust type name → definition.
    types: BTreeMap<String, TypeDef>,
    /// Config keys that matched something, to report those that did not.
    used_keys: BTreeSet<String>,
    /// How many schemas are being lowered inside each other right now.
    depth: usize,
    /// Components whose lowering was put off because it was reached too
    /// deep (see [`types::DEFER_DEPTH`]); lowered from the top afterwards.
    deferred: std::collections::VecDeque<&'a str>,
    /// Inline schemas whose type is being defined, by address: reaching one
    /// again (through an `allOf` that copies a component's properties) is a
    /// recursive type, not a new one.
    active: std::collections::HashMap<*const openapiv3::Schema, Lowered>,
}

impl<'a> Ctx<'a> {
    fn new(spec: &'a Spec, config: &'a Config) -> Self {
        Ctx {
            doc: &spec.document,
            config,
            root: Location::root(&spec.name),
            diags: Diagnostics::new(),
            type_names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            components: BTreeMap::new(),
            types: BTreeMap::new(),
            used_keys: BTreeSet::new(),
            depth: 0,
            deferred: std::collections::VecDeque::new(),
            active: std::collections::HashMap::new(),
        }
    }

    /// Gives every component schema its Rust name up front, explicit renames
    /// first, so names do not depend on which operations are selected.
    fn claim_component_names(&mut self) {
        let Some(components) = &self.doc.components else { return };
        let at = self.root.join("components").join("schemas");
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        for (name, schema) in &components.schemas {
            if let Some(wanted) = self.config.rename.schemas.get(name) {
                self.used_keys.insert(format!("rename.schemas.{name}"));
                let rust = crate::ident::camel(wanted);
                if let Some(other) = owners.get(&rust) {
                    self.diags.error(
                        at.join(name),
                        Problem::NameCollision {
                            kind: "type",
                            name: rust.clone(),
                            spec_name: name.clone(),
                            other: other.clone(),
                        },
                    );
                    continue;
                }
                let (rust, _) = self.type_names.claim(&rust);
                owners.insert(rust.clone(), name.clone());
                self.components.insert(name.clone(), component(rust, schema));
            }
        }
        for (name, schema) in &components.schemas {
            if self.components.contains_key(name) || self.config.rename.schemas.contains_key(name) {
                continue;
            }
            let wanted = crate::ident::camel(name);
            let (rust, renamed) = self.type_names.claim(&wanted);
            if renamed {
                self.diags.warn(
                    at.join(name),
                    Problem::Renamed { kind: "schema", spec_name: name.clone(), wanted, name: rust.clone() },
                );
            }
            self.components.insert(name.clone(), component(rust, schema));
        }
    }

    /// Refuses types that stand only for one another, and turns aliases
    /// that contain themselves into newtypes (see [`cycles::settle_aliases`]).
    fn check_recursion(&mut self) {
        for cycle in cycles::settle_aliases(&mut self.types) {
            let at = self.root.at(cycle.origin);
            let through = cycle.members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" → ");
            self.diags.error(at, Problem::SelfContaining(cycle.members[0].clone(), through));
        }
    }

    fn lower_all_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for name in components.schemas.keys() {
            let at = self.root.join("components").join("schemas").join(name);
            self.component(name, &at);
        }
    }

    /// Claims a Rust name for a type defined inline. Inline schemas have no
    /// name in the spec, so a suffix that keeps one unique is not worth a
    /// warning (large specs have thousands); schemas and fields still warn.
    fn claim_type_name(&mut self, wanted: &str) -> String {
        let wanted = crate::ident::camel(wanted);
        self.type_names.claim(&wanted).0
    }

    fn define(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    /// Warns about config entries that matched nothing in the spec.
    fn check_config_use(&mut self) {
        let config = self.config;
        let origin = &config.origin;
        let used = |section: &str, key: &str| self.used_keys.contains(&format!("{section}.{key}"));
        let mut unused = Vec::new();
        for key in config.rename.schemas.keys().filter(|key| !used("rename.schemas", key)) {
            unused.push((key, origin.key(&["rename", "schemas", key])));
        }
        for key in config.rename.fields.keys().filter(|key| !used("rename.fields", key)) {
            unused.push((key, origin.key(&["rename", "fields", key])));
        }
        for (i, key) in config.sensitive.iter().enumerate().filter(|(_, key)| !used("sensitive", key)) {
            unused.push((key, origin.value(&["sensitive", &i.to_string()])));
        }
        for key in config.fields.keys().filter(|key| !used("fields", key)) {
            unused.push((key, origin.key(&["fields", key])));
        }
        for (key, at) in unused {
            self.diags.warn(at, Problem::Unmatched(key.clone()));
        }
    }
}

fn component(rust: String, schema: &openapiv3::ReferenceOr<openapiv3::Schema>) -> Component {
    let nullable = matches!(schema, openapiv3::ReferenceOr::Item(s) if s.schema_data.nullable);
    Component { rust, started: false, nullable }
}

/// A Rust type and whether the value may be null.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lowered {
    pub ty: ir::TypeRef,
    pub nullable: bool,
}

impl Lowered {
    fn of(ty: ir::TypeRef) -> Self {
        Lowered { ty, nullable: false }
    }
}
