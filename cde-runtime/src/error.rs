use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::CredentialsError;

/// How many bytes of a response body an error keeps.
pub(crate) const EXCERPT_LIMIT: usize = 2048;

/// How many bytes of a response's `Content-Type` an error keeps: a real one,
/// parameters and all (`multipart/form-data; boundary=...` with the longest
/// boundary allowed), is well under it.
const CONTENT_TYPE_LIMIT: usize = 256;

/// A request input that is not valid; reported before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {}: {message}", if name.is_empty() { "input" } else { name.as_str() })]
pub struct InvalidInput {
    name: String,
    message: String,
}

impl InvalidInput {
    /// An error with a message that says what is wrong.
    ///
    /// The message is kept to a few KiB, its control characters escaped: it
    /// may quote the caller's value (a string that does not match its
    /// pattern), which can be any size.
    pub fn new(message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            name: String::new(),
            message: bounded(format_args!("{message}")),
        }
    }

    /// Names the input (parameter or field) the error is about, unless
    /// already named; the name is kept like the message.
    pub fn named(mut self, name: &str) -> Self {
        if self.name.is_empty() {
            self.name = bounded(format_args!("{name}"));
        }
        self
    }

    /// The input's name as the spec writes it (empty if unknown).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// How much of a message, or of a documented error body (its `Debug` form),
/// an error keeps.
const DISPLAY_LIMIT: usize = 4096;

/// A writer that keeps the first `limit` bytes written to it, its control
/// characters (CR, LF, the escape that starts a terminal sequence, ...)
/// written as escapes (`\r`, `\n`, `\u{1b}`), so that text a server sent
/// cannot forge log lines or drive a terminal. The escapes count toward the
/// limit, so text made of control characters is bounded too.
struct Bounded {
    out: String,
    limit: usize,
    cut: bool,
}

impl fmt::Write for Bounded {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for c in text.chars() {
            let before = self.out.len();
            if c.is_control() {
                self.out.extend(c.escape_default());
            } else {
                self.out.push(c);
            }
            if self.out.len() > self.limit {
                self.out.truncate(before);
                self.cut = true;
                // Stop the formatting early: the rest would be thrown away.
                return Err(fmt::Error);
            }
        }
        Ok(())
    }
}

/// `text` as written, at most `limit` bytes of it once its control
/// characters are escaped (then `…`).
fn bounded_to(limit: usize, text: fmt::Arguments<'_>) -> String {
    let mut writer = Bounded {
        out: String::new(),
        limit,
        cut: false,
    };
    // An error here only means the limit was reached.
    let _ = fmt::write(&mut writer, text);
    if writer.cut {
        writer.out.push('…');
    }
    writer.out
}

/// `text` as written, bounded as by [`bounded_to`] to [`DISPLAY_LIMIT`].
fn bounded(text: fmt::Arguments<'_>) -> String {
    bounded_to(DISPLAY_LIMIT, text)
}

/// `value`'s `Debug` form, bounded as by [`bounded`].
pub(crate) fn bounded_debug(value: &dyn fmt::Debug) -> String {
    bounded(format_args!("{value:?}"))
}

/// `value` as displayed, bounded as by [`bounded`]: for messages that may
/// quote what a server sent (a decoder's, which quotes a wrongly typed
/// string whole).
pub(crate) fn bounded_display(value: &dyn fmt::Display) -> String {
    bounded(format_args!("{value}"))
}

/// A response that could not be used: the status, headers and body, with what
/// went wrong.
///
/// The body is kept whole (as far as it arrived), so that an answer the
/// spec's types do not fit can still be read some other way:
///
/// ```
/// # fn demo<E>(err: &cde_runtime::Error<E>) {
/// if let Some(failed) = err.failed_response() {
///     if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&failed.body) {
///         println!("the server said: {value}");
///     }
/// }
/// # }
/// ```
///
/// `Display` and `Debug` show only a bounded excerpt of it.
#[derive(Clone)]
pub struct FailedResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The `Content-Type` the server sent, if any (at most 256 bytes of it;
    /// the whole value is in `headers`).
    pub content_type: Option<String>,
    /// The start of the body (at most 2 KiB, lossily decoded as UTF-8), as the
    /// server sent it (`Display` escapes its control characters).
    pub excerpt: String,
    /// The body as it arrived: whole, or, when reading it failed (too large,
    /// cut short), the bytes received before that. It shares the buffer the
    /// body was read into: keeping it copies nothing.
    pub body: bytes::Bytes,
    /// What went wrong, when more can be said than the variant's name (at
    /// most 4 KiB, control characters escaped: it can quote what the server
    /// sent, as a decoding error quotes a string of the wrong type).
    pub detail: Option<String>,
}

