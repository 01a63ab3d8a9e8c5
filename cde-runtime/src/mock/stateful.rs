//! The stateful mode: collections whose operations answer from the server's
//! [`Store`] instead of the documented examples.
//!
//! How each operation of a collection answers: the table in the `mock`
//! module's documentation.

use serde_json::{Map, Value};

use super::reply::Reply;
use super::route::{Canned, Route, template_segments};
use super::server::Check;
use super::store::{IdKind, Store, id_text};
use crate::{Method, Pagination, StatusCode};

/// A collection the stateful mock keeps: where it is, how its items are
/// identified, where an answer carries them. Declared on the mock server's
/// builder; the generated `stateful()` declares those it finds in the spec.
///
/// ```
/// use cde_runtime::mock::{Collection, IdKind};
///
/// // `POST /pets` creates, `GET /pets` lists, `/pets/{petId}` is one pet,
/// // whose `id` is an integer.
/// let pets = Collection::new("/pets")
///     .item("/pets/{petId}")
///     .id("id", IdKind::Integer);
/// # let _ = pets;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Collection {
    pub(super) path: &'static str,
    pub(super) item_path: Option<&'static str>,
    pub(super) id: &'static str,
    pub(super) id_kind: IdKind,
    pub(super) envelope: Option<&'static str>,
    pub(super) items: &'static str,
    pub(super) paging: Option<Pagination>,
    pub(super) fields: &'static [&'static str],
}

impl Collection {
    /// The collection at the path template `path` (`/pets`,
    /// `/owners/{ownerId}/pets`): its `POST` creates, its `GET` lists. Items
    /// start with ids in their member `id`, UUIDs; answers carry an item as
    /// the whole body and a list as the whole body.
    pub const fn new(path: &'static str) -> Self {
        Self {
            path,
            item_path: None,
            id: "id",
            id_kind: IdKind::Uuid,
            envelope: None,
            items: "",
            paging: None,
            fields: &[],
        }
    }

    /// The path template of one item (`/pets/{petId}`, its last segment the
    /// id): its `GET` reads, `PATCH` merges, `PUT` sets, `DELETE` removes.
    pub const fn item(mut self, item_path: &'static str) -> Self {
        self.item_path = Some(item_path);
        self
    }

    /// The item's member holding its id, and what kind of id it is.
    pub const fn id(mut self, member: &'static str, kind: IdKind) -> Self {
        self.id = member;
        self.id_kind = kind;
        self
    }

    /// The member of an answer's body that holds the item (CDE's `data`), when
    /// the item comes inside an envelope.
    pub const fn envelope(mut self, member: &'static str) -> Self {
        self.envelope = Some(member);
        self
    }

    /// A JSON pointer to the list in the collection's `GET` answer (`/data`;
    /// empty, the default, for a body that is the list itself). Paging's own
    /// pointer, when set, wins.
    pub const fn items(mut self, pointer: &'static str) -> Self {
        self.items = pointer;
        self
    }

    /// How the collection's `GET` pages: offset (a page from the offset
    /// parameter, as long as the limit parameter, its `next` marker the
    /// following offset or null), cursor (the items after the one the cursor
    /// names, as many as a `limit` query parameter asks, its `has_more`
    /// flag) or `Link` (every item in one page).
    pub const fn paging(mut self, paging: Pagination) -> Self {
        self.paging = Some(paging);
        self
    }

    /// The member names of the item's type: a request member is copied onto
    /// an item only if it is one of them. Without them, only members the
    /// documented item already has are copied.
    pub const fn fields(mut self, names: &'static [&'static str]) -> Self {
        self.fields = names;
        self
    }

    /// Which of the collection's operations `route` is, if any.
    pub(super) fn role(&self, route: &Route) -> Option<Role> {
        if route.path.contains('?') {
            return None;
        }
        let same = |template: &str| template_segments(template) == template_segments(route.path);
        let method = &route.method;
        if same(self.path) {
            return match *method {
                Method::POST => Some(Role::Create),
                Method::GET => Some(Role::List),
                _ => None,
            };
        }
        if self.item_path.is_some_and(same) {
            return match *method {
                Method::GET => Some(Role::Read),
                Method::PATCH => Some(Role::Merge),
                Method::PUT => Some(Role::Replace),
                Method::DELETE => Some(Role::Delete),
                _ => None,
            };
        }
        None
    }

    /// The collection's list pointer.
    fn list_pointer(&self) -> &'static str {
        match self.paging {
            Some(
                Pagination::Offset { items, .. }
                | Pagination::Cursor { items, .. }
                | Pagination::Link { items },
            ) => items,
            None => self.items,
        }
    }
}

