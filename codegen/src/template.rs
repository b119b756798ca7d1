//! Path templates: `/certifications/{imp_uid}` split into literal text and named parameters.
//!
//! Braces always delimit a parameter; OpenAPI has no escape for a literal brace. A template must start with `/`,
//! every `{` needs a `}` before the next `{`, a parameter name must not be empty, and a name may appear only
//! once. Parameter names are kept exactly as written, since they must match the spec's `in: path` parameters.

use std::fmt;

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// Literal text and parameters in path order; two literals are never adjacent.
    pub parts: Vec<Part>,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text copied into the URL as written, such as `/files/`.
    Literal(String),
    /// The name between the braces of `{name}`.
    Param(String),
}

/// Why a path template was rejected. Columns count characters from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The path is empty or does not start with `/`.
    NotAbsolute,
    /// A `{` at this column has no matching `}`.
    Unclosed { column: usize },
    /// A `}` at this column has no `{` before it.
    UnmatchedClose { column: usize },
    /// The `{}` at this column has no parameter name.
    EmptyParam { column: usize },
    /// A `{` at this column appears inside another parameter.
    Nested { column: usize },
    /// The parameter `name` at this column already appeared earlier in the path.
    Duplicate { name: String, column: usize },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAbsolute => write!(f, "path template must start with `/`"),
            Self::Unclosed { column } => write!(f, "`{{` at column {column} of the path template is never closed"),
            Self::UnmatchedClose { column } => {
                write!(f, "`}}` at column {column} of the path template has no matching `{{`")
            }
            Self::EmptyParam { column } => {
                write!(f, "`{{}}` at column {column} of the path template names no parameter")
            }
            Self::Nested { column } => {
                write!(f, "`{{` at column {column} of the path template is inside another parameter")
            }
            Self::Duplicate { name, column } => {
                write!(f, "path parameter `{name}` appears a second time at column {column} of the path template")
            }
        }
    }
}

impl std::error::Error for TemplateError {}

/// Parses an OpenAPI path such as `/files/{name}.{ext}`.
pub fn parse(path: &str) -> Result<PathTemplate, TemplateError> {
    if !path.starts_with('/') {
        return Err(TemplateError::NotAbsolute);
    }
    let mut parts = Vec::new();
    let mut literal = String::new();
    // The column of the open `{` and the name collected since, while inside braces.
    let mut param: Option<(usize, String)> = None;
    for (index, c) in path.chars().enumerate() {
        let column = index + 1;
        match (c, param.take()) {
            ('{', None) => {
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                param = Some((column, String::new()));
            }
            ('{', Some(_)) => return Err(TemplateError::Nested { column }),
            ('}', None) => return Err(TemplateError::UnmatchedClose { column }),
            ('}', Some((open, name))) => {
                if name.is_empty() {
                    return Err(TemplateError::EmptyParam { column: open });
                }
                if parts.iter().any(|part| matches!(part, Part::Param(seen) if *seen == name)) {
                    return Err(TemplateError::Duplicate { name, column: open });
                }
                parts.push(Part::Param(name));
            }
            (c, Some((open, mut name))) => {
                name.push(c);
                param = Some((open, name));
            }
            (c, None) => literal.push(c),
        }
    }
    if let Some((column, _)) = param {
        return Err(TemplateError::Unclosed { column });
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Ok(PathTemplate { parts })
}

impl PathTemplate {
    /// The parameter names in path order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Param(name) => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// The template as the spec writes it (`/certifications/{imp_uid}`).
    pub fn as_written(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Param(name) => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                Part::Literal(text) => out.push_str(text),
            }
        }
        out
    }

    /// A `format!` string for the path: each parameter as `{}` (the caller passes percent-encoded values in
    /// [`params`](Self::params) order), and literal text percent-encoded where it is not valid in a URL path.
    /// Unreserved characters, sub-delimiters, `:`, `@`, `/` and existing `%XX` escapes are kept; everything else,
    /// braces included, becomes `%XX`, so no literal brace ever needs `{{` escaping.
    pub fn format_string(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Param(_) => out.push_str("{}"),
                Part::Literal(text) => encode_path(text, &mut out),
            }
        }
        out
    }
}

