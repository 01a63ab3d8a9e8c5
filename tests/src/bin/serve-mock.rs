//! The mock server of `tests/fixtures/retries.yaml` in a process of its own,
//! for `tests/tests/concurrency.rs` and `mock_hardening.rs` (whose descriptor
//! limits must not count the server's sockets): prints its URL on a line,
//! serves until stdin closes. `--max-files N` limits its own descriptors.

use std::io::Read;

mod api {
    cde_macros::generate_client!("fixtures/retries.yaml", mock = true);
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, files] = args.as_slice()
        && flag == "--max-files"
    {
        let files: u64 = files.parse().map_err(std::io::Error::other)?;
        let (_, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE)?;
        rlimit::setrlimit(rlimit::Resource::NOFILE, files.min(hard), hard)?;
    }
    let server = api::mock::builder().start().await?;
    println!("{}", server.url());
    tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()))
        .await
        .map_err(std::io::Error::other)??;
    server.shutdown().await;
    Ok(())
}
