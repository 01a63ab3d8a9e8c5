//! Every request example of the docs is sent to its operation and accepted with a
//! documented success; every other operation is called too.

use super::*;

#[tokio::test]
async fn every_documented_request_is_accepted() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let records = records();
    let with_example = records
        .iter()
        .filter(|r| !r["request_example"].is_null())
        .count();
    let mut examples_sent = 0;
    let mut called = BTreeSet::new();
    let mut failures = Vec::new();

    for op in operations() {
        let record = records.iter().find(|r| r["operationId"] == op.id.as_str());
        // The docs' method and path where the docs have the operation.
        let (method, path) = match record {
            Some(record) => {
                let method = record["method"]
                    .as_str()
                    .expect("method")
                    .to_ascii_uppercase();
                assert_eq!(method, op.method, "{}: the docs' method", op.id);
                let path = fill(op, record["path"].as_str().expect("path"), valid_parameter);
                (method, path)
            }
            None => (op.method.clone(), valid_path(op)),
        };
        let url = format!("{}{path}{}", server.url(), required_query(op));
        let example = record
            .map(|r| &r["request_example"])
            .filter(|e| !e.is_null());
        let body = match example {
            Some(example) => {
                let media = record
                    .and_then(|r| r["request_media_types"].as_array())
                    .and_then(|m| m.first())
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| op.request_body().map(|(media, _)| media))
                    .unwrap_or_else(|| String::from("application/json"));
                Some(encode_body(op, &media, example))
            }
            None => spec_body(op).map(|(media, value)| encode_body(op, &media, &value)),
        };
        let mut request = Request::new(&method, url.clone()).bearer();
        let sent = body
            .as_ref()
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned());
        if let Some((content_type, bytes)) = body {
            request = request.raw(&content_type, bytes);
        }
        let answer = send(&client, request).await;
        called.insert(op.id.clone());
        if example.is_some() {
            examples_sent += 1;
        }
        let rejected = REJECTED_EXAMPLES.iter().find(|(id, _)| *id == op.id);
        let outcome = match (rejected, example) {
            (Some((_, why)), Some(_)) => (answer.status == 400).then_some(()).ok_or_else(|| {
                format!(
                    "listed as rejected ({why}) but answered {}; update REJECTED_EXAMPLES",
                    answer.status
                )
            }),
            _ => check_success(op, &answer),
        };
        if let Err(problem) = outcome {
            failures.push(format!(
                "{} {method} {url}\n  sent: {}\n  got {}: {}\n  {problem}",
                op.id,
                sent.as_deref().unwrap_or("(no body)"),
                answer.status,
                answer.text()
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "{} documented requests not accepted:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        examples_sent, with_example,
        "every request example of operations.json is sent"
    );
    assert!(with_example > 0, "operations.json has request examples");
    assert_eq!(
        called.len(),
        operations().len(),
        "every operation is called"
    );
    for record in &records {
        let id = record["operationId"].as_str().unwrap_or("?");
        assert!(
            called.contains(id),
            "the docs' {id} is no operation of the spec"
        );
    }
    println!(
        "{examples_sent} request examples of the docs sent; {} operations called",
        called.len()
    );
}
