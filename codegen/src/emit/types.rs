//! The `types` module: structs, enums, unions and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::debug::{Shown, redacted_debug};
use super::{Scope, directions, doc_attrs, enums, ident, type_tokens, unraw, validate};
use crate::ir::{Api, DefaultValue, Field, Struct, TypeDef, TypeKind, TypeRef, Union};

pub(super) fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let item = emit_kind(api, def);
    if api.error_types.binary_search(&def.name).is_err() {
        return item;
    }
    let kind = error_kind(def);
    let name = ident(&def.name);
    quote! {
        #item
        impl ::codegen_runtime::ErrorKind for #name {
            fn kind(&self) -> &str {
                #kind
            }
        }
    }
}

/// The body of `ErrorKind::kind` for an error type: the discriminator's
/// value for a tagged union, the member's name for an untagged one, the
/// type's name otherwise.
fn error_kind(def: &TypeDef) -> TokenStream {
    let TypeKind::Union(u) = &def.kind else {
        let name = &def.name;
        return quote!(#name);
    };
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let kind = v.tag_value.as_deref().unwrap_or(&v.name);
        quote!(Self::#variant(_) => #kind,)
    });
    let unknown = u.open.then(|| quote!(Self::Unknown(member) => member.tag(),));
    quote! {
        match self {
            #( #arms )*
            #unknown
        }
    }
}

fn emit_kind(api: &Api, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(api, def, s),
        TypeKind::Enum(e) => enums::emit_enum(def, e),
        TypeKind::Union(u) => emit_union(def, u),
        TypeKind::Alias(ty) => {
            let docs = doc_attrs(def.docs.as_deref());
            let name = ident(&def.name);
            let ty = type_tokens(ty, Scope::Types);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::Newtype(ty) => {
            let serde = serde_derives(def);
            let docs = doc_attrs(def.docs.as_deref());
            let name = ident(&def.name);
            let ty = type_tokens(ty, Scope::Types);
            let validate = def.validates.then(|| {
                quote! {
                    impl ::codegen_runtime::Validate for #name {
                        fn validate(&self) -> ::codegen_runtime::Result<()> {
                            ::codegen_runtime::Validate::validate(&self.0)
                        }
                    }
                }
            });
            quote! {
                #docs
                #[derive(Debug, Clone, Default, PartialEq, #serde)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
                #validate
            }
        }
    }
}

/// The Rust type of a struct field, with `Option` and `Box` as needed.
pub(super) fn field_type(field: &Field) -> TokenStream {
    let mut ty = type_tokens(&field.ty, Scope::Types);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    match (field.tristate, field.is_option()) {
        (true, _) => quote!(Option<Option<#ty>>),
        (false, true) => quote!(Option<#ty>),
        (false, false) => ty,
    }
}

fn emit_struct(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let debug = if sensitive { quote!() } else { quote!(Debug,) };
    let record = is_record(s);
    let fields = s.fields.iter().map(|f| emit_field(def, f, !record));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = type_tokens(ty, Scope::Types);
        quote! {
            /// Properties not listed above.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let debug_impl = sensitive.then(|| {
        let fields = s.fields.iter().map(|f| (f.name.as_str(), Shown::of(f.sensitive, f.is_option())));
        let additional = s.additional.is_some().then_some(("additional_properties", Shown::Plain));
        redacted_debug(&def.name, fields.chain(additional))
    });
    // A record's table holds its defaults; a derived `Deserialize` calls functions for them.
    let mut inherent = if def.deserialize && !record { emit_default_fns(s) } else { Vec::new() };
    let derive_default = def.in_request && derives_default(s);
    let mut default_impl = None;
    if def.in_request && !derive_default {
        match emit_constructor(&def.name, s) {
            Constructor::New(new) => inherent.push(new),
            Constructor::Default(default) => default_impl = Some(default),
        }
    }
    let inherent = (!inherent.is_empty()).then(|| quote!(impl #name { #( #inherent )* }));
    let default = derive_default.then(|| quote!(Default,));
    let (serde, table) = if record { (quote!(), record_table(def, s)) } else { (serde_derives(def), None) };
    let validate = def.validates.then(|| validate::emit_validate(api, &def.name, s));
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default #serde)]
        pub struct #name {
            #( #fields )*
            #additional
        }
        #table
        #debug_impl
        #inherent
        #default_impl
        #validate
    }
}

/// Whether `s` is a record: named fields and nothing else, whose serde the
/// runtime's `record_impls!` writes from a field table. Structs that keep
/// additional properties derive serde (`flatten`).
fn is_record(s: &Struct) -> bool {
    s.additional.is_none()
}

/// Whether `def` derives serde's traits (by the names the `types` module
/// imports) for a direction it travels.
pub(super) fn derives_serde(def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => !is_record(s),
        TypeKind::Newtype(_) | TypeKind::Union(_) => true,
        TypeKind::Enum(_) | TypeKind::Alias(_) => false,
    }
}

