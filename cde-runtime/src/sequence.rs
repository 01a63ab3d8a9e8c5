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
        crate::media::sequence_kind(media_type)
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
    /// Whether the body's first line was read: it may start with a byte
    /// order mark, which is skipped whatever the framing.
    started: bool,
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
            started: false,
        }
    }

    /// Takes the next chunk of the body.
    pub fn push(&mut self, chunk: &[u8]) {
        self.lines.push(chunk);
    }

    /// What a reconnection to an event stream needs, as of the items split so
    /// far: the id to resume after and the reconnection time asked for, in
    /// milliseconds. Blocks without data count: a server may send its `retry`
    /// or an `id` alone.
    pub fn resume_point(&self) -> (Option<&str>, Option<u64>) {
        (self.events.resume_id.as_deref(), self.events.reconnection)
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
        let first = !std::mem::replace(&mut self.started, true);
        let mut line = match line {
            Ok(line) => line,
            Err(err) => {
                self.events.discard();
                return Some(Err(err));
            }
        };
        if first && line.starts_with(b"\xEF\xBB\xBF") {
            line.advance(3);
        }
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
    /// The last `id` field read (WHATWG's "last event ID buffer").
    last_id: Option<String>,
    /// The id in effect after the last blank line (WHATWG's "last event ID
    /// string"), set there even by a block with no data: what a reconnection
    /// resumes after.
    resume_id: Option<String>,
    /// The `retry` field of the event being read.
    retry: Option<u64>,
    /// The reconnection time the stream last asked for, whichever block
    /// carried it (a `retry` field takes effect at once, data or not).
    reconnection: Option<u64>,
    /// The event being read had an error: its lines are dropped until the
    /// blank line that ends it.
    skipping: bool,
}

impl EventParser {
    /// Reads one line; a blank one dispatches the event read so far (if it
    /// has data).
    fn line(&mut self, line: &str, limit: usize) -> Result<Option<Event>, ItemError> {
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
                self.reconnection = self.retry.or(self.reconnection);
            }
            _ => {}
        }
        Ok(None)
    }

    fn dispatch(&mut self) -> Option<Event> {
        self.resume_id.clone_from(&self.last_id);
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

/// An item that does not decode, as the error it is: the decoder's message,
/// kept to a few KiB with its control characters escaped, since it may quote
/// a string of the item whole.
fn not_decoded(err: serde_json::Error) -> StreamError {
    StreamError::Decode(crate::error::bounded_display(&err))
}

/// Decodes a line's or record's JSON text as `T`.
pub fn decode_text<T: serde::de::DeserializeOwned>(item: Item) -> Result<T, StreamError> {
    match item {
        Item::Text(text) => serde_json::from_slice(&text).map_err(not_decoded),
        Item::Event(event) => serde_json::from_str(&event.data).map_err(not_decoded),
    }
}

/// Decodes a server-sent event, its data as JSON `T`.
pub fn decode_event<T: serde::de::DeserializeOwned>(
    item: Item,
) -> Result<ServerEvent<T>, StreamError> {
    match item {
        Item::Event(event) => {
            let data = serde_json::from_str(&event.data).map_err(not_decoded)?;
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

/// Takes a server-sent event with its data as text (not decoded).
pub fn decode_event_text(item: Item) -> Result<ServerEvent<String>, StreamError> {
    match item {
        Item::Event(event) => Ok(ServerEvent {
            event: event.event,
            id: event.id,
            retry: event.retry,
            data: event.data,
        }),
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
    /// The id in effect after the last block of server-sent events read (a
    /// block with an `id` and no data counts), to send as `Last-Event-ID`
    /// when reconnecting.
    pub fn last_event_id(&self) -> Option<String> {
        self.resume.lock().ok()?.last_event_id.clone()
    }

    /// The reconnection time the server last asked for (a `retry` field, with
    /// an event or alone).
    pub fn retry(&self) -> Option<std::time::Duration> {
        let retry = self.resume.lock().ok()?.retry?;
        Some(std::time::Duration::from_millis(retry))
    }

    /// Options that resume this stream of server-sent events after the last
    /// event read: `Last-Event-ID` set to its id (none when no event had an
    /// id). Give them to the same GET operation's `with_options`, after
    /// waiting [`ItemStream::retry`] if the server asked for it; other
    /// options can be chained on. A POST is never resumed: sending it with
    /// these options is an invalid input.
    pub fn resume(&self) -> crate::RequestOptions {
        let options = crate::RequestOptions::new();
        match self.last_event_id() {
            Some(id) => options.last_event_id(&id),
            None => options,
        }
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
    /// Makes what the stream has read so far the point [`ItemStream::resume`]
    /// and [`ItemStream::retry`] give.
    fn record_resume_point(&self) {
        let (id, retry) = self.splitter.resume_point();
        if let Ok(mut resume) = self.resume.lock() {
            if resume.last_event_id.as_deref() != id {
                resume.last_event_id = id.map(str::to_owned);
            }
            resume.retry = retry;
        }
    }

    /// The item `item` is for the caller; `None` when it is the end marker.
    fn take(&self, item: Result<Item, ItemError>) -> Option<Result<T, StreamError>> {
        self.record_resume_point();
        let item = match item {
            Ok(item) => item,
            Err(err) => return Some(Err(err.into())),
        };
        let text: &[u8] = match &item {
            Item::Text(text) => text,
            Item::Event(event) => event.data.as_bytes(),
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
                // Blocks without data (a `retry` or an `id` alone) move the
                // resume point too.
                reading.record_resume_point();
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

pub(crate) mod items;

pub use items::Items;

#[cfg(test)]
mod tests;
