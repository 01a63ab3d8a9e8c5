//! Schema typing: a schema node into a Rust type of the type table (structs,
//! enums, newtypes, unions, maps, arrays), `allOf` merged, components registered
//! before any is converted so references (recursive ones too) resolve.

use std::borrow::Cow;

use std::collections::HashSet;

use crate::doc::Value;

use super::{Context, doc_of};
use crate::diag::{cat, join};
use crate::ir::*;
use crate::names::{Scope, field_name, type_name};
use crate::spec::objects::{Components, Document};
use crate::spec::schema::{Format, Schema, SchemaType};
use std::collections::HashMap;

/// The most members of a tuple typed as a Rust tuple (the runtime's
/// `Tuple` reads prefixes of 1 to 12, as serde does for most traits).
const MAX_TUPLE: usize = 12;

/// The type table being built, and what typing remembers between schemas.
pub(super) struct Types<'a> {
    /// Every named type, in the order named; `Ty::Named` indexes it.
    pub defs: Vec<TypeDef>,
    /// The one scope of type names (operations' generated types claim theirs here
    /// too, so every name is unique).
    pub names: Scope,
    /// Type of a schema node, once known. Nodes are keyed by their address in
    /// the document, which the model borrows for all its life: one node, one key,
    /// however a pointer to it is spelled.
    memo: HashMap<*const Value, Ty>,
    /// Named types reserved for schemas outside `#/components/schemas` that
    /// refer to themselves, by the pointer of the conversion under way: the
    /// inner reference names the type before that conversion has made it.
    reserved: HashMap<String, TypeId>,
    /// Schema nodes being converted, each with the pointer its conversion
    /// names it by (a reference back to one gets a type reserved there).
    converting: HashMap<*const Value, String>,
    /// The node each `$ref` text resolved to, with its pointer.
    targets: HashMap<&'a str, (&'a Value, &'a str)>,
    /// Type-name and field-name spellings of property names (many repeat).
    property_names: HashMap<&'a str, (String, String)>,
    /// Variant-name spellings of enum values (many lists repeat).
    value_names: HashMap<&'a str, String>,
}

impl<'a> Types<'a> {
    /// An empty table.
    pub(super) fn new() -> Self {
        Self {
            defs: Vec::new(),
            names: Scope::types(),
            memo: HashMap::default(),
            reserved: HashMap::default(),
            converting: HashMap::default(),
            targets: HashMap::default(),
            property_names: HashMap::default(),
            value_names: HashMap::default(),
        }
    }
}

impl<'a> Types<'a> {
    /// Claims a name for every component schema up front, so references (also
    /// recursive ones) resolve before the schema is converted.
    pub(super) fn register_components(&mut self, cx: &mut Context<'a, '_>) {
        let components = Document::new(cx.doc).components();
        if !components.is_null() && !components.is_object() {
            cx.error("#/components", "`components` must be an object");
            return;
        }
        let Some(schemas) = cx.object(Components::new(components).schemas(), "#/components") else {
            return;
        };
        let mut pending = Vec::new();
        for (key, schema) in schemas {
            let pointer = join("#/components/schemas", key);
            let name = self.names.claim(&type_name(key));
            let index = self.defs.len();
            self.defs.push(TypeDef {
                name,
                pointer: pointer.clone(),
                doc: doc_of(schema),
                kind: TypeKind::Alias(Ty::Any),
            });
            let ty = if Schema::new(schema).nullable() {
                Ty::Named(TypeId::new(index)).nullable()
            } else {
                Ty::Named(TypeId::new(index))
            };
            self.memo.insert(std::ptr::from_ref(schema), ty);
            pending.push((index, schema, pointer));
        }
        for (index, schema, pointer) in pending {
            let hint = self.defs[index].name.clone();
            let kind = self.type_kind(cx, schema, &pointer, &hint);
            self.defs[index].kind = kind;
        }
    }

