//! Multi-file specs through the library, with the files served from memory: what
//! is read, how copied schemas are named, and how problems in any file are
//! reported.

use std::collections::HashMap;

use cde_codegen::{Diagnostic, Generated, Options};

fn files(entries: &[(&str, &str)]) -> HashMap<String, Vec<u8>> {
    entries
        .iter()
        .map(|(path, text)| (String::from(*path), text.as_bytes().to_vec()))
        .collect()
}

/// A root spec answering `GET /a` with `schema`, plus whatever `components` holds.
fn root(schema: &str, components: &str) -> String {
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}},
  "paths": {{"/a": {{"get": {{"operationId": "get_a", "responses": {{"200": {{"description": "ok",
    "content": {{"application/json": {{"schema": {schema}}}}}}}}}}}}}}},
  "components": {{"schemas": {{{components}}}}}}}"#
    )
}

fn run(root: &str, files: &HashMap<String, Vec<u8>>) -> Generated {
    cde_codegen::generate_with("spec/api.json", root.as_bytes(), &Options::default(), files)
}

fn rendered(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d.render("spec/api.json"))
        .collect()
}

#[test]
fn one_file_reached_by_two_spellings_is_read_once() {
    let spec = root(
        r#"{"type": "object", "properties": {
            "x": {"$ref": "./types.yaml#/X"},
            "y": {"$ref": "sub/../types.yaml#/Y"}}}"#,
        "",
    );
    let out = run(
        &spec,
        &files(&[(
            "spec/types.yaml",
            "X: {type: string}\nY: {type: object, properties: {x: {$ref: '#/X'}}}\n",
        )]),
    );
    assert!(
        out.diagnostics.is_empty(),
        "{:?}",
        rendered(&out.diagnostics)
    );
    assert_eq!(out.files, ["spec/types.yaml"]);
    let code = out.code.as_str();
    assert!(code.contains("pub struct Y"), "{code}");
    assert!(code.contains("pub type X"), "{code}");
}

#[test]
fn same_named_schemas_of_two_files_are_named_after_their_files_in_any_order() {
    let names = |first: &str, second: &str| {
        let spec = root(
            &format!(
                r#"{{"type": "object", "properties": {{"p": {{"$ref": "{first}"}}, "q": {{"$ref": "{second}"}}, "r": {{"$ref": "./c.yaml#/Solo"}}}}}}"#
            ),
            r#""Taken": {"type": "string"}"#,
        );
        let out = run(
            &spec,
            &files(&[
                (
                    "spec/a.yaml",
                    "Pet: {type: object, properties: {a: {type: string}}}\n",
                ),
                (
                    "spec/b.yaml",
                    "Pet: {type: object, properties: {b: {type: string}}}\n",
                ),
                (
                    "spec/c.yaml",
                    "Solo: {type: object, properties: {t: {$ref: '#/Taken'}}}\nTaken: {type: integer}\n",
                ),
            ]),
        );
        assert!(
            out.diagnostics.is_empty(),
            "{:?}",
            rendered(&out.diagnostics)
        );
        let code = out.code.into_string();
        let mut found: Vec<&str> = [
            "pub struct APet",
            "pub struct BPet",
            "pub struct Solo",
            "pub type CTaken",
            "pub type Taken",
        ]
        .into_iter()
        .filter(|name| code.contains(name))
        .collect();
        found.sort();
        found.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let forward = names("./a.yaml#/Pet", "./b.yaml#/Pet");
    // Two files' `Pet`s are qualified by their files; `c.yaml`'s `Taken` by
    // its file too, as the root has a `Taken` of its own (left out of the
    // client: nothing uses it).
    assert_eq!(
        forward,
        [
            "pub struct APet",
            "pub struct BPet",
            "pub struct Solo",
            "pub type CTaken"
        ]
    );
    assert_eq!(names("./b.yaml#/Pet", "./a.yaml#/Pet"), forward);
}

#[test]
fn a_problem_in_a_referenced_file_names_that_file_and_its_line() {
    let spec = root(r#"{"$ref": "./pet.yaml"}"#, "");
    let out = run(
        &spec,
        &files(&[(
            "spec/pet.yaml",
            "type: object\nproperties:\n  name:\n    type: string\n  owner:\n    $ref: '#/nowhere'\n",
        )]),
    );
    let shown = rendered(&out.diagnostics);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("spec/pet.yaml:6:11: #/properties/owner/$ref: "),
        "{shown:?}"
    );
    assert!(
        shown[0].contains("nothing exists at `#/nowhere` in `spec/pet.yaml`"),
        "{shown:?}"
    );
}

#[test]
fn a_later_pass_locates_its_error_in_the_file_it_is_in() {
    let spec = root(r#"{"$ref": "./pet.yaml#/Pet"}"#, "");
    let out = run(
        &spec,
        &files(&[(
            "spec/pet.yaml",
            "Pet:\n  type: object\n  properties:\n    name:\n      type: string\n      pattern: '(['\n",
        )]),
    );
    let shown = rendered(&out.diagnostics);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("spec/pet.yaml:6:16: #/Pet/properties/name/pattern: "),
        "{shown:?}"
    );
}

#[test]
fn the_network_uris_absolute_paths_and_missing_files_are_refused_all_at_once() {
    let spec = root(
        r#"{"type": "object", "properties": {
            "a": {"$ref": "https://example.com/pet.yaml#/Pet"},
            "b": {"$ref": "file:///etc/pet.yaml"},
            "c": {"$ref": "/srv/spec/pet.yaml"},
            "d": {"$ref": "./missing.yaml#/Pet"},
            "e": {"$ref": "./broken.yaml"},
            "f": {"$ref": "./pet.yaml#Pet"}}}"#,
        "",
    );
    let out = run(&spec, &files(&[("spec/broken.yaml", "a: [1, 2\n")]));
    let shown = rendered(&out.diagnostics);
    assert_eq!(shown.len(), 6, "{shown:#?}");
    let expect = [
        ("/a/$ref", "never reads the network"),
        ("/b/$ref", "only relative file paths are read"),
        ("/c/$ref", "an absolute path"),
        ("/d/$ref", "cannot read `spec/missing.yaml`: no such file"),
        ("/f/$ref", "not by anchor"),
    ];
    for (pointer, text) in expect {
        assert!(
            shown.iter().any(|s| s.starts_with("spec/api.json:")
                && s.contains(&format!("#/paths/~1a/get/responses/200/content/application~1json/schema/properties{pointer}: "))
                && s.contains(text)),
            "{pointer} {text}: {shown:#?}"
        );
    }
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("spec/broken.yaml:") && s.contains("not valid YAML")),
        "{shown:#?}"
    );
}

