//! Identifier rules: how a name from a spec becomes a Rust identifier.
//!
//! Every name that reaches generated code goes through [`snake`] (fields, methods, parameters, modules) or
//! [`camel`] (types, enum variants), and then through a [`Scope`] that keeps identifiers unique within one
//! namespace. The results are always ASCII, so that rustc's `uncommon_codepoints`, `mixed_script_confusables`
//! and `confusable_idents` lints never fire, and they satisfy `non_snake_case` / `non_camel_case_types`.
//!
//! The rules, in order:
//! - Any character other than an ASCII letter or digit separates words; non-ASCII letters are dropped. A digit
//!   followed by an upper-case letter also starts a new word (`200Response` → `200_response`). Casing is `heck`'s.
//! - A name with no ASCII letter or digit at all (`이름`, `🎉`, `$`) is spelled from its code points:
//!   `u_c774_b984` / `UC774B984`. A name that is empty or only whitespace becomes `unnamed` / `Unnamed`.
//! - A leading digit gets a prefix: `_1st` in snake case, `N200Response` in camel case.
//! - A snake-case keyword becomes a raw identifier (`r#type`), except the ones that cannot be raw (`self`,
//!   `super`, `crate`, `Self`), which get a `_` suffix (`self_`). A camel-case `Self` becomes `SelfType`.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that Rust 2024 rejects as plain identifiers: strict and reserved keywords, plus `_`.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct",
    "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// Keywords that rustc refuses even as raw identifiers (`r#self` is an error).
const NOT_RAW: &[&str] = &["_", "crate", "self", "Self", "super"];

/// Returns true if `word` cannot be used as a plain identifier in Rust 2024 (strict and reserved keywords such
/// as `type`, `gen`, `try`, `self`, and `_`). Weak keywords like `union` or `default` are valid identifiers.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Converts a spec name into a `snake_case` identifier for fields, methods, parameters and modules.
pub fn snake(name: &str) -> String {
    let ident = match words(name) {
        Words::Empty => return "unnamed".to_owned(),
        Words::CodePoints(points) => {
            return points.iter().fold("u".to_owned(), |acc, p| format!("{acc}_{p:x}"));
        }
        Words::Ascii(text) => text.to_snake_case(),
    };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{ident}")
    } else if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if is_keyword(&ident) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Converts a spec name into an `UpperCamelCase` identifier for types and enum variants.
pub fn camel(name: &str) -> String {
    let ident = match words(name) {
        Words::Empty => return "Unnamed".to_owned(),
        Words::CodePoints(points) => return points.iter().fold("U".to_owned(), |acc, p| format!("{acc}{p:X}")),
        Words::Ascii(text) => text.to_upper_camel_case(),
    };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{ident}")
    } else if ident == "Self" {
        "SelfType".to_owned()
    } else {
        ident
    }
}

enum Words {
    Empty,
    CodePoints(Vec<u32>),
    /// ASCII letters and digits separated by spaces, ready for `heck`.
    Ascii(String),
}

fn words(name: &str) -> Words {
    let name = name.trim();
    if name.is_empty() {
        return Words::Empty;
    }
    if !name.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Words::CodePoints(name.chars().map(u32::from).collect());
    }
    let mut text = String::with_capacity(name.len());
    let mut prev = ' ';
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            text.push(' ');
        } else {
            // `heck` keeps `200Response` as one word; a person reads two.
            if prev.is_ascii_digit() && c.is_ascii_uppercase() {
                text.push(' ');
            }
            text.push(c);
        }
        prev = c;
    }
    Words::Ascii(text)
}

/// One namespace (a module's items, a struct's fields, an enum's variants) whose identifiers must be unique.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Names without any `r#` prefix: `r#union` and `union` are the same identifier.
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace in which `reserved` (for example `Client`, `Error`, `Result`) are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|name| unraw(name).to_owned()).collect() }
    }

    /// Takes `wanted` (an identifier from [`snake`] or [`camel`]) if it is free, or else the first free one of
    /// `wanted_2`, `wanted_3`, … for snake case (`self_2` after a trailing `_`) or `Wanted2`, `Wanted3`, … for
    /// camel case, dropping any `r#` since a suffixed name is never a keyword. Returns the identifier and
    /// whether it differs from `wanted`.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        let base = unraw(wanted);
        if self.taken.insert(base.to_owned()) {
            return (wanted.to_owned(), false);
        }
        let separator =
            if base.starts_with(|c: char| c.is_ascii_uppercase()) || base.ends_with('_') { "" } else { "_" };
        let mut n = 2u64;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }

    /// Returns true if `name` (with or without `r#`) is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }
}

fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_and_camel() {
        let cases = [
            // (input, snake, camel)
            ("type", "r#type", "Type"),
            ("match", "r#match", "Match"),
            ("ref", "r#ref", "Ref"),
            ("self", "self_", "SelfType"),
            ("Self", "self_", "SelfType"),
            ("super", "super_", "Super"),
            ("crate", "crate_", "Crate"),
            ("gen", "r#gen", "Gen"),
            ("async", "r#async", "Async"),
            ("try", "r#try", "Try"),
            ("union", "union", "Union"),
            ("@type", "r#type", "Type"),
            ("_", "u_5f", "U5F"),
            ("1st", "_1st", "N1st"),
            ("1", "_1", "N1"),
            ("200Response", "_200_response", "N200Response"),
            ("이름", "u_c774_b984", "UC774B984"),
            ("name이름", "name", "Name"),
            ("이름_id", "id", "Id"),
            ("🎉", "u_1f389", "U1F389"),
            ("$", "u_24", "U24"),
            ("$%", "u_24_25", "U2425"),
            ("", "unnamed", "Unnamed"),
            ("  ", "unnamed", "Unnamed"),
            ("foreigner_v2", "foreigner_v2", "ForeignerV2"),
            ("getToken", "get_token", "GetToken"),
            ("requestOTP", "request_otp", "RequestOtp"),
            ("HTTPServer", "http_server", "HttpServer"),
            ("imp_uid", "imp_uid", "ImpUid"),
            ("SKT_MVNO", "skt_mvno", "SktMvno"),
            ("X_API_KEY", "x_api_key", "XApiKey"),
            ("x-request-id", "x_request_id", "XRequestId"),
            ("a.b", "a_b", "AB"),
            ("PascalCase", "pascal_case", "PascalCase"),
            ("OAuth2Token", "o_auth2_token", "OAuth2Token"),
            ("page[size]", "page_size", "PageSize"),
            ("café", "caf", "Caf"),
        ];
        for (input, want_snake, want_camel) in cases {
            assert_eq!(snake(input), want_snake, "snake({input:?})");
            assert_eq!(camel(input), want_camel, "camel({input:?})");
        }
    }

    #[test]
    fn keywords() {
        for word in ["type", "gen", "dyn", "try", "yield", "self", "Self", "_"] {
            assert!(is_keyword(word), "{word}");
        }
        for word in ["union", "default", "raw", "safe", "Type", "macro_rules"] {
            assert!(!is_keyword(word), "{word}");
        }
    }

    #[test]
    fn scope_claims() {
        type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [(&'a str, bool)]);
        let cases: &[Case] = &[
            // (reserved, claims in order, expected results)
            (&[], &["FooBar", "FooBar"], &[("FooBar", false), ("FooBar2", true)]),
            (&[], &["a", "a", "a_2", "a"], &[("a", false), ("a_2", true), ("a_2_2", true), ("a_3", true)]),
            (&[], &["self_", "self_"], &[("self_", false), ("self_2", true)]),
            (&[], &["r#type", "r#type"], &[("r#type", false), ("type_2", true)]),
            (&[], &["union", "r#union"], &[("union", false), ("union_2", true)]),
            (
                &["Client", "Error", "Result"],
                &["Error", "Result", "Client2", "Client"],
                &[("Error2", true), ("Result2", true), ("Client2", false), ("Client3", true)],
            ),
        ];
        for (reserved, claims, expected) in cases {
            let mut scope = Scope::with_reserved(reserved);
            let got: Vec<(String, bool)> = claims.iter().map(|wanted| scope.claim(wanted)).collect();
            let expected: Vec<(String, bool)> = expected.iter().map(|(s, b)| (s.to_string(), *b)).collect();
            assert_eq!(got, expected, "reserved {reserved:?}, claims {claims:?}");
        }
        let mut scope = Scope::new();
        assert_eq!(scope.claim(&camel("FooBar")), ("FooBar".to_owned(), false));
        assert_eq!(scope.claim(&camel("foo_bar")), ("FooBar2".to_owned(), true));
        assert!(scope.contains("FooBar2") && !scope.contains("foo_bar"));
    }

    /// A valid, lint-clean identifier: optional `r#`, then `[A-Za-z_][A-Za-z0-9_]*`, not a bare keyword.
    fn check(ident: &str, camel_case: bool) -> Result<(), String> {
        let (raw, body) = match ident.strip_prefix("r#") {
            Some(body) => (true, body),
            None => (false, ident),
        };
        let mut chars = body.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') || body == "_" {
            return Err(format!("{ident:?} is not an identifier"));
        }
        if raw != is_keyword(body) || (raw && NOT_RAW.contains(&body)) {
            return Err(format!("{ident:?} has a wrong raw prefix or is a keyword"));
        }
        let lint_ok = if camel_case {
            body.starts_with(|c: char| c.is_ascii_uppercase()) && !body.contains('_')
        } else {
            !body.chars().any(|c| c.is_ascii_uppercase()) && !body.trim_matches('_').contains("__")
        };
        if lint_ok { Ok(()) } else { Err(format!("{ident:?} trips a case lint")) }
    }

    #[test]
    fn hostile_inputs_give_valid_identifiers() {
        let mut inputs: Vec<String> = [
            "",
            " ",
            "_",
            "__",
            "___x___",
            "-",
            "--",
            "9",
            "99 bottles",
            "_9",
            "r#type",
            "r#",
            "#",
            "a__b",
            "A__B",
            "__proto__",
            "x\u{0}y",
            "\u{200b}",
            "e\u{301}",
            "Ⅻ",
            "ǅungla",
            "ΑΒΓ",
            "İstanbul",
            "ﬃ",
            "😀😀",
            "a😀b",
            "1😀",
            "Self",
            "SELF",
            "self_",
            "r#self",
            "fn()",
            "<T>",
            "a::b",
            "a/b",
            "..",
            "%20",
            "\t\n",
            "1.0",
            "HTTP2",
            "v1.2.3-beta",
            "ÀB",
            "Straße",
            "ºC",
            "²",
            "٣",
            "१२",
            "SelfType",
            "N1",
            "u_24",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        inputs
            .extend(KEYWORDS.iter().flat_map(|k| [k.to_string(), k.to_uppercase(), format!("_{k}"), format!("{k}-")]));
        let mut scope_snake = Scope::new();
        let mut scope_camel = Scope::new();
        for input in &inputs {
            for (ident, camel_case) in [(snake(input), false), (camel(input), true)] {
                assert_eq!(check(&ident, camel_case), Ok(()), "from {input:?}");
            }
            for (ident, camel_case) in
                [(scope_snake.claim(&snake(input)).0, false), (scope_camel.claim(&camel(input)).0, true)]
            {
                assert_eq!(check(&ident, camel_case), Ok(()), "claimed from {input:?}");
            }
        }
    }
}