    /// The examples of the component schemas, each with the type its schema got.
    pub(super) fn component_examples(&self, doc: &'a Value) -> Vec<Example> {
        let components = Components::new(Document::new(doc).components());
        let Some(schemas) = components.schemas().value.and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut examples = Vec::new();
        for (key, schema) in schemas {
            let pointer = join("#/components/schemas", key);
            if let (Some(example), Some(ty)) = (
                Schema::new(schema).example(),
                self.memo.get(&std::ptr::from_ref(schema)),
            ) {
                examples.push(Example {
                    pointer: join(&pointer, "example"),
                    ty: ty.clone(),
                    value: example.clone(),
                    response: None,
                });
            }
        }
        examples
    }

    /// Adds a named type for an inline schema.
    pub(super) fn add_type(
        &mut self,
        hint: &str,
        pointer: &str,
        doc: Option<String>,
        kind: TypeKind,
    ) -> Ty {
        let name = self.names.claim(hint);
        if let Some(id) = self.reserved.remove(pointer) {
            self.defs[id.index()] = TypeDef {
                name,
                pointer: pointer.to_owned(),
                doc,
                kind,
            };
            return Ty::Named(id);
        }
        self.defs.push(TypeDef {
            name,
            pointer: pointer.to_owned(),
            doc,
            kind,
        });
        Ty::Named(TypeId::new(self.defs.len() - 1))
    }

