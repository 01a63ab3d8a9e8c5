//! The connector lifecycle, end to end: create a connector, update its Container API
//! version, add production targets, enable production access, assign it to its dev
//! site. Each step's typed result is printed; a documented error is printed typed
//! and the program exits non-zero.
//!
//! With no environment set, it runs offline against the mock CDE server
//! (`cde_api::mock`), started in-process on a free loopback port:
//!
//! ```text
//! cargo run -p cde-api --example lifecycle
//! ```
//!
//! With `CDE_BASE_URL` and `CDE_TOKEN` set, it runs against that server instead:
//!
//! ```text
//! CDE_BASE_URL=https://cde.staging.productsup.com CDE_TOKEN=... \
//!     cargo run -p cde-api --example lifecycle
//! ```
//!
//! Each step prints its status, message and the fields it changed; `--verbose`
//! prints the whole typed result too.
//!
//! Exit status: 0 when every step succeeded, 1 when a step failed, 2 when the
//! client could not be set up.

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
    let base_url = std::env::var("CDE_BASE_URL").ok();
    let token = std::env::var("CDE_TOKEN").ok();
    // Kept alive until the end of `main`; dropping it stops the mock server.
    let mut _mock = None;
    let (base_url, token) = match (base_url, token) {
        (Some(base_url), Some(token)) => {
            println!("Running against {base_url}\n");
            (base_url, token)
        }
        (Some(_), None) => {
            eprintln!(
                "CDE_BASE_URL is set but CDE_TOKEN is not: set both to run against a CDE server, or neither to run offline against the mock server."
            );
            return ExitCode::from(2);
        }
        (None, _) => match cde_api::mock::start().await {
            Ok(server) => {
                println!(
                    "Running offline against the mock CDE server at {} (set CDE_BASE_URL and CDE_TOKEN to use a real one)\n",
                    server.url()
                );
                let url = server.url().to_owned();
                _mock = Some(server);
                (url, String::from("mock-token"))
            }
            Err(err) => {
                eprintln!("cannot start the mock server: {err}");
                return ExitCode::from(2);
            }
        },
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
        Ok(()) => {
            println!("Lifecycle complete.");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Whether to print each step's whole typed result (`--verbose`), not just its summary.
fn verbose() -> bool {
    std::env::args().any(|arg| arg == "--verbose" || arg == "-v")
}

/// Prints a step's status and message; on failure returns the typed error, formatted.
fn report<T: std::fmt::Debug, E: std::fmt::Debug>(
    step: &str,
    result: Result<cde_runtime::Response<T>, cde_runtime::Error<E>>,
) -> Result<T, String> {
    match result {
        Ok(response) => {
            println!("== {step}: {}", response.status());
            if verbose() {
                println!("{:#?}", response.body());
            }
            Ok(response.into_body())
        }
        Err(cde_runtime::Error::Api(err)) => Err(format!(
            "== {step} failed with documented error {}:\n{:#?}",
            err.status, err.body
        )),
        Err(err) => Err(format!("== {step} failed: {err}")),
    }
}

/// Prints a version's state and the fields a step changed.
fn show_version(message: &str, version: &cde_api::types::ConnectorVersion) {
    let prod = &version.platform_prod_reference;
    println!("   {message}");
    println!(
        "   version {} ({:?}), state {:?}",
        version.version, version.name, version.state
    );
    let container = &version.config.execution.container_api;
    println!(
        "   Container API {} (image {})",
        container.version_constraint,
        container.image.as_deref().unwrap_or("default")
    );
    println!(
        "   targets: accounts {:?}, projects {:?}, sites {:?}",
        prod.target_accounts, prod.target_projects, prod.target_sites
    );
    println!(
        "   production access: accounts {:?}, projects {:?}, sites {:?}",
        prod.enabled_for_accounts, prod.enabled_for_projects, prod.enabled_for_sites
    );
    println!(
        "   dev site: {}\n",
        version
            .platform_dev_reference
            .site
            .map_or_else(|| String::from("none"), |site| site.to_string())
    );
}

async fn run(client: &Client) -> Result<(), String> {
    let mut request = ConnectorCreateRequest::new(ConnectorType::Transform, "omdb".into());
    request.connector_description = Some("clever description".into());
    request.readme = Some("readme content".into());
    let created = report(
        "1. create connector",
        client.connector_create(request).await,
    )?;
    let connector = &created.data;
    println!("   {}", created.message);
    println!(
        "   connector {} {:?} ({:?}), {} version(s)\n",
        connector.id,
        connector.name,
        connector.r#type,
        connector.versions.len()
    );
    let id = connector.id;

    let mut container = ContainerApiUpdateRequest::new("^0.20".into());
    container.image = Some("test.domain.docker/test/container-api-image:1.0.0".into());
    let updated = report(
        "2. update Container API",
        client
            .connector_version_execution_config_update_container_api(id, VERSION, container)
            .await,
    )?;
    show_version(&updated.message, &updated.data);

    let mut targets = TargetsRequest::new();
    targets.target_accounts = Some(vec![789, 987]);
    targets.target_projects = Some(vec![321, 654]);
    targets.target_sites = Some(vec![123, 456]);
    let targeted = report(
        "3. add production targets",
        client.connector_targets_add(id, VERSION, targets).await,
    )?;
    show_version(&targeted.message, &targeted.data);

    let mut access = ProdAccessRequest::new();
    access.accounts = Some(vec![789, 987]);
    access.projects = Some(vec![321, 654]);
    access.sites = Some(vec![123, 456]);
    let enabled = report(
        "4. enable production access",
        client
            .connector_enable_prod_access(id, VERSION, access)
            .await,
    )?;
    show_version(&enabled.message, &enabled.data);

    let assigned = report(
        "5. assign to dev site",
        client.connector_assign_to_dev_site(id, VERSION).await,
    )?;
    show_version(&assigned.message, &assigned.data);
    Ok(())
}
