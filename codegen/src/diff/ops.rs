//! Matching operations of the two versions and comparing each pair: the
//! method, its parameters and body (request side), and its success payload
//! and typed error bodies (response side).

use super::change::{At, Change, Side};
use super::types::{Walker, rules_text, rust_type};
use crate::ir::{Api, Body, Media, Operation, Param, ParamLocation, Response, TypeRef};
use crate::template::Part;

/// Changes to the client as a whole and to every operation.
pub(super) fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let client = At { operation: None, location: "client" };
    if old.client.name != new.client.name {
        out.push(client.client_renamed(&old.client.name, &new.client.name));
    }
    if old.client.base_url != new.client.base_url {
        out.push(client.base_url_changed(&old.client.base_url, &new.client.base_url));
    }
    let (pairs, removed, added) = pair_up(&old.operations, &new.operations);
    for (o, n) in pairs {
        operation(old, new, o, n, out);
    }
    for o in removed {
        out.push(method_at(o).operation_removed(&o.name, &route(o)));
    }
    for n in added {
        out.push(method_at(n).operation_added(&n.name, &route(n)));
    }
}

/// Pairs operations by operationId, then the rest by method and path.
/// Returns the pairs, the old operations left over and the new ones.
fn pair_up<'a>(
    old: &'a [Operation],
    new: &'a [Operation],
) -> (Vec<(&'a Operation, &'a Operation)>, Vec<&'a Operation>, Vec<&'a Operation>) {
    let mut taken = vec![false; new.len()];
    let mut matched: Vec<Option<usize>> = vec![None; old.len()];
    let keys: [fn(&Operation) -> String; 2] = [|op| op.spec_id.clone(), route];
    for key in keys {
        for (i, o) in old.iter().enumerate() {
            if matched[i].is_some() {
                continue;
            }
            let wanted = key(o);
            if let Some(j) = new.iter().enumerate().position(|(j, n)| !taken[j] && key(n) == wanted) {
                taken[j] = true;
                matched[i] = Some(j);
            }
        }
    }
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    for (o, m) in old.iter().zip(&matched) {
        match m.and_then(|j| new.get(j)) {
            Some(n) => pairs.push((o, n)),
            None => removed.push(o),
        }
    }
    let added = new.iter().zip(&taken).filter(|(_, t)| !**t).map(|(n, _)| n).collect();
    (pairs, removed, added)
}

/// `POST /certifications/otp/request/{imp_uid}`.
fn route(op: &Operation) -> String {
    let path: String = op
        .path
        .parts
        .iter()
        .map(|part| match part {
            Part::Literal(text) => text.clone(),
            Part::Param(name) => format!("{{{name}}}"),
        })
        .collect();
    format!("{} {path}", op.method)
}

fn method_at(op: &Operation) -> At<'_> {
    At { operation: Some(&op.spec_id), location: "method" }
}

fn operation(old_api: &Api, new_api: &Api, old: &Operation, new: &Operation, out: &mut Vec<Change>) {
    let at = method_at(new);
    if old.name != new.name {
        out.push(at.operation_renamed(&old.name, &new.name));
    }
    let (old_route, new_route) = (route(old), route(new));
    if old_route != new_route {
        out.push(at.route_changed(&old_route, &new_route));
    }
    if old.deprecated != new.deprecated {
        out.push(at.deprecation_changed(new.deprecated));
    }
    if old.authenticated != new.authenticated {
        out.push(at.auth_changed(new.authenticated));
    }
    let mut request = Vec::new();
    let mut walker = Walker::new(old_api, new_api, Side::Request, &new.spec_id, &mut request);
    path_params(&mut walker, old, new);
    params(&mut walker, old, new);
    body(&mut walker, old.body.as_ref(), new.body.as_ref());
    out.append(&mut request);
    let mut response = Vec::new();
    let mut walker = Walker::new(old_api, new_api, Side::Response, &new.spec_id, &mut response);
    payload(&mut walker, &old.response, &new.response);
    errors(&mut walker, old, new);
    out.append(&mut response);
}

fn path_params(walker: &mut Walker<'_>, old: &Operation, new: &Operation) {
    for o in &old.path_params {
        let place = format!("path parameter {}", o.wire);
        match new.path_params.iter().find(|n| n.wire == o.wire) {
            Some(n) => walker.root(&place, &o.ty, &n.ty),
            None => walker.emit(&place, |at| at.parameter_removed(rust_type(&o.ty))),
        }
    }
    for n in new.path_params.iter().filter(|n| !old.path_params.iter().any(|o| o.wire == n.wire)) {
        walker.emit(&format!("path parameter {}", n.wire), |at| at.parameter_added(rust_type(&n.ty), true));
    }
    // Path parameters are positional arguments: a new order compiles when the
    // types agree, and then silently swaps values.
    let common = |these: &[Param], those: &[Param]| -> Vec<String> {
        these.iter().filter(|p| those.iter().any(|q| q.wire == p.wire)).map(|p| p.wire.clone()).collect()
    };
    let (before, after) = (common(&old.path_params, &new.path_params), common(&new.path_params, &old.path_params));
    if before != after {
        walker.emit("path parameters", |at| at.parameters_reordered(before.join(", "), after.join(", ")));
    }
}

