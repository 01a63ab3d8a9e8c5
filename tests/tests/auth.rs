//! Credentials for every kind of security scheme, sent only where the spec asks for
//! them, and never shown. A parameter or a header the caller gives under a
//! credential's name is sent instead of it, never beside it; the headers that
//! frame a request or name its host are not the caller's to give.

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

/// Every value `request` carries under `name`.
fn all(request: &Request, name: &str) -> Vec<String> {
    let values = request.headers.get_all(name).iter();
    values.map(|v| v.to_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_header_the_caller_gives_replaces_the_one_the_client_would_send() {
    let server = server().await;
    let client = all_credentials(&server);
    let options = cde_runtime::RequestOptions::new()
        .header("Authorization", "Bearer for-this-call")
        .header("user-agent", "batch-job/2")
        .header("x-api-key", "key-for-this-call");
    client
        .with_bearer()
        .with_options(options.clone())
        .await
        .unwrap();
    let request = last(&server).await;
    assert_eq!(all(&request, "authorization"), ["Bearer for-this-call"]);
    assert_eq!(all(&request, "user-agent"), ["batch-job/2"]);

    client
        .with_header_key()
        .with_options(options)
        .await
        .unwrap();
    assert_eq!(
        all(&last(&server).await, "x-api-key"),
        ["key-for-this-call"]
    );
}

#[tokio::test]
async fn a_cookie_the_caller_gives_joins_the_one_cookie_header() {
    let server = server().await;
    let client = all_credentials(&server);
    let options = cde_runtime::RequestOptions::new().header("cookie", "theme=dark");
    client
        .with_cookie_key()
        .with_options(options.clone())
        .await
        .unwrap();
    assert_eq!(
        all(&last(&server).await, "cookie"),
        [format!("theme=dark; session={SECRET}")]
    );
    // Without cookie credentials, it is the header as given.
    client.public().with_options(options).await.unwrap();
    assert_eq!(all(&last(&server).await, "cookie"), ["theme=dark"]);
}

#[tokio::test]
async fn headers_that_frame_the_request_or_name_its_host_are_refused() {
    let server = server().await;
    let client = all_credentials(&server);
    // `Host` would take the credentials to another site behind the same
    // address; `Content-Length: 5` on a GET left the connection waiting for
    // a body that never comes.
    for (name, value) in [
        ("Host", "other.example"),
        ("content-length", "5"),
        ("Transfer-Encoding", "chunked"),
        ("connection", "close"),
        ("upgrade", "websocket"),
    ] {
        let options = cde_runtime::RequestOptions::new().header(name, value);
        let err = client
            .with_bearer()
            .with_options(options)
            .await
            .unwrap_err();
        let cde_runtime::Error::InvalidInput(invalid) = &err else {
            panic!("{name}: expected an invalid input, got {err:?}");
        };
        let text = invalid.to_string();
        assert!(text.contains(name), "{text}");
        assert!(text.contains("written by the client"), "{text}");
        assert!(!text.contains(value), "the value is not repeated: {text}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_header_parameter_that_is_set_wins_over_credentials_and_extra_headers() {
    let server = server().await;
    let client = all_credentials(&server);
    let options = cde_runtime::RequestOptions::new().header("x-api-key", "extra");
    let delegated = || client.with_key_header_parameter().x_api_key("delegated");
    delegated().await.unwrap();
    assert_eq!(all(&last(&server).await, "x-api-key"), ["delegated"]);
    delegated().with_options(options.clone()).await.unwrap();
    assert_eq!(all(&last(&server).await, "x-api-key"), ["delegated"]);
    // Not set, it leaves the header to the others.
    client
        .with_key_header_parameter()
        .with_options(options)
        .await
        .unwrap();
    assert_eq!(all(&last(&server).await, "x-api-key"), ["extra"]);
    client.with_key_header_parameter().await.unwrap();
    assert_eq!(all(&last(&server).await, "x-api-key"), [SECRET]);
}

#[tokio::test]
async fn an_operations_header_parameter_replaces_the_path_items_of_the_same_name_in_any_case() {
    // The path item's `X-Trace` is a required integer, the operation's
    // `x-trace` a required string: were they two inputs, this call would not
    // compile.
    let server = server().await;
    all_credentials(&server)
        .with_trace_header("abc")
        .await
        .unwrap();
    assert_eq!(all(&last(&server).await, "x-trace"), ["abc"]);
}

#[tokio::test]
async fn header_parameters_named_authorization_accept_or_content_type_are_ignored() {
    // OpenAPI says to ignore them: the security schemes and the media types
    // set those headers. Each is `required: true` in the fixture, so these
    // calls would not compile without it, were it an input.
    let server = server().await;
    let client = all_credentials(&server);
    client.with_authorization_parameter().await.unwrap();
    let request = last(&server).await;
    assert_eq!(all(&request, "authorization"), [format!("Bearer {SECRET}")]);
    assert!(!all(&request, "accept").contains(&"application/yaml".to_owned()));
    client.with_content_type_parameter(7).await.unwrap();
    let request = last(&server).await;
    assert_eq!(all(&request, "content-type"), ["application/json"]);
    assert_eq!(request.body, b"7");
    // A caller who must send another `Authorization` gives it as an extra
    // header.
    let options = cde_runtime::RequestOptions::new().header("Authorization", "Bearer delegated");
    client
        .with_authorization_parameter()
        .with_options(options)
        .await
        .unwrap();
    assert_eq!(
        all(&last(&server).await, "authorization"),
        ["Bearer delegated"]
    );
}

#[tokio::test]
async fn a_query_or_cookie_parameter_that_is_set_wins_over_the_api_key_of_its_name() {
    let server = server().await;
    let client = all_credentials(&server);
    client
        .with_key_parameters()
        .api_key("key-of-the-caller")
        .session("session-of-the-caller")
        .await
        .unwrap();
    let request = last(&server).await;
    let keys: Vec<String> = request
        .url
        .query_pairs()
        .filter(|(name, _)| name == "api_key")
        .map(|(_, value)| value.into_owned())
        .collect();
    assert_eq!(keys, ["key-of-the-caller"]);
    assert_eq!(all(&request, "cookie"), ["session=session-of-the-caller"]);

    // Not set, they leave their place to the keys.
    client.with_key_parameters().await.unwrap();
    let request = last(&server).await;
    assert_eq!(
        request.url.query(),
        Some(format!("api_key={SECRET}").as_str())
    );
    assert_eq!(all(&request, "cookie"), [format!("session={SECRET}")]);
}

#[test]
fn an_api_key_for_a_scheme_no_operation_takes_is_refused_when_the_client_is_built() {
    // A misspelt scheme (the spec's is `headerKey`) would leave every request
    // without its key.
    let built = api::Client::builder()
        .base_url("http://127.0.0.1:9")
        .api_key("headerkey", SECRET)
        .build();
    let err = built.expect_err("an API key for an unknown scheme");
    assert!(
        matches!(&err, cde_runtime::BuildError::UnknownApiKeyScheme { scheme, .. } if scheme == "headerkey"),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.contains(r#"["cookieKey", "headerKey", "queryKey"]"#),
        "{shown}"
    );
    assert!(!shown.contains(SECRET) && !format!("{err:?}").contains(SECRET));
}
