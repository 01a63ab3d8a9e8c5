//! Version check: which OpenAPI versions are read (3.0.x, 3.1.x and 3.2.x),
//! with a clear message for the others.

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
    /// 3.2.x: 3.1's schemas, plus what 3.2 adds (the `query` method,
    /// `additionalOperations`, `in: querystring`, ...), read into the model's
    /// spelling by [`super::normalize`] too.
    V3_2,
}

impl Version {
    /// Whether schemas are JSON Schema 2020-12 (3.1 and later).
    pub fn json_schema_2020(self) -> bool {
        self != Version::V3_0
    }
}

/// The only JSON Schema dialect a 3.1 document may declare: the OpenAPI 3.1
/// schema dialect, which is also the default.
const DIALECT_3_1: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The OpenAPI 3.2 schema dialects (one URI per published date), which a 3.2
/// document may declare besides 3.1's: the same vocabulary.
const DIALECT_3_2: &str = "https://spec.openapis.org/oas/3.2/dialect/";

/// Whether a `jsonSchemaDialect` is one the generator reads for `version`.
fn known_dialect(version: Version, dialect: &str) -> bool {
    dialect == DIALECT_3_1
        || version == Version::V3_2
            && dialect
                .strip_prefix(DIALECT_3_2)
                .is_some_and(|date| !date.is_empty() && !date.contains('/'))
}

/// Checks `openapi` (and spots Swagger 2.0): the version to read the document as.
pub fn check(doc: &Value) -> Result<Version, Box<Diagnostic>> {
    if !doc.is_object() {
        return Err(Box::new(Diagnostic::global(
            "the spec must be a JSON or YAML object (an OpenAPI 3.0, 3.1 or 3.2 document)",
        )));
    }
    if let Some(swagger) = doc.get("swagger") {
        return Err(Box::new(Diagnostic::at(
            "#/swagger",
            format!(
                "this is a Swagger {} document; OpenAPI 3.0, 3.1 and 3.2 are read: convert it first (e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        )));
    }
    let version = match doc.get("openapi") {
        None => {
            return Err(Box::new(Diagnostic::global(
                "the spec has no `openapi` version field; add `openapi: 3.2.0` (or the 3.0 or 3.1 version it is written for)",
            )));
        }
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Version::V3_0,
        Some(Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => Version::V3_1,
        Some(Value::String(v)) if v.starts_with("3.2.") || v == "3.2" => Version::V3_2,
        Some(other) => {
            return Err(Box::new(Diagnostic::at(
                "#/openapi",
                format!(
                    "unsupported `openapi` version {other}; OpenAPI 3.0.x, 3.1.x and 3.2.x are read"
                ),
            )));
        }
    };
    if version.json_schema_2020()
        && let Some(dialect) = doc.get("jsonSchemaDialect")
        && !dialect.as_str().is_some_and(|d| known_dialect(version, d))
    {
        return Err(Box::new(Diagnostic::at(
            "#/jsonSchemaDialect",
            format!(
                "`jsonSchemaDialect` {dialect} is not read; only the OpenAPI dialect ({DIALECT_3_1}, or in 3.2 {DIALECT_3_2}<date>) is: remove the field, or set it to that"
            ),
        )));
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Version, check};

    #[test]
    fn versions_and_dialects() {
        let doc = |version: &str, dialect: Option<&str>| {
            let mut doc = json!({"openapi": version, "info": {"title": "T", "version": "1"}});
            if let Some(dialect) = dialect {
                doc["jsonSchemaDialect"] = json!(dialect);
            }
            doc
        };
        assert_eq!(check(&doc("3.0.3", None)).ok(), Some(Version::V3_0));
        assert_eq!(check(&doc("3.1.1", None)).ok(), Some(Version::V3_1));
        assert_eq!(check(&doc("3.2.0", None)).ok(), Some(Version::V3_2));
        let base = "https://spec.openapis.org/oas/3.1/dialect/base";
        let dated = "https://spec.openapis.org/oas/3.2/dialect/2025-09-17";
        assert_eq!(check(&doc("3.2.0", Some(base))).ok(), Some(Version::V3_2));
        assert_eq!(check(&doc("3.2.0", Some(dated))).ok(), Some(Version::V3_2));
        // 3.2's dialect is not 3.1's.
        let refused = check(&doc("3.1.0", Some(dated))).unwrap_err();
        assert!(
            refused.message.contains("is not read"),
            "{}",
            refused.message
        );
        let refused = check(&doc("4.0.0", None)).unwrap_err();
        assert!(
            refused.message.contains("3.0.x, 3.1.x and 3.2.x are read"),
            "{}",
            refused.message
        );
    }
}
