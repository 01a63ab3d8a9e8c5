use serde_json::Value;

use super::decode::decode_all;
use super::reply::fill_errors;
use super::request::InvalidRequest;
use super::route::{
    BodyMedia, choose_media, match_route, match_template, media_list, template_query,
    template_segments,
};

#[test]
fn bodies_are_read_as_the_media_type_they_name() {
    let taken = [
        BodyMedia::Json,
        BodyMedia::Other("application/merge-patch+json"),
        BodyMedia::Other("text/plain"),
        BodyMedia::Multipart,
        BodyMedia::Other("image/*"),
        BodyMedia::Other("*/*"),
    ];
    let cases = [
        ("", Some(0)),
        ("application/json", Some(0)),
        ("application/vnd.x+json", Some(0)),
        ("application/merge-patch+json", Some(1)),
        ("Text/Plain; charset=utf-8", Some(2)),
        ("multipart/form-data; boundary=x", Some(3)),
        ("image/png", Some(4)),
        ("application/xml", Some(5)),
    ];
    for (content_type, index) in cases {
        assert_eq!(choose_media(&taken, content_type), index, "{content_type}");
    }
    let narrow = [BodyMedia::Multipart, BodyMedia::Other("text/plain")];
    assert_eq!(choose_media(&narrow, ""), None);
    assert_eq!(choose_media(&narrow, "text/html"), None);
    assert_eq!(choose_media(&narrow, "text/plain"), Some(1));
    assert_eq!(
        media_list(&[BodyMedia::Json, BodyMedia::Other("text/plain")]),
        "application/json, text/plain"
    );
}

#[derive(Debug, serde::Deserialize, serde::Serialize)]
struct Inner {
    pub(super) a: i64,
}

#[derive(Debug, serde::Deserialize, serde::Serialize)]
struct Body {
    pub(super) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<uuid::Uuid>,
    pub(super) inner: Inner,
    pub(super) tags: Vec<String>,
}

#[test]
fn every_bad_field_is_named() {
    let value =
        serde_json::json!({"name": 5, "count": "x", "inner": {"a": "y"}, "tags": ["ok", 3]});
    let problems = decode_all::<Body>(value).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "count", "inner.a", "tags[1]"],
        "{problems:?}"
    );
}

#[test]
fn missing_required_fields_are_all_named() {
    let problems = decode_all::<Body>(serde_json::json!({"count": 1})).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["name", "inner", "tags"], "{problems:?}");
    assert!(problems.iter().all(|(_, m)| m == "is required"));
}

#[test]
fn a_body_of_the_wrong_shape_is_named_body() {
    let problems = decode_all::<Body>(serde_json::json!("text")).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, "body");
}

#[test]
fn at_most_100_bad_fields_are_named() {
    let tags: Vec<Value> = (0..300).map(Value::from).collect();
    let value = serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": tags});
    let problems = decode_all::<Body>(value).unwrap_err();
    assert_eq!(problems.len(), 100);
    assert_eq!(problems[0].0, "tags[0]");
    assert_eq!(problems[99].0, "tags[99]");
}

#[test]
fn a_large_invalid_body_is_decoded_a_bounded_number_of_times() {
    // 400,000 wrongly typed items: each named one costs a decode of the whole
    // body, so only the first few are named.
    let tags: Vec<Value> = (0..400_000).map(Value::from).collect();
    let value = serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": tags});
    let problems = decode_all::<Body>(value).unwrap_err();
    assert!(
        !problems.is_empty() && problems.len() <= 8,
        "{}",
        problems.len()
    );
    assert_eq!(problems[0].0, "tags[0]");
}

#[test]
fn a_valid_body_decodes() {
    let body = decode_all::<Body>(serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": []}))
        .unwrap();
    assert_eq!(body.name, "n");
}

#[test]
fn what_serde_lets_through_is_named_too() {
    let value = serde_json::json!({
        "name": "n", "count": null, "inner": [1], "tags": [],
        "id": "{3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411}"
    });
    let problems = decode_all::<Body>(value).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["count", "inner", "id"], "{problems:?}");
    let upper = serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": [],
        "id": "3E8E1A12-2BA2-4E1C-ABB9-25DED0AC7411"});
    assert!(decode_all::<Body>(upper).is_ok());
}

