//! One client method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::validate::path_param_checks;
use super::{Scope, doc_attrs, ident, type_tokens};
use crate::ir::{Api, Body, Media, Method, Operation, Param, ParamLocation, Response, StatusMatch, TypeRef};

/// The parameters of the method, in order: path parameters, the parameter
/// struct, the body.
pub(super) fn signature(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = op.path_params.iter().map(|p| path_arg(api, p)).collect();
    if let Some(params) = &op.params {
        let name = ident(&params.name);
        args.push(quote!(params: &types::#name));
    }
    if let Some(body) = &op.body {
        let ty = match body.media {
            Media::Text => quote!(&str),
            Media::Bytes => quote!(&[u8]),
            Media::Json | Media::Form => {
                let ty = type_tokens(&body.ty, Scope::Client);
                quote!(&#ty)
            }
        };
        args.push(if body.required { quote!(body: #ty) } else { quote!(body: Option<#ty>) });
    }
    args
}

/// A path parameter argument: strings as `&str` and numbers by value, even
/// behind an alias; other types by reference.
fn path_arg(api: &Api, p: &Param) -> TokenStream {
    let name = ident(&p.name);
    match api.resolve(&p.ty) {
        TypeRef::String => quote!(#name: &str),
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
            let ty = type_tokens(&p.ty, Scope::Client);
            quote!(#name: #ty)
        }
        _ => {
            let ty = type_tokens(&p.ty, Scope::Client);
            quote!(#name: &#ty)
        }
    }
}

/// What the method returns and how the response is decoded.
pub(super) fn returns(op: &Operation) -> (TokenStream, TokenStream) {
    match &op.response {
        Response::Empty => (quote!(()), quote!(send_empty(request).await)),
        Response::Json(ty) => (type_tokens(ty, Scope::Client), quote!(send_json(request).await)),
        Response::Enveloped(Some(ty)) => (type_tokens(ty, Scope::Client), quote!(send_enveloped(request).await)),
        Response::Enveloped(None) => {
            (quote!(()), quote!(send_enveloped::<::serde::de::IgnoredAny>(request).await.map(drop)))
        }
        Response::Text => (quote!(String), quote!(send_text(request).await)),
        Response::Bytes => (quote!(Vec<u8>), quote!(send_bytes(request).await)),
    }
}

/// Statements that check the input and build `request`.
fn build_request(api: &Api, op: &Operation) -> TokenStream {
    let mut checks = path_param_checks(api, &op.path_params);
    if op.params.as_ref().is_some_and(|s| s.validates) {
        checks.extend(quote!(::codegen_runtime::Validate::validate(params)?;));
    }
    let body_validate = op.body.as_ref().filter(|b| b.validates).map(|b| {
        // A required body is a `&T`; an optional one an `Option<&T>`, which validates what it holds.
        if b.required {
            quote!(::codegen_runtime::Validate::validate(body)?;)
        } else {
            quote!(::codegen_runtime::Validate::validate(&body)?;)
        }
    });
    let (segments, path) = path_expr(api, op);
    let new = match op.method {
        Method::Get | Method::Post | Method::Put | Method::Patch | Method::Delete => {
            let constructor = ident(&op.method.as_str().to_ascii_lowercase());
            quote!(::codegen_runtime::__private::Request::#constructor(#path))
        }
        Method::Options | Method::Head | Method::Trace => {
            let method = ident(op.method.as_str());
            quote!(::codegen_runtime::__private::Request::new(::codegen_runtime::reqwest::Method::#method, #path))
        }
    };
    let auth = match &op.security {
        Some(alternatives) => {
            let alternatives = alternatives.iter().map(|schemes| quote!(&[#( #schemes ),*]));
            Some(quote!(.security(&[#( #alternatives ),*])))
        }
        None => op.authenticated.then(|| quote!(.authenticated())),
    };
    let defaults = (!op.default_query.is_empty() || !op.default_body.is_empty()).then(|| {
        let (query, body) = (&op.default_query, &op.default_body);
        quote!(.defaults(&[#( #query ),*], &[#( #body ),*]))
    });
    let (id, template) = (&op.spec_id, op.path.as_written());
    let operation = quote!(.operation(#id, #template));
    let idempotent = (op.idempotent != op.method.is_idempotent()).then(|| {
        let idempotent = op.idempotent;
        quote!(.idempotent(#idempotent))
    });
    let auth = quote!(#operation #idempotent #auth #defaults);
    let params = op.params.iter().flat_map(|s| &s.params).map(|p| {
        let field = ident(&p.name);
        let wire = &p.wire;
        match p.location {
            ParamLocation::Query { explode } => quote!(request.query(#wire, &params.#field, #explode)?;),
            ParamLocation::QueryJson => quote!(request.query_json(#wire, &params.#field)?;),
            _ => quote!(request.header(#wire, &params.#field)?;),
        }
    });
    let params: Vec<_> = params.collect();
    let body = op.body.as_ref().map(body_statement);
    let mutable = (!params.is_empty() || body.is_some()).then(|| quote!(mut));
    quote! {
        #checks
        #body_validate
        #segments
        let #mutable request = #new #auth;
        #( #params )*
        #body
    }
}

/// Binds each path parameter to its encoded segment, then the path (as
/// `path`, when it has parameters).
fn path_expr(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let mut template = op.path.format_string();
    if op.path_params.is_empty() {
        return (TokenStream::new(), quote!(#template));
    }
    let mut bindings = TokenStream::new();
    for (i, p) in op.path_params.iter().enumerate() {
        let arg = ident(&p.name);
        // Raw identifiers cannot be captured in a format string.
        let binding = if p.name.starts_with("r#") { ident(&format!("segment_{i}")) } else { arg.clone() };
        let wire = &p.wire;
        let value = if matches!(api.resolve(&p.ty), TypeRef::String) { quote!(#arg) } else { quote!(&#arg) };
        bindings.extend(quote!(let #binding = ::codegen_runtime::__private::path_segment(#wire, #value)?;));
        template = template.replacen("{}", &format!("{{{binding}}}"), 1);
    }
    // Bound on its own line: inside the request's builder chain the formatter splits the call over three.
    bindings.extend(quote!(let path = format!(#template);));
    (bindings, quote!(path))
}

fn body_statement(body: &Body) -> TokenStream {
    let content_type = &body.content_type;
    let set = match body.media {
        Media::Json => quote!(request.json(body)?;),
        Media::Form => quote!(request.form(body)?;),
        Media::Text | Media::Bytes => quote!(request.raw(#content_type, body.to_owned());),
    };
    if body.required { set } else { quote!(if let Some(body) = body { #set }) }
}

fn method_docs(op: &Operation, is_token_op: bool) -> TokenStream {
    let mut text = op.docs.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    if is_token_op {
        text.push_str(
            "This call goes to the server every time and its token is not cached: the client fetches,\n\
             caches and renews its own token with the builder's credentials, and `access_token()`\n\
             returns that one.\n\n",
        );
    }
    let path = op.path.as_written();
    text.push_str(&format!("`{} {}`", op.method, path.replace('`', "'")));
    if !op.errors.is_empty() {
        // One line: errors are listed for every method, so the space they take adds up.
        let errors: Vec<String> = op
            .errors
            .iter()
            .map(|error| {
                let what = error.docs.as_deref().unwrap_or("").replace('\n', " ");
                let what = what.trim().trim_end_matches('.');
                let body = match &error.ty {
                    Some(TypeRef::Named(name)) => format!(" (body: `types::{name}`)"),
                    _ => String::new(),
                };
                format!("`{}` {what}{body}", error.status)
            })
            .collect();
        text.push_str(&format!("\n\nDocumented errors: {}.", errors.join("; ")));
    }
    doc_attrs(Some(&text))
}

pub(super) fn emit_method(api: &Api, op: &Operation, is_token_op: bool) -> TokenStream {
    let docs = method_docs(op, is_token_op);
    let name = ident(&op.name);
    let args = signature(api, op);
    let (ret, send) = returns(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let call = if is_token_op {
        let free = ident(&format!("send_{}", op.name));
        let names = call_args(op);
        quote!(#free(&self.core, #( #names ),*).await)
    } else {
        let build = build_request(api, op);
        quote! {
            #build
            self.core.#send
        }
    };
    let Some(typed) = &op.typed_errors else {
        return quote! {
            #docs
            #deprecated
            pub async fn #name(&self, #( #args ),*) -> ::codegen_runtime::Result<#ret> {
                #call
            }
        };
    };
    let error = type_tokens(&typed.ty, Scope::Client);
    let decode = decode_documented(&typed.statuses);
    quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #( #args ),*) -> ::codegen_runtime::Result<#ret, ::codegen_runtime::Error<#error>> {
            let result = async { #call };
            result.await.map_err(|error| error.documented(#decode))
        }
    }
}

/// Which statuses have documented bodies, as a closure: the documented
/// ones; every status with `default`.
fn decode_documented(statuses: &[StatusMatch]) -> TokenStream {
    if statuses.contains(&StatusMatch::Default) {
        return quote!(|_| true);
    }
    let codes: Vec<_> = statuses
        .iter()
        .filter_map(|s| match s {
            StatusMatch::Code(code) => Some(proc_macro2::Literal::u16_unsuffixed(*code)),
            _ => None,
        })
        .collect();
    let mut tests = Vec::new();
    match codes.as_slice() {
        [] => {}
        [code] => tests.push(quote!(status == #code)),
        codes => tests.push(quote!(matches!(status, #( #codes )|*))),
    }
    for s in statuses {
        if let StatusMatch::Class(class) = s {
            let class = proc_macro2::Literal::u16_unsuffixed(*class);
            tests.push(quote!(status / 100 == #class));
        }
    }
    quote!(|status| #( #tests )||*)
}

fn call_args(op: &Operation) -> Vec<TokenStream> {
    let mut names: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            quote!(#name)
        })
        .collect();
    if op.params.is_some() {
        names.push(quote!(params));
    }
    if op.body.is_some() {
        names.push(quote!(body));
    }
    names
}

/// The token operation as a free function, so the token source can call it
/// with only the shared core.
pub(super) fn emit_token_request(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&format!("send_{}", op.name));
    let args = signature(api, op);
    let (ret, send) = returns(op);
    let build = build_request(api, op);
    quote! {
        async fn #name(core: &::codegen_runtime::__private::Core, #( #args ),*) -> ::codegen_runtime::Result<#ret> {
            #build
            core.#send
        }
    }
}
