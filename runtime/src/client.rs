//! Executing requests: [`CoreBuilder`] → [`Core`], [`Request`] → decoded
//! response or [`Error`].

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::envelope::{Envelope, Parts};
use crate::http::{Http, HttpClient, Raw};
use crate::params::scalars;
use crate::security::{Credential, Credentials, Requirements};
use crate::token::TokenAuth;
use crate::{Error, RetryPolicy, redact, tls, trace};

/// The timeout used when the caller sets none and lets us build the HTTP
/// client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const EXCERPT_CHARS: usize = 160;

/// One HTTP request, built by a generated method. Bodies and parameter
/// values are already encoded, so the request can be sent twice (after a
/// token refresh) without re-encoding.
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<(&'static str, Vec<u8>)>,
    pub(crate) authenticated: bool,
    pub(crate) security: Option<Requirements>,
    /// Client defaults this request takes as query parameters, and as
    /// fields of its JSON body.
    pub(crate) defaults: (&'static [&'static str], &'static [&'static str]),
    /// The operationId and path template, for traces.
    pub(crate) operation: &'static str,
    pub(crate) template: &'static str,
    /// Whether the request may be sent more than once.
    pub(crate) idempotent: bool,
}

impl Request {
    /// A request for `path` (already expanded and percent-encoded, starting
    /// with `/`), relative to the client's base URL.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let idempotent = matches!(
            method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
        );
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            authenticated: false,
            security: None,
            defaults: (&[], &[]),
            operation: "",
            template: "",
            idempotent,
        }
    }

    /// A `GET` request for `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Request::new(Method::GET, path)
    }

    /// A `POST` request for `path`.
    pub fn post(path: impl Into<String>) -> Self {
        Request::new(Method::POST, path)
    }

    /// A `PUT` request for `path`.
    pub fn put(path: impl Into<String>) -> Self {
        Request::new(Method::PUT, path)
    }

    /// A `PATCH` request for `path`.
    pub fn patch(path: impl Into<String>) -> Self {
        Request::new(Method::PATCH, path)
    }

    /// A `DELETE` request for `path`.
    pub fn delete(path: impl Into<String>) -> Self {
        Request::new(Method::DELETE, path)
    }

    /// What the call's trace span names.
    fn route(&self) -> trace::Route<'_> {
        trace::Route { operation: self.operation, method: &self.method, template: self.template }
    }

    /// Names the operation (its operationId) and its path template
    /// (`/certifications/{imp_uid}`), which traces show instead of the path:
    /// a filled-in path may carry personal data.
    pub fn operation(mut self, id: &'static str, template: &'static str) -> Self {
        self.operation = id;
        self.template = template;
        self
    }

    /// Whether the request may be sent again after a failure (see
    /// [`RetryPolicy`]). By default requests whose method RFC 9110 calls
    /// idempotent (`GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`)
    /// may, others may not.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Marks the request as needing the client's token.
    pub fn authenticated(mut self) -> Self {
        self.authenticated = true;
        self
    }

    /// Sends the credentials that `requirements` ask for: the first
    /// alternative whose schemes the client has credentials for (see
    /// [`Credential`]). `&[]` sends none.
    pub fn security(mut self, requirements: Requirements) -> Self {
        self.security = Some(requirements);
        self
    }

    /// Fills in the client's defaults (see [`CoreBuilder::default_value`])
    /// for the query parameters `query` and the JSON body fields `body`
    /// that this request leaves out.
    pub fn defaults(mut self, query: &'static [&'static str], body: &'static [&'static str]) -> Self {
        self.defaults = (query, body);
        self
    }

    /// Adds a query parameter. `None` adds nothing; an array adds one pair
    /// per element when `explode` is true, else one comma-separated pair.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T, explode: bool) -> Result<(), Error> {
        let values = scalars(name, value)?;
        if explode {
            self.query.extend(values.into_iter().map(|v| (name, v)));
        } else if !values.is_empty() {
            self.query.push((name, values.join(",")));
        }
        Ok(())
    }

    /// Adds a query parameter whose value is sent as JSON text (declared
    /// with `content: application/json`): objects and arrays included.
    /// `None` (JSON `null`) adds nothing.
    pub fn query_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|_| Error::invalid(name, "cannot be encoded as JSON"))?;
        if !value.is_null() {
            self.query.push((name, value.to_string()));
        }
        Ok(())
    }

    /// Adds a header parameter. `None` adds nothing; arrays are sent
    /// comma-separated.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let values = scalars(name, value)?;
        if values.is_empty() {
            return Ok(());
        }
        let header =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::invalid(name, "is not a valid header name"))?;
        let mut value = HeaderValue::from_str(&values.join(","))
            .map_err(|_| Error::invalid(name, "contains characters that cannot be sent in a header"))?;
        value.set_sensitive(true);
        self.headers.push((header, value));
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|_| Error::invalid("body", "cannot be encoded as JSON"))?;
        self.body = Some(("application/json", bytes));
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let text = serde_urlencoded::to_string(body)
            .map_err(|_| Error::invalid("body", "cannot be form-encoded (nested objects or arrays)"))?;
        self.body = Some(("application/x-www-form-urlencoded", text.into_bytes()));
        Ok(())
    }

    /// Sets a raw body with its media type (`text/plain`,
    /// `application/octet-stream`, …).
    pub fn raw(&mut self, content_type: &'static str, body: impl Into<Vec<u8>>) {
        self.body = Some((content_type, body.into()));
    }
}

