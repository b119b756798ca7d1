//! The intermediate representation: a Rust-shaped view of the API in which
//! every identifier is chosen, every `$ref` resolved and every collision
//! settled. Emit reads only this.

use crate::template::PathTemplate;

/// The whole API as the generated code will expose it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec file name, for the `@generated` header.
    pub source: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The client type and its defaults.
    pub client: ClientDef,
    /// All types, sorted by name (so [`Api::resolve`] can search them).
    pub types: Vec<TypeDef>,
    /// All operations, in spec order.
    pub operations: Vec<Operation>,
    /// The types that are some operation's error type (they implement the
    /// runtime's `ErrorKind`), sorted.
    pub error_types: Vec<String>,
}

impl Api {
    /// The type `ty` stands for once aliases are followed (see [`resolve`]).
    pub fn resolve<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        resolve(ty, |name| self.type_def(name))
    }

    /// The type named `name`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.binary_search_by(|def| def.name.as_str().cmp(name)).ok().and_then(|i| self.types.get(i))
    }

    /// Whether a value of `ty` holds something with checks of its own: a
    /// type that [validates](TypeDef::validates), or a list or map of one.
    pub fn validates(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self.type_def(name).is_some_and(|def| def.validates),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => self.validates(inner),
            _ => false,
        }
    }
}

/// Follows `ty` through type aliases to what it stands for, looking named
/// types up with `lookup`; a type that is not an alias is returned as it is.
/// Gives up (returning the last alias) after a number of hops, so an alias
/// cycle cannot hang it.
pub fn resolve<'a>(ty: &'a TypeRef, lookup: impl Fn(&str) -> Option<&'a TypeDef>) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..MAX_ALIAS_HOPS {
        let TypeRef::Named(name) = current else { return current };
        match lookup(name).map(|def| &def.kind) {
            Some(TypeKind::Alias(target)) => current = target,
            _ => return current,
        }
    }
    current
}

const MAX_ALIAS_HOPS: usize = 64;

/// The client type.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientDef {
    /// Type name of the client (`Client`).
    pub name: String,
    /// Type name of its builder (`ClientBuilder`).
    pub builder: String,
    /// Default base URL.
    pub base_url: String,
    /// Default user agent; `None` means the consuming crate's name/version.
    pub user_agent: Option<String>,
    /// The response envelope, if any.
    pub envelope: Option<Envelope>,
    /// Token authentication, if any.
    pub auth: Option<Auth>,
    /// Wire names whose values are redacted from error excerpts.
    pub sensitive_keys: Vec<String>,
    /// Security schemes with a fixed credential that the builder offers.
    pub schemes: Vec<SecurityScheme>,
    /// Values the builder takes once for every operation that has them.
    pub defaults: Vec<ClientDefault>,
}

/// A value given once to the builder: an optional string parameter or body
/// field of several operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDefault {
    /// The wire name.
    pub wire: String,
    /// The builder method (and field) that takes it.
    pub setter: String,
}

/// A security scheme whose credential the user gives to the builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the spec (what operations' `security` names).
    pub name: String,
    /// The builder method that takes the credential.
    pub setter: String,
    /// Where the credential goes.
    pub kind: SchemeKind,
    /// The scheme's description.
    pub docs: Option<String>,
}

/// Where a fixed credential goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// A header, its value being `prefix` and the credential (`PortOne
    /// <secret>`), or the credential alone.
    Header {
        /// The header name.
        name: String,
        /// The word before the credential, if any.
        prefix: Option<String>,
    },
    /// A query parameter.
    Query {
        /// The parameter name.
        name: String,
    },
    /// HTTP basic authentication: a user name and a password.
    Basic,
}

/// Keys of the response envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Key of the code.
    pub code: String,
    /// Key of the message.
    pub message: String,
    /// Key of the payload.
    pub data: String,
    /// The success code.
    pub success: i64,
}

/// Token authentication through one of the API's operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Auth {
    /// Index into [`Api::operations`] of the token operation.
    pub operation: usize,
    /// The body type of the token operation.
    pub body_type: String,
    /// Credentials: builder parameter name, body field name, whether the body
    /// field is optional.
    pub credentials: Vec<Credential>,
    /// Other body fields, all optional, left as `None`.
    pub other_fields: Vec<String>,
    /// Response field with the token.
    pub token: TextField,
    /// Response field with the expiry (UNIX seconds).
    pub expires_at: Option<TimeField>,
    /// Response field with the server time (UNIX seconds).
    pub server_time: Option<TimeField>,
    /// Header name.
    pub header: String,
    /// Header value format with `{token}`.
    pub format: String,
    /// Refresh margin in seconds.
    pub margin_secs: u64,
    /// The security scheme the tokens serve, if the config names one.
    pub scheme: Option<String>,
    /// Whether the expiry is read from the token's JWT `exp` claim.
    pub jwt_expiry: bool,
    /// The refresh operation, if any.
    pub refresh: Option<Refresh>,
    /// The token response's field with the refresh token.
    pub refresh_field: Option<TextField>,
}

