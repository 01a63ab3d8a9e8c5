//! Emit: the IR into Rust tokens. Reads only the IR.

use crate::code;
use crate::code::{Code, Ident, Int, Raw, With, ident, lit_str};
use crate::code_into;
use crate::diag::cat;

use crate::ir::*;

mod mock;

/// What to emit besides the client.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitOptions {
    /// Emit `examples::check_all()`, which round-trips every example of the spec
    /// through its generated type.
    pub examples: bool,
    /// Emit the `mock` module (a mock server; compiled only with cde-runtime's
    /// `mock` feature).
    pub mock: bool,
}

fn doc_attr(text: &str) -> Code {
    docs(&[Some(text)])
}

fn docs(parts: &[Option<&str>]) -> Code {
    let len: usize = parts.iter().flatten().map(|p| p.len() + 2).sum();
    let mut out = Code::with_capacity(len + 16);
    out.push_doc(parts);
    out
}

/// How a type is written from inside `types` (`prefix` empty) or elsewhere.
struct TyWriter<'a> {
    api: &'a Api,
    prefix: Code,
    /// Buffers for one item's sections, reused from item to item (a large
    /// allocation per item costs more than writing into it).
    pool: std::cell::RefCell<Vec<Code>>,
}

impl<'a> TyWriter<'a> {
    fn new(api: &'a Api, prefix: Code) -> Self {
        Self {
            api,
            prefix,
            pool: std::cell::RefCell::default(),
        }
    }

    /// An empty buffer with room for `bytes`, from the pool if it has one.
    fn buffer(&self, bytes: usize) -> Code {
        let mut code = self.pool.borrow_mut().pop().unwrap_or_default();
        code.reserve(bytes);
        code
    }

    /// Returns buffers to the pool, emptied.
    fn recycle<const N: usize>(&self, codes: [Code; N]) {
        let mut pool = self.pool.borrow_mut();
        for mut code in codes {
            code.clear();
            pool.push(code);
        }
    }
}

impl<'a> TyWriter<'a> {
    fn ty(&self, ty: &Ty) -> Code {
        let mut out = Code::with_capacity(40);
        self.write_ty(&mut out, ty);
        out
    }

    /// A type inside JSON: binary data has no JSON form, so it is a string there.
    fn json_ty(&self, ty: &Ty) -> Code {
        let mut out = Code::with_capacity(40);
        self.write_json_ty(&mut out, ty);
        out
    }

    /// [`TyWriter::json_ty`] as a template value.
    fn json_of<'t>(&'t self, ty: &'t Ty) -> TyOf<'t, 'a> {
        TyOf {
            w: self,
            ty,
            json: true,
        }
    }

    fn write_ty(&self, out: &mut Code, ty: &Ty) {
        match ty {
            Ty::String => out.push_raw("::std::string::String"),
            Ty::Bool => out.push_raw("bool"),
            Ty::I32 => out.push_raw("i32"),
            Ty::I64 => out.push_raw("i64"),
            Ty::F32 => out.push_raw("f32"),
            Ty::F64 => out.push_raw("f64"),
            Ty::Uuid => out.push_raw("::cde_runtime::uuid::Uuid"),
            Ty::DateTime => out.push_raw("::cde_runtime::DateTime"),
            Ty::Date => out.push_raw("::cde_runtime::Date"),
            Ty::Binary => out.push_raw("::cde_runtime::bytes::Bytes"),
            Ty::Any => out.push_raw("::cde_runtime::serde_json::Value"),
            Ty::Array(inner) => {
                out.push_raw("::std::vec::Vec <");
                self.write_json_ty(out, inner);
                out.push_raw(">");
            }
            Ty::Map(inner) => {
                out.push_raw("::std::collections::BTreeMap < ::std::string::String ,");
                self.write_json_ty(out, inner);
                out.push_raw(">");
            }
            Ty::Named(index) => {
                out.append(&self.prefix);
                out.push_ident(&self.api.types[index.index()].name);
            }
            Ty::Nullable(inner) => {
                out.push_raw("::core::option::Option <");
                self.write_ty(out, inner);
                out.push_raw(">");
            }
            Ty::Unit => out.push_raw("( )"),
        }
    }

    fn write_json_ty(&self, out: &mut Code, ty: &Ty) {
        match ty {
            Ty::Binary => out.push_raw("::std::string::String"),
            Ty::Nullable(inner) if **inner == Ty::Binary => {
                out.push_raw("::core::option::Option < ::std::string::String >")
            }
            other => self.write_ty(out, other),
        }
    }
}

/// A type as a template value: written where the template puts it.
#[derive(Clone, Copy)]
struct TyOf<'t, 'a> {
    w: &'t TyWriter<'a>,
    ty: &'t Ty,
    json: bool,
}

impl code::ToCode for TyOf<'_, '_> {
    fn write_code(&self, out: &mut Code) {
        if self.json {
            self.w.write_json_ty(out, self.ty);
        } else {
            self.w.write_ty(out, self.ty);
        }
    }
}

/// Emits the whole client.
/// Prints the whole client; `notes` are the spec defects generation worked around,
/// listed in the `Client` docs.
pub fn emit(api: &Api, notes: &[String], options: EmitOptions) -> Code {
    let inside = TyWriter::new(api, Code::new());
    let outside = TyWriter::new(api, code!(super::types::));
    let types_doc = doc_attr(&format!(
        "Types generated from the schemas of {} {}: one per component schema and per inline object, enum or union, plus each operation's documented responses.",
        api.title, api.version
    ));
    let ops_doc = doc_attr(
        "Request builders: one per operation, returned by the `Client` method of the same name. Set optional inputs, then `.send().await` (or `.await` the builder).",
    );
    // One buffer for everything: each item is written where it ends up.
    let mut out = Code::with_capacity(api.types.len() * 2048 + api.operations.len() * 6144);
    out.append(&types_doc);
    out.push_raw("pub mod types {");
    for t in &api.types {
        type_def(&inside, t, &mut out);
    }
    for op in &api.operations {
        responses(&inside, op, options.mock || options.examples, &mut out);
    }
    out.push_raw("}");
    out.append(&ops_doc);
    out.push_raw("pub mod operations {");
    for op in &api.operations {
        builder(&outside, op, &mut out);
    }
    out.push_raw("}");
    out.append(&client(api, notes));
    if options.examples {
        out.append(&examples(&outside, api));
    }
    if options.mock {
        out.append(&mock::emit(&outside, api));
    }
    out
}

