//! The stateful mock's memory: the items of each collection, kept per server.
//!
//! A collection is named by its concrete path: `/pets`, or `/owners/7/pets` for
//! a collection under an item of another. Items are JSON values, kept in the
//! order they were created. Every accessor takes the lock for one short
//! synchronous step and gives it back before returning, so a handler can use
//! the store between its `.await`s without holding anything across them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What a collection's ids are: the type of the id property's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// Integers: a new item gets the largest id of its collection plus one
    /// (1 in an empty one).
    Integer,
    /// Strings: a new item gets a new UUID (version 4), in its hyphenated form.
    Uuid,
}

/// The items of every collection of one mock server, shared by the server and
/// the handlers that hold a clone (see `MockServerBuilder::store` in generated
/// code).
///
/// ```
/// use cde_runtime::mock::{IdKind, Store};
/// use serde_json::json;
///
/// let store = Store::default();
/// let pet = store.create("/pets", "id", IdKind::Integer, json!({"name": "Rex"}));
/// assert_eq!(pet, json!({"name": "Rex", "id": 1}));
/// store.update("/pets", "1", |pet| pet["name"] = json!("Max"));
/// assert_eq!(store.get("/pets", "1"), Some(json!({"name": "Max", "id": 1})));
/// assert_eq!(store.list("/pets").len(), 1);
/// ```
#[derive(Clone, Default)]
pub struct Store {
    inner: Arc<Mutex<Items>>,
}

#[derive(Default)]
struct Items {
    /// Collection path → id → item, in creation order.
    collections: BTreeMap<String, Map<String, Value>>,
    /// Collection path → the largest integer id given out, so that two
    /// creates never get the same one, even before either is stored.
    issued: BTreeMap<String, i64>,
    /// Where new UUIDs come from: seeded for repeatable ids, else random.
    ids: Option<fastrand::Rng>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items = self.lock();
        f.debug_map()
            .entries(
                items
                    .collections
                    .iter()
                    .map(|(path, items)| (path, items.len())),
            )
            .finish()
    }
}

/// A collection's path as the store keys it: with a leading `/`, without a
/// trailing one.
fn key(collection: &str) -> String {
    format!("/{}", collection.trim_matches('/'))
}

impl Store {
    /// A store whose new UUIDs follow from `seed`: the same seed gives the same
    /// ids in the same order (for output that a test or an example can compare).
    pub fn seeded(seed: u64) -> Self {
        let store = Self::default();
        store.seed(seed);
        store
    }

    /// Makes the UUIDs given out from now on follow from `seed`.
    pub(super) fn seed(&self, seed: u64) {
        self.lock().ids = Some(fastrand::Rng::with_seed(seed));
    }

    fn lock(&self) -> MutexGuard<'_, Items> {
        // A handler that panicked while changing an item leaves it as it was
        // changed; the store itself is still consistent.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The item `id` of `collection`, if there is one.
    pub fn get(&self, collection: &str, id: &str) -> Option<Value> {
        self.lock()
            .collections
            .get(&key(collection))
            .and_then(|items| items.get(id))
            .cloned()
    }

    /// The item `id` of `collection` read as `T`; `None` when there is no such
    /// item or it does not read as `T`.
    pub fn get_as<T: DeserializeOwned>(&self, collection: &str, id: &str) -> Option<T> {
        self.get(collection, id)
            .and_then(|item| serde_json::from_value(item).ok())
    }

    /// The items of `collection`, in the order they were created.
    pub fn list(&self, collection: &str) -> Vec<Value> {
        self.lock()
            .collections
            .get(&key(collection))
            .map(|items| items.values().cloned().collect())
            .unwrap_or_default()
    }

    /// How many items `collection` holds.
    pub fn len(&self, collection: &str) -> usize {
        self.lock()
            .collections
            .get(&key(collection))
            .map_or(0, Map::len)
    }

    /// Whether `collection` holds no item.
    pub fn is_empty(&self, collection: &str) -> bool {
        self.len(collection) == 0
    }

    /// Adds `item` to `collection` under a new id of `kind`, which is also set
    /// as its member `id_member`; gives the item as stored.
    pub fn create(&self, collection: &str, id_member: &str, kind: IdKind, item: Value) -> Value {
        let mut items = self.lock();
        let id = items.new_id(&key(collection), kind);
        let mut item = item;
        if let Value::Object(members) = &mut item {
            members.insert(id_member.to_owned(), id.clone());
        }
        items
            .collections
            .entry(key(collection))
            .or_default()
            .insert(id_text(&id), item.clone());
        item
    }

    /// A new id of `kind` for `collection`: an integer above every one it has
    /// held or been given, or a new UUID.
    pub fn new_id(&self, collection: &str, kind: IdKind) -> Value {
        self.lock().new_id(&key(collection), kind)
    }

    /// Stores `item` as the item `id` of `collection` (replacing one stored
    /// under that id, which is given back).
    pub fn insert(&self, collection: &str, id: &str, item: Value) -> Option<Value> {
        self.lock()
            .collections
            .entry(key(collection))
            .or_default()
            .insert(id.to_owned(), item)
    }

    /// Stores `item` as [`Store::insert`] does, encoded as JSON; `None` (and
    /// nothing stored) when it does not encode.
    pub fn insert_as<T: Serialize>(&self, collection: &str, id: &str, item: &T) -> Option<()> {
        let item = serde_json::to_value(item).ok()?;
        self.insert(collection, id, item);
        Some(())
    }

    /// Changes the item `id` of `collection` in place with `change`, under the
    /// lock (keep it short and synchronous); `None` when there is no such item.
    pub fn update<R>(
        &self,
        collection: &str,
        id: &str,
        change: impl FnOnce(&mut Value) -> R,
    ) -> Option<R> {
        let mut items = self.lock();
        let item = items.collections.get_mut(&key(collection))?.get_mut(id)?;
        Some(change(item))
    }

    /// Removes the item `id` of `collection` and gives it back.
    pub fn remove(&self, collection: &str, id: &str) -> Option<Value> {
        self.lock()
            .collections
            .get_mut(&key(collection))?
            .shift_remove(id)
    }

    /// A UUID from the store's source: seeded, or random.
    pub fn new_uuid(&self) -> uuid::Uuid {
        self.lock().uuid()
    }
}

impl Items {
    fn new_id(&mut self, collection: &str, kind: IdKind) -> Value {
        match kind {
            IdKind::Integer => {
                let stored = self
                    .collections
                    .get(collection)
                    .into_iter()
                    .flat_map(|items| items.keys())
                    .filter_map(|id| id.parse::<i64>().ok())
                    .max();
                let issued = self.issued.get(collection).copied();
                let next = stored.max(issued).unwrap_or(0).saturating_add(1);
                self.issued.insert(collection.to_owned(), next);
                Value::from(next)
            }
            IdKind::Uuid => Value::String(self.uuid().to_string()),
        }
    }

    fn uuid(&mut self) -> uuid::Uuid {
        let bits = match &mut self.ids {
            Some(rng) => rng.u128(..),
            None => fastrand::u128(..),
        };
        uuid::Builder::from_random_bytes(bits.to_le_bytes()).into_uuid()
    }
}

/// An id as the store keys it: a string as it is, anything else as its JSON.
pub(super) fn id_text(id: &Value) -> String {
    match id {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
