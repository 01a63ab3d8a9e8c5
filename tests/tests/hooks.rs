//! Hooks (fixture `tests/fixtures/redirects.yaml`): run around every request
//! the client sends (each redirect hop, each retry), after its redirect and
//! credential rules; what `before_send` adds is sent.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cde_runtime::Retry;
use cde_runtime::reqwest::{Request, Response};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/redirects.yaml");
}

/// Notes each request and response it sees, and tags each request.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

impl cde_runtime::Hooks for Recorder {
    fn before_send(&self, request: &mut Request) {
        let credentials = request.headers().contains_key("authorization");
        let origin = request.url().port().unwrap_or(0);
        self.seen.lock().unwrap().push(format!(
            "send {} {} to {origin}, credentials: {credentials}",
            request.method(),
            request.url().path()
        ));
        let tag = cde_runtime::reqwest::header::HeaderValue::from_static("hooked");
        request.headers_mut().insert("x-hook", tag);
    }

    fn after_receive(&self, response: &Response) {
        let status = response.status().as_u16();
        self.seen.lock().unwrap().push(format!("received {status}"));
    }
}

#[tokio::test]
async fn hooks_run_around_every_request_after_the_client_rules() {
    let (server, other) = (MockServer::start().await, MockServer::start().await);
    let elsewhere = format!("{}/landing", other.uri());
    Mock::given(path("/bearer"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/moved"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .with_priority(1)
        .mount(&server)
        .await;
    // The query-key call fails once with a 503, then succeeds.
    Mock::given(method("GET"))
        .and(path("/query-key"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    for server in [&server, &other] {
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(204))
            .mount(server)
            .await;
    }
    let hooks = Recorder::default();
    let client = api::Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .api_key("queryKey", "key")
        .retry(Retry::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .follow_cross_origin_redirects(true)
        .hooks(hooks.clone())
        .build()
        .unwrap();
    client.with_bearer().await.unwrap();
    client.with_query_key().await.unwrap();

    let (own, away) = (server.address().port(), other.address().port());
    let seen = hooks.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            format!("send GET /bearer to {own}, credentials: true"),
            String::from("received 302"),
            format!("send GET /moved to {own}, credentials: true"),
            String::from("received 302"),
            // The hop to another origin carries no credentials.
            format!("send GET /landing to {away}, credentials: false"),
            String::from("received 204"),
            // A retry runs the hooks again.
            format!("send GET /query-key to {own}, credentials: false"),
            String::from("received 503"),
            format!("send GET /query-key to {own}, credentials: false"),
            String::from("received 204"),
        ]
    );
    // What a hook adds is sent.
    let landed = other.received_requests().await.unwrap();
    assert_eq!(landed[0].headers["x-hook"], "hooked");
}
