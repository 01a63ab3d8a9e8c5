use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

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
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// How the client authenticates.
#[derive(Clone)]
pub(crate) enum Auth {
    Bearer(SecretString),
    Provider(Arc<dyn CredentialsProvider>),
}

impl Auth {
    pub(crate) async fn bearer(&self) -> Result<SecretString, CredentialsError> {
        match self {
            Auth::Bearer(token) => Ok(token.clone()),
            Auth::Provider(provider) => provider.token().await,
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
