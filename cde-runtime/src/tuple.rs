//! An open tuple: a JSON array whose first members each have a type of their
//! own (`prefixItems`) and whose further members share one (`items`, any value
//! when absent). A tuple closed by `items: false` is a plain Rust tuple instead.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Error as _, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON array read as a tuple of typed members, then a list of the members
/// after them: `prefixItems: [{type: string}, {type: integer}]` without
/// `items: false` is `Tuple<(String, i64)>`, and `["a", 1, true]` is read as
/// `prefix: ("a", 1)`, `rest: [true]`.
///
/// ```
/// use cde_runtime::Tuple;
///
/// let read: Tuple<(String, i64), bool> = serde_json::from_str(r#"["a", 1, true]"#).unwrap();
/// assert_eq!(read.prefix, ("a".to_owned(), 1));
/// assert_eq!(read.rest, [true]);
/// assert_eq!(serde_json::to_string(&read).unwrap(), r#"["a",1,true]"#);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tuple<P, R = serde_json::Value> {
    /// The members `prefixItems` types, in order. Each is expected: an array
    /// shorter than the prefix does not decode.
    pub prefix: P,
    /// The members after the prefix.
    pub rest: Vec<R>,
}

impl<P, R> Tuple<P, R> {
    /// A tuple of `prefix` and nothing after it.
    pub fn new(prefix: P) -> Self {
        Self {
            prefix,
            rest: Vec::new(),
        }
    }
}

/// A Rust tuple that can be a [`Tuple`]'s prefix (1 to 12 members).
#[doc(hidden)]
pub trait Prefix: Sized {
    /// How many members it has.
    const LEN: usize;
    /// Writes its members into `seq`.
    fn write<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error>;
    /// Reads its members from `seq`.
    fn read<'de, Access: SeqAccess<'de>>(seq: &mut Access) -> Result<Self, Access::Error>;
}

macro_rules! prefix {
    ($len:literal: $($member:ident $index:tt),+) => {
        impl<$($member: Serialize + DeserializeOwned),+> Prefix for ($($member,)+) {
            const LEN: usize = $len;

            fn write<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error> {
                $(seq.serialize_element(&self.$index)?;)+
                Ok(())
            }

            fn read<'de, Access: SeqAccess<'de>>(seq: &mut Access) -> Result<Self, Access::Error> {
                Ok(($(
                    seq.next_element::<$member>()?.ok_or_else(|| {
                        Access::Error::invalid_length($index, &concat!("an array of at least ", $len, " members"))
                    })?,
                )+))
            }
        }
    };
}

prefix!(1: A 0);
prefix!(2: A 0, B 1);
prefix!(3: A 0, B 1, C 2);
prefix!(4: A 0, B 1, C 2, D 3);
prefix!(5: A 0, B 1, C 2, D 3, E 4);
prefix!(6: A 0, B 1, C 2, D 3, E 4, F 5);
prefix!(7: A 0, B 1, C 2, D 3, E 4, F 5, G 6);
prefix!(8: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
prefix!(9: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
prefix!(10: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
prefix!(11: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
prefix!(12: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

impl<P: Prefix, R: Serialize> Serialize for Tuple<P, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(P::LEN + self.rest.len()))?;
        self.prefix.write(&mut seq)?;
        for member in &self.rest {
            seq.serialize_element(member)?;
        }
        seq.end()
    }
}

impl<'de, P: Prefix, R: DeserializeOwned> Deserialize<'de> for Tuple<P, R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TupleVisitor<P, R>(PhantomData<(P, R)>);

        impl<'de, P: Prefix, R: DeserializeOwned> Visitor<'de> for TupleVisitor<P, R> {
            type Value = Tuple<P, R>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "an array of at least {} members", P::LEN)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let prefix = P::read(&mut seq)?;
                let mut rest = Vec::new();
                while let Some(member) = seq.next_element()? {
                    rest.push(member);
                }
                Ok(Tuple { prefix, rest })
            }
        }

        deserializer.deserialize_seq(TupleVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_after_the_prefix_are_the_rest() {
        let read: Tuple<(f64, f64), String> =
            serde_json::from_str(r#"[1.5, 2, "a", "b"]"#).unwrap();
        assert_eq!(read.prefix, (1.5, 2.0));
        assert_eq!(read.rest, ["a", "b"]);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"[1.5,2.0,"a","b"]"#
        );
    }

    #[test]
    fn an_array_shorter_than_the_prefix_does_not_decode() {
        let err = serde_json::from_str::<Tuple<(i64, i64)>>("[1]").unwrap_err();
        assert!(err.to_string().contains("at least 2 members"), "{err}");
    }

    #[test]
    fn a_member_of_the_wrong_type_does_not_decode() {
        assert!(serde_json::from_str::<Tuple<(i64,), i64>>(r#"[1, "x"]"#).is_err());
        assert!(serde_json::from_str::<Tuple<(i64,), i64>>(r#"["x"]"#).is_err());
    }
}
