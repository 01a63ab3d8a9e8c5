//! The intermediate representation: what the emitters read. Nothing here refers to
//! the document; every name is final and unique in its scope.

mod responses;

pub use responses::{Framing, ResponseDef, StatusKey, StreamDef};

/// A name: a JSON key or value, or a Rust identifier.
pub type Name = String;

/// A type of the type table ([`Api::types`]), by its place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(usize);

impl TypeId {
    /// The type at `index` of the table.
    pub fn new(index: usize) -> Self {
        Self(index)
    }

    /// Its place in [`Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `uuid::Uuid`.
    Uuid,
    /// A date-time that keeps its offset.
    DateTime,
    /// A calendar date.
    Date,
    /// Raw bytes (`format: binary`).
    Binary,
    /// A string that is a secret (`format: password`): never shown by `Debug`.
    Secret,
    /// Bytes carried in JSON as base64 text (`contentEncoding: base64`; with
    /// `url`, `base64url`).
    Base64 {
        /// The URL-safe alphabet without padding (`base64url`).
        url: bool,
    },
    /// Any JSON value (also null).
    Any,
    /// Only `null` (`type: "null"`, `enum: [null]`): `()`.
    Null,
    /// A JSON array.
    Array(Box<Ty>),
    /// A JSON array whose first members each have a type (`prefixItems`).
    Tuple {
        /// The members' types, in order.
        prefix: Vec<Ty>,
        /// The type of the members after them (`items`, any value when absent);
        /// `None` when there are none (`items: false`, or `maxItems` at most the
        /// prefix's length).
        rest: Option<Box<Ty>>,
    },
    /// A JSON object with arbitrary keys.
    Map(Box<Ty>),
    /// A generated type of [`Api::types`].
    Named(TypeId),
    /// A value that may be null.
    Nullable(Box<Ty>),
    /// No body.
    Unit,
}

/// The most alias links [`peel`] follows before giving up: an alias may (wrongly)
/// refer to itself, and real specs chain two or three.
pub const MAX_ALIAS_CHAIN: usize = 64;

/// What `ty` stands for with nullability and aliases peeled off (a named struct,
/// enum or union, an array, a primitive), following at most [`MAX_ALIAS_CHAIN`]
/// links; `None` past that, or for an id outside `types`. The one walk along alias
/// chains.
pub fn peel<'t>(types: &'t [TypeDef], mut ty: &'t Ty) -> Option<&'t Ty> {
    for _ in 0..MAX_ALIAS_CHAIN {
        match ty {
            Ty::Nullable(inner) => ty = inner,
            Ty::Named(id) => match &types.get(id.index())?.kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return Some(ty),
            },
            _ => return Some(ty),
        }
    }
    None
}

/// The kind of the named type `ty` stands for once [`peel`]ed, if it is one.
pub fn peeled_kind<'t>(types: &'t [TypeDef], ty: &'t Ty) -> Option<&'t TypeKind> {
    match peel(types, ty)? {
        Ty::Named(id) => types.get(id.index()).map(|t| &t.kind),
        _ => None,
    }
}

impl Ty {
    /// Wraps in `Nullable`, without doubling and not around `Any` (which holds null).
    pub fn nullable(self) -> Ty {
        match self {
            Ty::Nullable(_) | Ty::Any => self,
            other => Ty::Nullable(Box::new(other)),
        }
    }

    /// Splits off one level of nullability.
    pub fn strip_nullable(&self) -> (&Ty, bool) {
        match self {
            Ty::Nullable(inner) => (inner, true),
            other => (other, false),
        }
    }
}

/// String constraints of a validated newtype.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
}

/// Numeric bounds of a parameter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bounds {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

impl Bounds {
    /// Whether any bound is set.
    pub fn is_empty(&self) -> bool {
        self.minimum.is_none() && self.maximum.is_none() && self.multiple_of.is_none()
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub json_name: Name,
    /// The Rust identifier (unique in the struct).
    pub rust_name: Name,
    /// The type, nullability included.
    pub ty: Ty,
    /// Whether the key must be present.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// Whether the field refers back to its own struct without indirection.
    pub boxed: bool,
    /// Whether this is the map of the members `properties` does not name (the
    /// schema gives `additionalProperties` beside `properties`); `json_name` is empty.
    pub rest: bool,
}

/// A variant of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The Rust identifier.
    pub rust_name: Name,
    /// The value on the wire.
    pub value: Name,
}

