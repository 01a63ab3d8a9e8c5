//! The serving side of streamed responses: the items a mock handler answers
//! with, written as they are yielded in the response's framing, and a whole
//! streamed body read back into items (for the example checks).

use std::fmt;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures::StreamExt as _;
use serde::Serialize;

use super::{Framing, Item, ServerEvent, Splitter, StreamError};
use crate::{Body, DecodeError};

/// The items of a streamed response, as a mock handler gives them: written
/// to the connection one by one as the stream yields them, then the
/// operation's documented end marker, if any. Cloning shares the one stream,
/// which is written once.
pub struct Items<T> {
    stream: Arc<Mutex<Option<futures::stream::BoxStream<'static, T>>>>,
}

impl<T> Clone for Items<T> {
    fn clone(&self) -> Self {
        Self {
            stream: Arc::clone(&self.stream),
        }
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Items(..)")
    }
}

impl<T: Send + 'static> Items<T> {
    /// The items `stream` yields, written as they come.
    pub fn new(stream: impl futures::Stream<Item = T> + Send + 'static) -> Self {
        Self {
            stream: Arc::new(Mutex::new(Some(stream.boxed()))),
        }
    }

    /// Items known up front.
    pub fn of(items: impl IntoIterator<Item = T>) -> Self {
        let items: Vec<T> = items.into_iter().collect();
        Self::new(futures::stream::iter(items))
    }

    /// The stream, if it was not written yet.
    fn take(&self) -> Option<futures::stream::BoxStream<'static, T>> {
        self.stream.lock().ok()?.take()
    }
}

/// How one item is written in a framing.
type Write<T> = fn(&T, Framing, &mut Vec<u8>) -> Result<(), serde_json::Error>;

/// `items` as a streamed body of `media_type`: each item written by `write`
/// as it is yielded, then `end` (the end marker) if given. A stream already
/// written is an empty body.
fn encode<T: Send + 'static>(
    media_type: &str,
    items: &Items<T>,
    end: Option<&'static str>,
    write: Write<T>,
) -> Body {
    let framing = Framing::of(media_type).unwrap_or(Framing::Lines);
    let stream = items
        .take()
        .unwrap_or_else(|| futures::stream::empty().boxed());
    let chunks = stream.map(move |item| {
        let mut chunk = Vec::new();
        write(&item, framing, &mut chunk).map_err(std::io::Error::other)?;
        Ok::<_, std::io::Error>(Bytes::from(chunk))
    });
    let end = end.map(|end| {
        let mut chunk = Vec::new();
        frame(framing, end.as_bytes(), &mut chunk);
        Ok(Bytes::from(chunk))
    });
    let chunks = chunks.chain(futures::stream::iter(end));
    let body = reqwest::Body::wrap_stream(chunks);
    Body::Stream {
        content_type: media_type.to_owned(),
        body: crate::binary::Streamed::new(body),
    }
}

/// Writes a JSON text (or an event's data) framed: a line, a record, or a
/// `data` event.
fn frame(framing: Framing, text: &[u8], out: &mut Vec<u8>) {
    match framing {
        Framing::Lines => {}
        Framing::JsonSeq => out.push(0x1E),
        Framing::EventStream => {
            // Each line of the data is a `data` field.
            for line in text.split(|&b| b == b'\n') {
                out.extend_from_slice(b"data: ");
                out.extend_from_slice(line);
                out.push(b'\n');
            }
            out.push(b'\n');
            return;
        }
    }
    out.extend_from_slice(text);
    out.push(b'\n');
}

/// Writes an event's fields but its data.
fn event_fields<T>(event: &ServerEvent<T>, out: &mut Vec<u8>) {
    if event.event != "message" && !event.event.contains(['\n', '\r']) {
        out.extend_from_slice(format!("event: {}\n", event.event).as_bytes());
    }
    if let Some(id) = event.id.as_deref().filter(|id| !id.contains(['\n', '\r'])) {
        out.extend_from_slice(format!("id: {id}\n").as_bytes());
    }
    if let Some(retry) = event.retry {
        out.extend_from_slice(format!("retry: {retry}\n").as_bytes());
    }
}

/// Encodes items of JSON Lines, NDJSON or JSON text sequences.
pub fn encode_items<T: Serialize + Send + 'static>(
    media_type: &str,
    items: &Items<T>,
    end: Option<&'static str>,
) -> Body {
    encode(media_type, items, end, |item, framing, out| {
        frame(framing, &json(item)?, out);
        Ok(())
    })
}

/// One item as JSON text. A number JSON cannot write (NaN, an infinity) is
/// an error that ends the stream, rather than the `null` `serde_json` would
/// write in its place.
fn json<T: Serialize>(item: &T) -> Result<Vec<u8>, serde_json::Error> {
    crate::unknown::check_finite(item).map_err(serde::ser::Error::custom)?;
    serde_json::to_vec(item)
}

/// Encodes server-sent events whose data is JSON.
pub fn encode_events<T: Serialize + Send + 'static>(
    media_type: &str,
    items: &Items<ServerEvent<T>>,
    end: Option<&'static str>,
) -> Body {
    encode(media_type, items, end, |event, framing, out| {
        event_fields(event, out);
        frame(framing, &json(&event.data)?, out);
        Ok(())
    })
}

/// Encodes server-sent events whose data is text.
pub fn encode_text_events(
    media_type: &str,
    items: &Items<ServerEvent<String>>,
    end: Option<&'static str>,
) -> Body {
    encode(media_type, items, end, |event, framing, out| {
        event_fields(event, out);
        // A CR alone would break a line the reader splits on.
        frame(framing, event.data.replace('\r', "").as_bytes(), out);
        Ok(())
    })
}

/// Reads a whole streamed body of `content_type` into items, up to `end`:
/// any item that does not split or decode makes the body invalid.
pub fn decode_items<T: Send + 'static>(
    content_type: Option<&str>,
    body: &[u8],
    decode: fn(Item) -> Result<T, StreamError>,
    end: Option<&'static str>,
) -> Result<Items<T>, DecodeError> {
    let framing = content_type
        .and_then(Framing::of)
        .ok_or(DecodeError::UnexpectedContentType)?;
    let mut splitter = Splitter::new(framing, body.len().max(1));
    splitter.push(body);
    let mut items = Vec::new();
    while let Some(item) = splitter.next_item().or_else(|| splitter.finish()) {
        let item = item.map_err(|err| DecodeError::InvalidBody(err.to_string()))?;
        let text: &[u8] = match &item {
            Item::Text(text) => text,
            Item::Event(event) => event.data.as_bytes(),
        };
        if end.is_some_and(|end| end.as_bytes() == text) {
            break;
        }
        items.push(decode(item).map_err(|err| DecodeError::InvalidBody(err.to_string()))?);
    }
    Ok(Items::of(items))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_item_holding_a_number_that_is_not_finite_is_an_error_not_null() {
        assert_eq!(super::json(&[1.5, 2.0]).unwrap(), b"[1.5,2.0]");
        let err = super::json(&[1.5, f64::NAN]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[1]: NaN is not a finite number, and JSON has no way to send it"
        );
    }
}
