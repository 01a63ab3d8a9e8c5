//! `spec/cde-api.yaml` matches the API reference, as extracted mechanically into
//! the shared `cde-docs/operations.json` (one record per documented operation).
//!
//! For every record: the operation exists under the page's slug as `operationId`,
//! with the same tag (the docs' category), method, path (parameter names blanked),
//! path and query parameter names; it documents at least as many responses as the
//! page lists; and the page's request example and every complete response example
//! appear, as equal JSON values, among the spec's examples of that operation.
//!
//! Nothing is skipped except the known extraction glitches of `operations.json`
//! listed in [`GLITCHES`], each with its reason; a glitch that no longer occurs
//! fails the test, so the table cannot go stale.
//!
//! The test can fail: changing one character of a documented example in the spec
//! (e.g. "Run not found." to "Run not found" in `run_show`'s 404), or dropping a
//! query parameter from `run_list`, makes it report that operation.

use std::collections::BTreeSet;

use cde_tests::support::{cde_spec as spec, docs_records as records, resolve};
use serde_json::Value;

/// The number of operations the API reference documents.
const DOCUMENTED_OPERATIONS: usize = 43;

/// Known extraction glitches of `operations.json`: (operationId, what is wrong,
/// why). For these records the expected path parameter names are read from the
/// record's `path` template instead of its `path_params`.
const GLITCHES: &[(&str, &str, &str)] = &[
    (
        "connector_disable_prod_access",
        "path_params is empty",
        "this rendering of the page lost the names of its parameter table (only \
         `uuid` and the version description survive); the path template has \
         {publicId} and {connectorVersion}",
    ),
    (
        "connector_rollback_migration",
        "path_params is empty",
        "this rendering of the page lost the names of its parameter table (only \
         `uuid` and the version description survive); the path template has \
         {publicId} and {connectorVersion}",
    ),
    (
        "connector_version_upload_logo",
        "path_params names `uuidconnectorVersion`",
        "the rendering glued the `Format uuid` line of publicId to the next \
         parameter's name: it is `connectorVersion`, as in the path template",
    ),
];

/// A path with its parameter names blanked: `/a/{x}/b` → `/a/{}/b`.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' => in_name = false,
            _ if in_name => {}
            _ => out.push(c),
        }
    }
    out
}

/// The parameter names of a path template: `/a/{x}/b/{y}` → {x, y}.
fn template_names(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

fn names_of(params: &Value) -> BTreeSet<String> {
    params
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// One operation of the spec, found by its `operationId`.
struct Operation<'a> {
    path: &'a str,
    method: &'a str,
    item: &'a Value,
    op: &'a Value,
}

fn operations(doc: &Value) -> Vec<(String, Operation<'_>)> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let item = resolve(doc, item);
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let id = op["operationId"].as_str().unwrap_or_default().to_owned();
                out.push((
                    id,
                    Operation {
                        path,
                        method,
                        item,
                        op,
                    },
                ));
            }
        }
    }
    out
}

/// The names of the operation's parameters in `location` (path-level ones too).
fn parameters(doc: &Value, op: &Operation<'_>, location: &str) -> BTreeSet<String> {
    [op.item.get("parameters"), op.op.get("parameters")]
        .into_iter()
        .flatten()
        .flat_map(|list| list.as_array().into_iter().flatten())
        .map(|p| resolve(doc, p))
        .filter(|p| p["in"] == location)
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect()
}

/// The examples under a `content` map: `example` and `examples/*/value`.
fn content_examples<'a>(doc: &'a Value, holder: &'a Value, out: &mut Vec<&'a Value>) {
    let Some(content) = holder.get("content").and_then(Value::as_object) else {
        return;
    };
    for media in content.values() {
        let media = resolve(doc, media);
        out.extend(media.get("example"));
        if let Some(examples) = media.get("examples").and_then(Value::as_object) {
            for example in examples.values() {
                out.extend(resolve(doc, example).get("value"));
            }
        }
    }
}

fn request_examples<'a>(doc: &'a Value, op: &Operation<'a>) -> Vec<&'a Value> {
    let mut out = Vec::new();
    if let Some(body) = op.op.get("requestBody") {
        content_examples(doc, resolve(doc, body), &mut out);
    }
    out
}

fn response_examples<'a>(doc: &'a Value, op: &Operation<'a>) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for response in op.op["responses"].as_object().into_iter().flatten() {
        content_examples(doc, resolve(doc, response.1), &mut out);
    }
    out
}

