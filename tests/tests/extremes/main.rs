//! Every setting at its extremes against hostile answers (fixture
//! `tests/fixtures/extremes.yaml`): no combination makes the client panic, run
//! past its deadline, show a credential or send one to another origin.
//!
//! Each case draws, reproducibly (proptest's deterministic runner):
//! - the client's settings — timeout, deadline, retries and backoff, body and
//!   item limits, page cap, connection bound, user agent, base URL path,
//!   cross-origin redirects — each left default, at zero, tiny, ordinary or
//!   at its most (`Duration::MAX`, `u64::MAX`);
//! - per-request options, the same way, with headers valid and not, and
//!   idempotency keys;
//! - one operation of each way an answer is read: JSON whole, a POST (never
//!   retried), bytes, server-sent events, NDJSON, offset, cursor and `Link`
//!   paging;
//! - the answer the loopback server gives every request: any status from 100
//!   to 999; `Retry-After`, `Location`, `Link`, `Content-Type`,
//!   `Content-Length`, `Transfer-Encoding` and `Content-Encoding` empty,
//!   huge, malformed or not UTF-8, `Location` and `Link` on this origin and on
//!   another (a second loopback server, which records what reaches it); bodies
//!   valid, empty, cut, deeply nested, with numbers JSON cannot hold, wrong
//!   types holding control characters, or random bytes.
//!
//! It runs on tokio's paused clock, so backoffs and timeouts cost no time.
//! Each call must end without a panic (on its task or any other); a call
//! whose deadline is at most an hour must end within it. Every error's
//! `Display` must be at most 8 KiB with no control character, and neither
//! its `Display` nor its `Debug` may hold a credential; nothing the other
//! origin receives may hold one.

use std::fmt::{Debug, Display};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cde_runtime::futures::StreamExt;
use cde_runtime::{RequestOptions, Retry};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::time::Instant;

mod api {
    cde_macros::generate_client!("fixtures/extremes.yaml");
}

/// How many cases run.
const CASES: usize = 1000;

/// The credentials the client holds: none of them may show.
const SECRETS: [&str; 4] = ["tok-SECRET-1", "hk-SECRET-2", "qk-SECRET-3", "ck-SECRET-4"];

mod calls;

use calls::{Server, bound, call, client};

/// A duration setting: left default, none, or this long.
#[derive(Debug, Clone)]
enum Time {
    Default,
    Off,
    After(Duration),
}

impl Time {
    /// `builder` with this setting: `off` turns it off, `after` sets it.
    fn set<B>(&self, builder: B, off: fn(B) -> B, after: fn(B, Duration) -> B) -> B {
        match self {
            Time::Default => builder,
            Time::Off => off(builder),
            Time::After(duration) => after(builder, *duration),
        }
    }
}

fn time() -> impl Strategy<Value = Time> {
    prop_oneof![
        4 => Just(Time::Default),
        1 => Just(Time::Off),
        2 => prop::sample::select(vec![
            Duration::ZERO,
            Duration::from_nanos(1),
            Duration::from_millis(1),
            Duration::from_secs(1),
            Duration::from_secs(100_000),
            Duration::MAX,
        ])
        .prop_map(Time::After),
    ]
}

fn duration() -> impl Strategy<Value = Duration> {
    prop::sample::select(vec![
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_millis(100),
        Duration::from_secs(20),
        Duration::MAX,
    ])
}

/// Retries: left default, off, or up to 7 attempts with this backoff. (More
/// attempts add nothing here but time: a server answering 503 with
/// `Retry-After: 0` is retried at once, as many times as the caller allows.)
fn retry() -> impl Strategy<Value = Option<Retry>> {
    let attempts = prop::sample::select(vec![0u32, 1, 2, 3, 7]);
    prop::option::weighted(
        0.4,
        (attempts, duration(), duration())
            .prop_map(|(n, base, cap)| Retry::attempts(n).backoff(base, cap)),
    )
}

fn limit() -> impl Strategy<Value = Option<u64>> {
    prop::option::weighted(
        0.4,
        prop::sample::select(vec![0u64, 1, 16, 65_536, u64::MAX]),
    )
}

fn count() -> impl Strategy<Value = Option<usize>> {
    prop::option::weighted(
        0.4,
        prop::sample::select(vec![0usize, 1, 2, 16, usize::MAX]),
    )
}

