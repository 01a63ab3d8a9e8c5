//! Lazy streams over all items of paginated operations, on loopback: offset,
//! cursor and `Link` styles; several pages, an empty list, a last page exactly
//! `limit` long, a `next: null` marker, and an error on page 3 that surfaces in the
//! stream. Exact: a page shorter than the limit (a server that clamps it) does
//! not end the stream, a numeric `next` is the next offset, a cursor, offset or
//! link that does not advance ends the stream with an error, a relative `Link`
//! is resolved against the page's URL, one on another origin is an error
//! (quoting at most 4 KiB of the link, however long), a `Link` target may hold
//! commas and its `rel` several types, a cursor page without its `has_more`
//! flag is followed until a page is empty, more pages with no cursor to ask
//! for them is an error, and the client's page cap is an error when more pages
//! follow.

use cde_runtime::futures::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!(
        "fixtures/paging.yaml",
        pagination = {
            list_cursor = {
                style = "cursor",
                cursor_param = "starting_after",
                cursor_from = "/id",
                items = "/data",
                has_more = "/has_more",
            },
        }
    );
}

fn items(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| json!({"id": id})).collect())
}

async fn offset_page(server: &MockServer, from: &str, body: Value, status: u16) {
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("from", from))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

async fn client(server: &MockServer) -> api::Client {
    cde_tests::support::anonymous_client(api::Client::builder(), server.uri())
}

async fn collect_ids(client: &api::Client) -> (Vec<String>, Option<String>) {
    let mut stream = client.list_items().items();
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => ids.push(item.id),
            Err(err) => return (ids, Some(err.to_string())),
        }
    }
    (ids, None)
}

