//! The allowed values of OpenAPI's enumerated fields, read into enums: a
//! parameter's or API key's `in`, a serialization `style`, what a Security Scheme
//! Object is, and the keys of a Responses Object. Only this module spells them.

/// Where a parameter (or an API key) goes: `in`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum In {
    /// `path`.
    Path,
    /// `query`.
    Query,
    /// `header`.
    Header,
    /// `cookie`.
    Cookie,
    /// `querystring` (3.2): the whole query string, one value.
    QueryString,
}

impl In {
    /// The location `in` names, if it is one.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "path" => Some(In::Path),
            "query" => Some(In::Query),
            "header" => Some(In::Header),
            "cookie" => Some(In::Cookie),
            "querystring" => Some(In::QueryString),
            _ => None,
        }
    }
}

/// How a value is serialized: `style` (the ones a query parameter or a form
/// body's property may take).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `form` (the default).
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

impl Style {
    /// The style `style` names, if it is one of these.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "form" => Some(Style::Form),
            "spaceDelimited" => Some(Style::SpaceDelimited),
            "pipeDelimited" => Some(Style::PipeDelimited),
            "deepObject" => Some(Style::DeepObject),
            _ => None,
        }
    }
}

/// What a Security Scheme Object is, by its `type` (and an `http` one's
/// `scheme`, compared without case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemeKind<'a> {
    /// A bearer token: `http` with `bearer`, `oauth2`, `openIdConnect`.
    Bearer,
    /// `http` with `basic`.
    Basic,
    /// `apiKey`, with its `name` and `in` as given.
    ApiKey {
        /// `name`.
        name: Option<&'a str>,
        /// `in`, when it is one of header, query or cookie.
        location: Option<In>,
    },
    /// `mutualTLS` (3.1): a TLS client certificate, set up on the connection
    /// rather than sent with each request.
    MutualTls,
    /// Anything else, with its `type`.
    Other(Option<&'a str>),
}

impl<'a> SchemeKind<'a> {
    /// The kind of a scheme with this `type`, `scheme`, `name` and `in`.
    pub fn of(
        kind: Option<&'a str>,
        http_scheme: Option<&str>,
        name: Option<&'a str>,
        location: Option<&str>,
    ) -> Self {
        let http = http_scheme.map(str::to_ascii_lowercase);
        match (kind, http.as_deref()) {
            (Some("oauth2" | "openIdConnect"), _) | (Some("http"), Some("bearer")) => {
                SchemeKind::Bearer
            }
            (Some("http"), Some("basic")) => SchemeKind::Basic,
            (Some("mutualTLS"), _) => SchemeKind::MutualTls,
            (Some("apiKey"), _) => SchemeKind::ApiKey {
                name,
                location: location
                    .and_then(In::parse)
                    .filter(|l| matches!(l, In::Header | In::Query | In::Cookie)),
            },
            _ => SchemeKind::Other(kind),
        }
    }
}

/// Whether an object's key is a specification extension (`x-…`), which every
/// object that allows extensions ignores.
pub(crate) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// A key of a Responses Object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseKey {
    /// An extension (`x-…`), not a response.
    Extension,
    /// `default`.
    Default,
    /// A range, `1XX` to `5XX`: its first digit.
    Range(u16),
    /// A status code, 100 to 599.
    Code(u16),
    /// Three characters ending in `XX` that are not a range.
    BadRange,
    /// Anything else.
    BadCode,
}

impl ResponseKey {
    /// What `key` is.
    pub fn parse(key: &str) -> Self {
        match key {
            k if is_extension(k) => ResponseKey::Extension,
            "default" => ResponseKey::Default,
            k if k.len() == 3 && (k.ends_with("XX") || k.ends_with("xx")) => {
                match k.get(..1).unwrap_or("").parse::<u16>() {
                    Ok(d) if (1..=5).contains(&d) => ResponseKey::Range(d),
                    _ => ResponseKey::BadRange,
                }
            }
            k => match k.parse::<u16>() {
                Ok(code) if (100..=599).contains(&code) => ResponseKey::Code(code),
                _ => ResponseKey::BadCode,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ResponseKey;

    #[test]
    fn response_keys() {
        assert_eq!(ResponseKey::parse("x-internal"), ResponseKey::Extension);
        assert_eq!(ResponseKey::parse("default"), ResponseKey::Default);
        assert_eq!(ResponseKey::parse("4XX"), ResponseKey::Range(4));
        assert_eq!(ResponseKey::parse("6XX"), ResponseKey::BadRange);
        assert_eq!(ResponseKey::parse("204"), ResponseKey::Code(204));
        assert_eq!(ResponseKey::parse("600"), ResponseKey::BadCode);
    }
}
