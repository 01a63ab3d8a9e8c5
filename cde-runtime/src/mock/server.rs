//! The server: the builder that collects routes and handlers, the accept loop on
//! loopback, and the handling of one request from routing to reply.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use hyper::body::Incoming as HyperBody;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

use super::DEFAULT_BODY_LIMIT;
use super::auth::{authorized, challenge};
use super::reply::{Reply, bad_request, encode_reply, not_found, unsupported};
use super::request::{Incoming, InvalidRequest, MockRequest, read_body, read_parts};
use super::route::{
    BodyMedia, Canned, PathSegment, Route, choose_media, match_route, media_list, template_query,
    template_segments,
};
use super::stateful::{self, Call, Collection, Role};
use super::store::Store;
use crate::{BoxFuture, EncodeResponses, StatusCode};

pub(super) type Handler =
    Arc<dyn Fn(Incoming) -> BoxFuture<'static, Result<Reply, InvalidRequest>> + Send + Sync>;
pub(super) type Validate = fn(&Incoming) -> Result<(), InvalidRequest>;
pub(super) type Check = fn(u16, &str, &[u8]) -> bool;

pub(super) struct Entry {
    pub(super) route: Route,
    /// The media types taken besides `route.body`.
    pub(super) others: &'static [BodyMedia],
    pub(super) segments: Vec<PathSegment>,
    /// The query pairs a request must carry to be routed here.
    pub(super) query: Vec<(String, String)>,
    pub(super) validate: Validate,
    pub(super) decodes: Check,
    pub(super) handler: Option<Handler>,
    /// In the stateful mode, the collection (its index) whose operation this
    /// is, and what it does to it.
    pub(super) stateful: Option<(usize, Role)>,
}

/// Builds a mock server: one [`Route`] per operation, typed handlers where set.
///
/// Generated code wraps this in a typed builder; use that one.
pub struct MockBuilder {
    pub(super) prefix: String,
    pub(super) entries: Vec<Entry>,
    pub(super) body_limit: usize,
    pub(super) addr: SocketAddr,
    pub(super) header_timeout: Duration,
    /// The collections of the stateful mode (none: stateless).
    pub(super) collections: Vec<Collection>,
    pub(super) store: Store,
}

impl fmt::Debug for MockBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockBuilder")
            .field("prefix", &self.prefix)
            .field("routes", &self.entries.len())
            .field("body_limit", &self.body_limit)
            .field("addr", &self.addr)
            .field("collections", &self.collections)
            .finish()
    }
}

