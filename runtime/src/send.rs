//! Sending one call: credentials, the one token refresh on `401`, retries
//! by the [`RetryPolicy`], and the HTTP exchange itself, through
//! `reqwest` or a middleware stack.

use std::borrow::Cow;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, USER_AGENT};

use crate::client::Core;
use crate::client::Request;
use crate::http::{Http, Raw};
use crate::retry::{self, Attempts};
use crate::security::{self, Applied, Requirements};
use crate::{Error, trace};

impl Core {
    /// Sends `request` and turns a non-success status into an error.
    pub(crate) async fn success(&self, request: &Request) -> Result<Raw, Error> {
        let raw = self.execute(request).await?;
        if raw.status.is_success() { Ok(raw) } else { Err(self.status_error(raw, request)) }
    }

    /// Sends `request`, with the credentials it needs. A `401` is answered
    /// by one token refresh and one more send, never more; failures that
    /// may pass are retried as the policy says.
    async fn execute(&self, request: &Request) -> Result<Raw, Error> {
        let mut attempts = Attempts::new(&self.retry, request.idempotent);
        if let Some(requirements) = request.security {
            return self.execute_secured(request, requirements, &mut attempts).await;
        }
        let auth = self.auth.as_ref().filter(|_| request.authenticated);
        let Some(auth) = auth else {
            return self.send(request, &Applied::default(), &mut attempts).await;
        };
        let lease = auth.lease(self).await?;
        let raw = self.send(request, &Applied::token(&lease), &mut attempts).await?;
        if raw.status != StatusCode::UNAUTHORIZED {
            return Ok(raw);
        }
        trace::event!(
            tracing::Level::INFO,
            token.generation = lease.generation,
            "the server refused the token: renewing it"
        );
        let lease = auth.renew(self, lease.generation).await?;
        self.send(request, &Applied::token(&lease), &mut attempts).await
    }

    /// Sends `request` with the credentials its security requirements ask
    /// for. A `401` is answered by renewing the tokens among them once and
    /// sending once more; fixed credentials are not sent again.
    async fn execute_secured(
        &self,
        request: &Request,
        requirements: Requirements,
        attempts: &mut Attempts<'_>,
    ) -> Result<Raw, Error> {
        let Some(chosen) = self.credentials.choose(requirements)? else {
            return self.send(request, &Applied::default(), attempts).await;
        };
        let applied = security::apply(self, &chosen).await?;
        let raw = self.send(request, &applied, attempts).await?;
        if raw.status != StatusCode::UNAUTHORIZED {
            return Ok(raw);
        }
        match security::renew(self, applied).await? {
            Some(renewed) => {
                trace::event!(tracing::Level::INFO, "the server refused the token: renewed it");
                self.send(request, &renewed, attempts).await
            }
            None => Ok(raw),
        }
    }

    /// Sends `request` until it gets an answer that is not worth retrying,
    /// or the policy stops (the last answer or error is returned then).
    async fn send(
        &self,
        request: &Request,
        auth: &Applied<'_, Core>,
        attempts: &mut Attempts<'_>,
    ) -> Result<Raw, Error> {
        let body =
            request.body.as_ref().map(|(content_type, body)| (*content_type, self.body_with_defaults(request, body)));
        loop {
            attempts.made += 1;
            trace::record("attempts", attempts.made);
            let outcome = self.send_once(request, auth, body.as_ref().map(|(ct, body)| (*ct, body.to_vec()))).await;
            let retry_after = match &outcome {
                Ok(raw) if retry::transient(raw.status) => raw.retry_after,
                Err(Error::Timeout { .. }) => None,
                Err(Error::Transport { source }) if !refused_data(source) => None,
                _ => return outcome,
            };
            let Some(wait) = attempts.next_wait(retry_after) else { return outcome };
            trace::event!(
                tracing::Level::INFO,
                attempt = attempts.made,
                reason = match &outcome {
                    Ok(raw) => raw.status.as_str(),
                    Err(err) => err.variant(),
                },
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One exchange: `body` is the request's, with the client's defaults filled in.
    async fn send_once(
        &self,
        request: &Request,
        auth: &Applied<'_, Core>,
        body: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Raw, Error> {
        let url = self.url(request, auth)?;
        let headers = request.headers.iter().chain(&auth.headers);
        // The same steps for either builder: they have the same methods but no common trait.
        macro_rules! build {
            ($builder:expr) => {{
                let mut builder = $builder;
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(user_agent) = &self.user_agent {
                    builder = builder.header(USER_AGENT, user_agent.clone());
                }
                for (name, value) in headers {
                    builder = builder.header(name.clone(), value.clone());
                }
                if let Some((user, password)) = auth.basic {
                    builder = builder.basic_auth(user, Some(password));
                }
                if let Some((content_type, body)) = body {
                    builder = builder.header(CONTENT_TYPE, content_type).body(body);
                }
                builder
            }};
        }
        let response = match &self.http {
            Http::Reqwest(client) => {
                build!(client.request(request.method.clone(), url)).send().await.map_err(Error::from_reqwest)?
            }
            #[cfg(feature = "middleware")]
            Http::Middleware(client) => {
                build!(client.request(request.method.clone(), url)).send().await.map_err(Error::from_middleware)?
            }
        };
        let status = response.status();
        trace::record("http.response.status_code", status.as_u16());
        let retry_after = if retry::transient(status) { retry::retry_after(response.headers()) } else { None };
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Ok(Raw { status, body: body.into(), retry_after })
    }

    /// The URL of `request`: base URL, path, query parameters, defaults and credentials.
    fn url(&self, request: &Request, auth: &Applied<'_, Core>) -> Result<reqwest::Url, Error> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base, request.path))
            .map_err(|_| Error::invalid("path", "does not form a valid URL"))?;
        let defaults: Vec<(&'static str, String)> = self
            .defaults
            .iter()
            .filter(|(name, _)| request.defaults.0.contains(name) && !request.query.iter().any(|(k, _)| k == name))
            .cloned()
            .collect();
        if !request.query.is_empty() || !auth.query.is_empty() || !defaults.is_empty() {
            let pairs = request.query.iter().chain(&defaults).chain(&auth.query);
            url.query_pairs_mut().extend_pairs(pairs.map(|(k, v)| (*k, v.as_str())));
        }
        Ok(url)
    }

    /// `body` with the client's defaults for the fields `request` takes as
    /// defaults and leaves out, when it is a JSON object.
    fn body_with_defaults<'b>(&self, request: &Request, body: &'b [u8]) -> Cow<'b, [u8]> {
        let wanted: Vec<&(&'static str, String)> =
            self.defaults.iter().filter(|(name, _)| request.defaults.1.contains(name)).collect();
        if wanted.is_empty() {
            return Cow::Borrowed(body);
        }
        let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice::<serde_json::Value>(body) else {
            return Cow::Borrowed(body);
        };
        for (name, value) in wanted {
            object.entry(*name).or_insert_with(|| serde_json::Value::String(value.clone()));
        }
        serde_json::to_vec(&object).map_or(Cow::Borrowed(body), Cow::Owned)
    }
}

/// Whether a transport error came from data that was refused rather than
/// lost (a certificate that does not verify, say: rustls reports it as an
/// `InvalidData` I/O error), which sending again cannot mend.
fn refused_data(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(err) = source {
        source = match err.downcast_ref::<std::io::Error>() {
            Some(io) if io.kind() == std::io::ErrorKind::InvalidData => return true,
            // An I/O error's `source` skips the error it wraps.
            Some(io) => io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    false
}
