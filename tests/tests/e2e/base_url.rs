//! The base URL, the user agent and a response's metadata.

use super::*;

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = server_answering(json_response(200, CREATE_200)).await;

    for base_url in [
        format!("{}/api/v2", server.uri()),
        format!("{}/api/v2/", server.uri()),
    ] {
        answer(&server, json_response(200, CREATE_200)).await;
        let client = client_at(&base_url);
        client
            .connector_create(create_body())
            .await
            .expect("the example decodes");
        assert_request(
            &single_request(&server).await,
            "POST",
            "/api/v2/connectors",
            Some(CREATE_REQUEST),
        );
    }

    answer(&server, json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    client_at(&format!("{}/api/v2", server.uri()))
        .connector_assign_to_dev_site(PUBLIC_ID, "latest")
        .await
        .expect("the example decodes");
    assert_request(
        &single_request(&server).await,
        "POST",
        &format!("/api/v2/connectors/{PUBLIC_ID}/versions/latest/assign-to-sites/dev"),
        None,
    );
}

#[tokio::test]
async fn user_agent_is_sent() {
    let server = server_answering(json_response(200, CREATE_200)).await;

    client(&server)
        .connector_create(create_body())
        .await
        .expect("the example decodes");
    assert_eq!(
        header(&single_request(&server).await, "user-agent"),
        Some("Productsup-CDE-API/0.1.0 cde-runtime")
    );

    answer(&server, json_response(200, CREATE_200)).await;
    Client::builder()
        .base_url(server.uri())
        .user_agent("my-integration/2.0")
        .build()
        .expect("the client builds")
        .connector_create(create_body())
        .await
        .expect("the example decodes");
    assert_eq!(
        header(&single_request(&server).await, "user-agent"),
        Some("my-integration/2.0")
    );
}

#[tokio::test]
async fn success_exposes_status_and_headers() {
    let server = server_answering(
        json_response(200, TARGETS_ADD_200)
            .insert_header("x-request-id", "req-42")
            .insert_header("x-ratelimit-remaining", "99"),
    )
    .await;
    let client = client(&server);

    let response = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect("the example decodes");

    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-42"[..])
    );
    assert_eq!(
        headers.get("x-ratelimit-remaining").map(|v| v.as_bytes()),
        Some(&b"99"[..])
    );
    assert_eq!(
        headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    let body = response.into_body();
    assert_eq!(body.data.name, "hilpert.com");
}

#[tokio::test]
async fn documented_error_exposes_status_and_headers() {
    let server = server_answering(
        json_response(404, CONNECTOR_NOT_FOUND_404).insert_header("x-request-id", "req-404"),
    )
    .await;
    let client = client(&server);

    let err = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect_err("404 is an error");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(
        matches!(err.documented(), Some(ConnectorTargetsAddError::Status404(body)) if body.message == "Connector not found."),
        "{err:?}"
    );
    let err = api_error(Err::<Response<()>, _>(err));
    assert_eq!(
        err.headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-404"[..])
    );
}