impl MockBuilder {
    /// A builder serving under the path `prefix` (the spec's server URL path, or empty).
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.trim_end_matches('/').to_owned(),
            entries: Vec::new(),
            body_limit: DEFAULT_BODY_LIMIT,
            header_timeout: HEADER_TIMEOUT,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            collections: Vec::new(),
            store: Store::default(),
        }
    }

    /// Adds an operation, answered by default with its documented example after its
    /// request reads as `R`; `S` is its documented-responses type.
    pub fn route<R: MockRequest, S: EncodeResponses>(&mut self, route: Route) {
        self.route_accepting::<R, S>(route, &[]);
    }

    /// Like [`MockBuilder::route`], for an operation whose body may also come as
    /// any of `others` (after [`Route::body`], in the order the spec lists them):
    /// each request's body is read as the one its `Content-Type` names.
    pub fn route_accepting<R: MockRequest, S: EncodeResponses>(
        &mut self,
        route: Route,
        others: &'static [BodyMedia],
    ) {
        let segments = template_segments(route.path);
        let query = template_query(route.path);
        self.entries.push(Entry {
            route,
            others,
            segments,
            query,
            validate: |request| R::read(request).map(drop),
            decodes: |status, content_type, body| {
                StatusCode::from_u16(status)
                    .map(|status| S::decode(status, Some(content_type), body).is_ok())
                    .unwrap_or(false)
            },
            handler: None,
            stateful: None,
        });
    }

    /// Answers `operation` with a typed handler: the request read as `R`, the
    /// handler's `S` encoded as the response.
    pub fn handle<R, S, F, Fut>(mut self, operation: &str, handler: F) -> Self
    where
        R: MockRequest,
        S: EncodeResponses + Send + 'static,
        F: Fn(R) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = S> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let boxed: Handler = Arc::new(move |request: Incoming| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                let typed = R::read(&request)?;
                let response = handler(typed).await;
                Ok(encode_reply(&response))
            })
        });
        for entry in &mut self.entries {
            if entry.route.operation == operation {
                entry.handler = Some(Arc::clone(&boxed));
            }
        }
        self
    }

    /// Keeps the items of `collection` in the server's store: its operations
    /// answer from it (the stateful mode) unless a handler is set for them.
    pub fn collection(mut self, collection: Collection) -> Self {
        self.collections.push(collection);
        self
    }

    /// Makes the ids the stateful mode gives out (UUIDs) follow from `seed`:
    /// the same requests get the same ids on every run.
    pub fn seed(self, seed: u64) -> Self {
        self.store.seed(seed);
        self
    }

    /// The server's store: the items of its collections, for handlers to read
    /// and change (a clone shares them).
    pub fn store(&self) -> Store {
        self.store.clone()
    }

    /// The documented success `operation` answers with when no handler is set
    /// (its example, else a value made from its schema), as JSON: a template
    /// for handlers to start from. `None` for an unknown operation or a
    /// success without a JSON body.
    pub fn example(&self, operation: &str) -> Option<serde_json::Value> {
        let entry = self
            .entries
            .iter()
            .find(|entry| entry.route.operation == operation)?;
        serde_json::from_str(entry.route.success.body).ok()
    }

    /// Sets the largest request body accepted (larger ones get 413).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Sets how long a connection may take to send a request's head, also
    /// while it idles between requests (default 10 s); then it is closed.
    /// `Duration::MAX` is no limit.
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// Sets the address to listen on (default `127.0.0.1:0`, a free port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Starts serving on a background task of the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}{}", self.prefix);
        let mut entries = self.entries;
        for entry in &mut entries {
            entry.stateful = self
                .collections
                .iter()
                .enumerate()
                .find_map(|(index, c)| c.role(&entry.route).map(|role| (index, role)));
        }
        // What a create starts from when its own success has no JSON body:
        // the item's `GET`.
        let item_success = (0..self.collections.len())
            .map(|index| {
                entries
                    .iter()
                    .find(|e| e.stateful == Some((index, Role::Read)))
                    .map(|e| e.route.success)
            })
            .collect();
        let state = Arc::new(State {
            prefix: self.prefix,
            entries,
            body_limit: self.body_limit,
            header_timeout: self.header_timeout,
            collections: self.collections,
            item_success,
            store: self.store,
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, state, stopped));
        Ok(MockServer {
            addr,
            url,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A running mock server. Dropping it, or [`MockServer::shutdown`], stops it.
#[derive(Debug)]
pub struct MockServer {
    pub(super) addr: SocketAddr,
    pub(super) url: String,
    pub(super) stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub(super) task: Option<tokio::task::JoinHandle<()>>,
}

impl MockServer {
    /// The base URL to give a client (`http://127.0.0.1:<port>` plus the spec's
    /// server path).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and waits (up to 5 s) for open ones to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub(super) struct State {
    pub(super) prefix: String,
    pub(super) entries: Vec<Entry>,
    pub(super) body_limit: usize,
    pub(super) header_timeout: Duration,
    pub(super) collections: Vec<Collection>,
    /// Per collection, the documented success of its item's `GET`.
    pub(super) item_success: Vec<Option<Canned>>,
    pub(super) store: Store,
}

/// How long a connection may take to send a request's head, also while it
/// idles between requests: one that opens and sends nothing, or drips, is cut
/// off instead of held open for ever.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long reading a request's body may take (then 408).
pub(super) const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// The most connections served at once; more wait in the kernel's queue until
/// one ends.
const MAX_CONNECTIONS: usize = 512;

/// How long the accept loop waits after a failed accept (no file descriptor
/// left, typically): the error would come back at once, and retrying at once
/// spins a core.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

pub(super) async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = &mut stopped => break,
        };
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                };
                // A timeout whose end the clock cannot hold (`Duration::MAX`)
                // is none: hyper adds it to the time each head starts, which
                // would overflow (twice it fitting now leaves room for later).
                let timeout = std::time::Instant::now()
                    .checked_add(state.header_timeout.saturating_mul(2))
                    .map(|_| state.header_timeout);
                let state = Arc::clone(&state);
                let service = service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(handle(&state, request).await.into_hyper()) }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(timeout)
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                    drop(permit);
                });
            }
            _ = &mut stopped => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
}

