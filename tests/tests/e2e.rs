//! End-to-end tests of the generated CDE client (`cde_api`) against real HTTP
//! servers on loopback: wiremock for well-formed exchanges, and a tiny raw
//! HTTP/1.1 server for answers wiremock cannot give (a body cut short, a body
//! that stalls).
//!
//! The examples below are copied verbatim from the five reference pages (the
//! docs' seed copies; they equal the examples in `spec/cde-api.yaml`): request
//! bodies from the pages' curl `-d` arguments, responses from the example bodies
//! after them. They are embedded so that the tests read no file at run time.
//!
//! Layout: examples, helpers, then one section per concern: the five
//! operations (request on the wire, success example, documented errors),
//! responses that do not match the spec, input validation, secrets,
//! credentials providers, base URL and response metadata.

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

// ======================================================================= examples

// connector_create: `POST /connectors` (seed 003)
/// The page's curl `-d` body.
const CREATE_REQUEST: &str = r#"{"connector-type": "transform", "connector-name": "omdb", "connector-description": "clever description", "readme": "readme content"}"#;

/// The page's success example (served as 200).
const CREATE_200: &str = r#"{
  "message": "Connector created.",
  "resource": "connector",
  "data": {
    "id": "3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411",
    "type": "transform",
    "name": "omdb",
    "description": "clever description",
    "readme": "readme content",
    "flow": "default",
    "main-version-number": null,
    "owner": "019e16f4-0448-7342-8a07-c5d94abe0fe6",
    "integrator": "019e16f4-0448-7342-8a07-c5d94abe0fe6",
    "versions": [
      {
        "name": "omdb",
        "description": "clever description",
        "readme": "readme content",
        "version": "1.0.0",
        "logo": null,
        "created-at": "2026-05-11T14:12:31+02:00",
        "updated-at": "2026-05-11T14:12:31+02:00",
        "deleted-at": null,
        "state": "created",
        "config": {
          "update-progress": [],
          "secret-registrations": [],
          "authentication-registrations": [],
          "authentication-registrations-additional-fields": [],
          "application": null,
          "vcs": null,
          "docker": {
            "image-name": null,
            "image-tag": null,
            "registry-url": null
          },
          "individuals": [],
          "migration": null,
          "execution": {
            "execution-mode": "as-command-options",
            "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
            "docker-host": "unix:///var/run/docker.sock",
            "container-api": {
              "image": null,
              "version-constraint": "^0.25"
            }
          },
          "export": null,
          "data-service": null,
          "datasource": null,
          "buckets": [],
          "feature-flags": [],
          "container-api-config": null
        },
        "platform_dev_reference": {
          "account": null,
          "project": null,
          "executable": null,
          "platform-connector": null,
          "site": null,
          "site-processing-cluster": null,
          "assigned-to-site": null,
          "assigned-to-channel": null,
          "assigned-to-channel-site": null,
          "assigned-to-channel-site-destination": null,
          "runtime": {
            "environment": "cre",
            "version": null
          }
        },
        "platform_prod_reference": {
          "executable": null,
          "platform-connector": null,
          "target-accounts": [],
          "target-projects": [],
          "target-sites": [],
          "enabled-for-accounts": [],
          "enabled-for-projects": [],
          "enabled-for-sites": [],
          "assigned-to-sites": [],
          "released": false,
          "version": null,
          "runtime": {
            "environment": "cre",
            "version": null
          }
        },
        "prod_config": null,
        "dev_config": null
      }
    ],
    "main": null
  }
}"#;

/// The page's "Bad request." example (400).
const CREATE_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "connector-type": "This value should not be blank.",
    "connector-name": "This value should not be blank."
  }
}"#;

// connector_version_execution_config_update_container_api: `PUT /connectors/{publicId}/versions/{connectorVersion}/execution-config/container-api` (seed 004)
/// The page's curl `-d` body.
const CONTAINER_API_REQUEST: &str = r#"{"image": "test.domain.docker/test/container-api-image:1.0.0", "version-constraint": "^0.20"}"#;

/// The page's success example (served as 200).
const CONTAINER_API_200: &str = r#"{
  "message": "successful operation",
  "data": {
    "name": "kohler.org",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:12:27+02:00",
    "updated-at": "2026-05-11T14:12:27+02:00",
    "deleted-at": null,
    "state": "updating",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": null,
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": "test.domain.docker/test/container-api-image:1.0.0",
          "version-constraint": "^0.20"
        }
      },
      "export": null,
      "data-service": null,
      "datasource": {
        "categories": []
      },
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": null,
      "project": null,
      "executable": null,
      "platform-connector": null,
      "site": null,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "8.16.19"
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": null,
      "target-accounts": [],
      "target-projects": [],
      "target-sites": [],
      "enabled-for-accounts": [],
      "enabled-for-projects": [],
      "enabled-for-sites": [],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "8.16.19"
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

/// The page's "Bad request." example (400).
const CONTAINER_API_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "version-constraint": "This value should not be blank."
  }
}"#;

// connector_targets_add: `POST /connectors/{publicId}/versions/{connectorVersion}/targets` (seed 000)
/// The page's curl `-d` body.
const TARGETS_ADD_REQUEST: &str =
    r#"{"target-accounts": [789, 987], "target-projects": [321, 654], "target-sites": [123, 456]}"#;

