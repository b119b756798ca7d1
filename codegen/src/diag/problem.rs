//! What can be wrong: one variant per kind of problem, each worded once.

/// What is wrong. Each variant is one kind of problem; its text is the one
/// place the message is worded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The text is not JSON or YAML.
    #[error("cannot parse the document: {0}")]
    Syntax(String),
    /// An object has the same key twice.
    #[error("duplicate key `{0}`")]
    DuplicateKey(String),
    /// The document is not an OpenAPI document at all.
    #[error("not an OpenAPI document: {0}")]
    NotOpenApi(String),
    /// An OpenAPI version this generator does not read.
    #[error("unsupported OpenAPI version `{0}` (OpenAPI 3.0.x, 3.1.x and Swagger 2.0 are read)")]
    UnsupportedVersion(String),
    /// The document does not fit the OpenAPI 3.0 model: the model's own
    /// message.
    #[error("invalid OpenAPI document: {0}")]
    Invalid(String),
    /// A keyword whose value is of the wrong kind.
    #[error("invalid OpenAPI document: `{keyword}` must be {expected}")]
    KeywordOfWrongKind {
        /// The keyword (`paths`, `$ref`, …).
        keyword: String,
        /// What it must be ("an object", "a list of media types", …).
        expected: &'static str,
    },
    /// An object of the document (a parameter, a response, …) that is of
    /// the wrong kind.
    #[error("invalid OpenAPI document: {node} must be {expected}")]
    NodeOfWrongKind {
        /// What the node is ("a parameter", …).
        node: &'static str,
        /// What it must be ("an object", …).
        expected: &'static str,
    },
    /// An object without a keyword it cannot do without.
    #[error("invalid OpenAPI document: {owner} needs `{keyword}` ({expected})")]
    MissingKeyword {
        /// What lacks it ("a parameter", …).
        owner: &'static str,
        /// The keyword.
        keyword: &'static str,
        /// What its value must be ("a string", …).
        expected: &'static str,
    },
    /// A keyword whose value is not one of those it may have.
    #[error("invalid OpenAPI document: `{keyword}` of {owner} must be one of {}", .choices.join(", "))]
    NotOneOf {
        /// The keyword (`in`, `type`, …).
        keyword: &'static str,
        /// What it belongs to ("a parameter", …).
        owner: &'static str,
        /// The values it may have.
        choices: &'static [&'static str],
    },
    /// A `$ref` whose target does not exist.
    #[error("`$ref` `{0}` points at nothing")]
    DanglingRef(String),
    /// A `$ref` to another file or of an unexpected kind.
    #[error("`$ref` `{0}` is not supported: {1}")]
    UnsupportedRef(String, &'static str),
    /// `$ref`s that only lead to each other.
    #[error("`$ref` `{0}` refers to itself in a loop")]
    RefCycle(String),
    /// Two operations share an operationId (warning: the later one is named
    /// from its method and path instead).
    #[error("operationId `{0}` is already used at {1}; this operation is named from its method and path instead")]
    DuplicateOperationId(String, String),
    /// A construct this generator cannot turn into Rust.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A path template that cannot be parsed.
    #[error("bad path template: {0}")]
    PathTemplate(String),
    /// A path parameter that is declared but not in the template, or the reverse.
    #[error("path parameter `{0}` {1}")]
    PathParam(String, &'static str),
    /// A `pattern` (of the spec, or of the config's `[fields]`) that is not
    /// a valid regular expression.
    #[error("pattern `{0}` is not a valid regular expression: {1}")]
    BadPattern(String, String),
    /// A name picked explicitly (by a rename) that collides with another.
    #[error("{kind} name `{name}` (from {spec_name}) is already used by {other}; rename one of them in the config")]
    NameCollision {
        /// What kind of item (type, method, field…).
        kind: &'static str,
        /// The Rust name both want.
        name: String,
        /// The spec name of the second item.
        spec_name: String,
        /// The spec name of the first item.
        other: String,
    },
    /// A generated name had to be changed to stay unique (warning).
    #[error("{kind} `{spec_name}` is named `{name}` because `{wanted}` is taken")]
    Renamed {
        /// What kind of item.
        kind: &'static str,
        /// The spec name.
        spec_name: String,
        /// The name it would have had.
        wanted: String,
        /// The name it got.
        name: String,
    },
    /// The configuration file is invalid: the TOML reader's message.
    #[error("config: {0}")]
    Config(String),
    /// A `[client] defaults` entry that no operation takes as an optional
    /// string query parameter or body field (warning): the wire name.
    #[error("config: no operation takes `{0}` as an optional string query parameter or body field")]
    UnusedDefault(String),
    /// The configuration names an operationId the spec does not have
    /// (a warning for `[select]`, `[rename]` and `[retry]`, whose config may
    /// serve several versions of a document; an error for `[auth]`).
    #[error("config: the spec has no operation `{0}`")]
    UnknownOperation(String),
    /// The configuration names an operationId that several operations of
    /// the spec have.
    #[error("config: operation `{0}` is ambiguous: the spec uses this operationId more than once")]
    AmbiguousOperation(String),
    /// An operation the `[auth]` config needs that is in the spec but not
    /// generated.
    #[error("config: operation `{0}` is not generated (it is not selected, is excluded, or was left out)")]
    OperationNotGenerated(String),
    /// An `[auth]` operation (the token or refresh operation) without an
    /// object body: its operationId.
    #[error("config: operation `{0}` has no object body")]
    NoObjectBody(String),
    /// An `[auth]` operation that does not return an object: its operationId.
    #[error("config: operation `{0}` does not return an object")]
    NoObjectResponse(String),
    /// A field the `[auth]` config names that the body or response of an
    /// operation does not have (of the kind needed).
    #[error("config: the {part} of `{operation}` has no {}field `{field}`", kind_words(.kind))]
    NoSuchField {
        /// The operationId.
        operation: String,
        /// "body" or "response".
        part: &'static str,
        /// The field's wire name.
        field: String,
        /// What the field must be ("string", "number", "required string"),
        /// when it matters.
        kind: Option<&'static str>,
    },
    /// A required body field of the token operation that the config does
    /// not list among the credentials.
    #[error("config: `{operation}` needs `{field}`, which is not among the credentials")]
    NotACredential {
        /// The operationId.
        operation: String,
        /// The field's wire name.
        field: String,
    },
    /// A required body field of the refresh operation other than the
    /// refresh token, which the client has nothing to fill with.
    #[error("config: `{operation}` needs `{field}`, which the client cannot give")]
    CannotFill {
        /// The operationId.
        operation: String,
        /// The field's wire name.
        field: String,
    },
    /// `[auth] format` without the `{token}` placeholder: the format.
    #[error("config: format `{0}` has no `{{token}}`")]
    FormatWithoutToken(String),
    /// `[auth] refresh_operation` without `refresh_token`.
    #[error("config: `refresh_operation` needs `refresh_token`, the field that carries the refresh token")]
    RefreshWithoutToken,
    /// `[security.<name>]` for a scheme that `components.securitySchemes`
    /// does not have: the name.
    #[error("config: the spec has no security scheme `{0}`")]
    UnknownSecurityScheme(String),
    /// A builder method that the config asks for (by `builder`, or for a
    /// `[client] defaults` entry) and the builder already has.
    #[error("config: builder method `{0}` is already taken")]
    BuilderMethodTaken(String),
    /// A `[rename]`, `sensitive` or `[fields]` entry that matches nothing
    /// in the spec (warning): the entry.
    #[error("config: `{0}` matches nothing in the spec")]
    Unmatched(String),
    /// YAML lines of a quoted scalar or a flow collection written left of
    /// where YAML 1.2 allows them, read as libyaml reads them (warning):
    /// the 1-based numbers of the lines.
    #[error("{} indented less than YAML 1.2 allows inside a quoted string or a `{{…}}`/`[…]` collection; read as if indented further, as libyaml reads it (the values are unchanged)", lines_phrase(.0))]
    Reindented(Vec<usize>),
    /// A query parameter style other than `form` (warning): the style.
    #[error("query style {0} is sent as comma-separated values")]
    QueryStyle(String),
    /// A cookie parameter (warning): its name.
    #[error("cookie parameter `{0}` is not supported; left out")]
    CookieParameter(String),
    /// An operation whose only request bodies are multipart (warning).
    #[error("only multipart bodies are offered; operation left out")]
    MultipartOnly,
    /// A response without the configured envelope (warning).
    #[error("this response is not wrapped in the configured envelope; returned as it is")]
    NotEnveloped,
    /// A `type` that OpenAPI does not have (warning): the type.
    #[error("unknown type `{0}`; any JSON value is accepted")]
    UnknownType(String),
    /// An enum value listed twice (warning): the value.
    #[error("enum value `{0}` is listed twice")]
    DuplicateEnumValue(String),
    /// A discriminator over members that are not all `$ref`s (warning).
    #[error("a discriminator needs every member to be a `$ref`; matched by shape instead")]
    DiscriminatorWithoutRefs,
    /// An `allOf` member that is not an object (warning).
    #[error("an `allOf` member that is not an object is ignored")]
    AllOfNotObject,
    /// Two `allOf` members define a property differently (warning).
    #[error("`allOf` members disagree on property `{property}` (also at {also_at}); this later one is used")]
    AllOfDisagree {
        /// The property.
        property: String,
        /// The pointer of the earlier definition.
        also_at: String,
    },
    /// A default written as a string for a non-string type (warning).
    #[error("default {value} written as a string; read as {read_as}")]
    DefaultAsString {
        /// The default as written (JSON).
        value: String,
        /// What it is read as: a kind ("a boolean") or the value (`20`).
        read_as: String,
    },
    /// A default that does not fit its type (warning): the default (JSON).
    #[error("default {0} does not fit the type; ignored")]
    DefaultMismatch(String),
    /// A Swagger 2.0 default that does not fit the schema's `type` (warning).
    #[error("default {value} does not fit `type: {ty}`; ignored")]
    DefaultNotOfType {
        /// The default as written (JSON).
        value: String,
        /// The schema's type.
        ty: String,
    },
    /// `exclusiveMinimum`/`exclusiveMaximum` read as inclusive (warning): the keyword.
    #[error("`{0}` on a number is checked as an inclusive bound")]
    ExclusiveBound(String),
    /// `consumes` or `produces` written as one media type instead of a
    /// list (warning).
    #[error("`{keyword}` must be a list; read as [\"{media}\"]")]
    MediaNotList {
        /// `consumes` or `produces`.
        keyword: String,
        /// The media type as written.
        media: String,
    },
    /// A Swagger 2.0 `host` with a scheme (warning): the host without it.
    #[error("`host` must not name a scheme; read as `{0}`")]
    HostWithScheme(String),
    /// A Swagger 2.0 `basePath` without its leading `/` (warning): the path as written.
    #[error("`basePath` must start with `/`; read as `/{0}`")]
    BasePathWithoutSlash(String),
    /// An operation with two `in: body` parameters (warning).
    #[error("a second body parameter; it replaces the first")]
    SecondBody,
    /// An operation with both `in: body` and `in: formData` parameters (warning).
    #[error("both a body and form parameters are given; the form parameters are ignored")]
    BodyAndForm,
    /// A Swagger 2.0 operation without `responses` (warning).
    #[error("an operation without `responses`; an empty default response is assumed")]
    NoResponses,
    /// A response without a `description` (warning).
    #[error("a response needs a `description` (a string); an empty one is assumed")]
    ResponseWithoutDescription,
    /// Form parameters where `consumes` lists no form or JSON media type
    /// (warning): the media type used instead.
    #[error("no form or JSON media type is consumed for form parameters; {0} is used")]
    NoFormMedia(&'static str),
    /// A `collectionFormat` that OpenAPI 3.0 has no `style` for (warning).
    #[error("collectionFormat `{format}`{} has no OpenAPI 3.0 style; sent comma-separated", outside_query(.in_query))]
    CollectionFormat {
        /// The format.
        format: String,
        /// Whether the parameter is in the query.
        in_query: bool,
    },
    /// A boolean or number keyword written as a string, read as what it
    /// says (warning).
    #[error("`{keyword}` written as a string ({value}); read as {read_as}")]
    WrittenAsString {
        /// The keyword.
        keyword: String,
        /// The value as written (JSON).
        value: String,
        /// What it is read as ("a number", `true`, …).
        read_as: String,
    },
    /// A keyword whose value cannot be read as the kind it must have
    /// (warning): it is ignored.
    #[error("`{keyword}` is not {expected} ({value}); ignored")]
    UnreadableValue {
        /// The keyword.
        keyword: String,
        /// The value as written (JSON).
        value: String,
        /// What it must be ("a number", "a boolean").
        expected: &'static str,
    },
    /// A schema keyword of the wrong shape, ignored (warning).
    #[error("`{keyword}` must {must}; ignored")]
    IgnoredKeyword {
        /// The keyword.
        keyword: String,
        /// What it must do ("be an object", "name a property", …).
        must: &'static str,
    },
    /// A type name where a schema belongs (warning): the name.
    #[error("a type name (`{0}`) stands where a schema belongs; read as {{type: {0}}}")]
    TypeNameAsSchema(String),
    /// A schema that is not an object (warning): the value (JSON).
    #[error("a schema must be an object, not {0}; any value is accepted here")]
    SchemaNotObject(String),
    /// A `type` that is not a string (warning): the value (JSON).
    #[error("`type` must be a type name, not {0}; ignored")]
    TypeNotAName(String),
    /// A list of types, which OpenAPI 3.0 cannot say (warning).
    #[error("a list of types is not supported in OpenAPI 3.0; any value is accepted")]
    TypeList,
    /// A type name in the wrong case (warning).
    #[error("`type: {written}` is spelled `{spelled}`")]
    TypeMisspelled {
        /// As written.
        written: String,
        /// As OpenAPI spells it.
        spelled: String,
    },
    /// A type name from a programming language, read as the OpenAPI type
    /// it means (warning).
    #[error("`type: {written}` is not a type; read as {read_as}")]
    TypeAlias {
        /// As written (`long`, `double`, …).
        written: String,
        /// What it is read as ("an integer", …).
        read_as: &'static str,
    },
    /// A Swagger 2.0 type name nobody uses, read as a string (warning).
    #[error("unknown type `{0}`; read as a string")]
    UnknownTypeAsString(String),
    /// A parameter without `type` (warning): the type it is read as.
    #[error("no `type`; read as {0}")]
    NoType(&'static str),
    /// A parameter with both `type` and `schema` (warning).
    #[error("both `type` and `schema` are given; `schema` is used")]
    TypeBesideSchema,
    /// `required: true` on a property itself, moved to the object's list (warning).
    #[error("`required: true` on a property belongs in the object's `required` list; moved there")]
    RequiredOnProperty,
    /// `required: false` on a property itself, dropped (warning).
    #[error("`required: false` on a property is what leaving it out of `required` says; dropped")]
    NotRequiredOnProperty,
    /// `items` written as a list of schemas (warning).
    #[error("`items` must be one schema, not a list; the first is used")]
    ItemsList,
    /// An array without `items` (warning).
    #[error("an array without `items`; items of any type are accepted")]
    ArrayWithoutItems,
    /// An `enum` on an array, moved to its items (warning).
    #[error("`enum` on an array belongs to its items; moved there")]
    EnumOnArray,
    /// An `enum` on an array of references, which cannot take it (warning).
    #[error("`enum` on an array of references; ignored")]
    EnumOnArrayOfRefs,
    /// An `allOf` that includes, through its members, the schema at the
    /// given pointer, which includes it again: it has no finite set of
    /// properties.
    #[error("`allOf` includes `{0}`, which includes this `allOf` again; a schema cannot merge itself")]
    AllOfCycle(String),
    /// Types that consist only of one another: aliases and `oneOf`/`anyOf`
    /// members that lead back to where they started with no object or
    /// array in between (the first type, and the cycle, by their Rust names).
    #[error("`{0}` stands only for itself ({1}): no JSON value has this type")]
    SelfContaining(String, String),
    /// A keyword or a section that the generated code has no use for,
    /// dropped while reading (warning): what, and why.
    #[error("`{0}` is dropped: {1}")]
    Dropped(String, &'static str),
    /// A construct read as the nearest thing Rust types can say (warning):
    /// what, and how it is read.
    #[error("`{0}` is read {1}")]
    Approximated(String, &'static str),
    /// Schemas nested inside each other deeper than the limit.
    #[error("schemas nest more than {0} levels deep here (counting the properties that `allOf`s copy in)")]
    TooDeep(usize),
}

/// "line 4" or "lines 4, 9 and 12" (at most five numbers, then how many more).
fn lines_phrase(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
    match (lines.len(), shown.split_last()) {
        (_, None) => "no line is".to_owned(),
        (1, _) => format!("line {} is", shown[0]),
        (n, Some((last, rest))) if n <= 5 => format!("lines {} and {last} are", rest.join(", ")),
        (n, _) => format!("lines {} and {} more are", shown.join(", "), n - 5),
    }
}

/// " outside a query", or nothing for a query parameter.
fn outside_query(in_query: &bool) -> &'static str {
    if *in_query { "" } else { " outside a query" }
}

/// "string " for `Some("string")`: the words before "field".
fn kind_words(kind: &Option<&'static str>) -> String {
    kind.map(|kind| format!("{kind} ")).unwrap_or_default()
}
