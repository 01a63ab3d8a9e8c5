//! Plan: the decisions the emitters need beyond the IR, made after the selection
//! (so they see exactly the operations and types that are printed): everything
//! the mock module needs (its own names, each route's canned answers — documented
//! examples, else values made from the schemas — and how each input is read: the
//! shape of every value, the properties of form bodies), and which examples are
//! checked under which status. The emitters read the plan and decide nothing.

mod canned;
mod collections;
mod mock;

use crate::ir::{Api, Example, StatusKey, Ty};

pub(crate) use canned::Canned;
pub(crate) use collections::{CollectionPlan, IdKind};
pub(crate) use mock::{FormRead, MockForm, MockOperation, MockPlan, Shape};

/// Every decision made for the emitters.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    /// The mock module's, when it is generated.
    pub mock: Option<MockPlan<'a>>,
    /// The example checks, when they are generated.
    pub examples: Option<Vec<ExampleCheck<'a>>>,
}

/// An example the generated checks decode into its type and encode back.
#[derive(Debug)]
pub(crate) struct ExampleCheck<'a> {
    /// The example.
    pub example: &'a Example,
    /// For a response example: the status it is decoded under (a range's or
    /// `default`'s last one, so no listed code takes it).
    pub status: Option<u16>,
}

/// Plans the output of `api`; the mock's and the example checks' only when
/// they are asked for.
pub(crate) fn plan(api: &Api, mock: bool, examples: bool) -> Plan<'_> {
    Plan {
        mock: mock.then(|| mock::plan(api)),
        examples: examples.then(|| example_checks(api)),
    }
}

/// The examples with a JSON type to check (not those of an empty or binary
/// body), in document order.
fn example_checks(api: &Api) -> Vec<ExampleCheck<'_>> {
    api.examples
        .iter()
        .filter(|e| !matches!(e.ty, Ty::Unit | Ty::Binary))
        .map(|example| ExampleCheck {
            example,
            status: example
                .response
                .as_ref()
                .map(|response| match response.key {
                    StatusKey::Code(code) => code,
                    StatusKey::Range(d) => d * 100 + 99,
                    StatusKey::Default if response.success => 299,
                    StatusKey::Default => 599,
                }),
        })
        .collect()
}
