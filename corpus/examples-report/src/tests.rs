use super::*;
use serde_json::json;

fn doc() -> Value {
    json!({
        "openapi": "3.0.3",
        "paths": {
            "/pets/{id}": {
                "get": {
                    "tags": ["pets"],
                    "responses": {
                        "200": {"content": {
                            "application/json": {
                                "example": {"id": 1, "name": null, "tag": "x"},
                                "examples": {
                                    "shared": {"$ref": "#/components/examples/pet"}
                                }
                            },
                            "application/vnd.pet+json": {"example": {"id": 2}},
                            "text/html": {"example": "<p>pet</p>"}
                        }},
                        "404": {"$ref": "#/components/responses/NotFound"}
                    }
                },
                "delete": {
                    "tags": ["admin"],
                    "responses": {"404": {"$ref": "#/components/responses/NotFound"}}
                }
            },
            "/stores": {
                "get": {
                    "tags": ["stores"],
                    "responses": {"200": {"content": {"application/json": {"example": []}}}}
                }
            }
        },
        "components": {
            "responses": {
                "NotFound": {"content": {"application/json": {"example": {"message": "gone"}}}}
            },
            "examples": {"pet": {"value": {"id": 3, "extra": [1]}}}
        }
    })
}

const OK: &str = "#/paths/~1pets~1{id}/get/responses/200/content/application~1json/example";
const SHARED: &str =
    "#/paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/shared/value";
const NOT_FOUND: &str = "#/components/responses/NotFound/content/application~1json/example";
const STORES: &str = "#/paths/~1stores/get/responses/200/content/application~1json/example";

fn checks() -> Vec<Check> {
    vec![
        (OK, Ok(())),
        (OK, Ok(())),
        (SHARED, Err("re-encodes differently: /extra is missing after re-encoding".into())),
        (SHARED, Err("re-encodes differently: /extra is missing after re-encoding".into())),
        (NOT_FOUND, Ok(())),
        (NOT_FOUND, Ok(())),
        (NOT_FOUND, Ok(())),
        (NOT_FOUND, Err("status 404 decoded as a success".into())),
        (STORES, Err("does not decode: invalid type: sequence, expected struct Store".into())),
        (
            STORES,
            Err(r#"status 200 does not decode: InvalidBody("invalid type: sequence, expected struct Store at line 1 column 0")"#.into()),
        ),
        ("#/components/schemas/Pet/example", Err("does not decode: missing field `id`".into())),
        ("#/paths/~1stores/get/parameters/0/example", Ok(())),
    ]
}

#[test]
fn places_are_read_from_pointers() {
    assert_eq!(Place::of(OK), Place::Response);
    assert_eq!(Place::of(NOT_FOUND), Place::Response);
    assert_eq!(
        Place::of("#/paths/~1a/post/requestBody/content/application~1json/example"),
        Place::RequestBody
    );
    assert_eq!(
        Place::of("#/components/requestBodies/B/content/x/example"),
        Place::RequestBody
    );
    assert_eq!(
        Place::of("#/paths/~1a/get/parameters/0/example"),
        Place::Parameter
    );
    assert_eq!(
        Place::of("#/paths/~1a/parameters/0/example"),
        Place::Parameter
    );
    assert_eq!(
        Place::of("#/components/parameters/p/example"),
        Place::Parameter
    );
    assert_eq!(Place::of("#/components/schemas/S/example"), Place::Schema);
    // A path named like a keyword does not confuse it.
    assert_eq!(
        Place::of("#/paths/~1responses/get/parameters/0/example"),
        Place::Parameter
    );
    assert_eq!(Place::of("#/x-webhooks/a/post/example"), Place::Other);
}

#[test]
fn checks_fold_into_one_outcome_per_example() {
    let report = Report::new("t", doc(), Operations::All, checks());
    let responses = report.tally(Place::Response);
    assert_eq!(
        responses,
        Tally {
            examples: 4,
            checks: 10,
            passed: 1
        }
    );
    assert_eq!(responses.rate(), Some(25.0));
    assert_eq!(
        report.tally(Place::Schema),
        Tally {
            examples: 1,
            checks: 1,
            passed: 0
        }
    );
    assert_eq!(report.tally(Place::Parameter).passed, 1);
    let shared = report
        .outcomes()
        .iter()
        .find(|o| o.pointer == SHARED)
        .unwrap();
    assert_eq!(shared.failures.len(), 1, "equal messages are kept once");
}

#[test]
fn failures_group_by_kind() {
    let report = Report::new("t", doc(), Operations::All, checks());
    let groups = report.groups(|p| p == Place::Response);
    let kinds: Vec<&str> = groups.iter().map(|g| g.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "does not decode: invalid type: sequence, expected struct …",
            "re-encodes differently: … is missing after re-encoding (not null in the example)",
            "status N decoded as a success",
        ]
    );
    let text = report.to_string();
    // The documented-responses check restates the decoding error: printed once.
    assert!(text.contains(&format!(
        "    {STORES}: does not decode: invalid type: sequence, expected struct Store\n"
    )));
    assert!(text.contains("other example failures: 1 failed"));
    assert!(text.contains("t: response examples: 1 of 4 pass (25.00%)"));
}

