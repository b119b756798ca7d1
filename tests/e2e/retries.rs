//! Retry policies against injected faults: what is sent again, when, and
//! what never is.

use std::time::{Duration, Instant};

use iamport_certification::{Client, Error, RetryPolicy};
use iamport_fake_server::{FakeServer, Fault};

use crate::{builder, calls, expected, identity, person, status_parts};

/// A client with `policy` (short backoffs keep the tests fast).
async fn start_with(policy: RetryPolicy) -> (FakeServer, Client) {
    let server = FakeServer::start().await.expect("the fake server starts");
    let client = builder(&server).retry(policy).build().expect("the client builds");
    (server, client)
}

fn quick() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(5)).max_backoff(Duration::from_millis(20))
}

#[tokio::test]
async fn a_503_then_success_is_retried_by_default() {
    let server = FakeServer::start().await.unwrap();
    // The default policy, as a user gets it.
    let client = Client::builder().base_url(server.base_url()).credentials(crate::KEY, crate::SECRET).build().unwrap();
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(503, -1, "점검 중입니다.").on_path("/certifications"));

    assert_eq!(client.get_certification(&imp_uid).await.unwrap().imp_uid, imp_uid);
    let path = format!("/certifications/{imp_uid}");
    assert_eq!(
        calls(&server),
        expected(&[("POST", "/users/getToken"), ("GET", &path), ("GET", &path)]),
        "one token, then the GET twice"
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let (server, client) = start_with(quick()).await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    client.get_certification(&imp_uid).await.unwrap();
    server.inject(Fault::error(429, -1, "too many requests").retry_after("1").on_path("/certifications"));

    let started = Instant::now();
    client.get_certification(&imp_uid).await.unwrap();
    // The backoff alone would have waited at most 20 ms.
    assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn a_retry_after_past_the_budget_returns_the_error_at_once() {
    let (server, client) = start_with(quick().budget(Duration::from_secs(10))).await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(503, -1, "점검 중입니다.").retry_after("60").on_path("/certifications"));

    let started = Instant::now();
    let err = client.get_certification(&imp_uid).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(status_parts(&err), (503, Some(-1), Some("점검 중입니다.")));
    assert_eq!(server.request_count(), 2, "the token and one GET");
}

#[tokio::test]
async fn attempts_stop_at_the_maximum_or_the_budget() {
    let (server, client) = start_with(quick().max_attempts(4)).await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::respond(502, "<html>Bad Gateway</html>").content_type("text/html").times(10).on_path("/cert"));
    let err = client.get_certification(&imp_uid).await.unwrap_err();
    assert_eq!(status_parts(&err), (502, None, None));
    assert_eq!(server.request_count(), 1 + 4, "the token and four GETs");

    // Backoffs of 100, 200, 400 ms… within a 250 ms budget: sends at 0 and ~100 ms, and the next wait would end late.
    let (server, client) = start_with(
        RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(200))
            .budget(Duration::from_millis(250)),
    )
    .await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(500, -1, "server error").times(10).on_path("/certifications"));
    let err = client.get_certification(&imp_uid).await.unwrap_err();
    assert_eq!(status_parts(&err), (500, Some(-1), Some("server error")));
    let gets = server.requests().iter().filter(|r| r.method == "GET").count();
    assert!((1..=2).contains(&gets), "{gets} GETs within the budget");
}

#[tokio::test]
async fn calls_with_side_effects_are_sent_once() {
    let (server, client) = start_with(quick()).await;
    client.get_certification("imp_000000000000").await.unwrap_err();
    server.clear_requests();
    server.inject(Fault::error(503, -1, "점검 중입니다.").on_path("/certifications/otp/request"));

    // Sending the OTP twice would send two text messages.
    let err = client.request_otp(&person()).await.unwrap_err();
    assert_eq!(status_parts(&err), (503, Some(-1), Some("점검 중입니다.")));
    assert!(err.is_retryable(), "the caller may decide to send it again");
    assert_eq!(calls(&server), expected(&[("POST", "/certifications/otp/request")]));
}

#[tokio::test]
async fn the_token_operation_is_retried_although_it_is_a_post() {
    let (server, client) = start_with(quick()).await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(500, -1, "server error").on_path("/users/getToken"));
    assert_eq!(client.get_certification(&imp_uid).await.unwrap().imp_uid, imp_uid);
    assert_eq!(server.token_requests(), 2);
}

#[tokio::test]
async fn a_timeout_on_a_safe_call_is_retried() {
    let server = FakeServer::start().await.unwrap();
    let client = builder(&server).timeout(Duration::from_millis(300)).retry(quick()).build().unwrap();
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    client.get_certification(&imp_uid).await.unwrap();
    server.inject(Fault::delay(Duration::from_secs(2)).on_path("/certifications"));
    assert_eq!(client.get_certification(&imp_uid).await.unwrap().imp_uid, imp_uid);
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn never_sends_once() {
    let (server, client) = start_with(RetryPolicy::never()).await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(503, -1, "점검 중입니다.").on_path("/certifications"));
    let err = client.get_certification(&imp_uid).await.unwrap_err();
    assert!(matches!(err, Error::Status { .. }), "{err:?}");
    assert_eq!(server.request_count(), 2);
}
