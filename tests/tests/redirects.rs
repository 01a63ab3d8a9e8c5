//! Redirects and origins (fixture `tests/fixtures/redirects.yaml`), against two
//! loopback servers on different ports, so two origins:
//!
//! - a redirect on the same origin is followed, every kind of credential going
//!   along; 303 (and 302 of a POST) continue as a GET without the body, 307
//!   keeps method and body; more than ten is an error;
//! - a redirect to another origin is an `Error::Redirect` naming its
//!   `Location`, the other server seeing nothing; when the caller opts in it
//!   is followed bare (no credential, no cookie, no `Referer`), except one that
//!   would carry the body, never followed;
//! - a redirect the operation documents is its answer, not followed;
//! - a `reqwest::ClientBuilder` that follows redirects itself changes none of
//!   this;
//! - one `Cookie` header for a cookie parameter and a cookie API key; cookie
//!   values checked; a base URL with a password refused without showing it;
//! - a `format: password` input is a `SecretString`: sent as it is, never
//!   shown by `Debug` nor repeated in an error; an operation builder's `Debug`
//!   names its inputs and extra headers without their values; a response's
//!   and a documented error's `Debug` hide a `Set-Cookie` the server sends.

use cde_runtime::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/redirects.yaml");
}

const SECRET: &str = "s3cr3t-value";

fn client(base: &MockServer) -> cde_runtime::ClientBuilder<api::Client> {
    api::Client::builder()
        .base_url(base.uri())
        .bearer_token(SECRET)
        .basic_auth("ann", SECRET)
        .api_key("headerKey", SECRET)
        .api_key("queryKey", SECRET)
        .api_key("cookieKey", SECRET)
}

/// `server` answers `from` with a `status` redirect to `to`.
async fn redirect(server: &MockServer, verb: &str, from: &str, status: u16, to: &str) {
    Mock::given(method(verb))
        .and(path(from))
        .respond_with(ResponseTemplate::new(status).insert_header("location", to))
        .mount(server)
        .await;
}

