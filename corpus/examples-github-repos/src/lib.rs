//! The GitHub API, only the operations tagged `repos` and the types they reach
//! (spec fetched by `scripts/fetch-specs`), with `examples = true`:
//! `tests/examples.rs` decodes their examples into the generated types
//! (`scripts/corpus-examples`), a quick look at GitHub's examples without the
//! full crate's build.

cde_macros::generate_client!(
    "../../.cache/specs/github.json",
    tags = ["repos"],
    examples = true
);
