//! Load: spec bytes (JSON or YAML) into a JSON value.

use serde_json::Value;

use crate::diag::{Diagnostic, Location};

/// The source format of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (1.2).
    Yaml,
}

impl Format {
    /// Picks the format from the file name, else from the first non-blank byte.
    pub fn detect(file_name: &str, source: &str) -> Self {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Format::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Format::Yaml
        } else if source.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// Parses the source into a JSON value, or says where it is broken. Also returns
/// the source text (the bytes as UTF-8, without a byte order mark), which locates
/// diagnostics.
pub fn load<'b>(file_name: &str, bytes: &'b [u8]) -> Result<(&'b str, Value), Diagnostic> {
    let source = text(bytes)?;
    let value = match Format::detect(file_name, source) {
        Format::Json => serde_json::from_str::<Value>(source).map_err(json_error)?,
        Format::Yaml => yaml::<Value>(source)?,
    };
    Ok((source, value))
}

/// The bytes as UTF-8 text, without a byte order mark.
fn text(bytes: &[u8]) -> Result<&str, Diagnostic> {
    let source = std::str::from_utf8(bytes)
        .map_err(|err| Diagnostic::global(format!("the spec is not valid UTF-8 text: {err}")))?;
    Ok(source.strip_prefix('\u{feff}').unwrap_or(source))
}

fn json_error(err: serde_json::Error) -> Diagnostic {
    Diagnostic {
        kind: crate::diag::Kind::Error,
        file: None,
        pointer: None,
        location: (err.line() > 0).then(|| Location {
            line: err.line(),
            column: err.column(),
        }),
        message: format!("the spec is not valid JSON: {err}"),
    }
}

fn yaml<'b, T: serde::Deserialize<'b>>(source: &'b str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(source).map_err(|err| {
        let location = err.location().map(|loc| Location {
            line: loc.line() as usize,
            column: loc.column() as usize,
        });
        let text = err.to_string();
        let mut first_line = text.lines().next().unwrap_or("").trim();
        first_line = first_line
            .strip_prefix("error:")
            .unwrap_or(first_line)
            .trim();
        if let Some((head, rest)) = first_line.split_once(": ")
            && head.starts_with("line ")
        {
            first_line = rest;
        }
        let first_line = first_line.to_owned();
        Diagnostic {
            kind: crate::diag::Kind::Error,
            file: None,
            pointer: None,
            location,
            message: format!("the spec is not valid YAML: {first_line}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_load_to_the_same_value() {
        let (_, y) = load("a.yaml", b"a: [1, 'x', null]\nb: {c: true}\n").unwrap();
        let (_, j) = load("a.json", br#"{"a": [1, "x", null], "b": {"c": true}}"#).unwrap();
        assert_eq!(y, j);
    }

    #[test]
    fn broken_input_is_located() {
        let err = load("a.json", b"{\n  \"a\": ,\n}").unwrap_err();
        assert_eq!(err.location.map(|l| l.line), Some(2));
        let err = load("a.yaml", b"a: 1\nb: [1, 2\n").unwrap_err();
        assert!(err.message.contains("not valid YAML"), "{}", err.message);
        assert!(err.location.is_some());
    }
}
