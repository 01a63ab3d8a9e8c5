//! The runtime's benchmark, run by `bench/run runtime` and `bench/run mock`
//! (`cargo bench -p cde-tests --bench runtime -- runtime|mock`), which put the
//! markdown table it prints into docs/SPEED.md.
//!
//! - `runtime`: the generated client's `get_record` (fixture
//!   `tests/fixtures/bench.yaml`, every default on: retries, limits, the
//!   connection bound, a span per attempt with no subscriber) against the same
//!   GET written by hand with reqwest and serde, on a loopback server that
//!   answers from memory; sequential and 64 at a time, 1 KiB and 1 MiB bodies;
//!   and the 1 KiB call again with the server answering after a round trip's
//!   time, as a user would feel the difference.
//! - `mock`: the generated mock server answering a 2 MB batch of records,
//!   valid, against the same size with every item wrongly typed.
//! - `profile`: one side of `runtime` alone, for a profiler (see [`profile`]).
//!
//! Each case runs in 5 rounds. In `runtime`, a round alternates the two
//! sides in short batches (a few milliseconds each for the 1 KiB cases, a
//! few tens for the 1 MiB ones), so that load from elsewhere on the machine,
//! which comes and goes over tenths of a second, falls on both alike; the
//! table gives the medians of the rounds' times and the median of their
//! ratios. In `mock`, the rounds alternate which side goes first. Client and
//! server share one thread (a current-thread runtime), so that scheduling
//! across threads adds no noise to what the two sides cost.

use std::future::Future;
use std::time::{Duration, Instant};

use cde_runtime::futures::future::join_all;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

mod api {
    cde_macros::generate_client!("fixtures/bench.yaml", mock = true);
}

const ROUNDS: usize = 5;

/// The record as a hand-written client would declare it.
#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "decoded to be paid for, not read")]
struct Record {
    id: i64,
    name: String,
    tags: Vec<String>,
}

/// A record's JSON of about `size` bytes (its tags fill it).
fn record(id: i64, size: usize) -> serde_json::Value {
    let tag = "t".repeat(90);
    let tags: Vec<&str> = std::iter::repeat_n(tag.as_str(), size / 93).collect();
    serde_json::json!({"id": id, "name": "a record", "tags": tags})
}

/// How long the server waits before answering `GET /records/3`: about a
/// round trip between two machines in one data centre.
const ROUND_TRIP: Duration = Duration::from_micros(250);

/// A loopback server answering `GET /records/1` with a 1 KiB record and
/// `GET /records/2` with a 1 MiB one, from memory, with keep-alive; and
/// `GET /records/3` with the 1 KiB record after [`ROUND_TRIP`].
async fn serve_records() -> String {
    let small = response(&record(1, 1024));
    let large = response(&record(2, 1 << 20));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (small, large) = (small.clone(), large.clone());
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    // A GET has no body: each head is a request.
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head: Vec<u8> = buffer.drain(..end + 4).collect();
                        let answer = if head.starts_with(b"GET /records/2") {
                            &large
                        } else {
                            if head.starts_with(b"GET /records/3") {
                                // Blocks the one thread on purpose: client
                                // and server share it, and the client has
                                // nothing to do but wait, as for a network.
                                std::thread::sleep(ROUND_TRIP);
                            }
                            &small
                        };
                        if socket.write_all(answer).await.is_err() {
                            return;
                        }
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    url
}

fn response(body: &serde_json::Value) -> Vec<u8> {
    let body = body.to_string();
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    [head.into_bytes(), body.into_bytes()].concat()
}

/// The median of `times`.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Times `calls` calls of `call`, `width` at a time.
async fn timed<F, Fut>(calls: usize, width: usize, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let start = Instant::now();
    for _ in 0..calls / width {
        join_all((0..width).map(|_| call())).await;
    }
    start.elapsed()
}

