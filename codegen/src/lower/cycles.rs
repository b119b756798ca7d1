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
            TypeKind::Alias(_) | TypeKind::Enum(_) => continue,
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
