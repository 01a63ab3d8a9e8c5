//! Bodies that are sequences of items, split as their chunks arrive: JSON
//! Lines and NDJSON (a JSON text per line), JSON text sequences (RFC 7464:
//! each text after a record separator), and server-sent events (the WHATWG
//! HTML standard's event stream parsing). One item is bounded: a larger one is
//! an error item, and reading goes on with the next.

use std::sync::{Arc, Mutex};

use bytes::{Buf, BytesMut};

/// The default bound on one item (a line, a record, an event's data): 1 MiB.
pub const DEFAULT_ITEM_LIMIT: usize = 1 << 20;

/// How a sequential body is split into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// A JSON text per line (`application/jsonl`, `application/x-ndjson`,
    /// `application/json;stream=watch`): blank lines are skipped.
    Lines,
    /// RFC 7464's JSON text sequences (`application/json-seq`): each text
    /// follows a record separator (0x1E).
    JsonSeq,
    /// Server-sent events (`text/event-stream`).
    EventStream,
}

impl Framing {
    /// The framing of a media type (its parameters considered only for
    /// Kubernetes' `stream=watch`), if it is a sequential one.
    pub fn of(media_type: &str) -> Option<Self> {
        let mut parts = media_type.split(';').map(str::trim);
        let essence = parts.next()?.to_ascii_lowercase();
        match essence.as_str() {
            "application/jsonl" | "application/x-ndjson" | "application/x-jsonlines" => {
                Some(Self::Lines)
            }
            "application/json-seq" => Some(Self::JsonSeq),
            "text/event-stream" => Some(Self::EventStream),
            "application/json" => parts
                .any(|p| p.eq_ignore_ascii_case("stream=watch"))
                .then_some(Self::Lines),
            _ => None,
        }
    }
}

/// Something wrong with one item of a sequence; the items after it are read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ItemError {
    /// The item is larger than the bound.
    #[error("an item of the stream is larger than {limit} bytes: skipped")]
    TooLarge {
        /// The bound, in bytes.
        limit: usize,
    },
    /// The item is not valid UTF-8 (server-sent events are UTF-8 text).
    #[error("an item of the stream is not UTF-8")]
    NotUtf8,
}

/// One server-sent event, as the WHATWG rules dispatch it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its type: the `event` field, `message` when it has none.
    pub event: String,
    /// Its data: the `data` lines, joined with `\n`.
    pub data: String,
    /// The last event id seen so far in the stream (ids persist from one
    /// event to the next), if any.
    pub id: Option<String>,
    /// The reconnection time the server asked for with this event, in
    /// milliseconds.
    pub retry: Option<u64>,
}

/// Splits a body into lines, bounded: a line break is LF, CRLF or CR (a CR at
/// the end of a chunk waits for the next, which may start with its LF).
#[derive(Debug)]
struct LineSplitter {
    buffer: BytesMut,
    limit: usize,
    /// The line being read is over the bound: its bytes are dropped until its
    /// end, where one error stands for it.
    skipping: bool,
    /// The last byte taken was a CR: an LF next belongs to it.
    after_cr: bool,
}

impl LineSplitter {
    fn new(limit: usize) -> Self {
        Self {
            buffer: BytesMut::new(),
            limit,
            skipping: false,
            after_cr: false,
        }
    }

    fn push(&mut self, chunk: &[u8]) {
        self.buffer.extend_from_slice(chunk);
    }

    /// The next whole line, without its break, or `None` until more arrives.
    fn next_line(&mut self) -> Option<Result<BytesMut, ItemError>> {
        if self.after_cr && !self.buffer.is_empty() {
            if self.buffer[0] == b'\n' {
                self.buffer.advance(1);
            }
            self.after_cr = false;
        }
        let Some(at) = self.buffer.iter().position(|&b| b == b'\n' || b == b'\r') else {
            if self.buffer.len() > self.limit {
                // Too long already: drop what there is, remember to skip the rest.
                self.buffer.clear();
                self.skipping = true;
            }
            return None;
        };
        let line = self.buffer.split_to(at);
        self.after_cr = self.buffer[0] == b'\r';
        self.buffer.advance(1);
        if std::mem::take(&mut self.skipping) || line.len() > self.limit {
            return Some(Err(ItemError::TooLarge { limit: self.limit }));
        }
        Some(Ok(line))
    }

