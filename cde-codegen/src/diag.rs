//! Diagnostics: what is wrong, where (JSON pointer and line:column), what to do.
//!
//! Every pass writes to one sink, [`Diagnostics`], with a [`Kind`] per entry: an
//! error blocks generation (a compile error), a note is a spec defect generation
//! worked around (listed in the generated `Client` docs), an untyped place is a
//! schema place typed as any JSON value. [`Diagnostics::finish`] locates the errors
//! in the source, once, and splits the three apart for their readers.

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

/// What a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A problem that blocks generation.
    Error,
    /// A spec defect that generation worked around.
    Note,
    /// A schema place typed as any JSON value; `typed_in_schema` when the schema
    /// gives a type the generator did not express (a defect to fix), rather than
    /// leaving it open (`{}`, a free-form object's values).
    Untyped {
        /// Whether the schema gives a type there.
        typed_in_schema: bool,
    },
}

/// One problem with the spec or the macro input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What it reports ([`Generated::diagnostics`](crate::Generated) holds errors
    /// only).
    pub kind: Kind,
    /// The file it is in, when that is not the root spec (a file the spec
    /// refers to), by the path it was read by.
    pub file: Option<String>,
    /// JSON pointer of the offending node (`#/paths/~1pets/get`), if it has one.
    pub pointer: Option<String>,
    /// Line and column, when known.
    pub location: Option<Location>,
    /// What is wrong and what to do.
    pub message: String,
}

impl Diagnostic {
    /// An error about a node of the document.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Error,
            file: None,
            pointer: Some(pointer.into()),
            location: None,
            message: message.into(),
        }
    }

    /// An error about the document as a whole.
    pub fn global(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Error,
            file: None,
            pointer: None,
            location: None,
            message: message.into(),
        }
    }

    /// Renders the diagnostic for the root spec `file`: `file:line:col:
    /// #/pointer: message` (with the other file's path when it is in one).
    pub fn render(&self, file: &str) -> String {
        let mut out = String::from(self.file.as_deref().unwrap_or(file));
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

/// A schema place typed as any JSON value (`serde_json::Value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untyped {
    /// The schema's JSON pointer.
    pub pointer: String,
    /// Whether the schema gives a type the generator did not express (a defect to
    /// fix), rather than leaving it open (`{}`, a free-form object's values).
    pub typed_in_schema: bool,
}

/// The one sink every pass writes its diagnostics to, in the order found.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    all: Vec<Diagnostic>,
    /// The pointers normalization renumbered, mapped back to the source's when
    /// the diagnostics are located.
    moved: crate::spec::normalize::Moved,
}

/// What [`Diagnostics::finish`] hands on: each kind to its reader.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// The errors, each once, located in the source.
    pub errors: Vec<Diagnostic>,
    /// The notes' texts, for the generated docs.
    pub notes: Vec<String>,
    /// The untyped places.
    pub untyped: Vec<Untyped>,
}

impl Diagnostics {
    /// Pointers into the normalized document that the source spells otherwise:
    /// every diagnostic's pointer is given as the source spells it.
    pub fn renumbered(&mut self, moved: crate::spec::normalize::Moved) {
        self.moved = moved;
    }

