//! The mock server against hostile requests: a form body or a `deepObject`
//! query whose keys nest deeper than 32 levels is a 400 naming the input, at 33
//! levels and at 100,000 in a body, 10,000 in a URL (which would overflow the
//! stack if read recursively), and the server goes on serving; connections
//! that send no head, half a head or go quiet are closed; at most 512 are
//! served at once (the 513th waits for a free place); and with no file
//! descriptor left the accept loop waits instead of spinning (the server in a
//! child process, `src/bin/serve-mock.rs`, its CPU time read from `/proc`).
mod form {
    cde_macros::generate_client!("fixtures/form.yaml", mock = true);
}

mod routes {
    cde_macros::generate_client!("fixtures/mock_routes.yaml", mock = true);
}

/// A key nesting `depth` levels under `head`: `head[k][k]…`.
fn nested(head: &str, depth: usize) -> String {
    format!("{head}{}", "[k]".repeat(depth))
}

async fn problem(response: cde_runtime::reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn a_form_body_nested_too_deep_is_a_400() {
    let server = form::mock::builder().start().await.unwrap();
    let http = cde_runtime::reqwest::Client::new();
    for depth in [33, 100_000] {
        let body = format!("amount=1&currency=eur&{}=x", nested("metadata", depth));
        let response = http
            .post(format!("{}/charges", server.url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, problem) = problem(response).await;
        assert_eq!(status, 400, "{depth}: {problem}");
        assert_eq!(
            problem["errors"]["metadata"], "nests deeper than 32 levels",
            "{depth}: {problem}"
        );
    }
    // 32 levels are read (the schema then says what it makes of them).
    let body = format!("amount=1&currency=eur&{}=x", nested("metadata", 32));
    let response = http
        .post(format!("{}/charges", server.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let (_, problem) = problem(response).await;
    assert!(!problem.to_string().contains("nests deeper"), "{problem}");
}

#[tokio::test]
async fn a_deep_object_query_nested_too_deep_is_a_400() {
    let server = routes::mock::builder().start().await.unwrap();
    let http = cde_runtime::reqwest::Client::new();
    // 10,000 levels: a URL of 30 KB (an HTTP URI holds at most 64 KiB).
    for depth in [33, 10_000] {
        let url = format!(
            "{}/items/search?q=a&{}=1",
            server.url(),
            nested("filter", depth)
        );
        let (status, problem) = problem(http.get(url).send().await.unwrap()).await;
        assert_eq!(status, 400, "{depth}: {problem}");
        assert_eq!(
            problem["errors"]["filter"], "nests deeper than 32 levels",
            "{depth}: {problem}"
        );
    }
    // The server is still there.
    let url = format!("{}/items/search?q=a&filter[min]=1", server.url());
    let (status, problem) = problem(http.get(url).send().await.unwrap()).await;
    assert_eq!(status, 200, "{problem}");
}

/// Whether the server closes `socket` within `within`, having been sent `sent`.
async fn closed_within(
    mut socket: tokio::net::TcpStream,
    sent: &[u8],
    within: std::time::Duration,
) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    socket.write_all(sent).await.unwrap();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, socket.read(&mut buffer)).await {
            // End of stream or reset: closed. Anything read (a 408) is fine too,
            // as long as the connection ends.
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

/// A header timeout as long as a `Duration` holds is no timeout, not a
/// panic in each connection's task.
#[tokio::test]
async fn the_longest_header_timeout_still_answers() {
    let server = form::mock::builder()
        .header_timeout(std::time::Duration::MAX)
        .start()
        .await
        .unwrap();
    let status = cde_runtime::reqwest::get(format!("{}/nothing", server.url()))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_connection_that_sends_no_head_is_closed() {
    let server = form::mock::builder()
        .header_timeout(std::time::Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    let connect = || tokio::net::TcpStream::connect(server.addr());
    let within = std::time::Duration::from_secs(3);
    // Nothing at all, and half a head.
    assert!(closed_within(connect().await.unwrap(), b"", within).await);
    assert!(
        closed_within(
            connect().await.unwrap(),
            b"POST /v1/charges HTTP/1.1\r\nHost: x\r\n",
            within
        )
        .await
    );
    // A kept-alive connection that goes quiet after its request is closed too.
    let keep_alive = b"GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n";
    assert!(closed_within(connect().await.unwrap(), keep_alive, within).await);
    // And the server still answers.
    let status = cde_runtime::reqwest::get(format!("{}/nothing", server.url()))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
}

/// Sends a GET on `socket` and reads its answer's status line, waiting at
/// most `within`; `None` when nothing came.
async fn status_within(
    socket: &mut tokio::net::TcpStream,
    within: std::time::Duration,
) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let request = b"GET /items/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n";
    socket.write_all(request).await.ok()?;
    let mut buffer = [0u8; 4096];
    let read = tokio::time::timeout(within, socket.read(&mut buffer)).await;
    let n = read.ok()?.ok()?;
    let text = String::from_utf8_lossy(&buffer[..n]).into_owned();
    text.lines().next().map(str::to_owned)
}

#[tokio::test]
async fn at_most_512_connections_are_served_at_once() {
    // The server in a process of its own, so that its 512 sockets and this
    // test's do not share one descriptor limit.
    let server = cde_tests::support::ServerProcess::start(env!("CARGO_BIN_EXE_serve-mock"), &[]);
    let addr = server.url.trim_start_matches("http://").to_owned();
    let quick = std::time::Duration::from_secs(5);
    let mut served = Vec::new();
    for _ in 0..512 {
        let mut socket = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let status = status_within(&mut socket, quick).await;
        assert_eq!(status.as_deref(), Some("HTTP/1.1 200 OK"));
        // Kept alive: the connection holds its place.
        served.push(socket);
    }
    // The 513th is connected (the kernel queues it) but not served...
    let mut waiting = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let status = status_within(&mut waiting, std::time::Duration::from_secs(1)).await;
    assert_eq!(status, None);
    // ...until one of the others closes.
    drop(served.pop());
    let mut buffer = [0u8; 4096];
    use tokio::io::AsyncReadExt;
    let n = tokio::time::timeout(quick, waiting.read(&mut buffer))
        .await
        .expect("served once a place is free")
        .unwrap();
    assert!(buffer[..n].starts_with(b"HTTP/1.1 200 OK"));
}

/// The CPU time (user and system) process `pid` has used, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command (which is in parentheses): utime and stime
    // are the 12th and 13th.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[tokio::test]
async fn with_no_descriptor_left_the_accept_loop_waits() {
    // A server that may open 64 files; 200 connections leave it none, and
    // the kernel holds the rest ready to accept: an accept loop that retried
    // at once would spin a core.
    let server = cde_tests::support::ServerProcess::start(
        env!("CARGO_BIN_EXE_serve-mock"),
        &["--max-files", "64"],
    );
    let addr = server.url.trim_start_matches("http://").to_owned();
    let mut sockets = Vec::new();
    for _ in 0..200 {
        sockets.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let before = cpu_ticks(server.id());
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let used = cpu_ticks(server.id()) - before;
    // Clock ticks are 1/100 s: a spinning loop would use about 100.
    assert!(used < 30, "{used} ticks of CPU in 1 s");
    // Once descriptors are free again, it serves.
    sockets.clear();
    let mut socket = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let status = status_within(&mut socket, std::time::Duration::from_secs(15)).await;
    assert_eq!(status.as_deref(), Some("HTTP/1.1 200 OK"));
}
