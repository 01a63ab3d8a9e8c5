//! OpenAPI 3.2 documents (fixture `tests/fixtures/v32.yaml`), checked on sent
//! and decoded values over wiremock and against the generated mock:
//!
//! - the `query` method and an operation under `additionalOperations` (`COPY`)
//!   go out with their methods;
//! - `in: querystring`: a form-encoded query string as the form body's pairs, a
//!   JSON one as its percent-encoded text, each read back typed by the mock;
//! - `style: cookie` parameters in one `Cookie` header, `; `-separated;
//! - `discriminator.defaultMapping`: a value whose tag is absent or unmapped
//!   decodes as the default branch;
//! - a media type given by `$ref` to `components.mediaTypes`, and examples'
//!   `dataValue`, feed the mock's answers;
//! - tags nested by `parent` group the operations in the `Client` docs, and the
//!   3.2 fields nothing generated expresses are listed in its notes.

use std::sync::{Arc, Mutex};

use api::types::{Animal, Pet, PetFilter, PetQuery, PetSelector};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/v32.yaml", mock = true, examples = true);
}

fn client(url: impl Into<String>) -> api::Client {
    cde_tests::support::anonymous_client(api::Client::builder(), url)
}

fn rex() -> serde_json::Value {
    serde_json::json!([{"id": 1, "name": "Rex", "kind": "dog"}])
}

#[tokio::test]
async fn the_query_method_sends_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("QUERY"))
        .and(path("/pets/search"))
        .and(body_json(serde_json::json!({"kinds": ["dog"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(rex()))
        .expect(1)
        .mount(&server)
        .await;
    let mut query = PetQuery::new();
    query.kinds = Some(vec![String::from("dog")]);
    let pets = client(server.uri())
        .search_pets(query)
        .await
        .unwrap()
        .into_body();
    assert_eq!(pets.len(), 1);
    assert_eq!(pets[0].name, "Rex");
}

#[tokio::test]
async fn an_additional_operation_goes_out_with_its_own_method() {
    let server = MockServer::start().await;
    Mock::given(method("COPY"))
        .and(path("/pets/1"))
        .and(header("Destination", "Rex II"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"id": 2, "name": "Rex II"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let copy: Pet = client(server.uri())
        .copy_pet(1, "Rex II")
        .await
        .unwrap()
        .into_body();
    assert_eq!((copy.id, copy.name.as_str()), (2, "Rex II"));
}

#[tokio::test]
async fn a_form_encoded_query_string_is_sent_as_its_members_pairs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("name", "Rex"))
        .and(query_param("limit", "2"))
        .and(query_param("tags[0]", "good boy"))
        .and(query_param("tags[1]", "a&b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(rex()))
        .expect(1)
        .mount(&server)
        .await;
    let mut filter = PetFilter::new();
    filter.name = Some(String::from("Rex"));
    filter.limit = Some(2);
    filter.tags = Some(vec![String::from("good boy"), String::from("a&b")]);
    let pets = client(server.uri())
        .list_pets()
        .filter(filter)
        .await
        .unwrap()
        .into_body();
    assert_eq!(pets.len(), 1);
    // Without the parameter, no query string at all.
    client(server.uri()).list_pets().await.unwrap_err();
    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].url.query(), None);
}

#[tokio::test]
async fn a_json_query_string_is_its_percent_encoded_text() {
    let server = MockServer::start().await;
    let seen: Arc<Mutex<Option<String>>> = Arc::default();
    Mock::given(method("GET"))
        .and(path("/pets/select"))
        .and({
            let seen = Arc::clone(&seen);
            move |request: &Request| {
                *seen.lock().unwrap() = request.url.query().map(str::to_owned);
                true
            }
        })
        .respond_with(ResponseTemplate::new(200).set_body_json(rex()))
        .mount(&server)
        .await;
    let mut selector = PetSelector::new(String::from("dog & cat"));
    selector.older_than = Some(3);
    client(server.uri()).select_pets(selector).await.unwrap();
    let query = seen.lock().unwrap().clone().expect("a query string");
    assert_eq!(
        query,
        "%7B%22kind%22%3A%22dog%20%26%20cat%22%2C%22older_than%22%3A3%7D"
    );
}

#[tokio::test]
async fn cookie_style_parameters_share_one_cookie_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/session"))
        .and(header("Cookie", "session=abc123; theme=dark"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"user": "ann"})))
        .expect(1)
        .mount(&server)
        .await;
    let session = client(server.uri())
        .get_session("abc123")
        .theme("dark")
        .await
        .unwrap()
        .into_body();
    assert_eq!(session.user, "ann");
}

async fn animal_from(body: serde_json::Value) -> Animal {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/animals/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    client(server.uri())
        .get_animal(7)
        .await
        .unwrap()
        .into_body()
}

