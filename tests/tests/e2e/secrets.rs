//! The token never shows: not in the client's `Debug` nor in errors.

use super::*;

#[tokio::test]
async fn client_debug_never_shows_the_token() {
    let server = MockServer::start().await;
    let client = client(&server);

    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(
        shown.contains(&server.uri()),
        "the base URL is shown: {shown}"
    );

    let request = client.connector_assign_to_dev_site(PUBLIC_ID, "latest");
    let shown = format!("{request:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    drop(request);

    let builder = Client::builder().bearer_token(TOKEN);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn transport_error_never_shows_the_token() {
    let port = closed_port().await;
    let client = client_at(&format!("http://127.0.0.1:{port}"));

    let err = client
        .connector_targets_add(PUBLIC_ID, "latest", targets_body())
        .await
        .expect_err("nothing listens there");
    let shown = format!("{err} {err:?} {err:#?}");
    let transport = expect_err!(Err::<(), _>(err), Error::Transport);
    assert!(transport.is_connect(), "{transport:?}");
    let shown = format!("{shown} {transport} {transport:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(
        !shown.contains("/connectors/"),
        "a transport error never shows the request URL: {shown}"
    );
}

#[tokio::test]
async fn token_that_cannot_be_a_header_is_refused_and_stays_hidden() {
    let secret = "secret-part\r\nX-Injected: 1";
    // A fixed token is made into its header when the client is built.
    let built = Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token(secret)
        .build();
    let Err(err) = built else {
        panic!("a token with CR/LF built a client")
    };
    let shown = format!("{err} {err:?}");
    assert!(
        matches!(err, cde_runtime::BuildError::InvalidCredentials(_)),
        "{shown}"
    );
    assert!(!shown.contains("secret-part"), "{shown}");

    // A provider's token is checked on each call.
    let server = server_answering(json_response(200, CREATE_200)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials_provider(FixedToken(secret))
        .build()
        .expect("the client builds");
    let err = client
        .connector_create(create_body())
        .await
        .expect_err("the token cannot be sent");
    let shown = format!("{err} {err:?}");
    let credentials = expect_err!(Err::<(), _>(err), Error::Credentials);
    assert!(!credentials.message().is_empty());
    assert!(!shown.contains("secret-part"), "{shown}");
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

/// Always hands out the same token.
struct FixedToken(&'static str);

impl CredentialsProvider for FixedToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Ok(SecretString::new(self.0)) })
    }
}
