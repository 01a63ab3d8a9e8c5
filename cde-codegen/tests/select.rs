//! Operation selection: only the operations asked for, only the types they reach,
//! every name as the whole spec gives it.

use cde_codegen::Selection;
use cde_codegen::{Options, generate};

const SPEC: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Shop", "version": "1"},
  "paths": {
    "/pets": {"get": {"operationId": "list_pets", "tags": ["pets"],
      "responses": {"200": {"description": "ok", "content": {"application/json":
        {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}}}},
    "/orders": {"post": {"operationId": "create_order", "tags": ["store"],
      "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
      "responses": {"201": {"description": "ok", "content": {"application/json":
        {"schema": {"$ref": "#/components/schemas/Order"}}}}}}},
    "/orders/{id}": {"get": {"operationId": "get_order", "tags": ["store"],
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "responses": {"200": {"description": "ok", "content": {"application/json":
        {"schema": {"$ref": "#/components/schemas/Order"}}}}}}}
  },
  "components": {"schemas": {
    "Pet": {"type": "object", "properties": {"name": {"type": "string"}, "tag": {"$ref": "#/components/schemas/Tag"}}},
    "Tag": {"type": "object", "properties": {"label": {"type": "string"}}},
    "Order": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"},
      "status": {"type": "string", "enum": ["placed", "delivered"]}}},
    "Unused": {"type": "object", "properties": {"x": {"type": "string"}}}
  }}
}"##;

fn code(select: Selection) -> String {
    code_with(Options {
        select,
        ..Options::default()
    })
}

fn code_with(options: Options) -> String {
    let out = generate("shop.json", SPEC.as_bytes(), &options);
    let problems: Vec<String> = out
        .diagnostics
        .iter()
        .map(|d| d.render("shop.json"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    out.code.lex().expect("generated code lexes").to_string()
}

#[test]
fn every_operation_and_every_reached_schema_by_default() {
    let all = code(Selection::default());
    for name in [
        "list_pets",
        "create_order",
        "get_order",
        "struct Pet",
        "struct Tag",
    ] {
        assert!(all.contains(name), "{name} missing");
    }
    // No operation reaches it.
    assert!(!all.contains("struct Unused"));
}

#[test]
fn all_schemas_keeps_the_unreached_ones() {
    let all = code_with(Options {
        all_schemas: true,
        ..Options::default()
    });
    assert!(all.contains("struct Unused") && all.contains("struct Tag"));
    // Operations are still selected.
    let pets = code_with(Options {
        all_schemas: true,
        select: Selection {
            tags: vec![String::from("pets")],
            ..Selection::default()
        },
        ..Options::default()
    });
    assert!(pets.contains("struct Unused") && pets.contains("struct Order"));
    assert!(!pets.contains("fn create_order"));
}

#[test]
fn a_tag_keeps_its_operations_and_the_types_they_reach() {
    let pets = code(Selection {
        tags: vec![String::from("pets")],
        ..Selection::default()
    });
    assert!(pets.contains("fn list_pets"));
    assert!(!pets.contains("fn create_order") && !pets.contains("fn get_order"));
    // Pet and what Pet reaches stay; Order, its enum and Unused go.
    assert!(pets.contains("struct Pet") && pets.contains("struct Tag"));
    assert!(!pets.contains("struct Order") && !pets.contains("OrderStatus"));
    assert!(!pets.contains("struct Unused"));
}

#[test]
fn operation_ids_and_path_prefixes_select_too() {
    let one = code(Selection {
        operations: vec![String::from("get_order")],
        ..Selection::default()
    });
    assert!(one.contains("fn get_order") && !one.contains("fn create_order"));
    assert!(one.contains("struct Order") && one.contains("struct Pet"));
    let prefix = code(Selection {
        path_prefixes: vec![String::from("/orders")],
        ..Selection::default()
    });
    assert!(prefix.contains("fn get_order") && prefix.contains("fn create_order"));
    assert!(!prefix.contains("fn list_pets"));
}

#[test]
fn names_do_not_depend_on_the_selection() {
    // The enum of Order.status is named the same whether or not Pet is generated.
    let all = code(Selection::default());
    let store = code(Selection {
        tags: vec![String::from("store")],
        ..Selection::default()
    });
    let enum_name = |code: &str| {
        let at = code.find("enum Order").expect("the status enum");
        code[at..].split_whitespace().nth(1).map(str::to_owned)
    };
    assert_eq!(enum_name(&all), enum_name(&store));
}

#[test]
fn a_selector_that_matches_nothing_is_an_error() {
    let out = generate(
        "shop.json",
        SPEC.as_bytes(),
        &Options {
            select: Selection {
                tags: vec![String::from("petz")],
                ..Selection::default()
            },
            ..Options::default()
        },
    );
    let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["the operation selection names tag `petz`, which no operation of the spec has"]
    );
}

#[test]
fn types_only_another_media_type_reaches_are_kept() {
    let spec = r##"{
      "openapi": "3.0.3",
      "info": {"title": "Notes", "version": "1"},
      "paths": {
        "/notes": {"patch": {"operationId": "patch_note",
          "requestBody": {"required": true, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Note"}},
            "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Patch"}}}},
          "responses": {"204": {"description": "ok"}}}},
        "/other": {"get": {"operationId": "other", "responses": {"204": {"description": "ok"}}}}
      },
      "components": {"schemas": {
        "Note": {"type": "object", "properties": {"title": {"type": "string"}}},
        "Patch": {"type": "object", "properties": {"title": {"type": "string", "nullable": true}}}
      }}
    }"##;
    let options = Options {
        select: Selection {
            operations: vec![String::from("patch_note")],
            ..Selection::default()
        },
        ..Options::default()
    };
    let out = generate("notes.json", spec.as_bytes(), &options);
    assert!(out.diagnostics.is_empty());
    let code = out.code.lex().expect("generated code lexes").to_string();
    for name in [
        "struct Note",
        "struct Patch",
        "fn merge_patch_json_body",
        "fn patch_note_with_merge_patch_json_body",
    ] {
        assert!(code.contains(name), "{name} missing");
    }
    assert!(!code.contains("fn other"));
}
