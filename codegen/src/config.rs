//! The declarative configuration: everything API-specific that the spec does
//! not say (or says wrongly) lives here, keyed by *spec* names.
//!
//! Read from TOML by [`Config::from_toml`]; unknown keys are errors that name
//! the key. The configuration remembers where each value was written
//! ([`Origin`]), so that a mismatch found while generating (an operation or
//! a field the spec does not have) is reported at its key, with its line
//! and column, like a mistake in the spec. Every section is optional. A
//! complete example:
//!
//! ```toml
//! sensitive = ["secret", "User.phone"] # redacted in Debug output and error excerpts (a top-level key:
//!                                      # it must come before the first table)
//!
//! [client]
//! name = "Client"                      # the generated client type
//! base_url = "https://api.example.com" # default; else the spec's first server
//! user_agent = "my-crate/1.0"          # default; else "<crate name>/<version>"
//! body = "json"                        # when an operation offers JSON and form bodies: "json" or "form"
//! schemas = "reachable"                # "reachable" from selected operations, or "all"
//! open_enums = true                    # response enums keep unknown values instead of failing
//! open_unions = true                   # response unions with a discriminator keep unknown members
//! typed_errors = true                  # documented error bodies come back decoded, in `Error::Response`
//! defaults = ["storeId"]               # given once to the builder, sent wherever an operation takes it
//! dates = true                         # `format: date-time` / `date` as chrono types; false keeps `String`
//! serde_both_ways = false              # true: every type implements Serialize and Deserialize
//!
//! [select]                             # which operations; empty = all
//! tags = ["users"]
//! operations = ["getToken"]            # operationIds
//! paths = ["/things/{id}", "GET /other"]
//! exclude = ["deleteEverything"]       # operationIds, applied last
//!
//! [rename]                             # spec name → Rust name
//! schemas = { UserAnnotation = "User" }
//! operations = { requestOTP = "request_otp" }
//! fields = { "User.e_mail" = "email" } # "<schema or operationId>.<property>"
//!
//! [envelope]                           # responses wrapped as {code, message, data}
//! code = "code"
//! message = "message"
//! data = "response"
//! success = 0
//!
//! [auth]                               # token fetched from an operation of the API
//! token_operation = "getToken"         # operationId; called without a token
//! credentials = ["key", "secret"]      # its body fields, given to the client builder
//! token = "access_token"               # response fields (after unwrapping the envelope)
//! expires_at = "expired_at"            # UNIX seconds; optional
//! server_time = "now"                  # UNIX seconds; optional, corrects clock skew
//! header = "Authorization"
//! format = "Bearer {token}"
//! refresh_margin_secs = 60
//! public = ["health"]                  # further operations sent without a token
//! scheme = "bearerAuth"                # optional: the security scheme these tokens serve (see below)
//! jwt_expiry = true                    # no expiry field: the token is a JWT whose `exp` says when it expires
//! refresh_operation = "refreshToken"   # optional: renews a token without the credentials
//! refresh_token = "refreshToken"       # the field with the refresh token, in both responses and that body
//!
//! [security.apiKey]                    # a scheme of components.securitySchemes the builder offers
//! builder = "api_key"                  # the builder method taking the credential (default: snake_case name)
//! prefix = "PortOne"                   # http schemes: the word before the credential (default: the scheme's)
//!
//! [retry]                              # which operations a retry policy may send twice
//! idempotent = ["searchThings"]        # safe although POST (methods GET/HEAD/OPTIONS/TRACE/PUT/DELETE
//!                                      # and the token operations are, by default)
//! not_idempotent = ["deleteAndNotify"] # never sent twice, whatever the method
//!
//! [fields."createUser.birth"]          # request-side checks and overrides
//! pattern = '^\d{6}$'
//! ignore_chars = "-./ "                # removed before checking (the server ignores them)
//! min_length = 6
//! max_length = 10
//! minimum = 1
//! maximum = 8
//! required = true                      # override the spec's required-ness
//! nullable = true                      # override the spec's nullability
//! ```

mod keys;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use keys::Origin;

