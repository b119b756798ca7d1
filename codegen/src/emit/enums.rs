//! String and integer enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{Enum, TypeDef};

/// A string enum. When `open` (it comes in responses), values this version
/// does not list are kept in `Unknown` instead of failing to decode, so a
/// vendor adding a value does not break callers.
pub(super) fn emit_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    if e.integer {
        return emit_integer_enum(def, e);
    }
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    // One container rule instead of a rename per variant, when one fits them all.
    let rule = rename_rule(e);
    let container = rule.filter(|r| *r != "PascalCase").map(|r| quote!(#[serde(rename_all = #r)]));
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        let doc = format!(" `{}`", wire.replace('`', "'"));
        let rename = rule.is_none().then(|| quote!(#[serde(rename = #wire)]));
        quote! {
            #[doc = #doc]
            #rename
            #variant,
        }
    });
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let (derives, unknown, unknown_arm, str_type) = if e.open {
        (
            quote!(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize),
            quote! {
                /// A value this version of the client does not know.
                #[serde(untagged)]
                Unknown(String),
            },
            quote!(Self::Unknown(value) => value,),
            quote!(&str),
        )
    } else {
        (
            quote!(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize),
            quote!(),
            quote!(),
            quote!(&'static str),
        )
    };
    let body = match_self(e, arms, unknown_arm);
    quote! {
        #docs
        #[derive(#derives)]
        #container
        pub enum #name {
            #( #variants )*
            #unknown
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> #str_type {
                #body
            }
        }
    }
}

/// A serde `rename_all` rule that turns every variant name into its wire
/// value, if one does (serde's own conversions, written out).
fn rename_rule(e: &Enum) -> Option<&'static str> {
    fn snake(name: &str) -> String {
        let mut out = String::with_capacity(name.len() + 4);
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }
    type Rule = (&'static str, fn(&str) -> String);
    let rules: [Rule; 8] = [
        ("PascalCase", |n| n.to_owned()),
        ("lowercase", |n| n.to_ascii_lowercase()),
        ("UPPERCASE", |n| n.to_ascii_uppercase()),
        ("camelCase", |n| n[..1].to_ascii_lowercase() + &n[1..]),
        ("snake_case", snake),
        ("SCREAMING_SNAKE_CASE", |n| snake(n).to_ascii_uppercase()),
        ("kebab-case", |n| snake(n).replace('_', "-")),
        ("SCREAMING-KEBAB-CASE", |n| snake(n).to_ascii_uppercase().replace('_', "-")),
    ];
    if e.variants.is_empty() || e.variants.iter().any(|v| !v.name.is_ascii() || v.name.starts_with("r#")) {
        return None;
    }
    rules.into_iter().find(|(_, rule)| e.variants.iter().all(|v| rule(&v.name) == v.wire)).map(|(name, _)| name)
}

/// An integer enum: serde cannot derive one, so it is read and written as
/// an `i64` through the variants' values; open ones keep unknown values.
fn emit_integer_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    let type_name = &def.name;
    let values: Vec<(proc_macro2::Ident, TokenStream)> = e
        .variants
        .iter()
        .map(|v| {
            let number: i64 = v.wire.parse().unwrap_or_default();
            let literal = proc_macro2::Literal::u64_unsuffixed(number.unsigned_abs());
            let value = if number < 0 { quote!(-#literal) } else { quote!(#literal) };
            (ident(&v.name), value)
        })
        .collect();
    let variants = e.variants.iter().zip(&values).map(|(v, (variant, _))| {
        let doc = format!(" `{}`", v.wire);
        quote! { #[doc = #doc] #variant, }
    });
    let to_value = values.iter().map(|(variant, value)| quote!(Self::#variant => #value,));
    let from_value = values.iter().map(|(variant, value)| quote!(#value => Self::#variant,));
    let (unknown, unknown_to, unknown_from) = if e.open {
        (
            quote! {
                /// A value this version of the client does not know.
                Unknown(i64),
            },
            quote!(Self::Unknown(value) => *value,),
            quote!(other => Self::Unknown(other),),
        )
    } else {
        (
            quote!(),
            quote!(),
            quote!(other => return Err(::codegen_runtime::__private::unknown_integer(other, #type_name)),),
        )
    };
    let body = match_self(e, to_value, unknown_to);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variants )*
            #unknown
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn value(&self) -> i64 {
                #body
            }
        }
        impl Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                Ok(match ::codegen_runtime::__private::integer(deserializer)? {
                    #( #from_value )*
                    #unknown_from
                })
            }
        }
    }
}

/// `match self` over `arms` and the `unknown` arm; for a closed enum
/// without variants, the empty match that such a type needs.
fn match_self(e: &Enum, arms: impl Iterator<Item = TokenStream>, unknown: TokenStream) -> TokenStream {
    if e.variants.is_empty() && !e.open { quote!(match *self {}) } else { quote!(match self { #( #arms )* #unknown }) }
}
