//! Reads what a generated `examples::check_all()` found, for the corpus example
//! tests (`corpus/examples-*`, run by `scripts/corpus-examples`).
//!
//! `check_all()` checks every example of a spec: each one decodes into its type
//! and re-encodes to an equal value (`cde_runtime::__private::roundtrip`), and a response
//! example also goes through the documented responses of each operation that
//! documents it (`cde_runtime::__private::check_response`). [`Report`] folds those checks
//! into one outcome per example (failed if any of its checks failed), sorts the
//! examples by where they are in the document (responses are the headline),
//! lists the response examples of the spec that the generated code does not
//! check, and groups failures by the kind of their reason: the message with its
//! JSON paths, quoted values, numbers and positions left out. [`Report::verify`]
//! is what the tests assert.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

/// One entry of `examples::check_all()`: the example's JSON pointer and the outcome.
pub type Check = (&'static str, Result<(), String>);

/// Runs a generated `examples::check_all()` on a thread with a large stack: it is
/// one function with a call per example, and unoptimized its stack frame grows
/// with the spec.
pub fn run(check_all: fn() -> Vec<Check>) -> Vec<Check> {
    std::thread::Builder::new()
        .name(String::from("check_all"))
        .stack_size(256 << 20)
        .spawn(check_all)
        .expect("cannot start a thread for check_all")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The HTTP methods an OpenAPI path item has operations under.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where an example is in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// Under an operation's `responses`, or `components/responses`.
    Response,
    /// Under an operation's `requestBody`, or `components/requestBodies`.
    RequestBody,
    /// A parameter's `example`.
    Parameter,
    /// A component schema's `example`.
    Schema,
    /// Anywhere else.
    Other,
}

impl Place {
    /// Every place, the headline (responses) first.
    pub const ALL: [Place; 5] = [
        Place::Response,
        Place::RequestBody,
        Place::Parameter,
        Place::Schema,
        Place::Other,
    ];

    /// The place of the example at `pointer` (`#/paths/...`), judged from the
    /// pointer alone.
    pub fn of(pointer: &str) -> Place {
        let tokens = tokens(pointer).unwrap_or_default();
        let at = |i: usize| tokens.get(i).map(String::as_str);
        match (at(0), at(1), at(2), at(3)) {
            (Some("paths"), _, _, Some("responses")) => Place::Response,
            (Some("paths"), _, _, Some("requestBody")) => Place::RequestBody,
            (Some("paths"), _, Some("parameters"), _)
            | (Some("paths"), _, _, Some("parameters")) => Place::Parameter,
            (Some("components"), Some("responses"), ..) => Place::Response,
            (Some("components"), Some("requestBodies"), ..) => Place::RequestBody,
            (Some("components"), Some("parameters"), ..) => Place::Parameter,
            (Some("components"), Some("schemas"), ..) => Place::Schema,
            _ => Place::Other,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Place::Response => "response examples",
            Place::RequestBody => "request body examples",
            Place::Parameter => "parameter examples",
            Place::Schema => "component schema examples",
            Place::Other => "other examples",
        }
    }
}

/// Which operations the crate generates, for finding the response examples of the
/// spec that should have been checked.
#[derive(Clone, Copy, Debug)]
pub enum Operations<'a> {
    /// All of them.
    All,
    /// Those with any of these tags (the macro's `tags = [..]`).
    Tagged(&'a [&'a str]),
}

impl Operations<'_> {
    fn keeps(&self, operation: &Value) -> bool {
        match self {
            Operations::All => true,
            Operations::Tagged(tags) => operation
                .get("tags")
                .and_then(Value::as_array)
                .is_some_and(|own| {
                    own.iter()
                        .any(|t| t.as_str().is_some_and(|t| tags.contains(&t)))
                }),
        }
    }
}

/// One example and what its checks found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The example's JSON pointer.
    pub pointer: &'static str,
    /// Where it is.
    pub place: Place,
    /// How many checks it went through.
    pub checks: usize,
    /// The distinct messages of the checks that failed, in check order; empty
    /// when every check passed.
    pub failures: Vec<String>,
}

