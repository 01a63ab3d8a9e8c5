//! The mock module's plan: its names (typed requests, body enums, handler
//! setters), each route's canned answers, and how each input is read.

use crate::ir::*;
use crate::names::Scope;

use super::canned::{self, Canned};
use super::collections::{CollectionPlan, collections};

/// Names the mock module defines itself; a typed request that would clash gets
/// a suffix.
pub(crate) const RESERVED: [&str; 2] = ["MockServer", "MockServerBuilder"];

/// How the mock reads a parameter, form property or part: as one value, a list
/// or an object (a `cde_runtime::__private::mock::Shape`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JSON object: a struct, a form type or a map.
    Object,
    /// A list.
    Array,
    /// Anything else.
    Scalar,
}

/// Everything the mock emitter prints beyond the IR.
#[derive(Debug)]
pub(crate) struct MockPlan<'a> {
    /// The path of the base URL, which every route is under (`/api/v1`; empty
    /// for none).
    pub prefix: String,
    /// One per operation of the API, in order.
    pub operations: Vec<MockOperation<'a>>,
    /// The multipart form types, in the type table's order: how each one's parts
    /// are read.
    pub forms: Vec<MockForm<'a>>,
    /// The collections the stateful mode keeps.
    pub collections: Vec<CollectionPlan<'a>>,
}

/// The mock of one operation.
#[derive(Debug)]
pub(crate) struct MockOperation<'a> {
    /// The typed request a handler receives: the builder's name, unless the
    /// module defines that name itself.
    pub request: Name,
    /// For a body that may come as several media types: the enum of them, named
    /// unlike every typed request.
    pub body_enum: Option<Name>,
    /// The server builder's method setting the handler (`on_<method>`).
    pub setter: Name,
    /// One per parameter, in order: how its value is read.
    pub params: Vec<Shape>,
    /// One per body media type, the preferred one first and then the
    /// alternatives: for a form-urlencoded one whose `encoding` changes how some
    /// property is written, how it is read.
    pub form_reads: Vec<Option<FormRead<'a>>>,
    /// The answer without a handler: the documented success, `None` for a `204`
    /// without a body when none is documented.
    pub success: Option<Canned>,
    /// The answer to a request that does not read, when the spec documents one.
    pub bad_request: Option<Canned>,
    /// The answer to a request without credentials, when the spec documents one.
    pub unauthorized: Option<Canned>,
    /// The stateful mode's answer to an id its collection does not hold, when
    /// the spec documents one.
    pub not_found: Option<Canned>,
}

/// How a form-urlencoded body whose `encoding` styles some of its properties is
/// read.
#[derive(Debug)]
pub(crate) struct FormRead<'a> {
    /// The styled properties, each with the shape of its value.
    pub properties: Vec<FormProperty<'a>>,
    /// The names of every property of the body's type (none when it is not an
    /// object).
    pub names: Vec<&'a str>,
}

/// A property of a form-urlencoded body with its `encoding` entry.
#[derive(Debug)]
pub(crate) struct FormProperty<'a> {
    /// The entry.
    pub encoding: &'a Encoding,
    /// How its value is read.
    pub shape: Shape,
}

/// How a multipart form type is read from its parts.
#[derive(Debug)]
pub(crate) struct MockForm<'a> {
    /// The form type.
    pub id: TypeId,
    /// Its fields.
    pub fields: &'a [Field],
    /// Its `encoding` entries.
    pub encoding: &'a [Encoding],
    /// One per field, in order: how a part that is not a file is read.
    pub shapes: Vec<Shape>,
}

