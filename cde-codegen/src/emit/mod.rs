//! Emit: prints the IR (`ir::Api`) as Rust tokens, one module per output kind:
//! `types` (the schemas' types), `responses` (each operation's response enums and
//! their decoding), `builders` (each operation's request builder), `client` (the
//! `Client` and the example checks), `mock` (the mock server module), and `wire`
//! (how a value is named on the wire: parameter places and styles, form
//! encodings, status patterns, body decoders), which they share. It reads only
//! the IR and decides nothing the IR does not say.
//!
//! Code is written with `quote!`: the generator built as a user's build runs it
//! (the dev profile, unoptimized) stays a small part of the `cargo check` of what
//! it generates (`bench/run` measures both; `docs/SPEED.md`).

use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::diag::cat;
use crate::ir::*;

mod builders;
mod client;
mod mock;
mod responses;
mod types;
mod wire;

use builders::*;
use responses::*;
use wire::*;

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

/// Prints the whole client; `notes` are the spec defects generation worked around,
/// listed in the `Client` docs.
pub fn emit(api: &Api, notes: &[String], options: EmitOptions) -> TokenStream {
    let inside = TyWriter::new(api, TokenStream::new());
    let outside = TyWriter::new(api, quote!(super::types::));
    let types_doc = doc_attr(&format!(
        "Types generated from the schemas of {} {}: one per component schema and per inline object, enum or union, plus each operation's documented responses.",
        api.title, api.version
    ));
    let ops_doc = doc_attr(
        "Request builders: one per operation, returned by the `Client` method of the same name. Set optional inputs, then `.send().await` (or `.await` the builder).",
    );
    let mut types = TokenStream::new();
    for t in &api.types {
        types::type_def(&inside, t, &mut types);
    }
    for op in &api.operations {
        responses::responses(&inside, op, options.mock || options.examples, &mut types);
    }
    let mut operations = TokenStream::new();
    for op in &api.operations {
        builders::builder(&outside, op, &mut operations);
    }
    let client = client::client(api, notes);
    let examples = options.examples.then(|| client::examples(&outside, api));
    let mock = options.mock.then(|| mock::emit(&outside, api));
    quote! {
        #types_doc
        pub mod types { #types }
        #ops_doc
        pub mod operations { #operations }
        #client
        #examples
        #mock
    }
}

/// The stubs emitted when a spec cannot be generated: the modules, the `Client`
/// and a unit struct per schema name, so that one real error is not buried under
/// "cannot find type" errors.
pub fn stubs(schema_names: &[String]) -> TokenStream {
    let names = schema_names.iter().map(|n| ident(n));
    quote! {
        /// Not generated: the spec has errors.
        pub mod types {
            #(
                /// Not generated: the spec has errors.
                pub struct #names;
            )*
        }
        /// Not generated: the spec has errors.
        pub mod operations {}
        /// Not generated: the spec has errors.
        #[derive(Clone, Debug)]
        pub struct Client;
    }
}

/// The identifier for a name: [`crate::names::ident`]'s spelling (raw for a
/// keyword), which is always a valid identifier.
fn ident(name: &str) -> proc_macro2::Ident {
    let spelled = crate::names::ident(name);
    match spelled.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, Span::call_site()),
        None => proc_macro2::Ident::new(&spelled, Span::call_site()),
    }
}

/// A string literal.
fn lit_str(value: &str) -> Literal {
    Literal::string(value)
}

/// An unsuffixed integer literal (`3`, for tuple fields and indices).
fn int(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

/// A `#[doc = "..."]` attribute.
fn doc_attr(text: &str) -> TokenStream {
    quote!(#[doc = #text])
}

/// A `#[doc = "..."]` attribute whose text is `parts` without the `None`s,
/// separated by blank lines; nothing if there is no text.
fn docs(parts: &[Option<&str>]) -> TokenStream {
    let texts: Vec<&str> = parts.iter().flatten().copied().collect();
    match texts.as_slice() {
        [] | [""] => TokenStream::new(),
        _ => doc_attr(&texts.join("\n\n")),
    }
}

/// `Some(value)` or `None`, as an expression.
fn option<T: ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// How a type is written from inside `types` (`prefix` empty) or elsewhere.
struct TyWriter<'a> {
    api: &'a Api,
    prefix: TokenStream,
}

impl<'a> TyWriter<'a> {
    fn new(api: &'a Api, prefix: TokenStream) -> Self {
        Self { api, prefix }
    }

    /// The Rust type of `ty`.
    fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::String => quote!(::std::string::String),
            Ty::Bool => quote!(bool),
            Ty::I32 => quote!(i32),
            Ty::I64 => quote!(i64),
            Ty::F32 => quote!(f32),
            Ty::F64 => quote!(f64),
            Ty::Uuid => quote!(::cde_runtime::uuid::Uuid),
            Ty::DateTime => quote!(::cde_runtime::DateTime),
            Ty::Date => quote!(::cde_runtime::Date),
            Ty::Binary => quote!(::cde_runtime::bytes::Bytes),
            Ty::Any => quote!(::cde_runtime::serde_json::Value),
            Ty::Array(inner) => {
                let inner = self.json_ty(inner);
                quote!(::std::vec::Vec<#inner>)
            }
            Ty::Map(inner) => {
                let inner = self.json_ty(inner);
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            Ty::Named(index) => {
                let prefix = &self.prefix;
                let name = ident(&self.api.types[index.index()].name);
                quote!(#prefix #name)
            }
            Ty::Nullable(inner) => {
                let inner = self.ty(inner);
                quote!(::core::option::Option<#inner>)
            }
            Ty::Unit => quote!(()),
        }
    }

    /// A type inside JSON: binary data has no JSON form, so it is a string there.
    fn json_ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Binary => quote!(::std::string::String),
            Ty::Nullable(inner) if **inner == Ty::Binary => {
                quote!(::core::option::Option<::std::string::String>)
            }
            other => self.ty(other),
        }
    }
}
