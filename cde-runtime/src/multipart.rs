//! `multipart/form-data` request bodies.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::request::{Body, scalar, to_value};
use crate::{InvalidInput, RequestParts};

/// A file sent as one part of a `multipart/form-data` body.
///
/// ```
/// let logo = cde_runtime::FilePart::new(b"<svg/>".to_vec())
///     .file_name("logo.svg")
///     .content_type("image/svg+xml");
/// assert_eq!(logo.len(), 6);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: bytes::Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part with these contents (no file name, `application/octet-stream`).
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The contents.
    pub fn bytes(&self) -> &bytes::Bytes {
        &self.bytes
    }

    /// The contents' length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The file name, if set.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if set.
    pub fn mime(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One part of a multipart body.
///
/// Its `Debug` gives a text part's length, not its value (a form can carry a
/// password).
#[derive(Clone, PartialEq, Eq)]
pub enum MultipartField {
    /// A text part.
    Text {
        /// The part name.
        name: String,
        /// Its value.
        value: String,
        /// Its `Content-Type`; none means `text/plain`.
        content_type: Option<String>,
    },
    /// A file part.
    File {
        /// The part name.
        name: String,
        /// The file.
        file: FilePart,
    },
}

impl fmt::Debug for MultipartField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultipartField::Text {
                name,
                value,
                content_type,
            } => f
                .debug_struct("Text")
                .field("name", name)
                .field("len", &value.len())
                .field("content_type", content_type)
                .finish(),
            MultipartField::File { name, file } => f
                .debug_struct("File")
                .field("name", name)
                .field("file", file)
                .finish(),
        }
    }
}

/// A generated `multipart/form-data` body type.
pub trait MultipartBody {
    /// Adds the body's parts to the request.
    fn write_parts(&self, request: &mut RequestParts) -> Result<(), InvalidInput>;
}

/// The parts of a `multipart/form-data` body, added by a generated operation.
impl RequestParts {
    /// Adds a non-file part to a `multipart/form-data` body; `None`/`null` is left
    /// out, arrays give one part per item. Scalars are sent as text (no
    /// `Content-Type`, which means `text/plain`), objects as JSON text with
    /// `Content-Type: application/json`: the OpenAPI defaults.
    pub fn multipart_text(
        &mut self,
        name: &str,
        value: &impl Serialize,
    ) -> Result<(), InvalidInput> {
        self.multipart_typed(name, value, &[])
    }

    /// Like [`RequestParts::multipart_text`], for a property whose `encoding`
    /// gives `contentType`: the media types (and ranges) it lists, in order. The
    /// parts are sent as the first listed type that is not a range; a JSON type
    /// sends the whole value as one JSON part, arrays included. With no such type
    /// listed, the defaults apply.
    pub fn multipart_typed(
        &mut self,
        name: &str,
        value: &impl Serialize,
        content_types: &[&str],
    ) -> Result<(), InvalidInput> {
        crate::unknown::check_input(name, value)?;
        let value = to_value(name, value)?;
        let chosen = crate::media::first_concrete(content_types);
        if let Some(content_type) = chosen.filter(|c| crate::media::is_json(c)) {
            if !value.is_null() {
                self.push_part(MultipartField::Text {
                    name: name.to_owned(),
                    value: value.to_string(),
                    content_type: Some(content_type.to_owned()),
                });
            }
            return Ok(());
        }
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let (text, default_type) = match &item {
                Value::Null => continue,
                Value::Object(_) | Value::Array(_) => (item.to_string(), Some("application/json")),
                other => (scalar(other).unwrap_or_default(), None),
            };
            self.push_part(MultipartField::Text {
                name: name.to_owned(),
                value: text,
                content_type: chosen.or(default_type).map(str::to_owned),
            });
        }
        Ok(())
    }

    /// Adds a file part to a `multipart/form-data` body.
    pub fn multipart_file(&mut self, name: &str, file: &FilePart) {
        self.push_part(MultipartField::File {
            name: name.to_owned(),
            file: file.clone(),
        });
    }

    /// Adds a file part whose property's `encoding` gives `contentType`: the media
    /// types and ranges (`image/*`) it accepts. A file with a content type of its
    /// own must match one of them; a file without one is sent as the first listed
    /// type that is not a range, and is invalid when every listed type is a range.
    pub fn multipart_file_typed(
        &mut self,
        name: &str,
        file: &FilePart,
        content_types: &[&str],
    ) -> Result<(), InvalidInput> {
        let listed = || content_types.join(", ");
        let file = match file.mime() {
            Some(given)
                if !content_types.is_empty()
                    && !content_types
                        .iter()
                        .any(|range| crate::media::in_range(range, given)) =>
            {
                return Err(InvalidInput::new(format!(
                    "is {given}; the spec accepts {}",
                    listed()
                ))
                .named(name));
            }
            Some(_) => file.clone(),
            None => match crate::media::first_concrete(content_types) {
                Some(content_type) => file.clone().content_type(content_type),
                None if content_types.is_empty() => file.clone(),
                None => {
                    return Err(InvalidInput::new(format!(
                        "needs a content type matching {}; set one with `FilePart::content_type`",
                        listed()
                    ))
                    .named(name));
                }
            },
        };
        self.push_part(MultipartField::File {
            name: name.to_owned(),
            file,
        });
        Ok(())
    }

    fn push_part(&mut self, field: crate::MultipartField) {
        match &mut self.body {
            Body::Multipart(fields) => fields.push(field),
            other => *other = Body::Multipart(vec![field]),
        }
    }
}

/// The multipart form of a request's parts: text parts, JSON parts and files,
/// each with its content type checked against what its encoding allows.
pub(crate) fn build_form(
    fields: Vec<MultipartField>,
) -> Result<reqwest::multipart::Form, InvalidInput> {
    let mut form = reqwest::multipart::Form::new();
    for field in fields {
        form = match field {
            MultipartField::Text {
                name,
                value,
                content_type: None,
            } => form.text(name, value),
            MultipartField::Text {
                name,
                value,
                content_type: Some(content_type),
            } => {
                let part = reqwest::multipart::Part::text(value)
                    .mime_str(&content_type)
                    .map_err(|_| {
                        InvalidInput::new(format!("{content_type:?} is not a valid content type"))
                            .named(&name)
                    })?;
                form.part(name, part)
            }
            MultipartField::File { name, file } => {
                let mut part = reqwest::multipart::Part::stream(file.bytes.clone());
                if let Some(file_name) = file.file_name.clone() {
                    part = part.file_name(file_name);
                }
                let content_type = file
                    .content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                part = part.mime_str(content_type).map_err(|_| {
                    InvalidInput::new(format!("{content_type:?} is not a valid content type"))
                        .named(&name)
                })?;
                form.part(name, part)
            }
        };
    }
    Ok(form)
}
