//! What the caller can see of each attempt: a `tracing` span, and hooks run
//! around every request sent.

use reqwest::{StatusCode, Url};
use tracing::field::Empty;

use crate::RequestParts;
use crate::error::SendError;

/// Code the client runs around every HTTP request it sends: each attempt, and
/// each redirect hop within one.
///
/// Hooks see requests after the client's own rules have been applied: the
/// credentials are on it only when it goes to a trusted origin, and a redirect
/// has been checked before its hop reaches [`Hooks::before_send`]. Give a client
/// its hooks with `Client::builder().hooks(..)`.
///
/// What a hook sees is the request as sent, secrets included: a query API key
/// is in its URL, a credential in its headers (marked sensitive, so their
/// `Debug` hides them). To log a request, log its method and its URL's path,
/// not the whole URL or the request's `Debug`.
///
/// ```
/// use cde_runtime::Hooks;
///
/// /// Tags every request with the deployment it comes from.
/// struct Deployment(&'static str);
///
/// impl Hooks for Deployment {
///     fn before_send(&self, request: &mut cde_runtime::reqwest::Request) {
///         let value = cde_runtime::reqwest::header::HeaderValue::from_static(self.0);
///         request.headers_mut().insert("x-deployment", value);
///     }
/// }
/// ```
pub trait Hooks: Send + Sync + 'static {
    /// Called with each request just before it is sent; it may change it (add
    /// a header, sign it).
    fn before_send(&self, request: &mut reqwest::Request) {
        let _ = request;
    }

    /// Called with each response as its head arrives, before its body is read.
    fn after_receive(&self, response: &reqwest::Response) {
        let _ = response;
    }
}

/// The span of one attempt, with OpenTelemetry's HTTP client attributes. A
/// `tracing` span's name is fixed where it is created, so the name
/// OpenTelemetry shows, `{method} {path template}`, is its `otel.name` field
/// (which `tracing-opentelemetry` uses as the span's name).
///
/// `url.full` has no query (query parameters and query API keys stay out of
/// traces); no header, cookie or body is recorded.
pub(crate) fn attempt_span(request: &RequestParts, url: &Url, attempt: u32) -> tracing::Span {
    let span = tracing::info_span!(
        "http.client.request",
        otel.name = %format_args!("{} {}", request.method, request.template),
        otel.kind = "client",
        operation.id = request.operation,
        http.request.method = %request.method,
        url.full = Empty,
        server.address = url.host_str(),
        server.port = url.port_or_known_default(),
        http.request.resend_count = Empty,
        http.response.status_code = Empty,
        error.type = Empty,
    );
    // Only a subscriber that listens pays for the URL's copy.
    if !span.is_disabled() {
        let mut shown = url.clone();
        shown.set_query(None);
        shown.set_fragment(None);
        span.record("url.full", tracing::field::display(&shown));
    }
    if attempt > 1 {
        span.record("http.request.resend_count", attempt - 1);
    }
    span
}

/// Records the status an attempt ended with (and, for 4xx and 5xx, that it
/// is the error type, as OpenTelemetry's conventions say).
pub(crate) fn record_status(span: &tracing::Span, status: StatusCode) {
    span.record("http.response.status_code", status.as_u16());
    if status.is_client_error() || status.is_server_error() {
        span.record("error.type", status.as_str());
    }
}

/// Tells, as a `DEBUG` event in the failed attempt's span (which holds the
/// status or the kind of error), that another attempt follows after `wait`:
/// a log of events, as `tracing_subscriber::fmt` writes by default, shows the
/// retries too.
pub(crate) fn record_retry(span: &tracing::Span, wait: std::time::Duration) {
    tracing::debug!(parent: span, ?wait, "the attempt failed; retrying after the wait");
}

/// Records the failure an attempt ended with, by its kind.
pub(crate) fn record_error(span: &tracing::Span, err: &SendError) {
    let kind = match err {
        SendError::InvalidInput(_) => "invalid_input",
        SendError::Credentials(_) => "credentials",
        SendError::Timeout(_) => "timeout",
        SendError::Transport(err) if err.is_connect() => "connect",
        SendError::Transport(_) => "transport",
        SendError::IncompleteBody(_) => "incomplete_body",
        SendError::Redirect(_) => "redirect",
        SendError::BodyTooLarge(_) => "body_too_large",
    };
    span.record("error.type", kind);
}
