//! Streamed responses through generated clients (fixtures
//! `tests/fixtures/streams.yaml`, `streams-31.yaml`, `streams-32.yaml`: the
//! same streams in OpenAPI 3.0, 3.1 and 3.2 spellings), against a loopback
//! server each test drives by hand, writing items when it chooses:
//!
//! - each media type's items decoded in order, the first read while the
//!   server has not written the second; the sequential media type asked for
//!   with `Accept` (unless the caller gives an `Accept` of its own); an error answer decoded whole as the documented error;
//! - server-sent events: comments skipped, multi-line data joined, ids kept,
//!   text data left as text, the documented end marker ending the stream,
//!   resumed with `Last-Event-ID` (a POST never);
//! - bounds: an oversized item is an error item and the stream goes on, a gap
//!   past the timeout and a cut mid-item end it with an error item (the
//!   server seeing one request: never retried), a dropped stream closes its
//!   connection and gives back its permit;
//! - the mock server: a handler's items written as it yields them, and
//!   without a handler the documented examples, one item each, then the end.

use std::time::Duration;

use cde_runtime::RequestOptions;
use cde_runtime::futures::StreamExt as _;
use cde_runtime::sequence::{ItemError, ItemStream, ServerEvent, StreamError};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

mod v30 {
    cde_macros::generate_client!("fixtures/streams.yaml");
}

mod served {
    cde_macros::generate_client!("fixtures/streams.yaml", mock = true);
}

mod v31 {
    cde_macros::generate_client!("fixtures/streams-31.yaml");
}

mod v32 {
    cde_macros::generate_client!("fixtures/streams-32.yaml");
}

/// A loopback server: each connection is taken by the test, which reads the
/// request's head and writes the answer as it likes.
struct Loopback {
    listener: TcpListener,
}

impl Loopback {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Self { listener }
    }

    fn url(&self) -> String {
        format!("http://{}", self.listener.local_addr().expect("address"))
    }

    /// The next request's head (lower-cased) and its connection.
    async fn request(&self) -> (String, TcpStream) {
        let accepted = tokio::time::timeout(Duration::from_secs(10), self.listener.accept());
        let (mut socket, _) = accepted.await.expect("a request").expect("accept");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            socket.read_exact(&mut byte).await.expect("request head");
            head.push(byte[0]);
        }
        (String::from_utf8_lossy(&head).to_lowercase(), socket)
    }

    /// Whether another connection arrives within half a second.
    async fn another(&self) -> bool {
        let wait = Duration::from_millis(500);
        tokio::time::timeout(wait, self.listener.accept())
            .await
            .is_ok()
    }
}

/// The head of a `200` answer of `media_type`, its body running to the close.
fn ok(media_type: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {media_type}\r\nconnection: close\r\n\r\n")
        .into_bytes()
}

async fn write(socket: &mut TcpStream, bytes: &[u8]) {
    socket.write_all(bytes).await.expect("write");
    socket.flush().await.expect("flush");
}

fn client_v30(server: &Loopback) -> v30::Client {
    v30::Client::builder()
        .base_url(server.url())
        .build()
        .expect("client")
}

#[tokio::test]
async fn json_lines_come_in_order_as_they_are_written() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let call = tokio::spawn(async move { client.tail_logs().level("warn").send().await });
    let (head, mut socket) = server.request().await;
    assert!(head.starts_with("get /logs?level=warn "), "{head}");
    assert!(head.contains("accept: application/x-ndjson\r\n"), "{head}");
    write(&mut socket, &ok("application/x-ndjson")).await;
    write(&mut socket, b"{\"level\":\"warn\",\"message\":\"one\"}\n").await;
    let mut lines = call.await.unwrap().expect("a stream").into_body();
    // The first line, before the server has written the second.
    let first = lines.next().await.expect("a line").expect("decoded");
    assert_eq!(first.message, "one");
    let rest = b"\n{\"level\":\"warn\",\"message\":\"two\",\"new\":1}\n{\"level\":3}\n";
    write(&mut socket, rest).await;
    drop(socket);
    let rest: Vec<_> = lines.collect().await;
    assert_eq!(rest.len(), 2, "{rest:?}");
    assert_eq!(rest[0].as_ref().expect("decoded").message, "two");
    assert!(matches!(rest[1], Err(StreamError::Decode(_))), "{rest:?}");
}

