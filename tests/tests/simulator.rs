//! The CDE simulator (`cde_api::simulator`) driven by the generated client: one
//! test per rule, each checking what the reference page it follows says.

use cde_api::Client;
use cde_api::types::{
    BuildTriggerRequest, ConnectorAssignToDevSiteError, ConnectorCreatePlatformSiteError,
    ConnectorCreateRequest, ConnectorMoveToBinError, ConnectorSyncRuntimeError, ConnectorType,
    ConnectorVersionExecutionConfigUpdateContainerApiError, ConnectorVersionState,
    ContainerApiUpdateRequest, DefaultsUpdateRequest, DevDefaults, FieldErrors, ProdAccessRequest,
    TargetsRequest,
};
use cde_runtime::mock::MockServer;
use cde_runtime::uuid::Uuid;
use cde_runtime::{Error, Nullable};

async fn started() -> (MockServer, Client) {
    let server = cde_api::simulator::start().await.unwrap();
    let client = client(&server);
    (server, client)
}

fn client(server: &MockServer) -> Client {
    cde_tests::support::client(Client::builder(), server.url(), "token")
}

async fn create(client: &Client, name: &str) -> Uuid {
    let request = ConnectorCreateRequest::new(ConnectorType::Transform, name.to_owned());
    client
        .connector_create(request)
        .await
        .unwrap()
        .into_body()
        .data
        .id
}

