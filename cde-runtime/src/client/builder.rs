//! Building a client: the settings a [`ClientBuilder`] collects, checked
//! and turned into a [`ClientCore`] by [`ClientBuilder::build`].

use super::*;

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
