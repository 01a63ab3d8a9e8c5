//! Schema shapes (fixture `tests/fixtures/shapes.yaml`), decoded, re-encoded and
//! sent through the client and the mock server:
//!
//! - `oneOf` with a `discriminator`: the property's value picks the branch, even
//!   when the value would also decode as an earlier branch; a value whose
//!   property names no branch is kept whole (`Unknown`: a branch a newer server
//!   added), which the mock server refuses in a request; without the property,
//!   the rule below;
//! - `oneOf` without one, and `anyOf` whose branches take different kinds of JSON
//!   value: an enum of the branches; a value becomes the first branch (in the
//!   schema's order) that holds all of it (decodes and encodes back to the same
//!   JSON), else the first that decodes at all;
//! - `anyOf` whose branches can take the same value (two objects, integer and
//!   number): a struct with an `Option` per branch, each set when the value
//!   decodes as that branch; it encodes as the present branches' members merged
//!   (objects) or as the first present branch;
//! - `oneOf`/`anyOf` beside `properties` whose branches only constrain the
//!   object (which members are required, which values declared ones take): the
//!   object's own struct, the branches adding no type;
//! - `allOf`: one struct with the parts' fields merged, `required` from all parts;
//! - `nullable` without `type`: any JSON value, absent, `null` or set
//!   (`Nullable<Value>`);
//! - a `default` that is not among the enum's values: kept as `Unknown`;
//! - `additionalProperties` true (a map of any values), a schema (a typed map),
//!   either beside `properties` (the other members in `additional_properties`) and
//!   false (a struct that still accepts unknown keys, so a server that adds a
//!   field breaks no client);
//! - recursive schemas: boxed where the type contains itself directly; a schema
//!   outside `#/components/schemas` that refers to itself (through a `$ref` to
//!   its pointer) is a named type like a component's;
//! - `enum: [null]` is the unit type; an `enum` of booleans and integers is an
//!   enum with a variant per kind of value, chosen by the JSON token.

use api::types::{
    Amount, Cat, Contact, Dog, Email, Envelope, EnvelopeDelivered, EnvelopeSize, Id, Labelled,
    Named, Node, NullOnly, OutlineRoot, Owner, Pet, Phone, Review, ReviewState, Rule,
};
use cde_runtime::Nullable;
use serde_json::json;

mod api {
    cde_macros::generate_client!("fixtures/shapes.yaml", mock = true);
}

fn pet(value: serde_json::Value) -> Pet {
    serde_json::from_value(value).unwrap()
}

#[test]
fn the_discriminator_picks_the_branch() {
    // Decodes as a Cat too (it has `lives`), but `kind` says dog.
    let dog = pet(json!({"kind": "dog", "lives": 9, "good": true}));
    assert!(matches!(&dog, Pet::Dog(Dog { good: true, .. })), "{dog:?}");
    let cat = pet(json!({"kind": "cat", "lives": 9}));
    assert!(matches!(&cat, Pet::Cat(Cat { lives: 9, .. })), "{cat:?}");
    // A mapped value whose body does not fit its branch is an error, not another
    // branch.
    assert!(serde_json::from_value::<Pet>(json!({"kind": "dog", "lives": 9})).is_err());
    // A kind no branch maps: a branch this client does not know (a newer
    // server's), kept whole and written back as it came, though it would decode
    // as a Cat.
    for value in [json!({"kind": "bird", "lives": 1}), json!({"kind": "bird"})] {
        let bird = pet(value.clone());
        assert_eq!(bird, Pet::Unknown(value.clone()));
        assert_eq!(serde_json::to_value(&bird).unwrap(), value);
    }
    // Without a kind (which both branches require), no branch.
    assert!(serde_json::from_value::<Pet>(json!({"lives": 1})).is_err());
    assert_eq!(
        serde_json::to_value(&dog).unwrap(),
        json!({"kind": "dog", "good": true})
    );
}

#[test]
fn any_of_takes_the_first_branch_that_decodes() {
    assert_eq!(
        serde_json::from_value::<Id>(json!(5)).unwrap(),
        Id::Integer(5)
    );
    let text = serde_json::from_value::<Id>(json!("five")).unwrap();
    assert!(matches!(text, Id::IdVariant1(_)), "{text:?}");
    assert_eq!(serde_json::to_value(&text).unwrap(), json!("five"));
    assert!(serde_json::from_value::<Id>(json!(true)).is_err());
}