#[tokio::test]
async fn an_error_answer_is_the_documented_error() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let call = tokio::spawn(async move { client.tail_logs().send().await });
    let (_, mut socket) = server.request().await;
    let body = "{\"title\":\"no such log\"}";
    let answer = format!(
        "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    write(&mut socket, answer.as_bytes()).await;
    match call.await.unwrap() {
        Err(cde_runtime::Error::Api(err)) => {
            let v30::types::TailLogsError::Status404(problem) = &err.body;
            assert_eq!(problem.title.as_deref(), Some("no such log"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn json_text_sequences_in_each_spelling() {
    let server = Loopback::start().await;
    let url = server.url();
    let records = b"\x1e{\"id\":1,\"name\":\"a\"}\n\x1e{\"id\":2}\n";
    let v30 = client_v30(&server);
    let v31 = v31::Client::builder().base_url(&url).build().unwrap();
    let v32 = v32::Client::builder().base_url(&url).build().unwrap();
    let calls = tokio::spawn(async move {
        let a: Vec<i64> = v30
            .list_records()
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|r| r.unwrap().id)
            .collect()
            .await;
        let b: Vec<i64> = v31
            .list_records()
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|r| r.unwrap().id)
            .collect()
            .await;
        let c: Vec<i64> = v32
            .list_records()
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|r| r.unwrap().id)
            .collect()
            .await;
        [a, b, c]
    });
    for _ in 0..3 {
        let (head, mut socket) = server.request().await;
        assert!(head.contains("accept: application/json-seq\r\n"), "{head}");
        write(&mut socket, &ok("application/json-seq")).await;
        write(&mut socket, records).await;
    }
    for ids in calls.await.unwrap() {
        assert_eq!(ids, [1, 2]);
    }
}

#[tokio::test]
async fn a_kubernetes_watch_is_a_stream_of_watch_events_in_each_spelling() {
    let server = Loopback::start().await;
    let url = server.url();
    let v30 = client_v30(&server);
    let v31 = v31::Client::builder().base_url(&url).build().unwrap();
    let v32 = v32::Client::builder().base_url(&url).build().unwrap();
    let calls = tokio::spawn(async move {
        let a: Vec<String> = v30
            .watch_pods()
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|e| e.unwrap().r#type)
            .collect()
            .await;
        let b: Vec<String> = v31
            .watch_pods()
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|e| e.unwrap().r#type)
            .collect()
            .await;
        let c: Vec<String> = v32
            .watch_pods()
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|e| e.unwrap().r#type)
            .collect()
            .await;
        [a, b, c]
    });
    let events = b"{\"type\":\"ADDED\",\"object\":{\"name\":\"a\"}}\n{\"type\":\"DELETED\",\"object\":{\"name\":\"a\"}}\n";
    for _ in 0..3 {
        let (head, mut socket) = server.request().await;
        assert!(
            head.contains("accept: application/json;stream=watch\r\n"),
            "{head}"
        );
        write(&mut socket, &ok("application/json")).await;
        write(&mut socket, events).await;
    }
    for kinds in calls.await.unwrap() {
        assert_eq!(kinds, ["ADDED", "DELETED"]);
    }
}

#[tokio::test]
async fn an_accept_given_as_an_extra_header_replaces_the_streams_own() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let accept = "application/x-ndjson, application/json;q=0.5";
    let options = cde_runtime::RequestOptions::new().header("accept", accept);
    let call = tokio::spawn(async move { client.tail_logs().with_options(options).send().await });
    let (head, mut socket) = server.request().await;
    assert_eq!(head.matches("accept:").count(), 1, "{head}");
    assert!(head.contains(&format!("accept: {accept}\r\n")), "{head}");
    write(&mut socket, &ok("application/x-ndjson")).await;
    write(&mut socket, TWO_LINES).await;
    drop(socket);
    let lines = call.await.unwrap().expect("a stream").into_body();
    let items: Vec<_> = lines.collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
}

/// The JSON Lines or NDJSON body of two log lines.
const TWO_LINES: &[u8] =
    b"{\"level\":\"info\",\"message\":\"a\"}\n{\"level\":\"info\",\"message\":\"b\"}\n";

/// Answers the next request whole, as JSON, and checks it asked for no stream.
async fn answer_whole(server: &Loopback) {
    let (head, mut socket) = server.request().await;
    assert!(head.contains("accept: */*\r\n"), "{head}");
    let body = "[{\"level\":\"info\",\"message\":\"a\"}]";
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    write(&mut socket, answer.as_bytes()).await;
}

/// Answers the next request with [`TWO_LINES`], checking it asked for `media_type`.
async fn answer_lines(server: &Loopback, media_type: &str) {
    let (head, mut socket) = server.request().await;
    assert!(
        head.contains(&format!("accept: {media_type}\r\n")),
        "{head}"
    );
    write(&mut socket, &ok(media_type)).await;
    write(&mut socket, TWO_LINES).await;
}

#[tokio::test]
async fn send_reads_the_other_media_type_whole_and_send_stream_streams() {
    let server = Loopback::start().await;
    let url = server.url();
    let v30 = client_v30(&server);
    let v31 = v31::Client::builder().base_url(&url).build().unwrap();
    let v32 = v32::Client::builder().base_url(&url).build().unwrap();
    let calls = tokio::spawn(async move {
        let whole = [
            v30.export_logs().send().await.unwrap().into_body().len(),
            v31.export_logs().send().await.unwrap().into_body().len(),
            v32.export_logs().send().await.unwrap().into_body().len(),
        ];
        let a: Vec<String> = v30
            .export_logs()
            .send_stream()
            .await
            .unwrap()
            .into_body()
            .map(|l| l.unwrap().message)
            .collect()
            .await;
        let b: Vec<String> = v31
            .export_logs()
            .send_stream()
            .await
            .unwrap()
            .into_body()
            .map(|l| l.unwrap().message)
            .collect()
            .await;
        let c: Vec<String> = v32
            .export_logs()
            .send_stream()
            .await
            .unwrap()
            .into_body()
            .map(|l| l.unwrap().message)
            .collect()
            .await;
        (whole, [a, b, c])
    });
    for _ in 0..3 {
        answer_whole(&server).await;
    }
    // JSON Lines in 3.0 and 3.1, NDJSON in 3.2.
    for media_type in [
        "application/jsonl",
        "application/jsonl",
        "application/x-ndjson",
    ] {
        answer_lines(&server, media_type).await;
    }
    let (whole, streamed) = calls.await.unwrap();
    assert_eq!(whole, [1, 1, 1]);
    for messages in streamed {
        assert_eq!(messages, ["a", "b"]);
    }
}

/// An event stream with a comment, a named event with an id, data over two
/// lines, and the end marker before an event that is never read.
const PROGRESS: &[u8] = b": connected\n\nevent: progress\nid: 7\ndata: {\"percent\":\ndata:  50}\n\nretry: 3000\ndata: {\"percent\":100}\n\ndata: [DONE]\n\ndata: {\"percent\":0}\n\n";

#[tokio::test]
async fn server_sent_events_in_each_spelling_end_at_the_marker() {
    let server = Loopback::start().await;
    let url = server.url();
    let v30 = client_v30(&server);
    let v31 = v31::Client::builder().base_url(&url).build().unwrap();
    // Each event as (name, id, retry, percent).
    let calls = tokio::spawn(async move {
        let a: Vec<_> = v30
            .job_progress("j1")
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|e| e.map(|e| (e.event, e.id, e.retry, e.data.percent)))
            .collect()
            .await;
        let b: Vec<_> = v31
            .job_progress("j1")
            .send()
            .await
            .unwrap()
            .into_body()
            .map(|e| e.map(|e| (e.event, e.id, e.retry, e.data.percent)))
            .collect()
            .await;
        [a, b]
    });
    for _ in 0..2 {
        let (head, mut socket) = server.request().await;
        assert!(head.starts_with("get /jobs/j1/progress "), "{head}");
        assert!(head.contains("accept: text/event-stream\r\n"), "{head}");
        write(&mut socket, &ok("text/event-stream")).await;
        write(&mut socket, PROGRESS).await;
    }
    for events in calls.await.unwrap() {
        let events: Vec<_> = events.into_iter().map(Result::unwrap).collect();
        let id = Some(String::from("7"));
        // Ids persist from one event to the next.
        let expected = [
            (String::from("progress"), id.clone(), None, 50),
            (String::from("message"), id, Some(3000), 100),
        ];
        assert_eq!(events, expected);
    }
}