/// The whole configuration file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// How the client is generated.
    #[serde(default)]
    pub client: ClientConfig,
    /// Which operations to generate.
    #[serde(default)]
    pub select: Select,
    /// Names to use instead of the derived ones.
    #[serde(default)]
    pub rename: Renames,
    /// The response envelope, if the API wraps its responses.
    pub envelope: Option<EnvelopeConfig>,
    /// Token authentication through an operation of the API.
    pub auth: Option<AuthConfig>,
    /// The security schemes of the spec the builder offers credentials
    /// for, by scheme name. With any entry here (or `[auth] scheme`), each
    /// operation sends the credentials its `security` asks for, and none
    /// when it asks for none.
    #[serde(default)]
    pub security: BTreeMap<String, SchemeConfig>,
    /// Properties whose values are secret or personal: `name` (in any
    /// schema) or `Owner.name` (a component schema or an operationId).
    #[serde(default)]
    pub sensitive: Vec<String>,
    /// Per-field checks and overrides, keyed like `sensitive`.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldConfig>,
    /// Which operations a retry policy may send more than once.
    #[serde(default)]
    pub retry: RetryConfig,
    /// Where each value above was written, for diagnostics that point at
    /// its TOML key (empty for a configuration built in code; never part
    /// of a comparison).
    #[serde(skip)]
    pub origin: Origin,
}

/// `[retry]`: which operations are safe to send twice, where the HTTP
/// method says otherwise. By default requests whose method is idempotent
/// (`GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`) and the token
/// operations are; every other operation is sent once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryConfig {
    /// operationIds safe to repeat although their method is not idempotent.
    #[serde(default)]
    pub idempotent: Vec<String>,
    /// operationIds never repeated, whatever their method.
    #[serde(default)]
    pub not_idempotent: Vec<String>,
}

/// `[client]`: the generated client as a whole.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// Name of the client type (default `Client`).
    pub name: Option<String>,
    /// Default base URL (default: the spec's first server).
    pub base_url: Option<String>,
    /// Default `User-Agent` (default: the consuming crate's name and version).
    pub user_agent: Option<String>,
    /// Which body encoding to use when an operation offers both.
    #[serde(default)]
    pub body: BodyPreference,
    /// Which schemas become types.
    #[serde(default)]
    pub schemas: SchemaSelection,
    /// Whether string enums in responses accept values the spec does not
    /// list (default `true`).
    pub open_enums: Option<bool>,
    /// Whether `oneOf`/`anyOf` with a discriminator, in responses, keep a
    /// member with a tag value the spec does not list (default `true`).
    pub open_unions: Option<bool>,
    /// Whether methods return documented error bodies decoded, as
    /// `Error::Response` of an `Error<TheirType>` (default `true`).
    pub typed_errors: Option<bool>,
    /// Whether strings with `format: date-time` or `date` become
    /// `chrono::DateTime<FixedOffset>` / `chrono::NaiveDate` (default
    /// `true`; `false` keeps them `String`).
    pub dates: Option<bool>,
    /// Whether every type implements both `Serialize` and `Deserialize`
    /// (default `false`: types that are only sent implement `Serialize`,
    /// types that are only received `Deserialize`, which halves the serde
    /// code the compiler checks). For users who re-serialise responses.
    pub serde_both_ways: Option<bool>,
    /// Optional string parameters and body fields (wire names) that the
    /// builder takes once, for every operation that has them: sent when a
    /// call leaves them out, overridden when it gives them.
    #[serde(default)]
    pub defaults: Vec<String>,
}

/// Which encoding to pick when JSON and form bodies are both offered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyPreference {
    /// `application/json`.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// Which component schemas become types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaSelection {
    /// Only those used by the selected operations.
    #[default]
    Reachable,
    /// All of them.
    All,
}

/// `[select]`: operations to generate. With no list given, all are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Select {
    /// Operations with any of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Operations with these operationIds.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Operations on these paths (`/a/{b}`), optionally with a method
    /// (`GET /a/{b}`).
    #[serde(default)]
    pub paths: Vec<String>,
    /// operationIds left out even when selected otherwise.
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl Select {
    /// Whether nothing narrows the selection.
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.paths.is_empty()
    }
}

