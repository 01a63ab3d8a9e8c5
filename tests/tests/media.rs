//! Media types and auth (fixture `tests/fixtures/media.yaml`): a vendor `+json`
//! success and a `default` problem+json error decoded as JSON, a binary response
//! as bytes, a `*/*` body sent as given, and OAuth2 sent as a bearer token.

use api::types::GetRepoError;
use cde_runtime::Error;
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/media.yaml", mock = true);
}

const TOKEN: &str = "oauth-access-token";

fn client(url: &str) -> api::Client {
    cde_tests::support::client(api::Client::builder(), url, TOKEN)
}

#[tokio::test]
async fn vendor_json_and_problem_json_decode_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": 1}"#, "application/vnd.github+json; charset=utf-8"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/2"))
        .respond_with(ResponseTemplate::new(410).set_body_raw(
            r#"{"title": "Gone", "status": 410}"#,
            "application/problem+json",
        ))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    assert_eq!(client.get_repo(1).await.unwrap().into_body().id, 1);
    match client.get_repo(2).await {
        Err(Error::Api(err)) => match &err.body {
            GetRepoError::Default(status, problem) => {
                assert_eq!(status.as_u16(), 410);
                assert_eq!(problem.title.as_deref(), Some("Gone"));
            }
        },
        other => panic!("expected the default error, got {other:?}"),
    }
}

#[tokio::test]
async fn binary_responses_and_any_media_bodies_are_bytes() {
    let bytes: Vec<u8> = (0..=255).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/archive"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/octet-stream")
                .set_body_bytes(bytes.clone()),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/blobs"))
        .and(body_bytes(bytes.clone()))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let archive = client.get_archive().await.unwrap().into_body();
    assert_eq!(archive.as_ref(), bytes.as_slice());
    let stored = client.put_blob(bytes.clone()).await.unwrap();
    assert_eq!(stored.status(), 201);
}

#[tokio::test]
async fn the_mock_serves_the_same_media() {
    let server = api::mock::builder()
        .on_put_blob(|request| async move {
            assert_eq!(request.body.as_ref(), b"\x00\x01\xff");
            api::types::PutBlobResponse::Status201(())
        })
        .start()
        .await
        .unwrap();
    let client = client(server.url());
    client.get_repo(7).await.unwrap();
    client.get_archive().await.unwrap();
    client.put_blob(&b"\x00\x01\xff"[..]).await.unwrap();
    // OAuth2 is checked as a bearer token.
    let anonymous = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    assert!(anonymous.get_archive().await.is_err());
}
