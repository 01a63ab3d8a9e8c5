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

// ------------------------------------------------------------ 1. documented requests

#[tokio::test]
async fn every_documented_request_is_accepted() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let records = records();
    let with_example = records
        .iter()
        .filter(|r| !r["request_example"].is_null())
        .count();
    let mut examples_sent = 0;
    let mut called = BTreeSet::new();
    let mut failures = Vec::new();

    for op in operations() {
        let record = records.iter().find(|r| r["operationId"] == op.id.as_str());
        // The docs' method and path where the docs have the operation.
        let (method, path) = match record {
            Some(record) => {
                let method = record["method"]
                    .as_str()
                    .expect("method")
                    .to_ascii_uppercase();
                assert_eq!(method, op.method, "{}: the docs' method", op.id);
                let path = fill(op, record["path"].as_str().expect("path"), valid_parameter);
                (method, path)
            }
            None => (op.method.clone(), valid_path(op)),
        };
        let url = format!("{}{path}{}", server.url(), required_query(op));
        let example = record
            .map(|r| &r["request_example"])
            .filter(|e| !e.is_null());
        let body = match example {
            Some(example) => {
                let media = record
                    .and_then(|r| r["request_media_types"].as_array())
                    .and_then(|m| m.first())
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| op.request_body().map(|(media, _)| media))
                    .unwrap_or_else(|| String::from("application/json"));
                Some(encode_body(op, &media, example))
            }
            None => spec_body(op).map(|(media, value)| encode_body(op, &media, &value)),
        };
        let mut request = Request::new(&method, url.clone()).bearer();
        let sent = body
            .as_ref()
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned());
        if let Some((content_type, bytes)) = body {
            request = request.raw(&content_type, bytes);
        }
        let answer = send(&client, request).await;
        called.insert(op.id.clone());
        if example.is_some() {
            examples_sent += 1;
        }
        let rejected = REJECTED_EXAMPLES.iter().find(|(id, _)| *id == op.id);
        let outcome = match (rejected, example) {
            (Some((_, why)), Some(_)) => (answer.status == 400).then_some(()).ok_or_else(|| {
                format!(
                    "listed as rejected ({why}) but answered {}; update REJECTED_EXAMPLES",
                    answer.status
                )
            }),
            _ => check_success(op, &answer),
        };
        if let Err(problem) = outcome {
            failures.push(format!(
                "{} {method} {url}\n  sent: {}\n  got {}: {}\n  {problem}",
                op.id,
                sent.as_deref().unwrap_or("(no body)"),
                answer.status,
                answer.text()
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "{} documented requests not accepted:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        examples_sent, with_example,
        "every request example of operations.json is sent"
    );
    assert!(with_example > 0, "operations.json has request examples");
    assert_eq!(
        called.len(),
        operations().len(),
        "every operation is called"
    );
    for record in &records {
        let id = record["operationId"].as_str().unwrap_or("?");
        assert!(
            called.contains(id),
            "the docs' {id} is no operation of the spec"
        );
    }
    println!(
        "{examples_sent} request examples of the docs sent; {} operations called",
        called.len()
    );
}

// ------------------------------------------------------------------ 2. bad input

#[tokio::test]
async fn malformed_json_is_a_400_naming_body() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let json_operations: Vec<&Operation> =
        operations().iter().filter(|op| op.takes_json()).collect();
    assert!(json_operations.len() > 10, "the spec has JSON bodies");
    for op in json_operations {
        for bad in [
            &b"{\"connector-name\": \"x\","[..],
            b"{'single': 'quotes'}",
            b"[1, 2",
            b"\xff\xfe{}",
        ] {
            let url = format!("{}{}{}", server.url(), valid_path(op), required_query(op));
            let answer = send(
                &client,
                Request::new(&op.method, url)
                    .bearer()
                    .raw("application/json", bad),
            )
            .await;
            assert_bad_request(op, &answer, &["body"], &String::from_utf8_lossy(bad));
        }
    }
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_or_none_is_a_400_naming_body() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let create = operation("connector_create");
    let url = format!("{}{}", server.url(), valid_path(create));
    for body in [json!("text"), json!(42), json!(true), Value::Null] {
        let answer = send(
            &client,
            Request::new("POST", url.clone()).bearer().json(&body),
        )
        .await;
        assert_bad_request(create, &answer, &["body"], &body.to_string());
    }
    // The body is required: none at all is named too.
    let answer = send(&client, Request::new("POST", url).bearer()).await;
    assert_bad_request(create, &answer, &["body"], "no body");
    assert_eq!(answer.json()["errors"]["body"], "is required");
}

// serde's derived `Deserialize` of a struct also reads a sequence (fields by
// position); the server must still answer an array in place of an object (the
// body, or a nested object) with a 400 naming it.
#[tokio::test]
async fn an_array_in_place_of_an_object_is_a_400() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let cases: [(&str, Value, &[&str]); 4] = [
        ("connector_create", json!(["transform", "omdb"]), &["body"]),
        ("connector_create", json!([1, 2]), &["body"]),
        ("handover", json!([ID, ID]), &["body"]),
        (
            "update_integrator_defaults",
            json!({"dev-defaults": [1, 2], "prod-defaults": {"accounts": [1], "projects": [2], "sites": [3]}}),
            &["dev-defaults"],
        ),
    ];
    for (id, body, fields) in cases {
        let op = operation(id);
        // Each object schema of these bodies says `type: object`.
        let (_, content) = op.request_body().expect("a body");
        assert_eq!(
            resolve(spec(), &content["schema"])["type"],
            "object",
            "{id}"
        );
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(&client, Request::new(&op.method, url).bearer().json(&body)).await;
        assert_bad_request(op, &answer, fields, &body.to_string());
    }
}