/// `[rename]`: Rust names keyed by spec names.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renames {
    /// Component schema name → Rust type name.
    #[serde(default)]
    pub schemas: BTreeMap<String, String>,
    /// operationId → Rust method name.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// `Owner.property` → Rust field name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// `[envelope]`: the keys of a response wrapper.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeConfig {
    /// Key of the status code.
    pub code: String,
    /// Key of the message.
    pub message: String,
    /// Key of the payload.
    pub data: String,
    /// The code that means success.
    #[serde(default)]
    pub success: i64,
}

/// `[auth]`: a token obtained from an operation and sent in a header.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// operationId of the token operation.
    pub token_operation: String,
    /// Body fields of the token operation that the user supplies as
    /// credentials, in the order the builder's `credentials` takes them.
    pub credentials: Vec<String>,
    /// Response field holding the token.
    pub token: String,
    /// Response field holding the expiry (UNIX seconds).
    pub expires_at: Option<String>,
    /// Response field holding the server's time (UNIX seconds).
    pub server_time: Option<String>,
    /// Header that carries the token.
    #[serde(default = "default_header")]
    pub header: String,
    /// Header value, with `{token}` where the token goes.
    #[serde(default = "default_format")]
    pub format: String,
    /// Refresh this many seconds before expiry.
    #[serde(default = "default_margin")]
    pub refresh_margin_secs: u64,
    /// Further operationIds that are sent without a token.
    #[serde(default)]
    pub public: Vec<String>,
    /// The security scheme (of `components.securitySchemes`) these tokens
    /// serve: operations whose `security` names it carry the token, the
    /// others do not. Without it, every operation but the token operation
    /// and `public` ones carries it.
    pub scheme: Option<String>,
    /// The token is a JWT whose `exp` claim says when it expires (for
    /// responses without an expiry field).
    #[serde(default)]
    pub jwt_expiry: bool,
    /// operationId that exchanges a refresh token for a new token (and
    /// refresh token), called without credentials; tried before the token
    /// operation once a token has expired or was refused.
    pub refresh_operation: Option<String>,
    /// The field holding the refresh token: in the token operation's and
    /// the refresh operation's responses, and in the refresh operation's
    /// body.
    pub refresh_token: Option<String>,
}

/// `[security.<scheme>]`: a fixed credential for one of the spec's
/// security schemes (an `apiKey` in a header or the query, or an `http`
/// scheme such as `basic`, `bearer` with a token the user already has, or a
/// vendor's own word like `PortOne`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeConfig {
    /// Name of the builder method that takes the credential (default: the
    /// scheme's name in snake_case).
    pub builder: Option<String>,
    /// For `http` schemes: the word before the credential in the
    /// `Authorization` header (default: the scheme's `scheme`, capitalised
    /// as written; `Bearer` for bearer).
    pub prefix: Option<String>,
}

fn default_header() -> String {
    "Authorization".into()
}

fn default_format() -> String {
    "Bearer {token}".into()
}

fn default_margin() -> u64 {
    60
}

/// `[fields."Owner.property"]`: checks and overrides for one property.
/// Nothing is checked that neither the spec nor this table states: a
/// required string may be empty unless `minLength` / `min_length` says
/// otherwise.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldConfig {
    /// Regular expression the value must match (after `ignore_chars` are removed).
    pub pattern: Option<String>,
    /// Characters removed before checking, because the server ignores them.
    pub ignore_chars: Option<String>,
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// Smallest allowed number.
    pub minimum: Option<f64>,
    /// Largest allowed number.
    pub maximum: Option<f64>,
    /// Overrides whether the property is required.
    pub required: Option<bool>,
    /// Overrides whether the property may be null.
    pub nullable: Option<bool>,
}

