//! Contract tests against the third-party mock server Prism (`scripts/prism`),
//! which serves `spec/cde-api.yaml` and checks every request it gets, and every
//! response it makes, against the spec.
//!
//! Prism reports what does not conform in the `sl-violations` response header: a
//! JSON array of `{location, severity, code, message}`, where `location` starts
//! with `"request"` or `"response"`.
//!
//! - [`every_operation_conforms`] calls every operation of the generated client
//!   with valid inputs (bodies are the spec's request examples, read at run
//!   time) and fails on any request-side violation (the client sent something
//!   the spec does not allow), on any response-side violation (the spec's own
//!   examples or schemas disagree: a spec defect), on any response that does not
//!   decode into the generated types, and unless the operations called are
//!   exactly the spec's `operationId`s.
//! - [`every_documented_response_conforms_and_decodes`] asks Prism (header
//!   `Prefer: code=N`) for each documented response of each operation in turn
//!   (every status the spec lists, the spec's example when it has one) and fails
//!   on any violation, on a status other than the one asked for, and on a body
//!   that does not decode (a success must give `Ok`, an error `Error::Api`).
//! - [`prism_reports_an_invalid_raw_request`] and
//!   [`a_request_without_credentials_is_reported`] show that the check can fail:
//!   an ill-typed body and a missing bearer token are reported.
//!
//! The checks can fail: serving a copy of the spec in which `TargetsRequest`'s
//! `target-accounts` items are strings and `connector_move_to_bin`'s 200 example
//! has `resource: 7` makes the first two tests report the request-side
//! violations of `connector_targets_add`/`_update`, the response-side violation
//! and the undecodable body of `connector_move_to_bin`.
//!
//! Prism's limitations met so far: none. (A `2XX` range is served as 200 by
//! default; `Prefer: code=200` is what this test asks for it.)
//!
//! The server's URL comes from `PRISM_URL` (`scripts/test` starts Prism and sets
//! it). Without it, or when nothing answers there, the tests print that they were
//! skipped and pass; under CI (`CI` set) they fail instead.

use std::collections::BTreeSet;
use std::fmt::{self, Debug};
use std::time::Duration;

use cde_api::Client;
use cde_api::types::StateStatus;
use cde_runtime::HeaderMap;
use cde_runtime::serde::de::DeserializeOwned;
use cde_runtime::{Error, Response};
use cde_tests::support::{self, cde_spec as spec};
use serde_json::{Value, json};

const TOKEN: &str = "contract-test-token";
const PUBLIC_ID: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
const STATE_ID: &str = "648a62c5-3f8f-40ce-ab96-db285fc886a7";
const RUN_ID: &str = "019e16f3-dd45-7241-b753-2856c6a3da8a";
const CONNECTOR_UUID: &str = "3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411";
const INTEGRATOR_ID: &str = "019e16f4-0448-7342-8a07-c5d94abe0fe6";
const ORGANIZATION_ID: &str = "0b6ad0e4-5a0a-4a39-9a4e-0e6c1f1b2c3d";
const MEMBER_ID: &str = "019e16f4-d601-7227-84e4-6524ffb82000";

// ==================================================================== the server

fn client(url: &str, token: Option<&str>) -> Client {
    client_with(url, token, cde_runtime::reqwest::Client::builder())
}

/// A client whose every request asks Prism for the documented response of
/// status `code` (Prism's `Prefer: code=` request header).
fn client_preferring(url: &str, code: u16) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        "prefer",
        format!("code={code}").parse().expect("a header value"),
    );
    let http = cde_runtime::reqwest::Client::builder().default_headers(headers);
    client_with(url, Some(TOKEN), http)
}

fn client_with(
    url: &str,
    token: Option<&str>,
    http: cde_runtime::reqwest::ClientBuilder,
) -> Client {
    let builder = Client::builder()
        .base_url(url)
        .http_client(http)
        .timeout(Duration::from_secs(30));
    match token {
        Some(token) => builder.bearer_token(token),
        None => builder,
    }
    .build()
    .expect("the client builds")
}

// ===================================================================== the spec

/// Every operation of the spec: `(operationId, operation object)`.
fn operations() -> impl Iterator<Item = (&'static str, &'static Value)> {
    support::operations(spec())
        .into_iter()
        .map(|operation| (operation.id, operation.op))
}

/// The spec's `application/json` request example of `operation_id`.
fn request_example(operation_id: &str) -> Value {
    let (_, op) = operations()
        .find(|(id, _)| *id == operation_id)
        .unwrap_or_else(|| panic!("no operation {operation_id}"));
    let example = &op["requestBody"]["content"]["application/json"]["example"];
    assert!(!example.is_null(), "no request example for {operation_id}");
    example.clone()
}

