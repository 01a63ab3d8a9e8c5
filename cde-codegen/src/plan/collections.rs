//! The collections the stateful mock keeps, found in the spec (the rules the
//! README's "Stateful mode" lists):
//!
//! - a **collection** is a path whose last segment is literal, with a `POST`
//!   (which creates) and a `GET` (which lists) or an item path, so that what
//!   is created can be read back (without either, the `POST` is an action);
//! - its **item** path is the collection's path plus one parameter segment
//!   (`/pets/{petId}`); its `GET`, `PATCH`, `PUT` and `DELETE` read, merge, set
//!   and remove;
//! - the **item type** is the element type of the list (a bare array, or the
//!   one array member of the list's object, or the paging's items), else the
//!   success type of the item's `GET`, else the create's;
//! - an answer whose type is not the item type but an object with exactly one
//!   member of the item type has that member as its **envelope** (CDE's
//!   `data`);
//! - the **id** is the item type's member named as the item path's parameter,
//!   else its member `id`: an integer (the next one) or a string (a new UUID);
//!   without such a member the collection is not kept.
//!
//! Any other operation (an action sub-path such as `/pets/{petId}/adopt`)
//! answers as without state.

use super::canned::success_rank;
use crate::ir::*;

/// What a kept collection's ids are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    Integer,
    Uuid,
}

/// A collection of the stateful mock, as the generated `stateful()` declares it.
#[derive(Debug)]
pub(crate) struct CollectionPlan<'a> {
    /// The collection's path template, as written in the spec.
    pub path: &'a str,
    /// The item's path template.
    pub item_path: Option<&'a str>,
    /// The item's member holding its id.
    pub id: &'a str,
    /// What its ids are.
    pub id_kind: IdKind,
    /// The member of an answer holding the item, when answers wrap it.
    pub envelope: Option<&'a str>,
    /// JSON pointer to the list in the list's answer (empty: the whole body).
    pub items: String,
    /// How the list pages.
    pub paging: Option<&'a PaginationDef>,
    /// The item type's member names.
    pub fields: Vec<&'a str>,
}

/// The collections of `api`, in the order of their creating operations.
pub(super) fn collections(api: &Api) -> Vec<CollectionPlan<'_>> {
    api.operations
        .iter()
        .filter(|op| op.http_method == "POST" && is_collection_path(op))
        .filter_map(|create| collection(api, create))
        .collect()
}

/// A path without a query whose last part is literal text.
fn is_collection_path(op: &Operation) -> bool {
    op.constant_query.is_empty() && matches!(op.path_parts.last(), Some(PathPart::Literal(_)))
}

fn collection<'a>(api: &'a Api, create: &'a Operation) -> Option<CollectionPlan<'a>> {
    let on = |path: &str, method: &str| {
        api.operations
            .iter()
            .find(|op| op.path == path && op.http_method == method && op.constant_query.is_empty())
    };
    let list = on(&create.path, "GET");
    let item_path = api
        .operations
        .iter()
        .map(|op| op.path.as_str())
        .find(|path| is_item_path(&create.path, path));
    if list.is_none() && item_path.is_none() {
        return None;
    }
    let read = item_path.and_then(|path| on(path, "GET"));
    let list_shape = list.and_then(|list| list_items(api, list));
    let item_ty = match &list_shape {
        Some((_, ty)) => ty,
        None => success_ty(read.unwrap_or(create))?,
    };
    let fields = struct_fields(api, item_ty)?;
    let answer = success_ty(read.unwrap_or(create))?;
    let envelope = envelope(api, answer, item_ty);
    if envelope.is_none() && !same(api, answer, item_ty) {
        return None;
    }
    let param = item_path.and_then(|path| {
        path.rsplit('/')
            .next()
            .map(|last| last.trim_start_matches('{').trim_end_matches('}'))
    });
    let id = fields
        .iter()
        .find(|f| Some(f.json_name.as_str()) == param)
        .or_else(|| fields.iter().find(|f| f.json_name == "id"))?;
    let id_kind = match peel(&api.types, &id.ty)? {
        Ty::I32 | Ty::I64 => IdKind::Integer,
        Ty::String | Ty::Uuid => IdKind::Uuid,
        _ => return None,
    };
    let paging = list.and_then(|list| list.pagination.as_ref());
    Some(CollectionPlan {
        path: &create.path,
        item_path,
        id: &id.json_name,
        id_kind,
        envelope,
        items: list_shape.map(|(pointer, _)| pointer).unwrap_or_default(),
        paging,
        fields: fields
            .iter()
            .filter(|f| !f.rest)
            .map(|f| f.json_name.as_str())
            .collect(),
    })
}

