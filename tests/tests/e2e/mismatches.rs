//! Responses that do not match the spec (an undocumented status, a body that
//! does not decode, a cut or stalled body, a slow server): each a typed error.

use super::*;

#[tokio::test]
async fn undocumented_status_is_unexpected_status_with_status_and_excerpt() {
    let teapot = "I'm a teapot; no connectors here.";
    let server = server_answering(ResponseTemplate::new(418).set_body_string(teapot)).await;
    let client = client(&server);

    let result = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await;
    let err = result.expect_err("418 is not documented");
    assert_eq!(err.status(), Some(StatusCode::IM_A_TEAPOT));
    let shown = err.to_string();
    let failed = expect_err!(Err::<(), _>(err), Error::UnexpectedStatus);
    assert_eq!(failed.status, StatusCode::IM_A_TEAPOT);
    assert_eq!(failed.excerpt, teapot);
    assert_eq!(failed.body, teapot);
    assert_eq!(failed.content_type.as_deref(), Some("text/plain"));
    assert!(shown.contains("418"), "{shown}");
    assert!(shown.contains(teapot), "{shown}");
}

#[tokio::test]
async fn unexpected_status_excerpt_is_bounded_to_2_kib() {
    let body = "x".repeat(10_000);
    let server = server_answering(ResponseTemplate::new(500).set_body_string(body.clone())).await;
    let client = client(&server);

    let failed = expect_err!(
        client
            .connector_assign_to_dev_site(PUBLIC_ID, "latest")
            .await,
        Error::UnexpectedStatus
    );
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    // The body is kept whole; the excerpt and what the error shows are bounded.
    assert_eq!(failed.body, body);
    assert!(failed.to_string().len() < 3 * 1024);
    assert!(failed.excerpt.starts_with(&body[..2048]));
    assert_eq!(failed.excerpt.chars().filter(|c| *c == 'x').count(), 2048);
    assert!(failed.excerpt.len() <= 2048 + '…'.len_utf8());
}

#[tokio::test]
async fn invalid_json_on_200_is_invalid_body() {
    let broken = r#"{"message": "successful operation", "data": {"name": "#;
    let server = server_answering(json_response(200, broken)).await;
    let client = client(&server);

    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::InvalidBody
    );
    assert_eq!(failed.status, StatusCode::OK);
    assert_eq!(failed.excerpt, broken);
    assert_eq!(failed.body, broken);
    assert_eq!(failed.content_type.as_deref(), Some("application/json"));
    assert!(failed.detail.as_deref().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_invalid_body() {
    let server = MockServer::start().await;
    let client = client(&server);

    // A success envelope without `data`.
    let no_data = r#"{"message": "successful operation"}"#;
    answer(&server, json_response(200, no_data)).await;
    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::InvalidBody
    );
    assert_eq!(failed.status, StatusCode::OK);
    let detail = failed.detail.expect("a detail");
    assert!(detail.contains("data"), "{detail}");

    // A documented 400 without the required `errors`.
    let no_errors = r#"{"message": "Bad request."}"#;
    answer(&server, json_response(400, no_errors)).await;
    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::InvalidBody
    );
    assert_eq!(failed.status, StatusCode::BAD_REQUEST);
    assert_eq!(failed.excerpt, no_errors);
}

/// An answer the types do not fit (here a success whose `data` is missing,
/// as a newer or older server might send it), larger than the excerpt, is
/// kept whole in the error, so the caller can still read what it says.
#[tokio::test]
async fn a_body_that_does_not_decode_is_kept_whole_for_the_caller() {
    let notes: Vec<String> = (0..400).map(|n| format!("note {n}")).collect();
    let answer_json = serde_json::json!({"message": "successful operation", "notes": notes});
    let sent = serde_json::to_vec(&answer_json).unwrap();
    assert!(sent.len() > 4 * 1024, "longer than the excerpt");
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(sent.clone(), "application/json"))
            .await;
    let client = client(&server);

    let err = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect_err("`data` is missing");
    let failed = err.failed_response().expect("the answer is kept");
    assert_eq!(failed.body, sent);
    let read: serde_json::Value = serde_json::from_slice(&failed.body).unwrap();
    assert_eq!(read, answer_json);
    assert!(failed.excerpt.len() <= 2048 + '…'.len_utf8());
    assert!(
        err.to_string().len() < 8 * 1024,
        "{}",
        err.to_string().len()
    );
    assert!(matches!(err, Error::InvalidBody(_)), "{err:?}");
}

#[tokio::test]
async fn html_on_200_is_unexpected_content_type() {
    let html = "<html><body><h1>Maintenance</h1></body></html>";
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(html.as_bytes().to_vec(), "text/html"),
    )
    .await;
    let client = client(&server);

    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::UnexpectedContentType
    );
    assert_eq!(failed.status, StatusCode::OK);
    assert_eq!(failed.content_type.as_deref(), Some("text/html"));
    assert_eq!(failed.excerpt, html);
    assert_eq!(failed.body, html);

    // A documented error status (404) with an HTML body is no documented error either.
    answer(
        &server,
        ResponseTemplate::new(404).set_body_raw(html.as_bytes().to_vec(), "text/html"),
    )
    .await;
    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::UnexpectedContentType
    );
    assert_eq!(failed.status, StatusCode::NOT_FOUND);
    assert_eq!(failed.excerpt, html);
}

#[tokio::test]
async fn json_content_type_with_a_charset_is_accepted() {
    let server = server_answering(ResponseTemplate::new(200).set_body_raw(
        TARGETS_ADD_200.as_bytes().to_vec(),
        "application/json; charset=utf-8",
    ))
    .await;
    let client = client(&server);

    let response = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect("application/json with a charset is JSON");
    assert_eq!(
        response.data.platform_prod_reference.target_accounts,
        [789, 987]
    );
}

#[tokio::test]
async fn truncated_body_is_incomplete_body() {
    let partial = &TARGETS_ADD_200[..200];
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{partial}"
    );
    let base_url = raw_server(response, Ending::Close).await;
    let client = client_at(&base_url);

    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::IncompleteBody
    );
    assert_eq!(failed.status, StatusCode::OK);
    assert_eq!(failed.content_type.as_deref(), Some("application/json"));
    assert_eq!(failed.body, partial);
    assert_eq!(failed.excerpt, partial);
    assert!(failed.detail.is_some(), "{failed:?}");
}

#[tokio::test]
async fn slow_server_is_timeout() {
    let server =
        server_answering(json_response(200, TARGETS_ADD_200).set_delay(Duration::from_secs(5)))
            .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("the client builds");

    let started = Instant::now();
    let after = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::Timeout
    );
    assert_eq!(after, Some(Duration::from_millis(300)));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn body_that_stalls_is_timeout() {
    let partial = &TARGETS_ADD_200[..100];
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{partial}",
        TARGETS_ADD_200.len()
    );
    let base_url = raw_server(response, Ending::Stall).await;
    let client = Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("the client builds");

    let after = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::Timeout
    );
    assert_eq!(after, Some(Duration::from_millis(300)));
}
