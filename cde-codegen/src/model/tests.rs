use super::cycles::components;
use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn components_group_exactly_the_nodes_that_reach_each_other(
        edges in proptest::collection::vec(proptest::collection::vec(0usize..14, 0..4), 0..12)
    ) {
        let n = edges.len();
        let reaches = |from: usize, to: usize| {
            let mut seen = vec![false; n];
            let mut stack = vec![from];
            while let Some(node) = stack.pop() {
                if node == to {
                    return true;
                }
                if node < n && !std::mem::replace(&mut seen[node], true) {
                    stack.extend(&edges[node]);
                }
            }
            false
        };
        let component = components(&edges);
        for a in 0..n {
            for b in 0..n {
                prop_assert_eq!(component[a] == component[b], reaches(a, b) && reaches(b, a));
            }
        }
    }
}

fn types_of(doc: serde_json::Value) -> Vec<TypeDef> {
    let (api, diags) = build(&doc);
    assert!(diags.is_empty(), "{diags:?}");
    api.types
}

#[test]
fn a_component_that_is_only_a_ref_aliases_its_target() {
    let types = types_of(serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Foo": {"$ref": "#/components/schemas/Bar"},
            "Bar": {"type": "object", "properties": {"a": {"type": "string"}}}
        }}
    }));
    assert_eq!(types[0].name, "Foo");
    assert_eq!(types[0].kind, TypeKind::Alias(Ty::Named(TypeId::new(1))));
}

fn names_of(kind: &TypeKind) -> (&'static str, Vec<&str>) {
    match kind {
        TypeKind::Union { variants: vs, .. } => {
            ("Union", vs.iter().map(|v| v.rust_name.as_str()).collect())
        }
        TypeKind::AnyOf(vs) => ("AnyOf", vs.iter().map(|v| v.rust_name.as_str()).collect()),
        other => panic!("{other:?}"),
    }
}

/// An `anyOf` is a struct of optional branches only where two branches can take
/// the same JSON value; otherwise an enum.
#[test]
fn any_of_is_a_struct_only_where_branches_can_match_one_value() {
    let types = types_of(serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            // Refers to a type converted after it (and back to itself).
            "Expandable": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Thing"}]},
            "Thing": {"type": "object", "properties": {
                "parent": {"$ref": "#/components/schemas/Expandable"}}},
            "Either": {"anyOf": [
                {"$ref": "#/components/schemas/Thing"},
                {"type": "object", "properties": {"b": {"type": "string"}}},
                {"type": "integer", "title": "count"},
                {"type": "number"}]},
            "Blank": {"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}},
                                {"type": "string", "enum": [""]}]},
            "Strings": {"anyOf": [{"type": "string", "maxLength": 5},
                                  {"type": "string", "enum": [""]}]},
            "Recursive": {"anyOf": [{"$ref": "#/components/schemas/Expandable"},
                                    {"type": "boolean"}]},
            "Nested": {"anyOf": [{"$ref": "#/components/schemas/Expandable"},
                                 {"type": "string", "format": "date"}]},
            "Tagged": {"anyOf": [{"$ref": "#/components/schemas/Thing"},
                                 {"$ref": "#/components/schemas/Thing"}],
                       "discriminator": {"propertyName": "kind"}},
            "One": {"oneOf": [{"type": "integer"}, {"type": "number"}]}
        }}
    }));
    let kind = |name: &str| &types.iter().find(|t| t.name == name).unwrap().kind;
    assert_eq!(
        names_of(kind("Expandable")),
        ("Union", vec!["String", "Thing"])
    );
    assert_eq!(
        names_of(kind("Either")),
        ("AnyOf", vec!["thing", "variant1", "count", "number"])
    );
    assert_eq!(
        names_of(kind("Blank")),
        ("Union", vec!["BlankVariant0", "BlankVariant1"])
    );
    assert_eq!(
        names_of(kind("Strings")),
        ("AnyOf", vec!["variant0", "variant1"])
    );
    assert_eq!(
        names_of(kind("Recursive")),
        ("Union", vec!["Expandable", "Boolean"])
    );
    assert_eq!(
        names_of(kind("Nested")),
        ("AnyOf", vec!["expandable", "date"])
    );
    assert_eq!(names_of(kind("Tagged")).0, "Union");
    assert_eq!(names_of(kind("One")), ("Union", vec!["Integer", "Number"]));
}

/// A union keeps a value whose tag names no branch in a variant of its own,
/// named apart from the branches, only where every branch has a tag that could
/// be joined by another and no `defaultMapping` decides.
#[test]
fn only_a_union_whose_every_branch_is_tagged_keeps_unknown_tags() {
    let object = |kind: serde_json::Value| {
        serde_json::json!({"type": "object", "required": ["kind"],
                           "properties": {"kind": kind}})
    };
    let types = types_of(serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Unknown": object(serde_json::json!({"type": "string"})),
            "Known": object(serde_json::json!({"type": "string"})),
            "Mapped": {"oneOf": [{"$ref": "#/components/schemas/Unknown"},
                                 {"$ref": "#/components/schemas/Known"}],
                       "discriminator": {"propertyName": "kind"}},
            "Inline": {"oneOf": [{"$ref": "#/components/schemas/Known"},
                                 {"type": "object"}],
                       "discriminator": {"propertyName": "kind"}},
            "Consts": {"oneOf": [object(serde_json::json!({"const": 1})),
                                 object(serde_json::json!({"const": 2}))]},
            "Flags": {"oneOf": [object(serde_json::json!({"const": true})),
                                object(serde_json::json!({"const": false}))]},
            "Untagged": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        }}
    }));
    let unknown = |name: &str| match &types.iter().find(|t| t.name == name).unwrap().kind {
        TypeKind::Union { variants, unknown } => {
            let names: Vec<&str> = variants.iter().map(|v| v.rust_name.as_str()).collect();
            (names.join(" "), unknown.clone())
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        unknown("Mapped"),
        ("Unknown Known".into(), Some("Unknown2".into()))
    );
    assert_eq!(unknown("Inline").1, None, "the inline branch has no tag");
    assert_eq!(unknown("Consts").1, Some("Unknown".into()));
    assert_eq!(
        unknown("Flags").1,
        None,
        "true and false leave no value to add"
    );
    assert_eq!(unknown("Untagged").1, None);
}

