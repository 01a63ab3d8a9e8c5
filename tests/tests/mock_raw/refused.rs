//! Requests refused as a whole: 401 for missing or malformed credentials, 404
//! for unknown paths, 405 with `Allow`, 413 for bodies over the limit, 415 for
//! bodies of the wrong media type.

use super::*;

#[tokio::test]
async fn a_missing_token_is_a_401_with_the_documented_body() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut documented_bodies = 0;
    for op in operations() {
        let url = format!("{}{}{}", server.url(), valid_path(op), required_query(op));
        let mut request = Request::new(&op.method, url);
        if let Some((media, value)) = spec_body(op) {
            let (content_type, bytes) = encode_body(op, &media, &value);
            request = request.raw(&content_type, bytes);
        }
        let answer = send(&client, request).await;
        assert_eq!(answer.status, 401, "{}: {}", op.id, answer.text());
        assert!(
            answer
                .header("www-authenticate")
                .is_some_and(|c| c.starts_with("Bearer")),
            "{}: WWW-Authenticate {:?}",
            op.id,
            answer.header("www-authenticate")
        );
        match (op.response("401"), op.response_example("401")) {
            (_, Some(example)) => {
                assert_eq!(&answer.json(), example, "{}: the documented 401", op.id);
                assert_eq!(answer.content_type(), "application/json", "{}", op.id);
                documented_bodies += 1;
            }
            (Some(response), None) => {
                // Documented without an example: the documented media type and
                // the schema's required members.
                let (media, content) = response["content"]
                    .as_object()
                    .and_then(|c| c.iter().next())
                    .expect("a documented 401 body");
                assert_eq!(answer.content_type(), media, "{}", op.id);
                let body = answer.json();
                let schema = resolve(spec(), &content["schema"]);
                for member in schema["required"].as_array().into_iter().flatten() {
                    let member = member.as_str().unwrap_or("");
                    assert!(body.get(member).is_some(), "{}: {member} in {body}", op.id);
                }
            }
            (None, None) => {
                assert_eq!(
                    answer.content_type(),
                    "application/problem+json",
                    "{}",
                    op.id
                );
                assert_eq!(answer.json()["status"], 401, "{}", op.id);
            }
        }
    }
    assert!(
        documented_bodies > 10,
        "{documented_bodies} documented 401 bodies"
    );
}

#[tokio::test]
async fn malformed_credentials_are_a_401() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let show = operation("connector_show");
    let url = format!("{}{}", server.url(), valid_path(show));
    for authorization in [
        "Basic xyz",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        "Bearer",
        "Bearer    ",
        "Bearer two words",
        "Bearer t@ken!",
        "Token abc",
        TOKEN,
        "",
    ] {
        let answer = send(
            &client,
            Request::new("GET", url.clone()).header("authorization", authorization),
        )
        .await;
        assert_eq!(
            answer.status,
            401,
            "Authorization {authorization:?}: {}",
            answer.text()
        );
    }
    // The same request with a well-formed token is answered (the scheme name is
    // case-insensitive, RFC 9110).
    for authorization in [format!("Bearer {TOKEN}"), format!("bearer {TOKEN}")] {
        let answer = send(
            &client,
            Request::new("GET", url.clone()).header("authorization", authorization.clone()),
        )
        .await;
        check_success(show, &answer)
            .unwrap_or_else(|problem| panic!("{authorization}: {problem}: {}", answer.text()));
    }
}

