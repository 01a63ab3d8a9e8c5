//! Form bodies with an `encoding` map (fixture `tests/fixtures/encoding.yaml`):
//! the exact bytes a loopback server receives for every `style`/`explode` pair
//! and `allowReserved` of a form-urlencoded body, the content type of every
//! multipart part, the content types a file part must have, and the mock server
//! reading both bodies back by the same rules. `put_note` prefers JSON: its
//! form-urlencoded and multipart media types, chosen through the request
//! builder's methods or the `Client` constructors, follow their own `encoding`.

use std::sync::{Arc, Mutex};

use api::mock::PutNoteBody;
use api::types::{
    CreateDocumentForm, CreateDocumentFormExtra, CreateDocumentFormMeta, CreateSearchBody,
    CreateSearchBodyBox, CreateSearchBodyFilter, CreateSearchBodyFilterRange,
    CreateSearchBodyPoint, CreateSearchBodySize, Note, NoteMeta, PutNoteForm,
};
use cde_runtime::{Error, FilePart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/encoding.yaml", mock = true);
}

fn search() -> CreateSearchBody {
    let mut body = CreateSearchBody::new("a b&c".into());
    body.tags = Some(vec!["x".into(), "y z".into()]);
    body.ids = Some(vec![1, 2, 3]);
    body.words = Some(vec!["red".into(), "green".into()]);
    body.codes = Some(vec!["a".into(), "b".into()]);
    let mut point = CreateSearchBodyPoint::new();
    point.x = Some(1);
    point.y = Some(2);
    body.point = Some(point);
    let mut size = CreateSearchBodySize::new();
    size.width = Some(3);
    size.height = Some(4);
    body.size = Some(size);
    let mut frame = CreateSearchBodyBox::new();
    frame.top = Some(5);
    frame.left = Some(6);
    body.r#box = Some(frame);
    let mut range = CreateSearchBodyFilterRange::new();
    range.min = Some(1);
    range.max = Some(9);
    let mut filter = CreateSearchBodyFilter::new();
    filter.kind = Some("new".into());
    filter.range = Some(range);
    body.filter = Some(filter);
    body.redirect = Some("https://example.test/a?b=c&d=e f+g".into());
    body.path = Some(vec!["a/b".into(), "c:d".into()]);
    body.note = Some("a/b".into());
    body.legacy = Some(vec!["p".into(), "q".into()]);
    body
}

/// Starts a loopback server answering `POST route` and returns it with a client.
async fn server(route: &str) -> (MockServer, api::Client) {
    server_for("POST", route).await
}

