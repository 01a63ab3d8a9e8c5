//! Emit: prints the IR (`ir::Api`) as Rust tokens, one module per output kind:
//! `types` (the schemas' types), `responses` (each operation's response enums and
//! their decoding), `builders` (each operation's request builder), `client` (the
//! `Client` and the example checks), `mock` (the mock server module), and `wire`
//! (how a value is named on the wire: parameter places and styles, form
//! encodings, status patterns, body decoders), which they share. It reads only
//! the IR and the plan (`crate::plan`) and decides nothing they do not say.
//!
//! Code is written with the `code!` templates of `crate::code` (which says why
//! not `quote!`).

use crate::code;
use crate::code::{Code, ToCode, ident, int, lit_str};

use crate::diag::cat;
use crate::ir::*;
use crate::plan::{ExampleCheck, Plan};

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

/// Prints the whole client as `plan` has it; `notes` are the spec defects
/// generation worked around, listed in the `Client` docs.
pub fn emit(api: &Api, plan: &Plan<'_>, notes: &[String], options: EmitOptions) -> Code {
    let inside = TyWriter::new(api, Code::new());
    let outside = TyWriter::new(api, code!(super::types::));
    let types_doc = doc_attr(&format!(
        "Types generated from the schemas of {} {}: one per component schema and per inline object, enum or union, plus each operation's documented responses.",
        api.title, api.version
    ));
    let ops_doc = doc_attr(
        "Request builders: one per operation, returned by the `Client` method of the same name. Set optional inputs, then `.send().await` (or `.await` the builder).",
    );
    let mut types = Code::new();
    for t in &api.types {
        types::type_def(&inside, t, &mut types);
    }
    for op in &api.operations {
        responses::responses(&inside, op, options.mock || options.examples, &mut types);
    }
    let mut operations = Code::new();
    for op in &api.operations {
        builders::builder(&outside, op, &mut operations);
    }
    let client = client::client(api, notes);
    let webhooks = webhooks(&outside, api);
    let examples = plan
        .examples
        .as_ref()
        .map(|checks| client::examples(&outside, checks));
    let mock = plan
        .mock
        .as_ref()
        .map(|mock| mock::emit(&outside, api, mock));
    code! {
        #types_doc
        pub mod types { #types }
        #ops_doc
        pub mod operations { #operations }
        #client
        #webhooks
        #examples
        #mock
    }
}

/// The `webhooks` module (only when the spec has webhooks): a type alias per
/// webhook operation naming its payload's type, documented as the payload.
fn webhooks(w: &TyWriter<'_>, api: &Api) -> Code {
    if api.webhooks.is_empty() {
        return Code::new();
    }
    let mut aliases = Code::new();
    for hook in &api.webhooks {
        let name = ident(&hook.name);
        let ty = w.ty(&hook.ty);
        let line = format!(
            "The payload of the webhook `{}` (`{}`, `{}`, generated from `{}`): the body of the request the API sends to its subscribers. Decode a received body with `cde_runtime::serde_json::from_slice::<{}>(..)`.",
            hook.key, hook.http_method, hook.media_type, hook.pointer, hook.name
        );
        let doc = docs(&[hook.doc.as_deref(), Some(&line)]);
        aliases.append(&code!(#doc pub type #name = #ty;));
    }
    let doc = doc_attr(&format!(
        "The payloads of the webhooks of {} {}: requests the API sends, one type per webhook operation.",
        api.title, api.version
    ));
    code! {
        #doc
        pub mod webhooks { #aliases }
    }
}

/// The stubs emitted when a spec cannot be generated: the modules, the `Client`
/// and a unit struct per schema name, so that one real error is not buried under
/// "cannot find type" errors.
pub fn stubs(schema_names: &[String]) -> Code {
    let stubs = schema_names.iter().map(|n| {
        let name = ident(n);
        code! {
            /// Not generated: the spec has errors.
            pub struct #name;
        }
    });
    code! {
        /// Not generated: the spec has errors.
        pub mod types {
            #(#stubs)*
        }
        /// Not generated: the spec has errors.
        pub mod operations {}
        /// Not generated: the spec has errors.
        #[derive(Clone, Debug)]
        pub struct Client;
    }
}

/// A `#[doc = "..."]` attribute.
fn doc_attr(text: &str) -> Code {
    code!(#[doc = #text])
}

/// A `#[doc = "..."]` attribute whose text is `parts` without the `None`s,
/// separated by blank lines; nothing if there is no text.
fn docs(parts: &[Option<&str>]) -> Code {
    let texts: Vec<&str> = parts.iter().flatten().copied().collect();
    match texts.as_slice() {
        [] | [""] => Code::new(),
        _ => doc_attr(&texts.join("\n\n")),
    }
}

/// `Some(value)` or `None`, as an expression.
fn option<T: ToCode>(value: Option<T>) -> Code {
    match value {
        Some(value) => code!(::core::option::Option::Some(#value)),
        None => code!(::core::option::Option::None),
    }
}

/// How a type is written from inside `types` (`prefix` empty) or elsewhere.
struct TyWriter<'a> {
    api: &'a Api,
    prefix: Code,
}

impl<'a> TyWriter<'a> {
    fn new(api: &'a Api, prefix: Code) -> Self {
        Self { api, prefix }
    }

    /// The Rust type of `ty`.
    fn ty(&self, ty: &Ty) -> Code {
        match ty {
            Ty::String => code!(::std::string::String),
            Ty::Bool => code!(bool),
            Ty::I32 => code!(i32),
            Ty::I64 => code!(i64),
            Ty::F32 => code!(f32),
            Ty::F64 => code!(f64),
            Ty::Uuid => code!(::cde_runtime::uuid::Uuid),
            Ty::DateTime => code!(::cde_runtime::DateTime),
            Ty::Date => code!(::cde_runtime::Date),
            Ty::Binary => code!(::cde_runtime::bytes::Bytes),
            Ty::Secret => code!(::cde_runtime::SecretString),
            Ty::Base64 { url: false } => code!(::cde_runtime::Base64),
            Ty::Base64 { url: true } => code!(::cde_runtime::Base64Url),
            Ty::Any => code!(::cde_runtime::serde_json::Value),
            Ty::Array(inner) => {
                let inner = self.json_ty(inner);
                code!(::std::vec::Vec<#inner>)
            }
            Ty::Map(inner) => {
                let inner = self.json_ty(inner);
                code!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            Ty::Tuple { prefix, rest } => {
                let prefix = prefix.iter().map(|member| self.json_ty(member));
                let prefix = code!((#(#prefix,)*));
                match rest {
                    None => prefix,
                    Some(rest) => {
                        let rest = self.json_ty(rest);
                        code!(::cde_runtime::Tuple<#prefix, #rest>)
                    }
                }
            }
            Ty::Named(index) => {
                let prefix = &self.prefix;
                let name = ident(&self.api.types[index.index()].name);
                code!(#prefix #name)
            }
            Ty::Nullable(inner) => {
                let inner = self.ty(inner);
                code!(::core::option::Option<#inner>)
            }
            Ty::Unit | Ty::Null => code!(()),
        }
    }

    /// A type inside JSON: binary data has no JSON form, so it is a string there.
    fn json_ty(&self, ty: &Ty) -> Code {
        match ty {
            Ty::Binary => code!(::std::string::String),
            Ty::Nullable(inner) if **inner == Ty::Binary => {
                code!(::core::option::Option<::std::string::String>)
            }
            other => self.ty(other),
        }
    }
}
