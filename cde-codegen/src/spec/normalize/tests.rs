use super::*;
use serde_json::json;

fn normalized(mut doc: Value) -> (Value, Moved) {
    let out = normalize(&mut doc, Version::V3_1);
    (doc, out.moved)
}

#[test]
fn keywords_no_type_expresses_are_listed_where_they_are() {
    let mut doc = json!({"components": {"schemas": {
        "A": {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
        "B": {"if": {}, "properties": {"if": {"type": "string"}}},
    }}});
    let out = normalize(&mut doc, Version::V3_1);
    let places: Vec<(&str, Vec<&str>)> = out
        .unread
        .iter()
        .map(|(k, v)| (*k, v.iter().map(String::as_str).collect()))
        .collect();
    // A property named `if` is a name, not the keyword.
    assert_eq!(
        places,
        [
            (
                "if",
                vec!["#/components/schemas/A", "#/components/schemas/B"]
            ),
            ("then", vec!["#/components/schemas/A"]),
        ]
    );
    assert_eq!(out.notes().len(), 2);
    assert!(out.notes()[0].contains("`#/components/schemas/A`, `#/components/schemas/B`"));
}

#[test]
fn nullability_in_every_spelling_becomes_nullable() {
    let (doc, moved) = normalized(json!({"components": {"schemas": {
        "A": {"type": ["string", "null"], "maxLength": 3},
        "B": {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}, {"type": "integer"}]},
        "C": {"type": "string", "enum": ["a", null]},
        "D": {"$ref": "#/components/schemas/A", "nullable": true},
    }}}));
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["A"],
        json!({"type": "string", "maxLength": 3, "nullable": true})
    );
    assert_eq!(
        schemas["B"],
        json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "integer"}], "nullable": true})
    );
    assert_eq!(schemas["C"]["nullable"], json!(true));
    assert_eq!(
        schemas["D"],
        json!({"anyOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
    );
    // The branches after the null one are renumbered back for diagnostics.
    assert_eq!(
        moved
            .to_source("#/components/schemas/B/anyOf/1/type")
            .as_deref(),
        Some("#/components/schemas/B/anyOf/2/type")
    );
    assert_eq!(moved.to_source("#/components/schemas/B/anyOf/10"), None);
    assert_eq!(moved.to_source("#/components/schemas/A"), None);
}

#[test]
fn several_types_become_one_branch_each_with_their_keywords() {
    let (doc, _) = normalized(json!({"components": {"schemas": {"Id": {
        "type": ["string", "integer", "number", "null"],
        "pattern": "^[a-z]+$",
        "minimum": 1,
        "description": "kept",
    }}}}));
    assert_eq!(
        doc["components"]["schemas"]["Id"],
        json!({
            "description": "kept",
            "oneOf": [{"type": "string", "pattern": "^[a-z]+$"}, {"type": "number", "minimum": 1}],
            "nullable": true,
        })
    );
}

#[test]
fn const_examples_bounds_and_reference_siblings() {
    let (doc, _) = normalized(json!({"paths": {"/a": {"get": {"parameters": [{
        "name": "n", "in": "query",
        "schema": {"type": "integer", "exclusiveMinimum": 0, "maximum": 9, "exclusiveMaximum": 10, "examples": [3, 4]},
    }]}}}, "components": {"schemas": {
        "Kind": {"const": "dog", "description": "d"},
        "Named": {"$ref": "#/components/schemas/Kind", "description": "doc only"},
        "Wider": {"$ref": "#/components/schemas/Kind", "required": ["x"], "properties": {"x": {"type": "string"}}},
    }}}));
    let schema = &doc["paths"]["/a"]["get"]["parameters"][0]["schema"];
    assert_eq!(
        schema,
        &json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0, "maximum": 9, "examples": [3, 4], "example": 3})
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["Kind"]["enum"], json!(["dog"]));
    assert_eq!(
        schemas["Named"],
        json!({"description": "doc only", "allOf": [{"$ref": "#/components/schemas/Kind"}]})
    );
    assert_eq!(
        schemas["Wider"],
        json!({"allOf": [
            {"$ref": "#/components/schemas/Kind"},
            {"required": ["x"], "properties": {"x": {"type": "string"}}},
        ]})
    );
}

