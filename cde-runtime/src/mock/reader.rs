//! Reading a request's inputs into typed values ([`Reader`]), every problem
//! recorded: path, query, header and cookie parameters and every body media type.

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::decode::{decode_all, display_path, set_at, shape_problems};
use super::form::{
    arrays_from_indexes, first, insert_deep, key_levels, scalar_leaves, scalars, split_styled,
    too_deep,
};
use super::request::{
    FormProperty, FromParts, Incoming, InvalidRequest, ReceivedPart, Shape, cookie,
};
use crate::request::{FormEncoding, QueryStyle};
use crate::{FilePart, InvalidInput};

/// Reads a request's inputs into typed values, collecting every problem.
///
/// Each method returns `None` when the input is bad (the problem is recorded) and
/// `Some(None)` when an optional input is absent.
#[derive(Debug)]
pub struct Reader<'a> {
    pub(super) request: &'a Incoming,
    pub(super) errors: InvalidRequest,
}

impl<'a> Reader<'a> {
    /// A reader with no problems recorded yet.
    pub fn new(request: &'a Incoming) -> Self {
        Self {
            request,
            errors: InvalidRequest::default(),
        }
    }

    /// The path parameter at `index` (in template order), named `name`.
    pub fn path<T: DeserializeOwned + Serialize>(
        &mut self,
        index: usize,
        name: &str,
    ) -> Option<Option<T>> {
        let Some(text) = self.request.path_params.get(index) else {
            self.errors.push(name, "is required");
            return None;
        };
        self.text_value(name, Value::String(text.clone())).map(Some)
    }

