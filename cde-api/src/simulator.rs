//! A CDE simulator: the generated mock server in its stateful mode, with the
//! behaviour the CDE reference pages and guides describe written over its typed
//! handlers. What a script creates is what it reads back, changes stay, and a
//! step taken out of order gets the refusal the pages document.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cde_api::types::{ConnectorCreateRequest, ConnectorType};
//!
//! let server = cde_api::simulator::start().await?;
//! let client = cde_api::Client::builder()
//!     .base_url(server.url())
//!     .bearer_token("any-token")
//!     .build()?;
//! let request = ConnectorCreateRequest::new(ConnectorType::Transform, "omdb".into());
//! let created = client.connector_create(request).await?.into_body().data;
//! let shown = client.connector_show(created.id).await?.into_body().data;
//! assert_eq!(shown.name, "omdb");
//! # Ok(())
//! # }
//! ```
//!
//! Each rule below names the page it follows by the page's URL. Where the
//! pages are silent, a comment says so and the plain stateful behaviour
//! applies (`mock::MockServerBuilder::stateful`); an operation without a rule
//! here answers as that mode does. A precondition the pages state without a
//! documented refusal is not enforced, and its comment says so.
//!
//! Simplifications, stated once: background actions (a dev site being
//! created) complete at once and are listed as done by the states endpoints;
//! the clock stands still at the documented examples' time; ids come from a
//! seeded source (UUIDs) and a counter (platform ids from 1001), so a run's
//! output is the same every time.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use cde_runtime::mock::{Collection, OffsetPage, Store};
use cde_runtime::serde_json::{self, Value};
use cde_runtime::uuid::Uuid;
use cde_runtime::Nullable;

use crate::mock::{self, MockServer, MockServerBuilder};
use crate::types::*;

/// The seed of the simulator's UUIDs.
const SEED: u64 = 20_260_511;

/// The first platform id (project, site) the simulator gives out.
const FIRST_PLATFORM_ID: i64 = 1001;

/// Where the stateful mode keeps connectors (its collection `/connectors`).
const CONNECTORS: &str = "/connectors";
/// Connectors moved to the bin.
const BIN: &str = "/connectors/bin";
/// Background actions (states).
const STATES: &str = "/states";
/// Integrators' defaults.
const DEFAULTS: &str = "/defaults/integrators";

/// Starts the simulator on a free loopback port.
pub async fn start() -> std::io::Result<MockServer> {
    builder().start().await
}

/// The simulator's builder: the stateful mock with the CDE rules set as
/// handlers. More handlers may be set on it before it starts.
pub fn builder() -> MockServerBuilder {
    let builder = mock::builder()
        .stateful()
        .seed(SEED)
        // https://help.productsup.com/docs/connector-development/cde-api/api-reference/states/state_show
        // shows one background action (state) by its id; the lists of them
        // are rules below.
        .collection(
            Collection::new(STATES)
                .item("/states/{stateId}")
                .envelope("data"),
        );
    let Some(sim) = Simulator::new(&builder) else {
        // The spec's examples no longer read as its types: a spec change the
        // tests of this module catch; the plain stateful mode answers.
        return builder;
    };
    let sim = Arc::new(sim);
    builder
        .on_connector_create(rule(&sim, Simulator::create))
        .on_connector_move_to_bin(rule(&sim, Simulator::move_to_bin))
        .on_connector_restore_from_bin(rule(&sim, Simulator::restore_from_bin))
        .on_connector_version_execution_config_update_container_api(rule(
            &sim,
            Simulator::update_container_api,
        ))
        .on_connector_targets_add(rule(&sim, Simulator::targets_add))
        .on_connector_targets_update(rule(&sim, Simulator::targets_update))
        .on_connector_enable_prod_access(rule(&sim, Simulator::enable_prod_access))
        .on_connector_disable_prod_access(rule(&sim, Simulator::disable_prod_access))
        .on_connector_build_trigger(rule(&sim, Simulator::build))
        .on_connector_sync_runtime(rule(&sim, Simulator::sync_runtime))
        .on_update_integrator_defaults(rule(&sim, Simulator::update_integrator_defaults))
        .on_connector_create_platform_site(rule(&sim, Simulator::create_platform_site))
        .on_connector_assign_to_dev_site(rule(&sim, Simulator::assign_to_dev_site))
        .on_connector_state_list(rule(&sim, Simulator::connector_states))
        .on_connector_list(rule(&sim, Simulator::list))
        .on_connector_list_from_bin(rule(&sim, Simulator::list_from_bin))
        .on_state_list(rule(&sim, Simulator::states_list))
}