#[tokio::test]
async fn wrong_types_are_a_400_naming_each_field() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let cases: [(&str, Value, &[&str]); 4] = [
        (
            "connector_create",
            json!({"connector-type": "transform", "connector-name": 5, "connector-description": true}),
            &["connector-name", "connector-description"],
        ),
        (
            "connector_targets_add",
            json!({"target-accounts": [1, "two", 3], "target-sites": "x", "target-projects": [4]}),
            &["target-accounts[1]", "target-sites"],
        ),
        (
            "update_integrator_defaults",
            json!({
                "dev-defaults": {"account": "one"},
                "prod-defaults": {"accounts": [1], "projects": [2, "x"], "sites": []}
            }),
            &[
                "dev-defaults.account",
                "dev-defaults.project",
                "prod-defaults.projects[1]",
            ],
        ),
        (
            "connector_transfer_ownership",
            json!({"new_owner": 7, "account": "seven"}),
            &["new_owner", "account"],
        ),
    ];
    for (id, body, fields) in cases {
        let op = operation(id);
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(&client, Request::new(&op.method, url).bearer().json(&body)).await;
        assert_bad_request(op, &answer, fields, &body.to_string());
    }
}

#[tokio::test]
async fn a_missing_required_field_is_named_as_required() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    // After a field that is present and valid, or of a type that takes an
    // empty string, zero, false, [] or {}.
    let cases: [(&str, Value, &[&str]); 3] = [
        (
            "connector_create",
            json!({"connector-type": "transform"}),
            &["connector-name"],
        ),
        (
            "connector_version_execution_config_update_container_api",
            json!({"image": "i"}),
            &["version-constraint"],
        ),
        (
            "update_organization_default_targets",
            json!({"dev-defaults": {}}),
            &["dev-defaults.account", "dev-defaults.project"],
        ),
    ];
    for (id, body, fields) in cases {
        let op = operation(id);
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(&client, Request::new(&op.method, url).bearer().json(&body)).await;
        assert_bad_request(op, &answer, fields, &body.to_string());
        let errors = answer.json()["errors"].clone();
        for field in fields {
            assert_eq!(errors[field], "is required", "{id}: {errors}");
        }
    }
}

// Every missing required field is named, also after one whose type no generic
// stand-in value satisfies (a strict enum, a uuid).
#[tokio::test]
async fn every_missing_required_field_is_named() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut checked = Vec::new();
    let mut wrong = Vec::new();
    // Every JSON body with required fields, sent empty: each required field named
    // "is required".
    for op in operations().iter().filter(|op| op.takes_json()) {
        let (_, content) = op.request_body().expect("a body");
        let schema = resolve(spec(), &content["schema"]);
        let required: BTreeMap<String, Value> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|f| (f.to_owned(), json!("is required")))
            .collect();
        if required.is_empty() {
            continue;
        }
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(
            &client,
            Request::new(&op.method, url).bearer().json(&json!({})),
        )
        .await;
        assert_eq!(answer.status, 400, "{}: {}", op.id, answer.text());
        let errors: BTreeMap<String, Value> = answer.json()["errors"]
            .as_object()
            .map(|e| e.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        if errors != required {
            wrong.push(format!("{}: expected {required:?}, got {errors:?}", op.id));
        }
        checked.push(op.id.as_str());
    }
    assert!(checked.contains(&"connector_create"), "{checked:?}");
    // A bad uuid, then a missing one.
    let handover = operation("handover");
    let url = format!("{}{}", server.url(), valid_path(handover));
    let body = json!({"from": "not-a-uuid"});
    let answer = send(&client, Request::new("POST", url).bearer().json(&body)).await;
    let expected: BTreeSet<String> = ["from", "to"].map(String::from).into();
    if answer.error_fields() != expected {
        wrong.push(format!(
            "handover {body}: expected {expected:?}, got {}",
            answer.text()
        ));
    }
    assert!(
        wrong.is_empty(),
        "{} of {} bodies with a missing required field:\n{}",
        wrong.len(),
        checked.len() + 1,
        wrong.join("\n")
    );
}

// Several bad elements in one array are each named, and later fields too.
#[tokio::test]
async fn every_bad_element_of_an_array_is_named() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let op = operation("connector_targets_add");
    let url = format!("{}{}", server.url(), valid_path(op));
    let cases: [(Value, &[&str]); 3] = [
        // Control: bad elements not next to each other.
        (
            json!({"target-accounts": [1, "a", 2], "target-sites": ["x"]}),
            &["target-accounts[1]", "target-sites[0]"],
        ),
        (
            json!({"target-accounts": [1, "a", "b"], "target-sites": ["x"]}),
            &[
                "target-accounts[1]",
                "target-accounts[2]",
                "target-sites[0]",
            ],
        ),
        (
            json!({"target-accounts": ["a", "b"], "target-projects": [true]}),
            &[
                "target-accounts[0]",
                "target-accounts[1]",
                "target-projects[0]",
            ],
        ),
    ];
    for (body, fields) in cases {
        let answer = send(
            &client,
            Request::new(&op.method, url.clone()).bearer().json(&body),
        )
        .await;
        assert_bad_request(op, &answer, fields, &body.to_string());
    }
}

