use std::fmt;

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

/// Characters escaped in a whole query string given as one value (OpenAPI 3.2
/// `in: querystring`): everything but RFC 3986 unreserved ones, so the value
/// reaches the server as one piece, its `&`, `=` and `+` included.
const QUERY_STRING: &AsciiSet = SEGMENT;

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

/// How one property of an `application/x-www-form-urlencoded` body is written:
/// its entry in the spec's `encoding` map. Properties without one are written as
/// [`RequestParts::form`] writes them (which is `deepObject`'s nesting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormEncoding {
    /// The property's name.
    pub name: &'static str,
    /// Its `style` and `explode`.
    pub style: QueryStyle,
    /// `allowReserved`: the RFC 3986 reserved characters in its values are sent
    /// unescaped, except `&`, `=` and `+`, which would change what the body says.
    pub allow_reserved: bool,
}

/// A request body, already encoded.
///
/// Its `Debug` gives the content type and size, never the bytes: a body can
/// carry a secret (a password field).
#[derive(Clone, Default)]
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
    /// A binary body read from a stream as it is sent (see
    /// [`crate::BinaryBody::stream`]): it can be sent only once.
    Stream {
        /// The `Content-Type` to send.
        content_type: String,
        /// The stream, taken by the first send.
        #[doc(hidden)]
        body: crate::binary::Streamed,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Multipart(fields) => f.debug_tuple("Multipart").field(fields).finish(),
            Body::Encoded {
                content_type,
                bytes,
            } => f
                .debug_struct("Encoded")
                .field("content_type", content_type)
                .field("len", &bytes.len())
                .finish(),
            Body::Stream { content_type, .. } => f
                .debug_struct("Stream")
                .field("content_type", content_type)
                .finish_non_exhaustive(),
        }
    }
}

impl Body {
    /// Whether the body can be sent more than once (a retry, a redirect
    /// that keeps the body).
    pub(crate) fn can_resend(&self) -> bool {
        match self {
            Body::Empty | Body::Multipart(_) | Body::Encoded { .. } => true,
            Body::Stream { .. } => false,
        }
    }
}

/// Everything one request needs, filled in by a generated operation.
///
/// Its `Debug` shows the operation, the path template and the names of the
/// query parameters and headers, never their values (one may be a secret).
#[derive(Clone)]
pub struct RequestParts {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Body,
    /// Alternatives: the first whose credentials are all configured is used.
    pub(crate) security: &'static [&'static [crate::auth::Scheme]],
    /// An absolute URL that replaces base URL, path and query (a `Link` header's).
    pub(crate) absolute_url: Option<String>,
    /// The operation's own server (from its `servers`), used instead of the
    /// client's base URL while that is the spec's default.
    pub(crate) server: Option<&'static str>,
    /// A whole query string set by an OpenAPI 3.2 `in: querystring` parameter
    /// that is not form-encoded, percent-encoded; any pairs follow it.
    pub(crate) raw_query: Option<String>,
    /// The caller's overrides of the client's settings, and extra headers.
    pub(crate) options: crate::RequestOptions,
    /// The operation's id and path template (without its constant query),
    /// which name its spans.
    pub(crate) operation: &'static str,
    pub(crate) template: &'static str,
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestParts")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("template", &self.template)
            .field("query", &query)
            .field("headers", &headers)
            .field("body", &self.body)
            .field("next_page_url", &self.absolute_url.is_some())
            .field("server", &self.server)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Whether `text` can be a cookie's value as it is (RFC 6265 §4.1.1's
