//! String and integer enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{directions, doc_attrs, ident};
use crate::ir::{Enum, TypeDef};

/// A string enum. When `open` (it comes in responses), values this version
/// does not list are kept in `Unknown` instead of failing to decode, so a
/// vendor adding a value does not break callers. The runtime's macro takes
/// the table of its variants and their wire values and writes `as_str` and
/// the serde impls of the directions it travels, which costs the compiler
/// far less than serde's derives (and the reader fewer lines).
pub(super) fn emit_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    if e.integer {
        return emit_integer_enum(def, e);
    }
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = format!(" `{}`", v.wire.replace('`', "'"));
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let table = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#variant = #wire)
    });
    let (derives, unknown, kind) = if e.open {
        let unknown = quote! {
            /// A value this version of the client does not know.
            Unknown(String),
        };
        (quote!(Debug, Clone, PartialEq, Eq, Hash), unknown, quote!(open))
    } else {
        (quote!(Debug, Clone, Copy, PartialEq, Eq, Hash), quote!(), quote!(closed))
    };
    let directions = directions(def);
    quote! {
        #docs
        #[derive(#derives)]
        pub enum #name {
            #( #variants )*
            #unknown
        }
        ::codegen_runtime::__private::str_enum_impls!(#name, #kind, #directions { #( #table ),* });
    }
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
    let serialize = def.serialize.then(|| {
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
        }
    });
    let deserialize = def.deserialize.then(|| {
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    Ok(match ::codegen_runtime::__private::integer(deserializer)? {
                        #( #from_value )*
                        #unknown_from
                    })
                }
            }
        }
    });
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
        #serialize
        #deserialize
    }
}

/// `match self` over `arms` and the `unknown` arm; for a closed enum
/// without variants, the empty match that such a type needs.
fn match_self(e: &Enum, arms: impl Iterator<Item = TokenStream>, unknown: TokenStream) -> TokenStream {
    if e.variants.is_empty() && !e.open { quote!(match *self {}) } else { quote!(match self { #( #arms )* #unknown }) }
}