/// The field table of a record: each field, its wire name and how it
/// travels, for the directions `def` travels; `None` when it travels none.
fn record_table(def: &TypeDef, s: &Struct) -> Option<TokenStream> {
    if !def.serialize && !def.deserialize {
        return None;
    }
    let name = ident(&def.name);
    let directions = directions(def);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        let mode = if f.tristate {
            quote!(nullable)
        } else if f.is_option() && !f.required {
            quote!(optional)
        } else if let Some(default) = &f.default {
            let value = default_value(default);
            quote!(default(#value))
        } else {
            quote!(required)
        };
        quote!(#field: #wire #mode)
    });
    Some(quote! {
        ::codegen_runtime::__private::record_impls!(#name, #directions { #( #fields ),* });
    })
}

/// The serde derives of `def`: only the directions it travels.
fn serde_derives(def: &TypeDef) -> TokenStream {
    match (def.serialize, def.deserialize) {
        (true, true) => quote!(Serialize, Deserialize),
        (true, false) => quote!(Serialize),
        (false, true) => quote!(Deserialize),
        (false, false) => quote!(),
    }
}

/// A struct field of `def`, with its serde attributes when the struct
/// derives serde (`attrs`). Absent optional fields are left out when
/// sending; reading needs no attribute for them (serde reads a missing
/// `Option` as `None` by itself). Attributes of a direction the type does
/// not travel are left out.
fn emit_field(def: &TypeDef, field: &Field, attrs: bool) -> TokenStream {
    let (struct_name, ser, de) = (&def.name, def.serialize && attrs, def.deserialize && attrs);
    let mut text = field.docs.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire));
    if field.deprecated {
        text = format!("**Deprecated.** {text}");
    }
    let name = ident(&field.name);
    let ty = field_type(field);
    let mut serde = Vec::new();
    if attrs && unraw(&field.name) != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    if field.tristate {
        if ser {
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        if de {
            serde.push(quote!(default, deserialize_with = "::codegen_runtime::__private::nullable"));
        }
        text.push_str("\n\n`None` leaves the field out; `Some(None)` sends `null`.");
    } else if field.is_option() && !field.required {
        if ser {
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
        }
    } else if let Some(default) = field.default.as_ref().filter(|_| de) {
        if is_zero(default) {
            serde.push(quote!(default));
        } else {
            let path = format!("{struct_name}::default_{}", unraw(&field.name));
            serde.push(quote!(default = #path));
        }
    }
    let attr = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    let docs = doc_attrs(Some(&text));
    quote! {
        #docs
        #attr
        pub #name: #ty,
    }
}

/// Whether `#[derive(Default)]` gives what the spec says: nothing is
/// required and every default is the type's own.
fn derives_default(s: &Struct) -> bool {
    s.fields.iter().all(|f| f.is_option() || f.default.as_ref().is_some_and(is_zero))
}

/// Whether `default` is what `Default::default()` gives.
fn is_zero(default: &DefaultValue) -> bool {
    match default {
        DefaultValue::Bool(b) => !b,
        DefaultValue::Int(i) => *i == 0,
        DefaultValue::Float(_) | DefaultValue::Variant(..) => false,
        DefaultValue::Str(s) => s.is_empty(),
    }
}

fn default_value(default: &DefaultValue) -> TokenStream {
    match default {
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(i) => {
            let lit = proc_macro2::Literal::u64_unsuffixed(i.unsigned_abs());
            if *i < 0 { quote!(-#lit) } else { quote!(#lit) }
        }
        DefaultValue::Float(f) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(if f.is_finite() { f.abs() } else { 0.0 });
            if *f < 0.0 { quote!(-#lit) } else { quote!(#lit) }
        }
        DefaultValue::Str(s) => quote!(String::from(#s)),
        DefaultValue::Variant(ty, variant) => {
            let ty = ident(ty);
            let variant = ident(variant);
            quote!(#ty::#variant)
        }
    }
}

/// The functions serde calls for fields with defaults other than the type's own.
fn emit_default_fns(s: &Struct) -> Vec<TokenStream> {
    s.fields
        .iter()
        .filter_map(|f| {
            let default = f.default.as_ref().filter(|d| !is_zero(d))?;
            let fn_name = ident(&format!("default_{}", unraw(&f.name)));
            let ty = field_type(f);
            let value = default_value(default);
            Some(quote! {
                fn #fn_name() -> #ty {
                    #value
                }
            })
        })
        .collect()
}

/// How a request type is built: an inherent `new(required fields)`, or a
/// `Default` impl when nothing is required.
enum Constructor {
    New(TokenStream),
    Default(TokenStream),
}

/// `new(required fields)` for request types, or `Default` when nothing is
/// required.
fn emit_constructor(struct_name: &str, s: &Struct) -> Constructor {
    let name = ident(struct_name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.is_option() && f.default.is_none()).collect();
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if !f.is_option() && f.default.is_none() {
            let value = if f.boxed { quote!(Box::new(#field.into())) } else { quote!(#field.into()) };
            quote!(#field: #value)
        } else if let Some(default) = &f.default {
            let value = default_value(default);
            quote!(#field: #value)
        } else {
            quote!(#field: None)
        }
    });
    let additional = s.additional.as_ref().map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
    if required.is_empty() {
        return Constructor::Default(quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #( #inits, )* #additional }
                }
            }
        });
    }
    let params = required.iter().map(|f| {
        let field = ident(&f.name);
        let ty = type_tokens(&f.ty, Scope::Types);
        quote!(#field: impl Into<#ty>)
    });
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Constructor::New(quote! {
        /// A value with the required fields set and the others empty or at their defaults.
        #allow
        pub fn new(#( #params ),*) -> Self {
            Self { #( #inits, )* #additional }
        }
    })
}

/// A few words for what a union member holds.
fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("a `{name}`"),
        TypeRef::Bool => "a boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "an integer".into(),
        TypeRef::F32 | TypeRef::F64 => "a number".into(),
        TypeRef::String => "a string".into(),
        TypeRef::Json => "any JSON value".into(),
        TypeRef::JsonObject => "a JSON object".into(),
        TypeRef::Bytes => "bytes".into(),
        TypeRef::DateTime => "a date and time".into(),
        TypeRef::Date => "a date".into(),
        TypeRef::Vec(_) => "an array".into(),
        TypeRef::Map(_) => "a map".into(),
    }
}

fn emit_union(def: &TypeDef, u: &Union) -> TokenStream {
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(&v.ty, Scope::Types);
        let doc = format!(" Holds {}.", describe(&v.ty));
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        quote! {
            #[doc = #doc]
            #variant(#ty),
        }
    });
    let Some(tag) = &u.tag else {
        let serde = serde_derives(def);
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #serde)]
            #[serde(untagged)]
            pub enum #name {
                #( #variants )*
            }
        };
    };
    // Serialized as the member itself (which carries the tag); read by the tag's value. An open union keeps
    // members it does not know: `Unknown` holds the tag and the object as received.
    let arms = u.variants.iter().filter_map(|v| {
        let tag_value = v.tag_value.as_ref()?;
        let variant = ident(&v.name);
        let read = if v.boxed {
            quote!(|value| ::serde_json::from_value(value).map(|v| Self::#variant(Box::new(v))))
        } else {
            quote!(|value| ::serde_json::from_value(value).map(Self::#variant))
        };
        Some(quote!(#tag_value => Some(#read),))
    });
    let (unknown_variant, unknown) = if u.open {
        let variant = quote! {
            /// A member this client does not know yet: its tag and the object as received.
            Unknown(::codegen_runtime::Unrecognized),
        };
        (variant, quote!(Some(Self::Unknown)))
    } else {
        (quote!(), quote!(None))
    };
    let derives =
        if def.serialize { quote!(Debug, Clone, PartialEq, Serialize) } else { quote!(Debug, Clone, PartialEq) };
    let untagged = def.serialize.then(|| quote!(#[serde(untagged)]));
    let deserialize = def.deserialize.then(|| {
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    ::codegen_runtime::__private::tagged(
                        deserializer,
                        #tag,
                        |tag| match tag {
                            #( #arms )*
                            _ => None,
                        },
                        #unknown,
                    )
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(#derives)]
        #untagged
        pub enum #name {
            #( #variants )*
            #unknown_variant
        }
        #deserialize
    }
}
