//! The mock server against hostile requests: a form body or a `deepObject`
//! query whose keys nest deeper than 32 levels is a 400 naming the input, at 33
//! levels and at 100,000 in a body, 10,000 in a URL (which would overflow the
//! stack if read recursively), and the server goes on serving.

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
