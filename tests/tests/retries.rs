//! Retries (fixture `tests/fixtures/retries.yaml`), against a scripted
//! loopback server that counts the attempts it sees:
//!
//! - each trigger (429, 502, 503, 504, a connect error, a timeout before the
//!   response head) is retried, up to 3 attempts; the last answer is the result;
//! - a 401, a 500 and a timeout while reading the body are not;
//! - POST and PATCH are sent once unless marked idempotent or given an
//!   idempotency key (sent identically on every attempt);
//! - the credentials provider is asked on every attempt, within its timeout;
//! - on tokio's paused clock (no sleeping): waits stay within the backoff's
//!   bounds, `Retry-After` (seconds or a date) is waited, and one over the cap
//!   or past the deadline makes that answer the result;
//! - durations up to `Duration::MAX` (timeout, deadline, cap, `Retry-After`)
//!   never overflow the clock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cde_runtime::{CredentialsProvider, Error, RequestOptions, Retry, SecretString, TokenFuture};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

mod api {
    cde_macros::generate_client!("fixtures/retries.yaml");
}

use api::types::Item;

/// What the server does with one request.
#[derive(Clone, Debug)]
enum Reply {
    /// Answers with this status (a JSON body for 2xx and 503) and headers.
    Status(u16, Vec<(&'static str, String)>),
    /// Never answers (the connection stays open).
    Silent,
    /// Sends the head of a 200 with a body it never sends.
    HeadOnly,
    /// Succeeds: 201 to a POST, 200 otherwise.
    Success,
}

fn status(code: u16) -> Reply {
    Reply::Status(code, Vec::new())
}

/// One request as the server saw it.
#[derive(Debug)]
struct Seen {
    method: String,
    headers: Vec<(String, String)>,
    body: String,
    at: Instant,
}

impl Seen {
    fn header(&self, name: &str) -> Vec<&str> {
        let found = self.headers.iter().filter(|(n, _)| n == name);
        found.map(|(_, value)| value.as_str()).collect()
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A loopback server in this runtime that answers its requests by `script`,
/// in order, then with successes; one request per connection.
async fn server(script: Vec<Reply>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let seen = Arc::clone(&log);
    tokio::spawn(async move {
        let mut script = script.into_iter();
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            let reply = script.next().unwrap_or(Reply::Success);
            if let Some(socket) = answer(socket, reply, &seen).await {
                held.push(socket);
            }
        }
    });
    (url, log)
}

/// Reads one request, logs it and replies; gives back a connection that
/// must stay open.
async fn answer(mut socket: TcpStream, reply: Reply, log: &Log) -> Option<TcpStream> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.lines();
    let method = lines.next().unwrap_or("").split(' ').next().unwrap_or("");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    log.lock().unwrap().push(Seen {
        method: method.to_owned(),
        headers,
        body: String::from_utf8_lossy(&data[head_end..]).into_owned(),
        at: Instant::now(),
    });
    let reply = match reply {
        Reply::Success if method == "POST" => status(201),
        Reply::Success => status(200),
        other => other,
    };
    match reply {
        Reply::Silent | Reply::Success => Some(socket),
        Reply::HeadOnly => {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{";
            let _ = socket.write_all(head.as_bytes()).await;
            Some(socket)
        }
        Reply::Status(code, extra) => {
            let body = match code {
                200..=299 => r#"{"name":"ok"}"#,
                503 => r#"{"title":"later"}"#,
                _ => "",
            };
            let mut out = format!(
                "HTTP/1.1 {code} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in extra {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(body);
            let _ = socket.write_all(out.as_bytes()).await;
            let _ = socket.shutdown().await;
            None
        }
    }
}

/// A client of `url` with fast backoff (the waits are not what these tests
/// are about) and a short timeout.
fn client(url: &str) -> api::Client {
    api::Client::builder()
        .base_url(url)
        .bearer_token("tok")
        .retry(Retry::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn attempts(log: &Log) -> usize {
    log.lock().unwrap().len()
}

fn item() -> Item {
    Item {
        name: String::from("pen"),
    }
}

fn status_of<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> u16 {
    match result {
        Err(err) => match err.status() {
            Some(status) => status.as_u16(),
            None => panic!("expected an answer, got {err:?}"),
        },
        Ok(ok) => panic!("expected an error status, got {ok:?}"),
    }
}

#[tokio::test]
async fn each_transient_status_is_retried() {
    for code in [429, 502, 503, 504] {
        let (url, log) = server(vec![status(code), status(code)]).await;
        let item = client(&url).get_item(1).await.unwrap();
        assert_eq!(item.body().name, "ok");
        assert_eq!(attempts(&log), 3, "after {code}");
    }
}

#[tokio::test]
async fn after_three_attempts_the_last_answer_is_the_result() {
    let (url, log) = server(vec![status(503); 5]).await;
    let err = client(&url).get_item(1).await.unwrap_err();
    assert!(
        matches!(
            err.documented(),
            Some(api::types::GetItemError::Status503(_))
        ),
        "{err:?}"
    );
    assert_eq!(attempts(&log), 3);

    // The attempts are the caller's to choose.
    let (url, log) = server(vec![status(503); 5]).await;
    let options = RequestOptions::new()
        .retry(Retry::attempts(5).backoff(Duration::from_millis(1), Duration::from_millis(1)));
    let err = client(&url).get_item(1).with_options(options).await;
    assert_eq!(status_of(err), 503);
    assert_eq!(attempts(&log), 5);
}

#[tokio::test]
async fn a_401_or_a_500_is_not_retried() {
    for code in [401, 500] {
        let (url, log) = server(vec![status(code)]).await;
        assert_eq!(status_of(client(&url).get_item(1).await), code);
        assert_eq!(attempts(&log), 1, "after {code}");
    }
}

/// Counts the tokens it hands out; with `hang`, never answers.
struct Counting {
    asked: Arc<AtomicUsize>,
    hang: bool,
}

impl CredentialsProvider for Counting {
    fn token(&self) -> TokenFuture<'_> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let hang = self.hang;
        Box::pin(async move {
            if hang {
                std::future::pending::<()>().await;
            }
            Ok(SecretString::new("tok"))
        })
    }
}

#[tokio::test]
async fn a_connect_error_is_retried_asking_for_credentials_each_time() {
    // A port nobody listens on.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let asked = Arc::new(AtomicUsize::new(0));
    let client = api::Client::builder()
        .base_url(&url)
        .credentials_provider(Counting {
            asked: Arc::clone(&asked),
            hang: false,
        })
        .retry(Retry::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap();
    let err = client.get_item(1).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport(ref e) if e.is_connect()),
        "{err:?}"
    );
    assert_eq!(asked.load(Ordering::SeqCst), 3, "one attempt each");
}

#[tokio::test]
async fn a_provider_that_never_answers_times_out_within_each_attempt() {
    let (url, log) = server(Vec::new()).await;
    let asked = Arc::new(AtomicUsize::new(0));
    let client = api::Client::builder()
        .base_url(&url)
        .credentials_provider(Counting {
            asked: Arc::clone(&asked),
            hang: true,
        })
        .retry(Retry::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client.get_item(1).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(Some(after)) if after == Duration::from_millis(200)),
        "{err:?}"
    );
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    assert_eq!(attempts(&log), 0, "nothing was sent");
}

#[tokio::test]
async fn a_timeout_before_the_head_is_retried_one_while_reading_is_not() {
    let (url, log) = server(vec![Reply::Silent]).await;
    let options = RequestOptions::new().timeout(Duration::from_millis(300));
    let item = client(&url).get_item(1).with_options(options.clone()).await;
    assert_eq!(item.unwrap().body().name, "ok");
    assert_eq!(attempts(&log), 2);

    let (url, log) = server(vec![Reply::HeadOnly]).await;
    let err = client(&url).get_item(1).with_options(options).await;
    assert!(matches!(err, Err(Error::Timeout(Some(_)))), "{err:?}");
    assert_eq!(attempts(&log), 1, "part of the response had arrived");
}

#[tokio::test]
async fn a_post_or_patch_answered_503_is_sent_once() {
    // Retries on, with the default policy.
    let (url, log) = server(vec![status(503); 3]).await;
    let client = api::Client::builder()
        .base_url(&url)
        .bearer_token("tok")
        .build()
        .unwrap();
    assert_eq!(status_of(client.create_order(item()).await), 503);
    assert_eq!(attempts(&log), 1);
    assert_eq!(status_of(client.patch_item(1, item()).await), 503);
    assert_eq!(attempts(&log), 2);
}

#[tokio::test]
async fn a_put_is_retried_with_the_same_body() {
    let (url, log) = server(vec![status(502)]).await;
    client(&url).put_item(1, item()).await.unwrap();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|seen| seen.method == "PUT"));
    assert_eq!(log[0].body, r#"{"name":"pen"}"#);
    assert_eq!(log[0].body, log[1].body);
}

#[tokio::test]
async fn a_post_marked_idempotent_or_keyed_is_retried() {
    let (url, log) = server(vec![status(503)]).await;
    let options = RequestOptions::new().idempotent();
    client(&url)
        .create_order(item())
        .with_options(options)
        .await
        .unwrap();
    assert_eq!(attempts(&log), 2);

    let (url, log) = server(vec![status(503), status(429)]).await;
    let options = RequestOptions::new().idempotency_key("order-7");
    client(&url)
        .patch_item(1, item())
        .with_options(options)
        .await
        .unwrap();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 3);
    for seen in log.iter() {
        assert_eq!(seen.header("idempotency-key"), ["order-7"]);
    }
}

#[tokio::test]
async fn a_declared_idempotency_key_parameter_is_the_key() {
    let (url, log) = server(vec![status(503)]).await;
    // The parameter wins over a key in the options.
    let options = RequestOptions::new().idempotency_key("from-options");
    client(&url)
        .create_payment(item())
        .idempotency_key("pay-9")
        .with_options(options)
        .await
        .unwrap();
    {
        let log = log.lock().unwrap();
        assert_eq!(log.len(), 2);
        for seen in log.iter() {
            assert_eq!(seen.header("idempotency-key"), ["pay-9"]);
        }
    }

    // Without the parameter set, the POST is sent once.
    let (url, log) = server(vec![status(503)]).await;
    assert_eq!(status_of(client(&url).create_payment(item()).await), 503);
    assert_eq!(attempts(&log), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off_per_client_and_per_request() {
    let (url, log) = server(vec![status(503); 2]).await;
    let off = api::Client::builder()
        .base_url(&url)
        .bearer_token("tok")
        .no_retries()
        .build()
        .unwrap();
    assert_eq!(status_of(off.get_item(1).await), 503);
    assert_eq!(attempts(&log), 1);
    let once = RequestOptions::new().no_retries();
    assert_eq!(
        status_of(client(&url).get_item(1).with_options(once).await),
        503
    );
    assert_eq!(attempts(&log), 2);
}

/// A client with the default retry policy and no timers but the waits, for
/// the paused clock: its elapsed time is then exactly the time waited.
fn waiting_client(url: &str) -> api::Client {
    api::Client::builder()
        .base_url(url)
        .bearer_token("tok")
        .no_timeout()
        .no_deadline()
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn waits_stay_within_the_backoff_bounds() {
    let retry = Retry::default();
    let mut longest_first = Duration::ZERO;
    for _ in 0..20 {
        let (url, log) = server(vec![status(503), status(503)]).await;
        waiting_client(&url).get_item(1).await.unwrap();
        let log = log.lock().unwrap();
        assert_eq!(log.len(), 3);
        let first = log[1].at - log[0].at;
        let second = log[2].at - log[1].at;
        assert!(first <= retry.max_backoff(0), "{first:?}");
        assert!(second <= retry.max_backoff(1), "{second:?}");
        longest_first = longest_first.max(first);
    }
    // Full jitter: 20 draws all in the lower half would be a 1 in 10⁶ event.
    assert!(
        longest_first > retry.max_backoff(0) / 2,
        "{longest_first:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_seconds_or_a_date_is_waited() {
    let asked = vec![("retry-after", String::from("7"))];
    let (url, log) = server(vec![Reply::Status(503, asked)]).await;
    let start = Instant::now();
    waiting_client(&url).get_item(1).await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(7));
    assert_eq!(attempts(&log), 2);

    // An HTTP date (whole seconds, read against the wall clock).
    let at = std::time::SystemTime::now() + Duration::from_secs(5);
    let asked = vec![("retry-after", httpdate::fmt_http_date(at))];
    let (url, log) = server(vec![Reply::Status(429, asked)]).await;
    let start = Instant::now();
    waiting_client(&url).get_item(1).await.unwrap();
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(3) && waited <= Duration::from_secs(5),
        "{waited:?}"
    );
    assert_eq!(attempts(&log), 2);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_over_the_cap_or_the_deadline_is_the_result() {
    let asked = vec![("retry-after", String::from("21"))];
    let (url, log) = server(vec![Reply::Status(503, asked)]).await;
    let start = Instant::now();
    assert_eq!(status_of(waiting_client(&url).get_item(1).await), 503);
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(attempts(&log), 1);

    // More seconds than a u64 holds: the longest wait, not an unreadable
    // header (which would be retried after the backoff).
    let asked = vec![("retry-after", "9".repeat(30))];
    let (url, log) = server(vec![Reply::Status(503, asked)]).await;
    assert_eq!(status_of(waiting_client(&url).get_item(1).await), 503);
    assert_eq!(attempts(&log), 1);

    let asked = vec![("retry-after", String::from("10"))];
    let (url, log) = server(vec![Reply::Status(429, asked)]).await;
    let options = RequestOptions::new().deadline(Duration::from_secs(5));
    let answer = waiting_client(&url).get_item(1).with_options(options).await;
    assert_eq!(status_of(answer), 429);
    assert_eq!(attempts(&log), 1);
}

#[tokio::test(start_paused = true)]
async fn the_deadline_ends_the_call() {
    let (url, log) = server(vec![Reply::Silent; 10]).await;
    let start = Instant::now();
    let options = RequestOptions::new()
        .timeout(Duration::from_secs(1))
        .deadline(Duration::from_millis(2500));
    let err = waiting_client(&url)
        .get_item(1)
        .with_options(options)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(Some(after)) if after <= Duration::from_millis(2500)),
        "{err:?}"
    );
    assert!(start.elapsed() <= Duration::from_millis(2500));
    assert!(attempts(&log) >= 2, "{}", attempts(&log));
}

/// Durations as long as a `Duration` holds are accepted: a timeout and a
/// deadline of `Duration::MAX` mean none, and a `Retry-After` of the most
/// seconds there are, with the cap lifted, ends past any deadline — that
/// answer is the result. None of them overflows the clock.
#[tokio::test(start_paused = true)]
async fn the_longest_durations_are_no_end_not_a_crash() {
    let (url, log) = server(vec![status(503)]).await;
    let forever = api::Client::builder()
        .base_url(&url)
        .timeout(Duration::MAX)
        .deadline(Duration::MAX)
        .retry(Retry::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap();
    forever.get_item(1).await.unwrap();
    assert_eq!(attempts(&log), 2);
    let longest = RequestOptions::new()
        .timeout(Duration::MAX)
        .deadline(Duration::MAX);
    let (url, _) = server(Vec::new()).await;
    client(&url)
        .get_item(1)
        .with_options(longest)
        .await
        .unwrap();

    let asked = vec![("retry-after", u64::MAX.to_string())];
    let (url, log) = server(vec![Reply::Status(503, asked)]).await;
    let lifted = Retry::default().backoff(Duration::from_millis(1), Duration::MAX);
    let options = RequestOptions::new()
        .retry(lifted)
        .deadline(Duration::from_secs(60));
    let answer = client(&url).get_item(1).with_options(options).await;
    assert_eq!(status_of(answer), 503);
    assert_eq!(attempts(&log), 1);
}

/// The shortest settings end a call at once with the error they say, never a
/// hang or a crash: a zero timeout times every attempt out (each retried, as a
/// timeout before the head is), a zero deadline leaves no time for an attempt
/// or a wait, a zero backoff retries without waiting, and zero attempts are
/// one.
#[tokio::test(start_paused = true)]
async fn the_shortest_settings_end_the_call_at_once() {
    let (url, _) = server(Vec::new()).await;
    let start = Instant::now();
    let zero_timeout = api::Client::builder()
        .base_url(&url)
        .timeout(Duration::ZERO)
        .build()
        .unwrap();
    let err = zero_timeout.get_item(1).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(Some(after)) if after == Duration::ZERO),
        "{err:?}"
    );
    // It ends within the backoff of its three attempts: at most 100 ms, then
    // at most 200 ms.
    assert!(start.elapsed() <= Duration::from_millis(300));

    let start = Instant::now();
    let no_time = RequestOptions::new().deadline(Duration::ZERO);
    let err = client(&url)
        .get_item(1)
        .with_options(no_time)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(Some(after)) if after == Duration::ZERO),
        "{err:?}"
    );
    assert_eq!(start.elapsed(), Duration::ZERO, "no backoff was waited");

    let (url, log) = server(vec![status(503), status(503), status(503)]).await;
    let start = Instant::now();
    let at_once = Retry::default().backoff(Duration::ZERO, Duration::ZERO);
    let answer = client(&url)
        .get_item(1)
        .with_options(RequestOptions::new().retry(at_once))
        .await;
    assert_eq!(status_of(answer), 503);
    assert_eq!(attempts(&log), 3);
    assert_eq!(start.elapsed(), Duration::ZERO, "no backoff was waited");

    let (url, log) = server(vec![status(503)]).await;
    let answer = client(&url)
        .get_item(1)
        .with_options(RequestOptions::new().retry(Retry::attempts(0)))
        .await;
    assert_eq!(status_of(answer), 503);
    assert_eq!(attempts(&log), 1);
}
