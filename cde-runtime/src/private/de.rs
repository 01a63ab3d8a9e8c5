//! The pieces generated `Deserialize` impls of object types are made of.
//!
//! A generated object type reads a map only (never a sequence), ignores members
//! it does not know, rejects a member given twice, and treats a missing member as
//! absent where its type allows (`Option`, `Nullable`) and as an error otherwise,
//! with serde's own messages. Keeping the per-field work in these generic
//! functions keeps each generated impl a few lines per field.
//!
//! Unions use [`holds_all`]; an `anyOf` struct (one optional field per branch)
//! decodes each branch with [`branch`] and encodes with [`encode_branch`] and
//! [`serialize_branches`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// Reads a map key and gives the index of the field it names among `self.0`, or
/// `None` for a member the type does not know.
#[derive(Clone, Copy, Debug)]
pub struct FieldIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(v)
            .ok()
            .filter(|index| *index < self.0.len()))
    }
}

/// Reads a map key and gives the index of the field it names among `self.0`, or
/// the key itself for a member the type keeps in its map of other members.
#[derive(Clone, Copy, Debug)]
pub struct FieldOrKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldOrKey {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldOrKey {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self
            .0
            .iter()
            .position(|name| *name == v)
            .ok_or_else(|| v.to_owned()))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(v) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

/// An object type whose `Deserialize` impl is [`object`]: what a generated
/// struct says of itself (its name, its members, where each member's value goes).
///
/// The members are read into `Slots` (one `Option` per named member, and the map
/// of other members where the type keeps them), in any order, then
/// [`Object::finish`] builds the value, deciding what an absent member means.
pub trait Object: Sized {
    /// The type's name, for `expected struct …` errors.
    const NAME: &'static str;
    /// The JSON names of the named members, in declaration order.
    const FIELDS: &'static [&'static str];
    /// Whether members it does not name are kept (in [`Object::other`]) rather
    /// than skipped.
    const KEEPS_OTHERS: bool = false;
    /// What is read so far.
    type Slots;
    /// Nothing read yet.
    fn start() -> Self::Slots;
    /// Reads the value of the member `FIELDS[index]`.
    fn member<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Reads the value of a member the type does not name (only called when
    /// `KEEPS_OTHERS`); skips it by default.
    fn other<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        key: String,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let _ = (slots, key);
        skip_value(map)
    }
    /// The value, once every member is read.
    fn finish<E: de::Error>(slots: Self::Slots) -> Result<Self, E>;
}

/// Deserializes an [`Object`] from a map; the whole `Deserialize` impl of a
/// generated struct.
pub fn object<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::start();
        if T::KEEPS_OTHERS {
            while let Some(key) = map.next_key_seed(FieldOrKey(T::FIELDS))? {
                match key {
                    Ok(index) => T::member(&mut slots, index, &mut map)?,
                    Err(key) => T::other(&mut slots, key, &mut map)?,
                }
            }
        } else {
            while let Some(key) = map.next_key_seed(FieldIndex(T::FIELDS))? {
                match key {
                    Some(index) => T::member(&mut slots, index, &mut map)?,
                    None => skip_value(&mut map)?,
                }
            }
        }
        T::finish(slots)
    }
}

/// Reads the value of a member the type does not name into its map of other
/// members.
pub fn rest_member<'de, A, T>(
    map: &mut A,
    rest: &mut std::collections::BTreeMap<String, T>,
    key: String,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    let value = map.next_value()?;
    rest.insert(key, value);
    Ok(())
}

/// Reads the value of the member `name` into `slot`; a second occurrence is a
/// `duplicate field` error.
pub fn next_field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Whether `decoded` holds all of `original`: it encodes back to the same JSON
/// (numbers compared by value) and every enum value in it is one its enum knows.
/// A union takes the first branch that does, so a branch that knows a value wins
/// over one that only keeps it as unknown.
pub fn holds_all<T: serde::Serialize>(decoded: &T, original: &serde_json::Value) -> bool {
    serde_json::to_value(decoded).is_ok_and(|again| same_json(&again, original))
        && !crate::unknown::any(decoded)
}

