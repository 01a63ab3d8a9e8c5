//! The one `$ref` resolver: a Reference Object's target in the document, with
//! dangling references and over-long chains reported where they are;
//! and, before it runs, references that resolve only leniently (percent-encoded,
//! or through another `$ref`) rewritten to their target's pointer.

use std::borrow::Cow;

use std::collections::HashMap;

use crate::diag::{Diagnostics, join, token_iter};
use crate::doc::Value;

/// The most references followed from one node before the chain is reported as
/// too long or circular (real specs chain two or three).
pub(crate) const MAX_CHAIN: usize = 32;

/// Resolves `$ref`s of one document, remembering each reference text's target.
#[derive(Debug)]
pub(crate) struct Refs<'a> {
    doc: &'a Value,
    /// The node each `$ref` text names (one step).
    resolved: HashMap<&'a str, &'a Value>,
}

impl<'a> Refs<'a> {
    /// A resolver over `doc`.
    pub fn new(doc: &'a Value) -> Self {
        Self {
            doc,
            resolved: HashMap::default(),
        }
    }

    /// Follows local `$ref`s (up to [`MAX_CHAIN`]) from `v`, at `pointer`, to the
    /// node they name, reporting dangling references. Returns the
    /// node and its pointer.
    pub fn deref<'p>(
        &mut self,
        v: &'a Value,
        pointer: &'p str,
        sink: &mut Diagnostics,
    ) -> Option<(&'a Value, Cow<'p, str>)>
    where
        'a: 'p,
    {
        let (node, followed) = self.follow(v, pointer, sink)?;
        Some((node, Cow::Borrowed(followed.unwrap_or(pointer))))
    }

    /// Like [`Refs::deref`], but gives the last reference followed (the node's
    /// pointer), if any, instead of the node's pointer.
    pub fn follow(
        &mut self,
        v: &'a Value,
        pointer: &str,
        sink: &mut Diagnostics,
    ) -> Option<(&'a Value, Option<&'a str>)> {
        let mut node = v;
        // The last reference followed: the pointer of `node` (else `pointer`).
        let mut followed: Option<&'a str> = None;
        for _ in 0..MAX_CHAIN {
            let at = followed.unwrap_or(pointer);
            let Some(reference) = node.get("$ref") else {
                return Some((node, followed));
            };
            let Some(reference) = reference.as_str() else {
                sink.error(&join(at, "$ref"), "`$ref` must be a string");
                return None;
            };
            let resolved = match self.resolved.get(reference) {
                Some(target) => Some(*target),
                None => self.resolve(reference),
            };
            let Some(target) = resolved else {
                let message = if reference.starts_with('#') {
                    format!("dangling `$ref`: nothing exists at `{reference}`")
                } else {
                    // Bundling read every other file; what is left names an
                    // `$id`, which only 3.1 resolves.
                    format!(
                        "`$ref` `{reference}` names a schema by its `$id`, which OpenAPI 3.0 does not read; refer to it by its pointer (`#/components/schemas/...`)"
                    )
                };
                sink.error(&join(at, "$ref"), message);
                return None;
            };
            self.resolved.insert(reference, target);
            node = target;
            followed = Some(reference);
        }
        sink.error(pointer, "`$ref` chain is too long or circular");
        None
    }

    /// The node a local reference (`#/a/b`) names, if any.
    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let tokens = token_iter(reference)?;
        let mut node = self.doc;
        for token in tokens {
            node = match node {
                Value::Object(map) => map.get(token.as_ref())?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// Rewrites each local `$ref` that does not name its target as written, but
/// does read leniently, to the pointer of that target, so every later pass and
/// diagnostic sees one spelling:
///
/// - percent-decoded: a `$ref` is a URI, so its fragment may be percent-encoded
///   (RFC 6901 §6: `#/paths/~1keys~1%7Bid%7D` names the path `/keys/{id}`);
/// - through a reference: a pointer cannot pass through a `$ref`, but published
///   documents write `#/paths/~1a/get/responses/200/content/application~1json/schema/properties/b`
///   where that `schema` is a `$ref`; the reference is followed (with a note).
///
/// A `$ref` that resolves as written is left alone, so a key that holds a
/// literal `%` keeps working.
pub(crate) fn canonical_refs(doc: &mut Value, sink: &mut Diagnostics) {
    rewrite_refs(doc, |doc, reference| {
        let (canonical, through) = canonical_reference(doc, reference)?;
        if through {
            sink.note_once(format!(
                "`$ref` `{reference}` passes through a `$ref`, which a JSON pointer cannot; it is read as `{canonical}`."
            ));
        }
        Some(canonical)
    });
}

/// Rewrites every `$ref` string of `doc` for which `target` (given the
/// document as it was) gives another reference. The walk uses an explicit
/// stack: a document nested deeper than the call stack allows is still only
/// data.
pub(crate) fn rewrite_refs(
    doc: &mut Value,
    mut target: impl FnMut(&Value, &str) -> Option<String>,
) {
    let mut rewrites: Vec<(String, String)> = Vec::new();
    let mut stack: Vec<(&Value, String)> = vec![(&*doc, String::new())];
    while let Some((node, at)) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && let Some(rewritten) = target(doc, reference)
                {
                    rewrites.push((join(&at, "$ref"), rewritten));
                }
                for (key, child) in map {
                    if child.is_object() || child.is_array() {
                        stack.push((child, join(&at, key)));
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    if child.is_object() || child.is_array() {
                        stack.push((child, join(&at, &index.to_string())));
                    }
                }
            }
            _ => {}
        }
    }
    for (at, rewritten) in rewrites {
        if let Some(slot) = doc.pointer_mut(&at) {
            *slot = Value::String(rewritten);
        }
    }
}

