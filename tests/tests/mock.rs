//! The generated mock server driven by the generated client: typed handlers script
//! scenarios, default answers are the documented examples, invalid input never
//! reaches a handler, routing handles paths equal but for parameter names, and
//! the server stops on drop or shutdown.
//!
//! `mock_raw/` tests the same server with raw HTTP, independently of the client.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use cde_api::Client;
use cde_api::types::{
    ConnectorAssignToDevSiteResponse, ConnectorCreateRequest, ConnectorCreateResponse,
    ConnectorShowError, ConnectorShowResponse, ConnectorType, ConnectorVersionState,
    MessageResponse,
};
use cde_runtime::Error;

mod routes {
    cde_macros::generate_client!("fixtures/mock_routes.yaml", mock = true);
}

const TOKEN: &str = "t0k3n";
const ID: &str = "3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411";

fn client(url: &str) -> Client {
    cde_tests::support::client(Client::builder(), url, TOKEN)
}

/// A connector envelope as the default mock answers it, to start scenarios from.
async fn template() -> cde_api::types::ConnectorEnvelope {
    let server = cde_api::mock::start().await.unwrap();
    let mut request = ConnectorCreateRequest::new(ConnectorType::Transform, "template".into());
    request.readme = Some("readme".into());
    client(server.url())
        .connector_create(request)
        .await
        .unwrap()
        .into_body()
}

#[tokio::test]
async fn every_step_of_a_scripted_scenario_is_typed() {
    // A connector that is created, then moves from `created` to
    // `synchronized-to-dev` when it is assigned to its dev site.
    let template = template().await;
    let store: Arc<Mutex<Option<cde_api::types::ConnectorEnvelope>>> = Arc::default();
    let server = cde_api::mock::builder()
        .on_connector_create({
            let store = Arc::clone(&store);
            let template = template.clone();
            move |request: cde_api::mock::ConnectorCreate| {
                let store = Arc::clone(&store);
                let mut created = template.clone();
                async move {
                    created.message = String::from("Connector created.");
                    created.data.name = request.body.connector_name.clone();
                    for version in &mut created.data.versions {
                        version.name = request.body.connector_name.clone();
                        version.state = ConnectorVersionState::Created;
                    }
                    *store.lock().unwrap() = Some(created.clone());
                    ConnectorCreateResponse::Status200(created)
                }
            }
        })
        .on_connector_show({
            let store = Arc::clone(&store);
            move |request: cde_api::mock::ConnectorShow| {
                let found = store
                    .lock()
                    .unwrap()
                    .clone()
                    .filter(|c| c.data.id == request.public_id);
                async move {
                    match found {
                        Some(connector) => ConnectorShowResponse::Status200(connector),
                        None => ConnectorShowResponse::Status404(MessageResponse::new(
                            "Connector not found.".into(),
                        )),
                    }
                }
            }
        })
        .on_connector_assign_to_dev_site({
            let store = Arc::clone(&store);
            move |request: cde_api::mock::ConnectorAssignToDevSite| {
                let mut guard = store.lock().unwrap();
                let response = match guard.as_mut() {
                    Some(connector) if connector.data.id == request.public_id => {
                        let version = &mut connector.data.versions[0];
                        version.state = ConnectorVersionState::SynchronizedToDev;
                        let mut envelope = cde_api::types::ConnectorVersionEnvelope::new(
                            "Connector assigned to dev site.".into(),
                            version.clone(),
                        );
                        envelope.resource = None;
                        ConnectorAssignToDevSiteResponse::Status200(envelope)
                    }
                    _ => ConnectorAssignToDevSiteResponse::Status404(MessageResponse::new(
                        "Connector not found.".into(),
                    )),
                };
                async move { response }
            }
        })
        .start()
        .await
        .unwrap();
    let client = client(server.url());

    let created = client
        .connector_create(ConnectorCreateRequest::new(
            ConnectorType::Transform,
            "omdb".into(),
        ))
        .await
        .unwrap()
        .into_body();
    assert_eq!(created.data.name, "omdb");
    let id = created.data.id;

    let shown = client.connector_show(id).await.unwrap().into_body();
    assert_eq!(shown.data.versions[0].state, ConnectorVersionState::Created);

    let assigned = client
        .connector_assign_to_dev_site(id, "1")
        .await
        .unwrap()
        .into_body();
    assert_eq!(
        assigned.data.state,
        ConnectorVersionState::SynchronizedToDev
    );

    let shown = client.connector_show(id).await.unwrap().into_body();
    assert_eq!(
        shown.data.versions[0].state,
        ConnectorVersionState::SynchronizedToDev
    );

    // An unknown connector: the handler's documented 404, typed on the client.
    let other = cde_runtime::uuid::Uuid::nil();
    match client.connector_show(other).await {
        Err(Error::Api(err)) => match &err.body {
            ConnectorShowError::Status404(body) => {
                assert_eq!(body.message, "Connector not found.")
            }
            other => panic!("expected the documented 404, got {other:?}"),
        },
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn handlers_get_every_input_typed() {
    let seen: Arc<Mutex<Vec<cde_api::mock::ConnectorList>>> = Arc::default();
    let server = cde_api::mock::builder()
        .on_connector_list({
            let seen = Arc::clone(&seen);
            move |request| {
                seen.lock().unwrap().push(request);
                async {
                    cde_api::types::ConnectorListResponse::Status200(
                        cde_api::types::ConnectorList::new(
                            Vec::new(),
                            cde_api::types::ListMetadata::new(0, 0, 0, 0, None),
                        ),
                    )
                }
            }
        })
        .start()
        .await
        .unwrap();
    client(server.url())
        .connector_list()
        .name("omdb")
        .limit(5)
        .from(10)
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].name.as_deref(), Some("omdb"));
    assert_eq!(seen[0].limit, Some(5));
    assert_eq!(seen[0].from, Some(10));
    assert_eq!(seen[0].owners, None);
}

