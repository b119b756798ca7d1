//! Comparing what two type references stand for: primitives, arrays, maps
//! and named types, followed recursively through struct fields, enum values
//! and union members. Each named pair is compared once per walk, which is
//! also the cycle guard for recursive types. The walk keeps its own stack
//! (depth first, in field order, as a recursive walk would go), so a long
//! chain of types costs no call stack.

use std::collections::BTreeSet;

use super::change::{At, Change, Side};
use crate::ir::{Api, Enum, Field, Rules, Struct, TypeDef, TypeKind, TypeRef, Union};

/// One walk: one operation, one side (request or response).
pub(super) struct Walker<'a> {
    old: &'a Api,
    new: &'a Api,
    side: Side,
    operation: &'a str,
    /// Where the walk started: `request body`, `response`, `query parameter page`…
    place: String,
    /// Named pairs (old name, new name) already compared.
    seen: BTreeSet<(String, String)>,
    /// Comparisons found while comparing one pair, to be made next.
    children: Vec<(String, TypeRef, TypeRef)>,
    out: &'a mut Vec<Change>,
}

impl<'a> Walker<'a> {
    pub fn new(old: &'a Api, new: &'a Api, side: Side, operation: &'a str, out: &'a mut Vec<Change>) -> Self {
        Walker { old, new, side, operation, place: String::new(), seen: BTreeSet::new(), children: Vec::new(), out }
    }

    /// Compares `old` and `new` found at `place`.
    pub fn root(&mut self, place: &str, old: &TypeRef, new: &TypeRef) {
        self.place = place.to_owned();
        let mut stack = vec![(String::new(), old.clone(), new.clone())];
        while let Some((path, old, new)) = stack.pop() {
            self.compare(path, &old, &new);
            stack.extend(self.children.drain(..).rev());
        }
    }

    /// Compares `old` and `new` at `path` once the current pair is done.
    fn later(&mut self, path: String, old: &TypeRef, new: &TypeRef) {
        self.children.push((path, old.clone(), new.clone()));
    }

    /// Records a change found at `place` itself (a parameter, the body…).
    pub fn emit(&mut self, place: &str, make: impl FnOnce(At<'_>) -> Change) {
        let change = make(At { operation: Some(self.operation), location: place });
        self.out.push(change);
    }

    fn push(&mut self, path: &str, make: impl FnOnce(At<'_>) -> Change) {
        let location = if path.is_empty() { self.place.clone() } else { format!("{} {path}", self.place) };
        let change = make(At { operation: Some(self.operation), location: &location });
        self.out.push(change);
    }

    fn compare(&mut self, path: String, old: &TypeRef, new: &TypeRef) {
        let renamed = match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) if a != b => Some((a.as_str(), b.as_str())),
            _ => None,
        };
        let (old, new) = (self.old.resolve(old), self.new.resolve(new));
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.named(path, a, b, renamed),
            (TypeRef::Vec(a), TypeRef::Vec(b)) => self.later(format!("{path}[]"), a, b),
            (TypeRef::Map(a), TypeRef::Map(b)) => self.later(format!("{path}{{}}"), a, b),
            _ if old == new => {
                // Two aliases of the same type: only the name users write changed.
                if let Some((a, b)) = renamed {
                    self.push(&path, |at| at.type_renamed(a, b));
                }
            }
            _ => {
                let (ok, nk) = (kind_of(self.old, old), kind_of(self.new, new));
                self.push(&path, |at| at.type_changed(rust_type(old), rust_type(new), ok, nk));
            }
        }
    }

    /// Compares two named types; `renamed` holds the names as written when
    /// they differ (they may be aliases of `a` and `b`).
    fn named(&mut self, path: String, a: &str, b: &str, renamed: Option<(&str, &str)>) {
        if !self.seen.insert((a.to_owned(), b.to_owned())) {
            return;
        }
        let (Some(old), Some(new)) = (find(self.old, a), find(self.new, b)) else { return };
        let (old_kind, new_kind) = (kind_name(&old.kind), kind_name(&new.kind));
        if old_kind != new_kind {
            self.push(&path, |at| at.type_changed(a.to_owned(), b.to_owned(), old_kind, new_kind));
            return;
        }
        if let Some((a, b)) = renamed {
            self.push(&path, |at| at.type_renamed(a, b));
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => self.structs(&path, o, n),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => self.enums(&path, b, o, n),
            (TypeKind::Union(o), TypeKind::Union(n)) => self.unions(&path, b, o, n),
            (TypeKind::Newtype(o), TypeKind::Newtype(n)) => self.later(format!("{path}.0"), o, n),
            _ => {}
        }
    }

    fn structs(&mut self, path: &str, old: &Struct, new: &Struct) {
        let side = self.side;
        for o in &old.fields {
            let at = format!("{path}.{}", o.wire);
            match new.fields.iter().find(|n| n.wire == o.wire) {
                Some(n) => self.field(at, o, n),
                None => self.push(&at, |at| at.field_removed(field_type(o), o.deprecated)),
            }
        }
        for n in new.fields.iter().filter(|n| !old.fields.iter().any(|o| o.wire == n.wire)) {
            let required = match side {
                Side::Request => !n.is_option() && n.default.is_none(),
                Side::Response => n.required,
            };
            self.push(&format!("{path}.{}", n.wire), |at| at.field_added(side, field_type(n), required));
        }
        let at = format!("{path}.*");
        match (&old.additional, &new.additional) {
            (Some(o), Some(n)) => self.later(at, o, n),
            (None, Some(n)) => self.push(&at, |at| at.field_added(side, map_type(n), false)),
            (Some(o), None) => self.push(&at, |at| at.field_removed(map_type(o), false)),
            (None, None) => {}
        }
    }

    fn field(&mut self, path: String, old: &Field, new: &Field) {
        if old.name != new.name {
            self.push(&path, |at| at.field_renamed(&old.name, &new.name));
        }
        if old.deprecated != new.deprecated {
            self.push(&path, |at| at.deprecation_changed(new.deprecated));
        }
        if old.is_option() != new.is_option() || old.tristate != new.tristate {
            let how = optionality(old, new);
            self.push(&path, |at| at.optionality_changed(field_type(old), field_type(new), how));
        } else if old.boxed != new.boxed {
            self.push(&path, |at| at.type_changed(field_type(old), field_type(new), "", ""));
        } else if old.required != new.required {
            let side = self.side;
            self.push(&path, |at| at.required_changed(side, new.required));
        }
        if self.side == Side::Request && old.rules != new.rules {
            self.push(&path, |at| at.rules_changed(rules_text(&old.rules), rules_text(&new.rules)));
        }
        self.later(path, &old.ty, &new.ty);
    }

    fn enums(&mut self, path: &str, ty: &str, old: &Enum, new: &Enum) {
        let side = self.side;
        for o in &old.variants {
            match new.variants.iter().find(|n| n.wire == o.wire) {
                None => self.push(path, |at| at.enum_value_removed(ty, &o.wire)),
                Some(n) if n.name != o.name => self.push(path, |at| at.enum_variant_renamed(ty, &o.name, &n.name)),
                Some(_) => {}
            }
        }
        for n in new.variants.iter().filter(|n| !old.variants.iter().any(|o| o.wire == n.wire)) {
            self.push(path, |at| at.enum_value_added(side, ty, &n.wire, old.open));
        }
        if old.open != new.open {
            self.push(path, |at| at.enum_openness_changed(ty, new.open));
        }
    }

    fn unions(&mut self, path: &str, ty: &str, old: &Union, new: &Union) {
        let side = self.side;
        for o in &old.variants {
            match new.variants.iter().find(|n| n.name == o.name) {
                Some(n) => self.later(format!("{path}::{}", o.name), &o.ty, &n.ty),
                None => self.push(path, |at| at.union_variant_removed(ty, &o.name, rust_type(&o.ty))),
            }
        }
        for n in new.variants.iter().filter(|n| !old.variants.iter().any(|o| o.name == n.name)) {
            self.push(path, |at| at.union_variant_added(side, ty, &n.name, rust_type(&n.ty)));
        }
    }
}

