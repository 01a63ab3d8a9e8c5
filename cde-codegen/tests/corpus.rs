//! The real-world specs (GitHub, Stripe, Kubernetes; fetched by
//! `scripts/fetch-specs` into `.cache/specs/`, never committed): each generates
//! with no diagnostic, and every schema place that gives a type gets a Rust type
//! (the places typed as any JSON value are those whose schema gives none, as
//! this test reads the schema: [`gives_type`]).
//!
//! Without the cache the tests say they were skipped, and fail if `CI` is set.

use std::path::PathBuf;

mod typed;

use typed::gives_type;

fn spec(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../.cache/specs")
        .join(format!("{name}.json"));
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            let message =
                format!("{name}.json is not in .cache/specs ({err}); run scripts/fetch-specs");
            if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                panic!("{message}");
            }
            eprintln!("SKIPPED corpus test of {name}: {message}");
            None
        }
    }
}

/// The operations the document declares: methods under `paths`.
fn count_operations(bytes: &[u8]) -> usize {
    let doc: serde_json::Value = serde_json::from_slice(bytes).expect("the spec is JSON");
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}

fn check(name: &str) {
    let Some(bytes) = spec(name) else {
        return;
    };
    let operations = count_operations(&bytes);
    let out = cde_codegen::generate(
        &format!("{name}.json"),
        &bytes,
        &cde_codegen::Options::default(),
    );
    let rendered: Vec<String> = out.diagnostics.iter().map(|d| d.render(name)).collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));
    let text = out.code.lex().expect("generated code lexes").to_string();
    let methods = text
        .matches("pub (super) fn new (client : & 'a super :: Client")
        .count();
    assert_eq!(methods, operations, "one request builder per operation");
    // Whether a place's schema gives a type is decided here, from the document,
    // not from the generator's own `typed_in_schema` flag.
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("the spec is JSON");
    let defects: Vec<&str> = out
        .untyped
        .iter()
        .filter(|u| {
            let place = doc.pointer(u.pointer.trim_start_matches('#'));
            place.is_some_and(|schema| gives_type(&doc, schema))
        })
        .map(|u| u.pointer.as_str())
        .collect();
    eprintln!(
        "{name}: {operations} operations, {} schema places typed as any JSON value (the schema gives no type), {} where it gives one",
        out.untyped.len() - defects.len(),
        defects.len()
    );
    assert!(
        defects.is_empty(),
        "typed in the schema but not in Rust: {defects:#?}"
    );
}

#[test]
fn github() {
    check("github");
}

#[test]
fn stripe() {
    check("stripe");
}

#[test]
fn kubernetes() {
    check("kubernetes");
}
