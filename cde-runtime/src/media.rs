//! Media types, the one place they are parsed: their essence, JSON media types,
//! media ranges (`*/*`, `image/*`), and a caller's `Content-Type` checked against a
//! range.

use std::borrow::Cow;

use crate::InvalidInput;

/// The media type without parameters, lower case (`Text/Plain; charset=utf-8`
/// gives `text/plain`): borrowed when it is lower case already, as nearly every
/// `Content-Type` is (each JSON answer's decoding asks for it).
pub(crate) fn essence(media: &str) -> Cow<'_, str> {
    let essence = media.split(';').next().unwrap_or("").trim();
    if essence.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(essence.to_ascii_lowercase())
    } else {
        Cow::Borrowed(essence)
    }
}

/// What kind of sequential media type `media` is: a JSON text per line
/// (JSON Lines, NDJSON, Kubernetes' `application/json;stream=watch`), RFC
/// 7464's JSON text sequences, or server-sent events; `None` for any other.
/// Parameters count only for `stream=watch`.
pub(crate) fn sequence_kind(media: &str) -> Option<crate::sequence::Framing> {
    use crate::sequence::Framing;
    match essence(media).as_ref() {
        "application/jsonl" | "application/x-ndjson" | "application/x-jsonlines" => {
            Some(Framing::Lines)
        }
        "application/json-seq" => Some(Framing::JsonSeq),
        "text/event-stream" => Some(Framing::EventStream),
        "application/json" => media
            .split(';')
            .skip(1)
            .any(|p| p.trim().eq_ignore_ascii_case("stream=watch"))
            .then_some(Framing::Lines),
        _ => None,
    }
}

/// Whether the media type's essence is in `range` (`*/*`, `type/*`, or one media
/// type).
pub(crate) fn in_range(range: &str, media: &str) -> bool {
    let (range, media) = (essence(range), essence(media));
    match range.split_once('/') {
        Some(("*", "*")) => true,
        Some((top, "*")) => media.split_once('/').is_some_and(|(t, _)| t == top),
        _ => range == media,
    }
}

/// Whether a media type is JSON: `application/json` or any `+json` suffix type.
pub fn is_json(content_type: &str) -> bool {
    // Compared without case rather than through `essence`, which would copy a
    // media type with capitals: every JSON answer's decoding asks this.
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let suffix = essence
        .len()
        .checked_sub(5)
        .map(|at| &essence.as_bytes()[at..]);
    essence.eq_ignore_ascii_case("application/json")
        || suffix.is_some_and(|suffix| suffix.eq_ignore_ascii_case(b"+json"))
}

/// The first listed media type that is not a range (`image/*`, `*/*`).
pub(crate) fn first_concrete<'a>(content_types: &[&'a str]) -> Option<&'a str> {
    content_types
        .iter()
        .copied()
        .find(|content_type| !essence(content_type).contains('*'))
}

/// A character allowed in a media type's type or subtype (an RFC 9110 token).
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Checks a `Content-Type` the caller gives for a body documented under `range`: a
/// media type (`type/subtype`, no wildcard, parameters allowed) in the range,
/// writable as a header.
pub(crate) fn check_content_type(range: &str, content_type: &str) -> Result<(), InvalidInput> {
    let fail = |why: &str| {
        Err(InvalidInput::new(format!(
            "the content type {content_type:?} {why}"
        )))
    };
    if content_type
        .chars()
        .any(|c| !(c == '\t' || (' '..='~').contains(&c)))
    {
        return fail("is not a valid header value");
    }
    let main = content_type.split(';').next().unwrap_or("").trim();
    let well_formed = main.split_once('/').is_some_and(|(top, sub)| {
        !top.is_empty()
            && !sub.is_empty()
            && top.chars().all(token_char)
            && sub.chars().all(token_char)
            && !main.contains('*')
    });
    if !well_formed {
        return fail("is not a media type (`type/subtype`)");
    }
    if !in_range(range, main) {
        return fail(&format!("is not in the documented range `{range}`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(in_range("*/*", "image/png"));
        assert!(in_range("image/*", "Image/PNG; q=1"));
        assert!(!in_range("image/*", "text/plain"));
        assert!(in_range("text/plain", "text/plain; charset=utf-8"));
        assert!(!in_range("text/plain", "text/html"));
        assert!(in_range("text/plain; q=1", "Text/Plain"));
        assert!(!in_range("image/jpeg", "image/png"));
        assert_eq!(first_concrete(&["image/*", "image/png"]), Some("image/png"));
        assert_eq!(first_concrete(&["image/*"]), None);
    }

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/jsonl"));
        assert!(is_json("application/VND.API+JSON"));
        assert!(!is_json("text/ünïcødé"));
        assert!(!is_json(""));
    }

    #[test]
    fn caller_content_types_are_checked() {
        assert!(check_content_type("*/*", "image/png").is_ok());
        assert!(check_content_type("*/*", "text/plain; charset=utf-8").is_ok());
        assert!(check_content_type("image/*", "image/svg+xml").is_ok());
        for bad in [
            "",
            "png",
            "image/",
            "*/*",
            "image/*",
            "a b/c",
            "text/plain\r\nX: y",
        ] {
            assert!(check_content_type("*/*", bad).is_err(), "{bad:?}");
        }
        let err = check_content_type("image/*", "text/plain").unwrap_err();
        assert!(err.to_string().contains("image/*"), "{err}");
    }
}
