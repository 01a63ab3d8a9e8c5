//! The generated mock CDE server (`cde_api::mock`), driven with raw HTTP.
//!
//! Every request here is built by hand (JSON text, multipart bytes, headers) and
//! sent with a bare `reqwest::Client` or a `tokio::net::TcpStream`, never with the
//! generated `cde_api::Client`: the client shares the server's serde attributes,
//! so a symmetric mistake (a field renamed on both sides) would go unnoticed if
//! the client were the only one talking to the server.
//!
//! What is expected comes from `spec/cde-api.yaml` and from the docs' extraction
//! `shared/cde-docs/operations.json`, read at run time; nothing is copied from a
//! run of the server.
//!
//! - Every request example of the docs is sent to its operation and accepted
//!   with a documented success; every other operation is called too, with a body
//!   made from the spec where it takes one.
//! - Bad input gets the documented answer: 400 naming each bad field (malformed
//!   JSON, wrong types, wrong enum values, missing fields, bad path and query
//!   parameters), 401 for missing or malformed credentials, 404 for unknown
//!   paths, 405 with `Allow`, 413 for bodies over the limit, 415 for bodies of
//!   the wrong media type.
//! - No request makes the server fail: random methods, paths, headers and bodies
//!   (proptest) are all answered with a 2xx or a 4xx, and the server keeps
//!   answering valid requests correctly.
//!
//! This file holds what the tests share (the spec's operations, encoding,
//! sending and raw exchanges); each module below, one concern.

mod bad_bodies;
mod documented;
mod no_panic;
mod parameters;
mod refused;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use std::time::Duration;

use cde_runtime::reqwest;
use cde_tests::support::{cde_spec as spec, docs_records as records, resolve};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A well-formed bearer token (RFC 6750 `b64token` characters).
const TOKEN: &str = "mock-raw.Token_123~+/=";

/// A valid value for every uuid parameter and field (not one of the spec's examples).
const ID: &str = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

/// The multipart boundary of the bodies built here.
const BOUNDARY: &str = "mock-raw-boundary-7MA4YWxkTrZu0gW";

/// Request examples of the docs that the spec rejects, with the reason
/// (operationId, why). Each one must still be rejected with a 400; one that is
/// accepted again fails the test, so the list cannot go stale.
const REJECTED_EXAMPLES: &[(&str, &str)] = &[];

// ------------------------------------------------------------------ the spec

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the spec.
#[derive(Debug, Clone)]
struct Operation {
    id: String,
    /// Upper case, e.g. `POST`.
    method: String,
    /// The template, e.g. `/connectors/{publicId}`.
    path: String,
    node: Value,
    /// Path-item and operation parameters, resolved.
    parameters: Vec<Value>,
}

impl Operation {
    fn parameter(&self, name: &str, location: &str) -> Option<&Value> {
        self.parameters
            .iter()
            .find(|p| p["name"] == name && p["in"] == location)
    }

    /// The request body's media type and its node, if the operation takes a body.
    fn request_body(&self) -> Option<(String, Value)> {
        let body = resolve(spec(), self.node.get("requestBody")?);
        let (media, content) = body["content"].as_object()?.iter().next()?;
        Some((media.clone(), content.clone()))
    }

    fn takes_json(&self) -> bool {
        self.request_body()
            .is_some_and(|(media, _)| media.contains("json"))
    }

    /// The documented response for `code` (e.g. `"401"`), resolved.
    fn response(&self, code: &str) -> Option<&Value> {
        self.node["responses"].get(code).map(|r| resolve(spec(), r))
    }

    /// The `example` of the documented response `code`, as JSON.
    fn response_example(&self, code: &str) -> Option<&Value> {
        self.response(code)?
            .get("content")?
            .as_object()?
            .values()
            .find_map(|c| c.get("example"))
    }

    /// The documented 400's `message`, if the 400 has an example.
    fn bad_request_message(&self) -> Option<&Value> {
        self.response_example("400").and_then(|e| e.get("message"))
    }
}

