//! `Debug` for types with sensitive fields: the one place where a value is
//! shown or replaced by the runtime's redaction marker.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, unraw};

/// How `Debug` shows a field.
#[derive(Clone, Copy)]
pub(super) enum Shown {
    /// As its own `Debug` says.
    Plain,
    /// Redacted.
    Hidden,
    /// Redacted, but whether it is `None` shows.
    HiddenOption,
}

impl Shown {
    /// How a field that is `sensitive` or not, and an `Option` or not, shows.
    pub(super) fn of(sensitive: bool, option: bool) -> Self {
        match (sensitive, option) {
            (false, _) => Shown::Plain,
            (true, false) => Shown::Hidden,
            (true, true) => Shown::HiddenOption,
        }
    }
}

/// `impl Debug for #type_name`, showing `fields` (Rust names) in order.
pub(super) fn redacted_debug<'f>(type_name: &str, fields: impl Iterator<Item = (&'f str, Shown)>) -> TokenStream {
    let name = ident(type_name);
    let (mut hidden, mut hidden_option) = (false, false);
    let entries: Vec<TokenStream> = fields
        .map(|(field, shown)| {
            let label = unraw(field);
            let field = ident(field);
            match shown {
                Shown::Plain => quote!(.field(#label, &self.#field)),
                Shown::Hidden => {
                    hidden = true;
                    quote!(.field(#label, &hidden(&self.#field)))
                }
                Shown::HiddenOption => {
                    hidden_option = true;
                    quote!(.field(#label, &hidden_option(&self.#field)))
                }
            }
        })
        .collect();
    let helpers = match (hidden, hidden_option) {
        (true, true) => quote!(
            use ::codegen_runtime::__private::{hidden, hidden_option};
        ),
        (true, false) => quote!(
            use ::codegen_runtime::__private::hidden;
        ),
        (false, true) => quote!(
            use ::codegen_runtime::__private::hidden_option;
        ),
        (false, false) => quote!(),
    };
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #helpers
                f.debug_struct(#type_name) #( #entries )* .finish()
            }
        }
    }
}