#[test]
fn any_of_decodes_into_every_branch_it_matches() {
    let both = json!({"name": "Ada", "email": "ada@example.com", "phone": "555"});
    let contact: Contact = serde_json::from_value(both.clone()).unwrap();
    let email = contact.email.as_ref().expect("matches Email");
    let phone = contact.phone.as_ref().expect("matches Phone");
    assert_eq!(
        (email.email.as_str(), phone.phone.as_str()),
        ("ada@example.com", "555")
    );
    // Encoding merges the members of the branches present.
    assert_eq!(serde_json::to_value(&contact).unwrap(), both);

    let second = json!({"name": "Bob", "phone": "556"});
    let contact: Contact = serde_json::from_value(second.clone()).unwrap();
    assert_eq!(contact.email, None);
    assert_eq!(
        contact.phone.as_ref().map(|p| p.phone.as_str()),
        Some("556")
    );
    assert_eq!(serde_json::to_value(&contact).unwrap(), second);

    for none in [json!({"name": "Cy"}), json!("Cy"), json!(null)] {
        let err = serde_json::from_value::<Contact>(none.clone()).unwrap_err();
        assert!(err.to_string().contains("`Contact`"), "{none}: {err}");
    }
}

#[test]
fn any_of_encodes_the_first_branch_on_a_conflict() {
    let mut contact = Contact::from(Email::new("first".into(), "e".into()));
    contact.phone = Some(Phone::new("second".into(), "p".into()));
    assert_eq!(
        serde_json::to_value(&contact).unwrap(),
        json!({"name": "first", "email": "e", "phone": "p"})
    );
    // Built from one branch, it encodes as that branch.
    let phone = Contact::from_phone(Phone::new("n".into(), "p".into()));
    assert_eq!(phone.email, None);
    assert_eq!(
        serde_json::to_value(&phone).unwrap(),
        json!({"name": "n", "phone": "p"})
    );
}

#[test]
fn any_of_integer_and_number() {
    let five: Amount = serde_json::from_value(json!(5)).unwrap();
    assert_eq!((five.integer, five.decimal), (Some(5), Some(5.0)));
    assert_eq!(serde_json::to_value(&five).unwrap(), json!(5));
    let half: Amount = serde_json::from_value(json!(2.5)).unwrap();
    assert_eq!((half.integer, half.decimal), (None, Some(2.5)));
    assert_eq!(serde_json::to_value(&half).unwrap(), json!(2.5));
    assert!(serde_json::from_value::<Amount>(json!("5")).is_err());
    // Not an object: the first present branch is written.
    assert_eq!(serde_json::to_value(Amount::from(7.5)).unwrap(), json!(7.5));
    assert_eq!(serde_json::to_value(Amount::from(7)).unwrap(), json!(7));
}

#[test]
fn any_of_with_disjoint_branches_stays_an_enum() {
    // A string or an object: a value can only match one, so the enum holds every
    // branch it matches.
    let id = serde_json::from_value::<Owner>(json!("o_1")).unwrap();
    assert_eq!(id, Owner::String("o_1".into()));
    let named = serde_json::from_value::<Owner>(json!({"name": "n"})).unwrap();
    assert!(
        matches!(&named, Owner::Named(Named { name, .. }) if name == "n"),
        "{named:?}"
    );
}

#[test]
fn branches_that_only_constrain_keep_the_object_typed() {
    // `anyOf: [{required: [state], properties: {state: {enum: [closed]}}},
    // {required: [assignees]}]` beside the properties: the struct of the
    // properties, every member as optional as the object declares it.
    let review = serde_json::from_value::<Review>(
        json!({"state": "closed", "reason": "done", "assignees": ["octocat"]}),
    )
    .unwrap();
    assert_eq!(review.state, Some(ReviewState::Closed));
    assert_eq!(review.reason.as_deref(), Some("done"));
    assert_eq!(review.assignees, Some(vec!["octocat".to_owned()]));
    let only_assignees = Review {
        assignees: Some(vec!["hubot".into()]),
        ..Review::new()
    };
    assert_eq!(
        serde_json::to_value(&only_assignees).unwrap(),
        json!({"assignees": ["hubot"]})
    );
}