/// The request example of `operation_id`, decoded into its generated body type.
fn body<T: DeserializeOwned>(operation_id: &str) -> T {
    typed(request_example(operation_id))
}

fn typed<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the example decodes into the body type")
}

// ================================================================ the violations

/// One entry of Prism's `sl-violations` header.
#[derive(Debug, Clone)]
struct Violation {
    location: Vec<String>,
    severity: String,
    code: String,
    message: String,
}

impl Violation {
    fn is_request(&self) -> bool {
        self.location.first().map(String::as_str) == Some("request")
    }

    fn is_response(&self) -> bool {
        self.location.first().map(String::as_str) == Some("response")
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} ({}): {}",
            self.location.join("."),
            self.severity,
            self.code,
            self.message
        )
    }
}

/// The violations Prism reports in `headers` (none without the header). A header
/// that is not the documented JSON fails the test: a silently unreadable header
/// would hide every violation.
fn violations(headers: &HeaderMap) -> Vec<Violation> {
    let mut found = Vec::new();
    for value in headers.get_all("sl-violations") {
        let text = value.to_str().expect("sl-violations is ASCII");
        let entries: Vec<Value> = serde_json::from_str(text)
            .unwrap_or_else(|err| panic!("sl-violations is not a JSON array ({err}): {text}"));
        for entry in entries {
            let location = entry["location"]
                .as_array()
                .unwrap_or_else(|| panic!("a violation without a location: {entry}"))
                .iter()
                .map(|part| match part {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            let text_of = |key: &str| match &entry[key] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            found.push(Violation {
                location,
                severity: text_of("severity"),
                code: text_of("code"),
                message: text_of("message"),
            });
        }
    }
    found
}

// ===================================================================== the calls

/// What one call of an operation gave.
struct Outcome {
    operation: &'static str,
    status: Option<u16>,
    violations: Vec<Violation>,
    /// `true` for `Ok`, `false` for a documented error (`Error::Api`).
    success: bool,
    /// Why the response could not be used, when it could not.
    failure: Option<String>,
}

/// What a call of a generated operation gave: its status, headers and whether it
/// decoded (`Ok`, or a documented error status with its typed body).
fn outcome<T, E: Debug>(
    operation: &'static str,
    result: &Result<Response<T>, Error<E>>,
) -> Outcome {
    let (status, headers, failure) = match result {
        Ok(response) => (Some(response.status()), Some(response.headers()), None),
        Err(Error::Api(err)) => (Some(err.status), Some(&err.headers), None),
        Err(err) => (
            err.status(),
            err.failed_response().map(|failed| &failed.headers),
            Some(err.to_string()),
        ),
    };
    Outcome {
        operation,
        status: status.map(|s| s.as_u16()),
        violations: headers.map(violations).unwrap_or_default(),
        success: result.is_ok(),
        failure,
    }
}

/// Calls `$client.$operation(args).setter(args)...` and records the outcome under
/// the operation's method name, which is its `operationId`.
macro_rules! call {
    ($outcomes:ident, $client:ident . $op:ident ( $($arg:expr),* $(,)? )
        $( . $setter:ident ( $($setter_arg:expr),* ) )*) => {{
        let result = $client.$op($($arg),*) $( .$setter($($setter_arg),*) )* .await;
        $outcomes.push(outcome(stringify!($op), &result));
    }};
}

/// Calls every operation of the CDE client once with valid inputs.
async fn call_every_operation(c: &Client) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let o = &mut outcomes;

    // connectors
    call!(o, c.connector_list().name("omdb").limit(5));
    call!(
        o,
        c.connector_create(body::<cde_api::types::ConnectorCreateRequest>(
            "connector_create"
        ))
    );
    // The spec has no request example here (the page's is cut short): a minimal
    // one, as in e2e_all.rs.
    call!(o, c.connector_import(typed::<cde_api::types::ConnectorImportRequest>(json!({
        "name": "omdb", "type": "transform", "description": "clever description", "flow": "default",
        "versions": [{"config": {"execution": {"execution-mode": "as-command-options"},
            "secret-registrations": [{"vault_secret": "amazon/seller"}]}}]
    }))));
    call!(o, c.connector_show(PUBLIC_ID));
    call!(
        o,
        c.connector_list_from_bin().owners(INTEGRATOR_ID).from(10)
    );
    call!(o, c.connector_move_to_bin(PUBLIC_ID));
    call!(o, c.connector_restore_from_bin(PUBLIC_ID));
    call!(
        o,
        c.connector_transfer_ownership(
            PUBLIC_ID,
            body::<cde_api::types::TransferOwnershipRequest>("connector_transfer_ownership")
        )
    );

    // connector versions
    call!(o, c.connector_state_list(PUBLIC_ID, "latest").limit(2));
    call!(o, c.connector_sync_runtime(PUBLIC_ID, "1"));
    call!(
        o,
        c.connector_update_runtime_prod(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::RuntimeUpdateRequest>("connector_update_runtime_prod")
        )
    );
    call!(o, c.connector_version_show_authentication(PUBLIC_ID, "1"));
    call!(
        o,
        c.connector_update_authentication_registrations(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::AuthenticationRegistrationsRequest>(
                "connector_update_authentication_registrations"
            )
        )
    );
    call!(
        o,
        c.connector_version_execution_config_update_container_api(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::ContainerApiUpdateRequest>(
                "connector_version_execution_config_update_container_api"
            )
        )
    );
    let svg = "<svg xmlns='http://www.w3.org/2000/svg'/>";
    let logo = cde_runtime::FilePart::new(svg.as_bytes().to_vec())
        .file_name("logo.svg")
        .content_type("image/svg+xml");
    call!(
        o,
        c.connector_version_upload_logo(
            PUBLIC_ID,
            "latest",
            cde_api::types::ConnectorVersionUploadLogoForm::new(logo)
        )
    );
    call!(
        o,
        c.connector_update_secret_registrations(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::SecretRegistrationsRequest>(
                "connector_update_secret_registrations"
            )
        )
    );
    call!(o, c.connector_validate_vcs_config(PUBLIC_ID, "latest"));
    call!(
        o,
        c.connector_individual_config_add(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::IndividualConfigRequest>("connector_individual_config_add")
        )
    );
    call!(
        o,
        c.connector_targets_add(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::TargetsRequest>("connector_targets_add")
        )
    );
    call!(
        o,
        c.connector_targets_update(
            PUBLIC_ID,
            "1",
            body::<cde_api::types::TargetsRequest>("connector_targets_update")
        )
    );
    call!(o, c.connector_create_platform_site(PUBLIC_ID, "latest"));
    call!(o, c.connector_assign_to_dev_site(PUBLIC_ID, "latest"));
    call!(
        o,
        c.connector_enable_prod_access(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::ProdAccessRequest>("connector_enable_prod_access")
        )
    );
    call!(
        o,
        c.connector_disable_prod_access(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::ProdAccessRequest>("connector_disable_prod_access")
        )
    );
    call!(o, c.connector_unrelease(PUBLIC_ID, "latest"));
    call!(
        o,
        c.connector_platform_assign_channel(
            PUBLIC_ID,
            "latest",
            body::<cde_api::types::ChannelsRequest>("connector_platform_assign_channel")
        )
    );
    call!(o, c.connector_rollback_migration(PUBLIC_ID, "latest"));
    // The body is optional and has no example in the spec: a minimal one.
    call!(
        o,
        c.connector_build_trigger()
            .body(typed::<cde_api::types::BuildTriggerRequest>(
                json!({"connector": PUBLIC_ID})
            ))
    );

    // states
    call!(o, c.state_list().status(StateStatus::Done).from(20));
    call!(o, c.state_show(STATE_ID));
    call!(
        o,
        c.connector_version_show_latest_state(
            PUBLIC_ID,
            "latest",
            "update_to_docker_wrapper_version"
        )
    );

    // runs
    call!(o, c.run_list().connector_id(PUBLIC_ID).state("failed"));
    call!(o, c.run_show(RUN_ID));

    // management
    call!(o, c.show_metadata_for_connector(CONNECTOR_UUID));
    call!(
        o,
        c.add_metadata_to_connector(
            CONNECTOR_UUID,
            body::<cde_api::types::ConnectorMetadataRequest>("add_metadata_to_connector")
        )
    );
    call!(
        o,
        c.update_metadata_for_connector(
            CONNECTOR_UUID,
            body::<cde_api::types::ConnectorMetadataRequest>("update_metadata_for_connector")
        )
    );
    call!(
        o,
        c.update_integrator_defaults(
            INTEGRATOR_ID,
            body::<cde_api::types::DefaultsUpdateRequest>("update_integrator_defaults")
        )
    );
    call!(
        o,
        c.update_organization_default_targets(
            ORGANIZATION_ID,
            body::<cde_api::types::DefaultsUpdateRequest>("update_organization_default_targets")
        )
    );
    call!(
        o,
        c.organization_create(body::<cde_api::types::OrganizationCreateRequest>(
            "organization_create"
        ))
    );
    call!(o, c.organization_show(ORGANIZATION_ID));
    call!(o, c.add_member_to_organization(ORGANIZATION_ID, MEMBER_ID));
    call!(
        o,
        c.remove_member_from_organization(ORGANIZATION_ID, MEMBER_ID)
    );
    call!(
        o,
        c.handover(body::<cde_api::types::HandoverRequest>("handover"))
    );

    outcomes
}

// ===================================================================== the tests

#[tokio::test]
async fn every_operation_conforms() {
    let Some(url) = support::prism_url("PRISM_URL", "every_operation_conforms").await else {
        return;
    };
    let outcomes = call_every_operation(&client(&url, Some(TOKEN))).await;

    for outcome in &outcomes {
        eprintln!(
            "{:<58} {} {} violation(s)",
            outcome.operation,
            outcome.status.map_or("---".to_owned(), |s| s.to_string()),
            outcome.violations.len()
        );
    }

    // Coverage: exactly the spec's operations, each called once.
    let in_spec: BTreeSet<&str> = operations().map(|(id, _)| id).collect();
    let called: BTreeSet<&str> = outcomes.iter().map(|o| o.operation).collect();
    assert_eq!(
        outcomes.len(),
        called.len(),
        "an operation was called more than once"
    );
    let spec_text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cde-api.yaml"))
            .expect("the spec is readable");
    let operation_id_lines = spec_text
        .lines()
        .filter(|line| line.trim_start().starts_with("operationId:"))
        .count();
    assert_eq!(
        operation_id_lines,
        operations().count(),
        "operationId lines vs. operations of the loaded spec"
    );
    assert_eq!(
        outcomes.len(),
        operations().count(),
        "operations called vs. operations in spec/cde-api.yaml"
    );
    assert_eq!(
        called, in_spec,
        "the operations called are the spec's operationIds"
    );

    let list = |pick: fn(&Violation) -> bool| -> Vec<String> {
        outcomes
            .iter()
            .flat_map(|o| {
                o.violations
                    .iter()
                    .filter(move |v| pick(v))
                    .map(move |v| format!("{}: {v}", o.operation))
            })
            .collect()
    };
    let response_side = list(Violation::is_response);
    if !response_side.is_empty() {
        eprintln!(
            "response-side violations (Prism's response, built from the spec, does not \
             conform to the spec: spec defects):\n  {}",
            response_side.join("\n  ")
        );
    }
    let sections = [
        (
            "the generated client sent requests that violate the spec",
            list(Violation::is_request),
        ),
        (
            "spec defects: Prism's responses (the spec's examples or schema-built \
             bodies) violate the spec",
            response_side,
        ),
        (
            "violations with an unknown location",
            list(|v| !v.is_request() && !v.is_response()),
        ),
        (
            "responses that do not decode into the generated types",
            outcomes
                .iter()
                .filter_map(|o| Some(format!("{}: {}", o.operation, o.failure.as_ref()?)))
                .collect(),
        ),
        (
            "documented errors, though Prism answers with the documented success by default",
            outcomes
                .iter()
                .filter(|o| o.failure.is_none() && !o.success)
                .map(|o| format!("{}: status {:?}", o.operation, o.status))
                .collect(),
        ),
    ];
    let report: Vec<String> = sections
        .iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(title, items)| format!("{title}:\n  {}", items.join("\n  ")))
        .collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}

