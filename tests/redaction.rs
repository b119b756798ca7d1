//! Secrets and personal data never show in `Debug` or `Display` output:
//! request and response types, the client and its builder, and every error
//! variant. The values checked are the real ones, read back from the fake
//! server (the issued token, the CI and DI of a confirmed record).

use std::time::Duration;

use iamport_certification::types::{Carrier, Certification, OtpConfirmation, OtpRequest, TokenRequest};
use iamport_certification::{Client, Error, RetryPolicy};
use iamport_fake_server::{FakeServer, Fault};

const KEY: &str = "imp_key_for_redaction_tests";
const SECRET: &str = "imp-secret-5f2c9b1e7a";
const NAME: &str = "김민준";
const PHONE: &str = "010-9876-5432";
const BIRTH: &str = "1995-06-15";

/// Every form in which the fixed personal values may appear.
const PERSONAL: &[&str] = &[
    SECRET,
    NAME,
    PHONE,
    "01098765432",
    "9876-5432",
    "98765432",
    BIRTH,
    "19950615",
    "950615",
    // 1995-06-15 00:00 KST in UNIX seconds: the deprecated `birth`.
    "803142000",
];

/// A fake server with this file's credentials and a client for it.
async fn start() -> (FakeServer, Client) {
    let server = FakeServer::builder().credentials(KEY, SECRET).start().await.unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .credentials(KEY, SECRET)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    (server, client)
}

fn person() -> OtpRequest {
    OtpRequest::new(NAME, PHONE, BIRTH, "3", Carrier::Lgt)
}

/// Secrets read back from the server: the access token, CI and DI.
struct Issued {
    token: String,
    record: Certification,
}

impl Issued {
    fn values(&self) -> Vec<&str> {
        let mut values = vec![self.token.as_str()];
        values.extend(self.record.unique_key.as_deref());
        values.extend(self.record.unique_in_site.as_deref());
        values
    }
}

/// Runs the whole flow so that the server has issued a token and a record.
async fn issue(server: &FakeServer, client: &Client) -> Issued {
    let token = client.get_token(&TokenRequest::new(KEY, SECRET)).await.unwrap().access_token;
    let imp_uid = client.request_otp(&person()).await.unwrap().imp_uid;
    let otp = server.otp_for(&imp_uid).unwrap();
    let record = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp)).await.unwrap();
    assert_eq!(record.name.as_deref(), Some(NAME), "the record carries the values under test");
    Issued { token, record }
}

/// Asserts that none of `values` (nor the fixed personal values) occurs in
/// `text`.
#[track_caller]
fn assert_clean(what: &str, text: &str, values: &[&str]) {
    for value in PERSONAL.iter().chain(values) {
        assert!(!text.contains(value), "{what} shows {value:?}: {text}");
    }
}

/// `Debug`, alternate `Debug` and `Display` of an error, all checked.
#[track_caller]
fn assert_clean_error(what: &str, err: &Error, values: &[&str]) {
    assert_clean(what, &format!("{err:?}"), values);
    assert_clean(what, &format!("{err:#?}"), values);
    assert_clean(what, &err.to_string(), values);
}

#[tokio::test]
async fn request_and_response_types_hide_personal_data_and_secrets() {
    let (server, client) = start().await;
    let issued = issue(&server, &client).await;
    let values = issued.values();

    let request = person();
    for text in [format!("{request:?}"), format!("{request:#?}")] {
        assert_clean("OtpRequest", &text, &values);
        // A single digit cannot be searched for; its field must be redacted.
        assert!(text.contains("gender_digit: <redacted>"), "{text}");
    }
    let credentials = TokenRequest::new(KEY, SECRET);
    assert_clean("TokenRequest", &format!("{credentials:?}"), &values);
    assert!(format!("{credentials:?}").contains(KEY), "the key is not a secret");

    let token = client.get_token(&credentials).await.unwrap();
    assert_eq!(token.access_token, issued.token, "the live token is reused");
    assert_clean("AccessToken", &format!("{token:?}"), &values);
    assert_clean("AccessToken", &format!("{token:#?}"), &values);

    let record = client.get_certification(&issued.record.imp_uid).await.unwrap();
    for text in [format!("{record:?}"), format!("{record:#?}")] {
        assert_clean("Certification", &text, &values);
        assert!(text.contains(&issued.record.imp_uid), "ids stay visible: {text}");
    }
    let deleted = client.delete_certification(&record.imp_uid).await.unwrap();
    assert_clean("Certification", &format!("{deleted:?}"), &values);
}

