//! Benchmark: The CDE API (spec/cde-api.yaml) through cde's `generate_client!`.

cde_macros::generate_client!("../../../spec/cde-api.yaml");
