//! Credentials for every kind of security scheme, sent only where the spec asks for
//! them, and never shown.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/auth.yaml");
}

const SECRET: &str = "s3cr3t-value";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn all_credentials(server: &MockServer) -> api::Client {
    api::Client::builder()
        .base_url(server.uri())
        .bearer_token(SECRET)
        .basic_auth("ann", SECRET)
        .api_key("headerKey", SECRET)
        .api_key("queryKey", SECRET)
        .api_key("cookieKey", SECRET)
        .build()
        .unwrap()
}

async fn last(server: &MockServer) -> Request {
    server.received_requests().await.unwrap().pop().unwrap()
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn each_scheme_sends_its_credential_where_the_spec_says() {
    let server = server().await;
    let client = all_credentials(&server);

    client.with_bearer().await.unwrap();
    assert_eq!(
        header(&last(&server).await, "authorization").as_deref(),
        Some("Bearer s3cr3t-value")
    );

    client.with_basic().await.unwrap();
    // base64("ann:s3cr3t-value")
    assert_eq!(
        header(&last(&server).await, "authorization").as_deref(),
        Some("Basic YW5uOnMzY3IzdC12YWx1ZQ==")
    );

    client.with_header_key().await.unwrap();
    let request = last(&server).await;
    assert_eq!(header(&request, "x-api-key").as_deref(), Some(SECRET));
    assert_eq!(header(&request, "authorization"), None);

    client.with_query_key().q("x").await.unwrap();
    assert_eq!(
        last(&server).await.url.query(),
        Some("q=x&api_key=s3cr3t-value")
    );

    client.with_cookie_key().await.unwrap();
    assert_eq!(
        header(&last(&server).await, "cookie").as_deref(),
        Some("session=s3cr3t-value")
    );
}

#[tokio::test]
async fn security_none_sends_nothing_even_when_configured() {
    let server = server().await;
    all_credentials(&server).public().await.unwrap();
    let request = last(&server).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "x-api-key"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn the_first_alternative_the_client_has_credentials_for_is_used() {
    let server = server().await;
    let basic_only = api::Client::builder()
        .base_url(server.uri())
        .basic_auth("ann", SECRET)
        .build()
        .unwrap();
    basic_only.with_either().await.unwrap();
    let request = last(&server).await;
    assert!(
        header(&request, "authorization")
            .unwrap()
            .starts_with("Basic ")
    );
    assert_eq!(header(&request, "x-api-key"), None);

    all_credentials(&server).with_either().await.unwrap();
    let request = last(&server).await;
    assert_eq!(header(&request, "x-api-key").as_deref(), Some(SECRET));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let server = server().await;
    let client = all_credentials(&server);
    let shown = format!("{client:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("ann"), "the user name may show: {shown}");

    // A query API key must not leak through a transport error's URL.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let offline = api::Client::builder()
        .base_url(format!("http://{closed}"))
        .api_key("queryKey", SECRET)
        .build()
        .unwrap();
    let err = offline.with_query_key().await.unwrap_err();
    assert!(matches!(err, cde_runtime::Error::Transport(_)), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("api_key"), "{text}");
    }
}