/// `server` answers anything else with 204.
async fn done(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// Whether anything of the credentials is in `request`.
fn carries_a_credential(request: &Request) -> bool {
    let query = request.url.query().unwrap_or("");
    request.headers.contains_key("authorization")
        || request.headers.contains_key("x-api-key")
        || request.headers.contains_key("cookie")
        || query.contains(SECRET)
}

/// A call's outcome, whatever the operation: `Ok`, or the error's text.
fn outcome<T, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Result<(), String> {
    result.map(drop).map_err(|err| err.to_string())
}

/// The redirect a call did not follow.
fn unfollowed<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> cde_runtime::FailedResponse {
    match result {
        Err(Error::Redirect(failed)) => *failed,
        other => panic!("expected a redirect error, got {other:?}"),
    }
}

/// Calls each operation with its kind of credential.
async fn call_each(client: &api::Client) -> Vec<(&'static str, Result<(), String>)> {
    vec![
        ("bearer", outcome(client.with_bearer().await)),
        ("basic", outcome(client.with_basic().await)),
        ("header", outcome(client.with_header_key().await)),
        ("query", outcome(client.with_query_key().await)),
        ("cookie", outcome(client.with_cookie_key().await)),
    ]
}

#[tokio::test]
async fn a_redirect_on_the_same_origin_is_followed_with_every_credential() {
    let base = MockServer::start().await;
    for from in [
        "/bearer",
        "/basic",
        "/header-key",
        "/query-key",
        "/cookie-key",
    ] {
        redirect(&base, "GET", from, 302, &format!("/moved{from}")).await;
    }
    done(&base).await;
    let client = client(&base).build().unwrap();
    for (scheme, outcome) in call_each(&client).await {
        assert_eq!(outcome, Ok(()), "{scheme}");
    }
    let moved: Vec<Request> = requests(&base)
        .await
        .into_iter()
        .filter(|r| r.url.path().starts_with("/moved"))
        .collect();
    assert_eq!(moved.len(), 5);
    for request in &moved {
        assert!(carries_a_credential(request), "{}", request.url);
        assert!(!request.headers.contains_key("referer"), "{}", request.url);
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_an_error_naming_its_location() {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    let elsewhere = format!("{}/landing", other.uri());
    for from in [
        "/bearer",
        "/basic",
        "/header-key",
        "/query-key",
        "/cookie-key",
    ] {
        redirect(&base, "GET", from, 302, &elsewhere).await;
    }
    done(&other).await;
    let client = client(&base).build().unwrap();
    let refused = [
        unfollowed(client.with_bearer().await),
        unfollowed(client.with_basic().await),
        unfollowed(client.with_header_key().await),
        unfollowed(client.with_query_key().await),
        unfollowed(client.with_cookie_key().await),
    ];
    for failed in refused {
        assert_eq!(failed.status, 302);
        assert_eq!(failed.headers["location"], elsewhere.as_str());
        let detail = failed.detail.unwrap_or_default();
        assert!(detail.contains(&elsewhere), "{detail}");
    }
    assert!(requests(&other).await.is_empty());
}

#[tokio::test]
async fn a_cross_origin_redirect_the_caller_allows_goes_without_credentials() {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    for from in [
        "/bearer",
        "/basic",
        "/header-key",
        "/query-key",
        "/cookie-key",
    ] {
        redirect(&base, "GET", from, 302, &format!("{}/landing", other.uri())).await;
    }
    done(&other).await;
    let client = client(&base)
        .follow_cross_origin_redirects(true)
        .build()
        .unwrap();
    for (scheme, outcome) in call_each(&client).await {
        assert_eq!(outcome, Ok(()), "{scheme}");
    }
    let landed = requests(&other).await;
    assert_eq!(landed.len(), 5);
    for request in &landed {
        assert!(!carries_a_credential(request), "{:?}", request.headers);
        assert!(!request.headers.contains_key("referer"));
    }
}

#[tokio::test]
async fn extra_headers_go_to_the_own_origin_only() {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    redirect(&base, "GET", "/bearer", 302, "/moved").await;
    redirect(
        &base,
        "GET",
        "/moved",
        302,
        &format!("{}/landing", other.uri()),
    )
    .await;
    done(&other).await;
    let client = client(&base)
        .follow_cross_origin_redirects(true)
        .build()
        .unwrap();
    let options = cde_runtime::RequestOptions::new().header("x-tenant-token", SECRET);
    client.with_bearer().with_options(options).await.unwrap();
    let own = requests(&base).await;
    assert_eq!(own.len(), 2, "the call and the same-origin hop");
    for request in &own {
        assert_eq!(request.headers["x-tenant-token"], SECRET);
    }
    let landed = requests(&other).await;
    assert_eq!(landed.len(), 1);
    assert!(!landed[0].headers.contains_key("x-tenant-token"));
    assert!(!carries_a_credential(&landed[0]));
}

#[tokio::test]
async fn an_extra_header_is_checked_like_a_header_parameter() {
    let base = MockServer::start().await;
    done(&base).await;
    let client = client(&base).build().unwrap();
    let options =
        cde_runtime::RequestOptions::new().header("x-note", "a\r\nx-injected: s3cr3t-value");
    let err = client
        .with_bearer()
        .with_options(options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains("x-note") && !shown.contains(SECRET),
        "{shown}"
    );
    assert!(requests(&base).await.is_empty(), "nothing is sent");
}

#[tokio::test]
async fn a_redirect_that_would_carry_the_body_elsewhere_is_never_followed() {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    redirect(
        &base,
        "POST",
        "/items",
        307,
        &format!("{}/items", other.uri()),
    )
    .await;
    done(&other).await;
    let client = client(&base)
        .follow_cross_origin_redirects(true)
        .build()
        .unwrap();
    let body = api::types::CreateItemBody::new();
    let detail = unfollowed(client.create_item(body).await)
        .detail
        .unwrap_or_default();
    assert!(detail.contains("body"), "{detail}");
    assert!(requests(&other).await.is_empty());
}

#[tokio::test]
async fn methods_and_bodies_follow_the_redirect_status() {
    let base = MockServer::start().await;
    redirect(&base, "POST", "/items", 303, "/seen-other").await;
    redirect(&base, "POST", "/seen-other", 307, "/kept").await;
    done(&base).await;
    let client = client(&base).build().unwrap();
    let mut body = api::types::CreateItemBody::new();
    body.name = Some(String::from("kept"));
    client.create_item(body.clone()).await.unwrap();
    let seen = requests(&base).await;
    // 303: a GET without the body, where the 307 rule never applies.
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].method.as_str(), "GET");
    assert_eq!(seen[1].url.path(), "/seen-other");
    assert!(seen[1].body.is_empty());

    let base = MockServer::start().await;
    redirect(&base, "POST", "/items", 307, "/kept").await;
    done(&base).await;
    let client = self::client(&base).build().unwrap();
    client.create_item(body).await.unwrap();
    let seen = requests(&base).await;
    // 307: the same method and body, credentials too.
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].method.as_str(), "POST");
    assert_eq!(seen[1].url.path(), "/kept");
    assert_eq!(seen[1].body, seen[0].body);
    assert!(carries_a_credential(&seen[1]));
}

