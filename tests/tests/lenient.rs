//! Published 3.0 documents read leniently (fixture `tests/fixtures/lenient.yaml`):
//! a parameter reached through a percent-encoded `$ref` fragment is the path
//! parameter it names, an `x-` key under `paths` is no path, a `not` schema is
//! typed from its other keywords, and an `encoding` entry for a property the
//! body lacks is left out of what is sent. Each is checked on the wire.

use api::types::PostNoteBody;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/lenient.yaml", mock = true);
}

async fn client(server: &MockServer) -> api::Client {
    api::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_percent_encoded_ref_names_the_path_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/keys/41"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).await.delete_key(41).await.unwrap();
}

#[tokio::test]
async fn a_schema_with_not_decodes_by_its_other_keywords() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/keys/7"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"id": 7, "name": "deploy", "label": 12}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let key = client(&server).await.get_key(7).await.unwrap().into_body();
    assert_eq!((key.id, key.name.as_str()), (7, "deploy"));
    // `NotAString` is `not: {type: string}`: any other JSON value, kept as sent.
    assert_eq!(key.label, Some(serde_json::json!(12)));
}

#[tokio::test]
async fn an_encoding_entry_for_no_property_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .await
        .post_note(PostNoteBody::new("hello there".into()))
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&sent.body).into_owned().collect();
    assert_eq!(pairs, [(String::from("text"), String::from("hello there"))]);
}

#[tokio::test]
async fn the_mock_serves_the_path_named_through_the_encoded_ref() {
    let mock = api::mock::builder()
        .on_delete_key(|request| async move {
            assert_eq!(request.id, 5);
            api::types::DeleteKeyResponse::Status204(())
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), mock.url());
    client.delete_key(5).await.unwrap();
    // The extension key under `paths` is not a path the mock answers.
    let status = reqwest_status(&format!("{}/x-owner", mock.url())).await;
    assert_eq!(status, 404);
}

async fn reqwest_status(url: &str) -> u16 {
    cde_runtime::reqwest::get(url)
        .await
        .unwrap()
        .status()
        .as_u16()
}
