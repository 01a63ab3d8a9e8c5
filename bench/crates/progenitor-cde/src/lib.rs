//! Benchmark: The CDE API (spec/cde-api.yaml) through progenitor's `generate_api!`.

progenitor::generate_api!("../../../spec/cde-api.yaml");
