//! The spec document as a tree that borrows its strings from the source text.
//!
//! A spec is read once and only looked at afterwards, so its tree need not own
//! its strings nor hash its keys: names, descriptions and enum values that have no
//! escapes are slices of the source, and objects are lists of members in document
//! order. Parsing into this tree takes about a third of the time `serde_json::Value`
//! takes (which copies every string and hashes every key into an ordered map), and
//! dropping it is cheaper still.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Objects with more members than this are indexed for lookups; smaller ones are
/// scanned (cheaper than hashing or searching for the few members most have).
const SCANNED: usize = 12;

/// A JSON value of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as `serde_json` reads it.
    Number(serde_json::Number),
    /// A string: borrowed from the source unless it had escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object.
    Object(Map<'a>),
}

/// A JSON object: its members in document order. A key that occurs twice keeps
/// its first place and its last value, as with `serde_json`'s ordered maps.
#[derive(Debug, Clone, Default)]
pub struct Map<'a> {
    entries: Vec<(Cow<'a, str>, Value<'a>)>,
    /// For objects of more than [`SCANNED`] members: member indices in key order.
    sorted: Vec<u32>,
}

impl PartialEq for Map<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<'a> Value<'a> {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as a `u64`, if it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number as an `f64`, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Whether this is `true`.
    pub fn is_true(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    /// The member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The value at a JSON pointer (`/components/schemas`), as
    /// `serde_json::Value::pointer` finds it.
    pub fn pointer(&self, pointer: &str) -> Option<&Value<'a>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match node {
                Value::Object(map) => map.get(&token)?,
                Value::Array(items) => items.get(index(&token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The same value as a `serde_json::Value` (for defaults and examples, which
    /// the IR keeps).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.as_ref().to_owned()),
            Value::Array(items) => items.iter().map(Value::to_json).collect(),
            Value::Object(map) => serde_json::Value::Object(
                map.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// A tree that owns its strings, from a `serde_json::Value`.
    pub fn from_json(value: serde_json::Value) -> Value<'static> {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(s) => Value::String(Cow::Owned(s)),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(Map::from_entries(
                map.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Value::from_json(v)))
                    .collect(),
            )),
        }
    }
}

/// An array index token of a JSON pointer (no sign, no leading zero).
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// JSON text, as `serde_json` writes it.
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_json(), f)
    }
}

impl<'a> Map<'a> {
    /// An object of these members; a repeated key keeps its first place and its
    /// last value.
    fn from_entries(mut entries: Vec<(Cow<'a, str>, Value<'a>)>) -> Self {
        if entries.len() <= SCANNED {
            // Keys were checked for repeats as they were added.
            return Map {
                entries,
                sorted: Vec::new(),
            };
        }
        let mut sorted: Vec<u32> = (0..entries.len() as u32).collect();
        sorted.sort_unstable_by(|&a, &b| entries[a as usize].0.cmp(&entries[b as usize].0));
        let repeated = sorted
            .windows(2)
            .any(|w| entries[w[0] as usize].0 == entries[w[1] as usize].0);
        if repeated {
            let mut unique: Vec<(Cow<'a, str>, Value<'a>)> = Vec::with_capacity(entries.len());
            for (key, value) in entries.drain(..) {
                match unique.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = value,
                    None => unique.push((key, value)),
                }
            }
            return Map::from_entries(unique);
        }
        Map { entries, sorted }
    }

    /// The member `key`.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        if self.sorted.is_empty() {
            self.entries
                .iter()
                .find_map(|(k, v)| (k.as_ref() == key).then_some(v))
        } else {
            let at = self
                .sorted
                .binary_search_by(|&i| self.entries[i as usize].0.as_ref().cmp(key))
                .ok()?;
            Some(&self.entries[self.sorted[at] as usize].1)
        }
    }

    /// Whether the object has the member `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members, in document order.
    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter(self.entries.iter())
    }

    /// The keys, in document order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k.as_ref())
    }

    /// The values, in document order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value<'a>> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The members of a [`Map`], in document order.
#[derive(Debug, Clone)]
pub struct Iter<'m, 'a>(std::slice::Iter<'m, (Cow<'a, str>, Value<'a>)>);

impl<'m, 'a> Iterator for Iter<'m, 'a> {
    type Item = (&'m str, &'m Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.as_ref(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k.as_ref(), v))
    }
}

impl ExactSizeIterator for Iter<'_, '_> {}

impl<'m, 'a> IntoIterator for &'m Map<'a> {
    type Item = (&'m str, &'m Value<'a>);
    type IntoIter = Iter<'m, 'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A key: borrowed from the source unless it had escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }

            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }

            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Seed(&mut Scratch::default()).deserialize(deserializer)
    }
}

/// The members and items of the objects and arrays being read, innermost last.
/// Each object or array is gathered here and then moved into a list of its exact
/// size: one allocation each, instead of one per doubling of a growing list.
#[derive(Default)]
struct Scratch<'de> {
    members: Vec<(Cow<'de, str>, Value<'de>)>,
    items: Vec<Value<'de>>,
}