/// The client's settings.
#[derive(Debug, Clone)]
struct Settings {
    timeout: Time,
    deadline: Time,
    retry: Option<Retry>,
    body_limit: Option<u64>,
    item_limit: Option<usize>,
    max_pages: Option<usize>,
    max_connections: Option<usize>,
    user_agent: Option<&'static str>,
    base_path: &'static str,
    cross_origin: bool,
    bearer: Bearer,
}

/// Where the bearer token comes from.
#[derive(Debug, Clone)]
enum Bearer {
    /// This fixed token.
    Fixed(&'static str),
    /// A provider giving this token.
    Gives(&'static str),
    /// A provider failing with a long message holding control characters.
    Fails,
    /// A provider that never answers.
    Hangs,
}

fn bearer() -> impl Strategy<Value = Bearer> {
    // Tokens a header cannot carry hold the secret, so that an error quoting
    // one would show it.
    let token = prop_oneof![
        4 => Just(SECRETS[0]),
        1 => prop::sample::select(vec!["", "tok-SECRET-1\r\nX-Injected: 1", "tok-SECRET-1 ü"]),
    ];
    prop_oneof![
        6 => token.clone().prop_map(Bearer::Fixed),
        2 => token.prop_map(Bearer::Gives),
        1 => Just(Bearer::Fails),
        1 => Just(Bearer::Hangs),
    ]
}

/// A credentials provider behaving as its [`Bearer`] says.
struct Provider(Bearer);

impl cde_runtime::CredentialsProvider for Provider {
    fn token(&self) -> cde_runtime::TokenFuture<'_> {
        Box::pin(async {
            match self.0 {
                Bearer::Fixed(token) | Bearer::Gives(token) => Ok(token.into()),
                Bearer::Fails => Err(cde_runtime::CredentialsError::new(
                    "the token server said: \u{1b}[2J\r\n".repeat(2000),
                )),
                Bearer::Hangs => std::future::pending().await,
            }
        })
    }
}

fn settings() -> impl Strategy<Value = Settings> {
    let user_agent = prop::option::weighted(
        0.3,
        prop::sample::select(vec!["", "agent/1", "ägent", "a\r\nX-Injected: 1", "\u{0}"]),
    );
    let base_path = prop_oneof![
        3 => Just(""),
        1 => prop::sample::select(vec!["/", "/v1", "/v1/", "/%2e%2e/", "/ü/", "/a?b"]),
    ];
    (
        (time(), time(), retry(), limit(), count()),
        (count(), count(), user_agent, base_path, any::<bool>()),
        bearer(),
    )
        .prop_map(
            |(
                (timeout, deadline, retry, body_limit, item_limit),
                (max_pages, max_connections, user_agent, base_path, cross_origin),
                bearer,
            )| Settings {
                timeout,
                deadline,
                retry,
                body_limit,
                item_limit,
                max_pages,
                max_connections,
                user_agent,
                base_path,
                cross_origin,
                bearer,
            },
        )
}

/// Per-request options.
#[derive(Debug, Clone)]
struct Options {
    timeout: Time,
    deadline: Time,
    retry: Option<Retry>,
    body_limit: Option<u64>,
    item_limit: Option<usize>,
    headers: Vec<(&'static str, &'static str)>,
    idempotent: bool,
    idempotency_key: Option<&'static str>,
}

fn options() -> impl Strategy<Value = Option<Options>> {
    let header = prop_oneof![
        6 => prop::sample::select(vec![
            ("x-trace", "1"),
            ("cookie", "session=abc"),
            ("cookie", "key=mine"),
            ("authorization", "Bearer other"),
            ("x-api-key", "other"),
            ("user-agent", ""),
            ("accept", "*/*"),
            ("accept-encoding", "identity"),
            ("last-event-id", "7"),
        ]),
        // Each of these makes the request an invalid input.
        1 => prop::sample::select(vec![
            ("host", "elsewhere.example"),
            ("content-length", "5"),
            ("bad name", "x"),
            ("x-crlf", "a\r\nb"),
            ("", ""),
        ]),
    ];
    let key = prop::option::weighted(0.2, prop::sample::select(vec!["", "k-1", "k-1", "a\nb"]));
    prop::option::of(
        (
            (time(), time(), retry(), limit(), count()),
            (prop::collection::vec(header, 0..4), any::<bool>(), key),
        )
            .prop_map(
                |(
                    (timeout, deadline, retry, body_limit, item_limit),
                    (headers, idempotent, idempotency_key),
                )| Options {
                    timeout,
                    deadline,
                    retry,
                    body_limit,
                    item_limit,
                    headers,
                    idempotent,
                    idempotency_key,
                },
            ),
    )
}

impl Options {
    fn build(&self) -> RequestOptions {
        let mut options = RequestOptions::new();
        options = self
            .timeout
            .set(options, RequestOptions::no_timeout, RequestOptions::timeout);
        options = self.deadline.set(
            options,
            RequestOptions::no_deadline,
            RequestOptions::deadline,
        );
        if let Some(retry) = self.retry {
            options = options.retry(retry);
        }
        if let Some(limit) = self.body_limit {
            options = options.body_limit(limit);
        }
        if let Some(limit) = self.item_limit {
            options = options.item_limit(limit);
        }
        for (name, value) in &self.headers {
            options = options.header(name, value);
        }
        if self.idempotent {
            options = options.idempotent();
        }
        if let Some(key) = self.idempotency_key {
            options = options.idempotency_key(key);
        }
        options
    }
}

/// The operation called.
#[derive(Debug, Clone, Copy)]
enum Operation {
    GetItem,
    CreateItem,
    Download,
    Events,
    Lines,
    Offset,
    Cursor,
    Linked,
}

fn operation() -> impl Strategy<Value = Operation> {
    prop::sample::select(vec![
        Operation::GetItem,
        Operation::CreateItem,
        Operation::Download,
        Operation::Events,
        Operation::Lines,
        Operation::Offset,
        Operation::Cursor,
        Operation::Linked,
    ])
}

/// A hostile answer, its URLs written with `{here}` for this server's origin
/// and `{other}` for the other one's.
#[derive(Clone)]
struct Answer {
    status: u16,
    headers: Vec<(&'static str, Vec<u8>)>,
    /// `None`: the body the operation documents, with its content type.
    body: Option<Vec<u8>>,
}

fn header_value(values: Vec<&'static str>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => prop::sample::select(values).prop_map(|v| v.as_bytes().to_vec()),
        // Not UTF-8, or any byte a header value may hold.
        1 => Just(vec![0xff, 0xfe, b'x']),
        1 => prop::collection::vec(0x20u8..0xff, 0..40),
    ]
}

fn answer_header() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    let long_path = Box::leak(format!("/{}", "a".repeat(9000)).into_boxed_str());
    let long_link =
        Box::leak(format!("<{{here}}/linked?p={}>; rel=next", "b".repeat(9000)).into_boxed_str());
    prop_oneof![
        header_value(vec![
            "",
            "0",
            "1",
            "-1",
            "1.5",
            "18446744073709551615",
            "99999999999999999999999",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
        ])
        .prop_map(|v| ("retry-after", v)),
        header_value(vec![
            "",
            "/",
            "/items/1",
            "{here}/items/2",
            "{other}/stolen",
            "//{other_authority}/stolen",
            "http://user:pw@{other_authority}/stolen",
            "http://[::1",
            "ftp://x/",
            "data:,",
            "javascript:alert(1)",
            "?a=b",
            "#frag",
            "../../../../x",
            "%zz",
            "http://h:99999/",
            long_path,
        ])
        .prop_map(|v| ("location", v)),
        header_value(vec![
            "",
            "<>; rel=next",
            "</linked?p=2>; rel=next",
            "<{here}/linked>; rel=\"next\"",
            "<{other}/linked>; rel=next",
            "<//{other_authority}/x>; rel=next",
            "<%>; rel=next",
            "<a>; rel",
            "<",
            "<; rel=next",
            ">; rel=next",
            "<?p=3>; rel=\"prev next\"",
            "<a,b>; rel=next, <c>; rel=next",
            long_link,
        ])
        .prop_map(|v| ("link", v)),
        header_value(vec![
            "application/json",
            "application/json; charset=utf-16",
            "",
            "application/",
            "*/*",
            "text/event-stream",
            "application/x-ndjson",
            "application/octet-stream",
            "application/problem+json",
            ";;;",
            "APPLICATION/JSON;;charset=",
            "text/html",
        ])
        .prop_map(|v| ("content-type", v)),
        header_value(vec![
            "0",
            "1",
            "5",
            "18446744073709551615",
            "18446744073709551616",
            "-1",
            "abc",
            "1, 2",
        ])
        .prop_map(|v| ("content-length", v)),
        header_value(vec![
            "chunked",
            "gzip",
            "chunked, gzip",
            "identity",
            "gzip, chunked"
        ])
        .prop_map(|v| ("transfer-encoding", v)),
        header_value(vec![
            "gzip",
            "br",
            "deflate",
            "zstd",
            "identity",
            "gzip, gzip"
        ])
        .prop_map(|v| ("content-encoding", v)),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let text = |values: Vec<String>| prop::sample::select(values).prop_map(String::into_bytes);
    let nasty = format!(
        "{{\"id\":\"{}\"}}",
        "\\n\\u001b[31m\\r\\u0000\\u2028x".repeat(2000)
    );
    prop_oneof![
        6 => text(vec![
            String::new(),
            String::from("{\"id\":1,\"name\":\"a\",\"kind\":\"plain\"}"),
            String::from("{\"id\":1,\"kind\":\"newer\"}"),
            String::from("\u{feff}{\"id\":1}"),
            String::from("{\"id\":1e400}"),
            String::from("{\"id\":99999999999999999999}"),
            String::from("{\"message\":\"no\\u001b[2J\"}"),
            String::from("{}"),
            String::from("null"),
            String::from("[]"),
            String::from("[{\"id\":1},{\"id\":2}]"),
            String::from("{\"data\":[{\"id\":1}],\"metadata\":{\"next\":1}}"),
            String::from("{\"data\":[{\"id\":1}],\"metadata\":{\"next\":-1}}"),
            String::from("{\"data\":[{\"id\":1}],\"metadata\":{\"next\":9223372036854775807}}"),
            String::from("{\"data\":[{\"id\":1}],\"metadata\":{\"next\":1e300}}"),
            String::from("{\"data\":[],\"metadata\":{\"next\":null}}"),
            String::from("{\"data\":[{\"id\":1}],\"has_more\":true}"),
            String::from("{\"data\":[],\"has_more\":true}"),
            String::from("data: {\"id\":1}\n\nretry: 99999999999999999999\n\nid: \u{0}\ndata: x\n\n"),
            String::from("event: \r\ndata: {\"id\":2}\r\n\r\n: comment\n\ndata"),
            String::from("{\"id\":1}\n{\"id\":\"x\"}\n\n{\"id\":\n"),
            String::from("5\r\nhello\r\n0\r\n\r\n"),
            String::from("fffffffffffffffffff\r\nx\r\n"),
            "[".repeat(100_000),
            "{\"a\":".repeat(20_000),
            "x".repeat(70_000),
            "\u{1b}".repeat(3000),
            format!("data: {}\n\n", "y".repeat(70_000)),
            nasty,
        ]),
        1 => prop::collection::vec(any::<u8>(), 0..200),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    let status = prop_oneof![
        6 => Just(200u16),
        5 => prop::sample::select(vec![
            201u16, 204, 206, 299, 301, 302, 303, 307, 308, 399, 400, 401, 404, 429, 500,
            503, 504, 599,
        ]),
        1 => 100u16..1000,
    ];
    // Many answers hold the body the operation documents; most of the
    // others say theirs is JSON, so that they are read.
    let body = prop::option::weighted(0.5, body());
    let json = prop::option::weighted(0.6, Just(("content-type", b"application/json".to_vec())));
    (
        status,
        json,
        prop::collection::vec(answer_header(), 0..4),
        body,
    )
        .prop_map(|(status, json, mut headers, body)| {
            if body.is_some() {
                headers.extend(json);
            }
            Answer {
                status,
                headers,
                body,
            }
        })
}

impl Operation {
    /// The content type and a body of the answer it documents.
    fn documented(self) -> (&'static str, &'static str) {
        let item = r#"{"id":1,"name":"a"}"#;
        match self {
            Operation::GetItem | Operation::CreateItem => ("application/json", item),
            Operation::Download => ("application/octet-stream", "the file"),
            Operation::Events => ("text/event-stream", "data: {\"id\":1}\n\n"),
            Operation::Lines => ("application/x-ndjson", "{\"id\":1}\n{\"id\":2}\n"),
            Operation::Offset => (
                "application/json",
                r#"{"data":[{"id":1}],"metadata":{"next":null}}"#,
            ),
            Operation::Cursor => (
                "application/json",
                r#"{"data":[{"id":1}],"has_more":false}"#,
            ),
            Operation::Linked => ("application/json", r#"[{"id":1}]"#),
        }
    }
}

/// Shows the headers and (the start of) the body as text, for a failing
/// case's message.
impl Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = |bytes: &[u8]| {
            let shown: String = String::from_utf8_lossy(bytes).chars().take(300).collect();
            format!("{shown:?} ({} bytes)", bytes.len())
        };
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {}", text(value)))
            .collect();
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body", &self.body.as_deref().map(text))
            .finish()
    }
}

impl Answer {
    /// The bytes on the wire, with `here` and `other` the two servers'
    /// origins, for a call of `operation`.
    fn bytes(&self, operation: Operation, here: &str, other: &str) -> Vec<u8> {
        let other_authority = other.trim_start_matches("http://");
        let fill = |value: &[u8]| -> Vec<u8> {
            match std::str::from_utf8(value) {
                Ok(text) => text
                    .replace("{here}", here)
                    .replace("{other_authority}", other_authority)
                    .replace("{other}", other)
                    .into_bytes(),
                Err(_) => value.to_vec(),
            }
        };
        let mut out = format!("HTTP/1.1 {} X\r\n", self.status).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(&fill(value));
            out.extend_from_slice(b"\r\n");
        }
        let body = match &self.body {
            Some(body) => body.as_slice(),
            None => {
                let (content_type, body) = operation.documented();
                out.extend_from_slice(format!("content-type: {content_type}\r\n").as_bytes());
                body.as_bytes()
            }
        };
        out.extend_from_slice(b"connection: close\r\n\r\n");
        out.extend_from_slice(body);
        out
    }
}