/// Plans the mock of `api`: the names are claimed in operation order, typed
/// requests first, then body enums.
pub(super) fn plan(api: &Api) -> MockPlan<'_> {
    let mut names = Scope::types();
    names.reserve(&RESERVED);
    names.reserve(&["InvalidRequest"]);
    let requests: Vec<Name> = api.operations.iter().map(request_name).collect();
    for request in &requests {
        names.reserve(&[request.as_str()]);
    }
    let operations = api
        .operations
        .iter()
        .zip(requests)
        .map(|(op, request)| MockOperation {
            body_enum: op
                .body
                .as_ref()
                .filter(|b| !b.alternatives.is_empty())
                .map(|_| names.claim(&format!("{request}Body"))),
            request,
            setter: format!("on_{}", op.method_name.trim_start_matches("r#")),
            params: op.params.iter().map(|p| shape(api, &p.ty)).collect(),
            form_reads: form_reads(api, op),
            success: canned::success(api, op),
            bad_request: canned::for_status(api, op, 400),
            unauthorized: canned::for_status(api, op, 401),
            not_found: canned::for_status(api, op, 404),
        })
        .collect();
    let forms = api
        .types
        .iter()
        .enumerate()
        .filter_map(|(index, t)| match &t.kind {
            TypeKind::Form { fields, encoding } => Some(MockForm {
                id: TypeId::new(index),
                fields,
                encoding,
                shapes: fields
                    .iter()
                    .map(|f| shape(api, f.ty.strip_nullable().0))
                    .collect(),
            }),
            _ => None,
        })
        .collect();
    MockPlan {
        prefix: base_path(api.base_url.as_deref()),
        operations,
        forms,
        collections: collections(api),
    }
}

/// The name of an operation's typed request: its builder's name, unless that is
/// a name the module defines itself.
fn request_name(op: &Operation) -> Name {
    if RESERVED.contains(&op.type_name.as_str()) {
        format!("{}Call", op.type_name)
    } else {
        op.type_name.clone()
    }
}

/// The path of the base URL (`https://host/api/v1` gives `/api/v1`).
fn base_path(url: Option<&str>) -> String {
    let Some(url) = url else {
        return String::new();
    };
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(index) => after_scheme[index..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

/// How a value of type `ty` is read.
fn shape(api: &Api, ty: &Ty) -> Shape {
    if let Some(TypeKind::Struct { .. } | TypeKind::Form { .. }) = peeled_kind(&api.types, ty) {
        return Shape::Object;
    }
    match peel(&api.types, ty).unwrap_or(ty) {
        Ty::Array(_) | Ty::Tuple { .. } => Shape::Array,
        Ty::Map(_) => Shape::Object,
        _ => Shape::Scalar,
    }
}

/// How each media type of `op`'s body is read, if it is a form-urlencoded one
/// whose `encoding` styles some of its properties.
fn form_reads<'a>(api: &'a Api, op: &'a Operation) -> Vec<Option<FormRead<'a>>> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    let read = |kind: &BodyKind, ty: &'a Ty, encoding: &'a [Encoding]| {
        let styled = styled_encodings(encoding);
        if *kind != BodyKind::UrlEncoded || styled.is_empty() {
            return None;
        }
        Some(FormRead {
            properties: styled
                .into_iter()
                .map(|encoding| FormProperty {
                    encoding,
                    shape: shape(api, &encoding.ty),
                })
                .collect(),
            names: property_names(api, ty),
        })
    };
    std::iter::once(read(&body.kind, &body.ty, &body.encoding))
        .chain(
            body.alternatives
                .iter()
                .map(|c| read(&c.kind, &c.ty, &c.encoding)),
        )
        .collect()
}

/// The property names of a body type that is an object (none for other types).
fn property_names<'a>(api: &'a Api, ty: &'a Ty) -> Vec<&'a str> {
    match peeled_kind(&api.types, ty) {
        Some(TypeKind::Struct { fields } | TypeKind::Form { fields, .. }) => fields
            .iter()
            .filter(|f| !f.rest)
            .map(|f| f.json_name.as_str())
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_paths() {
        assert_eq!(base_path(Some("https://api.example.com")), "");
        assert_eq!(base_path(Some("https://api.example.com/")), "");
        assert_eq!(base_path(Some("https://api.example.com/v1/")), "/v1");
        assert_eq!(base_path(None), "");
    }
}
