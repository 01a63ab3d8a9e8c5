//! OpenAPI 3.1 documents (fixture `tests/fixtures/v31.yaml`) read as the 3.0 model
//! reads their 3.0 spellings, checked on decoded and sent values, over wiremock
//! and against the generated mock:
//!
//! - nullability in every spelling (`type: [T, "null"]`, an `anyOf` branch
//!   `{type: "null"}`, an `enum` listing `null`, and the 3.0 leftover
//!   `nullable: true` of `tests/fixtures/v31-leftovers.yaml`) gives the type
//!   3.0's `nullable` gives; `type: "null"` alone holds null and nothing else;
//! - `type: [string, integer]` is an enum with a variant per JSON type, each with
//!   the keywords of its type (`pattern` on the string, `minimum` on the integer);
//! - `const` is an enum of one value whose unlisted values decode as `Unknown`
//!   and are refused before sending (in a JSON body, in a multipart part); a
//!   `oneOf` whose branches each give one property a different `const` is
//!   decoded by that property, like a `discriminator`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` are checked before sending and
//!   by the mock;
//! - `$ref` with siblings: documentation only is the target's type, constraints
//!   and members make `allOf: [target, siblings]`;
//! - a `false` property is no field; an array without `items` holds any
//!   values; a tuple (`prefixItems`) whose members are all required
//!   (`minItems`) is a Rust tuple when `items: false` closes it, else a `Tuple`
//!   of its typed members and the ones after them; one whose members may be
//!   missing is a list of one of their types;
//! - `contentEncoding: base64` and `base64url` are bytes, sent as base64 text;
//! - `patternProperties` is a map whose values are one of the patterns' schemas;
//! - `examples` arrays and media type examples feed the mock's answers;
//! - path- and operation-level `servers`;
//! - `webhooks`: a payload type per webhook, each documented example decoding
//!   into it.

use api::types::{Kind, NewPet, Owner, Pet, PetColor, PetCornerItem, PetMetricsValue, PetTag};
use cde_runtime::{Base64, Tuple};
use cde_runtime::{Error, Nullable};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/v31.yaml", mock = true, examples = true);
}

mod leftovers {
    cde_macros::generate_client!("fixtures/v31-leftovers.yaml");
}

async fn client(server: &MockServer) -> api::Client {
    api::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap()
}

async fn pet_from(body: serde_json::Value) -> Pet {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    client(&server).await.get_pet(3).await.unwrap().into_body()
}

#[tokio::test]
async fn every_spelling_of_null_decodes_as_null() {
    let pet = pet_from(serde_json::json!({
        "id": 3, "name": "Rex", "kind": "dog",
        "nickname": null, "owner": null, "color": null,
    }))
    .await;
    assert_eq!(pet.nickname, None);
    assert_eq!(pet.owner, None);
    assert_eq!(pet.color, Nullable::Null);
    let pet = pet_from(serde_json::json!({
        "id": 3, "name": "Rex", "kind": "dog",
        "nickname": "Rexy", "owner": {"name": "Ann"}, "color": "green",
    }))
    .await;
    assert_eq!(pet.nickname.as_deref(), Some("Rexy"));
    assert_eq!(pet.owner, Some(Owner::new(String::from("Ann"))));
    assert_eq!(pet.color, Nullable::Value(PetColor::Green));
    // Absent optional members stay absent, not null.
    let pet = pet_from(serde_json::json!({
        "id": 3, "name": "Rex", "kind": "dog", "nickname": null, "owner": null,
    }))
    .await;
    assert_eq!(pet.color, Nullable::Absent);
    // `type: "null"`: null or absent, nothing else.
    assert_eq!(pet.retired, Nullable::Absent);
    let pet = pet_from(serde_json::json!({
        "id": 3, "name": "Rex", "kind": "dog", "nickname": null, "owner": null, "retired": null,
    }))
    .await;
    assert_eq!(pet.retired, Nullable::Null);
    assert!(
        serde_json::from_value::<Pet>(serde_json::json!({
            "id": 3, "name": "Rex", "kind": "dog", "nickname": null, "owner": null, "retired": 1,
        }))
        .is_err()
    );
}

