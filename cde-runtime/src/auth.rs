use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use crate::SecretString;

/// The future a [`CredentialsProvider`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<SecretString, CredentialsError>> + Send + 'a>>;

/// Supplies the bearer token for each request, and may refresh it.
///
/// The client asks the provider before every request that needs credentials, so a
/// provider can cache a token and fetch a new one when it is about to expire.
///
/// ```
/// use cde_runtime::{CredentialsError, CredentialsProvider, SecretString, TokenFuture};
///
/// struct FromEnv;
///
/// impl CredentialsProvider for FromEnv {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async {
///             std::env::var("MY_TOKEN")
///                 .map(SecretString::new)
///                 .map_err(|_| CredentialsError::new("MY_TOKEN is not set"))
///         })
///     }
/// }
/// ```
pub trait CredentialsProvider: Send + Sync + 'static {
    /// Returns the token to send as `Authorization: Bearer <token>`.
    fn token(&self) -> TokenFuture<'_>;
}

/// A credentials provider could not supply a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not obtain credentials: {message}")]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// Creates an error with a message that says what went wrong (never the secret).
    ///
    /// The message is kept to a few KiB, its control characters escaped: a
    /// provider may pass on what a token server answered, which can be any
    /// size and hold anything.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: crate::error::bounded_display(&message.into()),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The bearer credentials a builder is given: a fixed token, or a provider.
#[derive(Clone)]
pub(crate) enum Auth {
    Bearer(SecretString),
    Provider(Arc<dyn CredentialsProvider>),
}

impl Auth {
    /// What the built client sends: a fixed token's header is made here, once,
    /// rather than on every request; `None` when a header cannot carry it.
    pub(crate) fn prepare(self) -> Option<Bearer> {
        match self {
            Auth::Bearer(token) => bearer_header(&token).ok().map(Bearer::Fixed),
            Auth::Provider(provider) => Some(Bearer::Provider(provider)),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// The `Authorization: Bearer` header a built client sends.
pub(crate) enum Bearer {
    /// A fixed token's header, marked sensitive.
    Fixed(HeaderValue),
    /// A provider, asked before each request.
    Provider(Arc<dyn CredentialsProvider>),
}

impl Bearer {
    /// The header for one request.
    pub(crate) async fn header(&self) -> Result<HeaderValue, CredentialsError> {
        match self {
            Bearer::Fixed(header) => Ok(header.clone()),
            Bearer::Provider(provider) => bearer_header(&provider.token().await?),
        }
    }
}

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bearer::Fixed(_) => f.write_str("Bearer(<redacted>)"),
            Bearer::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// `Bearer <token>` as a sensitive header value.
fn bearer_header(token: &SecretString) -> Result<HeaderValue, CredentialsError> {
    secret_header(&format!("Bearer {}", token.expose()))
}

/// A header value holding a secret: marked sensitive, never shown by `Debug`.
pub(crate) fn secret_header(value: &str) -> Result<HeaderValue, CredentialsError> {
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        CredentialsError::new("the credential contains characters that are not allowed in a header")
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One security scheme an operation accepts (from `components.securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `Authorization: Bearer <token>` (http bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic <user:password>` (http basic).
    Basic,
    /// An API key under a scheme name, sent in a header, query parameter or cookie.
    ApiKey {
        /// The scheme's name in the spec (the key given to `ClientBuilder::api_key`).
        scheme: &'static str,
        /// The header, query parameter or cookie name.
        name: &'static str,
        /// Where it goes.
        location: ApiKeyLocation,
    },
}
