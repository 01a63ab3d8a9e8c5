//! The Kubernetes API, generated from its full spec (fetched by `scripts/fetch-specs`).

cde_macros::generate_client!("../../.cache/specs/kubernetes.json");
