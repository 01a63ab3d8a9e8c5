//! Per-request options and the retry policy.
//!
//! A client's settings (timeout, deadline, retries, body limit) are its
//! defaults; [`RequestOptions`], given to one request through its builder's
//! `with_options`, overrides any of them for that request (and every page of
//! it, for `.items()`) and can add headers and mark the request idempotent.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::InvalidInput;

/// The header that makes a POST or PATCH safe to retry: the server answers a
/// repeated key with the first answer (Stripe-style APIs and the IETF draft
/// "The Idempotency-Key HTTP Header Field").
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The header that resumes a stream of server-sent events after the event
/// with the id it carries.
pub const LAST_EVENT_ID: &str = "last-event-id";

/// The headers a caller may not give ([`RequestOptions::header`]): those
/// that frame the request on the connection or name the host it is for
/// (RFC 9110 §7.2, §7.6.1, §8.6; RFC 9112 §6.1), lower case as `HeaderName`
/// keeps them.
const TRANSPORT_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// When and how often a failed request is sent again.
///
/// A request is retried after a connect error, a timeout before the
/// response's head arrived, or a 429, 502, 503 or 504 — if its method is
/// idempotent (GET, HEAD, OPTIONS, PUT, DELETE, QUERY) or it is marked so
/// ([`RequestOptions::idempotent`], an `Idempotency-Key` header), and its body
/// can be sent again. Between attempts it waits a random time up to
/// `base × 2ⁿ` (full jitter), at most `cap`; a `Retry-After` the server sends is
/// waited instead, unless it is over the cap or past the deadline (then that
/// answer is the result).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    attempts: u32,
    base: Duration,
    cap: Duration,
}

impl Default for Retry {
    /// 3 attempts; backoff 100 ms × 2ⁿ, capped at 20 s.
    fn default() -> Self {
        Self {
            attempts: 3,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(20),
        }
    }
}

impl Retry {
    /// At most `attempts` attempts in all (the first included; `0` counts as
    /// 1), with the default backoff.
    pub fn attempts(attempts: u32) -> Self {
        Self {
            attempts: attempts.max(1),
            ..Self::default()
        }
    }

    /// One attempt: no retries.
    pub fn none() -> Self {
        Self::attempts(1)
    }

    /// Sets the backoff: the wait before retry `n` (from 0) is a random time up
    /// to `base × 2ⁿ`, never over `cap`; `cap` also bounds the `Retry-After`
    /// waited.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.base = base;
        self.cap = cap;
        self
    }

    /// The most attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.attempts
    }

    /// The longest wait before retry `retry` (0 for the first retry): `base ×
    /// 2^retry`, at most the cap.
    pub fn max_backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The wait before retry `retry`: a random time up to
    /// [`Retry::max_backoff`], or the server's `Retry-After` when it gave one;
    /// `None` when that is over the cap (the answer is then the result).
    pub(crate) fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        match retry_after {
            Some(asked) if asked > self.cap => None,
            Some(asked) => Some(asked),
            None => {
                let most = u64::try_from(self.max_backoff(retry).as_micros()).unwrap_or(u64::MAX);
                Some(Duration::from_micros(fastrand::u64(0..=most)))
            }
        }
    }
}

/// Settings for one request, overriding the client's: pass them to an
/// operation builder's `with_options`.
///
/// ```
/// use std::time::Duration;
/// use cde_runtime::{RequestOptions, Retry};
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry(Retry::attempts(5))
///     .header("x-request-id", "7f3a")
///     .idempotency_key("order-2041");
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) deadline: Option<Option<Duration>>,
    pub(crate) retry: Option<Retry>,
    pub(crate) body_limit: Option<u64>,
    pub(crate) item_limit: Option<usize>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) idempotent: bool,
    /// The first header that could not be added: reported when the request
    /// is sent, as an invalid input.
    pub(crate) invalid: Option<InvalidInput>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values can be secrets: only their names are shown.
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("body_limit", &self.body_limit)
            .field("item_limit", &self.item_limit)
            .field("headers", &headers)
            .field("idempotent", &self.idempotent)
            .finish_non_exhaustive()
    }
}