/// The page's success example (served as 200).
const TARGETS_ADD_200: &str = r#"{
  "message": "successful operation",
  "data": {
    "name": "hilpert.com",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:11:55+02:00",
    "updated-at": "2026-05-11T14:11:55+02:00",
    "deleted-at": null,
    "state": "created",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": {
        "command": "Weissnat",
        "arguments": "vel officiis tempora",
        "health-check": "--laudantium"
      },
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": null,
          "version-constraint": "^9.9.9"
        }
      },
      "export": {
        "channels": [],
        "channel-config": [],
        "feedback-file-enabled": false,
        "feedback-file-source-connection-column": null,
        "feedback-file-target-connection-column": null,
        "feedback-application-config": null
      },
      "data-service": null,
      "datasource": null,
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": null,
      "project": null,
      "executable": null,
      "platform-connector": null,
      "site": null,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "11.22.0"
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": null,
      "target-accounts": [
        789,
        987
      ],
      "target-projects": [
        321,
        654
      ],
      "target-sites": [
        123,
        456
      ],
      "enabled-for-accounts": [],
      "enabled-for-projects": [],
      "enabled-for-sites": [],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "11.22.0"
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

/// The page's "Bad request." example (400).
const TARGETS_ADD_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "target-projects": "This value should be an array of integer."
  }
}"#;

// connector_enable_prod_access: `POST /connectors/{publicId}/versions/{connectorVersion}/access/prod/enable` (seed 002; the page documents no error response)
/// The page's curl `-d` body.
const ENABLE_PROD_ACCESS_REQUEST: &str =
    r#"{"accounts": [789, 987], "projects": [321, 654], "sites": [123, 456]}"#;

/// The page's success example (served as 200).
const ENABLE_PROD_ACCESS_200: &str = r#"{
  "message": "Updated access.",
  "resource": "connector-version",
  "data": {
    "name": "crooks.com",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:12:44+02:00",
    "updated-at": "2026-05-11T14:12:44+02:00",
    "deleted-at": null,
    "state": "synchronized-to-dev",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": null,
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": null,
          "version-constraint": "^9.9.9"
        }
      },
      "export": null,
      "data-service": null,
      "datasource": null,
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": null,
      "project": null,
      "executable": null,
      "platform-connector": null,
      "site": null,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": 28,
      "target-accounts": [
        789,
        987,
        777
      ],
      "target-projects": [
        321,
        654,
        444
      ],
      "target-sites": [
        123,
        456,
        666
      ],
      "enabled-for-accounts": [
        789,
        987
      ],
      "enabled-for-projects": [
        321,
        654
      ],
      "enabled-for-sites": [
        123,
        456
      ],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

// connector_assign_to_dev_site: `POST /connectors/{publicId}/versions/{connectorVersion}/assign-to-sites/dev` (seed 001; no request body)
/// The page's success example (served as 200).
const ASSIGN_TO_DEV_SITE_200: &str = r#"{
  "message": "Connector assigned to dev site.",
  "resource": "connector-version",
  "data": {
    "name": "zulauf.com",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:12:05+02:00",
    "updated-at": "2026-05-11T14:12:05+02:00",
    "deleted-at": null,
    "state": "synchronized-to-dev",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": {
        "command": "Keeling",
        "arguments": "assumenda eum error",
        "health-check": "--nulla"
      },
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": null,
          "version-constraint": "^9.9.9"
        }
      },
      "export": null,
      "data-service": null,
      "datasource": null,
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": 1,
      "project": 2,
      "executable": null,
      "platform-connector": 4,
      "site": 3,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": null,
      "target-accounts": [],
      "target-projects": [],
      "target-sites": [],
      "enabled-for-accounts": [],
      "enabled-for-projects": [],
      "enabled-for-sites": [],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

/// The page's "Bad request." example (400).
const ASSIGN_TO_DEV_SITE_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "connector": "Connector must have dev site assigned."
  }
}"#;

// Message-only error bodies shared by several operations
/// 401 example (every operation but enable_prod_access).
const UNAUTHORIZED_401: &str = r#"{
  "message": "You have to be authorized to access this resource."
}"#;

/// 403 example (connector_create, container-api update).
const ACCESS_DENIED_403: &str = r#"{
  "message": "Access denied for user."
}"#;

/// 404 example (targets_add, assign_to_dev_site).
const CONNECTOR_NOT_FOUND_404: &str = r#"{
  "message": "Connector not found."
}"#;

/// 404 example (container-api update).
const VERSION_NOT_FOUND_404: &str = r#"{
  "message": "Connector does not have specified version."
}"#;

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

// ============================================ operations: request, success, errors