/// The value decoded as one branch of an `anyOf`, or `None` if it does not decode
/// as that branch.
pub fn branch<T: de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// A present branch of an `anyOf`, encoded for [`serialize_branches`]: its
/// JSON, and where the values in it that its enums and unions do not know and
/// the numbers JSON cannot write are, so that a walk of the `anyOf` value still
/// finds them where they are.
#[derive(Debug)]
pub struct EncodedBranch {
    json: serde_json::Value,
    markers: Vec<crate::unknown::Marker>,
}

/// A present branch of an `anyOf`, encoded for [`serialize_branches`]. A
/// number JSON cannot write (NaN, an infinity) is written as the other
/// numbers of generated types are: the input or answer holding it is refused
/// before it is encoded, naming where it is.
pub fn encode_branch<T, E>(value: &T) -> Result<EncodedBranch, E>
where
    T: serde::Serialize + ?Sized,
    E: serde::ser::Error,
{
    let markers = crate::unknown::markers(value);
    let json = serde_json::to_value(value).map_err(E::custom)?;
    Ok(EncodedBranch { json, markers })
}

/// Writes an `anyOf` value from its present branches, encoded, in the schema's
/// order: when all are objects, one object with the members of all of them (a
/// member several have is written as the first has it); otherwise the first. No
/// branch at all is an error naming the type (`name`). What is written keeps
/// its markers (see [`EncodedBranch`]).
pub fn serialize_branches<S: serde::Serializer>(
    branches: Vec<EncodedBranch>,
    serializer: S,
    name: &str,
) -> Result<S::Ok, S::Error> {
    use crate::unknown::{Marked, Step};
    use serde::Serialize;
    use serde::ser::Error;
    use serde_json::Value;
    if branches.len() > 1 && branches.iter().all(|b| b.json.is_object()) {
        let mut merged = serde_json::Map::new();
        let mut markers = Vec::new();
        for branch in branches {
            let Value::Object(members) = branch.json else {
                continue;
            };
            // A member an earlier branch wrote is not this branch's, nor are
            // the markers inside it.
            let written = |marker: &crate::unknown::Marker| match marker.path.first() {
                Some(Step::Key(key)) => merged.contains_key(key),
                _ => false,
            };
            markers.extend(branch.markers.into_iter().filter(|m| !written(m)));
            for (key, value) in members {
                merged.entry(key).or_insert(value);
            }
        }
        return Marked::new(&Value::Object(merged), &markers).serialize(serializer);
    }
    match branches.into_iter().next() {
        Some(first) => Marked::new(&first.json, &first.markers).serialize(serializer),
        None => Err(S::Error::custom(format_args!(
            "no branch of `{name}` is set"
        ))),
    }
}

/// Whether two JSON values are equal, numbers compared by value (`1` and `1.0`).
pub(crate) fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}

/// Skips the value of a member the type does not know.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// The value of a required member: read, or what its type makes of absence (an
/// `Option` is `None`; anything else is a `missing field` error).
pub fn required<'de, T, E>(slot: Option<T>, name: &'static str) -> Result<T, E>
where
    T: de::Deserialize<'de>,
    E: de::Error,
{
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing {
            name,
            error: PhantomData,
        }),
    }
}

/// The value of an optional member: read, or its type's default (absent).
pub fn optional<T: Default>(slot: Option<T>) -> T {
    slot.unwrap_or_default()
}

