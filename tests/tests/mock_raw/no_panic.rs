//! No request makes the server fail: random methods, paths, headers and bodies
//! (proptest) are all answered with a 2xx or a 4xx, and the server keeps
//! answering valid requests correctly.

use super::*;

/// One server for every case, on a runtime that outlives the cases.
struct Shared {
    runtime: tokio::runtime::Runtime,
    server: cde_api::mock::MockServer,
    client: reqwest::Client,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let server = runtime
            .block_on(cde_api::mock::start())
            .expect("the mock server starts");
        Shared {
            runtime,
            server,
            client: client(),
        }
    })
}

/// Every property name of the spec's schemas, to build bodies that get past the
/// first field.
fn field_names() -> Vec<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(spec(), &mut out);
    out.into_iter().collect()
}

fn json_value() -> impl Strategy<Value = Value> {
    let names = field_names();
    let key = prop_oneof![
        3 => proptest::sample::select(names),
        1 => ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(json!(ID)),
        Just(json!("transform")),
        ".{0,16}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A path segment as sent (already percent-encoded where needed).
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(ID.to_owned()),
        2 => Just(String::from("1")),
        1 => Just(String::from("latest")),
        1 => Just(String::from("main")),
        1 => Just(String::new()),
        1 => Just(String::from("%")),
        1 => Just(String::from("%2F")),
        1 => Just(String::from("%00")),
        1 => "[0-9]{1,30}",
        1 => "-[0-9]{1,5}",
        1 => "[a-zA-Z0-9._~-]{1,20}",
        1 => proptest::collection::vec(any::<u8>(), 0..24).prop_map(|b| encode(&b)),
    ]
}

