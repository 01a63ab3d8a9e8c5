//! Each operation's request builder: its constructor (required inputs), setters
//! (optional ones, other body media types), `items()` for paged operations, and
//! `send`.

use crate::code;
use crate::code::Code;

use super::*;

/// An operation's docs: summary, description, method and path, server, and its
/// tags by their labels (a 3.2 tag's ancestors and kind).
pub(super) fn op_doc(api: &Api, op: &Operation) -> Code {
    let line = cat(&[
        "`",
        &op.http_method,
        " ",
        &op.path,
        "` (operationId `",
        &op.id,
        "`)",
    ]);
    let tags = if op.tags.is_empty() {
        None
    } else {
        let labels: Vec<&str> = op
            .tags
            .iter()
            .map(|name| {
                api.tags
                    .iter()
                    .find(|tag| &tag.name == name)
                    .map_or(name.as_str(), |tag| tag.label.as_str())
            })
            .collect();
        Some(cat(&["Tags: ", &labels.join(", "), "."]))
    };
    let server = op.server.as_ref().map(|server| {
        format!(
            "Sent to the operation's own server, `{server}`, unless the client's base URL was set."
        )
    });
    docs(&[
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&line),
        server.as_deref(),
        tags.as_deref(),
    ])
}

/// The inputs of an operation's builder: its constructor's arguments and the
/// statements that set them, and its setters.
#[derive(Clone, Default)]
struct Inputs {
    args: Vec<Code>,
    /// The names of `args`, in order.
    names: Vec<Code>,
    steps: Code,
    setters: Code,
}