// OpenAPI 3.0 allows null only with `nullable: true`: optional fields that are
// not nullable reject it, nullable ones (`dev-defaults`) accept it.
#[tokio::test]
async fn null_is_a_400_where_the_spec_does_not_allow_it() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let targets = operation("connector_targets_add");
    let (_, content) = targets.request_body().expect("a body");
    let schema = resolve(spec(), &content["schema"]);
    for field in ["target-accounts", "target-sites"] {
        let property = resolve(spec(), &schema["properties"][field]);
        assert_ne!(
            property["nullable"], true,
            "{field} is not nullable in the spec"
        );
    }
    let defaults = operation("update_integrator_defaults");
    let (_, content) = defaults.request_body().expect("a body");
    assert_eq!(
        resolve(spec(), &content["schema"])["properties"]["dev-defaults"]["nullable"],
        true
    );
    // Control: null where the spec allows it is read.
    let url = format!("{}{}", server.url(), valid_path(defaults));
    let answer = send(
        &client,
        Request::new(&defaults.method, url)
            .bearer()
            .json(&json!({"dev-defaults": null, "prod-defaults": null})),
    )
    .await;
    check_success(defaults, &answer).unwrap_or_else(|p| panic!("{p}: {}", answer.text()));
    let url = format!("{}{}", server.url(), valid_path(targets));
    let body = json!({"target-accounts": null, "target-sites": null, "target-projects": [1]});
    let answer = send(
        &client,
        Request::new(&targets.method, url).bearer().json(&body),
    )
    .await;
    assert_bad_request(
        targets,
        &answer,
        &["target-accounts", "target-sites"],
        &body.to_string(),
    );
}

// `format: uuid` is the hyphenated 8-4-4-4-12 form only (upper-case hex is
// valid); the simple, braced and URN notations that `uuid::Uuid` parses are not.
#[tokio::test]
async fn a_uuid_in_another_notation_is_a_400() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let show = operation("connector_show");
    let schema = resolve(
        spec(),
        &show.parameter("publicId", "path").expect("publicId")["schema"],
    );
    assert_eq!(schema["format"], "uuid");
    // Control: the hyphenated form, in either case, is read.
    for id in [ID.to_owned(), ID.to_ascii_uppercase()] {
        let url = format!("{}/connectors/{id}", server.url());
        let answer = send(&client, Request::new("GET", url).bearer()).await;
        check_success(show, &answer).unwrap_or_else(|p| panic!("{id}: {p}"));
    }
    let other = [
        ID.replace('-', ""),
        format!("{{{ID}}}"),
        format!("urn:uuid:{ID}"),
    ];
    for id in &other {
        let url = format!("{}/connectors/{}", server.url(), encode(id.as_bytes()));
        let answer = send(&client, Request::new("GET", url).bearer()).await;
        assert_bad_request(show, &answer, &["publicId"], id);
    }
    let handover = operation("handover");
    let url = format!("{}{}", server.url(), valid_path(handover));
    for id in &other {
        let body = json!({"from": id, "to": ID});
        let answer = send(
            &client,
            Request::new("POST", url.clone()).bearer().json(&body),
        )
        .await;
        assert_bad_request(handover, &answer, &["from"], &body.to_string());
    }
}

#[tokio::test]
async fn a_wrong_enum_value_is_a_400_naming_the_field() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let create = operation("connector_create");
    let allowed = spec()
        .pointer("/components/schemas/ConnectorType/enum")
        .expect("ConnectorType is an enum");
    assert!(
        !allowed
            .as_array()
            .expect("ConnectorType is an enum")
            .contains(&json!("not-a-type"))
    );
    let url = format!("{}{}", server.url(), valid_path(create));
    // A wrong type and a wrong enum value together: both named.
    let body = json!({"connector-type": "not-a-type", "connector-name": 5});
    let answer = send(
        &client,
        Request::new("POST", url.clone()).bearer().json(&body),
    )
    .await;
    assert_bad_request(
        create,
        &answer,
        &["connector-type", "connector-name"],
        &body.to_string(),
    );
    // The wrong enum value alone.
    let body = json!({"connector-type": "not-a-type", "connector-name": "n"});
    let answer = send(&client, Request::new("POST", url).bearer().json(&body)).await;
    assert_bad_request(create, &answer, &["connector-type"], &body.to_string());
}

