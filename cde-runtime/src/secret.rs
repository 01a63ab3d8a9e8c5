use std::fmt;

/// A secret string (a bearer token, a password, an API key, a value of a
/// `format: password` schema).
///
/// Its `Debug` and `Display` never show the value; read it only with
/// [`SecretString::expose`]. It is serialized and deserialized as the plain
/// string, for the request or response that carries it.
///
/// ```
/// let token = cde_runtime::SecretString::new("s3cr3t");
/// assert_eq!(format!("{token:?}"), "SecretString(<redacted>)");
/// assert_eq!(token.to_string(), "<redacted>");
/// assert_eq!(token.expose(), "s3cr3t");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the secret value. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// Headers for `Debug`: every header, but the value of one that carries a
/// credential (`Authorization`, `Cookie`, and in a response `Set-Cookie`, a
/// session the server hands out) or that is marked sensitive is `<redacted>`.
pub(crate) struct ShownHeaders<'a>(pub &'a reqwest::header::HeaderMap);

impl fmt::Debug for ShownHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use reqwest::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            let secret = [&AUTHORIZATION, &COOKIE, &PROXY_AUTHORIZATION, &SET_COOKIE]
                .contains(&name)
                || value.is_sensitive();
            if secret {
                map.entry(name, &format_args!("<redacted>"));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}
