//! Generated code as text: the [`code!`](crate::code!) template macro and what it interpolates.
//!
//! The emitter writes Rust source text once instead of building token trees: a
//! template's literal tokens become `&'static str` pieces at compile time, and each
//! interpolation appends text. The macro reads the same templates `quote!` does
//! (`#var`, `#(#items)*`, `#(#items),*`, `#(#items,)*`), so the emitter stays
//! readable; what comes out is one string, which a compiler (or `syn`) lexes once.
//!
//! (`tests::a_template_reads_as_quote_reads_it` shows one in use.)

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
    pub fn raw(text: impl Into<String>) -> Self {
        let mut text = text.into();
        text.reserve_exact(1);
        text.push(' ');
        Self(text)
    }

    /// Makes room for `bytes` more.
    pub fn reserve(&mut self, bytes: usize) {
        self.0.reserve(bytes);
    }

    /// Removes all code, keeping the buffer.
    pub fn clear(&mut self) {
        self.0.clear();
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

    /// Appends tokens' text that already ends with a separating space (used by
    /// [`code!`]).
    #[doc(hidden)]
    pub fn push_text(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// Appends more code.
    pub fn append(&mut self, more: &Code) {
        self.0.push_str(&more.0);
    }

    /// Appends text that is already Rust tokens, and a separating space (the
    /// caller vouches that it lexes, as with [`Code::raw`]).
    pub fn push_raw(&mut self, text: &str) {
        self.push_token(text);
    }

    /// Appends the string literal of `value` (see `lit_str`).
    pub fn push_str_lit(&mut self, value: &str) {
        write_lit_str(&mut self.0, value);
        self.0.push(' ');
    }

    /// Appends the identifier for `name` (see `crate::names::ident`).
    pub fn push_ident(&mut self, name: &str) {
        crate::names::write_ident(&mut self.0, name);
        self.0.push(' ');
    }

    /// Appends an unsuffixed integer literal.
    pub fn push_int(&mut self, n: usize) {
        use fmt::Write as _;
        let _ = write!(self.0, "{n} ");
    }

    /// Appends a `#[doc = "..."]` attribute whose text `write` gives piece by piece
    /// (see `DocText::push`).
    pub fn push_doc_with(&mut self, write: impl FnOnce(&mut DocText<'_>)) {
        self.0.push_str("#[doc = \"");
        write(&mut DocText(&mut self.0));
        self.0.push_str("\"] ");
    }

    /// Appends a `#[doc = "..."]` attribute whose text is `pieces`, concatenated.
    pub fn push_doc_pieces(&mut self, pieces: &[&str]) {
        self.0.push_str("#[doc = \"");
        for piece in pieces {
            write_lit_body(&mut self.0, piece);
        }
        self.0.push_str("\"] ");
    }

    /// Appends a `#[doc = "..."]` attribute whose text is `parts` without the
    /// `None`s, separated by blank lines; nothing if there is no text.
    pub fn push_doc(&mut self, parts: &[Option<&str>]) {
        let mut texts = parts.iter().flatten();
        let Some(first) = texts.next() else {
            return;
        };
        if first.is_empty() && parts.iter().flatten().count() == 1 {
            return;
        }
        self.0.push_str("#[doc = \"");
        write_lit_body(&mut self.0, first);
        for text in texts {
            self.0.push_str("\\n\\n");
            write_lit_body(&mut self.0, text);
        }
        self.0.push_str("\"] ");
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

impl Extend<Code> for Code {
    fn extend<I: IntoIterator<Item = Code>>(&mut self, iter: I) {
        for code in iter {
            self.append(&code);
        }
    }
}

impl FromIterator<Code> for Code {
    fn from_iter<I: IntoIterator<Item = Code>>(iter: I) -> Self {
        let mut out = Code::new();
        out.extend(iter);
        out
    }
}

/// The text of a doc attribute being written (see [`Code::push_doc_with`]).
pub struct DocText<'a>(&'a mut String);

impl DocText<'_> {
    /// Appends text, escaped for the literal.
    pub fn push(&mut self, text: &str) {
        write_lit_body(self.0, text);
    }

    /// Appends a number in decimal.
    pub fn push_number(&mut self, n: usize) {
        use fmt::Write as _;
        let _ = write!(self.0, "{n}");
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
        if let Some(inner) = self {
            inner.write_code(out);
        }
    }
}

impl ToCode for bool {
    fn write_code(&self, out: &mut Code) {
        out.push_token(if *self { "true" } else { "false" });
    }
}

macro_rules! suffixed {
    ($($ty:ident)*) => {$(
        impl ToCode for $ty {
            fn write_code(&self, out: &mut Code) {
                use fmt::Write as _;
                let _ = write!(out.0, "{}{} ", self, stringify!($ty));
            }
        }
    )*};
}
suffixed!(u8 u16 u32 u64 usize i32 i64 f64);

/// Text interpolates as a string literal.
impl ToCode for str {
    fn write_code(&self, out: &mut Code) {
        out.push_str_lit(self);
    }
}

/// Text interpolates as a string literal.
impl ToCode for String {
    fn write_code(&self, out: &mut Code) {
        out.push_str_lit(self);
    }
}

/// Interpolates as the identifier for a name, written straight into the template's
/// output (see [`ident`]).
#[derive(Clone, Copy, Debug)]
pub struct Ident<'a>(pub &'a str);

impl ToCode for Ident<'_> {
    fn write_code(&self, out: &mut Code) {
        out.push_ident(self.0);
    }
}

