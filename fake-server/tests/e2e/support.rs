//! A thin HTTP helper over reqwest so tests read as requests and answers.

use iamport_fake_server::FakeServer;
use serde_json::Value;

/// How a request carries its token.
#[derive(Clone, Copy, Debug)]
pub enum Auth<'a> {
    None,
    Bearer(&'a str),
    Raw(&'a str),
    ImpHeader(&'a str),
}

/// A request body.
#[derive(Clone, Debug)]
pub enum Body<'a> {
    None,
    Json(Value),
    Form(&'a str),
    Raw(&'a str, &'a str),
}

/// What came back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub text: String,
}

impl Reply {
    /// The body as JSON; panics with the body text when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|err| panic!("{err}: {}", self.text))
    }

    /// Asserts an error envelope and returns its message.
    pub fn error_message(&self) -> String {
        let body = self.json();
        assert_eq!(body["code"], -1, "{}", self.text);
        assert_eq!(body["response"], Value::Null, "{}", self.text);
        body["message"].as_str().expect("message is a string").to_owned()
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
}

/// A plain reqwest client. In a workspace build our reqwest is the runtime's,
/// which by default has rustls without a built-in crypto provider, so a
/// client built outside the runtime needs one installed (README, "TLS").
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

impl Client {
    pub fn new(server: &FakeServer) -> Client {
        Client { http: http(), base_url: server.base_url() }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn http_base(&self) -> &str {
        &self.base_url
    }

    pub async fn send(&self, method: &str, path: &str, auth: Auth<'_>, body: Body<'_>) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, format!("{}{path}", self.base_url));
        request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.header("Authorization", format!("Bearer {token}")),
            Auth::Raw(token) => request.header("Authorization", token),
            Auth::ImpHeader(token) => request.header("X-ImpTokenHeader", token),
        };
        request = match body {
            Body::None => request,
            Body::Json(value) => request.header("Content-Type", "application/json").body(value.to_string()),
            Body::Form(text) => {
                request.header("Content-Type", "application/x-www-form-urlencoded").body(text.to_owned())
            }
            Body::Raw(content_type, text) => request.header("Content-Type", content_type).body(text.to_owned()),
        };
        let response = request.send().await.expect("request reaches the fake server");
        Reply {
            status: response.status().as_u16(),
            content_type: response.headers().get("content-type").map(|value| value.to_str().expect("ascii").to_owned()),
            text: response.text().await.expect("body"),
        }
    }

    pub async fn get_token_with(&self, body: Body<'_>) -> Reply {
        self.send("POST", "/users/getToken", Auth::None, body).await
    }

    /// A token for the default credentials.
    pub async fn token(&self) -> String {
        let reply = self
            .get_token_with(Body::Json(serde_json::json!({
                "imp_key": "test_imp_key",
                "imp_secret": "test_imp_secret",
            })))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()["response"]["access_token"].as_str().expect("access_token").to_owned()
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send("GET", path, Auth::Bearer(token), Body::None).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.send("DELETE", path, Auth::Bearer(token), Body::None).await
    }

    pub async fn post_json(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send("POST", path, Auth::Bearer(token), Body::Json(body)).await
    }

    pub async fn post_form(&self, path: &str, token: &str, body: &str) -> Reply {
        self.send("POST", path, Auth::Bearer(token), Body::Form(body)).await
    }
}

/// Starts a default server and a client for it.
pub async fn start() -> (FakeServer, Client) {
    let server = FakeServer::start().await.expect("fake server starts");
    let client = Client::new(&server);
    (server, client)
}

/// The body of a valid OTP request.
pub fn otp_request() -> Value {
    serde_json::json!({
        "name": "홍길동",
        "phone": "010-1234-5678",
        "birth": "900101",
        "gender_digit": "1",
        "carrier": "SKT",
    })
}

/// Requests an OTP and returns the imp_uid.
pub async fn request_otp(client: &Client, token: &str, body: Value) -> String {
    let reply = client.post_json("/certifications/otp/request", token, body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["response"]["imp_uid"].as_str().expect("imp_uid").to_owned()
}
