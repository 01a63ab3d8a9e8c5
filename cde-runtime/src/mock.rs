//! A spec-driven mock server (feature `mock`), the run-time half of the `mock`
//! module that `generate_client!(..., mock = true)` emits.
//!
//! The generated module registers one [`Route`] per operation on a [`MockBuilder`]
//! and adds typed `on_<operation>` handlers; this module does the serving: it
//! routes a request by method and path template, checks its credentials against
//! the operation's security requirements, reads it into the operation's typed
//! request (path, query, headers, cookies and body; every bad field named), and
//! answers with a typed handler's response or the operation's documented example.
//!
//! | Request | Answer |
//! |---|---|
//! | no route for the path | 404, `application/problem+json` |
//! | the path exists, the method does not | 405 with `Allow` |
//! | body larger than the limit (2 MiB unless set) | 413 |
//! | body of a media type the operation does not take (none of those it lists) | 415 |
//! | missing or malformed credentials | 401: the documented body if any |
//! | invalid input | 400: the documented body, its errors map filled with one entry per bad field; else `application/problem+json` naming the fields |
//! | a typed handler is set | its response, encoded |
//! | otherwise | the documented success example |
//! | a handler panics | 500 |

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::FutureExt;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming as HyperBody;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{
    ApiKeyLocation, Body, BoxFuture, EncodeResponses, FilePart, FormEncoding, HeaderMap,
    InvalidInput, Method, QueryStyle, Scheme, StatusCode,
};

