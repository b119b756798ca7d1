//! Operations → client methods: parameters, bodies, responses.

use indexmap::IndexMap;
use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, StatusCode};

use super::Ctx;
use super::select::Selected;
use super::types::{Hint, join_docs};
use super::view::view;
use crate::diag::{Location, Problem};
use crate::ident::{Scope, camel, snake};
use crate::ir::{
    Body, ErrorResponse, Media, Operation, Param, ParamLocation, ParamStruct, Response, Rules, StatusMatch, TypeDef,
    TypeKind, TypeRef, TypedErrors, Union, UnionVariant,
};
use crate::template;

/// Media types by how they are sent and received.
fn media_kind(media: &str) -> Option<Media> {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "*/*" => Some(Media::Json),
        m if m.ends_with("+json") || m == "text/json" => Some(Media::Json),
        "application/x-www-form-urlencoded" => Some(Media::Form),
        m if m.starts_with("multipart/") => None,
        m if m.starts_with("text/") => Some(Media::Text),
        _ => Some(Media::Bytes),
    }
}

impl<'a> Ctx<'a> {
    /// Lowers one selected operation; `None` when it has to be left out.
    pub(super) fn operation(&mut self, sel: &Selected<'a>) -> Option<Operation> {
        let op = sel.op;
        let owner = sel.id.map_or_else(|| sel.name.clone(), str::to_owned);
        let type_base = camel(&sel.name);
        let path = sel.template.clone();
        let (path_params, params) = self.parameters(sel, &owner, &type_base, &path)?;
        let body = match &op.request_body {
            Some(body) => self.body(body, &sel.at.join("requestBody"), &owner, &type_base)?,
            None => None,
        };
        let (response, errors) = self.responses(sel, &owner, &type_base);
        let typed_errors = self.typed_errors(&errors, &sel.at, &type_base);
        let public = op.security.as_ref().is_some_and(Vec::is_empty);
        let auth = self.config.auth.as_ref();
        let is_token_op = auth.is_some_and(|a| {
            sel.id == Some(a.token_operation.as_str())
                || sel.id.is_some_and(|id| a.refresh_operation.as_deref() == Some(id))
        });
        let listed_public = auth.is_some_and(|a| sel.id.is_some_and(|id| a.public.iter().any(|p| p == id)));
        let listed = |ids: &[String]| sel.id.is_some_and(|id| ids.iter().any(|i| i == id));
        let retry = &self.config.retry;
        let idempotent = if listed(&retry.not_idempotent) {
            false
        } else {
            is_token_op || listed(&retry.idempotent) || sel.method.is_idempotent()
        };
        Some(Operation {
            name: sel.name.clone(),
            spec_id: sel.spec_id.clone(),
            method: sel.method,
            path,
            docs: join_docs(op.summary.as_deref(), op.description.as_deref()),
            deprecated: op.deprecated,
            path_params,
            params,
            body,
            response,
            errors,
            typed_errors,
            security: self.uses_security().then(|| self.security_of(op)),
            default_query: Vec::new(),
            default_body: Vec::new(),
            authenticated: auth.is_some() && !is_token_op && !listed_public && !public,
            idempotent,
        })
    }

