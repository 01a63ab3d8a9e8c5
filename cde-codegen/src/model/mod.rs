//! Model: the checked JSON document into the IR ([`Api`]). Every problem found is a
//! diagnostic with its JSON pointer; modeling goes on after a problem wherever it
//! can, so independent problems are reported together.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::doc::{Map, Value};

use crate::Pagination;
#[cfg(test)]
use crate::diag::{Diagnostic, Kind};
use crate::diag::{Diagnostics, join};
use crate::ir::*;
use crate::spec::objects::{Document, Info, Member as ObjectMember, TagFields};
use crate::spec::refs::Refs;
use crate::spec::schema::Schema;
use crate::spec::version::Version;

mod bodies;
mod cycles;
mod operations;
mod responses;
mod streams;
#[cfg(test)]
mod tests;
mod types;
mod unions;
mod webhooks;

use types::Types;

use cycles::{mark_boxes, mark_from_impls, settle_any_of};

/// Builds the IR from a document whose version has been checked.
#[cfg(test)]
pub fn build(doc: &Value) -> (Api, Vec<Diagnostic>) {
    build_with(doc, &[])
}

/// Builds the IR; `pagination` declares pagination for operations by operationId
/// (the macro's `pagination` option), like the `x-pagination` extension does.
/// Returns the errors found (unlocated).
#[cfg(test)]
pub fn build_with(doc: &Value, pagination: &[(String, Pagination)]) -> (Api, Vec<Diagnostic>) {
    let mut sink = Diagnostics::default();
    let version = crate::spec::version::check(doc).unwrap_or(Version::V3_0);
    let api = build_for(doc, version, &HashSet::new(), pagination, true, &mut sink);
    let errors = sink
        .into_all()
        .into_iter()
        .filter(|d| d.kind == Kind::Error)
        .collect();
    (api, errors)
}

/// Builds the IR like [`build_with`] from a document of `version`; `examples`
/// says whether to collect the spec's examples ([`Api::examples`], which only
/// the mock server and the example checks use; a spec's examples can be a
/// large part of it).
pub(crate) fn build_for(
    doc: &Value,
    version: Version,
    type_lists: &HashSet<String>,
    pagination: &[(String, Pagination)],
    examples: bool,
    sink: &mut Diagnostics,
) -> Api {
    let mut model = Model {
        cx: Context {
            doc,
            refs: Refs::new(doc),
            type_lists,
            item_schemas: version == Version::V3_2,
            sink,
        },
        types: Types::new(),
        keep_examples: examples,
        pagination_option: pagination,
        examples: Vec::new(),
    };
    model.api()
}

/// What every part of the model reads and writes: the document, the one `$ref`
/// resolver and the diagnostics sink.
pub(super) struct Context<'a, 's> {
    /// The document.
    pub doc: &'a Value,
    /// The one `$ref` resolver.
    refs: Refs<'a>,
    /// The `oneOf`s normalization made from a 3.1 `type` list, by pointer.
    pub type_lists: &'a HashSet<String>,
    /// Whether sequential bodies name their items' schema with `itemSchema`
    /// (3.2); before 3.2, a sequential media type's `schema` is the item's.
    pub item_schemas: bool,
    /// Where every error, note and untyped place goes.
    pub sink: &'s mut Diagnostics,
}

/// The operations pass: builds every operation, asking the types pass
/// ([`Types`]) for the type of each schema it meets. The two share only the
/// [`Context`].
struct Model<'a, 's> {
    cx: Context<'a, 's>,
    /// The types pass: the type table and how it was built.
    types: Types<'a>,
    /// Whether to collect examples.
    keep_examples: bool,
    /// The macro's `pagination` option, by operationId.
    pagination_option: &'a [(String, Pagination)],
    examples: Vec<Example>,
}

/// The docs of a schema: its title and description.
pub(super) fn doc_of(v: &Value) -> Option<String> {
    let schema = Schema::new(v);
    let (title, description) = (schema.title(), schema.description());
    match (title, description) {
        (Some(t), Some(d)) if t != d => Some(format!("{t}\n\n{d}")),
        (Some(t), _) => Some(t.to_owned()),
        (None, Some(d)) => Some(d.to_owned()),
        (None, None) => None,
    }
}

