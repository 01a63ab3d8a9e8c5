//! Routing: the operations a mock server serves ([`Route`]), their path templates,
//! and which of an operation's media types a request body came as.

use crate::Method;
use crate::auth::Scheme;

/// A canned response from the spec: a status, a media type and a body.
#[derive(Debug, Clone, Copy)]
pub struct Canned {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` (empty for no body).
    pub content_type: &'static str,
    /// The body (an example, or a value made from the schema).
    pub body: &'static str,
}

/// How the typed request's body arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// JSON (`application/json` or `+json`).
    Json,
    /// `multipart/form-data`.
    Multipart,
    /// Any other media type: the documented one, or any in a range (`*/*`,
    /// `image/*`).
    Other(&'static str),
}

/// One operation as the mock server sees it.
#[derive(Debug, Clone)]
pub struct Route {
    /// The operationId.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/connectors/{publicId}`.
    pub path: &'static str,
    /// Security alternatives (empty: none needed).
    pub security: &'static [&'static [Scheme]],
    /// The request body's media, if the operation takes a body.
    pub body: Option<BodyMedia>,
    /// The documented success answered by default.
    pub success: Canned,
    /// The documented 400 response, if any.
    pub bad_request: Option<Canned>,
    /// The documented 401 response, if any.
    pub unauthorized: Option<Canned>,
    /// The documented 404 response, if any: the stateful mode's answer to an
    /// id its collection does not hold.
    pub not_found: Option<Canned>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PathSegment {
    Literal(String),
    Param,
}

/// The segments of a route's path template (what comes before any `?`).
pub(super) fn template_segments(path: &str) -> Vec<PathSegment> {
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    path.trim_start_matches('/')
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                PathSegment::Param
            } else {
                PathSegment::Literal(segment.to_owned())
            }
        })
        .collect()
}

/// The query pairs a route's template requires of every request (what comes
/// after its `?`, percent-encoded), decoded: a path key with a constant query
/// (`/rest?method=search`) routes only requests that carry it.
pub(super) fn template_query(path: &str) -> Vec<(String, String)> {
    match path.split_once('?') {
        Some((_, query)) => crate::pending::constant_pairs(query).collect(),
        None => Vec::new(),
    }
}

/// How many literal parts of the template and the required query pairs a
/// request matches, or `None` when it does not match.
pub(super) fn match_route(
    template: &[PathSegment],
    required: &[(String, String)],
    segments: &[String],
    query: &[(String, String)],
) -> Option<usize> {
    let literals = match_template(template, segments)?;
    let carried = required.iter().all(|pair| query.contains(pair));
    carried.then_some(literals + required.len())
}

pub(super) fn match_template(template: &[PathSegment], segments: &[String]) -> Option<usize> {
    if template.len() != segments.len() {
        return None;
    }
    let mut literals = 0;
    for (t, s) in template.iter().zip(segments) {
        match t {
            PathSegment::Literal(text) if text == s => literals += 1,
            PathSegment::Literal(_) => return None,
            PathSegment::Param if s.is_empty() => return None,
            PathSegment::Param => {}
        }
    }
    Some(literals)
}

/// Which of the media types `taken` (the route's own first) a body with this
/// `Content-Type` is: one named exactly, else the JSON one for any JSON media type,
/// else one whose range holds it; without a `Content-Type`, the first.
pub(super) fn choose_media(taken: &[BodyMedia], content_type: &str) -> Option<usize> {
    if content_type.is_empty() {
        return (taken.first() != Some(&BodyMedia::Multipart)).then_some(0);
    }
    let essence = crate::media::essence(content_type);
    let exact = taken.iter().position(|media| match media {
        BodyMedia::Json => false,
        BodyMedia::Multipart => essence == "multipart/form-data",
        BodyMedia::Other(media) => !media.contains('*') && crate::media::essence(media) == essence,
    });
    exact
        .or_else(|| {
            taken
                .iter()
                .position(|media| *media == BodyMedia::Json && crate::media::is_json(content_type))
        })
        .or_else(|| {
            taken.iter().position(|media| match media {
                BodyMedia::Other(range) => {
                    range.contains('*') && crate::media::in_range(range, content_type)
                }
                _ => false,
            })
        })
}

/// The media types an operation takes, for a 415 answer.
pub(super) fn media_list(taken: &[BodyMedia]) -> String {
    taken
        .iter()
        .map(|media| match media {
            BodyMedia::Json => "application/json",
            BodyMedia::Multipart => "multipart/form-data",
            BodyMedia::Other(media) => media,
        })
        .collect::<Vec<_>>()
        .join(", ")
}
