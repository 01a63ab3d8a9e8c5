//! Bounded responses (fixture `tests/fixtures/limits.yaml`), against loopback
//! servers:
//!
//! - a body over the client's limit is `Error::BodyTooLarge`, naming the limit:
//!   before reading when its `Content-Length` says so, else as soon as more
//!   than the limit has arrived (a chunked body the server never ends);
//! - with the limit lifted, a `Content-Length` beyond memory is an error, not
//!   an aborted process;
//! - `Display` of an error is bounded, whatever the server sent (a body, a
//!   header, a string a decoding error quotes) or the caller's input an
//!   invalid-input error quotes, and control characters in either are
//!   escaped, the escapes counted toward the bound; an error chain (`source()`) shows each cause once;
//! - a compressed answer (`Content-Encoding: gzip`, which the client asks for)
//!   is decoded, and the limit counts what it expands to;
//! - one request can set its own body limit and timeout;
//! - a download can be read as a stream of bytes (unbounded, holding its
//!   connection until dropped), and an upload given as one: sent once, never
//!   retried, never along a 307.

use std::time::Duration;

use cde_runtime::Error;
use cde_runtime::futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
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
    assert!(failed.body.is_empty(), "nothing is read");
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

/// With the limit lifted (`u64::MAX`), a server announcing more than any
/// memory (an exabyte, and the largest length hyper takes) and then sending a
/// few bytes and hanging up gives an incomplete-body error: the announced
/// length is not reserved when the allocator cannot give it.
#[tokio::test]
async fn an_announced_length_beyond_memory_is_an_error_not_a_crash() {
    for length in [1u64 << 60, i64::MAX.unsigned_abs()] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {length}\r\n\r\nonly these bytes"
            );
            let _ = socket.write_all(head.as_bytes()).await;
        });
        let result = client(&url, u64::MAX).download_file().await;
        server.await.unwrap();
        match result {
            Err(Error::IncompleteBody(failed)) => {
                assert_eq!(failed.body, "only these bytes", "{length}")
            }
            other => panic!("expected an incomplete body for {length}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_body_in_many_chunks_is_read_whole_and_in_order() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // 40 chunks of 1 KiB, each filled with its own byte, sent one at a time.
    let expected: Vec<u8> = (0..40u8).flat_map(|i| vec![i; 1024]).collect();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        for i in 0..40u8 {
            let mut chunk = format!("{:x}\r\n", 1024).into_bytes();
            chunk.extend(std::iter::repeat_n(i, 1024));
            chunk.extend_from_slice(b"\r\n");
            socket.write_all(&chunk).await.unwrap();
            socket.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        socket.write_all(b"0\r\n\r\n").await.unwrap();
    });
    let file = client(&url, 1 << 20).download_file().await.unwrap();
    assert_eq!(file.body().len(), expected.len());
    assert!(
        file.body()[..] == expected[..],
        "the chunks were joined out of order"
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

/// Escaping makes a control character up to six (`\u{1b}`): the escapes
/// count toward the bound, so a body of nothing but control characters is
/// shown in as few bytes as any other.
#[tokio::test]
async fn display_stays_bounded_when_every_byte_it_shows_is_escaped() {
    let server = MockServer::start().await;
    Mock::given(path("/note"))
        .respond_with(ResponseTemplate::new(418).set_body_raw(vec![0x1b; 64 * 1024], "text/plain"))
        .mount(&server)
        .await;
    let err = client(&server.uri(), 1 << 20).get_note().await.unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("\\u{1b}\\u{1b}"), "{shown}");
    assert!(shown.len() < 4096, "{} bytes", shown.len());
    let provider = cde_runtime::CredentialsError::new("\u{0}".repeat(64 * 1024));
    let shown = provider.to_string();
    assert!(shown.contains("\\u{0}\\u{0}"), "{shown}");
    assert!(shown.len() < 8192, "{} bytes", shown.len());
}

#[tokio::test]
async fn display_and_debug_are_bounded_when_a_header_or_a_decoding_error_is_huge() {
    // A 200 KB `Content-Type` on an undocumented status (hyper takes headers
    // up to about 400 KB).
    let server = MockServer::start().await;
    let content_type = format!("text/{}", "x".repeat(200_000));
    Mock::given(path("/note"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("down", content_type.as_str()))
        .mount(&server)
        .await;
    let once = cde_runtime::RequestOptions::new().no_retries();
    let err = client(&server.uri(), 1024)
        .get_note()
        .with_options(once.clone())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(shown.len() < 8192, "{} bytes", shown.len());
    }
    let failed = err.failed_response().unwrap();
    assert!(failed.content_type.as_ref().unwrap().len() <= 260);
    // The whole value is still in the headers.
    assert_eq!(failed.headers["content-type"], content_type.as_str());

    // A body whose decoding error quotes a 200 KB string the server sent.
    let server = MockServer::start().await;
    let body = serde_json::json!("x".repeat(200_000));
    Mock::given(path("/note"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let err = client(&server.uri(), 1 << 20)
        .get_note()
        .with_options(once)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidBody(_)), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(shown.len() < 8192, "{} bytes", shown.len());
    }
    let detail = err.failed_response().unwrap().detail.as_ref().unwrap();
    assert!(
        detail.len() <= 4100 && detail.ends_with('…'),
        "{} bytes",
        detail.len()
    );

    // All at once: a 200 KB JSON content type, a decoding error quoting a
    // 200 KB string, and the excerpt of a 200 KB body. A content type that
    // needs more than a few hundred bytes is not one to read in a message.
    let server = MockServer::start().await;
    let content_type = format!("application/json; p={}", "x".repeat(200_000));
    let body = serde_json::json!("y".repeat(200_000)).to_string();
    Mock::given(path("/note"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type.as_str()))
        .mount(&server)
        .await;
    let err = client(&server.uri(), 1 << 20)
        .get_note()
        .with_options(cde_runtime::RequestOptions::new().no_retries())
        .await
        .unwrap_err();
    let failed = err.failed_response().unwrap();
    let shown_type = failed.content_type.as_ref().unwrap();
    assert!(
        shown_type.len() <= 260 && shown_type.ends_with('…'),
        "{} bytes",
        shown_type.len()
    );
    assert!(
        failed.detail.is_some() && !failed.excerpt.is_empty(),
        "{err:?}"
    );
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(shown.len() < 7 * 1024, "{} bytes", shown.len());
    }
}

