//! The generator's options: what the macro's arguments after the spec path say.

use crate::select;

/// Generation options (the macro's optional arguments).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also emit `examples::check_all()`, which round-trips every example.
    pub examples: bool,
    /// Pagination for specs you cannot edit: per operationId, the same
    /// declaration the `x-pagination` extension takes, in the order given.
    pub pagination: Vec<(String, Pagination)>,
    /// Generate only these operations (by tag, operationId or path prefix) and the
    /// types they reach; empty selects everything.
    pub select: select::Selection,
    /// Also emit the `mock` module: a mock server of the API on loopback, compiled
    /// only when cde-runtime's `mock` feature is on.
    pub mock: bool,
    /// Keep every schema of `components/schemas`, not only those an operation
    /// reaches (e.g. webhook payloads no operation names).
    pub all_schemas: bool,
}

/// How one operation paginates: the declaration of the `x-pagination` extension,
/// its keys in snake_case (`cursor_param` for `cursor-param`). The generator
/// checks it as it checks the extension.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pagination {
    /// `offset`, `cursor` or `link`.
    pub style: Option<String>,
    /// JSON pointer to a page's items (`""` for a body that is the array).
    pub items: Option<String>,
    /// Offset style: the query parameter with the first item's index.
    pub offset_param: Option<String>,
    /// Offset style: the query parameter with the page size.
    pub limit_param: Option<String>,
    /// Offset style: the page size when the caller sets none.
    pub default_limit: Option<u64>,
    /// Offset style, optional: pointer to a marker that is null on the last page.
    pub next: Option<String>,
    /// Cursor style: the query parameter carrying the cursor.
    pub cursor_param: Option<String>,
    /// Cursor style: pointer, in the last item, to the cursor.
    pub cursor_from: Option<String>,
    /// Cursor style: pointer to the "more pages" flag.
    pub has_more: Option<String>,
}

impl Pagination {
    /// The declaration as the model reads it.
    pub(crate) fn fields(&self) -> crate::spec::objects::PaginationFields<'_> {
        crate::spec::objects::PaginationFields {
            style: self.style.as_deref(),
            items: self.items.as_deref(),
            offset_param: self.offset_param.as_deref(),
            limit_param: self.limit_param.as_deref(),
            default_limit: self.default_limit,
            next: self.next.as_deref(),
            cursor_param: self.cursor_param.as_deref(),
            cursor_from: self.cursor_from.as_deref(),
            has_more: self.has_more.as_deref(),
        }
    }
}
