//! `multipart/form-data` bodies: a file part with its file name and content type,
//! text parts, arrays as repeated parts, optional parts left out.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod api {
    cde_macros::generate_client!("fixtures/upload.yaml");
}

const ID: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

async fn upload(form: api::types::UploadLogoForm) -> (String, String) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/logos/{ID}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.uri());
    client.upload_logo(ID, form).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let content_type = request
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    (
        content_type,
        String::from_utf8_lossy(&request.body).into_owned(),
    )
}

#[tokio::test]
async fn file_and_text_parts_are_sent() {
    let logo = cde_runtime::FilePart::new(&b"<svg xmlns='http://www.w3.org/2000/svg'/>"[..])
        .file_name("logo.svg")
        .content_type("image/svg+xml");
    let mut form = api::types::UploadLogoForm::new(logo);
    form.caption = Some("Our logo".into());
    form.sizes = Some(vec![16, 32]);
    let (content_type, body) = upload(form).await;

    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(&content_type);
    let parts: Vec<&str> = body
        .split(&format!("--{boundary}"))
        .filter(|p| p.contains("Content-Disposition"))
        .collect();
    assert_eq!(parts.len(), 4, "{body}");
    assert!(
        parts[0].contains("Content-Disposition: form-data; name=\"logo\"; filename=\"logo.svg\""),
        "{}",
        parts[0]
    );
    assert!(
        parts[0].contains("Content-Type: image/svg+xml"),
        "{}",
        parts[0]
    );
    assert!(parts[0].contains("<svg xmlns='http://www.w3.org/2000/svg'/>"));
    assert!(parts[1].contains("name=\"caption\"") && parts[1].contains("Our logo"));
    assert!(parts[2].contains("name=\"sizes\"") && parts[2].contains("\r\n\r\n16\r\n"));
    assert!(parts[3].contains("name=\"sizes\"") && parts[3].contains("\r\n\r\n32\r\n"));
}

#[tokio::test]
async fn optional_parts_are_left_out() {
    let form = api::types::UploadLogoForm::new(cde_runtime::FilePart::new(vec![1u8, 2, 3]));
    let (_, body) = upload(form).await;
    assert_eq!(body.matches("Content-Disposition").count(), 1, "{body}");
    assert!(body.contains("Content-Type: application/octet-stream"));
    assert!(!body.contains("caption"));
}
