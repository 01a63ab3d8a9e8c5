//! Decodes every example of GitHub's spec into the generated types, prints the
//! pass rate and every failure grouped by reason (GitHub's own examples break its
//! schemas in places: the output names each one and why), and asserts on them
//! (`scripts/corpus-examples github`).

use corpus_examples_report::{Expect, Operations, Report};

/// Measured with `scripts/corpus-examples github`: 764 of the 1,013 response
/// examples pass (75.42%); the floor sits a little below. The failures are the
/// spec's own (examples missing required members, `null` where the schema wants
/// an object, members the schema does not declare, wrong types, enum values the
/// schema does not list); the report names each. The 1,013 are counted in the
/// spec; the test also fails if any of them goes unchecked.
const EXPECT: Expect = Expect {
    min_response_examples: 1000,
    floor_percent: 74.0,
};

#[test]
fn response_examples_decode_into_the_generated_types() {
    let report = Report::read(
        "github",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../.cache/specs/github.json"
        ),
        Operations::All,
        corpus_examples_report::run(corpus_examples_github::examples::check_all),
    );
    println!("{report}");
    if let Err(problems) = report.verify(&EXPECT) {
        panic!("{problems}");
    }
}
