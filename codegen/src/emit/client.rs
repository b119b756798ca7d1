//! The client type, its builder and the token source.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{Api, Auth, ClientDef, SchemeKind, SecurityScheme, TextField};

pub fn emit_client(api: &Api) -> TokenStream {
    let def = &api.client;
    let name = ident(&def.name);
    let builder = ident(&def.builder);
    let builder_name = &def.builder;
    let title = doc_attrs(Some(&format!("Client for {} (version {}).", api.title, api.version)));
    let description = doc_attrs(api.description.as_deref());
    let builder_doc = format!(" Builds a [`{}`].", def.name);
    let base_url = &def.base_url;
    let user_agent = match &def.user_agent {
        Some(ua) => quote!(#ua),
        None => quote!(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"))),
    };
    let auth_fields = def.auth.as_ref().map(|auth| {
        let body = ident(&auth.body_type);
        quote! {
            credentials: Option<types::#body>,
            token_margin: ::std::time::Duration,
        }
    });
    let auth_init = def.auth.as_ref().map(|auth| {
        let margin = proc_macro2::Literal::u64_unsuffixed(auth.margin_secs);
        quote! {
            credentials: None,
            token_margin: ::std::time::Duration::from_secs(#margin),
        }
    });
    let auth_setters = def.auth.as_ref().map(emit_auth_setters);
    let scheme_fields = def.schemes.iter().map(|scheme| {
        let field = ident(&scheme.setter);
        match scheme.kind {
            SchemeKind::Basic => quote!(#field: Option<(String, ::codegen_runtime::Secret)>,),
            _ => quote!(#field: Option<::codegen_runtime::Secret>,),
        }
    });
    let scheme_init = def.schemes.iter().map(|scheme| {
        let field = ident(&scheme.setter);
        quote!(#field: None,)
    });
    let scheme_setters = def.schemes.iter().map(emit_scheme_setter);
    let default_fields = def.defaults.iter().map(|d| {
        let field = ident(&d.setter);
        quote!(#field: Option<String>,)
    });
    let default_init = def.defaults.iter().map(|d| {
        let field = ident(&d.setter);
        quote!(#field: None,)
    });
    let default_setters = def.defaults.iter().map(|d| {
        let setter = ident(&d.setter);
        let docs = doc_attrs(Some(&format!(
            "Sends `{}` with every operation that takes it and leaves it out of a call (a call that gives it wins).",
            d.wire
        )));
        quote! {
            #docs
            pub fn #setter(mut self, value: impl Into<String>) -> Self {
                self.#setter = Some(value.into());
                self
            }
        }
    });
    let build = emit_build(def);
    let token_source = def.auth.as_ref().map(|auth| emit_token_source(api, auth));
    let access_token = def.auth.as_ref().map(|_| {
        quote! {
            /// The access token this client sends: the cached one while it is fresh, else one fetched now
            /// with the builder's credentials and cached for the calls that follow.
            pub async fn access_token(&self) -> ::codegen_runtime::Result<::codegen_runtime::Secret> {
                self.core.access_token().await
            }
        }
    });
    quote! {
        #title
        #[doc = ""]
        #description
        #[doc = ""]
        #[doc = " Every method can fail with a transport error, a timeout or a response that does not decode;"]
        #[doc = " its docs list the error responses the API documents."]
        #[derive(Debug, Clone)]
        pub struct #name {
            core: ::std::sync::Arc<::codegen_runtime::__private::Core>,
        }

        #[doc = #builder_doc]
        pub struct #builder {
            core: ::codegen_runtime::__private::CoreBuilder,
            #auth_fields
            #( #scheme_fields )*
            #( #default_fields )*
        }

        impl ::std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#builder_name).finish_non_exhaustive()
            }
        }

        impl #name {
            /// A builder with the API's defaults.
            pub fn builder() -> #builder {
                #builder {
                    core: ::codegen_runtime::__private::CoreBuilder::new(#base_url, #user_agent),
                    #auth_init
                    #( #scheme_init )*
                    #( #default_init )*
                }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #access_token
        }

        impl #builder {
            /// Sends requests to `url` instead of the default base URL.
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.core = self.core.base_url(url);
                self
            }

            /// Limits each request to `timeout` (default 30 seconds).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.core = self.core.timeout(timeout);
                self
            }

            /// Sends `user_agent` as the `User-Agent` header.
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.core = self.core.user_agent(user_agent);
                self
            }

            /// Uses a caller-supplied `reqwest::Client` (shared pools, proxies, custom TLS) or, with the
            /// `middleware` feature, a `reqwest_middleware::ClientWithMiddleware`.
            pub fn http_client(mut self, client: impl Into<::codegen_runtime::HttpClient>) -> Self {
                self.core = self.core.http_client(client);
                self
            }

            /// When calls are sent again after a failure that may pass; by default up to 3 attempts for
            /// calls that are safe to repeat, and `RetryPolicy::never()` turns retries off.
            pub fn retry(mut self, policy: ::codegen_runtime::RetryPolicy) -> Self {
                self.core = self.core.retry(policy);
                self
            }

            #auth_setters
            #( #scheme_setters )*
            #( #default_setters )*
            #build
        }

        #token_source
    }
}

