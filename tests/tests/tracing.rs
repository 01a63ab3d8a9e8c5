//! Tracing (fixture `tests/fixtures/redirects.yaml`): one span per attempt
//! with OpenTelemetry's HTTP client attributes, and an event for a retry,
//! captured by a subscriber that also scans every field of every span and
//! event for the secrets and query values the calls carried.
//!
//! The only test of its binary: `tracing` caches whether a callsite is
//! enabled, and a test without a subscriber running beside this one on
//! another thread can leave the runtime's span cached as disabled.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cde_runtime::Retry;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/redirects.yaml");
}

const TOKEN: &str = "tok-a1b2c3-secret";
const PASSWORD: &str = "pw-d4e5f6-secret";
const KEY: &str = "key-g7h8i9-secret";
const ONE_TIME: &str = "otc-j0k1l2-secret";
const QUERY: &str = "query-m3n4-value";
const COOKIE: &str = "cookie-o5p6-value";

/// A span as the subscriber saw it: its name and fields (values as text).
#[derive(Debug, Clone, Default)]
struct Captured {
    name: &'static str,
    fields: BTreeMap<String, String>,
}

#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<Captured>>>,
    /// Every event's fields, as text.
    events: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut span = Captured {
            name: attrs.metadata().name(),
            fields: BTreeMap::new(),
        };
        attrs.record(&mut Fields(&mut span.fields));
        // The id, to find the span again when a field is recorded later.
        span.fields
            .insert(String::from("#id"), id.into_u64().to_string());
        self.spans.lock().unwrap().push(span);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut spans = self.spans.lock().unwrap();
        let key = id.into_u64().to_string();
        if let Some(span) = spans.iter_mut().rev().find(|s| s.fields["#id"] == key) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(format!("{fields:?}"));
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    // The query-key call fails once with a 503, then succeeds.
    Mock::given(method("GET"))
        .and(path("/query-key"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> cde_runtime::ClientBuilder<api::Client> {
    api::Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .basic_auth("ann", PASSWORD)
        .api_key("headerKey", KEY)
        .api_key("queryKey", KEY)
        .api_key("cookieKey", KEY)
        .retry(Retry::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
}

#[tokio::test]
async fn one_span_per_attempt_without_a_secret_in_any_field() {
    let server = server().await;
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = client(&server).build().unwrap();
    client.with_bearer().await.unwrap();
    client.with_basic().await.unwrap();
    client.with_header_key().await.unwrap();
    client.with_query_key().q(QUERY).await.unwrap();
    client.with_cookie_key().theme(COOKIE).await.unwrap();
    let body = api::types::LogInBody::new(String::from("ann"), PASSWORD.into());
    client.log_in(body).x_one_time_code(ONE_TIME).await.unwrap();

    let spans = capture.spans.lock().unwrap().clone();
    let named: Vec<&str> = spans
        .iter()
        .map(|s| s.fields["otel.name"].as_str())
        .collect();
    assert_eq!(
        named,
        [
            "GET /bearer",
            "GET /basic",
            "GET /header-key",
            "GET /query-key",
            "GET /query-key",
            "GET /cookie-key",
            "POST /login",
        ]
    );
    let host = server.address().ip().to_string();
    let port = server.address().port().to_string();
    for span in &spans {
        assert_eq!(span.name, "http.client.request");
        assert_eq!(span.fields["otel.kind"], "client");
        assert_eq!(span.fields["server.address"], host);
        assert_eq!(span.fields["server.port"], port);
        let url = &span.fields["url.full"];
        assert!(
            url.starts_with(&server.uri()) && !url.contains('?'),
            "{url}"
        );
    }
    let first = &spans[0].fields;
    assert_eq!(first["operation.id"], "with_bearer");
    assert_eq!(first["http.request.method"], "GET");
    assert_eq!(first["http.response.status_code"], "204");
    assert!(!first.contains_key("http.request.resend_count"));
    assert!(!first.contains_key("error.type"));
    // The query-key call: a 503, then its retry.
    let (failed, retried) = (&spans[3].fields, &spans[4].fields);
    assert_eq!(failed["http.response.status_code"], "503");
    assert_eq!(failed["error.type"], "503");
    assert_eq!(retried["http.request.resend_count"], "1");
    assert_eq!(retried["http.response.status_code"], "204");
    assert_eq!(spans[6].fields["operation.id"], "log_in");

    // The retry is also an event, for logs that show events only.
    let events = capture.events.lock().unwrap().clone();
    let retries: Vec<&String> = events.iter().filter(|e| e.contains("retrying")).collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert!(retries[0].contains("\"wait\""), "{}", retries[0]);

    // No secret and no query or cookie value anywhere.
    let everything = format!("{spans:?} {events:?}");
    for secret in [TOKEN, PASSWORD, KEY, ONE_TIME, QUERY, COOKIE] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
