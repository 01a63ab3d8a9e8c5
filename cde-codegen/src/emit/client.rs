//! The `Client`: one method per operation (and one per other media type of a
//! required body), and the example checks.

use crate::code;
use crate::code::Code;

use super::*;

/// The `Client` struct, its builder entry points and a method per operation;
/// `notes` (the spec defects generation worked around) are listed in its docs.
pub(super) fn client(api: &Api, notes: &[String]) -> Code {
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
    // The API key schemes the operations take: `build()` refuses a key for
    // any other (a misspelt scheme would leave every request without it).
    let mut api_key_schemes: Vec<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten())
        .filter_map(|scheme| match scheme {
            SchemeDef::ApiKey { scheme, .. } => Some(scheme.as_str()),
            SchemeDef::Bearer | SchemeDef::Basic => None,
        })
        .collect();
    api_key_schemes.sort_unstable();
    api_key_schemes.dedup();
    let api_key_schemes = api_key_schemes.into_iter().map(lit_str);
    let methods = api.operations.iter().map(|op| methods(&w, op));
    let mut listed = String::new();
    if !notes.is_empty() {
        listed.push_str("\n\n# Notes on the spec\n\nThese spec defects did not stop generation:\n");
        for note in notes {
            listed.push_str(&format!("\n- {note}"));
        }
    }
    let summary = format!(
        "A client for {} {}, generated from its OpenAPI document.\n\nCheap to clone: clones share one connection pool. Build one with [`Client::builder`].{}{}",
        api.title,
        api.version,
        tag_tree(api),
        listed
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
                    .api_key_schemes(&[#(#api_key_schemes),*])
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

/// The operations grouped by tag, when the document nests its tags (3.2
/// `parent`): each tag with its summary, its child tags and its operations'
/// methods, as a nested list. Empty otherwise.
fn tag_tree(api: &Api) -> String {
    if !api.tags.iter().any(|tag| tag.parent.is_some()) {
        return String::new();
    }
    let mut out = String::from("\n\n# Operations by tag\n");
    // An explicit stack, children in document order: (tag, depth).
    let mut stack: Vec<(&Tag, usize)> = api
        .tags
        .iter()
        .filter(|tag| tag.parent.is_none())
        .rev()
        .map(|tag| (tag, 0))
        .collect();
    while let Some((tag, depth)) = stack.pop() {
        let indent = "  ".repeat(depth);
        out.push_str(&format!("\n{indent}- **{}**", tag.name));
        if let Some(summary) = &tag.summary {
            out.push_str(&format!(": {summary}"));
        }
        for op in api
            .operations
            .iter()
            .filter(|op| op.tags.contains(&tag.name))
        {
            out.push_str(&format!(
                "\n{indent}  - [`{}`](Self::{})",
                op.method_name, op.method_name
            ));
        }
        let children = api
            .tags
            .iter()
            .filter(|child| child.parent.as_deref() == Some(tag.name.as_str()));
        let children: Vec<&Tag> = children.collect();
        stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
    }
    out
}

/// The `Client` methods of `op`: the one that starts its builder, and with a
/// required body that may go as several media types, one per other media type.
fn methods(w: &TyWriter<'_>, op: &Operation) -> Code {
    let method = ident(&op.method_name);
    let builder = ident(&op.type_name);
    let doc = op_doc(w.api, op);
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
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| b.required && !b.alternatives.is_empty())
    {
        let list: Vec<String> = body
            .alternatives
            .iter()
            .filter_map(|c| {
                Some(format!(
                    "[`{}`](Self::{})",
                    c.media_type,
                    c.constructor.as_ref()?.name
                ))
            })
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
            let name = ident(&constructor.name);
            let setter = ident(&choice.setter);
            let ty = input_body_ty(w, &choice.kind, &choice.ty);
            let line = format!(
                "`{} {}` (operationId `{}`) with the body sent as `{}` instead of `{}`: see [`operations::{}::{}`].",
                op.http_method,
                op.path,
                op.id,
                choice.media_type,
                body.media_type,
                op.type_name,
                choice.setter
            );
            let doc = docs(&[op.summary.as_deref(), Some(&line)]);
            let (body_args, give) = if let Some(content_type) = &constructor.content_type {
                let content_type = ident(content_type);
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
        let ty = input_body_ty(w, &body.kind, &body.ty);
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
}

/// The example checks: every example of the spec decoded into its type and
/// encoded back (responses also through their status and media type).
pub(super) fn examples(w: &TyWriter<'_>, checks: &[ExampleCheck<'_>]) -> Code {
    let checks = checks.iter().map(|ExampleCheck { example: e, status }| {
        let pointer = lit_str(&e.pointer);
        let json = lit_str(&e.value.to_string());
        let ty = w.json_ty(&e.ty);
        let body = code!((#pointer, ::cde_runtime::__private::roundtrip::<#ty>(#json)),);
        let (Some(response), Some(status)) = (&e.response, status) else {
            return body;
        };
        let resp = ident(&response.response_type);
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