/// The definition of `t`, the type at `index` of the API's types.
fn type_def(w: &TyWriter<'_>, t: &TypeDef, out: &mut Code) {
    let name = Ident(&t.name);
    let doc = With(|out: &mut Code| {
        out.push_doc_with(|text| {
            if let Some(own) = t.doc.as_deref() {
                text.push(own);
                text.push("\n\n");
            }
            text.push("Generated from `");
            text.push(&t.pointer);
            text.push("`.");
        });
    });
    match &t.kind {
        TypeKind::Struct { fields } => struct_def(w, name, &doc, fields, out),
        TypeKind::StringEnum { values, unknown } => {
            let mut variants = w.buffer(values.len() * 64);
            for v in values {
                let shown = if v.value.contains('`') {
                    std::borrow::Cow::Owned(v.value.replace('`', "'"))
                } else {
                    std::borrow::Cow::Borrowed(v.value.as_str())
                };
                variants.push_doc_pieces(&["`", &shown, "`"]);
                let variant = Ident(&v.rust_name);
                let value = v.value.as_str();
                code_into!(&mut variants; #variant = #value,);
            }
            let unknown = Ident(unknown);
            code_into! { out;
                ::cde_runtime::string_enum! {
                    #doc
                    pub enum #name { #variants }
                    unknown = #unknown
                }
            }
            w.recycle([variants]);
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
            code_into! { out;
                ::cde_runtime::string_newtype! {
                    #doc
                    pub struct #name;
                    ::cde_runtime::__private::StringConstraints { pattern: #pattern, min_length: #min, max_length: #max }
                }
            }
        }
        TypeKind::Union(variants) => {
            let mut vs = w.buffer(variants.len() * 120);
            for v in variants {
                let variant = Ident(&v.rust_name);
                let ty = w.json_of(&v.ty);
                vs.push_doc_with(|text| {
                    text.push("The value matches branch ");
                    text.push_number(v.index);
                    text.push(" of the union.");
                });
                if v.boxed {
                    code_into!(&mut vs; #variant(::std::boxed::Box<#ty>),);
                } else {
                    code_into!(&mut vs; #variant(#ty),);
                }
            }
            let property = variants.iter().find_map(|v| v.tag.as_ref().map(|(p, _)| p));
            // A discriminator picks the branch by its property's value. Otherwise (and
            // for a value it does not map) the first branch that holds the whole value
            // wins: one that decodes and encodes back to the same JSON; failing that,
            // the first branch that decodes at all.
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
            let tagged = variants.iter().filter_map(|v| {
                let (_, values) = v.tag.as_ref()?;
                let (variant, ty, _) = decode(v);
                let build = if v.boxed {
                    code!(|value| Self::#variant(::std::boxed::Box::new(value)))
                } else {
                    code!(Self::#variant)
                };
                Some(code! {
                    ::core::option::Option::Some(#(#values)|*) => {
                        return ::cde_runtime::serde_json::from_value::<#ty>(value)
                            .map(#build)
                            .map_err(<D::Error as ::cde_runtime::serde::de::Error>::custom);
                    }
                })
            });
            let by_tag = match property {
                Some(property) => code! {
                    match value.get(#property).and_then(::cde_runtime::serde_json::Value::as_str) {
                        #(#tagged)*
                        _ => {}
                    }
                },
                None => Code::new(),
            };
            let mut fallback = w.buffer(variants.len() * 400);
            for v in variants {
                let variant = Ident(&v.rust_name);
                let ty = w.json_of(&v.ty);
                let wrap = With(|out: &mut Code| {
                    out.push_raw(if v.boxed {
                        "::std::boxed::Box::new ( value )"
                    } else {
                        "value"
                    })
                });
                code_into! { &mut fallback;
                    if let ::core::result::Result::Ok(value) = ::cde_runtime::serde_json::from_value::<#ty>(value.clone()) {
                        if ::cde_runtime::__private::de::holds_all(&value, original) {
                            return ::core::result::Result::Ok(Self::#variant(#wrap));
                        }
                        first.get_or_insert(Self::#variant(#wrap));
                    }
                }
            }
            let none = format!("the value matches no branch of `{}`", t.name);
            code_into! { out;
                #doc
                #[derive(Clone, Debug, PartialEq, ::cde_runtime::serde::Serialize)]
                #[serde(crate = "::cde_runtime::serde", untagged)]
                #[allow(clippy::large_enum_variant, reason = "variants mirror the schema's branches")]
                pub enum #name { #vs }

                impl<'de> ::cde_runtime::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::cde_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        let value = <::cde_runtime::serde_json::Value as ::cde_runtime::serde::Deserialize>::deserialize(deserializer)?;
                        #by_tag
                        let original = &value;
                        let mut first = ::core::option::Option::None;
                        #fallback
                        first.ok_or_else(|| <D::Error as ::cde_runtime::serde::de::Error>::custom(#none))
                    }
                }
            }
            w.recycle([vs, fallback]);
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
            any_of_def(w, t, name, doc, branches, out);
        }
        TypeKind::Form { fields, encoding } => {
            out.append(&form_def(w, name, &doc, fields, encoding))
        }
        TypeKind::Alias(ty) => {
            let ty = w.json_of(ty);
            code_into!(out; #doc pub type #name = #ty;);
        }
    }
}

/// An `anyOf` whose branches can match the same value: a struct with one optional
/// field per branch, decoded by trying every branch on the buffered value.
fn any_of_def(
    w: &TyWriter<'_>,
    t: &TypeDef,
    name: Ident<'_>,
    doc: Code,
    branches: &[UnionVariant],
    out: &mut Code,
) {
    let fields: Vec<Ident<'_>> = branches.iter().map(|b| Ident(&b.rust_name)).collect();
    let mut decls = w.buffer(branches.len() * 200);
    let mut constructors = w.buffer(branches.len() * 300);
    let mut froms = w.buffer(branches.len() * 200);
    let mut reads = w.buffer(branches.len() * 60);
    let mut writes = w.buffer(branches.len() * 160);
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
        code_into!(&mut decls; #fdoc pub #field: ::core::option::Option<#held>,);
        code_into!(&mut reads; #field: ::cde_runtime::__private::de::branch(&value),);
        code_into! { &mut writes;
            if let ::core::option::Option::Some(value) = &self.#field {
                branches.push(::cde_runtime::__private::de::encode_branch::<_, S::Error>(value)?);
            }
        }
        let plain = crate::names::ident(&b.rust_name);
        let constructor = Code::raw(format!(
            "from_{}",
            plain.strip_prefix("r#").unwrap_or(&plain)
        ));
        let wrap = if b.boxed {
            code!(::std::boxed::Box::new(value))
        } else {
            code!(value)
        };
        let inits = fields.iter().map(|other| {
            if other.0 == field.0 {
                code!(#other: ::core::option::Option::Some(#wrap))
            } else {
                code!(#other: ::core::option::Option::None)
            }
        });
        let cdoc = doc_attr(&format!(
            "A value of branch {} ({what}) alone; the others start `None`.",
            b.index
        ));
        code_into! { &mut constructors;
            #cdoc
            pub fn #constructor(value: #inner) -> Self {
                Self { #(#inits),* }
            }
        }
        if b.from {
            code_into! { &mut froms;
                impl ::core::convert::From<#inner> for #name {
                    fn from(value: #inner) -> Self {
                        Self::#constructor(value)
                    }
                }
            }
        }
    }
    let name_lit = lit_str(&t.name);
    let none = format!("the value matches no branch of `{}`", t.name);
    let none_decoded = fields.iter().map(|f| code!(decoded.#f.is_none()));
    code_into! { out;
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
    }
    w.recycle([decls, constructors, froms, reads, writes]);
}

/// A word for an unnamed branch type in documentation.
fn inner_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String | Ty::Binary => "a string",
        Ty::Bool => "a boolean",
        Ty::I32 | Ty::I64 => "an integer",
        Ty::F32 | Ty::F64 => "a number",
        Ty::Uuid => "a UUID",
        Ty::DateTime => "a date-time",
        Ty::Date => "a date",
        Ty::Any | Ty::Nullable(_) | Ty::Named(_) | Ty::Unit => "any JSON value",
        Ty::Array(_) => "an array",
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

/// How a field is held: writes its Rust type to `out`, and says how it is written
/// and whether `new` takes it.
fn field_shape(w: &TyWriter<'_>, f: &Field, out: &mut Code) -> (Write, bool) {
    if f.rest {
        w.write_json_ty(out, &f.ty);
        return (Write::Others, false);
    }
    let (inner, nullable) = f.ty.strip_nullable();
    let any = *inner == Ty::Any;
    let (wrapper, write, required) = match (f.required, nullable || any) {
        (true, false) => (None, Write::Always, true),
        (true, true) if any => (None, Write::Always, true),
        (true, true) => (Some("::core::option::Option <"), Write::Always, true),
        (false, false) => (Some("::core::option::Option <"), Write::Optional, false),
        (false, true) => (Some("::cde_runtime::Nullable <"), Write::Nullable, false),
    };
    if let Some(open) = wrapper {
        out.push_raw(open);
    }
    if f.boxed {
        out.push_raw("::std::boxed::Box <");
    }
    w.write_json_ty(out, inner);
    if f.boxed {
        out.push_raw(">");
    }
    if wrapper.is_some() {
        out.push_raw(">");
    }
    (write, required)
}

/// A struct, its serde impls (through `cde_runtime::__private::ser` and `::de`)
/// and its `new`. Each section is written into one buffer, field by field.
fn struct_def(
    w: &TyWriter<'_>,
    name: Ident<'_>,
    doc: &impl code::ToCode,
    fields: &[Field],
    out: &mut Code,
) {
    let per_field = |bytes: usize| w.buffer(fields.len() * bytes);
    let mut decls = per_field(160);
    let mut args = per_field(60);
    let mut inits = per_field(40);
    let mut wire_names = per_field(24);
    let mut slot_tys = per_field(60);
    let mut starts = per_field(30);
    let mut arms = per_field(80);
    let mut reads = per_field(70);
    let mut writes = per_field(50);
    let mut other = Code::new();
    let mut ty = w.buffer(80);
    let (mut wires, mut required_count) = (0, 0);
    for (index, f) in fields.iter().enumerate() {
        let fname = Ident(&f.rust_name);
        ty.clear();
        let (write, required) = field_shape(w, f, &mut ty);
        let wire = f.json_name.as_str();
        let slot = Int(index);
        if index > 0 {
            slot_tys.push_raw(",");
            starts.push_raw(",");
            inits.push_raw(",");
        }
        if f.rest {
            code_into!(&mut slot_tys; #ty);
            code_into!(&mut starts; ::std::collections::BTreeMap::new());
            code_into!(&mut other;
                const KEEPS_OTHERS: bool = true;
                fn other<'de, A: ::cde_runtime::serde::de::MapAccess<'de>>(s: &mut Self::Slots, key: ::std::string::String, map: &mut A) -> ::core::result::Result<(), A::Error> {
                    ::cde_runtime::__private::de::rest_member(map, &mut s.#slot, key)
                }
            );
            code_into!(&mut reads; #fname: s.#slot,);
        } else {
            let at = Int(wires);
            if wires > 0 {
                wire_names.push_raw(",");
            }
            wires += 1;
            code_into!(&mut wire_names; #wire);
            code_into!(&mut slot_tys; ::core::option::Option<#ty>);
            code_into!(&mut starts; ::core::option::Option::None);
            code_into!(&mut arms; #at => ::cde_runtime::__private::de::next_field(map, &mut s.#slot, #wire),);
            if f.required {
                code_into!(&mut reads; #fname: ::cde_runtime::__private::de::required(s.#slot, #wire)?,);
            } else {
                code_into!(&mut reads; #fname: ::cde_runtime::__private::de::optional(s.#slot),);
            }
        }
        match write {
            Write::Always => code_into!(&mut writes; object.member(#wire, &self.#fname);),
            Write::Optional => code_into!(&mut writes; object.optional(#wire, &self.#fname);),
            Write::Nullable => code_into!(&mut writes; object.nullable(#wire, &self.#fname);),
            Write::Others => code_into!(&mut writes; object.others(&self.#fname);),
        }
        match f.doc.as_deref() {
            Some(text) => decls.push_doc(&[Some(text)]),
            None => decls.push_doc_pieces(&[
                "`",
                &f.json_name,
                if f.required { "`." } else { "` (optional)." },
            ]),
        }
        code_into!(&mut decls; pub #fname: #ty,);
        if required {
            if required_count > 0 {
                args.push_raw(",");
            }
            required_count += 1;
            code_into!(&mut args; #fname: #ty);
            code_into!(&mut inits; #fname);
        } else {
            code_into!(&mut inits; #fname: ::core::default::Default::default());
        }
    }
    let many = if required_count > 7 {
        code!(#[allow(clippy::too_many_arguments, reason = "one argument per required field of the schema")])
    } else {
        Code::new()
    };
    let derive_default = Raw(if required_count == 0 { "Default ," } else { "" });
    // A one-element tuple needs its trailing comma.
    if fields.len() == 1 {
        slot_tys.push_raw(",");
        starts.push_raw(",");
    }
    let slots_param = Raw(if fields.is_empty() { "_s" } else { "s" });
    let name_lit = crate::names::ident(name.0);
    let object = Raw(if fields.is_empty() {
        "object"
    } else {
        "mut object"
    });
    code_into! { out;
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
            const FIELDS: &'static [&'static str] = &[#wire_names];
            #other
            type Slots = (#slot_tys);
            fn start() -> Self::Slots {
                (#starts)
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
            pub fn new(#args) -> Self {
                Self { #inits }
            }
        }
    }
    w.recycle([
        decls, args, inits, wire_names, slot_tys, starts, arms, reads, writes, ty,
    ]);
}

/// A `multipart/form-data` body: binary fields are files, the rest text parts.
fn form_def(
    w: &TyWriter<'_>,
    name: Ident<'_>,
    doc: &impl code::ToCode,
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

/// The `contentType` list of a multipart property's `encoding` entry, as a slice
/// literal; `None` when it gives none.
pub(super) fn part_content_types(encoding: &[Encoding], property: &str) -> Option<Code> {
    let entry = encoding
        .iter()
        .find(|e| e.property == property && !e.content_type.is_empty())?;
    let types = entry.content_type.iter().map(|t| lit_str(t));
    Some(code!(&[#(#types),*]))
}

/// The `encoding` entries of a form-urlencoded body that change how a property is
/// written: all but `style: deepObject` without `allowReserved`, which is what a
/// property without an entry gets.
pub(super) fn styled_encodings(encoding: &[Encoding]) -> Vec<&Encoding> {
    encoding
        .iter()
        .filter(|e| e.style != QueryStyle::DeepObject || e.allow_reserved)
        .collect()
}

/// The request builder's statement that sets a form-urlencoded body of type `ty`
/// from `value`, its properties written as `encoding` says.
fn form_body_give(ty: &Code, media: &Code, value: &Code, encoding: &[Encoding]) -> Code {
    let styled = styled_encodings(encoding);
    if styled.is_empty() {
        code!(request.form_body::<#ty>(#media, #value);)
    } else {
        let encodings = styled.into_iter().map(form_encoding_tokens);
        code!(request.form_body_encoded::<#ty>(#media, #value, &[#(#encodings),*]);)
    }
}

/// A `::cde_runtime::__private::FormEncoding` literal.
pub(super) fn form_encoding_tokens(encoding: &Encoding) -> Code {
    let name = lit_str(&encoding.property);
    let style = style_tokens(encoding.style);
    let allow_reserved = encoding.allow_reserved;
    code!(::cde_runtime::__private::FormEncoding { name: #name, style: #style, allow_reserved: #allow_reserved })
}

/// A `::cde_runtime::__private::QueryStyle` value.
pub(super) fn style_tokens(style: QueryStyle) -> Code {
    let mut out = Code::with_capacity(64);
    write_style(&mut out, style);
    out
}

fn write_style(out: &mut Code, style: QueryStyle) {
    out.push_raw(match style {
        QueryStyle::Form { explode: true } => {
            "::cde_runtime::__private::QueryStyle::Form { explode : true }"
        }
        QueryStyle::Form { explode: false } => {
            "::cde_runtime::__private::QueryStyle::Form { explode : false }"
        }
        QueryStyle::SpaceDelimited => "::cde_runtime::__private::QueryStyle::SpaceDelimited",
        QueryStyle::PipeDelimited => "::cde_runtime::__private::QueryStyle::PipeDelimited",
        QueryStyle::DeepObject => "::cde_runtime::__private::QueryStyle::DeepObject",
    });
}

/// Where a parameter goes, as a `cde_runtime::__private::Place`.
fn write_place(out: &mut Code, p: &Param) {
    match p.location {
        Location::Path => out.push_raw("::cde_runtime::__private::Place::Path"),
        Location::Query => {
            out.push_raw("::cde_runtime::__private::Place::Query (");
            write_style(out, p.style);
            out.push_raw(")");
        }
        Location::Header => out.push_raw("::cde_runtime::__private::Place::Header"),
        Location::Cookie => out.push_raw("::cde_runtime::__private::Place::Cookie"),
    }
}

fn write_status(out: &mut Code, key: StatusKey) {
    match key {
        StatusKey::Code(code) => code::ToCode::write_code(&code, out),
        StatusKey::Range(d) => {
            let (lo, hi) = (d * 100, d * 100 + 99);
            code_into!(out; #lo..=#hi);
        }
        StatusKey::Default => out.push_raw("_"),
    }
}

fn status_lit(key: StatusKey) -> Code {
    match key {
        StatusKey::Code(code) => code!(#code),
        StatusKey::Range(d) => {
            let (lo, hi) = (d * 100, d * 100 + 99);
            code!(#lo..=#hi)
        }
        StatusKey::Default => code!(_),
    }
}

fn decode_path(kind: &BodyKind) -> &'static str {
    match kind {
        BodyKind::Json => "::cde_runtime::__private::decode_json",
        BodyKind::Text => "::cde_runtime::__private::decode_text",
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
            "::cde_runtime::__private::decode_bytes"
        }
        BodyKind::Empty => "::cde_runtime::__private::decode_empty",
    }
}

fn decode_fn(kind: &BodyKind) -> Code {
    match kind {
        BodyKind::Json => code!(::cde_runtime::__private::decode_json),
        BodyKind::Text => code!(::cde_runtime::__private::decode_text),
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
            code!(::cde_runtime::__private::decode_bytes)
        }
        BodyKind::Empty => code!(::cde_runtime::__private::decode_empty),
    }
}

fn response_ty(w: &TyWriter<'_>, r: &ResponseDef) -> Code {
    let mut out = Code::with_capacity(40);
    write_response_ty(w, r, &mut out);
    out
}

fn write_response_ty(w: &TyWriter<'_>, r: &ResponseDef, out: &mut Code) {
    match r.kind {
        BodyKind::Json => w.write_json_ty(out, &r.ty),
        BodyKind::Text => out.push_raw("::std::string::String"),
        BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
            out.push_raw("::cde_runtime::bytes::Bytes")
        }
        BodyKind::Empty => out.push_raw("( )"),
    }
}

fn variant_decl(w: &TyWriter<'_>, r: &ResponseDef) -> Code {
    let mut out = Code::with_capacity(160);
    write_variant_decl(w, r, &mut out);
    out
}

/// A response enum's variant for `r`, with its doc.
fn write_variant_decl(w: &TyWriter<'_>, r: &ResponseDef, out: &mut Code) {
    let name = Ident(&r.rust_name);
    let ty = With(|out: &mut Code| write_response_ty(w, r, out));
    out.push_doc_with(|text| {
        match r.key {
            StatusKey::Code(c) => {
                text.push("Status ");
                text.push_number(usize::from(c));
            }
            StatusKey::Range(d) => {
                text.push("Any status ");
                text.push_number(usize::from(d));
                text.push("XX not listed separately");
            }
            StatusKey::Default => text.push("Any status not listed separately (`default`)"),
        }
        if let Some(doc) = r.doc.as_deref() {
            text.push("\n\n");
            text.push(doc);
        }
    });
    match r.key {
        StatusKey::Code(_) => code_into!(out; #name(#ty),),
        _ => code_into!(out; #name(::cde_runtime::StatusCode, #ty),),
    }
}

/// The response enums of `op` and their `Responses` impl; with `encoders`, also
/// their `EncodeResponses` impl (for the mock server and the example checks).
fn responses(w: &TyWriter<'_>, op: &Operation, encoders: bool, out: &mut Code) {
    let err = ident(&op.error_type);
    let what = cat(&["`", &op.id, "` (`", &op.http_method, " ", &op.path, "`)"]);
    let err_doc = doc_attr(&cat(&["The documented error responses of ", &what, "."]));
    let mut errors = w.buffer(op.responses.len() * 200);
    for r in op.responses.iter().filter(|r| !r.success) {
        write_variant_decl(w, r, &mut errors);
    }
    let successes: Vec<&ResponseDef> = op.responses.iter().filter(|r| r.success).collect();
    let (success_ty, success_def) = match (&op.success_type, successes.as_slice()) {
        (None, [one]) => (response_ty(w, one), Code::new()),
        (None, _) => (code!(::core::convert::Infallible), Code::new()),
        (Some(name), many) => {
            let name = ident(name);
            let vs = many.iter().map(|r| variant_decl(w, r));
            let doc = doc_attr(&cat(&["The documented success responses of ", &what, "."]));
            (
                code!(#name),
                code! {
                    #doc
                    #[derive(Clone, Debug)]
                    #[non_exhaustive]
                    #[allow(clippy::large_enum_variant, reason = "variants mirror the documented responses")]
                    pub enum #name { #(#vs)* }
                },
            )
        }
    };
    // Exact codes first, then ranges, then default.
    let mut ordered: Vec<&ResponseDef> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.key {
        StatusKey::Code(_) => 0,
        StatusKey::Range(_) => 1,
        StatusKey::Default => 2,
    });
    // The client's decode: straight into the success or the error.
    let mut client_arms = w.buffer(op.responses.len() * 160);
    for r in &ordered {
        let name = Ident(&r.rust_name);
        let pat = With(|out: &mut Code| write_status(out, r.key));
        let decode = With(|out: &mut Code| out.push_raw(decode_path(&r.kind)));
        let ranged = !matches!(r.key, StatusKey::Code(_));
        code_into!(&mut client_arms; #pat => #decode(content_type, body));
        // Constructors as functions where they can be (a closure is one more
        // body for the compiler to check).
        match (r.success, &op.success_type, ranged) {
            (true, None, _) => code_into!(&mut client_arms; .map(::core::result::Result::Ok)),
            (true, Some(s), false) => {
                let s = Ident(s);
                code_into!(&mut client_arms; .map(#s::#name).map(::core::result::Result::Ok))
            }
            (true, Some(s), true) => {
                let s = Ident(s);
                code_into!(&mut client_arms; .map(|body| ::core::result::Result::Ok(#s::#name(status, body))))
            }
            (false, _, false) => {
                code_into!(&mut client_arms; .map(Self::#name).map(::core::result::Result::Err))
            }
            (false, _, true) => {
                code_into!(&mut client_arms; .map(|body| ::core::result::Result::Err(Self::#name(status, body))))
            }
        }
        client_arms.push_raw(",");
    }
    if !op.responses.iter().any(|r| r.key == StatusKey::Default) {
        code_into!(&mut client_arms; _ => ::core::result::Result::Err(::cde_runtime::DecodeError::UndocumentedStatus),);
    }
    let success_arms = op.responses.iter().map(|r| {
        let name = ident(&r.rust_name);
        let success = r.success;
        code!(Self::#name(..) => #success,)
    });
    let encode = op.responses.iter().map(|r| {
        let name = ident(&r.rust_name);
        let media = lit_str(r.media_type.as_deref().unwrap_or(""));
        let encoder = match r.kind {
            BodyKind::Json => code!(::cde_runtime::__private::encode_json(#media, body)?),
            BodyKind::Text => code!(::cde_runtime::__private::encode_text(#media, body)),
            BodyKind::Binary | BodyKind::Multipart | BodyKind::UrlEncoded => {
                code!(::cde_runtime::__private::encode_bytes(#media, body))
            }
            BodyKind::Empty => code!({
                let () = body;
                ::cde_runtime::Body::Empty
            }),
        };
        match r.key {
            StatusKey::Code(code) => {
                code!(Self::#name(body) => (::cde_runtime::__private::status(#code), #encoder),)
            }
            _ => code!(Self::#name(status, body) => (*status, #encoder),),
        }
    });
    // The documented-responses enum is what a mock handler returns and what the
    // example checks decode into; a client alone does not need it.
    let server_side = encoders.then(|| {
        let resp = ident(&op.response_type);
        let resp_doc = doc_attr(&format!(
            "The documented responses of {what}: one variant per documented status, range or `default`."
        ));
        let all: Vec<Code> = op.responses.iter().map(|r| variant_decl(w, r)).collect();
        let mut arms: Vec<Code> = ordered
            .iter()
            .map(|r| {
                let name = ident(&r.rust_name);
                let pat = status_lit(r.key);
                let decode = decode_fn(&r.kind);
                match r.key {
                    StatusKey::Code(_) => code!(#pat => #decode(content_type, body).map(Self::#name),),
                    _ => code!(#pat => #decode(content_type, body).map(|body| Self::#name(status, body)),),
                }
            })
            .collect();
        if !op.responses.iter().any(|r| r.key == StatusKey::Default) {
            arms.push(code!(_ => ::core::result::Result::Err(::cde_runtime::DecodeError::UndocumentedStatus),));
        }
        let (encode_match, success_match) = if op.responses.is_empty() {
            (code!(match *self {}), code!(match *self {}))
        } else {
            (code!(match self { #(#encode)* }), code!(match self { #(#success_arms)* }))
        };
        code! {
            #resp_doc
            #[derive(Clone, Debug)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant, reason = "variants mirror the documented responses")]
            pub enum #resp { #(#all)* }

            impl ::cde_runtime::EncodeResponses for #resp {
                fn decode(
                    status: ::cde_runtime::StatusCode,
                    content_type: ::core::option::Option<&str>,
                    body: &[u8],
                ) -> ::core::result::Result<Self, ::cde_runtime::DecodeError> {
                    match status.as_u16() { #(#arms)* }
                }

                fn encode(&self) -> ::core::result::Result<(::cde_runtime::StatusCode, ::cde_runtime::Body), ::cde_runtime::InvalidInput> {
                    ::core::result::Result::Ok(#encode_match)
                }

                fn is_success(&self) -> bool {
                    #success_match
                }
            }
        }
    });
    code_into! { out;
        #err_doc
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "variants mirror the documented responses")]
        pub enum #err { #errors }

        #success_def

        impl ::cde_runtime::Responses for #err {
            type Success = #success_ty;
            type Error = Self;

            fn decode(
                status: ::cde_runtime::StatusCode,
                content_type: ::core::option::Option<&str>,
                body: &[u8],
            ) -> ::core::result::Result<::core::result::Result<#success_ty, Self>, ::cde_runtime::DecodeError> {
                match status.as_u16() { #client_arms }
            }
        }

        #server_side
    }
    w.recycle([errors, client_arms]);
}

fn op_doc(op: &Operation) -> Code {
    let line = cat(&[
        "`",
        &op.http_method,
        " ",
        &op.path,
        "` (operationId `",
        &op.id,
        "`)",
    ]);
    let tags = if op.tags.is_empty() {
        None
    } else {
        Some(cat(&["Tags: ", &op.tags.join(", "), "."]))
    };
    docs(&[
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&line),
        tags.as_deref(),
    ])
}

fn builder(w: &TyWriter<'_>, op: &Operation, out: &mut Code) {
    let name = ident(&op.type_name);
    let err = ident(&op.error_type);
    let doc = op_doc(op);
    // Each section written into one buffer, parameter by parameter.
    let mut new_args = w.buffer(256);
    let mut new_steps = w.buffer(512);
    let mut setters = w.buffer(op.params.len() * 480);
    let mut give = w.buffer(200);
    let mut arg_count = 0;
    let mut next_arg = |new_args: &mut Code| {
        if arg_count > 0 {
            new_args.push_raw(",");
        }
        arg_count += 1;
    };
    for (index, p) in op.params.iter().enumerate() {
        let field = Ident(&p.rust_name);
        let ty = w.json_of(&p.ty);
        let wire = p.name.as_str();
        let at = u16::try_from(index).unwrap_or(u16::MAX);
        let place = With(|out: &mut Code| write_place(out, p));
        let value = With(|out: &mut Code| {
            if p.required {
                out.push_ident(&p.rust_name);
            } else {
                out.push_raw("value");
            }
        });
        give.clear();
        if !p.bounds.is_empty() && matches!(p.ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64) {
            let b = &p.bounds;
            let o = |v: Option<f64>| match v {
                Some(n) => code!(::core::option::Option::Some(#n)),
                None => code!(::core::option::Option::None),
            };
            let (min, max, mult) = (o(b.minimum), o(b.maximum), o(b.multiple_of));
            let (emin, emax) = (b.exclusive_minimum, b.exclusive_maximum);
            code_into!(&mut give; request.number::<#ty>(#at, #wire, #place, #value, ::cde_runtime::__private::NumberBounds {
                minimum: #min, maximum: #max, exclusive_minimum: #emin, exclusive_maximum: #emax, multiple_of: #mult,
            }););
        } else {
            code_into!(&mut give; request.param::<#ty>(#at, #wire, #place, #value););
        }
        if p.required {
            next_arg(&mut new_args);
            code_into!(&mut new_args; #field: impl ::cde_runtime::Input<#ty>);
            new_steps.append(&give);
        } else {
            setters.push_doc_with(|text| {
                if let Some(own) = p.doc.as_deref() {
                    text.push(own);
                    text.push("\n\n");
                }
                text.push("The ");
                text.push(location_word(p.location));
                text.push(" parameter `");
                text.push(&p.name);
                text.push("`.");
            });
            code_into! { &mut setters;
                pub fn #field(mut self, value: impl ::cde_runtime::Input<#ty>) -> Self {
                    let request = &mut self.request;
                    #give
                    self
                }
            }
        }
    }
    // Only an operation with several body media types has a bare constructor.
    let (param_args, param_steps) = if op.body.as_ref().is_some_and(|b| b.bare.is_some()) {
        (new_args.clone(), new_steps.clone())
    } else {
        (Code::new(), Code::new())
    };
    let mut bare = Code::new();
    if let Some(body) = &op.body {
        let ty = body_ty(w, &body.kind, &body.ty);
        let media = lit_str(&body.media_type);
        let value = if body.required {
            code!(body)
        } else {
            code!(value)
        };
        let give = match body.kind {
            BodyKind::Json => code!(request.json_body::<#ty>(#media, #value);),
            BodyKind::UrlEncoded => form_body_give(&ty, &media, &value, &body.encoding),
            BodyKind::Text => code!(request.text_body(#media, #value);),
            BodyKind::Multipart => code!(request.multipart_body::<#ty>(#value);),
            _ => code!(request.bytes_body(#media, #value);),
        };
        let others = if body.alternatives.is_empty() {
            String::new()
        } else {
            let setters: Vec<String> = body
                .alternatives
                .iter()
                .map(|c| format!("[`{}`](Self::{})", c.media_type, c.setter))
                .collect();
            format!(" Other media types: {}.", setters.join(", "))
        };
        let bdoc = docs(&[
            body.doc.as_deref(),
            Some(&cat(&[
                "The request body (`",
                &body.media_type,
                "`).",
                &others,
            ])),
        ]);
        if body.required {
            next_arg(&mut new_args);
            code_into!(&mut new_args; body: impl ::cde_runtime::Input<#ty>);
            new_steps.append(&give);
        } else {
            code_into! { &mut setters;
                #bdoc
                pub fn body(mut self, value: impl ::cde_runtime::Input<#ty>) -> Self {
                    let request = &mut self.request;
                    #give
                    self
                }
            }
        }
        for choice in &body.alternatives {
            setters.append(&choice_setter(w, body, choice));
        }
        if let Some(bare_name) = &body.bare {
            let name = ident(bare_name);
            let method = Code::raw(op.http_method.to_string());
            let security = if op.security.is_empty() {
                code!(&[])
            } else {
                security_list(op)
            };
            let template = lit_str(&path_template(op));
            let start = if param_steps.is_empty() {
                code!(let request = ::cde_runtime::__private::Pending::new(::cde_runtime::Method::#method, #template, #security);)
            } else {
                code! {
                    let mut request = ::cde_runtime::__private::Pending::new(::cde_runtime::Method::#method, #template, #security);
                    #param_steps
                }
            };
            bare = code! {
                /// Starts the request with its parameters and no body yet: the
                /// `Client` methods that send another media type set it next.
                pub(super) fn #name(client: &'a super::Client, #param_args) -> Self {
                    #start
                    Self { client, request }
                }
            };
        }
    }
    let method = Code::raw(op.http_method.to_string());
    let security = if op.security.is_empty() {
        code!(&[])
    } else {
        security_list(op)
    };
    let template = lit_str(&path_template(op));
    // The success type written out (not projected through `Responses`, which the
    // compiler would normalize at every use).
    let successes: Vec<&ResponseDef> = op.responses.iter().filter(|r| r.success).collect();
    let success_ty = match (&op.success_type, successes.as_slice()) {
        (None, [one]) => response_ty(w, one),
        (None, _) => code!(::core::convert::Infallible),
        (Some(name), _) => {
            let name = ident(name);
            code!(super::types::#name)
        }
    };
    let output = code!(::core::result::Result<::cde_runtime::Response<#success_ty>, ::cde_runtime::Error<super::types::#err>>);
    let items = match &op.pagination {
        None => Code::new(),
        Some(p) => {
            let item = w.json_ty(&p.item_ty);
            let items_ptr = lit_str(&p.items);
            let opt = |v: &Option<String>| match v {
                Some(s) => {
                    let s = lit_str(s);
                    code!(::core::option::Option::Some(#s))
                }
                None => code!(::core::option::Option::None),
            };
            let (pagination, how) = match &p.style {
                PaginationStyle::Offset {
                    offset_param,
                    limit_param,
                    default_limit,
                    next,
                } => {
                    let (o, l, n) = (lit_str(offset_param), lit_str(limit_param), opt(next));
                    (
                        code!(::cde_runtime::__private::Pagination::Offset { offset_param: #o, limit_param: #l, default_limit: #default_limit, items: #items_ptr, next: #n }),
                        format!(
                            "Pages with the `{offset_param}`/`{limit_param}` query parameters ({default_limit} items a page unless `{limit_param}` is set), until a page is short or empty."
                        ),
                    )
                }
                PaginationStyle::Cursor {
                    cursor_param,
                    cursor_from,
                    has_more,
                } => {
                    let (c, f, h) = (lit_str(cursor_param), lit_str(cursor_from), opt(has_more));
                    (
                        code!(::cde_runtime::__private::Pagination::Cursor { cursor_param: #c, cursor_from: #f, items: #items_ptr, has_more: #h }),
                        format!(
                            "Pages with the `{cursor_param}` query parameter, taken from `{cursor_from}` of each page's last item."
                        ),
                    )
                }
                PaginationStyle::Link => (
                    code!(::cde_runtime::__private::Pagination::Link { items: #items_ptr }),
                    String::from(
                        "Follows the `Link` header's `rel=\"next\"` URL (only on the base URL's origin).",
                    ),
                ),
            };
            let doc = doc_attr(&format!(
                "Streams every item of every page, fetching the next page only when the stream is polled past the current one. {how} An error on any page is yielded once and ends the stream."
            ));
            code! {
                #doc
                pub fn items(self) -> ::cde_runtime::futures::stream::BoxStream<'a, ::core::result::Result<#item, ::cde_runtime::Error<super::types::#err>>> {
                    ::cde_runtime::__private::paginate::<super::types::#err, #item>(&self.client.core, self.request.finish(), #pagination)
                }
            }
        }
    };
    let new_body = if new_steps.is_empty() {
        code!(Self { client, request: ::cde_runtime::__private::Pending::new(::cde_runtime::Method::#method, #template, #security) })
    } else {
        code! {
            let mut request = ::cde_runtime::__private::Pending::new(::cde_runtime::Method::#method, #template, #security);
            #new_steps
            Self { client, request }
        }
    };
    code_into! { out;
        #doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent: call `.send().await` or `.await` it"]
        pub struct #name<'a> {
            client: &'a super::Client,
            request: ::cde_runtime::__private::Pending,
        }

        impl<'a> #name<'a> {
            pub(super) fn new(client: &'a super::Client, #new_args) -> Self {
                #new_body
            }

            #bare

            #setters

            #items

            /// Sends the request and decodes the response.
            pub fn send(self) -> ::cde_runtime::BoxFuture<'a, #output> {
                self.client.core.run::<super::types::#err>(self.request)
            }
        }

        impl<'a> ::core::future::IntoFuture for #name<'a> {
            type Output = #output;
            type IntoFuture = ::cde_runtime::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
    w.recycle([new_args, new_steps, setters, give]);
}

/// The path template with each parameter as `{name}`.
fn path_template(op: &Operation) -> String {
    let mut out = String::with_capacity(op.path.len());
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => out.push_str(text),
            PathPart::Param(index) => {
                out.push('{');
                out.push_str(&op.params[*index].name);
                out.push('}');
            }
        }
    }
    out
}

/// The Rust type a body of this encoding is given as.
fn body_ty(w: &TyWriter<'_>, kind: &BodyKind, ty: &Ty) -> Code {
    match kind {
        BodyKind::Json | BodyKind::UrlEncoded => w.json_ty(ty),
        BodyKind::Multipart => w.ty(ty),
        BodyKind::Text => code!(::std::string::String),
        _ => code!(::cde_runtime::bytes::Bytes),
    }
}

/// The request builder's method that sends the body as another media type.
fn choice_setter(w: &TyWriter<'_>, body: &RequestBody, choice: &BodyChoice) -> Code {
    let name = ident(&choice.setter);
    let ty = body_ty(w, &choice.kind, &choice.ty);
    let media = lit_str(&choice.media_type);
    let give = match choice.kind {
        _ if choice.ranged => code!(request.ranged_body(#media, content_type, value);),
        BodyKind::Json => code!(request.json_body::<#ty>(#media, value);),
        BodyKind::UrlEncoded => form_body_give(&ty, &media, &code!(value), &choice.encoding),
        BodyKind::Text => code!(request.text_body(#media, value);),
        BodyKind::Multipart => code!(request.multipart_body::<#ty>(value);),
        _ => code!(request.bytes_body(#media, value);),
    };
    let mut text = format!(
        "Sends the request body as `{}` instead of `{}`, replacing any body given before.",
        choice.media_type, body.media_type
    );
    if choice.ranged {
        text.push_str(&format!(
            "\n\nThe body is bytes sent with `content_type` as its `Content-Type`: a media type in `{}` (`send` reports a malformed one, or one outside the range, as invalid input).",
            choice.media_type
        ));
    } else if choice.same_type {
        text.push_str(&format!(
            "\n\nIt takes the same type as the `{}` body: the same value may be sent either way.",
            body.media_type
        ));
    }
    if let Some(constructor) = &choice.constructor {
        text.push_str(&format!(
            "\n\nThe body is required: to send this media type from the start, with no `{}` body to build first, call [`Client::{1}`](super::Client::{1}).",
            body.media_type, constructor
        ));
    }
    let doc = docs(&[body.doc.as_deref(), Some(&text)]);
    let args = if choice.ranged {
        code!(content_type: impl ::cde_runtime::Input<::std::string::String>, value: impl ::cde_runtime::Input<#ty>)
    } else {
        code!(value: impl ::cde_runtime::Input<#ty>)
    };
    code! {
        #doc
        pub fn #name(mut self, #args) -> Self {
            let request = &mut self.request;
            #give
            self
        }
    }
}

/// The operation's security alternatives as a `&[&[Scheme]]` expression.
fn security_list(op: &Operation) -> Code {
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().map(|scheme| match scheme {
            SchemeDef::Bearer => code!(::cde_runtime::__private::Scheme::Bearer),
            SchemeDef::Basic => code!(::cde_runtime::__private::Scheme::Basic),
            SchemeDef::ApiKey {
                scheme,
                name,
                location,
            } => {
                let location = match location.as_str() {
                    "query" => code!(::cde_runtime::__private::ApiKeyLocation::Query),
                    "cookie" => code!(::cde_runtime::__private::ApiKeyLocation::Cookie),
                    _ => code!(::cde_runtime::__private::ApiKeyLocation::Header),
                };
                let (scheme, name) = (lit_str(scheme), lit_str(name));
                code!(::cde_runtime::__private::Scheme::ApiKey { scheme: #scheme, name: #name, location: #location })
            }
        });
        code!(&[#(#schemes),*])
    });
    code!(&[#(#alternatives),*])
}

fn location_word(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}

fn client(api: &Api, notes: &[String]) -> Code {
    let w = TyWriter::new(api, code!(types::));
    let base = match &api.base_url {
        Some(url) => {
            let url = lit_str(url);
            code!(::core::option::Option::Some(#url))
        }
        None => code!(::core::option::Option::None),
    };
    let agent: String = format!(
        "{}/{} cde-runtime",
        api.title.replace(' ', "-"),
        api.version
    )
    .chars()
    .filter(|c| c.is_ascii_graphic() || *c == ' ')
    .collect();
    let agent = lit_str(&agent);
    let methods = api.operations.iter().map(|op| {
        let method = ident(&op.method_name);
        let builder = ident(&op.type_name);
        let doc = op_doc(op);
        let deprecated = if op.deprecated {
            code!(#[deprecated = "the spec marks this operation deprecated"])
        } else {
            Code::new()
        };
        let mut args = Vec::new();
        let mut names = Vec::new();
        for p in op.params.iter().filter(|p| p.required) {
            let name = ident(&p.rust_name);
            let ty = w.json_ty(&p.ty);
            args.push(code!(#name: impl ::cde_runtime::Input<#ty>));
            names.push(code!(#name));
        }
        let mut constructors = Vec::new();
        let mut others = Code::new();
        if let Some(body) = op.body.as_ref().filter(|b| b.required && !b.alternatives.is_empty()) {
            let list: Vec<String> = body
                .alternatives
                .iter()
                .filter_map(|c| Some(format!("[`{}`](Self::{})", c.media_type, c.constructor.as_ref()?)))
                .collect();
            others = doc_attr(&format!(
                "\nThe body goes as `{}`; to send another media type the spec lists, start with {} instead.",
                body.media_type,
                list.join(", ")
            ));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            let bare = body.bare.as_deref().map(ident);
            for choice in &body.alternatives {
                let (Some(constructor), Some(bare)) = (&choice.constructor, &bare) else {
                    continue;
                };
                let name = ident(constructor);
                let setter = ident(&choice.setter);
                let ty = body_ty(&w, &choice.kind, &choice.ty);
                let line = format!(
                    "`{} {}` (operationId `{}`) with the body sent as `{}` instead of `{}`: see [`operations::{}::{}`].",
                    op.http_method, op.path, op.id, choice.media_type, body.media_type, op.type_name, choice.setter
                );
                let doc = docs(&[op.summary.as_deref(), Some(&line)]);
                let (body_args, give) = if choice.ranged {
                    // Named unlike every parameter.
                    let mut content_type = String::from("content_type");
                    while op.params.iter().any(|p| p.required && p.rust_name == content_type) {
                        content_type.insert_str(0, "body_");
                    }
                    let content_type = ident(&content_type);
                    (
                        code!(#content_type: impl ::cde_runtime::Input<::std::string::String>, body: impl ::cde_runtime::Input<#ty>),
                        code!(#setter(#content_type, body)),
                    )
                } else {
                    (
                        code!(body: impl ::cde_runtime::Input<#ty>),
                        code!(#setter(body)),
                    )
                };
                constructors.push(code! {
                    #doc
                    #deprecated
                    pub fn #name(&self, #(#args,)* #body_args) -> operations::#builder<'_> {
                        operations::#builder::#bare(self, #(#names),*).#give
                    }
                });
            }
            let ty = body_ty(&w, &body.kind, &body.ty);
            args.push(code!(body: impl ::cde_runtime::Input<#ty>));
            names.push(code!(body));
        }
        code! {
            #doc
            #others
            #deprecated
            pub fn #method(&self, #(#args),*) -> operations::#builder<'_> {
                operations::#builder::new(self, #(#names),*)
            }

            #(#constructors)*
        }
    });
    let mut listed = String::new();
    if !notes.is_empty() {
        listed.push_str("\n\n# Notes on the spec\n\nThese spec defects did not stop generation:\n");
        for note in notes {
            listed.push_str(&format!("\n- {note}"));
        }
    }
    let summary = format!(
        "A client for {} {}, generated from its OpenAPI document.\n\nCheap to clone: clones share one connection pool. Build one with [`Client::builder`].{}",
        api.title, api.version, listed
    );
    let doc = doc_attr(&summary);
    code! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            core: ::cde_runtime::ClientCore,
        }

        impl Client {
            /// The base URL of the spec's first server, if it is absolute.
            pub const DEFAULT_BASE_URL: ::core::option::Option<&'static str> = #base;

            /// A builder with the default base URL; set credentials, timeout and more on it.
            pub fn builder() -> ::cde_runtime::ClientBuilder<Self> {
                ::cde_runtime::ClientBuilder::new(Self::DEFAULT_BASE_URL, #agent)
            }

            /// The shared client core (base URL, connection pool).
            pub fn core(&self) -> &::cde_runtime::ClientCore {
                &self.core
            }

            #(#methods)*
        }

        impl ::cde_runtime::FromCore for Client {
            fn from_core(core: ::cde_runtime::ClientCore) -> Self {
                Self { core }
            }
        }
    }
}

fn examples(w: &TyWriter<'_>, api: &Api) -> Code {
    let checks = api
        .examples
        .iter()
        .filter(|e| !matches!(e.ty, Ty::Unit | Ty::Binary))
        .map(|e| {
            let pointer = lit_str(&e.pointer);
            let json = lit_str(&e.value.to_string());
            let ty = w.json_ty(&e.ty);
            let body = code!((#pointer, ::cde_runtime::__private::roundtrip::<#ty>(#json)),);
            let Some(response) = &e.response else {
                return body;
            };
            let resp = ident(&response.response_type);
            let status: u16 = match response.key {
                StatusKey::Code(code) => code,
                StatusKey::Range(d) => d * 100 + 99,
                StatusKey::Default if response.success => 299,
                StatusKey::Default => 599,
            };
            let media = lit_str(&response.media_type);
            let success = response.success;
            code! {
                #body
                (#pointer, ::cde_runtime::__private::check_response::<super::types::#resp>(#status, #media, #json, #success)),
            }
        });
    code! {
        /// Round-trip checks of the spec's examples (generated on request).
        #[doc(hidden)]
        pub mod examples {
            /// Decodes every example into its type and re-encodes it; each entry is
            /// the example's JSON pointer and the outcome.
            pub fn check_all() -> ::std::vec::Vec<(&'static str, ::core::result::Result<(), ::std::string::String>)> {
                ::std::vec![#(#checks)*]
            }
        }
    }
}
