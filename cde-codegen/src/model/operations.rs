//! Operations: every path and method into an operation of the IR, with its
//! parameters (path item and operation level), path template and pagination.

use std::collections::BTreeMap;

use std::collections::{HashMap, HashSet};

use crate::doc::Value;
use crate::spec::vocab::{self, In, Style};

use super::Model;
use super::bodies::ClientNames;
use super::responses::ResponseExample;
use super::types::bounds_of;
use crate::diag::{cat, join, tokens};
use crate::ir::*;
use crate::names::{Scope, field_name, type_name};
use crate::spec::objects::{
    Document, MediaType, Operation as OperationObject, PaginationDecl, Parameter, PathItem,
    Reference, first_server,
};
use crate::spec::schema::Schema;

/// An operation found in the document, its operationId checked and its names
/// claimed, before it is built.
pub(super) struct Found<'a> {
    path: &'a str,
    item: &'a Value,
    op: &'a Value,
    /// The HTTP method, as sent.
    method: String,
    pointer: String,
    id: String,
    /// The `Client` method's name.
    method_name: Name,
    /// The base of the operation's type names (its builder's name).
    type_base: Name,
}

impl<'a> Model<'a, '_> {
    /// Every operation of every path, in document order: first each one found,
    /// its id checked and its `Client` method and type names claimed, then each
    /// built whole, the constructors of its required body's other media types
    /// claimed after every method (a new media type never renames a method).
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut methods = Scope::values();
        methods.reserve(&["builder", "new", "core", "from_core", "clone", "fmt"]);
        let (found, shapes) = self.find_operations(&mut methods);
        let out = found
            .into_iter()
            .map(|found| self.operation(found, &mut methods))
            .collect();
        for (_, same) in shapes {
            if same.len() > 1 {
                self.cx.sink.note(format!(
                    "The paths {} differ only in parameter names; requests are sent to the one each method names.",
                    same.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        out
    }

    /// The operations of the document's paths, in document order, each with its
    /// operationId checked for uniqueness and its names claimed (`Client`
    /// methods from `methods`); and the paths grouped by their shape with the
    /// parameter names left out.
    fn find_operations(
        &mut self,
        methods: &mut Scope,
    ) -> (Vec<Found<'a>>, BTreeMap<String, Vec<String>>) {
        let doc = self.cx.doc;
        let mut found = Vec::new();
        let mut shapes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let Some(paths) = self.cx.object(Document::new(doc).paths(), "#") else {
            if Document::new(doc).paths().value.is_none() {
                self.cx.error("#", "the spec has no `paths`");
            }
            return (found, shapes);
        };
        let mut ids: HashMap<String, String> = HashMap::default();
        let mut op_types = Scope::types();
        for (path, item) in paths {
            if vocab::is_extension(path) {
                continue;
            }
            let item_pointer = join("#/paths", path);
            if !path.starts_with('/') {
                self.cx
                    .error(&item_pointer, format!("path `{path}` must start with `/`"));
                continue;
            }
            let Some((item, _)) = self.cx.deref(item, &item_pointer) else {
                continue;
            };
            if !item.is_object() {
                self.cx
                    .error(&item_pointer, "a path item must be an object");
                continue;
            }
            shapes
                .entry(shape_of(path))
                .or_default()
                .push(path.to_owned());
            for found_op in PathItem::new(item).operations() {
                let (op, method) = (found_op.value, found_op.method);
                let pointer = cat(&[&item_pointer, &found_op.at]);
                if found_op.additional && !self.additional_method(item, &method, &pointer) {
                    continue;
                }
                if !op.is_object() {
                    self.cx.error(&pointer, "an operation must be an object");
                    continue;
                }
                let id = match OperationObject::new(op).operation_id().value {
                    Some(Value::String(id)) if !id.is_empty() => id.clone(),
                    Some(Value::String(_)) | None => {
                        format!("{} {path}", method.to_ascii_lowercase())
                    }
                    Some(_) => {
                        self.cx.error(
                            &join(&pointer, "operationId"),
                            "`operationId` must be a string",
                        );
                        continue;
                    }
                };
                if let Some(first) = ids.get(&id) {
                    self.cx.error(
                        &join(&pointer, "operationId"),
                        format!("duplicate operationId `{id}`: also used at {first}; operationIds must be unique"),
                    );
                    continue;
                }
                ids.insert(id.clone(), pointer.clone());
                found.push(Found {
                    path,
                    item,
                    op,
                    method,
                    method_name: methods.claim(&field_name(&id)),
                    type_base: op_types.claim(&type_name(&id)),
                    pointer,
                    id,
                });
            }
        }
        (found, shapes)
    }

    /// Whether an operation under `additionalOperations` (OpenAPI 3.2) can be
    /// sent: its method is an HTTP token, and not one a fixed field of the path
    /// item holds (reported if not).
    fn additional_method(&mut self, item: &'a Value, method: &str, pointer: &str) -> bool {
        let token = !method.is_empty()
            && method
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            self.cx.error(
                pointer,
                format!("`{method}` is not an HTTP method name (RFC 9110 §9.1: a token of letters, digits and !#$%&'*+-.^_`|~)"),
            );
            return false;
        }
        if PathItem::new(item).has_fixed(method) {
            self.cx.error(
                pointer,
                format!("`additionalOperations` may not hold `{method}`: the path item's `{}` field is where that operation goes", method.to_ascii_lowercase()),
            );
            return false;
        }
        true
    }

    /// One operation built whole: its parameters (the path item's, overridden by
    /// the operation's of the same name and location), path template, body (its
    /// `Client` constructors claimed from `methods`), responses, security,
    /// pagination and the names of its generated types.
    fn operation(&mut self, found: Found<'a>, methods: &mut Scope) -> Operation {
        let Found {
            path,
            item,
            op,
            method,
            pointer,
            id,
            method_name,
            type_base,
        } = found;
        let pointer = pointer.as_str();
        let mut inputs = Scope::values_except(&[
            "client",
            "send",
            "body",
            "into_future",
            "new",
            "parts",
            "items",
            "with_options",
            "bytes_stream",
            "send_stream",
        ]);
        // Parameters: path-item level first, then operation level overriding.
        let mut raw: Vec<(&'a Value, String)> = Vec::new();
        let owners = [
            (PathItem::new(item).parameters(), tokens_parent(pointer)),
            (OperationObject::new(op).parameters(), pointer.to_owned()),
        ];
        for (parameters, owner_pointer) in owners {
            if let Some(list) = parameters.value {
                let list_at = join(&owner_pointer, parameters.name);
                let Some(list) = list.as_array() else {
                    self.cx.error(&list_at, "`parameters` must be a list");
                    continue;
                };
                for (index, param) in list.iter().enumerate() {
                    let at = cat(&[&list_at, "/", &index.to_string()]);
                    if let Some((param, _)) = self.cx.deref(param, &at) {
                        let object = Parameter::new(param);
                        if object.is_ignored() {
                            let name = object.name().unwrap_or_default();
                            self.cx.sink.note(format!(
                                "`{at}` declares the header `{name}` as a parameter; OpenAPI says to ignore such a parameter (the media types and the security schemes set that header), so the operation has no input for it."
                            ));
                            continue;
                        }
                        raw.retain(|(p, _)| !Parameter::new(p).same_as(object));
                        raw.push((param, at_or_ref(param, &at, list.get(index))));
                    }
                }
            }
        }
        let mut params = Vec::new();
        for (param, at) in raw {
            if let Some(p) = self.param(param, &at, &type_base, &mut inputs) {
                params.push(p);
            }
        }
        let (path_only, query) = match path.split_once('?') {
            Some((path_only, query)) => (path_only, Some(query)),
            None => (path, None),
        };
        let constant_query = match query {
            Some(query) => self.query_in_path(path, query, pointer, &mut params),
            None => Vec::new(),
        };
        let path_parts = self.path_parts(path_only, pointer, &mut params);
        let server = self.operation_server(item, op, pointer);
        let client = ClientNames {
            method: &method_name,
            methods,
            params: &params,
        };
        let body = self.request_body(op, pointer, &type_base, &mut inputs, client);
        let (responses, response_examples) = self.responses(op, pointer, &type_base);
        let security = self.security(op, pointer);
        let pagination = self.pagination(op, pointer, &id, &params, &responses);
        let response_type = self.types.names.claim(&cat(&[&type_base, "Response"]));
        let error_type = self.types.names.claim(&cat(&[&type_base, "Error"]));
        for ResponseExample {
            mut example,
            key,
            media_type,
        } in response_examples
        {
            example.response = Some(ExampleResponse {
                response_type: response_type.clone(),
                success: responses.iter().any(|r| r.key == key && r.success),
                key,
                media_type,
            });
            self.examples.push(example);
        }
        let success_type = if responses.iter().filter(|r| r.success).count() > 1 {
            Some(self.types.names.claim(&cat(&[&type_base, "Success"])))
        } else {
            None
        };
        Operation {
            id,
            method_name,
            type_name: type_base,
            response_type,
            error_type,
            success_type,
            http_method: method,
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            path_parts,
            server,
            constant_query,
            params,
            body,
            responses,
            security,
            summary: OperationObject::new(op).summary().map(str::to_owned),
            description: OperationObject::new(op).description().map(str::to_owned),
            tags: OperationObject::new(op).tags().map(str::to_owned).collect(),
            deprecated: OperationObject::new(op).deprecated(),
            pagination,
        }
    }

    /// The operation's pagination, from the macro option or `x-pagination`.
    pub(super) fn pagination(
        &mut self,
        op: &'a Value,
        pointer: &str,
        id: &str,
        params: &[Param],
        responses: &[ResponseDef],
    ) -> Option<PaginationDef> {
        let option = self.pagination_option.iter().find(|(named, _)| named == id);
        let (decl, at) = match option {
            Some((_, decl)) => (
                decl.fields(),
                format!("macro option `pagination`, operation `{id}`"),
            ),
            None => {
                let declared = OperationObject::new(op).x_pagination();
                let decl = PaginationDecl::new(declared.value?).fields();
                (decl, join(pointer, declared.name))
            }
        };
        let owned = |text: Option<&str>| text.map(str::to_owned);
        let successes: Vec<&ResponseDef> = responses.iter().filter(|r| r.success).collect();
        let [success] = successes.as_slice() else {
            self.cx.error(
                &at,
                "pagination needs exactly one success response with a JSON body",
            );
            return None;
        };
        if success.kind != BodyKind::Json {
            self.cx
                .error(&at, "pagination needs a JSON success response");
            return None;
        }
        let items = owned(decl.items).unwrap_or_default();
        let Some(item_ty) = self.item_type(&success.ty, &items) else {
            self.cx.error(&at, format!("`items` pointer {items:?} does not lead to an array in the success response's schema"));
            return None;
        };
        let query_param = |name: &Option<String>| -> bool {
            name.as_ref().is_some_and(|n| {
                params
                    .iter()
                    .any(|p| p.location == Location::Query && &p.name == n)
            })
        };
        let style = match decl.style {
            Some("offset") => {
                let (offset, limit) = (owned(decl.offset_param), owned(decl.limit_param));
                if !query_param(&offset) || !query_param(&limit) {
                    self.cx.error(&at, "offset pagination needs `offset-param` and `limit-param` naming query parameters of the operation");
                    return None;
                }
                let limit_name = limit.clone().unwrap_or_default();
                let limit_param = params.iter().find(|p| p.name == limit_name);
                let default_limit = decl
                    .default_limit
                    .or_else(|| {
                        limit_param
                            .and_then(|p| p.default.as_ref())
                            .and_then(serde_json::Value::as_u64)
                    })
                    .or_else(|| limit_param.and_then(|p| p.bounds.maximum).map(|m| m as u64))
                    .unwrap_or(100)
                    .max(1);
                PaginationStyle::Offset {
                    offset_param: offset.unwrap_or_default(),
                    limit_param: limit_name,
                    default_limit,
                    next: owned(decl.next),
                }
            }
            Some("cursor") => {
                let cursor = owned(decl.cursor_param);
                if !query_param(&cursor) {
                    self.cx.error(&at, "cursor pagination needs `cursor-param` naming a query parameter of the operation");
                    return None;
                }
                PaginationStyle::Cursor {
                    cursor_param: cursor.unwrap_or_default(),
                    cursor_from: owned(decl.cursor_from).unwrap_or_else(|| String::from("/id")),
                    has_more: owned(decl.has_more),
                }
            }
            Some("link") => PaginationStyle::Link,
            other => {
                self.cx.error(
                    &at,
                    format!("unknown pagination style {other:?}; use offset, cursor or link"),
                );
                return None;
            }
        };
        Some(PaginationDef {
            style,
            items,
            item_ty,
        })
    }

    /// The item type of the array at `pointer` inside values of type `ty`.
    pub(super) fn item_type(&self, ty: &Ty, pointer: &str) -> Option<Ty> {
        let mut current = ty.clone();
        let tokens: Vec<String> = if pointer.is_empty() {
            Vec::new()
        } else {
            tokens(&format!("#{pointer}"))?
        };
        for token in tokens {
            current = self.field_type(&current, &token)?;
        }
        match peel(&self.types.defs, &current)? {
            Ty::Array(inner) => Some((**inner).clone()),
            _ => None,
        }
    }

    /// The type of the member `name` of values of type `ty`, if `ty` is a struct.
    pub(super) fn field_type(&self, ty: &Ty, name: &str) -> Option<Ty> {
        match peeled_kind(&self.types.defs, ty)? {
            TypeKind::Struct { fields } => fields
                .iter()
                .find(|f| f.json_name == name)
                .map(|f| f.ty.clone()),
            _ => None,
        }
    }

    /// One parameter: its name, location, whether required, its type (from
    /// `schema`, or `content`'s first media type), its serialization style, bounds,
    /// default and example.
    pub(super) fn param(
        &mut self,
        param: &'a Value,
        at: &str,
        type_base: &str,
        inputs: &mut Scope,
    ) -> Option<Param> {
        let object = Parameter::new(param);
        let Some(name) = object.name() else {
            self.cx.error(at, "a parameter needs a `name`");
            return None;
        };
        let location = match object.location_text().and_then(In::parse) {
            Some(In::Path) => Location::Path,
            Some(In::Query) => Location::Query,
            Some(In::Header) => Location::Header,
            Some(In::Cookie) => Location::Cookie,
            Some(In::QueryString) => Location::QueryString {
                form: object
                    .content()
                    .value
                    .and_then(Value::as_object)
                    .and_then(|media| media.keys().next())
                    .is_some_and(|media| {
                        crate::media::essence(media) == "application/x-www-form-urlencoded"
                    }),
            },
            None => {
                let other = object.location_text();
                self.cx.error(&join(at, object.location().name), format!("parameter `{name}`: `in` must be path, query, header, cookie or (3.2) querystring, not {other:?}"));
                return None;
            }
        };
        let required = object.is_required();
        if location == Location::Path && !required {
            self.cx.error(
                &join(at, object.required().name),
                format!("path parameter `{name}` must have `required: true`"),
            );
        }
        let hint = if at.starts_with("#/components/parameters/") {
            let key = tokens(at)
                .and_then(|t| t.get(2).cloned())
                .unwrap_or_default();
            cat(&[&type_name(&key), "Param"])
        } else {
            cat(&[type_base, &type_name(name)])
        };
        let (schema_member, content_member) = (object.schema(), object.content());
        let (ty, schema) = match (schema_member.value, content_member.value) {
            (Some(schema), _) => {
                let schema_at = join(at, schema_member.name);
                let ty = self.types.schema(&mut self.cx, schema, &schema_at, &hint);
                (ty, self.cx.deref(schema, &schema_at).map(|(s, _)| s))
            }
            (None, Some(content)) => {
                let media = content.as_object().and_then(|m| m.values().next());
                match media.and_then(|m| MediaType::new(m).schema().value) {
                    Some(schema) => {
                        let ty = self.types.schema(
                            &mut self.cx,
                            schema,
                            &join(at, content_member.name),
                            &hint,
                        );
                        (ty, None)
                    }
                    None => (Ty::String, None),
                }
            }
            (None, None) => {
                self.cx.error(
                    at,
                    format!("parameter `{name}` needs a `schema` or `content`"),
                );
                (Ty::String, None)
            }
        };
        let ty = match ty {
            Ty::Nullable(inner) => *inner,
            other => other,
        };
        let explode_default = true;
        let explode = object.explode();
        let style = match object.style().and_then(Style::parse) {
            Some(Style::SpaceDelimited) => QueryStyle::SpaceDelimited,
            Some(Style::PipeDelimited) => QueryStyle::PipeDelimited,
            Some(Style::DeepObject) => QueryStyle::DeepObject,
            Some(Style::Form) | None => QueryStyle::Form {
                explode: explode.unwrap_or(explode_default),
            },
        };
        let bounds = schema.map(bounds_of).unwrap_or_default();
        let default = schema.and_then(|s| Schema::new(s).default()).cloned();
        let example_member = object.example();
        if let Some(example) = example_member.value.filter(|_| self.keep_examples) {
            self.examples.push(Example {
                pointer: join(at, example_member.name),
                ty: ty.clone(),
                value: example.clone(),
                response: None,
            });
        }
        Some(Param {
            name: Name::from(name),
            rust_name: inputs.claim(&field_name(name)),
            location,
            required,
            ty,
            style,
            bounds,
            default,
            doc: object.description().map(str::to_owned),
        })
    }

    /// The base URL of an operation's own `servers` (its first; the operation's,
    /// else its path item's), when it differs from the document's and the
    /// document has an absolute one: absolute, or a path resolved against the
    /// document's first server's origin.
    fn operation_server(
        &mut self,
        item: &'a Value,
        op: &'a Value,
        pointer: &str,
    ) -> Option<String> {
        let server = first_server(op).or_else(|| first_server(item))?;
        // An operation's own server is used while the client's base URL is the
        // spec's default; without a default the caller sets one, which then
        // takes every request (Kubernetes' operations each name a placeholder).
        let default = self.document_server()?;
        let url = server.resolved_url()?;
        let url = url.trim_end_matches('/').to_owned();
        let absolute = if url.starts_with("http://") || url.starts_with("https://") {
            url
        } else if url.starts_with('/') {
            let scheme_end = default.find("://").map_or(0, |at| at + 3);
            let origin_end = default[scheme_end..]
                .find('/')
                .map_or(default.len(), |at| scheme_end + at);
            format!("{}{url}", &default[..origin_end])
        } else {
            self.cx.sink.note(format!(
                "`{pointer}` has its own server `{url}`, which is neither absolute nor a path on the document's server; requests go to the client's base URL."
            ));
            return None;
        };
        (default.trim_end_matches('/') != absolute).then_some(absolute)
    }

    /// A path key's query string (`/search?q={q}&v=2`): OpenAPI does not allow
    /// one, but published documents carry them. Each `name={param}` naming a
    /// declared path parameter sends it in the query under `name` (a declared
    /// query parameter is sent as it is declared); a constant pair is returned,
    /// to be sent on every request; a pair naming no declared parameter, or
    /// whose name is a template, is not sent. A note says which was which.
    fn query_in_path(
        &mut self,
        path: &str,
        query: &str,
        pointer: &str,
        params: &mut [Param],
    ) -> Vec<(String, String)> {
        let decode = |text: &str| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8_lossy()
                .into_owned()
        };
        let mut constants = Vec::new();
        let (mut moved, mut unsent) = (Vec::new(), Vec::new());
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let template = value.strip_prefix('{').and_then(|v| v.strip_suffix('}'));
            if key.contains('{') || (template.is_none() && value.contains('{')) {
                unsent.push(pair);
                continue;
            }
            let Some(var) = template else {
                constants.push((decode(key), decode(value)));
                continue;
            };
            let declared = params
                .iter_mut()
                .find(|p| p.name == var && matches!(p.location, Location::Path | Location::Query));
            match declared {
                Some(p) if p.location == Location::Path => {
                    p.location = Location::Query;
                    p.name = decode(key);
                    p.style = QueryStyle::Form { explode: true };
                    moved.push(pair);
                }
                Some(_) => moved.push(pair),
                None => unsent.push(pair),
            }
        }
        let list = |pairs: &[&str]| {
            pairs
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut read = Vec::new();
        if !moved.is_empty() {
            read.push(format!("{} sent as query parameters", list(&moved)));
        }
        if !constants.is_empty() {
            let pairs: Vec<String> = constants.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let pairs: Vec<&str> = pairs.iter().map(String::as_str).collect();
            read.push(format!("{} sent on every request", list(&pairs)));
        }
        if !unsent.is_empty() {
            read.push(format!(
                "{} not sent (no declared parameter fills them)",
                list(&unsent)
            ));
        }
        self.cx.sink.note(format!(
            "`{pointer}`: the path `{path}` carries a query string, which OpenAPI path keys may not; read leniently: {}.",
            read.join("; ")
        ));
        constants
    }

    /// The path template split into literal text and parameters, each parameter
    /// checked against the declared path parameters.
    pub(super) fn path_parts(
        &mut self,
        path: &str,
        pointer: &str,
        params: &mut [Param],
    ) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut used = HashSet::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.cx
                    .error(pointer, format!("path `{path}` has an unclosed `{{`"));
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            match params.iter().position(|p| p.location == Location::Path && p.name == name) {
                Some(index) => {
                    used.insert(index);
                    parts.push(PathPart::Param(index));
                }
                None => self.cx.error(
                    pointer,
                    format!("path `{path}` names `{{{name}}}`, but the operation declares no path parameter `{name}`; add it to `parameters`"),
                ),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (index, p) in params.iter().enumerate() {
            if p.location == Location::Path && !used.contains(&index) {
                self.cx.sink.note(format!(
                    "`{pointer}` declares path parameter `{}` that its path `{path}` does not use; it is not sent.",
                    p.name
                ));
            }
        }
        parts
    }
}

/// The pointer of the path item that holds the operation at `pointer`.
pub(super) fn tokens_parent(pointer: &str) -> String {
    match pointer.rfind('/') {
        Some(i) => pointer[..i].to_owned(),
        None => pointer.to_owned(),
    }
}

/// The pointer to report for a parameter: its definition if it was a `$ref`.
pub(super) fn at_or_ref(_param: &Value, at: &str, original: Option<&Value>) -> String {
    match original.and_then(|o| Reference::new(o).target()) {
        Some(reference) if reference.starts_with('#') => reference.to_owned(),
        _ => at.to_owned(),
    }
}

/// A path with parameter names blanked, to find paths equal but for names.
pub(super) fn shape_of(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}
