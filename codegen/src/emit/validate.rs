//! `validate()` methods: the checks that run before a request is sent, and
//! the parameter structs of operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, doc_attrs, ident, type_tokens, unraw};
use crate::ir::{Api, Field, Operation, Param, ParamLocation, Rules, Struct, TypeRef};

/// A check of one value, or nothing when `rules` are empty. `ty` is the
/// value's type with aliases resolved; `value` is an expression of type `&T`
/// for the value's own type (not `Option`). The statements must be put in a
/// block of their own.
pub(super) fn check(wire: &str, ty: &TypeRef, rules: &Rules, value: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let opt_usize = |n: Option<u64>| match n {
        Some(n) => {
            let n = n as usize;
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    if (rules.min_length.is_some() || rules.max_length.is_some() || rules.pattern.is_some())
        && matches!(ty, TypeRef::String)
    {
        let min = opt_usize(rules.min_length);
        let max = opt_usize(rules.max_length);
        let pattern = match &rules.pattern {
            Some(p) => quote!(Some(::codegen_runtime::validate::Pattern::new(#p))),
            None => quote!(None),
        };
        let ignore = rules.ignore_chars.clone().unwrap_or_default();
        // Callers put the checks of each value in a block of its own, which scopes `RULE`.
        out.extend(quote! {
            static RULE: ::codegen_runtime::validate::Text = ::codegen_runtime::validate::Text {
                min_length: #min,
                max_length: #max,
                pattern: #pattern,
                ignore: #ignore,
            };
            ::codegen_runtime::validate::text(#wire, #value, &RULE)?;
        });
    }
    let is_number = matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
    if (rules.minimum.is_some() || rules.maximum.is_some()) && is_number {
        let bound = |b: Option<f64>| match b {
            Some(b) => quote!(Some(#b)),
            None => quote!(None),
        };
        let (min, max) = (bound(rules.minimum), bound(rules.maximum));
        let number = match ty {
            TypeRef::I64 => quote!(*#value as f64),
            TypeRef::F64 => quote!(*#value),
            _ => quote!(f64::from(*#value)),
        };
        out.extend(quote!(::codegen_runtime::validate::number(#wire, #number, #min, #max)?;));
    }
    if (rules.min_items.is_some() || rules.max_items.is_some()) && matches!(ty, TypeRef::Vec(_)) {
        let min = opt_usize(rules.min_items);
        let max = opt_usize(rules.max_items);
        out.extend(quote!(::codegen_runtime::validate::items(#wire, #value.len(), #min, #max)?;));
    }
    out
}

/// Calls `validate()` on nested values whose types have it.
fn nested(api: &Api, ty: &TypeRef, validating: &dyn Fn(&str) -> bool, value: TokenStream) -> TokenStream {
    let ty = api.resolve(ty);
    match ty {
        TypeRef::Named(name) if validating(name) => quote!(#value.validate()?;),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            let item = nested(api, inner, validating, quote!(item));
            if item.is_empty() {
                return item;
            }
            let iter = if matches!(ty, TypeRef::Map(_)) { quote!(#value.values()) } else { quote!(#value.iter()) };
            quote!(for item in #iter { #item })
        }
        _ => TokenStream::new(),
    }
}

/// The checks for one field; `access` is a place such as `self.name`, and
/// `ty` its type with aliases resolved.
fn field_checks(
    api: &Api,
    wire: &str,
    ty: &TypeRef,
    rules: &Rules,
    optional: bool,
    access: TokenStream,
    validating: &dyn Fn(&str) -> bool,
) -> TokenStream {
    let checks = check(wire, ty, rules, quote!(value));
    let nested = nested(api, ty, validating, quote!(value));
    if checks.is_empty() && nested.is_empty() {
        return TokenStream::new();
    }
    if optional {
        quote!(if let Some(value) = &#access { #checks #nested })
    } else {
        quote!({
            let value = &#access;
            #checks
            #nested
        })
    }
}

/// `validate()` for a request struct.
pub(super) fn emit_validate(
    api: &Api,
    struct_name: &str,
    s: &Struct,
    validating: &dyn Fn(&str) -> bool,
) -> TokenStream {
    let name = ident(struct_name);
    let checks = s.fields.iter().map(|f: &Field| {
        let field = ident(&f.name);
        field_checks(api, &f.wire, api.resolve(&f.ty), &f.rules, f.is_option(), quote!(self.#field), validating)
    });
    let additional = s
        .additional
        .as_ref()
        .map(|ty| nested(api, &TypeRef::Map(Box::new(ty.clone())), validating, quote!(self.additional_properties)));
    quote! {
        impl #name {
            /// Checks the constraints that the API documents for this value, so that invalid input is
            /// rejected before anything is sent.
            pub fn validate(&self) -> ::codegen_runtime::Result<()> {
                #( #checks )*
                #additional
                Ok(())
            }
        }
    }
}

/// The checks for a path parameter passed as a method argument.
pub(super) fn path_param_checks(api: &Api, p: &Param) -> TokenStream {
    let name = ident(&p.name);
    let mut rules = p.rules.clone();
    // Emptiness is checked by `path_segment`.
    if rules.min_length == Some(1) {
        rules.min_length = None;
    }
    let checks = check(&p.wire, api.resolve(&p.ty), &rules, quote!(value));
    if checks.is_empty() {
        return checks;
    }
    quote!({
        let value = &#name;
        #checks
    })
}

/// The struct holding an operation's query and header parameters.
pub(super) fn emit_params_struct(api: &Api, op: &Operation) -> Option<TokenStream> {
    let (struct_name, params) = op.params.as_ref()?;
    let name = ident(struct_name);
    let doc = format!(" Query and header parameters of `{}`.", op.name);
    let fields = params.iter().map(|p| {
        let docs = doc_attrs(p.docs.as_deref());
        let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
        let field = ident(&p.name);
        let ty = param_type(p);
        let place = match p.location {
            ParamLocation::Query { .. } => format!(" Sent in the query as `{}`.", p.wire),
            ParamLocation::Header => format!(" Sent in the `{}` header.", p.wire),
            ParamLocation::Path => String::new(),
        };
        quote! {
            #docs
            #separator
            #[doc = #place]
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
        let entries = params.iter().map(|p| {
            let field = ident(&p.name);
            let label = unraw(&p.name);
            match (p.sensitive, p.required) {
                (false, _) => quote!(.field(#label, &self.#field)),
                (true, true) => quote!(.field(#label, &::codegen_runtime::redact::hidden(&self.#field))),
                (true, false) => quote!(.field(#label, &::codegen_runtime::redact::hidden_option(&self.#field))),
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#struct_name) #( #entries )* .finish()
                }
            }
        }
    });
    let validate = op.params_validate.then(|| {
        let checks = params.iter().map(|p| {
            let field = ident(&p.name);
            field_checks(api, &p.wire, api.resolve(&p.ty), &p.rules, !p.required, quote!(self.#field), &|_| false)
        });
        quote! {
            impl #name {
                /// Checks the constraints that the API documents for these parameters.
                pub fn validate(&self) -> ::codegen_runtime::Result<()> {
                    #( #checks )*
                    Ok(())
                }
            }
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(#( #derives ),*)]
        pub struct #name {
            #( #fields )*
        }
        #debug_impl
        #validate
    })
}

/// The field type of a parameter in its struct.
fn param_type(p: &Param) -> TokenStream {
    let ty = type_tokens(&p.ty, Scope::Types);
    if p.required { ty } else { quote!(Option<#ty>) }
}