impl<'a> Context<'a, '_> {
    /// Records an error at `pointer`.
    pub(super) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.sink.error(pointer, message);
    }

    /// A member of the object at `pointer` that must be an object, or `None` when
    /// it is absent or `null`; a non-object is reported.
    pub(super) fn object(&mut self, member: ObjectMember<'a>, pointer: &str) -> Option<&'a Map> {
        match member.value {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => Some(map),
            Some(_) => {
                let key = member.name;
                self.error(&join(pointer, key), format!("`{key}` must be an object"));
                None
            }
        }
    }

    /// Follows `$ref`s from `v` to the node they name ([`Refs::deref`]).
    pub(super) fn deref<'p>(
        &mut self,
        v: &'a Value,
        pointer: &'p str,
    ) -> Option<(&'a Value, Cow<'p, str>)>
    where
        'a: 'p,
    {
        self.refs.deref(v, pointer, self.sink)
    }

    /// Follows `$ref`s from `v`, giving the last reference followed
    /// ([`Refs::follow`]).
    pub(super) fn follow(
        &mut self,
        v: &'a Value,
        pointer: &str,
    ) -> Option<(&'a Value, Option<&'a str>)> {
        self.refs.follow(v, pointer, self.sink)
    }
}

impl<'a> Model<'a, '_> {
    pub(super) fn api(&mut self) -> Api {
        let doc = self.cx.doc;
        let info = Document::new(doc).info().unwrap_or(&Value::Null);
        if !info.is_object() {
            self.cx.error(
                "#/info",
                "`info` must be an object with `title` and `version`",
            );
        }
        let info = Info::new(info);
        let title = info.title().unwrap_or("API").to_owned();
        let version = match info.version() {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let description = info.description().map(str::to_owned);
        let base_url = self.base_url();
        self.types.register_components(&mut self.cx);
        let operations = self.operations();
        let webhooks = self.webhooks();
        if self.keep_examples {
            let examples = self.types.component_examples(doc);
            self.examples.extend(examples);
        }
        settle_any_of(&mut self.types.defs);
        mark_boxes(&mut self.types.defs);
        mark_from_impls(&mut self.types.defs);
        Api {
            title,
            version,
            description,
            base_url,
            types: std::mem::take(&mut self.types.defs),
            operations,
            examples: std::mem::take(&mut self.examples),
            webhooks,
            tags: self.tags(),
        }
    }

    /// The document's tags, each labelled with its ancestors (3.2 `parent`)
    /// and `kind`; a parent that is no tag of the document, or a cycle of
    /// parents, is noted and read as no parent.
    fn tags(&mut self) -> Vec<Tag> {
        let declared: Vec<TagFields<'a>> = Document::new(self.cx.doc).tags().collect();
        let find = |name: &str| declared.iter().find(|t| t.name == name);
        let mut out = Vec::with_capacity(declared.len());
        for tag in &declared {
            let mut path = vec![tag.name];
            let mut at = *tag;
            let mut parent = None;
            while let Some(up) = at.parent {
                match find(up) {
                    Some(next) if !path.contains(&next.name) => {
                        parent.get_or_insert(up);
                        path.push(next.name);
                        at = *next;
                    }
                    Some(_) => {
                        self.cx.sink.note(format!(
                            "The tags' `parent`s make a cycle through `{}`; each is read from `{}` up to where the cycle closes.",
                            up, tag.name
                        ));
                        break;
                    }
                    None => {
                        self.cx.sink.note(format!(
                            "The tag `{}` names `{up}` as its `parent`, which is no tag of the document; it is read as having no parent there.",
                            at.name
                        ));
                        break;
                    }
                }
            }
            path.reverse();
            let mut label = path.join(" › ");
            if let Some(kind) = tag.kind {
                label.push_str(&format!(" ({kind})"));
            }
            out.push(Tag {
                name: tag.name.to_owned(),
                label,
                parent: parent.map(str::to_owned),
                summary: tag.summary.map(str::to_owned),
            });
        }
        out
    }

    /// The document's first server URL, when it is absolute.
    pub(super) fn document_server(&self) -> Option<String> {
        let url = Document::new(self.cx.doc).first_server()?.resolved_url()?;
        (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
    }

    pub(super) fn base_url(&mut self) -> Option<String> {
        let url = Document::new(self.cx.doc).first_server()?.resolved_url()?;
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url)
        } else {
            self.cx.sink.note(format!(
                "The first server URL `{url}` is not absolute, so the client has no default base URL; set one with `Client::builder().base_url(..)`."
            ));
            None
        }
    }
}
