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

/// Rules for a string value, built with named steps in a `static` (so that
/// a pattern is compiled once): `Text::new().min_length(1).pattern("^\\d+$")`.
#[derive(Debug)]
pub struct Text {
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<&'static str>,
    /// The pattern, compiled on first use; `None` inside if it does not
    /// compile (the generator checks patterns, so generated code's do).
    compiled: OnceLock<Option<Regex>>,
    ignore: &'static str,
}

impl Text {
    /// No rules yet.
    pub const fn new() -> Self {
        Text { min_length: None, max_length: None, pattern: None, compiled: OnceLock::new(), ignore: "" }
    }

    /// At least `n` characters (after [`ignoring`](Self::ignoring)).
    pub const fn min_length(mut self, n: usize) -> Self {
        self.min_length = Some(n);
        self
    }

    /// At most `n` characters (after [`ignoring`](Self::ignoring)).
    pub const fn max_length(mut self, n: usize) -> Self {
        self.max_length = Some(n);
        self
    }

    /// Must match the regular expression `source`, compiled on first use.
    pub const fn pattern(mut self, source: &'static str) -> Self {
        self.pattern = Some(source);
        self
    }

    /// Removes these characters before checking, because the server removes
    /// them too (separators in dates and phone numbers).
    pub const fn ignoring(mut self, chars: &'static str) -> Self {
        self.ignore = chars;
        self
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::new()
    }
}

/// Inclusive bounds for a number: `Number::new().minimum(1.0).maximum(8.0)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Number {
    minimum: Option<f64>,
    maximum: Option<f64>,
}

impl Number {
    /// No bounds yet.
    pub const fn new() -> Self {
        Number { minimum: None, maximum: None }
    }

    /// At least `n`.
    pub const fn minimum(mut self, n: f64) -> Self {
        self.minimum = Some(n);
        self
    }

    /// At most `n`.
    pub const fn maximum(mut self, n: f64) -> Self {
        self.maximum = Some(n);
        self
    }
}

/// Bounds on the number of items of a list: `Items::new().min_items(1)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Items {
    min_items: Option<usize>,
    max_items: Option<usize>,
}

impl Items {
    /// No bounds yet.
    pub const fn new() -> Self {
        Items { min_items: None, max_items: None }
    }

    /// At least `n` items.
    pub const fn min_items(mut self, n: usize) -> Self {
        self.min_items = Some(n);
        self
    }

    /// At most `n` items.
    pub const fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
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
    if let Some(pattern) = rule.pattern {
        match rule.compiled.get_or_init(|| Regex::new(pattern).ok()) {
            Some(regex) if regex.is_match(&stripped) => {}
            Some(_) => return Err(Error::invalid(field, format!("does not match the pattern `{pattern}`"))),
            None => return Err(Error::invalid(field, format!("the pattern `{pattern}` is not valid"))),
        }
    }
    Ok(())
}

/// Checks that a number lies within `rule`'s bounds (nothing to check
/// when it is `None`).
pub fn number<T: AsNumber + ?Sized>(field: &'static str, value: &T, rule: &Number) -> Result<(), Error> {
    let Some(value) = value.as_number() else { return Ok(()) };
    if value.is_nan() {
        return Err(Error::invalid(field, "must be a number"));
    }
    if let Some(min) = rule.minimum
        && value < min
    {
        return Err(Error::invalid(field, format!("must be at least {min}")));
    }
    if let Some(max) = rule.maximum
        && value > max
    {
        return Err(Error::invalid(field, format!("must be at most {max}")));
    }
    Ok(())
}

/// Checks the number of items of a list against `rule` (nothing to check
/// when it is `None`).
pub fn items<T: AsItems + ?Sized>(field: &'static str, value: &T, rule: &Items) -> Result<(), Error> {
    let Some(len) = value.item_count() else { return Ok(()) };
    if let Some(min) = rule.min_items
        && len < min
    {
        return Err(Error::invalid(field, format!("must have at least {min} items")));
    }
    if let Some(max) = rule.max_items
        && len > max
    {
        return Err(Error::invalid(field, format!("must have at most {max} items")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    static BIRTH: Text = Text::new().pattern(r"^(\d{6}|\d{8})$").ignoring("-./ ");

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
        let rule = Text::new().min_length(1).max_length(3);
        assert!(text("name", "가나다", &rule).is_ok());
        assert!(text("name", "가나다라", &rule).is_err());
        assert_eq!(
            text("name", "", &rule).unwrap_err().to_string(),
            "invalid input for `name`: must not be empty or blank"
        );
        assert!(text("name", "   ", &rule).is_err());
    }

    const ONE_TO_EIGHT: Number = Number::new().minimum(1.0).maximum(8.0);
    const POSITIVE: Number = Number::new().minimum(1.0);

    #[test]
    fn bounds() {
        assert!(number("n", &1.0, &ONE_TO_EIGHT).is_ok());
        assert!(number("n", &9_i64, &ONE_TO_EIGHT).is_err());
        assert!(number("n", &f64::NAN, &POSITIVE).is_err());
        assert!(items("xs", &Vec::<u8>::new(), &Items::new().min_items(1)).is_err());
        assert!(items("xs", &vec![1, 2], &Items::new().max_items(2)).is_ok());
    }

    #[test]
    fn absent_values_are_not_checked_and_present_ones_are() {
        let rule = Text::new().min_length(2);
        assert!(text("a", &None::<String>, &rule).is_ok());
        assert!(text("a", &Some("x".to_owned()), &rule).is_err());
        assert!(text("a", &Box::new(String::from("xy")), &rule).is_ok());
        assert!(number("n", &None::<i32>, &POSITIVE).is_ok());
        assert!(number("n", &Some(0_i32), &POSITIVE).is_err());
        assert!(items("xs", &None::<Vec<u8>>, &Items::new().min_items(1)).is_ok());
    }

    struct Positive(i64);

    impl Validate for Positive {
        fn validate(&self) -> Result<(), Error> {
            number("n", &self.0, &POSITIVE)
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
