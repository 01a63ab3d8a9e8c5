//! The Encoding Object (a form or multipart body's per-property encoding): its
//! fields read and checked, every bad one reported where it is.

use crate::diag::{Diagnostics, join};
use crate::doc::Map;
use crate::media;
use crate::spec::vocab::Style;

/// An Encoding Object's fields, as written and checked.
#[derive(Debug, Default)]
pub(crate) struct EncodingFields {
    /// `style`: form, spaceDelimited, pipeDelimited or deepObject.
    pub style: Option<Style>,
    /// `explode`, when given.
    pub explode: Option<bool>,
    /// `allowReserved`.
    pub allow_reserved: bool,
    /// `contentType`: one media type or range, or several.
    pub content_type: Vec<String>,
}

impl EncodingFields {
    /// `explode`, or its default: true for the `form` style (also when no style
    /// is given), false for the others.
    pub fn explode(&self) -> bool {
        self.explode
            .unwrap_or(matches!(self.style, None | Some(Style::Form)))
    }
}

/// Reads the Encoding Object `entry` (at `entry_at`): only its fields, each of
/// the right kind (extensions allowed). Every problem is reported; `None` if any.
pub(crate) fn read(entry: &Map, entry_at: &str, sink: &mut Diagnostics) -> Option<EncodingFields> {
    let mut fields = EncodingFields::default();
    let mut valid = true;
    for (key, value) in entry {
        let key_at = join(entry_at, key);
        let problem = match key.as_str() {
            "style" => match value.as_str() {
                Some(text) if Style::parse(text).is_some() => {
                    fields.style = Style::parse(text);
                    None
                }
                Some(other) => Some(format!(
                    "unknown `style` {other:?}; a form body's property takes form, spaceDelimited, pipeDelimited or deepObject"
                )),
                None => Some(String::from(
                    "`style` must be a string: form, spaceDelimited, pipeDelimited or deepObject",
                )),
            },
            "explode" | "allowReserved" => match value.as_bool() {
                Some(flag) if key == "explode" => {
                    fields.explode = Some(flag);
                    None
                }
                Some(flag) => {
                    fields.allow_reserved = flag;
                    None
                }
                None => Some(format!("`{key}` must be true or false")),
            },
            "contentType" => match value.as_str() {
                Some(text) => {
                    let list: Vec<String> =
                        text.split(',').map(|item| item.trim().to_owned()).collect();
                    match list.iter().find(|item| !media::is_media_range(item)) {
                        Some(bad) => Some(format!(
                            "`contentType` {bad:?} is not a media type or range (`type/subtype`, `type/*` or `*/*`); give one, or several separated by commas"
                        )),
                        None => {
                            fields.content_type = list;
                            None
                        }
                    }
                }
                None => Some(String::from(
                    "`contentType` must be a string: a media type or range, or several separated by commas",
                )),
            },
            "headers" => match value.as_object() {
                Some(headers) => {
                    headers
                        .iter()
                        .find(|(_, header)| !header.is_object())
                        .map(|(name, _)| {
                            format!("header `{name}` must be a Header Object or a `$ref`")
                        })
                }
                None => Some(String::from(
                    "`headers` must be an object of Header Objects",
                )),
            },
            other if super::vocab::is_extension(other) => None,
            other => Some(format!(
                "unknown field `{other}` in an Encoding Object; it takes contentType, headers, style, explode and allowReserved"
            )),
        };
        if let Some(message) = problem {
            sink.error(&key_at, message);
            valid = false;
        }
    }
    valid.then_some(fields)
}