#[tokio::test]
async fn a_missing_token_is_a_401_with_the_documented_body() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut documented_bodies = 0;
    for op in operations() {
        let url = format!("{}{}{}", server.url(), valid_path(op), required_query(op));
        let mut request = Request::new(&op.method, url);
        if let Some((media, value)) = spec_body(op) {
            let (content_type, bytes) = encode_body(op, &media, &value);
            request = request.raw(&content_type, bytes);
        }
        let answer = send(&client, request).await;
        assert_eq!(answer.status, 401, "{}: {}", op.id, answer.text());
        assert!(
            answer
                .header("www-authenticate")
                .is_some_and(|c| c.starts_with("Bearer")),
            "{}: WWW-Authenticate {:?}",
            op.id,
            answer.header("www-authenticate")
        );
        match (op.response("401"), op.response_example("401")) {
            (_, Some(example)) => {
                assert_eq!(&answer.json(), example, "{}: the documented 401", op.id);
                assert_eq!(answer.content_type(), "application/json", "{}", op.id);
                documented_bodies += 1;
            }
            (Some(response), None) => {
                // Documented without an example: the documented media type and
                // the schema's required members.
                let (media, content) = response["content"]
                    .as_object()
                    .and_then(|c| c.iter().next())
                    .expect("a documented 401 body");
                assert_eq!(answer.content_type(), media, "{}", op.id);
                let body = answer.json();
                let schema = resolve(spec(), &content["schema"]);
                for member in schema["required"].as_array().into_iter().flatten() {
                    let member = member.as_str().unwrap_or("");
                    assert!(body.get(member).is_some(), "{}: {member} in {body}", op.id);
                }
            }
            (None, None) => {
                assert_eq!(
                    answer.content_type(),
                    "application/problem+json",
                    "{}",
                    op.id
                );
                assert_eq!(answer.json()["status"], 401, "{}", op.id);
            }
        }
    }
    assert!(
        documented_bodies > 10,
        "{documented_bodies} documented 401 bodies"
    );
}

#[tokio::test]
async fn malformed_credentials_are_a_401() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let show = operation("connector_show");
    let url = format!("{}{}", server.url(), valid_path(show));
    for authorization in [
        "Basic xyz",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        "Bearer",
        "Bearer    ",
        "Bearer two words",
        "Bearer t@ken!",
        "Token abc",
        TOKEN,
        "",
    ] {
        let answer = send(
            &client,
            Request::new("GET", url.clone()).header("authorization", authorization),
        )
        .await;
        assert_eq!(
            answer.status,
            401,
            "Authorization {authorization:?}: {}",
            answer.text()
        );
    }
    // The same request with a well-formed token is answered (the scheme name is
    // case-insensitive, RFC 9110).
    for authorization in [format!("Bearer {TOKEN}"), format!("bearer {TOKEN}")] {
        let answer = send(
            &client,
            Request::new("GET", url.clone()).header("authorization", authorization.clone()),
        )
        .await;
        check_success(show, &answer)
            .unwrap_or_else(|problem| panic!("{authorization}: {problem}: {}", answer.text()));
    }
}

#[tokio::test]
async fn unknown_paths_are_a_404() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let templates: Vec<&str> = operations().iter().map(|op| op.path.as_str()).collect();
    for path in [
        "/",
        "/nope",
        "/connector",
        "/connectors/",
        &format!("/connectors/{ID}/nope"),
        &format!("/connectors/{ID}/versions/1/states/x/y"),
        &format!("/CONNECTORS/{ID}"),
        "/states/",
        &format!("/organizations/{ID}/members"),
    ] {
        assert!(!templates.contains(&path), "{path} is a template");
        for method in ["GET", "POST"] {
            let answer = send(
                &client,
                Request::new(method, format!("{}{path}", server.url())).bearer(),
            )
            .await;
            assert_eq!(answer.status, 404, "{method} {path}: {}", answer.text());
            assert_eq!(answer.content_type(), "application/problem+json", "{path}");
            assert_eq!(answer.json()["status"], 404, "{path}");
        }
    }
}

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

