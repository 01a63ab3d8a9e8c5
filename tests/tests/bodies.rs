//! Request bodies of several media types, the caller choosing (fixture
//! `tests/fixtures/bodies.yaml`): every media type `put_note` lists is sent to a
//! loopback server, which sees the exact `Content-Type` and bytes; a `*/*` body
//! goes with the caller's content type, checked before sending; the optional body
//! of `create_note` may be either media type or none. The generated mock server
//! reads each media type back by the request's `Content-Type` into the matching
//! variant of the operation's body enum, and answers 415 to one not listed.

use api::mock::{CreateNoteBody, PutNoteBody};
use api::types::{CreateNoteResponse, Note, PutNoteForm, PutNoteResponse, Received};
use cde_runtime::{Error, FilePart, reqwest};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/bodies.yaml", mock = true);
}

fn note() -> Note {
    let mut note = Note::new("Hi & bye".into());
    note.tags = Some(vec!["a b".into(), "c".into()]);
    note
}

fn form() -> PutNoteForm {
    let mut form = PutNoteForm::new(
        FilePart::new(&b"\x00\x01file"[..])
            .file_name("n.bin")
            .content_type("application/octet-stream"),
    );
    form.caption = Some("A caption".into());
    form
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff";

/// A loopback server that answers every request with a `Received` body, and the
/// client pointing at it.
async fn echo_server() -> (MockServer, api::Client) {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/notes/7"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"media": "", "content": ""}"#, "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"media": "", "content": ""}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.uri());
    (server, client)
}

/// The `Content-Type` (if any) and body of the last request the server received.
async fn last(server: &MockServer) -> (Option<String>, Vec<u8>) {
    let requests = server.received_requests().await.unwrap();
    let request = requests.last().expect("a request");
    let content_type = request
        .headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    (content_type, request.body.clone())
}

#[tokio::test]
async fn each_media_type_goes_with_its_content_type_and_bytes() {
    let (server, client) = echo_server().await;

    // The preferred media type: the `Client` method's own argument, as before.
    client.put_note(7, note()).await.unwrap();
    assert_eq!(
        last(&server).await,
        (
            Some("application/json".into()),
            br#"{"title":"Hi & bye","tags":["a b","c"]}"#.to_vec()
        )
    );

    // The same schema as form pairs, from the same value.
    client.put_note_with_form_body(7, note()).await.unwrap();
    assert_eq!(
        last(&server).await,
        (
            Some("application/x-www-form-urlencoded".into()),
            b"title=Hi+%26+bye&tags%5B0%5D=a+b&tags%5B1%5D=c".to_vec()
        )
    );

    client
        .put_note_with_text_plain_body(7, "plain, text")
        .await
        .unwrap();
    assert_eq!(
        last(&server).await,
        (Some("text/plain".into()), b"plain, text".to_vec())
    );

    client
        .put_note_with_markdown_body(7, "# Title\n\n*em*")
        .await
        .unwrap();
    assert_eq!(
        last(&server).await,
        (Some("text/x-markdown".into()), b"# Title\n\n*em*".to_vec())
    );

    let bytes: Vec<u8> = (0..=255).collect();
    client
        .put_note_with_octet_stream_body(7, bytes.clone())
        .await
        .unwrap();
    assert_eq!(
        last(&server).await,
        (Some("application/octet-stream".into()), bytes)
    );

    client
        .put_note_with_multipart_body(7, form())
        .await
        .unwrap();
    let (content_type, body) = last(&server).await;
    let content_type = content_type.unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let mut expected = Vec::new();
    expected.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    expected.extend_from_slice(b"\x00\x01file");
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nA caption\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(body, expected);

    // `*/*`: bytes with the caller's content type.
    client
        .put_note_with_any_body_2(7, "image/png", PNG)
        .await
        .unwrap();
    assert_eq!(
        last(&server).await,
        (Some("image/png".into()), PNG.to_vec())
    );
}

#[tokio::test]
async fn builder_setters_replace_the_body_and_its_content_type() {
    let (server, client) = echo_server().await;
    // The last body given wins, whichever media type it is.
    client
        .put_note(7, note())
        .markdown_body("*first*")
        .any_body("text/csv; charset=utf-8", &b"a,b\n"[..])
        .await
        .unwrap();
    assert_eq!(
        last(&server).await,
        (Some("text/csv; charset=utf-8".into()), b"a,b\n".to_vec())
    );
    client
        .put_note_with_octet_stream_body(7, vec![1u8])
        .form_body(Note::new("x".into()))
        .await
        .unwrap();
    assert_eq!(
        last(&server).await,
        (
            Some("application/x-www-form-urlencoded".into()),
            b"title=x".to_vec()
        )
    );

    // An optional body: none, either media type, and the query parameter whose
    // name the text/plain setter yields to.
    client.create_note().await.unwrap();
    assert_eq!(last(&server).await, (None, Vec::new()));
    client
        .create_note()
        .text_plain_body(true)
        .text_plain_body_2("note")
        .await
        .unwrap();
    assert_eq!(
        last(&server).await,
        (Some("text/plain".into()), b"note".to_vec())
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.last().unwrap().url.query(),
        Some("text_plain_body=true")
    );
    client.create_note().body(note()).await.unwrap();
    assert_eq!(last(&server).await.0.as_deref(), Some("application/json"));
}

#[tokio::test]
async fn a_bad_caller_content_type_is_invalid_input_and_nothing_is_sent() {
    let (server, client) = echo_server().await;
    for content_type in ["", "png", "image/*", "text/plain\r\nX-Injected: 1"] {
        match client.put_note_with_any_body_2(7, content_type, PNG).await {
            Err(Error::InvalidInput(err)) => assert_eq!(err.name(), "body", "{err}"),
            other => panic!("{content_type:?}: expected invalid input, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// What a mock handler saw: the body variant's name and its content.
fn describe(body: &PutNoteBody) -> (String, String) {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    match body {
        PutNoteBody::Json(note) => ("json".into(), serde_json::to_string(note).unwrap()),
        PutNoteBody::Form(note) => ("form".into(), serde_json::to_string(note).unwrap()),
        PutNoteBody::TextPlain(text) => ("text_plain".into(), text.clone()),
        PutNoteBody::Markdown(text) => ("markdown".into(), text.clone()),
        PutNoteBody::OctetStream(bytes) => ("octet_stream".into(), hex(bytes)),
        PutNoteBody::Multipart(form) => (
            "multipart".into(),
            format!(
                "{} {:?} {:?}",
                hex(form.file.bytes()),
                form.file.name(),
                form.caption
            ),
        ),
        PutNoteBody::Any {
            content_type,
            bytes,
        } => (format!("any {content_type}"), hex(bytes)),
    }
}

#[tokio::test]
async fn the_mock_reads_each_media_type_by_its_content_type() {
    let server = api::mock::builder()
        .on_put_note(|request| async move {
            let (media, content) = describe(&request.body);
            PutNoteResponse::Status200(Received::new(media, content))
        })
        .on_create_note(|request| async move {
            let (media, content) = match request.body {
                None => ("none".into(), String::new()),
                Some(CreateNoteBody::Json(note)) => {
                    ("json".into(), serde_json::to_string(&note).unwrap())
                }
                Some(CreateNoteBody::TextPlain(text)) => ("text_plain".into(), text),
            };
            CreateNoteResponse::Status200(Received::new(media, content))
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    let echo = |received: Received| (received.media, received.content);
    let json = serde_json::to_string(&note()).unwrap();

    let got = client.put_note(7, note()).await.unwrap().into_body();
    assert_eq!(echo(got), ("json".into(), json.clone()));
    let got = client.put_note_with_form_body(7, note()).await.unwrap();
    assert_eq!(echo(got.into_body()), ("form".into(), json.clone()));
    let got = client
        .put_note_with_text_plain_body(7, "plain")
        .await
        .unwrap();
    assert_eq!(echo(got.into_body()), ("text_plain".into(), "plain".into()));
    let got = client.put_note_with_markdown_body(7, "# md").await.unwrap();
    assert_eq!(echo(got.into_body()), ("markdown".into(), "# md".into()));
    let got = client
        .put_note_with_octet_stream_body(7, vec![0u8, 255])
        .await
        .unwrap();
    assert_eq!(
        echo(got.into_body()),
        ("octet_stream".into(), "00ff".into())
    );
    let got = client
        .put_note_with_multipart_body(7, form())
        .await
        .unwrap();
    assert_eq!(
        echo(got.into_body()),
        (
            "multipart".into(),
            r#"000166696c65 Some("n.bin") Some("A caption")"#.into()
        )
    );
    let got = client
        .put_note_with_any_body_2(7, "image/png", PNG)
        .await
        .unwrap();
    assert_eq!(
        echo(got.into_body()),
        ("any image/png".into(), "89504e470d0a1a0a00ff".into())
    );

    let got = client.create_note().await.unwrap().into_body();
    assert_eq!(echo(got), ("none".into(), String::new()));
    let got = client.create_note().text_plain_body_2("t").await.unwrap();
    assert_eq!(echo(got.into_body()), ("text_plain".into(), "t".into()));
    let got = client.create_note().body(note()).await.unwrap();
    assert_eq!(echo(got.into_body()), ("json".into(), json));

    // Raw requests: a media type `create_note` does not list is refused; a JSON
    // one with another name is read as its JSON; a body that does not read as
    // the media type it names is a 400 naming the body.
    let raw = reqwest::Client::new();
    let post = |content_type: &'static str, body: &'static [u8]| {
        raw.post(format!("{}/notes", server.url()))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let refused = post("application/xml", b"<note/>").await.unwrap();
    assert_eq!(refused.status(), 415);
    let problem: serde_json::Value = refused.json().await.unwrap();
    let detail = problem.to_string();
    assert!(detail.contains("application/json, text/plain"), "{detail}");
    let vendor = post("application/vnd.note+json", br#"{"title": "v"}"#)
        .await
        .unwrap();
    assert_eq!(vendor.status(), 200);
    let vendor: Received = vendor.json().await.unwrap();
    assert_eq!(vendor.media, "json");
    let bad = post("text/plain; charset=utf-8", b"\xff\xfe")
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let problem: serde_json::Value = bad.json().await.unwrap();
    assert!(problem["errors"]["body"].is_string(), "{problem}");

    // `put_note` lists `*/*`: any media type is read as bytes with its type, but
    // a multipart body without its boundary is still refused.
    let put = |content_type: &'static str, body: &'static [u8]| {
        raw.put(format!("{}/notes/7", server.url()))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let any = put("Application/XML", b"<n/>").await.unwrap();
    assert_eq!(any.status(), 200);
    let any: Received = any.json().await.unwrap();
    assert_eq!(
        (any.media.as_str(), any.content.as_str()),
        ("any Application/XML", "3c6e2f3e")
    );
    let markdown = put("text/x-markdown; charset=utf-8", b"*x*").await.unwrap();
    let markdown: Received = markdown.json().await.unwrap();
    assert_eq!(markdown.media, "markdown");
    let unbounded = put("multipart/form-data", b"--x--").await.unwrap();
    assert_eq!(unbounded.status(), 415);
}
