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
        for (i, wire) in config.client.defaults.iter().enumerate() {
            let setter = crate::ident::snake(wire);
            let taken = BUILDER_METHODS.contains(&setter.as_str())
                || (config.auth.is_some() && ["credentials", "token_refresh_margin"].contains(&setter.as_str()))
                || schemes.iter().any(|s| s.setter == setter);
            if taken {
                let at = config.origin.value(&["client", "defaults", &i.to_string()]);
                self.diags.error(at, Problem::BuilderMethodTaken(setter));
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
                    self.diags
                        .error(config.origin.key(&["security", name]), Problem::UnknownSecurityScheme(name.clone()));
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
                let at = match scheme_config.builder {
                    Some(_) => config.origin.value(&["security", name, "builder"]),
                    None => config.origin.key(&["security", name]),
                };
                self.diags.error(at, Problem::BuilderMethodTaken(wanted));
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
        let origin = &self.config.origin;
        let at = |key: &str| origin.value(&["auth", key]);
        let Some(index) = operations.iter().position(|op| op.spec_id == config.token_operation) else {
            let problem = self.missing_operation(&config.token_operation);
            self.diags.error(at("token_operation"), problem);
            return None;
        };
        let op = &operations[index];
        // Every mistake is reported, not only the first; those that depend on another are not looked for.
        let mut problems = Vec::new();
        let body = self.object_of(op.body.as_ref().map(|b| &b.ty));
        if body.is_none() {
            problems.push((at("token_operation"), Problem::NoObjectBody(op.spec_id.clone())));
        }
        let mut credentials = Vec::new();
        let mut other_fields = Vec::new();
        if let Some((_, body)) = body {
            for (i, wire) in config.credentials.iter().enumerate() {
                match body.fields.iter().find(|f| &f.wire == wire) {
                    Some(field) => {
                        credentials.push(Credential { field: field.name.clone(), optional: field.is_option() })
                    }
                    None => problems.push((
                        origin.value(&["auth", "credentials", &i.to_string()]),
                        Problem::NoSuchField {
                            operation: op.spec_id.clone(),
                            part: "body",
                            field: wire.clone(),
                            kind: None,
                        },
                    )),
                }
            }
            for field in body.fields.iter().filter(|f| !config.credentials.contains(&f.wire)) {
                if field.is_option() {
                    other_fields.push(field.name.clone());
                } else {
                    let problem = Problem::NotACredential { operation: op.spec_id.clone(), field: field.wire.clone() };
                    problems.push((at("credentials"), problem));
                }
            }
        }
        let payload = match &op.response {
            Response::Enveloped(Some(ty)) | Response::Json(ty) => self.object_of(Some(ty)).map(|(_, s)| s),
            _ => None,
        };
        if payload.is_none() {
            problems.push((at("token_operation"), Problem::NoObjectResponse(op.spec_id.clone())));
        }
        let payload_fields = payload.map_or(&[][..], |payload| payload.fields.as_slice());
        let mut missing = |key: &str, wire: &str, kind: &'static str| {
            let field = wire.to_owned();
            let problem =
                Problem::NoSuchField { operation: op.spec_id.clone(), part: "response", field, kind: Some(kind) };
            problems.push((at(key), problem));
        };
        let token = text_field(payload_fields, &config.token);
        if token.is_none() && payload.is_some() {
            missing("token", &config.token, "string");
        }
        let mut time_field = |key: &str, wire: &Option<String>| {
            let wire = wire.as_deref()?;
            let numeric = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
            let found = payload_fields.iter().find(|f| f.wire == wire && numeric(&f.ty));
            if found.is_none() && payload.is_some() {
                missing(key, wire, "number");
            }
            found.map(|f| TimeField { field: f.name.clone(), optional: f.is_option(), cast: f.ty != TypeRef::I64 })
        };
        let expires_at = time_field("expires_at", &config.expires_at);
        let server_time = time_field("server_time", &config.server_time);
        let refresh_field = config.refresh_token.as_deref().and_then(|wire| {
            let field = text_field(payload_fields, wire);
            if field.is_none() && payload.is_some() {
                missing("refresh_token", wire, "string");
            }
            field
        });
        if !config.format.contains("{token}") {
            problems.push((at("format"), Problem::FormatWithoutToken(config.format.clone())));
        }
        let refresh = match (&config.refresh_operation, &config.refresh_token) {
            (None, _) => None,
            (Some(_), None) => {
                problems.push((at("refresh_operation"), Problem::RefreshWithoutToken));
                None
            }
            (Some(id), Some(wire)) => match self.refresh(operations, id, wire, &config.token) {
                Ok(refresh) => Some(refresh),
                Err(problem) => {
                    problems.push((at("refresh_operation"), problem));
                    None
                }
            },
        };
        let (Some((body_type, _)), Some(token), true) = (body, token, problems.is_empty()) else {
            for (location, problem) in problems {
                self.diags.error(location, problem);
            }
            return None;
        };
        Some(Auth {
            operation: index,
            body_type,
            credentials,
            other_fields,
            token,
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

    /// Why the config's operation `id` is not among the generated ones.
    fn missing_operation(&self, id: &str) -> Problem {
        let in_spec = self
            .doc
            .paths
            .iter()
            .filter_map(|(_, item)| item.as_item())
            .flat_map(|item| item.iter())
            .any(|(_, op)| op.operation_id.as_deref() == Some(id));
        if in_spec { Problem::OperationNotGenerated(id.to_owned()) } else { Problem::UnknownOperation(id.to_owned()) }
    }

    /// The struct that `ty` names, and its name.
    fn object_of(&self, ty: Option<&TypeRef>) -> Option<(String, &crate::ir::Struct)> {
        let Some(TypeRef::Named(name)) = ty else { return None };
        match self.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => Some((name.clone(), s)),
            _ => None,
        }
    }

    /// The refresh operation `id`: its body takes the refresh token in
    /// `wire`, its response has the token in `token` (and a new refresh
    /// token in `wire`, if it gives one).
    fn refresh(&self, operations: &[Operation], id: &str, wire: &str, token: &str) -> Result<Refresh, Problem> {
        let index = operations.iter().position(|op| op.spec_id == id).ok_or_else(|| self.missing_operation(id))?;
        let op = &operations[index];
        let (body_type, body) =
            self.object_of(op.body.as_ref().map(|b| &b.ty)).ok_or_else(|| Problem::NoObjectBody(id.to_owned()))?;
        let no_field = |part: &'static str, field: &str, kind: &'static str| Problem::NoSuchField {
            operation: id.to_owned(),
            part,
            field: field.to_owned(),
            kind: Some(kind),
        };
        let body_field = body
            .fields
            .iter()
            .find(|f| f.wire == wire && f.ty == TypeRef::String && !f.is_option())
            .map(|f| f.name.clone())
            .ok_or_else(|| no_field("body", wire, "required string"))?;
        let mut other_fields = Vec::new();
        for field in body.fields.iter().filter(|f| f.wire != wire) {
            if !field.is_option() {
                return Err(Problem::CannotFill { operation: id.to_owned(), field: field.wire.clone() });
            }
            other_fields.push(field.name.clone());
        }
        let returned = match &op.response {
            Response::Enveloped(Some(ty)) | Response::Json(ty) => Some(ty),
            _ => None,
        };
        let (_, response) = self.object_of(returned).ok_or_else(|| Problem::NoObjectResponse(id.to_owned()))?;
        let token = text_field(&response.fields, token).ok_or_else(|| no_field("response", token, "string"))?;
        Ok(Refresh {
            operation: index,
            body_type,
            body_field,
            other_fields,
            token,
            refresh_field: text_field(&response.fields, wire),
        })
    }
}

/// The string field `wire` of `fields`.
fn text_field(fields: &[crate::ir::Field], wire: &str) -> Option<TextField> {
    fields
        .iter()
        .find(|f| f.wire == wire && f.ty == TypeRef::String)
        .map(|f| TextField { name: f.name.clone(), optional: f.is_option() })
}