impl FailedResponse {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: bytes::Bytes,
        detail: Option<String>,
    ) -> Self {
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| bounded_to(CONTENT_TYPE_LIMIT, format_args!("{value}")));
        let cut = body.len().min(EXCERPT_LIMIT);
        let mut excerpt = String::from_utf8_lossy(&body[..cut]).into_owned();
        if body.len() > cut {
            excerpt.push('…');
        }
        Self {
            status,
            headers,
            content_type,
            excerpt,
            body,
            detail: detail.map(|detail| bounded(format_args!("{detail}"))),
        }
    }
}

impl fmt::Debug for FailedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FailedResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .field("excerpt", &self.excerpt)
            .field("detail", &self.detail)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for FailedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "status {}", self.status)?;
        if let Some(content_type) = &self.content_type {
            write!(f, ", content type {content_type}")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if !self.excerpt.is_empty() {
            let excerpt = bounded_to(EXCERPT_LIMIT, format_args!("{}", self.excerpt));
            write!(f, "; body starts: {excerpt}")?;
        }
        Ok(())
    }
}

/// A documented error response: its status, headers and typed body.
///
/// Its `Debug` shows every header but the values of those that carry a
/// credential (`Set-Cookie`, `Authorization`, `Cookie`); `headers` has them
/// all.
#[derive(Clone)]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The typed body: one variant per documented error response.
    pub body: E,
    /// The body as it arrived, before decoding: it also has the members the
    /// typed body leaves out (those a newer server adds). It shares the buffer
    /// the body was read into: keeping it copies nothing.
    pub raw_body: bytes::Bytes,
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &crate::secret::ShownHeaders(&self.headers))
            .field("body", &self.body)
            .field("raw_body_len", &self.raw_body.len())
            .finish()
    }
}

/// The request could not be sent or its response could not be read (connection
/// refused, TLS, reset). Never shows the request URL (it can carry a query secret).
#[derive(Debug)]
pub struct TransportError(pub(crate) reqwest::Error);

impl TransportError {
    /// Whether connecting to the server failed.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(&self.0);
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// Everything that can go wrong with a call to a generated operation.
///
/// `E` is the operation's documented-errors type: one variant per documented error
/// status, each with its typed body. Every other failure has its own variant here.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a documented error status; the body is typed.
    Api(Box<ApiError<E>>),
    /// A request input was invalid; nothing was sent.
    InvalidInput(InvalidInput),
    /// The credentials provider failed; nothing was sent.
    Credentials(CredentialsError),
    /// The request (or reading its response) took longer than the timeout.
    Timeout(Option<Duration>),
    /// The request could not be sent or the connection failed.
    Transport(TransportError),
    /// The connection ended before the whole body arrived.
    IncompleteBody(Box<FailedResponse>),
    /// The server answered with a status the spec does not document.
    UnexpectedStatus(Box<FailedResponse>),
    /// The server answered a documented status with a content type the spec does not
    /// document for it.
    UnexpectedContentType(Box<FailedResponse>),
    /// The body does not decode into the documented type (invalid JSON, wrong shape).
    InvalidBody(Box<FailedResponse>),
    /// The server answered with a redirect the client does not follow (to
    /// another origin, unless the client follows those; one that would carry
    /// the body to another origin; more than ten): the 3xx response, its
    /// `Location` in the headers, the reason in the detail.
    Redirect(Box<FailedResponse>),
    /// The response body is larger than the client's limit (by its
    /// `Content-Length`, before reading, or while reading): the detail names the
    /// limit; the excerpt is what had arrived.
    BodyTooLarge(Box<FailedResponse>),
    /// A stream of pages stopped: the next page repeats one already requested,
    /// is past the client's page cap, or is linked on another origin.
    Pagination(String),
}