#[tokio::test]
async fn the_client_and_its_builder_hide_credentials_and_tokens() {
    let (server, client) = start().await;
    let issued = issue(&server, &client).await;
    let values = issued.values();

    assert_clean("Client", &format!("{client:?}"), &values);
    assert_clean("Client", &format!("{:#?}", client.clone()), &values);
    let builder = Client::builder().base_url(server.base_url()).credentials(KEY, SECRET);
    assert_clean("ClientBuilder", &format!("{builder:?}"), &values);
    assert_clean("ClientBuilder", &format!("{builder:#?}"), &values);
}

#[tokio::test]
async fn timeout_and_transport_errors_hide_what_was_sent() {
    let (server, _) = start().await;
    let slow = Client::builder()
        .base_url(server.base_url())
        .credentials(KEY, SECRET)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    server.inject(Fault::delay(Duration::from_secs(2)));
    let err = slow.request_otp(&person()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_clean_error("Timeout", &err, &[]);

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = listener.local_addr().unwrap();
    drop(listener);
    let refused = Client::builder().base_url(format!("http://{closed}")).credentials(KEY, SECRET).build().unwrap();
    let err = refused.request_otp(&person()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_clean_error("Transport", &err, &[]);
}

#[tokio::test]
async fn status_and_api_errors_hide_bodies_that_carry_personal_data() {
    let (server, client) = start().await;
    let issued = issue(&server, &client).await;
    let values = issued.values();
    let echo = format!(
        r#"{{"code":-1,"message":"요청을 처리할 수 없습니다.","response":{{"name":"{NAME}","phone":"{PHONE}","unique_key":"{}"}}}}"#,
        issued.values()[1]
    );

    server.inject(Fault::respond(400, echo.clone()).on_path("/certifications"));
    let err = client.request_otp(&person()).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status, .. } if status.as_u16() == 400), "{err:?}");
    assert_clean_error("Status", &err, &values);

    let err = client.get_certification("imp_000000000000").await.unwrap_err();
    assert!(matches!(&err, Error::Status { status, .. } if status.as_u16() == 404), "{err:?}");
    assert_clean_error("Status", &err, &values);

    server.revoke_tokens();
    server.inject(Fault::unauthorized().times(2).on_path("/certifications"));
    let err = client.get_certification(&issued.record.imp_uid).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status, .. } if status.as_u16() == 401), "{err:?}");
    assert_clean_error("Status", &err, &values);

    server.inject(Fault::respond(200, echo).on_path("/certifications"));
    let err = client.get_certification(&issued.record.imp_uid).await.unwrap_err();
    assert!(matches!(err, Error::Api { code: -1, .. }), "{err:?}");
    assert_clean_error("Api", &err, &values);
}

