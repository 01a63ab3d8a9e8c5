#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

cde_macros::generate_client!("../spec/cde-api.yaml", mock = true);

// The simulator is built on the generated `mock` module, so it is compiled
// exactly when that module is: when cde-runtime's `mock` feature is on (this
// crate's `mock` feature, or its examples and tests).
cde_runtime::__mock_items! {
    pub mod simulator;
}

/// The workspace README's and `docs/`' Rust examples, compiled and run as doctests.
#[cfg(doctest)]
mod workspace_docs {
    #[doc = include_str!("../../README.md")]
    struct Readme;
    #[doc = include_str!("../../docs/CLIENT.md")]
    struct Client;
}
