//! Serde for generated records (structs of named fields), written from a
//! field table by [`record_impls!`](crate::__record) instead of serde's
//! derives: the same wire format and the same errors, at a fraction of the
//! derives' cost to the compiler. Each record gets one small `serialize`
//! and one small `visit_map`; the work per field is a call into the
//! functions here.
//!
//! A field's mode says how it travels:
//!
//! | mode | sending | reading an absent field |
//! | --- | --- | --- |
//! | `required` | always | an error (`None` for an `Option`, as serde reads it) |
//! | `optional` | left out when `None` | `None`; `null` is `None` too |
//! | `nullable` | left out when `None` | `None`; `null` is `Some(None)` |
//! | `default(value)` | always | `value` |

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct};

/// `Serialize` and `Deserialize`, as asked, for a generated record from
/// its field table: each field, its wire name and its mode (see the module
/// docs of `record`):
///
/// ```text
/// record_impls!(Payment, ser de {
///     id: "id" required, amount: "amount" optional, note: "note" nullable,
///     paid: "paid" default(false), currency: "currency" default(String::from("KRW")),
/// });
/// ```
///
/// The directions are `ser` or `-` then `de` or `-`. A record is sent as a
/// struct and read from a map (a JSON object); keys it does not know are
/// skipped, and a key given twice is an error.
#[doc(hidden)]
#[macro_export]
macro_rules! __record {
    ($name:ident, $ser:tt $de:tt { $( $field:ident : $wire:literal $mode:ident $(($default:expr))? ),* $(,)? }) => {
        $crate::__record!(@ser $ser $name { $( $field $wire $mode ),* });
        $crate::__record!(@de $de $name { $( $field $wire $mode $(($default))? ),* });
    };
    (@ser ser $name:ident { $( $field:ident $wire:literal $mode:ident ),* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                let len = 0 $( + $crate::__private::record::len::$mode(&self.$field) )*;
                #[allow(unused_mut)] // a record of no fields
                let mut record = ::serde::Serializer::serialize_struct(serializer, stringify!($name), len)?;
                $( $crate::__private::record::put::$mode(&mut record, $wire, &self.$field)?; )*
                ::serde::ser::SerializeStruct::end(record)
            }
        }
    };
    (@ser - $($rest:tt)*) => {};
    (@de de $name:ident { $( $field:ident $wire:literal $mode:ident $(($default:expr))? ),* }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                const __FIELDS: &[&str] = &[$($wire),*];
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::core::result::Result<$name, __A::Error> {
                        $( let mut $field = ::core::option::Option::None; )*
                        while let ::core::option::Option::Some(key) =
                            ::serde::de::MapAccess::next_key_seed(&mut map, $crate::__private::record::Key(__FIELDS))?
                        {
                            match key {
                                $( ::core::option::Option::Some($wire) =>
                                    $crate::__private::record::fill(&mut map, &mut $field, $wire)?, )*
                                _ => $crate::__private::record::skip(&mut map)?,
                            }
                        }
                        $crate::__private::record::finish(|| {
                            ::core::result::Result::Ok($name {
                                $( $field: $crate::__private::record::take::$mode($field, $wire $(, || $default)?)?, )*
                            })
                        })
                    }
                }
                ::serde::Deserializer::deserialize_struct(deserializer, stringify!($name), __FIELDS, __Visitor)
            }
        }
    };
    (@de - $($rest:tt)*) => {};
}

/// Reads a map key: the wire name in the table it equals, `None` for a key
/// that is not a field (a field's index, as serde's derive reads it from
/// formats that send indices).
pub struct Key(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|field| *field == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|field| field.as_bytes() == key))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(index).ok().and_then(|i| self.0.get(i)).copied())
    }
}

