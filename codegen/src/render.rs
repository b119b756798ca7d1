//! Render stage: the emitted file → formatted source with an `@generated`
//! header.
//!
//! Items are formatted one by one (syn + prettyplease) and joined with a
//! blank line between them, in the containers emit put them in; modules
//! and `impl` blocks get the same treatment inside. Formatting is most of
//! the cost of generating and the items are independent, so [`render_api`]
//! formats them on every core; the text is the same as [`render`] of the
//! whole file's tokens (a test checks it).

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::TokenStream;

use crate::emit::file::{Container, File};
use crate::ir::Api;
use crate::parallel;

/// Formats `tokens` as a Rust file generated from `source`.
pub fn render(tokens: TokenStream, source: &str) -> Result<String, String> {
    Ok(format!("{}{}", header(source), format_items(parse(tokens)?.items, &top)?.join("\n")))
}

/// The generated file for `api`, its items formatted in parallel.
pub fn render_api(api: &Api, source: &str) -> Result<String, String> {
    let file = File::new(api);
    let jobs: Vec<(usize, usize)> = file
        .sections()
        .iter()
        .enumerate()
        .flat_map(|(s, section)| (0..section.items.len()).map(move |i| (s, i)))
        .collect();
    let formatted = parallel::map(&jobs, |&(s, i)| {
        let section = &file.sections()[s];
        catch_unwind(AssertUnwindSafe(|| format_in(&section.container, file.item(section.items[i]))))
            .unwrap_or_else(|_| Err("the formatter failed on the generated code".into()))
    });
    let mut formatted = formatted.into_iter();
    let mut sections = Vec::with_capacity(file.sections().len());
    for section in file.sections() {
        let mut parts = Vec::new();
        for _ in &section.items {
            parts.extend(formatted.next().ok_or("an item was not formatted")??);
        }
        sections.push(match &section.container {
            Container::Top => parts.join("\n"),
            container => {
                let shell = top(&mut vec![only(container.wrap(TokenStream::new()))?]).ok_or(UNEXPECTED)?;
                join(&shell, &parts).ok_or(UNEXPECTED)?
            }
        });
    }
    Ok(format!("{}{}", header(source), sections.join("\n")))
}

const UNEXPECTED: &str = "the formatter printed a generated container in an unexpected way";

/// The items of `tokens`, which emit puts in `container`, each formatted
/// as it reads there.
fn format_in(container: &Container, tokens: TokenStream) -> Result<Vec<String>, String> {
    let wrapped = container.wrap(tokens);
    if *container == Container::Top {
        return format_items(parse(wrapped)?.items, &top);
    }
    let mut slot = vec![only(wrapped)?];
    open(&mut slot, &top).map(|(_, parts)| parts).ok_or_else(|| UNEXPECTED.into())
}

/// Top-level items, each formatted on its own.
fn format_items(items: Vec<syn::Item>, place: Place<'_>) -> Result<Vec<String>, String> {
    items.into_iter().map(|item| format_item(&mut vec![item], place).ok_or_else(|| UNEXPECTED.to_owned())).collect()
}

/// Formats the one item in a slot where it sits: the text of that item in
/// its place (at its indentation), without what surrounds it; `None` when
/// a container around it was printed in a way [`strip`] does not expect.
/// The item is left in the slot.
type Place<'a> = &'a dyn Fn(&mut Vec<syn::Item>) -> Option<String>;

/// An item at the top of the file.
fn top(slot: &mut Vec<syn::Item>) -> Option<String> {
    let file = syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: std::mem::take(slot) };
    let text = prettyplease::unparse(&file);
    *slot = file.items;
    Some(text)
}

/// The item in `slot` formatted where `place` puts it, the items of a
/// module or `impl` block a blank line apart.
fn format_item(slot: &mut Vec<syn::Item>, place: Place<'_>) -> Option<String> {
    if let Some((shell, parts)) = open(slot, place) {
        return join(&shell, &parts);
    }
    let text = place(slot)?;
    match slot.first() {
        Some(syn::Item::Macro(item)) => Some(table(&item.mac, &text).unwrap_or(text)),
        _ => Some(text),
    }
}

/// The widest line a table packs its entries into.
const WIDTH: usize = 100;

