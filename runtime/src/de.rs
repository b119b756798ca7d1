//! Deserialisation helpers for generated types whose shape serde's derives
//! cannot express on their own.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

/// Reads a `oneOf` with a discriminator: the value of the `tag` property
/// picks the member, which is then read from the whole object (tag
/// included, since member types usually declare it as a field). `choose`
/// maps a tag value to the member's reader. A value it does not know is
/// kept with the whole object as `unknown(Unrecognized)` for an open union
/// (a client built from an older document meets members added since), and
/// is an error for a closed one (`unknown` is `None`).
pub fn tagged<'de, D, T>(
    deserializer: D,
    tag: &'static str,
    choose: impl FnOnce(&str) -> Option<fn(Value) -> Result<T, serde_json::Error>>,
    unknown: Option<fn(Unrecognized) -> T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    let name = match value.get(tag) {
        Some(Value::String(name)) => name.clone(),
        Some(_) => return Err(D::Error::custom(format!("`{tag}` is not a string"))),
        None => return Err(D::Error::custom(format!("missing field `{tag}`"))),
    };
    match (choose(&name), unknown) {
        (Some(read), _) => read(value).map_err(D::Error::custom),
        (None, Some(unknown)) => Ok(unknown(Unrecognized { tag: name, value })),
        (None, None) => Err(D::Error::custom(format!("unknown `{tag}` value `{name}`"))),
    }
}

/// A member of an open discriminated union that this client does not know:
/// the tag it came with and the object as received. Its `Debug` form shows
/// the tag and the object's field names, never their values (they may be
/// personal data); it serialises back to the object as received.
#[derive(Clone, PartialEq)]
pub struct Unrecognized {
    tag: String,
    value: Value,
}

impl Unrecognized {
    /// The discriminator's value.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The object as received, tag included.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Decodes the object as `T` (a type from a newer document, say).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.value)
    }
}

impl std::fmt::Debug for Unrecognized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: Vec<&str> =
            self.value.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        f.debug_struct("Unrecognized").field("tag", &self.tag).field("fields", &fields).finish()
    }
}

impl serde::Serialize for Unrecognized {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Reads an optional, nullable field as `Option<Option<T>>`: with
/// `#[serde(default)]`, an absent field is `None`, `null` is `Some(None)`
/// and a value is `Some(Some(value))`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Reads a string enum: `read` maps a wire value to its variant (every
/// value, for an open enum); a value it does not know is an error naming
/// the values of `table`, as serde's derive words it. Strings are read
/// without copying where the format allows.
pub fn str_enum<'de, D, T>(
    deserializer: D,
    table: &'static [(T, &'static str)],
    read: fn(&str) -> Option<T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(StrEnum { read, table })
}

/// A generated string enum's table of variants and their wire values
/// (`WIRE`), its `as_str` and, as asked, `Serialize` and `Deserialize`:
///
/// ```text
/// str_enum_impls!(Kind, open, ser de { Card = "card", Transfer = "transfer" });
/// ```
///
/// `open` enums have an `Unknown(String)` variant that keeps values the
/// table does not list; `closed` ones reject them. The directions are `ser`
/// or `-` then `de` or `-`. It expands to what serde's derives would do for
/// such an enum, at a fraction of their cost to the compiler.
#[doc(hidden)]
#[macro_export]
macro_rules! __str_enum {
    ($name:ident, open, $ser:tt $de:tt { $( $variant:ident = $wire:literal ),* $(,)? }) => {
        $crate::__str_enum!(@wire $name { $( $variant = $wire ),* });
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(value) => value,
                    known => $crate::__private::wire_of(Self::WIRE, known),
                }
            }
        }
        $crate::__str_enum!(@ser $ser $name);
        $crate::__str_enum!(@de $de $name, |value| {
            ::core::option::Option::Some(
                $crate::__private::variant_of(Self::WIRE, value)
                    .unwrap_or_else(|| Self::Unknown(::std::borrow::ToOwned::to_owned(value))),
            )
        });
    };
    ($name:ident, closed, $ser:tt $de:tt { $( $variant:ident = $wire:literal ),* $(,)? }) => {
        $crate::__str_enum!(@wire $name { $( $variant = $wire ),* });
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                $crate::__private::wire_of(Self::WIRE, self)
            }
        }
        $crate::__str_enum!(@ser $ser $name);
        $crate::__str_enum!(@de $de $name, |value| $crate::__private::variant_of(Self::WIRE, value));
    };
    (@wire $name:ident { $( $variant:ident = $wire:literal ),* }) => {
        impl $name {
            /// Each variant and its value on the wire.
            const WIRE: &'static [(Self, &'static str)] = &[$( (Self::$variant, $wire) ),*];
        }
    };
    (@ser ser $name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    (@ser - $name:ident) => {};
    (@de de $name:ident, $read:expr) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::str_enum(deserializer, Self::WIRE, $read)
            }
        }
    };
    (@de - $name:ident, $read:expr) => {};
}

