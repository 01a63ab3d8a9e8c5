//! Credentials providers: asked before each request; one that fails sends
//! nothing; without credentials, no `Authorization` goes.

use super::*;

/// Hands out `token-1`, `token-2`, ... : a new token on each call.
struct RotatingTokens {
    calls: Arc<AtomicUsize>,
}

impl CredentialsProvider for RotatingTokens {
    fn token(&self) -> TokenFuture<'_> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(SecretString::new(format!("token-{call}"))) })
    }
}

/// Never has a token.
struct NoTokens;

impl CredentialsProvider for NoTokens {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Err(CredentialsError::new("the refresh token expired")) })
    }
}

#[tokio::test]
async fn credentials_provider_is_asked_before_each_request() {
    let server = server_answering(json_response(200, ASSIGN_TO_DEV_SITE_200)).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .base_url(server.uri())
        .credentials_provider(RotatingTokens {
            calls: Arc::clone(&calls),
        })
        .build()
        .expect("the client builds");

    for _ in 0..2 {
        client
            .connector_assign_to_dev_site(PUBLIC_ID, "latest")
            .await
            .expect("the example decodes");
    }

    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let sent: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|request| header(request, "authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("Bearer token-1".to_owned()),
            Some("Bearer token-2".to_owned())
        ]
    );
    assert!(!format!("{client:?}").contains("token-"));
}

#[tokio::test]
async fn failing_credentials_provider_sends_nothing() {
    let server = server_answering(json_response(200, CREATE_200)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials_provider(NoTokens)
        .build()
        .expect("the client builds");

    let err = expect_err!(
        client.connector_create(create_body()).await,
        Error::Credentials
    );
    assert_eq!(err.message(), "the refresh token expired");
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn without_credentials_no_authorization_header_is_sent() {
    let server = server_answering(json_response(200, CREATE_200)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("the client builds");

    client
        .connector_create(create_body())
        .await
        .expect("the example decodes");
    assert_eq!(
        header(&single_request(&server).await, "authorization"),
        None
    );
}