/// The documented error of a call, as its `Debug`, with its status.
fn api_error<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> (u16, E) {
    match result {
        Err(Error::Api(err)) => (err.status.as_u16(), err.body),
        other => panic!("expected a documented error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_created_connector_is_the_one_read_back() {
    let (_server, client) = started().await;
    let mut request = ConnectorCreateRequest::new(ConnectorType::Export, "feeds".into());
    request.connector_description = Some("exports feeds".into());
    let created = client.connector_create(request).await.unwrap().into_body();
    assert_eq!(created.message, "Connector created.");
    let connector = created.data;
    assert_eq!(
        (connector.name.as_str(), &connector.r#type),
        ("feeds", &ConnectorType::Export)
    );
    // "initialized with a version 1 state"
    assert_eq!(connector.versions.len(), 1);
    assert_eq!(connector.versions[0].version, "1.0.0");
    assert_eq!(connector.versions[0].state, ConnectorVersionState::Created);
    assert_eq!(connector.versions[0].name, "feeds");
    let shown = client
        .connector_show(connector.id)
        .await
        .unwrap()
        .into_body()
        .data;
    assert_eq!(shown, connector);
    let second = create(&client, "second").await;
    assert_ne!(second, connector.id);
    let listed = client.connector_list().await.unwrap().into_body();
    let names: Vec<&str> = listed.data.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["feeds", "second"]);
    let metadata = &listed.metadata;
    assert_eq!(
        (metadata.from, metadata.count, metadata.total, metadata.next),
        (0, 2, 2, None)
    );
    // Paged with `from` and `limit`, `next` the following offset.
    create(&client, "third").await;
    let first = client.connector_list().limit(2).await.unwrap().into_body();
    assert_eq!(
        (first.data.len(), first.metadata.total, first.metadata.next),
        (2, 3, Some(2))
    );
    let last = client
        .connector_list()
        .from(2)
        .limit(2)
        .await
        .unwrap()
        .into_body();
    assert_eq!(last.data[0].name, "third");
    assert_eq!((last.metadata.count, last.metadata.next), (1, None));
    let unknown = client.connector_show(Uuid::nil()).await;
    assert_eq!(api_error(unknown).0, 404);
}

#[tokio::test]
async fn the_container_api_update_is_kept() {
    let (_server, client) = started().await;
    let id = create(&client, "omdb").await;
    let mut update = ContainerApiUpdateRequest::new("^1.2".into());
    update.image = Some("registry.example/container-api:1.2.0".into());
    let version = client
        .connector_version_execution_config_update_container_api(id, "latest", update)
        .await
        .unwrap()
        .into_body()
        .data;
    assert_eq!(version.state, ConnectorVersionState::Updating);
    let shown = client.connector_show(id).await.unwrap().into_body().data;
    let container = &shown.versions[0].config.execution.container_api;
    assert_eq!(container.version_constraint, "^1.2");
    assert_eq!(
        container.image.as_deref(),
        Some("registry.example/container-api:1.2.0")
    );
    // `main` names the main released version; a new connector has none.
    let update = ContainerApiUpdateRequest::new("^2".into());
    let (status, body) = api_error(
        client
            .connector_version_execution_config_update_container_api(id, "main", update.clone())
            .await,
    );
    assert_eq!(status, 404);
    let ConnectorVersionExecutionConfigUpdateContainerApiError::Status404(message) = body else {
        panic!("expected the documented 404, got {body:?}");
    };
    assert_eq!(
        message.message,
        "Connector does not have specified version."
    );
    assert!(
        client
            .connector_version_execution_config_update_container_api(id, "2", update)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn targets_are_added_to_those_there_and_access_follows_them() {
    let (_server, client) = started().await;
    let id = create(&client, "omdb").await;
    let mut first = TargetsRequest::new();
    first.target_accounts = Some(vec![1, 2]);
    client.connector_targets_add(id, "1", first).await.unwrap();
    let mut second = TargetsRequest::new();
    second.target_accounts = Some(vec![2, 3]);
    second.target_sites = Some(vec![9]);
    let version = client
        .connector_targets_add(id, "latest", second)
        .await
        .unwrap()
        .into_body()
        .data;
    // "Existing accounts, projects, sites would be preserved."
    assert_eq!(version.platform_prod_reference.target_accounts, [1, 2, 3]);
    assert_eq!(version.platform_prod_reference.target_sites, [9]);

    let mut access = ProdAccessRequest::new();
    access.accounts = Some(vec![1, 3]);
    client
        .connector_enable_prod_access(id, "1", access)
        .await
        .unwrap();
    let mut removed = ProdAccessRequest::new();
    removed.accounts = Some(vec![1]);
    let version = client
        .connector_disable_prod_access(id, "1", removed)
        .await
        .unwrap()
        .into_body()
        .data;
    assert_eq!(version.platform_prod_reference.enabled_for_accounts, [3]);
    let shown = client.connector_show(id).await.unwrap().into_body().data;
    assert_eq!(
        shown.versions[0]
            .platform_prod_reference
            .enabled_for_accounts,
        [3]
    );
}

#[tokio::test]
async fn the_bin_holds_what_is_moved_there_until_it_is_restored() {
    let (_server, client) = started().await;
    let id = create(&client, "old").await;
    create(&client, "kept").await;
    let moved = client.connector_move_to_bin(id).await.unwrap().into_body();
    assert_eq!(moved.message, "Connector has been moved to bin.");
    assert!(moved.data.versions[0].deleted_at.is_some());
    let listed = client.connector_list().await.unwrap().into_body().data;
    assert_eq!(listed.len(), 1);
    let binned = client.connector_list_from_bin().await.unwrap().into_body();
    assert_eq!(binned.data.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
    assert_eq!(binned.metadata.total, 1);
    assert_eq!(api_error(client.connector_show(id).await).0, 404);
    let restored = client
        .connector_restore_from_bin(id)
        .await
        .unwrap()
        .into_body();
    assert_eq!(restored.message, "Connector has been restored from bin.");
    assert!(restored.data.versions[0].deleted_at.is_none());
    assert_eq!(
        client
            .connector_list()
            .await
            .unwrap()
            .into_body()
            .data
            .len(),
        2
    );
    assert!(
        client
            .connector_list_from_bin()
            .await
            .unwrap()
            .into_body()
            .data
            .is_empty()
    );
    assert_eq!(
        api_error(client.connector_restore_from_bin(id).await).0,
        404
    );
}

#[tokio::test]
async fn a_connector_with_production_access_is_not_moved_to_the_bin() {
    let (_server, client) = started().await;
    let id = create(&client, "live").await;
    let mut access = ProdAccessRequest::new();
    access.sites = Some(vec![5]);
    client
        .connector_enable_prod_access(id, "1", access)
        .await
        .unwrap();
    let (status, body) = api_error(client.connector_move_to_bin(id).await);
    assert_eq!(status, 400);
    let ConnectorMoveToBinError::Status400(refusal) = body else {
        panic!("expected the documented refusal, got {body:?}");
    };
    assert_eq!(
        refusal.message,
        "Connector is actively used on the platform."
    );
    assert_eq!(
        client
            .connector_list()
            .await
            .unwrap()
            .into_body()
            .data
            .len(),
        1
    );
}

#[tokio::test]
async fn the_pipeline_runs_in_the_documented_order() {
    let (_server, client) = started().await;
    let id = create(&client, "omdb").await;
    let integrator = client
        .connector_show(id)
        .await
        .unwrap()
        .into_body()
        .data
        .integrator;

    // Build: the version is `built`.
    let mut build = BuildTriggerRequest::new();
    build.connector = Some(id);
    client.connector_build_trigger().body(build).await.unwrap();
    let shown = client.connector_show(id).await.unwrap().into_body().data;
    assert_eq!(shown.versions[0].state, ConnectorVersionState::Built);
    let synced = client
        .connector_sync_runtime(id, "1")
        .await
        .unwrap()
        .into_body();
    assert_eq!(
        synced.message,
        "Successfully synchronized the version of the connector with runtime."
    );

    // Assigning before the dev site exists is refused.
    let (status, body) = api_error(client.connector_assign_to_dev_site(id, "1").await);
    assert_eq!(status, 400);
    let ConnectorAssignToDevSiteError::Status400(refusal) = body else {
        panic!("expected the documented refusal, got {body:?}");
    };
    let FieldErrors::Object(errors) = refusal.errors else {
        panic!("expected field errors");
    };
    assert_eq!(
        errors["connector"],
        "Connector must have dev site assigned."
    );

    // The dev site needs a dev account: the integrator's default one.
    let (status, body) = api_error(client.connector_create_platform_site(id, "1").await);
    assert_eq!(status, 400);
    let ConnectorCreatePlatformSiteError::Status400(refusal) = body else {
        panic!("expected the documented refusal, got {body:?}");
    };
    assert_eq!(refusal.message, "Dev account is missing.");
    let mut defaults = DefaultsUpdateRequest::new();
    defaults.dev_defaults = Nullable::Value(DevDefaults::new(77, 88));
    client
        .update_integrator_defaults(integrator, defaults)
        .await
        .unwrap();
    let job = client
        .connector_create_platform_site(id, "1")
        .await
        .unwrap()
        .into_body();
    assert_eq!(
        job.message,
        "Platform Site will be created in the background."
    );
    // The background action is done at once, and listed.
    let state = client
        .state_show(job.data.state.uuid)
        .await
        .unwrap()
        .into_body()
        .data;
    assert_eq!(state.status, cde_api::types::StateStatus::Done);
    let states = client
        .connector_state_list(id, "1")
        .await
        .unwrap()
        .into_body();
    assert_eq!(
        states.data.iter().map(|s| s.id).collect::<Vec<_>>(),
        [state.id]
    );
    let all = client.state_list().await.unwrap().into_body();
    assert_eq!(
        (all.data.len(), all.metadata.total, all.metadata.limit),
        (1, 1, 100)
    );
    let pending = client
        .state_list()
        .status(cde_api::types::StateStatus::Pending)
        .await
        .unwrap()
        .into_body();
    assert!(pending.data.is_empty());

    let version = client
        .connector_assign_to_dev_site(id, "latest")
        .await
        .unwrap()
        .into_body()
        .data;
    assert_eq!(version.state, ConnectorVersionState::SynchronizedToDev);
    assert_eq!(version.platform_dev_reference.account, Some(77));
    assert_eq!(version.platform_dev_reference.project, Some(88));
    assert!(version.platform_dev_reference.site.is_some());
}

#[tokio::test]
async fn a_version_resynchronizing_to_prod_refuses_a_runtime_sync() {
    let builder = cde_api::simulator::builder();
    let store = builder.store();
    let server = builder.start().await.unwrap();
    let client = client(&server);
    let id = create(&client, "busy").await;
    // No operation leads there in the simulator: the test puts it there.
    store
        .update("/connectors", &id.to_string(), |connector| {
            connector["versions"][0]["state"] = "resynchronizing-to-prod".into();
        })
        .unwrap();
    let (status, body) = api_error(client.connector_sync_runtime(id, "1").await);
    assert_eq!(status, 400);
    let ConnectorSyncRuntimeError::Status400(refusal) = body else {
        panic!("expected the documented refusal, got {body:?}");
    };
    assert_eq!(
        refusal.message,
        "Transition is not allowed, entity is resynchronizing-to-prod."
    );
}
