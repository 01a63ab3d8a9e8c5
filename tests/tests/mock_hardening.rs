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