fn params(walker: &mut Walker<'_>, old: &Operation, new: &Operation) {
    let (empty_name, empty_params) = (String::new(), Vec::new());
    let (old_name, old_params) = old.params.as_ref().map_or((&empty_name, &empty_params), |s| (&s.name, &s.params));
    let (new_name, new_params) = new.params.as_ref().map_or((&empty_name, &empty_params), |s| (&s.name, &s.params));
    if !old_name.is_empty() && !new_name.is_empty() && old_name != new_name {
        walker.emit("parameters", |at| at.type_renamed(old_name, new_name));
    }
    let same = |a: &Param, b: &Param| a.wire == b.wire && place_kind(a) == place_kind(b);
    for o in old_params {
        let place = format!("{} parameter {}", place_kind(o), o.wire);
        let Some(n) = new_params.iter().find(|n| same(o, n)) else {
            walker.emit(&place, |at| at.parameter_removed(param_type(o)));
            continue;
        };
        if o.required != n.required {
            let how = if n.required { "made required" } else { "made optional" };
            walker.emit(&place, |at| at.optionality_changed(param_type(o), param_type(n), how));
        }
        if o.rules != n.rules {
            let (before, after) = (rules_text(&o.rules), rules_text(&n.rules));
            walker.emit(&place, |at| at.rules_changed(before, after));
        }
        walker.root(&place, &o.ty, &n.ty);
    }
    for n in new_params.iter().filter(|n| !old_params.iter().any(|o| same(o, n))) {
        let place = format!("{} parameter {}", place_kind(n), n.wire);
        walker.emit(&place, |at| at.parameter_added(param_type(n), n.required));
    }
}

fn place_kind(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query { .. } | ParamLocation::QueryJson => "query",
        ParamLocation::Header => "header",
    }
}

fn param_type(param: &Param) -> String {
    let ty = rust_type(&param.ty);
    if param.required { ty } else { format!("Option<{ty}>") }
}

fn body(walker: &mut Walker<'_>, old: Option<&Body>, new: Option<&Body>) {
    const PLACE: &str = "request body";
    match (old, new) {
        (None, None) => {}
        (None, Some(n)) => walker.emit(PLACE, |at| at.body_added(body_type(n))),
        (Some(o), None) => walker.emit(PLACE, |at| at.body_removed(body_type(o))),
        (Some(o), Some(n)) => {
            if o.required != n.required {
                let how = if n.required { "made required" } else { "made optional" };
                walker.emit(PLACE, |at| at.optionality_changed(body_type(o), body_type(n), how));
            }
            if o.media != n.media {
                walker.emit(PLACE, |at| at.body_encoding_changed(media(o.media), media(n.media)));
            }
            walker.root(PLACE, &o.ty, &n.ty);
        }
    }
}

fn body_type(body: &Body) -> String {
    let ty = rust_type(&body.ty);
    if body.required { ty } else { format!("Option<{ty}>") }
}

fn media(media: Media) -> &'static str {
    match media {
        Media::Json => "JSON",
        Media::Form => "form",
        Media::Text => "text",
        Media::Bytes => "bytes",
    }
}

/// What the method returns: `None` for `()`.
fn returned(response: &Response) -> Option<TypeRef> {
    match response {
        Response::Empty | Response::Enveloped(None) => None,
        Response::Json(ty) | Response::Enveloped(Some(ty)) => Some(ty.clone()),
        Response::Text => Some(TypeRef::String),
        Response::Bytes => Some(TypeRef::Bytes),
    }
}

fn payload(walker: &mut Walker<'_>, old: &Response, new: &Response) {
    const PLACE: &str = "response";
    let unit = || "()".to_owned();
    match (returned(old), returned(new)) {
        (None, None) => {}
        (Some(o), None) => walker.emit(PLACE, |at| at.type_changed(rust_type(&o), unit(), "", "")),
        (None, Some(n)) => walker.emit(PLACE, |at| at.type_changed(unit(), rust_type(&n), "", "")),
        (Some(o), Some(n)) => walker.root(PLACE, &o, &n),
    }
}

fn errors(walker: &mut Walker<'_>, old: &Operation, new: &Operation) {
    // The method's error type: `Error` or `Error<T>`, which callers name and match on.
    let error_type = |op: &Operation| match &op.typed_errors {
        Some(typed) => format!("Error<{}>", rust_type(&typed.ty)),
        None => "Error".to_owned(),
    };
    let (was, is) = (error_type(old), error_type(new));
    if was != is {
        walker.emit("errors", |at| at.type_changed(was, is, "", ""));
    }
    for o in &old.errors {
        let place = format!("error {}", o.status);
        match new.errors.iter().find(|n| n.status == o.status) {
            None => walker.emit(&place, |at| at.error_removed(&o.status)),
            Some(n) => {
                if let (Some(a), Some(b)) = (&o.ty, &n.ty) {
                    walker.root(&format!("{place} body"), a, b);
                }
            }
        }
    }
    for n in new.errors.iter().filter(|n| !old.errors.iter().any(|o| o.status == n.status)) {
        walker.emit(&format!("error {}", n.status), |at| at.error_added(&n.status));
    }
}