/// Renewing a token with a refresh token.
#[derive(Debug, Clone, PartialEq)]
pub struct Refresh {
    /// Index into [`Api::operations`] of the refresh operation.
    pub operation: usize,
    /// Its body type.
    pub body_type: String,
    /// The body field that takes the refresh token.
    pub body_field: String,
    /// Other body fields, all optional, left as `None`.
    pub other_fields: Vec<String>,
    /// Its response's token field.
    pub token: TextField,
    /// Its response's refresh-token field.
    pub refresh_field: Option<TextField>,
}

/// A string field of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    /// Rust field name.
    pub name: String,
    /// Whether it is an `Option<String>`.
    pub optional: bool,
}

/// A numeric field of the token response holding UNIX seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeField {
    /// Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether the field needs a cast to `i64`.
    pub cast: bool,
}

/// One credential the client builder takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// Rust field name in the token body.
    pub field: String,
    /// Whether the body field is an `Option`.
    pub optional: bool,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Where it came from in the spec, for the doc comment and diagnostics.
    pub origin: String,
    /// Doc text.
    pub docs: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
    /// Whether it is sent in requests.
    pub in_request: bool,
    /// Whether it is received in responses.
    pub in_response: bool,
    /// Whether it implements `Serialize`: it is sent (a schema that no
    /// operation uses counts as both sent and received), or the config asks
    /// for both ways.
    pub serialize: bool,
    /// Whether it implements `Deserialize`: it is received, or as above.
    pub deserialize: bool,
    /// Whether a value of it has checks to run before it is sent: a request
    /// struct with rules or holding a type that has some (it implements
    /// `Validate`), a newtype around such a value (so does it), or an alias
    /// of either.
    pub validates: bool,
}

/// The shape of a generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// A `oneOf`/`anyOf`: an untagged enum, or a tagged one when the spec
    /// has a discriminator.
    Union(Union),
    /// A type alias (`pub type Name = …;`).
    Alias(TypeRef),
    /// A struct around one value (`pub struct Name(pub Vec<Name>);`): an
    /// alias that would contain itself, which Rust's aliases cannot.
    Newtype(TypeRef),
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema: a flattened map of extra keys.
    pub additional: Option<TypeRef>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// JSON name.
    pub wire: String,
    /// Type (without the `Option` that `required`/`nullable` add).
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the property may be null.
    pub nullable: bool,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
    /// Absent, `null` and a value are three different things to send:
    /// `Option<Option<T>>` (set for optional, nullable fields of types that
    /// are sent).
    pub tristate: bool,
    /// Doc text.
    pub docs: Option<String>,
    /// A default value for an absent property, as Rust expression source.
    pub default: Option<DefaultValue>,
    /// Redacted in `Debug`.
    pub sensitive: bool,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
    /// Checks run by `validate()`.
    pub rules: Rules,
}

impl Field {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_option(&self) -> bool {
        (!self.required && self.default.is_none()) || self.nullable
    }
}

/// A default for an absent property.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `bool`.
    Bool(bool),
    /// Integer types.
    Int(i64),
    /// Float types.
    Float(f64),
    /// `String`.
    Str(String),
    /// A variant of an enum type: (type name, variant name).
    Variant(String, String),
}

/// Checks on a value, from the spec and the config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// A regular expression.
    pub pattern: Option<String>,
    /// Characters removed before checking.
    pub ignore_chars: Option<String>,
    /// Inclusive minimum.
    pub minimum: Option<f64>,
    /// Inclusive maximum.
    pub maximum: Option<f64>,
    /// Minimum number of items.
    pub min_items: Option<u64>,
    /// Maximum number of items.
    pub max_items: Option<u64>,
}

impl Rules {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Rules::default()
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Variants in spec order.
    pub variants: Vec<Variant>,
    /// Whether unknown values are kept in an `Unknown` variant.
    pub open: bool,
    /// Whether the values are integers (each variant's `wire` holds one in
    /// decimal) rather than strings.
    pub integer: bool,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// The string on the wire.
    pub wire: String,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Members: Rust variant name and type.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when the members are tagged.
    pub tag: Option<String>,
    /// Whether a tag value no member has is kept (as an `Unknown` variant
    /// holding the tag and the object) instead of failing to decode.
    pub open: bool,
}

