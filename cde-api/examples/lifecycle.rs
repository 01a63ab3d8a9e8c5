//! The connector lifecycle, end to end, in the order the build-and-deploy guide
//! gives: create a connector, update its Container API version, add production
//! targets, build it, sync it with the runtime, create its dev site (in the
//! integrator's default dev account, set first when the version has none),
//! assign it to that site, enable production access. After each step the
//! connector is read back and shown: one connector throughout, each change
//! kept. A documented error is printed typed and the program exits non-zero.
//!
//! With no environment set, it runs offline against the CDE simulator
//! (`cde_api::simulator`), started in-process on a free loopback port:
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
//! Exit status: 0 when every step succeeded, 1 when a step failed, 2 when the
//! client could not be set up.

use std::fmt::Debug;
use std::io::Write;
use std::process::ExitCode;

use cde_api::Client;
use cde_api::types::{
    BuildTriggerRequest, ConnectorCreateRequest, ConnectorType, ContainerApiUpdateRequest,
    DefaultsUpdateRequest, DevDefaults, ProdAccessRequest, TargetsRequest,
};
use cde_runtime::Nullable;
use cde_runtime::uuid::Uuid;

/// The connector version every step after creation works on (a new connector has
/// version 1; `latest` also works).
const VERSION: &str = "1";

/// The first line printed offline.
pub const OFFLINE: &str = "Running offline against the CDE simulator (set CDE_BASE_URL and CDE_TOKEN to use a real server)";

