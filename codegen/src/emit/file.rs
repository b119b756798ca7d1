//! The generated file, assembled once: its sections in order, each a
//! container (the top level, the `types` module, the client's `impl`) and
//! the items in it. [`File::tokens`] is the whole file; render formats the
//! items on several threads instead (tokens are not `Send`, so each thread
//! emits its own items from the shared IR) and joins them in this order.

use proc_macro2::TokenStream;
use quote::quote;

use super::{client, ident, methods, params, types};
use crate::ir::Api;

/// What a section's items sit in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Container {
    /// The top level of the file.
    Top,
    /// An inline module.
    Module {
        /// Its name.
        name: &'static str,
        /// Its doc comment.
        doc: &'static str,
    },
    /// An inherent `impl` block.
    Impl {
        /// The type it implements.
        self_ty: String,
    },
}

impl Container {
    /// `body` inside this container.
    pub fn wrap(&self, body: TokenStream) -> TokenStream {
        match self {
            Container::Top => body,
            Container::Module { name, doc } => {
                let name = ident(name);
                let doc = format!(" {doc}");
                quote! {
                    #[doc = #doc]
                    pub mod #name {
                        #body
                    }
                }
            }
            Container::Impl { self_ty } => {
                let self_ty = ident(self_ty);
                quote!(impl #self_ty { #body })
            }
        }
    }
}

/// One item of the file, emitted on demand by [`File::item`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// The `use` of the serde derives at the top of `types`, so that derive
    /// lists fit on one line (the names are reserved: no generated type
    /// takes them).
    SerdePrelude,
    /// `api.types[i]`, with its impls.
    Type(usize),
    /// The parameter struct of `api.operations[i]`.
    Params(usize),
    /// The client, its builder and their impls.
    Client,
    /// The client method of `api.operations[i]`.
    Method(usize),
    /// The token request body of `api.operations[i]`, the token operation.
    TokenRequest(usize),
}

/// A container and its items, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Where the items sit.
    pub container: Container,
    /// The items.
    pub items: Vec<Item>,
}

/// The generated file for one API.
pub struct File<'a> {
    api: &'a Api,
    sections: Vec<Section>,
}

impl<'a> File<'a> {
    /// The file for `api`.
    pub fn new(api: &'a Api) -> Self {
        let token_op = api.client.auth.as_ref().map(|a| a.operation).filter(|i| *i < api.operations.len());
        let serde = (!api.types.is_empty()).then_some(Item::SerdePrelude);
        let types = serde
            .into_iter()
            .chain((0..api.types.len()).map(Item::Type))
            .chain(
                api.operations.iter().enumerate().filter(|(_, op)| op.params.is_some()).map(|(i, _)| Item::Params(i)),
            )
            .collect();
        let mut sections = vec![
            Section {
                container: Container::Module { name: "types", doc: "Request and response types." },
                items: types,
            },
            Section { container: Container::Top, items: vec![Item::Client] },
            Section {
                container: Container::Impl { self_ty: api.client.name.clone() },
                items: (0..api.operations.len()).map(Item::Method).collect(),
            },
        ];
        if let Some(op) = token_op {
            sections.push(Section { container: Container::Top, items: vec![Item::TokenRequest(op)] });
        }
        File { api, sections }
    }

    /// The sections, in order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The tokens of `item`.
    pub fn item(&self, item: Item) -> TokenStream {
        let api = self.api;
        let token_op = api.client.auth.as_ref().map(|a| a.operation);
        match item {
            Item::SerdePrelude => {
                // Enums and records name serde's traits by path; the derives of the other types use the imports.
                let derived = || api.types.iter().filter(|def| types::derives_serde(def));
                let ser = derived().any(|def| def.serialize);
                let de = derived().any(|def| def.deserialize);
                match (ser, de) {
                    (true, true) => quote!(
                        use ::serde::{Deserialize, Serialize};
                    ),
                    (true, false) => quote!(
                        use ::serde::Serialize;
                    ),
                    (false, true) => quote!(
                        use ::serde::Deserialize;
                    ),
                    (false, false) => TokenStream::new(),
                }
            }
            Item::Type(i) => types::emit_type(api, &api.types[i]),
            Item::Params(i) => params::emit_params_struct(api, &api.operations[i]),
            Item::Client => client::emit_client(api),
            Item::Method(i) => methods::emit_method(api, &api.operations[i], token_op == Some(i)),
            Item::TokenRequest(i) => methods::emit_token_request(api, &api.operations[i]),
        }
    }

    /// The whole file's tokens.
    pub fn tokens(&self) -> TokenStream {
        self.sections
            .iter()
            .map(|section| section.container.wrap(section.items.iter().map(|&item| self.item(item)).collect()))
            .collect()
    }
}