#[test]
fn a_union_takes_the_first_branch_that_holds_the_whole_value() {
    // The first branch decodes too (its enum keeps unknown values and unknown
    // members are ignored) but would drop `parameters`: the second holds it all.
    let value = json!({"type": "update", "parameters": {"strict": true}});
    let rule = serde_json::from_value::<Rule>(value.clone()).unwrap();
    assert!(matches!(rule, Rule::RuleVariant1(_)), "{rule:?}");
    assert_eq!(serde_json::to_value(&rule).unwrap(), value);
    // A value both hold goes to the first.
    let creation = serde_json::from_value::<Rule>(json!({"type": "creation"})).unwrap();
    assert!(matches!(creation, Rule::RuleVariant0(_)), "{creation:?}");
    // A value no branch holds whole still decodes, into the first that reads it.
    let partial = json!({"type": "creation", "parameters": {"strict": 1}, "extra": 1});
    let partial = serde_json::from_value::<Rule>(partial).unwrap();
    assert!(matches!(partial, Rule::RuleVariant0(_)), "{partial:?}");
}

#[test]
fn all_of_merges_the_parts() {
    let labelled: Labelled = serde_json::from_value(json!({"name": "n", "label": "l"})).unwrap();
    assert_eq!(labelled.name, "n");
    assert_eq!(labelled.label.as_deref(), Some("l"));
    // `name` is required by the first part.
    assert!(serde_json::from_value::<Labelled>(json!({"label": "l"})).is_err());
}

#[test]
fn nullable_without_type_has_three_states() {
    let base = json!({"pet": {"kind": "cat", "lives": 1}});
    let absent: Envelope = serde_json::from_value(base.clone()).unwrap();
    assert_eq!(absent.anything, Nullable::Absent);
    let mut with_null = base.clone();
    with_null["anything"] = json!(null);
    let null: Envelope = serde_json::from_value(with_null.clone()).unwrap();
    assert_eq!(null.anything, Nullable::Null);
    assert_eq!(serde_json::to_value(&null).unwrap(), with_null);
    let mut with_value = base;
    with_value["anything"] = json!({"deep": [1, "two"]});
    let set: Envelope = serde_json::from_value(with_value.clone()).unwrap();
    assert_eq!(set.anything, Nullable::Value(json!({"deep": [1, "two"]})));
    assert_eq!(serde_json::to_value(&set).unwrap(), with_value);
}

#[test]
fn a_default_outside_the_enum_is_kept() {
    let value = json!({"pet": {"kind": "cat", "lives": 1}, "size": "medium"});
    let envelope: Envelope = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(envelope.size, Some(EnvelopeSize::Unknown("medium".into())));
    assert_eq!(serde_json::to_value(&envelope).unwrap(), value);
}

#[test]
fn additional_properties_of_every_kind() {
    let value = json!({
        "pet": {"kind": "cat", "lives": 1},
        "open": {"a": 1, "b": [true]},
        "counts": {"x": 1, "y": 2},
        "closed": {"a": "kept", "later": "a field a newer server adds"}
    });
    let envelope: Envelope = serde_json::from_value(value).unwrap();
    assert_eq!(envelope.open.unwrap()["b"], json!([true]));
    assert_eq!(envelope.counts.unwrap()["y"], 2);
    assert_eq!(envelope.closed.unwrap().a.as_deref(), Some("kept"));
    let wrong = json!({"pet": {"kind": "cat", "lives": 1}, "counts": {"x": "one"}});
    assert!(serde_json::from_value::<Envelope>(wrong).is_err());
}

