//! Whether a schema gives its values a type, decided by reading the schema
//! itself (shared by the corpus and directory tests, which check that the
//! generator types every such place).

/// The JSON types a schema's `type` may list.
pub const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Whether `schema` says what its values are: a `type` that is not every type,
/// `properties`, `items`, `prefixItems`, `enum` or `const`, or a local `$ref`
/// (followed, up to 32 steps) to a schema that does.
pub fn gives_type(doc: &serde_json::Value, schema: &serde_json::Value) -> bool {
    let mut schema = schema;
    for _ in 0..32 {
        if let Some(reference) = schema.get("$ref").and_then(|r| r.as_str()) {
            match reference
                .strip_prefix('#')
                .and_then(|pointer| doc.pointer(pointer))
            {
                Some(target) => {
                    schema = target;
                    continue;
                }
                None => return false,
            }
        }
        let typed = match schema.get("type") {
            Some(serde_json::Value::String(_)) => true,
            Some(serde_json::Value::Array(types)) => !TYPES
                .iter()
                .all(|t| types.iter().any(|given| given.as_str() == Some(t))),
            _ => false,
        };
        return typed
            || ["properties", "items", "prefixItems", "enum", "const"]
                .iter()
                .any(|keyword| schema.get(*keyword).is_some());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{TYPES, gives_type};

    #[test]
    fn gives_type_reads_the_schema_itself() {
        let doc = serde_json::json!({"components": {"schemas": {
            "Name": {"type": "string"},
            "Alias": {"$ref": "#/components/schemas/Name"},
            "Loop": {"$ref": "#/components/schemas/Loop"}}}});
        let typed = |schema: serde_json::Value| gives_type(&doc, &schema);
        assert!(typed(serde_json::json!({"type": "integer"})));
        assert!(typed(serde_json::json!({"type": ["string", "null"]})));
        assert!(typed(serde_json::json!({"enum": [1, 2]})));
        assert!(typed(
            serde_json::json!({"$ref": "#/components/schemas/Alias"})
        ));
        assert!(!typed(serde_json::json!({})));
        assert!(!typed(serde_json::json!({"description": "anything"})));
        assert!(!typed(serde_json::json!({"type": TYPES})));
        assert!(!typed(
            serde_json::json!({"$ref": "#/components/schemas/Loop"})
        ));
    }
}
