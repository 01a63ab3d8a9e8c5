//! Inputs are checked before anything is sent; valid ones go as path segments.

use super::*;

#[tokio::test]
async fn connector_version_that_breaks_the_pattern_is_rejected_before_sending() {
    let server = server_answering(json_response(200, TARGETS_ADD_200)).await;
    let client = client(&server);

    // The docs print `^main|latest|\d+$`, which would accept "xlatestx" and
    // "main-1"; the spec anchors the whole value. `\d` is ASCII only and `$` is
    // the very end of the value.
    for bad in [
        "1.0", "xlatestx", "main-1", "latest1x", "", "v1", " 1", "-1", "1\n", "latest\n", "١٢",
    ] {
        let err = expect_err!(
            client
                .connector_targets_add(PUBLIC_ID, bad, targets_body())
                .await,
            Error::InvalidInput
        );
        assert_eq!(err.name(), "connectorVersion", "{bad:?}: {err}");
        assert!(
            err.message().contains(r"^(main|latest|\d+)$"),
            "{bad:?}: the message should name the pattern: {err}"
        );
        assert!(err.to_string().contains("connectorVersion"), "{err}");
    }
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn public_id_that_is_not_a_uuid_is_rejected_before_sending() {
    let server = server_answering(json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    let client = client(&server);

    for bad in [
        "not-a-uuid",
        "",
        "497f6eca-6276-4993-bfeb-53cbbbba6f0",
        "../admin",
    ] {
        let err = expect_err!(
            client.connector_assign_to_dev_site(bad, "latest").await,
            Error::InvalidInput
        );
        assert_eq!(err.name(), "publicId", "{bad:?}: {err}");
        assert!(err.message().contains("UUID"), "{bad:?}: {err}");

        let err = expect_err!(
            client
                .connector_targets_add(bad, "latest", targets_body())
                .await,
            Error::InvalidInput
        );
        assert_eq!(err.name(), "publicId", "{bad:?}: {err}");
    }
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn valid_path_parameters_are_sent_as_path_segments() {
    let server = server_answering(json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    let client = client(&server);

    for version in ["latest", "main", "1", "42"] {
        client
            .connector_assign_to_dev_site(PUBLIC_ID, version)
            .await
            .expect("a valid version is sent");
    }
    // An upper-case UUID is sent in its canonical form.
    client
        .connector_assign_to_dev_site(PUBLIC_ID.to_uppercase(), "1")
        .await
        .expect("an upper-case UUID is a UUID");

    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    let expected: Vec<String> = ["latest", "main", "1", "42", "1"]
        .iter()
        .map(|version| format!("/connectors/{PUBLIC_ID}/versions/{version}/assign-to-sites/dev"))
        .collect();
    assert_eq!(paths, expected);
}
