//! Responses and security: each documented status with its body type, and the
//! credentials each operation accepts.

use crate::doc::Value;
use crate::spec::vocab::{In, ResponseKey, SchemeKind};

use super::Model;
use crate::diag::{cat, join};
use crate::ir::*;
use crate::names::Scope;
use crate::spec::objects::{
    Components, Document, MediaType, Operation as OperationObject, Response, SecurityScheme,
};

/// An example of a documented response, before its operation's names are known.
pub(super) struct ResponseExample {
    /// The example, without its response.
    pub example: Example,
    /// The status it documents.
    pub key: StatusKey,
    /// Its media type.
    pub media_type: String,
}

impl<'a> Model<'a, '_> {
    /// The operation's documented responses, one per status key (a code, a range
    /// such as `4XX`, or `default`), each with its body's media type and type, and
    /// which are successes; the examples under them are collected for the checks.
    pub(super) fn responses(
        &mut self,
        op: &'a Value,
        pointer: &str,
        type_base: &str,
    ) -> (Vec<ResponseDef>, Vec<ResponseExample>) {
        let at = join(pointer, "responses");
        let Some(responses) = self
            .cx
            .object(OperationObject::new(op).responses(), pointer)
        else {
            self.cx.error(pointer, "an operation needs `responses`");
            return (Vec::new(), Vec::new());
        };
        let mut out = Vec::new();
        let mut examples = Vec::new();
        let mut variants = Scope::types();
        for (key, response) in responses {
            let response_at = join(&at, key);
            let status = match ResponseKey::parse(key) {
                ResponseKey::Extension => continue,
                ResponseKey::Default => StatusKey::Default,
                ResponseKey::Range(d) => StatusKey::Range(d),
                ResponseKey::Code(code) => StatusKey::Code(code),
                ResponseKey::BadRange => {
                    self.cx.error(
                        &response_at,
                        format!("`{key}` is not a status range; use 1XX..5XX"),
                    );
                    continue;
                }
                ResponseKey::BadCode => {
                    self.cx.error(
                        &response_at,
                        format!("`{key}` is not an HTTP status, a range like `4XX`, or `default`"),
                    );
                    continue;
                }
            };
            let Some((response, response_at)) = self.cx.deref(response, &response_at) else {
                continue;
            };
            let variant_base = match status {
                StatusKey::Code(code) => cat(&["Status", &code.to_string()]),
                StatusKey::Range(d) => cat(&["Status", &d.to_string(), "XX"]),
                StatusKey::Default => String::from("Default"),
            };
            let hint = cat(&[type_base, &variant_base, "Body"]);
            let content = Response::new(response)
                .content()
                .map(|(_, content)| content);
            let content_at = join(&response_at, "content");
            let mut stream = content.and_then(|content| self.stream(content, &content_at, &hint));
            // The body `send` reads whole: any media type but the stream's.
            let except = stream.as_ref().map(|stream| stream.media_type.as_str());
            let whole = content.and_then(|content| Self::pick_media_but(content, except));
            if let Some(stream) = &mut stream {
                stream.by_send = whole.is_none();
            }
            let (kind, media_type, ty) = match whole {
                None => match &stream {
                    // Read whole (by the mock's encoders), the stream is bytes.
                    Some(stream) => (
                        BodyKind::Binary,
                        Some(stream.media_type.clone()),
                        Ty::Binary,
                    ),
                    None => (BodyKind::Empty, None, Ty::Unit),
                },
                Some((media_type, media, kind)) => {
                    let media_at = join(&content_at, media_type);
                    let ty = match (&kind, MediaType::new(media).schema().value) {
                        (BodyKind::Json, Some(schema)) => self.types.schema(
                            &mut self.cx,
                            schema,
                            &join(&media_at, "schema"),
                            &hint,
                        ),
                        (BodyKind::Json, None) => {
                            self.cx.sink.untyped(&media_at, false);
                            Ty::Any
                        }
                        (BodyKind::Text, _) => Ty::String,
                        _ => Ty::Binary,
                    };
                    if kind == BodyKind::Json {
                        let before = self.examples.len();
                        self.media_examples(media, &media_at, &ty);
                        for example in self.examples.drain(before..) {
                            examples.push(ResponseExample {
                                example,
                                key: status,
                                media_type: media_type.to_owned(),
                            });
                        }
                    }
                    (kind, Some(media_type.to_owned()), ty)
                }
            };
            let success = match status {
                StatusKey::Code(code) => (200..300).contains(&code),
                StatusKey::Range(d) => d == 2,
                StatusKey::Default => false,
            };
            out.push(ResponseDef {
                key: status,
                rust_name: variants.claim(&variant_base),
                kind,
                media_type,
                ty,
                success,
                doc: Response::new(response).description().map(str::to_owned),
                stream,
            });
        }
        // `default` is the success response only when nothing else is.
        if !out.iter().any(|r| r.success)
            && let Some(default) = out.iter_mut().find(|r| r.key == StatusKey::Default)
        {
            default.success = true;
        }
        (out, examples)
    }

    /// The credentials the operation accepts: its own `security`, else the
    /// document's, as alternatives of schemes that must all be sent; an anonymous
    /// alternative (`{}`) makes the operation callable without credentials.
    pub(super) fn security(&mut self, op: &'a Value, pointer: &str) -> Vec<Vec<SchemeDef>> {
        let declared = OperationObject::new(op).security();
        let (requirements, at) = match declared.value {
            Some(s) => (s, join(pointer, declared.name)),
            None => match Document::new(self.cx.doc).security() {
                Some(s) => (s, String::from("#/security")),
                None => return Vec::new(),
            },
        };
        let Some(requirements) = requirements.as_array() else {
            self.cx
                .error(&at, "`security` must be a list of requirement objects");
            return Vec::new();
        };
        let schemes = Components::new(Document::new(self.cx.doc).components()).security_schemes();
        let mut alternatives = Vec::new();
        let mut anonymous = false;
        'requirements: for (index, requirement) in requirements.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else {
                continue;
            };
            if requirement.is_empty() {
                anonymous = true;
                continue;
            }
            let mut all = Vec::new();
            for name in requirement.keys() {
                let Some(scheme) = schemes.get(name) else {
                    self.cx.error(
                        &join(&join(&at, &index.to_string()), name),
                        format!("security scheme `{name}` is not defined in `#/components/securitySchemes`"),
                    );
                    continue 'requirements;
                };
                let scheme_at = join("#/components/securitySchemes", name);
                let Some((scheme, _)) = self.cx.deref(scheme, &scheme_at) else {
                    continue 'requirements;
                };
                let scheme = SecurityScheme::new(scheme);
                let kind = SchemeKind::of(
                    scheme.kind(),
                    scheme.http_scheme(),
                    scheme.name(),
                    scheme.location(),
                );
                let def = match kind {
                    SchemeKind::Bearer => SchemeDef::Bearer,
                    SchemeKind::Basic => SchemeDef::Basic,
                    SchemeKind::ApiKey {
                        name: Some(key),
                        location: Some(location),
                    } => SchemeDef::ApiKey {
                        scheme: name.to_owned(),
                        name: key.to_owned(),
                        location: match location {
                            In::Query => ApiKeyLocation::Query,
                            In::Cookie => ApiKeyLocation::Cookie,
                            In::Header | In::Path | In::QueryString => ApiKeyLocation::Header,
                        },
                    },
                    SchemeKind::ApiKey { .. } => {
                        self.cx.error(
                            &scheme_at,
                            "an apiKey scheme needs `name` and `in` (header, query or cookie)",
                        );
                        continue 'requirements;
                    }
                    SchemeKind::MutualTls => {
                        self.cx.sink.note_once(format!(
                            "Security scheme `{name}` is mutual TLS: the client certificate belongs to the connection, not to each request. Configure it on a `reqwest::ClientBuilder` (`.identity(..)`) and hand that to `Client::builder().http_client(..)`."
                        ));
                        continue 'requirements;
                    }
                    SchemeKind::Other(kind) => {
                        let note = format!(
                            "Security scheme `{name}` ({}) is not supported, so the client cannot send it; add its credentials with a custom `reqwest::Client`.",
                            kind.unwrap_or("unknown type")
                        );
                        self.cx.sink.note_once(note);
                        continue 'requirements;
                    }
                };
                all.push(def);
            }
            alternatives.push(all);
        }
        if anonymous && !alternatives.is_empty() {
            alternatives.push(Vec::new());
        }
        alternatives
    }
}