/// A macro call whose last argument is a braced table of entries, as the
/// runtime's `record_impls!(Name, ser de { field: "wire" mode, … })` takes,
/// printed with each entry whole: on one line when it fits, else with the
/// entries packed into lines of at most [`WIDTH`] columns (prettyplease
/// fills a macro's tokens like prose, splitting entries). `text` is the
/// call as prettyplease printed it, for its path and indentation; `None`
/// for any other macro call.
fn table(mac: &syn::Macro, text: &str) -> Option<String> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut trees: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
    let Some(TokenTree::Group(body)) = trees.pop() else { return None };
    if body.delimiter() != Delimiter::Brace || trees.is_empty() {
        return None;
    }
    let indent = &text[..text.len() - text.trim_start().len()];
    let path = text.trim_start().split_once('!')?.0;
    let head = compact(trees.into_iter().collect());
    let mut entries = Vec::new();
    let mut entry = TokenStream::new();
    for tree in body.stream() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == ',' => entries.push(compact(std::mem::take(&mut entry))),
            tree => entry.extend([tree]),
        }
    }
    if !entry.is_empty() {
        entries.push(compact(entry));
    }
    let body = if entries.is_empty() { "{}".to_owned() } else { format!("{{ {} }}", entries.join(", ")) };
    let one_line = format!("{indent}{path}!({head} {body});");
    if entries.is_empty() || one_line.len() <= WIDTH {
        return Some(one_line + "\n");
    }
    let inner = format!("{indent}    ");
    let mut lines = vec![format!("{indent}{path}!({head} {{")];
    let mut line = String::new();
    for entry in entries {
        if !line.is_empty() && inner.len() + line.len() + 1 + entry.len() + 1 > WIDTH {
            lines.push(format!("{inner}{}", std::mem::take(&mut line)));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&entry);
        line.push(',');
    }
    lines.push(format!("{inner}{line}"));
    lines.push(format!("{indent}}});"));
    Some(lines.join("\n") + "\n")
}

/// Tokens printed as a person writes them: a space between words, none
/// before `,` or `:` nor around `::`, and a parenthesised group right after
/// what it follows (`default(String::from("KRW"))`).
fn compact(tokens: TokenStream) -> String {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    let mut out = String::new();
    let mut space = false;
    let mut in_path = false;
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                out.push(',');
                space = true;
            }
            TokenTree::Punct(p) if p.as_char() == ':' => {
                out.push(':');
                let opens_path = p.spacing() == Spacing::Joint;
                space = !opens_path && !in_path;
                in_path = opens_path;
            }
            TokenTree::Punct(p) => {
                if space {
                    out.push(' ');
                }
                // A minus that opens a group is a sign: `default(-1)`.
                let sign = p.as_char() == '-' && out.is_empty();
                out.push(p.as_char());
                space = p.spacing() == Spacing::Alone && !sign;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                if space && group.delimiter() != Delimiter::Parenthesis {
                    out.push(' ');
                }
                out.push_str(open);
                out.push_str(&compact(group.stream()));
                out.push_str(close);
                space = true;
            }
            word => {
                if space {
                    out.push(' ');
                }
                out.push_str(&word.to_string());
                space = true;
            }
        }
    }
    out
}

/// When the item in `slot` is a module with inline items or an `impl`
/// block: its text with no items (`… {}`) and its items, each formatted
/// inside it. `None` for other items, and for a container that was printed
/// in a way [`strip`] does not expect. The item is left as it was.
fn open(slot: &mut Vec<syn::Item>, place: Place<'_>) -> Option<(String, Vec<String>)> {
    if let Some(held) = mod_items(slot) {
        let mut items = std::mem::take(held);
        let shell = place(slot);
        let frame = RefCell::new(std::mem::take(slot));
        let parts = shell.as_deref().and_then(|shell| {
            let inside = |inner: &mut Vec<syn::Item>| {
                let mut frame = frame.borrow_mut();
                let held = mod_items(&mut frame)?;
                std::mem::swap(held, inner);
                let text = place(&mut frame);
                if let Some(held) = mod_items(&mut frame) {
                    std::mem::swap(held, inner);
                }
                strip(shell, &text?)
            };
            items
                .iter_mut()
                .map(|item| {
                    let mut one = vec![std::mem::replace(item, syn::Item::Verbatim(TokenStream::new()))];
                    let text = format_item(&mut one, &inside);
                    if let Some(back) = one.pop() {
                        *item = back;
                    }
                    text
                })
                .collect::<Option<Vec<_>>>()
        });
        *slot = frame.into_inner();
        if let Some(held) = mod_items(slot) {
            *held = items;
        }
        return shell.zip(parts);
    }
    let mut items = std::mem::take(impl_items(slot)?);
    let shell = place(slot);
    let parts = shell.as_deref().and_then(|shell| {
        items
            .iter_mut()
            .map(|item| {
                let held = impl_items(slot)?;
                held.push(std::mem::replace(item, syn::ImplItem::Verbatim(TokenStream::new())));
                let text = place(slot);
                if let Some(back) = impl_items(slot).and_then(Vec::pop) {
                    *item = back;
                }
                strip(shell, &text?)
            })
            .collect::<Option<Vec<_>>>()
    });
    if let Some(held) = impl_items(slot) {
        *held = items;
    }
    shell.zip(parts)
}

