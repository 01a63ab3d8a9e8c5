//! Bad path and query parameters and multipart bodies get a 400 naming them;
//! edge cases of the HTTP protocol itself are answered.

use super::*;

#[tokio::test]
async fn invalid_path_and_query_parameters_are_a_400_naming_them() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let version_pattern = operation("connector_state_list")
        .parameter("connectorVersion", "path")
        .and_then(|p| resolve(spec(), &p["schema"])["pattern"].as_str())
        .expect("connectorVersion has a pattern");
    let bad_versions = ["1.0", "xlatestx", "main-1", "-1", "v2", "latest%0A"];
    for version in bad_versions {
        let decoded = version.replace("%0A", "\n");
        assert!(!pattern_matches(version_pattern, &decoded), "{version}");
    }

    // Every operation with a uuid path parameter, given a non-uuid.
    let mut checked = 0;
    for op in operations() {
        let path_parameters: Vec<&Value> =
            op.parameters.iter().filter(|p| p["in"] == "path").collect();
        for bad in &path_parameters {
            let schema = resolve(spec(), &bad["schema"]);
            let name = bad["name"].as_str().expect("name");
            let values: Vec<&str> = if schema["format"] == "uuid" {
                vec!["not-a-uuid", "6f1c2a3b-4d5e-4f60-8a7b", "1"]
            } else if schema.get("pattern").is_some() {
                bad_versions.to_vec()
            } else {
                continue;
            };
            for value in values {
                let path = fill(op, &op.path, |p| {
                    if p["name"] == name {
                        value.to_owned()
                    } else {
                        valid_parameter(p)
                    }
                });
                let url = format!("{}{path}{}", server.url(), required_query(op));
                let mut request = Request::new(&op.method, url).bearer();
                if let Some((media, example)) = spec_body(op) {
                    let (content_type, bytes) = encode_body(op, &media, &example);
                    request = request.raw(&content_type, bytes);
                }
                let answer = send(&client, request).await;
                assert_bad_request(op, &answer, &[name], value);
                checked += 1;
            }
        }
        // All path parameters bad at once: each named.
        if path_parameters.len() > 1
            && path_parameters.iter().all(|p| {
                let s = resolve(spec(), &p["schema"]);
                s["format"] == "uuid" || s.get("pattern").is_some()
            })
        {
            let path = fill(op, &op.path, |_| String::from("1.5"));
            let answer = send(
                &client,
                Request::new(&op.method, format!("{}{path}", server.url())).bearer(),
            )
            .await;
            let names: Vec<&str> = path_parameters
                .iter()
                .filter_map(|p| p["name"].as_str())
                .collect();
            // A body-taking operation also misses its body: named as well.
            let mut expected = names.clone();
            if op
                .node
                .get("requestBody")
                .is_some_and(|b| resolve(spec(), b)["required"] == true)
            {
                expected.push("body");
            }
            assert_bad_request(op, &answer, &expected, "every path parameter bad");
        }
    }
    assert!(checked > 100, "{checked} bad path parameters sent");

    // Query parameters below their minimum or not integers.
    let list = operation("connector_list");
    for (query, field) in [
        ("from=-1", "from"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("from=1.5", "from"),
    ] {
        let url = format!("{}{}?{query}", server.url(), valid_path(list));
        let answer = send(&client, Request::new("GET", url).bearer()).await;
        assert_bad_request(list, &answer, &[field], query);
    }
    let url = format!("{}{}?from=x&limit=-5", server.url(), valid_path(list));
    let answer = send(&client, Request::new("GET", url).bearer()).await;
    assert_bad_request(list, &answer, &["from", "limit"], "from and limit");
    let url = format!("{}{}?from=0&limit=1", server.url(), valid_path(list));
    let answer = send(&client, Request::new("GET", url).bearer()).await;
    check_success(list, &answer).unwrap_or_else(|p| panic!("{p}"));
}

#[tokio::test]
async fn a_multipart_body_without_its_required_part_is_a_400() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let client = client();
    let logo = operation("connector_version_upload_logo");
    let (media, content) = logo.request_body().expect("a body");
    assert_eq!(media, "multipart/form-data");
    let required: Vec<&str> = resolve(spec(), &content["schema"])["required"]
        .as_array()
        .expect("required parts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let url = format!("{}{}", server.url(), valid_path(logo));
    let (content_type, body) = multipart(&[(
        String::from("other"),
        Some(String::from("x.svg")),
        None,
        b"<svg/>".to_vec(),
    )]);
    let answer = send(
        &client,
        Request::new("POST", url.clone())
            .bearer()
            .raw(&content_type, body),
    )
    .await;
    assert_bad_request(logo, &answer, &required, "no logo part");
    // A body that is not multipart at all, under a multipart Content-Type.
    let answer = send(
        &client,
        Request::new("POST", url)
            .bearer()
            .raw(&content_type, "this is not multipart"),
    )
    .await;
    assert_bad_request(logo, &answer, &["body"], "garbage multipart");
}

#[tokio::test]
async fn raw_protocol_edge_cases_are_answered() {
    let server = cde_api::mock::start()
        .await
        .expect("the mock server starts");
    let host = server.addr();
    let show = valid_path(operation("connector_show"));
    let cases: Vec<(String, Vec<u8>, Option<u16>)> = vec![
        // Invalid UTF-8 once percent-decoded.
        (
            format!(
                "GET /connectors/%FF%FE HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
            ),
            Vec::new(),
            Some(400),
        ),
        // An encoded slash in a parameter.
        (
            format!(
                "GET /connectors/a%2Fb HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
            ),
            Vec::new(),
            Some(400),
        ),
        // Absolute-form target.
        (
            format!(
                "GET http://{host}{show} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
            ),
            Vec::new(),
            Some(200),
        ),
        // Asterisk-form target.
        (
            format!("OPTIONS * HTTP/1.1\r\nHost: {host}\r\n\r\n"),
            Vec::new(),
            Some(404),
        ),
        // HTTP/1.0 without Host.
        (
            format!("GET {show} HTTP/1.0\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"),
            Vec::new(),
            Some(200),
        ),
        // A non-ASCII Authorization value.
        (
            format!(
                "GET {show} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer \u{e9}\u{e9}\r\n\r\n"
            ),
            Vec::new(),
            Some(401),
        ),
        // A malformed chunked body.
        (
            format!(
                "POST /connectors HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            ),
            b"zz\r\n{}\r\n0\r\n\r\n".to_vec(),
            None,
        ),
        // A body shorter than its Content-Length, then the connection half-closed.
        (
            format!(
                "POST /connectors HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            ),
            b"{\"connector-type\"".to_vec(),
            None,
        ),
    ];
    for (head, body, expected) in cases {
        let half_close = head.contains("Content-Length: 100");
        let (status, answer) = if half_close {
            raw_half_closed(host, head.clone().into_bytes(), body).await
        } else {
            raw_exchange(host, head.clone().into_bytes(), body).await
        };
        let first_line = head.lines().next().unwrap_or("");
        match expected {
            Some(expected) => assert_eq!(
                status,
                Some(expected),
                "{first_line}: {}",
                String::from_utf8_lossy(&answer)
            ),
            // Protocol errors: any answer must be a 4xx; hyper may also close.
            None => assert!(
                status.is_none_or(|s| (400..500).contains(&s)),
                "{first_line}: {}",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
    // Still serving.
    let answer = send(
        &client(),
        Request::new("GET", format!("{}{show}", server.url())).bearer(),
    )
    .await;
    check_success(operation("connector_show"), &answer).unwrap_or_else(|p| panic!("{p}"));
}