/// Mounts the cursor pages: `(starting_after, body)`, each asked for once.
async fn cursor_pages(server: &MockServer, pages: Vec<(Option<&str>, Value)>) {
    for (after, body) in pages {
        let mock = Mock::given(path("/cursor"));
        let mock = match after {
            Some(after) => mock.and(query_param("starting_after", after)),
            None => mock.and(query_param_is_missing("starting_after")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

/// The ids of every item of `list_cursor`'s stream from `server`, each a success.
async fn cursor_ids(server: &MockServer) -> Vec<String> {
    let client = client(server).await;
    let stream = client.list_cursor().items();
    stream.map(|item| item.unwrap().id).collect().await
}

/// Mounts the first `/linked` page (item `a`), asked for once, with `link`
/// as its `Link` header.
async fn first_linked_page(server: &MockServer, link: &str) {
    Mock::given(path("/linked"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(items(&["a"]))
                .insert_header("Link", link),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_short_page_does_not_end_the_stream_an_empty_one_does() {
    let server = MockServer::start().await;
    offset_page(&server, "0", json!({"data": items(&["a", "b"])}), 200).await;
    offset_page(&server, "2", json!({"data": items(&["c"])}), 200).await;
    offset_page(&server, "3", json!({"data": items(&["d", "e"])}), 200).await;
    offset_page(&server, "5", json!({"data": []}), 200).await;
    let (ids, err) = collect_ids(&client(&server).await).await;
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(err, None);
}

#[tokio::test]
async fn a_server_that_clamps_the_limit_is_followed_by_its_next_marker() {
    // 60 items; the caller asks for 100 a page, the server gives 20 and says
    // where the next page starts.
    let server = MockServer::start().await;
    let all: Vec<String> = (0..60).map(|i| format!("i{i}")).collect();
    for start in [0usize, 20, 40] {
        let ids: Vec<&str> = all[start..start + 20].iter().map(String::as_str).collect();
        let next = if start == 40 {
            Value::Null
        } else {
            json!(start + 20)
        };
        Mock::given(path("/items"))
            .and(query_param("from", start.to_string().as_str()))
            .and(query_param("limit", "100"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"data": items(&ids), "metadata": {"next": next}})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server).await;
    let got: Vec<String> = client
        .list_items()
        .limit(100)
        .items()
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(got, all);
}

#[tokio::test]
async fn a_numeric_next_is_the_next_offset() {
    let server = MockServer::start().await;
    offset_page(
        &server,
        "0",
        json!({"data": items(&["a", "b"]), "metadata": {"next": 7}}),
        200,
    )
    .await;
    offset_page(
        &server,
        "7",
        json!({"data": items(&["h"]), "metadata": {"next": null}}),
        200,
    )
    .await;
    let (ids, err) = collect_ids(&client(&server).await).await;
    assert_eq!(ids, ["a", "b", "h"]);
    assert_eq!(err, None);
}

#[tokio::test]
async fn an_offset_that_does_not_advance_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(path("/items"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": items(&["a"]), "metadata": {"next": 0}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (ids, err) = collect_ids(&client(&server).await).await;
    assert_eq!(ids, ["a"]);
    let err = err.expect("an error ends the stream");
    assert!(err.contains("already requested"), "{err}");
}

#[tokio::test]
async fn the_page_cap_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    offset_page(&server, "0", json!({"data": items(&["a", "b"])}), 200).await;
    offset_page(&server, "2", json!({"data": items(&["c", "d"])}), 200).await;
    let client = api::Client::builder()
        .base_url(server.uri())
        .max_pages(2)
        .build()
        .unwrap();
    let (ids, err) = collect_ids(&client).await;
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let err = err.expect("the cap is an error");
    assert!(err.contains("max_pages"), "{err}");
}

/// A cap of zero pages reads none: the stream's one item is the cap's error,
/// and the server sees no request.
#[tokio::test]
async fn a_page_cap_of_zero_reads_no_page() {
    let server = MockServer::start().await;
    Mock::given(path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": items(&["a"])})))
        .expect(0)
        .mount(&server)
        .await;
    let client = api::Client::builder()
        .base_url(server.uri())
        .max_pages(0)
        .build()
        .unwrap();
    let (ids, err) = collect_ids(&client).await;
    assert!(ids.is_empty(), "{ids:?}");
    let err = err.expect("the cap is an error");
    assert!(
        err.contains("cap of 0") && err.contains("max_pages"),
        "{err}"
    );
}

#[tokio::test]
async fn a_last_page_exactly_limit_long_needs_one_empty_page() {
    let server = MockServer::start().await;
    offset_page(&server, "0", json!({"data": items(&["a", "b"])}), 200).await;
    offset_page(&server, "2", json!({"data": items(&["c", "d"])}), 200).await;
    offset_page(&server, "4", json!({"data": []}), 200).await;
    let (ids, err) = collect_ids(&client(&server).await).await;
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(err, None);
}

#[tokio::test]
async fn a_null_next_marker_ends_without_another_request() {
    let server = MockServer::start().await;
    offset_page(
        &server,
        "0",
        json!({"data": items(&["a", "b"]), "metadata": {"next": 2}}),
        200,
    )
    .await;
    offset_page(
        &server,
        "2",
        json!({"data": items(&["c", "d"]), "metadata": {"next": null}}),
        200,
    )
    .await;
    let (ids, _) = collect_ids(&client(&server).await).await;
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn an_empty_list_is_an_empty_stream() {
    let server = MockServer::start().await;
    offset_page(&server, "0", json!({"data": []}), 200).await;
    let (ids, err) = collect_ids(&client(&server).await).await;
    assert!(ids.is_empty());
    assert_eq!(err, None);
}

#[tokio::test]
async fn an_error_on_page_three_surfaces_after_the_first_pages() {
    let server = MockServer::start().await;
    offset_page(&server, "0", json!({"data": items(&["a", "b"])}), 200).await;
    offset_page(&server, "2", json!({"data": items(&["c", "d"])}), 200).await;
    offset_page(&server, "4", json!({"message": "database on fire"}), 500).await;
    let client = client(&server).await;
    let results: Vec<_> = client.list_items().items().collect().await;
    assert_eq!(results.len(), 5, "four items then the error, then the end");
    assert!(results[..4].iter().all(Result::is_ok));
    match &results[4] {
        Err(cde_runtime::Error::Api(err)) => {
            assert_eq!(err.status.as_u16(), 500);
            assert!(
                matches!(&err.body, api::types::ListItemsError::Status500(p) if p.message.as_deref() == Some("database on fire"))
            );
        }
        other => panic!("expected the documented 500, got {other:?}"),
    }
}

#[tokio::test]
async fn caller_filters_and_limit_are_kept_on_every_page() {
    let server = MockServer::start().await;
    for (from, ids) in [("0", vec!["a", "b", "c"]), ("3", vec!["d"]), ("4", vec![])] {
        Mock::given(path("/items"))
            .and(query_param("from", from))
            .and(query_param("limit", "3"))
            .and(query_param("name", "x"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": items(&ids)})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server).await;
    let ids: Vec<String> = client
        .list_items()
        .name("x")
        .limit(3)
        .items()
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let server = MockServer::start().await;
    offset_page(&server, "0", json!({"data": items(&["a", "b"])}), 200).await;
    let client = client(&server).await;
    let first_two: Vec<_> = client.list_items().items().take(2).collect().await;
    assert_eq!(first_two.len(), 2);
    // Only the first page was requested (the mock for it expects exactly one call).
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn cursor_pages_follow_the_last_id_until_has_more_is_false() {
    let server = MockServer::start().await;
    cursor_pages(
        &server,
        vec![
            (None, json!({"data": items(&["a", "b"]), "has_more": true})),
            (Some("b"), json!({"data": items(&["c"]), "has_more": true})),
            (Some("c"), json!({"data": items(&["d"]), "has_more": false})),
        ],
    )
    .await;
    let ids = cursor_ids(&server).await;
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn link_headers_are_followed_on_the_same_origin_only() {
    let server = MockServer::start().await;
    let uri = server.uri();
    first_linked_page(&server, &format!("<{uri}/linked?page=2>; rel=\"next\"")).await;
    Mock::given(path("/linked"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(items(&["b"]))
                // Another origin: never followed (credentials must not leak),
                // and an error, not a silent end.
                .insert_header(
                    "Link",
                    "<http://elsewhere.invalid/linked?page=3>; rel=\"next\"",
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let results: Vec<_> = client.list_linked().items().collect().await;
    let ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b"], "{results:?}");
    match results.last() {
        Some(Err(cde_runtime::Error::Pagination(reason))) => {
            assert!(reason.contains("another origin"), "{reason}");
        }
        other => panic!("expected the other origin to be refused, got {other:?}"),
    }
}

#[tokio::test]
async fn a_huge_link_to_another_origin_is_quoted_bounded_in_the_error() {
    let server = MockServer::start().await;
    let far = format!(
        "<http://elsewhere.invalid/{}?page=2>; rel=\"next\"",
        "x".repeat(200_000)
    );
    first_linked_page(&server, &far).await;
    let client = client(&server).await;
    let results: Vec<_> = client.list_linked().items().collect().await;
    assert_eq!(results.len(), 2, "{} results", results.len());
    let Some(Err(err @ cde_runtime::Error::Pagination(reason))) = results.last() else {
        panic!("expected a pagination error, got {:?}", results.last());
    };
    assert!(reason.contains("another origin"), "{reason}");
    assert!(reason.len() < 8192, "the reason has {} bytes", reason.len());
    assert!(err.to_string().len() < 8192);
}

#[tokio::test]
async fn a_relative_link_is_resolved_and_a_link_to_the_same_page_ends_in_an_error() {
    let server = MockServer::start().await;
    first_linked_page(&server, "<linked?page=2>; rel=\"next\"").await;
    Mock::given(path("/linked"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(items(&["b"]))
                .insert_header("Link", "</linked?page=2>; rel=\"next\""),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let results: Vec<_> = client.list_linked().items().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[1].as_ref().unwrap().id, "b");
    assert!(matches!(
        &results[2],
        Err(cde_runtime::Error::Pagination(_))
    ));
}

#[tokio::test]
async fn a_cursor_that_does_not_advance_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(path("/cursor"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": items(&["a"]), "has_more": true})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let results: Vec<_> = client.list_cursor().items().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(matches!(
        &results[2],
        Err(cde_runtime::Error::Pagination(_))
    ));
}

#[tokio::test]
async fn options_given_to_the_stream_apply_to_every_page() {
    let server = MockServer::start().await;
    for (from, ids) in [
        ("0", items(&["a", "b"])),
        ("2", items(&["c"])),
        ("3", items(&[])),
    ] {
        Mock::given(method("GET"))
            .and(path("/items"))
            .and(query_param("from", from))
            .and(wiremock::matchers::header("x-trace", "t-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": ids })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let options = cde_runtime::RequestOptions::new().header("x-trace", "t-1");
    let client = client(&server).await;
    let stream = client.list_items().limit(2).with_options(options).items();
    let ids: Vec<String> = stream.map(|item| item.unwrap().id).collect().await;
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_cursor_page_without_its_flag_is_followed_until_a_page_is_empty() {
    let server = MockServer::start().await;
    cursor_pages(
        &server,
        vec![
            (None, json!({"data": items(&["a", "b"]), "has_more": true})),
            // No `has_more`: read as if none were declared.
            (Some("b"), json!({"data": items(&["c"])})),
            (Some("c"), json!({"data": items(&[])})),
        ],
    )
    .await;
    let ids = cursor_ids(&server).await;
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test]
async fn more_pages_without_a_cursor_to_ask_for_them_is_an_error() {
    let server = MockServer::start().await;
    cursor_pages(
        &server,
        vec![
            (None, json!({"data": items(&["a"]), "has_more": true})),
            // More pages, says the server, but no item to take a cursor from.
            (Some("a"), json!({"data": [], "has_more": true})),
        ],
    )
    .await;
    let client = client(&server).await;
    let results: Vec<_> = client.list_cursor().items().collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, "a");
    match &results[1] {
        Err(cde_runtime::Error::Pagination(reason)) => {
            assert!(reason.contains("no cursor at `/id`"), "{reason}");
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_link_whose_target_holds_commas_and_whose_rel_lists_two_types_is_followed() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let link = format!(
        "<{uri}/linked?page=1>; rel=\"first\", <{uri}/linked?page=2&ids=a,b>; title=\"page 2, of 2\"; rel=\"next last\""
    );
    first_linked_page(&server, &link).await;
    Mock::given(path("/linked"))
        .and(query_param("page", "2"))
        .and(query_param("ids", "a,b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items(&["b"])))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let ids: Vec<String> = client
        .list_linked()
        .items()
        .map(|i| i.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b"]);
}

#[tokio::test]
async fn a_next_link_that_carries_the_query_api_key_does_not_get_it_twice() {
    let server = MockServer::start().await;
    // Servers that take the key in the query often copy it into their links.
    Mock::given(path("/linked"))
        .and(query_param_is_missing("page"))
        .and(query_param("api_key", "k-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(items(&["a"]))
                .insert_header("Link", "</linked?page=2&api_key=k-1>; rel=\"next\""),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/linked"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items(&[])))
        .expect(1)
        .mount(&server)
        .await;
    let client = api::Client::builder()
        .base_url(server.uri())
        .api_key("queryKey", "k-1")
        .build()
        .unwrap();
    let ids: Vec<String> = client
        .list_linked()
        .items()
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a"]);
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(queries, [Some("api_key=k-1"), Some("page=2&api_key=k-1")]);
}