#[tokio::test]
async fn unknown_paths_are_a_404() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let templates: Vec<&str> = operations().iter().map(|op| op.path.as_str()).collect();
    for path in [
        "/",
        "/nope",
        "/connector",
        "/connectors/",
        &format!("/connectors/{ID}/nope"),
        &format!("/connectors/{ID}/versions/1/states/x/y"),
        &format!("/CONNECTORS/{ID}"),
        "/states/",
        &format!("/organizations/{ID}/members"),
    ] {
        assert!(!templates.contains(&path), "{path} is a template");
        for method in ["GET", "POST"] {
            let answer = send(
                &client,
                Request::new(method, format!("{}{path}", server.url())).bearer(),
            )
            .await;
            assert_eq!(answer.status, 404, "{method} {path}: {}", answer.text());
            assert_eq!(answer.content_type(), "application/problem+json", "{path}");
            assert_eq!(answer.json()["status"], 404, "{path}");
        }
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_405_with_allow() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut checked = 0;
    let templates: BTreeSet<&str> = operations().iter().map(|op| op.path.as_str()).collect();
    for template in templates {
        let op = operations()
            .iter()
            .find(|op| op.path == template)
            .expect("an operation");
        let path = valid_path(op);
        let allowed: BTreeSet<String> = operations()
            .iter()
            .filter(|o| matches(&o.path, &path))
            .map(|o| o.method.clone())
            .collect();
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            if allowed.contains(method) {
                continue;
            }
            let answer = send(
                &client,
                Request::new(method, format!("{}{path}", server.url())).bearer(),
            )
            .await;
            assert_eq!(answer.status, 405, "{method} {path}: {}", answer.text());
            let allow: Vec<String> = answer
                .header("allow")
                .unwrap_or_else(|| panic!("{method} {path}: no Allow header"))
                .split(',')
                .map(|m| m.trim().to_owned())
                .collect();
            let unique: BTreeSet<String> = allow.iter().cloned().collect();
            assert_eq!(
                unique.len(),
                allow.len(),
                "{path}: Allow repeats: {allow:?}"
            );
            assert_eq!(unique, allowed, "{method} {path}: Allow");
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} wrong methods sent");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let create = operation("connector_create");
    let url = format!("{}{}", server.url(), valid_path(create));
    let (_, example) = spec_body(create).expect("connector_create takes a body");
    let valid = serde_json::to_vec(&example).expect("JSON encodes");

    // 10 MB of valid JSON (the example padded with spaces) with reqwest.
    let mut big = valid.clone();
    big.resize(10_000_000, b' ');
    let answer = send(
        &client,
        Request::new("POST", url.clone())
            .bearer()
            .raw("application/json", big.clone()),
    )
    .await;
    assert_eq!(answer.status, 413, "10 MB body: {}", answer.text());
    assert_eq!(answer.content_type(), "application/problem+json");

    // The same over a raw socket, with a Content-Length and chunked.
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        valid_path(create),
        server.addr(),
        big.len()
    );
    let (status, _) = raw_exchange(server.addr(), head.into_bytes(), big.clone()).await;
    assert_eq!(status, Some(413), "10 MB body with Content-Length, raw");
    let mut chunked = Vec::new();
    for chunk in big.chunks(1 << 20) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        valid_path(create),
        server.addr()
    );
    let (status, _) = raw_exchange(server.addr(), head.into_bytes(), chunked).await;
    assert_eq!(status, Some(413), "10 MB chunked body, raw");

    // The server still answers.
    let answer = send(&client, Request::new("POST", url).bearer().json(&example)).await;
    check_success(create, &answer).unwrap_or_else(|p| panic!("{p}"));

    // A configured limit holds to the byte: a body of exactly the limit is read,
    // one byte more is refused.
    let limit = valid.len() + 100;
    let small = cde_api::mock::builder()
        .body_limit(limit)
        .start()
        .await
        .expect("the mock server starts");
    let url = format!("{}{}", small.url(), valid_path(create));
    let mut at_limit = valid.clone();
    at_limit.resize(limit, b' ');
    let answer = send(
        &client,
        Request::new("POST", url.clone())
            .bearer()
            .raw("application/json", at_limit.clone()),
    )
    .await;
    check_success(create, &answer)
        .unwrap_or_else(|p| panic!("a body of exactly the limit: {p}: {}", answer.text()));
    at_limit.push(b' ');
    let answer = send(
        &client,
        Request::new("POST", url)
            .bearer()
            .raw("application/json", at_limit),
    )
    .await;
    assert_eq!(
        answer.status,
        413,
        "one byte over the limit: {}",
        answer.text()
    );
}

#[tokio::test]
async fn a_body_of_the_wrong_media_type_is_a_415() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let mut checked = 0;
    for op in operations() {
        let Some((media, value)) = spec_body(op) else {
            continue;
        };
        let (right, bytes) = encode_body(op, &media, &value);
        let url = format!("{}{}{}", server.url(), valid_path(op), required_query(op));
        let wrong: &[&str] = if media.contains("json") {
            &[
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
            ]
        } else {
            &["application/json", "text/plain", "application/octet-stream"]
        };
        for content_type in wrong {
            let answer = send(
                &client,
                Request::new(&op.method, url.clone())
                    .bearer()
                    .raw(content_type, bytes.clone()),
            )
            .await;
            assert_eq!(
                answer.status,
                415,
                "{} with {content_type}: {}",
                op.id,
                answer.text()
            );
            assert_eq!(answer.content_type(), "application/problem+json");
            checked += 1;
        }
        // The right media type, parameters and case aside, is read.
        let right = if right.contains("json") {
            String::from("Application/JSON; charset=utf-8")
        } else {
            right
        };
        let answer = send(
            &client,
            Request::new(&op.method, url).bearer().raw(&right, bytes),
        )
        .await;
        check_success(op, &answer)
            .unwrap_or_else(|p| panic!("{} with {right}: {p}: {}", op.id, answer.text()));
    }
    assert!(checked > 30, "{checked} wrong media types sent");
}
