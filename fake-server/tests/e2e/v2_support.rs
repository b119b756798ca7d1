//! A thin reqwest helper for the V2 server, so tests read as requests and
//! answers. Errors are `{type, message}` bodies, checked with `expect_error`.

use iamport_fake_server::v2::FakeServer;
use serde_json::{Value, json};

pub use crate::support::Reply;

pub const SECRET: &str = FakeServer::DEFAULT_API_SECRET;
pub const CHANNEL: &str = FakeServer::DEFAULT_CHANNEL_KEY;

/// How a request carries its credentials.
#[derive(Clone, Copy, Debug)]
pub enum Cred<'a> {
    None,
    Secret(&'a str),
    Bearer(&'a str),
    /// The whole `Authorization` value as given.
    Header(&'a str),
}

/// The default secret, for tests about something else than auth.
pub const AUTH: Cred<'static> = Cred::Secret(SECRET);

#[derive(Clone)]
pub struct V2 {
    http: reqwest::Client,
    base_url: String,
}

impl V2 {
    pub async fn call(&self, method: &str, path: &str, cred: Cred<'_>, body: Option<Value>) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, format!("{}{path}", self.base_url));
        request = match cred {
            Cred::None => request,
            Cred::Secret(secret) => request.header("Authorization", format!("PortOne {secret}")),
            Cred::Bearer(token) => request.header("Authorization", format!("Bearer {token}")),
            Cred::Header(value) => request.header("Authorization", value),
        };
        if let Some(body) = body {
            request = request.header("Content-Type", "application/json").body(body.to_string());
        }
        let response = request.send().await.expect("request reaches the fake server");
        Reply {
            status: response.status().as_u16(),
            content_type: response.headers().get("content-type").map(|value| value.to_str().expect("ascii").to_owned()),
            text: response.text().await.expect("body"),
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call("POST", path, AUTH, Some(body)).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call("GET", path, AUTH, None).await
    }

    /// `POST /login/api-secret` with the default secret: (access, refresh).
    pub async fn login(&self) -> (String, String) {
        let reply = self.call("POST", "/login/api-secret", Cred::None, Some(json!({"apiSecret": SECRET}))).await;
        tokens(&reply)
    }

    pub async fn send(&self, id: &str, body: Value) -> Reply {
        self.post(&format!("/identity-verifications/{id}/send"), body).await
    }

    pub async fn confirm(&self, id: &str, body: Value) -> Reply {
        self.post(&format!("/identity-verifications/{id}/confirm"), body).await
    }

    pub async fn resend(&self, id: &str) -> Reply {
        self.call("POST", &format!("/identity-verifications/{id}/resend"), AUTH, None).await
    }

    pub async fn record(&self, id: &str) -> Reply {
        self.get(&format!("/identity-verifications/{id}")).await
    }

    /// The list with `conditions` as JSON text in the `requestBody` query parameter.
    pub async fn list(&self, conditions: Value) -> Reply {
        let query = serde_urlencoded::to_string([("requestBody", conditions.to_string())]).expect("encodes");
        self.get(&format!("/identity-verifications?{query}")).await
    }
}

/// The pair of a 200 login or refresh answer.
pub fn tokens(reply: &Reply) -> (String, String) {
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body.as_object().map(|o| o.len()), Some(2), "{}", reply.text);
    let text = |name: &str| body[name].as_str().unwrap_or_else(|| panic!("{name}: {}", reply.text)).to_owned();
    (text("accessToken"), text("refreshToken"))
}

/// Asserts an error answer with this status and `type`; returns the body.
#[track_caller]
pub fn expect_error(reply: &Reply, status: u16, error_type: &str) -> Value {
    assert_eq!((reply.status, reply.error_type().as_str()), (status, error_type), "{}", reply.text);
    let body = reply.json();
    assert!(body["message"].is_string(), "{}", reply.text);
    body
}

impl Reply {
    pub fn error_type(&self) -> String {
        self.json()["type"].as_str().unwrap_or("<no type>").to_owned()
    }
}

pub async fn start() -> (FakeServer, V2) {
    let server = FakeServer::start().await.expect("fake V2 server starts");
    let client = V2::for_server(&server);
    (server, client)
}

impl V2 {
    pub fn for_server(server: &FakeServer) -> V2 {
        V2 { http: crate::support::http(), base_url: server.base_url() }
    }
}

/// A valid SMS send body.
pub fn sms() -> Value {
    json!({
        "channelKey": CHANNEL,
        "customer": {
            "id": "customer-1", "name": "홍길동", "phoneNumber": "01012345678",
            "identityNumber": "9001011", "ipAddress": "203.0.113.7",
        },
        "operator": "SKT",
        "method": "SMS",
        "customData": "order-1",
    })
}

/// A valid APP send body (no identity number).
pub fn app() -> Value {
    json!({
        "channelKey": CHANNEL,
        "customer": { "name": "김영희", "phoneNumber": "01098765432", "ipAddress": "2001:db8::1" },
        "operator": "KT_MVNO",
        "method": "APP",
    })
}

/// Sends `id` by SMS and returns the password the fake texted.
pub async fn sent(server: &FakeServer, client: &V2, id: &str) -> String {
    let reply = client.send(id, sms()).await;
    assert_eq!((reply.status, reply.text.as_str()), (200, "{}"));
    server.otp_for(id).expect("an OTP was issued")
}

/// Sends and confirms `id`; returns the verified record.
pub async fn verified(server: &FakeServer, client: &V2, id: &str) -> Value {
    let otp = sent(server, client, id).await;
    let reply = client.confirm(id, json!({ "otp": otp })).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["identityVerification"].clone()
}

/// The claims of a JWT, decoded without checking anything.
pub fn jwt_claims(token: &str) -> Value {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "three parts: {token}");
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sextets: Vec<u32> =
        parts[1].bytes().map(|b| ALPHABET.iter().position(|&a| a == b).expect("base64url") as u32).collect();
    let mut bytes = Vec::new();
    for chunk in sextets.chunks(4) {
        let word = chunk.iter().enumerate().fold(0u32, |acc, (i, &s)| acc | s << (18 - 6 * i));
        bytes.extend(&word.to_be_bytes()[1..chunk.len()]);
    }
    serde_json::from_slice(&bytes).expect("claims are JSON")
}