#[tokio::test]
async fn connector_create_sends_the_documented_request_and_decodes_the_example() {
    let server = server_answering(json_response(200, CREATE_200)).await;
    let client = client(&server);

    let response = client
        .connector_create(create_body())
        .send()
        .await
        .expect("the example decodes");

    assert_request(
        &single_request(&server).await,
        "POST",
        "/connectors",
        Some(CREATE_REQUEST),
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.message, "Connector created.");
    assert_eq!(response.resource, Some(ResourceKind::Connector));
    let connector = &response.data;
    assert_eq!(
        connector.id.to_string(),
        "3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411"
    );
    assert_eq!(connector.r#type, ConnectorType::Transform);
    assert_eq!(connector.name, "omdb");
    assert_eq!(connector.description.as_deref(), Some("clever description"));
    assert_eq!(connector.flow, "default");
    assert_eq!(connector.main_version_number, None);
    assert_eq!(
        connector.owner.to_string(),
        "019e16f4-0448-7342-8a07-c5d94abe0fe6"
    );
    assert_eq!(connector.main, Nullable::Null);
    assert_eq!(connector.versions.len(), 1);
    let version = &connector.versions[0];
    assert_eq!(version.version, "1.0.0");
    assert_eq!(version.state, ConnectorVersionState::Created);
    assert_eq!(version.created_at.to_rfc3339(), "2026-05-11T14:12:31+02:00");
    assert_eq!(version.created_at.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(version.deleted_at, None);
    let execution = &version.config.execution;
    assert_eq!(execution.execution_mode, ExecutionMode::AsCommandOptions);
    assert_eq!(
        execution.docker_host.as_deref(),
        Some("unix:///var/run/docker.sock")
    );
    assert_eq!(execution.container_api.image, None);
    assert_eq!(execution.container_api.version_constraint, "^0.25");
    assert_eq!(version.config.application, None);
    assert_eq!(version.platform_dev_reference.runtime.environment, "cre");
    assert!(version.platform_prod_reference.target_accounts.is_empty());
    assert!(!version.platform_prod_reference.released);
    assert_reencodes_to(response.body(), CREATE_200);
}

#[tokio::test]
async fn container_api_update_sends_the_documented_request_and_decodes_the_example() {
    let server = server_answering(json_response(200, CONTAINER_API_200)).await;
    let client = client(&server);

    let response = client
        .connector_version_execution_config_update_container_api(
            PUBLIC_ID,
            "latest",
            container_api_body(),
        )
        .await
        .expect("the example decodes");

    assert_request(
        &single_request(&server).await,
        "PUT",
        &format!("/connectors/{PUBLIC_ID}/versions/latest/execution-config/container-api"),
        Some(CONTAINER_API_REQUEST),
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.message, "successful operation");
    assert_eq!(
        response.resource, None,
        "this page's envelope has no resource"
    );
    let version = &response.data;
    assert_eq!(version.name, "kohler.org");
    assert_eq!(version.description, None);
    assert_eq!(version.state, ConnectorVersionState::Updating);
    assert_eq!(version.updated_at.to_rfc3339(), "2026-05-11T14:12:27+02:00");
    let execution = &version.config.execution;
    assert_eq!(execution.execution_mode, ExecutionMode::AsEnvVariables);
    assert_eq!(execution.docker_host, None);
    assert_eq!(
        execution.container_api.image.as_deref(),
        Some("test.domain.docker/test/container-api-image:1.0.0")
    );
    assert_eq!(execution.container_api.version_constraint, "^0.20");
    let datasource = version.config.datasource.as_ref().expect("a datasource");
    assert!(datasource.categories.is_empty());
    let runtime = &version.platform_prod_reference.runtime;
    assert_eq!(runtime.environment, "bin-docker-wrapper");
    assert_eq!(runtime.version.as_deref(), Some("8.16.19"));
    assert_reencodes_to(response.body(), CONTAINER_API_200);
}

#[tokio::test]
async fn targets_add_sends_the_documented_request_and_decodes_the_example() {
    let server = server_answering(json_response(200, TARGETS_ADD_200)).await;
    let client = client(&server);

    let response = client
        .connector_targets_add(PUBLIC_ID, "1", targets_body())
        .send()
        .await
        .expect("the example decodes");

    assert_request(
        &single_request(&server).await,
        "POST",
        &format!("/connectors/{PUBLIC_ID}/versions/1/targets"),
        Some(TARGETS_ADD_REQUEST),
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.message, "successful operation");
    assert_eq!(response.resource, None);
    let version = &response.data;
    assert_eq!(version.name, "hilpert.com");
    assert_eq!(version.state, ConnectorVersionState::Created);
    assert_eq!(version.created_at.to_rfc3339(), "2026-05-11T14:11:55+02:00");
    let prod = &version.platform_prod_reference;
    assert_eq!(prod.target_accounts, [789, 987]);
    assert_eq!(prod.target_projects, [321, 654]);
    assert_eq!(prod.target_sites, [123, 456]);
    assert!(prod.enabled_for_accounts.is_empty());
    assert_eq!(prod.version, Value::Null);
    let application = version.config.application.as_ref().expect("an application");
    assert_eq!(application.command, "Weissnat");
    assert_eq!(
        application.arguments.as_deref(),
        Some("vel officiis tempora")
    );
    assert_eq!(application.health_check.as_deref(), Some("--laudantium"));
    let export = version.config.export.as_ref().expect("an export config");
    assert!(!export.feedback_file_enabled);
    assert_eq!(export.feedback_application_config, Value::Null);
    assert_eq!(
        version.config.execution.execution_mode,
        ExecutionMode::AsEnvVariables
    );
    assert_eq!(
        version.platform_dev_reference.runtime.version.as_deref(),
        Some("11.22.0")
    );
    assert_reencodes_to(response.body(), TARGETS_ADD_200);
}

#[tokio::test]
async fn enable_prod_access_sends_the_documented_request_and_decodes_the_example() {
    let server = server_answering(json_response(200, ENABLE_PROD_ACCESS_200)).await;
    let client = client(&server);

    let response = client
        .connector_enable_prod_access(PUBLIC_ID, "main", prod_access_body())
        .await
        .expect("the example decodes");

    assert_request(
        &single_request(&server).await,
        "POST",
        &format!("/connectors/{PUBLIC_ID}/versions/main/access/prod/enable"),
        Some(ENABLE_PROD_ACCESS_REQUEST),
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.message, "Updated access.");
    assert_eq!(response.resource, Some(ResourceKind::ConnectorVersion));
    let version = &response.data;
    assert_eq!(version.name, "crooks.com");
    assert_eq!(version.state, ConnectorVersionState::SynchronizedToDev);
    assert_eq!(version.created_at.to_rfc3339(), "2026-05-11T14:12:44+02:00");
    let prod = &version.platform_prod_reference;
    assert_eq!(prod.platform_connector, Some(28));
    assert_eq!(prod.target_accounts, [789, 987, 777]);
    assert_eq!(prod.target_projects, [321, 654, 444]);
    assert_eq!(prod.target_sites, [123, 456, 666]);
    assert_eq!(prod.enabled_for_accounts, [789, 987]);
    assert_eq!(prod.enabled_for_projects, [321, 654]);
    assert_eq!(prod.enabled_for_sites, [123, 456]);
    assert!(!prod.released);
    assert_eq!(prod.runtime.environment, "cre");
    assert_eq!(prod.runtime.version, None);
    assert_reencodes_to(response.body(), ENABLE_PROD_ACCESS_200);
}

#[tokio::test]
async fn assign_to_dev_site_sends_the_documented_request_and_decodes_the_example() {
    let server = server_answering(json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    let client = client(&server);

    let response = client
        .connector_assign_to_dev_site(PUBLIC_ID, "latest")
        .send()
        .await
        .expect("the example decodes");

    assert_request(
        &single_request(&server).await,
        "POST",
        &format!("/connectors/{PUBLIC_ID}/versions/latest/assign-to-sites/dev"),
        None,
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.message, "Connector assigned to dev site.");
    assert_eq!(response.resource, Some(ResourceKind::ConnectorVersion));
    let version = &response.data;
    assert_eq!(version.name, "zulauf.com");
    assert_eq!(version.state, ConnectorVersionState::SynchronizedToDev);
    assert_eq!(version.created_at.to_rfc3339(), "2026-05-11T14:12:05+02:00");
    let dev = &version.platform_dev_reference;
    assert_eq!(dev.account, Some(1));
    assert_eq!(dev.project, Some(2));
    assert_eq!(dev.site, Some(3));
    assert_eq!(dev.platform_connector, Some(4));
    assert_eq!(dev.executable, None);
    assert_eq!(dev.assigned_to_site, Value::Null);
    let application = version.config.application.as_ref().expect("an application");
    assert_eq!(application.command, "Keeling");
    assert_eq!(application.health_check.as_deref(), Some("--nulla"));
    assert!(version.platform_prod_reference.target_sites.is_empty());
    assert_reencodes_to(response.body(), ASSIGN_TO_DEV_SITE_200);
}

#[tokio::test]
async fn connector_create_documented_errors_decode_into_their_variants() {
    let server = MockServer::start().await;
    let client = client(&server);

    answer(&server, json_response(400, CREATE_400)).await;
    let err = api_error(client.connector_create(create_body()).await);
    assert_eq!(err.status, StatusCode::BAD_REQUEST);
    match &err.body {
        ConnectorCreateError::Status400(body) => assert_bad_request(
            body,
            CREATE_400,
            &[
                ("connector-type", "This value should not be blank."),
                ("connector-name", "This value should not be blank."),
            ],
        ),
        other => panic!("expected Status400, got {other:?}"),
    }

    answer(&server, json_response(401, UNAUTHORIZED_401)).await;
    let err = api_error(client.connector_create(create_body()).await);
    assert_eq!(err.status, StatusCode::UNAUTHORIZED);
    match &err.body {
        ConnectorCreateError::Status401(body) => assert_message(body, UNAUTHORIZED_401),
        other => panic!("expected Status401, got {other:?}"),
    }

    answer(&server, json_response(403, ACCESS_DENIED_403)).await;
    let err = api_error(client.connector_create(create_body()).await);
    assert_eq!(err.status, StatusCode::FORBIDDEN);
    match &err.body {
        ConnectorCreateError::Status403(body) => assert_message(body, ACCESS_DENIED_403),
        other => panic!("expected Status403, got {other:?}"),
    }
}

#[tokio::test]
async fn container_api_update_documented_errors_decode_into_their_variants() {
    use ConnectorVersionExecutionConfigUpdateContainerApiError as E;
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || {
        client.connector_version_execution_config_update_container_api(
            PUBLIC_ID,
            "latest",
            container_api_body(),
        )
    };

    answer(&server, json_response(400, CONTAINER_API_400)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::BAD_REQUEST);
    match &err.body {
        E::Status400(body) => assert_bad_request(
            body,
            CONTAINER_API_400,
            &[("version-constraint", "This value should not be blank.")],
        ),
        other => panic!("expected Status400, got {other:?}"),
    }

    answer(&server, json_response(401, UNAUTHORIZED_401)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::UNAUTHORIZED);
    match &err.body {
        E::Status401(body) => assert_message(body, UNAUTHORIZED_401),
        other => panic!("expected Status401, got {other:?}"),
    }

    answer(&server, json_response(403, ACCESS_DENIED_403)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::FORBIDDEN);
    match &err.body {
        E::Status403(body) => assert_message(body, ACCESS_DENIED_403),
        other => panic!("expected Status403, got {other:?}"),
    }

    answer(&server, json_response(404, VERSION_NOT_FOUND_404)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::NOT_FOUND);
    match &err.body {
        E::Status404(body) => assert_message(body, VERSION_NOT_FOUND_404),
        other => panic!("expected Status404, got {other:?}"),
    }
}

#[tokio::test]
async fn targets_add_documented_errors_decode_into_their_variants() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || client.connector_targets_add(PUBLIC_ID, "latest", targets_body());

    answer(&server, json_response(400, TARGETS_ADD_400)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::BAD_REQUEST);
    match &err.body {
        ConnectorTargetsAddError::Status400(body) => assert_bad_request(
            body,
            TARGETS_ADD_400,
            &[(
                "target-projects",
                "This value should be an array of integer.",
            )],
        ),
        other => panic!("expected Status400, got {other:?}"),
    }

    answer(&server, json_response(401, UNAUTHORIZED_401)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::UNAUTHORIZED);
    match &err.body {
        ConnectorTargetsAddError::Status401(body) => assert_message(body, UNAUTHORIZED_401),
        other => panic!("expected Status401, got {other:?}"),
    }

    answer(&server, json_response(404, CONNECTOR_NOT_FOUND_404)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::NOT_FOUND);
    match &err.body {
        ConnectorTargetsAddError::Status404(body) => {
            assert_message(body, CONNECTOR_NOT_FOUND_404);
        }
        other => panic!("expected Status404, got {other:?}"),
    }
}

#[tokio::test]
async fn assign_to_dev_site_documented_errors_decode_into_their_variants() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || client.connector_assign_to_dev_site(PUBLIC_ID, "latest");

    answer(&server, json_response(400, ASSIGN_TO_DEV_SITE_400)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::BAD_REQUEST);
    match &err.body {
        ConnectorAssignToDevSiteError::Status400(body) => assert_bad_request(
            body,
            ASSIGN_TO_DEV_SITE_400,
            &[("connector", "Connector must have dev site assigned.")],
        ),
        other => panic!("expected Status400, got {other:?}"),
    }

    answer(&server, json_response(401, UNAUTHORIZED_401)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::UNAUTHORIZED);
    match &err.body {
        ConnectorAssignToDevSiteError::Status401(body) => {
            assert_message(body, UNAUTHORIZED_401);
        }
        other => panic!("expected Status401, got {other:?}"),
    }

    answer(&server, json_response(404, CONNECTOR_NOT_FOUND_404)).await;
    let err = api_error(call().await);
    assert_eq!(err.status, StatusCode::NOT_FOUND);
    match &err.body {
        ConnectorAssignToDevSiteError::Status404(body) => {
            assert_message(body, CONNECTOR_NOT_FOUND_404);
        }
        other => panic!("expected Status404, got {other:?}"),
    }
}

#[tokio::test]
async fn enable_prod_access_documents_no_error_so_error_statuses_are_unexpected() {
    let server = MockServer::start().await;
    let client = client(&server);

    for (status, example) in [
        (400, TARGETS_ADD_400),
        (401, UNAUTHORIZED_401),
        (403, ACCESS_DENIED_403),
        (404, CONNECTOR_NOT_FOUND_404),
    ] {
        answer(&server, json_response(status, example)).await;
        let result = client
            .connector_enable_prod_access(PUBLIC_ID, "latest", prod_access_body())
            .await;
        let failed = expect_err!(result, Error::UnexpectedStatus);
        assert_eq!(failed.status.as_u16(), status);
        assert_eq!(failed.excerpt, example);
        assert_eq!(failed.body_len, example.len());
        assert_eq!(failed.content_type.as_deref(), Some("application/json"));
    }
}

#[tokio::test]
async fn statuses_an_operation_does_not_document_are_unexpected() {
    let server = MockServer::start().await;
    let client = client(&server);

    // connector_create documents 200, 400, 401 and 403 only.
    for status in [201, 404] {
        answer(&server, json_response(status, CONNECTOR_NOT_FOUND_404)).await;
        let failed = expect_err!(
            client.connector_create(create_body()).await,
            Error::UnexpectedStatus
        );
        assert_eq!(failed.status.as_u16(), status);
        assert_eq!(failed.excerpt, CONNECTOR_NOT_FOUND_404);
    }

    // connector_targets_add and connector_assign_to_dev_site document no 403.
    answer(&server, json_response(403, ACCESS_DENIED_403)).await;
    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::UnexpectedStatus
    );
    assert_eq!(failed.status, StatusCode::FORBIDDEN);
    let failed = expect_err!(
        client
            .connector_assign_to_dev_site(PUBLIC_ID, "latest")
            .await,
        Error::UnexpectedStatus
    );
    assert_eq!(failed.status, StatusCode::FORBIDDEN);
    assert_eq!(failed.excerpt, ACCESS_DENIED_403);
}

