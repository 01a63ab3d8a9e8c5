//! Decoding a JSON value into a typed request while naming every bad field:
//! serde stops at the first error, so each is recorded, taken out or stood in for,
//! and decoding goes on; then what serde lets through but the spec does not.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Decodes `value` as `T`; on failure, finds every bad field it can: each failing
/// field is recorded and taken out (or, when required, stood in for by a value
/// that `T` accepts there) before decoding again. Problems inside a stand-in are
/// not recorded: they are the stand-in's, not the caller's. A value that decodes
/// is then compared with its re-encoding, for what serde lets through but the spec
/// does not ([`shape_problems`]).
pub(super) fn decode_all<T: DeserializeOwned + Serialize>(
    mut value: Value,
) -> Result<T, Vec<(String, String)>> {
    let original = value.clone();
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut stood_in: Vec<Vec<Segment>> = Vec::new();
    let mut budget = Budget::for_value(&value);
    // Each round fixes one field, while the budget lasts.
    while problems.len() < MAX_PROBLEMS {
        if !budget.spend() {
            return Err(problems);
        }
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(typed) => {
                unknown_values(&typed, &stood_in, &mut problems);
                if !problems.is_empty() {
                    return Err(problems);
                }
                let problems = match serde_json::to_value(&typed) {
                    Ok(encoded) => shape_problems(&original, &encoded),
                    Err(_) => Vec::new(),
                };
                return if problems.is_empty() {
                    Ok(typed)
                } else {
                    Err(problems)
                };
            }
            Err(err) => err,
        };
        let (target, missing) = error_target(&err);
        let message = err.inner().to_string();
        if target.is_empty() {
            // The body as a whole is of the wrong shape.
            if problems.is_empty() {
                problems.push((String::from("body"), message));
            }
            return Err(problems);
        }
        // serde reads a struct from an array too: name the array, not its items.
        if let Some(array) = array_read_as_struct::<T>(&mut value, &target, &mut budget) {
            if array.is_empty() {
                return Err(vec![(
                    String::from("body"),
                    String::from("invalid type: array, expected an object"),
                )]);
            }
            let field = display_path(&array);
            if !stood_in.iter().any(|s| array.starts_with(s)) {
                problems.push((
                    field,
                    String::from("invalid type: array, expected an object"),
                ));
            }
            if !stand_in::<T>(&mut value, &array, "", &mut budget) {
                return Err(problems);
            }
            stood_in.push(array);
            continue;
        }
        let field = display_path(&target);
        let inside_stand_in = stood_in.iter().any(|s| target.starts_with(s));
        let reported = problems.iter().any(|(f, _)| *f == field);
        if !inside_stand_in && !reported {
            let text = if missing {
                String::from("is required")
            } else {
                message.clone()
            };
            problems.push((field, text));
        } else if reported && !missing {
            return Err(problems);
        }
        let in_object = matches!(target.last(), Some(Segment::Key(_)));
        if !missing && in_object && remove_at(&mut value, &target) {
            continue;
        }
        if stand_in::<T>(&mut value, &target, &message, &mut budget) {
            stood_in.push(target);
            continue;
        }
        // An array element nothing stands in for: take it out (later elements'
        // indexes then shift by one).
        if !in_object && remove_at(&mut value, &target) {
            continue;
        }
        return Err(problems);
    }
    Err(problems)
}

/// The most bad fields one body reports.
const MAX_PROBLEMS: usize = 100;

/// How many times a body may still be decoded while its bad fields are looked
/// for. A decode costs at most the body's size, and a valid body is decoded,
/// checked for unknown values, re-encoded and compared (four passes over it),
/// so a large invalid body gets 8 decodes: it costs at most 3 times a valid
/// one of its size (`bench/run mock` measures it). A small one gets more, so
/// that every bad field is named: decodes of 2²⁰ values in all, a few
/// milliseconds.
struct Budget(usize);

impl Budget {
    fn for_value(value: &Value) -> Self {
        const SMALL: usize = 1 << 20;
        Self(8 + SMALL / count_values(value).max(1))
    }

    /// Takes one decode from the budget; `false` when none is left.
    fn spend(&mut self) -> bool {
        let left = self.0 > 0;
        self.0 = self.0.saturating_sub(1);
        left
    }
}

