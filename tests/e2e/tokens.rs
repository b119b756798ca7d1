//! Token caching, refresh before expiry, refresh-and-retry-once on 401, and
//! one getToken for many concurrent callers.

use std::time::Duration;

use codegen_runtime::reqwest::StatusCode;
use iamport_certification::types::Certification;
use iamport_certification::{Client, Error};
use iamport_fake_server::{FakeServer, Fault};

use crate::{builder, calls, expected, identity, start, status_parts};

/// Number of requests to `path` the server received.
fn hits(server: &FakeServer, path: &str) -> usize {
    server.requests().iter().filter(|r| r.path == path).count()
}

#[tokio::test]
async fn a_cached_token_is_reused_across_calls() {
    let (server, client) = start().await;
    let seeded = server.insert_certified(&identity()).unwrap();
    for _ in 0..3 {
        client.get_certification(&seeded.imp_uid).await.unwrap();
    }
    assert_eq!(server.token_requests(), 1);
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn a_revoked_token_is_refreshed_once_and_the_call_retried() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    client.get_certification(&imp_uid).await.unwrap();

    server.revoke_tokens();
    let record = client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(record.imp_uid, imp_uid);

    let path = format!("/certifications/{imp_uid}");
    assert_eq!(
        calls(&server),
        expected(&[
            ("POST", "/users/getToken"),
            ("GET", &path),
            ("GET", &path), // 401: the token was revoked
            ("POST", "/users/getToken"),
            ("GET", &path),
        ])
    );
    // The new token is cached: the next call needs no getToken.
    client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(server.token_requests(), 2);
}

#[tokio::test]
async fn a_single_401_on_a_post_is_retried_with_the_same_body() {
    let (server, client) = start().await;
    server.inject(Fault::unauthorized().on_path("/certifications/otp/request"));
    let imp_uid = client.request_otp(&crate::person()).await.unwrap().imp_uid;
    assert!(server.otp_for(&imp_uid).is_some());
    assert_eq!(server.token_requests(), 2);
    assert_eq!(hits(&server, "/certifications/otp/request"), 2);
    assert_eq!(server.pending_faults(), 0);
}

#[tokio::test]
async fn a_persistent_401_fails_after_one_refresh_without_looping() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::unauthorized().times(100).on_path("/certifications"));

    let err = client.get_certification(&imp_uid).await.unwrap_err();
    assert_eq!(status_parts(&err), (401, Some(-1), Some("Unauthorized")));
    assert!(!err.is_retryable());
    assert_eq!(server.request_count(), 4, "{:?}", calls(&server));
    assert_eq!(server.token_requests(), 2);

    // A later call tries its cached token, refreshes once and gives up.
    client.delete_certification(&imp_uid).await.unwrap_err();
    assert_eq!(server.request_count(), 7);
    assert_eq!(server.token_requests(), 3);
    assert!(server.certification(&imp_uid).is_some());
}

#[tokio::test]
async fn rejected_credentials_fail_the_call_without_a_retry() {
    let server = FakeServer::start().await.unwrap();
    let client = Client::builder().base_url(server.base_url()).credentials("test_imp_key", "wrong").build().unwrap();
    let err = client.get_certification("imp_000000000000").await.unwrap_err();
    assert_eq!(status_parts(&err), (401, Some(-1), Some("imp_key, imp_secret 인증에 실패하였습니다.")));
    assert_eq!(calls(&server), expected(&[("POST", "/users/getToken")]));
}

#[tokio::test]
async fn a_token_inside_the_refresh_margin_is_replaced_before_the_call() {
    // Tokens live 60 s and the client replaces them 60 s early, so the
    // second call fetches first. Like the real API, the fake answers a
    // getToken in the token's last minute with the same token extended by
    // 5 minutes, which then lasts for the third call.
    let server = FakeServer::builder().token_ttl(Duration::from_secs(60)).start().await.unwrap();
    let client = builder(&server).token_refresh_margin(Duration::from_secs(60)).build().unwrap();
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    for _ in 0..3 {
        client.get_certification(&imp_uid).await.unwrap();
    }
    let path = format!("/certifications/{imp_uid}");
    let get = ("GET", path.as_str());
    let token = ("POST", "/users/getToken");
    assert_eq!(calls(&server), expected(&[token, get, token, get, get]));
}

