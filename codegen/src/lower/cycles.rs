//! Boxing just enough fields to give recursive types a size.
//!
//! A type contains another *directly* when a struct field or a union member
//! has it without a `Vec` or map in between (an `Option` does not help).
//! Aliases are looked through, since `type A = B;` adds no indirection. A
//! depth-first search over these edges, in name and field order so the
//! result is deterministic, finds back edges; boxing exactly those breaks
//! every cycle, and leaves edges that are not on a cycle alone.

use std::collections::BTreeMap;

use crate::ir::{TypeDef, TypeKind, TypeRef, resolve};

/// Types that lead back to themselves with nothing that could end a value
/// in between: the first member's origin, and the members in order, the
/// first repeated at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SelfContaining {
    pub origin: String,
    pub members: Vec<String>,
}

/// Settles the recursion that boxing fields cannot:
///
/// - aliases and `oneOf`/`anyOf` members that lead back to where they
///   started through other aliases and members only (`type A = B; type B =
///   A;`, or a union that is one of its own variants) describe no value,
///   and would not compile or would recurse forever while decoding: they are
///   returned, one entry per cycle;
/// - an alias that contains itself through a `Vec` or a map (`type A =
///   Vec<A>;`, not allowed in Rust) becomes a newtype, one per cycle, at an
///   alias whose own type is the container.
pub(super) fn settle_aliases(types: &mut BTreeMap<String, TypeDef>) -> Vec<SelfContaining> {
    let direct = |def: &TypeDef| -> Vec<String> {
        match &def.kind {
            TypeKind::Alias(TypeRef::Named(to)) => vec![to.clone()],
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| match &v.ty {
                    TypeRef::Named(to) => Some(to.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut found = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for cycle in cycles_of(types, direct) {
        let mut key = cycle.clone();
        key.sort();
        if !reported.insert(key) {
            continue;
        }
        let origin = types.get(&cycle[0]).map(|d| d.origin.clone()).unwrap_or_default();
        let mut members = cycle;
        members.push(members[0].clone());
        found.push(SelfContaining { origin, members });
    }
    if !found.is_empty() {
        return found;
    }
    let through_aliases = |def: &TypeDef| -> Vec<String> {
        match &def.kind {
            TypeKind::Alias(ty) => {
                let mut out = Vec::new();
                ty.names_into(&mut out);
                out
            }
            _ => Vec::new(),
        }
    };
    for cycle in cycles_of(types, through_aliases) {
        // Some alias on the cycle holds the next one in a container; it becomes the newtype.
        let container = cycle.iter().find(|name| {
            matches!(
                types.get(name.as_str()).map(|d| &d.kind),
                Some(TypeKind::Alias(TypeRef::Vec(_) | TypeRef::Map(_)))
            )
        });
        let Some(name) = container.cloned() else { continue };
        if let Some(def) = types.get_mut(&name)
            && let TypeKind::Alias(ty) = &def.kind
        {
            def.kind = TypeKind::Newtype(ty.clone());
        }
    }
    Vec::new()
}

/// One cycle per back edge of an iterative depth-first search (in name
/// order) over the edges that `next` gives: the types on it, from the one
/// the back edge returns to.
fn cycles_of(types: &BTreeMap<String, TypeDef>, next: impl Fn(&TypeDef) -> Vec<String>) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    let mut cycles = Vec::new();
    for start in types.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        state.insert(start, State::Open);
        let mut stack: Vec<(&str, Vec<String>, usize)> = vec![(start, next(&types[start]), 0)];
        while let Some((node, out, i)) = stack.last_mut() {
            let Some(to) = out.get(*i).cloned() else {
                state.insert(node, State::Done);
                stack.pop();
                continue;
            };
            *i += 1;
            let Some((to, def)) = types.get_key_value(&to) else { continue };
            match state.get(to.as_str()) {
                Some(State::Open) => {
                    let from = stack.iter().position(|(n, _, _)| *n == to).unwrap_or(0);
                    cycles.push(stack[from..].iter().map(|(n, _, _)| (*n).to_owned()).collect());
                }
                Some(State::Done) => {}
                None => {
                    state.insert(to, State::Open);
                    stack.push((to, next(def), 0));
                }
            }
        }
    }
    cycles
}

/// Where an edge starts: a field or a union member of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edge<'t> {
    from: &'t str,
    slot: usize,
    to: &'t str,
}

/// Sets `boxed` on the fields and union members that close a cycle.
pub(super) fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    let back: Vec<(String, usize)> = {
        let graph = edges(types);
        back_edges(&graph).into_iter().map(|e| (e.from.to_owned(), e.slot)).collect()
    };
    for (name, slot) in back {
        match types.get_mut(&name).map(|def| &mut def.kind) {
            Some(TypeKind::Struct(s)) => {
                if let Some(field) = s.fields.get_mut(slot) {
                    field.boxed = true;
                }
            }
            Some(TypeKind::Union(u)) => {
                if let Some(variant) = u.variants.get_mut(slot) {
                    variant.boxed = true;
                }
            }
            _ => {}
        }
    }
}

