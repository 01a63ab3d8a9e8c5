//! Benchmark: GitHub's REST API (full spec, fetched by scripts/fetch-specs) through progenitor's `generate_api!`.

progenitor::generate_api!("../../../.cache/specs/github.json");
