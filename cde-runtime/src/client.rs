use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};

use crate::auth::Auth;
use crate::error::{FailedResponse, SendError, TransportError};
use crate::{
    Body, CredentialsError, CredentialsProvider, Error, InvalidInput, RequestParts, Response,
    Responses, SecretString,
};

/// The default request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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
    /// Whether `base_url` is the spec's default (not one the caller set): then
    /// an operation with servers of its own goes to its first one.
    default_base_url: bool,
    auth: Option<Auth>,
    basic: Option<(String, SecretString)>,
    api_keys: Vec<(String, SecretString)>,
    timeout: Option<Duration>,
    user_agent: HeaderValue,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
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
            .field("user_agent", &self.inner.user_agent)
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
    /// The HTTP client could not be built (e.g. TLS backend).
    #[error("cannot build the HTTP client: {0}")]
    Http(String),
}

/// Configures a generated client. Get one from the generated `Client::builder()`.
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    set_base_url: bool,
    auth: Option<Auth>,
    basic: Option<(String, SecretString)>,
    api_keys: Vec<(String, SecretString)>,
    timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
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
            timeout: Some(DEFAULT_TIMEOUT),
            user_agent: default_user_agent.to_owned(),
            http: None,
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

    /// Sets the timeout of each request, including reading the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Disables the per-request timeout.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses this `reqwest::Client` (its pool, proxy and TLS settings) instead of a new one.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let raw = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let base_url = normalize_base_url(&raw)?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::InvalidUserAgent(self.user_agent.clone()))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|err| BuildError::Http(err.to_string()))?,
        };
        Ok(C::from_core(ClientCore {
            inner: Arc::new(Inner {
                http,
                base_url,
                default_base_url: !self.set_base_url,
                auth: self.auth,
                basic: self.basic,
                api_keys: self.api_keys,
                timeout: self.timeout,
                user_agent,
            }),
        }))
    }
}

