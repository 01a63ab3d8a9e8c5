//! Lazy streams over every item of a paginated operation.
//!
//! The generator learns how an operation paginates from the spec's `x-pagination`
//! extension (or the macro's `pagination` option) and passes a [`Pagination`] here;
//! the stream fetches one page at a time, only when the consumer asks for more.

use std::collections::{HashSet, VecDeque};

use futures::stream::{self, BoxStream, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{ClientCore, Error, InvalidInput, RequestParts, Responses};

/// How an operation paginates. Pointers are JSON pointers into a page's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    /// `offset`/`limit` query parameters. A page's `next` marker decides: null
    /// ends the stream, a number is the next offset, any other value means the
    /// next page starts after this one's items; without a marker, only an empty
    /// page ends the stream (a server may return fewer items than the limit
    /// asked for, and more may follow).
    Offset {
        /// The query parameter with the index of the first item (e.g. `from`).
        offset_param: &'static str,
        /// The query parameter with the page size (e.g. `limit`).
        limit_param: &'static str,
        /// The page size to ask for when the caller did not set one.
        default_limit: u64,
        /// Pointer to the page's items (e.g. `/data`).
        items: &'static str,
        /// Pointer to a "next page" marker; when present and null, there is none.
        next: Option<&'static str>,
    },
    /// A cursor taken from the last item (Stripe's `starting_after` / `has_more`).
    Cursor {
        /// The query parameter that carries the cursor.
        cursor_param: &'static str,
        /// Pointer, inside the last item, to the next cursor (e.g. `/id`).
        cursor_from: &'static str,
        /// Pointer to the page's items.
        items: &'static str,
        /// Pointer to a boolean "more pages" flag; without it, an empty page ends.
        has_more: Option<&'static str>,
    },
    /// The `Link: <url>; rel="next"` response header (GitHub).
    Link {
        /// Pointer to the page's items (empty for a body that is the array itself).
        items: &'static str,
    },
}

impl Pagination {
    fn items(&self) -> &'static str {
        match self {
            Pagination::Offset { items, .. }
            | Pagination::Cursor { items, .. }
            | Pagination::Link { items } => items,
        }
    }
}

enum Next<E> {
    Request(Box<RequestParts>),
    /// The stream ends with this error, once the items before it are out.
    Fail(Error<E>),
    Done,
}

struct State<'a, T, E> {
    core: &'a ClientCore,
    pagination: Pagination,
    next: Next<E>,
    buffer: VecDeque<T>,
    /// The URLs of the pages requested so far: a next page that is one of them
    /// (a cursor, offset or link that does not advance) ends the stream with an
    /// error instead of looping forever.
    requested: HashSet<String>,
}

/// Streams every item of every page, fetching pages lazily. An error (on any page)
/// is yielded once and ends the stream; nothing is dropped silently.
pub fn paginate<'a, R, T>(
    core: &'a ClientCore,
    first: Result<RequestParts, InvalidInput>,
    pagination: Pagination,
) -> BoxStream<'a, Result<T, Error<R::Error>>>
where
    R: Responses + 'a,
    R::Success: Serialize + Send,
    R::Error: Send + 'a,
    T: DeserializeOwned + Send + 'a,
{
    let next = match first {
        Ok(mut parts) => {
            if let Pagination::Offset {
                limit_param,
                default_limit,
                offset_param,
                ..
            } = pagination
            {
                if !parts.has_query(limit_param) {
                    parts.set_query(limit_param, default_limit.to_string());
                }
                if !parts.has_query(offset_param) {
                    parts.set_query(offset_param, String::from("0"));
                }
            }
            Next::Request(Box::new(parts))
        }
        Err(err) => Next::Fail(Error::InvalidInput(err)),
    };
    let state = State {
        core,
        pagination,
        next,
        buffer: VecDeque::new(),
        requested: HashSet::new(),
    };
    stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let parts = match std::mem::replace(&mut state.next, Next::Done) {
                Next::Request(parts) => parts,
                Next::Fail(err) => return Some((Err(err), state)),
                Next::Done => return None,
            };
            if let Err(err) = state.check_next(&parts) {
                return Some((Err(err), state));
            }
            match fetch::<R, T>(state.core, *parts, state.pagination).await {
                Ok((items, next)) => {
                    state.buffer.extend(items);
                    state.next = next;
                }
                Err(err) => return Some((Err(err), state)),
            }
        }
    })
    .boxed()
}

impl<T, E> State<'_, T, E> {
    /// Refuses a page this stream requested before, and one past the client's
    /// page cap.
    fn check_next(&mut self, parts: &RequestParts) -> Result<(), Error<E>> {
        if let Some(cap) = self.core.max_pages()
            && self.requested.len() >= cap
        {
            return Err(Error::Pagination(format!(
                "the stream has more pages to read than this client's cap of {cap} (ClientBuilder::max_pages)"
            )));
        }
        let url = self.core.request_url(parts).map_err(Error::from)?;
        if !self.requested.insert(url.into()) {
            return Err(Error::Pagination(String::from(
                "the next page is one this stream already requested: the server's next offset, cursor or link does not advance",
            )));
        }
        Ok(())
    }
}