/// Reads the value of `field` into `slot`; a second value for the same
/// field is an error, as with serde's derive.
pub fn fill<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    field: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(field));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key that is not a field.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// A required field that was absent, by its wire name.
#[derive(Debug)]
pub struct Missing(&'static str);

/// Builds the record once every key was read: an absent required field is
/// serde's `missing field` error.
pub fn finish<T, E: de::Error>(build: impl FnOnce() -> Result<T, Missing>) -> Result<T, E> {
    build().map_err(|Missing(field)| E::missing_field(field))
}

/// How each mode reads a field from what the map held: `None` when the key
/// was absent.
pub mod take {
    use super::{Deserialize, Missing};

    /// The value, or what the type reads from nothing (`None` for an
    /// `Option`, as serde's derive has it), or [`Missing`].
    pub fn required<'de, T: Deserialize<'de>>(slot: Option<T>, field: &'static str) -> Result<T, Missing> {
        match slot {
            Some(value) => Ok(value),
            None => T::deserialize(super::Absent).map_err(|_| Missing(field)),
        }
    }

    /// `None` when absent or `null`.
    pub fn optional<T>(slot: Option<Option<T>>, _: &'static str) -> Result<Option<T>, Missing> {
        Ok(slot.flatten())
    }

    /// `None` when absent, `Some(None)` for `null`.
    pub fn nullable<T>(slot: Option<Option<T>>, _: &'static str) -> Result<Option<Option<T>>, Missing> {
        Ok(slot)
    }

    /// The default `value()` when absent.
    pub fn default<T>(slot: Option<T>, _: &'static str, value: impl FnOnce() -> T) -> Result<T, Missing> {
        Ok(slot.unwrap_or_else(value))
    }
}

/// How many struct fields each mode sends (for `serialize_struct`).
pub mod len {
    /// Always sent.
    pub fn required<T>(_: &T) -> usize {
        1
    }

    /// Sent when `Some`.
    pub fn optional<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }

    /// Sent when `Some` (`Some(None)` sends `null`).
    pub fn nullable<T>(value: &Option<T>) -> usize {
        optional(value)
    }

    /// Always sent.
    pub fn default<T>(value: &T) -> usize {
        required(value)
    }
}

/// How each mode sends a field.
pub mod put {
    use super::{Serialize, SerializeStruct};

    /// Always sent.
    pub fn required<S: SerializeStruct, T: Serialize + ?Sized>(
        record: &mut S,
        field: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        record.serialize_field(field, value)
    }

    /// Left out when `None`.
    pub fn optional<S: SerializeStruct, T: Serialize>(
        record: &mut S,
        field: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(_) => record.serialize_field(field, value),
            None => record.skip_field(field),
        }
    }

    /// Left out when `None`; `Some(None)` sends `null`.
    pub fn nullable<S: SerializeStruct, T: Serialize>(
        record: &mut S,
        field: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        optional(record, field, value)
    }

    /// Always sent.
    pub fn default<S: SerializeStruct, T: Serialize>(
        record: &mut S,
        field: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        required(record, field, value)
    }
}

/// The deserializer of an absent field: `None` for an `Option`, an error
/// for anything else (the caller words it).
struct Absent;

