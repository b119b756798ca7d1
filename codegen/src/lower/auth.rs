//! The client as a whole: defaults, envelope and token authentication.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as Scheme};

use super::Ctx;
use crate::diag::Problem;
use crate::ir::{
    Auth, ClientDef, Credential, Envelope, Operation, Refresh, Response, SchemeKind, SecurityScheme, TextField,
    TimeField, TypeKind, TypeRef,
};

/// What the generated builder has already: methods, and fields that
/// setters would shadow.
const BUILDER_METHODS: &[&str] = &["base_url", "timeout", "user_agent", "http_client", "build", "core", "token_margin"];

impl<'a> Ctx<'a> {
    /// The client definition for the lowered `operations`.
    pub(super) fn client(&mut self, operations: &[Operation]) -> ClientDef {
        let config = self.config;
        let name = crate::ident::camel(config.client.name.as_deref().unwrap_or("Client"));
        let base_url = config
            .client
            .base_url
            .clone()
            .or_else(|| self.doc.servers.first().map(|s| s.url.clone()))
            .unwrap_or_default();
        let envelope = config.envelope.as_ref().map(|e| Envelope {
            code: e.code.clone(),
            message: e.message.clone(),
            data: e.data.clone(),
            success: e.success,
        });
        let mut sensitive_keys: Vec<String> =
            config.sensitive.iter().map(|k| k.rsplit('.').next().unwrap_or(k).to_owned()).collect();
        sensitive_keys.sort();
        sensitive_keys.dedup();
        let auth = self.auth(operations);
        let schemes = self.schemes();
        let mut defaults = Vec::new();
        for wire in &config.client.defaults {
            let setter = crate::ident::snake(wire);
            let taken = BUILDER_METHODS.contains(&setter.as_str())
                || (config.auth.is_some() && ["credentials", "token_refresh_margin"].contains(&setter.as_str()))
                || schemes.iter().any(|s| s.setter == setter);
            if taken {
                self.diags.error(
                    self.root.clone(),
                    Problem::ConfigMismatch(format!("[client] defaults: builder method `{setter}` is already taken")),
                );
                continue;
            }
            defaults.push(crate::ir::ClientDefault { wire: wire.clone(), setter });
        }
        ClientDef {
            builder: format!("{name}Builder"),
            name,
            base_url,
            user_agent: config.client.user_agent.clone(),
            envelope,
            auth,
            sensitive_keys,
            schemes,
            defaults,
        }
    }

    /// Whether operations send the credentials their `security` asks for
    /// (the config names security schemes) rather than the token to all.
    pub(super) fn uses_security(&self) -> bool {
        !self.config.security.is_empty() || self.config.auth.as_ref().is_some_and(|a| a.scheme.is_some())
    }

