//! Values a string enum does not know, and union values whose tag names no
//! branch, found in a decoded value.
//!
//! Generated string enums always decode a value they do not list into their
//! `Unknown` variant (a newer server breaks no client); so do tagged unions a
//! value whose tag they do not know. Where unknown values must be refused (the
//! mock server reading a request, an example check) or matter (an
//! `anyOf`/`oneOf` choosing the branch that knows a value), they are found
//! after decoding, by serializing the value with [`Finder`]: an enum's
//! `Unknown` variant serializes as a newtype struct named with [`MARKER`] and
//! its known values (a union's, with [`BRANCH_MARKER`], its tag's property and
//! the tags it knows), which JSON writes as the plain value (so the wire format
//! is unchanged) and `Finder` recognizes. This keeps the mode explicit, per
//! call, and adds no code per generated enum (three lines per such union).
//! An `anyOf` struct is written from its branches' JSON, which has lost the
//! markers and the numbers that are not finite; [`Marked`] writes that JSON
//! with each back in its place.
//!
//! The same walk finds a number JSON cannot write (NaN or an infinity), which
//! `serde_json` would send as `null`: a required parameter would silently go
//! missing and a field be cleared. [`check_input`] refuses both before a request
//! is sent.

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// The start of the newtype-struct name an enum's `Unknown` variant serializes
/// with; [`CLOSED`] follows for an enum made from a `const`, then the enum's
/// known values, each after a `\0`.
pub const MARKER: &str = "\0cde-runtime:unknown-enum-value";

/// What follows [`MARKER`] for an enum whose other values are refused before a
/// request is sent (`string_enum!`'s `closed`).
const CLOSED: &str = ":closed";

/// The start of the newtype-struct name a union's `Unknown` variant (a value
/// whose tag names no branch) serializes with; the tag's property follows, then
/// the tags the union knows, each after a `\0` (`__unknown_branch_marker!`).
pub const BRANCH_MARKER: &str = "\0cde-runtime:unknown-union-branch";

/// A step on the way from a value's root to one of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// An object member (or an enum variant) by name.
    Key(String),
    /// An array item by index.
    Index(usize),
}

/// An unknown enum value, where it is, and what the enum knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownValue {
    /// Where it is.
    pub path: Vec<Step>,
    /// The value.
    pub value: String,
    /// The values the enum lists.
    pub known: Vec<&'static str>,
    /// Whether the enum refuses other values before a request is sent.
    pub closed: bool,
}

impl UnknownValue {
    /// The message serde gives for an unknown variant (`unknown variant `x`,
    /// expected one of `a`, `b``), so that refusing it here reads as refusing it
    /// while decoding would. The mock server refuses every unknown value; the
    /// client, those of closed enums.
    pub fn message(&self) -> String {
        let quoted: Vec<String> = self.known.iter().map(|k| format!("`{k}`")).collect();
        let expected = match quoted.as_slice() {
            [] => String::from("there are no variants"),
            [one] => format!("expected {one}"),
            [a, b] => format!("expected {a} or {b}"),
            many => format!("expected one of {}", many.join(", ")),
        };
        format!("unknown variant `{}`, {expected}", self.value)
    }

    /// [`message`](Self::message) after where the value is
    /// (`pets[1].kind: unknown variant ...`).
    pub fn located_message(&self) -> String {
        located(&self.path, self.message())
    }
}

/// Every unknown enum value in `value`, in serialization order.
pub(crate) fn find<T: Serialize + ?Sized>(value: &T) -> Vec<UnknownValue> {
    walk(value).found
}

/// What a [`Finder`] records, walking `value`.
fn walk<T: Serialize + ?Sized>(value: &T) -> Finder {
    let mut finder = Finder::default();
    // A value that cannot be serialized holds nothing more we could name.
    let _ = value.serialize(&mut finder);
    finder
}

/// Refuses an input that cannot be sent as given: a value of a closed enum (one
/// made from a `const`) that the enum does not list, or a number that is not
/// finite, anywhere in `value`. The input `name` is invalid; the message says
/// where in it and why. Other unknown enum values pass (a newer server may know
/// them).
pub(crate) fn check_input<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<(), crate::InvalidInput> {
    let finder = walk(value);
    let (path, message) = if let Some((path, number)) = finder.non_finite {
        (path, not_finite(number))
    } else if let Some(unknown) = finder.found.into_iter().find(|u| u.closed) {
        let message = unknown.message();
        (unknown.path, message)
    } else {
        return Ok(());
    };
    Err(crate::InvalidInput::new(located(&path, message)).named(name))
}

