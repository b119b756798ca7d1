//! The catalogue of changes: for each kind, whether it breaks and how it is
//! described. Walkers only say *what* they found; the classification rules
//! and the message texts live here, in one place (see the table in the
//! [module docs](super)).

use serde::Serialize;

use super::kind::Kind;

/// Which way data flows through a type: built by the caller and sent, or
/// received and read. The same change can break one side and not the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Side {
    /// Parameters and request bodies: the caller constructs these values.
    Request,
    /// Success payloads and typed error bodies: the caller reads these.
    Response,
}

/// One change to the generated client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: Kind,
    /// Whether code written and compiled against the old client can break:
    /// it no longer compiles against the new one, or the old client fails
    /// against the new API.
    pub breaking: bool,
    /// The operationId (or `METHOD /path`) of the affected operation; `None`
    /// for changes to the client as a whole.
    pub operation: Option<String>,
    /// Where in the operation: `request body .channel_key`,
    /// `response .items[].carrier`, `query parameter page`, `error 404 body .reason`.
    pub location: String,
    /// The old value (a Rust type, an enum value, a route…), when there was one.
    pub old: Option<String>,
    /// The new value, when there is one.
    pub new: Option<String>,
    /// One line for a human.
    pub message: String,
}

/// Builds changes for one operation (or the client as a whole).
#[derive(Debug, Clone, Copy)]
pub(super) struct At<'a> {
    pub operation: Option<&'a str>,
    pub location: &'a str,
}

