//! The one `$ref` resolver: a Reference Object's target in the document, with
//! dangling and external references and over-long chains reported where they are;
//! and the normalization of percent-encoded references before it runs.

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
    /// node they name, reporting dangling and external references. Returns the
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
                    format!(
                        "unsupported construct: external `$ref` `{reference}`; only references inside the same document (`#/...`) are supported; inline the referenced definition"
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

/// Rewrites each local `$ref` that names its target only once percent-decoded
/// (a `$ref` is a URI, so its fragment may be percent-encoded, RFC 6901 §6:
/// `#/paths/~1keys~1%7Bid%7D` names the path `/keys/{id}`) to the decoded
/// pointer, so every later pass and diagnostic sees one spelling. A `$ref` that
/// resolves as written is left alone, so a key that holds a literal `%` keeps
/// working.
pub(crate) fn decode_percent_refs(doc: &mut Value) {
    let mut rewrites: Vec<(String, String)> = Vec::new();
    // An explicit stack: a document nested deeper than the call stack allows is
    // still only data.
    let mut stack: Vec<(&Value, String)> = vec![(&*doc, String::new())];
    while let Some((node, at)) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && let Some(decoded) = decoded_reference(doc, reference)
                {
                    rewrites.push((join(&at, "$ref"), decoded));
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
    for (at, decoded) in rewrites {
        if let Some(slot) = doc.pointer_mut(&at) {
            *slot = Value::String(decoded);
        }
    }
}

/// The percent-decoded spelling of a local reference, if it differs, does not
/// resolve as written and resolves decoded.
fn decoded_reference(doc: &Value, reference: &str) -> Option<String> {
    if !reference.starts_with('#') || !reference.contains('%') {
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
    refs.resolve(&decoded).map(|_| decoded)
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
        decode_percent_refs(&mut doc);
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
