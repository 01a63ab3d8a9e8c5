//! The stateful mock (`tests/fixtures/stateful.yaml`) driven by the generated
//! client: what is created is what is read back, changes stay, deletes remove,
//! lists page what is stored, unknown ids get the documented 404, each server
//! keeps its own state, and handlers reach the same state through the store.
//! The collections are those `stateful()` finds in the spec; one test runs the
//! same steps on collections declared by hand. The benchmark's petstore runs
//! create, get, list and delete statefully too.

use cde_runtime::futures::{StreamExt, TryStreamExt};
use cde_runtime::mock::{Collection, IdKind};
use cde_runtime::{Error, Nullable, Pagination};

mod api {
    cde_macros::generate_client!("fixtures/stateful.yaml", mock = true);
}

mod petstore {
    cde_macros::generate_client!("../bench/specs/petstore.json", mock = true);
}

use api::types::{
    CreateShopBody, CreateToyBody, GetPetError, NewPet, NewPetStatus, PetPatch, PetPatchStatus,
    PetStatus,
};

/// The fixture's collections, found in the spec.
fn found() -> api::mock::MockServerBuilder {
    api::mock::builder().stateful()
}

/// The fixture's collections, declared by hand.
fn declared() -> api::mock::MockServerBuilder {
    api::mock::builder()
        .collection(
            Collection::new("/pets")
                .item("/pets/{petId}")
                .id("id", IdKind::Integer),
        )
        .collection(
            Collection::new("/shops")
                .item("/shops/{shopId}")
                .envelope("data")
                .paging(Pagination::Offset {
                    offset_param: "from",
                    limit_param: "limit",
                    default_limit: 2,
                    items: "/data",
                    next: Some("/metadata/next"),
                }),
        )
        .collection(
            Collection::new("/shops/{shopId}/toys")
                .item("/shops/{shopId}/toys/{toyId}")
                .id("id", IdKind::Integer),
        )
}

fn client(url: &str) -> api::Client {
    api::Client::builder().base_url(url).build().unwrap()
}

fn new_pet(name: &str) -> NewPet {
    NewPet::new(name.to_owned())
}

#[tokio::test]
async fn pets_are_created_read_changed_listed_and_deleted() {
    pets_scenario(found()).await;
}

#[tokio::test]
async fn collections_declared_by_hand_answer_alike() {
    pets_scenario(declared()).await;
}

