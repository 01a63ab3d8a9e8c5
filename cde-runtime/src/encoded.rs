//! Bytes carried in JSON as base64 text (`contentEncoding: base64` or
//! `base64url` on a string schema, OpenAPI 3.1 and later).

use std::fmt;
use std::ops::Deref;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use bytes::Bytes;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

/// Decodes base64 text in either alphabet, padded or not: servers differ, and
/// reading one they did not promise costs nothing.
fn decode(text: &str) -> Result<Bytes, base64::DecodeError> {
    STANDARD
        .decode(text)
        .or_else(|err| {
            [URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
                .iter()
                .find_map(|engine| engine.decode(text).ok())
                .ok_or(err)
        })
        .map(Bytes::from)
}

macro_rules! encoded_bytes {
    ($(#[$doc:meta])* $name:ident, $engine:expr, $encoding:literal) => {
        $(#[$doc])*
        #[derive(Clone, Default, PartialEq, Eq, Hash)]
        pub struct $name(pub Bytes);

        impl $name {
            /// The bytes.
            pub fn into_bytes(self) -> Bytes {
                self.0
            }
        }

        impl Deref for $name {
            type Target = [u8];

            fn deref(&self) -> &[u8] {
                &self.0
            }
        }

        impl AsRef<[u8]> for $name {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }

        impl From<Vec<u8>> for $name {
            fn from(bytes: Vec<u8>) -> Self {
                Self(Bytes::from(bytes))
            }
        }

        impl From<Bytes> for $name {
            fn from(bytes: Bytes) -> Self {
                Self(bytes)
            }
        }

        impl From<&'static [u8]> for $name {
            fn from(bytes: &'static [u8]) -> Self {
                Self(Bytes::from_static(bytes))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // The length, not the content: such fields hold documents and
                // keys, which do not belong in logs.
                write!(f, concat!(stringify!($name), "({} bytes)"), self.0.len())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&$engine.encode(&self.0))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                decode(&text).map(Self).map_err(|err| {
                    D::Error::custom(format_args!(concat!("invalid ", $encoding, " text: {}"), err))
                })
            }
        }
    };
}

encoded_bytes!(
    /// Bytes sent as base64 text with the standard alphabet and padding
    /// (`contentEncoding: base64`, RFC 4648 §4). Either alphabet, padded or not,
    /// is read.
    ///
    /// ```
    /// let bytes = cde_runtime::Base64::from(b"hi!".as_slice());
    /// assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""aGkh""#);
    /// let read: cde_runtime::Base64 = serde_json::from_str(r#""aGkh""#).unwrap();
    /// assert_eq!(&*read, b"hi!");
    /// ```
    Base64,
    STANDARD,
    "base64"
);

encoded_bytes!(
    /// Bytes sent as base64 text with the URL-safe alphabet and no padding
    /// (`contentEncoding: base64url`, RFC 4648 §5). Either alphabet, padded or
    /// not, is read.
    ///
    /// ```
    /// let bytes = cde_runtime::Base64Url::from(vec![0xfb, 0xff]);
    /// assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""-_8""#);
    /// ```
    Base64Url,
    URL_SAFE_NO_PAD,
    "base64url"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_alphabet_padded_or_not_is_read() {
        for text in ["+/8=", "+/8", "-_8=", "-_8"] {
            let read: Base64 = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(&*read, [0xfb, 0xff], "{text}");
        }
    }

    #[test]
    fn text_that_is_not_base64_is_a_decode_error() {
        let err = serde_json::from_str::<Base64>(r#""not base64!""#).unwrap_err();
        assert!(err.to_string().contains("invalid base64 text"), "{err}");
    }

    #[test]
    fn debug_shows_the_length_only() {
        assert_eq!(
            format!("{:?}", Base64::from(b"secret".as_slice())),
            "Base64(6 bytes)"
        );
    }
}
