//! The 3.1 rules of [`super::normalize`] about which types a schema allows: a
//! `type` list (`"null"` in it makes the schema nullable; several other types
//! become a `oneOf` with a branch per type), and `anyOf`/`oneOf` branches that
//! only allow `null`.

use crate::diag::join;
use crate::doc::{Map, Value};

use super::normalize::{Moved, at};

/// Whether a `type` beside a `$ref` only says the value may also be null.
pub(super) fn only_null_added(ty: &Value) -> bool {
    ty.as_array()
        .is_some_and(|types| types.iter().any(|t| t.as_str() == Some("null")) && types.len() == 2)
}

/// The JSON types whose keywords each keyword is, for splitting a `type` list.
fn keyword_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "format" | "pattern" | "minLength" | "maxLength" | "contentEncoding"
        | "contentMediaType" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "patternProperties"
        | "propertyNames"
        | "minProperties"
        | "maxProperties"
        | "discriminator" => "object",
        _ => return None,
    })
}

/// `type` as a list: `"null"` in it makes the schema nullable; one other type is
/// the type; several become a `oneOf` with a branch per type (`integer` folded
/// into `number` when both are listed), each taking the keywords of its type.
/// Whether it made that `oneOf`.
pub(super) fn type_list(
    map: &mut Map,
    nullable: &mut bool,
    pointer: &str,
    moved: &mut Moved,
) -> bool {
    if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        only_null(map);
        *nullable = true;
        return false;
    }
    let Some(Value::Array(list)) = map.get("type") else {
        return false;
    };
    let Some(mut types) = list
        .iter()
        .map(Value::as_str)
        .collect::<Option<Vec<&str>>>()
    else {
        return false;
    };
    if types.contains(&"null") {
        *nullable = true;
    }
    types.retain(|t| *t != "null");
    let mut seen = Vec::new();
    types.retain(|t| {
        !seen.contains(t) && {
            seen.push(*t);
            true
        }
    });
    if types.contains(&"number") {
        types.retain(|t| *t != "integer");
    }
    let types: Vec<String> = types.into_iter().map(str::to_owned).collect();
    match types.as_slice() {
        [] => {
            map.remove("type");
            only_null(map);
        }
        [one] => {
            map.insert(String::from("type"), Value::String(one.clone()));
        }
        // A schema with a `oneOf` of its own keeps the list (typed as any
        // value, with a note): the two would not fit in one `oneOf`.
        _ if map.contains_key("oneOf") => return false,
        several => {
            map.remove("type");
            let mut branches: Vec<Map> = several
                .iter()
                .map(|t| Map::from_iter([(String::from("type"), Value::String(t.clone()))]))
                .collect();
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let Some(of) = keyword_type(&key) else {
                    continue;
                };
                let owner = several
                    .iter()
                    .position(|t| t == of || (of == "number" && t == "integer"));
                if let (Some(owner), Some(value)) = (owner, map.remove(&key)) {
                    moved.push(
                        at(pointer, &["oneOf", &owner.to_string(), &key]),
                        join(pointer, &key),
                    );
                    branches[owner].insert(key, value);
                }
            }
            map.insert(
                String::from("oneOf"),
                Value::Array(branches.into_iter().map(Value::Object).collect()),
            );
            return true;
        }
    }
    false
}

/// A schema whose `type` allows only `null`: `enum: [null]` keeps saying so
/// once `type` is gone (3.0's `nullable: true` alone would allow any value).
fn only_null(map: &mut Map) {
    if !map.contains_key("enum") {
        map.insert(String::from("enum"), Value::Array(vec![Value::Null]));
    }
}

/// Whether a branch only allows `null`: `{type: "null"}` (documentation beside
/// it allowed).
fn is_null_branch(branch: &Value) -> bool {
    let Some(map) = branch.as_object() else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => {
            !types.is_empty() && types.iter().all(|t| t.as_str() == Some("null"))
        }
        _ => false,
    };
    null_type
        && map
            .keys()
            .all(|key| matches!(key.as_str(), "type" | "description" | "title" | "$comment"))
}

/// An `anyOf`/`oneOf` with `{type: "null"}` branches: they are left out and the
/// schema is nullable; the branches after them are renumbered in `moved`.
pub(super) fn null_branches(
    map: &mut Map,
    key: &str,
    pointer: &str,
    moved: &mut Moved,
    nullable: &mut bool,
) {
    let Some(Value::Array(branches)) = map.get_mut(key) else {
        return;
    };
    if !branches.iter().any(is_null_branch) || branches.iter().all(is_null_branch) {
        return;
    }
    *nullable = true;
    let at = join(pointer, key);
    let mut kept = Vec::with_capacity(branches.len());
    for (index, branch) in std::mem::take(branches).into_iter().enumerate() {
        if is_null_branch(&branch) {
            continue;
        }
        if kept.len() != index {
            moved.push(
                join(&at, &kept.len().to_string()),
                join(&at, &index.to_string()),
            );
        }
        kept.push(branch);
    }
    *branches = kept;
}
