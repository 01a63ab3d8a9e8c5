use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use crate::InvalidInput;

/// Characters escaped in a path segment: everything but RFC 3986 unreserved ones.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How a query parameter is serialized (OpenAPI `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form` (the default); `explode` repeats arrays and spreads objects.
    Form {
        /// `explode` (default `true` for `form`).
        explode: bool,
    },
    /// `style: spaceDelimited`: array items joined by spaces.
    SpaceDelimited,
    /// `style: pipeDelimited`: array items joined by `|`.
    PipeDelimited,
    /// `style: deepObject`: `name[key]=value`, nested objects as `name[a][b]`.
    DeepObject,
}

/// A request body, already encoded.
#[derive(Debug, Clone, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A `multipart/form-data` body, encoded when sent.
    Multipart(Vec<crate::MultipartField>),
    /// A body with its content type.
    Encoded {
        /// The `Content-Type` to send.
        content_type: String,
        /// The encoded bytes.
        bytes: bytes::Bytes,
    },
}

/// Everything one request needs, filled in by a generated operation.
#[derive(Debug, Clone)]
pub struct RequestParts {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Body,
    /// Alternatives: the first whose credentials are all configured is used.
    pub(crate) security: &'static [&'static [crate::Scheme]],
    /// An absolute URL that replaces base URL, path and query (a `Link` header's).
    pub(crate) absolute_url: Option<String>,
}

/// The text form of a scalar parameter value; `None` for `null`.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(scalar)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Object(map) => Some(
            map.iter()
                .filter_map(|(k, v)| scalar(v).map(|v| format!("{k},{v}")))
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

fn to_value(name: &str, value: &impl Serialize) -> Result<Value, InvalidInput> {
    serde_json::to_value(value)
        .map_err(|err| InvalidInput::new(format!("cannot be encoded: {err}")).named(name))
}

