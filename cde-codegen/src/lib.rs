//! The cde generator core: an OpenAPI 3.0, 3.1 or 3.2 document (one file or several) in, Rust client code out.
//!
//! This is a plain library (no `proc_macro` types), so it can be unit-, snapshot- and
//! property-tested and benchmarked without a compiler in the loop. The
//! `cde_macros::generate_client!` macro is a thin wrapper around [`generate`].
//!
//! Its public API is what callers use: [`generate`] (and [`generate_formatted`]
//! for review), [`stub_code`], [`Options`] with [`Selection`] and [`Pagination`],
//! [`Generated`] with its [`Code`], [`Diagnostic`]s and [`Untyped`] places, and
//! [`load`] for tests that read a spec beside its code. The passes inside (source,
//! spec, model, select, plan, emit, one diagnostics sink) are described, with where to
//! add a schema keyword or a new output, in the repository's
//! `docs/ARCHITECTURE.md`.
//!
//! ```
//! let spec = br#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
//!   "paths": {"/pets": {"get": {"operationId": "list_pets",
//!     "responses": {"200": {"description": "ok", "content": {"application/json":
//!       {"schema": {"type": "array", "items": {"type": "string"}}}}}}}}}}"#;
//! let out = cde_codegen::generate("pets.json", spec, &cde_codegen::Options::default());
//! assert!(out.diagnostics.is_empty());
//! assert!(out.code.as_str().contains("list_pets"));
//! ```

#![forbid(unsafe_code)]
// The `code!` template muncher recurses once per token of a template.
#![recursion_limit = "1024"]
#![warn(missing_docs)]

mod code;
mod diag;
mod doc;
mod emit;
mod ir;
mod load;
mod locate;
mod media;
mod model;
mod names;
mod options;
mod plan;
mod select;
mod spec;

use doc::Value;
use spec::objects::{Components, Document};

pub use code::Code;
use diag::Diagnostics;
pub use diag::{Diagnostic, Kind, Location, Untyped};
pub use options::{Options, Pagination};
pub use select::Selection;
pub use spec::files::{DirFiles, Files, NoFiles};

/// Reads a spec (JSON or YAML, by `file_name`'s extension, else by content) as a
/// JSON value, as the generator reads it: for tests that look at a spec beside
/// the code generated from it.
pub fn load(file_name: &str, bytes: &[u8]) -> Result<serde_json::Value, Diagnostic> {
    load::load(file_name, bytes).map(|(_, value)| value)
}

/// What the workspace's own tests and benchmark use beyond the API; not part of
/// it, and free to change.
#[doc(hidden)]
pub mod testing {
    pub use crate::names::field_name;
}

/// The result of a generation: code (stubs if the spec could not be read at all)
/// and every problem found, each located where possible.
#[derive(Debug)]
pub struct Generated {
    /// The generated items, as Rust source text (lex it with
    /// `str::parse::<proc_macro::TokenStream>`, or `syn::parse_str`).
    pub code: Code,
    /// Problems with the spec; generation failed if this is not empty.
    pub diagnostics: Vec<Diagnostic>,
    /// Schema places typed as any JSON value (`serde_json::Value`), whole spec.
    pub untyped: Vec<Untyped>,
    /// The other files the spec refers to that were read (by the paths given to
    /// [`Files::read`]), in the order first read: a build tool tracks them so an
    /// edit to any of them regenerates.
    pub files: Vec<String>,
}

/// Generates the client for a spec that is one file (a reference to another
/// file is an error: [`generate_with`] reads them). `file_name` picks JSON or
/// YAML (by extension, else by content) and names the file in diagnostics.
pub fn generate(file_name: &str, bytes: &[u8], options: &Options) -> Generated {
    generate_with(file_name, bytes, options, &NoFiles)
}

