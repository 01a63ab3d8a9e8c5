//! Compile-time behaviour of `generate_client!`: every diagnostic pinned with its
//! expected output (`ui/fail/*.stderr`). Update expected output deliberately
//! with `TRYBUILD=overwrite`, never in CI.
//!
//! What must compile is compiled, and run, as ordinary tests of the `cde-tests`
//! crate (one caller against two versions of a spec: `tests/tests/forward.rs`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
}