impl RequestOptions {
    /// No overrides: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt: from asking for credentials to the last
    /// byte of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Some(timeout));
        self
    }

    /// No timeout on each attempt (the deadline still applies).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// The time the whole call may take: every attempt and every wait
    /// between them.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(Some(deadline));
        self
    }

    /// No overall deadline.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = Some(None);
        self
    }

    /// The retry policy of this request.
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = Some(retry);
        self
    }

    /// No retries for this request.
    pub fn no_retries(self) -> Self {
        self.retry(Retry::none())
    }

    /// The most bytes of the response body read.
    pub fn body_limit(mut self, bytes: u64) -> Self {
        self.body_limit = Some(bytes);
        self
    }

    /// The most bytes of one item of a streamed body (a line, a record, an
    /// event's data); a larger item is an error item.
    pub fn item_limit(mut self, bytes: usize) -> Self {
        self.item_limit = Some(bytes);
        self
    }

    /// Sends `id` as the `Last-Event-ID` header: resumes a stream of
    /// server-sent events after the event with that id (see
    /// `ItemStream::resume`). Only a GET is resumed this way: given to
    /// another request, it makes that request an invalid input.
    pub fn last_event_id(self, id: &str) -> Self {
        self.header(LAST_EVENT_ID, id)
    }

    /// Adds a header, sent on every attempt and only to the client's own
    /// origins (never along a redirect to another). Checked like a header
    /// parameter: a name or value a header cannot carry makes the request an
    /// invalid input, its value never repeated in the error.
    ///
    /// It replaces a header of the same name the client would send
    /// (`User-Agent`, the credentials' `Authorization` or API key header, a
    /// body's `Content-Type`); a header parameter of the request that is set
    /// wins over both. A `Cookie` joins the request's one `Cookie` header. The
    /// headers that frame the request or name its host (`Host`,
    /// `Content-Length`, `Transfer-Encoding`, `Connection` and the other
    /// hop-by-hop ones) are the client's to write: giving one is an invalid
    /// input, since it would let one request's bytes be read as another's or
    /// send the credentials to another host behind the same address.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidInput::new("not a valid header name").named(name))
            .and_then(|header| {
                if TRANSPORT_HEADERS.contains(&header.as_str()) {
                    return Err(InvalidInput::new(
                        "is written by the client from the request's URL and body, not given as a header",
                    )
                    .named(name));
                }
                let mut value = HeaderValue::from_str(value).map_err(|_| {
                    InvalidInput::new(
                        "is not a valid header value (no control characters or line breaks)",
                    )
                    .named(name)
                })?;
                value.set_sensitive(true);
                Ok((header, value))
            });
        match parsed {
            Ok((header, value)) => {
                self.headers.retain(|(known, _)| *known != header);
                self.headers.push((header, value));
            }
            Err(err) => {
                self.invalid.get_or_insert(err);
            }
        }
        self
    }

    /// Marks the request safe to send more than once, so that a POST or PATCH
    /// is retried like a GET.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Sends `key` as the `Idempotency-Key` header (the same on every
    /// attempt), which makes the request safe to retry. Where the operation
    /// has an `Idempotency-Key` header parameter, give the key there instead:
    /// a parameter that is set wins over this.
    pub fn idempotency_key(self, key: &str) -> Self {
        self.header(IDEMPOTENCY_KEY, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_up_to_the_cap() {
        let retry = Retry::default();
        assert_eq!(retry.max_backoff(0), Duration::from_millis(100));
        assert_eq!(retry.max_backoff(3), Duration::from_millis(800));
        assert_eq!(retry.max_backoff(40), Duration::from_secs(20));
        for n in 0..8 {
            let wait = retry.wait(n, None).unwrap();
            assert!(wait <= retry.max_backoff(n), "{wait:?}");
        }
    }

    #[test]
    fn a_retry_after_over_the_cap_ends_the_retries() {
        let retry = Retry::default();
        let asked = Duration::from_secs(3);
        assert_eq!(retry.wait(0, Some(asked)), Some(asked));
        assert_eq!(retry.wait(0, Some(Duration::from_secs(21))), None);
    }

    #[test]
    fn a_bad_header_is_kept_as_an_error_without_its_value() {
        let options = RequestOptions::new()
            .header("x-ok", "shh-value")
            .header("x-bad", "a\r\nb-secret");
        let err = options.invalid.clone().unwrap();
        assert_eq!(err.name(), "x-bad");
        assert!(!err.to_string().contains("secret"), "{err}");
        assert!(!format!("{options:?}").contains("shh"));
    }
}
