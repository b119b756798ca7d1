//! Invalid input is rejected before anything is sent, with an error that
//! names the field but never repeats the value.

use iamport_certification::Error;
use iamport_certification::types::{OtpConfirmation, OtpRequest, TokenRequest};
use iamport_fake_server::FakeServer;

use crate::{builder, person, start};

/// Asserts an [`Error::InvalidInput`] for `field` that does not show `value`.
fn assert_invalid(err: &Error, field: &str, value: &str) {
    let Error::InvalidInput { field: got, reason } = err else { panic!("expected InvalidInput, got {err:?}") };
    assert_eq!(got, field, "{err}");
    assert!(!reason.is_empty());
    let display = err.to_string();
    assert!(display.contains(&format!("`{field}`")), "{display}");
    if value.chars().count() > 2 {
        // Short values (a gender digit, `..`) may occur in any message; longer ones must not.
        for text in [&display, &format!("{err:?}")] {
            assert!(!text.contains(value), "{value:?} leaked: {text}");
        }
    }
    assert!(!err.is_retryable());
    assert_eq!(err.status(), None);
}

/// Sends an OTP request with one field changed and expects it refused
/// before any request (getToken included) reaches the server.
async fn refused(server: &FakeServer, change: impl FnOnce(&mut OtpRequest), field: &str, value: &str) {
    let client = builder(server).build().unwrap();
    let mut request = person();
    change(&mut request);
    let before = server.request_count();
    let err = client.request_otp(&request).await.unwrap_err();
    assert_invalid(&err, field, value);
    assert_eq!(server.request_count(), before, "nothing may be sent for {field}");
}

#[tokio::test]
async fn otp_requests_with_bad_fields_are_refused_unsent() {
    let server = FakeServer::start().await.unwrap();
    refused(&server, |r| r.name = String::new(), "name", "").await;
    refused(&server, |r| r.gender_digit = "9".into(), "gender_digit", "9").await;
    refused(&server, |r| r.gender_digit = "0".into(), "gender_digit", "0").await;
    refused(&server, |r| r.gender_digit = "12".into(), "gender_digit", "12").await;
    refused(&server, |r| r.gender_digit = String::new(), "gender_digit", "").await;
    refused(&server, |r| r.birth = "12345".into(), "birth", "12345").await;
    refused(&server, |r| r.birth = "1234567".into(), "birth", "1234567").await;
    refused(&server, |r| r.birth = "1990-01-01T00".into(), "birth", "1990-01-01T00").await;
    refused(&server, |r| r.birth = "19900101 12".into(), "birth", "19900101 12").await;
    refused(&server, |r| r.birth = String::new(), "birth", "").await;
    refused(&server, |r| r.phone = "010-12".into(), "phone", "010-12").await;
    refused(&server, |r| r.phone = "010-1234-56789".into(), "phone", "010-1234-56789").await;
    refused(&server, |r| r.phone = "call 01012345678".into(), "phone", "call 01012345678").await;
    refused(&server, |r| r.phone = String::new(), "phone", "").await;
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn six_or_eight_birth_digits_pass_with_separators_and_are_sent_as_given() {
    let (server, client) = start().await;
    for birth in ["1990-01-01", "19900101", "900101", "90.01.01", "1990/01/01", "90 01 01"] {
        let mut request = person();
        request.birth = birth.into();
        let imp_uid = client.request_otp(&request).await.unwrap_or_else(|e| panic!("{birth}: {e}")).imp_uid;
        let otp = server.otp_for(&imp_uid).unwrap();
        let record = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap();
        // The server stripped the separators itself: the value went out as given.
        assert_eq!(record.birthday.as_deref(), Some("1990-01-01"), "{birth}");
    }
}

#[tokio::test]
async fn phone_separators_are_ignored_by_the_check() {
    let (server, client) = start().await;
    for phone in ["01012345678", "010-1234-5678", "010.1234.5678", "010 1234 5678", "0212345678"] {
        let mut request = person();
        request.phone = phone.into();
        let imp_uid = client.request_otp(&request).await.unwrap_or_else(|e| panic!("{phone}: {e}")).imp_uid;
        assert!(server.otp_for(&imp_uid).is_some());
    }
}

#[tokio::test]
async fn empty_or_dot_path_parameters_are_refused_unsent() {
    let (server, client) = start().await;
    for imp_uid in ["", ".", ".."] {
        assert_invalid(&client.get_certification(imp_uid).await.unwrap_err(), "imp_uid", imp_uid);
        assert_invalid(&client.delete_certification(imp_uid).await.unwrap_err(), "imp_uid", imp_uid);
        let err = client.confirm_otp(imp_uid, &OtpConfirmation::new("123456")).await.unwrap_err();
        assert_invalid(&err, "imp_uid", imp_uid);
    }
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn an_empty_otp_is_refused_unsent() {
    let (server, client) = start().await;
    let err = client.confirm_otp("imp_100000000000", &OtpConfirmation::new("")).await.unwrap_err();
    assert_invalid(&err, "otp", "");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn empty_credentials_are_refused_unsent() {
    let (server, client) = start().await;
    let err = client.get_token(&TokenRequest::new("", "secret")).await.unwrap_err();
    assert_invalid(&err, "imp_key", "");
    let err = client.get_token(&TokenRequest::new("key", "")).await.unwrap_err();
    assert_invalid(&err, "imp_secret", "");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn path_parameters_cannot_leave_their_segment() {
    let (server, client) = start().await;
    let err = client.get_certification("../users/getToken").await.unwrap_err();
    assert!(matches!(&err, Error::Status { status, .. } if status.as_u16() == 404), "{err:?}");
    let last = server.requests().pop().unwrap();
    assert_eq!((last.method.as_str(), last.path.as_str()), ("GET", "/certifications/..%2Fusers%2FgetToken"));
}