#[tokio::test(start_paused = true)]
async fn no_setting_and_no_answer_breaks_the_client() {
    // A panic anywhere — the call's task, hyper's connection tasks — is
    // counted, and fails the case it happened in.
    let panics = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&panics);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counted.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));

    let (here_server, other_server) = (Server::default(), Server::default());
    let here = here_server.start().await;
    let other = other_server.start().await;
    // The other origin answers a plain 200 to whatever reaches it.
    *other_server.answer.lock().unwrap() =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 8\r\nconnection: close\r\n\r\n{\"id\":1}".to_vec();

    let case = (settings(), options(), operation(), answer());
    let mut runner = TestRunner::deterministic();
    let (mut built, mut succeeded, mut ended_by_bound) = (0, 0, 0);
    // How many cases each secret reached this origin in.
    let mut delivered = [0usize; SECRETS.len()];
    for number in 0..CASES {
        let (settings, options, operation, answer) = case.new_tree(&mut runner).unwrap().current();
        *here_server.answer.lock().unwrap() = answer.bytes(operation, &here, &other);
        let described = format!("case {number}: {settings:?} {options:?} {operation:?} {answer:?}");
        let described = &described[..described.len().min(4000)];
        let Ok(client) = client(&here, &settings) else {
            continue;
        };
        built += 1;
        let start = Instant::now();
        let outcome = tokio::time::timeout(
            Duration::from_secs(7200),
            call(&client, operation, options.as_ref().map(Options::build)),
        )
        .await;
        let took = start.elapsed();
        match outcome {
            Ok(Ok(success)) => succeeded += usize::from(success),
            Ok(Err(problem)) => panic!("{problem}\n{described}"),
            Err(_) => ended_by_bound += 1,
        }
        if let Some(deadline) = bound(operation, &settings, options.as_ref()) {
            // tokio's timers fire on whole milliseconds.
            assert!(
                took <= deadline + Duration::from_millis(1),
                "took {took:?} past a deadline of {deadline:?}\n{described}"
            );
        }
        assert_eq!(panics.load(Ordering::SeqCst), 0, "a panic\n{described}");
        let sent = std::mem::take(&mut *here_server.seen.lock().unwrap());
        let sent = String::from_utf8_lossy(&sent);
        for (secret, count) in SECRETS.iter().zip(&mut delivered) {
            *count += usize::from(sent.contains(secret));
        }
        let reached = std::mem::take(&mut *other_server.seen.lock().unwrap());
        let reached = String::from_utf8_lossy(&reached);
        for secret in SECRETS {
            assert!(
                !reached.contains(secret),
                "{secret} reached the other origin: {reached}\n{described}"
            );
        }
    }
    // The draws reach what they are for: most clients build, many calls
    // succeed, most end on their own, and the credentials are sent (where
    // they belong).
    for (secret, count) in SECRETS.iter().zip(delivered) {
        assert!(count > CASES / 4, "{secret} was sent in only {count} cases");
    }
    assert!(built > CASES / 2, "only {built} of {CASES} clients built");
    assert!(
        succeeded > built / 10,
        "only {succeeded} of {built} calls succeeded"
    );
    assert!(
        ended_by_bound < built / 10,
        "{ended_by_bound} of {built} calls ran for two hours"
    );
}