/// A branch of a union (`oneOf` / `anyOf`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust identifier: a variant of a [`TypeKind::Union`] enum, a field of a
    /// [`TypeKind::AnyOf`] struct.
    pub rust_name: Name,
    /// The branch's type.
    pub ty: Ty,
    /// Whether the branch's type refers back to the union without indirection.
    pub boxed: bool,
    /// The branch's position in `oneOf`/`anyOf`.
    pub index: usize,
    /// With a `discriminator` (or a `const` each branch gives one property):
    /// the property and the values that select this branch.
    pub tag: Option<(String, Vec<TagValue>)>,
    /// For a union of a 3.1 `type` list: the JSON token this branch alone
    /// takes. When every branch has one, the token picks the branch.
    pub token: Option<Token>,
    /// Whether the discriminator's `defaultMapping` (3.2) names this branch: a
    /// value whose tag is absent or names no branch decodes as it.
    pub fallback: bool,
    /// For a branch of an `anyOf` struct: whether it gets a `From` impl (no other
    /// branch has its Rust type, and it is not the struct itself).
    pub from: bool,
    /// For a branch of an `anyOf` struct: the constructor making a value of this
    /// branch alone (`from_<field>`).
    pub constructor: Option<Name>,
}

/// A value of a union's tag property that selects a branch.
#[derive(Debug, Clone, PartialEq)]
pub enum TagValue {
    /// A string (every `discriminator` value, most `const` tags).
    String(String),
    /// An integer `const`.
    Integer(i64),
    /// A boolean `const`.
    Boolean(bool),
}

/// The kind of JSON token a value starts with, as far as a 3.1 `type` list
/// tells its branches apart (`integer` and `number` are both a number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// A string.
    String,
    /// A number (`integer` or `number`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// What a generated type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields.
    Struct {
        /// The fields, in document order.
        fields: Vec<Field>,
    },
    /// A string enum that keeps unknown values.
    StringEnum {
        /// The documented values.
        values: Vec<EnumValue>,
        /// The identifier of the fallback variant.
        unknown: Name,
        /// Made from a `const` (3.1): a value it does not list is refused before
        /// a request is sent (still kept, as `Unknown`, when decoded).
        closed: bool,
    },
    /// A validated string.
    Newtype(Constraints),
    /// An untagged union; the first variant that decodes wins.
    Union {
        /// The branches, in document order.
        variants: Vec<UnionVariant>,
        /// When every branch has a tag and no `defaultMapping` names one: the
        /// identifier of the variant that keeps, as JSON, a value whose tag names
        /// no branch (a branch a newer server added breaks no client).
        unknown: Option<Name>,
    },
    /// An `anyOf` (without `discriminator`) whose branches can match the same JSON
    /// value: a struct of one optional field per branch, each set when the value
    /// decodes as that branch.
    AnyOf(Vec<UnionVariant>),
    /// A type alias.
    Alias(Ty),
    /// A `multipart/form-data` body: fields sent as parts (binary ones as files).
    Form {
        /// The fields, in document order.
        fields: Vec<Field>,
        /// The body's `encoding` entries, in document order.
        encoding: Vec<Encoding>,
    },
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name (unique).
    pub name: Name,
    /// Where it comes from.
    pub pointer: String,
    /// Documentation.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
    /// The whole query string (OpenAPI 3.2 `in: querystring`).
    QueryString {
        /// Written as form pairs (its media type is
        /// `application/x-www-form-urlencoded`), else as the value's text.
        form: bool,
    },
}

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub name: Name,
    /// The Rust identifier (unique among the operation's inputs).
    pub rust_name: Name,
    /// Where it goes.
    pub location: Location,
    /// Whether it is required.
    pub required: bool,
    /// Its type (never `Nullable` at the top).
    pub ty: Ty,
    /// Query style.
    pub style: QueryStyle,
    /// Numeric bounds checked before sending.
    pub bounds: Bounds,
    /// The schema's `default`, if any.
    pub default: Option<serde_json::Value>,
    /// Documentation.
    pub doc: Option<String>,
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON (`application/json`, `+json`).
    Json,
    /// Text (`text/*`).
    Text,
    /// Raw bytes (anything else).
    Binary,
    /// `multipart/form-data`: a form type's fields as parts.
    Multipart,
    /// `application/x-www-form-urlencoded`: the typed value as form pairs, nested
    /// objects and arrays as `key[sub]` and `key[0]` (request bodies only).
    UrlEncoded,
    /// No body.
    Empty,
}

