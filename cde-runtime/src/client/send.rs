//! Sending one call: its attempts up to an answer's head (credentials,
//! redirects, the connection permit, the timeout and deadline, retries), and
//! reading that answer's body whole.

use super::*;

/// A header value holding a secret: marked sensitive, never shown by `Debug`.
fn secret_header(value: &str) -> Result<HeaderValue, SendError> {
    crate::auth::secret_header(value).map_err(SendError::Credentials)
}

/// `bytes` for a message: in MiB or KiB when a whole number of them.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    match bytes {
        0 => String::from("0 bytes"),
        b if b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b % 1024 == 0 => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

impl ClientCore {
    /// Whether `request`'s credentials may go to `url`: it is on the base URL's
    /// origin or on that of the operation's own server, as for redirects.
    pub(crate) fn trusts(&self, request: &RequestParts, url: &Url) -> bool {
        redirect::Policy::new(self.inner.base_origin.as_ref(), request.server, false).trusts(url)
    }

    /// The URL `request` goes to (before query credentials are added).
    pub(crate) fn request_url(&self, request: &RequestParts) -> Result<reqwest::Url, SendError> {
        if let Some(absolute) = &request.absolute_url {
            return reqwest::Url::parse(absolute).map_err(|err| {
                SendError::InvalidInput(InvalidInput::new(format!("bad next-page URL: {err}")))
            });
        }
        let mut url = match request.server {
            Some(server) if self.inner.default_base_url => {
                reqwest::Url::parse(&format!("{server}{}", request.path)).map_err(|err| {
                    SendError::InvalidInput(InvalidInput::new(format!("bad request URL: {err}")))
                })?
            }
            // The base URL was parsed once, by `build()`: only the path is
            // parsed here.
            _ => {
                let mut url = self.inner.base.clone();
                let prefix = url.path().trim_end_matches('/');
                let mut path = String::with_capacity(prefix.len() + request.path.len());
                path.push_str(prefix);
                path.push_str(&request.path);
                url.set_path(&path);
                url
            }
        };
        if let Some(raw) = &request.raw_query {
            url.set_query(Some(raw));
        }
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter());
        }
        Ok(url)
    }

    /// The credentials `request`'s security asks for (the first alternative
    /// whose credentials are all configured), ready to add to a request.
    async fn credentials(&self, request: &RequestParts) -> Result<Credentials, SendError> {
        let inner = &*self.inner;
        let mut out = Credentials::default();
        let chosen = request.security.iter().find(|alternative| {
            alternative.iter().all(|scheme| match scheme {
                crate::auth::Scheme::Bearer => inner.bearer.is_some(),
                crate::auth::Scheme::Basic => inner.basic.is_some(),
                crate::auth::Scheme::ApiKey { scheme, .. } => {
                    inner.api_keys.iter().any(|(n, _)| n == scheme)
                }
            })
        });
        for scheme in chosen.map(|a| a.iter()).into_iter().flatten() {
            match scheme {
                crate::auth::Scheme::Bearer => {
                    if let Some(bearer) = &inner.bearer {
                        let header = bearer.header().await.map_err(SendError::Credentials)?;
                        out.headers.push((AUTHORIZATION, header));
                    }
                }
                crate::auth::Scheme::Basic => {
                    if let Some((_, header)) = &inner.basic {
                        out.headers.push((AUTHORIZATION, header.clone()));
                    }
                }
                crate::auth::Scheme::ApiKey {
                    scheme,
                    name,
                    location,
                } => {
                    let Some((_, key)) = inner.api_keys.iter().find(|(n, _)| n == scheme) else {
                        continue;
                    };
                    match location {
                        crate::auth::ApiKeyLocation::Header => {
                            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                                SendError::Credentials(CredentialsError::new(format!(
                                    "{name:?} is not a header name"
                                )))
                            })?;
                            out.headers.push((header, secret_header(key.expose())?));
                        }
                        crate::auth::ApiKeyLocation::Query => {
                            out.query.push((name, key.clone()));
                        }
                        crate::auth::ApiKeyLocation::Cookie => {
                            if !crate::request::is_cookie_value(key.expose()) {
                                return Err(SendError::Credentials(CredentialsError::new(
                                    format!(
                                        "the API key of `{scheme}` has characters a cookie cannot carry"
                                    ),
                                )));
                            }
                            out.cookies.push(format!("{name}={}", key.expose()));
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The settings of one call: the client's, overridden by the request's
    /// options.
    fn settings(&self, options: &RequestOptions) -> Settings {
        let inner = &*self.inner;
        let deadline = options.deadline.unwrap_or(inner.deadline);
        Settings {
            timeout: options.timeout.unwrap_or(inner.timeout),
            // A deadline too far for the clock to reach is none.
            deadline: deadline.and_then(|after| Some((Instant::now().checked_add(after)?, after))),
            retry: options.retry.unwrap_or(inner.retry),
            body_limit: options.body_limit.unwrap_or(inner.body_limit),
            item_limit: options.item_limit.unwrap_or(inner.item_limit),
        }
    }

    /// Sends one filled-in request until an answer's head arrives, retrying
    /// as [`Retry`] says; the body is left for the caller to read, whole
    /// ([`ClientCore::read_whole`]) or as a stream.
    ///
    /// Each attempt waits for a connection permit, asks for credentials,
    /// sends, and follows redirects by the rules of [`crate::redirect`]
    /// (`documented` tells which statuses the operation documents: those are
    /// its answer, never followed), within the attempt's timeout and the
    /// call's deadline.
    pub(super) async fn send(
        &self,
        request: &RequestParts,
        documented: fn(StatusCode) -> bool,
    ) -> Result<Head, SendError> {
        let settings = self.settings(&request.options);
        let attempts = if may_resend(request) {
            settings.retry.max_attempts()
        } else {
            1
        };
        let url = self.request_url(request)?;
        let mut attempt = 1;
        loop {
            let span = observe::attempt_span(request, &url, attempt);
            let permit = match self.permit(&settings).await {
                Ok(permit) => permit,
                Err(err) => {
                    observe::record_error(&span, &err);
                    return Err(err);
                }
            };
            let end = settings.attempt_end();
            let head = within(end, self.head(request, &url, documented))
                .instrument(span.clone())
                .await;
            let may_retry = attempt < attempts;
            match outcome(head, end, &settings, attempt, may_retry, &span) {
                Step::Answer { response, refused } => {
                    return Ok(Head {
                        response,
                        refused,
                        permit,
                        end,
                        span,
                        body_limit: settings.body_limit,
                        item_limit: settings.item_limit,
                        gap: settings.timeout,
                    });
                }
                Step::Failed(err) => return Err(err),
                Step::Again(wait) => {
                    observe::record_retry(&span, wait);
                    // The permit is held for the attempt, not for the wait.
                    drop(permit);
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// A connection permit: a free one at once, or the first to be freed.
    /// Waiting for one counts toward the call's deadline only.
    ///
    /// A free permit is taken without arming the deadline's timer: the
    /// timer's set-up costs about 300 instructions per call, most calls find
    /// a permit free, and a wait is bounded just the same.
    async fn permit(&self, settings: &Settings) -> Result<OwnedSemaphorePermit, SendError> {
        let connections = &self.inner.connections;
        if let Ok(permit) = Arc::clone(connections).try_acquire_owned() {
            return Ok(permit);
        }
        let deadline = settings.deadline.map(|(at, after)| End { at, after });
        match within(deadline, Arc::clone(connections).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed: only the deadline ends a wait.
            _ => Err(timed_out(deadline)),
        }
    }

    /// Reads an answer's body whole, within what is left of its attempt's
    /// time, and gives back its connection permit.
    pub(super) async fn read_whole(&self, head: Head) -> Result<RawResponse, SendError> {
        let Head {
            response,
            refused,
            permit,
            end,
            span,
            body_limit,
            item_limit: _,
            gap: _,
        } = head;
        // The span stays open until the body is read, but is not entered:
        // the read records no events of its own (hyper's run in the
        // connection's task), and wrapping it would move its future once more.
        let read = within(end, self.read(response, body_limit)).await;
        drop(permit);
        let result = match read {
            Err(_) => Err(timed_out(end)),
            Ok(Err(err)) => Err(err),
            Ok(Ok(raw)) => match refused {
                None => Ok(raw),
                Some(reason) => Err(SendError::Redirect(Box::new(FailedResponse::new(
                    raw.status,
                    raw.headers,
                    raw.body,
                    Some(reason),
                )))),
            },
        };
        if let Err(err) = &result {
            observe::record_error(&span, err);
        }
        result
    }

    /// One attempt up to the response's head: credentials, the request, and
    /// the redirects followed. Gives the final response, unread, and why it
    /// is refused when it is a redirect that is not followed.
    async fn head(
        &self,
        request: &RequestParts,
        url: &Url,
        documented: fn(StatusCode) -> bool,
    ) -> Result<(reqwest::Response, Option<String>), SendError> {
        let inner = &*self.inner;
        let policy = redirect::Policy::new(
            inner.base_origin.as_ref(),
            request.server,
            inner.cross_origin_redirects,
        );
        let credentials = self.credentials(request).await?;
        let mut method = request.method.clone();
        let mut body = request.body.clone();
        let mut hops = 0;
        // Copied only when a redirect is followed.
        let mut url = std::borrow::Cow::Borrowed(url);
        loop {
            // On another origin (a redirect the caller let the client follow),
            // nothing of the request but its method goes along.
            let trusted = policy.trusts(&url);
            // The request ends in this block, before the await: a local
            // still in scope there would be kept in this future (264 bytes)
            // even though moved.
            let sending = {
                let mut outgoing = self.request(
                    &method,
                    &url,
                    trusted.then_some((request, &credentials)),
                    &body,
                )?;
                if let Some(hooks) = &inner.hooks {
                    hooks.before_send(&mut outgoing);
                }
                inner.http.execute(outgoing)
            };
            let response = sending.await.map_err(transport)?;
            if let Some(hooks) = &inner.hooks {
                hooks.after_receive(&response);
            }
            let status = response.status();
            if !status.is_redirection() || documented(status) {
                return Ok((response, None));
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok());
            let has_body = !matches!(body, Body::Empty);
            match policy.next(status, location, &url, &method, has_body, hops) {
                Redirect::Answer => return Ok((response, None)),
                Redirect::Follow(hop) if hop.keeps_body && !body.can_resend() => {
                    let reason = format!(
                        "the {status} redirect would send the streamed body again, which can be read only once"
                    );
                    return Ok((response, Some(reason)));
                }
                Redirect::Follow(hop) => {
                    url = std::borrow::Cow::Owned(hop.url);
                    method = hop.method;
                    if !hop.keeps_body {
                        body = Body::Empty;
                    }
                    hops += 1;
                }
                Redirect::Refuse(reason) => return Ok((response, Some(reason))),
            }
        }
    }

    /// One request to `url`: with `trusted` (the request, whose header and
    /// cookie parameters and extra headers go along, and its credentials) on a
    /// trusted origin, bare otherwise.
    ///
    /// Put together as a `reqwest::Request` whose headers are added in place:
    /// a `reqwest::RequestBuilder` is moved whole (272 bytes) by each header it
    /// is given.
    fn request(
        &self,
        method: &Method,
        url: &Url,
        trusted: Option<(&RequestParts, &Credentials)>,
        body: &Body,
    ) -> Result<reqwest::Request, SendError> {
        let inner = &*self.inner;
        let mut url = url.clone();
        if let Some((_, credentials)) = trusted {
            // A query parameter of the same name that is set (or a next-page
            // link that already carries the key) wins, as for headers.
            for (name, key) in &credentials.query {
                if !url.query_pairs().any(|(set, _)| set == *name) {
                    url.query_pairs_mut().append_pair(name, key.expose());
                }
            }
        }
        let mut outgoing = match body {
            Body::Empty => reqwest::Request::new(method.clone(), url),
            Body::Encoded {
                content_type,
                bytes,
            } => with_body(method, url, content_type, bytes.clone().into())?,
            // The form's encoder sets its `Content-Type`, with the boundary.
            Body::Multipart(fields) => {
                let form = crate::multipart::build_form(fields.clone())
                    .map_err(SendError::InvalidInput)?;
                inner
                    .http
                    .request(method.clone(), url)
                    .multipart(form)
                    .build()
                    .map_err(transport)?
            }
            Body::Stream { content_type, body } => {
                let body = body.take().ok_or_else(|| {
                    SendError::InvalidInput(InvalidInput::new(
                        "a streamed body can be sent only once",
                    ))
                })?;
                with_body(method, url, content_type, body)?
            }
        };
        let headers = outgoing.headers_mut();
        // The request is new: `append` sets the one `User-Agent` as `insert`
        // would, without `insert`'s search for an old value to replace (about
        // 50 fewer instruction-cache misses per call in `bench/run runtime`).
        headers.append(USER_AGENT, inner.user_agent.clone());
        if let Some((request, credentials)) = trusted {
            // Written from the least to the most specific, each replacing a
            // header of the same name written before: the client's own
            // (`User-Agent`, a body's `Content-Type`), the credentials, the
            // caller's extra headers, the header parameters. So a request
            // never carries a header twice. Cookies of all three kinds go in
            // one `Cookie` header.
            for (name, value) in &credentials.headers {
                headers.append(name, value.clone());
            }
            let extra = &request.options.headers;
            let mut cookies: Vec<&str> = Vec::new();
            for (name, value) in extra.iter().chain(&request.headers) {
                if name == COOKIE {
                    cookies.extend(value.to_str().ok());
                } else {
                    headers.insert(name, value.clone());
                }
            }
            // A cookie parameter or the caller's cookie of the same name wins
            // over a cookie API key.
            let given: Vec<&str> = cookies
                .iter()
                .flat_map(|c| c.split(';'))
                .map(cookie_name)
                .collect();
            let keys = credentials.cookies.iter().map(String::as_str);
            cookies.extend(keys.filter(|pair| !given.contains(&cookie_name(pair))));
            if !cookies.is_empty() {
                let secret =
                    !credentials.cookies.is_empty() || extra.iter().any(|(name, _)| name == COOKIE);
                let cookie = if secret {
                    secret_header(&cookies.join("; "))?
                } else {
                    HeaderValue::from_str(&cookies.join("; ")).map_err(|_| {
                        SendError::InvalidInput(InvalidInput::new("not a valid cookie"))
                    })?
                };
                headers.insert(COOKIE, cookie);
            }
        }
        Ok(outgoing)
    }

    /// Reads a response's body whole, up to `limit` bytes (see [`Received`]
    /// for how it is kept).
    async fn read(
        &self,
        mut response: reqwest::Response,
        limit: u64,
    ) -> Result<RawResponse, SendError> {
        let status = response.status();
        let too_large = |response: &reqwest::Response, body: bytes::Bytes, detail: String| {
            SendError::BodyTooLarge(Box::new(FailedResponse::new(
                status,
                response.headers().clone(),
                body,
                Some(detail),
            )))
        };
        let announced = response.content_length();
        if let Some(length) = announced.filter(|length| *length > limit) {
            return Err(too_large(
                &response,
                bytes::Bytes::new(),
                format!(
                    "its Content-Length, {length} bytes, is over the limit of {}",
                    size(limit)
                ),
            ));
        }
        let mut body = Received::new(announced);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if (body.len() + chunk.len()) as u64 > limit {
                        return Err(too_large(
                            &response,
                            body.into_partial(),
                            format!("it is over the limit of {}", size(limit)),
                        ));
                    }
                    body.push(chunk);
                }
                Ok(None) => break,
                // A timeout set on a `reqwest::ClientBuilder` the caller gave.
                Err(err) if err.is_timeout() => return Err(SendError::Timeout(None)),
                Err(err) => {
                    let headers = response.headers().clone();
                    let detail = TransportError(err.without_url()).to_string();
                    return Err(SendError::IncompleteBody(Box::new(FailedResponse::new(
                        status,
                        headers,
                        body.into_partial(),
                        Some(detail),
                    ))));
                }
            }
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(RawResponse {
            status,
            headers,
            body: body.into_bytes(),
        })
    }
}

/// A body whose `Content-Length` is at least this is read into one buffer of
/// that size, so that it is in memory once (the decoded `Bytes` of a binary
/// body share it); a body without one moves into one buffer when it reaches
/// this size.
const ONE_BUFFER_FROM: usize = 8 * 1024 * 1024;

/// A body being read whole: a large one into one buffer; any other as the
/// chunks that arrive, joined at the end (a body that came in one chunk is not
/// copied at all). Joining at the end is what keeps many concurrent reads
/// cheap: the allocator hands out each whole buffer just before it is used and
/// takes it back soon after, where buffers reserved up front stay live together
/// (64 concurrent 1 MiB bodies are read about 6% faster in `bench/run runtime`,
/// with a third fewer page faults).
enum Received {
    /// A large body: its announced size reserved up front, or, for one that
    /// came without a size, grown by a quarter at a time, so that it never
    /// holds much more than the body (doubling would hold up to twice).
    Buffer(Vec<u8>),
    /// A body under [`ONE_BUFFER_FROM`] so far: the chunks as they came, and
    /// how many bytes they hold.
    Chunks {
        chunks: Vec<bytes::Bytes>,
        len: usize,
    },
}

impl Received {
    fn new(announced: Option<u64>) -> Self {
        match announced.and_then(|length| usize::try_from(length).ok()) {
            Some(length) if length >= ONE_BUFFER_FROM => {
                // A length the allocator cannot give (a limit lifted and a
                // server announcing more than memory) is not reserved: the
                // buffer grows as the body arrives, until it ends or fails.
                let mut buffer = Vec::new();
                let _ = buffer.try_reserve_exact(length);
                Received::Buffer(buffer)
            }
            _ => Received::Chunks {
                chunks: Vec::new(),
                len: 0,
            },
        }
    }

    fn len(&self) -> usize {
        match self {
            Received::Buffer(buffer) => buffer.len(),
            Received::Chunks { len, .. } => *len,
        }
    }

    fn push(&mut self, chunk: bytes::Bytes) {
        match self {
            Received::Buffer(buffer) => {
                if buffer.capacity() - buffer.len() < chunk.len() {
                    buffer.reserve_exact(chunk.len().max(buffer.len() / 4));
                }
                buffer.extend_from_slice(&chunk);
            }
            Received::Chunks { chunks, len } => {
                *len += chunk.len();
                chunks.push(chunk);
                if *len >= ONE_BUFFER_FROM {
                    let mut buffer = Vec::with_capacity(*len + *len / 4);
                    for chunk in chunks.drain(..) {
                        buffer.extend_from_slice(&chunk);
                    }
                    *self = Received::Buffer(buffer);
                }
            }
        }
    }

    /// What arrived of a body whose reading failed, for its error to keep:
    /// a buffer reserved for more is shrunk to what it holds.
    fn into_partial(self) -> bytes::Bytes {
        match self {
            Received::Buffer(mut buffer) => {
                buffer.shrink_to_fit();
                buffer.into()
            }
            chunks => chunks.into_bytes(),
        }
    }

    fn into_bytes(self) -> bytes::Bytes {
        match self {
            Received::Buffer(buffer) => buffer.into(),
            Received::Chunks { mut chunks, .. } if chunks.len() <= 1 => {
                chunks.pop().unwrap_or_default()
            }
            Received::Chunks { chunks, len } => {
                let mut joined = bytes::BytesMut::with_capacity(len);
                for chunk in chunks {
                    joined.extend_from_slice(&chunk);
                }
                joined.freeze()
            }
        }
    }
}

/// The name of a `name=value` cookie pair, without the space around it.
fn cookie_name(pair: &str) -> &str {
    pair.split('=').next().unwrap_or_default().trim()
}

/// A request with `body`, whose media type is `content_type`.
fn with_body(
    method: &Method,
    url: Url,
    content_type: &str,
    body: reqwest::Body,
) -> Result<reqwest::Request, SendError> {
    let content_type = HeaderValue::from_str(content_type).map_err(|_| {
        SendError::InvalidInput(InvalidInput::new(format!(
            "{content_type:?} is not a content type"
        )))
    })?;
    let mut outgoing = reqwest::Request::new(method.clone(), url);
    outgoing.headers_mut().insert(CONTENT_TYPE, content_type);
    *outgoing.body_mut() = Some(body);
    Ok(outgoing)
}

/// A failure to send, as the error it is.
fn transport(err: reqwest::Error) -> SendError {
    if err.is_timeout() {
        // A timeout set on a `reqwest::ClientBuilder` the caller gave.
        SendError::Timeout(None)
    } else {
        SendError::Transport(TransportError(err.without_url()))
    }
}

/// How attempt `attempt` (from 1), whose head arrived, failed or timed out
/// at `end` as `head` says, goes on: its answer, its failure, or — when it
/// failed in a way worth another attempt and `may_retry` — the wait before
/// the next.
fn outcome(
    head: Result<
        Result<(reqwest::Response, Option<String>), SendError>,
        tokio::time::error::Elapsed,
    >,
    end: Option<End>,
    settings: &Settings,
    attempt: u32,
    may_retry: bool,
    span: &tracing::Span,
) -> Step {
    let retry_in = |asked| may_retry.then(|| settings.wait(attempt, asked)).flatten();
    let (failure, transient) = match head {
        Ok(Ok((response, refused))) => {
            observe::record_status(span, response.status());
            if refused.is_none()
                && is_transient(response.status())
                && let Some(wait) = retry_in(retry_after(response.headers()))
            {
                return Step::Again(wait);
            }
            return Step::Answer { response, refused };
        }
        // Before the response's head, a failed connect and a timeout are
        // worth another attempt; nothing else is.
        Ok(Err(err)) => {
            let connect = matches!(&err, SendError::Transport(err) if err.is_connect());
            (err, connect)
        }
        Err(_) => (timed_out(end), true),
    };
    observe::record_error(span, &failure);
    match retry_in(None) {
        Some(wait) if transient => Step::Again(wait),
        _ => Step::Failed(failure),
    }
}

/// How an attempt ended.
pub(super) enum Step {
    /// An answer's head arrived (`refused` says why it is an error: a
    /// redirect not followed).
    Answer {
        response: reqwest::Response,
        refused: Option<String>,
    },
    /// It failed, and is not tried again.
    Failed(SendError),
    /// It failed; the next one follows after this wait.
    Again(Duration),
}

/// The answer a call ended with, its body not yet read.
pub(super) struct Head {
    pub(super) response: reqwest::Response,
    /// Why the answer is an error although it arrived: a redirect not followed.
    pub(super) refused: Option<String>,
    /// The connection's permit, held until the body is read.
    pub(super) permit: OwnedSemaphorePermit,
    /// When its attempt must be over, reading included.
    pub(super) end: Option<End>,
    /// Its attempt's span.
    pub(super) span: tracing::Span,
    /// The most bytes of the body read whole.
    pub(super) body_limit: u64,
    /// The most bytes of one item of a streamed body.
    pub(super) item_limit: usize,
    /// The longest wait for the next chunk of a streamed body.
    pub(super) gap: Option<Duration>,
}

/// The credentials one request carries: headers (`Authorization`, API keys),
/// query API keys and cookie API keys.
#[derive(Default)]
struct Credentials {
    headers: Vec<(HeaderName, HeaderValue)>,
    query: Vec<(&'static str, SecretString)>,
    cookies: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_type_that_is_not_a_header_value_is_invalid_input() {
        let url = Url::parse("http://127.0.0.1:9/notes").unwrap();
        let sent = with_body(&Method::PUT, url.clone(), "text/plain", "hi".into()).unwrap();
        assert_eq!(sent.headers()[CONTENT_TYPE], "text/plain");
        for bad in ["text/plain\r\nX-Injected: 1", "text/plain\u{1}"] {
            match with_body(&Method::PUT, url.clone(), bad, "hi".into()) {
                Err(SendError::InvalidInput(err)) => {
                    assert!(err.to_string().contains("is not a content type"), "{err}")
                }
                Err(other) => panic!("{bad:?}: expected invalid input, got {other:?}"),
                Ok(_) => panic!("{bad:?}: expected invalid input, got a request"),
            }
        }
    }
}
