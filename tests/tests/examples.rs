//! Every example in `spec/cde-api.yaml` decodes into its generated type and
//! re-encodes to an equal JSON value.

mod cde {
    cde_macros::generate_client!("../spec/cde-api.yaml", examples = true);
}

use serde_json::Value;

/// Counts the examples in the document: `example` under media types, parameters
/// and component schemas, and `examples/*/value`.
fn count_examples(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let is_example = key == "example"
                    && (pointer.contains("/content/")
                        || pointer.contains("/parameters/")
                        || pointer.matches('/').count() == 3
                            && pointer.starts_with("#/components/schemas"));
                let is_named_value = key == "value" && pointer.contains("/examples/");
                if is_example || is_named_value {
                    out.push(at);
                } else {
                    count_examples(child, &at, out);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                count_examples(child, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_example_round_trips_through_its_type() {
    let spec = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cde-api.yaml")).unwrap();
    let doc = cde_codegen::load("cde-api.yaml", &spec).unwrap();
    let mut in_spec = Vec::new();
    count_examples(&doc, "#", &mut in_spec);

    let results = cde::examples::check_all();
    let checked: Vec<&str> = results.iter().map(|(pointer, _)| *pointer).collect();
    let missing: Vec<&String> = in_spec
        .iter()
        .filter(|p| !checked.contains(&p.as_str()))
        .collect();
    assert!(missing.is_empty(), "examples not checked: {missing:#?}");
    assert!(results.len() >= 20, "only {} examples found", results.len());
    // Each response example is checked twice: through its body type, and through
    // the operation's documented-responses type (status, variant, re-encoding).
    for pointer in in_spec.iter().filter(|p| p.contains("/responses/")) {
        let checks = checked.iter().filter(|c| **c == pointer.as_str()).count();
        assert_eq!(checks, 2, "{pointer} is checked {checks} times");
    }

    let failures: Vec<String> = results
        .iter()
        .filter_map(|(pointer, result)| {
            result.as_ref().err().map(|err| format!("{pointer}: {err}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}

#[test]
fn a_response_decoded_as_the_wrong_kind_is_reported() {
    use cde::types::ConnectorCreateResponse as R;
    let ok = r#"{"message": "m"}"#;
    // A 401 body is a documented error: claiming it is a success must fail.
    assert!(
        cde_runtime::__private::check_response::<R>(401, "application/json", ok, false).is_ok()
    );
    assert!(
        cde_runtime::__private::check_response::<R>(401, "application/json", ok, true).is_err()
    );
    // An undocumented status does not decode at all.
    assert!(
        cde_runtime::__private::check_response::<R>(418, "application/json", ok, false).is_err()
    );
}

#[test]
fn a_broken_example_is_reported() {
    // The check can fail: a value of the wrong type and a field that would be lost.
    let wrong_type = cde_runtime::__private::roundtrip::<cde::types::TargetsRequest>(
        r#"{"target-accounts": ["x"]}"#,
    );
    assert!(wrong_type.unwrap_err().contains("does not decode"));
    let lost = cde_runtime::__private::roundtrip::<cde::types::MessageResponse>(
        r#"{"message": "m", "extra": 1}"#,
    );
    assert!(lost.unwrap_err().contains("/extra is missing"));
}