#[tokio::test]
async fn a_wrong_method_is_a_405_with_allow() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut checked = 0;
    let templates: BTreeSet<&str> = operations().iter().map(|op| op.path.as_str()).collect();
    for template in templates {
        let op = operations()
            .iter()
            .find(|op| op.path == template)
            .expect("an operation");
        let path = valid_path(op);
        let allowed: BTreeSet<String> = operations()
            .iter()
            .filter(|o| matches(&o.path, &path))
            .map(|o| o.method.clone())
            .collect();
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            if allowed.contains(method) {
                continue;
            }
            let answer = send(
                &client,
                Request::new(method, format!("{}{path}", server.url())).bearer(),
            )
            .await;
            assert_eq!(answer.status, 405, "{method} {path}: {}", answer.text());
            let allow: Vec<String> = answer
                .header("allow")
                .unwrap_or_else(|| panic!("{method} {path}: no Allow header"))
                .split(',')
                .map(|m| m.trim().to_owned())
                .collect();
            let unique: BTreeSet<String> = allow.iter().cloned().collect();
            assert_eq!(
                unique.len(),
                allow.len(),
                "{path}: Allow repeats: {allow:?}"
            );
            assert_eq!(unique, allowed, "{method} {path}: Allow");
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} wrong methods sent");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let create = operation("connector_create");
    let url = format!("{}{}", server.url(), valid_path(create));
    let (_, example) = spec_body(create).expect("connector_create takes a body");
    let valid = serde_json::to_vec(&example).expect("JSON encodes");

    // 10 MB of valid JSON (the example padded with spaces) with reqwest.
    let mut big = valid.clone();
    big.resize(10_000_000, b' ');
    let answer = send(
        &client,
        Request::new("POST", url.clone())
            .bearer()
            .raw("application/json", big.clone()),
    )
    .await;
    assert_eq!(answer.status, 413, "10 MB body: {}", answer.text());
    assert_eq!(answer.content_type(), "application/problem+json");

    // The same over a raw socket, with a Content-Length and chunked.
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        valid_path(create),
        server.addr(),
        big.len()
    );
    let (status, _) = raw_exchange(server.addr(), head.into_bytes(), big.clone()).await;
    assert_eq!(status, Some(413), "10 MB body with Content-Length, raw");
    let mut chunked = Vec::new();
    for chunk in big.chunks(1 << 20) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        valid_path(create),
        server.addr()
    );
    let (status, _) = raw_exchange(server.addr(), head.into_bytes(), chunked).await;
    assert_eq!(status, Some(413), "10 MB chunked body, raw");

    // The server still answers.
    let answer = send(&client, Request::new("POST", url).bearer().json(&example)).await;
    check_success(create, &answer).unwrap_or_else(|p| panic!("{p}"));

    // A configured limit holds to the byte: a body of exactly the limit is read,
    // one byte more is refused.
    let limit = valid.len() + 100;
    let small = cde_api::mock::builder()
        .body_limit(limit)
        .start()
        .await
        .expect("the mock server starts");
    let url = format!("{}{}", small.url(), valid_path(create));
    let mut at_limit = valid.clone();
    at_limit.resize(limit, b' ');
    let answer = send(
        &client,
        Request::new("POST", url.clone())
            .bearer()
            .raw("application/json", at_limit.clone()),
    )
    .await;
    check_success(create, &answer)
        .unwrap_or_else(|p| panic!("a body of exactly the limit: {p}: {}", answer.text()));
    at_limit.push(b' ');
    let answer = send(
        &client,
        Request::new("POST", url)
            .bearer()
            .raw("application/json", at_limit),
    )
    .await;
    assert_eq!(
        answer.status,
        413,
        "one byte over the limit: {}",
        answer.text()
    );
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

#[tokio::test]
async fn a_body_of_the_wrong_media_type_is_a_415() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut checked = 0;
    for op in operations() {
        let Some((media, value)) = spec_body(op) else {
            continue;
        };
        let (right, bytes) = encode_body(op, &media, &value);
        let url = format!("{}{}{}", server.url(), valid_path(op), required_query(op));
        let wrong: &[&str] = if media.contains("json") {
            &[
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
            ]
        } else {
            &["application/json", "text/plain", "application/octet-stream"]
        };
        for content_type in wrong {
            let answer = send(
                &client,
                Request::new(&op.method, url.clone())
                    .bearer()
                    .raw(content_type, bytes.clone()),
            )
            .await;
            assert_eq!(
                answer.status,
                415,
                "{} with {content_type}: {}",
                op.id,
                answer.text()
            );
            assert_eq!(answer.content_type(), "application/problem+json");
            checked += 1;
        }
        // The right media type, parameters and case aside, is read.
        let right = if right.contains("json") {
            String::from("Application/JSON; charset=utf-8")
        } else {
            right
        };
        let answer = send(
            &client,
            Request::new(&op.method, url).bearer().raw(&right, bytes),
        )
        .await;
        check_success(op, &answer)
            .unwrap_or_else(|p| panic!("{} with {right}: {p}: {}", op.id, answer.text()));
    }
    assert!(checked > 30, "{checked} wrong media types sent");
}

