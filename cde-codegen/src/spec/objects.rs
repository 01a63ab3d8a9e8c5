//! Typed, borrowed views of the OpenAPI objects other than the Schema Object:
//! the document and its info, servers and components, operations, parameters,
//! request bodies, media types, examples, responses and security schemes. Each
//! field the generator reads is named here and nowhere else; a view never
//! decides, it only reads.

use crate::doc::{Map, Value};

/// A member of an object: its field name (for pointers and messages) and its
/// value, if present. What must be an object is checked by the pass that needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    /// The field's name as written in the document.
    pub name: &'static str,
    /// Its value, if the field is present.
    pub value: Option<&'a Value>,
}

fn member<'a>(node: &'a Value, name: &'static str) -> Member<'a> {
    Member {
        name,
        value: node.get(name),
    }
}

fn text<'a>(node: &'a Value, name: &str) -> Option<&'a str> {
    node.get(name).and_then(Value::as_str)
}

fn flag(node: &Value, name: &str) -> bool {
    node.get(name) == Some(&Value::Bool(true))
}

/// Declares a view type: a copyable wrapper of a document node.
macro_rules! view {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub(crate) struct $name<'a>(&'a Value);

        impl<'a> $name<'a> {
            /// The view of a node.
            pub fn new(node: &'a Value) -> Self {
                Self(node)
            }
        }
    };
}

view!(
    /// The OpenAPI Object: the document's root.
    Document
);
view!(
    /// The Info Object.
    Info
);
view!(
    /// A Server Object.
    Server
);
view!(
    /// The Components Object.
    Components
);
view!(
    /// A Path Item Object.
    PathItem
);
view!(
    /// An Operation Object.
    Operation
);
view!(
    /// A Parameter Object.
    Parameter
);
view!(
    /// A Request Body Object.
    RequestBody
);
view!(
    /// A Media Type Object.
    MediaType
);
view!(
    /// An Example Object.
    Example
);
view!(
    /// A Response Object.
    Response
);
view!(
    /// A Security Scheme Object.
    SecurityScheme
);
view!(
    /// A Reference Object, or any node that may be one.
    Reference
);
view!(
    /// The `x-pagination` extension of an operation: how it pages.
    PaginationDecl
);

impl<'a> Document<'a> {
    /// `info`, as written.
    pub fn info(self) -> Option<&'a Value> {
        self.0.get("info")
    }

    /// The first of `servers`, if it is a list with one.
    pub fn first_server(self) -> Option<Server<'a>> {
        first_server(self.0)
    }

    /// `paths`.
    pub fn paths(self) -> Member<'a> {
        member(self.0, "paths")
    }

    /// `webhooks` (3.1): the requests the API sends, by name.
    pub fn webhooks(self) -> Member<'a> {
        member(self.0, "webhooks")
    }

    /// `components` (`null` when absent).
    pub fn components(self) -> &'a Value {
        self.0.get("components").unwrap_or(&Value::Null)
    }

    /// The document-wide `security`, as written.
    pub fn security(self) -> Option<&'a Value> {
        self.0.get("security")
    }

    /// `tags`: each Tag Object's `name`, `summary` (3.2), `parent` (3.2) and
    /// `kind` (3.2), those without a name left out.
    pub fn tags(self) -> impl Iterator<Item = TagFields<'a>> {
        self.0
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|tag| {
                Some(TagFields {
                    name: text(tag, "name")?,
                    summary: text(tag, "summary"),
                    parent: text(tag, "parent"),
                    kind: text(tag, "kind"),
                })
            })
    }
}

/// What a Tag Object says.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TagFields<'a> {
    /// `name`.
    pub name: &'a str,
    /// `summary` (3.2).
    pub summary: Option<&'a str>,
    /// `parent` (3.2): the name of the tag it is nested under.
    pub parent: Option<&'a str>,
    /// `kind` (3.2): what the tag is for (`nav`, `badge`, `audience`, ...).
    pub kind: Option<&'a str>,
}

impl<'a> Info<'a> {
    /// `title`.
    pub fn title(self) -> Option<&'a str> {
        text(self.0, "title")
    }

    /// `version`, as written (a string, though some documents write a number).
    pub fn version(self) -> Option<&'a Value> {
        self.0.get("version")
    }

    /// `description`.
    pub fn description(self) -> Option<&'a str> {
        text(self.0, "description")
    }
}

/// The first of an object's `servers` (the document's, a path item's or an
/// operation's), if it is a list with one.
pub(crate) fn first_server(object: &Value) -> Option<Server<'_>> {
    object.get("servers")?.as_array()?.first().map(Server::new)
}

impl<'a> Server<'a> {
    /// The URL with each variable replaced by its `default`.
    pub fn resolved_url(self) -> Option<String> {
        let mut url = self.url()?.to_owned();
        for (name, default) in self.variable_defaults() {
            url = url.replace(&format!("{{{name}}}"), default);
        }
        Some(url)
    }

