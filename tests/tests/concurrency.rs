//! The connection bound: 10,000 concurrent calls through one client succeed
//! with the process limited to 1,024 file descriptors, against the mock server
//! in a child process (`tests/src/bin/serve-mock.rs`). The same burst through a
//! client without the bound runs out of descriptors, which shows the bound is
//! what holds.

use std::time::Duration;

use cde_runtime::futures::future::join_all;
use rlimit::Resource;

mod api {
    cde_macros::generate_client!("fixtures/retries.yaml");
}

/// How many of `calls` concurrent calls fail.
async fn failures(client: &api::Client, calls: i64) -> usize {
    let calls = (0..calls).map(|id| client.get_item(id).send());
    let results = join_all(calls).await;
    results.iter().filter(|result| result.is_err()).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_concurrent_calls_fit_in_1024_descriptors() {
    let (_, hard) = rlimit::getrlimit(Resource::NOFILE).unwrap();
    rlimit::setrlimit(Resource::NOFILE, 1024.min(hard), hard).unwrap();
    let server = cde_tests::support::ServerProcess::start(env!("CARGO_BIN_EXE_serve-mock"), &[]);
    let url = server.url.clone();
    let builder = || {
        api::Client::builder()
            .base_url(&url)
            .bearer_token("tok")
            .deadline(Duration::from_secs(60))
    };

    let bounded = builder().build().unwrap();
    let start = std::time::Instant::now();
    assert_eq!(failures(&bounded, 10_000).await, 0);
    println!("10,000 calls, 100 connections: {:?}", start.elapsed());

    let unbounded = builder()
        .max_connections(1 << 20)
        .no_retries()
        .build()
        .unwrap();
    let start = std::time::Instant::now();
    let failed = failures(&unbounded, 10_000).await;
    println!("without the bound: {failed} failed, {:?}", start.elapsed());
    assert!(failed > 0, "{failed} of 10,000 failed without the bound");
}
