//! The Stripe API, generated from its full spec (fetched by `scripts/fetch-specs`)
//! with `examples = true`: `tests/examples.rs` decodes every example of the spec
//! into the generated types (`scripts/corpus-examples`).

cde_macros::generate_client!("../../.cache/specs/stripe.json", examples = true);
