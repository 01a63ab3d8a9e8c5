//! `macro_rules!` helpers that generated code expands, so the proc macro emits one
//! short line per enum or validated string instead of dozens of impls.

/// Declares a string enum that keeps values it does not know.
///
/// Known values get their own variant; anything else decodes into the fallback
/// variant (named by the generator, usually `Unknown`) and re-encodes unchanged, so a
/// server that adds a value never breaks decoding. With `unknown = Unknown, closed`
/// (an enum made from a `const`) a value it does not list still decodes, but is
/// refused as invalid input before a request carrying it is sent.
///
/// ```
/// cde_runtime::string_enum! {
///     /// A colour.
///     pub enum Colour {
///         /// `red`
///         Red = "red",
///         Green = "green",
///     }
///     unknown = Unknown
/// }
/// let c: Colour = cde_runtime::serde_json::from_str("\"blue\"").unwrap();
/// assert_eq!(c, Colour::Unknown("blue".into()));
/// assert_eq!(cde_runtime::serde_json::to_string(&c).unwrap(), "\"blue\"");
/// assert_eq!(Colour::Red.as_str(), "red");
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
        unknown = $unknown:ident $(, $closed:ident)?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this client does not know (kept as sent).
            $unknown(::std::string::String),
        }

        impl $name {
            /// The values the spec documents.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::$unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $( $value => Self::$variant, )*
                    _ => Self::$unknown(value),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(::core::convert::From::from(value))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    // Written as the plain string; the name lets the runtime find
                    // unknown values (`cde_runtime`'s `unknown` module), and
                    // whether the enum is `closed` (a `const`: refused before
                    // sending).
                    Self::$unknown(value) => serializer.serialize_newtype_struct(
                        ::core::concat!(
                            "\0cde-runtime:unknown-enum-value",
                            $(":", ::core::stringify!($closed),)?
                            $("\0", $value),*
                        ),
                        value,
                    ),
                    known => serializer.serialize_str(known.as_str()),
                }
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value: ::std::string::String =
                    $crate::serde::Deserialize::deserialize(deserializer)?;
                ::core::result::Result::Ok(::core::convert::From::from(value))
            }
        }

        impl $crate::Input<$name> for &str {
            fn into_input(self) -> ::core::result::Result<$name, $crate::InvalidInput> {
                ::core::result::Result::Ok(::core::convert::From::from(self))
            }
        }
    };
}

/// Declares a string newtype validated against `pattern`, `minLength`, `maxLength`.
///
/// A value that breaks the constraints cannot be constructed, and does not decode.
///
/// ```
/// cde_runtime::string_newtype! {
///     /// A version selector.
///     pub struct Selector;
///     cde_runtime::__private::StringConstraints {
///         pattern: Some(cde_runtime::__private::Pattern::new(r"^(main|latest|\d+)$")),
///         min_length: None,
///         max_length: None,
///     }
/// }
/// assert!(Selector::new("latest").is_ok());
/// let err = Selector::new("1.0").unwrap_err();
/// assert!(err.to_string().contains("does not match"), "{err}");
/// ```
#[macro_export]
macro_rules! string_newtype {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident;
        $constraints:expr
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(::std::string::String);

        impl $name {
            /// Validates and wraps a value.
            pub fn new(
                value: impl ::core::convert::Into<::std::string::String>,
            ) -> ::core::result::Result<Self, $crate::InvalidInput> {
                static CONSTRAINTS: $crate::__private::StringConstraints = $constraints;
                let value = value.into();
                CONSTRAINTS.check(&value)?;
                ::core::result::Result::Ok(Self(value))
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Unwraps the value.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::core::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::InvalidInput;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl ::core::convert::TryFrom<&str> for $name {
            type Error = $crate::InvalidInput;
            fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::core::convert::TryFrom<::std::string::String> for $name {
            type Error = $crate::InvalidInput;
            fn try_from(value: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value: ::std::string::String =
                    $crate::serde::Deserialize::deserialize(deserializer)?;
                Self::new(value).map_err(<D::Error as $crate::serde::de::Error>::custom)
            }
        }

        impl $crate::Input<$name> for &str {
            fn into_input(self) -> ::core::result::Result<$name, $crate::InvalidInput> {
                $name::new(self)
            }
        }

        impl $crate::Input<$name> for ::std::string::String {
            fn into_input(self) -> ::core::result::Result<$name, $crate::InvalidInput> {
                $name::new(self)
            }
        }
    };
}

/// The `with_options` method of a generated operation builder (a struct with
/// a `request: Pending` field), expanded inside its `impl` block: one line per
/// operation in the generated code. The generator reserves the name, so no
/// parameter setter can take it.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_options {
    () => {
        /// Overrides the client's settings for this request (timeout,
        /// deadline, retries, body limit) and adds headers or marks it
        /// idempotent: see `cde_runtime::RequestOptions`. Options given to a
        /// request that pages apply to every page.
        pub fn with_options(mut self, options: $crate::RequestOptions) -> Self {
            self.request.set_options(options);
            self
        }
    };
}
