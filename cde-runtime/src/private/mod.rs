//! What generated code calls and nothing else does: the request a builder fills
//! in, the decoders and encoders of bodies, the pieces generated serde impls are
//! made of, pagination, validation constraints and the mock server's reading of
//! requests. Hidden, and not part of the API a user writes against: it changes
//! with the generator (the convention of serde's and thiserror's `__private`).

pub mod de;
pub mod ser;

pub use crate::auth::{ApiKeyLocation, Scheme};
pub use crate::paginate::{Pagination, next_link, paginate};
pub use crate::pending::{Number, Pending, Place};
pub use crate::request::{FormEncoding, QueryStyle};
pub use crate::response::{
    RawBody, check_response, decode_bytes, decode_empty, decode_json, decode_text, encode_bytes,
    encode_json, encode_text, roundtrip, status,
};
pub use crate::sequence::items::{decode_items, encode_events, encode_items, encode_text_events};
pub use crate::validate::{NumberBounds, Pattern, StringConstraints};

/// The method of an operation under an OpenAPI 3.2 path item's
/// `additionalOperations` (`COPY`, `LINK`, ...), which `Method` has no constant
/// for. The generator emits only names that are HTTP tokens (checked when the
/// macro expands), which `Method::from_bytes` accepts; were one refused, the
/// request would go as `POST`, a method no client retries.
pub fn extension_method(name: &'static str) -> crate::Method {
    crate::Method::from_bytes(name.as_bytes()).unwrap_or(crate::Method::POST)
}

/// What the generated mock module calls: how it describes its routes and reads
/// typed requests.
#[cfg(feature = "mock")]
pub mod mock {
    pub use crate::mock::{BodyMedia, Canned, FormProperty, FromParts, Reader, Route, Shape};
}