fn operations() -> &'static [Operation] {
    static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPERATIONS.get_or_init(|| {
        let doc = spec();
        let mut out = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let item = resolve(doc, item);
            let shared: Vec<Value> = item["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| resolve(doc, p).clone())
                .collect();
            for method in METHODS {
                let Some(node) = item.get(method) else {
                    continue;
                };
                let mut parameters: Vec<Value> = node["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| resolve(doc, p).clone())
                    .collect();
                for p in &shared {
                    if !parameters
                        .iter()
                        .any(|q| q["name"] == p["name"] && q["in"] == p["in"])
                    {
                        parameters.push(p.clone());
                    }
                }
                out.push(Operation {
                    id: node["operationId"]
                        .as_str()
                        .expect("operationId")
                        .to_owned(),
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    node: node.clone(),
                    parameters,
                });
            }
        }
        out
    })
}

fn operation(id: &str) -> &'static Operation {
    operations()
        .iter()
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("the spec has no operation {id}"))
}

fn pattern_matches(pattern: &str, value: &str) -> bool {
    let pattern =
        cde_runtime::__private::Pattern::new(Box::leak(pattern.to_owned().into_boxed_str()));
    pattern
        .is_match(value)
        .unwrap_or_else(|err| panic!("{err}"))
}

/// A valid value for a parameter, chosen from its schema.
fn valid_parameter(parameter: &Value) -> String {
    let schema = resolve(spec(), &parameter["schema"]);
    let name = parameter["name"].as_str().unwrap_or("?");
    if let Some(pattern) = schema["pattern"].as_str() {
        let mut candidates = vec![String::from("1"), String::from("latest")];
        candidates.extend(parameter["example"].as_str().map(str::to_owned));
        return candidates
            .into_iter()
            .find(|c| pattern_matches(pattern, c))
            .unwrap_or_else(|| panic!("no candidate value of {name} matches {pattern}"));
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (_, Some("uuid")) => ID.to_owned(),
        (Some("integer"), _) => schema["minimum"].as_i64().unwrap_or(1).max(1).to_string(),
        (Some("boolean"), _) => String::from("true"),
        _ => parameter["example"]
            .as_str()
            .map_or_else(|| String::from("x"), str::to_owned),
    }
}

