//! Generated code as text: the [`code!`](crate::code!) template macro and what it
//! interpolates, the one way the emitters write code.
//!
//! A template reads as a `quote!` template does (`#var`, `#(#items)*`,
//! `#(#items),*`, `#(#items,)*`), but appends text to one string instead of
//! building token trees; a compiler (or `syn`) lexes it once. Measured reason:
//! the generator's target is at most 5% of the `cargo check` of what it
//! generates, built as a user's build runs the macro (unoptimized; `bench/run`).
//! The same emitters written with `quote!` took 4.4 times as long on
//! Kubernetes' spec (0.87 s against 0.20 s unoptimized, 7.8% of its 11.2 s
//! check; 6 times as long optimized): proc-macro2 allocates every identifier
//! and copies every interpolated stream.

use std::fmt;

/// A piece of generated Rust source text: tokens separated by spaces.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Code(String);

impl Code {
    /// No code.
    pub const fn new() -> Self {
        Self(String::new())
    }

    /// No code yet, with room for `bytes` of it.
    pub fn with_capacity(bytes: usize) -> Self {
        Self(String::with_capacity(bytes))
    }

    /// Text that is already Rust tokens (an identifier, a literal, a path); the
    /// caller vouches that it lexes.
    pub(crate) fn raw(text: impl Into<String>) -> Self {
        let mut text = text.into();
        text.push(' ');
        Self(text)
    }

    /// Whether there is no code.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// The source text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The source text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Lexes the text into tokens (inside a procedural macro, the compiler's lexer
    /// does it, once).
    pub fn lex(&self) -> Result<proc_macro2::TokenStream, proc_macro2::LexError> {
        self.0.parse()
    }

    /// Appends one token's text and a separating space (used by [`code!`]).
    #[doc(hidden)]
    pub fn push_token(&mut self, token: &str) {
        self.0.push_str(token);
        self.0.push(' ');
    }

    /// Appends more code.
    pub fn append(&mut self, more: &Code) {
        self.0.push_str(&more.0);
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.trim_end())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({:?})", self.0.trim_end())
    }
}

/// What a template can interpolate with `#name`.
pub trait ToCode {
    /// Appends this value's tokens to `out`.
    fn write_code(&self, out: &mut Code);
}

impl ToCode for Code {
    fn write_code(&self, out: &mut Code) {
        out.append(self);
    }
}

impl<T: ToCode + ?Sized> ToCode for &T {
    fn write_code(&self, out: &mut Code) {
        (**self).write_code(out);
    }
}

impl<T: ToCode> ToCode for Option<T> {
    fn write_code(&self, out: &mut Code) {
        if let Some(value) = self {
            value.write_code(out);
        }
    }
}

impl ToCode for bool {
    fn write_code(&self, out: &mut Code) {
        out.push_token(if *self { "true" } else { "false" });
    }
}

/// Numbers interpolate as suffixed literals (`200u16`), as with `quote!`.
macro_rules! suffixed {
    ($($ty:ident)*) => {$(
        impl ToCode for $ty {
            fn write_code(&self, out: &mut Code) {
                out.push_token(&format!("{}{}", self, stringify!($ty)));
            }
        }
    )*};
}
suffixed!(u8 u16 u32 u64 usize i32 i64 f64);

/// Text interpolates as a string literal.
impl ToCode for str {
    fn write_code(&self, out: &mut Code) {
        out.append(&lit_str(self));
    }
}

/// Text interpolates as a string literal.
impl ToCode for String {
    fn write_code(&self, out: &mut Code) {
        out.append(&lit_str(self));
    }
}

/// The identifier for a name (see [`crate::names::ident`], which makes one from
/// any string).
pub fn ident(name: &str) -> Code {
    Code::raw(crate::names::ident(name))
}

/// An unsuffixed integer literal (`3`, for tuple fields and indices).
pub fn int(n: usize) -> Code {
    Code::raw(n.to_string())
}

/// A string literal with the text `value`, escaped as `proc_macro2::Literal::string`
/// escapes it: quotes, backslashes, control characters and characters that do
/// not print the way `char::escape_debug` does (a NUL before an octal digit as `\x00`);
/// everything else as is.
pub fn lit_str(value: &str) -> Code {
    let plain = |b: &u8| (b' '..=b'~').contains(b) && *b != b'"' && *b != b'\\';
    let mut text = String::with_capacity(value.len() + 2);
    text.push('"');
    let mut rest = value;
    // Runs that need no escape are copied whole (docs are most of the text;
    // see `names::sanitize` for what this and its shortcut measured). The run
    // ends at a byte that is not printable ASCII, so `at` is a char boundary.
    while let Some(at) = rest.bytes().position(|b| !plain(&b)) {
        text.push_str(&rest[..at]);
        let Some(c) = rest[at..].chars().next() else {
            break;
        };
        rest = &rest[at + c.len_utf8()..];
        match c {
            '\'' => text.push(c),
            '\0' if rest.starts_with(|d: char| ('0'..='7').contains(&d)) => text.push_str("\\x00"),
            _ => text.extend(c.escape_debug()),
        }
    }
    text.push_str(rest);
    text.push('"');
    Code::raw(text)
}

/// Repetition over a borrowed collection (`#(#items)*` with a `Vec`), used by
/// [`code!`].
#[doc(hidden)]
pub trait RepeatBorrowed<'a> {
    /// The items.
    type Iter: Iterator;
    /// Iterates without consuming the collection.
    fn code_iter(&'a self) -> Self::Iter;
}

