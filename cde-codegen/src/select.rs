//! Select: keeps the operations a caller asked for (by tag, operationId or path
//! prefix) and only the types they reach.
//!
//! Runs on the finished IR (walked with `Operation::each_ty` and
//! `TypeKind::each_ty`, the IR's one walker), so every name is the one the whole spec gives it: a
//! selection never renames a type, and neither does adding a schema elsewhere.

use std::collections::HashSet;

use crate::ir::{Api, Example, Name, Operation, Ty, TypeId};

/// Which operations to generate; empty means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Operations with any of these tags.
    pub tags: Vec<String>,
    /// Operations with these operationIds.
    pub operations: Vec<String>,
    /// Operations whose path starts with one of these.
    pub path_prefixes: Vec<String>,
}

impl Selection {
    /// Whether nothing is selected explicitly (everything is generated).
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.path_prefixes.is_empty()
    }

    /// Whether the selection keeps an operation.
    pub fn keeps(&self, op: &Operation) -> bool {
        self.is_all()
            || op.tags.iter().any(|t| self.tags.contains(t))
            || self.operations.contains(&op.id)
            || self
                .path_prefixes
                .iter()
                .any(|prefix| op.path.starts_with(prefix.as_str()))
    }

    /// The selectors that match no operation of the API (likely typos).
    pub fn unmatched(&self, api: &Api) -> Vec<String> {
        let mut out = Vec::new();
        for tag in &self.tags {
            if !api.operations.iter().any(|op| op.tags.contains(tag)) {
                out.push(format!("tag `{tag}`"));
            }
        }
        for id in &self.operations {
            if !api.operations.iter().any(|op| &op.id == id) {
                out.push(format!("operationId `{id}`"));
            }
        }
        for prefix in &self.path_prefixes {
            if !api
                .operations
                .iter()
                .any(|op| op.path.starts_with(prefix.as_str()))
            {
                out.push(format!("path prefix `{prefix}`"));
            }
        }
        out
    }
}

/// Keeps the selected operations and the types they reach (directly or through
/// other types), renumbering type references; examples of dropped types go too.
/// With `all_schemas`, every schema is kept (only operations are selected).
pub fn apply(api: &mut Api, selection: &Selection, all_schemas: bool) {
    api.operations.retain(|op| selection.keeps(op));
    if all_schemas {
        let kept: HashSet<Name> = api
            .operations
            .iter()
            .map(|op| op.response_type.clone())
            .collect();
        api.examples.retain(|e| {
            e.response
                .as_ref()
                .is_none_or(|r| kept.contains(&r.response_type))
        });
        return;
    }
    let mut reached = vec![false; api.types.len()];
    let mut stack: Vec<usize> = Vec::new();
    for op in &mut api.operations {
        op.each_ty(&mut |ty| named_in(ty, &mut stack));
    }
    // Webhook payloads are kept whatever the selection: they are not operations
    // of the client.
    for hook in &api.webhooks {
        named_in(&hook.ty, &mut stack);
    }
    while let Some(index) = stack.pop() {
        if index >= reached.len() || reached[index] {
            continue;
        }
        reached[index] = true;
        api.types[index]
            .kind
            .each_ty(&mut |ty| named_in(ty, &mut stack));
    }
    let mut renumber = vec![usize::MAX; api.types.len()];
    let mut next = 0;
    for (old, keep) in reached.iter().enumerate() {
        if *keep {
            renumber[old] = next;
            next += 1;
        }
    }
    let mut index = 0;
    api.types.retain(|_| {
        let keep = reached[index];
        index += 1;
        keep
    });
    for t in &mut api.types {
        t.kind.each_ty(&mut |ty| remap(ty, &renumber));
    }
    for op in &mut api.operations {
        op.each_ty(&mut |ty| remap(ty, &renumber));
    }
    for hook in &mut api.webhooks {
        remap(&mut hook.ty, &renumber);
    }
    let kept_responses: HashSet<Name> = api
        .operations
        .iter()
        .map(|op| op.response_type.clone())
        .collect();
    api.examples
        .retain(|e| example_kept(e, &reached, &kept_responses));
    for e in &mut api.examples {
        remap(&mut e.ty, &renumber);
    }
}

fn example_kept(e: &Example, reached: &[bool], responses: &HashSet<Name>) -> bool {
    let mut all = true;
    named_each(&e.ty, &mut |index| {
        all &= reached.get(index).copied().unwrap_or(false)
    });
    all && e
        .response
        .as_ref()
        .is_none_or(|r| responses.contains(&r.response_type))
}

fn named_in(ty: &Ty, stack: &mut Vec<usize>) {
    named_each(ty, &mut |index| stack.push(index));
}

fn named_each(ty: &Ty, f: &mut dyn FnMut(usize)) {
    match ty {
        Ty::Named(index) => f(index.index()),
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => named_each(inner, f),
        Ty::Tuple { prefix, rest } => prefix
            .iter()
            .chain(rest.as_deref())
            .for_each(|member| named_each(member, f)),
        _ => {}
    }
}

fn remap(ty: &mut Ty, renumber: &[usize]) {
    match ty {
        Ty::Named(index) => {
            // Every type an operation or a kept type names is kept; `Any` is a safe
            // fallback that cannot be reached.
            match renumber.get(index.index()) {
                Some(&new) if new != usize::MAX => *index = TypeId::new(new),
                _ => *ty = Ty::Any,
            }
        }
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => remap(inner, renumber),
        Ty::Tuple { prefix, rest } => prefix
            .iter_mut()
            .chain(rest.as_deref_mut())
            .for_each(|member| remap(member, renumber)),
        _ => {}
    }
}
