//! `POST /users/getToken`: issue, reuse, extension, expiry, credentials.

use std::time::Duration;

use iamport_fake_server::FakeServer;
use serde_json::{Value, json};

use crate::support::{self, Body, Client};

const CREDENTIALS: &str = "imp_key=test_imp_key&imp_secret=test_imp_secret";

async fn grant(client: &Client) -> (String, i64, i64) {
    let reply = client.get_token_with(Body::Form(CREDENTIALS)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    let auth = &body["response"];
    (
        auth["access_token"].as_str().expect("token").to_owned(),
        auth["now"].as_i64().expect("integer now"),
        auth["expired_at"].as_i64().expect("integer expired_at"),
    )
}

#[tokio::test]
async fn issues_a_40_hex_token_for_30_minutes() {
    let (server, client) = support::start().await;
    let reply =
        client.get_token_with(Body::Json(json!({"imp_key": "test_imp_key", "imp_secret": "test_imp_secret"}))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
    let body = reply.json();
    assert_eq!(body["code"], 0);
    assert_eq!(body["message"], Value::Null);
    let auth = body["response"].as_object().expect("response object");
    assert_eq!(auth.len(), 3);
    let token = auth["access_token"].as_str().expect("token");
    assert_eq!(token.len(), 40);
    assert!(token.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')), "{token}");
    let now = auth["now"].as_i64().expect("now is an integer");
    assert!((now - server.now()).abs() <= 1);
    assert_eq!(auth["expired_at"].as_i64(), Some(now + 1800));
}

#[tokio::test]
async fn asking_again_returns_the_same_token_and_expiry() {
    let (server, client) = support::start().await;
    let (first, _, expires) = grant(&client).await;
    server.advance_clock(Duration::from_secs(10 * 60));
    let (second, now, expires_again) = grant(&client).await;
    assert_eq!(second, first);
    assert_eq!(expires_again, expires);
    assert_eq!(expires - now, 20 * 60);
    assert_eq!(server.token_requests(), 2);
}

#[tokio::test]
async fn asking_in_the_last_minute_extends_by_five_minutes() {
    let (server, client) = support::start().await;
    let (first, _, expires) = grant(&client).await;
    server.advance_clock(Duration::from_secs(29 * 60 + 30));
    let (second, _, extended) = grant(&client).await;
    assert_eq!(second, first);
    assert_eq!(extended, expires + 300);
    // The extended token still works past its original expiry.
    server.advance_clock(Duration::from_secs(2 * 60));
    assert_eq!(client.get("/certifications/imp_000000000000", &first).await.status, 404);
}

#[tokio::test]
async fn after_expiry_a_new_token_is_issued_and_the_old_one_is_refused() {
    let (server, client) = support::start().await;
    let (old, _, _) = grant(&client).await;
    server.advance_clock(Duration::from_secs(31 * 60));
    let reply = client.get("/certifications/imp_000000000000", &old).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.error_message(), "Unauthorized");

    let (new, now, expires) = grant(&client).await;
    assert_ne!(new, old);
    assert_eq!(expires, now + 1800);
    assert_eq!(client.get("/certifications/imp_000000000000", &new).await.status, 404);
}

#[tokio::test]
async fn revoked_tokens_are_refused_and_replaced() {
    let (server, client) = support::start().await;
    let (old, _, _) = grant(&client).await;
    server.revoke_tokens();
    assert_eq!(client.get("/certifications/imp_000000000000", &old).await.status, 401);
    let (new, _, _) = grant(&client).await;
    assert_ne!(new, old);
}

#[tokio::test]
async fn builder_sets_credentials_and_ttl() {
    let server = FakeServer::builder()
        .credentials("key", "secret")
        .token_ttl(Duration::from_secs(90))
        .start()
        .await
        .expect("starts");
    let client = Client::new(&server);
    assert_eq!(client.get_token_with(Body::Form(CREDENTIALS)).await.status, 401);
    let reply = client.get_token_with(Body::Form("imp_key=key&imp_secret=secret")).await;
    let auth = &reply.json()["response"];
    assert_eq!(auth["expired_at"].as_i64(), auth["now"].as_i64().map(|now| now + 90));
}

#[tokio::test]
async fn credential_errors_are_envelopes() {
    let (server, client) = support::start().await;
    let missing = "imp_key, imp_secret 파라메터가 누락되었습니다.";
    let cases = [
        (Body::None, 400, Some(missing)),
        (Body::Json(json!({"imp_key": "test_imp_key"})), 400, Some(missing)),
        (Body::Form("imp_secret=test_imp_secret"), 400, Some(missing)),
        (Body::Json(json!({"imp_key": "test_imp_key", "imp_secret": "wrong"})), 401, None),
        (Body::Form("imp_key=wrong&imp_secret=test_imp_secret"), 401, None),
        (Body::Raw("text/plain", CREDENTIALS), 400, None),
        (Body::Raw("application/json", "{\"imp_key\":"), 400, None),
    ];
    for (body, status, message) in cases {
        let reply = client.get_token_with(body.clone()).await;
        assert_eq!(reply.status, status, "{body:?}: {}", reply.text);
        assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
        let text = reply.error_message();
        if let Some(message) = message {
            assert_eq!(text, message);
        }
    }
    assert_eq!(server.token_requests(), 7);
}

#[tokio::test]
async fn concurrent_callers_share_one_token() {
    let (server, client) = support::start().await;
    let mut callers = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let client = client.clone();
        callers.spawn(async move { grant(&client).await });
    }
    let grants = callers.join_all().await;
    assert_eq!(grants.len(), 8);
    assert!(grants.iter().all(|(token, _, expires)| (token, expires) == (&grants[0].0, &grants[0].2)));
    assert_eq!(server.token_requests(), 8);
}