/// The pointer a local reference that does not resolve as written names when
/// read leniently (percent-decoded, then through references), with whether a
/// reference had to be followed.
fn canonical_reference(doc: &Value, reference: &str) -> Option<(String, bool)> {
    if !reference.starts_with('#') {
        return None;
    }
    let refs = Refs::new(doc);
    if refs.resolve(reference).is_some() {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(reference)
        .decode_utf8()
        .ok()?
        .into_owned();
    if decoded != reference && refs.resolve(&decoded).is_some() {
        return Some((decoded, false));
    }
    through_references(doc, &decoded).map(|canonical| (canonical, true))
}

/// `reference` resolved token by token, following a `$ref` (up to
/// [`MAX_CHAIN`] in all) wherever the next token is missing from a node that has
/// one: the pointer of the node reached, if any.
fn through_references(doc: &Value, reference: &str) -> Option<String> {
    let tokens: Vec<Cow<'_, str>> = token_iter(reference)?.collect();
    let mut node = doc;
    let mut at = String::from("#");
    let mut followed = 0;
    let mut index = 0;
    while index < tokens.len() {
        let token = tokens[index].as_ref();
        let next = match node {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(next) => {
                node = next;
                at = join(&at, token);
                index += 1;
            }
            None => {
                let target = node.get("$ref").and_then(Value::as_str)?;
                followed += 1;
                if followed > MAX_CHAIN || !target.starts_with('#') {
                    return None;
                }
                node = Refs::new(doc).resolve(target)?;
                at = target.to_owned();
            }
        }
    }
    (followed > 0).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_fragments_are_decoded_unless_they_resolve_as_written() {
        let mut doc = serde_json::json!({
            "paths": {"/keys/{id}": {"get": {"parameters": [{"name": "id"}]}}},
            "components": {"schemas": {"100%25": {}, "A B": {}}},
            "uses": [
                {"$ref": "#/paths/~1keys~1%7Bid%7D/get/parameters/0"},
                {"$ref": "#/components/schemas/100%25"},
                {"$ref": "#/components/schemas/A%20B"},
                {"$ref": "#/components/schemas/Missing%20One"}
            ]
        });
        let mut sink = Diagnostics::default();
        canonical_refs(&mut doc, &mut sink);
        assert!(sink.into_all().is_empty());
        let refs: Vec<&str> = doc["uses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["$ref"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            [
                "#/paths/~1keys~1{id}/get/parameters/0",
                "#/components/schemas/100%25",
                "#/components/schemas/A B",
                "#/components/schemas/Missing%20One"
            ]
        );
    }
}

#[cfg(test)]
mod through {
    use super::*;

    #[test]
    fn a_pointer_through_a_reference_follows_it_with_a_note() {
        let mut doc = serde_json::json!({
            "paths": {"/b/{id}": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Brand"}
            }}}}}}},
            "components": {"schemas": {
                "Brand": {"properties": {"logo": {"properties": {"full": {"type": "string"}}}}},
                "Uses": {"properties": {
                    "a": {"$ref": "#/paths/~1b~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/logo/properties/full"},
                    "b": {"$ref": "#/paths/~1b~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/nothing"}
                }}
            }}
        });
        let mut sink = Diagnostics::default();
        canonical_refs(&mut doc, &mut sink);
        let uses = &doc["components"]["schemas"]["Uses"]["properties"];
        assert_eq!(
            uses["a"]["$ref"],
            "#/components/schemas/Brand/properties/logo/properties/full"
        );
        // What does not resolve even so is left as written, to be reported.
        assert_eq!(
            uses["b"]["$ref"],
            "#/paths/~1b~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/nothing"
        );
        assert_eq!(sink.into_all().len(), 1);
    }
}
