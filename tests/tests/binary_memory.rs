//! A binary response is in memory once: a 64 MiB body read and decoded into
//! `Bytes` peaks below 1.25 times its size on the heap (dhat's statistics; the
//! loopback server writes it from one small buffer, so it adds nothing).

use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

mod api {
    cde_macros::generate_client!("fixtures/limits.yaml");
}

const SIZE: usize = 64 << 20;

#[tokio::test(flavor = "current_thread")]
async fn a_64_mib_binary_body_is_held_once() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {SIZE}\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        let block = [0x5au8; 64 * 1024];
        for _ in 0..SIZE / block.len() {
            socket.write_all(&block).await.unwrap();
        }
    });
    let client = api::Client::builder().base_url(url).build().unwrap();
    let before = dhat::HeapStats::get();
    let file = client.download_file().await.unwrap().into_body();
    server.await.unwrap();
    assert_eq!(file.len(), SIZE);
    assert!(file.iter().all(|byte| *byte == 0x5a));
    let stats = dhat::HeapStats::get();
    let peak = stats.max_bytes - before.curr_bytes;
    eprintln!("heap peak while reading {SIZE} bytes: {peak} bytes");
    assert!(
        (peak as f64) < 1.25 * SIZE as f64,
        "peak {peak} bytes for a body of {SIZE}"
    );
}
