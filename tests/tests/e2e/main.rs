//! End-to-end tests of the generated CDE client (`cde_api`) against real HTTP
//! servers on loopback: wiremock for well-formed exchanges, and a tiny raw
//! HTTP/1.1 server for answers wiremock cannot give (a body cut short, a body
//! that stalls).
//!
//! The examples (`examples.rs`) are copied verbatim from the five reference pages (the
//! docs' seed copies; they equal the examples in `spec/cde-api.yaml`): request
//! bodies from the pages' curl `-d` arguments, responses from the example bodies
//! after them. They are embedded so that the tests read no file at run time.
//!
//! Layout: the examples in `examples`, the helpers here, then one module per
//! concern: the five operations (request on the wire, success example,
//! documented errors), responses that do not match the spec, input
//! validation, secrets, credentials providers, base URL and response metadata.

mod base_url;
mod examples;
mod inputs;
mod mismatches;
mod operations;
mod providers;
mod secrets;

use examples::*;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cde_api::Client;
use cde_api::types::{
    BadRequestResponse, ConnectorAssignToDevSiteError, ConnectorCreateError,
    ConnectorCreateRequest, ConnectorTargetsAddError, ConnectorType,
    ConnectorVersionExecutionConfigUpdateContainerApiError, ConnectorVersionState,
    ContainerApiUpdateRequest, ExecutionMode, FieldErrors, MessageResponse, ProdAccessRequest,
    ResourceKind, TargetsRequest,
};
use cde_runtime::reqwest::StatusCode;
use cde_runtime::{
    ApiError, CredentialsError, CredentialsProvider, Error, Nullable, Response, SecretString,
    TokenFuture,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The `publicId` of the pages' curl examples.
const PUBLIC_ID: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

/// The bearer token the test clients send.
const TOKEN: &str = "super-secret-token";

// ======================================================================== helpers

/// A client for `server` with the bearer token [`TOKEN`].
fn client(server: &MockServer) -> Client {
    client_at(&server.uri())
}

/// A client for any base URL with the bearer token [`TOKEN`].
fn client_at(base_url: &str) -> Client {
    cde_tests::support::client(Client::builder(), base_url, TOKEN)
}

/// Parses an example.
fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("the example is JSON")
}

/// A response with `body` sent as `application/json`.
fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// A server that answers every request with `response`.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    answer(&server, response).await;
    server
}

/// Forgets earlier mocks and requests; from now on answers every request with `response`.
async fn answer(server: &MockServer, response: ResponseTemplate) {
    server.reset().await;
    Mock::given(any())
        .respond_with(response)
        .mount(server)
        .await;
}

/// Every request the server received so far.
async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("wiremock records requests")
}

/// The one request the server received.
async fn single_request(server: &MockServer) -> Request {
    let mut received = requests(server).await;
    assert_eq!(
        received.len(),
        1,
        "expected exactly one request: {received:?}"
    );
    received.remove(0)
}

/// The value of a header sent once (`None` if absent; fails if sent twice).
#[track_caller]
fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let mut values = request.headers.get_all(name).iter();
    let first = values.next();
    assert!(values.next().is_none(), "header {name} sent more than once");
    first.map(|value| value.to_str().expect("an ASCII header value"))
}

/// Checks method, path (no query), bearer token, and the body: the JSON `body`
/// with `Content-Type: application/json`, or none at all.
#[track_caller]
fn assert_request(request: &Request, method: &str, path: &str, body: Option<&str>) {
    assert_eq!(request.method.as_str(), method, "method");
    assert_eq!(request.url.path(), path, "path");
    assert_eq!(request.url.query(), None, "query");
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "authorization"
    );
    match body {
        Some(expected) => {
            assert_eq!(
                header(request, "content-type"),
                Some("application/json"),
                "content type"
            );
            let sent: Value =
                serde_json::from_slice(&request.body).expect("the request body is JSON");
            assert_eq!(sent, json(expected), "request body");
        }
        None => {
            assert!(
                request.body.is_empty(),
                "no body expected, got {:?}",
                String::from_utf8_lossy(&request.body)
            );
            assert_eq!(header(request, "content-type"), None, "content type");
            assert!(
                matches!(header(request, "content-length"), None | Some("0")),
                "content length"
            );
        }
    }
}