/// Interpolates as whatever its function writes: code chosen at run time without
/// a string of its own.
#[derive(Clone, Copy)]
pub struct With<F>(pub F);

impl<F: Fn(&mut Code)> ToCode for With<F> {
    fn write_code(&self, out: &mut Code) {
        (self.0)(out);
    }
}

/// Interpolates as text that is already Rust tokens (nothing if empty), like
/// [`Code::raw`] without a string of its own.
#[derive(Clone, Copy, Debug)]
pub struct Raw(pub &'static str);

impl ToCode for Raw {
    fn write_code(&self, out: &mut Code) {
        if !self.0.is_empty() {
            out.push_raw(self.0);
        }
    }
}

/// Interpolates as an unsuffixed integer literal (`3`, for tuple fields and indices).
#[derive(Clone, Copy, Debug)]
pub struct Int(pub usize);

impl ToCode for Int {
    fn write_code(&self, out: &mut Code) {
        out.push_int(self.0);
    }
}

/// The identifier for a name (see [`crate::names::ident`], which makes one from
/// any string).
pub fn ident(name: &str) -> Code {
    let mut out = Code::with_capacity(name.len() + 3);
    out.push_ident(name);
    out
}

/// A string literal with the text `value`, escaped as needed: quotes, backslashes,
/// control characters and characters that do not print are escaped the way
/// `char::escape_debug` does it; everything else is copied as is.
pub fn lit_str(value: &str) -> Code {
    let mut out = Code::with_capacity(value.len() + 3);
    out.push_str_lit(value);
    out
}

/// Writes the string literal of `value`, quotes included.
fn write_lit_str(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('"');
    write_lit_body(out, value);
    out.push('"');
}

/// Writes `value` escaped for the inside of a string literal.
fn write_lit_body(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        // Sixteen, then eight bytes at a time while none needs escaping (most
        // text).
        while let Some(chunk) = bytes.get(i..i + 16)
            && let Ok(words) = <[u8; 16]>::try_from(chunk)
            && plain16(u128::from_le_bytes(words))
        {
            i += 16;
        }
        while let Some(chunk) = bytes.get(i..i + 8)
            && let Ok(word) = <[u8; 8]>::try_from(chunk)
            && plain8(u64::from_le_bytes(word))
        {
            i += 8;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&value[start..i]);
        if b < 0x80 {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                // `\0` followed by an octal digit would read as another escape in
                // some tools; spell the NUL out in hex there.
                0 if bytes.get(i + 1).is_some_and(|n| (b'0'..=b'7').contains(n)) => {
                    out.push_str("\\x00")
                }
                0 => out.push_str("\\0"),
                other => {
                    use fmt::Write as _;
                    let _ = write!(out, "\\u{{{other:x}}}");
                }
            }
            i += 1;
        } else if let Some(c) = value[i..].chars().next() {
            out.extend(c.escape_debug());
            i += c.len_utf8();
        } else {
            i += 1;
        }
        start = i;
    }
    out.push_str(&value[start..]);
}