    /// What is left when the body ends: a last line without a break.
    fn finish(&mut self) -> Option<Result<BytesMut, ItemError>> {
        if std::mem::take(&mut self.skipping) {
            self.buffer.clear();
            return Some(Err(ItemError::TooLarge { limit: self.limit }));
        }
        (!self.buffer.is_empty()).then(|| Ok(self.buffer.split()))
    }
}

/// Splits a body into the JSON texts it holds, as they arrive.
#[derive(Debug)]
pub struct Splitter {
    framing: Framing,
    lines: LineSplitter,
    events: EventParser,
    limit: usize,
}

/// One item split from a body: a JSON text (its bytes), or an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A JSON text of a line or a record.
    Text(bytes::Bytes),
    /// A server-sent event.
    Event(Event),
}

impl Splitter {
    /// A splitter of `framing` bounding each item to `limit` bytes.
    pub fn new(framing: Framing, limit: usize) -> Self {
        Self {
            framing,
            lines: LineSplitter::new(limit),
            events: EventParser::default(),
            limit,
        }
    }

    /// Takes the next chunk of the body.
    pub fn push(&mut self, chunk: &[u8]) {
        self.lines.push(chunk);
    }

    /// The next item of what has arrived, or `None` until more does.
    pub fn next_item(&mut self) -> Option<Result<Item, ItemError>> {
        while let Some(line) = self.lines.next_line() {
            if let Some(item) = self.item(line) {
                return Some(item);
            }
        }
        None
    }

    /// The items left when the body ends (a last line without its break; an
    /// event not ended by a blank line is dropped, as the WHATWG rules say).
    pub fn finish(&mut self) -> Option<Result<Item, ItemError>> {
        if let Some(item) = self.next_item() {
            return Some(item);
        }
        let line = self.lines.finish()?;
        match self.framing {
            Framing::EventStream => {
                // Fields of the unfinished event, then nothing.
                let _ = self.item(line);
                None
            }
            _ => self.item(line),
        }
    }

    fn item(&mut self, line: Result<BytesMut, ItemError>) -> Option<Result<Item, ItemError>> {
        let line = match line {
            Ok(line) => line,
            Err(err) => {
                self.events.discard();
                return Some(Err(err));
            }
        };
        match self.framing {
            Framing::Lines => {
                let text = trim(&line);
                (!text.is_empty()).then(|| Ok(Item::Text(line.freeze().slice_ref_trimmed())))
            }
            Framing::JsonSeq => {
                // RFC 7464: a record is RS, a JSON text, LF. Records split on
                // the LF; a leading RS (or several) is dropped.
                let start = line.iter().take_while(|&&b| b == 0x1E).count();
                let text = trim(&line[start..]);
                (!text.is_empty())
                    .then(|| Ok(Item::Text(line.freeze().slice(start..).slice_ref_trimmed())))
            }
            Framing::EventStream => {
                let Ok(text) = std::str::from_utf8(&line) else {
                    self.events.discard();
                    return Some(Err(ItemError::NotUtf8));
                };
                match self.events.line(text, self.limit) {
                    Ok(Some(event)) => Some(Ok(Item::Event(event))),
                    Ok(None) => None,
                    Err(err) => Some(Err(err)),
                }
            }
        }
    }
}

/// `bytes` without the ASCII whitespace around it.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let end = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    &bytes[start..end.max(start)]
}

/// `Bytes` trimmed of ASCII whitespace, sharing the buffer.
trait Trimmed {
    fn slice_ref_trimmed(self) -> bytes::Bytes;
}

impl Trimmed for bytes::Bytes {
    fn slice_ref_trimmed(self) -> bytes::Bytes {
        let trimmed = trim(&self);
        self.slice_ref(trimmed)
    }
}

/// The event being read from an event stream's lines.
#[derive(Debug, Default)]
struct EventParser {
    event: String,
    data: String,
    last_id: Option<String>,
    retry: Option<u64>,
    /// The stream's first line may start with a byte order mark.
    started: bool,
    /// The event being read had an error: its lines are dropped until the
    /// blank line that ends it.
    skipping: bool,
}