/// Generates the client for a spec that may refer to other files
/// (`$ref: ./schemas/pet.yaml#/Pet`), read through `files` by their path
/// relative to `file_name`'s directory (see [`Files`]).
///
/// ```
/// use std::collections::HashMap;
/// let root = br#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
///   "paths": {"/pets": {"get": {"operationId": "list_pets",
///     "responses": {"200": {"description": "ok", "content": {"application/json":
///       {"schema": {"$ref": "./pet.json#/Pet"}}}}}}}}}"#;
/// let files = HashMap::from([(
///     String::from("spec/pet.json"),
///     br#"{"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}"#.to_vec(),
/// )]);
/// let out = cde_codegen::generate_with("spec/api.json", root, &Default::default(), &files);
/// assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
/// assert_eq!(out.files, ["spec/pet.json"]);
/// assert!(out.code.as_str().contains("pub struct Pet"));
/// ```
pub fn generate_with(
    file_name: &str,
    bytes: &[u8],
    options: &Options,
    files: &dyn Files,
) -> Generated {
    let (source, mut doc) = match load::load(file_name, bytes) {
        Ok(loaded) => loaded,
        Err(diag) => return failed(vec![diag], None),
    };
    let mut sink = Diagnostics::default();
    let version = match spec::version::check(&doc) {
        Ok(version) => version,
        Err(diag) => {
            sink.push(*diag);
            return failed(sink.finish(source, &Default::default()).errors, Some(&doc));
        }
    };
    let bundle = spec::files::bundle(file_name, &mut doc, files, &mut sink);
    spec::refs::canonical_refs(&mut doc, &mut sink);
    let normalized = spec::normalize::normalize(&mut doc, version);
    for note in normalized.notes() {
        sink.note(note);
    }
    sink.renumbered(normalized.moved);
    let examples = options.examples || options.mock;
    let mut api = model::build_for(
        &doc,
        version,
        &normalized.type_lists,
        &options.pagination,
        examples,
        &mut sink,
    );
    for selector in options.select.unmatched(&api) {
        sink.push(Diagnostic::global(format!(
            "the operation selection names {selector}, which no operation of the spec has"
        )));
    }
    select::apply(&mut api, &options.select, options.all_schemas);
    // A type copied from another file says which file it comes from.
    for def in &mut api.types {
        if let Some((file, pointer)) = bundle.to_file(&def.pointer) {
            def.pointer = format!("{}{pointer}", bundle.files[file].path);
        }
    }
    let report = sink.finish(source, &bundle);
    let plan = plan::plan(&api, options.mock, options.examples);
    let code = emit::emit(
        &api,
        &plan,
        &report.notes,
        emit::EmitOptions {
            examples: options.examples,
            mock: options.mock,
        },
    );
    Generated {
        code,
        diagnostics: report.errors,
        untyped: report.untyped,
        files: bundle.files.into_iter().map(|f| f.path).collect(),
    }
}

/// Generates and formats the code (for snapshots and review), or returns the
/// diagnostics. The `mock` module, which the macro wraps in
/// `::cde_runtime::__mock_items!` (kept only with cde-runtime's `mock` feature), is
/// shown unwrapped.
pub fn generate_formatted(
    file_name: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<String, Vec<Diagnostic>> {
    generate_formatted_with(file_name, bytes, options, &NoFiles)
}

/// [`generate_formatted`] for a spec that may refer to other files, read
/// through `files` (as [`generate_with`] reads them).
pub fn generate_formatted_with(
    file_name: &str,
    bytes: &[u8],
    options: &Options,
    files: &dyn Files,
) -> Result<String, Vec<Diagnostic>> {
    let generated = generate_with(file_name, bytes, options, files);
    if !generated.diagnostics.is_empty() {
        return Err(generated.diagnostics);
    }
    let internal = |err: syn::Error| {
        vec![Diagnostic::global(format!(
            "internal error: generated code does not parse: {err}"
        ))]
    };
    let mut file: syn::File = syn::parse_str(generated.code.as_str()).map_err(internal)?;
    // The formatter leaves macro bodies alone: show the feature-gated mock module's
    // items in place, formatted, instead of inside `__mock_items! { ... }`.
    let mut items = Vec::with_capacity(file.items.len());
    for item in std::mem::take(&mut file.items) {
        match item {
            syn::Item::Macro(mac)
                if mac
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "__mock_items") =>
            {
                let inner: syn::File = syn::parse2(mac.mac.tokens).map_err(internal)?;
                items.extend(inner.items);
            }
            other => items.push(other),
        }
    }
    file.items = items;
    Ok(prettyplease::unparse(&file))
}

/// The stubs emitted when the spec cannot be read at all (e.g. a missing file).
pub fn stub_code() -> Code {
    failed(Vec::new(), None).code
}

/// Stubs for the names a caller expects, so one real error is not buried under
/// "cannot find type" errors.
fn failed(diagnostics: Vec<Diagnostic>, doc: Option<&Value>) -> Generated {
    let schemas = doc.and_then(|d| {
        Components::new(Document::new(d).components())
            .schemas()
            .value
    });
    let mut schema_names: Vec<String> = schemas
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| names::type_name(k)).collect())
        .unwrap_or_default();
    let mut unique = std::collections::HashSet::new();
    schema_names.retain(|n| unique.insert(names::ident(n)));
    Generated {
        code: emit::stubs(&schema_names),
        diagnostics,
        untyped: Vec::new(),
        files: Vec::new(),
    }
}
