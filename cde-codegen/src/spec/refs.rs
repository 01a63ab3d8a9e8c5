//! The one `$ref` resolver: a Reference Object's target in the document, with
//! dangling and external references and over-long chains reported where they are.

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
