//! `generate_client!`: a typed, async Rust client from an OpenAPI 3.0, 3.1 or 3.2 document, at
//! compile time.
//!
//! ```ignore
//! cde_macros::generate_client!("../spec/cde-api.yaml");
//! ```
//!
//! The path is relative to the calling crate's `Cargo.toml` directory; JSON and YAML
//! are both accepted. Cargo rebuilds the crate when the file, or any file it refers
//! to, changes. The macro expands to a `Client`, a `types` module and an
//! `operations` module; the generated code names only `::cde_runtime` paths, so the
//! calling crate needs exactly two dependencies: `cde-macros` and `cde-runtime`.
//!
//! Options may follow the path:
//! - `examples = true` also emits `examples::check_all()`, which round-trips every
//!   example in the spec through its generated type (for tests);
//! - `mock = true` also emits a `mock` module: a mock server of the API (typed
//!   requests, documented examples as default answers, typed handlers), compiled
//!   only when cde-runtime's `mock` feature is enabled, so client-only builds pay
//!   nothing;
//! - `tags = ["repos"]`, `operations = ["list_pets"]`, `paths = ["/pets"]` generate
//!   only the operations with one of those tags, operationIds or path prefixes
//!   (any of them), and only the types they reach; names stay what the whole spec
//!   gives them;
//! - `all_schemas = true` keeps every schema of `components/schemas`; by default
//!   only the schemas some generated operation reaches become types (a spec's
//!   webhook payloads, say, are left out);
//! - `pagination = { list_pets = { style = "cursor", cursor_param = "after", .. } }`
//!   declares how operations paginate, for specs you cannot edit: per operationId
//!   (an identifier, or a string literal such as `"repos/list-for-org"`), the
//!   declaration of the `x-pagination` operation extension with its keys in
//!   snake_case (`style`, `items`, `offset_param`, `limit_param`, `default_limit`,
//!   `next`, `cursor_param`, `cursor_from`, `has_more`; see the README).
//!
//! Every problem with the spec is a compile error naming the file, the JSON pointer
//! and the line and column; independent problems are reported together.
//!
//! This crate is thin on purpose: the generator is the `cde-codegen` library.

#![forbid(unsafe_code)]

use std::path::PathBuf;

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{LitBool, LitStr, Token};

struct Args {
    path: LitStr,
    options: cde_codegen::Options,
}

/// The options the macro takes after the path, as its error messages list them.
const OPTIONS: &str = "`examples = true|false`, `mock = true|false`, `all_schemas = true|false`, `pagination = { .. }`, `tags = [..]`, `operations = [..]` and `paths = [..]`";

/// The keys of one operation's `pagination` declaration.
const PAGINATION_KEYS: &str = "`style`, `items`, `offset_param`, `limit_param`, `default_limit`, `next`, `cursor_param`, `cursor_from` and `has_more`";

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected the spec path as a string literal, e.g. `generate_client!(\"../spec/api.yaml\")`",
            )
        })?;
        let mut options = cde_codegen::Options::default();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse().map_err(|err| {
                syn::Error::new(err.span(), "expected an option such as `examples = true`")
            })?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "examples" => options.examples = input.parse::<LitBool>()?.value,
                "mock" => options.mock = input.parse::<LitBool>()?.value,
                "all_schemas" => options.all_schemas = input.parse::<LitBool>()?.value,
                "tags" => options.select.tags = string_list(input)?,
                "operations" => options.select.operations = string_list(input)?,
                "paths" => options.select.path_prefixes = string_list(input)?,
                "pagination" => options.pagination = pagination(input)?,
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown option `{other}`; the supported options are {OPTIONS}"),
                    ));
                }
            }
        }
        Ok(Self { path, options })
    }
}

/// A bracketed list of string literals: `["a", "b"]`.
fn string_list(input: ParseStream<'_>) -> syn::Result<Vec<String>> {
    let content;
    syn::bracketed!(content in input);
    let items = content.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
    Ok(items.iter().map(LitStr::value).collect())
}