/// Reads one value, gathering its members or items on the scratch stacks.
struct Seed<'s, 'de>(&'s mut Scratch<'de>);

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Value<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        self.deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value<'de>, E> {
        // As `serde_json::Value`: a number that is not finite is null.
        Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let scratch = self.0;
        let start = scratch.items.len();
        while let Some(item) = seq.next_element_seed(Seed(&mut *scratch))? {
            scratch.items.push(item);
        }
        Ok(Value::Array(scratch.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let scratch = self.0;
        let start = scratch.members.len();
        while let Some(Key(key)) = map.next_key()? {
            let value = map.next_value_seed(Seed(&mut *scratch))?;
            let members = &mut scratch.members[start..];
            if members.len() < SCANNED
                && let Some(slot) = members.iter_mut().find(|(k, _)| *k == key)
            {
                slot.1 = value;
                continue;
            }
            scratch.members.push((key, value));
        }
        Ok(Value::Object(Map::from_entries(
            scratch.members.drain(start..).collect(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn parse(text: &str) -> Value<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn it_reads_what_serde_json_reads() {
        let text = r#"{"a": [1, -2, 2.5, "x\ny", null, true], "b": {"c\"": {}}, "d": 18446744073709551615}"#;
        let tree = parse(text);
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(tree.to_json(), json);
        assert_eq!(Value::from_json(json.clone()), tree);
        assert_eq!(tree.to_string(), json.to_string());
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let tree = parse(r#"{"plain": "text", "esc\u0061ped": "a\tb"}"#);
        let map = tree.as_object().unwrap();
        assert!(matches!(&map.entries[0].0, Cow::Borrowed("plain")));
        assert!(matches!(
            map.get("plain"),
            Some(Value::String(Cow::Borrowed("text")))
        ));
        assert!(matches!(&map.entries[1].0, Cow::Owned(k) if k == "escaped"));
        assert_eq!(map.get("escaped").and_then(Value::as_str), Some("a\tb"));
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value() {
        for n in [3, SCANNED + 5] {
            let mut text = String::from("{");
            for i in 0..n {
                text.push_str(&format!("\"k{i}\": {i}, "));
            }
            text.push_str("\"k1\": \"last\"}");
            let tree = parse(&text);
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(tree.to_json(), json, "{n} keys");
            let map = tree.as_object().unwrap();
            assert_eq!(map.len(), n);
            assert_eq!(map.get("k1").and_then(Value::as_str), Some("last"));
            assert_eq!(map.keys().nth(1), Some("k1"));
        }
    }

    #[test]
    fn large_objects_find_every_member_and_no_other() {
        let text = format!(
            "{{{}}}",
            (0..100)
                .map(|i| format!("\"m{}\": {i}", 97 * i % 100))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let tree = parse(&text);
        for i in 0..100u64 {
            let expected = (0..100u64).find(|j| 97 * j % 100 == i);
            assert_eq!(tree.get(&format!("m{i}")).and_then(Value::as_u64), expected);
        }
        assert_eq!(tree.get("m100"), None);
        assert_eq!(tree.get(""), None);
    }

    fn json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            (-1e12f64..1e12).prop_map(serde_json::Value::from),
            "[a-c\\\\\"\\n\u{e9}]{0,4}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 64, 20, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..20).prop_map(serde_json::Value::Array),
                // Few distinct keys, so that objects repeat them when written out.
                proptest::collection::vec(("[a-d\\\\]{0,2}", inner), 0..30).prop_map(|members| {
                    serde_json::Value::Array(
                        members
                            .into_iter()
                            .map(|(k, v)| serde_json::json!([k, v]))
                            .collect(),
                    )
                }),
            ]
        })
    }

    /// JSON text of a generated value; a `[[key, value], ...]` array whose keys are
    /// all strings is written as an object (with any repeated keys).
    fn write(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Array(items)
                if !items.is_empty()
                    && items.iter().all(|i| {
                        i.as_array()
                            .is_some_and(|p| p.len() == 2 && p[0].is_string())
                    }) =>
            {
                out.push('{');
                for (n, pair) in items.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    out.push_str(&pair[0].to_string());
                    out.push(':');
                    write(&pair[1], out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn any_json_text_reads_as_serde_json_reads_it(value in json()) {
            let mut text = String::new();
            write(&value, &mut text);
            let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
            let tree: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(tree.to_json(), expected.clone());
            for (pointer, node) in [("/0", expected.pointer("/0")), ("/a", expected.pointer("/a"))] {
                prop_assert_eq!(tree.pointer(pointer).map(Value::to_json), node.cloned());
            }
        }
    }

    #[test]
    fn pointers_are_followed_like_serde_json_does() {
        let text = r#"{"a/b": {"c~d": [10, 20]}, "": 1}"#;
        let tree = parse(text);
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        for pointer in ["", "/a~1b", "/a~1b/c~0d/1", "/a~1b/c~0d/01", "/x", "/", "a"] {
            assert_eq!(
                tree.pointer(pointer).map(Value::to_json),
                json.pointer(pointer).cloned(),
                "{pointer}"
            );
        }
    }
}
