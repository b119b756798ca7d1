//! Request bodies: the client sends JSON (as configured); the fake also
//! takes form bodies, as the real API does.

use iamport_certification::types::{Certification, OtpConfirmation};
use iamport_fake_server::AuthHeader;
use serde_json::Value;

use crate::{person, start};

#[tokio::test]
async fn post_bodies_are_json_and_bodiless_calls_send_no_content_type() {
    let (server, client) = start().await;
    let imp_uid = client.request_otp(&person()).await.unwrap().imp_uid;
    let otp = server.otp_for(&imp_uid).unwrap();
    client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap();
    client.get_certification(&imp_uid).await.unwrap();
    client.delete_certification(&imp_uid).await.unwrap();

    let seen: Vec<_> = server.requests().into_iter().map(|r| (r.method, r.content_type)).collect();
    let json = Some("application/json".to_owned());
    assert_eq!(
        seen,
        [
            ("POST".to_owned(), json.clone()),
            ("POST".to_owned(), json.clone()),
            ("POST".to_owned(), json),
            ("GET".to_owned(), None),
            ("DELETE".to_owned(), None),
        ]
    );
}

/// The client cannot be switched to form bodies at runtime, so a plain
/// reqwest client shows that the fake takes them; the generated client then
/// confirms the OTP requested that way. (The fake's own tests cover form
/// parsing in detail: `fake-server/tests/e2e/otp.rs`.)
#[tokio::test]
async fn the_fake_accepts_form_bodies_too() {
    let (server, client) = start().await;
    // With the default `rustls-ring`, reqwest has no crypto provider of its
    // own: a client built outside ours needs one (README, "TLS").
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = codegen_runtime::reqwest::Client::new();
    let post_form = |path: &str, token: Option<&str>, body: &'static str| {
        let mut request = http
            .post(format!("{}{path}", server.base_url()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        request.send()
    };

    let reply = post_form("/users/getToken", None, "imp_key=test_imp_key&imp_secret=test_imp_secret").await.unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    let envelope: Value = serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap();
    let token = envelope["response"]["access_token"].as_str().unwrap().to_owned();

    let form = "name=%ED%99%8D%EA%B8%B8%EB%8F%99&phone=010-1234-5678&birth=1990-01-01&gender_digit=1&carrier=SKT&is_mvno=false";
    let reply = post_form("/certifications/otp/request", Some(&token), form).await.unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    let envelope: Value = serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap();
    let imp_uid = envelope["response"]["imp_uid"].as_str().unwrap().to_owned();

    let otp = server.otp_for(&imp_uid).unwrap();
    let record: Certification = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap();
    assert_eq!((record.name.as_deref(), record.birthday.as_deref()), (Some("홍길동"), Some("1990-01-01")));

    let forms: Vec<_> = server.requests().into_iter().map(|r| (r.content_type, r.auth)).collect();
    let form_type = Some("application/x-www-form-urlencoded".to_owned());
    assert_eq!(forms[0], (form_type.clone(), AuthHeader::None));
    assert_eq!(forms[1], (form_type, AuthHeader::Bearer));
    assert_eq!(forms.last(), Some(&(Some("application/json".to_owned()), AuthHeader::Bearer)));
}
