//! Checks that generated code runs before a request is sent.
//!
//! Generated request types implement [`Validate`]; their `validate` calls
//! [`text`], [`number`] and [`items`] once per checked field, whatever the
//! field's shape (`T`, `Option<T>`, `Box<T>`): the [`AsText`], [`AsNumber`]
//! and [`AsItems`] traits look through it, so the generated code stays one
//! line a check. Error messages name the field and the rule, never the
//! value.

use std::collections::BTreeMap;
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

impl Text {
    /// Rules from their parts; `pattern` is compiled on first use.
    pub const fn new(
        min_length: Option<usize>,
        max_length: Option<usize>,
        pattern: Option<&'static str>,
        ignore: &'static str,
    ) -> Self {
        let pattern = match pattern {
            Some(source) => Some(Pattern::new(source)),
            None => None,
        };
        Text { min_length, max_length, pattern, ignore }
    }
}

/// A value that can be checked as text: a string, or an optional or boxed
/// one (`None` is not checked).
pub trait AsText {
    /// The text, if there is a value.
    fn as_text(&self) -> Option<&str>;
}

impl AsText for str {
    fn as_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl AsText for String {
    fn as_text(&self) -> Option<&str> {
        Some(self)
    }
}

/// A value that can be checked as a number.
pub trait AsNumber {
    /// The number, if there is a value.
    fn as_number(&self) -> Option<f64>;
}

macro_rules! as_number {
    ($($t:ty),*) => {$(
        impl AsNumber for $t {
            fn as_number(&self) -> Option<f64> {
                Some(*self as f64)
            }
        }
    )*};
}

as_number!(i32, i64, f32, f64);

/// A value that can be checked as a list of items.
pub trait AsItems {
    /// The number of items, if there is a value.
    fn item_count(&self) -> Option<usize>;
}

impl<T> AsItems for Vec<T> {
    fn item_count(&self) -> Option<usize> {
        Some(self.len())
    }
}

/// `&T`, `Box<T>` and `Option<T>` are checked as what they hold; `None`
/// is not checked.
macro_rules! through_containers {
    ($($trait:ident :: $method:ident -> $out:ty),*) => {$(
        impl<T: $trait + ?Sized> $trait for &T {
            fn $method(&self) -> Option<$out> {
                (**self).$method()
            }
        }

        impl<T: $trait + ?Sized> $trait for Box<T> {
            fn $method(&self) -> Option<$out> {
                (**self).$method()
            }
        }

        impl<T: $trait> $trait for Option<T> {
            fn $method(&self) -> Option<$out> {
                self.as_ref().and_then($trait::$method)
            }
        }
    )*};
}

through_containers!(AsText::as_text -> &str, AsNumber::as_number -> f64, AsItems::item_count -> usize);

/// A value with constraints the API documents, checked before it is sent.
/// Generated request types implement it; containers check what they hold.
pub trait Validate {
    /// Rejects the value, naming the field and the rule, if it breaks a
    /// documented constraint.
    fn validate(&self) -> Result<(), Error>;
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self) -> Result<(), Error> {
        (**self).validate()
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self) -> Result<(), Error> {
        (**self).validate()
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), Error> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), Error> {
        self.iter().try_for_each(Validate::validate)
    }
}

impl<K, T: Validate> Validate for BTreeMap<K, T> {
    fn validate(&self) -> Result<(), Error> {
        self.values().try_for_each(Validate::validate)
    }
}

/// Checks a text value against `rule` (nothing to check when it is `None`).
pub fn text<T: AsText + ?Sized>(field: &'static str, value: &T, rule: &Text) -> Result<(), Error> {
    match value.as_text() {
        Some(value) => check_text(field, value, rule),
        None => Ok(()),
    }
}

fn check_text(field: &'static str, value: &str, rule: &Text) -> Result<(), Error> {
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
pub fn number<T: AsNumber + ?Sized>(
    field: &'static str,
    value: &T,
    minimum: Option<f64>,
    maximum: Option<f64>,
) -> Result<(), Error> {
    let Some(value) = value.as_number() else { return Ok(()) };
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
pub fn items<T: AsItems + ?Sized>(
    field: &'static str,
    value: &T,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), Error> {
    let Some(len) = value.item_count() else { return Ok(()) };
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

    static BIRTH: Text = Text::new(None, None, Some(r"^(\d{6}|\d{8})$"), "-./ ");

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
        let rule = Text::new(Some(1), Some(3), None, "");
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
        assert!(number("n", &1.0, Some(1.0), Some(8.0)).is_ok());
        assert!(number("n", &9_i64, Some(1.0), Some(8.0)).is_err());
        assert!(number("n", &f64::NAN, Some(1.0), None).is_err());
        assert!(items("xs", &Vec::<u8>::new(), Some(1), None).is_err());
        assert!(items("xs", &vec![1, 2], None, Some(2)).is_ok());
    }

    #[test]
    fn absent_values_are_not_checked_and_present_ones_are() {
        let rule = Text::new(Some(2), None, None, "");
        assert!(text("a", &None::<String>, &rule).is_ok());
        assert!(text("a", &Some("x".to_owned()), &rule).is_err());
        assert!(text("a", &Box::new(String::from("xy")), &rule).is_ok());
        assert!(number("n", &None::<i32>, Some(1.0), None).is_ok());
        assert!(number("n", &Some(0_i32), Some(1.0), None).is_err());
        assert!(items("xs", &None::<Vec<u8>>, Some(1), None).is_ok());
    }

    struct Positive(i64);

    impl Validate for Positive {
        fn validate(&self) -> Result<(), Error> {
            number("n", &self.0, Some(1.0), None)
        }
    }

    #[test]
    fn containers_validate_what_they_hold() {
        assert!(Some(Positive(1)).validate().is_ok());
        assert!(None::<Positive>.validate().is_ok());
        assert!(vec![Positive(1), Positive(0)].validate().is_err());
        let map: BTreeMap<String, Positive> = [("a".to_owned(), Positive(0))].into();
        assert!(map.validate().is_err());
        assert!(Box::new(Positive(2)).validate().is_ok());
        assert!(Validate::validate(&&Positive(0)).is_err());
    }
}
