//! Bounded responses (fixture `tests/fixtures/limits.yaml`), against loopback
//! servers:
//!
//! - a body over the client's limit is `Error::BodyTooLarge`, naming the limit:
//!   before reading when its `Content-Length` says so, else as soon as more
//!   than the limit has arrived (a chunked body the server never ends);
//! - `Display` of an error is bounded, whatever the server sent, and control
//!   characters from the server are escaped.

use std::time::Duration;

use cde_runtime::Error;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/limits.yaml");
}

fn client(url: &str, limit: u64) -> api::Client {
    api::Client::builder()
        .base_url(url)
        .body_limit(limit)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn too_large<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> cde_runtime::FailedResponse {
    match result {
        Err(Error::BodyTooLarge(failed)) => *failed,
        other => panic!("expected the body to be too large, got {other:?}"),
    }
}

#[tokio::test]
async fn a_content_length_over_the_limit_fails_before_reading() {
    let server = MockServer::start().await;
    Mock::given(path("/file"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![7u8; 4096], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let failed = too_large(client(&server.uri(), 1024).download_file().await);
    let detail = failed.detail.clone().unwrap_or_default();
    assert!(
        detail.contains("4096 bytes") && detail.contains("1 KiB"),
        "{detail}"
    );
    assert_eq!(failed.body_len, 0, "nothing is read");
    // At the limit exactly, the body is read.
    let file = client(&server.uri(), 4096).download_file().await.unwrap();
    assert_eq!(file.body().len(), 4096);
}

/// A server that answers one request with a chunked body that never ends,
/// counting the bytes it managed to write.
async fn endless_chunked() -> (String, tokio::task::JoinHandle<usize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return 0;
        }
        let chunk = format!("{:x}\r\n{}\r\n", 1024, "x".repeat(1024));
        let mut written = 0;
        // Ends when the client hangs up (or after 64 MiB, which would fail the test).
        while written < 64 << 20 {
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
            written += 1024;
        }
        written
    });
    (url, task)
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_at_the_limit() {
    let (url, server) = endless_chunked().await;
    let failed = too_large(client(&url, 64 * 1024).download_file().await);
    let detail = failed.detail.unwrap_or_default();
    assert!(detail.contains("over the limit of 64 KiB"), "{detail}");
    let written = server.await.unwrap();
    assert!(
        written < 64 << 20,
        "the client kept reading: {written} bytes"
    );
}

#[tokio::test]
async fn display_is_bounded_and_escapes_what_the_server_sent() {
    let server = MockServer::start().await;
    let huge = "m".repeat(20 << 20);
    Mock::given(path("/note"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({ "message": huge })),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), 64 << 20);
    let err = client.get_note().await.unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    let shown = err.to_string();
    assert!(shown.len() < 8192, "{} bytes", shown.len());
    assert!(shown.ends_with('…'), "{}", &shown[shown.len() - 40..]);

    // An undocumented status whose body would forge a log line and drive a
    // terminal: shown escaped.
    let server = MockServer::start().await;
    Mock::given(path("/note"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_string("upstream failed\r\n2026-01-01 INFO login ok user=admin\u{1b}[2J"),
        )
        .mount(&server)
        .await;
    // A 502 is retried by default; this test reads one answer.
    let once = cde_runtime::RequestOptions::new().no_retries();
    let err = self::client(&server.uri(), 1024)
        .get_note()
        .with_options(once)
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(!shown.contains(['\r', '\n', '\u{1b}']), "{shown:?}");
    assert!(shown.contains("\\r\\n2026-01-01"), "{shown}");
}

#[tokio::test]
async fn one_request_can_set_its_own_body_limit_and_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/file"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![7u8; 4096], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/note"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "message": "late" }))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), 64 << 20);
    let small = cde_runtime::RequestOptions::new().body_limit(1024);
    let failed = too_large(client.download_file().with_options(small).await);
    assert!(failed.detail.unwrap_or_default().contains("1 KiB"));
    // The client's own limit still holds for the next call.
    assert_eq!(client.download_file().await.unwrap().body().len(), 4096);

    let hasty = cde_runtime::RequestOptions::new()
        .timeout(Duration::from_millis(200))
        .no_retries();
    let err = client.get_note().with_options(hasty).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(Some(after)) if after == Duration::from_millis(200)),
        "{err:?}"
    );
}
