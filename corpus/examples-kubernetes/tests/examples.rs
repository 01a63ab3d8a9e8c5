//! Decodes every example of Kubernetes' spec into the generated types, prints the
//! pass rate and every failure grouped by reason, and asserts on them
//! (`scripts/corpus-examples kubernetes`).

use corpus_examples_report::{Expect, Operations, Report};

/// Measured with `scripts/corpus-examples kubernetes` on 2026-11-23: the spec
/// documents no example at all (its only `example` key is a property of
/// `JSONSchemaProps`), so `check_all()` is empty and there is no rate to keep up.
/// The test still fails if a response example of the spec goes unchecked or a
/// failure names no reason; an example appearing in a newer spec is checked and
/// printed.
const EXPECT: Expect = Expect {
    min_response_examples: 0,
    floor_percent: 0.0,
};

#[test]
fn response_examples_decode_into_the_generated_types() {
    let report = Report::read(
        "kubernetes",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../.cache/specs/kubernetes.json"
        ),
        Operations::All,
        corpus_examples_report::run(corpus_examples_kubernetes::examples::check_all),
    );
    println!("{report}");
    if let Err(problems) = report.verify(&EXPECT) {
        panic!("{problems}");
    }
}