/// How a field gained or lost its `Option`, in words.
fn optionality(old: &Field, new: &Field) -> &'static str {
    if old.tristate != new.tristate {
        // `Option<T>` ↔ `Option<Option<T>>`: an optional field that became (or stopped being) nullable.
        match (new.tristate, old.required != new.required) {
            (true, true) => "made optional",
            (true, false) => "made nullable",
            (false, true) => "made required",
            (false, false) => "made non-nullable",
        }
    } else if new.is_option() {
        if old.required && !new.required { "made optional" } else { "made nullable" }
    } else if !old.required && new.required {
        "made required"
    } else if old.nullable && !new.nullable {
        "made non-nullable"
    } else {
        "given a default"
    }
}

/// The generated type named `name`.
pub(super) fn find<'a>(api: &'a Api, name: &str) -> Option<&'a TypeDef> {
    api.types.binary_search_by(|def| def.name.as_str().cmp(name)).ok().and_then(|i| api.types.get(i))
}

/// The Rust type of a reference, as the generated code spells it (short paths).
pub(super) fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => map_type(inner),
    }
}

fn map_type(inner: &TypeRef) -> String {
    format!("BTreeMap<String, {}>", rust_type(inner))
}

/// What kind of generated type `ty` names (`enum`), or `""` for other types.
fn kind_of(api: &Api, ty: &TypeRef) -> &'static str {
    let TypeRef::Named(name) = ty else { return "" };
    find(api, name).map_or("", |def| kind_name(&def.kind))
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Newtype(_) => "newtype",
        TypeKind::Alias(_) => "",
    }
}

/// The Rust type of a struct field, with `Box` and `Option`.
pub(super) fn field_type(field: &Field) -> String {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.tristate {
        format!("Option<Option<{ty}>>")
    } else if field.is_option() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// Checks in words: `pattern ^\d{6}$, max length 10`, or `none`.
pub(super) fn rules_text(rules: &Rules) -> String {
    let mut parts = Vec::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            parts.push(format!("{name} {value}"));
        }
    };
    add("pattern", rules.pattern.as_ref().map(|p| format!("`{p}`")));
    add("ignoring", rules.ignore_chars.as_ref().map(|c| format!("{c:?}")));
    add("min length", rules.min_length.map(|v| v.to_string()));
    add("max length", rules.max_length.map(|v| v.to_string()));
    add("minimum", rules.minimum.map(|v| v.to_string()));
    add("maximum", rules.maximum.map(|v| v.to_string()));
    add("min items", rules.min_items.map(|v| v.to_string()));
    add("max items", rules.max_items.map(|v| v.to_string()));
    if parts.is_empty() { "none".into() } else { parts.join(", ") }
}