#[tokio::test]
async fn default_mapping_takes_unmapped_and_untagged_values() {
    let dog = animal_from(serde_json::json!({"kind": "dog", "barks": true})).await;
    assert!(matches!(dog, Animal::Dog(ref d) if d.barks), "{dog:?}");
    let cat = animal_from(serde_json::json!({"kind": "cat", "lives": 9})).await;
    assert!(matches!(cat, Animal::Cat(ref c) if c.lives == 9), "{cat:?}");
    // A tag no mapping names, and no tag at all: the default branch.
    let bird = animal_from(serde_json::json!({"kind": "bird", "name": "Tweety"})).await;
    match bird {
        Animal::Creature(creature) => {
            assert_eq!(creature.kind.as_deref(), Some("bird"));
            assert_eq!(creature.name.as_deref(), Some("Tweety"));
        }
        other => panic!("expected the default branch, got {other:?}"),
    }
    let nameless = animal_from(serde_json::json!({"name": "Blob"})).await;
    assert!(
        matches!(nameless, Animal::Creature(ref c) if c.kind.is_none()),
        "{nameless:?}"
    );
}

#[tokio::test]
async fn the_mock_answers_every_method_with_the_documented_examples() {
    let mock = api::mock::builder().start().await.unwrap();
    let client = client(mock.url());
    // A media type by `$ref`, its example by `dataValue`.
    let pet = client.get_pet(1).await.unwrap().into_body();
    assert_eq!((pet.id, pet.name.as_str()), (1, "Rex"));
    // The QUERY method's example.
    let found = client
        .search_pets(PetQuery::new())
        .await
        .unwrap()
        .into_body();
    assert_eq!(found[0].name, "Rex");
    // COPY, and its documented status.
    let copy = client.copy_pet(1, "Rex II").await.unwrap();
    assert_eq!(copy.status(), 201);
    assert_eq!(copy.body().name, "Rex II");
    // The header COPY requires is checked by the mock.
    let status = cde_runtime::reqwest::Client::new()
        .request(
            cde_runtime::Method::from_bytes(b"COPY").unwrap(),
            format!("{}/pets/1", mock.url()),
        )
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_mock_reads_query_strings_typed() {
    let filters: Arc<Mutex<Vec<Option<PetFilter>>>> = Arc::default();
    let selectors: Arc<Mutex<Vec<PetSelector>>> = Arc::default();
    let mock = api::mock::builder()
        .on_list_pets({
            let filters = Arc::clone(&filters);
            move |request| {
                filters.lock().unwrap().push(request.filter);
                async { api::types::ListPetsResponse::Status200(Vec::new()) }
            }
        })
        .on_select_pets({
            let selectors = Arc::clone(&selectors);
            move |request| {
                selectors.lock().unwrap().push(request.selector);
                async { api::types::SelectPetsResponse::Status200(Vec::new()) }
            }
        })
        .start()
        .await
        .unwrap();
    let client = client(mock.url());
    let mut filter = PetFilter::new();
    filter.name = Some(String::from("Rex & co"));
    filter.limit = Some(2);
    filter.tags = Some(vec![String::from("a"), String::from("b")]);
    client.list_pets().filter(filter.clone()).await.unwrap();
    client.list_pets().await.unwrap();
    let mut selector = PetSelector::new(String::from("dog"));
    selector.older_than = Some(3);
    client.select_pets(selector.clone()).await.unwrap();
    assert_eq!(*filters.lock().unwrap(), vec![Some(filter), None]);
    assert_eq!(*selectors.lock().unwrap(), vec![selector]);
    // A required query string that is missing is refused before the handler.
    let status = cde_runtime::reqwest::get(format!("{}/pets/select", mock.url()))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 400);
}

#[test]
fn nested_tags_group_the_operations_and_unread_fields_are_noted() {
    let spec = cde_tests::support::read("tests/fixtures/v32.yaml");
    let out = cde_codegen::generate("v32.yaml", &spec, &cde_codegen::Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let code = out.code.as_str();
    // The tree: `pets` under `store`, each tag with its summary and operations.
    let tree = "# Operations by tag\\n\\n- **store**: The store\\n  - **pets**: Pets for sale\\n    - [`search_pets`](Self::search_pets)";
    assert!(code.contains(tree), "no tag tree in the Client docs");
    // An operation's docs name its tags with their ancestors and kind.
    assert!(code.contains("Tags: store › pets, beta (badge)."));
    for field in ["`serializedValue`", "`name` of a Server Object"] {
        assert!(
            code.contains(&format!("{field} (OpenAPI 3.2) is not read")),
            "{field} is not in the notes"
        );
    }
}
