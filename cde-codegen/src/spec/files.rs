//! Multi-file specs: the files a document refers to (`$ref: ./schemas/pet.yaml`)
//! read through the caller's [`Files`] and bundled into the one document the
//! passes after the spec layer read.
//!
//! A reference to another file becomes a reference inside the document:
//!
//! - one in a schema's place (`schema`, `items`, a property, an `allOf` branch, a
//!   component schema…) names a schema: the target is copied into
//!   `#/components/schemas` under a name (`names` gives the rule) and the
//!   reference points there, so shared and recursive schemas stay one type;
//! - one anywhere else (a path item, a parameter, a response, an example…) is
//!   replaced by a copy of its target, its own siblings (`summary`,
//!   `description`) kept over the target's;
//! - one back into the root file becomes the local reference it spells.
//!
//! Inside a copied part, references are read relative to the file it came from:
//! `#/components/schemas/Owner` in `common.yaml` names `common.yaml`'s `Owner`.
//! Paths are joined and normalized as text, so one file reached by two
//! spellings (`./a.yaml`, `sub/../a.yaml`) is read once. What a copied part's
//! pointers are in their file is recorded ([`Bundle::placed`]), so a diagnostic
//! found later names the file and line it is in.
//!
//! The generator never touches the network or the file system itself:
//! `http(s)://` and `file:` references and absolute paths are errors, except
//! where an OpenAPI 3.2 root document names its own URI in `$self`: a reference
//! to that URI is a reference to the root, and one to a URI beside it
//! (`https://example.com/api/schemas/pet.yaml` where `$self` is
//! `https://example.com/api/openapi.yaml`) is the file at that path relative to
//! the root.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics, join, last_token, token_iter};
use crate::doc::{Map, Value};

mod names;

use names::names;

/// Where the generator reads the other files a spec refers to.
///
/// `path` is the referring file's path (the root spec's as the caller named it)
/// joined with the reference's relative path and normalized (`.` and `..`
/// resolved as text, `/` between segments): `spec/api.yaml` referring to
/// `./schemas/pet.yaml` asks for `spec/schemas/pet.yaml`. The macro reads
/// paths relative to the crate's `Cargo.toml` directory; tests can serve a map.
pub trait Files {
    /// The file's bytes, or why it cannot be read.
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// A caller that reads no files: a reference to another file is an error.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        Err(format!(
            "this caller reads no other files (use `generate_with` to read `{path}`)"
        ))
    }
}

/// Reads paths relative to a directory (the macro's is the crate's
/// `Cargo.toml` directory).
#[derive(Debug, Clone)]
pub struct DirFiles(pub std::path::PathBuf);

impl Files for DirFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.0.join(path)).map_err(|err| err.to_string())
    }
}

/// In-memory files by path, for tests and tools.
impl<S: std::hash::BuildHasher> Files for HashMap<String, Vec<u8>, S> {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.get(path)
            .cloned()
            .ok_or_else(|| String::from("no such file"))
    }
}

/// A file read besides the root.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// Its path, as given to [`Files::read`].
    pub path: String,
    /// Its text, which locates its diagnostics.
    pub source: String,
    doc: Value,
}

/// What bundling read and where it put it.
#[derive(Debug, Default)]
pub(crate) struct Bundle {
    /// The files read besides the root, in the order first read.
    pub files: Vec<Loaded>,
    /// For each copied part: its pointer in the bundled document, the index of
    /// its file in [`Bundle::files`], and its pointer there.
    pub placed: Vec<(String, usize, String)>,
}

