//! The documented responses of an operation: their statuses, bodies and, for a
//! sequential media type, how the body is read as a stream of items.

use super::{BodyKind, Name, Ty};

/// Which statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKey {
    /// One status.
    Code(u16),
    /// `1XX` .. `5XX`: the first digit.
    Range(u16),
    /// `default`.
    Default,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseDef {
    /// Its status key.
    pub key: StatusKey,
    /// The variant identifier.
    pub rust_name: Name,
    /// The body encoding.
    pub kind: BodyKind,
    /// The media type documented (for encoding).
    pub media_type: Option<String>,
    /// The body type (`Unit` when none).
    pub ty: Ty,
    /// Whether a call with this response succeeded.
    pub success: bool,
    /// The response's description.
    pub doc: Option<String>,
    /// The body read as a stream of items, when the response documents a
    /// sequential media type with an item schema.
    pub stream: Option<StreamDef>,
}

/// How a sequential body is split into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// A JSON text per line: JSON Lines, NDJSON, Kubernetes' watch streams.
    Lines,
    /// RFC 7464's JSON text sequences.
    JsonSeq,
    /// Server-sent events.
    EventStream,
}

/// A response body read as a stream of typed items.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamDef {
    /// The sequential media type (sent as `Accept`).
    pub media_type: String,
    /// How the body is split.
    pub framing: Framing,
    /// Each item's type; for server-sent events, the type of each event's
    /// `data` (`String` when the data is text, not JSON).
    pub item: Ty,
    /// A documented item that ends the stream and is not one (`[DONE]`).
    pub end: Option<String>,
    /// Whether `send` gives the stream: the response has no other media type.
    /// Otherwise `send` reads the other one whole and `send_stream` gives this.
    pub by_send: bool,
}
