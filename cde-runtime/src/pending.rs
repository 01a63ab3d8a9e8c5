//! The request a generated operation builder fills in.
//!
//! Each input is converted and checked when it is given, and kept as JSON; the
//! request is put together when it is sent: path parameters go into the path
//! template, the others into the query, headers and cookies in the spec's order,
//! whatever order they were given in. The first invalid input (in the spec's order,
//! the body last) is what sending reports. Keeping this work here, not in each
//! generated builder, keeps a builder one line per input.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::auth::Scheme;
use crate::request::QueryStyle;
use crate::validate::NumberBounds;
use crate::{Body, InvalidInput, Method, MultipartBody, RequestParts};

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Into the path template, replacing `{name}`.
    Path,
    /// Into the query string, in this style.
    Query(QueryStyle),
    /// A header.
    Header,
    /// A cookie.
    Cookie,
    /// The whole query string (OpenAPI 3.2 `in: querystring`): form-encoded
    /// pairs with `form`, else the value's text.
    QueryString {
        /// Whether the parameter's media type is
        /// `application/x-www-form-urlencoded`.
        form: bool,
    },
}

struct Given {
    index: u16,
    name: &'static str,
    place: Place,
    value: Result<Value, InvalidInput>,
}

/// A request being filled in by a generated operation builder.
///
/// Its `Debug` (and so an operation builder's) names the inputs given and
/// where they go, never their values: one may be a secret (a `format:
/// password` input, a token in a header parameter), and a body is shown by
/// its size.
pub struct Pending {
    operation: &'static str,
    method: Method,
    template: &'static str,
    security: &'static [&'static [Scheme]],
    given: Vec<Given>,
    body: Option<Result<Body, InvalidInput>>,
    server: Option<&'static str>,
    options: crate::RequestOptions,
}

impl fmt::Debug for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Given")
            .field("name", &self.name)
            .field("place", &self.place)
            .field("valid", &self.value.is_ok())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("template", &self.template)
            .field("given", &self.given)
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|body| body.as_ref().map_err(|_| "invalid")),
            )
            .field("server", &self.server)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A number a bound can be checked against.
pub trait Number: Copy {
    /// The value as `f64`, for comparing with the bounds.
    fn as_f64(self) -> f64;
}

