//! Normalization: an OpenAPI 3.1 or 3.2 document rewritten, in place, into the
//! spelling of 3.0 that the passes after the spec layer read, so none of them
//! asks which version it reads. A 3.0 document is not touched. (What 3.2 adds
//! beyond 3.1 is read in [`super::v3_2`] first.)
//!
//! What 3.1 (JSON Schema 2020-12) spells differently, and what it becomes:
//!
//! | 3.1 | read as |
//! |---|---|
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: "null"` | no `type`, `nullable: true` |
//! | an `anyOf`/`oneOf` branch `{type: "null"}` | the branch left out, `nullable: true` |
//! | `enum` listing `null` | `nullable: true` besides |
//! | `type: [A, B]` (several non-null types) | `oneOf` with one branch per type, each with the keywords that apply to it (`integer` beside `number` folds into it), its pointer in [`Normalized::type_lists`] so the JSON token picks the branch |
//! | `const: c` | `enum: [c]` |
//! | `examples: [a, …]` in a schema | `example: a` (when there is no `example`) |
//! | numeric `exclusiveMinimum: n` / `exclusiveMaximum: n` | `minimum: n` / `maximum: n` with the boolean 3.0 form |
//! | `$ref` beside a `description` or `title` (and other keywords that only document) | `allOf: [{$ref}]` with them beside: the target's type, documented where it is used |
//! | `$ref` beside keywords that constrain or add members | `allOf: [{$ref}, {those keywords}]`; beside only `nullable: true`, `anyOf: [{$ref}]` with it |
//! | `$ref` to an `$anchor` (`#tag`) or an `$id` | `$ref` to the schema's pointer |
//! | a property whose schema is `false` (it must be absent) | no such property |
//! | `type: array` without `items`, or with `items: false` and no `prefixItems` | `items: {}` (any item) |
//! | `patternProperties` (beside no `additionalProperties`, `false` or a schema) | `additionalProperties` with the patterns' schema, or `oneOf` their distinct schemas and the `additionalProperties` one (the patterns unchecked) |
//! | no `paths` | `paths: {}` |
//!
//! Keywords no Rust type expresses (`if`, `unevaluatedProperties`, …) are left
//! in place and listed ([`Normalized::notes`]) for the client's docs.
//!
//! Leaving a null branch out renumbers the branches after it, and wrapping a
//! `$ref` moves it and its siblings; [`Moved`] maps those pointers back to the
//! source's for diagnostics, and `$ref`s into what moved are pointed at its new
//! place.

use crate::diag::join;
use crate::doc::{Map, Value};

use super::refs::rewrite_refs;
use super::type_lists::{null_branches, only_null_added, type_list};
use super::version::Version;

/// Pointers that normalization renumbered: each pair maps a prefix of a
/// pointer into the normalized document to the same node's prefix in the source.
#[derive(Debug, Default)]
pub(crate) struct Moved(Vec<(String, String)>);

impl Moved {
    /// `pointer` as the source spells it, if normalization moved its node.
    pub fn to_source(&self, pointer: &str) -> Option<String> {
        Self::map(
            self.0.iter().map(|(n, s)| (n.as_str(), s.as_str())),
            pointer,
        )
    }

    /// A pointer into the source as the normalized document spells it, if
    /// normalization moved its node.
    fn to_normalized(&self, pointer: &str) -> Option<String> {
        Self::map(
            self.0.iter().map(|(n, s)| (s.as_str(), n.as_str())),
            pointer,
        )
    }

    pub(super) fn push(&mut self, normalized: String, source: String) {
        self.0.push((normalized, source));
    }

    /// `pointer` with the longest prefix `from` of `pairs` replaced by its `to`.
    fn map<'m>(pairs: impl Iterator<Item = (&'m str, &'m str)>, pointer: &str) -> Option<String> {
        pairs
            .filter(|(from, _)| {
                pointer
                    .strip_prefix(*from)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(from, _)| from.len())
            .map(|(from, to)| format!("{to}{}", &pointer[from.len()..]))
    }
}

/// Members whose values are named maps of objects (property names, component
/// names, paths, status codes, media types): their keys are names, never
/// keywords, and each value is read as an object of its own.
pub(super) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "mediaTypes",
    "paths",
    "webhooks",
    "content",
    "encoding",
];

/// `pointer` with `tokens` appended.
pub(super) fn at(pointer: &str, tokens: &[&str]) -> String {
    tokens
        .iter()
        .fold(pointer.to_owned(), |out, token| join(&out, token))
}

/// Members whose values are data (examples, defaults, allowed values) or
/// extensions: nothing under them is a schema.
fn holds_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "const" | "enum")
        || super::vocab::is_extension(key)
}