/// A member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The tag value, for tagged unions.
    pub tag_value: Option<String>,
    /// The member type.
    pub ty: TypeRef,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// `serde_json::Value`: anything.
    Json,
    /// `serde_json::Map<String, serde_json::Value>`: a free-form object.
    JsonObject,
    /// `Vec<u8>`: a binary body.
    Bytes,
    /// `codegen_runtime::DateTime` (chrono's, with its offset):
    /// `format: date-time`, RFC 3339 on the wire.
    DateTime,
    /// `codegen_runtime::Date` (chrono's `NaiveDate`): `format: date`.
    Date,
    /// A generated type, by Rust name.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// Adds the names of the generated types this reference mentions,
    /// directly or inside containers, to `out`.
    pub fn names_into(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::Named(name) => out.push(name.clone()),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.names_into(out),
            _ => {}
        }
    }
}

/// An API operation: one client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Rust method name.
    pub name: String,
    /// operationId, or `METHOD /path` when there is none.
    pub spec_id: String,
    /// HTTP method.
    pub method: Method,
    /// The path template.
    pub path: PathTemplate,
    /// Summary and description.
    pub docs: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query and header parameters, gathered in a struct when any exist.
    pub params: Option<ParamStruct>,
    /// The request body.
    pub body: Option<Body>,
    /// The success response.
    pub response: Response,
    /// Documented non-success responses.
    pub errors: Vec<ErrorResponse>,
    /// How the documented error bodies are returned, typed; `None` when
    /// there are none to type (the method returns the plain `Error`).
    pub typed_errors: Option<TypedErrors>,
    /// Whether the request carries the client's token (when the config
    /// names no security schemes).
    pub authenticated: bool,
    /// The spec's security alternatives for this operation, each a set of
    /// scheme names used together, when the config names security schemes
    /// (else `None`, and `authenticated` decides).
    pub security: Option<Vec<Vec<String>>>,
    /// Client defaults this operation takes as query parameters.
    pub default_query: Vec<String>,
    /// Client defaults this operation takes as fields of its JSON body.
    pub default_body: Vec<String>,
    /// Whether a retry policy may send the request twice: its method is
    /// idempotent, it is a token operation, or the config says so
    /// (`[retry]`).
    pub idempotent: bool,
}

/// The HTTP method of an operation: one of the eight a path item can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method in upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Whether RFC 9110 calls the method idempotent, so that a call can be
    /// repeated after a failure.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Options | Method::Trace | Method::Put | Method::Delete)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The struct of an operation's query and header parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamStruct {
    /// Rust type name.
    pub name: String,
    /// The parameters, as fields.
    pub params: Vec<Param>,
    /// Whether it has `validate()`.
    pub validates: bool,
}

/// The documented error bodies of an operation, decoded into one type: the
/// `E` of the method's `Error<E>`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedErrors {
    /// The type the bodies decode as: the one type they share, or a union of
    /// theirs.
    pub ty: TypeRef,
    /// The statuses whose bodies are documented.
    pub statuses: Vec<StatusMatch>,
}

/// Which response statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status (`404`).
    Code(u16),
    /// A class (`4XX` is `Class(4)`).
    Class(u16),
    /// Every status not documented otherwise (`default`).
    Default,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Type (without `Option`).
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// Doc text.
    pub docs: Option<String>,
    /// Redacted in `Debug`.
    pub sensitive: bool,
    /// Checks.
    pub rules: Rules,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string; arrays repeated when `explode`.
    Query {
        /// Repeat the key for each array item.
        explode: bool,
    },
    /// The query string, the value written as JSON text (a parameter
    /// declared with `content: application/json`).
    QueryJson,
    /// A header.
    Header,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// How it is encoded.
    pub media: Media,
    /// The media type sent in `Content-Type` for text and binary bodies.
    pub content_type: String,
    /// Whether it must be given (else the method takes an `Option`).
    pub required: bool,
    /// Whether the type has `validate()`.
    pub validates: bool,
}

/// Encodings of bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/json` and `+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*`.
    Text,
    /// Anything else, as bytes.
    Bytes,
}

/// The success response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// No body (or one that is ignored).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// An envelope whose payload has this type (`None`: payload ignored).
    Enveloped(Option<TypeRef>),
    /// A text body.
    Text,
    /// A binary body.
    Bytes,
}

/// A documented non-success response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// Status code or range (`404`, `4XX`, `default`).
    pub status: String,
    /// Its description.
    pub docs: Option<String>,
    /// Its body type, when the spec gives one.
    pub ty: Option<TypeRef>,
}