/// Starts a loopback server answering `verb route` and returns it with a client.
async fn server_for(verb: &str, route: &str) -> (MockServer, api::Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(format!("/v1/{route}")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"id": "1"}"#, "application/json"))
        .mount(&server)
        .await;
    let client = api::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn each_property_is_written_in_its_style() {
    let (server, client) = server("searches").await;
    client.create_search(search()).await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let expected = [
        // No entry: percent-encoded as ever.
        "query=a+b%26c",
        // form, explode: one pair per item.
        "tags=x&tags=y+z",
        // form, no explode: items joined by commas.
        "ids=1%2C2%2C3",
        // spaceDelimited, pipeDelimited.
        "words=red+green",
        "codes=a%7Cb",
        // An object, form with explode (the default for `style: form`): its members
        // as pairs of their own.
        "x=1&y=2",
        // An object, form without explode: key, value, key, value.
        "size=width%2C3%2Cheight%2C4",
        // An object, pipeDelimited.
        "box=top%7C5%7Cleft%7C6",
        // deepObject: nested brackets, as without an entry.
        "filter%5Bkind%5D=new&filter%5Brange%5D%5Bmin%5D=1&filter%5Brange%5D%5Bmax%5D=9",
        // allowReserved (style form, explode by default): reserved characters stay,
        // but `=`, `&` and `+` would change the body and are still escaped.
        "redirect=https://example.test/a?b%3Dc%26d%3De+f%2Bg",
        "path=a/b,c:d",
        // No entry: reserved characters escaped, arrays indexed.
        "note=a%2Fb",
        "legacy%5B0%5D=p&legacy%5B1%5D=q",
    ]
    .join("&");
    assert_eq!(String::from_utf8_lossy(&sent.body), expected);
    assert_eq!(
        sent.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
}

#[tokio::test]
async fn absent_properties_send_nothing() {
    let (server, client) = server("searches").await;
    let mut body = CreateSearchBody::new("q".into());
    body.tags = Some(Vec::new());
    body.point = Some(CreateSearchBodyPoint::new());
    client.create_search(body).await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(String::from_utf8_lossy(&sent.body), "query=q");
}

/// A received multipart body as (name, content type, body) per part, in order.
fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Option<String>, String)> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    let body = String::from_utf8_lossy(body);
    body.split(&format!("--{boundary}"))
        .filter_map(|part| {
            let part = part.strip_prefix("\r\n")?;
            let (head, content) = part.split_once("\r\n\r\n")?;
            let mut name = None;
            let mut content_type = None;
            for line in head.lines() {
                if let Some(value) = line.strip_prefix("Content-Disposition: form-data; name=\"") {
                    name = value.split('"').next().map(str::to_owned);
                } else if let Some(value) = line.strip_prefix("Content-Type: ") {
                    content_type = Some(value.to_owned());
                } else {
                    panic!("unexpected part header {line:?}");
                }
            }
            let content = content.strip_suffix("\r\n").unwrap_or(content);
            Some((name?, content_type, content.to_owned()))
        })
        .collect()
}

fn document() -> CreateDocumentForm {
    let mut meta = CreateDocumentFormMeta::new("Report".into());
    meta.pages = Some(3);
    let mut form = CreateDocumentForm::new(meta, FilePart::new(&b"PNG"[..]));
    let mut extra = CreateDocumentFormExtra::new();
    extra.lang = Some("en".into());
    form.extra = Some(extra);
    form.scans = Some(vec![FilePart::new(&b"TIFF"[..]).content_type("image/tiff")]);
    form.text = Some("# Title".into());
    form.labels = Some(vec!["a".into(), "b".into()]);
    form.sizes = Some(vec![1, 2]);
    form
}

#[tokio::test]
async fn each_part_has_its_content_type() {
    let (server, client) = server("documents").await;
    client.create_document(document()).await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let content_type = sent.headers.get("content-type").unwrap().to_str().unwrap();
    let some = |s: &str| Some(s.to_owned());
    let expected = vec![
        // contentType: application/json.
        (
            "meta".to_owned(),
            some("application/json"),
            r#"{"title":"Report","pages":3}"#.to_owned(),
        ),
        // No entry: an object part is JSON by default.
        (
            "extra".to_owned(),
            some("application/json"),
            r#"{"lang":"en"}"#.to_owned(),
        ),
        // A file without a content type of its own: the first one listed.
        ("image".to_owned(), some("image/png"), "PNG".to_owned()),
        // A file whose content type matches the listed range keeps it.
        ("scans".to_owned(), some("image/tiff"), "TIFF".to_owned()),
        (
            "text".to_owned(),
            some("text/markdown; charset=utf-8"),
            "# Title".to_owned(),
        ),
        // A JSON content type sends an array as one JSON part.
        (
            "labels".to_owned(),
            some("application/json"),
            r#"["a","b"]"#.to_owned(),
        ),
        // No content type: one text part per item (`style` is ignored here).
        ("sizes".to_owned(), None, "1".to_owned()),
        ("sizes".to_owned(), None, "2".to_owned()),
    ];
    assert_eq!(parts(content_type, &sent.body), expected);
}