#[test]
fn without_a_file_reader_another_file_is_an_error() {
    let spec = root(r#"{"$ref": "./pet.yaml"}"#, "");
    let out = cde_codegen::generate("spec/api.json", spec.as_bytes(), &Options::default());
    let shown = rendered(&out.diagnostics);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains("reads no other files"), "{shown:?}");
    assert!(out.files.is_empty());
}

#[test]
fn a_part_copied_in_place_that_contains_itself_is_reported() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
      "paths": {"/a": {"$ref": "./a.yaml"}}}"#;
    let out = run(
        spec,
        &files(&[(
            "spec/a.yaml",
            "get:\n  operationId: get_a\n  responses:\n    '200':\n      $ref: '#/get/responses/200'\n",
        )]),
    );
    let shown = rendered(&out.diagnostics);
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("spec/a.yaml:") && s.contains("inside what it refers to")),
        "{shown:#?}"
    );
}

#[test]
fn a_3_1_reference_by_id_is_not_a_file() {
    let spec = r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
      "paths": {"/a": {"get": {"operationId": "get_a", "responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "https://example.com/pet"}}}}}}}},
      "components": {"schemas": {"Pet": {"$id": "https://example.com/pet", "type": "object",
        "properties": {"name": {"type": "string"}}}}}}"#;
    let out = run(spec, &HashMap::new());
    assert!(
        out.diagnostics.is_empty(),
        "{:?}",
        rendered(&out.diagnostics)
    );
    assert!(out.files.is_empty());
}

/// OpenAPI 3.2's `$self`: a reference to the document's own URI is local, one
/// to a URI beside it is the file at that path relative to the root; other
/// URIs stay refused.
#[test]
fn references_by_the_self_uri_are_read_from_files_beside_the_root() {
    let spec = |far: &str| {
        format!(
            r#"{{"openapi": "3.2.0", "$self": "https://example.com/api/openapi.json",
      "info": {{"title": "T", "version": "1"}},
      "paths": {{"/a": {{"get": {{"operationId": "get_a", "responses": {{"200": {{"description": "ok",
        "content": {{"application/json": {{"schema": {{"type": "object", "properties": {{
          "pet": {{"$ref": "https://example.com/api/schemas/pet.yaml#/Pet"}},
          "id": {{"$ref": "https://example.com/api/openapi.json#/components/schemas/Id"}}{far}}}}}}}}}}}}}}}}}}},
      "components": {{"schemas": {{"Id": {{"type": "string", "format": "uuid"}}}}}}}}"#
        )
    };
    let pet = files(&[(
        "spec/schemas/pet.yaml",
        "Pet: {type: object, required: [name], properties: {name: {type: string}}}\n",
    )]);
    let out = run(
        &spec(r#", "far": {"$ref": "https://example.org/other.yaml#/Far"}"#),
        &pet,
    );
    assert_eq!(
        out.files,
        ["spec/schemas/pet.yaml"],
        "{:?}",
        rendered(&out.diagnostics)
    );
    let errors = rendered(&out.diagnostics);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(
            "`$ref` `https://example.org/other.yaml#/Far` cannot be read: the generator never reads the network"
        ),
        "{errors:?}"
    );
    let out = run(&spec(""), &pet);
    assert!(
        out.diagnostics.is_empty(),
        "{:?}",
        rendered(&out.diagnostics)
    );
    let code = out.code.as_str();
    assert!(code.contains("pub struct Pet"), "{code}");
    // The reference by the document's own URI is the local component.
    assert!(
        code.contains("pub id : :: core :: option :: Option < Id >"),
        "{code}"
    );
}