/// The wire value of `variant` in `table` (every variant is listed).
pub fn wire_of<T: PartialEq>(table: &'static [(T, &'static str)], variant: &T) -> &'static str {
    table.iter().find(|(known, _)| known == variant).map_or("", |(_, wire)| wire)
}

/// The variant whose wire value is `value`, if `table` lists one.
pub fn variant_of<T: Clone>(table: &[(T, &'static str)], value: &str) -> Option<T> {
    table.iter().find(|(_, wire)| *wire == value).map(|(variant, _)| variant.clone())
}

/// The visitor of [`str_enum`].
struct StrEnum<T: 'static> {
    read: fn(&str) -> Option<T>,
    table: &'static [(T, &'static str)],
}

impl<'de, T> serde::de::Visitor<'de> for StrEnum<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        (self.read)(value).ok_or_else(|| {
            let expected: Vec<&str> = self.table.iter().map(|(_, wire)| *wire).collect();
            E::custom(format_args!("unknown variant `{value}`, expected {}", one_of(&expected)))
        })
    }
}

/// `a`, `a` or `b`, `one of a, b, c`, as serde words it.
fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing".to_owned(),
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        many => format!("one of {}", many.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// Reads an integer enum's value as `i64`, for generated `Deserialize`
/// impls that then match it against the known values.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    i64::deserialize(deserializer)
}

