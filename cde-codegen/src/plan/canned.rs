//! The mock's canned answers: for a documented response, its example, else an
//! example of the same schema elsewhere in the spec, else a value made from the
//! schema.

use serde_json::{Map, Value};

use crate::ir::*;

/// A response the mock answers with when no handler is set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Canned {
    /// The status sent.
    pub status: u16,
    /// The `Content-Type` sent (empty for no body).
    pub content_type: String,
    /// The body sent.
    pub body: String,
}

/// The success the mock answers `op` with: the documented success with the
/// lowest status (a range counting as its middle, `default` last); `None` when
/// it documents none.
pub(super) fn success(api: &Api, op: &Operation) -> Option<Canned> {
    op.responses
        .iter()
        .filter(|r| r.success)
        .min_by_key(|r| success_rank(r.key))
        .map(|r| canned(api, op, r))
}

/// Where a success stands among an operation's successes, lowest first: a
/// status by its code, a range as its middle, `default` last.
pub(super) fn success_rank(key: StatusKey) -> u16 {
    match key {
        StatusKey::Code(code) => code,
        StatusKey::Range(d) => d * 100 + 50,
        StatusKey::Default => 999,
    }
}

/// The answer to a request with `status` (the mock's 400 and 401): the response
/// documented for it, or for its range; `None` if neither is.
pub(super) fn for_status(api: &Api, op: &Operation, status: u16) -> Option<Canned> {
    op.responses
        .iter()
        .find(|r| r.key == StatusKey::Code(status))
        .or_else(|| {
            op.responses
                .iter()
                .find(|r| r.key == StatusKey::Range(status / 100))
        })
        .map(|r| canned(api, op, r))
}

/// A documented response as a canned answer: its example, else an example of the
/// same schema elsewhere in the spec, else a value made from its schema.
fn canned(api: &Api, op: &Operation, r: &ResponseDef) -> Canned {
    let status: u16 = match r.key {
        StatusKey::Code(code) => code,
        StatusKey::Range(d) => d * 100,
        StatusKey::Default if r.success => 200,
        StatusKey::Default => 500,
    };
    if let Some(stream) = r.stream.as_ref().filter(|stream| stream.by_send) {
        return Canned {
            status,
            content_type: stream.media_type.clone(),
            body: stream_body(api, stream),
        };
    }
    let example = api
        .examples
        .iter()
        .find(|e| {
            e.response
                .as_ref()
                .is_some_and(|x| x.response_type == op.response_type && x.key == r.key)
        })
        .or_else(|| {
            // An example of the same schema elsewhere: first one for the same
            // status, then any.
            let same_ty = |e: &&Example| e.ty == r.ty && r.ty != Ty::Unit;
            let same_key = |e: &&Example| e.response.as_ref().is_some_and(|x| x.key == r.key);
            api.examples
                .iter()
                .filter(same_ty)
                .find(same_key)
                .or_else(|| api.examples.iter().find(same_ty))
        })
        .map(|e| e.value.clone());
    let media_or = |fallback: &str| r.media_type.clone().unwrap_or_else(|| fallback.to_owned());
    let (content_type, body) = match r.kind {
        BodyKind::Empty => (String::new(), String::new()),
        BodyKind::Json => {
            let value = example.unwrap_or_else(|| sample(api, &r.ty, 0));
            (media_or("application/json"), value.to_string())
        }
        BodyKind::Text => (
            media_or("text/plain"),
            match example {
                Some(Value::String(text)) => text,
                _ => String::new(),
            },
        ),
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
            (media_or("application/octet-stream"), String::new())
        }
    };
    Canned {
        status,
        content_type,
        body,
    }
}

/// The most documented examples a canned stream sends.
const MAX_STREAM_EXAMPLES: usize = 3;

