//! The credentials each operation of the `security` fixture sends, over
//! real HTTP on 127.0.0.1: the builder's credential for the first
//! alternative of the operation's `security` it can satisfy, nothing for
//! operations that ask for nothing, and a clear error before sending when it
//! can satisfy none.

use codegen_runtime::Error;
use compile_fixtures::security::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers every request with `{"path": "<target> auth=<Authorization> key=<X-Api-Key>"}`.
async fn echo_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let mut lines = head.lines();
                let target = lines.next().and_then(|l| l.split(' ').nth(1)).unwrap_or("").to_owned();
                let header = |name: &str| {
                    head.lines()
                        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)))
                        .map_or(String::from("-"), |(_, v)| v.trim().to_owned())
                };
                let seen = format!("{target} auth={} key={}", header("authorization"), header("x-api-key"));
                let body = serde_json::json!({ "path": seen }).to_string();
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    format!("http://{address}")
}

fn seen(result: codegen_runtime::Result<compile_fixtures::security::types::Echo>) -> String {
    result.expect("the echo server answers").path.unwrap_or_default()
}

#[tokio::test]
async fn each_operation_sends_what_its_security_asks_for() {
    let base = echo_server().await;
    let client = Client::builder()
        .base_url(&base)
        .api_secret("s3cret")
        .api_key("k3y")
        .query_key("q3y")
        .bearer_token("t0ken")
        .basic_auth("user", "pa55")
        .build()
        .unwrap();
    assert_eq!(seen(client.by_default().await), "/default auth=Vendor s3cret key=-");
    // The first alternative the client can satisfy.
    assert_eq!(seen(client.either().await), "/either auth=Bearer t0ken key=-");
    assert_eq!(seen(client.both().await), "/both?api_key=q3y auth=- key=k3y");
    assert_eq!(seen(client.basic().await), "/basic auth=Basic dXNlcjpwYTU1 key=-");
    assert_eq!(seen(client.public().await), "/public auth=- key=-");
    assert_eq!(seen(client.optional().await), "/optional auth=- key=k3y");

    let only_key = Client::builder().base_url(&base).api_key("k3y").build().unwrap();
    assert_eq!(seen(only_key.either().await), "/either auth=- key=k3y");

    let anonymous = Client::builder().base_url(&base).build().unwrap();
    assert_eq!(seen(anonymous.public().await), "/public auth=- key=-");
    assert_eq!(seen(anonymous.optional().await), "/optional auth=- key=-");
    for result in [anonymous.by_default().await, client.oauth_only().await] {
        match result {
            Err(Error::Config(message)) => assert!(message.contains("needs credentials"), "{message}"),
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }
    // A parameter declared with `content: application/json` travels as JSON text.
    let filter =
        compile_fixtures::security::types::SearchFilter { name: Some("a b".into()), tags: Some(vec!["x".into()]) };
    let params = compile_fixtures::security::types::SearchParams { filter: Some(filter) };
    assert_eq!(
        seen(anonymous.search(&params).await),
        "/search?filter=%7B%22name%22%3A%22a+b%22%2C%22tags%22%3A%5B%22x%22%5D%7D auth=- key=-"
    );
    let none = compile_fixtures::security::types::SearchParams { filter: None };
    assert_eq!(seen(anonymous.search(&none).await), "/search auth=- key=-");
    // The builder's `Debug` shows no credential.
    let shown = format!("{:?}", Client::builder().api_secret("s3cret"));
    assert!(!shown.contains("s3cret"), "{shown}");
}
