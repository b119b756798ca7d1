//! One uniform view of a schema. `openapiv3` splits schemas into typed
//! variants plus an `Any` catch-all for unusual combinations (a string with
//! `minimum`, an object without `type`); lowering should not care which.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

/// Properties of an object schema.
pub type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// A schema, seen by what it means.
pub struct View<'a> {
    pub data: &'a SchemaData,
    pub kind: Kind<'a>,
}

/// What a schema describes.
pub enum Kind<'a> {
    String(Scalar<'a>),
    Integer(Scalar<'a>),
    Number(Scalar<'a>),
    Boolean,
    Object(Object<'a>),
    Array {
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        min_items: Option<usize>,
        max_items: Option<usize>,
    },
    OneOf(&'a [ReferenceOr<Schema>]),
    AnyOf(&'a [ReferenceOr<Schema>]),
    /// Members, plus properties written beside `allOf` in the same schema.
    AllOf(&'a [ReferenceOr<Schema>], Option<Object<'a>>),
    /// `not`, or a `type` this generator does not know: anything goes.
    Any,
    /// A `type` that is not one of OpenAPI's.
    UnknownType(&'a str),
}

/// Facets of strings and numbers.
#[derive(Default)]
pub struct Scalar<'a> {
    pub format: Option<&'a str>,
    pub enumeration: Vec<Value>,
    pub pattern: Option<&'a str>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// Whether `minimum` itself is excluded.
    pub exclusive_minimum: bool,
    /// Whether `maximum` itself is excluded.
    pub exclusive_maximum: bool,
}

/// Facets of objects.
#[derive(Clone, Copy)]
pub struct Object<'a> {
    pub properties: &'a Properties,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
}

fn format_of<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>, known: fn(&T) -> &'static str) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known(item)),
        VariantOrUnknownOrEmpty::Unknown(text) => Some(text),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn values<T: Into<Value> + Clone>(items: &[Option<T>]) -> Vec<Value> {
    items.iter().map(|v| v.clone().map_or(Value::Null, Into::into)).collect()
}

/// Looks at `schema`.
pub fn view(schema: &Schema) -> View<'_> {
    let kind = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Kind::String(Scalar {
            format: format_of(&s.format, |f| match f {
                openapiv3::StringFormat::Date => "date",
                openapiv3::StringFormat::DateTime => "date-time",
                openapiv3::StringFormat::Password => "password",
                openapiv3::StringFormat::Byte => "byte",
                openapiv3::StringFormat::Binary => "binary",
            }),
            enumeration: values(&s.enumeration),
            pattern: s.pattern.as_deref(),
            min_length: s.min_length,
            max_length: s.max_length,
            ..Scalar::default()
        }),
        SchemaKind::Type(Type::Integer(i)) => Kind::Integer(Scalar {
            format: format_of(&i.format, |f| match f {
                openapiv3::IntegerFormat::Int32 => "int32",
                openapiv3::IntegerFormat::Int64 => "int64",
            }),
            enumeration: values(&i.enumeration),
            minimum: i.minimum.map(|v| v as f64),
            maximum: i.maximum.map(|v| v as f64),
            exclusive_minimum: i.exclusive_minimum,
            exclusive_maximum: i.exclusive_maximum,
            ..Scalar::default()
        }),
        SchemaKind::Type(Type::Number(n)) => Kind::Number(Scalar {
            format: format_of(&n.format, |f| match f {
                openapiv3::NumberFormat::Float => "float",
                openapiv3::NumberFormat::Double => "double",
            }),
            enumeration: n.enumeration.iter().map(|v| v.map_or(Value::Null, Value::from)).collect(),
            minimum: n.minimum,
            maximum: n.maximum,
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            ..Scalar::default()
        }),
        SchemaKind::Type(Type::Boolean(_)) => Kind::Boolean,
        SchemaKind::Type(Type::Object(o)) => Kind::Object(Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Type(Type::Array(a)) => {
            Kind::Array { items: a.items.as_ref(), min_items: a.min_items, max_items: a.max_items }
        }
        SchemaKind::OneOf { one_of } => Kind::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Kind::AnyOf(any_of),
        SchemaKind::AllOf { all_of } => Kind::AllOf(all_of, None),
        SchemaKind::Not { .. } => Kind::Any,
        SchemaKind::Any(any) => any_kind(any),
    };
    View { data: &schema.schema_data, kind }
}

/// The reference that a described reference stands for, with its index
/// among the `allOf` members: an `allOf` with exactly one member that is a
/// `$ref`, every other member only annotating (`{description: …}`,
/// `{nullable: true}`) and nothing written beside them. That is how OpenAPI
/// 3.0 adds a description or `nullable` to a reference, and what the loader
/// makes of a `$ref` written with a description beside it.
pub fn described_ref(schema: &Schema) -> Option<(usize, &str)> {
    let Kind::AllOf(members, None) = view(schema).kind else { return None };
    let mut typed = members.iter().enumerate().filter(|(_, m)| !is_annotation(m));
    match (typed.next(), typed.next()) {
        (Some((i, ReferenceOr::Reference { reference })), None) => Some((i, reference)),
        _ => None,
    }
}

/// Whether an `allOf` member only annotates: an inline schema with a
/// description, `nullable` or an example, but nothing that describes a value.
pub fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. })
        if *any == openapiv3::AnySchema::default())
}

fn any_kind(any: &openapiv3::AnySchema) -> Kind<'_> {
    let object =
        Object { properties: &any.properties, required: &any.required, additional: any.additional_properties.as_ref() };
    let has_object = !any.properties.is_empty() || any.additional_properties.is_some();
    if !any.all_of.is_empty() {
        return Kind::AllOf(&any.all_of, has_object.then_some(object));
    }
    if !any.one_of.is_empty() {
        return Kind::OneOf(&any.one_of);
    }
    if !any.any_of.is_empty() {
        return Kind::AnyOf(&any.any_of);
    }
    let scalar = || Scalar {
        format: any.format.as_deref(),
        enumeration: any.enumeration.clone(),
        pattern: any.pattern.as_deref(),
        min_length: any.min_length,
        max_length: any.max_length,
        minimum: any.minimum,
        maximum: any.maximum,
        exclusive_minimum: any.exclusive_minimum.unwrap_or_default(),
        exclusive_maximum: any.exclusive_maximum.unwrap_or_default(),
    };
    match any.typ.as_deref() {
        Some("string") => Kind::String(scalar()),
        Some("integer") => Kind::Integer(scalar()),
        Some("number") => Kind::Number(scalar()),
        Some("boolean") => Kind::Boolean,
        Some("object") => Kind::Object(object),
        Some("array") => Kind::Array { items: any.items.as_ref(), min_items: any.min_items, max_items: any.max_items },
        Some(other) => Kind::UnknownType(other),
        // No `type`: the shape says what it is.
        None if has_object => Kind::Object(object),
        None if any.items.is_some() => {
            Kind::Array { items: any.items.as_ref(), min_items: any.min_items, max_items: any.max_items }
        }
        None if !any.enumeration.is_empty() && any.enumeration.iter().all(Value::is_string) => Kind::String(scalar()),
        None => Kind::Any,
    }
}
