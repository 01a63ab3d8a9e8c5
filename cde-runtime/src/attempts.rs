//! The attempts of one call: the settings it runs with (the client's,
//! overridden by the request's options), when an attempt must end, whether a
//! failed one is tried again and how long to wait first.

use std::time::Duration;

use futures::FutureExt as _;
use futures::future::Either;
use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use tokio::time::{Instant, error::Elapsed};

use crate::error::SendError;
use crate::{IDEMPOTENCY_KEY, RequestParts, Retry};

/// The settings one call runs with.
pub(crate) struct Settings {
    /// Each attempt's timeout.
    pub(crate) timeout: Option<Duration>,
    /// When the call must be over, and the deadline that says so.
    pub(crate) deadline: Option<(Instant, Duration)>,
    pub(crate) retry: Retry,
    pub(crate) body_limit: u64,
    pub(crate) item_limit: usize,
}

/// When an attempt must be over, and the setting that says so.
#[derive(Clone, Copy)]
pub(crate) struct End {
    pub(crate) at: Instant,
    pub(crate) after: Duration,
}

impl Settings {
    /// The end of an attempt starting now: its timeout or the call's
    /// deadline, whichever comes first.
    pub(crate) fn attempt_end(&self) -> Option<End> {
        // A timeout too long for the clock to reach is none.
        let own = self.timeout.and_then(|after| {
            Some(End {
                at: Instant::now().checked_add(after)?,
                after,
            })
        });
        let overall = self.deadline.map(|(at, after)| End { at, after });
        match (own, overall) {
            (Some(own), Some(overall)) if overall.at < own.at => Some(overall),
            (own, overall) => own.or(overall),
        }
    }

    /// The wait before attempt `attempt + 1` (`asked` is the server's
    /// `Retry-After`), or `None` when there is to be no such attempt: the
    /// wait is over the retry cap or would end past the deadline.
    pub(crate) fn wait(&self, attempt: u32, asked: Option<Duration>) -> Option<Duration> {
        let wait = self.retry.wait(attempt - 1, asked)?;
        match self.deadline {
            Some((at, _)) if Instant::now().checked_add(wait).is_none_or(|end| end >= at) => None,
            _ => Some(wait),
        }
    }
}

/// `future`, stopped at `end` if there is one.
///
/// Not an `async fn`: one would keep `future` twice in its state, as the
/// argument and inside the timeout it awaits (rust-lang/rust#62958), and the
/// attempt's future it wraps is most of a call's (as a plain function, the
/// future of `ClientCore::send` went from 3,264 to 2,472 bytes, and a 1 KiB
/// GET in `bench/run runtime` ran about 1% fewer instructions).
pub(crate) fn within<F: Future>(
    end: Option<End>,
    future: F,
) -> impl Future<Output = Result<F::Output, Elapsed>> {
    match end {
        Some(end) => Either::Left(tokio::time::timeout_at(end.at, future)),
        None => Either::Right(future.map(Ok)),
    }
}

/// Whether the request may be sent more than once: its method is idempotent
/// or the caller says it is (or gives it an idempotency key), and its body can
/// be sent again.
pub(crate) fn may_resend(request: &RequestParts) -> bool {
    let idempotent_method = matches!(
        request.method.as_str(),
        "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE" | "QUERY"
    );
    let keyed = request
        .headers
        .iter()
        .chain(&request.options.headers)
        .any(|(name, _)| name == IDEMPOTENCY_KEY);
    (idempotent_method || request.options.idempotent || keyed) && request.body.can_resend()
}

/// Whether `status` says a later attempt may succeed: 429 Too Many Requests,
/// 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout.
pub(crate) fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (a date
/// already past is no wait). `None` without one or when it is unreadable. A
/// number of seconds too large for a `u64` is the longest wait there is.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// The timeout error of an attempt (or a wait) that ran until `end`.
pub(crate) fn timed_out(end: Option<End>) -> SendError {
    SendError::Timeout(end.map(|end| end.after))
}