/// A canned stream: the documented examples of its item's type (a named
/// type's), one item each, else one value made from the item's schema; then
/// its end marker.
fn stream_body(api: &Api, stream: &StreamDef) -> String {
    let mut items: Vec<Value> = Vec::new();
    if matches!(stream.item, Ty::Named(_)) {
        for example in api.examples.iter().filter(|e| e.ty == stream.item) {
            if !items.contains(&example.value) && items.len() < MAX_STREAM_EXAMPLES {
                items.push(example.value.clone());
            }
        }
    }
    if items.is_empty() {
        items.push(sample(api, &stream.item, 0));
    }
    let mut texts: Vec<String> = items
        .iter()
        .map(|item| match (stream.framing, item) {
            // Text data is written as it is.
            (Framing::EventStream, Value::String(text)) if stream.item == Ty::String => {
                text.replace('\r', "")
            }
            _ => item.to_string(),
        })
        .collect();
    texts.extend(stream.end.clone());
    let mut body = String::new();
    for text in texts {
        match stream.framing {
            Framing::Lines => body.push_str(&text),
            Framing::JsonSeq => {
                body.push('\u{1e}');
                body.push_str(&text);
            }
            Framing::EventStream => {
                for line in text.split('\n') {
                    body.push_str("data: ");
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
        body.push('\n');
    }
    body
}

/// How deep [`sample`] goes into nested types before it writes `null` (a
/// required field may refer back to its own type).
const MAX_SAMPLE_DEPTH: usize = 12;

/// A value of type `ty` made from its schema: required fields only, the first enum
/// value or union branch (of an `anyOf` too: a value of its first branch decodes),
/// placeholder scalars.
fn sample(api: &Api, ty: &Ty, depth: usize) -> Value {
    if depth > MAX_SAMPLE_DEPTH {
        return Value::Null;
    }
    match ty {
        Ty::String | Ty::Secret => Value::from("string"),
        Ty::Bool => Value::Bool(false),
        Ty::I32 | Ty::I64 => Value::from(0),
        Ty::F32 | Ty::F64 => Value::from(0.0),
        Ty::Uuid => Value::from("00000000-0000-0000-0000-000000000000"),
        Ty::DateTime => Value::from("1970-01-01T00:00:00Z"),
        Ty::Date => Value::from("1970-01-01"),
        Ty::Binary | Ty::Base64 { .. } => Value::from(""),
        Ty::Tuple { prefix, .. } => prefix
            .iter()
            .map(|member| sample(api, member, depth + 1))
            .collect(),
        Ty::Any | Ty::Nullable(_) | Ty::Unit | Ty::Null => Value::Null,
        Ty::Array(_) => Value::Array(Vec::new()),
        Ty::Map(_) => Value::Object(Map::new()),
        Ty::Named(index) => match api.types.get(index.index()).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields } | TypeKind::Form { fields, .. }) => Value::Object(
                fields
                    .iter()
                    .filter(|f| f.required && !f.rest)
                    .map(|f| (f.json_name.to_string(), sample(api, &f.ty, depth + 1)))
                    .collect(),
            ),
            Some(TypeKind::StringEnum { values, .. }) => values
                .first()
                .map_or_else(|| Value::from(""), |v| Value::from(v.value.as_str())),
            Some(TypeKind::Newtype(_)) => Value::from("string"),
            Some(TypeKind::Union { variants, .. } | TypeKind::AnyOf(variants)) => variants
                .first()
                .map_or(Value::Null, |v| sample(api, &v.ty, depth + 1)),
            Some(TypeKind::Alias(inner)) => sample(api, inner, depth + 1),
            None => Value::Null,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: Name::from(name),
            pointer: String::new(),
            doc: None,
            kind,
        }
    }

    fn field(name: &str, ty: Ty, required: bool) -> Field {
        Field {
            json_name: Name::from(name),
            rust_name: Name::from(name),
            ty,
            required,
            doc: None,
            boxed: false,
            rest: false,
        }
    }

    #[test]
    fn samples_keep_required_fields_and_stop_at_their_depth() {
        let own = Ty::Named(TypeId::new(0));
        let api = Api {
            types: vec![def(
                "Node",
                TypeKind::Struct {
                    fields: vec![
                        field("id", Ty::I64, true),
                        field("note", Ty::String, false),
                        field("next", own.clone(), true),
                    ],
                },
            )],
            ..Api::default()
        };
        let value = sample(&api, &own, 0);
        assert_eq!(value["id"], 0);
        assert!(value.get("note").is_none(), "optional fields are left out");
        let mut deepest = &value;
        let mut levels = 0;
        while let Some(next) = deepest.get("next") {
            deepest = next;
            levels += 1;
        }
        assert_eq!(levels, MAX_SAMPLE_DEPTH + 1);
        assert!(deepest.is_null());
    }
}
