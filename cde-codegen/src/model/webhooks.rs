//! Webhooks (`webhooks`, OpenAPI 3.1): requests the API sends to its
//! subscribers. Each operation's request body becomes a payload type (named by
//! the webhook), its documented examples checked against it.

use super::Model;
use crate::diag::{cat, join};
use crate::ir::{BodyKind, Ty, Webhook};
use crate::names::{Scope, type_name};
use crate::spec::objects::{
    Document, MediaType, Operation as OperationObject, PathItem, RequestBody as RequestBodyObject,
};
use crate::spec::vocab;

impl<'a> Model<'a, '_> {
    /// Every webhook operation with a request body, in document order.
    pub(super) fn webhooks(&mut self) -> Vec<Webhook> {
        let doc = self.cx.doc;
        let Some(hooks) = self.cx.object(Document::new(doc).webhooks(), "#") else {
            return Vec::new();
        };
        let mut names = Scope::types();
        let mut out = Vec::new();
        for (key, item) in hooks {
            if vocab::is_extension(key) {
                continue;
            }
            let item_pointer = join("#/webhooks", key);
            let Some((item, _)) = self.cx.deref(item, &item_pointer) else {
                continue;
            };
            let operations = PathItem::new(item).operations();
            let several = operations.len() > 1;
            for found in operations {
                let (op, method) = (found.value, found.method);
                let pointer = cat(&[&item_pointer, &found.at]);
                let object = OperationObject::new(op);
                let declared = object.request_body();
                let Some(raw) = declared.value else {
                    continue;
                };
                let body_at = join(&pointer, declared.name);
                let Some((body, at)) = self.cx.deref(raw, &body_at) else {
                    continue;
                };
                let at = at.into_owned();
                let Some(content) = self.cx.object(RequestBodyObject::new(body).content(), &at)
                else {
                    continue;
                };
                // The media type a request body would be sent as.
                let Some((media_type, media, kind)) = Self::pick_media(content) else {
                    continue;
                };
                let json = kind == BodyKind::Json;
                // One name per webhook; its method too when it has several.
                let base = if several {
                    cat(&[&type_name(key), &type_name(&method.to_ascii_lowercase())])
                } else {
                    type_name(key)
                };
                let media_at = join(&join(&at, "content"), media_type);
                let ty = match MediaType::new(media).schema().value {
                    Some(schema) if json => self.types.schema(
                        &mut self.cx,
                        schema,
                        &join(&media_at, "schema"),
                        &cat(&[&base, "Webhook"]),
                    ),
                    Some(_) => Ty::Binary,
                    None => {
                        self.cx.sink.untyped(&media_at, false);
                        Ty::Any
                    }
                };
                if json {
                    self.media_examples(media, &media_at, &ty);
                }
                let doc = match (object.summary(), object.description()) {
                    (Some(summary), Some(description)) => {
                        Some(format!("{summary}\n\n{description}"))
                    }
                    (summary, description) => summary.or(description).map(str::to_owned),
                };
                out.push(Webhook {
                    name: names.claim(&base),
                    key: key.clone(),
                    http_method: method,
                    media_type: media_type.to_owned(),
                    ty,
                    doc,
                    pointer,
                });
            }
        }
        out
    }
}