/// Whether none of sixteen bytes needs escaping (see [`plain8`]).
fn plain16(word: u128) -> bool {
    const ONES: u128 = 0x0101_0101_0101_0101_0101_0101_0101_0101;
    const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
    let has_zero = |v: u128| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    let del_or_high = ((word & !HIGH).wrapping_add(ONES) | word) & HIGH != 0;
    !(below_space
        || del_or_high
        || has_zero(word ^ (ONES * u128::from(b'"')))
        || has_zero(word ^ (ONES * u128::from(b'\\'))))
}

/// Whether none of eight bytes needs escaping in a string literal: none is a
/// control character, `"`, a backslash or outside printable ASCII.
fn plain8(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    let del_or_high = ((word & !HIGH).wrapping_add(ONES) | word) & HIGH != 0;
    !(below_space
        || del_or_high
        || has_zero(word ^ (ONES * b'"' as u64))
        || has_zero(word ^ (ONES * b'\\' as u64)))
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
    () => { $crate::code::Code::new() };
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

/// Appends a template (the same templates as [`code!`](crate::code!)) to an existing [`Code`]:
/// `code_into!(&mut out; template)`, or `code_into!(out; template)` where `out` is
/// a `&mut Code` already. Cheaper than appending a `code!` value, which is a
/// string of its own.
#[macro_export]
macro_rules! code_into {
    ($o:expr; $($t:tt)*) => {{
        let __out: &mut $crate::code::Code = $o;
        $crate::__code_into!(__out; $($t)*);
    }};
}

/// The muncher behind [`code!`]: runs of plain tokens are gathered and written as
/// one piece of text (`stringify!` of the run); interpolations and delimited
/// groups end a run.
#[doc(hidden)]
#[macro_export]
macro_rules! __code_into {
    ($o:ident; $($t:tt)*) => {
        $crate::__code_into!(@ $o; []; $($t)*);
    };
    (@ $o:ident; [$($run:tt)*];) => {
        $crate::__code_run!($o; $($run)*);
    };
    (@ $o:ident; [$($run:tt)*]; # $v:ident $($rest:tt)*) => {
        $crate::__code_run!($o; $($run)*);
        $crate::code::ToCode::write_code(&$v, $o);
        $crate::__code_into!(@ $o; []; $($rest)*);
    };
    (@ $o:ident; [$($run:tt)*]; # ( # $v:ident $($inner:tt)* ) * $($rest:tt)*) => {
        $crate::__code_run!($o; $($run)*);
        {
            #[allow(unused_imports)]
            use $crate::code::{RepeatBorrowed as _, RepeatOwned as _};
            for __item in $v.code_iter() {
                $crate::code::ToCode::write_code(&__item, $o);
                $crate::__code_into!(@ $o; []; $($inner)*);
            }
        }
        $crate::__code_into!(@ $o; []; $($rest)*);
    };
    (@ $o:ident; [$($run:tt)*]; # ( # $v:ident $($inner:tt)* ) $sep:tt * $($rest:tt)*) => {
        $crate::__code_run!($o; $($run)*);
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
                $crate::__code_into!(@ $o; []; $($inner)*);
            }
        }
        $crate::__code_into!(@ $o; []; $($rest)*);
    };
    (@ $o:ident; [$($run:tt)*]; ( $($inner:tt)* ) $($rest:tt)*) => {
        $crate::__code_run!($o; $($run)* __CODE_LPAREN);
        $crate::__code_into!(@ $o; []; $($inner)*);
        $crate::__code_into!(@ $o; [__CODE_RPAREN]; $($rest)*);
    };
    (@ $o:ident; [$($run:tt)*]; [ $($inner:tt)* ] $($rest:tt)*) => {
        $crate::__code_run!($o; $($run)* __CODE_LBRACKET);
        $crate::__code_into!(@ $o; []; $($inner)*);
        $crate::__code_into!(@ $o; [__CODE_RBRACKET]; $($rest)*);
    };
    (@ $o:ident; [$($run:tt)*]; { $($inner:tt)* } $($rest:tt)*) => {
        $crate::__code_run!($o; $($run)* __CODE_LBRACE);
        $crate::__code_into!(@ $o; []; $($inner)*);
        $crate::__code_into!(@ $o; [__CODE_RBRACE]; $($rest)*);
    };
    (@ $o:ident; [$($run:tt)*]; $t:tt $($rest:tt)*) => {
        $crate::__code_into!(@ $o; [$($run)* $t]; $($rest)*);
    };
}