/// `(ours, theirs)` medians of interleaved rounds.
async fn interleaved<A, B, FA, FB>(mut ours: A, mut theirs: B) -> (Duration, Duration)
where
    A: FnMut() -> FA,
    B: FnMut() -> FB,
    FA: Future<Output = Duration>,
    FB: Future<Output = Duration>,
{
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            a.push(ours().await);
            b.push(theirs().await);
        } else {
            b.push(theirs().await);
            a.push(ours().await);
        }
    }
    (median(a), median(b))
}

/// One round of `runtime`'s case: `batches` batches of each side, alternating
/// (which goes first alternates too), each side's times summed.
///
/// Whole rounds of one side and then the other (a quarter of a second each)
/// measured the same code at 0.90× and 1.15× minutes apart on a shared
/// machine: load from elsewhere fell on one side only.
async fn alternating<A, B, FA, FB>(batches: usize, ours: &A, theirs: &B) -> (Duration, Duration)
where
    A: Fn() -> FA,
    B: Fn() -> FB,
    FA: Future<Output = Duration>,
    FB: Future<Output = Duration>,
{
    let (mut a, mut b) = (Duration::ZERO, Duration::ZERO);
    for batch in 0..batches {
        if batch % 2 == 0 {
            a += ours().await;
            b += theirs().await;
        } else {
            b += theirs().await;
            a += ours().await;
        }
    }
    (a, b)
}

/// The generated client, every default on.
fn generated_client(url: &str) -> api::Client {
    api::Client::builder()
        .base_url(url)
        .bearer_token("tok")
        .build()
        .unwrap()
}

/// One `get_record` through the generated client.
async fn generated_call(client: &api::Client, id: i64) {
    let record = client.get_record(id).await.expect("the generated call");
    std::hint::black_box(record);
}

/// The same GET written by hand with reqwest and serde.
async fn hand_written_call(hand: &cde_runtime::reqwest::Client, url: &str, id: i64) {
    let record: Record = hand
        .get(format!("{url}/records/{id}"))
        .bearer_auth("tok")
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("the hand-written call")
        .json()
        .await
        .expect("its body");
    std::hint::black_box(record);
}

fn ms(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1000.0)
}

async fn runtime() {
    let url = serve_records().await;
    let generated = generated_client(&url);
    let hand = cde_runtime::reqwest::Client::new();
    println!(
        "The generated client's `get_record` against the same GET written by hand with reqwest and serde (`.bearer_auth(..).send()`, `.error_for_status()`, `.json::<Record>()`), on a loopback server answering from memory; release build, every default of the generated client on (retries, limits, connection bound, a span per attempt with no subscriber); {ROUNDS} rounds, each alternating the two sides in short batches; medians of the rounds' times, and the median and spread of their ratios. Target: at most 1.05×. In the last row the server answers after {} µs, about one round trip between two machines in a data centre: the difference as a call to a real API would show it.\n",
        ROUND_TRIP.as_micros()
    );
    // The difference a call is what the client costs in absolute terms, to
    // set beside a real call's network round trip (this server answers from
    // memory, on the same thread).
    println!("| case | calls | generated | by hand | ratio | rounds' ratios | difference a call |");
    println!("|---|---|---|---|---|---|---|");
    for (label, id, calls, width, batches) in [
        // Each round takes a quarter of a second or more, in batches of a
        // few milliseconds (1 KiB) or a few tens (1 MiB).
        ("1 KiB, sequential", 1, 10_000, 1, 20),
        ("1 KiB, 64 at a time", 1, 19_200, 64, 20),
        ("1 MiB, sequential", 2, 250, 1, 10),
        ("1 MiB, 64 at a time", 2, 640, 64, 10),
        // What a user would feel: the 1 KiB call with a short real round
        // trip in it (the server answers after `ROUND_TRIP`).
        ("1 KiB, sequential, 250 µs round trip", 3, 1_000, 1, 10),
    ] {
        let batch = calls / batches;
        let ours = || timed(batch, width, || generated_call(&generated, id));
        let theirs = || timed(batch, width, || hand_written_call(&hand, &url, id));
        // A warm-up round of each opens the connections.
        ours().await;
        theirs().await;
        let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let (ours, theirs) = alternating(batches, &ours, &theirs).await;
            ratios.push(ours.as_secs_f64() / theirs.as_secs_f64());
            a.push(ours);
            b.push(theirs);
        }
        ratios.sort_by(f64::total_cmp);
        let ratio = ratios[ratios.len() / 2];
        let (a, b) = (median(a), median(b));
        let difference = (a.as_secs_f64() - b.as_secs_f64()) / calls as f64 * 1e6;
        let spread = format!("{:.3}–{:.3}×", ratios[0], ratios[ratios.len() - 1]);
        println!(
            "| {label} | {calls} | {} | {} | {ratio:.3}× | {spread} | {difference:+.2} µs |",
            ms(a),
            ms(b)
        );
    }
}

