//! The kinds of change [`diff`](super::diff) reports, with their names in
//! the JSON report.

use serde::Serialize;

/// What changed. Serialized in `snake_case` (`field_added`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The client type got another name.
    ClientRenamed,
    /// The default base URL changed.
    BaseUrlChanged,
    /// A new operation: a new method.
    OperationAdded,
    /// An operation went away: its method is gone.
    OperationRemoved,
    /// The method of an operation has another name.
    OperationRenamed,
    /// Same operation, other HTTP method or path.
    RouteChanged,
    /// An operation or field was marked deprecated, or no longer is.
    DeprecationChanged,
    /// The operation now does (or no longer does) send the client's token.
    AuthChanged,
    /// A path, query or header parameter appeared.
    ParameterAdded,
    /// A path, query or header parameter went away.
    ParameterRemoved,
    /// Path parameters (positional method arguments) changed order.
    ParametersReordered,
    /// The operation now takes a request body.
    BodyAdded,
    /// The operation no longer takes a request body.
    BodyRemoved,
    /// The request body is sent in another encoding (JSON, form, …).
    BodyEncodingChanged,
    /// A struct field appeared.
    FieldAdded,
    /// A struct field went away.
    FieldRemoved,
    /// A field keeps its JSON name but has another Rust name.
    FieldRenamed,
    /// The Rust type gained or lost its `Option` (made optional, nullable,
    /// required or non-null).
    OptionalityChanged,
    /// The spec's `required` flag changed without changing the Rust type.
    RequiredChanged,
    /// A different Rust type (`i32` → `i64`, `String` → an enum, …).
    TypeChanged,
    /// A generated type has another name.
    TypeRenamed,
    /// An enum accepts another value.
    EnumValueAdded,
    /// An enum value went away.
    EnumValueRemoved,
    /// An enum value keeps its wire name but its variant has another name.
    EnumVariantRenamed,
    /// An enum now keeps unknown values (or no longer does).
    EnumOpennessChanged,
    /// A `oneOf`/`anyOf` has another member.
    UnionVariantAdded,
    /// A `oneOf`/`anyOf` member went away.
    UnionVariantRemoved,
    /// Checks run before sending (pattern, length, range) changed.
    RulesChanged,
    /// A documented error response appeared.
    ErrorAdded,
    /// A documented error response went away.
    ErrorRemoved,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 30] = [
        Kind::ClientRenamed,
        Kind::BaseUrlChanged,
        Kind::OperationAdded,
        Kind::OperationRemoved,
        Kind::OperationRenamed,
        Kind::RouteChanged,
        Kind::DeprecationChanged,
        Kind::AuthChanged,
        Kind::ParameterAdded,
        Kind::ParameterRemoved,
        Kind::ParametersReordered,
        Kind::BodyAdded,
        Kind::BodyRemoved,
        Kind::BodyEncodingChanged,
        Kind::FieldAdded,
        Kind::FieldRemoved,
        Kind::FieldRenamed,
        Kind::OptionalityChanged,
        Kind::RequiredChanged,
        Kind::TypeChanged,
        Kind::TypeRenamed,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::EnumVariantRenamed,
        Kind::EnumOpennessChanged,
        Kind::UnionVariantAdded,
        Kind::UnionVariantRemoved,
        Kind::RulesChanged,
        Kind::ErrorAdded,
        Kind::ErrorRemoved,
    ];

    /// The `snake_case` name used in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ClientRenamed => "client_renamed",
            Kind::BaseUrlChanged => "base_url_changed",
            Kind::OperationAdded => "operation_added",
            Kind::OperationRemoved => "operation_removed",
            Kind::OperationRenamed => "operation_renamed",
            Kind::RouteChanged => "route_changed",
            Kind::DeprecationChanged => "deprecation_changed",
            Kind::AuthChanged => "auth_changed",
            Kind::ParameterAdded => "parameter_added",
            Kind::ParameterRemoved => "parameter_removed",
            Kind::ParametersReordered => "parameters_reordered",
            Kind::BodyAdded => "body_added",
            Kind::BodyRemoved => "body_removed",
            Kind::BodyEncodingChanged => "body_encoding_changed",
            Kind::FieldAdded => "field_added",
            Kind::FieldRemoved => "field_removed",
            Kind::FieldRenamed => "field_renamed",
            Kind::OptionalityChanged => "optionality_changed",
            Kind::RequiredChanged => "required_changed",
            Kind::TypeChanged => "type_changed",
            Kind::TypeRenamed => "type_renamed",
            Kind::EnumValueAdded => "enum_value_added",
            Kind::EnumValueRemoved => "enum_value_removed",
            Kind::EnumVariantRenamed => "enum_variant_renamed",
            Kind::EnumOpennessChanged => "enum_openness_changed",
            Kind::UnionVariantAdded => "union_variant_added",
            Kind::UnionVariantRemoved => "union_variant_removed",
            Kind::RulesChanged => "rules_changed",
            Kind::ErrorAdded => "error_added",
            Kind::ErrorRemoved => "error_removed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_match_their_json() {
        for kind in Kind::ALL {
            let json = serde_json::to_value(kind).expect("kinds serialize");
            assert_eq!(json.as_str(), Some(kind.as_str()));
        }
    }
}
