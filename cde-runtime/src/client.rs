use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderName, HeaderValue, LOCATION, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tracing::Instrument as _;

use crate::attempts::{End, Settings, is_transient, may_resend, retry_after, timed_out, within};
use crate::auth::{Auth, Bearer};
use crate::error::{FailedResponse, SendError, TransportError};
use crate::observe;
use crate::redirect::{self, Origin, Redirect};
use crate::sequence::{Framing, Item, ItemStream, StreamError};
use crate::{
    Body, ByteStream, CredentialsError, CredentialsProvider, Error, Hooks, InvalidInput,
    RequestOptions, RequestParts, Response, Responses, Retry, SecretString,
};

mod builder;
mod send;

pub use builder::{BuildError, ClientBuilder};
use send::Head;

/// The default timeout of each attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default deadline of a whole call, retries and waits included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// The default bound on the connections a client has open at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 100;

/// The default limit on a response body's size: 64 MiB.
pub const DEFAULT_BODY_LIMIT: u64 = 64 * 1024 * 1024;

/// A generated client type, built from a [`ClientCore`].
pub trait FromCore: Sized {
    /// Wraps the core.
    fn from_core(core: ClientCore) -> Self;
}

/// The shared part of every generated client: connection pool, base URL,
/// credentials, timeout and user agent. Cheap to clone (one pool is shared).
#[derive(Clone)]
pub struct ClientCore {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// `base_url` parsed: each request's URL is this with the request's path
    /// set, not a whole URL parsed again.
    base: Url,
    /// Its origin, which credentials may go to.
    base_origin: Option<Origin>,
    /// Whether `base_url` is the spec's default (not one the caller set): then
    /// an operation with servers of its own goes to its first one.
    default_base_url: bool,
    /// The bearer credentials.
    bearer: Option<Bearer>,
    /// The basic credentials: the user, and their `Authorization` header.
    basic: Option<(String, HeaderValue)>,
    api_keys: Vec<(String, SecretString)>,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: Retry,
    user_agent: HeaderValue,
    /// Whether redirects to other origins are followed (without credentials).
    cross_origin_redirects: bool,
    /// The most bytes of a response body read.
    body_limit: u64,
    /// The most bytes of one item of a streamed body.
    item_limit: usize,
    /// The most pages one stream of items reads, if capped.
    max_pages: Option<usize>,
    /// One permit per connection the client may have in use at once, held
    /// from connecting until the body is read.
    connections: Arc<Semaphore>,
    max_connections: usize,
    /// Run around every request sent.
    hooks: Option<Arc<dyn Hooks>>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.bearer)
            .field(
                "basic_auth",
                &self.inner.basic.as_ref().map(|(user, _)| user),
            )
            .field(
                "api_keys",
                &self
                    .inner
                    .api_keys
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("retry", &self.inner.retry)
            .field("user_agent", &self.inner.user_agent)
            .field("cross_origin_redirects", &self.inner.cross_origin_redirects)
            .field("body_limit", &self.inner.body_limit)
            .field("item_limit", &self.inner.item_limit)
            .field("max_pages", &self.inner.max_pages)
            .field("max_connections", &self.inner.max_connections)
            .field("hooks", &self.inner.hooks.is_some())
            .finish()
    }
}

/// A response as it came off the wire.
struct RawResponse {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: bytes::Bytes,
}

impl ClientCore {
    /// The base URL (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The most pages one stream of items reads, if capped.
    pub fn max_pages(&self) -> Option<usize> {
        self.inner.max_pages
    }