#[tokio::test]
async fn the_3_0_leftovers_of_3_1_files_read_as_in_3_0() {
    use leftovers::types::Reading;
    let reading: Reading = serde_json::from_value(serde_json::json!({"age": null})).unwrap();
    assert_eq!(reading.age, Nullable::Null);
    let reading: Reading = serde_json::from_value(serde_json::json!({"age": 3})).unwrap();
    assert_eq!(reading.age, Nullable::Value(3));
    // The boolean `exclusiveMinimum: true` beside `minimum: 0`: 0 is out.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let client = leftovers::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    assert!(matches!(
        client.get_reading(0.0).await,
        Err(Error::InvalidInput(_))
    ));
}

#[tokio::test]
async fn several_types_decode_by_the_json_value_and_const_keeps_unknown_values() {
    let base = |tag: serde_json::Value, kind: &str| {
        serde_json::json!({
            "id": 3, "name": "Rex", "kind": kind, "nickname": null, "owner": null, "tag": tag,
        })
    };
    let pet = pet_from(base(serde_json::json!("spot"), "dog")).await;
    assert!(
        matches!(&pet.tag, Some(PetTag::String(text)) if text.as_str() == "spot"),
        "{:?}",
        pet.tag
    );
    assert_eq!(pet.kind, Kind::Dog);
    let pet = pet_from(base(serde_json::json!(7), "cat")).await;
    assert_eq!(pet.tag, Some(PetTag::Integer(7)));
    // A value the `const` does not list is kept, never an error.
    assert_eq!(pet.kind, Kind::Unknown(String::from("cat")));
    assert_eq!(serde_json::to_value(&pet.kind).unwrap(), "cat");
}

#[tokio::test]
async fn reference_siblings_false_properties_and_arrays_without_items() {
    let pet = pet_from(serde_json::json!({
        "id": 3, "name": "Rex", "kind": "dog", "nickname": null, "owner": null,
        "legacy": "ignored", "notes": [1, "two", {"three": 3}], "position": [52.5, 13],
        "corner": [1.5],
        "labels": {"color": "brown", "size": "small"},
        "keeper": {"name": "Ann"}, "badge": {"name": "Bo", "since": "2020"},
    }))
    .await;
    assert_eq!(pet.notes.as_ref().map(Vec::len), Some(3));
    // One property pattern (and `propertyNames`): a map of that pattern's schema.
    let labels = pet.labels.as_ref().unwrap();
    assert_eq!(labels.get("color").map(String::as_str), Some("brown"));
    assert_eq!(labels.len(), 2);
    // A tuple whose members are all required, closed by `items: false`: a
    // Rust tuple.
    assert_eq!(pet.position, Some((52.5, 13.0)));
    // One whose members may be missing: a list of one of the members' types.
    assert_eq!(pet.corner, Some(vec![PetCornerItem::Number(1.5)]));
    // Documentation beside the `$ref`: the target's own type.
    assert_eq!(pet.keeper, Some(Owner::new(String::from("Ann"))));
    // Members beside it: the target's and the siblings' merged.
    let badge = pet.badge.unwrap();
    assert_eq!((badge.name.as_str(), badge.since.as_str()), ("Bo", "2020"));
}

#[tokio::test]
async fn exclusive_bounds_are_checked_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    // `exclusiveMinimum: 0`: 0 itself is out.
    match client(&server).await.get_pet(0).await {
        Err(Error::InvalidInput(invalid)) => {
            assert!(invalid.to_string().contains("id"), "{invalid}")
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn the_mock_answers_with_the_documented_example_and_checks_bounds() {
    let mock = api::mock::builder().start().await.unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), mock.url());
    let mut new = NewPet::new(String::from("Rex"));
    new.kind = Some(Kind::Dog);
    let created = client.create_pet(new).await.unwrap().into_body();
    // The example `rex` of the media type's `examples`.
    assert_eq!((created.id, created.name.as_str()), (1, "Rex"));
    assert_eq!((created.nickname, created.owner), (None, None));
    assert_eq!(created.tag, Some(PetTag::Integer(7)));
    // The mock checks `exclusiveMinimum` too.
    let status = cde_runtime::reqwest::get(format!("{}/pets/0", mock.url()))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 400);
    // ...and the `const`: a request naming another kind is refused.
    let refused = cde_runtime::reqwest::Client::new()
        .post(format!("{}/pets", mock.url()))
        .json(&serde_json::json!({"name": "Tom", "kind": "cat"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert!(problem["errors"]["kind"].is_string(), "{problem}");
}

#[tokio::test]
async fn a_body_is_sent_as_3_1_describes_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": 9, "name": "Rex", "kind": "dog", "nickname": null, "owner": null,
        })))
        .mount(&server)
        .await;
    let mut new = NewPet::new(String::from("Rex"));
    new.kind = Some(Kind::Dog);
    new.weight = Some(2.5);
    client(&server).await.create_pet(new).await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"name": "Rex", "weight": 2.5, "kind": "dog"})
    );
}

