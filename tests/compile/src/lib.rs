//! The compile-time tests of `generate_client!`, in a crate of their own so
//! that what they build is exactly what a crate calling the macro builds:
//!
//! - `tests/ui.rs`: every diagnostic of a bad spec or macro argument, pinned
//!   with its expected output (`ui/fail/*.stderr`), through trybuild;
//! - `tests/rebuild.rs`: a crate with the two dependencies checks, and checks
//!   again when its spec (or a file the spec refers to) is edited.
//!
//! The library itself is empty.