macro_rules! number {
    ($($t:ty)*) => {$(
        impl Number for $t {
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss, reason = "bounds are compared as f64, like JSON numbers")]
            fn as_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
number!(i32 i64 f32 f64);

impl Pending {
    /// Starts a request of `operation` (its id, which names its spans) for
    /// `template` (the operation's path, parameters as `{name}`, then any
    /// query pairs sent on every request after a `?`, percent-encoded), with
    /// the operation's security alternatives.
    pub fn new(
        operation: &'static str,
        method: Method,
        template: &'static str,
        security: &'static [&'static [Scheme]],
    ) -> Self {
        Self {
            operation,
            method,
            template,
            security,
            given: Vec::new(),
            body: None,
            server: None,
            options: crate::RequestOptions::default(),
        }
    }

    /// Sends the request to the operation's own server (`url`, absolute, from
    /// its `servers`) while the client's base URL is the spec's default.
    pub fn on_server(mut self, url: &'static str) -> Self {
        self.server = Some(url);
        self
    }

    /// Sets the caller's options for this request (see
    /// [`crate::RequestOptions`]), replacing any given before.
    pub fn set_options(&mut self, options: crate::RequestOptions) {
        self.options = options;
    }

    /// Gives the parameter at `index` (its position among the operation's
    /// parameters), replacing any value it had.
    pub fn param<T: Serialize>(
        &mut self,
        index: u16,
        name: &'static str,
        place: Place,
        value: impl crate::Input<T>,
    ) {
        let value = value
            .into_input()
            .map_err(|err| err.named(name))
            .and_then(|value| {
                crate::unknown::check_input(name, &value)?;
                to_json(name, &value)
            });
        self.set(index, name, place, value);
    }

    /// Like [`Pending::param`], for a number with bounds (`minimum`, `maximum`,
    /// `multipleOf`) checked as it is given.
    pub fn number<T: Serialize + Number>(
        &mut self,
        index: u16,
        name: &'static str,
        place: Place,
        value: impl crate::Input<T>,
        bounds: NumberBounds,
    ) {
        let value = value.into_input().map_err(|err| err.named(name));
        let value = value.and_then(|value| {
            crate::unknown::check_input(name, &value)?;
            bounds.check_named(name, Some(value.as_f64()))?;
            to_json(name, &value)
        });
        self.set(index, name, place, value);
    }

    fn set(
        &mut self,
        index: u16,
        name: &'static str,
        place: Place,
        value: Result<Value, InvalidInput>,
    ) {
        self.given.retain(|given| given.index != index);
        self.given.push(Given {
            index,
            name,
            place,
            value,
        });
    }

    /// Sets a JSON body of the given media type.
    pub fn json_body<T: Serialize>(&mut self, media: &str, value: impl crate::Input<T>) {
        self.body_with(value, |parts, body| {
            crate::unknown::check_input("body", &body)?;
            parts.json(media, &body)
        });
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form_body<T: Serialize>(&mut self, media: &str, value: impl crate::Input<T>) {
        self.body_with(value, |parts, body| {
            crate::unknown::check_input("body", &body)?;
            parts.form(media, &body)
        });
    }

    /// Sets an `application/x-www-form-urlencoded` body whose properties named in
    /// `encodings` are written in their own style (see [`RequestParts::form_encoded`]).
    pub fn form_body_encoded<T: Serialize>(
        &mut self,
        media: &str,
        value: impl crate::Input<T>,
        encodings: &[crate::request::FormEncoding],
    ) {
        self.body_with(value, |parts, body| {
            crate::unknown::check_input("body", &body)?;
            parts.form_encoded(media, &body, encodings)
        });
    }

    /// Sets a text body of the given media type.
    pub fn text_body(&mut self, media: &str, value: impl crate::Input<String>) {
        self.body_with(value, |parts, body: String| {
            parts.raw_body(media, body.into_bytes());
            Ok(())
        });
    }

    /// Sets a binary body of the given media type: bytes, or a stream.
    pub fn bytes_body(&mut self, media: &str, value: impl crate::Input<crate::BinaryBody>) {
        self.body_with(value, |parts, body: crate::BinaryBody| {
            parts.body = body.into_body(media);
            Ok(())
        });
    }

    /// Sets a binary body documented under a media range (`*/*`, `image/*`), sent
    /// with the `Content-Type` the caller gives: a media type in the range (checked
    /// here; a bad one is the body's invalid input).
    pub fn ranged_body(
        &mut self,
        range: &str,
        content_type: impl crate::Input<String>,
        value: impl crate::Input<crate::BinaryBody>,
    ) {
        let content_type = content_type.into_input().and_then(|content_type| {
            crate::media::check_content_type(range, &content_type)?;
            Ok(content_type)
        });
        match content_type {
            Ok(content_type) => self.body_with(value, |parts, body: crate::BinaryBody| {
                parts.body = body.into_body(&content_type);
                Ok(())
            }),
            Err(err) => self.body = Some(Err(err.named("body"))),
        }
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart_body<T: MultipartBody>(&mut self, value: impl crate::Input<T>) {
        self.body_with(value, |parts, body| body.write_parts(parts));
    }

    fn body_with<T>(
        &mut self,
        value: impl crate::Input<T>,
        encode: impl FnOnce(&mut RequestParts, T) -> Result<(), InvalidInput>,
    ) {
        let body = value.into_input().map_err(|err| err.named("body"));
        self.body = Some(body.and_then(|body| {
            let mut parts = RequestParts::new(Method::GET, String::new());
            encode(&mut parts, body)?;
            Ok(parts.body)
        }));
    }

    /// Puts the request together, or gives the first invalid input.
    pub fn finish(mut self) -> Result<RequestParts, InvalidInput> {
        let mut given = self.given;
        given.sort_by_key(|given| given.index);
        let mut values = Vec::with_capacity(given.len());
        for given in given {
            values.push((given.name, given.place, given.value?));
        }
        let body = self.body.transpose()?;
        if let Some(err) = self.options.invalid.take() {
            return Err(err);
        }
        let (template, constant_query) = match self.template.split_once('?') {
            Some((template, query)) => (template, Some(query)),
            None => (self.template, None),
        };
        let mut path = String::with_capacity(template.len());
        let mut rest = template;
        // Braces are ASCII: a byte search finds them (a `char` search costs
        // about 300 instructions more per request).
        while let Some(open) = rest.bytes().position(|b| b == b'{') {
            let Some(close) = rest[open..]
                .bytes()
                .position(|b| b == b'}')
                .map(|at| open + at)
            else {
                break;
            };
            path.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            match values
                .iter()
                .find(|(given, place, _)| *place == Place::Path && *given == name)
            {
                Some((name, _, value)) => crate::request::push_segment(&mut path, name, value)?,
                None => path.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        let mut parts = RequestParts::new(self.method, path);
        parts
            .query
            .extend(constant_query.into_iter().flat_map(constant_pairs));
        for (name, place, value) in &values {
            match place {
                Place::Path => {}
                Place::Query(style) => parts.query(name, value, *style)?,
                Place::Header => parts.header(name, value)?,
                Place::Cookie => parts.cookie(name, value)?,
                Place::QueryString { form } => parts.query_string(name, value, *form)?,
            }
        }
        if let Some(body) = body {
            parts.body = body;
        }
        parts.security(self.security);
        parts.server = self.server;
        parts.options = self.options;
        parts.operation = self.operation;
        parts.template = template;
        Ok(parts)
    }
}

/// The pairs of a template's constant query (`method=search&v=2`,
/// percent-encoded), decoded.
pub(crate) fn constant_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(move |pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
}

fn to_json(name: &str, value: &impl Serialize) -> Result<Value, InvalidInput> {
    serde_json::to_value(value)
        .map_err(|err| InvalidInput::new(format!("cannot be encoded: {err}")).named(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_go_in_spec_order_whatever_order_they_come_in() {
        let mut pending = Pending::new("test", Method::GET, "/repos/{owner}/{repo}/issues", &[]);
        pending.param::<String>(0, "owner", Place::Path, "a b");
        pending.param::<String>(1, "repo", Place::Path, "r/1");
        pending.param::<i64>(
            3,
            "page",
            Place::Query(QueryStyle::Form { explode: true }),
            2,
        );
        pending.param::<String>(
            2,
            "state",
            Place::Query(QueryStyle::Form { explode: true }),
            "open",
        );
        pending.param::<String>(4, "x-trace", Place::Header, "t");
        // given again: replaces
        pending.param::<i64>(
            3,
            "page",
            Place::Query(QueryStyle::Form { explode: true }),
            3,
        );
        let parts = pending.finish().unwrap();
        assert_eq!(parts.path(), "/repos/a%20b/r%2F1/issues");
        let query: Vec<(&str, &str)> = parts
            .query_pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(query, [("state", "open"), ("page", "3")]);
        assert_eq!(parts.headers.len(), 1);
    }

    #[test]
    fn a_constant_query_in_the_template_goes_first_into_the_query() {
        let mut pending = Pending::new(
            "test",
            Method::GET,
            "/rest/{id}?method=a.b&q=x%20y%26z",
            &[],
        );
        pending.param::<String>(0, "id", Place::Path, "7");
        pending.param::<String>(
            1,
            "page",
            Place::Query(QueryStyle::Form { explode: true }),
            "2",
        );
        let parts = pending.finish().unwrap();
        assert_eq!(parts.path(), "/rest/7");
        let query: Vec<(&str, &str)> = parts
            .query_pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(query, [("method", "a.b"), ("q", "x y&z"), ("page", "2")]);
    }

    /// Several invalid inputs: the one reported is the first in the spec's order,
    /// whatever order the caller set them in.
    #[test]
    fn the_first_invalid_input_in_spec_order_is_reported() {
        let bounds = NumberBounds {
            minimum: Some(1.0),
            maximum: Some(100.0),
            exclusive_minimum: false,
            exclusive_maximum: false,
            multiple_of: None,
        };
        let mut pending = Pending::new("test", Method::GET, "/items/{id}", &[]);
        pending.number::<i64>(
            2,
            "per_page",
            Place::Query(QueryStyle::Form { explode: true }),
            500,
            bounds,
        );
        pending.param::<uuid::Uuid>(0, "id", Place::Path, "not-a-uuid");
        let err = pending.finish().unwrap_err();
        assert!(err.to_string().contains("id"), "{err}");

        let mut pending = Pending::new("test", Method::GET, "/items", &[]);
        pending.number::<i64>(
            2,
            "per_page",
            Place::Query(QueryStyle::Form { explode: true }),
            500,
            bounds,
        );
        let err = pending.finish().unwrap_err();
        assert!(err.to_string().contains("per_page"), "{err}");
        // A valid value given later replaces the invalid one.
        let mut pending = Pending::new("test", Method::GET, "/items", &[]);
        pending.number::<i64>(
            2,
            "per_page",
            Place::Query(QueryStyle::Form { explode: true }),
            500,
            bounds,
        );
        pending.number::<i64>(
            2,
            "per_page",
            Place::Query(QueryStyle::Form { explode: true }),
            50,
            bounds,
        );
        assert_eq!(
            pending.finish().unwrap().query_value("per_page"),
            Some("50")
        );
    }

    #[test]
    fn bodies_are_encoded_when_given_and_reported_after_parameters() {
        let mut pending = Pending::new("test", Method::POST, "/pets", &[]);
        pending.json_body("application/json", serde_json::json!({"name": "Rex"}));
        let parts = pending.finish().unwrap();
        match parts.body() {
            Body::Encoded {
                content_type,
                bytes,
            } => {
                assert_eq!(content_type, "application/json");
                assert_eq!(&bytes[..], br#"{"name":"Rex"}"#);
            }
            other => panic!("{other:?}"),
        }
        let mut pending = Pending::new("test", Method::POST, "/pets", &[]);
        pending.text_body("text/plain", "hi");
        pending.param::<bool>(
            0,
            "dry",
            Place::Query(QueryStyle::Form { explode: true }),
            true,
        );
        assert_eq!(pending.finish().unwrap().query_value("dry"), Some("true"));
    }

    #[test]
    fn a_ranged_body_goes_with_the_callers_content_type_if_in_range() {
        let mut pending = Pending::new("test", Method::POST, "/blobs", &[]);
        pending.ranged_body("image/*", "image/png", &b"\x89PNG"[..]);
        match pending.finish().unwrap().body() {
            Body::Encoded {
                content_type,
                bytes,
            } => {
                assert_eq!(content_type, "image/png");
                assert_eq!(&bytes[..], b"\x89PNG");
            }
            other => panic!("{other:?}"),
        }
        let mut pending = Pending::new("test", Method::POST, "/blobs", &[]);
        pending.ranged_body("image/*", "text/plain", &b"hi"[..]);
        let err = pending.finish().unwrap_err();
        assert_eq!(err.name(), "body");
        assert!(err.message().contains("text/plain"), "{err}");
        // A later body replaces the bad one.
        let mut pending = Pending::new("test", Method::POST, "/blobs", &[]);
        pending.ranged_body("*/*", "not a media type", &b"hi"[..]);
        pending.bytes_body("application/octet-stream", &b"hi"[..]);
        assert!(pending.finish().is_ok());
    }
}
