//! Slow clients: half-sent headers and bodies are cut off after the configured timeouts, idle
//! connections are closed, and none of it keeps a normal request waiting.

use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestDb, spawn_server, test_config};

/// A bound so that a broken server fails the test instead of hanging it (not a measurement).
const HANG_GUARD: Duration = Duration::from_secs(20);

fn quick_timeouts() -> tongxin::config::Config {
    let mut config = test_config();
    config.ops.header_read_timeout_ms = 300;
    config.ops.body_read_timeout_ms = 300;
    config.ops.idle_timeout_ms = 400;
    config
}

/// Reads until the server closes the connection; returns what it sent.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let read = tokio::time::timeout(HANG_GUARD, stream.read(&mut buf))
            .await
            .expect("the server should close the connection");
        match read {
            Ok(0) | Err(_) => return seen,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn half_sent_headers_are_cut_off_and_do_not_block_other_requests() {
    let test_db = TestDb::fresh().await;
    let mut config = quick_timeouts();
    // Every client here shares 127.0.0.1; the per-address cap has a test of its own.
    config.ops.max_connections_per_client = 0;
    let server = spawn_server(test_db.db.clone(), config).await;
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(server.address).await.unwrap();
        stream
            .write_all(b"POST /graphql HTTP/1.1\r\nHost: tongxin\r\nContent-Ty")
            .await
            .unwrap();
        slow.push(stream);
    }
    // While 200 clients hold half a header each, a normal request is answered.
    let client = reqwest::Client::new();
    let answer = client
        .post(format!("{}/graphql", server.base))
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query");
    // Each slow client is disconnected without ever getting a response to its request.
    for mut stream in slow {
        let sent = until_closed(&mut stream).await;
        assert!(
            sent.is_empty() || sent.starts_with(b"HTTP/1.1 408"),
            "unexpected bytes: {}",
            String::from_utf8_lossy(&sent)
        );
    }
}

#[tokio::test]
async fn silent_and_idle_connections_are_closed() {
    let test_db = TestDb::fresh().await;
    let server = spawn_server(test_db.db.clone(), quick_timeouts()).await;
    // Connects and sends nothing.
    let mut silent = TcpStream::connect(server.address).await.unwrap();
    assert!(until_closed(&mut silent).await.is_empty());
    // One keep-alive request, then silence: the answer arrives, then the connection closes.
    let mut idle = TcpStream::connect(server.address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: tongxin\r\n\r\n")
        .await
        .unwrap();
    let sent = until_closed(&mut idle).await;
    assert!(
        sent.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&sent)
    );
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_refused() {
    let test_db = TestDb::fresh().await;
    let server = spawn_server(test_db.db.clone(), quick_timeouts()).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    stream
        .write_all(
            b"POST /graphql HTTP/1.1\r\nHost: tongxin\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":",
        )
        .await
        .unwrap();
    let sent = until_closed(&mut stream).await;
    let head = String::from_utf8_lossy(&sent);
    assert!(
        sent.is_empty() || head.starts_with("HTTP/1.1 4"),
        "a stalled body gets a 4xx or a closed connection, not: {head}"
    );
    assert!(!head.starts_with("HTTP/1.1 200"));
}
