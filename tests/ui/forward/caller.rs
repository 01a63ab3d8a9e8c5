// One caller, compiled unchanged against forward-v1.yaml and forward-v2.yaml
// (see ui/pass/forward_v*.rs). It uses everything v2 extends: the operation that
// gains a query parameter and an error status, the body that gains a field, the
// enum that gains a value, the response that gains a field.

#[allow(dead_code)]
async fn caller(client: &api::Client) -> Result<(), cde_runtime::Error<api::types::CreatePetError>> {
    match client.list_pets().limit(10).send().await {
        Ok(pets) => {
            for pet in pets.body() {
                let label = match &pet.status {
                    Some(api::types::PetStatus::Available) => "available",
                    Some(api::types::PetStatus::Sold) => "sold",
                    Some(other) => other.as_str(),
                    None => "unknown",
                };
                println!("{} {} {label}", pet.id, pet.name);
            }
        }
        Err(cde_runtime::Error::Api(err)) => {
            #[allow(unreachable_patterns)]
            match &err.body {
                api::types::ListPetsError::Status404(problem) => println!("{}", problem.message),
                _ => println!("another documented error: {}", err.status),
            }
        }
        Err(other) => println!("{other}"),
    }
    let mut pet = api::types::NewPet::new(String::from("Rex"));
    pet.tag = Some(String::from("dog"));
    let created = client.create_pet(pet).await?;
    println!("created {}", created.id);
    Ok(())
}

fn main() {
    let client = api::Client::builder().bearer_token("t").build().expect("client");
    // Built, not run: this program only has to compile against both versions.
    drop(caller(&client));
}