#[tokio::test]
async fn decode_errors_redact_the_body_excerpt() {
    let (server, client) = start().await;
    let issued = issue(&server, &client).await;
    let values = issued.values();
    let record = &issued.record;
    let (ci, di) = (record.unique_key.as_deref().unwrap(), record.unique_in_site.as_deref().unwrap());

    // Truncated JSON, cut inside the DI.
    let truncated = format!(
        r#"{{"code":0,"message":null,"response":{{"imp_uid":"{}","name":"{NAME}","phone":"{PHONE}","birthday":"{BIRTH}","birth":803142000,"unique_key":"{ci}","unique_in_site":"{}"#,
        record.imp_uid,
        &di[..20]
    );
    // Well-formed JSON whose personal fields have the wrong types.
    let mistyped = format!(
        r#"{{"code":0,"message":null,"response":{{"imp_uid":"x","name":{{"full":"{NAME}"}},"phone":["{PHONE}"],"birth":"{BIRTH}","unique_key":"{ci}"}}}}"#
    );
    // Unquoted and numeric values.
    let bare =
        format!(r#"{{"code":0,"response":{{"imp_uid":"x","phone":01098765432,"gender_digit":3,"name":{NAME}}}}}"#);
    // Not JSON at all, but still keyed: an object literal, a form echo, YAML-like text.
    let literal = format!("{{'imp_uid': 'x', 'name': '{NAME}', 'phone': '{PHONE}', 'birthday': '{BIRTH}'}}");
    let form = format!("error: name={NAME}&phone={PHONE}&birth={BIRTH}");
    let text = format!("Can't verify: name: {NAME}\nphone: {PHONE}\nunique_key: {ci}");
    for body in [truncated, mistyped, bare, literal, form, text] {
        server.inject(Fault::respond(200, body.clone()).on_path("/certifications"));
        let err = client.get_certification(&record.imp_uid).await.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{body}: {err:?}");
        assert_clean_error("Decode", &err, &values);
    }

    // A token response that fails to decode must not show the token.
    let token = format!(
        r#"{{"code":0,"message":null,"response":{{"access_token":"{}","now":"soon","expired_at":1}}}}"#,
        issued.token
    );
    server.revoke_tokens();
    server.inject(Fault::respond(200, token).on_path("/users/getToken"));
    server.inject(Fault::unauthorized().on_path("/certifications"));
    let err = client.get_certification(&record.imp_uid).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_clean_error("Decode", &err, &values);
}

#[tokio::test]
async fn invalid_input_errors_name_the_field_not_the_value() {
    let (server, client) = start().await;
    type Change = fn(&mut OtpRequest);
    let cases: [(Change, &str); 4] = [
        (|r| r.phone = "010-9876-54321".into(), "phone"),
        (|r| r.birth = "1995-06-155".into(), "birth"),
        (|r| r.gender_digit = "9".into(), "gender_digit"),
        (|r| r.name.clear(), "name"),
    ];
    for (change, field) in cases {
        let mut request = person();
        change(&mut request);
        let err = client.request_otp(&request).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field: f, .. } if f == field), "{err:?}");
        assert_clean_error("InvalidInput", &err, &["010-9876-54321", "1995-06-155", "01098765432"]);
    }
    let err = client.get_token(&TokenRequest::new(KEY, "")).await.unwrap_err();
    assert_clean_error("InvalidInput", &err, &[]);
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn config_errors_hide_credentials() {
    let err = Client::builder().base_url("not a url").credentials(KEY, SECRET).build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_clean_error("Config", &err, &[]);

    let err = Client::builder().base_url("ftp://127.0.0.1").credentials(KEY, SECRET).build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_clean_error("Config", &err, &[]);

    let err = Client::builder().build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("credentials"), "{err}");
}

#[tokio::test]
async fn server_messages_that_repeat_what_was_sent_are_masked() {
    let (server, client) = start().await;
    // The real API names the phone number it rejects; others echo names and dates.
    let messages = [
        "01098765432 번호가 올바르지 않습니다".to_owned(),
        format!("{NAME}님의 정보가 일치하지 않습니다 (휴대폰 {PHONE}, 생년월일 {BIRTH})"),
        "생년월일 950615 / 9876-5432 확인 필요".to_owned(),
    ];
    for message in &messages {
        server.inject(Fault::error(400, -1, message).on_path("/certifications/otp/request"));
        let err = client.request_otp(&person()).await.unwrap_err();
        assert_clean_error("Status", &err, &[]);
        // What went wrong is still said.
        assert!(err.to_string().starts_with("HTTP 400 Bad Request: "), "{err}");
        assert!(err.message().is_some_and(|m| m.contains("<redacted>")), "{err}");

        server.inject(Fault::error(200, 2, message).on_path("/certifications/otp/request"));
        let err = client.request_otp(&person()).await.unwrap_err();
        assert!(matches!(err, Error::Api { code: 2, .. }), "{err:?}");
        assert_clean_error("Api", &err, &[]);
    }

    // A token failure names the secret the request sent; those waiting for it learn the same, masked.
    let fresh = Client::builder()
        .base_url(server.base_url())
        .credentials(KEY, SECRET)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    server.inject(
        Fault::error(401, -1, &format!("imp_secret {SECRET} 가 올바르지 않습니다")).on_path("/users/getToken").times(1),
    );
    let someone = person();
    let (first, second) = tokio::join!(fresh.request_otp(&someone), fresh.request_otp(&someone));
    let errors: Vec<Error> = [first, second].into_iter().filter_map(Result::err).collect();
    assert!(errors.iter().any(|e| matches!(e, Error::Status { .. })), "{errors:?}");
    assert!(errors.iter().any(|e| matches!(e, Error::Token { .. })), "{errors:?}");
    for err in &errors {
        assert_clean_error("token failure", err, &[]);
    }
}
