//! No import circles: within each crate of the workspace, the modules that
//! name each other (`use crate::a::…`, `super::b::…`, `crate::c::f()`) form
//! no cycle. A module naming its own ancestors or descendants does not
//! count (a child using its parent's context is how Rust modules nest);
//! comments and `#[cfg(test)] mod tests` blocks are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crates whose modules are checked, by source directory.
const CRATES: &[&str] = &["codegen/src", "runtime/src", "fake-server/src", "bench/src"];

type Module = Vec<String>;

/// Knots that are known and why they stay: each is a cycle's modules as
/// the test prints them (`"crate/src::a ↔ crate/src::b"`) with the reason.
/// There are none; keep it that way, or keep this list short and every
/// entry explained.
const KNOWN: &[(&str, &str)] = &[];

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for dir in CRATES {
        let modules = modules(&root.join(dir));
        assert!(modules.len() > 1 || *dir == "bench/src", "{dir}: no modules found");
        let graph = edges(&modules);
        for cycle in cycles(&graph) {
            let names: Vec<String> = cycle.iter().map(|m| format!("{dir}::{}", m.join("::"))).collect();
            found.push(names.join(" ↔ "));
        }
    }
    for (knot, why) in KNOWN {
        assert!(found.contains(&knot.to_string()), "a known knot is gone ({why}): remove it from KNOWN: {knot}");
    }
    found.retain(|cycle| !KNOWN.iter().any(|(knot, _)| knot == cycle));
    assert!(found.is_empty(), "modules that import each other:\n{}", found.join("\n"));
}

/// Every module of a crate (by path, the crate root being `[]`) with its source, comments and tests removed.
fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("inside src").with_extension("");
            let mut module: Module = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("lib" | "main" | "mod")) {
                module.pop();
            }
            if module.last().is_some_and(|m| m == "tests") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable source");
            out.insert(module, code_of(&text));
        }
    }
    out
}

/// `text` without line comments and without its `#[cfg(test)] mod tests` block (at the end, by convention).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Which modules each module names, ancestors and descendants left out.
fn edges(modules: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let path = regex_lite::Regex::new(r"\b(?:crate|super)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))+").expect("valid");
    let group = regex_lite::Regex::new(r"\b((?:crate|super)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))*)::\{([^{}]*)\}")
        .expect("valid");
    let mut graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, code) in modules {
        let mut references: Vec<String> = path.find_iter(code).map(|m| m.as_str().to_owned()).collect();
        for found in group.captures_iter(code) {
            for item in found[2].split(',') {
                let first = item.trim().split([' ', ':', '{']).next().unwrap_or("");
                if !first.is_empty() && first != "self" {
                    references.push(format!("{}::{first}", &found[1]));
                }
            }
        }
        for reference in references {
            let Some(target) = resolve(module, &reference, modules) else { continue };
            let related = module.starts_with(&target) || target.starts_with(module);
            if !related {
                graph.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

/// The module a path like `crate::a::b::f` or `super::c::T` lands in.
fn resolve(from: &Module, reference: &str, modules: &BTreeMap<Module, String>) -> Option<Module> {
    let mut segments = reference.split("::");
    let mut base: Module = match segments.next()? {
        "crate" => Vec::new(),
        _ => from[..from.len().checked_sub(1)?].to_vec(),
    };
    for segment in segments {
        if segment == "super" {
            base.pop();
            continue;
        }
        let mut next = base.clone();
        next.push(segment.to_owned());
        if !modules.contains_key(&next) {
            break;
        }
        base = next;
    }
    Some(base)
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, (usize, usize)>,
        stack: Vec<&'a Module>,
        next: usize,
        found: Vec<Vec<Module>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a Module) {
            self.index.insert(v, (self.next, self.next));
            self.next += 1;
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.index[w].1.min(self.index[v].1);
                    self.index.get_mut(v).expect("visited").1 = low;
                } else if self.stack.contains(&w) {
                    let low = self.index[w].0.min(self.index[v].1);
                    self.index.get_mut(v).expect("visited").1 = low;
                }
            }
            if self.index[v].0 == self.index[v].1 {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    component.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk { graph, index: BTreeMap::new(), stack: Vec::new(), next: 0, found: Vec::new() };
    for v in graph.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn the_check_finds_a_circle() {
    let modules: BTreeMap<Module, String> = [
        (vec![], "mod a; mod b;".to_owned()),
        (vec!["a".to_owned()], "use crate::b::Thing;".to_owned()),
        (vec!["b".to_owned()], "use super::{a::Other, c};".to_owned()),
        (vec!["c".to_owned()], "use crate::a; // crate::b in a comment".to_owned()),
    ]
    .into_iter()
    .collect();
    let graph = edges(&modules);
    let found = cycles(&graph);
    assert_eq!(found.len(), 1, "{graph:?}");
    assert_eq!(found[0].len(), 3, "a → b → a and b → c → a: {found:?}");
}
