//! Integration, UI and property tests of the cde workspace (see `tests/`).
//!
//! The library itself compiles the checked-in snapshot of the generated CDE client,
//! so a snapshot that no longer compiles fails the build.

#![forbid(unsafe_code)]

pub mod support;

/// The snapshot of the code generated for `spec/cde-api.yaml`, compiled.
#[allow(missing_docs)]
pub mod snapshot {
    include!("../snapshots/cde_api.rs");
}
