//! Credentials: whether a request presents what an operation's security asks for,
//! and the `WWW-Authenticate` challenge when it does not.

use super::request::{Incoming, cookie};
use crate::auth::{ApiKeyLocation, Scheme};

pub(super) fn authorized(security: &[&[Scheme]], request: &Incoming) -> bool {
    security.is_empty()
        || security
            .iter()
            .any(|alternative| alternative.iter().all(|scheme| presents(scheme, request)))
}

pub(super) fn presents(scheme: &Scheme, request: &Incoming) -> bool {
    let authorization = request
        .headers
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let credentials = |prefix: &str| {
        let (name, rest) = authorization.split_once(' ')?;
        name.eq_ignore_ascii_case(prefix).then(|| rest.trim())
    };
    match scheme {
        Scheme::Bearer => credentials("Bearer").is_some_and(|token| {
            !token.is_empty()
                && token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~+/=".contains(c))
        }),
        Scheme::Basic => credentials("Basic").is_some_and(|encoded| {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
                .and_then(|raw| String::from_utf8(raw).ok())
                .is_some_and(|pair| pair.contains(':'))
        }),
        Scheme::ApiKey { name, location, .. } => match location {
            ApiKeyLocation::Header => request
                .headers
                .get(*name)
                .is_some_and(|v| !v.as_bytes().is_empty()),
            ApiKeyLocation::Query => request
                .query
                .iter()
                .any(|(k, v)| k == name && !v.is_empty()),
            ApiKeyLocation::Cookie => cookie(&request.headers, name).is_some_and(|v| !v.is_empty()),
        },
    }
}

pub(super) fn challenge(security: &[&[Scheme]]) -> String {
    let first = security.iter().flat_map(|a| a.iter()).next();
    match first {
        Some(Scheme::Basic) => String::from("Basic"),
        Some(Scheme::ApiKey { name, .. }) => format!("ApiKey name=\"{name}\""),
        _ => String::from("Bearer"),
    }
}
