//! One end-to-end test per operation of `spec/cde-api.yaml`: the generated
//! client sends the exact request (method, path, query, bearer token, JSON
//! body equal to the spec's request example) to a wiremock server on loopback,
//! which answers with the documented success (the spec's example when there
//! is one), and the call returns `Ok` with that status.
//!
//! Request bodies are copied from the spec's `requestBody` examples and
//! decoded into the generated body types; response bodies are read from the
//! spec at run time (or assembled from other examples where the spec has none).

use std::collections::BTreeSet;
use std::fmt::Debug;

use cde_api::Client;
use cde_api::types::StateStatus;
use cde_runtime::serde::de::DeserializeOwned;
use cde_runtime::{Error, Response};
use cde_tests::support::{self, cde_spec as spec};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "t0k3n";
const PUBLIC_ID: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
const STATE_ID: &str = "648a62c5-3f8f-40ce-ab96-db285fc886a7";
const RUN_ID: &str = "019e16f3-dd45-7241-b753-2856c6a3da8a";
const CONNECTOR_UUID: &str = "3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411";
const INTEGRATOR_ID: &str = "019e16f4-0448-7342-8a07-c5d94abe0fe6";
const ORGANIZATION_ID: &str = "0b6ad0e4-5a0a-4a39-9a4e-0e6c1f1b2c3d";
const MEMBER_ID: &str = "019e16f4-d601-7227-84e4-6524ffb82000";

/// The operations the tests below cover (one `#[tokio::test]` each, same name).
const COVERED: &[&str] = &[
    "connector_list",
    "connector_create",
    "connector_import",
    "connector_show",
    "connector_list_from_bin",
    "connector_move_to_bin",
    "connector_restore_from_bin",
    "connector_transfer_ownership",
    "connector_state_list",
    "connector_sync_runtime",
    "connector_update_runtime_prod",
    "connector_version_show_authentication",
    "connector_update_authentication_registrations",
    "connector_version_execution_config_update_container_api",
    "connector_version_upload_logo",
    "connector_update_secret_registrations",
    "connector_validate_vcs_config",
    "connector_individual_config_add",
    "connector_targets_add",
    "connector_targets_update",
    "connector_create_platform_site",
    "connector_assign_to_dev_site",
    "connector_enable_prod_access",
    "connector_disable_prod_access",
    "connector_unrelease",
    "connector_platform_assign_channel",
    "connector_rollback_migration",
    "connector_build_trigger",
    "state_list",
    "state_show",
    "connector_version_show_latest_state",
    "run_list",
    "run_show",
    "show_metadata_for_connector",
    "add_metadata_to_connector",
    "update_metadata_for_connector",
    "update_integrator_defaults",
    "update_organization_default_targets",
    "organization_create",
    "organization_show",
    "add_member_to_organization",
    "remove_member_from_organization",
    "handover",
];

// ======================================================================== helpers

/// Every operation of the spec: `(operationId, operation object)`.
fn operations() -> impl Iterator<Item = (&'static str, &'static Value)> {
    support::operations(spec())
        .into_iter()
        .map(|operation| (operation.id, operation.op))
}

/// The spec's `application/json` example of `operation_id`'s `status` response.
fn example(operation_id: &str, status: &str) -> Value {
    let (_, op) = operations()
        .find(|(id, _)| *id == operation_id)
        .unwrap_or_else(|| panic!("no operation {operation_id}"));
    let example = &op["responses"][status]["content"]["application/json"]["example"];
    assert!(!example.is_null(), "no example for {operation_id} {status}");
    example.clone()
}

/// The path prefix of the connector version `latest` of [`PUBLIC_ID`].
fn version_path(rest: &str) -> String {
    format!("/connectors/{PUBLIC_ID}/versions/latest{rest}")
}

/// A success envelope of one connector (the spec has no example for it).
fn connector_envelope() -> Value {
    json!({"message": "successful operation", "data": example("connector_create", "200")["data"]})
}