/// JSON Schema 2020-12 keywords no Rust type expresses (or the generator does
/// not read yet): accepted, and listed in the client's notes with where they are.
const UNREAD: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$dynamicAnchor",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "contentSchema",
];

/// What normalization did beside rewriting: the pointers it renumbered, and
/// where the keywords it does not read are.
#[derive(Debug, Default)]
pub(crate) struct Normalized {
    /// Renumbered pointers.
    pub moved: Moved,
    /// Each unread keyword found, with the pointers of the schemas holding it
    /// (sorted).
    pub unread: std::collections::BTreeMap<&'static str, Vec<String>>,
    /// The `oneOf`s made from a `type` list, by pointer: their branches are
    /// told apart by the JSON token alone.
    pub type_lists: std::collections::HashSet<String>,
    /// Notes on the OpenAPI 3.2 fields nothing generated expresses.
    pub unread_3_2: Vec<String>,
}

impl Normalized {
    /// The notes for the client's docs: one per unread keyword, naming up to
    /// three places.
    pub fn notes(&self) -> Vec<String> {
        let json_schema = self
            .unread
            .iter()
            .map(|(keyword, places)| {
                let shown: Vec<String> = places.iter().take(3).map(|p| format!("`{p}`")).collect();
                let more = match places.len() {
                    n if n > 3 => format!(" and {} more", n - 3),
                    _ => String::new(),
                };
                format!(
                    "`{keyword}` (JSON Schema) is not checked, at {}{more}: no Rust type expresses it, so the schema is typed from its other keywords.",
                    shown.join(", ")
                )
            });
        json_schema.chain(self.unread_3_2.iter().cloned()).collect()
    }
}

/// Rewrites `doc` into 3.0's spelling when it is a 3.1 or 3.2 document (what
/// 3.2 adds first: [`super::v3_2`]).
pub(crate) fn normalize(doc: &mut Value, version: Version) -> Normalized {
    let mut out = Normalized::default();
    if !version.json_schema_2020() {
        return out;
    }
    if version == Version::V3_2 {
        out.unread_3_2 = super::v3_2::normalize(doc);
    }
    let moved = &mut out.moved;
    // Schemas named by `$anchor` or `$id` (2020-12), by their pointer.
    let mut named: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // 3.1 makes `paths` optional (a document may hold only webhooks or
    // components); no paths is no operations.
    if let Some(map) = doc.as_object_mut()
        && !map.contains_key("paths")
    {
        map.insert(String::from("paths"), Value::Object(Map::new()));
    }
    // An explicit stack: documents nest deeper than the call stack allows.
    let mut stack: Vec<(&mut Value, bool, String)> = vec![(doc, false, String::from("#"))];
    while let Some((node, names, pointer)) = stack.pop() {
        match node {
            Value::Object(map) => {
                if !names {
                    if let Some(Value::String(anchor)) = map.get("$anchor") {
                        named
                            .entry(format!("#{anchor}"))
                            .or_insert_with(|| pointer.clone());
                    }
                    if let Some(Value::String(id)) = map.get("$id") {
                        named.entry(id.clone()).or_insert_with(|| pointer.clone());
                    }
                    for keyword in UNREAD.iter().filter(|k| map.contains_key(**k)) {
                        out.unread.entry(keyword).or_default().push(pointer.clone());
                    }
                    schema(map, &pointer, moved, &mut out.type_lists);
                }
                for (key, child) in map.iter_mut() {
                    if !names && holds_data(key) {
                        continue;
                    }
                    let child_names = !names && NAME_MAPS.contains(&key.as_str());
                    stack.push((child, child_names, join(&pointer, key)));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    stack.push((child, false, join(&pointer, &index.to_string())));
                }
            }
            _ => {}
        }
    }
    retarget(doc, &out.moved);
    by_name(doc, &named);
    for places in out.unread.values_mut() {
        places.sort();
    }
    out
}

/// Points each `$ref` that names a schema by its `$anchor` (`#pet`) or `$id`
/// (`https://example.com/pet`, maybe followed by a `#/pointer` into it) at the
/// schema's pointer. (An `$id` only relative to another schema's is not read.)
fn by_name(doc: &mut Value, named: &std::collections::HashMap<String, String>) {
    if named.is_empty() {
        return;
    }
    rewrite_refs(doc, |_, reference| {
        if reference.starts_with("#/") {
            return None;
        }
        if let Some(pointer) = named.get(reference) {
            return Some(pointer.clone());
        }
        let (base, fragment) = reference.split_once('#')?;
        let pointer = named.get(base)?;
        fragment
            .starts_with('/')
            .then(|| format!("{pointer}{fragment}"))
    });
}

/// Points each `$ref` at a node that normalization moved (a sibling of a
/// `$ref`, now under `allOf`; a renumbered branch) to the node's new place.
fn retarget(doc: &mut Value, moved: &Moved) {
    if !moved.0.is_empty() {
        rewrite_refs(doc, |_, reference| moved.to_normalized(reference));
    }
}

