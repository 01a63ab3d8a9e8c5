//! Version check: which OpenAPI versions are read (3.0.x and 3.1.x), with a
//! clear message for the others.

use crate::doc::Value;

use crate::Diagnostic;

/// The OpenAPI version a document is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// 3.0.x: the model's own spelling, read as written.
    V3_0,
    /// 3.1.x: its schemas are JSON Schema 2020-12, rewritten into 3.0's spelling
    /// by [`super::normalize`] before the model reads them.
    V3_1,
}

/// The only JSON Schema dialect a 3.1 document may declare: the OpenAPI 3.1
/// schema dialect, which is also the default.
const DIALECT_3_1: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Checks `openapi` (and spots Swagger 2.0): the version to read the document as.
pub fn check(doc: &Value) -> Result<Version, Box<Diagnostic>> {
    if !doc.is_object() {
        return Err(Box::new(Diagnostic::global(
            "the spec must be a JSON or YAML object (an OpenAPI 3.0 or 3.1 document)",
        )));
    }
    if let Some(swagger) = doc.get("swagger") {
        return Err(Box::new(Diagnostic::at(
            "#/swagger",
            format!(
                "this is a Swagger {} document; OpenAPI 3.0 and 3.1 are read: convert it first (e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        )));
    }
    let version = match doc.get("openapi") {
        None => {
            return Err(Box::new(Diagnostic::global(
                "the spec has no `openapi` version field; add `openapi: 3.1.1` (or the 3.0 version it is written for)",
            )));
        }
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Version::V3_0,
        Some(Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => Version::V3_1,
        Some(other) => {
            return Err(Box::new(Diagnostic::at(
                "#/openapi",
                format!("unsupported `openapi` version {other}; OpenAPI 3.0.x and 3.1.x are read"),
            )));
        }
    };
    if version == Version::V3_1
        && let Some(dialect) = doc.get("jsonSchemaDialect")
        && dialect.as_str() != Some(DIALECT_3_1)
    {
        return Err(Box::new(Diagnostic::at(
            "#/jsonSchemaDialect",
            format!(
                "`jsonSchemaDialect` {dialect} is not read; only the OpenAPI 3.1 dialect ({DIALECT_3_1}) is: remove the field, or set it to that"
            ),
        )));
    }
    Ok(version)
}
