//! Generated code: the tokens of a client's items.

use std::fmt;

use proc_macro2::TokenStream;

/// Generated Rust code: a client's items, as tokens. Inside a procedural macro
/// they are the compiler's own tokens, expanded as they are; elsewhere
/// [`Display`](fmt::Display) gives their text (for `syn::parse_str`, or to read).
#[derive(Clone, Default)]
pub struct Code(TokenStream);

impl Code {
    /// Wraps generated tokens.
    pub(crate) fn new(tokens: TokenStream) -> Self {
        Self(tokens)
    }

    /// The tokens.
    pub fn tokens(&self) -> &TokenStream {
        &self.0
    }

    /// The tokens, owned (what the macro expands to).
    pub fn into_tokens(self) -> TokenStream {
        self.0
    }

    /// Whether there is no code.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.0)
    }
}
