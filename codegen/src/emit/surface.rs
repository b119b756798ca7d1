//! The public API surface of the generated code, as short Rust-like
//! declarations: every method with its signature and every type with its
//! fields or variants, without bodies or docs. Snapshotted beside the full
//! source so that a reviewer sees an API change at a glance.

use proc_macro2::TokenStream;
use quote::quote;

use super::methods::{returns, signature};
use super::types::field_type;
use super::{Scope, ident, type_tokens, unraw};
use crate::ir::{Api, ParamStruct, TypeDef, TypeKind};

/// The surface of `api` as tokens (render them with prettyplease).
pub fn surface(api: &Api) -> TokenStream {
    let client = ident(&api.client.name);
    let methods = api.operations.iter().map(|op| {
        let name = ident(&op.name);
        let args = signature(api, op);
        let (ret, _) = returns(op);
        let ret = match &op.typed_errors {
            Some(typed) => {
                let error = type_tokens(&typed.ty, Scope::Client);
                quote!(#ret, Error<#error>)
            }
            None => ret,
        };
        let route = format!(" {} {}", op.method, path_text(op));
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #[doc = #route]
            #deprecated
            async fn #name(&self, #( #args ),*) -> Result<#ret>;
        }
    });
    let types = api.types.iter().map(type_surface);
    let params = api.operations.iter().filter_map(|op| {
        let ParamStruct { name, params, .. } = op.params.as_ref()?;
        let name = ident(name);
        let fields = params.iter().map(|p| {
            let field = ident(&p.name);
            let ty = type_tokens(&p.ty, Scope::Types);
            let ty = if p.required { ty } else { quote!(Option<#ty>) };
            quote!(#field: #ty,)
        });
        Some(quote!(struct #name { #( #fields )* }))
    });
    quote! {
        trait #client {
            #( #methods )*
        }
        mod types {
            #( #types )*
            #( #params )*
        }
    }
}

fn path_text(op: &crate::ir::Operation) -> String {
    op.path
        .parts
        .iter()
        .map(|part| match part {
            crate::template::Part::Literal(text) => text.clone(),
            crate::template::Part::Param(name) => format!("{{{name}}}"),
        })
        .collect()
}

fn type_surface(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(|f| {
                let field = ident(&f.name);
                let ty = field_type(f);
                let wire = (unraw(&f.name) != f.wire).then(|| {
                    let wire = format!(" `{}`", f.wire);
                    quote!(#[doc = #wire])
                });
                quote!(#wire #field: #ty,)
            });
            let extra = s.additional.as_ref().map(|ty| {
                let ty = type_tokens(ty, Scope::Types);
                quote!(additional_properties: ::std::collections::BTreeMap<String, #ty>,)
            });
            quote!(struct #name { #( #fields )* #extra })
        }
        TypeKind::Enum(e) => {
            let variants = e.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let wire = format!(" `{}`", v.wire);
                quote!(#[doc = #wire] #variant,)
            });
            let open = e.open.then(|| quote!(Unknown(String),));
            quote!(enum #name { #( #variants )* #open })
        }
        TypeKind::Union(u) => {
            let variants = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let ty = type_tokens(&v.ty, Scope::Types);
                quote!(#variant(#ty),)
            });
            let open = u.open.then(|| quote!(Unknown(Unrecognized),));
            quote!(enum #name { #( #variants )* #open })
        }
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, Scope::Types);
            quote!(type #name = #ty;)
        }
        TypeKind::Newtype(ty) => {
            let ty = type_tokens(ty, Scope::Types);
            quote!(struct #name(#ty);)
        }
    }
}
