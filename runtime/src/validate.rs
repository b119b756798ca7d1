//! Checks that generated `validate()` methods run before a request is sent.
//! Error messages name the field and the rule, never the value.

use std::sync::OnceLock;

use regex_lite::Regex;

use crate::Error;

/// A regular expression, compiled on first use and then kept.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// A pattern from its source text.
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, compiled: OnceLock::new() }
    }

    /// The source text.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `text` matches; `None` if the pattern does not compile (the
    /// generator checks patterns, so this does not happen in generated code).
    fn is_match(&self, text: &str) -> Option<bool> {
        self.compiled.get_or_init(|| Regex::new(self.source).ok()).as_ref().map(|re| re.is_match(text))
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

/// Rules for a string value.
#[derive(Debug)]
pub struct Text {
    /// Minimum length in characters (after `ignore` is applied).
    pub min_length: Option<usize>,
    /// Maximum length in characters (after `ignore` is applied).
    pub max_length: Option<usize>,
    /// A pattern the value must match (after `ignore` is applied).
    pub pattern: Option<Pattern>,
    /// Characters removed before checking, because the server removes them
    /// too (separators in dates and phone numbers).
    pub ignore: &'static str,
}

/// Checks a string value against `rule`.
pub fn text(field: &'static str, value: &str, rule: &Text) -> Result<(), Error> {
    let stripped: std::borrow::Cow<'_, str> = if rule.ignore.is_empty() {
        value.into()
    } else {
        value.chars().filter(|c| !rule.ignore.contains(*c)).collect::<String>().into()
    };
    let length = stripped.chars().count();
    if rule.min_length.is_some_and(|min| min >= 1) && stripped.trim().is_empty() {
        // A value of spaces passes a length check but means "missing" to a server.
        return Err(Error::invalid(field, "must not be empty or blank"));
    }
    if let Some(min) = rule.min_length
        && length < min
    {
        let reason =
            if min == 1 { "must not be empty".to_owned() } else { format!("must be at least {min} characters long") };
        return Err(Error::invalid(field, reason));
    }
    if let Some(max) = rule.max_length
        && length > max
    {
        return Err(Error::invalid(field, format!("must be at most {max} characters long")));
    }
    if let Some(pattern) = &rule.pattern {
        match pattern.is_match(&stripped) {
            Some(true) => {}
            Some(false) => {
                return Err(Error::invalid(field, format!("does not match the pattern `{}`", pattern.source())));
            }
            None => return Err(Error::invalid(field, format!("the pattern `{}` is not valid", pattern.source()))),
        }
    }
    Ok(())
}

/// Checks that a number lies within inclusive bounds.
pub fn number(field: &'static str, value: f64, minimum: Option<f64>, maximum: Option<f64>) -> Result<(), Error> {
    if value.is_nan() {
        return Err(Error::invalid(field, "must be a number"));
    }
    if let Some(min) = minimum
        && value < min
    {
        return Err(Error::invalid(field, format!("must be at least {min}")));
    }
    if let Some(max) = maximum
        && value > max
    {
        return Err(Error::invalid(field, format!("must be at most {max}")));
    }
    Ok(())
}

/// Checks the number of items of an array.
pub fn items(field: &'static str, len: usize, min: Option<usize>, max: Option<usize>) -> Result<(), Error> {
    if let Some(min) = min
        && len < min
    {
        return Err(Error::invalid(field, format!("must have at least {min} items")));
    }
    if let Some(max) = max
        && len > max
    {
        return Err(Error::invalid(field, format!("must have at most {max} items")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    static BIRTH: Text =
        Text { min_length: None, max_length: None, pattern: Some(Pattern::new(r"^(\d{6}|\d{8})$")), ignore: "-./ " };

    #[test]
    fn text_rules() {
        let cases: &[(&str, bool)] = &[
            ("900101", true),
            ("19900101", true),
            ("1990-01-01", true),
            ("90.01.01", true),
            ("9001011", false),
            ("90010", false),
            ("", false),
            ("abcdef", false),
        ];
        for (value, ok) in cases {
            assert_eq!(text("birth", value, &BIRTH).is_ok(), *ok, "{value:?}");
        }
        let err = text("birth", "홍길동", &BIRTH).unwrap_err().to_string();
        assert!(!err.contains("홍길동"), "{err}");
        assert!(err.contains("birth"), "{err}");
    }

    #[test]
    fn lengths_count_characters() {
        let rule = Text { min_length: Some(1), max_length: Some(3), pattern: None, ignore: "" };
        assert!(text("name", "가나다", &rule).is_ok());
        assert!(text("name", "가나다라", &rule).is_err());
        assert_eq!(
            text("name", "", &rule).unwrap_err().to_string(),
            "invalid input for `name`: must not be empty or blank"
        );
        assert!(text("name", "   ", &rule).is_err());
    }

    #[test]
    fn bounds() {
        assert!(number("n", 1.0, Some(1.0), Some(8.0)).is_ok());
        assert!(number("n", 9.0, Some(1.0), Some(8.0)).is_err());
        assert!(number("n", f64::NAN, Some(1.0), None).is_err());
        assert!(items("xs", 0, Some(1), None).is_err());
        assert!(items("xs", 2, None, Some(2)).is_ok());
    }
}
