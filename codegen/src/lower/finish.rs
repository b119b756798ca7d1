//! Whole-API passes once every type is known: which types travel in which
//! direction, which enums stay open, which types validate, and which fields
//! must be boxed to break cycles.

use std::collections::{BTreeMap, BTreeSet};

use super::Ctx;
use crate::ir::{Operation, Response, TypeDef, TypeKind, TypeRef};

/// Names of generated types that `ty` mentions directly or inside
/// containers.
fn named_in(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

fn children(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| named_in(&f.ty, &mut out));
            if let Some(extra) = &s.additional {
                named_in(extra, &mut out);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| named_in(&v.ty, &mut out)),
        TypeKind::Alias(ty) => named_in(ty, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

impl<'a> Ctx<'a> {
    /// Runs the passes and returns the types sorted by name.
    pub(super) fn finish(&mut self, operations: &mut [Operation]) -> Vec<TypeDef> {
        self.mark_directions(operations);
        let open_enums = self.config.client.open_enums.unwrap_or(true);
        for def in self.types.values_mut() {
            if let TypeKind::Enum(e) = &mut def.kind {
                e.open = open_enums && def.in_response;
            }
        }
        self.require_non_empty(operations);
        let validating = self.mark_validation();
        for op in operations.iter_mut() {
            if let Some(body) = &mut op.body {
                body.validates = refers_to(&body.ty, &validating);
            }
            if let Some((_, params)) = &op.params {
                op.params_validate = params.iter().any(|p| !p.rules.is_empty() || refers_to(&p.ty, &validating));
            }
        }
        self.box_cycles();
        std::mem::take(&mut self.types).into_values().collect()
    }

    fn mark_directions(&mut self, operations: &[Operation]) {
        let mut requests = Vec::new();
        let mut responses = Vec::new();
        for op in operations {
            for p in op.path_params.iter().chain(op.params.iter().flat_map(|(_, ps)| ps)) {
                named_in(&p.ty, &mut requests);
            }
            if let Some(body) = &op.body {
                named_in(&body.ty, &mut requests);
            }
            match &op.response {
                Response::Json(ty) | Response::Enveloped(Some(ty)) => named_in(ty, &mut responses),
                _ => {}
            }
            for error in &op.errors {
                if let Some(ty) = &error.ty {
                    named_in(ty, &mut responses);
                }
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

    /// An empty string for a required request field is almost always a
    /// mistake, and for a path parameter it would call another endpoint.
    fn require_non_empty(&mut self, operations: &mut [Operation]) {
        for def in self.types.values_mut().filter(|d| d.in_request) {
            if let TypeKind::Struct(s) = &mut def.kind {
                for f in s.fields.iter_mut().filter(|f| f.required && !f.nullable && f.ty == TypeRef::String) {
                    f.rules.min_length = Some(f.rules.min_length.unwrap_or(1).max(1));
                }
            }
        }
        for op in operations {
            let params = op.params.iter_mut().flat_map(|(_, ps)| ps.iter_mut());
            for p in op.path_params.iter_mut().chain(params.filter(|p| p.required)) {
                if p.ty == TypeRef::String {
                    p.rules.min_length = Some(p.rules.min_length.unwrap_or(1).max(1));
                }
            }
        }
    }

    /// Marks request structs that need `validate()`; returns the names of
    /// all types that validate (structs and aliases of them).
    fn mark_validation(&mut self) -> BTreeSet<String> {
        let mut validating = BTreeSet::new();
        loop {
            let mut found = Vec::new();
            for def in self.types.values().filter(|d| d.in_request && !validating.contains(&d.name)) {
                let needs = match &def.kind {
                    TypeKind::Struct(s) => {
                        s.fields.iter().any(|f| !f.rules.is_empty() || refers_to(&f.ty, &validating))
                            || s.additional.as_ref().is_some_and(|t| refers_to(t, &validating))
                    }
                    TypeKind::Alias(ty) => refers_to(ty, &validating),
                    _ => false,
                };
                if needs {
                    found.push(def.name.clone());
                }
            }
            if found.is_empty() {
                break;
            }
            validating.extend(found);
        }
        for def in self.types.values_mut() {
            if let TypeKind::Struct(s) = &mut def.kind {
                s.validates = validating.contains(&def.name);
            }
        }
        validating
    }

    /// Boxes struct fields whose type contains the struct again without an
    /// indirection (`Vec`, map) in between.
    fn box_cycles(&mut self) {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for def in self.types.values() {
            let direct: Vec<&str> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_name(&f.ty)).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct_name(&v.ty)).collect(),
                TypeKind::Alias(ty) => direct_name(ty).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            edges.insert(def.name.as_str(), direct);
        }
        let components = strongly_connected(&edges);
        let component_of: BTreeMap<String, usize> =
            components.iter().enumerate().flat_map(|(i, c)| c.iter().map(move |n| (n.to_string(), i))).collect();
        for def in self.types.values_mut() {
            let own = component_of.get(&def.name).copied();
            if let TypeKind::Struct(s) = &mut def.kind {
                for f in &mut s.fields {
                    if let Some(target) = direct_name(&f.ty) {
                        f.boxed = own.is_some() && component_of.get(target).copied() == own;
                    }
                }
            }
        }
    }
}

fn direct_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

fn refers_to(ty: &TypeRef, names: &BTreeSet<String>) -> bool {
    let mut found = Vec::new();
    named_in(ty, &mut found);
    found.iter().any(|n| names.contains(n))
}

/// Tarjan's algorithm, iteratively (specs can nest deeply). Returns the
/// components that contain a cycle: more than one node, or a self-loop.
fn strongly_connected<'n>(edges: &BTreeMap<&'n str, Vec<&'n str>>) -> Vec<Vec<&'n str>> {
    let mut index: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut on_stack = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for &start in edges.keys() {
        if index.contains_key(start) {
            continue;
        }
        let mut work: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if *next == 0 && !index.contains_key(node) {
                index.insert(node, (counter, counter));
                counter += 1;
                stack.push(node);
                on_stack.insert(node);
            }
            let succ = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&child) = succ.get(*next) {
                *next += 1;
                if !index.contains_key(child) {
                    if edges.contains_key(child) {
                        work.push((child, 0));
                    }
                } else if on_stack.contains(child) {
                    let child_index = index[child].0;
                    if let Some(entry) = index.get_mut(node) {
                        entry.1 = entry.1.min(child_index);
                    }
                }
                continue;
            }
            work.pop();
            let (own_index, low) = index[node];
            if let Some(&(parent, _)) = work.last() {
                if let Some(entry) = index.get_mut(parent) {
                    entry.1 = entry.1.min(low);
                }
            }
            if own_index == low {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                let self_loop = succ.contains(&node);
                if component.len() > 1 || self_loop {
                    out.push(component);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_only() {
        let mut edges = BTreeMap::new();
        edges.insert("A", vec!["B"]);
        edges.insert("B", vec!["A", "C"]);
        edges.insert("C", vec![]);
        edges.insert("D", vec!["D"]);
        edges.insert("E", vec!["C"]);
        let mut found: Vec<Vec<&str>> = strongly_connected(&edges)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        found.sort();
        assert_eq!(found, vec![vec!["A", "B"], vec!["D"]]);
    }
}
