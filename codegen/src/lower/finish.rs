//! Whole-API passes once every type is known: which types travel in which
//! direction, which enums stay open, which types validate, and (in
//! `cycles`) which fields must be boxed.

use std::collections::{BTreeMap, BTreeSet};

use super::Ctx;
use crate::ir::{Operation, Response, Rules, TypeDef, TypeKind, TypeRef};

fn children(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| f.ty.names_into(&mut out));
            if let Some(extra) = &s.additional {
                extra.names_into(&mut out);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.names_into(&mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => ty.names_into(&mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

impl<'a> Ctx<'a> {
    /// Runs the passes and returns the types sorted by name, and the names
    /// of the types that are some operation's error type.
    pub(super) fn finish(&mut self, operations: &mut [Operation]) -> (Vec<TypeDef>, Vec<String>) {
        self.mark_directions(operations);
        let open_enums = self.config.client.open_enums.unwrap_or(true);
        let open_unions = self.config.client.open_unions.unwrap_or(true);
        for def in self.types.values_mut() {
            match &mut def.kind {
                TypeKind::Enum(e) => e.open = open_enums && def.in_response,
                TypeKind::Union(u) => u.open = open_unions && def.in_response && u.tag.is_some(),
                _ => {}
            }
        }
        let both_ways = self.config.client.serde_both_ways.unwrap_or(false);
        for def in self.types.values_mut() {
            def.serialize = def.in_request || both_ways;
            def.deserialize = def.in_response || both_ways;
        }
        let error_types = self.settle_typed_errors(operations);
        self.place_defaults(operations);
        // What is sent can leave a field out, send `null`, or send a value; servers may treat the first two
        // differently, so optional nullable fields of sent types keep all three apart.
        for def in self.types.values_mut().filter(|d| d.in_request) {
            if let TypeKind::Struct(s) = &mut def.kind {
                for f in s.fields.iter_mut().filter(|f| !f.required && f.nullable && f.default.is_none()) {
                    f.tristate = true;
                }
            }
        }
        self.prune_rules(operations);
        let validating = self.mark_validation();
        for op in operations.iter_mut() {
            if let Some(body) = &mut op.body {
                body.validates = refers_to(&body.ty, &validating);
            }
            if let Some(params) = &mut op.params {
                params.validates = params.params.iter().any(|p| !p.rules.is_empty() || refers_to(&p.ty, &validating));
            }
        }
        super::cycles::box_cycles(&mut self.types);
        (std::mem::take(&mut self.types).into_values().collect(), error_types)
    }

    /// Where each operation takes the client defaults: as an optional string
    /// query parameter, or as an optional string field of its JSON body.
    fn place_defaults(&mut self, operations: &mut [Operation]) {
        let defaults = &self.config.client.defaults;
        if defaults.is_empty() {
            return;
        }
        let is_text = |types: &BTreeMap<String, TypeDef>, ty: &TypeRef| {
            *crate::ir::resolve(ty, |n| types.get(n)) == TypeRef::String
        };
        for op in operations.iter_mut() {
            for wire in defaults {
                let in_query = op.params.iter().flat_map(|s| &s.params).any(|p| {
                    p.wire == *wire
                        && !p.required
                        && matches!(p.location, crate::ir::ParamLocation::Query { .. })
                        && is_text(&self.types, &p.ty)
                });
                if in_query {
                    op.default_query.push(wire.clone());
                }
                let body = op.body.as_ref().filter(|b| b.media == crate::ir::Media::Json);
                let in_body = match body.map(|b| crate::ir::resolve(&b.ty, |n| self.types.get(n))) {
                    Some(TypeRef::Named(name)) => match self.types.get(name).map(|d| &d.kind) {
                        Some(TypeKind::Struct(s)) => {
                            s.fields.iter().any(|f| f.wire == *wire && !f.required && is_text(&self.types, &f.ty))
                        }
                        _ => false,
                    },
                    _ => false,
                };
                if in_body {
                    op.default_body.push(wire.clone());
                }
            }
        }
        for (i, wire) in defaults.iter().enumerate() {
            if !operations.iter().any(|op| op.default_query.contains(wire) || op.default_body.contains(wire)) {
                let at = self.config.origin.value(&["client", "defaults", &i.to_string()]);
                self.diags.warn(at, crate::diag::Problem::UnusedDefault(wire.clone()));
            }
        }
    }

    /// Keeps typed errors only where their type is one the generated code
    /// defines (a struct, union, enum or newtype, through aliases), which can
    /// implement the runtime's `ErrorKind`; returns those types' names.
    fn settle_typed_errors(&self, operations: &mut [Operation]) -> Vec<String> {
        let mut names = BTreeSet::new();
        for op in operations.iter_mut() {
            let Some(typed) = &op.typed_errors else { continue };
            let target = match crate::ir::resolve(&typed.ty, |n| self.types.get(n)) {
                TypeRef::Named(name) => self.types.get(name).filter(|d| !matches!(d.kind, TypeKind::Alias(_))),
                _ => None,
            };
            match target {
                Some(def) => {
                    names.insert(def.name.clone());
                }
                None => op.typed_errors = None,
            }
        }
        names.into_iter().collect()
    }

    fn mark_directions(&mut self, operations: &[Operation]) {
        let mut requests = Vec::new();
        let mut responses = Vec::new();
        for op in operations {
            for p in op.path_params.iter().chain(op.params.iter().flat_map(|s| &s.params)) {
                p.ty.names_into(&mut requests);
            }
            if let Some(body) = &op.body {
                body.ty.names_into(&mut requests);
            }
            match &op.response {
                Response::Json(ty) | Response::Enveloped(Some(ty)) => ty.names_into(&mut responses),
                _ => {}
            }
            for error in &op.errors {
                if let Some(ty) = &error.ty {
                    ty.names_into(&mut responses);
                }
            }
            if let Some(typed) = &op.typed_errors {
                typed.ty.names_into(&mut responses);
            }
        }
        for (roots, request) in [(requests, true), (responses, false)] {
            let mut stack = roots;
            let mut seen = BTreeSet::new();
            while let Some(name) = stack.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let Some(def) = self.types.get_mut(&name) else { continue };
                if request {
                    def.in_request = true;
                } else {
                    def.in_response = true;
                }
                stack.extend(children(def));
            }
        }
        // Types from `schemas = "all"` that no operation uses can go either way.
        for def in self.types.values_mut() {
            if !def.in_request && !def.in_response {
                def.in_request = true;
                def.in_response = true;
            }
        }
    }

    /// Drops the checks that cannot apply to a value's type (a `pattern` on
    /// an enum, `minimum` on a string), so that `validate()` is generated
    /// exactly where it checks something.
    fn prune_rules(&mut self, operations: &mut [Operation]) {
        let resolved =
            |types: &BTreeMap<String, TypeDef>, ty: &TypeRef| crate::ir::resolve(ty, |n| types.get(n)).clone();
        let mut fields = Vec::new();
        for def in self.types.values() {
            if let TypeKind::Struct(s) = &def.kind {
                for (i, f) in s.fields.iter().enumerate() {
                    fields.push((def.name.clone(), i, resolved(&self.types, &f.ty)));
                }
            }
        }
        for (name, i, ty) in fields {
            if let Some(TypeKind::Struct(s)) = self.types.get_mut(&name).map(|d| &mut d.kind)
                && let Some(f) = s.fields.get_mut(i)
            {
                keep_applicable(&mut f.rules, &ty);
            }
        }
        for op in operations {
            let params = op.params.iter_mut().flat_map(|s| s.params.iter_mut());
            for p in op.path_params.iter_mut().chain(params) {
                let ty = resolved(&self.types, &p.ty);
                keep_applicable(&mut p.rules, &ty);
            }
        }
    }

    /// Marks the types that validate (request structs that need
    /// `validate()`, and aliases and newtypes of what validates) and returns
    /// their names. A struct validates when a field has rules or holds a type
    /// that validates: found from the structs with rules, following the
    /// references backwards once (linear, however long the chains).
    fn mark_validation(&mut self) -> BTreeSet<String> {
        let mut referrers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut validating = BTreeSet::new();
        let mut queue = Vec::new();
        for def in self.types.values().filter(|d| d.in_request) {
            let mut named = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => {
                    if s.fields.iter().any(|f| !f.rules.is_empty()) {
                        queue.push(def.name.clone());
                    }
                    s.fields.iter().for_each(|f| f.ty.names_into(&mut named));
                    if let Some(extra) = &s.additional {
                        extra.names_into(&mut named);
                    }
                }
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => ty.names_into(&mut named),
                TypeKind::Enum(_) | TypeKind::Union(_) => {}
            }
            for target in named {
                referrers.entry(target).or_default().push(def.name.clone());
            }
        }
        while let Some(name) = queue.pop() {
            if !validating.insert(name.clone()) {
                continue;
            }
            queue.extend(referrers.remove(&name).unwrap_or_default());
        }
        for def in self.types.values_mut() {
            def.validates = validating.contains(&def.name);
        }
        validating
    }
}

/// Clears the rules that a value of type `ty` (aliases resolved) cannot be
/// checked against.
fn keep_applicable(rules: &mut Rules, ty: &TypeRef) {
    let text = *ty == TypeRef::String;
    let number = matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
    let list = matches!(ty, TypeRef::Vec(_));
    let text_checked = rules.min_length.is_some() || rules.max_length.is_some() || rules.pattern.is_some();
    if !text || !text_checked {
        *rules = Rules { min_length: None, max_length: None, pattern: None, ignore_chars: None, ..rules.clone() };
    }
    if !number {
        rules.minimum = None;
        rules.maximum = None;
    }
    if !list {
        rules.min_items = None;
        rules.max_items = None;
    }
}

fn refers_to(ty: &TypeRef, names: &BTreeSet<String>) -> bool {
    let mut found = Vec::new();
    ty.names_into(&mut found);
    found.iter().any(|n| names.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_applicable_rules_are_kept() {
        let all = Rules {
            min_length: Some(1),
            max_length: Some(9),
            pattern: Some("^a".into()),
            ignore_chars: Some("-".into()),
            minimum: Some(0.0),
            maximum: Some(5.0),
            min_items: Some(1),
            max_items: Some(3),
        };
        let text = Rules { minimum: None, maximum: None, min_items: None, max_items: None, ..all.clone() };
        let number = Rules { minimum: Some(0.0), maximum: Some(5.0), ..Rules::default() };
        let list = Rules { min_items: Some(1), max_items: Some(3), ..Rules::default() };
        let cases = [
            (TypeRef::String, text),
            (TypeRef::I32, number.clone()),
            (TypeRef::F64, number),
            (TypeRef::Vec(Box::new(TypeRef::String)), list),
            (TypeRef::Named("AnEnum".into()), Rules::default()),
            (TypeRef::Bool, Rules::default()),
        ];
        for (ty, expected) in cases {
            let mut rules = all.clone();
            keep_applicable(&mut rules, &ty);
            assert_eq!(rules, expected, "{ty:?}");
        }
        // Characters to ignore mean nothing without a check to run after removing them.
        let mut rules = Rules { ignore_chars: Some("-".into()), ..Rules::default() };
        keep_applicable(&mut rules, &TypeRef::String);
        assert!(rules.is_empty());
    }
}
