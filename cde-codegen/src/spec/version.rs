//! Version check: only OpenAPI 3.0.x is accepted, with a clear message otherwise.

use crate::doc::Value;

use crate::Diagnostic;

/// Checks `openapi` (and spots Swagger 2.0).
pub fn check(doc: &Value) -> Result<(), Box<Diagnostic>> {
    if !doc.is_object() {
        return Err(Box::new(Diagnostic::global(
            "the spec must be a JSON or YAML object (an OpenAPI 3.0 document)",
        )));
    }
    if let Some(swagger) = doc.get("swagger") {
        return Err(Box::new(Diagnostic::at(
            "#/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 is supported: convert it first (e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        )));
    }
    match doc.get("openapi") {
        None => Err(Box::new(Diagnostic::global(
            "the spec has no `openapi` version field; add `openapi: 3.0.3`",
        ))),
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        Some(Value::String(v)) if v.starts_with("3.1") => Err(Box::new(Diagnostic::at(
            "#/openapi",
            format!(
                "OpenAPI {v} is not supported yet; only 3.0.x is (3.1 changes `nullable`, `exclusiveMinimum` and `type` lists)"
            ),
        ))),
        Some(other) => Err(Box::new(Diagnostic::at(
            "#/openapi",
            format!("unsupported `openapi` version {other}; only 3.0.x is supported"),
        ))),
    }
}
