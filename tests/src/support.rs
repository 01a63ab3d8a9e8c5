//! The one harness the integration tests share: the workspace's files, the CDE spec
//! as a JSON tree, its operations, the reference pages' records, and clients.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// The HTTP methods a path item may hold an operation under, in the order the
/// OpenAPI 3.0 Path Item Object lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A path relative to the workspace root.
pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(relative)
}

/// A file of the workspace (or of `../shared` beside it), read whole; panics naming
/// the file when it cannot be read.
pub fn read(relative: &str) -> Vec<u8> {
    let path = workspace_path(relative);
    std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// [`read`] as text.
pub fn read_text(relative: &str) -> String {
    String::from_utf8(read(relative)).unwrap_or_else(|err| panic!("{relative}: {err}"))
}

/// `spec/cde-api.yaml` as a JSON tree, loaded once, as the generator loads it.
pub fn cde_spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        cde_codegen::load("cde-api.yaml", &read("spec/cde-api.yaml"))
            .unwrap_or_else(|err| panic!("the spec does not load: {}", err.message))
    })
}

/// The reference pages' records (`../shared/cde-docs/operations.json`), one per
/// documented operation.
pub fn docs_records() -> Vec<Value> {
    let bytes = read("../shared/cde-docs/operations.json");
    match serde_json::from_slice(&bytes).expect("operations.json is JSON") {
        Value::Array(records) => records,
        other => panic!("operations.json is not a list: {other}"),
    }
}

/// Follows local `$ref`s (`#/...`) until a node that is not a reference; panics on
/// a non-local or dangling one, or on a chain of more than 32.
pub fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return value;
        };
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("non-local $ref {reference}"));
        value = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"));
    }
    panic!("a $ref chain of more than 32 links")
}

/// One operation of a spec, as written.
#[derive(Debug, Clone, Copy)]
pub struct SpecOperation<'a> {
    /// The path template (`/connectors/{publicId}`).
    pub path: &'a str,
    /// The method, lower case, as the path item's key.
    pub method: &'a str,
    /// Its `operationId` (empty when it has none).
    pub id: &'a str,
    /// The Operation Object.
    pub op: &'a Value,
    /// The Path Item Object it is in (`$ref`s followed).
    pub item: &'a Value,
}

/// Every operation of a spec, in document order of the paths and, within a path
/// item, of its keys (the generator's order too).
pub fn operations(doc: &Value) -> Vec<SpecOperation<'_>> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let item = resolve(doc, item);
        for (method, op) in item.as_object().expect("a path item") {
            if METHODS.contains(&method.as_str()) {
                out.push(SpecOperation {
                    path,
                    method,
                    id: op["operationId"].as_str().unwrap_or_default(),
                    op,
                    item,
                });
            }
        }
    }
    out
}

/// A generated client on `base_url` with a bearer token: `client(api::Client::builder(),
/// &server.uri(), TOKEN)`.
pub fn client<C: cde_runtime::FromCore>(
    builder: cde_runtime::ClientBuilder<C>,
    base_url: impl Into<String>,
    token: &str,
) -> C {
    anonymous_client(builder.bearer_token(token), base_url)
}

/// A generated client on `base_url` with no credentials.
pub fn anonymous_client<C: cde_runtime::FromCore>(
    builder: cde_runtime::ClientBuilder<C>,
    base_url: impl Into<String>,
) -> C {
    builder
        .base_url(base_url)
        .build()
        .expect("the client builds")
}

/// The URL of a Prism that answers, read from the environment variable
/// `variable`, or `None` (after saying why) when the test is
/// to be skipped. Under CI a missing or silent Prism fails the test.
pub async fn prism_url(variable: &str, test: &str) -> Option<String> {
    let why = match std::env::var(variable) {
        Ok(url) if !url.trim().is_empty() => {
            let url = url.trim().trim_end_matches('/').to_owned();
            match reachable(&url).await {
                Ok(()) => return Some(url),
                Err(err) => format!("nothing answers at {variable}={url}: {err}"),
            }
        }
        _ => format!("{variable} is not set"),
    };
    let hint = format!(
        "start Prism with `scripts/prism start [SPEC]` and set {variable} to the URL it prints \
         (`scripts/test` does both)"
    );
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("contract test {test}: {why}; under CI the contract tests must run: {hint}");
    }
    eprintln!("SKIPPED contract test {test}: {why}; {hint}");
    None
}

/// Whether an HTTP server answers at `url` (any status counts).
async fn reachable(url: &str) -> Result<(), String> {
    let http = cde_runtime::reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .map_err(|err| err.to_string())?;
    match http.get(format!("{url}/")).send().await {
        Ok(_) => Ok(()),
        Err(err) => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Err(message)
        }
    }
}

/// A server in a child process (`src/bin/serve-mock.rs`), killed when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    /// The URL it serves on.
    pub url: String,
}

impl ServerProcess {
    /// Starts `program` (the `serve-mock` binary: `env!("CARGO_BIN_EXE_serve-mock")`
    /// in an integration test) with `args`, and reads the URL it prints.
    pub fn start(program: &str, args: &[&str]) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the server process");
        let stdout = child.stdout.take().expect("its stdout");
        let mut url = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut url)
            .expect("its URL");
        Self {
            child,
            url: url.trim().to_owned(),
        }
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
