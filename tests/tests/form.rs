//! `application/x-www-form-urlencoded` request bodies (fixture
//! `tests/fixtures/form.yaml`): a typed body sent as form pairs, nested objects as
//! `key[sub]`, arrays as `key[0]`, absent fields left out; the mock server reads
//! the same pairs back into the typed body and names bad fields.

use std::collections::BTreeMap;

use api::types::{CreateChargeBody, CreateChargeBodyItemsItem};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/form.yaml", mock = true);
}

fn body() -> CreateChargeBody {
    let mut body = CreateChargeBody::new(2000, "eur".into());
    body.capture = Some(false);
    body.description = Some("A & B = 100%".into());
    body.metadata = Some(BTreeMap::from([
        (String::from("order"), String::from("6735")),
        (String::from("note"), String::from("a b")),
    ]));
    let mut item = CreateChargeBodyItemsItem::new("price_1".into());
    item.quantity = Some(2);
    body.items = Some(vec![item, CreateChargeBodyItemsItem::new("price_2".into())]);
    body.expand = Some(vec![String::from("customer"), String::from("invoice")]);
    body
}

#[tokio::test]
async fn the_body_is_sent_as_form_pairs() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/charges"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"id": "ch_9"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = api::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .unwrap();
    let charge = client.create_charge(body()).await.unwrap().into_body();
    assert_eq!(charge.id, "ch_9");
    let sent = &server.received_requests().await.unwrap()[0];
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&sent.body).into_owned().collect();
    let expected: Vec<(String, String)> = [
        ("amount", "2000"),
        ("currency", "eur"),
        ("capture", "false"),
        ("description", "A & B = 100%"),
        ("metadata[note]", "a b"),
        ("metadata[order]", "6735"),
        ("items[0][price]", "price_1"),
        ("items[0][quantity]", "2"),
        ("items[1][price]", "price_2"),
        ("expand[0]", "customer"),
        ("expand[1]", "invoice"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(pairs, expected);
    let raw = String::from_utf8(sent.body.clone()).unwrap();
    assert!(raw.contains("description=A+%26+B+%3D+100%25"), "{raw}");
}

#[tokio::test]
async fn the_mock_reads_the_same_pairs_back() {
    let server = api::mock::builder()
        .on_create_charge(|request| async move {
            let mut charge = api::types::CreateChargeStatus200Body::new(String::new());
            charge.id = serde_json::to_string(&request.body).unwrap();
            api::types::CreateChargeResponse::Status200(charge)
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    let echoed = client.create_charge(body()).await.unwrap().into_body();
    let back: CreateChargeBody = serde_json::from_str(&echoed.id).unwrap();
    assert_eq!(back, body());

    // A text field whose value looks like a number stays text.
    let mut digits = CreateChargeBody::new(1, "123".into());
    digits.description = Some("42".into());
    let echoed = client
        .create_charge(digits.clone())
        .await
        .unwrap()
        .into_body();
    assert_eq!(
        serde_json::from_str::<CreateChargeBody>(&echoed.id).unwrap(),
        digits
    );

    // Bad fields are named.
    let response = cde_runtime::reqwest::Client::new()
        .post(format!("{}/charges", server.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("amount=lots&items[0][quantity]=2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let problem: serde_json::Value = response.json().await.unwrap();
    let mut fields: Vec<&str> = problem["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["amount", "currency", "items[0].price"],
        "{problem}"
    );
}
