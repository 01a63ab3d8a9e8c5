//! Model: the checked JSON document into the IR ([`Api`]). Every problem found is a
//! diagnostic with its JSON pointer; modeling goes on after a problem wherever it
//! can, so independent problems are reported together.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::doc::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics, Kind, cat, join, tokens};
use crate::ir::*;
use crate::media;
use crate::names::{Scope, field_name, media_name, type_name};
use crate::spec;
use crate::spec::objects::{
    Components, Document, Example as ExampleObject, Info, MediaType, Member as ObjectMember,
    Operation as OperationObject, PaginationDecl, Parameter, PathItem, Reference,
    RequestBody as RequestBodyObject, Response, SecurityScheme,
};
use crate::spec::refs::Refs;
use crate::spec::schema::{Discriminator, Schema};

const METHODS: &[&str] = &[
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

fn doc_of(v: &Value) -> Option<String> {
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
    fn scope(&mut self, kind: Scope) -> Scope {
        match self.spare_scopes.pop() {
            Some(mut spare) => {
                spare.reset_as(kind);
                spare
            }
            None => kind,
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.sink.error(pointer, message);
    }

    /// A member of the object at `pointer` that must be an object, or `None` when
    /// it is absent or `null`; a non-object is reported.
    fn object(&mut self, member: ObjectMember<'a>, pointer: &str) -> Option<&'a Map<'a>> {
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
    fn deref<'p>(
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
    fn follow(
        &mut self,
        v: &'a Value<'a>,
        pointer: &str,
    ) -> Option<(&'a Value<'a>, Option<&'a str>)> {
        self.refs.follow(v, pointer, self.sink)
    }

    fn api(&mut self) -> Api {
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

    fn base_url(&mut self) -> Option<String> {
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

    /// Claims a name for every component schema up front, so references (also
    /// recursive ones) resolve before the schema is converted.
    fn register_components(&mut self) {
        let components = Document::new(self.doc).components();
        if !components.is_null() && !components.is_object() {
            self.error("#/components", "`components` must be an object");
            return;
        }
        let Some(schemas) = self.object(Components::new(components).schemas(), "#/components")
        else {
            return;
        };
        let mut pending = Vec::new();
        for (key, schema) in schemas {
            let pointer = join("#/components/schemas", key);
            let name = self.names.claim(&type_name(key));
            let index = self.types.len();
            self.types.push(TypeDef {
                name,
                pointer: pointer.clone(),
                doc: doc_of(schema),
                kind: TypeKind::Alias(Ty::Any),
            });
            let ty = if Schema::new(schema).nullable() {
                Ty::Named(index).nullable()
            } else {
                Ty::Named(index)
            };
            self.memo.insert(std::ptr::from_ref(schema), ty);
            pending.push((index, schema, pointer));
        }
        for (index, schema, pointer) in pending {
            let hint = self.types[index].name.clone();
            let kind = self.type_kind(schema, &pointer, &hint);
            self.types[index].kind = kind;
        }
    }

    fn collect_component_examples(&mut self) {
        if !self.keep_examples {
            return;
        }
        let components = Components::new(Document::new(self.doc).components());
        let Some(schemas) = components.schemas().value.and_then(Value::as_object) else {
            return;
        };
        for (key, schema) in schemas {
            let pointer = join("#/components/schemas", key);
            if let (Some(example), Some(ty)) = (
                Schema::new(schema).example(),
                self.memo.get(&std::ptr::from_ref(schema)),
            ) {
                self.examples.push(Example {
                    pointer: join(&pointer, "example"),
                    ty: ty.clone(),
                    value: example.to_json(),
                    response: None,
                });
            }
        }
    }

    /// Adds a named type for an inline schema.
    fn add_type(&mut self, hint: &str, pointer: &str, doc: Option<String>, kind: TypeKind) -> Ty {
        let name = self.names.claim(hint);
        self.types.push(TypeDef {
            name,
            pointer: pointer.to_owned(),
            doc,
            kind,
        });
        Ty::Named(self.types.len() - 1)
    }

    /// The type of the schema `v` at `pointer`; `hint` names inline types.
    fn schema(&mut self, v: &'a Value<'a>, pointer: &str, hint: &str) -> Ty {
        let node = std::ptr::from_ref(v);
        if let Some(ty) = self.memo.get(&node) {
            return ty.clone();
        }
        if !self.converting.insert(node) {
            self.sink.note(format!(
                "The schema at `{pointer}` contains itself (through `allOf`); the inner occurrence is typed as any JSON value."
            ));
            self.sink.untyped(pointer, true);
            return Ty::Any;
        }
        let ty = self.schema_uncached(v, pointer, hint);
        self.converting.remove(&node);
        self.memo.insert(node, ty.clone());
        ty
    }

    fn schema_uncached(&mut self, v: &'a Value<'a>, pointer: &str, hint: &str) -> Ty {
        if let Some(reference) = Schema::new(v).reference() {
            let Some(reference) = reference.as_str() else {
                self.error(&join(pointer, "$ref"), "`$ref` must be a string");
                return Ty::Any;
            };
            let target = match self.targets.get(reference) {
                Some((target, _)) => *target,
                None => {
                    let Some((target, followed)) = self.follow(v, pointer) else {
                        return Ty::Any;
                    };
                    // `v` is a reference, so the target's pointer is the last
                    // reference followed.
                    let at = followed.unwrap_or(reference);
                    self.targets.insert(reference, (target, at));
                    target
                }
            };
            let node = std::ptr::from_ref(target);
            if let Some(ty) = self.memo.get(&node) {
                return ty.clone();
            }
            let at = self.targets[reference].1;
            if !self.in_progress.insert(node) {
                self.sink.note(format!(
                    "The schema at `{at}` refers to itself through a path outside `#/components/schemas`; that reference is typed as any JSON value."
                ));
                self.sink.untyped(at, true);
                return Ty::Any;
            }
            let last = crate::diag::last_token(at).unwrap_or_default();
            let ty = self.schema(target, at, &type_name(&last));
            self.in_progress.remove(&node);
            self.memo.insert(node, ty.clone());
            return ty;
        }
        let schema = Schema::new(v);
        if schema.object().is_none() {
            if v != &Value::Bool(true) {
                self.error(pointer, "a schema must be an object");
            }
            return Ty::Any;
        }
        let ty = self.schema_body(schema, pointer, hint);
        if schema.nullable() { ty.nullable() } else { ty }
    }

    /// The kind of a named (component) type.
    fn type_kind(&mut self, v: &'a Value<'a>, pointer: &str, name: &str) -> TypeKind {
        // Not through `schema`: its memo already maps this pointer to the type
        // being defined, which would make the alias refer to itself.
        let schema = Schema::new(v);
        if schema.object().is_none() || schema.reference().is_some() {
            return TypeKind::Alias(self.schema_uncached(v, pointer, name));
        }
        if let Some(kind) = self.named_kind(schema, pointer, name) {
            return kind;
        }
        TypeKind::Alias(self.schema_body(schema, pointer, name))
    }

    /// A kind that needs its own named type (struct, enum, newtype, union), if `v`
    /// is one; `None` for primitives, arrays, maps and references.
    fn named_kind(&mut self, schema: Schema<'a>, pointer: &str, hint: &str) -> Option<TypeKind> {
        let v = schema.node();
        if schema.has_not() {
            self.error(
                &join(pointer, "not"),
                "unsupported construct: `not` schemas cannot be expressed as a Rust type; remove `not` or describe the allowed shapes with `oneOf`",
            );
            return None;
        }
        if let Some(all) = schema.all_of() {
            if all.len() == 1 && !schema.has_properties() {
                return None;
            }
            let fields = self.merged_fields(v, pointer, hint);
            return Some(TypeKind::Struct { fields });
        }
        for any_of in [false, true] {
            if let Some((key, branches)) = schema.branches(any_of) {
                if schema.only_constrains(branches) {
                    continue;
                }
                if branches.len() == 1 {
                    return None;
                }
                let discriminator = schema.discriminator();
                let every = any_of && discriminator.is_none();
                return Some(self.union(branches, discriminator, every, &join(pointer, key), hint));
            }
        }
        let ty = schema.type_name();
        if let Some(values) = schema.enum_values()
            && matches!(ty, Some("string") | None)
            && values.iter().all(|v| v.is_string() || v.is_null())
            && values.iter().any(Value::is_string)
        {
            return Some(self.string_enum(values));
        }
        match ty {
            Some("string") => {
                let constraints = self.constraints(schema, pointer);
                let special = matches!(
                    schema.format(),
                    Some("uuid" | "date-time" | "date" | "binary")
                );
                if !special && (constraints != Constraints::default() || schema.has_pattern()) {
                    return Some(TypeKind::Newtype(constraints));
                }
                None
            }
            Some("object") | None if schema.has_properties() => {
                let fields = self.merged_fields(v, pointer, hint);
                Some(TypeKind::Struct { fields })
            }
            _ => None,
        }
    }

    fn schema_body(&mut self, schema: Schema<'a>, pointer: &str, hint: &str) -> Ty {
        let v = schema.node();
        if let Some(all) = schema.all_of()
            && all.len() == 1
            && !schema.has_properties()
        {
            return self.schema(&all[0], &join(&join(pointer, "allOf"), "0"), hint);
        }
        for any_of in [false, true] {
            if let Some((key, branches)) = schema.branches(any_of)
                && branches.len() == 1
                && !schema.only_constrains(branches)
            {
                return self.schema(&branches[0], &join(&join(pointer, key), "0"), hint);
            }
        }
        if let Some(kind) = self.named_kind(schema, pointer, hint) {
            return self.add_type(hint, pointer, doc_of(v), kind);
        }
        match schema.type_value() {
            Some(Value::String(t)) => match t.as_ref() {
                "string" => match schema.format() {
                    Some("uuid") => Ty::Uuid,
                    Some("date-time") => Ty::DateTime,
                    Some("date") => Ty::Date,
                    Some("binary") => Ty::Binary,
                    _ => Ty::String,
                },
                "integer" => match schema.format() {
                    Some("int32") => Ty::I32,
                    _ => Ty::I64,
                },
                "number" => match schema.format() {
                    Some("float") => Ty::F32,
                    _ => Ty::F64,
                },
                "boolean" => Ty::Bool,
                "array" => {
                    let item_hint = cat(&[hint, "Item"]);
                    match schema.items() {
                        Some(items) => Ty::Array(Box::new(self.schema(
                            items,
                            &join(pointer, "items"),
                            &item_hint,
                        ))),
                        None => {
                            self.error(pointer, "an array schema needs `items` (OpenAPI 3.0); use `items: {}` for any item");
                            Ty::Array(Box::new(Ty::Any))
                        }
                    }
                }
                "object" => self.map_type(schema, pointer, hint),
                other => {
                    self.error(&join(pointer, "type"), format!("unknown schema type `{other}`; use string, integer, number, boolean, array or object"));
                    Ty::Any
                }
            },
            Some(Value::Array(_)) => {
                self.error(&join(pointer, "type"), "unsupported construct: `type` as a list is OpenAPI 3.1; in 3.0 use one type plus `nullable: true`, or `oneOf`");
                Ty::Any
            }
            Some(_) => {
                self.error(&join(pointer, "type"), "`type` must be a string");
                Ty::Any
            }
            None => {
                if schema.additional_properties().is_some() {
                    self.map_type(schema, pointer, hint)
                } else if let Some(items) = schema.items() {
                    Ty::Array(Box::new(self.schema(
                        items,
                        &join(pointer, "items"),
                        &cat(&[hint, "Item"]),
                    )))
                } else {
                    self.sink.untyped(pointer, false);
                    Ty::Any
                }
            }
        }
    }

    fn map_type(&mut self, schema: Schema<'a>, pointer: &str, hint: &str) -> Ty {
        match schema.additional_properties() {
            Some(values @ Value::Object(_)) => {
                let value = self.schema(
                    values,
                    &join(pointer, "additionalProperties"),
                    &cat(&[hint, "Value"]),
                );
                Ty::Map(Box::new(value))
            }
            _ => {
                self.sink
                    .untyped(&join(pointer, "additionalProperties"), false);
                Ty::Map(Box::new(Ty::Any))
            }
        }
    }

    fn constraints(&mut self, schema: Schema<'a>, pointer: &str) -> Constraints {
        let pattern = schema.pattern().map(str::to_owned);
        if let Some(pattern) = &pattern
            && let Err(err) = regress::Regex::new(pattern)
        {
            self.error(
                &join(pointer, "pattern"),
                format!("invalid `pattern` {pattern:?}: {err} (patterns are ECMA-262 regular expressions)"),
            );
            return Constraints {
                pattern: None,
                ..length_constraints(schema)
            };
        }
        Constraints {
            pattern,
            ..length_constraints(schema)
        }
    }

    fn string_enum(&mut self, values: &'a [Value]) -> TypeKind {
        let mut scope = self.scope(Scope::types());
        let mut out = Vec::with_capacity(values.len());
        let mut seen = FxHashSet::default();
        for value in values.iter().filter_map(Value::as_str) {
            // Most lists are short: look for repeats in them without hashing.
            let repeated = if values.len() <= 16 {
                out.iter().any(|v: &EnumValue| v.value == value)
            } else {
                !seen.insert(value)
            };
            if repeated {
                continue;
            }
            let base = self.value_names.entry(value).or_insert_with(|| {
                if value.is_empty() {
                    String::from("Empty")
                } else {
                    type_name(value)
                }
            });
            out.push(EnumValue {
                rust_name: scope.claim(base),
                value: Name::from(value),
            });
        }
        let unknown = scope.claim("Unknown");
        self.spare_scopes.push(scope);
        TypeKind::StringEnum {
            values: out,
            unknown,
        }
    }

    /// The type of `oneOf`/`anyOf` branches. With `every` (an `anyOf` without
    /// `discriminator`), a [`TypeKind::AnyOf`] whose fields are named after the
    /// branches; [`settle_any_of`] turns it into a [`TypeKind::Union`] once every
    /// type is known, if no two branches can match the same value.
    fn union(
        &mut self,
        branches: &'a [Value],
        discriminator: Option<Discriminator<'a>>,
        every: bool,
        pointer: &str,
        hint: &str,
    ) -> TypeKind {
        let mut scope = if every {
            Scope::values()
        } else {
            Scope::types()
        };
        let mut variants = Vec::new();
        let property = discriminator.and_then(Discriminator::property_name);
        let mapping = discriminator.and_then(Discriminator::mapping);
        let mut taken: FxHashSet<String> = FxHashSet::default();
        for (index, branch) in branches.iter().enumerate() {
            // The values naming this branch: the mapping's entries for its `$ref`,
            // else the referenced schema's name.
            let tag = property.and_then(|property| {
                let reference = Schema::new(branch).reference_text()?;
                let mut values: Vec<String> = mapping
                    .map(|m| {
                        m.iter()
                            .filter(|(_, target)| {
                                target.as_str().is_some_and(|t| {
                                    t == reference || reference.ends_with(&format!("/{t}"))
                                })
                            })
                            .map(|(value, _)| value.to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                if values.is_empty() {
                    values.push(reference.rsplit('/').next()?.to_owned());
                }
                // A value already taken by an earlier branch stays with it.
                values.retain(|v| taken.insert(v.clone()));
                Some((property.to_owned(), values)).filter(|(_, v)| !v.is_empty())
            });
            let at = join(pointer, &index.to_string());
            let ty = self.schema(branch, &at, &format!("{hint}Variant{index}"));
            let base = if every {
                field_name(&self.branch_label(branch, &ty, &at, index))
            } else {
                variant_base(&self.types, &ty)
            };
            variants.push(UnionVariant {
                rust_name: scope.claim(&base),
                ty,
                boxed: false,
                index,
                tag,
            });
        }
        if every {
            TypeKind::AnyOf(variants)
        } else {
            TypeKind::Union(variants)
        }
    }

    /// What an `anyOf` field is named after: the branch's `title`, else the name of
    /// the type it refers to, else its kind of value (`integer`), else its position
    /// (`variant1`, for an inline object, enum or constrained string).
    fn branch_label(&self, branch: &Value, ty: &Ty, at: &str, index: usize) -> String {
        if let Some(title) = Schema::new(branch).title().filter(|t| !t.trim().is_empty()) {
            return title.to_owned();
        }
        match ty.strip_nullable().0 {
            Ty::Named(i) if self.types[*i].pointer != at => self.types[*i].name.to_string(),
            Ty::Named(_) => format!("variant{index}"),
            other => kind_word(other).to_owned(),
        }
    }

    /// The fields of an object schema, merging `allOf` parts (recursively).
    fn merged_fields(&mut self, v: &'a Value<'a>, pointer: &str, hint: &str) -> Vec<Field> {
        let mut parts: Vec<(&'a Value<'a>, Cow<'_, str>)> = Vec::new();
        self.flatten_all_of(v, Cow::Borrowed(pointer), &mut parts, 0);
        let required = |name: &str| {
            parts
                .iter()
                .any(|(part, _)| Schema::new(part).requires(name))
        };
        let mut fields: Vec<Field> = Vec::new();
        let mut scope = self.scope(Scope::values());
        for (part, at) in &parts {
            let Some(props) = Schema::new(part).properties() else {
                continue;
            };
            let Some(props) = props.as_object() else {
                self.error(&join(at, "properties"), "`properties` must be an object");
                continue;
            };
            let props_at = join(at, "properties");
            // One pointer and one hint buffer for all the properties.
            let mut field_pointer = props_at.clone();
            let mut field_hint = String::from(hint);
            for (name, schema) in props {
                field_pointer.truncate(props_at.len());
                crate::diag::push_token(&mut field_pointer, name);
                let (type_part, _) = self
                    .property_names
                    .entry(name)
                    .or_insert_with(|| (type_name(name), field_name(name)));
                field_hint.truncate(hint.len());
                field_hint.push_str(type_part);
                let ty = self.schema(schema, &field_pointer, &field_hint);
                // Only `allOf` parts can name a property twice.
                if parts.len() > 1
                    && let Some(existing) = fields.iter_mut().find(|f| f.json_name == name)
                {
                    existing.ty = ty;
                    continue;
                }
                let doc = if Schema::new(schema).reference().is_some() {
                    None
                } else {
                    doc_of(schema)
                };
                fields.push(Field {
                    json_name: Name::from(name),
                    rust_name: scope.claim(&self.property_names[name].1),
                    ty,
                    required: required(name),
                    doc,
                    boxed: false,
                    rest: false,
                });
            }
        }
        // Members `properties` does not name are kept when the schema allows them
        // explicitly (`additionalProperties: true` or a schema).
        let extra = parts.iter().rev().find_map(|(part, at)| {
            let value = Schema::new(part).additional_properties()?;
            match value {
                Value::Bool(false) => None,
                _ => Some((value, join(at, "additionalProperties"))),
            }
        });
        if let Some((value, at)) = extra {
            let inner = match value {
                Value::Object(map) if !map.is_empty() => {
                    self.schema(value, &at, &cat(&[hint, "Value"]))
                }
                _ => Ty::Any,
            };
            fields.push(Field {
                json_name: Name::default(),
                rust_name: scope.claim("additional_properties"),
                ty: Ty::Map(Box::new(inner)),
                required: true,
                doc: Some(String::from(
                    "The members the schema does not name (`additionalProperties`).",
                )),
                boxed: false,
                rest: true,
            });
        }
        self.spare_scopes.push(scope);
        fields
    }

    fn flatten_all_of<'p>(
        &mut self,
        v: &'a Value<'a>,
        pointer: Cow<'p, str>,
        out: &mut Vec<(&'a Value<'a>, Cow<'p, str>)>,
        depth: usize,
    ) where
        'a: 'p,
    {
        if depth > 16 {
            self.error(&pointer, "`allOf` nests too deeply (or refers to itself)");
            return;
        }
        let Some((node, followed)) = self.follow(v, &pointer) else {
            return;
        };
        let at = followed.map_or(pointer, Cow::Borrowed);
        let Some(all) = Schema::new(node).all_of() else {
            out.push((node, at));
            return;
        };
        let parts_at = join(&at, "allOf");
        out.push((node, at));
        for (index, part) in all.iter().enumerate() {
            let part_at = join(&parts_at, &index.to_string());
            self.flatten_all_of(part, Cow::Owned(part_at), out, depth + 1);
        }
    }

    fn operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let Some(paths) = self.object(Document::new(doc).paths(), "#") else {
            if Document::new(doc).paths().value.is_none() {
                self.error("#", "the spec has no `paths`");
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut ids: FxHashMap<String, String> = FxHashMap::default();
        let mut methods = Scope::values();
        methods.reserve(&["builder", "new", "core", "from_core", "clone", "fmt"]);
        let mut op_types = Scope::types();
        let mut shapes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, item) in paths {
            let item_pointer = join("#/paths", path);
            if !path.starts_with('/') {
                self.error(&item_pointer, format!("path `{path}` must start with `/`"));
                continue;
            }
            let Some((item, _)) = self.deref(item, &item_pointer) else {
                continue;
            };
            if !item.is_object() {
                self.error(&item_pointer, "a path item must be an object");
                continue;
            }
            let shape = shape_of(path);
            shapes.entry(shape).or_default().push(path.to_owned());
            for method in METHODS {
                let Some(op) = PathItem::new(item).operation(method) else {
                    continue;
                };
                let pointer = join(&item_pointer, method);
                if !op.is_object() {
                    self.error(&pointer, "an operation must be an object");
                    continue;
                }
                let id = match OperationObject::new(op).operation_id().value {
                    Some(Value::String(id)) if !id.is_empty() => id.as_ref().to_owned(),
                    Some(Value::String(_)) | None => format!("{method} {path}"),
                    Some(_) => {
                        self.error(
                            &join(&pointer, "operationId"),
                            "`operationId` must be a string",
                        );
                        continue;
                    }
                };
                if let Some(first) = ids.get(&id) {
                    self.error(
                        &join(&pointer, "operationId"),
                        format!("duplicate operationId `{id}`: also used at {first}; operationIds must be unique"),
                    );
                    continue;
                }
                ids.insert(id.clone(), pointer.clone());
                let method_name = methods.claim(&field_name(&id));
                let type_base = op_types.claim(&type_name(&id));
                if let Some(operation) =
                    self.operation(item, op, path, method, &pointer, id, method_name, type_base)
                {
                    out.push(operation);
                }
            }
        }
        // The `Client` constructors of required bodies' other media types, after
        // every operation's own method: a new media type never renames a method.
        for op in &mut out {
            let method_name = op.method_name.clone();
            if let Some(body) = op.body.as_mut().filter(|b| b.required) {
                for choice in &mut body.alternatives {
                    let name = media_name(&choice.media_type);
                    choice.constructor = methods.claim(&format!("{method_name}_with_{name}_body"));
                }
            }
        }
        for (_, same) in shapes {
            if same.len() > 1 {
                self.sink.note(format!(
                    "The paths {} differ only in parameter names; requests are sent to the one each method names.",
                    same.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        item: &'a Value<'a>,
        op: &'a Value<'a>,
        path: &str,
        method: &str,
        pointer: &str,
        id: String,
        method_name: Name,
        type_base: Name,
    ) -> Option<Operation> {
        let mut inputs = Scope::values_except(&[
            "client",
            "send",
            "body",
            "into_future",
            "new",
            "parts",
            "items",
        ]);
        // Parameters: path-item level first, then operation level overriding.
        let mut raw: Vec<(&'a Value<'a>, String)> = Vec::new();
        let owners = [
            (PathItem::new(item).parameters(), tokens_parent(pointer)),
            (OperationObject::new(op).parameters(), pointer.to_owned()),
        ];
        for (parameters, owner_pointer) in owners {
            if let Some(list) = parameters.value {
                let list_at = join(&owner_pointer, parameters.name);
                let Some(list) = list.as_array() else {
                    self.error(&list_at, "`parameters` must be a list");
                    continue;
                };
                for (index, param) in list.iter().enumerate() {
                    let at = cat(&[&list_at, "/", &index.to_string()]);
                    if let Some((param, _)) = self.deref(param, &at) {
                        let key = Parameter::new(param).identity();
                        raw.retain(|(p, _)| Parameter::new(p).identity() != key);
                        raw.push((param, at_or_ref(param, &at, list.get(index))));
                    }
                }
            }
        }
        let mut params = Vec::new();
        for (param, at) in raw {
            if let Some(p) = self.param(param, &at, &type_base, &mut inputs) {
                params.push(p);
            }
        }
        let path_parts = self.path_parts(path, pointer, &mut params, &mut inputs);
        let body = self.request_body(op, pointer, &type_base, &mut inputs);
        let first_example = self.examples.len();
        let responses = self.responses(op, pointer, &type_base);
        let security = self.security(op, pointer);
        let pagination = self.pagination(op, pointer, &id, &params, &responses);
        let response_type = self.names.claim(&cat(&[&type_base, "Response"]));
        let error_type = self.names.claim(&cat(&[&type_base, "Error"]));
        for example in &mut self.examples[first_example..] {
            if let Some(response) = &mut example.response {
                response.response_type = response_type.clone();
                response.success = responses.iter().any(|r| r.key == response.key && r.success);
            }
        }
        let success_type = if responses.iter().filter(|r| r.success).count() > 1 {
            self.names.claim(&cat(&[&type_base, "Success"]))
        } else {
            Name::default()
        };
        Some(Operation {
            id,
            method_name,
            type_name: type_base,
            response_type,
            error_type,
            success_type,
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            path_parts,
            params,
            body,
            responses,
            security,
            summary: OperationObject::new(op).summary().map(str::to_owned),
            description: OperationObject::new(op).description().map(str::to_owned),
            tags: OperationObject::new(op).tags().map(str::to_owned).collect(),
            deprecated: OperationObject::new(op).deprecated(),
            pagination,
        })
    }

    /// The operation's pagination, from the macro option or `x-pagination`.
    fn pagination(
        &mut self,
        op: &'a Value<'a>,
        pointer: &str,
        id: &str,
        params: &[Param],
        responses: &[ResponseDef],
    ) -> Option<PaginationDef> {
        let (decl, at) = match self.pagination_option.and_then(|o| o.get(id)) {
            Some(decl) => (decl, format!("macro option `pagination`, operation `{id}`")),
            None => {
                let declared = OperationObject::new(op).x_pagination();
                (declared.value?, join(pointer, declared.name))
            }
        };
        let decl = PaginationDecl::new(decl);
        let owned = |text: Option<&str>| text.map(str::to_owned);
        let successes: Vec<&ResponseDef> = responses.iter().filter(|r| r.success).collect();
        let [success] = successes.as_slice() else {
            self.error(
                &at,
                "pagination needs exactly one success response with a JSON body",
            );
            return None;
        };
        if success.kind != BodyKind::Json {
            self.error(&at, "pagination needs a JSON success response");
            return None;
        }
        let items = owned(decl.items()).unwrap_or_default();
        let Some(item_ty) = self.item_type(&success.ty, &items) else {
            self.error(&at, format!("`items` pointer {items:?} does not lead to an array in the success response's schema"));
            return None;
        };
        let query_param = |name: &Option<String>| -> bool {
            name.as_ref().is_some_and(|n| {
                params
                    .iter()
                    .any(|p| p.location == Location::Query && p.name == n)
            })
        };
        let style = match decl.style() {
            Some("offset") => {
                let (offset, limit) = (owned(decl.offset_param()), owned(decl.limit_param()));
                if !query_param(&offset) || !query_param(&limit) {
                    self.error(&at, "offset pagination needs `offset-param` and `limit-param` naming query parameters of the operation");
                    return None;
                }
                let limit_name = limit.clone().unwrap_or_default();
                let limit_param = params.iter().find(|p| p.name == limit_name);
                let default_limit = decl
                    .default_limit()
                    .or_else(|| {
                        limit_param
                            .and_then(|p| p.default.as_ref())
                            .and_then(serde_json::Value::as_u64)
                    })
                    .or_else(|| limit_param.and_then(|p| p.bounds.maximum).map(|m| m as u64))
                    .unwrap_or(100)
                    .max(1);
                PaginationStyle::Offset {
                    offset_param: offset.unwrap_or_default(),
                    limit_param: limit_name,
                    default_limit,
                    next: owned(decl.next()),
                }
            }
            Some("cursor") => {
                let cursor = owned(decl.cursor_param());
                if !query_param(&cursor) {
                    self.error(&at, "cursor pagination needs `cursor-param` naming a query parameter of the operation");
                    return None;
                }
                PaginationStyle::Cursor {
                    cursor_param: cursor.unwrap_or_default(),
                    cursor_from: owned(decl.cursor_from()).unwrap_or_else(|| String::from("/id")),
                    has_more: owned(decl.has_more()),
                }
            }
            Some("link") => PaginationStyle::Link,
            other => {
                self.error(
                    &at,
                    format!("unknown pagination style {other:?}; use offset, cursor or link"),
                );
                return None;
            }
        };
        Some(PaginationDef {
            style,
            items,
            item_ty,
        })
    }

    /// The item type of the array at `pointer` inside values of type `ty`.
    fn item_type(&self, ty: &Ty, pointer: &str) -> Option<Ty> {
        let mut current = ty.clone();
        let tokens: Vec<String> = if pointer.is_empty() {
            Vec::new()
        } else {
            tokens(&format!("#{pointer}"))?
        };
        for token in tokens {
            current = self.field_type(&current, &token)?;
        }
        for _ in 0..64 {
            current = match current {
                Ty::Nullable(inner) => *inner,
                Ty::Named(i) => match &self.types.get(i)?.kind {
                    TypeKind::Alias(inner) => inner.clone(),
                    _ => return None,
                },
                Ty::Array(inner) => return Some(*inner),
                _ => return None,
            };
        }
        None
    }

    fn field_type(&self, ty: &Ty, name: &str) -> Option<Ty> {
        let mut current = ty.clone();
        // Bounded: an alias may (wrongly) refer to itself.
        for _ in 0..64 {
            current = match current {
                Ty::Nullable(inner) => *inner,
                Ty::Named(i) => match &self.types.get(i)?.kind {
                    TypeKind::Struct { fields } => {
                        return fields
                            .iter()
                            .find(|f| f.json_name == name)
                            .map(|f| f.ty.clone());
                    }
                    TypeKind::Alias(inner) => inner.clone(),
                    _ => return None,
                },
                _ => return None,
            };
        }
        None
    }

    fn param(
        &mut self,
        param: &'a Value<'a>,
        at: &str,
        type_base: &str,
        inputs: &mut Scope,
    ) -> Option<Param> {
        let object = Parameter::new(param);
        let Some(name) = object.name() else {
            self.error(at, "a parameter needs a `name`");
            return None;
        };
        let location = match object.location_text() {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            Some("cookie") => Location::Cookie,
            other => {
                self.error(&join(at, object.location().name), format!("parameter `{name}`: `in` must be path, query, header or cookie, not {other:?}"));
                return None;
            }
        };
        let required = object.is_required();
        if location == Location::Path && !required {
            self.error(
                &join(at, object.required().name),
                format!("path parameter `{name}` must have `required: true`"),
            );
        }
        let hint = if at.starts_with("#/components/parameters/") {
            let key = tokens(at)
                .and_then(|t| t.get(2).cloned())
                .unwrap_or_default();
            cat(&[&type_name(&key), "Param"])
        } else {
            cat(&[type_base, &type_name(name)])
        };
        let (schema_member, content_member) = (object.schema(), object.content());
        let (ty, schema) = match (schema_member.value, content_member.value) {
            (Some(schema), _) => {
                let schema_at = join(at, schema_member.name);
                let ty = self.schema(schema, &schema_at, &hint);
                (ty, self.deref(schema, &schema_at).map(|(s, _)| s))
            }
            (None, Some(content)) => {
                let media = content.as_object().and_then(|m| m.values().next());
                match media.and_then(|m| MediaType::new(m).schema().value) {
                    Some(schema) => {
                        let ty = self.schema(schema, &join(at, content_member.name), &hint);
                        (ty, None)
                    }
                    None => (Ty::String, None),
                }
            }
            (None, None) => {
                self.error(
                    at,
                    format!("parameter `{name}` needs a `schema` or `content`"),
                );
                (Ty::String, None)
            }
        };
        let ty = match ty {
            Ty::Nullable(inner) => *inner,
            other => other,
        };
        let explode_default = true;
        let explode = object.explode();
        let style = match object.style() {
            Some("spaceDelimited") => QueryStyle::SpaceDelimited,
            Some("pipeDelimited") => QueryStyle::PipeDelimited,
            Some("deepObject") => QueryStyle::DeepObject,
            _ => QueryStyle::Form {
                explode: explode.unwrap_or(explode_default),
            },
        };
        let bounds = schema.map(bounds_of).unwrap_or_default();
        let default = schema
            .and_then(|s| Schema::new(s).default())
            .map(Value::to_json);
        let example_member = object.example();
        if let Some(example) = example_member.value.filter(|_| self.keep_examples) {
            self.examples.push(Example {
                pointer: join(at, example_member.name),
                ty: ty.clone(),
                value: example.to_json(),
                response: None,
            });
        }
        Some(Param {
            name: Name::from(name),
            rust_name: inputs.claim(&field_name(name)),
            location,
            required,
            ty,
            style,
            bounds,
            default,
            doc: object.description().map(str::to_owned),
        })
    }

    fn path_parts(
        &mut self,
        path: &str,
        pointer: &str,
        params: &mut [Param],
        _inputs: &mut Scope,
    ) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut used = FxHashSet::default();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(pointer, format!("path `{path}` has an unclosed `{{`"));
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            match params.iter().position(|p| p.location == Location::Path && p.name == name) {
                Some(index) => {
                    used.insert(index);
                    parts.push(PathPart::Param(index));
                }
                None => self.error(
                    pointer,
                    format!("path `{path}` names `{{{name}}}`, but the operation declares no path parameter `{name}`; add it to `parameters`"),
                ),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (index, p) in params.iter().enumerate() {
            if p.location == Location::Path && !used.contains(&index) {
                self.sink.note(format!(
                    "`{pointer}` declares path parameter `{}` that its path `{path}` does not use; it is not sent.",
                    p.name
                ));
            }
        }
        parts
    }

    /// Picks the media type to use from a `content` map: JSON first, then text,
    /// then anything else (sent as bytes).
    fn pick_media(content: &'a Map<'a>) -> Option<(&'a str, &'a Value<'a>, BodyKind)> {
        if let Some((k, v)) = content.iter().find(|(k, _)| media::is_json(k)) {
            return Some((k, v, BodyKind::Json));
        }
        if let Some((k, v)) = content.iter().find(|(k, _)| k.starts_with("text/")) {
            return Some((k, v, BodyKind::Text));
        }
        if let Some((k, v)) = content
            .iter()
            .find(|(k, _)| k.starts_with("multipart/form-data"))
        {
            return Some((k, v, BodyKind::Multipart));
        }
        content.iter().next().map(|(k, v)| (k, v, BodyKind::Binary))
    }

    fn media_examples(&mut self, media: &'a Value<'a>, at: &str, ty: &Ty) {
        if !self.keep_examples {
            return;
        }
        let object = MediaType::new(media);
        let example_member = object.example();
        if let Some(example) = example_member.value {
            self.examples.push(Example {
                pointer: join(at, example_member.name),
                ty: ty.clone(),
                value: example.to_json(),
                response: None,
            });
        }
        if let Some((field, examples)) = object.examples() {
            for (name, example) in examples {
                let ex_at = join(&join(at, field), name);
                if let Some((example, _)) = self.deref(example, &ex_at)
                    && let value = ExampleObject::new(example).value()
                    && let Some(found) = value.value
                {
                    self.examples.push(Example {
                        pointer: join(&ex_at, value.name),
                        ty: ty.clone(),
                        value: found.to_json(),
                        response: None,
                    });
                }
            }
        }
    }

    /// The fields of a body type that is an object with named properties.
    fn body_fields(&self, ty: &Ty) -> Option<Vec<Field>> {
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                Ty::Nullable(inner) => ty = inner,
                Ty::Named(index) => match &self.types.get(*index)?.kind {
                    TypeKind::Alias(inner) => ty = inner,
                    TypeKind::Struct { fields } | TypeKind::Form { fields, .. } => {
                        return Some(fields.clone());
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// The `encoding` map of a form body's media type object, checked: each key
    /// must name a property of the body (`fields`; `None` when its schema names
    /// none), each entry hold only the Encoding Object's fields with valid values.
    /// Every problem is reported; the entries without one are returned.
    fn encoding(
        &mut self,
        media: &'a Value<'a>,
        media_at: &str,
        fields: Option<&[Field]>,
    ) -> Vec<Encoding> {
        let encoding = MediaType::new(media).encoding();
        let Some(map) = self.object(encoding, media_at) else {
            return Vec::new();
        };
        let at = join(media_at, encoding.name);
        let mut out = Vec::new();
        for (property, entry) in map {
            let entry_at = join(&at, property);
            let Some(entry) = entry.as_object() else {
                self.error(
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
            let mut valid = true;
            if ty.is_none() {
                self.error(
                    &entry_at,
                    format!("`encoding` names `{property}`, which is not a property of the request body's schema; each key must name one"),
                );
                valid = false;
            }
            let read = spec::encoding::read(entry, &entry_at, self.sink);
            let (Some(ty), true, Some(read)) = (ty, valid, read) else {
                continue;
            };
            let explode = read.explode();
            let style = match read.style {
                Some("deepObject") => QueryStyle::DeepObject,
                Some("spaceDelimited") if !explode => QueryStyle::SpaceDelimited,
                Some("pipeDelimited") if !explode => QueryStyle::PipeDelimited,
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

    fn request_body(
        &mut self,
        op: &'a Value<'a>,
        pointer: &str,
        type_base: &str,
        inputs: &mut Scope,
    ) -> Option<RequestBody> {
        let declared = OperationObject::new(op).request_body();
        let raw = declared.value?;
        let at = join(pointer, declared.name);
        let (body, at) = self.deref(raw, &at)?;
        let object = RequestBodyObject::new(body);
        let Some(content) = self.object(object.content(), &at) else {
            self.error(&at, "a request body needs `content`");
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
            (BodyKind::Json, Some(schema)) => self.schema(
                schema,
                &join(&media_at, "schema"),
                &cat(&[type_base, "Body"]),
            ),
            (BodyKind::Json, None) => {
                self.sink.untyped(&media_at, false);
                Ty::Any
            }
            (BodyKind::UrlEncoded, Some(schema)) => self.schema(
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
                (BodyKind::Multipart, Some(_)) if same_parts && kind == BodyKind::Multipart => {
                    ty.clone()
                }
                (BodyKind::Json | BodyKind::UrlEncoded, Some(schema)) => self.schema(
                    schema,
                    &join(&other_at, "schema"),
                    &cat(&[type_base, &other_variant, "Body"]),
                ),
                (BodyKind::Json, None) => {
                    self.sink.untyped(&other_at, false);
                    Ty::Any
                }
                (BodyKind::Text, _) => Ty::String,
                (BodyKind::Multipart, Some(schema)) => {
                    let schema_at = join(&other_at, "schema");
                    self.form_type(
                        schema,
                        &schema_at,
                        other_media,
                        &other_at,
                        &cat(&[type_base, "Form"]),
                    )
                }
                (BodyKind::Multipart, None) => {
                    // No schema names the parts: the entries are checked, any key taken.
                    let encoding = self.encoding(other_media, &other_at, None);
                    self.add_type(
                        &cat(&[type_base, "Form"]),
                        &other_at,
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
                self.media_examples(other_media, &other_at, &other_ty);
            }
            let encoding = if other_kind == BodyKind::UrlEncoded {
                let fields = self.body_fields(&other_ty);
                self.encoding(other_media, &other_at, fields.as_deref())
            } else {
                Vec::new()
            };
            alternatives.push(BodyChoice {
                media_type: other.to_owned(),
                kind: other_kind,
                ty: other_ty,
                ranged,
                encoding,
                setter: inputs.claim(&cat(&[&name, "_body"])),
                constructor: Name::default(),
                variant: other_variant,
            });
        }
        let bare = if required && !alternatives.is_empty() {
            inputs.claim("without_body")
        } else {
            Name::default()
        };
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

    /// A `multipart/form-data` schema as a form type: its named properties are the
    /// parts, written as the `encoding` map of its media type object (`media` at
    /// `media_at`) says.
    fn form_type(
        &mut self,
        schema: &'a Value<'a>,
        schema_at: &str,
        media: &'a Value<'a>,
        media_at: &str,
        hint: &str,
    ) -> Ty {
        let mut fields = self.merged_fields(schema, schema_at, hint);
        fields.retain(|f| !f.rest);
        let encoding = self.encoding(media, media_at, Some(&fields));
        let doc = self.deref(schema, schema_at).and_then(|(s, _)| doc_of(s));
        self.add_type(hint, schema_at, doc, TypeKind::Form { fields, encoding })
    }

    /// How a media type other than the preferred one is sent, and whether it is a
    /// range whose `Content-Type` the caller gives.
    fn choice_kind(media_type: &str, media: &Value) -> (BodyKind, bool) {
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

    fn responses(&mut self, op: &'a Value<'a>, pointer: &str, type_base: &str) -> Vec<ResponseDef> {
        let at = join(pointer, "responses");
        let Some(responses) = self.object(OperationObject::new(op).responses(), pointer) else {
            self.error(pointer, "an operation needs `responses`");
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut variants = Scope::types();
        for (key, response) in responses {
            if key.starts_with("x-") {
                continue;
            }
            let response_at = join(&at, key);
            let status = match key {
                "default" => StatusKey::Default,
                k if k.len() == 3 && (k.ends_with("XX") || k.ends_with("xx")) => {
                    match k.get(..1).unwrap_or("").parse::<u16>() {
                        Ok(d) if (1..=5).contains(&d) => StatusKey::Range(d),
                        _ => {
                            self.error(
                                &response_at,
                                format!("`{key}` is not a status range; use 1XX..5XX"),
                            );
                            continue;
                        }
                    }
                }
                k => {
                    match k.parse::<u16>() {
                        Ok(code) if (100..=599).contains(&code) => StatusKey::Code(code),
                        _ => {
                            self.error(&response_at, format!("`{key}` is not an HTTP status, a range like `4XX`, or `default`"));
                            continue;
                        }
                    }
                }
            };
            let Some((response, response_at)) = self.deref(response, &response_at) else {
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
            let (kind, media_type, ty) = match content.and_then(Self::pick_media) {
                None => (BodyKind::Empty, None, Ty::Unit),
                Some((media_type, media, kind)) => {
                    let media_at = join(&join(&response_at, "content"), media_type);
                    let ty = match (&kind, MediaType::new(media).schema().value) {
                        (BodyKind::Json, Some(schema)) => {
                            self.schema(schema, &join(&media_at, "schema"), &hint)
                        }
                        (BodyKind::Json, None) => {
                            self.sink.untyped(&media_at, false);
                            Ty::Any
                        }
                        (BodyKind::Text, _) => Ty::String,
                        _ => Ty::Binary,
                    };
                    if kind == BodyKind::Json {
                        let before = self.examples.len();
                        self.media_examples(media, &media_at, &ty);
                        for example in &mut self.examples[before..] {
                            example.response = Some(ExampleResponse {
                                response_type: Name::default(),
                                key: status,
                                media_type: media_type.to_owned(),
                                success: false,
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
            });
        }
        // `default` is the success response only when nothing else is.
        if !out.iter().any(|r| r.success)
            && let Some(default) = out.iter_mut().find(|r| r.key == StatusKey::Default)
        {
            default.success = true;
        }
        out
    }

    fn security(&mut self, op: &'a Value<'a>, pointer: &str) -> Vec<Vec<SchemeDef>> {
        let declared = OperationObject::new(op).security();
        let (requirements, at) = match declared.value {
            Some(s) => (s, join(pointer, declared.name)),
            None => match Document::new(self.doc).security() {
                Some(s) => (s, String::from("#/security")),
                None => return Vec::new(),
            },
        };
        let Some(requirements) = requirements.as_array() else {
            self.error(&at, "`security` must be a list of requirement objects");
            return Vec::new();
        };
        let schemes = Components::new(Document::new(self.doc).components()).security_schemes();
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
                    self.error(
                        &join(&join(&at, &index.to_string()), name),
                        format!("security scheme `{name}` is not defined in `#/components/securitySchemes`"),
                    );
                    continue 'requirements;
                };
                let scheme_at = join("#/components/securitySchemes", name);
                let Some((scheme, _)) = self.deref(scheme, &scheme_at) else {
                    continue 'requirements;
                };
                let scheme = SecurityScheme::new(scheme);
                let kind = scheme.kind();
                let http = scheme.http_scheme().map(str::to_ascii_lowercase);
                let def = match (kind, http.as_deref()) {
                    (Some("oauth2" | "openIdConnect"), _) | (Some("http"), Some("bearer")) => {
                        SchemeDef::Bearer
                    }
                    (Some("http"), Some("basic")) => SchemeDef::Basic,
                    (Some("apiKey"), _) => {
                        match (scheme.name(), scheme.location()) {
                            (Some(key), Some(location @ ("header" | "query" | "cookie"))) => {
                                SchemeDef::ApiKey {
                                    scheme: name.to_owned(),
                                    name: key.to_owned(),
                                    location: location.to_owned(),
                                }
                            }
                            _ => {
                                self.error(&scheme_at, "an apiKey scheme needs `name` and `in` (header, query or cookie)");
                                continue 'requirements;
                            }
                        }
                    }
                    _ => {
                        let note = format!(
                            "Security scheme `{name}` ({}) is not supported, so the client cannot send it; add its credentials with a custom `reqwest::Client`.",
                            kind.unwrap_or("unknown type")
                        );
                        self.sink.note_once(note);
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

/// The pointer of the path item that holds the operation at `pointer`.
fn tokens_parent(pointer: &str) -> String {
    match pointer.rfind('/') {
        Some(i) => pointer[..i].to_owned(),
        None => pointer.to_owned(),
    }
}

/// The pointer to report for a parameter: its definition if it was a `$ref`.
fn at_or_ref(_param: &Value, at: &str, original: Option<&Value>) -> String {
    match original.and_then(|o| Reference::new(o).target()) {
        Some(reference) if reference.starts_with('#') => reference.to_owned(),
        _ => at.to_owned(),
    }
}

/// A path with parameter names blanked, to find paths equal but for names.
fn shape_of(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// The length constraints of a string schema (`minLength: 0` is none).
fn length_constraints(schema: Schema<'_>) -> Constraints {
    Constraints {
        pattern: None,
        min_length: schema.min_length().filter(|n| *n > 0),
        max_length: schema.max_length(),
    }
}

fn bounds_of(schema: &Value) -> Bounds {
    let schema = Schema::new(schema);
    Bounds {
        minimum: schema.minimum(),
        maximum: schema.maximum(),
        exclusive_minimum: schema.exclusive_minimum(),
        exclusive_maximum: schema.exclusive_maximum(),
        multiple_of: schema.multiple_of(),
    }
}

fn kind_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::Uuid => "Uuid",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::Binary => "Binary",
        Ty::Any => "Value",
        Ty::Array(_) => "Array",
        Ty::Map(_) => "Object",
        Ty::Nullable(inner) => kind_word(inner),
        Ty::Named(_) => "Named",
        Ty::Unit => "Empty",
    }
}

/// The enum variant name of a union branch of type `ty`.
fn variant_base(types: &[TypeDef], ty: &Ty) -> String {
    match ty {
        Ty::Named(i) => types[*i].name.to_string(),
        other => kind_word(other).to_owned(),
    }
}

/// The kinds of JSON value a type accepts, one bit each (see [`kinds_of`]).
mod kind {
    pub const NULL: u8 = 1;
    pub const BOOL: u8 = 1 << 1;
    /// A number written without fraction or exponent.
    pub const INTEGER: u8 = 1 << 2;
    /// Any other number.
    pub const FRACTION: u8 = 1 << 3;
    pub const STRING: u8 = 1 << 4;
    pub const ARRAY: u8 = 1 << 5;
    pub const OBJECT: u8 = 1 << 6;
    pub const ALL: u8 = u8::MAX;
}

/// The kinds of JSON value `ty` decodes from; `seen` marks the named types being
/// looked at (a type that contains itself adds nothing the first visit does not).
fn kinds_of(types: &[TypeDef], ty: &Ty, seen: &mut [bool]) -> u8 {
    match ty {
        Ty::String | Ty::Uuid | Ty::DateTime | Ty::Date | Ty::Binary => kind::STRING,
        Ty::Bool => kind::BOOL,
        Ty::I32 | Ty::I64 => kind::INTEGER,
        Ty::F32 | Ty::F64 => kind::INTEGER | kind::FRACTION,
        Ty::Any => kind::ALL,
        Ty::Array(_) => kind::ARRAY,
        Ty::Map(_) => kind::OBJECT,
        Ty::Nullable(inner) => kind::NULL | kinds_of(types, inner, seen),
        Ty::Unit => 0,
        Ty::Named(i) => {
            let (Some(t), Some(mark)) = (types.get(*i), seen.get_mut(*i)) else {
                return kind::ALL;
            };
            if std::mem::replace(mark, true) {
                return 0;
            }
            let kinds = match &t.kind {
                TypeKind::Struct { .. } | TypeKind::Form { .. } => kind::OBJECT,
                TypeKind::StringEnum { .. } | TypeKind::Newtype(_) => kind::STRING,
                TypeKind::Union(vs) | TypeKind::AnyOf(vs) => vs
                    .iter()
                    .fold(0, |acc, v| acc | kinds_of(types, &v.ty, seen)),
                TypeKind::Alias(inner) => kinds_of(types, inner, seen),
            };
            seen[*i] = false;
            kinds
        }
    }
}

/// Turns each `anyOf` whose branches are pairwise disjoint by kind of JSON value
/// (a string or an object, say) back into an enum: a value matches at most one of
/// its branches, so the enum already holds every branch it matches.
fn settle_any_of(types: &mut [TypeDef]) {
    let mut seen = vec![false; types.len()];
    let disjoint: Vec<usize> = (0..types.len())
        .filter(|&index| {
            let TypeKind::AnyOf(vs) = &types[index].kind else {
                return false;
            };
            let mut union = 0u8;
            vs.iter().all(|v| {
                let kinds = kinds_of(types, &v.ty, &mut seen);
                let apart = union & kinds == 0;
                union |= kinds;
                apart
            })
        })
        .collect();
    for index in disjoint {
        let TypeKind::AnyOf(mut vs) =
            std::mem::replace(&mut types[index].kind, TypeKind::Alias(Ty::Any))
        else {
            continue;
        };
        let mut scope = Scope::types();
        for v in &mut vs {
            v.rust_name = scope.claim(&variant_base(types, &v.ty));
        }
        types[index].kind = TypeKind::Union(vs);
    }
}

/// Boxes struct fields that reach their own struct without indirection.
/// The strongly connected component of each node of a graph (Tarjan's algorithm,
/// iterative): two nodes share a number when each reaches the other. Edges to
/// nodes that do not exist are ignored.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let (mut next, mut count) = (0, 0);
    // (node, position of the next edge to follow)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        work.push((root, 0));
        while let Some(&mut (node, ref mut at)) = work.last_mut() {
            if *at == 0 && index[node] == UNSEEN {
                index[node] = next;
                low[node] = next;
                next += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*at) {
                *at += 1;
                if target >= n {
                    continue;
                }
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = count;
                    if member == node {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    component
}

fn mark_boxes(types: &mut [TypeDef]) {
    fn direct(ty: &Ty, out: &mut Vec<usize>) {
        match ty {
            Ty::Named(i) => out.push(*i),
            Ty::Nullable(inner) => direct(inner, out),
            _ => {}
        }
    }
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            match &t.kind {
                TypeKind::Struct { fields } => fields.iter().for_each(|f| direct(&f.ty, &mut out)),
                TypeKind::Union(vs) | TypeKind::AnyOf(vs) => {
                    vs.iter().for_each(|v| direct(&v.ty, &mut out));
                }
                TypeKind::Alias(ty) => direct(ty, &mut out),
                _ => {}
            }
            out
        })
        .collect();
    // A field from `index` to `target` needs a box when `target` reaches back to
    // `index`: when both are in one strongly connected component.
    let component = components(&edges);
    let cycles = |index: usize, ty: &Ty| {
        let mut targets = Vec::new();
        direct(ty, &mut targets);
        targets
            .iter()
            .any(|&target| component.get(target) == Some(&component[index]))
    };
    let mut boxed = Vec::new();
    for (index, t) in types.iter().enumerate() {
        match &t.kind {
            TypeKind::Struct { fields } => {
                for (f, field) in fields.iter().enumerate() {
                    if cycles(index, &field.ty) {
                        boxed.push((index, f));
                    }
                }
            }
            TypeKind::Union(vs) | TypeKind::AnyOf(vs) => {
                for (f, v) in vs.iter().enumerate() {
                    if cycles(index, &v.ty) {
                        boxed.push((index, f));
                    }
                }
            }
            _ => {}
        }
    }
    for (index, f) in boxed {
        match &mut types[index].kind {
            TypeKind::Struct { fields } => fields[f].boxed = true,
            TypeKind::Union(vs) | TypeKind::AnyOf(vs) => vs[f].boxed = true,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn components_group_exactly_the_nodes_that_reach_each_other(
            edges in proptest::collection::vec(proptest::collection::vec(0usize..14, 0..4), 0..12)
        ) {
            let n = edges.len();
            let reaches = |from: usize, to: usize| {
                let mut seen = vec![false; n];
                let mut stack = vec![from];
                while let Some(node) = stack.pop() {
                    if node == to {
                        return true;
                    }
                    if node < n && !std::mem::replace(&mut seen[node], true) {
                        stack.extend(&edges[node]);
                    }
                }
                false
            };
            let component = components(&edges);
            for a in 0..n {
                for b in 0..n {
                    prop_assert_eq!(component[a] == component[b], reaches(a, b) && reaches(b, a));
                }
            }
        }
    }

    fn types_of(doc: serde_json::Value) -> Vec<TypeDef> {
        let (api, diags) = build(&Value::from_json(doc));
        assert!(diags.is_empty(), "{diags:?}");
        api.types
    }

    #[test]
    fn a_component_that_is_only_a_ref_aliases_its_target() {
        let types = types_of(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Foo": {"$ref": "#/components/schemas/Bar"},
                "Bar": {"type": "object", "properties": {"a": {"type": "string"}}}
            }}
        }));
        assert_eq!(types[0].name, "Foo");
        assert_eq!(types[0].kind, TypeKind::Alias(Ty::Named(1)));
    }

    fn names_of(kind: &TypeKind) -> (&'static str, Vec<&str>) {
        match kind {
            TypeKind::Union(vs) => ("Union", vs.iter().map(|v| v.rust_name.as_str()).collect()),
            TypeKind::AnyOf(vs) => ("AnyOf", vs.iter().map(|v| v.rust_name.as_str()).collect()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn any_of_is_a_struct_only_where_branches_can_match_one_value() {
        let types = types_of(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                // Refers to a type converted after it (and back to itself).
                "Expandable": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Thing"}]},
                "Thing": {"type": "object", "properties": {
                    "parent": {"$ref": "#/components/schemas/Expandable"}}},
                "Either": {"anyOf": [
                    {"$ref": "#/components/schemas/Thing"},
                    {"type": "object", "properties": {"b": {"type": "string"}}},
                    {"type": "integer", "title": "count"},
                    {"type": "number"}]},
                "Blank": {"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}},
                                    {"type": "string", "enum": [""]}]},
                "Strings": {"anyOf": [{"type": "string", "maxLength": 5},
                                      {"type": "string", "enum": [""]}]},
                "Recursive": {"anyOf": [{"$ref": "#/components/schemas/Expandable"},
                                        {"type": "boolean"}]},
                "Nested": {"anyOf": [{"$ref": "#/components/schemas/Expandable"},
                                     {"type": "string", "format": "date"}]},
                "Tagged": {"anyOf": [{"$ref": "#/components/schemas/Thing"},
                                     {"$ref": "#/components/schemas/Thing"}],
                           "discriminator": {"propertyName": "kind"}},
                "One": {"oneOf": [{"type": "integer"}, {"type": "number"}]}
            }}
        }));
        let kind = |name: &str| &types.iter().find(|t| t.name == name).unwrap().kind;
        assert_eq!(
            names_of(kind("Expandable")),
            ("Union", vec!["String", "Thing"])
        );
        assert_eq!(
            names_of(kind("Either")),
            ("AnyOf", vec!["thing", "variant1", "count", "number"])
        );
        assert_eq!(
            names_of(kind("Blank")),
            ("Union", vec!["BlankVariant0", "BlankVariant1"])
        );
        assert_eq!(
            names_of(kind("Strings")),
            ("AnyOf", vec!["variant0", "variant1"])
        );
        assert_eq!(
            names_of(kind("Recursive")),
            ("Union", vec!["Expandable", "Boolean"])
        );
        assert_eq!(
            names_of(kind("Nested")),
            ("AnyOf", vec!["expandable", "date"])
        );
        assert_eq!(names_of(kind("Tagged")).0, "Union");
        assert_eq!(names_of(kind("One")), ("Union", vec!["Integer", "Number"]));
    }

    #[test]
    fn a_nullable_component_is_nullable_where_it_is_used() {
        let types = types_of(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Holder": {"type": "object", "required": ["inner"],
                           "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
                "Inner": {"type": "object", "nullable": true, "properties": {"a": {"type": "string"}}}
            }}
        }));
        let TypeKind::Struct { fields } = &types[0].kind else {
            panic!("{:?}", types[0])
        };
        assert_eq!(fields[0].ty, Ty::Nullable(Box::new(Ty::Named(1))));
    }

    #[test]
    fn encoding_entries_are_checked_and_defaulted() {
        let doc = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/f": {"post": {
                "requestBody": {"content": {"application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {
                        "a": {"type": "array", "items": {"type": "string"}},
                        "b": {"type": "string"},
                        "c": {"type": "string"},
                        "d": {"type": "string"}
                    }},
                    "encoding": {
                        "a": {"style": "spaceDelimited"},
                        "b": {"allowReserved": true, "x-note": 1},
                        "c": {"style": "matrix", "explode": "yes"},
                        "d": {"stlye": "form", "contentType": "png"},
                        "e": {"style": "form"},
                        "f": []
                    }
                }}},
                "responses": {"204": {"description": "ok"}}
            }}}
        });
        let (api, diags) = build(&Value::from_json(doc));
        let at = "#/paths/~1f/post/requestBody/content/application~1x-www-form-urlencoded/encoding";
        let mut found: Vec<(String, &str)> = diags
            .iter()
            .map(|d| {
                let pointer = d.pointer.clone().unwrap_or_default();
                (pointer.replacen(at, "", 1), d.message.as_str())
            })
            .collect();
        found.sort();
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/c/explode",
                "/c/style",
                "/d/contentType",
                "/d/stlye",
                "/e",
                "/f"
            ],
            "{found:?}"
        );
        assert!(found[1].1.contains("\"matrix\""), "{found:?}");
        let body = api.operations[0].body.as_ref().unwrap();
        let entries: Vec<(&str, QueryStyle, bool)> = body
            .encoding
            .iter()
            .map(|e| (e.property.as_str(), e.style, e.allow_reserved))
            .collect();
        assert_eq!(
            entries,
            [
                ("a", QueryStyle::SpaceDelimited, false),
                ("b", QueryStyle::Form { explode: true }, true)
            ]
        );
        assert_eq!(body.encoding[0].ty, Ty::Array(Box::new(Ty::String)));
    }
}