#[tokio::test]
async fn more_than_ten_redirects_are_an_error() {
    let base = MockServer::start().await;
    redirect(&base, "GET", "/bearer", 302, "/bearer").await;
    let client = client(&base).build().unwrap();
    let detail = unfollowed(client.with_bearer().await)
        .detail
        .unwrap_or_default();
    assert!(detail.contains("more than 10 redirects"), "{detail}");
    assert_eq!(requests(&base).await.len(), 11);
}

#[tokio::test]
async fn a_documented_redirect_is_the_answer() {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    let archive = format!("{}/archive.tar", other.uri());
    redirect(&base, "GET", "/archive", 302, &archive).await;
    done(&other).await;
    let client = client(&base).build().unwrap();
    match client.download_archive().await {
        Err(Error::Api(answer)) => {
            assert_eq!(answer.status, 302);
            assert_eq!(answer.headers["location"], archive.as_str());
        }
        other => panic!("expected the documented 302, got {other:?}"),
    }
    assert!(requests(&other).await.is_empty());
    assert_eq!(requests(&base).await.len(), 1);
}

#[tokio::test]
async fn a_reqwest_builder_that_follows_redirects_follows_none_itself() {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    redirect(
        &base,
        "GET",
        "/header-key",
        302,
        &format!("{}/x", other.uri()),
    )
    .await;
    done(&other).await;
    let http = cde_runtime::reqwest::Client::builder()
        .redirect(cde_runtime::reqwest::redirect::Policy::limited(10))
        .referer(true);
    let client = client(&base).http_client(http).build().unwrap();
    unfollowed(client.with_header_key().await);
    assert!(requests(&other).await.is_empty());
}

#[tokio::test]
async fn one_cookie_header_carries_cookie_parameters_and_the_cookie_key() {
    let base = MockServer::start().await;
    done(&base).await;
    let client = client(&base).build().unwrap();
    client.with_cookie_key().theme("dark").await.unwrap();
    let sent = &requests(&base).await[0];
    let cookies: Vec<_> = sent.headers.get_all("cookie").iter().collect();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    assert_eq!(cookies[0], &format!("theme=dark; session={SECRET}"));
    // A value a cookie cannot carry is refused, and not echoed.
    for bad in ["a;b", "a b", "a\"b", "a\\b", "a,b", "\u{7f}"] {
        match client.with_cookie_key().theme(bad).await {
            Err(Error::InvalidInput(err)) => {
                assert_eq!(err.name(), "theme");
                assert!(!err.to_string().contains(bad), "{err}");
            }
            other => panic!("{bad:?}: expected invalid input, got {other:?}"),
        }
    }
    assert_eq!(requests(&base).await.len(), 1);
}