/// The default request body limit: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Bodies beyond this are not even drained before the 413 answer.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// A canned response from the spec: a status, a media type and a body.
#[derive(Debug, Clone, Copy)]
pub struct Canned {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` (empty for no body).
    pub content_type: &'static str,
    /// The body (an example, or a value made from the schema).
    pub body: &'static str,
}

/// How the typed request's body arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// JSON (`application/json` or `+json`).
    Json,
    /// `multipart/form-data`.
    Multipart,
    /// Any other media type: the documented one, or any in a range (`*/*`,
    /// `image/*`).
    Other(&'static str),
}

/// One operation as the mock server sees it.
#[derive(Debug, Clone)]
pub struct Route {
    /// The operationId.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/connectors/{publicId}`.
    pub path: &'static str,
    /// Security alternatives (empty: none needed).
    pub security: &'static [&'static [Scheme]],
    /// The request body's media, if the operation takes a body.
    pub body: Option<BodyMedia>,
    /// The documented success answered by default.
    pub success: Canned,
    /// The documented 400 response, if any.
    pub bad_request: Option<Canned>,
    /// The documented 401 response, if any.
    pub unauthorized: Option<Canned>,
}

/// A request as received, after routing.
#[derive(Debug)]
pub struct Incoming {
    method: Method,
    path_params: Vec<String>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
    parts: Option<Result<Vec<ReceivedPart>, String>>,
    media: usize,
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

    /// Which of the operation's media types the body came as: 0 for the route's
    /// own [`Route::body`] (also when there is no body), `i` for the `i`-th of the
    /// others given to [`MockBuilder::route_accepting`].
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
struct ReceivedPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Bytes,
}

/// A request whose inputs do not match the spec: each bad field with what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvalidRequest {
    fields: Vec<(String, String)>,
}

impl InvalidRequest {
    /// The bad fields, by name (a parameter's name, or a body field's path such as
    /// `connector.type`), each with a message.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
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

/// Reads a request's inputs into typed values, collecting every problem.
///
/// Each method returns `None` when the input is bad (the problem is recorded) and
/// `Some(None)` when an optional input is absent.
#[derive(Debug)]
pub struct Reader<'a> {
    request: &'a Incoming,
    errors: InvalidRequest,
}

impl<'a> Reader<'a> {
    /// A reader with no problems recorded yet.
    pub fn new(request: &'a Incoming) -> Self {
        Self {
            request,
            errors: InvalidRequest::default(),
        }
    }

    /// The path parameter at `index` (in template order), named `name`.
    pub fn path<T: DeserializeOwned + Serialize>(
        &mut self,
        index: usize,
        name: &str,
    ) -> Option<Option<T>> {
        let Some(text) = self.request.path_params.get(index) else {
            self.errors.push(name, "is required");
            return None;
        };
        self.text_value(name, Value::String(text.clone())).map(Some)
    }

    /// A query parameter.
    pub fn query<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        style: QueryStyle,
        shape: Shape,
        required: bool,
    ) -> Option<Option<T>> {
        let pairs = &self.request.query;
        let value = match (shape, style) {
            (Shape::Object, QueryStyle::DeepObject) => {
                let prefix = format!("{name}[");
                let mut object = Value::Object(Map::new());
                let mut any = false;
                for (key, value) in pairs {
                    if let Some(rest) = key.strip_prefix(&prefix) {
                        let keys: Vec<&str> = rest.trim_end_matches(']').split("][").collect();
                        insert_deep(&mut object, &keys, value);
                        any = true;
                    }
                }
                any.then_some(object)
            }
            (Shape::Object, QueryStyle::Form { explode: true }) => {
                let object: Map<String, Value> = pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect();
                (!object.is_empty()).then_some(Value::Object(object))
            }
            (Shape::Array, QueryStyle::Form { explode: true } | QueryStyle::DeepObject) => {
                let items: Vec<Value> = pairs
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| Value::String(v.clone()))
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            (shape @ (Shape::Object | Shape::Array), _) => {
                first(pairs, name).map(|text| split_styled(text, shape, style))
            }
            (Shape::Scalar, _) => first(pairs, name).map(|text| Value::String(text.to_owned())),
        };
        self.optional(name, value, required)
    }

    /// A header parameter.
    pub fn header<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        required: bool,
    ) -> Option<Option<T>> {
        let value = match self.request.headers.get(name).map(|v| v.to_str()) {
            Some(Ok(text)) => Some(Value::String(text.to_owned())),
            Some(Err(_)) => {
                self.errors.push(name, "is not valid header text");
                return None;
            }
            None => None,
        };
        self.optional(name, value, required)
    }

    /// A cookie parameter.
    pub fn cookie<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        required: bool,
    ) -> Option<Option<T>> {
        let value = cookie(&self.request.headers, name).map(Value::String);
        self.optional(name, value, required)
    }

    /// Records a failed check (numeric bounds) under the input's name.
    pub fn check(&mut self, result: Result<(), InvalidInput>) {
        if let Err(err) = result {
            self.errors.push(err.name(), err.message());
        }
    }

    /// A JSON body of type `T`: malformed JSON, or each bad field, is recorded.
    pub fn json_body<T: DeserializeOwned + Serialize>(
        &mut self,
        required: bool,
    ) -> Option<Option<T>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        let value: Value = match serde_json::from_slice(&self.request.body) {
            Ok(value) => value,
            Err(err) => {
                self.errors
                    .push("body", format!("is not valid JSON: {err}"));
                return None;
            }
        };
        match crate::with_strict_enums(|| decode_all::<T>(value)) {
            Ok(value) => Some(Some(value)),
            Err(problems) => {
                for (field, message) in problems {
                    self.errors.push(field, message);
                }
                None
            }
        }
    }

    /// An `application/x-www-form-urlencoded` body of type `T`: `key[sub]` and
    /// `key[0]` pairs nest; a value that reads as a number or boolean is one,
    /// unless the type wants text there.
    pub fn form_body<T: DeserializeOwned + Serialize>(
        &mut self,
        required: bool,
    ) -> Option<Option<T>> {
        self.form_body_encoded(required, &[], &[])
    }

    /// Like [`Reader::form_body`], for a body whose `properties` have `encoding`
    /// entries: each is read back the way the client writes it
    /// ([`FormEncoding`]). `names` are all the body's property names: the pairs of
    /// an object property written with `style: form, explode: true` are the pairs
    /// that belong to no other property.
    pub fn form_body_encoded<T: DeserializeOwned + Serialize>(
        &mut self,
        required: bool,
        properties: &[FormProperty],
        names: &[&str],
    ) -> Option<Option<T>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&self.request.body)
            .into_owned()
            .collect();
        let mut claimed = vec![false; pairs.len()];
        let mut styled: Vec<(&str, Value)> = Vec::new();
        let mut spread = None;
        for property in properties {
            let FormEncoding { name, style, .. } = property.encoding;
            let value = match (property.shape, style) {
                (_, QueryStyle::DeepObject) => continue,
                (Shape::Object, QueryStyle::Form { explode: true }) => {
                    spread = spread.or(Some(name));
                    continue;
                }
                (Shape::Array, QueryStyle::Form { explode: true }) => {
                    let mut items = Vec::new();
                    for (index, (key, text)) in pairs.iter().enumerate() {
                        if key == name && !claimed[index] {
                            claimed[index] = true;
                            items.push(Value::String(text.clone()));
                        }
                    }
                    (!items.is_empty()).then_some(Value::Array(items))
                }
                (shape, _) => pairs
                    .iter()
                    .enumerate()
                    .find(|(index, (key, _))| key == name && !claimed[*index])
                    .map(|(index, (_, text))| {
                        claimed[index] = true;
                        match shape {
                            Shape::Scalar => Value::String(text.clone()),
                            shape => split_styled(text, shape, style),
                        }
                    }),
            };
            if let Some(value) = value {
                styled.push((name, value));
            }
        }
        if let Some(name) = spread {
            let mut members = Map::new();
            for (index, (key, text)) in pairs.iter().enumerate() {
                let head = key.split_once('[').map_or(key.as_str(), |(head, _)| head);
                if !claimed[index] && !names.contains(&head) {
                    claimed[index] = true;
                    members.insert(key.clone(), Value::String(text.clone()));
                }
            }
            if !members.is_empty() {
                styled.push((name, Value::Object(members)));
            }
        }
        let mut value = Value::Object(Map::new());
        for (index, (key, text)) in pairs.iter().enumerate() {
            if claimed[index] {
                continue;
            }
            let keys: Vec<&str> = match key.split_once('[') {
                Some((head, rest)) => std::iter::once(head)
                    .chain(rest.trim_end_matches(']').split("]["))
                    .collect(),
                None => vec![key.as_ref()],
            };
            insert_deep(&mut value, &keys, text);
        }
        let mut text = arrays_from_indexes(value);
        if let Value::Object(map) = &mut text {
            for (name, value) in styled {
                map.insert(name.to_owned(), value);
            }
        }
        // Leaves read as scalars; a leaf the type wants as text goes back to text.
        let mut leaves = Vec::new();
        scalar_leaves(&text, &mut Vec::new(), &mut leaves);
        let mut value = scalars(text);
        let mut outcome = crate::with_strict_enums(|| decode_all::<T>(value.clone()));
        for _ in 0..16 {
            let Err(problems) = &outcome else { break };
            let mut changed = false;
            for (at, original) in &leaves {
                let name = display_path(at);
                if problems.iter().any(|(field, _)| *field == name)
                    && set_at(&mut value, at, Value::String(original.clone()))
                {
                    changed = true;
                }
            }
            if !changed {
                break;
            }
            leaves.retain(|(at, _)| !problems.iter().any(|(f, _)| *f == display_path(at)));
            outcome = crate::with_strict_enums(|| decode_all::<T>(value.clone()));
        }
        match outcome {
            Ok(typed) => Some(Some(typed)),
            Err(problems) => {
                for (field, message) in problems {
                    self.errors.push(field, message);
                }
                None
            }
        }
    }

    /// A text body.
    pub fn text_body(&mut self, required: bool) -> Option<Option<String>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        match std::str::from_utf8(&self.request.body) {
            Ok(text) => Some(Some(text.to_owned())),
            Err(_) => {
                self.errors.push("body", "is not UTF-8 text");
                None
            }
        }
    }

    /// A raw body.
    pub fn bytes_body(&mut self, required: bool) -> Option<Option<Bytes>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        Some(Some(self.request.body.clone()))
    }

    /// A raw body of a media range (`*/*`), with the `Content-Type` it came with.
    pub fn ranged_body(&mut self, required: bool) -> Option<Option<(String, Bytes)>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        Some(Some((
            self.request.content_type().to_owned(),
            self.request.body.clone(),
        )))
    }

    /// Which of the operation's media types the body came as (see
    /// [`Incoming::media`]).
    pub fn media(&self) -> usize {
        self.request.media
    }

    /// A `multipart/form-data` body.
    pub fn multipart_body<T: FromParts>(&mut self, required: bool) -> Option<Option<T>> {
        match &self.request.parts {
            None => self.absent_body(required),
            Some(Err(message)) => {
                self.errors.push("body", message.clone());
                None
            }
            Some(Ok(_)) => T::from_parts(self).map(Some),
        }
    }

    /// A part of a multipart body that is not a file, read into `T` the way the
    /// client writes it ([`RequestParts::multipart_typed`](crate::RequestParts::multipart_typed)):
    /// `content_types` are the property's `encoding` `contentType` list (empty:
    /// none given), which every part must match (a part without `Content-Type`
    /// is `text/plain`). A JSON type reads one part as JSON; otherwise an array
    /// is one part per item, an object one JSON part, a scalar one text part.
    pub fn part_value<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        required: bool,
        shape: Shape,
        content_types: &[&str],
    ) -> Option<Option<T>> {
        let parts: Vec<&ReceivedPart> = self.parts().iter().filter(|p| p.name == name).collect();
        if !content_types.is_empty() {
            for part in &parts {
                let got = part.content_type.as_deref().unwrap_or("text/plain");
                if !content_types
                    .iter()
                    .any(|range| crate::multipart::media_matches(got, range))
                {
                    let message = format!(
                        "is sent as {got}; the spec's encoding gives {}",
                        content_types.join(", ")
                    );
                    self.errors.push(name, message);
                    return None;
                }
            }
        }
        let json = |part: &ReceivedPart| serde_json::from_slice::<Value>(&part.bytes);
        let text =
            |part: &ReceivedPart| Value::String(String::from_utf8_lossy(&part.bytes).into_owned());
        let whole_json =
            crate::multipart::first_concrete(content_types).is_some_and(crate::is_json);
        let value = match (parts.first(), shape) {
            (None, _) => None,
            (Some(part), _) if whole_json => match json(part) {
                Ok(value) => Some(value),
                Err(err) => {
                    self.errors.push(name, format!("is not valid JSON: {err}"));
                    return None;
                }
            },
            (Some(_), Shape::Array) => Some(Value::Array(
                parts
                    .iter()
                    .map(|part| {
                        let is_json = part.content_type.as_deref().is_some_and(crate::is_json);
                        match json(part) {
                            Ok(value) if is_json => value,
                            _ => text(part),
                        }
                    })
                    .collect(),
            )),
            (Some(part), Shape::Object) => match json(part) {
                Ok(value) => Some(value),
                Err(err) => {
                    self.errors.push(name, format!("is not valid JSON: {err}"));
                    return None;
                }
            },
            (Some(part), Shape::Scalar) => Some(text(part)),
        };
        self.optional(name, value, required)
    }

    /// A file part of a multipart body.
    pub fn part_file(&mut self, name: &str, required: bool) -> Option<Option<FilePart>> {
        self.part_file_typed(name, required, &[])
    }

    /// A file part whose `encoding` gives `contentType`: the media types and ranges
    /// it must match (empty: any).
    pub fn part_file_typed(
        &mut self,
        name: &str,
        required: bool,
        content_types: &[&str],
    ) -> Option<Option<FilePart>> {
        self.part_files_typed(name, required, content_types)
            .map(|files| files.and_then(|files| files.into_iter().next()))
    }

    /// Every file part of a multipart body under `name` (at least one if required).
    pub fn part_files(&mut self, name: &str, required: bool) -> Option<Option<Vec<FilePart>>> {
        self.part_files_typed(name, required, &[])
    }

    /// Like [`Reader::part_files`], each part's content type matching one of
    /// `content_types` (empty: any; a part without one does not match).
    pub fn part_files_typed(
        &mut self,
        name: &str,
        required: bool,
        content_types: &[&str],
    ) -> Option<Option<Vec<FilePart>>> {
        let files: Vec<FilePart> = self
            .parts()
            .iter()
            .filter(|p| p.name == name)
            .map(|part| {
                let mut file = FilePart::new(part.bytes.clone());
                if let Some(file_name) = &part.file_name {
                    file = file.file_name(file_name.clone());
                }
                if let Some(content_type) = &part.content_type {
                    file = file.content_type(content_type.clone());
                }
                file
            })
            .collect();
        if !content_types.is_empty() {
            for file in &files {
                let got = file.mime().unwrap_or("no content type");
                if !content_types
                    .iter()
                    .any(|range| crate::multipart::media_matches(got, range))
                {
                    let message = format!(
                        "is sent as {got}; the spec's encoding gives {}",
                        content_types.join(", ")
                    );
                    self.errors.push(name, message);
                    return None;
                }
            }
        }
        match files.is_empty() {
            false => Some(Some(files)),
            true if required => {
                self.errors.push(name, "is required");
                None
            }
            true => Some(None),
        }
    }

    /// The problems recorded so far, as an error if there are any.
    pub fn finish(&self) -> Result<(), InvalidRequest> {
        if self.errors.fields.is_empty() {
            Ok(())
        } else {
            Err(self.errors.clone())
        }
    }

    /// The problems recorded, as an error (with a general entry if none was).
    pub fn error(&self) -> InvalidRequest {
        let mut errors = self.errors.clone();
        if errors.fields.is_empty() {
            errors.push("request", "is not valid");
        }
        errors
    }

    fn parts(&self) -> &[ReceivedPart] {
        match &self.request.parts {
            Some(Ok(parts)) => parts,
            _ => &[],
        }
    }

    fn absent_body<T>(&mut self, required: bool) -> Option<Option<T>> {
        if required {
            self.errors.push("body", "is required");
            None
        } else {
            Some(None)
        }
    }

    fn optional<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        value: Option<Value>,
        required: bool,
    ) -> Option<Option<T>> {
        match value {
            Some(value) => self.text_value(name, value).map(Some),
            None if required => {
                self.errors.push(name, "is required");
                None
            }
            None => Some(None),
        }
    }

    /// Reads a value whose leaves arrived as text: as text first, then with each
    /// leaf read as a JSON scalar (numbers, booleans) where it is one.
    fn text_value<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        value: Value,
    ) -> Option<T> {
        let decode = |value: Value| crate::with_strict_enums(|| serde_json::from_value::<T>(value));
        let (err, typed) = match decode(value.clone()) {
            Ok(typed) => (None, Some(typed)),
            Err(err) => (Some(err), decode(scalars(value.clone())).ok()),
        };
        if let Some(typed) = &typed {
            let encoded = serde_json::to_value(typed).unwrap_or(Value::Null);
            if let Some((_, message)) = shape_problems(&scalars(value.clone()), &encoded)
                .into_iter()
                .chain(shape_problems(&value, &encoded))
                .next()
            {
                self.errors.push(name, message);
                return None;
            }
        }
        match typed.ok_or(err) {
            Ok(typed) => Some(typed),
            Err(err) => {
                let message = err.map_or_else(|| String::from("is not valid"), |e| e.to_string());
                self.errors.push(name, message);
                None
            }
        }
    }
}

fn first<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A non-exploded array or object read back from its text: items (or key, value,
/// key, value) separated by commas, spaces or pipes as the style writes them.
fn split_styled(text: &str, shape: Shape, style: QueryStyle) -> Value {
    let separator = match style {
        QueryStyle::SpaceDelimited => ' ',
        QueryStyle::PipeDelimited => '|',
        _ => ',',
    };
    let items: Vec<&str> = text.split(separator).collect();
    match shape {
        Shape::Object if text.is_empty() => Value::Object(Map::new()),
        Shape::Object => Value::Object(
            items
                .chunks(2)
                .map(|kv| {
                    (
                        kv[0].to_owned(),
                        Value::String(kv.get(1).copied().unwrap_or("").to_owned()),
                    )
                })
                .collect(),
        ),
        _ => Value::Array(
            items
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        ),
    }
}

fn insert_deep(target: &mut Value, keys: &[&str], value: &str) {
    let Some((key, rest)) = keys.split_first() else {
        return;
    };
    let Value::Object(map) = target else {
        return;
    };
    if rest.is_empty() {
        map.insert((*key).to_owned(), Value::String(value.to_owned()));
    } else {
        let child = map
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        insert_deep(child, rest, value);
    }
}

/// Objects whose keys are exactly `0..n` (or a single empty key, `key[]`) become
/// arrays, recursively.
fn arrays_from_indexes(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let map: Map<String, Value> = map
                .into_iter()
                .map(|(k, v)| (k, arrays_from_indexes(v)))
                .collect();
            let indexed = !map.is_empty()
                && map
                    .keys()
                    .enumerate()
                    .all(|(i, k)| k.parse::<usize>().ok() == Some(i));
            if indexed {
                Value::Array(map.into_iter().map(|(_, v)| v).collect())
            } else if map.len() == 1 && map.contains_key("") {
                Value::Array(map.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(map)
            }
        }
        other => other,
    }
}

/// The text leaves that [`scalars`] turns into numbers or booleans, with their paths.
fn scalar_leaves(value: &Value, at: &mut Vec<Segment>, out: &mut Vec<(Vec<Segment>, String)>) {
    match value {
        Value::String(text) if scalars(value.clone()) != *value => {
            out.push((at.clone(), text.clone()));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(Segment::Index(index));
                scalar_leaves(item, at, out);
                at.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                at.push(Segment::Key(key.clone()));
                scalar_leaves(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Text leaves that read as JSON scalars become those scalars.
fn scalars(value: Value) -> Value {
    match value {
        Value::String(text) => match serde_json::from_str::<Value>(&text) {
            Ok(scalar @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => scalar,
            _ => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(scalars).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, scalars(v))).collect())
        }
        other => other,
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
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

/// Decodes `value` as `T`; on failure, finds every bad field it can: each failing
/// field is recorded and taken out (or, when required, stood in for by a value
/// that `T` accepts there) before decoding again. Problems inside a stand-in are
/// not recorded: they are the stand-in's, not the caller's. A value that decodes
/// is then compared with its re-encoding, for what serde lets through but the spec
/// does not ([`shape_problems`]).
fn decode_all<T: DeserializeOwned + Serialize>(
    mut value: Value,
) -> Result<T, Vec<(String, String)>> {
    let original = value.clone();
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut stood_in: Vec<Vec<Segment>> = Vec::new();
    // Each round fixes one field; the bound keeps hostile bodies cheap.
    for _ in 0..64 {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(typed) if problems.is_empty() => {
                let problems = match serde_json::to_value(&typed) {
                    Ok(encoded) => shape_problems(&original, &encoded),
                    Err(_) => Vec::new(),
                };
                return if problems.is_empty() {
                    Ok(typed)
                } else {
                    Err(problems)
                };
            }
            Ok(_) => return Err(problems),
            Err(err) => err,
        };
        let (target, missing) = error_target(&err);
        let message = err.inner().to_string();
        if target.is_empty() {
            // The body as a whole is of the wrong shape.
            if problems.is_empty() {
                problems.push((String::from("body"), message));
            }
            return Err(problems);
        }
        // serde reads a struct from an array too: name the array, not its items.
        if let Some(array) = array_read_as_struct::<T>(&value, &target) {
            if array.is_empty() {
                return Err(vec![(
                    String::from("body"),
                    String::from("invalid type: array, expected an object"),
                )]);
            }
            let field = display_path(&array);
            if !stood_in.iter().any(|s| array.starts_with(s)) {
                problems.push((
                    field,
                    String::from("invalid type: array, expected an object"),
                ));
            }
            match stand_in::<T>(&value, &array, "") {
                Some(candidate) => {
                    value = candidate;
                    stood_in.push(array);
                    continue;
                }
                None => return Err(problems),
            }
        }
        let field = display_path(&target);
        let inside_stand_in = stood_in.iter().any(|s| target.starts_with(s));
        let reported = problems.iter().any(|(f, _)| *f == field);
        if !inside_stand_in && !reported {
            let text = if missing {
                String::from("is required")
            } else {
                message.clone()
            };
            problems.push((field, text));
        } else if reported && !missing {
            return Err(problems);
        }
        let in_object = matches!(target.last(), Some(Segment::Key(_)));
        if !missing && in_object && remove_at(&mut value, &target) {
            continue;
        }
        if let Some(candidate) = stand_in::<T>(&value, &target, &message) {
            value = candidate;
            stood_in.push(target);
            continue;
        }
        // An array element nothing stands in for: take it out (later elements'
        // indexes then shift by one).
        if !in_object && remove_at(&mut value, &target) {
            continue;
        }
        return Err(problems);
    }
    Err(problems)
}

/// A copy of `value` with a stand-in at `target` that moves decoding past it: a
/// value of some shape, a UUID, a date-time, or a value the error messages name
/// (an enum's first value).
fn stand_in<T: DeserializeOwned>(
    value: &Value,
    target: &[Segment],
    message: &str,
) -> Option<Value> {
    let mut candidates: Vec<Value> = vec![
        Value::String(String::new()),
        Value::from(0),
        Value::Bool(false),
        Value::Array(Vec::new()),
        Value::Object(Map::new()),
        Value::Null,
        Value::from("00000000-0000-0000-0000-000000000000"),
        Value::from("1970-01-01T00:00:00Z"),
        Value::from("1970-01-01"),
    ];
    candidates.extend(expected_value(message));
    let mut tried = 0;
    while let Some(candidate_value) = candidates.get(tried).cloned() {
        tried += 1;
        if tried > 16 {
            break;
        }
        let mut candidate = value.clone();
        if !set_at(&mut candidate, target, candidate_value) {
            return None;
        }
        match serde_path_to_error::deserialize::<_, T>(&candidate) {
            Ok(_) => return Some(candidate),
            Err(next) => {
                if error_target(&next).0 != target {
                    return Some(candidate);
                }
                candidates.extend(expected_value(&next.inner().to_string()));
            }
        }
    }
    None
}

/// The outermost array on the way to `target` that `T` reads as a struct (serde's
/// derived structs accept a sequence of their fields), if any.
fn array_read_as_struct<T: DeserializeOwned>(
    value: &Value,
    target: &[Segment],
) -> Option<Vec<Segment>> {
    for (i, segment) in target.iter().enumerate() {
        if !matches!(segment, Segment::Index(_)) {
            continue;
        }
        let prefix = &target[..i];
        let mut probe = value.clone();
        let holds_array = match walk(&mut probe, prefix) {
            Some(slot @ Value::Array(_)) => {
                *slot = Value::Array(Vec::new());
                true
            }
            _ => false,
        };
        if !holds_array {
            continue;
        }
        if let Err(err) = serde_path_to_error::deserialize::<_, T>(&probe)
            && error_target(&err).0 == prefix
            && err.inner().to_string().contains("expected struct")
        {
            return Some(prefix.to_vec());
        }
    }
    None
}

/// The first value an error message says was expected (serde's "expected one of
/// `a`, `b`" for an enum).
fn expected_value(message: &str) -> Option<Value> {
    let rest = message
        .split_once("expected one of `")
        .or_else(|| message.split_once("expected `"))?
        .1;
    Some(Value::from(rest.split('`').next()?))
}