impl RequestParts {
    /// Starts a request; `path` is the operation's path with parameters filled in
    /// (see [`RequestParts::path_segment`]); it is appended to the client's base URL.
    pub fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            security: &[],
            absolute_url: None,
        }
    }

    /// Encodes a path parameter value as one percent-encoded path segment
    /// (`style: simple`: arrays and objects comma-separated).
    pub fn path_segment(name: &str, value: &impl Serialize) -> Result<String, InvalidInput> {
        let text = scalar(&to_value(name, value)?)
            .ok_or_else(|| InvalidInput::new("a path parameter cannot be null").named(name))?;
        if text.is_empty() || text == "." || text == ".." {
            return Err(
                InvalidInput::new(format!("{text:?} cannot be used as a path segment")).named(name),
            );
        }
        Ok(utf8_percent_encode(&text, SEGMENT).to_string())
    }

    /// Adds a query parameter; `None`/`null` values are left out.
    pub fn query(
        &mut self,
        name: &str,
        value: &impl Serialize,
        style: QueryStyle,
    ) -> Result<(), InvalidInput> {
        let value = to_value(name, value)?;
        match (&value, style) {
            (Value::Null, _) => {}
            (Value::Array(items), QueryStyle::Form { explode: true }) => {
                for item in items {
                    if let Some(text) = scalar(item) {
                        self.query.push((name.to_owned(), text));
                    }
                }
            }
            (Value::Array(items), QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited) => {
                let sep = if style == QueryStyle::SpaceDelimited {
                    " "
                } else {
                    "|"
                };
                let joined = items
                    .iter()
                    .filter_map(scalar)
                    .collect::<Vec<_>>()
                    .join(sep);
                self.query.push((name.to_owned(), joined));
            }
            (Value::Object(map), QueryStyle::Form { explode: true }) => {
                for (key, item) in map {
                    if let Some(text) = scalar(item) {
                        self.query.push((key.clone(), text));
                    }
                }
            }
            (_, QueryStyle::DeepObject) => self.deep_object(name.to_owned(), &value),
            (value, _) => {
                if let Some(text) = scalar(value) {
                    self.query.push((name.to_owned(), text));
                }
            }
        }
        Ok(())
    }

    fn deep_object(&mut self, prefix: String, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (key, item) in map {
                    self.deep_object(format!("{prefix}[{key}]"), item);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.deep_object(format!("{prefix}[{index}]"), item);
                }
            }
            scalar_value => {
                if let Some(text) = scalar(scalar_value) {
                    self.query.push((prefix, text));
                }
            }
        }
    }

    /// Adds a header parameter; `None`/`null` values are left out.
    pub fn header(&mut self, name: &str, value: &impl Serialize) -> Result<(), InvalidInput> {
        let Some(text) = scalar(&to_value(name, value)?) else {
            return Ok(());
        };
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidInput::new("not a valid header name").named(name))?;
        let header_value = HeaderValue::from_str(&text).map_err(|_| {
            InvalidInput::new(format!("{text:?} is not a valid header value")).named(name)
        })?;
        self.headers.push((header_name, header_value));
        Ok(())
    }

    /// Adds a cookie parameter (sent in one `Cookie` header); `None`/`null` is left out.
    pub fn cookie(&mut self, name: &str, value: &impl Serialize) -> Result<(), InvalidInput> {
        let Some(text) = scalar(&to_value(name, value)?) else {
            return Ok(());
        };
        if text.contains([';', ',', ' ', '"']) || name.contains(['=', ';', ' ']) {
            return Err(
                InvalidInput::new(format!("{text:?} cannot be sent in a cookie")).named(name),
            );
        }
        let pair = format!("{name}={text}");
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n == reqwest::header::COOKIE)
        {
            Some((_, existing)) => {
                let joined = format!("{}; {pair}", existing.to_str().unwrap_or(""));
                *existing = HeaderValue::from_str(&joined)
                    .map_err(|_| InvalidInput::new("not a valid cookie").named(name))?;
            }
            None => {
                let value = HeaderValue::from_str(&pair)
                    .map_err(|_| InvalidInput::new("not a valid cookie").named(name))?;
                self.headers.push((reqwest::header::COOKIE, value));
            }
        }
        Ok(())
    }

    /// Sets a JSON body (`application/json` unless another JSON media type is given).
    pub fn json(&mut self, content_type: &str, body: &impl Serialize) -> Result<(), InvalidInput> {
        let bytes = serde_json::to_vec(body).map_err(|err| {
            InvalidInput::new(format!("cannot be encoded as JSON: {err}")).named("body")
        })?;
        self.body = Body::Encoded {
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
        };
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body: the value's fields as
    /// pairs, nested objects as `key[sub]=..`, arrays as `key[0]=..`; `null` and
    /// absent fields are left out.
    pub fn form(&mut self, content_type: &str, body: &impl Serialize) -> Result<(), InvalidInput> {
        let value = serde_json::to_value(body).map_err(|err| {
            InvalidInput::new(format!("cannot be form-encoded: {err}")).named("body")
        })?;
        let mut pairs = Vec::new();
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    form_pairs(key, &item, &mut pairs);
                }
            }
            Value::Null => {}
            _ => {
                return Err(
                    InvalidInput::new("a form-encoded body must be an object".to_owned())
                        .named("body"),
                );
            }
        }
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Body::Encoded {
            content_type: content_type.to_owned(),
            bytes: encoded.into_bytes().into(),
        };
        Ok(())
    }

    /// Sets a raw body with its content type.
    pub fn raw_body(&mut self, content_type: &str, bytes: impl Into<bytes::Bytes>) {
        self.body = Body::Encoded {
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
        };
    }

    /// Adds a text part to a `multipart/form-data` body; `None`/`null` is left out,
    /// arrays give one part per item.
    pub fn multipart_text(
        &mut self,
        name: &str,
        value: &impl Serialize,
    ) -> Result<(), InvalidInput> {
        let values = match to_value(name, value)? {
            Value::Array(items) => items.iter().filter_map(scalar).collect(),
            Value::Object(_) => vec![serde_json::to_string(value).unwrap_or_default()],
            other => scalar(&other).into_iter().collect::<Vec<_>>(),
        };
        for value in values {
            self.push_part(crate::MultipartField::Text {
                name: name.to_owned(),
                value,
            });
        }
        Ok(())
    }

    /// Adds a file part to a `multipart/form-data` body.
    pub fn multipart_file(&mut self, name: &str, file: &crate::FilePart) {
        self.push_part(crate::MultipartField::File {
            name: name.to_owned(),
            file: file.clone(),
        });
    }

    fn push_part(&mut self, field: crate::MultipartField) {
        match &mut self.body {
            Body::Multipart(fields) => fields.push(field),
            other => *other = Body::Multipart(vec![field]),
        }
    }

    /// Marks the request as needing `Authorization: Bearer <token>` when the client
    /// has a token.
    pub fn bearer_auth(&mut self) {
        self.security = &[&[crate::Scheme::Bearer]];
    }

    /// Declares the security requirements: alternatives, each a set of schemes used
    /// together. The first alternative whose credentials the client has is sent;
    /// none when the client has none (an empty list means no credentials at all).
    pub fn security(&mut self, alternatives: &'static [&'static [crate::Scheme]]) {
        self.security = alternatives;
    }

    /// Whether a query parameter is set.
    pub fn has_query(&self, name: &str) -> bool {
        self.query.iter().any(|(k, _)| k == name)
    }

    /// The first value of a query parameter.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a scalar query parameter, replacing any value it had.
    pub fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_owned(), value));
    }

    /// Sends the request to this absolute URL (query included) instead of the base
    /// URL plus path and query.
    pub fn set_absolute_url(&mut self, url: String) {
        self.absolute_url = Some(url);
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, relative to the base URL.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query pairs, in order, not yet percent-encoded.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The body.
    pub fn body(&self) -> &Body {
        &self.body
    }
}

/// The form pairs of one field: scalars as text, objects and arrays by brackets.
fn form_pairs(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (sub, item) in map {
                form_pairs(format!("{key}[{sub}]"), item, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                form_pairs(format!("{key}[{index}]"), item, out);
            }
        }
        Value::String(text) => out.push((key, text.clone())),
        other => out.push((key, other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_escaped() {
        assert_eq!(
            RequestParts::path_segment("p", &"a b/c").unwrap(),
            "a%20b%2Fc"
        );
        assert_eq!(RequestParts::path_segment("p", &7).unwrap(), "7");
        assert!(RequestParts::path_segment("p", &"..").is_err());
        assert!(RequestParts::path_segment("p", &Option::<u8>::None).is_err());
    }

    #[test]
    fn query_styles() {
        let mut r = RequestParts::new(Method::GET, "/".into());
        r.query("a", &vec![1, 2], QueryStyle::Form { explode: true })
            .unwrap();
        r.query("b", &vec![1, 2], QueryStyle::Form { explode: false })
            .unwrap();
        r.query("c", &Option::<u8>::None, QueryStyle::Form { explode: true })
            .unwrap();
        r.query(
            "d",
            &serde_json::json!({"x": {"y": 1}}),
            QueryStyle::DeepObject,
        )
        .unwrap();
        r.query("e", &true, QueryStyle::Form { explode: true })
            .unwrap();
        let pairs: Vec<(&str, &str)> = r
            .query_pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("a", "1"),
                ("a", "2"),
                ("b", "1,2"),
                ("d[x][y]", "1"),
                ("e", "true")
            ]
        );
    }
}