#[tokio::test]
async fn events_in_the_3_2_spelling() {
    let server = Loopback::start().await;
    let client = v32::Client::builder()
        .base_url(server.url())
        .build()
        .unwrap();
    let calls = tokio::spawn(async move {
        let progress: Vec<_> = client
            .job_progress("j")
            .send()
            .await
            .unwrap()
            .into_body()
            .collect()
            .await;
        let log: Vec<_> = client
            .job_log("j")
            .send()
            .await
            .unwrap()
            .into_body()
            .collect()
            .await;
        let chunks: Vec<_> = client
            .create_completion(v32::types::CreateCompletionBody {
                prompt: String::from("hi"),
            })
            .send()
            .await
            .unwrap()
            .into_body()
            .collect()
            .await;
        (progress, log, chunks)
    });
    let answers: [&[u8]; 3] = [
        b"data: {\"percent\":5}\n\n",
        b"data: line one\ndata: line two\n\ndata: {not json}\n\n",
        b"data: {\"text\":\"Hel\"}\n\ndata: {\"text\":\"lo\"}\n\ndata: [DONE]\n\n",
    ];
    for answer in answers {
        let (_, mut socket) = server.request().await;
        write(&mut socket, &ok("text/event-stream")).await;
        write(&mut socket, answer).await;
    }
    let (progress, log, chunks) = calls.await.unwrap();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress[0].as_ref().unwrap().data.percent, 5);
    // Text data is left as it is, lines joined with `\n`.
    let log: Vec<String> = log.into_iter().map(|e| e.unwrap().data).collect();
    assert_eq!(log, ["line one\nline two", "{not json}"]);
    let text: String = chunks.into_iter().map(|c| c.unwrap().data.text).collect();
    assert_eq!(text, "Hello");
}

