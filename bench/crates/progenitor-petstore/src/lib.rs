//! Benchmark: The benchmark's petstore spec (bench/specs/petstore.json) through progenitor's `generate_api!`.

progenitor::generate_api!("../../specs/petstore.json");
