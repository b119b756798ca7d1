//! A hand-written client call of the kind the generated client makes: a
//! token request with a JSON body and an enveloped JSON response.

use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct TokenRequest<'a> {
    imp_key: &'a str,
    imp_secret: &'a str,
}

#[derive(Deserialize)]
struct Envelope<T> {
    code: i64,
    message: Option<String>,
    response: Option<T>,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

#[derive(Debug, thiserror::Error)]
enum Error {
    #[error("HTTP: {0}")]
    Http(#[from] reqwest::Error),
    #[error("API error {0}: {1}")]
    Api(i64, String),
}

async fn token(client: &reqwest::Client, base: &str) -> Result<String, Error> {
    let body = TokenRequest { imp_key: "key", imp_secret: "secret" };
    let envelope: Envelope<Token> = client.post(format!("{base}/users/getToken")).json(&body).send().await?.json().await?;
    match envelope.response {
        Some(token) if envelope.code == 0 => Ok(token.access_token),
        _ => Err(Error::Api(envelope.code, envelope.message.unwrap_or_default())),
    }
}

#[tokio::main]
async fn main() {
    let client = reqwest::Client::new();
    if let Err(error) = token(&client, "http://127.0.0.1:9").await {
        eprintln!("{error}");
    }
    let _ = serde_json::json!({});
}
