//! `multipart/form-data` request bodies.

use std::fmt;

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
