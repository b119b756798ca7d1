//! `POST /certifications/otp/request` and `/certifications/otp/confirm/{imp_uid}`.

use iamport_fake_server::{Certification, FakeServer};
use serde_json::{Value, json};

use crate::support::{self, Client};

const REQUEST: &str = "/certifications/otp/request";

fn confirm_path(imp_uid: &str) -> String {
    format!("/certifications/otp/confirm/{imp_uid}")
}

#[tokio::test]
async fn request_then_confirm_yields_the_full_record() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let body = json!({
        "name": "홍길동", "phone": "010-1234-5678", "birth": "90-01-01",
        "gender_digit": "1", "carrier": "SKT", "merchant_uid": "order_1",
        "company": "example.com",
    });
    let reply = client.post_json(REQUEST, &token, body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let envelope = reply.json();
    assert_eq!((envelope["code"].clone(), envelope["message"].clone()), (json!(0), Value::Null));
    let imp_uid = envelope["response"]["imp_uid"].as_str().expect("imp_uid").to_owned();
    assert_eq!(envelope["response"].as_object().map(|o| o.len()), Some(1));
    assert!(imp_uid.starts_with("imp_") && imp_uid.len() == 16, "{imp_uid}");
    assert!(imp_uid[4..].bytes().all(|b| b.is_ascii_digit()));

    let otp = server.otp_for(&imp_uid).expect("an OTP was issued");
    assert_eq!(otp.len(), 6);
    assert!(otp.bytes().all(|b| b.is_ascii_digit()));

    let confirmed = client.post_json(&confirm_path(&imp_uid), &token, json!({ "otp": otp })).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    let record = confirmed.json()["response"].clone();
    let certified_at = record["certified_at"].as_i64().expect("integer certified_at");
    assert!((certified_at - server.now()).abs() <= 1);
    let unique_key = record["unique_key"].as_str().expect("CI");
    assert_eq!(unique_key.len(), 88);
    assert_eq!(record["unique_in_site"].as_str().map(str::len), Some(64));
    let pg_tid = record["pg_tid"].as_str().expect("pg_tid").to_owned();
    assert_eq!(
        record,
        json!({
            "imp_uid": imp_uid, "merchant_uid": "order_1", "pg_tid": pg_tid,
            "pg_provider": "danal", "name": "홍길동", "gender": "male",
            "birth": 631_119_600, "birthday": "1990-01-01", "foreigner": false,
            "phone": "01012345678", "carrier": "SKT", "certified": true,
            "certified_at": certified_at, "unique_key": unique_key,
            "unique_in_site": record["unique_in_site"], "origin": null, "foreigner_v2": null,
        })
    );
    // Field order follows the spec's CertificationAnnotation.
    let position = |key: &str| confirmed.text.find(&format!("\"{key}\":")).expect(key);
    assert!(position("imp_uid") < position("birthday"));
    assert!(position("birthday") < position("foreigner_v2"));

    // GET returns the same record; confirming again is refused.
    let fetched = client.get(&format!("/certifications/{imp_uid}"), &token).await;
    assert_eq!(fetched.json()["response"], record);
    let again = client.post_json(&confirm_path(&imp_uid), &token, json!({ "otp": otp })).await;
    assert_eq!(again.status, 400);
    assert_eq!(again.error_message(), "이미 인증이 완료된 건입니다.");
}

#[tokio::test]
async fn an_unconfirmed_request_reads_as_not_certified() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let imp_uid = support::request_otp(&client, &token, support::otp_request()).await;
    let reply = client.get(&format!("/certifications/{imp_uid}"), &token).await;
    assert_eq!(reply.status, 200);
    let record: Certification = serde_json::from_value(reply.json()["response"].clone()).expect("record shape");
    assert_eq!(record, Certification { pg_tid: record.pg_tid.clone(), ..Certification::unconfirmed(imp_uid.clone()) });
    assert_eq!(record.pg_tid.as_ref().map(String::len), Some(24));
    assert_eq!(server.certification(&imp_uid), Some(record));
}

#[tokio::test]
async fn wrong_or_missing_otp_is_refused_without_spending_the_request() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let imp_uid = support::request_otp(&client, &token, support::otp_request()).await;
    let otp = server.otp_for(&imp_uid).expect("otp");
    let wrong = if otp == "000000" { "111111" } else { "000000" };

    let reply = client.post_json(&confirm_path(&imp_uid), &token, json!({"otp": wrong})).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_message(), "인증번호가 일치하지 않습니다.");

    let reply = client.post_json(&confirm_path(&imp_uid), &token, json!({})).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_message(), "otp 파라메터가 누락되었습니다.");

    let reply = client.post_form(&confirm_path(&imp_uid), &token, &format!("otp={otp}")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["response"]["certified"], true);
}

#[tokio::test]
async fn confirming_an_unknown_imp_uid_is_404() {
    let (_server, client) = support::start().await;
    let token = client.token().await;
    let reply = client.post_json(&confirm_path("imp_000000000000"), &token, json!({"otp": "123456"})).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error_message(), "인증결과가 존재하지 않습니다.");
}