    /// `url`.
    pub fn url(self) -> Option<&'a str> {
        text(self.0, "url")
    }

    /// Each of `variables` with its `default`, when it has one.
    pub fn variable_defaults(self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.0
            .get("variables")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(Map::iter)
            .filter_map(|(name, variable)| Some((name.as_str(), text(variable, "default")?)))
    }
}

impl<'a> Components<'a> {
    /// `schemas`.
    pub fn schemas(self) -> Member<'a> {
        member(self.0, "schemas")
    }

    /// `securitySchemes` (`null` when absent).
    pub fn security_schemes(self) -> &'a Value {
        self.0.get("securitySchemes").unwrap_or(&Value::Null)
    }
}

/// The fields of a Path Item Object that hold an operation, each named after
/// its HTTP method (`query`: OpenAPI 3.2).
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// An operation of a path item, as [`PathItem::operations`] finds it.
#[derive(Debug, Clone)]
pub(crate) struct ItemOperation<'a> {
    /// Its pointer below the path item's (`/get`, `/additionalOperations/COPY`).
    pub at: String,
    /// The HTTP method: a fixed field's, upper case; an additional
    /// operation's, as written.
    pub method: String,
    /// Under `additionalOperations` (OpenAPI 3.2).
    pub additional: bool,
    /// The Operation Object (not yet checked to be an object).
    pub value: &'a Value,
}

impl<'a> PathItem<'a> {
    /// Its operations: the fixed method fields in the specification's order,
    /// then `additionalOperations` (3.2) in document order.
    pub fn operations(self) -> Vec<ItemOperation<'a>> {
        let fixed = METHODS.iter().filter_map(|&method| {
            Some(ItemOperation {
                at: crate::diag::join("", method),
                method: method.to_ascii_uppercase(),
                additional: false,
                value: self.0.get(method)?,
            })
        });
        let additional = self
            .0
            .get("additionalOperations")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(method, _)| !super::vocab::is_extension(method))
            .map(|(method, value)| ItemOperation {
                at: crate::diag::join("/additionalOperations", method),
                method: method.clone(),
                additional: true,
                value,
            });
        fixed.chain(additional).collect()
    }

    /// Whether a fixed field holds the operation of `method` (any case).
    pub fn has_fixed(self, method: &str) -> bool {
        let lower = method.to_ascii_lowercase();
        METHODS.contains(&lower.as_str()) && self.0.get(&lower).is_some()
    }

    /// `parameters`: those every operation of the path shares.
    pub fn parameters(self) -> Member<'a> {
        member(self.0, "parameters")
    }
}

impl<'a> Operation<'a> {
    /// `operationId`, as written.
    pub fn operation_id(self) -> Member<'a> {
        member(self.0, "operationId")
    }

    /// `parameters`.
    pub fn parameters(self) -> Member<'a> {
        member(self.0, "parameters")
    }

    /// `requestBody`.
    pub fn request_body(self) -> Member<'a> {
        member(self.0, "requestBody")
    }

    /// `responses`.
    pub fn responses(self) -> Member<'a> {
        member(self.0, "responses")
    }

    /// `security`, as written (overrides the document's).
    pub fn security(self) -> Member<'a> {
        member(self.0, "security")
    }

    /// `summary`.
    pub fn summary(self) -> Option<&'a str> {
        text(self.0, "summary")
    }

    /// `description`.
    pub fn description(self) -> Option<&'a str> {
        text(self.0, "description")
    }

    /// The strings of `tags`.
    pub fn tags(self) -> impl Iterator<Item = &'a str> {
        self.0
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    /// `deprecated: true`.
    pub fn deprecated(self) -> bool {
        flag(self.0, "deprecated")
    }

    /// The `x-pagination` extension: how the operation pages.
    pub fn x_pagination(self) -> Member<'a> {
        member(self.0, "x-pagination")
    }
}

impl<'a> Parameter<'a> {
    /// `name`.
    pub fn name(self) -> Option<&'a str> {
        text(self.0, "name")
    }

    /// `in`.
    pub fn location(self) -> Member<'a> {
        member(self.0, "in")
    }

    /// `in`, when it is a string.
    pub fn location_text(self) -> Option<&'a str> {
        text(self.0, "in")
    }

    /// Whether OpenAPI says to ignore this parameter: a header parameter
    /// named `Accept`, `Content-Type` or `Authorization` (in any case, as
    /// header names are), headers that the media types and the security
    /// schemes set.
    pub fn is_ignored(self) -> bool {
        const SET_ELSEWHERE: [&str; 3] = ["accept", "content-type", "authorization"];
        self.location_text() == Some("header")
            && self
                .name()
                .is_some_and(|name| SET_ELSEWHERE.iter().any(|h| name.eq_ignore_ascii_case(h)))
    }

    /// Whether `self` and `other` are the same parameter (an operation's
    /// overrides the path item's): the same location and name, a header's
    /// name in any case, as HTTP compares header names.
    pub fn same_as(self, other: Parameter<'_>) -> bool {
        let location = self.location_text();
        location == other.location_text()
            && match (self.name(), other.name()) {
                (Some(a), Some(b)) if location == Some("header") => a.eq_ignore_ascii_case(b),
                (a, b) => a == b,
            }
    }

    /// `required`.
    pub fn required(self) -> Member<'a> {
        member(self.0, "required")
    }

    /// Whether `required: true`.
    pub fn is_required(self) -> bool {
        flag(self.0, "required")
    }

    /// `schema`.
    pub fn schema(self) -> Member<'a> {
        member(self.0, "schema")
    }

    /// `content`.
    pub fn content(self) -> Member<'a> {
        member(self.0, "content")
    }

    /// `style`.
    pub fn style(self) -> Option<&'a str> {
        text(self.0, "style")
    }

    /// `explode`, when it is a boolean.
    pub fn explode(self) -> Option<bool> {
        self.0.get("explode").and_then(Value::as_bool)
    }

    /// `example`.
    pub fn example(self) -> Member<'a> {
        member(self.0, "example")
    }

    /// `description`.
    pub fn description(self) -> Option<&'a str> {
        text(self.0, "description")
    }
}