    fn parameters(
        &mut self,
        sel: &Selected<'a>,
        owner: &str,
        type_base: &str,
        path: &template::PathTemplate,
    ) -> Option<(Vec<Param>, Option<ParamStruct>)> {
        // Operation parameters override path-item parameters with the same name and location.
        let mut merged: IndexMap<(String, &'static str), (&'a Parameter, Location)> = IndexMap::new();
        let shared =
            sel.shared_params.iter().enumerate().map(|(i, p)| (p, sel.item_at.join("parameters").join(i.to_string())));
        let own = sel.op.parameters.iter().enumerate().map(|(i, p)| (p, sel.at.join("parameters").join(i.to_string())));
        for (param, at) in shared.chain(own) {
            if let Some((param, at)) = self.parameter(param, at) {
                let kind = match param {
                    Parameter::Query { .. } => "query",
                    Parameter::Header { .. } => "header",
                    Parameter::Path { .. } => "path",
                    Parameter::Cookie { .. } => "cookie",
                };
                merged.insert((param.parameter_data_ref().name.clone(), kind), (param, at));
            }
        }
        let mut args = Scope::with_reserved(&["self", "body", "params"]);
        let mut path_params = Vec::new();
        for name in path.params() {
            let Some((param, at)) = merged.get(&(name.to_owned(), "path")) else {
                self.diags.warn(
                    sel.at.clone(),
                    Problem::PathParam(name.to_owned(), "is in the path but not declared; taken as a string"),
                );
                let (rust, _) = args.claim(&snake(name));
                path_params.push(Param {
                    name: rust,
                    wire: name.to_owned(),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    docs: None,
                    sensitive: self.is_sensitive(owner, name),
                    rules: Rules::default(),
                });
                continue;
            };
            let mut p = self.param(param, at, owner, type_base, ParamLocation::Path);
            p.required = true;
            p.name = args.claim(&p.name).0;
            path_params.push(p);
        }
        let mut fields = Scope::new();
        let mut others = Vec::new();
        let auth_header = self.config.auth.as_ref().map(|a| a.header.to_ascii_lowercase());
        for ((name, kind), (param, at)) in &merged {
            let location = match (param, *kind) {
                (_, "path") => {
                    if !path.params().any(|p| p == name) {
                        self.diags.warn(
                            at.clone(),
                            Problem::PathParam(name.clone(), "is declared but not in the path; ignored"),
                        );
                    }
                    continue;
                }
                (Parameter::Query { parameter_data, .. }, _) if is_json_content(&parameter_data.format) => {
                    ParamLocation::QueryJson
                }
                (Parameter::Query { style, .. }, _) => {
                    let explode = param.parameter_data_ref().explode.unwrap_or(*style == QueryStyle::Form);
                    if !matches!(style, QueryStyle::Form) {
                        self.diags.warn(at.join("style"), Problem::QueryStyle(format!("{style:?}")));
                    }
                    ParamLocation::Query { explode }
                }
                (Parameter::Header { .. }, _) if auth_header.as_deref() == Some(&name.to_ascii_lowercase()) => continue,
                (Parameter::Header { .. }, _) => ParamLocation::Header,
                _ => {
                    self.diags.warn(at.clone(), Problem::CookieParameter(name.clone()));
                    continue;
                }
            };
            let mut p = self.param(param, at, owner, type_base, location);
            p.name = fields.claim(&p.name).0;
            others.push(p);
        }
        let params = (!others.is_empty()).then(|| ParamStruct {
            name: self.claim_type_name(&format!("{type_base}Params")),
            params: others,
            validates: false,
        });
        Some((path_params, params))
    }