/// One property's entry in a form body's `encoding` map (the OpenAPI Encoding
/// Object), checked, with the defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoding {
    /// The property's name.
    pub property: Name,
    /// The property's type (`Any` when the body's schema does not name it).
    pub ty: Ty,
    /// `style` and `explode` (`application/x-www-form-urlencoded` only); no
    /// `style` is `form`, whose `explode` defaults to true.
    pub style: QueryStyle,
    /// `allowReserved` (`application/x-www-form-urlencoded` only).
    pub allow_reserved: bool,
    /// `contentType` split at its commas: media types and ranges, in order
    /// (`multipart/form-data` only); empty when not given.
    pub content_type: Vec<String>,
}

/// The `encoding` entries of a form-urlencoded body that change how a property is
/// written: all but `style: deepObject` without `allowReserved`, which is what a
/// property without an entry gets.
pub fn styled_encodings(encoding: &[Encoding]) -> Vec<&Encoding> {
    encoding
        .iter()
        .filter(|e| e.style != QueryStyle::DeepObject || e.allow_reserved)
        .collect()
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The media type sent.
    pub media_type: String,
    /// The encoding.
    pub kind: BodyKind,
    /// The Rust type.
    pub ty: Ty,
    /// Whether it is required.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// The `encoding` entries of an `application/x-www-form-urlencoded` body, in
    /// document order (a multipart body's are on its form type).
    pub encoding: Vec<Encoding>,
    /// The variant of the mock request's body enum for this media type (used when
    /// there are alternatives).
    pub variant: Name,
    /// The other media types `content` lists, in document order: each one the
    /// caller may send instead.
    pub alternatives: Vec<BodyChoice>,
    /// With a required body and alternatives: the request builder's function that
    /// starts a request without its body (for the `Client` constructors of the
    /// alternatives), unique among the operation's inputs.
    pub bare: Option<Name>,
}

/// A media type of a request body other than the preferred one.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyChoice {
    /// The media type as listed (a range such as `*/*` when `ranged`).
    pub media_type: String,
    /// The encoding.
    pub kind: BodyKind,
    /// The Rust type (the preferred body's when the schema is the same).
    pub ty: Ty,
    /// Whether the media type is a range (`*/*`, `image/*`): the caller gives the
    /// `Content-Type` and the body as bytes.
    pub ranged: bool,
    /// The `encoding` entries of an `application/x-www-form-urlencoded` media
    /// type, in document order (a multipart one's are on its form type).
    pub encoding: Vec<Encoding>,
    /// The request builder's method that sends this media type (`form_body`),
    /// unique among the operation's inputs.
    pub setter: Name,
    /// With a required body: the `Client` method that starts the request with a
    /// body of this media type.
    pub constructor: Option<Constructor>,
    /// Whether it takes the same Rust type as the preferred media type, so the
    /// same value may be sent either way.
    pub same_type: bool,
    /// The variant of the mock request's body enum (`Form`).
    pub variant: Name,
}

