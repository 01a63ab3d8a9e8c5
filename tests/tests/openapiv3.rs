//! The vendored spec and every OpenAPI 3.0 fixture read as `openapiv3`'s typed
//! model, the one other Rust OpenAPI tools (progenitor among them) read: a
//! document cde generates from is one they can read too.

use cde_tests::support::{read, workspace_path};

/// Reads `relative` as the generator loads it, then as `openapiv3::OpenAPI`.
fn parses(relative: &str) -> Result<openapiv3::OpenAPI, String> {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let doc = cde_codegen::load(name, &read(relative)).map_err(|err| err.message.clone())?;
    serde_json::from_value(doc).map_err(|err| err.to_string())
}

#[test]
fn the_vendored_spec_is_a_valid_openapiv3_document() {
    let spec = parses("spec/cde-api.yaml").unwrap_or_else(|err| panic!("spec/cde-api.yaml: {err}"));
    assert!(spec.openapi.starts_with("3.0"));
    // Every operation of the spec is there, with its operationId.
    let ids: Vec<&str> = spec
        .operations()
        .filter_map(|(_, _, op)| op.operation_id.as_deref())
        .collect();
    assert_eq!(ids.len(), 43, "{ids:?}");
    assert!(ids.contains(&"connector_create"));
}

#[test]
fn a_document_that_breaks_the_model_is_refused() {
    // The check can fail: no `info`, and a parameter without `in`.
    let broken = serde_json::json!({"openapi": "3.0.3", "paths": {}});
    assert!(serde_json::from_value::<openapiv3::OpenAPI>(broken).is_err());
    let broken = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"parameters": [{"name": "q"}], "responses": {}}}}
    });
    assert!(serde_json::from_value::<openapiv3::OpenAPI>(broken).is_err());
}

#[test]
fn every_fixture_is_a_valid_openapiv3_document() {
    let mut checked = Vec::new();
    let mut failed = Vec::new();
    let dir = workspace_path("tests/fixtures");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name");
        // A fixture kept as several files is checked by its root file.
        let name = if path.is_dir() {
            format!("{name}/api.yaml")
        } else {
            name.to_owned()
        };
        let relative = format!("tests/fixtures/{name}");
        // `openapiv3` models 3.0 only; 3.1 and 3.2 fixtures are checked by
        // openapi-spec-validator instead (scripts/validate-spec).
        let doc = cde_codegen::load(&name, &read(&relative)).expect("a fixture loads");
        if doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1") || v.starts_with("3.2"))
        {
            continue;
        }
        match parses(&relative) {
            Ok(spec) => {
                assert!(spec.openapi.starts_with("3.0"), "{relative}");
                checked.push(relative);
            }
            Err(err) => failed.push(format!("{relative}: {err}")),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(checked.len() >= 11, "{checked:?}");
}