impl<'a, T: 'a> RepeatBorrowed<'a> for Vec<T> {
    type Iter = std::slice::Iter<'a, T>;
    fn code_iter(&'a self) -> Self::Iter {
        self.iter()
    }
}

impl<'a, T: 'a> RepeatBorrowed<'a> for [T] {
    type Iter = std::slice::Iter<'a, T>;
    fn code_iter(&'a self) -> Self::Iter {
        self.iter()
    }
}

/// Repetition over an iterator (`#(#items)*` with `.map(..)`), used by [`code!`].
#[doc(hidden)]
pub trait RepeatOwned: Iterator + Sized {
    /// The iterator itself.
    fn code_iter(self) -> Self {
        self
    }
}

impl<T: Iterator> RepeatOwned for T {}

/// Rust source text from a `quote!`-like template: literal tokens are copied,
/// `#name` appends a `ToCode` value, `#(#items)*` appends each item of a `Vec`
/// or iterator, optionally with a one-token separator (`#(#items),*`) or tokens
/// after each item (`#(#items,)*`). The iterated variable comes first in a
/// repetition.
#[macro_export]
macro_rules! code {
    ($($t:tt)*) => {{
        // The template's own text is a fair first guess of the output's size.
        let mut __code = $crate::code::Code::with_capacity(stringify!($($t)*).len());
        {
            let __out = &mut __code;
            $crate::__code_into!(__out; $($t)*);
        }
        __code
    }};
}

/// The muncher behind [`code!`]: each token is appended as its text; a delimited
/// group is written around its contents, which are munched in turn.
#[doc(hidden)]
#[macro_export]
macro_rules! __code_into {
    ($o:ident;) => {};
    ($o:ident; # $v:ident $($rest:tt)*) => {
        $crate::code::ToCode::write_code(&$v, $o);
        $crate::__code_into!($o; $($rest)*);
    };
    ($o:ident; # ( # $v:ident $($inner:tt)* ) * $($rest:tt)*) => {
        {
            #[allow(unused_imports)]
            use $crate::code::{RepeatBorrowed as _, RepeatOwned as _};
            for __item in $v.code_iter() {
                $crate::code::ToCode::write_code(&__item, $o);
                $crate::__code_into!($o; $($inner)*);
            }
        }
        $crate::__code_into!($o; $($rest)*);
    };
    ($o:ident; # ( # $v:ident $($inner:tt)* ) $sep:tt * $($rest:tt)*) => {
        {
            #[allow(unused_imports)]
            use $crate::code::{RepeatBorrowed as _, RepeatOwned as _};
            let mut __first = true;
            for __item in $v.code_iter() {
                if !__first {
                    $o.push_token(stringify!($sep));
                }
                __first = false;
                $crate::code::ToCode::write_code(&__item, $o);
                $crate::__code_into!($o; $($inner)*);
            }
        }
        $crate::__code_into!($o; $($rest)*);
    };
    ($o:ident; ( $($inner:tt)* ) $($rest:tt)*) => {
        $o.push_token("(");
        $crate::__code_into!($o; $($inner)*);
        $o.push_token(")");
        $crate::__code_into!($o; $($rest)*);
    };
    ($o:ident; [ $($inner:tt)* ] $($rest:tt)*) => {
        $o.push_token("[");
        $crate::__code_into!($o; $($inner)*);
        $o.push_token("]");
        $crate::__code_into!($o; $($rest)*);
    };
    ($o:ident; { $($inner:tt)* } $($rest:tt)*) => {
        $o.push_token("{");
        $crate::__code_into!($o; $($inner)*);
        $o.push_token("}");
        $crate::__code_into!($o; $($rest)*);
    };
    ($o:ident; $t:tt $($rest:tt)*) => {
        $o.push_token(stringify!($t));
        $crate::__code_into!($o; $($rest)*);
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn templates_interpolate_and_repeat() {
        let tys = vec![code!(u64), code!(String)];
        let values = [1u64, 2, 3].into_iter();
        let name = ident("type");
        let code = code! {
            fn #name(#(#tys),*) -> [u64; 3] { [#(#values),*] }
        };
        let lexed: proc_macro2::TokenStream = code.lex().unwrap();
        let expected: proc_macro2::TokenStream =
            "fn r#type(u64, String) -> [u64; 3] { [1u64, 2u64, 3u64] }"
                .parse()
                .unwrap();
        assert_eq!(lexed.to_string(), expected.to_string());
    }

    #[test]
    fn empty_code_is_empty() {
        assert!(code!().is_empty());
        assert!(!code!(x).is_empty());
    }

    proptest! {
        #[test]
        fn string_literals_are_spelled_as_proc_macro2_spells_them(text in any::<String>()) {
            prop_assert_eq!(
                lit_str(&text).to_string(),
                proc_macro2::Literal::string(&text).to_string()
            );
        }

        #[test]
        fn identifiers_always_lex_as_one_identifier(text in "[a-z_]{0,4}|[ -~]{0,8}|as|self|Self|gen|_|crate") {
            let lexed: proc_macro2::TokenStream = ident(&text).lex().unwrap();
            let tokens: Vec<_> = lexed.into_iter().collect();
            prop_assert_eq!(tokens.len(), 1);
            prop_assert!(matches!(tokens[0], proc_macro2::TokenTree::Ident(_)));
        }
    }
}