#[tokio::test]
async fn operation_servers_yield_to_a_base_url_the_caller_set() {
    // Sent to `https://eu.upload.example.com/v1` by default (its path item's
    // server, variables filled in; see the runtime's unit test); a base URL set
    // on the builder, such as a test server's, takes every request.
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/pets/4/photo"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/4/photo"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("png", "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    client
        .upload_photo(4, cde_runtime::bytes::Bytes::from_static(b"png"))
        .await
        .unwrap();
    let photo = client.get_photo(4).await.unwrap().into_body();
    assert_eq!(&photo[..], b"png");
    assert_eq!(
        api::Client::DEFAULT_BASE_URL,
        Some("https://api.example.com")
    );
}

#[test]
fn webhook_payloads_are_types_and_their_examples_decode() {
    let pet: api::webhooks::NewPet = serde_json::from_value(serde_json::json!({
        "id": 5, "name": "Rex", "kind": "dog", "nickname": null, "owner": {"name": "Ann"},
    }))
    .unwrap();
    assert_eq!(pet.owner, Some(Owner::new(String::from("Ann"))));
    let gone: api::webhooks::PetGone =
        serde_json::from_value(serde_json::json!({"id": 5, "reason": null})).unwrap();
    assert_eq!((gone.id, gone.reason), (5, Nullable::Null));
    let checks = api::examples::check_all();
    let webhooks: Vec<&str> = checks
        .iter()
        .map(|(pointer, _)| *pointer)
        .filter(|pointer| pointer.starts_with("#/webhooks/"))
        .collect();
    assert_eq!(
        webhooks,
        [
            "#/webhooks/newPet/post/requestBody/content/application~1json/example",
            "#/webhooks/petGone/post/requestBody/content/application~1json/examples/sold/value",
        ]
    );
    let failed: Vec<_> = checks
        .iter()
        .filter(|(_, outcome)| outcome.is_err())
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
}

#[tokio::test]
async fn a_const_on_one_property_picks_the_branch() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"type": "adopted", "by": "Ann"},
            {"type": "returned", "by": "Bo"},
            {"type": "lost", "by": "Cy"},
        ])))
        .mount(&server)
        .await;
    let events = client(&server)
        .await
        .list_events()
        .await
        .unwrap()
        .into_body();
    let kinds: Vec<&str> = events
        .iter()
        .map(|event| match event {
            api::types::Event::Adopted(_) => "adopted",
            api::types::Event::EventVariant1(_) => "returned",
            api::types::Event::Unknown(value) => value["type"].as_str().unwrap_or("?"),
        })
        .collect();
    // Both branches would decode every value (an unlisted `const` is kept as
    // `Unknown`), so only the tag tells them apart; a tag no branch lists is
    // a branch this client does not know, kept whole.
    assert_eq!(kinds, ["adopted", "returned", "lost"]);
    assert_eq!(
        serde_json::to_value(&events[2]).unwrap(),
        serde_json::json!({"type": "lost", "by": "Cy"})
    );
}

async fn measures_from(
    body: serde_json::Value,
) -> Result<api::types::ListMeasuresStatus200Body, String> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/measures"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    match client(&server).await.list_measures().await {
        Ok(response) => Ok(response.into_body()),
        Err(err) => Err(format!("{err:?}")),
    }
}