/// What serde accepts but the spec does not, found by comparing a request value
/// with the re-encoding of what it decoded to: an array read as an object, a
/// `null` dropped for a field that is not nullable, a UUID not in its
/// 8-4-4-4-12 form.
fn shape_problems(input: &Value, decoded: &Value) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    compare(input, decoded, &mut Vec::new(), &mut problems);
    problems
}

fn compare(
    input: &Value,
    decoded: &Value,
    at: &mut Vec<Segment>,
    problems: &mut Vec<(String, String)>,
) {
    let name = |at: &[Segment]| {
        let path = display_path(at);
        if path.is_empty() {
            String::from("body")
        } else {
            path
        }
    };
    match (input, decoded) {
        (Value::Array(_), Value::Object(_)) => {
            problems.push((
                name(at),
                String::from("invalid type: array, expected an object"),
            ));
        }
        (Value::Object(given), Value::Object(kept)) => {
            for (key, value) in given {
                at.push(Segment::Key(key.clone()));
                match kept.get(key) {
                    Some(decoded) => compare(value, decoded, at, problems),
                    None if value.is_null() => {
                        problems.push((name(at), String::from("must not be null")));
                    }
                    None => {}
                }
                at.pop();
            }
        }
        (Value::Array(given), Value::Array(kept)) if given.len() == kept.len() => {
            for (index, (value, decoded)) in given.iter().zip(kept).enumerate() {
                at.push(Segment::Index(index));
                compare(value, decoded, at, problems);
                at.pop();
            }
        }
        (Value::String(given), Value::String(kept))
            if given != kept && is_hyphenated_uuid(kept) && !is_hyphenated_uuid(given) =>
        {
            problems.push((
                name(at),
                String::from("is not a UUID in its 8-4-4-4-12 hyphenated form"),
            ));
        }
        _ => {}
    }
}