/// Checks that a decoded body encodes back to the example it came from, so that
/// no field was lost or altered on the way.
#[track_caller]
fn assert_reencodes_to<T: cde_runtime::serde::Serialize>(decoded: &T, example: &str) {
    let again = serde_json::to_value(decoded).expect("the body encodes");
    assert_eq!(again, json(example), "decoded body re-encoded");
}

/// A field-errors map as the API sends it.
fn field_errors(pairs: &[(&str, &str)]) -> FieldErrors {
    FieldErrors::Object(
        pairs
            .iter()
            .map(|(field, message)| ((*field).to_owned(), (*message).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// The documented error of a failed call.
#[track_caller]
fn api_error<T: Debug, E: Debug>(result: Result<Response<T>, Error<E>>) -> ApiError<E> {
    match result {
        Err(Error::Api(err)) => *err,
        other => panic!("expected a documented error, got {other:?}"),
    }
}

/// The content of one `Error` variant, or a failure that shows what came instead.
macro_rules! expect_err {
    ($result:expr, $variant:path) => {
        match $result {
            Err($variant(inner)) => inner,
            other => panic!(
                concat!("expected Err(", stringify!($variant), "(..)), got {:?}"),
                other
            ),
        }
    };
}
// By path, for the modules above (a macro is otherwise in scope only after
// its definition).
use expect_err;

/// Asserts that the message body of a documented error is `expected`.
#[track_caller]
fn assert_message(body: &MessageResponse, expected: &str) {
    assert_eq!(
        Some(body.message.as_str()),
        json(expected)["message"].as_str()
    );
    assert_reencodes_to(body, expected);
}

/// Asserts a "Bad request." body against its example.
#[track_caller]
fn assert_bad_request(body: &BadRequestResponse, example: &str, errors: &[(&str, &str)]) {
    assert_eq!(body.message, "Bad request.");
    assert_eq!(body.errors, field_errors(errors));
    assert_reencodes_to(body, example);
}

// The five operations called with the pages' example inputs.

fn create_body() -> ConnectorCreateRequest {
    let mut body = ConnectorCreateRequest::new(ConnectorType::Transform, "omdb".to_owned());
    body.connector_description = Some("clever description".to_owned());
    body.readme = Some("readme content".to_owned());
    body
}

fn container_api_body() -> ContainerApiUpdateRequest {
    let mut body = ContainerApiUpdateRequest::new("^0.20".to_owned());
    body.image = Some("test.domain.docker/test/container-api-image:1.0.0".to_owned());
    body
}

fn targets_body() -> TargetsRequest {
    let mut body = TargetsRequest::new();
    body.target_accounts = Some(vec![789, 987]);
    body.target_projects = Some(vec![321, 654]);
    body.target_sites = Some(vec![123, 456]);
    body
}

fn prod_access_body() -> ProdAccessRequest {
    let mut body = ProdAccessRequest::new();
    body.accounts = Some(vec![789, 987]);
    body.projects = Some(vec![321, 654]);
    body.sites = Some(vec![123, 456]);
    body
}

// A tiny HTTP/1.1 server for answers wiremock cannot give.

/// What the raw server does after sending its bytes.
enum Ending {
    /// Closes the connection.
    Close,
    /// Keeps the connection open without sending anything more.
    Stall,
}

/// Starts a one-shot HTTP/1.1 server on loopback that reads one request, sends
/// `response` verbatim and ends as told. Returns its base URL.
async fn raw_server(response: String, ending: Ending) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        read_request(&mut socket).await;
        socket
            .write_all(response.as_bytes())
            .await
            .expect("write response");
        socket.flush().await.expect("flush");
        match ending {
            Ending::Close => {
                let _ = socket.shutdown().await;
                // Read until the client hangs up, so the close is a clean FIN.
                let mut sink = [0u8; 1024];
                while matches!(socket.read(&mut sink).await, Ok(n) if n > 0) {}
            }
            Ending::Stall => tokio::time::sleep(Duration::from_secs(60)).await,
        }
    });
    format!("http://{address}")
}

/// Reads one request: its head and `Content-Length` bytes of body.
async fn read_request(socket: &mut TcpStream) {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .map_or(0, |value| value.trim().parse::<usize>().expect("a length"));
            if data.len() >= end + 4 + length {
                return;
            }
        }
        let read = socket.read(&mut buffer).await.expect("read request");
        if read == 0 {
            return;
        }
        data.extend_from_slice(&buffer[..read]);
    }
}

/// A port on loopback where nothing listens.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("local address").port()
}
