//! V2 credentials: the API secret, JWT access tokens from the login, their
//! expiry on the server's clock, single-use refresh tokens, and 401 answers.

use std::time::Duration;

use iamport_fake_server::v2::{AuthScheme, FakeServer};
use serde_json::json;

use crate::v2_support::{self, AUTH, Cred, SECRET, V2, expect_error, jwt_claims, tokens};

const GET_MISSING: &str = "/identity-verifications/iv-missing";

#[tokio::test]
async fn the_secret_and_a_login_token_both_open_the_api() {
    let (server, client) = v2_support::start().await;
    expect_error(&client.call("GET", GET_MISSING, AUTH, None).await, 404, "IDENTITY_VERIFICATION_NOT_FOUND");

    let (access, refresh) = client.login().await;
    assert_ne!(access, refresh);
    let claims = jwt_claims(&access);
    let exp = claims["exp"].as_i64().expect("exp in UNIX seconds");
    let iat = claims["iat"].as_i64().expect("iat");
    assert_eq!(exp - iat, 30 * 60);
    assert!((iat - server.now()).abs() <= 1);
    assert_eq!(claims["sub"], FakeServer::DEFAULT_STORE_ID);
    let reply = client.call("GET", GET_MISSING, Cred::Bearer(&access), None).await;
    expect_error(&reply, 404, "IDENTITY_VERIFICATION_NOT_FOUND");
    // Scheme names are case-insensitive.
    let lower = format!("portone {SECRET}");
    expect_error(
        &client.call("GET", GET_MISSING, Cred::Header(&lower), None).await,
        404,
        "IDENTITY_VERIFICATION_NOT_FOUND",
    );

    let schemes: Vec<AuthScheme> = server.requests().iter().map(|r| r.auth).collect();
    assert_eq!(schemes, [AuthScheme::PortOne, AuthScheme::None, AuthScheme::Bearer, AuthScheme::PortOne]);
    assert_eq!(server.login_requests(), 1);
}

#[tokio::test]
async fn login_and_refresh_take_no_credentials_and_check_their_bodies() {
    let (server, client) = v2_support::start().await;
    let login = |cred, body| client.call("POST", "/login/api-secret", cred, body);
    tokens(&login(Cred::None, Some(json!({"apiSecret": SECRET}))).await);
    // Credentials sent anyway are ignored, even wrong ones.
    tokens(&login(Cred::Bearer("not-a-token"), Some(json!({"apiSecret": SECRET}))).await);

    expect_error(&login(Cred::None, Some(json!({"apiSecret": "wrong"}))).await, 401, "UNAUTHORIZED");
    for body in [None, Some(json!({})), Some(json!({"apiSecret": 5})), Some(json!({"apiSecret": ""}))] {
        expect_error(&login(Cred::None, body).await, 400, "INVALID_REQUEST");
    }
    let refresh = |body| client.call("POST", "/token/refresh", Cred::None, Some(body));
    expect_error(&refresh(json!({})).await, 400, "INVALID_REQUEST");
    expect_error(&refresh(json!({"refreshToken": "unknown"})).await, 401, "UNAUTHORIZED");
    assert_eq!((server.login_requests(), server.refresh_requests()), (7, 2));
}

#[tokio::test]
async fn an_expired_access_token_is_refused_and_a_refresh_replaces_it() {
    let server = FakeServer::builder().access_token_ttl(Duration::from_secs(60)).start().await.expect("starts");
    let client = V2::for_server(&server);
    let (access, refresh) = client.login().await;
    assert_eq!(jwt_claims(&access)["exp"].as_i64(), Some(jwt_claims(&access)["iat"].as_i64().unwrap() + 60));

    server.advance_clock(Duration::from_secs(59));
    expect_error(
        &client.call("GET", GET_MISSING, Cred::Bearer(&access), None).await,
        404,
        "IDENTITY_VERIFICATION_NOT_FOUND",
    );
    server.advance_clock(Duration::from_secs(1));
    let expired =
        expect_error(&client.call("GET", GET_MISSING, Cred::Bearer(&access), None).await, 401, "UNAUTHORIZED");
    assert!(expired["message"].as_str().unwrap().contains("expired"), "{expired}");
    // The secret does not expire.
    expect_error(&client.call("GET", GET_MISSING, AUTH, None).await, 404, "IDENTITY_VERIFICATION_NOT_FOUND");

    let reply = client.call("POST", "/token/refresh", Cred::None, Some(json!({"refreshToken": refresh}))).await;
    let (renewed, next_refresh) = tokens(&reply);
    assert!(jwt_claims(&renewed)["exp"].as_i64().unwrap() > server.now());
    expect_error(
        &client.call("GET", GET_MISSING, Cred::Bearer(&renewed), None).await,
        404,
        "IDENTITY_VERIFICATION_NOT_FOUND",
    );

    // A refresh token works once; the new one works.
    let again = client.call("POST", "/token/refresh", Cred::None, Some(json!({"refreshToken": refresh}))).await;
    expect_error(&again, 401, "UNAUTHORIZED");
    let reply = client.call("POST", "/token/refresh", Cred::None, Some(json!({"refreshToken": next_refresh}))).await;
    tokens(&reply);
    assert_eq!(server.refresh_requests(), 3);
    assert!(server.requests().iter().filter(|r| r.path == "/token/refresh").all(|r| r.auth == AuthScheme::None));
}