fn path() -> impl Strategy<Value = String> {
    let templates: Vec<String> = operations()
        .iter()
        .map(|op| op.path.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    prop_oneof![
        1 => proptest::collection::vec(segment(), 0..7).prop_map(|s| format!("/{}", s.join("/"))),
        3 => (
            proptest::sample::select(templates),
            proptest::collection::vec(segment(), 3)
        )
            .prop_map(|(template, values)| {
                let mut values = values.into_iter().cycle();
                template
                    .split('/')
                    .map(|s| {
                        if s.starts_with('{') {
                            values.next().unwrap_or_default()
                        } else {
                            s.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("/")
            }),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let names = prop_oneof![
        Just(String::from("from")),
        Just(String::from("limit")),
        Just(String::from("name")),
        Just(String::from("owners")),
        Just(String::from("status")),
        Just(String::from("a%5Bb%5D")),
        segment(),
    ];
    proptest::option::of(proptest::collection::vec((names, segment()), 0..4)).prop_map(|pairs| {
        match pairs {
            None => String::new(),
            Some(pairs) => format!(
                "?{}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("&")
            ),
        }
    })
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"])
            .prop_map(str::to_owned),
        1 => "[A-Z]{1,10}".prop_filter("CONNECT tunnels", |m| m != "CONNECT"),
    ]
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(String::from("application/json"))),
        Just(Some(String::from("application/problem+json"))),
        Just(Some(String::from("text/plain"))),
        Just(Some(String::from("multipart/form-data"))),
        Just(Some(format!("multipart/form-data; boundary={BOUNDARY}"))),
        Just(Some(String::from("application/x-www-form-urlencoded"))),
        "[ -~]{0,60}".prop_map(Some),
    ]
}

/// An Authorization header and whether it is a well-formed bearer token
/// (`None`: not known).
fn authorization() -> impl Strategy<Value = (Option<String>, Option<bool>)> {
    prop_oneof![
        Just((None, Some(false))),
        Just((Some(format!("Bearer {TOKEN}")), Some(true))),
        "[A-Za-z0-9]{1,20}".prop_map(|t| (Some(format!("Bearer {t}")), Some(true))),
        Just((Some(String::from("Bearer ")), Some(false))),
        Just((Some(String::from("Basic eHl6")), Some(false))),
        Just((Some(String::from("Bearer a b")), Some(false))),
        "[ -~]{0,40}".prop_map(|a| (Some(a), None)),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        proptest::collection::vec(any::<u8>(), 0..1024),
        json_value().prop_map(|v| serde_json::to_vec(&v).expect("JSON encodes")),
        proptest::collection::vec(
            (
                prop_oneof![Just(String::from("logo")), ".{0,8}"],
                proptest::option::of("[a-z.]{0,12}"),
                proptest::option::of(prop_oneof![
                    Just(String::from("image/svg+xml")),
                    "[ -~]{0,20}"
                ]),
                proptest::collection::vec(any::<u8>(), 0..64),
            ),
            0..4,
        )
        .prop_map(|parts| {
            let parts: Vec<Part> = parts
                .into_iter()
                .map(|(n, f, c, b)| (n.replace(['"', '\r', '\n'], ""), f, c, b))
                .collect();
            multipart(&parts).1
        }),
    ]
}

/// A valid request; after each case it must still get its documented success.
async fn still_serving(shared: &Shared) -> Result<(), String> {
    let create = operation("connector_create");
    let (_, example) = spec_body(create).expect("a body");
    let answer = Request::new(
        "POST",
        format!("{}{}", shared.server.url(), valid_path(create)),
    )
    .bearer()
    .json(&example)
    .send(&shared.client)
    .await?;
    check_success(create, &answer)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random methods, paths, queries, headers and bodies: every one is answered
    /// with a 2xx or a 4xx, none without a well-formed bearer token gets a 2xx,
    /// and a valid request is still served after each.
    #[test]
    fn random_requests_are_answered_without_failing(
        method in method(),
        path in path(),
        query in query(),
        content_type in content_type(),
        (authorization, well_formed) in authorization(),
        body in body(),
    ) {
        let shared = shared();
        let url = format!("{}{path}{query}", shared.server.url());
        prop_assume!(reqwest::Url::parse(&url).is_ok(), "not a URL: {}", url);
        let mut request = Request::new(&method, url.clone());
        if let Some(authorization) = &authorization {
            request = request.header("authorization", authorization.clone());
        }
        if let Some(content_type) = &content_type {
            request = request.header("content-type", content_type.clone());
        }
        if !body.is_empty() {
            request.body = Some(body.clone());
        }
        let answer = shared.runtime.block_on(request.send(&shared.client));
        let answer = answer.map_err(TestCaseError::fail)?;
        prop_assert!(
            (200..300).contains(&answer.status) || (400..500).contains(&answer.status),
            "{method} {url} (Content-Type {content_type:?}, Authorization {authorization:?}, {} body bytes): {} {}",
            body.len(), answer.status, answer.text()
        );
        if well_formed == Some(false) {
            prop_assert!(
                answer.status >= 400,
                "{method} {url} without a valid token got {}", answer.status
            );
        }
        shared.runtime.block_on(still_serving(shared)).map_err(TestCaseError::fail)?;
    }

    /// Real operations with valid paths and credentials and the right media
    /// type, with random or mutated bodies: each is a documented success or a 400
    /// naming at least one field.
    #[test]
    fn random_bodies_to_real_operations_are_a_success_or_a_400(
        index in any::<proptest::sample::Index>(),
        mutation in (any::<proptest::sample::Index>(), json_value()),
        random in json_value(),
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        mode in 0u8..4,
    ) {
        let shared = shared();
        let op = index.get(operations());
        let url = format!("{}{}{}", shared.server.url(), valid_path(op), required_query(op));
        let media = op.request_body().map_or_else(|| String::from("application/json"), |(m, _)| m);
        let documented = spec_body(op).map(|(_, v)| v).unwrap_or(Value::Null);
        let value = match mode {
            0 => random.clone(),
            1 => {
                // The documented body with one node replaced.
                let mut value = documented.clone();
                let mut nodes = Vec::new();
                collect_nodes(&value, &mut Vec::new(), &mut nodes);
                let node = mutation.0.get(&nodes).clone();
                if let Some(target) = node_mut(&mut value, &node) {
                    *target = mutation.1.clone();
                }
                value
            }
            _ => match (documented.clone(), random.clone()) {
                // The documented body with random members added or replaced.
                (Value::Object(mut base), Value::Object(extra)) => {
                    base.extend(extra);
                    Value::Object(base)
                }
                (base, _) => base,
            },
        };
        let (content_type, bytes) = if mode == 3 {
            // Random bytes under the operation's media type.
            let content_type = if media.contains("multipart") {
                format!("{media}; boundary={BOUNDARY}")
            } else {
                media.clone()
            };
            (content_type, bytes.clone())
        } else if media.contains("json") {
            (media.clone(), serde_json::to_vec(&value).expect("JSON encodes"))
        } else if matches!(value, Value::Object(_)) {
            encode_body(op, &media, &value)
        } else {
            multipart(&[(String::from("logo"), None, None, value.to_string().into_bytes())])
        };
        let request = Request::new(&op.method, url.clone()).bearer().raw(&content_type, bytes);
        let answer = shared.runtime.block_on(request.send(&shared.client)).map_err(TestCaseError::fail)?;
        if answer.status == 400 {
            let body: Value = serde_json::from_slice(&answer.body)
                .map_err(|e| TestCaseError::fail(format!("{}: 400 not JSON: {e}", op.id)))?;
            prop_assert!(
                body["errors"].as_object().is_some_and(|e| !e.is_empty()),
                "{}: a 400 naming no field: {body} for {value}", op.id
            );
        } else {
            let checked = check_success(op, &answer);
            prop_assert!(
                checked.is_ok(),
                "{} {url} with {value}: {} {} ({checked:?})",
                op.id, answer.status, answer.text()
            );
        }
        shared.runtime.block_on(still_serving(shared)).map_err(TestCaseError::fail)?;
    }
}

/// Every node's path (object keys and array indexes) under `value`.
fn collect_nodes(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Value::String(key.clone()));
                collect_nodes(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(json!(index));
                collect_nodes(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(root: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut node = root;
    for step in path {
        node = match (node, step) {
            (Value::Object(map), Value::String(key)) => map.get_mut(key)?,
            (Value::Array(items), Value::Number(index)) => {
                items.get_mut(usize::try_from(index.as_u64()?).ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}
