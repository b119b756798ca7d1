//! Every documented error `type` of send, confirm, resend and get with its
//! status; the provider switch; the undocumented-type switch; and the
//! fault injection V2 shares with V1.

use std::time::Duration;

use iamport_fake_server::Fault;
use iamport_fake_server::v2::FakeServer;
use serde_json::{Value, json};

use crate::v2_support::{self, AUTH, Cred, expect_error};

const OTHER_STORE: &str = "store-someone-else";

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    *body.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = value;
    body
}

fn added(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

fn without(mut body: Value, parent: &str, field: &str) -> Value {
    body.pointer_mut(parent).and_then(Value::as_object_mut).expect("object").remove(field);
    body
}

#[tokio::test]
async fn send_refuses_malformed_bodies() {
    let (server, client) = v2_support::start().await;
    let sms = v2_support::sms;
    let cases = [
        without(sms(), "", "channelKey"),
        without(sms(), "", "customer"),
        without(sms(), "", "operator"),
        without(sms(), "", "method"),
        without(sms(), "/customer", "name"),
        without(sms(), "/customer", "phoneNumber"),
        without(sms(), "/customer", "ipAddress"),
        without(sms(), "/customer", "identityNumber"),
        with(sms(), "/operator", json!("LGT")),
        with(sms(), "/method", json!("EMAIL")),
        with(sms(), "/customer", json!("홍길동")),
        with(sms(), "/customer/phoneNumber", json!("010-1234-5678")),
        with(sms(), "/customer/ipAddress", json!("localhost")),
        with(sms(), "/customer/identityNumber", json!("900101")),
        with(sms(), "/customer/identityNumber", json!("9013011")),
        with(sms(), "/customer/identityNumber", json!("9001019")),
        with(sms(), "/customData", json!({"not": "text"})),
        with(sms(), "/channelKey", json!("")),
        added(sms(), "bypass", json!(1)),
        added(sms(), "storeId", json!(7)),
        json!([]),
    ];
    for body in cases {
        let reply = client.send("iv-1", body.clone()).await;
        let error = expect_error(&reply, 400, "INVALID_REQUEST");
        // Messages name fields, never the values sent.
        let message = error["message"].as_str().unwrap();
        assert!(!message.contains("홍길동") && !message.contains("010"), "{message}");
    }
    let reply = client.call("POST", "/identity-verifications/iv-1/send", AUTH, None).await;
    expect_error(&reply, 400, "INVALID_REQUEST");
    assert!(server.identity_verification("iv-1").is_none());
}

#[tokio::test]
async fn send_wants_json_with_its_content_type() {
    let (server, _client) = v2_support::start().await;
    let url = format!("{}/identity-verifications/iv-1/send", server.base_url());
    let reply = crate::support::http()
        .post(url)
        .header("Authorization", format!("PortOne {}", v2_support::SECRET))
        .header("Content-Type", "text/plain")
        .body(v2_support::sms().to_string())
        .send()
        .await
        .expect("reaches the server");
    assert_eq!(reply.status().as_u16(), 400);
}

#[tokio::test]
async fn send_errors_by_state_store_channel_and_provider() {
    let (server, client) = v2_support::start().await;
    let mut forbidden = v2_support::sms();
    forbidden["storeId"] = json!(OTHER_STORE);
    expect_error(&client.send("iv-1", forbidden).await, 403, "FORBIDDEN");
    let unknown_channel = with(v2_support::sms(), "/channelKey", json!("channel-key-unknown"));
    expect_error(&client.send("iv-1", unknown_channel).await, 404, "CHANNEL_NOT_FOUND");

    server.provider_down(true);
    let body = expect_error(&client.send("iv-1", v2_support::sms()).await, 502, "PG_PROVIDER");
    assert!(body["pgCode"].is_string() && body["pgMessage"].is_string(), "{body}");
    assert!(server.identity_verification("iv-1").is_none(), "a refused send leaves no record");
    server.provider_down(false);

    v2_support::sent(&server, &client, "iv-1").await;
    expect_error(&client.send("iv-1", v2_support::sms()).await, 409, "IDENTITY_VERIFICATION_ALREADY_SENT");
    v2_support::verified(&server, &client, "iv-2").await;
    expect_error(&client.send("iv-2", v2_support::sms()).await, 409, "IDENTITY_VERIFICATION_ALREADY_VERIFIED");
    // A store id that is the configured one is fine.
    let mut own = v2_support::sms();
    own["storeId"] = json!(FakeServer::DEFAULT_STORE_ID);
    assert_eq!(client.send("iv-3", own).await.status, 200);
}

#[tokio::test]
async fn sends_are_limited_per_customer_ip_address() {
    let server = FakeServer::builder().send_limit(2, Duration::from_secs(600)).start().await.expect("starts");
    let client = v2_support::V2::for_server(&server);
    v2_support::sent(&server, &client, "iv-1").await;
    v2_support::sent(&server, &client, "iv-2").await;
    let reply = client.send("iv-3", v2_support::sms()).await;
    expect_error(&reply, 400, "MAX_TRANSACTION_COUNT_REACHED");
    // Another address is counted apart; the window passes.
    let other = with(v2_support::sms(), "/customer/ipAddress", json!("198.51.100.1"));
    assert_eq!(client.send("iv-3", other).await.status, 200);
    server.advance_clock(Duration::from_secs(600));
    v2_support::sent(&server, &client, "iv-4").await;
}

#[tokio::test]
async fn confirm_errors() {
    let (server, client) = v2_support::start().await;
    let otp = v2_support::sent(&server, &client, "iv-1").await;
    expect_error(&client.confirm("iv-1", json!({})).await, 400, "INVALID_REQUEST");
    expect_error(&client.confirm("iv-1", json!({"otp": 123456})).await, 400, "INVALID_REQUEST");
    expect_error(&client.confirm("iv-1", json!({"otp": otp, "storeId": " "})).await, 400, "INVALID_REQUEST");
    let reply = client.call("POST", "/identity-verifications/iv-1/confirm", AUTH, None).await;
    expect_error(&reply, 400, "INVALID_REQUEST");
    expect_error(&client.confirm("iv-1", json!({"otp": otp, "storeId": OTHER_STORE})).await, 403, "FORBIDDEN");
    expect_error(&client.confirm("iv-9", json!({"otp": otp})).await, 404, "IDENTITY_VERIFICATION_NOT_FOUND");
    server.insert_unsent("iv-web");
    expect_error(&client.confirm("iv-web", json!({"otp": otp})).await, 404, "IDENTITY_VERIFICATION_NOT_SENT");
    server.provider_down(true);
    expect_error(&client.confirm("iv-1", json!({"otp": otp})).await, 502, "PG_PROVIDER");
    server.provider_down(false);
    assert_eq!(client.confirm("iv-1", json!({"otp": otp})).await.status, 200);
    expect_error(&client.confirm("iv-1", json!({"otp": otp})).await, 409, "IDENTITY_VERIFICATION_ALREADY_VERIFIED");
}

#[tokio::test]
async fn resend_errors() {
    let (server, client) = v2_support::start().await;
    v2_support::sent(&server, &client, "iv-1").await;
    let http = &client;
    let resend = |query: &str| {
        let path = format!("/identity-verifications/iv-1/resend{query}");
        async move { http.call("POST", &path, AUTH, None).await }
    };
    expect_error(&resend("?storeId=").await, 400, "INVALID_REQUEST");
    expect_error(&resend(&format!("?storeId={OTHER_STORE}")).await, 403, "FORBIDDEN");
    assert_eq!(resend(&format!("?storeId={}", FakeServer::DEFAULT_STORE_ID)).await.status, 200);
    expect_error(&client.resend("iv-9").await, 404, "IDENTITY_VERIFICATION_NOT_FOUND");
    server.insert_unsent("iv-web");
    expect_error(&client.resend("iv-web").await, 404, "IDENTITY_VERIFICATION_NOT_SENT");
    server.provider_down(true);
    expect_error(&client.resend("iv-1").await, 502, "PG_PROVIDER");
    server.provider_down(false);
    v2_support::verified(&server, &client, "iv-2").await;
    expect_error(&client.resend("iv-2").await, 409, "IDENTITY_VERIFICATION_ALREADY_VERIFIED");
}

#[tokio::test]
async fn get_errors() {
    let (server, client) = v2_support::start().await;
    v2_support::sent(&server, &client, "iv-1").await;
    expect_error(&client.get("/identity-verifications/iv-1?storeId=").await, 400, "INVALID_REQUEST");
    expect_error(&client.get("/identity-verifications/%20").await, 400, "INVALID_REQUEST");
    let other = format!("/identity-verifications/iv-1?storeId={OTHER_STORE}");
    expect_error(&client.get(&other).await, 403, "FORBIDDEN");
    expect_error(&client.record("iv-9").await, 404, "IDENTITY_VERIFICATION_NOT_FOUND");
    let own = format!("/identity-verifications/iv-1?storeId={}", FakeServer::DEFAULT_STORE_ID);
    assert_eq!(client.get(&own).await.status, 200);
}

#[tokio::test]
async fn the_undocumented_switch_renames_every_error_type() {
    let (server, client) = v2_support::start().await;
    server.undocumented_error_types(true);
    let cases = [
        (client.record("iv-9").await, 404),
        (client.call("GET", "/identity-verifications", Cred::None, None).await, 401),
        (client.send("iv-1", json!({})).await, 400),
        (client.call("POST", "/login/api-secret", Cred::None, Some(json!({"apiSecret": "x"}))).await, 401),
    ];
    for (reply, status) in cases {
        expect_error(&reply, status, FakeServer::UNDOCUMENTED_ERROR_TYPE);
    }
    server.provider_down(true);
    let body = expect_error(&client.send("iv-1", v2_support::sms()).await, 502, "SOMETHING_NEW");
    assert!(body["pgCode"].is_string(), "extra fields stay: {body}");
    server.provider_down(false);
    assert_eq!(client.record("iv-1").await.status, 404);
    assert_eq!(client.send("iv-1", v2_support::sms()).await.status, 200, "successes are untouched");
    server.undocumented_error_types(false);
    expect_error(&client.record("iv-9").await, 404, "IDENTITY_VERIFICATION_NOT_FOUND");
}

#[tokio::test]
async fn faults_are_shared_with_v1_and_speak_v2() {
    let (server, client) = v2_support::start().await;
    server.inject(Fault::unauthorized().on_path("/identity-verifications"));
    server.inject(
        Fault::typed_error(404, "IDENTITY_VERIFICATION_NOT_FOUND", "gone").on_path("/identity-verifications/iv-1/send"),
    );
    assert_eq!(server.pending_faults(), 2);
    // The login path matches neither fault.
    client.login().await;
    expect_error(&client.record("iv-1").await, 401, "UNAUTHORIZED");
    let reply = client.send("iv-1", v2_support::sms()).await;
    assert_eq!(reply.text, r#"{"type":"IDENTITY_VERIFICATION_NOT_FOUND","message":"gone"}"#);
    assert_eq!(reply.status, 404);
    assert_eq!(server.pending_faults(), 0);

    server.inject(Fault::respond(503, "<html>down</html>").content_type("text/html"));
    let reply = client.record("iv-1").await;
    assert_eq!((reply.status, reply.content_type.as_deref()), (503, Some("text/html")));
    server.inject(Fault::delay(Duration::from_millis(200)));
    let started = std::time::Instant::now();
    expect_error(&client.record("iv-1").await, 404, "IDENTITY_VERIFICATION_NOT_FOUND");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(server.request_count(), 5);
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let (server, client) = v2_support::start().await;
    assert_eq!(client.get("/payments").await.status, 404);
    let reply = client.call("DELETE", "/identity-verifications/iv-1", AUTH, None).await;
    assert_eq!(reply.status, 405);
    assert!(reply.json()["type"].is_string());
    server.shutdown().await;
}