#[tokio::main]
async fn main() -> ExitCode {
    let base_url = std::env::var("CDE_BASE_URL").ok();
    let token = std::env::var("CDE_TOKEN").ok();
    // Kept alive until the end of `main`; dropping it stops the simulator.
    let mut _simulator = None;
    let (base_url, token) = match (base_url, token) {
        (Some(base_url), Some(token)) => {
            println!("Running against {base_url}\n");
            (base_url, token)
        }
        (Some(_), None) => {
            eprintln!(
                "CDE_BASE_URL is set but CDE_TOKEN is not: set both to run against a CDE server, or neither to run offline against the simulator."
            );
            return ExitCode::from(2);
        }
        (None, _) => match cde_api::simulator::start().await {
            Ok(server) => {
                println!("{OFFLINE}\n");
                let url = server.url().to_owned();
                _simulator = Some(server);
                (url, String::from("offline-token"))
            }
            Err(err) => {
                eprintln!("cannot start the simulator: {err}");
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
    match run(&client, &mut std::io::stdout()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the steps, writing each step's outcome and the connector after it to
/// `out`; the first failure ends the run with its message.
pub async fn run(client: &Client, out: &mut impl Write) -> Result<(), String> {
    let mut request = ConnectorCreateRequest::new(ConnectorType::Transform, "omdb".into());
    request.connector_description = Some("clever description".into());
    request.readme = Some("readme content".into());
    let created = client.connector_create(request).await;
    let id = step(out, "1. create connector", created, |c| c.message.clone())?
        .data
        .id;
    show(client, out, id).await?;

    let mut container = ContainerApiUpdateRequest::new("^1.0".into());
    container.image = Some("test.domain.docker/test/container-api-image:1.0.0".into());
    let updated = client
        .connector_version_execution_config_update_container_api(id, VERSION, container)
        .await;
    step(out, "2. update Container API", updated, |v| {
        v.message.clone()
    })?;
    show(client, out, id).await?;

    let mut targets = TargetsRequest::new();
    targets.target_accounts = Some(vec![789, 987]);
    targets.target_sites = Some(vec![123, 456]);
    let targeted = client.connector_targets_add(id, VERSION, targets).await;
    step(out, "3. add production targets", targeted, |v| {
        v.message.clone()
    })?;
    show(client, out, id).await?;

    let mut build = BuildTriggerRequest::new();
    build.connector = Some(id);
    let built = client.connector_build_trigger().body(build).await;
    step(out, "4. build", built, |()| String::from("build started"))?;
    show(client, out, id).await?;

    let synced = client.connector_sync_runtime(id, VERSION).await;
    step(out, "5. sync with runtime", synced, |m| m.message.clone())?;
    show(client, out, id).await?;

    // The dev site is created in the version's dev account, else in the
    // integrator's default one: set it when the version has none.
    let connector = client
        .connector_show(id)
        .await
        .map_err(|err| err.to_string())?;
    let integrator = connector.data.integrator;
    if connector
        .data
        .versions
        .iter()
        .all(|v| v.platform_dev_reference.account.is_none())
    {
        let mut defaults = DefaultsUpdateRequest::new();
        defaults.dev_defaults = Nullable::Value(DevDefaults::new(4321, 8765));
        let set = client
            .update_integrator_defaults(integrator, defaults)
            .await;
        step(out, "6. set the integrator's dev defaults", set, |d| {
            d.message.clone()
        })?;
    }

    let site = client.connector_create_platform_site(id, VERSION).await;
    step(out, "7. create the dev site", site, |job| {
        format!("{} (state {})", job.message, job.data.state.uuid)
    })?;
    show(client, out, id).await?;

    let assigned = client.connector_assign_to_dev_site(id, VERSION).await;
    step(out, "8. assign to the dev site", assigned, |v| {
        v.message.clone()
    })?;
    show(client, out, id).await?;

    let mut access = ProdAccessRequest::new();
    access.accounts = Some(vec![789]);
    access.sites = Some(vec![123]);
    let enabled = client
        .connector_enable_prod_access(id, VERSION, access)
        .await;
    step(out, "9. enable production access", enabled, |v| {
        v.message.clone()
    })?;
    show(client, out, id).await?;

    writeln!(out, "Lifecycle complete.").map_err(|err| err.to_string())
}

/// Writes a step's status and what it says; a failure becomes the run's
/// error, typed when documented.
fn step<T, E: Debug>(
    out: &mut impl Write,
    name: &str,
    result: Result<cde_runtime::Response<T>, cde_runtime::Error<E>>,
    says: impl FnOnce(&T) -> String,
) -> Result<T, String> {
    match result {
        Ok(response) => {
            let said = says(response.body());
            writeln!(out, "== {name}: {} {said}", response.status().as_u16())
                .map_err(|err| err.to_string())?;
            Ok(response.into_body())
        }
        Err(cde_runtime::Error::Api(err)) => Err(format!(
            "== {name} failed with documented error {}:\n{:#?}",
            err.status, err.body
        )),
        Err(err) => Err(format!("== {name} failed: {err}")),
    }
}

/// Reads the connector back and writes its version's state and the fields
/// the steps change.
async fn show(client: &Client, out: &mut impl Write, id: Uuid) -> Result<(), String> {
    let connector = client
        .connector_show(id)
        .await
        .map_err(|err| format!("reading the connector back failed: {err}"))?
        .into_body()
        .data;
    let Some(version) = connector
        .versions
        .iter()
        .find(|v| v.version.starts_with("1."))
    else {
        return Err(format!("connector {id} has no version 1"));
    };
    let prod = &version.platform_prod_reference;
    let dev = &version.platform_dev_reference;
    let site = dev
        .site
        .map_or_else(|| String::from("none"), |site| site.to_string());
    let lines = [
        format!(
            "   {} {} version {}: {}, Container API {}",
            connector.name,
            connector.id,
            version.version,
            version.state,
            version.config.execution.container_api.version_constraint
        ),
        format!(
            "   targets accounts {:?} sites {:?}; dev site {site}; access accounts {:?} sites {:?}",
            prod.target_accounts,
            prod.target_sites,
            prod.enabled_for_accounts,
            prod.enabled_for_sites
        ),
    ];
    for line in lines {
        writeln!(out, "{line}").map_err(|err| err.to_string())?;
    }
    Ok(())
}
