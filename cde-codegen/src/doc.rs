//! The spec document as the generator reads it: a `serde_json::Value` tree, each
//! object's members in document order (serde_json's `preserve_order`), so that
//! names are claimed in the order the document gives them.

pub use serde_json::Value;

/// A JSON object of the document.
pub type Map = serde_json::Map<String, Value>;