/// Every documented response of every operation (each status the spec lists,
/// asked for with Prism's `Prefer: code=` header) conforms to the spec and
/// decodes: a success status into `Ok`, an error status into its documented
/// variant of `Error::Api`.
#[tokio::test]
async fn every_documented_response_conforms_and_decodes() {
    let Some(url) = support::prism_url(
        "PRISM_URL",
        "every_documented_response_conforms_and_decodes",
    )
    .await
    else {
        return;
    };
    // (operationId, status key as the spec writes it, status asked for)
    let documented: Vec<(&str, &str, u16)> = operations()
        .flat_map(|(id, op)| {
            op["responses"]
                .as_object()
                .unwrap_or_else(|| panic!("{id} has responses"))
                .keys()
                .map(move |key| (id, key.as_str(), status_to_ask_for(id, key)))
        })
        .collect();
    let codes: BTreeSet<u16> = documented.iter().map(|&(_, _, code)| code).collect();

    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for code in codes {
        let outcomes = call_every_operation(&client_preferring(&url, code)).await;
        for outcome in outcomes {
            let Some(&(_, key, _)) = documented
                .iter()
                .find(|&&(id, _, c)| id == outcome.operation && c == code)
            else {
                continue; // this operation does not document `code`
            };
            checked.push((outcome.operation, key));
            let what = format!("{} {key} (asked for {code})", outcome.operation);
            if outcome.status != Some(code) {
                problems.push(format!("{what}: answered with status {:?}", outcome.status));
            }
            for violation in &outcome.violations {
                problems.push(format!("{what}: {violation}"));
            }
            if let Some(failure) = &outcome.failure {
                problems.push(format!("{what}: does not decode: {failure}"));
            } else if outcome.success != (200..300).contains(&code) {
                problems.push(format!(
                    "{what}: decoded as {}",
                    if outcome.success {
                        "a success"
                    } else {
                        "a documented error"
                    }
                ));
            }
        }
    }
    eprintln!(
        "checked {} documented responses of {} operations",
        checked.len(),
        checked
            .iter()
            .map(|&(op, _)| op)
            .collect::<BTreeSet<_>>()
            .len()
    );
    assert!(
        problems.is_empty(),
        "documented responses that violate the spec or do not decode:\n  {}",
        problems.join("\n  ")
    );
    let expected: BTreeSet<(&str, &str)> =
        documented.iter().map(|&(id, key, _)| (id, key)).collect();
    let seen: BTreeSet<(&str, &str)> = checked.iter().copied().collect();
    assert_eq!(checked.len(), seen.len(), "a response was checked twice");
    assert_eq!(seen, expected, "every documented response is checked once");
}