#[tokio::test]
async fn invalid_input_never_reaches_the_handler() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = cde_api::mock::builder()
        .on_connector_create({
            let calls = Arc::clone(&calls);
            move |_request| {
                calls.fetch_add(1, Ordering::SeqCst);
                async { panic!("the handler must not run on invalid input") }
            }
        })
        .start()
        .await
        .unwrap();
    let response = cde_runtime::reqwest::Client::new()
        .post(format!("{}/connectors", server.url()))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"connector-type": "sideways", "connector-name": 5}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["message"], "Bad request.");
    let mut fields: Vec<&str> = body["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["connector-name", "connector-type"]);
    assert_eq!(calls.load(Ordering::SeqCst), 0);

    // A valid request reaches the handler; its panic is answered with a 500.
    let result = client(server.url())
        .connector_create(
            serde_json::from_value::<ConnectorCreateRequest>(
                serde_json::json!({"connector-type": "transform", "connector-name": "x"}),
            )
            .unwrap(),
        )
        .await;
    assert!(
        matches!(
            result,
            Err(Error::Transport(_)) | Err(Error::UnexpectedStatus(_))
        ),
        "a panicking handler answers 500 (undocumented), got {result:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn missing_credentials_get_the_documented_401() {
    let server = cde_api::mock::start().await.unwrap();
    let anonymous = Client::builder().base_url(server.url()).build().unwrap();
    match anonymous.connector_show(ID).await {
        Err(Error::Api(err)) => {
            assert_eq!(err.status, 401);
            assert!(matches!(err.body, ConnectorShowError::Status401(_)));
        }
        other => panic!("expected the documented 401, got {other:?}"),
    }
}

#[tokio::test]
async fn every_documented_default_answer_decodes_on_the_client() {
    let server = cde_api::mock::start().await.unwrap();
    let client = client(server.url());
    // A sample of operations of every shape: list, create, show, upload, no body.
    client.connector_list().await.unwrap();
    client.connector_show(ID).await.unwrap();
    client.run_list().await.unwrap();
    client
        .connector_version_upload_logo(
            ID,
            "1",
            cde_api::types::ConnectorVersionUploadLogoForm::new(
                cde_runtime::FilePart::new(&b"\x89PNG"[..])
                    .file_name("logo.png")
                    .content_type("image/png"),
            ),
        )
        .await
        .unwrap();
    let items: Vec<_> = {
        use cde_runtime::futures::StreamExt;
        client.connector_list().items().collect().await
    };
    assert!(items.iter().all(Result::is_ok), "{items:?}");
}

#[tokio::test]
async fn routes_tell_apart_paths_equal_but_for_parameter_names() {
    let deleted: Arc<Mutex<Vec<String>>> = Arc::default();
    let server = routes::mock::builder()
        .on_delete_item({
            let deleted = Arc::clone(&deleted);
            move |request| {
                deleted.lock().unwrap().push(request.name);
                async { routes::types::DeleteItemResponse::Status204(()) }
            }
        })
        .on_get_item(|request| async move {
            let mut item = routes::types::Item::new(request.id, format!("item {}", request.id));
            item.tags = request.fields;
            routes::types::GetItemResponse::Status200(item)
        })
        .start()
        .await
        .unwrap();
    assert!(
        server.url().ends_with("/v2"),
        "serves under the spec's server path: {}",
        server.url()
    );
    let client = routes::Client::builder()
        .base_url(server.url())
        .api_key("key", "k")
        .build()
        .unwrap();

    let item = client
        .get_item(42)
        .fields(vec![String::from("a"), String::from("b")])
        .x_trace("trace")
        .await
        .unwrap()
        .into_body();
    assert_eq!(item.id, 42);
    assert_eq!(item.tags, Some(vec![String::from("a"), String::from("b")]));

    client.delete_item("old one").await.unwrap();
    assert_eq!(*deleted.lock().unwrap(), ["old one"]);

    // The literal segment wins over `{id}`, and needs no key (`security: []`).
    let anonymous = cde_tests::support::anonymous_client(routes::Client::builder(), server.url());
    let found = anonymous.search_items("x").await.unwrap().into_body();
    assert!(found.is_empty());

    // `{id}` has `minimum: 1`: the bound is checked by the server too.
    let raw = cde_runtime::reqwest::Client::new()
        .get(format!("{}/items/0", server.url()))
        .header("X-Api-Key", "k")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert!(body["errors"]["id"].is_string(), "{body}");

    // Without the key: 401 with a problem document (no 401 is documented).
    match anonymous.get_item(1).await {
        Err(Error::UnexpectedStatus(failed)) => assert_eq!(failed.status, 401),
        other => panic!("expected an undocumented 401, got {other:?}"),
    }
}

#[tokio::test]
async fn path_parameters_are_read_by_their_place_in_the_path() {
    let tagged: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
    let server = routes::mock::builder()
        .on_tag_item({
            let tagged = Arc::clone(&tagged);
            move |request| {
                tagged.lock().unwrap().push((request.id, request.tag));
                async { routes::types::TagItemResponse::Status204(()) }
            }
        })
        .start()
        .await
        .unwrap();
    let client = routes::Client::builder()
        .base_url(server.url())
        .api_key("key", "k")
        .build()
        .unwrap();
    // The arguments follow the declaration (`tag`, then `id`); the path is
    // `/items/{id}/tags/{tag}`.
    client.tag_item("blue", 9).await.unwrap();
    assert_eq!(*tagged.lock().unwrap(), [(9, String::from("blue"))]);
}

#[tokio::test]
async fn multipart_bodies_arrive_typed() {
    let got: Arc<Mutex<Option<routes::types::UploadItemForm>>> = Arc::default();
    let server = routes::mock::builder()
        .on_upload_item({
            let got = Arc::clone(&got);
            move |request| {
                let item = routes::types::Item::new(1, request.body.name.clone());
                *got.lock().unwrap() = Some(request.body);
                async { routes::types::UploadItemResponse::Status201(item) }
            }
        })
        .start()
        .await
        .unwrap();
    let client = routes::Client::builder()
        .base_url(server.url())
        .api_key("key", "k")
        .build()
        .unwrap();
    let mut form = routes::types::UploadItemForm::new(
        "logo".into(),
        cde_runtime::FilePart::new(&b"bytes \x00\xff"[..])
            .file_name("logo.bin")
            .content_type("application/octet-stream"),
    );
    form.count = Some(3);
    let item = client.upload_item(form.clone()).await.unwrap().into_body();
    assert_eq!(item.name, "logo");
    assert_eq!(got.lock().unwrap().as_ref(), Some(&form));
}

#[tokio::test]
async fn query_objects_and_headers_are_read() {
    let seen: Arc<Mutex<Option<routes::mock::SearchItems>>> = Arc::default();
    let server = routes::mock::builder()
        .on_search_items({
            let seen = Arc::clone(&seen);
            move |request| {
                *seen.lock().unwrap() = Some(request);
                async { routes::types::SearchItemsResponse::Status200(Vec::new()) }
            }
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(routes::Client::builder(), server.url());
    let mut filter = routes::types::SearchItemsFilter::new();
    filter.min = Some(2);
    filter.max = Some(9);
    client
        .search_items("needle")
        .filter(filter.clone())
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone().unwrap();
    assert_eq!(seen.q, "needle");
    assert_eq!(seen.filter, Some(filter));
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let server = cde_api::mock::start().await.unwrap();
    let addr = server.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    server.shutdown().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "still listening after shutdown"
    );

    let server = cde_api::mock::start().await.unwrap();
    let addr = server.addr();
    drop(server);
    // The listener closes on the server's task; give it a moment to run.
    let mut closed = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(closed, "still listening after drop");
}
