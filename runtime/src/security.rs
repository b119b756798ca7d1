//! The credentials of the security schemes an API declares, and which of
//! them a request carries.
//!
//! An operation's security requirement is a list of alternatives, each a set
//! of schemes used together (OpenAPI's `security`). The client holds the
//! credentials its builder was given, one per scheme; a request carries the
//! first alternative whose schemes all have one. No requirement at all means
//! no credentials; an empty alternative means the operation may also be
//! called without any.
//!
//! A token credential holds a [`TokenAuth`], which is handed the core that
//! sends its token requests; everything here is generic over that core `C`
//! (the client's `Core`), so this module needs nothing from the client.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

use crate::token::{Lease, TokenAuth};
use crate::{Error, Secret};

/// An operation's security alternatives: each inner list names the schemes
/// (as the spec does) that are sent together.
pub type Requirements = &'static [&'static [&'static str]];

/// The credential of one security scheme, for requests sent with a core
/// `C` (which a token credential hands its token source).
pub struct Credential<C>(Kind<C>);

enum Kind<C> {
    /// A header with a fixed value (an API key, `PortOne <secret>`, `Basic …`).
    Header(HeaderName, HeaderValue),
    /// A query parameter with a fixed value.
    Query(&'static str, Secret),
    /// A token obtained, cached and refreshed by a [`TokenAuth`] (boxed: it
    /// is much larger than the others).
    Token(Box<TokenAuth<C>>),
    /// HTTP basic authentication.
    Basic(String, Secret),
}

impl<C> Credential<C> {
    /// A header `name: value`, `value` being the whole header value
    /// (`PortOne <secret>`, say). It is marked sensitive, so HTTP tooling does
    /// not log it.
    pub fn header(name: &str, value: impl Into<String>) -> Result<Self, Error> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::from_str(&value.into())
            .map_err(|_| Error::Config(format!("the credential for `{name}` cannot be sent in a header")))?;
        value.set_sensitive(true);
        Ok(Credential(Kind::Header(header, value)))
    }

    /// A query parameter `name=value`.
    pub fn query(name: &'static str, value: impl Into<String>) -> Self {
        Credential(Kind::Query(name, Secret::new(value)))
    }

    /// Tokens from `auth`.
    pub fn token(auth: TokenAuth<C>) -> Self {
        Credential(Kind::Token(Box::new(auth)))
    }

    /// HTTP basic authentication with `user` and `password`.
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credential(Kind::Basic(user.into(), Secret::new(password)))
    }
}

impl<C> fmt::Debug for Credential<C> {
    /// Shows where the credential goes, never its value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Header(name, _) => write!(f, "Credential(header {name})"),
            Kind::Query(name, _) => write!(f, "Credential(query {name})"),
            Kind::Token(auth) => write!(f, "Credential({auth:?})"),
            Kind::Basic(..) => write!(f, "Credential(basic)"),
        }
    }
}

/// The credentials of a client, by scheme name.
pub(crate) struct Credentials<C>(Vec<(&'static str, Credential<C>)>);

// By hand: derived, they would ask `C` for `Default` and `Debug` too.
impl<C> Default for Credentials<C> {
    fn default() -> Self {
        Credentials(Vec::new())
    }
}

impl<C> fmt::Debug for Credentials<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Credentials").field(&self.0).finish()
    }
}

/// What one request carries: headers and query pairs, and the token leases
/// behind some of them (to renew after a `401`).
pub(crate) struct Applied<'c, C> {
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub query: Vec<(&'static str, String)>,
    pub leases: Vec<(&'c TokenAuth<C>, Lease)>,
    pub basic: Option<(&'c str, &'c str)>,
}

// By hand: derived, it would ask `C` for `Default` too.
impl<C> Default for Applied<'_, C> {
    fn default() -> Self {
        Applied { headers: Vec::new(), query: Vec::new(), leases: Vec::new(), basic: None }
    }
}

impl<C> Applied<'_, C> {
    /// A token header and nothing else.
    pub fn token(lease: &Lease) -> Self {
        Applied { headers: vec![(lease.header.clone(), lease.value.clone())], ..Applied::default() }
    }
}

impl<C> Credentials<C> {
    pub fn insert(&mut self, scheme: &'static str, credential: Credential<C>) {
        self.0.retain(|(s, _)| *s != scheme);
        self.0.push((scheme, credential));
    }

    /// The first credential that is a token, if any.
    pub fn first_token(&self) -> Option<&TokenAuth<C>> {
        self.0.iter().find_map(|(_, c)| match &c.0 {
            Kind::Token(auth) => Some(&**auth),
            _ => None,
        })
    }

    fn get(&self, scheme: &str) -> Option<&Credential<C>> {
        self.0.iter().find(|(s, _)| *s == scheme).map(|(_, c)| c)
    }

