//! Benchmark: Stripe's API (full spec, fetched by scripts/fetch-specs) through cde's `generate_client!`.

cde_macros::generate_client!("../../../.cache/specs/stripe.json");
