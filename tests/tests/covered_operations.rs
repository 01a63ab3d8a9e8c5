//! cde-api's crate docs (`cde-api/README.md`): their "Covered operations" table
//! lists every operation of
//! `spec/cde-api.yaml`, in spec order, with its tag, method, path and the method
//! of the generated `Client` (named like the generator names it: the snake_case
//! of the `operationId`).
//!
//! When the spec changes, the test fails and prints the expected table, to paste
//! between the `<!-- operations:start -->` and `<!-- operations:end -->` lines.

const START: &str = "<!-- operations:start -->";
const END: &str = "<!-- operations:end -->";

use cde_tests::support::{self, cde_spec, read_text};

/// (tag, METHOD, path, Rust method name) per operation, in spec order.
fn operations() -> Vec<(String, String, String, String)> {
    support::operations(cde_spec())
        .into_iter()
        .map(|operation| {
            (
                operation.op["tags"][0].as_str().unwrap_or("").to_owned(),
                operation.method.to_ascii_uppercase(),
                operation.path.to_owned(),
                cde_codegen::testing::field_name(operation.id),
            )
        })
        .collect()
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
    let readme = read_text("cde-api/README.md");
    let expected = expected_table();
    let paste = format!("{START}\n{expected}{END}");

    let section = readme
        .split_once(START)
        .and_then(|(_, rest)| rest.split_once(END))
        .map(|(inside, _)| inside.trim());
    let Some(section) = section else {
        panic!(
            "cde-api/README.md has no `{START}` ... `{END}` section; add it under \
             `## Covered operations`:\n\n{paste}\n"
        );
    };
    assert!(
        section == expected.trim(),
        "cde-api/README.md's operation table is out of date; replace the section with:\n\n{paste}\n"
    );

    // The section sits under its heading.
    let heading = readme
        .find("\n## Covered operations\n")
        .expect("a `## Covered operations` heading");
    let start = readme.find(START).unwrap_or_default();
    assert!(heading < start);
    assert!(
        !readme[heading + 1..start].contains("\n## "),
        "the table must follow its heading directly"
    );
}

#[test]
fn every_listed_method_exists_in_the_generated_client() {
    let snapshot = read_text("tests/snapshots/cde_api.rs");
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
