//! A spec kept as several files (fixture `tests/fixtures/multi/`): a path item,
//! parameters, a response, schemas and an example each in a file of their own,
//! referred to by relative paths, with cycles across files and one file reached
//! by two spellings. The client built from it is checked on the wire and
//! against its generated mock.

use api::types::{GetPetError, OwnerTag, Pet, Store, StoreTag};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/multi/api.yaml", mock = true, examples = true);
}

async fn client(server: &MockServer) -> api::Client {
    api::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn schemas_from_other_files_decode_through_their_cycles() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "name": "Rex",
            "owner": {"name": "Ann", "pets": [{"name": "Tom"}], "tag": {"label": "vip"}},
            "parent": {"name": "Max"},
        })))
        .mount(&server)
        .await;
    let pet: Pet = client(&server).await.get_pet(3).await.unwrap().into_body();
    let owner = pet.owner.as_ref().unwrap();
    // `pet.yaml` → `owner.yaml#/Owner` → `pet.yaml` again, and `pet.yaml`'s `#`.
    assert_eq!(owner.pets.as_ref().unwrap()[0].name, "Tom");
    assert_eq!(pet.parent.as_ref().unwrap().name, "Max");
    // Each file's `Tag` is its own type, named after its file.
    let tag: &OwnerTag = owner.tag.as_ref().unwrap();
    assert_eq!(tag.label.as_deref(), Some("vip"));
}

#[tokio::test]
async fn a_response_parameter_and_path_item_from_other_files_are_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/9"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "message": "no pet 9",
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(serde_json::json!({"name": "Rex"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "name": "Rex",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    // `common.yaml`'s `NotFound`, whose schema is the root file's `Error`.
    match client.get_pet(9).await.unwrap_err().documented() {
        Some(GetPetError::Status404(body)) => assert_eq!(body.message, "no pet 9"),
        other => panic!("expected the documented 404, got {other:?}"),
    }
    // `/pets` is `paths/pets.yaml`.
    let created = client
        .create_pet(Pet::new(String::from("Rex")))
        .await
        .unwrap()
        .into_body();
    assert_eq!(created.name, "Rex");
}

#[tokio::test]
async fn the_mock_serves_the_example_from_another_file() {
    let mock = api::mock::builder().start().await.unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), mock.url());
    let store: Store = client.get_store(1).await.unwrap().into_body();
    let _: Option<StoreTag> = store.tag;
    // The request example `examples/rex.yaml` is checked against its type.
    let checked = api::examples::check_all();
    let rex: Vec<_> = checked
        .iter()
        .filter(|(pointer, _)| pointer.contains("rex"))
        .collect();
    assert_eq!(rex.len(), 1, "{checked:?}");
    assert!(rex[0].1.is_ok(), "{rex:?}");
}
