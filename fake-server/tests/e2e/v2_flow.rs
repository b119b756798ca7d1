//! The V2 state machine: READY (sent) → VERIFIED or FAILED, resend, the
//! password's expiry, the APP method, and records the browser opened.

use std::time::Duration;

use iamport_fake_server::v2::FakeServer;
use serde_json::{Value, json};

use crate::v2_support::{self, CHANNEL, expect_error};

fn time(record: &Value, field: &str) -> String {
    record[field].as_str().unwrap_or_else(|| panic!("{field} in {record}")).to_owned()
}

#[tokio::test]
async fn sms_send_confirm_and_get() {
    let (server, client) = v2_support::start().await;
    let otp = v2_support::sent(&server, &client, "iv-1").await;
    assert_eq!(otp.len(), 6);
    assert!(otp.bytes().all(|b| b.is_ascii_digit()));

    let ready = client.record("iv-1").await;
    assert_eq!(ready.status, 200, "{}", ready.text);
    let ready = ready.json();
    let requested_at = time(&ready, "requestedAt");
    assert!(requested_at.ends_with('Z') && requested_at.len() == 20, "{requested_at}");
    let pg_tx_id = ready["pgTxId"].clone();
    assert!(pg_tx_id.is_string());
    assert_eq!(
        ready,
        json!({
            "status": "READY", "id": "iv-1", "version": "V2", "customData": "order-1",
            "channel": {
                "type": "TEST", "id": "channel-id-fake-0", "key": CHANNEL, "name": "fake Danal test channel",
                "pgProvider": "DANAL", "pgMerchantId": "fake-danal-merchant",
            },
            "requestedCustomer": {
                "id": "customer-1", "name": "홍길동", "phoneNumber": "01012345678",
                "birthYear": "1990", "birthMonth": "01", "birthDay": "01",
            },
            "requestedAt": requested_at, "updatedAt": requested_at, "statusChangedAt": requested_at,
            "pgTxId": pg_tx_id,
        })
    );

    server.advance_clock(Duration::from_secs(30));
    let reply = client.confirm("iv-1", json!({ "otp": otp, "storeId": FakeServer::DEFAULT_STORE_ID })).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body.as_object().map(|o| o.len()), Some(1));
    let verified = body["identityVerification"].clone();
    let verified_at = time(&verified, "verifiedAt");
    assert!(verified_at > requested_at);
    let customer = &verified["verifiedCustomer"];
    assert_eq!(customer["ci"].as_str().map(str::len), Some(88));
    assert_eq!(customer["di"].as_str().map(str::len), Some(64));
    let raw = verified["pgRawResponse"].as_str().expect("pgRawResponse is text");
    assert!(raw.contains("01012345678"), "the provider's raw answer repeats personal data");
    assert_eq!(
        verified,
        json!({
            "status": "VERIFIED", "id": "iv-1", "version": "V2", "customData": "order-1",
            "channel": ready["channel"],
            "verifiedCustomer": {
                "id": "customer-1", "name": "홍길동", "operator": "SKT", "phoneNumber": "01012345678",
                "birthDate": "1990-01-01", "gender": "MALE", "isForeigner": false,
                "ci": customer["ci"], "di": customer["di"],
            },
            "requestedAt": requested_at, "updatedAt": verified_at, "statusChangedAt": verified_at,
            "verifiedAt": verified_at, "pgTxId": pg_tx_id, "pgRawResponse": raw,
        })
    );
    assert_eq!(client.record("iv-1").await.json(), verified);
    assert_eq!(server.identity_verification("iv-1"), Some(verified));
    assert_eq!(server.otp_for("iv-1"), None);
}

#[tokio::test]
async fn ci_and_di_are_stable_for_the_same_person() {
    let (server, client) = v2_support::start().await;
    let first = v2_support::verified(&server, &client, "iv-1").await;
    let second = v2_support::verified(&server, &client, "iv-2").await;
    for key in ["ci", "di"] {
        assert_eq!(first["verifiedCustomer"][key], second["verifiedCustomer"][key], "{key}");
    }
}