#[test]
fn kinds_leave_out_specifics() {
    let report = Report::new("t", doc(), Operations::All, Vec::new());
    let kind = |m: &str| report.kind(OK, m);
    assert_eq!(
        kind("does not decode: missing field `id`"),
        "does not decode: missing field `…`"
    );
    assert_eq!(
        kind("does not decode: invalid type: string \"a \\\" b\", expected i64"),
        "does not decode: invalid type: string \"…\", expected i64"
    );
    assert_eq!(
        kind("does not decode: invalid type: integer `5`, expected u64"),
        "does not decode: invalid type: integer `…`, expected u64"
    );
    assert_eq!(
        kind("does not decode: unknown variant `x`, expected one of `a`, `b`"),
        "does not decode: unknown variant `…`, expected …"
    );
    assert_eq!(
        kind("does not decode: unknown variant `x`, expected `a` or `b`"),
        "does not decode: unknown variant `…`, expected …"
    );
    assert_eq!(
        kind("does not decode: data did not match any variant of untagged enum PetOrStore"),
        "does not decode: data did not match any variant of untagged enum …"
    );
    assert_eq!(
        kind("does not decode: invalid length 3, expected fewer elements in array"),
        "does not decode: invalid length N, expected fewer elements in array"
    );
    assert_eq!(
        kind("re-encodes differently: /name is missing after re-encoding"),
        "re-encodes differently: … is missing after re-encoding (null in the example)"
    );
    assert_eq!(
        kind("re-encodes differently: /a/0/b appears after re-encoding"),
        "re-encodes differently: … appears after re-encoding"
    );
    assert_eq!(
        kind(
            "re-encodes differently: /at: \"2011-01-26T19:01:12Z\" became \"2011-01-26T19:01:12+00:00\""
        ),
        "re-encodes differently: …: a string became a string"
    );
    assert_eq!(
        kind("re-encodes differently: /n: 1.0 became null"),
        "re-encodes differently: …: a number became null"
    );
    assert_eq!(
        kind("re-encodes differently: : [1] became [1,2]"),
        "re-encodes differently: …: an array became an array"
    );
    assert_eq!(
        kind(
            r#"status 201 does not decode: InvalidBody("missing field `id` at line 1 column 23")"#
        ),
        "status N does not decode: InvalidBody(missing field `…`)"
    );
    assert_eq!(
        kind("status 418 does not decode: UndocumentedStatus"),
        "status N does not decode: UndocumentedStatus"
    );
    assert_eq!(
        kind("re-encodes with status 200, not 299"),
        "re-encodes with status N, not N"
    );
    assert_eq!(kind("  "), "(no reason given)");
}

#[test]
fn a_referenced_example_is_looked_up_through_its_ref() {
    let doc = doc();
    assert_eq!(lookup(&doc, SHARED), Some(&json!({"id": 3, "extra": [1]})));
    assert_eq!(
        lookup(&doc, OK).and_then(|v| v.pointer("/name")),
        Some(&Value::Null)
    );
}

#[test]
fn unchecked_response_examples_are_found_in_the_spec() {
    let report = Report::new("t", doc(), Operations::All, checks());
    let unchecked: Vec<(&str, bool)> = report
        .unchecked()
        .iter()
        .map(|u| (u.media_type.as_str(), u.missed()))
        .collect();
    // The second JSON media type and the HTML one are not decoded; the shared
    // 404 response's example is listed once though two operations have it.
    assert_eq!(
        unchecked,
        [("application/vnd.pet+json", false), ("text/html", false)]
    );
    assert_eq!(
        report.verify(&Expect {
            min_response_examples: 4,
            floor_percent: 25.0
        }),
        Ok(())
    );
}

#[test]
fn verify_can_fail() {
    let report = Report::new("t", doc(), Operations::All, checks());
    let err = report
        .verify(&Expect {
            min_response_examples: 5,
            floor_percent: 30.0,
        })
        .unwrap_err();
    assert!(
        err.contains("4 response examples checked, fewer than the 5 expected"),
        "{err}"
    );
    assert!(
        err.contains("pass rate 25.00% is below the floor of 30.00%"),
        "{err}"
    );

    // An example under the decoded media type that no check covers.
    let mut missing = checks();
    missing.retain(|(p, _)| *p != STORES);
    let err = Report::new("t", doc(), Operations::All, missing)
        .verify(&Expect {
            min_response_examples: 0,
            floor_percent: 0.0,
        })
        .unwrap_err();
    assert!(
        err.contains(&format!(
            "{STORES}: a response example under application/json"
        )),
        "{err}"
    );

    // A failure without a reason.
    let err = Report::new("t", doc(), Operations::All, vec![(OK, Err(String::new()))])
        .verify(&Expect {
            min_response_examples: 0,
            floor_percent: 0.0,
        })
        .unwrap_err();
    assert!(
        err.contains(&format!("{OK}: a check failed without a reason")),
        "{err}"
    );
}

#[test]
fn a_tag_selection_expects_only_its_operations() {
    let pets = Report::new("t", doc(), Operations::Tagged(&["pets"]), Vec::new());
    let pointers: Vec<&str> = pets
        .unchecked()
        .iter()
        .map(|u| u.pointer.as_str())
        .collect();
    assert!(pointers.contains(&NOT_FOUND));
    assert!(!pointers.contains(&STORES));
    let stores = Report::new("t", doc(), Operations::Tagged(&["stores"]), Vec::new());
    let pointers: Vec<&str> = stores
        .unchecked()
        .iter()
        .map(|u| u.pointer.as_str())
        .collect();
    assert_eq!(pointers, [STORES]);
}
