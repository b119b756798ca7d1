//! Error envelopes, HTTP error statuses, timeouts and transport failures.

use std::time::{Duration, Instant};

use iamport_certification::types::OtpConfirmation;
use iamport_certification::{Client, Error};
use iamport_fake_server::{FakeServer, Fault};

use crate::{NOT_FOUND_MESSAGE, builder, identity, person, start, status_parts};

#[tokio::test]
async fn http_200_with_a_nonzero_code_is_an_api_error() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(200, 1, "비인증결제모듈 사용정보를 찾을 수 없습니다.").on_path("/certifications"));

    let err = client.get_certification(&imp_uid).await.unwrap_err();
    let Error::Api { status, code, message } = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!((status.as_u16(), *code), (200, 1));
    assert_eq!(message.as_deref(), Some("비인증결제모듈 사용정보를 찾을 수 없습니다."));
    assert_eq!((err.code(), err.message()), (Some(1), Some("비인증결제모듈 사용정보를 찾을 수 없습니다.")));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(!err.is_retryable());
    assert_eq!(err.to_string(), "API error (HTTP 200 OK): 비인증결제모듈 사용정보를 찾을 수 없습니다. (code 1)");
    // The fault is used up: the same call succeeds now.
    assert_eq!(client.get_certification(&imp_uid).await.unwrap().imp_uid, imp_uid);
}

#[tokio::test]
async fn an_api_error_from_get_token_fails_the_authenticated_call() {
    let (server, client) = start().await;
    server.inject(Fault::error(200, -1, "imp_key, imp_secret 파라메터가 누락되었습니다.").on_path("/users/getToken"));
    let err = client.request_otp(&person()).await.unwrap_err();
    assert!(matches!(err, Error::Api { code: -1, .. }), "{err:?}");
    assert_eq!(err.message(), Some("imp_key, imp_secret 파라메터가 누락되었습니다."));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn an_error_code_with_a_non_null_payload_is_still_an_api_error() {
    // The real API sends `response: null` with errors; a payload that does
    // not fit the success type must not hide the code and message.
    let (server, client) = start().await;
    let body = r#"{"code":3,"message":"처리할 수 없습니다.","response":{"reason":"pg"}}"#;
    server.inject(Fault::respond(200, body).on_path("/certifications"));
    let err = client.get_certification("imp_000000000001").await.unwrap_err();
    assert!(matches!(err, Error::Api { code: 3, .. }), "{err:?}");
    assert_eq!(err.message(), Some("처리할 수 없습니다."));
}

#[tokio::test]
async fn a_404_envelope_is_a_status_error_with_code_and_message() {
    let (_server, client) = start().await;
    let err = client.get_certification("imp_000000000000").await.unwrap_err();
    assert_eq!(status_parts(&err), (404, Some(-1), Some(NOT_FOUND_MESSAGE)));
    assert_eq!((err.code(), err.message()), (Some(-1), Some(NOT_FOUND_MESSAGE)));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(!err.is_retryable());
    assert_eq!(err.to_string(), format!("HTTP 404 Not Found: {NOT_FOUND_MESSAGE} (code -1)"));
    let Error::Status { body, .. } = &err else { unreachable!() };
    let envelope: serde_json::Value = body.json().unwrap();
    assert_eq!(envelope, serde_json::json!({"code": -1, "message": NOT_FOUND_MESSAGE, "response": null}));
}

#[tokio::test]
async fn a_500_is_a_retryable_status_error() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(500, -1, "DB 삭제 중 오류가 발생했습니다.").on_path("/certifications"));

    let err = client.delete_certification(&imp_uid).await.unwrap_err();
    assert_eq!(status_parts(&err), (500, Some(-1), Some("DB 삭제 중 오류가 발생했습니다.")));
    assert!(err.is_retryable());
    assert!(!err.is_timeout());
    // Nothing was deleted, and a retry goes through.
    assert!(server.certification(&imp_uid).is_some());
    client.delete_certification(&imp_uid).await.unwrap();
    assert!(server.certification(&imp_uid).is_none());
}

#[tokio::test]
async fn a_non_json_error_page_is_a_status_error_without_code() {
    let (server, client) = start().await;
    server.inject(Fault::respond(502, "<html>Bad Gateway</html>").content_type("text/html").on_path("/certifications"));
    let err = client.get_certification("imp_000000000000").await.unwrap_err();
    assert_eq!(status_parts(&err), (502, None, None));
    assert!(err.is_retryable());
    assert_eq!(err.to_string(), "HTTP 502 Bad Gateway");
}

#[tokio::test]
async fn a_400_carries_the_server_message() {
    // 6 digits pass the client's check; the server rejects the impossible date.
    let (server, client) = start().await;
    let mut request = person();
    request.birth = "901301".into();
    let err = client.request_otp(&request).await.unwrap_err();
    assert_eq!(
        status_parts(&err),
        (400, Some(-1), Some("birth 는 YYMMDD 또는 YYYYMMDD 형식의 올바른 날짜여야 합니다."))
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = FakeServer::start().await.unwrap();
    let client = builder(&server).timeout(Duration::from_millis(200)).build().unwrap();
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    client.get_certification(&imp_uid).await.unwrap();

    server.inject(Fault::delay(Duration::from_secs(2)).on_path("/certifications"));
    let started = Instant::now();
    let err = client.confirm_otp(&imp_uid, &OtpConfirmation::new("123456")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Timeout { .. }));
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert_eq!(err.to_string(), "request timed out");
}

#[tokio::test]
async fn a_slow_token_request_is_a_timeout_too() {
    let server = FakeServer::start().await.unwrap();
    let client = builder(&server).timeout(Duration::from_millis(200)).build().unwrap();
    server.inject(Fault::delay(Duration::from_secs(2)).on_path("/users/getToken"));
    let err = client.get_certification("imp_000000000000").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_closed_port_is_a_retryable_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .credentials("key", "secret")
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let err = client.get_certification("imp_000000000000").await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
    assert!(err.to_string().starts_with("transport error"), "{err}");
}
