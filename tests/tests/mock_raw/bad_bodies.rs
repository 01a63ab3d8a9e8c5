//! Bad request bodies get a 400 naming each bad field: malformed JSON, wrong
//! shapes and types, missing fields, null where not allowed, uuids in another
//! notation, wrong enum values.

use super::*;

#[tokio::test]
async fn malformed_json_is_a_400_naming_body() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let json_operations: Vec<&Operation> =
        operations().iter().filter(|op| op.takes_json()).collect();
    assert!(json_operations.len() > 10, "the spec has JSON bodies");
    for op in json_operations {
        for bad in [
            &b"{\"connector-name\": \"x\","[..],
            b"{'single': 'quotes'}",
            b"[1, 2",
            b"\xff\xfe{}",
        ] {
            let url = format!("{}{}{}", server.url(), valid_path(op), required_query(op));
            let answer = send(
                &client,
                Request::new(&op.method, url)
                    .bearer()
                    .raw("application/json", bad),
            )
            .await;
            assert_bad_request(op, &answer, &["body"], &String::from_utf8_lossy(bad));
        }
    }
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_or_none_is_a_400_naming_body() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let create = operation("connector_create");
    let url = format!("{}{}", server.url(), valid_path(create));
    for body in [json!("text"), json!(42), json!(true), Value::Null] {
        let answer = send(
            &client,
            Request::new("POST", url.clone()).bearer().json(&body),
        )
        .await;
        assert_bad_request(create, &answer, &["body"], &body.to_string());
    }
    // The body is required: none at all is named too.
    let answer = send(&client, Request::new("POST", url).bearer()).await;
    assert_bad_request(create, &answer, &["body"], "no body");
    assert_eq!(answer.json()["errors"]["body"], "is required");
}

// serde's derived `Deserialize` of a struct also reads a sequence (fields by
// position); the server must still answer an array in place of an object (the
// body, or a nested object) with a 400 naming it.
#[tokio::test]
async fn an_array_in_place_of_an_object_is_a_400() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let cases: [(&str, Value, &[&str]); 4] = [
        ("connector_create", json!(["transform", "omdb"]), &["body"]),
        ("connector_create", json!([1, 2]), &["body"]),
        ("handover", json!([ID, ID]), &["body"]),
        (
            "update_integrator_defaults",
            json!({"dev-defaults": [1, 2], "prod-defaults": {"accounts": [1], "projects": [2], "sites": [3]}}),
            &["dev-defaults"],
        ),
    ];
    for (id, body, fields) in cases {
        let op = operation(id);
        // Each object schema of these bodies says `type: object`.
        let (_, content) = op.request_body().expect("a body");
        assert_eq!(
            resolve(spec(), &content["schema"])["type"],
            "object",
            "{id}"
        );
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(&client, Request::new(&op.method, url).bearer().json(&body)).await;
        assert_bad_request(op, &answer, fields, &body.to_string());
    }
}

#[tokio::test]
async fn wrong_types_are_a_400_naming_each_field() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let cases: [(&str, Value, &[&str]); 4] = [
        (
            "connector_create",
            json!({"connector-type": "transform", "connector-name": 5, "connector-description": true}),
            &["connector-name", "connector-description"],
        ),
        (
            "connector_targets_add",
            json!({"target-accounts": [1, "two", 3], "target-sites": "x", "target-projects": [4]}),
            &["target-accounts[1]", "target-sites"],
        ),
        (
            "update_integrator_defaults",
            json!({
                "dev-defaults": {"account": "one"},
                "prod-defaults": {"accounts": [1], "projects": [2, "x"], "sites": []}
            }),
            &[
                "dev-defaults.account",
                "dev-defaults.project",
                "prod-defaults.projects[1]",
            ],
        ),
        (
            "connector_transfer_ownership",
            json!({"new_owner": 7, "account": "seven"}),
            &["new_owner", "account"],
        ),
    ];
    for (id, body, fields) in cases {
        let op = operation(id);
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(&client, Request::new(&op.method, url).bearer().json(&body)).await;
        assert_bad_request(op, &answer, fields, &body.to_string());
    }
}