#[tokio::test]
async fn invalid_path_and_query_parameters_are_a_400_naming_them() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let version_pattern = operation("connector_state_list")
        .parameter("connectorVersion", "path")
        .and_then(|p| resolve(spec(), &p["schema"])["pattern"].as_str())
        .expect("connectorVersion has a pattern");
    let bad_versions = ["1.0", "xlatestx", "main-1", "-1", "v2", "latest%0A"];
    for version in bad_versions {
        let decoded = version.replace("%0A", "\n");
        assert!(!pattern_matches(version_pattern, &decoded), "{version}");
    }

    // Every operation with a uuid path parameter, given a non-uuid.
    let mut checked = 0;
    for op in operations() {
        let path_parameters: Vec<&Value> =
            op.parameters.iter().filter(|p| p["in"] == "path").collect();
        for bad in &path_parameters {
            let schema = resolve(spec(), &bad["schema"]);
            let name = bad["name"].as_str().expect("name");
            let values: Vec<&str> = if schema["format"] == "uuid" {
                vec!["not-a-uuid", "6f1c2a3b-4d5e-4f60-8a7b", "1"]
            } else if schema.get("pattern").is_some() {
                bad_versions.to_vec()
            } else {
                continue;
            };
            for value in values {
                let path = fill(op, &op.path, |p| {
                    if p["name"] == name {
                        value.to_owned()
                    } else {
                        valid_parameter(p)
                    }
                });
                let url = format!("{}{path}{}", server.url(), required_query(op));
                let mut request = Request::new(&op.method, url).bearer();
                if let Some((media, example)) = spec_body(op) {
                    let (content_type, bytes) = encode_body(op, &media, &example);
                    request = request.raw(&content_type, bytes);
                }
                let answer = send(&client, request).await;
                assert_bad_request(op, &answer, &[name], value);
                checked += 1;
            }
        }
        // All path parameters bad at once: each named.
        if path_parameters.len() > 1
            && path_parameters.iter().all(|p| {
                let s = resolve(spec(), &p["schema"]);
                s["format"] == "uuid" || s.get("pattern").is_some()
            })
        {
            let path = fill(op, &op.path, |_| String::from("1.5"));
            let answer = send(
                &client,
                Request::new(&op.method, format!("{}{path}", server.url())).bearer(),
            )
            .await;
            let names: Vec<&str> = path_parameters
                .iter()
                .filter_map(|p| p["name"].as_str())
                .collect();
            // A body-taking operation also misses its body: named as well.
            let mut expected = names.clone();
            if op
                .node
                .get("requestBody")
                .is_some_and(|b| resolve(spec(), b)["required"] == true)
            {
                expected.push("body");
            }
            assert_bad_request(op, &answer, &expected, "every path parameter bad");
        }
    }
    assert!(checked > 100, "{checked} bad path parameters sent");

    // Query parameters below their minimum or not integers.
    let list = operation("connector_list");
    for (query, field) in [
        ("from=-1", "from"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("from=1.5", "from"),
    ] {
        let url = format!("{}{}?{query}", server.url(), valid_path(list));
        let answer = send(&client, Request::new("GET", url).bearer()).await;
        assert_bad_request(list, &answer, &[field], query);
    }
    let url = format!("{}{}?from=x&limit=-5", server.url(), valid_path(list));
    let answer = send(&client, Request::new("GET", url).bearer()).await;
    assert_bad_request(list, &answer, &["from", "limit"], "from and limit");
    let url = format!("{}{}?from=0&limit=1", server.url(), valid_path(list));
    let answer = send(&client, Request::new("GET", url).bearer()).await;
    check_success(list, &answer).unwrap_or_else(|p| panic!("{p}"));
}

#[tokio::test]
async fn a_multipart_body_without_its_required_part_is_a_400() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let logo = operation("connector_version_upload_logo");
    let (media, content) = logo.request_body().expect("a body");
    assert_eq!(media, "multipart/form-data");
    let required: Vec<&str> = resolve(spec(), &content["schema"])["required"]
        .as_array()
        .expect("required parts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let url = format!("{}{}", server.url(), valid_path(logo));
    let (content_type, body) = multipart(&[(
        String::from("other"),
        Some(String::from("x.svg")),
        None,
        b"<svg/>".to_vec(),
    )]);
    let answer = send(
        &client,
        Request::new("POST", url.clone())
            .bearer()
            .raw(&content_type, body),
    )
    .await;
    assert_bad_request(logo, &answer, &required, "no logo part");
    // A body that is not multipart at all, under a multipart Content-Type.
    let answer = send(
        &client,
        Request::new("POST", url)
            .bearer()
            .raw(&content_type, "this is not multipart"),
    )
    .await;
    assert_bad_request(logo, &answer, &["body"], "garbage multipart");
}

