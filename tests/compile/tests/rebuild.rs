//! A crate with exactly two dependencies, cde-macros and cde-runtime, calls the macro
//! on its own spec; editing the spec (and nothing else) makes `cargo check` expand
//! the macro again and see the edit.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

const SPEC_V1: &str = r#"openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example"}]
paths:
  /pets/{id}:
    get:
      operationId: get_pet
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
"#;

const MAIN: &str = r#"cde_macros::generate_client!("spec/pets.yaml");

fn main() {
    let client = Client::builder().build().expect("client");
    let _request = client.get_pet(7);
    let pet = types::Pet::new(String::from("Rex"));
    println!("{} {:?}", pet.name, Client::DEFAULT_BASE_URL);
}
"#;

/// `cargo check` of the crate in `dir`, the way trybuild checks its cases
/// (tests/ui.rs): in its target directory, with the flags it gives rustc, for
/// the host named as `--target`, incremental compilation off. The two crates
/// have the same dependencies, so the build trybuild made of them is used
/// again rather than made a second time. (Should trybuild change its flags,
/// this test still passes, only slower.)
fn cargo_check(dir: &Path) -> (bool, String) {
    let flags = r#"["--cfg", "trybuild", "--verbose", "-A", "dead_code"]"#;
    let host = host();
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--quiet",
            "--message-format=short",
            "--target",
            &host,
        ])
        .arg(format!("--config=build.rustflags={flags}"))
        .arg(format!("--config=target.{host}.rustflags={flags}"))
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/tests/trybuild"),
        )
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The host's target triple, as rustc names it.
fn host() -> String {
    let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .expect("run rustc");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

#[test]
fn two_dependencies_suffice_and_editing_the_spec_rebuilds() {
    let root = workspace();
    let dir = root.join("target/fixture-two-deps-crate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let manifest = format!(
        "[package]\nname = \"two-deps\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ncde-macros = {{ path = {:?} }}\ncde-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        root.join("cde-macros"),
        root.join("cde-runtime"),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), MAIN).unwrap();
    let spec = dir.join("spec/pets.yaml");
    std::fs::write(&spec, SPEC_V1).unwrap();

    let (ok, stderr) = cargo_check(&dir);
    assert!(ok, "the two-dependency crate does not check:\n{stderr}");

    // Rename the schema in the spec only: the macro must run again and stop
    // generating `Pet`.
    std::fs::write(&spec, SPEC_V1.replace("Pet", "Animal")).unwrap();
    let (ok, stderr) = cargo_check(&dir);
    assert!(!ok, "cargo did not regenerate after the spec changed");
    assert!(stderr.contains("Pet"), "unexpected errors:\n{stderr}");

    // And back: it checks again.
    std::fs::write(&spec, SPEC_V1).unwrap();
    let (ok, stderr) = cargo_check(&dir);
    assert!(ok, "the restored spec does not check:\n{stderr}");

    // The schema moved to a file of its own: editing that file alone
    // regenerates too.
    let pet_file = dir.join("spec/pet.yaml");
    std::fs::write(&pet_file, PET_FILE).unwrap();
    std::fs::write(
        &spec,
        SPEC_V1.replace(
            "    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n",
            "    Pet: {$ref: './pet.yaml#/Pet'}\n",
        ),
    )
    .unwrap();
    let (ok, stderr) = cargo_check(&dir);
    assert!(ok, "the two-file spec does not check:\n{stderr}");
    std::fs::write(&pet_file, PET_FILE.replace("name", "title")).unwrap();
    let (ok, stderr) = cargo_check(&dir);
    assert!(
        !ok,
        "cargo did not regenerate after the referenced file changed"
    );
    assert!(stderr.contains("name"), "unexpected errors:\n{stderr}");
    std::fs::write(&pet_file, PET_FILE).unwrap();
    let (ok, stderr) = cargo_check(&dir);
    assert!(ok, "the restored file does not check:\n{stderr}");
}

/// The schema of [`SPEC_V1`], in a file of its own.
const PET_FILE: &str =
    "Pet:\n  type: object\n  required: [name]\n  properties:\n    name: {type: string}\n";
