//! Forward compatibility: one caller, written against `fixtures/forward-v1.yaml`,
//! compiles unchanged against `fixtures/forward-v2.yaml`, which adds only what is
//! backwards compatible (an optional query parameter and body field, an enum
//! value, an error status, a response field, a branch of a discriminated
//! `oneOf`, a schema placed first). Run against
//! loopback servers, both versions send the same requests, and each reads what
//! a server of the other version answers.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The caller, expanded unchanged in each version's module (its paths name that
/// module's `api`). It uses everything v2 extends and gives back what it saw:
/// each pet listed as `id name status`, then its home's kind if it has one
/// (read from the JSON of any home but a house), or the error listing them,
/// and the id of the pet it created.
macro_rules! caller {
    () => {
        pub async fn caller(
            client: &api::Client,
        ) -> Result<(Vec<String>, i64), cde_runtime::Error<api::types::CreatePetError>> {
            let mut seen = Vec::new();
            match client.list_pets().limit(10).send().await {
                Ok(pets) => {
                    for pet in pets.body() {
                        let status = match &pet.status {
                            Some(api::types::PetStatus::Available) => "available",
                            Some(api::types::PetStatus::Sold) => "sold",
                            Some(other) => other.as_str(),
                            None => "unknown",
                        };
                        let mut line = format!("{} {} {status}", pet.id, pet.name);
                        match &pet.home {
                            Some(api::types::Home::House(_)) => line.push_str(" house"),
                            Some(other) => {
                                let home = serde_json::to_value(other).unwrap();
                                line.push_str(&format!(" {}", home["kind"].as_str().unwrap()));
                            }
                            None => {}
                        }
                        seen.push(line);
                    }
                }
                Err(cde_runtime::Error::Api(err)) =>
                {
                    #[allow(unreachable_patterns)]
                    match &err.body {
                        api::types::ListPetsError::Status404(problem) => {
                            seen.push(format!("404: {}", problem.message))
                        }
                        _ => seen.push(format!("another documented error: {}", err.status)),
                    }
                }
                Err(other) => seen.push(format!("undocumented: {}", other.status().unwrap())),
            }
            let mut pet = api::types::NewPet::new(String::from("Rex"));
            pet.tag = Some(String::from("dog"));
            let created = client.create_pet(pet).await?;
            Ok((seen, created.id))
        }

        pub fn client(server: &wiremock::MockServer) -> api::Client {
            api::Client::builder()
                .base_url(server.uri())
                .bearer_token("t")
                .build()
                .unwrap()
        }
    };
}

mod v1 {
    pub mod api {
        cde_macros::generate_client!("fixtures/forward-v1.yaml");
    }
    caller!();
}

mod v2 {
    mod api {
        cde_macros::generate_client!("fixtures/forward-v2.yaml");
    }
    caller!();
}

/// A server answering the list with `pets` (status `list_status`) and a
/// creation with `created`.
async fn server(list_status: u16, pets: Value, created: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(list_status).set_body_json(pets))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(created))
        .mount(&server)
        .await;
    server
}

/// What `server` received: each request's method, path and query, and body.
async fn received(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|request| {
            let url = &request.url;
            let target = format!(
                "{} {}?{}",
                request.method,
                url.path(),
                url.query().unwrap_or("")
            );
            (target, String::from_utf8_lossy(&request.body).into_owned())
        })
        .collect()
}

/// What a v2 server answers: a status v1 does not list, a field v1 does not
/// declare, a kind of home v1 does not know.
fn v2_pets() -> (Value, Value) {
    (
        json!([
            {"id": 1, "name": "Rex", "status": "pending", "age": 3,
             "home": {"kind": "boat", "berth": "B4"}},
            {"id": 2, "name": "Tom", "status": "sold", "age": 5,
             "home": {"kind": "house", "rooms": 3}},
        ]),
        json!({"id": 3, "name": "Rex", "status": "available", "age": 0}),
    )
}

#[tokio::test]
async fn a_v1_caller_reads_what_a_v2_server_answers() {
    let (pets, created) = v2_pets();
    let server = server(200, pets, created).await;
    let (seen, id) = v1::caller(&v1::client(&server)).await.unwrap();
    assert_eq!(seen, ["1 Rex pending boat", "2 Tom sold house"]);
    assert_eq!(id, 3);
    // The boat, to v1, is a home it does not know: kept whole, and written back
    // as it came.
    let boat = json!({"kind": "boat", "berth": "B4"});
    let home: v1::api::types::Home = serde_json::from_value(boat.clone()).unwrap();
    assert_eq!(home, v1::api::types::Home::Unknown(boat.clone()));
    assert_eq!(serde_json::to_value(&home).unwrap(), boat);
}

#[tokio::test]
async fn the_caller_sends_the_same_requests_compiled_against_either_version() {
    let (pets, created) = v2_pets();
    let old = server(200, pets.clone(), created.clone()).await;
    let new = server(200, pets, created).await;
    let seen_old = v1::caller(&v1::client(&old)).await.unwrap();
    let seen_new = v2::caller(&v2::client(&new)).await.unwrap();
    assert_eq!(seen_old, seen_new);
    let sent = received(&old).await;
    assert_eq!(sent, received(&new).await);
    // The optional inputs v2 adds, not given, are not sent (no `owner=`, no
    // `"color": null`).
    assert_eq!(
        sent,
        [
            ("GET /pets?limit=10".to_owned(), String::new()),
            (
                "POST /pets?".to_owned(),
                r#"{"name":"Rex","tag":"dog"}"#.to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn a_v2_caller_reads_what_a_v1_server_answers() {
    let pets = json!([{"id": 1, "name": "Rex", "status": "available"}, {"id": 2, "name": "Tom"}]);
    let created = json!({"id": 3, "name": "Rex"});
    let server = server(200, pets, created).await;
    let (seen, id) = v2::caller(&v2::client(&server)).await.unwrap();
    assert_eq!(seen, ["1 Rex available", "2 Tom unknown"]);
    assert_eq!(id, 3);
}

#[tokio::test]
async fn the_error_status_v2_adds_is_undocumented_to_v1_and_documented_to_v2() {
    let problem = json!({"message": "locked"});
    let created = json!({"id": 3, "name": "Rex"});
    let server = server(409, problem, created).await;
    let (seen, _) = v1::caller(&v1::client(&server)).await.unwrap();
    assert_eq!(seen, ["undocumented: 409 Conflict"]);
    let (seen, _) = v2::caller(&v2::client(&server)).await.unwrap();
    assert_eq!(seen, ["another documented error: 409 Conflict"]);
}