impl EventParser {
    /// Reads one line; a blank one dispatches the event read so far (if it
    /// has data).
    fn line(&mut self, mut line: &str, limit: usize) -> Result<Option<Event>, ItemError> {
        if !std::mem::replace(&mut self.started, true) {
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            if std::mem::take(&mut self.skipping) {
                return Ok(None);
            }
            return Ok(self.dispatch());
        }
        if line.starts_with(':') || self.skipping {
            return Ok(None);
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.data.len() + value.len() + 1 > limit {
                    self.discard();
                    return Err(ItemError::TooLarge { limit });
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        Ok(None)
    }

    fn dispatch(&mut self) -> Option<Event> {
        let retry = self.retry.take();
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return None;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        Some(Event {
            event: if event.is_empty() {
                String::from("message")
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
            retry,
        })
    }

    /// Drops the event being read, up to the blank line that ends it (after
    /// an error in it).
    fn discard(&mut self) {
        self.event.clear();
        self.data.clear();
        self.retry = None;
        self.skipping = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item of `chunks` split with `framing`.
    fn split(framing: Framing, limit: usize, chunks: &[&[u8]]) -> Vec<Result<Item, ItemError>> {
        let mut splitter = Splitter::new(framing, limit);
        let mut items = Vec::new();
        for chunk in chunks {
            splitter.push(chunk);
            while let Some(item) = splitter.next_item() {
                items.push(item);
            }
        }
        while let Some(item) = splitter.finish() {
            items.push(item);
        }
        items
    }

    fn texts(items: &[Result<Item, ItemError>]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                Ok(Item::Text(text)) => String::from_utf8_lossy(text).into_owned(),
                Ok(Item::Event(event)) => format!("{event:?}"),
                Err(err) => format!("error: {err}"),
            })
            .collect()
    }

    #[test]
    fn media_types_name_their_framing() {
        assert_eq!(Framing::of("application/x-ndjson"), Some(Framing::Lines));
        assert_eq!(
            Framing::of("Application/JSONL; charset=utf-8"),
            Some(Framing::Lines)
        );
        assert_eq!(
            Framing::of("application/json;stream=watch"),
            Some(Framing::Lines)
        );
        assert_eq!(Framing::of("application/json-seq"), Some(Framing::JsonSeq));
        assert_eq!(Framing::of("text/event-stream"), Some(Framing::EventStream));
        assert_eq!(Framing::of("application/json"), None);
    }

    #[test]
    fn lines_split_across_chunks_and_breaks() {
        let chunks: &[&[u8]] = &[
            b"{\"a\":1}\n{\"a\"",
            b":2}\r",
            b"\n\n  \r{\"a\":3}\r",
            b"{\"a\":4}",
        ];
        let items = split(Framing::Lines, 1024, chunks);
        assert_eq!(
            texts(&items),
            [r#"{"a":1}"#, r#"{"a":2}"#, r#"{"a":3}"#, r#"{"a":4}"#]
        );
    }

    #[test]
    fn an_oversized_line_is_one_error_then_reading_goes_on() {
        let long = vec![b'x'; 100];
        let chunks: &[&[u8]] = &[b"{\"a\":1}\n", &long, &long, b"\n{\"a\":2}\n"];
        let items = split(Framing::Lines, 64, chunks);
        assert_eq!(
            texts(&items),
            [
                r#"{"a":1}"#,
                "error: an item of the stream is larger than 64 bytes: skipped",
                r#"{"a":2}"#
            ]
        );
    }

    #[test]
    fn json_text_sequences_drop_their_separators() {
        let chunks: &[&[u8]] = &[b"\x1e{\"a\":1}\n\x1e", b"[2]\n\x1e\x1e\"x\"\n"];
        let items = split(Framing::JsonSeq, 1024, chunks);
        assert_eq!(texts(&items), [r#"{"a":1}"#, "[2]", "\"x\""]);
    }

    fn events(chunks: &[&[u8]]) -> Vec<Event> {
        split(Framing::EventStream, 1024, chunks)
            .into_iter()
            .map(|item| match item {
                Ok(Item::Event(event)) => event,
                other => panic!("expected an event, got {other:?}"),
            })
            .collect()
    }

    #[test]
    fn events_follow_the_whatwg_rules() {
        let stream: &[&[u8]] = &[
            b"\xef\xbb\xbf: a comment\r\n",
            b"data: first\ndata:second\n",
            b"\nevent: update\nid: 7\nretry: 3000\ndata",
            b": {\"n\":1}\r\n\r\n",
            b"id: 8\0x\nretry: soon\ndata\n\n",
            b"data: never dispatched",
        ];
        let got = events(stream);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].event, "message");
        assert_eq!(got[0].data, "first\nsecond");
        assert_eq!(got[0].id, None);
        assert_eq!(got[1].event, "update");
        assert_eq!(got[1].data, r#"{"n":1}"#);
        assert_eq!(got[1].id.as_deref(), Some("7"));
        assert_eq!(got[1].retry, Some(3000));
        // An id holding NUL is ignored (the last one stays); a retry that is
        // not all digits too; `data` alone is an empty line of data.
        assert_eq!(got[2].id.as_deref(), Some("7"));
        assert_eq!(got[2].retry, None);
        assert_eq!(got[2].data, "");
    }

    #[test]
    fn where_the_chunks_break_changes_nothing() {
        let cases: [(Framing, &[u8]); 3] = [
            (Framing::Lines, b"{\"a\":1}\r\n{\"a\":2}\r\r\n{\"a\":3}\n"),
            (Framing::JsonSeq, b"\x1e{\"a\":1}\n\x1e[2]\r\n"),
            (
                Framing::EventStream,
                b"data: a\r\ndata: b\r\rid: 1\r\n\r\nevent: e\ndata: c\n\n",
            ),
        ];
        for (framing, body) in cases {
            let whole = split(framing, 1024, &[body]);
            assert!(whole.len() >= 2, "{framing:?}: {whole:?}");
            for at in 0..=body.len() {
                let (a, b) = body.split_at(at);
                assert_eq!(
                    split(framing, 1024, &[a, b]),
                    whole,
                    "{framing:?} split at {at}"
                );
            }
        }
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        assert!(events(&[b"event: ping\n\nid: 1\n\n"]).is_empty());
    }

    #[test]
    fn an_oversized_event_is_an_error_and_the_next_is_read() {
        let big = format!("data: {}\n", "x".repeat(40));
        let stream = format!("{big}{big}{big}\ndata: small\n\n");
        let items = split(Framing::EventStream, 64, &[stream.as_bytes()]);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0], Err(ItemError::TooLarge { limit: 64 }));
        match &items[1] {
            Ok(Item::Event(event)) => assert_eq!(event.data, "small"),
            other => panic!("{other:?}"),
        }
    }
}

/// What can go wrong with one item of a typed stream, or with the stream.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// One item could not be split out (too large, not UTF-8); the stream
    /// goes on with the next.
    #[error(transparent)]
    Item(#[from] ItemError),
    /// One item does not decode into its documented type; the stream goes on
    /// with the next.
    #[error("an item of the stream does not decode: {0}")]
    Decode(String),
    /// No more of the body arrived within the timeout; the stream ends.
    #[error("no more of the stream arrived within {0:?}")]
    Timeout(std::time::Duration),
    /// The connection failed or ended in the middle of an item; the stream
    /// ends.
    #[error("the stream was cut: {0}")]
    Cut(String),
}

/// A server-sent event whose data decoded into `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerEvent<T> {
    /// Its type: `message` unless the event names another.
    pub event: String,
    /// The last event id seen in the stream, if any.
    pub id: Option<String>,
    /// The reconnection time the server asked for with this event, in
    /// milliseconds.
    pub retry: Option<u64>,
    /// Its data, decoded.
    pub data: T,
}

/// Decodes a line's or record's JSON text as `T`.
pub fn decode_text<T: serde::de::DeserializeOwned>(item: Item) -> Result<T, StreamError> {
    match item {
        Item::Text(text) => {
            serde_json::from_slice(&text).map_err(|err| StreamError::Decode(err.to_string()))
        }
        Item::Event(event) => {
            serde_json::from_str(&event.data).map_err(|err| StreamError::Decode(err.to_string()))
        }
    }
}

/// Decodes a server-sent event, its data as JSON `T`.
pub fn decode_event<T: serde::de::DeserializeOwned>(
    item: Item,
) -> Result<ServerEvent<T>, StreamError> {
    match item {
        Item::Event(event) => {
            let data = serde_json::from_str(&event.data)
                .map_err(|err| StreamError::Decode(err.to_string()))?;
            Ok(ServerEvent {
                event: event.event,
                id: event.id,
                retry: event.retry,
                data,
            })
        }
        Item::Text(_) => Err(StreamError::Decode(String::from(
            "a line where a server-sent event was expected",
        ))),
    }
}

/// A response body read as a stream of typed items as they arrive: each
/// item is split out (bounded), then decoded by the function it was made
/// with. An item that is too large or does not decode is an error item and
/// the stream goes on; a gap longer than the timeout, or the connection cut
/// in the middle of an item, is an error item and the end; an item that is
/// the operation's documented end marker (`[DONE]`) ends it cleanly. The
/// connection is held until the stream ends or is dropped.
pub struct ItemStream<T> {
    items: futures::stream::BoxStream<'static, Result<T, StreamError>>,
    resume: Arc<Mutex<Resume>>,
}

/// What a reader of server-sent events needs to resume: the last event id
/// and the reconnection time the server asked for.
#[derive(Debug, Default)]
struct Resume {
    last_event_id: Option<String>,
    retry: Option<u64>,
}

impl<T> std::fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ItemStream(..)")
    }
}