impl Bundle {
    /// Where a pointer of the bundled document is in the files read: the file's
    /// index and the pointer there, if it is inside a copied part.
    pub fn to_file(&self, pointer: &str) -> Option<(usize, String)> {
        self.placed
            .iter()
            .filter(|(at, _, _)| {
                pointer
                    .strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(at, _, _)| at.len())
            .map(|(at, file, there)| (*file, format!("{there}{}", &pointer[at.len()..])))
    }
}

/// A file: the root (`None`) or one of [`Bundle::files`].
type FileId = Option<usize>;

/// A reference's target: its file and the pointer there (`#` for the whole file).
type Target = (FileId, String);

/// Reads the files `doc` (the file `root`) refers to and bundles them into it.
pub(crate) fn bundle(
    root: &str,
    doc: &mut Value,
    files: &dyn Files,
    sink: &mut Diagnostics,
) -> Bundle {
    let mut out = Bundle::default();
    let mut external = false;
    walk_refs(doc, "#", "", &mut |reference, _, _, _| {
        external |= !reference.starts_with('#');
    });
    if !external {
        return out;
    }
    // 3.1 schemas may be named by an `$id` (normalization resolves those).
    let ids = ids(doc);
    let own_uri = doc
        .get("$self")
        .and_then(Value::as_str)
        .filter(|uri| !uri.is_empty())
        .map(str::to_owned);
    let mut b = Bundler {
        root: normalize_path(root),
        own_uri,
        files,
        out: &mut out,
        by_path: HashMap::new(),
        resolved: HashMap::new(),
        schemas: Vec::new(),
        preferred: HashMap::new(),
        inlining: Vec::new(),
        ids,
        sink,
    };
    b.discover(doc);
    let names = names(&b.schemas, &b.preferred, &b.out.files, doc);
    b.rebuild_all(doc, &names);
    out
}

/// Calls `visit(reference, pointer, last key, key before)` for each `$ref`
/// string of `node` (at `pointer`) outside data (examples, defaults, allowed
/// values, extensions); `last` is the member `node` is under.
fn walk_refs(
    node: &Value,
    pointer: &str,
    last: &str,
    visit: &mut impl FnMut(&str, &str, &str, &str),
) {
    let mut at = pointer.to_owned();
    walk_refs_at(node, &mut at, last, "", false, visit, 0);
}

/// Deeper than this, a document is only data (serde's parsers stop sooner).
const MAX_DEPTH: usize = 512;

fn walk_refs_at(
    node: &Value,
    pointer: &mut String,
    last: &str,
    prev: &str,
    names: bool,
    visit: &mut impl FnMut(&str, &str, &str, &str),
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let len = pointer.len();
    match node {
        Value::Object(map) => {
            if !names && let Some(Value::String(reference)) = map.get("$ref") {
                visit(reference, pointer, last, prev);
            }
            for (key, child) in map {
                if !names && is_data(key, child) {
                    continue;
                }
                let child_names = !names && holds_names(key, child);
                crate::diag::push_token(pointer, key);
                walk_refs_at(child, pointer, key, last, child_names, visit, depth + 1);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                crate::diag::push_token(pointer, &index.to_string());
                walk_refs_at(child, pointer, "0", last, false, visit, depth + 1);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether the member `key` holds data, not objects of the spec.
fn is_data(key: &str, value: &Value) -> bool {
    match key {
        // A schema's `examples` list is data; a media type's or a parameter's
        // is a map of Example Objects, which may be references.
        "examples" => !value.is_object(),
        "example" | "default" | "const" | "enum" | "value" => true,
        _ => super::vocab::is_extension(key),
    }
}

/// Whether the member `key`'s keys are names (of properties, components,
/// paths…), never keywords.
fn holds_names(key: &str, value: &Value) -> bool {
    value.is_object() && (super::normalize::NAME_MAPS.contains(&key) || key == "examples")
}

/// Whether a `$ref` under the member `last` (of an object under `prev`) stands
/// where a schema goes.
fn is_schema_place(last: &str, prev: &str) -> bool {
    matches!(
        last,
        "schema"
            | "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema"
            | "additionalItems"
            | "itemSchema"
    ) || matches!(
        prev,
        "properties"
            | "patternProperties"
            | "$defs"
            | "definitions"
            | "dependentSchemas"
            | "schemas"
            | "allOf"
            | "anyOf"
            | "oneOf"
            | "prefixItems"
    )
}

/// Every `$id` of `doc`.
fn ids(doc: &Value) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack = vec![doc];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("$id") {
                    out.insert(id.clone());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

/// `path` with `.` and empty segments dropped and `..` applied, as text.
fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The directory part of a normalized path (`a/b.yaml` → `a/`).
fn directory(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..=at])
}

/// Why a reference's file part cannot be read, if it cannot.
fn refused(file: &str) -> Option<&'static str> {
    let scheme = file.split_once(':').is_some_and(|(scheme, _)| {
        scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if file.starts_with("http://") || file.starts_with("https://") {
        Some(
            "the generator never reads the network: vendor the file beside the spec and refer to it by a relative path",
        )
    } else if scheme {
        Some("only relative file paths are read (`./schemas/pet.yaml`), not URIs")
    } else if file.starts_with('/') || file.starts_with('\\') {
        Some(
            "an absolute path ties the spec to one machine: refer to the file by a path relative to the referring file",
        )
    } else {
        None
    }
}

struct Bundler<'b, 's> {
    root: String,
    /// The root document's `$self` (OpenAPI 3.2): the URI its relative
    /// references are resolved against.
    own_uri: Option<String>,
    files: &'b dyn Files,
    out: &'b mut Bundle,
    by_path: HashMap<String, FileId>,
    /// Each reference text, by the file it is written in: its target, or `None`
    /// when it was reported.
    resolved: HashMap<(FileId, String), Option<Target>>,
    /// The targets referred to where a schema goes, in the order found.
    schemas: Vec<Target>,
    /// The schema targets a root component names by being only a reference
    /// to them.
    preferred: HashMap<Target, String>,
    /// The targets being copied in place, innermost last (a part that contains
    /// itself is reported, not copied forever).
    inlining: Vec<Target>,
    ids: HashSet<String>,
    sink: &'s mut Diagnostics,
}

impl Bundler<'_, '_> {
    fn path(&self, file: FileId) -> &str {
        match file {
            None => &self.root,
            Some(i) => &self.out.files[i].path,
        }
    }

    fn doc(&self, file: FileId) -> Option<&Value> {
        file.map(|i| &self.out.files[i].doc)
    }

    /// Reports a problem at `pointer` of `file`.
    fn error(&mut self, file: FileId, pointer: &str, message: String) {
        let mut diagnostic = Diagnostic::at(pointer, message);
        if let Some(i) = file {
            diagnostic.file = Some(self.out.files[i].path.clone());
        }
        self.sink.push(diagnostic);
    }

    /// The target of `reference`, written in `file` at `site` (the reference
    /// object's pointer there), reading its file if need be; `None` (reported)
    /// when it has none, and for references the bundle leaves as they are.
    fn target(&mut self, file: FileId, reference: &str, site: &str) -> Option<Target> {
        let key = (file, reference.to_owned());
        if let Some(known) = self.resolved.get(&key) {
            return known.clone();
        }
        let found = self.find(file, reference, site);
        self.resolved.insert(key, found.clone());
        found
    }

    fn find(&mut self, file: FileId, reference: &str, site: &str) -> Option<Target> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = format!("#{fragment}");
        let at = join(site, "$ref");
        if path.is_empty() {
            // Local to the file it is written in (the root's own are left to
            // the resolver).
            return self.exists(file, file, reference, &at, fragment);
        }
        if file.is_none() && self.ids.contains(path) {
            return None;
        }
        if let Some(own) = &self.own_uri {
            if path == own {
                // The root document by its own URI.
                return self.exists(file, None, reference, &at, fragment);
            }
            if let Some(rest) = path
                .strip_prefix(directory(own))
                .filter(|_| own.contains('/'))
            {
                // A file beside the root, by its URI: the path relative to the root.
                let decoded = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
                let joined = normalize_path(&format!("{}{decoded}", directory(&self.root)));
                let target_file = self.load(file, &at, reference, &joined)?;
                return self.exists(file, target_file, reference, &at, fragment);
            }
        }
        if let Some(why) = refused(path) {
            self.error(
                file,
                &at,
                format!("`$ref` `{reference}` cannot be read: {why}"),
            );
            return None;
        }
        if !fragment.is_empty() && fragment != "#" && !fragment.starts_with("#/") {
            self.error(
                file,
                &at,
                format!(
                    "`$ref` `{reference}`: a reference into another file is read by JSON pointer (`{path}#/components/schemas/Pet`), not by anchor"
                ),
            );
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let joined = normalize_path(&format!("{}{decoded}", directory(self.path(file))));
        let target_file = self.load(file, &at, reference, &joined)?;
        self.exists(file, target_file, reference, &at, fragment)
    }

    /// The target `fragment` of `target_file`, if it names a node there
    /// (reported at `at` of `file` if not). Nodes of the root are left to the
    /// resolver, which reports its dangling references.
    fn exists(
        &mut self,
        file: FileId,
        target_file: FileId,
        reference: &str,
        at: &str,
        fragment: String,
    ) -> Option<Target> {
        if target_file.is_some() && self.node(target_file, &fragment).is_none() {
            let shown = self.path(target_file).to_owned();
            self.error(
                file,
                at,
                format!("`$ref` `{reference}`: nothing exists at `{fragment}` in `{shown}`"),
            );
            return None;
        }
        Some((target_file, fragment))
    }

    /// The file at `path` (normalized), read and parsed once.
    fn load(&mut self, file: FileId, at: &str, reference: &str, path: &str) -> Option<FileId> {
        if path == self.root {
            return Some(None);
        }
        if let Some(known) = self.by_path.get(path) {
            return Some(*known);
        }
        let bytes = match self.files.read(path) {
            Ok(bytes) => bytes,
            Err(why) => {
                self.error(
                    file,
                    at,
                    format!("`$ref` `{reference}`: cannot read `{path}`: {why}"),
                );
                return None;
            }
        };
        let (source, doc) = match crate::load::load(path, &bytes) {
            Ok((source, doc)) => (source.to_owned(), doc),
            Err(mut diagnostic) => {
                diagnostic.file = Some(path.to_owned());
                self.sink.push(diagnostic);
                return None;
            }
        };
        let id = Some(self.out.files.len());
        self.out.files.push(Loaded {
            path: path.to_owned(),
            source,
            doc,
        });
        self.by_path.insert(path.to_owned(), id);
        Some(id)
    }

    /// The node at `pointer` of an external file (percent-decoded if it names
    /// nothing as written).
    fn node(&self, file: FileId, pointer: &str) -> Option<&Value> {
        let doc = self.doc(file)?;
        let get = |pointer: &str| {
            let mut node = doc;
            for token in token_iter(pointer)? {
                node = match node {
                    Value::Object(map) => map.get(token.as_ref())?,
                    Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                    _ => return None,
                };
            }
            Some(node)
        };
        get(pointer).or_else(|| {
            let decoded = percent_encoding::percent_decode_str(pointer)
                .decode_utf8()
                .ok()?;
            get(&decoded)
        })
    }

    /// Finds every target reached from the root document, reading the files
    /// they are in.
    fn discover(&mut self, doc: &Value) {
        // (the file it is written in, the reference, where, whether a schema goes there)
        let mut queue: Vec<(FileId, String, String, bool)> = Vec::new();
        walk_refs(doc, "#", "", &mut |reference, at, last, prev| {
            if !reference.starts_with('#') {
                let schema = is_schema_place(last, prev);
                queue.push((None, reference.to_owned(), at.to_owned(), schema));
            }
        });
        queue.reverse();
        let mut seen: HashSet<(Target, bool)> = HashSet::new();
        while let Some((from, reference, at, schema)) = queue.pop() {
            let Some(target) = self.target(from, &reference, &at) else {
                continue;
            };
            if target.0.is_none() || !seen.insert((target.clone(), schema)) {
                continue;
            }
            if schema && !self.schemas.contains(&target) {
                self.schemas.push(target.clone());
            }
            // A root component that is only a reference to another file
            // (`Pet: {$ref: ./pet.yaml}`) gives the schema its name.
            if from.is_none()
                && at
                    .strip_prefix("#/components/schemas/")
                    .is_some_and(|name| !name.contains('/'))
                && let Some(name) = last_token(&at)
            {
                self.preferred
                    .entry(target.clone())
                    .or_insert_with(|| name.into_owned());
            }
            let Some(node) = self.node(target.0, &target.1) else {
                continue;
            };
            let mut inner = Vec::new();
            let top = last_token(&target.1).unwrap_or_default().into_owned();
            walk_refs(node, &target.1, &top, &mut |reference, at, last, prev| {
                let schema = is_schema_place(last, prev);
                inner.push((target.0, reference.to_owned(), at.to_owned(), schema));
            });
            inner.reverse();
            queue.extend(inner);
        }
    }

    /// Copies the schema targets into the root's `#/components/schemas` and
    /// rewrites every reference to another file, in the root and in what was
    /// copied.
    fn rebuild_all(&mut self, doc: &mut Value, names: &HashMap<Target, String>) {
        let mut copies = Vec::new();
        for target in self.schemas.clone() {
            let Some(node) = self.node(target.0, &target.1) else {
                continue;
            };
            let Some(name) = names.get(&target) else {
                continue;
            };
            let at = join("#/components/schemas", name);
            let mut copy = node.clone();
            let name = name.clone();
            let top = last_token(&target.1).unwrap_or_default().into_owned();
            self.rebuild(&mut copy, target.0, &top, "schemas", &at, 0, names);
            if let Some(i) = target.0 {
                self.out.placed.push((at, i, target.1.clone()));
            }
            copies.push((name, copy));
        }
        self.rebuild(doc, None, "", "", "#", 0, names);
        if copies.is_empty() {
            return;
        }
        let Some(root) = doc.as_object_mut() else {
            return;
        };
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(components) = components.as_object_mut() else {
            return;
        };
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(schemas) = schemas.as_object_mut() {
            for (name, mut copy) in copies {
                // A root component that only referred to the copy keeps what it
                // said beside the reference.
                match schemas.get_mut(&name) {
                    Some(place) => {
                        if let (Value::Object(said), Value::Object(copied)) = (&*place, &mut copy) {
                            for (key, value) in said {
                                if key != "$ref" {
                                    copied.insert(key.clone(), value.clone());
                                }
                            }
                        }
                        *place = copy;
                    }
                    None => {
                        schemas.insert(name, copy);
                    }
                }
            }
        }
    }

    /// Rewrites the references of `node`, a part of `file` now at `pointer` of
    /// the bundled document, under the member `last` of an object under `prev`.
    #[allow(clippy::too_many_arguments)]
    fn rebuild(
        &mut self,
        node: &mut Value,
        file: FileId,
        last: &str,
        prev: &str,
        pointer: &str,
        depth: usize,
        names: &HashMap<Target, String>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && !(file.is_none() && reference.starts_with('#'))
                {
                    let reference = reference.clone();
                    let key = (file, reference);
                    match self.resolved.get(&key).cloned().flatten() {
                        None if file.is_none()
                            && self.ids.contains(key.1.split('#').next().unwrap_or("")) => {}
                        None => {
                            map.remove("$ref");
                        }
                        Some((None, fragment)) => {
                            map.insert(String::from("$ref"), Value::String(fragment));
                        }
                        Some(target) if is_schema_place(last, prev) => {
                            if let Some(name) = names.get(&target) {
                                let local = join("#/components/schemas", name);
                                map.insert(String::from("$ref"), Value::String(local));
                            }
                        }
                        Some(target) if self.inlining.contains(&target) => {
                            let shown = format!("{}{}", self.path(target.0), target.1);
                            // A pointer of the bundled document: located through
                            // `placed`, as later passes' diagnostics are.
                            self.sink.error(
                                &join(pointer, "$ref"),
                                format!("`$ref` to `{shown}` is inside what it refers to, so it cannot be copied in place"),
                            );
                            map.remove("$ref");
                        }
                        Some(target) => {
                            if let Some(copy) = self.node(target.0, &target.1).cloned() {
                                let mut copy = copy;
                                self.inlining.push(target.clone());
                                self.rebuild(
                                    &mut copy,
                                    target.0,
                                    last,
                                    prev,
                                    pointer,
                                    depth + 1,
                                    names,
                                );
                                self.inlining.pop();
                                if let Some(i) = target.0 {
                                    self.out
                                        .placed
                                        .push((pointer.to_owned(), i, target.1.clone()));
                                }
                                map.remove("$ref");
                                if let Value::Object(mut merged) = copy {
                                    for (k, v) in std::mem::take(map) {
                                        merged.insert(k, v);
                                    }
                                    *map = merged;
                                } else if map.is_empty() {
                                    *node = copy;
                                    return;
                                }
                            }
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    if is_data(key, child) {
                        continue;
                    }
                    let at = join(pointer, key);
                    if holds_names(key, child)
                        && let Value::Object(named) = child
                    {
                        for (name, grandchild) in named.iter_mut() {
                            let at = join(&at, name);
                            self.rebuild(grandchild, file, name, key, &at, depth + 2, names);
                        }
                        continue;
                    }
                    self.rebuild(child, file, key, last, &at, depth + 1, names);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    let at = join(pointer, &index.to_string());
                    self.rebuild(child, file, "0", last, &at, depth + 1, names);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_and_normalized_as_text() {
        let joined = |from: &str, to: &str| normalize_path(&format!("{}{to}", directory(from)));
        assert_eq!(
            joined("spec/api.yaml", "./schemas/pet.yaml"),
            "spec/schemas/pet.yaml"
        );
        assert_eq!(joined("spec/api.yaml", "sub/../pet.yaml"), "spec/pet.yaml");
        assert_eq!(joined("spec/a/b.yaml", "../../c.yaml"), "c.yaml");
        assert_eq!(joined("../spec/api.yaml", "../x.yaml"), "../x.yaml");
        assert_eq!(joined("api.yaml", "../x.yaml"), "../x.yaml");
    }

    #[test]
    fn references_that_are_not_relative_paths_are_refused() {
        for refused_path in [
            "https://a.example/x.yaml",
            "http://a/x",
            "file:///x.yaml",
            "urn:x",
            "/abs/x.yaml",
        ] {
            assert!(refused(refused_path).is_some(), "{refused_path}");
        }
        for read in ["x.yaml", "./x.yaml", "../x.json", "dir/x:y.yaml"] {
            assert!(refused(read).is_none(), "{read}");
        }
    }
}