#[tokio::test]
async fn field_errors_decode_an_empty_array_and_dotted_keys() {
    let server = MockServer::start().await;
    let client = client(&server);

    let empty = r#"{"message": "Connector is actively used on the platform.", "errors": []}"#;
    answer(&server, json_response(400, empty)).await;
    let err = api_error(client.connector_create(create_body()).await);
    match &err.body {
        ConnectorCreateError::Status400(body) => {
            assert_eq!(body.message, "Connector is actively used on the platform.");
            assert_eq!(body.errors, FieldErrors::Array(Vec::new()));
            assert_reencodes_to(body, empty);
        }
        other => panic!("expected Status400, got {other:?}"),
    }

    let err = api_error(client.connector_assign_to_dev_site(PUBLIC_ID, "1").await);
    match &err.body {
        ConnectorAssignToDevSiteError::Status400(body) => {
            assert_eq!(body.errors, FieldErrors::Array(Vec::new()));
        }
        other => panic!("expected Status400, got {other:?}"),
    }

    let dotted = r#"{"message": "Bad request.", "errors": {"dev-defaults.account": "This value should be of type int."}}"#;
    answer(&server, json_response(400, dotted)).await;
    let err = api_error(
        client
            .connector_targets_add(PUBLIC_ID, "1", targets_body())
            .await,
    );
    match &err.body {
        ConnectorTargetsAddError::Status400(body) => assert_eq!(
            body.errors,
            field_errors(&[("dev-defaults.account", "This value should be of type int.")])
        ),
        other => panic!("expected Status400, got {other:?}"),
    }
}