#[tokio::test]
async fn an_expired_refresh_token_needs_a_new_login() {
    let server = FakeServer::builder().refresh_token_ttl(Duration::from_secs(600)).start().await.expect("starts");
    let client = V2::for_server(&server);
    let (_, refresh) = client.login().await;
    server.advance_clock(Duration::from_secs(600));
    let reply = client.call("POST", "/token/refresh", Cred::None, Some(json!({"refreshToken": refresh}))).await;
    let body = expect_error(&reply, 401, "UNAUTHORIZED");
    assert!(body["message"].as_str().unwrap().contains("expired"), "{body}");
    client.login().await;
}

#[tokio::test]
async fn every_operation_refuses_missing_or_wrong_credentials() {
    let (server, client) = v2_support::start().await;
    v2_support::sent(&server, &client, "iv-1").await;
    let (access, _) = client.login().await;
    // Same claims, other payload: the server only knows the tokens it issued.
    let mut forged: Vec<&str> = access.split('.').collect();
    let other = client.login().await.0;
    forged[1] = other.split('.').nth(1).unwrap();
    let forged = forged.join(".");
    let calls: [(&str, &str, Option<serde_json::Value>); 5] = [
        ("POST", "/identity-verifications/iv-2/send", Some(v2_support::sms())),
        ("POST", "/identity-verifications/iv-1/confirm", Some(json!({"otp": "000000"}))),
        ("POST", "/identity-verifications/iv-1/resend", None),
        ("GET", "/identity-verifications/iv-1", None),
        ("GET", "/identity-verifications", None),
    ];
    let creds = [
        Cred::None,
        Cred::Secret("wrong-secret"),
        Cred::Secret(""),
        Cred::Bearer("not.a.token"),
        Cred::Bearer(&forged),
        Cred::Header(SECRET),
        Cred::Header("Basic dXNlcjpwYXNz"),
    ];
    for (method, path, body) in &calls {
        for cred in creds {
            let reply = client.call(method, path, cred, body.clone()).await;
            assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
            expect_error(&reply, 401, "UNAUTHORIZED");
        }
    }
    // None of it changed the record or sent anything.
    assert_eq!(server.identity_verification("iv-1").unwrap()["status"], "READY");
    assert!(server.identity_verification("iv-2").is_none());
}

#[tokio::test]
async fn credentials_come_before_the_body_is_read() {
    let (_server, client) = v2_support::start().await;
    let reply = client.call("POST", "/identity-verifications/iv-1/send", Cred::None, Some(json!({}))).await;
    expect_error(&reply, 401, "UNAUTHORIZED");
}

#[tokio::test]
async fn revoking_tokens_keeps_the_secret_working() {
    let server = FakeServer::builder().api_secret("another-secret").start().await.expect("starts");
    let client = V2::for_server(&server);
    let reply =
        client.call("POST", "/login/api-secret", Cred::None, Some(json!({"apiSecret": "another-secret"}))).await;
    let (access, refresh) = tokens(&reply);
    server.revoke_tokens();
    expect_error(&client.call("GET", GET_MISSING, Cred::Bearer(&access), None).await, 401, "UNAUTHORIZED");
    let reply = client.call("POST", "/token/refresh", Cred::None, Some(json!({"refreshToken": refresh}))).await;
    expect_error(&reply, 401, "UNAUTHORIZED");
    let reply = client.call("GET", GET_MISSING, Cred::Secret("another-secret"), None).await;
    expect_error(&reply, 404, "IDENTITY_VERIFICATION_NOT_FOUND");
    expect_error(&client.call("GET", GET_MISSING, AUTH, None).await, 401, "UNAUTHORIZED");
}