/// The items of the module in `slot`, if it is one with inline items.
fn mod_items(slot: &mut [syn::Item]) -> Option<&mut Vec<syn::Item>> {
    match slot.first_mut() {
        Some(syn::Item::Mod(syn::ItemMod { content: Some((_, items)), .. })) => Some(items),
        _ => None,
    }
}

/// The items of the `impl` block in `slot`, if it is one.
fn impl_items(slot: &mut [syn::Item]) -> Option<&mut Vec<syn::ImplItem>> {
    match slot.first_mut() {
        Some(syn::Item::Impl(block)) => Some(&mut block.items),
        _ => None,
    }
}

/// The opening (`… {` and a newline) and closing (`}` at the opening's
/// indentation) of a container whose empty text is `shell`.
fn ends(shell: &str) -> Option<(String, String)> {
    let head = shell.strip_suffix("{}\n")?;
    let last = head.rsplit('\n').next().unwrap_or(head);
    let indent = &last[..last.len() - last.trim_start().len()];
    Some((format!("{head}{{\n"), format!("{indent}}}\n")))
}

/// The item of a container formatted with only it, without the container.
fn strip(shell: &str, text: &str) -> Option<String> {
    let (open, close) = ends(shell)?;
    text.strip_prefix(open.as_str())?.strip_suffix(close.as_str()).map(str::to_owned)
}

/// A container with its formatted items, a blank line apart.
fn join(shell: &str, parts: &[String]) -> Option<String> {
    if parts.is_empty() {
        return Some(shell.to_owned());
    }
    let (open, close) = ends(shell)?;
    Some(format!("{open}{}{close}", parts.join("\n")))
}

fn parse(tokens: TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("the generated code does not parse: {e}"))
}

/// The one item `tokens` hold.
fn only(tokens: TokenStream) -> Result<syn::Item, String> {
    let mut items = parse(tokens)?.items.into_iter();
    match (items.next(), items.next()) {
        (Some(item), None) => Ok(item),
        _ => Err("a generated container is not one item".into()),
    }
}

fn header(source: &str) -> String {
    format!(
        "// @generated by codegen {} from `{}`.\n// Do not edit: change the spec or the codegen config and rebuild.\n\n",
        env!("CARGO_PKG_VERSION"),
        source.replace('\\', "/"),
    )
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn renders_with_header() {
        let out = super::render(
            quote!(
                pub struct A;
            ),
            "spec\\x.yaml",
        )
        .unwrap();
        assert!(out.starts_with("// @generated by codegen "), "{out}");
        assert!(out.contains("from `spec/x.yaml`"));
        assert!(out.ends_with("pub struct A;\n"), "{out}");
    }

    #[test]
    fn tables_keep_each_entry_whole() {
        let out = super::render(
            quote! {
                m!(Empty, ser de {});
                m!(Short, - de { a: "{  }, b" required, n: "n" default(-1) });
                m!(Long, ser - {
                    alpha_field: "alphaField" required, beta_field: "betaField" optional,
                    gamma_field: "gammaField" nullable, delta_field: "deltaField" default(String::from("x")),
                });
            },
            "x.yaml",
        )
        .unwrap();
        let body = out.split_once("\n\n").unwrap().1;
        let expected = r#"m!(Empty, ser de {});

m!(Short, - de { a: "{  }, b" required, n: "n" default(-1) });

m!(Long, ser - {
    alpha_field: "alphaField" required, beta_field: "betaField" optional,
    gamma_field: "gammaField" nullable, delta_field: "deltaField" default(String::from("x")),
});
"#;
        assert_eq!(body, expected);
    }

    #[test]
    fn items_are_a_blank_line_apart_at_every_level() {
        let out = super::render(
            quote! {
                /// Docs.
                pub mod types {
                    pub struct A;
                    impl A {
                        pub fn a() {}
                        pub fn b() {
                            let x = 1;
                            let y = x;
                        }
                    }
                    pub mod empty {}
                }
                impl B {}
                pub struct B;
            },
            "x.yaml",
        )
        .unwrap();
        let body = out.split_once("\n\n").unwrap().1;
        let expected = "/// Docs.
pub mod types {
    pub struct A;

    impl A {
        pub fn a() {}

        pub fn b() {
            let x = 1;
            let y = x;
        }
    }

    pub mod empty {}
}

impl B {}

pub struct B;
";
        assert_eq!(body, expected);
    }
}