/// A success envelope of one connector version (the spec has no example for it).
fn version_envelope() -> Value {
    json!({"message": "successful operation", "data": example("connector_targets_add", "200")["data"]})
}

/// A one-item page of `item`.
fn page(item: Value) -> Value {
    json!({"data": [item], "metadata": {"from": 0, "limit": 5, "count": 1, "total": 1, "next": null}})
}

/// Decodes a request example into its generated body type.
fn typed<T: DeserializeOwned>(body: &Option<Value>) -> T {
    serde_json::from_value(body.clone().expect("a request body")).expect("the example decodes")
}

fn client(server: &MockServer) -> Client {
    support::client(Client::builder(), server.uri(), TOKEN)
}

/// The request a test expects, and the status the server answers with.
struct Expected {
    method: &'static str,
    path: String,
    query: Option<String>,
    body: Option<Value>,
    status: u16,
}

/// Makes `server` answer the next request with `status` and `response` (no body
/// when `Null`), and returns what the request must look like.
async fn expect_request(
    server: &MockServer,
    method: &'static str,
    path: &str,
    query: Option<&str>,
    body: Option<Value>,
    status: u16,
    response: Value,
) -> Expected {
    let template = match response {
        Value::Null => ResponseTemplate::new(status),
        body => ResponseTemplate::new(status).set_body_json(body),
    };
    Mock::given(any())
        .respond_with(template)
        .expect(1)
        .mount(server)
        .await;
    Expected {
        method,
        path: path.to_owned(),
        query: query.map(str::to_owned),
        body,
        status,
    }
}

/// The value of a header sent once.
fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let mut values = request.headers.get_all(name).iter();
    let first = values.next();
    assert!(values.next().is_none(), "{name} sent more than once");
    first.map(|v| v.to_str().expect("an ASCII header"))
}

impl Expected {
    /// Checks the call succeeded with the served status and returns the one
    /// request the server got, after checking everything but a multipart body.
    async fn received<T, E: Debug>(
        &self,
        server: &MockServer,
        result: Result<Response<T>, Error<E>>,
    ) -> Request {
        let response = result.expect("the call succeeds");
        assert_eq!(response.status().as_u16(), self.status, "status");
        let mut requests = server.received_requests().await.expect("recorded");
        assert_eq!(requests.len(), 1, "one request: {requests:?}");
        let request = requests.remove(0);
        assert_eq!(request.method.as_str(), self.method, "method");
        assert_eq!(request.url.path(), self.path, "path");
        assert_eq!(request.url.query(), self.query.as_deref(), "query");
        let bearer = format!("Bearer {TOKEN}");
        assert_eq!(header(&request, "authorization"), Some(bearer.as_str()));
        request
    }

    /// [`Expected::received`], then checks the JSON body (or its absence).
    async fn verify<T, E: Debug>(
        &self,
        server: &MockServer,
        result: Result<Response<T>, Error<E>>,
    ) {
        let request = self.received(server, result).await;
        match &self.body {
            Some(expected) => {
                assert_eq!(header(&request, "content-type"), Some("application/json"));
                let sent: Value = serde_json::from_slice(&request.body).expect("a JSON body");
                assert_eq!(&sent, expected, "request body");
            }
            None => {
                assert!(request.body.is_empty(), "no body: {:?}", request.body);
                assert_eq!(header(&request, "content-type"), None, "content type");
            }
        }
    }
}

/// One test named after the operation: `expect_request(..)`, the call (with the
/// client as `$c` and the request body as `$b`), then [`Expected::verify`].
macro_rules! op_test {
    (
        $op:ident, $method:literal, $path:expr, $query:expr, $body:expr,
        $status:literal => $response:expr, |$c:ident, $b:ident| $call:expr
    ) => {
        #[tokio::test]
        async fn $op() {
            let server = MockServer::start().await;
            let $b: Option<Value> = $body;
            let expected = expect_request(
                &server,
                $method,
                &$path,
                $query,
                $b.clone(),
                $status,
                $response,
            )
            .await;
            let $c = client(&server);
            let _ = &$b;
            expected.verify(&server, $call.await).await;
        }
    };
}

