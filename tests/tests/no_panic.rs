//! No input makes the generator or a response decoder panic.
//!
//! - The generator runs under `catch_unwind` on 10,000 specs made from
//!   `spec/cde-api.yaml`: 9,000 built from its parts (a few of its paths with the
//!   schemas they reach) and 1,000 from the whole spec, each then mutated (nodes
//!   deleted, replaced by hostile values or by other parts of the spec), plus raw
//!   bytes.
//! - Each operation's documented-responses decoder gets random statuses, content
//!   types and bodies.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use cde_api::types;
use cde_runtime::EncodeResponses;
use proptest::prelude::*;
use serde_json::{Value, json};

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let bytes =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cde-api.yaml")).unwrap();
        cde_codegen::load("cde-api.yaml", &bytes).unwrap()
    })
}

/// Every node's path, as object keys / array indexes.
fn paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Value::String(key.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(json!(index));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn all_paths() -> &'static Vec<Vec<Value>> {
    static PATHS: OnceLock<Vec<Vec<Value>>> = OnceLock::new();
    PATHS.get_or_init(|| {
        let mut out = Vec::new();
        paths(spec(), &mut Vec::new(), &mut out);
        out
    })
}

fn node_mut<'a>(root: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut node = root;
    for token in path {
        node = match (node, token) {
            (Value::Object(map), Value::String(key)) => map.get_mut(key)?,
            (Value::Array(items), Value::Number(n)) => items.get_mut(n.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(node)
}

fn node<'a>(root: &'a Value, path: &[Value]) -> Option<&'a Value> {
    let mut node = root;
    for token in path {
        node = match (node, token) {
            (Value::Object(map), Value::String(key)) => map.get(key)?,
            (Value::Array(items), Value::Number(n)) => items.get(n.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(node)
}

fn hostile() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
        Just(json!({})),
        Just(json!([])),
        Just(json!({"$ref": "#/components/schemas/Nope"})),
        Just(json!({"$ref": "#/paths"})),
        Just(json!({"$ref": "other.yaml#/x"})),
        Just(json!({"$ref": 7})),
        Just(json!({"type": "array"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": "string", "pattern": "(["})),
        Just(json!({"allOf": [{"$ref": "#/components/schemas/Connector"}, {"type": "string"}]})),
        Just(json!({"oneOf": []})),
        Just(json!({"enum": [null, "", "a", "A", 1]})),
        Just(json!({"not": {}})),
        Just(json!({"in": "path", "name": "x{y}", "schema": {}})),
        Just(json!({"/{a}/{a}": {"get": {"responses": {}}}})),
        Just(json!({"9XX": {"description": "x"}, "abc": {}})),
        Just(json!("3.1.0")),
    ]
}

/// A mutation; indexes are taken modulo the node count of the document mutated
/// (targets) or of the whole spec (graft sources).
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Replace(usize, Value),
    Graft(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), hostile()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Mutation::Graft(i, j)),
    ]
}

fn apply(doc: &mut Value, m: &Mutation) {
    let mut targets = Vec::new();
    paths(doc, &mut Vec::new(), &mut targets);
    let sources = all_paths();
    match m {
        Mutation::Delete(i) => {
            let path = &targets[i % targets.len()];
            if let Some((last, parent)) = path.split_last()
                && let Some(parent) = node_mut(doc, parent)
            {
                match (parent, last) {
                    (Value::Object(map), Value::String(key)) => {
                        map.shift_remove(key);
                    }
                    (Value::Array(items), Value::Number(n)) => {
                        let n = n.as_u64().unwrap_or(0) as usize;
                        if n < items.len() {
                            items.remove(n);
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Replace(i, value) => {
            if let Some(target) = node_mut(doc, &targets[i % targets.len()]) {
                *target = value.clone();
            }
        }
        Mutation::Graft(i, j) => {
            if let Some(part) = node(spec(), &sources[j % sources.len()]).cloned()
                && let Some(target) = node_mut(doc, &targets[i % targets.len()])
            {
                *target = part;
            }
        }
    }
}

/// Every `$ref` string inside `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|child| refs(child, out)),
        _ => {}
    }
}

/// A smaller spec built from parts of the real one: some of its paths, and only
/// the component schemas they reach.
fn sub_spec(picks: &[usize]) -> Value {
    let full = spec();
    let all_paths = full["paths"].as_object().unwrap();
    let keys: Vec<&String> = all_paths.keys().collect();
    let mut doc = full.clone();
    let mut chosen = serde_json::Map::new();
    for pick in picks {
        let key = keys[pick % keys.len()];
        chosen.insert(key.clone(), all_paths[key].clone());
    }
    let mut pending = Vec::new();
    refs(&Value::Object(chosen.clone()), &mut pending);
    let mut reached = std::collections::BTreeSet::new();
    while let Some(target) = pending.pop() {
        if reached.insert(target.clone())
            && let Some(node) = target.strip_prefix('#').and_then(|p| full.pointer(p))
        {
            refs(node, &mut pending);
        }
    }
    doc["paths"] = Value::Object(chosen);
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.retain(|name, _| reached.contains(&format!("#/components/schemas/{name}")));
    }
    doc
}

fn generate_without_panic(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        cde_codegen::generate(
            name,
            bytes,
            &cde_codegen::Options {
                examples: true,
                ..Default::default()
            },
        )
    }));
    prop_assert!(outcome.is_ok(), "the generator panicked");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 9_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Specs built from parts of the real one (some paths and what they reach),
    /// then mutated.
    #[test]
    fn mutated_specs_from_parts_never_panic_the_generator(
        picks in proptest::collection::vec(any::<usize>(), 1..4),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut doc = sub_spec(&picks);
        for m in &mutations {
            apply(&mut doc, m);
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        generate_without_panic("mutated.json", &bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The whole spec, mutated.
    #[test]
    fn mutated_whole_specs_never_panic_the_generator(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let mut doc = spec().clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        generate_without_panic("mutated.json", &bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_generator(bytes in proptest::collection::vec(any::<u8>(), 0..200), yaml in any::<bool>()) {
        generate_without_panic(if yaml { "x.yaml" } else { "x.json" }, &bytes)?;
    }

    #[test]
    fn arbitrary_responses_never_panic_a_decoder(
        status in 100u16..600,
        content_type in prop_oneof![
            Just(None),
            Just(Some("application/json".to_owned())),
            Just(Some("text/html".to_owned())),
            ".{0,20}".prop_map(Some),
        ],
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300),
            Just(br#"{"message":"m","errors":[]}"#.to_vec()),
            Just(br#"{"message":"m","errors":{"a":"b"}}"#.to_vec()),
            Just(br#"{"message":"m","data":{}}"#.to_vec()),
        ],
    ) {
        let status = cde_runtime::StatusCode::from_u16(status).unwrap();
        let ct = content_type.as_deref();
        let outcome = catch_unwind(|| {
            fn run<R: EncodeResponses>(status: cde_runtime::StatusCode, ct: Option<&str>, body: &[u8]) {
                if let Ok(decoded) = R::decode(status, ct, body) {
                    let _ = decoded.encode();
                    let _ = decoded.is_success();
                }
            }
            run::<types::ConnectorCreateResponse>(status, ct, &body);
            run::<types::ConnectorVersionExecutionConfigUpdateContainerApiResponse>(status, ct, &body);
            run::<types::ConnectorTargetsAddResponse>(status, ct, &body);
            run::<types::ConnectorEnableProdAccessResponse>(status, ct, &body);
            run::<types::ConnectorAssignToDevSiteResponse>(status, ct, &body);
        });
        prop_assert!(outcome.is_ok(), "a decoder panicked");
    }
}