// ============================================= responses that do not match the spec

#[tokio::test]
async fn undocumented_status_is_unexpected_status_with_status_and_excerpt() {
    let teapot = "I'm a teapot; no connectors here.";
    let server = server_answering(ResponseTemplate::new(418).set_body_string(teapot)).await;
    let client = client(&server);

    let result = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await;
    let err = result.expect_err("418 is not documented");
    assert_eq!(err.status(), Some(StatusCode::IM_A_TEAPOT));
    let shown = err.to_string();
    let failed = expect_err!(Err::<(), _>(err), Error::UnexpectedStatus);
    assert_eq!(failed.status, StatusCode::IM_A_TEAPOT);
    assert_eq!(failed.excerpt, teapot);
    assert_eq!(failed.body_len, teapot.len());
    assert_eq!(failed.content_type.as_deref(), Some("text/plain"));
    assert!(shown.contains("418"), "{shown}");
    assert!(shown.contains(teapot), "{shown}");
}

#[tokio::test]
async fn unexpected_status_excerpt_is_bounded_to_2_kib() {
    let body = "x".repeat(10_000);
    let server = server_answering(ResponseTemplate::new(500).set_body_string(body.clone())).await;
    let client = client(&server);

    let failed = expect_err!(
        client
            .connector_assign_to_dev_site(PUBLIC_ID, "latest")
            .await,
        Error::UnexpectedStatus
    );
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(failed.body_len, 10_000);
    assert!(failed.excerpt.starts_with(&body[..2048]));
    assert_eq!(failed.excerpt.chars().filter(|c| *c == 'x').count(), 2048);
    assert!(failed.excerpt.len() <= 2048 + '…'.len_utf8());
}

