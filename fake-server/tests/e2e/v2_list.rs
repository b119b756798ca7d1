//! `GET /identity-verifications`: conditions as JSON text in the
//! `requestBody` query parameter or as a JSON body, filters, order, pages,
//! and a record in a state no document lists.

use std::time::Duration;

use iamport_fake_server::v2::FakeServer;
use serde_json::{Value, json};

use crate::v2_support::{self, AUTH, Cred, V2, expect_error};

fn ids(reply: &v2_support::Reply) -> Vec<String> {
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    body["items"].as_array().expect("items").iter().map(|item| item["id"].as_str().unwrap().to_owned()).collect()
}

fn page(reply: &v2_support::Reply) -> Value {
    reply.json()["page"].clone()
}

/// iv-1 verified, iv-2 READY, iv-3 failed, each a minute apart.
async fn three_records() -> (FakeServer, V2) {
    let server = FakeServer::builder().max_otp_attempts(1).start().await.expect("starts");
    let client = V2::for_server(&server);
    v2_support::verified(&server, &client, "iv-1").await;
    server.advance_clock(Duration::from_secs(60));
    v2_support::sent(&server, &client, "iv-2").await;
    server.advance_clock(Duration::from_secs(60));
    let otp = v2_support::sent(&server, &client, "iv-3").await;
    let wrong = if otp == "000000" { "111111" } else { "000000" };
    client.confirm("iv-3", json!({ "otp": wrong })).await;
    (server, client)
}

#[tokio::test]
async fn defaults_newest_first_ten_a_page() {
    let (server, client) = three_records().await;
    let reply = client.get("/identity-verifications").await;
    assert_eq!(ids(&reply), ["iv-3", "iv-2", "iv-1"]);
    assert_eq!(page(&reply), json!({"number": 0, "size": 10, "totalCount": 3}));
    let statuses: Vec<Value> = reply.json()["items"].as_array().unwrap().iter().map(|i| i["status"].clone()).collect();
    assert_eq!(statuses, [json!("FAILED"), json!("READY"), json!("VERIFIED")]);
    assert_eq!(reply.json()["items"][2], server.identity_verification("iv-1").unwrap());
}

#[tokio::test]
async fn the_query_parameter_carries_json_text() {
    let (server, client) = three_records().await;
    let reply = client.list(json!({"page": {"number": 1, "size": 2}, "sort": {"order": "ASC"}})).await;
    assert_eq!(ids(&reply), ["iv-3"]);
    assert_eq!(page(&reply), json!({"number": 1, "size": 2, "totalCount": 3}));
    let query = server.requests().last().and_then(|r| r.query.clone()).expect("a query string");
    assert!(query.starts_with("requestBody=%7B"), "{query}");

    let reply =
        client.list(json!({"filter": {"statuses": ["READY", "VERIFIED"]}, "sort": {"by": "REQUESTED_AT"}})).await;
    assert_eq!(ids(&reply), ["iv-2", "iv-1"]);

    // Records without the moment sorted by go last, either way.
    let reply = client.list(json!({"sort": {"by": "VERIFIED_AT", "order": "ASC"}})).await;
    assert_eq!(ids(&reply), ["iv-1", "iv-2", "iv-3"]);
    let reply = client.list(json!({"sort": {"by": "VERIFIED_AT", "order": "DESC"}})).await;
    assert_eq!(ids(&reply), ["iv-1", "iv-3", "iv-2"]);
}

#[tokio::test]
async fn a_json_body_works_too_and_must_agree_with_the_query() {
    let (_server, client) = three_records().await;
    let conditions = json!({"filter": {"identityVerificationId": "iv-2"}});
    let reply = client.call("GET", "/identity-verifications", AUTH, Some(conditions.clone())).await;
    assert_eq!(ids(&reply), ["iv-2"]);
    let query = serde_urlencoded::to_string([("requestBody", conditions.to_string())]).unwrap();
    let path = format!("/identity-verifications?{query}");
    assert_eq!(ids(&client.call("GET", &path, AUTH, Some(conditions)).await), ["iv-2"]);
    let reply = client.call("GET", &path, AUTH, Some(json!({}))).await;
    expect_error(&reply, 400, "INVALID_REQUEST");
}

