//! Streamed responses: which documented media type is a sequence of items
//! (JSON Lines, NDJSON, JSON text sequences, server-sent events, Kubernetes'
//! watch streams), each item's type, and a documented end marker.
//!
//! OpenAPI 3.2 names the item's schema `itemSchema` (a `schema` alone is the
//! whole body); 3.0 and 3.1 have only `schema`, which under a sequential media
//! type is read as each item's schema unless it is `type: string` (the body as
//! one text). For server-sent events the item is the event: in 3.2 its
//! `itemSchema` describes the event's fields, and its `data` property (or that
//! property's `contentSchema`, for JSON carried in the string) is the type the
//! data decodes into; in 3.0 and 3.1 the `schema` is that of the data.

use crate::doc::{Map, Value};

use super::Model;
use crate::diag::join;
use crate::ir::*;
use crate::spec::objects::{Example as ExampleObject, MediaType};
use crate::spec::schema::Schema;

impl<'a> Model<'a, '_> {
    /// The first media type of `content` (at `at`) that is read as a stream
    /// of items, with its item type; `by_send` is left false.
    pub(super) fn stream(&mut self, content: &'a Map, at: &str, hint: &str) -> Option<StreamDef> {
        content.iter().find_map(|(media_type, media)| {
            let framing = crate::media::framing(media_type)?;
            let media_at = join(at, media_type);
            let (item, end) = self.item(framing, media, &media_at, hint)?;
            let end = end.or_else(|| self.end_in_examples(framing, media, &media_at));
            Some(StreamDef {
                media_type: media_type.clone(),
                framing,
                item,
                end,
                by_send: false,
            })
        })
    }

    /// The item type of a sequential media type object, and an end marker
    /// its schema documents; `None` when the body is read whole.
    fn item(
        &mut self,
        framing: Framing,
        media: &'a Value,
        at: &str,
        hint: &str,
    ) -> Option<(Ty, Option<String>)> {
        let media_object = MediaType::new(media);
        let hint = format!("{hint}Item");
        if self.cx.item_schemas {
            let item_schema = media_object.item_schema();
            let schema = item_schema.value?;
            let schema_at = join(at, item_schema.name);
            if framing != Framing::EventStream {
                let ty = self.types.schema(&mut self.cx, schema, &schema_at, &hint);
                return Some((ty, None));
            }
            // The event's fields: its `data` is the item.
            let (event, event_at) = self.cx.deref(schema, &schema_at)?;
            let data_at = join(&join(&event_at, "properties"), "data");
            let Some(data) = Schema::new(event)
                .properties()
                .and_then(|properties| properties.get("data"))
            else {
                return Some((Ty::String, None));
            };
            let (data, data_at) = self.cx.deref(data, &data_at)?;
            let (data, data_at) = match data.get("contentSchema") {
                Some(inner) => (inner, join(&data_at, "contentSchema")),
                None => (data, data_at.into_owned()),
            };
            return Some(self.item_without_end(data, &data_at, &hint));
        }
        let schema = media_object.schema();
        let Some(value) = schema.value else {
            // No schema: text data, or untyped JSON items.
            if framing == Framing::EventStream {
                return Some((Ty::String, None));
            }
            self.cx.sink.untyped(at, false);
            return Some((Ty::Any, None));
        };
        let schema_at = join(at, schema.name);
        let (resolved, _) = self.cx.deref(value, &schema_at)?;
        if Schema::new(resolved).type_name() == Some("string") {
            return None;
        }
        Some(self.item_without_end(value, &schema_at, &hint))
    }

    /// The type of items of `schema`, and the end marker it documents beside
    /// them (which is then not part of the type).
    fn item_without_end(
        &mut self,
        schema: &'a Value,
        at: &str,
        hint: &str,
    ) -> (Ty, Option<String>) {
        let resolved = self
            .cx
            .deref(schema, at)
            .map(|(resolved, resolved_at)| (resolved, resolved_at.into_owned()));
        match resolved.and_then(|(resolved, resolved_at)| end_branch(resolved, &resolved_at)) {
            Some((end, items, items_at)) => {
                let ty = self.types.schema(&mut self.cx, items, &items_at, hint);
                (ty, Some(end))
            }
            None => (self.types.schema(&mut self.cx, schema, at, hint), None),
        }
    }

    /// An end marker that the examples of a stream of events show: the data
    /// of an event that is not JSON, such as `data: [DONE]` last in an
    /// example written as the stream's text.
    fn end_in_examples(&mut self, framing: Framing, media: &'a Value, at: &str) -> Option<String> {
        if framing != Framing::EventStream {
            return None;
        }
        let media_object = MediaType::new(media);
        let mut texts: Vec<&'a Value> = media_object.example().value.into_iter().collect();
        if let Some((field, examples)) = media_object.examples() {
            for (name, example) in examples {
                let example_at = join(&join(at, field), name);
                if let Some((example, _)) = self.cx.deref(example, &example_at) {
                    texts.extend(ExampleObject::new(example).value().value);
                }
            }
        }
        texts
            .into_iter()
            .filter_map(Value::as_str)
            .flat_map(str::lines)
            .filter_map(|line| line.strip_prefix("data:"))
            .map(|data| data.strip_prefix(' ').unwrap_or(data))
            .find(|data| !data.is_empty() && serde_json::from_str::<Value>(data).is_err())
            .map(str::to_owned)
    }
}

/// The end marker a data schema documents: a text that is not JSON, so it
/// cannot be an item, given as a `const` or one-value `enum` of one of two
/// `oneOf`/`anyOf` branches (`[DONE]` beside the chunks' schema). Returns it
/// with the other branch and that branch's pointer: the items' schema.
fn end_branch<'a>(schema: &'a Value, at: &str) -> Option<(String, &'a Value, String)> {
    let (keyword, branches) = Schema::new(schema)
        .branches(false)
        .or_else(|| Schema::new(schema).branches(true))?;
    let [first, second] = branches else {
        return None;
    };
    let (end, index) = match (end_marker(first), end_marker(second)) {
        (Some(end), None) => (end, 1),
        (None, Some(end)) => (end, 0),
        _ => return None,
    };
    let branch_at = join(&join(at, keyword), &index.to_string());
    Some((end, &branches[index], branch_at))
}

/// A `const` or one-value `enum` text of a schema that is not JSON.
fn end_marker(schema: &Value) -> Option<String> {
    let schema = Schema::new(schema);
    let value = match (schema.const_value(), schema.enum_values()) {
        (Some(value), _) => value,
        (None, Some([value])) => value,
        _ => return None,
    };
    let text = value.as_str()?;
    serde_json::from_str::<Value>(text)
        .is_err()
        .then(|| text.to_owned())
}
