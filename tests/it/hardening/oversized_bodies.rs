//! A body over the limit gets 413, and a client that writes its whole body before reading (as
//! scripts do) reads that 413 instead of a broken pipe: the server reads and discards a
//! bounded amount of the body before it closes the connection.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestDb, spawn_server, test_config};

/// A bound so that a broken server fails the test instead of hanging it (not a measurement).
const HANG_GUARD: Duration = Duration::from_secs(30);

/// Writes `head` and then all of `body`, and only then reads the response to the end.
async fn write_all_then_read(address: std::net::SocketAddr, head: &[u8], body: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    tokio::time::timeout(HANG_GUARD, async {
        stream.write_all(head).await?;
        stream.write_all(body).await
    })
    .await
    .expect("the server keeps reading")
    .expect("the whole body is written without a broken pipe");
    let mut seen = Vec::new();
    tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut seen))
        .await
        .expect("the server answers and closes")
        .expect("the answer is read without a reset");
    String::from_utf8_lossy(&seen).into_owned()
}

#[tokio::test]
async fn a_client_that_writes_an_oversized_body_first_reads_the_413() {
    let test_db = TestDb::fresh().await;
    let server = spawn_server(test_db.db.clone(), test_config()).await;
    // 6 MiB of JSON, three times the 2 MiB limit; declared by Content-Length.
    let body = vec![b' '; 6 * 1024 * 1024];
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: tongxin\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let answer = write_all_then_read(server.address, head.as_bytes(), &body).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("LIMIT_EXCEEDED"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );

    // The same without a declared length (chunked): found over the limit while reading.
    let mut chunked = Vec::new();
    for _ in 0..6 {
        chunked.extend_from_slice(format!("{:x}\r\n", 1024 * 1024).as_bytes());
        chunked.extend(std::iter::repeat_n(b' ', 1024 * 1024));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head = "POST /graphql HTTP/1.1\r\nHost: tongxin\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    let answer = write_all_then_read(server.address, head.as_bytes(), &chunked).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}
