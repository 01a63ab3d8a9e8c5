//! Media types, the one place the generator parses them: a media type's essence,
//! JSON media types, and whether a `content` key is a media type or range at all.

/// The media type without parameters, lower case (`Text/Plain; charset=utf-8`
/// gives `text/plain`).
pub(crate) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// How a sequential media type is split into items: a JSON text per line
/// (JSON Lines, NDJSON, Kubernetes' `application/json;stream=watch`), RFC
/// 7464's JSON text sequences, or server-sent events; `None` for any other.
/// Parameters count only for `stream=watch`. (The runtime reads media types
/// with the same rules.)
pub(crate) fn framing(media: &str) -> Option<crate::ir::Framing> {
    use crate::ir::Framing;
    match essence(media).as_str() {
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

/// Whether a media type is JSON: `application/json` or any `+json` suffix type.
pub(crate) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether `text` is a media type or range: `type/subtype`, `type/*` or `*/*`,
/// parameters allowed after `;`.
pub(crate) fn is_media_range(text: &str) -> bool {
    let essence = essence(text);
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    match essence.split_once('/') {
        Some(("*", "*")) => true,
        Some((kind, "*")) => token(kind),
        Some((kind, subtype)) => token(kind) && token(subtype),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essences_json_and_ranges() {
        assert_eq!(essence(" Text/Plain ; charset=utf-8"), "text/plain");
        assert!(is_json("application/vnd.github+json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(!is_json("application/jsonl"));
        assert!(is_media_range("*/*"));
        assert!(is_media_range("image/*; q=1"));
        assert!(is_media_range("application/octet-stream"));
        assert!(!is_media_range("png"));
        assert!(!is_media_range("*/png"));
    }

    #[test]
    fn sequential_media_types_and_their_framing() {
        use crate::ir::Framing;
        assert_eq!(framing("Application/JSONL"), Some(Framing::Lines));
        assert_eq!(
            framing("application/x-ndjson; charset=utf-8"),
            Some(Framing::Lines)
        );
        assert_eq!(
            framing("application/json;stream=watch"),
            Some(Framing::Lines)
        );
        assert_eq!(framing("application/json-seq"), Some(Framing::JsonSeq));
        assert_eq!(framing("text/event-stream"), Some(Framing::EventStream));
        assert_eq!(framing("application/json"), None);
        assert_eq!(framing("application/json; charset=utf-8"), None);
    }
}
