//! Plan: the decisions the emitters need beyond the IR, made after the selection
//! (so they see exactly the operations and types that are printed). Today that is
//! everything the mock module needs: its own names, each route's canned answers
//! (documented examples, else values made from the schemas), and how each input
//! is read (the shape of every value, the properties of form bodies). The
//! emitters read the plan and decide nothing.

mod canned;
mod mock;

use crate::ir::Api;

pub(crate) use canned::Canned;
pub(crate) use mock::{FormRead, MockForm, MockOperation, MockPlan, Shape};

/// Every decision made for the emitters.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    /// The mock module's, when it is generated.
    pub mock: Option<MockPlan<'a>>,
}

/// Plans the output of `api`; the mock's only when `mock` is asked for.
pub(crate) fn plan(api: &Api, mock: bool) -> Plan<'_> {
    Plan {
        mock: mock.then(|| mock::plan(api)),
    }
}