#[tokio::test]
async fn a_stream_of_events_resumes_after_the_last_id() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.job_progress("j2").send().await })
    };
    let (head, mut socket) = server.request().await;
    assert!(!head.contains("last-event-id"), "{head}");
    write(&mut socket, &ok("text/event-stream")).await;
    write(
        &mut socket,
        b"retry: 10\nid: 41\ndata: {\"percent\":41}\n\n",
    )
    .await;
    let mut events = first.await.unwrap().unwrap().into_body();
    let event = events.next().await.unwrap().unwrap();
    assert_eq!(event.data.percent, 41);
    assert_eq!(events.retry(), Some(Duration::from_millis(10)));
    let resume = events.resume();
    drop(events);
    drop(socket);
    let again =
        tokio::spawn(async move { client.job_progress("j2").with_options(resume).send().await });
    let (head, mut socket) = server.request().await;
    assert!(head.contains("last-event-id: 41\r\n"), "{head}");
    write(&mut socket, &ok("text/event-stream")).await;
    write(&mut socket, b"id: 42\ndata: {\"percent\":42}\n\n").await;
    drop(socket);
    let rest: Vec<_> = again.await.unwrap().unwrap().into_body().collect().await;
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].as_ref().unwrap().data.percent, 42);
}

#[tokio::test]
async fn a_retry_and_an_id_sent_without_data_still_set_how_to_resume() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let call = tokio::spawn(async move { client.job_progress("j3").send().await });
    let (_, mut socket) = server.request().await;
    write(&mut socket, &ok("text/event-stream")).await;
    // What many servers send first: the reconnection time in a block of its
    // own; then an id with no event.
    write(&mut socket, b"retry: 250\n\nid: 77\n\n").await;
    drop(socket);
    let mut events = call.await.unwrap().unwrap().into_body();
    let mut read = 0;
    while let Some(event) = events.next().await {
        event.unwrap();
        read += 1;
    }
    assert_eq!(read, 0, "no block had data");
    assert_eq!(events.retry(), Some(Duration::from_millis(250)));
    assert_eq!(events.last_event_id().as_deref(), Some("77"));
}

#[tokio::test]
async fn a_post_is_never_resumed() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let body = v30::types::CreateCompletionBody {
        prompt: String::from("hi"),
        stream: Some(true),
    };
    let resumed = client
        .create_completion(body)
        .with_options(RequestOptions::new().last_event_id("3"))
        .send_stream()
        .await;
    assert!(
        matches!(resumed, Err(cde_runtime::Error::InvalidInput(_))),
        "{resumed:?}"
    );
    assert!(!server.another().await, "the POST was sent");
}

