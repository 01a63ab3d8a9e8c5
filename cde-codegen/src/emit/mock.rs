//! Emit the `mock` module: per operation a typed request (what a handler gets), the
//! route with its canned documented responses, and a typed `on_<operation>` setter
//! on the server builder. The serving itself is `cde_runtime::mock`.
//!
//! The module goes through `::cde_runtime::__mock_items!`, which drops it unless
//! cde-runtime's `mock` feature is on.

use crate::code;
use crate::code::{Code, ToCode};
use crate::plan::{
    Canned, CollectionPlan, FormRead, IdKind, MockForm, MockOperation, MockPlan, Shape,
};

use super::*;

/// The `mock` module: a typed request per operation, the routes with their
/// canned answers, the server builder's typed handler setters, and the readers
/// of multipart bodies, as `plan` has them.
pub(super) fn emit(w: &TyWriter<'_>, api: &Api, plan: &MockPlan<'_>) -> Code {
    let prefix = lit_str(&plan.prefix);
    let mut requests = Vec::new();
    let mut routes = Vec::new();
    let mut setters = Vec::new();
    for (op, mock) in api.operations.iter().zip(&plan.operations) {
        requests.push(request(w, op, mock));
        routes.push(route(op, mock));
        setters.push(setter(op, mock));
    }
    let forms = plan.forms.iter().map(|form| from_parts(w, form));
    let stateful = stateful(&plan.collections);
    // An outer doc's links resolve where the module is declared, hence `mock::`.
    let module_doc = doc_attr(&format!(
        "A mock {} server on loopback, generated from the same spec as the client.\n\n\
         [`start`](mock::start) serves every operation: it checks credentials (401), reads each request into the operation's typed request (400 naming every bad field), and answers with the documented success example. Set a typed handler per operation with the builder's `on_<operation>` methods to script scenarios. Dropping the [`MockServer`](mock::MockServer), or [`MockServer::shutdown`](mock::MockServer::shutdown), stops it.\n\n\
         Compiled only with cde-runtime's `mock` feature.",
        api.title
    ));
    code! {
        ::cde_runtime::__mock_items! {
            #module_doc
            pub mod mock {
                pub use ::cde_runtime::mock::{InvalidRequest, MockServer};

                #(#requests)*

                #(#forms)*

                /// Builds the mock server: every operation answers with its documented
                /// success unless a typed handler is set.
                #[derive(Debug)]
                pub struct MockServerBuilder {
                    inner: ::cde_runtime::mock::MockBuilder,
                }

                impl ::core::default::Default for MockServerBuilder {
                    fn default() -> Self {
                        Self::new()
                    }
                }

                impl MockServerBuilder {
                    /// A builder serving every operation with its documented success.
                    pub fn new() -> Self {
                        let mut inner = ::cde_runtime::mock::MockBuilder::new(#prefix);
                        #(#routes)*
                        Self { inner }
                    }

                    #(#setters)*

                    /// Sets the largest request body accepted (default 2 MiB; larger bodies get 413).
                    pub fn body_limit(self, bytes: usize) -> Self {
                        Self { inner: self.inner.body_limit(bytes) }
                    }

                    /// Sets how long a connection may take to send a request's head, also
                    /// while it idles between requests (default 10 s); then it is closed.
                    pub fn header_timeout(self, timeout: ::std::time::Duration) -> Self {
                        Self { inner: self.inner.header_timeout(timeout) }
                    }

                    #stateful

                    /// Keeps the items of `collection` in the server's memory: its
                    /// operations answer from them (the stateful mode, see
                    /// [`Collection`](::cde_runtime::mock::Collection)) unless a handler is set.
                    pub fn collection(self, collection: ::cde_runtime::mock::Collection) -> Self {
                        Self { inner: self.inner.collection(collection) }
                    }

                    /// Makes the ids the stateful mode gives out follow from `seed`: the
                    /// same requests get the same ids on every run.
                    pub fn seed(self, seed: u64) -> Self {
                        Self { inner: self.inner.seed(seed) }
                    }

                    /// The server's store: the items of its collections, for handlers to
                    /// read and change (a clone shares them).
                    pub fn store(&self) -> ::cde_runtime::mock::Store {
                        self.inner.store()
                    }

                    /// The documented success `operation` (an operationId) answers with when
                    /// no handler is set, as JSON: a template for handlers to start from.
                    pub fn example(&self, operation: &str) -> ::core::option::Option<::cde_runtime::serde_json::Value> {
                        self.inner.example(operation)
                    }

                    /// Sets the address to listen on (default `127.0.0.1:0`, a free port).
                    pub fn bind(self, addr: ::std::net::SocketAddr) -> Self {
                        Self { inner: self.inner.bind(addr) }
                    }

                    /// Starts the server on a background task of the current Tokio runtime.
                    pub async fn start(self) -> ::std::io::Result<MockServer> {
                        self.inner.start().await
                    }
                }

                /// A builder for a mock server (see [`MockServerBuilder`]).
                pub fn builder() -> MockServerBuilder {
                    MockServerBuilder::new()
                }

                /// Starts a mock server on a free loopback port, every operation answering
                /// with its documented success; give [`MockServer::url`] to the client.
                pub async fn start() -> ::std::io::Result<MockServer> {
                    MockServerBuilder::new().start().await
                }
            }
        }
    }
}

impl ToCode for Shape {
    fn write_code(&self, out: &mut Code) {
        out.append(&match self {
            Shape::Object => code!(::cde_runtime::__private::mock::Shape::Object),
            Shape::Array => code!(::cde_runtime::__private::mock::Shape::Array),
            Shape::Scalar => code!(::cde_runtime::__private::mock::Shape::Scalar),
        });
    }
}

impl ToCode for Canned {
    fn write_code(&self, out: &mut Code) {
        let (status, content_type, body) = (
            self.status,
            lit_str(&self.content_type),
            lit_str(&self.body),
        );
        out.append(&code!(::cde_runtime::__private::mock::Canned { status: #status, content_type: #content_type, body: #body }));
    }
}

/// How a body of this encoding is read; a form-urlencoded one's properties as
/// its `encoding` entries say.
fn body_read(
    w: &TyWriter<'_>,
    kind: &BodyKind,
    body: &Ty,
    form: Option<&FormRead<'_>>,
    required: bool,
) -> Code {
    let ty = body_ty(w, kind, body);
    match kind {
        BodyKind::Json => code!(reader.json_body::<#ty>(#required)),
        BodyKind::UrlEncoded => match form {
            None => code!(reader.form_body::<#ty>(#required)),
            Some(form) => {
                let properties = form.properties.iter().map(|p| {
                    let encoding = super::form_encoding_tokens(p.encoding);
                    let shape = p.shape;
                    code!(::cde_runtime::__private::mock::FormProperty { encoding: #encoding, shape: #shape })
                });
                let names = form.names.iter().map(|name| lit_str(name));
                code!(reader.form_body_encoded::<#ty>(#required, &[#(#properties),*], &[#(#names),*]))
            }
        },
        BodyKind::Multipart => code!(reader.multipart_body::<#ty>(#required)),
        BodyKind::Text => code!(reader.text_body(#required)),
        _ => code!(reader.bytes_body(#required)),
    }
}

/// The enum of a body that may come as several media types, and how it is read
/// (by the media type the request names).
fn body_enum(
    w: &TyWriter<'_>,
    op: &Operation,
    body: &RequestBody,
    forms: &[Option<FormRead<'_>>],
    name: &Code,
) -> (Code, Code) {
    let required = body.required;
    let form = |at: usize| forms.get(at).and_then(Option::as_ref);
    let preferred = ident(&body.variant);
    let preferred_ty = body_ty(w, &body.kind, &body.ty);
    let preferred_doc = doc_attr(&format!("The body came as `{}`.", body.media_type));
    let preferred_read = body_read(w, &body.kind, &body.ty, form(0), required);
    let mut variants = vec![code!(#preferred_doc #preferred(#preferred_ty),)];
    let mut arms = Vec::new();
    for (index, choice) in body.alternatives.iter().enumerate() {
        let variant = ident(&choice.variant);
        let at = index + 1;
        if choice.ranged {
            let doc = doc_attr(&format!(
                "The body came as a media type in `{}`.",
                choice.media_type
            ));
            variants.push(code! {
                #doc
                #variant {
                    /// The request's `Content-Type`.
                    content_type: ::std::string::String,
                    /// The body.
                    bytes: ::cde_runtime::bytes::Bytes,
                },
            });
            arms.push(code! {
                #at => reader.ranged_body(#required).map(|body| body.map(|(content_type, bytes)| #name::#variant { content_type, bytes })),
            });
        } else {
            let ty = body_ty(w, &choice.kind, &choice.ty);
            let doc = doc_attr(&format!("The body came as `{}`.", choice.media_type));
            variants.push(code!(#doc #variant(#ty),));
            let read = body_read(w, &choice.kind, &choice.ty, form(at), required);
            arms.push(code!(#at => #read.map(|body| body.map(#name::#variant)),));
        }
    }
    let doc = doc_attr(&format!(
        "The request body of `{}` (`{} {}`), by the media type it came as (its `Content-Type`): one variant per media type the spec lists.",
        op.id, op.http_method, op.path
    ));
    let def = code! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "variants mirror the media types")]
        pub enum #name { #(#variants)* }
    };
    let read = code! {
        match reader.media() {
            #(#arms)*
            _ => #preferred_read.map(|body| body.map(#name::#preferred)),
        }
    };
    (def, read)
}

/// The typed request of `op` (what its handler receives): a struct with a field
/// per parameter and the body, and how it is read from the HTTP request.
fn request(w: &TyWriter<'_>, op: &Operation, mock: &MockOperation<'_>) -> Code {
    let name = ident(&mock.request);
    let doc = doc_attr(&format!(
        "The typed request of `{}` (`{} {}`), as a mock handler receives it.",
        op.id, op.http_method, op.path
    ));
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut patterns = Vec::new();
    let mut inits = Vec::new();
    // Path parameters are read by their place in the template, which need not
    // be the order they are declared in.
    let in_template: Vec<usize> = op
        .path_parts
        .iter()
        .filter_map(|part| match part {
            PathPart::Param(index) => Some(*index),
            PathPart::Literal(_) => None,
        })
        .collect();
    for (i, p) in op.params.iter().enumerate() {
        let field = ident(&p.rust_name);
        let local = ident(&format!("v{i}"));
        let ty = w.json_ty(&p.ty);
        let wire = lit_str(&p.name);
        let required = p.required || p.location == Location::Path;
        let fdoc = docs(&[
            p.doc.as_deref(),
            Some(&format!(
                "The {} parameter `{}`.",
                location_word(p.location),
                p.name
            )),
        ]);
        if required {
            fields.push(code!(#fdoc pub #field: #ty,));
            patterns
                .push(code!(::core::option::Option::Some(::core::option::Option::Some(#local))));
        } else {
            fields.push(code!(#fdoc pub #field: ::core::option::Option<#ty>,));
            patterns.push(code!(::core::option::Option::Some(#local)));
        }
        inits.push(code!(#field: #local,));
        let read = match p.location {
            Location::Path => {
                // A declared path parameter the template does not use is never
                // sent: reading past the template's parameters reports it missing.
                let index = in_template
                    .iter()
                    .position(|&at| at == i)
                    .unwrap_or(in_template.len());
                code!(reader.path::<#ty>(#index, #wire))
            }
            Location::Query => {
                let style = super::style_tokens(p.style);
                let shape = mock.params[i];
                code!(reader.query::<#ty>(#wire, #style, #shape, #required))
            }
            Location::Header => code!(reader.header::<#ty>(#wire, #required)),
            Location::Cookie => code!(reader.cookie::<#ty>(#wire, #required)),
            Location::QueryString { form } => {
                code!(reader.query_string::<#ty>(#wire, #form, #required))
            }
        };
        reads.push(code!(let #local = #read;));
        if !p.bounds.is_empty() && matches!(p.ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64) {
            let b = &p.bounds;
            let o = |v: Option<f64>| match v {
                Some(n) => code!(::core::option::Option::Some(#n)),
                None => code!(::core::option::Option::None),
            };
            let (min, max, mult) = (o(b.minimum), o(b.maximum), o(b.multiple_of));
            let (emin, emax) = (b.exclusive_minimum, b.exclusive_maximum);
            reads.push(code! {
                if let ::core::option::Option::Some(::core::option::Option::Some(value)) = &#local {
                    reader.check(::cde_runtime::__private::NumberBounds {
                        minimum: #min, maximum: #max, exclusive_minimum: #emin, exclusive_maximum: #emax, multiple_of: #mult,
                    }.check_named(#wire, ::core::option::Option::Some(*value as f64)));
                }
            });
        }
    }
    let mut body_def = Code::new();
    if let Some(body) = &op.body {
        let required = body.required;
        let (ty, read, media) = match &mock.body_enum {
            Some(choices) => {
                let choices = ident(choices);
                let (def, read) = body_enum(w, op, body, &mock.form_reads, &choices);
                body_def = def;
                let mut media: Vec<&str> = vec![&body.media_type];
                media.extend(body.alternatives.iter().map(|c| c.media_type.as_str()));
                (code!(#choices), read, media.join("`, `"))
            }
            None => (
                body_ty(w, &body.kind, &body.ty),
                body_read(
                    w,
                    &body.kind,
                    &body.ty,
                    mock.form_reads.first().and_then(Option::as_ref),
                    required,
                ),
                body.media_type.clone(),
            ),
        };
        let bdoc = docs(&[
            body.doc.as_deref(),
            Some(&format!("The request body (`{media}`).")),
        ]);
        reads.push(code!(let body = #read;));
        if required {
            fields.push(code!(#bdoc pub body: #ty,));
            patterns.push(code!(::core::option::Option::Some(
                ::core::option::Option::Some(body)
            )));
        } else {
            fields.push(code!(#bdoc pub body: ::core::option::Option<#ty>,));
            patterns.push(code!(::core::option::Option::Some(body)));
        }
        inits.push(code!(body,));
    }
    let locals: Vec<Code> = op
        .params
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let local = ident(&format!("v{i}"));
            code!(#local)
        })
        .chain(op.body.as_ref().map(|_| code!(body)))
        .collect();
    code! {
        #body_def

        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }

        impl ::cde_runtime::mock::MockRequest for #name {
            fn read(request: &::cde_runtime::mock::Incoming) -> ::core::result::Result<Self, ::cde_runtime::mock::InvalidRequest> {
                #[allow(unused_mut, reason = "operations without inputs read nothing")]
                let mut reader = ::cde_runtime::__private::mock::Reader::new(request);
                #(#reads)*
                reader.finish()?;
                #[allow(irrefutable_let_patterns, reason = "operations without inputs match an empty tuple")]
                let (#(#patterns,)*) = (#(#locals,)*) else {
                    return ::core::result::Result::Err(reader.error());
                };
                ::core::result::Result::Ok(Self { #(#inits)* })
            }
        }
    }
}

/// How a multipart form type is read from its parts, as `form` plans it.
fn from_parts(w: &TyWriter<'_>, form: &MockForm<'_>) -> Code {
    let MockForm {
        id,
        fields,
        encoding,
        shapes,
    } = form;
    let mut reads = Vec::new();
    let mut patterns = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let fname = ident(&f.rust_name);
        let local = ident(&format!("v{i}"));
        let wire = lit_str(&f.json_name);
        let (inner, nullable) = f.ty.strip_nullable();
        let required = f.required && !nullable;
        let types = super::part_content_types(encoding, &f.json_name);
        let read = match (inner, types) {
            (Ty::Binary, None) => code!(reader.part_file(#wire, #required)),
            (Ty::Binary, Some(types)) => code!(reader.part_file_typed(#wire, #required, #types)),
            (Ty::Array(item), None) if **item == Ty::Binary => {
                code!(reader.part_files(#wire, #required))
            }
            (Ty::Array(item), Some(types)) if **item == Ty::Binary => {
                code!(reader.part_files_typed(#wire, #required, #types))
            }
            (other, types) => {
                let ty = w.json_ty(other);
                let shape = shapes[i];
                let types = types.unwrap_or_else(|| code!(&[]));
                code!(reader.part_value::<#ty>(#wire, #required, #shape, #types))
            }
        };
        reads.push(code!(let #local = #read;));
        if required {
            patterns
                .push(code!(::core::option::Option::Some(::core::option::Option::Some(#local))));
        } else {
            patterns.push(code!(::core::option::Option::Some(#local)));
        }
        inits.push(code!(#fname: #local,));
    }
    let ty = w.ty(&Ty::Named(*id));
    let locals = (0..fields.len()).map(|i| ident(&format!("v{i}")));
    code! {
        impl ::cde_runtime::__private::mock::FromParts for #ty {
            fn from_parts(reader: &mut ::cde_runtime::__private::mock::Reader<'_>) -> ::core::option::Option<Self> {
                #(#reads)*
                #[allow(irrefutable_let_patterns, reason = "forms without fields match an empty tuple")]
                let (#(#patterns,)*) = (#(#locals,)*) else {
                    return ::core::option::Option::None;
                };
                ::core::option::Option::Some(Self { #(#inits)* })
            }
        }
    }
}

/// The server builder's `on_<operation>` method, which sets a typed handler.
fn setter(op: &Operation, mock: &MockOperation<'_>) -> Code {
    let name = ident(&mock.request);
    let method = ident(&mock.setter);
    let resp = ident(&op.response_type);
    let id = lit_str(&op.id);
    let doc = doc_attr(&format!(
        "Answers `{}` (`{} {}`) with a typed handler: it gets the request read and checked as [`{}`] and returns one of the documented responses.",
        op.id, op.http_method, op.path, name
    ));
    code! {
        #doc
        pub fn #method<F, Fut>(self, handler: F) -> Self
        where
            F: ::core::ops::Fn(#name) -> Fut + ::core::marker::Send + ::core::marker::Sync + 'static,
            Fut: ::core::future::Future<Output = super::types::#resp> + ::core::marker::Send + 'static,
        {
            Self { inner: self.inner.handle::<#name, super::types::#resp, F, Fut>(#id, handler) }
        }
    }
}

/// The route of `op`: its method and path template, security, the documented
/// responses as canned answers, and how a handler's answer is encoded.
fn route(op: &Operation, mock: &MockOperation<'_>) -> Code {
    let name = ident(&mock.request);
    let resp = ident(&op.response_type);
    let id = lit_str(&op.id);
    let method = method_tokens(&op.http_method);
    let path = lit_str(&path_template(op));
    let security = security_list(op);
    let others: Vec<Code> = op
        .body
        .iter()
        .flat_map(|b| &b.alternatives)
        .map(|choice| match choice.kind {
            BodyKind::Multipart => code!(::cde_runtime::__private::mock::BodyMedia::Multipart),
            _ => {
                let media = lit_str(&choice.media_type);
                code!(::cde_runtime::__private::mock::BodyMedia::Other(#media))
            }
        })
        .collect();
    let body = match op.body.as_ref().map(|b| (&b.kind, b.media_type.as_str())) {
        None | Some((BodyKind::Empty, _)) => code!(::core::option::Option::None),
        Some((BodyKind::Json, _)) => {
            code!(::core::option::Option::Some(
                ::cde_runtime::__private::mock::BodyMedia::Json
            ))
        }
        Some((BodyKind::Multipart, _)) => {
            code!(::core::option::Option::Some(
                ::cde_runtime::__private::mock::BodyMedia::Multipart
            ))
        }
        Some((_, media)) => {
            code!(::core::option::Option::Some(::cde_runtime::__private::mock::BodyMedia::Other(#media)))
        }
    };
    let success = match &mock.success {
        Some(canned) => code!(#canned),
        None => code!(::cde_runtime::__private::mock::Canned {
            status: 204,
            content_type: "",
            body: ""
        }),
    };
    let bad_request = option(mock.bad_request.as_ref());
    let unauthorized = option(mock.unauthorized.as_ref());
    let not_found = option(mock.not_found.as_ref());
    let route = code! {
        ::cde_runtime::__private::mock::Route {
            operation: #id,
            method: #method,
            path: #path,
            security: #security,
            body: #body,
            success: #success,
            bad_request: #bad_request,
            unauthorized: #unauthorized,
            not_found: #not_found,
        }
    };
    if others.is_empty() {
        code!(inner.route::<#name, super::types::#resp>(#route);)
    } else {
        code!(inner.route_accepting::<#name, super::types::#resp>(#route, &[#(#others),*]);)
    }
}

/// The builder's `stateful()`: declares each collection the plan found.
fn stateful(collections: &[CollectionPlan<'_>]) -> Code {
    let listed: Vec<String> = collections
        .iter()
        .map(|c| match c.item_path {
            Some(item) => format!("`{}` (items `{item}`)", c.path),
            None => format!("`{}`", c.path),
        })
        .collect();
    let found = if listed.is_empty() {
        String::from("The spec has none.")
    } else {
        format!("In this spec: {}.", listed.join(", "))
    };
    let doc = doc_attr(&format!(
        "Makes the server stateful: each collection of the spec (a path with a `POST` that creates, its `GET` listing, and an item path below it) keeps what is created, in memory, for this server only; see [`Collection`](::cde_runtime::mock::Collection) for how each operation answers, and the README for how collections are found. Operations with a handler, and all others, answer as before. {found}"
    ));
    let declarations = collections.iter().map(|c| {
        let path = lit_str(c.path);
        let mut value = code!(::cde_runtime::mock::Collection::new(#path));
        if let Some(item) = c.item_path {
            let item = lit_str(item);
            value = code!(#value.item(#item));
        }
        let id = lit_str(c.id);
        let kind = match c.id_kind {
            IdKind::Integer => code!(::cde_runtime::mock::IdKind::Integer),
            IdKind::Uuid => code!(::cde_runtime::mock::IdKind::Uuid),
        };
        value = code!(#value.id(#id, #kind));
        if let Some(envelope) = c.envelope {
            let envelope = lit_str(envelope);
            value = code!(#value.envelope(#envelope));
        }
        if let Some(paging) = c.paging {
            let paging = builders::pagination(paging);
            value = code!(#value.paging(#paging));
        } else if !c.items.is_empty() {
            let items = lit_str(&c.items);
            value = code!(#value.items(#items));
        }
        let fields = c.fields.iter().map(|f| lit_str(f));
        code!(.collection(#value.fields(&[#(#fields),*])))
    });
    code! {
        #doc
        pub fn stateful(self) -> Self {
            self #(#declarations)*
        }
    }
}