/// A rule as a typed handler.
fn rule<R, S>(
    sim: &Arc<Simulator>,
    rule: fn(&Simulator, R) -> S,
) -> impl Fn(R) -> std::future::Ready<S> + Send + Sync + 'static
where
    R: Send + 'static,
    S: Send + 'static,
{
    let sim = Arc::clone(sim);
    move |request| std::future::ready(rule(&sim, request))
}

/// The documented answers the rules start from, and the simulator's state.
struct Simulator {
    store: Store,
    /// `connector_create`'s documented success: a new connector's template.
    created: ConnectorEnvelope,
    /// A version answer's documented envelope (its message and resource per operation).
    version_answers: BTreeMap<&'static str, ConnectorVersionEnvelope>,
    /// `state_show`'s documented state: a background action's template.
    state: State,
    /// `update_integrator_defaults`'s documented answer.
    defaults: IntegratorDefaultsEnvelope,
    /// `connector_list`'s and `state_list`'s documented pages: their message
    /// and resource.
    connector_page: ConnectorList,
    state_page: StateList,
    /// The next platform id (dev project, dev site).
    next_platform_id: Mutex<i64>,
}

/// The operations whose answer is a connector version in an envelope.
const VERSION_ANSWERS: [&str; 6] = [
    "connector_version_execution_config_update_container_api",
    "connector_targets_add",
    "connector_targets_update",
    "connector_enable_prod_access",
    "connector_disable_prod_access",
    "connector_assign_to_dev_site",
];

fn example<T: cde_runtime::serde::de::DeserializeOwned>(builder: &MockServerBuilder, operation: &str) -> Option<T> {
    serde_json::from_value(builder.example(operation)?).ok()
}

impl Simulator {
    fn new(builder: &MockServerBuilder) -> Option<Self> {
        let mut version_answers = BTreeMap::new();
        for operation in VERSION_ANSWERS {
            version_answers.insert(operation, example(builder, operation)?);
        }
        let state: StateEnvelope = example(builder, "state_show")?;
        Some(Self {
            store: builder.store(),
            created: example(builder, "connector_create")?,
            version_answers,
            state: state.data,
            defaults: example(builder, "update_integrator_defaults")?,
            connector_page: example(builder, "connector_list")?,
            state_page: example(builder, "state_list")?,
            next_platform_id: Mutex::new(FIRST_PLATFORM_ID),
        })
    }

    fn platform_id(&self) -> i64 {
        let mut next = self
            .next_platform_id
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let id = *next;
        *next += 1;
        id
    }

    fn connector(&self, id: Uuid) -> Option<Connector> {
        self.store.get_as(CONNECTORS, &id.to_string())
    }

    fn save(&self, connector: &Connector) {
        self.store
            .insert_as(CONNECTORS, &connector.id.to_string(), connector);
    }

    /// The version answer of `operation` carrying `version`.
    fn version_answer(&self, operation: &str, version: ConnectorVersion) -> ConnectorVersionEnvelope {
        let mut answer = self
            .version_answers
            .get(operation)
            .cloned()
            .unwrap_or_else(|| ConnectorVersionEnvelope::new("successful operation".into(), version.clone()));
        answer.data = version;
        answer
    }

