//! Decoding of odd but real response shapes, and bodies that do not decode.

use iamport_certification::Error;
use iamport_certification::types::CertifiedCarrier;
use iamport_fake_server::{Certification as Record, Fault};

use crate::start;

/// `{"code":0,"message":null,"response":<record>}`.
fn envelope(record: &str) -> String {
    format!(r#"{{"code":0,"message":null,"response":{record}}}"#)
}

#[tokio::test]
async fn an_unknown_carrier_is_kept_not_rejected() {
    let (server, client) = start().await;
    let body = envelope(r#"{"imp_uid":"imp_100000000001","carrier":"XYZ_MVNO","certified":true}"#);
    server.inject(Fault::respond(200, body).on_path("/certifications"));
    let record = client.get_certification("imp_100000000001").await.unwrap();
    assert_eq!(record.carrier, Some(CertifiedCarrier::Unknown("XYZ_MVNO".into())));
    assert_eq!(record.carrier.as_ref().map(CertifiedCarrier::as_str), Some("XYZ_MVNO"));
    assert_eq!(record.certified, Some(true));
}

#[tokio::test]
async fn every_known_carrier_decodes_to_its_variant() {
    let (server, client) = start().await;
    let cases = [
        ("SKT", CertifiedCarrier::Skt),
        ("KT", CertifiedCarrier::Kt),
        ("LGT", CertifiedCarrier::Lgt),
        ("SKT_MVNO", CertifiedCarrier::SktMvno),
        ("KT_MVNO", CertifiedCarrier::KtMvno),
        ("LGT_MVNO", CertifiedCarrier::LgtMvno),
    ];
    for (wire, variant) in cases {
        let body = envelope(&format!(r#"{{"imp_uid":"imp_1","carrier":"{wire}"}}"#));
        server.inject(Fault::respond(200, body).on_path("/certifications"));
        let record = client.get_certification("imp_1").await.unwrap();
        assert_eq!(record.carrier.as_ref(), Some(&variant), "{wire}");
        assert_eq!(variant.as_str(), wire);
    }
}

#[tokio::test]
async fn missing_and_null_fields_are_none() {
    let (server, client) = start().await;
    server.inject(Fault::respond(200, envelope(r#"{"imp_uid":"imp_100000000002"}"#)).on_path("/certifications"));
    let record = client.get_certification("imp_100000000002").await.unwrap();
    assert_eq!(record.imp_uid, "imp_100000000002");
    assert_eq!(
        (record.name, record.phone, record.carrier, record.birth, record.birthday),
        (None, None, None, None, None)
    );
    assert_eq!((record.certified, record.foreigner, record.pg_provider), (None, None, None));

    // A record whose OTP was never confirmed: every personal field is null.
    server.insert_certification(Record::unconfirmed("imp_100000000003"));
    let record = client.get_certification("imp_100000000003").await.unwrap();
    assert_eq!((record.certified, record.foreigner), (Some(false), Some(false)));
    assert_eq!((record.pg_provider.as_deref(), record.name, record.unique_key), (Some("danal"), None, None));
    assert_eq!((record.certified_at, record.foreigner_v2, record.carrier), (None, None, None));
}

#[tokio::test]
async fn unknown_fields_and_a_non_null_success_message_are_tolerated() {
    let (server, client) = start().await;
    let body = r#"{"code":0,"message":"success","extra":[1,{"a":null}],
        "response":{"imp_uid":"imp_1","birth":0,"birthday":"1990-01-01","added_later":{"x":1}}}"#;
    server.inject(Fault::respond(200, body).on_path("/certifications"));
    let record = client.get_certification("imp_1").await.unwrap();
    assert_eq!((record.birth, record.birthday.as_deref()), (Some(0), Some("1990-01-01")));
}

#[tokio::test]
async fn a_null_payload_on_success_is_a_decode_error() {
    let (server, client) = start().await;
    server.inject(Fault::respond(200, r#"{"code":0,"message":null,"response":null}"#).on_path("/certifications"));
    let err = client.get_certification("imp_1").await.unwrap_err();
    let Error::Decode { status, detail, .. } = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(detail, "`response` is missing or null");
}

#[tokio::test]
async fn a_missing_imp_uid_names_the_field() {
    let (server, client) = start().await;
    server.inject(Fault::respond(200, envelope(r#"{"name":"홍길동"}"#)).on_path("/certifications"));
    let err = client.get_certification("imp_1").await.unwrap_err();
    let Error::Decode { detail, excerpt, .. } = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert!(detail.contains("missing field `imp_uid`"), "{detail}");
    assert!(excerpt.contains(r#""name":"<redacted>""#), "{excerpt}");
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_with_a_redacted_excerpt() {
    let (server, client) = start().await;
    // Cut off mid-record, as by a dropped connection behind a proxy.
    let body = r#"{"code":0,"message":null,"response":{"imp_uid":"imp_100000000004","name":"김철수","phone":"01098765432","birthday":"1985-03-15","unique_key":"Q0kxMjM0NTY3ODkw","cert"#;
    server.inject(Fault::respond(200, body).on_path("/certifications"));
    let err = client.get_certification("imp_100000000004").await.unwrap_err();

    let Error::Decode { status, detail, excerpt } = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(!detail.is_empty());
    assert!(
        excerpt.starts_with(r#"{"code":0,"message":null,"response":{"imp_uid":"imp_100000000004","name":"<redacted>""#)
    );
    assert!(excerpt.chars().count() <= 161, "{excerpt}");
    assert!(!err.is_retryable());
    for text in [err.to_string(), format!("{err:?}")] {
        for personal in ["김철수", "01098765432", "1985-03-15", "Q0kxMjM0NTY3ODkw"] {
            assert!(!text.contains(personal), "{personal} leaked: {text}");
        }
        assert!(text.contains("imp_100000000004"), "{text}");
    }
}

#[tokio::test]
async fn a_wrongly_typed_field_is_reported_by_path_without_its_value() {
    let (server, client) = start().await;
    let body = envelope(r#"{"imp_uid":"imp_1","name":["김철수"],"phone":"01098765432","certified":"yes"}"#);
    server.inject(Fault::respond(200, body).on_path("/certifications"));
    let err = client.get_certification("imp_1").await.unwrap_err();
    let Error::Decode { detail, .. } = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert!(detail.contains("response.name"), "{detail}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("김철수") && !text.contains("01098765432"), "{text}");
    }
}

#[tokio::test]
async fn an_html_body_on_200_is_a_decode_error() {
    let (server, client) = start().await;
    server.inject(Fault::respond(200, "<html>maintenance</html>").content_type("text/html").on_path("/certifications"));
    let err = client.get_certification("imp_1").await.unwrap_err();
    let Error::Decode { status, excerpt, .. } = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!((status.as_u16(), excerpt.as_str()), (200, "<html>maintenance</html>"));
}