#[tokio::test]
async fn a_type_list_is_decoded_by_the_json_token() {
    use api::types::{Measure, Outcome, Revision};
    let body = serde_json::json!({
        "values": [3, 2.5, true, ["a", "b"], {"unit": "kg"}],
        "revisions": [{"v": 1, "text": "a"}, {"v": 2, "lines": ["a"]}, {"v": 3, "text": "b"}],
        "outcome": {"ok": false, "note": "late"},
    });
    let measures = measures_from(body).await.unwrap();
    let shapes: Vec<String> = measures
        .values
        .iter()
        .map(|value| match value {
            Measure::Number(n) => format!("number {n}"),
            Measure::Boolean(b) => format!("boolean {b}"),
            Measure::Array(items) => format!("array {}", items.len()),
            Measure::Object(object) => format!("object {:?}", object.unit),
        })
        .collect();
    // `integer` folded into `number`: 3 is a number.
    assert_eq!(
        shapes,
        [
            "number 3",
            "number 2.5",
            "boolean true",
            "array 2",
            "object Some(\"kg\")"
        ]
    );
    // Integer `const` tags pick the branch; an unlisted one is kept whole.
    let revisions: Vec<&str> = measures
        .revisions
        .iter()
        .map(|r| match r {
            Revision::RevisionVariant0(_) => "text",
            Revision::RevisionVariant1(_) => "lines",
            Revision::Unknown(value) if value["v"] == 3 => "unknown v3",
            Revision::Unknown(_) => "unknown",
        })
        .collect();
    assert_eq!(revisions, ["text", "lines", "unknown v3"]);
    // A boolean `const` tag picks the second branch, though the first would
    // decode the value too.
    assert!(matches!(measures.outcome, Outcome::OutcomeVariant1(_)));
    // The token alone picks the branch: a string goes to no branch of
    // `Measure` and the error says so, whatever the other branches would
    // make of it; the array branch's own error is the one reported.
    let err = measures_from(serde_json::json!({
        "values": ["3"], "revisions": [], "outcome": {"ok": true},
    }))
    .await
    .unwrap_err();
    assert!(err.contains("matches no branch of `Measure`"), "{err}");
    let err = measures_from(serde_json::json!({
        "values": [[3]], "revisions": [], "outcome": {"ok": true},
    }))
    .await
    .unwrap_err();
    assert!(err.contains("expected a string"), "{err}");
}

/// The message of the invalid-input error `create_pet(pet)` gives, checking
/// that nothing reached the server.
async fn refused_body(pet: NewPet) -> String {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    match client(&server).await.create_pet(pet).await {
        Err(Error::InvalidInput(err)) => {
            assert_eq!(err.name(), "body");
            err.message().to_owned()
        }
        other => panic!("expected the body to be refused before sending, got {other:?}"),
    }
}

#[tokio::test]
async fn a_value_a_const_does_not_list_is_refused_before_sending() {
    let mut pet = NewPet::new(String::from("Tom"));
    pet.kind = Some(Kind::Unknown(String::from("cat")));
    assert_eq!(
        refused_body(pet).await,
        "kind: unknown variant `cat`, expected `dog`"
    );
    // Decoding keeps such a value (forward compatibility holds for consts too).
    let kind: Kind = serde_json::from_value(serde_json::json!("cat")).unwrap();
    assert_eq!(kind, Kind::Unknown(String::from("cat")));
}

#[tokio::test]
async fn a_number_that_is_not_finite_is_refused_before_sending() {
    // serde_json would send `"weight":null`, clearing the pet's weight.
    let mut pet = NewPet::new(String::from("Tom"));
    pet.weight = Some(f64::NAN);
    assert_eq!(
        refused_body(pet).await,
        "weight: NaN is not a finite number, and JSON has no way to send it"
    );
}

