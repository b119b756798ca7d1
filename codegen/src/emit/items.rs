//! The generated file as a list of items, each of which can be emitted on
//! its own: render formats them in chunks on several threads (tokens are
//! not `Send`, so each thread emits its own from the shared IR).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{client, ident, methods, types, validate};
use crate::ir::Api;

/// What an item sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// At the top of the file.
    Top,
    /// Inside `pub mod types`.
    Types,
    /// Inside `impl Client`.
    ClientImpl,
}

/// The items of the generated file, in order.
pub struct Items<'a> {
    api: &'a Api,
    validating: BTreeSet<&'a str>,
    /// Operations that have a parameter struct.
    params: Vec<usize>,
    token_op: Option<usize>,
}

impl<'a> Items<'a> {
    /// The items for `api`.
    pub fn new(api: &'a Api) -> Self {
        Items {
            api,
            validating: types::validating_types(api),
            params: api.operations.iter().enumerate().filter(|(_, op)| op.params.is_some()).map(|(i, _)| i).collect(),
            token_op: api.client.auth.as_ref().map(|a| a.operation).filter(|i| *i < api.operations.len()),
        }
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.api.types.len() + self.params.len() + 1 + self.api.operations.len() + usize::from(self.token_op.is_some())
    }

    /// The client's type name.
    pub fn client(&self) -> &str {
        &self.api.client.name
    }

    /// Item `index`: where it sits and its tokens.
    pub fn get(&self, index: usize) -> (Container, TokenStream) {
        let api = self.api;
        let validating = |name: &str| self.validating.contains(name);
        let types = api.types.len();
        let params = types + self.params.len();
        let ops = params + 1 + api.operations.len();
        match index {
            i if i < types => (Container::Types, types::emit_type(api, &api.types[i], &validating)),
            i if i < params => {
                let op = &api.operations[self.params[i - types]];
                (Container::Types, validate::emit_params_struct(api, op, &validating).unwrap_or_default())
            }
            i if i == params => (Container::Top, client::emit_client(api)),
            i if i < ops => {
                let op_index = i - params - 1;
                (
                    Container::ClientImpl,
                    methods::emit_method(api, &api.operations[op_index], Some(op_index) == self.token_op),
                )
            }
            _ => match self.token_op {
                Some(op) => (Container::Top, methods::emit_token_request(api, &api.operations[op])),
                None => (Container::Top, TokenStream::new()),
            },
        }
    }

    /// The whole file's tokens.
    pub fn all(&self) -> TokenStream {
        let mut types = TokenStream::new();
        let mut top_before = TokenStream::new();
        let mut methods = TokenStream::new();
        let mut top_after = TokenStream::new();
        for index in 0..self.len() {
            match self.get(index) {
                (Container::Types, item) => types.extend(item),
                (Container::ClientImpl, item) => methods.extend(item),
                (Container::Top, item) if methods.is_empty() => top_before.extend(item),
                (Container::Top, item) => top_after.extend(item),
            }
        }
        let serde = types_prelude(self.api);
        let client = ident(self.client());
        quote! {
            /// Request and response types.
            pub mod types {
                #serde
                #types
            }
            #top_before
            impl #client {
                #methods
            }
            #top_after
        }
    }
}

/// What the `types` module starts with: the serde derives are imported so
/// that derive lists fit on one line (the names are reserved, so no
/// generated type takes them).
pub fn types_prelude(api: &Api) -> TokenStream {
    if api.types.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            use ::serde::{Deserialize, Serialize};
        )
    }
}