/// `template` (the spec's, or the docs' spelling of it) with every parameter
/// replaced: the value of the spec parameter at the same position is given by
/// `value`.
fn fill(op: &Operation, template: &str, value: impl Fn(&Value) -> String) -> String {
    let ours: Vec<&str> = op.path.split('/').collect();
    let theirs: Vec<&str> = template.split('/').collect();
    assert_eq!(
        ours.len(),
        theirs.len(),
        "{}: {template} and the spec's {} differ",
        op.id,
        op.path
    );
    ours.iter()
        .zip(&theirs)
        .map(
            |(o, t)| match o.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
                Some(name) => {
                    assert!(
                        t.starts_with('{'),
                        "{}: {template} has {t} where the spec has {o}",
                        op.id
                    );
                    let parameter = op
                        .parameter(name, "path")
                        .unwrap_or_else(|| panic!("{}: no path parameter {name}", op.id));
                    value(parameter)
                }
                None => {
                    assert_eq!(o, t, "{}: {template} vs {}", op.id, op.path);
                    (*o).to_owned()
                }
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

fn valid_path(op: &Operation) -> String {
    fill(op, &op.path, valid_parameter)
}

/// The query string (with `?`) of the required query parameters, if any.
fn required_query(op: &Operation) -> String {
    let pairs: Vec<String> = op
        .parameters
        .iter()
        .filter(|p| p["in"] == "query" && p["required"] == true)
        .map(|p| {
            format!(
                "{}={}",
                encode(p["name"].as_str().unwrap_or("").as_bytes()),
                encode(valid_parameter(p).as_bytes())
            )
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// A value of `schema` with every property present (examples used where the
/// schema has them).
fn sample(doc: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if depth > 16 {
        return Value::Null;
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        let mut other = None;
        for part in parts {
            match sample(doc, part, depth + 1) {
                Value::Object(map) => merged.extend(map),
                value => other = Some(value),
            }
        }
        if let Value::Object(own) = object_sample(doc, schema, depth) {
            merged.extend(own);
        }
        return match other {
            Some(value) if merged.is_empty() => value,
            _ => Value::Object(merged),
        };
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema[key].as_array().and_then(|a| a.first()) {
            return sample(doc, first, depth + 1);
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|a| a.first()) {
        return first.clone();
    }
    match schema["type"].as_str() {
        Some("array") => {
            let max = schema["maxItems"].as_u64().unwrap_or(u64::MAX);
            let n = schema["minItems"].as_u64().unwrap_or(1).max(1).min(max);
            Value::Array(
                (0..n)
                    .map(|_| sample(doc, &schema["items"], depth + 1))
                    .collect(),
            )
        }
        Some("string") => match schema["format"].as_str() {
            Some("uuid") => json!(ID),
            Some("date-time") => json!("2024-05-06T07:08:09+02:00"),
            Some("binary") => json!("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            _ => json!("sample"),
        },
        Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(1).max(1)),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("object") => object_sample(doc, schema, depth),
        _ if schema.get("properties").is_some() => object_sample(doc, schema, depth),
        _ => Value::Null,
    }
}

fn object_sample(doc: &Value, schema: &Value, depth: usize) -> Value {
    Value::Object(
        schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, property)| (name.clone(), sample(doc, property, depth + 1)))
            .collect(),
    )
}

/// The request body the spec documents for `op`: its example, else one made
/// from its schema; with its media type.
fn spec_body(op: &Operation) -> Option<(String, Value)> {
    let (media, content) = op.request_body()?;
    let value = content.get("example").cloned().or_else(|| {
        content["examples"]
            .as_object()
            .and_then(|e| e.values().next())
            .map(|e| resolve(spec(), e)["value"].clone())
    });
    let value = value.unwrap_or_else(|| sample(spec(), &content["schema"], 0));
    Some((media, value))
}

// ------------------------------------------------------------------ encoding

/// Percent-encodes every byte that is not unreserved (RFC 3986).
fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A part of a multipart body: name, file name, content type, bytes.
type Part = (String, Option<String>, Option<String>, Vec<u8>);

fn multipart(parts: &[Part]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (name, file_name, content_type, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
        if let Some(file_name) = file_name {
            disposition.push_str(&format!("; filename=\"{file_name}\""));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Encodes `value` as a body of `media` for `op`: (Content-Type, bytes).
fn encode_body(op: &Operation, media: &str, value: &Value) -> (String, Vec<u8>) {
    let essence = media.split(';').next().unwrap_or("").trim();
    if essence.contains("json") {
        return (
            media.to_owned(),
            serde_json::to_vec(value).expect("JSON encodes"),
        );
    }
    let fields: Vec<(String, Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        other => panic!("{}: a {essence} example must be an object: {other}", op.id),
    };
    match essence {
        "multipart/form-data" => {
            let schema = op
                .request_body()
                .map(|(_, content)| resolve(spec(), &content["schema"]).clone())
                .unwrap_or(Value::Null);
            let parts: Vec<Part> = fields
                .iter()
                .map(|(name, value)| {
                    let property = resolve(spec(), &schema["properties"][name]);
                    if property["format"] == "binary" {
                        (
                            name.clone(),
                            Some(format!("{name}.svg")),
                            Some(String::from("image/svg+xml")),
                            text_of(value).into_bytes(),
                        )
                    } else {
                        (name.clone(), None, None, text_of(value).into_bytes())
                    }
                })
                .collect();
            multipart(&parts)
        }
        "application/x-www-form-urlencoded" => {
            let pairs: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k.as_bytes()), encode(text_of(v).as_bytes())))
                .collect();
            (media.to_owned(), pairs.join("&").into_bytes())
        }
        _ => (media.to_owned(), text_of(value).into_bytes()),
    }
}

// ------------------------------------------------------------------ sending

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a plain reqwest client builds")
}

/// A response as received.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("the body is not JSON ({err}): {}", self.text()))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn content_type(&self) -> &str {
        self.header("content-type")
            .and_then(|c| c.split(';').next())
            .unwrap_or("")
            .trim()
    }

    /// The field names of the `errors` member (an object).
    fn error_fields(&self) -> BTreeSet<String> {
        let body = self.json();
        match &body["errors"] {
            Value::Object(errors) => errors.keys().cloned().collect(),
            other => panic!("`errors` is not an object but {other}: {body}"),
        }
    }
}

/// A request to send: method, URL, headers, body.
struct Request<'a> {
    method: &'a str,
    url: String,
    headers: Vec<(&'a str, String)>,
    body: Option<Vec<u8>>,
}

impl<'a> Request<'a> {
    fn new(method: &'a str, url: String) -> Self {
        Self {
            method,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    fn bearer(self) -> Self {
        self.header("authorization", format!("Bearer {TOKEN}"))
    }

    fn header(mut self, name: &'a str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    fn json(self, body: &Value) -> Self {
        self.raw(
            "application/json",
            serde_json::to_vec(body).expect("JSON encodes"),
        )
    }

    fn raw(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.headers.push(("content-type", content_type.to_owned()));
        self.body = Some(body.into());
        self
    }

    async fn send(self, client: &reqwest::Client) -> Result<Answer, String> {
        let method = reqwest::Method::from_bytes(self.method.as_bytes())
            .map_err(|err| format!("bad method {:?}: {err}", self.method))?;
        let mut request = client.request(method, &self.url);
        for (name, value) in self.headers {
            request = request.header(name, value);
        }
        if let Some(body) = self.body {
            request = request.body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|err| format!("{} {}: no answer: {err:?}", self.method, self.url))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|err| format!("{} {}: body cut: {err:?}", self.method, self.url))?
            .to_vec();
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

async fn send(client: &reqwest::Client, request: Request<'_>) -> Answer {
    request
        .send(client)
        .await
        .unwrap_or_else(|err| panic!("{err}"))
}

/// Whether `answer` is a documented success of `op`: a documented 2xx status
/// (or one in a documented `2XX` range), the documented media type, and the
/// documented example as body when the spec has one.
fn check_success(op: &Operation, answer: &Answer) -> Result<(), String> {
    let status = answer.status.to_string();
    let responses = op.node["responses"].as_object().expect("responses");
    let documented = responses
        .iter()
        .find(|(code, _)| **code == status)
        .or_else(|| {
            responses.iter().find(|(code, _)| {
                code.len() == 3
                    && code.ends_with("XX")
                    && status.starts_with(&code[..1])
                    && !responses.contains_key(&status)
            })
        });
    let Some((code, response)) = documented.filter(|_| (200..300).contains(&answer.status)) else {
        return Err(format!(
            "status {status} is no documented success (documented: {:?})",
            responses.keys().collect::<Vec<_>>()
        ));
    };
    let response = resolve(spec(), response);
    let Some(content) = response["content"].as_object().filter(|c| !c.is_empty()) else {
        return Ok(());
    };
    let Some(media) = content.get(answer.content_type()) else {
        return Err(format!(
            "content type {:?} is not one of {:?} (documented for {code})",
            answer.content_type(),
            content.keys().collect::<Vec<_>>()
        ));
    };
    if !answer.content_type().contains("json") {
        return Ok(());
    }
    let body: Value = serde_json::from_slice(&answer.body)
        .map_err(|err| format!("the body is not JSON ({err}): {}", answer.text()))?;
    let mut examples: Vec<&Value> = media.get("example").into_iter().collect();
    examples.extend(
        media["examples"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, e)| &resolve(spec(), e)["value"]),
    );
    if !examples.is_empty() && !examples.contains(&&body) {
        return Err(format!(
            "the body is none of the documented examples of {code}: {body}"
        ));
    }
    Ok(())
}

/// Asserts a 400 that names exactly `fields`, in the documented shape.
fn assert_bad_request(op: &Operation, answer: &Answer, fields: &[&str], what: &str) {
    assert_eq!(
        answer.status,
        400,
        "{} ({what}): expected 400, got {}: {}",
        op.id,
        answer.status,
        answer.text()
    );
    let expected: BTreeSet<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    assert_eq!(
        answer.error_fields(),
        expected,
        "{} ({what}): the bad fields named: {}",
        op.id,
        answer.text()
    );
    match op.bad_request_message() {
        Some(message) => {
            assert_eq!(answer.content_type(), "application/json", "{}", op.id);
            assert_eq!(
                &answer.json()["message"],
                message,
                "{} ({what}): the documented 400's message",
                op.id
            );
        }
        None if op.response("400").is_none() => {
            assert_eq!(
                answer.content_type(),
                "application/problem+json",
                "{} ({what}): no documented 400",
                op.id
            );
            assert_eq!(answer.json()["status"], 400, "{}", op.id);
        }
        None => {}
    }
}

// ------------------------------------------------------------------ raw exchanges

/// Whether the concrete `path` matches the template.
fn matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

/// Writes `head` then `body` on a new connection while reading the answer;
/// returns the status (if a status line came) and the raw answer.
async fn raw_exchange(
    addr: std::net::SocketAddr,
    head: Vec<u8>,
    body: Vec<u8>,
) -> (Option<u16>, Vec<u8>) {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    let (mut reader, mut writer) = stream.into_split();
    // The writing half is handed back rather than dropped: dropping it would
    // half-close the connection, and the server (like hyper by default) closes a
    // connection whose client has shut down its side before it answers.
    let write = tokio::spawn(async move {
        let written = async {
            writer.write_all(&head).await?;
            writer.write_all(&body).await?;
            writer.flush().await
        }
        .await;
        (writer, written)
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), async {
        let mut buffer = [0u8; 8192];
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
            if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if answer.len() >= end + 4 + length {
                    break;
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no complete answer within 60 s");
    // The server may close before reading everything it does not need, so a
    // failed write is no failure here.
    let _writer = write.await;
    (status_of(&answer), answer)
}

/// The status of a raw HTTP/1.x answer, if it starts with a status line.
fn status_of(answer: &[u8]) -> Option<u16> {
    if !answer.starts_with(b"HTTP/1.") {
        return None;
    }
    std::str::from_utf8(answer.get(9..12)?).ok()?.parse().ok()
}

/// Like [`raw_exchange`], but shuts the writing half after the (short) body.
async fn raw_half_closed(
    addr: std::net::SocketAddr,
    head: Vec<u8>,
    body: Vec<u8>,
) -> (Option<u16>, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    stream.write_all(&head).await.expect("writes");
    stream.write_all(&body).await.expect("writes");
    stream.shutdown().await.expect("shuts down");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "no end of the answer within 30 s");
    (status_of(&answer), answer)
}

// ------------------------------------------------------------------ the helpers

#[test]
fn the_helpers_see_the_whole_spec() {
    // Guards the expectations above against a spec the helpers misread.
    assert_eq!(
        operations().len(),
        records().len(),
        "one operation per documented one"
    );
    let ids: BTreeMap<&str, usize> = operations().iter().fold(BTreeMap::new(), |mut m, op| {
        *m.entry(op.id.as_str()).or_default() += 1;
        m
    });
    assert!(ids.values().all(|n| *n == 1), "operationIds are unique");
    for op in operations() {
        let path = valid_path(op);
        assert!(!path.contains('{'), "{path}");
        assert!(matches(&op.path, &path), "{path}");
    }
    assert_eq!(encode(b"a b/\xff"), "a%20b%2F%FF");
}
