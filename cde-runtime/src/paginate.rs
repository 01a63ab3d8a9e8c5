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
        /// Pointer to a boolean "more pages" flag; without it (or on a page
        /// without it), only an empty page ends the stream. When more pages
        /// follow and the last item has no cursor, the stream ends with an error.
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
            // A page without the flag (or with another value there) is read
            // as if none were declared: asking for one page too many costs a
            // request, ending early would lose items.
            let more = match has_more.and_then(|p| page.pointer(p)) {
                Some(Value::Bool(more)) => *more,
                _ => count > 0,
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
                (false, _) => Next::Done,
                (true, Some(cursor)) => {
                    let mut following = parts;
                    following.set_query(cursor_param, cursor);
                    Next::Request(Box::new(following))
                }
                // More pages follow, and nothing says where: an error after
                // this page's items, not a silent end.
                (true, None) => Next::Fail(Error::Pagination(format!(
                    "more pages follow, but the page's last item has no cursor at `{cursor_from}` (a string or a number) to ask for the next"
                ))),
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
            "the next page's link {} is not a URL: {err}",
            crate::error::bounded_debug(&target)
        ))
    })?;
    if !core.trusts(&parts, &url) {
        return Err(Error::Pagination(format!(
            "the next page's link {} is on another origin (credentials are never sent there)",
            crate::error::bounded_debug(&target)
        )));
    }
    parts.set_absolute_url(url.into());
    Ok(parts)
}

/// The `rel="next"` target of a `Link` header, if any (RFC 8288 §3: link
/// values separated by commas, each `<target>` then `; name=value`
/// parameters, a value a token or a quoted string, `rel` a space-separated
/// list of relation types).
///
/// Written here rather than taken from a crate: `parse_link_header` splits the
/// header at every comma, so a target with a comma in its query (`?ids=1,2`)
/// is lost, and takes `rel="next last"` as one name; either would end a
/// stream early, silently.
pub fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(next_in)
        .map(str::to_owned)
}

/// The first target of one `Link` header value whose relation types include
/// `next`.
fn next_in(mut rest: &str) -> Option<&str> {
    loop {
        // The target runs from `<` to `>`: a URI reference may hold commas and
        // semicolons, never `>`.
        let open = rest.find('<')?;
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        let (params, after) = link_params(&rest[close + 1..]);
        let is_next = params
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("rel"))
            .is_some_and(|(_, rel)| {
                rel.split_ascii_whitespace()
                    .any(|kind| kind.eq_ignore_ascii_case("next"))
            });
        if is_next {
            return Some(target);
        }
        rest = after;
    }
}

/// The `; name=value` parameters at the start of `text` (a quoted value
/// unquoted), up to the comma that ends the link value, and the text after
/// that comma.
fn link_params(text: &str) -> (Vec<(&str, String)>, &str) {
    let mut params = Vec::new();
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        let Some(param) = trimmed.strip_prefix(';') else {
            // The end of this link value: a comma, or the end of the header.
            let after = trimmed.find(',').map_or("", |comma| &trimmed[comma + 1..]);
            return (params, after);
        };
        let end = param.find([';', ',', '=']).unwrap_or(param.len());
        let name = param[..end].trim();
        let after_name = param[end..].strip_prefix('=').map(str::trim_start);
        let (value, after) = match after_name {
            Some(quoted) if quoted.starts_with('"') => unquote(quoted),
            Some(token) => {
                let end = token.find([';', ',']).unwrap_or(token.len());
                (token[..end].trim_end().to_owned(), &token[end..])
            }
            None => (String::new(), &param[end..]),
        };
        params.push((name, value));
        rest = after;
    }
}

/// A quoted string at the start of `text` (which starts with `"`), without its
/// quotes and escapes, and the text after it; an unclosed one runs to the end.
fn unquote(text: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (value, &text[at + 1..]),
            '\\' => value.extend(chars.next().map(|(_, escaped)| escaped)),
            c => value.push(c),
        }
    }
    (value, "")
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

    /// The `next` target of one `Link` header value.
    fn next_of(value: &str) -> Option<String> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::LINK, value.parse().unwrap());
        next_link(&headers)
    }

    #[test]
    fn link_targets_and_parameters_are_read_as_rfc_8288_writes_them() {
        for (value, next) in [
            // Commas and semicolons inside the target belong to it.
            (
                "<https://a/x?ids=1,2;v=3>; rel=\"next\"",
                Some("https://a/x?ids=1,2;v=3"),
            ),
            (
                "<https://a/x?p=1>; rel=\"prev\", <https://a/x?ids=4,5&p=3>; rel=\"next\"",
                Some("https://a/x?ids=4,5&p=3"),
            ),
            // `rel` is a list of relation types, in any case, quoted or not,
            // anywhere among the parameters, with space around `;` and `=`.
            ("<https://a/2>; rel=\"next last\"", Some("https://a/2")),
            ("<https://a/2>;rel=NEXT", Some("https://a/2")),
            (
                "<https://a/2> ; title=\"p, 2; of 9\" ; REL = next",
                Some("https://a/2"),
            ),
            // A quoted value (with an escaped quote) holds what would
            // otherwise be another link value.
            (
                "<https://a/1>; title=\"see \\\"x\\\", <https://a/9>; rel=next\"; rel=\"prev\", <https://a/3>; rel=next",
                Some("https://a/3"),
            ),
            // Only a relation type of `next` counts, and only `rel` names it.
            ("<https://a/2>; rel=\"nextpage\"", None),
            ("<https://a/2>; title=\"next\"; rel=\"last\"", None),
            ("<https://a/2>; anchor=\"#next\"", None),
            // A target without its `>` is no link.
            ("<https://a/2; rel=\"next\"", None),
            ("", None),
        ] {
            assert_eq!(next_of(value).as_deref(), next, "{value}");
        }
    }

    #[test]
    fn every_link_header_is_read() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.append(
            reqwest::header::LINK,
            "<https://a/1>; rel=prev".parse().unwrap(),
        );
        headers.append(
            reqwest::header::LINK,
            "<https://a/3>; rel=next".parse().unwrap(),
        );
        assert_eq!(next_link(&headers).as_deref(), Some("https://a/3"));
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