/// Why a configuration file was refused: the message (naming the offending
/// key) and, when known, the key and the 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// Where, as line and column.
    pub position: Option<(usize, usize)>,
    /// The innermost key or value there, as a JSON pointer into the TOML
    /// document (`#/client/body_format`); `#` when the text does not parse.
    pub pointer: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{} (line {line}, column {column})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Config {
    /// Parses TOML text; errors name the offending key and its position.
    /// The configuration remembers where each value is (see [`Origin`]).
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        match toml::from_str::<Config>(text) {
            Ok(config) => Ok(Config { origin: Origin::read(text), ..config }),
            Err(e) => Err(ConfigError {
                message: e.message().trim_end().to_owned(),
                position: e.span().map(|span| keys::line_column(text, span.start)),
                pointer: e.span().map_or_else(|| "#".to_owned(), |span| keys::pointer_at(text, span.start)),
            }),
        }
    }

    /// This configuration, read from the file `file` (as the user named
    /// it): diagnostics about it name that file.
    pub fn named(self, file: impl Into<String>) -> Self {
        Config { origin: self.origin.named(file.into()), ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_default() {
        assert_eq!(Config::from_toml("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Config::from_toml("[client]\nnmae = \"X\"\n").unwrap_err();
        assert!(err.message.contains("nmae"), "{err}");
        assert_eq!(err.position, Some((2, 1)));
        assert_eq!(err.pointer, "#/client/nmae");
        let err = Config::from_toml("[[select]]\n").unwrap_err();
        assert!(err.message.contains("select") || err.position == Some((1, 1)), "{err}");
        let err = Config::from_toml("[fields.\"a.b\"]\nx = 1\n  patern = \"x\"\n").unwrap_err();
        assert!(err.message.contains("patern"), "{err}");
        assert_eq!(err.position, Some((3, 3)));
        assert_eq!(err.pointer, "#/fields/a.b/patern");
        let err = Config::from_toml("[client]\nopen_enums = \"yes\"\n").unwrap_err();
        assert_eq!((err.pointer.as_str(), err.position), ("#/client/open_enums", Some((2, 14))), "{err}");
        let err = Config::from_toml("[client\n").unwrap_err();
        assert_eq!(err.pointer, "#", "a text that does not parse has no keys");
    }

    /// The module documentation's complete example is a valid config that sets what it says.
    #[test]
    fn the_documented_example_reads() {
        let source = include_str!("config.rs");
        let example: String = source
            .lines()
            .map_while(|line| line.strip_prefix("//!"))
            .skip_while(|line| line.trim() != "```toml")
            .skip(1)
            .take_while(|line| line.trim() != "```")
            .map(|line| format!("{}\n", line.strip_prefix(' ').unwrap_or(line)))
            .collect();
        let config = Config::from_toml(&example).unwrap_or_else(|e| panic!("{e}\n{example}"));
        assert_eq!(config.sensitive, ["secret", "User.phone"]);
        assert_eq!(config.retry.not_idempotent, ["deleteAndNotify"]);
        assert!(config.security.contains_key("apiKey") && config.fields.contains_key("createUser.birth"));
    }

    #[test]
    fn auth_defaults() {
        let cfg =
            Config::from_toml("[auth]\ntoken_operation = \"t\"\ncredentials = [\"k\"]\ntoken = \"access_token\"\n")
                .unwrap();
        let auth = cfg.auth.as_ref().unwrap();
        assert_eq!(auth.header, "Authorization");
        assert_eq!(auth.format, "Bearer {token}");
        assert_eq!(auth.refresh_margin_secs, 60);
    }

    #[test]
    fn values_are_located_in_the_named_file() {
        let text = "[auth]\ntoken_operation = \"t\"\ncredentials = [\"k\"]\ntoken = \"access_token\"\n";
        let cfg = Config::from_toml(text).unwrap().named("api.toml");
        let at = cfg.origin.value(&["auth", "credentials", "0"]);
        assert_eq!(at.to_string(), "api.toml:3:16 (#/auth/credentials/0)");
        assert_eq!(cfg, Config::from_toml(&format!("\n{text}")).unwrap(), "where a value is written is not compared");
    }
}