/// The builder's inputs from the operation's parameters: required ones are
/// constructor arguments, optional ones setters.
fn param_inputs(w: &TyWriter<'_>, op: &Operation) -> Inputs {
    let mut inputs = Inputs::default();
    for (index, p) in op.params.iter().enumerate() {
        let field = ident(&p.rust_name);
        let ty = w.json_ty(&p.ty);
        let wire = p.name.as_str();
        let at = u16::try_from(index).unwrap_or(u16::MAX);
        let place = place(p);
        let value = if p.required {
            code!(#field)
        } else {
            code!(value)
        };
        let give = if !p.bounds.is_empty() && matches!(p.ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64)
        {
            let b = &p.bounds;
            let (min, max, mult) = (option(b.minimum), option(b.maximum), option(b.multiple_of));
            let (emin, emax) = (b.exclusive_minimum, b.exclusive_maximum);
            code!(request.number::<#ty>(#at, #wire, #place, #value, ::cde_runtime::__private::NumberBounds {
                minimum: #min, maximum: #max, exclusive_minimum: #emin, exclusive_maximum: #emax, multiple_of: #mult,
            });)
        } else {
            code!(request.param::<#ty>(#at, #wire, #place, #value);)
        };
        if p.required {
            inputs
                .args
                .push(code!(#field: impl ::cde_runtime::Input<#ty>));
            inputs.names.push(code!(#field));
            inputs.steps.append(&give);
        } else {
            let what = cat(&[
                "The ",
                location_word(p.location),
                " parameter `",
                &p.name,
                "`.",
            ]);
            let doc = docs(&[p.doc.as_deref(), Some(&what)]);
            inputs.setters.append(&code! {
                #doc
                pub fn #field(mut self, value: impl ::cde_runtime::Input<#ty>) -> Self {
                    let request = &mut self.request;
                    #give
                    self
                }
            });
        }
    }
    inputs
}

/// An operation's constructor without a body, when its `Client` methods send
/// another media type from the start: the constructor, and the body of `new`
/// written through it (so that the request is started in one place).
struct Bare {
    constructor: Code,
    new_body: Code,
}

/// Adds the request body to the builder's inputs: a constructor argument when it
/// is required, else a setter; a setter per other media type. Returns the bare
/// constructor (the parameters alone) of an operation whose `Client` methods
/// send another media type from the start.
fn add_body(
    w: &TyWriter<'_>,
    op: &Operation,
    body: &RequestBody,
    inputs: &mut Inputs,
) -> Option<Bare> {
    let params = inputs.clone();
    let ty = input_body_ty(w, &body.kind, &body.ty);
    let media = lit_str(&body.media_type);
    let value = if body.required {
        code!(body)
    } else {
        code!(value)
    };
    let give = match body.kind {
        BodyKind::Json => code!(request.json_body::<#ty>(#media, #value);),
        BodyKind::UrlEncoded => form_body_give(&ty, &media, &value, &body.encoding),
        BodyKind::Text => code!(request.text_body(#media, #value);),
        BodyKind::Multipart => code!(request.multipart_body::<#ty>(#value);),
        _ => code!(request.bytes_body(#media, #value);),
    };
    let others = if body.alternatives.is_empty() {
        String::new()
    } else {
        let setters: Vec<String> = body
            .alternatives
            .iter()
            .map(|c| format!("[`{}`](Self::{})", c.media_type, c.setter))
            .collect();
        format!(" Other media types: {}.", setters.join(", "))
    };
    let what = cat(&["The request body (`", &body.media_type, "`).", &others]);
    let bdoc = docs(&[body.doc.as_deref(), Some(&what)]);
    if body.required {
        inputs
            .args
            .push(code!(body: impl ::cde_runtime::Input<#ty>));
        inputs.steps.append(&give);
    } else {
        inputs.setters.append(&code! {
            #bdoc
            pub fn body(mut self, value: impl ::cde_runtime::Input<#ty>) -> Self {
                let request = &mut self.request;
                #give
                self
            }
        });
    }
    for choice in &body.alternatives {
        inputs.setters.append(&choice_setter(w, body, choice));
    }
    let name = ident(body.bare.as_ref()?);
    let start = pending(op, &params.steps);
    let (param_args, param_names) = (&params.args, &params.names);
    let constructor = code! {
        /// Starts the request with its parameters and no body yet: the
        /// `Client` methods that send another media type set it next.
        pub(super) fn #name(client: &'a super::Client, #(#param_args),*) -> Self {
            #start
            Self { client, request }
        }
    };
    let new_body = if body.required {
        code! {
            let mut this = Self::#name(client, #(#param_names),*);
            let request = &mut this.request;
            #give
            this
        }
    } else {
        code!(Self::#name(client, #(#param_names),*))
    };
    Some(Bare {
        constructor,
        new_body,
    })
}

/// The expression that starts an operation's request: its method, path template
/// and security.
fn pending_new(op: &Operation) -> Code {
    let method = method_tokens(&op.http_method);
    let security = if op.security.is_empty() {
        code!(&[])
    } else {
        security_list(op)
    };
    let template = lit_str(&path_template(op));
    let id = lit_str(&op.id);
    let new = code!(::cde_runtime::__private::Pending::new(#id, #method, #template, #security));
    match &op.server {
        Some(server) => {
            let server = lit_str(server);
            code!(#new.on_server(#server))
        }
        None => new,
    }
}

/// The statements that start an operation's request (`request`) and set `steps`.
fn pending(op: &Operation, steps: &Code) -> Code {
    let new = pending_new(op);
    if steps.is_empty() {
        code!(let request = #new;)
    } else {
        code! {
            let mut request = #new;
            #steps
        }
    }
}

/// An operation's request builder: a struct holding the request, its
/// constructors and setters, `items()` when it pages, and `send`.
pub(super) fn builder(w: &TyWriter<'_>, op: &Operation, out: &mut Code) {
    let name = ident(&op.type_name);
    let err = ident(&op.error_type);
    let doc = op_doc(w.api, op);
    let mut inputs = param_inputs(w, op);
    let bare = op
        .body
        .as_ref()
        .and_then(|body| add_body(w, op, body, &mut inputs));
    let Inputs {
        args: new_args,
        names: _,
        steps: new_steps,
        setters,
    } = inputs;
    // The success type written out (not projected through `Responses`, which the
    // compiler would normalize at every use).
    let successes: Vec<&ResponseDef> = op.responses.iter().filter(|r| r.success).collect();
    let success_ty = match (&op.success_type, successes.as_slice()) {
        (None, [one]) => response_ty(w, one),
        (None, _) => code!(::core::convert::Infallible),
        (Some(name), _) => {
            let name = ident(name);
            code!(super::types::#name)
        }
    };
    let output = code!(::core::result::Result<::cde_runtime::Response<#success_ty>, ::cde_runtime::Error<super::types::#err>>);
    let mut send = code! {
        /// Sends the request and decodes the response.
        pub fn send(self) -> ::cde_runtime::BoxFuture<'a, #output> {
            self.client.core.run::<super::types::#err>(self.request)
        }
    };
    let mut into_output = output;
    let stream = op
        .responses
        .iter()
        .filter(|r| r.success)
        .find_map(|r| r.stream.as_ref());
    if let Some(stream) = stream {
        let (output, sends) = stream_method(w, stream, &err);
        if stream.by_send {
            send = sends;
            into_output = output;
        } else {
            send.append(&sends);
        }
    }
    let items = op.pagination.as_ref().map(|p| items_method(w, p, &err));
    let streams_bytes = op
        .responses
        .iter()
        .any(|r| r.success && r.kind == BodyKind::Binary);
    let bytes_stream = streams_bytes.then(|| code! {
        /// Sends the request and gives a successful answer's body as a stream of bytes as it arrives, instead of reading it whole: for large downloads (not bounded by the body limit; each chunk must arrive within the timeout; one of the client's connections is held until the stream ends or is dropped). Another answer is read and decoded as by `send`.
        pub fn bytes_stream(self) -> ::cde_runtime::BoxFuture<'a, ::core::result::Result<::cde_runtime::Response<::cde_runtime::ByteStream>, ::cde_runtime::Error<super::types::#err>>> {
            self.client.core.stream::<super::types::#err>(self.request)
        }
    });
    let new_body = if let Some(bare) = &bare {
        bare.new_body.clone()
    } else if new_steps.is_empty() {
        let new = pending_new(op);
        code!(Self { client, request: #new })
    } else {
        let start = pending(op, &new_steps);
        code! {
            #start
            Self { client, request }
        }
    };
    let bare_constructor = bare.map(|bare| bare.constructor);
    out.append(&code! {
        #doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent: call `.send().await` or `.await` it"]
        pub struct #name<'a> {
            client: &'a super::Client,
            request: ::cde_runtime::__private::Pending,
        }

        impl<'a> #name<'a> {
            pub(super) fn new(client: &'a super::Client, #(#new_args),*) -> Self {
                #new_body
            }

            #bare_constructor

            #setters

            #items

            #bytes_stream

            #send

            ::cde_runtime::__with_options!();
        }

        impl<'a> ::core::future::IntoFuture for #name<'a> {
            type Output = #into_output;
            type IntoFuture = ::cde_runtime::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    });
}

/// The method that sends a request and reads its answer as a stream of items
/// (`send`, or `send_stream` beside a `send` that reads another media type
/// whole), and its output type.
fn stream_method(w: &TyWriter<'_>, stream: &StreamDef, err: &Code) -> (Code, Code) {
    let StreamCode {
        item, decode, end, ..
    } = StreamCode::of(w, stream);
    let media = lit_str(&stream.media_type);
    let output = code!(::core::result::Result<::cde_runtime::Response<::cde_runtime::sequence::ItemStream<#item>>, ::cde_runtime::Error<super::types::#err>>);
    let (name, doc) = if stream.by_send {
        (
            ident("send"),
            doc_attr(&format!(
                "Sends the request and gives a successful answer (`{}`) as a stream of items as they arrive: see `cde_runtime::sequence::ItemStream`. An answer that is not a success is read whole and decoded as an error.",
                stream.media_type
            )),
        )
    } else {
        (
            ident("send_stream"),
            doc_attr(&format!(
                "Sends the request asking for `{}` and gives a successful answer as a stream of items as they arrive, instead of reading another media type whole as `send` does: see `cde_runtime::sequence::ItemStream`.",
                stream.media_type
            )),
        )
    };
    let method = code! {
        #doc
        pub fn #name(self) -> ::cde_runtime::BoxFuture<'a, #output> {
            self.client.core.sequence::<super::types::#err, _>(self.request, #media, #decode, #end)
        }
    };
    (output, method)
}

/// A paged operation's `items()`: every item of every page as a stream.
fn items_method(w: &TyWriter<'_>, p: &PaginationDef, err: &Code) -> Code {
    let item = w.json_ty(&p.item_ty);
    let pagination = pagination(p);
    let how = match &p.style {
        PaginationStyle::Offset {
            offset_param,
            limit_param,
            default_limit,
            next,
        } => {
            let ends = match next {
                Some(next) => format!(
                    "A page's `{next}` decides: a number is the next offset, null ends the stream, any other value asks for the items after this page's; on a page without it, only an empty page ends the stream."
                ),
                None => String::from("Only an empty page ends the stream."),
            };
            format!(
                "Pages with the `{offset_param}`/`{limit_param}` query parameters ({default_limit} items a page unless `{limit_param}` is set). {ends} A shorter page does not: a server may send fewer items than asked for."
            )
        }
        PaginationStyle::Cursor {
            cursor_param,
            cursor_from,
            has_more,
        } => {
            let ends = match has_more {
                Some(flag) => format!(
                    "while a page's `{flag}` is true (on a page without it, until a page is empty)"
                ),
                None => String::from("until a page is empty"),
            };
            format!(
                "Pages with the `{cursor_param}` query parameter, taken from `{cursor_from}` of each page's last item, {ends}."
            )
        }
        PaginationStyle::Link => String::from(
            "Follows the `Link` header's `rel=\"next\"` URL (a relative one resolved against the page's URL), only on the base URL's origin or the operation's own server's: a link elsewhere ends the stream with an error.",
        ),
    };
    let doc = doc_attr(&format!(
        "Streams every item of every page, fetching the next page only when the stream is polled past the current one. {how} An error on any page is yielded once and ends the stream."
    ));
    code! {
        #doc
        pub fn items(self) -> ::cde_runtime::futures::stream::BoxStream<'a, ::core::result::Result<#item, ::cde_runtime::Error<super::types::#err>>> {
            ::cde_runtime::__private::paginate::<super::types::#err, #item>(&self.client.core, self.request.finish(), #pagination)
        }
    }
}

/// The Rust type a body of this encoding is given as.
pub(super) fn body_ty(w: &TyWriter<'_>, kind: &BodyKind, ty: &Ty) -> Code {
    match kind {
        BodyKind::Json | BodyKind::UrlEncoded => w.json_ty(ty),
        BodyKind::Multipart => w.ty(ty),
        BodyKind::Text => code!(::std::string::String),
        _ => code!(::cde_runtime::bytes::Bytes),
    }
}

/// The Rust type a caller gives a request body of this encoding as: that of
/// [`body_ty`], but a binary body may also be a stream.
pub(super) fn input_body_ty(w: &TyWriter<'_>, kind: &BodyKind, ty: &Ty) -> Code {
    match kind {
        BodyKind::Binary => code!(::cde_runtime::BinaryBody),
        _ => body_ty(w, kind, ty),
    }
}

/// The request builder's method that sends the body as another media type.
pub(super) fn choice_setter(w: &TyWriter<'_>, body: &RequestBody, choice: &BodyChoice) -> Code {
    let name = ident(&choice.setter);
    let ty = input_body_ty(w, &choice.kind, &choice.ty);
    let media = lit_str(&choice.media_type);
    let give = match choice.kind {
        _ if choice.ranged => code!(request.ranged_body(#media, content_type, value);),
        BodyKind::Json => code!(request.json_body::<#ty>(#media, value);),
        BodyKind::UrlEncoded => form_body_give(&ty, &media, &code!(value), &choice.encoding),
        BodyKind::Text => code!(request.text_body(#media, value);),
        BodyKind::Multipart => code!(request.multipart_body::<#ty>(value);),
        _ => code!(request.bytes_body(#media, value);),
    };
    let mut text = format!(
        "Sends the request body as `{}` instead of `{}`, replacing any body given before.",
        choice.media_type, body.media_type
    );
    if choice.ranged {
        text.push_str(&format!(
            "\n\nThe body is bytes sent with `content_type` as its `Content-Type`: a media type in `{}` (`send` reports a malformed one, or one outside the range, as invalid input).",
            choice.media_type
        ));
    } else if choice.same_type {
        text.push_str(&format!(
            "\n\nIt takes the same type as the `{}` body: the same value may be sent either way.",
            body.media_type
        ));
    }
    if let Some(constructor) = &choice.constructor {
        text.push_str(&format!(
            "\n\nThe body is required: to send this media type from the start, with no `{}` body to build first, call [`Client::{1}`](super::Client::{1}).",
            body.media_type, constructor.name
        ));
    }
    let doc = docs(&[body.doc.as_deref(), Some(&text)]);
    let args = if choice.ranged {
        code!(content_type: impl ::cde_runtime::Input<::std::string::String>, value: impl ::cde_runtime::Input<#ty>)
    } else {
        code!(value: impl ::cde_runtime::Input<#ty>)
    };
    code! {
        #doc
        pub fn #name(mut self, #args) -> Self {
            let request = &mut self.request;
            #give
            self
        }
    }
}

/// The operation's security alternatives as a `&[&[Scheme]]` expression.
pub(super) fn security_list(op: &Operation) -> Code {
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().map(|scheme| match scheme {
            SchemeDef::Bearer => code!(::cde_runtime::__private::Scheme::Bearer),
            SchemeDef::Basic => code!(::cde_runtime::__private::Scheme::Basic),
            SchemeDef::ApiKey {
                scheme,
                name,
                location,
            } => {
                let location = match location {
                    ApiKeyLocation::Query => code!(::cde_runtime::__private::ApiKeyLocation::Query),
                    ApiKeyLocation::Cookie => code!(::cde_runtime::__private::ApiKeyLocation::Cookie),
                    ApiKeyLocation::Header => code!(::cde_runtime::__private::ApiKeyLocation::Header),
                };
                let (scheme, name) = (lit_str(scheme), lit_str(name));
                code!(::cde_runtime::__private::Scheme::ApiKey { scheme: #scheme, name: #name, location: #location })
            }
        });
        code!(&[#(#schemes),*])
    });
    code!(&[#(#alternatives),*])
}

/// How an operation pages, as a `cde_runtime::Pagination` value.
pub(super) fn pagination(p: &PaginationDef) -> Code {
    let items = lit_str(&p.items);
    let opt = |v: &Option<String>| option(v.as_deref());
    match &p.style {
        PaginationStyle::Offset {
            offset_param,
            limit_param,
            default_limit,
            next,
        } => {
            let (o, l, n) = (lit_str(offset_param), lit_str(limit_param), opt(next));
            code!(::cde_runtime::__private::Pagination::Offset { offset_param: #o, limit_param: #l, default_limit: #default_limit, items: #items, next: #n })
        }
        PaginationStyle::Cursor {
            cursor_param,
            cursor_from,
            has_more,
        } => {
            let (c, f, h) = (lit_str(cursor_param), lit_str(cursor_from), opt(has_more));
            code!(::cde_runtime::__private::Pagination::Cursor { cursor_param: #c, cursor_from: #f, items: #items, has_more: #h })
        }
        PaginationStyle::Link => {
            code!(::cde_runtime::__private::Pagination::Link { items: #items })
        }
    }
}
