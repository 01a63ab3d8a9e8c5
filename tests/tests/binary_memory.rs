//! A binary response is in memory once: a 64 MiB body read and decoded into
//! `Bytes` peaks below 1.25 times its size on the heap (dhat's statistics; the
//! loopback server writes it from one small buffer, so it adds nothing),
//! whether it comes with a `Content-Length` or chunked, without one.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

mod api {
    cde_macros::generate_client!("fixtures/limits.yaml");
}

const SIZE: usize = 64 << 20;

/// Answers one request with `SIZE` bytes of 0x5a, announced with a
/// `Content-Length` or sent in chunks of 64 KiB without one.
async fn answer(listener: &TcpListener, announced: bool) {
    let (mut socket, _) = listener.accept().await.unwrap();
    let mut request = [0u8; 4096];
    let _ = socket.read(&mut request).await;
    let length = if announced {
        format!("content-length: {SIZE}")
    } else {
        String::from("transfer-encoding: chunked")
    };
    let head =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n{length}\r\n\r\n");
    socket.write_all(head.as_bytes()).await.unwrap();
    let block = [0x5au8; 64 * 1024];
    for _ in 0..SIZE / block.len() {
        if !announced {
            let size = format!("{:x}\r\n", block.len());
            socket.write_all(size.as_bytes()).await.unwrap();
        }
        socket.write_all(&block).await.unwrap();
        if !announced {
            socket.write_all(b"\r\n").await.unwrap();
        }
    }
    if !announced {
        socket.write_all(b"0\r\n\r\n").await.unwrap();
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_64_mib_binary_body_is_held_once_with_or_without_a_length() {
    // One profiler per process: both bodies are read in this one test, one
    // after the other, and the peak is the larger of theirs.
    let _profiler = dhat::Profiler::builder().testing().build();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let client = api::Client::builder().base_url(url).build().unwrap();
    let before = dhat::HeapStats::get();
    for announced in [true, false] {
        let (file, ()) = tokio::join!(client.download_file(), answer(&listener, announced));
        let file = file.unwrap().into_body();
        assert_eq!(file.len(), SIZE, "announced: {announced}");
        assert!(file.iter().all(|byte| *byte == 0x5a));
        let peak = dhat::HeapStats::get().max_bytes - before.curr_bytes;
        eprintln!("heap peak so far (announced: {announced}): {peak} bytes for {SIZE}");
        assert!(
            (peak as f64) < 1.25 * SIZE as f64,
            "peak {peak} bytes for a body of {SIZE} (announced: {announced})"
        );
    }
}