    /// The security schemes the config gives the builder fixed credentials
    /// for, in config order (by name).
    fn schemes(&mut self) -> Vec<SecurityScheme> {
        let config = self.config;
        let mut out = Vec::new();
        let mut setters = crate::ident::Scope::with_reserved(BUILDER_METHODS);
        if config.auth.is_some() {
            setters.claim("credentials");
            setters.claim("token_refresh_margin");
        }
        for (name, scheme_config) in &config.security {
            let at = self.root.join("components").join("securitySchemes").join(name);
            let found = self.doc.components.as_ref().and_then(|c| c.security_schemes.get(name));
            let scheme = match found {
                Some(ReferenceOr::Item(scheme)) => scheme,
                Some(ReferenceOr::Reference { .. }) => {
                    self.diags.error(at, Problem::Unsupported("a security scheme that is a `$ref`".into()));
                    continue;
                }
                None => {
                    self.diags.error(
                        self.root.clone(),
                        Problem::ConfigMismatch(format!("[security.{name}]: the spec has no security scheme `{name}`")),
                    );
                    continue;
                }
            };
            let (kind, docs) = match scheme {
                Scheme::APIKey { location: APIKeyLocation::Header, name: header, description, .. } => {
                    (SchemeKind::Header { name: header.clone(), prefix: scheme_config.prefix.clone() }, description)
                }
                Scheme::APIKey { location: APIKeyLocation::Query, name: query, description, .. } => {
                    (SchemeKind::Query { name: query.clone() }, description)
                }
                Scheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (SchemeKind::Basic, description)
                }
                Scheme::HTTP { scheme, description, .. } => {
                    let word = if scheme.eq_ignore_ascii_case("bearer") { "Bearer".to_owned() } else { scheme.clone() };
                    let prefix = scheme_config.prefix.clone().unwrap_or(word);
                    (SchemeKind::Header { name: "Authorization".into(), prefix: Some(prefix) }, description)
                }
                Scheme::APIKey { .. } | Scheme::OAuth2 { .. } | Scheme::OpenIDConnect { .. } => {
                    self.diags.error(
                        at,
                        Problem::Unsupported(format!(
                            "security scheme `{name}`: only `apiKey` in a header or the query and `http` schemes take a fixed credential"
                        )),
                    );
                    continue;
                }
            };
            let wanted = crate::ident::snake(scheme_config.builder.as_deref().unwrap_or(name));
            let (setter, renamed) = setters.claim(&wanted);
            if renamed {
                self.diags.error(
                    self.root.clone(),
                    Problem::ConfigMismatch(format!("[security.{name}]: builder method `{wanted}` is already taken")),
                );
            }
            out.push(SecurityScheme { name: name.clone(), setter, kind, docs: docs.clone() });
        }
        out
    }

    /// An operation's security alternatives (its own `security`, else the
    /// document's), each a list of scheme names.
    pub(super) fn security_of(&self, op: &openapiv3::Operation) -> Vec<Vec<String>> {
        let requirements = op.security.as_ref().or(self.doc.security.as_ref());
        requirements.map_or_else(Vec::new, |alternatives| {
            alternatives.iter().map(|requirement| requirement.keys().cloned().collect()).collect()
        })
    }

    fn auth(&mut self, operations: &[Operation]) -> Option<Auth> {
        let config = self.config.auth.as_ref()?;
        let at = self.root.clone();
        let fail = |cx: &mut Self, message: String| {
            cx.diags.error(at.clone(), Problem::ConfigMismatch(format!("[auth] {message}")));
            None
        };
        let Some(index) = operations.iter().position(|op| op.spec_id == config.token_operation) else {
            return fail(self, format!("token operation `{}` is not in the spec", config.token_operation));
        };
        let op = &operations[index];
        let body_type = match op.body.as_ref().map(|b| &b.ty) {
            Some(TypeRef::Named(name)) => name.clone(),
            _ => return fail(self, format!("token operation `{}` has no object body for the credentials", op.spec_id)),
        };
        let Some(TypeKind::Struct(body)) = self.types.get(&body_type).map(|t| &t.kind) else {
            return fail(self, format!("the body of `{}` is not an object", op.spec_id));
        };
        let mut credentials = Vec::new();
        for wire in &config.credentials {
            match body.fields.iter().find(|f| &f.wire == wire) {
                Some(field) => credentials.push(Credential { field: field.name.clone(), optional: field.is_option() }),
                None => {
                    return fail(self, format!("credential `{wire}` is not a field of the body of `{}`", op.spec_id));
                }
            }
        }
        let mut other_fields = Vec::new();
        for field in &body.fields {
            if config.credentials.contains(&field.wire) {
                continue;
            }
            if !field.is_option() {
                return fail(
                    self,
                    format!("`{}` needs `{}`, which is not among the credentials", op.spec_id, field.wire),
                );
            }
            other_fields.push(field.name.clone());
        }
        let payload = match &op.response {
            Response::Enveloped(Some(TypeRef::Named(name))) | Response::Json(TypeRef::Named(name)) => name.clone(),
            _ => return fail(self, format!("token operation `{}` does not return an object", op.spec_id)),
        };
        let Some(TypeKind::Struct(payload)) = self.types.get(&payload).map(|t| &t.kind) else {
            return fail(self, format!("the response of `{}` is not an object", op.spec_id));
        };
        let find = |wire: &str, numeric: bool| {
            payload.fields.iter().find(|f| f.wire == wire).and_then(|f| {
                let ok = !numeric || matches!(f.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
                ok.then(|| (f.name.clone(), f.is_option(), f.ty.clone()))
            })
        };
        let Some(token) = find(&config.token, false).filter(|t| t.2 == TypeRef::String) else {
            return fail(
                self,
                format!("response field `{}` is not a string field of the token response", config.token),
            );
        };
        let numeric = |key: &Option<String>| match key {
            None => Ok(None),
            Some(wire) => find(wire, true)
                .map(|(field, optional, ty)| Some(TimeField { field, optional, cast: ty != TypeRef::I64 }))
                .ok_or(wire.clone()),
        };
        let expires_at = match numeric(&config.expires_at) {
            Ok(v) => v,
            Err(wire) => {
                return fail(self, format!("response field `{wire}` is not a number field of the token response"));
            }
        };
        let server_time = match numeric(&config.server_time) {
            Ok(v) => v,
            Err(wire) => {
                return fail(self, format!("response field `{wire}` is not a number field of the token response"));
            }
        };
        if !config.format.contains("{token}") {
            return fail(self, format!("format `{}` has no `{{token}}`", config.format));
        }
        let field_of = |fields: &[crate::ir::Field], wire: &str| {
            fields
                .iter()
                .find(|f| f.wire == wire && f.ty == TypeRef::String)
                .map(|f| TextField { name: f.name.clone(), optional: f.is_option() })
        };
        let refresh_field = match &config.refresh_token {
            Some(wire) => match field_of(&payload.fields, wire) {
                Some(field) => Some(field),
                None => {
                    return fail(self, format!("response field `{wire}` is not a string field of the token response"));
                }
            },
            None => None,
        };
        let refresh = match (&config.refresh_operation, &config.refresh_token) {
            (None, _) => None,
            (Some(id), None) => return fail(self, format!("refresh operation `{id}` needs `refresh_token`")),
            (Some(id), Some(wire)) => match self.refresh(operations, id, wire, &config.token) {
                Ok(refresh) => Some(refresh),
                Err(message) => return fail(self, message),
            },
        };
        Some(Auth {
            operation: index,
            body_type,
            credentials,
            other_fields,
            token: TextField { name: token.0, optional: token.1 },
            expires_at,
            server_time,
            header: config.header.clone(),
            format: config.format.clone(),
            margin_secs: config.refresh_margin_secs,
            scheme: config.scheme.clone(),
            jwt_expiry: config.jwt_expiry,
            refresh,
            refresh_field,
        })
    }

    /// The refresh operation `id`: its body takes the refresh token in
    /// `wire`, its response has the token in `token` (and a new refresh
    /// token in `wire`, if it gives one).
    fn refresh(&self, operations: &[Operation], id: &str, wire: &str, token: &str) -> Result<Refresh, String> {
        let index = operations
            .iter()
            .position(|op| op.spec_id == id)
            .ok_or_else(|| format!("refresh operation `{id}` is not in the spec (or not selected)"))?;
        let op = &operations[index];
        let struct_of = |ty: Option<&TypeRef>| match ty {
            Some(TypeRef::Named(name)) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => Some((name.clone(), s)),
                _ => None,
            },
            _ => None,
        };
        let (body_type, body) = struct_of(op.body.as_ref().map(|b| &b.ty))
            .ok_or_else(|| format!("refresh operation `{id}` has no object body"))?;
        let body_field = body
            .fields
            .iter()
            .find(|f| f.wire == wire && f.ty == TypeRef::String && !f.is_option())
            .map(|f| f.name.clone())
            .ok_or_else(|| format!("the body of `{id}` has no required string field `{wire}`"))?;
        let mut other_fields = Vec::new();
        for field in body.fields.iter().filter(|f| f.wire != wire) {
            if !field.is_option() {
                return Err(format!("`{id}` needs `{}`, which the client cannot give", field.wire));
            }
            other_fields.push(field.name.clone());
        }
        let returned = match &op.response {
            Response::Enveloped(Some(ty)) | Response::Json(ty) => Some(ty),
            _ => None,
        };
        let (_, response) =
            struct_of(returned).ok_or_else(|| format!("refresh operation `{id}` does not return an object"))?;
        let string_field = |name: &str| {
            response
                .fields
                .iter()
                .find(|f| f.wire == name && f.ty == TypeRef::String)
                .map(|f| TextField { name: f.name.clone(), optional: f.is_option() })
        };
        let token = string_field(token)
            .ok_or_else(|| format!("the response of `{id}` has no string field `{token}` with the token"))?;
        Ok(Refresh { operation: index, body_type, body_field, other_fields, token, refresh_field: string_field(wire) })
    }
}
