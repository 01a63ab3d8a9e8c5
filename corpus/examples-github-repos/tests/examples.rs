//! Decodes the examples of GitHub's `repos` operations into the generated types,
//! prints the pass rate and every failure grouped by reason, and asserts on them
//! (`scripts/corpus-examples github-repos`).

use corpus_examples_report::{Expect, Operations, Report};

/// Measured with `scripts/corpus-examples github-repos` on 2026-11-23: 171
/// response examples checked, 128 pass (74.85%); the floor is a little below, so
/// one more failure passes and two fail the test.
const EXPECT: Expect = Expect {
    min_response_examples: 171,
    floor_percent: 74.0,
};

#[test]
fn response_examples_decode_into_the_generated_types() {
    let report = Report::read(
        "github-repos",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../.cache/specs/github.json"
        ),
        Operations::Tagged(&["repos"]),
        corpus_examples_report::run(corpus_examples_github_repos::examples::check_all),
    );
    println!("{report}");
    if let Err(problems) = report.verify(&EXPECT) {
        panic!("{problems}");
    }
}
