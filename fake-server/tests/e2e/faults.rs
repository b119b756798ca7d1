//! Fault injection, and stopping the server.

use std::time::{Duration, Instant};

use iamport_fake_server::{FakeServer, Fault};
use serde_json::json;

use crate::support::{self, Client};

const MISSING: &str = "/certifications/imp_000000000000";

#[tokio::test]
async fn an_error_applies_once_then_normal_behaviour_resumes() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    server.inject(Fault::error(500, -1, "server error"));
    assert_eq!(server.pending_faults(), 1);
    let reply = client.get(MISSING, &token).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.text, r#"{"code":-1,"message":"server error","response":null}"#);
    assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
    assert_eq!(server.pending_faults(), 0);
    assert_eq!(client.get(MISSING, &token).await.status, 404);
}

#[tokio::test]
async fn path_prefix_and_count_select_the_requests() {
    let (server, client) = support::start().await;
    server.inject(Fault::error(200, 1, "처리할 수 없습니다.").on_path("/certifications").times(2));
    // getToken does not match the prefix and is unaffected.
    let token = client.token().await;
    for _ in 0..2 {
        let reply = client.get(MISSING, &token).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json(), json!({"code": 1, "message": "처리할 수 없습니다.", "response": null}));
    }
    assert_eq!(client.get(MISSING, &token).await.status, 404);
}

#[tokio::test]
async fn raw_bodies_and_content_types_are_sent_as_given() {
    let (server, client) = support::start().await;
    server.inject(Fault::respond(502, "<html>Bad Gateway").content_type("text/html"));
    server.inject(Fault::respond(200, "{\"code\":0,\"response\":"));
    let first = client.get_token_with(support::Body::None).await;
    assert_eq!((first.status, first.text.as_str()), (502, "<html>Bad Gateway"));
    assert_eq!(first.content_type.as_deref(), Some("text/html"));
    let second = client.get_token_with(support::Body::None).await;
    assert_eq!((second.status, second.text.as_str()), (200, "{\"code\":0,\"response\":"));
    assert!(serde_json::from_str::<serde_json::Value>(&second.text).is_err());
    // Faulted getToken calls still count as received.
    assert_eq!(server.token_requests(), 2);
}

#[tokio::test]
async fn unauthorized_once_with_a_good_token() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    server.inject(Fault::unauthorized());
    let reply = client.get(MISSING, &token).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.error_message(), "Unauthorized");
    assert_eq!(client.get(MISSING, &token).await.status, 404);
}

#[tokio::test]
async fn delay_slows_the_answer_but_keeps_it() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    server.inject(Fault::delay(Duration::from_millis(300)));
    let started = Instant::now();
    let reply = client.get(MISSING, &token).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 404);

    let started = Instant::now();
    client.get(MISSING, &token).await;
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn cleared_faults_never_fire() {
    let (server, client) = support::start().await;
    server.inject(Fault::error(500, -1, "x").times(3));
    server.clear_faults();
    assert_eq!(server.pending_faults(), 0);
    client.token().await;
}

async fn refuses_connections(server_addr: std::net::SocketAddr) -> bool {
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(server_addr).await.is_err() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn shutdown_stops_listening() {
    let server = FakeServer::start().await.expect("starts");
    let clone = server.clone();
    Client::new(&server).token().await;
    clone.shutdown().await;
    assert!(refuses_connections(server.addr()).await);
    server.shutdown().await; // a second call is harmless
}

#[tokio::test]
async fn dropping_the_last_handle_stops_the_server() {
    let server = FakeServer::start().await.expect("starts");
    let addr = server.addr();
    let clone = server.clone();
    drop(server);
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok(), "a clone keeps it running");
    drop(clone);
    assert!(refuses_connections(addr).await);
}
