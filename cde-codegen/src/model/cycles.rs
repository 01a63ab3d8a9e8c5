//! Post-passes over the finished type table: `anyOf` types settled into unions or
//! structs of options, and recursive fields boxed (strongly connected components).

use super::unions::variant_base;
use crate::ir::*;
use crate::names::Scope;

/// The kinds of JSON value a type accepts, one bit each (see [`kinds_of`]).
pub(super) mod kind {
    pub const NULL: u8 = 1;
    pub const BOOL: u8 = 1 << 1;
    /// A number written without fraction or exponent.
    pub const INTEGER: u8 = 1 << 2;
    /// Any other number.
    pub const FRACTION: u8 = 1 << 3;
    pub const STRING: u8 = 1 << 4;
    pub const ARRAY: u8 = 1 << 5;
    pub const OBJECT: u8 = 1 << 6;
    pub const ALL: u8 = u8::MAX;
}

/// The kinds of JSON value `ty` decodes from; `seen` marks the named types being
/// looked at (a type that contains itself adds nothing the first visit does not).
pub(super) fn kinds_of(types: &[TypeDef], ty: &Ty, seen: &mut [bool]) -> u8 {
    match ty {
        Ty::String
        | Ty::Uuid
        | Ty::DateTime
        | Ty::Date
        | Ty::Binary
        | Ty::Secret
        | Ty::Base64 { .. } => kind::STRING,
        Ty::Bool => kind::BOOL,
        Ty::I32 | Ty::I64 => kind::INTEGER,
        Ty::F32 | Ty::F64 => kind::INTEGER | kind::FRACTION,
        Ty::Any => kind::ALL,
        Ty::Array(_) | Ty::Tuple { .. } => kind::ARRAY,
        Ty::Map(_) => kind::OBJECT,
        Ty::Nullable(inner) => kind::NULL | kinds_of(types, inner, seen),
        Ty::Unit => 0,
        Ty::Null => kind::NULL,
        Ty::Named(i) => {
            let (Some(t), Some(mark)) = (types.get(i.index()), seen.get_mut(i.index())) else {
                return kind::ALL;
            };
            if std::mem::replace(mark, true) {
                return 0;
            }
            let kinds = match &t.kind {
                TypeKind::Struct { .. } | TypeKind::Form { .. } => kind::OBJECT,
                TypeKind::StringEnum { .. } | TypeKind::Newtype(_) => kind::STRING,
                TypeKind::Union { variants: vs, .. } | TypeKind::AnyOf(vs) => vs
                    .iter()
                    .fold(0, |acc, v| acc | kinds_of(types, &v.ty, seen)),
                TypeKind::Alias(inner) => kinds_of(types, inner, seen),
            };
            seen[i.index()] = false;
            kinds
        }
    }
}

/// Turns each `anyOf` whose branches are pairwise disjoint by kind of JSON value
/// (a string or an object, say) back into an enum: a value matches at most one of
/// its branches, so the enum already holds every branch it matches.
pub(super) fn settle_any_of(types: &mut [TypeDef]) {
    let mut seen = vec![false; types.len()];
    let disjoint: Vec<usize> = (0..types.len())
        .filter(|&index| {
            let TypeKind::AnyOf(vs) = &types[index].kind else {
                return false;
            };
            let mut union = 0u8;
            vs.iter().all(|v| {
                let kinds = kinds_of(types, &v.ty, &mut seen);
                let apart = union & kinds == 0;
                union |= kinds;
                apart
            })
        })
        .collect();
    for index in disjoint {
        let TypeKind::AnyOf(mut vs) =
            std::mem::replace(&mut types[index].kind, TypeKind::Alias(Ty::Any))
        else {
            continue;
        };
        let mut scope = Scope::types();
        for v in &mut vs {
            v.rust_name = scope.claim(&variant_base(types, &v.ty));
        }
        types[index].kind = TypeKind::Union {
            variants: vs,
            unknown: None,
        };
    }
}