/// What an operation does to its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Create,
    List,
    Read,
    Merge,
    Replace,
    Delete,
}

/// A request to a collection's operation, read and checked, with what is
/// needed to answer it from the store.
pub(super) struct Call<'a> {
    pub(super) store: &'a Store,
    pub(super) collection: &'a Collection,
    pub(super) role: Role,
    pub(super) route: &'a Route,
    /// The documented success of the item's `GET`: the item a create starts
    /// from when its own success has no JSON body.
    pub(super) item_success: Option<&'a Canned>,
    /// Whether an answer reads as the operation documents it.
    pub(super) decodes: Check,
    /// The request's path segments under the server's prefix, decoded.
    pub(super) segments: &'a [String],
    pub(super) query: &'a [(String, String)],
    pub(super) body: &'a [u8],
}

/// Answers `call` from the store.
pub(super) fn answer(call: &Call<'_>) -> Reply {
    let whole = call.segments.join("/");
    match call.role {
        Role::Create => create(call, &whole),
        Role::List => list(call, &whole),
        Role::Read | Role::Merge | Role::Replace | Role::Delete => {
            let (collection, id) = match call.segments.split_last() {
                Some((id, parents)) => (parents.join("/"), id_in_path(call.collection, id)),
                None => (String::new(), String::new()),
            };
            match call.role {
                Role::Read => match call.store.get(&collection, &id) {
                    Some(item) => item_reply(call, &item),
                    None => missing(call.route, &collection, &id),
                },
                Role::Delete => match call.store.remove(&collection, &id) {
                    Some(_) => Reply::canned(&call.route.success),
                    None => missing(call.route, &collection, &id),
                },
                _ => change(call, &collection, &id),
            }
        }
    }
}

/// A path segment as the id the store keys: a UUID in its hyphenated
/// lower-case form, anything else as it is.
fn id_in_path(collection: &Collection, segment: &str) -> String {
    match collection.id_kind {
        IdKind::Uuid => uuid::Uuid::parse_str(segment)
            .map_or_else(|_| segment.to_owned(), |id| id.hyphenated().to_string()),
        IdKind::Integer => segment.to_owned(),
    }
}

fn create(call: &Call<'_>, collection: &str) -> Reply {
    let own = json_body(&call.route.success);
    let Some(template) = own
        .clone()
        .or_else(|| call.item_success.and_then(json_body))
    else {
        return Reply::canned(&call.route.success);
    };
    let mut item = item_of(template, call.collection.envelope);
    if !item.is_object() {
        return Reply::canned(&call.route.success);
    }
    // The new id is set first, so that the overlay is checked with it.
    let id = call.store.new_id(collection, call.collection.id_kind);
    if let Value::Object(members) = &mut item {
        members.insert(call.collection.id.to_owned(), id.clone());
    }
    overlay(call, &mut item, &request_members(call.body), false);
    call.store.insert(collection, &id_text(&id), item.clone());
    match own {
        Some(body) => json_reply(&call.route.success, with_item(body, call.collection, item)),
        None => Reply::canned(&call.route.success),
    }
}

fn change(call: &Call<'_>, collection: &str, id: &str) -> Reply {
    let changes = request_members(call.body);
    let merge = call.role == Role::Merge;
    let changed = call.store.update(collection, id, |item| {
        overlay(call, item, &changes, merge);
        item.clone()
    });
    match changed {
        Some(item) => item_reply(call, &item),
        None => missing(call.route, collection, id),
    }
}

/// One page of a list by offset: the items from `from` (past the end, none),
/// at most `limit` of them. The stateful mode's offset-paged lists answer
/// with it; a handler answering a list of its own can too.
#[derive(Debug, Clone, PartialEq)]
pub struct OffsetPage<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The offset of its first item (at most `total`).
    pub from: usize,
    /// How many items the whole list has.
    pub total: usize,
}