/// The 3.1 spellings of one object, rewritten when it is a schema that has them
/// (each rule triggers only on a shape no other OpenAPI object has).
fn schema(
    map: &mut Map,
    pointer: &str,
    moved: &mut Moved,
    type_lists: &mut std::collections::HashSet<String>,
) {
    reference_siblings(map, pointer, moved);
    let mut nullable = false;
    if type_list(map, &mut nullable, pointer, moved) {
        type_lists.insert(join(pointer, "oneOf"));
    }
    for key in ["anyOf", "oneOf"] {
        null_branches(map, key, pointer, moved, &mut nullable);
    }
    if map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.contains(&Value::Null))
    {
        nullable = true;
    }
    if let Some(value) = map.get("const").cloned()
        && !map.contains_key("enum")
    {
        nullable |= value.is_null();
        map.insert(String::from("enum"), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples")
        && let Some(first) = examples.first().cloned()
        && !map.contains_key("example")
    {
        map.insert(String::from("example"), first);
    }
    exclusive_bound(map, "exclusiveMinimum", "minimum", |bound, other| {
        bound >= other
    });
    exclusive_bound(map, "exclusiveMaximum", "maximum", |bound, other| {
        bound <= other
    });
    optional_members(map, pointer, moved);
    // 3.1 arrays may go without `items` (any items), or with `items: false` (no
    // items at all, unless a tuple's `prefixItems` come first: then `items`
    // only describes the members after them, and the model reads both).
    let tuple = map
        .get("prefixItems")
        .and_then(Value::as_array)
        .is_some_and(|prefix| !prefix.is_empty());
    let array = map.get("type").and_then(Value::as_str) == Some("array");
    if !tuple
        && (array && !map.contains_key("items") || map.get("items") == Some(&Value::Bool(false)))
    {
        map.insert(String::from("items"), Value::Object(Map::new()));
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.retain(|_, property| property != &Value::Bool(false));
    }
    pattern_map(map, pointer, moved);
    if nullable {
        map.insert(String::from("nullable"), Value::Bool(true));
    }
}

/// A tuple (`prefixItems`) whose members need not all be there (`minItems`
/// absent or smaller than the prefix: JSON Schema lets an array stop anywhere):
/// a list whose items are `oneOf` the distinct schemas of its members and of
/// `items` (one schema: that one), since a Rust tuple has every member. A
/// member or `items` that allows any value makes it a list of any values;
/// `items: false` adds nothing.
fn optional_members(map: &mut Map, pointer: &str, moved: &mut Moved) {
    let Some(Value::Array(prefix)) = map.get("prefixItems") else {
        return;
    };
    let required = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
    if prefix.is_empty() || required >= prefix.len() as u64 {
        return;
    }
    let mut branches: Vec<(&Value, String)> = Vec::new();
    let members = prefix
        .iter()
        .enumerate()
        .map(|(index, schema)| (schema, at(pointer, &["prefixItems", &index.to_string()])));
    let rest = map
        .get("items")
        .map(|schema| (schema, join(pointer, "items")));
    let mut any = rest.is_none();
    for (schema, source) in members.chain(rest) {
        match schema {
            Value::Bool(false) => {}
            Value::Object(object) if !object.is_empty() => {
                if !branches.iter().any(|(known, _)| *known == schema) {
                    branches.push((schema, source));
                }
            }
            _ => any = true,
        }
    }
    let target = join(pointer, "items");
    let items = match branches.as_slice() {
        _ if any => Value::Object(Map::new()),
        [(schema, source)] => {
            moved.push(target.clone(), source.clone());
            (*schema).clone()
        }
        several => {
            let mut one_of = Vec::with_capacity(several.len());
            for (index, (schema, source)) in several.iter().enumerate() {
                moved.push(at(&target, &["oneOf", &index.to_string()]), source.clone());
                one_of.push((*schema).clone());
            }
            Value::Object(Map::from_iter([(
                String::from("oneOf"),
                Value::Array(one_of),
            )]))
        }
    };
    map.remove("prefixItems");
    map.insert(String::from("items"), items);
}

/// `patternProperties`: a map whose values take its patterns' schemas (as
/// `additionalProperties`; the patterns themselves go unchecked, and stay listed
/// in the notes). Several distinct schemas, or an `additionalProperties` schema
/// beside them, make the value `oneOf` them; a pattern whose schema is `false`
/// (no such key) adds nothing. Left as written when `additionalProperties` or a
/// pattern allows any value.
fn pattern_map(map: &mut Map, pointer: &str, moved: &mut Moved) {
    let Some(Value::Object(patterns)) = map.get("patternProperties") else {
        return;
    };
    let others = match map.get("additionalProperties") {
        None | Some(Value::Bool(false)) => None,
        Some(schema @ Value::Object(_)) => Some(schema),
        Some(_) => return,
    };
    let mut branches: Vec<(&Value, String)> = Vec::new();
    let sources = patterns
        .iter()
        .map(|(pattern, schema)| (schema, at(pointer, &["patternProperties", pattern])))
        .chain(others.map(|schema| (schema, join(pointer, "additionalProperties"))));
    for (schema, source) in sources {
        match schema {
            Value::Bool(false) => {}
            Value::Object(_) if !branches.iter().any(|(known, _)| *known == schema) => {
                branches.push((schema, source));
            }
            Value::Object(_) => {}
            _ => return,
        }
    }
    let target = join(pointer, "additionalProperties");
    let values = match branches.as_slice() {
        [] => return,
        [(schema, source)] => {
            let schema = (*schema).clone();
            moved.push(target.clone(), source.clone());
            schema
        }
        several => {
            let mut one_of = Vec::with_capacity(several.len());
            for (index, (schema, source)) in several.iter().enumerate() {
                moved.push(at(&target, &["oneOf", &index.to_string()]), source.clone());
                one_of.push((*schema).clone());
            }
            let mut values = Map::new();
            values.insert(String::from("oneOf"), Value::Array(one_of));
            Value::Object(values)
        }
    };
    map.insert(String::from("additionalProperties"), values);
}

/// The keywords beside a `$ref` that only document it: they stay where they are
/// (3.0 ignores them, and so does the model).
fn documents(key: &str) -> bool {
    matches!(
        key,
        "$ref"
            | "description"
            | "title"
            | "example"
            | "examples"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "$comment"
    ) || super::vocab::is_extension(key)
}

/// `$ref` beside keywords that constrain or add members: in 3.1 (JSON Schema
/// 2020-12) they apply together with the target, so the schema becomes
/// `allOf: [{$ref}, {the other keywords}]`; beside only `nullable: true` (a 3.0
/// leftover), `anyOf: [{$ref}]` with `nullable: true`.
fn reference_siblings(map: &mut Map, pointer: &str, moved: &mut Moved) {
    if !map.get("$ref").is_some_and(Value::is_string) || map.len() == 1 {
        return;
    }
    let only_documents = map.keys().all(|key| documents(key));
    if only_documents && !map.contains_key("description") && !map.contains_key("title") {
        return;
    }
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let target = Value::Object(Map::from_iter([(String::from("$ref"), reference)]));
    if only_documents {
        // Documentation of the field or parameter the schema is the type of:
        // 3.0's spelling is the target as the one part of an `allOf` (no new
        // type), the documentation beside it.
        map.insert(String::from("allOf"), Value::Array(vec![target]));
        moved.push(at(pointer, &["allOf", "0", "$ref"]), join(pointer, "$ref"));
        return;
    }
    let constraining: Vec<String> = map.keys().filter(|key| !documents(key)).cloned().collect();
    if constraining == ["nullable"]
        || constraining == ["type"] && map.get("type").is_some_and(only_null_added)
    {
        // `{$ref, nullable: true}` or `{$ref, type: [X, "null"]}`-like leftovers.
        map.insert(String::from("anyOf"), Value::Array(vec![target]));
        moved.push(at(pointer, &["anyOf", "0", "$ref"]), join(pointer, "$ref"));
        if constraining == ["type"] {
            map.remove("type");
        }
        map.insert(String::from("nullable"), Value::Bool(true));
        return;
    }
    let mut siblings = Map::new();
    moved.push(at(pointer, &["allOf", "0", "$ref"]), join(pointer, "$ref"));
    for key in constraining {
        if let Some(value) = map.remove(&key) {
            moved.push(at(pointer, &["allOf", "1", &key]), join(pointer, &key));
            siblings.insert(key, value);
        }
    }
    map.insert(
        String::from("allOf"),
        Value::Array(vec![target, Value::Object(siblings)]),
    );
}

/// A numeric `exclusive` bound (3.1) as `bound` plus the boolean 3.0 form, unless
/// `bound` is already stricter (`stricter(exclusive, bound)` false); the boolean
/// form, still found in 3.1 files, is left as it is.
fn exclusive_bound(map: &mut Map, exclusive: &str, bound: &str, stricter: fn(f64, f64) -> bool) {
    let Some(limit) = map.get(exclusive).and_then(Value::as_f64) else {
        return;
    };
    let Some(number) = map.get(exclusive).cloned() else {
        return;
    };
    match map.get(bound).and_then(Value::as_f64) {
        Some(other) if !stricter(limit, other) => {
            map.remove(exclusive);
        }
        _ => {
            map.insert(String::from(bound), number);
            map.insert(String::from(exclusive), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests;