/// `cookie-octet`s: printable ASCII but space, `"`, `,`, `;` and `\`).
pub(crate) fn is_cookie_value(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

/// Whether `b` may be in an HTTP token (RFC 9110 §5.6.2), as a cookie's name.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The text form of a scalar parameter value; `None` for `null`.
pub(crate) fn scalar(value: &Value) -> Option<String> {
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

/// Appends a path parameter's value to `path` as one percent-encoded segment
/// (see [`RequestParts::path_segment`]).
pub(crate) fn push_segment(
    path: &mut String,
    name: &str,
    value: &Value,
) -> Result<(), InvalidInput> {
    let text = scalar(value)
        .ok_or_else(|| InvalidInput::new("a path parameter cannot be null").named(name))?;
    if text.is_empty() || text == "." || text == ".." {
        return Err(
            InvalidInput::new(format!("{text:?} cannot be used as a path segment")).named(name),
        );
    }
    path.extend(utf8_percent_encode(&text, SEGMENT));
    Ok(())
}

/// `value` as JSON, or invalid input `name` that cannot be encoded.
pub(crate) fn to_value(name: &str, value: &impl Serialize) -> Result<Value, InvalidInput> {
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
            server: None,
            raw_query: None,
            options: crate::RequestOptions::default(),
            operation: "",
            template: "",
        }
    }

    /// Encodes a path parameter value as one percent-encoded path segment
    /// (`style: simple`: arrays and objects comma-separated).
    pub fn path_segment(name: &str, value: &impl Serialize) -> Result<String, InvalidInput> {
        let mut segment = String::new();
        push_segment(&mut segment, name, &to_value(name, value)?)?;
        Ok(segment)
    }

    /// Adds a query parameter; `None`/`null` values are left out.
    pub fn query(
        &mut self,
        name: &str,
        value: &impl Serialize,
        style: QueryStyle,
    ) -> Result<(), InvalidInput> {
        let value = to_value(name, value)?;
        styled_pairs(name, &value, style, &mut self.query);
        Ok(())
    }

    /// Sets the whole query string from an OpenAPI 3.2 `in: querystring`
    /// parameter; `null` leaves it out. With `form` (its media type is
    /// `application/x-www-form-urlencoded`) the value's members become pairs
    /// written as a form body's are ([`RequestParts::form`]); otherwise a string
    /// is the query string as it is and any other value its JSON text, each
    /// percent-encoded.
    pub fn query_string(
        &mut self,
        name: &str,
        value: &impl Serialize,
        form: bool,
    ) -> Result<(), InvalidInput> {
        let value = to_value(name, value)?;
        if form {
            return match value {
                Value::Null => Ok(()),
                Value::Object(map) => {
                    for (key, item) in &map {
                        styled_pairs(key, item, QueryStyle::DeepObject, &mut self.query);
                    }
                    Ok(())
                }
                _ => Err(InvalidInput::new(
                    "a form-encoded query string must be an object".to_owned(),
                )
                .named(name)),
            };
        }
        let text = match value {
            Value::Null => return Ok(()),
            Value::String(text) => text,
            other => other.to_string(),
        };
        self.raw_query = Some(utf8_percent_encode(&text, QUERY_STRING).to_string());
        Ok(())
    }

    /// Adds a header parameter; `None`/`null` values are left out.
    pub fn header(&mut self, name: &str, value: &impl Serialize) -> Result<(), InvalidInput> {
        let Some(text) = scalar(&to_value(name, value)?) else {
            return Ok(());
        };
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidInput::new("not a valid header name").named(name))?;
        // The value is not repeated: a header parameter often carries a secret.
        let header_value = HeaderValue::from_str(&text).map_err(|_| {
            InvalidInput::new("is not a valid header value (no control characters or line breaks)")
                .named(name)
        })?;
        self.headers.push((header_name, header_value));
        Ok(())
    }

    /// Adds a cookie parameter (sent in one `Cookie` header); `None`/`null` is left out.
    pub fn cookie(&mut self, name: &str, value: &impl Serialize) -> Result<(), InvalidInput> {
        let Some(text) = scalar(&to_value(name, value)?) else {
            return Ok(());
        };
        if !is_cookie_value(&text) || name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(InvalidInput::new(
                "has characters a cookie cannot carry (RFC 6265: no space, comma, semicolon, quote, backslash or control character)",
            )
            .named(name));
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
        self.form_encoded(content_type, body, &[])
    }

    /// Sets an `application/x-www-form-urlencoded` body whose properties named in
    /// `encodings` are written in their own style (the spec's `encoding` entries);
    /// the others as [`RequestParts::form`] writes them.
    pub fn form_encoded(
        &mut self,
        content_type: &str,
        body: &impl Serialize,
        encodings: &[FormEncoding],
    ) -> Result<(), InvalidInput> {
        let value = serde_json::to_value(body).map_err(|err| {
            InvalidInput::new(format!("cannot be form-encoded: {err}")).named("body")
        })?;
        let mut encoded = String::new();
        match value {
            Value::Object(map) => {
                let mut pairs = Vec::new();
                for (key, item) in map {
                    let encoding = encodings.iter().find(|e| e.name == key);
                    let style = encoding.map_or(QueryStyle::DeepObject, |e| e.style);
                    styled_pairs(&key, &item, style, &mut pairs);
                    let allow_reserved = encoding.is_some_and(|e| e.allow_reserved);
                    for (name, text) in pairs.drain(..) {
                        if !encoded.is_empty() {
                            encoded.push('&');
                        }
                        encoded.extend(form_urlencoded::byte_serialize(name.as_bytes()));
                        encoded.push('=');
                        if allow_reserved {
                            encode_allowing_reserved(&text, &mut encoded);
                        } else {
                            encoded.extend(form_urlencoded::byte_serialize(text.as_bytes()));
                        }
                    }
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

    /// Marks the request as needing `Authorization: Bearer <token>` when the client
    /// has a token.
    pub fn bearer_auth(&mut self) {
        self.security = &[&[crate::auth::Scheme::Bearer]];
    }

    /// Declares the security requirements: alternatives, each a set of schemes used
    /// together. The first alternative whose credentials the client has is sent;
    /// none when the client has none (an empty list means no credentials at all).
    pub fn security(&mut self, alternatives: &'static [&'static [crate::auth::Scheme]]) {
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

/// The pairs of one parameter or form property written in `style` (OpenAPI
/// `style` and `explode`); `null` gives none.
///
/// | value | `form`, explode | `form` | `spaceDelimited` / `pipeDelimited` | `deepObject` |
/// | --- | --- | --- | --- | --- |
/// | scalar | `k=v` | `k=v` | `k=v` | `k=v` |
/// | array | `k=a&k=b` | `k=a,b` | `k=a b` / `k=a\|b` | `k[0]=a&k[1]=b` |
/// | object | `x=1&y=2` | `k=x,1,y,2` | `k=x 1 y 2` / `k=x\|1\|y\|2` | `k[x]=1&k[y]=2` |
///
/// `deepObject` nests (`k[a][b]`, `k[a][0]`); the other styles write a nested
/// array or object as its comma-separated text.
fn styled_pairs(name: &str, value: &Value, style: QueryStyle, out: &mut Vec<(String, String)>) {
    let separator = match style {
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        _ => ",",
    };
    match (value, style) {
        (Value::Null, _) => {}
        (_, QueryStyle::DeepObject) => deep_object(name.to_owned(), value, out),
        (Value::Array(items), QueryStyle::Form { explode: true }) => {
            for item in items {
                if let Some(text) = scalar(item) {
                    out.push((name.to_owned(), text));
                }
            }
        }
        (Value::Object(map), QueryStyle::Form { explode: true }) => {
            for (key, item) in map {
                if let Some(text) = scalar(item) {
                    out.push((key.clone(), text));
                }
            }
        }
        (Value::Array(items), _) => {
            let joined = items
                .iter()
                .filter_map(scalar)
                .collect::<Vec<_>>()
                .join(separator);
            out.push((name.to_owned(), joined));
        }
        (Value::Object(map), _) => {
            let joined = map
                .iter()
                .filter_map(|(k, v)| scalar(v).map(|v| format!("{k}{separator}{v}")))
                .collect::<Vec<_>>()
                .join(separator);
            out.push((name.to_owned(), joined));
        }
        (value, _) => {
            if let Some(text) = scalar(value) {
                out.push((name.to_owned(), text));
            }
        }
    }
}

/// `name[key]=value` pairs, nested objects as `name[a][b]`, arrays as `name[0]`;
/// a scalar is `name=value`.
fn deep_object(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, item) in map {
                deep_object(format!("{prefix}[{key}]"), item, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep_object(format!("{prefix}[{index}]"), item, out);
            }
        }
        scalar_value => {
            if let Some(text) = scalar(scalar_value) {
                out.push((prefix, text));
            }
        }
    }
}

/// Form-encodes a value whose property has `allowReserved`: like
/// `form_urlencoded`, but the RFC 3986 reserved characters are kept as they are,
/// except `&`, `=` and `+`, which would split the pair or read as a space.
fn encode_allowing_reserved(text: &str, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b' ' => out.push('+'),
            b'a'..=b'z'
            | b'A'..=b'Z'
            | b'0'..=b'9'
            | b'*'
            | b'-'
            | b'.'
            | b'_'
            | b':'
            | b'/'
            | b'?'
            | b'#'
            | b'['
            | b']'
            | b'@'
            | b'!'
            | b'$'
            | b'\''
            | b'('
            | b')'
            | b','
            | b';' => out.push(char::from(byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_names_and_sizes_never_values() {
        let mut r = RequestParts::new(Method::POST, "/login".into());
        r.query("code", &"q-secret", QueryStyle::Form { explode: true })
            .unwrap();
        r.headers.push((
            HeaderName::from_static("x-token"),
            HeaderValue::from_static("h-secret"),
        ));
        r.body = Body::Multipart(vec![
            crate::MultipartField::Text {
                name: String::from("password"),
                value: String::from("m-secret"),
                content_type: None,
            },
            crate::MultipartField::File {
                name: String::from("key"),
                file: crate::FilePart::new(b"f-secret".to_vec()),
            },
        ]);
        let shown = format!("{r:?}");
        for secret in ["q-secret", "h-secret", "m-secret", "f-secret"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for named in ["code", "x-token", "password", "key"] {
            assert!(shown.contains(named), "{named} not in {shown}");
        }
        let encoded = Body::Encoded {
            content_type: String::from("application/json"),
            bytes: bytes::Bytes::from_static(br#"{"password":"b-secret"}"#),
        };
        let shown = format!("{encoded:?}");
        assert!(
            !shown.contains("b-secret") && shown.contains("len: 23"),
            "{shown}"
        );
    }

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

    fn form_text(body: &serde_json::Value, encodings: &[FormEncoding]) -> String {
        let mut r = RequestParts::new(Method::POST, "/".into());
        r.form_encoded("application/x-www-form-urlencoded", body, encodings)
            .unwrap();
        match r.body() {
            Body::Encoded { bytes, .. } => String::from_utf8(bytes.to_vec()).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    /// Each form property is written as its encoding entry says: style, explode
    /// and reserved characters.
    #[test]
    fn form_properties_follow_their_encoding() {
        let body = serde_json::json!({
            "a": [1, 2], "o": {"x": "1", "y": null}, "s": "q/r", "n": null, "d": {"k": [true]}
        });
        // Without entries: brackets, reserved characters escaped.
        assert_eq!(
            form_text(&body, &[]),
            "a%5B0%5D=1&a%5B1%5D=2&o%5Bx%5D=1&s=q%2Fr&d%5Bk%5D%5B0%5D=true"
        );
        let entry = |name, style, allow_reserved| FormEncoding {
            name,
            style,
            allow_reserved,
        };
        let cases = [
            (QueryStyle::Form { explode: true }, "a=1&a=2&x=1"),
            (QueryStyle::Form { explode: false }, "a=1%2C2&o=x%2C1"),
            (QueryStyle::SpaceDelimited, "a=1+2&o=x+1"),
            (QueryStyle::PipeDelimited, "a=1%7C2&o=x%7C1"),
            (QueryStyle::DeepObject, "a%5B0%5D=1&a%5B1%5D=2&o%5Bx%5D=1"),
        ];
        for (style, expected) in cases {
            let encodings = [entry("a", style, false), entry("o", style, false)];
            assert_eq!(
                form_text(
                    &serde_json::json!({"a": [1, 2], "o": {"x": "1"}}),
                    &encodings
                ),
                expected,
                "{style:?}"
            );
        }
        let reserved = [entry("s", QueryStyle::Form { explode: false }, true)];
        assert_eq!(
            form_text(
                &serde_json::json!({"s": ":/?#[]@!$'()*,; &=+%~é"}),
                &reserved
            ),
            "s=:/?#[]@!$'()*,;+%26%3D%2B%25%7E%C3%A9"
        );
    }
}