    fn param(
        &mut self,
        param: &'a Parameter,
        at: &Location,
        owner: &str,
        type_base: &str,
        location: ParamLocation,
    ) -> Param {
        let data = param.parameter_data_ref();
        let hint = Hint {
            name: format!("{type_base}{}", camel(&data.name)),
            owner: owner.to_owned(),
            rename_key: Some(format!("{owner}.{}", data.name)),
            doc: format!("The `{}` parameter of `{owner}`.", data.name),
        };
        let (ty, mut rules) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let lowered = self.type_of(schema.into(), &at.join("schema"), &hint);
                let rules = match self.resolve_schema(schema.into(), &at.join("schema")) {
                    Some((s, s_at, _)) => self.rules_of(&view(s).kind, &s_at),
                    None => Rules::default(),
                };
                (lowered.ty, rules)
            }
            ParameterSchemaOrContent::Content(content) => match content.first().and_then(|(_, m)| m.schema.as_ref()) {
                Some(schema) => (self.type_of(schema.into(), &at.join("content"), &hint).ty, Rules::default()),
                None => (TypeRef::String, Rules::default()),
            },
        };
        if let Some(cfg) = self.field_config(owner, &data.name) {
            self.apply_rules(&cfg, &mut rules, at);
            self.check_pattern(&mut rules, at, Some(&cfg));
        } else {
            self.check_pattern(&mut rules, at, None);
        }
        Param {
            name: snake(&data.name),
            wire: data.name.clone(),
            location,
            ty,
            required: data.required,
            docs: data.description.clone(),
            sensitive: self.is_sensitive(owner, &data.name),
            rules,
        }
    }

    /// The request body; `Some(None)` for none, `None` when the operation
    /// must be left out.
    fn body(
        &mut self,
        body: &'a openapiv3::ReferenceOr<openapiv3::RequestBody>,
        at: &Location,
        owner: &str,
        type_base: &str,
    ) -> Option<Option<Body>> {
        let (body, at) = self.request_body(body, at.clone())?;
        let preferred = match self.config.client.body {
            crate::config::BodyPreference::Json => [Media::Json, Media::Form, Media::Text, Media::Bytes],
            crate::config::BodyPreference::Form => [Media::Form, Media::Json, Media::Text, Media::Bytes],
        };
        let Some((media, media_type, key)) = pick_media(&body.content, &preferred) else {
            if body.content.is_empty() {
                return Some(None);
            }
            self.diags.warn(at.join("content"), Problem::MultipartOnly);
            return None;
        };
        let hint = Hint {
            name: format!("{type_base}Request"),
            owner: owner.to_owned(),
            rename_key: Some(format!("{owner}.body")),
            doc: format!("The request body of `{owner}`."),
        };
        let ty = match (media, &media_type.schema) {
            (Media::Text, _) => TypeRef::String,
            (Media::Bytes, _) => TypeRef::Bytes,
            (_, Some(schema)) => self.type_of(schema.into(), &at.join("content").join(key).join("schema"), &hint).ty,
            (_, None) => TypeRef::JsonObject,
        };
        Some(Some(Body { ty, media, content_type: key.to_owned(), required: body.required, validates: false }))
    }

    fn responses(&mut self, sel: &Selected<'a>, owner: &str, type_base: &str) -> (Response, Vec<ErrorResponse>) {
        let responses = &sel.op.responses;
        let at = sel.at.join("responses");
        let success_code = responses
            .responses
            .keys()
            .filter(|code| matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2)))
            .min_by_key(|code| match code {
                StatusCode::Code(n) => *n,
                StatusCode::Range(_) => 299,
            })
            .cloned();
        let mut response = Response::Empty;
        let mut errors = Vec::new();
        let use_default = success_code.is_none();
        if let Some(code) = &success_code {
            let item = &responses.responses[code];
            response = self.success(item, &at.join(code.to_string()), owner, type_base);
        } else if let Some(default) = &responses.default {
            response = self.success(default, &at.join("default"), owner, type_base);
        }
        for (code, item) in &responses.responses {
            if Some(code) == success_code.as_ref()
                || matches!(code, StatusCode::Code(100..=399) | StatusCode::Range(1..=3))
            {
                continue;
            }
            errors.push(self.error_response(item, &at.join(code.to_string()), code.to_string(), owner, type_base));
        }
        if let (Some(default), false) = (&responses.default, use_default) {
            errors.push(self.error_response(default, &at.join("default"), "default".into(), owner, type_base));
        }
        (response, errors)
    }

    fn success(
        &mut self,
        item: &'a openapiv3::ReferenceOr<openapiv3::Response>,
        at: &Location,
        owner: &str,
        type_base: &str,
    ) -> Response {
        let Some((resp, at)) = self.response(item, at.clone()) else { return Response::Empty };
        let Some((media, media_type, key)) =
            pick_media(&resp.content, &[Media::Json, Media::Text, Media::Bytes, Media::Form])
        else {
            return Response::Empty;
        };
        let schema_at = at.join("content").join(key).join("schema");
        let hint = Hint {
            name: format!("{type_base}Response"),
            owner: owner.to_owned(),
            rename_key: None,
            doc: format!("The response of `{owner}`."),
        };
        match (media, &media_type.schema) {
            (Media::Text, _) => Response::Text,
            (Media::Bytes | Media::Form, _) => Response::Bytes,
            (Media::Json, None) => Response::Json(TypeRef::Json),
            (Media::Json, Some(schema)) => {
                if let Some(envelope) = &self.config.envelope {
                    let props = self.merged_properties(schema.into(), &schema_at);
                    if let Some((data, data_at)) = props.get(envelope.data.as_str()) {
                        let ty = self.type_of((*data).into(), data_at, &hint).ty;
                        return Response::Enveloped(Some(ty));
                    }
                    if props.contains_key(envelope.code.as_str()) {
                        return Response::Enveloped(None);
                    }
                    self.diags.warn(schema_at.clone(), Problem::NotEnveloped);
                }
                Response::Json(self.type_of(schema.into(), &schema_at, &hint).ty)
            }
        }
    }

    /// The type that the documented error bodies decode as: the one they
    /// share, or an untagged union of them (`<Operation>Failure`), read by
    /// shape. `finish` drops it again when it is not a generated type.
    fn typed_errors(&mut self, errors: &[ErrorResponse], at: &Location, type_base: &str) -> Option<TypedErrors> {
        if !self.config.client.typed_errors.unwrap_or(true) {
            return None;
        }
        let mut types: Vec<&TypeRef> = Vec::new();
        let mut statuses = Vec::new();
        for error in errors {
            let Some(ty) = &error.ty else { continue };
            if !types.contains(&ty) {
                types.push(ty);
            }
            statuses.push(match error.status.as_str() {
                "default" => StatusMatch::Default,
                status => match status.parse::<u16>() {
                    Ok(code) => StatusMatch::Code(code),
                    Err(_) => {
                        StatusMatch::Class(status.chars().next().and_then(|c| c.to_digit(10)).unwrap_or(0) as u16)
                    }
                },
            });
        }
        let ty = match types.as_slice() {
            [] => return None,
            [one] => (*one).clone(),
            many => {
                let name = self.claim_type_name(&format!("{type_base}Failure"));
                let mut scope = Scope::new();
                let variants = many
                    .iter()
                    .enumerate()
                    .map(|(i, ty)| {
                        let wanted = match ty {
                            TypeRef::Named(name) => name.clone(),
                            _ => format!("Variant{i}"),
                        };
                        UnionVariant { name: scope.claim(&wanted).0, tag_value: None, ty: (*ty).clone(), boxed: false }
                    })
                    .collect();
                self.define(TypeDef {
                    name: name.clone(),
                    origin: at.join("responses").pointer,
                    docs: Some("The documented error bodies of this operation, told apart by their shape.".into()),
                    kind: TypeKind::Union(Union { variants, tag: None, open: false }),
                    in_request: false,
                    in_response: false,
                    serialize: false,
                    deserialize: false,
                    validates: false,
                });
                TypeRef::Named(name)
            }
        };
        Some(TypedErrors { ty, statuses })
    }

    fn error_response(
        &mut self,
        item: &'a openapiv3::ReferenceOr<openapiv3::Response>,
        at: &Location,
        status: String,
        owner: &str,
        type_base: &str,
    ) -> ErrorResponse {
        let Some((resp, at)) = self.response(item, at.clone()) else {
            return ErrorResponse { status, docs: None, ty: None };
        };
        let json = pick_media(&resp.content, &[Media::Json]).filter(|(m, _, _)| *m == Media::Json);
        let ty = json.and_then(|(_, media_type, key)| {
            let schema = media_type.schema.as_ref()?;
            let hint = Hint {
                name: format!("{type_base}Error{}", camel(&status)),
                owner: owner.to_owned(),
                rename_key: None,
                doc: format!("The body of a `{status}` response of `{owner}`."),
            };
            Some(self.type_of(schema.into(), &at.join("content").join(key).join("schema"), &hint).ty)
        });
        let docs = Some(resp.description.trim().to_owned()).filter(|d| !d.is_empty());
        ErrorResponse { status, docs, ty }
    }
}

