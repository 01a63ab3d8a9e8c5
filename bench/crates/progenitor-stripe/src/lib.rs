//! Benchmark: Stripe's API (full spec, fetched by scripts/fetch-specs) through progenitor's `generate_api!`.

progenitor::generate_api!("../../../.cache/specs/stripe.json");