impl<'a> RequestBody<'a> {
    /// `content`.
    pub fn content(self) -> Member<'a> {
        member(self.0, "content")
    }

    /// Whether `required: true`.
    pub fn is_required(self) -> bool {
        flag(self.0, "required")
    }

    /// `description`.
    pub fn description(self) -> Option<&'a str> {
        text(self.0, "description")
    }
}

impl<'a> MediaType<'a> {
    /// `schema`.
    pub fn schema(self) -> Member<'a> {
        member(self.0, "schema")
    }

    /// `itemSchema` (3.2): the schema of each item of a sequential body.
    pub fn item_schema(self) -> Member<'a> {
        member(self.0, "itemSchema")
    }

    /// `example`.
    pub fn example(self) -> Member<'a> {
        member(self.0, "example")
    }

    /// `examples`, when it is an object: name to Example Object (or reference).
    pub fn examples(self) -> Option<(&'static str, &'a Map)> {
        self.0
            .get("examples")
            .and_then(Value::as_object)
            .map(|examples| ("examples", examples))
    }

    /// `encoding`.
    pub fn encoding(self) -> Member<'a> {
        member(self.0, "encoding")
    }
}

impl<'a> Example<'a> {
    /// `value`.
    pub fn value(self) -> Member<'a> {
        member(self.0, "value")
    }
}

impl<'a> Response<'a> {
    /// `content`, when it is an object: media type to Media Type Object.
    pub fn content(self) -> Option<(&'static str, &'a Map)> {
        self.0
            .get("content")
            .and_then(Value::as_object)
            .map(|content| ("content", content))
    }

    /// `description`.
    pub fn description(self) -> Option<&'a str> {
        text(self.0, "description")
    }
}

impl<'a> SecurityScheme<'a> {
    /// `type`.
    pub fn kind(self) -> Option<&'a str> {
        text(self.0, "type")
    }

    /// `scheme` (of an `http` scheme).
    pub fn http_scheme(self) -> Option<&'a str> {
        text(self.0, "scheme")
    }

    /// `name` (of an `apiKey` scheme).
    pub fn name(self) -> Option<&'a str> {
        text(self.0, "name")
    }

    /// `in` (of an `apiKey` scheme).
    pub fn location(self) -> Option<&'a str> {
        text(self.0, "in")
    }
}

impl<'a> Reference<'a> {
    /// `$ref`, when it is a string.
    pub fn target(self) -> Option<&'a str> {
        text(self.0, "$ref")
    }
}

/// A pagination declaration's fields, wherever it was written.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PaginationFields<'x> {
    /// `style`: offset, cursor or link.
    pub style: Option<&'x str>,
    /// `items`: the pointer to a page's items.
    pub items: Option<&'x str>,
    /// `offset-param`.
    pub offset_param: Option<&'x str>,
    /// `limit-param`.
    pub limit_param: Option<&'x str>,
    /// `default-limit`.
    pub default_limit: Option<u64>,
    /// `next`: the pointer to the next-page marker.
    pub next: Option<&'x str>,
    /// `cursor-param`.
    pub cursor_param: Option<&'x str>,
    /// `cursor-from`: the pointer, in the last item, to the cursor.
    pub cursor_from: Option<&'x str>,
    /// `has-more`: the pointer to the "more pages" flag.
    pub has_more: Option<&'x str>,
}

impl<'a> PaginationDecl<'a> {
    /// The declaration's fields (the `x-pagination` keys, kebab-case).
    pub fn fields(self) -> PaginationFields<'a> {
        PaginationFields {
            style: text(self.0, "style"),
            items: text(self.0, "items"),
            offset_param: text(self.0, "offset-param"),
            limit_param: text(self.0, "limit-param"),
            default_limit: self.0.get("default-limit").and_then(Value::as_u64),
            next: text(self.0, "next"),
            cursor_param: text(self.0, "cursor-param"),
            cursor_from: text(self.0, "cursor-from"),
            has_more: text(self.0, "has-more"),
        }
    }
}
