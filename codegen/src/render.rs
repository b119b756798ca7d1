//! Render stage: the IR's items → formatted source with an `@generated`
//! header.
//!
//! Formatting (syn + prettyplease) is most of the cost of generating, and
//! the items of the file are independent, so the items are formatted in
//! chunks on every core and joined in order: the text is the same as
//! formatting the whole file at once (a test checks it).

use std::fmt::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::ident;
use crate::emit::items::{Container, Items, types_prelude};
use crate::ir::Api;
use crate::parallel;

/// Formats `tokens` as a Rust file generated from `source`.
pub fn render(tokens: TokenStream, source: &str) -> Result<String, String> {
    Ok(format!("{}{}", header(source), format_file(tokens)?))
}

/// The generated file for `api`, formatted in parallel.
pub fn render_api(api: &Api, source: &str) -> Result<String, String> {
    let items = Items::new(api);
    // A few ranges of consecutive items per thread: each run of items in one container is formatted as a unit.
    let chunk = items.len().div_ceil(parallel::threads() * 4).max(1);
    let ranges: Vec<(usize, usize)> =
        (0..items.len()).step_by(chunk).map(|s| (s, (s + chunk).min(items.len()))).collect();
    let formatted = parallel::map(&ranges, |&(start, end)| {
        catch_unwind(AssertUnwindSafe(|| format_range(api, start, end)))
            .unwrap_or_else(|_| Err("the formatter failed on the generated code".into()))
    });
    let mut parts: Vec<(Container, String)> = Vec::new();
    for chunk in formatted {
        parts.extend(chunk?);
    }
    Ok(format!("{}{}", header(source), assemble(api, &items, parts)?))
}

/// Formats items `start..end`, each run of items in one container as a unit.
fn format_range(api: &Api, start: usize, end: usize) -> Result<Vec<(Container, String)>, String> {
    let items = Items::new(api);
    let mut out = Vec::new();
    let mut run: Option<(Container, TokenStream)> = None;
    for index in start..end {
        let (container, tokens) = items.get(index);
        match &mut run {
            Some((current, collected)) if *current == container => collected.extend(tokens),
            _ => {
                if let Some((container, collected)) = run.take() {
                    out.push((container, format_in(&items, container, collected)?));
                }
                run = Some((container, tokens));
            }
        }
    }
    if let Some((container, collected)) = run {
        out.push((container, format_in(&items, container, collected)?));
    }
    Ok(out)
}

/// Formats `tokens` as they would be inside `container`: wrapped in it, then
/// unwrapped, so that indentation and line breaks are those of the file.
fn format_in(items: &Items<'_>, container: Container, tokens: TokenStream) -> Result<String, String> {
    let wrapped = match container {
        Container::Top => return format_file(tokens),
        Container::Types => quote!(mod types { #tokens }),
        Container::ClientImpl => {
            let client = ident(items.client());
            quote!(impl #client { #tokens })
        }
    };
    let text = format_file(wrapped)?;
    let inner = text.split_once('\n').map_or("", |(_, rest)| rest);
    Ok(inner.strip_suffix("}\n").unwrap_or(inner).to_owned())
}

/// Joins the formatted parts inside their containers, as prettyplease
/// would print the whole file.
fn assemble(api: &Api, items: &Items<'_>, parts: Vec<(Container, String)>) -> Result<String, String> {
    let mut types = String::new();
    let mut before = String::new();
    let mut methods = String::new();
    let mut after = String::new();
    let mut seen_methods = false;
    for (container, text) in parts {
        match container {
            Container::Types => types.push_str(&text),
            Container::ClientImpl => {
                seen_methods = true;
                methods.push_str(&text);
            }
            Container::Top if seen_methods => after.push_str(&text),
            Container::Top => before.push_str(&text),
        }
    }
    let prelude = types_prelude(api);
    let prelude = if prelude.is_empty() { String::new() } else { format_in(items, Container::Types, prelude)? };
    let mut out = String::with_capacity(types.len() + before.len() + methods.len() + after.len() + 256);
    out.push_str("/// Request and response types.\n");
    if types.is_empty() && prelude.is_empty() {
        out.push_str("pub mod types {}\n");
    } else {
        let _ = write!(out, "pub mod types {{\n{prelude}{types}}}\n");
    }
    out.push_str(&before);
    let client = items.client();
    if methods.is_empty() {
        let _ = writeln!(out, "impl {} {{}}", ident(client));
    } else {
        let _ = write!(out, "impl {} {{\n{methods}}}\n", ident(client));
    }
    out.push_str(&after);
    Ok(out)
}

fn format_file(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("the generated code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
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
}