#[test]
fn additional_properties_beside_properties_keep_the_other_members() {
    let value = json!({
        "pet": {"kind": "cat", "lives": 1},
        "permissions": {"issues": "read", "single_file": "write"},
        "verification": {"bundle": {"x": [1]}, "kind": "dsse"}
    });
    let envelope: Envelope = serde_json::from_value(value.clone()).unwrap();
    let permissions = envelope.permissions.as_ref().unwrap();
    assert_eq!(permissions.issues.as_deref(), Some("read"));
    assert_eq!(
        permissions
            .additional_properties
            .get("single_file")
            .map(String::as_str),
        Some("write")
    );
    assert!(!permissions.additional_properties.contains_key("issues"));
    let verification = envelope.verification.as_ref().unwrap();
    assert_eq!(
        verification.additional_properties["bundle"],
        json!({"x": [1]})
    );
    // Nothing is lost on the way back.
    assert_eq!(serde_json::to_value(&envelope).unwrap(), value);
    // The other members are typed by the schema.
    let wrong = json!({"pet": {"kind": "cat", "lives": 1}, "permissions": {"other": 3}});
    assert!(serde_json::from_value::<Envelope>(wrong).is_err());
}

#[test]
fn recursive_schemas() {
    let value =
        json!({"value": 1, "children": [{"value": 2, "children": []}], "parent": {"value": 0}});
    let node: Node = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(node.parent.as_ref().unwrap().value, Some(0));
    assert_eq!(node.children.as_ref().unwrap()[0].value, Some(2));
    assert_eq!(serde_json::to_value(&node).unwrap(), value);
}

#[test]
fn a_schema_outside_the_components_that_refers_to_itself_is_a_named_type() {
    let value = json!({"root": {
        "title": "a",
        "sections": [{"title": "b", "sections": [{"title": "c"}]}],
        "up": {"title": "top"},
    }});
    let outline: api::types::Outline = serde_json::from_value(value.clone()).unwrap();
    let root: &OutlineRoot = outline.root.as_ref().unwrap();
    let inner = &root.sections.as_ref().unwrap()[0];
    assert_eq!(
        inner.sections.as_ref().unwrap()[0].title.as_deref(),
        Some("c")
    );
    assert_eq!(root.up.as_ref().unwrap().title.as_deref(), Some("top"));
    assert_eq!(serde_json::to_value(&outline).unwrap(), value);
    // Typed all the way down: a member of the wrong type is refused.
    let wrong = json!({"root": {"sections": [{"sections": [{"title": 3}]}]}});
    assert!(serde_json::from_value::<api::types::Outline>(wrong).is_err());
}

#[test]
fn only_null_and_a_mix_of_booleans_and_integers() {
    let envelope = |extra: serde_json::Value| {
        let mut value = json!({"pet": {"kind": "cat", "lives": 9}});
        value
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value::<Envelope>(value)
    };
    // `enum: [null]`: the unit type, which holds null and nothing else.
    assert!(serde_json::from_value::<NullOnly>(json!(null)).is_ok());
    let mut set = envelope(json!({})).unwrap();
    set.cleared = Some(());
    assert_eq!(
        serde_json::to_value(&set).unwrap().get("cleared"),
        Some(&json!(null))
    );
    assert!(serde_json::from_value::<NullOnly>(json!("x")).is_err());
    assert!(envelope(json!({"cleared": "x"})).is_err());
    // `enum: [true, false, 0, 1]`: a variant per kind of JSON value.
    let delivered = |value| envelope(json!({"delivered": value})).unwrap().delivered;
    assert_eq!(
        delivered(json!(true)),
        Some(EnvelopeDelivered::Boolean(true))
    );
    assert_eq!(delivered(json!(1)), Some(EnvelopeDelivered::Integer(1)));
    assert!(envelope(json!({"delivered": "yes"})).is_err());
    assert_eq!(
        serde_json::to_value(EnvelopeDelivered::Integer(0)).unwrap(),
        json!(0)
    );
}

/// A mock server whose `echo_shape` answers with the envelope it was sent, and
/// a client of it.
async fn echo() -> (api::mock::MockServer, api::Client) {
    let server = api::mock::builder()
        .on_echo_shape(
            |request| async move { api::types::EchoShapeResponse::Status200(request.body) },
        )
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    (server, client)
}