#[tokio::test]
async fn invalid_json_on_200_is_invalid_body() {
    let broken = r#"{"message": "successful operation", "data": {"name": "#;
    let server = server_answering(json_response(200, broken)).await;
    let client = client(&server);

    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::InvalidBody
    );
    assert_eq!(failed.status, StatusCode::OK);
    assert_eq!(failed.excerpt, broken);
    assert_eq!(failed.body_len, broken.len());
    assert_eq!(failed.content_type.as_deref(), Some("application/json"));
    assert!(failed.detail.as_deref().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_invalid_body() {
    let server = MockServer::start().await;
    let client = client(&server);

    // A success envelope without `data`.
    let no_data = r#"{"message": "successful operation"}"#;
    answer(&server, json_response(200, no_data)).await;
    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::InvalidBody
    );
    assert_eq!(failed.status, StatusCode::OK);
    let detail = failed.detail.expect("a detail");
    assert!(detail.contains("data"), "{detail}");

    // A documented 400 without the required `errors`.
    let no_errors = r#"{"message": "Bad request."}"#;
    answer(&server, json_response(400, no_errors)).await;
    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::InvalidBody
    );
    assert_eq!(failed.status, StatusCode::BAD_REQUEST);
    assert_eq!(failed.excerpt, no_errors);
}

#[tokio::test]
async fn html_on_200_is_unexpected_content_type() {
    let html = "<html><body><h1>Maintenance</h1></body></html>";
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(html.as_bytes().to_vec(), "text/html"),
    )
    .await;
    let client = client(&server);

    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::UnexpectedContentType
    );
    assert_eq!(failed.status, StatusCode::OK);
    assert_eq!(failed.content_type.as_deref(), Some("text/html"));
    assert_eq!(failed.excerpt, html);
    assert_eq!(failed.body_len, html.len());

    // A documented error status (404) with an HTML body is no documented error either.
    answer(
        &server,
        ResponseTemplate::new(404).set_body_raw(html.as_bytes().to_vec(), "text/html"),
    )
    .await;
    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::UnexpectedContentType
    );
    assert_eq!(failed.status, StatusCode::NOT_FOUND);
    assert_eq!(failed.excerpt, html);
}

#[tokio::test]
async fn json_content_type_with_a_charset_is_accepted() {
    let server = server_answering(ResponseTemplate::new(200).set_body_raw(
        TARGETS_ADD_200.as_bytes().to_vec(),
        "application/json; charset=utf-8",
    ))
    .await;
    let client = client(&server);

    let response = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect("application/json with a charset is JSON");
    assert_eq!(
        response.data.platform_prod_reference.target_accounts,
        [789, 987]
    );
}

