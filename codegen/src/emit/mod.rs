//! Emit stage: the IR → a `TokenStream`, one small function per item.
//! Nothing here looks at the spec; every name comes from the IR.

mod client;
mod debug;
pub mod docs;
mod enums;
pub mod file;
mod methods;
mod params;
mod surface;
mod types;
mod validate;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeRef};

pub use surface::surface;

/// The generated code for `api`.
pub fn emit(api: &Api) -> TokenStream {
    file::File::new(api).tokens()
}

/// The directions `def` travels, as the runtime's table macros
/// (`record_impls!`, `str_enum_impls!`) take them: `ser` or `-`, then `de`
/// or `-`.
fn directions(def: &crate::ir::TypeDef) -> TokenStream {
    let ser = if def.serialize { quote!(ser) } else { quote!(-) };
    let de = if def.deserialize { quote!(de) } else { quote!(-) };
    quote!(#ser #de)
}

/// An identifier from the IR. The IR only holds valid identifiers (see
/// `ident`); should one slip through, it is rewritten rather than panicking.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) if is_plain_ident(raw) && !matches!(raw, "self" | "Self" | "super" | "crate" | "_") => {
            Ident::new_raw(raw, Span::call_site())
        }
        _ if is_plain_ident(name) && !crate::ident::is_keyword(name) => Ident::new(name, Span::call_site()),
        _ => Ident::new(&crate::ident::snake(&format!("x {name}")), Span::call_site()),
    }
}

fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && name != "_"
}

/// `#[doc]` attributes for `text`, plus extra lines.
pub(crate) fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    // Most texts are one plain line (the generated ones always are): nothing to escape.
    let plain = !text.is_empty()
        && !text.contains("://")
        && text.trim() == text
        && text.bytes().all(|b| b.is_ascii_graphic() && !b"<>[]\\*_#|~&".contains(&b) || b == b' ')
        && text.bytes().filter(|b| *b == b'`').count() % 2 == 0
        && !text.contains("  ")
        && text.len() <= docs::WIDTH;
    if plain {
        let line = format!(" {text}");
        return quote!(#[doc = #line]);
    }
    let lines = docs::doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Where a type is written from: inside `types` or from the client beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Types,
    Client,
}

/// The Rust type for `ty`.
pub(crate) fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::DateTime => quote!(::codegen_runtime::DateTime),
        TypeRef::Date => quote!(::codegen_runtime::Date),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => quote!(::serde_json::Map<String, ::serde_json::Value>),
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Client => quote!(types::#name),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// The name a field or variant has after serde strips `r#`.
pub(crate) fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_docs_skip_the_sanitizer_with_the_same_result() {
        for text in ["The `id` property.", "Model number 3.", "List resource 0.", "A value (1 of 2); done!", "x-y: z"] {
            let fast = doc_attrs(Some(text)).to_string();
            let lines = docs::doc_lines(text);
            assert_eq!(fast, quote! { #( #[doc = #lines] )* }.to_string(), "{text}");
        }
    }

    #[test]
    fn idents_never_panic() {
        for name in ["type", "r#type", "r#self", "", "1a", "a-b", "Self", "self", "_", "ok_name"] {
            let _ = ident(name);
        }
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("ok_name").to_string(), "ok_name");
    }
}
