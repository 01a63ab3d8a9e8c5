//! Benchmark: The benchmark's petstore spec (bench/specs/petstore.json) through cde's `generate_client!`.

cde_macros::generate_client!("../../specs/petstore.json");