impl Outcome {
    /// Whether every check of the example passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// A response example of the spec that no check covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unchecked {
    /// The example's JSON pointer.
    pub pointer: String,
    /// The media type it is documented under.
    pub media_type: String,
    /// The media type the client decodes as JSON for that response (the first
    /// JSON one), if any.
    pub decoded: Option<String>,
}

impl Unchecked {
    /// Whether the example is under the media type the client decodes, so the
    /// generated code should have checked it.
    pub fn missed(&self) -> bool {
        self.decoded.as_deref() == Some(self.media_type.as_str())
    }

    fn why(&self) -> String {
        match &self.decoded {
            _ if self.missed() => String::from("MISSED: the client decodes this media type"),
            Some(decoded) => format!(
                "{}: the client decodes {decoded} for this response",
                self.media_type
            ),
            None => format!("{}: not decoded as JSON", self.media_type),
        }
    }
}

/// Counts for one place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Examples checked.
    pub examples: usize,
    /// Checks run on them.
    pub checks: usize,
    /// Examples all of whose checks passed.
    pub passed: usize,
}

impl Tally {
    /// Passed examples as a percentage of the checked ones; `None` when none was
    /// checked.
    pub fn rate(&self) -> Option<f64> {
        (self.examples > 0).then(|| self.passed as f64 * 100.0 / self.examples as f64)
    }
}

/// What a test expects of the response examples.
#[derive(Clone, Copy, Debug)]
pub struct Expect {
    /// At least this many response examples are checked.
    pub min_response_examples: usize,
    /// The pass rate of the response examples, in percent, is at least this
    /// (when any is checked).
    pub floor_percent: f64,
}

/// Failures with the same kind of reason.
#[derive(Debug)]
pub struct Group<'a> {
    /// The reason with its specifics left out.
    pub kind: String,
    /// The failed examples.
    pub outcomes: Vec<&'a Outcome>,
}

/// The outcome of `examples::check_all()` for one spec.
#[derive(Debug)]
pub struct Report {
    name: String,
    doc: Value,
    outcomes: Vec<Outcome>,
    unchecked: Vec<Unchecked>,
}

