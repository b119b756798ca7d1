//! String and integer enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{Enum, TypeDef};

/// A string enum. When `open` (it comes in responses), values this version
/// does not list are kept in `Unknown` instead of failing to decode, so a
/// vendor adding a value does not break callers. It is written and read
/// through its wire values (`as_str` and one `match`) with the runtime's
/// helpers, which costs the compiler far less than serde's derives.
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
    let to_wire = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from_wire: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let wire = &v.wire;
            if e.open { quote!(#wire => Self::#variant,) } else { quote!(#wire => Some(Self::#variant),) }
        })
        .collect();
    let (derives, unknown, unknown_arm, str_type, read) = if e.open {
        (
            quote!(Debug, Clone, PartialEq, Eq, Hash),
            quote! {
                /// A value this version of the client does not know.
                Unknown(String),
            },
            quote!(Self::Unknown(value) => value,),
            quote!(&str),
            quote! {
                ::codegen_runtime::__private::open_enum(deserializer, |value| match value {
                    #( #from_wire )*
                    other => Self::Unknown(other.to_owned()),
                })
            },
        )
    } else {
        let expected = e.variants.iter().map(|v| &v.wire);
        (
            quote!(Debug, Clone, Copy, PartialEq, Eq, Hash),
            quote!(),
            quote!(),
            quote!(&'static str),
            quote! {
                ::codegen_runtime::__private::closed_enum(deserializer, &[#( #expected ),*], |value| match value {
                    #( #from_wire )*
                    _ => None,
                })
            },
        )
    };
    let body = match_self(e, to_wire, unknown_arm);
    let serialize = def.serialize.then(|| {
        quote! {
            impl Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        }
    });
    let deserialize = def.deserialize.then(|| {
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #read
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(#derives)]
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
        #serialize
        #deserialize
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
            impl Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
        }
    });
    let deserialize = def.deserialize.then(|| {
        quote! {
            impl<'de> Deserialize<'de> for #name {
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