impl<'de> Deserializer<'de> for Absent {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("absent"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq)]
    struct Payment {
        id: String,
        r#type: Option<String>,
        amount: Option<i64>,
        note: Option<Option<String>>,
        paid: bool,
        currency: String,
        tags: Vec<String>,
    }

    crate::__record!(Payment, ser de {
        id: "id" required, r#type: "type" required, amount: "amount" optional, note: "note" nullable,
        paid: "paid" default(false), currency: "currency" default(String::from("KRW")), tags: "tagList" required,
    });

    /// The same record through serde's derives: the reference.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Derived {
        id: String,
        r#type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none", default, deserialize_with = "crate::de::nullable")]
        note: Option<Option<String>>,
        #[serde(default)]
        paid: bool,
        #[serde(default = "default_currency")]
        currency: String,
        #[serde(rename = "tagList")]
        tags: Vec<String>,
    }

    impl From<Derived> for Payment {
        fn from(d: Derived) -> Self {
            let Derived { id, r#type, amount, note, paid, currency, tags } = d;
            Payment { id, r#type, amount, note, paid, currency, tags }
        }
    }

    /// Reads `text` both ways, through the path-tracking deserializer the
    /// client uses; the results, or the errors and their paths, agree.
    fn read(text: &str) -> Result<Payment, String> {
        fn tracked<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
            let mut json = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize(&mut json).map_err(|e| format!("{}: {}", e.path(), e.inner()))
        }
        let ours = tracked::<Payment>(text);
        let derived =
            tracked::<Derived>(text).map(Payment::from).map_err(|e| e.replace("struct Derived", "struct Payment"));
        assert_eq!(ours, derived, "{text}");
        ours
    }

    fn default_currency() -> String {
        "KRW".into()
    }

    #[test]
    fn reads_as_the_derive_does() {
        let full = r#"{"id":"p1","type":"card","amount":100,"note":"hi","paid":true,"currency":"USD","tagList":["a"]}"#;
        let payment = read(full).unwrap();
        assert_eq!(payment.amount, Some(100));
        assert_eq!(payment.note, Some(Some("hi".into())));
        let least = read(r#"{"id":"p2","tagList":[]}"#).unwrap();
        assert_eq!((least.r#type, least.amount, least.note), (None, None, None));
        assert_eq!((least.paid, least.currency.as_str()), (false, "KRW"));
        assert_eq!(read(r#"{"id":"p3","tagList":[],"note":null,"amount":null}"#).unwrap().note, Some(None));
        // Unknown keys are skipped, escaped keys found.
        assert_eq!(read(r#"{"id":"p4","t\u0061gList":[],"extra":{"deep":[1,2]}}"#).unwrap().id, "p4");
        // Errors: missing, duplicate, wrong type (with its path), not an object.
        assert!(read(r#"{"id":"p5"}"#).unwrap_err().contains("missing field `tagList`"));
        assert!(read(r#"{"id":"p6","id":"p7","tagList":[]}"#).unwrap_err().contains("duplicate field `id`"));
        let wrong = read(r#"{"id":"p8","tagList":[1]}"#).unwrap_err();
        assert!(wrong.starts_with("tagList[0]: invalid type: integer `1`, expected a string"), "{wrong}");
        assert!(read(r#""p9""#).unwrap_err().contains("expected struct Payment"));
        assert!(read(r#"{"id":null,"tagList":[]}"#).is_err());
    }

    #[test]
    fn writes_as_the_derive_does() {
        let payment = Payment {
            id: "p1".into(),
            r#type: None,
            amount: None,
            note: Some(None),
            paid: false,
            currency: "KRW".into(),
            tags: vec!["a".into()],
        };
        let derived = Derived {
            id: "p1".into(),
            r#type: None,
            amount: None,
            note: Some(None),
            paid: false,
            currency: "KRW".into(),
            tags: vec!["a".into()],
        };
        let ours = serde_json::to_string(&payment).unwrap();
        assert_eq!(ours, serde_json::to_string(&derived).unwrap());
        assert_eq!(ours, r#"{"id":"p1","type":null,"note":null,"paid":false,"currency":"KRW","tagList":["a"]}"#);
        let back: Payment = serde_json::from_str(&ours).unwrap();
        assert_eq!(back, payment);
        let none = Payment { note: None, amount: Some(5), ..payment };
        assert_eq!(serde_json::to_value(&none).unwrap()["amount"], json!(5));
        assert!(serde_json::to_value(&none).unwrap().get("note").is_none());
    }

    #[derive(Debug, PartialEq)]
    struct Empty {}

    crate::__record!(Empty, ser de {});

    #[derive(Debug, PartialEq)]
    struct OnlySent {
        n: i64,
    }

    crate::__record!(OnlySent, ser - { n: "n" required });

    #[test]
    fn empty_records_and_one_direction() {
        assert_eq!(serde_json::from_str::<Empty>(r#"{"a":1}"#).unwrap(), Empty {});
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
        assert_eq!(serde_json::to_string(&OnlySent { n: 1 }).unwrap(), r#"{"n":1}"#);
    }
}