#[tokio::test]
async fn truncated_body_is_incomplete_body() {
    let partial = &TARGETS_ADD_200[..200];
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{partial}"
    );
    let base_url = raw_server(response, Ending::Close).await;
    let client = client_at(&base_url);

    let failed = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::IncompleteBody
    );
    assert_eq!(failed.status, StatusCode::OK);
    assert_eq!(failed.content_type.as_deref(), Some("application/json"));
    assert_eq!(failed.body_len, partial.len());
    assert_eq!(failed.excerpt, partial);
    assert!(failed.detail.is_some(), "{failed:?}");
}

#[tokio::test]
async fn slow_server_is_timeout() {
    let server =
        server_answering(json_response(200, TARGETS_ADD_200).set_delay(Duration::from_secs(5)))
            .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("the client builds");

    let started = Instant::now();
    let after = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::Timeout
    );
    assert_eq!(after, Some(Duration::from_millis(300)));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn body_that_stalls_is_timeout() {
    let partial = &TARGETS_ADD_200[..100];
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{partial}",
        TARGETS_ADD_200.len()
    );
    let base_url = raw_server(response, Ending::Stall).await;
    let client = Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("the client builds");

    let after = expect_err!(
        client
            .connector_targets_add(PUBLIC_ID, "latest", targets_body())
            .await,
        Error::Timeout
    );
    assert_eq!(after, Some(Duration::from_millis(300)));
}

// ============================================== inputs are checked before sending