#[tokio::test]
async fn every_shape_round_trips_through_client_and_mock() {
    let (_server, client) = echo().await;
    let value = json!({
        "pet": {"kind": "dog", "lives": 3, "good": false},
        "id": "abc",
        "labelled": {"name": "n"},
        "anything": null,
        "size": "large",
        "open": {"k": {"v": 1}},
        "counts": {"a": 1},
        "closed": {"a": "x"},
        "tree": {"value": 1, "parent": {"value": 0}},
        "contact": {"name": "n", "email": "e", "phone": "p"},
        "amount": 3,
        "owner": {"name": "o"},
        "outline": {"root": {"title": "a", "sections": [{"title": "b"}], "up": {"title": "c"}}},
        "delivered": 1
    });
    let sent: Envelope = serde_json::from_value(value).unwrap();
    let back = client.echo_shape(sent.clone()).await.unwrap().into_body();
    assert_eq!(back, sent);
    assert!(matches!(back.pet, Pet::Dog(_)));
    let contact = back.contact.unwrap();
    assert!(
        contact.email.is_some() && contact.phone.is_some(),
        "{contact:?}"
    );
    assert_eq!(back.amount.unwrap().decimal, Some(3.0));
}

#[tokio::test]
async fn the_mock_server_refuses_a_kind_no_branch_maps_and_the_client_sends_it_as_given() {
    let (server, client) = echo().await;
    let bird = json!({"kind": "bird", "wings": 2});
    let envelope: Envelope = serde_json::from_value(json!({"pet": bird.clone()})).unwrap();
    assert_eq!(envelope.pet, Pet::Unknown(bird.clone()));
    // The client sends it (a newer server may know it); this mock's spec does
    // not, and says where and why.
    let err = client.echo_shape(envelope).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    let refused = cde_runtime::reqwest::Client::new()
        .post(format!("{}/shapes", server.url()))
        .json(&json!({"pet": bird}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(
        problem["errors"]["pet.kind"],
        json!("unknown variant `bird`, expected `cat` or `dog`"),
        "{problem}"
    );
}

#[tokio::test]
async fn the_mock_server_refuses_an_unknown_value_inside_an_any_of_and_the_client_sends_it() {
    let (server, client) = echo().await;
    // `line` is a member of `Phone`, a branch of the `anyOf` `Contact`: alone,
    // and merged with `Email` when the value matches both.
    for contact in [
        json!({"name": "n", "phone": "p", "line": "satellite"}),
        json!({"name": "n", "email": "e", "phone": "p", "line": "satellite"}),
    ] {
        let value = json!({"pet": {"kind": "cat", "lives": 1}, "contact": contact});
        let envelope: Envelope = serde_json::from_value(value.clone()).unwrap();
        let err = client.echo_shape(envelope).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
        let refused = cde_runtime::reqwest::Client::new()
            .post(format!("{}/shapes", server.url()))
            .json(&value)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400);
        let problem: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(
            problem["errors"]["contact.line"],
            json!("unknown variant `satellite`, expected `mobile` or `landline`"),
            "{problem}"
        );
    }
}

/// An envelope whose `amount` is `decimal`.
fn envelope_with_amount(decimal: f64) -> Envelope {
    let mut envelope: Envelope =
        serde_json::from_value(json!({"pet": {"kind": "cat", "lives": 1}})).unwrap();
    envelope.amount = Some(Amount::from_decimal(decimal));
    envelope
}

#[tokio::test]
async fn a_number_that_is_not_finite_is_refused_by_the_client_and_by_the_mock_server() {
    let server = api::mock::builder()
        .on_echo_shape(|_| async move {
            api::types::EchoShapeResponse::Status200(envelope_with_amount(f64::NAN))
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    // Not sent as `"amount": null`; refused, naming where it is in the body
    // (inside a branch of the `anyOf` `Amount`).
    match client.echo_shape(envelope_with_amount(f64::INFINITY)).await {
        Err(cde_runtime::Error::InvalidInput(err)) => assert_eq!(
            err.message(),
            "amount: inf is not a finite number, and JSON has no way to send it"
        ),
        other => panic!("expected the body to be refused before sending, got {other:?}"),
    }
    // A handler's NaN is the mock server's 500 saying why, not a `null`.
    let answer = cde_runtime::reqwest::Client::new()
        .post(format!("{}/shapes", server.url()))
        .json(&json!({"pet": {"kind": "cat", "lives": 1}}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 500);
    let problem: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(
        problem["detail"],
        "the handler's response could not be encoded: invalid body: amount: NaN is not a finite number, and JSON has no way to send it",
        "{problem}"
    );
}