impl<T> ItemStream<T> {
    /// The id of the last server-sent event read, to send as `Last-Event-ID`
    /// when reconnecting.
    pub fn last_event_id(&self) -> Option<String> {
        self.resume.lock().ok()?.last_event_id.clone()
    }

    /// The reconnection time the server last asked for (a `retry` field).
    pub fn retry(&self) -> Option<std::time::Duration> {
        let retry = self.resume.lock().ok()?.retry?;
        Some(std::time::Duration::from_millis(retry))
    }
}

/// Where an item stream is: reading, or done.
struct Reading<T> {
    response: reqwest::Response,
    splitter: Splitter,
    decode: fn(Item) -> Result<T, StreamError>,
    gap: Option<std::time::Duration>,
    end: Option<&'static str>,
    resume: Arc<Mutex<Resume>>,
    /// Held until the stream ends or is dropped.
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl<T> Reading<T> {
    /// The item `item` is for the caller; `None` when it is the end marker.
    fn take(&self, item: Result<Item, ItemError>) -> Option<Result<T, StreamError>> {
        let item = match item {
            Ok(item) => item,
            Err(err) => return Some(Err(err.into())),
        };
        let text: &[u8] = match &item {
            Item::Text(text) => text,
            Item::Event(event) => {
                if let Ok(mut resume) = self.resume.lock() {
                    resume.last_event_id.clone_from(&event.id);
                    resume.retry = event.retry.or(resume.retry);
                }
                event.data.as_bytes()
            }
        };
        if self.end.is_some_and(|end| end.as_bytes() == text) {
            return None;
        }
        Some((self.decode)(item))
    }
}

impl<T: Send + 'static> ItemStream<T> {
    /// The items of `response`'s body, split by `framing` (each at most
    /// `limit` bytes) and decoded by `decode`, up to the item `end` if given;
    /// each chunk waited for at most `gap`; holding `permit` to the end.
    pub(crate) fn new(
        response: reqwest::Response,
        framing: Framing,
        limit: usize,
        decode: fn(Item) -> Result<T, StreamError>,
        end: Option<&'static str>,
        gap: Option<std::time::Duration>,
        permit: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Self {
        let resume = Arc::new(Mutex::new(Resume::default()));
        let reading = Reading {
            response,
            splitter: Splitter::new(framing, limit),
            decode,
            gap,
            end,
            resume: Arc::clone(&resume),
            _permit: permit,
        };
        let items = futures::stream::unfold(Some(reading), |state| async move {
            let mut reading = state?;
            loop {
                if let Some(item) = reading.splitter.next_item() {
                    let item = reading.take(item)?;
                    return Some((item, Some(reading)));
                }
                let next = match reading.gap {
                    Some(gap) => tokio::time::timeout(gap, reading.response.chunk())
                        .await
                        .map_err(|_| StreamError::Timeout(gap)),
                    None => Ok(reading.response.chunk().await),
                };
                match next {
                    Ok(Ok(Some(chunk))) => reading.splitter.push(&chunk),
                    Ok(Ok(None)) => {
                        let item = reading.splitter.finish()?;
                        let item = reading.take(item)?;
                        return Some((item, Some(reading)));
                    }
                    Ok(Err(err)) => {
                        let err = crate::error::TransportError(err.without_url());
                        return Some((Err(StreamError::Cut(err.to_string())), None));
                    }
                    Err(timeout) => return Some((Err(timeout), None)),
                }
            }
        });
        Self {
            items: Box::pin(items),
            resume,
        }
    }
}

impl<T> futures::Stream for ItemStream<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.items.as_mut().poll_next(cx)
    }
}