/// How many JSON values `value` holds, itself included.
fn count_values(value: &Value) -> usize {
    let mut count = 0;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        count += 1;
        match value {
            Value::Array(items) => pending.extend(items),
            Value::Object(map) => pending.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// Records each enum value of `typed` its enum does not list (a request must not
/// carry one, though it decodes), unless it is inside a stand-in or its field is
/// already reported.
fn unknown_values<T: Serialize>(
    typed: &T,
    stood_in: &[Vec<Segment>],
    problems: &mut Vec<(String, String)>,
) {
    for unknown in crate::unknown::find(typed) {
        if stood_in.iter().any(|s| unknown.path.starts_with(s)) {
            continue;
        }
        let field = match display_path(&unknown.path) {
            path if path.is_empty() => String::from("body"),
            path => path,
        };
        if !problems.iter().any(|(f, _)| *f == field) {
            problems.push((field, unknown.message()));
        }
    }
}

/// Puts a stand-in at `target` in `value` that moves decoding past it: a
/// value of some shape, a UUID, a date-time, or a value the error messages name
/// (an enum's first value). Without one (or budget for more tries), `value` is
/// left as it was and the answer is `false`. Tried in place: copying the body
/// for each try would cost more than decoding it.
fn stand_in<T: DeserializeOwned>(
    value: &mut Value,
    target: &[Segment],
    message: &str,
    budget: &mut Budget,
) -> bool {
    let Some(was) = value_at(value, target) else {
        return false;
    };
    let mut candidates: Vec<Value> = vec![
        Value::String(String::new()),
        Value::from(0),
        Value::Bool(false),
        Value::Array(Vec::new()),
        Value::Object(Map::new()),
        Value::Null,
        Value::from("00000000-0000-0000-0000-000000000000"),
        Value::from("1970-01-01T00:00:00Z"),
        Value::from("1970-01-01"),
    ];
    candidates.extend(expected_value(message));
    let mut tried = 0;
    while let Some(candidate) = candidates.get(tried).cloned() {
        tried += 1;
        if tried > 16 || !budget.spend() || !set_at(value, target, candidate) {
            break;
        }
        match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(_) => return true,
            Err(next) => {
                if error_target(&next).0 != target {
                    return true;
                }
                candidates.extend(expected_value(&next.inner().to_string()));
            }
        }
    }
    match was {
        Some(was) => set_at(value, target, was),
        None => remove_at(value, target),
    };
    false
}

/// What is at `target` in `value`: `Some(None)` when its parent has no such
/// member, `None` when there is no parent.
fn value_at(value: &mut Value, target: &[Segment]) -> Option<Option<Value>> {
    let (last, parents) = target.split_last()?;
    match (walk(value, parents)?, last) {
        (Value::Object(map), Segment::Key(key)) => Some(map.get(key).cloned()),
        (Value::Array(items), Segment::Index(index)) => Some(items.get(*index).cloned()),
        _ => None,
    }
}

/// The outermost array on the way to `target` that `T` reads as a struct (serde's
/// derived structs accept a sequence of their fields), if any.
fn array_read_as_struct<T: DeserializeOwned>(
    value: &mut Value,
    target: &[Segment],
    budget: &mut Budget,
) -> Option<Vec<Segment>> {
    for (i, segment) in target.iter().enumerate() {
        if !matches!(segment, Segment::Index(_)) {
            continue;
        }
        let prefix = &target[..i];
        // The array emptied in place for the probe, then put back.
        let items = match walk(value, prefix) {
            Some(Value::Array(items)) => std::mem::take(items),
            _ => continue,
        };
        let found = budget.spend()
            && matches!(serde_path_to_error::deserialize::<_, T>(&*value),
                Err(err) if error_target(&err).0 == prefix
                    && err.inner().to_string().contains("expected struct"));
        if let Some(Value::Array(slot)) = walk(value, prefix) {
            *slot = items;
        }
        if found {
            return Some(prefix.to_vec());
        }
    }
    None
}

/// The first value an error message says was expected (serde's "expected one of
/// `a`, `b`" for an enum).
pub(super) fn expected_value(message: &str) -> Option<Value> {
    let rest = message
        .split_once("expected one of `")
        .or_else(|| message.split_once("expected `"))?
        .1;
    Some(Value::from(rest.split('`').next()?))
}

/// What serde accepts but the spec does not, found by comparing a request value
/// with the re-encoding of what it decoded to: an array read as an object, a
/// `null` dropped for a field that is not nullable, a UUID not in its
/// 8-4-4-4-12 form.
pub(super) fn shape_problems(input: &Value, decoded: &Value) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    compare(input, decoded, &mut Vec::new(), &mut problems);
    problems
}