/// The problems of one record against the spec.
fn check(doc: &Value, spec_ops: &[(String, Operation<'_>)], record: &Value) -> Vec<String> {
    let id = record["operationId"].as_str().expect("operationId");
    let mut problems = Vec::new();
    let mut problem = |text: String| problems.push(format!("{id}: {text}"));

    let found: Vec<&Operation<'_>> = spec_ops
        .iter()
        .filter(|(op_id, _)| op_id == id)
        .map(|(_, op)| op)
        .collect();
    let [op] = found.as_slice() else {
        problem(format!(
            "{} operations with this operationId in the spec",
            found.len()
        ));
        return problems;
    };

    let category = record["category"].as_str().unwrap_or_default();
    let tags: Vec<&str> = op.op["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if tags != [category] {
        problem(format!("tags {tags:?}, the docs' category is {category:?}"));
    }

    let method = record["method"].as_str().unwrap_or_default();
    if !op.method.eq_ignore_ascii_case(method) {
        problem(format!(
            "method {} in the spec, {method} in the docs",
            op.method
        ));
    }

    let doc_path = record["path"].as_str().unwrap_or_default();
    if shape(op.path) != shape(doc_path) {
        problem(format!(
            "path {} in the spec, {doc_path} in the docs",
            op.path
        ));
    }

    let glitch = GLITCHES.iter().find(|(glitch_id, ..)| *glitch_id == id);
    let doc_path_params = match glitch {
        Some(_) => template_names(doc_path),
        None => names_of(&record["path_params"]),
    };
    let spec_path_params = parameters(doc, op, "path");
    if spec_path_params != doc_path_params {
        problem(format!(
            "path parameters {spec_path_params:?} in the spec, {doc_path_params:?} in the docs"
        ));
    }
    if spec_path_params != template_names(op.path) {
        problem(format!(
            "path parameters {spec_path_params:?} do not match the template {}",
            op.path
        ));
    }

    let doc_query = names_of(&record["query_params"]);
    let spec_query = parameters(doc, op, "query");
    if spec_query != doc_query {
        problem(format!(
            "query parameters {spec_query:?} in the spec, {doc_query:?} in the docs"
        ));
    }

    let documented = record["documented_responses"].as_u64().unwrap_or_default() as usize;
    let in_spec = op.op["responses"]
        .as_object()
        .map_or(0, |r| r.keys().filter(|k| !k.starts_with("x-")).count());
    if in_spec < documented {
        problem(format!(
            "{in_spec} responses in the spec, the page documents {documented}"
        ));
    }

    let request = &record["request_example"];
    if !request.is_null() && !request_examples(doc, op).contains(&request) {
        problem(format!(
            "the page's request example is not among the spec's request examples: {request}"
        ));
    }
    let responses = response_examples(doc, op);
    for (index, example) in record["response_examples"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if !responses.contains(&example) {
            problem(format!(
                "the page's response example #{index} is not among the spec's response examples: {example}"
            ));
        }
    }
    problems
}

#[test]
fn the_spec_covers_every_documented_operation_as_documented() {
    let doc = spec();
    let records = records();
    let spec_ops = operations(doc);

    assert_eq!(
        records.len(),
        DOCUMENTED_OPERATIONS,
        "operations.json lists {} operations",
        records.len()
    );
    assert_eq!(
        spec_ops.len(),
        DOCUMENTED_OPERATIONS,
        "the spec has {} operations: {:?}",
        spec_ops.len(),
        spec_ops.iter().map(|(id, _)| id).collect::<Vec<_>>()
    );

    let documented: BTreeSet<&str> = records
        .iter()
        .filter_map(|r| r["operationId"].as_str())
        .collect();
    assert_eq!(documented.len(), DOCUMENTED_OPERATIONS, "duplicate records");
    let undocumented: Vec<&str> = spec_ops
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| !documented.contains(id))
        .collect();
    assert!(
        undocumented.is_empty(),
        "operations the docs do not document: {undocumented:?}"
    );

    let problems: Vec<String> = records
        .iter()
        .flat_map(|record| check(doc, &spec_ops, record))
        .collect();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_listed_glitch_still_occurs() {
    let records = records();
    for (id, what, why) in GLITCHES {
        assert!(!why.is_empty());
        let record = records
            .iter()
            .find(|r| r["operationId"] == *id)
            .unwrap_or_else(|| panic!("{id}: no such record"));
        let listed = names_of(&record["path_params"]);
        let template = template_names(record["path"].as_str().unwrap_or_default());
        assert_ne!(
            listed, template,
            "{id}: the glitch \"{what}\" no longer occurs; remove it from GLITCHES"
        );
    }
}
