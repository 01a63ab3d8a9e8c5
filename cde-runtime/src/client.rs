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

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec has no absolute server URL and none was given.
    #[error("no base URL: the spec declares no absolute server URL; set one with `.base_url(...)`")]
    MissingBaseUrl,
    /// The base URL is not an absolute http(s) URL.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The user agent is not a valid header value.
    #[error("invalid user agent: {0:?}")]
    InvalidUserAgent(String),
    /// Fixed credentials (named here, never shown) have characters a header
    /// cannot carry.
    #[error("the {0} has characters that are not allowed in a header")]
    InvalidCredentials(&'static str),
    /// The HTTP client could not be built (e.g. TLS backend).
    #[error("cannot build the HTTP client: {0}")]
    Http(String),
    /// An API key was given for a security scheme no operation of the spec
    /// takes one for (a misspelt name would otherwise leave every request
    /// without its key).
    #[error(
        "`api_key({scheme:?}, ..)`: no operation of the spec takes an API key of that security scheme; its API key schemes are {known:?}"
    )]
    UnknownApiKeyScheme {
        /// The scheme name given.
        scheme: String,
        /// The spec's API key schemes that operations take.
        known: &'static [&'static str],
    },
}

/// Configures a generated client. Get one from the generated `Client::builder()`.
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    set_base_url: bool,
    auth: Option<Auth>,
    basic: Option<(String, SecretString)>,
    api_keys: Vec<(String, SecretString)>,
    /// The API key schemes the spec's operations take, when the generated
    /// code says: `build()` refuses a key for any other.
    api_key_schemes: Option<&'static [&'static str]>,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: Retry,
    user_agent: String,
    http: Option<reqwest::ClientBuilder>,
    cross_origin_redirects: bool,
    body_limit: u64,
    item_limit: usize,
    max_pages: Option<usize>,
    max_connections: usize,
    hooks: Option<Arc<dyn Hooks>>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(without_userinfo))
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl<C: FromCore> ClientBuilder<C> {
    /// A builder with the spec's default base URL (if it has an absolute one) and
    /// default user agent. Generated code calls this.
    pub fn new(default_base_url: Option<&str>, default_user_agent: &str) -> Self {
        Self {
            base_url: default_base_url.map(str::to_owned),
            set_base_url: false,
            auth: None,
            basic: None,
            api_keys: Vec::new(),
            api_key_schemes: None,
            timeout: Some(DEFAULT_TIMEOUT),
            deadline: Some(DEFAULT_DEADLINE),
            retry: Retry::default(),
            user_agent: default_user_agent.to_owned(),
            http: None,
            cross_origin_redirects: false,
            body_limit: DEFAULT_BODY_LIMIT,
            item_limit: crate::sequence::DEFAULT_ITEM_LIMIT,
            max_pages: None,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            hooks: None,
            client: PhantomData,
        }
    }

    /// Sets the base URL; operation paths are appended to its path, so a prefix such
    /// as `https://host/api/v2` is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self.set_base_url = true;
        self
    }

    /// Sends `Authorization: Bearer <token>` on operations that require credentials.
    /// The header is made once, by [`ClientBuilder::build`], which fails with
    /// [`BuildError::InvalidCredentials`] if a header cannot carry the token.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.auth = Some(Auth::Bearer(token.into()));
        self
    }

    /// Asks `provider` for the bearer token before each request that needs one, so it
    /// can refresh an expired token.
    pub fn credentials_provider(mut self, provider: impl CredentialsProvider) -> Self {
        self.auth = Some(Auth::Provider(Arc::new(provider)));
        self
    }

    /// Sends `Authorization: Basic ..` on operations that accept http basic auth.
    pub fn basic_auth(
        mut self,
        user: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        self.basic = Some((user.into(), password.into()));
        self
    }

    /// Sets the API key of the security scheme named `scheme` in the spec; it is sent
    /// (in a header, query parameter or cookie, as the scheme says) on operations
    /// that accept that scheme.
    pub fn api_key(mut self, scheme: impl Into<String>, key: impl Into<SecretString>) -> Self {
        let scheme = scheme.into();
        self.api_keys.retain(|(name, _)| *name != scheme);
        self.api_keys.push((scheme, key.into()));
        self
    }

    /// Names the API key schemes the spec's operations take, so that
    /// [`ClientBuilder::build`] refuses a key given for any other
    /// ([`BuildError::UnknownApiKeyScheme`]). Generated code calls this.
    pub fn api_key_schemes(mut self, schemes: &'static [&'static str]) -> Self {
        self.api_key_schemes = Some(schemes);
        self
    }

    /// Sets the timeout of each attempt, from asking for credentials to the
    /// last byte of the body (default [`DEFAULT_TIMEOUT`], 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Disables the timeout of each attempt (the deadline still applies).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Sets the time a whole call may take, every attempt and wait between
    /// them included (default [`DEFAULT_DEADLINE`], 120 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Disables the overall deadline.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// Sets the retry policy (default [`Retry::default`]: 3 attempts of
    /// idempotent requests after connect errors, timeouts before the
    /// response, 429, 502, 503 and 504).
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// Sends every request once: no retries.
    pub fn no_retries(self) -> Self {
        self.retry(Retry::none())
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Builds the HTTP client from this `reqwest::ClientBuilder` (its proxy, TLS,
    /// client certificate and pool settings) instead of reqwest's defaults. Its
    /// redirect policy is set to none and its `Referer` off: the client follows
    /// redirects itself, so that credentials stay on their origins (which is
    /// why a built `reqwest::Client`, whose policy cannot be changed, is not
    /// taken).
    pub fn http_client(mut self, http: reqwest::ClientBuilder) -> Self {
        self.http = Some(http);
        self
    }

    /// Sets the most bytes of a response body the client reads (default
    /// [`DEFAULT_BODY_LIMIT`], 64 MiB). A larger body is [`Error::BodyTooLarge`],
    /// before anything is read when its `Content-Length` says so.
    pub fn body_limit(mut self, bytes: u64) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Sets the most bytes of one item of a streamed body (a line, a record,
    /// an event's data; default
    /// [`DEFAULT_ITEM_LIMIT`](crate::sequence::DEFAULT_ITEM_LIMIT), 1 MiB). A
    /// larger item is an error item and the stream goes on with the next.
    pub fn item_limit(mut self, bytes: usize) -> Self {
        self.item_limit = bytes;
        self
    }

    /// Caps the pages one stream of items (an operation's `.items()`) reads:
    /// when more follow the last one allowed, the stream ends with
    /// [`Error::Pagination`]. No cap by default.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Bounds the requests the client has in flight at once, and so its open
    /// connections (default [`DEFAULT_MAX_CONNECTIONS`], 100; at least 1): a
    /// request waits for a free one, that wait counting toward its deadline,
    /// and holds it from connecting until its body is read. Keeps a burst of
    /// calls within the process's file descriptors. `usize::MAX` is as many
    /// as tokio's semaphore counts (`Semaphore::MAX_PERMITS`), i.e. no bound.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.clamp(1, Semaphore::MAX_PERMITS);
        self
    }

    /// Runs `hooks` around every request the client sends (each attempt and
    /// each redirect hop), after its own rules: see [`Hooks`].
    pub fn hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks = Some(Arc::new(hooks));
        self
    }

    /// Follows redirects to origins other than the base URL's and the
    /// operation's own server's, sending nothing of the request there but its
    /// method (no credentials, header or cookie parameters, body). Off by
    /// default: such a redirect is then an [`Error::Redirect`] naming its
    /// `Location`. A redirect that would carry the request's body to another
    /// origin (a 307 or 308 of a POST) is never followed.
    pub fn follow_cross_origin_redirects(mut self, follow: bool) -> Self {
        self.cross_origin_redirects = follow;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        if let Some(known) = self.api_key_schemes
            && let Some((scheme, _)) = self
                .api_keys
                .iter()
                .find(|(s, _)| !known.contains(&s.as_str()))
        {
            return Err(BuildError::UnknownApiKeyScheme {
                scheme: scheme.clone(),
                known,
            });
        }
        let raw = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let base_url = normalize_base_url(&raw)?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::InvalidUserAgent(self.user_agent.clone()))?;
        // Fixed credentials become their headers once, here.
        let bearer = self
            .auth
            .map(|auth| {
                auth.prepare()
                    .ok_or(BuildError::InvalidCredentials("bearer token"))
            })
            .transpose()?;
        let basic = self
            .basic
            .map(|(user, password)| {
                use base64::Engine as _;
                let encoded = base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", password.expose()));
                crate::auth::secret_header(&format!("Basic {encoded}"))
                    .map(|header| (user, header))
                    .map_err(|_| BuildError::InvalidCredentials("basic credentials"))
            })
            .transpose()?;
        let http = self
            .http
            .unwrap_or_default()
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .build()
            .map_err(|err| BuildError::Http(err.to_string()))?;
        Ok(C::from_core(ClientCore {
            inner: Arc::new(Inner {
                http,
                base_origin: Origin::parse(&base_url),
                base: Url::parse(&base_url).map_err(|err| BuildError::InvalidBaseUrl {
                    url: without_userinfo(&base_url),
                    reason: err.to_string(),
                })?,
                base_url,
                default_base_url: !self.set_base_url,
                bearer,
                basic,
                api_keys: self.api_keys,
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
                user_agent,
                cross_origin_redirects: self.cross_origin_redirects,
                body_limit: self.body_limit,
                item_limit: self.item_limit,
                max_pages: self.max_pages,
                connections: Arc::new(Semaphore::new(self.max_connections)),
                max_connections: self.max_connections,
                hooks: self.hooks,
            }),
        }))
    }
}

fn normalize_base_url(raw: &str) -> Result<String, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        url: without_userinfo(raw),
        reason: reason.to_owned(),
    };
    let url = reqwest::Url::parse(raw).map_err(|err| invalid(&err.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(invalid("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "a base URL cannot carry a user name or password (use `.basic_auth(..)`)",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL cannot have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// `raw` with anything between `://` and an `@` before the path replaced by
/// `***`, so an error about a base URL never shows a password in it.
fn without_userinfo(raw: &str) -> String {
    let Some((scheme, rest)) = raw.split_once("://") else {
        return raw.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => raw.to_owned(),
    }
}

mod send;

use send::Head;

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
