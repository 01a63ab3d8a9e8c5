//! Form styles read back from text: `form`, `spaceDelimited`, `pipeDelimited` and
//! `deepObject` values and `key[sub]` pairs, into JSON the typed request decodes.

use serde_json::{Map, Value};

use super::decode::Segment;
use super::request::Shape;
use crate::request::QueryStyle;

pub(super) fn first<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A non-exploded array or object read back from its text: items (or key, value,
/// key, value) separated by commas, spaces or pipes as the style writes them.
pub(super) fn split_styled(text: &str, shape: Shape, style: QueryStyle) -> Value {
    let separator = match style {
        QueryStyle::SpaceDelimited => ' ',
        QueryStyle::PipeDelimited => '|',
        _ => ',',
    };
    let items: Vec<&str> = text.split(separator).collect();
    match shape {
        Shape::Object if text.is_empty() => Value::Object(Map::new()),
        Shape::Object => Value::Object(
            items
                .chunks(2)
                .map(|kv| {
                    (
                        kv[0].to_owned(),
                        Value::String(kv.get(1).copied().unwrap_or("").to_owned()),
                    )
                })
                .collect(),
        ),
        _ => Value::Array(
            items
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        ),
    }
}

/// The most levels a form or `deepObject` key may nest (`a[b][c]` nests two):
/// a deeper key is refused (400) before anything is built from it, so reading
/// a request never recurses without bound. Real forms nest a few levels.
pub(super) const MAX_KEY_DEPTH: usize = 32;

/// The problem with a key nesting deeper than [`MAX_KEY_DEPTH`].
pub(super) fn too_deep() -> String {
    format!("nests deeper than {MAX_KEY_DEPTH} levels")
}

/// `key`'s parts: `a[b][c]` is `a`, `b`, `c`; `None` when it nests deeper
/// than [`MAX_KEY_DEPTH`].
pub(super) fn key_levels(key: &str) -> Option<Vec<&str>> {
    let levels: Vec<&str> = match key.split_once('[') {
        Some((head, rest)) => std::iter::once(head)
            .chain(rest.trim_end_matches(']').split("]["))
            .take(MAX_KEY_DEPTH + 2)
            .collect(),
        None => vec![key],
    };
    (levels.len() <= MAX_KEY_DEPTH + 1).then_some(levels)
}

pub(super) fn insert_deep(target: &mut Value, keys: &[&str], value: &str) {
    let Some((key, rest)) = keys.split_first() else {
        return;
    };
    let Value::Object(map) = target else {
        return;
    };
    if rest.is_empty() {
        map.insert((*key).to_owned(), Value::String(value.to_owned()));
    } else {
        let child = map
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        insert_deep(child, rest, value);
    }
}

/// Objects whose keys are exactly `0..n` (or a single empty key, `key[]`) become
/// arrays, recursively.
pub(super) fn arrays_from_indexes(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let map: Map<String, Value> = map
                .into_iter()
                .map(|(k, v)| (k, arrays_from_indexes(v)))
                .collect();
            let indexed = !map.is_empty()
                && map
                    .keys()
                    .enumerate()
                    .all(|(i, k)| k.parse::<usize>().ok() == Some(i));
            if indexed {
                Value::Array(map.into_iter().map(|(_, v)| v).collect())
            } else if map.len() == 1 && map.contains_key("") {
                Value::Array(map.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(map)
            }
        }
        other => other,
    }
}

/// The text leaves that [`scalars`] turns into numbers or booleans, with their paths.
pub(super) fn scalar_leaves(
    value: &Value,
    at: &mut Vec<Segment>,
    out: &mut Vec<(Vec<Segment>, String)>,
) {
    match value {
        Value::String(text) if scalars(value.clone()) != *value => {
            out.push((at.clone(), text.clone()));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(Segment::Index(index));
                scalar_leaves(item, at, out);
                at.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                at.push(Segment::Key(key.clone()));
                scalar_leaves(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Text leaves that read as JSON scalars become those scalars.
pub(super) fn scalars(value: Value) -> Value {
    match value {
        Value::String(text) => match serde_json::from_str::<Value>(&text) {
            Ok(scalar @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => scalar,
            _ => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(scalars).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, scalars(v))).collect())
        }
        other => other,
    }
}
