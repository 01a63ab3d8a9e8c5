//! Emit the `mock` module: per operation a typed request (what a handler gets), the
//! route with its canned documented responses, and a typed `on_<operation>` setter
//! on the server builder. The serving itself is `cde_runtime::mock`.
//!
//! The module goes through `::cde_runtime::__mock_items!`, which drops it unless
//! cde-runtime's `mock` feature is on.

use crate::code;
use crate::code::Code;
use serde_json::{Map, Value};

use super::*;
use crate::names::Scope;

/// Names the module defines itself; a request type that would clash gets a suffix.
const RESERVED: [&str; 2] = ["MockServer", "MockServerBuilder"];

/// The `mock` module: a typed request per operation, the routes with their
/// canned answers, the server builder's typed handler setters, and the readers
/// of multipart bodies.
pub(super) fn emit(w: &TyWriter<'_>, api: &Api) -> Code {
    let prefix = base_path(api.base_url.as_deref());
    let prefix = lit_str(&prefix);
    let mut requests = Vec::new();
    let mut routes = Vec::new();
    let mut setters = Vec::new();
    // The body enums of operations with several media types, named unlike every
    // request type.
    let mut names = Scope::types();
    names.reserve(&RESERVED);
    names.reserve(&["InvalidRequest"]);
    for op in &api.operations {
        names.reserve(&[request_name(op).to_string().as_str()]);
    }
    for op in &api.operations {
        let name = request_name(op);
        let choices = op
            .body
            .as_ref()
            .filter(|b| !b.alternatives.is_empty())
            .map(|_| ident(&names.claim(&format!("{name}Body"))));
        requests.push(request(w, op, &name, choices.as_ref()));
        routes.push(route(w.api, op, &name));
        setters.push(setter(op, &name));
    }
    let forms = api
        .types
        .iter()
        .enumerate()
        .filter_map(|(index, t)| match &t.kind {
            TypeKind::Form { fields, encoding } => Some(from_parts(w, index, fields, encoding)),
            _ => None,
        });
    let module_doc = doc_attr(&format!(
        "A mock {} server on loopback, generated from the same spec as the client.\n\n\
         [`start`] serves every operation: it checks credentials (401), reads each request into the operation's typed request (400 naming every bad field), and answers with the documented success example. Set a typed handler per operation with the builder's `on_<operation>` methods to script scenarios. Dropping the [`MockServer`], or [`MockServer::shutdown`], stops it.\n\n\
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

/// The name of an operation's typed request: its builder's name, unless that is
/// a name the module defines itself.
fn request_name(op: &Operation) -> Code {
    if RESERVED.contains(&op.type_name.as_str()) {
        ident(&format!("{}Call", op.type_name))
    } else {
        ident(&op.type_name)
    }
}

/// The path of the base URL (`https://host/api/v1` gives `/api/v1`).
fn base_path(url: Option<&str>) -> String {
    let Some(url) = url else {
        return String::new();
    };
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(index) => after_scheme[index..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

/// The property names of a body type that is an object (none for other types).
fn body_property_names(api: &Api, ty: &Ty) -> Vec<String> {
    match peeled_kind(&api.types, ty) {
        Some(TypeKind::Struct { fields } | TypeKind::Form { fields, .. }) => fields
            .iter()
            .filter(|f| !f.rest)
            .map(|f| f.json_name.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// How the mock reads a parameter or body value of type `ty` (a
/// `cde_runtime::__private::mock::Shape`).
fn shape(api: &Api, ty: &Ty) -> Code {
    if let Some(TypeKind::Struct { .. } | TypeKind::Form { .. }) = peeled_kind(&api.types, ty) {
        return code!(::cde_runtime::__private::mock::Shape::Object);
    }
    match peel(&api.types, ty).unwrap_or(ty) {
        Ty::Array(_) => code!(::cde_runtime::__private::mock::Shape::Array),
        Ty::Map(_) => code!(::cde_runtime::__private::mock::Shape::Object),
        _ => code!(::cde_runtime::__private::mock::Shape::Scalar),
    }
}

/// How a body of this encoding is read; a form-urlencoded one's properties as
/// its `encoding` entries say.
fn body_read(
    w: &TyWriter<'_>,
    kind: &BodyKind,
    body: &Ty,
    encoding: &[Encoding],
    required: bool,
) -> Code {
    let ty = body_ty(w, kind, body);
    match kind {
        BodyKind::Json => code!(reader.json_body::<#ty>(#required)),
        BodyKind::UrlEncoded => {
            let styled = super::styled_encodings(encoding);
            if styled.is_empty() {
                code!(reader.form_body::<#ty>(#required))
            } else {
                let properties = styled.into_iter().map(|e| {
                    let encoding = super::form_encoding_tokens(e);
                    let shape = shape(w.api, &e.ty);
                    code!(::cde_runtime::__private::mock::FormProperty { encoding: #encoding, shape: #shape })
                });
                let names = body_property_names(w.api, body)
                    .into_iter()
                    .map(|name| lit_str(&name));
                code!(reader.form_body_encoded::<#ty>(#required, &[#(#properties),*], &[#(#names),*]))
            }
        }
        BodyKind::Multipart => code!(reader.multipart_body::<#ty>(#required)),
        BodyKind::Text => code!(reader.text_body(#required)),
        _ => code!(reader.bytes_body(#required)),
    }
}

/// The enum of a body that may come as several media types, and how it is read
/// (by the media type the request names).
fn body_enum(w: &TyWriter<'_>, op: &Operation, body: &RequestBody, name: &Code) -> (Code, Code) {
    let required = body.required;
    let preferred = ident(&body.variant);
    let preferred_ty = body_ty(w, &body.kind, &body.ty);
    let preferred_doc = doc_attr(&format!("The body came as `{}`.", body.media_type));
    let preferred_read = body_read(w, &body.kind, &body.ty, &body.encoding, required);
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
            let read = body_read(w, &choice.kind, &choice.ty, &choice.encoding, required);
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
fn request(w: &TyWriter<'_>, op: &Operation, name: &Code, choices: Option<&Code>) -> Code {
    let doc = doc_attr(&format!(
        "The typed request of `{}` (`{} {}`), as a mock handler receives it.",
        op.id, op.http_method, op.path
    ));
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut patterns = Vec::new();
    let mut inits = Vec::new();
    let mut path_index = 0usize;
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
                let index = path_index;
                path_index += 1;
                code!(reader.path::<#ty>(#index, #wire))
            }
            Location::Query => {
                let style = super::style_tokens(p.style);
                let shape = shape(w.api, &p.ty);
                code!(reader.query::<#ty>(#wire, #style, #shape, #required))
            }
            Location::Header => code!(reader.header::<#ty>(#wire, #required)),
            Location::Cookie => code!(reader.cookie::<#ty>(#wire, #required)),
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
        let (ty, read, media) = match choices {
            Some(choices) => {
                let (def, read) = body_enum(w, op, body, choices);
                body_def = def;
                let mut media: Vec<&str> = vec![&body.media_type];
                media.extend(body.alternatives.iter().map(|c| c.media_type.as_str()));
                (code!(#choices), read, media.join("`, `"))
            }
            None => (
                body_ty(w, &body.kind, &body.ty),
                body_read(w, &body.kind, &body.ty, &body.encoding, required),
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

/// How a multipart body of the type at `index` is read from its parts.
fn from_parts(w: &TyWriter<'_>, index: usize, fields: &[Field], encoding: &[Encoding]) -> Code {
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
                let shape = shape(w.api, other);
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
    let ty = w.ty(&Ty::Named(TypeId::new(index)));
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
fn setter(op: &Operation, name: &Code) -> Code {
    let method = ident(&format!("on_{}", op.method_name.trim_start_matches("r#")));
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
fn route(api: &Api, op: &Operation, name: &Code) -> Code {
    let resp = ident(&op.response_type);
    let id = lit_str(&op.id);
    let method = ident(&op.http_method);
    let path = lit_str(&op.path);
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
    let success = op
        .responses
        .iter()
        .filter(|r| r.success)
        .min_by_key(|r| match r.key {
            StatusKey::Code(code) => code,
            StatusKey::Range(d) => d * 100 + 50,
            StatusKey::Default => 999,
        });
    let success = match success {
        Some(r) => canned(api, op, r),
        None => code!(::cde_runtime::__private::mock::Canned {
            status: 204,
            content_type: "",
            body: ""
        }),
    };
    let find = |code: u16| {
        op.responses
            .iter()
            .find(|r| r.key == StatusKey::Code(code))
            .or_else(|| {
                op.responses
                    .iter()
                    .find(|r| r.key == StatusKey::Range(code / 100))
            })
    };
    let optional = |r: Option<&ResponseDef>| match r {
        Some(r) => {
            let c = canned(api, op, r);
            code!(::core::option::Option::Some(#c))
        }
        None => code!(::core::option::Option::None),
    };
    let bad_request = optional(find(400));
    let unauthorized = optional(find(401));
    let route = code! {
        ::cde_runtime::__private::mock::Route {
            operation: #id,
            method: ::cde_runtime::Method::#method,
            path: #path,
            security: #security,
            body: #body,
            success: #success,
            bad_request: #bad_request,
            unauthorized: #unauthorized,
        }
    };
    if others.is_empty() {
        code!(inner.route::<#name, super::types::#resp>(#route);)
    } else {
        code!(inner.route_accepting::<#name, super::types::#resp>(#route, &[#(#others),*]);)
    }
}

/// A documented response as a canned answer: its example, else an example of the
/// same schema elsewhere in the spec, else a value made from its schema.
fn canned(api: &Api, op: &Operation, r: &ResponseDef) -> Code {
    let status: u16 = match r.key {
        StatusKey::Code(code) => code,
        StatusKey::Range(d) => d * 100,
        StatusKey::Default if r.success => 200,
        StatusKey::Default => 500,
    };
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
    let (content_type, body) = match r.kind {
        BodyKind::Empty => (String::new(), String::new()),
        BodyKind::Json => {
            let value = example.unwrap_or_else(|| sample(api, &r.ty, 0));
            (
                r.media_type
                    .clone()
                    .unwrap_or_else(|| String::from("application/json")),
                value.to_string(),
            )
        }
        BodyKind::Text => (
            r.media_type
                .clone()
                .unwrap_or_else(|| String::from("text/plain")),
            match example {
                Some(Value::String(text)) => text,
                _ => String::new(),
            },
        ),
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => (
            r.media_type
                .clone()
                .unwrap_or_else(|| String::from("application/octet-stream")),
            String::new(),
        ),
    };
    let content_type = lit_str(&content_type);
    let body = lit_str(&body);
    code!(::cde_runtime::__private::mock::Canned { status: #status, content_type: #content_type, body: #body })
}

/// A value of type `ty` made from its schema: required fields only, the first enum
/// value or union branch (of an `anyOf` too: a value of its first branch decodes),
/// placeholder scalars.
pub(crate) fn sample(api: &Api, ty: &Ty, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    match ty {
        Ty::String => Value::from("string"),
        Ty::Bool => Value::Bool(false),
        Ty::I32 | Ty::I64 => Value::from(0),
        Ty::F32 | Ty::F64 => Value::from(0.0),
        Ty::Uuid => Value::from("00000000-0000-0000-0000-000000000000"),
        Ty::DateTime => Value::from("1970-01-01T00:00:00Z"),
        Ty::Date => Value::from("1970-01-01"),
        Ty::Binary => Value::from(""),
        Ty::Any | Ty::Nullable(_) | Ty::Unit => Value::Null,
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
            Some(TypeKind::Union(variants) | TypeKind::AnyOf(variants)) => variants
                .first()
                .map_or(Value::Null, |v| sample(api, &v.ty, depth + 1)),
            Some(TypeKind::Alias(inner)) => sample(api, inner, depth + 1),
            None => Value::Null,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_paths() {
        assert_eq!(base_path(Some("https://api.example.com")), "");
        assert_eq!(base_path(Some("https://api.example.com/")), "");
        assert_eq!(base_path(Some("https://api.example.com/v1/")), "/v1");
        assert_eq!(base_path(None), "");
    }
}