#[tokio::test]
async fn raw_protocol_edge_cases_are_answered() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let host = server.addr();
    let show = valid_path(operation("connector_show"));
    let cases: Vec<(String, Vec<u8>, Option<u16>)> = vec![
        // Invalid UTF-8 once percent-decoded.
        (
            format!(
                "GET /connectors/%FF%FE HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
            ),
            Vec::new(),
            Some(400),
        ),
        // An encoded slash in a parameter.
        (
            format!(
                "GET /connectors/a%2Fb HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
            ),
            Vec::new(),
            Some(400),
        ),
        // Absolute-form target.
        (
            format!(
                "GET http://{host}{show} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
            ),
            Vec::new(),
            Some(200),
        ),
        // Asterisk-form target.
        (
            format!("OPTIONS * HTTP/1.1\r\nHost: {host}\r\n\r\n"),
            Vec::new(),
            Some(404),
        ),
        // HTTP/1.0 without Host.
        (
            format!("GET {show} HTTP/1.0\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"),
            Vec::new(),
            Some(200),
        ),
        // A non-ASCII Authorization value.
        (
            format!(
                "GET {show} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer \u{e9}\u{e9}\r\n\r\n"
            ),
            Vec::new(),
            Some(401),
        ),
        // A malformed chunked body.
        (
            format!(
                "POST /connectors HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            ),
            b"zz\r\n{}\r\n0\r\n\r\n".to_vec(),
            None,
        ),
        // A body shorter than its Content-Length, then the connection half-closed.
        (
            format!(
                "POST /connectors HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            ),
            b"{\"connector-type\"".to_vec(),
            None,
        ),
    ];
    for (head, body, expected) in cases {
        let half_close = head.contains("Content-Length: 100");
        let (status, answer) = if half_close {
            raw_half_closed(host, head.clone().into_bytes(), body).await
        } else {
            raw_exchange(host, head.clone().into_bytes(), body).await
        };
        let first_line = head.lines().next().unwrap_or("");
        match expected {
            Some(expected) => assert_eq!(
                status,
                Some(expected),
                "{first_line}: {}",
                String::from_utf8_lossy(&answer)
            ),
            // Protocol errors: any answer must be a 4xx; hyper may also close.
            None => assert!(
                status.is_none_or(|s| (400..500).contains(&s)),
                "{first_line}: {}",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
    // Still serving.
    let answer = send(
        &client(),
        Request::new("GET", format!("{}{show}", server.url())).bearer(),
    )
    .await;
    check_success(operation("connector_show"), &answer).unwrap_or_else(|p| panic!("{p}"));
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

// ------------------------------------------------------------------ 3. no panic

/// One server for every case, on a runtime that outlives the cases.
struct Shared {
    runtime: tokio::runtime::Runtime,
    server: cde_api::mock::MockServer,
    client: reqwest::Client,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let server = runtime
            .block_on(cde_api::mock::start())
            .expect("the mock server starts");
        Shared {
            runtime,
            server,
            client: client(),
        }
    })
}

/// Every property name of the spec's schemas, to build bodies that get past the
/// first field.
fn field_names() -> Vec<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(spec(), &mut out);
    out.into_iter().collect()
}

fn json_value() -> impl Strategy<Value = Value> {
    let names = field_names();
    let key = prop_oneof![
        3 => proptest::sample::select(names),
        1 => ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(json!(ID)),
        Just(json!("transform")),
        ".{0,16}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A path segment as sent (already percent-encoded where needed).
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(ID.to_owned()),
        2 => Just(String::from("1")),
        1 => Just(String::from("latest")),
        1 => Just(String::from("main")),
        1 => Just(String::new()),
        1 => Just(String::from("%")),
        1 => Just(String::from("%2F")),
        1 => Just(String::from("%00")),
        1 => "[0-9]{1,30}",
        1 => "-[0-9]{1,5}",
        1 => "[a-zA-Z0-9._~-]{1,20}",
        1 => proptest::collection::vec(any::<u8>(), 0..24).prop_map(|b| encode(&b)),
    ]
}

fn path() -> impl Strategy<Value = String> {
    let templates: Vec<String> = operations()
        .iter()
        .map(|op| op.path.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    prop_oneof![
        1 => proptest::collection::vec(segment(), 0..7).prop_map(|s| format!("/{}", s.join("/"))),
        3 => (
            proptest::sample::select(templates),
            proptest::collection::vec(segment(), 3)
        )
            .prop_map(|(template, values)| {
                let mut values = values.into_iter().cycle();
                template
                    .split('/')
                    .map(|s| {
                        if s.starts_with('{') {
                            values.next().unwrap_or_default()
                        } else {
                            s.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("/")
            }),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let names = prop_oneof![
        Just(String::from("from")),
        Just(String::from("limit")),
        Just(String::from("name")),
        Just(String::from("owners")),
        Just(String::from("status")),
        Just(String::from("a%5Bb%5D")),
        segment(),
    ];
    proptest::option::of(proptest::collection::vec((names, segment()), 0..4)).prop_map(|pairs| {
        match pairs {
            None => String::new(),
            Some(pairs) => format!(
                "?{}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("&")
            ),
        }
    })
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"])
            .prop_map(str::to_owned),
        1 => "[A-Z]{1,10}".prop_filter("CONNECT tunnels", |m| m != "CONNECT"),
    ]
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(String::from("application/json"))),
        Just(Some(String::from("application/problem+json"))),
        Just(Some(String::from("text/plain"))),
        Just(Some(String::from("multipart/form-data"))),
        Just(Some(format!("multipart/form-data; boundary={BOUNDARY}"))),
        Just(Some(String::from("application/x-www-form-urlencoded"))),
        "[ -~]{0,60}".prop_map(Some),
    ]
}

/// An Authorization header and whether it is a well-formed bearer token
/// (`None`: not known).
fn authorization() -> impl Strategy<Value = (Option<String>, Option<bool>)> {
    prop_oneof![
        Just((None, Some(false))),
        Just((Some(format!("Bearer {TOKEN}")), Some(true))),
        "[A-Za-z0-9]{1,20}".prop_map(|t| (Some(format!("Bearer {t}")), Some(true))),
        Just((Some(String::from("Bearer ")), Some(false))),
        Just((Some(String::from("Basic eHl6")), Some(false))),
        Just((Some(String::from("Bearer a b")), Some(false))),
        "[ -~]{0,40}".prop_map(|a| (Some(a), None)),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        proptest::collection::vec(any::<u8>(), 0..1024),
        json_value().prop_map(|v| serde_json::to_vec(&v).expect("JSON encodes")),
        proptest::collection::vec(
            (
                prop_oneof![Just(String::from("logo")), ".{0,8}"],
                proptest::option::of("[a-z.]{0,12}"),
                proptest::option::of(prop_oneof![
                    Just(String::from("image/svg+xml")),
                    "[ -~]{0,20}"
                ]),
                proptest::collection::vec(any::<u8>(), 0..64),
            ),
            0..4,
        )
        .prop_map(|parts| {
            let parts: Vec<Part> = parts
                .into_iter()
                .map(|(n, f, c, b)| (n.replace(['"', '\r', '\n'], ""), f, c, b))
                .collect();
            multipart(&parts).1
        }),
    ]
}

/// A valid request; after each case it must still get its documented success.
async fn still_serving(shared: &Shared) -> Result<(), String> {
    let create = operation("connector_create");
    let (_, example) = spec_body(create).expect("a body");
    let answer = Request::new(
        "POST",
        format!("{}{}", shared.server.url(), valid_path(create)),
    )
    .bearer()
    .json(&example)
    .send(&shared.client)
    .await?;
    check_success(create, &answer)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random methods, paths, queries, headers and bodies: every one is answered
    /// with a 2xx or a 4xx, none without a well-formed bearer token gets a 2xx,
    /// and a valid request is still served after each.
    #[test]
    fn random_requests_are_answered_without_failing(
        method in method(),
        path in path(),
        query in query(),
        content_type in content_type(),
        (authorization, well_formed) in authorization(),
        body in body(),
    ) {
        let shared = shared();
        let url = format!("{}{path}{query}", shared.server.url());
        prop_assume!(reqwest::Url::parse(&url).is_ok(), "not a URL: {}", url);
        let mut request = Request::new(&method, url.clone());
        if let Some(authorization) = &authorization {
            request = request.header("authorization", authorization.clone());
        }
        if let Some(content_type) = &content_type {
            request = request.header("content-type", content_type.clone());
        }
        if !body.is_empty() {
            request.body = Some(body.clone());
        }
        let answer = shared.runtime.block_on(request.send(&shared.client));
        let answer = answer.map_err(TestCaseError::fail)?;
        prop_assert!(
            (200..300).contains(&answer.status) || (400..500).contains(&answer.status),
            "{method} {url} (Content-Type {content_type:?}, Authorization {authorization:?}, {} body bytes): {} {}",
            body.len(), answer.status, answer.text()
        );
        if well_formed == Some(false) {
            prop_assert!(
                answer.status >= 400,
                "{method} {url} without a valid token got {}", answer.status
            );
        }
        shared.runtime.block_on(still_serving(shared)).map_err(TestCaseError::fail)?;
    }

    /// Real operations with valid paths and credentials and the right media
    /// type, with random or mutated bodies: each is a documented success or a 400
    /// naming at least one field.
    #[test]
    fn random_bodies_to_real_operations_are_a_success_or_a_400(
        index in any::<proptest::sample::Index>(),
        mutation in (any::<proptest::sample::Index>(), json_value()),
        random in json_value(),
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        mode in 0u8..4,
    ) {
        let shared = shared();
        let op = index.get(operations());
        let url = format!("{}{}{}", shared.server.url(), valid_path(op), required_query(op));
        let media = op.request_body().map_or_else(|| String::from("application/json"), |(m, _)| m);
        let documented = spec_body(op).map(|(_, v)| v).unwrap_or(Value::Null);
        let value = match mode {
            0 => random.clone(),
            1 => {
                // The documented body with one node replaced.
                let mut value = documented.clone();
                let mut nodes = Vec::new();
                collect_nodes(&value, &mut Vec::new(), &mut nodes);
                let node = mutation.0.get(&nodes).clone();
                if let Some(target) = node_mut(&mut value, &node) {
                    *target = mutation.1.clone();
                }
                value
            }
            _ => match (documented.clone(), random.clone()) {
                // The documented body with random members added or replaced.
                (Value::Object(mut base), Value::Object(extra)) => {
                    base.extend(extra);
                    Value::Object(base)
                }
                (base, _) => base,
            },
        };
        let (content_type, bytes) = if mode == 3 {
            // Random bytes under the operation's media type.
            let content_type = if media.contains("multipart") {
                format!("{media}; boundary={BOUNDARY}")
            } else {
                media.clone()
            };
            (content_type, bytes.clone())
        } else if media.contains("json") {
            (media.clone(), serde_json::to_vec(&value).expect("JSON encodes"))
        } else if matches!(value, Value::Object(_)) {
            encode_body(op, &media, &value)
        } else {
            multipart(&[(String::from("logo"), None, None, value.to_string().into_bytes())])
        };
        let request = Request::new(&op.method, url.clone()).bearer().raw(&content_type, bytes);
        let answer = shared.runtime.block_on(request.send(&shared.client)).map_err(TestCaseError::fail)?;
        if answer.status == 400 {
            let body: Value = serde_json::from_slice(&answer.body)
                .map_err(|e| TestCaseError::fail(format!("{}: 400 not JSON: {e}", op.id)))?;
            prop_assert!(
                body["errors"].as_object().is_some_and(|e| !e.is_empty()),
                "{}: a 400 naming no field: {body} for {value}", op.id
            );
        } else {
            let checked = check_success(op, &answer);
            prop_assert!(
                checked.is_ok(),
                "{} {url} with {value}: {} {} ({checked:?})",
                op.id, answer.status, answer.text()
            );
        }
        shared.runtime.block_on(still_serving(shared)).map_err(TestCaseError::fail)?;
    }
}

/// Every node's path (object keys and array indexes) under `value`.
fn collect_nodes(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Value::String(key.clone()));
                collect_nodes(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(json!(index));
                collect_nodes(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(root: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut node = root;
    for step in path {
        node = match (node, step) {
            (Value::Object(map), Value::String(key)) => map.get_mut(key)?,
            (Value::Array(items), Value::Number(index)) => {
                items.get_mut(usize::try_from(index.as_u64()?).ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

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
