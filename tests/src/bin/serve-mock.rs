//! The mock server of `tests/fixtures/retries.yaml` in a process of its own,
//! for `tests/tests/concurrency.rs` (whose descriptor limit must not count the
//! server's sockets): prints its URL on a line, serves until stdin closes.

use std::io::Read;

mod api {
    cde_macros::generate_client!("fixtures/retries.yaml", mock = true);
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let server = api::mock::builder().start().await?;
    println!("{}", server.url());
    tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()))
        .await
        .map_err(std::io::Error::other)??;
    server.shutdown().await;
    Ok(())
}