impl At<'_> {
    fn change(self, kind: Kind, breaking: bool, old: Option<String>, new: Option<String>, message: String) -> Change {
        Change {
            kind,
            breaking,
            operation: self.operation.map(str::to_owned),
            location: self.location.trim().to_owned(),
            old,
            new,
            message,
        }
    }

    pub fn client_renamed(self, old: &str, new: &str) -> Change {
        let message = format!("client type renamed: `{old}` → `{new}`");
        self.change(Kind::ClientRenamed, true, Some(old.into()), Some(new.into()), message)
    }

    pub fn base_url_changed(self, old: &str, new: &str) -> Change {
        let shown = |url: &str| if url.is_empty() { "(none)".to_owned() } else { url.to_owned() };
        let message = format!("default base URL changed: {} → {}", shown(old), shown(new));
        self.change(Kind::BaseUrlChanged, false, Some(old.into()), Some(new.into()), message)
    }

    pub fn operation_added(self, method: &str, route: &str) -> Change {
        let message = format!("new operation `{route}`: method `{method}`");
        self.change(Kind::OperationAdded, false, None, Some(route.into()), message)
    }

    pub fn operation_removed(self, method: &str, route: &str) -> Change {
        let message = format!("operation `{route}` removed: method `{method}` is gone");
        self.change(Kind::OperationRemoved, true, Some(route.into()), None, message)
    }

    pub fn operation_renamed(self, old: &str, new: &str) -> Change {
        let message = format!("method renamed: `{old}` → `{new}`");
        self.change(Kind::OperationRenamed, true, Some(old.into()), Some(new.into()), message)
    }

    /// The client builds the URL: callers do not notice.
    pub fn route_changed(self, old: &str, new: &str) -> Change {
        let message = format!("route changed: `{old}` → `{new}`");
        self.change(Kind::RouteChanged, false, Some(old.into()), Some(new.into()), message)
    }

    pub fn deprecation_changed(self, now: bool) -> Change {
        let (old, new) = if now { ("current", "deprecated") } else { ("deprecated", "current") };
        let message = if now { "now deprecated" } else { "no longer deprecated" };
        self.change(Kind::DeprecationChanged, false, Some(old.into()), Some(new.into()), message.into())
    }

    pub fn auth_changed(self, now: bool) -> Change {
        let (old, new) = if now { ("public", "authenticated") } else { ("authenticated", "public") };
        let message = if now { "now sends the access token" } else { "no longer sends the access token" };
        self.change(Kind::AuthChanged, false, Some(old.into()), Some(new.into()), message.into())
    }

    /// Breaking always: a path parameter is a method argument, and a query or
    /// header parameter is a field of a parameter struct built with a literal.
    pub fn parameter_added(self, ty: String, required: bool) -> Change {
        let what = if required { "required" } else { "optional" };
        let message = format!("{what} parameter added: `{ty}`");
        self.change(Kind::ParameterAdded, true, None, Some(ty), message)
    }

    pub fn parameter_removed(self, ty: String) -> Change {
        let message = format!("parameter removed (was `{ty}`)");
        self.change(Kind::ParameterRemoved, true, Some(ty), None, message)
    }

    pub fn parameters_reordered(self, old: String, new: String) -> Change {
        let message = format!("path parameters reordered: ({old}) → ({new})");
        self.change(Kind::ParametersReordered, true, Some(old), Some(new), message)
    }

    pub fn body_added(self, ty: String) -> Change {
        let message = format!("now takes a request body: `{ty}`");
        self.change(Kind::BodyAdded, true, None, Some(ty), message)
    }

    pub fn body_removed(self, ty: String) -> Change {
        let message = format!("no longer takes a request body (was `{ty}`)");
        self.change(Kind::BodyRemoved, true, Some(ty), None, message)
    }

    pub fn body_encoding_changed(self, old: &str, new: &str) -> Change {
        let message = format!("sent as {new} instead of {old}");
        self.change(Kind::BodyEncodingChanged, false, Some(old.into()), Some(new.into()), message)
    }

    /// A request struct gains a field: `new(..)` gains an argument when it is
    /// required, and every struct literal must name it either way. Response
    /// structs are read, not built: a new field there breaks nothing.
    pub fn field_added(self, side: Side, ty: String, required: bool) -> Change {
        let what = if required { "required" } else { "optional" };
        let message = match side {
            Side::Request if required => format!("required field added: `{ty}` (`new(..)` takes it)"),
            Side::Request => format!("optional field added: `{ty}` (struct literals must name it)"),
            Side::Response => format!("{what} field added: `{ty}`"),
        };
        self.change(Kind::FieldAdded, side == Side::Request, None, Some(ty), message)
    }

    pub fn field_removed(self, ty: String, deprecated: bool) -> Change {
        let what = if deprecated { "deprecated field" } else { "field" };
        let message = format!("{what} removed (was `{ty}`)");
        self.change(Kind::FieldRemoved, true, Some(ty), None, message)
    }

    pub fn field_renamed(self, old: &str, new: &str) -> Change {
        let message = format!("Rust field renamed: `{old}` → `{new}`");
        self.change(Kind::FieldRenamed, true, Some(old.into()), Some(new.into()), message)
    }

    /// `T` ↔ `Option<T>`: every reader or writer of the value changes.
    pub fn optionality_changed(self, old: String, new: String, how: &str) -> Change {
        let message = format!("{how}: `{old}` → `{new}`");
        self.change(Kind::OptionalityChanged, true, Some(old), Some(new), message)
    }

    /// Only the spec's flag changed; the Rust type did not. A request value
    /// that becomes required breaks callers that leave it out.
    pub fn required_changed(self, side: Side, now_required: bool) -> Change {
        let (old, new) = if now_required { ("optional", "required") } else { ("required", "optional") };
        let breaking = side == Side::Request && now_required;
        let message = if breaking {
            "now required by the server (the Rust type stays an `Option`: callers must set it)".to_owned()
        } else {
            format!("now {new} in the spec (the Rust type is unchanged)")
        };
        self.change(Kind::RequiredChanged, breaking, Some(old.into()), Some(new.into()), message)
    }

    /// `old_kind` and `new_kind` say what a named type is (`enum`), or are empty.
    pub fn type_changed(self, old: String, new: String, old_kind: &str, new_kind: &str) -> Change {
        let note = |kind: &str| if kind.is_empty() { String::new() } else { format!(" ({kind})") };
        let message = format!("type changed: `{old}`{} → `{new}`{}", note(old_kind), note(new_kind));
        self.change(Kind::TypeChanged, true, Some(old), Some(new), message)
    }

    pub fn type_renamed(self, old: &str, new: &str) -> Change {
        let message = format!("type renamed: `{old}` → `{new}`");
        self.change(Kind::TypeRenamed, true, Some(old.into()), Some(new.into()), message)
    }

    /// Sending: one more choice, nothing breaks. Receiving: the old client
    /// fails to decode the new value unless the enum is open (keeps unknown
    /// values in `Unknown(String)`).
    pub fn enum_value_added(self, side: Side, ty: &str, value: &str, old_open: bool) -> Change {
        let breaking = side == Side::Response && !old_open;
        let message = match side {
            Side::Request => format!("`{ty}` accepts a new value `{value}`"),
            Side::Response if old_open => {
                format!("`{ty}` has a new value `{value}` (the old client keeps it as `Unknown`)")
            }
            Side::Response => format!("`{ty}` has a new value `{value}` that the old client cannot decode"),
        };
        self.change(Kind::EnumValueAdded, breaking, None, Some(value.into()), message)
    }

    pub fn enum_value_removed(self, ty: &str, value: &str) -> Change {
        let message = format!("`{ty}` lost the value `{value}` (its variant is gone)");
        self.change(Kind::EnumValueRemoved, true, Some(value.into()), None, message)
    }

    pub fn enum_variant_renamed(self, ty: &str, old: &str, new: &str) -> Change {
        let message = format!("variant renamed: `{ty}::{old}` → `{ty}::{new}`");
        self.change(Kind::EnumVariantRenamed, true, Some(old.into()), Some(new.into()), message)
    }

    pub fn enum_openness_changed(self, ty: &str, now_open: bool) -> Change {
        let (old, new) = if now_open { ("closed", "open") } else { ("open", "closed") };
        let message = if now_open {
            format!("`{ty}` now keeps unknown values (`Unknown(String)` variant added)")
        } else {
            format!("`{ty}` no longer keeps unknown values (`Unknown(String)` variant removed)")
        };
        self.change(Kind::EnumOpennessChanged, true, Some(old.into()), Some(new.into()), message)
    }

    /// Receiving: the new member decodes into a variant the caller's
    /// exhaustive `match` does not have; sending: one more choice.
    pub fn union_variant_added(self, side: Side, ty: &str, variant: &str, member: String) -> Change {
        let message = format!("`{ty}` has a new member `{variant}({member})`");
        self.change(Kind::UnionVariantAdded, side == Side::Response, None, Some(member), message)
    }

    pub fn union_variant_removed(self, ty: &str, variant: &str, member: String) -> Change {
        let message = format!("`{ty}` lost the member `{variant}({member})`");
        self.change(Kind::UnionVariantRemoved, true, Some(member), None, message)
    }

    /// Checks change what `validate()` rejects before sending, not the API.
    pub fn rules_changed(self, old: String, new: String) -> Change {
        let message = format!("checks before sending changed: {old} → {new}");
        self.change(Kind::RulesChanged, false, Some(old), Some(new), message)
    }

    /// Error responses are documentation: every one already comes back as an `Error`.
    pub fn error_added(self, status: &str) -> Change {
        let message = format!("documented error response {status} added");
        self.change(Kind::ErrorAdded, false, None, Some(status.into()), message)
    }

    pub fn error_removed(self, status: &str) -> Change {
        let message = format!("documented error response {status} removed");
        self.change(Kind::ErrorRemoved, false, Some(status.into()), None, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_trimmed_and_operations_kept() {
        let at = At { operation: Some("getPet"), location: "response " };
        let change = at.field_added(Side::Response, "Option<String>".into(), false);
        assert_eq!(change.location, "response");
        assert_eq!(change.operation.as_deref(), Some("getPet"));
        assert!(!change.breaking);
        assert!(at.field_added(Side::Request, "Option<String>".into(), false).breaking);
        assert!(!at.enum_value_added(Side::Response, "Carrier", "MVNO", true).breaking);
        assert!(at.enum_value_added(Side::Response, "Carrier", "MVNO", false).breaking);
        assert!(!at.enum_value_added(Side::Request, "Carrier", "MVNO", false).breaking);
        assert!(at.required_changed(Side::Request, true).breaking);
        assert!(!at.required_changed(Side::Response, true).breaking);
    }
}