fn is_hyphenated_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Where an error is: the path, extended by the field's name for a missing field.
fn error_target(err: &serde_path_to_error::Error<serde_json::Error>) -> (Vec<Segment>, bool) {
    let mut target = path_segments(err.path());
    match missing_field(&err.inner().to_string()) {
        Some(field) => {
            target.push(Segment::Key(field));
            (target, true)
        }
        None => (target, false),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

fn path_segments(path: &serde_path_to_error::Path) -> Vec<Segment> {
    path.iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Enum { variant } => Some(Segment::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

fn display_path(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

fn remove_at(value: &mut Value, target: &[Segment]) -> bool {
    let Some((last, parents)) = target.split_last() else {
        return false;
    };
    let Some(parent) = walk(value, parents) else {
        return false;
    };
    match (parent, last) {
        (Value::Object(map), Segment::Key(key)) => map.shift_remove(key).is_some(),
        (Value::Array(items), Segment::Index(index)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

fn set_at(value: &mut Value, target: &[Segment], new: Value) -> bool {
    let Some((last, parents)) = target.split_last() else {
        return false;
    };
    let Some(parent) = walk(value, parents) else {
        return false;
    };
    match (parent, last) {
        (Value::Object(map), Segment::Key(key)) => {
            map.insert(key.clone(), new);
            true
        }
        (Value::Array(items), Segment::Index(index)) if *index < items.len() => {
            items[*index] = new;
            true
        }
        _ => false,
    }
}

fn walk<'v>(value: &'v mut Value, segments: &[Segment]) -> Option<&'v mut Value> {
    let mut current = value;
    for segment in segments {
        current = match (current, segment) {
            (Value::Object(map), Segment::Key(key)) => map.get_mut(key)?,
            (Value::Array(items), Segment::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(current)
}

/// A response the server sends.
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    content_type: Option<String>,
    headers: Vec<(hyper::header::HeaderName, String)>,
    body: Bytes,
}

impl Reply {
    fn new(status: StatusCode, content_type: Option<&str>, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            content_type: content_type.filter(|c| !c.is_empty()).map(str::to_owned),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn canned(canned: &Canned) -> Self {
        Self::new(
            StatusCode::from_u16(canned.status).unwrap_or(StatusCode::OK),
            Some(canned.content_type),
            Bytes::from_static(canned.body.as_bytes()),
        )
    }

    /// An `application/problem+json` answer (RFC 9457).
    fn problem(status: StatusCode, detail: &str, errors: Option<&InvalidRequest>) -> Self {
        let mut body = serde_json::json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": detail,
        });
        if let (Some(errors), Value::Object(map)) = (errors, &mut body) {
            map.insert(String::from("errors"), field_map(errors));
        }
        Self::new(
            status,
            Some("application/problem+json"),
            body.to_string().into_bytes(),
        )
    }

    fn into_hyper(self) -> hyper::Response<Full<Bytes>> {
        let mut response = hyper::Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        if let Some(value) = self
            .content_type
            .and_then(|c| hyper::header::HeaderValue::from_str(&c).ok())
        {
            response
                .headers_mut()
                .insert(hyper::header::CONTENT_TYPE, value);
        }
        for (name, value) in self.headers {
            if let Ok(value) = hyper::header::HeaderValue::from_str(&value) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

fn field_map(errors: &InvalidRequest) -> Value {
    Value::Object(
        errors
            .fields
            .iter()
            .map(|(field, message)| (field.clone(), Value::String(message.clone())))
            .collect(),
    )
}

type Handler =
    Arc<dyn Fn(Incoming) -> BoxFuture<'static, Result<Reply, InvalidRequest>> + Send + Sync>;
type Validate = fn(&Incoming) -> Result<(), InvalidRequest>;
type Check = fn(u16, &str, &[u8]) -> bool;

#[derive(Debug, Clone, PartialEq, Eq)]
enum PathSegment {
    Literal(String),
    Param,
}

struct Entry {
    route: Route,
    /// The media types taken besides `route.body`.
    others: &'static [BodyMedia],
    segments: Vec<PathSegment>,
    validate: Validate,
    decodes: Check,
    handler: Option<Handler>,
}

/// Builds a mock server: one [`Route`] per operation, typed handlers where set.
///
/// Generated code wraps this in a typed builder; use that one.
pub struct MockBuilder {
    prefix: String,
    entries: Vec<Entry>,
    body_limit: usize,
    addr: SocketAddr,
}

impl fmt::Debug for MockBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockBuilder")
            .field("prefix", &self.prefix)
            .field("routes", &self.entries.len())
            .field("body_limit", &self.body_limit)
            .field("addr", &self.addr)
            .finish()
    }
}

impl MockBuilder {
    /// A builder serving under the path `prefix` (the spec's server URL path, or empty).
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.trim_end_matches('/').to_owned(),
            entries: Vec::new(),
            body_limit: DEFAULT_BODY_LIMIT,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }

    /// Adds an operation, answered by default with its documented example after its
    /// request reads as `R`; `S` is its documented-responses type.
    pub fn route<R: MockRequest, S: EncodeResponses>(&mut self, route: Route) {
        self.route_accepting::<R, S>(route, &[]);
    }

    /// Like [`MockBuilder::route`], for an operation whose body may also come as
    /// any of `others` (after [`Route::body`], in the order the spec lists them):
    /// each request's body is read as the one its `Content-Type` names.
    pub fn route_accepting<R: MockRequest, S: EncodeResponses>(
        &mut self,
        route: Route,
        others: &'static [BodyMedia],
    ) {
        let segments = template_segments(route.path);
        self.entries.push(Entry {
            route,
            others,
            segments,
            validate: |request| R::read(request).map(drop),
            decodes: |status, content_type, body| {
                StatusCode::from_u16(status)
                    .map(|status| S::decode(status, Some(content_type), body).is_ok())
                    .unwrap_or(false)
            },
            handler: None,
        });
    }

    /// Answers `operation` with a typed handler: the request read as `R`, the
    /// handler's `S` encoded as the response.
    pub fn handle<R, S, F, Fut>(mut self, operation: &str, handler: F) -> Self
    where
        R: MockRequest,
        S: EncodeResponses + Send + 'static,
        F: Fn(R) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = S> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let boxed: Handler = Arc::new(move |request: Incoming| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                let typed = R::read(&request)?;
                let response = handler(typed).await;
                Ok(encode_reply(&response))
            })
        });
        for entry in &mut self.entries {
            if entry.route.operation == operation {
                entry.handler = Some(Arc::clone(&boxed));
            }
        }
        self
    }

    /// Sets the largest request body accepted (larger ones get 413).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Sets the address to listen on (default `127.0.0.1:0`, a free port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Starts serving on a background task of the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}{}", self.prefix);
        let state = Arc::new(State {
            prefix: self.prefix,
            entries: self.entries,
            body_limit: self.body_limit,
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, state, stopped));
        Ok(MockServer {
            addr,
            url,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

fn encode_reply<S: EncodeResponses>(response: &S) -> Reply {
    match response.encode() {
        Ok((status, Body::Empty)) => Reply::new(status, None, Bytes::new()),
        Ok((
            status,
            Body::Encoded {
                content_type,
                bytes,
            },
        )) => Reply::new(status, Some(&content_type), bytes),
        Ok((_, Body::Multipart(_))) => Reply::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the mock server cannot send multipart responses",
            None,
        ),
        Err(err) => Reply::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("the handler's response could not be encoded: {err}"),
            None,
        ),
    }
}

fn template_segments(path: &str) -> Vec<PathSegment> {
    path.trim_start_matches('/')
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                PathSegment::Param
            } else {
                PathSegment::Literal(segment.to_owned())
            }
        })
        .collect()
}

/// A running mock server. Dropping it, or [`MockServer::shutdown`], stops it.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl MockServer {
    /// The base URL to give a client (`http://127.0.0.1:<port>` plus the spec's
    /// server path).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and waits (up to 5 s) for open ones to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

struct State {
    prefix: String,
    entries: Vec<Entry>,
    body_limit: usize,
}

async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = Arc::clone(&state);
                let service = service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(handle(&state, request).await.into_hyper()) }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            _ = &mut stopped => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
}

