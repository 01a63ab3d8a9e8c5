use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that is optional *and* nullable: absent, explicitly `null`, or a value.
///
/// PUT and PATCH bodies need all three states: absent means "leave unchanged",
/// `null` means "clear". Generated structs mark such fields
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`.
///
/// ```
/// use cde_runtime::Nullable;
/// let clear: Nullable<u32> = Nullable::Null;
/// assert_eq!(cde_runtime::serde_json::to_string(&clear).unwrap(), "null");
/// let parsed: Nullable<u32> = cde_runtime::serde_json::from_str("7").unwrap();
/// assert_eq!(parsed, Nullable::Value(7));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not present in the JSON object.
    #[default]
    Absent,
    /// Present and `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the field is absent (used to skip it when serializing).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True when the field is present and `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// Converts into an `Option`, losing the difference between absent and null.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null` (present and null), `Some(v)` becomes `Value(v)`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