#[test]
fn an_array_for_a_struct_is_named_once() {
    let problems = decode_all::<Body>(serde_json::json!([1, 2])).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "body");
    let nested = serde_json::json!({"name": "n", "inner": [5, 6], "tags": []});
    let problems = decode_all::<Body>(nested).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["inner"], "{problems:?}");
}

#[test]
fn every_bad_element_of_an_array_is_named() {
    let value = serde_json::json!({"name": "n", "inner": {"a": 1}, "tags": [1, "ok", 2, 3]});
    let problems = decode_all::<Body>(value).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["tags[0]", "tags[2]", "tags[3]"], "{problems:?}");
}

#[test]
fn templates_prefer_literals() {
    let by_id = template_segments("/connectors/{id}");
    let search = template_segments("/connectors/search");
    let path = vec![String::from("connectors"), String::from("search")];
    assert_eq!(match_template(&by_id, &path), Some(1));
    assert_eq!(match_template(&search, &path), Some(2));
    assert_eq!(
        match_template(&by_id, &[String::from("connectors"), String::new()]),
        None
    );
}

#[test]
fn constant_query_pairs_route_and_rank() {
    let list = "/rest?method=favorites.list&format=json";
    let (segments, required) = (template_segments(list), template_query(list));
    let pair = |k: &str, v: &str| (String::from(k), String::from(v));
    assert_eq!(
        required,
        [pair("method", "favorites.list"), pair("format", "json")]
    );
    let path = [String::from("rest")];
    let carried = [
        pair("format", "json"),
        pair("page", "2"),
        pair("method", "favorites.list"),
    ];
    // One literal segment and two required pairs, in any order among others.
    assert_eq!(match_route(&segments, &required, &path, &carried), Some(3));
    assert_eq!(
        match_route(
            &segments,
            &required,
            &path,
            &[pair("method", "favorites.list")]
        ),
        None
    );
    let plain = template_segments("/rest");
    assert_eq!(
        match_route(&plain, &template_query("/rest"), &path, &carried),
        Some(1)
    );
}

#[test]
fn fills_the_documented_errors_member() {
    let mut invalid = InvalidRequest::default();
    invalid.push("type", "unknown variant");
    let filled = fill_errors(r#"{"message": "Bad request.", "errors": []}"#, &invalid).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&filled).unwrap(),
        serde_json::json!({"message": "Bad request.", "errors": {"type": "unknown variant"}})
    );
    assert_eq!(fill_errors(r#"{"message": "no"}"#, &invalid), None);
}

#[test]
fn offset_pages_follow_one_another_to_the_end() {
    let page = super::OffsetPage::new((1..=5).collect::<Vec<i32>>(), 2, 2);
    assert_eq!(
        (page.items.as_slice(), page.from, page.total),
        (&[3, 4][..], 2, 5)
    );
    assert_eq!(page.next(), Some(4));
    let last = super::OffsetPage::new((1..=5).collect::<Vec<i32>>(), 4, 2);
    assert_eq!((last.items.as_slice(), last.next()), (&[5][..], None));
    let past = super::OffsetPage::new((1..=5).collect::<Vec<i32>>(), 9, 2);
    assert_eq!((past.items.len(), past.from, past.next()), (0, 5, None));
}

#[test]
fn an_incoming_requests_debug_hides_what_can_carry_a_credential() {
    let mut headers = crate::HeaderMap::new();
    headers.insert("authorization", "Bearer t-secret".parse().unwrap());
    headers.insert("cookie", "session=c-secret".parse().unwrap());
    headers.insert("x-request-id", "r-1".parse().unwrap());
    let incoming = super::Incoming {
        method: crate::Method::POST,
        path_params: vec![String::from("7")],
        query: vec![(String::from("api_key"), String::from("q-secret"))],
        raw_query: Some(String::from("api_key=q-secret")),
        headers,
        body: bytes::Bytes::from_static(br#"{"password":"b-secret"}"#),
        parts: None,
        media: 0,
    };
    let shown = format!("{incoming:?}");
    for secret in ["t-secret", "c-secret", "q-secret", "b-secret"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    for shown_as_is in ["api_key", "authorization", "r-1", "body_len: 23"] {
        assert!(shown.contains(shown_as_is), "{shown_as_is} not in {shown}");
    }
}