async fn handle(state: &State, request: hyper::Request<HyperBody>) -> Reply {
    let (head, body) = request.into_parts();
    let Some(rest) = head.uri.path().strip_prefix(state.prefix.as_str()) else {
        return not_found(head.uri.path());
    };
    let segments: Vec<String> = rest
        .trim_start_matches('/')
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    // The most literal template wins; among equals, the first in the spec.
    let mut matches: Vec<(usize, &Entry)> = state
        .entries
        .iter()
        .filter_map(|entry| match_template(&entry.segments, &segments).map(|n| (n, entry)))
        .collect();
    if matches.is_empty() {
        return not_found(head.uri.path());
    }
    matches.sort_by_key(|(literals, _)| std::cmp::Reverse(*literals));
    let Some(entry) = matches
        .iter()
        .find(|(_, e)| e.route.method == head.method)
        .map(|(_, e)| *e)
    else {
        let mut allowed: Vec<&str> = matches
            .iter()
            .map(|(_, e)| e.route.method.as_str())
            .collect();
        allowed.dedup();
        let mut reply = Reply::problem(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("{} is not an operation of this path", head.method),
            None,
        );
        reply
            .headers
            .push((hyper::header::ALLOW, allowed.join(", ")));
        return reply;
    };
    let path_params: Vec<String> = entry
        .segments
        .iter()
        .zip(&segments)
        .filter(|(t, _)| **t == PathSegment::Param)
        .map(|(_, s)| s.clone())
        .collect();
    let body = match read_body(body, state.body_limit).await {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let content_type = head
        .headers
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut parts = None;
    let mut media = 0;
    if !body.is_empty()
        && let Some(first) = entry.route.body
    {
        let taken: Vec<BodyMedia> = std::iter::once(first)
            .chain(entry.others.iter().copied())
            .collect();
        let Some(index) = choose_media(&taken, &content_type) else {
            return unsupported(&content_type, &media_list(&taken));
        };
        media = index;
        if taken[index] == BodyMedia::Multipart {
            let Ok(boundary) = multer::parse_boundary(&content_type) else {
                return unsupported(&content_type, "multipart/form-data");
            };
            parts = Some(read_parts(body.clone(), boundary).await);
        }
    }
    let query = head
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let incoming = Incoming {
        method: head.method,
        path_params,
        query,
        headers: head.headers,
        body,
        parts,
        media,
    };
    if !authorized(entry.route.security, &incoming) {
        let mut reply = match &entry.route.unauthorized {
            Some(canned) => Reply::canned(canned),
            None => Reply::problem(
                StatusCode::UNAUTHORIZED,
                "missing or malformed credentials",
                None,
            ),
        };
        reply.headers.push((
            hyper::header::WWW_AUTHENTICATE,
            challenge(entry.route.security),
        ));
        return reply;
    }
    let outcome = match &entry.handler {
        Some(handler) => match AssertUnwindSafe(handler(incoming)).catch_unwind().await {
            Ok(outcome) => outcome,
            Err(_) => {
                return Reply::problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("the handler of `{}` panicked", entry.route.operation),
                    None,
                );
            }
        },
        None => (entry.validate)(&incoming).map(|()| Reply::canned(&entry.route.success)),
    };
    match outcome {
        Ok(reply) => reply,
        Err(invalid) => bad_request(entry, &invalid),
    }
}

