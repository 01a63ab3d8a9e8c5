//! The five operations: the request on the wire, the success example decoded,
//! and each documented error.

use super::*;

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

/// A documented error with a member its type does not name (a newer
/// server's) decodes, and the member is still there in the raw body.
#[tokio::test]
async fn a_documented_errors_raw_body_keeps_what_its_type_leaves_out() {
    let server = MockServer::start().await;
    let client = client(&server);
    let mut newer: serde_json::Value = serde_json::from_str(UNAUTHORIZED_401).unwrap();
    newer["retry-with"] = serde_json::json!("a refreshed token");
    let sent = newer.to_string();
    answer(&server, json_response(401, &sent)).await;

    let err = api_error(client.connector_create(create_body()).await);
    match &err.body {
        ConnectorCreateError::Status401(body) => assert_message(body, UNAUTHORIZED_401),
        other => panic!("expected Status401, got {other:?}"),
    }
    assert_eq!(err.raw_body, sent);
    let raw: serde_json::Value = serde_json::from_slice(&err.raw_body).unwrap();
    assert_eq!(raw["retry-with"], "a refreshed token");
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
        assert_eq!(failed.body, example.as_bytes());
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