/// `path` is `collection` plus one parameter segment.
fn is_item_path(collection: &str, path: &str) -> bool {
    path.strip_prefix(collection)
        .and_then(|rest| rest.strip_prefix("/{"))
        .is_some_and(|rest| rest.ends_with('}') && !rest.contains(['/', '{', '?']))
}

/// The type of `op`'s first JSON success with a body, in the order the
/// mock's default answer is chosen.
fn success_ty(op: &Operation) -> Option<&Ty> {
    op.responses
        .iter()
        .filter(|r| r.success && r.kind == BodyKind::Json && r.stream.is_none())
        .min_by_key(|r| success_rank(r.key))
        .map(|r| &r.ty)
}

/// Where a list's answer holds its items, and their type: the paging's items
/// pointer, else the body when it is an array, else its one array member.
fn list_items<'a>(api: &'a Api, list: &'a Operation) -> Option<(String, &'a Ty)> {
    if let Some(paging) = &list.pagination {
        return Some((paging.items.clone(), &paging.item_ty));
    }
    let answer = success_ty(list)?;
    if let Some(Ty::Array(item)) = peel(&api.types, answer) {
        return Some((String::new(), item));
    }
    let arrays: Vec<(&Field, &Ty)> = struct_fields(api, answer)?
        .iter()
        .filter_map(|f| match peel(&api.types, &f.ty) {
            Some(Ty::Array(item)) => Some((f, &**item)),
            _ => None,
        })
        .collect();
    match arrays.as_slice() {
        [(field, item)] => Some((format!("/{}", pointer_token(&field.json_name)), item)),
        _ => None,
    }
}

/// The member of `answer` that holds the item when `answer` wraps it: its only
/// member of the item type.
fn envelope<'a>(api: &'a Api, answer: &'a Ty, item: &Ty) -> Option<&'a str> {
    if same(api, answer, item) {
        return None;
    }
    let holding: Vec<&Field> = struct_fields(api, answer)?
        .iter()
        .filter(|f| same(api, &f.ty, item))
        .collect();
    match holding.as_slice() {
        [field] => Some(field.json_name.as_str()),
        _ => None,
    }
}

/// The fields of a struct type (`None` for any other type).
fn struct_fields<'a>(api: &'a Api, ty: &'a Ty) -> Option<&'a [Field]> {
    match peeled_kind(&api.types, ty)? {
        TypeKind::Struct { fields } => Some(fields),
        _ => None,
    }
}

/// Whether two types are the same once aliases and nullability are peeled.
fn same(api: &Api, a: &Ty, b: &Ty) -> bool {
    match (peel(&api.types, a), peel(&api.types, b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A member name as a JSON pointer token (RFC 6901).
fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::is_item_path;

    #[test]
    fn an_item_path_is_its_collection_and_one_parameter() {
        assert!(is_item_path("/pets", "/pets/{petId}"));
        assert!(is_item_path("/a/{id}/b", "/a/{id}/b/{bId}"));
        assert!(!is_item_path("/pets", "/pets/{petId}/adopt"));
        assert!(!is_item_path("/pets", "/pets/mine"));
        assert!(!is_item_path("/pets", "/petsy/{id}"));
        assert!(!is_item_path("/pets", "/pets/{a}{b}"));
    }
}