    /// The type of the schema `v` at `pointer`; `hint` names inline types.
    pub(super) fn schema(
        &mut self,
        cx: &mut Context<'a, '_>,
        v: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Ty {
        let node = std::ptr::from_ref(v);
        if let Some(ty) = self.memo.get(&node) {
            return ty.clone();
        }
        if let Some(outer) = self.converting.get(&node) {
            // A reference back to a schema being converted (one outside
            // `#/components/schemas`, whose types are named before any is
            // converted).
            let outer = outer.clone();
            return self.reserve(v, &outer);
        }
        self.converting.insert(node, pointer.to_owned());
        let mut ty = self.schema_uncached(cx, v, pointer, hint);
        self.converting.remove(&node);
        if let Some(id) = self.reserved.remove(pointer) {
            ty = self.settle_reserved(cx, id, ty, pointer, hint);
        }
        self.memo.insert(node, ty.clone());
        ty
    }

    /// The type of a schema node not typed before: a reference is its target's
    /// type;
    /// an object schema is typed by its body, `nullable` applied.
    pub(super) fn schema_uncached(
        &mut self,
        cx: &mut Context<'a, '_>,
        v: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Ty {
        if let Some(reference) = Schema::new(v).reference() {
            let Some(reference) = reference.as_str() else {
                cx.error(&join(pointer, "$ref"), "`$ref` must be a string");
                return Ty::Any;
            };
            let target = match self.targets.get(reference) {
                Some((target, _)) => *target,
                None => {
                    let Some((target, followed)) = cx.follow(v, pointer) else {
                        return Ty::Any;
                    };
                    // `v` is a reference, so the target's pointer is the last
                    // reference followed.
                    let at = followed.unwrap_or(reference);
                    self.targets.insert(reference, (target, at));
                    target
                }
            };
            let at = self.targets[reference].1;
            let last = crate::diag::last_token(at).unwrap_or_default();
            return self.schema(cx, target, at, &type_name(&last));
        }
        let schema = Schema::new(v);
        if schema.object().is_none() {
            if v != &Value::Bool(true) {
                cx.error(pointer, "a schema must be an object");
            }
            return Ty::Any;
        }
        let ty = self.schema_body(cx, schema, pointer, hint);
        if schema.nullable() { ty.nullable() } else { ty }
    }

    /// The type of a reference back to `target` met while `target` is being
    /// converted (at `at`): a named type reserved for it, which that conversion
    /// fills in (through [`Self::add_type`], or [`Self::settle_reserved`] when it
    /// names no type of its own).
    fn reserve(&mut self, target: &Value, at: &str) -> Ty {
        let next = TypeId::new(self.defs.len());
        let id = *self.reserved.entry(at.to_owned()).or_insert(next);
        if id == next {
            self.defs.push(TypeDef {
                name: String::new(),
                pointer: at.to_owned(),
                doc: None,
                kind: TypeKind::Alias(Ty::Any),
            });
        }
        if Schema::new(target).nullable() {
            Ty::Named(id).nullable()
        } else {
            Ty::Named(id)
        }
    }

    /// A reserved type that the conversion of its target did not fill in (the
    /// target is an array, a map, or a reference on): an alias of the target's
    /// type. An alias cannot contain itself in Rust, so when the target's type
    /// holds the reservation directly (a list of itself), the inner reference
    /// is any JSON value, with a note.
    fn settle_reserved(
        &mut self,
        cx: &mut Context<'a, '_>,
        id: TypeId,
        ty: Ty,
        at: &str,
        hint: &str,
    ) -> Ty {
        let name = self.names.claim(hint);
        let (inner, _) = ty.strip_nullable();
        let kind = if mentions(inner, id) {
            cx.sink.note(format!(
                "The schema at `{at}` holds itself directly (not through an object's field); the inner occurrence is typed as any JSON value."
            ));
            cx.sink.untyped(at, true);
            TypeKind::Alias(Ty::Any)
        } else {
            TypeKind::Alias(inner.clone())
        };
        let def = &mut self.defs[id.index()];
        def.name = name;
        def.kind = kind;
        ty
    }

    /// The kind of a named (component) type.
    pub(super) fn type_kind(
        &mut self,
        cx: &mut Context<'a, '_>,
        v: &'a Value,
        pointer: &str,
        name: &str,
    ) -> TypeKind {
        // Not through `schema`: its memo already maps this pointer to the type
        // being defined, which would make the alias refer to itself.
        let schema = Schema::new(v);
        if schema.object().is_none() || schema.reference().is_some() {
            return TypeKind::Alias(self.schema_uncached(cx, v, pointer, name));
        }
        if let Some(kind) = self.named_kind(cx, schema, pointer, name) {
            return kind;
        }
        TypeKind::Alias(self.schema_body(cx, schema, pointer, name))
    }

    /// A kind that needs its own named type (struct, enum, newtype, union), if `v`
    /// is one; `None` for primitives, arrays, maps and references.
    pub(super) fn named_kind(
        &mut self,
        cx: &mut Context<'a, '_>,
        schema: Schema<'a>,
        pointer: &str,
        hint: &str,
    ) -> Option<TypeKind> {
        let v = schema.node();
        if schema.has_not() {
            // A Rust type cannot say "anything but this": the schema is typed from
            // its other keywords, and the note says `not` goes unchecked.
            cx.sink.note_once(format!(
                "`not` at `{}` is not checked: a Rust type cannot express it, so the schema is typed from its other keywords.",
                join(pointer, "not")
            ));
        }
        if let Some(all) = schema.all_of() {
            if all.len() == 1 && !schema.has_properties() {
                return None;
            }
            let fields = self.merged_fields(cx, v, pointer, hint);
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
                return Some(self.union(
                    cx,
                    branches,
                    discriminator,
                    every,
                    &join(pointer, key),
                    hint,
                ));
            }
        }
        let ty = schema.schema_type();
        if let Some(values) = schema.enum_values()
            && matches!(ty, Some(SchemaType::String) | None)
            && values.iter().all(|v| v.is_string() || v.is_null())
            && values.iter().any(Value::is_string)
        {
            return Some(self.string_enum(values, schema.const_value().is_some()));
        }
        if ty.is_none()
            && let Some(union) = schema.enum_values().and_then(super::unions::scalar_union)
        {
            return Some(union);
        }
        match ty {
            Some(SchemaType::String) => {
                let constraints = self.constraints(cx, schema, pointer);
                let special = schema.base64().is_some()
                    || matches!(
                        schema.format(),
                        Some(
                            Format::Uuid
                                | Format::DateTime
                                | Format::Date
                                | Format::Binary
                                | Format::Password
                        )
                    );
                if !special && (constraints != Constraints::default() || schema.has_pattern()) {
                    return Some(TypeKind::Newtype(constraints));
                }
                None
            }
            Some(SchemaType::Object) | None if schema.has_properties() => {
                let fields = self.merged_fields(cx, v, pointer, hint);
                Some(TypeKind::Struct { fields })
            }
            _ => None,
        }
    }

    /// The type of a schema object that is not a reference: a single `allOf`,
    /// `oneOf` or `anyOf` branch is its branch; a named kind gets a type of its own;
    /// otherwise a primitive, array or map by `type` and `format`.
    pub(super) fn schema_body(
        &mut self,
        cx: &mut Context<'a, '_>,
        schema: Schema<'a>,
        pointer: &str,
        hint: &str,
    ) -> Ty {
        let v = schema.node();
        if let Some(all) = schema.all_of()
            && all.len() == 1
            && !schema.has_properties()
        {
            return self.schema(cx, &all[0], &join(&join(pointer, "allOf"), "0"), hint);
        }
        for any_of in [false, true] {
            if let Some((key, branches)) = schema.branches(any_of)
                && branches.len() == 1
                && !schema.only_constrains(branches)
            {
                return self.schema(cx, &branches[0], &join(&join(pointer, key), "0"), hint);
            }
        }
        if let Some(kind) = self.named_kind(cx, schema, pointer, hint) {
            return self.add_type(hint, pointer, doc_of(v), kind);
        }
        match schema.type_value() {
            Some(Value::String(t)) => match SchemaType::parse(t) {
                SchemaType::String if let Some(url) = schema.base64() => Ty::Base64 { url },
                SchemaType::String => match schema.format() {
                    Some(Format::Uuid) => Ty::Uuid,
                    Some(Format::DateTime) => Ty::DateTime,
                    Some(Format::Date) => Ty::Date,
                    Some(Format::Binary) => Ty::Binary,
                    Some(Format::Password) => Ty::Secret,
                    _ => Ty::String,
                },
                SchemaType::Integer => match schema.format() {
                    Some(Format::Int32) => Ty::I32,
                    _ => Ty::I64,
                },
                SchemaType::Number => match schema.format() {
                    Some(Format::Float) => Ty::F32,
                    _ => Ty::F64,
                },
                SchemaType::Boolean => Ty::Bool,
                SchemaType::Array if let Some(prefix) = schema.prefix_items() => {
                    self.tuple(cx, schema, prefix, pointer, hint)
                }
                SchemaType::Array => {
                    let item_hint = cat(&[hint, "Item"]);
                    match schema.items() {
                        Some(items) => Ty::Array(Box::new(self.schema(
                            cx,
                            items,
                            &join(pointer, "items"),
                            &item_hint,
                        ))),
                        None => {
                            cx.error(pointer, "an array schema needs `items` (OpenAPI 3.0); use `items: {}` for any item");
                            Ty::Array(Box::new(Ty::Any))
                        }
                    }
                }
                SchemaType::Object => self.map_type(cx, schema, pointer, hint),
                SchemaType::Other(other) => {
                    cx.error(&join(pointer, "type"), format!("unknown schema type `{other}`; use string, integer, number, boolean, array or object"));
                    Ty::Any
                }
            },
            Some(Value::Array(_)) => {
                cx.error(&join(pointer, "type"), "unsupported construct: `type` as a list is OpenAPI 3.1; in 3.0 use one type plus `nullable: true`, or `oneOf`");
                Ty::Any
            }
            Some(_) => {
                // Neither a type name nor a list of them (an object, a number):
                // nothing says what the value is, so any JSON value is read.
                cx.sink.note(format!(
                    "`type` at `{pointer}` is neither a type name nor a list of them; the schema is typed as any JSON value."
                ));
                cx.sink.untyped(pointer, false);
                Ty::Any
            }
            None => {
                if schema.additional_properties().is_some() {
                    self.map_type(cx, schema, pointer, hint)
                } else if let Some(prefix) = schema.prefix_items() {
                    self.tuple(cx, schema, prefix, pointer, hint)
                } else if let Some(items) = schema.items() {
                    Ty::Array(Box::new(self.schema(
                        cx,
                        items,
                        &join(pointer, "items"),
                        &cat(&[hint, "Item"]),
                    )))
                } else if let Some(ty) = schema.enum_values().and_then(enum_type) {
                    ty
                } else {
                    cx.sink.untyped(pointer, false);
                    Ty::Any
                }
            }
        }
    }

    /// A tuple (`prefixItems`, every member required: normalization made one
    /// whose members may be missing a list): each member typed by its schema, then the
    /// members after them by `items` (any value when absent; none when `items`
    /// is `false` or `maxItems` allows no more). A prefix longer than the Rust
    /// tuples the runtime reads (12) is a list of any values, with a note.
    fn tuple(
        &mut self,
        cx: &mut Context<'a, '_>,
        schema: Schema<'a>,
        prefix: &'a [Value],
        pointer: &str,
        hint: &str,
    ) -> Ty {
        let at = join(pointer, "prefixItems");
        if prefix.len() > MAX_TUPLE {
            cx.sink.note(format!(
                "The tuple at `{at}` has {} members; tuples of 1 to {MAX_TUPLE} are typed, so its members are read as any JSON values.",
                prefix.len()
            ));
            return Ty::Array(Box::new(Ty::Any));
        }
        let prefix = prefix
            .iter()
            .enumerate()
            .map(|(index, member)| {
                let index = index.to_string();
                self.schema(
                    cx,
                    member,
                    &join(&at, &index),
                    &cat(&[hint, "Item", &index]),
                )
            })
            .collect::<Vec<_>>();
        let closed = schema.items() == Some(&Value::Bool(false))
            || schema
                .max_items()
                .is_some_and(|max| max <= prefix.len() as u64);
        let rest = match schema.items() {
            _ if closed => None,
            Some(items) => Some(Box::new(self.schema(
                cx,
                items,
                &join(pointer, "items"),
                &cat(&[hint, "Item"]),
            ))),
            None => Some(Box::new(Ty::Any)),
        };
        Ty::Tuple { prefix, rest }
    }

    pub(super) fn map_type(
        &mut self,
        cx: &mut Context<'a, '_>,
        schema: Schema<'a>,
        pointer: &str,
        hint: &str,
    ) -> Ty {
        match schema.additional_properties() {
            Some(values @ Value::Object(_)) => {
                let value = self.schema(
                    cx,
                    values,
                    &join(pointer, "additionalProperties"),
                    &cat(&[hint, "Value"]),
                );
                Ty::Map(Box::new(value))
            }
            _ => {
                cx.sink
                    .untyped(&join(pointer, "additionalProperties"), false);
                Ty::Map(Box::new(Ty::Any))
            }
        }
    }

    pub(super) fn constraints(
        &mut self,
        cx: &mut Context<'a, '_>,
        schema: Schema<'a>,
        pointer: &str,
    ) -> Constraints {
        let pattern = schema.pattern().map(str::to_owned);
        if let Some(pattern) = &pattern
            && let Err(err) = regress::Regex::new(pattern)
        {
            cx.error(
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

    pub(super) fn string_enum(&mut self, values: &'a [Value], closed: bool) -> TypeKind {
        let mut scope = Scope::types();
        let mut out = Vec::with_capacity(values.len());
        let mut seen = HashSet::new();
        for value in values.iter().filter_map(Value::as_str) {
            if !seen.insert(value) {
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
        TypeKind::StringEnum {
            values: out,
            unknown,
            closed,
        }
    }

    /// The fields of an object schema, merging `allOf` parts (recursively).
    pub(super) fn merged_fields(
        &mut self,
        cx: &mut Context<'a, '_>,
        v: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Vec<Field> {
        let mut parts: Vec<(&'a Value, Cow<'_, str>)> = Vec::new();
        self.flatten_all_of(cx, v, Cow::Borrowed(pointer), &mut parts, 0);
        let required = |name: &str| {
            parts
                .iter()
                .any(|(part, _)| Schema::new(part).requires(name))
        };
        let mut fields: Vec<Field> = Vec::new();
        let mut scope = Scope::values();
        for (part, at) in &parts {
            let Some(props) = Schema::new(part).properties() else {
                continue;
            };
            let Some(props) = props.as_object() else {
                cx.error(&join(at, "properties"), "`properties` must be an object");
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
                let ty = self.schema(cx, schema, &field_pointer, &field_hint);
                // Only `allOf` parts can name a property twice.
                if parts.len() > 1
                    && let Some(existing) = fields.iter_mut().find(|f| f.json_name == *name)
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
                    rust_name: scope.claim(&self.property_names[name.as_str()].1),
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
                    self.schema(cx, value, &at, &cat(&[hint, "Value"]))
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
        fields
    }

    pub(super) fn flatten_all_of<'p>(
        &mut self,
        cx: &mut Context<'a, '_>,
        v: &'a Value,
        pointer: Cow<'p, str>,
        out: &mut Vec<(&'a Value, Cow<'p, str>)>,
        depth: usize,
    ) where
        'a: 'p,
    {
        if depth > 16 {
            cx.error(&pointer, "`allOf` nests too deeply (or refers to itself)");
            return;
        }
        let Some((node, followed)) = cx.follow(v, &pointer) else {
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
            self.flatten_all_of(cx, part, Cow::Owned(part_at), out, depth + 1);
        }
    }
}

/// The length constraints of a string schema (`minLength: 0` is none).
pub(super) fn length_constraints(schema: Schema<'_>) -> Constraints {
    Constraints {
        pattern: None,
        min_length: schema.min_length().filter(|n| *n > 0),
        max_length: schema.max_length(),
    }
}

pub(super) fn bounds_of(schema: &Value) -> Bounds {
    let schema = Schema::new(schema);
    Bounds {
        minimum: schema.minimum(),
        maximum: schema.maximum(),
        exclusive_minimum: schema.exclusive_minimum(),
        exclusive_maximum: schema.exclusive_maximum(),
        multiple_of: schema.multiple_of(),
    }
}

/// Whether `ty` holds the named type `id` other than through another named
/// type (as a list's item, a map's value, a tuple's member).
fn mentions(ty: &Ty, id: TypeId) -> bool {
    match ty {
        Ty::Named(named) => *named == id,
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => mentions(inner, id),
        Ty::Tuple { prefix, rest } => prefix
            .iter()
            .chain(rest.as_deref())
            .any(|member| mentions(member, id)),
        _ => false,
    }
}

/// The type an `enum` without a `type` gives when its values are all one kind
/// of JSON scalar other than a string (strings make a string enum): integers,
/// numbers, booleans, or only `null`. `None` for a mix (a union, made by
/// [`super::unions::scalar_union`]), or one with `null` beside other values.
fn enum_type(values: &[Value]) -> Option<Ty> {
    if values.is_empty() {
        None
    } else if values.iter().all(Value::is_null) {
        Some(Ty::Null)
    } else if values.iter().all(|v| v.as_i64().is_some()) {
        Some(Ty::I64)
    } else if values.iter().all(Value::is_number) {
        Some(Ty::F64)
    } else if values.iter().all(Value::is_boolean) {
        Some(Ty::Bool)
    } else {
        None
    }
}