fn normalize_base_url(raw: &str) -> Result<String, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        url: raw.to_owned(),
        reason: reason.to_owned(),
    };
    let url = reqwest::Url::parse(raw).map_err(|err| invalid(&err.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL cannot have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A header value holding a secret: marked sensitive, never shown by `Debug`.
fn secret_header(value: &str) -> Result<HeaderValue, SendError> {
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        SendError::Credentials(CredentialsError::new(
            "the credential contains characters that are not allowed in a header",
        ))
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// A response as it came off the wire.
struct RawResponse {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl ClientCore {
    /// The base URL (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
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
        Box::pin(self.execute::<R>(request.finish()))
    }

    /// Sends a request and decodes its response against the documented responses `R`.
    pub async fn execute<R: Responses>(
        &self,
        request: Result<RequestParts, InvalidInput>,
    ) -> Result<Response<R::Success>, Error<R::Error>> {
        let raw = self.send(request?).await?;
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
                FailedResponse::new(raw.status, raw.headers, &raw.body, None),
            ))),
            Err(crate::DecodeError::UnexpectedContentType) => {
                Err(Error::UnexpectedContentType(Box::new(FailedResponse::new(
                    raw.status,
                    raw.headers,
                    &raw.body,
                    None,
                ))))
            }
            Err(crate::DecodeError::InvalidBody(detail)) => Err(Error::InvalidBody(Box::new(
                FailedResponse::new(raw.status, raw.headers, &raw.body, Some(detail)),
            ))),
        }
    }

    /// `url` if it has the same scheme, host and port as the base URL (so credentials
    /// are never sent elsewhere), else `None`.
    pub fn same_origin(&self, url: &str) -> Option<String> {
        let base = reqwest::Url::parse(&self.inner.base_url).ok()?;
        let other = reqwest::Url::parse(url).ok()?;
        (base.origin() == other.origin()).then(|| url.to_owned())
    }

    fn url(&self, request: &RequestParts) -> Result<reqwest::Url, SendError> {
        if let Some(absolute) = &request.absolute_url {
            return reqwest::Url::parse(absolute).map_err(|err| {
                SendError::InvalidInput(InvalidInput::new(format!("bad next-page URL: {err}")))
            });
        }
        let base = match request.server {
            Some(server) if self.inner.default_base_url => server,
            _ => self.inner.base_url.as_str(),
        };
        let joined = format!("{base}{}", request.path);
        let mut url = reqwest::Url::parse(&joined).map_err(|err| {
            SendError::InvalidInput(InvalidInput::new(format!("bad request URL: {err}")))
        })?;
        if let Some(raw) = &request.raw_query {
            url.set_query(Some(raw));
        }
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter());
        }
        Ok(url)
    }

    /// Sends one filled-in request: credentials added as its security asks, the
    /// body encoded, the timeout applied; the response is read whole and decoded
    /// into the operation's documented responses or a typed error.
    async fn send(&self, request: RequestParts) -> Result<RawResponse, SendError> {
        let inner = &*self.inner;
        let mut url = self.url(&request)?;
        let mut auth_headers: Vec<(reqwest::header::HeaderName, HeaderValue)> = Vec::new();
        let chosen = request.security.iter().find(|alternative| {
            alternative.iter().all(|scheme| match scheme {
                crate::auth::Scheme::Bearer => inner.auth.is_some(),
                crate::auth::Scheme::Basic => inner.basic.is_some(),
                crate::auth::Scheme::ApiKey { scheme, .. } => {
                    inner.api_keys.iter().any(|(n, _)| n == scheme)
                }
            })
        });
        let mut cookies: Vec<String> = Vec::new();
        for scheme in chosen.map(|a| a.iter()).into_iter().flatten() {
            match scheme {
                crate::auth::Scheme::Bearer => {
                    if let Some(auth) = &inner.auth {
                        let token = auth.bearer().await.map_err(SendError::Credentials)?;
                        auth_headers.push((
                            AUTHORIZATION,
                            secret_header(&format!("Bearer {}", token.expose()))?,
                        ));
                    }
                }
                crate::auth::Scheme::Basic => {
                    if let Some((user, password)) = &inner.basic {
                        use base64::Engine as _;
                        let encoded = base64::engine::general_purpose::STANDARD
                            .encode(format!("{user}:{}", password.expose()));
                        auth_headers
                            .push((AUTHORIZATION, secret_header(&format!("Basic {encoded}"))?));
                    }
                }
                crate::auth::Scheme::ApiKey {
                    scheme,
                    name,
                    location,
                } => {
                    let Some((_, key)) = inner.api_keys.iter().find(|(n, _)| n == scheme) else {
                        continue;
                    };
                    match location {
                        crate::auth::ApiKeyLocation::Header => {
                            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                                .map_err(|_| {
                                SendError::Credentials(CredentialsError::new(format!(
                                    "{name:?} is not a header name"
                                )))
                            })?;
                            auth_headers.push((header, secret_header(key.expose())?));
                        }
                        crate::auth::ApiKeyLocation::Query => {
                            url.query_pairs_mut().append_pair(name, key.expose());
                        }
                        crate::auth::ApiKeyLocation::Cookie => {
                            cookies.push(format!("{name}={}", key.expose()))
                        }
                    }
                }
            }
        }
        if !cookies.is_empty() {
            auth_headers.push((reqwest::header::COOKIE, secret_header(&cookies.join("; "))?));
        }
        let mut builder = inner
            .http
            .request(request.method, url)
            .header(USER_AGENT, inner.user_agent.clone());
        if let Some(timeout) = inner.timeout {
            builder = builder.timeout(timeout);
        }
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        for (name, value) in auth_headers {
            builder = builder.header(name, value);
        }
        match request.body {
            Body::Encoded {
                content_type,
                bytes,
            } => builder = builder.header(CONTENT_TYPE, content_type).body(bytes),
            Body::Multipart(fields) => {
                builder = builder.multipart(
                    crate::multipart::build_form(fields).map_err(SendError::InvalidInput)?,
                );
            }
            Body::Empty => {}
        }
        let transport = |err: reqwest::Error| {
            if err.is_timeout() {
                SendError::Timeout(inner.timeout)
            } else {
                SendError::Transport(TransportError(err.without_url()))
            }
        };
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(err) if err.is_timeout() => return Err(SendError::Timeout(inner.timeout)),
                Err(err) => {
                    let headers = response.headers().clone();
                    let detail = TransportError(err.without_url()).to_string();
                    return Err(SendError::IncompleteBody(Box::new(FailedResponse::new(
                        status,
                        headers,
                        &body,
                        Some(detail),
                    ))));
                }
            }
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// What sending an operation's request gives.
type Outcome<R> = Result<Response<<R as Responses>::Success>, Error<<R as Responses>::Error>>;

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
            default.0.url(&request).unwrap().as_str(),
            "https://upload.h.example/v1/files"
        );
        // A base URL the caller set (a proxy, a test server) takes every request.
        let set: C = ClientBuilder::new(Some("https://h.example/api"), "ua")
            .base_url("http://127.0.0.1:9/p")
            .build()
            .unwrap();
        assert_eq!(
            set.0.url(&request).unwrap().as_str(),
            "http://127.0.0.1:9/p/files"
        );
        request.server = None;
        assert_eq!(
            default.0.url(&request).unwrap().as_str(),
            "https://h.example/api/files"
        );
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