#[tokio::test]
async fn an_oversized_item_is_an_error_item_and_the_stream_goes_on() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let options = RequestOptions::new().item_limit(64);
    let call = tokio::spawn(async move { client.tail_logs().with_options(options).send().await });
    let (_, mut socket) = server.request().await;
    write(&mut socket, &ok("application/x-ndjson")).await;
    let long = format!(
        "{{\"level\":\"info\",\"message\":\"{}\"}}\n",
        "x".repeat(200)
    );
    write(&mut socket, long.as_bytes()).await;
    write(&mut socket, b"{\"level\":\"info\",\"message\":\"short\"}\n").await;
    drop(socket);
    let all: Vec<_> = call.await.unwrap().unwrap().into_body().collect().await;
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        matches!(
            all[0],
            Err(StreamError::Item(ItemError::TooLarge { limit: 64 }))
        ),
        "{all:?}"
    );
    assert_eq!(all[1].as_ref().unwrap().message, "short");
}

#[tokio::test]
async fn a_gap_past_the_timeout_ends_the_stream() {
    let server = Loopback::start().await;
    let client = v30::Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let call = tokio::spawn(async move { client.ticker().send().await });
    let (_, mut socket) = server.request().await;
    write(&mut socket, &ok("text/event-stream")).await;
    // Events closer together than the timeout, for longer than it in all.
    for n in 0..4 {
        write(&mut socket, format!("data: tick {n}\n\n").as_bytes()).await;
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    let mut events = call.await.unwrap().unwrap().into_body();
    for n in 0..4 {
        let event = events.next().await.unwrap().unwrap();
        assert_eq!(event.data, format!("tick {n}"));
    }
    // Then silence past the timeout.
    let last = events.next().await.unwrap();
    assert!(matches!(last, Err(StreamError::Timeout(_))), "{last:?}");
    assert!(events.next().await.is_none());
    drop(socket);
}

#[tokio::test]
async fn a_stream_cut_mid_item_ends_with_an_error_and_is_not_retried() {
    let server = Loopback::start().await;
    let client = client_v30(&server);
    let call = tokio::spawn(async move { client.tail_logs().send().await });
    let (_, mut socket) = server.request().await;
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\ncontent-length: 400\r\n\r\n";
    write(&mut socket, head).await;
    write(
        &mut socket,
        b"{\"level\":\"info\",\"message\":\"a\"}\n{\"level\":",
    )
    .await;
    drop(socket);
    let all: Vec<_> = call.await.unwrap().unwrap().into_body().collect().await;
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].as_ref().unwrap().message, "a");
    assert!(matches!(all[1], Err(StreamError::Cut(_))), "{all:?}");
    assert!(!server.another().await, "the stream was sent again");
}

/// A `ticker` stream through `client`, open after its first event, and the
/// server's end of its connection.
async fn first_event(
    server: &Loopback,
    client: &v30::Client,
) -> (ItemStream<ServerEvent<String>>, TcpStream) {
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.ticker().send().await })
    };
    let (_, mut socket) = server.request().await;
    write(&mut socket, &ok("text/event-stream")).await;
    write(&mut socket, b"data: one\n\n").await;
    let mut events = first.await.unwrap().unwrap().into_body();
    assert_eq!(events.next().await.unwrap().unwrap().data, "one");
    (events, socket)
}

#[tokio::test]
async fn a_dropped_stream_closes_its_connection_and_gives_back_its_permit() {
    let server = Loopback::start().await;
    let client = v30::Client::builder()
        .base_url(server.url())
        .max_connections(1)
        .build()
        .unwrap();
    let (mut events, mut socket) = first_event(&server, &client).await;
    // An endless stream: the server keeps writing while the client reads.
    write(&mut socket, b"data: two\n\n").await;
    assert_eq!(events.next().await.unwrap().unwrap().data, "two");
    drop(events);
    let mut buffer = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer)).await;
    assert!(matches!(read, Ok(Ok(0) | Err(_))), "{read:?}");
    // The only connection permit is free again.
    let second = tokio::spawn(async move { client.ticker().send().await });
    let (_, mut socket) = server.request().await;
    write(&mut socket, &ok("text/event-stream")).await;
    drop(socket);
    let rest: Vec<_> = second.await.unwrap().unwrap().into_body().collect().await;
    assert!(rest.is_empty(), "{rest:?}");
}