impl fmt::Debug for Request {
    /// Shows the method, path and parameter names; values and the body may
    /// carry personal data and are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query.iter().map(|(k, _)| *k).collect::<Vec<_>>())
            .field("body", &self.body.as_ref().map(|(ct, b)| format!("{ct}, {} bytes", b.len())))
            .field("authenticated", &self.authenticated)
            .field("operation", &self.operation)
            .finish()
    }
}

/// Builds a [`Core`]. Generated client builders wrap one of these.
pub struct CoreBuilder {
    base_url: String,
    default_user_agent: String,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    http: Option<Http>,
    envelope: Option<Envelope>,
    sensitive: &'static [&'static str],
    auth: Option<TokenAuth<Core>>,
    credentials: Credentials<Core>,
    defaults: Vec<(&'static str, String)>,
    retry: RetryPolicy,
}

impl CoreBuilder {
    /// A builder with the API's default base URL and a default user agent.
    pub fn new(default_base_url: impl Into<String>, default_user_agent: impl Into<String>) -> Self {
        CoreBuilder {
            base_url: default_base_url.into(),
            default_user_agent: default_user_agent.into(),
            user_agent: None,
            timeout: None,
            http: None,
            envelope: None,
            sensitive: &[],
            auth: None,
            credentials: Credentials::default(),
            defaults: Vec::new(),
            retry: RetryPolicy::default(),
        }
    }

    /// Sends requests to `url` instead of the default base URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Limits each request (connect, send, receive) to `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends `user_agent` as the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses a caller-supplied HTTP client (for shared connection pools,
    /// proxies or custom TLS): a `reqwest::Client`, or with the `middleware`
    /// feature a `reqwest_middleware::ClientWithMiddleware` (retries,
    /// tracing, caching… of your choice; credentials and tokens are added
    /// before the stack sees the request). Timeout and user agent set on
    /// this builder are still applied per request.
    pub fn http_client(mut self, client: impl Into<HttpClient>) -> Self {
        self.http = Some(client.into().0);
        self
    }

    /// When calls are sent again after a failure that may pass (see
    /// [`RetryPolicy`]; [`RetryPolicy::default`] unless set).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Unwraps responses from this envelope in
    /// [`Core::send_enveloped`] and reads error messages from it.
    pub fn envelope(mut self, envelope: Envelope) -> Self {
        self.envelope = Some(envelope);
        self
    }