/// Fetches one page and decides the next: items read at the declared pointer,
/// and the next request made from the offset, cursor or `Link` header, or none.
async fn fetch<R, T>(
    core: &ClientCore,
    parts: RequestParts,
    pagination: Pagination,
) -> Result<(Vec<T>, Next<R::Error>), Error<R::Error>>
where
    R: Responses,
    R::Success: Serialize,
    T: DeserializeOwned,
{
    let response = core.execute::<R>(&parts).await?;
    let page = serde_json::to_value(response.body()).map_err(|err| {
        Error::InvalidInput(InvalidInput::new(format!("page cannot be read: {err}")))
    })?;
    let raw_items = page
        .pointer(pagination.items())
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    let raw_items = match raw_items {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    };
    let count = raw_items.len();
    let last = raw_items.last().cloned();
    let items = raw_items
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<Vec<T>, _>>()
        .map_err(|err| {
            Error::InvalidInput(InvalidInput::new(format!(
                "page item cannot be read: {err}"
            )))
        })?;
    let next = match pagination {
        Pagination::Offset {
            offset_param, next, ..
        } => {
            let offset = parts
                .query_value(offset_param)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            let after = offset.saturating_add(count as u64);
            let following = match next.and_then(|p| page.pointer(p)) {
                Some(Value::Null) => None,
                Some(Value::Number(number)) => Some(number.as_u64().unwrap_or(after)),
                Some(_) => Some(after),
                None if count == 0 => None,
                None => Some(after),
            };
            match following {
                Some(offset) => {
                    let mut following = parts;
                    following.set_query(offset_param, offset.to_string());
                    Next::Request(Box::new(following))
                }
                None => Next::Done,
            }
        }
        Pagination::Cursor {
            cursor_param,
            cursor_from,
            has_more,
            ..
        } => {
            let more = match has_more {
                Some(p) => page.pointer(p) == Some(&Value::Bool(true)),
                None => count > 0,
            };
            let cursor = last
                .as_ref()
                .and_then(|l| l.pointer(cursor_from))
                .and_then(|c| match c {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
            match (more, cursor) {
                (true, Some(cursor)) => {
                    let mut following = parts;
                    following.set_query(cursor_param, cursor);
                    Next::Request(Box::new(following))
                }
                _ => Next::Done,
            }
        }
        Pagination::Link { .. } => match next_link(response.headers()) {
            Some(target) => match next_linked(core, parts, &target) {
                Ok(following) => Next::Request(Box::new(following)),
                // The page's items still go out first.
                Err(err) => Next::Fail(err),
            },
            None => Next::Done,
        },
    };
    Ok((items, next))
}

/// The request for the page a `Link` header's `target` names: a relative
/// target resolved against the page's URL (RFC 8288 §3.2), only on an origin
/// the request's credentials may go to (the base URL's, the operation's own
/// server's).
fn next_linked<E>(
    core: &ClientCore,
    mut parts: RequestParts,
    target: &str,
) -> Result<RequestParts, Error<E>> {
    let here = core.request_url(&parts).map_err(Error::from)?;
    let url = here.join(target).map_err(|err| {
        Error::Pagination(format!(
            "the next page's link {target:?} is not a URL: {err}"
        ))
    })?;
    if !core.trusts(&parts, &url) {
        return Err(Error::Pagination(format!(
            "the next page's link {target:?} is on another origin (credentials are never sent there)"
        )));
    }
    parts.set_absolute_url(url.into());
    Ok(parts)
}

/// The `rel="next"` target of a `Link` header, if any.
pub fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let mut pieces = link.split(';');
            let target = pieces.next()?.trim();
            let is_next = pieces.any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "rel=\"next\"" || p == "rel=next"
            });
            if is_next && target.starts_with('<') && target.ends_with('>') {
                return Some(target[1..target.len() - 1].to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_are_parsed() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            "<https://api.example/x?page=2>; rel=\"next\", <https://api.example/x?page=9>; rel=\"last\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("https://api.example/x?page=2")
        );
        headers.insert(
            reqwest::header::LINK,
            "<https://a/x>; rel=\"prev\"".parse().unwrap(),
        );
        assert_eq!(next_link(&headers), None);
    }

    struct C(ClientCore);
    impl crate::client::FromCore for C {
        fn from_core(core: ClientCore) -> Self {
            C(core)
        }
    }

    #[test]
    fn a_link_may_stay_on_the_operation_s_own_server() {
        let client: C = crate::ClientBuilder::new(Some("https://h.example/api"), "ua")
            .build()
            .unwrap();
        let mut parts = RequestParts::new(crate::Method::GET, String::from("/files"));
        parts.server = Some("https://files.example/v1");
        let next = next_linked::<()>(&client.0, parts, "/v1/files?page=2").unwrap();
        assert_eq!(
            next.absolute_url.as_deref(),
            Some("https://files.example/v1/files?page=2")
        );
        let mut parts = RequestParts::new(crate::Method::GET, String::from("/files"));
        parts.server = Some("https://files.example/v1");
        let elsewhere = next_linked::<()>(&client.0, parts, "https://other.example/files");
        assert!(matches!(elsewhere, Err(Error::Pagination(_))));
    }
}
