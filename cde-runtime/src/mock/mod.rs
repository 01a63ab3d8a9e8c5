//! A spec-driven mock server (feature `mock`), the run-time half of the `mock`
//! module that `generate_client!(..., mock = true)` emits.
//!
//! The generated module registers one [`Route`] per operation on a [`MockBuilder`]
//! and adds typed `on_<operation>` handlers; this module does the serving: it
//! routes a request by method and path template, checks its credentials against
//! the operation's security requirements, reads it into the operation's typed
//! request (path, query, headers, cookies and body; every bad field named), and
//! answers with a typed handler's response or the operation's documented example.
//!
//! | Request | Answer |
//! |---|---|
//! | no route for the path | 404, `application/problem+json` |
//! | the path exists, the method does not | 405 with `Allow` |
//! | body larger than the limit (2 MiB unless set) | 413 |
//! | body of a media type the operation does not take (none of those it lists) | 415 |
//! | missing or malformed credentials | 401: the documented body if any |
//! | invalid input | 400: the documented body, its errors map filled with one entry per bad field; else `application/problem+json` naming the fields |
//! | a typed handler is set | its response, encoded |
//! | otherwise | the documented success example |
//! | a handler panics | 500 |

mod auth;
mod decode;
mod form;
mod reader;
mod reply;
mod request;
mod route;
mod server;
#[cfg(test)]
mod tests;

pub use reader::Reader;
pub use request::{FormProperty, FromParts, Incoming, InvalidRequest, MockRequest, Shape};
pub use route::{BodyMedia, Canned, Route};
pub use server::{MockBuilder, MockServer};

/// The default request body limit: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Bodies beyond this are not even drained before the 413 answer.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
