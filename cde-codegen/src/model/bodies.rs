//! Request bodies: the preferred media type and the others a caller may choose,
//! form and multipart types, Encoding Objects, and the examples they carry.

use crate::doc::{Map, Value};
use crate::spec::vocab::Style;

use super::{Model, doc_of};
use crate::diag::{cat, join};
use crate::ir::*;
use crate::media;
use crate::names::{Scope, media_name, type_name};
use crate::spec;
use crate::spec::objects::{
    Example as ExampleObject, MediaType, Operation as OperationObject,
    RequestBody as RequestBodyObject,
};

/// Where a required body's `Client` constructors take their names from: the
/// operation's own method name, the scope of every `Client` method, and the
/// parameters (a constructor's arguments are named unlike the required ones).
pub(super) struct ClientNames<'s> {
    pub(super) method: &'s str,
    pub(super) methods: &'s mut Scope,
    pub(super) params: &'s [Param],
}

impl<'a> Model<'a, '_> {
    /// Picks the media type to use from a `content` map: JSON first, then text,
    /// then anything else (sent as bytes).
    pub(super) fn pick_media(content: &'a Map) -> Option<(&'a str, &'a Value, BodyKind)> {
        Self::pick_media_but(content, None)
    }

    /// [`Self::pick_media`] among the media types but `except`.
    pub(super) fn pick_media_but(
        content: &'a Map,
        except: Option<&str>,
    ) -> Option<(&'a str, &'a Value, BodyKind)> {
        let listed = || {
            content
                .iter()
                .filter(move |(k, _)| Some(k.as_str()) != except)
        };
        let first = |wanted: fn(&str) -> bool, kind: BodyKind| {
            listed()
                .find(|(k, _)| wanted(k))
                .map(|(k, v)| (k.as_str(), v, kind))
        };
        first(media::is_json, BodyKind::Json)
            .or_else(|| first(|k| k.starts_with("text/"), BodyKind::Text))
            .or_else(|| {
                first(
                    |k| k.starts_with("multipart/form-data"),
                    BodyKind::Multipart,
                )
            })
            .or_else(|| first(|_| true, BodyKind::Binary))
    }

    pub(super) fn media_examples(&mut self, media: &'a Value, at: &str, ty: &Ty) {
        if !self.keep_examples {
            return;
        }
        let object = MediaType::new(media);
        let example_member = object.example();
        if let Some(example) = example_member.value {
            self.examples.push(Example {
                pointer: join(at, example_member.name),
                ty: ty.clone(),
                value: example.clone(),
                response: None,
            });
        }
        if let Some((field, examples)) = object.examples() {
            for (name, example) in examples {
                let ex_at = join(&join(at, field), name);
                if let Some((example, _)) = self.cx.deref(example, &ex_at)
                    && let value = ExampleObject::new(example).value()
                    && let Some(found) = value.value
                {
                    self.examples.push(Example {
                        pointer: join(&ex_at, value.name),
                        ty: ty.clone(),
                        value: found.clone(),
                        response: None,
                    });
                }
            }
        }
    }

    /// The fields of a body type that is an object with named properties.
    pub(super) fn body_fields(&self, ty: &Ty) -> Option<Vec<Field>> {
        match peeled_kind(&self.types.defs, ty)? {
            TypeKind::Struct { fields } | TypeKind::Form { fields, .. } => Some(fields.clone()),
            _ => None,
        }
    }

    /// The `encoding` map of a form body's media type object, checked: each key
    /// must name a property of the body (`fields`; `None` when its schema names
    /// none), each entry hold only the Encoding Object's fields with valid values.
    /// Every problem is reported; the entries without one are returned.
    pub(super) fn encoding(
        &mut self,
        media: &'a Value,
        media_at: &str,
        fields: Option<&[Field]>,
    ) -> Vec<Encoding> {
        let encoding = MediaType::new(media).encoding();
        let Some(map) = self.cx.object(encoding, media_at) else {
            return Vec::new();
        };
        let at = join(media_at, encoding.name);
        let mut out = Vec::new();
        for (property, entry) in map {
            let entry_at = join(&at, property);
            let Some(entry) = entry.as_object() else {
                self.cx.error(
                    &entry_at,
                    "an `encoding` entry must be an object (an Encoding Object)",
                );
                continue;
            };
            let ty = match fields {
                None => Some(Ty::Any),
                Some(fields) => match fields.iter().find(|f| !f.rest && f.json_name == *property) {
                    Some(field) => Some(field.ty.clone()),
                    None => fields.iter().find(|f| f.rest).map(|rest| match &rest.ty {
                        Ty::Map(inner) => (**inner).clone(),
                        _ => Ty::Any,
                    }),
                },
            };
            let read = spec::encoding::read(entry, &entry_at, self.cx.sink);
            let Some(ty) = ty else {
                // The specification requires each key to name a property; published
                // specs break that, and an entry for no property encodes nothing.
                self.cx.sink.note(format!(
                    "`encoding` at `{entry_at}` names `{property}`, which is not a property of the request body's schema; the entry is ignored."
                ));
                continue;
            };
            let Some(read) = read else {
                continue;
            };
            let explode = read.explode();
            let style = match read.style {
                Some(Style::DeepObject) => QueryStyle::DeepObject,
                Some(Style::SpaceDelimited) if !explode => QueryStyle::SpaceDelimited,
                Some(Style::PipeDelimited) if !explode => QueryStyle::PipeDelimited,
                _ => QueryStyle::Form { explode },
            };
            let (allow_reserved, content_type) = (read.allow_reserved, read.content_type);
            out.push(Encoding {
                property: Name::from(property),
                ty,
                style,
                allow_reserved,
                content_type,
            });
        }
        out
    }

    /// The operation's request body: the preferred media type (JSON, else text,
    /// else multipart, else the first) with its type, encoding and examples, and
    /// every other listed media type as a choice the caller may send instead.
    pub(super) fn request_body(
        &mut self,
        op: &'a Value,
        pointer: &str,
        type_base: &str,
        inputs: &mut Scope,
        client: ClientNames<'_>,
    ) -> Option<RequestBody> {
        let declared = OperationObject::new(op).request_body();
        let raw = declared.value?;
        let at = join(pointer, declared.name);
        let (body, at) = self.cx.deref(raw, &at)?;
        let object = RequestBodyObject::new(body);
        let Some(content) = self.cx.object(object.content(), &at) else {
            self.cx.error(&at, "a request body needs `content`");
            return None;
        };
        let (media_type, media, mut kind) = Self::pick_media(content)?;
        let media_at = join(&join(&at, "content"), media_type);
        if kind == BodyKind::Binary
            && media::essence(media_type) == "application/x-www-form-urlencoded"
            && MediaType::new(media).schema().value.is_some()
        {
            kind = BodyKind::UrlEncoded;
        }
        let ty = match (&kind, MediaType::new(media).schema().value) {
            (BodyKind::Json, Some(schema)) => self.types.schema(
                &mut self.cx,
                schema,
                &join(&media_at, "schema"),
                &cat(&[type_base, "Body"]),
            ),
            (BodyKind::Json, None) => {
                self.cx.sink.untyped(&media_at, false);
                Ty::Any
            }
            (BodyKind::UrlEncoded, Some(schema)) => self.types.schema(
                &mut self.cx,
                schema,
                &join(&media_at, "schema"),
                &cat(&[type_base, "Body"]),
            ),
            (BodyKind::Text, _) => Ty::String,
            (BodyKind::Multipart, Some(schema)) => {
                let schema_at = join(&media_at, "schema");
                self.form_type(
                    schema,
                    &schema_at,
                    media,
                    &media_at,
                    &cat(&[type_base, "Form"]),
                )
            }
            _ => Ty::Binary,
        };
        let encoding = if kind == BodyKind::UrlEncoded {
            let fields = self.body_fields(&ty);
            self.encoding(media, &media_at, fields.as_deref())
        } else {
            Vec::new()
        };
        if kind == BodyKind::Json {
            self.media_examples(media, &media_at, &ty);
        }
        // Every other media type listed: one the caller may choose instead, in
        // document order. A schema equal to the preferred one's gives the same type.
        let mut variants = Scope::types();
        let variant = variants.claim(&type_name(&media_name(media_type)));
        let required = object.is_required();
        let mut alternatives = Vec::new();
        for (other, other_media) in content {
            if other == media_type {
                continue;
            }
            let other_at = join(&join(&at, "content"), other);
            let name = media_name(other);
            let other_variant = variants.claim(&type_name(&name));
            let (other_kind, ranged, other_ty, encoding) = self.alternative(
                (other, other_media, &other_at),
                (&kind, &ty, media),
                type_base,
                &other_variant,
            );
            let same_type = !ranged && same_rust_type((&kind, &ty), (&other_kind, &other_ty));
            alternatives.push(BodyChoice {
                same_type,
                media_type: other.to_owned(),
                kind: other_kind,
                ty: other_ty,
                ranged,
                encoding,
                setter: inputs.claim(&cat(&[&name, "_body"])),
                constructor: required.then(|| Constructor {
                    name: client
                        .methods
                        .claim(&format!("{}_with_{name}_body", client.method)),
                    content_type: ranged.then(|| content_type_arg(client.params)),
                }),
                variant: other_variant,
            });
        }
        let bare = (required && !alternatives.is_empty()).then(|| inputs.claim("without_body"));
        Some(RequestBody {
            media_type: media_type.to_owned(),
            kind,
            ty,
            required,
            doc: object.description().map(str::to_owned),
            encoding,
            variant,
            alternatives,
            bare,
        })
    }

    /// Another media type a caller may send the body as (`other`, its media type
    /// object and pointer): its kind, whether it is a range, its type (the
    /// preferred media type's own, `preferred`, when the schema is the same) and
    /// its Encoding Objects.
    fn alternative(
        &mut self,
        (other, other_media, other_at): (&str, &'a Value, &str),
        (kind, ty, media): (&BodyKind, &Ty, &'a Value),
        type_base: &str,
        other_variant: &str,
    ) -> (BodyKind, bool, Ty, Vec<Encoding>) {
        let (other_kind, ranged) = Self::choice_kind(other, other_media);
        let schema = MediaType::new(other_media).schema().value;
        let same = schema.is_some() && schema == MediaType::new(media).schema().value;
        // A multipart form type carries its parts' `encoding`: shared only when
        // that is the same too.
        let same_parts = same
            && MediaType::new(other_media).encoding().value
                == MediaType::new(media).encoding().value;
        let other_ty = match (&other_kind, schema) {
            (BodyKind::Json | BodyKind::UrlEncoded, Some(_))
                if same && matches!(kind, BodyKind::Json | BodyKind::UrlEncoded) =>
            {
                ty.clone()
            }
            (BodyKind::Multipart, Some(_)) if same_parts && *kind == BodyKind::Multipart => {
                ty.clone()
            }
            (BodyKind::Json | BodyKind::UrlEncoded, Some(schema)) => self.types.schema(
                &mut self.cx,
                schema,
                &join(other_at, "schema"),
                &cat(&[type_base, other_variant, "Body"]),
            ),
            (BodyKind::Json, None) => {
                self.cx.sink.untyped(other_at, false);
                Ty::Any
            }
            (BodyKind::Text, _) => Ty::String,
            (BodyKind::Multipart, Some(schema)) => {
                let schema_at = join(other_at, "schema");
                self.form_type(
                    schema,
                    &schema_at,
                    other_media,
                    other_at,
                    &cat(&[type_base, "Form"]),
                )
            }
            (BodyKind::Multipart, None) => {
                // No schema names the parts: the entries are checked, any key taken.
                let encoding = self.encoding(other_media, other_at, None);
                self.types.add_type(
                    &cat(&[type_base, "Form"]),
                    other_at,
                    None,
                    TypeKind::Form {
                        fields: Vec::new(),
                        encoding,
                    },
                )
            }
            _ => Ty::Binary,
        };
        if other_kind == BodyKind::Json {
            self.media_examples(other_media, other_at, &other_ty);
        }
        let encoding = if other_kind == BodyKind::UrlEncoded {
            let fields = self.body_fields(&other_ty);
            self.encoding(other_media, other_at, fields.as_deref())
        } else {
            Vec::new()
        };
        (other_kind, ranged, other_ty, encoding)
    }

    /// A `multipart/form-data` schema as a form type: its named properties are the
    /// parts, written as the `encoding` map of its media type object (`media` at
    /// `media_at`) says.
    pub(super) fn form_type(
        &mut self,
        schema: &'a Value,
        schema_at: &str,
        media: &'a Value,
        media_at: &str,
        hint: &str,
    ) -> Ty {
        let mut fields = self
            .types
            .merged_fields(&mut self.cx, schema, schema_at, hint);
        fields.retain(|f| !f.rest);
        let encoding = self.encoding(media, media_at, Some(&fields));
        let doc = self
            .cx
            .deref(schema, schema_at)
            .and_then(|(s, _)| doc_of(s));
        self.types
            .add_type(hint, schema_at, doc, TypeKind::Form { fields, encoding })
    }

    /// How a media type other than the preferred one is sent, and whether it is a
    /// range whose `Content-Type` the caller gives.
    pub(super) fn choice_kind(media_type: &str, media: &Value) -> (BodyKind, bool) {
        let essence = media::essence(media_type);
        if essence.contains('*') {
            (BodyKind::Binary, true)
        } else if media::is_json(&essence) {
            (BodyKind::Json, false)
        } else if essence.starts_with("text/") {
            (BodyKind::Text, false)
        } else if essence == "multipart/form-data" {
            (BodyKind::Multipart, false)
        } else if essence == "application/x-www-form-urlencoded"
            && MediaType::new(media).schema().value.is_some()
        {
            (BodyKind::UrlEncoded, false)
        } else {
            (BodyKind::Binary, false)
        }
    }
}

/// Whether two bodies (kind and type) are sent from the same Rust type: JSON and
/// form bodies as their type, multipart bodies as their form type, text as
/// `String`, anything else as bytes.
/// The name of a constructor's argument taking a ranged body's `Content-Type`:
/// `content_type`, prefixed with `body_` until no required parameter has it.
fn content_type_arg(params: &[Param]) -> Name {
    let mut name = Name::from("content_type");
    while params.iter().any(|p| p.required && p.rust_name == name) {
        name.insert_str(0, "body_");
    }
    name
}

fn same_rust_type(a: (&BodyKind, &Ty), b: (&BodyKind, &Ty)) -> bool {
    let class = |kind: &BodyKind| match kind {
        BodyKind::Json | BodyKind::UrlEncoded => 0,
        BodyKind::Multipart => 1,
        BodyKind::Text => 2,
        _ => 3,
    };
    let (ca, cb) = (class(a.0), class(b.0));
    ca == cb && (ca >= 2 || a.1 == b.1)
}
