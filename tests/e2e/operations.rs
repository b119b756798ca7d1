//! Success of every operation, and the full OTP flow.

use iamport_certification::types::{Carrier, CertifiedCarrier, OtpConfirmation, TokenRequest};
use iamport_certification::{Client, Error};
use iamport_fake_server::{AuthHeader, FakeServer};

use crate::{KEY, NOT_FOUND_MESSAGE, SECRET, calls, expected, identity, person, start, status_parts};

#[tokio::test]
async fn get_token_returns_a_30_minute_token() {
    let (server, client) = start().await;
    let token = client.get_token(&TokenRequest::new(KEY, SECRET)).await.unwrap();

    assert_eq!(token.access_token.len(), 40, "{token:?}");
    assert!(token.access_token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(token.expired_at - token.now, 30 * 60);
    assert!((token.now - server.now()).abs() <= 1);
    // Asking again before expiry returns the same token, as on the real API.
    let again = client.get_token(&TokenRequest::new(KEY, SECRET)).await.unwrap();
    assert_eq!(again.access_token, token.access_token);
    assert_eq!(server.token_requests(), 2);
    assert!(server.requests().iter().all(|r| r.auth == AuthHeader::None));
}

#[tokio::test]
async fn get_token_with_a_wrong_secret_is_a_401() {
    let (server, client) = start().await;
    let err = client.get_token(&TokenRequest::new(KEY, "wrong")).await.unwrap_err();
    assert_eq!(status_parts(&err), (401, Some(-1), Some("imp_key, imp_secret 인증에 실패하였습니다.")));
    assert!(!err.is_retryable());
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn otp_request_confirm_get_delete_then_404() {
    let (server, client) = start().await;
    let mut request = person();
    request.merchant_uid = Some("order_1".into());
    request.company = Some("example.com".into());

    let started = client.request_otp(&request).await.unwrap();
    let imp_uid = started.imp_uid;
    assert!(imp_uid.starts_with("imp_") && imp_uid.len() == 16, "{imp_uid}");

    let otp = server.otp_for(&imp_uid).expect("the server issued an OTP");
    let confirmed = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap();
    assert_eq!(confirmed.imp_uid, imp_uid);
    assert_eq!(confirmed.merchant_uid.as_deref(), Some("order_1"));
    assert_eq!(confirmed.pg_provider.as_deref(), Some("danal"));
    assert_eq!(confirmed.name.as_deref(), Some("홍길동"));
    assert_eq!(confirmed.phone.as_deref(), Some("01012345678"));
    assert_eq!(confirmed.gender.as_deref(), Some("male"));
    assert_eq!(confirmed.birthday.as_deref(), Some("1990-01-01"));
    // The deprecated `birth`: 1990-01-01 00:00 KST in UNIX seconds.
    assert_eq!(confirmed.birth, Some(631_119_600));
    assert_eq!(confirmed.carrier, Some(CertifiedCarrier::Skt));
    assert_eq!((confirmed.certified, confirmed.foreigner, confirmed.foreigner_v2), (Some(true), Some(false), None));
    assert!((confirmed.certified_at.expect("certified_at") - server.now()).abs() <= 1);
    assert_eq!(confirmed.unique_key.as_ref().map(String::len), Some(88));
    assert_eq!(confirmed.unique_in_site.as_ref().map(String::len), Some(64));
    assert_eq!(confirmed.pg_tid.as_ref().map(String::len), Some(24));

    let fetched = client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(fetched, confirmed);

    let deleted = client.delete_certification(&imp_uid).await.unwrap();
    assert_eq!(deleted, confirmed);
    assert_eq!(server.certification(&imp_uid), None);

    let err = client.get_certification(&imp_uid).await.unwrap_err();
    assert_eq!(status_parts(&err), (404, Some(-1), Some(NOT_FOUND_MESSAGE)));
    let err = client.delete_certification(&imp_uid).await.unwrap_err();
    assert_eq!(status_parts(&err), (404, Some(-1), Some(NOT_FOUND_MESSAGE)));

    let confirm_path = format!("/certifications/otp/confirm/{imp_uid}");
    let record_path = format!("/certifications/{imp_uid}");
    assert_eq!(
        calls(&server),
        expected(&[
            ("POST", "/users/getToken"),
            ("POST", "/certifications/otp/request"),
            ("POST", &confirm_path),
            ("GET", &record_path),
            ("DELETE", &record_path),
            ("GET", &record_path),
            ("DELETE", &record_path),
        ])
    );
}

#[tokio::test]
async fn mvno_subscribers_come_back_with_an_mvno_carrier() {
    let (server, client) = start().await;
    let mut request = person();
    request.is_mvno = true;
    request.carrier = Carrier::Kt;
    let imp_uid = client.request_otp(&request).await.unwrap().imp_uid;
    let otp = server.otp_for(&imp_uid).unwrap();
    let record = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap();
    assert_eq!(record.carrier, Some(CertifiedCarrier::KtMvno));
    assert_eq!(record.carrier.as_ref().map(CertifiedCarrier::as_str), Some("KT_MVNO"));
}

#[tokio::test]
async fn a_wrong_otp_is_a_400_and_the_right_one_still_works() {
    let (server, client) = start().await;
    let imp_uid = client.request_otp(&person()).await.unwrap().imp_uid;
    let otp = server.otp_for(&imp_uid).unwrap();
    let wrong = if otp == "000000" { "111111" } else { "000000" };

    let err = client.confirm_otp(&imp_uid, &OtpConfirmation::new(wrong)).await.unwrap_err();
    assert_eq!(status_parts(&err), (400, Some(-1), Some("인증번호가 일치하지 않습니다.")));
    assert!(!err.is_retryable());

    let record = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp.clone())).await.unwrap();
    assert_eq!(record.certified, Some(true));
    let err = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap_err();
    assert_eq!(status_parts(&err), (400, Some(-1), Some("이미 인증이 완료된 건입니다.")));
}