#[tokio::test]
async fn filters() {
    let (server, client) = three_records().await;
    let cases = [
        (json!({"statuses": ["FAILED"]}), vec!["iv-3"]),
        (json!({"customer": {"name": "홍길동", "birthYear": "1990"}}), vec!["iv-3", "iv-2", "iv-1"]),
        (json!({"customer": {"gender": "MALE"}}), vec!["iv-1"]),
        (json!({"customer": {"phoneNumber": "01000000000"}}), vec![]),
        (json!({"carriers": ["SKT", "KT"]}), vec!["iv-3", "iv-2", "iv-1"]),
        (json!({"carriers": ["LGU"]}), vec![]),
        (json!({"isTest": true, "version": "V2", "pgProviders": ["DANAL"]}), vec!["iv-3", "iv-2", "iv-1"]),
        (json!({"isTest": false}), vec![]),
        (json!({"version": "V1"}), vec![]),
        (json!({"pgCompanies": ["INICIS"]}), vec![]),
        (json!({"pgMerchantId": "fake-danal-merchant"}), vec!["iv-3", "iv-2", "iv-1"]),
        (json!({"timeRangeField": "VERIFIED_AT"}), vec!["iv-1"]),
        (json!({"timeRangeField": "FAILED_AT"}), vec!["iv-3"]),
        (json!({"storeId": FakeServer::DEFAULT_STORE_ID}), vec!["iv-3", "iv-2", "iv-1"]),
    ];
    for (filter, expected) in cases {
        assert_eq!(ids(&client.list(json!({ "filter": filter })).await), expected, "{filter}");
    }
    let pg_tx_id = server.identity_verification("iv-2").unwrap()["pgTxId"].clone();
    assert_eq!(ids(&client.list(json!({"filter": {"pgTxId": pg_tx_id}})).await), ["iv-2"]);
}

#[tokio::test]
async fn time_ranges_default_to_the_last_90_days() {
    let (server, client) = three_records().await;
    let iv2 = server.identity_verification("iv-2").unwrap()["requestedAt"].clone();
    let reply = client.list(json!({"filter": {"from": iv2, "until": iv2}})).await;
    assert_eq!(ids(&reply), ["iv-2"]);
    let reply = client.list(json!({"filter": {"from": iv2}, "sort": {"order": "ASC"}})).await;
    assert_eq!(ids(&reply), ["iv-2", "iv-3"]);
    server.advance_clock(Duration::from_secs(91 * 86_400));
    assert_eq!(ids(&client.list(json!({})).await), Vec::<String>::new());
    let reply = client.list(json!({"filter": {"from": "2000-01-01T00:00:00+09:00"}})).await;
    assert_eq!(ids(&reply).len(), 3);
}

#[tokio::test]
async fn list_errors() {
    let (_server, client) = three_records().await;
    let bad = [
        json!({"page": {"size": -1}}),
        json!({"page": {"number": "1"}}),
        json!({"sort": {"by": "NAME"}}),
        json!({"sort": {"order": "UP"}}),
        json!({"filter": {"statuses": ["DONE"]}}),
        json!({"filter": {"statuses": "READY"}}),
        json!({"filter": {"from": "yesterday"}}),
        json!({"filter": {"carriers": ["LGT"]}}),
        json!({"filter": {"customer": {"gender": "M"}}}),
        json!({"filter": []}),
    ];
    for conditions in bad {
        expect_error(&client.list(conditions.clone()).await, 400, "INVALID_REQUEST");
    }
    for query in ["requestBody=not-json", "requestBody=%5B%5D", "requestBody=%7B"] {
        expect_error(&client.get(&format!("/identity-verifications?{query}")).await, 400, "INVALID_REQUEST");
    }
    let reply = client.list(json!({"filter": {"storeId": "store-someone-else"}})).await;
    expect_error(&reply, 403, "FORBIDDEN");
    let reply = client.call("GET", "/identity-verifications", Cred::None, None).await;
    expect_error(&reply, 401, "UNAUTHORIZED");
}

#[tokio::test]
async fn a_cancelled_record_carries_a_status_no_document_lists() {
    let (server, client) = three_records().await;
    assert!(server.cancel("iv-2"));
    assert!(!server.cancel("iv-9"));
    let record = client.record("iv-2").await.json();
    assert_eq!(record["status"], FakeServer::UNDOCUMENTED_STATUS);
    assert!(record["cancelledAt"].is_string());
    assert_eq!(record["requestedCustomer"]["name"], "홍길동");

    // It sits on a page among documented ones and can be filtered for.
    let reply = client.list(json!({})).await;
    let statuses: Vec<Value> = reply.json()["items"].as_array().unwrap().iter().map(|i| i["status"].clone()).collect();
    assert_eq!(statuses, [json!("FAILED"), json!("CANCELLED"), json!("VERIFIED")]);
    assert_eq!(ids(&client.list(json!({"filter": {"statuses": ["CANCELLED"]}})).await), ["iv-2"]);
    expect_error(&client.confirm("iv-2", json!({"otp": "123456"})).await, 404, "IDENTITY_VERIFICATION_NOT_SENT");
}