/// A `Client` method that starts a request with its required body sent as one
/// of the other media types.
#[derive(Debug, Clone, PartialEq)]
pub struct Constructor {
    /// The method's name (`create_with_form_body`), unique among the `Client`'s
    /// methods.
    pub name: Name,
    /// For a media type range: the argument taking the body's `Content-Type`,
    /// named unlike every required parameter (`content_type`).
    pub content_type: Option<Name>,
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operationId (or the name made from method and path).
    pub id: String,
    /// The client method's name.
    pub method_name: Name,
    /// The request builder's name (in the `operations` module).
    pub type_name: Name,
    /// The documented-responses enum's name (in the `types` module).
    pub response_type: Name,
    /// The documented-errors enum's name.
    pub error_type: Name,
    /// The success enum's name, when several responses are successes.
    pub success_type: Option<Name>,
    /// The HTTP method, upper case.
    pub http_method: String,
    /// The path template as written.
    pub path: String,
    /// Pointer of the operation.
    pub pointer: String,
    /// The path split into literal text and parameter indexes (the part before
    /// any `?` of the path key).
    pub path_parts: Vec<PathPart>,
    /// The base URL of the operation's own `servers` (the operation's, else its
    /// path item's) when it differs from the document's; absolute.
    pub server: Option<String>,
    /// Query pairs sent on every request, from a path key that carries a query
    /// string (`/rest?method=search`): decoded names and values, in order.
    pub constant_query: Vec<(String, String)>,
    /// Parameters.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Documented responses.
    pub responses: Vec<ResponseDef>,
    /// Security alternatives: the first whose credentials the client has is used;
    /// empty when the operation needs none.
    pub security: Vec<Vec<SchemeDef>>,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// How the operation paginates, if it does.
    pub pagination: Option<PaginationDef>,
}

/// How an operation paginates (from `x-pagination` or the macro option).
#[derive(Debug, Clone, PartialEq)]
pub struct PaginationDef {
    /// The style and its parameters.
    pub style: PaginationStyle,
    /// JSON pointer to the items in a page.
    pub items: String,
    /// The type of one item.
    pub item_ty: Ty,
}

/// A pagination style.
#[derive(Debug, Clone, PartialEq)]
pub enum PaginationStyle {
    /// Offset and limit query parameters.
    Offset {
        /// Query parameter of the first item's index.
        offset_param: String,
        /// Query parameter of the page size.
        limit_param: String,
        /// Page size used when the caller sets none.
        default_limit: u64,
        /// Pointer to a "next" marker (null: no next page).
        next: Option<String>,
    },
    /// A cursor from the last item.
    Cursor {
        /// Query parameter carrying the cursor.
        cursor_param: String,
        /// Pointer, in the last item, to the cursor.
        cursor_from: String,
        /// Pointer to the "more pages" flag.
        has_more: Option<String>,
    },
    /// The `Link` header's `rel="next"`.
    Link,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as is.
    Literal(String),
    /// A path parameter, by index into [`Operation::params`].
    Param(usize),
}

/// An example found in the spec, with the type it must decode into.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where it is.
    pub pointer: String,
    /// Its type.
    pub ty: Ty,
    /// The example value.
    pub value: serde_json::Value,
    /// For a response example: the operation's documented-responses type and the
    /// status it documents.
    pub response: Option<ExampleResponse>,
}

/// Where a response example belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleResponse {
    /// The documented-responses enum.
    pub response_type: Name,
    /// The status key.
    pub key: StatusKey,
    /// The media type.
    pub media_type: String,
    /// Whether the status is a success.
    pub success: bool,
}

/// The whole API.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The absolute URL of the first server, if any.
    pub base_url: Option<String>,
    /// Generated types.
    pub types: Vec<TypeDef>,
    /// Operations, in document order.
    pub operations: Vec<Operation>,
    /// Examples, for round-trip checks.
    pub examples: Vec<Example>,
    /// Webhooks: the requests the API sends, in document order.
    pub webhooks: Vec<Webhook>,
    /// The document's tags, in document order.
    pub tags: Vec<Tag>,
}

/// A tag of the document, as the docs group operations by it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Its name.
    pub name: String,
    /// How operation docs name it: its name after its ancestors' (3.2
    /// `parent`: `store › pets`), and its `kind` (3.2) in parentheses.
    pub label: String,
    /// Its parent's name, when that is a tag of the document (3.2).
    pub parent: Option<String>,
    /// Its `summary` (3.2).
    pub summary: Option<String>,
}

