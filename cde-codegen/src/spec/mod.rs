//! The spec layer: what the OpenAPI document says, read in one place.
//!
//! - [`version`]: which OpenAPI versions are read, and the refusal of the others;
//! - [`files`]: the other files a spec refers to, read and bundled into it;
//! - [`normalize`]: a 3.1 or 3.2 document rewritten into the 3.0 spelling the
//!   model reads, so no pass after this layer asks which version it reads
//!   ([`type_lists`]: its rules for `type` lists and null branches; [`v3_2`]:
//!   what 3.2 adds beyond 3.1);
//! - [`refs`]: the one `$ref` resolver, with its one bound on reference chains;
//! - [`schema`]: a typed view of a Schema Object;
//! - [`objects`]: typed views of the other objects the generator reads;
//! - [`encoding`]: the Encoding Object, read and checked;
//! - [`vocab`]: the allowed values of enumerated fields (`in`, `style`, scheme
//!   types, response keys), read into enums.
//!
//! The passes after it (the model today) ask this layer for a reference's target
//! instead of walking the document themselves.

pub(crate) mod encoding;
pub(crate) mod files;
pub(crate) mod normalize;
pub(crate) mod objects;
pub(crate) mod refs;
pub(crate) mod schema;
pub(crate) mod type_lists;
pub(crate) mod v3_2;
pub(crate) mod version;
pub(crate) mod vocab;
