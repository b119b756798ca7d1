//! The parameter structs of operations: their query and header
//! parameters, with `Debug` and `validate()` as needed.

use proc_macro2::TokenStream;
use quote::quote;

use super::debug::{Shown, redacted_debug};
use super::validate::{Checks, validate_impl};
use super::{Scope, doc_attrs, ident, type_tokens};
use crate::ir::{Api, Operation, Param, ParamLocation, ParamStruct};

/// The struct holding an operation's query and header parameters, with
/// `validate()` when lowering found something to check: a parameter's own
/// rules, or a value (such as a JSON query parameter's object) whose type
/// validates.
pub(super) fn emit_params_struct(api: &Api, op: &Operation) -> TokenStream {
    let Some(ParamStruct { name: struct_name, params, validates }) = &op.params else { return TokenStream::new() };
    let name = ident(struct_name);
    let doc = format!(" Query and header parameters of `{}`.", op.name);
    let fields = params.iter().map(|p| {
        let place = match p.location {
            ParamLocation::Query { .. } => format!("Query parameter `{}`.", p.wire),
            ParamLocation::QueryJson => format!("Query parameter `{}`, sent as JSON text.", p.wire),
            ParamLocation::Header => format!("The `{}` header.", p.wire),
            ParamLocation::Path => String::new(),
        };
        let text = match &p.docs {
            Some(docs) if !docs.trim().is_empty() => format!("{place} {docs}"),
            _ => place,
        };
        let docs = doc_attrs(Some(&text));
        let field = ident(&p.name);
        let ty = param_type(p);
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let sensitive = params.iter().any(|p| p.sensitive);
    let all_optional = params.iter().all(|p| !p.required);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !sensitive {
        derives.insert(0, quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    let debug_impl = sensitive.then(|| {
        redacted_debug(struct_name, params.iter().map(|p| (p.name.as_str(), Shown::of(p.sensitive, !p.required))))
    });
    let validate = validates.then(|| {
        let mut checks = Checks::default();
        for p in params {
            let field = ident(&p.name);
            checks.field(api, (&p.wire, &p.ty, &p.rules), quote!(self.#field), &p.name);
        }
        validate_impl(&name, &checks)
    });
    quote! {
        #[doc = #doc]
        #[derive(#( #derives ),*)]
        pub struct #name {
            #( #fields )*
        }
        #debug_impl
        #validate
    }
}

/// The field type of a parameter in its struct.
fn param_type(p: &Param) -> TokenStream {
    let ty = type_tokens(&p.ty, Scope::Types);
    if p.required { ty } else { quote!(Option<#ty>) }
}