async fn pets_scenario(builder: api::mock::MockServerBuilder) {
    let server = builder.start().await.unwrap();
    let client = client(server.url());

    let mut bella = new_pet("Bella");
    bella.tag = Some("cat".into());
    bella.age = Some(3);
    let created = client.create_pet(bella).await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let created = created.into_body();
    // A new id, the request's members over the documented example's; `age`,
    // which a pet does not have, is not kept.
    assert_eq!((created.id, created.name.as_str()), (1, "Bella"));
    assert_eq!(created.tag.as_deref(), Some("cat"));
    assert_eq!(created.status, Some(PetStatus::Available));
    assert_eq!(client.get_pet(1).await.unwrap().into_body(), created);
    let second = client.create_pet(new_pet("Max")).await.unwrap().into_body();
    assert_eq!(second.id, 2);
    assert_eq!(second.tag.as_deref(), Some("dog"), "the example's tag");

    // PATCH merges: null removes a member, others are set, the rest stays.
    let patch = PetPatch {
        tag: Nullable::Null,
        status: Some(PetPatchStatus::Sold),
        ..PetPatch::default()
    };
    let patched = client.update_pet(1, patch).await.unwrap().into_body();
    assert_eq!(patched.tag, None);
    assert_eq!(patched.status, Some(PetStatus::Sold));
    assert_eq!(patched.name, "Bella");
    // PUT sets the members its body carries.
    let mut replacement = new_pet("Maximus");
    replacement.status = Some(NewPetStatus::Pending);
    let replaced = client
        .replace_pet(2, replacement)
        .await
        .unwrap()
        .into_body();
    assert_eq!(replaced.name, "Maximus");
    assert_eq!(replaced.status, Some(PetStatus::Pending));
    assert_eq!(replaced.tag.as_deref(), Some("dog"));
    assert_eq!(client.get_pet(1).await.unwrap().into_body(), patched);

    let listed = client.list_pets().await.unwrap().into_body();
    assert_eq!(listed, vec![patched, replaced.clone()]);

    assert_eq!(client.delete_pet(1).await.unwrap().status().as_u16(), 204);
    match client.get_pet(1).await {
        Err(Error::Api(err)) => {
            assert_eq!(err.status.as_u16(), 404);
            let GetPetError::Status404(problem) = &err.body;
            assert_eq!(problem.message, "Pet not found.");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    assert!(
        matches!(client.delete_pet(1).await, Err(Error::Api(err)) if err.status.as_u16() == 404)
    );
    assert_eq!(
        client.list_pets().await.unwrap().into_body(),
        vec![replaced]
    );

    // An action sub-path answers its example, as without state.
    let adopted = client.adopt_pet(2).await.unwrap().into_body();
    assert_eq!((adopted.id, adopted.name.as_str()), (7, "Adopted"));
    assert_eq!(client.get_pet(2).await.unwrap().into_body().name, "Maximus");
}

#[tokio::test]
async fn enveloped_items_get_uuids_and_lists_are_paged() {
    let server = found().start().await.unwrap();
    let client = client(server.url());
    let mut ids = Vec::new();
    for name in ["North", "South", "East"] {
        let mut body = CreateShopBody::new(name.to_owned());
        body.city = Some("Hamburg".into());
        let created = client.create_shop(body).await.unwrap().into_body();
        assert_eq!(
            created.message, "Shop created.",
            "the envelope's other members stay"
        );
        assert_eq!(created.data.name, name);
        assert_eq!(created.data.city.as_deref(), Some("Hamburg"));
        ids.push(created.data.id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 3, "three new ids: {ids:?}");
    let read = client.get_shop(ids[1]).await.unwrap().into_body();
    assert_eq!((read.data.id, read.data.name.as_str()), (ids[1], "South"));

    // Two to a page, as the operation's default limit says; `next` the offset
    // of the next page, null on the last.
    let first = client.list_shops().await.unwrap().into_body();
    assert_eq!(first.data.len(), 2);
    assert_eq!(first.metadata.next, Nullable::Value(2));
    let last = client.list_shops().from(2).await.unwrap().into_body();
    assert_eq!(last.data.len(), 1);
    assert_eq!(last.metadata.next, Nullable::Null);
    let all: Vec<_> = client.list_shops().items().try_collect().await.unwrap();
    let names: Vec<&str> = all.iter().map(|shop| shop.name.as_str()).collect();
    assert_eq!(names, ["North", "South", "East"]);

    client.delete_shop(ids[0]).await.unwrap();
    // No 404 documented: a problem document, which this client reads as an
    // undocumented status.
    match client.get_shop(ids[0]).await {
        Err(Error::UnexpectedStatus(failed)) => assert_eq!(failed.status.as_u16(), 404),
        other => panic!("expected a 404, got {other:?}"),
    }
    let left = client.list_shops().items().count().await;
    assert_eq!(left, 2);
}

#[tokio::test]
async fn a_nested_collection_is_kept_per_parent() {
    let server = found().start().await.unwrap();
    let client = client(server.url());
    let shop = |name: &str| CreateShopBody::new(name.to_owned());
    let a = client
        .create_shop(shop("A"))
        .await
        .unwrap()
        .into_body()
        .data
        .id;
    let b = client
        .create_shop(shop("B"))
        .await
        .unwrap()
        .into_body()
        .data
        .id;
    let toy = |name: &str| CreateToyBody::new(name.to_owned());
    let in_a = client.create_toy(a, toy("ball")).await.unwrap().into_body();
    let in_b = client.create_toy(b, toy("kite")).await.unwrap().into_body();
    assert_eq!((in_a.id, in_b.id), (1, 1), "ids count per collection");
    client.create_toy(a, toy("yo-yo")).await.unwrap();
    let names = |toys: Vec<api::types::Toy>| toys.into_iter().map(|t| t.name).collect::<Vec<_>>();
    assert_eq!(
        names(client.list_toys(a).await.unwrap().into_body()),
        ["ball", "yo-yo"]
    );
    assert_eq!(
        names(client.list_toys(b).await.unwrap().into_body()),
        ["kite"]
    );
    assert_eq!(client.get_toy(b, 1).await.unwrap().into_body().name, "kite");
    assert!(client.get_toy(b, 2).await.is_err());
}

#[tokio::test]
async fn concurrent_creates_get_distinct_ids() {
    let server = found().start().await.unwrap();
    let client = client(server.url());
    let creates = (0..100).map(|i| {
        let client = &client;
        async move { client.create_pet(new_pet(&format!("pet {i}"))).await }
    });
    let created = cde_runtime::futures::future::join_all(creates).await;
    assert!(created.iter().all(Result::is_ok));
    let mut ids: Vec<i64> = client
        .list_pets()
        .await
        .unwrap()
        .into_body()
        .iter()
        .map(|pet| pet.id)
        .collect();
    assert_eq!(ids.len(), 100);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100, "every id distinct");
}

#[tokio::test]
async fn each_server_keeps_its_own_state() {
    let one = found().start().await.unwrap();
    let two = found().start().await.unwrap();
    client(one.url()).create_pet(new_pet("Solo")).await.unwrap();
    assert_eq!(client(one.url()).list_pets().await.unwrap().len(), 1);
    assert!(client(two.url()).list_pets().await.unwrap().is_empty());
    // Seeded servers give the same ids for the same requests.
    let mut ids = Vec::new();
    for _ in 0..2 {
        let server = found().seed(7).start().await.unwrap();
        let shop = CreateShopBody::new("Seeded".to_owned());
        ids.push(
            client(server.url())
                .create_shop(shop)
                .await
                .unwrap()
                .into_body()
                .data
                .id,
        );
    }
    assert_eq!(ids[0], ids[1]);
}

#[tokio::test]
async fn handlers_read_and_change_the_same_state() {
    let builder = found();
    let store = builder.store();
    // Adopting a stored pet marks it sold, in the store the other operations
    // answer from.
    let server = builder
        .on_adopt_pet(move |request: api::mock::AdoptPet| {
            let store = store.clone();
            async move {
                let id = request.pet_id.to_string();
                let adopted = store.update("/pets", &id, |pet| {
                    pet["status"] = "sold".into();
                    pet.clone()
                });
                let pet = adopted.and_then(|pet| cde_runtime::serde_json::from_value(pet).ok());
                match pet {
                    Some(pet) => api::types::AdoptPetResponse::Status200(pet),
                    None => panic!("no pet {id}"),
                }
            }
        })
        .start()
        .await
        .unwrap();
    let client = client(server.url());
    client.create_pet(new_pet("Rover")).await.unwrap();
    let adopted = client.adopt_pet(1).await.unwrap().into_body();
    assert_eq!(adopted.status, Some(PetStatus::Sold));
    assert_eq!(
        client.get_pet(1).await.unwrap().into_body().status,
        Some(PetStatus::Sold)
    );
    // A panicking handler (no such pet) is a 500, not a crash.
    assert!(client.adopt_pet(9).await.is_err());
}

#[tokio::test]
async fn invalid_requests_are_refused_before_the_state_changes() {
    let server = found().start().await.unwrap();
    let http = cde_runtime::reqwest::Client::new();
    let answer = http
        .post(format!("{}/pets", server.url()))
        .header("content-type", "application/json")
        .body(r#"{"name": 5}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400);
    assert!(client(server.url()).list_pets().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_petstore_keeps_its_pets() {
    use petstore::types::{NewPet, NewPetName};
    let new_pet = |name: &str| NewPet::new(NewPetName::new(name).unwrap());
    let server = petstore::mock::builder().stateful().start().await.unwrap();
    let client = petstore::Client::builder()
        .base_url(server.url())
        .bearer_token("token")
        .build()
        .unwrap();
    let created = client.create_pet(new_pet("Rex")).await.unwrap();
    let id = created.id;
    assert_eq!(created.name, "Rex");
    let read = client.get_pet(id).await.unwrap().into_body();
    assert_eq!(read, created.into_body());
    let second = client.create_pet(new_pet("Tom")).await.unwrap();
    assert_ne!(second.id, id);
    let listed = client.list_pets().await.unwrap().into_body();
    let names: Vec<_> = listed.items.iter().map(|pet| pet.name.as_str()).collect();
    assert_eq!(names, ["Rex", "Tom"]);
    assert_eq!(client.delete_pet(id).await.unwrap().status().as_u16(), 204);
    assert!(client.get_pet(id).await.is_err());
    assert_eq!(client.list_pets().await.unwrap().items.len(), 1);
}