#[tokio::test]
async fn tuples_base64_bytes_and_property_patterns_decode() {
    let pet = pet_from(serde_json::json!({
        "id": 3, "name": "Rex", "kind": "dog", "nickname": null, "owner": null,
        "route": ["north", 12, true, false],
        "photo": "iVBORw==", "token": "-_8",
        "metrics": {"n_legs": 4, "s_coat": "short"},
    }))
    .await;
    // An open tuple: its typed members, then the `items` after them.
    let route = pet.route.unwrap();
    assert_eq!(route.prefix, (String::from("north"), 12));
    assert_eq!(route.rest, [true, false]);
    // base64 and base64url text, read as the bytes they encode.
    assert_eq!(pet.photo.as_deref(), Some(b"\x89PNG".as_slice()));
    assert_eq!(pet.token.as_deref(), Some([0xfb, 0xff].as_slice()));
    // Each pattern's schema is one variant of the map's values.
    let metrics = pet.metrics.unwrap();
    assert_eq!(metrics["n_legs"], PetMetricsValue::Integer(4));
    assert_eq!(
        metrics["s_coat"],
        PetMetricsValue::String(String::from("short"))
    );

    // A tuple shorter than its prefix, or bytes that are not base64, are
    // typed errors saying what is wrong.
    for (field, value, says) in [
        ("route", serde_json::json!(["north"]), "at least 2 members"),
        (
            "photo",
            serde_json::json!("no base64!"),
            "invalid base64 text",
        ),
    ] {
        let server = MockServer::start().await;
        let mut body = serde_json::json!({"id": 3, "name": "Rex", "kind": "dog"});
        body[field] = value;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
        match client(&server).await.get_pet(3).await {
            Err(Error::InvalidBody(failed)) => {
                let detail = failed.detail.unwrap_or_default();
                assert!(detail.contains(says), "{field}: {detail}");
            }
            other => panic!("expected a decode error for `{field}`, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn tuples_and_bytes_are_sent_as_json_arrays_and_base64_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": 9, "name": "Rex", "kind": "dog", "nickname": null, "owner": null,
        })))
        .mount(&server)
        .await;
    let mut new = NewPet::new(String::from("Rex"));
    new.photo = Some(Base64::from(b"\x89PNG".as_slice()));
    new.route = Some(Tuple {
        prefix: (String::from("south"), 3),
        rest: vec![true],
    });
    client(&server).await.create_pet(new).await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"name": "Rex", "photo": "iVBORw==", "route": ["south", 3, true]})
    );
}

#[tokio::test]
async fn the_mock_refuses_a_short_tuple_and_bytes_that_are_not_base64() {
    let mock = api::mock::builder().start().await.unwrap();
    let post = |body: serde_json::Value| {
        cde_runtime::reqwest::Client::new()
            .post(format!("{}/pets", mock.url()))
            .json(&body)
            .send()
    };
    let accepted = post(serde_json::json!({"name": "Rex", "photo": "iVBORw==", "route": ["a", 1]}))
        .await
        .unwrap();
    assert_eq!(accepted.status(), 201);
    for (field, value) in [
        ("route", serde_json::json!(["a"])),
        ("route", serde_json::json!(["a", 1, "not a boolean"])),
        ("photo", serde_json::json!("no base64!")),
    ] {
        let mut body = serde_json::json!({"name": "Rex"});
        body[field] = value.clone();
        let refused = post(body).await.unwrap();
        assert_eq!(refused.status(), 400, "{field}: {value}");
        let problem: serde_json::Value = refused.json().await.unwrap();
        let errors = problem["errors"].as_object().unwrap();
        assert!(errors.keys().any(|at| at.starts_with(field)), "{problem}");
    }
}

#[tokio::test]
async fn a_multipart_part_a_const_does_not_list_is_refused_before_sending() {
    use api::types::FilePapersForm;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/5/papers"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let form = FilePapersForm::new(Kind::Unknown(String::from("cat")), String::from("n"));
    match client.file_papers(5, form).await {
        Err(Error::InvalidInput(err)) => {
            assert_eq!(err.name(), "kind");
            assert_eq!(err.message(), "unknown variant `cat`, expected `dog`");
        }
        other => panic!("expected the const to refuse `cat` before sending, got {other:?}"),
    }
    // The value it lists goes out as the part's text.
    client
        .file_papers(5, FilePapersForm::new(Kind::Dog, String::from("n")))
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let body = String::from_utf8_lossy(&sent.body);
    assert!(body.contains("name=\"kind\"\r\n\r\ndog\r\n"), "{body}");
}