#[tokio::test]
async fn a_short_lived_token_is_refreshed_when_the_margin_is_reached() {
    // 2 s tokens, replaced 1 s early: fresh for about one second.
    let server = FakeServer::builder().token_ttl(Duration::from_secs(2)).start().await.unwrap();
    let client = builder(&server).token_refresh_margin(Duration::from_secs(1)).build().unwrap();
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;

    client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(server.token_requests(), 1);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(server.token_requests(), 2);
    // Refreshed ahead of time: no request was rejected and retried.
    assert_eq!(hits(&server, &format!("/certifications/{imp_uid}")), 2);
}

#[tokio::test]
async fn a_token_expired_on_the_server_clock_is_refreshed_after_a_401() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    client.get_certification(&imp_uid).await.unwrap();

    // The server's clock passes the token's expiry; the client's does not.
    server.advance_clock(Duration::from_secs(31 * 60));
    client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(server.token_requests(), 2);
    assert_eq!(hits(&server, &format!("/certifications/{imp_uid}")), 3);

    client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(server.token_requests(), 2);
}

/// Runs `get_certification(imp_uid)` on `count` tasks at once, each on its
/// own clone of `client`.
async fn concurrently(client: &Client, imp_uid: &str, count: usize) -> Vec<Result<Certification, Error>> {
    let tasks: Vec<_> = (0..count)
        .map(|_| {
            let client = client.clone();
            let imp_uid = imp_uid.to_owned();
            tokio::spawn(async move { client.get_certification(&imp_uid).await })
        })
        .collect();
    let mut results = Vec::with_capacity(count);
    for task in tasks {
        results.push(task.await.expect("the task does not panic"));
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_first_calls_share_one_token_request() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    let results = concurrently(&client, &imp_uid, 100).await;
    for result in results {
        assert_eq!(result.unwrap().imp_uid, imp_uid);
    }
    assert_eq!(server.token_requests(), 1);
    assert_eq!(server.request_count(), 101);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_401s_share_one_refresh() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    client.get_certification(&imp_uid).await.unwrap();
    server.revoke_tokens();

    let results = concurrently(&client, &imp_uid, 50).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(server.token_requests(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_token_request_fails_its_waiters_at_once_and_later_calls_fetch_again() {
    let (server, client) = start().await;
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    server.inject(Fault::error(500, -1, "server error").on_path("/users/getToken"));

    let results = concurrently(&client, &imp_uid, 100).await;
    let failed: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    // The caller that made the attempt gets the server's answer; those queued behind it
    // learn of the same failure instead of each trying again in turn.
    let originals: Vec<_> = failed.iter().filter(|e| matches!(e, Error::Status { .. })).collect();
    assert_eq!(originals.len(), 1, "{failed:?}");
    assert_eq!(status_parts(originals[0]), (500, Some(-1), Some("server error")));
    for err in failed.iter().filter(|e| !matches!(e, Error::Status { .. })) {
        let Error::Token { cause, status, retryable } = err else { panic!("unexpected {err:?}") };
        assert_eq!((*status, *retryable), (Some(StatusCode::INTERNAL_SERVER_ERROR), true));
        assert_eq!(cause, "HTTP 500 Internal Server Error: server error (code -1)");
        assert_eq!(err.to_string(), format!("could not obtain an access token: {cause}"));
    }
    let succeeded = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(server.token_requests(), if succeeded > 0 { 2 } else { 1 });
    // The next call fetches a token again and succeeds.
    assert_eq!(client.get_certification(&imp_uid).await.unwrap().imp_uid, imp_uid);
}
