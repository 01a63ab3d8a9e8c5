#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

cde_macros::generate_client!("../spec/cde-api.yaml", mock = true);

/// The workspace README's and `docs/`' Rust examples, compiled and run as doctests.
#[cfg(doctest)]
mod workspace_docs {
    #[doc = include_str!("../../README.md")]
    struct Readme;
    #[doc = include_str!("../../docs/CLIENT.md")]
    struct Client;
}