impl<E> Error<E> {
    /// The documented error body, if the server sent one.
    pub fn documented(&self) -> Option<&E> {
        match self {
            Error::Api(err) => Some(&err.body),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(err) => Some(err.status),
            Error::IncompleteBody(failed)
            | Error::UnexpectedStatus(failed)
            | Error::UnexpectedContentType(failed)
            | Error::InvalidBody(failed)
            | Error::Redirect(failed)
            | Error::BodyTooLarge(failed) => Some(failed.status),
            _ => None,
        }
    }

    /// The failed response, for the variants that keep one.
    pub fn failed_response(&self) -> Option<&FailedResponse> {
        match self {
            Error::IncompleteBody(failed)
            | Error::UnexpectedStatus(failed)
            | Error::UnexpectedContentType(failed)
            | Error::InvalidBody(failed)
            | Error::Redirect(failed)
            | Error::BodyTooLarge(failed) => Some(&**failed),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(err) => write!(
                f,
                "the server answered with documented error status {}: {}",
                err.status,
                bounded_debug(&err.body)
            ),
            Error::InvalidInput(err) => write!(f, "request not sent: {err}"),
            Error::Credentials(err) => write!(f, "request not sent: {err}"),
            Error::Timeout(Some(after)) => write!(f, "the request timed out after {after:?}"),
            Error::Timeout(None) => write!(f, "the request timed out"),
            Error::Transport(err) => write!(f, "transport error: {err}"),
            Error::IncompleteBody(failed) => {
                write!(f, "the response body ended early ({failed})")
            }
            Error::UnexpectedStatus(failed) => {
                write!(
                    f,
                    "the server answered with an undocumented status ({failed})"
                )
            }
            Error::UnexpectedContentType(failed) => {
                write!(
                    f,
                    "the server answered with an undocumented content type ({failed})"
                )
            }
            Error::InvalidBody(failed) => {
                write!(f, "the response body does not match the spec ({failed})")
            }
            Error::Redirect(failed) => write!(f, "redirect not followed ({failed})"),
            Error::BodyTooLarge(failed) => write!(f, "the response body is too large ({failed})"),
            Error::Pagination(reason) => write!(
                f,
                "pagination stopped: {}",
                bounded(format_args!("{reason}"))
            ),
        }
    }
}

/// `Display` says what caused the error (the invalid input, the credentials
/// provider's message, the transport's chain of causes), so `source()` is
/// none: a printer of error chains (`anyhow`'s `{:#}` and `{:?}`) would
/// otherwise show each cause twice. Match the variant to reach the cause.
impl<E: fmt::Debug> std::error::Error for Error<E> {}

impl<E> From<InvalidInput> for Error<E> {
    fn from(err: InvalidInput) -> Self {
        Error::InvalidInput(err)
    }
}

/// A failure before a response could be matched to the spec; independent of `E`.
#[derive(Debug)]
pub(crate) enum SendError {
    InvalidInput(InvalidInput),
    Credentials(CredentialsError),
    Timeout(Option<Duration>),
    Transport(TransportError),
    IncompleteBody(Box<FailedResponse>),
    Redirect(Box<FailedResponse>),
    BodyTooLarge(Box<FailedResponse>),
}

impl<E> From<SendError> for Error<E> {
    fn from(err: SendError) -> Self {
        match err {
            SendError::InvalidInput(err) => Error::InvalidInput(err),
            SendError::Credentials(err) => Error::Credentials(err),
            SendError::Timeout(after) => Error::Timeout(after),
            SendError::Transport(err) => Error::Transport(err),
            SendError::IncompleteBody(failed) => Error::IncompleteBody(failed),
            SendError::Redirect(failed) => Error::Redirect(failed),
            SendError::BodyTooLarge(failed) => Error::BodyTooLarge(failed),
        }
    }
}
