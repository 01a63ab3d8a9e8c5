//! Diagnostics: what is wrong, where (JSON pointer and line:column), what to do.

use std::borrow::Cow;
use std::fmt;

/// A line and column in the spec file, both starting at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// One problem with the spec or the macro input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer of the offending node (`#/paths/~1pets/get`), if it has one.
    pub pointer: Option<String>,
    /// Line and column, when known.
    pub location: Option<Location>,
    /// What is wrong and what to do.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic about a node of the document.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: Some(pointer.into()),
            location: None,
            message: message.into(),
        }
    }

    /// A diagnostic about the document as a whole.
    pub fn global(message: impl Into<String>) -> Self {
        Self {
            pointer: None,
            location: None,
            message: message.into(),
        }
    }

    /// Renders the diagnostic for a file: `file:line:col: #/pointer: message`.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::from(file);
        if let Some(location) = self.location {
            out.push_str(&format!(":{}:{}", location.line, location.column));
        }
        out.push_str(": ");
        if let Some(pointer) = &self.pointer {
            out.push_str(pointer);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("spec"))
    }
}

/// Escapes one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

fn push_escaped(out: &mut String, token: &str) {
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        out.push_str(&rest[..at]);
        out.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Appends `/` and a token, escaped, to the pointer in `out`.
pub fn push_token(out: &mut String, token: &str) {
    out.push('/');
    push_escaped(out, token);
}

/// Appends a token to a pointer.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 4);
    out.push_str(pointer);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// Splits a `#/a/b` pointer into unescaped tokens; `None` if it is not local.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    Some(token_iter(pointer)?.map(Cow::into_owned).collect())
}

/// The unescaped tokens of a `#/a/b` pointer, like [`tokens`], without copying
/// those that have no escapes.
pub fn token_iter(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    let rest = pointer.strip_prefix('#')?;
    let rest = if rest.is_empty() {
        None
    } else {
        Some(rest.strip_prefix('/')?)
    };
    Some(rest.into_iter().flat_map(|r| r.split('/')).map(unescape))
}

fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The strings one after the other, in one allocation (cheaper than `format!`
/// for names built in bulk).
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The last unescaped token of a `#/a/b` pointer (`b`); `None` if the pointer is
/// not local or has no token.
pub fn last_token(pointer: &str) -> Option<Cow<'_, str>> {
    let rest = pointer.strip_prefix('#')?.strip_prefix('/')?;
    let last = rest.rsplit('/').next().unwrap_or(rest);
    Some(unescape(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_token_is_the_last_of_all_tokens() {
        for pointer in ["#/a/b~1c~0d", "#/a", "#/", "#", "a/b", "#/a/"] {
            let all = tokens(pointer).and_then(|t| t.last().cloned());
            assert_eq!(last_token(pointer).map(Cow::into_owned), all, "{pointer}");
        }
    }

    #[test]
    fn pointers_escape_and_split() {
        let p = join(&join("#/paths", "/a~b/{id}"), "get");
        assert_eq!(p, "#/paths/~1a~0b~1{id}/get");
        assert_eq!(tokens(&p).unwrap(), ["paths", "/a~b/{id}", "get"]);
        assert_eq!(tokens("#").unwrap(), Vec::<String>::new());
        assert!(tokens("other.yaml#/x").is_none());
    }

    #[test]
    fn render_names_file_location_and_pointer() {
        let mut d = Diagnostic::at("#/paths", "broken");
        d.location = Some(Location { line: 3, column: 5 });
        assert_eq!(d.render("spec.yaml"), "spec.yaml:3:5: #/paths: broken");
    }
}
