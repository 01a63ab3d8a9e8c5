//! The types of the schemas: structs with their serde impls and constructors,
//! string enums, string newtypes, unions (`oneOf`, and `anyOf` whose branches
//! exclude each other), `anyOf` structs, multipart bodies and aliases.

use crate::code;
use crate::code::Code;

use super::*;

/// The definition of `t`, the type at `index` of the API's types.
pub(super) fn type_def(w: &TyWriter<'_>, t: &TypeDef, out: &mut Code) {
    let name = ident(&t.name);
    let origin = cat(&["Generated from `", &t.pointer, "`."]);
    let doc = docs(&[t.doc.as_deref(), Some(&origin)]);
    match &t.kind {
        TypeKind::Struct { fields } => struct_def(w, &t.name, &doc, fields, out),
        TypeKind::StringEnum {
            values,
            unknown,
            closed,
        } => {
            let mut variants = Code::new();
            for v in values {
                let shown = if v.value.contains('`') {
                    std::borrow::Cow::Owned(v.value.replace('`', "'"))
                } else {
                    std::borrow::Cow::Borrowed(v.value.as_str())
                };
                let shown = doc_attr(&cat(&["`", &shown, "`"]));
                variants.append(&shown);
                let variant = ident(&v.rust_name);
                let value = v.value.as_str();
                variants.append(&code!(#variant = #value,));
            }
            let unknown = ident(unknown);
            // A `const`'s enum refuses other values before a request is sent.
            let closed = if *closed {
                code!(, closed)
            } else {
                Code::new()
            };
            out.append(&code! {
                ::cde_runtime::string_enum! {
                    #doc
                    pub enum #name { #variants }
                    unknown = #unknown #closed
                }
            });
        }
        TypeKind::Newtype(c) => {
            let pattern = match &c.pattern {
                Some(p) => {
                    let p = lit_str(p);
                    code!(::core::option::Option::Some(::cde_runtime::__private::Pattern::new(#p)))
                }
                None => code!(::core::option::Option::None),
            };
            let opt = |v: Option<u64>| match v {
                Some(n) => code!(::core::option::Option::Some(#n)),
                None => code!(::core::option::Option::None),
            };
            let (min, max) = (opt(c.min_length), opt(c.max_length));
            out.append(&code! {
                ::cde_runtime::string_newtype! {
                    #doc
                    pub struct #name;
                    ::cde_runtime::__private::StringConstraints { pattern: #pattern, min_length: #min, max_length: #max }
                }
            });
        }
        TypeKind::Union { variants, unknown } => {
            union_def(w, t, &name, &doc, variants, unknown.as_deref(), out)
        }
        TypeKind::AnyOf(branches) => {
            let about = "`anyOf`: a value can match several of the branches, and it decodes into \
                every branch it matches. Each field is one branch, `Some` when the value decodes as \
                that branch; a value that decodes as none is an error. It encodes as the members of \
                the present branches merged when they all encode to objects (a member several \
                have is written as the first branch has it), else as the first present branch. \
                Build one with `From` or the `from_*` constructor of a branch, then set other \
                branches if they apply.";
            let origin = format!("Generated from `{}`.", t.pointer);
            let doc = docs(&[t.doc.as_deref(), Some(about), Some(&origin)]);
            any_of_def(w, t, &name, doc, branches, out);
        }
        TypeKind::Form { fields, encoding } => {
            out.append(&form_def(w, &name, &doc, fields, encoding))
        }
        TypeKind::Alias(ty) => {
            let ty = w.json_ty(ty);
            out.append(&code!(#doc pub type #name = #ty;));
        }
    }
}

/// A `oneOf` (or an `anyOf` whose branches exclude each other): an untagged enum
/// with a variant per branch, decoded by the JSON token for a 3.1 `type` list,
/// by its discriminator's value when it has one, else into the first branch that
/// holds the whole value.
fn union_def(
    w: &TyWriter<'_>,
    t: &TypeDef,
    name: &Code,
    doc: &Code,
    variants: &[UnionVariant],
    unknown: Option<&str>,
    out: &mut Code,
) {
    let mut vs = Code::new();
    for v in variants {
        let variant = ident(&v.rust_name);
        let ty = w.json_ty(&v.ty);
        vs.append(&doc_attr(&format!(
            "The value matches branch {} of the union.",
            v.index
        )));
        if v.boxed {
            vs.append(&code!(#variant(::std::boxed::Box<#ty>),));
        } else {
            vs.append(&code!(#variant(#ty),));
        }
    }
    let property = variants.iter().find_map(|v| v.tag.as_ref().map(|(p, _)| p));
    // A value whose tag names no branch: kept whole in the `Unknown` variant,
    // which serializes as it came, under a name listing the tags the union knows
    // (the runtime's `unknown` module finds it there: the mock server refuses it
    // in a request, as it refuses an enum value it does not know).
    let mut keeps_unknown = Code::new();
    if let (Some(unknown), Some(property)) = (unknown, property) {
        let variant = ident(unknown);
        let with = lit_str(&format!(
            "::cde_runtime::__private::ser::unknown_branch::<{}, _>",
            t.name
        ));
        vs.append(&doc_attr(&format!(
            "A value whose `{property}` names no branch this client knows (one a newer server added), kept as it came."
        )));
        vs.append(
            &code!(#[serde(serialize_with = #with)] #variant(::cde_runtime::serde_json::Value),),
        );
        let tags = variants
            .iter()
            .filter_map(|v| v.tag.as_ref())
            .flat_map(|(_, values)| values)
            .map(|t| match t {
                TagValue::String(s) => s.clone(),
                TagValue::Integer(n) => n.to_string(),
                TagValue::Boolean(b) => b.to_string(),
            });
        out.append(&code! {
            impl ::cde_runtime::__private::ser::UnknownBranch for #name {
                const MARKER: &'static str = ::cde_runtime::__unknown_branch_marker!(#property, #(#tags),*);
            }
        });
        keeps_unknown = code! {
            ::core::option::Option::Some(_) => return ::core::result::Result::Ok(Self::#variant(value)),
        };
    }
    // A discriminator picks the branch by its property's value; a value it
    // does not map is the `Unknown` variant's, where there is one. Otherwise
    // (and for a value without the property) the first branch that holds the
    // whole value wins: one that decodes and encodes back to the same JSON;
    // failing that, the first branch that decodes at all.
    let decode = |v: &UnionVariant| {
        let variant = ident(&v.rust_name);
        let ty = w.json_ty(&v.ty);
        let wrap = if v.boxed {
            code!(::std::boxed::Box::new(value))
        } else {
            code!(value)
        };
        (variant, ty, wrap)
    };
    // What makes the variant from the branch's decoded value.
    let build = |v: &UnionVariant| {
        let variant = ident(&v.rust_name);
        if v.boxed {
            code!(|value| Self::#variant(::std::boxed::Box::new(value)))
        } else {
            code!(Self::#variant)
        }
    };
    // Tags that are all strings match on the property's text; integer and
    // boolean `const` tags compare the JSON value.
    let textual = variants
        .iter()
        .filter_map(|v| v.tag.as_ref())
        .all(|(_, values)| values.iter().all(|t| matches!(t, TagValue::String(_))));
    let tagged = variants.iter().filter_map(|v| {
        let (_, values) = v.tag.as_ref()?;
        let (_, ty, _) = decode(v);
        let build = build(v);
        let arm = if textual {
            let values = values.iter().filter_map(|t| match t {
                TagValue::String(s) => Some(s),
                _ => None,
            });
            code!(::core::option::Option::Some(#(#values)|*))
        } else {
            let tests = values.iter().map(|t| match t {
                TagValue::String(s) => code!(*tag == #s),
                TagValue::Integer(n) => code!(*tag == #n),
                TagValue::Boolean(b) => code!(*tag == ::cde_runtime::serde_json::Value::Bool(#b)),
            });
            code!(::core::option::Option::Some(tag) if #(#tests)||*)
        };
        Some(code! {
            #arm => {
                return ::cde_runtime::serde_json::from_value::<#ty>(value)
                    .map(#build)
                    .map_err(<D::Error as ::cde_runtime::serde::de::Error>::custom);
            }
        })
    });
    // With a `defaultMapping` (3.2), a value whose tag is absent or maps no
    // branch is its branch's; otherwise the fallback below decides.
    let untagged = match variants.iter().find(|v| v.fallback) {
        Some(v) => {
            let (_, ty, _) = decode(v);
            let build = build(v);
            code! {
                _ => {
                    return ::cde_runtime::serde_json::from_value::<#ty>(value)
                        .map(#build)
                        .map_err(<D::Error as ::cde_runtime::serde::de::Error>::custom);
                }
            }
        }
        None => code!(_ => {}),
    };
    let by_tag = match property {
        Some(property) if textual => code! {
            match value.get(#property).and_then(::cde_runtime::serde_json::Value::as_str) {
                #(#tagged)*
                #keeps_unknown
                #untagged
            }
        },
        Some(property) => code! {
            match value.get(#property) {
                #(#tagged)*
                #keeps_unknown
                #untagged
            }
        },
        None => Code::new(),
    };
    let none = format!("the value matches no branch of `{}`", t.name);
    // A 3.1 `type` list: the JSON token alone picks the branch.
    if variants.iter().all(|v| v.token.is_some()) && !variants.is_empty() {
        let arms = variants.iter().filter_map(|v| {
            let (_, ty, _) = decode(v);
            let build = build(v);
            let pattern = match v.token? {
                Token::String => code!(::cde_runtime::serde_json::Value::String(_)),
                Token::Number => code!(::cde_runtime::serde_json::Value::Number(_)),
                Token::Boolean => code!(::cde_runtime::serde_json::Value::Bool(_)),
                Token::Array => code!(::cde_runtime::serde_json::Value::Array(_)),
                Token::Object => code!(::cde_runtime::serde_json::Value::Object(_)),
            };
            Some(code! {
                #pattern => ::cde_runtime::serde_json::from_value::<#ty>(value)
                    .map(#build)
                    .map_err(<D::Error as ::cde_runtime::serde::de::Error>::custom),
            })
        });
        out.append(&code! {
            #doc
            #[derive(Clone, Debug, PartialEq, ::cde_runtime::serde::Serialize)]
            #[serde(crate = "::cde_runtime::serde", untagged)]
            #[allow(clippy::large_enum_variant, reason = "variants mirror the schema's branches")]
            pub enum #name { #vs }

            impl<'de> ::cde_runtime::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::cde_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <::cde_runtime::serde_json::Value as ::cde_runtime::serde::Deserialize>::deserialize(deserializer)?;
                    match value {
                        #(#arms)*
                        _ => ::core::result::Result::Err(<D::Error as ::cde_runtime::serde::de::Error>::custom(#none)),
                    }
                }
            }
        });
        return;
    }
    // Without a `defaultMapping`, a value the tag does not place is tried on
    // each branch in turn; with one, the tag's `match` has already returned.
    let defaulted = variants.iter().any(|v| v.fallback);
    let mut fallback = Code::new();
    for v in variants.iter().filter(|_| !defaulted) {
        let (variant, ty, wrap) = decode(v);
        fallback.append(&code! {
            if let ::core::result::Result::Ok(value) = ::cde_runtime::serde_json::from_value::<#ty>(value.clone()) {
                if ::cde_runtime::__private::de::holds_all(&value, original) {
                    return ::core::result::Result::Ok(Self::#variant(#wrap));
                }
                first.get_or_insert(Self::#variant(#wrap));
            }
        });
    }
    if !defaulted {
        fallback = code! {
            let original = &value;
            let mut first = ::core::option::Option::None;
            #fallback
            first.ok_or_else(|| <D::Error as ::cde_runtime::serde::de::Error>::custom(#none))
        };
    }
    out.append(&code! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::cde_runtime::serde::Serialize)]
        #[serde(crate = "::cde_runtime::serde", untagged)]
        #[allow(clippy::large_enum_variant, reason = "variants mirror the schema's branches")]
        pub enum #name { #vs }

        impl<'de> ::cde_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::cde_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value = <::cde_runtime::serde_json::Value as ::cde_runtime::serde::Deserialize>::deserialize(deserializer)?;
                #by_tag
                #fallback
            }
        }
    });
}

/// An `anyOf` whose branches can match the same value: a struct with one optional
/// field per branch, decoded by trying every branch on the buffered value.
pub(super) fn any_of_def(
    w: &TyWriter<'_>,
    t: &TypeDef,
    name: &Code,
    doc: Code,
    branches: &[UnionVariant],
    out: &mut Code,
) {
    let fields: Vec<Code> = branches.iter().map(|b| ident(&b.rust_name)).collect();
    let mut decls = Code::new();
    let mut constructors = Code::new();
    let mut froms = Code::new();
    let mut reads = Code::new();
    let mut writes = Code::new();
    for (b, field) in branches.iter().zip(&fields) {
        let inner = w.json_ty(&b.ty);
        let held = if b.boxed {
            code!(::std::boxed::Box<#inner>)
        } else {
            inner.clone()
        };
        let what = match b.ty.strip_nullable().0 {
            Ty::Named(i) => format!("`{}`", w.api.types[i.index()].name),
            other => inner_word(other).to_owned(),
        };
        let fdoc = doc_attr(&format!(
            "Branch {} of `anyOf` ({what}): the value decoded as that branch, `None` when it does not decode as one.",
            b.index
        ));
        decls.append(&code!(#fdoc pub #field: ::core::option::Option<#held>,));
        reads.append(&code!(#field: ::cde_runtime::__private::de::branch(&value),));
        writes.append(&code! {
            if let ::core::option::Option::Some(value) = &self.#field {
                branches.push(::cde_runtime::__private::de::encode_branch::<_, S::Error>(value)?);
            }
        });
        let Some(constructor) = &b.constructor else {
            continue;
        };
        let constructor = ident(constructor);
        let wrap = if b.boxed {
            code!(::std::boxed::Box::new(value))
        } else {
            code!(value)
        };
        let inits = fields.iter().map(|other| {
            if other == field {
                code!(#other: ::core::option::Option::Some(#wrap))
            } else {
                code!(#other: ::core::option::Option::None)
            }
        });
        let cdoc = doc_attr(&format!(
            "A value of branch {} ({what}) alone; the others start `None`.",
            b.index
        ));
        constructors.append(&code! {
            #cdoc
            pub fn #constructor(value: #inner) -> Self {
                Self { #(#inits),* }
            }
        });
        if b.from {
            froms.append(&code! {
                impl ::core::convert::From<#inner> for #name {
                    fn from(value: #inner) -> Self {
                        Self::#constructor(value)
                    }
                }
            });
        }
    }
    let name_lit = lit_str(&t.name);
    let none = format!("the value matches no branch of `{}`", t.name);
    let none_decoded = fields.iter().map(|f| code!(decoded.#f.is_none()));
    out.append(&code! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #decls }

        impl #name {
            #constructors
        }

        #froms

        impl ::cde_runtime::serde::Serialize for #name {
            fn serialize<S: ::cde_runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let mut branches = ::std::vec::Vec::new();
                #writes
                ::cde_runtime::__private::de::serialize_branches(branches, serializer, #name_lit)
            }
        }

        impl<'de> ::cde_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::cde_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value = <::cde_runtime::serde_json::Value as ::cde_runtime::serde::Deserialize>::deserialize(deserializer)?;
                let decoded = Self { #reads };
                if #(#none_decoded)&&* {
                    return ::core::result::Result::Err(<D::Error as ::cde_runtime::serde::de::Error>::custom(#none));
                }
                ::core::result::Result::Ok(decoded)
            }
        }
    });
}

/// A word for an unnamed branch type in documentation.
pub(super) fn inner_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String | Ty::Binary | Ty::Secret => "a string",
        Ty::Bool => "a boolean",
        Ty::I32 | Ty::I64 => "an integer",
        Ty::F32 | Ty::F64 => "a number",
        Ty::Uuid => "a UUID",
        Ty::DateTime => "a date-time",
        Ty::Date => "a date",
        Ty::Any | Ty::Nullable(_) | Ty::Named(_) | Ty::Unit => "any JSON value",
        Ty::Null => "null",
        Ty::Base64 { .. } => "base64-encoded bytes",
        Ty::Array(_) | Ty::Tuple { .. } => "an array",
        Ty::Map(_) => "an object",
    }
}

/// How a field is written when its struct is serialized.
#[derive(Clone, Copy)]
enum Write {
    /// Always (required fields).
    Always,
    /// Unless `None`.
    Optional,
    /// Unless `Nullable::Absent`.
    Nullable,
    /// Each entry as a member of the object (`additionalProperties`).
    Others,
}

/// How a field is held: its Rust type, how it is written, and whether `new` takes
/// it.
fn field_shape(w: &TyWriter<'_>, f: &Field) -> (Code, Write, bool) {
    if f.rest {
        return (w.json_ty(&f.ty), Write::Others, false);
    }
    let (inner, nullable) = f.ty.strip_nullable();
    let any = *inner == Ty::Any;
    let mut ty = w.json_ty(inner);
    if f.boxed {
        ty = code!(::std::boxed::Box<#ty>);
    }
    match (f.required, nullable || any) {
        (true, false) => (ty, Write::Always, true),
        (true, true) if any => (ty, Write::Always, true),
        (true, true) => (code!(::core::option::Option<#ty>), Write::Always, true),
        (false, false) => (code!(::core::option::Option<#ty>), Write::Optional, false),
        (false, true) => (code!(::cde_runtime::Nullable<#ty>), Write::Nullable, false),
    }
}

/// One struct field's part in each section of its struct's code.
#[derive(Default)]
struct FieldParts {
    /// Declarations, with their docs.
    decls: Code,
    /// `new`'s arguments and the struct literal's fields.
    args: Vec<Code>,
    inits: Vec<Code>,
    /// The wire names a decoder matches, the decoder's slot types and their
    /// starting values, its match arms, and how `finish` reads each slot.
    wire_names: Vec<String>,
    slot_tys: Vec<Code>,
    starts: Vec<Code>,
    arms: Code,
    reads: Code,
    /// The serializer's statements, and the decoder's hook for members no field
    /// names (only with an `additionalProperties` field).
    writes: Code,
    other: Code,
}

/// Each section of a struct's code, field by field.
fn field_parts(w: &TyWriter<'_>, fields: &[Field]) -> FieldParts {
    let mut parts = FieldParts::default();
    for (index, f) in fields.iter().enumerate() {
        let fname = ident(&f.rust_name);
        let (ty, write, required) = field_shape(w, f);
        let wire = f.json_name.as_str();
        let slot = int(index);
        if f.rest {
            parts.slot_tys.push(ty.clone());
            parts
                .starts
                .push(code!(::std::collections::BTreeMap::new()));
            parts.other.append(&code! {
                const KEEPS_OTHERS: bool = true;
                fn other<'de, A: ::cde_runtime::serde::de::MapAccess<'de>>(s: &mut Self::Slots, key: ::std::string::String, map: &mut A) -> ::core::result::Result<(), A::Error> {
                    ::cde_runtime::__private::de::rest_member(map, &mut s.#slot, key)
                }
            });
            parts.reads.append(&code!(#fname: s.#slot,));
        } else {
            let at = int(parts.wire_names.len());
            parts.wire_names.push(wire.to_owned());
            parts.slot_tys.push(code!(::core::option::Option<#ty>));
            parts.starts.push(code!(::core::option::Option::None));
            parts.arms.append(
                &code!(#at => ::cde_runtime::__private::de::next_field(map, &mut s.#slot, #wire),),
            );
            if f.required {
                parts.reads.append(
                    &code!(#fname: ::cde_runtime::__private::de::required(s.#slot, #wire)?,),
                );
            } else {
                parts
                    .reads
                    .append(&code!(#fname: ::cde_runtime::__private::de::optional(s.#slot),));
            }
        }
        parts.writes.append(&match write {
            Write::Always => code!(object.member(#wire, &self.#fname);),
            Write::Optional => code!(object.optional(#wire, &self.#fname);),
            Write::Nullable => code!(object.nullable(#wire, &self.#fname);),
            Write::Others => code!(object.others(&self.#fname);),
        });
        let fallback = cat(&[
            "`",
            &f.json_name,
            if f.required { "`." } else { "` (optional)." },
        ]);
        let fdoc = docs(&[Some(f.doc.as_deref().unwrap_or(&fallback))]);
        parts.decls.append(&code!(#fdoc pub #fname: #ty,));
        if required {
            parts.args.push(code!(#fname: #ty));
            parts.inits.push(code!(#fname));
        } else {
            parts
                .inits
                .push(code!(#fname: ::core::default::Default::default()));
        }
    }
    parts
}

/// A struct, its serde impls (through `cde_runtime::__private::ser` and `::de`)
/// and its `new`.
pub(super) fn struct_def(
    w: &TyWriter<'_>,
    type_name: &str,
    doc: &Code,
    fields: &[Field],
    out: &mut Code,
) {
    let FieldParts {
        decls,
        args,
        inits,
        wire_names,
        slot_tys,
        starts,
        arms,
        reads,
        writes,
        other,
    } = field_parts(w, fields);
    let many = (args.len() > 7).then(|| {
        code!(#[allow(clippy::too_many_arguments, reason = "one argument per required field of the schema")])
    });
    let derive_default = args.is_empty().then(|| code!(Default,));
    // A one-element tuple needs its trailing comma.
    let one = (fields.len() == 1).then(|| code!(,));
    let slots_param = if fields.is_empty() {
        code!(_s)
    } else {
        code!(s)
    };
    let name = ident(type_name);
    let name_lit = crate::names::ident(type_name);
    let object = if fields.is_empty() {
        code!(object)
    } else {
        code!(mut object)
    };
    out.append(&code! {
        #doc
        #[derive(Clone, Debug, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name { #decls }

        impl ::cde_runtime::serde::Serialize for #name {
            fn serialize<S: ::cde_runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let #object = ::cde_runtime::__private::ser::object(serializer);
                #writes
                object.end()
            }
        }

        impl<'de> ::cde_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::cde_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                ::cde_runtime::__private::de::object(deserializer)
            }
        }

        impl ::cde_runtime::__private::de::Object for #name {
            const NAME: &'static str = #name_lit;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];
            #other
            type Slots = (#(#slot_tys),* #one);
            fn start() -> Self::Slots {
                (#(#starts),* #one)
            }
            fn member<'de, A: ::cde_runtime::serde::de::MapAccess<'de>>(#slots_param: &mut Self::Slots, index: usize, map: &mut A) -> ::core::result::Result<(), A::Error> {
                match index {
                    #arms
                    _ => ::cde_runtime::__private::de::skip_value(map),
                }
            }
            fn finish<E: ::cde_runtime::serde::de::Error>(#slots_param: Self::Slots) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(Self { #reads })
            }
        }

        impl #name {
            /// Creates a value from its required fields; optional fields start absent.
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    });
}

/// A `multipart/form-data` body: binary fields are files, the rest text parts.
pub(super) fn form_def(
    w: &TyWriter<'_>,
    name: &Code,
    doc: &Code,
    fields: &[Field],
    encoding: &[Encoding],
) -> Code {
    let mut decls = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut writes = Vec::new();
    for f in fields {
        let fname = ident(&f.rust_name);
        let wire = lit_str(&f.json_name);
        let (inner, nullable) = f.ty.strip_nullable();
        let types = part_content_types(encoding, &f.json_name);
        let (base, write_one) = match (inner, types) {
            (Ty::Binary, None) => (
                code!(::cde_runtime::FilePart),
                code!(request.multipart_file(#wire, value);),
            ),
            (Ty::Binary, Some(types)) => (
                code!(::cde_runtime::FilePart),
                code!(request.multipart_file_typed(#wire, value, #types)?;),
            ),
            (Ty::Array(item), None) if **item == Ty::Binary => (
                code!(::std::vec::Vec<::cde_runtime::FilePart>),
                code!(for file in value { request.multipart_file(#wire, file); }),
            ),
            (Ty::Array(item), Some(types)) if **item == Ty::Binary => (
                code!(::std::vec::Vec<::cde_runtime::FilePart>),
                code!(for file in value { request.multipart_file_typed(#wire, file, #types)?; }),
            ),
            (other, None) => (
                w.json_ty(other),
                code!(request.multipart_text(#wire, value)?;),
            ),
            (other, Some(types)) => (
                w.json_ty(other),
                code!(request.multipart_typed(#wire, value, #types)?;),
            ),
        };
        let fallback = format!("The `{}` part.", f.json_name);
        let fdoc = docs(&[Some(f.doc.as_deref().unwrap_or(&fallback))]);
        if f.required && !nullable {
            decls.push(code!(#fdoc pub #fname: #base,));
            args.push(code!(#fname: #base));
            inits.push(code!(#fname));
            writes.push(code!({ let value = &self.#fname; #write_one }));
        } else {
            decls.push(code!(#fdoc pub #fname: ::core::option::Option<#base>,));
            inits.push(code!(#fname: ::core::option::Option::None));
            writes.push(
                code!(if let ::core::option::Option::Some(value) = &self.#fname { #write_one }),
            );
        }
    }
    code! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #(#decls)* }

        impl #name {
            /// Creates a body from its required parts; optional parts start absent.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }

        impl ::cde_runtime::MultipartBody for #name {
            fn write_parts(&self, request: &mut ::cde_runtime::RequestParts) -> ::core::result::Result<(), ::cde_runtime::InvalidInput> {
                #(#writes)*
                ::core::result::Result::Ok(())
            }
        }
    }
}