impl Report {
    /// Reads the spec at `path` (JSON) and folds `checks` into a report.
    pub fn read(name: &str, path: &str, operations: Operations<'_>, checks: Vec<Check>) -> Report {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|err| panic!("cannot read {path} (run scripts/fetch-specs): {err}"));
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|err| panic!("{path} is not JSON: {err}"));
        Report::new(name, doc, operations, checks)
    }

    /// Folds `checks` (from `examples::check_all()` of a crate generated from
    /// `doc` for `operations`) into a report.
    pub fn new(name: &str, doc: Value, operations: Operations<'_>, checks: Vec<Check>) -> Report {
        let mut outcomes: Vec<Outcome> = Vec::new();
        let mut index: HashMap<&'static str, usize> = HashMap::new();
        for (pointer, result) in checks {
            let at = *index.entry(pointer).or_insert_with(|| {
                outcomes.push(Outcome {
                    pointer,
                    place: Place::of(pointer),
                    checks: 0,
                    failures: Vec::new(),
                });
                outcomes.len() - 1
            });
            let outcome = &mut outcomes[at];
            outcome.checks += 1;
            if let Err(message) = result
                && !outcome.failures.contains(&message)
            {
                outcome.failures.push(message);
            }
        }
        let unchecked = response_examples(&doc, operations)
            .into_iter()
            .filter(|u| !index.contains_key(u.pointer.as_str()))
            .collect();
        Report {
            name: name.to_owned(),
            doc,
            outcomes,
            unchecked,
        }
    }

    /// Every checked example, in check order.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The response examples of the spec that no check covers.
    pub fn unchecked(&self) -> &[Unchecked] {
        &self.unchecked
    }

    /// The counts for one place.
    pub fn tally(&self, place: Place) -> Tally {
        let mut tally = Tally::default();
        for outcome in self.outcomes.iter().filter(|o| o.place == place) {
            tally.examples += 1;
            tally.checks += outcome.checks;
            tally.passed += usize::from(outcome.passed());
        }
        tally
    }

    /// The failed examples of the places `keep` accepts, grouped by the kind of
    /// their first failure, the largest group first.
    pub fn groups(&self, keep: impl Fn(Place) -> bool) -> Vec<Group<'_>> {
        let mut groups: Vec<Group<'_>> = Vec::new();
        for outcome in self
            .outcomes
            .iter()
            .filter(|o| !o.passed() && keep(o.place))
        {
            let kind = self.kind(outcome.pointer, &outcome.failures[0]);
            match groups.iter_mut().find(|g| g.kind == kind) {
                Some(group) => group.outcomes.push(outcome),
                None => groups.push(Group {
                    kind,
                    outcomes: vec![outcome],
                }),
            }
        }
        groups.sort_by(|a, b| {
            b.outcomes
                .len()
                .cmp(&a.outcomes.len())
                .then_with(|| a.kind.cmp(&b.kind))
        });
        groups
    }

    /// The kind of a failure message of the example at `pointer`: the message
    /// with JSON paths, quoted values, numbers, type names and positions left
    /// out; a member missing after re-encoding says whether the example has
    /// `null` there, and a changed value says the JSON types before and after.
    pub fn kind(&self, pointer: &str, message: &str) -> String {
        let message = message.trim();
        if message.is_empty() {
            return String::from("(no reason given)");
        }
        if let Some(diff) = message.strip_prefix("re-encodes differently: ") {
            return format!("re-encodes differently: {}", self.diff_kind(pointer, diff));
        }
        if let Some(inner) = invalid_body(message) {
            let head = normalize(&message[..message.find("InvalidBody(").unwrap_or(0)]);
            return format!("{head}InvalidBody({})", normalize(&inner));
        }
        normalize(message)
    }

    fn diff_kind(&self, pointer: &str, diff: &str) -> String {
        if let Some(path) = diff.strip_suffix(" is missing after re-encoding") {
            let value = lookup(&self.doc, pointer).and_then(|example| example.pointer(path));
            return match value {
                Some(Value::Null) => {
                    String::from("… is missing after re-encoding (null in the example)")
                }
                Some(_) => String::from("… is missing after re-encoding (not null in the example)"),
                None => String::from("… is missing after re-encoding"),
            };
        }
        if diff.ends_with(" appears after re-encoding") {
            return String::from("… appears after re-encoding");
        }
        for tail in [": objects differ", ": arrays differ"] {
            if diff.ends_with(tail) {
                return format!("…{tail}");
            }
        }
        // `{path}: {before} became {after}`, both JSON.
        if let Some((_, change)) = diff.split_once(": ") {
            for (at, _) in change.match_indices(" became ") {
                let before = serde_json::from_str::<Value>(&change[..at]);
                let after = serde_json::from_str::<Value>(&change[at + " became ".len()..]);
                if let (Ok(before), Ok(after)) = (before, after) {
                    return format!("…: {} became {}", json_type(&before), json_type(&after));
                }
            }
        }
        normalize(diff)
    }

    /// Checks what the test asserts: every failure names a reason, every response
    /// example under the media type the client decodes is checked, and the
    /// response examples meet `expect`. The error lists every problem.
    pub fn verify(&self, expect: &Expect) -> Result<(), String> {
        let mut problems = Vec::new();
        for outcome in &self.outcomes {
            if outcome.failures.iter().any(|f| f.trim().is_empty()) {
                problems.push(format!(
                    "{}: a check failed without a reason",
                    outcome.pointer
                ));
            }
        }
        for unchecked in self.unchecked.iter().filter(|u| u.missed()) {
            problems.push(format!(
                "{}: a response example under {}, the media type the client decodes, is not checked",
                unchecked.pointer, unchecked.media_type
            ));
        }
        let responses = self.tally(Place::Response);
        if responses.examples < expect.min_response_examples {
            problems.push(format!(
                "{} response examples checked, fewer than the {} expected",
                responses.examples, expect.min_response_examples
            ));
        }
        if let Some(rate) = responses.rate()
            && rate < expect.floor_percent
        {
            problems.push(format!(
                "response example pass rate {rate:.2}% is below the floor of {:.2}%",
                expect.floor_percent
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }

    /// The failures of one example as printed: the first, then the others that
    /// do not restate it.
    fn reasons(outcome: &Outcome) -> String {
        let first = &outcome.failures[0];
        let mut out = first.clone();
        for other in &outcome.failures[1..] {
            if !restates(first, other) {
                out.push_str(" | ");
                out.push_str(other);
            }
        }
        out
    }

    fn write_groups(
        &self,
        f: &mut fmt::Formatter<'_>,
        title: &str,
        keep: impl Fn(Place) -> bool,
    ) -> fmt::Result {
        let groups = self.groups(keep);
        let failed: usize = groups.iter().map(|g| g.outcomes.len()).sum();
        if failed == 0 {
            return writeln!(f, "{title}: none failed");
        }
        writeln!(
            f,
            "{title}: {failed} failed, by reason ({} kinds):",
            groups.len()
        )?;
        for group in &groups {
            writeln!(f, "  [{}] {}", group.outcomes.len(), group.kind)?;
            for outcome in &group.outcomes {
                writeln!(f, "    {}: {}", outcome.pointer, Report::reasons(outcome))?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "== {}: the spec's examples through the generated types ==",
            self.name
        )?;
        for place in Place::ALL {
            let tally = self.tally(place);
            if place != Place::Response && tally.examples == 0 {
                continue;
            }
            let rate = match tally.rate() {
                Some(rate) => format!("pass rate {rate:.2}%"),
                None => String::from("no pass rate (nothing checked)"),
            };
            writeln!(
                f,
                "{}: {} checked ({} checks), {} passed, {} failed: {rate}",
                place.label(),
                tally.examples,
                tally.checks,
                tally.passed,
                tally.examples - tally.passed
            )?;
            if place == Place::Response {
                writeln!(
                    f,
                    "  response examples of the spec not checked: {}",
                    self.unchecked.len()
                )?;
                for unchecked in &self.unchecked {
                    writeln!(f, "    {}: {}", unchecked.pointer, unchecked.why())?;
                }
            }
        }
        self.write_groups(f, "response example failures", |p| p == Place::Response)?;
        if self.outcomes.iter().any(|o| o.place != Place::Response) {
            self.write_groups(f, "other example failures", |p| p != Place::Response)?;
        }
        let responses = self.tally(Place::Response);
        match responses.rate() {
            Some(rate) => writeln!(
                f,
                "{}: response examples: {} of {} pass ({rate:.2}%)",
                self.name, responses.passed, responses.examples
            ),
            None => writeln!(f, "{}: response examples: none checked", self.name),
        }
    }
}

/// Every response example of the operations `operations` keeps, with the media
/// type the client decodes for its response: `example` and `examples/*/value`
/// under each media type of each response (through `$ref`s), once each.
fn response_examples(doc: &Value, operations: Operations<'_>) -> Vec<Unchecked> {
    let mut out: Vec<Unchecked> = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let item_at = join("#/paths", path);
        let Some((item, _)) = deref(doc, item, &item_at) else {
            continue;
        };
        for method in METHODS {
            let Some(operation) = item.get(*method).filter(|op| operations.keeps(op)) else {
                continue;
            };
            let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            let responses_at = join(&join(&item_at, method), "responses");
            for (key, response) in responses.iter().filter(|(k, _)| !k.starts_with("x-")) {
                let Some((response, at)) = deref(doc, response, &join(&responses_at, key)) else {
                    continue;
                };
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                let decoded = content.keys().find(|k| is_json(k)).cloned();
                for (media_type, media) in content {
                    let media_at = join(&join(&at, "content"), media_type);
                    let mut found = Vec::new();
                    if media.get("example").is_some() {
                        found.push(join(&media_at, "example"));
                    }
                    if let Some(examples) = media.get("examples").and_then(Value::as_object) {
                        for (name, example) in examples {
                            let example_at = join(&join(&media_at, "examples"), name);
                            if deref(doc, example, &example_at)
                                .is_some_and(|(e, _)| e.get("value").is_some())
                            {
                                found.push(join(&example_at, "value"));
                            }
                        }
                    }
                    for pointer in found {
                        if !out.iter().any(|u| u.pointer == pointer) {
                            out.push(Unchecked {
                                pointer,
                                media_type: media_type.clone(),
                                decoded: decoded.clone(),
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// Whether the client decodes a media type as JSON: `application/json` or any
/// `+json` type (parameters ignored), as the generator judges it.
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Follows `$ref`s from `node` (found at `at`); the node and where it is.
fn deref<'a>(doc: &'a Value, node: &'a Value, at: &str) -> Option<(&'a Value, String)> {
    let mut node = node;
    let mut at = at.to_owned();
    for _ in 0..32 {
        let Some(reference) = node.get("$ref") else {
            return Some((node, at));
        };
        let reference = reference.as_str()?;
        node = resolve(doc, reference)?;
        at = reference.to_owned();
    }
    None
}

/// The node a local reference (`#/a/b`) names.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let mut node = doc;
    for token in tokens(reference)? {
        node = step(node, &token)?;
    }
    Some(node)
}

fn step<'a>(node: &'a Value, token: &str) -> Option<&'a Value> {
    match node {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    }
}

/// The value at `pointer`, following a `$ref` wherever the pointer goes on
/// through a referenced node (as an example's pointer does when its `examples`
/// entry is a reference).
fn lookup<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = doc;
    for token in tokens(pointer)? {
        node = match step(node, &token) {
            Some(next) => next,
            None => step(deref(doc, node, "")?.0, &token)?,
        };
    }
    Some(node)
}

/// Splits a `#/a/b` pointer into unescaped tokens; `None` if it is not local.
fn tokens(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    Some(
        rest.strip_prefix('/')?
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The message inside `InvalidBody("…")` (a `DecodeError` printed with `{:?}`),
/// unescaped.
fn invalid_body(message: &str) -> Option<String> {
    let start = message.find("InvalidBody(\"")? + "InvalidBody(\"".len();
    let inner = message[start..].strip_suffix("\")")?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    Some(out)
}

/// Whether `other` (a check of the documented responses) only restates `first`
/// (the round trip through the body type): the same decoding error.
fn restates(first: &str, other: &str) -> bool {
    match (first.strip_prefix("does not decode: "), invalid_body(other)) {
        (Some(first), Some(inner)) => strip_positions(&inner) == strip_positions(first),
        _ => false,
    }
}

/// The message without serde_json's ` at line N column M`.
fn strip_positions(message: &str) -> String {
    let mut out = message.to_owned();
    while let Some(start) = out.find(" at line ") {
        let rest = &out[start + " at line ".len()..];
        let line = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Some(after) = rest[line..].strip_prefix(" column ") else {
            break;
        };
        let column = after.bytes().take_while(u8::is_ascii_digit).count();
        if line == 0 || column == 0 {
            break;
        }
        let end = out.len() - after.len() + column;
        out.replace_range(start..end, "");
    }
    out
}

/// The message with its specifics left out: positions, backquoted and quoted
/// text, numbers, the names after `struct` and `enum`, and lists of expected
/// variants.
fn normalize(message: &str) -> String {
    let message = strip_positions(message);
    let mut quoted = String::new();
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                for c in chars.by_ref() {
                    if c == '`' {
                        break;
                    }
                }
                quoted.push_str("`…`");
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => break,
                        _ => {}
                    }
                }
                quoted.push_str("\"…\"");
            }
            _ => quoted.push(c),
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in quoted.split(' ') {
        let core_end = word.trim_end_matches([',', '.', ':', ';', ')']).len();
        let (core, tail) = word.split_at(core_end);
        let named = matches!(words.last().map(String::as_str), Some("struct" | "enum"));
        let number = !core.is_empty()
            && core
                .trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
            && core.chars().any(|c| c.is_ascii_digit());
        words.push(if named && !core.is_empty() {
            format!("…{tail}")
        } else if number {
            format!("N{tail}")
        } else {
            word.to_owned()
        });
    }
    let mut out = words.join(" ");
    for list in [", expected one of ", "unknown variant `…`, expected "] {
        if let Some(at) = out.find(list) {
            out.truncate(at + list.len());
            out.push('…');
        }
    }
    out
}

#[cfg(test)]
mod tests;