/// The status to ask Prism for to get the documented response `key` of
/// `operation`: the status itself, or the first of a range (`2XX` -> 200).
fn status_to_ask_for(operation: &str, key: &str) -> u16 {
    let digits = match key.strip_suffix("XX") {
        Some(class) => format!("{class}00"),
        None => key.to_owned(),
    };
    digits.parse().unwrap_or_else(|_| {
        panic!("{operation}: response {key:?} is not a status or range this test can ask for")
    })
}

/// An ill-typed request body is reported as a request-side violation: the check
/// in [`every_operation_conforms`] can fail.
#[tokio::test]
async fn prism_reports_an_invalid_raw_request() {
    let Some(url) = support::prism_url("PRISM_URL", "prism_reports_an_invalid_raw_request").await
    else {
        return;
    };
    let http = cde_runtime::reqwest::Client::new();
    // `connector-type` must be one of the documented strings; `connector-name`
    // is required.
    let response = http
        .post(format!("{url}/connectors"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(json!({"connector-type": 5, "readme": "no name"}).to_string())
        .send()
        .await
        .expect("Prism answers");
    let status = response.status();
    let found = violations(response.headers());
    let listed: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        status.is_client_error(),
        "status {status} for an invalid body; violations: {listed:#?}"
    );
    let at = |location: &[&str], code: &str| {
        found
            .iter()
            .any(|v| v.location == location && v.code == code)
    };
    assert!(
        at(&["request", "body", "connector-type"], "type"),
        "the wrong type of connector-type is reported: {listed:#?}"
    );
    assert!(
        at(&["request", "body"], "required"),
        "the missing connector-name is reported: {listed:#?}"
    );
    assert!(
        found.iter().all(Violation::is_request),
        "only request-side violations: {listed:#?}"
    );
}

/// The generated client without a bearer token sends a request that violates the
/// spec's security requirement, and the outcome recorded for it (the same path
/// as in [`every_operation_conforms`]) carries that request-side violation.
#[tokio::test]
async fn a_request_without_credentials_is_reported() {
    let Some(url) =
        support::prism_url("PRISM_URL", "a_request_without_credentials_is_reported").await
    else {
        return;
    };
    let c = client(&url, None);
    let mut o = Vec::new();
    call!(o, c.connector_show(PUBLIC_ID));
    let outcome = &o[0];
    assert_eq!(outcome.operation, "connector_show");
    assert_eq!(outcome.status, Some(401), "Prism rejects the missing token");
    assert!(
        outcome.failure.is_none(),
        "the documented 401 decodes: {:?}",
        outcome.failure
    );
    let listed: Vec<String> = outcome.violations.iter().map(ToString::to_string).collect();
    assert!(
        outcome.violations.iter().any(Violation::is_request),
        "a request-side violation is recorded: {listed:?}"
    );
}