/// Writes a run of plain tokens gathered by [`__code_into!`]. A delimiter is
/// carried as a marker identifier (`__CODE_LPAREN`), written as the delimiter.
#[doc(hidden)]
#[macro_export]
macro_rules! __code_run {
    ($o:ident;) => {};
    ($o:ident; $($t:tt)+) => {
        $o.push_text($crate::__code_text!([] $($t)+))
    };
}

/// The text of a run: `concat!` of its tokens' `stringify!`, each followed by a
/// space, with the delimiter markers spelled as their delimiters.
#[doc(hidden)]
#[macro_export]
macro_rules! __code_text {
    ([$($done:tt)*]) => { concat!($($done)*) };
    ([$($done:tt)*] __CODE_LPAREN $($rest:tt)*) => { $crate::__code_text!([$($done)* "( ",] $($rest)*) };
    ([$($done:tt)*] __CODE_RPAREN $($rest:tt)*) => { $crate::__code_text!([$($done)* ") ",] $($rest)*) };
    ([$($done:tt)*] __CODE_LBRACKET $($rest:tt)*) => { $crate::__code_text!([$($done)* "[ ",] $($rest)*) };
    ([$($done:tt)*] __CODE_RBRACKET $($rest:tt)*) => { $crate::__code_text!([$($done)* "] ",] $($rest)*) };
    ([$($done:tt)*] __CODE_LBRACE $($rest:tt)*) => { $crate::__code_text!([$($done)* "{ ",] $($rest)*) };
    ([$($done:tt)*] __CODE_RBRACE $($rest:tt)*) => { $crate::__code_text!([$($done)* "} ",] $($rest)*) };
    ([$($done:tt)*] $t:tt $($rest:tt)*) => { $crate::__code_text!([$($done)* stringify!($t), " ",] $($rest)*) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_reads_as_quote_reads_it() {
        let name = ident("type");
        let wire = lit_str("a \"quoted\" name");
        let fields = vec![ident("a"), ident("b")];
        let code: Code = crate::code! {
            pub struct #name { #(#fields: u8,)* }
            const WIRE: &str = #wire;
        };
        let parsed: syn::File = syn::parse_str(code.as_str()).unwrap();
        assert_eq!(parsed.items.len(), 2);
        assert!(code.as_str().contains("r#type"));
    }
    use proptest::prelude::*;

    #[test]
    fn templates_interpolate_and_repeat() {
        let name = ident("Pet");
        let fields = vec![ident("id"), ident("type")];
        let tys = ["u64", "String"].map(Code::raw);
        let values = vec![1u64, 2, 3];
        let empty: Vec<Code> = Vec::new();
        let nothing: Option<Code> = None;
        let label = "a \"label\"";
        let code = code! {
            #[derive(Debug)]
            pub struct #name { #(#fields: ::std::string::String,)* }
            fn f(#(#tys),*) -> [u64; 3] { [#(#values),*] }
            const E: &[&str] = &[#(#empty),*];
            const S: &str = #label;
            #nothing
        };
        let expected: proc_macro2::TokenStream = r#"
            #[derive(Debug)]
            pub struct Pet { id: ::std::string::String, r#type: ::std::string::String, }
            fn f(u64, String) -> [u64; 3] { [1u64, 2u64, 3u64] }
            const E: &[&str] = &[];
            const S: &str = "a \"label\"";
        "#
        .parse()
        .unwrap();
        assert_eq!(code.lex().unwrap().to_string(), expected.to_string());
        // A `Vec` repeats by reference and can be repeated again.
        let twice = code!(#(#fields)* #(#fields),*);
        assert_eq!(twice.to_string(), "id r#type id , r#type");
    }

    #[test]
    fn empty_code_is_empty() {
        assert!(code!().is_empty());
        assert!(!code!(x).is_empty());
        let joined: Code = [code!(a), code!(b)].into_iter().collect();
        assert_eq!(joined.to_string(), "a b");
    }

    #[test]
    fn code_into_appends_to_a_buffer() {
        let mut out = code!(
            struct A;
        );
        let name = Ident("type");
        let wire = "w\"x";
        let at = Int(7);
        code_into!(&mut out; const #name: (&str, usize) = (#wire, #at););
        let by_ref = &mut out;
        code_into!(by_ref; struct B;);
        assert_eq!(
            out.to_string(),
            r#"struct A ; const r#type : ( & str , usize ) = ( "w\"x" , 7 ) ; struct B ;"#
        );
    }

    #[test]
    fn doc_attributes_join_their_parts() {
        let mut out = Code::new();
        out.push_doc(&[Some("a \"b\""), None, Some("c\nd")]);
        assert_eq!(out.to_string(), r#"#[doc = "a \"b\"\n\nc\nd"]"#);
        let mut none = Code::new();
        none.push_doc(&[None, Some("")]);
        assert!(none.is_empty());
        let mut pieces = Code::new();
        pieces.push_doc_pieces(&["`", "x\\y", "` (optional)."]);
        assert_eq!(pieces.to_string(), r#"#[doc = "`x\\y` (optional)."]"#);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn identifiers_written_in_place_match_ident(text in "[a-z_]{0,4}|[ -~]{0,8}|as|self|Self|gen|_|crate") {
            let mut out = String::new();
            crate::names::write_ident(&mut out, &text);
            prop_assert_eq!(out, crate::names::ident(&text));
        }

        #[test]
        fn doc_parts_match_one_escaped_text(parts in proptest::collection::vec(proptest::option::of(any::<String>()), 0..4)) {
            let refs: Vec<Option<&str>> = parts.iter().map(|p| p.as_deref()).collect();
            let text = refs.iter().flatten().copied().collect::<Vec<_>>().join("\n\n");
            let mut out = Code::new();
            out.push_doc(&refs);
            if text.is_empty() {
                prop_assert!(out.is_empty());
            } else {
                prop_assert_eq!(out.as_str(), format!("#[doc = {}] ", lit_str(&text).as_str().trim_end()));
            }
        }

        #[test]
        fn string_literals_round_trip(text in any::<String>()) {
            let lit = lit_str(&text);
            let parsed: syn::LitStr = syn::parse_str(lit.as_str()).unwrap();
            prop_assert_eq!(parsed.value(), text.clone());
            // The same spelling the token libraries use, so formatted output is stable.
            prop_assert_eq!(lit.to_string(), proc_macro2::Literal::string(&text).to_string());
        }

        #[test]
        fn long_text_with_escapes_round_trips(text in "[ -~\n\t\"\\\\\x7f\x00é]{0,70}") {
            let lit = lit_str(&text);
            let parsed: syn::LitStr = syn::parse_str(lit.as_str()).unwrap();
            prop_assert_eq!(parsed.value(), text.clone());
            prop_assert_eq!(lit.to_string(), proc_macro2::Literal::string(&text).to_string());
        }

        #[test]
        fn control_characters_round_trip(text in "[\\x00-\\x20\"\\\\'0-9a\u{301}\u{200b}\u{fffd}]{0,12}") {
            let lit = lit_str(&text);
            let parsed: syn::LitStr = syn::parse_str(lit.as_str()).unwrap();
            prop_assert_eq!(parsed.value(), text.clone());
            prop_assert_eq!(lit.to_string(), proc_macro2::Literal::string(&text).to_string());
        }
    }
}
