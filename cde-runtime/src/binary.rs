//! Binary bodies that need not be in memory: a request body read from a
//! stream as it is sent, and a response body handed out as a stream of bytes.

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::Stream;
use tokio::sync::OwnedSemaphorePermit;

use crate::{Input, InvalidInput};

/// A binary request body: bytes in memory, or a stream of chunks read as the
/// request is sent (a large upload never held whole).
///
/// A streamed body can be sent once: its request is never retried, and a
/// redirect that would send the body again (a 307 or 308) is not followed
/// (`Error::Redirect`).
///
/// ```
/// use cde_runtime::BinaryBody;
/// use cde_runtime::bytes::Bytes;
///
/// let in_memory = BinaryBody::from(vec![1u8, 2, 3]);
/// let chunks = cde_runtime::futures::stream::iter([
///     Ok::<_, std::io::Error>(Bytes::from_static(b"first ")),
///     Ok(Bytes::from_static(b"second")),
/// ]);
/// let streamed = BinaryBody::stream(chunks);
/// # let _ = (in_memory, streamed);
/// ```
pub struct BinaryBody(Binary);

enum Binary {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl BinaryBody {
    /// A body read from `stream` while the request is sent.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self(Binary::Stream(reqwest::Body::wrap_stream(stream)))
    }

    /// Whether the body is a stream (sent once).
    pub fn is_stream(&self) -> bool {
        matches!(self.0, Binary::Stream(_))
    }

    /// The request body it is, sent as `content_type`.
    pub(crate) fn into_body(self, content_type: &str) -> crate::Body {
        let content_type = content_type.to_owned();
        match self.0 {
            Binary::Bytes(bytes) => crate::Body::Encoded {
                content_type,
                bytes,
            },
            Binary::Stream(body) => crate::Body::Stream {
                content_type,
                body: Streamed::new(body),
            },
        }
    }
}

impl fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Binary::Bytes(bytes) => write!(f, "BinaryBody({} bytes)", bytes.len()),
            Binary::Stream(_) => f.write_str("BinaryBody(stream)"),
        }
    }
}

impl From<Bytes> for BinaryBody {
    fn from(bytes: Bytes) -> Self {
        Self(Binary::Bytes(bytes))
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self(Binary::Bytes(Bytes::from(bytes)))
    }
}

impl From<&[u8]> for BinaryBody {
    fn from(bytes: &[u8]) -> Self {
        Self(Binary::Bytes(Bytes::copy_from_slice(bytes)))
    }
}

impl Input<BinaryBody> for Bytes {
    fn into_input(self) -> Result<BinaryBody, InvalidInput> {
        Ok(self.into())
    }
}

impl Input<BinaryBody> for Vec<u8> {
    fn into_input(self) -> Result<BinaryBody, InvalidInput> {
        Ok(self.into())
    }
}

impl Input<BinaryBody> for &[u8] {
    fn into_input(self) -> Result<BinaryBody, InvalidInput> {
        Ok(self.into())
    }
}

/// A streamed request body inside a [`crate::Body`], which is `Clone` (a
/// paged request is cloned per page): the clones share the one stream, which
/// the first send takes.
#[derive(Clone)]
pub struct Streamed(Arc<Mutex<Option<reqwest::Body>>>);

impl Streamed {
    /// A body sent (or served) as its stream yields.
    pub(crate) fn new(body: reqwest::Body) -> Self {
        Self(Arc::new(Mutex::new(Some(body))))
    }

    /// The stream, if no send has taken it yet.
    pub(crate) fn take(&self) -> Option<reqwest::Body> {
        self.0.lock().ok()?.take()
    }
}

impl fmt::Debug for Streamed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Streamed(..)")
    }
}

/// A response body handed out as it arrives, from an operation's
/// `bytes_stream()`: chunks of bytes, then the end. Reading it is not bounded
/// by the client's body limit; each chunk must arrive within the attempt
/// timeout of the one before (an `io::ErrorKind::TimedOut` error, then the
/// end). Holds one of the client's connections until it ends or is dropped.
///
/// Items are `std::io::Result<Bytes>`, so `tokio_util::io::StreamReader` can
/// turn it into an `AsyncRead`.
pub struct ByteStream {
    chunks: futures::stream::BoxStream<'static, std::io::Result<Bytes>>,
}

impl ByteStream {
    pub(crate) fn new(
        response: reqwest::Response,
        permit: OwnedSemaphorePermit,
        gap: Option<Duration>,
    ) -> Self {
        let state = (Some(response), Some(permit));
        let chunks = futures::stream::unfold(state, move |(response, permit)| async move {
            let mut response = response?;
            let next = match gap {
                Some(gap) => tokio::time::timeout(gap, response.chunk()).await,
                None => Ok(response.chunk().await),
            };
            match next {
                Ok(Ok(Some(chunk))) => Some((Ok(chunk), (Some(response), permit))),
                // The end: the connection's permit goes back with the response.
                Ok(Ok(None)) => None,
                Ok(Err(err)) => {
                    let err = crate::error::TransportError(err.without_url());
                    Some((Err(std::io::Error::other(err)), (None, None)))
                }
                Err(_) => {
                    let err = std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "no more of the body arrived within the timeout",
                    );
                    Some((Err(err), (None, None)))
                }
            }
        });
        Self {
            chunks: Box::pin(chunks),
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream(..)")
    }
}

impl Stream for ByteStream {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}
