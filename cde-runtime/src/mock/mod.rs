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
//! | stateful, an operation of a collection ([`Collection`]) | answered from the server's [`Store`] (see below) |
//! | otherwise | the documented success example |
//! | a handler panics | 500 |
//!
//! # Stateful mode
//!
//! A builder made stateful keeps, per server and in memory, the items of the
//! collections declared on it: what a `POST` creates, a `GET` returns, until a
//! `DELETE` removes it. Handlers still answer the operations they are set
//! for; they reach the same items through the builder's [`Store`].
//!
//! | Request to a collection (no handler set) | Answer |
//! |---|---|
//! | `POST` to the collection | the documented success, its item (the envelope member, else the whole body) overlaid with the request's members the item has, and a new id; stored |
//! | `GET` of the collection | its documented success with the stored items as its list, paged as the operation pages |
//! | `GET` of an item | its documented success with the stored item |
//! | `PATCH` of an item | the request merged into the stored item (RFC 7396), then as `GET` |
//! | `PUT` of an item | the members the request carries set on the stored item, then as `GET` |
//! | `DELETE` of an item | removed; the documented success |
//! | an id the collection does not hold | the operation's documented 404, else `application/problem+json` |
//!
//! A change is kept only where the answer it makes still reads as the
//! operation documents it: a request member of another type than the item's
//! member of the same name is left out. Any other operation (an action such as
//! `POST /pets/{id}/archive`) answers as without state.

mod auth;
mod decode;
mod form;
mod reader;
mod reply;
mod request;
mod route;
mod server;
mod stateful;
mod store;
#[cfg(test)]
mod tests;

pub use reader::Reader;
pub use request::{FormProperty, FromParts, Incoming, InvalidRequest, MockRequest, Shape};
pub use route::{BodyMedia, Canned, Route};
pub use server::{MockBuilder, MockServer};
pub use stateful::{Collection, OffsetPage};
pub use store::{IdKind, Store};

/// The default request body limit: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Bodies beyond this are not even drained before the 413 answer.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
