//! Slow bodies cannot take every request slot: a request's body must arrive whole within one
//! deadline (a byte now and then does not extend it), and a request holds an in-flight slot
//! only once its body is read, so slow senders do not turn normal requests away with 503. One
//! client address holds at most a configured number of connections.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestDb, spawn_server, test_config};

/// A bound so that a broken server fails the test instead of hanging it (not a measurement).
const HANG_GUARD: Duration = Duration::from_secs(30);

/// Sends the head of a JSON POST that announces 1000 bytes, then one byte every 200 ms (well
/// inside any per-read timeout) until the server hangs up; returns what the server sent.
fn trickle(address: std::net::SocketAddr) -> tokio::task::JoinHandle<Vec<u8>> {
    tokio::spawn(async move {
        let stream = TcpStream::connect(address).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        writer
            .write_all(
                b"POST /graphql HTTP/1.1\r\nHost: tongxin\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
            )
            .await
            .unwrap();
        let writing = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if writer.write_all(b" ").await.is_err() {
                    return;
                }
            }
        });
        let mut seen = Vec::new();
        let mut buf = [0u8; 1024];
        loop {
            let read = tokio::time::timeout(HANG_GUARD, reader.read(&mut buf))
                .await
                .expect("the server never cut the slow body off");
            match read {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        writing.abort();
        seen
    })
}

#[tokio::test]
async fn slow_bodies_neither_hold_request_slots_nor_outlast_the_body_deadline() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.max_in_flight = 2;
    config.ops.body_read_timeout_ms = 1_500;
    let server = spawn_server(test_db.db.clone(), config).await;
    let slow: Vec<_> = (0..4).map(|_| trickle(server.address)).collect();
    // Let the slow requests reach the server and start their bodies.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let answer = client
            .post(format!("{}/graphql", server.base))
            .json(&serde_json::json!({ "query": "{ __typename }" }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            answer.status(),
            200,
            "four slow bodies must not take the two request slots"
        );
    }
    // Each slow body is cut off at the whole-body deadline, though bytes kept coming.
    for handle in slow {
        let seen = handle.await.unwrap();
        let head = String::from_utf8_lossy(&seen);
        assert!(
            head.is_empty() || head.starts_with("HTTP/1.1 408"),
            "a slow body gets 408 or a closed connection, not: {head}"
        );
    }
}

/// Sends `GET /healthz` on a kept-alive connection; returns what came back before the answer
/// was complete or the connection closed.
async fn healthz(stream: &mut TcpStream) -> String {
    if stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: tongxin\r\n\r\n")
        .await
        .is_err()
    {
        return String::new();
    }
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let read = tokio::time::timeout(HANG_GUARD, stream.read(&mut buf))
            .await
            .expect("an answer or a close");
        match read {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
        if seen.ends_with(b"\r\n\r\nok") {
            break;
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[tokio::test]
async fn one_client_address_holds_at_most_its_share_of_connections() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.ops.max_connections_per_client = 2;
    let server = spawn_server(test_db.db.clone(), config).await;
    let mut first = TcpStream::connect(server.address).await.unwrap();
    let mut second = TcpStream::connect(server.address).await.unwrap();
    assert!(healthz(&mut first).await.starts_with("HTTP/1.1 200"));
    assert!(healthz(&mut second).await.starts_with("HTTP/1.1 200"));
    // A third connection from the same address is closed unanswered.
    let mut third = TcpStream::connect(server.address).await.unwrap();
    assert_eq!(healthz(&mut third).await, "", "no answer past the cap");
    // The first two still work; closing one makes room.
    assert!(healthz(&mut first).await.starts_with("HTTP/1.1 200"));
    drop(second);
    let mut answered = false;
    for _ in 0..100 {
        let mut next = TcpStream::connect(server.address).await.unwrap();
        if healthz(&mut next).await.starts_with("HTTP/1.1 200") {
            answered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(answered, "a closed connection frees its place");
}
