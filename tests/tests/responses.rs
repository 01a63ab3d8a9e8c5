//! Documented responses beyond the CDE spec's: status ranges (`2XX`, `4XX`),
//! `default`, several successes, no body, `+json` and text media types, a JSON
//! body after a byte order mark; plus query and header parameters, bounds
//! checked before sending, and notes for spec defects.

use cde_runtime::Error;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/ranges.yaml");
}

use api::types::{DeleteThingsError, GetThingError, GetThingSuccess, ThingKind};

async fn client(server: &MockServer) -> api::Client {
    cde_tests::support::anonymous_client(api::Client::builder(), server.uri())
}

fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

#[test]
fn client_is_cheap_to_share() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<api::Client>();
    shareable::<cde_api::Client>();
    assert_eq!(
        api::Client::DEFAULT_BASE_URL,
        Some("https://things.example/v1")
    );
}

#[tokio::test]
async fn exact_status_beats_range_and_several_successes_are_an_enum() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/7"))
        .and(query_param("verbose", "true"))
        .and(header("X-Request-Id", "r-1"))
        .respond_with(json(
            200,
            json!({"id": 7, "kind": "huge", "self": "me", "note": null}),
        ))
        .mount(&server)
        .await;
    let response = client(&server)
        .await
        .get_thing(7)
        .verbose(true)
        .x_request_id("r-1")
        .await
        .unwrap();
    let GetThingSuccess::Status200(thing) = response.into_body() else {
        panic!("expected the 200 variant");
    };
    assert_eq!(thing.id, 7);
    assert_eq!(thing.kind, ThingKind::Unknown("huge".into()));
    assert_eq!(thing.self_.as_deref(), Some("me"));
    assert_eq!(thing.note, cde_runtime::Nullable::Null);
}

#[tokio::test]
async fn a_json_body_after_a_byte_order_mark_is_read() {
    let server = MockServer::start().await;
    let body = "\u{feff}{\"id\": 7, \"kind\": \"small\"}";
    Mock::given(method("GET"))
        .and(path("/things/7"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let response = client(&server).await.get_thing(7).await.unwrap();
    let GetThingSuccess::Status200(thing) = response.into_body() else {
        panic!("expected the 200 variant");
    };
    assert_eq!(thing.id, 7);
}

#[tokio::test]
async fn ranges_and_default_keep_the_status() {
    let server = MockServer::start().await;
    for (id, status, body) in [
        (1, 202, json!({"text": "queued"})),
        (2, 404, json!({"title": "gone"})),
        (3, 418, json!({"title": "teapot"})),
        (4, 503, json!({"title": "later"})),
    ] {
        let template = if status == 404 {
            ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/problem+json")
        } else {
            json(status, body)
        };
        Mock::given(path(format!("/things/{id}")))
            .respond_with(template)
            .mount(&server)
            .await;
    }
    let client = client(&server).await;

    match client.get_thing(1).await.unwrap().into_body() {
        GetThingSuccess::Status2XX(status, note) => {
            assert_eq!(status.as_u16(), 202);
            assert_eq!(note.text, "queued");
        }
        other => panic!("expected 2XX, got {other:?}"),
    }
    let err = client.get_thing(2).await.unwrap_err();
    assert!(
        matches!(err.documented(), Some(GetThingError::Status404(p)) if p.title == "gone"),
        "{err:?}"
    );
    let err = client.get_thing(3).await.unwrap_err();
    assert!(
        matches!(err.documented(), Some(GetThingError::Status4XX(s, p)) if s.as_u16() == 418 && p.title == "teapot"),
        "{err:?}"
    );
    // A 503 is retried by default; this test is about its decoding, so once.
    let once = cde_runtime::RequestOptions::new().no_retries();
    let err = client.get_thing(4).with_options(once).await.unwrap_err();
    assert!(
        matches!(err.documented(), Some(GetThingError::Default(s, p)) if s.as_u16() == 503 && p.title == "later"),
        "{err:?}"
    );
}

#[tokio::test]
async fn no_body_and_text_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/things/5/parts"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("bolt\nnut", "text/plain; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    let deleted = client.delete_things().await.unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    let parts = client.list_parts(5).await.unwrap();
    assert_eq!(parts.body(), "bolt\nnut");

    server.reset().await;
    Mock::given(method("DELETE"))
        .respond_with(json(500, json!({"title": "boom"})))
        .mount(&server)
        .await;
    let err = client.delete_things().await.unwrap_err();
    assert!(
        matches!(err.documented(), Some(DeleteThingsError::Default(s, p)) if s.as_u16() == 500 && p.title == "boom")
    );
}

#[tokio::test]
async fn arrays_repeat_and_unset_options_are_left_out() {
    let server = MockServer::start().await;
    Mock::given(path("/things/9"))
        .respond_with(json(200, json!({"id": 9, "kind": "small"})))
        .mount(&server)
        .await;
    let client = client(&server).await;
    client
        .get_thing(9)
        .tags(vec!["a".to_owned(), "b c".to_owned()])
        .await
        .unwrap();
    client.get_thing(9).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("tags=a&tags=b+c"));
    assert_eq!(requests[1].url.query(), None);
    assert!(requests[1].headers.get("X-Request-Id").is_none());
}

#[tokio::test]
async fn bounds_are_checked_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    for id in [0, 1001] {
        match client.get_thing(id).await {
            Err(Error::InvalidInput(err)) => {
                assert_eq!(err.name(), "id");
                assert!(err.message().contains(&id.to_string()), "{err}");
            }
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn non_fatal_spec_defects_are_listed_in_the_client_docs() {
    let spec = br#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
      "servers": [{"url": "/relative"}],
      "paths": {
        "/a/{x}": {"get": {"operationId": "one", "parameters": [{"name": "x", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"204": {"description": "ok"}}}},
        "/a/{y}": {"put": {"operationId": "two", "parameters": [{"name": "y", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"204": {"description": "ok"}}}}
      }}"#;
    let out = cde_codegen::generate("t.json", spec, &cde_codegen::Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let code = out.code.lex().expect("generated code lexes").to_string();
    assert!(
        code.contains("differ only in parameter names"),
        "no note in {code}"
    );
    assert!(
        code.contains("is not absolute"),
        "no note about the server URL"
    );
    assert!(code.contains("DEFAULT_BASE_URL : :: core :: option :: Option < & 'static str > = :: core :: option :: Option :: None"));
}