/// The error and its causes as a chain printer shows them (`anyhow`'s `{:#}`).
fn chain(err: &dyn std::error::Error) -> String {
    let mut shown = err.to_string();
    let mut cause = err.source();
    while let Some(err) = cause {
        shown = format!("{shown}: {err}");
        cause = err.source();
    }
    shown
}

#[tokio::test]
async fn an_error_chain_shows_each_cause_once() {
    // Nothing listens on a port just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let once = cde_runtime::RequestOptions::new().no_retries();
    let err = client(&format!("http://127.0.0.1:{port}"), 1024)
        .get_note()
        .with_options(once)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let shown = chain(&err);
    assert_eq!(shown.matches("refused").count(), 1, "{shown}");

    let err = Error::<()>::from(cde_runtime::InvalidInput::new("must be even").named("count"));
    let shown = chain(&err);
    assert_eq!(shown.matches("must be even").count(), 1, "{shown}");
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

/// A body limit of zero is a limit like any other: an empty body is read, a
/// body of one byte is too large, and the error says the limit is 0 bytes.
#[tokio::test]
async fn a_body_limit_of_zero_allows_only_an_empty_body() {
    let server = MockServer::start().await;
    Mock::given(path("/file"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![7u8], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let failed = too_large(client(&server.uri(), 0).download_file().await);
    let detail = failed.detail.unwrap_or_default();
    assert!(detail.contains("over the limit of 0 bytes"), "{detail}");

    let server = MockServer::start().await;
    Mock::given(path("/file"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(Vec::new(), "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let empty = client(&server.uri(), 0).download_file().await.unwrap();
    assert!(empty.body().is_empty());
}

/// `bytes` compressed with gzip.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn a_compressed_answer_is_decoded_and_the_limit_counts_what_it_expands_to() {
    let server = MockServer::start().await;
    let file: Vec<u8> = (0..64u32 << 10).map(|i| (i % 7) as u8).collect();
    let compressed = gzip(&file);
    assert!(compressed.len() < 4096, "{} bytes", compressed.len());
    // Answered compressed only to a client that asks for it.
    Mock::given(path("/file"))
        .and(wiremock::matchers::header("accept-encoding", "gzip"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(compressed, "application/octet-stream")
                .insert_header("content-encoding", "gzip"),
        )
        .mount(&server)
        .await;
    let received = client(&server.uri(), 1 << 20)
        .download_file()
        .await
        .unwrap();
    assert!(received.body()[..] == file[..]);
    // A few KiB that expand past the limit are cut there: the limit is on
    // what the body expands to, not on what crossed the network.
    let failed = too_large(client(&server.uri(), 16 * 1024).download_file().await);
    let detail = failed.detail.unwrap_or_default();
    assert!(detail.contains("over the limit of 16 KiB"), "{detail}");
    // A caller who wants it uncompressed says so.
    Mock::given(path("/file"))
        .and(wiremock::matchers::header("accept-encoding", "identity"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(file.clone(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let identity = cde_runtime::RequestOptions::new().header("Accept-Encoding", "identity");
    let received = client(&server.uri(), 1 << 20)
        .download_file()
        .with_options(identity)
        .await
        .unwrap();
    assert!(received.body()[..] == file[..]);
}

#[tokio::test]
async fn a_large_download_can_be_read_as_a_stream() {
    let server = MockServer::start().await;
    let file: Vec<u8> = (0..4u32 << 20).map(|i| (i % 251) as u8).collect();
    Mock::given(path("/file"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(file.clone(), "application/octet-stream"),
        )
        .mount(&server)
        .await;
    // The stream is not bounded by the body limit, and holds the client's one
    // connection until it is dropped.
    let client = api::Client::builder()
        .base_url(server.uri())
        .body_limit(1024)
        .max_connections(1)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let response = client.download_file().bytes_stream().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut stream = response.into_body();
    let mut received = Vec::new();
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(received.len(), file.len());
    assert!(received == file);

    let mut stream = client
        .download_file()
        .bytes_stream()
        .await
        .unwrap()
        .into_body();
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    // The connection is free again: this call does not wait for it.
    let next = tokio::time::timeout(
        Duration::from_secs(5),
        client.download_file().bytes_stream(),
    );
    assert!(next.await.expect("a free connection").is_ok());
}

#[tokio::test]
async fn an_error_answer_to_a_stream_is_read_and_decoded() {
    let server = MockServer::start().await;
    Mock::given(path("/file"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such file"))
        .mount(&server)
        .await;
    let err = client(&server.uri(), 1024)
        .download_file()
        .bytes_stream()
        .await
        .unwrap_err();
    match err {
        Error::UnexpectedStatus(failed) => {
            assert_eq!(failed.status, 404);
            assert_eq!(failed.excerpt, "no such file");
        }
        other => panic!("expected the 404, got {other:?}"),
    }
}

/// A body of `chunks` chunks of `size` bytes, as a stream.
fn chunked(chunks: usize, size: usize) -> cde_runtime::BinaryBody {
    let chunk = cde_runtime::bytes::Bytes::from(vec![b'z'; size]);
    let stream = cde_runtime::futures::stream::iter(
        std::iter::repeat_n(chunk, chunks).map(Ok::<_, std::io::Error>),
    );
    cde_runtime::BinaryBody::stream(stream)
}

#[tokio::test]
async fn an_upload_can_be_a_stream_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/file"))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let client = client(&server.uri(), 1024);
    client.upload_file(chunked(64, 1024)).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].body.len(), 64 * 1024);
    assert_eq!(
        received[0].headers["content-type"],
        "application/octet-stream"
    );

    // A PUT is retried after a 503, but not with a body that cannot be read
    // twice.
    server.reset().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client.upload_file(chunked(4, 1024)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    // The same PUT with bytes in memory is retried.
    client.upload_file(vec![b'z'; 1024]).await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 4);

    // A 307 would send the body again: not followed.
    server.reset().await;
    Mock::given(method("PUT"))
        .and(path("/file"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/elsewhere"))
        .mount(&server)
        .await;
    match client.upload_file(chunked(4, 1024)).await {
        Err(Error::Redirect(failed)) => {
            let detail = failed.detail.unwrap_or_default();
            assert!(detail.contains("streamed body"), "{detail}");
        }
        other => panic!("expected the redirect, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn display_is_bounded_and_escaped_when_an_input_error_quotes_the_callers_value() {
    let server = MockServer::start().await;
    // A value that is not a UUID is quoted in its error: here 1 MiB of it.
    let cde = cde_api::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let not_an_id = format!("line\r\nforged {}", "x".repeat(1 << 20));
    let err = cde.connector_show(not_an_id.as_str()).await.unwrap_err();
    let shown = err.to_string();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(shown.len() < 8192, "{} bytes", shown.len());
    assert!(
        shown.contains("invalid publicId: ") && shown.ends_with('…'),
        "{shown}"
    );
    assert!(!shown.contains(['\r', '\n']), "{:?}", &shown[..80]);

    // A header name the caller gives that is not one is named in its error.
    let name = format!("bad name\n{}", "n".repeat(1 << 20));
    let options = cde_runtime::RequestOptions::new().header(&name, "v");
    let err = client(&server.uri(), 1024)
        .get_note()
        .with_options(options)
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(shown.len() < 8192, "{} bytes", shown.len());
    assert!(shown.contains("bad name\\n"), "{:?}", &shown[..80]);
    assert!(server.received_requests().await.unwrap().is_empty());
}