/// A webhook's operation: a request the API sends to its subscribers, whose
/// body is a payload type.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The name of the payload's type alias (in the `webhooks` module).
    pub name: Name,
    /// The webhook's key under `webhooks`.
    pub key: String,
    /// The HTTP method, upper case.
    pub http_method: String,
    /// The payload's media type.
    pub media_type: String,
    /// The payload's type.
    pub ty: Ty,
    /// Summary and description of the operation.
    pub doc: Option<String>,
    /// Pointer of the operation.
    pub pointer: String,
}

/// A security scheme an operation accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeDef {
    /// Bearer token (http bearer, OAuth2, OpenID Connect).
    Bearer,
    /// http basic.
    Basic,
    /// An API key.
    ApiKey {
        /// The scheme's name.
        scheme: String,
        /// Header, query or cookie name.
        name: String,
        /// Where the key goes.
        location: ApiKeyLocation,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a header.
    Header,
    /// In the query string.
    Query,
    /// In the `Cookie` header.
    Cookie,
}

/// The IR's walker: every type reference an operation or a type definition
/// holds, handed to `f` to read or change (the selection pass renumbers them).
impl Operation {
    /// Each type of the operation: parameters, bodies and their encodings,
    /// responses and their streams' items, the paged item.
    pub fn each_ty(&mut self, f: &mut dyn FnMut(&mut Ty)) {
        for p in &mut self.params {
            f(&mut p.ty);
        }
        if let Some(body) = &mut self.body {
            f(&mut body.ty);
            for encoding in &mut body.encoding {
                f(&mut encoding.ty);
            }
            for choice in &mut body.alternatives {
                f(&mut choice.ty);
                for encoding in &mut choice.encoding {
                    f(&mut encoding.ty);
                }
            }
        }
        for r in &mut self.responses {
            f(&mut r.ty);
            if let Some(stream) = &mut r.stream {
                f(&mut stream.item);
            }
        }
        if let Some(p) = &mut self.pagination {
            f(&mut p.item_ty);
        }
    }
}

impl TypeKind {
    /// Each type a definition refers to: fields, encodings, branches, an alias's
    /// target.
    pub fn each_ty(&mut self, f: &mut dyn FnMut(&mut Ty)) {
        match self {
            TypeKind::Struct { fields } => {
                for field in fields {
                    f(&mut field.ty);
                }
            }
            TypeKind::Form { fields, encoding } => {
                for field in fields {
                    f(&mut field.ty);
                }
                for encoding in encoding {
                    f(&mut encoding.ty);
                }
            }
            TypeKind::Union { variants, .. } | TypeKind::AnyOf(variants) => {
                for v in variants {
                    f(&mut v.ty);
                }
            }
            TypeKind::Alias(ty) => f(ty),
            TypeKind::StringEnum { .. } | TypeKind::Newtype(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: Name::from(name),
            pointer: format!("#/components/schemas/{name}"),
            doc: None,
            kind,
        }
    }

    #[test]
    fn peel_follows_aliases_and_nullability_within_its_bound() {
        let named = |i| Ty::Named(TypeId::new(i));
        let types = vec![
            def("A", TypeKind::Alias(Ty::Nullable(Box::new(named(1))))),
            def("B", TypeKind::Alias(Ty::Array(Box::new(Ty::String)))),
            def("Loop", TypeKind::Alias(named(2))),
            def("S", TypeKind::Struct { fields: Vec::new() }),
        ];
        let a = Ty::Nullable(Box::new(named(0)));
        assert_eq!(peel(&types, &a), Some(&Ty::Array(Box::new(Ty::String))));
        assert_eq!(peel(&types, &named(2)), None, "an alias of itself");
        assert_eq!(peel(&types, &named(9)), None, "an id outside the table");
        assert_eq!(
            peeled_kind(&types, &named(3)),
            Some(&TypeKind::Struct { fields: Vec::new() })
        );
        assert_eq!(
            peeled_kind(&types, &a),
            None,
            "an array is not a named type"
        );
    }
}
