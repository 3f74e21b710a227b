//! SIGTERM: the real binary stops accepting, finishes the request in flight, exits 0.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::binary;
use super::sqlite_url;

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("shutdown.db"));
    let mut server = binary::serve(&url, &[("TONGXIN_SHUTDOWN_TIMEOUT_MS", "20000")]);
    server.until_ready().await;

    // A request whose body is half sent: it is in flight (the handler is reading its body,
    // which the server's `100 Continue` proves) when SIGTERM arrives.
    let body = br#"{"query":"query InFlight { __typename }"}"#;
    let (first, rest) = body.split_at(10);
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: tongxin\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 256];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 100"),
        "expected 100 Continue, got {}",
        String::from_utf8_lossy(&buf[..n])
    );
    stream.write_all(first).await.unwrap();

    server.signal("TERM");
    // The listener closes: new connections are refused while the request is still open.
    let started = Instant::now();
    while TcpStream::connect(server.address).await.is_ok() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "still accepting"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    stream.write_all(rest).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""__typename":"Query""#), "{answer}");

    let status = server.wait();
    assert_eq!(status.code(), Some(0), "log: {:#?}", server.seen);
    assert!(
        server
            .seen
            .iter()
            .any(|line| line.contains("Tongxin stopped")),
        "{:#?}",
        server.seen
    );
}