#[tokio::test]
async fn waiting_for_a_connection_permit_ends_at_the_deadline() {
    let server = Loopback::start().await;
    let client = v30::Client::builder()
        .base_url(server.url())
        .max_connections(1)
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    // The stream holds the only permit while it is open.
    let (events, _socket) = first_event(&server, &client).await;
    let started = tokio::time::Instant::now();
    let second = tokio::time::timeout(Duration::from_secs(10), client.ticker().send()).await;
    let waited = started.elapsed();
    assert!(
        matches!(second, Ok(Err(cde_runtime::Error::Timeout(Some(after)))) if after == Duration::from_millis(300)),
        "{second:?}"
    );
    assert!(waited >= Duration::from_millis(250), "{waited:?}");
    assert!(!server.another().await, "the second call was sent");
    drop(events);
}

#[tokio::test]
async fn the_mock_writes_a_handlers_items_as_they_come() {
    let (more, items) = tokio::sync::mpsc::unbounded_channel::<served::types::LogLine>();
    let items = std::sync::Mutex::new(Some(items));
    let server = served::mock::builder()
        .on_tail_logs(move |_| {
            let items = items.lock().unwrap().take();
            async move {
                let stream = cde_runtime::futures::stream::unfold(items, |items| async move {
                    let mut items = items?;
                    let item = items.recv().await?;
                    Some((item, Some(items)))
                });
                served::types::TailLogsResponse::Status200(cde_runtime::sequence::Items::new(
                    stream,
                ))
            }
        })
        .start()
        .await
        .unwrap();
    let client = served::Client::builder()
        .base_url(server.url())
        .build()
        .unwrap();
    let line = |message: &str| served::types::LogLine {
        level: String::from("info"),
        message: message.to_owned(),
    };
    more.send(line("one")).unwrap();
    let mut lines = client.tail_logs().send().await.unwrap().into_body();
    // Item 1 arrives while the handler has not produced item 2.
    assert_eq!(lines.next().await.unwrap().unwrap().message, "one");
    more.send(line("two")).unwrap();
    assert_eq!(lines.next().await.unwrap().unwrap().message, "two");
    drop(more);
    assert!(lines.next().await.is_none());
}

#[tokio::test]
async fn without_a_handler_the_mock_streams_the_documented_examples() {
    let server = served::mock::start().await.unwrap();
    let client = served::Client::builder()
        .base_url(server.url())
        .build()
        .unwrap();
    let lines: Vec<_> = client
        .tail_logs()
        .send()
        .await
        .unwrap()
        .into_body()
        .collect()
        .await;
    let lines: Vec<String> = lines.into_iter().map(|l| l.unwrap().message).collect();
    assert_eq!(lines, ["started"], "the schema's example, one item");
    // Items, then the documented end marker, which ends the stream cleanly.
    let events: Vec<_> = client
        .job_progress("j")
        .send()
        .await
        .unwrap()
        .into_body()
        .collect()
        .await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].is_ok(), "{events:?}");
    let records: Vec<_> = client
        .list_records()
        .send()
        .await
        .unwrap()
        .into_body()
        .collect()
        .await;
    assert_eq!(records.len(), 1, "{records:?}");
    // A handler's events carry their name, id and retry to the client.
    let server = served::mock::builder()
        .on_job_progress(|_| async {
            let event = cde_runtime::sequence::ServerEvent {
                event: String::from("progress"),
                id: Some(String::from("9")),
                retry: Some(50),
                data: served::types::Progress { percent: 90 },
            };
            served::types::JobProgressResponse::Status200(cde_runtime::sequence::Items::of([event]))
        })
        .start()
        .await
        .unwrap();
    let client = served::Client::builder()
        .base_url(server.url())
        .build()
        .unwrap();
    let mut events = client.job_progress("j").send().await.unwrap().into_body();
    let event = events.next().await.unwrap().unwrap();
    assert_eq!(
        (
            event.event.as_str(),
            event.id.as_deref(),
            event.retry,
            event.data.percent
        ),
        ("progress", Some("9"), Some(50), 90)
    );
    assert!(events.next().await.is_none(), "the end marker ends it");
}