#[tokio::test]
async fn a_missing_required_field_is_named_as_required() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    // After a field that is present and valid, or of a type that takes an
    // empty string, zero, false, [] or {}.
    let cases: [(&str, Value, &[&str]); 3] = [
        (
            "connector_create",
            json!({"connector-type": "transform"}),
            &["connector-name"],
        ),
        (
            "connector_version_execution_config_update_container_api",
            json!({"image": "i"}),
            &["version-constraint"],
        ),
        (
            "update_organization_default_targets",
            json!({"dev-defaults": {}}),
            &["dev-defaults.account", "dev-defaults.project"],
        ),
    ];
    for (id, body, fields) in cases {
        let op = operation(id);
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(&client, Request::new(&op.method, url).bearer().json(&body)).await;
        assert_bad_request(op, &answer, fields, &body.to_string());
        let errors = answer.json()["errors"].clone();
        for field in fields {
            assert_eq!(errors[field], "is required", "{id}: {errors}");
        }
    }
}

// Every missing required field is named, also after one whose type no generic
// stand-in value satisfies (a strict enum, a uuid).
#[tokio::test]
async fn every_missing_required_field_is_named() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut checked = Vec::new();
    let mut wrong = Vec::new();
    // Every JSON body with required fields, sent empty: each required field named
    // "is required".
    for op in operations().iter().filter(|op| op.takes_json()) {
        let (_, content) = op.request_body().expect("a body");
        let schema = resolve(spec(), &content["schema"]);
        let required: BTreeMap<String, Value> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|f| (f.to_owned(), json!("is required")))
            .collect();
        if required.is_empty() {
            continue;
        }
        let url = format!("{}{}", server.url(), valid_path(op));
        let answer = send(
            &client,
            Request::new(&op.method, url).bearer().json(&json!({})),
        )
        .await;
        assert_eq!(answer.status, 400, "{}: {}", op.id, answer.text());
        let errors: BTreeMap<String, Value> = answer.json()["errors"]
            .as_object()
            .map(|e| e.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        if errors != required {
            wrong.push(format!("{}: expected {required:?}, got {errors:?}", op.id));
        }
        checked.push(op.id.as_str());
    }
    assert!(checked.contains(&"connector_create"), "{checked:?}");
    // A bad uuid, then a missing one.
    let handover = operation("handover");
    let url = format!("{}{}", server.url(), valid_path(handover));
    let body = json!({"from": "not-a-uuid"});
    let answer = send(&client, Request::new("POST", url).bearer().json(&body)).await;
    let expected: BTreeSet<String> = ["from", "to"].map(String::from).into();
    if answer.error_fields() != expected {
        wrong.push(format!(
            "handover {body}: expected {expected:?}, got {}",
            answer.text()
        ));
    }
    assert!(
        wrong.is_empty(),
        "{} of {} bodies with a missing required field:\n{}",
        wrong.len(),
        checked.len() + 1,
        wrong.join("\n")
    );
}

// Several bad elements in one array are each named, and later fields too.
#[tokio::test]
async fn every_bad_element_of_an_array_is_named() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let op = operation("connector_targets_add");
    let url = format!("{}{}", server.url(), valid_path(op));
    let cases: [(Value, &[&str]); 3] = [
        // Control: bad elements not next to each other.
        (
            json!({"target-accounts": [1, "a", 2], "target-sites": ["x"]}),
            &["target-accounts[1]", "target-sites[0]"],
        ),
        (
            json!({"target-accounts": [1, "a", "b"], "target-sites": ["x"]}),
            &[
                "target-accounts[1]",
                "target-accounts[2]",
                "target-sites[0]",
            ],
        ),
        (
            json!({"target-accounts": ["a", "b"], "target-projects": [true]}),
            &[
                "target-accounts[0]",
                "target-accounts[1]",
                "target-projects[0]",
            ],
        ),
    ];
    for (body, fields) in cases {
        let answer = send(
            &client,
            Request::new(&op.method, url.clone()).bearer().json(&body),
        )
        .await;
        assert_bad_request(op, &answer, fields, &body.to_string());
    }
}