    /// Changes the version `param` of connector `id` with `change` and stores
    /// it; the changed version, or why not.
    fn change_version<T>(
        &self,
        id: Uuid,
        param: &str,
        change: impl FnOnce(&mut Connector, usize) -> Result<T, Refusal>,
    ) -> Result<T, Refusal> {
        let mut connector = self.connector(id).ok_or(Refusal::ConnectorNotFound)?;
        let index = version_index(&connector, param).ok_or(Refusal::NoSuchVersion)?;
        let out = change(&mut connector, index)?;
        self.save(&connector);
        Ok(out)
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_create
    // "The connector will be initialized with a version 1 state.": the
    // connector of the page's example, with the request's type, name,
    // description and readme, a new id, and one version 1.0.0 in state
    // `created` carrying the same name, description and readme.
    fn create(&self, request: mock::ConnectorCreate) -> ConnectorCreateResponse {
        let body = request.body;
        let mut answer = self.created.clone();
        let connector = &mut answer.data;
        connector.id = self.store.new_uuid();
        connector.r#type = body.connector_type;
        connector.name = body.connector_name;
        connector.description = body.connector_description;
        connector.readme = body.readme;
        connector.versions.truncate(1);
        for version in &mut connector.versions {
            version.name = connector.name.clone();
            version.description = connector.description.clone();
            version.readme = connector.readme.clone();
            version.version = String::from("1.0.0");
            version.state = ConnectorVersionState::Created;
        }
        self.save(connector);
        ConnectorCreateResponse::Status200(answer)
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_move_to_bin
    // Moves the connector to the bin (the list of connectors no longer shows
    // it; https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_list_from_bin
    // does, each version with `deleted-at` set as in that page's example).
    // Refused with the page's "Connector is actively used on the platform."
    // while any version has production access enabled or is assigned to a dev
    // site: the page does not say what "actively used" covers; these are the
    // uses of the platform the other pages document.
    fn move_to_bin(&self, request: mock::ConnectorMoveToBin) -> ConnectorMoveToBinResponse {
        let id = request.public_id.to_string();
        let Some(mut connector) = self.connector(request.public_id) else {
            return ConnectorMoveToBinResponse::Status404(not_found());
        };
        if connector.versions.iter().any(in_use) {
            return ConnectorMoveToBinResponse::Status400(refused(
                "Connector is actively used on the platform.",
            ));
        }
        for version in &mut connector.versions {
            version.deleted_at = Some(version.updated_at);
        }
        self.store.remove(CONNECTORS, &id);
        self.store.insert_as(BIN, &id, &connector);
        let mut answer = self.created.clone();
        answer.message = String::from("Connector has been moved to bin.");
        answer.data = connector;
        ConnectorMoveToBinResponse::Status200(answer)
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_restore_from_bin
    // Brings a connector back from the bin, `deleted-at` cleared. A connector
    // not in the bin gets the page's 404 (the page's example of it is cut
    // short; "Connector not found." is the API's 404 message on every page).
    fn restore_from_bin(&self, request: mock::ConnectorRestoreFromBin) -> ConnectorRestoreFromBinResponse {
        let id = request.public_id.to_string();
        let Some(mut connector) = self.store.get_as::<Connector>(BIN, &id) else {
            return ConnectorRestoreFromBinResponse::Status404(not_found());
        };
        for version in &mut connector.versions {
            version.deleted_at = None;
        }
        self.store.remove(BIN, &id);
        self.save(&connector);
        let mut answer = self.created.clone();
        answer.message = String::from("Connector has been restored from bin.");
        answer.data = connector;
        ConnectorRestoreFromBinResponse::Status200(answer)
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/versions/connector_version_execution_config_update_container_api
    // Stores the image and version constraint; the page's answer shows the
    // version in state `updating`.
    fn update_container_api(
        &self,
        request: mock::ConnectorVersionExecutionConfigUpdateContainerApi,
    ) -> ConnectorVersionExecutionConfigUpdateContainerApiResponse {
        use ConnectorVersionExecutionConfigUpdateContainerApiResponse as Answer;
        let changed = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            let version = &mut connector.versions[index];
            let container = &mut version.config.execution.container_api;
            container.image = request.body.image;
            container.version_constraint = request.body.version_constraint;
            version.state = ConnectorVersionState::Updating;
            Ok(version.clone())
        });
        match changed {
            Ok(version) => Answer::Status200(self.version_answer(
                "connector_version_execution_config_update_container_api",
                version,
            )),
            Err(refusal) => Answer::Status404(refusal.message()),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/platform/connector_targets_add
    // "Existing accounts, projects, sites would be preserved.": the given
    // targets are added to those already there, each once.
    fn targets_add(&self, request: mock::ConnectorTargetsAdd) -> ConnectorTargetsAddResponse {
        let body = request.body;
        let changed = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            let prod = &mut connector.versions[index].platform_prod_reference;
            add(&mut prod.target_accounts, body.target_accounts);
            add(&mut prod.target_projects, body.target_projects);
            add(&mut prod.target_sites, body.target_sites);
            Ok(connector.versions[index].clone())
        });
        match changed {
            Ok(version) => ConnectorTargetsAddResponse::Status200(self.version_answer("connector_targets_add", version)),
            Err(refusal) => ConnectorTargetsAddResponse::Status404(refusal.message()),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/platform/connector_targets_update
    // Replaces the targets with those given (a list left out is left as it is:
    // the page does not say, and the stateful mode's PUT sets what is sent).
    fn targets_update(&self, request: mock::ConnectorTargetsUpdate) -> ConnectorTargetsUpdateResponse {
        let body = request.body;
        let changed = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            let prod = &mut connector.versions[index].platform_prod_reference;
            set(&mut prod.target_accounts, body.target_accounts);
            set(&mut prod.target_projects, body.target_projects);
            set(&mut prod.target_sites, body.target_sites);
            Ok(connector.versions[index].clone())
        });
        match changed {
            Ok(version) => {
                ConnectorTargetsUpdateResponse::Status200(self.version_answer("connector_targets_update", version))
            }
            Err(refusal) => ConnectorTargetsUpdateResponse::Status404(refusal.message()),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/platform/connector_enable_prod_access
    // Adds the given accounts, projects and sites to those production access is
    // enabled for. The page says the connector "should have been created on
    // the platform" but documents no refusal (its only answer is the 200), so
    // that is not enforced. Its example shows the state unchanged.
    fn enable_prod_access(&self, request: mock::ConnectorEnableProdAccess) -> ConnectorEnableProdAccessResponse {
        let body = request.body;
        let changed = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            let prod = &mut connector.versions[index].platform_prod_reference;
            add(&mut prod.enabled_for_accounts, body.accounts);
            add(&mut prod.enabled_for_projects, body.projects);
            add(&mut prod.enabled_for_sites, body.sites);
            Ok(connector.versions[index].clone())
        });
        match changed {
            Ok(version) => {
                ConnectorEnableProdAccessResponse::Status200(self.version_answer("connector_enable_prod_access", version))
            }
            // No 404 is documented: a connector that does not exist gets the
            // documented example, as without state.
            Err(_) => ConnectorEnableProdAccessResponse::Status200(
                self.version_answers["connector_enable_prod_access"].clone(),
            ),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/platform/connector_disable_prod_access
    // "You are able to remove access to connector version for specific
    // accounts/projects/sites": the given ones are removed.
    fn disable_prod_access(&self, request: mock::ConnectorDisableProdAccess) -> ConnectorDisableProdAccessResponse {
        let body = request.body;
        let changed = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            let prod = &mut connector.versions[index].platform_prod_reference;
            remove(&mut prod.enabled_for_accounts, body.accounts);
            remove(&mut prod.enabled_for_projects, body.projects);
            remove(&mut prod.enabled_for_sites, body.sites);
            Ok(connector.versions[index].clone())
        });
        match changed {
            Ok(version) => ConnectorDisableProdAccessResponse::Status200(
                self.version_answer("connector_disable_prod_access", version),
            ),
            Err(refusal) => ConnectorDisableProdAccessResponse::Status404(refusal.message()),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/builds/connector_build_trigger
    // and https://help.productsup.com/docs/connector-development/dev-portal/build-and-deploy
    // ("Once the build succeeds, the connector moves to built state"): the
    // build succeeds at once and the connector's latest version is `built`
    // (the page names no version). The page documents no success body: 202,
    // empty. The build needs a VCS config, but no refusal for its absence is
    // documented, so that is not enforced.
    fn build(&self, request: mock::ConnectorBuildTrigger) -> ConnectorBuildTriggerResponse {
        let Some(id) = request.body.and_then(|body| body.connector) else {
            let mut errors = BTreeMap::new();
            errors.insert(String::from("connector"), String::from("This is not a valid UUID."));
            return ConnectorBuildTriggerResponse::Status400(BadRequestResponse::new(
                String::from("Bad request."),
                FieldErrors::Object(errors),
            ));
        };
        let built = self.change_version(id, "latest", |connector, index| {
            connector.versions[index].state = ConnectorVersionState::Built;
            Ok(())
        });
        match built {
            Ok(()) => ConnectorBuildTriggerResponse::Status2XX(cde_runtime::StatusCode::ACCEPTED, ()),
            Err(refusal) => ConnectorBuildTriggerResponse::Status404(refusal.message()),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_sync_runtime
    // Refused with "Transition is not allowed, entity is
    // resynchronizing-to-prod." while the version is in that state. The page
    // names no state the sync leads to, so the state is left as it is. The
    // guide's order (build before sync) has no documented refusal and is not
    // enforced.
    fn sync_runtime(&self, request: mock::ConnectorSyncRuntime) -> ConnectorSyncRuntimeResponse {
        let synced = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            match connector.versions[index].state {
                ConnectorVersionState::ResynchronizingToProd => Err(Refusal::Transition),
                _ => Ok(()),
            }
        });
        match synced {
            Ok(()) => ConnectorSyncRuntimeResponse::Status200(MessageResponse::new(String::from(
                "Successfully synchronized the version of the connector with runtime.",
            ))),
            Err(Refusal::Transition) => ConnectorSyncRuntimeResponse::Status400(refused(
                "Transition is not allowed, entity is resynchronizing-to-prod.",
            )),
            Err(refusal) => ConnectorSyncRuntimeResponse::Status404(refusal.message()),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/management/update_integrator_defaults
    // Stores the integrator's dev and production defaults; the dev account is
    // what a dev site is created in (below).
    fn update_integrator_defaults(&self, request: mock::UpdateIntegratorDefaults) -> UpdateIntegratorDefaultsResponse {
        let id = request.integrator_id.to_string();
        let mut answer = self.defaults.clone();
        let defaults = &mut answer.data;
        if let Some(stored) = self.store.get_as::<IntegratorDefaults>(DEFAULTS, &id) {
            *defaults = stored;
        } else {
            defaults.dev_defaults = None;
            defaults.prod_defaults = None;
        }
        defaults.integrator = request.integrator_id;
        match request.body.dev_defaults {
            Nullable::Value(dev) => defaults.dev_defaults = Some(dev),
            Nullable::Null => defaults.dev_defaults = None,
            Nullable::Absent => {}
        }
        match request.body.prod_defaults {
            Nullable::Value(prod) => defaults.prod_defaults = Some(prod),
            Nullable::Null => defaults.prod_defaults = None,
            Nullable::Absent => {}
        }
        self.store.insert_as(DEFAULTS, &id, defaults);
        UpdateIntegratorDefaultsResponse::Status200(answer)
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/platform/connector_create_platform_site
    // "If dev project is not provided it will be created, If both are
    // provided, no action will be performed": the dev site (and a dev project
    // when there is none) is created in the version's dev account, else the
    // integrator's default dev account (with its default project); without
    // either, refused with the page's "Dev account is missing.". The answer is
    // the page's "Platform Site will be created in the background." with the
    // background action's state, which is done at once.
    fn create_platform_site(&self, request: mock::ConnectorCreatePlatformSite) -> ConnectorCreatePlatformSiteResponse {
        use ConnectorCreatePlatformSiteResponse as Answer;
        let state = self.store.new_uuid();
        let created = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            let defaults = self
                .store
                .get_as::<IntegratorDefaults>(DEFAULTS, &connector.integrator.to_string())
                .and_then(|defaults| defaults.dev_defaults);
            let dev = &mut connector.versions[index].platform_dev_reference;
            if dev.site.is_some() && dev.project.is_some() {
                return Ok(connector.versions[index].version.clone());
            }
            let account = dev.account.or(defaults.as_ref().map(|d| d.account));
            let Some(account) = account else {
                return Err(Refusal::DevAccountMissing);
            };
            dev.account = Some(account);
            if dev.project.is_none() {
                dev.project = Some(match &defaults {
                    Some(defaults) if defaults.account == account => defaults.project,
                    _ => self.platform_id(),
                });
            }
            dev.site = Some(self.platform_id());
            Ok(connector.versions[index].version.clone())
        });
        match created {
            Ok(version) => {
                self.record_state(state, "connector_create_platform_site", request.public_id, &version);
                Answer::Status2XX(
                    cde_runtime::StatusCode::ACCEPTED,
                    BackgroundJobEnvelope::new(
                        String::from("Platform Site will be created in the background."),
                        BackgroundJob::new(BackgroundJobState::new(state)),
                    ),
                )
            }
            Err(Refusal::DevAccountMissing) => Answer::Status400(refused("Dev account is missing.")),
            Err(refusal) => Answer::Status404(refusal.message()),
        }
    }

    /// Stores a background action, done, as the states endpoints list it.
    /// Its name: the state pages name one action, `update_to_docker_wrapper_version`,
    /// and none of the dev site's; the operation's id stands in for it.
    fn record_state(&self, id: Uuid, name: &str, connector: Uuid, version: &str) {
        let mut state = self.state.clone();
        state.id = id;
        state.status = StateStatus::Done;
        state.name = name.to_owned();
        state.config = BTreeMap::from([
            (String::from("connectorPublicId"), Value::from(connector.to_string())),
            (String::from("versionNumber"), Value::from(major(version).unwrap_or(1))),
        ]);
        self.store.insert_as(STATES, &id.to_string(), &state);
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/platform/connector_assign_to_dev_site
    // "the connector should have been created and the dev site must exist":
    // without a dev site, refused with the page's "Connector must have dev
    // site assigned." (under `errors.connector`); otherwise assigned to it, in
    // state `synchronized-to-dev` as the page's example shows.
    fn assign_to_dev_site(&self, request: mock::ConnectorAssignToDevSite) -> ConnectorAssignToDevSiteResponse {
        let assigned = self.change_version(request.public_id, request.connector_version.as_str(), |connector, index| {
            let version = &mut connector.versions[index];
            let Some(site) = version.platform_dev_reference.site else {
                return Err(Refusal::NoDevSite);
            };
            version.platform_dev_reference.assigned_to_site = Value::from(site);
            version.state = ConnectorVersionState::SynchronizedToDev;
            Ok(version.clone())
        });
        match assigned {
            Ok(version) => {
                ConnectorAssignToDevSiteResponse::Status200(self.version_answer("connector_assign_to_dev_site", version))
            }
            Err(Refusal::NoDevSite) => {
                let mut errors = BTreeMap::new();
                errors.insert(String::from("connector"), String::from("Connector must have dev site assigned."));
                ConnectorAssignToDevSiteResponse::Status400(BadRequestResponse::new(
                    String::from("Bad request."),
                    FieldErrors::Object(errors),
                ))
            }
            Err(refusal) => ConnectorAssignToDevSiteResponse::Status404(refusal.message()),
        }
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_state_list
    // The background actions of one connector version, oldest first, paged
    // with `from` and `limit` (20 by default, as the page's example shows).
    fn connector_states(&self, request: mock::ConnectorStateList) -> ConnectorStateListResponse {
        let Some(connector) = self.connector(request.public_id) else {
            return ConnectorStateListResponse::Status404(not_found());
        };
        let Some(index) = version_index(&connector, request.connector_version.as_str()) else {
            return ConnectorStateListResponse::Status404(Refusal::NoSuchVersion.message());
        };
        let number = major(&connector.versions[index].version);
        let id = request.public_id.to_string();
        let states: Vec<State> = self
            .states()
            .into_iter()
            .filter(|state| {
                state.config.get("connectorPublicId").and_then(Value::as_str) == Some(id.as_str())
                    && state.config.get("versionNumber").and_then(Value::as_i64) == number
            })
            .collect();
        let (data, metadata) = page(states, request.from, request.limit, 20);
        let mut list = self.state_page.clone();
        (list.data, list.metadata) = (data, metadata);
        ConnectorStateListResponse::Status200(list)
    }

    /// Every stored background action, oldest first.
    fn states(&self) -> Vec<State> {
        self.store
            .list(STATES)
            .into_iter()
            .filter_map(|state| serde_json::from_value(state).ok())
            .collect()
    }

    /// The connectors of a store collection, oldest first.
    fn connectors(&self, collection: &str) -> Vec<Connector> {
        self.store
            .list(collection)
            .into_iter()
            .filter_map(|connector| serde_json::from_value(connector).ok())
            .collect()
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_list
    // The connectors not in the bin, oldest first, a page from `from`, `limit`
    // long, with the metadata the list pages show (`from`, `limit`, `count`,
    // `total`, `next`). The page does not say how its filters (`name`,
    // `type`, `owners`, `released`) match, so they are not applied; nor does
    // it give the default page size: 20, as the connector states list.
    fn list(&self, request: mock::ConnectorList) -> ConnectorListResponse {
        let (data, metadata) = page(self.connectors(CONNECTORS), request.from, request.limit, 20);
        let mut list = self.connector_page.clone();
        (list.data, list.metadata) = (data, metadata);
        ConnectorListResponse::Status200(list)
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/connectors/connector_list_from_bin
    // The connectors moved to the bin, paged as the list of connectors (its
    // filters not applied either).
    fn list_from_bin(&self, request: mock::ConnectorListFromBin) -> ConnectorListFromBinResponse {
        let (data, metadata) = page(self.connectors(BIN), request.from, request.limit, 20);
        let mut list = self.connector_page.clone();
        (list.data, list.metadata) = (data, metadata);
        ConnectorListFromBinResponse::Status200(list)
    }

    // https://help.productsup.com/docs/connector-development/cde-api/api-reference/states/state_list
    // Every background action, oldest first, those of the `status` asked for
    // when it is given, 100 to a page (the page's example shows `limit: 100`).
    // `triggered_by` is not applied: the page does not say what it matches.
    fn states_list(&self, request: mock::StateList) -> StateListResponse {
        let states: Vec<State> = self
            .states()
            .into_iter()
            .filter(|state| request.status.as_ref().is_none_or(|status| &state.status == status))
            .collect();
        let (data, metadata) = page(states, request.from, request.limit, 100);
        let mut list = self.state_page.clone();
        (list.data, list.metadata) = (data, metadata);
        StateListResponse::Status200(list)
    }
}

/// One page of `items`: from `from` (0 when not given), `limit` long
/// (`default_limit` when not given), with the list metadata of the CDE pages:
/// `from`, `limit`, `count` (items in this page), `total`, and `next`, the
/// offset of the next page, null on the last.
fn page<T>(
    items: Vec<T>,
    from: Option<i64>,
    limit: Option<i64>,
    default_limit: usize,
) -> (Vec<T>, ListMetadata) {
    let from = from
        .and_then(|from| usize::try_from(from).ok())
        .unwrap_or(0);
    let limit = limit
        .and_then(|limit| usize::try_from(limit).ok())
        .filter(|limit| *limit > 0)
        .unwrap_or(default_limit);
    let page = OffsetPage::new(items, from, limit);
    let number = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let metadata = ListMetadata::new(
        number(page.from),
        number(limit),
        number(page.items.len()),
        number(page.total),
        page.next().map(number),
    );
    (page.items, metadata)
}

/// Why a rule did not apply.
enum Refusal {
    ConnectorNotFound,
    NoSuchVersion,
    Transition,
    DevAccountMissing,
    NoDevSite,
}

impl Refusal {
    /// The 404 body of a connector or version that does not exist (the other
    /// refusals have their own answers).
    fn message(&self) -> MessageResponse {
        match self {
            // https://help.productsup.com/docs/connector-development/cde-api/api-reference/versions/connector_version_execution_config_update_container_api
            // documents "Connector does not have specified version." (its 404);
            // the other pages' 404 for a version is not shown, and the error
            // bodies are the same across the API.
            Refusal::NoSuchVersion => MessageResponse::new(String::from("Connector does not have specified version.")),
            _ => not_found(),
        }
    }
}

fn not_found() -> MessageResponse {
    MessageResponse::new(String::from("Connector not found."))
}

/// A refusal's body: its message with no field errors (`errors: []`).
fn refused(message: &str) -> BadRequestResponse {
    BadRequestResponse::new(message.to_owned(), FieldErrors::Array(Vec::new()))
}

/// The major number of a version string (`1.0.0` → 1).
fn major(version: &str) -> Option<i64> {
    version.split('.').next()?.parse().ok()
}

/// Which version `param` names: `latest` the highest major version, `main` the
/// connector's main (released) version, a number that major version. Every
/// reference page with a `connectorVersion` says: "You can also use latest for
/// the latest version, or main for the currently main released version."
fn version_index(connector: &Connector, param: &str) -> Option<usize> {
    let majors = connector.versions.iter().map(|version| major(&version.version));
    let wanted = match param {
        "latest" => majors.clone().flatten().max(),
        "main" => connector.main_version_number,
        number => number.parse().ok(),
    }?;
    majors.clone().position(|number| number == Some(wanted))
}

/// Whether a version is used on the platform: production access enabled for
/// anything, or assigned to a dev site.
fn in_use(version: &ConnectorVersion) -> bool {
    let prod = &version.platform_prod_reference;
    !prod.enabled_for_accounts.is_empty()
        || !prod.enabled_for_projects.is_empty()
        || !prod.enabled_for_sites.is_empty()
        || !version.platform_dev_reference.assigned_to_site.is_null()
}

/// Adds the `given` ids not already in `ids`.
fn add(ids: &mut Vec<i64>, given: Option<Vec<i64>>) {
    for id in given.into_iter().flatten() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
}

/// Replaces `ids` with `given`, when given.
fn set(ids: &mut Vec<i64>, given: Option<Vec<i64>>) {
    if let Some(given) = given {
        *ids = Vec::new();
        add(ids, Some(given));
    }
}

/// Removes the `given` ids from `ids`.
fn remove(ids: &mut Vec<i64>, given: Option<Vec<i64>>) {
    let given = given.unwrap_or_default();
    ids.retain(|id| !given.contains(id));
}