fn match_template(template: &[PathSegment], segments: &[String]) -> Option<usize> {
    if template.len() != segments.len() {
        return None;
    }
    let mut literals = 0;
    for (t, s) in template.iter().zip(segments) {
        match t {
            PathSegment::Literal(text) if text == s => literals += 1,
            PathSegment::Literal(_) => return None,
            PathSegment::Param if s.is_empty() => return None,
            PathSegment::Param => {}
        }
    }
    Some(literals)
}

fn not_found(path: &str) -> Reply {
    let shown: String = path.chars().take(200).collect();
    Reply::problem(
        StatusCode::NOT_FOUND,
        &format!("no operation matches the path {shown}"),
        None,
    )
}

/// Which of the media types `taken` (the route's own first) a body with this
/// `Content-Type` is: one named exactly, else the JSON one for any JSON media type,
/// else one whose range holds it; without a `Content-Type`, the first.
fn choose_media(taken: &[BodyMedia], content_type: &str) -> Option<usize> {
    if content_type.is_empty() {
        return (taken.first() != Some(&BodyMedia::Multipart)).then_some(0);
    }
    let essence = crate::media::essence(content_type);
    let exact = taken.iter().position(|media| match media {
        BodyMedia::Json => false,
        BodyMedia::Multipart => essence == "multipart/form-data",
        BodyMedia::Other(media) => !media.contains('*') && crate::media::essence(media) == essence,
    });
    exact
        .or_else(|| {
            taken
                .iter()
                .position(|media| *media == BodyMedia::Json && crate::is_json(content_type))
        })
        .or_else(|| {
            taken.iter().position(|media| match media {
                BodyMedia::Other(range) => {
                    range.contains('*') && crate::media::in_range(range, content_type)
                }
                _ => false,
            })
        })
}