// OpenAPI 3.0 allows null only with `nullable: true`: optional fields that are
// not nullable reject it, nullable ones (`dev-defaults`) accept it.
#[tokio::test]
async fn null_is_a_400_where_the_spec_does_not_allow_it() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let targets = operation("connector_targets_add");
    let (_, content) = targets.request_body().expect("a body");
    let schema = resolve(spec(), &content["schema"]);
    for field in ["target-accounts", "target-sites"] {
        let property = resolve(spec(), &schema["properties"][field]);
        assert_ne!(
            property["nullable"], true,
            "{field} is not nullable in the spec"
        );
    }
    let defaults = operation("update_integrator_defaults");
    let (_, content) = defaults.request_body().expect("a body");
    assert_eq!(
        resolve(spec(), &content["schema"])["properties"]["dev-defaults"]["nullable"],
        true
    );
    // Control: null where the spec allows it is read.
    let url = format!("{}{}", server.url(), valid_path(defaults));
    let answer = send(
        &client,
        Request::new(&defaults.method, url)
            .bearer()
            .json(&json!({"dev-defaults": null, "prod-defaults": null})),
    )
    .await;
    check_success(defaults, &answer).unwrap_or_else(|p| panic!("{p}: {}", answer.text()));
    let url = format!("{}{}", server.url(), valid_path(targets));
    let body = json!({"target-accounts": null, "target-sites": null, "target-projects": [1]});
    let answer = send(
        &client,
        Request::new(&targets.method, url).bearer().json(&body),
    )
    .await;
    assert_bad_request(
        targets,
        &answer,
        &["target-accounts", "target-sites"],
        &body.to_string(),
    );
}

// `format: uuid` is the hyphenated 8-4-4-4-12 form only (upper-case hex is
// valid); the simple, braced and URN notations that `uuid::Uuid` parses are not.
#[tokio::test]
async fn a_uuid_in_another_notation_is_a_400() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let show = operation("connector_show");
    let schema = resolve(
        spec(),
        &show.parameter("publicId", "path").expect("publicId")["schema"],
    );
    assert_eq!(schema["format"], "uuid");
    // Control: the hyphenated form, in either case, is read.
    for id in [ID.to_owned(), ID.to_ascii_uppercase()] {
        let url = format!("{}/connectors/{id}", server.url());
        let answer = send(&client, Request::new("GET", url).bearer()).await;
        check_success(show, &answer).unwrap_or_else(|p| panic!("{id}: {p}"));
    }
    let other = [
        ID.replace('-', ""),
        format!("{{{ID}}}"),
        format!("urn:uuid:{ID}"),
    ];
    for id in &other {
        let url = format!("{}/connectors/{}", server.url(), encode(id.as_bytes()));
        let answer = send(&client, Request::new("GET", url).bearer()).await;
        assert_bad_request(show, &answer, &["publicId"], id);
    }
    let handover = operation("handover");
    let url = format!("{}{}", server.url(), valid_path(handover));
    for id in &other {
        let body = json!({"from": id, "to": ID});
        let answer = send(
            &client,
            Request::new("POST", url.clone()).bearer().json(&body),
        )
        .await;
        assert_bad_request(handover, &answer, &["from"], &body.to_string());
    }
}

#[tokio::test]
async fn a_wrong_enum_value_is_a_400_naming_the_field() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let create = operation("connector_create");
    let allowed = spec()
        .pointer("/components/schemas/ConnectorType/enum")
        .expect("ConnectorType is an enum");
    assert!(
        !allowed
            .as_array()
            .expect("ConnectorType is an enum")
            .contains(&json!("not-a-type"))
    );
    let url = format!("{}{}", server.url(), valid_path(create));
    // A wrong type and a wrong enum value together: both named.
    let body = json!({"connector-type": "not-a-type", "connector-name": 5});
    let answer = send(
        &client,
        Request::new("POST", url.clone()).bearer().json(&body),
    )
    .await;
    assert_bad_request(
        create,
        &answer,
        &["connector-type", "connector-name"],
        &body.to_string(),
    );
    // The wrong enum value alone.
    let body = json!({"connector-type": "not-a-type", "connector-name": "n"});
    let answer = send(&client, Request::new("POST", url).bearer().json(&body)).await;
    assert_bad_request(create, &answer, &["connector-type"], &body.to_string());
}