#[tokio::test]
async fn the_app_method_confirms_without_a_password() {
    let (server, client) = v2_support::start().await;
    let reply = client.send("iv-app", v2_support::app()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(server.otp_for("iv-app"), None);
    let reply = client.confirm("iv-app", json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let customer = reply.json()["identityVerification"]["verifiedCustomer"].clone();
    // Without an identity number the fake does not know birth date or sex.
    assert_eq!(customer["operator"], "KT_MVNO");
    assert_eq!((customer.get("birthDate"), customer.get("gender")), (None, None));
}

#[tokio::test]
async fn a_foreign_woman_born_in_2004() {
    let (server, client) = v2_support::start().await;
    let mut body = v2_support::sms();
    body["customer"]["identityNumber"] = json!("0402298");
    assert_eq!(client.send("iv-1", body).await.status, 200);
    let otp = server.otp_for("iv-1").unwrap();
    let verified = client.confirm("iv-1", json!({ "otp": otp })).await.json();
    let customer = &verified["identityVerification"]["verifiedCustomer"];
    assert_eq!((&customer["birthDate"], &customer["gender"]), (&json!("2004-02-29"), &json!("FEMALE")));
    assert_eq!(customer["isForeigner"], true);
}

#[tokio::test]
async fn resend_replaces_the_password_and_restarts_its_clock() {
    let (server, client) = v2_support::start().await;
    let first = v2_support::sent(&server, &client, "iv-1").await;
    server.advance_clock(Duration::from_secs(120));
    let reply = client.resend("iv-1").await;
    assert_eq!((reply.status, reply.text.as_str()), (200, "{}"));
    let second = server.otp_for("iv-1").expect("a new OTP");
    if first != second {
        let reply = client.confirm("iv-1", json!({ "otp": first })).await;
        expect_error(&reply, 502, "PG_PROVIDER");
    }
    // Two more minutes: past the first password's 3, within the second's.
    server.advance_clock(Duration::from_secs(120));
    let reply = client.confirm("iv-1", json!({ "otp": second })).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn an_expired_password_is_the_providers_error_and_resend_recovers() {
    let (server, client) = v2_support::start().await;
    let otp = v2_support::sent(&server, &client, "iv-1").await;
    server.advance_clock(FakeServer::DEFAULT_OTP_TTL);
    let body = expect_error(&client.confirm("iv-1", json!({ "otp": otp })).await, 502, "PG_PROVIDER");
    assert_eq!((body["pgCode"].as_str(), body["pgMessage"].is_string()), (Some("FAKE-0102"), true));
    assert_eq!(client.record("iv-1").await.json()["status"], "READY");
    assert_eq!(client.resend("iv-1").await.status, 200);
    let otp = server.otp_for("iv-1").unwrap();
    assert_eq!(client.confirm("iv-1", json!({ "otp": otp })).await.status, 200);
}

#[tokio::test]
async fn wrong_passwords_fail_the_record_at_the_limit() {
    let (server, client) = v2_support::start().await;
    let otp = v2_support::sent(&server, &client, "iv-1").await;
    let wrong = if otp == "000000" { "111111" } else { "000000" };
    for attempt in 1..=FakeServer::DEFAULT_MAX_OTP_ATTEMPTS {
        let body = expect_error(&client.confirm("iv-1", json!({ "otp": wrong })).await, 502, "PG_PROVIDER");
        assert_eq!(body["pgCode"], "FAKE-0101");
        let status = client.record("iv-1").await.json()["status"].clone();
        let expected = if attempt < FakeServer::DEFAULT_MAX_OTP_ATTEMPTS { "READY" } else { "FAILED" };
        assert_eq!(status, expected, "after {attempt} wrong passwords");
    }
    let failed = client.record("iv-1").await.json();
    assert_eq!(failed["failure"]["pgCode"], "FAKE-0101");
    assert!(failed["failure"]["reason"].is_string() && failed["failure"]["pgMessage"].is_string());
    assert_eq!(failed["requestedCustomer"]["name"], "홍길동");
    assert_eq!(failed.get("verifiedCustomer"), None);
    assert_eq!(server.otp_for("iv-1"), None);

    // FAILED is final for this id: the right password is too late.
    expect_error(&client.confirm("iv-1", json!({ "otp": otp })).await, 404, "IDENTITY_VERIFICATION_NOT_SENT");
    expect_error(&client.resend("iv-1").await, 404, "IDENTITY_VERIFICATION_NOT_SENT");
    expect_error(&client.send("iv-1", v2_support::sms()).await, 409, "IDENTITY_VERIFICATION_ALREADY_SENT");
}

#[tokio::test]
async fn the_attempt_limit_is_configurable() {
    let server = FakeServer::builder().max_otp_attempts(1).start().await.expect("starts");
    let client = v2_support::V2::for_server(&server);
    let otp = v2_support::sent(&server, &client, "iv-1").await;
    let wrong = if otp == "000000" { "111111" } else { "000000" };
    expect_error(&client.confirm("iv-1", json!({ "otp": wrong })).await, 502, "PG_PROVIDER");
    assert_eq!(client.record("iv-1").await.json()["status"], "FAILED");
}

#[tokio::test]
async fn a_record_the_browser_opened_is_not_sent_until_the_api_sends_it() {
    let (server, client) = v2_support::start().await;
    server.insert_unsent("iv-web");
    let record = client.record("iv-web").await.json();
    assert_eq!((&record["status"], &record["requestedCustomer"]), (&json!("READY"), &json!({})));
    expect_error(&client.confirm("iv-web", json!({ "otp": "123456" })).await, 404, "IDENTITY_VERIFICATION_NOT_SENT");
    expect_error(&client.resend("iv-web").await, 404, "IDENTITY_VERIFICATION_NOT_SENT");
    let otp = v2_support::sent(&server, &client, "iv-web").await;
    let reply = client.confirm("iv-web", json!({ "otp": otp })).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn the_otp_hook_sees_each_password() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let server = FakeServer::builder()
        .on_otp(move |id, otp| sink.lock().unwrap().push((id.to_owned(), otp.to_owned())))
        .start()
        .await
        .expect("starts");
    let client = v2_support::V2::for_server(&server);
    let first = v2_support::sent(&server, &client, "iv-1").await;
    client.resend("iv-1").await;
    let second = server.otp_for("iv-1").unwrap();
    assert_eq!(*seen.lock().unwrap(), [("iv-1".to_owned(), first), ("iv-1".to_owned(), second)]);
}