    /// Records a diagnostic (of any kind).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.all.push(diagnostic);
    }

    /// Records an error at a node of the document.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Diagnostic::at(pointer, message));
    }

    /// Records a spec defect generation worked around.
    pub fn note(&mut self, message: impl Into<String>) {
        self.push(Diagnostic {
            kind: Kind::Note,
            file: None,
            pointer: None,
            location: None,
            message: message.into(),
        });
    }

    /// Records a note unless the same note was recorded before.
    pub fn note_once(&mut self, message: String) {
        let seen = self
            .all
            .iter()
            .any(|d| d.kind == Kind::Note && d.message == message);
        if !seen {
            self.note(message);
        }
    }

    /// Records a schema place typed as any JSON value.
    pub fn untyped(&mut self, pointer: &str, typed_in_schema: bool) {
        self.push(Diagnostic {
            kind: Kind::Untyped { typed_in_schema },
            file: None,
            pointer: Some(pointer.to_owned()),
            location: None,
            message: String::new(),
        });
    }

    /// Every diagnostic recorded, in order (for tests of one pass).
    #[cfg(test)]
    pub fn into_all(self) -> Vec<Diagnostic> {
        self.all
    }

    /// Splits the diagnostics by kind; errors are kept once per pointer and
    /// message, located in the source of the file they are in (`source` for the
    /// root; computed here, on the error path only) and sorted by file, line and
    /// column.
    pub fn finish(self, source: &str, bundle: &crate::spec::files::Bundle) -> Report {
        let mut report = Report::default();
        let mut seen = std::collections::HashSet::new();
        for mut diagnostic in self.all {
            if let Some(source) = diagnostic
                .pointer
                .as_deref()
                .and_then(|p| self.moved.to_source(p))
            {
                diagnostic.pointer = Some(source);
            }
            if diagnostic.file.is_none()
                && let Some((file, pointer)) = diagnostic
                    .pointer
                    .as_deref()
                    .and_then(|p| bundle.to_file(p))
            {
                diagnostic.file = Some(bundle.files[file].path.clone());
                diagnostic.pointer = Some(pointer);
            }
            match diagnostic.kind {
                Kind::Error => {
                    let key = (
                        diagnostic.file.clone(),
                        diagnostic.pointer.clone(),
                        diagnostic.message.clone(),
                    );
                    if seen.insert(key) {
                        report.errors.push(diagnostic);
                    }
                }
                Kind::Note => report.notes.push(diagnostic.message),
                Kind::Untyped { typed_in_schema } => report.untyped.push(Untyped {
                    pointer: diagnostic.pointer.unwrap_or_default(),
                    typed_in_schema,
                }),
            }
        }
        // One reading of each file locates all its errors.
        let sources = std::iter::once((None, source)).chain(
            bundle
                .files
                .iter()
                .map(|f| (Some(f.path.as_str()), f.source.as_str())),
        );
        for (file, text) in sources {
            let located: Vec<&mut Diagnostic> = report
                .errors
                .iter_mut()
                .filter(|e| e.pointer.is_some() && e.file.as_deref() == file)
                .collect();
            if located.is_empty() {
                continue;
            }
            let pointers: Vec<&str> = located
                .iter()
                .filter_map(|e| e.pointer.as_deref())
                .collect();
            let locations = crate::locate::locate_all(text, &pointers);
            for (error, location) in located.into_iter().zip(locations) {
                error.location = location;
            }
        }
        // The root's first, then each file's, each in the order of its source,
        // whichever pass found them; the ones with no place in any (a macro
        // option, a selection) last, in the order found.
        let order = |file: &Option<String>| {
            file.as_deref().map_or(0, |path| {
                1 + bundle
                    .files
                    .iter()
                    .position(|f| f.path == path)
                    .unwrap_or(bundle.files.len())
            })
        };
        report.errors.sort_by_key(|d| match d.location {
            Some(l) => (0, order(&d.file), l.line, l.column),
            None => (1, 0, 0, 0),
        });
        report
    }
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
    fn the_sink_hands_each_kind_to_its_reader() {
        let source = "{\n  \"a\": 1,\n  \"b\": 2\n}\n";
        let mut sink = Diagnostics::default();
        sink.error("#/b", "bad b");
        sink.push(Diagnostic::global("bad option"));
        sink.error("#/a", "bad a");
        sink.note("worked around");
        sink.untyped("#/a", false);
        sink.error("#/b", "bad b");
        sink.note_once(String::from("worked around"));
        sink.untyped("#/b", true);
        let report = sink.finish(source, &Default::default());
        let errors: Vec<String> = report.errors.iter().map(|d| d.render("s.json")).collect();
        assert_eq!(
            errors,
            [
                "s.json:2:8: #/a: bad a",
                "s.json:3:8: #/b: bad b",
                "s.json: bad option"
            ]
        );
        assert_eq!(report.notes, ["worked around"]);
        let untyped: Vec<(&str, bool)> = report
            .untyped
            .iter()
            .map(|u| (u.pointer.as_str(), u.typed_in_schema))
            .collect();
        assert_eq!(untyped, [("#/a", false), ("#/b", true)]);
    }

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
