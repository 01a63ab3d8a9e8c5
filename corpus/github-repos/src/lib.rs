//! The GitHub API, only the operations tagged `repos` and the types they reach
//! (spec fetched by `scripts/fetch-specs`).

cde_macros::generate_client!("../../.cache/specs/github.json", tags = ["repos"]);
