//! Each operation's response enums (its errors, its successes when several, and
//! with the mock or the example checks all its documented responses) and how a
//! response is decoded into them.

use crate::code;
use crate::code::Code;

use super::*;

/// The Rust type of a response's body.
pub(super) fn response_ty(w: &TyWriter<'_>, r: &ResponseDef) -> Code {
    match r.kind {
        BodyKind::Json => w.json_ty(&r.ty),
        BodyKind::Text => code!(::std::string::String),
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
            code!(::cde_runtime::bytes::Bytes)
        }
        BodyKind::Empty => code!(()),
    }
}

/// The item stream a mock handler answers `r` with, when `send` reads `r`
/// as a stream.
fn served_stream(r: &ResponseDef) -> Option<&StreamDef> {
    r.stream.as_ref().filter(|stream| stream.by_send)
}

/// A response enum's variant for `r`, with its doc; `serving` for the enum of
/// every documented response (what a mock handler returns), where a streamed
/// body is the items to write.
fn variant_decl(w: &TyWriter<'_>, r: &ResponseDef, serving: bool) -> Code {
    let name = ident(&r.rust_name);
    let ty = match served_stream(r).filter(|_| serving) {
        Some(stream) => {
            let item = StreamCode::of(w, stream).item;
            code!(::cde_runtime::sequence::Items<#item>)
        }
        None => response_ty(w, r),
    };
    let status = match r.key {
        StatusKey::Code(c) => format!("Status {c}"),
        StatusKey::Range(d) => format!("Any status {d}XX not listed separately"),
        StatusKey::Default => String::from("Any status not listed separately (`default`)"),
    };
    let doc = docs(&[Some(&status), r.doc.as_deref()]);
    match r.key {
        StatusKey::Code(_) => code!(#doc #name(#ty),),
        _ => code!(#doc #name(::cde_runtime::StatusCode, #ty),),
    }
}

/// The response enums of `op` and their `Responses` impl; with `encoders`, also
/// their `EncodeResponses` impl (for the mock server and the example checks).
pub(super) fn responses(w: &TyWriter<'_>, op: &Operation, encoders: bool, out: &mut Code) {
    let err = ident(&op.error_type);
    let what = cat(&["`", &op.id, "` (`", &op.http_method, " ", &op.path, "`)"]);
    let err_doc = doc_attr(&cat(&["The documented error responses of ", &what, "."]));
    let errors = op
        .responses
        .iter()
        .filter(|r| !r.success)
        .map(|r| variant_decl(w, r, false));
    let successes: Vec<&ResponseDef> = op.responses.iter().filter(|r| r.success).collect();
    let (success_ty, success_def) = match (&op.success_type, successes.as_slice()) {
        (None, [one]) => (response_ty(w, one), Code::new()),
        (None, _) => (code!(::core::convert::Infallible), Code::new()),
        (Some(name), many) => {
            let name = ident(name);
            let vs = many.iter().map(|r| variant_decl(w, r, false));
            let doc = doc_attr(&cat(&["The documented success responses of ", &what, "."]));
            (
                code!(#name),
                code! {
                    #doc
                    #[derive(Clone, Debug)]
                    #[non_exhaustive]
                    #[allow(clippy::large_enum_variant, reason = "variants mirror the documented responses")]
                    pub enum #name { #(#vs)* }
                },
            )
        }
    };
    // Exact codes first, then ranges, then default.
    let mut ordered: Vec<&ResponseDef> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.key {
        StatusKey::Code(_) => 0,
        StatusKey::Range(_) => 1,
        StatusKey::Default => 2,
    });
    // The client's decode: straight into the success or the error.
    let mut client_arms = Code::new();
    for r in &ordered {
        let name = ident(&r.rust_name);
        let pat = status_pattern(r.key);
        let decode = decode_fn(&r.kind);
        let ranged = !matches!(r.key, StatusKey::Code(_));
        client_arms.append(&code!(#pat => #decode(content_type, body)));
        // Constructors as functions where they can be (a closure is one more
        // body for the compiler to check).
        match (r.success, &op.success_type, ranged) {
            (true, None, _) => client_arms.append(&code!(.map(::core::result::Result::Ok))),
            (true, Some(s), false) => {
                let s = ident(s);
                client_arms.append(&code!(.map(#s::#name).map(::core::result::Result::Ok)))
            }
            (true, Some(s), true) => {
                let s = ident(s);
                client_arms.append(
                    &code!(.map(|body| ::core::result::Result::Ok(#s::#name(status, body)))),
                )
            }
            (false, _, false) => {
                client_arms.append(&code!(.map(Self::#name).map(::core::result::Result::Err)))
            }
            (false, _, true) => client_arms.append(
                &code!(.map(|body| ::core::result::Result::Err(Self::#name(status, body)))),
            ),
        }
        client_arms.append(&code!(,));
    }
    if !op.responses.iter().any(|r| r.key == StatusKey::Default) {
        client_arms.append(&code!(_ => ::core::result::Result::Err(::cde_runtime::DecodeError::UndocumentedStatus),));
    }
    // The redirects the operation documents: its answer, never followed (the
    // runtime follows only these five statuses, so a documented 304 needs no
    // word here).
    let redirects: Vec<Code> = op
        .responses
        .iter()
        .filter(|r| match r.key {
            StatusKey::Code(code) => matches!(code, 301 | 302 | 303 | 307 | 308),
            StatusKey::Range(digit) => digit == 3,
            StatusKey::Default => false,
        })
        .map(|r| status_pattern(r.key))
        .collect();
    let documents = (!redirects.is_empty()).then(|| {
        code! {
            fn documents(status: ::cde_runtime::StatusCode) -> bool {
                ::core::matches!(status.as_u16(), #(#redirects)|*)
            }
        }
    });
    let server_side = encoders.then(|| all_responses(w, op, &ordered, &what));
    out.append(&code! {
        #err_doc
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "variants mirror the documented responses")]
        pub enum #err { #(#errors)* }

        #success_def

        impl ::cde_runtime::Responses for #err {
            type Success = #success_ty;
            type Error = Self;

            fn decode(
                status: ::cde_runtime::StatusCode,
                content_type: ::core::option::Option<&str>,
                body: &::cde_runtime::bytes::Bytes,
            ) -> ::core::result::Result<::core::result::Result<#success_ty, Self>, ::cde_runtime::DecodeError> {
                match status.as_u16() { #client_arms }
            }

            #documents
        }

        #server_side
    });
}

/// The enum of every documented response of `op` (what a mock handler returns
/// and what the example checks decode into; a client alone does not need it) and
/// its `EncodeResponses` impl. `ordered`: the responses, exact codes first.
fn all_responses(w: &TyWriter<'_>, op: &Operation, ordered: &[&ResponseDef], what: &str) -> Code {
    let success_arms = op.responses.iter().map(|r| {
        let name = ident(&r.rust_name);
        let success = r.success;
        code!(Self::#name(..) => #success,)
    });
    let encode = op.responses.iter().map(|r| {
        let name = ident(&r.rust_name);
        let media = lit_str(r.media_type.as_deref().unwrap_or(""));
        let encoder = match (served_stream(r), &r.kind) {
            (Some(stream), _) => {
                let StreamCode { encode, end, .. } = StreamCode::of(w, stream);
                code!(#encode(#media, body, #end))
            }
            (None, kind) => match kind {
                BodyKind::Json => code!(::cde_runtime::__private::encode_json(#media, body)?),
                BodyKind::Text => code!(::cde_runtime::__private::encode_text(#media, body)),
                BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
                    code!(::cde_runtime::__private::encode_bytes(#media, body))
                }
                BodyKind::Empty => code!({
                    let () = body;
                    ::cde_runtime::Body::Empty
                }),
            },
        };
        match r.key {
            StatusKey::Code(code) => {
                code!(Self::#name(body) => (::cde_runtime::__private::status(#code), #encoder),)
            }
            _ => code!(Self::#name(status, body) => (*status, #encoder),),
        }
    });
    // The documented-responses enum is what a mock handler returns and what the
    // example checks decode into; a client alone does not need it.
    let resp = ident(&op.response_type);
    let resp_doc = doc_attr(&format!(
        "The documented responses of {what}: one variant per documented status, range or `default`."
    ));
    let all: Vec<Code> = op
        .responses
        .iter()
        .map(|r| variant_decl(w, r, true))
        .collect();
    let mut arms: Vec<Code> = ordered
        .iter()
        .map(|r| {
            let name = ident(&r.rust_name);
            let pat = status_pattern(r.key);
            let decoded = match served_stream(r) {
                Some(stream) => {
                    let StreamCode { decode, end, .. } = StreamCode::of(w, stream);
                    code!(::cde_runtime::__private::decode_items(content_type, body, #decode, #end))
                }
                None => {
                    let decode = decode_fn(&r.kind);
                    code!(#decode(content_type, body))
                }
            };
            match r.key {
                StatusKey::Code(_) => code!(#pat => #decoded.map(Self::#name),),
                _ => code!(#pat => #decoded.map(|body| Self::#name(status, body)),),
            }
        })
        .collect();
    if !op.responses.iter().any(|r| r.key == StatusKey::Default) {
        arms.push(code!(_ => ::core::result::Result::Err(::cde_runtime::DecodeError::UndocumentedStatus),));
    }
    let (encode_match, success_match) = if op.responses.is_empty() {
        (code!(match *self {}), code!(match *self {}))
    } else {
        (
            code!(match self { #(#encode)* }),
            code!(match self { #(#success_arms)* }),
        )
    };
    code! {
        #resp_doc
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "variants mirror the documented responses")]
        pub enum #resp { #(#all)* }

        impl ::cde_runtime::EncodeResponses for #resp {
            fn decode(
                status: ::cde_runtime::StatusCode,
                content_type: ::core::option::Option<&str>,
                body: &[u8],
            ) -> ::core::result::Result<Self, ::cde_runtime::DecodeError> {
                match status.as_u16() { #(#arms)* }
            }

            fn encode(&self) -> ::core::result::Result<(::cde_runtime::StatusCode, ::cde_runtime::Body), ::cde_runtime::InvalidInput> {
                ::core::result::Result::Ok(#encode_match)
            }

            fn is_success(&self) -> bool {
                #success_match
            }
        }
    }
}