#[tokio::test]
async fn connector_version_that_breaks_the_pattern_is_rejected_before_sending() {
    let server = server_answering(json_response(200, TARGETS_ADD_200)).await;
    let client = client(&server);

    // The docs print `^main|latest|\d+$`, which would accept "xlatestx" and
    // "main-1"; the spec anchors the whole value. `\d` is ASCII only and `$` is
    // the very end of the value.
    for bad in [
        "1.0", "xlatestx", "main-1", "latest1x", "", "v1", " 1", "-1", "1\n", "latest\n", "١٢",
    ] {
        let err = expect_err!(
            client
                .connector_targets_add(PUBLIC_ID, bad, targets_body())
                .await,
            Error::InvalidInput
        );
        assert_eq!(err.name(), "connectorVersion", "{bad:?}: {err}");
        assert!(
            err.message().contains(r"^(main|latest|\d+)$"),
            "{bad:?}: the message should name the pattern: {err}"
        );
        assert!(err.to_string().contains("connectorVersion"), "{err}");
    }
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn public_id_that_is_not_a_uuid_is_rejected_before_sending() {
    let server = server_answering(json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    let client = client(&server);

    for bad in [
        "not-a-uuid",
        "",
        "497f6eca-6276-4993-bfeb-53cbbbba6f0",
        "../admin",
    ] {
        let err = expect_err!(
            client.connector_assign_to_dev_site(bad, "latest").await,
            Error::InvalidInput
        );
        assert_eq!(err.name(), "publicId", "{bad:?}: {err}");
        assert!(err.message().contains("UUID"), "{bad:?}: {err}");

        let err = expect_err!(
            client
                .connector_targets_add(bad, "latest", targets_body())
                .await,
            Error::InvalidInput
        );
        assert_eq!(err.name(), "publicId", "{bad:?}: {err}");
    }
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn valid_path_parameters_are_sent_as_path_segments() {
    let server = server_answering(json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    let client = client(&server);

    for version in ["latest", "main", "1", "42"] {
        client
            .connector_assign_to_dev_site(PUBLIC_ID, version)
            .await
            .expect("a valid version is sent");
    }
    // An upper-case UUID is sent in its canonical form.
    client
        .connector_assign_to_dev_site(PUBLIC_ID.to_uppercase(), "1")
        .await
        .expect("an upper-case UUID is a UUID");

    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    let expected: Vec<String> = ["latest", "main", "1", "42", "1"]
        .iter()
        .map(|version| format!("/connectors/{PUBLIC_ID}/versions/{version}/assign-to-sites/dev"))
        .collect();
    assert_eq!(paths, expected);
}

// ======================================================================== secrets

#[tokio::test]
async fn client_debug_never_shows_the_token() {
    let server = MockServer::start().await;
    let client = client(&server);

    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(
        shown.contains(&server.uri()),
        "the base URL is shown: {shown}"
    );

    let request = client.connector_assign_to_dev_site(PUBLIC_ID, "latest");
    let shown = format!("{request:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    drop(request);

    let builder = Client::builder().bearer_token(TOKEN);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn transport_error_never_shows_the_token() {
    let port = closed_port().await;
    let client = client_at(&format!("http://127.0.0.1:{port}"));

    let err = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect_err("nothing listens there");
    let shown = format!("{err} {err:?} {err:#?}");
    let transport = expect_err!(Err::<(), _>(err), Error::Transport);
    assert!(transport.is_connect(), "{transport:?}");
    let shown = format!("{shown} {transport} {transport:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(
        !shown.contains("/connectors/"),
        "a transport error never shows the request URL: {shown}"
    );
}

#[tokio::test]
async fn token_that_cannot_be_a_header_is_refused_and_stays_hidden() {
    let secret = "secret-part\r\nX-Injected: 1";
    // A fixed token is made into its header when the client is built.
    let built = Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token(secret)
        .build();
    let Err(err) = built else {
        panic!("a token with CR/LF built a client")
    };
    let shown = format!("{err} {err:?}");
    assert!(
        matches!(err, cde_runtime::BuildError::InvalidCredentials(_)),
        "{shown}"
    );
    assert!(!shown.contains("secret-part"), "{shown}");

    // A provider's token is checked on each call.
    let server = server_answering(json_response(200, CREATE_200)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials_provider(FixedToken(secret))
        .build()
        .expect("the client builds");
    let err = client
        .connector_create(create_body())
        .await
        .expect_err("the token cannot be sent");
    let shown = format!("{err} {err:?}");
    let credentials = expect_err!(Err::<(), _>(err), Error::Credentials);
    assert!(!credentials.message().is_empty());
    assert!(!shown.contains("secret-part"), "{shown}");
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

/// Always hands out the same token.
struct FixedToken(&'static str);

impl CredentialsProvider for FixedToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Ok(SecretString::new(self.0)) })
    }
}

// ========================================================== credentials providers

/// Hands out `token-1`, `token-2`, ... : a new token on each call.
struct RotatingTokens {
    calls: Arc<AtomicUsize>,
}

impl CredentialsProvider for RotatingTokens {
    fn token(&self) -> TokenFuture<'_> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(SecretString::new(format!("token-{call}"))) })
    }
}

/// Never has a token.
struct NoTokens;

impl CredentialsProvider for NoTokens {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Err(CredentialsError::new("the refresh token expired")) })
    }
}

#[tokio::test]
async fn credentials_provider_is_asked_before_each_request() {
    let server = server_answering(json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .base_url(server.uri())
        .credentials_provider(RotatingTokens {
            calls: Arc::clone(&calls),
        })
        .build()
        .expect("the client builds");

    for _ in 0..2 {
        client
            .connector_assign_to_dev_site(PUBLIC_ID, "latest")
            .await
            .expect("the example decodes");
    }

    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let sent: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|request| header(request, "authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("Bearer token-1".to_owned()),
            Some("Bearer token-2".to_owned())
        ]
    );
    assert!(!format!("{client:?}").contains("token-"));
}

#[tokio::test]
async fn failing_credentials_provider_sends_nothing() {
    let server = server_answering(json_response(200, CREATE_200)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials_provider(NoTokens)
        .build()
        .expect("the client builds");

    let err = expect_err!(
        client.connector_create(create_body()).await,
        Error::Credentials
    );
    assert_eq!(err.message(), "the refresh token expired");
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn without_credentials_no_authorization_header_is_sent() {
    let server = server_answering(json_response(200, CREATE_200)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("the client builds");

    client
        .connector_create(create_body())
        .await
        .expect("the example decodes");
    assert_eq!(
        header(&single_request(&server).await, "authorization"),
        None
    );
}

// ============================================== base URL, user agent, metadata

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = server_answering(json_response(200, CREATE_200)).await;

    for base_url in [
        format!("{}/api/v2", server.uri()),
        format!("{}/api/v2/", server.uri()),
    ] {
        answer(&server, json_response(200, CREATE_200)).await;
        let client = client_at(&base_url);
        client
            .connector_create(create_body())
            .await
            .expect("the example decodes");
        assert_request(
            &single_request(&server).await,
            "POST",
            "/api/v2/connectors",
            Some(CREATE_REQUEST),
        );
    }

    answer(&server, json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    client_at(&format!("{}/api/v2", server.uri()))
        .connector_assign_to_dev_site(PUBLIC_ID, "latest")
        .await
        .expect("the example decodes");
    assert_request(
        &single_request(&server).await,
        "POST",
        &format!("/api/v2/connectors/{PUBLIC_ID}/versions/latest/assign-to-sites/dev"),
        None,
    );
}

#[tokio::test]
async fn user_agent_is_sent() {
    let server = server_answering(json_response(200, CREATE_200)).await;

    client(&server)
        .connector_create(create_body())
        .await
        .expect("the example decodes");
    assert_eq!(
        header(&single_request(&server).await, "user-agent"),
        Some("Productsup-CDE-API/0.1.0 cde-runtime")
    );

    answer(&server, json_response(200, CREATE_200)).await;
    Client::builder()
        .base_url(server.uri())
        .user_agent("my-integration/2.0")
        .build()
        .expect("the client builds")
        .connector_create(create_body())
        .await
        .expect("the example decodes");
    assert_eq!(
        header(&single_request(&server).await, "user-agent"),
        Some("my-integration/2.0")
    );
}

#[tokio::test]
async fn success_exposes_status_and_headers() {
    let server = server_answering(
        json_response(200, TARGETS_ADD_200)
            .insert_header("x-request-id", "req-42")
            .insert_header("x-ratelimit-remaining", "99"),
    )
    .await;
    let client = client(&server);

    let response = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect("the example decodes");

    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-42"[..])
    );
    assert_eq!(
        headers.get("x-ratelimit-remaining").map(|v| v.as_bytes()),
        Some(&b"99"[..])
    );
    assert_eq!(
        headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    let body = response.into_body();
    assert_eq!(body.data.name, "hilpert.com");
}

#[tokio::test]
async fn documented_error_exposes_status_and_headers() {
    let server = server_answering(
        json_response(404, CONNECTOR_NOT_FOUND_404).insert_header("x-request-id", "req-404"),
    )
    .await;
    let client = client(&server);

    let err = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect_err("404 is an error");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(
        matches!(err.documented(), Some(ConnectorTargetsAddError::Status404(body)) if body.message == "Connector not found."),
        "{err:?}"
    );
    let err = api_error(Err::<Response<()>, _>(err));
    assert_eq!(
        err.headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-404"[..])
    );
}