#[test]
fn a_nullable_component_is_nullable_where_it_is_used() {
    let types = types_of(serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Holder": {"type": "object", "required": ["inner"],
                       "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
            "Inner": {"type": "object", "nullable": true, "properties": {"a": {"type": "string"}}}
        }}
    }));
    let TypeKind::Struct { fields } = &types[0].kind else {
        panic!("{:?}", types[0])
    };
    assert_eq!(
        fields[0].ty,
        Ty::Nullable(Box::new(Ty::Named(TypeId::new(1))))
    );
}

/// Encoding entries: each bad key, kind and value reported at its pointer, and
/// the defaults of `style` and `explode` applied to the good ones.
#[test]
fn encoding_entries_are_checked_and_defaulted() {
    let doc = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/f": {"post": {
            "requestBody": {"content": {"application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {
                    "a": {"type": "array", "items": {"type": "string"}},
                    "b": {"type": "string"},
                    "c": {"type": "string"},
                    "d": {"type": "string"}
                }},
                "encoding": {
                    "a": {"style": "spaceDelimited"},
                    "b": {"allowReserved": true, "x-note": 1},
                    "c": {"style": "matrix", "explode": "yes"},
                    "d": {"stlye": "form", "contentType": "png"},
                    "e": {"style": "form"},
                    "f": []
                }
            }}},
            "responses": {"204": {"description": "ok"}}
        }}}
    });
    let (api, diags) = build(&doc);
    let at = "#/paths/~1f/post/requestBody/content/application~1x-www-form-urlencoded/encoding";
    let mut found: Vec<(String, &str)> = diags
        .iter()
        .map(|d| {
            let pointer = d.pointer.clone().unwrap_or_default();
            (pointer.replacen(at, "", 1), d.message.as_str())
        })
        .collect();
    found.sort();
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/c/explode", "/c/style", "/d/contentType", "/d/stlye", "/f"],
        "{found:?}"
    );
    // `e` is no property of the schema: ignored, with a note naming it.
    let mut sink = Diagnostics::default();
    build_for(
        &doc,
        crate::spec::version::Version::V3_0,
        &Default::default(),
        &[],
        true,
        &mut sink,
    );
    let notes: Vec<String> = sink
        .into_all()
        .into_iter()
        .filter(|d| d.kind == Kind::Note)
        .map(|d| d.message)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&format!("`{at}/e`")) && n.contains("names `e`")),
        "{notes:?}"
    );
    assert!(found[1].1.contains("\"matrix\""), "{found:?}");
    let body = api.operations[0].body.as_ref().unwrap();
    let entries: Vec<(&str, QueryStyle, bool)> = body
        .encoding
        .iter()
        .map(|e| (e.property.as_str(), e.style, e.allow_reserved))
        .collect();
    assert_eq!(
        entries,
        [
            ("a", QueryStyle::SpaceDelimited, false),
            ("b", QueryStyle::Form { explode: true }, true)
        ]
    );
    assert_eq!(body.encoding[0].ty, Ty::Array(Box::new(Ty::String)));
}

#[test]
fn an_enum_without_a_type_is_typed_by_its_values() {
    let types = types_of(serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Code": {"enum": [0, 1, 2]},
            "Ratio": {"enum": [0.5, 1]},
            "Flag": {"enum": [true]},
            "Mixed": {"enum": [true, 0]},
            "Nothing": {"enum": [null]}
        }}
    }));
    let alias = |name: &str| match &types.iter().find(|t| t.name == name).map(|t| &t.kind) {
        Some(TypeKind::Alias(ty)) => ty.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(alias("Code"), Ty::I64);
    assert_eq!(alias("Ratio"), Ty::F64);
    assert_eq!(alias("Flag"), Ty::Bool);
    assert_eq!(alias("Nothing"), Ty::Null);
    // Several kinds of scalar: a union chosen by the JSON token.
    match &types.iter().find(|t| t.name == "Mixed").map(|t| &t.kind) {
        Some(TypeKind::Union { variants, .. }) => {
            let seen: Vec<_> = variants
                .iter()
                .map(|v| (v.rust_name.as_str(), &v.ty, v.token))
                .collect();
            assert_eq!(
                seen,
                [
                    ("Boolean", &Ty::Bool, Some(Token::Boolean)),
                    ("Integer", &Ty::I64, Some(Token::Number))
                ]
            );
        }
        other => panic!("Mixed: {other:?}"),
    }
}