    /// The underlying `reqwest::Client`.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Sends a request a generated builder filled in (see [`crate::pending::Pending`]) and
    /// decodes its response against the documented responses `R`.
    pub fn run<'a, R>(
        &'a self,
        request: crate::pending::Pending,
    ) -> crate::BoxFuture<'a, Outcome<R>>
    where
        R: Responses + 'a,
        R::Success: Send,
        R::Error: Send,
    {
        // An invalid input is the answer at once. A valid request is moved
        // into the box with the future that borrows it, where it is kept once
        // (`execute` taking it by value kept it twice: 2,024 bytes to box).
        match request.finish() {
            Ok(request) => Box::pin(async move { self.execute::<R>(&request).await }),
            Err(err) => Box::pin(std::future::ready(Err(err.into()))),
        }
    }

    /// Sends a request and decodes its response against the documented responses `R`.
    pub async fn execute<R: Responses>(
        &self,
        request: &RequestParts,
    ) -> Result<Response<R::Success>, Error<R::Error>> {
        let head = self.send(request, R::documents).await?;
        let raw = self.read_whole(head).await?;
        decode::<R>(raw)
    }

    /// Sends a request and, when its answer is a success, gives its body as
    /// a stream of bytes as it arrives (another answer is read and decoded as
    /// by [`ClientCore::execute`]). Generated `bytes_stream()` methods call this.
    pub fn stream<'a, R>(
        &'a self,
        request: crate::pending::Pending,
    ) -> crate::BoxFuture<'a, Streamed<R, ByteStream>>
    where
        R: Responses + 'a,
        R::Error: Send,
    {
        Box::pin(self.streamed::<R, _>(request.finish(), |response, head| {
            ByteStream::new(response, head.permit, head.gap)
        }))
    }

    /// Sends a request asking for `media_type` and, when its answer is a
    /// success, gives its body as a stream of items as they arrive: split by
    /// the media type's [`Framing`] (each at most the item limit), decoded by
    /// `decode`, up to the item `end` (an end marker such as `[DONE]`) if
    /// given. Another answer is read and decoded as by
    /// [`ClientCore::execute`]. A `Last-Event-ID` header (which resumes a
    /// stream) is refused on any method but GET.
    pub fn sequence<'a, R, T>(
        &'a self,
        request: crate::pending::Pending,
        media_type: &'static str,
        decode: fn(Item) -> Result<T, StreamError>,
        end: Option<&'static str>,
    ) -> crate::BoxFuture<'a, Streamed<R, ItemStream<T>>>
    where
        R: Responses + 'a,
        R::Error: Send,
        T: Send + 'static,
    {
        let framing = Framing::of(media_type).unwrap_or(Framing::Lines);
        let request = request.finish().and_then(|mut parts| {
            let resumes = parts
                .options
                .headers
                .iter()
                .any(|(name, _)| name == crate::LAST_EVENT_ID);
            if resumes && parts.method != reqwest::Method::GET {
                return Err(InvalidInput::new(
                    "only a GET stream is resumed with `Last-Event-ID`",
                ));
            }
            // An extra `Accept` header is kept (OpenAPI ignores an `Accept` parameter).
            let mut given = parts.options.headers.iter();
            if !given.any(|(name, _)| name == ACCEPT)
                && let Ok(accept) = HeaderValue::from_str(media_type)
            {
                parts.headers.push((ACCEPT, accept));
            }
            Ok(parts)
        });
        Box::pin(self.streamed::<R, _>(request, move |response, head| {
            ItemStream::new(
                response,
                framing,
                head.item_limit,
                decode,
                end,
                head.gap,
                Some(head.permit),
            )
        }))
    }

    /// Sends a request; a success's body is handed to `body` unread (with
    /// the connection's permit and the longest wait for a chunk), another
    /// answer is read whole and decoded as an error.
    async fn streamed<R: Responses, B>(
        &self,
        request: Result<RequestParts, InvalidInput>,
        body: impl FnOnce(reqwest::Response, StreamHead) -> B,
    ) -> Streamed<R, B> {
        let request = request?;
        let head = self.send(&request, R::documents).await?;
        if head.refused.is_none() && head.response.status().is_success() {
            let Head {
                mut response,
                permit,
                gap,
                item_limit,
                ..
            } = head;
            let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
            let rest = StreamHead {
                permit,
                gap,
                item_limit,
            };
            return Ok(Response::new(status, headers, body(response, rest)));
        }
        let raw = self.read_whole(head).await?;
        match decode::<R>(raw) {
            Err(err) => Err(err),
            // Every success streams, so a decoded answer is an error one.
            Ok(response) => {
                let failed = FailedResponse::new(
                    response.status(),
                    response.headers().clone(),
                    bytes::Bytes::new(),
                    None,
                );
                Err(Error::UnexpectedStatus(Box::new(failed)))
            }
        }
    }
}

/// What a streamed body is read with: the connection's permit (held until the
/// stream ends or is dropped), the longest wait for a chunk, the bound on one
/// item.
struct StreamHead {
    permit: OwnedSemaphorePermit,
    gap: Option<Duration>,
    item_limit: usize,
}

