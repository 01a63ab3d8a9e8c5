//! The README's "Covered operations" table lists every operation of
//! `spec/cde-api.yaml`, in spec order, with its tag, method, path and the method
//! of the generated `Client` (named like the generator names it: the snake_case
//! of the `operationId`).
//!
//! When the spec changes, the test fails and prints the expected table, to paste
//! between the `<!-- operations:start -->` and `<!-- operations:end -->` lines.

const START: &str = "<!-- operations:start -->";
const END: &str = "<!-- operations:end -->";

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
}

/// (tag, METHOD, path, Rust method name) per operation, in spec order.
fn operations() -> Vec<(String, String, String, String)> {
    let spec = read(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cde-api.yaml"));
    let (_, doc) = cde_codegen::load::load("cde-api.yaml", spec.as_bytes())
        .unwrap_or_else(|err| panic!("the spec does not load: {}", err.message));
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        // In document order of the path item (the generator's order too).
        for (method, op) in item.as_object().expect("path item") {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let tag = op["tags"][0].as_str().unwrap_or("").to_owned();
            let id = op["operationId"].as_str().expect("operationId");
            out.push((
                tag,
                method.to_ascii_uppercase(),
                path.clone(),
                cde_codegen::names::field_name(id),
            ));
        }
    }
    out
}

fn expected_table() -> String {
    let mut table = String::from("| Tag | Method | Path | Rust method |\n|---|---|---|---|\n");
    for (tag, method, path, rust) in operations() {
        table.push_str(&format!(
            "| {tag} | {method} | `{path}` | `Client::{rust}` |\n"
        ));
    }
    table
}

#[test]
fn readme_lists_every_operation_of_the_spec() {
    let readme = read(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"));
    let expected = expected_table();
    let paste = format!("{START}\n{expected}{END}");

    let section = readme
        .split_once(START)
        .and_then(|(_, rest)| rest.split_once(END))
        .map(|(inside, _)| inside.trim());
    let Some(section) = section else {
        panic!(
            "README.md has no `{START}` ... `{END}` section; add it under \
             `## Covered operations`:\n\n{paste}\n"
        );
    };
    assert!(
        section == expected.trim(),
        "the README's operation table is out of date; replace the section with:\n\n{paste}\n"
    );

    // The section sits under its heading, after the client example.
    let heading = readme
        .find("\n## Covered operations\n")
        .expect("a `## Covered operations` heading");
    let by_example = readme
        .find("\n## The generated client, by example\n")
        .expect("a `## The generated client, by example` heading");
    let start = readme.find(START).unwrap_or_default();
    assert!(by_example < heading && heading < start);
    assert!(
        !readme[heading + 1..start].contains("\n## "),
        "the table must follow its heading directly"
    );
}

#[test]
fn every_listed_method_exists_in_the_generated_client() {
    let snapshot = read(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots/cde_api.rs"));
    let missing: Vec<String> = operations()
        .into_iter()
        .map(|(.., rust)| rust)
        .filter(|rust| !snapshot.contains(&format!("pub fn {rust}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "no such method in tests/snapshots/cde_api.rs: {missing:?}"
    );
}