/// Walks a request value beside its re-encoding and records what serde let
/// through that the spec does not allow (see [`shape_problems`]).
pub(super) fn compare(
    input: &Value,
    decoded: &Value,
    at: &mut Vec<Segment>,
    problems: &mut Vec<(String, String)>,
) {
    let name = |at: &[Segment]| {
        let path = display_path(at);
        if path.is_empty() {
            String::from("body")
        } else {
            path
        }
    };
    match (input, decoded) {
        (Value::Array(_), Value::Object(_)) => {
            problems.push((
                name(at),
                String::from("invalid type: array, expected an object"),
            ));
        }
        (Value::Object(given), Value::Object(kept)) => {
            for (key, value) in given {
                at.push(Segment::Key(key.clone()));
                match kept.get(key) {
                    Some(decoded) => compare(value, decoded, at, problems),
                    None if value.is_null() => {
                        problems.push((name(at), String::from("must not be null")));
                    }
                    None => {}
                }
                at.pop();
            }
        }
        (Value::Array(given), Value::Array(kept)) if given.len() == kept.len() => {
            for (index, (value, decoded)) in given.iter().zip(kept).enumerate() {
                at.push(Segment::Index(index));
                compare(value, decoded, at, problems);
                at.pop();
            }
        }
        (Value::String(given), Value::String(kept))
            if given != kept && is_hyphenated_uuid(kept) && !is_hyphenated_uuid(given) =>
        {
            problems.push((
                name(at),
                String::from("is not a UUID in its 8-4-4-4-12 hyphenated form"),
            ));
        }
        _ => {}
    }
}

pub(super) fn is_hyphenated_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Where an error is: the path, extended by the field's name for a missing field.
pub(super) fn error_target(
    err: &serde_path_to_error::Error<serde_json::Error>,
) -> (Vec<Segment>, bool) {
    let mut target = path_segments(err.path());
    match missing_field(&err.inner().to_string()) {
        Some(field) => {
            target.push(Segment::Key(field));
            (target, true)
        }
        None => (target, false),
    }
}

/// A step of a path into a request value.
pub(super) use crate::unknown::Step as Segment;

pub(super) fn path_segments(path: &serde_path_to_error::Path) -> Vec<Segment> {
    path.iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Enum { variant } => Some(Segment::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

pub(super) fn display_path(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

pub(super) fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

pub(super) fn remove_at(value: &mut Value, target: &[Segment]) -> bool {
    let Some((last, parents)) = target.split_last() else {
        return false;
    };
    let Some(parent) = walk(value, parents) else {
        return false;
    };
    match (parent, last) {
        (Value::Object(map), Segment::Key(key)) => map.shift_remove(key).is_some(),
        (Value::Array(items), Segment::Index(index)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

pub(super) fn set_at(value: &mut Value, target: &[Segment], new: Value) -> bool {
    let Some((last, parents)) = target.split_last() else {
        return false;
    };
    let Some(parent) = walk(value, parents) else {
        return false;
    };
    match (parent, last) {
        (Value::Object(map), Segment::Key(key)) => {
            map.insert(key.clone(), new);
            true
        }
        (Value::Array(items), Segment::Index(index)) if *index < items.len() => {
            items[*index] = new;
            true
        }
        _ => false,
    }
}

pub(super) fn walk<'v>(value: &'v mut Value, segments: &[Segment]) -> Option<&'v mut Value> {
    let mut current = value;
    for segment in segments {
        current = match (current, segment) {
            (Value::Object(map), Segment::Key(key)) => map.get_mut(key)?,
            (Value::Array(items), Segment::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(current)
}
