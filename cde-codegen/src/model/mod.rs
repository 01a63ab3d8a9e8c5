//! Model: the checked JSON document into the IR ([`Api`]). Every problem found is a
//! diagnostic with its JSON pointer; modeling goes on after a problem wherever it
//! can, so independent problems are reported together.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::doc::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics, Kind, join};
use crate::ir::*;
use crate::names::Scope;
use crate::spec::objects::{Document, Info, Member as ObjectMember};
use crate::spec::refs::Refs;
use crate::spec::schema::Schema;

mod bodies;
mod cycles;
mod operations;
mod responses;
#[cfg(test)]
mod tests;
mod types;

use cycles::{mark_boxes, settle_any_of};

pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Builds the IR from a document whose version has been checked.
pub fn build(doc: &Value<'_>) -> (Api, Vec<Diagnostic>) {
    build_with(doc, None)
}

/// Builds the IR; `pagination` declares pagination for operations by operationId
/// (the macro's `pagination` option), like the `x-pagination` extension does.
/// Returns the errors found (unlocated).
pub fn build_with(doc: &Value<'_>, pagination: Option<&Value<'_>>) -> (Api, Vec<Diagnostic>) {
    let mut sink = Diagnostics::default();
    let api = build_for(doc, pagination, true, &mut sink);
    let errors = sink
        .into_all()
        .into_iter()
        .filter(|d| d.kind == Kind::Error)
        .collect();
    (api, errors)
}

/// Builds the IR like [`build_with`]; `examples` says whether to collect the
/// spec's examples ([`Api::examples`], which only the mock server and the example
/// checks use; a spec's examples can be a large part of it).
pub(crate) fn build_for(
    doc: &Value<'_>,
    pagination: Option<&Value<'_>>,
    examples: bool,
    sink: &mut Diagnostics,
) -> Api {
    let mut model = Model {
        keep_examples: examples,
        pagination_option: pagination,
        doc,
        sink,
        types: Vec::new(),
        names: Scope::types(),
        memo: FxHashMap::default(),
        in_progress: FxHashSet::default(),
        converting: FxHashSet::default(),
        targets: FxHashMap::default(),
        refs: Refs::new(doc),
        property_names: FxHashMap::default(),
        value_names: FxHashMap::default(),
        examples: Vec::new(),
        spare_scopes: Vec::new(),
    };
    model.api()
}

struct Model<'a, 's> {
    doc: &'a Value<'a>,
    /// Whether to collect examples.
    keep_examples: bool,
    pagination_option: Option<&'a Value<'a>>,
    /// Where every error, note and untyped place goes.
    sink: &'s mut Diagnostics,
    types: Vec<TypeDef>,
    names: Scope,
    /// Type of a schema node, once known. Nodes are keyed by their address in
    /// the document, which the model borrows for all its life: one node, one key,
    /// however a pointer to it is spelled.
    memo: FxHashMap<*const Value<'a>, Ty>,
    /// `$ref` targets being converted (for cycles through non-component schemas).
    in_progress: FxHashSet<*const Value<'a>>,
    /// Schema nodes being converted (for schemas that contain themselves).
    converting: FxHashSet<*const Value<'a>>,
    /// The node each `$ref` text resolved to, with its pointer.
    targets: FxHashMap<&'a str, (&'a Value<'a>, &'a str)>,
    /// The one `$ref` resolver.
    refs: Refs<'a>,
    /// Type-name and field-name spellings of property names (many repeat).
    property_names: FxHashMap<&'a str, (String, String)>,
    /// Variant-name spellings of enum values (many lists repeat).
    value_names: FxHashMap<&'a str, String>,
    examples: Vec<Example>,
    /// Scopes done with, kept for their memory (see [`Model::scope`]).
    spare_scopes: Vec<Scope>,
}

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

impl<'a> Model<'a, '_> {
    /// An empty scope of `kind`'s rules, reusing the memory of one done with
    /// (give it back to `spare_scopes`): every struct and enum has a scope.
    pub(super) fn scope(&mut self, kind: Scope) -> Scope {
        match self.spare_scopes.pop() {
            Some(mut spare) => {
                spare.reset_as(kind);
                spare
            }
            None => kind,
        }
    }

    pub(super) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.sink.error(pointer, message);
    }

    /// A member of the object at `pointer` that must be an object, or `None` when
    /// it is absent or `null`; a non-object is reported.
    pub(super) fn object(
        &mut self,
        member: ObjectMember<'a>,
        pointer: &str,
    ) -> Option<&'a Map<'a>> {
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
        v: &'a Value<'a>,
        pointer: &'p str,
    ) -> Option<(&'a Value<'a>, Cow<'p, str>)>
    where
        'a: 'p,
    {
        self.refs.deref(v, pointer, self.sink)
    }

    /// Follows `$ref`s from `v`, giving the last reference followed
    /// ([`Refs::follow`]).
    pub(super) fn follow(
        &mut self,
        v: &'a Value<'a>,
        pointer: &str,
    ) -> Option<(&'a Value<'a>, Option<&'a str>)> {
        self.refs.follow(v, pointer, self.sink)
    }

    pub(super) fn api(&mut self) -> Api {
        let doc = self.doc;
        let info = Document::new(doc).info().unwrap_or(&Value::Null);
        if !info.is_object() {
            self.error(
                "#/info",
                "`info` must be an object with `title` and `version`",
            );
        }
        let info = Info::new(info);
        let title = info.title().unwrap_or("API").to_owned();
        let version = match info.version() {
            Some(Value::String(s)) => s.as_ref().to_owned(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let description = info.description().map(str::to_owned);
        let base_url = self.base_url();
        self.register_components();
        let operations = self.operations();
        self.collect_component_examples();
        settle_any_of(&mut self.types);
        mark_boxes(&mut self.types);
        Api {
            title,
            version,
            description,
            base_url,
            types: std::mem::take(&mut self.types),
            operations,
            examples: std::mem::take(&mut self.examples),
        }
    }

    pub(super) fn base_url(&mut self) -> Option<String> {
        let server = Document::new(self.doc).first_server()?;
        let mut url = server.url()?.to_owned();
        for (name, default) in server.variable_defaults() {
            url = url.replace(&format!("{{{name}}}"), default);
        }
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url)
        } else {
            self.sink.note(format!(
                "The first server URL `{url}` is not absolute, so the client has no default base URL; set one with `Client::builder().base_url(..)`."
            ));
            None
        }
    }
}
