//! How values are named on the wire, shared by the other emitters: parameter
//! places and query styles, form encodings, status patterns, body decoders.

use crate::code;
use crate::code::Code;

use super::*;

/// The `contentType` list of a multipart property's `encoding` entry, as a slice
/// literal; `None` when it gives none.
pub(super) fn part_content_types(encoding: &[Encoding], property: &str) -> Option<Code> {
    let entry = encoding
        .iter()
        .find(|e| e.property == property && !e.content_type.is_empty())?;
    let types = entry.content_type.iter().map(|t| lit_str(t));
    Some(code!(&[#(#types),*]))
}

/// The request builder's statement that sets a form-urlencoded body of type `ty`
/// from `value`, its properties written as `encoding` says.
pub(super) fn form_body_give(ty: &Code, media: &Code, value: &Code, encoding: &[Encoding]) -> Code {
    let styled = styled_encodings(encoding);
    if styled.is_empty() {
        code!(request.form_body::<#ty>(#media, #value);)
    } else {
        let encodings = styled.into_iter().map(form_encoding_tokens);
        code!(request.form_body_encoded::<#ty>(#media, #value, &[#(#encodings),*]);)
    }
}

/// A `::cde_runtime::__private::FormEncoding` literal.
pub(super) fn form_encoding_tokens(encoding: &Encoding) -> Code {
    let name = lit_str(&encoding.property);
    let style = style_tokens(encoding.style);
    let allow_reserved = encoding.allow_reserved;
    code!(::cde_runtime::__private::FormEncoding { name: #name, style: #style, allow_reserved: #allow_reserved })
}

/// A `::cde_runtime::__private::QueryStyle` value.
pub(super) fn style_tokens(style: QueryStyle) -> Code {
    match style {
        QueryStyle::Form { explode } => {
            code!(::cde_runtime::__private::QueryStyle::Form { explode: #explode })
        }
        QueryStyle::SpaceDelimited => code!(::cde_runtime::__private::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => code!(::cde_runtime::__private::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => code!(::cde_runtime::__private::QueryStyle::DeepObject),
    }
}

/// An operation's HTTP method as a `::cde_runtime::Method`: a constant for the
/// methods OpenAPI names (`QUERY` among them), else one made from its name.
pub(super) fn method_tokens(method: &str) -> Code {
    match method {
        "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "QUERY" => {
            let method = ident(method);
            code!(::cde_runtime::Method::#method)
        }
        other => {
            let name = lit_str(other);
            code!(::cde_runtime::__private::extension_method(#name))
        }
    }
}

/// Where a parameter goes, as a `cde_runtime::__private::Place`.
pub(super) fn place(p: &Param) -> Code {
    match p.location {
        Location::Path => code!(::cde_runtime::__private::Place::Path),
        Location::Query => {
            let style = style_tokens(p.style);
            code!(::cde_runtime::__private::Place::Query(#style))
        }
        Location::Header => code!(::cde_runtime::__private::Place::Header),
        Location::Cookie => code!(::cde_runtime::__private::Place::Cookie),
        Location::QueryString { form } => {
            code!(::cde_runtime::__private::Place::QueryString { form: #form })
        }
    }
}

/// The match pattern of a status key: the code, the range of codes, or `_`.
pub(super) fn status_pattern(key: StatusKey) -> Code {
    match key {
        StatusKey::Code(code) => code!(#code),
        StatusKey::Range(d) => {
            let (lo, hi) = (d * 100, d * 100 + 99);
            code!(#lo..=#hi)
        }
        StatusKey::Default => code!(_),
    }
}

/// The runtime's decoder for a body of this kind.
pub(super) fn decode_fn(kind: &BodyKind) -> Code {
    match kind {
        BodyKind::Json => code!(::cde_runtime::__private::decode_json),
        BodyKind::Text => code!(::cde_runtime::__private::decode_text),
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
            code!(::cde_runtime::__private::decode_bytes)
        }
        BodyKind::Empty => code!(::cde_runtime::__private::decode_empty),
    }
}

/// How the items of a streamed response are written in generated code.
pub(super) struct StreamCode {
    /// Each item's type (`ServerEvent<..>` for server-sent events).
    pub item: Code,
    /// The runtime function that decodes one item.
    pub decode: Code,
    /// The runtime function that encodes the items (the mock's side).
    pub encode: Code,
    /// The end marker, as an `Option<&'static str>`.
    pub end: Code,
}

impl StreamCode {
    pub(super) fn of(w: &TyWriter<'_>, stream: &StreamDef) -> Self {
        let (item, decode, encode) = match (stream.framing, &stream.item) {
            (Framing::EventStream, Ty::String) => (
                code!(::cde_runtime::sequence::ServerEvent<::std::string::String>),
                code!(::cde_runtime::sequence::decode_event_text),
                code!(::cde_runtime::__private::encode_text_events),
            ),
            (Framing::EventStream, ty) => {
                let data = w.json_ty(ty);
                (
                    code!(::cde_runtime::sequence::ServerEvent<#data>),
                    code!(::cde_runtime::sequence::decode_event),
                    code!(::cde_runtime::__private::encode_events),
                )
            }
            (_, ty) => (
                w.json_ty(ty),
                code!(::cde_runtime::sequence::decode_text),
                code!(::cde_runtime::__private::encode_items),
            ),
        };
        let end = match &stream.end {
            Some(end) => {
                let end = lit_str(end);
                code!(::core::option::Option::Some(#end))
            }
            None => code!(::core::option::Option::None),
        };
        Self {
            item,
            decode,
            encode,
            end,
        }
    }
}

/// How a parameter's location is named in documentation.
pub(super) fn location_word(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
        Location::QueryString { .. } => "query string",
    }
}

/// The path template with each parameter as `{name}`, followed by the
/// operation's constant query pairs (`?method=search`, percent-encoded), which
/// the runtime sends on every request and the mock requires to route one.
pub(super) fn path_template(op: &Operation) -> String {
    let mut out = String::with_capacity(op.path.len());
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => out.push_str(text),
            PathPart::Param(index) => {
                out.push('{');
                out.push_str(&op.params[*index].name);
                out.push('}');
            }
        }
    }
    for (i, (name, value)) in op.constant_query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.extend(percent_encoding::utf8_percent_encode(name, QUERY_TEXT));
        out.push('=');
        out.extend(percent_encoding::utf8_percent_encode(value, QUERY_TEXT));
    }
    out
}

/// What a constant query name or value keeps unescaped: RFC 3986's unreserved
/// characters.
const QUERY_TEXT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