#[tokio::test]
async fn files_must_have_a_listed_content_type() {
    let (server, client) = server("documents").await;
    let mut form = document();
    form.image = FilePart::new(&b"GIF"[..]).content_type("image/gif");
    match client.create_document(form).await {
        Err(Error::InvalidInput(err)) => {
            assert_eq!(err.name(), "image");
            assert!(err.message().contains("image/png, image/jpeg"), "{err}");
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
    // Only a range is listed: a file without a content type cannot be sent.
    let mut form = document();
    form.scans = Some(vec![FilePart::new(&b"?"[..])]);
    match client.create_document(form).await {
        Err(Error::InvalidInput(err)) => {
            assert_eq!(err.name(), "scans");
            assert!(err.message().contains("image/*"), "{err}");
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_mock_reads_styled_pairs_back() {
    let server = api::mock::builder()
        .on_create_search(|request| async move {
            let id = serde_json::to_string(&request.body).unwrap();
            api::types::CreateSearchResponse::Status200(api::types::Echo::new(id))
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    // Without the reserved characters and spaces that delimited styles cannot
    // carry, every value comes back as sent.
    let mut body = search();
    body.tags = Some(vec!["x".into(), "y".into()]);
    body.redirect = Some("https://example.test/a?b=c&d=e f+g".into());
    let echoed = client
        .create_search(body.clone())
        .await
        .unwrap()
        .into_body();
    let back: CreateSearchBody = serde_json::from_str(&echoed.id).unwrap();
    assert_eq!(back, body);

    // Hand-written pairs: the object's members are the pairs of no other property.
    let response = cde_runtime::reqwest::Client::new()
        .post(format!("{}/searches", server.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("query=q&y=7&ids=4,5&codes=c|d&size=width,1&x=8")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let echoed: serde_json::Value = response.json().await.unwrap();
    let back: serde_json::Value = serde_json::from_str(echoed["id"].as_str().unwrap()).unwrap();
    assert_eq!(
        back,
        serde_json::json!({
            "query": "q",
            "ids": [4, 5],
            "codes": ["c", "d"],
            "point": {"x": 8, "y": 7},
            "size": {"width": 1},
        })
    );
}

#[tokio::test]
async fn the_mock_reads_typed_parts_back() {
    let got: Arc<Mutex<Option<CreateDocumentForm>>> = Arc::default();
    let server = api::mock::builder()
        .on_create_document({
            let got = Arc::clone(&got);
            move |request| {
                *got.lock().unwrap() = Some(request.body);
                async {
                    api::types::CreateDocumentResponse::Status200(api::types::Echo::new("1".into()))
                }
            }
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    let mut form = document();
    form.image = FilePart::new(&b"JPEG"[..]).content_type("image/jpeg");
    client.create_document(form.clone()).await.unwrap();
    assert_eq!(got.lock().unwrap().take(), Some(form));

    // A part whose content type the encoding does not list is named.
    let boundary = "encoding-boundary";
    let part = |name: &str, content_type: &str, body: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n{body}\r\n"
        )
    };
    let body = [
        part("meta", "text/plain", r#"{"title":"T"}"#),
        part("image", "image/gif", "GIF"),
        part("labels", "application/json", r#"["a"]"#),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    let response = cde_runtime::reqwest::Client::new()
        .post(format!("{}/documents", server.url()))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let problem: serde_json::Value = response.json().await.unwrap();
    let mut fields: Vec<&str> = problem["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["image", "meta"], "{problem}");
    let said = problem["errors"]["image"].to_string();
    assert!(
        said.contains("sent as image/gif") && said.contains("gives image/png, image/jpeg"),
        "{problem}"
    );
}

fn note() -> Note {
    let mut note = Note::new("A b".into());
    note.tags = Some(vec!["x".into(), "y".into()]);
    note.link = Some("https://example.test/a?b=c".into());
    let mut meta = NoteMeta::new();
    meta.lang = Some("en".into());
    note.meta = Some(meta);
    note
}

fn note_form() -> PutNoteForm {
    let mut form = PutNoteForm::new("# A b".into());
    form.tags = Some(vec!["x".into(), "y".into()]);
    form.link = Some("a/b".into());
    let mut meta = NoteMeta::new();
    meta.lang = Some("en".into());
    form.meta = Some(meta);
    form
}

#[tokio::test]
async fn chosen_media_types_follow_their_own_encoding() {
    let (server, client) = server_for("PUT", "notes/7").await;
    // JSON, the preferred media type: no encoding applies.
    client.put_note(7, note()).await.unwrap();
    // Form-urlencoded through the constructor and through the builder method:
    // `tags` form without explode, `link` with reserved characters kept, `meta` an
    // exploded form object.
    client.put_note_with_form_body(7, note()).await.unwrap();
    client
        .put_note(7, Note::new("replaced".into()))
        .form_body(note())
        .await
        .unwrap();
    // Multipart, both ways: `title` as text/markdown, `tags` as one JSON part.
    client
        .put_note_with_multipart_body(7, note_form())
        .await
        .unwrap();
    client
        .put_note(7, Note::new("replaced".into()))
        .multipart_body(note_form())
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 5);
    let content_type = |index: usize| {
        sent[index]
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
    };
    assert_eq!(content_type(0), "application/json");
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        r#"{"title":"A b","tags":["x","y"],"link":"https://example.test/a?b=c","meta":{"lang":"en"}}"#
    );
    for index in [1, 2] {
        assert_eq!(content_type(index), "application/x-www-form-urlencoded");
        assert_eq!(
            String::from_utf8_lossy(&sent[index].body),
            "title=A+b&tags=x%2Cy&link=https://example.test/a?b%3Dc&lang=en",
            "request {index}"
        );
    }
    let some = |s: &str| Some(s.to_owned());
    let expected = vec![
        (
            "title".to_owned(),
            some("text/markdown"),
            "# A b".to_owned(),
        ),
        (
            "tags".to_owned(),
            some("application/json"),
            r#"["x","y"]"#.to_owned(),
        ),
        ("link".to_owned(), None, "a/b".to_owned()),
        (
            "meta".to_owned(),
            some("application/json"),
            r#"{"lang":"en"}"#.to_owned(),
        ),
    ];
    for index in [3, 4] {
        assert_eq!(
            parts(content_type(index), &sent[index].body),
            expected,
            "request {index}"
        );
    }
}

#[tokio::test]
async fn the_mock_reads_each_chosen_media_type_by_its_encoding() {
    let got: Arc<Mutex<Vec<PutNoteBody>>> = Arc::default();
    let server = api::mock::builder()
        .on_put_note({
            let got = Arc::clone(&got);
            move |request| {
                got.lock().unwrap().push(request.body);
                async { api::types::PutNoteResponse::Status200(api::types::Echo::new("1".into())) }
            }
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    client.put_note(7, note()).await.unwrap();
    client.put_note_with_form_body(7, note()).await.unwrap();
    client
        .put_note_with_multipart_body(7, note_form())
        .await
        .unwrap();
    // Hand-written pairs in the form body's styles.
    let response = cde_runtime::reqwest::Client::new()
        .put(format!("{}/notes/7", server.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=t&tags=a,b&lang=de")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut handwritten = Note::new("t".into());
    handwritten.tags = Some(vec!["a".into(), "b".into()]);
    let mut meta = NoteMeta::new();
    meta.lang = Some("de".into());
    handwritten.meta = Some(meta);
    assert_eq!(
        *got.lock().unwrap(),
        [
            PutNoteBody::Json(note()),
            PutNoteBody::Form(note()),
            PutNoteBody::Multipart(note_form()),
            PutNoteBody::Form(handwritten),
        ]
    );

    // A multipart part of a content type its encoding does not list is named.
    let boundary = "note-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\nContent-Type: text/plain\r\n\r\nT\r\n--{boundary}--\r\n"
    );
    let response = cde_runtime::reqwest::Client::new()
        .put(format!("{}/notes/7", server.url()))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let problem: serde_json::Value = response.json().await.unwrap();
    let fields: Vec<&String> = problem["errors"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["title"], "{problem}");
}