/// One side of the runtime case alone, for a profiler (`perf record`,
/// `valgrind --tool=callgrind`): `SIDE=generated|hand`, `CALLS` (default
/// 10,000), `ID` (1: 1 KiB, 2: 1 MiB), `WIDTH` (calls at a time, default 1).
async fn profile() {
    let setting = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    let (calls, width) = (setting("CALLS", 10_000), setting("WIDTH", 1));
    let id = i64::try_from(setting("ID", 1)).unwrap_or(1);
    let url = serve_records().await;
    let start = Instant::now();
    if std::env::var("SIDE").as_deref() == Ok("hand") {
        let hand = cde_runtime::reqwest::Client::new();
        timed(calls, width, || hand_written_call(&hand, &url, id)).await;
    } else {
        let generated = generated_client(&url);
        timed(calls, width, || generated_call(&generated, id)).await;
    }
    eprintln!("{:?} per call", start.elapsed() / calls as u32);
}

async fn mock() {
    let server = api::mock::builder().start().await.unwrap();
    let url = format!("{}/batches", server.url());
    let records: Vec<serde_json::Value> = (0..2000).map(|i| record(i, 1000)).collect();
    let valid = serde_json::json!({ "items": records }).to_string();
    // The same records, each id a string: every item is wrongly typed.
    let invalid = valid.replace("{\"id\":", "{\"id\":\"x\",\"was\":");
    let http = cde_runtime::reqwest::Client::new();
    let post = |body: String, expected: u16| {
        let (http, url) = (&http, &url);
        move || {
            let body = body.clone();
            timed(10, 1, move || {
                let body = body.clone();
                async move {
                    let answer = http
                        .post(url)
                        .bearer_auth("tok")
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await
                        .expect("the mock server answers");
                    assert_eq!(answer.status().as_u16(), expected);
                    let problem = answer.bytes().await.expect("its body");
                    std::hint::black_box(problem);
                }
            })
        }
    };
    let (bad, good) = interleaved(post(invalid.clone(), 400), post(valid.clone(), 204)).await;
    println!(
        "The generated mock server answering 10 POSTs of a batch of 2,000 records ({:.1} MB), valid, against the same with every item wrongly typed (a 400 naming the bad fields); release build, {ROUNDS} interleaved rounds, medians. Target: at most 3×.\n",
        valid.len() as f64 / 1e6
    );
    println!("| body | 10 POSTs | ratio to valid |");
    println!("|---|---|---|");
    println!("| valid | {} | 1× |", ms(good));
    let ratio = bad.as_secs_f64() / good.as_secs_f64();
    println!("| every item wrongly typed | {} | {ratio:.2}× |", ms(bad));
    server.shutdown().await;
}

fn main() {
    let case = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .unwrap_or_default();
    // One thread for client and server: no work stealing between threads to
    // add noise, so the figures compare what each side costs.
    let runtime_ = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    match case.as_str() {
        "runtime" => runtime_.block_on(runtime()),
        "mock" => runtime_.block_on(mock()),
        "profile" => runtime_.block_on(profile()),
        other => {
            eprintln!(
                "usage: cargo bench -p cde-tests --bench runtime -- runtime|mock|profile (got {other:?})"
            );
            std::process::exit(2);
        }
    }
}
