//! Serializing generated structs: the whole `Serialize` impl of a generated struct
//! is one call per member on an [`ObjectWriter`], the member-by-member logic (what
//! an absent optional member or an absent `Nullable` writes: nothing) living here
//! once instead of in every struct.
//!
//! ```
//! use cde_runtime::serde::{Serialize, Serializer};
//! use cde_runtime::Nullable;
//!
//! struct Note {
//!     id: u32,
//!     title: Option<String>,
//!     color: Nullable<String>,
//! }
//!
//! impl Serialize for Note {
//!     fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         let mut object = cde_runtime::__private::ser::object(serializer);
//!         object.member("id", &self.id);
//!         object.optional("title", &self.title);
//!         object.nullable("color", &self.color);
//!         object.end()
//!     }
//! }
//!
//! let note = Note { id: 1, title: None, color: Nullable::Null };
//! assert_eq!(serde_json::to_string(&note).unwrap(), r#"{"id":1,"color":null}"#);
//! ```

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::Nullable;

/// Writes the members of a generated struct as one JSON object (see the module
/// docs). The first error is kept and returned by [`ObjectWriter::end`]; members
/// after it are not written.
pub struct ObjectWriter<S: Serializer> {
    state: Result<S::SerializeMap, S::Error>,
}

impl<S: Serializer> std::fmt::Debug for ObjectWriter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.state.is_ok() {
            "ObjectWriter"
        } else {
            "ObjectWriter(failed)"
        })
    }
}

/// Starts writing a generated struct as an object.
pub fn object<S: Serializer>(serializer: S) -> ObjectWriter<S> {
    ObjectWriter {
        state: serializer.serialize_map(None),
    }
}

impl<S: Serializer> ObjectWriter<S> {
    /// Writes a member that is always present.
    pub fn member<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Ok(map) = &mut self.state
            && let Err(err) = map.serialize_entry(name, value)
        {
            self.state = Err(err);
        }
    }

    /// Writes an optional member, or nothing when it is `None`.
    pub fn optional<T: Serialize>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.member(name, value);
        }
    }

    /// Writes an optional nullable member: its value, `null`, or nothing when it
    /// is absent.
    pub fn nullable<T: Serialize>(&mut self, name: &str, value: &Nullable<T>) {
        if !value.is_absent() {
            self.member(name, value);
        }
    }

    /// Writes the members the schema does not name (`additionalProperties`), each
    /// as a member of the object itself.
    pub fn others<V: Serialize>(&mut self, members: &BTreeMap<String, V>) {
        for (name, value) in members {
            self.member(name, value);
        }
    }

    /// Finishes the object, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

/// A generated union that keeps a value whose tag names none of its branches in
/// an `Unknown` variant (a branch a newer server added).
pub trait UnknownBranch {
    /// The name that variant serializes with, made by
    /// `cde_runtime::__unknown_branch_marker!` from the tag's property and the
    /// tags the union knows.
    const MARKER: &'static str;
}

/// Writes a union's `Unknown` variant (its `serialize_with`): the value as it
/// came, as a newtype struct named [`UnknownBranch::MARKER`], which JSON writes
/// as the value alone and the runtime's `unknown` module recognizes (so the mock
/// server refuses it in a request, as it refuses an enum value it does not know).
pub fn unknown_branch<T: UnknownBranch, S: Serializer>(
    value: &serde_json::Value,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(T::MARKER, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::ser::Error as _;

    struct Extra {
        id: u8,
        others: BTreeMap<String, u8>,
    }

    impl Serialize for Extra {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = object(serializer);
            object.member("id", &self.id);
            object.others(&self.others);
            object.end()
        }
    }

    struct Fails;

    impl Serialize for Fails {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(S::Error::custom("cannot write this member"))
        }
    }

    struct Broken;

    impl Serialize for Broken {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = object(serializer);
            object.member("bad", &Fails);
            object.member("good", &1);
            object.end()
        }
    }

    #[test]
    fn other_members_are_written_inline() {
        let value = Extra {
            id: 1,
            others: BTreeMap::from([("x".to_owned(), 2), ("y".to_owned(), 3)]),
        };
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"id":1,"x":2,"y":3}"#
        );
    }

    #[test]
    fn the_first_error_is_returned() {
        let err = serde_json::to_string(&Broken).unwrap_err();
        assert!(
            err.to_string().contains("cannot write this member"),
            "{err}"
        );
    }
}