/// Stands for a member that is not there.
struct Missing<E> {
    name: &'static str,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.name))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        tag: Option<String>,
        nickname: Option<String>,
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl Object for Pet {
        const NAME: &'static str = "Pet";
        const FIELDS: &'static [&'static str] = &["name", "tag", "nickname"];
        type Slots = (
            Option<String>,
            Option<Option<String>>,
            Option<Option<String>>,
        );
        fn start() -> Self::Slots {
            (None, None, None)
        }
        fn member<'de, A: MapAccess<'de>>(
            s: &mut Self::Slots,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => next_field(map, &mut s.0, "name"),
                1 => next_field(map, &mut s.1, "tag"),
                2 => next_field(map, &mut s.2, "nickname"),
                _ => skip_value(map),
            }
        }
        fn finish<E: de::Error>(s: Self::Slots) -> Result<Self, E> {
            Ok(Pet {
                name: required(s.0, "name")?,
                // required but nullable: absence is None
                tag: required(s.1, "tag")?,
                nickname: optional(s.2),
            })
        }
    }

    /// Keeps the members it does not name.
    #[derive(Debug, PartialEq)]
    struct Labels {
        kind: String,
        others: std::collections::BTreeMap<String, u32>,
    }

    impl<'de> Deserialize<'de> for Labels {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl Object for Labels {
        const NAME: &'static str = "Labels";
        const FIELDS: &'static [&'static str] = &["kind"];
        const KEEPS_OTHERS: bool = true;
        type Slots = (Option<String>, std::collections::BTreeMap<String, u32>);
        fn start() -> Self::Slots {
            (None, std::collections::BTreeMap::new())
        }
        fn member<'de, A: MapAccess<'de>>(
            s: &mut Self::Slots,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => next_field(map, &mut s.0, "kind"),
                _ => skip_value(map),
            }
        }
        fn other<'de, A: MapAccess<'de>>(
            s: &mut Self::Slots,
            key: String,
            map: &mut A,
        ) -> Result<(), A::Error> {
            rest_member(map, &mut s.1, key)
        }
        fn finish<E: de::Error>(s: Self::Slots) -> Result<Self, E> {
            Ok(Labels {
                kind: required(s.0, "kind")?,
                others: s.1,
            })
        }
    }

    #[test]
    fn keeps_other_members_in_their_map() {
        let labels: Labels = serde_json::from_str(r#"{"a": 1, "kind": "k", "b": 2}"#).unwrap();
        assert_eq!(labels.kind, "k");
        assert_eq!(
            labels.others.into_iter().collect::<Vec<_>>(),
            vec![("a".to_owned(), 1), ("b".to_owned(), 2)]
        );
        let wrong = serde_json::from_str::<Labels>(r#"{"kind": "k", "b": "x"}"#).unwrap_err();
        assert!(wrong.to_string().contains("expected u32"), "{wrong}");
    }

    #[test]
    fn reads_members_ignores_unknown_and_defaults_absent() {
        let pet: Pet = serde_json::from_str(r#"{"extra": [1, {"a": 2}], "name": "Rex"}"#).unwrap();
        assert_eq!(
            pet,
            Pet {
                name: "Rex".into(),
                tag: None,
                nickname: None
            }
        );
        let pet: Pet =
            serde_json::from_str(r#"{"name": "Rex", "tag": "dog", "nickname": "R"}"#).unwrap();
        assert_eq!(pet.tag.as_deref(), Some("dog"));
        assert_eq!(pet.nickname.as_deref(), Some("R"));
    }

    #[test]
    fn branches_merge_when_all_are_objects() {
        use serde_json::{Value, json};
        let encode = |branches: Vec<Value>| {
            let branches = branches
                .iter()
                .map(|b| encode_branch::<_, serde_json::Error>(b).unwrap())
                .collect();
            serialize_branches(branches, serde_json::value::Serializer, "T")
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            encode(vec![json!({"a": 1, "b": 2}), json!({"b": 3, "c": 4})]),
            Ok(json!({"a": 1, "b": 2, "c": 4}))
        );
        assert_eq!(encode(vec![json!(5), json!(5.0)]), Ok(json!(5)));
        assert_eq!(
            encode(vec![json!({"a": 1}), json!("a")]),
            Ok(json!({"a": 1}))
        );
        assert_eq!(
            encode(Vec::new()),
            Err(String::from("no branch of `T` is set"))
        );
        assert_eq!(branch::<u8>(&json!(3)), Some(3));
        assert_eq!(branch::<u8>(&json!("3")), None);
    }

    #[test]
    fn missing_duplicate_and_wrong_shapes_are_errors() {
        let missing = serde_json::from_str::<Pet>(r#"{"tag": "dog"}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `name`"),
            "{missing}"
        );
        let twice = serde_json::from_str::<Pet>(r#"{"name": "a", "name": "b"}"#).unwrap_err();
        assert!(
            twice.to_string().starts_with("duplicate field `name`"),
            "{twice}"
        );
        let seq = serde_json::from_str::<Pet>(r#"["Rex", null, null]"#).unwrap_err();
        assert!(seq.to_string().contains("expected struct Pet"), "{seq}");
        let wrong = serde_json::from_str::<Pet>(r#"{"name": 3}"#).unwrap_err();
        assert!(wrong.to_string().contains("expected a string"), "{wrong}");
    }
}