impl<T> OffsetPage<T> {
    /// The page of `items` from `from`, at most `limit` long.
    pub fn new(items: Vec<T>, from: usize, limit: usize) -> Self {
        let total = items.len();
        let from = from.min(total);
        let items = items.into_iter().skip(from).take(limit).collect();
        Self { items, from, total }
    }

    /// The offset of the next page, when items follow this one.
    pub fn next(&self) -> Option<usize> {
        let end = self.from + self.items.len();
        (end < self.total).then_some(end)
    }
}

fn list(call: &Call<'_>, collection: &str) -> Reply {
    let Some(mut body) = json_body(&call.route.success) else {
        return Reply::canned(&call.route.success);
    };
    let items = call.store.list(collection);
    let query = |name: &str| {
        call.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let number = |name: &str| query(name).and_then(|value| value.parse::<usize>().ok());
    let total = items.len();
    match call.collection.paging {
        Some(Pagination::Offset {
            offset_param,
            limit_param,
            default_limit,
            next,
            ..
        }) => {
            let limit = number(limit_param)
                .or_else(|| usize::try_from(default_limit).ok())
                .filter(|limit| *limit > 0)
                .unwrap_or(total);
            let page = OffsetPage::new(items, number(offset_param).unwrap_or(0), limit);
            let marker = page.next().map_or(Value::Null, Value::from);
            set_pointer(
                &mut body,
                call.collection.list_pointer(),
                Value::Array(page.items),
            );
            if let Some(next) = next {
                set_pointer(&mut body, next, marker);
            }
        }
        Some(Pagination::Cursor {
            cursor_param,
            cursor_from,
            has_more,
            ..
        }) => {
            let start = match query(cursor_param) {
                Some(cursor) => items
                    .iter()
                    .position(|item| {
                        item.pointer(cursor_from).map(id_text).as_deref() == Some(cursor)
                    })
                    .map_or(total, |at| at + 1),
                None => 0,
            };
            let limit = number("limit").filter(|limit| *limit > 0).unwrap_or(total);
            let page: Vec<Value> = items.into_iter().skip(start).take(limit).collect();
            let more = start + page.len() < total;
            set_pointer(
                &mut body,
                call.collection.list_pointer(),
                Value::Array(page),
            );
            if let Some(has_more) = has_more {
                set_pointer(&mut body, has_more, Value::Bool(more));
            }
        }
        Some(Pagination::Link { .. }) | None => {
            set_pointer(
                &mut body,
                call.collection.list_pointer(),
                Value::Array(items),
            );
        }
    }
    json_reply(&call.route.success, body)
}

/// The operation's documented success with `item` in it; the documented
/// success as it is when it has no JSON body.
fn item_reply(call: &Call<'_>, item: &Value) -> Reply {
    match json_body(&call.route.success) {
        Some(body) => json_reply(
            &call.route.success,
            with_item(body, call.collection, item.clone()),
        ),
        None => Reply::canned(&call.route.success),
    }
}

/// The answer to an id the collection does not hold.
fn missing(route: &Route, collection: &str, id: &str) -> Reply {
    match &route.not_found {
        Some(canned) => Reply::canned(canned),
        None => {
            let id: String = id.chars().take(100).collect();
            Reply::problem(
                StatusCode::NOT_FOUND,
                &format!("/{collection} holds no item {id}"),
                None,
            )
        }
    }
}

/// Sets on `item` each member of `changes` the item's type has (never its
/// id), merged as RFC 7396 says when `merge`, else replaced; a change after
/// which the answer would not read as documented is undone.
fn overlay(call: &Call<'_>, item: &mut Value, changes: &Map<String, Value>, merge: bool) {
    let collection = call.collection;
    for (name, value) in changes {
        let Value::Object(members) = &mut *item else {
            return;
        };
        let known = if collection.fields.is_empty() {
            members.contains_key(name)
        } else {
            collection.fields.contains(&name.as_str())
        };
        if name == collection.id || !known {
            continue;
        }
        let before = members.get(name).cloned();
        if merge && value.is_null() {
            members.shift_remove(name);
        } else if merge {
            merge_patch(members.entry(name.clone()).or_insert(Value::Null), value);
        } else {
            members.insert(name.clone(), value.clone());
        }
        if !fits(call, item)
            && let Value::Object(members) = &mut *item
        {
            match before {
                Some(before) => members.insert(name.clone(), before),
                None => members.shift_remove(name),
            };
        }
    }
}

/// Whether the answer carrying `item` reads as the operation documents it
/// (always, when its success has no JSON body).
fn fits(call: &Call<'_>, item: &Value) -> bool {
    let canned = &call.route.success;
    match json_body(canned) {
        Some(body) => {
            let body = with_item(body, call.collection, item.clone()).to_string();
            (call.decodes)(canned.status, canned.content_type, body.as_bytes())
        }
        None => true,
    }
}

/// RFC 7396: an object patch merges member by member (null removes one),
/// anything else replaces.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(members) = target {
        for (name, value) in patch {
            if value.is_null() {
                members.shift_remove(name);
            } else {
                merge_patch(members.entry(name.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

/// The members of a JSON object request body (none for any other body).
fn request_members(body: &[u8]) -> Map<String, Value> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(members)) => members,
        _ => Map::new(),
    }
}

/// A canned answer's body as JSON, if it is JSON.
fn json_body(canned: &Canned) -> Option<Value> {
    if !crate::media::is_json(canned.content_type) {
        return None;
    }
    serde_json::from_str(canned.body).ok()
}

/// The item in an answer's body: its envelope member, else the whole body.
fn item_of(body: Value, envelope: Option<&str>) -> Value {
    match (envelope, body) {
        (Some(member), Value::Object(mut members)) if members.contains_key(member) => {
            members.shift_remove(member).unwrap_or(Value::Null)
        }
        (_, body) => body,
    }
}

/// `body` with `item` as its envelope member, or `item` itself without an
/// envelope.
fn with_item(body: Value, collection: &Collection, item: Value) -> Value {
    match (collection.envelope, body) {
        (Some(member), Value::Object(mut members)) => {
            members.insert(member.to_owned(), item);
            Value::Object(members)
        }
        _ => item,
    }
}

/// `canned`'s status and media type with `body`.
fn json_reply(canned: &Canned, body: Value) -> Reply {
    Reply::new(
        StatusCode::from_u16(canned.status).unwrap_or(StatusCode::OK),
        Some(canned.content_type),
        body.to_string().into_bytes(),
    )
}

/// Sets the value at `pointer` (RFC 6901) in `document`, adding its last
/// member when its parent is an object without it.
fn set_pointer(document: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    if let Some(Value::Object(members)) = document.pointer_mut(parent) {
        members.insert(last.replace("~1", "/").replace("~0", "~"), value);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{merge_patch, set_pointer};

    #[test]
    fn merge_patch_follows_rfc_7396() {
        // The example of RFC 7396, section 3.
        let mut target = json!({
            "title": "Goodbye!",
            "author": {"givenName": "John", "familyName": "Doe"},
            "tags": ["example", "sample"],
            "content": "This will be unchanged"
        });
        let patch = json!({
            "title": "Hello!",
            "phoneNumber": "+01-123-456-7890",
            "author": {"familyName": null},
            "tags": ["example"]
        });
        merge_patch(&mut target, &patch);
        assert_eq!(
            target,
            json!({
                "title": "Hello!",
                "author": {"givenName": "John"},
                "tags": ["example"],
                "content": "This will be unchanged",
                "phoneNumber": "+01-123-456-7890"
            })
        );
    }

    #[test]
    fn pointers_set_existing_values_and_add_missing_members() {
        let mut body = json!({"data": [1], "metadata": {}});
        set_pointer(&mut body, "/data", json!([2, 3]));
        set_pointer(&mut body, "/metadata/next", json!(2));
        set_pointer(&mut body, "/absent/next", json!(1));
        assert_eq!(body, json!({"data": [2, 3], "metadata": {"next": 2}}));
        set_pointer(&mut body, "", json!([]));
        assert_eq!(body, json!([]));
    }
}