#[test]
fn a_base_url_with_a_password_is_refused_without_showing_it() {
    for url in [
        "https://zed-user:hunter2@api.example.com/v1",
        "https://zed-user@api.example.com",
    ] {
        let builder = api::Client::builder().base_url(url);
        let configured = format!("{builder:?}");
        let err = builder.build().unwrap_err();
        let shown = format!("{err} {err:?} {configured}");
        assert!(shown.contains("user name or password"), "{shown}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("zed-user"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn a_password_input_is_sent_but_never_shown() {
    let base = MockServer::start().await;
    done(&base).await;
    let client = client(&base).build().unwrap();
    let body = api::types::LogInBody::new(String::from("zed"), "hunter2".into());
    let shown = format!("{body:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    client
        .log_in(body.clone())
        .x_one_time_code("424242")
        .await
        .unwrap();
    let sent = &requests(&base).await[0];
    let json: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(json["password"], "hunter2");
    assert_eq!(sent.headers["x-one-time-code"], "424242");
    // A value a header cannot carry is refused without repeating it.
    match client.log_in(body).x_one_time_code("42\r\n4242").await {
        Err(Error::InvalidInput(err)) => {
            assert_eq!(err.name(), "X-One-Time-Code");
            assert!(!format!("{err} {err:?}").contains("4242"), "{err}");
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
    assert_eq!(requests(&base).await.len(), 1);
}

#[test]
fn an_operation_builder_never_shows_its_inputs_values_in_debug() {
    let client = api::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let body = api::types::LogInBody::new(String::from("zed"), "hunter2".into());
    let builder = client
        .log_in(body)
        .x_one_time_code("424242")
        .with_options(cde_runtime::RequestOptions::new().header("x-trace", "tr-777"));
    let shown = format!("{builder:?}");
    for secret in ["hunter2", "424242", "tr-777"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    // What was given is still named.
    for named in ["X-One-Time-Code", "application/json", "x-trace"] {
        assert!(shown.contains(named), "{named} not in {shown}");
    }
}

#[tokio::test]
async fn a_session_cookie_the_server_sets_is_not_shown_by_debug() {
    let base = MockServer::start().await;
    let session = "session=s3ss10n-v4lue; HttpOnly";
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(wiremock::matchers::header("x-one-time-code", "1"))
        .respond_with(ResponseTemplate::new(204).insert_header("set-cookie", session))
        .mount(&base)
        .await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("set-cookie", session)
                .insert_header("x-request-id", "r-1")
                .set_body_json(serde_json::json!({ "message": "locked" })),
        )
        .mount(&base)
        .await;
    let client = client(&base).build().unwrap();
    let body = api::types::LogInBody::new(String::from("zed"), "hunter2".into());

    let answer = client
        .log_in(body.clone())
        .x_one_time_code("1")
        .await
        .unwrap();
    assert_eq!(answer.headers()["set-cookie"], session);
    let shown = format!("{answer:?}");
    assert!(!shown.contains("s3ss10n"), "{shown}");
    assert!(shown.contains("set-cookie"), "{shown}");

    let err = client.log_in(body).await.unwrap_err();
    let Error::Api(api_error) = &err else {
        panic!("expected the documented 403, got {err:?}");
    };
    assert_eq!(api_error.headers["set-cookie"], session);
    let shown = format!("{err:?}");
    assert!(!shown.contains("s3ss10n"), "{shown}");
    // Other headers are shown as they are.
    assert!(shown.contains("r-1") && shown.contains("locked"), "{shown}");
}