/// Decodes an answer read whole against the documented responses `R`.
fn decode<R: Responses>(raw: RawResponse) -> Result<Response<R::Success>, Error<R::Error>> {
    let content_type = raw
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    match R::decode(raw.status, content_type, &raw.body) {
        Ok(Ok(body)) => Ok(Response::new(raw.status, raw.headers, body)),
        Ok(Err(body)) => Err(Error::Api(Box::new(crate::ApiError {
            status: raw.status,
            headers: raw.headers,
            body,
            raw_body: raw.body,
        }))),
        Err(crate::DecodeError::UndocumentedStatus) => Err(Error::UnexpectedStatus(Box::new(
            FailedResponse::new(raw.status, raw.headers, raw.body, None),
        ))),
        Err(crate::DecodeError::UnexpectedContentType) => Err(Error::UnexpectedContentType(
            Box::new(FailedResponse::new(raw.status, raw.headers, raw.body, None)),
        )),
        Err(crate::DecodeError::InvalidBody(detail)) => Err(Error::InvalidBody(Box::new(
            FailedResponse::new(raw.status, raw.headers, raw.body, Some(detail)),
        ))),
    }
}

/// What sending an operation's request gives.
type Outcome<R> = Result<Response<<R as Responses>::Success>, Error<<R as Responses>::Error>>;

/// What sending an operation's request gives when a success's body `B` is
/// read as a stream.
type Streamed<R, B> = Result<Response<B>, Error<<R as Responses>::Error>>;

#[cfg(test)]
mod tests {
    use super::*;

    struct C(ClientCore);
    impl FromCore for C {
        fn from_core(core: ClientCore) -> Self {
            C(core)
        }
    }

    #[test]
    fn base_url_keeps_prefix_and_drops_trailing_slash() {
        let c: C = ClientBuilder::new(Some("https://h.example/api/v2/"), "ua")
            .build()
            .unwrap();
        assert_eq!(c.0.base_url(), "https://h.example/api/v2");
    }

    #[test]
    fn missing_and_relative_base_urls_are_errors() {
        let missing = ClientBuilder::<C>::new(None, "ua").build();
        assert!(matches!(missing, Err(BuildError::MissingBaseUrl)));
        let relative = ClientBuilder::<C>::new(Some("//kubernetes.local"), "ua").build();
        assert!(matches!(relative, Err(BuildError::InvalidBaseUrl { .. })));
    }

    #[test]
    fn an_operation_server_is_used_while_the_base_url_is_the_default() {
        let mut request = RequestParts::new(crate::Method::POST, String::from("/files"));
        request.server = Some("https://upload.h.example/v1");
        let default: C = ClientBuilder::new(Some("https://h.example/api"), "ua")
            .build()
            .unwrap();
        assert_eq!(
            default.0.request_url(&request).unwrap().as_str(),
            "https://upload.h.example/v1/files"
        );
        // A base URL the caller set (a proxy, a test server) takes every request.
        let set: C = ClientBuilder::new(Some("https://h.example/api"), "ua")
            .base_url("http://127.0.0.1:9/p")
            .build()
            .unwrap();
        assert_eq!(
            set.0.request_url(&request).unwrap().as_str(),
            "http://127.0.0.1:9/p/files"
        );
        request.server = None;
        assert_eq!(
            default.0.request_url(&request).unwrap().as_str(),
            "https://h.example/api/files"
        );
    }

    /// A request's URL is the parsed base URL with only the path set: the
    /// same URL as parsing the base URL and the path joined, whatever the
    /// path holds (escapes, encoded slashes and dots, non-ASCII, spaces).
    #[test]
    fn setting_the_path_gives_the_url_a_whole_parse_gives() {
        for base in [
            "https://h.example",
            "https://h.example/",
            "http://127.0.0.1:8080/api/v2/",
            "https://h.example/a%20b",
            "https://xn--bcher-kva.example:444/ünï",
        ] {
            let c: C = ClientBuilder::new(Some(base), "ua").build().unwrap();
            for path in [
                "",
                "/",
                "/records/1",
                "/a%2Fb/c",
                "/%2E%2E/x",
                "/sp ace/ü/%25",
                "/files/{id}",
                "/a\\b",
                "//double",
            ] {
                let request = RequestParts::new(crate::Method::GET, path.to_owned());
                let whole = Url::parse(&format!("{}{path}", c.0.base_url())).unwrap();
                assert_eq!(c.0.request_url(&request).unwrap(), whole, "{base} + {path}");
            }
        }
    }

    #[test]
    fn any_connection_bound_builds() {
        for bound in [0, 1, usize::MAX] {
            let c: Result<C, _> = ClientBuilder::new(Some("https://h.example"), "ua")
                .max_connections(bound)
                .build();
            assert!(c.is_ok(), "{bound}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let c: C = ClientBuilder::new(Some("https://h.example"), "ua")
            .bearer_token("tok-123-secret")
            .build()
            .unwrap();
        let shown = format!("{:?}", c.0);
        assert!(!shown.contains("tok-123-secret"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }
}