/// Boxes struct fields that reach their own struct without indirection.
/// The strongly connected component of each node of a graph (Tarjan's algorithm,
/// iterative): two nodes share a number when each reaches the other. Edges to
/// nodes that do not exist are ignored.
pub(super) fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let (mut next, mut count) = (0, 0);
    // (node, position of the next edge to follow)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        work.push((root, 0));
        while let Some(&mut (node, ref mut at)) = work.last_mut() {
            if *at == 0 && index[node] == UNSEEN {
                index[node] = next;
                low[node] = next;
                next += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*at) {
                *at += 1;
                if target >= n {
                    continue;
                }
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = count;
                    if member == node {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    component
}

/// Boxes the fields and variants that make a type contain itself: within each
/// strongly connected component of the types' direct containment, the edges that
/// stay inside the component.
pub(super) fn mark_boxes(types: &mut [TypeDef]) {
    fn direct(ty: &Ty, out: &mut Vec<usize>) {
        match ty {
            Ty::Named(i) => out.push(i.index()),
            Ty::Nullable(inner) => direct(inner, out),
            // A tuple holds its prefix inline (the members after it are in a `Vec`).
            Ty::Tuple { prefix, .. } => prefix.iter().for_each(|member| direct(member, out)),
            _ => {}
        }
    }
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            match &t.kind {
                TypeKind::Struct { fields } => fields.iter().for_each(|f| direct(&f.ty, &mut out)),
                TypeKind::Union { variants: vs, .. } | TypeKind::AnyOf(vs) => {
                    vs.iter().for_each(|v| direct(&v.ty, &mut out));
                }
                TypeKind::Alias(ty) => direct(ty, &mut out),
                _ => {}
            }
            out
        })
        .collect();
    // A field from `index` to `target` needs a box when `target` reaches back to
    // `index`: when both are in one strongly connected component.
    let component = components(&edges);
    let cycles = |index: usize, ty: &Ty| {
        let mut targets = Vec::new();
        direct(ty, &mut targets);
        targets
            .iter()
            .any(|&target| component.get(target) == Some(&component[index]))
    };
    let mut boxed = Vec::new();
    for (index, t) in types.iter().enumerate() {
        match &t.kind {
            TypeKind::Struct { fields } => {
                for (f, field) in fields.iter().enumerate() {
                    if cycles(index, &field.ty) {
                        boxed.push((index, f));
                    }
                }
            }
            TypeKind::Union { variants: vs, .. } | TypeKind::AnyOf(vs) => {
                for (f, v) in vs.iter().enumerate() {
                    if cycles(index, &v.ty) {
                        boxed.push((index, f));
                    }
                }
            }
            _ => {}
        }
    }
    for (index, f) in boxed {
        match &mut types[index].kind {
            TypeKind::Struct { fields } => fields[f].boxed = true,
            TypeKind::Union { variants: vs, .. } | TypeKind::AnyOf(vs) => vs[f].boxed = true,
            _ => {}
        }
    }
}

/// Marks the branches of each `anyOf` struct that get a `From` impl: those whose
/// Rust type (aliases resolved) no other branch of the struct has, and that are
/// not the struct itself.
pub(super) fn mark_from_impls(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let TypeKind::AnyOf(branches) = &types[index].kind else {
            continue;
        };
        let canonical: Vec<Option<Ty>> = branches
            .iter()
            .map(|b| canonical_ty(types, &b.ty, 0))
            .collect();
        let own = Ty::Named(TypeId::new(index));
        let from: Vec<bool> = canonical
            .iter()
            .map(|c| {
                c.as_ref().is_some_and(|c| {
                    canonical.iter().filter(|o| o.as_ref() == Some(c)).count() == 1 && *c != own
                })
            })
            .collect();
        if let TypeKind::AnyOf(branches) = &mut types[index].kind {
            for (branch, from) in branches.iter_mut().zip(from) {
                branch.from = from;
            }
        }
    }
}

/// The Rust type `ty` is, with aliases resolved (two branches of one Rust type
/// cannot both have a `From`); `None` if it cannot be told.
fn canonical_ty(types: &[TypeDef], ty: &Ty, depth: usize) -> Option<Ty> {
    if depth > 32 {
        return None;
    }
    let next = depth + 1;
    Some(match ty {
        Ty::Binary => Ty::String,
        Ty::Named(i) => match &types.get(i.index())?.kind {
            TypeKind::Alias(inner) => return canonical_ty(types, inner, next),
            _ => Ty::Named(*i),
        },
        Ty::Array(inner) => Ty::Array(Box::new(canonical_ty(types, inner, next)?)),
        Ty::Map(inner) => Ty::Map(Box::new(canonical_ty(types, inner, next)?)),
        Ty::Nullable(inner) => Ty::Nullable(Box::new(canonical_ty(types, inner, next)?)),
        other => other.clone(),
    })
}