/// The error for an integer no variant of a closed enum has.
pub fn unknown_integer<E: serde::de::Error>(value: i64, type_name: &str) -> E {
    E::custom(format!("{value} is not a known `{type_name}` value"))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Cat {
        kind: String,
        lives: u8,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Dog {
        kind: String,
    }

    #[derive(Debug, PartialEq)]
    enum Pet {
        Cat(Cat),
        Dog(Dog),
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::tagged(
                deserializer,
                "kind",
                |tag| match tag {
                    "cat" => Some(|value| serde_json::from_value(value).map(Pet::Cat)),
                    "dog" => Some(|value| serde_json::from_value(value).map(Pet::Dog)),
                    _ => None,
                },
                None,
            )
        }
    }

    #[test]
    fn tags_pick_members_that_keep_the_tag_field() {
        let cat: Pet = serde_json::from_value(json!({"kind": "cat", "lives": 9})).unwrap();
        assert_eq!(cat, Pet::Cat(Cat { kind: "cat".into(), lives: 9 }));
        // A dog has no `lives`, but the tag decides; the shape alone would not.
        let dog: Pet = serde_json::from_value(json!({"kind": "dog", "lives": 9})).unwrap();
        assert_eq!(dog, Pet::Dog(Dog { kind: "dog".into() }));
        let err = serde_json::from_value::<Pet>(json!({"kind": "eel"})).unwrap_err();
        assert!(err.to_string().contains("unknown `kind` value `eel`"), "{err}");
        let err = serde_json::from_value::<Pet>(json!({"lives": 1})).unwrap_err();
        assert!(err.to_string().contains("missing field `kind`"), "{err}");
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "super::nullable")]
        note: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let read = |v| serde_json::from_value::<Patch>(v).unwrap().note;
        assert_eq!(read(json!({})), None);
        assert_eq!(read(json!({"note": null})), Some(None));
        assert_eq!(read(json!({"note": "x"})), Some(Some("x".into())));
    }

    #[derive(Debug, PartialEq)]
    enum OpenPet {
        Dog(Dog),
        Unknown(super::Unrecognized),
    }

    impl<'de> Deserialize<'de> for OpenPet {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::tagged(
                deserializer,
                "kind",
                |tag| match tag {
                    "dog" => Some(|value| serde_json::from_value(value).map(OpenPet::Dog)),
                    _ => None,
                },
                Some(OpenPet::Unknown),
            )
        }
    }

    #[test]
    fn open_unions_keep_unknown_members_without_showing_their_values() {
        let dog: OpenPet = serde_json::from_value(json!({"kind": "dog"})).unwrap();
        assert_eq!(dog, OpenPet::Dog(Dog { kind: "dog".into() }));
        let eel: OpenPet = serde_json::from_value(json!({"kind": "eel", "owner": "홍길동"})).unwrap();
        let OpenPet::Unknown(member) = &eel else { panic!("{eel:?}") };
        assert_eq!(member.tag(), "eel");
        assert_eq!(member.json::<serde_json::Value>().unwrap()["owner"], json!("홍길동"));
        let shown = format!("{eel:?}");
        assert!(shown.contains("eel") && shown.contains("owner") && !shown.contains("홍길동"), "{shown}");
        assert_eq!(serde_json::to_value(member).unwrap(), json!({"kind": "eel", "owner": "홍길동"}));
        // No tag, or a tag that is not a string, is still an error.
        assert!(serde_json::from_value::<OpenPet>(json!({"name": "x"})).is_err());
        assert!(serde_json::from_value::<OpenPet>(json!({"kind": 3})).is_err());
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Size {
        Small,
        Large,
        Unknown(String),
    }

    const SIZES: &[(Size, &str)] = &[(Size::Small, "small"), (Size::Large, "large")];

    fn closed(json: &str) -> Result<Size, serde_json::Error> {
        super::str_enum(&mut serde_json::Deserializer::from_str(json), SIZES, |value| super::variant_of(SIZES, value))
    }

    fn open(json: &str) -> Result<Size, serde_json::Error> {
        super::str_enum(&mut serde_json::Deserializer::from_str(json), SIZES, |value| {
            Some(super::variant_of(SIZES, value).unwrap_or_else(|| Size::Unknown(value.to_owned())))
        })
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Closed {
        Yes,
        No,
    }

    crate::__str_enum!(Closed, closed, ser de { Yes = "yes", No = "no" });

    #[derive(Debug, Clone, PartialEq)]
    enum Open {
        Up,
        Unknown(String),
    }

    crate::__str_enum!(Open, open, -de { Up = "up" });

    #[test]
    fn the_macro_writes_as_str_and_the_asked_directions() {
        assert_eq!((Closed::Yes.as_str(), Open::Up.as_str()), ("yes", "up"));
        assert_eq!(serde_json::to_value(Closed::No).unwrap(), json!("no"));
        assert_eq!(serde_json::from_value::<Closed>(json!("yes")).unwrap(), Closed::Yes);
        assert!(serde_json::from_value::<Closed>(json!("maybe")).is_err());
        assert_eq!(serde_json::from_value::<Open>(json!("down")).unwrap(), Open::Unknown("down".into()));
        assert_eq!(Open::Unknown("down".into()).as_str(), "down");
    }

    #[test]
    fn string_enums_read_their_values() {
        assert_eq!(closed(r#""large""#).unwrap(), Size::Large);
        assert_eq!(closed(r#""l\u0061rge""#).unwrap(), Size::Large, "escaped strings too");
        let err = closed(r#""huge""#).unwrap_err().to_string();
        assert!(err.starts_with("unknown variant `huge`, expected `small` or `large`"), "{err}");
        assert!(closed("1").is_err() && closed("null").is_err());
        assert_eq!(open(r#""small""#).unwrap(), Size::Small);
        assert_eq!(open(r#""huge""#).unwrap(), Size::Unknown("huge".into()));
        assert!(open("true").is_err());
    }
}