/// The media types an operation takes, for a 415 answer.
fn media_list(taken: &[BodyMedia]) -> String {
    taken
        .iter()
        .map(|media| match media {
            BodyMedia::Json => "application/json",
            BodyMedia::Multipart => "multipart/form-data",
            BodyMedia::Other(media) => media,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn unsupported(got: &str, expected: &str) -> Reply {
    let got: String = got.chars().take(100).collect();
    Reply::problem(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        &format!("the body is {got}; this operation takes {expected}"),
        None,
    )
}

/// Reads the body up to `limit` bytes; a larger one is drained (up to a hard
/// bound) and answered with 413, so the client gets to read the answer.
async fn read_body(mut body: HyperBody, limit: usize) -> Result<Bytes, Reply> {
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

async fn read_parts(body: Bytes, boundary: String) -> Result<Vec<ReceivedPart>, String> {
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

fn authorized(security: &[&[Scheme]], request: &Incoming) -> bool {
    security.is_empty()
        || security
            .iter()
            .any(|alternative| alternative.iter().all(|scheme| presents(scheme, request)))
}

fn presents(scheme: &Scheme, request: &Incoming) -> bool {
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

fn challenge(security: &[&[Scheme]]) -> String {
    let first = security.iter().flat_map(|a| a.iter()).next();
    match first {
        Some(Scheme::Basic) => String::from("Basic"),
        Some(Scheme::ApiKey { name, .. }) => format!("ApiKey name=\"{name}\""),
        _ => String::from("Bearer"),
    }
}

/// The documented 400 with its errors map filled in, if the operation documents
/// one and the filled body still decodes as that response; else a problem document.
fn bad_request(entry: &Entry, invalid: &InvalidRequest) -> Reply {
    if let Some(canned) = &entry.route.bad_request
        && let Some(filled) = fill_errors(canned.body, invalid)
        && (entry.decodes)(canned.status, canned.content_type, filled.as_bytes())
    {
        return Reply::new(
            StatusCode::from_u16(canned.status).unwrap_or(StatusCode::BAD_REQUEST),
            Some(canned.content_type),
            filled.into_bytes(),
        );
    }
    Reply::problem(StatusCode::BAD_REQUEST, &invalid.to_string(), Some(invalid))
}

/// Puts one entry per bad field into the documented body's errors member (a
/// member whose name mentions errors and that holds an object or an array).
fn fill_errors(documented: &str, invalid: &InvalidRequest) -> Option<String> {
    let mut body: Value = serde_json::from_str(documented).ok()?;
    let map = body.as_object_mut()?;
    let key = map
        .iter()
        .find(|(k, v)| k.to_ascii_lowercase().contains("error") && (v.is_object() || v.is_array()))
        .map(|(k, _)| k.clone())?;
    let errors: BTreeMap<&str, &str> = invalid
        .fields
        .iter()
        .map(|(f, m)| (f.as_str(), m.as_str()))
        .collect();
    map.insert(key, serde_json::to_value(errors).ok()?);
    Some(body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_read_as_the_media_type_they_name() {
        let taken = [
            BodyMedia::Json,
            BodyMedia::Other("application/merge-patch+json"),
            BodyMedia::Other("text/plain"),
            BodyMedia::Multipart,
            BodyMedia::Other("image/*"),
            BodyMedia::Other("*/*"),
        ];
        let cases = [
            ("", Some(0)),
            ("application/json", Some(0)),
            ("application/vnd.x+json", Some(0)),
            ("application/merge-patch+json", Some(1)),
            ("Text/Plain; charset=utf-8", Some(2)),
            ("multipart/form-data; boundary=x", Some(3)),
            ("image/png", Some(4)),
            ("application/xml", Some(5)),
        ];
        for (content_type, index) in cases {
            assert_eq!(choose_media(&taken, content_type), index, "{content_type}");
        }
        let narrow = [BodyMedia::Multipart, BodyMedia::Other("text/plain")];
        assert_eq!(choose_media(&narrow, ""), None);
        assert_eq!(choose_media(&narrow, "text/html"), None);
        assert_eq!(choose_media(&narrow, "text/plain"), Some(1));
        assert_eq!(
            media_list(&[BodyMedia::Json, BodyMedia::Other("text/plain")]),
            "application/json, text/plain"
        );
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Inner {
        a: i64,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Body {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<uuid::Uuid>,
        inner: Inner,
        tags: Vec<String>,
    }

    #[test]
    fn every_bad_field_is_named() {
        let value =
            serde_json::json!({"name": 5, "count": "x", "inner": {"a": "y"}, "tags": ["ok", 3]});
        let problems = decode_all::<Body>(value).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "count", "inner.a", "tags[1]"],
            "{problems:?}"
        );
    }

    #[test]
    fn missing_required_fields_are_all_named() {
        let problems = decode_all::<Body>(serde_json::json!({"count": 1})).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["name", "inner", "tags"], "{problems:?}");
        assert!(problems.iter().all(|(_, m)| m == "is required"));
    }

    #[test]
    fn a_body_of_the_wrong_shape_is_named_body() {
        let problems = decode_all::<Body>(serde_json::json!("text")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "body");
    }

    #[test]
    fn a_valid_body_decodes() {
        let body =
            decode_all::<Body>(serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": []}))
                .unwrap();
        assert_eq!(body.name, "n");
    }

    #[test]
    fn what_serde_lets_through_is_named_too() {
        let value = serde_json::json!({
            "name": "n", "count": null, "inner": [1], "tags": [],
            "id": "{3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411}"
        });
        let problems = decode_all::<Body>(value).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["count", "inner", "id"], "{problems:?}");
        let upper = serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": [],
            "id": "3E8E1A12-2BA2-4E1C-ABB9-25DED0AC7411"});
        assert!(decode_all::<Body>(upper).is_ok());
    }

    #[test]
    fn an_array_for_a_struct_is_named_once() {
        let problems = decode_all::<Body>(serde_json::json!([1, 2])).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "body");
        let nested = serde_json::json!({"name": "n", "inner": [5, 6], "tags": []});
        let problems = decode_all::<Body>(nested).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["inner"], "{problems:?}");
    }

    #[test]
    fn every_bad_element_of_an_array_is_named() {
        let value = serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": [1, "ok", 2, 3]});
        let problems = decode_all::<Body>(value).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["tags[0]", "tags[2]", "tags[3]"], "{problems:?}");
    }

    #[test]
    fn templates_prefer_literals() {
        let by_id = template_segments("/connectors/{id}");
        let search = template_segments("/connectors/search");
        let path = vec![String::from("connectors"), String::from("search")];
        assert_eq!(match_template(&by_id, &path), Some(1));
        assert_eq!(match_template(&search, &path), Some(2));
        assert_eq!(
            match_template(&by_id, &[String::from("connectors"), String::new()]),
            None
        );
    }

    #[test]
    fn fills_the_documented_errors_member() {
        let mut invalid = InvalidRequest::default();
        invalid.push("type", "unknown variant");
        let filled = fill_errors(r#"{"message": "Bad request.", "errors": []}"#, &invalid).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&filled).unwrap(),
            serde_json::json!({"message": "Bad request.", "errors": {"type": "unknown variant"}})
        );
        assert_eq!(fill_errors(r#"{"message": "no"}"#, &invalid), None);
    }
}