fn encode_path(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        let is_escape =
            byte == b'%' && bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if is_escape || byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> Part {
        Part::Literal(text.to_owned())
    }

    fn param(name: &str) -> Part {
        Part::Param(name.to_owned())
    }

    #[test]
    fn parses_templates() {
        let cases = [
            // (path, parts, format string)
            ("/", vec![lit("/")], "/"),
            ("/certifications/{imp_uid}", vec![lit("/certifications/"), param("imp_uid")], "/certifications/{}"),
            ("/files/{name}.{ext}", vec![lit("/files/"), param("name"), lit("."), param("ext")], "/files/{}.{}"),
            ("/a/{b}/c/{d}", vec![lit("/a/"), param("b"), lit("/c/"), param("d")], "/a/{}/c/{}"),
            ("/{a}{b}", vec![lit("/"), param("a"), param("b")], "/{}{}"),
            ("/x/{이름}", vec![lit("/x/"), param("이름")], "/x/{}"),
            ("/a b/100%", vec![lit("/a b/100%")], "/a%20b/100%25"),
            ("/a%2Fb/%zz/%4", vec![lit("/a%2Fb/%zz/%4")], "/a%2Fb/%25zz/%254"),
            ("/é?q#f", vec![lit("/é?q#f")], "/%C3%A9%3Fq%23f"),
            ("/v1:batch@x;y=1,2/~a_b-c.d", vec![lit("/v1:batch@x;y=1,2/~a_b-c.d")], "/v1:batch@x;y=1,2/~a_b-c.d"),
            ("/\"q\"\\{p}", vec![lit("/\"q\"\\"), param("p")], "/%22q%22%5C{}"),
        ];
        for (path, parts, format) in cases {
            let template = parse(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            assert_eq!(template.parts, parts, "{path:?}");
            assert_eq!(template.format_string(), format, "{path:?}");
        }
        let template = parse("/files/{name}.{ext}").expect("valid");
        assert_eq!(template.params().collect::<Vec<_>>(), ["name", "ext"]);
    }

    #[test]
    fn encodes_braces_in_hand_built_literals() {
        let template = PathTemplate { parts: vec![lit("/{x}"), param("y")] };
        assert_eq!(template.format_string(), "/%7Bx%7D{}");
    }

    #[test]
    fn rejects_bad_templates() {
        use TemplateError::*;
        let cases = [
            ("", NotAbsolute),
            ("users/{id}", NotAbsolute),
            ("/users/{id", Unclosed { column: 8 }),
            ("/users/{", Unclosed { column: 8 }),
            ("/users/id}", UnmatchedClose { column: 10 }),
            ("/{a}}", UnmatchedClose { column: 5 }),
            ("/users/{}", EmptyParam { column: 8 }),
            ("/{a{b}}", Nested { column: 4 }),
            ("/이름/{a", Unclosed { column: 5 }),
            ("/{id}/x/{id}", Duplicate { name: "id".to_owned(), column: 9 }),
        ];
        for (path, error) in cases {
            assert_eq!(parse(path), Err(error), "{path:?}");
        }
    }

    #[test]
    fn messages_are_clear() {
        let cases = [
            (TemplateError::NotAbsolute, "path template must start with `/`"),
            (TemplateError::Unclosed { column: 3 }, "`{` at column 3 of the path template is never closed"),
            (TemplateError::EmptyParam { column: 2 }, "`{}` at column 2 of the path template names no parameter"),
            (
                TemplateError::Duplicate { name: "id".to_owned(), column: 9 },
                "path parameter `id` appears a second time at column 9 of the path template",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message);
        }
    }
}