// ===================================================================== connectors

op_test!(connector_list, "GET", "/connectors", Some("name=omdb&limit=5"), None,
    200 => page(example("connector_create", "200")["data"].clone()),
    |c, _b| c.connector_list().name("omdb").limit(5));

op_test!(connector_create, "POST", "/connectors", None,
    Some(json!({"connector-type": "transform", "connector-name": "omdb",
        "connector-description": "clever description", "readme": "readme content"})),
    200 => example("connector_create", "200"),
    |c, b| c.connector_create(typed::<cde_api::types::ConnectorCreateRequest>(&b)));

// The spec has no request example here (the page's is cut short): a minimal one.
op_test!(connector_import, "POST", "/connectors/copy", None,
    Some(json!({"name": "omdb", "type": "transform", "description": "clever description",
        "flow": "default", "versions": [{"config": {"execution": {"execution-mode": "as-command-options"},
        "secret-registrations": [{"vault_secret": "amazon/seller"}]}}]})),
    201 => connector_envelope(),
    |c, b| c.connector_import(typed::<cde_api::types::ConnectorImportRequest>(&b)));

op_test!(connector_show, "GET", format!("/connectors/{PUBLIC_ID}"), None, None,
    200 => connector_envelope(),
    |c, _b| c.connector_show(PUBLIC_ID));

op_test!(connector_list_from_bin, "GET", "/connectors/bin", Some("owners=019e16f4-0448-7342-8a07-c5d94abe0fe6&from=10"), None,
    200 => page(example("connector_create", "200")["data"].clone()),
    |c, _b| c.connector_list_from_bin().owners(INTEGRATOR_ID).from(10));

op_test!(connector_move_to_bin, "PATCH", format!("/connectors/{PUBLIC_ID}/move-to-bin"), None, None,
    200 => example("connector_move_to_bin", "200"),
    |c, _b| c.connector_move_to_bin(PUBLIC_ID));

op_test!(connector_restore_from_bin, "PATCH", format!("/connectors/{PUBLIC_ID}/restore-from-bin"), None, None,
    200 => connector_envelope(),
    |c, _b| c.connector_restore_from_bin(PUBLIC_ID));

op_test!(connector_transfer_ownership, "PUT", format!("/connectors/{PUBLIC_ID}/owner"), None,
    Some(json!({"new_owner": "019e16f4-d601-7227-84e4-6524ffb82000", "account": 789})),
    200 => example("connector_transfer_ownership", "200"),
    |c, b| c.connector_transfer_ownership(PUBLIC_ID, typed::<cde_api::types::TransferOwnershipRequest>(&b)));

op_test!(connector_state_list, "GET", version_path("/states"), Some("limit=2"), None,
    200 => example("connector_state_list", "200"),
    |c, _b| c.connector_state_list(PUBLIC_ID, "latest").limit(2));

op_test!(connector_sync_runtime, "POST", version_path("/sync-runtime"), None, None,
    200 => example("connector_sync_runtime", "200"),
    |c, _b| c.connector_sync_runtime(PUBLIC_ID, "latest"));

op_test!(connector_update_runtime_prod, "PUT", version_path("/runtime/prod"), None,
    Some(json!({"environment": "bin-docker-wrapper", "version": "12.10.0"})),
    200 => example("connector_update_runtime_prod", "200"),
    |c, b| c.connector_update_runtime_prod(PUBLIC_ID, "latest", typed::<cde_api::types::RuntimeUpdateRequest>(&b)));

op_test!(connector_version_show_authentication, "GET", version_path("/authentication-registrations"), None, None,
    200 => example("connector_version_show_authentication", "200"),
    |c, _b| c.connector_version_show_authentication(PUBLIC_ID, "latest"));