/// Answers one request: routes it by method and path template, checks its
/// body's size and media type and its credentials, reads it into the typed
/// request, and replies with the handler's response or the canned one.
pub(super) async fn handle(state: &State, request: hyper::Request<HyperBody>) -> Reply {
    let (head, body) = request.into_parts();
    let Some(rest) = head.uri.path().strip_prefix(state.prefix.as_str()) else {
        return not_found(head.uri.path());
    };
    let segments: Vec<String> = rest
        .trim_start_matches('/')
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let query: Vec<(String, String)> = head
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    // The most literal template wins; among equals, the first in the spec.
    let mut matches: Vec<(usize, &Entry)> = state
        .entries
        .iter()
        .filter_map(|entry| {
            match_route(&entry.segments, &entry.query, &segments, &query).map(|n| (n, entry))
        })
        .collect();
    if matches.is_empty() {
        return not_found(head.uri.path());
    }
    matches.sort_by_key(|(literals, _)| std::cmp::Reverse(*literals));
    let Some(entry) = matches
        .iter()
        .find(|(_, e)| e.route.method == head.method)
        .map(|(_, e)| *e)
    else {
        let mut allowed: Vec<&str> = matches
            .iter()
            .map(|(_, e)| e.route.method.as_str())
            .collect();
        allowed.dedup();
        let mut reply = Reply::problem(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("{} is not an operation of this path", head.method),
            None,
        );
        reply
            .headers
            .push((hyper::header::ALLOW, allowed.join(", ")));
        return reply;
    };
    let path_params: Vec<String> = entry
        .segments
        .iter()
        .zip(&segments)
        .filter(|(t, _)| **t == PathSegment::Param)
        .map(|(_, s)| s.clone())
        .collect();
    let body = match tokio::time::timeout(BODY_TIMEOUT, read_body(body, state.body_limit)).await {
        Err(_) => {
            return Reply::problem(
                hyper::StatusCode::REQUEST_TIMEOUT,
                "the request body did not arrive in time",
                None,
            );
        }
        Ok(body) => body,
    };
    let body = match body {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let content_type = head
        .headers
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut parts = None;
    let mut media = 0;
    if !body.is_empty()
        && let Some(first) = entry.route.body
    {
        let taken: Vec<BodyMedia> = std::iter::once(first)
            .chain(entry.others.iter().copied())
            .collect();
        let Some(index) = choose_media(&taken, &content_type) else {
            return unsupported(&content_type, &media_list(&taken));
        };
        media = index;
        if taken[index] == BodyMedia::Multipart {
            let Ok(boundary) = multer::parse_boundary(&content_type) else {
                return unsupported(&content_type, "multipart/form-data");
            };
            parts = Some(read_parts(body.clone(), boundary).await);
        }
    }
    let incoming = Incoming {
        raw_query: head.uri.query().map(str::to_owned),
        method: head.method,
        path_params,
        query,
        headers: head.headers,
        body,
        parts,
        media,
    };
    if !authorized(entry.route.security, &incoming) {
        let mut reply = match &entry.route.unauthorized {
            Some(canned) => Reply::canned(canned),
            None => Reply::problem(
                StatusCode::UNAUTHORIZED,
                "missing or malformed credentials",
                None,
            ),
        };
        reply.headers.push((
            hyper::header::WWW_AUTHENTICATE,
            challenge(entry.route.security),
        ));
        return reply;
    }
    let outcome = match &entry.handler {
        Some(handler) => match AssertUnwindSafe(handler(incoming)).catch_unwind().await {
            Ok(outcome) => outcome,
            Err(_) => {
                return Reply::problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("the handler of `{}` panicked", entry.route.operation),
                    None,
                );
            }
        },
        None => (entry.validate)(&incoming).map(|()| match entry.stateful {
            Some((index, role)) => stateful::answer(&Call {
                store: &state.store,
                collection: &state.collections[index],
                role,
                route: &entry.route,
                item_success: state.item_success[index].as_ref(),
                decodes: entry.decodes,
                segments: &segments,
                query: &incoming.query,
                body: &incoming.body,
            }),
            None => Reply::canned(&entry.route.success),
        }),
    };
    match outcome {
        Ok(reply) => reply,
        Err(invalid) => bad_request(entry, &invalid),
    }
}
