//! Compile-time behaviour of `generate_client!`: every diagnostic pinned with its
//! expected output (`tests/ui/fail/*.stderr`), and programs that must compile
//! (`tests/ui/pass/*.rs`: the same caller against two versions of a spec).
//! Update expected output deliberately with `TRYBUILD=overwrite`, never in CI.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
