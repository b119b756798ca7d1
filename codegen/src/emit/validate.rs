//! `validate()` methods: the checks that run before a request is sent.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::ident;
use crate::ir::{Api, Param, Rules, Struct, TypeRef};

/// The checks of one function being written: the runtime names they use
/// (so that only those are imported), the rules as `static`s (named, in
/// field order, and built once: a pattern compiles on first use), and the
/// check statements.
#[derive(Default)]
pub(super) struct Checks {
    text: bool,
    number: bool,
    items: bool,
    rules: Vec<TokenStream>,
    statements: Vec<TokenStream>,
}

impl Checks {
    /// Adds a statement that runs after the rules' checks so far.
    pub(super) fn push(&mut self, statement: TokenStream) {
        self.statements.push(statement);
    }

    /// The imports, the rules and the checks, in that order.
    pub(super) fn body(&self) -> TokenStream {
        let mut names = Vec::new();
        if self.text {
            names.extend([quote!(Text), quote!(text)]);
        }
        if self.items {
            names.extend([quote!(Items), quote!(items)]);
        }
        if self.number {
            names.extend([quote!(Number), quote!(number)]);
        }
        let imports = (!names.is_empty()).then(|| quote!(use ::codegen_runtime::__private::{ #( #names ),* };));
        let (rules, statements) = (&self.rules, &self.statements);
        quote! {
            #imports
            #( #rules )*
            #( #statements )*
        }
    }

    /// The check of one value against `rules`, if any apply to it. `ty` is
    /// the value's type with aliases resolved; `value` an expression of
    /// type `&T`, `T` the value's type, possibly in `Option` or `Box` (the
    /// runtime looks through them); `name` the Rust name the rule is named
    /// after.
    pub(super) fn value(&mut self, wire: &str, ty: &TypeRef, rules: &Rules, value: TokenStream, name: &str) {
        let usize_lit = |n: u64| proc_macro2::Literal::usize_unsuffixed(n as usize);
        let rule = ident(&format!("{}_RULE", super::unraw(name).to_uppercase()));
        let text = rules.min_length.is_some() || rules.max_length.is_some() || rules.pattern.is_some();
        if text && matches!(ty, TypeRef::String) {
            self.text = true;
            let mut steps = Vec::new();
            if let Some(n) = rules.min_length {
                let n = usize_lit(n);
                steps.push(quote!(.min_length(#n)));
            }
            if let Some(n) = rules.max_length {
                let n = usize_lit(n);
                steps.push(quote!(.max_length(#n)));
            }
            if let Some(pattern) = &rules.pattern {
                let pattern = raw_string(pattern);
                steps.push(quote!(.pattern(#pattern)));
            }
            if let Some(chars) = rules.ignore_chars.as_deref().filter(|c| !c.is_empty()) {
                steps.push(quote!(.ignoring(#chars)));
            }
            self.rules.push(quote!(static #rule: Text = Text::new() #( #steps )*;));
            self.statements.push(quote!(text(#wire, #value, &#rule)?;));
        }
        let is_number = matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
        if (rules.minimum.is_some() || rules.maximum.is_some()) && is_number {
            self.number = true;
            let minimum = rules.minimum.map(float).map(|n| quote!(.minimum(#n)));
            let maximum = rules.maximum.map(float).map(|n| quote!(.maximum(#n)));
            self.rules.push(quote!(static #rule: Number = Number::new() #minimum #maximum;));
            self.statements.push(quote!(number(#wire, #value, &#rule)?;));
        }
        if (rules.min_items.is_some() || rules.max_items.is_some()) && matches!(ty, TypeRef::Vec(_)) {
            self.items = true;
            let min = rules.min_items.map(usize_lit).map(|n| quote!(.min_items(#n)));
            let max = rules.max_items.map(usize_lit).map(|n| quote!(.max_items(#n)));
            self.rules.push(quote!(static #rule: Items = Items::new() #min #max;));
            self.statements.push(quote!(items(#wire, #value, &#rule)?;));
        }
    }

    /// The checks of one struct field or parameter, `access` a place such
    /// as `self.name`: its rules, and `validate()` of what it holds when
    /// that has checks of its own.
    pub(super) fn field(
        &mut self,
        api: &Api,
        (wire, ty, rules): (&str, &TypeRef, &Rules),
        access: TokenStream,
        name: &str,
    ) {
        self.value(wire, api.resolve(ty), rules, quote!(&#access), name);
        if api.validates(ty) {
            self.statements.push(quote!(::codegen_runtime::Validate::validate(&#access)?;));
        }
    }
}

/// A bound as a literal without a type suffix (`1.0`, `2.5`).
fn float(n: f64) -> TokenStream {
    match n {
        n if n.is_finite() => proc_macro2::Literal::f64_unsuffixed(n).into_token_stream(),
        n if n > 0.0 => quote!(f64::INFINITY),
        n if n < 0.0 => quote!(f64::NEG_INFINITY),
        _ => quote!(f64::NAN),
    }
}

/// `text` as a raw string literal (`r"^\d+$"`), which reads as the pattern
/// it is; a plain literal where no raw one can hold it.
fn raw_string(text: &str) -> proc_macro2::Literal {
    let hashes = (0..8).map(|n| "#".repeat(n)).find(|h| !text.contains(&format!("\"{h}")));
    hashes
        .and_then(|h| format!("r{h}\"{text}\"{h}").parse::<proc_macro2::Literal>().ok())
        .unwrap_or_else(|| proc_macro2::Literal::string(text))
}

/// `Validate` for a request struct.
pub(super) fn emit_validate(api: &Api, struct_name: &str, s: &Struct) -> TokenStream {
    let mut checks = Checks::default();
    for f in &s.fields {
        let field = ident(&f.name);
        checks.field(api, (&f.wire, &f.ty, &f.rules), quote!(self.#field), &f.name);
    }
    if let Some(ty) = &s.additional
        && api.validates(ty)
    {
        checks.push(quote!(::codegen_runtime::Validate::validate(&self.additional_properties)?;));
    }
    validate_impl(&ident(struct_name), &checks)
}

/// `impl Validate for #name` running `checks`.
pub(super) fn validate_impl(name: &impl ToTokens, checks: &Checks) -> TokenStream {
    let body = checks.body();
    quote! {
        impl ::codegen_runtime::Validate for #name {
            fn validate(&self) -> ::codegen_runtime::Result<()> {
                #body
                Ok(())
            }
        }
    }
}

/// The checks for path parameters passed as method arguments, with the
/// `use` and rules they need.
pub(super) fn path_param_checks(api: &Api, params: &[Param]) -> TokenStream {
    let mut checks = Checks::default();
    for p in params {
        let name = ident(&p.name);
        let mut rules = p.rules.clone();
        // Emptiness is checked by `path_segment`.
        if rules.min_length == Some(1) {
            rules.min_length = None;
        }
        let value = if matches!(p.ty, TypeRef::String) { quote!(#name) } else { quote!(&#name) };
        checks.value(&p.wire, api.resolve(&p.ty), &rules, value, &p.name);
    }
    checks.body()
}