#[tokio::test]
async fn seeded_records_are_read_and_deleted() {
    let (server, client) = start().await;
    let seeded = server.insert_certified(&identity()).unwrap();

    let record = client.get_certification(&seeded.imp_uid).await.unwrap();
    assert_eq!(record.name, seeded.name);
    assert_eq!(record.unique_key, seeded.unique_key);
    assert_eq!(record.unique_in_site, seeded.unique_in_site);
    assert_eq!(record.certified_at, seeded.certified_at);
    // Both the deprecated UNIX-seconds `birth` and `birthday` are decoded.
    assert_eq!((record.birth, record.birthday.as_deref()), (Some(631_119_600), Some("1990-01-01")));

    let deleted = client.delete_certification(&seeded.imp_uid).await.unwrap();
    assert_eq!(deleted, record);
    let err = client.delete_certification(&seeded.imp_uid).await.unwrap_err();
    assert_eq!(status_parts(&err), (404, Some(-1), Some(NOT_FOUND_MESSAGE)));
    assert!(matches!(err, Error::Status { .. }));
}

#[tokio::test]
async fn the_token_goes_in_a_bearer_authorization_header() {
    let (server, client) = start().await;
    let seeded = server.insert_certified(&identity()).unwrap();
    client.get_certification(&seeded.imp_uid).await.unwrap();
    let imp_uid = client.request_otp(&person()).await.unwrap().imp_uid;
    let otp = server.otp_for(&imp_uid).unwrap();
    client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap();
    client.delete_certification(&imp_uid).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    for request in &requests {
        let expected = if request.path == "/users/getToken" { AuthHeader::None } else { AuthHeader::Bearer };
        assert_eq!(request.auth, expected, "{request:?}");
    }
    // The fake also takes the raw and legacy forms; the client must not rely on that.
    assert!(requests.iter().all(|r| !matches!(r.auth, AuthHeader::Raw | AuthHeader::ImpTokenHeader)));
}

#[tokio::test]
async fn a_trailing_slash_on_the_base_url_is_ignored() {
    let server = FakeServer::start().await.unwrap();
    let client =
        Client::builder().base_url(format!("{}/", server.base_url())).credentials(KEY, SECRET).build().unwrap();
    assert_eq!(client.base_url(), server.base_url());
    client.get_token(&TokenRequest::new(KEY, SECRET)).await.unwrap();
    assert_eq!(calls(&server), expected(&[("POST", "/users/getToken")]));
}
