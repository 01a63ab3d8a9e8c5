//! Compile-time behaviour of `generate_client!`: every diagnostic pinned with its
//! expected output (`tests/ui/fail/*.stderr`). Update expected output
//! deliberately with `TRYBUILD=overwrite`, never in CI.
//!
//! What must compile is compiled, and run, as ordinary tests (one caller
//! against two versions of a spec: `tests/forward.rs`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
}