/// Whether a parameter is declared with `content` of a JSON media type.
fn is_json_content(format: &ParameterSchemaOrContent) -> bool {
    match format {
        ParameterSchemaOrContent::Content(content) => {
            content.keys().next().is_some_and(|media| media_kind(media) == Some(Media::Json))
        }
        ParameterSchemaOrContent::Schema(_) => false,
    }
}

/// The first media type in `content` of the most preferred kind.
fn pick_media<'c>(
    content: &'c IndexMap<String, MediaType>,
    preferred: &[Media],
) -> Option<(Media, &'c MediaType, &'c str)> {
    preferred.iter().find_map(|want| {
        content.iter().find_map(|(key, media_type)| match media_kind(key) {
            Some(kind) if kind == *want => Some((kind, media_type, key.as_str())),
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_kinds() {
        assert_eq!(media_kind("application/json; charset=utf-8"), Some(Media::Json));
        assert_eq!(media_kind("application/problem+json"), Some(Media::Json));
        assert_eq!(media_kind("application/x-www-form-urlencoded"), Some(Media::Form));
        assert_eq!(media_kind("text/plain"), Some(Media::Text));
        assert_eq!(media_kind("application/octet-stream"), Some(Media::Bytes));
        assert_eq!(media_kind("multipart/form-data"), None);
    }
}
