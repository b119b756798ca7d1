//! `validate()` methods: the checks that run before a request is sent, and
//! the parameter structs of operations.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::{Scope, doc_attrs, ident, type_tokens, unraw};
use crate::ir::{Api, Field, Operation, Param, ParamLocation, ParamStruct, Rules, Struct, TypeRef};

/// The runtime functions a set of checks calls, so that only those are imported.
#[derive(Default)]
pub(super) struct Uses {
    text: bool,
    number: bool,
    items: bool,
}

impl Uses {
    /// `use` of what the checks need, or nothing.
    fn imports(&self) -> TokenStream {
        let mut names = Vec::new();
        if self.text {
            names.push(quote!(Text));
            names.push(quote!(text));
        }
        if self.items {
            names.push(quote!(items));
        }
        if self.number {
            names.push(quote!(number));
        }
        if names.is_empty() { quote!() } else { quote!(use ::codegen_runtime::validate::{ #( #names ),* };) }
    }
}

/// The checks of one value, one line each, or nothing when `rules` are
/// empty. `ty` is the value's type with aliases resolved; `value` is an
/// expression of type `&T` where `T` is the value's type, possibly wrapped
/// in `Option` or `Box` (the runtime looks through them). A pattern goes in
/// a `static` named `rule` so that it is compiled once.
pub(super) fn check(
    wire: &str,
    ty: &TypeRef,
    rules: &Rules,
    value: TokenStream,
    rule: &str,
    uses: &mut Uses,
) -> TokenStream {
    let mut out = TokenStream::new();
    let opt_usize = |n: Option<u64>| match n {
        Some(n) => {
            let n = proc_macro2::Literal::usize_unsuffixed(n as usize);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    if (rules.min_length.is_some() || rules.max_length.is_some() || rules.pattern.is_some())
        && matches!(ty, TypeRef::String)
    {
        uses.text = true;
        let min = opt_usize(rules.min_length);
        let max = opt_usize(rules.max_length);
        let ignore = rules.ignore_chars.clone().unwrap_or_default();
        match &rules.pattern {
            Some(pattern) => {
                let rule = ident(rule);
                out.extend(quote! {
                    static #rule: Text = Text::new(#min, #max, Some(#pattern), #ignore);
                    text(#wire, #value, &#rule)?;
                });
            }
            None => out.extend(quote!(text(#wire, #value, &Text::new(#min, #max, None, #ignore))?;)),
        }
    }
    let is_number = matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
    if (rules.minimum.is_some() || rules.maximum.is_some()) && is_number {
        uses.number = true;
        let bound = |b: Option<f64>| match b {
            Some(b) => quote!(Some(#b)),
            None => quote!(None),
        };
        let (min, max) = (bound(rules.minimum), bound(rules.maximum));
        out.extend(quote!(number(#wire, #value, #min, #max)?;));
    }
    if (rules.min_items.is_some() || rules.max_items.is_some()) && matches!(ty, TypeRef::Vec(_)) {
        uses.items = true;
        let min = opt_usize(rules.min_items);
        let max = opt_usize(rules.max_items);
        out.extend(quote!(items(#wire, #value, #min, #max)?;));
    }
    out
}

/// Whether values of `ty` hold something with checks of its own.
fn holds_validating(api: &Api, ty: &TypeRef, validating: &dyn Fn(&str) -> bool) -> bool {
    match api.resolve(ty) {
        TypeRef::Named(name) => validating(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => holds_validating(api, inner, validating),
        _ => false,
    }
}

/// The checks of one struct field or parameter; `access` is a place such as
/// `self.name`.
fn field_checks(
    api: &Api,
    (wire, ty, rules): (&str, &TypeRef, &Rules),
    access: TokenStream,
    rule: &str,
    validating: &dyn Fn(&str) -> bool,
    uses: &mut Uses,
) -> TokenStream {
    let mut out = check(wire, api.resolve(ty), rules, quote!(&#access), rule, uses);
    if holds_validating(api, ty, validating) {
        out.extend(quote!(::codegen_runtime::Validate::validate(&#access)?;));
    }
    out
}

/// `Validate` for a request struct.
pub(super) fn emit_validate(
    api: &Api,
    struct_name: &str,
    s: &Struct,
    validating: &dyn Fn(&str) -> bool,
) -> TokenStream {
    let name = ident(struct_name);
    let mut uses = Uses::default();
    let mut checks: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f: &Field| {
            let field = ident(&f.name);
            let rule = format!("{}_RULE", super::unraw(&f.name).to_uppercase());
            field_checks(api, (&f.wire, &f.ty, &f.rules), quote!(self.#field), &rule, validating, &mut uses)
        })
        .collect();
    if let Some(ty) = &s.additional
        && holds_validating(api, ty, validating)
    {
        checks.push(quote!(::codegen_runtime::Validate::validate(&self.additional_properties)?;));
    }
    validate_impl(&name, &uses, &checks)
}

/// `impl Validate for #name` running `checks` in order.
fn validate_impl(name: &impl ToTokens, uses: &Uses, checks: &[TokenStream]) -> TokenStream {
    let imports = uses.imports();
    quote! {
        impl ::codegen_runtime::Validate for #name {
            fn validate(&self) -> ::codegen_runtime::Result<()> {
                #imports
                #( #checks )*
                Ok(())
            }
        }
    }
}

/// The checks for a path parameter passed as a method argument, with the
/// `use` they need.
pub(super) fn path_param_checks(api: &Api, params: &[Param]) -> TokenStream {
    let mut uses = Uses::default();
    let checks: Vec<TokenStream> = params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let mut rules = p.rules.clone();
            // Emptiness is checked by `path_segment`.
            if rules.min_length == Some(1) {
                rules.min_length = None;
            }
            let value = if matches!(p.ty, TypeRef::String) { quote!(#name) } else { quote!(&#name) };
            let rule = format!("{}_RULE", super::unraw(&p.name).to_uppercase());
            check(&p.wire, api.resolve(&p.ty), &rules, value, &rule, &mut uses)
        })
        .collect();
    let imports = uses.imports();
    quote!(#imports #( #checks )*)
}

/// The struct holding an operation's query and header parameters, with
/// `validate()` when lowering found something to check: a parameter's own
/// rules, or a value (such as a JSON query parameter's object) whose type
/// is in `validating`.
pub(super) fn emit_params_struct(api: &Api, op: &Operation, validating: &dyn Fn(&str) -> bool) -> Option<TokenStream> {
    let ParamStruct { name: struct_name, params, validates } = op.params.as_ref()?;
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
    let validate = validates.then(|| {
        let mut uses = Uses::default();
        let checks: Vec<TokenStream> = params
            .iter()
            .map(|p| {
                let field = ident(&p.name);
                let rule = format!("{}_RULE", unraw(&p.name).to_uppercase());
                field_checks(api, (&p.wire, &p.ty, &p.rules), quote!(self.#field), &rule, validating, &mut uses)
            })
            .collect();
        validate_impl(&name, &uses, &checks)
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
