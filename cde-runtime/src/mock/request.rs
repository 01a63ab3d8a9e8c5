//! A request as the mock server received it ([`Incoming`]): its parts, its body
//! read within a limit, multipart parts, cookies; and what a bad one is
//! ([`InvalidRequest`]).

use std::convert::Infallible;
use std::fmt;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming as HyperBody;

use super::DRAIN_LIMIT;
use super::reader::Reader;
use super::reply::Reply;
use crate::request::FormEncoding;
use crate::{HeaderMap, Method, StatusCode};

/// A request as received, after routing.
///
/// Its `Debug` hides what can carry a credential: the values of the query
/// (an API key can be one), of `Authorization` and `Cookie`, and the body
/// (given by its size).
pub struct Incoming {
    pub(super) method: Method,
    pub(super) path_params: Vec<String>,
    pub(super) query: Vec<(String, String)>,
    /// The query string as received (percent-encoded), if any.
    pub(super) raw_query: Option<String>,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) parts: Option<Result<Vec<ReceivedPart>, String>>,
    pub(super) media: usize,
}

impl fmt::Debug for Incoming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Incoming")
            .field("method", &self.method)
            .field("path_params", &self.path_params)
            .field("query", &query)
            .field("headers", &crate::secret::ShownHeaders(&self.headers))
            .field("body_len", &self.body.len())
            .field("media", &self.media)
            .finish_non_exhaustive()
    }
}

impl Incoming {
    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The query pairs, decoded, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Which of the operation's media types the body came as: 0 for the
    /// route's own [`Route::body`](super::Route::body) (also when there is no
    /// body), `i` for the `i`-th of the others given to
    /// [`MockBuilder::route_accepting`](super::MockBuilder::route_accepting).
    pub fn media(&self) -> usize {
        self.media
    }

    /// The request's `Content-Type`, or "" without one.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// One part of a received `multipart/form-data` body.
#[derive(Debug, Clone)]
pub(super) struct ReceivedPart {
    pub(super) name: String,
    pub(super) file_name: Option<String>,
    pub(super) content_type: Option<String>,
    pub(super) bytes: Bytes,
}

/// A request whose inputs do not match the spec: each bad field with what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvalidRequest {
    pub(super) fields: Vec<(String, String)>,
}

impl InvalidRequest {
    /// The bad fields, by name (a parameter's name, or a body field's path such as
    /// `connector.type`), each with a message.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    pub(super) fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        if !self.fields.iter().any(|(f, _)| *f == field) {
            self.fields.push((field, message.into()));
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid request: ")?;
        for (i, (field, message)) in self.fields.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{field}: {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidRequest {}

/// An operation's typed request, read from an [`Incoming`] request (implemented by
/// generated code).
pub trait MockRequest: Sized + Send + 'static {
    /// Reads every input, collecting every bad one.
    fn read(request: &Incoming) -> Result<Self, InvalidRequest>;
}

/// A `multipart/form-data` body type, read from its parts (implemented by
/// generated code).
pub trait FromParts: Sized {
    /// Reads the fields, recording bad ones on the reader; `None` if any is bad.
    fn from_parts(reader: &mut Reader<'_>) -> Option<Self>;
}

/// The shape of a parameter's value, for reading it back from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A single value.
    Scalar,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A property of an `application/x-www-form-urlencoded` body with an `encoding`
/// entry: how it is written, and the shape to read it back into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormProperty {
    /// How the client writes it.
    pub encoding: FormEncoding,
    /// Its value's shape.
    pub shape: Shape,
}

pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(hyper::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
}

/// Reads the body up to `limit` bytes; a larger one is drained (up to a hard
/// bound) and answered with 413, so the client gets to read the answer.
pub(super) async fn read_body(mut body: HyperBody, limit: usize) -> Result<Bytes, Reply> {
    let mut kept = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(Reply::problem(
                StatusCode::BAD_REQUEST,
                "the request body could not be read",
                None,
            ));
        };
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total <= limit {
                kept.extend_from_slice(&data);
            } else if total > DRAIN_LIMIT {
                break;
            }
        }
    }
    if total > limit {
        let mut reply = Reply::problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the body exceeds the limit of {limit} bytes"),
            None,
        );
        reply
            .headers
            .push((hyper::header::CONNECTION, String::from("close")));
        return Err(reply);
    }
    Ok(Bytes::from(kept))
}

pub(super) async fn read_parts(body: Bytes, boundary: String) -> Result<Vec<ReceivedPart>, String> {
    let stream = futures::stream::once(async move { Ok::<_, Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_owned();
                let file_name = field.file_name().map(str::to_owned);
                let content_type = field.content_type().map(|m| m.to_string());
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|err| format!("is not valid multipart/form-data: {err}"))?;
                parts.push(ReceivedPart {
                    name,
                    file_name,
                    content_type,
                    bytes,
                });
            }
            Ok(None) => return Ok(parts),
            Err(err) => return Err(format!("is not valid multipart/form-data: {err}")),
        }
    }
}