#[test]
fn names_and_data_are_not_read_as_schemas() {
    let source = json!({"components": {
        "schemas": {"P": {"properties": {
            "type": {"type": ["string", "null"]},
            "default": {"const": 1},
        }, "example": {"type": ["a", "null"]}}},
        "examples": {"E": {"value": {"type": ["x", "null"]}}},
    }});
    let (doc, _) = normalized(source.clone());
    let properties = &doc["components"]["schemas"]["P"]["properties"];
    // Properties named like keywords are schemas all the same...
    assert_eq!(
        properties["type"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(properties["default"], json!({"const": 1, "enum": [1]}));
    // ...and examples are data, left as written.
    assert_eq!(
        doc["components"]["schemas"]["P"]["example"],
        source["components"]["schemas"]["P"]["example"]
    );
    assert_eq!(
        doc["components"]["examples"],
        source["components"]["examples"]
    );
}

#[test]
fn arrays_without_items_null_types_and_false_properties() {
    let (doc, _) = normalized(json!({"components": {"schemas": {"A": {
        "type": "object",
        "properties": {
            "list": {"type": "array"},
            "gone": false,
            "any": true,
            "none": {"type": "null"},
        },
    }}}}));
    assert_eq!(
        doc["components"]["schemas"]["A"]["properties"],
        json!({
            "list": {"type": "array", "items": {}},
            "any": true,
            "none": {"enum": [null], "nullable": true},
        })
    );
}

#[test]
fn references_follow_what_normalization_moved() {
    let (doc, moved) = normalized(json!({"components": {"schemas": {
        "Brand": {"type": "object"},
        "Shown": {"$ref": "#/components/schemas/Brand", "properties": {"logo": {"type": "string"}}},
        "Uses": {"$ref": "#/components/schemas/Shown/properties/logo"},
    }}}));
    assert_eq!(
        doc["components"]["schemas"]["Uses"]["$ref"],
        "#/components/schemas/Shown/allOf/1/properties/logo"
    );
    assert_eq!(
        moved
            .to_source("#/components/schemas/Shown/allOf/1/properties/logo/type")
            .as_deref(),
        Some("#/components/schemas/Shown/properties/logo/type")
    );
}

#[test]
fn anchors_and_ids_name_their_schemas() {
    let (doc, _) = normalized(json!({"components": {"schemas": {
        "Pet": {"$id": "https://example.com/pet", "$defs": {"Tag": {"$anchor": "tag", "type": "string"}}},
        "Uses": {"properties": {
            "pet": {"$ref": "https://example.com/pet"},
            "tag": {"$ref": "#tag"},
            "inner": {"$ref": "https://example.com/pet#/$defs/Tag"},
            "elsewhere": {"$ref": "https://other.example.com/x"},
        }},
    }}}));
    let uses = &doc["components"]["schemas"]["Uses"]["properties"];
    assert_eq!(uses["pet"]["$ref"], "#/components/schemas/Pet");
    assert_eq!(uses["tag"]["$ref"], "#/components/schemas/Pet/$defs/Tag");
    assert_eq!(uses["inner"]["$ref"], "#/components/schemas/Pet/$defs/Tag");
    assert_eq!(uses["elsewhere"]["$ref"], "https://other.example.com/x");
}

#[test]
fn one_property_pattern_is_a_map() {
    let (doc, moved) = normalized(json!({"components": {"schemas": {
        "Labels": {"type": "object", "patternProperties": {"^x-": {"type": ["string", "null"]}}},
        "Closed": {"patternProperties": {"^a": {}}, "additionalProperties": false},
    }}}));
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Labels"]["additionalProperties"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(schemas["Closed"]["additionalProperties"], json!({}));
    assert_eq!(
        moved
            .to_source("#/components/schemas/Labels/additionalProperties/type")
            .as_deref(),
        Some("#/components/schemas/Labels/patternProperties/^x-/type")
    );
}

#[test]
fn several_property_patterns_are_a_map_of_one_of_their_schemas() {
    let (doc, moved) = normalized(json!({"components": {"schemas": {
        "Metrics": {
            "patternProperties": {
                "^n_": {"type": "integer"},
                "^c_": {"type": "integer"},
                "^s_": {"type": "string"},
                "^x_": false,
            },
            "additionalProperties": {"type": "boolean"},
        },
        "Open": {"patternProperties": {"^n_": {"type": "integer"}}, "additionalProperties": true},
    }}}));
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Metrics"]["additionalProperties"],
        json!({"oneOf": [{"type": "integer"}, {"type": "string"}, {"type": "boolean"}]})
    );
    assert_eq!(schemas["Open"]["additionalProperties"], json!(true));
    assert_eq!(
        moved
            .to_source("#/components/schemas/Metrics/additionalProperties/oneOf/1/type")
            .as_deref(),
        Some("#/components/schemas/Metrics/patternProperties/^s_/type")
    );
}

#[test]
fn a_tuple_whose_members_may_be_missing_is_a_list() {
    let (doc, moved) = normalized(json!({"components": {"schemas": {
        "Some": {"prefixItems": [{"type": "number"}, {"type": "string"}, {"type": "number"}], "items": false},
        "Open": {"prefixItems": [{"type": "number"}], "minItems": 0},
        "Same": {"prefixItems": [{"type": "number"}, {"type": "number"}], "minItems": 1, "items": {"type": "number"}},
        "All": {"prefixItems": [{"type": "number"}], "minItems": 1, "items": false},
    }}}));
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Some"],
        json!({"items": {"oneOf": [{"type": "number"}, {"type": "string"}]}})
    );
    assert_eq!(schemas["Open"], json!({"minItems": 0, "items": {}}));
    assert_eq!(
        schemas["Same"],
        json!({"minItems": 1, "items": {"type": "number"}})
    );
    // Every member required: a tuple, for the model.
    assert!(schemas["All"].get("prefixItems").is_some());
    assert_eq!(
        moved
            .to_source("#/components/schemas/Some/items/oneOf/1/type")
            .as_deref(),
        Some("#/components/schemas/Some/prefixItems/1/type")
    );
}

#[test]
fn a_3_0_document_is_left_as_written() {
    let source = json!({"components": {"schemas": {"A": {"type": ["string", "null"]}}}});
    let mut doc = source.clone();
    normalize(&mut doc, Version::V3_0);
    assert_eq!(doc, source);
}
