//! The connector lifecycle, end to end: create a connector, update its Container API
//! version, add production targets, enable production access, assign it to its dev
//! site. Each step's typed result is printed; a documented error is printed typed
//! and the program exits non-zero.
//!
//! ```text
//! CDE_BASE_URL=https://cde.staging.productsup.com CDE_TOKEN=... \
//!     cargo run -p cde-api --example lifecycle
//! ```

use std::process::ExitCode;

use cde_api::Client;
use cde_api::types::{
    ConnectorCreateRequest, ConnectorType, ContainerApiUpdateRequest, ProdAccessRequest,
    TargetsRequest,
};

/// The connector version every step after creation works on (a new connector has
/// version 1; `latest` also works).
const VERSION: &str = "1";

#[tokio::main]
async fn main() -> ExitCode {
    let (Ok(base_url), Ok(token)) = (std::env::var("CDE_BASE_URL"), std::env::var("CDE_TOKEN"))
    else {
        eprintln!(
            "Set CDE_BASE_URL (e.g. {}) and CDE_TOKEN (an OAuth2 access token) to run the lifecycle against a CDE server.",
            Client::DEFAULT_BASE_URL.unwrap_or("https://cde.staging.productsup.com")
        );
        return ExitCode::from(2);
    };
    let client = match Client::builder()
        .base_url(base_url)
        .bearer_token(token)
        .build()
    {
        Ok(client) => client,
        Err(err) => {
            eprintln!("cannot build the client: {err}");
            return ExitCode::from(2);
        }
    };
    match run(&client).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a step's outcome; on failure returns the typed error, formatted.
fn report<T: std::fmt::Debug, E: std::fmt::Debug>(
    step: &str,
    result: Result<cde_runtime::Response<T>, cde_runtime::Error<E>>,
) -> Result<T, String> {
    match result {
        Ok(response) => {
            println!("== {step}: {}\n{:#?}\n", response.status(), response.body());
            Ok(response.into_body())
        }
        Err(cde_runtime::Error::Api(err)) => Err(format!(
            "== {step} failed with documented error {}:\n{:#?}",
            err.status, err.body
        )),
        Err(err) => Err(format!("== {step} failed: {err}")),
    }
}

async fn run(client: &Client) -> Result<(), String> {
    let mut request = ConnectorCreateRequest::new(ConnectorType::Transform, "omdb".into());
    request.connector_description = Some("clever description".into());
    request.readme = Some("readme content".into());
    let created = report(
        "1. create connector",
        client.connector_create(request).await,
    )?;
    let id = created.data.id;

    let mut container = ContainerApiUpdateRequest::new("^0.20".into());
    container.image = Some("test.domain.docker/test/container-api-image:1.0.0".into());
    report(
        "2. update Container API",
        client
            .connector_version_execution_config_update_container_api(id, VERSION, container)
            .await,
    )?;

    let mut targets = TargetsRequest::new();
    targets.target_accounts = Some(vec![789, 987]);
    targets.target_projects = Some(vec![321, 654]);
    targets.target_sites = Some(vec![123, 456]);
    report(
        "3. add production targets",
        client.connector_targets_add(id, VERSION, targets).await,
    )?;

    let mut access = ProdAccessRequest::new();
    access.accounts = Some(vec![789, 987]);
    access.projects = Some(vec![321, 654]);
    access.sites = Some(vec![123, 456]);
    report(
        "4. enable production access",
        client
            .connector_enable_prod_access(id, VERSION, access)
            .await,
    )?;

    report(
        "5. assign to dev site",
        client.connector_assign_to_dev_site(id, VERSION).await,
    )?;
    Ok(())
}
