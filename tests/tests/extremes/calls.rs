//! The loopback server a case's answer comes from, and the calls a case
//! makes and checks.

use super::*;

/// A loopback server answering every request with the bytes in `answer`
/// (closing the connection after each), recording each request's head and
/// body in `seen`.
#[derive(Clone, Default)]
pub(super) struct Server {
    pub(super) answer: Arc<Mutex<Vec<u8>>>,
    pub(super) seen: Arc<Mutex<Vec<u8>>>,
}

impl Server {
    pub(super) async fn start(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = self.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let server = server.clone();
                tokio::spawn(async move {
                    let request = read_request(&mut socket).await;
                    server.seen.lock().unwrap().extend_from_slice(&request);
                    let answer = server.answer.lock().unwrap().clone();
                    let _ = socket.write_all(&answer).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        url
    }
}

/// A request's head and as much of its body as its `Content-Length` says (at
/// most 64 KiB), or what arrived before the client stopped sending.
async fn read_request(socket: &mut tokio::net::TcpStream) -> Vec<u8> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length.min(64 * 1024) {
                return request;
            }
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return request,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The client `settings` describe, on the server at `url`.
pub(super) fn client(
    url: &str,
    settings: &Settings,
) -> Result<api::Client, cde_runtime::BuildError> {
    let mut builder = api::Client::builder()
        .base_url(format!("{url}{}", settings.base_path))
        .api_key("headerKey", SECRETS[1])
        .api_key("queryKey", SECRETS[2])
        .api_key("cookieKey", SECRETS[3])
        .follow_cross_origin_redirects(settings.cross_origin);
    builder = match settings.bearer {
        Bearer::Fixed(token) => builder.bearer_token(token),
        ref other => builder.credentials_provider(Provider(other.clone())),
    };
    builder = settings
        .timeout
        .set(builder, |b| b.no_timeout(), |b, after| b.timeout(after));
    builder = settings
        .deadline
        .set(builder, |b| b.no_deadline(), |b, after| b.deadline(after));
    if let Some(retry) = settings.retry {
        builder = builder.retry(retry);
    }
    if let Some(limit) = settings.body_limit {
        builder = builder.body_limit(limit);
    }
    if let Some(limit) = settings.item_limit {
        builder = builder.item_limit(limit);
    }
    if let Some(pages) = settings.max_pages {
        builder = builder.max_pages(pages);
    }
    if let Some(connections) = settings.max_connections {
        builder = builder.max_connections(connections);
    }
    if let Some(agent) = settings.user_agent {
        builder = builder.user_agent(agent);
    }
    builder.build()
}

/// Checks what a failure shows: bounded, no control characters, no secret.
fn check_shown(what: &str, display: &dyn Display, debug: &dyn Debug) -> Result<(), String> {
    let (display, debug) = (display.to_string(), format!("{debug:?}"));
    if display.len() > 8 * 1024 {
        return Err(format!("{what}: a Display of {} bytes", display.len()));
    }
    if let Some(c) = display.chars().find(|c| c.is_control()) {
        return Err(format!("{what}: a Display holding {c:?}: {display}"));
    }
    for secret in SECRETS {
        if display.contains(secret) || debug.contains(secret) {
            return Err(format!("{what}: shows {secret}: {display} / {debug}"));
        }
    }
    Ok(())
}

/// Calls `operation` and checks every error it gives; the items of a stream
/// are read up to 50. Gives whether it succeeded (for a stream: whether an
/// item decoded).
pub(super) async fn call(
    client: &api::Client,
    operation: Operation,
    options: Option<RequestOptions>,
) -> Result<bool, String> {
    macro_rules! with {
        ($builder:expr) => {
            match options {
                Some(options) => $builder.with_options(options),
                None => $builder,
            }
        };
    }
    macro_rules! whole {
        ($builder:expr) => {
            match with!($builder).await {
                Ok(_) => Ok(true),
                Err(err) => check_shown("the call's error", &err, &err).map(|()| false),
            }
        };
    }
    macro_rules! items {
        ($stream:expr) => {{
            let mut stream = $stream;
            let (mut read, mut decoded) = (0, false);
            while let Some(item) = stream.next().await {
                match item {
                    Ok(_) => decoded = true,
                    Err(err) => check_shown("an item's error", &err, &err)?,
                }
                read += 1;
                if read == 50 {
                    break;
                }
            }
            Ok(decoded)
        }};
    }
    macro_rules! sequence {
        ($builder:expr) => {
            match with!($builder).send().await {
                Ok(response) => items!(response.into_body()),
                Err(err) => check_shown("the call's error", &err, &err).map(|()| false),
            }
        };
    }
    let item = api::types::Item {
        id: 1,
        name: Some(String::from("a")),
        kind: None,
    };
    match operation {
        Operation::GetItem => whole!(client.get_item(1).session("s-1")),
        Operation::CreateItem => whole!(client.create_item(item)),
        Operation::Download => match with!(client.download_file()).bytes_stream().await {
            Ok(response) => {
                let mut stream = response.into_body();
                while let Some(chunk) = stream.next().await {
                    if let Err(err) = chunk {
                        check_shown("a chunk's error", &err, &err)?;
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Err(err) => check_shown("the call's error", &err, &err).map(|()| false),
        },
        Operation::Events => sequence!(client.watch_items()),
        Operation::Lines => sequence!(client.tail_items()),
        Operation::Offset => items!(with!(client.list_items()).items()),
        Operation::Cursor => items!(with!(client.list_cursor()).items()),
        Operation::Linked => items!(with!(client.list_linked()).items()),
    }
}

/// The deadline a whole call of `operation` must end within, if it has one
/// of at most an hour (a stream's items and pages have their own timeouts).
pub(super) fn bound(
    operation: Operation,
    settings: &Settings,
    options: Option<&Options>,
) -> Option<Duration> {
    if !matches!(operation, Operation::GetItem | Operation::CreateItem) {
        return None;
    }
    let deadline = match options.map(|o| &o.deadline) {
        Some(Time::After(after)) => Some(*after),
        Some(Time::Off) => None,
        Some(Time::Default) | None => match settings.deadline {
            Time::After(after) => Some(after),
            Time::Off => None,
            Time::Default => Some(Duration::from_secs(120)),
        },
    };
    deadline.filter(|d| *d <= Duration::from_secs(3600))
}