/// Refuses a value holding a number JSON cannot write (NaN or an infinity),
/// which `serde_json` would write as `null`: the message says where
/// (`weight: NaN is not a finite number, ...`). The mock server checks what a
/// handler answers with it.
pub(crate) fn check_finite<T: Serialize + ?Sized>(value: &T) -> Result<(), String> {
    match walk(value).non_finite {
        Some((path, number)) => Err(located(&path, not_finite(number))),
        None => Ok(()),
    }
}

/// Where in `value` the markers of unknown values and the numbers JSON cannot
/// write are (see [`Marked`]).
pub(crate) fn markers<T: Serialize + ?Sized>(value: &T) -> Vec<Marker> {
    walk(value).markers
}

/// What a walk finds at a place of a value that JSON does not keep.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Marker {
    pub path: Vec<Step>,
    pub mark: Mark,
}

/// See [`Marker`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// A [`MARKER`] or [`BRANCH_MARKER`] newtype, by its name.
    Newtype(&'static str),
    /// A number that is not finite, which JSON holds as `null`.
    NotFinite(f64),
}

/// A JSON value that serializes with the markers its parts had before they
/// became JSON, at their places: JSON writes it as the plain value, and a walk
/// finds the unknown values and the numbers that are not finite in it, each
/// where it is. An `anyOf` value is written from its branches' JSON (merged
/// when they are objects), which would otherwise hide them.
pub(crate) struct Marked<'a> {
    value: &'a serde_json::Value,
    /// How deep `value` is in the value the markers' paths start from.
    depth: usize,
    /// The markers at `value` or inside it.
    markers: Vec<&'a Marker>,
}

impl<'a> Marked<'a> {
    pub(crate) fn new(value: &'a serde_json::Value, markers: &'a [Marker]) -> Self {
        Self {
            value,
            depth: 0,
            markers: markers.iter().collect(),
        }
    }

    /// The part of this value at `step`, with the markers at it or inside it.
    fn part(&self, step: &Step, value: &'a serde_json::Value) -> Marked<'a> {
        let inside = |marker: &&Marker| marker.path.get(self.depth) == Some(step);
        Marked {
            value,
            depth: self.depth + 1,
            markers: self.markers.iter().copied().filter(inside).collect(),
        }
    }
}

impl Serialize for Marked<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        use serde_json::Value;
        let here = self.markers.iter().position(|m| m.path.len() == self.depth);
        if let Some(at) = here {
            let mut inner = Marked {
                value: self.value,
                depth: self.depth,
                markers: self.markers.clone(),
            };
            return match inner.markers.remove(at).mark {
                Mark::Newtype(name) => serializer.serialize_newtype_struct(name, &inner),
                Mark::NotFinite(number) => serializer.serialize_f64(number),
            };
        }
        match self.value {
            _ if self.markers.is_empty() => self.value.serialize(serializer),
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, &self.part(&Step::Key(key.clone()), value))?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for (index, item) in items.iter().enumerate() {
                    seq.serialize_element(&self.part(&Step::Index(index), item))?;
                }
                seq.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// Why `number` cannot be written.
fn not_finite(number: f64) -> String {
    format!("{number} is not a finite number, and JSON has no way to send it")
}

/// `message` after the place `path` names (`points[2].x: ...`), or alone for
/// the root.
fn located(path: &[Step], message: String) -> String {
    let mut at = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !at.is_empty() {
                    at.push('.');
                }
                at.push_str(key);
            }
            Step::Index(index) => at.push_str(&format!("[{index}]")),
        }
    }
    match at.as_str() {
        "" => message,
        at => format!("{at}: {message}"),
    }
}

/// Whether `value` holds an enum value its enum does not know.
pub(crate) fn any<T: Serialize + ?Sized>(value: &T) -> bool {
    !find(value).is_empty()
}

/// A serializer that writes nothing and records unknown enum values with their
/// paths, and where the first number that is not finite is.
#[derive(Debug, Default)]
struct Finder {
    path: Vec<Step>,
    found: Vec<UnknownValue>,
    non_finite: Option<(Vec<Step>, f64)>,
    /// Every [`MARKER`] and [`BRANCH_MARKER`] newtype and every number that
    /// is not finite, for [`markers`].
    markers: Vec<Marker>,
}