op_test!(connector_update_authentication_registrations, "PUT", version_path("/authentication-registrations"), None,
    Some(json!({"authentication-registrations": [30],
        "authentication-registrations-additional-fields": ["option-1", "option-2", "option-3"]})),
    200 => example("connector_update_authentication_registrations", "200"),
    |c, b| c.connector_update_authentication_registrations(PUBLIC_ID, "latest",
        typed::<cde_api::types::AuthenticationRegistrationsRequest>(&b)));

op_test!(connector_version_execution_config_update_container_api, "PUT", version_path("/execution-config/container-api"), None,
    Some(json!({"image": "test.domain.docker/test/container-api-image:1.0.0", "version-constraint": "^0.20"})),
    200 => example("connector_version_execution_config_update_container_api", "200"),
    |c, b| c.connector_version_execution_config_update_container_api(PUBLIC_ID, "latest",
        typed::<cde_api::types::ContainerApiUpdateRequest>(&b)));

#[tokio::test]
async fn connector_version_upload_logo() {
    let server = MockServer::start().await;
    let path = version_path("/logo");
    let expected =
        expect_request(&server, "POST", &path, None, None, 200, version_envelope()).await;
    let svg = "<svg xmlns='http://www.w3.org/2000/svg'/>";
    let logo = cde_runtime::FilePart::new(svg.as_bytes().to_vec())
        .file_name("logo.svg")
        .content_type("image/svg+xml");
    let form = cde_api::types::ConnectorVersionUploadLogoForm::new(logo);
    let result = client(&server)
        .connector_version_upload_logo(PUBLIC_ID, "latest", form)
        .await;
    let request = expected.received(&server, result).await;
    let content_type = header(&request, "content-type").expect("a content type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&request.body);
    assert_eq!(body.matches("Content-Disposition").count(), 1, "{body}");
    assert!(
        body.contains("Content-Disposition: form-data; name=\"logo\"; filename=\"logo.svg\""),
        "{body}"
    );
    assert!(body.contains("Content-Type: image/svg+xml"), "{body}");
    assert!(body.contains(svg), "{body}");
}

op_test!(connector_update_secret_registrations, "PUT", version_path("/secret-registrations"), None,
    Some(json!({"secret-registrations": ["amazon/seller", "google/io/shopping"]})),
    200 => example("connector_update_secret_registrations", "200"),
    |c, b| c.connector_update_secret_registrations(PUBLIC_ID, "latest",
        typed::<cde_api::types::SecretRegistrationsRequest>(&b)));

op_test!(connector_validate_vcs_config, "GET", version_path("/vcs-configs/validate"), None, None,
    200 => example("connector_validate_vcs_config", "200"),
    |c, _b| c.connector_validate_vcs_config(PUBLIC_ID, "latest"));

op_test!(connector_individual_config_add, "POST", version_path("/individual-configs"), None,
    Some(json!({"command-option": "new-option", "field-type": "input", "field-name": "New option",
        "field-required": false, "field-placeholder": "Some new option", "field-description": "Something",
        "field-default-value": "", "field-config": "config", "order": null})),
    201 => example("connector_individual_config_add", "2XX"),
    |c, b| c.connector_individual_config_add(PUBLIC_ID, "latest", typed::<cde_api::types::IndividualConfigRequest>(&b)));

op_test!(connector_targets_add, "POST", version_path("/targets"), None,
    Some(json!({"target-accounts": [789, 987], "target-projects": [321, 654], "target-sites": [123, 456]})),
    200 => example("connector_targets_add", "200"),
    |c, b| c.connector_targets_add(PUBLIC_ID, "latest", typed::<cde_api::types::TargetsRequest>(&b)));

op_test!(connector_targets_update, "PUT", version_path("/targets"), None,
    Some(json!({"target-accounts": [789, 987], "target-projects": [321, 654], "target-sites": [123, 456]})),
    200 => version_envelope(),
    |c, b| c.connector_targets_update(PUBLIC_ID, "latest", typed::<cde_api::types::TargetsRequest>(&b)));

op_test!(connector_create_platform_site, "POST", version_path("/platform-dev-site"), None, None,
    202 => example("connector_create_platform_site", "2XX"),
    |c, _b| c.connector_create_platform_site(PUBLIC_ID, "latest"));

op_test!(connector_assign_to_dev_site, "POST", version_path("/assign-to-sites/dev"), None, None,
    200 => example("connector_assign_to_dev_site", "200"),
    |c, _b| c.connector_assign_to_dev_site(PUBLIC_ID, "latest"));

op_test!(connector_enable_prod_access, "POST", version_path("/access/prod/enable"), None,
    Some(json!({"accounts": [789, 987], "projects": [321, 654], "sites": [123, 456]})),
    200 => example("connector_enable_prod_access", "200"),
    |c, b| c.connector_enable_prod_access(PUBLIC_ID, "latest", typed::<cde_api::types::ProdAccessRequest>(&b)));

op_test!(connector_disable_prod_access, "POST", version_path("/access/prod/disable"), None,
    Some(json!({"accounts": [777], "projects": [444], "sites": [666]})),
    200 => version_envelope(),
    |c, b| c.connector_disable_prod_access(PUBLIC_ID, "latest", typed::<cde_api::types::ProdAccessRequest>(&b)));

op_test!(connector_unrelease, "POST", version_path("/unrelease"), None, None,
    204 => Value::Null,
    |c, _b| c.connector_unrelease(PUBLIC_ID, "latest"));

op_test!(connector_platform_assign_channel, "PUT", version_path("/channels"), None,
    Some(json!({"channels": [1, 2]})),
    200 => example("connector_platform_assign_channel", "200"),
    |c, b| c.connector_platform_assign_channel(PUBLIC_ID, "latest", typed::<cde_api::types::ChannelsRequest>(&b)));

op_test!(connector_rollback_migration, "POST", version_path("/migration/rollback"), None, None,
    200 => version_envelope(),
    |c, _b| c.connector_rollback_migration(PUBLIC_ID, "latest"));

// The body is optional and has no example in the spec: a minimal one.
op_test!(connector_build_trigger, "POST", "/builds/connectors", None,
    Some(json!({"connector": PUBLIC_ID})),
    202 => Value::Null,
    |c, b| c.connector_build_trigger().body(typed::<cde_api::types::BuildTriggerRequest>(&b)));

// ========================================================================= states

op_test!(state_list, "GET", "/states", Some("status=done&from=20"), None,
    200 => example("state_list", "200"),
    |c, _b| c.state_list().status(StateStatus::Done).from(20));

op_test!(state_show, "GET", format!("/states/{STATE_ID}"), None, None,
    200 => example("state_show", "200"),
    |c, _b| c.state_show(STATE_ID));

op_test!(connector_version_show_latest_state, "GET", version_path("/states/update_to_docker_wrapper_version"), None, None,
    200 => example("connector_version_show_latest_state", "200"),
    |c, _b| c.connector_version_show_latest_state(PUBLIC_ID, "latest", "update_to_docker_wrapper_version"));

// =========================================================================== runs

op_test!(run_list, "GET", "/runs", Some("connector-id=497f6eca-6276-4993-bfeb-53cbbbba6f08&state=failed"), None,
    200 => page(example("run_show", "200")["data"].clone()),
    |c, _b| c.run_list().connector_id(PUBLIC_ID).state("failed"));

op_test!(run_show, "GET", format!("/runs/{RUN_ID}"), None, None,
    200 => example("run_show", "200"),
    |c, _b| c.run_show(RUN_ID));

// ===================================================================== management

op_test!(show_metadata_for_connector, "GET", format!("/metadata/connectors/{CONNECTOR_UUID}"), None, None,
    200 => example("show_metadata_for_connector", "200"),
    |c, _b| c.show_metadata_for_connector(CONNECTOR_UUID));

op_test!(add_metadata_to_connector, "POST", format!("/metadata/connectors/{CONNECTOR_UUID}"), None,
    Some(json!({"channel-owner": "Third Party", "confidence": "Semi Confident", "help-center": "http://help.center",
        "internal-documentation": "http://docs.internal", "notes": "some notes"})),
    201 => example("add_metadata_to_connector", "2XX"),
    |c, b| c.add_metadata_to_connector(CONNECTOR_UUID, typed::<cde_api::types::ConnectorMetadataRequest>(&b)));

op_test!(update_metadata_for_connector, "PUT", format!("/metadata/connectors/{CONNECTOR_UUID}"), None,
    Some(json!({"channel-owner": "Feature Team", "confidence": "Needs Checking", "help-center": "http://v2.help.center",
        "internal-documentation": "http://v2.docs.internal", "notes": "some updated notes"})),
    200 => example("update_metadata_for_connector", "200"),
    |c, b| c.update_metadata_for_connector(CONNECTOR_UUID, typed::<cde_api::types::ConnectorMetadataRequest>(&b)));

op_test!(update_integrator_defaults, "PUT", format!("/defaults/integrators/{INTEGRATOR_ID}"), None,
    Some(json!({"dev-defaults": {"account": 1, "project": 2},
        "prod-defaults": {"accounts": [11, 12], "projects": [21, 22], "sites": [31, 32]}})),
    200 => example("update_integrator_defaults", "200"),
    |c, b| c.update_integrator_defaults(INTEGRATOR_ID, typed::<cde_api::types::DefaultsUpdateRequest>(&b)));

op_test!(update_organization_default_targets, "PUT", format!("/defaults/organizations/{ORGANIZATION_ID}"), None,
    Some(json!({"dev-defaults": {"account": 1, "project": 2},
        "prod-defaults": {"accounts": [11, 12], "projects": [21, 22], "sites": [31, 32]}})),
    200 => example("update_organization_default_targets", "200"),
    |c, b| c.update_organization_default_targets(ORGANIZATION_ID, typed::<cde_api::types::DefaultsUpdateRequest>(&b)));

op_test!(organization_create, "POST", "/organizations", None,
    Some(json!({"name": "Valid - Name_1"})),
    201 => example("organization_create", "2XX"),
    |c, b| c.organization_create(typed::<cde_api::types::OrganizationCreateRequest>(&b)));

op_test!(organization_show, "GET", format!("/organizations/{ORGANIZATION_ID}"), None, None,
    200 => example("organization_show", "200"),
    |c, _b| c.organization_show(ORGANIZATION_ID));

op_test!(add_member_to_organization, "PUT", format!("/organizations/{ORGANIZATION_ID}/members/{MEMBER_ID}"), None, None,
    200 => example("add_member_to_organization", "200"),
    |c, _b| c.add_member_to_organization(ORGANIZATION_ID, MEMBER_ID));

op_test!(remove_member_from_organization, "DELETE", format!("/organizations/{ORGANIZATION_ID}/members/{MEMBER_ID}"), None, None,
    200 => example("remove_member_from_organization", "200"),
    |c, _b| c.remove_member_from_organization(ORGANIZATION_ID, MEMBER_ID));

op_test!(handover, "POST", "/handover", None,
    Some(json!({"from": "019e16f3-7267-7164-9ea3-10183f6c675d", "to": "019e16f3-7267-7f70-9ea3-10183f9c6e48"})),
    200 => example("handover", "200"),
    |c, b| c.handover(typed::<cde_api::types::HandoverRequest>(&b)));

// ======================================================================= coverage

#[test]
fn every_operation_in_the_spec_is_covered() {
    let in_spec: BTreeSet<&str> = operations().map(|(id, _)| id).collect();
    let covered: BTreeSet<&str> = COVERED.iter().copied().collect();
    assert_eq!(covered.len(), COVERED.len(), "COVERED has duplicates");
    assert_eq!(in_spec, covered);
    assert_eq!(in_spec.len(), 43);
}