fn emit_auth_setters(auth: &Auth) -> TokenStream {
    let body = ident(&auth.body_type);
    let params: Vec<_> = auth.credentials.iter().map(|c| ident(&c.field)).collect();
    let values = auth.credentials.iter().map(|c| {
        let field = ident(&c.field);
        if c.optional { quote!(#field: Some(#field.into())) } else { quote!(#field: #field.into()) }
    });
    let others = auth.other_fields.iter().map(|f| {
        let field = ident(f);
        quote!(#field: None,)
    });
    let names = auth.credentials.iter().map(|c| format!("`{}`", c.field)).collect::<Vec<_>>().join(", ");
    let doc = format!(" The credentials ({names}) used to obtain access tokens.");
    quote! {
        #[doc = #doc]
        pub fn credentials(mut self, #( #params: impl Into<String> ),*) -> Self {
            self.credentials = Some(types::#body { #( #values, )* #( #others )* });
            self
        }

        /// How long before its expiry a cached token is replaced (default from the config).
        pub fn token_refresh_margin(mut self, margin: ::std::time::Duration) -> Self {
            self.token_margin = margin;
            self
        }
    }
}

/// The builder method that takes a security scheme's fixed credential.
fn emit_scheme_setter(scheme: &SecurityScheme) -> TokenStream {
    let setter = ident(&scheme.setter);
    let name = &scheme.name;
    let how = match &scheme.kind {
        SchemeKind::Header { name: header, prefix: Some(prefix) } => {
            format!("sent as `{header}: {prefix} <credential>`")
        }
        SchemeKind::Header { name: header, prefix: None } => format!("sent in the `{header}` header"),
        SchemeKind::Query { name: query } => format!("sent as the `{query}` query parameter"),
        SchemeKind::Basic => "HTTP basic authentication".to_owned(),
    };
    let mut text = format!("Authenticates with the `{name}` scheme ({how}) the operations that accept it.");
    if let Some(docs) = scheme.docs.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        text = format!("{text}\n\n{docs}");
    }
    let docs = doc_attrs(Some(&text));
    match scheme.kind {
        SchemeKind::Basic => quote! {
            #docs
            pub fn #setter(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                self.#setter = Some((user.into(), ::codegen_runtime::Secret::new(password)));
                self
            }
        },
        _ => quote! {
            #docs
            pub fn #setter(mut self, credential: impl Into<String>) -> Self {
                self.#setter = Some(::codegen_runtime::Secret::new(credential));
                self
            }
        },
    }
}

/// Statements of `build()` that give the core the fixed credentials set.
fn scheme_credentials(def: &ClientDef) -> Vec<TokenStream> {
    def.schemes
        .iter()
        .map(|scheme| {
            let field = ident(&scheme.setter);
            let name = &scheme.name;
            let credential = match &scheme.kind {
                SchemeKind::Header { name: header, prefix: Some(prefix) } => {
                    let format = format!("{prefix} {{}}");
                    quote!(::codegen_runtime::__private::Credential::header(#header, format!(#format, value.expose()))?)
                }
                SchemeKind::Header { name: header, prefix: None } => {
                    quote!(::codegen_runtime::__private::Credential::header(#header, value.expose())?)
                }
                SchemeKind::Query { name: query } => quote!(::codegen_runtime::__private::Credential::query(#query, value.expose())),
                SchemeKind::Basic => {
                    return quote! {
                        if let Some((user, password)) = self.#field {
                            core = core.credential(#name, ::codegen_runtime::__private::Credential::basic(user, password.expose()));
                        }
                    };
                }
            };
            quote! {
                if let Some(value) = self.#field {
                    core = core.credential(#name, #credential);
                }
            }
        })
        .collect()
}

fn emit_build(def: &ClientDef) -> TokenStream {
    let name = ident(&def.name);
    // What every client of this API sets: one chain of builder calls.
    let mut chain = Vec::new();
    if let Some(e) = &def.envelope {
        let (code, message, data) = (&e.code, &e.message, &e.data);
        let success = proc_macro2::Literal::i64_unsuffixed(e.success);
        chain.push(quote! {
            .envelope(::codegen_runtime::__private::Envelope { code: #code, message: #message, data: #data, success: #success })
        });
    }
    let keys = &def.sensitive_keys;
    if !keys.is_empty() {
        chain.push(quote!(.sensitive_keys(&[#( #keys ),*])));
    }
    // What depends on the builder's settings: statements before the chain, and after it.
    let mut before = TokenStream::new();
    let mut after = Vec::new();
    if let Some(auth) = &def.auth {
        let (header, format) = (&auth.header, &auth.format);
        let tokens = quote! {
            let tokens = ::codegen_runtime::__private::TokenAuth::new(
                Box::new(CredentialTokens(credentials)),
                #header,
                #format,
                self.token_margin,
            )?;
        };
        match &auth.scheme {
            // One of the spec's schemes: optional, since another may be used instead.
            Some(scheme) => after.push(quote! {
                if let Some(credentials) = self.credentials {
                    #tokens
                    core = core.credential(#scheme, ::codegen_runtime::__private::Credential::token(tokens));
                }
            }),
            None => {
                before = quote! {
                    let credentials = self.credentials.ok_or_else(|| {
                        ::codegen_runtime::Error::Config("no credentials: call `credentials(..)` on the builder".into())
                    })?;
                    #tokens
                };
                chain.push(quote!(.token_auth(tokens)));
            }
        }
    }
    after.extend(scheme_credentials(def));
    after.extend(def.defaults.iter().map(|d| {
        let (field, wire) = (ident(&d.setter), &d.wire);
        quote! {
            if let Some(value) = self.#field {
                core = core.default_value(#wire, value);
            }
        }
    }));
    let mutable = (!after.is_empty()).then(|| quote!(mut));
    quote! {
        /// Checks the settings and builds the client.
        pub fn build(self) -> ::codegen_runtime::Result<#name> {
            #before
            let #mutable core = self.core #( #chain )*;
            #( #after )*
            Ok(#name { core: ::std::sync::Arc::new(core.build()?) })
        }
    }
}

fn emit_token_source(api: &Api, auth: &Auth) -> TokenStream {
    let body = ident(&auth.body_type);
    let op = &api.operations[auth.operation];
    let send = ident(&format!("send_{}", op.name));
    let field = |name: &str| ident(name);
    let token = field(&auth.token.name);
    let token_value = if auth.token.optional {
        quote!(response.#token.ok_or_else(|| missing(stringify!(#token)))?)
    } else {
        quote!(response.#token)
    };
    let number = |part: &Option<crate::ir::TimeField>| match part {
        None => quote!(None),
        Some(time) => {
            let name = field(&time.field);
            match (time.optional, time.cast) {
                (true, true) => quote!(response.#name.map(|v| v as i64)),
                (true, false) => quote!(response.#name),
                (false, true) => quote!(Some(response.#name as i64)),
                (false, false) => quote!(Some(response.#name)),
            }
        }
    };
    let expires_at = match (&auth.expires_at, auth.jwt_expiry) {
        (None, true) => quote!(::codegen_runtime::__private::jwt_expiry(&token)),
        (time, _) => number(time),
    };
    let server_time = number(&auth.server_time);
    let optional_text = |text: &TextField| {
        let name = field(&text.name);
        if text.optional {
            quote!(response.#name.map(::codegen_runtime::Secret::new))
        } else {
            quote!(Some(::codegen_runtime::Secret::new(response.#name)))
        }
    };
    let refresh_value = auth.refresh_field.as_ref().map_or_else(|| quote!(None), optional_text);
    let refresh = auth.refresh.as_ref().map(|refresh| emit_refresh(api, auth, refresh));
    let refresh_request = auth
        .refresh
        .as_ref()
        .map(|refresh| super::methods::emit_token_request(api, &api.operations[refresh.operation]));
    let missing = auth.token.optional.then(missing_field);
    // The expiry is read from the token itself, before the token moves into the grant.
    let grant = if auth.jwt_expiry && auth.expires_at.is_none() {
        quote! {
            let token = #token_value;
            Ok(::codegen_runtime::__private::Grant {
                expires_at: #expires_at,
                server_now: #server_time,
                refresh: #refresh_value,
                token: ::codegen_runtime::Secret::new(token),
            })
        }
    } else {
        quote! {
            Ok(::codegen_runtime::__private::Grant {
                token: ::codegen_runtime::Secret::new(#token_value),
                expires_at: #expires_at,
                server_now: #server_time,
                refresh: #refresh_value,
            })
        }
    };
    quote! {
        /// Obtains access tokens with the configured credentials.
        struct CredentialTokens(types::#body);

        impl ::codegen_runtime::__private::TokenSource<::codegen_runtime::__private::Core> for CredentialTokens {
            fn fetch<'a>(
                &'a self,
                core: &'a ::codegen_runtime::__private::Core,
            ) -> ::codegen_runtime::__private::BoxFuture<'a, ::codegen_runtime::Result<::codegen_runtime::__private::Grant>> {
                #missing
                Box::pin(async move {
                    let response = #send(core, &self.0).await?;
                    #grant
                })
            }
            #refresh
        }
        #refresh_request
    }
}

/// A local `missing(field)` error for a token response without its token.
fn missing_field() -> TokenStream {
    quote! {
        fn missing(field: &str) -> ::codegen_runtime::Error {
            ::codegen_runtime::Error::Decode {
                status: ::codegen_runtime::reqwest::StatusCode::OK,
                detail: format!("the token response has no `{field}`"),
                excerpt: String::new(),
            }
        }
    }
}

/// `TokenSource::refresh`: the refresh operation with the last refresh token.
fn emit_refresh(api: &Api, auth: &Auth, refresh: &crate::ir::Refresh) -> TokenStream {
    let op = &api.operations[refresh.operation];
    let send = ident(&format!("send_{}", op.name));
    let body = ident(&refresh.body_type);
    let body_field = ident(&refresh.body_field);
    let others = refresh.other_fields.iter().map(|f| {
        let f = ident(f);
        quote!(#f: None,)
    });
    let token = ident(&refresh.token.name);
    let token_value = if refresh.token.optional {
        quote!(response.#token.ok_or_else(|| missing(stringify!(#token)))?)
    } else {
        quote!(response.#token)
    };
    let expires_at =
        if auth.jwt_expiry { quote!(::codegen_runtime::__private::jwt_expiry(&token)) } else { quote!(None) };
    let missing = refresh.token.optional.then(missing_field);
    let refresh_value = match &refresh.refresh_field {
        Some(TextField { name, optional: true }) => {
            let name = ident(name);
            quote!(response.#name.map(::codegen_runtime::Secret::new))
        }
        Some(TextField { name, optional: false }) => {
            let name = ident(name);
            quote!(Some(::codegen_runtime::Secret::new(response.#name)))
        }
        None => quote!(None),
    };
    quote! {
        fn refresh<'a>(
            &'a self,
            core: &'a ::codegen_runtime::__private::Core,
            refresh: &'a ::codegen_runtime::Secret,
        ) -> Option<::codegen_runtime::__private::BoxFuture<'a, ::codegen_runtime::Result<::codegen_runtime::__private::Grant>>> {
            #missing
            Some(Box::pin(async move {
                let body = types::#body { #body_field: refresh.expose().to_owned(), #( #others )* };
                let response = #send(core, &body).await?;
                let token = #token_value;
                Ok(::codegen_runtime::__private::Grant {
                    expires_at: #expires_at,
                    server_now: None,
                    refresh: #refresh_value,
                    token: ::codegen_runtime::Secret::new(token),
                })
            }))
        }
    }
}
