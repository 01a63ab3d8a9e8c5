//! What OpenAPI 3.2 adds beyond 3.1, read into the spelling the model reads
//! (called by [`super::normalize`] for 3.2 documents, after 3.1's rewriting):
//!
//! | 3.2 | read as |
//! |---|---|
//! | a media type that is a `$ref` (to `#/components/mediaTypes/…`) | a copy of its target |
//! | an Example Object's `dataValue` | its `value` (when it has none) |
//!
//! What the model reads directly, as every version may spell it: the `query`
//! method and `additionalOperations` ([`super::objects::PathItem::operations`]),
//! `in: querystring` and `style: cookie` ([`super::vocab`]),
//! `discriminator.defaultMapping` ([`super::schema`]), tags' `parent`, `kind`
//! and `summary` ([`super::objects::Document::tags`]); `$self` is read where
//! other files are ([`super::files`]).
//!
//! The 3.2 fields nothing generated expresses are listed in the client's notes
//! with where they are ([`unread`]).

use std::collections::BTreeMap;

use crate::diag::join;
use crate::doc::Value;

use super::normalize::NAME_MAPS;
use super::refs::MAX_CHAIN;

/// Rewrites the 3.2 spellings of `doc` that the model reads in another form,
/// and gives the notes for the 3.2 fields nothing generated expresses.
pub(crate) fn normalize(doc: &mut Value) -> Vec<String> {
    inline_media_types(doc);
    data_values(doc);
    unread(doc)
}

/// Each media type of a `content` map that is a local `$ref` replaced by a copy
/// of its target (3.2's `components.mediaTypes`), so the model reads media
/// types as it always did.
fn inline_media_types(doc: &mut Value) {
    let mut places = Vec::new();
    walk(doc, &mut |node, pointer, key, names| {
        if key == "content"
            && names
            && let Value::Object(map) = node
        {
            for (media, value) in map {
                if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
                    places.push((join(pointer, media), reference.to_owned()));
                }
            }
        }
    });
    for (at, reference) in places {
        let Some(target) = media_type_target(doc, &reference).cloned() else {
            // Left as it is: the model reports what it cannot read.
            continue;
        };
        let Some(place) = doc.pointer_mut(&at[1..]) else {
            continue;
        };
        let siblings: Vec<(String, Value)> = place
            .as_object()
            .map(|own| {
                own.iter()
                    .filter(|(key, _)| *key != "$ref")
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        *place = target;
        if let Value::Object(copy) = place {
            copy.extend(siblings);
        }
    }
}

/// The media type a local `$ref` names, following references from one media
/// type to the next (up to [`MAX_CHAIN`]).
fn media_type_target<'d>(doc: &'d Value, reference: &str) -> Option<&'d Value> {
    let mut reference = reference;
    for _ in 0..MAX_CHAIN {
        let target = doc.pointer(reference.strip_prefix('#')?)?;
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) => reference = next,
            None => return Some(target),
        }
    }
    None
}

/// An Example Object's `dataValue` (3.2: the value as data, beside its
/// `serializedValue`) read as its `value`.
fn data_values(doc: &mut Value) {
    let mut places = Vec::new();
    walk(doc, &mut |node, pointer, key, names| {
        if key == "examples"
            && names
            && let Value::Object(map) = node
        {
            for (name, example) in map {
                if example.get("dataValue").is_some() && example.get("value").is_none() {
                    places.push(join(pointer, name));
                }
            }
        }
    });
    for at in places {
        if let Some(Value::Object(example)) = doc.pointer_mut(&at[1..])
            && let Some(value) = example.get("dataValue").cloned()
        {
            example.insert(String::from("value"), value);
        }
    }
}

/// The 3.2 fields no generated code expresses: each field, the member its
/// object is under when the field's name alone does not tell (`name` is a
/// Server Object's only in a `servers` list), and why it is not read.
const UNREAD: &[(&str, Option<&str>, &str)] = &[
    (
        "itemEncoding",
        None,
        "how each item of a sequential body is encoded; the body is read whole",
    ),
    (
        "prefixEncoding",
        None,
        "how the first parts of a multipart body are encoded; parts are encoded by their property's type",
    ),
    (
        "serializedValue",
        None,
        "an example as it goes on the wire; the example's `dataValue` is what is checked",
    ),
    (
        "oauth2MetadataUrl",
        None,
        "where OAuth 2.0 server metadata is; the client takes a token you obtained",
    ),
    (
        "deviceAuthorization",
        None,
        "the OAuth 2.0 device flow; the client takes a token you obtained",
    ),
    (
        "nodeType",
        None,
        "how a value is written as XML; bodies are read and written as JSON, text or bytes",
    ),
    (
        "name",
        Some("servers"),
        "a server's name; the client's base URL is the first server's `url`",
    ),
];