/// The only error [`Finder`] and [`KeyText`] give: a key that is not text-like.
#[derive(Debug)]
struct NotText;

impl fmt::Display for NotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a text value")
    }
}

impl std::error::Error for NotText {}

impl ser::Error for NotText {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotText
    }
}

impl Finder {
    fn nested<T: Serialize + ?Sized>(&mut self, step: Step, value: &T) -> Result<(), NotText> {
        self.path.push(step);
        let result = value.serialize(&mut *self);
        self.path.pop();
        result
    }
}

/// Scalars write nothing; containers visit their parts with the path extended.
impl<'a> ser::Serializer for &'a mut Finder {
    type Ok = ();
    type Error = NotText;
    type SerializeSeq = Parts<'a>;
    type SerializeTuple = Parts<'a>;
    type SerializeTupleStruct = Parts<'a>;
    type SerializeTupleVariant = Parts<'a>;
    type SerializeMap = Parts<'a>;
    type SerializeStruct = Parts<'a>;
    type SerializeStructVariant = Parts<'a>;

    fn serialize_bool(self, _: bool) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_f64(self, number: f64) -> Result<(), NotText> {
        if !number.is_finite() {
            if self.non_finite.is_none() {
                self.non_finite = Some((self.path.clone(), number));
            }
            self.markers.push(Marker {
                path: self.path.clone(),
                mark: Mark::NotFinite(number),
            });
        }
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_f32(self, number: f32) -> Result<(), NotText> {
        self.serialize_f64(number.into())
    }
    fn serialize_char(self, _: char) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), NotText> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), NotText> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), NotText> {
        if name.starts_with(BRANCH_MARKER) || name.starts_with(MARKER) {
            self.markers.push(Marker {
                path: self.path.clone(),
                mark: Mark::Newtype(name),
            });
        }
        if let Some(rest) = name.strip_prefix(BRANCH_MARKER) {
            // A union's `Unknown`: the value is plain JSON, whose tag is what the
            // union does not know.
            let mut names = rest.split('\0').skip(1);
            let property = names.next().unwrap_or_default();
            let tag = match serde_json::to_value(value) {
                Ok(serde_json::Value::Object(mut members)) => members.remove(property),
                _ => None,
            };
            let mut path = self.path.clone();
            path.push(Step::Key(property.to_owned()));
            self.found.push(UnknownValue {
                path,
                value: match tag {
                    Some(serde_json::Value::String(tag)) => tag,
                    Some(other) => other.to_string(),
                    None => String::new(),
                },
                known: names.collect(),
                closed: false,
            });
            return Ok(());
        }
        let Some(known) = name.strip_prefix(MARKER) else {
            return value.serialize(self);
        };
        self.found.push(UnknownValue {
            path: self.path.clone(),
            value: value.serialize(KeyText)?,
            known: known.split('\0').skip(1).collect(),
            closed: known.starts_with(CLOSED),
        });
        Ok(())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), NotText> {
        self.nested(Step::Key(variant.to_owned()), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Parts<'a>, NotText> {
        Ok(Parts::new(self))
    }
    fn serialize_tuple(self, _: usize) -> Result<Parts<'a>, NotText> {
        Ok(Parts::new(self))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Parts<'a>, NotText> {
        Ok(Parts::new(self))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Parts<'a>, NotText> {
        self.path.push(Step::Key(variant.to_owned()));
        Ok(Parts::in_variant(self))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Parts<'a>, NotText> {
        Ok(Parts::new(self))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Parts<'a>, NotText> {
        Ok(Parts::new(self))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Parts<'a>, NotText> {
        self.path.push(Step::Key(variant.to_owned()));
        Ok(Parts::in_variant(self))
    }
}

/// The parts of a container being visited: items by index, members by key.
struct Parts<'a> {
    finder: &'a mut Finder,
    index: usize,
    key: Option<String>,
    /// Whether a variant's name was pushed onto the path (popped at the end).
    in_variant: bool,
}

impl<'a> Parts<'a> {
    fn new(finder: &'a mut Finder) -> Self {
        Self {
            finder,
            index: 0,
            key: None,
            in_variant: false,
        }
    }