#[cfg(test)]
mod stream_tests {
    use std::time::Duration;

    use futures::StreamExt;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    use super::*;

    /// A request to a loopback server, and the server's side of its
    /// connection once the request's head has arrived.
    async fn exchange() -> (tokio::task::JoinHandle<reqwest::Response>, TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/events", listener.local_addr().unwrap());
        let request = tokio::spawn(async move { reqwest::get(url).await.unwrap() });
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            socket.read_exact(&mut byte).await.unwrap();
            head.push(byte[0]);
        }
        (request, socket)
    }

    async fn stream_of(
        request: tokio::task::JoinHandle<reqwest::Response>,
        framing: Framing,
        gap: Duration,
    ) -> ItemStream<serde_json::Value> {
        let response = request.await.unwrap();
        ItemStream::new(response, framing, 64, decode_text, None, Some(gap), None)
    }

    const LINES_HEAD: &[u8] =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\nconnection: close\r\n\r\n";

    #[tokio::test]
    async fn items_come_as_they_arrive_and_a_bad_one_does_not_end_the_stream() {
        let (request, mut socket) = exchange().await;
        socket.write_all(LINES_HEAD).await.unwrap();
        socket.write_all(b"{\"n\":1}\n").await.unwrap();
        let mut items = stream_of(request, Framing::Lines, Duration::from_secs(10)).await;
        // The first item, while the server has not written the second.
        let first = items.next().await.unwrap().unwrap();
        assert_eq!(first["n"], 1);
        let long = format!("[{}]\n", "0,".repeat(40) + "0");
        socket.write_all(long.as_bytes()).await.unwrap();
        socket.write_all(b"not json\n{\"n\":2}\n").await.unwrap();
        drop(socket);
        let rest: Vec<_> = items.collect().await;
        assert_eq!(rest.len(), 3, "{rest:?}");
        assert!(matches!(
            rest[0],
            Err(StreamError::Item(ItemError::TooLarge { limit: 64 }))
        ));
        assert!(matches!(rest[1], Err(StreamError::Decode(_))));
        assert_eq!(rest[2].as_ref().unwrap()["n"], 2);
    }

    #[tokio::test]
    async fn a_stream_cut_mid_item_ends_with_an_error() {
        let (request, mut socket) = exchange().await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\ncontent-length: 500\r\n\r\n";
        socket.write_all(head).await.unwrap();
        socket.write_all(b"{\"n\":1}\n{\"n\":").await.unwrap();
        let items = stream_of(request, Framing::Lines, Duration::from_secs(10)).await;
        drop(socket);
        let all: Vec<_> = items.collect().await;
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(all[0].as_ref().unwrap()["n"], 1);
        assert!(matches!(all[1], Err(StreamError::Cut(_))), "{all:?}");
    }

    #[tokio::test]
    async fn the_end_marker_ends_the_stream_cleanly() {
        let (request, mut socket) = exchange().await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
        socket.write_all(head).await.unwrap();
        let body = b"retry: 2500\ndata: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n";
        socket.write_all(body).await.unwrap();
        let response = request.await.unwrap();
        let events = ItemStream::new(
            response,
            Framing::EventStream,
            64,
            decode_event::<serde_json::Value>,
            Some("[DONE]"),
            Some(Duration::from_secs(10)),
            None,
        );
        let all: Vec<_> = events.collect().await;
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].as_ref().unwrap().data["n"], 1);
        assert_eq!(all[0].as_ref().unwrap().retry, Some(2500));
    }

    #[tokio::test]
    async fn a_gap_past_the_timeout_ends_the_stream() {
        let (request, mut socket) = exchange().await;
        socket.write_all(LINES_HEAD).await.unwrap();
        socket.write_all(b"{\"n\":1}\n").await.unwrap();
        let items = stream_of(request, Framing::Lines, Duration::from_millis(200)).await;
        let all: Vec<_> = items.collect().await;
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(matches!(all[1], Err(StreamError::Timeout(_))), "{all:?}");
        drop(socket);
    }

    #[tokio::test]
    async fn dropping_an_endless_stream_closes_the_connection() {
        let (request, mut socket) = exchange().await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
        socket.write_all(head).await.unwrap();
        socket
            .write_all(b": hello\nid: 4\ndata: {\"n\":1}\n\n")
            .await
            .unwrap();
        let response = request.await.unwrap();
        let gap = Some(Duration::from_secs(10));
        let mut events = ItemStream::new(
            response,
            Framing::EventStream,
            64,
            decode_event::<serde_json::Value>,
            None,
            gap,
            None,
        );
        let first = events.next().await.unwrap().unwrap();
        assert_eq!(
            (first.event.as_str(), first.id.as_deref()),
            ("message", Some("4"))
        );
        assert_eq!(events.last_event_id().as_deref(), Some("4"));
        assert_eq!(first.data["n"], 1);
        drop(events);
        // The server sees the connection end.
        let mut buffer = [0u8; 16];
        let read = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer)).await;
        assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "{read:?}");
    }
}