/// Notes for the 3.2 fields of `doc` that no generated code expresses: one per
/// field, naming up to three places.
fn unread(doc: &Value) -> Vec<String> {
    let mut found: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    walk(doc, &mut |node, pointer, key, names| {
        let Value::Object(map) = node else {
            return;
        };
        if names {
            return;
        }
        for (field, _, _) in UNREAD.iter().filter(|(field, under, _)| {
            map.contains_key(*field) && under.is_none_or(|under| under == key)
        }) {
            found.entry(field).or_default().push(pointer.to_owned());
        }
    });
    let mut notes = Vec::new();
    for (field, under, why) in UNREAD {
        let Some(places) = found.get_mut(field) else {
            continue;
        };
        places.sort();
        let shown: Vec<String> = places.iter().take(3).map(|p| format!("`{p}`")).collect();
        let more = match places.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        let what = match under {
            Some(_) => "of a Server Object ",
            None => "",
        };
        notes.push(format!(
            "`{field}` {what}(OpenAPI 3.2) is not read, at {}{more}: {why}.",
            shown.join(", ")
        ));
    }
    notes
}

/// Calls `visit(node, pointer, key, names)` for every node of `doc` outside
/// data (examples, defaults, allowed values, extensions), where `key` is the
/// member the node is under and `names` says whether the node is a map whose
/// keys are names (properties, paths, media types) rather than fields. An
/// explicit stack: documents nest deeper than the call stack allows.
fn walk(doc: &Value, visit: &mut impl FnMut(&Value, &str, &str, bool)) {
    let mut stack: Vec<(&Value, String, String, bool)> =
        vec![(doc, String::from("#"), String::new(), false)];
    while let Some((node, pointer, key, names)) = stack.pop() {
        visit(node, &pointer, &key, names);
        match node {
            Value::Object(map) => {
                for (child_key, child) in map {
                    let data = matches!(
                        child_key.as_str(),
                        "example" | "default" | "const" | "enum" | "value" | "dataValue"
                    ) || child_key == "examples" && child.is_array()
                        || super::vocab::is_extension(child_key);
                    if !names && data {
                        continue;
                    }
                    // A map of Example Objects is named too (a schema's
                    // `examples` list is data, skipped above).
                    let child_names = !names
                        && (NAME_MAPS.contains(&child_key.as_str()) || child_key == "examples");
                    stack.push((
                        child,
                        join(&pointer, child_key),
                        child_key.clone(),
                        child_names,
                    ));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    stack.push((
                        child,
                        join(&pointer, &index.to_string()),
                        key.clone(),
                        false,
                    ));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::normalize;

    #[test]
    fn media_type_references_are_copied_in_place() {
        let mut doc = json!({
            "components": {"mediaTypes": {
                "Pet": {"$ref": "#/components/mediaTypes/PetJson"},
                "PetJson": {"schema": {"type": "string"}}
            }},
            "paths": {"/p": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"$ref": "#/components/mediaTypes/Pet"}}}}}}}
        });
        normalize(&mut doc);
        assert_eq!(
            doc.pointer("/paths/~1p/get/responses/200/content/application~1json"),
            Some(&json!({"schema": {"type": "string"}}))
        );
    }

    #[test]
    fn data_values_are_values_and_unread_fields_are_noted() {
        let mut doc = json!({
            "components": {"examples": {"One": {"dataValue": {"a": 1}, "serializedValue": "a=1"}},
                "schemas": {"itemSchema": {"type": "string"}}},
            "paths": {"/p": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/jsonl": {"itemEncoding": {"contentType": "text/plain"}}}}}}}}
        });
        let notes = normalize(&mut doc);
        assert_eq!(
            doc.pointer("/components/examples/One/value"),
            Some(&json!({"a": 1}))
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with(
            "`itemEncoding` (OpenAPI 3.2) is not read, at `#/paths/~1p/get/responses/200/content/application~1jsonl`"
        ));
        assert!(notes[1].starts_with(
            "`serializedValue` (OpenAPI 3.2) is not read, at `#/components/examples/One`"
        ));
    }
}
