//! `GET` / `DELETE /certifications/{imp_uid}`, unknown routes, content type.

use iamport_fake_server::{Certification, Identity};
use serde_json::{Value, json};

use crate::support::{self, Auth, Body};

const NOT_FOUND: &str = r#"{"code":-1,"message":"인증결과가 존재하지 않습니다.","response":null}"#;

#[tokio::test]
async fn get_then_delete_then_404() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let record = server
        .insert_certified(&Identity::new("이영희", "010 2222 3333", "20010203", "4", "KT").mvno(true))
        .expect("valid identity");
    let path = format!("/certifications/{}", record.imp_uid);

    let fetched = client.get(&path, &token).await;
    assert_eq!(fetched.status, 200);
    let fetched: Certification = serde_json::from_value(fetched.json()["response"].clone()).expect("record");
    assert_eq!(fetched, record);
    assert_eq!(fetched.carrier.as_deref(), Some("KT_MVNO"));
    assert_eq!(fetched.gender.as_deref(), Some("female"));
    assert_eq!(fetched.birthday.as_deref(), Some("2001-02-03"));

    let deleted = client.delete(&path, &token).await;
    assert_eq!(deleted.status, 200);
    let body = deleted.json();
    assert_eq!((body["code"].clone(), body["message"].clone()), (json!(0), Value::Null));
    assert_eq!(body["response"]["imp_uid"], record.imp_uid.as_str());
    assert_eq!(body["response"]["unique_key"], json!(record.unique_key));

    for method in ["GET", "DELETE"] {
        let gone = client.send(method, &path, Auth::Raw(&token), Body::None).await;
        assert_eq!((gone.status, gone.text.as_str()), (404, NOT_FOUND), "{method}");
    }
    assert_eq!(server.certification(&record.imp_uid), None);
}

#[tokio::test]
async fn unknown_imp_uid_is_the_real_404_body() {
    let (_server, client) = support::start().await;
    let token = client.token().await;
    let reply = client.get("/certifications/imp_992536806181", &token).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.text, NOT_FOUND);
    assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
}

#[tokio::test]
async fn inserted_records_are_served_verbatim() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let record = Certification {
        origin: Some("https://example.com/cert".into()),
        ..Certification::unconfirmed("imp_992536806181")
    };
    server.insert_certification(record);
    let reply = client.get("/certifications/imp_992536806181", &token).await;
    assert_eq!(
        reply.text,
        concat!(
            r#"{"code":0,"message":null,"response":{"imp_uid":"imp_992536806181","#,
            r#""merchant_uid":null,"pg_tid":null,"pg_provider":"danal","name":null,"#,
            r#""gender":null,"birth":null,"birthday":null,"foreigner":false,"phone":null,"#,
            r#""carrier":null,"certified":false,"certified_at":null,"unique_key":null,"#,
            r#""unique_in_site":null,"origin":"https://example.com/cert","foreigner_v2":null}}"#
        )
    );
    // A record that was never requested through the API cannot be confirmed.
    let confirm =
        client.post_json("/certifications/otp/confirm/imp_992536806181", &token, json!({"otp": "123456"})).await;
    assert_eq!(confirm.status, 400);
    assert_eq!(server.otp_for("imp_992536806181"), None);
}

#[tokio::test]
async fn invalid_identities_are_refused_by_the_handle() {
    let (server, _client) = support::start().await;
    let err = server.insert_certified(&Identity::new("a", "010", "900101", "1", "VERIZON")).expect_err("bad carrier");
    assert_eq!(err.message(), "carrier 는 SKT, KT, LGT 중 하나여야 합니다.");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_envelopes() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let cases = [
        ("GET", "/", 404),
        ("GET", "/payments/imp_1", 404),
        ("POST", "/users/getToken/", 404),
        ("GET", "/users/getToken", 405),
        ("PUT", "/certifications/imp_1", 405),
        ("GET", "/certifications/otp/request", 405),
    ];
    for (method, path, status) in cases {
        let reply = client.send(method, path, Auth::Bearer(&token), Body::None).await;
        assert_eq!(reply.status, status, "{method} {path}");
        assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
        assert!(!reply.error_message().is_empty());
    }
    let seen: Vec<_> = server.requests().into_iter().skip(1).map(|r| (r.method, r.path)).collect();
    let sent: Vec<_> = cases.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    assert_eq!(seen, sent);
}