#[tokio::test]
async fn form_bodies_mvno_eight_digit_births_and_extra_fields() {
    let server =
        FakeServer::builder().foreigner_v2(true).origin("https://shop.example/verify").start().await.expect("starts");
    let client = Client::new(&server);
    let token = client.token().await;
    let form = "name=Jane+Doe&phone=%2B82+10+5555+0000&birth=2004.02.29&gender_digit=8\
                &carrier=LGT&is_mvno=true&channel_key=channel-key-1&verification_method=SMS\
                &bypass=%7B%7D&pg=danal.A010000000";
    let reply = client.post_form(REQUEST, &token, form).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let imp_uid = reply.json()["response"]["imp_uid"].as_str().expect("imp_uid").to_owned();
    let otp = server.otp_for(&imp_uid).expect("otp");
    let record = client.post_form(&confirm_path(&imp_uid), &token, &format!("otp={otp}")).await;
    let record = record.json()["response"].clone();
    assert_eq!(record["name"], "Jane Doe");
    assert_eq!(record["phone"], "821055550000");
    assert_eq!(record["carrier"], "LGT_MVNO");
    assert_eq!(record["gender"], "female");
    assert_eq!(record["birthday"], "2004-02-29");
    assert_eq!(record["birth"], 1_077_980_400);
    assert_eq!((record["foreigner"].clone(), record["foreigner_v2"].clone()), (json!(true), json!(true)));
    assert_eq!(record["origin"], "https://shop.example/verify");
    assert_eq!(record["merchant_uid"], Value::Null);

    // JSON bodies may carry bypass as an object and is_mvno as a boolean.
    let mut body = support::otp_request();
    body["is_mvno"] = json!(false);
    body["bypass"] = json!({"kcpV2": {"media_type": "MC01"}});
    body["channel_key"] = json!("channel-key-1");
    support::request_otp(&client, &token, body).await;
}

#[tokio::test]
async fn six_digit_births_take_the_century_from_the_gender_digit() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    for (gender_digit, birthday, gender, foreigner) in [
        ("2", "1999-12-31", "female", false),
        ("3", "2099-12-31", "male", false),
        ("5", "1999-12-31", "male", true),
        ("7", "2099-12-31", "male", true),
    ] {
        let mut body = support::otp_request();
        body["birth"] = json!("991231");
        body["gender_digit"] = json!(gender_digit);
        let imp_uid = support::request_otp(&client, &token, body).await;
        let otp = server.otp_for(&imp_uid).expect("otp");
        let reply = client.post_json(&confirm_path(&imp_uid), &token, json!({"otp": otp})).await;
        let record = &reply.json()["response"];
        assert_eq!(record["birthday"], birthday, "gender digit {gender_digit}");
        assert_eq!(record["gender"], gender);
        assert_eq!(record["foreigner"], foreigner);
        // Not contracted: foreigner_v2 stays null.
        assert_eq!(record["foreigner_v2"], Value::Null);
    }
}

#[tokio::test]
async fn the_same_person_gets_the_same_ci_and_di() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let mut records = Vec::new();
    for birth in ["900101", "19900101"] {
        let mut body = support::otp_request();
        body["birth"] = json!(birth);
        let imp_uid = support::request_otp(&client, &token, body).await;
        let otp = server.otp_for(&imp_uid).expect("otp");
        let reply = client.post_json(&confirm_path(&imp_uid), &token, json!({"otp": otp})).await;
        records.push(reply.json()["response"].clone());
    }
    assert_ne!(records[0]["imp_uid"], records[1]["imp_uid"]);
    assert_eq!(records[0]["unique_key"], records[1]["unique_key"]);
    assert_eq!(records[0]["unique_in_site"], records[1]["unique_in_site"]);
}

#[tokio::test]
async fn invalid_requests_get_400_with_a_message() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let with = |field: &str, value: Value| {
        let mut body = support::otp_request();
        body[field] = value;
        body
    };
    let without = |field: &str| {
        let mut body = support::otp_request();
        body.as_object_mut().expect("object").remove(field);
        body
    };
    let cases = [
        (without("name"), "name 파라메터가 누락되었습니다."),
        (without("phone"), "phone 파라메터가 누락되었습니다."),
        (without("birth"), "birth 파라메터가 누락되었습니다."),
        (without("gender_digit"), "gender_digit 파라메터가 누락되었습니다."),
        (without("carrier"), "carrier 파라메터가 누락되었습니다."),
        (with("name", json!("")), "name 파라메터가 누락되었습니다."),
        (with("carrier", json!("SKT_MVNO")), "carrier 는 SKT, KT, LGT 중 하나여야 합니다."),
        (with("carrier", json!("kt")), "carrier 는 SKT, KT, LGT 중 하나여야 합니다."),
        (with("gender_digit", json!("9")), "gender_digit 는 1~8 중 하나의 숫자여야 합니다."),
        (with("gender_digit", json!("0")), "gender_digit 는 1~8 중 하나의 숫자여야 합니다."),
        (with("birth", json!("9001")), "birth 는 YYMMDD 또는 YYYYMMDD 형식의 올바른 날짜여야 합니다."),
        (with("birth", json!("1990-02-30")), "birth 는 YYMMDD 또는 YYYYMMDD 형식의 올바른 날짜여야 합니다."),
        (with("phone", json!("none")), "phone 형식이 올바르지 않습니다."),
        (with("is_mvno", json!("maybe")), "is_mvno 는 true 또는 false 여야 합니다."),
    ];
    let count = cases.len();
    for (body, message) in cases {
        let reply = client.post_json(REQUEST, &token, body.clone()).await;
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.error_message(), message, "{body}");
    }
    // Numbers are read as text: gender_digit 1 is fine.
    support::request_otp(&client, &token, with("gender_digit", json!(1))).await;
    assert_eq!(server.request_count(), 1 + count + 1);
}
