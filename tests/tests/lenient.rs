//! Published 3.0 documents read leniently (fixture `tests/fixtures/lenient.yaml`):
//! a parameter reached through a percent-encoded `$ref` fragment is the path
//! parameter it names, an `x-` key under `paths` is no path, a `not` schema is
//! typed from its other keywords, and an `encoding` entry for a property the
//! body lacks is left out of what is sent, and a path key's query string is
//! sent as the query it spells. Each is checked on the wire.

use api::types::PostNoteBody;
use wiremock::matchers::{method, path, query_param};
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

#[tokio::test]
async fn a_query_string_in_a_path_key_is_sent_as_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/ann%20b/alerts"))
        .and(query_param("lat", "52.5"))
        .and(query_param("radius", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"["storm"]"#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .and(query_param("query", "a&b"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/uploads"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let alerts = client.list_alerts("ann b", 52.5, 3).await.unwrap();
    assert_eq!(alerts.into_body(), ["storm"]);
    client.search("a&b").await.unwrap();
    client.upload().await.unwrap();
    let sent = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = sent.iter().map(|r| r.url.query()).collect();
    // Path parameters moved to the query keep their order; the undeclared
    // `convert={convert}` is not sent at all.
    assert_eq!(
        queries,
        [Some("lat=52.5&radius=3"), Some("query=a%26b"), None]
    );
}

#[tokio::test]
async fn a_required_number_that_is_not_finite_is_refused_not_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"["storm"]"#, "application/json"))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server).await;
    for (latitude, shown) in [(f64::NAN, "NaN"), (f64::INFINITY, "inf")] {
        // Sent, it went as `?radius=3`: the required `lat` silently missing.
        match client.list_alerts("ann", latitude, 3).await {
            Err(cde_runtime::Error::InvalidInput(err)) => {
                assert_eq!(err.name(), "lat", "the name it is sent under");
                assert!(err.message().starts_with(shown), "{err}");
            }
            other => panic!("expected {latitude} to be refused, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn constant_query_pairs_go_on_every_request_before_the_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"favorites": []}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    client.list_favorites().page(2).await.unwrap();
    client.add_favorite().await.unwrap();
    let sent = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = sent.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("method=favorites.list&format=json&page=2"),
            Some("method=favorites.add")
        ]
    );
}

#[tokio::test]
async fn the_mock_routes_query_strings_in_path_keys() {
    let mock = api::mock::builder()
        .on_list_alerts(|request| async move {
            api::types::ListAlertsResponse::Status200(vec![format!(
                "{} {} {}",
                request.user, request.latitude, request.radius
            )])
        })
        .on_search(|request| async move {
            assert_eq!(request.query, "rust");
            api::types::SearchResponse::Status204(())
        })
        .on_add_favorite(|_| async move {
            api::types::AddFavoriteResponse::Status200(api::types::AddFavoriteStatus200Body {
                added: Some(true),
                ..Default::default()
            })
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), mock.url());
    let alerts = client.list_alerts("ann", 1.5, 9).await.unwrap().into_body();
    assert_eq!(alerts, ["ann 1.5 9"]);
    client.search("rust").await.unwrap();
    // Two operations share `GET /rest`; each is routed by its constant pairs.
    let added = client.add_favorite().await.unwrap().into_body();
    assert_eq!(added.added, Some(true));
    let listed = client.list_favorites().await.unwrap().into_body();
    // The other is answered with its documented example.
    assert_eq!(listed.favorites, Some(vec![String::from("sunset")]));
    // Without its constant pairs, `/rest` is no operation.
    let status = reqwest_status(&format!("{}/rest?method=other", mock.url())).await;
    assert_eq!(status, 404);
}
