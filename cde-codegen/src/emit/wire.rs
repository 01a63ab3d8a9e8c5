//! How values are named on the wire, shared by the other emitters: parameter
//! places and query styles, form encodings, status patterns, body decoders.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::*;

/// The `contentType` list of a multipart property's `encoding` entry, as a slice
/// literal; `None` when it gives none.
pub(super) fn part_content_types(encoding: &[Encoding], property: &str) -> Option<TokenStream> {
    let entry = encoding
        .iter()
        .find(|e| e.property == property && !e.content_type.is_empty())?;
    let types = entry.content_type.iter().map(|t| lit_str(t));
    Some(quote!(&[#(#types),*]))
}

/// The `encoding` entries of a form-urlencoded body that change how a property is
/// written: all but `style: deepObject` without `allowReserved`, which is what a
/// property without an entry gets.
pub(super) fn styled_encodings(encoding: &[Encoding]) -> Vec<&Encoding> {
    encoding
        .iter()
        .filter(|e| e.style != QueryStyle::DeepObject || e.allow_reserved)
        .collect()
}

/// The request builder's statement that sets a form-urlencoded body of type `ty`
/// from `value`, its properties written as `encoding` says.
pub(super) fn form_body_give(
    ty: &TokenStream,
    media: &Literal,
    value: &TokenStream,
    encoding: &[Encoding],
) -> TokenStream {
    let styled = styled_encodings(encoding);
    if styled.is_empty() {
        quote!(request.form_body::<#ty>(#media, #value);)
    } else {
        let encodings = styled.into_iter().map(form_encoding_tokens);
        quote!(request.form_body_encoded::<#ty>(#media, #value, &[#(#encodings),*]);)
    }
}

/// A `::cde_runtime::__private::FormEncoding` literal.
pub(super) fn form_encoding_tokens(encoding: &Encoding) -> TokenStream {
    let name = lit_str(&encoding.property);
    let style = style_tokens(encoding.style);
    let allow_reserved = encoding.allow_reserved;
    quote!(::cde_runtime::__private::FormEncoding { name: #name, style: #style, allow_reserved: #allow_reserved })
}

/// A `::cde_runtime::__private::QueryStyle` value.
pub(super) fn style_tokens(style: QueryStyle) -> TokenStream {
    match style {
        QueryStyle::Form { explode } => {
            quote!(::cde_runtime::__private::QueryStyle::Form { explode: #explode })
        }
        QueryStyle::SpaceDelimited => quote!(::cde_runtime::__private::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(::cde_runtime::__private::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => quote!(::cde_runtime::__private::QueryStyle::DeepObject),
    }
}

/// Where a parameter goes, as a `cde_runtime::__private::Place`.
pub(super) fn place(p: &Param) -> TokenStream {
    match p.location {
        Location::Path => quote!(::cde_runtime::__private::Place::Path),
        Location::Query => {
            let style = style_tokens(p.style);
            quote!(::cde_runtime::__private::Place::Query(#style))
        }
        Location::Header => quote!(::cde_runtime::__private::Place::Header),
        Location::Cookie => quote!(::cde_runtime::__private::Place::Cookie),
    }
}

/// The match pattern of a status key: the code, the range of codes, or `_`.
pub(super) fn status_pattern(key: StatusKey) -> TokenStream {
    match key {
        StatusKey::Code(code) => quote!(#code),
        StatusKey::Range(d) => {
            let (lo, hi) = (d * 100, d * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusKey::Default => quote!(_),
    }
}

/// The runtime's decoder for a body of this kind.
pub(super) fn decode_fn(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Json => quote!(::cde_runtime::__private::decode_json),
        BodyKind::Text => quote!(::cde_runtime::__private::decode_text),
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
            quote!(::cde_runtime::__private::decode_bytes)
        }
        BodyKind::Empty => quote!(::cde_runtime::__private::decode_empty),
    }
}

/// How a parameter's location is named in documentation.
pub(super) fn location_word(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}