/// The direct containment edges of every struct and union, by type name.
fn edges(types: &BTreeMap<String, TypeDef>) -> BTreeMap<&str, Vec<Edge<'_>>> {
    let target = |ty: &TypeRef| match resolve(ty, |n| types.get(n)) {
        TypeRef::Named(name) => types.get_key_value(name).map(|(key, _)| key.as_str()),
        _ => None,
    };
    let mut graph = BTreeMap::new();
    for (name, def) in types {
        let slots: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            // A newtype holds a `Vec` or a map (see `settle_aliases`): never a direct edge.
            TypeKind::Alias(_) | TypeKind::Enum(_) | TypeKind::Newtype(_) => continue,
        };
        let out = slots
            .into_iter()
            .enumerate()
            .filter_map(|(slot, ty)| target(ty).map(|to| Edge { from: name.as_str(), slot, to }))
            .collect();
        graph.insert(name.as_str(), out);
    }
    graph
}

/// The back edges of an iterative depth-first search from every node in
/// order.
fn back_edges<'t>(graph: &BTreeMap<&'t str, Vec<Edge<'t>>>) -> Vec<Edge<'t>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    let mut back = Vec::new();
    for &start in graph.keys() {
        if state.contains_key(start) {
            continue;
        }
        state.insert(start, State::Open);
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some((node, next)) = stack.last_mut() {
            let out = graph.get(node).map(Vec::as_slice).unwrap_or_default();
            let Some(edge) = out.get(*next).copied() else {
                state.insert(node, State::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            match state.get(edge.to) {
                Some(State::Open) => back.push(edge),
                Some(State::Done) => {}
                None => {
                    state.insert(edge.to, State::Open);
                    stack.push((edge.to, 0));
                }
            }
        }
    }
    back
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph<'t>(spec: &[(&'t str, &[&'t str])]) -> BTreeMap<&'t str, Vec<Edge<'t>>> {
        spec.iter()
            .map(|(from, tos)| {
                (*from, tos.iter().enumerate().map(|(slot, to)| Edge { from, slot, to }).collect::<Vec<_>>())
            })
            .collect()
    }

    #[test]
    fn boxes_only_edges_that_close_a_cycle() {
        type Case<'a> = (&'a [(&'a str, &'a [&'a str])], &'a [(&'a str, usize)]);
        let cases: &[Case] = &[
            // A self-loop.
            (&[("Node", &["Leaf", "Node"]), ("Leaf", &[])], &[("Node", 1)]),
            // Mutual recursion: one of the two edges.
            (&[("Person", &["Team"]), ("Team", &["Person", "Person"])], &[("Team", 0), ("Team", 1)]),
            // No cycle, shared child.
            (&[("A", &["C"]), ("B", &["C"]), ("C", &[])], &[]),
            // A longer cycle with a chord.
            (&[("A", &["B"]), ("B", &["C"]), ("C", &["A", "B"])], &[("C", 0), ("C", 1)]),
            // An edge to a type outside the graph.
            (&[("A", &["Missing"])], &[]),
        ];
        for (spec, expected) in cases {
            let found: Vec<(&str, usize)> = back_edges(&graph(spec)).iter().map(|e| (e.from, e.slot)).collect();
            assert_eq!(found, *expected, "{spec:?}");
        }
    }
}