/// `pagination = { list_pets = { style = "cursor", .. }, "repos/list" = { .. } }`:
/// per operationId, its declaration. The JSON string the option once took is
/// refused with the same declarations written as tokens.
fn pagination(input: ParseStream<'_>) -> syn::Result<Vec<(String, cde_codegen::Pagination)>> {
    if input.peek(LitStr) {
        let old: LitStr = input.parse()?;
        return Err(syn::Error::new(
            old.span(),
            json_pagination_message(&old.value()),
        ));
    }
    let content;
    syn::braced!(content in input);
    let mut out = Vec::new();
    while !content.is_empty() {
        let id = if content.peek(LitStr) {
            content.parse::<LitStr>()?.value()
        } else {
            content
                .parse::<syn::Ident>()
                .map_err(|err| {
                    syn::Error::new(
                        err.span(),
                        "expected an operationId: an identifier, or a string literal such as `\"repos/list-for-org\"`",
                    )
                })?
                .to_string()
        };
        content.parse::<Token![=]>()?;
        out.push((id, declaration(&content)?));
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(out)
}

/// One operation's declaration: `{ style = "cursor", default_limit = 50, .. }`.
fn declaration(input: ParseStream<'_>) -> syn::Result<cde_codegen::Pagination> {
    let content;
    syn::braced!(content in input);
    let mut decl = cde_codegen::Pagination::default();
    while !content.is_empty() {
        let key: syn::Ident = content.parse()?;
        if content.peek(Token![-]) {
            let mut kebab = key.to_string();
            while content.peek(Token![-]) {
                content.parse::<Token![-]>()?;
                kebab.push('-');
                kebab.push_str(&content.parse::<syn::Ident>()?.to_string());
            }
            let snake = kebab.replace('-', "_");
            return Err(syn::Error::new(
                key.span(),
                format!("pagination keys are snake_case: write `{snake}` for `{kebab}`"),
            ));
        }
        content.parse::<Token![=]>()?;
        let text = |content: ParseStream<'_>| content.parse::<LitStr>().map(|l| Some(l.value()));
        match key.to_string().as_str() {
            "style" => decl.style = text(&content)?,
            "items" => decl.items = text(&content)?,
            "offset_param" => decl.offset_param = text(&content)?,
            "limit_param" => decl.limit_param = text(&content)?,
            "default_limit" => {
                decl.default_limit = Some(content.parse::<syn::LitInt>()?.base10_parse()?)
            }
            "next" => decl.next = text(&content)?,
            "cursor_param" => decl.cursor_param = text(&content)?,
            "cursor_from" => decl.cursor_from = text(&content)?,
            "has_more" => decl.has_more = text(&content)?,
            other => {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown pagination key `{other}`; a declaration takes {PAGINATION_KEYS}"
                    ),
                ));
            }
        }
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(decl)
}

/// The error for the JSON-string form of `pagination`: the same declarations in
/// the token form when the string can be read, else the form in general.
fn json_pagination_message(json: &str) -> String {
    let general = "pagination = { list_pets = { style = \"cursor\", cursor_param = \"starting_after\", cursor_from = \"/id\", items = \"/data\", has_more = \"/has_more\" } }";
    let tokens = serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|value| {
            let operations = value.as_object()?;
            let mut written = Vec::new();
            for (id, decl) in operations {
                let mut fields = Vec::new();
                for (key, value) in decl.as_object()? {
                    let value = match value {
                        serde_json::Value::Number(n) => n.to_string(),
                        other => other.to_string(),
                    };
                    fields.push(format!("{} = {value}", key.replace('-', "_")));
                }
                let id = if syn::parse_str::<syn::Ident>(id).is_ok() {
                    id.clone()
                } else {
                    format!("{id:?}")
                };
                written.push(format!("{id} = {{ {} }}", fields.join(", ")));
            }
            Some(format!("pagination = {{ {} }}", written.join(", ")))
        });
    format!(
        "the `pagination` option takes its declarations as tokens, not as a JSON string; write `{}`",
        tokens.as_deref().unwrap_or(general)
    )
}

/// Generates a typed async client from an OpenAPI 3.0, 3.1 or 3.2 document, in one file or several (see the crate docs).
#[proc_macro]
pub fn generate_client(input: TokenStream) -> TokenStream {
    let args = match syn::parse::<Args>(input) {
        Ok(args) => args,
        Err(err) => {
            let err = err.to_compile_error();
            let stubs = lex(cde_codegen::stub_code());
            return quote!(#err #stubs).into();
        }
    };
    let written = args.path.value();
    let span = args.path.span();
    let base = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let full = base.join(&written);
    let bytes = match std::fs::read(&full) {
        Ok(bytes) => bytes,
        Err(err) => {
            let message = format!(
                "{written}: cannot read the spec file (paths are relative to the crate's Cargo.toml directory): {err}"
            );
            let err = syn::Error::new(span, message).to_compile_error();
            let stubs = lex(cde_codegen::stub_code());
            return quote!(#err #stubs).into();
        }
    };
    // The files the spec refers to are read relative to the crate's directory.
    let files = cde_codegen::DirFiles(base.clone());
    let generated = cde_codegen::generate_with(&written, &bytes, &args.options, &files);
    let errors = generated
        .diagnostics
        .iter()
        .map(|d| syn::Error::new(span, d.render(&written)).to_compile_error());
    let tokens = lex(generated.code);
    // Each file read is included, so cargo expands the macro again when any of
    // them changes.
    let tracked = std::iter::once(full)
        .chain(generated.files.iter().map(|path| base.join(path)))
        .map(|path| path.to_string_lossy().into_owned());
    quote! {
        #(const _: &[u8] = include_bytes!(#tracked);)*
        #(#errors)*
        #tokens
    }
    .into()
}

/// Lexes generated source text once, in the compiler; text that does not lex (a
/// generator bug) becomes a compile error instead of a panic.
fn lex(code: cde_codegen::Code) -> proc_macro2::TokenStream {
    code.lex().unwrap_or_else(|err: proc_macro2::LexError| {
        let message = format!("internal error: the generated code does not lex: {err}");
        syn::Error::new(proc_macro2::Span::call_site(), message).to_compile_error()
    })
}
