//! Which operations are generated, and their method names.

use std::collections::BTreeMap;

use openapiv3::{Parameter, PathItem, ReferenceOr};

use super::{Ctx, RESERVED_METHOD_NAMES};
use crate::diag::{Location, Problem};
use crate::ident::{Scope, snake};
use crate::ir::Method;
use crate::template::{self, PathTemplate};

/// An operation picked for generation.
pub struct Selected<'a> {
    pub path: &'a str,
    /// The path, parsed.
    pub template: PathTemplate,
    /// The HTTP method.
    pub method: Method,
    pub op: &'a openapiv3::Operation,
    /// The operationId, unless missing or already used by an earlier operation.
    pub id: Option<&'a str>,
    /// Parameters declared on the path item.
    pub shared_params: &'a [ReferenceOr<Parameter>],
    pub at: Location,
    /// Where the path item is.
    pub item_at: Location,
    /// operationId, or `METHOD /path`.
    pub spec_id: String,
    /// The Rust method name.
    pub name: String,
}

fn methods(item: &PathItem) -> [(Method, &'static str, Option<&openapiv3::Operation>); 8] {
    [
        (Method::Get, "get", item.get.as_ref()),
        (Method::Put, "put", item.put.as_ref()),
        (Method::Post, "post", item.post.as_ref()),
        (Method::Delete, "delete", item.delete.as_ref()),
        (Method::Options, "options", item.options.as_ref()),
        (Method::Head, "head", item.head.as_ref()),
        (Method::Patch, "patch", item.patch.as_ref()),
        (Method::Trace, "trace", item.trace.as_ref()),
    ]
}

impl<'a> Ctx<'a> {
    /// The selected operations in document order, with method names chosen.
    pub(super) fn select(&mut self) -> Vec<Selected<'a>> {
        let doc = self.doc;
        let config = &self.config.select;
        let token_op = self.config.auth.as_ref().map(|a| a.token_operation.as_str());
        let paths_at = self.root.join("paths");
        let mut all = Vec::new();
        let mut ids: BTreeMap<&'a str, Location> = BTreeMap::new();
        let mut duplicates: Vec<&'a str> = Vec::new();
        for (path, item) in doc.paths.iter() {
            let item_at = paths_at.join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diags.error(
                        item_at.join("$ref"),
                        Problem::UnsupportedRef(reference.clone(), "path items cannot be references here"),
                    );
                    continue;
                }
            };
            // A bad template is reported once for the path, not for each of its operations.
            let template = match template::parse(path) {
                Ok(template) => Some(template),
                Err(err) => {
                    self.diags.error(item_at.clone(), Problem::PathTemplate(err.to_string()));
                    None
                }
            };
            for (method, key, op) in methods(item) {
                let Some(op) = op else { continue };
                let at = item_at.join(key);
                let mut id = op.operation_id.as_deref();
                let mut duplicate_of = None;
                if let Some(taken) = id {
                    if let Some(first) = ids.get(taken) {
                        // Settled like a missing operationId; the config cannot name it.
                        duplicate_of = Some(Problem::DuplicateOperationId(taken.to_owned(), first.pointer.clone()));
                        duplicates.push(taken);
                        id = None;
                    } else {
                        ids.insert(taken, at.clone());
                    }
                }
                let Some(template) = &template else { continue };
                let spec_id = id.map_or_else(|| format!("{method} {path}"), str::to_owned);
                let wanted = id.is_some() && id == token_op || is_selected(config, path, method.as_str(), op, id);
                if wanted && !config.exclude.iter().any(|e| Some(e.as_str()) == id) {
                    if let Some(problem) = duplicate_of {
                        self.diags.warn(at.join("operationId"), problem);
                    }
                    all.push(Selected {
                        path,
                        template: template.clone(),
                        method,
                        op,
                        id,
                        shared_params: &item.parameters,
                        at,
                        item_at: item_at.clone(),
                        spec_id,
                        name: String::new(),
                    });
                }
            }
        }
        self.check_selection_names(&ids, &duplicates);
        self.name_operations(&mut all);
        all
    }

    fn check_selection_names(&mut self, ids: &BTreeMap<&'a str, Location>, duplicates: &[&str]) {
        let config = self.config;
        let origin = &config.origin;
        // The operationIds the config names, each where it is written.
        let listed = |lists: &[(&str, &str, &'a [String])]| -> Vec<(&'a String, Location)> {
            let mut out = Vec::new();
            for (section, key, ids) in lists {
                let at = |i: usize| origin.value(&[section, key, &i.to_string()]);
                out.extend(ids.iter().enumerate().map(|(i, id)| (id, at(i))));
            }
            out
        };
        let select = &config.select;
        let selected = listed(&[("select", "operations", &select.operations), ("select", "exclude", &select.exclude)]);
        let renamed: Vec<_> =
            config.rename.operations.keys().map(|id| (id, origin.key(&["rename", "operations", id]))).collect();
        let retry = &config.retry;
        let retried =
            listed(&[("retry", "idempotent", &retry.idempotent), ("retry", "not_idempotent", &retry.not_idempotent)]);
        let mut auth = Vec::new();
        if let Some(a) = &config.auth {
            auth.push((&a.token_operation, origin.value(&["auth", "token_operation"])));
            auth.extend(listed(&[("auth", "public", &a.public)]));
        }
        for (id, at) in selected.iter().chain(&renamed).chain(&auth) {
            if duplicates.contains(&id.as_str()) {
                self.diags.error(at.clone(), Problem::AmbiguousOperation((*id).clone()));
            }
        }
        // Naming an operation the spec does not have is a warning, like any config entry that matches
        // nothing: one config serves several versions of a vendor's document (an operation that is new in
        // one of them), and `codegen diff` compares them.
        for (id, at) in selected.into_iter().chain(renamed).chain(retried) {
            if !ids.contains_key(id.as_str()) {
                self.diags.warn(at, Problem::UnknownOperation(id.clone()));
            }
        }
    }

    /// Chooses method names: explicit renames first, then operationIds in
    /// document order, then names derived from method and path.
    fn name_operations(&mut self, ops: &mut [Selected<'a>]) {
        let mut scope = Scope::with_reserved(RESERVED_METHOD_NAMES);
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        let renames = &self.config.rename.operations;
        let wanted: Vec<(bool, String)> = ops
            .iter()
            .map(|op| match op.id.and_then(|id| renames.get(id)) {
                Some(rename) => (true, snake(rename)),
                None => match op.id {
                    Some(id) => (false, snake(id)),
                    None => (false, derived_name(op.method.as_str(), op.path)),
                },
            })
            .collect();
        for pass in [true, false] {
            for (op, (explicit, wanted)) in ops.iter_mut().zip(&wanted) {
                if *explicit != pass {
                    continue;
                }
                let (name, renamed) = scope.claim(wanted);
                if renamed && *explicit {
                    self.diags.error(
                        op.at.clone(),
                        Problem::NameCollision {
                            kind: "method",
                            name: wanted.clone(),
                            spec_name: op.spec_id.clone(),
                            other: owners.get(wanted).cloned().unwrap_or_else(|| "the client".into()),
                        },
                    );
                } else if renamed {
                    self.diags.warn(
                        op.at.clone(),
                        Problem::Renamed {
                            kind: "operation",
                            spec_name: op.spec_id.clone(),
                            wanted: wanted.clone(),
                            name: name.clone(),
                        },
                    );
                }
                owners.insert(name.clone(), op.spec_id.clone());
                op.name = name;
            }
        }
    }
}

fn is_selected(
    select: &crate::config::Select,
    path: &str,
    method: &str,
    op: &openapiv3::Operation,
    id: Option<&str>,
) -> bool {
    if select.is_all() {
        return true;
    }
    let by_tag = op.tags.iter().any(|t| select.tags.contains(t));
    let by_id = id.is_some_and(|id| select.operations.iter().any(|s| s == id));
    let by_path = select.paths.iter().any(|p| match p.split_once(' ') {
        Some((m, p)) => m.eq_ignore_ascii_case(method) && p == path,
        None => p == path,
    });
    by_tag || by_id || by_path
}

/// A stable method name for an operation without operationId:
/// `GET /users/{id}/posts` → `get_users_id_posts`.
pub fn derived_name(method: &str, path: &str) -> String {
    let words: Vec<&str> = path.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    snake(&format!("{} {}", method.to_ascii_lowercase(), words.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::derived_name;

    #[test]
    fn derived_names() {
        assert_eq!(derived_name("GET", "/users/{id}/posts"), "get_users_id_posts");
        assert_eq!(derived_name("DELETE", "/"), "delete");
        assert_eq!(derived_name("POST", "/v1/a-b.c"), "post_v1_a_b_c");
    }
}