    /// A query parameter.
    pub fn query<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        style: QueryStyle,
        shape: Shape,
        required: bool,
    ) -> Option<Option<T>> {
        let pairs = &self.request.query;
        let value = match (shape, style) {
            (Shape::Object, QueryStyle::DeepObject) => {
                let prefix = format!("{name}[");
                let mut object = Value::Object(Map::new());
                let mut any = false;
                for (key, value) in pairs {
                    if key.starts_with(&prefix) {
                        let Some(levels) = key_levels(key) else {
                            self.errors.push(name, too_deep());
                            return None;
                        };
                        insert_deep(&mut object, &levels[1..], value);
                        any = true;
                    }
                }
                any.then_some(object)
            }
            (Shape::Object, QueryStyle::Form { explode: true }) => {
                let object: Map<String, Value> = pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect();
                (!object.is_empty()).then_some(Value::Object(object))
            }
            (Shape::Array, QueryStyle::Form { explode: true } | QueryStyle::DeepObject) => {
                let items: Vec<Value> = pairs
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| Value::String(v.clone()))
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            (shape @ (Shape::Object | Shape::Array), _) => {
                first(pairs, name).map(|text| split_styled(text, shape, style))
            }
            (Shape::Scalar, _) => first(pairs, name).map(|text| Value::String(text.to_owned())),
        };
        self.optional(name, value, required)
    }

    /// A header parameter.
    pub fn header<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        required: bool,
    ) -> Option<Option<T>> {
        let value = match self.request.headers.get(name).map(|v| v.to_str()) {
            Some(Ok(text)) => Some(Value::String(text.to_owned())),
            Some(Err(_)) => {
                self.errors.push(name, "is not valid header text");
                return None;
            }
            None => None,
        };
        self.optional(name, value, required)
    }

    /// A cookie parameter.
    pub fn cookie<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        required: bool,
    ) -> Option<Option<T>> {
        let value = cookie(&self.request.headers, name).map(Value::String);
        self.optional(name, value, required)
    }

    /// Records a failed check (numeric bounds) under the input's name.
    pub fn check(&mut self, result: Result<(), InvalidInput>) {
        if let Err(err) = result {
            self.errors.push(err.name(), err.message());
        }
    }

    /// A JSON body of type `T`: malformed JSON, or each bad field, is recorded.
    pub fn json_body<T: DeserializeOwned + Serialize>(
        &mut self,
        required: bool,
    ) -> Option<Option<T>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        let value: Value = match serde_json::from_slice(&self.request.body) {
            Ok(value) => value,
            Err(err) => {
                self.errors
                    .push("body", format!("is not valid JSON: {err}"));
                return None;
            }
        };
        match decode_all::<T>(value) {
            Ok(value) => Some(Some(value)),
            Err(problems) => {
                for (field, message) in problems {
                    self.errors.push(field, message);
                }
                None
            }
        }
    }

    /// An `application/x-www-form-urlencoded` body of type `T`: `key[sub]` and
    /// `key[0]` pairs nest; a value that reads as a number or boolean is one,
    /// unless the type wants text there.
    pub fn form_body<T: DeserializeOwned + Serialize>(
        &mut self,
        required: bool,
    ) -> Option<Option<T>> {
        self.form_body_encoded(required, &[], &[])
    }

    /// Like [`Reader::form_body`], for a body whose `properties` have `encoding`
    /// entries: each is read back the way the client writes it
    /// ([`FormEncoding`]). `names` are all the body's property names: the pairs of
    /// an object property written with `style: form, explode: true` are the pairs
    /// that belong to no other property.
    pub fn form_body_encoded<T: DeserializeOwned + Serialize>(
        &mut self,
        required: bool,
        properties: &[FormProperty],
        names: &[&str],
    ) -> Option<Option<T>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&self.request.body)
            .into_owned()
            .collect();
        self.form_value(&pairs, properties, names)
    }

    /// The whole query string as one value (OpenAPI 3.2 `in: querystring`), read
    /// back the way the client writes it: with `form`, its pairs as a form
    /// body's; otherwise its text, as JSON where that decodes, else as text.
    pub fn query_string<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        form: bool,
        required: bool,
    ) -> Option<Option<T>> {
        let request = self.request;
        let raw = request.raw_query.as_deref().filter(|raw| !raw.is_empty());
        let Some(raw) = raw else {
            return self.optional(name, None, required);
        };
        if form {
            return self.form_value(&request.query, &[], &[]);
        }
        let text = percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned();
        if let Ok(value) = serde_json::from_str::<Value>(&text)
            && let Ok(typed) = serde_json::from_value::<T>(value)
        {
            return Some(Some(typed));
        }
        self.optional(name, Some(Value::String(text)), required)
    }

    /// A value read from form pairs (a form body's, or a form-encoded query
    /// string's), its properties named in `properties` read in their style.
    fn form_value<T: DeserializeOwned + Serialize>(
        &mut self,
        pairs: &[(String, String)],
        properties: &[FormProperty],
        names: &[&str],
    ) -> Option<Option<T>> {
        let mut claimed = vec![false; pairs.len()];
        let mut styled: Vec<(&str, Value)> = Vec::new();
        let mut spread = None;
        for property in properties {
            let FormEncoding { name, style, .. } = property.encoding;
            let value = match (property.shape, style) {
                (_, QueryStyle::DeepObject) => continue,
                (Shape::Object, QueryStyle::Form { explode: true }) => {
                    spread = spread.or(Some(name));
                    continue;
                }
                (Shape::Array, QueryStyle::Form { explode: true }) => {
                    let mut items = Vec::new();
                    for (index, (key, text)) in pairs.iter().enumerate() {
                        if key == name && !claimed[index] {
                            claimed[index] = true;
                            items.push(Value::String(text.clone()));
                        }
                    }
                    (!items.is_empty()).then_some(Value::Array(items))
                }
                (shape, _) => pairs
                    .iter()
                    .enumerate()
                    .find(|(index, (key, _))| key == name && !claimed[*index])
                    .map(|(index, (_, text))| {
                        claimed[index] = true;
                        match shape {
                            Shape::Scalar => Value::String(text.clone()),
                            shape => split_styled(text, shape, style),
                        }
                    }),
            };
            if let Some(value) = value {
                styled.push((name, value));
            }
        }
        if let Some(name) = spread {
            let mut members = Map::new();
            for (index, (key, text)) in pairs.iter().enumerate() {
                let head = key.split_once('[').map_or(key.as_str(), |(head, _)| head);
                if !claimed[index] && !names.contains(&head) {
                    claimed[index] = true;
                    members.insert(key.clone(), Value::String(text.clone()));
                }
            }
            if !members.is_empty() {
                styled.push((name, Value::Object(members)));
            }
        }
        let mut value = Value::Object(Map::new());
        for (index, (key, text)) in pairs.iter().enumerate() {
            if claimed[index] {
                continue;
            }
            let Some(keys) = key_levels(key) else {
                let head = key.split_once('[').map_or(key.as_str(), |(head, _)| head);
                self.errors.push(head, too_deep());
                return None;
            };
            insert_deep(&mut value, &keys, text);
        }
        let mut text = arrays_from_indexes(value);
        if let Value::Object(map) = &mut text {
            for (name, value) in styled {
                map.insert(name.to_owned(), value);
            }
        }
        // Leaves read as scalars; a leaf the type wants as text goes back to text.
        let mut leaves = Vec::new();
        scalar_leaves(&text, &mut Vec::new(), &mut leaves);
        let mut value = scalars(text);
        let mut outcome = decode_all::<T>(value.clone());
        for _ in 0..16 {
            let Err(problems) = &outcome else { break };
            let mut changed = false;
            for (at, original) in &leaves {
                let name = display_path(at);
                if problems.iter().any(|(field, _)| *field == name)
                    && set_at(&mut value, at, Value::String(original.clone()))
                {
                    changed = true;
                }
            }
            if !changed {
                break;
            }
            leaves.retain(|(at, _)| !problems.iter().any(|(f, _)| *f == display_path(at)));
            outcome = decode_all::<T>(value.clone());
        }
        match outcome {
            Ok(typed) => Some(Some(typed)),
            Err(problems) => {
                for (field, message) in problems {
                    self.errors.push(field, message);
                }
                None
            }
        }
    }

    /// A text body.
    pub fn text_body(&mut self, required: bool) -> Option<Option<String>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        match std::str::from_utf8(&self.request.body) {
            Ok(text) => Some(Some(text.to_owned())),
            Err(_) => {
                self.errors.push("body", "is not UTF-8 text");
                None
            }
        }
    }

    /// A raw body.
    pub fn bytes_body(&mut self, required: bool) -> Option<Option<Bytes>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        Some(Some(self.request.body.clone()))
    }

    /// A raw body of a media range (`*/*`), with the `Content-Type` it came with.
    pub fn ranged_body(&mut self, required: bool) -> Option<Option<(String, Bytes)>> {
        if self.request.body.is_empty() {
            return self.absent_body(required);
        }
        Some(Some((
            self.request.content_type().to_owned(),
            self.request.body.clone(),
        )))
    }

    /// Which of the operation's media types the body came as (see
    /// [`Incoming::media`]).
    pub fn media(&self) -> usize {
        self.request.media
    }

    /// A `multipart/form-data` body.
    pub fn multipart_body<T: FromParts>(&mut self, required: bool) -> Option<Option<T>> {
        match &self.request.parts {
            None => self.absent_body(required),
            Some(Err(message)) => {
                self.errors.push("body", message.clone());
                None
            }
            Some(Ok(_)) => T::from_parts(self).map(Some),
        }
    }

    /// A part of a multipart body that is not a file, read into `T` the way the
    /// client writes it ([`RequestParts::multipart_typed`](crate::RequestParts::multipart_typed)):
    /// `content_types` are the property's `encoding` `contentType` list (empty:
    /// none given), which every part must match (a part without `Content-Type`
    /// is `text/plain`). A JSON type reads one part as JSON; otherwise an array
    /// is one part per item, an object one JSON part, a scalar one text part.
    pub fn part_value<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        required: bool,
        shape: Shape,
        content_types: &[&str],
    ) -> Option<Option<T>> {
        let parts: Vec<&ReceivedPart> = self.parts().iter().filter(|p| p.name == name).collect();
        if let Some(message) = parts.iter().find_map(|part| {
            not_in_encoding(
                content_types,
                part.content_type.as_deref().unwrap_or("text/plain"),
            )
        }) {
            self.errors.push(name, message);
            return None;
        }
        let json = |part: &ReceivedPart| serde_json::from_slice::<Value>(&part.bytes);
        let text =
            |part: &ReceivedPart| Value::String(String::from_utf8_lossy(&part.bytes).into_owned());
        let whole_json =
            crate::media::first_concrete(content_types).is_some_and(crate::media::is_json);
        let value = match (parts.first(), shape) {
            (None, _) => None,
            (Some(part), _) if whole_json => match json(part) {
                Ok(value) => Some(value),
                Err(err) => {
                    self.errors.push(name, format!("is not valid JSON: {err}"));
                    return None;
                }
            },
            (Some(_), Shape::Array) => Some(Value::Array(
                parts
                    .iter()
                    .map(|part| {
                        let is_json = part
                            .content_type
                            .as_deref()
                            .is_some_and(crate::media::is_json);
                        match json(part) {
                            Ok(value) if is_json => value,
                            _ => text(part),
                        }
                    })
                    .collect(),
            )),
            (Some(part), Shape::Object) => match json(part) {
                Ok(value) => Some(value),
                Err(err) => {
                    self.errors.push(name, format!("is not valid JSON: {err}"));
                    return None;
                }
            },
            (Some(part), Shape::Scalar) => Some(text(part)),
        };
        self.optional(name, value, required)
    }

    /// A file part of a multipart body.
    pub fn part_file(&mut self, name: &str, required: bool) -> Option<Option<FilePart>> {
        self.part_file_typed(name, required, &[])
    }

    /// A file part whose `encoding` gives `contentType`: the media types and ranges
    /// it must match (empty: any).
    pub fn part_file_typed(
        &mut self,
        name: &str,
        required: bool,
        content_types: &[&str],
    ) -> Option<Option<FilePart>> {
        self.part_files_typed(name, required, content_types)
            .map(|files| files.and_then(|files| files.into_iter().next()))
    }

    /// Every file part of a multipart body under `name` (at least one if required).
    pub fn part_files(&mut self, name: &str, required: bool) -> Option<Option<Vec<FilePart>>> {
        self.part_files_typed(name, required, &[])
    }

    /// Like [`Reader::part_files`], each part's content type matching one of
    /// `content_types` (empty: any; a part without one does not match).
    pub fn part_files_typed(
        &mut self,
        name: &str,
        required: bool,
        content_types: &[&str],
    ) -> Option<Option<Vec<FilePart>>> {
        let files: Vec<FilePart> = self
            .parts()
            .iter()
            .filter(|p| p.name == name)
            .map(|part| {
                let mut file = FilePart::new(part.bytes.clone());
                if let Some(file_name) = &part.file_name {
                    file = file.file_name(file_name.clone());
                }
                if let Some(content_type) = &part.content_type {
                    file = file.content_type(content_type.clone());
                }
                file
            })
            .collect();
        if let Some(message) = files.iter().find_map(|file| {
            not_in_encoding(content_types, file.mime().unwrap_or("no content type"))
        }) {
            self.errors.push(name, message);
            return None;
        }
        match files.is_empty() {
            false => Some(Some(files)),
            true if required => {
                self.errors.push(name, "is required");
                None
            }
            true => Some(None),
        }
    }

    /// The problems recorded so far, as an error if there are any.
    pub fn finish(&self) -> Result<(), InvalidRequest> {
        if self.errors.fields.is_empty() {
            Ok(())
        } else {
            Err(self.errors.clone())
        }
    }

    /// The problems recorded, as an error (with a general entry if none was).
    pub fn error(&self) -> InvalidRequest {
        let mut errors = self.errors.clone();
        if errors.fields.is_empty() {
            errors.push("request", "is not valid");
        }
        errors
    }

    pub(super) fn parts(&self) -> &[ReceivedPart] {
        match &self.request.parts {
            Some(Ok(parts)) => parts,
            _ => &[],
        }
    }

    pub(super) fn absent_body<T>(&mut self, required: bool) -> Option<Option<T>> {
        if required {
            self.errors.push("body", "is required");
            None
        } else {
            Some(None)
        }
    }

    pub(super) fn optional<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        value: Option<Value>,
        required: bool,
    ) -> Option<Option<T>> {
        match value {
            Some(value) => self.text_value(name, value).map(Some),
            None if required => {
                self.errors.push(name, "is required");
                None
            }
            None => Some(None),
        }
    }

    /// Reads a value whose leaves arrived as text: as text first, then with each
    /// leaf read as a JSON scalar (numbers, booleans) where it is one.
    pub(super) fn text_value<T: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        value: Value,
    ) -> Option<T> {
        let decode = |value: Value| serde_json::from_value::<T>(value);
        let (err, typed) = match decode(value.clone()) {
            Ok(typed) => (None, Some(typed)),
            Err(err) => (Some(err), decode(scalars(value.clone())).ok()),
        };
        if let Some(typed) = &typed {
            let encoded = serde_json::to_value(typed).unwrap_or(Value::Null);
            if let Some((_, message)) = shape_problems(&scalars(value.clone()), &encoded)
                .into_iter()
                .chain(shape_problems(&value, &encoded))
                .next()
            {
                self.errors.push(name, message);
                return None;
            }
        }
        if let Some(unknown) = typed
            .as_ref()
            .and_then(|t| crate::unknown::find(t).into_iter().next())
        {
            self.errors.push(name, unknown.message());
            return None;
        }
        match typed.ok_or(err) {
            Ok(typed) => Some(typed),
            Err(err) => {
                let message = err.map_or_else(|| String::from("is not valid"), |e| e.to_string());
                self.errors.push(name, message);
                None
            }
        }
    }
}

/// Why a part sent as `got` does not fit the property's `encoding`
/// `contentType` list `content_types` (empty: any fits).
fn not_in_encoding(content_types: &[&str], got: &str) -> Option<String> {
    let fits = content_types.is_empty()
        || content_types
            .iter()
            .any(|range| crate::media::in_range(range, got));
    (!fits).then(|| {
        format!(
            "is sent as {got}; the spec's encoding gives {}",
            content_types.join(", ")
        )
    })
}