    /// JSON keys whose values are redacted from body excerpts in errors.
    pub fn sensitive_keys(mut self, keys: &'static [&'static str]) -> Self {
        self.sensitive = keys;
        self
    }

    /// Authenticates requests marked [`Request::authenticated`] with tokens
    /// from `auth`.
    pub fn token_auth(mut self, auth: TokenAuth<Core>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// A value for the parameter or body field `name` of every request that
    /// takes it as a default (see [`Request::defaults`]) and leaves it out.
    pub fn default_value(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.defaults.retain(|(n, _)| *n != name);
        self.defaults.push((name, value.into()));
        self
    }

    /// Gives requests that ask for security scheme `scheme` (see
    /// [`Request::security`]) this credential.
    pub fn credential(mut self, scheme: &'static str, credential: Credential<Core>) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Checks the settings and builds the [`Core`].
    pub fn build(self) -> Result<Core, Error> {
        let base = self.base_url.trim_end_matches('/').to_owned();
        let parsed = Url::parse(&base).map_err(|e| Error::Config(format!("base URL `{base}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(Error::Config(format!("base URL `{base}` must be an http or https URL")));
        }
        let user_agent = match &self.user_agent {
            Some(ua) => Some(
                HeaderValue::from_str(ua)
                    .map_err(|_| Error::Config("user agent is not a valid header value".into()))?,
            ),
            None => None,
        };
        let http = match self.http {
            Some(client) => client,
            None => Http::Reqwest(
                tls::configure(reqwest::Client::builder())?
                    .user_agent(self.user_agent.as_deref().unwrap_or(&self.default_user_agent))
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .connect_timeout(CONNECT_TIMEOUT)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
            ),
        };
        Ok(Core {
            http,
            base,
            timeout: self.timeout,
            user_agent,
            envelope: self.envelope,
            sensitive: self.sensitive,
            auth: self.auth,
            credentials: self.credentials,
            defaults: self.defaults,
            retry: self.retry,
        })
    }
}

/// Sends [`Request`]s and decodes their responses. One `Core` is shared by
/// all calls of a generated client (and by clones of it, through an `Arc`).
pub struct Core {
    pub(crate) http: Http,
    pub(crate) base: String,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: Option<HeaderValue>,
    envelope: Option<Envelope>,
    pub(crate) sensitive: &'static [&'static str],
    pub(crate) auth: Option<TokenAuth<Core>>,
    pub(crate) credentials: Credentials<Core>,
    pub(crate) defaults: Vec<(&'static str, String)>,
    pub(crate) retry: RetryPolicy,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("base_url", &self.base)
            .field("timeout", &self.timeout)
            .field("auth", &self.auth)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The access token the client sends: the cached one while it is fresh,
    /// else one fetched now (and cached for the calls that follow), exactly
    /// as a call would get it. An error when the client has no token
    /// authentication.
    pub async fn access_token(&self) -> Result<crate::Secret, Error> {
        match self.auth.as_ref().or_else(|| self.credentials.first_token()) {
            Some(auth) => auth.token(self).await,
            None => Err(Error::Config("this client has no token authentication".into())),
        }
    }

    /// Sends `request` and decodes a JSON body into `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        trace::call(request.route(), async {
            let raw = self.success(&request).await?;
            let mut json = serde_json::Deserializer::from_slice(&raw.body);
            let mut track = serde_path_to_error::Track::new();
            let value = T::deserialize(serde_path_to_error::Deserializer::new(&mut json, &mut track))
                .and_then(|v| json.end().map(|()| v))
                .map_err(|err| serde_path_to_error::Error::new(track.path(), err));
            value.map_err(|err| self.decode_error(&raw, err))
        })
        .await
    }

    /// Sends `request`, decodes the configured envelope and returns its
    /// payload. A code other than the success code is an [`Error::Api`],
    /// whatever the HTTP status.
    pub async fn send_enveloped<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        trace::call(request.route(), async {
            let envelope = self.envelope.ok_or_else(|| Error::Config("no envelope configured".into()))?;
            let raw = self.success(&request).await?;
            self.unwrap_envelope(envelope, &raw, &request)
        })
        .await
    }

    /// The payload of a successful response's envelope, or the error it reports.
    fn unwrap_envelope<T: DeserializeOwned>(
        &self,
        envelope: Envelope,
        raw: &Raw,
        request: &Request,
    ) -> Result<T, Error> {
        let api_error = |code, message: Option<String>| Error::Api {
            status: raw.status,
            code,
            message: message.map(|m| self.mask_message(&m, request)),
        };
        let parts = match envelope.decode::<T>(&raw.body) {
            Ok(parts) => parts,
            // An error envelope's payload need not have the success type:
            // its code and message are the error, not a decoding failure.
            Err(err) => {
                return Err(match envelope.decode::<IgnoredAny>(&raw.body) {
                    Ok(Parts { code: Some(code), message, .. }) if code != envelope.success => api_error(code, message),
                    _ => self.decode_error(raw, err),
                });
            }
        };
        let code = parts.code.unwrap_or(envelope.success);
        if code != envelope.success {
            return Err(api_error(code, parts.message));
        }
        match parts.data {
            Some(data) => Ok(data),
            // A missing or null payload is fine when `T` allows it (`Option`, `()`).
            None => T::deserialize(serde_json::Value::Null).map_err(|_| Error::Decode {
                status: raw.status,
                detail: format!("`{}` is missing or null", envelope.data),
                excerpt: redact::excerpt(&raw.body, self.sensitive, EXCERPT_CHARS),
            }),
        }
    }

    /// Sends `request` and returns the body as text.
    pub async fn send_text(&self, request: Request) -> Result<String, Error> {
        trace::call(request.route(), async {
            let raw = self.success(&request).await?;
            String::from_utf8(raw.body).map_err(|err| Error::Decode {
                status: raw.status,
                detail: "the body is not UTF-8 text".into(),
                excerpt: format!("{} bytes", err.as_bytes().len()),
            })
        })
        .await
    }

    /// Sends `request` and returns the body as bytes.
    pub async fn send_bytes(&self, request: Request) -> Result<Vec<u8>, Error> {
        trace::call(request.route(), async { Ok(self.success(&request).await?.body) }).await
    }

    /// Sends `request` and ignores the body of a successful response.
    pub async fn send_empty(&self, request: Request) -> Result<(), Error> {
        trace::call(request.route(), async { self.success(&request).await.map(drop) }).await
    }

    pub(crate) fn status_error(&self, raw: Raw, request: &Request) -> Error {
        let envelope = self.envelope.unwrap_or(Envelope { code: "code", message: "message", data: "", success: 0 });
        let (code, message) = match envelope.decode::<IgnoredAny>(&raw.body) {
            Ok(parts) => (parts.code, parts.message),
            Err(_) => (None, None),
        };
        let message = message.map(|m| self.mask_message(&m, request));
        Error::Status { status: raw.status, code, message, body: crate::ErrorBody::new(raw.body) }
    }

    /// A server's message about `request`, without personal data (see [`redact`]).
    fn mask_message(&self, message: &str, request: &Request) -> String {
        redact::server_message(message, self.sensitive, &self.carried(request))
    }

    /// The sensitive values `request` sends (in its body, query or
    /// headers), to mask in the server's messages about it.
    fn carried(&self, request: &Request) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((content_type, body)) = &request.body {
            crate::redact::values_under(body, *content_type == "application/json", self.sensitive, &mut out);
        }
        let query = request.query.iter().filter(|(name, _)| self.sensitive.contains(name)).map(|(_, v)| v.clone());
        out.extend(query);
        let headers = request.headers.iter().filter(|(name, _)| self.sensitive.contains(&name.as_str()));
        out.extend(headers.filter_map(|(_, v)| v.to_str().ok().map(str::to_owned)));
        out
    }

    fn decode_error(&self, raw: &Raw, err: serde_path_to_error::Error<serde_json::Error>) -> Error {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let message = redact::serde_message(&inner.to_string());
        let detail = if path == "." { message } else { format!("at `{path}`: {message}") };
        Error::Decode { status: raw.status, detail, excerpt: redact::excerpt(&raw.body, self.sensitive, EXCERPT_CHARS) }
    }
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;

    use super::*;

    const ENVELOPE: Envelope = Envelope { code: "code", message: "message", data: "response", success: 0 };

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Record {
        id: String,
    }

    fn core() -> Core {
        CoreBuilder::new("http://127.0.0.1:9", "test").envelope(ENVELOPE).sensitive_keys(&["name"]).build().unwrap()
    }

    fn unwrap(body: &str) -> Result<Record, Error> {
        core().unwrap_envelope(
            ENVELOPE,
            &Raw { status: StatusCode::OK, body: body.as_bytes().to_vec(), retry_after: None },
            &Request::get("/"),
        )
    }

    #[test]
    fn envelopes_unwrap_to_payload_api_error_or_decode_error() {
        assert_eq!(unwrap(r#"{"code":0,"message":null,"response":{"id":"a"}}"#).unwrap(), Record { id: "a".into() });
        let cases: &[(&str, Option<i64>)] = &[
            (r#"{"code":1,"message":"no","response":null}"#, Some(1)),
            // The error code wins over a payload that is not a `Record`.
            (r#"{"code":2,"message":"no","response":{"reason":"x"}}"#, Some(2)),
            (r#"{"code":3,"message":"no","response":[]}"#, Some(3)),
            // Without an error code, a bad payload is a decoding failure.
            (r#"{"code":0,"message":null,"response":{"name":"홍길동"}}"#, None),
            (r#"{"message":null,"response":{"id":5}}"#, None),
            (r#"{"code":0,"message":null,"response":null}"#, None),
            (r#"{"code":1,"message":"no","response":{"id":"a""#, None),
        ];
        for (body, api_code) in cases {
            match (unwrap(body).unwrap_err(), api_code) {
                (Error::Api { code, message, .. }, Some(expected)) => {
                    assert_eq!((code, message.as_deref()), (*expected, Some("no")), "{body}");
                }
                (Error::Decode { excerpt, .. }, None) => assert!(!excerpt.contains("홍길동"), "{excerpt}"),
                (other, _) => panic!("{body}: {other:?}"),
            }
        }
    }
}