    /// The credentials to send for `requirements`: those of the first
    /// alternative that this client can satisfy. `Ok(None)` means none are
    /// needed (or none can be given and the operation allows that).
    pub fn choose(&self, requirements: Requirements) -> Result<Option<Vec<&Credential<C>>>, Error> {
        if requirements.is_empty() {
            return Ok(None);
        }
        for alternative in requirements {
            let found: Option<Vec<&Credential<C>>> = alternative.iter().map(|scheme| self.get(scheme)).collect();
            match found {
                Some(credentials) if credentials.is_empty() => return Ok(None),
                Some(credentials) => return Ok(Some(credentials)),
                None => {}
            }
        }
        let wanted: Vec<String> = requirements.iter().map(|a| a.join(" + ")).collect();
        Err(Error::Config(format!(
            "this operation needs credentials ({}), and the client was built without them",
            wanted.join(" or ")
        )))
    }
}

/// Applies `chosen`, fetching tokens as needed (from their caches when
/// fresh) with `core`.
pub(crate) async fn apply<'c, C: 'static>(core: &C, chosen: &[&'c Credential<C>]) -> Result<Applied<'c, C>, Error> {
    let mut applied = Applied::default();
    for credential in chosen {
        match &credential.0 {
            Kind::Header(name, value) => applied.headers.push((name.clone(), value.clone())),
            Kind::Query(name, value) => applied.query.push((name, value.expose().to_owned())),
            Kind::Basic(user, password) => applied.basic = Some((user, password.expose())),
            Kind::Token(auth) => {
                let lease = auth.lease(core).await?;
                applied.headers.push((lease.header.clone(), lease.value.clone()));
                applied.leases.push((auth, lease));
            }
        }
    }
    Ok(applied)
}

/// After a `401`: the same credentials with every token renewed once, or
/// `None` when no token was sent (nothing to renew). New tokens are fetched
/// with `core`.
pub(crate) async fn renew<'c, C: 'static>(core: &C, applied: Applied<'c, C>) -> Result<Option<Applied<'c, C>>, Error> {
    if applied.leases.is_empty() {
        return Ok(None);
    }
    let mut renewed = Applied { headers: Vec::new(), query: applied.query, leases: Vec::new(), basic: applied.basic };
    let tokens: Vec<&HeaderName> = applied.leases.iter().map(|(_, lease)| &lease.header).collect();
    renewed.headers = applied.headers.iter().filter(|(name, _)| !tokens.contains(&name)).cloned().collect();
    for (auth, lease) in applied.leases {
        let lease = auth.renew(core, lease.generation).await?;
        renewed.headers.push((lease.header.clone(), lease.value.clone()));
        renewed.leases.push((auth, lease));
    }
    Ok(Some(renewed))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Choosing needs no client: a unit core stands in for it.
    type Credential = super::Credential<()>;
    type Credentials = super::Credentials<()>;

    fn credentials(schemes: &[&'static str]) -> Credentials {
        let mut all = Credentials::default();
        for scheme in schemes {
            all.insert(scheme, Credential::query("key", *scheme));
        }
        all
    }

    fn chosen(all: &Credentials, requirements: Requirements) -> Result<Option<usize>, Error> {
        all.choose(requirements).map(|c| c.map(|c| c.len()))
    }

    #[test]
    fn the_first_alternative_the_client_can_satisfy_is_sent() {
        let both = credentials(&["bearer", "key"]);
        let key_only = credentials(&["key"]);
        let none = credentials(&[]);
        // No requirement: nothing is sent.
        assert_eq!(chosen(&both, &[]).unwrap(), None);
        assert_eq!(chosen(&both, &[&["bearer"], &["key"]]).unwrap(), Some(1));
        assert_eq!(chosen(&key_only, &[&["bearer"], &["key"]]).unwrap(), Some(1));
        assert_eq!(chosen(&both, &[&["bearer", "key"]]).unwrap(), Some(2));
        // An empty alternative allows calling without credentials.
        assert_eq!(chosen(&none, &[&["bearer"], &[]]).unwrap(), None);
        let err = chosen(&none, &[&["bearer"], &["key"]]).unwrap_err();
        assert!(err.to_string().contains("(bearer or key)"), "{err}");
        assert!(chosen(&key_only, &[&["bearer", "key"]]).is_err());
    }

    #[test]
    fn debug_shows_where_not_what() {
        let header = Credential::header("Authorization", "PortOne s3cret").unwrap();
        let query = Credential::query("api_key", "s3cret");
        for shown in [format!("{header:?}"), format!("{query:?}")] {
            assert!(!shown.contains("s3cret"), "{shown}");
        }
        assert!(Credential::header("bad header", "x").is_err());
        assert!(Credential::header("Authorization", "line\nbreak").is_err());
    }
}