    fn in_variant(finder: &'a mut Finder) -> Self {
        Self {
            in_variant: true,
            ..Self::new(finder)
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotText> {
        let index = self.index;
        self.index += 1;
        self.finder.nested(Step::Index(index), value)
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), NotText> {
        self.finder.nested(Step::Key(key.to_owned()), value)
    }

    fn end(self) -> Result<(), NotText> {
        if self.in_variant {
            self.finder.path.pop();
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Parts<'_> {
    type Ok = ();
    type Error = NotText;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotText> {
        self.item(value)
    }
    fn end(self) -> Result<(), NotText> {
        Parts::end(self)
    }
}

impl ser::SerializeTuple for Parts<'_> {
    type Ok = ();
    type Error = NotText;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotText> {
        self.item(value)
    }
    fn end(self) -> Result<(), NotText> {
        Parts::end(self)
    }
}

impl ser::SerializeTupleStruct for Parts<'_> {
    type Ok = ();
    type Error = NotText;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotText> {
        self.item(value)
    }
    fn end(self) -> Result<(), NotText> {
        Parts::end(self)
    }
}

impl ser::SerializeTupleVariant for Parts<'_> {
    type Ok = ();
    type Error = NotText;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotText> {
        self.item(value)
    }
    fn end(self) -> Result<(), NotText> {
        Parts::end(self)
    }
}

impl ser::SerializeMap for Parts<'_> {
    type Ok = ();
    type Error = NotText;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotText> {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotText> {
        let key = self.key.take().unwrap_or_default();
        self.member(&key, value)
    }
    fn end(self) -> Result<(), NotText> {
        Parts::end(self)
    }
}

impl ser::SerializeStruct for Parts<'_> {
    type Ok = ();
    type Error = NotText;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotText> {
        self.member(key, value)
    }
    fn end(self) -> Result<(), NotText> {
        Parts::end(self)
    }
}

impl ser::SerializeStructVariant for Parts<'_> {
    type Ok = ();
    type Error = NotText;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotText> {
        self.member(key, value)
    }
    fn end(self) -> Result<(), NotText> {
        Parts::end(self)
    }
}

/// A map key or an unknown enum value as text (strings, and numbers and
/// booleans written as JSON writes them as keys).
struct KeyText;

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = NotText;
    type SerializeSeq = Impossible<String, NotText>;
    type SerializeTuple = Impossible<String, NotText>;
    type SerializeTupleStruct = Impossible<String, NotText>;
    type SerializeTupleVariant = Impossible<String, NotText>;
    type SerializeMap = Impossible<String, NotText>;
    type SerializeStruct = Impossible<String, NotText>;
    type SerializeStructVariant = Impossible<String, NotText>;

    fn serialize_str(self, value: &str) -> Result<String, NotText> {
        Ok(value.to_owned())
    }
    fn serialize_char(self, value: char) -> Result<String, NotText> {
        Ok(value.to_string())
    }
    fn serialize_bool(self, value: bool) -> Result<String, NotText> {
        Ok(value.to_string())
    }
    fn serialize_i64(self, value: i64) -> Result<String, NotText> {
        Ok(value.to_string())
    }
    fn serialize_u64(self, value: u64) -> Result<String, NotText> {
        Ok(value.to_string())
    }
    fn serialize_i8(self, value: i8) -> Result<String, NotText> {
        self.serialize_i64(value.into())
    }
    fn serialize_i16(self, value: i16) -> Result<String, NotText> {
        self.serialize_i64(value.into())
    }
    fn serialize_i32(self, value: i32) -> Result<String, NotText> {
        self.serialize_i64(value.into())
    }
    fn serialize_u8(self, value: u8) -> Result<String, NotText> {
        self.serialize_u64(value.into())
    }
    fn serialize_u16(self, value: u16) -> Result<String, NotText> {
        self.serialize_u64(value.into())
    }
    fn serialize_u32(self, value: u32) -> Result<String, NotText> {
        self.serialize_u64(value.into())
    }
    fn serialize_f32(self, _: f32) -> Result<String, NotText> {
        Err(NotText)
    }
    fn serialize_f64(self, _: f64) -> Result<String, NotText> {
        Err(NotText)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, NotText> {
        Err(NotText)
    }
    fn serialize_none(self) -> Result<String, NotText> {
        Err(NotText)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, NotText> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, NotText> {
        Err(NotText)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, NotText> {
        Err(NotText)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, NotText> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, NotText> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, NotText> {
        Err(NotText)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotText> {
        Err(NotText)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotText> {
        Err(NotText)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotText> {
        Err(NotText)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotText> {
        Err(NotText)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotText> {
        Err(NotText)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotText> {
        Err(NotText)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotText> {
        Err(NotText)
    }
}

#[cfg(test)]
mod tests;
